"""User text shown literally: control characters and escape sequences become visible marks.

Markup safety is the UI's job (it renders user text as plain `Text`, never as markup);
this module removes the other way user text could act on a terminal: raw control bytes.
"""

from __future__ import annotations

import re
import unicodedata

from pstui.i18n import N_, _

# C0 and C1 controls (not \t and \n, handled below), and the bidirectional controls: the
# embeddings and overrides U+202A-U+202E, the isolates U+2066-U+2069 and the marks U+200E,
# U+200F and U+061C. A right-to-left override turns the rest of a line around where it is
# drawn (a title "invoice<U+202E>fdp.exe" reads "invoiceexe.pdf"), so none is drawn raw.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return "^" + chr(code + 0x40)  # caret notation, as `cat -v` shows: ESC is ^[
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"<U+{code:04X}>"  # a bidi control: named by its code point


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with control characters turned into visible caret notation (ESC -> ^[) and
    bidirectional controls into their code points (U+202E -> <U+202E>)."""
    shown = _CONTROL.sub(_visible, text)
    return shown if keep_newlines else shown.replace("\n", " ").replace("\t", " ")


def char_width(char: str) -> int:
    """Terminal cells a character takes: 2 for wide (CJK) ones, 0 for combining marks."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    if text.isascii():  # one cell per character, and most text is: skip the lookups
        return len(text)
    return sum(char_width(c) for c in text)


def fit(text: str, width: int, *, pad: bool = True) -> str:
    """`text` cut to `width` cells with an ellipsis, never splitting a wide character."""
    if width <= 0:
        return ""
    cells = cell_width(text)
    if cells <= width:
        return text + " " * (width - cells) if pad else text
    out, used = [], 0
    for char in text:
        w = char_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    cut = "".join(out) + "…"
    used += 1
    return cut + " " * (width - used) if pad else cut


def clean_title(text: str, what: str = N_("a title")) -> str:
    """A one-line text as typed (a title, a note): runs of white space (newlines too) become
    one space. Raises ValueError, naming `what` (translated, when the catalog has it), for an
    empty one."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValueError(_("{what} cannot be empty").format(what=_(what)))
    return cleaned
