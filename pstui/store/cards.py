"""Cards: the board's record kind, and the only table big enough for the byte engine.

The service keeps where every card sits (board, stage, rank) as plain tuples read from the
file's bytes, the columns in rank order, short ids, and a cache of parsed cards, so the board
at 10,000 cards never parses what it does not draw. Every command builds one change from the
current state, commits it through the core, and returns what it made.
"""

from __future__ import annotations

import bisect
import functools
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple, overload

from pstui.i18n import _, pgettext
from pstui.model.card import KINDS, Card, CardFacets, ChecklistItem, Outcome
from pstui.model.dates import now_utc
from pstui.model.gate import (
    AUTO_GO_NOTE,
    GateError,
    MoveResult,
    decide_gate,
    enter_stage,
    move_card,
)
from pstui.model.ids import match_id, new_id, short_ids
from pstui.model.rank import rank_between
from pstui.model.record_text import ENGLISH, fields_named, said
from pstui.model.standup import NEW, OLD, SHOWN_VALUES, TriageFacets, due_day, stamp_day
from pstui.model.text import clean_title
from pstui.store.boards import Boards
from pstui.store.core import Change, CommitCore
from pstui.store.edits import stamped
from pstui.store.engine import MISSING, LazyTable, PlainFields
from pstui.store.schema import TABLES, records_counted
from pstui.store.storage import CARD_PLACE, DiskRead, index_store_file

CARD_CACHE = 512  # parsed cards kept: a few screens' worth, not the whole store
_ASSIGNEE = PlainFields(("assignee",))


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


def places_of(cards: Mapping[str, Any]) -> dict[str, Placement]:
    """Where every card sits, read from its record's lines without parsing whole cards (as
    the open reads them: `CARD_PLACE`)."""
    table = LazyTable.of(cards)
    places: dict[str, Placement] = {}
    for card_id, raw in table.plain_fields_of_each(CARD_PLACE):
        if raw is None:  # not as pstui writes it, or changed since read: field by field
            fields = (table.field(card_id, name, MISSING) for name in CARD_PLACE.names)
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


def arranged_cards(cards: Mapping[str, Any]) -> Arrangement:
    """`_arranged` for a cards table read whole: done by the storage as the file is read."""
    return _arranged(places_of(cards))


def arranged_kept(places: Mapping[str, Any]) -> Arrangement:
    """`_arranged` for the places an open index kept (tuples read back from JSON)."""
    return _arranged({cid: Placement(*place) for cid, place in places.items()})


def refresh_open_index(path: Path) -> bool:
    """Keep the open index of the store file as it is now (after a pull, say), so that the
    next open of it is quick; False when none was needed or it could not be kept."""
    return index_store_file(path, places_of)


def _listed(value: Any) -> list[Any]:
    """A list field as read without the model: what is not a list lists nothing (the card
    itself is refused with the field named when it is read)."""
    return value if isinstance(value, list) else []


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _copied(value: Any) -> Any:
    """A field's value for an event's data: a list copied, as the card's own may change."""
    return list(value) if isinstance(value, list) else value


def _field(table: Mapping[str, Any], record_id: str, name: str, default: Any = None) -> Any:
    if isinstance(table, LazyTable):
        return table.field(record_id, name, default)
    record = table.get(record_id)
    return record.get(name, default) if isinstance(record, dict) else default


def arranged_read(read: DiskRead) -> DiskRead:
    """`read` with its cards arranged, if the read did not: done on the reader's thread."""
    if read.arranged is not None:
        return read
    return replace(read, arranged=arranged_cards(read.data.get("cards", {})))


# What another table's records say about a card: gate criterion -> where it came from
# ("survey 3F2K answered by Li Wei"). The services of those tables provide it.
Evidence = Callable[[str], dict[str, str]]


