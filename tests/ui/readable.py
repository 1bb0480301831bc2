"""Every text a screen draws, measured against the background it is drawn on.

The screen's strips are taken from its compositor (what the terminal is sent), so a theme
colour that does not read where it lands is found wherever it comes from: CSS, a component
class or a Content style. Dim text (a disabled key) is left out, as WCAG leaves out
disabled controls, and so are lines and frames (box-drawing characters).

The ANSI theme's colours are the user's terminal palette: there, text only has to be drawn
in another colour than its ground (measured with Rich's default palette).
"""

from __future__ import annotations

from textual.color import Color
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
