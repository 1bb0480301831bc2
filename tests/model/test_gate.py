"""Stage gates: forward moves pass the gate, decisions are recorded, moving back is free."""

from __future__ import annotations

import contextlib
import copy

import pytest

from pstui.model.card import Card, ChecklistItem, Outcome
from pstui.model.gate import (
    AUTO_GO_NOTE,
    GateBlocked,
    GateError,
    decide_gate,
    enter_stage,
    move_card,
)
from pstui.model.workflow import Criterion, Stage, Workflow, WorkflowError

T0 = "2026-11-22T09:00:00+00:00"
T1 = "2026-11-23T10:00:00+00:00"

PLAN = Stage(
    "plan",
    "Plan",
    gate=(
        Criterion("scope", "Scope agreed"),
        Criterion("budget", "Budget approved"),
        Criterion("risks", "Risks listed", must=False),
    ),
)
BUILD = Stage(
    "build",
    "Build",
    wip_limit=3,
    gate=(Criterion("tested", "Tested"), Criterion("docs", "Docs written", must=False)),
)
SHIP = Stage("ship", "Ship", gate=(Criterion("signed", "Client signed off"),))
WORKFLOW = Workflow((PLAN, BUILD, SHIP))


def new_card(stage: Stage = PLAN) -> Card:
    card = Card(
        id="C1", board="B1", title="Engagement", stage="", rank="i", created_at=T0, updated_at=T0
    )
    enter_stage(card, stage, T0)
    return card


def tick(card: Card, *criteria: str) -> None:
    for item in card.checklist:
        if item.criterion in criteria:
            item.done = True


# ----- enter_stage ---------------------------------------------------------------------------


def test_enter_stage_copies_the_gate_criteria_into_the_checklist():
    card = new_card()
    assert card.stage == "plan"
    assert card.stage_since == T0
    items = card.checklists["plan"]
    assert [(i.criterion, i.text, i.must, i.done) for i in items] == [
        ("scope", "Scope agreed", True, False),
        ("budget", "Budget approved", True, False),
        ("risks", "Risks listed", False, False),
    ]
    assert len({i.id for i in items}) == 3
    assert all(len(i.id) == 26 for i in items)
    assert card.checklist is items


def test_enter_stage_without_gate_gives_an_empty_checklist():
    card = new_card(Stage("free", "Free"))
    assert card.checklists == {"free": []}
    assert card.progress == (0, 0)


def test_re_entering_keeps_existing_items_and_adds_only_new_criteria():
    card = new_card()
    tick(card, "scope")
    hand = ChecklistItem(id="H1", text="Call the client", done=True)
    card.checklists["plan"].append(hand)
    before = [copy.copy(i) for i in card.checklists["plan"]]
    grown = Stage("plan", "Plan", gate=(*PLAN.gate, Criterion("kickoff", "Kick-off held")))
    card.stage = "build"
    enter_stage(card, grown, T1)
    items = card.checklists["plan"]
    assert items[:4] == before  # same ids, same done state, hand-added item kept
    assert [i.criterion for i in items[4:]] == ["kickoff"]
    assert items[4].done is False and items[4].must is True
    assert card.stage == "plan" and card.stage_since == T1


def test_progress_counts_done_items_of_the_current_stage():
    card = new_card()
    tick(card, "scope", "risks")
    assert card.progress == (2, 3)
    assert [i.criterion for i in card.missing_musts()] == ["budget"]


# ----- move_card -------------------------------------------------------------------------------


def test_forward_move_with_all_musts_done_is_a_recorded_go():
    card = new_card()
    tick(card, "scope", "budget")
    result = move_card(card, WORKFLOW, "build", by="ana", now=T1)
    moved, decision = result.card, result.decision
    assert result.from_stage == "plan"
    assert moved.stage == "build"
    assert moved.stage_since == T1
    assert decision is not None
    assert decision.outcome is Outcome.GO
    assert decision.note == AUTO_GO_NOTE
    assert (decision.stage, decision.by, decision.at, decision.to) == ("plan", "ana", T1, "build")
    assert moved.decisions == [decision]
    assert [(i.criterion, i.must) for i in moved.checklist] == [("tested", True), ("docs", False)]
    # The checklist of the stage it left stays, as it was.
    assert [i.done for i in moved.checklists["plan"]] == [True, True, False]


def test_forward_move_with_open_musts_is_blocked_listing_exactly_the_missing_items():
    card = new_card()
    tick(card, "budget")
    with pytest.raises(GateBlocked) as err:
        move_card(card, WORKFLOW, "build", by="ana", now=T1)
    missing = err.value.missing
    assert [i.criterion for i in missing] == ["scope"]
    assert missing[0].id == card.checklist[0].id
    assert err.value.card is card
    assert "Scope agreed" in str(err.value)
    assert "Budget approved" not in str(err.value)
    assert "Risks listed" not in str(err.value)


