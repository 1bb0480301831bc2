"""A changed store file read against the one held (`reread`): what it finds is what reading
the file whole finds, and what it is not sure of is read whole."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest

from pstui.bench.generate import generate_store, write_store
from pstui.store.engine import reread
from pstui.store.engine.lazy import AddedRecord, LazyTable, RawRecord, ids_only_in, split_store
from pstui.store.engine.serialize import dumps_store_bytes, loads_store, record_entry
from pstui.store.errors import BadStoreFile
from pstui.store.merge import merge_stores
from pstui.store.repository import Repository
from pstui.store.storage import DiskRead, PstuiStorage


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "pstui.json"
    write_store(path, generate_store(40, seed=3) | {"quiet": {}})  # and an empty table
    return path


def replace_file(path: Path, blob: bytes) -> None:
    """As git does: a new file put in place of the old."""
    temp = path.with_name("incoming.json")
    temp.write_bytes(blob)
    os.replace(temp, path)


def held(storage: PstuiStorage) -> DiskRead:
    """The file as the storage holds it (read against itself: nothing changed)."""
    return storage.read_disk(beside_ui=True)


def plain(tables: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: {rid: table[rid] for rid in table} for name, table in tables.items()}


def edited(rng: random.Random, data: dict[str, Any], round_: int) -> dict[str, Any]:
    """`data` with a few records edited, added (first, between, last) or removed."""
    for _ in range(rng.randint(1, 8)):
        table = data[rng.choice(["cards", "cards", "events", "boards", "meta"])]
        record_id = rng.choice(sorted(table))
        action = "edit" if table is data["meta"] else rng.choice(["edit", "add", "remove"])
        if action == "edit":
            table[record_id] = table[record_id] | {"note": f"{round_} {rng.random()} 改"}
        elif action == "add":
            new_id = rng.choice(
                ["0", record_id[:-1], record_id + "X", "ZZZZZZZZZZZZZZZZZZZZZZZZZZ"]
            )
            table.setdefault(new_id, dict(table[record_id]))
        elif len(table) > 1:
            del table[record_id]
    return data


@pytest.mark.parametrize("window", [29, 700, 1 << 20])
@pytest.mark.parametrize("seed", range(4))
def test_a_file_read_against_the_old_is_what_reading_it_whole_finds(
    store, monkeypatch, window, seed
):
    """Round after round, each read against the file as first read, the window small enough
    for lines and records to fall across its edges."""
    monkeypatch.setattr(reread, "WINDOW_BYTES", window)
    storage = PstuiStorage(store)
    first = held(storage).loaded.blob
    rng = random.Random(seed)
    for round_ in range(6):
        blob = dumps_store_bytes(edited(rng, loads_store(store.read_text()), round_))
        replace_file(store, blob)
        read = storage.read_disk(beside_ui=True)
        assert read.loaded.blob is first, "read whole"
        assert plain(read.data) == loads_store(blob.decode())
        assert dumps_store_bytes(read.data) == blob  # written back as the very bytes
        storage.absorb_disk(read=read)
        assert storage.disk is read.data


def test_a_file_rewritten_with_the_same_bytes_takes_no_change(store):
    storage = PstuiStorage(store)
    first = held(storage).loaded.blob
    replace_file(store, store.read_bytes())
    read = storage.read_disk(beside_ui=True)
    assert read.loaded.blob is first
    assert all(table == read.data[name] for name, table in storage.disk.items())


def not_in_layout(data: dict[str, Any], blob: bytes) -> bytes:
    return blob.replace(b'\n  "', b'\n    "', 1)


def out_of_order(data: dict[str, Any], blob: bytes) -> bytes:
    first, second = (record_entry(i, data["cards"][i]) for i in sorted(data["cards"])[:2])
    return blob.replace(first + b"," + second, second + b"," + first)


def id_twice(data: dict[str, Any], blob: bytes) -> bytes:
    card_id = sorted(data["cards"])[1]
    entry = record_entry(card_id, data["cards"][card_id])
    return blob.replace(entry, entry + b"," + entry)


NOT_SURE = {
    "a table filled": lambda data: data | {"quiet": {"01R": {"title": "风险"}}},
    "a table emptied": lambda data: data | {"risks": {}},
    "a table added": lambda data: data | {"zz": {"01Z": {}}},
    "a table removed": lambda data: {k: v for k, v in data.items() if k != "quiet"},
    "most records changed": lambda data: (
        data
        | {
            table: {k: v | {"note": "x" * 80} for k, v in data[table].items()}
            for table in ("cards", "events")
        }
    ),
}


@pytest.mark.parametrize("change", NOT_SURE)
def test_what_it_is_not_sure_of_is_read_whole(store, change):
    data = loads_store(store.read_text())
    assert data["risks"] and not data["quiet"]
    storage = PstuiStorage(store)
    blob = dumps_store_bytes(NOT_SURE[change](data))
    replace_file(store, blob)
    read = storage.read_disk(beside_ui=True)
    assert read.loaded.blob == blob  # read whole: the new bytes are held
    assert plain(read.data) == loads_store(blob.decode())


@pytest.mark.parametrize("damage", [not_in_layout, out_of_order, id_twice])
def test_a_file_out_of_layout_is_read_whole_which_says_what_is_wrong(store, damage):
    storage = PstuiStorage(store)
    data = loads_store(store.read_text())
    blob = damage(data, store.read_bytes())
    assert blob != store.read_bytes()
    replace_file(store, blob)
    try:
        read = storage.read_disk(beside_ui=True)
    except BadStoreFile as err:
        assert damage is id_twice and "appears twice" in err.message
    else:
        assert damage is not id_twice
        assert read.loaded.blob == blob  # read whole
        assert plain(read.data) == data  # same records, another layout


def in_a_card(blob: bytes, old: bytes, new: bytes) -> bytes:
    """`blob` with `old` replaced by `new` in its first card."""
    at = blob.index(old, blob.index(b'\n "cards": '))
    return blob[:at] + new + blob[at + len(old) :]


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda blob: in_a_card(blob, b'"stage": ', b'"stage": \''), "not valid JSON"),
        (lambda blob: in_a_card(blob, b'"stage": ', b'"stage": 7,\n   "x": '), "card .*stage"),
        (lambda blob: blob[: len(blob) // 2], "not valid JSON"),
    ],
)
def test_a_bad_file_is_refused_as_reading_it_whole_refuses_it(store, damage, says):
    storage = PstuiStorage(store)
    replace_file(store, damage(store.read_bytes()))
    with pytest.raises(BadStoreFile, match=says):
        storage.read_disk(beside_ui=True)


@pytest.mark.parametrize(("longest", "whole"), [(4096, True), (1 << 16, False)])
def test_a_window_grows_to_hold_a_long_record_up_to_a_limit_then_it_is_read_whole(
    store, monkeypatch, longest, whole
):
    storage = PstuiStorage(store)
    first = held(storage).loaded.blob
    data = loads_store(store.read_text())
    card_id = sorted(data["cards"])[5]
    data["cards"][card_id] = data["cards"][card_id] | {"title": "长" * 3000}  # 9,000 bytes
    blob = dumps_store_bytes(data)
    replace_file(store, blob)
    monkeypatch.setattr(reread, "WINDOW_BYTES", 64)
    monkeypatch.setattr(reread, "LONGEST_LINE_BYTES", longest)
    read = storage.read_disk(beside_ui=True)
    assert read.loaded.blob == (blob if whole else first)
    assert read.data["cards"][card_id]["title"] == "长" * 3000


def test_a_file_changed_while_it_is_read_is_not_taken(store, monkeypatch):
    before = held(PstuiStorage(store))
    data = loads_store(store.read_text())
    card_id = sorted(data["cards"])[0]
    data["cards"][card_id] = data["cards"][card_id] | {"title": "one"}
    replace_file(store, dumps_store_bytes(data))
    assert reread.read_changes(store, before.loaded.blob, before.data) is not None
    more = reread._Window.more

    def appended_to(window: reread._Window) -> None:
        more(window)
        if window.base == 0:
            with open(store, "ab") as handle:  # in place: the same file, another size
                handle.write(b" ")

    monkeypatch.setattr(reread._Window, "more", appended_to)
    monkeypatch.setattr(reread, "WINDOW_BYTES", 4096)
    assert reread.read_changes(store, before.loaded.blob, before.data) is None


def test_a_change_not_written_yet_is_merged_onto_the_file_read_against_the_old(store):
    """The user's change waits to be written while a pull brings others: both are kept."""
    storage = PstuiStorage(store)
    first = held(storage).loaded.blob
    mine, theirs = sorted(storage.disk["cards"])[:2]
    data = loads_store(store.read_text())
    data["cards"][theirs] = data["cards"][theirs] | {"title": "theirs"}
    replace_file(store, dumps_store_bytes(data))
    current = dict(storage.current)
    current["cards"] = current["cards"].with_changes(
        {mine: current["cards"][mine] | {"title": "mine"}}
    )
    storage.commit(current, None)
    read = storage.read_disk(beside_ui=True)
    assert read.loaded.blob is first
    assert storage.absorb_disk(read=read).conflicts == []
    storage.flush()
    on_disk = loads_store(store.read_text())
    assert on_disk["cards"][mine]["title"] == "mine"
    assert on_disk["cards"][theirs]["title"] == "theirs"
    assert {k: v for k, v in on_disk.items()} == plain(storage.current)


