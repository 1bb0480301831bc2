"""The typed repository: the one service through which the UI and the CLI read and change a store.

It loads the store once into typed objects with the indexes the board needs, applies every
change as one commit (the record and its event together), and keeps an undo stack. When the
file changed on disk (a pull, another pstui), it takes the new file and merges its own
unwritten changes on top, with the same three-way merge git's driver uses: nobody's edit is
lost. With `background=True` (the app) changes are journaled at once and written to the
file by a background thread, so the UI never waits on the disk.

Threads: every change and every `reload` must come from one thread (the app's UI thread).
The writer thread only writes, and reports a changed file through `on_disk_changed`.
"""

from __future__ import annotations

import bisect
import functools
import subprocess
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, overload

from tinydb import TinyDB, where
from tinydb.table import Table

from pstui import __version__
from pstui.model.board import Board
from pstui.model.card import KINDS, Card, CardFacets, ChecklistItem, Outcome
from pstui.model.dates import now_utc
from pstui.model.event import Event
from pstui.model.gate import GateError, MoveResult, decide_gate, enter_stage, move_card
from pstui.model.ids import match_id, new_id, short_ids
from pstui.model.rank import rank_between
from pstui.model.workflow import Workflow
from pstui.store.engine import MISSING, LazyTable
from pstui.store.engine import read_ahead as read_ahead  # the CLI reads ahead of an open
from pstui.store.errors import BadStoreFile, StoreChanged
from pstui.store.files import git_dir_for, remove_stale_temp_files
from pstui.store.journal import Journal, journal_folder, orphaned_entries
from pstui.store.merge import MergeResult
from pstui.store.schema import SCHEMA_VERSION, new_tables
from pstui.store.storage import (
    BackgroundFlusher,
    DiskRead,
    PstuiStorage,
    index_store_file,
    read_as_model,
)

UNDO_DEPTH = 100
CARD_CACHE = 512  # parsed cards kept: a few screens' worth, not the whole store
VALIDATE_SECONDS = 600
MAX_RETRIES = 3

# Record ids are ULID strings, not TinyDB's sequential ints: clones must never collide.
Table.document_id_class = str  # type: ignore[assignment]

Records = dict[tuple[str, str], dict[str, Any] | None]


@dataclass
class Change:
    """What one user action writes: records to put (None deletes) and the event that says so."""

    records: Records
    action: str
    table: str
    record: str
    summary: str
    data: dict[str, Any] = field(default_factory=dict)


class Placement(NamedTuple):
    """Where a card sits: all the board needs to order columns, read without parsing cards.
    A tuple: 10,000 of them are made at every open."""

    board: str
    stage: str
    rank: str
    archived: bool


class CardList(Sequence[Card]):
    """The cards of a column (or a board) in order; each is parsed when it is looked at.

    `ids` may be the repository's own list for the column: read it, never change it.
    """

    def __init__(self, ids: list[str], load: Callable[[str], Card]) -> None:
        self.ids = ids
        self._load = load

    @classmethod
    def empty(cls) -> CardList:
        return cls([], _no_card)

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> list[Card]: ...
    def __getitem__(self, index: int | slice) -> Card | list[Card]:
        if isinstance(index, slice):
            return [self._load(i) for i in self.ids[index]]
        return self._load(self.ids[index])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CardList):
            return self.ids == other.ids
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: CardList) -> CardList:
        return CardList(self.ids + other.ids, self._load)

    def __repr__(self) -> str:
        return f"CardList({len(self.ids)} cards)"

    def index_of(self, card_id: str | None) -> int | None:
        try:
            return self.ids.index(card_id) if card_id else None
        except ValueError:
            return None

    def where(self, keep: Callable[[str], bool], among: list[str] | None = None) -> CardList:
        """Its cards that `keep` keeps, testing only those `among` if given (some of its ids,
        in its order, known to hold every card `keep` keeps)."""
        return CardList([i for i in (self.ids if among is None else among) if keep(i)], self._load)


def _no_card(card_id: str) -> Card:
    raise KeyError(card_id)


T = TypeVar("T")
_PLACEMENT_FIELDS = ("archived", "board", "rank", "stage")


def _places(cards: Mapping[str, Any]) -> dict[str, Placement]:
    """Where every card sits, read from its record's lines without parsing whole cards."""
    table = LazyTable.of(cards)
    places: dict[str, Placement] = {}
    for card_id, raw in table.plain_fields_of_each(_PLACEMENT_FIELDS, flags=("archived",)):
        if raw is None:  # not as pstui writes it, or changed since read: field by field
            fields = (table.field(card_id, name, MISSING) for name in _PLACEMENT_FIELDS)
            places[card_id] = _placement(*fields)
        else:
            archived, board, rank, stage = raw
            places[card_id] = Placement(
                board.decode(), stage.decode(), rank.decode(), archived == b"true"
            )
    return places


