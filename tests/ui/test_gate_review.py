"""The gate review through the keys: Go, Hold, Recycle, Kill, and backing out.

Each decision is judged by what reached the store (read back by a second repository): the
card's stage and archive flag, and the decision recorded with its outcome, note and target.
"""

from __future__ import annotations

from conftest import (
    EXEC,
    OPEN,
    READY,
    THIRD,
    active_column,
    board,
    card_named,
    fill,
    notices,
    on_disk,
    put_cursor_on,
    reopen,
    titles,
)
from textual.widgets import Label, OptionList, Static

from pstui.model.card import Outcome
from pstui.ui.screens.board import BoardScreen
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.gate_review import GateReview
from pstui.ui.screens.prompt import TextPrompt

SIZE = (80, 24)


async def open_review(pilot, title: str) -> GateReview:
    await put_cursor_on(pilot, title)
    await pilot.press("g")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, GateReview)
    return screen


async def test_the_review_lists_the_gate_and_go_with_a_reason_passes_it(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot, OPEN)
        heading = str(review.query_one("#gate-heading", Label).content)
        assert heading == "Gate: Initiation  ->  Execution"
        assert OPEN in str(review.query_one("#gate-card", Label).content)
        listed = str(review.query_one("#gate-list", Static).content)
        for item in card_named(app.repo, OPEN).checklist:
            assert item.text in listed
        assert listed.count("[ ] must") == 4 and "[ ] should" in listed
        verdict = str(review.query_one("#gate-verdict", Label).content)
        assert verdict.startswith("4 must item(s) open: Go needs a reason")
        await pilot.press("g")
        assert isinstance(app.screen, TextPrompt)
        await fill(pilot, "client signed the plan by mail")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        card = card_named(on_disk(app), OPEN)
        assert card.stage == "execution"
        [decision] = card.decisions
        assert decision.outcome is Outcome.GO
        assert decision.note == "client signed the plan by mail"
        assert (decision.stage, decision.to, decision.by) == ("initiation", "execution", "tester")
        assert board(app).current_card().title == OPEN  # the cursor followed the card


async def test_go_without_a_reason_keeps_the_prompt_and_records_nothing(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, OPEN)
        await pilot.press("g", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        assert "needed" in str(app.screen.query_one("#prompt-error", Label).content)
        await pilot.press("escape")  # back to the review, still undecided
        await pilot.pause()
        assert isinstance(app.screen, GateReview)
        card = card_named(on_disk(app), OPEN)
        assert card.stage == "initiation" and card.decisions == []


async def test_go_on_a_complete_gate_needs_no_reason(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot, READY)
        verdict = str(review.query_one("#gate-verdict", Label).content)
        assert verdict == "Every must item is done: Go passes the gate."
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        card = card_named(on_disk(app), READY)
        assert card.stage == "execution"
        assert [d.outcome for d in card.decisions] == [Outcome.GO]


async def test_hold_keeps_the_card_and_records_the_decision(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, OPEN)
        await pilot.press("o")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")  # the note is optional
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        card = card_named(on_disk(app), OPEN)
        assert card.stage == "initiation" and not card.archived
        [decision] = card.decisions
        assert (decision.outcome, decision.note, decision.to) == (Outcome.HOLD, "", None)
        assert titles(active_column(app)) == [READY, OPEN, THIRD]
        await pilot.press("g", "o")  # a second Hold, with a note this time
        await fill(pilot, "budget not approved yet")
        await pilot.press("enter")
        await pilot.pause()
        notes = [(d.outcome, d.note) for d in card_named(on_disk(app), OPEN).decisions]
        assert notes == [(Outcome.HOLD, ""), (Outcome.HOLD, "budget not approved yet")]


async def test_recycle_sends_the_card_to_the_chosen_earlier_stage(store, app_for) -> None:
    # Put the execution card one stage further, so that two earlier stages can be chosen.
    repo = reopen(store)
    exec_id = card_named(repo, EXEC).id
    repo.cards.decide(exec_id, Outcome.GO, note="set up for the test")
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, EXEC)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ChoicePrompt)
        choices = app.screen.query_one(OptionList)
        assert [choices.get_option_at_index(n).id for n in range(choices.option_count)] == [
            "initiation",
            "execution",
        ]
        assert choices.highlighted == 1  # the stage just before is offered first
        await pilot.press("k", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)  # the rework note, optional
        await fill(pilot, "scope changed")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        card = card_named(on_disk(app), EXEC)
        assert card.stage == "initiation"
        decision = card.decisions[-1]
        assert decision.outcome is Outcome.RECYCLE
        assert (decision.stage, decision.to, decision.note) == (
            "acceptance",
            "initiation",
            "scope changed",
        )
        assert board(app).current_card().id == exec_id
        assert board(app).active == 0


async def test_kill_archives_with_a_reason(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, OPEN)
        await pilot.press("x", "enter")  # a reason is required
        assert isinstance(app.screen, TextPrompt)
        await fill(pilot, "client went with a competitor")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        card = card_named(on_disk(app), OPEN)
        assert card.archived and card.stage == "initiation"
        [decision] = card.decisions
        assert (decision.outcome, decision.note) == (Outcome.KILL, "client went with a competitor")
        assert OPEN not in titles(active_column(app))


async def test_escape_backs_out_with_nothing_recorded(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        before = store.read_bytes()
        await open_review(pilot, OPEN)
        await pilot.press("r")  # the first stage: nowhere to recycle to
        await pilot.pause()
        assert isinstance(app.screen, GateReview)
        assert "nowhere to recycle" in notices(app)[-1]
        await pilot.press("x", "escape")  # Kill's reason prompt backs out to the review
        await pilot.pause()
        assert isinstance(app.screen, GateReview)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        app.repo.flush()
        assert store.read_bytes() == before


async def test_go_at_the_last_stage_closes_the_card(sample, app_for) -> None:
    app = app_for(sample)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot, "Payroll module: support period")
        heading = str(review.query_one("#gate-heading", Label).content)
        assert heading == "Gate: Maintenance  ->  closed"
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        card = card_named(on_disk(app), "Payroll module: support period")
        assert card.archived and card.stage == "maintenance"
        decision = card.decisions[-1]
        assert (decision.outcome, decision.stage, decision.to) == (Outcome.GO, "maintenance", None)
        assert "Payroll module: support period" not in titles(active_column(app))
