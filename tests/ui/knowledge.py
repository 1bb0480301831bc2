"""Stores for the retrospective and knowledge-base tests: a board with a card in Review
holding a retrospective, and a handful of lessons, FAQ and know-how entries (English or
Chinese) written on known days.

Built the same on every run: ids take their random part from a counter and each lesson's
timestamp is the day given here, so short ids and dates in the snapshots never change.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from unittest import mock

import pstui.store.lessons
from pstui.model.ids import seeded_ids
from pstui.store.repository import Repository
from pstui.store.templates import load_template

WHO = "tester"
SEED = 20261122  # the ids' random part: their short tails are the same on every run
HARBOUR = "Harbour logistics portal"  # in Review, with the retrospective
ACME = "CRM rollout at Acme"  # in Maintenance, no retrospective
FRESH = "Warehouse scanners"  # in Review, no retrospective yet

# (day written, title, kind, tags, client, card title or None, text)
LESSONS = [
    (
        "2026-06-12",
        "How do I reset a locked SSO account?",
        "faq",
        ["sso", "support"],
        "Acme",
        None,
        "Ask the client's IT desk to unlock it in their directory first; our admin console\n"
        "only shows the lock. Then clear the session in Settings > Access.",
    ),
    (
        "2026-08-03",
        "Agree the change-request template at kickoff",
        "lesson",
        ["scope", "planning"],
        "Acme",
        ACME,
        "Three change requests arrived as e-mails with no estimate. A template agreed on day\n"
        "one would have made each a ten-minute decision.",
    ),
    (
        "2026-09-21",
        "Which VPN profile do field engineers use?",
        "faq",
        ["vpn", "network"],
        "",
        None,
        "The 'field' profile: split tunnel, client subnets only. The office profile blocks\n"
        "the scanners' update server.",
    ),
    (
        "2026-10-14",
        "Run a dry data migration a week before go-live",
        "know-how",
        ["migration", "data"],
        "Harbour Co",
        HARBOUR,
        "A dry run on a copy of production found 412 rows with dates in two formats.\n"
        "Fixing them on the night would have cost the go-live.",
    ),
    (
        "2026-11-19",
        "Book client testers before the acceptance stage",
        "lesson",
        ["testing", "planning"],
        "Harbour Co",
        HARBOUR,
        "Acceptance waited nine days for the client's testers. Book them when the\n"
        "execution plan is agreed, and confirm a week ahead.",
    ),
]

LESSONS_ZH = [
    (
        "2026-07-08",
        "如何重置被锁定的单点登录账号？",
        "faq",
        ["单点登录", "支持"],
        "华东电网",
        None,
        "先请客户信息部在目录中解锁，我们的管理台只显示锁定状态。",
    ),
    (
        "2026-09-30",
        "上线前一周做一次数据迁移演练",
        "know-how",
        ["数据迁移", "上线"],
        "华东电网",
        "调度自动化系统升级",
        "演练发现 412 行日期格式不一致，上线当晚再修复就来不及了。",
    ),
    (
        "2026-11-18",
        "验收前两周预约客户测试人员",
        "lesson",
        ["测试", "计划"],
        "华东电网",
        "调度自动化系统升级",
        "验收阶段等客户测试人员等了九天。执行计划确定时就预约，并提前一周确认。",
    ),
]


def same_every_run() -> contextlib.AbstractContextManager[None]:
    """Ids with a seeded random part, so their short tails are the same on every run."""
    return seeded_ids(SEED)


def _write_lessons(repo: Repository, lessons: list[tuple], cards: dict[str, str]) -> None:
    for day, title, kind, tags, client, card, text in lessons:
        stamp = f"{day}T09:30:00+00:00"
        with mock.patch.object(pstui.store.lessons, "now_utc", lambda stamp=stamp: stamp):
            repo.lessons.add(
                title, text=text, kind=kind, tags=tags, client=client, card=cards.get(card or "")
            )


def build_knowledge(path: Path, *, lessons: bool = True) -> Path:
    """The English store: three cards, a retrospective on HARBOUR with two actions (the
    second made a card), and LESSONS."""
    with same_every_run():
        repo = Repository.create(path, "Services", load_template("service").workflow, who=WHO)
        board = repo.boards.all()[0].id
        harbour = repo.cards.add(board, HARBOUR, client="Harbour Co", stage="review")
        acme = repo.cards.add(board, ACME, client="Acme", stage="maintenance")
        repo.cards.add(board, FRESH, client="Northwind", stage="review")
        retro = repo.retros.save(
            harbour.id,
            held_on="2026-11-18",
            goals="partly",
            goals_note="Portal live; the customs module moved to phase two.",
            planned_start="2026-07-01",
            planned_end="2026-10-31",
            actual_start="2026-07-06",
            actual_end="2026-11-13",
            budget_planned=120000.0,
            budget_actual=131500.0,
            went_well="Daily standups with the client's ops lead.\nThe dry migration run.",
            to_improve="Acceptance waited nine days for the client's testers.",
        )
        repo.retros.add_action(retro.id, "Book the client's testers two weeks ahead")
        second = repo.retros.add_action(retro.id, "Add a migration dry run to the plan template")
        repo.retros.action_to_card(retro.id, second.id)
        if lessons:
            _write_lessons(repo, LESSONS, {HARBOUR: harbour.id, ACME: acme.id})
        repo.flush()
        repo.close()
    return path


def build_knowledge_zh(path: Path) -> Path:
    """The Chinese store: one card in Review with LESSONS_ZH."""
    with same_every_run():
        repo = Repository.create(path, "服务项目", load_template("service-zh").workflow, who=WHO)
        board = repo.boards.all()[0].id
        card = repo.cards.add(board, "调度自动化系统升级", client="华东电网", stage="review")
        _write_lessons(repo, LESSONS_ZH, {"调度自动化系统升级": card.id})
        repo.flush()
        repo.close()
    return path
