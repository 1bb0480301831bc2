"""A changed store file read against the one already held: only what differs is kept.

When the file changes on disk (a pull, another pstui), the app still holds the file as it
last read it whole. Reading the new one whole beside it held two copies at once, which a
large store cannot afford. Instead the new file is read a window at a time
and compared with the old bytes (memcmp, the bytes need not be at the same offsets); where
the two differ, both are cut into records there and paired by id. The result is the old
tables with the records that differ laid over them, as a change would lay them: the memory
of one copy and the few records that changed.

It relies on pstui's layout (see `lazy`): a mark at a fixed indentation starts each table's
line, each record's line and each table's close, and records are in id order. What it is
not sure of (a table added, removed, emptied or filled, ids out of order or twice, a record
that does not parse, a line longer than a window may grow to, a file changed while read, or
a quarter of the file changed) it gives up on: it returns None, and the caller reads the
file whole, which also says what is wrong with a bad one.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from pstui.store.engine.lazy import (
    _KEY,
    AddedRecord,
    LazyTable,
    RawRecord,
    _key,
    _matching_length,
    _NotInLayout,
    file_tables,
)
from pstui.store.engine.open_index import LONGEST_LINE_BYTES, WINDOW_BYTES, Identity, identity_of
from pstui.store.errors import BadStoreFile

# A table's line (` "name": `), a record's line (`  "id": `) or a table's close (` }`): every
# other line is indented deeper, and a raw newline never occurs inside a string.
_MARKS = (b'\n "', b'\n  "', b"\n }")
_MARK = re.compile(rb'\n (?: ?"|\})')
_FIRST_PIECE = 1 << 12  # bytes compared first from where the two last differed
# Give up once the changes' bytes pass this share of the old file: they are held beside the
# old bytes for as long as those are, so past it a whole read, which starts afresh from the
# new file, is the better trade.
_MOST_CHANGED = 0.25

Changes = dict[str, dict[str, RawRecord | None]]  # table -> id -> the new record, None: gone
Check = Callable[[str], Callable[[str, Any], object] | None]


class _GiveUp(Exception):
    """Not sure of what the new file holds here: read it whole."""


class _Segment(NamedTuple):
    """A mark's line and what follows it up to the next mark."""

    kind: bytes  # the mark: one of _MARKS
    key: str  # the table's name or the record's id; "" for a close
    value: int  # where the record's value starts
    end: int  # where the next mark starts, or the file ends

    def value_end(self, data: bytes | memoryview, base: int) -> int:
        """Where a record's value ends: before the comma that follows it, if one does."""
        return self.end - 1 if data[self.end - 1 - base] == 44 else self.end  # 44: ","


def read_changes(
    path: Path,
    old: bytes,
    tables: Mapping[str, Any],
    check: Check | None = None,
) -> tuple[dict[str, Any], Identity] | None:
    """The store file at `path` as `tables` (the tables of `old`, the file as last read
    whole, perhaps with changes laid over them) with the records that differ from `old`
    laid over instead, and the file's identity; None if not sure (see above). Every record
    taken is parsed strictly, and given to `check(table)` when there is one for its table."""
    base = file_tables(tables, old)
    if base is None:
        return None
    try:
        with open(path, "rb", buffering=0) as handle:
            before = identity_of(os.fstat(handle.fileno()))
            heads = _table_lines(old, base)
            changes = _Diff(old, heads, _Window(handle), int(len(old) * _MOST_CHANGED)).run()
            after = identity_of(os.fstat(handle.fileno()))
        _check_records(changes, check, path)
    except (_GiveUp, _NotInLayout, OSError, BadStoreFile):
        return None
    if before != after or changes.keys() - base.keys():
        return None
    data = {
        name: table.with_changes(changes[name]) if name in changes else table
        for name, table in base.items()
    }
    return data, after


def _table_lines(blob: bytes, tables: Mapping[str, LazyTable]) -> list[tuple[int, str]]:
    """Where each table with records starts its line in `blob`, in file order."""
    lines = []
    for name, table in tables.items():
        region = table._records.region
        if region is not None:
            lines.append((blob.rfind(_MARKS[0], 0, region[0]), name))
    return sorted(lines)


def _check_records(changes: Changes, check: Check | None, path: Path) -> None:
    for table, records in changes.items():
        each = check(table) if check is not None else None
        for record_id, record in records.items():
            if record is not None:
                parsed = RawRecord(record.text, path).parse()
                if each is not None:
                    each(record_id, parsed)


