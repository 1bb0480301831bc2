"""The risk register's 5 x 5 heat map: open risks per probability x impact cell.

Probability runs up the side (5 at the top), impact along the top (1 to 5): the usual
layout, with the critical corner at the top right. Each cell's background is the level of
its score in the theme's colours, and its text takes whichever colour reads best on that
background. Where the screen is short the map is one line, the open risks per level, so
the table below keeps its rows. The screen says which (`set_compact`) and what is picked
(`show`); the map says what the user picked (`Picked`), attributes down, messages up.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.color import Color
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from pstui.i18n import N_, _
from pstui.model.risk import SCALE, Level, level_label, level_of, status_label
from pstui.model.text import fit
from pstui.ui.contrast import readable_ink

# Levels as the compact line and the legend show them, worst first (the 1-4 keys follow it).
LEVEL_ORDER = (Level.CRITICAL, Level.HIGH, Level.MEDIUM, Level.LOW)
CELL = 7  # cells per map cell: a mark, a space, three for the count, a space, a mark
LABEL = 5  # the probability labels' column, left of the cells
LEGEND_GAP = 3
GRID_HEIGHT = 1 + len(SCALE)  # the impact labels, then one line per probability

Cell = tuple[int, int]  # (probability, impact)
Pick = Cell | Level | None


def cell_name(cell: Cell) -> str:
    probability, impact = cell
    return f"P{probability}×I{impact}"


def describe_pick(pick: Pick) -> str:
    """A pick as a filter reads: 'P4×I5' or 'level high'; '' for none."""
    if pick is None:
        return ""
    if isinstance(pick, Level):
        return _("level {level}").format(level=level_label(pick))
    return cell_name(pick)


class HeatMap(Widget, can_focus=True):
    """Open risks per cell; arrows or hjkl move its cursor, Enter or space picks the cell
    (or, on one line, the level) as the table's filter."""

    BINDINGS = [
        Binding("up,k", "move(1, 0)", N_("Probability up"), show=False, id="heat-up"),
        Binding("down,j", "move(-1, 0)", N_("Probability down"), show=False, id="heat-down"),
        Binding("right,l", "move(0, 1)", N_("Impact up"), show=False, id="heat-right"),
        Binding("left,h", "move(0, -1)", N_("Impact down"), show=False, id="heat-left"),
        Binding(
            "enter,space",
            "pick",
            N_("Filter"),
            show=False,
            id="heat-pick",
            tooltip=N_("Show only the risks of this cell (again: all)"),
        ),
    ]

    COMPONENT_CLASSES = {
        "heat-map--low",
        "heat-map--medium",
        "heat-map--high",
        "heat-map--critical",
        "heat-map--axis",
        "heat-map--ink-light",
        "heat-map--ink-dark",
    }

    DEFAULT_CSS = """
    HeatMap {
        width: 64;
        height: 6;
        background: $surface;
        color: $foreground;
    }
    HeatMap.-compact {
        width: 1fr;
        height: 1;
    }
    HeatMap > .heat-map--low { background: $success; }
    HeatMap > .heat-map--medium { background: $warning; }
    HeatMap > .heat-map--high { background: $error 55%; }
    HeatMap > .heat-map--critical { background: $error; text-style: bold; }
    HeatMap > .heat-map--axis { color: $text-muted; }
    HeatMap:focus > .heat-map--axis { color: $foreground; text-style: bold; }
    HeatMap > .heat-map--ink-light { color: $foreground; }
    HeatMap > .heat-map--ink-dark { color: $background; }
    """

    @dataclass
    class Picked(Message):
        """Enter on a cell (compact: on a level). The screen decides: filter, or clear."""

        heat_map: HeatMap
        target: Cell | Level

        @property
        def control(self) -> HeatMap:
            return self.heat_map

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts: dict[Cell, int] = {(p, i): 0 for p in SCALE for i in SCALE}
        self.picked: Pick = None
        self.compact = False
        self.cursor: Cell = (3, 3)
        self.level_cursor = 0  # index into LEVEL_ORDER, for the one-line map
        self._level_styles: dict[Level, Style] = {}

    # ----- state the screen pushes down ---------------------------------------------------------

    def show(self, counts: dict[Cell, int], picked: Pick) -> None:
        """Show these counts (open risks per cell) with `picked` marked as the filter."""
        if counts == self.counts and picked == self.picked:
            return
        self.counts, self.picked = dict(counts), picked
        self.refresh()

    def set_compact(self, compact: bool) -> None:
        if compact == self.compact:
            return
        self.compact = compact
        self.set_class(compact, "-compact")
        self.refresh()

    @property
    def level_counts(self) -> dict[Level, int]:
        totals = dict.fromkeys(LEVEL_ORDER, 0)
        for (probability, impact), count in self.counts.items():
            totals[level_of(probability * impact)] += count
        return totals

    # ----- keys ---------------------------------------------------------------------------------

    def action_move(self, probability: int, impact: int) -> None:
        if self.compact:  # one line: left and right walk the levels, up and down do nothing
            step = impact
            self.level_cursor = max(0, min(len(LEVEL_ORDER) - 1, self.level_cursor + step))
        else:
            p, i = self.cursor
            self.cursor = (_clamp(p + probability), _clamp(i + impact))
        self.refresh()

    def action_pick(self) -> None:
        target = LEVEL_ORDER[self.level_cursor] if self.compact else self.cursor
        self.post_message(self.Picked(self, target))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # ----- drawing ------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._level_styles.clear()

    def level_colours(self, level: Level) -> tuple[Color, Color]:
        """(text, background) of a level's cells: the theme's colour for the level, drawn
        over the map's background, and the text colour that reads best on it."""
        part = self.get_component_styles(f"heat-map--{level.value}")
        background = self.background_colors[1] + part.background
        inks = (
            self.get_component_styles(f"heat-map--ink-{shade}").color for shade in ("light", "dark")
        )
        usable = [ink for ink in inks if ink.ansi != -1]  # the terminal's default: unknown
        return readable_ink(background, usable), background

    def level_style(self, level: Level) -> Style:
        style = self._level_styles.get(level)
        if style is None:  # resolved once per theme: a repaint asks on every cell
            ink, background = self.level_colours(level)
            style = Style(color=ink.rich_color, bgcolor=background.rich_color)
            style += self.get_component_styles(f"heat-map--{level.value}").text_style
            self._level_styles[level] = style
        return style

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        if self.compact:
            segments = self._compact_line(base) if y == 0 else []
        else:
            segments = self._grid_line(y, base)
        return Strip(segments).adjust_cell_length(self.size.width, base)

    def _axis(self, base: Style) -> Style:
        return base + self.get_component_rich_style("heat-map--axis", partial=True)

    def _grid_line(self, y: int, base: Style) -> list[Segment]:
        axis = self._axis(base)
        if y == 0:
            head = "P\\I".ljust(LABEL)
            labels = "".join(str(i).center(CELL) for i in SCALE)
            return [Segment(head + labels, axis), *self._legend(y, base, axis)]
        if y >= GRID_HEIGHT:
            return []
        probability = len(SCALE) + 1 - y  # 5 on the first line of cells
        segments = [Segment(f"  {probability}".ljust(LABEL), axis)]
        for impact in SCALE:
            cell = (probability, impact)
            text = self.cell_text(cell)
            style = self.level_style(level_of(probability * impact))
            segments.append(Segment(text, style))
        return segments + self._legend(y, base, axis)

    def cell_text(self, cell: Cell) -> str:
        """What a cell shows: its count ('·' for none), in [ ] under the cursor, in > < when
        it is the table's filter."""
        count = self.counts.get(cell, 0)
        shown = "·" if not count else (str(count) if count < 1000 else "1k+")
        cursor = self.has_focus and not self.compact and cell == self.cursor
        picked = cell == self.picked
        middle = shown.center(3)
        if cursor and picked:
            return f"[>{middle}<]"
        if cursor:
            return f"[ {middle} ]"
        if picked:
            return f"> {middle} <"
        return f"  {middle}  "

    def _legend(self, y: int, base: Style, axis: Style) -> list[Segment]:
        """Right of the grid: the open risks per level, then what the cursor or filter is."""
        gap = Segment(" " * LEGEND_GAP, base)
        if y == 0:
            return [gap, Segment(_("open by level"), axis)]
        if y <= len(LEVEL_ORDER):
            level = LEVEL_ORDER[y - 1]
            count = self.level_counts[level]
            return [
                gap,
                Segment("   ", self.level_style(level)),
                Segment(f" {fit(level_label(level), 9)}{count:>4}", base),
            ]
        if self.has_focus:
            p, i = self.cursor
            score = p * i
            reading = _("{cell} = {score} {level}").format(
                cell=cell_name(self.cursor), score=score, level=level_label(level_of(score))
            )
            return [gap, Segment(reading, axis)]
        if self.picked is not None:
            picked = _("filter {pick}").format(pick=describe_pick(self.picked))
            return [gap, Segment(picked, axis)]
        return [gap, Segment(_("Tab, Enter: filter"), axis)]

    def level_text(self, index: int) -> str:
        """A level on the one-line map: 'critical 2', in [ ] under the cursor, > < picked."""
        level = LEVEL_ORDER[index]
        text = f"{level_label(level)} {self.level_counts[level]}"
        if self.has_focus and index == self.level_cursor:
            return f"[{text}]"
        if level == self.picked:
            return f">{text}<"
        return f" {text} "

    def _compact_line(self, base: Style) -> list[Segment]:
        axis = self._axis(base)
        segments = [Segment(f" {status_label('open')} ", axis)]
        for index, level in enumerate(LEVEL_ORDER):
            if index:
                segments.append(Segment(" ", base))
            segments.append(Segment(self.level_text(index), self.level_style(level)))
        if isinstance(self.picked, tuple):
            picked = _("filter {pick}").format(pick=describe_pick(self.picked))
            segments.append(Segment(f"  {picked}", axis))
        elif self.has_focus:
            segments.append(Segment("  " + _("←→ Enter filters"), axis))
        else:
            segments.append(Segment("  " + _("1-4 filter"), axis))
        return segments

    def lines(self) -> list[str]:
        """The map's text as drawn now, line by line (what a test or a reader sees)."""
        return ["".join(s.text for s in self.render_line(y)) for y in range(self.size.height)]


def _clamp(value: int) -> int:
    return max(SCALE.start, min(SCALE.stop - 1, value))
