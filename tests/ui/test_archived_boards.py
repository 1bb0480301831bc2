"""A store whose boards are all archived is valid: the app says so and offers them back (#21)."""

from __future__ import annotations

from conftest import WHO, board, on_disk, reopen, screen_text, titles
from textual.widgets import OptionList

from pstui.store.repository import Repository
from pstui.ui.screens.board import BoardScreen

SIZE = (80, 24)


def archive_all(path) -> None:
    repo = Repository(path, who=WHO)
    for each in repo.boards.all():
        repo.boards.set_archived(each.id, True)
    repo.close()


async def test_the_app_opens_on_a_store_whose_boards_are_all_archived(sample, app_for) -> None:
    archive_all(sample)
    app = app_for(sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, BoardScreen)
        text = screen_text(app)
        assert "Every board of this store is archived" in text
        assert "Client services" in text and "Support desk" in text
        assert app.focused is app.screen.query_one(OptionList)
        await pilot.press("j", "enter")  # the second board
        await pilot.pause()
        screen = board(app)
        support = next(b for b in reopen(sample).boards.all())
        assert support.name == "Support desk"  # restored on disk, the only board in use
        assert screen.board_id == support.id
        assert titles(screen.columns[0]) == [
            c.title for c in app.repo.cards.column(support.id, "triage")
        ]


async def test_the_last_board_archived_while_the_app_runs(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        first = board(app).board_id
        app.repo.boards.set_archived(first, True)  # as a reload of a teammate's change would
        app.refresh_screens()
        await pilot.pause()
        assert "Every board of this store is archived" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert board(app).board_id == first
        assert not on_disk(app).boards.get(first).archived
