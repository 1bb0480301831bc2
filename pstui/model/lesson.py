"""Lessons: the team's knowledge base, searchable across every board.

A lesson learned at a review, a FAQ entry or a piece of know-how: the same short record with
a kind, tags, and the card and client it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from pstui.i18n import N_, NP_, _, labelled
from pstui.model.records import (
    RecordError,
    choice,
    optional_text,
    require_kinds,
    require_object,
    shown,
    text_of,
)


class LessonKind(StrEnum):
    LESSON = "lesson"
    FAQ = "faq"
    KNOW_HOW = "know-how"


_KINDS = tuple(k.value for k in LessonKind)


_KIND_WORDS = {
    "lesson": NP_("lesson kind", "lesson learned"),
    "faq": NP_("lesson kind", "FAQ"),
    "know-how": NP_("lesson kind", "know-how"),
}


def kind_label(kind: LessonKind | str) -> str:
    """A lesson's kind as people read it: "lesson learned" / 经验教训, "FAQ" / 常见问题,
    "know-how" / 实用诀窍."""
    return labelled(_KIND_WORDS, "lesson kind", kind)


@dataclass
class Lesson:
    id: str
    title: str
    created_at: str
    updated_at: str
    text: str = ""
    kind: LessonKind = LessonKind.LESSON
    tags: list[str] = field(default_factory=list)
    board: str | None = None
    card: str | None = None  # the engagement it came from
    client: str = ""
    retro: str | None = None  # the retrospective it was written from
    by: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.extra,
            "title": self.title,
            "text": self.text,
            "kind": self.kind.value,
            "tags": list(self.tags),
            "board": self.board,
            "card": self.card,
            "client": self.client,
            "retro": self.retro,
            "by": self.by,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_dict(cls, lesson_id: str, raw: Any) -> Lesson:
        require_object(raw, N_("the lesson"))
        require_kinds(raw, {"board": str, "card": str, "retro": str, "tags": list})
        tags = raw.get("tags") or []
        if not all(isinstance(t, str) for t in tags):
            raise RecordError(_("tags is {value}, not a list of text").format(value=shown(tags)))
        return cls(
            id=lesson_id,
            title=text_of(raw, "title"),
            text=text_of(raw, "text"),
            kind=LessonKind(choice(raw, "kind", _KINDS, "lesson")),
            tags=list(tags),
            board=optional_text(raw, "board"),
            card=optional_text(raw, "card"),
            client=text_of(raw, "client"),
            retro=optional_text(raw, "retro"),
            by=text_of(raw, "by"),
            created_at=text_of(raw, "created_at"),
            updated_at=text_of(raw, "updated_at"),
            extra={k: v for k, v in raw.items() if k not in _LESSON_KEYS},
        )

    def copy(self) -> Lesson:
        return replace(self, tags=list(self.tags), extra=dict(self.extra))

    def haystack(self) -> str:
        """What a search looks in, folded once: title, text, tags, client."""
        return " ".join((self.title, self.text, " ".join(self.tags), self.client)).casefold()


_LESSON_KEYS = frozenset(Lesson("", "", "", "").to_dict())


@dataclass(frozen=True)
class LessonQuery:
    """A search as typed: words that must all appear (title, text, tags, client), `#tag` for
    a tag, `kind:faq` for a kind. Case does not matter; Chinese matches by substring."""

    words: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    kind: str | None = None

    @classmethod
    def parse(cls, typed: str) -> LessonQuery:
        words, tags, kind = [], [], None
        for token in typed.split():
            folded = token.casefold()
            if folded.startswith("#") and len(folded) > 1:
                tags.append(folded[1:])
            elif folded.startswith("kind:") and folded[5:] in _KINDS:
                kind = folded[5:]
            else:
                words.append(folded)
        return cls(tuple(words), tuple(tags), kind)

    def matches(self, lesson: Lesson, haystack: str | None = None) -> bool:
        if self.kind is not None and lesson.kind.value != self.kind:
            return False
        have = {t.casefold() for t in lesson.tags}
        if any(t not in have for t in self.tags):
            return False
        text = lesson.haystack() if haystack is None else haystack
        return all(w in text for w in self.words)


def search(lessons: Iterable[Lesson], typed: str) -> list[Lesson]:
    """The lessons matching what was typed, newest first."""
    query = LessonQuery.parse(typed)
    return sorted(
        (lesson for lesson in lessons if query.matches(lesson)),
        key=lambda lesson: lesson.created_at,
        reverse=True,
    )
