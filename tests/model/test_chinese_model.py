"""The model's words in Chinese: dates typed and read, labels of stored values, the errors a
user reads, the standup digest; and the data (records, JSON) staying as it was."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pendulum
import pytest

from pstui.model.card import Card, field_label, kind_label, outcome_label
from pstui.model.dates import DATE_HELP, DateError, humanize_due, parse_due
from pstui.model.gate import AUTO_GO_NOTE, GateError, move_card, note_label
from pstui.model.ids import IdError, match_id
from pstui.model.lesson import kind_label as lesson_kind_label
from pstui.model.record_text import CHINESE, ENGLISH, said
from pstui.model.retro import goals_label
from pstui.model.risk import (
    Risk,
    RiskError,
    category_label,
    level_label,
    response_label,
    status_label,
    validate_risk,
)
from pstui.model.risk import kind_label as risk_kind_label
from pstui.model.standup import (
    UNASSIGNED,
    digest_markdown,
    due_words,
    group_label,
    since_point,
)
from pstui.model.survey import status_label as survey_status_label
from pstui.model.workflow import Criterion, Stage, Workflow, WorkflowError, criterion_level_label

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from standup_story import NOW, build_story, frozen_clock  # noqa: E402

BASE = pendulum.Date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("今天", "2026-11-22"),
        ("明天", "2026-11-23"),
        ("后天", "2026-11-24"),
        ("周五", "2026-11-27"),
        ("星期五", "2026-11-27"),
        ("周一", "2026-11-23"),
        ("星期日", "2026-11-29"),  # the next Sunday, never today, as "sun"
        ("周日", "2026-11-29"),
        ("星期天", "2026-11-29"),
        ("3天", "2026-11-25"),
        ("+3天", "2026-11-25"),
        ("＋3天", "2026-11-25"),
        ("3 天", "2026-11-25"),
        ("3天后", "2026-11-25"),
        ("2周", "2026-12-06"),
        ("1个月", "2026-12-22"),
        (" 明天 ", "2026-11-23"),
    ],
)
def test_parse_due_takes_chinese(typed, expected):
    assert parse_due(typed, BASE) == expected


@pytest.mark.parametrize("typed", ["周八", "3年", "天", "星期", "大后天天"])
def test_parse_due_refuses_chinese_that_is_no_date(typed):
    with pytest.raises(DateError):
        parse_due(typed, BASE)


def test_a_date_error_reads_chinese_and_shows_the_chinese_forms(chinese):
    with pytest.raises(DateError) as err:
        parse_due("soon", BASE)
    message = str(err.value)
    assert message.startswith("'soon' 不是日期")
    assert "今天" in message and "周五" in message and "2026-12-01" in message


def test_date_help_stays_english_as_the_source(chinese):
    assert DATE_HELP.startswith("a date like 2026-12-01")


@pytest.mark.parametrize(
    "due,expected",
    [
        ("2026-11-22", "今天"),
        ("2026-11-23", "明天"),
        ("2026-11-21", "昨天"),
        ("2026-11-25", "3天后"),
        ("2026-11-20", "2天前"),
        ("2026-12-06", "2周后"),
        ("2026-09-22", "2个月前"),
    ],
)
def test_humanize_due_in_chinese(chinese, due, expected):
    assert humanize_due(due, BASE) == expected


def test_due_words_in_chinese_and_english_for_data(chinese):
    assert due_words("2026-11-25", BASE) == "3天后到期"
    assert due_words("2026-11-22", BASE) == "今天到期"
    assert due_words("2026-11-18", BASE) == "逾期4天"
    assert due_words("2026-11-25", BASE, english=True) == "due in 3d"


def test_labels_of_stored_values(chinese):
    assert [level_label(v) for v in ("low", "medium", "high", "critical")] == [
        "低",
        "中",
        "高",
        "严重",
    ]
    assert [outcome_label(v) for v in ("go", "hold", "recycle", "kill")] == [
        "通过",
        "暂停",
        "返工",
        "终止",
    ]
    assert risk_kind_label("threat") == "威胁" and risk_kind_label("opportunity") == "机会"
    assert response_label("mitigate") == "减轻" and response_label("") == ""
    assert status_label("open") == "未关闭" and status_label("monitoring") == "监控中"
    assert category_label("legal") == "法律"
    assert kind_label("defect") == "缺陷" and field_label("due") == "截止日期"
    assert lesson_kind_label("faq") == "常见问题"
    assert goals_label("partly") == "部分达成"
    assert survey_status_label("overdue") == "逾期"
    assert criterion_level_label(True) == "必须" and criterion_level_label(False) == "建议"
    assert group_label(UNASSIGNED) == "未分配" and group_label("王工") == "王工"
    assert level_label("unheard-of") == "unheard-of"  # a hand-edited value shows as it is


def test_labels_are_the_english_words_in_english():
    assert level_label("high") == "high" and outcome_label("go") == "Go"
    assert category_label("schedule") == "schedule" and group_label(UNASSIGNED) == "Unassigned"


def stage(stage_id: str, *criteria: Criterion) -> Stage:
    return Stage(stage_id, stage_id.capitalize(), gate=criteria)


WORKFLOW = Workflow((stage("start", Criterion("scope", "Scope signed")), stage("run")))


def test_errors_a_user_reads_are_chinese(chinese):
    card = Card("C1", "B", "Portal", "start", "m", "", "")
    card.checklists["start"] = []
    with pytest.raises(GateError, match="卡片已在 'start'"):
        move_card(card, WORKFLOW, "start", by="me", now="")
    with pytest.raises(IdError, match="没有记录匹配 'zzz'"):
        match_id("zzz", ["01ABC"])
    with pytest.raises(WorkflowError, match="没有阶段 'nope'"):
        WORKFLOW.find("nope")
    risk = Risk("R", "B", "Rain", "", "", response="exploit")
    with pytest.raises(RiskError, match="不是针对威胁的应对策略"):
        validate_risk(risk)


def test_a_go_without_a_reason_is_noted_in_english_and_read_in_chinese(chinese):
    card = Card("C1", "B", "Portal", "start", "m", "", "")
    card.checklists["start"] = []
    moved = move_card(card, WORKFLOW, "run", by="me", now="")
    assert moved.decision is not None and moved.decision.note == AUTO_GO_NOTE
    assert note_label(AUTO_GO_NOTE) == "所有必须项均已完成"
    assert note_label("预算未批") == "预算未批"


def test_a_record_sentence_follows_the_board_not_the_interface(chinese):
    held = "retrospective held on {day}"
    assert said(ENGLISH, held, day="2026-11-10") == "retrospective held on 2026-11-10"
    assert said(CHINESE, held, day="2026-11-10") == "复盘会议于 2026-11-10 召开"


def test_since_reads_chinese_and_takes_chinese_words(chinese):
    since = since_point("昨天", [], BASE)
    assert since.label == "昨天（2026-11-21）"
    assert since.english == "yesterday (2026-11-21)"
    assert since_point("今天", [], BASE).at == "2026-11-22T00:00:00+00:00"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_story(tmp_path_factory.mktemp("story") / "pstui.json")


def digest(story: Path, by: str = "assignee"):
    from pstui.model.dates import today
    from pstui.store.repository import Repository

    with frozen_clock(NOW):
        repo = Repository(story, "Dana")
        board = repo.boards.all()[0]
        day = today()
        return repo.standups.digest(board.id, repo.standups.since(board.id, None, day), day, by)


def test_the_digest_reads_chinese_and_its_data_stays_english(story, chinese):
    made = digest(story)
    text = digest_markdown(made)
    assert text.startswith("# 站会：Client services，2026-11-22\n\n自2026-11-21 09:00 UTC 的站会")
    assert "进行中的卡片共 4 张：Ben Okafor 1、Priya Raman 2、未分配 1。" in text
    assert "- Initiation，在本阶段 12 天（停滞：超过 10 天），10天后到期（2026-12-02）" in text
    assert "  - 2026-11-21 15:00 Ben Okafor: 修改了 截止日期 2026-11-25 -> 2026-12-02" in text
    assert "- 风险 高 12：Client sponsor leaving Acme" in text
    assert "## 未分配 (1)" in text and "## 看板风险" in text
    data = json.loads(json.dumps(made.to_dict()))
    assert data["since_label"] == "the standup of 2026-11-21 09:00 UTC (Alice Chen)"
    acme = data["groups"][0]["cards"][0]
    assert acme["due_words"] == "due in 10d"
    assert acme["changes"][0]["what"] == "edited due 2026-11-25 -> 2026-12-02"
    assert data["groups"][2]["name"] == UNASSIGNED


def test_the_english_digest_is_unchanged(story):
    expected = Path(__file__).resolve().parents[1] / "data" / "standup_digest.md"
    assert digest_markdown(digest(story)) == expected.read_text(encoding="utf-8")
