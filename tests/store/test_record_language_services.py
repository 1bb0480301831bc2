"""The summaries the risk, retrospective, lesson, survey and standup services write are in
the language of the board the record is on, and so is the undo of one."""

from pathlib import Path

import pytest

from pstui.i18n import CHINESE
from pstui.model.event import Event
from pstui.model.record_text import said
from pstui.store.repository import Repository
from pstui.store.templates import load_template


def store(tmp_path: Path, template: str) -> tuple[Repository, str, str]:
    """A store of one board made from `template`, with one card in its review stage."""
    repo = Repository.create(
        tmp_path / "pstui.json", "看板", load_template(template).workflow, who="王工"
    )
    board = repo.boards.all()[0].id
    card = repo.cards.add(board, "门户上线", stage="review").id
    return repo, board, card


def summaries(repo: Repository, record_id: str) -> list[str]:
    return [e.summary for e in repo.events_for(record_id)]


def last(repo: Repository, record_id: str) -> Event:
    return repo.events_for(record_id)[-1]


def test_a_chinese_boards_risks_are_told_in_chinese_and_so_is_their_undo(tmp_path: Path) -> None:
    repo, board, card = store(tmp_path, "service-zh")
    label = repo.cards.label_of(card)
    on_card = repo.risks.add(board, "数据迁移延期", card=card)
    assert summaries(repo, on_card.id) == [f"在 {label} 上登记风险 '数据迁移延期'"]
    of_board = repo.risks.add(board, "供应商延迟")
    assert summaries(repo, of_board.id) == ["登记风险 '供应商延迟'"]
    short = repo.risks.label(of_board)
    repo.risks.add_note(of_board.id, "已联系供应商")
    assert last(repo, of_board.id).summary == f"为风险 {short} 添加备注：已联系供应商"
    repo.risks.close(of_board.id)
    assert last(repo, of_board.id).summary == f"关闭风险 {short}"
    assert repo.undo() == f"关闭风险 {short}"
    undone = last(repo, of_board.id).summary
    assert undone == said(CHINESE, "undid: {summary}", summary=f"关闭风险 {short}")
    assert undone.endswith(f"关闭风险 {short}") and not undone.startswith("undid")
    repo.risks.edit(of_board.id, impact=5)
    assert last(repo, of_board.id).summary == f"编辑风险 {short} 的 影响"


def test_a_chinese_boards_retrospectives_lessons_surveys_and_standups(tmp_path: Path) -> None:
    repo, board, card = store(tmp_path, "service-zh")
    label = repo.cards.label_of(card)
    retro = repo.retros.save(card)
    assert summaries(repo, retro.id) == [f"召开 {label} 的复盘"]
    action = repo.retros.add_action(retro.id, "提前两周预约测试人员")
    assert last(repo, retro.id).summary == f"向 {label} 的复盘添加改进行动 '提前两周预约测试人员'"
    made = repo.retros.action_to_card(retro.id, action.id)
    assert summaries(repo, made.id) == [
        f"将改进行动 '提前两周预约测试人员' 转为卡片 '{made.title}'"
    ]

    lesson = repo.lessons.add("提前预约客户测试人员", card=card)
    assert summaries(repo, lesson.id) == [f"从 {label} 写下经验教训 '提前预约客户测试人员'"]
    named = repo.lessons.label(lesson)
    repo.lessons.delete(lesson.id)
    assert last(repo, lesson.id).summary == f"删除经验教训 {named}"

    survey = repo.surveys.send(card, "李经理")
    assert summaries(repo, survey.id) == [f"就 {label} 向 李经理 发送满意度调查 '{survey.title}'"]
    response = repo.surveys.respond(survey.id, {"overall": 5}, complete=False)
    assert summaries(repo, response.id) == [
        f"保存 李经理 对满意度调查 {repo.surveys.label(survey)} 的部分答卷"
    ]

    repo.standups.add_note(card, "等待客户确认")
    assert last(repo, card).summary == f"{label} 备注：等待客户确认"
    standup = repo.standups.record(board, "2026-01-01T09:00:00Z", 3)
    assert standup.summary == "看板 站会：走查了 3 张卡片"


def test_an_english_boards_summaries_are_as_before(tmp_path: Path) -> None:
    repo, board, card = store(tmp_path, "service")
    label = repo.cards.label_of(card)
    risk = repo.risks.add(board, "Vendor late", card=card)
    assert summaries(repo, risk.id) == [f"logged risk 'Vendor late' on {label}"]
    short = repo.risks.label(risk)
    repo.risks.close(risk.id)
    assert repo.undo() == f"closed risk {short}"
    assert last(repo, risk.id).summary == f"undid: closed risk {short}"
    retro = repo.retros.save(card)
    repo.retros.add_action(retro.id, "Book testers")
    assert summaries(repo, retro.id) == [
        f"held the retrospective of {label}",
        f"added action 'Book testers' to the retrospective of {label}",
    ]
    lesson = repo.lessons.add("Book testers early")  # the store's boards are all English
    assert summaries(repo, lesson.id) == ["wrote lesson 'Book testers early'"]
    survey = repo.surveys.send(card, "Ms Li")
    assert summaries(repo, survey.id) == [f"sent survey '{survey.title}' on {label} to Ms Li"]
    repo.standups.add_note(card, "waiting on the client")
    assert last(repo, card).summary == f"note on {label}: waiting on the client"
    standup = repo.standups.record(board, "2026-01-01T09:00:00Z", 3)
    assert standup.summary == "standup on 看板: 3 card(s) walked"


@pytest.mark.parametrize(
    ("template", "written"),
    [("service", "wrote lesson 'Book testers'"), ("service-zh", "写下经验教训 'Book testers'")],
)
def test_a_lesson_of_no_board_is_in_the_language_of_the_stores_boards(
    tmp_path: Path, template: str, written: str
) -> None:
    repo, _board, _card = store(tmp_path, template)
    lesson = repo.lessons.add("Book testers")
    assert summaries(repo, lesson.id) == [written]


def test_a_lesson_of_no_board_in_a_store_of_two_languages_is_english(tmp_path: Path) -> None:
    repo, _board, _card = store(tmp_path, "service-zh")
    repo.boards.add("Support", load_template("service").workflow)
    lesson = repo.lessons.add("Book testers")
    assert summaries(repo, lesson.id) == ["wrote lesson 'Book testers'"]
