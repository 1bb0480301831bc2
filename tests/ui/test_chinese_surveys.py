"""The surveys screen, the response form and the retrospective form in Chinese: pstui's own
words around the surveys (the questions are data and stay as written), and tables whose
columns still line up when a header or a status takes two cells a character.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import fill, notices, screen_text
from knowledge import HARBOUR, build_knowledge
from rich.cells import cell_len
from surveyed import build_surveyed
from textual.app import App, ComposeResult
from textual.widgets import Label, Static

from pstui.i18n import _
from pstui.model.survey import Scale
from pstui.ui.screens.response_form import ResponseForm
from pstui.ui.screens.retro_form import RetroForm, slip_reading, variance_reading
from pstui.ui.screens.surveys import SurveysScreen
from pstui.ui.survey_text import value_word
from pstui.ui.widgets.line_table import Column, LineTable, table_bindings
from pstui.ui.widgets.scale_question import ScaleQuestion

SIZE = (80, 24)
BIG = (120, 40)


@pytest.fixture
def surveyed(tmp_path: Path) -> Path:
    return build_surveyed(tmp_path / "pstui.json")


async def open_surveys(pilot) -> SurveysScreen:
    app = pilot.app
    app.push_screen(SurveysScreen(app.repo.boards.all()[0].id))
    await pilot.pause()
    await pilot.pause()  # the figures come a frame after the screen
    screen = app.screen
    assert isinstance(screen, SurveysScreen)
    return screen


def table_lines(table: LineTable) -> list[str]:
    return [table.line_text(y) for y in range(len(table.rows) + 1)]


def end_cell(line: str, text: str) -> int:
    """The cell where `text` ends in `line` (wide characters counted as two)."""
    at = line.index(text) + len(text)
    return cell_len(line[:at])


async def test_the_surveys_table_reads_chinese_and_lines_up(surveyed, app_for, chinese) -> None:
    app = app_for(surveyed, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        title = str(screen.query_one("#surveys-title", Static).content)
        assert "6 份满意度调查：已发送 1、部分作答 1、已答复 3、逾期 1" in title
        lines = table_lines(screen.table)
        header = lines[0]
        for word in ("编号", "状态", "卡片", "联系人", "发送", "截止"):
            assert word in header
        # Every line takes the table's width, and each column starts in the same cell.
        assert {cell_len(line) for line in lines} == {screen.table.size.width}
        sam = next(line for line in lines if "Sam Park" in line)
        assert "逾期" in sam and "!11-16" in sam
        chen = next(line for line in lines if "Chen Jie" in line)
        assert "部分作答" in chen
        starts = {cell_len(header[: header.index("联系人")])}
        starts |= {cell_len(sam[: sam.index("Sam Park")]), cell_len(chen[: chen.index("Chen Jie")])}
        assert len(starts) == 1
        li = next(line for line in lines if "Li Wei" in line)
        assert end_cell(header, "CSAT") == end_cell(li, "100%")
        text = screen_text(app)
        assert "尚无答卷：按 Enter 录入。" in text  # the detail of the newest (Tom Baker's)
        assert "tester 于 2026-11-18 发给 Tom Baker" in text
        assert "发送" in text.splitlines()[-1] and "录入答卷" in text.splitlines()[-1]


async def test_the_grouped_scores_read_chinese_and_right_align_by_cells(
    surveyed, app_for, chinese
) -> None:
    app = app_for(surveyed, language="zh")
    async with app.run_test(size=BIG) as pilot:
        screen = await open_surveys(pilot)
        figures = str(screen.query_one("#surveys-figures", Static).content)
        assert "推荐者 1 人 · 被动者 1 人 · 贬损者 1 人" in figures
        assert "答复率 已答复 3/6（50%）" in figures
        await pilot.press("g")
        await pilot.pause()
        lines = table_lines(screen.groups_table)
        header = lines[0]
        assert header.split()[:3] == ["卡片", "已答复", "答卷数"]
        acme = next(line for line in lines if "Rollout at Acme" in line)
        # Right-aligned headers end where their numbers do, wide characters and all.
        assert end_cell(header, "已答复") == end_cell(acme, "1/2 (50%)")
        assert end_cell(header, "答卷数") == end_cell(acme, "(50%)         1")
        assert end_cell(header, "CES") == end_cell(acme, "6.0")
        assert {cell_len(line) for line in lines} == {screen.groups_table.size.width}
        # The status filter names the status in the title and in an empty table.
        await pilot.press("f")
        await pilot.pause()
        title = str(screen.query_one("#surveys-title", Static).content)
        assert "显示已发送 1 份" in title


async def test_the_response_form_reads_chinese(surveyed, app_for, chinese) -> None:
    app = app_for(surveyed, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        target = next(
            n for n, row in enumerate(screen.table.rows) if row.survey.contact == "Sam Park"
        )
        for _step in range(target):
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ResponseForm)
        text = screen_text(app)
        assert "录入答卷：" in text and "答卷人" in text and "作答日期" in text
        assert "1 非常不满意 … 5 非常满意" in text  # the anchors
        assert "How satisfied" in text  # the question itself is data: as written
        first = form.query_one("#question-1", ScaleQuestion)
        assert "未回答" in str(first.render())
        await pilot.press("7")
        assert "7 不在此量表内：1 到 5" in str(first.render())
        await pilot.press("3")
        assert "3 一般" in str(first.render())  # neither satisfied nor dissatisfied
        progress = str(form.query_one("#response-progress", Label).content)
        assert progress == "6 道评分题已回答 1 道"
        await pilot.press("enter", "5", "tab", "3", "enter", "4", "enter", "1", "0")
        await pilot.press("enter", "4", "enter")
        await fill(pilot, "更短的发布说明")
        assert "ctrl+s 保存为已作答" in str(form.query_one("#response-progress", Label).content)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert any(
            n.startswith("已记录 Sam Park 对 ") and "（1 份答卷）" in n for n in notices(app)
        )


async def test_the_retrospective_form_reads_chinese(tmp_path, app_for, chinese) -> None:
    app = app_for(build_knowledge(tmp_path / "pstui.json"), language="zh")
    async with app.run_test(size=SIZE) as pilot:
        board = app.repo.boards.all()[0].id
        card = next(c.id for c in app.repo.cards.on_board(board) if c.title == HARBOUR)
        app.push_screen(RetroForm(card))
        await pilot.pause()
        text = screen_text(app)
        for word in ("复盘", "召开日期", "目标达成", "部分达成", "计划 122 天", "延期 13 天"):
            assert word in text
        assert "预算偏差 +9.6 %（超支）" in text
        assert "改进行动" in text
        assert "^s 保存" in text.splitlines()[-1]


def test_readings_and_scale_words_in_chinese(chinese) -> None:
    assert slip_reading(0).plain == "按时"
    assert slip_reading(-3).plain == "提前 3 天"
    assert variance_reading(-12.34).plain == "预算偏差 -12.3 %（结余）"
    # One English "neither", two Chinese words: the scale says which.
    assert value_word(Scale.CSAT, 3) == "一般"
    assert value_word(Scale.CES, 4) == "中立"
    assert value_word(Scale.NPS, 9) == "推荐者"


def test_the_scale_words_stay_english_in_english() -> None:
    assert value_word(Scale.CSAT, 3) == value_word(Scale.CES, 4) == "neither"
    assert slip_reading(1).plain == "+1 day late"


def test_table_keys_are_whole_phrases_in_the_catalog(chinese) -> None:
    descriptions = {b.id: b.description for b in table_bindings("survey", "survey")}
    assert descriptions["survey-first"] == "First survey"  # marked, shown through _()
    assert _(descriptions["survey-first"]) == "第一份满意度调查"
    assert _(descriptions["survey-page-down"]) == "下一页"


class _Wide(LineTable[str]):
    def table_columns(self, width: int) -> tuple[Column, ...]:
        return (Column("name", "Card", 10), Column("n", "Responses", 8, right=True))

    def cells(self, row: str) -> list[tuple[str, str]]:
        return [(row, ""), ("十二", "")]


async def test_a_line_table_translates_marked_labels_and_pads_by_cells(chinese) -> None:
    class Host(App):
        def compose(self) -> ComposeResult:
            yield _Wide(id="wide")

    app = Host()
    async with app.run_test(size=(40, 5)):
        table = app.query_one(_Wide)
        table.set_rows(["甲"])
        header, row = table.line_text(0), table.line_text(1)
        assert "卡片" in header and "答卷数" in header
        assert end_cell(header, "答卷数") == end_cell(row, "十二")
        assert cell_len(header) == cell_len(row) == 40
        table.set_rows([])
        assert "这里什么都没有。" in table.line_text(1)


# ----- review findings: whole sentences, the model's status words, one name for the screen ------


async def test_the_no_client_group_reads_chinese(surveyed, app_for, chinese) -> None:
    app = app_for(surveyed, language="zh")
    async with app.run_test(size=BIG) as pilot:
        repo = app.repo
        board = repo.boards.all()[0].id
        card = repo.cards.add(board, "Internal audit", stage="review").id  # no client
        repo.surveys.send(card, "Pat Doe", sent_on="2026-11-20", due=None)
        screen = await open_surveys(pilot)
        await pilot.press("g", "g")
        assert screen.groups_table.by == "client"
        groups = screen.groups_table
        first = [groups.cells(row)[0][0] for row in groups.rows]
        assert "（无客户）" in first and "(no client)" not in first
        assert "(no client)" in [row.label for row in groups.rows]  # the data stays English


async def test_the_due_date_prompt_explains_dates_in_chinese(surveyed, app_for, chinese) -> None:
    app = app_for(surveyed, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        await pilot.press("s", "enter")  # the selected survey's card
        await fill(pilot, "Grace Hopper")
        await pilot.press("enter")
        hint = str(app.screen.query_one("#prompt-hint", Label).content)
        assert "答卷截止日期" in screen_text(app)
        assert hint.startswith("日期，如 2026-12-01")


async def test_who_sent_a_survey_is_one_sentence_in_chinese(surveyed, app_for, chinese) -> None:
    app = app_for(surveyed, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)  # the newest first: Tom Baker's, sent by tester
        detail = str(screen.query_one("#survey-detail", Static).content)
        assert "tester 于 2026-11-18 发给 Tom Baker" in detail
        assert "由 tester 发送" not in detail


async def test_who_sent_a_survey_stays_muted_in_english(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        content = screen.query_one("#survey-detail", Static).content
        plain = content.plain
        assert "sent 2026-11-18 to Tom Baker by tester" in plain
        at = plain.index(" by tester")
        muted = [s for s in content.spans if s.style == "$text-muted" and s.start == at]
        assert muted and muted[0].end == at + len(" by tester")


async def test_the_status_words_and_the_rate_are_the_clis(surveyed, app_for, chinese) -> None:
    import pstui.ui.survey_text as survey_text

    assert not hasattr(survey_text, "STATUS_WORDS")  # the model's status_label, not a copy
    app = app_for(surveyed, language="zh")
    async with app.run_test(size=BIG) as pilot:
        screen = await open_surveys(pilot)
        title = str(screen.query_one("#surveys-title", Static).content)
        assert "已答复 3" in title and "已作答" not in title
        assert any("已答复" in line for line in table_lines(screen.table))
        figures = str(screen.query_one("#surveys-figures", Static).content)
        assert "答复率" in figures and "回收率" not in figures


async def test_lists_in_a_chinese_line_take_chinese_separators(surveyed, app_for, chinese) -> None:
    app = app_for(surveyed, language="zh")
    async with app.run_test(size=SIZE) as pilot:  # compact: the figures are one line
        screen = await open_surveys(pilot)
        title = str(screen.query_one("#surveys-title", Static).content)
        assert "6 份满意度调查：已发送 1、部分作答 1、已答复 3、逾期 1" in title
        figures = str(screen.query_one("#surveys-figures", Static).content)
        assert "CES 5.3，67% 认为容易" in figures
        assert ", " not in title + figures


async def test_the_screen_is_named_as_surveys_are_everywhere(surveyed, app_for, chinese) -> None:
    app = app_for(surveyed, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        title = str(screen.query_one("#surveys-title", Static).content)
        assert title.startswith(" 满意度调查 ")
    assert _("SURVEYS") == "满意度调查"
