"""Keys typed faster than the app handles them land where the user meant (#21).

A terminal hands the app a burst of keys at once (a paste of keystrokes, `tmux send-keys`,
a fast typist): every key is queued before the first is handled. Textual pushes a screen
and moves the focus later than it queues keys, so without care the keys after `n` went to
the board (lost), and the keys after a prompt's Enter were typed into the prompt still
(several titles in one card, then the prompt dismissed twice). These tests post the whole
burst before letting the app run, as the terminal does.
"""

from __future__ import annotations

from conftest import THIRD, board, card_named, on_disk, put_cursor_on, titles
from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input

from pstui.ui.screens.board import BoardScreen
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.prompt import TextPrompt

SIZE = (80, 24)


def burst(app, text: str) -> None:
    """Queue one key event per character of `text` (\\n is Enter) without letting the app
    handle any of them yet."""
    for char in text:
        if char == "\n":
            app.post_message(events.Key("enter", "\r"))
        else:
            key = char if char.isalnum() else _character_to_key(char)
            app.post_message(events.Key(key, char))


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()


async def test_a_burst_of_new_cards_makes_one_card_per_title(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "nalpha one\nnbeta two\nngamma\n")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        column = board(app).columns[0]
        assert titles(column)[-3:] == ["alpha one", "beta two", "gamma"]
        assert [c.title for c in on_disk(app).cards.column(board(app).board_id, "initiation")][
            -3:
        ] == ["alpha one", "beta two", "gamma"]


async def test_a_burst_typed_into_an_open_prompt_goes_on_to_the_board(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        burst(app, "alpha one\nnbeta two\n")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert titles(board(app).columns[0])[-2:] == ["alpha one", "beta two"]


async def test_a_burst_of_card_edits_sets_each_field(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, THIRD)
        burst(app, "eRenamed\naZoe Ray\ncUmbrella\ntone two\nd2026-12-24\n")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        card = card_named(on_disk(app), "Renamed")
        assert (card.assignee, card.client) == ("Zoe Ray", "Umbrella")
        assert set(card.tags) == {"one", "two"}
        assert str(card.due) == "2026-12-24"


async def test_a_burst_through_the_filter_types_the_filter_then_moves_on(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "/musts\neOpen musts renamed\n")
        await settle(pilot)
        screen = board(app)
        assert screen.query_one("#filter", Input).value == "musts"
        assert app.focused is None  # Enter kept the filter and gave the keys back
        assert titles(screen.columns[0]) == ["Open musts renamed"]  # `e` edited the card
        assert card_named(on_disk(app), "Open musts renamed").client == "Globex"


async def test_a_burst_through_a_choice_switches_the_board(sample, app_for) -> None:
    app = app_for(sample)
    async with app.run_test(size=SIZE) as pilot:
        boards = app.repo.boards.all()
        burst(app, "Bj\nnticket\n")
        await settle(pilot)
        screen = board(app)
        assert screen.board_id == boards[1].id
        assert titles(screen.columns[0])[-1] == "ticket"


async def test_a_prompt_answers_once_however_often_it_is_dismissed(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        answers: list[str | None] = []
        prompt = TextPrompt("Question")
        app.push_screen(prompt, answers.append)
        await pilot.pause()
        prompt.dismiss("first")
        prompt.dismiss("second")  # a second Enter queued behind the first
        await pilot.pause()
        assert answers == ["first"]
        assert isinstance(app.screen, BoardScreen)

        choice = ChoicePrompt("Pick", [("a", "A"), ("b", "B")])
        app.push_screen(choice, answers.append)
        await pilot.pause()
        choice.dismiss("a")
        choice.dismiss("b")
        await pilot.pause()
        assert answers == ["first", "a"]
        assert isinstance(app.screen, BoardScreen)