def test_gate_blocked_lists_hand_added_must_items_too():
    card = new_card()
    tick(card, "scope", "budget")
    card.checklists["plan"].append(ChecklistItem(id="H1", text="NDA signed", must=True))
    with pytest.raises(GateBlocked) as err:
        move_card(card, WORKFLOW, "build", by="ana", now=T1)
    assert [i.id for i in err.value.missing] == ["H1"]


def test_gate_blocked_is_a_gate_error():
    assert issubclass(GateBlocked, GateError)


def test_should_items_never_block():
    card = new_card()
    tick(card, "scope", "budget")
    assert not card.checklists["plan"][2].done
    result = move_card(card, WORKFLOW, "build", by="ana", now=T1)
    assert result.card.stage == "build"


def test_moving_back_needs_no_decision_and_records_none():
    card = new_card(BUILD)
    result = move_card(card, WORKFLOW, "plan", by="ana", now=T1)
    assert result.decision is None
    assert result.card.stage == "plan"
    assert result.card.decisions == []
    assert result.from_stage == "build"


def test_moving_back_several_stages_is_allowed():
    card = new_card(SHIP)
    result = move_card(card, WORKFLOW, "plan", by="ana", now=T1)
    assert result.card.stage == "plan" and result.decision is None


def test_moving_back_keeps_the_checklist_it_had_there():
    card = new_card()
    tick(card, "scope", "budget")
    forward = move_card(card, WORKFLOW, "build", by="ana", now=T1).card
    back = move_card(forward, WORKFLOW, "plan", by="ana", now=T1).card
    assert [i.done for i in back.checklist] == [True, True, False]
    assert [i.id for i in back.checklist] == [i.id for i in card.checklist]


def test_skipping_a_stage_forward_is_an_error():
    card = new_card()
    tick(card, "scope", "budget")
    with pytest.raises(GateError, match="one gate at a time"):
        move_card(card, WORKFLOW, "ship", by="ana", now=T1)


def test_moving_to_the_same_stage_is_an_error():
    with pytest.raises(GateError, match="already"):
        move_card(new_card(), WORKFLOW, "plan", by="ana", now=T1)


def test_moving_to_an_unknown_stage_is_an_error():
    with pytest.raises(WorkflowError):
        move_card(new_card(), WORKFLOW, "nowhere", by="ana", now=T1)


@pytest.mark.parametrize("target", ["plan", "ship"])
def test_a_card_in_a_stage_the_workflow_lacks_moves_anywhere_without_a_gate(target):
    card = new_card(BUILD)
    card.stage = "limbo"  # the stage was removed from the workflow, or mistyped by hand
    result = move_card(card, WORKFLOW, target, by="ana", now=T1)
    assert result.card.stage == target and result.decision is None
    assert result.from_stage == "limbo"
    assert result.card.checklists["build"] == card.checklists["build"]  # nothing lost


@pytest.mark.parametrize("outcome", list(Outcome))
def test_a_card_in_a_stage_the_workflow_lacks_has_no_gate_to_decide(outcome):
    card = new_card(BUILD)
    card.stage = "limbo"
    with pytest.raises(GateError, match="'limbo' is not a stage of this workflow"):
        decide_gate(card, WORKFLOW, outcome, by="ana", now=T1, note="why", recycle_to="plan")


def test_forward_move_with_a_non_go_outcome_is_an_error():
    with pytest.raises(GateError):
        move_card(new_card(), WORKFLOW, "build", by="ana", now=T1, outcome=Outcome.HOLD)


def test_forward_move_with_go_and_a_reason_passes_open_musts():
    result = move_card(
        new_card(), WORKFLOW, "build", by="ana", now=T1, outcome=Outcome.GO, note="client waived"
    )
    assert result.card.stage == "build"
    assert result.decision.note == "client waived"


@pytest.mark.parametrize(
    "target,ticks", [("build", ("scope", "budget")), ("build", ()), ("ship", ())]
)
def test_move_card_does_not_mutate_its_input(target, ticks):
    card = new_card()
    tick(card, *ticks)
    snapshot = copy.deepcopy(card)
    with contextlib.suppress(GateError):
        move_card(card, WORKFLOW, target, by="ana", now=T1)
    assert card == snapshot


def test_move_back_does_not_mutate_its_input():
    card = new_card()
    tick(card, "scope", "budget")
    forward = move_card(card, WORKFLOW, "build", by="ana", now=T1).card
    snapshot = copy.deepcopy(forward)
    move_card(forward, WORKFLOW, "plan", by="ana", now=T1)
    assert forward == snapshot


def test_archived_card_cannot_move():
    card = new_card(BUILD)
    card.archived = True
    with pytest.raises(GateError, match="archived"):
        move_card(card, WORKFLOW, "plan", by="ana", now=T1)
    tick(card, "tested")
    with pytest.raises(GateError, match="archived"):
        move_card(card, WORKFLOW, "ship", by="ana", now=T1)


# ----- decide_gate -----------------------------------------------------------------------------


