"""One stage of the board, drawn with the Line API: only the visible rows are rendered.

A widget per card cannot stay instant at 10,000 cards; this column holds plain `Card`
objects and turns the rows in view into strips on demand, so its cost follows the height
of the terminal, not the length of the column.

The column's name and count are its first line, drawn here and not as a border title, and
the active column is told by that line and its cursor row, not by its border colour: either
of those would repaint every line of two columns on each h/l, a header line repaints one.
The column scrolls itself (a plain widget, not a ScrollView), and its scroll bar is a cell
drawn at the end of each card line: a ScrollView lays the screen out again whenever its
number of cards changes, and its ScrollBar widget is redrawn whole on every scroll. Its
frame and padding are drawn here too: Textual's own border and padding double the cost of
every line a card move redraws.
"""

from __future__ import annotations

from collections.abc import Callable

import pendulum
from rich.segment import Segment
from rich.style import Style
from textual.containers import Horizontal
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from pstui.model.card import Card
from pstui.model.dates import humanize_due, is_overdue
from pstui.model.workflow import Stage
from pstui.store.errors import StoreError
from pstui.store.repository import CardList
from pstui.ui.contrast import readable_ink
from pstui.ui.widgets.cells import fit_runs

ROW_HEIGHT = 3  # title line, details line, a blank line between cards
HEADER_HEIGHT = 2  # the column's name and count and a blank line, above the cards; fixed
BLOCKED_MARK = "! "
RISK_MARK = "R"  # "R2": two open high or critical risks (ASCII: one cell in every terminal)
THUMB = "▐"
FRAME = 1  # the frame's width on each side; the padding is one more cell on the left
KEPT_LINES = 600  # card lines kept drawn per column: a few screens' worth


class ColumnRow(Horizontal):
    """The board's row of columns, which holds the styles of the columns' parts.

    Textual resolves a widget's component classes each time it styles the widget: on the
    columns themselves that was 13 parts x 6 columns, twice while the board is first shown
    (a noticeable share of the first paint). Here they are resolved once for every column.
    """

    COMPONENT_CLASSES = {
        "card-column--id",
        "card-column--title",
        "card-column--meta",
        "card-column--cursor",
        "card-column--overdue",
        "card-column--blocked",
        "card-column--complete",
        "card-column--risk",
        "card-column--ink-light",
        "card-column--ink-dark",
        "card-column--empty",
        "card-column--header",
        "card-column--header-active",
        "card-column--header-over-wip",
        "card-column--thumb",
        "card-column--frame",
    }

    DEFAULT_CSS = """
    ColumnRow > .card-column--frame { color: $panel-lighten-2; }
    ColumnRow > .card-column--header { color: $foreground; text-style: bold; }
    ColumnRow > .card-column--header-active { background: $accent; color: $text; }
    ColumnRow > .card-column--header-over-wip { color: $warning; }
    ColumnRow > .card-column--thumb { color: $scrollbar; }
    ColumnRow > .card-column--id { color: $text-muted; }
    ColumnRow > .card-column--title { color: $foreground; text-style: bold; }
    ColumnRow > .card-column--meta { color: $text-muted; }
    ColumnRow > .card-column--cursor { background: $accent 35%; }
    ColumnRow > .card-column--overdue { color: $error; text-style: bold; }
    ColumnRow > .card-column--blocked { color: $error; text-style: bold; }
    ColumnRow > .card-column--complete { color: $success; }
    ColumnRow > .card-column--risk { background: $error; text-style: bold; }
    ColumnRow > .card-column--ink-light { color: $foreground; }
    ColumnRow > .card-column--ink-dark { color: $background; }
    ColumnRow > .card-column--empty { color: $text-disabled; text-style: italic; }
    """

    def part_style(self, part: str) -> Style:
        style = self.get_component_rich_style(f"card-column--{part}", partial=True)
        if part == "risk":  # a swatch: written in whichever of the theme's inks reads on it
            swatch = (
                self.background_colors[1]
                + self.get_component_styles("card-column--risk").background
            )
            inks = (
                self.get_component_styles(f"card-column--ink-{s}").color for s in ("light", "dark")
            )
            ink = readable_ink(swatch, [i for i in inks if i.ansi != -1])
            style += Style(color=ink.rich_color)
        return style


