"""A table of records, one line each under a header line, drawn with the Line API: only the
rows in view are rendered, so a list of thousands costs what a screenful does (a DataTable
measures every cell of every row up front).

A subclass says which columns fit a width (`table_columns`) and what a row shows in them
(`cells`: text and a part name per column, the part naming a component class that styles
it); the base keeps the cursor, the scrolling, the keys and the drawing. The screen pushes
the rows down (`set_rows`); the table says when its cursor lands on another row through the
`moved` callback, so that what follows the cursor is drawn in the same frame as the cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from pstui.i18n import N_, _
from pstui.model.text import cell_width, fit

R = TypeVar("R")
THUMB = "▐"
# Parts every table has; a subclass's own parts are named `<its prefix>--<part>`.
COMMON_PARTS = ("header", "cursor", "cursor-blurred", "muted", "thumb", "empty", "problem")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int  # 0: takes what the other columns leave (see `fitted`)
    right: bool = False


def fitted(columns: Sequence[Column], width: int, *, least: int = 8) -> tuple[Column, ...]:
    """`columns` for `width` cells: the one of width 0 takes what the others leave (a margin
    and a gap between columns apart), at least `least`."""
    used = 1 + sum(c.width for c in columns) + len(columns) - 1
    rest = max(least, width - used)
    return tuple(Column(c.key, c.label, rest, c.right) if c.width == 0 else c for c in columns)


# The descriptions of the keys to a table's first and last row, by the noun its rows are:
# whole phrases for the catalog (an English "First {noun}" glued from a word would not do).
EDGE_WORDS = {
    "action": (N_("First action"), N_("Last action")),
    "criterion": (N_("First criterion"), N_("Last criterion")),
    "group": (N_("First group"), N_("Last group")),
    "lesson": (N_("First lesson"), N_("Last lesson")),
    "risk": (N_("First risk"), N_("Last risk")),
    "stage": (N_("First stage"), N_("Last stage")),
    "survey": (N_("First survey"), N_("Last survey")),
}


def table_bindings(
    prefix: str, noun: str, *, first: str = "home,g", last: str = "end,G"
) -> list[Binding]:
    """The cursor keys of a table, with ids `<prefix>-down`... for the user's keymap. A
    screen that gives `g` another meaning passes `first="home"`. A `noun` not in
    `EDGE_WORDS` gets English descriptions only: add it there."""
    first_words, last_words = EDGE_WORDS.get(noun, (f"First {noun}", f"Last {noun}"))
    return [
        Binding("down,j", "cursor(1)", N_("Down"), show=False, id=f"{prefix}-down"),
        Binding("up,k", "cursor(-1)", N_("Up"), show=False, id=f"{prefix}-up"),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, id=f"{prefix}-page-down"),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id=f"{prefix}-page-up"),
        Binding(first, "edge(-1)", first_words, show=False, id=f"{prefix}-first"),
        Binding(last, "edge(1)", last_words, show=False, id=f"{prefix}-last"),
    ]


def _shown(text: str) -> str:
    """A label or message in the interface language: a subclass may give it marked (`N_`)
    or already translated, and an empty one stays empty (gettext's "" is the catalog's
    header)."""
    return _(text) if text else text


class LineTable(Widget, Generic[R], can_focus=True):
    """Rows of `R`, one line each, under a header line; only the rows in view are drawn."""

    PART_PREFIX: ClassVar[str] = "line-table"

    COMPONENT_CLASSES: ClassVar = {f"line-table--{part}" for part in COMMON_PARTS}

    DEFAULT_CSS = """
    LineTable > .line-table--header { background: $panel; color: $foreground; text-style: bold; }
    LineTable > .line-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    LineTable > .line-table--cursor-blurred {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    LineTable > .line-table--muted { color: $text-muted; }
    LineTable > .line-table--thumb { color: $scrollbar; }
    LineTable > .line-table--empty { color: $text-muted; text-style: italic; }
    LineTable > .line-table--problem { color: $error; text-style: bold; }
    """

    def __init__(self, *, moved: Callable[[], None] = lambda: None, id: str | None = None) -> None:
        super().__init__(id=id)
        # Called when the cursor lands on another row. A callback, not a message: what
        # follows the cursor is then drawn in the same frame as the cursor, not one later.
        self._moved = moved
        self.rows: list[R] = []
        self.cursor = 0
        self.top = 0  # the first row in view
        # What an empty table says (wrapped to its width), translated when drawn.
        self.empty = N_("Nothing here.")
        self.empty_problem = False  # whether that is a problem (the rows cannot be read)
        self._empty_lines: tuple[tuple[str, int], list[str]] = (("", 0), [])
        self._columns: tuple[Column, ...] = ()
        self._columns_for: tuple[object, ...] | None = None
        self._styles: dict[str, Style] = {}

    # ----- what a subclass says ---------------------------------------------------------------

    def table_columns(self, width: int) -> tuple[Column, ...]:
        """The columns for `width` cells (a gap and the scroll bar apart)."""
        raise NotImplementedError

    def columns_key(self) -> tuple[object, ...]:
        """What the columns depend on besides the width (the ids' length...)."""
        return ()

    def cells(self, row: R) -> list[tuple[str, str]]:
        """A row as (text, part) per column; the text is shown literally."""
        raise NotImplementedError

    def row_id(self, row: R) -> str:
        return str(getattr(row, "id", row))

    def row_part(self, row: R, part: str) -> str:
        """The part a cell is drawn with, the cursor's row apart: a subclass mutes a whole
        row (a closed risk) here."""
        return part

    # ----- state pushed down ------------------------------------------------------------------

    @property
    def current(self) -> R | None:
        return self.rows[self.cursor] if self.rows else None

    @property
    def current_id(self) -> str | None:
        current = self.current
        return None if current is None else self.row_id(current)

    @property
    def row_ids(self) -> list[str]:
        return [self.row_id(r) for r in self.rows]

    def set_rows(
        self, rows: list[R], *, keep: str | None = None, empty: str = "", problem: bool = False
    ) -> None:
        """Show `rows`, the cursor on `keep` (else on the row it was on; else at the same
        place, so a row that leaves the table hands the cursor to the next). The caller shows
        what follows the cursor: `moved` is for the keys. `empty` is what the table says with
        no rows; with `problem`, in the error colour (why there are none: the rows cannot be
        read)."""
        wanted = keep or self.current_id
        self.rows = rows
        if empty:
            self.empty = empty
            self.empty_problem = problem
        if wanted is not None:
            row_id = self.row_id
            found = next((n for n, r in enumerate(rows) if row_id(r) == wanted), None)
            if found is not None:
                self.cursor = found
        self.cursor = max(0, min(self.cursor, len(rows) - 1))
        self.scroll_to_cursor()
        self.refresh()

    def set_cursor(self, index: int) -> None:
        index = max(0, min(index, len(self.rows) - 1))
        if index == self.cursor or not self.rows:
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
        top = max(0, min(top, len(self.rows) - page))
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
        self.set_cursor(0 if step < 0 else len(self.rows) - 1)

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
            if not part:
                style = self.rich_style
            else:
                prefix = "line-table" if part in COMMON_PARTS else self.PART_PREFIX
                name = f"{prefix}--{part}"
                style = self.get_component_rich_style(name, partial=True)
                if style.color is not None:
                    # A partial style takes `auto` and translucent colours ($text-muted) as
                    # solid white; the full one blends them over the table's background.
                    style += Style(color=self.get_component_rich_style(name).color)
            self._styles[part] = style
        return style

    @property
    def columns(self) -> tuple[Column, ...]:
        wanted = (self.size.width - 2, *self.columns_key())  # a gap, the scroll bar
        if wanted != self._columns_for:
            self._columns_for = wanted
            self._columns = self.table_columns(self.size.width - 2)
        return self._columns

    def render_line(self, y: int) -> Strip:
        base = self._style("")
        width = self.size.width
        if y == 0:
            header = base + self._style("header")
            cells = [(_shown(c.label), header) for c in self.columns]
            return Strip(self._line(cells, header, Segment(" ", header)), width)
        index = self.top + y - 1
        if not self.rows:
            lines = self._empty_text_lines(width - 2)
            text = lines[index] if 0 <= index < len(lines) else ""
            empty = base + self._style("problem" if self.empty_problem else "empty")
            return Strip([Segment(fit(f" {text}", width), empty)], width)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        if index == self.cursor:
            fill = base + self._style("cursor" if self.has_focus else "cursor-blurred")
            cells = [(text, fill) for text, _part in self.cells(row)]
        else:
            fill = base
            cells = [
                (text, base + self._style(self.row_part(row, part)))
                for text, part in self.cells(row)
            ]
        return Strip(self._line(cells, fill, self._scroll_cell(y, base)), width)

    def _empty_text_lines(self, width: int) -> list[str]:
        """What the empty table says, wrapped to `width` cells (kept per text and width)."""
        key = (self.empty, width)
        if self._empty_lines[0] != key:
            empty = _shown(self.empty)
            wrapped = Content(empty).wrap(max(1, width)) if empty else []
            self._empty_lines = (key, [line.plain.rstrip() for line in wrapped])
        return self._empty_lines[1]

    def _line(self, cells: list[tuple[str, Style]], fill: Style, last: Segment) -> list[Segment]:
        segments = [Segment(" ", fill)]
        for n, (column, (text, style)) in enumerate(zip(self.columns, cells, strict=True)):
            if n:
                segments.append(Segment(" ", fill))
            shown = fit(text, column.width)
            if column.right:  # padded by cells, not characters: a wide one takes two
                shown = fit(text, column.width, pad=False)
                shown = " " * (column.width - cell_width(shown)) + shown
            segments.append(Segment(shown, style))
        used = sum(s.cell_length for s in segments)
        room = self.size.width - 1 - used
        if room > 0:
            segments.append(Segment(" " * room, fill))
        segments.append(last)
        return segments

    def _scroll_cell(self, y: int, base: Style) -> Segment:
        page, total = self.page_rows, len(self.rows)
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
