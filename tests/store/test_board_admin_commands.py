"""Board administration in the store: a board renamed, its workflow edited one stage or gate
criterion at a time, a card moved to another board or deleted. Each is one change: an event
that says what, one undo step, written to disk."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest

from pstui.model.standup import stage_entered
from pstui.model.workflow import WorkflowError
from pstui.store.check import check_store
from pstui.store.repository import Repository
from pstui.store.templates import load_template

WHO = "tester"


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return Repository.create(
        tmp_path / "pstui.json", "Services", load_template("service").workflow, who=WHO
    )


def board_of(repo: Repository) -> str:
    return repo.boards.all()[0].id


def stage_ids(repo: Repository, board_id: str) -> list[str]:
    return [s.id for s in repo.boards.get(board_id).workflow.stages]


def last_event(repo: Repository, record_id: str) -> str:
    return repo.events_for(record_id)[-1].summary


def on_disk(repo: Repository) -> Repository:
    repo.flush()
    return Repository(repo.path, who="checker")


# ----- boards -------------------------------------------------------------------------------


def test_a_board_is_renamed_in_one_undoable_change(repo):
    board = board_of(repo)
    repo.boards.rename(board, "  Client   services ")
    assert on_disk(repo).boards.get(board).name == "Client services"
    assert last_event(repo, board) == "renamed board Services to Client services"
    repo.undo()
    assert on_disk(repo).boards.get(board).name == "Services"


def test_a_board_keeps_a_name_no_other_board_in_use_has(repo):
    repo.boards.add("Support", load_template("support").workflow)
    with pytest.raises(ValueError, match="already a board called 'support'"):
        repo.boards.rename(board_of(repo), "support")
    with pytest.raises(ValueError, match="cannot be empty"):
        repo.boards.rename(board_of(repo), "  ")


def test_renaming_a_board_to_its_own_name_changes_nothing(repo):
    board = board_of(repo)
    events = len(repo.events_for(board))
    repo.boards.rename(board, "Services")
    assert len(repo.events_for(board)) == events and not repo.unsaved


def test_undoing_an_added_board_takes_it_out_of_the_boards(repo):
    added = repo.boards.add("Pilot", load_template("simple").workflow)
    repo.undo()
    assert [b.name for b in repo.boards.all()] == ["Services"]
    assert not repo.boards.has(added.id)


# ----- stages -------------------------------------------------------------------------------


def test_a_wip_limit_is_set_cleared_and_undone(repo):
    board = board_of(repo)
    repo.boards.set_wip(board, "execution", 3)
    assert on_disk(repo).boards.get(board).workflow.stage("execution").wip_limit == 3
    assert last_event(repo, board) == "set the WIP limit of Execution to 3 on board Services"
    repo.boards.set_wip(board, "execution", None)
    assert repo.boards.get(board).workflow.stage("execution").wip_limit is None
    repo.undo()
    repo.undo()
    assert on_disk(repo).boards.get(board).workflow.stage("execution").wip_limit == 8


@pytest.mark.parametrize("limit", [0, -2, True])
def test_a_wip_limit_is_a_count_of_one_or_more(repo, limit):
    with pytest.raises(ValueError, match="1 or more"):
        repo.boards.set_wip(board_of(repo), "execution", limit)


def test_a_stage_is_renamed_and_keeps_its_id_and_its_cards(repo):
    board = board_of(repo)
    card = repo.cards.add(board, "Portal", stage="execution")
    repo.boards.rename_stage(board, "execution", "Delivery")
    stage = on_disk(repo).boards.get(board).workflow.stage("execution")
    assert stage.name == "Delivery"
    assert repo.cards.get(card.id).stage == "execution"
    assert last_event(repo, board) == "renamed stage Execution to Delivery on board Services"


@pytest.mark.parametrize("name", ["review", "REVIEW", "Maintenance"])
def test_no_two_stages_answer_to_one_name(repo, name):
    with pytest.raises(ValueError, match="already has a stage called"):
        repo.boards.rename_stage(board_of(repo), "execution", name)


def test_a_stage_is_added_after_another_with_an_id_from_its_name(repo):
    board = board_of(repo)
    stage = repo.boards.add_stage(board, "Quality check", after="execution")
    assert (stage.id, stage.name, stage.wip_limit, stage.gate) == (
        "quality-check",
        "Quality check",
        None,
        (),
    )
    assert stage_ids(on_disk(repo), board)[:3] == ["initiation", "execution", "quality-check"]
    assert last_event(repo, board) == "added stage Quality check to board Services"
    assert repo.boards.add_stage(board, "Quality  check!").id == "quality-check-2"
    assert stage_ids(repo, board)[-1] == "quality-check-2"


def test_added_stages_get_ids_no_other_stage_has(repo):
    board = board_of(repo)
    first = repo.boards.add_stage(board, "质量检查")
    second = repo.boards.add_stage(board, "交付审核")
    third = repo.boards.add_stage(board, "Client's sign-off")
    assert (first.id, second.id, third.id) == ("stage", "stage-2", "clients-sign-off")
    assert stage_ids(repo, board)[-3:] == ["stage", "stage-2", "clients-sign-off"]


def test_a_card_moves_into_an_added_stage(repo):
    board = board_of(repo)
    repo.boards.add_stage(board, "Backlog")
    card = repo.cards.add(board, "Portal", stage="backlog")
    assert repo.cards.column(board, "backlog").ids == [card.id]


def test_an_empty_stage_is_removed_and_the_undo_puts_it_back(repo):
    board = board_of(repo)
    repo.boards.remove_stage(board, "enablement", partial(repo.cards.in_stage, board))
    assert "enablement" not in stage_ids(on_disk(repo), board)
    assert last_event(repo, board) == "removed stage Enablement from board Services"
    repo.undo()  # back where it was, not at the end
    assert stage_ids(on_disk(repo), board) == stage_ids(Repository(repo.path, "x"), board)
    assert stage_ids(repo, board) == [s.id for s in load_template("service").workflow.stages]


def test_an_undone_removal_puts_a_criterion_and_a_checklist_item_back_in_place(repo):
    board = board_of(repo)
    gate = [c.id for c in repo.boards.get(board).workflow.stage("execution").gate]
    repo.boards.remove_criterion(board, "execution", gate[1])
    repo.undo()
    assert [c.id for c in repo.boards.get(board).workflow.stage("execution").gate] == gate
    card = repo.cards.add(board, "Portal")
    items = [i.id for i in card.checklist]
    repo.cards.remove_item(card.id, items[0])
    repo.undo()
    assert [i.id for i in on_disk(repo).cards.get(card.id).checklist] == items


def test_a_stage_that_holds_cards_archived_or_not_is_not_removed(repo):
    board = board_of(repo)
    live = repo.cards.add(board, "Live", stage="execution")
    gone = repo.cards.add(board, "Archived", stage="review")
    repo.cards.set_archived(gone.id, True)
    holding = partial(repo.cards.in_stage, board)
    assert (holding("execution"), holding("review"), holding("acceptance")) == (1, 1, 0)
    before = repo.path.read_bytes()
    for stage in ("execution", "review"):
        with pytest.raises(ValueError, match=rf"cannot drop {stage} \(1 card\): move those"):
            repo.boards.remove_stage(board, stage, holding)
    repo.flush()
    assert repo.path.read_bytes() == before
    assert repo.cards.get(live.id).stage == "execution"


def test_the_last_stage_is_not_removed(repo):
    board = repo.boards.add("Tiny", load_template("simple").workflow)
    for stage in stage_ids(repo, board.id)[:-1]:
        repo.boards.remove_stage(board.id, stage, lambda _: 0)
    with pytest.raises(WorkflowError, match="at least one stage"):
        repo.boards.remove_stage(board.id, stage_ids(repo, board.id)[0], lambda _: 0)


def test_a_stage_moves_earlier_and_later_and_not_past_the_ends(repo):
    board = board_of(repo)
    assert repo.boards.move_stage(board, "review", -1)
    assert stage_ids(repo, board)[3:5] == ["review", "enablement"]
    assert last_event(repo, board) == "moved stage Review before Enablement on board Services"
    assert repo.boards.move_stage(board, "review", 1)
    assert stage_ids(on_disk(repo), board)[3:5] == ["enablement", "review"]
    events = len(repo.events_for(board))
    assert not repo.boards.move_stage(board, "initiation", -1)
    assert not repo.boards.move_stage(board, "maintenance", 1)
    assert len(repo.events_for(board)) == events


def test_each_workflow_edit_is_its_own_undo_step(repo):
    board = board_of(repo)
    original = repo.boards.get(board).workflow
    repo.boards.rename_stage(board, "review", "Retrospective")
    repo.boards.set_wip(board, "initiation", 2)
    repo.boards.move_stage(board, "maintenance", -1)
    assert repo.undo() == "moved stage Maintenance before Retrospective on board Services"
    assert repo.boards.get(board).workflow.stage("initiation").wip_limit == 2
    repo.undo()
    repo.undo()
    assert on_disk(repo).boards.get(board).workflow == original


# ----- gate criteria ------------------------------------------------------------------------


def test_a_criterion_is_added_reworded_made_should_moved_and_removed(repo):
    board = board_of(repo)

    def gate() -> list[tuple[str, str, bool]]:
        stage = repo.boards.get(board).workflow.stage("execution")
        return [(c.id, c.text, c.must) for c in stage.gate]

    added = repo.boards.add_criterion(board, "execution", "Security review passed")
    assert gate()[-1] == ("security-review-passed", "Security review passed", True)
    assert last_event(repo, board) == (
        "added criterion 'Security review passed' to the Execution gate on board Services"
    )
    repo.boards.edit_criterion(board, "execution", added.id, text="Pen test passed")
    repo.boards.edit_criterion(board, "execution", added.id, must=False)
    assert gate()[-1] == ("security-review-passed", "Pen test passed", False)
    assert "made criterion 'Pen test passed' should" in last_event(repo, board)
    assert repo.boards.move_criterion(board, "execution", added.id, -1)
    assert gate()[-2][0] == "security-review-passed"
    assert not repo.boards.move_criterion(board, "execution", gate()[0][0], -1)
    repo.boards.remove_criterion(board, "execution", added.id)
    assert "security-review-passed" not in [c[0] for c in gate()]
    assert on_disk(repo).boards.get(board).workflow == repo.boards.get(board).workflow
    for _ in range(4):
        repo.undo()
    assert gate()[-1] == ("security-review-passed", "Security review passed", True)


def test_a_gate_edit_reaches_cards_entering_the_stage_not_those_in_it(repo):
    board = board_of(repo)
    inside = repo.cards.add(board, "Already there", stage="execution")
    repo.boards.add_criterion(board, "execution", "Security review passed")
    assert "Security review passed" not in [i.text for i in repo.cards.get(inside.id).checklist]
    later = repo.cards.add(board, "Comes later")
    for item in later.checklist:
        if item.must:
            repo.cards.toggle_item(later.id, item.id)
    repo.cards.move(later.id, "execution")
    item = repo.cards.get(later.id).checklist[-1]
    assert (item.text, item.must, item.criterion) == (
        "Security review passed",
        True,
        "security-review-passed",
    )


def test_a_criterion_that_is_not_there_is_said(repo):
    with pytest.raises(ValueError, match="no criterion 'nope' in the Execution gate"):
        repo.boards.edit_criterion(board_of(repo), "execution", "nope", must=False)


# ----- a card to another board --------------------------------------------------------------


@pytest.fixture
def two_boards(repo) -> tuple[str, str]:
    support = repo.boards.add("Support", load_template("support").workflow)
    return board_of(repo), support.id


def test_a_card_moved_to_another_board_lands_in_its_first_stage_with_that_checklist(
    repo, two_boards
):
    services, support = two_boards
    card = repo.cards.add(
        services, "Portal", assignee="Li", tags=["erp"], due="2026-12-01", description="Why"
    )
    moved = repo.cards.move_to_board(card.id, support)
    assert (moved.board, moved.stage) == (support, "triage")
    assert (moved.title, moved.assignee, moved.tags, moved.due, moved.description) == (
        "Portal",
        "Li",
        ["erp"],
        "2026-12-01",
        "Why",
    )
    triage = repo.boards.get(support).workflow.stage("triage")
    assert [i.criterion for i in moved.checklist] == [c.id for c in triage.gate]
    assert moved.checklists["initiation"] == card.checklists["initiation"]  # its past, kept
    assert repo.cards.column(support, "triage").ids == [card.id]
    assert repo.cards.column(services, "initiation").ids == []
    assert (
        last_event(repo, card.id)
        == f"moved {repo.cards.label(moved)} from board Services to Support, Triage"
    )
    assert on_disk(repo).cards.get(card.id).board == support


def test_a_card_moves_into_the_stage_chosen_at_the_end_of_its_column(repo, two_boards):
    services, support = two_boards
    there = repo.cards.add(support, "Ticket", stage="verify")
    card = repo.cards.add(services, "Portal")
    repo.cards.move_to_board(card.id, support, "verify")
    assert repo.cards.column(support, "verify").ids == [there.id, card.id]


def test_the_records_about_a_moved_card_go_with_it_in_the_same_undo_step(repo, two_boards):
    services, support = two_boards
    card = repo.cards.add(services, "Portal")
    risk = repo.risks.add(services, "Vendor late", card=card.id)
    board_risk = repo.risks.add(services, "Budget cut")
    repo.cards.move_to_board(card.id, support)
    again = on_disk(repo)
    assert again.risks.get(risk.id).board == support
    assert again.risks.get(board_risk.id).board == services
    assert check_store(repo.path) == []
    repo.undo()
    again = on_disk(repo)
    assert again.cards.get(card.id).board == services
    assert again.risks.get(risk.id).board == services


def test_a_card_with_decisions_moves_and_the_store_still_checks(repo, two_boards):
    services, support = two_boards
    card = repo.cards.add(services, "Portal")
    for item in card.checklist:
        if item.must:
            repo.cards.toggle_item(card.id, item.id)
    repo.cards.move(card.id, "execution")  # a Go at the Initiation gate, on record
    repo.cards.move_to_board(card.id, support)
    repo.flush()
    assert [d.stage for d in repo.cards.get(card.id).decisions] == ["initiation"]
    assert check_store(repo.path) == []


def test_days_in_stage_count_from_the_move_to_the_other_board(repo):
    services = board_of(repo)
    other = repo.boards.add("Services 2027", load_template("service").workflow)
    card = repo.cards.add(services, "Portal")
    for item in card.checklist:
        if item.must:
            repo.cards.toggle_item(card.id, item.id)
    repo.cards.move(card.id, "execution")  # entered Execution on the first board
    repo.cards.move_to_board(card.id, other.id, "execution")  # the same stage id there
    events = repo.events_for(card.id)
    assert stage_entered(repo.cards.get(card.id), events) == events[-1].at


@pytest.mark.parametrize(
    ("how", "said"),
    [("archived card", "restore it first"), ("same board", "already on board"),
     ("archived board", "is archived"), ("no such stage", "no stage 'nope'")],
)  # fmt: skip
def test_a_move_to_another_board_that_cannot_be_is_said(repo, two_boards, how, said):
    services, support = two_boards
    card = repo.cards.add(services, "Portal")
    target, stage = support, None
    if how == "archived card":
        repo.cards.set_archived(card.id, True)
    elif how == "same board":
        target = services
    elif how == "archived board":
        repo.boards.set_archived(support, True)
    else:
        stage = "nope"
    with pytest.raises(ValueError, match=said):
        repo.cards.move_to_board(card.id, target, stage)


# ----- deleting a card ----------------------------------------------------------------------


def test_a_deleted_card_is_gone_its_history_stays_and_the_undo_brings_it_back(repo):
    board = board_of(repo)
    card = repo.cards.add(board, "Typo card")
    label = repo.cards.label(card)
    repo.cards.delete(card.id)
    again = on_disk(repo)
    assert not again.cards.has(card.id) and card.id not in again.table("cards")
    assert repo.cards.column(board, "initiation").ids == []
    assert [e.action for e in again.events_for(card.id)] == ["create", "delete"]
    assert again.events_for(card.id)[-1].summary == f"deleted {label}"
    assert check_store(repo.path) == []
    repo.undo()
    assert on_disk(repo).cards.get(card.id).title == "Typo card"
    assert repo.cards.column(board, "initiation").ids == [card.id]


def test_a_card_that_records_name_is_not_deleted(repo):
    board = board_of(repo)
    card = repo.cards.add(board, "Engagement")
    repo.risks.add(board, "Vendor late", card=card.id)
    repo.risks.add(board, "Key contact leaves", card=card.id)
    said = "records name this card (2 risks): archive it instead"
    assert repo.cards.deletion_refused(card.id) == said
    with pytest.raises(ValueError, match=r"\(2 risks\)"):
        repo.cards.delete(card.id)
    assert repo.cards.has(card.id)
    assert repo.cards.deletion_refused(repo.cards.add(board, "Other").id) is None


def test_a_stage_that_cards_passed_is_removed_and_the_store_still_checks(repo):
    board = board_of(repo)
    card = repo.cards.add(board, "Portal")
    for item in card.checklist:
        if item.must:
            repo.cards.toggle_item(card.id, item.id)
    repo.cards.move(card.id, "execution")
    repo.boards.remove_stage(board, "initiation", partial(repo.cards.in_stage, board))
    repo.flush()
    assert check_store(repo.path) == []
    data = json.loads(repo.path.read_text(encoding="utf-8"))
    data["cards"][card.id]["decisions"][0]["stage"] = "limbo"  # no checklist of it: wrong
    repo.path.write_text(json.dumps(data), encoding="utf-8")
    assert any("limbo" in str(p) for p in check_store(repo.path))
