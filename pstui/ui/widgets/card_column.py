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

from collections.abc import Callable, Collection

import pendulum
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.containers import Horizontal
from textual.css.styles import RenderStyles
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from pstui.i18n import N_, _
from pstui.model.card import Card
from pstui.model.dates import is_overdue
from pstui.model.standup import days_since, due_words, hold_of, is_stuck, stamp_day
from pstui.model.text import fit, printable
from pstui.model.workflow import Stage
from pstui.store.errors import StoreError
from pstui.store.repository import CardList
from pstui.ui.contrast import NON_TEXT, contrast, legible, needed_contrast, reads, shade
from pstui.ui.widgets.cells import fit_runs

ROW_HEIGHT = 3  # title line, details line, a blank line between cards
ZOOMED_TITLE_LINES = 2  # zoomed, a column is the screen's width and titles wrap once
HEADER_HEIGHT = 2  # the column's name and count and a blank line, above the cards; fixed
BLOCKED_MARK = "! "
RISK_MARK = "R"  # "R2": two open high or critical risks (ASCII: one cell in every terminal)
HOLD_MARK = N_("hold")  # held at its gate: the last decision, in the stage it is in
STUCK_MARK = "stuck"  # before the days in stage, past the stage's threshold ("stuck {days}d")
MARKED_MARK = "*"  # marked for an action on several cards (told without colour too)
OVER_WIP_MARK = "!"  # after the count of a column past its WIP limit: told without colour too
THUMB = "▐"
FRAME = 1  # the frame's width on each side; the padding is one more cell on the left
KEPT_LINES = 600  # card lines kept drawn per column: a few screens' worth
PARTS = (
    "frame",
    "thumb",
    "header",
    "header-active",
    "over-wip",
    "cursor",
    "title",
    "id",
    "meta",
    "overdue",
    "blocked",
    "hold",
    "stuck",
    "marked",
    "complete",
    "risk",
    "empty",
    "ink-light",
    "ink-dark",
)
LINES = frozenset({"frame", "thumb"})  # not text: 3:1 is enough for them (WCAG 1.4.11)
CURSOR_INKED = frozenset({"title"})  # under the cursor, drawn in the theme's cursor ink


