"""Notices (#20): a toast is one line, two show at most (newest wins), errors stay longer than
information, ctrl+g dismisses them, and ctrl+n opens the messages: every notice of the
session, whole, newest first, shown literally."""

from __future__ import annotations

import subprocess

from conftest import board, fill, notices, screen_text
from textual.widgets import Static
from textual.widgets._toast import Toast

from pstui.cli import main as pstui
from pstui.store.gitsync import SyncResult
from pstui.ui.git_actions import no_remote_line
from pstui.ui.notices import MAX_TOASTS, TOAST_SECONDS
from pstui.ui.screens.board import BoardScreen
from pstui.ui.screens.messages import MessagesScreen
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.widgets.key_footer import KeyFooter

SIZE = (80, 24)
GIT_TEXT = "\n".join(
    ["fatal: 'origin' does not appear to be a git repository"]
    + [f"hint: line {n} of what git said" for n in range(2, 21)]
)
HOSTILE = "[b]bold?[/b] [@click=app.quit]quit?[/] \x1b[31mred?"


def toasts(app) -> list[Toast]:
    return list(app.screen.query(Toast))


def footer_line(app) -> str:
    return app.screen.query_one(KeyFooter).render_line(0).text


async def test_a_long_notice_is_one_line_with_the_key_to_the_rest(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify(GIT_TEXT, title="Sync failed", severity="error")
        await pilot.pause()
        await pilot.pause()
        (shown,) = list(app._notifications)
        assert "\n" not in shown.message and not shown.title
        assert shown.message.startswith("Sync failed: fatal: 'origin' does not appear")
        assert shown.message.endswith("… (^n: full text)")
        assert len(shown.message) <= SIZE[0] - 4
        (toast,) = toasts(app)
        assert toast.size.height == 1  # one row of the screen, not a title and 20 lines
        assert notices(app) == [GIT_TEXT]  # the log has it whole


async def test_a_short_notice_is_shown_whole_with_its_title(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("archived K8AG Open musts here", title="Undone")
        await pilot.pause()
        (shown,) = list(app._notifications)
        assert shown.message == "Undone: archived K8AG Open musts here"


async def test_two_toasts_at_most_the_newest_win(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        for n in range(1, 5):
            app.notify(f"notice {n}")
        await pilot.pause()
        await pilot.pause()
        assert MAX_TOASTS == 2
        assert [n.message for n in app._notifications] == ["notice 3", "notice 4"]
        assert sorted(str(t.render()) for t in toasts(app)) == ["notice 3", "notice 4"]
        assert sum(t.outer_size.height for t in toasts(app)) == 2  # two rows of 24
        assert notices(app) == ["notice 1", "notice 2", "notice 3", "notice 4"]


async def test_the_same_words_again_replace_the_toast(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("Saved.")
        for _ in range(3):
            await pilot.press("u")  # nothing to undo, said three times
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["Saved.", "Nothing to undo."]
        assert notices(app).count("Nothing to undo.") == 3


async def test_errors_stay_longer_than_information_and_no_toast_stays_long(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        app.notify("info")
        app.notify("warned", severity="warning")
        app.notify("failed", severity="error", timeout=30)  # asked for 30 s: capped
        app.notify("brief", timeout=1)  # a shorter time asked for is kept
        await pilot.pause()
        timeouts = {n.message: n.timeout for n in app._notifications}
        assert timeouts["failed"] == TOAST_SECONDS["error"] <= 12
        assert TOAST_SECONDS["information"] < TOAST_SECONDS["warning"] < TOAST_SECONDS["error"]
        assert timeouts["brief"] == 1


async def test_ctrl_g_dismisses_the_toasts_and_the_footer_shows_it_while_they_show(
    store, app_for
) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "Dismiss" not in footer_line(app)
        app.notify("Something to read", severity="warning")
        await pilot.pause()
        assert " ^g Dismiss" in footer_line(app)  # at 80 columns too
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not list(app._notifications) and not toasts(app)
        assert "Dismiss" not in footer_line(app)
        assert notices(app) == ["Something to read"]  # still in the messages


async def test_the_dismiss_key_goes_when_the_toast_times_out(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("Gone soon", timeout=0.2)
        await pilot.pause()
        assert "Dismiss" in footer_line(app)
        await pilot.pause(0.4)
        await pilot.pause()
        assert "Dismiss" not in footer_line(app)


async def test_a_toast_timing_out_once_the_app_has_closed_does_not_raise(store, app_for) -> None:
    """A toast's timer can fire after the last screen has gone (the benchmark met it as one
    session closed): refreshing the keys then raised ScreenStackError."""
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("Gone soon", timeout=0.2)
        await pilot.pause()
    assert not app.screen_stack
    app._toast_gone()  # what the toast's timer calls


async def test_ctrl_g_works_in_a_prompt_and_leaves_its_text(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, TextPrompt)
        await fill(pilot, "A new title")
        app.notify("Something said meanwhile", severity="error")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not list(app._notifications)
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one("#prompt-input").value == "A new title"


async def test_ctrl_n_shows_every_notice_whole_newest_first(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("First, and oldest.")
        app.notify(GIT_TEXT, title="Sync failed", severity="error")
        app.notify(HOSTILE, title="Undone")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MessagesScreen)
        assert not list(app._notifications)  # what the toasts said is on the screen now
        text = str(screen.query_one("#messages-text", Static).render())
        assert text.index("Undone") < text.index("Sync failed") < text.index("First, and")
        assert GIT_TEXT in text  # every line of it
        assert "[b]bold?[/b] [@click=app.quit]quit?[/] ^[[31mred?" in text  # literally
        assert "3 notices this session" in screen_text(app)
        box = screen.query_one("#messages-box")
        assert box.max_scroll_y > 0  # taller than the screen: it scrolls
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y
        assert app.is_running  # the [@click=app.quit] did nothing
        await pilot.press("ctrl+n")  # the same key closes it
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_the_messages_take_a_notice_given_while_they_are_open(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        text = app.screen.query_one("#messages-text", Static)
        assert "Nothing said yet." in str(text.render())
        app.notify("Synced.")
        await pilot.pause()
        assert "Synced." in str(text.render())
        await pilot.press("escape")
        await pilot.pause()
        board(app)


async def test_help_lists_the_messages_key(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        table = dict(app.key_table(app.screen))
        assert "Every notice of this session" in table["^n"]
        await pilot.pause()


def test_sync_without_a_remote_says_what_was_done_in_one_line() -> None:
    assert no_remote_line(SyncResult(ok=True, committed="abc1234", no_remote="...")) == (
        "committed; no remote to sync with: git remote add origin URL"
    )
    assert no_remote_line(SyncResult(ok=True, no_remote="...")) == (
        "nothing new to commit; no remote to sync with: git remote add origin URL"
    )


async def test_s_without_a_remote_is_one_toast_line(tmp_path, monkeypatch, app_for) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n name = Tester\n email = t@example.com\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    subprocess.run(["git", "init", "-q", "local"], cwd=tmp_path, check=True)
    folder = tmp_path / "local"
    monkeypatch.chdir(folder)
    assert pstui(["init", "--template", "simple"]) == 0
    app = app_for(folder / "pstui.json")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("S")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n for n in app.notice_log if n.title == "Not synced"]
        assert [n.message for n in said] == [
            "committed; no remote to sync with: git remote add origin URL"
        ]
        assert not [n for n in app.notice_log if n.severity == "error"]
        shown = [n.message for n in app._notifications]
        assert "Not synced: committed; no remote to sync with: git remote add origin URL" in shown
