"""Triage on the board (#19): days in stage and stuck cards, due dates in words, why a card is
blocked or held, the filter's tokens and count, marked cards acted on together (each through
its own gate), assignee names completed, a zoom for the small terminal, and an edit's
history said old -> new."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    EXEC,
    OPEN,
    READY,
    THIRD,
    WHO,
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
from textual.widgets import Input, Label, Static

from pstui.model.card import Outcome
from pstui.model.standup import hold_words
from pstui.store.core import Change
from pstui.store.edits import stamped
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.widgets.card_column import FRAME, HEADER_HEIGHT, MARKED_MARK, STUCK_MARK

SIZE = (80, 24)
ALSO = "Also ready for its gate"  # every must item of Initiation done, like READY
LONG = "A card whose title is far too long for any column of the board at eighty columns wide"
LATER = "Maintenance contract renewal"  # in the last stage, off screen at 80x24: Priya's


@pytest.fixture
def triage_store(store: Path) -> Path:
    """The `store` fixture, plus: a second card ready for its gate, Priya's card in the last
    stage, and READY in Initiation since 2026-11-01 (stuck: the default is 14 days)."""
    repo = reopen(store)
    board_id = repo.boards.all()[0].id
    also = repo.cards.add(board_id, ALSO)
    for item in also.checklist:
        if item.must:
            repo.cards.toggle_item(also.id, item.id)
    repo.cards.add(board_id, LATER, stage="maintenance", assignee="Priya Raman")
    ready = card_named(repo, READY)
    record = stamped({**ready.to_dict(), "stage_since": "2026-11-01T09:00:00+00:00"})
    repo.commit(Change({("cards", ready.id): record}, "edit", "cards", ready.id, "backdated"))
    repo.close()
    return store


def bar(app) -> str:
    return str(board(app).query_one("#board-bar", Static).content)


def count_line(app) -> str:
    return str(board(app).query_one("#filter", Input).border_title)


async def filter_by(pilot, text: str) -> None:
    await pilot.press("slash")
    await fill(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


# ----- what a card says -----------------------------------------------------------------------


async def test_a_card_says_its_days_in_stage_and_stuck_past_the_threshold(
    triage_store, app_for
) -> None:
    app = app_for(triage_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        column = active_column(app)
        ready = titles(column).index(READY)
        # 2026-11-01 to the app's day, 2026-11-22: 21 days, past Initiation's 14.
        assert card_line(column, ready, 1).startswith(f"{STUCK_MARK} 21d ")
        # The others were made on the machine's clock, later than the app's frozen day.
        assert card_line(column, titles(column).index(OPEN), 1).startswith("0d ")


async def test_due_dates_are_said_in_words(triage_store, app_for) -> None:
    repo = reopen(triage_store)
    repo.cards.edit(card_named(repo, OPEN).id, due="2026-11-18")
    repo.cards.edit(card_named(repo, THIRD).id, due="2026-11-22")
    repo.close()
    app = app_for(triage_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        column = active_column(app)
        lines = {title: card_line(column, n, 1) for n, title in enumerate(titles(column))}
        assert "due in 9d" in lines[READY]  # 2026-12-01
        assert "overdue 4d" in lines[OPEN]
        assert "due today" in lines[THIRD]


async def test_the_bar_says_why_the_card_under_the_cursor_is_blocked_or_held(
    triage_store, app_for
) -> None:
    repo = reopen(triage_store)
    repo.cards.set_blocked(card_named(repo, OPEN).id, True, "no VPN access")
    repo.cards.decide(card_named(repo, THIRD).id, Outcome.HOLD, note="budget not approved")
    repo.close()
    app = app_for(triage_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await put_cursor_on(pilot, OPEN)
        assert "! blocked: no VPN access" in bar(app)
        await put_cursor_on(pilot, THIRD)
        assert "hold: budget not approved" in bar(app) and "blocked" not in bar(app)
        await put_cursor_on(pilot, READY)
        assert "hold:" not in bar(app) and "blocked" not in bar(app)


async def test_the_detail_says_the_hold_and_an_edit_old_to_new(triage_store, app_for) -> None:
    repo = reopen(triage_store)
    held = repo.cards.decide(card_named(repo, THIRD).id, Outcome.HOLD, note="budget not approved")
    repo.close()
    assert held.decision is not None
    app = app_for(triage_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await put_cursor_on(pilot, THIRD)
        await pilot.press("d")
        await fill(pilot, "2026-12-05")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CardDetail)
        fields = str(app.screen.query_one("#detail-fields", Static).content)
        assert f"Hold      {hold_words(held.decision)}" in fields
        assert hold_words(held.decision).endswith("by checker: budget not approved")
        history = str(app.screen.query_one("#detail-history", Static).content)
        assert f"{WHO}: edited due none -> 2026-12-05" in history


# ----- the filter's tokens and count ----------------------------------------------------------


async def test_the_filter_counts_matches_by_stage_and_jumps_to_the_first_off_screen(
    triage_store, app_for
) -> None:
    app = app_for(triage_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = board(app)
        assert screen.columns[-1] not in screen.shown_columns()  # Maintenance is off screen
        await filter_by(pilot, "@priya")
        assert count_line(app) == "1 match: Maintenance 1"
        assert screen.current_card().title == LATER  # the cursor went to it
        assert screen.columns[-1] in screen.shown_columns()  # and the board followed
        await filter_by(pilot, "@bob -stage:exec")
        assert count_line(app) == "1 match: Initiation 1"
        assert screen.current_card().title == OPEN
        await pilot.press("escape")
        await put_cursor_on(pilot, ALSO)
        await filter_by(pilot, "ready")  # ALSO matches too: the cursor goes to the first
        assert count_line(app) == "2 match: Initiation 2"
        assert screen.current_card().title == READY


async def test_triage_tokens_narrow_the_board(triage_store, app_for) -> None:
    repo = reopen(triage_store)
    repo.cards.set_blocked(card_named(repo, OPEN).id, True, "no VPN access")
    repo.cards.edit(card_named(repo, THIRD).id, assignee=WHO, due="2026-11-20")
    repo.close()
    app = app_for(triage_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = {
            "is:blocked": {OPEN},
            "is:stuck": {READY},
            "is:mine": {THIRD},
            "is:overdue": {THIRD},
            "due:<10d": {READY, THIRD},  # 2026-12-01 is 9 days away; THIRD is overdue
            "due:>5d": {READY},
            "stage:EXECUTION": {EXEC},
            "-is:blocked stage:init": {READY, THIRD, ALSO},
        }
        for typed, expected in shown.items():
            await pilot.press("slash")
            await fill(pilot, typed)
            matched = {c.title for column in board(app).columns for c in column.cards}
            assert matched == expected, typed
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("slash")
        await fill(pilot, "is:late")
        assert "(not read: is:late)" in count_line(app)


# ----- marked cards ---------------------------------------------------------------------------


async def test_marked_cards_move_on_each_through_its_own_gate_and_one_u_undoes_them(
    triage_store, app_for
) -> None:
    app = app_for(triage_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for title in (READY, OPEN, ALSO):
            await put_cursor_on(pilot, title)
            await pilot.press("space")
        await pilot.pause()
        column = active_column(app)
        for title in (READY, OPEN, ALSO):
            assert card_line(column, titles(column).index(title), 0).startswith(f"{MARKED_MARK} ")
        assert "3 marked" in bar(app)
        await pilot.press("L")
        await pilot.pause()
        repo = on_disk(app)
        marked = [card_named(repo, t).id for t in (READY, OPEN, ALSO)]
        stages = {t: card_named(repo, t).stage for t in (READY, OPEN, ALSO)}
        assert stages == {READY: "execution", OPEN: "initiation", ALSO: "execution"}
        open_label = app.repo.cards.label(card_named(repo, OPEN))
        assert notices(app)[-1] == (
            f"Moved on 2 of 3 cards. Not moved: {open_label} (gate not met: 4 must items "
            "open). u undoes all 2 changes."
        )
        for title in (READY, ALSO):  # each its own Go, its own event
            card = card_named(repo, title)
            assert card.decisions[-1].outcome is Outcome.GO
            moves = [e for e in repo.events_for(card.id) if e.action == "decision"]
            assert len(moves) == 1
        assert list(board(app).marks) == marked  # kept for the next action, until Escape
        await pilot.press("u")
        await pilot.pause()
        repo = on_disk(app)
        assert {card_named(repo, t).stage for t in (READY, ALSO)} == {"initiation"}
        assert notices(app)[-1] == "Undid 2 changes: the action on the marked cards."


async def test_marked_cards_are_assigned_tagged_blocked_and_archived_together(
    triage_store, app_for
) -> None:
    app = app_for(triage_store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        await pilot.press("v", "v")  # OPEN and THIRD, below it
        await pilot.press("a")
        await fill(pilot, "ali")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("t")
        await fill(pilot, "vip, -urgent")
        await pilot.press("enter")
        await pilot.pause()
        repo = on_disk(app)
        for title in (OPEN, THIRD):
            assert card_named(repo, title).assignee == "Alice Chen", title
            assert card_named(repo, title).tags == ["vip"], title
        assert card_named(repo, ALSO).assignee == ""  # under the cursor, not marked
        assert "2 marked" in bar(app)  # the marks stay for the next action
        await pilot.press("b")
        await fill(pilot, "waiting for the client")
        await pilot.press("enter")
        await pilot.pause()
        repo = on_disk(app)
        assert all(card_named(repo, t).blocked for t in (OPEN, THIRD))
        await pilot.press("b")  # all blocked: b unblocks them
        await pilot.pause()
        assert not any(card_named(on_disk(app), t).blocked for t in (OPEN, THIRD))
        await pilot.press("x")
        await pilot.pause()
        repo = on_disk(app)
        assert all(card_named(repo, t).archived for t in (OPEN, THIRD))
        assert titles(active_column(app)) == [READY, ALSO]
        assert not board(app).marks  # archived, out of the view: unmarked


async def test_escape_clears_the_marks_before_the_filter(triage_store, app_for) -> None:
    app = app_for(triage_store)
    async with app.run_test(size=SIZE) as pilot:
        await filter_by(pilot, "ready")
        await pilot.press("space")
        assert len(board(app).marks) == 1
        await pilot.press("escape")
        assert not board(app).marks and board(app).card_filter.active
        await pilot.press("escape")
        assert not board(app).card_filter.active


# ----- assignee names -------------------------------------------------------------------------


async def prompt_hint(app) -> str:
    return str(app.screen.query_one("#prompt-hint", Label).content)


async def test_the_assignee_prompt_completes_known_names(triage_store, app_for) -> None:
    app = app_for(triage_store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, READY)
        await pilot.press("a")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"pri")  # typed, as a user does: the completion follows each key
        await pilot.pause()
        box = app.screen.query_one(Input)
        assert box._suggestion == "Priya Raman"  # shown after the text typed
        assert await prompt_hint(app) == "Enter sets Priya Raman"
        await pilot.press("enter")
        await pilot.pause()
        assert card_named(on_disk(app), READY).assignee == "Priya Raman"  # not "pri"
        await pilot.press("a", "ctrl+u", *"stone")  # a word of the name
        await pilot.press("enter")
        await pilot.pause()
        assert card_named(on_disk(app), READY).assignee == "Bob Stone"


async def test_the_hint_says_what_enter_sets_and_a_new_name_is_said_new(
    triage_store, app_for
) -> None:
    app = app_for(triage_store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, READY)
        await pilot.press("a")
        await fill(pilot, "")
        assert await prompt_hint(app) == (
            "Known: Alice Chen, Bob Stone, Priya Raman (right arrow completes)"
        )
        await fill(pilot, "CHEN")  # a word of the name, in any case
        assert await prompt_hint(app) == "Enter sets Alice Chen"
        await fill(pilot, "Dana Scully")
        assert await prompt_hint(app) == "Enter sets Dana Scully (a new name)"
        await pilot.press("enter")
        await pilot.pause()
        assert card_named(on_disk(app), READY).assignee == "Dana Scully"


async def test_an_ambiguous_name_is_refused_until_typed_in_full_or_quoted(store, app_for) -> None:
    repo = reopen(store)
    board_id = repo.boards.all()[0].id
    repo.cards.add(board_id, "Li's card", assignee="Li Wei")
    repo.cards.add(board_id, "Na's card", assignee="Li Na")
    repo.close()
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, READY)
        await pilot.press("a")
        await fill(pilot, "li")
        assert await prompt_hint(app) == "2 names match: Li Na, Li Wei. Type more"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)  # still asking
        error = str(app.screen.query_one("#prompt-error", Label).content)
        assert error.startswith("li could be Li Na, Li Wei: type more of the name")
        await fill(pilot, '"Li"')
        await pilot.press("enter")
        await pilot.pause()
        assert card_named(on_disk(app), READY).assignee == "Li"  # a new person, on purpose


# ----- zoom -----------------------------------------------------------------------------------


def zoomed_line(column, index: int, line: int) -> str:
    """Line `line` of card `index` as drawn in a zoomed column (two title lines)."""
    y = FRAME + HEADER_HEIGHT + index * column.row_height + line - column.top
    return "".join(seg.text for seg in column.render_line(y))[FRAME + 1 : -FRAME].strip()


async def test_zoom_shows_one_column_at_full_width_with_whole_titles(store, app_for) -> None:
    repo = reopen(store)
    repo.cards.add(repo.boards.all()[0].id, LONG)
    repo.cards.set_blocked(card_named(repo, OPEN).id, True, "no VPN access")
    repo.close()
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, LONG)
        column = active_column(app)
        assert LONG not in card_line(column, column.cursor, 0)  # cut at 80 columns
        await pilot.press("z")
        await pilot.pause()
        screen = board(app)
        assert screen.shown_columns() == [column] and column.size.width == SIZE[0]
        first, second = (zoomed_line(column, column.cursor, n) for n in (0, 1))
        short = app.repo.cards.short_id(column.current_id)
        assert f"{first} {second}" == f"{short} {LONG}"  # over two lines, whole
        assert "ZOOM" in bar(app)
        # A title that fits on one line leaves the next to why the card is blocked.
        assert zoomed_line(column, titles(column).index(OPEN), 1) == "blocked: no VPN access"
        await pilot.press("l")  # h and l go from column to column, each at full width
        await pilot.pause()
        assert screen.shown_columns() == [screen.columns[1]]
        await pilot.press("z")
        await pilot.pause()
        assert len(screen.shown_columns()) == 3 and "ZOOM" not in bar(app)
