"""What pstui writes into records for people to read (a gate item's source, the description
of a card made from a suggestion or a review's action) is in the language of the board."""

from pathlib import Path

from pstui.model.record_text import CHINESE, ENGLISH, language_of, said
from pstui.store.lessons import LEARNED
from pstui.store.repository import Repository
from pstui.store.retros import REVIEW
from pstui.store.risks import IDENTIFIED
from pstui.store.surveys import ANSWERED, SUGGESTIONS
from pstui.store.templates import load_template

ANSWERS = {"overall": 5, "recommend": 9, "suggestions": "每周演示一次"}


def chinese_store(tmp_path: Path) -> tuple[Repository, str]:
    repo = Repository.create(
        tmp_path / "pstui.json", "看板", load_template("service-zh").workflow, who="王工"
    )
    card = repo.cards.add(repo.boards.all()[0].id, "门户上线", stage="review")
    return repo, card.id


def source(repo: Repository, card_id: str, criterion: str) -> str | None:
    items = (i for items in repo.cards.get(card_id).checklists.values() for i in items)
    return next(i.source for i in items if i.criterion == criterion)


def test_a_board_is_chinese_when_its_stages_are_named_in_chinese() -> None:
    assert language_of(["项目启动", "Execution"]) == CHINESE
    assert language_of(["Initiation", "Execution"]) == ENGLISH
    assert load_template("service-zh").workflow and language_of([]) == ENGLISH


def test_a_text_with_no_translation_is_english() -> None:
    assert said("fr", "the client") == "the client"


def test_a_chinese_boards_records_read_chinese(tmp_path: Path) -> None:
    repo, card = chinese_store(tmp_path)
    survey = repo.surveys.send(card, "李经理", sent_on="2026-11-01")
    response = repo.surveys.respond(survey.id, ANSWERS, answered_on="2026-11-05")
    short = repo.surveys.short_id(survey.id)
    assert source(repo, card, ANSWERED) == f"满意度调查 {short} 由李经理于 2026-11-05 填写"
    assert source(repo, card, SUGGESTIONS) == f"李经理在满意度调查 {short} 中提出的建议"
    made = repo.surveys.suggestion_to_card(response.id, "suggestions")
    assert made.description.startswith("每周演示一次\n\n李经理在满意度调查 ")
    assert "答卷" in made.description
    repo.retros.save(card, held_on="2026-11-10")
    assert source(repo, card, REVIEW) == "复盘会议于 2026-11-10 召开"
    repo.lessons.add("提前预约客户测试人员", card=card)
    assert source(repo, card, LEARNED) == "经验教训 提前预约客户测试人员"
    action = repo.retros.add_action(repo.retros.of_card(card).id, "提前两周预约测试人员")
    made = repo.retros.action_to_card(repo.retros.of_card(card).id, action.id)
    assert (
        made.description == "来自 " + repo.cards.label_of(card) + " 复盘（2026-11-10）的改进行动。"
    )


def test_a_risk_ticks_the_item_in_the_boards_language(tmp_path: Path) -> None:
    repo, _ = chinese_store(tmp_path)
    board = repo.boards.all()[0].id
    card = repo.cards.add(board, "数据迁移").id  # in initiation, where risks are identified
    repo.risks.add(board, "数据迁移延期", card=card, tick_identified=True)
    assert source(repo, card, IDENTIFIED) == "风险 数据迁移延期"
    later = repo.cards.add(board, "系统集成", stage="execution").id
    repo.risks.add(board, "接口变更", card=later)
    repo.cards.move(later, "initiation")  # entering the stage ticks it from the register
    assert source(repo, later, IDENTIFIED) == "已登记 1 项风险"


def test_an_english_boards_records_stay_english(tmp_path: Path) -> None:
    repo = Repository.create(
        tmp_path / "pstui.json", "Board", load_template("service").workflow, who="tester"
    )
    card = repo.cards.add(repo.boards.all()[0].id, "Portal", stage="review").id
    repo.retros.save(card, held_on="2026-11-10")
    assert source(repo, card, REVIEW) == "retrospective held on 2026-11-10"
