"""The TinyDB storage behind `pstui.json`: atomic, deterministic, never holding the file open.

TinyDB's JSONStorage keeps one handle for a whole session; a `git pull` that replaces the
file then leaves it reading and writing a deleted inode and records are silently lost. This
storage reads the path fresh, remembers the (inode, mtime_ns, size) it loaded, and before
every write checks the file is still that one: if not it raises StoreChanged and writes
nothing, and `absorb_disk` takes the new file with our unwritten changes merged on top (the
same three-way merge as git's driver). Writes go to a temp file in the same folder, are
fsynced, then os.replace'd, under a lock file that serialises writers across processes.

It is a write-behind cache: `commit` makes a change visible at once (and durable through the
journal), `flush` writes the file, in the caller's thread or in `BackgroundFlusher`'s.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from tinydb.storages import Storage

from pstui.i18n import _
from pstui.store.engine import (
    Arrange,
    Identity,
    LazyTable,
    Place,
    PlainFields,
    RecordTextCache,
    StoreRead,
    conflict_marker_line,
    dumps_store_bytes,
    identity_of,
    load_store_bytes,
    read_changes,
    read_with_index,
    save_index,
    store_parts,
    worth_indexing,
)
from pstui.store.errors import (
    BadStoreFile,
    NewerSchema,
    ReadOnlyStore,
    StoreChanged,
    StoreWriteError,
)
from pstui.store.files import (
    Signature,
    atomic_write_bytes,
    file_signature,
    writer_lock,
)
from pstui.store.journal import Entry, Journal
from pstui.store.merge import MergeResult, merge_stores
from pstui.store.schema import SCHEMA_VERSION, record_kind, spec_of

# Where a card sits: the fields of every card the board reads at once as it opens.
CARD_PLACE = PlainFields(("archived", "board", "rank", "stage"), flags=frozenset({"archived"}))
# Cut into records as the store is opened, with the fields read of each record as it is cut.
CUT_AT_OPEN = {"cards": CARD_PLACE}

PlacesOf = Callable[[Any], Mapping[str, Place]]  # a cards table -> where each card sits
ArrangeCards = Callable[[Any], Any]  # a cards table -> the cards arranged for the board


@dataclass(frozen=True)
class _Loaded:
    """The file as last read: its bytes and identity, the tables found in them, and whether
    those came from the open index."""

    blob: bytes
    identity: Identity | None
    tables: dict[str, Any]
    from_index: bool


@dataclass(frozen=True)
class DiskRead:
    """The store file read and checked, not yet taken: see `PstuiStorage.read_disk`."""

    signature: Signature
    data: dict[str, Any]
    loaded: _Loaded
    # The cards arranged for the board: by `arrange` from an open index's places, or by the
    # reader from the cards; None when neither was done.
    arranged: Any


# Below this size a store is checked record by record when it opens (the check grows with
# the file, too slow to wait for above it); above it the app checks in the background and
# the CLI checks what it reads.
VALIDATE_AT_OPEN_BYTES = 16 * 1024 * 1024
T = TypeVar("T")


# What a model read raises for a record it cannot read (RecordError and WorkflowError are
# ValueErrors); the rest is a safety net for a shape no check foresaw.
UNREADABLE = (ValueError, TypeError, AttributeError, KeyError)


def validate_tables(tables: dict[str, Any], path: Path | str) -> None:
    """Parse every record strictly, and read every board, card and event as pstui does:
    raises BadStoreFile for the first that is not right."""
    for name, table in tables.items():
        if isinstance(table, LazyTable):
            table.validate(each=model_check(name, path))


def model_check(name: str, path: Path | str) -> Callable[[str, Any], object] | None:
    """What reads each record of table `name` as the model does, raising BadStoreFile for
    one it cannot read; None for a table the model does not read."""
    spec = spec_of(name)
    if spec.read is None:
        return None
    return partial(read_as_model, path, spec.what, spec.read)


def read_as_model(
    path: Path | str, what: str, read: Callable[[str, Any], T], record_id: str, raw: Any
) -> T:
    """`read(record_id, raw)`; a record the model cannot read (a hand edit, another tool, a
    bad merge) raises BadStoreFile naming the record and what is wrong in it."""
    try:
        return read(record_id, raw)
    except UNREADABLE as err:
        raise BadStoreFile(
            path,
            _("{what} {id}: {error}. Fix it by hand or restore the file from git.").format(
                what=record_kind(what), id=record_id, error=err
            ),
        ) from None


def check_schema(path: Path, data: dict[str, Any]) -> None:
    meta = data.get("meta", {}).get("pstui")
    if meta is None:
        raise BadStoreFile(path, _("no meta record: this file is not a pstui store"))
    if not isinstance(meta, dict):
        raise BadStoreFile(
            path, _("the meta record is {value}, not an object").format(value=_brief(meta))
        )
    schema = meta.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise BadStoreFile(
            path, _("meta.schema is {value}, not a version number").format(value=_brief(schema))
        )
    if schema > SCHEMA_VERSION:
        raise NewerSchema(
            path,
            _(
                "written by a newer pstui (schema {schema}, this pstui reads up to "
                "{version}). Upgrade pstui: `pip install --upgrade pstui`."
            ).format(schema=schema, version=SCHEMA_VERSION),
        )


def _brief(value: Any) -> str:
    """A value as a message shows it: its repr, cut short (a hand edit may put anything)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def is_read_only(path: Path) -> bool:
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