def test_changes_over_the_same_records_merge_as_the_whole_tables_do(store):
    """The merge's shortcut for tables that lay changes over one file's records (only the
    changed ids can differ) gives what merging the whole tables gives."""
    storage = PstuiStorage(store)
    base = storage.disk
    rng = random.Random(11)
    theirs_data = edited(rng, loads_store(store.read_text()), 1)
    replace_file(store, dumps_store_bytes(theirs_data))
    theirs = storage.read_disk(beside_ui=True).data
    repo = Repository(store, who="tester")  # ours: a change made over the same records
    ours = {name: table.with_changes({}) for name, table in base.items()}
    card_id = sorted(ours["cards"])[3]
    ours["cards"] = ours["cards"].with_changes(
        {card_id: ours["cards"][card_id] | {"title": "ours", "updated_at": "2099-01-01"}}
    )
    ours["events"] = ours["events"].with_changes({"01ZZZZ": {"action": "edit", "by": "李雷"}})
    shortcut = merge_stores(base, ours, theirs)
    whole = merge_stores(plain(base), plain(ours), plain(theirs))
    assert plain(shortcut.data) == plain(whole.data)
    assert shortcut.conflicts == whole.conflicts
    repo.close()


def test_cards_moved_and_added_elsewhere_reach_the_board(store):
    first = store.read_bytes()
    repo = Repository(store, who="tester")
    board = repo.boards.all()[0]
    stages = [stage.id for stage in board.workflow.stages]
    later = next(stage for stage in stages[1:] if repo.cards.column(board.id, stage))
    card = repo.cards.column(board.id, later)[0]
    other = Repository(store, who="other")
    other.cards.move(card.id, stages[0])  # back: no gate to pass
    added = other.cards.add(board.id, "新卡片", stage=stages[0])
    other.flush()
    read = repo.read_changed_file()
    assert read is not None and read.loaded.blob == first  # read against the old bytes
    repo.reload(read=read)
    assert card.id in [c.id for c in repo.cards.column(board.id, stages[0])]
    assert card.id not in [c.id for c in repo.cards.column(board.id, later)]
    assert repo.cards.get(added.id).title == "新卡片"
    assert [e.summary for e in repo.events_for(added.id)] == [
        e.summary for e in other.events_for(added.id)
    ]


