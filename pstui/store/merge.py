"""Three-way merge of two pstui stores: the engine behind `pstui merge-driver` and `pstui resolve`.

Git hands the driver three versions of `pstui.json` (base, ours, theirs). A line merge would
tear JSON apart, so the merge works on the data instead: per table, per record, per field.

- A change on one side wins over base; equal changes on both sides agree.
- A field changed differently on both sides takes the value from the record whose
  `updated_at` is later; on a tie, the value whose JSON text is greater. The losing value is
  written to a `conflict` event, so nothing is lost.
- A record deleted on one side and edited on the other is kept, with a `conflict` event.
- Fields with rules of their own merge by them, as the table registry says
  (`pstui.store.schema`): `checklists` per stage and by item id, `decisions` and a risk's
  `notes` as a union by id, `tags` as a set, `meta.schema` as the max; `events` are a union.

A conflict event's summary is written in English (the store is read by every clone, whatever
its language); `pstui.model.conflict_text.conflict_summary` says it in the reader's.

The merge is pure and deterministic: swapping ours and theirs gives the same data (under
`pull --rebase` git swaps them, and the result must not depend on who pulled). That is why
conflict event ids are derived from the conflict itself rather than drawn at random, and why
list order follows the *winning* side rather than "ours".

Records that are equal on both sides are taken as they are (one equality check, no copy), so
the result shares unchanged records with the inputs: treat inputs and result as read-only.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pstui.i18n import _
from pstui.model.conflict_text import MISSING, canonical, conflict_text
from pstui.model.ids import CROCKFORD, ID_LENGTH
from pstui.store.edits import items_by_id
from pstui.store.engine import (
    LazyTable,
    RawRecord,
    differing_records,
    dumps_store,
    ids_only_in,
    load_store_bytes,
    read_changes,
    record_entry,
    same_bytes,
    store_parts,
    union_past_shared_head,
)
from pstui.store.errors import BadStoreFile
from pstui.store.files import atomic_write_bytes
from pstui.store.schema import spec_of

Store = dict[str, Any]  # table name -> records (a dict or a LazyTable)

MERGE_BY = "pstui merge"
# Below this, three versions are held whole: they fit the memory budget many times over, and
# comparing their bytes run by run is faster than pairing the records that differ, because
# the same number of edits touches a larger share of a small store's cards.
READ_AGAINST_OURS_FROM_BYTES = 32 * 1024 * 1024


@dataclass
class MergeResult:
    """The merged store and the conflict events the merge added to its `events` table."""

    data: Store
    conflicts: list[dict[str, Any]] = field(default_factory=list)


# The CLI speaks of a merge "report"; it is the same object.
MergeReport = MergeResult


# --- public entry points ---------------------------------------------------------------------


def merge_stores(base: Store, ours: Store, theirs: Store) -> MergeResult:
    """Merge `ours` and `theirs`, which both descend from `base` (use {} when there is none)."""
    conflicts: list[dict[str, Any]] = []
    data: Store = {}
    # A table only in base was dropped on both sides: it stays dropped.
    for table in _union_keys(ours, theirs):
        if table != "events":
            b, o, t = base.get(table, {}), ours.get(table, {}), theirs.get(table, {})
            data[table] = _merge_table(table, b, o, t, conflicts)
    conflicts.sort(key=lambda e: e["id"])
    # The id is derived from the conflict, so merging the same conflict twice (a re-run, or
    # both clones merging it) yields one event, not two.
    added = {e["id"]: {k: v for k, v in e.items() if k != "id"} for e in conflicts}
    if added or "events" in ours or "events" in theirs:
        data["events"] = _union_events(ours.get("events", {}), theirs.get("events", {}), added)
    return MergeResult(data=data, conflicts=conflicts)


def merge_record(
    table: str, record_id: str, base: Any, ours: Any, theirs: Any
) -> tuple[Any, list[dict[str, Any]]]:
    """One record merged three-way by the same rules (None: absent on that side), with the
    conflict events it leaves. For a change re-applied onto a newer record: the journal's."""
    sides = [MISSING if side is None else side for side in (base, ours, theirs)]
    conflicts: list[dict[str, Any]] = []
    merged = _merge_record(table, record_id, *sides, conflicts)
    return (None if merged is MISSING else merged), conflicts