class PstuiStorage(Storage):
    """TinyDB storage over `pstui.json`.

    `current` is what the user sees; `disk` is what the file holds. They are the same object
    when nothing is waiting to be written. Tables and records are never changed in place
    (changes copy the table they touch), so a snapshot can be serialized on another thread.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        journal: Journal | None = None,
        validate: bool = True,
        arrange: Arrange = dict,
        place: ArrangeCards | None = None,
    ) -> None:
        self.path = Path(path)
        self.read_only = False
        self._cache = RecordTextCache()
        self._flush_lock = threading.RLock()  # one flush or absorb at a time
        self._journal = journal
        self._pending_seq = 0
        self._signature: Signature | None = None
        self.disk: dict[str, dict[str, Any]] = {}
        self.current: dict[str, dict[str, Any]] = {}
        self._validate = validate
        # The file's cards arranged for the board as it was read (see `DiskRead.arranged`):
        # None when not done, or the cards are no longer where the file has them.
        self._arrange = arrange
        self._place = place  # arranges a file's cards read whole, for the same purpose
        self.open_arranged: Any = None
        self._loaded: _Loaded | None = None
        self._indexed: Identity | None = None  # the file an open index is known kept for
        self._take(self.read_disk())
        self.current = self.disk
        self.read_only = is_read_only(self.path)

    def read_disk(self, *, beside_ui: bool = False) -> DiskRead:
        """The file as it is now, read and checked; a bad file raises. Changes nothing, so
        another thread can read while this one goes on (see `absorb_disk`): `beside_ui`
        then, so that it does not scan the file as it reads it (see `read_with_index`).
        Once a file was read, the next is read against it (see `reread`), and read whole
        only when that cannot be done."""
        signature = file_signature(self.path)
        if signature is None:
            raise BadStoreFile(self.path, _("the store file is gone"))
        loaded = self._loaded
        if loaded is not None:
            changed = self._read_changes(loaded)
            if changed is not None:
                return DiskRead(signature, changed.tables, changed, None)
        read = read_with_index(self.path, self._arrange, CUT_AT_OPEN, scan_as_read=not beside_ui)
        if read.index is not None:
            data, arranged = read.index.tables, read.index.arranged
        else:
            data, arranged = self._tables_of(read)
        check_schema(self.path, data)
        if self._validate and len(read.blob) <= VALIDATE_AT_OPEN_BYTES:
            validate_tables(data, self.path)
        loaded = _Loaded(read.blob, read.identity, data, from_index=read.index is not None)
        return DiskRead(signature, data, loaded, arranged)

    def _tables_of(self, read: StoreRead) -> tuple[dict[str, LazyTable], Any]:
        """The tables of bytes read whole, and their cards arranged (`place`) while the
        reading thread may still be searching the bytes for conflict markers: that search
        lets go of the GIL. Conflict markers are refused before anything else found wrong."""
        try:
            data = load_store_bytes(read.blob, self.path, CUT_AT_OPEN, read.found, markers=0)
            arranged = self._place(data.get("cards", {})) if self._place else None
        except BadStoreFile:
            self._refuse_markers(read)
            raise
        self._refuse_markers(read)
        return data, arranged

    def _refuse_markers(self, read: StoreRead) -> None:
        line = read.markers()
        if line is None:  # the reading thread did not look
            line = conflict_marker_line(read.blob)
        if line:
            load_store_bytes(read.blob, self.path, markers=line)  # refuses them, naming the line

    def _read_changes(self, loaded: _Loaded) -> _Loaded | None:
        """The file as `loaded` with what changed since laid over it, read without holding
        two copies (see `reread`); None when it cannot be read so."""
        check = partial(model_check, path=self.path) if self._validate else None
        found = read_changes(self.path, loaded.blob, loaded.tables, check)
        if found is None:
            return None
        data, identity = found
        check_schema(self.path, data)
        return _Loaded(loaded.blob, identity, data, from_index=False)

    def _take(self, read: DiskRead) -> None:
        """Make `read` the file as last read (what `disk` is: `current` is the caller's)."""
        self.disk, self._signature = read.data, read.signature
        self.open_arranged = read.arranged
        self._loaded = read.loaded
        if read.loaded.from_index:
            self._indexed = read.loaded.identity

    # ----- TinyDB's interface ---------------------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]]:
        return self.current

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """TinyDB's own writes (which change records in place) go straight to the file."""
        self.commit(data, None)
        self._cache.clear()
        self.flush()

    # ----- write-behind -----------------------------------------------------------------------

    def commit(self, data: dict[str, dict[str, Any]], entry: Entry | None) -> None:
        """Make `data` what the user sees; the journal keeps `entry` until it is on disk."""
        if self.read_only:
            raise ReadOnlyStore(self.path, _("the store is read-only here; changes are not saved"))
        if entry is not None and self._journal is not None:
            try:
                self._pending_seq = self._journal.append(entry)
            except OSError as err:  # a full disk: the change is not made, the store untouched
                raise StoreWriteError(
                    self.path,
                    _("the change is not made: {error}").format(error=err.strerror or err),
                ) from None
        self.current = data
        self.open_arranged = None  # where the file's cards sat, not where these are

    def sync_journal(self) -> None:
        if self._journal is not None:
            self._journal.sync()

    @property
    def pending(self) -> bool:
        return self.current is not self.disk

    def flush(self) -> None:
        """Write what the user sees. Raises StoreChanged, and writes nothing, if the file changed."""
        with self._flush_lock:
            snapshot, seq = self.current, self._pending_seq
            if snapshot is self.disk:
                return
            with writer_lock(self.path):
                if self.changed_on_disk():
                    raise StoreChanged(self.path, _("the file changed on disk since it was loaded"))
                parts = store_parts(snapshot, self._cache)
                try:
                    signature = atomic_write_bytes(self.path, parts)
                except PermissionError as err:
                    raise ReadOnlyStore(
                        self.path, _("cannot write: {error}").format(error=err.strerror)
                    ) from None
                except OSError as err:
                    raise StoreWriteError(
                        self.path,
                        _("cannot write ({error}); the file on disk is unchanged").format(
                            error=err.strerror
                        ),
                    ) from None
            self.disk, self._signature = snapshot, signature
        if self._journal is not None:
            self._journal.settle(seq)

    def changed_on_disk(self) -> bool:
        return file_signature(self.path) != self._signature

    def absorb_disk(self, *, wait: bool = True, read: DiskRead | None = None) -> MergeResult | None:
        """Take the file's new content, merging our unwritten changes on top of it: `read`,
        when another thread has read it already and the file is still that one.

        Returns the merge (its conflicts, if any) when the file had changed, else None. With
        `wait=False` it gives up at once (returns None) while a flush holds the lock.
        """
        if not self._flush_lock.acquire(blocking=wait):
            return None
        try:
            now = file_signature(self.path)
            if now == self._signature:
                return None
            if read is None or read.signature != now:
                read = self.read_disk()  # a bad file raises here and changes nothing
            theirs = read.data
            if self.pending:
                result = merge_stores(self.disk, self.current, theirs)
            else:
                result = MergeResult(data=theirs, conflicts=[])
            # A merged record can keep its `updated_at` with other content: drop cached text.
            self._cache.clear()
            self._take(read)
            self.current = result.data
            if self.current is not theirs:
                self.open_arranged = None  # our changes merged in: cards the file has elsewhere
            self.read_only = is_read_only(self.path)
            return result
        finally:
            self._flush_lock.release()

    def close(self) -> None:
        if self._journal is not None and not self.pending:
            self._journal.close()

    def take_open_arranged(self) -> Any:
        """The file's cards as arranged when it was read (None if they were not), handed
        out once: the taker goes on to change it as cards move."""
        arranged, self.open_arranged = self.open_arranged, None
        return arranged

    def file_as_read(self) -> tuple[bytes, dict[str, Any]] | None:
        """The file as last read whole and its tables (perhaps with changes read since laid
        over them): what another reader of the file can read against (see `reread`) rather
        than hold a second copy. Safe on another thread: neither ever changes."""
        loaded = self._loaded
        return None if loaded is None else (loaded.blob, loaded.tables)

    @property
    def opened_from_index(self) -> bool:
        return self._loaded is not None and self._loaded.from_index

    @property
    def index_kept(self) -> bool:
        """Whether an open index is kept for the file as it was read."""
        return self._loaded is not None and self._loaded.identity == self._indexed

    @property
    def holds_file_as_read(self) -> bool:
        """Whether what the user sees is still the file as it was read: nothing changed."""
        loaded = self._loaded
        return loaded is not None and self.current is self.disk is loaded.tables

    def save_loaded_index(self, places: Mapping[str, Place]) -> bool:
        """Keep the open index of the file as it was read, `places` being where its cards
        sit. Safe on another thread: it reads only what the open found, which never changes."""
        loaded = self._loaded
        if loaded is None or loaded.identity == self._indexed:
            return False
        kept = save_index(self.path, loaded.blob, loaded.identity, loaded.tables, places)
        if kept:
            self._indexed = loaded.identity
        return kept

    def keep_open_index(self, places_of: PlacesOf) -> None:
        """Called last, on close, after `save_loaded_index` had its chance: if no open index
        is kept for the file as it is now (it changed in the session), read it again and keep
        one. The store is let go of first, so that two copies of a large file are never held
        at once."""
        self._loaded = None
        self.disk = self.current = {}
        try:
            now = identity_of(os.stat(self.path))
        except OSError:
            return
        if now != self._indexed:
            index_store_file(self.path, places_of)

    @staticmethod
    def create(path: Path, data: dict[str, dict[str, Any]]) -> None:
        """Write a brand-new store; refuses to overwrite an existing file."""
        with writer_lock(path):
            if path.exists():
                raise FileExistsError(path)
            atomic_write_bytes(path, dumps_store_bytes(data))


def index_store_file(path: Path, places_of: PlacesOf) -> bool:
    """Read the store file and keep its open index, unless one is kept for it already (after
    a pull, say, so that the next open is quick too). False if nothing was kept."""
    try:
        blob, identity, index, found, markers = read_with_index(path, cut_now=CUT_AT_OPEN)
    except OSError:
        return False
    if identity is None or not worth_indexing(len(blob)) or index is not None:
        return False
    try:
        tables = load_store_bytes(blob, path, CUT_AT_OPEN, found, markers())
    except BadStoreFile:
        return False  # said when the store is opened; an index is no place for it
    return save_index(path, blob, identity, tables, places_of(tables.get("cards", {})))


class BackgroundFlusher:
    """Writes the store off the UI thread, coalescing bursts of changes into one write."""

    def __init__(
        self,
        storage: PstuiStorage,
        on_changed: Callable[[], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        self._storage = storage
        self._on_changed = on_changed
        self._on_error = on_error
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="pstui-writer", daemon=True)
        self._thread.start()

    def request(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            if self._stopping:
                return
            try:
                self._storage.sync_journal()
                self._storage.flush()
            except StoreChanged:
                self._on_changed()
            except Exception as err:  # reported to the user; the journal still holds the change
                self._on_error(err)

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        self._thread.join(timeout=30)
