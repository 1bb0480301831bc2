"""Standup mode through the keys: a whole walk with its quick actions, judged by what reached
the store (read back by a second repository) and by what the screen shows.

The store is the standup story (tests/standup_story.py): four cards in flight on "Client
services", a standup recorded on 2026-11-21 09:00, and a day of changes since.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import fill, notices, on_disk
from textual.pilot import Pilot

import pstui.ui.screens.standup as standup_module
from pstui.model.standup import NOTE, STANDUP
from pstui.ui.screens.board import BoardScreen
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.gate_review import GateReview
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.screens.standup import StandupScreen
from pstui.ui.widgets.text_pane import TextPane

_STORY = Path(__file__).resolve().parents[1] / "standup_story.py"
_spec = importlib.util.spec_from_file_location("standup_story", _STORY)
assert _spec is not None and _spec.loader is not None
story = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(story)

SIZE = (80, 24)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return story.build_story(tmp_path_factory.mktemp("story") / "pstui.json")


@pytest.fixture
def path(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "pstui.json"
    copy.write_bytes(built.read_bytes())
    return copy


class Clock:
    """The standup's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    frozen = Clock()
    monkeypatch.setattr(standup_module, "monotonic", frozen)
    return frozen


def standup(pilot: Pilot) -> StandupScreen:
    screen = pilot.app.screen
    assert isinstance(screen, StandupScreen), f"on {type(screen).__name__}"
    return screen


def body(pilot: Pilot) -> str:
    """The card as shown, its lines wrapped to the screen joined again, spaces single."""
    return " ".join(standup(pilot).query_one("#standup-card", TextPane).text.split())


def line(pilot: Pilot, name: str) -> str:
    return str(standup(pilot).query_one(f"#standup-{name}").render())


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def answer(pilot: Pilot, text: str) -> None:
    assert isinstance(pilot.app.screen, TextPrompt)
    await fill(pilot, text)
    await press(pilot, "enter")


async def test_a_whole_standup_walk_with_its_quick_actions(path, app_for, clock) -> None:
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "s")
        screen = standup(pilot)
        assert "since the standup of 2026-11-21 09:00 UTC (Alice Chen)" in line(pilot, "heading")
        assert "Ben Okafor  person 1/3, card 1/1  (1/4 in all)" in line(pilot, "where")
        shown = body(pilot)
        assert story.ACME in shown
        assert "Initiation, 12 days in stage (stuck: over 10) due in 10d (2026-12-02)" in shown
        assert "Risk high 12: Client sponsor leaving Acme" in shown
        assert "Open items (5)" in shown
        assert "11-21 15:00 Ben Okafor: edited due 2026-11-25 -> 2026-12-02" in shown

        # Tick the second open item, add a note, set the due date: all on Acme.
        await press(pilot, "j", "space")
        assert "Open items (4)" in body(pilot)
        assert "ticked 'Scope defined: deliverables, services, responsibilities'" in body(pilot)
        await press(pilot, "N")
        await answer(pilot, "Sponsor meeting on Monday")
        assert "tester: note: Sponsor meeting on Monday" in body(pilot)
        await press(pilot, "d")
        await answer(pilot, "2026-12-10")
        assert "due in 18d (2026-12-10)" in body(pilot)

        # Next card: Globex, Priya's, blocked; b unblocks it.
        await press(pilot, "l")
        assert story.GLOBEX in body(pilot) and "Blocked: Client UAT lead" in body(pilot)
        assert "Priya Raman  person 2/3, card 1/2" in line(pilot, "where")
        await press(pilot, "b")
        assert "Blocked:" not in body(pilot) and "Unblocked." in notices(app)

        # Next: Harbour, reassigned to Ben; it keeps its place in this walk.
        await press(pilot, "l")
        assert story.HARBOUR in body(pilot)
        await press(pilot, "a")
        await answer(pilot, "Ben Okafor")
        assert "Priya Raman  person 2/3, card 2/2" in line(pilot, "where")
        assert "tester: edited assignee Priya Raman -> Ben Okafor" in body(pilot)

        # The next person: nobody's Initech, on Hold; L takes it through the gate review.
        clock.now += 150  # two and a half minutes on Priya
        await press(pilot, "right_square_bracket")
        assert "Unassigned  person 3/3" in line(pilot, "where")
        assert "Hold: at the gate since 2026-11-18, by Alice Chen" in body(pilot)
        assert line(pilot, "total").strip() == "total 02:30/15:00"
        await press(pilot, "L")
        assert isinstance(app.screen, GateReview)
        await press(pilot, "g")
        await answer(pilot, "Trainer list arrived by mail")
        assert isinstance(app.screen, StandupScreen)
        assert "Review, 0 days in stage" in body(pilot)
        assert "Hold:" not in body(pilot)

        # Back a person: Priya's time goes on from where it was, over her timebox.
        await press(pilot, "left_square_bracket")
        assert "Priya Raman  person 2/3, card 1/2" in line(pilot, "where")
        assert line(pilot, "group-time").strip() == "02:30/02:00 over"

        # By column (Initech went on to Review): the same card, among the Acceptance column's.
        await press(pilot, "G")
        assert "Acceptance & handover  column 2/3, card 1/2" in line(pilot, "where")
        assert story.GLOBEX in body(pilot)

        # End, and record the standup.
        await press(pilot, "escape")
        assert isinstance(app.screen, ChoicePrompt)
        await press(pilot, "j", "enter")
        assert isinstance(app.screen, BoardScreen)
        assert "Standup recorded: the next one starts from here." in notices(app)

        stored = on_disk(app)
        cards = {c.title: c for c in stored.cards.on_board(screen.board_id)}
        acme, globex = cards[story.ACME], cards[story.GLOBEX]
        assert [i.done for i in acme.checklist[:2]] == [False, True]
        assert acme.due == "2026-12-10"
        assert not globex.blocked
        assert cards[story.HARBOUR].assignee == "Ben Okafor"
        assert cards[story.INITECH].stage == "review"
        assert stored.events_for(acme.id)[-2].action == NOTE
        last = stored.standups.last(screen.board_id)
        assert last is not None and last.action == STANDUP and last.by == "tester"
        assert last.data["cards"] == 4  # every card of the walk was shown


