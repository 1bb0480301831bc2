"""Snapshots of the knowledge base and the retrospective form, at 80x24 and 120x40.

The stores are built by knowledge.py in `tmp_path`, the same on every run (counted ids,
lessons written on fixed days); the app is the one the CLI builds, frozen at 2026-11-22 in
the pstui-dark theme, with its own config file and no file watching; no cursor blinks. Look
at every changed SVG before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY
from knowledge import HARBOUR, build_knowledge, build_knowledge_zh
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from pstui.config import Config
from pstui.ui.app import PstuiApp, make_app
from pstui.ui.screens.lessons import LessonsScreen
from pstui.ui.screens.retro_form import RetroForm

SMALL = (80, 24)
LARGE = (120, 40)
SIZES = pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])


def app_on(store: Path, language: str = "en") -> PstuiApp:
    config = Config(theme="pstui-dark", language=language, path=store.with_name("config.toml"))
    return make_app(store, "snapshot", config=config, today=TODAY, watch_seconds=0)


async def no_blink(pilot: Pilot) -> None:
    for screen in pilot.app.screen_stack:
        for box in screen.query("Input, TextArea"):
            if isinstance(box, Input | TextArea):
                box.cursor_blink = False


def showing(make_screen, *keys: str):
    """A `run_before` that opens the screen `make_screen(app)` makes and presses `keys`
    there, with nothing blinking."""

    async def run_before(pilot: Pilot) -> None:
        pilot.app.push_screen(make_screen(pilot.app))
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        await no_blink(pilot)

    return run_before


def harbour_retro(app: PstuiApp) -> RetroForm:
    board = app.repo.boards.all()[0].id
    card = next(c for c in app.repo.cards.on_board(board) if c.title == HARBOUR)
    return RetroForm(card.id)


@SIZES
def test_lessons(snap_compare, tmp_path: Path, size) -> None:
    app = app_on(build_knowledge(tmp_path / "pstui.json"))
    assert snap_compare(app, terminal_size=size, run_before=showing(lambda _: LessonsScreen()))


def test_lessons_searched(snap_compare, tmp_path: Path) -> None:
    app = app_on(build_knowledge(tmp_path / "pstui.json"))
    searched = showing(lambda _: LessonsScreen(), "slash", *"#planning")
    assert snap_compare(app, terminal_size=SMALL, run_before=searched)


def test_chinese_lessons(snap_compare, tmp_path: Path) -> None:
    app = app_on(build_knowledge_zh(tmp_path / "pstui.json"), language="zh")
    assert snap_compare(app, terminal_size=SMALL, run_before=showing(lambda _: LessonsScreen()))


@SIZES
def test_retro_form(snap_compare, tmp_path: Path, size) -> None:
    app = app_on(build_knowledge(tmp_path / "pstui.json"))
    assert snap_compare(app, terminal_size=size, run_before=showing(harbour_retro))


def test_lesson_form_from_a_retrospective(snap_compare, tmp_path: Path) -> None:
    app = app_on(build_knowledge(tmp_path / "pstui.json"))
    assert snap_compare(app, terminal_size=SMALL, run_before=showing(harbour_retro, "ctrl+l"))
