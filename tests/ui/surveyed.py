"""Stores for the surveys tests: a board with three engagements and surveys in every status,
sent and answered on known days (the app's day is 2026-11-22), in English or in Chinese.

Built the same on every run (`same_every_run`: ids with a seeded random part), so short ids
in the snapshots never change.
"""

from __future__ import annotations

from pathlib import Path

from knowledge import same_every_run

from pstui.store.repository import Repository
from pstui.store.templates import load_template

WHO = "tester"
ACME = "Rollout at Acme"  # in Review: an answered survey (with a suggestion) and a partial one
GLOBEX = "Globex data migration"  # in Review: two answered surveys, one waiting
INITECH = "Initech training"  # in Enablement: an overdue survey

# (card, contact, sent, due, answers or None, answered on, complete)
SURVEYS = [
    (
        ACME,
        "Li Wei",
        "2026-09-01",
        "2026-09-15",
        {
            "overall": 5,
            "quality": 4,
            "communication": 4,
            "handover": 5,
            "recommend": 9,
            "effort": 6,
            "suggestions": "More training for the night shift",
        },
        "2026-09-10",
        True,
    ),
    (
        GLOBEX,
        "Maria Lopez",
        "2026-10-01",
        "2026-10-20",
        {
            "overall": 3,
            "quality": 2,
            "communication": 3,
            "handover": 4,
            "recommend": 6,
            "effort": 3,
            "suggestions": "Answer tickets faster",
        },
        "2026-10-12",
        True,
    ),
    (INITECH, "Sam Park", "2026-11-02", "2026-11-16", None, "", False),
    (
        ACME,
        "Chen Jie",
        "2026-11-10",
        "2026-12-01",
        {"overall": 4, "recommend": 10},
        "2026-11-12",
        False,
    ),
    (
        GLOBEX,
        "Ana Souza",
        "2026-11-15",
        None,
        {
            "overall": 5,
            "quality": 5,
            "communication": 4,
            "handover": 4,
            "recommend": 8,
            "effort": 7,
        },
        "2026-11-20",
        True,
    ),
    (GLOBEX, "Tom Baker", "2026-11-18", "2026-12-02", None, "", False),
]
# The survey titles' order in the table: newest first.
CONTACTS_NEWEST_FIRST = ["Tom Baker", "Ana Souza", "Chen Jie", "Sam Park", "Maria Lopez", "Li Wei"]

ZH_SURVEYS = [
    (
        "华东电网调度自动化系统二期升级改造项目",
        "王芳",
        "2026-09-03",
        "2026-09-17",
        {
            "overall": 5,
            "quality": 4,
            "communication": 5,
            "handover": 4,
            "recommend": 9,
            "effort": 6,
            "suggestions": "希望增加夜班人员的培训",
        },
        "2026-09-12",
        True,
    ),
    (
        "上海地铁票务系统数据迁移",
        "李伟",
        "2026-10-08",
        "2026-10-22",
        {
            "overall": 3,
            "quality": 3,
            "communication": 2,
            "handover": 3,
            "recommend": 5,
            "effort": 3,
            "suggestions": "工单响应速度需要提高",
        },
        "2026-10-20",
        True,
    ),
    ("华东电网调度自动化系统二期升级改造项目", "陈杰", "2026-11-05", "2026-11-19", None, "", False),
    (
        "上海地铁票务系统数据迁移",
        "张敏",
        "2026-11-12",
        "2026-12-03",
        {"overall": 4, "recommend": 8},
        "2026-11-18",
        False,
    ),
]


def build_surveyed(path: Path) -> Path:
    with same_every_run():
        repo = Repository.create(path, "Client services", load_template("service").workflow, WHO)
        board = repo.boards.all()[0].id
        cards = {
            ACME: repo.cards.add(board, ACME, client="Acme", stage="review").id,
            GLOBEX: repo.cards.add(board, GLOBEX, client="Globex", stage="review").id,
            INITECH: repo.cards.add(board, INITECH, client="Initech", stage="enablement").id,
        }
        _send_all(repo, cards, SURVEYS)
    return path


def build_surveyed_zh(path: Path) -> Path:
    """The same shape in Chinese: the `service-zh` board, the `standard-zh` survey."""
    with same_every_run():
        repo = Repository.create(path, "华东客户服务", load_template("service-zh").workflow, WHO)
        board = repo.boards.all()[0].id
        titles = dict.fromkeys(card for card, *_ in ZH_SURVEYS)
        clients = {"华东电网调度自动化系统二期升级改造项目": "华东电网"}
        cards = {
            title: repo.cards.add(
                board, title, client=clients.get(title, "上海地铁"), stage="review"
            ).id
            for title in titles
        }
        _send_all(repo, cards, ZH_SURVEYS)
    return path


def _send_all(repo: Repository, cards: dict[str, str], surveys: list[tuple]) -> None:
    for card, contact, sent, due, answers, answered_on, complete in surveys:
        survey = repo.surveys.send(cards[card], contact, sent_on=sent, due=due)
        if answers is not None:
            repo.surveys.respond(survey.id, answers, answered_on=answered_on, complete=complete)
    repo.flush()
