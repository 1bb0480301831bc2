"""Snapshots of the workflow screen (`w` on the board) from the sample stores: at 80x24 on
its stages, at 120x40 in the Execution gate, and the Chinese sample at 80x24.

Everything that could vary is frozen by tests/snapshot_app.py (a copy of the sample in
`tmp_path`, the day 2026-11-22, the pstui-dark theme, no file watching). Look at every
changed SVG before committing it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SNAPSHOT_APP = Path(__file__).resolve().parents[1] / "snapshot_app.py"
_spec = importlib.util.spec_from_file_location("snapshot_app", SNAPSHOT_APP)
assert _spec is not None and _spec.loader is not None
snapshot_app = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot_app)

SMALL = (80, 24)
LARGE = (120, 40)


@pytest.mark.parametrize(
    ("size", "keys"),
    [(SMALL, ["w"]), (LARGE, ["w", "j", "enter"])],
    ids=["80x24", "120x40"],
)
def test_workflow_screen(snap_compare, tmp_path: Path, size, keys) -> None:
    app = snapshot_app.make_snapshot_app(tmp_path)
    assert snap_compare(app, press=keys, terminal_size=size)


def test_chinese_workflow_screen(snap_compare, tmp_path: Path) -> None:
    app = snapshot_app.make_snapshot_app(tmp_path, sample="services-zh.json")
    assert snap_compare(app, press=["w", "j"], terminal_size=SMALL)
