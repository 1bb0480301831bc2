"""The app's git keys over real repositories: the merge-driver offer on start (M) and sync (S)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import notices, on_disk

from pstui.cli import main as pstui
from pstui.store.repository import Repository


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A bare remote and two clones; A made the store with `pstui init`, B just cloned it."""
    config = tmp_path / "gitconfig"
    config.write_text(
        "[user]\n name = Tester\n email = t@example.com\n[init]\n defaultBranch = main\n"
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(tmp_path, "init", "-q", "--bare", "remote.git")
    a, b = tmp_path / "a", tmp_path / "b"
    git(tmp_path, "clone", "-q", "remote.git", "a")
    monkeypatch.chdir(a)
    assert pstui(["init", "--template", "simple"]) == 0
    git(a, "add", "-A")
    git(a, "commit", "-qm", "init")
    git(a, "push", "-q", "-u", "origin", "main")
    git(tmp_path, "clone", "-q", "remote.git", "b")
    return a, b


async def test_a_clone_without_the_driver_is_offered_the_fix_in_one_key(clones, app_for):
    _, b = clones
    app = app_for(b / "pstui.json")
    async with app.run_test(notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.driver_missing
        assert any("press M" in n for n in notices(app))
        await pilot.press("M")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.driver_missing
    assert "-m pstui merge-driver" in git(b, "config", "merge.pstui.driver")


async def test_a_set_up_clone_is_offered_nothing(clones, app_for):
    a, _ = clones
    app = app_for(a / "pstui.json")
    async with app.run_test(notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.driver_missing
        assert not app.screen.active_bindings.get("M")


async def test_sync_key_commits_pulls_and_pushes_both_clones_changes(clones, app_for):
    a, b = clones
    git(b, "config", "merge.pstui.driver", git(a, "config", "merge.pstui.driver"))
    theirs = Repository(b / "pstui.json", who="bob")
    theirs.cards.add(theirs.boards.all()[0].id, "made on B")
    git(b, "commit", "-qam", "B's card")
    git(b, "push", "-q")

    app = app_for(a / "pstui.json")
    async with app.run_test(notifications=True) as pilot:
        await app.workers.wait_for_complete()
        app.repo.cards.add(app.repo.boards.all()[0].id, "made on A")
        await pilot.press("S")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(n.startswith("Synced") for n in notices(app)), notices(app)
        titles = {c.title for c in app.repo.cards.on_board(app.repo.boards.all()[0].id)}
        assert titles == {"made on A", "made on B"}  # the pull reloaded the board
        assert {c.title for c in on_disk(app).cards.on_board(app.repo.boards.all()[0].id)} == titles
    assert git(a, "status", "--porcelain") == ""
    assert git(a, "rev-parse", "HEAD") == git(a, "rev-parse", "origin/main")


async def test_a_failed_sync_says_what_git_said_and_leaves_the_store(clones, app_for):
    a, _ = clones
    git(a, "remote", "set-url", "origin", str(a.parent / "no-such-remote.git"))
    app = app_for(a / "pstui.json")
    async with app.run_test(notifications=True) as pilot:
        await app.workers.wait_for_complete()
        app.repo.cards.add(app.repo.boards.all()[0].id, "kept locally")
        app.repo.flush()
        before = (a / "pstui.json").read_bytes()
        await pilot.press("S")
        await app.workers.wait_for_complete()
        await pilot.pause()
        failed = [n for n in app.notice_log if n.title == "Sync failed"]
        assert failed and "no-such-remote" in failed[0].message
        assert (a / "pstui.json").read_bytes() == before


async def test_sync_without_a_remote_says_so_in_one_line(tmp_path, monkeypatch, app_for):
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n name = Tester\n email = t@example.com\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(tmp_path, "init", "-q", "local")
    folder = tmp_path / "local"
    monkeypatch.chdir(folder)
    assert pstui(["init", "--template", "simple"]) == 0
    app = app_for(folder / "pstui.json")
    async with app.run_test(notifications=True) as pilot:
        await app.workers.wait_for_complete()
        app.repo.cards.add(app.repo.boards.all()[0].id, "kept here")
        await pilot.press("S")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n for n in app.notice_log if n.title == "Not synced"]
        assert len(said) == 1 and "\n" not in said[0].message
        assert "no remote" in said[0].message and "git remote add origin URL" in said[0].message
        assert not [n for n in app.notice_log if n.severity == "error"]
    assert git(folder, "status", "--porcelain") == ""  # committed all the same