def test_records_new_to_the_old_file_are_told_from_those_that_replace_one(store):
    storage = PstuiStorage(store)
    data = loads_store(store.read_text())
    edited_id, *_ = sorted(data["events"])
    data["events"][edited_id] = data["events"][edited_id] | {"summary": "改了"}
    data["events"]["ZZZZZZZZZZZZZZZZZZZZZZZZZ1"] = {"action": "edit", "by": "李雷"}
    replace_file(store, dumps_store_bytes(data))
    events = storage.read_disk(beside_ui=True).data["events"]
    assert type(events._overlay[edited_id]) is RawRecord
    assert type(events._overlay["ZZZZZZZZZZZZZZZZZZZZZZZZZ1"]) is AddedRecord


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("only_added", [True, False])
def test_the_ids_only_one_table_holds_are_told_from_the_changes_where_they_can(seed, only_added):
    """Two versions of a table over one file's records, with changes of every kind: the ids
    one holds and the other does not are those a plain look finds, and the file's records
    are not cut apart when every change is a record new to the file."""
    rng = random.Random(seed)
    blob = dumps_store_bytes({"t": {f"01F{n:02d}": {"n": n} for n in range(0, 40, 2)}})
    in_file = [f"01F{n:02d}" for n in range(0, 40, 2)]
    new_to_it = [f"01F{n:02d}" for n in range(1, 40, 2)]
    table = split_store(blob, "pstui.json")["t"]

    def changed() -> LazyTable:
        changes: dict[str, Any] = {}
        for _ in range(rng.randint(0, 8)):
            if only_added or rng.random() < 0.4:
                changes[rng.choice(new_to_it)] = AddedRecord(b'{"new": 1}', "pstui.json")
            else:
                changes[rng.choice(in_file + new_to_it)] = rng.choice(
                    [None, {"n": -1}, RawRecord(b'{"n": 0}', "pstui.json")]
                )
        return table.with_changes(changes)

    a, b = changed(), changed()
    found = ids_only_in(b, a)
    if only_added:
        assert not table._records.is_cut
    assert found == sorted(rid for rid in b if rid not in a)
