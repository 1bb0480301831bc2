"""What a merge conflict's event says. The merge writes it into the store in English (it
knows no board, and every clone reads it), and every place that shows it says it again in the
reader's language from the event's data (`conflict_summary`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from pstui.i18n import N_, _

# Marks a field, record or item absent on one side (None is a real JSON value).
MISSING: Any = object()
_VALUE_CHARS = 40
_KEPT_LATER = N_("{field}: kept {kept} (by later edit), other value {other}")
_KEPT_TIE = N_("{field}: kept {kept} (same time, tie broken by value), other value {other}")
_ITEM_DELETED = N_("item {path}: deleted on one side but edited on the other; kept the edit")
_RECORD_DELETED = N_("record: deleted on one side but edited on the other; kept the edit")
_RECORD = N_("record")
_NONE = N_("(none)")


def canonical(value: Any) -> str:
    """A value's JSON text, keys sorted: how conflicts compare and show values."""
    # "" sorts below any JSON text, so an absent value loses a tie to any present one.
    if value is MISSING:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _english(text: str) -> str:
    return text


def conflict_text(
    path: str,
    kept: Any,
    other: Any,
    *,
    tie: bool = False,
    deletion: bool = False,
    translate: Callable[[str], str] = _english,
) -> str:
    """A conflict's summary: in English for the event (`translate` left alone), or in the
    interface language to show (`translate=_`)."""
    if deletion:
        return translate(_ITEM_DELETED).format(path=path) if path else translate(_RECORD_DELETED)
    return translate(_KEPT_TIE if tie else _KEPT_LATER).format(
        field=path or translate(_RECORD),
        kept=_short(kept, translate),
        other=_short(other, translate),
    )


def conflict_summary(action: str, summary: str, data: Any) -> str:
    """An event's summary as the reader reads it: a conflict's in the interface language,
    rebuilt from its data when the English it holds is the one the merge writes (else as it
    is: an event of another version of pstui); any other event's as it was written."""
    if action != "conflict" or not isinstance(data, Mapping):
        return summary
    path = data.get("field")
    path = path if isinstance(path, str) else ""
    kept, other = data.get("kept"), data.get("other")
    tie = data.get("kept_at") == data.get("other_at")
    for deletion in (False, True):
        if conflict_text(path, kept, other, tie=tie, deletion=deletion) == summary:
            return conflict_text(path, kept, other, tie=tie, deletion=deletion, translate=_)
    return summary


def _short(value: Any, translate: Callable[[str], str] = _english) -> str:
    if value is MISSING or value is None:
        return translate(_NONE)
    text = canonical(value)
    if len(text) > _VALUE_CHARS:
        text = text[: _VALUE_CHARS - 1] + "…"
    return text
