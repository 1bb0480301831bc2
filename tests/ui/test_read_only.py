"""A store that cannot be changed here (`pstui serve --read-only`, a file this user cannot
write, a bad store): no screen offers a key that would change it, in its footer or its help,
and those keys are not bound: pressing one opens no prompt, says nothing, and the store file
keeps its bytes. The keys come back when the store can be written again.

The app is built as the served session builds it (`make_app(..., view_only=True)`) on a copy
of the English sample, which has risks, surveys and lessons to try the keys on.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES, TODAY, WHO, notices, screen_text
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from pstui.config import Config
from pstui.store import storage
from pstui.store.core import VIEW_ONLY
from pstui.store.journal import PREFIX
from pstui.store.repository import Repository
from pstui.ui.app import PstuiApp, make_app
from pstui.ui.screens.archived_boards import ArchivedBoardsScreen
from pstui.ui.screens.base import PstuiScreen
from pstui.ui.screens.board import BoardScreen
from pstui.ui.screens.board_admin import BoardAdminScreen, CriteriaTable, StageTable
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.card_screen import CardScreen
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.conflicts import ConflictsScreen
from pstui.ui.screens.editor import EditorPrompt
from pstui.ui.screens.gate_review import GateReview
from pstui.ui.screens.help import HelpScreen
from pstui.ui.screens.lesson_form import LessonForm
from pstui.ui.screens.lessons import LessonsScreen
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.screens.response_form import ResponseForm
from pstui.ui.screens.retro_form import RetroForm
from pstui.ui.screens.risk_form import RiskForm
from pstui.ui.screens.risks import RiskScreen
from pstui.ui.screens.standup import StandupScreen
from pstui.ui.screens.surveys import SurveysScreen
from pstui.ui.widgets.form import field_values
from pstui.ui.widgets.key_footer import KeyFooter
from pstui.ui.widgets.scale_question import ScaleQuestion

SIZE = (120, 40)
# What a key opens only to change the store: none may open on a read-only one.
PROMPTS = (TextPrompt, EditorPrompt)
# A record's form shows the whole record: it opens on a read-only store, to be read.
FORMS = (RiskForm, LessonForm, ResponseForm, RetroForm)
SAVES = {"save", "save_partial", "lesson", "undo"}  # what the forms save with
# Not pressed: quitting would end the walk, leaving the screen is not what is looked at.
NOT_PRESSED = {"quit", "pop_screen", "back", "cancel", "end"}


@pytest.fixture
def served(tmp_path: Path) -> Path:
    """A copy of the English sample in a folder of its own (its journal would go there)."""
    folder = tmp_path / "team"
    folder.mkdir()
    path = folder / "pstui.json"
    shutil.copy(SAMPLES / "services.json", path)
    return path


def viewer(path: Path, config_path: Path, **settings: object) -> PstuiApp:
    config = Config(path=config_path, **settings)  # type: ignore[arg-type]
    return make_app(path, WHO, config=config, today=TODAY, watch_seconds=0, view_only=True)


def changes_of(screen: Screen) -> frozenset[str]:
    """The actions of `screen` that change the store, and the app's sync."""
    return getattr(screen, "CHANGES", frozenset()) | {"sync"}


def action_name(action: str) -> str:
    """An action as `check_action` is asked about it: "screen.move_card(1)" is move_card."""
    return action.partition("(")[0].rpartition(".")[2]


def offered(screen: Screen) -> set[str]:
    """The actions of the keys `screen` answers now."""
    return {action_name(a.binding.action) for a in screen.active_bindings.values()}


def footer_words(screen: Screen) -> list[str]:
    return [key.description for key in screen.query_one(KeyFooter).current_keys().keys]


def title_of(app: PstuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


# ----- what is offered --------------------------------------------------------------------------


async def visit(pilot: Pilot, screen_type: type[Screen], key: str | None = None) -> Screen:
    """Open `screen_type` with `key`; it offers no key that changes the store, in its keys,
    its footer or its help."""
    app: PstuiApp = pilot.app  # type: ignore[assignment]
    if key is not None:
        await pilot.press(key)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, screen_type), f"{key} opened {type(screen).__name__}"
    changes = changes_of(screen)
    assert not offered(screen) & changes, f"{screen_type.__name__}: {offered(screen) & changes}"
    described = {description for _keys, description in app.key_table(screen)}
    for action in changes:
        for binding in type(screen).BINDINGS:
            if getattr(binding, "action", None) == action and binding.tooltip:
                assert binding.tooltip not in described, f"{screen_type.__name__}: {action}"
    return screen


