"""The risk register's table: one line per risk under a header line, drawn with the Line API
so that only the rows in view are rendered (a board's register holds thousands of risks, and
a DataTable measures every cell of every row up front)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import pendulum
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from pstui.model.risk import Level, Risk, review_day
from pstui.model.text import fit, printable

WIDE_TABLE = 110  # from this width the table spells levels, statuses and dates out
BOARD = "board"  # the card column of a risk of the whole board
THUMB = "▐"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    right: bool = False


def table_columns(width: int, id_width: int, card_width: int) -> tuple[Column, ...]:
    """The table's columns for `width` cells (a gap and the scroll bar apart): the title takes
    what the others leave; from WIDE_TABLE on, words are spelled out."""
    wide = width >= WIDE_TABLE
    columns = [
        Column("id", "Id", max(id_width, 2)),
        Column("score", "Score" if wide else "Sc", 5 if wide else 2, right=True),
        Column("level", "Level" if wide else "Lvl", 8 if wide else 4),
        Column("pi", "P×I", 3),
        Column("status", "Status", 10 if wide else 8),
        Column("title", "Title", 0),
        Column("card", "Card", max(card_width, len(BOARD))),
        Column("owner", "Owner", 14 if wide else 8),
        Column("review", "Review", 11 if wide else 8),
    ]
    used = 1 + sum(c.width for c in columns) + len(columns) - 1  # a margin, then gaps
    title = max(8, width - used)
    return tuple(Column(c.key, c.label, title) if c.key == "title" else c for c in columns)


SHORT_LEVELS = {Level.CRITICAL: "crit", Level.HIGH: "high", Level.MEDIUM: "med", Level.LOW: "low"}
SHORT_STATUSES = {"monitoring": "monitor"}


class RiskTable(Widget, can_focus=True):
    """The register's rows, one line each, under a header line; only the rows in view are
    drawn. The screen pushes the risks down (`set_risks`); the table says which risk is
    under its cursor (the `moved` callback)."""

    BINDINGS: ClassVar = [
        Binding("down,j", "cursor(1)", "Down", show=False, id="risk-down"),
        Binding("up,k", "cursor(-1)", "Up", show=False, id="risk-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="risk-page-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="risk-page-up"),
        Binding("home,g", "edge(-1)", "First risk", show=False, id="risk-first"),
        Binding("end,G", "edge(1)", "Last risk", show=False, id="risk-last"),
    ]

    COMPONENT_CLASSES: ClassVar = {
        "risk-table--header",
        "risk-table--cursor",
        "risk-table--cursor-blurred",
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
        "risk-table--muted",
        "risk-table--thumb",
        "risk-table--empty",
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
        super().__init__(id=id)
        # Called when the cursor lands on another risk. A callback, not a message: what
        # follows the cursor is then drawn in the same frame as the cursor, not one later.
        self._moved = moved
        self._short_id = short_id
        self._card_label = card_label
        self._today = today
        self.risks: list[Risk] = []
        self.cursor = 0
        self.top = 0  # the first risk in view
        self.empty = "No risks."  # what an empty table says
        self.id_width = 4
        self.card_width = len(BOARD)
        self._columns: tuple[Column, ...] = ()
        self._columns_for: tuple[int, int, int] | None = None
        self._styles: dict[str, Style] = {}

    # ----- state pushed down ------------------------------------------------------------------

    @property
    def current(self) -> Risk | None:
        return self.risks[self.cursor] if self.risks else None

    @property
    def current_id(self) -> str | None:
        current = self.current
        return current.id if current else None

    @property
    def row_ids(self) -> list[str]:
        return [r.id for r in self.risks]

    def set_risks(self, risks: list[Risk], *, keep: str | None = None, empty: str = "") -> None:
        """Show `risks`, the cursor on `keep` (else on the risk it was on; else at the same
        row, so a risk that leaves the table hands the cursor to the next). The caller shows
        what follows the cursor: `moved` is for the keys."""
        wanted = keep or self.current_id
        self.risks = risks
        if empty:
            self.empty = empty
        if wanted is not None:
            found = next((n for n, r in enumerate(risks) if r.id == wanted), None)
            if found is not None:
                self.cursor = found
        self.cursor = max(0, min(self.cursor, len(risks) - 1))
        self.scroll_to_cursor()
        self.refresh()

    def set_cursor(self, index: int) -> None:
        index = max(0, min(index, len(self.risks) - 1))
        if index == self.cursor or not self.risks:
            return
        self._refresh_row(self.cursor)
        self.cursor = index
        self._refresh_row(index)
        self.scroll_to_cursor()
        self._moved()

    @property
    def page_rows(self) -> int:
        return max(1, self.size.height - 1)

    def scroll_to_cursor(self) -> None:
        if not self.size.height:
            return  # not laid out yet: on_resize scrolls
        page = self.page_rows
        top = min(self.top, self.cursor)
        top = max(top, self.cursor - page + 1)
        top = max(0, min(top, len(self.risks) - page))
        if top != self.top:
            self.top = top
            self.refresh()

    def _refresh_row(self, index: int) -> None:
        self.refresh(Region(0, index - self.top + 1, self.size.width, 1))

    def on_resize(self) -> None:
        self.scroll_to_cursor()

    # ----- keys and mouse ---------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        self.set_cursor(self.cursor + step)

    def action_page(self, step: int) -> None:
        self.set_cursor(self.cursor + step * self.page_rows)

    def action_edge(self, step: int) -> None:
        self.set_cursor(0 if step < 0 else len(self.risks) - 1)

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self.set_cursor(self.top + event.y - 1)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.set_cursor(self.cursor + 3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.set_cursor(self.cursor - 3)

    def on_focus(self) -> None:
        self._refresh_row(self.cursor)

    def on_blur(self) -> None:
        self._refresh_row(self.cursor)

    # ----- drawing ----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def _style(self, part: str) -> Style:
        style = self._styles.get(part)
        if style is None:
            style = (
                self.rich_style
                if not part
                else self.get_component_rich_style(f"risk-table--{part}", partial=True)
            )
            self._styles[part] = style
        return style

    @property
    def columns(self) -> tuple[Column, ...]:
        wanted = (self.size.width - 2, self.id_width, self.card_width)  # a gap, the scroll bar
        if wanted != self._columns_for:
            self._columns_for = wanted
            self._columns = table_columns(*wanted)
        return self._columns

    def render_line(self, y: int) -> Strip:
        base = self._style("")
        width = self.size.width
        if y == 0:
            header = base + self._style("header")
            cells = [(c.label, header) for c in self.columns]
            return Strip(self._line(cells, header, Segment(" ", header)), width)
        index = self.top + y - 1
        if not self.risks:
            text = self.empty if index == 0 else ""
            empty = base + self._style("empty")
            return Strip([Segment(fit(f" {text}", width), empty)], width)
        if index >= len(self.risks):
            return Strip.blank(width, base)
        risk = self.risks[index]
        if index == self.cursor:
            row = base + self._style("cursor" if self.has_focus else "cursor-blurred")
            cells = [(text, row) for text, _ in self.cells(risk)]
        else:
            row = base
            muted = not risk.is_open
            cells = [
                (text, base + self._style("closed" if muted and part else part))
                for text, part in self.cells(risk)
            ]
        return Strip(self._line(cells, row, self._scroll_cell(y, base)), width)

    def _line(self, cells: list[tuple[str, Style]], fill: Style, last: Segment) -> list[Segment]:
        segments = [Segment(" ", fill)]
        for n, (column, (text, style)) in enumerate(zip(self.columns, cells, strict=True)):
            if n:
                segments.append(Segment(" ", fill))
            shown = fit(text, column.width)
            if column.right:
                shown = fit(text, column.width, pad=False).rjust(column.width)
            segments.append(Segment(shown, style))
        used = sum(s.cell_length for s in segments)
        room = self.size.width - 1 - used
        if room > 0:
            segments.append(Segment(" " * room, fill))
        segments.append(last)
        return segments

    def cells(self, risk: Risk) -> list[tuple[str, str]]:
        """A risk's row as (text, part) per column; the text is literal (printable)."""
        wide = self.columns[2].width > 4
        level = risk.level
        status = risk.status if wide else SHORT_STATUSES.get(risk.status, risk.status)
        review, review_part = self._review(risk, wide)
        return [
            (self._short_id(risk.id), "id"),
            (str(risk.score), "score"),
            (level.value if wide else SHORT_LEVELS[level], f"level-{level.value}"),
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
            return "today", "due"
        return (day.isoformat() if wide else _short_day(day, self._today)), ""

    def _scroll_cell(self, y: int, base: Style) -> Segment:
        page, total = self.page_rows, len(self.risks)
        if total <= page:
            return Segment(" ", base)
        size = max(1, page * page // total)
        start = round(self.top * (page - size) / (total - page))
        if start <= y - 1 < start + size:
            return Segment(THUMB, base + self._style("thumb"))
        return Segment(" ", base)

    def line_text(self, y: int) -> str:
        """The text of line `y` as drawn now (0: the header)."""
        return "".join(s.text for s in self.render_line(y))


def _short_day(day: pendulum.Date, today: pendulum.Date) -> str:
    return day.format("MM-DD") if day.year == today.year else day.format("YY-MM-DD")


# ----- the screen --------------------------------------------------------------------------------
