"""A board served for viewing (`pstui serve --read-only`): every edit key of every screen is
refused with the commit core's one-line reason, and the store file keeps its bytes.

The app is built as the served session builds it (`make_app(..., view_only=True)`) on a copy
of the English sample, which has risks, surveys and lessons to try the keys on.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES, TODAY, WHO, board, fill, notices
from textual.pilot import Pilot
from textual.widgets import Static

from pstui.config import Config
from pstui.store.core import VIEW_ONLY
from pstui.store.journal import PREFIX
from pstui.ui.app import PstuiApp, make_app
from pstui.ui.screens.board import BoardScreen
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.lessons import LessonsScreen
from pstui.ui.screens.risks import RiskScreen
from pstui.ui.screens.surveys import SurveysScreen

SIZE = (120, 40)


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


async def refused(pilot: Pilot, *keys: str, text: str | None = None, then: tuple = ()) -> None:
    """Press `keys` (typing `text` into the prompt or form they open, then pressing `then`):
    the change they ask for is refused with the core's reason, and nothing else is said."""
    app: PstuiApp = pilot.app  # type: ignore[assignment]
    before = len(notices(app))
    await pilot.press(*keys)
    await pilot.pause()
    if text is not None:
        await fill(pilot, text)
    await pilot.press(*then)
    await pilot.pause()
    said = notices(app)[before:]
    assert said == [VIEW_ONLY], f"{keys} {then}: {said}"


async def back_to(pilot: Pilot, screen: type) -> None:
    """Escape out of whatever a refused key left open, down to `screen`."""
    for _ in range(4):
        if isinstance(pilot.app.screen, screen):
            return
        await pilot.press("escape")
        await pilot.pause()
    assert isinstance(pilot.app.screen, screen), type(pilot.app.screen).__name__


def title_of(app: PstuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def test_every_edit_key_of_the_board_and_the_card_is_refused(served, config_path):
    before = served.read_bytes()
    app = viewer(served, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.repo.read_only
        assert f"{VIEW_ONLY}: you can look, not change." in notices(app)
        assert "READ-ONLY" in title_of(app, "#board-bar")
        first = board(app).current_card()
        assert first is not None
        await refused(pilot, "n", text="A card from the browser", then=("enter",))
        await back_to(pilot, BoardScreen)
        for key in ("x", "J", "L"):  # archive, reorder, move on
            await refused(pilot, key)
            await back_to(pilot, BoardScreen)
        await pilot.press("right")
        await refused(pilot, "H")  # move back
        await pilot.press("left")
        # title, assignee, client, tags, due, blocked
        for key, text in zip("eactdb", ["T", "Ann", "Acme", "x", "2026-12-24", "why"], strict=True):
            await refused(pilot, key, text=text, then=("enter",))
            await back_to(pilot, BoardScreen)

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardDetail)
        await refused(pilot, "space")  # tick
        await refused(pilot, "m")  # must/should
        await refused(pilot, "delete")
        await back_to(pilot, CardDetail)
        await refused(pilot, "n", text="An item from the browser", then=("enter",))
        await back_to(pilot, CardDetail)
        await refused(pilot, "i", text="Renamed", then=("enter",))
        await back_to(pilot, CardDetail)
        await refused(pilot, "D", text="A description", then=("ctrl+s",))
        await back_to(pilot, CardDetail)
        await refused(pilot, "x")
        await back_to(pilot, CardDetail)
        await pilot.press("escape")
        await pilot.pause()
        assert board(app).current_card() == first
    assert served.read_bytes() == before


async def test_the_risk_log_refuses_every_edit(served, config_path):
    before = served.read_bytes()
    app = viewer(served, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, RiskScreen)
        assert "READ-ONLY" in title_of(app, "#risks-title")
        await refused(pilot, "n", text="A risk from the browser", then=("ctrl+s",))
        await back_to(pilot, RiskScreen)
        await refused(pilot, "e", then=("ctrl+s",))
        await back_to(pilot, RiskScreen)
        await refused(pilot, "x", text="closing it", then=("enter",))
        await back_to(pilot, RiskScreen)
        await refused(pilot, "N", text="a note", then=("enter",))
        await back_to(pilot, RiskScreen)
        await refused(pilot, "d", then=("down", "enter"))  # past "No, keep it" to the delete
        await back_to(pilot, RiskScreen)
    assert served.read_bytes() == before


async def test_the_surveys_screen_refuses_answers_and_deletes(served, config_path):
    before = served.read_bytes()
    app = viewer(served, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("V")
        await pilot.pause()
        assert isinstance(app.screen, SurveysScreen)
        assert "READ-ONLY" in title_of(app, "#surveys-title")
        await refused(pilot, "r", then=("3", "ctrl+r"))  # the answers form, saved part way
        await pilot.press("escape", "end", "enter")  # out of the form, dropping the answer
        await back_to(pilot, SurveysScreen)
        await refused(pilot, "d", then=("down", "enter"))
        await back_to(pilot, SurveysScreen)
    assert served.read_bytes() == before


async def test_the_lessons_screen_refuses_every_edit(served, config_path):
    before = served.read_bytes()
    app = viewer(served, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("W")
        await pilot.pause()
        assert isinstance(app.screen, LessonsScreen)
        assert "READ-ONLY" in title_of(app, "#lessons-title")
        await refused(pilot, "n", text="A lesson from the browser", then=("ctrl+s",))
        await back_to(pilot, LessonsScreen)
        await refused(pilot, "e", then=("ctrl+s",))
        await back_to(pilot, LessonsScreen)
        await refused(pilot, "d", then=("down", "enter"))
        await back_to(pilot, LessonsScreen)
    assert served.read_bytes() == before


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
