"""Board administration with the keys: the workflow screen (`w` on the board) and the card
detail's `B` (to another board) and `X` (delete). Every change is judged in the store as
another process reads it, and taken back with `u`."""

from __future__ import annotations

import pytest
from conftest import (
    EXEC,
    OPEN,
    THIRD,
    WHO,
    board,
    card_named,
    cells,
    fill,
    notices,
    on_disk,
    put_cursor_on,
    reopen,
    screen_text,
    titles,
)
from readable import THEMES, hard_to_read, needed_in
from textual.widgets import Label

from pstui.store.repository import Repository
from pstui.store.templates import load_template
from pstui.ui.screens.board import BoardScreen
from pstui.ui.screens.board_admin import BoardAdminScreen, CriteriaTable, StageTable, check_wip
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.help import HelpScreen
from pstui.ui.screens.prompt import TextPrompt

SIZE = (80, 24)
SERVICE = [s.id for s in load_template("service").workflow.stages]


async def open_admin(pilot) -> BoardAdminScreen:
    await pilot.press("w")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BoardAdminScreen)
    return screen


async def answer(pilot, text: str) -> None:
    """Fill the open one-line prompt and press Enter."""
    assert isinstance(pilot.app.screen, TextPrompt)
    await fill(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


def workflow_on_disk(app):
    repo = on_disk(app)
    return repo.boards.get(board_id_of(app)).workflow


def board_id_of(app) -> str:
    return next(s for s in app.screen_stack if isinstance(s, BoardScreen)).board_id


def stage_cursor(app) -> str:
    row = app.screen.query_one(StageTable).current
    return row.stage.id


@pytest.mark.parametrize(
    ("typed", "fine"),
    [("", True), ("1", True), ("12", True), ("５", True), ("0", False), ("-1", False),
     ("2.5", False), ("²", False), ("many", False)],
)  # fmt: skip
def test_a_wip_limit_as_typed(typed, fine) -> None:
    assert (check_wip(typed) is None) == fine


async def test_w_opens_the_workflow_of_the_board_and_escape_comes_back(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot)
        assert app.focused is screen.query_one(StageTable)
        text = screen_text(app)
        assert "Workflow  Test board  6 stages" in text
        lines = text.splitlines()
        [initiation] = [line for line in lines if " initiation " in line]
        assert initiation.split()[2:5] == ["initiation", "6", "3"]  # id, WIP, cards
        assert "Gate of Initiation  4 must, 1 should" in text
        assert "Requirements analysed, documented and confirmed with the client" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_stage_keys_rename_limit_add_and_move_and_the_board_follows(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_admin(pilot)
        await pilot.press("j", "e")
        await answer(pilot, "Delivery")
        await pilot.press("w")
        await fill(pilot, "0")
        await pilot.press("enter")
        await pilot.pause()
        problem = str(app.screen.query_one("#prompt-error", Label).content)
        assert problem == "a whole number of cards, 1 or more; empty for no limit"
        await answer(pilot, "1")
        await pilot.press("n")
        await answer(pilot, "QA")
        assert stage_cursor(app) == "qa"
        await pilot.press("K")  # QA before Delivery
        await pilot.pause()
        workflow = workflow_on_disk(app)
        assert [s.id for s in workflow.stages][:3] == ["initiation", "qa", "execution"]
        assert (workflow.stage("execution").name, workflow.stage("execution").wip_limit) == (
            "Delivery",
            1,
        )
        await pilot.press("escape")
        await pilot.pause()
        columns = board(app).columns
        assert [c.stage.name for c in columns][:3] == ["Initiation", "QA", "Delivery"]
        assert titles(columns[2]) == [EXEC]
        assert "Delivery 1/1" in screen_text(app)


async def test_an_undo_on_the_board_puts_the_columns_back(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_admin(pilot)
        await pilot.press("j", "e")
        await answer(pilot, "Delivery")
        await pilot.press("escape")
        await pilot.pause()
        assert board(app).columns[1].stage.name == "Delivery"
        await pilot.press("u")
        await pilot.pause()
        assert board(app).columns[1].stage.name == "Execution"
        assert "Execution 1/8" in screen_text(app)


async def test_a_stage_holding_cards_is_not_removed_and_an_empty_one_comes_back(
    store, app_for
) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_admin(pilot)
        await pilot.press("delete")
        await pilot.pause()
        assert notices(app)[-1] == (
            "cannot drop initiation (3 cards): move those cards first, or keep the stages"
        )
        assert [s.id for s in workflow_on_disk(app).stages] == SERVICE
        await pilot.press("j", "j", "j", "delete")  # Enablement: empty
        await pilot.pause()
        assert notices(app)[-1] == "Removed stage Enablement. u undoes."
        assert "enablement" not in [s.id for s in workflow_on_disk(app).stages]
        await pilot.press("u")
        await pilot.pause()
        assert [s.id for s in workflow_on_disk(app).stages] == SERVICE
        assert notices(app)[-1] == "removed stage Enablement from board Test board"


async def test_gate_keys_add_mark_reword_move_remove_and_undo(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot)
        criteria = screen.query_one(CriteriaTable)
        await pilot.press("j", "enter")  # the Execution gate
        assert app.focused is criteria
        before = [c.id for c in workflow_on_disk(app).stage("execution").gate]

        def gate():
            return [(c.id, c.text, c.must) for c in workflow_on_disk(app).stage("execution").gate]

        await pilot.press("n")
        await answer(pilot, "Security review")
        assert gate()[-1] == ("security-review", "Security review", True)
        assert criteria.current.id == "security-review"
        await pilot.press("m", "e")
        await answer(pilot, "Pen test passed")
        assert gate()[-1] == ("security-review", "Pen test passed", False)
        await pilot.press("K")
        await pilot.pause()
        assert gate()[-2][0] == "security-review"
        await pilot.press("delete")
        await pilot.pause()
        assert [c[0] for c in gate()] == before
        await pilot.press("u")
        await pilot.pause()
        assert gate()[-2] == ("security-review", "Pen test passed", False)
        await pilot.press("escape")  # back to the stages, not off the screen
        await pilot.pause()
        assert isinstance(app.screen, BoardAdminScreen)
        assert app.focused is screen.query_one(StageTable)


async def test_keys_on_an_empty_gate_say_so(store, app_for) -> None:
    repo = reopen(store)
    board_id = repo.boards.all()[0].id
    for criterion in repo.boards.get(board_id).workflow.stage("initiation").gate:
        repo.boards.remove_criterion(board_id, "initiation", criterion.id)
    repo.close()
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_admin(pilot)
        assert "No criteria: a card leaves this stage with a plain Go." in screen_text(app)
        await pilot.press("enter", "e", "m", "delete", "K")
        await pilot.pause()
        assert notices(app) == ["No criterion here: n adds one."] * 4


async def test_a_board_is_added_from_a_template_renamed_and_shown_on_the_board(
    store, app_for
) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot)
        await pilot.press("N")
        await answer(pilot, "test BOARD")  # a name in use, in another case
        assert "has that name" in str(app.screen.query_one("#prompt-error", Label).content)
        await answer(pilot, "Pilot")
        prompt = app.screen
        assert isinstance(prompt, ChoicePrompt)
        await pilot.press("j", "j", "j", "enter")  # copy, service, service-zh, simple
        await pilot.pause()
        added = next(b for b in on_disk(app).boards.all() if b.name == "Pilot")
        assert screen.board_id == added.id
        assert [s.id for s in added.workflow.stages] == ["todo", "doing", "done"]
        assert "Workflow  Pilot  3 stages" in screen_text(app)
        await pilot.press("E")
        await answer(pilot, "Pilot 2027")
        assert on_disk(app).boards.get(added.id).name == "Pilot 2027"
        await pilot.press("escape")
        await pilot.pause()
        assert board(app).board_id == added.id
        assert [c.stage.id for c in board(app).columns] == ["todo", "doing", "done"]


async def test_a_board_added_and_undone_leaves_the_screen_on_the_first_board(
    store, app_for
) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot)
        first = screen.board_id
        await pilot.press("N")
        await answer(pilot, "Pilot")
        await pilot.press("enter")  # a copy of this board's workflow
        await pilot.pause()
        assert screen.board_id != first
        await pilot.press("u")
        await pilot.pause()
        assert app.screen is screen and screen.board_id == first
        assert [b.name for b in on_disk(app).boards.all()] == ["Test board"]


async def test_names_are_shown_as_typed_never_as_markup(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_admin(pilot)
        await pilot.press("e")
        await answer(pilot, "[bold]Start[/bold] [@click=app.quit]")
        assert "[bold]Start[/bold] [@click=app.quit]" in screen_text(app)
        assert app.is_running


async def test_help_lists_the_keys_of_the_list_in_use(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_admin(pilot)
        for focus, said in (
            (["question_mark"], {("w", "Set the stage's WIP limit"), ("E", "Rename this board")}),
            (
                ["enter", "question_mark"],
                {("m", "Make the criterion must (blocks a plain Go) or should")},
            ),
        ):
            await pilot.press(*focus)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            assert said <= set(app.screen.keys)
            await pilot.press("escape")


async def test_the_workflow_of_the_chinese_sample_lines_up(sample_zh, app_for) -> None:
    app = app_for(sample_zh)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_admin(pilot)
        table = screen.query_one(StageTable)
        lines = [table.line_text(y) for y in range(1, 7)]
        assert "项目执行" in lines[1]
        ids = [line.index(row.stage.id) for line, row in zip(lines, table.rows, strict=True)]
        assert len({cells(line[:at]) for line, at in zip(lines, ids, strict=True)}) == 1
        assert {cells(line) for line in lines} == {80}
        assert "Gate of 项目启动" in screen_text(app)


# ----- the card detail: to another board, delete --------------------------------------------


def with_support_board(store) -> str:
    repo = Repository(store, who=WHO)
    support = repo.boards.add("Support", load_template("support").workflow).id
    repo.close()
    return support


async def open_detail(pilot, title: str) -> CardDetail:
    await put_cursor_on(pilot, title)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CardDetail)
    return pilot.app.screen


async def test_b_moves_a_card_to_the_stage_chosen_on_another_board(store, app_for) -> None:
    support = with_support_board(store)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, OPEN)
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("enter")  # Support: the only other board
        await pilot.pause()
        await pilot.press("j", "enter")  # In progress (Triage first, highlighted)
        await pilot.pause()
        moved = card_named(on_disk(app), OPEN)
        assert (moved.board, moved.stage) == (support, "in-progress")
        assert notices(app)[-1] == "Moved to Support, In progress. u undoes."
        assert "In progress" in screen_text(app)  # the detail shows it there
        await pilot.press("escape")
        await pilot.pause()
        assert OPEN not in titles(board(app).columns[0])
        await pilot.press("u")
        await pilot.pause()
        assert card_named(on_disk(app), OPEN).board != support
        assert OPEN in titles(board(app).columns[0])


async def test_b_with_no_other_board_says_so(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, OPEN)
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, CardDetail)
        assert notices(app)[-1] == "No other board: w on the board adds one."


