"""Snapshots of the surveys screen and the response form, at 80x24 and 120x40, and of the
surveys screen with Chinese content, from stores built here (see surveyed.py).

Everything that could vary is frozen: the stores are built in `tmp_path` with counted ids
and explicit dates, the app's day is 2026-11-22, the theme is pstui-dark, the config file
is the test's own, nothing watches the file, and no cursor blinks. Look at every changed
SVG before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from surveyed import build_surveyed, build_surveyed_zh
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from pstui.ui.screens.surveys import SurveysScreen

SMALL = (80, 24)
LARGE = (120, 40)


async def no_blink(pilot: Pilot) -> None:
    for screen in pilot.app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            if isinstance(widget, Input | TextArea):
                widget.cursor_blink = False


def open_surveys(*keys: str):
    """Open the board's surveys screen, press `keys`, stop every cursor blinking."""

    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        app.push_screen(SurveysScreen(app.repo.boards.all()[0].id))
        await pilot.pause()
        await pilot.pause()  # the figures come a frame after the screen
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        await no_blink(pilot)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_surveys_screen(snap_compare, tmp_path: Path, app_for, size) -> None:
    app = app_for(build_surveyed(tmp_path / "pstui.json"))
    keys = ("g",) if size == LARGE else ()  # the large one with the scores by card
    assert snap_compare(app, terminal_size=size, run_before=open_surveys(*keys))


def test_chinese_surveys_screen(snap_compare, tmp_path: Path, app_for) -> None:
    app = app_for(build_surveyed_zh(tmp_path / "pstui.json"), language="zh")
    assert snap_compare(app, terminal_size=SMALL, run_before=open_surveys("j"))


def test_response_form_small(snap_compare, tmp_path: Path, app_for) -> None:
    """A new response to the overdue survey, the first two questions answered."""
    app = app_for(build_surveyed(tmp_path / "pstui.json"))
    keys = ("j", "j", "j", "enter", "4", "enter", "5")
    assert snap_compare(app, terminal_size=SMALL, run_before=open_surveys(*keys))


def test_response_form_large(snap_compare, tmp_path: Path, app_for) -> None:
    """The partial response resumed: its saved answers shown, NPS 10 among them, the cursor
    on the first question left blank."""
    app = app_for(build_surveyed(tmp_path / "pstui.json"))
    keys = ("j", "j", "r")
    assert snap_compare(app, terminal_size=LARGE, run_before=open_surveys(*keys))