def merge_texts(base: str, ours: str, theirs: str) -> tuple[str, MergeResult]:
    """Merge three store texts; the text is exactly what the store itself would write."""
    result = merge_stores(
        _load(base.encode("utf-8"), "base"),
        _load(ours.encode("utf-8"), "ours"),
        _load(theirs.encode("utf-8"), "theirs"),
    )
    return dumps_store(result.data), result


def merge_files(base: Path, ours: Path, theirs: Path) -> MergeResult:
    """Merge three store files and write the result over `ours` (git's %A), atomically.

    Ours is read whole; base and theirs are read against it (see `reread`) when it is large,
    so that only their records that differ from ours are held: one copy of a large store,
    not three. A file that cannot be read so is read whole, as ours is.

    A file that does not parse raises BadStoreFile and nothing is written, so the driver can
    exit non-zero and git keeps its own conflict for the user to see. The result is not
    fsynced: %A is git's temporary file, read back and deleted as soon as the driver exits,
    and git stores the result itself (as durably as its core.fsync setting asks): waiting
    for the disk would slow the driver on a large store and guard nothing.
    """
    base, ours, theirs = Path(base), Path(ours), Path(theirs)
    # Theirs' changes are written into ours' cards: cut them as the tables are found.
    ours_blob = _read(ours)
    ours_store = _load(ours_blob, ours, cut_now=("cards",))
    base_store = _read_beside(base, ours_blob, ours_store)
    theirs_store = _read_beside(theirs, ours_blob, ours_store)
    result = merge_stores(base_store, ours_store, theirs_store)
    atomic_write_bytes(ours, store_parts(result.data), durable=False)
    return result


def _read_beside(path: Path, ours_blob: bytes, ours: Store) -> Store:
    """The store at `path` as ours' records with its own that differ laid over them; read
    whole when ours is small or it cannot be read so (an empty base among them)."""
    if len(ours_blob) >= READ_AGAINST_OURS_FROM_BYTES:
        found = read_changes(path, ours_blob, ours)
        if found is not None:
            return found[0]
    return _load(_read(path), path)


def _load(blob: bytes, path: Path | str, cut_now: tuple[str, ...] = ()) -> Store:
    # An empty base is what git passes when both branches added the file: a two-way merge.
    return {} if not blob or blob.isspace() else load_store_bytes(blob, path, cut_now)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise BadStoreFile(path, _("no such file")) from None


# --- tables and records ----------------------------------------------------------------------


def _union_keys(*dicts: dict[str, Any]) -> list[str]:
    """Keys of the first dicts in order, then keys found only in later ones."""
    keys: dict[str, None] = {}
    for d in dicts:
        keys.update(dict.fromkeys(d))
    return list(keys)


def _union_events(ours: Any, theirs: Any, added: dict[str, Any]) -> Any:
    """Events never change, so the union by id is the whole merge, plus the conflict events
    this merge `added`. A same id with different content cannot come from pstui; ours is
    kept then."""
    if not added and same_bytes(ours, theirs):
        return ours
    entries = {rid: record_entry(rid, event) for rid, event in added.items()}
    united = union_past_shared_head(ours, theirs, entries, "events")
    if united is not None:
        return united
    new = {rid: _whole(theirs, rid) for rid in ids_only_in(theirs, ours)}
    new.update({rid: event for rid, event in added.items() if rid not in ours and rid not in new})
    return _with_changes(ours, new)


def _with_changes(table: Any, changes: dict[str, Any]) -> Any:
    """`table` with records replaced (None removes), as a lazy table: records taken whole
    from the other side may be raw bytes, which only a lazy table reads."""
    if not changes:
        return table
    return LazyTable.of(table).with_changes(changes)


def _raw(table: Any, record_id: str) -> Any:
    """What to compare a record by without parsing it: its bytes, MISSING when absent, or
    None when only the parsed record can tell."""
    if record_id not in table:
        return MISSING
    return table.raw(record_id) if isinstance(table, LazyTable) else None


def _whole(table: Any, record_id: str) -> Any:
    """A record taken as it is from `table`: its bytes when it has them (written back as they
    are, parsed only if read), else the record; None when it is not there."""
    raw = table.raw(record_id) if isinstance(table, LazyTable) else None
    if raw is not None:
        return RawRecord(raw, "pstui.json")
    return table.get(record_id)


def _same(a: Any, b: Any) -> bool:
    return a is not None and (a is b or a == b)


