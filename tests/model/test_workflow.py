"""Workflows, boards and events as records."""

from __future__ import annotations

import pytest

from pstui.model.board import Board
from pstui.model.event import Event
from pstui.model.workflow import Criterion, Stage, Workflow, WorkflowError

T0 = "2026-11-22T09:00:00+00:00"
WORKFLOW = Workflow(
    (
        Stage("a", "Alpha", 3, (Criterion("c1", "One"), Criterion("c2", "Two", must=False))),
        Stage("b", "Beta"),
        Stage("c", "Gamma"),
    )
)


def test_empty_workflow_is_an_error():
    with pytest.raises(WorkflowError):
        Workflow(())


def test_duplicate_stage_ids_are_an_error():
    with pytest.raises(WorkflowError, match="unique"):
        Workflow((Stage("a", "A"), Stage("a", "Again")))


def test_navigation():
    assert WORKFLOW.first.id == "a"
    assert WORKFLOW.has("b") and not WORKFLOW.has("z")
    assert WORKFLOW.position("c") == 2
    assert WORKFLOW.next_stage("a").id == "b"
    assert WORKFLOW.next_stage("c") is None
    assert WORKFLOW.previous_stage("a") is None
    assert WORKFLOW.previous_stage("c").id == "b"
    assert [s.id for s in WORKFLOW.earlier_stages("c")] == ["a", "b"]
    assert WORKFLOW.earlier_stages("a") == ()
    assert WORKFLOW.is_forward("a", "c") and not WORKFLOW.is_forward("c", "b")
    with pytest.raises(WorkflowError, match="'z'"):
        WORKFLOW.stage("z")
    with pytest.raises(WorkflowError):
        WORKFLOW.position("z")


def test_workflow_list_round_trip():
    raw = WORKFLOW.to_list()
    assert raw[0] == {
        "id": "a",
        "name": "Alpha",
        "wip": 3,
        "gate": [
            {"id": "c1", "text": "One", "level": "must"},
            {"id": "c2", "text": "Two", "level": "should"},
        ],
    }
    assert raw[1] == {"id": "b", "name": "Beta", "wip": None, "gate": []}
    assert Workflow.from_list(raw) == WORKFLOW


def test_stage_from_dict_defaults():
    stage = Stage.from_dict({"id": "x"})
    assert (stage.id, stage.name, stage.wip_limit, stage.gate) == ("x", "x", None, ())
    assert Stage.from_dict({"id": "x", "wip": 0}).wip_limit is None
    assert Stage.from_dict({"id": "x", "wip": "4"}).wip_limit == 4
    assert Criterion.from_dict({"id": "k", "text": "t"}).must is True


def test_board_round_trip_keeps_unknown_fields():
    board = Board("B1", "Ops", WORKFLOW, T0, T0)
    raw = board.to_dict()
    assert raw == {
        "name": "Ops",
        "stages": WORKFLOW.to_list(),
        "archived": False,
        "created_at": T0,
        "updated_at": T0,
    }
    raw["swimlanes"] = ["x"]
    again = Board.from_dict("B1", raw)
    assert again.extra == {"swimlanes": ["x"]}
    assert again.workflow == WORKFLOW
    assert again.to_dict() == raw


def test_board_without_name_uses_its_id():
    assert Board.from_dict("B9", {"stages": [{"id": "s"}]}).name == "B9"


def test_event_round_trip():
    event = Event("E1", T0, "ana", "edit", "cards", "C1", "edited title", {"fields": ["title"]})
    raw = event.to_dict()
    assert raw["created_at"] == raw["updated_at"] == T0
    assert "id" not in raw
    assert Event.from_dict("E1", raw) == event


def test_event_from_sparse_record():
    event = Event.from_dict("E2", {"action": "create", "data": None})
    assert (event.at, event.by, event.table, event.record, event.summary, event.data) == (
        "",
        "",
        "",
        "",
        "",
        {},
    )