def test_go_past_open_musts_without_a_reason_is_an_error():
    for note in ("", "   "):
        with pytest.raises(GateError, match="reason"):
            decide_gate(new_card(), WORKFLOW, Outcome.GO, by="ana", now=T1, note=note)


def test_go_past_open_musts_with_a_reason_moves_and_records_it():
    card = new_card()
    result = decide_gate(card, WORKFLOW, Outcome.GO, by="ana", now=T1, note="  sponsor accepts  ")
    assert result.card.stage == "build"
    d = result.decision
    assert (d.outcome, d.stage, d.to, d.note, d.by, d.at) == (
        Outcome.GO,
        "plan",
        "build",
        "sponsor accepts",
        "ana",
        T1,
    )
    assert result.card.decisions == [d]
    assert card.stage == "plan" and card.decisions == []


def test_hold_stays_and_records_the_decision():
    card = new_card()
    result = decide_gate(card, WORKFLOW, Outcome.HOLD, by="ana", now=T1, note="waiting")
    assert result.card.stage == "plan"
    assert result.card.stage_since == T0
    d = result.decision
    assert (d.outcome, d.stage, d.to, d.note) == (Outcome.HOLD, "plan", None, "waiting")
    assert result.card.decisions == [d]


def test_recycle_to_an_earlier_stage_moves_back_and_sets_to():
    card = new_card(SHIP)
    result = decide_gate(card, WORKFLOW, Outcome.RECYCLE, by="ana", now=T1, recycle_to="plan")
    assert result.card.stage == "plan"
    d = result.decision
    assert (d.outcome, d.stage, d.to) == (Outcome.RECYCLE, "ship", "plan")
    assert [i.criterion for i in result.card.checklist] == ["scope", "budget", "risks"]


@pytest.mark.parametrize("target", [None, "ship", "build", "nowhere"])
def test_recycle_without_an_earlier_target_is_an_error(target):
    card = new_card(BUILD)
    with pytest.raises(GateError, match="earlier stage"):
        decide_gate(card, WORKFLOW, Outcome.RECYCLE, by="ana", now=T1, recycle_to=target)


def test_recycle_from_the_first_stage_is_an_error():
    with pytest.raises(GateError):
        decide_gate(new_card(), WORKFLOW, Outcome.RECYCLE, by="ana", now=T1, recycle_to="plan")


@pytest.mark.parametrize("note", ["", "  "])
def test_kill_without_a_reason_is_an_error(note):
    with pytest.raises(GateError, match="reason"):
        decide_gate(new_card(), WORKFLOW, Outcome.KILL, by="ana", now=T1, note=note)


def test_kill_with_a_reason_archives_the_card():
    card = new_card(BUILD)
    result = decide_gate(card, WORKFLOW, Outcome.KILL, by="ana", now=T1, note="budget cut")
    assert result.card.archived is True
    assert result.card.stage == "build"
    d = result.decision
    assert (d.outcome, d.stage, d.to, d.note) == (Outcome.KILL, "build", None, "budget cut")
    assert card.archived is False


def test_archived_card_has_no_open_gate():
    card = new_card()
    card.archived = True
    for outcome in Outcome:
        with pytest.raises(GateError, match="archived"):
            decide_gate(card, WORKFLOW, outcome, by="ana", now=T1, note="x", recycle_to="plan")


def test_go_at_the_last_stage_closes_the_card():
    card = new_card(SHIP)
    tick(card, "signed")
    result = decide_gate(card, WORKFLOW, Outcome.GO, by="ana", now=T1)
    assert result.card.archived is True
    assert result.card.stage == "ship"
    d = result.decision
    assert (d.outcome, d.stage, d.to) == (Outcome.GO, "ship", None)
    assert result.card.decisions == [d]
    assert card.archived is False


def test_go_at_the_last_stage_with_open_musts_needs_a_reason():
    card = new_card(SHIP)
    with pytest.raises(GateError, match="reason"):
        decide_gate(card, WORKFLOW, Outcome.GO, by="ana", now=T1)
    closed = decide_gate(card, WORKFLOW, Outcome.GO, by="ana", now=T1, note="signed by mail")
    assert closed.card.archived is True
    assert closed.decision.note == "signed by mail"


def test_there_is_no_stage_after_the_last_to_move_to():
    card = new_card(SHIP)
    tick(card, "signed")
    with pytest.raises(GateError):
        move_card(card, WORKFLOW, "ship", by="ana", now=T1)


def test_decisions_accumulate_in_order():
    card = new_card()
    first = decide_gate(card, WORKFLOW, Outcome.HOLD, by="ana", now=T0).card
    second = decide_gate(first, WORKFLOW, Outcome.GO, by="bo", now=T1, note="ok").card
    assert [d.outcome for d in second.decisions] == [Outcome.HOLD, Outcome.GO]
    assert [d.by for d in second.decisions] == ["ana", "bo"]
    assert len(first.decisions) == 1
