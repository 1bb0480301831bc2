"""Property test of the store merge: random edits on two clones, merged, lose nothing.

Each side runs a random edit script on its own copy of a base store (edit a field, add or
delete a card, tick, add or delete a checklist item, tag, add an event), remembering what it
meant to leave behind. The merge must then round-trip through the store's serialization, keep
every record either side added, keep every value either side set (in the merged record or in a
conflict event), and give the same data whichever side is "ours".
"""

from __future__ import annotations

import copy
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pstui.store import merge
from pstui.store.engine import lazy, reread
from pstui.store.engine.serialize import (
    dumps_store,
    dumps_store_bytes,
    load_store_bytes,
    loads_store,
)
from pstui.store.merge import MergeResult, merge_stores

STAGE = "execution"
BASE_TICK = 0


def stamp(tick: int) -> str:
    return f"2026-01-01T{tick // 3600:02d}:{tick // 60 % 60:02d}:{tick % 60:02d}.000000+00:00"


def make_id(kind: str, n: int) -> str:
    """26 chars, like a real id; `kind` keeps the sides' new ids apart."""
    return f"01KB{kind}{n:021d}"


def make_item(item_id: str, text: str) -> dict[str, Any]:
    return {
        "id": item_id,
        "text": text,
        "must": False,
        "done": False,
        "owner": "",
        "due": None,
        "done_by": "",
        "done_at": None,
        "criterion": None,
    }


def make_card(title: str, tick: int, items: list[dict], tags: list[str]) -> dict[str, Any]:
    return {
        "board": "B",
        "title": title,
        "description": "",
        "kind": "engagement",
        "stage": STAGE,
        "rank": "m",
        "assignee": "",
        "client": "",
        "tags": tags,
        "due": None,
        "blocked": False,
        "blocked_reason": "",
        "archived": False,
        "stage_since": stamp(tick),
        "checklists": {STAGE: items},
        "decisions": [],
        "created_at": stamp(tick),
        "updated_at": stamp(tick),
    }


TAGS = ["red", "blue", "green"]
FIELD_VALUES = {
    "title": st.sampled_from(["Alpha", "Beta", "上线", "Ship it"]),
    "assignee": st.sampled_from(["", "ann", "li"]),
    "stage": st.sampled_from(["initiation", "execution", "closing"]),
    "rank": st.sampled_from(["a", "m", "z"]),
    "blocked": st.booleans(),
    "due": st.sampled_from([None, "2026-12-01"]),
    "x_future": st.integers(0, 2),  # a field this pstui does not know
}


@st.composite
def base_stores(draw) -> dict[str, Any]:
    cards = {}
    for n in range(draw(st.integers(1, 3))):
        items = [
            make_item(make_id("C", n * 10 + k), f"item {k}") for k in range(draw(st.integers(0, 3)))
        ]
        tags = draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=2))
        cards[make_id("C", n * 10)] = make_card(f"card {n}", BASE_TICK, items, tags)
    meta = {"schema": 1, "created_by": "pstui 0.1.0"}
    meta.update(created_at=stamp(0), updated_at=stamp(0))
    events = {make_id("E", 0): {"at": stamp(0), "action": "create", "data": {}}}
    return {"meta": {"pstui": meta}, "boards": {}, "cards": cards, "events": events}


index = st.integers(0, 5)
later = st.integers(1, 2)  # how far a clock moves per edit
OPS = st.one_of(
    st.tuples(
        st.just("edit"),
        index,
        st.sampled_from(sorted(FIELD_VALUES)).flatmap(
            lambda name: st.tuples(st.just(name), FIELD_VALUES[name])
        ),
        later,
    ),
    st.tuples(st.just("add_card"), later),
    st.tuples(st.just("add_shared_card"), st.integers(0, 1), FIELD_VALUES["title"], later),
    st.tuples(st.just("delete_card"), index),
    st.tuples(st.just("toggle_item"), index, index, later),
    st.tuples(st.just("add_item"), index, later),
    st.tuples(st.just("delete_item"), index, index, later),
    st.tuples(st.just("toggle_tag"), index, st.sampled_from(TAGS), later),
    st.tuples(st.just("add_event"), later),
)


