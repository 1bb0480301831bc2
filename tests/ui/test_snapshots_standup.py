"""Snapshots of standup mode, from both sample stores (English and Chinese), at 80x24 and
120x40.

The app is the snapshot app (tests/snapshot_app.py: a copy of a sample in `tmp_path`, the
day 2026-11-22, pstui-dark, its own config, no file watching); the standup's clock is frozen,
so its timers read 00:00. The samples have no standup yet: the news is "since yesterday",
and every event of a sample is newer than that. Look at every changed SVG before committing.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import pstui.ui.screens.standup as standup_module

SNAPSHOT_APP = Path(__file__).resolve().parents[1] / "snapshot_app.py"
_spec = importlib.util.spec_from_file_location("snapshot_app", SNAPSHOT_APP)
assert _spec is not None and _spec.loader is not None
snapshot_app = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot_app)

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@pytest.fixture(autouse=True)
def frozen_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(standup_module, "monotonic", lambda: 1000.0)


@SIZES
def test_standup_first_card(snap_compare, tmp_path: Path, size) -> None:
    """Alice Chen's first card: stage and days, due in words, an open item, the news."""
    app = snapshot_app.make_snapshot_app(tmp_path)
    assert snap_compare(app, terminal_size=size, press=["s"])


@SIZES
def test_standup_blocked_card_with_a_high_risk(snap_compare, tmp_path: Path, size) -> None:
    """Alice Chen's second card: blocked, with a high risk, three open items."""
    app = snapshot_app.make_snapshot_app(tmp_path)
    assert snap_compare(app, terminal_size=size, press=["s", "l", "j"])


@SIZES
def test_standup_in_chinese(snap_compare, tmp_path: Path, size) -> None:
    """The Chinese sample: a card blocked, with a high risk, five open items."""
    app = snapshot_app.make_snapshot_app(tmp_path, "services-zh.json")
    assert snap_compare(app, terminal_size=size, press=["s", "l", "l"])


def test_standup_by_column(snap_compare, tmp_path: Path) -> None:
    """Walked by column: the last column first."""
    app = snapshot_app.make_snapshot_app(tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), press=["s", "G"])