class ColumnRow(Horizontal):
    """The board's row of columns, which holds the styles of the columns' parts.

    Textual resolves a widget's component classes each time it styles the widget: on the
    columns themselves that was 13 parts x 6 columns, twice while the board is first shown
    (a noticeable share of the first paint). Here each part is resolved once for every
    column, and as a whole style: the ground it is drawn on (the column's, the cursor's or
    a swatch of its own) and the theme's ink for it, made to read there (see `legible`).
    """

    COMPONENT_CLASSES = {f"card-column--{part}" for part in PARTS}

    DEFAULT_CSS = """
    ColumnRow > .card-column--frame { color: $foreground 40%; }
    ColumnRow > .card-column--thumb { color: $scrollbar; }
    ColumnRow > .card-column--header { color: $foreground; text-style: bold; }
    ColumnRow > .card-column--header-active { background: $accent; text-style: bold; }
    ColumnRow > .card-column--over-wip { background: $warning; text-style: bold; }
    ColumnRow > .card-column--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    ColumnRow > .card-column--title { color: $foreground; text-style: bold; }
    ColumnRow > .card-column--id { color: $text-muted; }
    ColumnRow > .card-column--meta { color: $text-muted; }
    ColumnRow > .card-column--overdue { color: $error; text-style: bold; }
    ColumnRow > .card-column--blocked { color: $error; text-style: bold; }
    ColumnRow > .card-column--hold { color: $warning; text-style: bold; }
    ColumnRow > .card-column--stuck { background: $warning; text-style: bold; }
    ColumnRow > .card-column--marked { background: $secondary; text-style: bold; }
    ColumnRow > .card-column--complete { color: $success; }
    ColumnRow > .card-column--risk { background: $error; text-style: bold; }
    ColumnRow > .card-column--empty { color: $text-muted; text-style: italic; }
    ColumnRow > .card-column--ink-light { color: $foreground; }
    ColumnRow > .card-column--ink-dark { color: $background; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: dict[tuple[str, bool], Style] = {}

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._parts.clear()  # another theme

    def part_style(self, part: str, column: Style, *, on_cursor: bool = False) -> Style:
        """The whole style of `part` ("" for the ground alone) in a column whose own style is
        `column`, on the cursor if `on_cursor`; kept until the styles change."""
        style = self._parts.get((part, on_cursor))
        if style is None:
            style = self._parts[part, on_cursor] = self._resolve(part, column, on_cursor)
        return style

    def _resolve(self, part: str, column: Style, on_cursor: bool) -> Style:
        ground = Color.from_rich_color(column.bgcolor)
        ink = Color.from_rich_color(column.color)
        inks = [self._component(f"ink-{shade}").color for shade in ("light", "dark")]
        text_style = Style()
        reverse = on_cursor  # where no colour is drawn at all, a swatch is told by reversing
        if on_cursor:
            cursor = self._component("cursor")
            ground = _over(ground, cursor.background)
            ground, ink = self._swatch(ground, _over(ground, cursor.color), inks)
            inks.insert(0, ink)  # the theme's ink for the card under the cursor
            text_style += cursor.text_style
        if part:
            own = self._component(part)
            text_style += own.text_style
            if own.has_rule("background"):  # a swatch: the theme's ink that reads best on it
                ground = _over(ground, own.background)
                ground, ink = self._swatch(ground, _best(inks, ground), inks)
                reverse = not reverse
            elif not (on_cursor and part in CURSOR_INKED):
                ink = _ink(own, ground)
        if self.app.no_color and self.app.native_ansi_color:
            text_style += Style(reverse=reverse)
        needed = NON_TEXT if part in LINES else needed_contrast(self.app.theme)
        ink = legible(ink, ground, inks, needed, mono=self._mono)
        return text_style + Style(color=ink.rich_color, bgcolor=ground.rich_color)

    def _swatch(self, ground: Color, ink: Color, inks: list[Color]) -> tuple[Color, Color]:
        """A swatch's ground and ink: the ink made to read on it, and where none can (7:1 on
        a middle grey), the swatch moved away from the ink as little as needed."""
        needed, mono = needed_contrast(self.app.theme), self._mono
        ink = legible(ink, ground, inks, needed, mono=mono)
        if not reads(ink, ground, needed, mono=mono):
            ground = legible(ground, ink, [], needed, mono=mono)
        return ground, ink

    @property
    def _mono(self) -> bool:
        """Whether Textual draws in greys (NO_COLOR with a theme of RGB colours)."""
        return self.app.no_color and not self.app.native_ansi_color

    def _component(self, part: str) -> RenderStyles:
        return self.get_component_styles(f"card-column--{part}")


def _best(inks: list[Color], ground: Color) -> Color:
    """The one of `inks` that reads best on `ground`."""
    return max(inks, key=lambda ink: contrast(shade(ink, ink=True), shade(ground, ink=False)))


def _ink(styles: RenderStyles, ground: Color) -> Color:
    """The colour a part's `color` rule gives on `ground` (an `auto` one against it)."""
    colour = styles.color
    if styles.auto_color:
        colour = ground.get_contrast_text(colour.a)
    return _over(ground, colour)


