"""The app around the screens: read-only stores, themes and config, keymaps, NO_COLOR, reload.

Config always lives in `tmp_path` (see conftest): written with tomli-w by the app, read back
here with tomllib, as a user's editor and the app would share the file.
"""

from __future__ import annotations

import asyncio
import gc
import json
import threading
import tomllib
import weakref

import pytest
from conftest import (
    EXEC,
    OPEN,
    READY,
    THIRD,
    TODAY,
    WHO,
    active_column,
    board,
    card_line,
    card_named,
    fill,
    notices,
    on_disk,
    put_cursor_on,
    reopen,
    screen_text,
    titles,
)
from textual.widgets import Static

from pstui.config import load_config
from pstui.store import storage
from pstui.store.engine import open_index
from pstui.store.engine.serialize import dumps_store
from pstui.store.repository import Repository
from pstui.ui import app as app_module
from pstui.ui.app import collections_paused, make_app
from pstui.ui.screens.board import BoardScreen
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.prompt import TextPrompt

SIZE = (80, 24)


def bar(app) -> str:
    return str(board(app).query_one("#board-bar", Static).content)


# ----- read-only --------------------------------------------------------------------------


async def test_a_read_only_store_can_be_looked_at_not_changed(store, app_for, monkeypatch):
    # Tests run as root, who can write anything: make the check say what a user would get.
    monkeypatch.setattr(storage, "is_read_only", lambda path: True)
    before = store.read_bytes()
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        assert app.repo.read_only
        assert "READ-ONLY" in bar(app)
        assert any("is read-only here" in n for n in notices(app))
        await put_cursor_on(pilot, OPEN)
        said = len(notices(app))
        for key in ("x", "J", "L", "n"):  # archive, reorder, move on, new: none is a key here
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, BoardScreen), key
        assert len(notices(app)) == said  # nothing pressed was refused: nothing was bound
        assert titles(active_column(app)) == [READY, OPEN, THIRD]
        assert card_named(app.repo, OPEN).decisions == []
    assert store.read_bytes() == before


async def test_a_card_pstui_cannot_read_is_drawn_as_such_and_named_on_enter(store, app_for):
    """A hand edit gave the first card tags that are a number: the board still opens, draws
    that card as unreadable, and Enter on it says which card and field, not a traceback."""
    repo = reopen(store)
    board_id = repo.boards.all()[0].id
    first = repo.cards.column(board_id, repo.boards.get(board_id).workflow.stages[0].id).ids[0]
    repo.close()
    data = json.loads(store.read_text(encoding="utf-8"))
    data["cards"][first]["tags"] = 7
    store.write_text(dumps_store(data), encoding="utf-8")
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        column = active_column(app)
        assert column.cards.ids[0] == first
        assert "cannot be read" in card_line(column, 0, 0)
        assert titles_after_first(column)  # the other cards draw as ever
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert any(f"card {first}: tags is 7, not a list" in n for n in notices(app))


def titles_after_first(column) -> list[str]:
    return [column.cards[n].title for n in range(1, len(column.cards))]


# ----- themes and config ------------------------------------------------------------------


async def test_a_theme_change_is_saved_to_the_config_file(store, app_for, config_path) -> None:
    app = app_for(store, keymap={"new-card": "N"})
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "pstui-dark"
        app.theme = "pstui-light"
        await pilot.pause()
    saved = tomllib.loads(config_path.read_text(encoding="utf-8"))
    assert saved["theme"] == "pstui-light"
    assert saved["keymap"] == {"new-card": "N"}  # the rest of the settings survive
    assert load_config(config_path).theme == "pstui-light"


