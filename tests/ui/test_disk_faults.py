"""A disk that fills up, or a store that turns read-only, in the middle of a session
(simulated): the edit is refused with a message, the store stays the last good file, the
app keeps running, and the edits are written once the disk can take them again."""

from __future__ import annotations

import errno

from conftest import fill, notices, reopen

import pstui.store.storage as storage_module
from pstui.store.journal import Journal
from pstui.ui.screens.board import BoardScreen

SIZE = (80, 24)


def disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


async def add_card(pilot, title: str) -> None:
    await pilot.press("n")
    await fill(pilot, title)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_full_disk_refuses_the_edit_and_keeps_the_store(store, app_for, monkeypatch):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        before = store.read_bytes()
        monkeypatch.setattr(Journal, "append", disk_full)  # the journal is written first
        await add_card(pilot, "Written on a full disk")
        assert isinstance(app.screen, BoardScreen)  # still running, on the board
        assert any("No space left on device" in n for n in notices(app))
        assert "Written on a full disk" not in [
            c.title for c in app.repo.cards.on_board(app.repo.boards.all()[0].id)
        ]  # refused: not shown as if kept
        assert store.read_bytes() == before
        monkeypatch.undo()
        await add_card(pilot, "Written once there is room")
        app.repo.flush()
        titles = [c.title for c in reopen(store).cards.on_board(app.repo.boards.all()[0].id)]
        assert "Written once there is room" in titles and "Written on a full disk" not in titles


async def test_a_store_write_that_fails_keeps_the_last_good_file_and_the_edit(
    store, app_for, monkeypatch
):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        before = store.read_bytes()
        monkeypatch.setattr(storage_module, "atomic_write_bytes", disk_full)
        await add_card(pilot, "Kept in the journal")
        await app.workers.wait_for_complete()
        for _ in range(20):  # the background writer reports its failure
            if any("Not saved" in n or "No space" in n for n in notices(app)):
                break
            await pilot.pause(0.05)
        assert any("No space left on device" in n for n in notices(app))
        assert store.read_bytes() == before  # the last good file, not half a new one
        assert isinstance(app.screen, BoardScreen)
        monkeypatch.undo()
        await add_card(pilot, "And one more")
        app.repo.flush()
        titles = [c.title for c in reopen(store).cards.on_board(app.repo.boards.all()[0].id)]
        assert {"Kept in the journal", "And one more"} <= set(titles)


async def test_a_store_made_read_only_mid_session_refuses_edits_and_keeps_running(
    store, app_for, monkeypatch
):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        before = store.read_bytes()
        await pilot.press("n")  # the new card's title asked for while it can still be written
        app.repo._storage.read_only = True  # as a reload finds the file read-only
        await fill(pilot, "Not on a read-only store")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert any("read-only" in n for n in notices(app))
        assert store.read_bytes() == before