def _placement(archived: Any, board: Any, rank: Any, stage: Any) -> Placement:
    return Placement(
        "" if board is MISSING else str(board),
        "" if stage is MISSING else str(stage),
        "" if rank is MISSING else str(rank),
        False if archived is MISSING else bool(archived),
    )


ColumnKey = tuple[str, str, bool]  # board, stage, archived


class Arrangement(NamedTuple):
    """Everything that follows from where the cards sit, for the board's columns."""

    placement: dict[str, Placement]
    columns: dict[ColumnKey, list[tuple[str, str]]]  # (rank, id) in order: a column is one lookup
    short: dict[str, str]  # each card's short id


def _arranged(placement: dict[str, Placement]) -> Arrangement:
    columns: dict[ColumnKey, list[tuple[str, str]]] = {}
    for cid, place in placement.items():
        columns.setdefault((place.board, place.stage, place.archived), []).append((place.rank, cid))
    for column in columns.values():
        column.sort()
    return Arrangement(placement, columns, short_ids(placement))


def _arranged_kept(places: Mapping[str, Any]) -> Arrangement:
    """`_arranged` for the places an open index kept (tuples read back from JSON)."""
    return _arranged({cid: Placement(*place) for cid, place in places.items()})


def refresh_open_index(path: Path) -> bool:
    """Keep the open index of the store file as it is now (after a pull, say), so that the
    next open of it is quick; False when none was needed or it could not be kept."""
    return index_store_file(path, _places)


def _listed(value: Any) -> list[Any]:
    """A list field as read without the model: what is not a list lists nothing (the card
    itself is refused with the field named when it is read)."""
    return value if isinstance(value, list) else []


def _field(table: Mapping[str, Any], record_id: str, name: str, default: Any = None) -> Any:
    if isinstance(table, LazyTable):
        return table.field(record_id, name, default)
    record = table.get(record_id)
    return record.get(name, default) if isinstance(record, dict) else default


@dataclass
class UndoStep:
    summary: str
    before: Records


def new_store_data(board_name: str, workflow: Workflow, by: str) -> dict[str, dict[str, Any]]:
    now = now_utc()
    board_id = new_id()
    board = Board(board_id, board_name, workflow, created_at=now, updated_at=now)
    event_id = new_id()
    return new_tables() | {
        "meta": {
            "pstui": {
                "schema": SCHEMA_VERSION,
                "created_by": f"pstui {__version__}",
                "created_at": now,
                "updated_at": now,
            }
        },
        "boards": {board_id: board.to_dict()},
        "events": {
            event_id: Event(
                event_id, now, by, "create", "boards", board_id, f"created board {board_name}"
            ).to_dict()
        },
    }


