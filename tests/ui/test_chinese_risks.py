"""The risk register, the risk and lesson forms, the knowledge base and the workflow screen in
the Chinese interface: their words are Chinese, the values stored stay English, and columns
of Chinese text still line up (two cells a character) at 80x24 and 120x40."""

from __future__ import annotations

from pathlib import Path

import pendulum
from conftest import cells, notices, on_disk, screen_text
from knowledge import build_knowledge
from rich.cells import cell_len
from test_board_admin import open_admin
from test_risk_register import (
    ENGINEER,
    VENDOR,
    cursor_to,
    named,
    open_form,
    open_register,
    risky,
    title_line,
)
from textual.widgets import Label

from pstui.model.risk import level_label
from pstui.ui.screens.lessons import LessonsScreen
from pstui.ui.screens.risk_form import Cycle, RiskForm
from pstui.ui.widgets.form import date_problem, date_reading, read_amount
from pstui.ui.widgets.heat_map import HeatMap
from pstui.ui.widgets.risk_table import table_columns

__all__ = ["risky"]  # the fixture, shared with the English tests

SIZE = (80, 24)
BIG = (120, 40)


def column_starts(line: str, words: list[str]) -> list[int]:
    """The cell where each of `words` starts in `line`."""
    return [cell_len(line[: line.index(word)]) for word in words]


