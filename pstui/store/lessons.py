"""Lessons: the knowledge base, searchable across every board as you type.

A lesson written on a card ticks the card's `lessons-learned` gate item (a FAQ or know-how
entry, its `knowledge-base` item) in the same change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pstui.i18n import ENGLISH, _
from pstui.model.dates import now_utc
from pstui.model.ids import new_id
from pstui.model.lesson import Lesson, LessonKind, LessonQuery
from pstui.model.record_text import fields_named, said
from pstui.model.text import clean_title
from pstui.store.cards import Cards, clean_tags
from pstui.store.core import Change, CommitCore
from pstui.store.edits import stamped
from pstui.store.record_table import RecordTable

LEARNED = "lessons-learned"
KNOWLEDGE = "knowledge-base"
EDITABLE = ("title", "text", "kind", "tags", "client")


class Lessons:
    def __init__(self, core: CommitCore, cards: Cards) -> None:
        self.core = core
        self.cards = cards
        self.records = RecordTable(core, "lessons", Lesson.from_dict)
        self._haystacks: tuple[int, dict[str, str]] = (-1, {})
        self.reindex, self.absorb = self.records.reindex, self.records.absorb
        cards.provide_evidence({LEARNED, KNOWLEDGE}, self._evidence)

    @property
    def version(self) -> int:
        return self.records.version

    # ----- reading ------------------------------------------------------------------------------

    def get(self, lesson_id: str) -> Lesson:
        return self.records.get(lesson_id)

    def resolve(self, typed: str) -> Lesson:
        return self.records.resolve(typed)

    def short_id(self, lesson_id: str) -> str:
        return self.records.short_id(lesson_id)

    def label(self, lesson: Lesson) -> str:
        return f"{self.short_id(lesson.id)} {lesson.title}"

    def label_of(self, lesson_id: str) -> str | None:
        return self.label(self.get(lesson_id)) if lesson_id in self.records else None

    def search(self, typed: str = "", *, card: str | None = None) -> list[Lesson]:
        """Lessons matching what was typed (see LessonQuery), newest first; each lesson's
        text is folded once per change of the table, not once per keystroke."""
        version, haystacks = self._haystacks
        if version != self.records.version:
            haystacks = {lesson.id: lesson.haystack() for lesson in self.records}
            self._haystacks = (self.records.version, haystacks)
        query = LessonQuery.parse(typed)
        found = (
            lesson
            for lesson in self.records
            if (card is None or lesson.card == card) and query.matches(lesson, haystacks[lesson.id])
        )
        return sorted(found, key=lambda lesson: (lesson.created_at, lesson.id), reverse=True)

    def tags(self) -> list[str]:
        """Every tag in use, most used first (for completion)."""
        counts: dict[str, int] = {}
        for lesson in self.records:
            for tag in lesson.tags:
                counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts, key=lambda t: (-counts[t], t))

    def _evidence(self, card_id: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for lesson in self.search(card=card_id):
            found.setdefault(_criterion(lesson.kind), self._source_note(card_id, lesson))
        return found

    def _source_note(self, card_id: str, lesson: Lesson) -> str:
        return said(self.cards.language_of(card_id), "lesson {title}", title=lesson.title)

    def _language(self, lesson: Lesson) -> str:
        """The language of what is written about a lesson: its card's board's, or its
        board's when it has no card; for the team's own lessons (no board), the language every
        board of the store is in, else English."""
        if lesson.card and self.cards.has(lesson.card):
            return self.cards.language_of(lesson.card)
        boards = self.cards.boards
        if lesson.board and boards.has(lesson.board):
            return boards.get(lesson.board).language
        languages = {board.language for board in boards.all()}
        return languages.pop() if len(languages) == 1 else ENGLISH

    # ----- commands -----------------------------------------------------------------------------

    def add(
        self,
        title: str,
        *,
        text: str = "",
        kind: LessonKind | str = LessonKind.LESSON,
        tags: Iterable[str] = (),
        card: str | None = None,
        client: str | None = None,
        retro: str | None = None,
    ) -> Lesson:
        """Write a lesson, on its own or from a card (whose board and client it takes)."""
        source = self.cards.get(card) if card else None
        now = now_utc()
        lesson = Lesson(
            id=new_id(),
            title=clean_title(title),
            text=text.strip(),
            kind=LessonKind(kind),
            tags=clean_tags(tags),
            board=source.board if source else None,
            card=source.id if source else None,
            client=(client if client is not None else source.client if source else "").strip(),
            retro=retro,
            by=self.core.who,
            created_at=now,
            updated_at=now,
        )
        records: dict[tuple[str, str], dict[str, Any] | None] = {
            ("lessons", lesson.id): lesson.to_dict()
        }
        language = self._language(lesson)
        title = repr(lesson.title)
        summary = said(language, "wrote lesson {title}", title=title)
        if source is not None:
            summary = said(
                language,
                "wrote lesson {title} from {card}",
                title=title,
                card=self.cards.label(source),
            )
            ticked = self.cards.ticked_by(
                source.id, {_criterion(lesson.kind): self._source_note(source.id, lesson)}
            )
            if ticked is not None:
                records[("cards", source.id)] = ticked
        self.core.commit(
            Change(records, "create", "lessons", lesson.id, summary, language=language)
        )
        return self.get(lesson.id)

    def edit(self, lesson_id: str, **fields: Any) -> Lesson:
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise ValueError(
                _("cannot edit {fields} of a lesson").format(fields=", ".join(sorted(unknown)))
            )
        lesson = self.get(lesson_id).copy()
        if "title" in fields:
            fields["title"] = clean_title(fields["title"])
        if "kind" in fields:
            fields["kind"] = LessonKind(fields["kind"])
        if "tags" in fields:
            fields["tags"] = clean_tags(fields["tags"])
        changed = {k: v for k, v in fields.items() if getattr(lesson, k) != v}
        if not changed:
            return lesson
        for name, value in changed.items():
            setattr(lesson, name, value)
        language = self._language(lesson)
        self.core.commit(
            Change(
                {("lessons", lesson.id): stamped(lesson.to_dict())},
                "edit",
                "lessons",
                lesson.id,
                said(
                    language,
                    "edited {fields} of lesson {lesson}",
                    fields=fields_named(language, sorted(changed)),
                    lesson=self.label(lesson),
                ),
                {"fields": sorted(changed)},
                language=language,
            )
        )
        return self.get(lesson.id)

    def delete(self, lesson_id: str) -> None:
        lesson = self.get(lesson_id)
        language = self._language(lesson)
        self.core.commit(
            Change(
                {("lessons", lesson.id): None},
                "delete",
                "lessons",
                lesson.id,
                said(language, "deleted lesson {lesson}", lesson=self.label(lesson)),
                language=language,
            )
        )


def _criterion(kind: LessonKind) -> str:
    return LEARNED if kind is LessonKind.LESSON else KNOWLEDGE