@dataclass
class Side:
    """One clone: its store, and what its edits mean to leave in the merge."""

    kind: str  # id letter for what this side creates
    data: dict[str, Any]
    base: dict[str, Any]
    tick: int = BASE_TICK
    counter: int = 0
    card_ticks: dict[str, int] = field(default_factory=dict)
    # (card id, dotted field) -> the value this side last set
    values: dict[tuple[str, str], Any] = field(default_factory=dict)
    added_cards: set[str] = field(default_factory=set)
    added_items: set[tuple[str, str]] = field(default_factory=set)
    added_events: set[str] = field(default_factory=set)

    def new_id(self) -> str:
        self.counter += 1
        return make_id(self.kind, self.counter)

    def pick_card(self, i: int) -> str | None:
        # Base cards first: both sides editing the same card is where merges get interesting.
        ids = sorted(self.data["cards"], key=lambda c: (c not in self.base["cards"], c))
        return ids[i % len(ids)] if ids else None

    def touch(self, card_id: str, step: int) -> None:
        # Each card's clock moves on its own, by small steps, so both sides' edits of one
        # card often carry the same time: the tie-break must be exercised, not just exist.
        record = self.data["cards"][card_id]
        self.card_ticks[card_id] = self.card_ticks.get(card_id, BASE_TICK) + step
        record["updated_at"] = stamp(self.card_ticks[card_id])

    def items(self, card_id: str) -> list[dict[str, Any]]:
        return self.data["cards"][card_id]["checklists"].setdefault(STAGE, [])

    def apply(self, op: tuple) -> None:
        getattr(self, op[0])(*op[1:])

    def edit(self, i: int, name_value: tuple[str, Any], step: int) -> None:
        card_id = self.pick_card(i)
        if card_id is None:
            return
        name, value = name_value
        self.data["cards"][card_id][name] = value
        self.values[(card_id, name)] = value
        self.touch(card_id, step)

    def add_card(self, step: int) -> None:
        self.tick += step
        card_id = self.new_id()
        self.data["cards"][card_id] = make_card(f"new {card_id}", self.tick, [], [])
        self.added_cards.add(card_id)

    def add_shared_card(self, n: int, title: str, step: int) -> None:
        """A card id both sides can add: the add/add case."""
        card_id = make_id("S", n)
        if card_id in self.data["cards"]:
            return
        self.tick += step
        self.data["cards"][card_id] = make_card(title, self.tick, [], [])
        self.added_cards.add(card_id)
        self.values[(card_id, "title")] = title

    def delete_card(self, i: int) -> None:
        card_id = self.pick_card(i)
        if card_id is None:
            return
        del self.data["cards"][card_id]
        self.added_cards.discard(card_id)
        self.added_items = {(c, it) for c, it in self.added_items if c != card_id}
        self.values = {k: v for k, v in self.values.items() if k[0] != card_id}

    def toggle_item(self, i: int, j: int, step: int) -> None:
        card_id = self.pick_card(i)
        if card_id is None or not self.items(card_id):
            return
        entry = self.items(card_id)[j % len(self.items(card_id))]
        entry["done"] = not entry["done"]
        self.values[(card_id, f"checklists.{STAGE}.{entry['id']}.done")] = entry["done"]
        self.touch(card_id, step)

    def add_item(self, i: int, step: int) -> None:
        card_id = self.pick_card(i)
        if card_id is None:
            return
        item_id = self.new_id()
        self.items(card_id).append(make_item(item_id, f"added by {self.kind}"))
        self.added_items.add((card_id, item_id))
        self.touch(card_id, step)

    def delete_item(self, i: int, j: int, step: int) -> None:
        card_id = self.pick_card(i)
        if card_id is None or not self.items(card_id):
            return
        entry = self.items(card_id).pop(j % len(self.items(card_id)))
        self.added_items.discard((card_id, entry["id"]))
        path = f"checklists.{STAGE}.{entry['id']}.done"
        self.values.pop((card_id, path), None)
        self.touch(card_id, step)

    def toggle_tag(self, i: int, tag: str, step: int) -> None:
        card_id = self.pick_card(i)
        if card_id is None:
            return
        tags = self.data["cards"][card_id]["tags"]
        if tag in tags:
            tags.remove(tag)
        else:
            tags.append(tag)
        self.touch(card_id, step)

    def add_event(self, step: int) -> None:
        self.tick += step
        event_id = self.new_id()
        self.data["events"][event_id] = {"at": stamp(self.tick), "action": "edit", "data": {}}
        self.added_events.add(event_id)

    def base_value(self, card_id: str, path: str) -> Any:
        """The value `path` had in base; a change back to it is no change to a 3-way merge."""
        record = self.base["cards"].get(card_id)
        if record is None:
            return object()  # nothing in base: every value this side set is a change
        if not path.startswith("checklists."):
            return record.get(path, object())
        item_id = path.split(".")[2]
        for entry in record["checklists"].get(STAGE, []):
            if entry["id"] == item_id:
                return entry["done"]
        return object()

    def tag_changes(self, card_id: str) -> tuple[set[str], set[str]]:
        """Tags this side added to and removed from a card, against base."""
        before = set(self.base["cards"].get(card_id, {"tags": []})["tags"])
        after = set(self.data["cards"][card_id]["tags"])
        return after - before, before - after


def run(base: dict[str, Any], kind: str, script: list[tuple]) -> Side:
    side = Side(kind=kind, data=copy.deepcopy(base), base=base)
    for op in script:
        side.apply(op)
    return side


def value_in_result(result: MergeResult, card_id: str, path: str) -> list[Any]:
    """Where a value set at `path` may have ended up: the merged record, or a conflict."""
    record = result.data["cards"][card_id]
    found = []
    if path.startswith("checklists."):
        item_id = path.split(".")[2]
        found += [e["done"] for e in record["checklists"].get(STAGE, []) if e["id"] == item_id]
    elif path in record:
        found.append(record[path])
    for event in result.conflicts:
        if event["record"] == card_id and event["data"]["field"] == path:
            found += [event["data"]["kept"], event["data"]["other"]]
    return found