async def test_a_theme_change_redraws_the_board_as_a_start_in_that_theme(store, app_for):
    app = app_for(store, theme="pstui-light")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        started_light = screen_text(app, styled=True)
    app = app_for(store, theme="pstui-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dark = screen_text(app, styled=True)
        app.theme = "pstui-light"
        await pilot.pause()
        assert dark != started_light
        assert screen_text(app, styled=True) == started_light


async def test_an_unknown_theme_falls_back_with_a_notice(store, config_path) -> None:
    config_path.write_text('theme = "neon-nights"\n', encoding="utf-8")
    config = load_config(config_path)
    app = make_app(store, WHO, config=config, today=TODAY, watch_seconds=0)
    async with app.run_test(size=SIZE):
        assert app.is_running
        assert app.theme == "pstui-dark"
        assert "unknown theme 'neon-nights': using pstui-dark" in notices(app)
        assert isinstance(app.screen, BoardScreen)


async def test_a_broken_config_file_gives_defaults_and_a_notice(store, config_path) -> None:
    config_path.write_text("theme = \n", encoding="utf-8")
    app = make_app(store, WHO, config=load_config(config_path), today=TODAY, watch_seconds=0)
    async with app.run_test(size=SIZE):
        assert app.theme == "pstui-dark"
        assert any("using default settings" in n for n in notices(app))


async def test_a_config_keymap_rebinds_a_key(store, config_path) -> None:
    config_path.write_text('[keymap]\n"new-card" = "N"\n', encoding="utf-8")
    app = make_app(store, WHO, config=load_config(config_path), today=TODAY, watch_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # the old key is free now
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("question_mark")  # help shows the new key
        await pilot.pause()
        text = str(app.screen.query_one(Static).content)
        [line] = [line for line in text.splitlines() if line.endswith("New card in this column")]
        assert line.split()[0] == "N"
        await pilot.press("escape", "N")
        assert isinstance(app.screen, TextPrompt)
        await fill(pilot, "Made with N")
        await pilot.press("enter")
        await pilot.pause()
        assert board(app).current_card().title == "Made with N"


def test_no_color_is_respected(store, app_for, monkeypatch) -> None:
    # Textual reads NO_COLOR when the app is built; no need to run it.
    plain = app_for(store)
    monkeypatch.setenv("NO_COLOR", "1")
    colourless = app_for(store)
    try:
        assert colourless.no_color
        assert not plain.no_color
    finally:
        plain.repo.close()
        colourless.repo.close()


async def test_the_config_name_signs_the_changes(store, app_for) -> None:
    app = app_for(store, name="Config Name")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # not a board key: nothing happens
        await pilot.press("x")
        await pilot.pause()
        events = on_disk(app).events_for(card_named(app.repo, READY).id)
        assert events[-1].by == "Config Name"


# ----- garbage collection ------------------------------------------------------------------


def test_no_collection_runs_while_a_store_loads_and_they_resume_after(store, monkeypatch):
    enabled_while_loading = []
    load = Repository.__init__

    def spy(repo, *args, **kwargs):
        enabled_while_loading.append(gc.isenabled())
        load(repo, *args, **kwargs)

    monkeypatch.setattr(Repository, "__init__", spy)
    make_app(store, WHO, today=TODAY, watch_seconds=0)
    assert enabled_while_loading == [False]
    assert gc.isenabled()


def test_collections_resume_after_a_load_that_fails_and_stay_off_if_they_were():
    with pytest.raises(ValueError), collections_paused():
        raise ValueError("a bad store")
    assert gc.isenabled()
    gc.disable()
    try:
        with collections_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


# ----- live reload ------------------------------------------------------------------------


async def reload_from_disk(app, pilot) -> None:
    """What the watcher does when the file changed: read on a worker, taken on the UI thread."""
    app.check_store()
    await app.workers.wait_for_complete()
    await pilot.pause()


def add_on_top_elsewhere(path, title: str) -> str:
    """Another process adds a card and moves it to the top of the first column."""
    other = reopen(path)
    card = other.cards.add(other.boards.all()[0].id, title)
    while other.cards.reorder(card.id, -1):
        pass
    return card.id


async def test_check_store_shows_another_process_change_and_keeps_the_cursor(store, app_for):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, THIRD)
        assert active_column(app).cursor == 2
        add_on_top_elsewhere(store, "From another clone")
        await reload_from_disk(app, pilot)
        column = active_column(app)
        assert titles(column) == ["From another clone", READY, OPEN, THIRD]
        assert board(app).current_card().title == THIRD  # same card, now one row lower
        assert column.cursor == 3
        assert "Reloaded: the store changed on disk." in notices(app)


async def test_a_changed_file_is_read_off_the_ui_thread_and_read_once(store, app_for, monkeypatch):
    readers = []
    read_disk = storage.PstuiStorage.read_disk

    def reading(self, **how):
        readers.append(threading.current_thread() is threading.main_thread())
        return read_disk(self, **how)

    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, THIRD)
        add_on_top_elsewhere(store, "Read on a worker")  # opens it too, in this test
        monkeypatch.setattr(storage.PstuiStorage, "read_disk", reading)
        await reload_from_disk(app, pilot)
        assert titles(active_column(app))[0] == "Read on a worker"
    assert readers == [False]  # once, on the worker: the UI thread took that read


def test_refreezing_collects_cycles_that_became_garbage_while_frozen():
    class Node:
        pass

    node = Node()
    node.itself = node
    alive = weakref.ref(node)
    gc.freeze()
    try:
        del node
        gc.collect()
        assert alive() is not None  # frozen: left out of collections, so never freed
        app_module.refreeze_heap()
        assert alive() is None
    finally:
        gc.unfreeze()


async def test_the_heap_is_refrozen_a_while_after_a_reload(store, app_for, monkeypatch):
    refrozen = []
    monkeypatch.setattr(app_module, "REFREEZE_AFTER_SECONDS", 0.01)
    monkeypatch.setattr(app_module, "refreeze_heap", lambda: refrozen.append(True))
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        add_on_top_elsewhere(store, "Refrozen after")
        await reload_from_disk(app, pilot)
        assert titles(active_column(app))[0] == "Refrozen after"
        await asyncio.sleep(0.05)
        await pilot.pause()
        assert refrozen == [True]