async def test_x_deletes_a_card_after_a_confirm_and_u_brings_it_back(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, THIRD)
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("enter")  # "No, keep it" is highlighted
        await pilot.pause()
        assert isinstance(app.screen, CardDetail)
        await pilot.press("X", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert THIRD not in titles(board(app).columns[0])
        assert THIRD not in [c.title for c in on_disk(app).cards.on_board(board_id_of(app))]
        short = notices(app)[-1].split()[1].rstrip(".")
        assert notices(app)[-1] == f"Deleted {short}. u undoes."
        await pilot.press("u")
        await pilot.pause()
        assert card_named(on_disk(app), THIRD).title == THIRD
        assert THIRD in titles(board(app).columns[0])


async def test_x_on_a_card_that_a_risk_names_is_refused_at_once(store, app_for) -> None:
    repo = Repository(store, who=WHO)
    card = card_named(repo, OPEN)
    repo.risks.add(card.board, "Vendor late", card=card.id)
    repo.close()
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, OPEN)
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, CardDetail)
        assert notices(app)[-1] == "records name this card (1 risk): archive it instead"
        assert on_disk(app).cards.has(card.id)


async def test_the_palette_runs_the_keys_of_the_list_in_use(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_admin(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await fill(pilot, "WIP")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await answer(pilot, "4")
        assert workflow_on_disk(app).stage("initiation").wip_limit == 4


@pytest.mark.parametrize("theme", THEMES)
async def test_every_text_reads_in_every_theme(store, app_for, theme) -> None:
    repo = Repository(store, who=WHO)
    repo.boards.set_wip(repo.boards.all()[0].id, "initiation", 1)  # over its limit: a warning
    repo.close()
    app = app_for(store, theme=theme)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_admin(pilot)
        assert app.theme == theme
        assert hard_to_read(screen, needed_in(theme)) == []
        await pilot.press("enter", "j")  # the gate's list has the cursor, the stages' is blurred
        await pilot.pause()
        assert hard_to_read(screen, needed_in(theme)) == []
