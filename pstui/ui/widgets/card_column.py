"""One stage of the board, drawn with the Line API: only the visible rows are rendered.

A widget per card cannot stay instant at 10,000 cards; this column holds plain `Card`
objects and turns the rows in view into strips on demand, so its cost follows the height
of the terminal, not the length of the column.
"""

from __future__ import annotations

from collections.abc import Callable

import pendulum
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pstui.model.card import Card
from pstui.model.dates import humanize_due, is_overdue
from pstui.model.workflow import Stage
from pstui.store.repository import CardList
from pstui.ui.widgets.cells import fit_runs

ROW_HEIGHT = 3  # title line, details line, a blank line between cards
BLOCKED_MARK = "! "


class CardColumn(ScrollView, can_focus=False):
    """The cards of one stage, with a cursor the board moves."""

    COMPONENT_CLASSES = {
        "card-column--id",
        "card-column--title",
        "card-column--meta",
        "card-column--cursor",
        "card-column--overdue",
        "card-column--blocked",
        "card-column--complete",
        "card-column--empty",
    }

    DEFAULT_CSS = """
    CardColumn {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        border: round $panel-lighten-2;
        border-title-color: $foreground;
        border-title-style: bold;
        padding: 0 0 0 1;
        background: $surface;
    }
    CardColumn.-active { border: round $accent; }
    CardColumn.-over-wip { border-title-color: $warning; }
    CardColumn.-over-wip.-active { border: round $warning; }
    CardColumn > .card-column--id { color: $text-muted; }
    CardColumn > .card-column--title { color: $foreground; text-style: bold; }
    CardColumn > .card-column--meta { color: $text-muted; }
    CardColumn > .card-column--cursor { background: $accent 35%; }
    CardColumn > .card-column--overdue { color: $error; text-style: bold; }
    CardColumn > .card-column--blocked { color: $error; text-style: bold; }
    CardColumn > .card-column--complete { color: $success; }
    CardColumn > .card-column--empty { color: $text-disabled; text-style: italic; }
    """

    def __init__(
        self,
        stage: Stage,
        short_id: Callable[[str], str],
        today: pendulum.Date,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.stage = stage
        self.cards = CardList.empty()
        self.cursor = 0
        self.active = False
        self._short_id = short_id
        self._today = today
        self._styles: dict[str, Style] = {}
        self.title_text = ""  # what the border title says, to skip setting it again

    # ----- state the board pushes down ---------------------------------------------------

    @property
    def current(self) -> Card | None:
        return self.cards[self.cursor] if self.cards else None

    @property
    def current_id(self) -> str | None:
        """The id under the cursor, without reading the card (it may be gone from the store)."""
        return self.cards.ids[self.cursor] if self.cards else None

    def set_cards(
        self, cards: CardList, *, keep: str | None = None, changed: str | None = None
    ) -> None:
        """Show `cards`; keep the cursor on card `keep` (an id) when it is still there.

        Nothing is redrawn when the column holds the same cards as before and `changed` (the
        id of a card whose content changed, if any) is not one of them.
        """
        found = cards.index_of(keep)
        same = cards.ids == self.cards.ids and (changed is None or changed not in cards.ids)
        self.cards = cards
        if found is not None:
            self.cursor = found
        self.cursor = max(0, min(self.cursor, len(cards) - 1))
        if same:
            return
        self._size_to_cards()
        self.refresh()
        self.call_after_refresh(self.scroll_to_cursor)

    def set_cursor(self, index: int) -> None:
        index = max(0, min(index, len(self.cards) - 1))
        if index == self.cursor:
            return
        self.refresh_lines(self.cursor * ROW_HEIGHT, ROW_HEIGHT)
        self.cursor = index
        self.refresh_lines(index * ROW_HEIGHT, ROW_HEIGHT)
        self.scroll_to_cursor()

    def set_active(self, active: bool) -> None:
        if active == self.active:
            return
        self.active = active
        self.set_class(active, "-active")
        self.refresh_lines(self.cursor * ROW_HEIGHT, ROW_HEIGHT)

    def scroll_to_cursor(self) -> None:
        region = Region(0, self.cursor * ROW_HEIGHT, 1, ROW_HEIGHT)
        self.scroll_to_region(region, animate=False, immediate=True)

    @property
    def page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_HEIGHT)

    def on_resize(self) -> None:
        self._size_to_cards()

    def _size_to_cards(self) -> None:
        # Setting the virtual size, even to the same value, lays the whole screen out again.
        size = Size(self.size.width, max(1, len(self.cards)) * ROW_HEIGHT)
        if size != self.virtual_size:
            self.virtual_size = size

    # ----- drawing --------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def _style(self, name: str) -> Style:
        """The resolved style of a part ("" for the column itself), kept until styles change:
        resolving one walks the DOM, and a repaint asks for it on every line."""
        style = self._styles.get(name)
        if style is None:
            style = (
                self.rich_style
                if not name
                else self.get_component_rich_style(f"card-column--{name}", partial=True)
            )
            self._styles[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._style("")
        index, line = divmod(self.scroll_offset.y + y, ROW_HEIGHT)
        if not self.cards:
            if index == 0 and line == 0:
                empty = self._style("empty")
                return Strip(fit_runs([("no cards", base + empty)], width, base))
            return Strip.blank(width, base)
        if index >= len(self.cards) or line == ROW_HEIGHT - 1:
            return Strip.blank(width, base)
        card = self.cards[index]
        style = base
        if self.active and index == self.cursor:
            style = base + self._style("cursor")
        runs = self._title_runs(card, style) if line == 0 else self._meta_runs(card, style)
        return Strip(fit_runs(runs, width, style), width)

    def _part(self, name: str, base: Style) -> Style:
        return base + self._style(name)

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


def make_segments_plain(text: str, style: Style) -> list[Segment]:
    return [Segment(text, style)]