@settings(max_examples=100, deadline=None)
@given(
    base=base_stores(),
    ours_script=st.lists(OPS, max_size=12),
    theirs_script=st.lists(OPS, max_size=12),
)
def test_merging_two_edited_clones_loses_nothing(base, ours_script, theirs_script) -> None:
    ours = run(base, "A", ours_script)
    theirs = run(base, "B", theirs_script)
    result = merge_stores(base, ours.data, theirs.data)
    merged = result.data

    # The result is a store the store itself would write and read back unchanged.
    assert loads_store(dumps_store(merged)) == merged

    # Symmetric: which clone pulled does not change the data.
    mirrored = merge_stores(base, theirs.data, ours.data)
    assert mirrored.data == merged
    assert mirrored.conflicts == result.conflicts

    for event in result.conflicts:
        assert event["id"] in merged["events"]

    for side in (ours, theirs):
        assert side.added_cards <= set(merged["cards"])
        assert side.added_events <= set(merged["events"])
        for card_id, item_id in side.added_items:
            assert item_id in {e["id"] for e in merged["cards"][card_id]["checklists"][STAGE]}
        for (card_id, path), value in side.values.items():
            if value == side.base_value(card_id, path):
                continue
            assert value in value_in_result(result, card_id, path), (side.kind, card_id, path)
        # Tags merge as a set: what a side added is there, what it removed is gone.
        for card_id in side.data["cards"].keys() & merged["cards"].keys():
            added, removed = side.tag_changes(card_id)
            assert added <= set(merged["cards"][card_id]["tags"])
            assert not removed & set(merged["cards"][card_id]["tags"])


@settings(max_examples=50, deadline=None)
@given(base=base_stores(), script=st.lists(OPS, max_size=12))
def test_a_side_merged_with_itself_or_with_base_is_that_side(base, script) -> None:
    side = run(base, "A", script).data
    assert merge_stores(base, side, side).data == side
    assert merge_stores(base, side, base).data == side
    assert merge_stores(base, base, side).data == side


@settings(max_examples=100, deadline=None)
@given(
    base=base_stores(),
    ours_script=st.lists(OPS, max_size=12),
    theirs_script=st.lists(OPS, max_size=12),
    small_run=st.sampled_from([0, 200, lazy._SMALL_RUN]),
)
def test_merging_the_files_bytes_writes_what_merging_the_parsed_stores_writes(
    base, ours_script, theirs_script, small_run
) -> None:
    """The merge driver compares the files' bytes and cuts apart only the runs of records
    that differ (split near their middle until shorter than `small_run`); the result must be
    exactly the record-by-record merge of the parsed stores."""
    ours, theirs = run(base, "A", ours_script).data, run(base, "B", theirs_script).data
    expected = dumps_store_bytes(merge_stores(base, ours, theirs).data)
    files = [load_store_bytes(dumps_store_bytes(store)) for store in (base, ours, theirs)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lazy, "_SMALL_RUN", small_run)
        assert dumps_store_bytes(merge_stores(*files).data) == expected
        # The inputs are files in pstui's layout: the bytes were compared, not the records.
        cards = [store["cards"] for store in (files[0], files[2])]
        assert all(cards) <= (lazy.differing_records(*cards) is not None)


@settings(max_examples=60, deadline=None)
@given(
    base=base_stores(),
    ours_script=st.lists(OPS, max_size=12),
    theirs_script=st.lists(OPS, max_size=12),
    window=st.sampled_from([48, 1 << 20]),
)
def test_the_merge_driver_reading_base_and_theirs_against_ours_writes_the_same(
    base, ours_script, theirs_script, window
) -> None:
    """`merge_files` holds ours whole and reads base and theirs against it, as the records
    that differ from ours; the file it writes must be the merge of the parsed stores."""
    ours, theirs = run(base, "A", ours_script).data, run(base, "B", theirs_script).data
    expected = dumps_store_bytes(merge_stores(base, ours, theirs).data)
    read_against = []

    def spied(*args: Any, **kwargs: Any) -> Any:
        found = reread.read_changes(*args, **kwargs)
        read_against.append(found is not None)
        return found

    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(reread, "WINDOW_BYTES", window)
        patch.setattr(reread, "_MOST_CHANGED", 100)  # these stores are small: all may change
        patch.setattr(merge, "READ_AGAINST_OURS_FROM_BYTES", 0)
        patch.setattr(merge, "read_changes", spied)
        paths = [Path(folder) / name for name in ("base", "ours", "theirs")]
        for path, store in zip(paths, (base, ours, theirs), strict=True):
            path.write_bytes(dumps_store_bytes(store))
        merge.merge_files(*paths)
        assert paths[1].read_bytes() == expected
    # Read whole only when a table is added, removed, emptied or filled.
    assert read_against == [shape(base) == shape(ours), shape(theirs) == shape(ours)]


def shape(store: dict[str, Any]) -> dict[str, bool]:
    return {name: bool(table) for name, table in store.items()}