def _merge_table(table: str, base: Any, ours: Any, theirs: Any, conflicts: list) -> Any:
    """Ours, with theirs' changes merged in. Records are compared as bytes first, so only the
    few that changed on a side are ever parsed."""
    if ours is theirs or same_bytes(ours, theirs) or same_bytes(theirs, base):
        return ours
    if same_bytes(ours, base):
        return theirs
    changes: dict[str, Any] = {}
    for record_id, b, t in _theirs_changes(base, ours, theirs):
        o = _raw(ours, record_id)
        if _same(o, t) or _same(t, b):
            continue  # theirs did not touch it, or made the same change: ours stands
        if _same(o, b):
            changes[record_id] = _taken(theirs, record_id, t)  # ours did not touch it
            continue
        mine = ours.get(record_id, MISSING)
        record = _merge_record(
            table,
            record_id,
            _parsed(base, record_id, b),
            mine,
            _parsed(theirs, record_id, t),
            conflicts,
        )
        if record is not mine:
            changes[record_id] = None if record is MISSING else record
    # Ids only in base were deleted on both sides: nothing to do.
    return _with_changes(ours, changes)


def _theirs_changes(base: Any, ours: Any, theirs: Any) -> Iterator[tuple[str, Any, Any]]:
    """(id, base's bytes, theirs' bytes) of each record theirs may have changed, either as
    bytes, MISSING when absent, or None when only the parsed record can tell. The records
    theirs holds as base does need no look: ours stands for them."""
    runs = differing_records(base, theirs)
    if runs is not None:
        base_runs, their_runs = runs
        for record_id in sorted(base_runs.keys() | their_runs.keys()):
            b, t = base_runs.get(record_id, MISSING), their_runs.get(record_id, MISSING)
            if not _same(b, t):
                yield record_id, b, t
        return
    for record_id in _union_keys(ours, theirs):
        o, t = _raw(ours, record_id), _raw(theirs, record_id)
        if not _same(o, t):
            yield record_id, _raw(base, record_id), t


def _taken(theirs: Any, record_id: str, raw: Any) -> Any:
    """Theirs' record as it is: its bytes when known (None when theirs deleted it)."""
    if isinstance(raw, bytes):
        return RawRecord(raw, "pstui.json")
    return None if raw is MISSING else _whole(theirs, record_id)


def _parsed(table: Any, record_id: str, raw: Any) -> Any:
    if isinstance(raw, bytes):
        return RawRecord(raw, "pstui.json").parse()
    return table.get(record_id, MISSING)


def _merge_record(
    table: str, record_id: str, base: Any, ours: Any, theirs: Any, conflicts: list
) -> Any:
    if ours is theirs or ours == theirs:
        return ours
    if ours == base:
        return theirs  # may be MISSING: deleted on theirs, untouched on ours
    if theirs == base:
        return ours
    ctx = _Conflicts(table, record_id, _stamp(ours), _stamp(theirs), conflicts)
    if ours is MISSING or theirs is MISSING:
        return ctx.deletion_overridden("", ours, theirs)
    if not isinstance(ours, dict) or not isinstance(theirs, dict):
        return ctx.resolve("", ours, theirs)
    handlers = _handlers(table)
    # Added on both sides with the same id: a two-way merge, every difference is a conflict.
    base_record = base if isinstance(base, dict) else {}
    merged = _merge_fields(ctx, "", base_record, ours, theirs, handlers)
    stamps = [s for s in (ours.get("updated_at"), theirs.get("updated_at")) if isinstance(s, str)]
    if stamps:
        merged["updated_at"] = max(stamps)
    return merged


def _stamp(record: Any) -> str:
    stamp = record.get("updated_at") if isinstance(record, dict) else None
    return stamp if isinstance(stamp, str) else ""


# --- conflicts -------------------------------------------------------------------------------


