"""The board's defects from issue #20's walk: headers fitted again on resize, a plain ctrl+c
message, columns scrolled by whole cards, the over-WIP warning shown and said, a footer
that keeps `? Help` and shows a prompt's own keys, and an editor that asks before it drops
typed text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import (
    OPEN,
    READY,
    WHO,
    active_column,
    board,
    card_named,
    fill,
    notices,
    on_disk,
    put_cursor_on,
    reopen,
    screen_text,
    strip_texts,
)
from readable import DrawnScreen
from textual.widgets import OptionList, TextArea

from pstui.store.repository import Repository
from pstui.store.templates import load_template
from pstui.ui.screens.board import BoardScreen
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.editor import EditorPrompt
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.widgets.card_column import FRAME, HEADER_HEIGHT, OVER_WIP_MARK, ROW_HEIGHT

SIZE = (80, 24)
BIG = (120, 40)
WIDE = (200, 40)


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


# ----- column headers ---------------------------------------------------------------------


async def test_column_headers_are_fitted_again_when_the_terminal_grows(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        acceptance = board(app).columns[2]
        assert "Acceptance & han" in strip_texts(acceptance)[1]
        assert "Acceptance & handover" not in strip_texts(acceptance)[1]  # cut at 80 columns
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert "Acceptance & handover 0/5" in strip_texts(acceptance)[1]
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert "…" in strip_texts(acceptance)[1]  # and cut again when it shrinks


# ----- ctrl+c -------------------------------------------------------------------------------


async def test_ctrl_c_says_which_key_quits_in_plain_words(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)  # still running
        assert notices(app) == ["Press q to quit pstui."]


# ----- scrolling by whole cards -------------------------------------------------------------


def add_cards(path: Path, count: int, stage: str = "initiation") -> None:
    repo = reopen(path)
    board_id = repo.boards.all()[0].id
    for n in range(count):
        repo.cards.add(board_id, f"filler {n}", stage=stage)
    repo.close()


def first_card_line(column) -> str:
    """The first line drawn below the column's header."""
    return strip_texts(column)[FRAME + HEADER_HEIGHT]


def assert_whole_cards(app, column) -> None:
    assert column.top % ROW_HEIGHT == 0, column.top
    shown = column.cards[column.top // ROW_HEIGHT]
    assert app.repo.cards.short_id(shown.id) in first_card_line(column)
    assert shown.title in first_card_line(column)


async def test_a_column_is_scrolled_by_whole_cards_with_the_filter_open(store, app_for) -> None:
    add_cards(store, 20)
    app = app_for(store)
    async with app.run_test(size=BIG) as pilot:  # 34 lines for the cards, 31 with the filter
        await pilot.press("end")
        await pilot.pause()
        column = active_column(app)
        assert_whole_cards(app, column)
        await pilot.press("slash")  # the filter box takes four lines from the columns
        await pilot.pause()
        assert_whole_cards(app, column)
        assert column.current_id is not None
        cursor_line = (column.cursor * ROW_HEIGHT) - column.top
        assert cursor_line + ROW_HEIGHT - 1 <= column.size.height - 2 * FRAME - HEADER_HEIGHT


@pytest.mark.parametrize("height", [22, 23, 25, 26])
async def test_a_column_is_scrolled_by_whole_cards_after_a_resize(store, app_for, height) -> None:
    add_cards(store, 20)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end")
        await pilot.resize_terminal(80, height)
        await pilot.pause()
        column = active_column(app)
        assert_whole_cards(app, column)
        await pilot.press("up", "up", "up", "up", "up", "up", "up", "up")
        await pilot.pause()
        assert_whole_cards(app, column)


# ----- the WIP limit ------------------------------------------------------------------------


@pytest.fixture
def tight(tmp_path: Path) -> Path:
    """Initiation at its limit of 3 (READY can pass its gate), Execution at its limit of 1."""
    workflow = load_template("service").workflow
    limits = {"initiation": 3, "execution": 1}
    stages = tuple(replace(s, wip_limit=limits.get(s.id, s.wip_limit)) for s in workflow.stages)
    path = tmp_path / "pstui.json"
    repo = Repository.create(path, "Tight", replace(workflow, stages=stages), who=WHO)
    board_id = repo.boards.all()[0].id
    ready = repo.cards.add(board_id, READY)
    for item in ready.checklist:
        repo.cards.toggle_item(ready.id, item.id)
    for title in (OPEN, "Third"):
        repo.cards.add(board_id, title)
    repo.cards.add(board_id, "Doing", stage="execution")
    repo.close()
    return path


async def test_the_active_columns_header_shows_it_is_over_its_wip_limit(tight, app_for) -> None:
    add_cards(tight, 1)  # Initiation 4/3
    app = app_for(tight)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        column = active_column(app)
        assert column.stage.id == "initiation" and column.active
        drawn = DrawnScreen(app.screen)
        y = column.region.y + FRAME
        name = drawn.run("Initiation", y, column.region)
        count = drawn.run(f"4/3{OVER_WIP_MARK}", y, column.region)
        # The count is a warning swatch, on the active header as on the others.
        assert count.ground != name.ground
        execution = board(app).columns[1]
        drawn_count = drawn.run("1/1", y, execution.region)
        assert drawn_count.ground == drawn.run("Execution", y, execution.region).ground


async def test_a_move_past_the_wip_limit_says_so(tight, app_for) -> None:
    app = app_for(tight)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, READY)
        await pilot.press("L")  # through the gate into Execution: 2 cards, limit 1
        await pilot.pause()
        assert card_named(on_disk(app), READY).stage == "execution"
        assert notices(app)[-1] == "Execution is past its WIP limit of 1: 2 cards."
        said = len(notices(app))
        await pilot.press("H")  # back into Initiation: 3 of 3, not past it
        await pilot.pause()
        assert len(notices(app)) == said
        await pilot.press("n")
        await fill(pilot, "One too many")
        await pilot.press("enter")
        await pilot.pause()
        assert notices(app)[-1] == "Initiation is past its WIP limit of 3: 4 cards."


