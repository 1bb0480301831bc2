"""The three-way merge of stores: one test per rule, plus the text and file entry points."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from pstui.model.ids import CROCKFORD, ID_LENGTH
from pstui.store import files, merge, storage
from pstui.store.engine import serialize
from pstui.store.engine.serialize import dumps_store, loads_store
from pstui.store.errors import BadStoreFile
from pstui.store.merge import merge_files, merge_stores, merge_texts

CARD = "01KA0000000000000000000001"
CARD2 = "01KA0000000000000000000002"
ITEM_A = "01KA0000000000000000000A0A"
ITEM_B = "01KA0000000000000000000B0B"
T0 = "2026-11-20T10:00:00.000000+00:00"
T1 = "2026-11-21T10:00:00.000000+00:00"
T2 = "2026-11-22T10:00:00.000000+00:00"


def item(item_id: str, text: str = "do it", done: bool = False, **extra: Any) -> dict[str, Any]:
    return {
        "id": item_id,
        "text": text,
        "must": True,
        "done": done,
        "owner": "",
        "due": None,
        "done_by": "",
        "done_at": None,
        "criterion": None,
        **extra,
    }


def card(title: str = "Onboard ACME", updated_at: str = T0, **fields: Any) -> dict[str, Any]:
    record = {
        "board": "B",
        "title": title,
        "description": "",
        "kind": "engagement",
        "stage": "execution",
        "rank": "m",
        "assignee": "",
        "client": "ACME",
        "tags": [],
        "due": None,
        "blocked": False,
        "blocked_reason": "",
        "archived": False,
        "stage_since": T0,
        "checklists": {"execution": [item(ITEM_A, "kickoff"), item(ITEM_B, "plan")]},
        "decisions": [],
        "created_at": T0,
        "updated_at": updated_at,
    }
    record.update(fields)
    return record


def store(cards: dict[str, Any] | None = None, **tables: Any) -> dict[str, Any]:
    data = {
        "meta": {
            "pstui": {"schema": 1, "created_by": "pstui 0.1.0", "created_at": T0, "updated_at": T0}
        },
        "boards": {},
        "cards": {CARD: card()} if cards is None else cards,
        "events": {},
    }
    data.update(tables)
    return data


def edit(data: dict[str, Any], card_id: str = CARD, at: str = T1, **fields: Any) -> dict:
    """A copy of `data` with one card's fields changed and its updated_at bumped."""
    out = copy.deepcopy(data)
    out["cards"][card_id].update(fields, updated_at=at)
    return out


def conflicts_for(result, field: str) -> list[dict[str, Any]]:
    return [c for c in result.conflicts if c["data"]["field"] == field]


# --- rule 4: one-sided and equal changes -----------------------------------------------------


def test_a_change_on_one_side_wins_over_base() -> None:
    base = store()
    ours = edit(base, title="Onboard ACME Corp")
    theirs = edit(base, at=T2, assignee="li")
    result = merge_stores(base, ours, theirs)
    merged = result.data["cards"][CARD]
    assert merged["title"] == "Onboard ACME Corp"
    assert merged["assignee"] == "li"
    assert result.conflicts == []


def test_equal_changes_on_both_sides_agree_without_conflict() -> None:
    base = store()
    ours = edit(base, title="Same")
    theirs = edit(base, at=T2, title="Same")
    result = merge_stores(base, ours, theirs)
    assert result.data["cards"][CARD]["title"] == "Same"
    assert result.conflicts == []
    assert result.data["events"] == {}


def test_a_side_that_changed_nothing_gives_the_other_side() -> None:
    base = store()
    theirs = edit(base, title="New", blocked=True)
    assert merge_stores(base, base, theirs).data == theirs
    assert merge_stores(base, theirs, base).data == theirs


# --- rule 5 and 13: conflicting changes ------------------------------------------------------


def test_conflicting_change_keeps_the_later_edit_and_records_the_other() -> None:
    base = store()
    ours = edit(base, at=T2, title="Ours, later")
    theirs = edit(base, at=T1, title="Theirs, earlier")
    result = merge_stores(base, ours, theirs)
    assert result.data["cards"][CARD]["title"] == "Ours, later"

    (event,) = result.conflicts
    assert event["action"] == "conflict"
    assert event["by"] == "pstui merge"
    assert event["table"] == "cards"
    assert event["record"] == CARD
    assert event["at"] == event["created_at"] == event["updated_at"] == T2
    assert event["data"]["field"] == "title"
    assert event["data"]["kept"] == "Ours, later"
    assert event["data"]["other"] == "Theirs, earlier"
    assert event["data"]["kept_at"] == T2
    assert event["data"]["other_at"] == T1
    assert "title" in event["summary"] and "Theirs, earlier" in event["summary"]

    # The event is in the store, without its id inside the record (ids are keys).
    stored = result.data["events"][event["id"]]
    assert stored == {k: v for k, v in event.items() if k != "id"}


