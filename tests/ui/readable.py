"""Every text a screen draws, measured against the background it is drawn on.

The screen's strips are taken from its compositor (what the terminal is sent), so a theme
colour that does not read where it lands is found wherever it comes from: CSS, a component
class or a Content style. Dim text (a disabled key) is left out, as WCAG leaves out
disabled controls, and so are lines and frames (box-drawing characters).

The ANSI theme's colours are the user's terminal palette: there, text only has to be drawn
in another colour than its ground (measured with Rich's default palette).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from textual.color import Color
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget

from pstui.ui.contrast import contrast

THEMES = ("pstui-dark", "pstui-light", "high-contrast", "ansi-16")
# WCAG AA for text; the high-contrast theme promises AAA.
NEEDED = {"high-contrast": 7.0, "ansi-16": 1.5}
AA = 4.5


def hard_to_read(screen: Screen, needed: float, within: Widget | None = None) -> list[str]:
    """Each run of text drawn below `needed` contrast, with its line and ratio; only inside
    `within` if given (a modal's box: the screen under it is dimmed on purpose)."""
    found = []
    region = within.region if within is not None else screen.region
    strips = screen._compositor.render_strips()
    for y in range(region.y, region.bottom):
        for segment in strips[y].crop(region.x, region.right):
            style = segment.style
            if segment.control or style is None or not _is_text(segment.text):
                continue
            if style.dim or style.color is None or style.bgcolor is None:
                continue
            ink = Color(*style.color.get_truecolor(foreground=True))
            ground = Color(*style.bgcolor.get_truecolor(foreground=False))
            ratio = contrast(ink, ground)
            if ratio < needed:
                found.append(
                    f"line {y}: {segment.text.strip()!r} {ink.hex} on {ground.hex}: {ratio:.2f}"
                )
    return found


def needed_in(theme: str) -> float:
    return NEEDED.get(theme, AA)


def _is_text(text: str) -> bool:
    """Whether `text` holds more than spaces, lines and frames (U+2500 to U+259F)."""
    return any(not char.isspace() and not 0x2500 <= ord(char) <= 0x259F for char in text)


class Drawn(NamedTuple):
    """A run of text as the terminal shows it: its ink and ground, and their contrast."""

    text: str
    ink: Color
    ground: Color
    ratio: float


def drawn_colours(style: Style) -> tuple[Color, Color]:
    """The ink and ground `style` draws text in: swapped when reversed, the terminal's
    default colours and ANSI ones as Rich's default palette draws them."""
    ink = Color(*style.color.get_truecolor(foreground=True)) if style.color else None
    ground = Color(*style.bgcolor.get_truecolor(foreground=False)) if style.bgcolor else None
    assert ink is not None and ground is not None, f"no colour drawn: {style}"
    return (ground, ink) if style.reverse else (ink, ground)


class DrawnScreen:
    """What a screen draws now, cell by cell, from its compositor (what the terminal is sent,
    NO_COLOR's filter applied), to measure the colours of its runs of text."""

    def __init__(self, screen: Screen) -> None:
        self.lines = []
        for strip in screen._compositor.render_strips():
            cells: list[tuple[str, Style]] = []
            for segment in strip:
                if segment.control:
                    continue
                style = segment.style or Style()
                for char in segment.text:
                    cells.append((char, style))
                    # A wide character's second cell: empty, so that indices stay cells.
                    cells.extend(("", style) for _ in range(cell_len(char) - 1))
            self.lines.append(cells)

    def line_of(self, text: str, within: Region) -> int:
        """The first line inside `within` on which `text` is drawn."""
        for y in range(within.y, within.bottom):
            if text in self._text(y, within):
                return y
        raise AssertionError(f"{text!r} is not drawn in {within}")

    def run(self, text: str, y: int, within: Region) -> Drawn:
        """The first `text` drawn on line `y` inside `within`, with the lowest contrast of its
        cells (spaces left out: they show the ground alone) and that cell's colours."""
        start = self._text(y, within).find(text)
        assert start >= 0, f"{text!r} not drawn on line {y}: {self._text(y, within)!r}"
        cells = self.lines[y][within.x + start : within.x + start + len(text)]
        measured = []
        for char, style in cells:
            if char.strip():
                ink, ground = drawn_colours(style)
                measured.append(Drawn(text, ink, ground, contrast(ink, ground)))
        return min(measured, key=lambda drawn: drawn.ratio)

    def _text(self, y: int, within: Region) -> str:
        return "".join(char or "\0" for char, _ in self.lines[y][within.x : within.right])