async def test_no_screen_offers_a_key_that_changes_the_store(served, config_path):
    app = viewer(served, config_path)
    async with app.run_test(size=SIZE) as pilot:
        board_screen = await visit(pilot, BoardScreen)
        # The keys to look are still there: this is not an empty footer.
        assert {"open_card", "risks", "surveys", "lessons", "filter"} <= offered(board_screen)
        words = footer_words(board_screen)
        assert "Open" in words and "New" not in words and "Undo" not in words
        await visit(pilot, HelpScreen, "question_mark")
        await pilot.press("escape")
        detail = await visit(pilot, CardDetail, "enter")
        assert {"risks", "review_gate", "history"} & offered(detail)
        review = await visit(pilot, GateReview, "g")
        assert "cancel" in offered(review)
        await pilot.press("escape", "escape")
        await visit(pilot, RiskScreen, "R")
        await pilot.press("escape")
        await visit(pilot, SurveysScreen, "V")
        await pilot.press("escape")
        await visit(pilot, LessonsScreen, "W")
        await pilot.press("escape")
        await visit(pilot, ConflictsScreen, "C")
        await pilot.press("escape")
        await visit(pilot, StandupScreen, "s")
        await pilot.press("escape")  # it asks whether to leave: no recording it here
        await pilot.pause()
        assert isinstance(app.screen, ChoicePrompt)
        assert [key for key, _label in app.screen._choices] == ["keep", "leave"]
        await pilot.press("down", "enter")  # leave
        await pilot.pause()
        admin = await visit(pilot, BoardAdminScreen, "w")
        await pilot.press("tab")  # to the gate's criteria, which have keys of their own
        await pilot.pause()
        assert not offered(admin) & changes_of(admin)


# ----- what the keys do -------------------------------------------------------------------------


def shown_values(form: Screen) -> dict[str, object]:
    """What every field of `form` holds, scale answers too."""
    answers = {w.id or "": w.value for w in form.query(ScaleQuestion)}
    return field_values(form) | answers


async def no_field_changes(pilot: Pilot, form: Screen) -> None:
    """A record's form opened to be read: each of its fields can be moved to and read, and
    typing, deleting, pasting or stepping its choices changes none."""
    fields = list(form.query("Input, TextArea, Cycle, ScaleQuestion"))
    assert fields, type(form).__name__
    before = shown_values(form)
    for field in fields:
        field.focus()
        await pilot.pause()
        assert form.focused is field
        await pilot.press("x", "4", "backspace", "delete", "right", "left", "space", "ctrl+u")
        field.post_message(events.Paste("pasted"))
        await pilot.pause()
    assert shown_values(form) == before, type(form).__name__


async def press_every_key(pilot: Pilot, screen_type: type[Screen]) -> None:
    """Press every key `screen_type` answers, one at a time, back on it after each: none
    opens a prompt to change the store, a record's form opens to be read (no key saves it),
    and none is refused (a refusal would mean the key was bound)."""
    app: PstuiApp = pilot.app  # type: ignore[assignment]
    screen = app.screen
    assert isinstance(screen, screen_type)
    bindings = screen.active_bindings.items()
    keys = [key for key, a in bindings if action_name(a.binding.action) not in NOT_PRESSED]
    assert keys
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
        for _ in range(3):  # a choice asked for (a board, a stage): take the one offered
            if not isinstance(app.screen, ChoicePrompt):
                break
            await pilot.press("enter")
            await pilot.pause()
        opened = app.screen
        assert not isinstance(opened, PROMPTS), f"{key} opened {type(opened).__name__}"
        if isinstance(opened, FORMS):
            assert "READ-ONLY" in screen_text(app), type(opened).__name__
            assert not offered(opened) & SAVES, f"{key}: {offered(opened) & SAVES}"
            await no_field_changes(pilot, opened)
            await pilot.press("ctrl+s")  # not a key here: nothing is saved, nothing refused
            await pilot.pause()
        assert VIEW_ONLY not in notices(app), f"{key} was bound and refused"
        while app.screen is not screen and len(app.screen_stack) > 1:  # out of what it opened
            await app.pop_screen()
        assert app.screen is screen, f"{key}: on {type(app.screen).__name__}"
        if isinstance(screen.focused, Input):  # out of the filter box, to the next key
            screen.set_focus(None)
        await pilot.pause()


