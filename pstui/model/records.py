"""Reading records someone else may have written: a field of the wrong kind is named, not
left to fail later as a TypeError deep in the drawing of a card.

pstui writes every field with its kind; a hand edit, another tool or a bad merge may not.
The model reads text it can turn into text as text (a title of 7 reads "7"), and refuses a
field it could only misuse: a list that is a number, a date that is not text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

from pstui.i18n import _, pgettext

T = TypeVar("T")


class RecordError(ValueError):
    """A record that is not what pstui writes; the message names the field."""


def require_object(raw: Any, what: str) -> None:
    """RecordError unless `raw` is an object; `what` (marked N_ by the caller: "the card")
    names it in the message, translated then."""
    if not isinstance(raw, Mapping):
        raise RecordError(
            _("{what} is {value}, not an object").format(what=_(what), value=shown(raw))
        )


def require_kinds(raw: Mapping[str, Any], kinds: Mapping[str, type], where: str = "") -> None:
    """Raise RecordError for the first field of `raw` that is set (not missing, not null) to
    a value not of its kind in `kinds`. `where` ("a decision's ", marked N_ by the caller)
    comes before the field's name in the message, translated then."""
    for name, kind in kinds.items():
        value = raw.get(name)
        if value is not None and not isinstance(value, kind):
            raise RecordError(
                _("{where}{name} is {value}, not {kind}").format(
                    where=_(where) if where else "",
                    name=name,
                    value=shown(value),
                    kind=_kind_name(kind),
                )
            )


def shown(value: Any) -> str:
    """A value as a message quotes it, cut short: a field may hold a whole document."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _kind_name(kind: type) -> str:
    names = {str: pgettext("value", "text"), list: _("a list"), dict: _("an object")}
    return names[kind]


def text_of(raw: Mapping[str, Any], name: str) -> str:
    """A text field as text: missing or null is "", a number reads as its digits."""
    value = raw.get(name)
    return "" if value is None else str(value)


def optional_text(raw: Mapping[str, Any], name: str) -> str | None:
    """A text field where empty means unset (a date, a reference): None for "" and null."""
    value = raw.get(name)
    return str(value) if value else None


def choice(raw: Mapping[str, Any], name: str, allowed: Sequence[str], default: str) -> str:
    """One of `allowed`; missing or empty is `default`; RecordError for anything else."""
    value = raw.get(name) or default
    if value not in allowed:
        raise RecordError(
            _("{name} is {value}, not one of {allowed}").format(
                name=name, value=shown(raw.get(name)), allowed=", ".join(allowed)
            )
        )
    return value


def read_items(raw: Mapping[str, Any], name: str, read: Callable[[Any], T]) -> list[T]:
    """A list field of objects, each read by `read`; missing or null is an empty list."""
    items = raw.get(name)
    if items is None:
        return []
    if not isinstance(items, list):
        raise RecordError(_("{name} is {value}, not a list").format(name=name, value=shown(items)))
    return [read(item) for item in items]


def optional_number(raw: Mapping[str, Any], name: str) -> float | None:
    """A number field (an amount); missing or null is None; RecordError for text or a bool."""
    value = raw.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(
            _("{name} is {value}, not a number").format(name=name, value=shown(value))
        )
    return value


def day_of(raw: Mapping[str, Any], name: str, *, required: bool = False) -> str | None:
    """A date field, `YYYY-MM-DD`; None when unset and not `required`; RecordError else."""
    value = raw.get(name)
    if not value:
        if required:
            raise RecordError(_("{name} is not set").format(name=name))
        return None
    if not isinstance(value, str) or not _DAY.fullmatch(value) or not _real_day(value):
        raise RecordError(
            _("{name} is {value}, not a date (YYYY-MM-DD)").format(name=name, value=shown(value))
        )
    return value


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _real_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
