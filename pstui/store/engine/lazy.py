"""Records read on demand from the store file's bytes.

The store file is canonical (see `serialize`): every record of every table starts on a line
of its own, `  "ID": {`, at a fixed indentation, its own fields one level deeper, and a raw
newline never occurs inside a JSON string. So the file can be cut into per-record byte spans
without parsing it: a record is parsed the first time it is read, an unchanged record is
written back as the very bytes it was read from, and a merge compares records as bytes. On
a store of thousands of cards this is what keeps opening the store and merging it fast.

A file that is valid JSON but not in this layout (edited by hand, minified) is parsed whole
instead: slower, same result. So is a table with a line that starts as a record's line does
but has no key as pstui writes it (`"id":{`, no space): passed over, it would join its record
to the one before, or lose it.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import math
import re
import sys
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from pstui.i18n import _
from pstui.store.engine import search
from pstui.store.errors import BadStoreFile

Span = tuple[int, int, int]  # where the record line starts, where its value starts and ends


class PlainFields(NamedTuple):
    """Top-level fields read from every record of a table as plain values (see
    `LazyTable.plain_fields_of_each`): `names` sorted, as the file's keys; those in `flags`
    are true or false, the others plain strings."""

    names: tuple[str, ...]
    flags: frozenset[str] = frozenset()


PlainValues = dict[str, tuple[bytes, ...]]  # record id -> the bytes of its plain fields


class _Deleted:
    def __repr__(self) -> str:
        return "DELETED"


DELETED: Any = _Deleted()  # an overlay value: the record was removed
MISSING: Any = object()  # `top_field`'s answer for a field the record does not have

_FIELD = b'\n   "'
_RECORD_HEAD_LINE = b'{\n   "'  # a record as pstui writes it: its first field on its own line
_RECORD_CLOSE = b"\n  }"
_TABLE_CLOSE = b"\n }"


class RawRecord:
    """A record kept as its canonical bytes from another file: the merge takes records whole
    from the other side this way, so they are written back as those bytes, not parsed and
    serialized again. Parsed when read."""

    __slots__ = ("text", "path")

    def __init__(self, text: bytes, path: Path | str) -> None:
        self.text = text
        self.path = path

    def parse(self) -> Any:
        return parse_span(self.text, (0, 0, len(self.text)), self.path)


class AddedRecord(RawRecord):
    """A RawRecord for an id that the file it is laid over does not hold: `reread` knows
    which records of a new file are new to the old one, so asking whether the old file holds
    them need not cut its 70,000 events apart."""

    __slots__ = ()


class _Records:
    """A table's records in the file: the bytes and each record's span, found the first time
    they are needed. Shared by every version of the table (`with_changes`), so they are found
    once: opening a 10,000-card store cuts only the cards apart, not its 70,000 events."""

    __slots__ = (
        "blob", "path", "region", "not_in_file", "_plain", "_find", "_spans", "_order", "_lock"
    )  # fmt: skip

    def __init__(
        self,
        blob: bytes,
        path: Path | str,
        spans: dict[str, Span] | None = None,
        find: Callable[[], tuple[bytes, dict[str, Span]]] | None = None,
        region: tuple[int, int] | None = None,
        plain: tuple[PlainFields, PlainValues] | None = None,
    ) -> None:
        self.blob = blob
        self.path = path
        # Fields of its records read as the table was cut (`TableScan`), of these bytes.
        self._plain = plain
        # Where the table's value is in `blob`: its "{" and the "\n }" closing it, when the
        # records between are the file's bytes in pstui's layout.
        self.region = region
        self.not_in_file: set[str] = set()  # ids added since, checked to be new to `blob`
        self._find = find
        self._spans = spans if spans is not None or find is not None else {}
        self._order: list[str] | None = None
        self._lock = threading.Lock()  # the UI and the writer thread may both ask first

    @property
    def spans(self) -> dict[str, Span]:
        if self._spans is None:
            with self._lock:
                if self._spans is None:
                    assert self._find is not None
                    blob, self._spans = self._find()
                    if blob is not self.blob:  # re-written canonical: that table alone
                        self.blob, self.region = blob, None
                    self._find = None
        return self._spans

    def take_plain(self, fields: PlainFields) -> PlainValues:
        """What the scan that cut the table read of `fields`, handed over once: the first
        read of them (the board placing the cards) is all that needs them, and kept they
        would hold a few MB for the whole session."""
        if self._plain is None or self._plain[0] != fields:
            return {}
        values, self._plain = self._plain[1], None
        return values

    @property
    def is_cut(self) -> bool:
        return self._spans is not None

    def of_file(self, blob: bytes) -> bool:
        """Whether these are the records of `blob` as it was read, or an empty table there.
        Not those of a file parsed whole (not in pstui's layout): its records are no bytes
        of it, and the table holds them as if they were changes."""
        if self.blob is not blob:
            return False
        return self.region is not None or (self.is_cut and not self.spans)

    @property
    def order(self) -> list[str]:
        """The record ids in file order, which is id order (`_record_spans` checks it)."""
        if self._order is None:
            self._order = list(self.spans)
        return self._order


class LazyTable(Mapping[str, Any]):
    """One table: records as byte spans of the file, parsed when read, plus changed records.

    Immutable: `with_changes` returns a new table sharing the bytes, so a snapshot can be
    written on another thread while the UI makes the next change. Records are parsed each
    time they are read: callers keep what they need (the repository caches cards).
    """

    __slots__ = ("_records", "_overlay", "_len")

    def __init__(
        self,
        blob: bytes = b"",
        spans: dict[str, Span] | None = None,
        overlay: dict[str, Any] | None = None,
        path: Path | str = "pstui.json",
        *,
        records: _Records | None = None,
    ) -> None:
        self._records = records if records is not None else _Records(blob, path, spans or {})
        self._overlay = overlay or {}
        self._len: int | None = None

    @classmethod
    def of(cls, records: Mapping[str, Any]) -> LazyTable:
        """A table holding already parsed records (no bytes behind them)."""
        if isinstance(records, LazyTable):
            return records
        return cls(overlay=dict(records))

    @classmethod
    def deferred(
        cls,
        blob: bytes,
        region: tuple[int, int],
        path: Path | str,
        find: Callable[[], tuple[bytes, dict[str, Span]]],
    ) -> LazyTable:
        """A table whose records, in `region` of `blob`, `find()` cuts apart when first
        needed; it returns the bytes and the spans."""
        return cls(records=_Records(blob, path, find=find, region=region))

    @property
    def _spans(self) -> dict[str, Span]:
        return self._records.spans

    # ----- Mapping ------------------------------------------------------------------------

    def __getitem__(self, record_id: str) -> Any:
        if record_id in self._overlay:
            value = self._overlay[record_id]
            if value is DELETED:
                raise KeyError(record_id)
            return value.parse() if isinstance(value, RawRecord) else value
        spans = self._spans
        return parse_span(self._records.blob, spans[record_id], self._records.path)

    def __contains__(self, record_id: object) -> bool:
        if record_id in self._overlay:
            return self._overlay[record_id] is not DELETED  # type: ignore[index]
        return record_id in self._spans

    def __iter__(self) -> Iterator[str]:
        overlay, spans = self._overlay, self._spans
        for record_id in spans:
            if overlay.get(record_id) is not DELETED:
                yield record_id
        for record_id, value in overlay.items():
            if value is not DELETED and record_id not in spans:
                yield record_id

    def __len__(self) -> int:
        if self._len is None:
            spans, overlay = self._spans, self._overlay
            added = sum(1 for k, v in overlay.items() if v is not DELETED and k not in spans)
            removed = sum(1 for k, v in overlay.items() if v is DELETED and k in spans)
            self._len = len(spans) + added - removed
        return self._len

    def __bool__(self) -> bool:
        # Without cutting the file's records apart: writing a table asks whether it is empty.
        region, overlay = self._records.region, self._overlay
        if region is not None and all(value is not DELETED for value in overlay.values()):
            return region[1] > region[0] + 1 or bool(overlay)
        return len(self) > 0

    def __eq__(self, other: object) -> bool:
        if (
            isinstance(other, LazyTable)
            and other._records is self._records
            and other._overlay == self._overlay
        ):
            return True
        return Mapping.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LazyTable({len(self)} records, {len(self._overlay)} changed)"

    # ----- what makes it fast -----------------------------------------------------------------

    def raw(self, record_id: str) -> bytes | None:
        """The record's bytes as read from a file, if it is unchanged since; else None."""
        if record_id in self._overlay:
            value = self._overlay[record_id]
            return value.text if isinstance(value, RawRecord) else None
        span = self._spans.get(record_id)
        return None if span is None else self._records.blob[span[1] : span[2]]

    def field(self, record_id: str, name: str, default: Any = None) -> Any:
        """One top-level field of a record, read without parsing the whole record."""
        if record_id in self._overlay:
            record = self[record_id]
            return record.get(name, default) if isinstance(record, dict) else default
        spans = self._spans
        value = top_field(self._records.blob, spans[record_id], name, self._records.path)
        if value is MISSING:
            return default
        return value

    def plain_fields_of_each(
        self, fields: PlainFields
    ) -> Iterator[tuple[str, tuple[bytes, ...] | None]]:
        """(id, the bytes of the values of `fields`) of every record, for fields pstui writes
        as plain values: a string without escapes (the bytes between its quotes) or, for
        flags, true or false. None for a record that holds another value, lacks a field, or
        changed since it was read: `field` reads that one. One regex match per run of
        fields and no step per field: the board places every card at every open, and a step
        per value would make that the slow part of it. What the scan that cut the table
        read of these fields is taken as it is, the first time (see `TableScan`)."""
        read = _plain_runs(fields.names, fields.flags).groups
        records, overlay = self._records, self._overlay
        blob, spans = records.blob, self._spans
        known = records.take_plain(fields)
        for record_id, span in spans.items():
            if record_id not in overlay:
                yield record_id, known.get(record_id) or read(blob, span)
            elif overlay[record_id] is not DELETED:
                yield record_id, None
        for record_id, value in overlay.items():
            if value is not DELETED and record_id not in spans:
                yield record_id, None

    def fields_in_one_pass(
        self, fields: tuple[tuple[str, str], ...]
    ) -> Iterator[tuple[str, tuple[bytes, ...] | None]]:
        """(id, the bytes of the values of `fields`) of every record, for a table of small
        records read whole at once (the board's risk marks): one regex pass over the table's
        bytes finds every record and its fields, with no step per record but the caller's,
        and nothing cut apart or parsed. `fields` are (name, kind) in the file's (sorted)
        order, each a plain value on its line (see `PLAIN_KINDS`), other lines of the record
        between them. None for a record that lacks one or holds another value there, or
        changed since the file was read: the caller reads that one parsed. The records are
        those the table's record lines start, as cutting the table finds them."""
        records, overlay = self._records, self._overlay
        if records.region is None:  # no file's bytes behind it
            for record_id in self:
                yield record_id, None
            return
        start, close = records.region
        blob = records.blob
        found = _fields_pass(fields).findall(blob, start, close)
        try:
            if len(found) != blob.count(_RECORD_LINE_START, start, close):
                raise _NotInLayout  # a record line without its key (`"id":{`), say
            in_file = [(_key(raw_id), values) for raw_id, *values in found]
        except _NotInLayout:  # cut apart, the table is parsed instead: each record as it is
            for record_id in self:
                yield record_id, None
            return
        for record_id, (opened, *values) in in_file:
            if record_id not in overlay:
                yield record_id, tuple(values) if opened else None
        for record_id, value in overlay.items():
            if value is not DELETED:
                yield record_id, None

    def having(self, name: str, value: str) -> dict[str, Any]:
        """The records whose top-level field `name` is the string `value`, parsed. Found by
        searching the bytes for the value, so a table never cut into records stays so: a
        card's history comes out of 70,000 events without indexing them all. The value alone,
        not its field's line: a record written on one line, or `"name":"value"`, holds it
        too (a value written with \\u escapes would not be found: an ASCII one is looked for
        so, any other in each record)."""
        if self._records.region is None or not (isinstance(value, str) and value.isascii()):
            candidates = ((rid, self[rid]) for rid in self)
        else:
            changed = ((rid, self.get(rid)) for rid in self._overlay)
            try:
                in_file = list(self._search(json.dumps(value)))
            except _NotInLayout:  # cut apart, the table is parsed instead: look at each record
                in_file = [(rid, self[rid]) for rid in self if rid not in self._overlay]
            candidates = itertools.chain(in_file, changed)
        found: dict[str, Any] = {}
        for record_id, record in candidates:
            if record_id in self._overlay and record_id in found:
                del found[record_id]  # changed since it was read: as it is now
            if isinstance(record, dict) and record.get(name) == value:
                found[record_id] = record
        return found

    def _search(self, text: str) -> Iterator[tuple[str, Any]]:
        """(id, record) of every record of the file's region holding `text` (at any depth);
        raises _NotInLayout where a record line holding it has no key pstui writes."""
        records = self._records
        blob, path = records.blob, records.path
        assert records.region is not None
        start, end = records.region
        needle = text.encode()
        at = blob.find(needle, start, end)
        while at >= 0:
            head = blob.rfind(_RECORD_LINE_START, start, at)
            key = _KEY.match(blob, head + 3) if head >= 0 else None
            if key is None:
                raise _NotInLayout
            following = blob.find(_RECORD_LINE_START, at, end)
            value_end = following - 1 if following >= 0 else end
            yield _key(key.group(1)), parse_span(blob, (head, key.end(), value_end), path)
            at = blob.find(needle, value_end, end)

    def record_parts(self, serialize: Callable[[str, Any], bytes]) -> list[bytes | memoryview]:
        """The table's records as canonical `\\n  "id": {...}` entries in id order, to be joined
        with commas. Unchanged stretches of the file come as one zero-copy view each, found by
        bisecting the changed ids into the file's (sorted) order: writing a large store after
        one change costs a few records of work, not one per record."""
        appended = self._appended_to_the_file()
        if appended is not None:  # the file's records need not be cut apart
            start, close = self._records.region or (0, 0)
            view = memoryview(self._records.blob)
            return [view[start + 1 : close], *(serialize(r, self._overlay[r]) for r in appended)]
        spans, order = self._spans, self._records.order
        # Only now: cutting apart a table not in pstui's layout replaces its bytes (see
        # `_split_table`), and the spans are those of the new bytes.
        view = memoryview(self._records.blob)
        touched = sorted((bisect.bisect_left(order, rid), rid) for rid in self._overlay)
        parts: list[bytes | memoryview] = []
        cursor = 0  # the first record of the file not yet written or skipped
        for position, record_id in touched:
            if position > cursor:
                parts.append(view[spans[order[cursor]][0] : spans[order[position - 1]][2]])
            value = self._overlay[record_id]
            cursor = position + 1 if record_id in spans else position
            if value is not DELETED:
                parts.append(serialize(record_id, value))
        if cursor < len(order):
            parts.append(view[spans[order[cursor]][0] : spans[order[-1]][2]])
        return parts

    def _appended_to_the_file(self) -> list[str] | None:
        """The changed ids, in order, when every change adds a record after the file's last
        one (a new event, a new card: ids grow with time); None otherwise."""
        region = self._records.region
        if region is None or region[1] <= region[0] + 1:
            return None
        added = sorted(self._overlay)
        if not added:
            return added
        records = self._records
        if records.is_cut or any(v is DELETED for v in self._overlay.values()):
            return None  # cut apart already, the usual way is as cheap and checks the ids
        blob, (start, close) = records.blob, region
        last = _KEY.match(blob, blob.rfind(_RECORD_LINE_START, start, close) + 3)
        try:
            if last is None or added[0] <= _key(last.group(1)):
                return None
        except _NotInLayout:
            return None
        # A file out of id order (edited by hand) may hold a greater id before its last one:
        # each id is looked for once (a long needle, so the search is cheap), never added twice.
        for record_id in added:
            if record_id not in records.not_in_file:
                if blob.find(_record_line(record_id), start, close) >= 0:
                    return None
                records.not_in_file.add(record_id)
        return added

    def with_changes(self, changes: Mapping[str, Any]) -> LazyTable:
        """A new table with records replaced, added, or removed (a value of None removes)."""
        overlay = dict(self._overlay)
        for record_id, record in changes.items():
            overlay[record_id] = DELETED if record is None else record
        return LazyTable(overlay=overlay, records=self._records)

    def validate(
        self,
        only: Collection[str] | None = None,
        each: Callable[[str, Any], object] | None = None,
    ) -> None:
        """Parse every record not read yet (strictly), or only those of `only` that are,
        keeping none: raise on the first bad one. `each` is given every record parsed, to
        check it further (it raises for one that is wrong)."""
        spans = self._spans
        blob, path = self._records.blob, self._records.path
        for record_id in spans if only is None else only:
            if record_id not in self._overlay and record_id in spans:
                record = parse_span(blob, spans[record_id], path)
                if each is not None:
                    each(record_id, record)


# ----- comparing two versions of a table by their bytes --------------------------------------


def _file_region(table: Any) -> tuple[bytes, int, int] | None:
    """(blob, "{", "\\n }") of a table that is still the bytes of its file, else None."""
    if not isinstance(table, LazyTable) or table._overlay or table._records.region is None:
        return None
    start, close = table._records.region
    return table._records.blob, start, close


def same_bytes(a: Any, b: Any) -> bool:
    """Whether two tables are the same bytes of their files: equal, and no record parsed."""
    ra, rb = _file_region(a), _file_region(b)
    if ra is None or rb is None:
        return False
    (a_blob, a_start, a_close), (b_blob, b_start, b_close) = ra, rb
    if a_close - a_start != b_close - b_start:
        return False
    return a_blob.startswith(memoryview(b_blob)[b_start:b_close], a_start)  # memcmp, no copy


def union_past_shared_head(
    a: Any, b: Any, extra: Mapping[str, bytes], name: str
) -> LazyTable | None:
    """The union by id of two versions of a table whose records are only ever added (events),
    plus `extra` entries (`\\n  "id": {...}`) for ids neither has; None when the two share no
    leading records, or a file is not in pstui's layout (the caller unites them record by
    record then).

    Both versions grew from one base by adding records with later ids, so they share a long
    run of leading records byte for byte: that run is copied as it is, and only the records
    after it are cut apart, which keeps the merge driver from cutting 70,000 events twice.
    A record of `a` wins over the same id in `b`.
    """
    ra, rb = _file_region(a), _file_region(b)
    if ra is None or rb is None:
        return None
    (a_blob, a_start, a_close), (b_blob, b_start, b_close) = ra, rb
    shared = _common_prefix(a_blob, a_start, a_close, b_blob, b_start, b_close)
    # The last record line wholly inside the shared bytes: every record before it is shared.
    cut = a_blob.rfind(_RECORD_LINE_START, a_start, a_start + shared)
    last_head = a_blob.rfind(_RECORD_LINE_START, a_start, cut) if cut > a_start else -1
    if last_head < 0 or a_blob[cut - 1] != 44:  # 44: the "," ending the shared run
        return None
    path = a._records.path
    a_tail = _record_spans(a_blob, cut, a_close, path)
    b_tail = _record_spans(b_blob, cut - a_start + b_start, b_close, path)
    head_key = _KEY.match(a_blob, last_head + 3)
    if a_tail is None or b_tail is None or head_key is None:
        return None
    a_view, b_view = memoryview(a_blob), memoryview(b_blob)
    entries: dict[str, bytes | memoryview] = {
        rid: a_view[line:end] for rid, (line, _value, end) in a_tail.items()
    }
    for rid, (line, _value, end) in b_tail.items():
        entries.setdefault(rid, b_view[line:end])
    for rid, entry in extra.items():
        entries.setdefault(rid, entry)
    try:
        if min(entries) <= _key(head_key.group(1)):
            return None  # an id that sorts into the shared run: not an append-only table
    except _NotInLayout:
        return None
    parts = [b"{", a_view[a_start + 1 : cut - 1]]  # the shared run, then the rest in order
    for rid in sorted(entries):
        parts += (b",", entries[rid])
    parts.append(_TABLE_CLOSE)
    blob = b"".join(parts)  # one join, so the shared run (most of the table) is copied once
    close = len(blob) - len(_TABLE_CLOSE)
    find = functools.partial(_split_table, blob, name, 0, close, path)
    return LazyTable.deferred(blob, (0, close), path, find)


def _common_prefix(
    a_blob: bytes, a_start: int, a_end: int, b_blob: bytes, b_start: int, b_end: int
) -> int:
    """How many bytes from `a_start` and `b_start` on are the same."""
    b_view = memoryview(b_blob)

    def same(done: int, size: int) -> bool:
        return a_blob.startswith(b_view[b_start + done : b_start + done + size], a_start + done)

    return _matching_length(min(a_end - a_start, b_end - b_start), same)


def _common_suffix(
    a_blob: bytes, a_start: int, a_end: int, b_blob: bytes, b_start: int, b_end: int
) -> int:
    """How many bytes before `a_end` and `b_end` are the same."""
    b_view = memoryview(b_blob)

    def same(done: int, size: int) -> bool:
        return a_blob.endswith(b_view[b_end - done - size : b_end - done], a_start, a_end - done)

    return _matching_length(min(a_end - a_start, b_end - b_start), same)


def _matching_length(length: int, same: Callable[[int, int], bool]) -> int:
    """How many of `length` bytes match, `same(done, size)` telling whether the `size` bytes
    after the `done` that do match: compared a megabyte at a time (memcmp, no copies), then
    bisected inside the first megabyte that differs."""
    done, step = 0, 1 << 20
    while done < length:
        size = min(step, length - done)
        if same(done, size):
            done += size
        elif size == 1:
            break
        else:
            step = max(1, size // 2)
    return done


def differing_records(a: Any, b: Any) -> tuple[dict[str, bytes], dict[str, bytes]] | None:
    """The records of two versions of a table that the two do not hold byte for byte at the
    same place, as (a's, b's), each id -> the record's bytes; every other record is in both,
    the same. None when either table is not its file's bytes, or a differing run is not in
    pstui's layout (the caller compares them record by record then).

    The merge driver asks this of base and theirs: comparing the files' bytes (memcmp) and
    cutting apart only the runs that differ spares it cutting 10,000 cards apart twice. It
    does not rely on the records being in id order: a record found in a different run on
    each side is paired by its id.
    """
    changed = changed_ids(a, b)
    if changed is not None:
        return _differing_changes(a, b, changed)
    ra, rb = _file_region(a), _file_region(b)
    if ra is None or rb is None:
        return None
    (a_blob, a_start, a_close), (b_blob, b_start, b_close) = ra, rb
    path = a._records.path
    found: tuple[dict[str, bytes], dict[str, bytes]] = ({}, {})
    for a_run, b_run in _differing_runs(
        a_blob, (a_start + 1, a_close), b_blob, (b_start + 1, b_close)
    ):
        for blob, (lo, hi), close, records in (
            (a_blob, a_run, a_close, found[0]),
            (b_blob, b_run, b_close, found[1]),
        ):
            if lo == hi:
                continue
            # A run ends where the next record's line starts, after the comma ending its last.
            end = hi if hi == close else hi - 1
            spans = _record_spans(blob, lo, end, path) if end == hi or blob[end] == 44 else None
            if spans is None:
                return None
            for record_id, (_line, value, end) in spans.items():
                if record_id in records:
                    return None  # an id twice: cutting the whole table refuses it
                records[record_id] = blob[value:end]
    return found


def changed_ids(a: Any, b: Any) -> set[str] | None:
    """The only ids at which two versions of a table can differ when both lay changes over
    the same file's records (a change made, a file read against the one before it: see
    `reread`): those changed in either. None when they are not over the same records."""
    if isinstance(a, LazyTable) and isinstance(b, LazyTable) and a._records is b._records:
        return a._overlay.keys() | b._overlay.keys()
    return None


def ids_only_in(b: Any, a: Any) -> list[str]:
    """The ids `b` holds and `a` does not. For two tables that lay changes over the same
    file's records only their changed ids are looked at, and a record `b` added to that file
    (an AddedRecord) is not looked for in it."""
    changed = changed_ids(a, b)
    if changed is None:
        return [rid for rid in b if rid not in a]
    found = []
    for rid in sorted(changed):
        theirs, mine = b._overlay.get(rid, MISSING), a._overlay.get(rid, MISSING)
        if theirs is DELETED or (mine is not MISSING and mine is not DELETED):
            continue  # b removed it, or a holds it
        # Asked of the file's records (cutting them apart) only when the changes cannot tell.
        b_holds = theirs is not MISSING or rid in b
        a_lacks = mine is DELETED or isinstance(theirs, AddedRecord) or rid not in a
        if b_holds and a_lacks:
            found.append(rid)
    return found


def _differing_changes(
    a: LazyTable, b: LazyTable, changed: set[str]
) -> tuple[dict[str, bytes], dict[str, bytes]] | None:
    """`differing_records` of two tables over the same file's records, `changed` their
    `changed_ids`; None if a change is a parsed record, not bytes."""
    found: tuple[dict[str, bytes], dict[str, bytes]] = ({}, {})
    for record_id in changed:
        # A record either added to the file is not looked for in its records.
        new_to_file = isinstance(a._overlay.get(record_id), AddedRecord) or isinstance(
            b._overlay.get(record_id), AddedRecord
        )
        in_a, in_b = _bytes_of(a, record_id, new_to_file), _bytes_of(b, record_id, new_to_file)
        if in_a is None or in_b is None:
            return None
        if in_a != in_b:
            if in_a is not MISSING:
                found[0][record_id] = in_a
            if in_b is not MISSING:
                found[1][record_id] = in_b
    return found


def _bytes_of(table: LazyTable, record_id: str, new_to_file: bool) -> Any:
    """A record's bytes, MISSING when the table does not hold it, None when it is parsed."""
    if record_id in table._overlay:
        value = table._overlay[record_id]
        if value is DELETED:
            return MISSING
        return value.text if isinstance(value, RawRecord) else None
    if new_to_file:
        return MISSING
    span = table._spans.get(record_id)
    return MISSING if span is None else table._records.blob[span[1] : span[2]]


def validate_changed(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    check: Callable[[str], Callable[[str, Any], object] | None] = lambda table: None,
) -> None:
    """Parse strictly the records of `after` that `before` does not hold byte for byte (all
    of a table the two cannot be compared in), each also given to `check(table)` if that is
    not None: raises for the first bad one. The others were checked as `before`'s, so a
    large store costs its few changed records, not a strict parse of every one."""
    for name, table in after.items():
        if isinstance(table, LazyTable):
            runs = differing_records(before.get(name), table)
            table.validate(None if runs is None else runs[1], each=check(name))


Run = tuple[int, int]  # [first record's line, the next record's line or the table's close)
_SMALL_RUN = 1 << 16  # bytes: a run this short is cut apart rather than split further
_ANCHOR_TRIES = 8
_ANCHOR_REACH = 1 << 22  # how far from where it is expected a record is looked for


def _differing_runs(a_blob: bytes, a: Run, b_blob: bytes, b: Run) -> list[tuple[Run, Run]]:
    """Pairs of runs of whole records, outside which `a` and `b` are the same bytes: shared
    heads and tails are trimmed off (memcmp), and what is left is split at a record found
    on both sides near its middle, until the runs are short or no such record is found."""
    runs: list[tuple[Run, Run]] = []
    pending = [(a, b)]
    while pending:
        a_run, b_run = _trimmed(a_blob, *pending.pop(), b_blob)
        if a_run[0] == a_run[1] and b_run[0] == b_run[1]:
            continue
        split = None
        if (a_run[1] - a_run[0]) + (b_run[1] - b_run[0]) > _SMALL_RUN:
            split = _anchor(a_blob, a_run, b_blob, b_run)
        if split is None:
            runs.append((a_run, b_run))
            continue
        a_at, b_at = split
        pending.append(((a_run[0], a_at), (b_run[0], b_at)))
        pending.append(((a_at, a_run[1]), (b_at, b_run[1])))
    return runs


def _trimmed(a_blob: bytes, a: Run, b: Run, b_blob: bytes) -> tuple[Run, Run]:
    """The two runs without the whole records they share at their start and at their end."""
    (a_lo, a_hi), (b_lo, b_hi) = a, b
    if a_hi - a_lo == b_hi - b_lo and a_blob.startswith(memoryview(b_blob)[b_lo:b_hi], a_lo):
        return (a_hi, a_hi), (b_hi, b_hi)
    same = _common_prefix(a_blob, a_lo, a_hi, b_blob, b_lo, b_hi)
    # The last record line wholly inside the shared head: the records before it are shared.
    cut = a_blob.rfind(_RECORD_LINE_START, a_lo, a_lo + same)
    if cut > a_lo:
        a_lo, b_lo = cut, b_lo + (cut - a_lo)
    same = _common_suffix(a_blob, a_lo, a_hi, b_blob, b_lo, b_hi)
    # The first record line wholly inside the shared tail: the records from it on are shared.
    cut = a_blob.find(_RECORD_LINE_START, a_hi - same, a_hi)
    if cut >= 0:
        a_hi, b_hi = cut, b_hi - (a_hi - cut)
    return (a_lo, a_hi), (b_lo, b_hi)


def _anchor(a_blob: bytes, a: Run, b_blob: bytes, b: Run) -> tuple[int, int] | None:
    """The line of one record in each run, the same id, near the middle of `a`: where to
    split both. None if the records tried near the middle are not found in `b`."""
    (a_lo, a_hi), (b_lo, b_hi) = a, b
    at = (a_lo + a_hi) // 2
    for _try in range(_ANCHOR_TRIES):
        line = a_blob.find(_RECORD_LINE_START, at, a_hi)
        key = _KEY.match(a_blob, line + 3) if line >= 0 else None
        if key is None:
            return None
        head = a_blob[line : key.end()]  # `\n  "id": `, found only at that record's line
        expected = b_lo + (line - a_lo) * (b_hi - b_lo) // max(1, a_hi - a_lo)
        found = _find_near(b_blob, head, (b_lo, b_hi), expected)
        if found >= 0 and (line > a_lo or found > b_lo):
            return line, found
        at = key.end()
    return None


def _find_near(blob: bytes, needle: bytes, run: Run, expected: int) -> int:
    """Where `needle` is in `run`, looked for in a widening window around `expected`."""
    lo, hi = run
    reach = 1 << 14
    while True:
        start, end = max(lo, expected - reach), min(hi, expected + reach + len(needle))
        found = blob.find(needle, start, end)
        if found >= 0 or (start == lo and end == hi) or reach >= _ANCHOR_REACH:
            return found
        reach *= 4


# ----- parsing -------------------------------------------------------------------------------

# How deep a record may nest, its own object being the first level. pstui's own records go six
# deep. json.loads stops near a thousand levels less the caller's stack, so a file refused
# there alone would read in one command and not in another; past this it is refused everywhere.
DEEPEST = 100


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


class Unreadable(ValueError):
    """Text json.loads reads, or gives up on without saying where, that a store must not
    hold: `what` it is, and `line_of(blob, start, end)` the line of its first place in those
    bytes (0 if not found)."""

    def __init__(self, what: str, line_of: Callable[[bytes, int, int], int]) -> None:
        super().__init__(what)
        self.what = what
        self.line_of = line_of

    def error(self, path: Path | str, blob: bytes, start: int, end: int) -> BadStoreFile:
        """The error for this in `blob[start:end]`, naming the line it is on."""
        line = self.line_of(blob, start, end) or blob.count(b"\n", 0, start) + 1
        return BadStoreFile(
            path,
            _(
                "line {line}: {what}. Restore it from git (`git checkout -- {file}`) or fix it "
                "by hand."
            ).format(line=line, what=self.what, file=Path(path).name),
        )


def _refuse_constant(name: str) -> Any:
    # Python's json reads these; JSON has no such values, and other tools refuse them.
    raise Unreadable(
        _("{value}, which is not JSON").format(value=name), _first_outside_strings(_CONSTANT)
    )


def loads_strict(text: str, levels: int = DEEPEST) -> Any:
    """json.loads refusing duplicate keys (`_DuplicateKey`), and raising Unreadable for a
    value nested more than `levels` deep, an integer too long for Python to read, NaN or
    Infinity. The nesting is only measured when the text holds more brackets than `levels`:
    counting them runs at memchr speed, walking the value does not."""
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_refuse_constant,
            parse_float=_finite,
        )
    except RecursionError:
        raise _too_deep(levels) from None
    except (json.JSONDecodeError, _DuplicateKey, Unreadable):
        raise
    except ValueError:  # from int(): more digits than sys.get_int_max_str_digits()
        digits = sys.get_int_max_str_digits()
        raise Unreadable(
            _("a number of more than {digits} digits, longer than pstui reads").format(
                digits=digits
            ),
            _first_outside_strings(re.compile(rb"-?[0-9]{%d,}" % (digits + 1))),
        ) from None
    if text.count("[") + text.count("{") > levels and _deeper_than(value, levels):
        raise _too_deep(levels)
    if "\\u" in text and (lone := _lone_surrogate(_SURROGATE_TEXT.finditer(text))):
        raise Unreadable(
            _(
                "{escape}, half of a UTF-16 pair without its other half, which is no character"
            ).format(escape=lone.group(0)),
            _lone_surrogate_line,
        )
    return value


def _finite(number: str) -> float:
    # Python reads 1e400 as infinity, which JSON cannot hold: written back, it is not JSON.
    value = float(number)
    if math.isinf(value):
        raise Unreadable(
            _("the number {number}, too large for pstui to read").format(number=number),
            _first_outside_strings(re.compile(re.escape(number.encode()))),
        )
    return value


# A \u escape of half a UTF-16 pair without the other half: json.loads makes it a lone
# surrogate, which is not Unicode and cannot be written as UTF-8. Escaped backslashes are
# passed over first, so that `\\ud800` (a backslash, then "ud800") is not taken for one.
_SURROGATE_ESCAPE = r"\\\\|\\u([dD][89a-fA-F][0-9a-fA-F]{2})(\\u[dD][c-fC-F][0-9a-fA-F]{2})?"
_SURROGATE_TEXT = re.compile(_SURROGATE_ESCAPE)
_SURROGATE_BYTES = re.compile(_SURROGATE_ESCAPE.encode())


def _lone_surrogate(escapes: Iterator[re.Match[Any]]) -> re.Match[Any] | None:
    """The first escape of half a pair standing alone, among `_SURROGATE_ESCAPE`'s matches."""
    for escape in escapes:
        half = escape.group(1)
        if half is not None and not (int(half, 16) < 0xDC00 and escape.group(2)):
            return escape
    return None


def _lone_surrogate_line(blob: bytes, start: int, end: int) -> int:
    lone = _lone_surrogate(_SURROGATE_BYTES.finditer(blob, start, end))
    return 0 if lone is None else blob.count(b"\n", 0, lone.start()) + 1


def _too_deep(levels: int) -> Unreadable:
    return Unreadable(
        _("a value nested more than {levels} levels deep, deeper than pstui reads").format(
            levels=DEEPEST
        ),
        functools.partial(nesting_line, levels=levels),
    )


def _deeper_than(value: Any, levels: int) -> bool:
    """Whether `value` nests more than `levels` lists and objects deep; no recursion, so that
    the value that is too deep cannot make the walk itself too deep."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if type(item) is dict:
            item = item.values()
        elif type(item) is not list:
            continue
        if depth > levels:
            return True
        pending.extend((inner, depth + 1) for inner in item)
    return False


_STRING = rb'"[^"\\]*(?:\\.[^"\\]*)*"'
_NESTING = re.compile(_STRING + rb"|[\[\]{}]")
_CONSTANT = re.compile(rb"NaN|-?Infinity")


def nesting_line(blob: bytes, start: int, end: int, levels: int) -> int:
    """The line of the bracket from `start` on that nests past `levels`; 0 if none does."""
    depth = 0
    for token in _NESTING.finditer(blob, start, end):
        bracket = blob[token.start()]
        if bracket in b"[{":
            depth += 1
            if depth > levels:
                return blob.count(b"\n", 0, token.start()) + 1
        elif bracket in b"]}":
            depth -= 1
    return 0


def _first_outside_strings(pattern: re.Pattern[bytes]) -> Callable[[bytes, int, int], int]:
    """What finds the line of the first match of `pattern` that is not inside a string."""
    either = re.compile(_STRING + rb"|" + pattern.pattern)

    def line_of(blob: bytes, start: int, end: int) -> int:
        for token in either.finditer(blob, start, end):
            if blob[token.start()] != 34:  # 34: '"', a string passed over
                return blob.count(b"\n", 0, token.start()) + 1
        return 0

    return line_of


def not_utf8(path: Path | str, blob: bytes, byte: int) -> BadStoreFile:
    """The error for bytes that are not UTF-8 text, from the file's byte `byte` on."""
    line = blob.count(b"\n", 0, byte) + 1
    return BadStoreFile(
        path,
        _("line {line}: not UTF-8 text (byte {byte}); restore it from git").format(
            line=line, byte=byte
        ),
    )


def parse_span(blob: bytes, span: Span, path: Path | str, levels: int = DEEPEST) -> Any:
    """Parse one record strictly (`levels` deep at most); a bad one names the file and its
    line. Decoded strictly first: json.loads would let the bytes of a lone surrogate through,
    which no write can encode again."""
    _line, start, end = span
    try:
        return loads_strict(blob[start:end].decode("utf-8"), levels)
    except UnicodeDecodeError as err:
        raise not_utf8(path, blob, start + err.start) from None
    except Unreadable as err:
        raise err.error(path, blob, start, end) from None
    except _DuplicateKey as dup:
        line = blob.count(b"\n", 0, start) + 1
        raise BadStoreFile(
            path,
            _(
                "the record at line {line} has the key {key} twice (a `merge=union` "
                "accident?). Fix it by hand or restore the file from git."
            ).format(line=line, key=repr(dup.key)),
        ) from None
    except json.JSONDecodeError as err:
        line = blob.count(b"\n", 0, start) + err.lineno
        raise BadStoreFile(
            path,
            _(
                "line {line}: not valid JSON ({reason}). Restore it from git "
                "(`git checkout -- {file}`) or fix it by hand."
            ).format(line=line, reason=err.msg, file=Path(path).name),
        ) from None


@functools.cache
def _field_key(name: str) -> bytes:
    return b"\n   " + json.dumps(name, ensure_ascii=False).encode() + b": "


# Keys are sorted, and a card's bulk (checklists, decisions, description) sits in the middle:
# fields named after "checklists" are found faster by searching back from the record's end.
_BULK = "checklists"
_LITERALS = {b"true": True, b"false": False, b"null": None}


def top_field(blob: bytes, span: Span, name: str, path: Path | str = "pstui.json") -> Any:
    """A top-level field of the record at `span`, found by its line, or MISSING. A record not
    written as pstui writes one (on one line, say), or where the key may be written with
    escapes (`\\u00e9t\\u00e9`), is parsed instead when its line is not found."""
    _line, start, end = span
    if not blob.startswith(_RECORD_HEAD_LINE, start):
        return _parsed_field(blob, span, name, path)
    key = _field_key(name)
    at = blob.rfind(key, start, end) if name > _BULK else blob.find(key, start, end)
    if at < 0:
        if blob.find(b"\\", start, end) >= 0:
            return _parsed_field(blob, span, name, path)
        return MISSING
    value_start = at + len(key)
    value_end = blob.find(_FIELD, value_start, end)
    if value_end < 0:
        value_end = end - len(_RECORD_CLOSE)
    raw = blob[value_start:value_end]
    if raw.endswith(b","):
        raw = raw[:-1]
    return _value(raw, blob, span, name, path)


class _PlainRuns:
    """Finds chosen top-level fields of a record, each a plain value (see
    `LazyTable.plain_fields_of_each`), with two regex matches instead of a search per field:
    the fields before the bulk as one run of lines from the record's start, those after it
    as one run from the first one's line, searched back from the end (as `top_field` looks
    for them), each allowing other one-line fields between (keys are sorted)."""

    def __init__(self, names: tuple[str, ...], flags: frozenset[str]) -> None:
        assert list(names) == sorted(names), "the groups come in the file's order"

        def value(name: str) -> bytes:
            return _PLAIN_FLAG if name in flags else _PLAIN_STRING

        head = [n for n in names if n <= _BULK]
        tail = [n for n in names if n > _BULK]
        self._head = _line_run(head, _RECORD_HEAD, value) if head else None
        self._tail = _line_run(tail, b"\n", value) if tail else None
        self._tail_key = _field_key(tail[0]) if tail else b""

    def groups(self, blob: bytes, span: Span) -> tuple[bytes, ...] | None:
        """The groups of the head's match then the tail's; None if either does not match."""
        _line, start, end = span
        groups: tuple[bytes, ...] = ()
        if self._head is not None:
            head = self._head.match(blob, start, end)
            if head is None:
                return None
            groups = head.groups()
        if self._tail is not None:
            at = blob.rfind(self._tail_key, start, end)
            tail = self._tail.match(blob, at, end) if at >= 0 else None
            if tail is None:
                return None
            groups += tail.groups()
        return groups


@functools.cache
def _plain_runs(names: tuple[str, ...], flags: frozenset[str]) -> _PlainRuns:
    return _PlainRuns(names, flags)


# The text of a plain string: no escapes, no control characters (JSON has none raw in a
# string), UTF-8 (no byte that is not, no surrogate). What json.loads would refuse is not
# plain: such a record is parsed, and refused there. Runs of ASCII take one step each.
_ASCII_RUN = rb"[ !#-\[\]-\x7f]*"
_PLAIN_TEXT = (
    _ASCII_RUN
    + rb"(?:(?:[\xc2-\xdf]|\xe0[\xa0-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]|\xed[\x80-\x9f]"
    + rb"|\xf0[\x90-\xbf][\x80-\xbf]|[\xf1-\xf3][\x80-\xbf]{2}|\xf4[\x80-\x8f][\x80-\xbf])"
    + rb"[\x80-\xbf]"
    + _ASCII_RUN
    + rb")*"
)

_PLAIN = re.compile(_PLAIN_TEXT)

# Plain values on their line (see `LazyTable.plain_fields_of_each`): a plain string, its
# text the group; a flag, true or false.
_PLAIN_STRING = rb': "(' + _PLAIN_TEXT + rb')",?\n'
_PLAIN_FLAG = rb": (true|false),?\n"

# Any other top-level fields whose values are on their line. A line indented by three spaces
# that starts a key is a field of the record itself (deeper lines have more indent, and a
# string holds no raw newline); a value that spans lines ends the run (its next line is
# deeper). One class of characters per line: cheaper for sre than matching keys and values.
_OTHER_LINES = rb'(?:   "[^\n]*\n)*?'
_RECORD_HEAD = rb"\{\n" + _OTHER_LINES  # a record's opening line, other fields after it


def _line_run(names: list[str], start: bytes, value: Callable[[str], bytes]) -> re.Pattern[bytes]:
    """`start`, then a line for each of `names` in turn (the key, then `value(name)`), other
    one-line fields between."""
    lines = [
        rb"   " + re.escape(json.dumps(name, ensure_ascii=False).encode()) + value(name)
        for name in names
    ]
    return re.compile(start + _OTHER_LINES.join(lines))


# The values `LazyTable.fields_in_one_pass` reads, each as the bytes of one regex group:
PLAIN_KINDS = {
    "string": rb'"(' + _PLAIN_TEXT + rb')"',  # a plain string: the bytes between its quotes
    "string or null": rb'(?:"(' + _PLAIN_TEXT + rb')"|null)',  # null reads as b"", as "" does
    "digits": rb"(0|[1-9][0-9]*)",  # a whole number of zero or more, as JSON writes it
}
# Any lines of the record itself, deeper ones too (a list of notes): a line indented by three
# spaces or more is inside the record, whose own closing line has two.
_ANY_LINES = rb"(?:   [^\n]*+\n)*?"


@functools.cache
def _fields_pass(fields: tuple[tuple[str, str], ...]) -> re.Pattern[bytes]:
    """Every record line of a table (group 1: its raw key), then, if the record is as
    `fields` says, its "{" (group 2) and the values (the groups after): see
    `LazyTable.fields_in_one_pass`. It starts with the literal of a record line, so sre
    skips from one to the next without trying the rest; a record that is not as `fields` says
    is matched for its key alone (its lines never reach past its closing line)."""
    lines = [
        rb"   " + re.escape(json.dumps(name, ensure_ascii=False).encode()) + rb": "
        + PLAIN_KINDS[kind] + rb",?\n"
        for name, kind in fields
    ]  # fmt: skip
    record = rb"(\{)\n" + _ANY_LINES + _ANY_LINES.join(lines)
    return re.compile(_RECORD_LINE_START[:-1] + _KEY.pattern + rb"(?:" + record + rb")?")


def _value(raw: bytes, blob: bytes, span: Span, name: str, path: Path | str) -> Any:
    # Plain strings and literals are most fields; decoding them directly skips json.loads.
    if raw in _LITERALS:
        return _LITERALS[raw]
    try:
        quoted = len(raw) >= 2 and raw[0] == 34 and raw[-1] == 34  # 34: '"'
        if quoted and _PLAIN.fullmatch(raw, 1, len(raw) - 1):
            return raw[1:-1].decode("utf-8")
        return loads_strict(raw.decode("utf-8"), DEEPEST - 1)
    except ValueError:  # not the field's whole value, or a bad one: the record says which
        return _parsed_field(blob, span, name, path)


def _parsed_field(blob: bytes, span: Span, name: str, path: Path | str) -> Any:
    record = parse_span(blob, span, path)
    return record.get(name, MISSING) if isinstance(record, dict) else MISSING


def _record_line(record_id: str) -> bytes:
    """The start of a record's line in the file, `\\n  "id"`: what follows the key is left
    out, so that a line written `"id":{` is found too."""
    return _RECORD_LINE_START[:-1] + json.dumps(record_id, ensure_ascii=False).encode()


class _NotInLayout(ValueError):
    """Bytes that looked like pstui's layout and are not after all: a line that starts a
    table or a record without the key pstui writes there (`"id":{`, say), or a key that is
    not UTF-8. Whoever meets it parses the table, or the file, strictly instead."""


def _key(raw: bytes) -> str:
    """The key a key line's raw bytes (`_KEY`'s group) stand for."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _NotInLayout from None
    return json.loads(f'"{text}"') if "\\" in text else text


# A table's first line has one space of indent (` "cards": `), a record's two (`  "ID": `),
# deeper lines three or more, and a raw newline never occurs inside a string. So the start of
# such a line is found by searching for its literal alone (`search`, at SIMD speed), and its
# key is matched where it is found: one scan finds the tables, and each table's records are
# found in its own bytes when the table is first used.
# A key is JSON string text on one line, its escapes valid (one that is not is no key line:
# the file is then parsed strictly, which says where). Written unrolled, a run of plain
# characters is one step, not a choice per character: every record's key goes through it.
_KEY = re.compile(rb'"([^"\\\n]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\n]*)*)": ')
_TABLE_LINE_START = b'\n "'
_RECORD_LINE_START = b'\n  "'


class Cut(NamedTuple):
    """A table cut into records by the scan that found it: each record's span, where the
    table closes, and the fields the scan read of its records, if it was asked to."""

    spans: dict[str, Span]
    close: int
    plain: tuple[PlainFields, PlainValues] | None = None


class TableFound(NamedTuple):
    """A table as the scan found it: its line, where its value starts, its name as written,
    and, for a table cut at once, how."""

    line: int
    value: int
    raw_name: bytes
    cut: Cut | None


def split_store(
    blob: bytes,
    path: Path | str,
    cut_now: Collection[str] = (),
    found: list[TableFound] | None = None,
) -> dict[str, LazyTable] | None:
    """Cut a canonical store file into tables, each cut into record spans when first used;
    None if the file is not canonical (a table found not to be is parsed then, strictly).

    The tables named in `cut_now` are cut at once, by the scan that finds the tables: it
    skips over their records instead of reading them twice (the cards are most of the
    file). `found` is what a `TableScan` of these very bytes found, as they were read: then
    they are not scanned again."""
    if len(blob) < 8 and blob.strip() == b"{}":
        return {}
    if not (blob.startswith(b'{\n "') and blob.endswith(b"\n}\n")):
        return None
    try:
        if found is None:
            found = _find_tables(blob, path, cut_now)
        return None if found is None else _tables_found(blob, path, found)
    except _NotInLayout:
        return None


def _find_tables(
    blob: bytes, path: Path | str, cut_now: Collection[str]
) -> list[TableFound] | None:
    head = _next_table(blob, 0)
    if head is None or head[0] != 1:
        return None
    found: list[TableFound] = []
    chained = False  # past a table cut at once: the tables after it are found by their ends
    while head is not None:
        line, value, raw_name = head
        cut = None
        if _key(raw_name) in cut_now and blob.startswith(b'{\n  "', value):
            scanned = _scan_records(blob, value, len(blob), path, to_close=True)
            cut = None if scanned is None else Cut(*scanned)
        found.append(TableFound(line, value, raw_name, cut))
        if cut is not None:
            chained = True
            head = _next_table(blob, cut.close)
        else:
            head = _table_after(blob, value) if chained else _next_table(blob, value)
    return found


def _tables_found(
    blob: bytes, path: Path | str, found: list[TableFound]
) -> dict[str, LazyTable] | None:
    """The tables of `blob` as `found`, each checked to be an object of records in layout."""
    tables: dict[str, LazyTable] = {}
    for table, after in zip(found, [*found[1:], None], strict=True):
        value = table.value
        if after is not None:
            value_end = after.line - 1  # the comma before the next table
            if blob[value_end] != 44:  # 44: ","
                return None
        else:
            value_end = len(blob) - 3  # before the closing "\n}\n"
        name = _key(table.raw_name)
        if value_end - value == 2 and blob.startswith(b"{}", value):  # no slice: nothing copied
            tables[name] = LazyTable(blob, path=path)  # empty, in `blob` (see `of_file`)
            continue
        close = value_end - len(_TABLE_CLOSE)
        if not (blob.startswith(b"{\n", value) and blob.startswith(_TABLE_CLOSE, close)):
            return None  # a table that is not an object of records
        if table.cut is not None and table.cut.close == close:
            spans, _close, plain = table.cut
            records = _Records(blob, path, spans, region=(value, close), plain=plain)
            tables[name] = LazyTable(records=records)
        else:
            find = functools.partial(_split_table, blob, name, value, close, path)
            tables[name] = LazyTable.deferred(blob, (value, close), path, find)
    return tables


Layout = dict[str, tuple[int, int] | None]  # table -> its value's "{" and closing "\n }"


def layout_of(tables: Mapping[str, Any], blob: bytes) -> tuple[Layout, dict[str, Span]] | None:
    """Where `split_store` found each table in `blob` (None for an empty one) and the spans
    of the cards, to be handed back to `tables_from_layout` for the same bytes; None unless
    every table is still `blob`'s bytes and the cards are cut."""
    layout: Layout = {}
    for name, table in tables.items():
        if not isinstance(table, LazyTable) or table._overlay or not table._records.of_file(blob):
            return None
        layout[name] = table._records.region  # None for `{}`
    cards = tables.get("cards")
    if not isinstance(cards, LazyTable) or not cards._records.is_cut:
        return None
    return layout, cards._records.spans


def file_tables(tables: Mapping[str, Any], blob: bytes) -> dict[str, LazyTable] | None:
    """Each table as the file `blob` holds it, the changes laid over it dropped; None unless
    every table's records are `blob`'s bytes, or it is empty there."""
    found: dict[str, LazyTable] = {}
    for name, table in tables.items():
        if not isinstance(table, LazyTable) or not table._records.of_file(blob):
            return None
        found[name] = LazyTable(records=table._records)
    return found


def tables_from_layout(
    blob: bytes, path: Path | str, layout: Layout, card_spans: dict[str, Span]
) -> dict[str, LazyTable] | None:
    """The tables `split_store` would find in `blob`, from a `layout_of` kept for these bytes;
    None if the bytes do not bear it out (each table's name line and close, each card's line)."""
    if not (blob.startswith(b'{\n "') and blob.endswith(b"\n}\n")):
        return None
    tables: dict[str, LazyTable] = {}
    for name, region in layout.items():
        if region is None:
            tables[name] = LazyTable(blob, path=path)  # empty, in `blob` (see `of_file`)
            continue
        value, close = region
        head = b"\n " + json.dumps(name, ensure_ascii=False).encode() + b": "
        if not (
            blob.endswith(head, 0, value)
            and blob.startswith(b"{\n", value)
            and blob.startswith(_TABLE_CLOSE, close)
        ):
            return None
        if name == "cards":
            if not _spans_hold(blob, card_spans, close):
                return None
            records = _Records(blob, path, card_spans, region=region)
            tables[name] = LazyTable(records=records)
        else:
            find = functools.partial(_split_table, blob, name, value, close, path)
            tables[name] = LazyTable.deferred(blob, region, path, find)
    return tables if "cards" in tables else None


def _spans_hold(blob: bytes, spans: dict[str, Span], close: int) -> bool:
    """Whether each span starts with its record's `\n  "id": ` line and ends at a comma or
    the table's close: a few bytes per card instead of a scan of all the cards' bytes."""
    line_start = _RECORD_LINE_START
    for record_id, (line, value, end) in spans.items():
        key = record_id.encode()
        if not (
            blob.startswith(line_start, line)
            and blob.startswith(key, line + 4)
            and value == line + 4 + len(key) + 3
            and blob.startswith(b'": ', value - 3)
            and (end == close or blob[end] == 44)  # 44: ","
        ):
            return False
    return True


def _next_table(blob: bytes, start: int, end: int | None = None) -> tuple[int, int, bytes] | None:
    """(line start, value start, raw name) of the first table line from `start` on (that
    starts before `end`); raises _NotInLayout for a line that starts a table without a key."""
    for line in search.starts(blob, _TABLE_LINE_START, start, len(blob) if end is None else end):
        key = _KEY.match(blob, line + 2)
        if key is None:
            raise _NotInLayout
        return line, key.end(), key.group(1)
    return None


# A table's closing line, then the next table's line: `\n }` starts no other line.
_BETWEEN_TABLES = b'\n },\n "'


def _table_after(blob: bytes, value: int) -> tuple[int, int, bytes] | None:
    """`_next_table(blob, value)` for the table whose value starts at `value`, found at that
    table's end: past its records, the first `\n },\n "` (`search.find`: 33 MB of events in
    12 ms, where looking at each of their lines for a table's takes 20); past a `{}`, or a
    value in another layout, line by line. The same tables in pstui's layout. Used once a
    table has been cut at once (see `_find_tables` and `TableScan`)."""
    if not blob.startswith(b"{\n", value):
        return _next_table(blob, value)
    at = search.find(blob, _BETWEEN_TABLES, value)
    return None if at < 0 else _next_table(blob, at + 4)


def _split_table(
    blob: bytes, name: str, start: int, close: int, path: Path | str
) -> tuple[bytes, dict[str, Span]]:
    """The spans of the records of the table whose value runs from `start` to `close`."""
    spans = _record_spans(blob, start, close, path)
    if spans is not None:
        return blob, spans
    # Valid JSON but not in pstui's layout (edited by hand): parse the table strictly and
    # cut apart its canonical text instead; the next write makes the file canonical.
    records = parse_span(blob, (start, start, close + len(_TABLE_CLOSE)), path, DEEPEST + 1)
    if not isinstance(records, dict):
        raise BadStoreFile(
            path, _("the table {name} is not an object of records").format(name=repr(name))
        )
    # The table's canonical text, as serialize writes a store (json.dumps of it, newline).
    canonical = (
        json.dumps({name: records}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    ).encode()
    value = canonical.index(b": ", 1) + 2
    end = len(canonical) - 3 - len(_TABLE_CLOSE)
    if value >= end:  # no records after all
        return canonical, {}
    found = _record_spans(canonical, value, end, path)
    assert found is not None, "canonical text is always in layout"
    return canonical, found


def _key_lines(
    line_start: bytes, blob: bytes, start: int, end: int
) -> list[tuple[int, int, bytes]]:
    """(line start, value start, raw key) of every line in the range that starts with
    `line_start` (which ends with the key's opening quote) and a key."""
    lines: list[tuple[int, int, bytes]] = []
    match_key = _KEY.match
    quote = len(line_start) - 1
    for line in search.starts(blob, line_start, start, end):
        if key := match_key(blob, line + quote):
            lines.append((line, key.end(), key.group(1)))
    return lines


def _record_spans(blob: bytes, start: int, end: int, path: Path | str) -> dict[str, Span] | None:
    """The span of every record between `start` and `end` (the table's closing line); None if
    they are not in pstui's layout (not in id order, not one after a comma, a line that
    starts a record without a key)."""
    try:
        found = _scan_records(blob, start, end, path)
    except _NotInLayout:
        return None
    return None if found is None else found[0]


def _scan_records(
    blob: bytes, start: int, end: int, path: Path | str, *, to_close: bool = False
) -> tuple[dict[str, Span], int] | None:
    """The spans of the records from `start` to `end`, and `end`; with `to_close`, the scan
    stops where the table closes instead (found on the way: the next line of records that
    does not follow a comma opens a later table), and that is returned as the end. None if
    the records are not in pstui's layout; _NotInLayout for a key that is not UTF-8. Built
    in one pass, with no list of lines beside it: such a list would double the memory
    cutting up a table of 70,000 events takes."""
    spans: dict[str, Span] = {}
    previous, line, value = "", -1, -1
    match_key = _KEY.match
    for at in search.starts(blob, _RECORD_LINE_START, start, end):
        key = match_key(blob, at + 3)
        if key is None:
            return None  # a record's line without the key pstui writes (`"id":{`, say)
        if line >= 0:
            if blob[at - 1] != 44:  # 44: ",", the end of the previous record
                if not to_close:
                    return None
                end = blob.find(_TABLE_CLOSE, line, at)  # a later table's record
                break
            record_id = _key(key.group(1))
            if record_id <= previous:
                if not to_close:  # where the table ends is not known yet otherwise
                    _refuse_duplicate_ids(blob, start, end, path)
                return None  # not in id order: not written by pstui, parse it whole
            spans[previous] = (line, value, at - 1)
            previous = record_id
        else:
            previous = _key(key.group(1))
        line, value = at, key.end()
    else:
        if to_close and line >= 0:
            end = blob.find(_TABLE_CLOSE, line)
    if line < 0 or end < 0:
        return None
    spans[previous] = (line, value, end)
    return spans, end


def _refuse_duplicate_ids(blob: bytes, start: int, end: int, path: Path | str) -> None:
    seen: set[str] = set()
    for line, _value, raw in _key_lines(_RECORD_LINE_START, blob, start, end):
        record_id = _key(raw)
        if record_id in seen:
            number = blob.count(b"\n", 0, line) + 2
            raise BadStoreFile(
                path,
                _(
                    "line {line}: the record id {id} appears twice in one table (a "
                    "`merge=union` accident?). Fix it by hand or restore the file from git."
                ).format(line=number, id=repr(record_id)),
            )
        seen.add(record_id)


class TableScan:
    """`_find_tables` for a file read window by window: what it finds in the whole file, found
    in the bytes as they arrive, so that one thread can scan the file while another reads it
    whole (see `open_index.read_with_index`).

    `window(buf, base, end)` hands it the next window: `buf[i]` is the file's byte `base + i`,
    every line that starts before `end` is whole in `buf`, and the byte before the first line
    not yet scanned is in `buf` too. Once a table cut at once has ended, the windows have
    nothing more to add (`paused`): `finish(blob)` takes the whole file once it is read (the
    same bytes), closes that table (its close may lie behind a window) and finds the tables
    after it by their ends, as `_find_tables` does. Whatever it is not sure of, it gives up
    on (`failed`), and the caller scans the whole file instead.

    `cut_now` names the tables cut at once, each with the fields to read of its records as
    the windows pass them (`LazyTable.plain_fields_of_each` takes them as read): they are
    read while the other thread is still reading the file, not after. A record that
    began in an earlier window is left to be read from the whole file."""

    def __init__(self, cut_now: Mapping[str, PlainFields | None]) -> None:
        self._cut_now = cut_now
        self._found: list[TableFound] = []
        self._from = 0  # the file offset the scan goes on from
        self._table: tuple[int, int, bytes] | None = None  # the table being cut, if one is
        self._opening: int | None = None  # where its first record's line must start
        self._spans: dict[str, Span] = {}
        self._reading: PlainFields | None = None  # the fields read of its records
        self._plain: PlainValues = {}
        self._previous, self._line, self._value = "", -1, -1  # its last record seen
        # The cut table that ended, to be closed by `finish`: its last record's line, and
        # where the next table's first record was seen (None: the file ended).
        self._closing: tuple[int, int | None] | None = None
        self._chained = False  # past a cut table: the tables after it found by their ends
        self._skip_from: int | None = None  # in a table's records: its end is looked for
        self.failed = False

    @property
    def paused(self) -> bool:
        """Whether a table cut at once has ended: windows add nothing until `finish`."""
        return self._closing is not None

    def window(self, buf: bytes | bytearray, base: int, end: int) -> None:
        if base == 0 and not buf.startswith(b'{\n "'):
            self.failed = True  # not pstui's layout: no need to read on to know
        if self.failed:
            return
        try:
            while self._from < end and not self.failed and self._closing is None:
                if self._table is None:
                    self._heads(buf, base, end)
                else:
                    self._records(buf, base, end)
        except ValueError:  # not a file in pstui's layout after all
            self.failed = True

    def _heads(self, buf: bytes | bytearray, base: int, end: int) -> None:
        if self._skip_from is not None:  # only in the whole file's bytes (`finish`)
            at = search.find(buf, _BETWEEN_TABLES, self._skip_from - base, end - base)
            self._skip_from = None
            if at < 0:
                self._from = end  # no table after it
                return
            self._from = base + at + 4
        for at in search.starts(buf, _TABLE_LINE_START, self._from - base, end - base):
            key = _KEY.match(buf, at + 2)
            if key is None:
                self.failed = True  # a table's line without its key: the whole scan says
                return
            line, value, raw_name = base + at, base + key.end(), key.group(1)
            self._from = value
            if not self._found and line != 1:
                self.failed = True
                return
            name = _key(raw_name)
            if name in self._cut_now and buf.startswith(b"{\n", value - base):
                # Cut at once if its first record's line follows (`_records` sees it there).
                self._table, self._opening = (line, value, raw_name), value + 1
                self._reading = self._cut_now[name]
                return
            self._found.append(TableFound(line, value, raw_name, None))
            if self._chained and buf.startswith(b"{\n", value - base):
                self._skip_from = value  # found at its end, as `_table_after` finds it
                return
        self._from = end

    def _records(self, buf: bytes | bytearray, base: int, end: int) -> None:
        """`_scan_records(to_close=True)` over the window, reading the fields asked for of
        each record wholly in it."""
        spans, previous, line, value = self._spans, self._previous, self._line, self._value
        match_key = _KEY.match
        reading = self._reading
        read = None if reading is None else _plain_runs(reading.names, reading.flags).groups
        plain = self._plain
        for at in search.starts(buf, _RECORD_LINE_START, self._from - base, end - base):
            if self._opening is not None:  # the first record's line, right after the "{"
                if base + at != self._opening:
                    self.failed = True  # not cut at once by the whole scan either
                    return
                self._opening = None
            key = match_key(buf, at + 3)
            if key is None:
                self.failed = True  # a record's line without its key: the whole scan says
                return
            if line >= 0:
                if buf[at - 1] != 44:  # the next table's first record
                    self._end_table(base + at, line, value, previous)
                    return
                record_id = _key(key.group(1))
                if record_id <= previous:  # not in id order: the whole scan says what then
                    self.failed = True
                    return
                spans[previous] = (line, value, base + at - 1)
                if read is not None and line >= base:
                    values = read(buf, (line - base, value - base, at - 1))
                    if values is not None:
                        plain[previous] = values
                previous = record_id
            else:
                previous = _key(key.group(1))
            line, value = base + at, base + key.end()
        self._previous, self._line, self._value = previous, line, value
        self._from = end

    def _end_table(self, next_record: int | None, line: int, value: int, previous: str) -> None:
        assert self._table is not None
        self._spans[previous] = (line, value, -1)  # its end is the close, found by `finish`
        plain = None if self._reading is None else (self._reading, self._plain)
        self._found.append(TableFound(*self._table, Cut(self._spans, -1, plain)))
        self._closing = (line, next_record)
        self._table, self._spans, self._reading, self._plain = None, {}, None, {}
        self._previous, self._line, self._value = "", -1, -1

    def finish(self, blob: bytes) -> list[TableFound] | None:
        """What `_find_tables(blob)` finds, given that the windows were `blob`'s bytes: the
        scan goes on in `blob` from where the windows stopped."""
        while not self.failed:
            self.window(blob, 0, len(blob))
            if self._table is not None:
                if self._line < 0:
                    return None  # no record after all: the whole scan looks for the next table
                self._end_table(None, self._line, self._value, self._previous)
            if self._closing is None:
                break
            if not self._close(blob):
                return None
        if self.failed or not self._found:
            return None
        return list(self._found)

    def _close(self, blob: bytes) -> bool:
        """Close the cut table that ended where `_scan_records` closes it; the scan goes on
        from there, and finds the tables after it by their ends. False if it cannot."""
        assert self._closing is not None
        last_line, next_record = self._closing
        close = blob.find(
            _TABLE_CLOSE, last_line, len(blob) if next_record is None else next_record
        )
        if close < 0:
            return False  # not cut after all: the tables after it are found from its start
        table = self._found[-1]
        assert table.cut is not None
        spans = table.cut.spans
        last_id = next(reversed(spans))
        spans[last_id] = (*spans[last_id][:2], close)
        self._found[-1] = table._replace(cut=table.cut._replace(close=close))
        self._closing, self._from, self._chained = None, close, True
        return True