async def test_a_file_broken_elsewhere_is_reported_and_the_board_kept(store, app_for):
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await put_cursor_on(pilot, THIRD)
        before = titles(active_column(app))
        store.write_text("<<<<<<< HEAD\n{}\n", encoding="utf-8")
        await reload_from_disk(app, pilot)
        assert titles(active_column(app)) == before
        assert board(app).current_card().title == THIRD
        assert any("conflict" in notice.lower() for notice in notices(app)), notices(app)


async def test_a_file_that_cannot_be_read_is_reported_and_later_reads_go_on(
    store, app_for, monkeypatch
):
    def refuse():
        raise PermissionError(13, "Permission denied")

    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await put_cursor_on(pilot, THIRD)
        add_on_top_elsewhere(store, "Read at the second try")
        with monkeypatch.context() as patch:
            patch.setattr(app.repo, "read_changed_file", refuse)
            await reload_from_disk(app, pilot)
        assert any("could not be read (Permission denied)" in n for n in notices(app))
        assert "Read at the second try" not in titles(active_column(app))
        await reload_from_disk(app, pilot)
        assert titles(active_column(app))[0] == "Read at the second try"


async def test_a_reload_redraws_a_card_renamed_elsewhere_in_another_column(store, app_for):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)  # the cursor stays in Initiation
        other = reopen(store)
        other.cards.edit(card_named(other, EXEC).id, title="Renamed there")
        other.close()
        await reload_from_disk(app, pilot)
        execution = board(app).columns[1]
        assert titles(execution) == ["Renamed there"]
        assert "Renamed there" in screen_text(app)  # drawn, not only known


async def test_the_watcher_reloads_by_itself(store, app_for) -> None:
    app = app_for(store, watch_seconds=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        add_on_top_elsewhere(store, "Seen by the watcher")
        for _ in range(40):
            await asyncio.sleep(0.05)
            if "Seen by the watcher" in titles(active_column(app)):
                break
        await pilot.pause()
        assert titles(active_column(app))[0] == "Seen by the watcher"
        assert board(app).current_card().title == OPEN


async def test_a_reload_keeps_this_apps_own_change(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        await pilot.press("e")
        await fill(pilot, "Renamed here")
        await pilot.press("enter")
        await pilot.pause()
        app.repo.flush()
        add_on_top_elsewhere(store, "Added there")
        await reload_from_disk(app, pilot)
        assert titles(active_column(app)) == ["Added there", READY, "Renamed here", THIRD]
        assert board(app).current_card().title == "Renamed here"
        disk = on_disk(app)
        assert {c.title for c in disk.cards.on_board(disk.boards.all()[0].id)} >= {
            "Added there",
            "Renamed here",
        }


async def test_the_open_detail_follows_a_change_made_elsewhere(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        await pilot.press("enter")
        await pilot.pause()
        other = reopen(store)
        other.cards.edit(card_named(other, OPEN).id, title="Retitled elsewhere")
        await reload_from_disk(app, pilot)
        assert isinstance(app.screen, CardDetail)
        head = str(app.screen.query_one("#detail-head", Static).content)
        assert "Retitled elsewhere" in head


async def test_a_card_removed_elsewhere_closes_its_detail(store, app_for) -> None:
    other = reopen(store)
    card = other.cards.add(other.boards.all()[0].id, "Short-lived")
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, "Short-lived")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardDetail)
        other.undo()  # the other process takes its card back: the record is gone
        await reload_from_disk(app, pilot)
        assert isinstance(app.screen, BoardScreen)
        assert "Short-lived" not in titles(active_column(app))
        assert not app.repo.cards.has(card.id)


async def test_a_card_removed_elsewhere_under_a_prompt_closes_the_detail(store, app_for):
    other = reopen(store)
    other.cards.add(other.boards.all()[0].id, "Short-lived")
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, "Short-lived")
        await pilot.press("enter", "i")  # the item text prompt, over the detail
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        other.undo()
        await reload_from_disk(app, pilot)
        assert not any(isinstance(s, CardDetail) for s in app.screen_stack)


async def test_a_shown_board_keeps_the_open_index_while_it_runs(
    store, app_for, tmp_path, monkeypatch
) -> None:
    """Kept off the UI thread once the board is shown, not only at the close: a dropped SSH
    connection must not cost the next start its index."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(open_index, "INDEX_FROM_BYTES", 0)
    monkeypatch.setattr(app_module, "KEEP_INDEX_AFTER_SECONDS", 0.01)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        assert open_index.index_path(store).is_file()
        running_app_opens = Repository(store, who=WHO)
        assert running_app_opens.opened_from_index
