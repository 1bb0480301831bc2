"""A walk through every screen of pstui, each opened with the key a user presses, at a size
and along a live resize: the size test and the Chinese interface test look at each screen."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.pilot import Pilot
from textual.screen import Screen

from pstui.ui.app import PstuiApp
from pstui.ui.screens.archived_boards import ArchivedBoardsScreen
from pstui.ui.screens.board import BoardScreen
from pstui.ui.screens.board_admin import BoardAdminScreen
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.conflicts import ConflictsScreen
from pstui.ui.screens.editor import EditorPrompt
from pstui.ui.screens.gate_review import GateReview
from pstui.ui.screens.help import HelpScreen
from pstui.ui.screens.lesson_form import LessonForm
from pstui.ui.screens.lessons import LessonsScreen
from pstui.ui.screens.messages import MessagesScreen
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.screens.response_form import ResponseForm
from pstui.ui.screens.retro_form import RetroForm
from pstui.ui.screens.risk_form import RiskForm
from pstui.ui.screens.risks import RiskScreen
from pstui.ui.screens.standup import StandupScreen
from pstui.ui.screens.surveys import SurveysScreen

RESIZE_POLL = 0.005  # seconds between looks at whether the screen took the new size
RESIZE_POLLS = 400  # looks before giving up: the check then says what size it found


class Walk:
    """Opens screens with their keys, checks each at its size and along a live resize to a
    partner size and back, keeps the faults found. A test says what `check` looks at."""

    def __init__(self, pilot: Pilot, size: Size, partner: Size) -> None:
        self.pilot = pilot
        self.app: PstuiApp = pilot.app  # type: ignore[assignment]
        self.size = size
        self.partner = partner
        self.faults: list[str] = []

    async def visit(self, screen_type: type[Screen], key: str | None = None) -> None:
        """Press `key`, which must open a `screen_type`; check it at the app's size and along
        its resize to the partner size and back."""
        if key is not None:
            await self.pilot.press(key)
        await self.settle()
        shown = type(self.app.screen)
        assert shown is screen_type, f"{key} opened {shown.__name__}, not {screen_type.__name__}"
        name = screen_type.__name__
        self.check(f"{name} opened at {self.size}")
        for there, back in ((self.partner, self.size), (self.size, self.partner)):
            await self.resize(there)
            self.check(f"{name} resized {back} -> {there}")

    async def back(self, screens: int = 1) -> None:
        """Close the screens on top (what closing them does is other tests' business)."""
        for _ in range(screens):
            await self.app.pop_screen()
        await self.settle()

    async def settle(self) -> None:
        """Until the screen on top has handled what it was sent, drawn, and handled what
        drawing set off (the surveys fill their figures after the first frame)."""
        await self.pilot.pause(0)
        await self.pilot.pause(0)

    async def resize(self, size: Size) -> None:
        """Resize the terminal as `Pilot.resize_terminal` does, and wait until the screen on
        top is laid out for it and has handled what that set off. Textual resizes the screens
        a moment after the terminal's event; waiting for that, not for the process to look
        idle, is what keeps the walk quick and its result the same on a busy machine."""
        self.app.post_message(events.Resize(size, size))
        for _ in range(RESIZE_POLLS):
            if self.app.screen.outer_size == size:
                break
            await self.pilot.pause(RESIZE_POLL)
        await self.settle()

    def check(self, where: str) -> None:
        """What each test looks at on a screen, at each size (`where` says which and how)."""
        raise NotImplementedError


async def walk_every_screen(walk: Walk) -> None:
    """Every screen of pstui, from the board, on its first board and first card."""
    await walk.visit(BoardScreen)
    await walk.visit(HelpScreen, "question_mark")
    await walk.back()
    await walk.visit(TextPrompt, "n")  # a new card's title
    await walk.back()
    await walk.visit(ChoicePrompt, "y")  # the card's kind
    await walk.back()
    await walk.visit(EditorPrompt, "D")  # the card's description
    await walk.back()
    await walk.visit(CardDetail, "enter")
    await walk.visit(GateReview, "g")
    await walk.back()
    await walk.visit(RetroForm, "E")
    await walk.back(2)
    await walk.visit(RiskScreen, "R")
    await walk.visit(RiskForm, "enter")  # the highest risk, to edit
    await walk.back(2)
    await walk.visit(SurveysScreen, "V")
    await walk.visit(ResponseForm, "enter")  # answers to the first survey
    await walk.back(2)
    await walk.visit(LessonsScreen, "W")
    await walk.visit(LessonForm, "enter")  # the first lesson, to edit
    await walk.back(2)
    await walk.visit(ConflictsScreen, "C")
    await walk.back()
    await walk.visit(StandupScreen, "s")
    await walk.back()
    await walk.visit(BoardAdminScreen, "w")
    await walk.back()
    await walk.visit(MessagesScreen, "ctrl+n")
    await walk.back()
    await walk_to_archived_boards(walk)


async def walk_to_archived_boards(walk: Walk) -> None:
    """The screen shown when every board is archived (a teammate archived the last one)."""
    app = walk.app
    assert isinstance(app.screen, BoardScreen), f"on {type(app.screen).__name__}, not the board"
    for board in app.repo.boards.all():
        app.repo.boards.set_archived(board.id, True)
    app.refresh_screens()
    await walk.visit(ArchivedBoardsScreen)