class _Window:
    """The new file, read a window at a time: `data[i]` is the file's byte `base + i`."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self.data = b""
        self.base = 0
        self._needed = 0  # the bytes before it are dropped at the next read
        self.ended = False

    @property
    def end(self) -> int:
        """The file offset after the last byte held."""
        return self.base + len(self.data)

    def hold(self, upto: int) -> None:
        """Read on until the bytes before `upto` are held, or the file ends."""
        while self.end < upto and not self.ended:
            self.more()

    def more(self) -> None:
        kept = self.data[self._needed - self.base :]  # one copy per read, not per record
        if len(kept) >= LONGEST_LINE_BYTES:
            raise _GiveUp  # a line this long is left to the whole read
        chunk = self._handle.read(WINDOW_BYTES)
        if not chunk:
            self.ended = True
        self.data, self.base = kept + chunk, self._needed

    def forget_before(self, at: int) -> None:
        self._needed = max(self._needed, at)


class _Diff:
    """Walks the old bytes and the new file side by side: over what they share by memcmp, and
    record by record (paired by id, as in a merge of two sorted lists) where they differ."""

    def __init__(self, old: bytes, heads: list[tuple[int, str]], new: _Window, most: int) -> None:
        self.old, self.new = old, new
        # The tables with records, by where their lines start: which table a place is in.
        # (An empty one holds no record; one that differs is given up on where it is met.)
        self._head_lines, self._head_names = [h[0] for h in heads], [h[1] for h in heads]
        self.o = self.n = 0  # where each side is: both at a mark, or both at the start
        self.table = ""  # the table both sides are in (a table is never entered on one alone)
        self.last_id = ""  # the id of the new file's record before `n`, in that table
        self.changes: Changes = {}
        self._room = most  # how many bytes of changes may still be taken

    def run(self) -> Changes:
        while True:
            shared = self._shared()
            if self.o + shared == len(self.old) and self._new_ends_at(self.n + shared):
                return self.changes
            self._skip_to(self._last_mark(self.o + shared))
            self._step()

    # ----- what the two share ----------------------------------------------------------------

    def _shared(self) -> int:
        """How many bytes from `o` and `n` on are the same, compared a piece at a time: a
        piece that matches is skipped up to its last record, and the next is twice as long,
        up to a window. Short first, because where records differ, they differ near each
        other (even a merge's thousand changes lie much closer together than a window)."""
        old, new = self.old, self.new
        step = _FIRST_PIECE
        while True:
            new.hold(self.n + step)
            size = min(new.end - self.n, len(old) - self.o, step)
            at = self.n - new.base
            piece = memoryview(new.data)[at : at + size]
            if size == 0 or not old.startswith(piece, self.o):
                return _matching_length(size, self._same_at(piece))
            if size < step:
                return size  # one side ends: the caller looks
            last = old.rfind(_MARKS[1], self.o + 1, self.o + size)  # a record's, found near
            if last >= 0:
                self._skip_to(last)
            elif step >= WINDOW_BYTES:
                return size  # no record to stop at in a whole window: the caller looks
            step = min(step * 2, WINDOW_BYTES)

    def _same_at(self, piece: memoryview) -> Callable[[int, int], bool]:
        old, o = self.old, self.o
        return lambda done, size: old.startswith(piece[done : done + size], o + done)

    def _new_ends_at(self, at: int) -> bool:
        self.new.hold(at + 1)
        return self.new.ended and self.new.end == at

    def _last_mark(self, at: int) -> int:
        """The last mark in the old bytes from `o` that starts before `at`, where they differ
        (one starting there is the old side's alone: a line added after it, say)."""
        old, o = self.old, self.o
        record = old.rfind(_MARKS[1], o, at + len(_MARKS[1]) - 1)  # found near: records are
        # short. A table's line or close is looked for only after it.
        after = max(record, o)
        found = max(record, *(old.rfind(mark, after, at + len(mark) - 1) for mark in _MARKS[::2]))
        if found < 0:
            raise _GiveUp  # the first line differs: not a file in pstui's layout
        return found

    def _skip_to(self, mark: int) -> None:
        """Move both sides over the bytes they share up to `mark` (in the old bytes), noting
        the table and the last record passed."""
        old, start = self.old, self.o
        if mark == start:
            return
        table_line = -1
        head = bisect.bisect_left(self._head_lines, mark) - 1
        if head >= 0 and self._head_lines[head] >= start:
            table_line = self._head_lines[head]
            self.table, self.last_id = self._head_names[head], ""
        record_line = old.rfind(_MARKS[1], max(start, table_line), mark)
        if old.startswith(_MARKS[1], start) and table_line < 0:
            self._follows(_key_at(old, start + 3))  # its first record follows the last taken
        if record_line >= 0:
            self.last_id = _key_at(old, record_line + 3)
        self.n += mark - start
        self.o = mark
        self.new.forget_before(self.n)

    # ----- where they differ -----------------------------------------------------------------

    def _step(self) -> None:
        """Take one segment on one side or both, where the two differ."""
        mine, theirs = self._old_segment(), self._new_segment()
        record, close = _MARKS[1], _MARKS[2]
        if mine.kind == theirs.kind and self._same_segment(mine, theirs):
            self._skip_to(mine.end)  # a line they share, not skipped yet (a window's last)
            return
        if mine.kind == theirs.kind == record and mine.key == theirs.key:
            if not self._same_value(mine, theirs):
                self._take(theirs, added=False)
            self._follows(theirs.key)
            self.o, self.n = mine.end, theirs.end
        elif theirs.kind == record and (
            mine.kind == close or (mine.kind == record and theirs.key < mine.key)
        ):
            self._follows(theirs.key)
            self._take(theirs, added=True)
            self.n = theirs.end
        elif mine.kind == record and theirs.kind in (record, close):
            self._note(mine.key, None)  # removed
            self.o = mine.end
        else:
            raise _GiveUp  # a table added, removed, emptied or filled
        self.new.forget_before(self.n)

    def _old_segment(self) -> _Segment:
        segment = _segment_at(self.old, 0, self.o, whole=True)
        if segment is None:
            raise _GiveUp
        return segment

    def _new_segment(self) -> _Segment:
        new = self.new
        while True:
            new.hold(self.n + len(_MARKS[1]))
            segment = _segment_at(new.data, new.base, self.n, whole=new.ended)
            if segment is not None:
                return segment
            if new.ended:
                raise _GiveUp
            new.more()  # its next mark, or its key, is not held yet

    def _same_segment(self, mine: _Segment, theirs: _Segment) -> bool:
        length = mine.end - self.o
        if theirs.end - self.n != length:
            return False
        at = self.n - self.new.base
        return self.old.startswith(memoryview(self.new.data)[at : at + length], self.o)

    def _same_value(self, mine: _Segment, theirs: _Segment) -> bool:
        new = self.new
        lo, hi = theirs.value - new.base, theirs.value_end(new.data, new.base) - new.base
        mine_end = mine.value_end(self.old, 0)
        piece = memoryview(new.data)[lo:hi]
        return mine_end - mine.value == hi - lo and self.old.startswith(piece, mine.value)

    def _take(self, theirs: _Segment, *, added: bool) -> None:
        """Take the new file's record; `added` when the old file does not hold its id."""
        new = self.new
        lo, hi = theirs.value - new.base, theirs.value_end(new.data, new.base) - new.base
        self._room -= hi - lo
        if self._room < 0:
            raise _GiveUp
        kind = AddedRecord if added else RawRecord
        self._note(theirs.key, kind(new.data[lo:hi], "pstui.json"))

    def _note(self, record_id: str, record: RawRecord | None) -> None:
        changes = self.changes.setdefault(self.table, {})
        if record_id in changes:
            raise _GiveUp  # an id twice, or out of order: the whole read says which
        changes[record_id] = record

    def _follows(self, record_id: str) -> None:
        """The new file's records must be in id order, each id once."""
        if record_id <= self.last_id:
            raise _GiveUp
        self.last_id = record_id


def _segment_at(data: bytes, base: int, at: int, *, whole: bool) -> _Segment | None:
    """The segment at file offset `at` of `data`, which holds the file from `base` on (`whole`:
    to its end); None if it is not held whole yet. Gives up where no mark starts."""
    start = at - base
    match = _MARK.match(data, start)
    if match is None:
        if whole or len(data) - start >= len(_MARKS[1]):
            raise _GiveUp
        return None
    following = _MARK.search(data, start + 1)
    if following is None and not whole:
        return None
    end = base + (following.start() if following is not None else len(data))
    kind = match.group()
    if kind == _MARKS[2]:
        return _Segment(kind, "", end, end)
    key = _KEY.match(data, match.end() - 1)
    if key is None:
        raise _GiveUp  # the line is held whole (the next mark is): no key after all
    return _Segment(kind, _key(key.group(1)), base + key.end(), end)


def _key_at(blob: bytes, at: int) -> str:
    key = _KEY.match(blob, at)
    if key is None:
        raise _GiveUp
    return _key(key.group(1))