def test_the_later_edit_wins_whichever_side_it_is_on() -> None:
    base = store()
    ours = edit(base, at=T1, title="Ours, earlier")
    theirs = edit(base, at=T2, title="Theirs, later")
    result = merge_stores(base, ours, theirs)
    assert result.data["cards"][CARD]["title"] == "Theirs, later"
    assert conflicts_for(result, "title")[0]["data"]["other"] == "Ours, earlier"


def test_a_tie_in_time_is_broken_by_value_the_same_way_in_both_directions() -> None:
    base = store()
    ours = edit(base, at=T1, title="Alpha")
    theirs = edit(base, at=T1, title="Beta")
    one = merge_stores(base, ours, theirs)
    two = merge_stores(base, theirs, ours)
    assert one.data == two.data
    assert one.data["cards"][CARD]["title"] == "Beta"  # '"Beta"' > '"Alpha"'
    assert one.conflicts == two.conflicts


def test_conflict_event_id_is_ulid_shaped_with_the_conflict_time_as_head() -> None:
    base = store()
    result = merge_stores(base, edit(base, at=T2, title="X"), edit(base, at=T1, title="Y"))
    event_id = result.conflicts[0]["id"]
    assert len(event_id) == ID_LENGTH and set(event_id) <= set(CROCKFORD)
    ms = int(datetime.fromisoformat(T2).timestamp() * 1000)
    head = 0
    for ch in event_id[:10]:
        head = head * 32 + CROCKFORD.index(ch)
    assert head == ms


def test_merging_the_same_conflict_again_adds_no_second_event() -> None:
    base = store()
    ours = edit(base, at=T2, title="X")
    theirs = edit(base, at=T1, title="Y")
    first = merge_stores(base, ours, theirs)
    # A merge re-run from the same base (a retried pull) meets the same conflict again.
    again = merge_stores(base, first.data, theirs)
    assert again.conflicts == first.conflicts
    assert again.data["events"] == first.data["events"]
    assert len(again.data["events"]) == 1


# --- rule 6 and 10: updated_at and rank ------------------------------------------------------


def test_updated_at_is_the_later_of_both_sides() -> None:
    base = store()
    ours = edit(base, at=T2, title="X")
    theirs = edit(base, at=T1, assignee="li")
    assert merge_stores(base, ours, theirs).data["cards"][CARD]["updated_at"] == T2
    assert merge_stores(base, theirs, ours).data["cards"][CARD]["updated_at"] == T2


def test_rank_follows_the_later_move() -> None:
    base = store()
    ours = edit(base, at=T1, rank="c")
    theirs = edit(base, at=T2, rank="x")
    result = merge_stores(base, ours, theirs)
    assert result.data["cards"][CARD]["rank"] == "x"
    assert conflicts_for(result, "rank")[0]["data"]["other"] == "c"


# --- rule 2: additions -----------------------------------------------------------------------


def test_records_added_on_either_side_are_kept() -> None:
    base = store()
    ours = copy.deepcopy(base)
    ours["cards"][CARD2] = card("Ours' new card")
    theirs = copy.deepcopy(base)
    theirs["risks"] = {"01KA00000000000000000000R1": {"title": "late", "created_at": T1}}
    result = merge_stores(base, ours, theirs)
    assert result.data["cards"][CARD2]["title"] == "Ours' new card"
    assert result.data["risks"] == theirs["risks"]
    assert result.conflicts == []


def test_same_id_added_on_both_sides_is_a_two_way_field_merge() -> None:
    base = store(cards={})
    ours = store(cards={CARD: card("Ours", updated_at=T1, tags=["a"])})
    theirs = store(cards={CARD: card("Theirs", updated_at=T2, tags=["b"], assignee="li")})
    result = merge_stores(base, ours, theirs)
    merged = result.data["cards"][CARD]
    assert merged["title"] == "Theirs"
    assert merged["assignee"] == "li"  # differs from ours' "": no base, so a conflict
    assert sorted(merged["tags"]) == ["a", "b"]
    assert {c["data"]["field"] for c in result.conflicts} == {"title", "assignee"}


