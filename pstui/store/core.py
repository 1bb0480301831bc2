"""The commit core: the one path every change of every table takes.

A change is built from the current state by a table's service and handed to `commit`, which
stamps and appends its event, journals it, makes it visible, has it written (now, or by the
writer thread) and keeps an undo step. When the file changed on disk (a pull, another pstui),
`reload` takes the new file with our unwritten changes merged on top by the same three-way
merge git's driver uses. Services keep their indexes in line through `Service`'s two hooks.

Threads: every change and every `reload` come from one thread (the app's UI thread). The
writer thread only writes, and reports a changed file through `on_disk_changed`.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tinydb import TinyDB, where
from tinydb.table import Table

from pstui.i18n import ENGLISH, N_, _, language
from pstui.model.dates import now_utc
from pstui.model.event import Event
from pstui.model.ids import new_id
from pstui.model.record_text import said
from pstui.store.edits import ABSENT, Changed, reverted
from pstui.store.engine import LazyTable
from pstui.store.errors import BadStoreFile, ReadOnlyStore, StoreChanged
from pstui.store.files import git_dir_for, remove_stale_temp_files
from pstui.store.journal import Journal, journal_folder, orphaned_entries
from pstui.store.merge import MergeResult, merge_record
from pstui.store.storage import (
    BackgroundFlusher,
    DiskRead,
    PlacesOf,
    PstuiStorage,
    read_as_model,
)

UNDO_DEPTH = 100
VALIDATE_SECONDS = 600
# The background check starts this long after it is asked for: its process's start and its
# read of the file, on the other core, slowed the board's first paint at 10,000 cards by
# 4-6 ms (and made it vary more), and its spawn held the UI thread for 2-6 ms.
VALIDATE_AFTER_SECONDS = 1.0
MAX_RETRIES = 3
# Why a store opened with `view_only` refuses a change (`pstui serve --read-only`).
VIEW_ONLY = N_("read-only: this board is served for viewing")
# Why a store the file system will not let us write refuses one.
NOT_WRITABLE = N_("This store is read-only here: nothing can be changed.")

# Record ids are ULID strings, not TinyDB's sequential ints: clones must never collide.
Table.document_id_class = str  # type: ignore[assignment]

Key = tuple[str, str]  # (table, record id)
Records = dict[Key, dict[str, Any] | None]


@dataclass
class Change:
    """What one user action writes: records to put (None deletes) and the event that says so."""

    records: Records
    action: str
    table: str
    record: str
    summary: str
    data: dict[str, Any] = field(default_factory=dict)
    language: str = ENGLISH  # the summary's: its board's (see `record_text.said`)


@dataclass
class UndoStep:
    """A change as it can be taken back: each record before and after it."""

    summary: str
    records: dict[Key, tuple[Any, Any]]  # ABSENT for a record that was not there
    language: str = ENGLISH  # the summary's, and so the undo's


class UndoRefused(Exception):
    """The undo would erase a change made since; nothing was undone."""


class Service(Protocol):
    """A table's service, kept in line with the store by the core."""

    def reindex(self) -> None:
        """The store's data was replaced (open, reload): rebuild what is kept from it."""

    def absorb(self, table: str, record_id: str, record: dict[str, Any] | None) -> None:
        """One record was just written (None: deleted)."""


