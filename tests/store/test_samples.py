"""The bundled sample stores (`sample_projects/*.json`) are valid, canonical and show everything.

`pstui demo` opens a copy of one of these, so a newcomer's first look at pstui is this data:
it must open without problems, be in the store's canonical form, and have something in every
column, blocked cards, killed ones, each kind of gate decision and a risk register with work to
do. Every test works on a copy; the bundled files are never opened for writing.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum
import pytest

from pstui.model.card import Outcome
from pstui.model.dates import is_overdue
from pstui.model.ids import CROCKFORD, ID_LENGTH, SHORT_MIN
from pstui.model.lesson import Lesson, LessonKind
from pstui.model.retro import Retro
from pstui.model.risk import STATUSES, Level, Risk, RiskKind, validate_risk
from pstui.model.survey import Response, Scale, Status, Survey, scores_of
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


# ----- surveys, retrospectives and lessons ------------------------------------------------------


def _surveys(repo: Repository) -> list[Survey]:
    return repo.surveys.listed()


@samples
def test_sample_records_read_as_the_model_reads_them(sample: Path, tmp_path: Path):
    data = loads_store(sample.read_text(encoding="utf-8"), sample)
    readers = {"surveys": Survey, "responses": Response, "retros": Retro, "lessons": Lesson}
    for table, model in readers.items():
        assert data[table], table
        for record_id, raw in data[table].items():
            record = model.from_dict(record_id, raw)
            assert record.to_dict() == raw
            assert not record.extra
    repo = open_copy(sample, tmp_path)
    for survey in _surveys(repo):
        card = repo.cards.get(survey.card)
        assert card.board == survey.board and not card.archived
        assert survey.contact and survey.sent_by and survey.sent_on < BASE.isoformat()
        assert survey.questions == list(repo.surveys.templates()[survey.template].questions)
        for response in repo.surveys.responses_of(survey.id):
            assert response.card == survey.card
            assert survey.sent_on <= response.answered_on < BASE.isoformat()


@samples
def test_sample_surveys_are_in_every_status_on_the_base_day(sample: Path, tmp_path: Path):
    repo = open_copy(sample, tmp_path)
    surveys = _surveys(repo)
    statuses = Counter(repo.surveys.status(s, BASE) for s in surveys)
    assert statuses[Status.ANSWERED] >= 3
    assert statuses[Status.PARTIAL] == statuses[Status.OVERDUE] == statuses[Status.SENT] == 1
    (overdue,) = [s for s in surveys if repo.surveys.status(s, BASE) is Status.OVERDUE]
    assert overdue.due < BASE.isoformat() and repo.surveys.responses_of(overdue.id) == []
    (waiting,) = [s for s in surveys if repo.surveys.status(s, BASE) is Status.SENT]
    assert waiting.due > BASE.isoformat()
    (partial,) = [s for s in surveys if repo.surveys.status(s, BASE) is Status.PARTIAL]
    (saved,) = repo.surveys.responses_of(partial.id)
    assert not saved.complete and saved.answers
    assert repo.surveys.partial_of(partial.id) == saved
    assert len({s.card for s in surveys}) >= 5  # on several cards
    # Only answered surveys have complete responses.
    for survey in surveys:
        done = [r for r in repo.surveys.responses_of(survey.id) if r.complete]
        assert bool(done) == (repo.surveys.status(survey, BASE) is Status.ANSWERED)


@samples
def test_sample_scores_have_a_realistic_spread(sample: Path, tmp_path: Path):
    repo = open_copy(sample, tmp_path)
    surveys = _surveys(repo)
    responses = [r for s in surveys for r in repo.surveys.responses_of(s.id)]
    scores = scores_of(responses)
    assert scores.responses == sum(r.complete for r in responses) >= 3
    nps = scores.nps
    assert nps.promoters >= 1 and nps.passives + nps.detractors >= 1 and nps.detractors >= 1
    assert 0 < scores.csat.satisfied < scores.csat.answers  # not all 4s and 5s
    assert scores.ces.easy < scores.ces.answers
    assert 0 < scores.csat.percent < 100 and -100 < nps.score < 100
    answered, sent = repo.surveys.rate(surveys)
    assert 0 < answered < sent
    for response in responses:
        for answer in response.answers:
            assert answer.question == repo.surveys.get(response.survey).question(answer.id).text
    assert sum(bool(r.suggestions) for r in responses) >= 2


@samples
def test_a_sample_suggestion_became_an_improvement_card(sample: Path, tmp_path: Path):
    repo = open_copy(sample, tmp_path)
    responses = [r for s in _surveys(repo) for r in repo.surveys.responses_of(s.id)]
    made = [(r, a) for r in responses for a in r.suggestions if a.card]
    assert len(made) == 1
    ((response, answer),) = made
    card = repo.cards.get(answer.card)
    source = repo.cards.get(response.card)
    assert card.kind == "improvement" and card.client == source.client
    assert card.assignee and card.due and card.tags
    assert response.id in card.description and str(answer.value) in card.description
    assert card.stage == "execution"  # the team already took it on


@samples
def test_sample_retrospective_with_actions_on_a_card_in_review(sample: Path, tmp_path: Path):
    repo = open_copy(sample, tmp_path)
    retros = repo.retros.listed()
    assert retros
    for retro in retros:
        assert repo.cards.get(retro.card).stage == "review"
        assert repo.retros.of_card(retro.card) == retro
        assert retro.went_well and retro.to_improve and retro.goals_note and retro.by
        assert retro.schedule_slip is not None and retro.held_on < BASE.isoformat()
    full = [r for r in retros if len(r.actions) >= 2 and r.budget_variance is not None]
    assert full
    made = [a for r in retros for a in r.actions if a.card]
    assert len(made) == 1
    card = repo.cards.get(made[0].card)
    assert card.kind == "improvement" and card.stage == "initiation" and card.assignee


@samples
def test_sample_knowledge_base_has_lessons_faq_and_know_how(sample: Path, tmp_path: Path):
    repo = open_copy(sample, tmp_path)
    lessons = repo.lessons.search()
    assert 6 <= len(lessons) <= 10
    assert {lesson.kind for lesson in lessons} == set(LessonKind)
    assert all(lesson.tags and lesson.text and lesson.by for lesson in lessons)
    from_retro = [lesson for lesson in lessons if lesson.retro]
    assert len(from_retro) >= 2
    for lesson in from_retro:
        assert lesson.card == repo.retros.get(lesson.retro).card
    on_cards = [lesson for lesson in lessons if lesson.card and not lesson.retro]
    assert on_cards
    for lesson in on_cards + from_retro:
        card = repo.cards.get(lesson.card)
        assert (lesson.board, lesson.client) == (card.board, card.client)
    standalone = [lesson for lesson in lessons if lesson.card is None]
    assert len(standalone) >= 2 and all(not lesson.client for lesson in standalone)
    tags = Counter(t for lesson in lessons for t in lesson.tags)
    assert any(n >= 2 for n in tags.values())  # a tag finds more than one
    top = tags.most_common(1)[0][0]
    assert len(repo.lessons.search(f"#{top}")) == tags[top]


@samples
def test_sample_review_items_are_ticked_by_records(sample: Path, tmp_path: Path):
    """A card in Review shows where each of its items came from: its survey, retrospective
    and lessons; none is a hand tick with nothing behind it."""
    repo = open_copy(sample, tmp_path)
    board = repo.boards.all()[0]
    review = repo.cards.column(board.id, "review")
    by_records = {"review-meeting", "lessons-learned", "satisfaction-survey", "client-suggestions"}
    for card in review:
        for item in card.checklist:
            if item.criterion in by_records and item.done:
                assert item.source, (card.title, item.criterion)
        done = {i.criterion for i in card.checklist if i.done}
        assert ("review-meeting" in done) == (repo.retros.of_card(card.id) is not None)
        assert ("lessons-learned" in done) == any(
            lesson.kind is LessonKind.LESSON for lesson in repo.lessons.search(card=card.id)
        )
        answered = repo.surveys.latest_answered(card.id)
        assert ("satisfaction-survey" in done) == (answered is not None)
    reviewed = [
        c
        for c in review
        if {"review-meeting", "satisfaction-survey"} <= {i.criterion for i in c.checklist if i.done}
    ]
    assert reviewed, "a card in Review with its survey answered and its retrospective held"
    waiting = [
        c
        for c in review
        if repo.retros.of_card(c.id)
        and any(
            repo.surveys.status(s, BASE) is Status.OVERDUE for s in repo.surveys.listed(card=c.id)
        )
    ]
    assert len(waiting) == (1 if sample == ENGLISH else 0)


def test_english_records_are_in_english(tmp_path: Path):
    repo = open_copy(ENGLISH, tmp_path)
    for survey in _surveys(repo):
        assert survey.template == "standard" and not cjk(survey.contact + survey.title)
        for response in repo.surveys.responses_of(survey.id):
            assert not any(cjk(str(a.value)) for a in response.answers)
    for retro in repo.retros.listed():
        assert not cjk(retro.went_well + retro.to_improve + retro.goals_note)
    for lesson in repo.lessons.search():
        assert not cjk(lesson.title + lesson.text + " ".join(lesson.tags))


def test_chinese_records_are_in_chinese(tmp_path: Path):
    repo = open_copy(CHINESE, tmp_path)
    for survey in _surveys(repo):
        assert survey.template == "standard-zh"
        assert cjk(survey.title) and cjk(survey.contact)
        assert all(cjk(q.text) for q in survey.questions)
        for response in repo.surveys.responses_of(survey.id):
            assert cjk(response.respondent)
            assert all(cjk(str(a.value)) for a in response.suggestions)
            assert all(a.scale is not Scale.TEXT or a.value for a in response.answers)
    for retro in repo.retros.listed():
        assert cjk(retro.went_well) and cjk(retro.to_improve) and cjk(retro.goals_note)
        assert all(cjk(a.text) for a in retro.actions)
    for lesson in repo.lessons.search():
        assert cjk(lesson.title) and cjk(lesson.text) and cjk(lesson.by)


def test_a_change_to_a_copy_leaves_the_bundled_sample_alone(tmp_path: Path):
    before = ENGLISH.read_bytes()
    repo = open_copy(ENGLISH, tmp_path)
    board = repo.boards.all()[0]
    repo.cards.add(board.id, "Scratch card")
    assert repo.undo()
    assert (tmp_path / ENGLISH.name).read_bytes() != before
    assert ENGLISH.read_bytes() == before


def _ids_out(repo: Repository) -> Callable[[str], str]:
    """A text with every record id of the store, and every short id, made `<id>`: the ids
    a card's description names (the survey response a suggestion came from) change on every
    build."""
    data = loads_store(repo.path.read_text(encoding="utf-8"), repo.path)
    ids = {record_id for table in data.values() for record_id in table}
    # Short ids as a label shows them (of the cards and surveys a text can name), a little
    # longer too; not every tail of every id, which a word like FY27 might match by chance.
    shown = [*data["cards"], *data["surveys"]]
    tails = ids | {i[-n:] for i in shown for n in range(SHORT_MIN, SHORT_MIN + 3)}
    token = re.compile(f"[{CROCKFORD}]{{{SHORT_MIN},{ID_LENGTH}}}")
    return lambda text: token.sub(lambda m: "<id>" if m.group() in tails else m.group(), text)


def _content(path: Path) -> dict[str, Any]:
    """What a sample says, without the ids and timestamps that change on every build."""
    repo = Repository(path, who="t")
    ids_out = _ids_out(repo)

    def title(card_id: str | None) -> str | None:
        return repo.cards.get(card_id).title if card_id else None

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
                        if k
                        not in {
                            "board",
                            "rank",
                            "created_at",
                            "updated_at",
                            "stage_since",
                            "description",
                        }
                    },
                    "description": ids_out(card.description),
                    "checklists": {
                        s: [
                            (
                                i.text,
                                i.must,
                                i.done,
                                i.owner,
                                i.due,
                                i.done_by,
                                i.criterion,
                                ids_out(i.source or ""),
                            )
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
    surveys = [
        {
            **_without_stamps(survey.to_dict(), "board"),
            "card": title(survey.card),
            "responses": [
                {
                    **_without_stamps(response.to_dict(), "survey", "answers"),
                    "card": title(response.card),
                    "answers": [
                        {**answer.to_dict(), "card": title(answer.card)}
                        for answer in response.answers
                    ],
                }
                for response in repo.surveys.responses_of(survey.id)
            ],
        }
        for survey in repo.surveys.listed()
    ]
    retros = [
        {
            **_without_stamps(retro.to_dict(), "board", "actions"),
            "card": title(retro.card),
            "actions": [(a.text, title(a.card)) for a in retro.actions],
        }
        for retro in repo.retros.listed()
    ]
    lessons = [
        {
            **_without_stamps(lesson.to_dict(), "board"),
            "card": title(lesson.card),
            "retro": title(repo.retros.get(lesson.retro).card) if lesson.retro else None,
        }
        for lesson in repo.lessons.search()
    ]
    events = Counter((e.by, e.action, e.table) for e in repo.search_events())
    return {
        "boards": boards,
        "surveys": surveys,
        "retros": retros,
        "lessons": lessons,
        "events": events,
    }


def _without_stamps(record: dict[str, Any], *more: str) -> dict[str, Any]:
    gone = {"created_at", "updated_at", *more}
    return {k: v for k, v in record.items() if k not in gone}


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