# --- rule 3: deletions -----------------------------------------------------------------------


@pytest.mark.parametrize("deleting_side", ["ours", "theirs"])
def test_a_record_deleted_on_one_side_and_unchanged_on_the_other_is_deleted(deleting_side) -> None:
    base = store()
    deleted = copy.deepcopy(base)
    del deleted["cards"][CARD]
    sides = (deleted, base) if deleting_side == "ours" else (base, deleted)
    result = merge_stores(base, *sides)
    assert CARD not in result.data["cards"]
    assert result.conflicts == []


@pytest.mark.parametrize("deleting_side", ["ours", "theirs"])
def test_a_record_deleted_on_one_side_and_edited_on_the_other_is_kept(deleting_side) -> None:
    base = store()
    deleted = copy.deepcopy(base)
    del deleted["cards"][CARD]
    edited = edit(base, at=T2, title="Still needed")
    sides = (deleted, edited) if deleting_side == "ours" else (edited, deleted)
    result = merge_stores(base, *sides)
    assert result.data["cards"][CARD] == edited["cards"][CARD]
    (event,) = result.conflicts
    assert event["record"] == CARD and event["table"] == "cards"
    assert event["data"]["kept"] == "edited" and event["data"]["other"] == "deleted"
    assert "deleted" in event["summary"]
    assert event["at"] == T2


def test_a_record_deleted_on_both_sides_stays_deleted() -> None:
    base = store()
    gone = copy.deepcopy(base)
    del gone["cards"][CARD]
    other = copy.deepcopy(gone)
    other["cards"][CARD2] = card("new")
    result = merge_stores(base, gone, other)
    assert list(result.data["cards"]) == [CARD2]


# --- rule 7: checklists ----------------------------------------------------------------------


def set_item(data: dict, item_id: str, at: str, stage: str = "execution", **fields: Any) -> dict:
    out = copy.deepcopy(data)
    record = out["cards"][CARD]
    for entry in record["checklists"][stage]:
        if entry["id"] == item_id:
            entry.update(fields)
    record["updated_at"] = at
    return out


def items(result, stage: str = "execution") -> dict[str, dict]:
    return {i["id"]: i for i in result.data["cards"][CARD]["checklists"][stage]}


def test_different_items_ticked_on_both_sides_are_both_ticked() -> None:
    base = store()
    ours = set_item(base, ITEM_A, T1, done=True, done_by="ann")
    theirs = set_item(base, ITEM_B, T2, done=True, done_by="li")
    result = merge_stores(base, ours, theirs)
    merged = items(result)
    assert merged[ITEM_A]["done"] and merged[ITEM_A]["done_by"] == "ann"
    assert merged[ITEM_B]["done"] and merged[ITEM_B]["done_by"] == "li"
    assert [i["id"] for i in result.data["cards"][CARD]["checklists"]["execution"]] == [
        ITEM_A,
        ITEM_B,
    ]
    assert result.conflicts == []


def test_the_same_item_changed_differently_is_a_conflict_with_a_dotted_field() -> None:
    base = store()
    ours = set_item(base, ITEM_A, T1, owner="ann")
    theirs = set_item(base, ITEM_A, T2, owner="li")
    result = merge_stores(base, ours, theirs)
    assert items(result)[ITEM_A]["owner"] == "li"
    (event,) = result.conflicts
    assert event["data"]["field"] == f"checklists.execution.{ITEM_A}.owner"
    assert event["data"]["kept"] == "li" and event["data"]["other"] == "ann"


def test_items_added_on_both_sides_keep_the_later_sides_order_then_the_others() -> None:
    base = store()
    ours = copy.deepcopy(base)
    ours["cards"][CARD]["checklists"]["execution"].insert(0, item("01KA000000000000000000000O"))
    ours["cards"][CARD]["updated_at"] = T2
    theirs = copy.deepcopy(base)
    theirs["cards"][CARD]["checklists"]["execution"].append(item("01KA000000000000000000000T"))
    theirs["cards"][CARD]["updated_at"] = T1
    result = merge_stores(base, ours, theirs)
    order = [i["id"] for i in result.data["cards"][CARD]["checklists"]["execution"]]
    assert order == ["01KA000000000000000000000O", ITEM_A, ITEM_B, "01KA000000000000000000000T"]
    assert merge_stores(base, theirs, ours).data == result.data


