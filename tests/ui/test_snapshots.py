"""One or two snapshots per screen, from the sample stores, at 80x24 and 120x40.

Everything that could vary is frozen: the store is a copy in `tmp_path`, the app's day is
2026-11-22, the theme is pstui-dark, the config file is the test's own, nothing watches the
file, and no Input blinks. The history in the card detail shows the sample file's own
timestamps, which are committed with it. Look at every changed SVG before committing it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

SNAPSHOT_APP = Path(__file__).resolve().parents[1] / "snapshot_app.py"
_spec = importlib.util.spec_from_file_location("snapshot_app", SNAPSHOT_APP)
assert _spec is not None and _spec.loader is not None
snapshot_app = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot_app)

SMALL = (80, 24)
LARGE = (120, 40)
# "Member mobile app": fourth in Initiation, 2 of 5 items done, a Hold and a Recycle on record.
TO_MEMBER_APP = ["j", "j", "j"]
# On the Chinese sample: the State Grid upgrade, second in 项目启动, held at its gate.
TO_HELD_ZH = ["j"]


async def no_blink(pilot: Pilot) -> None:
    """Runs before the key presses: every Input there is stops blinking (the board's filter)."""
    for screen in pilot.app.screen_stack:
        for box in screen.query(Input):
            box.cursor_blink = False


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_board(snap_compare, tmp_path: Path, size) -> None:
    app = snapshot_app.make_snapshot_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=no_blink)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_card_detail(snap_compare, tmp_path: Path, size) -> None:
    app = snapshot_app.make_snapshot_app(tmp_path)
    assert snap_compare(
        app, press=[*TO_MEMBER_APP, "enter"], terminal_size=size, run_before=no_blink
    )


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_gate_review(snap_compare, tmp_path: Path, size) -> None:
    app = snapshot_app.make_snapshot_app(tmp_path)
    assert snap_compare(app, press=[*TO_MEMBER_APP, "g"], terminal_size=size, run_before=no_blink)


def test_chinese_board(snap_compare, tmp_path: Path) -> None:
    app = snapshot_app.make_snapshot_app(tmp_path, sample="services-zh.json")
    assert snap_compare(app, terminal_size=SMALL, run_before=no_blink)


def test_chinese_card_detail(snap_compare, tmp_path: Path) -> None:
    app = snapshot_app.make_snapshot_app(tmp_path, sample="services-zh.json")
    assert snap_compare(app, press=[*TO_HELD_ZH, "enter"], terminal_size=SMALL, run_before=no_blink)


def test_chinese_gate_review(snap_compare, tmp_path: Path) -> None:
    app = snapshot_app.make_snapshot_app(tmp_path, sample="services-zh.json")
    assert snap_compare(app, press=[*TO_HELD_ZH, "g"], terminal_size=SMALL, run_before=no_blink)


def test_help(snap_compare, tmp_path: Path) -> None:
    app = snapshot_app.make_snapshot_app(tmp_path)
    assert snap_compare(app, press=["question_mark"], terminal_size=SMALL, run_before=no_blink)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_risk_register(snap_compare, tmp_path: Path, size) -> None:
    app = snapshot_app.make_snapshot_app(tmp_path)
    assert snap_compare(app, press=["R"], terminal_size=size, run_before=no_blink)


def test_chinese_risk_register(snap_compare, tmp_path: Path) -> None:
    app = snapshot_app.make_snapshot_app(tmp_path, sample="services-zh.json")
    assert snap_compare(app, press=["R"], terminal_size=LARGE, run_before=no_blink)


def test_risk_form(snap_compare, tmp_path: Path) -> None:
    app = snapshot_app.make_snapshot_app(tmp_path)
    assert snap_compare(app, press=["R", "enter"], terminal_size=SMALL, run_before=no_blink)
