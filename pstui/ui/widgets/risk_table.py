"""The risk register's table: one line per risk under a header line, drawn with the Line API
so that only the rows in view are rendered (a board's register holds thousands of risks, and
a DataTable measures every cell of every row up front)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import pendulum

from pstui.i18n import N_, _, pgettext
from pstui.model.risk import Level, Risk, level_label, review_day, status_label
from pstui.model.text import cell_width, printable
from pstui.ui.widgets.line_table import Column, LineTable, fitted, table_bindings

WIDE_TABLE = 110  # from this width the table spells levels, statuses and dates out
BOARD = N_("board")  # the card column of a risk of the whole board (and `#board` filters)


def table_columns(width: int, id_width: int, card_width: int) -> tuple[Column, ...]:
    """The table's columns for `width` cells (a gap and the scroll bar apart): the title takes
    what the others leave; from WIDE_TABLE on, words are spelled out."""
    wide = width >= WIDE_TABLE
    return fitted(
        [
            _column("id", _("Id"), max(id_width, 2)),
            _column("score", _("Score") if wide else _("Sc"), 5 if wide else 2, right=True),
            _column("level", _("Level") if wide else _("Lvl"), 8 if wide else 4),
            Column("pi", "P×I", 3),
            _column("status", _("Status"), 10 if wide else 8),
            Column("title", _("Title"), 0),
            _column("card", _("Card"), max(card_width, cell_width(_(BOARD)))),
            _column("owner", _("Owner"), 14 if wide else 8),
            _column("review", _("Review"), 11 if wide else 8),
        ],
        width,
    )


def _column(key: str, label: str, width: int, *, right: bool = False) -> Column:
    """A column of fixed width, widened to its label (a Chinese one takes two cells a
    character)."""
    return Column(key, label, max(width, cell_width(label)), right)


def short_level(level: Level) -> str:
    """A level in the narrow table's four cells."""
    short = {
        Level.CRITICAL: pgettext("short risk level", "crit"),
        Level.HIGH: pgettext("short risk level", "high"),
        Level.MEDIUM: pgettext("short risk level", "med"),
        Level.LOW: pgettext("short risk level", "low"),
    }
    return short[level]


def short_status(status: str) -> str:
    """A status in the narrow table's eight cells."""
    if status == "monitoring":
        return pgettext("short risk status", "monitor")
    return status_label(status)


class RiskTable(LineTable[Risk]):
    """The register's rows, one line each, under a header line; only the rows in view are
    drawn. The screen pushes the risks down (`set_risks`); the table says which risk is
    under its cursor (the `moved` callback)."""

    PART_PREFIX = "risk-table"
    BINDINGS: ClassVar = table_bindings("risk", "risk")

    COMPONENT_CLASSES: ClassVar = {
        "risk-table--id",
        "risk-table--score",
        "risk-table--level-low",
        "risk-table--level-medium",
        "risk-table--level-high",
        "risk-table--level-critical",
        "risk-table--status-occurred",
        "risk-table--closed",
        "risk-table--overdue",
        "risk-table--due",
    }

    def __init__(
        self,
        short_id: Callable[[str], str],
        card_label: Callable[[str | None], str],
        today: pendulum.Date,
        *,
        moved: Callable[[], None] = lambda: None,
        id: str | None = None,
    ) -> None:
        super().__init__(moved=moved, id=id)
        self._short_id = short_id
        self._card_label = card_label
        self._today = today
        self.empty = _("No risks.")
        self.id_width = 4
        self.card_width = cell_width(_(BOARD))

    @property
    def risks(self) -> list[Risk]:
        return self.rows

    def set_risks(self, risks: list[Risk], *, keep: str | None = None, empty: str = "") -> None:
        self.set_rows(risks, keep=keep, empty=empty)

    def table_columns(self, width: int) -> tuple[Column, ...]:
        return table_columns(width, self.id_width, self.card_width)

    def columns_key(self) -> tuple[object, ...]:
        return (self.id_width, self.card_width)

    def row_part(self, row: Risk, part: str) -> str:
        return "closed" if part and not row.is_open else part

    def cells(self, risk: Risk) -> list[tuple[str, str]]:
        """A risk's row as (text, part) per column; the text is literal (printable)."""
        wide = self.columns[2].width > 4
        level = risk.level
        status = status_label(risk.status) if wide else short_status(risk.status)
        review, review_part = self._review(risk, wide)
        return [
            (self._short_id(risk.id), "id"),
            (str(risk.score), "score"),
            (level_label(level) if wide else short_level(level), f"level-{level.value}"),
            (f"{risk.probability}×{risk.impact}", ""),
            (status, "status-occurred" if risk.status == "occurred" else ""),
            (printable(risk.title), ""),
            (self._card_label(risk.card), "muted"),
            (printable(risk.owner) or "-", "" if risk.owner else "muted"),
            (review, review_part),
        ]

    def _review(self, risk: Risk, wide: bool) -> tuple[str, str]:
        """The review date ('!' before it when overdue: also readable without colour)."""
        day = review_day(risk.review)
        if risk.review and day is None:
            return printable(risk.review), "overdue"  # not a date: a hand edit to fix
        if day is None:
            return "-", "muted"
        if risk.review_overdue(self._today):
            shown = day.isoformat() if wide else _short_day(day, self._today)
            return f"!{shown}", "overdue"
        if risk.review_due(self._today):
            return _("today"), "due"
        return (day.isoformat() if wide else _short_day(day, self._today)), ""


def _short_day(day: pendulum.Date, today: pendulum.Date) -> str:
    return day.format("MM-DD") if day.year == today.year else day.format("YY-MM-DD")
