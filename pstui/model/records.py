"""Reading records someone else may have written: a field of the wrong kind is named, not
left to fail later as a TypeError deep in the drawing of a card.

pstui writes every field with its kind; a hand edit, another tool or a bad merge may not.
The model reads text it can turn into text as text (a title of 7 reads "7"), and refuses a
field it could only misuse: a list that is a number, a date that is not text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class RecordError(ValueError):
    """A record that is not what pstui writes; the message names the field."""


def require_object(raw: Any, what: str) -> None:
    if not isinstance(raw, Mapping):
        raise RecordError(f"{what} is {shown(raw)}, not an object")


def require_kinds(raw: Mapping[str, Any], kinds: Mapping[str, type], where: str = "") -> None:
    """Raise RecordError for the first field of `raw` that is set (not missing, not null) to
    a value not of its kind in `kinds`."""
    for name, kind in kinds.items():
        value = raw.get(name)
        if value is not None and not isinstance(value, kind):
            raise RecordError(f"{where}{name} is {shown(value)}, not {_KIND_NAMES[kind]}")


def shown(value: Any) -> str:
    """A value as a message quotes it, cut short: a field may hold a whole document."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


_KIND_NAMES = {str: "text", list: "a list", dict: "an object"}
