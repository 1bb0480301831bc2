"""The typed repository: every change is one write with one event, persisted, undoable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pendulum
import pytest

from pstui.model.card import Outcome
from pstui.model.gate import AUTO_GO_NOTE, GateBlocked, GateError
from pstui.model.ids import CROCKFORD
from pstui.store.engine.serialize import dumps_record
from pstui.store.errors import BadStoreFile
from pstui.store.repository import Repository
from pstui.store.storage import PstuiStorage
from pstui.store.templates import load_template

UTC_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?\+00:00$")
SERVICE_STAGES = ["initiation", "execution", "acceptance", "enablement", "review", "maintenance"]


def make(tmp_path: Path, template: str = "simple", name: str = "Board") -> Repository:
    return Repository.create(
        tmp_path / "pstui.json", name, load_template(template).workflow, who="tester"
    )


@pytest.fixture
def simple(tmp_path) -> Repository:
    return make(tmp_path, "simple")


@pytest.fixture
def service(tmp_path) -> Repository:
    return make(tmp_path, "service", "Client services")


def on_disk(repo: Repository) -> dict:
    return json.loads(repo.path.read_text(encoding="utf-8"))


def events(repo: Repository) -> list[dict]:
    table = on_disk(repo)["events"]
    return [table[k] for k in sorted(table)]


def reopen(repo: Repository) -> Repository:
    return Repository(repo.path, who="someone-else")


def board_id(repo: Repository) -> str:
    return repo.boards.all()[0].id


def tick_all_musts(repo: Repository, card_id: str) -> None:
    for item in repo.cards.get(card_id).checklist:
        if item.must and not item.done:
            repo.cards.toggle_item(card_id, item.id)


# ----- creating ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "template,stages",
    [("simple", ["todo", "doing", "done"]), ("service", SERVICE_STAGES)],
)
def test_create_from_a_template(tmp_path, template, stages):
    repo = make(tmp_path, template, "My board")
    data = on_disk(repo)
    assert set(data) == {
        "meta", "boards", "cards", "risks", "surveys", "responses", "retros", "lessons", "events"
    }  # fmt: skip
    assert data["meta"]["pstui"]["schema"] == 1
    assert data["meta"]["pstui"]["created_by"].startswith("pstui ")
    ((bid, board),) = data["boards"].items()
    assert board["name"] == "My board"
    assert [s["id"] for s in board["stages"]] == stages
    assert [s.id for s in repo.boards.all()[0].workflow.stages] == stages
    (event,) = data["events"].values()
    assert (event["by"], event["action"], event["table"], event["record"]) == (
        "tester",
        "create",
        "boards",
        bid,
    )
    assert data["cards"] == {}


def test_create_refuses_an_existing_file(simple):
    before = simple.path.read_bytes()
    with pytest.raises(FileExistsError):
        Repository.create(simple.path, "Again", load_template("simple").workflow, who="x")
    assert simple.path.read_bytes() == before


def test_file_is_the_deterministic_serialization(service):
    service.cards.add(board_id(service), "项目 A")
    text = service.path.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    assert "项目 A" in text


# ----- cards ------------------------------------------------------------------------------------


def test_add_card_goes_to_the_first_stage_with_the_gate_checklist(service):
    card = service.cards.add(
        board_id(service), "  ERP   rollout  ", assignee=" ana ", client="ACME"
    )
    assert card.title == "ERP rollout"
    assert card.stage == "initiation"
    assert card.assignee == "ana"
    gate = service.boards.get(card.board).workflow.stage("initiation").gate
    assert [(i.criterion, i.text, i.must, i.done) for i in card.checklist] == [
        (c.id, c.text, c.must, False) for c in gate
    ]
    assert service.cards.column(card.board, "initiation") == [card]
    raw = on_disk(service)["cards"][card.id]
    assert raw["stage"] == "initiation"
    assert [i["criterion"] for i in raw["checklists"]["initiation"]] == [c.id for c in gate]


def test_add_card_appends_one_event_naming_who_and_what(service):
    before = events(service)
    card = service.cards.add(board_id(service), "ERP rollout")
    after = events(service)
    assert len(after) == len(before) + 1
    event = after[-1]
    assert event["by"] == "tester"
    assert event["action"] == "create"
    assert event["table"] == "cards"
    assert event["record"] == card.id
    assert "ERP rollout" in event["summary"]
    assert "Initiation" in event["summary"]
    assert UTC_STAMP.match(event["at"])


def test_add_card_to_a_given_stage_goes_to_the_end_of_the_column(simple):
    bid = board_id(simple)
    first = simple.cards.add(bid, "one", stage="doing")
    second = simple.cards.add(bid, "two", stage="doing")
    assert first.stage == "doing"
    assert first.rank < second.rank
    assert [c.title for c in simple.cards.column(bid, "doing")] == ["one", "two"]
    assert [i.criterion for i in first.checklist] == ["finished"]


def test_add_card_rejects_an_empty_title_and_an_unknown_kind(simple):
    before = simple.path.read_bytes()
    with pytest.raises(ValueError):
        simple.cards.add(board_id(simple), "   ")
    with pytest.raises(GateError, match="kind"):
        simple.cards.add(board_id(simple), "x", kind="nonsense")
    assert simple.path.read_bytes() == before


def test_every_write_leaves_exactly_one_new_event(simple):
    bid = board_id(simple)
    count = len(events(simple))
    card = simple.cards.add(bid, "one")
    other = simple.cards.add(bid, "two")
    item_id = card.checklist[0].id
    actions = [
        lambda: simple.cards.edit(card.id, title="uno"),
        lambda: simple.cards.toggle_item(card.id, item_id),
        lambda: simple.cards.add_item(card.id, "extra"),
        lambda: simple.cards.reorder(card.id, +1),
        lambda: simple.cards.set_blocked(card.id, True, "waiting"),
        lambda: simple.cards.set_blocked(card.id, False),
        lambda: simple.cards.move(card.id, "doing"),
        lambda: simple.cards.move(card.id, "todo"),
        lambda: simple.cards.decide(card.id, Outcome.HOLD, note="later"),
        lambda: simple.cards.set_archived(other.id, True),
        lambda: simple.undo(),
    ]
    count += 2
    assert len(events(simple)) == count
    for action in actions:
        action()
        count += 1
        assert len(events(simple)) == count
    assert [e["action"] for e in events(simple)[-len(actions) :]] == [
        "edit",
        "checklist",
        "checklist",
        "rank",
        "block",
        "unblock",
        "decision",
        "move",
        "decision",
        "archive",
        "undo",
    ]


def test_edit_card_changes_and_persists_fields(simple):
    card = simple.cards.add(board_id(simple), "one")
    edited = simple.cards.edit(
        card.id,
        title=" Two  words ",
        description="Line 1\nLine 2",
        assignee="bo",
        client="ACME",
        due="2026-12-01",
        tags=["#x", "y", "x", " "],
        kind="change",
    )
    assert (edited.title, edited.assignee, edited.client, edited.due, edited.kind) == (
        "Two words",
        "bo",
        "ACME",
        "2026-12-01",
        "change",
    )
    assert edited.tags == ["x", "y"]
    assert edited.updated_at > card.updated_at
    again = reopen(simple).cards.get(card.id)
    assert again.title == "Two words" and again.description == "Line 1\nLine 2"
    assert again.tags == ["x", "y"] and again.due == "2026-12-01"
    assert "title" in events(simple)[-1]["summary"]


def test_edit_card_refuses_fields_it_does_not_edit(simple):
    card = simple.cards.add(board_id(simple), "one")
    for bad in ({"stage": "done"}, {"archived": True}, {"rank": "a"}):
        with pytest.raises(ValueError):
            simple.cards.edit(card.id, **bad)
    with pytest.raises(ValueError):
        simple.cards.edit(card.id, title="  ")
    assert reopen(simple).cards.get(card.id).stage == "todo"


# ----- gates through the repository ---------------------------------------------------------------


def test_forward_move_through_a_passed_gate_is_recorded_and_persisted(service):
    card = service.cards.add(board_id(service), "ERP")
    tick_all_musts(service, card.id)
    result = service.cards.move(card.id, "execution")
    assert result.decision.outcome is Outcome.GO
    assert result.decision.note == AUTO_GO_NOTE
    assert result.decision.by == "tester"
    again = reopen(service).cards.get(card.id)
    assert again.stage == "execution"
    assert [(d.outcome, d.stage, d.to, d.note) for d in again.decisions] == [
        (Outcome.GO, "initiation", "execution", AUTO_GO_NOTE)
    ]
    assert [i.criterion for i in again.checklist] == [
        "progress-reported",
        "changes-logged",
        "quality-checked",
        "quality-issues-analysed",
        "quality-standard-met",
    ]
    assert all(i.done for i in again.checklists["initiation"] if i.must)
    event = events(service)[-1]
    assert event["action"] == "decision" and event["data"]["outcome"] == "go"
    assert service.cards.column(card.board, "initiation") == []
    assert [c.id for c in service.cards.column(card.board, "execution")] == [card.id]


def test_forward_move_with_open_musts_is_blocked_and_nothing_is_written(service):
    card = service.cards.add(board_id(service), "ERP")
    service.cards.toggle_item(card.id, card.checklist[0].id)
    before = service.path.read_bytes()
    with pytest.raises(GateBlocked) as err:
        service.cards.move(card.id, "execution")
    assert [i.criterion for i in err.value.missing] == [
        "scope-defined",
        "plan-agreed",
        "team-formed",
    ]
    assert service.path.read_bytes() == before
    assert service.cards.get(card.id).stage == "initiation"


def test_decisions_are_persisted(service):
    bid = board_id(service)
    card = service.cards.add(bid, "ERP")
    service.cards.decide(card.id, Outcome.HOLD, note="client on holiday")
    service.cards.decide(card.id, Outcome.GO, note="sponsor waived the plan")
    tick_all_musts(service, card.id)
    service.cards.move(card.id, "acceptance")
    service.cards.decide(card.id, Outcome.RECYCLE, recycle_to="execution")
    again = reopen(service).cards.get(card.id)
    assert again.stage == "execution"
    assert [(d.outcome, d.stage, d.to) for d in again.decisions] == [
        (Outcome.HOLD, "initiation", None),
        (Outcome.GO, "initiation", "execution"),
        (Outcome.GO, "execution", "acceptance"),
        (Outcome.RECYCLE, "acceptance", "execution"),
    ]
    # Back in execution it keeps the ticks it had there.
    assert all(i.done for i in again.checklist if i.must)
    # All musts done: a Go needs no reason.
    assert service.cards.decide(card.id, Outcome.GO).card.stage == "acceptance"


def test_kill_archives_and_hides_the_card(service):
    bid = board_id(service)
    card = service.cards.add(bid, "ERP")
    with pytest.raises(GateError):
        service.cards.decide(card.id, Outcome.KILL)
    service.cards.decide(card.id, Outcome.KILL, note="client cancelled")
    assert service.cards.column(bid, "initiation") == []
    again = reopen(service)
    assert again.cards.get(card.id).archived is True
    assert [c.id for c in again.cards.column(bid, "initiation", archived=True)] == [card.id]
    with pytest.raises(GateError, match="archived"):
        again.cards.move(card.id, "execution")


def test_moving_back_needs_no_gate_and_records_no_decision(simple):
    card = simple.cards.add(board_id(simple), "one", stage="done")
    result = simple.cards.move(card.id, "todo")
    assert result.decision is None
    again = reopen(simple).cards.get(card.id)
    assert again.stage == "todo" and again.decisions == []
    assert events(simple)[-1]["action"] == "move"


def test_moved_card_goes_to_the_end_of_the_target_column(simple):
    bid = board_id(simple)
    a = simple.cards.add(bid, "a", stage="doing")
    b = simple.cards.add(bid, "b")
    simple.cards.move(b.id, "doing")
    assert [c.title for c in simple.cards.column(bid, "doing")] == ["a", "b"]
    assert simple.cards.get(b.id).rank > a.rank


# ----- order, blocked, archive --------------------------------------------------------------------


def test_reorder_rewrites_only_that_card(simple):
    bid = board_id(simple)
    cards = [simple.cards.add(bid, t) for t in ("a", "b", "c", "d")]
    before = on_disk(simple)["cards"]
    assert simple.cards.reorder(cards[2].id, -1) is True
    after = on_disk(simple)["cards"]
    assert [c.title for c in simple.cards.column(bid, "todo")] == ["a", "c", "b", "d"]
    changed = [cid for cid in before if before[cid] != after[cid]]
    assert changed == [cards[2].id]
    assert after[cards[2].id]["rank"] != before[cards[2].id]["rank"]
    assert [c.title for c in reopen(simple).cards.column(bid, "todo")] == ["a", "c", "b", "d"]


def test_reorder_down_and_at_the_ends(simple):
    bid = board_id(simple)
    a, b, c = (simple.cards.add(bid, t) for t in "abc")
    assert simple.cards.reorder(a.id, +1) is True
    assert [x.title for x in simple.cards.column(bid, "todo")] == ["b", "a", "c"]
    assert simple.cards.reorder(a.id, +1) is True
    assert [x.title for x in simple.cards.column(bid, "todo")] == ["b", "c", "a"]
    count = len(events(simple))
    assert simple.cards.reorder(a.id, +1) is False
    assert simple.cards.reorder(b.id, -1) is False
    assert simple.cards.reorder(b.id, 0) is False
    assert len(events(simple)) == count


def test_many_reorders_keep_a_consistent_column(simple):
    bid = board_id(simple)
    cards = [simple.cards.add(bid, str(n)) for n in range(4)]
    for _ in range(30):
        simple.cards.reorder(cards[0].id, +1)
        simple.cards.reorder(cards[0].id, -1)
    assert [c.title for c in simple.cards.column(bid, "todo")] == ["0", "1", "2", "3"]
    assert [c.title for c in reopen(simple).cards.column(bid, "todo")] == ["0", "1", "2", "3"]


def test_set_blocked_requires_a_reason(simple):
    card = simple.cards.add(board_id(simple), "one")
    for reason in ("", "   "):
        with pytest.raises(GateError):
            simple.cards.set_blocked(card.id, True, reason)
    simple.cards.set_blocked(card.id, True, " VPN down ")
    again = reopen(simple).cards.get(card.id)
    assert again.blocked is True and again.blocked_reason == "VPN down"
    simple.cards.set_blocked(card.id, False)
    again = reopen(simple).cards.get(card.id)
    assert again.blocked is False and again.blocked_reason == ""


def test_archive_hides_from_column_and_restore_brings_back(simple):
    bid = board_id(simple)
    a = simple.cards.add(bid, "a")
    b = simple.cards.add(bid, "b")
    simple.cards.set_archived(a.id, True)
    assert [c.id for c in simple.cards.column(bid, "todo")] == [b.id]
    assert [c.id for c in simple.cards.column(bid, "todo", archived=True)] == [a.id]
    assert [c.id for c in simple.cards.on_board(bid)] == [b.id]
    assert [c.id for c in reopen(simple).cards.column(bid, "todo")] == [b.id]
    simple.cards.set_archived(a.id, False)
    assert [c.id for c in simple.cards.column(bid, "todo")] == [a.id, b.id]


# ----- checklist ----------------------------------------------------------------------------------


def test_checklist_add_edit_toggle_remove(simple):
    card = simple.cards.add(board_id(simple), "one")
    item = simple.cards.add_item(
        card.id, "  Call   client ", must=True, owner=" ana ", due="2026-12-01"
    )
    assert (item.text, item.must, item.owner, item.due, item.done) == (
        "Call client",
        True,
        "ana",
        "2026-12-01",
        False,
    )
    assert item.criterion is None
    assert [i.id for i in simple.cards.get(card.id).checklist][-1] == item.id

    edited = simple.cards.edit_item(
        card.id, item.id, text="Call the client", must=False, owner="bo"
    )
    assert (edited.text, edited.must, edited.owner) == ("Call the client", False, "bo")
    with pytest.raises(ValueError):
        simple.cards.edit_item(card.id, item.id, done=True)

    ticked = simple.cards.toggle_item(card.id, item.id)
    assert ticked.done is True
    assert ticked.done_by == "tester"
    assert UTC_STAMP.match(ticked.done_at)
    raw = next(
        i for i in on_disk(simple)["cards"][card.id]["checklists"]["todo"] if i["id"] == item.id
    )
    assert raw["done"] is True and raw["done_by"] == "tester" and raw["done_at"] == ticked.done_at

    unticked = simple.cards.toggle_item(card.id, item.id)
    assert (unticked.done, unticked.done_by, unticked.done_at) == (False, "", None)

    simple.cards.remove_item(card.id, item.id)
    assert item.id not in [i.id for i in simple.cards.get(card.id).checklist]
    assert item.id not in [i.id for i in reopen(simple).cards.get(card.id).checklist]
    with pytest.raises(KeyError):
        simple.cards.toggle_item(card.id, item.id)


def test_toggle_event_says_which_item(simple):
    card = simple.cards.add(board_id(simple), "one")
    item = card.checklist[0]
    simple.cards.toggle_item(card.id, item.id)
    event = events(simple)[-1]
    assert event["data"] == {"item": item.id, "done": True}
    assert item.text in event["summary"]


def test_gate_checklist_items_can_be_removed_and_then_no_longer_block(simple):
    card = simple.cards.add(board_id(simple), "one", stage="doing")
    (must,) = card.checklist
    with pytest.raises(GateBlocked):
        simple.cards.move(card.id, "done")
    simple.cards.remove_item(card.id, must.id)
    assert simple.cards.move(card.id, "done").card.stage == "done"


# ----- undo ---------------------------------------------------------------------------------------


def test_undo_walks_back_several_steps(simple):
    bid = board_id(simple)
    assert simple.can_undo() is False
    assert simple.undo() is None
    card = simple.cards.add(bid, "one")
    created = on_disk(simple)["cards"][card.id]
    simple.cards.edit(card.id, title="two")
    edited = on_disk(simple)["cards"][card.id]
    simple.cards.toggle_item(card.id, card.checklist[0].id)
    assert simple.cards.get(card.id).checklist[0].done

    assert "ticked" in simple.undo()
    restored = on_disk(simple)["cards"][card.id]
    assert {k: v for k, v in restored.items() if k != "updated_at"} == {
        k: v for k, v in edited.items() if k != "updated_at"
    }
    assert simple.cards.get(card.id).checklist[0].done is False

    assert "edited" in simple.undo()
    restored = on_disk(simple)["cards"][card.id]
    assert restored["title"] == "one"
    assert {k: v for k, v in restored.items() if k != "updated_at"} == {
        k: v for k, v in created.items() if k != "updated_at"
    }

    assert "added" in simple.undo()
    assert card.id not in on_disk(simple)["cards"]
    assert simple.cards.column(bid, "todo") == []
    assert not simple.cards.has(card.id)
    assert simple.can_undo() is False
    assert [e["action"] for e in events(simple)[-3:]] == ["undo", "undo", "undo"]


def test_undo_bumps_updated_at(simple):
    card = simple.cards.add(board_id(simple), "one")
    edited = simple.cards.edit(card.id, title="two")
    simple.undo()
    after = simple.cards.get(card.id)
    assert after.title == "one"
    assert after.updated_at > edited.updated_at > card.updated_at
    assert UTC_STAMP.match(after.updated_at)
    assert on_disk(simple)["cards"][card.id]["updated_at"] == after.updated_at


def test_undo_of_a_gate_move_puts_the_card_back(service):
    card = service.cards.add(board_id(service), "ERP")
    service.cards.decide(card.id, Outcome.GO, note="waived")
    service.undo()
    again = reopen(service).cards.get(card.id)
    assert again.stage == "initiation"
    assert again.decisions == []
    assert [c.id for c in service.cards.column(card.board, "initiation")] == [card.id]
    assert service.cards.column(card.board, "execution") == []


def test_undo_does_not_reach_across_a_reopen(simple):
    simple.cards.add(board_id(simple), "one")
    assert reopen(simple).undo() is None


# ----- the store contract -------------------------------------------------------------------------


def test_unknown_tables_and_fields_survive_writes(simple):
    bid = board_id(simple)
    card = simple.cards.add(bid, "one")
    other = simple.cards.add(bid, "two")
    data = on_disk(simple)
    data["widgets"] = {"01KW0000000000000000000000": {"colour": "红", "n": [1, 2.5, None]}}
    data["cards"][card.id]["estimate_days"] = {"low": 2, "high": 5}
    data["cards"][other.id]["x_future"] = "kept"
    data["boards"][bid]["swimlanes"] = ["a", "b"]
    data["meta"]["pstui"]["generator_note"] = "newer pstui"
    data["meta"]["extra_meta"] = {"k": 1}
    simple.path.write_text(
        json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    repo = Repository(simple.path, who="tester")
    repo.cards.edit(card.id, title="uno")
    repo.cards.toggle_item(card.id, repo.cards.get(card.id).checklist[0].id)
    repo.cards.move(card.id, "doing")
    repo.cards.add(bid, "three")
    repo.undo()
    text = repo.path.read_text(encoding="utf-8")
    after = json.loads(text)
    assert after["widgets"] == data["widgets"]
    assert dumps_record(data["widgets"]["01KW0000000000000000000000"]).replace("\n", "\n  ") in text
    assert after["cards"][card.id]["estimate_days"] == {"low": 2, "high": 5}
    assert after["cards"][card.id]["stage"] == "doing"
    assert after["cards"][other.id] == data["cards"][other.id]
    assert after["boards"][bid] == data["boards"][bid]
    assert after["meta"] == data["meta"]


def test_records_use_26_char_string_ids(service):
    bid = board_id(service)
    card = service.cards.add(bid, "one")
    item = service.cards.add_item(card.id, "x")
    service.cards.decide(card.id, Outcome.HOLD)
    data = on_disk(service)
    for table in ("boards", "cards", "events"):
        for rid in data[table]:
            assert isinstance(rid, str) and len(rid) == 26 and set(rid) <= set(CROCKFORD), rid
    assert not any(k.isdigit() for t in data.values() for k in t)
    assert len(item.id) == 26
    assert all(len(d["id"]) == 26 for d in data["cards"][card.id]["decisions"])
    assert data["cards"][card.id]["board"] == bid


def test_timestamps_are_utc_iso_strings(service):
    card = service.cards.add(service.boards.all()[0].id, "one")
    service.cards.decide(card.id, Outcome.HOLD)
    data = on_disk(service)
    stamps = [data["meta"]["pstui"]["created_at"]]
    for table in ("boards", "cards", "events"):
        for record in data[table].values():
            stamps += [record["created_at"], record["updated_at"]]
    stamps += [d["at"] for d in data["cards"][card.id]["decisions"]]
    stamps.append(data["cards"][card.id]["stage_since"])
    for stamp in stamps:
        assert isinstance(stamp, str) and UTC_STAMP.match(stamp), stamp
        assert pendulum.parse(stamp).utcoffset().total_seconds() == 0
    raw = data["cards"][card.id]
    assert raw["updated_at"] >= raw["created_at"]


def test_every_change_moves_updated_at_forward(simple):
    card = simple.cards.add(board_id(simple), "one")
    stamps = [card.updated_at]
    for n in range(5):
        stamps.append(simple.cards.edit(card.id, title=f"t{n}").updated_at)
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)


def test_two_writers_on_one_file_both_changes_land(simple):
    bid = board_id(simple)
    a = simple.cards.add(bid, "a")
    b = simple.cards.add(bid, "b")
    first = Repository(simple.path, who="ana")
    second = Repository(simple.path, who="bo")
    first.cards.edit(a.id, title="a by ana")
    second.cards.edit(b.id, title="b by bo")  # file changed under it: reload and re-apply
    data = on_disk(simple)
    assert data["cards"][a.id]["title"] == "a by ana"
    assert data["cards"][b.id]["title"] == "b by bo"
    by = [(e["by"], e["action"]) for e in events(simple)[-2:]]
    assert by == [("ana", "edit"), ("bo", "edit")]
    assert second.cards.get(a.id).title == "a by ana"
    assert second.generation == 1


def test_two_writers_on_one_card_keep_both_fields(simple):
    card = simple.cards.add(board_id(simple), "a")
    first = Repository(simple.path, who="ana")
    second = Repository(simple.path, who="bo")
    first.cards.edit(card.id, title="renamed")
    second.cards.edit(card.id, assignee="bo")
    raw = on_disk(simple)["cards"][card.id]
    assert (raw["title"], raw["assignee"]) == ("renamed", "bo")


def test_two_writers_adding_to_one_column_keep_both_cards_in_order(simple):
    bid = board_id(simple)
    first = Repository(simple.path, who="ana")
    second = Repository(simple.path, who="bo")
    first.cards.add(bid, "from ana")
    second.cards.add(bid, "from bo")
    again = reopen(simple)
    assert [c.title for c in again.cards.column(bid, "todo")] == ["from ana", "from bo"]


def test_reload_sees_another_writers_change(simple):
    other = Repository(simple.path, who="bo")
    assert not simple.reload()
    other.cards.add(board_id(other), "new")
    assert simple.changed_on_disk() is True
    assert simple.reload()
    assert [c.title for c in simple.cards.on_board(board_id(simple))] == ["new"]
    assert simple.generation == 1


def test_a_reload_takes_the_file_read_elsewhere_without_reading_it_again(simple, monkeypatch):
    other = Repository(simple.path, who="bo")
    assert simple.read_changed_file() is None
    other.cards.add(board_id(other), "new")
    read = simple.read_changed_file()  # the app does this on a worker thread
    monkeypatch.setattr(PstuiStorage, "read_disk", lambda self, **how: pytest.fail("read again"))
    assert simple.reload(read=read)
    assert [c.title for c in simple.cards.on_board(board_id(simple))] == ["new"]


def test_a_reload_reads_again_when_the_file_changed_after_it_was_read(simple):
    other = Repository(simple.path, who="bo")
    other.cards.add(board_id(other), "first")
    read = simple.read_changed_file()
    other.cards.add(board_id(other), "second")
    assert simple.reload(read=read)
    assert [c.title for c in simple.cards.on_board(board_id(simple))] == ["first", "second"]


def test_card_in_an_unknown_stage_is_reported_not_lost(simple):
    bid = board_id(simple)
    card = simple.cards.add(bid, "lost soul")
    other = simple.cards.add(bid, "fine")
    data = on_disk(simple)
    data["cards"][card.id]["stage"] = "limbo"
    simple.path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    repo = Repository(simple.path, who="tester")
    assert len(repo.problems) == 1
    assert "limbo" in repo.problems[0]
    assert card.id in repo.problems[0] or repo.cards.short_id(card.id) in repo.problems[0]
    assert [c.id for c in repo.cards.on_board(bid)] == [other.id]
    repo.cards.edit(other.id, title="still fine")
    assert on_disk(repo)["cards"][card.id]["stage"] == "limbo"
    assert repo.cards.get(card.id).title == "lost soul"


def test_cards_off_every_board_are_each_reported_in_file_order(simple):
    bid = board_id(simple)
    cards = [simple.cards.add(bid, f"card {n}") for n in range(4)]
    data = on_disk(simple)
    data["cards"][cards[0].id]["stage"] = "limbo"
    data["cards"][cards[1].id]["board"] = "NOBOARD"
    data["cards"][cards[3].id]["stage"] = "purgatory"
    simple.path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    problems = Repository(simple.path, who="tester").problems
    assert len(problems) == 3
    assert "limbo" in problems[0] and "NOBOARD" not in problems[0]
    assert cards[1].id in problems[1] and "board that does not exist" in problems[1]
    assert "purgatory" in problems[2]


def test_a_card_in_an_unknown_stage_moves_back_onto_the_board(simple):
    bid = board_id(simple)
    card = simple.cards.add(bid, "lost soul")
    data = on_disk(simple)
    data["cards"][card.id]["stage"] = "limbo"
    simple.path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    repo = Repository(simple.path, who="tester")
    short = repo.cards.short_id(card.id)
    assert f"`pstui card move {short} --to STAGE`" in repo.problems[0]
    first = repo.boards.get(bid).workflow.first.id
    result = repo.cards.move(card.id, first)
    assert result.decision is None and result.from_stage == "limbo"
    assert [c.id for c in repo.cards.on_board(bid)] == [card.id]
    assert on_disk(repo)["cards"][card.id]["stage"] == first
    summary = repo.events_for(card.id)[-1].summary
    assert "out of 'limbo', a stage the board does not have," in summary
    assert Repository(simple.path, who="tester").problems == []


def test_card_on_an_unknown_board_is_reported(simple):
    card = simple.cards.add(board_id(simple), "x")
    data = on_disk(simple)
    data["cards"][card.id]["board"] = "01KNOBOARD0000000000000000"
    simple.path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    repo = Repository(simple.path, who="tester")
    assert len(repo.problems) == 1 and "board" in repo.problems[0]


def test_resolve_card_by_short_id_and_prefix(simple):
    bid = board_id(simple)
    cards = [simple.cards.add(bid, str(n)) for n in range(20)]
    for card in cards:
        short = simple.cards.short_id(card.id)
        assert len(short) >= 4 and card.id.endswith(short)
        assert simple.cards.resolve(short) is simple.cards.get(card.id)
        assert simple.cards.resolve(card.id.lower()).id == card.id


def test_resolve_board_by_name_and_default(simple):
    board = simple.boards.all()[0]
    assert simple.boards.resolve(None) is board
    assert simple.boards.resolve("board") is board
    assert simple.boards.resolve(board.id[:12]) is board


def test_events_for_a_card_oldest_first(simple):
    card = simple.cards.add(board_id(simple), "one")
    simple.cards.edit(card.id, title="two")
    simple.cards.set_blocked(card.id, True, "why")
    assert [e.action for e in simple.events_for(card.id)] == ["create", "edit", "block"]
    simple.cards.set_blocked(card.id, False)
    assert [e.action for e in simple.events_for(card.id)] == ["create", "edit", "block", "unblock"]


def test_search_events(simple):
    card = simple.cards.add(board_id(simple), "one")
    found = simple.search_events(action="create", table="cards")
    assert [e.record for e in found] == [card.id]
    assert len(simple.search_events()) == 2


def test_search_events_sees_later_writes(simple):
    bid = board_id(simple)
    first = simple.cards.add(bid, "one")
    assert [e.record for e in simple.search_events(action="create", table="cards")] == [first.id]
    second = simple.cards.add(bid, "two")
    found = simple.search_events(action="create", table="cards")
    assert [e.record for e in found] == [first.id, second.id]


def test_an_edit_that_changes_nothing_writes_nothing(simple):
    card = simple.cards.add(board_id(simple), "one", assignee="ana")
    before = simple.path.read_bytes()
    simple.cards.edit(card.id, title="one", assignee="ana")
    assert simple.path.read_bytes() == before
    assert "added" in simple.undo()  # the no-op left no undo step of its own


def write_data(repo: Repository, data: dict) -> Repository:
    repo.path.write_text(
        json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return Repository(repo.path, who="tester")


def test_reorder_works_next_to_cards_that_share_a_rank(simple):
    """Two clones adding at the end of one column give their cards the same rank."""
    bid = board_id(simple)
    a, b, c = (simple.cards.add(bid, t) for t in "abc")
    data = on_disk(simple)
    data["cards"][b.id]["rank"] = data["cards"][a.id]["rank"]
    repo = write_data(simple, data)
    first, second, third = (x.id for x in repo.cards.column(bid, "todo"))
    assert third == c.id
    assert repo.cards.reorder(first, +1) is True
    assert [x.id for x in repo.cards.column(bid, "todo")] == [second, first, third]


def test_reorder_up_into_a_rank_tie_moves_the_card(simple):
    bid = board_id(simple)
    a, b, c = (simple.cards.add(bid, t) for t in "abc")
    data = on_disk(simple)
    data["cards"][b.id]["rank"] = data["cards"][a.id]["rank"]
    repo = write_data(simple, data)
    first, second, third = (x.id for x in repo.cards.column(bid, "todo"))
    assert repo.cards.reorder(third, -1) is True
    assert [x.id for x in repo.cards.column(bid, "todo")] == [first, third, second]


# ----- records pstui cannot read ---------------------------------------------------------------


def with_bad_card(repo: Repository) -> tuple[str, str]:
    """Give the store a card whose tags are a number (a hand edit); its id and the other's."""
    bid = board_id(repo)
    bad, good = repo.cards.add(bid, "bad"), repo.cards.add(bid, "good")
    data = on_disk(repo)
    data["cards"][bad.id]["tags"] = 7
    repo.path.write_text(
        json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return bad.id, good.id


def test_a_card_pstui_cannot_read_is_named_with_its_field_not_a_traceback(simple):
    bad, good = with_bad_card(simple)
    # As the app opens it (checked record by record in the background): the board opens,
    # the other cards read, and reading the bad one says which card and which field.
    repo = Repository(simple.path, who="tester", background=True)
    try:
        assert repo.cards.get(good).title == "good"
        assert repo.cards.column(board_id(repo), "todo").ids == [bad, good]
        with pytest.raises(BadStoreFile, match=f"card {bad}: tags is 7, not a list"):
            repo.cards.get(bad)
        assert repo.cards.facets(bad).tags == ()  # the filter reads around it
    finally:
        repo.close()
    # As every command opens it: refused at once, with the same words.
    with pytest.raises(BadStoreFile, match=f"card {bad}: tags is 7, not a list"):
        Repository(simple.path, who="tester")


def test_a_board_pstui_cannot_read_refuses_the_store_at_open(simple):
    data = on_disk(simple)
    board = data["boards"][board_id(simple)]
    board["stages"][0]["gate"] = "none"
    simple.path.write_text(
        json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for background in (True, False):
        with pytest.raises(BadStoreFile, match="the gate of stage 'todo' is 'none', not a list"):
            Repository(simple.path, who="tester", background=background)


def test_known_assignees_as_written_on_disk_and_since(service):
    board = service.boards.all()[0].id
    service.cards.add(board, "A", assignee="Priya Raman")
    service.cards.add(board, "B", assignee='Li "Lee" Wei')  # written with escapes
    archived = service.cards.add(board, "C", assignee="Ana Souza")
    service.cards.set_archived(archived.id, True)  # an archived card's assignee is known too
    service.cards.add(board, "D")
    reopened = Repository(service.path, who="x")
    assert reopened.cards.known_assignees() == ["Ana Souza", 'Li "Lee" Wei', "Priya Raman"]
    first = reopened.cards.on_board(board)[0]
    reopened.cards.edit(first.id, assignee="Zoe Park")  # changed since the file was read
    reopened.cards.add(board, "E", assignee="Chen Jie")  # added since
    assert reopened.cards.known_assignees() == [
        "Ana Souza", "Chen Jie", 'Li "Lee" Wei', "Zoe Park"
    ]  # fmt: skip
