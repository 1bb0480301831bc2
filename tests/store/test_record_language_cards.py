"""The summaries the card, board and conflict services write are in the language of the
board the record is on (a board whose stages are named in Chinese reads Chinese), and so is
the undo of one; an English board's read as they always did."""

from pathlib import Path

from pstui.model.card import Outcome
from pstui.store.core import Change
from pstui.store.repository import Repository
from pstui.store.templates import load_template


def store(tmp_path: Path, template: str) -> tuple[Repository, str, str]:
    """A store of one board made from `template`, with one card in its first stage."""
    repo = Repository.create(
        tmp_path / "pstui.json", "看板", load_template(template).workflow, who="王工"
    )
    board = repo.boards.all()[0].id
    return repo, board, repo.cards.add(board, "门户上线").id


def summaries(repo: Repository, record_id: str) -> list[str]:
    return [e.summary for e in repo.events_for(record_id)]


def work_the_card(repo: Repository, card: str) -> None:
    """Add and tick an item, edit two fields, block the card, pass its first gate (the
    automatic Go note) and take that back, then hold it at the gate with a note."""
    item = repo.cards.add_item(card, "确认范围")
    repo.cards.toggle_item(card, item.id)
    repo.cards.edit(card, title="门户上线二期", assignee="李")
    repo.cards.set_blocked(card, True, "等待客户")
    for items in repo.cards.get(card).checklists.values():
        for open_item in items:
            if not open_item.done:
                repo.cards.toggle_item(card, open_item.id)
    repo.cards.move(card, "execution")
    repo.undo()
    repo.cards.decide(card, Outcome.HOLD, note="等预算")


def test_a_chinese_boards_cards_are_told_in_chinese_and_so_is_their_undo(tmp_path: Path) -> None:
    repo, _board, card = store(tmp_path, "service-zh")
    work_the_card(repo, card)
    label = repo.cards.label_of(card)
    told = summaries(repo, card)
    old = label.replace("门户上线二期", "门户上线")
    assert told[:5] == [
        "将 '门户上线' 添加到 项目启动",
        f"向 {old} 添加检查项 '确认范围'",
        f"在 {old} 上勾选 '确认范围'",
        f"编辑 {label} 的 负责人、标题",
        f"将 {label} 标记为受阻：等待客户",
    ]
    passed = f"{label}：通过 项目启动 关口，进入 项目执行（所有必须项均已完成）"
    assert told[-3:] == [passed, f"撤销：{passed}", f"{label}：在 项目启动 关口暂停（等预算）"]
    repo.cards.set_archived(card, True)
    assert summaries(repo, card)[-1] == f"归档 {label}"


def test_an_english_boards_cards_are_told_as_before(tmp_path: Path) -> None:
    repo, _board, card = store(tmp_path, "service")
    work_the_card(repo, card)
    label = repo.cards.label_of(card)
    told = summaries(repo, card)
    old = label.replace("门户上线二期", "门户上线")
    assert told[:5] == [
        "added '门户上线' to Initiation",
        f"added item '确认范围' to {old}",
        f"ticked '确认范围' on {old}",
        f"edited assignee, title of {label}",
        f"blocked {label}: 等待客户",
    ]
    passed = f"{label}: passed the Initiation gate to Execution (all must items done)"
    assert told[-3:] == [
        passed,
        f"undid: {passed}",
        f"{label}: held at the Initiation gate (等预算)",
    ]


def test_a_chinese_boards_workflow_edits_are_told_in_chinese(tmp_path: Path) -> None:
    repo, board, _card = store(tmp_path, "service-zh")
    repo.boards.set_wip(board, "execution", 3)
    repo.boards.rename_stage(board, "execution", "实施")
    repo.boards.add_criterion(board, "initiation", "客户签字")
    assert summaries(repo, board) == [
        "创建看板 看板",
        "将看板 看板 上 项目执行 的在制品上限设为 3",
        "将看板 看板 上的阶段 项目执行 重命名为 实施",
        "向看板 看板 的 项目启动 关口添加标准 '客户签字'",
    ]
    repo.undo()
    assert summaries(repo, board)[-1] == "撤销：向看板 看板 的 项目启动 关口添加标准 '客户签字'"


def test_an_english_boards_workflow_edits_are_told_as_before(tmp_path: Path) -> None:
    repo, board, _card = store(tmp_path, "service")
    repo.boards.set_wip(board, "execution", None)
    repo.boards.move_stage(board, "review", -1)
    assert summaries(repo, board) == [
        "created board 看板",
        "set the WIP limit of Execution off on board 看板",
        "moved stage Review before Enablement on board 看板",
    ]


def conflict_swapped(repo: Repository, table: str, record_id: str) -> str:
    """Swap in the other value of a (made up) merge conflict on the record's title: what
    the swap's event says."""
    record = repo.table(table)[record_id]
    data = {"field": "title", "kept": record["title"], "other": "另一个标题"}
    repo.commit(Change({}, "conflict", table, record_id, "conflict", data), undoable=False)
    repo.conflicts.swap(next(e.id for e, _swapped in repo.conflicts.all()))
    return summaries(repo, record_id)[-1]


def test_a_swapped_conflict_is_told_in_its_records_board_language(tmp_path: Path) -> None:
    repo, board, card = store(tmp_path, "service-zh")
    risk = repo.risks.add(board, "数据迁移延期", card=card)
    assert repo.language_of("risks", risk.id) == "zh"
    label = repo.cards.label_of(card)
    assert conflict_swapped(repo, "cards", card) == f"{label}：title 设为合并冲突中另一方的值"
    (tmp_path / "en").mkdir()
    english, _board, card = store(tmp_path / "en", "service")
    assert english.language_of("cards", card) == "en"
    label = english.cards.label_of(card)
    said = conflict_swapped(english, "cards", card)
    assert said == f"{label}: title set to the other value of a merge conflict"
