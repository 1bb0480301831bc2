"""A score month by month: Textual's Sparkline, with each month's name under its bar and
its figure and number of responses under that, as many of the latest months as fit.

The Sparkline spreads its data evenly over its width, so the widget makes it exactly one
cell per month wide: every month's bar then stands over its own label.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Sparkline, Static

from pstui.i18n import _
from pstui.ui.widgets.styled import Styled

NAME_WIDTH = 6  # the metric's name, left of the bars


@dataclass(frozen=True)
class TrendPoint:
    label: str  # the month, "2026-09"
    value: float  # what the bar's height shows
    figure: str  # the value as written, "+38"
    count: int  # responses it was computed from


class Trend(Widget):
    """Attributes down: `show(name, points)`; nothing goes up."""

    DEFAULT_CSS = """
    Trend {
        layout: horizontal;
        height: 3;
    }
    Trend.-tall {
        height: 4;
    }
    Trend > #trend-name {
        width: 6;
        text-style: bold;
    }
    Trend > Vertical {
        width: 1fr;
    }
    Trend Sparkline {
        height: 1;
        width: 0;
    }
    Trend.-tall Sparkline {
        height: 2;
    }
    Trend Sparkline > .sparkline--max-color {
        color: $accent;
    }
    Trend Sparkline > .sparkline--min-color {
        color: $primary;
    }
    Trend #trend-labels {
        height: 2;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.name_shown = ""
        self.points: list[TrendPoint] = []
        self.shown: list[TrendPoint] = []  # the latest points that fit
        self._drawn: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="trend-name")
        with Vertical():
            yield Sparkline([], id="trend-line")
            yield Static(id="trend-labels")

    def show(self, name: str, points: list[TrendPoint]) -> None:
        self.name_shown, self.points = name, points
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if not self.is_mounted:
            return
        room = max(0, self.size.width - NAME_WIDTH)
        drawn = (self.name_shown, tuple(self.points), room)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        cell = cell_width(self.points)
        self.shown = self.points[-(room // cell) :] if room >= cell and self.points else []
        self.query_one("#trend-name", Static).update(Content(self.name_shown))
        line = self.query_one("#trend-line", Sparkline)
        line.display = bool(self.shown)
        line.data = [p.value for p in self.shown]
        line.styles.width = cell * len(self.shown)
        self.query_one("#trend-labels", Static).update(self._labels(cell))

    def _labels(self, cell: int) -> Content:
        if not self.points:
            return Styled(_("No answered survey yet: no trend."), style="$text-muted").content()
        text = Styled()
        for point in self.shown:
            text.append(_padded(point.label, cell), style="$text-muted")
        text.append("\n")
        for point in self.shown:
            text.append(_padded(f"{point.figure} ({point.count})", cell))
        return text.content()

    def labels_text(self) -> str:
        """The months and figures as drawn now (for tests)."""
        return str(self.query_one("#trend-labels", Static).content)


def cell_width(points: list[TrendPoint]) -> int:
    """Cells per month: the widest of its label and figure, and a space."""
    widest = max(
        (max(cell_len(p.label), cell_len(f"{p.figure} ({p.count})")) for p in points), default=7
    )
    return widest + 1


def _padded(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))