def test_an_item_deleted_on_one_side_and_unchanged_on_the_other_is_removed() -> None:
    base = store()
    ours = copy.deepcopy(base)
    ours["cards"][CARD]["checklists"]["execution"].pop(0)  # drops ITEM_A
    ours["cards"][CARD]["updated_at"] = T1
    theirs = set_item(base, ITEM_B, T2, done=True)
    result = merge_stores(base, ours, theirs)
    assert list(items(result)) == [ITEM_B]
    assert items(result)[ITEM_B]["done"]
    assert result.conflicts == []


def test_an_item_deleted_on_one_side_and_edited_on_the_other_is_kept() -> None:
    base = store()
    ours = copy.deepcopy(base)
    ours["cards"][CARD]["checklists"]["execution"].pop(0)
    ours["cards"][CARD]["updated_at"] = T2
    theirs = set_item(base, ITEM_A, T1, done=True)
    result = merge_stores(base, ours, theirs)
    assert items(result)[ITEM_A]["done"]
    (event,) = result.conflicts
    assert event["data"]["field"] == f"checklists.execution.{ITEM_A}"
    assert event["data"]["other"] == "deleted"


def test_checklists_of_different_stages_merge_independently() -> None:
    base = store()
    ours = edit(base, at=T1, checklists={**base["cards"][CARD]["checklists"], "closing": []})
    theirs = set_item(base, ITEM_A, T2, done=True)
    merged = merge_stores(base, ours, theirs).data["cards"][CARD]["checklists"]
    assert merged["closing"] == []
    assert merged["execution"][0]["done"]


# --- rule 8 and 9: decisions and tags --------------------------------------------------------


def decision(decision_id: str, at: str, outcome: str = "go") -> dict[str, Any]:
    return {"id": decision_id, "stage": "initiation", "outcome": outcome, "by": "ann", "at": at}


def test_decisions_are_a_union_by_id_in_time_order() -> None:
    shared = decision("01KA0000000000000000000D00", T0)
    base = store(cards={CARD: card(decisions=[shared])})
    ours = edit(base, at=T1, decisions=[shared, decision("01KA0000000000000000000D0B", T2)])
    theirs = edit(base, at=T2, decisions=[shared, decision("01KA0000000000000000000D0A", T1)])
    result = merge_stores(base, ours, theirs)
    ids = [d["id"] for d in result.data["cards"][CARD]["decisions"]]
    assert ids == [
        "01KA0000000000000000000D00",
        "01KA0000000000000000000D0A",
        "01KA0000000000000000000D0B",
    ]
    assert result.conflicts == []


def test_tags_changed_on_both_sides_merge_as_a_set_without_conflict() -> None:
    base = store(cards={CARD: card(tags=["keep", "drop-ours", "drop-theirs"])})
    ours = edit(base, at=T2, tags=["keep", "drop-theirs", "new-ours"])
    theirs = edit(base, at=T1, tags=["new-theirs", "keep", "drop-ours"])
    result = merge_stores(base, ours, theirs)
    # Ours is the later edit, so its order leads; theirs' new tags follow.
    assert result.data["cards"][CARD]["tags"] == ["keep", "new-ours", "new-theirs"]
    assert result.conflicts == []
    assert merge_stores(base, theirs, ours).data == result.data


# --- rule 11: events -------------------------------------------------------------------------


def event(action: str, at: str) -> dict[str, Any]:
    return {
        "at": at,
        "by": "ann",
        "action": action,
        "table": "cards",
        "record": CARD,
        "summary": action,
        "data": {},
        "created_at": at,
        "updated_at": at,
    }


def test_events_are_a_union_by_id() -> None:
    base = store(events={"01KA0000000000000000000E00": event("create", T0)})
    ours = copy.deepcopy(base)
    ours["events"]["01KA0000000000000000000E0A"] = event("edit", T1)
    theirs = copy.deepcopy(base)
    theirs["events"]["01KA0000000000000000000E0B"] = event("move", T2)
    result = merge_stores(base, ours, theirs)
    assert sorted(result.data["events"]) == [
        "01KA0000000000000000000E00",
        "01KA0000000000000000000E0A",
        "01KA0000000000000000000E0B",
    ]


