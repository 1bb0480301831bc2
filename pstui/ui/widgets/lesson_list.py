"""The knowledge base's list: one line per lesson (kind, title, tags, client, card, date),
drawn with the Line API, refilled in place on every key typed in the search."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import pendulum

from pstui.i18n import _, pgettext
from pstui.model.lesson import Lesson
from pstui.model.text import cell_width, printable
from pstui.ui.widgets.line_table import Column, LineTable, fitted, table_bindings

WIDE_LIST = 110  # from this width tags and clients get more room and dates are written whole
NO_CARD = "-"


def lesson_columns(width: int, card_width: int) -> tuple[Column, ...]:
    """The list's columns for `width` cells: the title takes what the others leave."""
    wide = width >= WIDE_LIST
    return fitted(
        [
            _column("kind", _("Kind"), 8),
            Column("title", _("Title"), 0),
            _column("tags", _("Tags"), 22 if wide else 12),
            _column("client", _("Client"), 16 if wide else 10),
            _column("card", _("Card"), max(card_width, 4)),
            _column("date", _("Written"), 10 if wide else 8),
        ],
        width,
    )


def _column(key: str, label: str, width: int) -> Column:
    """A column of fixed width, widened to its label (a Chinese one takes two cells a
    character)."""
    return Column(key, label, max(width, cell_width(label)))


def kind_word(kind: str) -> str:
    """A lesson's kind in the list's kind column (eight cells)."""
    words = {
        "lesson": pgettext("lesson kind, in the list", "lesson"),
        "faq": pgettext("lesson kind, in the list", "faq"),
        "know-how": pgettext("lesson kind, in the list", "know-how"),
    }
    return words.get(kind, kind)


def tags_text(tags: list[str]) -> str:
    return " ".join(f"#{printable(tag)}" for tag in tags)


class LessonList(LineTable[Lesson]):
    """The lessons that match the search, newest first; the screen pushes them down."""

    PART_PREFIX = "lesson-list"
    BINDINGS: ClassVar = table_bindings("lesson", "lesson")
    COMPONENT_CLASSES: ClassVar = {
        "lesson-list--kind-lesson",
        "lesson-list--kind-faq",
        "lesson-list--kind-know-how",
        "lesson-list--tags",
    }

    def __init__(
        self,
        card_short_id: Callable[[str], str],
        today: pendulum.Date,
        *,
        moved: Callable[[], None] = lambda: None,
        id: str | None = None,
    ) -> None:
        super().__init__(moved=moved, id=id)
        self._card_short_id = card_short_id
        self._today = today
        self.card_width = 4
        self.empty = _("No lessons yet: n writes one.")

    @property
    def lessons(self) -> list[Lesson]:
        return self.rows

    def table_columns(self, width: int) -> tuple[Column, ...]:
        return lesson_columns(width, self.card_width)

    def columns_key(self) -> tuple[object, ...]:
        return (self.card_width,)

    def cells(self, row: Lesson) -> list[tuple[str, str]]:
        wide = self.columns[-1].width >= 10
        return [
            (kind_word(row.kind.value), f"kind-{row.kind.value}"),
            (printable(row.title), ""),
            (tags_text(row.tags), "tags"),
            (printable(row.client) or "-", "" if row.client else "muted"),
            (self._card_short_id(row.card) if row.card else NO_CARD, "muted"),
            (self._date(row.created_at[:10], wide), "muted"),
        ]

    def _date(self, day: str, wide: bool) -> str:
        """The day it was written: whole when wide; else 11-03 this year, 25-11-03 before."""
        if wide or not day.startswith(f"{self._today.year}-"):
            return day if wide else day[2:]
        return day[5:]
