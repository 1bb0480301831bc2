"""Snapshots of triage on the board (#19): the board filtered by triage tokens, with the count
of matches on the filter box's edge, at 80x24 and 120x40; zoomed to one column with cards
marked, at 80x24.

The app is the snapshot app (tests/snapshot_app.py: a copy of the English sample in
`tmp_path`, the day 2026-11-22, pstui-dark, its own config, no file watching). Look at every
changed SVG before committing.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from textual.widgets import Input

SNAPSHOT_APP = Path(__file__).resolve().parents[1] / "snapshot_app.py"
_spec = importlib.util.spec_from_file_location("snapshot_app", SNAPSHOT_APP)
assert _spec is not None and _spec.loader is not None
snapshot_app = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot_app)

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
FILTER = "-is:blocked due:<14d"  # open to work on, due within two weeks (overdue ones too)


async def type_filter(pilot) -> None:
    """Open the filter, type it (as a paste) and keep it: the box stays, with its count."""
    await pilot.press("slash")
    box = pilot.app.screen.query_one("#filter", Input)
    box.value = FILTER
    box.cursor_position = len(FILTER)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


@SIZES
def test_the_board_filtered_by_triage_tokens(snap_compare, tmp_path: Path, size) -> None:
    app = snapshot_app.make_snapshot_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=type_filter)


def test_zoomed_with_two_cards_marked(snap_compare, tmp_path: Path) -> None:
    """One column at the screen's width, titles and the descriptions' start; the first two
    cards marked, the cursor on the third (blocked, on Hold: the bar says why)."""
    app = snapshot_app.make_snapshot_app(tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), press=["z", "space", "space"])
