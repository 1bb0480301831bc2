"""The bundled sample stores (`sample_projects/*.json`) are valid, canonical and show everything.

`pstui demo` opens a copy of one of these, so a newcomer's first look at pstui is this data:
it must open without problems, be in the store's canonical form, and have something in every
column, blocked cards, killed ones, each kind of gate decision and a risk register with work to
do. Every test works on a copy; the bundled files are never opened for writing.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pendulum
import pytest

from pstui.model.card import Outcome
from pstui.model.dates import is_overdue
from pstui.model.risk import STATUSES, Level, Risk, RiskKind, validate_risk
from pstui.store.engine.serialize import dumps_store, loads_store
from pstui.store.repository import Repository
from pstui.store.schema import SCHEMA_VERSION
from pstui.store.templates import load_template

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "sample_projects"
SAMPLES = sorted(SAMPLES_DIR.glob("*.json"))
SCRIPT = SAMPLES_DIR / "make_samples.py"
ENGLISH = SAMPLES_DIR / "services.json"
CHINESE = SAMPLES_DIR / "services-zh.json"
# The day the samples' due dates are written against (BASE in make_samples.py).
BASE = pendulum.Date(2026, 11, 22)
# Columns the board shows on opening at 80x24: a risk there is on the first screen.
VISIBLE_STAGES = 3


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


BUNDLED = {path: _digest(path) for path in SAMPLES}


@pytest.fixture(autouse=True)
def _bundled_samples_untouched():
    yield
    for path, digest in BUNDLED.items():
        assert _digest(path) == digest, f"a test modified the bundled sample {path.name}"


def open_copy(sample: Path, tmp_path: Path) -> Repository:
    copy = tmp_path / sample.name
    shutil.copyfile(sample, copy)
    return Repository(copy, who="t")


def cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) == "W" for ch in text)


def cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


samples = pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)


def test_both_samples_are_bundled():
    assert ENGLISH in SAMPLES
    assert CHINESE in SAMPLES


@samples
def test_sample_opens_without_problems(sample: Path, tmp_path: Path):
    repo = open_copy(sample, tmp_path)
    assert repo.problems == []
    assert repo.cards.count() > 0
    assert not repo.read_only


@samples
def test_sample_passes_the_strict_parser(sample: Path):
    data = loads_store(sample.read_text(encoding="utf-8"), sample)
    assert data["meta"]["pstui"]["schema"] == SCHEMA_VERSION
    assert {"meta", "boards", "cards", "events"} <= set(data)


@samples
def test_sample_is_in_canonical_form(sample: Path):
    raw = sample.read_bytes()
    assert dumps_store(loads_store(raw.decode("utf-8"), sample)).encode("utf-8") == raw


@samples
def test_every_stage_of_the_first_board_has_cards(sample: Path, tmp_path: Path):
    repo = open_copy(sample, tmp_path)
    board = repo.boards.all()[0]
    empty = [s.id for s in board.workflow.stages if not repo.cards.column(board.id, s.id)]
    assert empty == []


@samples
def test_every_board_has_cards(sample: Path, tmp_path: Path):
    repo = open_copy(sample, tmp_path)
    assert all(repo.cards.on_board(board.id) for board in repo.boards.all())


@samples
def test_sample_shows_blocked_killed_and_every_decision(sample: Path, tmp_path: Path):
    repo = open_copy(sample, tmp_path)
    live = [c for b in repo.boards.all() for c in repo.cards.on_board(b.id)]
    archived = [c for b in repo.boards.all() for c in repo.cards.on_board(b.id, archived=True)]
    blocked = [c for c in live if c.blocked]
    assert blocked and all(c.blocked_reason for c in blocked)
    assert any(d.outcome is Outcome.KILL for c in archived for d in c.decisions)
    decisions = [d for c in live + archived for d in c.decisions]
    assert {d.outcome for d in decisions} == set(Outcome)
    # A Go past open must items carries its reason.
    assert any(d.outcome is Outcome.GO and d.note != "all must items done" for d in decisions)


@samples
def test_due_dates_are_overdue_and_upcoming_on_the_base_day(sample: Path, tmp_path: Path):
    repo = open_copy(sample, tmp_path)
    dues = [c.due for b in repo.boards.all() for c in repo.cards.on_board(b.id) if c.due]
    assert any(is_overdue(d, BASE) for d in dues)
    soon = [d for d in dues if 0 <= (pendulum.Date.fromisoformat(d) - BASE).in_days() <= 7]
    assert soon


@samples
def test_sample_has_hand_added_tasks_and_a_team(sample: Path, tmp_path: Path):
    repo = open_copy(sample, tmp_path)
    cards = [c for b in repo.boards.all() for c in repo.cards.on_board(b.id)]
    tasks = [i for c in cards for i in c.checklist if i.criterion is None]
    assert any(i.owner and i.due for i in tasks)
    assert any(i.done for c in cards for i in c.checklist)
    assert len(repo.cards.known_assignees()) >= 4
    people = {e.by for e in repo.search_events()}
    assert len(people) >= 4


def test_english_sample_content(tmp_path: Path):
    repo = open_copy(ENGLISH, tmp_path)
    main, support = repo.boards.all()
    assert main.name == "Client services"
    assert main.workflow == load_template("service").workflow
    assert support.name == "Support desk"
    assert support.workflow == load_template("support").workflow
    cards = repo.cards.on_board(main.id) + repo.cards.on_board(main.id, archived=True)
    assert 20 <= len(cards) <= 30
    assert {"engagement", "change", "defect", "improvement"} <= {c.kind for c in cards}
    assert len({c.client for c in cards if c.kind == "engagement"}) >= 6
    assert {c.kind for c in repo.cards.on_board(support.id)} == {"support"}
    assert len(repo.cards.on_board(support.id)) >= 5
    assert not any(cjk(c.title) for c in cards)


def test_chinese_sample_content(tmp_path: Path):
    repo = open_copy(CHINESE, tmp_path)
    (board,) = repo.boards.all()
    assert board.name == "客户服务项目"
    assert board.workflow == load_template("service-zh").workflow
    cards = repo.cards.on_board(board.id) + repo.cards.on_board(board.id, archived=True)
    assert len(cards) >= 12
    assert all(cjk(c.title) for c in cards)
    assert all(cjk(c.description) for c in cards)
    assert all(cjk(c.assignee) for c in cards if c.assignee)
    assert all(cjk(c.client) for c in cards)
    # Titles wider than any column (truncation), and English tags mixed with Chinese ones.
    assert any(cells(c.title) > 80 for c in cards)
    tags = {t for c in cards for t in c.tags}
    assert any(t.isascii() for t in tags) and any(cjk(t) for t in tags)


def _risks(repo: Repository) -> list[Risk]:
    return [r for b in repo.boards.all() for r in repo.risks.listed(board=b.id)]


@samples
def test_sample_risks_read_as_the_model_reads_them(sample: Path, tmp_path: Path):
    data = loads_store(sample.read_text(encoding="utf-8"), sample)
    assert 10 <= len(data["risks"]) <= 14
    repo = open_copy(sample, tmp_path)
    for risk_id, raw in data["risks"].items():
        risk = Risk.from_dict(risk_id, raw)
        validate_risk(risk)  # also the rules for writing: a response that suits the kind
        assert risk.to_dict() == raw
        assert repo.risks.get(risk_id) == risk
        assert not risk.extra and all(not n.extra for n in risk.notes)
        assert risk.owner and risk.response and risk.review and risk.description
        board = repo.boards.get(risk.board)
        if risk.card is not None:
            card = repo.cards.get(risk.card)
            assert card.board == board.id and not card.archived


@samples
def test_sample_risk_register_shows_every_level_status_and_kind(sample: Path, tmp_path: Path):
    repo = open_copy(sample, tmp_path)
    risks = _risks(repo)
    assert {r.level for r in risks} == set(Level)
    assert {r.status for r in risks} == set(STATUSES)
    assert {r.kind for r in risks} == set(RiskKind)
    assert len({r.category for r in risks}) >= 5
    assert any(r.card is None for r in risks)  # board-wide
    assert len({r.card for r in risks if r.card}) >= 6  # spread over the cards
    still_open = [r for r in risks if r.is_open]
    assert sum(r.level is Level.CRITICAL for r in still_open) >= 2
    assert sum(r.level is Level.HIGH for r in still_open) >= 3


@samples
def test_sample_risk_reviews_are_overdue_and_due_on_the_base_day(sample: Path, tmp_path: Path):
    repo = open_copy(sample, tmp_path)
    risks = _risks(repo)
    overdue = [r for r in risks if r.review_overdue(BASE)]
    assert len(overdue) >= 3
    assert sum(repo.risks.reviews_overdue(b.id, BASE) for b in repo.boards.all()) == len(overdue)
    due_today = [r for r in risks if r.review_due(BASE) and not r.review_overdue(BASE)]
    assert due_today and all(r.review == BASE.isoformat() for r in due_today)
    assert any(r.review and not r.review_due(BASE) for r in risks if r.is_open)  # upcoming
    # A closed risk is never overdue, whatever its review date says.
    assert any(r.review and r.review < BASE.isoformat() for r in risks if not r.is_open)


@samples
def test_sample_severe_risks_are_on_cards_in_the_visible_stages(sample: Path, tmp_path: Path):
    repo = open_copy(sample, tmp_path)
    board = repo.boards.all()[0]
    visible = {s.id for s in board.workflow.stages[:VISIBLE_STAGES]}
    severe = [
        r
        for r in repo.risks.listed(board=board.id, closed=False)
        if r.card and r.level in (Level.HIGH, Level.CRITICAL)
    ]
    shown = [r for r in severe if repo.cards.get(r.card).stage in visible]
    assert len(shown) >= 3
    assert {r.level for r in shown} == {Level.HIGH, Level.CRITICAL}
    assert all(repo.risks.severe_on(r.card) >= 1 for r in shown)
    assert any(repo.risks.severe_on(r.card) >= 2 for r in shown)


@samples
def test_sample_risks_have_closing_notes_a_journal_and_several_authors(
    sample: Path, tmp_path: Path
):
    repo = open_copy(sample, tmp_path)
    risks = _risks(repo)
    closed = [r for r in risks if not r.is_open]
    assert len(closed) >= 2
    assert all(r.notes and r.notes[-1].text and r.notes[-1].by for r in closed)
    journals = [r for r in risks if r.is_open and r.notes]
    assert len(journals) >= 3
    assert len({n.by for r in risks for n in r.notes}) >= 3
    logged_by = {e.by for e in repo.search_events(table="risks", action="create")}
    assert len(logged_by) >= 4
    # Logging a risk on a card ticks the card's "risks identified" item.
    initiation = {r.card for r in risks if r.card} & {
        c.id for c in repo.cards.column(repo.boards.all()[0].id, "initiation")
    }
    assert initiation
    for card_id in initiation:
        (identified,) = [
            i for i in repo.cards.get(card_id).checklist if i.criterion == "risks-identified"
        ]
        assert identified.done


def test_english_risks_are_in_english(tmp_path: Path):
    repo = open_copy(ENGLISH, tmp_path)
    for risk in _risks(repo):
        texts = [risk.title, risk.description, risk.prevention, risk.contingency, risk.trigger]
        texts += [n.text for n in risk.notes]
        assert not any(cjk(t) for t in texts), risk.title


def test_chinese_risks_are_in_chinese(tmp_path: Path):
    repo = open_copy(CHINESE, tmp_path)
    for risk in _risks(repo):
        assert cjk(risk.title) and cjk(risk.description) and cjk(risk.owner), risk.title
        plans = [t for t in (risk.prevention, risk.contingency, risk.trigger) if t]
        assert plans and all(cjk(t) for t in plans), risk.title
        assert all(cjk(n.text) and cjk(n.by) for n in risk.notes), risk.title


def test_a_change_to_a_copy_leaves_the_bundled_sample_alone(tmp_path: Path):
    before = ENGLISH.read_bytes()
    repo = open_copy(ENGLISH, tmp_path)
    board = repo.boards.all()[0]
    repo.cards.add(board.id, "Scratch card")
    assert repo.undo()
    assert (tmp_path / ENGLISH.name).read_bytes() != before
    assert ENGLISH.read_bytes() == before


def _content(path: Path) -> dict[str, Any]:
    """What a sample says, without the ids and timestamps that change on every build."""
    repo = Repository(path, who="t")
    boards = []
    for board in repo.boards.all():
        columns = {}
        for stage in board.workflow.stages:
            column = repo.cards.column(board.id, stage.id) + repo.cards.column(
                board.id, stage.id, archived=True
            )
            columns[stage.id] = [
                {
                    **{
                        k: v
                        for k, v in card.to_dict().items()
                        if k not in {"board", "rank", "created_at", "updated_at", "stage_since"}
                    },
                    "checklists": {
                        s: [
                            (i.text, i.must, i.done, i.owner, i.due, i.done_by, i.criterion)
                            for i in items
                        ]
                        for s, items in card.checklists.items()
                    },
                    "decisions": [(d.stage, d.outcome, d.by, d.note, d.to) for d in card.decisions],
                }
                for card in column
            ]
        risks = [
            {
                **{
                    k: v
                    for k, v in risk.to_dict().items()
                    if k not in {"board", "created_at", "updated_at", "notes"}
                },
                "card": repo.cards.get(risk.card).title if risk.card else None,
                "notes": [(n.by, n.text) for n in risk.notes],
            }
            for risk in repo.risks.listed(board=board.id)
        ]
        boards.append((board.name, board.workflow.to_list(), columns, risks))
    events = Counter((e.by, e.action, e.table) for e in repo.search_events())
    return {"boards": boards, "events": events}


def test_samples_are_what_the_script_makes(tmp_path: Path):
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.glob("*.json")) == [p.name for p in SAMPLES]
    for sample in SAMPLES:
        bundled = tmp_path / f"bundled-{sample.name}"
        shutil.copyfile(sample, bundled)
        assert _content(out / sample.name) == _content(bundled), (
            f"{sample.name} is out of date: run `python sample_projects/make_samples.py`"
        )
