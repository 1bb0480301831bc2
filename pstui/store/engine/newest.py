"""A table's newest records, found by bisecting its bytes.

A file in pstui's layout holds each table's records in id order, and pstui's ids start with
the time they were made: the events of the last day are the last few hundred records of
70,000. Bisecting the bytes for the first of them, and parsing only the records from there,
reads them without cutting the whole table into records (which takes a tenth of a second
and a span per event kept in memory).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from pstui.store.engine.lazy import (
    _KEY,
    _RECORD_LINE_START,
    DELETED,
    LazyTable,
    RawRecord,
    _key,
    parse_span,
)


def records_from(
    table: LazyTable, first_id: str, name: str = "", values: Collection[str] = ()
) -> dict[str, Any]:
    """The records of `table` whose ids sort at or after `first_id`, parsed, in id order;
    those changed since the file was read as they are now. With `name`, only those whose
    top-level field `name` is one of the strings `values` (the others are not parsed)."""
    records, overlay = table._records, table._overlay
    wanted = _Wanted(name, values)
    if records.region is None or records.is_cut:
        # No file's bytes behind it, or already cut apart: its ids are at hand.
        ids = sorted(rid for rid in table if rid >= first_id)
        return {rid: record for rid in ids if wanted.holds(record := table[rid])}
    found = dict(_file_records_from(records.blob, records.region, records.path, first_id, wanted))
    for rid, value in overlay.items():
        if rid < first_id:
            continue
        found.pop(rid, None)
        if value is not DELETED:
            record = value.parse() if isinstance(value, RawRecord) else value
            if wanted.holds(record):
                found[rid] = record
    return dict(sorted(found.items()))


class _Wanted:
    """Which records `records_from` keeps: all, or those with a field holding one of some
    strings, told from a record's bytes by that field's line (as `LazyTable.having` does)."""

    def __init__(self, name: str, values: Collection[str]) -> None:
        self.name, self.values = name, frozenset(values)
        self.lines = tuple(
            f"\n   {json.dumps(name)}: {json.dumps(v, ensure_ascii=False)}".encode() for v in values
        )

    def holds(self, record: Any) -> bool:
        return not self.name or (isinstance(record, dict) and record.get(self.name) in self.values)

    def in_bytes(self, blob: bytes, start: int, end: int) -> bool:
        """Whether the record between `start` and `end` may hold it (then parse it to know)."""
        return not self.name or any(blob.find(line, start, end) >= 0 for line in self.lines)


def _file_records_from(
    blob: bytes, region: tuple[int, int], path: Any, first_id: str, wanted: _Wanted
) -> list[tuple[str, Any]]:
    """(id, record) of the file's records at or after `first_id`, from its bytes."""
    start, close = region
    line = _first_line_from(blob, start, close, first_id)
    out: list[tuple[str, Any]] = []
    while line >= 0:
        key = _KEY.match(blob, line + len(_RECORD_LINE_START) - 1)
        following = blob.find(_RECORD_LINE_START, line + 1, close)
        value_end = following - 1 if following >= 0 else close  # before its comma
        if key is not None and wanted.in_bytes(blob, key.end(), value_end):
            record = parse_span(blob, (line, key.end(), value_end), path)
            if wanted.holds(record):
                out.append((_key(key.group(1)), record))
        line = following
    return out


def _first_line_from(blob: bytes, start: int, close: int, first_id: str) -> int:
    """Where the first record line whose id sorts at or after `first_id` starts; -1 when
    none does. Each probe reads the id of the first record line at or after a byte."""
    low, high = start, close
    while low < high:
        middle = (low + high) // 2
        line = blob.find(_RECORD_LINE_START, middle, close)
        if line < 0 or _id_at(blob, line) >= first_id:
            high = middle
        else:
            low = line + 1
    return blob.find(_RECORD_LINE_START, low, close)


def _id_at(blob: bytes, line: int) -> str:
    key = _KEY.match(blob, line + len(_RECORD_LINE_START) - 1)
    return _key(key.group(1)) if key is not None else ""
