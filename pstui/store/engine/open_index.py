"""What opening a store file found in it, kept in the user's cache for the next open.

Opening a 10,000-card store scans all its bytes for the tables and the cards, and reads four
fields of every card to place it on the board: most of what an open costs. All of it
follows from the file's bytes alone, so it is kept, keyed by the file's identity (device,
inode, size, modification and change times): the next open of the very same file reads it
back, far cheaper than the scan, and checks every card's line in the bytes before trusting
it. A file anyone changed (git, another pstui, an editor) has another identity and is scanned
as before. Only large stores are indexed: below `INDEX_FROM_BYTES` the scan is as fast.

The index is a cache: it lives in `$XDG_CACHE_HOME/pstui` (else `~/.cache/pstui`), never
beside the store, and one that is missing, stale or unreadable is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from pstui.store.engine.lazy import (
    Layout,
    LazyTable,
    PlainFields,
    Span,
    TableFound,
    TableScan,
    layout_of,
    tables_from_layout,
)
from pstui.store.engine.serialize import conflict_marker_line

FORMAT = 1
INDEX_FROM_BYTES = 8_000_000  # about 750 cards with their history
FORGET_AFTER_SECONDS = 30 * 24 * 3600  # an index not written for a month is removed
WINDOW_BYTES = 1 << 20  # what a scan reads at a time beside the whole file's read
LONGEST_LINE_BYTES = 16 << 20  # a window grows to hold a longer line up to this, then gives up
PREFIX = "open-"

Identity = tuple[int, int, int, int, int]
Place = tuple[str, str, str, bool]  # board, stage, rank, archived


@dataclass(frozen=True)
class OpenIndex:
    tables: dict[str, LazyTable]
    arranged: Any  # what the reader's `arrange` made of where each card sits


Arrange = Callable[[dict[str, Place]], Any]


def worth_indexing(size: int) -> bool:
    return size >= INDEX_FROM_BYTES


def identity_of(stat: os.stat_result) -> Identity:
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def read_with_identity(path: Path) -> tuple[bytes, Identity | None]:
    """The file's bytes, and its identity if nothing changed it while it was read: what
    `read_ahead` read, when the file at `path` is still that very file, else read now."""
    read = _take_read_ahead(path)
    return (read.blob, read.identity) if read is not None else _read_file(path)


class _Read(NamedTuple):
    """A read of a store file, and what was found in its bytes on the reading thread."""

    blob: bytes
    identity: Identity | None
    markers: int | None = None  # `conflict_marker_line` of the bytes; None: not looked for


class _Reading:
    """A store file read for an open on another thread. Once read, and if the opening thread
    says it will parse the bytes (`look_for_markers`), they are searched for conflict
    markers on that thread too: its search (`search.find_byte_beside`) lets go of the GIL,
    so the opening thread goes on with its own work meanwhile instead of searching the whole
    file itself."""

    def __init__(self, pool: ThreadPoolExecutor, path: Path) -> None:
        self.read_done = threading.Event()
        self._decided = threading.Event()
        self._wanted = False
        self._read: _Read | None = None
        self._future = pool.submit(self._run, path)

    def look_for_markers(self, wanted: bool) -> None:
        """Say whether the bytes will be parsed (the first word counts): the reading thread
        waits for it once the file is read."""
        if not self._decided.is_set():
            self._wanted = wanted
            self._decided.set()

    def _run(self, path: Path) -> int | None:
        try:
            read = self._read = _take_read_ahead(path) or _Read(*_read_file(path))
        finally:
            self.read_done.set()
        self._decided.wait()
        if read.markers is None and self._wanted:
            return conflict_marker_line(read.blob)
        return read.markers

    def result(self) -> _Read:
        """The bytes and their identity, once read (the read's error, if it failed)."""
        self.read_done.wait()
        if self._read is None:
            self._future.result()  # raises what the read raised
        assert self._read is not None
        return self._read

    def markers(self) -> int | None:
        """`conflict_marker_line` of the bytes, once looked for; None if they were not."""
        return self._future.result()


def _read_file(path: Path) -> tuple[bytes, Identity | None]:
    with open(path, "rb") as handle:
        before = os.fstat(handle.fileno())
        blob = handle.read()
        after = identity_of(os.fstat(handle.fileno()))
    return blob, after if identity_of(before) == after else None


class _ReadAhead:
    """A read of a store file running on another thread."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._done = threading.Event()
        self._read: _Read | None = None
        threading.Thread(target=self._run, name="pstui-read-ahead", daemon=True).start()

    def _run(self) -> None:
        with contextlib.suppress(OSError):  # the open that follows reports it
            blob, identity = _read_file(self._path)
            # While the other thread imports Textual: the search lets go of the GIL.
            self._read = _Read(blob, identity, conflict_marker_line(blob))
        self._done.set()

    def result(self) -> _Read | None:
        self._done.wait()
        return self._read


_ahead: _ReadAhead | None = None
_ahead_lock = threading.Lock()


def read_ahead(path: Path) -> None:
    """Start reading the store file on another thread, for the next `read_with_identity` to
    take. `pstui` calls it before it imports Textual: the read lets go of the GIL, so the
    imports, which take longer than the read, hide it instead of the open waiting for it."""
    global _ahead
    with _ahead_lock:
        _ahead = _ReadAhead(path)


def _take_read_ahead(path: Path) -> _Read | None:
    """The bytes read ahead, if the file at `path` has the identity they were read with:
    then it is the same file, unchanged since. Taken by the first read whatever its path,
    so no bytes are held that nothing will use."""
    global _ahead
    with _ahead_lock:
        ahead, _ahead = _ahead, None
    read = ahead.result() if ahead is not None else None
    if read is None or read.identity is None:
        return None
    try:
        now = identity_of(os.stat(path))
    except OSError:
        return None
    return read if now == read.identity else None


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pstui"


def index_path(store: Path) -> Path:
    key = hashlib.sha256(str(Path(store).resolve()).encode()).hexdigest()[:24]
    return cache_folder() / f"{PREFIX}{key}.json"


class StoreRead(NamedTuple):
    """A store file's bytes, and what is known of them from the start."""

    blob: bytes
    identity: Identity | None  # see `read_with_identity`
    index: OpenIndex | None  # the index kept for these very bytes, checked against them
    found: list[TableFound] | None  # else the tables found as the bytes were read, if they were
    # `conflict_marker_line` of the bytes, if the reader looked: called once the caller has
    # gone on with the bytes, as the reading thread may still be searching them.
    markers: Callable[[], int | None] = lambda: None


def read_with_index(
    store: Path,
    arrange: Arrange = dict,
    cut_now: Mapping[str, PlainFields | None] | None = None,
    *,
    scan_as_read: bool = True,
) -> StoreRead:
    """The file's bytes, and the index kept for them with `arrange` applied to where it says
    each card sits; with no index kept, the tables found in them (`cut_now` cut at once,
    the fields it names read of their records: see `TableScan`).

    For a store large enough to be indexed, another thread reads the bytes while this one
    parses the index and arranges the cards, or else (`scan_as_read`) reads the file a
    window at a time and scans it for the tables: a read lets go of the GIL, so it hides
    the index's work or most of the scan. Not when the bytes were read ahead: the scan
    would only repeat the read. Not beside a thread that must not wait either: each
    window's read lets go of the GIL and takes it back at once, and CPython only asks for
    the GIL back for a waiting thread after a switch interval with no switch, so every
    window restarts that wait and the waiting thread stalls for the whole scan."""
    if not worth_indexing(os.stat(store).st_size):
        blob, identity = read_with_identity(store)
        return StoreRead(blob, identity, None, None)
    scanning = scan_as_read and cut_now and not _reading_ahead()
    scan = TableScan(cut_now) if scanning else None
    scanned: Identity | None = None
    # Not a `with`: it would wait for the marker search, which the caller overlaps instead.
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        reading = _Reading(pool, store)
        try:
            kept = _read_kept(store)
            arranged = None
            if kept is not None and kept.identity == identity_of(os.stat(store)):
                reading.look_for_markers(False)  # the index is taken: nothing is parsed
                arranged = arrange(kept.places)  # checked against the bytes' identity below
            else:
                reading.look_for_markers(True)
                if scan is not None:
                    scanned = _scan_as_read(store, scan, until=reading.read_done.is_set)
        finally:
            reading.look_for_markers(False)  # whatever went wrong, the reader is not held
        blob, identity, _ = reading.result()
        if kept is not None and arranged is not None and kept.identity == identity:
            return StoreRead(blob, identity, kept.check(store, blob, arranged), None)
        found = None
        if scan is not None and scanned is not None and scanned == identity:
            # The windows were these bytes: it scans the rest in them, while the other
            # thread looks for conflict markers.
            found = scan.finish(blob)
    finally:
        pool.shutdown(wait=False)
    return StoreRead(blob, identity, None, found, reading.markers)


def _reading_ahead() -> bool:
    with _ahead_lock:
        return _ahead is not None


def _scan_as_read(path: Path, scan: TableScan, until: Callable[[], bool]) -> Identity | None:
    """Hand the file to `scan` a window at a time, all read into one small buffer (its pages
    are faulted in once, where reading the file whole faults in all of it), until it ends or
    `until()` says the whole file is read. The file's identity if nothing changed it
    meanwhile, else None, as for a scan that gave up."""
    buf = bytearray(WINDOW_BYTES)
    try:
        with open(path, "rb", buffering=0) as handle:
            before = identity_of(os.fstat(handle.fileno()))
            base = held = 0  # the file offset of buf[0]; how much of buf is read
            while not (scan.failed or scan.paused or until()):
                if held == len(buf):  # a line longer than the window
                    if held >= LONGEST_LINE_BYTES:
                        return None  # leave a line this long to the whole scan
                    buf.extend(bytes(len(buf)))
                with memoryview(buf) as view:
                    got = handle.readinto(view[held:])
                if not got:  # the end of the file: every line is whole
                    scan.window(buf, base, base + held)
                    break
                held += got
                last = buf.rfind(b"\n", 1, held)  # lines starting before it are whole
                scan.window(buf, base, base + max(last, 0))
                if last < 1:
                    continue
                keep = last - 1  # from the byte before the line not yet whole, for its comma
                buf[: held - keep] = buf[keep:held]
                base, held = base + keep, held - keep
            after = identity_of(os.fstat(handle.fileno()))
    except OSError:
        return None  # the whole read says what is wrong
    return after if after == before and not scan.failed else None


@dataclass(frozen=True)
class _Kept:
    """An index as read from the cache, not yet checked against the store's bytes."""

    identity: Identity
    layout: Layout
    spans: dict[str, Span]
    places: dict[str, Place]

    def check(self, store: Path, blob: bytes, arranged: Any) -> OpenIndex | None:
        tables = tables_from_layout(blob, store, self.layout, self.spans)
        return None if tables is None else OpenIndex(tables, arranged)


def _read_kept(store: Path) -> _Kept | None:
    try:
        kept = json.loads(index_path(store).read_bytes())
        if kept["format"] != FORMAT:
            return None
        layout = {n: None if r is None else (r[0], r[1]) for n, r in kept["tables"].items()}
        spans: dict[str, Span] = {}
        places: dict[str, Place] = {}
        for card_id, line, value, end, board, stage, rank, archived in kept["cards"]:
            spans[card_id] = (line, value, end)
            places[card_id] = (board, stage, rank, archived)
        if not _well_typed(layout, spans, places):
            return None
        return _Kept(tuple(kept["identity"]), layout, spans, places)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none kept, or not one this pstui wrote: scan the file


def _well_typed(layout: Layout, spans: dict[str, Span], places: dict[str, Place]) -> bool:
    """Whether every position is a number and every place three strings and a flag: the
    positions are then checked against the bytes, the places trusted as they are."""
    positions = [n for region in layout.values() if region is not None for n in region]
    positions += [n for span in spans.values() for n in span]
    return (
        all(type(n) is int for n in positions)
        and all(type(card_id) is str for card_id in spans)
        and all(
            type(board) is str and type(stage) is str and type(rank) is str and type(flag) is bool
            for board, stage, rank, flag in places.values()
        )
    )


def save_index(
    store: Path,
    blob: bytes,
    identity: Identity | None,
    tables: Mapping[str, Any],
    places: Mapping[str, Place],
) -> bool:
    """Keep what opening `blob` (the file with `identity`) found: its tables' layout and
    where each card is. Nothing is kept for a small store or one not in pstui's layout."""
    if identity is None or not worth_indexing(len(blob)):
        return False
    found = layout_of(tables, blob)
    if found is None:
        return False
    layout, spans = found
    if spans.keys() != places.keys():
        return False
    cards = [[cid, *spans[cid], *places[cid]] for cid in spans]
    text = json.dumps(
        {
            "format": FORMAT,
            "store": str(Path(store).resolve()),
            "identity": list(identity),
            "tables": {name: None if r is None else list(r) for name, r in layout.items()},
            "cards": cards,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    target = index_path(store)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, target)  # a reader sees the old index or the new, never half
    except OSError:
        return False  # a cache that cannot be written is only a slower next open
    _forget_old_indexes(target.parent)
    return True


def _forget_old_indexes(folder: Path) -> None:
    """Remove the indexes of stores not opened for a month (moved, deleted, or tests')."""
    cutoff = time.time() - FORGET_AFTER_SECONDS
    for path in folder.glob(f"{PREFIX}*"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
