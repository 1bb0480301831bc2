"""The card detail: the checklist keys, card keys from the detail, and the way back.

Checklist changes are judged on the card in the store (read back by a second repository);
the way back checks that the board shows what the detail changed.
"""

from __future__ import annotations

from conftest import (
    OPEN,
    READY,
    THIRD,
    active_column,
    board,
    card_line,
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
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.gate_review import GateReview
from pstui.ui.screens.prompt import TextPrompt

SIZE = (80, 24)


async def open_detail(pilot, title: str) -> CardDetail:
    await put_cursor_on(pilot, title)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CardDetail)
    return screen


def checklist(screen: CardDetail) -> OptionList:
    return screen.query_one("#checklist", OptionList)


def items(app, title: str = OPEN):
    return card_named(on_disk(app), title).checklist


async def test_the_detail_shows_the_fields_checklist_and_history(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, OPEN)
        assert OPEN in str(screen.query_one("#detail-head", Static).content)
        fields = str(screen.query_one("#detail-fields", Static).content)
        assert "Initiation" in fields and "Globex" in fields and "Bob Stone" in fields
        title = str(screen.query_one("#checklist-title", Static).content)
        assert title == "Checklist: Initiation (0/5)"
        assert checklist(screen).option_count == 5
        assert checklist(screen).highlighted == 0
        assert screen.focused is checklist(screen)
        history = str(screen.query_one("#detail-history", Static).content)
        assert "added 'Open musts here' to Initiation" in history


async def test_space_ticks_the_highlighted_item_and_j_k_move(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, OPEN)
        await pilot.press("space")
        await pilot.pause()
        first = items(app)[0]
        assert first.done and first.done_by == "tester" and first.done_at
        assert not any(i.done for i in items(app)[1:])
        assert "(1/5)" in str(screen.query_one("#checklist-title", Static).content)
        assert checklist(screen).highlighted == 0  # the highlight stays on the item
        await pilot.press("space")
        await pilot.pause()
        first = items(app)[0]
        assert not first.done and first.done_by == "" and first.done_at is None
        await pilot.press("j", "j")  # j and k move the highlight
        assert checklist(screen).highlighted == 2
        await pilot.press("k")
        assert checklist(screen).highlighted == 1
        await pilot.press("space")
        await pilot.pause()
        assert [i.done for i in items(app)] == [False, True, False, False, False]


async def test_n_adds_an_item(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, OPEN)
        await pilot.press("n")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")  # the text is required
        assert isinstance(app.screen, TextPrompt)
        await fill(pilot, "Book the kick-off room")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        added = items(app)[-1]
        assert (added.text, added.must, added.done) == ("Book the kick-off room", False, False)
        assert checklist(screen).option_count == 6
        assert checklist(screen).highlighted == 5  # the highlight goes to the new item


async def test_i_o_w_m_edit_the_highlighted_item(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, OPEN)
        await pilot.press("j", "i")
        assert app.screen.query_one("#prompt-input").value == items(app)[1].text
        await fill(pilot, "Scope: two plants only")
        await pilot.press("enter")
        await pilot.pause()
        assert items(app)[1].text == "Scope: two plants only"

        await pilot.press("o")
        await fill(pilot, "Alice Chen")
        await pilot.press("enter")
        await pilot.pause()
        assert items(app)[1].owner == "Alice Chen"
        assert "@Alice Chen" in str(checklist(screen).get_option_at_index(1).prompt)

        await pilot.press("w")
        await fill(pilot, "someday")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)  # a bad date keeps the prompt open
        assert "not a date" in str(app.screen.query_one("#prompt-error", Label).content)
        await fill(pilot, "2026-11-29")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert items(app)[1].due == "2026-11-29"
        # Humanized against the app's frozen day, 2026-11-22.
        assert "in 1 week" in str(checklist(screen).get_option_at_index(1).prompt)

        assert items(app)[1].must
        await pilot.press("m")
        await pilot.pause()
        assert not items(app)[1].must
        await pilot.press("m")
        await pilot.pause()
        assert items(app)[1].must
        assert checklist(screen).highlighted == 1  # every edit kept the highlight


async def test_delete_removes_the_item(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, OPEN)
        doomed = items(app)[1]
        await pilot.press("j", "delete")
        await pilot.pause()
        left = items(app)
        assert len(left) == 4 and doomed.id not in {i.id for i in left}
        assert checklist(screen).option_count == 4
        assert checklist(screen).highlighted == 1


async def test_L_from_the_detail_moves_a_complete_card_on(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, READY)
        await pilot.press("L")
        await pilot.pause()
        assert app.screen is screen
        card = card_named(on_disk(app), READY)
        assert card.stage == "execution"
        assert [d.outcome for d in card.decisions] == [Outcome.GO]
        assert str(screen.query_one("#checklist-title", Static).content).startswith(
            "Checklist: Execution (0/"
        )
        past = str(screen.query_one("#detail-past", Static).content)
        assert "Initiation (4/5)" in past and "GO" in past
        assert "all must items done" in past


async def test_L_from_the_detail_opens_the_gate_when_musts_are_open(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, OPEN)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, GateReview)
        await pilot.press("o", "enter")  # Hold from the detail's review
        await pilot.pause()
        assert isinstance(app.screen, CardDetail)
        past = str(app.screen.query_one("#detail-past", Static).content)
        assert "HOLD" in past


async def test_escape_returns_to_the_board_which_shows_the_changes(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, OPEN)
        await pilot.press("space", "j", "space")
        await pilot.press("e")
        await fill(pilot, "Renamed in the detail")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        column = active_column(app)
        assert "Renamed in the detail" in titles(column)
        assert board(app).current_card().title == "Renamed in the detail"
        assert board(app).current_card().progress == (2, 5)
        meta = card_line(column, column.cursor, 1)  # progress, due, assignee
        assert meta.lstrip().startswith("0d 2/5")  # days in stage, then progress


async def test_card_keys_work_in_the_detail(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, OPEN)
        await pilot.press("b")
        await fill(pilot, "legal review")
        await pilot.press("enter")
        await pilot.pause()
        assert card_named(on_disk(app), OPEN).blocked
        assert "legal review" in str(screen.query_one("#detail-fields", Static).content)
        await pilot.press("u")
        await pilot.pause()
        assert not card_named(on_disk(app), OPEN).blocked
        assert notices(app)[-1].startswith("blocked ")


async def test_checklist_keys_on_an_empty_checklist_say_so(store, app_for) -> None:
    repo = reopen(store)
    card = card_named(repo, THIRD)
    for item in card.checklist:
        repo.cards.remove_item(card.id, item.id)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, THIRD)
        for key in ("space", "i", "m", "delete"):
            await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, CardDetail)
        assert notices(app) == ["No checklist item here: n adds one."] * 4


async def test_the_detail_opens_at_the_title_and_follows_the_cursor_below_the_fold(
    store, app_for
) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        card = card_named(app.repo, OPEN)
        app.repo.cards.edit(card.id, description="\n".join(f"line {n}" for n in range(12)))
        screen = await open_detail(pilot, OPEN)
        detail = screen.query_one("#detail")
        head = screen.query_one("#detail-head", Static)
        assert detail.scroll_y == 0
        assert detail.region.contains_region(head.region)
        assert not detail.region.contains_region(checklist(screen).region)  # below the fold

        for _ in range(len(card.checklist) - 1):
            await pilot.press("j")
        await pilot.pause()
        assert checklist(screen).highlighted == len(card.checklist) - 1
        assert detail.scroll_y > 0
        assert detail.region.contains_region(checklist(screen).region)
