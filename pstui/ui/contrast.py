"""Text that reads on a coloured background: the WCAG 2 contrast of two colours, and the ink
to write with on a swatch whose colour the theme chooses (a heat map cell, a risk mark).

ANSI colours have no RGB of their own (the user's terminal palette decides): they are
measured as Rich's default palette draws them, the terminal's default colour as black ink
on a white ground.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.color import Color

READABLE = 4.5  # WCAG AA contrast for text
AAA = 7.0  # WCAG AAA, which the high-contrast theme promises
NON_TEXT = 3.0  # WCAG 1.4.11: lines and bars that are not text, such as a column's frame
AAA_THEMES = frozenset({"high-contrast"})
BLEND_STEPS = 10  # how finely an ink is moved toward one that reads


def contrast(a: Color, b: Color) -> float:
    """The WCAG 2 contrast ratio of two opaque colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        s = value / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def needed_contrast(theme: str) -> float:
    """The contrast text needs in theme `theme`: 7:1 where the theme promises AAA, else 4.5:1."""
    return AAA if theme in AAA_THEMES else READABLE


def shade(colour: Color, *, ink: bool) -> Color:
    """`colour` as drawn: an ANSI colour as Rich's default palette draws it as ink or ground."""
    if colour.ansi is None:
        return colour
    return Color(*colour.rich_color.get_truecolor(foreground=ink))


def reads(ink: Color, ground: Color, needed: float = READABLE, *, mono: bool = False) -> bool:
    """Whether `ink` on `ground` reaches `needed`; with `mono`, in the greys Textual draws them
    in under NO_COLOR too."""
    if contrast(shade(ink, ink=True), shade(ground, ink=False)) < needed:
        return False
    return not mono or contrast(ink.monochrome, ground.monochrome) >= needed


def legible(
    ink: Color,
    ground: Color,
    inks: Iterable[Color],
    needed: float = READABLE,
    *,
    mono: bool = False,
) -> Color:
    """`ink` if it reads on `ground`; else `ink` moved toward the best reading of `inks`
    (black and white after them) just far enough to read, so that an overdue date stays
    reddish on the cursor. ANSI colours cannot be blended: the first of `inks` that reads."""
    if reads(ink, ground, needed, mono=mono):
        return ink
    ansi = ink.ansi is not None or ground.ansi is not None
    candidates = [*inks, *_black_and_white(ansi)]
    if ansi:
        return next(
            (c for c in candidates if reads(c, ground, needed, mono=mono)),
            max(candidates, key=lambda c: contrast(shade(c, ink=True), shade(ground, ink=False))),
        )

    def score(candidate: Color) -> float:
        ratio = contrast(candidate, ground)
        return min(ratio, contrast(candidate.monochrome, ground.monochrome)) if mono else ratio

    best = max(candidates, key=score)
    for step in range(1, BLEND_STEPS):
        blended = ink.blend(best, step / BLEND_STEPS)
        if reads(blended, ground, needed, mono=mono):
            return blended
    return best


def _black_and_white(ansi: bool) -> tuple[Color, Color]:
    if ansi:
        return Color.parse("ansi_black"), Color.parse("ansi_bright_white")
    return Color(0, 0, 0), Color(255, 255, 255)


def readable_ink(background: Color, inks: Iterable[Color]) -> Color:
    """The theme's text colour that reads best on `background`; when none reaches 4.5:1,
    black or white, whichever reads better (ANSI ones on an ANSI background)."""
    best = max(inks, key=lambda ink: contrast(ink, background), default=None)
    if best is not None and contrast(best, background) >= READABLE:
        return best
    black, white = _black_and_white(background.ansi is not None)
    return max((black, white), key=lambda ink: contrast(ink, background))
