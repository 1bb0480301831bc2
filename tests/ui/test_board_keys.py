"""Every key of the board, pressed through Pilot, judged by state: store, screen, cursor.

A key that only changes pixels is not tested here (the snapshots do that); each test asserts
what the key did to the repository (read back from disk by a second process where it
matters), which screen is on top, or where the cursor is.
"""

from __future__ import annotations

import pendulum
from conftest import (
    EXEC,
    INITIATION_TITLES,
    OPEN,
    READY,
    THIRD,
    TODAY,
    active_column,
    board,
    card_line,
    card_named,
    fill,
    notices,
    on_disk,
    put_cursor_on,
    reopen,
    screen_text,
    strip_texts,
    titles,
    type_text,
)
from textual.command import CommandPalette
from textual.widgets import Input, Label, OptionList, Static, TextArea

from pstui.model.card import KINDS, Outcome
from pstui.model.gate import AUTO_GO_NOTE
from pstui.store import cards as cards_store
from pstui.ui.screens import board as board_module
from pstui.ui.screens.board import BoardScreen
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.editor import EditorPrompt
from pstui.ui.screens.gate_review import GateReview
from pstui.ui.screens.help import HelpScreen
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.widgets.card_column import THUMB, CardColumn

SIZE = (80, 24)


def prompt_error(app) -> str:
    return str(app.screen.query_one("#prompt-error", Label).content)


# ----- cursor ---------------------------------------------------------------------------------