class Cards:
    """The cards of every board: where they sit, what they say, and every card command."""

    def __init__(self, core: CommitCore, boards: Boards) -> None:
        self.core = core
        self.boards = boards
        self._evidence: list[tuple[frozenset[str], Evidence]] = []
        self._placement: dict[str, Placement] = {}
        self._columns: dict[ColumnKey, list[tuple[str, str]]] = {}
        self._short: dict[str, str] = {}
        self.problems: list[str] = []  # cards no column shows, said once at open

    # ----- indexes ------------------------------------------------------------------------------

    def reindex(self) -> None:
        cards = self.core.table("cards")
        self._column_ids: dict[ColumnKey, list[str]] = {}  # made when asked for
        self._card_cache: OrderedDict[str, Card] = OrderedDict()
        self._facets: dict[str, CardFacets] = {}
        self._triage: dict[str, TriageFacets] = {}
        # Arranged from the open index while the file was read, else from the file's cards.
        arranged = self.core.storage.take_open_arranged() or arranged_cards(cards)
        self._placement, self._columns, self._short = arranged
        self.problems = []
        # A column is checked once, not each of its cards (10,000 lookups at open).
        unshown = {key for key in self._columns if not self.boards.shows(key[0], key[1])}
        if unshown:
            for cid, place in self._placement.items():
                if (place.board, place.stage, place.archived) in unshown:
                    self._check_card(cid, place)

    def _check_card(self, card_id: str, place: Placement) -> None:
        if not self.boards.has(place.board):
            self.problems.append(
                _("card {id} names a board that does not exist").format(id=card_id)
            )
            return
        short = self.short_id(card_id)
        board = self.boards.get(place.board)
        self.problems.append(
            _(
                "card {id} is in stage {stage}, which board {board} does "
                "not have, so no column shows it: `pstui card move {id} --to STAGE` "
                "puts it back"
            ).format(id=short, stage=repr(place.stage), board=repr(board.name))
        )

    def absorb(self, table: str, rid: str, record: dict[str, Any] | None) -> None:
        """Bring the indexes in line with a card just written."""
        if table != "cards":
            return
        old = self._placement.pop(rid, None)
        self._card_cache.pop(rid, None)
        self._facets.pop(rid, None)
        self._triage.pop(rid, None)
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

    def index_saver(self) -> Callable[[], bool] | None:
        """What keeps the open index of the file just read, to be run off the UI thread once
        the board is shown: a session that never closes (a dropped SSH connection) still
        leaves the next open quick. None when there is nothing to keep: an index is kept,
        or something changed since the file was."""
        storage = self.core.storage
        if storage.index_kept or not storage.holds_file_as_read:
            return None
        return functools.partial(storage.save_loaded_index, dict(self._placement))

    def forget(self) -> None:
        """Let go of every parsed card (before the file is read again on close)."""
        self._card_cache.clear()

    # ----- reading ------------------------------------------------------------------------------

    def get(self, card_id: str) -> Card:
        cached = self._card_cache.get(card_id)
        if cached is not None:
            self._card_cache.move_to_end(card_id)
            return cached
        card = self.core.read("cards", "card", Card.from_dict, card_id)
        self._card_cache[card_id] = card
        if len(self._card_cache) > CARD_CACHE:
            self._card_cache.popitem(last=False)
        return card

    def has(self, card_id: str) -> bool:
        return card_id in self._placement

    def count(self) -> int:
        return len(self._placement)

    def facets(self, card_id: str) -> CardFacets:
        """What the filter matches a card on, read without parsing the card."""
        found = self._facets.get(card_id)
        if found is None:
            cards = self.core.table("cards")
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

    def triage_facets(self, card_id: str) -> TriageFacets:
        """What the triage filter (`is:overdue`, `is:stuck`, `due:<7d`...) matches a card on,
        read without parsing the card; apart from `facets`, as a filter of words alone (the
        usual one) never needs it."""
        found = self._triage.get(card_id)
        if found is None:
            cards = self.core.table("cards")
            entered = _field(cards, card_id, "stage_since") or _field(cards, card_id, "created_at")
            found = TriageFacets(
                due_day(_text_or_none(_field(cards, card_id, "due"))),
                _field(cards, card_id, "blocked") is True,
                self._held(card_id),
                stamp_day(_text_or_none(entered)),
            )
            self._triage[card_id] = found
        return found

    def _held(self, card_id: str) -> bool:
        """`hold_of(card) is not None`, told from the record's bytes: its decisions are read
        only when the record holds the word "hold" (or escapes, which may spell it)."""
        place = self._placement.get(card_id)
        if place is None or place.archived:
            return False
        table = LazyTable.of(self.core.table("cards"))
        raw = table.raw(card_id)
        if raw is not None and b'"hold"' not in raw and b"\\u" not in raw:
            return False  # most cards: never held
        decisions = _listed(table.field(card_id, "decisions", []))
        last = decisions[-1] if decisions else None
        return (
            isinstance(last, dict)
            and last.get("outcome") == Outcome.HOLD.value
            and last.get("stage") == place.stage
        )

    def short_id(self, card_id: str) -> str:
        return self._short.get(card_id, card_id[-6:])

    @property
    def short_id_length(self) -> int:
        """How long short ids are now: all of them grow together when a new card's would
        clash with another's."""
        return len(next(iter(self._short.values()), ""))

    def resolve(self, typed: str) -> Card:
        """The card a user named by id, unique head prefix or unique short tail."""
        return self.get(match_id(typed, self._placement))

    def column(self, board_id: str, stage_id: str, *, archived: bool = False) -> CardList:
        """Cards of one column in rank order (ties by id), archived ones left out by default."""
        key = (board_id, stage_id, archived)
        ids = self._column_ids.get(key)
        if ids is None:  # the board asks for every column after each change: keep the lists
            ids = self._column_ids[key] = [cid for _rank, cid in self._columns.get(key, [])]
        return CardList(ids, self.get)

    def on_board(self, board_id: str, *, archived: bool = False) -> CardList:
        board = self.boards.get(board_id)
        ids = [
            cid
            for stage in board.workflow.stages
            for cid in self.column(board_id, stage.id, archived=archived).ids
        ]
        return CardList(ids, self.get)

    def known_assignees(self) -> list[str]:
        return sorted({name for name in self.assignees().values() if name})

    def assignees(self) -> dict[str, str]:
        """Every card's assignee as written, read from the cards' lines: at 10,000 cards,
        folding every card's facets for it held the first assignee prompt a third of a
        second."""
        found: dict[str, str] = {}
        table = LazyTable.of(self.core.table("cards"))
        for card_id, values in table.plain_fields_of_each(_ASSIGNEE):
            if values is not None:
                found[card_id] = values[0].decode()
            else:  # written with escapes, or changed since the file was read
                found[card_id] = self.facets(card_id).assignee_as_written
        return found

    def label(self, card: Card) -> str:
        """A card as a summary names it: short id and title."""
        return f"{self.short_id(card.id)} {card.title}"

    def label_of(self, card_id: str) -> str | None:
        return self.label(self.get(card_id)) if self.has(card_id) else None

    def language_of(self, card_id: str) -> str:
        """The language of the card's board: what pstui writes into its records is in it."""
        place = self._placement.get(card_id)
        if place is None or not self.boards.has(place.board):
            return ENGLISH
        return self.boards.get(place.board).language

    def _language(self, card: Card) -> str:
        """The language of the board `card` (as changed, not yet committed) is on."""
        return self.boards.get(card.board).language if self.boards.has(card.board) else ENGLISH

    # ----- commands (every one is undoable and leaves an event) ------------------------------

    def _commit(self, card: Card, action: str, summary: str, **data: Any) -> Card:
        """`summary` is said in the language of the card's board (`_language`)."""
        self.core.commit(
            Change(
                {("cards", card.id): stamped(card.to_dict())},
                action,
                "cards",
                card.id,
                summary,
                data,
                language=self._language(card),
            )
        )
        return self.get(card.id)

    def add(self, board_id: str, title: str, **fields: Any) -> Card:
        """Add a card at the end of its stage (the board's first unless `stage` is given)."""
        card = self.new(board_id, title, **fields)
        board = self.boards.get(board_id)
        stage = board.workflow.stage(card.stage)
        self.core.commit(
            Change(
                {("cards", card.id): card.to_dict()},
                "create",
                "cards",
                card.id,
                said(
                    board.language,
                    "added {title} to {stage}",
                    title=repr(card.title),
                    stage=stage.name,
                ),
                language=board.language,
            )
        )
        return self.get(card.id)

    def new(
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
        """A card as `add` makes it, not yet committed: for a service that adds one in its
        own change (a suggestion that becomes an improvement card, linked back)."""
        title = clean_title(title)
        if kind not in KINDS:
            raise GateError(
                _("unknown kind {kind}; one of {kinds}").format(
                    kind=repr(kind), kinds=", ".join(KINDS)
                )
            )
        board = self.boards.get(board_id)
        target = board.workflow.stage(stage) if stage else board.workflow.first
        last = self.column(board_id, target.id).ids[-1:]
        now = now_utc()
        card = Card(
            id=new_id(),
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
            tags=clean_tags(tags),
            description=description,
        )
        enter_stage(card, target, now)
        return card

    EDITABLE = ("title", "description", "assignee", "client", "due", "tags", "kind")

    def edit(self, card_id: str, **fields: Any) -> Card:
        unknown = set(fields) - set(self.EDITABLE)
        if unknown:
            raise ValueError(
                _("cannot edit {fields} this way").format(fields=", ".join(sorted(unknown)))
            )
        if "title" in fields:
            fields["title"] = clean_title(fields["title"])
        if "tags" in fields:
            fields["tags"] = clean_tags(fields["tags"])
        if "kind" in fields and fields["kind"] not in KINDS:
            raise GateError(
                _("unknown kind {kind}; one of {kinds}").format(
                    kind=repr(fields["kind"]), kinds=", ".join(KINDS)
                )
            )
        card = self.get(card_id).copy()
        changed = {k: v for k, v in fields.items() if getattr(card, k) != v}
        if not changed:
            return self.get(card_id)  # nothing to record: no write, no event, no undo step
        # The history says old -> new: the values are recorded (a description's is not).
        shown = sorted(name for name in changed if name in SHOWN_VALUES)
        old = {name: _copied(getattr(card, name)) for name in shown}
        for name, value in changed.items():
            setattr(card, name, value)
        new = {name: _copied(getattr(card, name)) for name in shown}
        language = self._language(card)
        names = fields_named(language, sorted(changed))
        return self._commit(
            card,
            "edit",
            said(language, "edited {fields} of {card}", fields=names, card=self.label(card)),
            fields=sorted(changed),
            **{OLD: old, NEW: new},
        )

    def move(
        self, card_id: str, to_stage: str, *, outcome: Outcome | None = None, note: str = ""
    ) -> MoveResult:
        """Move a card between stages; forward moves pass the gate (may raise GateBlocked)."""
        card = self.get(card_id)
        moved = move_card(
            card,
            self.boards.get(card.board).workflow,
            to_stage,
            by=self.core.who,
            now=now_utc(),
            outcome=outcome,
            note=note,
        )
        moved.card.rank = self._rank_at_end(moved.card)
        self._tick_from_evidence(moved.card)
        self._commit_move(moved)
        return moved

    def decide(
        self, card_id: str, outcome: Outcome, *, note: str = "", recycle_to: str | None = None
    ) -> MoveResult:
        """Record a gate decision (Go, Hold, Recycle, Kill) for the card's current stage."""
        card = self.get(card_id)
        decided = decide_gate(
            card,
            self.boards.get(card.board).workflow,
            outcome,
            by=self.core.who,
            now=now_utc(),
            note=note,
            recycle_to=recycle_to,
        )
        if decided.card.stage != card.stage:
            decided.card.rank = self._rank_at_end(decided.card)
            self._tick_from_evidence(decided.card)
        self._commit_move(decided)
        return decided

    def _rank_at_end(self, card: Card) -> str:
        ids = self.column(card.board, card.stage).ids
        last = next((i for i in reversed(ids) if i != card.id), None)  # no copy of 2,000 ids
        return rank_between(self._placement[last].rank if last else None, None)

    def _commit_move(self, result: MoveResult) -> None:
        card, decision = result.card, result.decision
        workflow = self.boards.get(card.board).workflow
        language = self._language(card)
        dst = workflow.stage(card.stage).name if workflow.has(card.stage) else card.stage
        if decision is None:
            if workflow.has(result.from_stage):
                summary = said(
                    language,
                    "moved {card} back from {frm} to {to}",
                    card=self.label(card),
                    frm=workflow.stage(result.from_stage).name,
                    to=dst,
                )
            else:
                summary = said(
                    language,
                    "moved {card} out of {frm}, a stage the board does not have, to {to}",
                    card=self.label(card),
                    frm=repr(result.from_stage),
                    to=dst,
                )
            self._commit(card, "move", summary, frm=result.from_stage, to=card.stage)
            return
        names = {"card": self.label(card), "frm": workflow.stage(result.from_stage).name}
        if decision.outcome is Outcome.GO:
            summary = said(language, "{card}: passed the {frm} gate to {to}", to=dst, **names)
        elif decision.outcome is Outcome.HOLD:
            summary = said(language, "{card}: held at the {frm} gate", **names)
        elif decision.outcome is Outcome.RECYCLE:
            summary = said(language, "{card}: recycled from {frm} to {to}", to=dst, **names)
        else:
            summary = said(language, "{card}: killed at the {frm} gate", **names)
        if decision.note:
            note = (
                said(language, "all must items done")
                if decision.note == AUTO_GO_NOTE
                else decision.note
            )
            summary = said(language, "{summary} ({note})", summary=summary, note=note)
        self._commit(
            card,
            "decision",
            summary,
            outcome=decision.outcome.value,
            frm=result.from_stage,
            to=card.stage,
        )

    def reorder(self, card_id: str, offset: int) -> bool:
        """Move a card up (-1) or down (+1) in its column; False when it is already at the end."""
        card = self.get(card_id)
        if card.archived:
            raise GateError(_("an archived card has no place in its column to move"))
        column = self.column(card.board, card.stage)
        pos = column.index_of(card_id) or 0
        target = pos + offset
        if not 0 <= target < len(column) or offset == 0:
            return False
        entries = self._columns[(card.board, card.stage, False)]
        ranks = [rank for rank, i in entries if i != card_id]
        ids = [i for _rank, i in entries if i != card_id]
        spot = min(max(target, 0), len(ids))
        lower = ranks[spot - 1] if spot > 0 else None
        # Two clones can give two cards one rank, and no rank sorts strictly between a
        # tie: the cards tied with `lower` that must follow the moved card move with it.
        after = spot
        while lower is not None and after < len(ids) and ranks[after] <= lower:
            after += 1
        upper = ranks[after] if after < len(ids) else None
        moved = card.copy()
        moved.rank = rank_between(lower, upper)
        records: dict[tuple[str, str], dict[str, Any] | None] = {
            ("cards", card_id): stamped(moved.to_dict())
        }
        previous = moved.rank
        for tied_id in ids[spot:after]:
            tied = self.get(tied_id).copy()
            tied.rank = previous = rank_between(previous, upper)
            records[("cards", tied_id)] = stamped(tied.to_dict())
        language = self._language(card)
        summary = (
            said(language, "moved {card} up", card=self.label(moved))
            if offset < 0
            else said(language, "moved {card} down", card=self.label(moved))
        )
        self.core.commit(Change(records, "rank", "cards", card_id, summary, language=language))
        return True

    def set_blocked(self, card_id: str, blocked: bool, reason: str = "") -> Card:
        if blocked and not reason.strip():
            raise GateError(_("say why the card is blocked"))
        card = self.get(card_id).copy()
        card.blocked, card.blocked_reason = blocked, reason.strip() if blocked else ""
        language = self._language(card)
        what = (
            said(
                language,
                "blocked {card}: {reason}",
                card=self.label(card),
                reason=card.blocked_reason,
            )
            if blocked
            else said(language, "unblocked {card}", card=self.label(card))
        )
        return self._commit(card, "block" if blocked else "unblock", what)

    def set_archived(self, card_id: str, archived: bool) -> Card:
        card = self.get(card_id).copy()
        card.archived = archived
        language = self._language(card)
        what = (
            said(language, "archived {card}", card=self.label(card))
            if archived
            else said(language, "restored {card}", card=self.label(card))
        )
        return self._commit(card, "archive" if archived else "restore", what)

    def in_stage(self, board_id: str, stage_id: str) -> int:
        """Cards in the stage, archived ones too: they would come back to a stage that is gone."""
        return sum(len(self._columns.get((board_id, stage_id, a), [])) for a in (False, True))

    def move_to_board(self, card_id: str, board_id: str, stage_id: str | None = None) -> Card:
        """Move a card to another board, to the end of `stage_id` there (else its first stage).
        It keeps its fields, decisions and past checklists and gets the checklist of the stage
        it enters; what is recorded about it on its board (risks, surveys, retrospective,
        lessons) goes with it, in the same change."""
        card = self.get(card_id)
        target = self.boards.get(board_id)
        if card.archived:
            raise GateError(_("an archived card does not move; restore it first"))
        if board_id == card.board:
            raise ValueError(
                _("the card is already on board {board}").format(board=repr(target.name))
            )
        if target.archived:
            raise ValueError(_("board {board} is archived").format(board=repr(target.name)))
        stage = target.workflow.stage(stage_id) if stage_id else target.workflow.first
        moved = card.copy()
        moved.board = board_id
        enter_stage(moved, stage, now_utc())
        moved.rank = self._rank_at_end(moved)
        self._tick_from_evidence(moved)
        records: dict[tuple[str, str], dict[str, Any] | None] = {
            ("cards", card_id): stamped(moved.to_dict())
        }
        for table, named in self._records_naming(card_id).items():
            if any(ref.field == "board" for ref in TABLES[table].references):
                for rid, record in named.items():
                    if record.get("board") == card.board:
                        records[(table, rid)] = stamped({**record, "board": board_id})
        source = self.boards.get(card.board).name
        self.core.commit(
            Change(
                records,
                "move",
                "cards",
                card_id,
                # Said in the language of the board it moves to, where it is read from now on.
                said(
                    target.language,
                    "moved {card} from board {source} to {board}, {stage}",
                    card=self.label(moved),
                    source=source,
                    board=target.name,
                    stage=stage.name,
                ),
                # No `frm`: the stage it left is another board's, even under the same id.
                {"to": stage.id, "board": board_id, "from_board": card.board},
                language=target.language,
            )
        )
        return self.get(card_id)

    def deletion_refused(self, card_id: str) -> str | None:
        """Why the card cannot be deleted (records of other tables name it: a risk, a
        survey...), or None when it can."""
        named = self._records_naming(card_id)
        if not named:
            return None
        counts = [records_counted(table, len(found)) for table, found in named.items()]
        return _("records name this card ({counts}): archive it instead").format(
            counts=pgettext("list separator", ", ").join(counts)
        )

    def delete(self, card_id: str) -> None:
        """Delete a card for good (undo brings it back); its history stays in the events.
        Refused while records of other tables name it (see `deletion_refused`)."""
        refused = self.deletion_refused(card_id)
        if refused:
            raise ValueError(refused)
        card = self.get(card_id)
        language = self._language(card)
        self.core.commit(
            Change(
                {("cards", card_id): None},
                "delete",
                "cards",
                card_id,
                said(language, "deleted {card}", card=self.label(card)),
                {"title": card.title, "board": card.board, "stage": card.stage},
                language=language,
            )
        )

    def _records_naming(self, card_id: str) -> dict[str, dict[str, Any]]:
        """table -> {id: record} of the records whose `card` field names this card."""
        found: dict[str, dict[str, Any]] = {}
        for name, spec in TABLES.items():
            if any(ref.field == "card" and ref.table == "cards" for ref in spec.references):
                named = LazyTable.of(self.core.table(name)).having("card", card_id)
                if named:
                    found[name] = named
        return found

    # ----- checklist ----------------------------------------------------------------------------

    def provide_evidence(self, criteria: Iterable[str], find: Evidence) -> None:
        """Let another table's records tick these gate criteria: a card entering a stage
        finds its items already done when `find(card_id)` names them (a survey answered
        before the card reached Review ticks the Review gate's item)."""
        self._evidence.append((frozenset(criteria), find))

    def _tick_from_evidence(self, card: Card) -> None:
        """Tick the open items of the card's stage that its records already satisfy."""
        open_criteria = {i.criterion for i in card.checklist if i.criterion and not i.done}
        found: dict[str, str] = {}
        for criteria, find in self._evidence:
            if criteria & open_criteria:
                found |= find(card.id)
        _tick(card, found, self.core.who)

    def ticked_by(self, card_id: str, found: Mapping[str, str]) -> dict[str, Any] | None:
        """The card's record with its open items of these criteria (in any stage's
        checklist) ticked, each with where it came from; None when none was open. A service
        commits it in the same change as the record that is the evidence, so one undo takes
        back both."""
        card = self.get(card_id).copy()
        return stamped(card.to_dict()) if _tick(card, found, self.core.who) else None

    def add_item(
        self,
        card_id: str,
        text: str,
        *,
        must: bool = False,
        owner: str = "",
        due: str | None = None,
    ) -> ChecklistItem:
        text = clean_title(text)
        card = self.get(card_id).copy()
        item = ChecklistItem(id=new_id(), text=text, must=must, owner=owner.strip(), due=due)
        card.checklists.setdefault(card.stage, []).append(item)
        summary = said(
            self._language(card),
            "added item {text} to {card}",
            text=repr(text),
            card=self.label(card),
        )
        self._commit(card, "checklist", summary)
        return self._find_item(card_id, item.id)

    ITEM_FIELDS = ("text", "must", "owner", "due")

    def edit_item(self, card_id: str, item_id: str, **fields: Any) -> ChecklistItem:
        unknown = set(fields) - set(self.ITEM_FIELDS)
        if unknown:
            raise ValueError(
                _("cannot edit {fields} of an item").format(fields=", ".join(sorted(unknown)))
            )
        if "text" in fields:
            fields["text"] = clean_title(fields["text"])
        card = self.get(card_id).copy()
        item = _item_in(card, item_id)
        for name, value in fields.items():
            setattr(item, name, value)
        summary = said(
            self._language(card),
            "edited item {text} of {card}",
            text=repr(item.text),
            card=self.label(card),
        )
        self._commit(card, "checklist", summary)
        return self._find_item(card_id, item_id)

    def toggle_item(self, card_id: str, item_id: str) -> ChecklistItem:
        card = self.get(card_id).copy()
        item = _item_in(card, item_id)
        item.done = not item.done
        item.done_by, item.done_at = (self.core.who, now_utc()) if item.done else ("", None)
        item.source = None  # ticked or unticked by hand now, not by a record
        names = {"text": repr(item.text), "card": self.label(card)}
        self._commit(
            card,
            "checklist",
            said(self._language(card), "ticked {text} on {card}", **names)
            if item.done
            else said(self._language(card), "unticked {text} on {card}", **names),
            item=item_id,
            done=item.done,
        )
        return self._find_item(card_id, item_id)

    def remove_item(self, card_id: str, item_id: str) -> None:
        card = self.get(card_id).copy()
        item = _item_in(card, item_id)
        for items in card.checklists.values():
            if item in items:
                items.remove(item)
        summary = said(
            self._language(card),
            "removed item {text} from {card}",
            text=repr(item.text),
            card=self.label(card),
        )
        self._commit(card, "checklist", summary)

    def _find_item(self, card_id: str, item_id: str) -> ChecklistItem:
        return _item_in(self.get(card_id), item_id)


def _tick(card: Card, found: Mapping[str, str], who: str) -> bool:
    """Tick `card`'s open items whose criterion is in `found`; whether any was."""
    ticked = False
    for items in card.checklists.values():
        for item in items:
            if item.criterion in found and not item.done:
                item.done, item.done_by, item.done_at = True, who, now_utc()
                item.source = found[item.criterion]
                ticked = True
    return ticked


def _item_in(card: Card, item_id: str) -> ChecklistItem:
    for items in card.checklists.values():
        for item in items:
            if item.id == item_id:
                return item
    raise KeyError(_("no checklist item {item} on card {card}").format(item=item_id, card=card.id))


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags as typed: `#` dropped, each once; "a b" is two tags, as the filter's `#a` reads
    one word."""
    out: list[str] = []
    for typed in tags:
        for tag in typed.split():
            tag = tag.lstrip("#")
            if tag and tag not in out:
                out.append(tag)
    return out