@pytest.mark.parametrize(
    ("opener", "screen_type"),
    [
        (None, BoardScreen),
        ("enter", CardDetail),
        ("R", RiskScreen),
        ("V", SurveysScreen),
        ("W", LessonsScreen),
        ("s", StandupScreen),
        ("C", ConflictsScreen),
        ("w", BoardAdminScreen),
    ],
)
async def test_no_key_of_any_screen_changes_a_read_only_store(
    served, config_path, opener, screen_type
):
    before = served.read_bytes()
    app = viewer(served, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.repo.read_only
        assert f"{VIEW_ONLY}: you can look, not change." in notices(app)
        assert "READ-ONLY" in title_of(app, "#board-bar")
        if opener is not None:
            await pilot.press(opener)
            await pilot.pause()
        await press_every_key(pilot, screen_type)
    assert served.read_bytes() == before


async def test_a_bad_store_found_after_the_start_takes_the_keys_away(config_path, store):
    """The background check finds the store bad: from then on it is read-only, and the
    board's footer stops offering its edit keys."""
    app = make_app(store, WHO, config=Config(path=config_path), today=TODAY, watch_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "new_card" in offered(app.screen)
        app.repo.storage.read_only = True  # what the check does when it finds the store bad
        app._store_invalid(ValueError("a card without a title"))
        await pilot.pause()
        assert "new_card" not in offered(app.screen)
        assert "New" not in footer_words(app.screen)


async def test_a_store_that_can_be_written_again_gets_its_keys_back(store, monkeypatch):
    """A file that could not be written (its mode, a mount) can be after a pull: once the
    store is read again, the edit keys are offered again."""
    writable = [False]
    monkeypatch.setattr(storage, "is_read_only", lambda path: not writable[0])
    app = make_app(store, WHO, config=Config(), today=TODAY, watch_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.repo.read_only
        assert "new_card" not in offered(app.screen)
        writable[0] = True
        other = Repository(store, who="teammate")
        board_id = other.boards.all()[0].id
        other.cards.add(board_id, "Added on another clone")
        other.close()
        app.check_store()
        for _ in range(100):
            await pilot.pause(0.02)
            if not app.repo.read_only:
                break
        await pilot.pause()
        assert not app.repo.read_only
        assert "new_card" in offered(app.screen)
        assert "New" in footer_words(app.screen)


async def test_a_viewer_touches_nothing_beside_the_store(served, config_path, monkeypatch):
    """No journal, no git (no merge-driver check, no automatic sync), and no theme saved
    in the config of whoever serves the board."""
    git: list[str] = []
    monkeypatch.setattr(PstuiApp, "check_merge_driver", lambda app: git.append("driver"))
    monkeypatch.setattr(PstuiApp, "action_sync", lambda app: git.append("sync"))
    app = viewer(served, config_path, auto_sync=True)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
        assert list(served.parent.glob(f"{PREFIX}*")) == []
    assert git == []
    assert not config_path.exists()


def test_every_change_a_screen_names_is_one_of_its_keys():
    """A name in CHANGES that no key of the screen has (a typo, a renamed action) would
    leave the real action offered on a read-only store."""
    widgets = {BoardAdminScreen: (StageTable, CriteriaTable)}
    screens = (BoardScreen, CardDetail, StandupScreen, RiskScreen, SurveysScreen,
               LessonsScreen, ConflictsScreen, ArchivedBoardsScreen, BoardAdminScreen,
               GateReview, RiskForm, ResponseForm, RetroForm)  # fmt: skip
    card_actions: set[str] = set()
    for screen_type in screens:
        assert issubclass(screen_type, PstuiScreen)
        owners = (screen_type, *widgets.get(screen_type, ()))
        actions = {action_name(b.action) for owner in owners for b in owner.BINDINGS}
        own = screen_type.CHANGES
        if issubclass(screen_type, CardScreen):  # the card edits: each has some of them
            own -= CardScreen.CHANGES
            card_actions |= actions
        assert own, screen_type.__name__
        assert own <= actions, f"{screen_type.__name__}: {own - actions}"
    assert card_actions >= CardScreen.CHANGES, CardScreen.CHANGES - card_actions


async def test_the_register_opens_a_risk_to_read_where_it_would_edit_it(served, config_path, store):
    """Read-only, Enter on a risk opens its form to read every field (the table cuts them):
    the footer says Open, not Edit, and nothing in the form saves. Writable, it edits."""
    app = viewer(served, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await pilot.pause()
        assert "Open" in footer_words(app.screen) and "Edit" not in footer_words(app.screen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RiskForm)
        assert title_of(app, "#risk-form-heading").startswith("READ-ONLY")
        assert not offered(app.screen) & SAVES
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RiskScreen)
    writable = make_app(store, WHO, config=Config(path=config_path), today=TODAY, watch_seconds=0)
    async with writable.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await pilot.pause()
        assert "read" not in offered(writable.screen) and "edit" in offered(writable.screen)
