"""User text shown literally: control characters and escape sequences become visible marks.

Markup safety is the UI's job (it renders user text as plain `Text`, never as markup);
this module removes the other way user text could act on a terminal: raw control bytes.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return "^" + chr(code + 0x40)  # caret notation, as `cat -v` shows: ESC is ^[
    return f"\\x{code:02x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with control characters turned into visible caret notation (ESC -> ^[)."""
    shown = _CONTROL.sub(_visible, text)
    return shown if keep_newlines else shown.replace("\n", " ").replace("\t", " ")
