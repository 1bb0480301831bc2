"""Hostile and awkward user text: shown literally everywhere, never interpreted, never a crash.

Titles (and the other text fields) hold Textual markup, Rich markup, ANSI escape sequences,
control characters, a 200-character line and long Chinese text. Every screen that shows
them must keep running, show markup as typed, show control characters in caret notation
(ESC as ^[), never send a raw ESC to the terminal, and keep wide characters whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    WHO,
    active_column,
    board,
    card_line,
    fill,
    put_cursor_on,
    screen_text,
    strip_texts,
    titles,
)
from rich.cells import cell_len
from textual.command import CommandPalette
from textual.content import Content
from textual.notifications import Notification

from pstui.store.repository import Repository
from pstui.store.templates import load_template
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.gate_review import GateReview
from pstui.ui.screens.help import HelpScreen

LINK = "[@click=app.quit]x[/]"
BOLD = "[bold]bold[/bold]"
RED = "[red]"
ANSI = "\x1b[31mred\x1b[0m"
ANSI_SHOWN = "^[[31mred^[[0m"
CONTROL = "bell\x07back\x08space"
CONTROL_SHOWN = "bell^Gback^Hspace"
LONG = ("Long title " * 18 + "x" * 20)[:200]  # 200 characters
CJK = "华东电网信息中心调度自动化系统二期升级改造项目：需求调研、方案设计与系统集成"
BIG = (200, 50)  # wide enough that the short titles are not cut


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A store whose cards carry every kind of awkward text, in every field."""
    path = tmp_path / "pstui.json"
    repo = Repository.create(path, "Test board", load_template("service").workflow, who=WHO)
    board_id = repo.boards.all()[0].id
    for title in (LINK, BOLD, RED, ANSI, CONTROL, LONG, CJK):
        card = repo.cards.add(
            board_id,
            title,
            assignee=f"{RED}{ANSI}",
            client=CONTROL,
            tags=[BOLD],
            description=f"{BOLD}\n{ANSI}\n{CONTROL}",
        )
        repo.cards.add_item(card.id, f"item {LINK} {ANSI}", must=True, owner=BOLD)
    assert [c.title for c in repo.cards.on_board(board_id)] == [
        LINK,
        BOLD,
        RED,
        ANSI,
        CONTROL,
        LONG,
        CJK,
    ]
    link = next(c for c in repo.cards.on_board(board_id) if c.title == LINK)
    repo.cards.set_blocked(link.id, True, f"{BOLD} {ANSI}")
    return path


def assert_safe(app, text: str) -> None:
    assert app.is_running and app._exception is None
    assert "\x1b" not in text and "\x07" not in text and "\x08" not in text
    assert "\x1b" not in app.export_screenshot()


# ----- the board --------------------------------------------------------------------------


async def test_the_board_shows_user_text_literally(hostile, app_for) -> None:
    app = app_for(hostile)
    async with app.run_test(size=BIG, notifications=True) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert_safe(app, text)
        for shown in (LINK, BOLD, RED, ANSI_SHOWN, CONTROL_SHOWN):
            assert shown in text, shown
        # The blocked mark is the app's own, not the user's.
        assert "! " in text
        assert titles(active_column(app))[:3] == [LINK, BOLD, RED]


async def test_the_board_and_the_detail_show_bidi_controls_as_code_points(
    tmp_path, app_for
) -> None:
    path = tmp_path / "pstui.json"
    repo = Repository.create(path, "Test board", load_template("service").workflow, who=WHO)
    repo.cards.add(repo.boards.all()[0].id, "invoice \u202efdp.exe", client="\u2067Acme")
    repo.close()
    app = app_for(path)
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "invoice <U+202E>fdp.exe" in text and "\u202e" not in text
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "<U+202E>" in text and "<U+2067>Acme" in text
        assert "\u202e" not in text and "\u2067" not in text


async def test_every_board_row_fills_the_column_exactly(hostile, app_for) -> None:
    app = app_for(hostile)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for column in board(app).shown_columns():
            width = column.content_size.width
            rows = strip_texts(column)
            assert rows
            for row in rows:
                assert cell_len(row) == width, (column.stage.id, row)
        assert_safe(app, screen_text(app))