def _over(ground: Color, colour: Color) -> Color:
    """`colour` laid over `ground`, as Textual blends it; ANSI colours are not blended."""
    if colour.ansi is not None:
        return colour if colour.a else ground
    if ground.ansi is not None:
        return ground if colour.a == 0 else colour.with_alpha(1.0)
    return ground + colour


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
        self.top = 0  # the cards' line drawn first below the header: a card's first line
        self.active = False
        self._short_id = short_id
        self._today = today
        self._styles: dict[tuple[str, bool], Style] = {}
        self._width = 0  # the content's, and the thumb's lines, as of the frame being drawn
        self._thumb_lines = range(0)
        # Card lines as drawn, by (id, updated_at, short id, line, cursor on it[, risk mark]); the
        # updated_at each card had when it was last drawn, to see which rows in view changed.
        self._lines: dict[tuple[object, ...], list[Segment]] = {}
        self._drawn: dict[str, str] = {}
        self.stage_name = ""  # the stage's name, fitted to the column as it is drawn
        self.count = ""  # its cards ("3/6", "1 of 3/6"), never shortened
        self.over_wip = False
        self.marks: Collection[str] = ()  # ids of the cards marked (the board's, read only)
        self.title_lines = 1  # ZOOMED_TITLE_LINES when the board is zoomed

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
        first = self.top // self.row_height  # the cards in view, the only ones worth a refresh
        shown = range(first, first + self._track // self.row_height + 2)
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

    def refresh_card_of(self, card_id: str) -> None:
        """Redraw the card `card_id` if the column shows it (marked or unmarked, say)."""
        index = self.cards.index_of(card_id)
        if index is not None:
            self._refresh_card(index)

    def set_title_lines(self, lines: int) -> None:
        """Give titles `lines` lines each (the zoom's wider column shows them whole)."""
        if lines != self.title_lines:
            self.title_lines = lines
            self._lines.clear()
            self.top = 0
            self.scroll_to_cursor()
            self.refresh()

    @property
    def row_height(self) -> int:
        """A card's lines: its title's, its details, a blank line between cards."""
        return self.title_lines + ROW_HEIGHT - 1

    def set_active(self, active: bool) -> None:
        if active == self.active:
            return
        self.active = active
        self._refresh_header()
        self._refresh_card(self.cursor)

    def set_header(self, name: str, count: str, *, over_wip: bool) -> None:
        """Show the stage's `name` (plain text, shortened to fit as it is drawn) and `count`
        as the column's first line; past its WIP limit, the count on a warning swatch."""
        if (name, count, over_wip) == (self.stage_name, self.count, self.over_wip):
            return
        self.stage_name, self.count, self.over_wip = name, count, over_wip
        self._refresh_header()

    @property
    def header(self) -> str:
        """The header's whole text, before it is fitted to the column."""
        mark = OVER_WIP_MARK if self.over_wip else ""
        return f" {self.stage_name} {self.count}{mark}"

    def scroll_to_cursor(self) -> None:
        """Scroll by whole cards, as little as needed to show the cursor card: a card is never
        shown cut at the top, whatever the column's height (a resize, the filter box)."""
        if not self._track:
            return  # not laid out yet: on_resize scrolls once the column has its height
        shown, height = self.page_rows, self.row_height
        first = min(self.top // height, self.cursor)
        first = max(first, self.cursor - shown + 1)
        first = max(0, min(first, len(self.cards) - shown))
        if first * height != self.top:
            self.top = first * height
            self.refresh()

    @property
    def page_rows(self) -> int:
        """How many whole cards the column shows (a card's blank line below may be cut)."""
        return max(1, (self._track + 1) // self.row_height)

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
        height = self.row_height
        self._refresh_inner(index * height - self.top + HEADER_HEIGHT, height)

    def on_resize(self) -> None:
        self.scroll_to_cursor()  # a shorter column may have left the cursor out of view

    # ----- drawing --------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._lines.clear()

    def _style(self, name: str, on_cursor: bool = False) -> Style:
        """The whole style of a part ("" for the column's ground), on the cursor or not, kept
        until styles change: resolving one walks the DOM, and a repaint asks on every line."""
        style = self._styles.get((name, on_cursor))
        if style is None:
            style = self._row().part_style(name, self.rich_style, on_cursor=on_cursor)
            self._styles[name, on_cursor] = style
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
        frame = self._style("frame")
        last = self.size.height - 1
        if y in (0, last):
            left, right = ("╭", "╮") if y == 0 else ("╰", "╯")
            return Strip([Segment(left + "─" * (self.size.width - 2) + right, frame)])
        inside = self._inner_line(y - FRAME, self._width, base)
        return Strip([Segment("│", frame), Segment(" ", base), *inside, Segment("│", frame)])

    def _inner_line(self, y: int, width: int, base: Style) -> list[Segment]:
        """Line `y` inside the frame and padding: the header, a blank, or the cards' part."""
        if y == 0:
            return self._header(width)
        if y < HEADER_HEIGHT:
            return fit_runs([], width, base)
        segments = self._card_line(y, width - 1, base)
        segments.append(self._scroll_cell(y, base))
        return segments

    def _card_line(self, y: int, width: int, base: Style) -> list[Segment]:
        """Line `y` of the screen in the cards' part: a card's title or details, or blank."""
        title_lines = self.title_lines
        index, line = divmod(self.top + y - HEADER_HEIGHT, self.row_height)
        if not self.cards:
            text = _("no cards") if index == 0 and line == 0 else ""
            return fit_runs([(text, self._style("empty"))], width, base)
        if index >= len(self.cards) or line == self.row_height - 1:
            return fit_runs([], width, base)
        card = self._readable(index)
        highlighted = self.active and index == self.cursor
        style = self._style("", highlighted)
        if card is None:
            line = 0 if line < title_lines else 1
            return fit_runs(self._unreadable_runs(index, line, highlighted), width, style)
        self._drawn[card.id] = card.updated_at
        marked = card.id in self.marks
        key = (card.id, card.updated_at, self._short_id(card.id), line, highlighted, marked)
        if line == title_lines:  # a risk logged elsewhere changes the mark, not the card
            key += (self._risk_mark(card.id),)
        segments = self._lines.get(key)
        if segments is None:  # a card's line is drawn again on every move: keep the last ones
            if line < title_lines:
                runs = self._title_runs(card, highlighted, marked)
                if title_lines > 1:
                    runs = self._zoomed_title_line(card, runs, width, line, highlighted)
            else:
                runs = self._meta_runs(card, highlighted)
            segments = self._lines[key] = fit_runs(runs, width, style)
            if len(self._lines) > KEPT_LINES:
                del self._lines[next(iter(self._lines))]
        return list(segments)

    def _thumb(self) -> range:
        """The lines below the header where the scroll bar's thumb is (none if all fit)."""
        track = self._track
        total = len(self.cards) * self.row_height
        if total <= track:
            return range(0)
        size = max(1, track * track // total)
        # The thumb travels the track as the view travels the cards: top to top, end to end
        # (scrolled by whole cards, the last view may end a line past the cards' end).
        start = min(round(self.top * (track - size) / (total - track)), track - size)
        return range(start, start + size)

    def _refresh_thumb_change(self, before: range) -> None:
        now = self._thumb()
        if now != before:
            for line in set(before).symmetric_difference(now):
                self._refresh_inner(line + HEADER_HEIGHT)

    def _scroll_cell(self, y: int, base: Style) -> Segment:
        """The scroll bar's cell on line `y`."""
        if y - HEADER_HEIGHT in self._thumb_lines:
            return Segment(THUMB, self._style("thumb"))
        return Segment(" ", base)

    def _header(self, width: int) -> list[Segment]:
        """The stage's name, cut to leave room for its count (never cut), and the count."""
        style = self._style("header-active" if self.active else "header")
        count = f"{self.count}{OVER_WIP_MARK}" if self.over_wip else self.count
        room = width - cell_len(count) - 2  # a space before the name and one after
        name = fit(printable(self.stage_name), max(room, 1), pad=False)
        count_style = self._style("over-wip") if self.over_wip else style
        return fit_runs([(f" {name} ", style), (count, count_style)], width, style)

    def _unreadable_runs(self, index: int, line: int, cursor: bool) -> list[tuple[str, Style]]:
        if line == 0:
            short = self._short_id(self.cards.ids[index])
            said = _("{id} cannot be read").format(id=short)
            return [(f"{BLOCKED_MARK}{said}", self._style("blocked", cursor))]
        return [(_("its record is not what pstui writes"), self._style("meta", cursor))]

    def _title_runs(self, card: Card, cursor: bool, marked: bool) -> list[tuple[str, Style]]:
        runs = []
        if marked:
            runs += [(MARKED_MARK, self._style("marked", cursor)), (" ", self._style("", cursor))]
        if card.blocked:
            runs.append((BLOCKED_MARK, self._style("blocked", cursor)))
        runs.append((f"{self._short_id(card.id)} ", self._style("id", cursor)))
        runs.append((card.title, self._style("title", cursor)))
        return runs

    def _zoomed_title_line(
        self, card: Card, runs: list[tuple[str, Style]], width: int, line: int, cursor: bool
    ) -> list[tuple[str, Style]]:
        """Line `line` of a title wrapped over the zoom's lines; a title that fits on fewer
        leaves the room to why the card is blocked or held, else to its description."""
        lines = wrap_runs(runs, width, self.title_lines)
        if lines[line] or line == 0:
            return lines[line]
        first_free = next(n for n, runs in enumerate(lines) if not runs)
        if line != first_free:
            return []
        hold = hold_of(card)
        if card.blocked:
            said = _("blocked: {reason}").format(reason=card.blocked_reason)
            return [(said, self._style("blocked", cursor))]
        if hold is not None:
            return [(_("hold: {note}").format(note=hold.note), self._style("hold", cursor))]
        return [(" ".join(card.description.split()), self._style("meta", cursor))]

    def _meta_runs(self, card: Card, cursor: bool) -> list[tuple[str, Style]]:
        meta = self._style("meta", cursor)
        runs: list[tuple[str, Style]] = []
        if not card.archived:  # days in its stage ("4d"); past the threshold, said as stuck
            days = days_since(stamp_day(card.stage_since or card.created_at), self._today)
            if is_stuck(days, self.stage):
                stuck = _("stuck {days}d").format(days=days)
                runs += [(stuck, self._style("stuck", cursor)), (" ", meta)]
            else:
                runs.append((_("{days}d").format(days=days) + " ", meta))
        severe = self._risk_mark(card.id)
        if severe:
            # A swatch, not a colour: it reads on the cursor's background as on the column's.
            runs.append((f"{RISK_MARK}{severe}", self._style("risk", cursor)))
            runs.append((" ", meta))
        if hold_of(card) is not None:
            runs.append((_(HOLD_MARK) + " ", self._style("hold", cursor)))
        done, total = card.progress
        if total:
            complete = not card.missing_musts()
            runs.append((f"{done}/{total} ", self._style("complete", cursor) if complete else meta))
        if card.due:
            overdue = is_overdue(card.due, self._today)
            runs.append(
                (
                    due_words(card.due, self._today) + " ",
                    self._style("overdue", cursor) if overdue else meta,
                )
            )
        if card.assignee:
            runs.append((f"@{card.assignee}", meta))
        return runs


def wrap_runs(
    runs: list[tuple[str, Style]], width: int, lines: int
) -> list[list[tuple[str, Style]]]:
    """`runs` laid over `lines` lines of `width` cells, broken after a space where one is
    near (CJK text breaks anywhere, a wide character whole); the last line takes the rest,
    cut as it is drawn."""
    chars = [(char, style) for text, style in runs for char in printable(text)]
    out: list[list[tuple[str, Style]]] = []
    start = 0
    while len(out) < lines - 1 and start < len(chars):
        end, used = start, 0
        while end < len(chars) and used + cell_len(chars[end][0]) <= width:
            used += cell_len(chars[end][0])
            end += 1
        if end < len(chars):
            space = max((n for n in range(start, end) if chars[n][0] == " "), default=None)
            if space is not None and space > start + width // 2:
                end = space + 1
        out.append(_joined(chars[start:end]))
        start = end
    out.append(_joined(chars[start:]))
    return out + [[] for _line in range(lines - len(out))]


def _joined(chars: list[tuple[str, Style]]) -> list[tuple[str, Style]]:
    """Characters back into runs of one style each."""
    runs: list[tuple[str, Style]] = []
    for char, style in chars:
        if runs and runs[-1][1] is style:
            runs[-1] = (runs[-1][0] + char, style)
        else:
            runs.append((char, style))
    return runs


def _rows_changed(old: list[str], new: list[str], rows: range) -> set[int]:
    """Which of `rows` show another card (or none) in `new` than in `old`."""

    def at(ids: list[str], n: int) -> str | None:
        return ids[n] if n < len(ids) else None

    return {n for n in rows if at(old, n) != at(new, n)}