class CommitCore:
    """A store opened for reading and writing by one user, without knowing its tables."""

    def __init__(
        self,
        path: Path,
        who: str,
        *,
        background: bool = False,
        arrange: Callable[[Any], Any] | None = None,
        place: Callable[[Any], Any] | None = None,
        view_only: bool = False,
    ) -> None:
        self.path = Path(path)
        self.who = who
        # Opened for viewing: every change is refused (`commit`), and nothing beside the
        # store is touched either (temp files, journals), whoever else has it open.
        self.view_only = view_only
        if not view_only:
            remove_stale_temp_files(self.path.parent)
        folder = journal_folder(self.path, git_dir_for(self.path))
        journal = Journal(folder, self.path) if background and not view_only else None
        # The app checks every record in the background (see `validate_in_background`).
        self._db = TinyDB(
            self.path,
            storage=PstuiStorage,
            journal=journal,
            validate=not background,
            arrange=arrange,
            place=place,
        )
        self._storage: PstuiStorage = self._db.storage  # type: ignore[assignment]
        self._services: list[Service] = []
        self._undo: list[UndoStep] = []
        self.generation = 0  # bumped on every reload from disk, so views know to rebuild
        self.revision = 0  # bumped on every change written here, for views kept across screens
        self._notes: list[str] = []  # said once at open, like a recovered crash
        if not view_only:  # a stopped pstui's changes wait for an open that may write
            self._recover(folder)
        self._flusher: BackgroundFlusher | None = None
        self._validator: subprocess.Popen[str] | None = None  # the background check
        self._validating: threading.Thread | None = None  # starts it, and waits for it
        self._validation_stopped = threading.Event()  # set by `close`
        self._validator_lock = threading.Lock()  # the check starts, or `close` stops it
        # Set by the app: called from the writer thread.
        self.on_disk_changed: Callable[[], None] = lambda: None
        self.on_write_error: Callable[[Exception], None] = lambda err: None
        if background:
            self._flusher = BackgroundFlusher(
                self._storage,
                on_changed=lambda: self.on_disk_changed(),
                on_error=lambda err: self.on_write_error(err),
            )

    def attach(self, *services: Service) -> None:
        """Keep these services in line with the store, in this order (later ones may read
        earlier ones' indexes), and index them now."""
        self._services.extend(services)
        for service in services:
            service.reindex()

    def _reindex(self) -> None:
        for service in self._services:
            service.reindex()

    # ----- a killed pstui's changes -----------------------------------------------------------

    def _recover(self, folder: Path) -> None:
        """Replay changes a killed pstui had shown but not yet written to the store. Each is
        merged onto the record as it is now, by the merge's rules: a teammate's change pulled
        since stays, and where both changed one field the later edit wins and the other value
        is kept in a conflict event."""
        entries, files = orphaned_entries(folder, self.path)
        if not files:
            return
        if entries and self._storage.read_only:
            # Kept for an open that can write: deleting them would lose those changes.
            self._notes.append(
                _(
                    "{n} change(s) a stopped pstui had not yet saved wait until "
                    "this store can be written"
                ).format(n=len(entries))
            )
            return
        if entries:
            data = dict(self._storage.current)
            conflicts: dict[str, Any] = {}
            for entry in entries:
                for table, rid, after, before in entry:
                    records = LazyTable.of(data.get(table, {}))
                    now = records.get(rid) if rid in records else None
                    merged, lost = merge_record(table, rid, before, after, now)
                    if merged != now:
                        data[table] = records.with_changes({rid: merged})
                    conflicts.update({e.pop("id"): e for e in lost})
            if conflicts:
                data["events"] = LazyTable.of(data.get("events", {})).with_changes(conflicts)
            self._storage.commit(data, None)
            self._flush_now()
            if conflicts:
                note = _(
                    "recovered {n} change(s) that a stopped pstui had not yet saved; "
                    "{fields} field(s) had changed since: see merge conflicts (C)"
                ).format(n=len(entries), fields=len(conflicts))
            else:
                note = _("recovered {n} change(s) that a stopped pstui had not yet saved").format(
                    n=len(entries)
                )
            self._notes.append(note)
        for path in files:
            path.unlink(missing_ok=True)

    # ----- the file -----------------------------------------------------------------------------

    def validate_in_background(
        self, on_invalid: Callable[[Exception], None], after: float = VALIDATE_AFTER_SECONDS
    ) -> None:
        """Check every record of the store in a child process, started `after` seconds
        from now (once the board is shown); a bad one makes the store read-only (nothing of
        it is ever rewritten) and is reported through `on_invalid`, from a background
        thread."""

        def run() -> None:
            if self._validation_stopped.wait(after):
                return  # closed before the check began
            with self._validator_lock:
                if self._validation_stopped.is_set():
                    return
                try:
                    child = subprocess.Popen(
                        # The problem it finds is said in this process's language.
                        [sys.executable, "-m", "pstui.store.validate", str(self.path), language()],
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE,
                        text=True,
                    )
                except OSError:
                    return  # unchecked is not bad: records are still checked as they are read
                self._validator = child
            try:
                _output, errors = child.communicate(timeout=VALIDATE_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()
                child.communicate()
                return
            if child.returncode > 0:  # below 0: stopped by `close`, nothing was found
                self._storage.read_only = True
                on_invalid(BadStoreFile(self.path, errors.strip() or _("not a valid store")))

        self._validating = threading.Thread(target=run, name="pstui-validate", daemon=True)
        self._validating.start()

    def file_as_read(self) -> tuple[bytes, dict[str, Any]] | None:
        """See `PstuiStorage.file_as_read`: a sync reads the store against it."""
        return self._storage.file_as_read()

    def read_changed_file(self) -> DiskRead | None:
        """The file, read, if it changed on disk; None if not. Safe on another thread: the
        app reads a 10,000-card store there, and only `reload(read=...)` is left for the UI
        thread."""
        if not self._storage.changed_on_disk():
            return None
        return self._storage.read_disk(beside_ui=True)

    def reload(self, *, wait: bool = True, read: DiskRead | None = None) -> MergeResult | None:
        """Take the file's new content if it changed on disk, with our unwritten changes merged
        on top: `read` if that is still the file (see `read_changed_file`). Returns the merge
        (see its `conflicts`), or None when nothing changed."""
        result = self._storage.absorb_disk(wait=wait, read=read)
        if result is None:
            return None
        self._reindex()
        self.generation += 1
        if self._storage.pending:
            self._persist()
        return result

    def flush(self) -> None:
        """Write everything now (the CLI and app exit call this)."""
        self._flush_now()

    def close(self) -> None:
        """Stop the writer thread and write what is left. Raises if the write fails."""
        with self._validator_lock:
            self._validation_stopped.set()  # a check not begun yet never begins
            if self._validator is not None and self._validator.poll() is None:
                self._validator.kill()  # its thread holds this repository, and the file's bytes
        if self._validating is not None:
            self._validating.join(timeout=5)
        if self._flusher is not None:
            self._flusher.stop()
            self._flusher = None
        self._flush_now()
        self._storage.close()

    def keep_index_of(self, places_of: PlacesOf) -> None:
        """After `close`: keep what opening the file found (see `open_index`)."""
        self._storage.keep_open_index(places_of)

    def changed_on_disk(self) -> bool:
        return self._storage.changed_on_disk()

    @property
    def opened_from_index(self) -> bool:
        """Whether the file was last read with the open index (no scan)."""
        return self._storage.opened_from_index

    @property
    def unsaved(self) -> bool:
        """Changes shown (and journaled) but not yet written to the store file."""
        return self._storage.pending

    @property
    def read_only(self) -> bool:
        return self.view_only or self._storage.read_only

    @property
    def read_only_reason(self) -> str:
        """What a user who tries a change on a read-only store is told."""
        return _(VIEW_ONLY) if self.view_only else _(NOT_WRITABLE)

    # ----- reading ------------------------------------------------------------------------------

    def table(self, name: str) -> Mapping[str, Any]:
        """A table's records as the store holds them now (read-only)."""
        return self._storage.current.get(name, {})

    def read(self, table: str, what: str, parse: Callable[[str, Any], Any], record_id: str) -> Any:
        """A record as the model reads it. One it cannot read makes the store a bad file,
        said with the record and its field, never a traceback from deep in a screen."""
        return read_as_model(self.path, what, parse, record_id, self.table(table)[record_id])

    def events_for(self, record_id: str) -> list[Event]:
        """A record's history, oldest first."""
        events = LazyTable.of(self.table("events"))
        found = [
            read_as_model(self.path, "event", Event.from_dict, e, raw)
            for e, raw in events.having("record", record_id).items()
        ]
        # Ids sort by millisecond only; the timestamp (microseconds) orders same-ms events.
        return sorted(found, key=lambda e: (e.at, e.id))

    def events_doing(self, action: str) -> dict[str, Any]:
        """The events with this action, found in the file's bytes: a 10,000-card store holds
        some 70,000 events, and parsing them all to find a few would take seconds."""
        return LazyTable.of(self.table("events")).having("action", action)

    def search_events(self, **fields: str) -> list[Event]:
        """Events matching every given field exactly (a TinyDB query; for the CLI and reports)."""
        query = None
        for name, value in fields.items():
            clause = where(name) == value
            query = clause if query is None else query & clause
        table = self._db.table("events")
        table.clear_cache()  # our writes bypass the Table API, so its query cache is stale
        docs = table.search(query) if query is not None else table.all()
        found = (read_as_model(self.path, "event", Event.from_dict, str(d.doc_id), d) for d in docs)
        return sorted(found, key=lambda e: (e.at, e.id))

    # ----- writing ------------------------------------------------------------------------------

    def commit(self, change: Change, *, undoable: bool = True) -> Change:
        """Write `change` with its event; keep it for undo. A store opened for viewing
        refuses it here, whichever screen, command or undo it comes from."""
        if self.view_only:
            raise ReadOnlyStore(self.path, _(VIEW_ONLY))
        current = self._storage.current
        before = {key: _record_or_absent(current.get(key[0], {}), key[1]) for key in change.records}
        self._write(change, before)
        if undoable:
            after = {key: ABSENT if r is None else r for key, r in change.records.items()}
            steps = {key: (before[key], after[key]) for key in change.records}
            self._undo.append(UndoStep(change.summary, steps, change.language))
            del self._undo[:-UNDO_DEPTH]
        return change

    def _write(self, change: Change, before: dict[Key, Any]) -> None:
        event_id = new_id()
        event = Event(
            event_id,
            now_utc(),
            self.who,
            change.action,
            change.table,
            change.record,
            change.summary,
            change.data,
        )
        records = dict(change.records)
        records[("events", event_id)] = event.to_dict()
        by_table: dict[str, dict[str, Any]] = {}
        for (table, rid), record in records.items():
            by_table.setdefault(table, {})[rid] = record
        new_data = dict(self._storage.current)
        for table, changes in by_table.items():
            # A new table object: a snapshot of the old one may be being written right now.
            new_data[table] = LazyTable.of(new_data.get(table, {})).with_changes(changes)
        # The journal keeps each record before the change too: a replay merges the change
        # onto what the record has become, instead of putting the whole record back.
        entry = [
            (table, rid, record, _none_if_absent(before.get((table, rid), ABSENT)))
            for (table, rid), record in records.items()
        ]
        previous = self._storage.current
        self._storage.commit(new_data, entry)  # raises before anything below if refused
        self.revision += 1
        for (table, rid), record in records.items():
            for service in self._services:
                service.absorb(table, rid, record)
        try:
            self._persist()
        except Exception:
            # Written synchronously and failed: what we hold must stay what the file holds.
            self._storage.current = previous
            self._reindex()
            raise

    def _persist(self) -> None:
        if self._flusher is not None:
            self._flusher.request()
        else:
            self._flush_now()

    def _flush_now(self) -> None:
        for _attempt in range(MAX_RETRIES):
            try:
                self._storage.flush()
                return
            except StoreChanged:
                # Someone wrote the file since we read it: merge our change onto theirs.
                if self._storage.absorb_disk() is not None:
                    self._reindex()
                    self.generation += 1
        self._storage.flush()

    # ----- undo ---------------------------------------------------------------------------------

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> str | None:
        """Take back the last change: only its own fields, and only while they still hold
        what it wrote. Returns what was undone, or None when there is nothing to undo.

        Raises UndoRefused, undoing nothing, when someone changed one of them since (a
        teammate's edit, a pull, another pstui); the step is dropped, so the next undo
        reaches the change before it."""
        if not self._undo:
            return None
        step = self._undo.pop()
        current = self._storage.current
        records: Records = {}
        for (table, rid), (before, after) in step.records.items():
            now = _record_or_absent(current.get(table, {}), rid)
            try:
                back = reverted(before, after, now)
            except Changed as changed:
                raise UndoRefused(
                    _("cannot undo {summary}: {why}; nothing was undone").format(
                        summary=repr(step.summary), why=changed.describe()
                    )
                ) from None
            records[(table, rid)] = None if back is ABSENT else back
        table, rid = next(iter(step.records))
        try:
            undid = said(step.language, "undid: {summary}", summary=step.summary)
            self.commit(
                Change(records, "undo", table, rid, undid, language=step.language),
                undoable=False,
            )
        except Exception:
            self._undo.append(step)
            raise
        return step.summary


def _record_or_absent(table: Mapping[str, Any], record_id: str) -> Any:
    record = table.get(record_id)
    return ABSENT if record is None else record


def _none_if_absent(record: Any) -> Any:
    return None if record is ABSENT else record