@pytest.mark.parametrize("size", [(80, 24), (97, 30)])
async def test_long_titles_are_cut_on_a_cell_boundary_with_an_ellipsis(
    hostile, app_for, size
) -> None:
    app = app_for(hostile)
    async with app.run_test(size=size) as pilot:
        await put_cursor_on(pilot, CJK)
        column = active_column(app)
        width = column.inner_width
        for title in (LONG, CJK):
            index = titles(column).index(title)
            column.set_cursor(index)
            await pilot.pause()
            line = card_line(column, index, 0)
            assert cell_len(line) == width
            short = app.repo.cards.short_id(next(c.id for c in column.cards if c.title == title))
            shown = line[:-1].rstrip(" ")  # the last cell is the scroll bar's
            assert shown.endswith("…"), line
            head = shown[len(short) + 1 : -1]
            assert title.startswith(head) and head  # whole characters, in order
            # At most one cell is left over: a wide character that did not fit is dropped.
            assert (width - 1) - cell_len(shown) <= 1


async def test_the_chinese_sample_rows_are_all_one_width(sample_zh, app_for) -> None:
    app = app_for(sample_zh)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(6):
            for column in board(app).shown_columns():
                width = column.content_size.width
                assert {cell_len(r) for r in strip_texts(column)} == {width}
            await pilot.press("l")


# ----- the other screens ------------------------------------------------------------------


async def test_the_detail_shows_user_text_literally(hostile, app_for) -> None:
    app = app_for(hostile)
    async with app.run_test(size=BIG, notifications=True) as pilot:
        for title in (LINK, ANSI, CJK):
            await put_cursor_on(pilot, title)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, CardDetail)
            text = screen_text(app)
            assert_safe(app, text)
            for shown in (LINK, BOLD, RED, ANSI_SHOWN, CONTROL_SHOWN, f"item {LINK} ^["):
                assert shown in text, (title, shown)
            await pilot.press("escape")
            await pilot.pause()


async def test_the_gate_review_shows_user_text_literally(hostile, app_for) -> None:
    app = app_for(hostile)
    async with app.run_test(size=BIG, notifications=True) as pilot:
        for title in (LINK, CJK):
            await put_cursor_on(pilot, title)
            await pilot.press("g")
            await pilot.pause()
            assert isinstance(app.screen, GateReview)
            text = screen_text(app)
            assert_safe(app, text)
            assert f"item {LINK} {ANSI_SHOWN}  @{BOLD}" in text
            assert title in text
            await pilot.press("escape")
            await pilot.pause()


async def test_help_and_palette_open_over_hostile_cards(hostile, app_for) -> None:
    app = app_for(hostile)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await put_cursor_on(pilot, ANSI)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert_safe(app, screen_text(app))
        await pilot.press("escape", "ctrl+p")
        await pilot.pause(0.2)
        assert isinstance(app.screen, CommandPalette)
        assert_safe(app, screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_typed_markup_is_kept_as_typed(hostile, app_for) -> None:
    app = app_for(hostile)
    async with app.run_test(size=BIG, notifications=True) as pilot:
        await pilot.press("n")
        await pilot.press(*"[b]x[/b]", "enter")  # typed key by key into a new card's title
        await pilot.pause()
        assert board(app).current_card().title == "[b]x[/b]"
        assert "[b]x[/b]" in screen_text(app)
        await pilot.press("slash")
        await fill(pilot, "[@click")
        await pilot.press("enter")
        await pilot.pause()
        assert titles(active_column(app)) == [LINK]
        text = screen_text(app)
        assert_safe(app, text)
        assert "filter: [@click" in text


# ----- bugs -------------------------------------------------------------------------------


def as_toast_shows(notice: Notification) -> str:
    """The text a toast shows for `notice`, computed the way Textual's Toast.render does.

    Asking the notification directly (rather than rendering toasts) keeps a crash from
    costing the run: Textual prints a traceback with locals on the way out, which is slow.
    """
    content = Content.from_markup(notice.message) if notice.markup else Content(notice.message)
    return content.plain


async def test_the_undo_notice_shows_the_title_literally(hostile, app_for) -> None:
    app = app_for(hostile)
    async with app.run_test(size=BIG) as pilot:
        await put_cursor_on(pilot, LINK)
        card_id = board(app).current_card().id
        await pilot.press("x", "u")
        await pilot.pause()
        notice = list(app._notifications)[-1]
        short = app.repo.cards.short_id(card_id)
        assert as_toast_shows(notice) == f"Undone: archived {short} {LINK}"  # one line


async def test_undo_of_a_title_with_a_stray_closing_tag_does_not_crash(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await fill(pilot, "Fix the [/] in reports")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        notice = list(app._notifications)[-1]
        assert "Fix the [/] in reports" in as_toast_shows(notice)  # what Toast.render does


async def test_the_title_prompt_never_sends_raw_escapes(hostile, app_for) -> None:
    app = app_for(hostile)
    async with app.run_test(size=BIG) as pilot:
        await put_cursor_on(pilot, ANSI)
        await pilot.press("e")
        await pilot.pause()
        text = screen_text(app)
        assert "\x1b" not in text
        assert ANSI_SHOWN in text