class Repository:
    """A store opened for reading and writing by one user."""

    def __init__(self, path: Path, who: str, *, background: bool = False) -> None:
        self.path = Path(path)
        self.who = who
        remove_stale_temp_files(self.path.parent)
        folder = journal_folder(self.path, git_dir_for(self.path))
        journal = Journal(folder, self.path) if background else None
        # The app checks every record in the background (see `validate_in_background`).
        self._db = TinyDB(
            self.path,
            storage=PstuiStorage,
            journal=journal,
            validate=not background,
            arrange=_arranged_kept,
        )
        self._storage: PstuiStorage = self._db.storage  # type: ignore[assignment]
        self._undo: list[UndoStep] = []
        self.generation = 0  # bumped on every reload from disk, so views know to rebuild
        self._notes: list[str] = []  # said once at open, like a recovered crash
        self._recover(folder)
        self._index()
        self._flusher: BackgroundFlusher | None = None
        self._validator: subprocess.Popen[str] | None = None  # the background check
        self._validating: threading.Thread | None = None  # waits for it
        # Set by the app: called from the writer thread.
        self.on_disk_changed: Callable[[], None] = lambda: None
        self.on_write_error: Callable[[Exception], None] = lambda err: None
        if background:
            self._flusher = BackgroundFlusher(
                self._storage,
                on_changed=lambda: self.on_disk_changed(),
                on_error=lambda err: self.on_write_error(err),
            )

    def _recover(self, folder: Path) -> None:
        """Replay changes a killed pstui had shown but not yet written to the store."""
        entries, files = orphaned_entries(folder, self.path)
        if not files:
            return
        if entries and not self._storage.read_only:
            data = dict(self._storage.current)
            for entry in entries:
                for table, rid, record in entry:
                    records = LazyTable.of(data.get(table, {}))
                    stamp = str(_field(records, rid, "updated_at", "")) if rid in records else ""
                    if record is None or stamp <= str(record.get("updated_at", "")):
                        data[table] = records.with_changes({rid: record})
            self._storage.commit(data, None)
            self._flush_now()
            self._notes.append(
                f"recovered {len(entries)} change(s) that a stopped pstui had not yet saved"
            )
        for path in files:
            path.unlink(missing_ok=True)

    @classmethod
    def create(cls, path: Path, board_name: str, workflow: Workflow, who: str) -> Repository:
        PstuiStorage.create(path, new_store_data(board_name, workflow, who))
        return cls(path, who)

    # ----- loading and indexes -------------------------------------------------------------

    def _index(self) -> None:
        data = self._storage.current
        self._boards = {
            bid: self._read("board", bid, Board.from_dict, raw)
            for bid, raw in data.get("boards", {}).items()
        }
        if not self._boards:
            raise BadStoreFile(self.path, "the store has no board")
        cards = data.get("cards", {})
        self._column_ids: dict[ColumnKey, list[str]] = {}  # made when asked for
        self._card_cache: OrderedDict[str, Card] = OrderedDict()
        self._facets: dict[str, CardFacets] = {}
        # Arranged from the open index while the file was read, else from the file's cards.
        arranged = self._storage.take_open_arranged() or _arranged(_places(cards))
        self._placement, self._columns, self._short = arranged
        self._card_problems: list[str] = []
        # A column is checked once, not each of its cards (10,000 lookups at open).
        unshown = {key for key in self._columns if not self._shown(key[0], key[1])}
        if unshown:
            for cid, place in self._placement.items():
                if (place.board, place.stage, place.archived) in unshown:
                    self._check_card(cid, place)

    def _read(self, what: str, record_id: str, parse: Callable[[str, Any], T], raw: Any) -> T:
        """A record as the model reads it. One it cannot read makes the store a bad file,
        said with the record and its field, never a traceback from deep in the drawing of a
        card."""
        return read_as_model(self.path, what, parse, record_id, raw)

    def _shown(self, board_id: str, stage: str) -> bool:
        board = self._boards.get(board_id)
        return board is not None and board.workflow.has(stage)

    def _check_card(self, card_id: str, place: Placement) -> None:
        board = self._boards.get(place.board)
        if board is None:
            self._card_problems.append(f"card {card_id} names a board that does not exist")
        elif not board.workflow.has(place.stage):
            short = self.short_id(card_id)
            self._card_problems.append(
                f"card {short} is in stage {place.stage!r}, which board {board.name!r} does "
                f"not have, so no column shows it: `pstui card move {short} --to STAGE` "
                "puts it back"
            )

    def validate_in_background(self, on_invalid: Callable[[Exception], None]) -> None:
        """Check every record of the store in a child process; a bad one makes the store
        read-only (nothing of it is ever rewritten) and is reported through `on_invalid`,
        from a background thread."""

        try:
            child = subprocess.Popen(
                [sys.executable, "-m", "pstui.store.validate", str(self.path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        except OSError:
            return  # unchecked is not bad: records are still checked as they are read
        self._validator = child

        def run() -> None:
            try:
                _, errors = child.communicate(timeout=VALIDATE_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()
                child.communicate()
                return
            if child.returncode > 0:  # below 0: stopped by `close`, nothing was found
                self._storage.read_only = True
                on_invalid(BadStoreFile(self.path, errors.strip() or "not a valid store"))

        self._validating = threading.Thread(target=run, name="pstui-validate", daemon=True)
        self._validating.start()

    @property
    def problems(self) -> list[str]:
        """What a user should be told about this store: recovered changes, cards out of place."""
        return self._notes + self._card_problems

    def file_as_read(self) -> tuple[bytes, dict[str, Any]] | None:
        """See `PstuiStorage.file_as_read`: a sync reads the store against it."""
        return self._storage.file_as_read()

    def read_changed_file(self) -> DiskRead | None:
        """The file, read and its cards arranged, if it changed on disk; None if not. Safe on
        another thread: the app reads a 10,000-card store there (0.15-0.35 s), and only
        `reload(read=...)` is left for the UI thread."""
        if not self._storage.changed_on_disk():
            return None
        read = self._storage.read_disk(beside_ui=True)
        if read.arranged is not None:
            return read
        return replace(read, arranged=_arranged(_places(read.data.get("cards", {}))))

    def reload(self, *, wait: bool = True, read: DiskRead | None = None) -> MergeResult | None:
        """Take the file's new content if it changed on disk, with our unwritten changes merged
        on top: `read` if that is still the file (see `read_changed_file`). Returns the merge
        (see its `conflicts`), or None when nothing changed."""
        result = self._storage.absorb_disk(wait=wait, read=read)
        if result is None:
            return None
        self._index()
        self.generation += 1
        if self._storage.pending:
            self._persist()
        return result

    def flush(self) -> None:
        """Write everything now (the CLI and app exit call this)."""
        self._flush_now()

    def close(self) -> None:
        """Stop the writer thread and write what is left. Raises if the write fails."""
        if self._validator is not None and self._validator.poll() is None:
            self._validator.kill()  # its thread holds this repository, and the file's bytes
        if self._validating is not None:
            self._validating.join(timeout=5)
        if self._flusher is not None:
            self._flusher.stop()
            self._flusher = None
        self._flush_now()
        self._storage.close()

    def keep_open_index(self) -> None:
        """After `close`: keep what opening the file found (`open_index`), so that the next
        open skips the scan: from memory if nothing changed, else by reading the file again
        once every record is let go of. The repository is not used after this."""
        keep_from_memory = self.open_index_saver()
        if keep_from_memory is not None:
            keep_from_memory()
        self._card_cache.clear()
        self._storage.keep_open_index(_places)

    def open_index_saver(self) -> Callable[[], bool] | None:
        """What keeps the open index of the file just read, to be run off the UI thread once
        the board is shown: a session that never closes (a dropped SSH connection) still
        leaves the next open quick. None when there is nothing to keep: an index is kept,
        or something changed since the file was."""
        storage = self._storage
        if storage.index_kept or not storage.holds_file_as_read:
            return None
        return functools.partial(storage.save_loaded_index, dict(self._placement))

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
        return self._storage.read_only

    # ----- reading ---------------------------------------------------------------------------

    def boards(self) -> list[Board]:
        return sorted(
            (b for b in self._boards.values() if not b.archived), key=lambda b: b.created_at
        )

    def board(self, board_id: str) -> Board:
        return self._boards[board_id]

    def card(self, card_id: str) -> Card:
        cached = self._card_cache.get(card_id)
        if cached is not None:
            self._card_cache.move_to_end(card_id)
            return cached
        card = self._read("card", card_id, Card.from_dict, self._storage.current["cards"][card_id])
        self._card_cache[card_id] = card
        if len(self._card_cache) > CARD_CACHE:
            self._card_cache.popitem(last=False)
        return card

    def has_card(self, card_id: str) -> bool:
        return card_id in self._placement

    def facets(self, card_id: str) -> CardFacets:
        """What the filter matches a card on, read without parsing the card."""
        found = self._facets.get(card_id)
        if found is None:
            cards = self._storage.current["cards"]
            found = CardFacets.fold(
                card_id,
                *(
                    str(_field(cards, card_id, n, "") or "")
                    for n in ("title", "description", "client", "assignee")
                ),
                [str(t) for t in _listed(_field(cards, card_id, "tags", []))],
            )
            self._facets[card_id] = found
        return found

    def short_id(self, card_id: str) -> str:
        return self._short.get(card_id, card_id[-6:])

    @property
    def short_id_length(self) -> int:
        """How long short ids are now: all of them grow together when a new card's would
        clash with another's."""
        return len(next(iter(self._short.values()), ""))

    def resolve_card(self, typed: str) -> Card:
        """The card a user named by id, unique head prefix or unique short tail."""
        return self.card(match_id(typed, self._placement))

    def resolve_board(self, typed: str | None) -> Board:
        boards = self.boards()
        if not typed:
            return boards[0]
        for board in boards:
            if board.name.casefold() == typed.casefold():
                return board
        return self._boards[match_id(typed, [b.id for b in boards])]

    def column(self, board_id: str, stage_id: str, *, archived: bool = False) -> CardList:
        """Cards of one column in rank order (ties by id), archived ones left out by default."""
        key = (board_id, stage_id, archived)
        ids = self._column_ids.get(key)
        if ids is None:  # the board asks for every column after each change: keep the lists
            ids = self._column_ids[key] = [cid for _, cid in self._columns.get(key, [])]
        return CardList(ids, self.card)

    def cards(self, board_id: str, *, archived: bool = False) -> CardList:
        board = self._boards[board_id]
        ids = [
            cid
            for stage in board.workflow.stages
            for cid in self.column(board_id, stage.id, archived=archived).ids
        ]
        return CardList(ids, self.card)

    def card_count(self) -> int:
        return len(self._placement)

    def events_for(self, record_id: str) -> list[Event]:
        """A record's history, oldest first."""
        events = LazyTable.of(self._storage.current.get("events", {}))
        found = [
            self._read("event", e, Event.from_dict, raw)
            for e, raw in events.having("record", record_id).items()
        ]
        # Ids sort by millisecond only; the timestamp (microseconds) orders same-ms events.
        return sorted(found, key=lambda e: (e.at, e.id))

    def search_events(self, **fields: str) -> list[Event]:
        """Events matching every given field exactly (a TinyDB query; for the CLI and reports)."""
        query = None
        for name, value in fields.items():
            clause = where(name) == value
            query = clause if query is None else query & clause
        table = self._db.table("events")
        table.clear_cache()  # our writes bypass the Table API, so its query cache is stale
        docs = table.search(query) if query is not None else table.all()
        found = (self._read("event", str(d.doc_id), Event.from_dict, d) for d in docs)
        return sorted(found, key=lambda e: (e.at, e.id))

    def known_assignees(self) -> list[str]:
        names = (f.assignee_as_written for f in map(self.facets, self._placement))
        return sorted({name for name in names if name})

    # ----- writing ---------------------------------------------------------------------------

    def _apply(self, build: Callable[[], Change], *, undoable: bool = True) -> Change:
        """Build a change from the current state and commit it with its event."""
        change = build()
        data = self._storage.current
        before: Records = {key: data.get(key[0], {}).get(key[1]) for key in change.records}
        self._write(change)
        if undoable:
            self._undo.append(UndoStep(change.summary, before))
            del self._undo[:-UNDO_DEPTH]
        return change

    def _write(self, change: Change) -> None:
        now = now_utc()
        event_id = new_id()
        event = Event(
            event_id,
            now,
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
        entry = [(table, rid, record) for (table, rid), record in records.items()]
        previous = self._storage.current
        self._storage.commit(new_data, entry)  # raises before anything below if refused
        for (table, rid), record in records.items():
            self._absorb(table, rid, record)
        try:
            self._persist()
        except Exception:
            # Written synchronously and failed: what we hold must stay what the file holds.
            self._storage.current = previous
            self._index()
            raise

    def _persist(self) -> None:
        if self._flusher is not None:
            self._flusher.request()
        else:
            self._flush_now()

    def _flush_now(self) -> None:
        for _ in range(MAX_RETRIES):
            try:
                self._storage.flush()
                return
            except StoreChanged:
                # Someone wrote the file since we read it: merge our change onto theirs.
                if self._storage.absorb_disk() is not None:
                    self._index()
                    self.generation += 1
        self._storage.flush()

    def _absorb(self, table: str, rid: str, record: dict[str, Any] | None) -> None:
        """Bring the typed objects and indexes in line with a record just written."""
        if table == "boards" and record is not None:
            self._boards[rid] = Board.from_dict(rid, record)
        if table != "cards":
            return
        old = self._placement.pop(rid, None)
        self._card_cache.pop(rid, None)
        self._facets.pop(rid, None)
        if old is not None:
            self._column_ids.pop((old.board, old.stage, old.archived), None)
            column = self._columns.get((old.board, old.stage, old.archived), [])
            pos = bisect.bisect_left(column, (old.rank, rid))
            if pos < len(column) and column[pos] == (old.rank, rid):
                del column[pos]
        if record is not None:
            card = Card.from_dict(rid, record)
            self._card_cache[rid] = card
            place = Placement(card.board, card.stage, card.rank, card.archived)
            self._placement[rid] = place
            key = (place.board, place.stage, place.archived)
            bisect.insort(self._columns.setdefault(key, []), (place.rank, rid))
            self._column_ids.pop(key, None)
        if (old is None) != (record is None):
            self._short = short_ids(self._placement)

    def _stamp(self, card: Card) -> dict[str, Any]:
        """The record of `card` with `updated_at` moved strictly forward (the merge relies on it)."""
        now = now_utc()
        card.updated_at = now if now > card.updated_at else _just_after(card.updated_at)
        return card.to_dict()

    def _card_change(self, card: Card, action: str, summary: str, **data: Any) -> Change:
        return Change(
            {("cards", card.id): self._stamp(card)}, action, "cards", card.id, summary, data
        )

    def _label(self, card: Card) -> str:
        return f"{self.short_id(card.id)} {card.title}"

    # ----- boards ----------------------------------------------------------------------------

    def add_board(self, name: str, workflow: Workflow) -> Board:
        """A new board in this store, with its own workflow."""
        name = _clean_title(name)
        if any(b.name.casefold() == name.casefold() for b in self.boards()):
            raise ValueError(f"there is already a board called {name!r}")
        board_id = new_id()

        def build() -> Change:
            now = now_utc()
            board = Board(board_id, name, workflow, created_at=now, updated_at=now)
            return Change(
                {("boards", board_id): board.to_dict()},
                "create",
                "boards",
                board_id,
                f"created board {name}",
            )

        self._apply(build)
        return self._boards[board_id]

    # ----- card actions (every one is undoable and leaves an event) -------------------------

    def add_card(
        self,
        board_id: str,
        title: str,
        *,
        stage: str | None = None,
        assignee: str = "",
        due: str | None = None,
        client: str = "",
        kind: str = "engagement",
        tags: Iterable[str] = (),
        description: str = "",
    ) -> Card:
        title = _clean_title(title)
        if kind not in KINDS:
            raise GateError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
        card_id = new_id()

        def build() -> Change:
            board = self._boards[board_id]
            target = board.workflow.stage(stage) if stage else board.workflow.first
            last = self.column(board_id, target.id).ids[-1:]
            now = now_utc()
            card = Card(
                id=card_id,
                board=board_id,
                title=title,
                stage=target.id,
                rank=rank_between(self._placement[last[0]].rank if last else None, None),
                created_at=now,
                updated_at=now,
                assignee=assignee.strip(),
                due=due,
                client=client.strip(),
                kind=kind,
                tags=_clean_tags(tags),
                description=description,
            )
            enter_stage(card, target, now)
            return Change(
                {("cards", card_id): card.to_dict()},
                "create",
                "cards",
                card_id,
                f"added {title!r} to {target.name}",
            )

        self._apply(build)
        return self.card(card_id)

    EDITABLE = ("title", "description", "assignee", "client", "due", "tags", "kind")

    def edit_card(self, card_id: str, **fields: Any) -> Card:
        unknown = set(fields) - set(self.EDITABLE)
        if unknown:
            raise ValueError(f"cannot edit {', '.join(sorted(unknown))} this way")
        if "title" in fields:
            fields["title"] = _clean_title(fields["title"])
        if "tags" in fields:
            fields["tags"] = _clean_tags(fields["tags"])
        if "kind" in fields and fields["kind"] not in KINDS:
            raise GateError(f"unknown kind {fields['kind']!r}; one of {', '.join(KINDS)}")

        current = self.card(card_id)
        if all(getattr(current, k) == v for k, v in fields.items()):
            return current  # nothing to record: no write, no event, no undo step

        def build() -> Change:
            card = self.card(card_id).copy()
            changed = {k: v for k, v in fields.items() if getattr(card, k) != v}
            for name, value in changed.items():
                setattr(card, name, value)
            names = ", ".join(sorted(changed)) or "nothing"
            return self._card_change(
                card, "edit", f"edited {names} of {self._label(card)}", fields=sorted(changed)
            )

        self._apply(build)
        return self.card(card_id)

    def move(
        self, card_id: str, to_stage: str, *, outcome: Outcome | None = None, note: str = ""
    ) -> MoveResult:
        """Move a card between stages; forward moves pass the gate (may raise GateBlocked)."""
        result: list[MoveResult] = []

        def build() -> Change:
            card = self.card(card_id)
            moved = move_card(
                card,
                self._boards[card.board].workflow,
                to_stage,
                by=self.who,
                now=now_utc(),
                outcome=outcome,
                note=note,
            )
            moved.card.rank = self._rank_at_end(moved.card)
            result[:] = [moved]
            return self._move_change(moved)

        self._apply(build)
        return result[0]

    def decide(
        self, card_id: str, outcome: Outcome, *, note: str = "", recycle_to: str | None = None
    ) -> MoveResult:
        """Record a gate decision (Go, Hold, Recycle, Kill) for the card's current stage."""
        result: list[MoveResult] = []

        def build() -> Change:
            card = self.card(card_id)
            decided = decide_gate(
                card,
                self._boards[card.board].workflow,
                outcome,
                by=self.who,
                now=now_utc(),
                note=note,
                recycle_to=recycle_to,
            )
            if decided.card.stage != card.stage:
                decided.card.rank = self._rank_at_end(decided.card)
            result[:] = [decided]
            return self._move_change(decided)

        self._apply(build)
        return result[0]

    def _rank_at_end(self, card: Card) -> str:
        ids = self.column(card.board, card.stage).ids
        last = next((i for i in reversed(ids) if i != card.id), None)  # no copy of 2,000 ids
        return rank_between(self._placement[last].rank if last else None, None)

    def _move_change(self, result: MoveResult) -> Change:
        card, decision = result.card, result.decision
        workflow = self._boards[card.board].workflow
        dst = workflow.stage(card.stage).name if workflow.has(card.stage) else card.stage
        if decision is None:
            if workflow.has(result.from_stage):
                how = f"back from {workflow.stage(result.from_stage).name}"
            else:
                how = f"out of {result.from_stage!r}, a stage the board does not have,"
            return self._card_change(
                card,
                "move",
                f"moved {self._label(card)} {how} to {dst}",
                frm=result.from_stage,
                to=card.stage,
            )
        src = workflow.stage(result.from_stage).name
        verb = {
            Outcome.GO: f"passed the {src} gate to {dst}",
            Outcome.HOLD: f"held at the {src} gate",
            Outcome.RECYCLE: f"recycled from {src} to {dst}",
            Outcome.KILL: f"killed at the {src} gate",
        }
        summary = f"{self._label(card)}: {verb[decision.outcome]}"
        if decision.note:
            summary += f" ({decision.note})"
        return self._card_change(
            card,
            "decision",
            summary,
            outcome=decision.outcome.value,
            frm=result.from_stage,
            to=card.stage,
        )

    def reorder(self, card_id: str, offset: int) -> bool:
        """Move a card up (-1) or down (+1) in its column; False when it is already at the end."""
        card = self.card(card_id)
        if card.archived:
            raise GateError("an archived card has no place in its column to move")
        column = self.column(card.board, card.stage)
        pos = column.index_of(card_id) or 0
        target = pos + offset
        if not 0 <= target < len(column) or offset == 0:
            return False

        def build() -> Change:
            entries = self._columns[(card.board, card.stage, False)]
            ranks = [rank for rank, i in entries if i != card_id]
            ids = [i for _, i in entries if i != card_id]
            spot = min(max(target, 0), len(ids))
            lower = ranks[spot - 1] if spot > 0 else None
            # Two clones can give two cards one rank, and no rank sorts strictly between a
            # tie: the cards tied with `lower` that must follow the moved card move with it.
            after = spot
            while lower is not None and after < len(ids) and ranks[after] <= lower:
                after += 1
            upper = ranks[after] if after < len(ids) else None
            moved = self.card(card_id).copy()
            moved.rank = rank_between(lower, upper)
            records: Records = {("cards", card_id): self._stamp(moved)}
            previous = moved.rank
            for tied_id in ids[spot:after]:
                tied = self.card(tied_id).copy()
                tied.rank = previous = rank_between(previous, upper)
                records[("cards", tied_id)] = self._stamp(tied)
            direction = "up" if offset < 0 else "down"
            return Change(
                records, "rank", "cards", card_id, f"moved {self._label(moved)} {direction}"
            )

        self._apply(build)
        return True

    def set_blocked(self, card_id: str, blocked: bool, reason: str = "") -> Card:
        if blocked and not reason.strip():
            raise GateError("say why the card is blocked")

        def build() -> Change:
            card = self.card(card_id).copy()
            card.blocked, card.blocked_reason = blocked, reason.strip() if blocked else ""
            what = (
                f"blocked {self._label(card)}: {card.blocked_reason}"
                if blocked
                else f"unblocked {self._label(card)}"
            )
            return self._card_change(card, "block" if blocked else "unblock", what)

        self._apply(build)
        return self.card(card_id)

    def set_archived(self, card_id: str, archived: bool) -> Card:
        def build() -> Change:
            card = self.card(card_id).copy()
            card.archived = archived
            verb = "archived" if archived else "restored"
            return self._card_change(
                card, "archive" if archived else "restore", f"{verb} {self._label(card)}"
            )

        self._apply(build)
        return self.card(card_id)

    # ----- checklist -----------------------------------------------------------------------

    def add_item(
        self,
        card_id: str,
        text: str,
        *,
        must: bool = False,
        owner: str = "",
        due: str | None = None,
    ) -> ChecklistItem:
        text = _clean_title(text)
        item_id = new_id()

        def build() -> Change:
            card = self.card(card_id).copy()
            item = ChecklistItem(id=item_id, text=text, must=must, owner=owner.strip(), due=due)
            card.checklists.setdefault(card.stage, []).append(item)
            return self._card_change(
                card, "checklist", f"added item {text!r} to {self._label(card)}"
            )

        self._apply(build)
        return self._find_item(card_id, item_id)

    ITEM_FIELDS = ("text", "must", "owner", "due")

    def edit_item(self, card_id: str, item_id: str, **fields: Any) -> ChecklistItem:
        unknown = set(fields) - set(self.ITEM_FIELDS)
        if unknown:
            raise ValueError(f"cannot edit {', '.join(sorted(unknown))} of an item")
        if "text" in fields:
            fields["text"] = _clean_title(fields["text"])

        def build() -> Change:
            card = self.card(card_id).copy()
            item = _item_in(card, item_id)
            for name, value in fields.items():
                setattr(item, name, value)
            return self._card_change(
                card, "checklist", f"edited item {item.text!r} of {self._label(card)}"
            )

        self._apply(build)
        return self._find_item(card_id, item_id)

    def toggle_item(self, card_id: str, item_id: str) -> ChecklistItem:
        def build() -> Change:
            card = self.card(card_id).copy()
            item = _item_in(card, item_id)
            item.done = not item.done
            item.done_by, item.done_at = (self.who, now_utc()) if item.done else ("", None)
            mark = "ticked" if item.done else "unticked"
            return self._card_change(
                card,
                "checklist",
                f"{mark} {item.text!r} on {self._label(card)}",
                item=item_id,
                done=item.done,
            )

        self._apply(build)
        return self._find_item(card_id, item_id)

    def remove_item(self, card_id: str, item_id: str) -> None:
        def build() -> Change:
            card = self.card(card_id).copy()
            item = _item_in(card, item_id)
            for items in card.checklists.values():
                if item in items:
                    items.remove(item)
            return self._card_change(
                card, "checklist", f"removed item {item.text!r} from {self._label(card)}"
            )

        self._apply(build)

    def _find_item(self, card_id: str, item_id: str) -> ChecklistItem:
        return _item_in(self.card(card_id), item_id)

    # ----- merge conflicts ---------------------------------------------------------------------

    def conflicts(self) -> list[tuple[Event, bool]]:
        """Conflict events left by merges, newest first, each with whether it is swapped now."""
        found = [
            self._read("event", eid, Event.from_dict, e)
            for eid, e in self._events_doing("conflict").items()
        ]
        found.sort(key=lambda e: (e.at, e.id), reverse=True)
        swaps = self._swap_counts()
        return [(e, swaps.get(e.id, 0) % 2 == 1) for e in found]

    def _events_doing(self, action: str) -> dict[str, Any]:
        """The events with this action, found in the file's bytes: a 10,000-card store holds
        some 70,000 events, and parsing them all to find a few would take seconds."""
        return LazyTable.of(self._storage.current.get("events", {})).having("action", action)

    def _swap_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for swap in self._events_doing("swap").values():
            ref = str((swap.get("data") or {}).get("conflict", ""))
            counts[ref] = counts.get(ref, 0) + 1
        return counts

    def swap_conflict(self, event_id: str) -> None:
        """Put the other value of a merge conflict into its record (again: put the kept back)."""
        events = self._storage.current.get("events", {})
        conflict = self._read("event", event_id, Event.from_dict, events[event_id])
        path = str(conflict.data.get("field") or "")
        if not path:
            raise GateError("a record deleted on one side cannot be swapped back; archive it")
        swapped = self._swap_counts().get(event_id, 0) % 2 == 1
        value_key = "kept" if swapped else "other"
        value = conflict.data.get(value_key)

        def build() -> Change:
            record = self._storage.current.get(conflict.table, {}).get(conflict.record)
            if record is None:
                raise KeyError(f"the record of this conflict ({conflict.record}) is gone")
            updated = _set_path(record, path.split("."), value)
            now = now_utc()
            old = str(updated.get("updated_at", ""))
            updated["updated_at"] = now if now > old else _just_after(old)
            label = (
                self._label(self.card(conflict.record))
                if conflict.table == "cards"
                else conflict.record
            )
            return Change(
                {(conflict.table, conflict.record): updated},
                "swap",
                conflict.table,
                conflict.record,
                f"{label}: {path} set to the {value_key} value of a merge conflict",
                {"conflict": event_id, "field": path},
            )

        self._apply(build)

    # ----- undo ------------------------------------------------------------------------------

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> str | None:
        """Put back the records the last change touched. Returns what was undone, or None."""
        if not self._undo:
            return None
        step = self._undo.pop()
        data = self._storage.current

        def build() -> Change:
            records: Records = {}
            for (table, rid), old in step.before.items():
                if old is None:
                    records[(table, rid)] = None
                    continue
                restored = dict(old)
                current = data.get(table, {}).get(rid) or {}
                now = now_utc()
                latest = max(str(current.get("updated_at", "")), str(old.get("updated_at", "")))
                restored["updated_at"] = now if now > latest else _just_after(latest)
                records[(table, rid)] = restored
            table, rid = next(iter(step.before))
            return Change(records, "undo", table, rid, f"undid: {step.summary}")

        try:
            self._apply(build, undoable=False)
        except Exception:
            self._undo.append(step)
            raise
        return step.summary


def _set_path(record: dict[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    """A copy of `record` with the dotted field path set; checklist items are found by id."""
    out = dict(record)
    head, rest = path[0], path[1:]
    if not rest:
        out[head] = value
        return out
    inner = out.get(head)
    if isinstance(inner, list):  # a list of items with ids: the next part is an item id
        item_id, item_rest = rest[0], rest[1:]
        items = []
        for item in inner:
            if isinstance(item, dict) and item.get("id") == item_id:
                item = _set_path(item, item_rest, value) if item_rest else value
            items.append(item)
        out[head] = items
    else:
        out[head] = _set_path(dict(inner or {}), rest, value)
    return out


def _item_in(card: Card, item_id: str) -> ChecklistItem:
    for items in card.checklists.values():
        for item in items:
            if item.id == item_id:
                return item
    raise KeyError(f"no checklist item {item_id} on card {card.id}")


def _clean_title(text: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValueError("a title cannot be empty")
    return cleaned


def _clean_tags(tags: Iterable[str]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        tag = tag.strip().lstrip("#")
        if tag and tag not in out:
            out.append(tag)
    return out


def _just_after(stamp: str) -> str:
    """An ISO timestamp one microsecond later (clock skew must not make updated_at go back)."""
    import pendulum

    return pendulum.parse(stamp).add(microseconds=1).in_timezone("UTC").isoformat()