class CardColumn(Widget, can_focus=False):
    """The cards of one stage, with a cursor the board moves. It lives in a `ColumnRow`,
    which holds the styles of its parts."""

    DEFAULT_CSS = """
    CardColumn {
        height: 1fr;
        background: $surface;
    }
    """

    def __init__(
        self,
        stage: Stage,
        short_id: Callable[[str], str],
        today: pendulum.Date,
        *,
        risk_mark: Callable[[str], int] = lambda card_id: 0,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._risk_mark = risk_mark  # open high or critical risks of a card
        self.stage = stage
        self.cards = CardList.empty()
        self.cursor = 0
        self.top = 0  # the first line of the cards (3 per card) drawn below the header
        self.active = False
        self._short_id = short_id
        self._today = today
        self._styles: dict[str, Style] = {}
        self._width = 0  # the content's, and the thumb's lines, as of the frame being drawn
        self._thumb_lines = range(0)
        # Card lines as drawn, by (id, updated_at, short id, line, cursor on it[, risk mark]); the
        # updated_at each card had when it was last drawn, to see which rows in view changed.
        self._lines: dict[tuple[object, ...], list[Segment]] = {}
        self._drawn: dict[str, str] = {}
        self.header = ""  # the stage's name and count, fitted to the column by the board
        self.over_wip = False

    # ----- state the board pushes down ---------------------------------------------------

    @property
    def current(self) -> Card | None:
        return self.cards[self.cursor] if self.cards else None

    @property
    def current_id(self) -> str | None:
        """The id under the cursor, without reading the card (it may be gone from the store)."""
        return self.cards.ids[self.cursor] if self.cards else None

    def set_cards(self, cards: CardList, *, keep: str | None = None, redraw: bool = False) -> None:
        """Show `cards`; keep the cursor on card `keep` (an id) when it is still there.

        Only the rows in view that now show something else are redrawn: another card, or the
        same card changed since it was drawn (its `updated_at` moved), the cursor's old and
        new rows, and where the scroll bar's thumb moved; everything with `redraw`. A card
        moved in a long column redraws a few rows, not the column.
        """
        old, old_cursor, old_thumb = self.cards.ids, self.cursor, self._thumb()
        self.cards = cards
        found = cards.index_of(keep)
        if found is not None:
            self.cursor = found
        self.cursor = max(0, min(self.cursor, len(cards) - 1))
        top = self.top
        self.scroll_to_cursor()
        if redraw:
            self._lines.clear()
        if redraw or self.top != top or not old or not cards:
            self.refresh()  # scrolled, or the "no cards" line came or went
            return
        first = self.top // ROW_HEIGHT  # the cards in view, the only ones worth a refresh
        shown = range(first, first + self._track // ROW_HEIGHT + 2)
        rows = _rows_changed(old, cards.ids, shown)
        rows.update(
            n for n in shown if n < len(cards) and n not in rows and self._changed_since_drawn(n)
        )
        if self.cursor != old_cursor:
            rows.update((old_cursor, self.cursor))
        for index in rows:
            self._refresh_card(index)
        self._refresh_thumb_change(old_thumb)

    def _changed_since_drawn(self, index: int) -> bool:
        card = self._readable(index)
        return card is not None and self._drawn.get(card.id, card.updated_at) != card.updated_at

    def _readable(self, index: int) -> Card | None:
        """The card at `index`; None if its record is not one pstui can read (a hand edit):
        it is drawn as such, and the store's check reports it."""
        try:
            return self.cards[index]
        except StoreError:
            return None

    def set_cursor(self, index: int) -> None:
        index = max(0, min(index, len(self.cards) - 1))
        if index == self.cursor:
            return
        self._refresh_card(self.cursor)
        self.cursor = index
        self._refresh_card(index)
        self.scroll_to_cursor()

    def set_active(self, active: bool) -> None:
        if active == self.active:
            return
        self.active = active
        self._refresh_header()
        self._refresh_card(self.cursor)

    def set_header(self, header: str, *, over_wip: bool) -> None:
        """Show `header` (plain text) as the column's first line, warning-coloured if over WIP."""
        if (header, over_wip) == (self.header, self.over_wip):
            return
        self.header, self.over_wip = header, over_wip
        self._refresh_header()

    def scroll_to_cursor(self) -> None:
        """Scroll as little as needed to show the whole cursor card."""
        track = self._track
        if not track:
            return  # not laid out yet: on_resize scrolls once the column has its height
        top = min(self.top, self.cursor * ROW_HEIGHT)
        top = max(top, (self.cursor + 1) * ROW_HEIGHT - track)
        top = max(0, min(top, len(self.cards) * ROW_HEIGHT - track))
        if top != self.top:
            self.top = top
            self.refresh()

    @property
    def page_rows(self) -> int:
        return max(1, self._track // ROW_HEIGHT)

    @property
    def _track(self) -> int:
        """How many lines the cards get: the column's height inside its frame, below the
        header."""
        return max(0, self.size.height - 2 * FRAME - HEADER_HEIGHT)

    @property
    def inner_width(self) -> int:
        """Cells inside the frame and the padding: the header's, and the cards' with their
        scroll bar cell."""
        return max(0, self.size.width - 2 * FRAME - 1)

    def _refresh_inner(self, y: int, height: int = 1) -> None:
        """Redraw `height` lines from line `y` inside the frame."""
        self.refresh(Region(0, y + FRAME, self.size.width, height))

    def _refresh_header(self) -> None:
        self._refresh_inner(0)

    def _refresh_card(self, index: int) -> None:
        self._refresh_inner(index * ROW_HEIGHT - self.top + HEADER_HEIGHT, ROW_HEIGHT)

    def on_resize(self) -> None:
        self.scroll_to_cursor()  # a shorter column may have left the cursor out of view

    # ----- drawing --------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._lines.clear()

    def _style(self, name: str) -> Style:
        """The resolved style of a part ("" for the column itself), kept until styles change:
        resolving one walks the DOM, and a repaint asks for it on every line."""
        style = self._styles.get(name)
        if style is None:
            style = self.rich_style if not name else self._row().part_style(name)
            self._styles[name] = style
        return style

    def _row(self) -> ColumnRow:
        row = self.parent
        assert isinstance(row, ColumnRow), "a column is drawn inside a ColumnRow"
        return row

    def render_lines(self, crop: Region) -> list[Strip]:
        # Measured once per frame, not per line.
        if self.inner_width != self._width:
            self._lines.clear()
        self._width = self.inner_width
        self._thumb_lines = self._thumb()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        base = self._style("")
        frame = base + self._style("frame")
        last = self.size.height - 1
        if y in (0, last):
            left, right = ("╭", "╮") if y == 0 else ("╰", "╯")
            return Strip([Segment(left + "─" * (self.size.width - 2) + right, frame)])
        inside = self._inner_line(y - FRAME, self._width, base)
        return Strip([Segment("│", frame), Segment(" ", base), *inside, Segment("│", frame)])

    def _inner_line(self, y: int, width: int, base: Style) -> list[Segment]:
        """Line `y` inside the frame and padding: the header, a blank, or the cards' part."""
        if y == 0:
            return self._header(width, base)
        if y < HEADER_HEIGHT:
            return fit_runs([], width, base)
        segments = self._card_line(y, width - 1, base)
        segments.append(self._scroll_cell(y, base))
        return segments

    def _card_line(self, y: int, width: int, base: Style) -> list[Segment]:
        """Line `y` of the screen in the cards' part: a card's title or details, or blank."""
        index, line = divmod(self.top + y - HEADER_HEIGHT, ROW_HEIGHT)
        if not self.cards:
            text = "no cards" if index == 0 and line == 0 else ""
            return fit_runs([(text, base + self._style("empty"))], width, base)
        if index >= len(self.cards) or line == ROW_HEIGHT - 1:
            return fit_runs([], width, base)
        card = self._readable(index)
        highlighted = self.active and index == self.cursor
        style = base + self._style("cursor") if highlighted else base
        if card is None:
            return fit_runs(self._unreadable_runs(index, line, style), width, style)
        self._drawn[card.id] = card.updated_at
        key = (card.id, card.updated_at, self._short_id(card.id), line, highlighted)
        if line == 1:  # a risk logged elsewhere changes the mark, not the card
            key += (self._risk_mark(card.id),)
        segments = self._lines.get(key)
        if segments is None:  # a card's line is drawn again on every move: keep the last ones
            runs = self._title_runs(card, style) if line == 0 else self._meta_runs(card, style)
            segments = self._lines[key] = fit_runs(runs, width, style)
            if len(self._lines) > KEPT_LINES:
                del self._lines[next(iter(self._lines))]
        return list(segments)

    def _thumb(self) -> range:
        """The lines below the header where the scroll bar's thumb is (none if all fit)."""
        track = self._track
        total = len(self.cards) * ROW_HEIGHT
        if total <= track:
            return range(0)
        size = max(1, track * track // total)
        # The thumb travels the track as the view travels the cards: top to top, end to end.
        start = round(self.top * (track - size) / (total - track))
        return range(start, start + size)

    def _refresh_thumb_change(self, before: range) -> None:
        now = self._thumb()
        if now != before:
            for line in set(before).symmetric_difference(now):
                self._refresh_inner(line + HEADER_HEIGHT)

    def _scroll_cell(self, y: int, base: Style) -> Segment:
        """The scroll bar's cell on line `y`."""
        if y - HEADER_HEIGHT in self._thumb_lines:
            return Segment(THUMB, base + self._style("thumb"))
        return Segment(" ", base)

    def _header(self, width: int, base: Style) -> list[Segment]:
        style = base + self._style("header")
        if self.over_wip:
            style += self._style("header-over-wip")
        if self.active:
            style += self._style("header-active")
        return fit_runs([(self.header, style)], width, style)

    def _part(self, name: str, base: Style) -> Style:
        return base + self._style(name)

    def _unreadable_runs(self, index: int, line: int, base: Style) -> list[tuple[str, Style]]:
        if line == 0:
            short = self._short_id(self.cards.ids[index])
            return [(f"{BLOCKED_MARK}{short} cannot be read", self._part("blocked", base))]
        return [("its record is not what pstui writes", self._part("meta", base))]

    def _title_runs(self, card: Card, base: Style) -> list[tuple[str, Style]]:
        runs = []
        if card.blocked:
            runs.append((BLOCKED_MARK, self._part("blocked", base)))
        runs.append((f"{self._short_id(card.id)} ", self._part("id", base)))
        runs.append((card.title, self._part("title", base)))
        return runs

    def _meta_runs(self, card: Card, base: Style) -> list[tuple[str, Style]]:
        meta = self._part("meta", base)
        runs: list[tuple[str, Style]] = []
        severe = self._risk_mark(card.id)
        if severe:
            # A swatch, not a colour: it reads on the cursor's background as on the column's.
            runs.append((f"{RISK_MARK}{severe}", self._part("risk", base)))
            runs.append((" ", meta))
        done, total = card.progress
        if total:
            complete = not card.missing_musts()
            runs.append((f"{done}/{total} ", self._part("complete", base) if complete else meta))
        if card.due:
            overdue = is_overdue(card.due, self._today)
            runs.append(
                (
                    humanize_due(card.due, self._today) + " ",
                    self._part("overdue", base) if overdue else meta,
                )
            )
        if card.assignee:
            runs.append((f"@{card.assignee}", meta))
        return runs


def _rows_changed(old: list[str], new: list[str], rows: range) -> set[int]:
    """Which of `rows` show another card (or none) in `new` than in `old`."""

    def at(ids: list[str], n: int) -> str | None:
        return ids[n] if n < len(ids) else None

    return {n for n in rows if at(old, n) != at(new, n)}
