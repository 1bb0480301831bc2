"""Laying out styled runs of user text in a fixed number of terminal cells.

Titles are user text, often Chinese: they are cut on cell boundaries (a wide character is
never split) with an ellipsis, control characters are made visible, and nothing is ever
parsed as markup, because runs become `Segment`s directly.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from pstui.model.text import printable

ELLIPSIS = "…"


def fit_runs(runs: list[tuple[str, Style]], width: int, fill: Style) -> list[Segment]:
    """Segments filling exactly `width` cells: runs in order, the last visible one cut with '…'."""
    segments: list[Segment] = []
    used = 0
    for text, style in runs:
        text = printable(text)
        if not text:
            continue
        size = cell_len(text)
        room = width - used
        if size > room:
            if room > 0:
                cut = _cut(text, room - 1) + ELLIPSIS
                segments.append(Segment(cut, style))
                used += cell_len(cut)
            break
        segments.append(Segment(text, style))
        used += size
    if used < width:
        segments.append(Segment(" " * (width - used), fill))
    return segments


def _cut(text: str, cells: int) -> str:
    """The longest head of `text` that fits in `cells` (a wide character is dropped whole)."""
    out, used = [], 0
    for char in text:
        size = cell_len(char)
        if used + size > cells:
            break
        out.append(char)
        used += size
    return "".join(out)
