"""Snapshots of the screens that had none (#20): the merge conflicts, the prompts (text,
choice, the unsaved-changes question), the archived boards, a filtered board and the
messages, each at 80x24 and 120x40.

The app is the snapshot app (tests/snapshot_app.py: a copy of the English sample in
`tmp_path`, the day 2026-11-22, pstui-dark, its own config, no file watching). The keys are
pressed before the picture is taken, then every text box stops blinking; the messages'
clock reads 09:30:00, and the conflicts are made at fixed times. Look at every changed SVG
before committing.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Awaitable, Callable
from pathlib import Path

import pendulum
import pytest
from conftest import screen_text
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

import pstui.ui.notices as notices_module
from pstui.store.merge import merge_texts
from pstui.store.repository import Repository

SNAPSHOT_APP = Path(__file__).resolve().parents[1] / "snapshot_app.py"
_spec = importlib.util.spec_from_file_location("snapshot_app", SNAPSHOT_APP)
assert _spec is not None and _spec.loader is not None
snapshot_app = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot_app)

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
CARD = "Member mobile app"  # the card the conflicts are about
GIT_TEXT = """fatal: 'origin' does not appear to be a git repository
fatal: Could not read from remote repository.

Please make sure you have the correct access rights
and the repository exists."""


def pressing(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    """A `run_before` that presses `keys`, then stops every text box blinking (a box opened
    by the keys would otherwise be drawn with or without its cursor)."""

    async def run(pilot: Pilot) -> None:
        await pilot.press(*keys)
        await pilot.pause()
        for screen in pilot.app.screen_stack:
            for box in screen.query(Input):
                box.cursor_blink = False
            for area in screen.query(TextArea):
                area.cursor_blink = False
        await pilot.pause()

    return run


@SIZES
def test_conflicts(snap_compare, tmp_path: Path, size) -> None:
    """Two clones renamed and reassigned the same card: the later edits were kept."""
    app = snapshot_app.make_snapshot_app(tmp_path)
    merged = conflicted_sample(tmp_path / "clones")

    async def pulled(pilot: Pilot) -> None:
        app.repo.path.write_text(merged, encoding="utf-8")  # as a pull brings it
        app.check_store()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pressing("ctrl+g", "C")(pilot)  # the "Reloaded" toast dismissed

    assert snap_compare(app, terminal_size=size, run_before=pulled)


@SIZES
def test_text_prompt(snap_compare, tmp_path: Path, size) -> None:
    """e on the board: the card's title to edit."""
    app = snapshot_app.make_snapshot_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=pressing("e"))


@SIZES
def test_choice_prompt(snap_compare, tmp_path: Path, size) -> None:
    """y on the board: the card's kind, the current one highlighted."""
    app = snapshot_app.make_snapshot_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=pressing("y"))


@SIZES
def test_unsaved_changes_question(snap_compare, tmp_path: Path, size) -> None:
    """Escape from the description editor after typing: keep editing highlighted."""
    app = snapshot_app.make_snapshot_app(tmp_path)
    keys = ("D", "end", "space", "m", "o", "r", "e", "escape")
    assert snap_compare(app, terminal_size=size, run_before=pressing(*keys))


@SIZES
def test_archived_boards(snap_compare, tmp_path: Path, size) -> None:
    """Every board archived (a teammate archived the last one): the app offers them back."""
    app = snapshot_app.make_snapshot_app(tmp_path)
    for board in app.repo.boards.all():
        app.repo.boards.set_archived(board.id, True)
    assert snap_compare(app, terminal_size=size, run_before=pressing())


@SIZES
def test_filtered_board(snap_compare, tmp_path: Path, size) -> None:
    """/ @carla Enter: Carla Mendes's cards, the filter kept above the columns."""
    app = snapshot_app.make_snapshot_app(tmp_path)
    keys = ("slash", "at", "c", "a", "r", "l", "a", "enter")
    assert snap_compare(app, terminal_size=size, run_before=pressing(*keys))


@SIZES
def test_messages(snap_compare, tmp_path: Path, size, monkeypatch: pytest.MonkeyPatch) -> None:
    """ctrl+n after a failed sync and an undo: every notice, newest first, whole, with a
    card title's brackets shown as typed."""
    monkeypatch.setattr(notices_module, "time_of_day", lambda: "09:30:00")
    app = snapshot_app.make_snapshot_app(tmp_path)

    async def said(pilot: Pilot) -> None:
        app.notify("Reloaded: the store changed on disk.")
        app.notify("archived 989X [b]Member[/b] mobile app [@click=app.quit]", title="Undone")
        app.notify("Syncing with git...")
        app.notify(GIT_TEXT, title="Sync failed", severity="error")
        app.notify("No card here.", severity="warning")
        await pressing("ctrl+n")(pilot)

    assert snap_compare(app, terminal_size=size, run_before=said)


def conflicted_sample(folder: Path) -> str:
    """The English sample as a merge leaves it when two clones changed the same card's title
    and assignee, minutes after its last change in the sample: ours changed it last, so our
    values are kept and theirs are in two conflict events."""
    folder.mkdir()
    base = (snapshot_app.SAMPLES / "services.json").read_text(encoding="utf-8")
    edits = [  # (side, who, [(minutes after the card's last change, fields)])
        (
            "ours",
            "Carla Mendes",
            [(1, {"title": "Member app, phase 1"}), (10, {"assignee": "Priya Raman"})],
        ),
        ("theirs", "Ben Okafor", [(5, {"title": "Member app: iOS first", "assignee": "Ben"})]),
    ]
    sides = []
    for side, who, steps in edits:
        path = folder / f"{side}.json"
        path.write_text(base, encoding="utf-8")
        repo = Repository(path, who=who)
        board = repo.boards.all()[0]
        card = next(c for c in repo.cards.on_board(board.id) if c.title == CARD)
        for minutes, fields in steps:
            with pendulum.travel_to(
                pendulum.parse(card.updated_at).add(minutes=minutes), freeze=True
            ):
                repo.cards.edit(card.id, **fields)
        repo.close()
        sides.append(path.read_text(encoding="utf-8"))
    merged, result = merge_texts(base, *sides)
    assert len(result.conflicts) == 2
    return merged


@pytest.mark.parametrize("width", [80, 120, 200])
async def test_every_conflict_column_is_on_screen(tmp_path: Path, app_for, width) -> None:
    """The other value was off the right edge at 80 columns: the columns share the width."""
    store = tmp_path / "pstui.json"
    store.write_text(conflicted_sample(tmp_path / "clones"), encoding="utf-8")
    app = app_for(store)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.press("C")
        await pilot.pause()
        lines = screen_text(app).splitlines()
    header = next(line for line in lines if "Other value" in line)
    assert header.rstrip().endswith("Other value")
    assert any("Member app: iOS" in line for line in lines)
    assert all(cell_len(line) <= width for line in lines)
