"""Text that reads on a coloured background: the WCAG 2 contrast of two colours, and the ink
to write with on a swatch whose colour the theme chooses (a heat map cell, a risk mark)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.color import Color

READABLE = 4.5  # WCAG AA contrast for text


def contrast(a: Color, b: Color) -> float:
    """The WCAG 2 contrast ratio of two opaque colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        s = value / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def readable_ink(background: Color, inks: Iterable[Color]) -> Color:
    """The theme's text colour that reads best on `background`; when none reaches 4.5:1,
    black or white, whichever reads better (ANSI ones on an ANSI background)."""
    best = max(inks, key=lambda ink: contrast(ink, background), default=None)
    if best is not None and contrast(best, background) >= READABLE:
        return best
    if background.ansi is not None:
        black, white = Color.parse("ansi_black"), Color.parse("ansi_bright_white")
    else:
        black, white = Color(0, 0, 0), Color(255, 255, 255)
    return max((black, white), key=lambda ink: contrast(ink, background))