# --- rule 1 and 12: unknown tables, unknown fields, meta -------------------------------------


def test_unknown_tables_and_fields_merge_by_the_same_rules() -> None:
    base = store(widgets={"W1": {"colour": "red", "size": 1, "created_at": T0, "updated_at": T0}})
    base["cards"][CARD]["x_future"] = {"a": 1}
    ours = copy.deepcopy(base)
    ours["widgets"]["W1"].update(colour="blue", updated_at=T2)
    ours["cards"][CARD].update(x_future={"a": 2}, updated_at=T1)
    theirs = copy.deepcopy(base)
    theirs["widgets"]["W1"].update(colour="green", size=2, updated_at=T1)
    theirs["gadgets"] = {"G1": {"created_at": T1, "updated_at": T1}}
    result = merge_stores(base, ours, theirs)
    assert result.data["widgets"]["W1"] == {
        "colour": "blue",
        "size": 2,
        "created_at": T0,
        "updated_at": T2,
    }
    assert result.data["gadgets"] == theirs["gadgets"]
    assert result.data["cards"][CARD]["x_future"] == {"a": 2}
    (event,) = result.conflicts
    assert (event["table"], event["data"]["field"], event["data"]["other"]) == (
        "widgets",
        "colour",
        "green",
    )


def test_meta_schema_is_the_max_of_both_sides() -> None:
    base = store()
    ours = copy.deepcopy(base)
    ours["meta"]["pstui"].update(schema=3, updated_at=T1)
    theirs = copy.deepcopy(base)
    theirs["meta"]["pstui"].update(schema=2, updated_at=T2)
    result = merge_stores(base, ours, theirs)
    assert result.data["meta"]["pstui"]["schema"] == 3
    assert result.data["meta"]["pstui"]["updated_at"] == T2
    assert result.conflicts == []


# --- whole-merge properties ------------------------------------------------------------------


def busy_sides() -> tuple[dict, dict, dict]:
    """A base and two sides that disagree about nearly everything."""
    base = store(cards={CARD: card(tags=["a"]), CARD2: card("second")})
    ours = set_item(base, ITEM_A, T1, done=True)
    ours["cards"][CARD].update(title="Ours", tags=["a", "o"], rank="b")
    del ours["cards"][CARD2]
    ours["events"]["01KA0000000000000000000E0A"] = event("edit", T1)
    theirs = set_item(base, ITEM_A, T1, owner="li", done=False, done_by="x")
    theirs["cards"][CARD].update(title="Theirs", tags=["t"], rank="y")
    theirs["cards"][CARD2].update(stage="closing", updated_at=T2)
    theirs["unknown"] = {"U": {"v": 1}}
    return base, ours, theirs


def test_the_merge_is_symmetric() -> None:
    base, ours, theirs = busy_sides()
    one = merge_stores(base, ours, theirs)
    two = merge_stores(base, theirs, ours)
    assert one.data == two.data
    assert dumps_store(one.data) == dumps_store(two.data)
    assert one.conflicts == two.conflicts
    assert one.conflicts  # the scenario does conflict


def test_inputs_are_not_modified() -> None:
    base, ours, theirs = busy_sides()
    before = copy.deepcopy((base, ours, theirs))
    merge_stores(base, ours, theirs)
    assert (base, ours, theirs) == before