async def test_the_register_speaks_chinese_and_its_columns_line_up(risky, app_for) -> None:
    app = app_for(risky, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        title = title_line(screen)
        assert "风险" in title and "5 项未关闭 · 2 高及以上 · 1 逾期" in title
        assert "排序：分值" in title
        text = screen_text(app)
        lines = text.splitlines()
        header = next(line for line in lines if "标题" in line)
        for word in ("编号", "等级", "状态", "卡片", "负责人", "复查日期"):
            assert word in header
        vendor = next(line for line in lines if VENDOR in line)
        assert "严重" in vendor and "未关闭" in vendor
        engineer = next(line for line in lines if ENGINEER in line)
        assert "监控中" in engineer and "看板" in engineer and "今天" in engineer
        # The owner column starts on the same cell in the header and in every row.
        owner = column_starts(header, ["负责人"])[0]
        assert column_starts(vendor, ["Alice"])[0] == owner
        assert column_starts(engineer, ["Bob"])[0] == owner
        assert "open" not in text and "crit" not in text and "monitor" not in text
        # The one-line map: Chinese levels, and every line fits the screen.
        compact = screen.query_one(HeatMap).lines()[0]
        assert "未关闭" in compact and "严重 1" in compact and "1-4 筛选" in compact
        assert all(cells(line) <= SIZE[0] for line in lines)


async def test_the_full_heat_map_fits_with_chinese_labels(risky, app_for) -> None:
    app = app_for(risky, language="zh")
    async with app.run_test(size=BIG) as pilot:
        screen = await open_register(pilot)
        heat = screen.query_one(HeatMap)
        lines = heat.lines()
        assert "各等级未关闭" in lines[0]
        assert [level_label(word) for word in ("critical", "high", "medium", "low")] == [
            "严重",
            "高",
            "中",
            "低",
        ]
        # The counts of the legend line up whatever the width of the level's word.
        ends = [cell_len(line.rstrip()) for line in lines[1:5]]
        assert len(set(ends)) == 1
        assert all(cell_len(line) <= heat.size.width for line in lines)
        await pilot.press("shift+tab")  # the map takes the focus: its cursor's reading
        assert any("P3×I3 = 9 中" in line for line in heat.lines())
        detail = screen_text(app)  # the risk under the table's cursor, in full
        assert "威胁 · 其他 · 应对策略 尚未选择" in detail and "负责人 Alice Chen" in detail
        await pilot.press("enter")
        assert "显示 0 个：P3×I3" in title_line(screen)


async def test_the_level_keys_and_the_filter_words(risky, app_for) -> None:
    app = app_for(risky, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("1")
        assert "显示 1 个：等级 严重" in title_line(screen)
        await pilot.press("escape", "slash", *"status:open")  # the tokens stay English
        await pilot.pause()
        assert VENDOR in [r.title for r in screen.table.risks]
        await pilot.press("escape")  # out of the filter box, clearing it
        await pilot.press("c")
        assert "+已关闭" in title_line(screen)


async def test_the_status_filter_takes_the_word_the_table_shows(risky, app_for) -> None:
    app = app_for(risky, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("slash", *"status:未关闭")
        await pilot.pause()
        typed_label = {r.title for r in screen.table.risks}
        await pilot.press("escape", "slash", *"status:open")
        await pilot.pause()
        assert VENDOR in typed_label
        assert typed_label == {r.title for r in screen.table.risks}


async def test_the_risk_form_speaks_chinese_and_stores_english(risky, app_for) -> None:
    app = app_for(risky, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        form = await open_form(pilot, "n")
        assert isinstance(form, RiskForm)
        text = screen_text(app)
        for word in ("新风险", "标题", "类别", "可能性", "影响", "应对策略", "复查日期"):
            assert word in text, word
        assert "< 威胁 >" in text and "< 尚未选择 >" in text and "< 未关闭 >" in text
        category = form.query_one("#risk-category", Cycle)
        category.focus()
        await pilot.press("l")  # a letter still picks the stored word it starts: legal
        assert category.value == "legal"
        form.query_one("#risk-review").focus()
        await pilot.press(*"xyz")
        note = str(form.query_one("#risk-review-note", Label).content)
        assert note.startswith("不是日期")
        await pilot.press("backspace", "backspace", "backspace")
        form.query_one("#risk-title").focus()
        await pilot.press(*"Power cut")
        form.query_one("#risk-response", Cycle).focus()
        await pilot.press("right")
        await pilot.press("ctrl+s")
        await pilot.pause()
        risk = named(on_disk(app), "Power cut")
        assert (risk.category, risk.response, risk.status, risk.kind) == (
            "legal",
            "avoid",
            "open",
            "threat",
        )


async def test_closing_a_risk_says_so_in_chinese(risky, app_for) -> None:
    app = app_for(risky, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("x")
        await pilot.pause()
        prompt = screen_text(app)
        assert "关闭说明（可选）" in prompt and "Enter 关闭风险；Escape 取消" in prompt
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("c")
        await cursor_to(pilot, screen, VENDOR)
        await pilot.press("x")
        await pilot.pause()
        assert any(n.startswith("已重新打开") for n in notices(app))


def test_the_table_widens_a_chinese_header_to_its_cells(chinese) -> None:
    columns = {c.key: c for c in table_columns(80, 4, 4)}
    assert columns["card"].label == "卡片" and columns["card"].width >= 4
    assert columns["review"].width >= cell_len("复查日期")


def test_form_helpers_speak_chinese(chinese) -> None:
    today = pendulum.Date(2026, 11, 22)
    reading = date_reading("2026-12-01", today).plain
    assert reading.startswith("2026-12-01，星期二（")
    assert date_reading(None, today).plain == "无日期"
    assert date_problem("nonsense", today).startswith("不是日期：")
    try:
        read_amount("-5")
    except ValueError as err:
        assert str(err) == "金额不能为负数"
    else:
        raise AssertionError("a negative amount was read")


async def test_the_knowledge_base_speaks_chinese(tmp_path: Path, app_for) -> None:
    app = app_for(build_knowledge(tmp_path / "pstui.json"), language="zh")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(LessonsScreen())
        await pilot.pause()
        text = screen_text(app)
        lines = text.splitlines()
        assert "知识库，所有看板" in lines[0] and "5 条" in lines[0]
        header = next(line for line in lines if "标题" in line and "类型" in line)
        for word in ("标签", "客户", "卡片", "撰写日期"):
            assert word in header
        assert "经验教训" in text or "常见问题" in text
        assert "撰写" in text and "作者" in text
        await pilot.press("n")
        await pilot.pause()
        form = screen_text(app)
        assert "新经验教训" in form and "< 经验教训 >" in form
        await pilot.press("x", "escape")
        await pilot.pause()
        assert "继续编辑" in screen_text(app)


async def test_the_workflow_screen_speaks_chinese_and_lines_up(sample_zh, app_for) -> None:
    app = app_for(sample_zh, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await open_admin(pilot)
        lines = screen_text(app).splitlines()
        assert lines[0].lstrip().startswith("工作流") and "个阶段" in lines[0]
        header = next(line for line in lines if "阶段" in line and "关口" in line)
        start = lines.index(header) + 1
        rows = lines[start : start + 6]  # the sample's six stages
        assert all("必须，" in row for row in rows), lines
        gate = column_starts(header, ["关口"])[0]  # each gate reads "4 必须，1 建议"
        assert all(column_starts(row, ["必须"])[0] == gate + 2 for row in rows)
        archived = [row for row in rows if "归档" in row]
        assert all("+" in row for row in archived)
        assert "关口的修改只适用于今后进入该阶段的卡片" in "".join(lines)