async def test_a_reload_past_the_wip_limit_is_shown_not_said(tight, app_for) -> None:
    app = app_for(tight)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = len(notices(app))
        add_cards(tight, 1, stage="execution")  # another clone's card, pulled
        app.check_store()
        await app.workers.wait_for_complete()
        await pilot.pause()
        execution = board(app).columns[1]
        assert execution.over_wip and len(execution.cards) == 2
        assert not [n for n in notices(app)[said:] if "WIP" in n]


# ----- the footer -------------------------------------------------------------------------


async def test_the_footer_keeps_help_at_60_columns(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        line = footer(app)
        assert "? Help" in line and "n New" in line and "…" in line, line
        await pilot.press("enter")  # the card detail: more keys than fit
        await pilot.pause()
        line = footer(app)
        assert "? Help" in line and "…" in line, line


async def test_a_prompt_shows_its_own_keys_in_the_footer(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        line = footer(app)
        assert "⏎ OK" in line and "esc Cancel" in line and "New" not in line, line
        await fill(pilot, "Renamed")
        await pilot.press("enter")  # the footer's Enter answers
        await pilot.pause()
        assert card_named(on_disk(app), "Renamed")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ChoicePrompt)
        line = footer(app)
        assert "⏎ Choose" in line and "esc Cancel" in line and "New" not in line, line
        await pilot.press("j", "enter")
        await pilot.pause()
        assert card_named(on_disk(app), "Renamed").kind == "change"
        await pilot.press("D")
        await pilot.pause()
        line = footer(app)
        assert "^s Save" in line and "esc Cancel" in line and "New" not in line, line


# ----- the description editor ---------------------------------------------------------------


async def open_editor(pilot) -> EditorPrompt:
    await put_cursor_on(pilot, OPEN)
    await pilot.press("D")
    await pilot.pause()
    editor = pilot.app.screen
    assert isinstance(editor, EditorPrompt)
    return editor


async def answer_unsaved(pilot, label: str) -> None:
    """Pick `label` in the "Unsaved changes" question now open."""
    prompt = pilot.app.screen
    assert isinstance(prompt, ChoicePrompt)
    options = prompt.query_one(OptionList)
    labels = [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]
    options.highlighted = labels.index(label)
    await pilot.press("enter")
    await pilot.pause()


async def test_escape_in_the_editor_asks_before_dropping_typed_text(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot)
        await fill(pilot, "a draft")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("escape")  # Escape in the question: keep editing
        await pilot.pause()
        assert app.screen is editor
        assert editor.query_one(TextArea).text == "a draft"
        await pilot.press("escape")
        await pilot.pause()
        await answer_unsaved(pilot, "Drop the changes and go back")
        assert isinstance(app.screen, BoardScreen)
        assert card_named(on_disk(app), OPEN).description == ""
        await open_editor(pilot)
        await fill(pilot, "kept after all")
        await pilot.press("escape")
        await pilot.pause()
        await answer_unsaved(pilot, "Save the description and go back")
        assert isinstance(app.screen, BoardScreen)
        assert card_named(on_disk(app), OPEN).description == "kept after all"


async def test_escape_in_an_unchanged_editor_backs_out_at_once(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