def test_merge_texts_writes_exactly_what_the_store_writes() -> None:
    base, ours, theirs = busy_sides()
    ours["cards"][CARD]["description"] = "中文描述 stays readable"
    text, result = merge_texts(dumps_store(base), dumps_store(ours), dumps_store(theirs))
    assert text == dumps_store(result.data)
    plain = {table: dict(records) for table, records in result.data.items()}
    assert text == json.dumps(plain, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    assert "中文描述" in text
    assert loads_store(text) == result.data


def test_records_taken_whole_from_one_side_are_written_as_the_bytes_read(monkeypatch) -> None:
    base = store(cards={CARD: card("Before")}, events={"01E": {"action": "create"}})
    theirs = edit(base, title="Changed on their side 中文")
    theirs["events"]["01F"] = {"action": "edit"}
    texts = [dumps_store(side) for side in (base, base, theirs)]
    serialized: list[Any] = []
    monkeypatch.setattr(serialize, "dumps_record", lambda record: serialized.append(record))
    text, result = merge_texts(*texts)
    assert serialized == []  # the changed card and the new event were copied, not re-encoded
    assert text == texts[2]
    assert result.data["cards"][CARD]["title"] == "Changed on their side 中文"  # still readable


def test_an_empty_base_text_is_a_two_way_merge() -> None:
    # git passes an empty %O when both branches added the file.
    ours = store(cards={CARD: card("Ours", updated_at=T1)})
    theirs = store(cards={CARD2: card("Theirs", updated_at=T2)})
    text, result = merge_texts("", dumps_store(ours), dumps_store(theirs))
    assert sorted(result.data["cards"]) == [CARD, CARD2]


BAD_TEXTS = {
    "conflict markers": '{\n<<<<<<< HEAD\n "cards": {}\n=======\n "cards": {}\n>>>>>>> x\n}\n',
    "broken json": '{"cards": {',
    "duplicate keys": '{"cards": {"A": {}, "A": {}}}',
    "not tables": '{"cards": []}',
}


@pytest.mark.parametrize("bad", BAD_TEXTS.values(), ids=BAD_TEXTS.keys())
@pytest.mark.parametrize("position", [0, 1, 2])
def test_a_side_that_does_not_parse_raises_bad_store_file(bad: str, position: int) -> None:
    texts = [dumps_store(store())] * 3
    texts[position] = bad
    with pytest.raises(BadStoreFile):
        merge_texts(*texts)


# --- merge_files -----------------------------------------------------------------------------


def write_sides(tmp_path: Path, *datas: dict) -> list[Path]:
    paths = []
    for name, data in zip(("base", "ours", "theirs"), datas, strict=True):
        path = tmp_path / f"{name}.json"
        path.write_text(dumps_store(data), encoding="utf-8")
        paths.append(path)
    return paths


def test_merge_files_writes_the_result_into_ours(tmp_path: Path, monkeypatch) -> None:
    base, ours, theirs = busy_sides()
    base_path, ours_path, theirs_path = write_sides(tmp_path, base, ours, theirs)
    theirs_before = theirs_path.read_bytes()
    synced: list[int] = []
    monkeypatch.setattr(storage.os, "fsync", synced.append)
    result = merge_files(base_path, ours_path, theirs_path)
    assert ours_path.read_text(encoding="utf-8") == dumps_store(result.data)
    assert synced == []  # git's temporary file, read back at once: no wait for the disk
    assert theirs_path.read_bytes() == theirs_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.json", "ours.json", "theirs.json"]
    files.atomic_write_bytes(tmp_path / "store.json", b"{}\n")
    assert synced  # the store's own writes do wait


@pytest.mark.parametrize("large_from", [0, 1 << 30])
def test_merge_files_reads_base_and_theirs_against_ours_only_when_it_is_large(
    tmp_path: Path, monkeypatch, large_from: int
) -> None:
    """Small files are held whole, three of them (faster); large ones are read against ours
    (one copy held); the merge is the same."""
    sides = busy_sides()
    paths = write_sides(tmp_path, *sides)
    asked: list[Path] = []
    read_changes = merge.read_changes
    monkeypatch.setattr(merge, "READ_AGAINST_OURS_FROM_BYTES", large_from)
    monkeypatch.setattr(
        merge, "read_changes", lambda path, *rest: asked.append(path) or read_changes(path, *rest)
    )
    result = merge_files(*paths)
    assert asked == ([] if large_from else [paths[0], paths[2]])
    assert paths[1].read_text(encoding="utf-8") == dumps_store(merge_stores(*sides).data)
    assert result.conflicts == merge_stores(*sides).conflicts


def test_merge_files_leaves_ours_untouched_when_a_side_is_bad(tmp_path: Path) -> None:
    base_path, ours_path, theirs_path = write_sides(tmp_path, store(), store(), store())
    theirs_path.write_text("<<<<<<< HEAD\n", encoding="utf-8")
    ours_before = ours_path.read_bytes()
    with pytest.raises(BadStoreFile) as err:
        merge_files(base_path, ours_path, theirs_path)
    assert err.value.path == theirs_path
    assert ours_path.read_bytes() == ours_before


def test_merge_files_reports_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    base_path, ours_path, theirs_path = write_sides(tmp_path, store(), store(), store())
    base_path.write_bytes(b'{"cards": {"\xff": {}}}')
    with pytest.raises(BadStoreFile):
        merge_files(base_path, ours_path, theirs_path)