async def test_column_keys_move_the_active_column(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = board(app)
        assert screen.active == 0
        await pilot.press("l")
        assert screen.active == 1
        assert [c.active for c in screen.columns[:3]] == [False, True, False]
        assert screen.current_card().title == EXEC
        await pilot.press("right")
        assert screen.active == 2
        await pilot.press("h")
        assert screen.active == 1
        await pilot.press("left")
        assert screen.active == 0
        await pilot.press("left")  # the first column is a wall, not a wrap
        assert screen.active == 0
        assert screen.current_card().title == READY


async def test_row_keys_move_the_cursor_in_the_column(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        column = active_column(app)
        assert titles(column) == INITIATION_TITLES
        await pilot.press("j")
        assert column.cursor == 1
        await pilot.press("down", "down")  # stops on the last card
        assert column.cursor == 2
        assert board(app).current_card().title == THIRD
        await pilot.press("k")
        assert column.cursor == 1
        await pilot.press("up")
        assert column.cursor == 0
        assert board(app).current_card().title == READY
        await pilot.press("end")
        assert column.cursor == 2
        await pilot.press("home")
        assert column.cursor == 0


async def test_the_board_scrolls_sideways_to_follow_the_cursor(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = board(app)
        names = [c.stage.name for c in screen.columns]
        assert screen.shown_columns() == screen.columns[:3]  # 80 // 26 columns fit
        assert headers_on_screen(app, names) == names[:3]
        for _ in range(5):
            await pilot.press("l")
        await pilot.pause()
        assert screen.active == 5
        assert screen.shown_columns() == screen.columns[3:]
        assert headers_on_screen(app, names) == names[3:]
        bar = str(screen.query_one("#board-bar", Static).content)
        assert "stages 4-6 of 6" in bar


def headers_on_screen(app, names: list[str]) -> list[str]:
    """The stage names found, in order, on the screen line that holds the column headers."""
    line = screen_text(app).splitlines()[2]
    return sorted((n for n in names if n[:8] in line), key=lambda n: line.index(n[:8]))


async def test_a_long_column_draws_its_scroll_bar_and_keeps_the_cursor_in_view(
    store, app_for
) -> None:
    add_fillers(store, 40)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        column = active_column(app)
        bottom = column.size.height - 1  # the frame's bottom line
        # 18 card lines show 18 of 132: a short thumb, at the top (the frame's line 0, the
        # header's 1, a blank 2).
        assert thumb_rows(column) == [3, 4]
        await pilot.press("end")
        await pilot.pause()
        assert column.cursor == len(column.cards) - 1
        assert thumb_rows(column) == [bottom - 2, bottom - 1]
        # The last card is drawn in full above the bottom border.
        assert card_line(column, column.cursor, 0).startswith(
            app.repo.cards.short_id(column.current_id)
        )
        await pilot.press("home")
        await pilot.pause()
        assert column.top == 0 and thumb_rows(column) == [3, 4]


async def test_the_first_frame_draws_every_column_from_its_first_card(
    store, app_for, monkeypatch
) -> None:
    """The board fills its columns before they are laid out; a column with no height yet
    must not scroll to its cursor (it used to scroll by a card, drawn so for one frame)."""
    first_top: dict[str, int] = {}
    draw = CardColumn.render_line

    def spy(column: CardColumn, y: int):
        first_top.setdefault(column.stage.id, column.top)
        return draw(column, y)

    monkeypatch.setattr(CardColumn, "render_line", spy)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any(column.cards for column in board(app).shown_columns())
    assert first_top and set(first_top.values()) == {0}


async def test_what_a_card_move_redraws_is_what_a_full_redraw_shows(store, app_for) -> None:
    """Moves redraw only the rows that changed: the screen must be the same as if every
    column had been drawn again from scratch."""
    add_fillers(store, 30)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        steps = ["j j j j", "K", "K", "J", "end", "K", "k k", "J", "l", "H", "h", "home", "J"]
        for step in steps:
            await pilot.press(*step.split())
            await pilot.pause()
            shown = screen_text(app)
            for column in board(app).columns:
                column.refresh()
            await pilot.pause()
            assert screen_text(app) == shown, step


async def test_a_new_card_that_makes_short_ids_longer_redraws_every_column(
    store, app_for, monkeypatch
) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        other = board(app).columns[0].current_id  # a card in another column than the new one
        before = app.repo.cards.short_id(other)
        # The new card's id ends like that card's: both need a longer short id now, and one
        # char longer only (the char before the shared tail differs).
        made = iter(range(10))
        apart = "X" if other[-5] != "X" else "Y"
        monkeypatch.setattr(
            cards_store, "new_id", lambda: f"01KZZZZZZZZZZZZZZZZZ{next(made)}{apart}{other[-4:]}"
        )
        await pilot.press("l", "n")
        await type_text(pilot, "Clashing tail")
        await pilot.press("enter")
        await pilot.pause()
        longer = app.repo.cards.short_id(other)
        assert len(longer) == len(before) + 1
        shown = screen_text(app)
        assert longer in shown
        for column in board(app).columns:
            column.refresh()
        await pilot.pause()
        assert screen_text(app) == shown


async def test_undo_redraws_the_card_it_changes_not_only_the_cursor(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        await pilot.press("e")
        await fill(pilot, "Renamed once")
        await pilot.press("enter")
        await pilot.pause()
        assert "Renamed once" in screen_text(app)
        await pilot.press("j", "u")  # the undone card is no longer under the cursor
        await pilot.pause()
        assert "Renamed once" not in screen_text(app)
        assert OPEN in screen_text(app)


def add_fillers(store, count: int) -> None:
    """`count` more cards in the first column, as another process would add them."""
    repo = reopen(store)
    board_id = repo.boards.all()[0].id
    for n in range(count):
        repo.cards.add(board_id, f"filler {n}")
    repo.close()


def thumb_rows(column) -> list[int]:
    """The screen rows of a column where its scroll bar's thumb is drawn."""
    return [y for y, row in enumerate(strip_texts(column)) if row.endswith(THUMB + "│")]


async def test_every_column_header_shows_its_wip_count(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = screen_text(app).splitlines()[2]  # the columns' first lines
        for column in board(app).shown_columns():
            total = len(column.cards)
            assert f"{total}/{column.stage.wip_limit}" in header, column.stage.name


# ----- moving cards between stages ----------------------------------------------------------


async def test_move_on_with_every_must_done_passes_the_gate_as_go(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, READY)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        card = card_named(on_disk(app), READY)
        assert card.stage == "execution"
        [decision] = card.decisions
        assert decision.outcome is Outcome.GO
        assert decision.note == AUTO_GO_NOTE == "all must items done"
        assert decision.stage == "initiation" and decision.to == "execution"
        assert decision.by == "tester"
        # The cursor followed the card into its new column.
        assert board(app).active == 1
        assert board(app).current_card().title == READY
        assert READY not in titles(board(app).columns[0])
        await pilot.press("shift+right")  # Execution's must items are open: the review
        await pilot.pause()
        assert isinstance(app.screen, GateReview)
        await pilot.press("escape", "shift+left")  # back needs no gate and records nothing
        await pilot.pause()
        card = card_named(on_disk(app), READY)
        assert card.stage == "initiation" and len(card.decisions) == 1
        assert board(app).active == 0 and board(app).current_card().title == READY


async def test_move_on_with_open_musts_opens_the_gate_review(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, GateReview)
        assert app.screen.card.title == OPEN
        card = card_named(on_disk(app), OPEN)
        assert card.stage == "initiation" and card.decisions == []


async def test_move_back_needs_no_gate(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, EXEC)
        await pilot.press("H")
        await pilot.pause()
        card = card_named(on_disk(app), EXEC)
        assert card.stage == "initiation"
        assert card.decisions == []
        assert board(app).active == 0
        assert board(app).current_card().title == EXEC
        await pilot.press("H")  # nothing before the first stage: a warning, no change
        assert card_named(on_disk(app), EXEC).stage == "initiation"
        assert notices(app)[-1] == "No stage that way."


# ----- order inside a column ----------------------------------------------------------------


async def test_move_up_and_down_reorder_the_column(store, app_for) -> None:
    app = app_for(store)

    def stored() -> list[str]:
        repo = on_disk(app)
        column = repo.cards.column(repo.boards.all()[0].id, "initiation")
        ranks = [c.rank for c in column]
        assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)
        return [c.title for c in column]

    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, THIRD)
        for key, order, cursor in [
            ("K", [READY, THIRD, OPEN], 1),
            ("shift+up", [THIRD, READY, OPEN], 0),
            ("K", [THIRD, READY, OPEN], 0),  # already first: nothing changes
            ("J", [READY, THIRD, OPEN], 1),
            ("shift+down", [READY, OPEN, THIRD], 2),
        ]:
            await pilot.press(key)
            await pilot.pause()
            assert stored() == order, key
            assert titles(active_column(app)) == order, key
            assert active_column(app).cursor == cursor, key
            assert board(app).current_card().title == THIRD  # the cursor moves with the card


# ----- new card and field edits -------------------------------------------------------------


async def test_n_creates_a_card_in_the_active_column(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "n")
        assert isinstance(app.screen, TextPrompt)
        await fill(pilot, "Never mind")
        await pilot.press("escape")  # backs out: nothing created
        assert isinstance(app.screen, BoardScreen)
        assert on_disk(app).cards.count() == 4
        await pilot.press("n")
        await pilot.press("enter")  # a title is required: the prompt stays
        assert isinstance(app.screen, TextPrompt)
        assert "needed" in prompt_error(app)
        await type_text(pilot, "Kick-off workshop")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        card = card_named(on_disk(app), "Kick-off workshop")
        assert card.stage == "execution"
        assert titles(active_column(app)) == [EXEC, "Kick-off workshop"]
        assert board(app).current_card().id == card.id


async def test_e_edits_the_title(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        await pilot.press("e")
        assert app.screen.query_one(Input).value == OPEN  # starts from the current title
        await fill(pilot, "Renamed card")
        await pilot.press("enter")
        await pilot.pause()
        assert "Renamed card" in titles(active_column(app))
        assert on_disk(app).cards.get(board(app).current_card().id).title == "Renamed card"


async def test_a_c_t_set_assignee_client_and_tags(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, THIRD)
        for key, typed, field, expected in [
            ("a", "Dana Scully", "assignee", "Dana Scully"),
            ("c", "Umbrella Corp", "client", "Umbrella Corp"),
            ("t", "alpha, #beta gamma", "tags", ["alpha", "beta", "gamma"]),
        ]:
            await pilot.press(key)
            assert isinstance(app.screen, TextPrompt), key
            if key == "a":
                hint = str(app.screen.query_one("#prompt-hint", Label).content)
                assert hint == "Enter sets Alice Chen"  # the known name, completed
            await fill(pilot, typed)
            await pilot.press("enter")
            await pilot.pause()
            assert getattr(card_named(on_disk(app), THIRD), field) == expected, key
        await pilot.press("a", "ctrl+u", "enter")  # an empty answer clears the assignee
        await pilot.pause()
        assert card_named(on_disk(app), THIRD).assignee == ""


async def test_d_sets_the_due_date(store, app_for) -> None:
    app = app_for(store)
    # Relative dates count from the app's date, the frozen TODAY, not the machine's clock.
    today = TODAY
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        for typed, expected in [
            ("2026-12-01", "2026-12-01"),
            ("tomorrow", today.add(days=1).isoformat()),
            ("fri", today.next(pendulum.FRIDAY).isoformat()),
            ("+3d", today.add(days=3).isoformat()),
            ("2w", today.add(weeks=2).isoformat()),
            ("2026-12-06", "2026-12-06"),
        ]:
            await pilot.press("d")
            await fill(pilot, typed)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, BoardScreen), typed
            assert card_named(on_disk(app), OPEN).due == expected, typed
        await pilot.press("d")
        assert app.screen.query_one(Input).value == "2026-12-06"  # starts from the date
        await fill(pilot, "next blue moon")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)  # a bad date keeps the prompt open
        assert prompt_error(app).startswith("not a date: try a date like 2026-12-01")
        assert card_named(on_disk(app), OPEN).due == "2026-12-06"
        await fill(pilot, "")
        await pilot.press("enter")  # empty clears
        await pilot.pause()
        assert card_named(on_disk(app), OPEN).due is None


async def test_relative_due_dates_count_from_the_apps_today(store, app_for) -> None:
    app = app_for(store, today=pendulum.Date(2026, 1, 5))  # far from the machine's clock
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        await pilot.press("d")
        await fill(pilot, "tomorrow")
        await pilot.press("enter")
        await pilot.pause()
        # The board says "tomorrow" for app.today + 1: typing "tomorrow" must mean the same day.
        assert card_named(on_disk(app), OPEN).due == "2026-01-06"


async def test_D_edits_the_description_and_ctrl_s_saves(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        await pilot.press("D")
        assert isinstance(app.screen, EditorPrompt)
        await fill(pilot, "draft")
        await pilot.press("escape", "j", "j", "enter")  # backs out, dropping the draft (#20)
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert card_named(on_disk(app), OPEN).description == ""
        await pilot.press("D")
        assert app.screen.focused is app.screen.query_one(TextArea)
        await type_text(pilot, "Scope:")
        await pilot.press("enter")
        await fill(pilot, app.screen.query_one(TextArea).text + "two sites")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert card_named(on_disk(app), OPEN).description == "Scope:\ntwo sites"


async def test_y_picks_the_kind_from_a_list(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        await pilot.press("y")
        assert isinstance(app.screen, ChoicePrompt)
        options = app.screen.query_one(OptionList)
        assert options.option_count == len(KINDS)
        assert options.highlighted == KINDS.index("engagement")
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert card_named(on_disk(app), OPEN).kind == KINDS[2] == "defect"


async def test_b_blocks_with_a_reason_and_b_again_unblocks(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, THIRD)
        await pilot.press("b")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")  # a reason is required
        assert isinstance(app.screen, TextPrompt)
        assert "needed" in prompt_error(app)
        assert not card_named(on_disk(app), THIRD).blocked
        await fill(pilot, "waiting on the client")
        await pilot.press("enter")
        await pilot.pause()
        card = card_named(on_disk(app), THIRD)
        assert card.blocked and card.blocked_reason == "waiting on the client"
        await pilot.press("b")  # unblocking asks nothing
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        card = card_named(on_disk(app), THIRD)
        assert not card.blocked and card.blocked_reason == ""


async def test_x_archives_the_card_off_the_board(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        await pilot.press("x")
        await pilot.pause()
        assert card_named(on_disk(app), OPEN).archived
        assert titles(active_column(app)) == [READY, THIRD]
        # The cursor stays in place, now on the next card.
        assert board(app).current_card().title == THIRD
        await pilot.press("A")  # the archived view: x restores from there
        await pilot.pause()
        assert titles(active_column(app)) == [OPEN]
        assert "ARCHIVED" in str(board(app).query_one("#board-bar", Static).content)
        await pilot.press("x", "A")
        await pilot.pause()
        assert not card_named(on_disk(app), OPEN).archived
        assert titles(active_column(app)) == INITIATION_TITLES


async def test_reorder_in_the_archived_view_is_refused_not_a_crash(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x", "x", "A")  # two archived cards, shown in the archived view
        await pilot.pause()
        assert titles(active_column(app)) == [READY, OPEN]
        # What J runs. Pressing J itself crashes the app the same way, but Textual then
        # renders a traceback with locals on the way out, which costs the run ~15 s.
        board(app).action_reorder(1)
        await pilot.pause()
        assert app.is_running
        assert titles(active_column(app)) == [READY, OPEN]
        assert notices(app)[-1]  # says why instead


async def test_u_and_ctrl_z_undo(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        before = card_named(on_disk(app), OPEN)
        await put_cursor_on(pilot, OPEN)
        await pilot.press("x")
        await pilot.press("e")
        await fill(pilot, "Renamed")
        await pilot.press("enter")
        await pilot.pause()
        assert titles(active_column(app)) == [READY, "Renamed"]  # x left the cursor on THIRD
        await pilot.press("u")  # undoes the rename
        await pilot.pause()
        assert titles(active_column(app)) == [READY, THIRD]
        await pilot.press("ctrl+z")  # undoes the archive
        await pilot.pause()
        assert titles(active_column(app)) == INITIATION_TITLES
        after = card_named(on_disk(app), OPEN)
        assert (after.archived, after.title, after.stage) == (False, OPEN, before.stage)
        assert on_disk(app).cards.count() == 4


async def test_keys_with_nothing_to_act_on_say_so(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        before = store.read_bytes()
        await pilot.press("u", "B")
        for _ in range(3):
            await pilot.press("l")
        await pilot.press("e", "x", "g")  # the Acceptance column is empty
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert notices(app) == [
            "Nothing to undo.",
            "This store has one board.",
            "No card here.",
            "No card here.",
            "No card here.",
        ]
        assert store.read_bytes() == before


# ----- filter and boards --------------------------------------------------------------------


async def test_slash_filters_by_assignee_and_escape_clears(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        box = app.screen.query_one("#filter", Input)
        assert box.has_focus and box.display
        await type_text(pilot, "@alice")  # typed: the filter follows each key
        await pilot.pause()
        screen = board(app)
        assert [titles(c) for c in screen.columns[:2]] == [[THIRD], []]
        assert "1 of 3/6" in screen.columns[0].header
        assert "filter: @alice" in str(screen.query_one("#board-bar", Static).content)
        await pilot.press("escape")
        await pilot.pause()
        assert not box.has_focus and not box.display
        assert [titles(c) for c in screen.columns[:2]] == [INITIATION_TITLES, [EXEC]]


async def test_typing_on_after_a_change_finds_the_changed_card(store, app_for) -> None:
    """Typing on tests only the cards the filter kept at the key before, unless the column
    changed meanwhile: a card edited to match shows up at the next key."""
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "thir")
        await pilot.pause()
        screen = board(app)
        assert titles(screen.columns[0]) == [THIRD]
        app.repo.cards.edit(card_named(app.repo, READY).id, title="Third time ready")
        await type_text(pilot, "d")
        await pilot.pause()
        assert titles(screen.columns[0]) == ["Third time ready", THIRD]


async def test_the_filter_box_reads_the_cards_ahead_until_it_closes(
    store, app_for, monkeypatch
) -> None:
    """Opening the filter reads what it looks at in every card of the board, a slice at a
    time, and stops when the box closes."""
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        read: list[str] = []
        facets = app.repo.cards.facets
        monkeypatch.setattr(app.repo.cards, "facets", lambda i: read.append(i) or facets(i))
        everything = [i for c in board(app).columns for i in app.repo.cards.column(
            board(app).board_id, c.stage.id).ids]  # fmt: skip
        assert len(everything) > 2
        await pilot.press("slash")
        await pilot.pause(0.1)
        assert read == everything
        monkeypatch.setattr(board_module, "FACETS_PER_SLICE", 1)
        monkeypatch.setattr(board_module, "SLICE_PAUSE", 0.2)
        await pilot.press("escape")
        read.clear()
        await pilot.press("slash", "escape")
        await pilot.pause(0.5)
        assert read == everything[:1]


async def test_filter_by_word_kept_with_enter(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await fill(pilot, "musts")
        await pilot.press("enter")  # keeps the filter, gives the keys back to the board
        await pilot.pause()
        screen = board(app)
        assert titles(screen.columns[0]) == [OPEN]
        assert screen.focused is None
        await pilot.press("e")  # board keys work again, on the filtered card
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one(Input).value == OPEN
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert titles(screen.columns[0]) == INITIATION_TITLES


async def test_B_switches_to_the_other_board(sample, app_for) -> None:
    app = app_for(sample)
    async with app.run_test(size=SIZE) as pilot:
        screen = board(app)
        boards = app.repo.boards.all()
        assert [b.name for b in boards] == ["Client services", "Support desk"]
        assert screen.board_id == boards[0].id
        await pilot.press("B")
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert screen.board_id == boards[1].id
        assert [c.stage.id for c in screen.columns] == ["triage", "in-progress", "verify", "closed"]
        assert screen.active == 0
        assert titles(screen.columns[0]) == [
            c.title for c in app.repo.cards.column(boards[1].id, "triage")
        ]
        assert "Support desk" in str(screen.query_one("#board-bar", Static).content)


# ----- other screens ------------------------------------------------------------------------


async def test_enter_opens_the_card_detail(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, THIRD)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardDetail)
        assert app.screen.card_id == card_named(app.repo, THIRD).id


async def test_question_mark_lists_every_board_key(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one(Static).content)
        for shown in [
            "Cursor to the column on the left",
            "Move the card to the next stage, through its gate",
            "Block with a reason, or unblock",
            "Undo the last change",
            "Dates: 2026-12-01, today, tomorrow",
        ]:
            assert shown in text
        lines = text.splitlines()
        for binding in BoardScreen.BINDINGS:
            if not binding.description:
                continue
            said = binding.tooltip or binding.description
            [line] = [line for line in lines if line.endswith(said)]
            assert line.split()[0], f"{binding.id}: no key shown"
        assert any(line.startswith("u ^z") for line in lines)
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_q_quits(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_the_command_palette_lists_the_board_actions_and_runs_them(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        assert isinstance(app.screen, CommandPalette)
        options = app.screen.query_one(OptionList)
        listed = {
            str(options.get_option_at_index(n).prompt).split("\n")[0]
            for n in range(options.option_count)
        }
        described = {b.description for b in BoardScreen.BINDINGS if b.description}
        assert described <= listed
        await type_text(pilot, "Gate")
        await pilot.pause(0.3)
        first = str(options.get_option_at_index(0).prompt)
        assert first.startswith("Gate\nOpen the gate review")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GateReview)
        assert app.screen.card.title == OPEN


async def test_back_on_the_board_nothing_keeps_what_a_closed_screen_drew(store, app_for) -> None:
    """Textual's cache of colours per widget (an lru_cache keyed by each widget's
    StylesCache, lines and all) held up to 1,024 widgets of closed screens."""
    from textual._styles_cache import StylesCache

    app = app_for(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("enter")  # a card detail: a screen full of widgets
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
        shown = [w for w in app.screen.walk_children(with_self=True) if w.display]
        assert StylesCache.get_inner_outer.cache_info().currsize <= len(shown)
