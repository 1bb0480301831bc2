"""The board in Chinese: its bar, column headers, card lines, filter count, prompts and the
notices of an action on marked cards read Chinese, and the columns still line up at 80x24
and 120x40 with wide characters in every header and card line."""

from __future__ import annotations

import pytest
from conftest import (
    OPEN,
    READY,
    WHO,
    active_column,
    board,
    card_line,
    fill,
    notices,
    put_cursor_on,
    screen_text,
)
from rich.cells import cell_len
from textual.widgets import Input, Static

from pstui.store.repository import Repository
from pstui.ui.filtering import CardFilter
from pstui.ui.screens.marked_cards import Batch
from pstui.ui.screens.prompt import TextPrompt

FRAME_CHARS = set("│╭╮╰╯")


def bar(app) -> str:
    return str(board(app).query_one("#board-bar", Static).content)


def count_line(app) -> str:
    return str(board(app).query_one("#filter", Input).border_title)


def frame_cells(line: str) -> list[int]:
    """The cells where a column's frame is drawn on a line of the screen."""
    found, used = [], 0
    for char in line:
        if char in FRAME_CHARS:
            found.append(used)
        used += cell_len(char)
    return found


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_board_reads_chinese_and_its_columns_line_up(sample_zh, app_for, size) -> None:
    app = app_for(sample_zh, language="zh")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        rows = screen_text(app).splitlines()
        width, height = size
        shown = 3 if width == 80 else 4
        assert f"阶段 1-{shown}/6" in rows[0]
        assert "项风险复查逾期（R）" in rows[0]
        column = active_column(app)
        assert card_line(column, 0, 1).startswith("0天 ")
        # Every row of the columns is the screen's width, its frames where the top border's
        # corners are: no wide character pushed a frame out of line.
        top, bottom = 1, height - 2
        corners = frame_cells(rows[top])
        assert len(corners) == 2 * shown
        for row in rows[top : bottom + 1]:
            assert cell_len(row) == width, row
            assert frame_cells(row) == corners, row


async def test_the_filter_says_its_count_and_the_tokens_it_cannot_read_in_chinese(
    sample_zh, app_for
) -> None:
    app = app_for(sample_zh, language="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        box = board(app).query_one("#filter", Input)
        assert box.placeholder.startswith("筛选：词语 @负责人 #标签 client:")
        await pilot.press("slash")
        await fill(pilot, "系统 is:late")
        await pilot.press("enter")
        await pilot.pause()
        said = count_line(app)
        assert said.split("：")[0].endswith("张匹配")
        assert "（无法识别：is:late）" in said
        assert "筛选：系统 is:late" in bar(app)
        header = screen_text(app).splitlines()[2]
        assert "（共 4/6）" in header
        await pilot.press("slash")
        await fill(pilot, "没有这样的卡片")
        assert count_line(app) == "没有匹配的卡片"


def test_the_filter_count_lists_its_stages_with_chinese_commas(chinese) -> None:
    said = CardFilter.parse("x is:nope").counted([("执行", 2), ("复查", 1), ("验收", 0)])
    assert said == "3 张匹配：执行 2、复查 1  （无法识别：is:nope）"


async def test_marked_cards_say_what_was_done_and_refused_in_chinese(store, app_for) -> None:
    app = app_for(store, language="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for title in (READY, OPEN):
            await put_cursor_on(pilot, title)
            await pilot.press("space")
        await pilot.pause()
        assert "已选 2 张" in bar(app)
        await pilot.press("L")
        await pilot.pause()
        said = notices(app)[-1]
        assert said.startswith("已推进 2 张卡片中的 1 张。 未移动：")
        assert "（未通过关口：4 个必须检查项未完成）。" in said
        await pilot.press("b")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        assert "将 2 张已选卡片标记受阻：原因是什么？" in screen_text(app)
        await pilot.press("enter")  # nothing typed: said in place
        await pilot.pause()
        assert "此处必须填写（按 Escape 退出）" in screen_text(app)


def test_a_batch_lists_the_rest_of_its_refused_cards_in_chinese(chinese) -> None:
    batch = Batch(done=["a"], refused=[(f"c{n}", "已不存在") for n in range(7)])
    said = batch.said("archived", lambda cid: cid.upper())
    assert said == (
        "已归档 8 张卡片中的 1 张。 未归档：C0（已不存在）；C1（已不存在）；C2（已不存在）；"
        "C3（已不存在）；C4（已不存在）；另有 2 张。"
    )


async def test_the_assignee_prompt_hints_in_chinese(store, app_for) -> None:
    app = app_for(store, language="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await put_cursor_on(pilot, OPEN)
        await pilot.press("space")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        text = screen_text(app)
        assert "1 张已选卡片的负责人（留空则清除）" in text
        assert "已知：Alice Chen、Bob Stone（右方向键补全）" in text
        await fill(pilot, "ali")
        assert "Enter 设为 Alice Chen" in screen_text(app)


async def test_an_empty_column_and_why_a_card_is_blocked_read_chinese(store, app_for) -> None:
    app = app_for(store, language="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "没有卡片" in screen_text(app)  # the third stage has none
        await put_cursor_on(pilot, READY)
        await pilot.press("b")
        await pilot.pause()
        await fill(pilot, "等客户回复")
        await pilot.press("enter")
        await pilot.pause()
        assert "! 受阻：等客户回复" in bar(app)


async def test_the_archived_boards_screen_reads_chinese(store, app_for) -> None:
    repo = Repository(store, who=WHO)
    for each in repo.boards.all():
        repo.boards.set_archived(each.id, True)
    repo.close()
    app = app_for(store, language="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "本数据文件的所有看板都已归档" in text
        assert "选择一个看板恢复（Enter），其卡片随之恢复。q 退出。" in text


def test_english_stays_as_it_was() -> None:
    card_filter = CardFilter.parse("x is:nope")
    assert card_filter.counted([("Execution", 7), ("Review", 5)]) == (
        "12 match: Execution 7, Review 5  (not read: is:nope)"
    )
    batch = Batch(done=["a"], refused=[("b", "gone")])
    assert batch.said("moved on", str) == "Moved on 1 of 2 cards. Not moved: b (gone)."
    assert Batch(done=["a"]).said("tagged", str) == "Tagged 1 of 1 card."