async def test_leaving_without_recording_and_undo_in_the_standup(path, app_for, clock) -> None:
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        before = app.repo.standups.last(app.repo.boards.all()[0].id)
        await press(pilot, "s")
        await press(pilot, "space")  # ticks Acme's first open item
        assert "Open items (4)" in body(pilot)
        await press(pilot, "u")
        assert "Open items (5)" in body(pilot)
        await press(pilot, "h")
        assert "This is the first card." in notices(app)
        await press(pilot, "escape")
        await press(pilot, "escape")  # backs out of the question: the standup goes on
        assert isinstance(app.screen, StandupScreen)
        await press(pilot, "escape", "j", "j", "enter")
        assert isinstance(app.screen, BoardScreen)
        assert on_disk(app).standups.last(app.repo.boards.all()[0].id) == before


async def test_the_card_detail_opens_from_the_standup_and_its_changes_show_back(
    path, app_for, clock
) -> None:
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "s", "enter")
        assert type(app.screen).__name__ == "CardDetail"
        await press(pilot, "space", "escape")  # ticks the first item there
        assert "Open items (4)" in body(pilot)


async def test_a_board_with_no_card_in_flight_says_so(tmp_path, app_for, clock) -> None:
    from pstui.store.repository import Repository
    from pstui.store.templates import load_template

    empty = tmp_path / "empty.json"
    Repository.create(empty, "Empty", load_template("simple").workflow, "tester").close()
    app = app_for(empty)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "s")
        assert isinstance(app.screen, BoardScreen)
        assert "No cards in flight on this board: nothing to walk." in notices(app)


async def test_the_chosen_item_stays_in_view_on_a_short_screen(path, app_for, clock) -> None:
    app = app_for(path)
    async with app.run_test(size=(80, 12)) as pilot:
        await press(pilot, "s")
        pane = standup(pilot).query_one("#standup-card", TextPane)
        assert pane.top == 0
        await press(pilot, "j", "j", "j", "j")  # the fifth of Acme's open items
        chosen = pane.lines.index(next(line for line in pane.lines if line.text.startswith("▸ ")))
        assert "Kickoff deck sent" in pane.lines[chosen].text
        assert pane.top <= chosen < pane.top + pane.size.height
        await press(pilot, "pageup")
        assert pane.top == 0
