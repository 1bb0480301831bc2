"""The card detail, the gate review, notices and messages, git's keys, the conflicts and the
standup in Chinese (#20): pstui's own words are Chinese, what is stored stays English, and the
columns a label pads still line up with characters two cells wide."""

from __future__ import annotations

import re

from conftest import OPEN, card_named, fill, notices, on_disk, put_cursor_on, screen_text
from rich.cells import cell_len
from textual.widgets import DataTable, Label, Static

from pstui.model.card import Outcome
from pstui.store.gitsync import SyncResult
from pstui.ui.git_actions import no_remote_line
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.conflicts import ConflictsScreen
from pstui.ui.screens.gate_review import GateReview
from pstui.ui.screens.messages import MessagesScreen
from pstui.ui.screens.standup import StandupScreen
from pstui.ui.widgets.text_pane import TextPane

SIZE = (80, 24)
# "Member mobile app": fourth in Initiation, with a Go and a Recycle on record.
MEMBER_APP = "Member mobile app"
LEVEL = re.compile(r"(▸ |  )(必须|建议) *")


def column_of(line: str, value: str) -> int:
    """The cell `value` starts at in `line`."""
    return cell_len(line[: line.index(value)])


async def test_the_card_detail_reads_chinese_and_its_fields_line_up(sample, app_for) -> None:
    app = app_for(sample, language="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await put_cursor_on(pilot, MEMBER_APP)
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, CardDetail)
        fields = str(detail.query_one("#detail-fields", Static).render()).splitlines()
        labels = ["阶段", "类型", "负责人", "客户", "标签", "截止日期", "创建时间"]
        assert [line.split()[0] for line in fields] == labels
        values = [line.split(maxsplit=1)[1] for line in fields]
        assert (
            len({column_of(line, value) for line, value in zip(fields, values, strict=True)}) == 1
        )
        assert "ID " in fields[-1]
        title = str(detail.query_one("#checklist-title", Static).render())
        assert title.startswith("检查清单：Initiation（")
        past = str(detail.query_one("#detail-past", Static).render())
        decisions = [line for line in past.splitlines() if "关口，决策人" in line]
        assert [line.split()[1] for line in decisions] == ["通过", "返工"]
        stages = [
            column_of(line, "Initiation" if "通过" in line else "Execution") for line in decisions
        ]
        assert stages == [19, 19]  # the date, a space, the decision in 8 cells
        titles = {
            "#past-title": "以往阶段与决策",
            "#history-title": "历史",
            "#satisfaction-title": "满意度（V 打开满意度调查）",
        }
        for where, words in titles.items():
            assert str(detail.query_one(where, Static).render()) == words
        risks = str(detail.query_one("#risks-title", Static).render())
        assert risks.startswith("风险（") and "项未关闭" in risks
        await pilot.press("n")  # a prompt for a new item, then an empty checklist notice
        await pilot.pause()
        assert "新检查项" in screen_text(app)


async def test_the_gate_review_decides_in_chinese_and_stores_english(store, app_for) -> None:
    app = app_for(store, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        await pilot.press("g")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, GateReview)
        assert str(review.query_one("#gate-heading", Label).content).startswith("关口：")
        listed = str(review.query_one("#gate-list", Static).content)
        assert listed.count("[ ] 必须") == 4 and "[ ] 建议" in listed
        verdict = str(review.query_one("#gate-verdict", Label).content)
        assert verdict.startswith("4 个必须项未完成：通过需说明理由")
        footer = screen_text(app).splitlines()[-1]
        for word in ("通过", "暂停", "返工", "终止", "返回"):
            assert word in footer, footer
        await pilot.press("o")
        await pilot.pause()
        assert "在此关口暂停" in screen_text(app)
        await fill(pilot, "等客户确认")
        await pilot.press("enter")
        await pilot.pause()
        assert any(n.startswith("已为 ") and n.endswith("记录决策：暂停。") for n in notices(app))
        [decision] = card_named(on_disk(app), OPEN).decisions
        assert decision.outcome is Outcome.HOLD  # stored as "hold", whatever the language


async def test_messages_and_git_words_are_chinese(store, app_for, chinese) -> None:
    assert no_remote_line(SyncResult(ok=True, committed="abc1234", no_remote="...")) == (
        "已提交；没有可同步的远程仓库：git remote add origin URL"
    )
    app = app_for(store, language="zh")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("第一行\n第二行", title="同步失败", severity="error")
        await pilot.pause()
        (shown,) = list(app._notifications)
        assert shown.message.startswith("同步失败: 第一行")
        assert shown.message.endswith("（^n：查看全文）")
        assert cell_len(shown.message) <= SIZE[0] - 4
        app.notify("就这些")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, MessagesScreen)
        title = str(app.screen.query_one("#messages-title", Static).render())
        assert title == "消息：本次会话共 2 条通知，最新的在前"
        lines = str(app.screen.query_one("#messages-text", Static).render()).splitlines()
        heads = [line for line in lines if line[:2].isdigit()]
        assert [h.split()[1] for h in heads] == ["信息", "错误"]
        assert column_of(heads[1], "同步失败") == 18  # the time, two spaces, 8 cells


async def test_the_sync_key_outside_git_says_so_in_chinese(store, app_for) -> None:
    app = app_for(store, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert notices(app)[0] == "正在通过 git 同步……"
        assert "同步失败" in [n.title for n in app.notice_log]


async def test_the_conflicts_screen_reads_chinese(store, app_for) -> None:
    app = app_for(store, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ConflictsScreen())
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()] == [
            "时间",
            "记录",
            "字段",
            "记录中的值",
            "另一个值",
        ]
        assert "合并冲突：0" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert notices(app)[-1] == "没有冲突。"


async def test_the_standup_reads_chinese_and_its_items_line_up(sample, app_for) -> None:
    app = app_for(sample, language="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StandupScreen)
        heading = str(screen.query_one("#standup-heading", Static).render())
        assert heading.startswith(" 站会 ")
        assert "总计 00:" in str(screen.query_one("#standup-total", Static).render())
        where = str(screen.query_one("#standup-where", Static).render())
        assert "第 1/" in where and "人，卡片 1/" in where
        text = screen.query_one("#standup-card", TextPane).text
        assert "未完成检查项" in text and "项变化" in text
        items = [LEVEL.match(line) for line in text.splitlines()]
        starts = {cell_len(item.group(0)) for item in items if item}
        assert starts == {9}  # the cursor's 2 cells, then must or should in 7
        await pilot.press("escape")
        await pilot.pause()
        assert "结束站会？" in screen_text(app)
        assert "离开，不记录" in screen_text(app)