@dataclass
class _Conflicts:
    """One record's merge context: who wins a conflict, and the events conflicts leave."""

    table: str
    record: str
    ours_at: str
    theirs_at: str
    events: list[dict[str, Any]]

    def ours_wins(self, ours: Any, theirs: Any) -> bool:
        """The later edit wins; a tie goes to the greater JSON, so either argument order
        picks the same value."""
        if self.ours_at != self.theirs_at:
            return self.ours_at > self.theirs_at
        return canonical(ours) > canonical(theirs)

    def resolve(self, path: str, ours: Any, theirs: Any) -> Any:
        """Pick the winning value and record the loser in a conflict event."""
        if self.ours_wins(ours, theirs):
            kept, other, kept_at, other_at = ours, theirs, self.ours_at, self.theirs_at
        else:
            kept, other, kept_at, other_at = theirs, ours, self.theirs_at, self.ours_at
        summary = conflict_text(path, kept, other, tie=kept_at == other_at)
        self._add(path, kept, other, kept_at, other_at, summary)
        return kept

    def deletion_overridden(self, path: str, ours: Any, theirs: Any) -> Any:
        """Deleted on one side, edited on the other: keep the edit, say so in an event."""
        edited, edited_at = (theirs, self.theirs_at) if ours is MISSING else (ours, self.ours_at)
        summary = conflict_text(path, "edited", "deleted", deletion=True)
        self._add(path, "edited", "deleted", edited_at, "", summary)
        return edited

    def _add(
        self, path: str, kept: Any, other: Any, kept_at: str, other_at: str, summary: str
    ) -> None:
        kept = None if kept is MISSING else kept
        other = None if other is MISSING else other
        at = max(kept_at, other_at)
        self.events.append(
            {
                "id": _conflict_id(at, [self.table, self.record, path, kept, other]),
                "at": at,
                "by": MERGE_BY,
                "action": "conflict",
                "table": self.table,
                "record": self.record,
                "summary": summary,
                "data": {
                    "field": path,
                    "kept": kept,
                    "other": other,
                    "kept_at": kept_at,
                    "other_at": other_at,
                },
                "created_at": at,
                "updated_at": at,
            }
        )


def _conflict_id(at: str, parts: list[Any]) -> str:
    """A ULID-shaped id: the conflict's time in ms, then 80 bits of a hash of the conflict.

    Deterministic, so both merge directions (and a re-run) name the same conflict alike; the
    time head keeps it sorted among the other events.
    """
    try:
        ms = int(datetime.fromisoformat(at).timestamp() * 1000) if at else 0
    except ValueError:
        ms = 0
    digest = hashlib.blake2b(canonical(parts).encode("utf-8"), digest_size=10).digest()
    value = ((ms & (2**48 - 1)) << 80) | int.from_bytes(digest, "big")
    chars = []
    for _digit in range(ID_LENGTH):
        chars.append(CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


# --- fields ----------------------------------------------------------------------------------

FieldMerge = Callable[["_Conflicts", str, Any, Any, Any], Any]


def _merge_fields(
    ctx: _Conflicts,
    prefix: str,
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    handlers: dict[str, FieldMerge],
) -> dict[str, Any]:
    """Three-way merge of one object's fields; `handlers` merge fields with their own rules."""
    merged: dict[str, Any] = {}
    for key in _union_keys(ours, theirs, base):
        o, t, b = ours.get(key, MISSING), theirs.get(key, MISSING), base.get(key, MISSING)
        if o == t:
            value = o
        elif o == b:
            value = t
        elif t == b:
            value = o
        else:
            path = f"{prefix}.{key}" if prefix else key
            value = handlers.get(key, _plain)(ctx, path, b, o, t)
        if value is not MISSING:
            merged[key] = value
    return merged


def _plain(ctx: _Conflicts, path: str, base: Any, ours: Any, theirs: Any) -> Any:
    return ctx.resolve(path, ours, theirs)


def _no_conflict_stamp(ctx: _Conflicts, path: str, base: Any, ours: Any, theirs: Any) -> Any:
    # The record's updated_at is set to the max of both sides after the fields are merged.
    return ours


def _max_schema(ctx: _Conflicts, path: str, base: Any, ours: Any, theirs: Any) -> Any:
    """A store touched by a newer pstui stays marked as such, or an older one would misread it."""
    if _is_int(ours) and _is_int(theirs):
        return max(ours, theirs)
    return ctx.resolve(path, ours, theirs)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _merge_tags(ctx: _Conflicts, path: str, base: Any, ours: Any, theirs: Any) -> Any:
    """A set merge: a tag added on either side stays, a tag removed on either side goes."""
    sides = [base if base is not MISSING else [], ours, theirs]
    if not all(isinstance(s, list) and all(isinstance(x, str) for x in s) for s in sides):
        return ctx.resolve(path, ours, theirs)
    b, o, t = (set(s) for s in sides)
    removed = (b - o) | (b - t)
    first, second = (ours, theirs) if ctx.ours_wins(ours, theirs) else (theirs, ours)
    # No conflict event: nothing is lost that either side meant to keep.
    return [tag for tag in dict.fromkeys(first + second) if tag not in removed]


def _merge_history(ctx: _Conflicts, path: str, base: Any, ours: Any, theirs: Any) -> Any:
    """A history (gate decisions, a risk's notes): the union by id, in time order."""
    b = items_by_id(base if base is not MISSING else [])
    o, t = items_by_id(ours), items_by_id(theirs)
    if b is None or o is None or t is None:
        return ctx.resolve(path, ours, theirs)
    merged = []
    for decision_id in _union_keys(o, t):
        do, dt = o.get(decision_id, MISSING), t.get(decision_id, MISSING)
        if do is MISSING or dt is MISSING or do == dt:
            merged.append(dt if do is MISSING else do)
        elif do == b.get(decision_id, MISSING):
            merged.append(dt)
        elif dt == b.get(decision_id, MISSING):
            merged.append(do)
        else:
            merged.append(ctx.resolve(f"{path}.{decision_id}", do, dt))
    merged.sort(key=lambda d: (str(d.get("at") or ""), d["id"]))
    return merged


def _merge_checklists(ctx: _Conflicts, path: str, base: Any, ours: Any, theirs: Any) -> Any:
    """Per stage: a stage's list changed on one side wins; changed on both merges by item id."""
    sides = [s if s is not MISSING else {} for s in (base, ours, theirs)]
    if not all(isinstance(s, dict) for s in sides):
        return ctx.resolve(path, ours, theirs)
    b, o, t = sides
    merged = {}
    for stage in _union_keys(o, t, b):
        lo, lt, lb = o.get(stage, MISSING), t.get(stage, MISSING), b.get(stage, MISSING)
        if lo == lt:
            items = lo
        elif lo == lb:
            items = lt
        elif lt == lb:
            items = lo
        elif lo is MISSING or lt is MISSING:
            # A stage's list dropped on one side and edited on the other: keep the edit.
            items = lt if lo is MISSING else lo
        else:
            items = _merge_items(ctx, f"{path}.{stage}", lb, lo, lt)
        if items is not MISSING:
            merged[stage] = items
    return merged


def _merge_items(ctx: _Conflicts, path: str, base: Any, ours: Any, theirs: Any) -> Any:
    """One stage's checklist, merged by item id: two people ticking different items both count.

    Order: the winning side's list, then the other side's new items in their order. (The
    winning side, not "ours", so that the merge is the same in both directions.)
    """
    b = items_by_id(base if base is not MISSING else [])
    o, t = items_by_id(ours), items_by_id(theirs)
    if b is None or o is None or t is None:
        return ctx.resolve(path, ours, theirs)
    first, second = (o, t) if ctx.ours_wins(ours, theirs) else (t, o)
    merged = []
    for item_id in _union_keys(first, second):
        io, it, ib = o.get(item_id, MISSING), t.get(item_id, MISSING), b.get(item_id, MISSING)
        item_path = f"{path}.{item_id}"
        if io == it:
            item = io
        elif io == ib:
            item = it
        elif it == ib:
            item = io
        elif io is MISSING or it is MISSING:
            item = ctx.deletion_overridden(item_path, io, it)
        else:
            item_base = ib if ib is not MISSING else {}
            item = _merge_fields(ctx, item_path, item_base, io, it, {})
        if item is not MISSING:
            merged.append(item)
    return merged


def _merge_by_id(ctx: _Conflicts, path: str, base: Any, ours: Any, theirs: Any) -> Any:
    """A list of objects with ids, merged item by item (as a checklist's items)."""
    return _merge_items(ctx, path, base, ours, theirs)


# The merge rules the table registry names (see pstui.store.schema).
_RULES: dict[str, FieldMerge] = {
    "stamp": _no_conflict_stamp,
    "set": _merge_tags,
    "history": _merge_history,
    "by_id": _merge_by_id,
    "checklists": _merge_checklists,
    "max": _max_schema,
}


@functools.cache
def _handlers(table: str) -> dict[str, FieldMerge]:
    return {name: _RULES[rule] for name, rule in spec_of(table).merge.items()}
