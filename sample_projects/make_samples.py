"""Build the bundled sample stores: `services.json` (English) and `services-zh.json` (Chinese).

    /tmp/venv/bin/python sample_projects/make_samples.py [--out FOLDER]

Everything is written through the public `Repository` API, acting as the members of a small
project-services team, so the samples carry the same records, decisions and events a real team
would leave behind. Run it again after a template or the store format changes.

Due dates, risk review dates and the days of surveys, responses and retrospectives are fixed
relative to BASE (2026-11-22), so a test with its clock frozen on that day always reads the
same "overdue" and "in 3 days". Record ids and timestamps come from the clock (the repository
stamps them), so they differ from run to run; everything else is the same. The Review stage's
items are ticked by records, as a team's would be: a survey answered, a retrospective held, a
lesson written.
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pendulum
import time_machine

from pstui.model.card import Card, Outcome
from pstui.model.ids import seeded_ids
from pstui.model.risk import Risk
from pstui.store.engine import dumps_store, loads_store
from pstui.store.repository import Repository
from pstui.store.templates import load_template

BASE = pendulum.Date(2026, 11, 22)
# The samples are made in the morning of BASE (the clock frozen there, then a millisecond
# per change), with ids from SEED: the script makes the same bytes each time it runs.
MADE_AT = pendulum.datetime(2026, 11, 22, 1, 0, 0, tz="UTC")
SEED = 20261122
HERE = Path(__file__).resolve().parent


def day(offset: int) -> str:
    """The ISO date `offset` days from BASE (negative: in the past)."""
    return BASE.add(days=offset).isoformat()


# ----- the story of one card ------------------------------------------------------------------

Step = Callable[["Team", str], None]


@dataclass
class Spec:
    title: str
    client: str
    assignee: str
    due: int | None
    description: str
    tags: tuple[str, ...] = ()
    kind: str = "engagement"
    start: str | None = None  # stage the card is added to; the first stage when None
    creator: str | None = None  # who adds the card; the team lead when None
    story: tuple[Step, ...] = ()


@dataclass
class Team:
    repo: Repository
    lead: str
    rng: random.Random
    specs: dict[str, Spec] = field(default_factory=dict)

    def act(self, who: str) -> Repository:
        """The repository, acting as `who` for the next change."""
        _next_millisecond()
        self.repo.who = who
        return self.repo

    def doer(self, card_id: str, by: str | None) -> str:
        return by or self.specs[card_id].assignee or self.lead

    def item_id(self, card_id: str, key: str) -> str:
        """The current stage's item with gate criterion `key`, or whose text is `key`."""
        for item in self.repo.cards.get(card_id).checklist:
            if key in (item.criterion, item.text):
                return item.id
        raise KeyError(f"{self.repo.cards.get(card_id).title!r} has no item {key!r} in this stage")

    def add(self, board_id: str, spec: Spec) -> Card:
        card = self.act(spec.creator or self.lead).cards.add(
            board_id,
            spec.title,
            stage=spec.start,
            assignee=spec.assignee,
            due=day(spec.due) if spec.due is not None else None,
            client=spec.client,
            kind=spec.kind,
            tags=spec.tags,
            description=spec.description,
        )
        self.specs[card.id] = spec
        for step in spec.story:
            step(self, card.id)
        return self.repo.cards.get(card.id)

    def card_id(self, title: str) -> str:
        """The id of the card added with `title`."""
        (found,) = [card_id for card_id, spec in self.specs.items() if spec.title == title]
        return found

    def add_risk(self, board_id: str, spec: RiskSpec) -> Risk:
        risk = self.act(spec.by).risks.add(
            board_id,
            spec.title,
            card=self.card_id(spec.card) if spec.card is not None else None,
            category=spec.category,
            kind=spec.kind,
            probability=spec.probability,
            impact=spec.impact,
            owner=spec.owner,
            response=spec.response,
            prevention=spec.prevention,
            contingency=spec.contingency,
            trigger=spec.trigger,
            review=day(spec.review) if spec.review is not None else None,
            description=spec.description,
        )
        for step in spec.journal:
            step(self, risk.id)
        return self.repo.risks.get(risk.id)

    def add_survey(self, spec: SurveySpec) -> None:
        survey = self.act(spec.by).surveys.send(
            self.card_id(spec.card),
            spec.contact,
            template=spec.template,
            sent_on=day(spec.sent),
            due=day(spec.due) if spec.due is not None else None,
        )
        for step in spec.responses:
            step(self, survey.id)

    def add_retro(self, spec: RetroSpec) -> None:
        fields: dict[str, Any] = {
            "held_on": day(spec.held),
            "goals": spec.goals,
            "goals_note": spec.goals_note,
            "planned_start": day(spec.planned[0]),
            "planned_end": day(spec.planned[1]),
            "actual_start": day(spec.actual[0]),
            "actual_end": day(spec.actual[1]),
            "went_well": spec.went_well,
            "to_improve": spec.to_improve,
        }
        if spec.budget is not None:
            fields["budget_planned"], fields["budget_actual"] = spec.budget
        retro = self.act(spec.by).retros.save(self.card_id(spec.card), **fields)
        for text, followup in spec.actions:
            action = self.act(spec.by).retros.add_action(retro.id, text)
            if followup is not None:
                card = self.act(followup.by).retros.action_to_card(retro.id, action.id)
                self.plan(card.id, followup)
        for lesson in spec.lessons:
            self.add_lesson(lesson, card=spec.card, retro=retro.id)

    def add_lesson(
        self, spec: LessonSpec, card: str | None = None, retro: str | None = None
    ) -> None:
        """Write a lesson, from the card titled `spec.card` (or `card`) and a retrospective."""
        source = spec.card or card
        self.act(spec.by).lessons.add(
            spec.title,
            text=spec.text,
            kind=spec.kind,
            tags=spec.tags,
            card=self.card_id(source) if source else None,
            client=spec.client,
            retro=retro,
        )

    def plan(self, card_id: str, followup: Followup) -> None:
        """Give an improvement card its owner, due date and tags; start the work if it was."""
        fields: dict[str, Any] = {
            "assignee": followup.assignee,
            "due": day(followup.due),
            "tags": followup.tags,
        }
        if followup.title:
            fields["title"] = followup.title
        self.act(followup.by).cards.edit(card_id, **fields)
        if followup.started:
            go(by=followup.assignee)(self, card_id)


_CLOCK: list[time_machine.Traveller] = []  # the frozen clock the samples are made on


def _next_millisecond() -> None:
    # Record ids are time-sortable only to the millisecond (the rest is random), and a record's
    # history is listed in id order: one change per millisecond keeps the history in order.
    _CLOCK[-1].shift(datetime.timedelta(milliseconds=1))


def tick(*keys: str, by: str | None = None) -> Step:
    """Tick items of the current stage (gate criterion ids or hand-added item texts)."""

    def step(team: Team, card_id: str) -> None:
        for key in keys:
            team.act(team.doer(card_id, by)).cards.toggle_item(card_id, team.item_id(card_id, key))

    return step


untick = tick  # toggling an item that is done reopens it


def _finish_stage(team: Team, card_id: str, by: str | None, leave_open: tuple[str, ...]) -> None:
    """Tick every open must item but `leave_open`, and roughly half the should items."""
    for item in list(team.repo.cards.get(card_id).checklist):
        if item.done or item.criterion in leave_open:
            continue
        if item.must or team.rng.random() < 0.55:
            team.act(team.doer(card_id, by)).cards.toggle_item(card_id, item.id)


def go(by: str | None = None) -> Step:
    """Finish the stage's must items and move on: the gate records a Go by itself."""

    def step(team: Team, card_id: str) -> None:
        _finish_stage(team, card_id, by, ())
        card = team.repo.cards.get(card_id)
        following = team.repo.boards.get(card.board).workflow.next_stage(card.stage)
        assert following is not None, f"{card.title!r} is in the last stage"
        team.act(team.doer(card_id, by)).cards.move(card_id, following.id)

    return step


def go_anyway(note: str, open: tuple[str, ...], by: str | None = None) -> Step:
    """Pass the gate with the `open` must items still open: a Go that needs a reason."""

    def step(team: Team, card_id: str) -> None:
        _finish_stage(team, card_id, None, open)
        team.act(by or team.lead).cards.decide(card_id, Outcome.GO, note=note)

    return step


def hold(note: str, by: str | None = None) -> Step:
    def step(team: Team, card_id: str) -> None:
        team.act(by or team.lead).cards.decide(card_id, Outcome.HOLD, note=note)

    return step


def recycle(to: str, note: str, by: str | None = None) -> Step:
    def step(team: Team, card_id: str) -> None:
        team.act(by or team.lead).cards.decide(card_id, Outcome.RECYCLE, note=note, recycle_to=to)

    return step


def kill(note: str, by: str | None = None) -> Step:
    """Stop the card at its gate; the repository archives a killed card."""

    def step(team: Team, card_id: str) -> None:
        team.act(by or team.lead).cards.decide(card_id, Outcome.KILL, note=note)

    return step


def item(
    text: str, owner: str, due: int | None = None, *, must: bool = False, by: str | None = None
) -> Step:
    """Add a task by hand to the current stage's checklist."""

    def step(team: Team, card_id: str) -> None:
        team.act(by or team.doer(card_id, None)).cards.add_item(
            card_id, text, must=must, owner=owner, due=day(due) if due is not None else None
        )

    return step


def block(reason: str, by: str | None = None) -> Step:
    def step(team: Team, card_id: str) -> None:
        team.act(team.doer(card_id, by)).cards.set_blocked(card_id, True, reason)

    return step


def unblock(by: str | None = None) -> Step:
    def step(team: Team, card_id: str) -> None:
        team.act(team.doer(card_id, by)).cards.set_blocked(card_id, False)

    return step


def reschedule(due: int, by: str | None = None) -> Step:
    def step(team: Team, card_id: str) -> None:
        team.act(by or team.lead).cards.edit(card_id, due=day(due))

    return step


# ----- the story of one risk ------------------------------------------------------------------

RiskStep = Callable[["Team", str], None]


@dataclass
class RiskSpec:
    """A risk as the team logs it: after every card's story, as at a weekly risk review, so
    ticking a card's `risks-identified` item changes nothing else the story did."""

    title: str
    card: str | None  # the title of the card it is on; None: the whole board
    by: str  # who logs it
    category: str
    probability: int
    impact: int
    owner: str
    response: str
    review: int | None  # days from BASE
    description: str = ""
    prevention: str = ""
    contingency: str = ""
    trigger: str = ""
    kind: str = "threat"
    journal: tuple[RiskStep, ...] = ()


def noted(text: str, by: str) -> RiskStep:
    """A line in the risk's review journal."""

    def step(team: Team, risk_id: str) -> None:
        team.act(by).risks.add_note(risk_id, text)

    return step


def marked(status: str, by: str) -> RiskStep:
    """Set the risk's status: `monitoring`, or `occurred` when its contingency is running."""

    def step(team: Team, risk_id: str) -> None:
        team.act(by).risks.edit(risk_id, status=status)

    return step


def rescored(probability: int, impact: int, by: str) -> RiskStep:
    def step(team: Team, risk_id: str) -> None:
        team.act(by).risks.edit(risk_id, probability=probability, impact=impact)

    return step


def closed(note: str, by: str) -> RiskStep:
    def step(team: Team, risk_id: str) -> None:
        team.act(by).risks.close(risk_id, note=note)

    return step


# ----- surveys, retrospectives and lessons -------------------------------------------------------

SurveyStep = Callable[["Team", str], None]


@dataclass
class Followup:
    """An improvement card made from a suggestion or a retrospective's action, then planned:
    an owner, a due date, tags; `started` cards have passed the Initiation gate."""

    by: str
    assignee: str
    due: int  # days from BASE
    title: str | None = None  # default: the suggestion's first line, the action's text
    tags: tuple[str, ...] = ()
    started: bool = False


@dataclass
class SurveySpec:
    """A survey sent for a card to a client contact, and what came back: after the risks, as
    the closing work of the last weeks."""

    card: str  # the title of the card it is for
    by: str  # who sends it
    contact: str
    sent: int  # days from BASE
    due: int | None
    template: str
    responses: tuple[SurveyStep, ...] = ()


def answered(
    on: int,
    by: str,
    marks: tuple[int, ...],
    suggestion: str = "",
    *,
    partial: bool = False,
    followup: Followup | None = None,
) -> SurveyStep:
    """A response entered by `by`: `marks` answer the scale questions in the survey's order
    (CSAT x4, NPS, CES) as far as they go; a partial one is saved to be resumed. A
    `followup` makes the suggestion an improvement card."""

    def step(team: Team, survey_id: str) -> None:
        survey = team.repo.surveys.get(survey_id)
        scales = [q for q in survey.questions if q.numeric]
        values: dict[str, int | str] = {q.id: v for q, v in zip(scales, marks, strict=False)}
        text = next(q for q in survey.questions if not q.numeric)
        if suggestion:
            values[text.id] = suggestion
        response = team.act(by).surveys.respond(
            survey_id, values, answered_on=day(on), complete=not partial
        )
        if followup is not None:
            card = team.act(followup.by).surveys.suggestion_to_card(
                response.id, text.id, title=followup.title or ""
            )
            team.plan(card.id, followup)

    return step


@dataclass
class LessonSpec:
    title: str
    by: str
    text: str
    tags: tuple[str, ...]
    kind: str = "lesson"
    card: str | None = None  # the title of the card it came from
    client: str | None = None  # default: the card's


@dataclass
class RetroSpec:
    """A card's retrospective, its actions (some made cards) and the lessons written from it."""

    card: str
    by: str
    held: int
    goals: str
    goals_note: str
    planned: tuple[int, int]  # start and end, days from BASE
    actual: tuple[int, int]
    budget: tuple[float, float] | None  # planned, actual
    went_well: str
    to_improve: str
    actions: tuple[tuple[str, Followup | None], ...] = ()
    lessons: tuple[LessonSpec, ...] = ()


def add_records(
    team: Team,
    surveys: list[SurveySpec],
    retros: list[RetroSpec],
    lessons: list[LessonSpec],
) -> None:
    """Surveys and their responses, then the retrospectives, then the lessons on their own."""
    for survey in surveys:
        team.add_survey(survey)
    for retro in retros:
        team.add_retro(retro)
    for lesson in lessons:
        team.add_lesson(lesson)


# ----- English: the "Client services" board ----------------------------------------------------

ALICE, BEN, CARLA, DMITRI, PRIYA = (
    "Alice Chen",
    "Ben Okafor",
    "Carla Mendes",
    "Dmitri Volkov",
    "Priya Raman",
)
INTERNAL = "Internal"

SERVICES = [
    # Initiation
    Spec(
        "ERP rollout for three plants",
        "Kestrel Manufacturing",
        CARLA,
        10,
        "Replace the legacy MRP system at the Leeds, Brno and Porto plants with a cloud ERP. "
        "Finance and inventory go live first; production planning follows in phase two.",
        ("erp", "onsite"),
        story=(
            tick("requirements-confirmed", "scope-defined"),
            item("Book site visits to all three plants", CARLA, 3),
        ),
    ),
    Spec(
        "Customer portal redesign",
        "Bluefin Retail Group",
        BEN,
        23,
        "New self-service portal for Bluefin's trade customers: order history, invoices and "
        "returns in one place.",
        ("ux", "portal"),
        story=(
            item("Run discovery workshop with Bluefin's e-commerce team", BEN, 2),
            tick("requirements-confirmed"),
        ),
    ),
    Spec(
        "Data warehouse migration to the cloud",
        "Solace Energy",
        BEN,
        -6,
        "Move the on-premises Teradata warehouse and its 140 nightly loads to a managed cloud "
        "warehouse. Metering data must stay in the EU.",
        ("data", "cloud"),
        story=(
            tick("requirements-confirmed", "scope-defined", "team-formed"),
            hold(
                "Client budget for FY27 not approved yet; revisit after their steering "
                "committee on 3 Dec"
            ),
            reschedule(11),
            block("Solace procurement has not signed the statement of work"),
        ),
    ),
    Spec(
        "Member mobile app",
        "Meridian Credit Union",
        CARLA,
        40,
        "iOS and Android app for members: balances, transfers and card controls.",
        ("mobile",),
        story=(
            go(),
            tick("progress-reported"),
            recycle(
                "initiation",
                "Client added loan origination to the scope; requirements and plan must be "
                "confirmed again",
            ),
            untick("scope-defined", "plan-agreed"),
        ),
    ),
    Spec(
        "Change request: single sign-on for the field-service app",
        "Copperline Telecom",
        CARLA,
        -4,
        "Technicians should log in with their Copperline Azure AD account instead of a separate "
        "password.",
        ("sso", "security"),
        kind="change",
        story=(tick("requirements-confirmed"),),
    ),
    Spec(
        "Loyalty programme relaunch",
        "Tallgrass Foods",
        CARLA,
        -20,
        "Points-based loyalty scheme for Tallgrass's farm shops, replacing the paper stamp card.",
        ("marketing",),
        story=(
            tick("requirements-confirmed"),
            kill("Client cancelled after the Harvest Co. merger; no budget in FY27"),
        ),
    ),
    # Execution
    Spec(
        "ERP implementation: finance and procurement",
        "Tallgrass Foods",
        BEN,
        28,
        "General ledger, payables and purchasing on the new ERP, with the bank feeds of both "
        "Tallgrass entities.",
        ("erp",),
        story=(go(), tick("progress-reported", "changes-logged")),
    ),
    Spec(
        "Claims platform integration",
        "Ironbridge Insurance",
        DMITRI,
        -2,
        "Connect the new claims platform to Ironbridge's policy system and payment gateway "
        "through their API layer.",
        ("integration", "api"),
        story=(
            go_anyway(
                "Client PMO sign-off on the plan slips to next week; agreed to start the build "
                "to keep the January date",
                open=("plan-agreed",),
            ),
            tick("progress-reported"),
            block("Waiting for test-environment credentials from Ironbridge IT (INC-4471)"),
        ),
    ),
    Spec(
        "Warehouse scanning rollout",
        "Northwind Logistics",
        BEN,
        3,
        "Handheld barcode scanning for goods-in and picking in the Rotterdam and Hamburg "
        "warehouses. 200 devices, integrated with the WMS.",
        ("logistics", "hardware", "onsite"),
        story=(
            go(),
            block("Handhelds held at customs in Rotterdam", by=ALICE),
            unblock(by=ALICE),
            tick("progress-reported", "quality-checked"),
            item("Load test with 200 handhelds on the night shift", DMITRI, 2),
        ),
    ),
    Spec(
        "Defect: invoice totals round incorrectly in EUR",
        "Tallgrass Foods",
        DMITRI,
        -1,
        "Invoices with more than 20 lines are off by one cent against the order total. "
        "Rounding happens per line instead of on the total.",
        ("billing", "p1"),
        kind="defect",
        start="execution",
        creator=DMITRI,
        story=(tick("quality-issues-analysed"),),
    ),
    Spec(
        "Change request: nightly CSV export for finance",
        "Northwind Logistics",
        CARLA,
        8,
        "Finance wants yesterday's scans as a CSV on their SFTP server by 06:00 each day.",
        ("reporting",),
        kind="change",
        start="execution",
        story=(tick("changes-logged"),),
    ),
    Spec(
        "Improvement: automate the weekly status report",
        INTERNAL,
        ALICE,
        14,
        "Generate the Friday client status report from the board instead of writing it by hand.",
        ("process",),
        kind="improvement",
        start="execution",
        story=(tick("progress-reported"),),
    ),
    Spec(
        "Change request: SMS appointment reminders in Spanish",
        "Harbor Health Partners",
        BEN,
        -12,
        "Send reminders in the patient's preferred language, starting with Spanish.",
        ("sms",),
        kind="change",
        start="execution",
        story=(kill("Client withdrew the request: their new telephony vendor provides it"),),
    ),
    # Acceptance and handover
    Spec(
        "Patient scheduling system",
        "Harbor Health Partners",
        ALICE,
        6,
        "Online booking and clinic scheduling for Harbor's twelve outpatient clinics.",
        ("healthcare",),
        story=(
            go(),
            go(),
            tick("acceptance-tests-passed", "docs-reviewed", "installed-configured"),
            block("Client UAT lead on leave until 30 Nov; sign-off cannot be scheduled"),
        ),
    ),
    Spec(
        "Building permits portal",
        "Aurora City Council",
        BEN,
        -3,
        "Residents apply for and track building permits online; planners review them in a "
        "shared queue.",
        ("gov", "portal"),
        story=(
            go(),
            go(),
            tick("installed-configured"),
            recycle(
                "execution",
                "Acceptance tests failed: search takes 9 s under load; back to Execution for "
                "performance work",
                by=DMITRI,
            ),
            untick("quality-standard-met", by=DMITRI),
            tick("quality-standard-met"),
            go(),
            tick("acceptance-tests-passed"),
        ),
    ),
    Spec(
        "Field service app v2",
        "Copperline Telecom",
        CARLA,
        12,
        "Offline job sheets, photo capture and parts ordering for 600 field technicians.",
        ("mobile",),
        story=(go(), go(), tick("acceptance-tests-passed", "docs-reviewed", "data-migrated")),
    ),
    # Enablement
    Spec(
        "HR self-service rollout",
        "Verdant Pharma",
        PRIYA,
        9,
        "Leave requests, payslips and expense claims for 1,800 employees on the new HR portal.",
        ("hr", "training"),
        story=(go(), go(), go(), tick("training-designed")),
    ),
    Spec(
        "POS upgrade across 40 stores",
        "Bluefin Retail Group",
        PRIYA,
        -5,
        "New tills and payment terminals in every Bluefin store, rolled out region by region.",
        ("retail", "onsite", "training"),
        story=(
            go(),
            go(),
            go_anyway(
                "Two stores still on the old tills until their refits; client signed the "
                "handover for 38 of 40",
                open=("handover-signed",),
            ),
            tick("training-designed", "training-delivered"),
            item("Record the till-close video for the store manager guide", PRIYA, 4),
        ),
    ),
    Spec(
        "Improvement: reusable training video kit",
        INTERNAL,
        PRIYA,
        30,
        "Templates, intro sequence and recording checklist so every project's training videos "
        "look the same and take a day, not a week.",
        ("training", "process"),
        kind="improvement",
        start="enablement",
    ),
    # Review
    Spec(
        "Fleet telematics dashboard",
        "Northwind Logistics",
        ALICE,
        5,
        "Live map and fuel-use reports for Northwind's 350 trucks.",
        ("analytics",),
        story=(
            go(),
            go(),
            go(),
            go(),
        ),  # the review's items: its retrospective, lessons and survey (RETROS, SURVEYS)
    ),
    Spec(
        "Document management migration",
        "Ironbridge Insurance",
        DMITRI,
        -8,
        "Twelve million policy documents moved from the old archive to the new DMS, with "
        "retention rules.",
        ("migration",),
        story=(go(), go(), go(), go()),  # reviewed in RETROS; the survey is overdue
    ),
    Spec(
        "Improvement: standard UAT script templates",
        INTERNAL,
        DMITRI,
        19,
        "One acceptance-test template per project type, from what the last six projects used.",
        ("quality", "process"),
        kind="improvement",
        start="review",  # its lesson is in LESSONS
    ),
    # Maintenance
    Spec(
        "Payroll module: support period",
        "Meridian Credit Union",
        BEN,
        129,
        "Twelve-month support after go-live: fault response within 4 business hours, monthly "
        "health checks.",
        ("support", "sla"),
        story=(
            go(),
            go(),
            go(),
            go(),
            go(),
            tick("fault-response-agreed", "monitoring-in-place", "regular-checks"),
        ),
    ),
    Spec(
        "E-commerce platform: support and upgrades",
        "Bluefin Retail Group",
        CARLA,
        220,
        "Support, security patches and two feature upgrades a year for bluefin.example.",
        ("support", "ecommerce"),
        story=(
            go(),
            go(),
            go(),
            go(),
            go(),
            tick("fault-response-agreed", "upgrade-plan"),
            item("Quarterly client visit: review incident trends", ALICE, 18),
        ),
    ),
    Spec(
        "Lab data platform: maintenance",
        "Verdant Pharma",
        DMITRI,
        40,
        "Validated (GxP) maintenance of the lab data platform; every change goes through "
        "Verdant's change control.",
        ("support", "gxp"),
        story=(go(), go(), go(), go(), go(), tick("monitoring-in-place")),
    ),
]

SUPPORT_DESK = [
    Spec(
        "VPN drops every 30 minutes for remote staff",
        "Kestrel Manufacturing",
        PRIYA,
        2,
        "Since Tuesday remote users are disconnected every half hour; the office network is fine.",
        ("network", "p2"),
        kind="support",
        creator=PRIYA,
        story=(tick("issue-understood"),),
    ),
    Spec(
        "Password reset emails not arriving",
        "Meridian Credit Union",
        "",
        0,
        "Members report that the reset link never arrives; Gmail addresses seem affected most.",
        ("email", "p1"),
        kind="support",
        creator=PRIYA,
    ),
    Spec(
        "Nightly payroll export job failed on 20 Nov",
        "Meridian Credit Union",
        BEN,
        1,
        "The export to the bank stopped with a timeout; Friday's run must go through.",
        ("payroll", "p1"),
        kind="support",
        creator=PRIYA,
        story=(go(), tick("fix-done")),
    ),
    Spec(
        "Report builder slow on ranges over 12 months",
        "Bluefin Retail Group",
        DMITRI,
        9,
        "Sales reports over more than a year take two minutes to load.",
        ("performance", "p3"),
        kind="support",
        creator=PRIYA,
        story=(go(), item("Capture the slow query plan from production", DMITRI, 1)),
    ),
    Spec(
        "Printer mapping lost after Windows update",
        "Harbor Health Partners",
        PRIYA,
        -1,
        "Reception PCs at two clinics lost their label printers after the November update.",
        ("desktop", "p2"),
        kind="support",
        creator=PRIYA,
        story=(go(), go(), tick("root-cause-recorded")),
    ),
    Spec(
        "Add two users to the purchase approvals group",
        "Verdant Pharma",
        PRIYA,
        -6,
        "New buyers in Basel need approval rights up to CHF 10,000.",
        ("access", "p4"),
        kind="support",
        creator=PRIYA,
        story=(go(), go(), go()),
    ),
]


# The risk register of the "Client services" board.
RISKS = [
    RiskSpec(
        "Cloud ERP licences arrive after the finance go-live",
        "ERP rollout for three plants",
        ALICE,
        "schedule",
        3,
        5,
        ALICE,
        "mitigate",
        0,
        "Kestrel buys the ERP subscription through its own reseller framework, which has "
        "taken ten weeks on their last two software purchases. Without licences there is no "
        "production tenant to load the opening balances into.",
        prevention="Purchase order raised with the reseller by 1 Dec; ask the vendor for a "
        "90-day sandbox tenant now so configuration does not wait for it",
        contingency="Do the configuration and trial loads in the sandbox; move the finance "
        "go-live by one month if the production tenant is not there by 15 Jan",
        trigger="No purchase order number from Kestrel procurement by 1 Dec",
        journal=(
            noted(
                "Vendor agreed the sandbox tenant; Kestrel procurement still quotes "
                "'early December' for the order",
                by=CARLA,
            ),
        ),
    ),
    RiskSpec(
        "Kestrel's IT director leaves before go-live",
        "ERP rollout for three plants",
        CARLA,
        "operational",
        3,
        4,
        CARLA,
        "mitigate",
        -3,
        "Martin Hale sponsors the project on Kestrel's side and holds most of the decisions "
        "on the chart of accounts and the plant roll-out order in his head.",
        prevention="Name a deputy sponsor in the project charter; record every design decision "
        "in the steering minutes, not in email",
        contingency="Ask Kestrel's COO to appoint a replacement sponsor within two weeks; "
        "replay the decision log with the successor",
        trigger="The sponsor misses two steering meetings in a row, or his role is advertised",
        journal=(
            noted(
                "Heard at the Brno site visit that Martin is interviewing elsewhere; asked "
                "the COO for a named deputy",
                by=ALICE,
            ),
        ),
    ),
    RiskSpec(
        "Metering data processed outside the EU under the vendor's support terms",
        "Data warehouse migration to the cloud",
        BEN,
        "legal",
        2,
        5,
        BEN,
        "avoid",
        -9,
        "Solace's metering data counts as personal data and must stay in the EU. The cloud "
        "vendor's standard support terms allow follow-the-sun access from the US and India; "
        "Solace legal has not reviewed the data processing agreement in the draft contract.",
        prevention="EU region and EU-only support access written into the statement of work; "
        "data processing agreement reviewed by Solace legal before signature",
        contingency="Withdraw the vendor's support access and notify Solace's DPO within 24 hours",
        trigger="The vendor refuses the EU-only support clause",
        journal=(
            noted(
                "Solace legal has had the DPA since 10 Nov; no comments yet. Chased their "
                "counsel by phone",
                by=BEN,
            ),
        ),
    ),
    RiskSpec(
        "Source data quality of the nightly loads is unknown",
        "Data warehouse migration to the cloud",
        DMITRI,
        "technical",
        4,
        4,
        DMITRI,
        "mitigate",
        4,
        "Nobody at Solace owns 60 of the 140 nightly loads any more; duplicates and late meter "
        "reads are corrected by hand in the reports today. A migration that copies the data "
        "faithfully will still not reconcile.",
        prevention="Profile every source table in the first sprint; agree reconciliation rules "
        "(row counts, kWh per meter per day) with Solace's data owners before the build",
        contingency="Run the old and new warehouses side by side for one more month and fix "
        "the loads in order of business impact",
        trigger="More than 1% of meter-days do not reconcile in the dry run",
    ),
    RiskSpec(
        "Change requests keep growing the app's scope without a budget change",
        "Member mobile app",
        ALICE,
        "budget",
        4,
        3,
        CARLA,
        "mitigate",
        -1,
        "Loan origination came in as 'a small addition' and sent the card back to Initiation. "
        "Two more requests (joint accounts, card PIN view) are in Meridian's backlog.",
        prevention="Every change request goes through the change log with its cost and date "
        "impact, signed by Meridian's product owner before work starts",
        contingency="Move loan origination and later additions to a phase two with its own "
        "statement of work",
        trigger="A second scope change within a month of the first",
        journal=(
            noted(
                "Loan origination estimated at 38 days; quote sent to Meridian on 18 Nov",
                by=CARLA,
            ),
        ),
    ),
    RiskSpec(
        "Copperline's conditional access policies block the app's sign-in",
        "Change request: single sign-on for the field-service app",
        DMITRI,
        "security",
        2,
        3,
        DMITRI,
        "mitigate",
        7,
        "Copperline requires compliant devices for Azure AD sign-in; about a third of the "
        "technicians' phones are not enrolled in their device management.",
        prevention="Test the sign-in on an unmanaged phone in Copperline's test tenant first",
        contingency="Keep the app password as a fallback for unmanaged devices until they "
        "are enrolled",
    ),
    RiskSpec(
        "Ironbridge's test environment is late",
        "Claims platform integration",
        DMITRI,
        "schedule",
        4,
        4,
        DMITRI,
        "mitigate",
        -2,
        "The build needs the policy system and payment gateway in Ironbridge's test "
        "environment; their IT promised credentials for 20 Nov.",
        prevention="Weekly check with Ironbridge IT on INC-4471; escalate through the client "
        "PMO if it slips",
        contingency="Build against the API mocks from the interface specs; book the "
        "pre-production slot for the week of 7 Dec for the end-to-end tests",
        trigger="No credentials by 20 Nov",
        journal=(
            marked("occurred", by=DMITRI),
            noted(
                "No credentials on 20 Nov, INC-4471 still open. Building against the mocks; "
                "about a week of rework expected once the real environment is there",
                by=DMITRI,
            ),
        ),
    ),
    RiskSpec(
        "Handhelds held at customs in Rotterdam",
        "Warehouse scanning rollout",
        BEN,
        "schedule",
        3,
        4,
        BEN,
        "mitigate",
        -10,
        "The 200 handhelds ship from the vendor's Singapore depot; the importer's paperwork "
        "named the wrong commodity code.",
        prevention="Importer of record confirmed and commodity code checked before dispatch",
        contingency="Start the Hamburg pilot with the 20 loan devices from the vendor",
        trigger="Shipment not released within three days of arrival",
        journal=(
            marked("occurred", by=BEN),
            closed(
                "Devices released on 14 Nov after the importer corrected the paperwork; all "
                "200 on site",
                by=ALICE,
            ),
        ),
    ),
    RiskSpec(
        "Wi-Fi gaps in the Hamburg cold store drop scans",
        "Warehouse scanning rollout",
        BEN,
        "technical",
        3,
        3,
        BEN,
        "mitigate",
        2,
        "The site survey found two aisles of the cold store with no usable signal behind the "
        "racking.",
        prevention="Two extra access points ordered by Northwind's facilities team",
        contingency="Handhelds queue scans offline and send them when back in coverage",
        trigger="More than 2% of scans retried in the night-shift load test",
    ),
    RiskSpec(
        "Clinic staff keep booking by phone and bypass the new scheduling",
        "Patient scheduling system",
        PRIYA,
        "operational",
        3,
        4,
        PRIYA,
        "mitigate",
        -5,
        "Reception teams at the larger clinics have used the same phone and paper process for "
        "years and see online booking as extra work.",
        prevention="A super-user in every clinic; a walk-through at each clinic's team meeting "
        "before go-live; the clinic managers report online share weekly",
        contingency="Floor-walkers in the four largest clinics for the first two weeks; keep "
        "the phone line staffed for another month",
        trigger="Online bookings below 30% of the total after four weeks",
        journal=(
            noted(
                "Super-users named in 9 of 12 clinics; Eastgate, Millbrook and Riverside "
                "still to confirm",
                by=ALICE,
            ),
        ),
    ),
    RiskSpec(
        "Real patient records in the UAT environment",
        "Patient scheduling system",
        DMITRI,
        "security",
        2,
        5,
        DMITRI,
        "avoid",
        -6,
        "The first UAT load was a copy of production, so testers outside Harbor could see "
        "real patients' appointments.",
        prevention="UAT loaded only from the anonymised extract; access reviewed with Harbor's "
        "data protection officer",
        contingency="Wipe the UAT database and report to Harbor's DPO the same day",
        journal=(
            closed(
                "UAT reloaded from the anonymised extract; Harbor's DPO confirmed on 16 Nov",
                by=ALICE,
            ),
        ),
    ),
    RiskSpec(
        "Search slows down again in the year-end permit peak",
        "Building permits portal",
        DMITRI,
        "technical",
        2,
        4,
        DMITRI,
        "mitigate",
        10,
        "Acceptance failed once on search speed; December is the council's busiest month for "
        "applications.",
        prevention="Load test at three times normal traffic before acceptance",
        contingency="Scale the search nodes out for December",
        trigger="Search p95 over 2 s on the monitoring dashboard",
        journal=(
            rescored(1, 4, by=DMITRI),
            noted(
                "Load test at 3x traffic: search p95 1.4 s. Watching through December", by=DMITRI
            ),
            marked("monitoring", by=DMITRI),
        ),
    ),
    RiskSpec(
        "Verdant extends the HR portal to its Basel site",
        "HR self-service rollout",
        PRIYA,
        "budget",
        4,
        3,
        PRIYA,
        "enhance",
        6,
        "Verdant's HR director asked whether the 600 Basel employees could join in Q1. The "
        "portal and training material would carry over with German translations.",
        kind="opportunity",
        prevention="Send the Basel rollout estimate with the enablement report; invite "
        "Basel's HR lead to the training sessions",
        trigger="Verdant asks for a quote",
    ),
    RiskSpec(
        "Senior consultants away over Christmas while three go-lives fall due",
        None,
        ALICE,
        "schedule",
        4,
        4,
        ALICE,
        "mitigate",
        -4,
        "Patient scheduling, field service v2 and the HR portal all go live between 14 Dec and "
        "15 Jan, and three of the five consultants have leave booked over the holidays.",
        prevention="Stagger the go-lives; agree holiday cover and an on-call rota by 1 Dec",
        contingency="Bring in two contractors from the partner pool for hypercare",
        trigger="Two go-lives scheduled in the same week",
        journal=(
            noted(
                "Holiday rota drafted; Copperline agreed to move the field service v2 go-live "
                "from 4 Jan to 12 Jan",
                by=ALICE,
            ),
        ),
    ),
]


# Satisfaction surveys of the "Client services" board, on BASE: five answered (a promoter, a
# passive, a detractor among them), one answered part way, one overdue and one not yet due.
SURVEYS = [
    SurveySpec(
        "Fleet telematics dashboard",
        ALICE,
        "Hannah Berg",
        -12,
        -2,
        "standard",
        responses=(
            answered(
                -6,
                ALICE,
                (5, 4, 4, 5, 9, 6),
                "The fuel reports are what our depot managers open every morning. Next time, "
                "import the fuel-card transactions as well, so we stop matching them by hand "
                "in Excel.",
                followup=Followup(
                    ALICE,
                    DMITRI,
                    25,
                    "Improvement: fuel-card import for the telematics dashboard",
                    ("analytics", "process"),
                    started=True,
                ),
            ),
        ),
    ),
    SurveySpec("Fleet telematics dashboard", ALICE, "Marco Silva", -2, 12, "standard"),
    SurveySpec(
        "Document management migration",
        DMITRI,
        "Paul Grant",
        -21,
        -7,
        "standard",
    ),
    SurveySpec(
        "POS upgrade across 40 stores",
        PRIYA,
        "Grace Liu",
        -14,
        -4,
        "standard",
        responses=(
            answered(
                -9,
                PRIYA,
                (3, 3, 2, 4, 6, 3),
                "Two stores heard about the till swap the day before it happened. Store "
                "managers need the schedule two weeks ahead, and one person to call on the "
                "night who actually answers.",
            ),
        ),
    ),
    SurveySpec(
        "HR self-service rollout",
        PRIYA,
        "Sophie Laurent",
        -8,
        6,
        "standard",
        responses=(answered(-1, PRIYA, (4, 5, 4), partial=True),),
    ),
    SurveySpec(
        "Payroll module: support period",
        BEN,
        "Rosa Alvarez",
        -40,
        -26,
        "standard",
        responses=(answered(-33, BEN, (5, 5, 5, 4, 10, 7)),),
    ),
    SurveySpec(
        "E-commerce platform: support and upgrades",
        CARLA,
        "Tom Hughes",
        -60,
        -46,
        "standard",
        responses=(
            answered(
                -50,
                CARLA,
                (4, 4, 3, 4, 8, 5),
                "The monthly incident report is useful; please add the time to first "
                "response for each ticket.",
            ),
        ),
    ),
    SurveySpec(
        "Lab data platform: maintenance",
        DMITRI,
        "Dr Elena Fischer",
        -25,
        -11,
        "standard",
        responses=(
            answered(
                -18,
                DMITRI,
                (4, 5, 3, 3, 7, 4),
                "Validation documents reach our change control board late. Send the draft "
                "test scripts with the change request, not after it.",
            ),
        ),
    ),
]

RETROS = [
    RetroSpec(
        "Fleet telematics dashboard",
        ALICE,
        -4,
        "yes",
        "Live map and fuel reports for all 350 trucks; driver scoring moved to phase two, "
        "agreed with Northwind in October.",
        (-150, -20),
        (-143, -9),
        (180_000, 192_500),
        "Daily stand-up with Northwind's fleet controllers: they tested every report in the "
        "week it was built.\nThe GPS vendor's sandbox was ready on day one.",
        "Retention of location data was only agreed at handover and cost a week of rework.\n"
        "Drivers at the pilot depot were not told why the app was on their phones.",
        actions=(
            (
                "Write a one-page note for drivers for every telematics rollout",
                Followup(
                    ALICE,
                    PRIYA,
                    30,
                    "Improvement: drivers' briefing note for telematics rollouts",
                    ("training", "process"),
                ),
            ),
            ("Put data retention on the kickoff agenda", None),
        ),
        lessons=(
            LessonSpec(
                "Agree data retention in the kickoff, not at handover",
                ALICE,
                "Location data is personal data. Northwind's DPO asked for 90-day retention "
                "at handover and we rebuilt the history tables. Put retention on the kickoff "
                "agenda of every project that stores data about people.",
                ("data", "gdpr", "kickoff"),
            ),
            LessonSpec(
                "Tell the people being measured before the pilot starts",
                BEN,
                "Drivers at the pilot depot thought the app was there for disciplinary use. "
                "A one-page note and ten minutes at the depot's morning briefing would have "
                "saved two weeks of low adoption.",
                ("rollout", "change-management"),
            ),
        ),
    ),
    RetroSpec(
        "Document management migration",
        DMITRI,
        -6,
        "partly",
        "All twelve million documents moved with checksums; the retention rules for closed "
        "claims are still to be configured by Ironbridge.",
        (-200, -30),
        (-195, -12),
        None,
        "A checksum on every batch: not one document lost or changed.",
        "The full-volume dry run came two weeks before cutover, too late to fix calmly.",
        actions=(("Run a full-volume dry run a month before every cutover", None),),
        lessons=(
            LessonSpec(
                "Dry-run a migration at full volume",
                DMITRI,
                "Samples of 10,000 documents all loaded; the first full run found files over "
                "the loader's 2 GB limit. Do one dry run at full volume, on the client's "
                "hardware, a month before the cutover.",
                ("migration", "testing"),
            ),
            LessonSpec(
                "DMS bulk loader: batch size and throughput",
                DMITRI,
                "Batches of 5,000 documents with checksums ran at about 90,000 documents an "
                "hour on Ironbridge's hardware; bigger batches hit the 2 GB file limit. Plan "
                "twelve million documents as a week of nights.",
                ("migration", "performance"),
                kind="know-how",
            ),
        ),
    ),
]

LESSONS = [
    LessonSpec(
        "Write acceptance criteria as test cases in Initiation",
        DMITRI,
        "The four projects of the last six that passed acceptance first time had their UAT "
        "scripts written from the requirements and signed with the plan. The two that failed "
        "wrote them in the Acceptance stage.",
        ("uat", "quality"),
        card="Improvement: standard UAT script templates",
    ),
    LessonSpec(
        "How do we get access to a client's VPN?",
        PRIYA,
        "Ask the client's project manager for their third-party access form on day one: most "
        "clients need a named person, a signed NDA and two weeks. Log the request as a task "
        "on the card, with the client's ticket number.",
        ("access", "onboarding"),
        kind="faq",
    ),
    LessonSpec(
        "What does the client sign at handover?",
        ALICE,
        "The handover document: deliverables, open defects with their agreed dates, the "
        "support contact and the start of the warranty. The client's sponsor signs it; the "
        "Go at the Acceptance gate records it.",
        ("handover", "acceptance"),
        kind="faq",
    ),
    LessonSpec(
        "Estimating training effort",
        PRIYA,
        "Two hours per role per module for basic training, plus an hour of practice per "
        "attendee; advanced sessions take half as long again. Short videos of the daily tasks "
        "halve the questions in the first month.",
        ("training", "estimating"),
        kind="know-how",
    ),
]


# ----- Chinese: the "客户服务项目" board --------------------------------------------------------

WANG, LI, ZHANG, LIU = "王伟", "李娜", "张敏", "刘洋"

SERVICES_ZH = [
    # 项目启动
    Spec(
        "ERP 系统实施",
        "江南精密制造股份有限公司",
        LI,
        12,
        "为三个厂区实施 ERP 系统，先上线财务和库存模块，生产计划模块放在二期。",
        ("erp", "现场"),
        story=(
            tick("requirements-confirmed"),
            item("安排三个厂区的现场需求调研", LI, 3),
        ),
    ),
    Spec(
        "华东电网信息中心调度自动化系统二期升级改造项目：需求调研、方案设计、系统集成与上线后运维保障服务",
        "华东电网信息中心",
        WANG,
        30,
        "在一期系统基础上扩展新能源场站接入与负荷预测功能。项目周期长、干系人多，需提前明确范围与责任划分。",
        ("电力", "onsite"),
        story=(
            tick("requirements-confirmed", "scope-defined"),
            hold("客户预算尚未批复，等待 12 月初的立项评审会后再决定"),
        ),
    ),
    Spec(
        "会员小程序开发",
        "星河零售集团",
        LIU,
        45,
        "微信小程序：会员注册、积分查询、电子优惠券。",
        ("mobile",),
        story=(
            go(),
            recycle("initiation", "客户新增积分商城需求，需重新确认项目范围与计划"),
            untick("scope-defined", "plan-agreed"),
        ),
    ),
    Spec(
        "电子签章平台对接",
        "海川物流",
        LI,
        -10,
        "运单与合同接入第三方电子签章平台。",
        ("esign",),
        story=(
            tick("requirements-confirmed"),
            kill("客户已选择其他供应商，项目终止"),
        ),
    ),
    # 项目执行
    Spec(
        "仓储管理系统数据迁移",
        "海川物流",
        ZHANG,
        -3,
        "将旧仓储系统十年的库存与出入库数据迁移到新 WMS，迁移后逐仓核对。",
        ("data", "迁移"),
        story=(
            go(),
            tick("progress-reported"),
            block("等待客户提供旧系统数据库的只读账号"),
        ),
    ),
    Spec(
        "变更请求：增加财务月结报表导出功能",
        "海川物流",
        LI,
        6,
        "财务部希望每月 1 日自动导出上月运费结算报表（Excel）。",
        ("报表",),
        kind="change",
        start="execution",
        story=(tick("changes-logged"),),
    ),
    Spec(
        "缺陷：移动端订单列表在 iOS 17 上加载缓慢",
        "星河零售集团",
        ZHANG,
        -1,
        "订单超过 200 条时列表首屏加载超过 8 秒，安卓端正常。",
        ("bug", "p1", "ios"),
        kind="defect",
        start="execution",
        creator=ZHANG,
        story=(tick("quality-issues-analysed"),),
    ),
    # 验收与移交
    Spec(
        "智慧校园一卡通平台建设与教务、财务、后勤系统集成及统一身份认证改造",
        "明德大学",
        WANG,
        8,
        "一卡通平台覆盖门禁、食堂、图书馆，并与教务、财务、后勤系统打通，统一使用校园身份认证。",
        ("campus", "sso"),
        story=(
            go(),
            go(),
            tick("acceptance-tests-passed", "installed-configured", "data-migrated"),
            item("组织校方信息中心参加验收测试", WANG, 2),
        ),
    ),
    Spec(
        "医院信息系统（HIS）接口改造",
        "瑞康医院",
        LIU,
        4,
        "HIS 与检验、影像系统之间的接口改造，符合医院信息互联互通标准。",
        ("healthcare", "api"),
        story=(
            go_anyway(
                "客户同意项目计划稍后签字，先行启动开发以保证年底上线",
                open=("plan-agreed",),
            ),
            go(),
            tick("docs-reviewed"),
            block("客户验收负责人出差，预计 11 月 28 日返回"),
        ),
    ),
    # 培训与知识转移
    Spec(
        "CRM 系统用户培训",
        "金桥城市商业银行",
        LI,
        5,
        "为 32 家支行的客户经理提供基础培训和高级培训，现场与在线结合。",
        ("crm", "培训"),
        story=(go(), go(), go(), tick("training-designed", "training-delivered")),
    ),
    Spec(
        "运维知识库建设与知识转移",
        "华东电网信息中心",
        ZHANG,
        15,
        "整理技术文档、操作手册和常见问题解答，并安排三个月的知识转移跟踪。",
        ("knowledge", "培训"),
        story=(go(), go(), go(), tick("knowledge-base")),
    ),
    # 项目评估与总结
    Spec(
        "门店 POS 系统升级",
        "星河零售集团",
        LIU,
        -7,
        "全国 120 家门店收银系统升级，已全部上线。",
        ("retail", "pos"),
        story=(go(), go(), go(), go()),  # reviewed in RETROS_ZH, surveyed in SURVEYS_ZH
    ),
    Spec(
        "改进：统一项目周报模板并自动生成",
        "内部",
        WANG,
        20,
        "从看板数据自动生成每周项目周报，减少手工整理时间。",
        ("process",),
        kind="improvement",
        start="review",  # 经验教训见 LESSONS_ZH
    ),
    # 维护与升级
    Spec(
        "网上银行系统运维服务（2026—2027 年度）",
        "金桥城市商业银行",
        ZHANG,
        160,
        "7×24 小时故障响应，每月系统巡检，每季度安全补丁。",
        ("support", "sla"),
        story=(
            go(),
            go(),
            go(),
            go(),
            go(),
            tick("fault-response-agreed", "monitoring-in-place"),
        ),
    ),
    Spec(
        "《数据安全法》合规整改后的持续监控与季度安全巡检服务",
        "江南精密制造股份有限公司",
        LIU,
        38,
        "合规整改完成后，按季度进行安全巡检并出具报告。",
        ("security", "合规"),
        story=(
            go(),
            go(),
            go(),
            go(),
            go(),
            tick("fault-response-agreed"),
            item("季度回访：与客户信息安全部复盘告警情况", WANG, 10),
        ),
    ),
]


# “客户服务项目”看板的风险登记册。
RISKS_ZH = [
    RiskSpec(
        "ERP 软件许可采购延迟，影响财务模块上线",
        "ERP 系统实施",
        WANG,
        "schedule",
        3,
        5,
        WANG,
        "mitigate",
        0,
        "客户通过集团集中采购平台购买 ERP 软件许可，上一次软件采购走了将近三个月。"
        "没有正式许可就无法开通生产环境，期初数据也无法导入。",
        prevention="12 月 1 日前由客户提交采购申请；先向厂商申请 90 天试用环境，配置工作不等正式许可",
        contingency="在试用环境中完成配置和数据试导入；若 1 月 15 日前生产环境仍未开通，"
        "财务模块上线顺延一个月",
        trigger="12 月 1 日前仍未拿到采购申请单号",
        journal=(noted("厂商已同意提供试用环境；客户采购部仍答复“12 月上旬”下单", by=LI),),
    ),
    RiskSpec(
        "客户方项目经理可能在上线前离职",
        "ERP 系统实施",
        LI,
        "operational",
        3,
        4,
        LI,
        "mitigate",
        -2,
        "客户信息部陈经理负责三个厂区的需求协调和决策，很多业务规则只掌握在他一个人手里，"
        "近期听说他在看外面的机会。",
        prevention="在项目章程中指定客户方备岗联系人；所有关键决策写入周例会纪要，不只留在微信和邮件里",
        contingency="请客户分管副总在两周内指定接替人，并与接替人逐条回顾决策记录",
        trigger="连续两次缺席项目周例会，或客户开始招聘同类岗位",
        journal=(noted("已与客户分管副总沟通，指定财务部副经理为备岗联系人", by=WANG),),
    ),
    RiskSpec(
        "二期方案未通过电力监控系统安全防护评审",
        "华东电网信息中心调度自动化系统二期升级改造项目：需求调研、方案设计、系统集成与上线后运维保障服务",
        WANG,
        "legal",
        3,
        4,
        WANG,
        "mitigate",
        -6,
        "新能源场站接入涉及生产控制大区与管理信息大区之间的数据交互，方案须符合电力监控系统"
        "安全防护规定，并通过客户安全部门评审后才能立项。",
        prevention="方案设计阶段邀请客户安全部门提前参与；对照安全防护总体方案逐条自查",
        contingency="调整接入方案，改为经正向隔离装置单向传输数据；必要时拆分立项",
        trigger="评审意见中出现否决项",
        journal=(
            noted("客户安全部门要求补充横向隔离装置的配置说明，计划 11 月 25 日前提交", by=WANG),
        ),
    ),
    RiskSpec(
        "需求变更频繁，项目范围持续扩大",
        "会员小程序开发",
        LIU,
        "budget",
        4,
        3,
        LIU,
        "mitigate",
        -1,
        "客户在启动阶段新增积分商城需求，项目因此退回启动阶段；市场部又提出了直播带货和"
        "社群团购两个新想法。",
        prevention="所有变更通过变更单提交，评估工作量和工期影响，客户产品负责人签字后再开工",
        contingency="将积分商城及后续新增需求划入二期，单独签订合同",
        trigger="一个月内出现第二次范围变更",
        journal=(noted("积分商城工作量评估为 25 人天，变更报价已于 11 月 18 日发给客户", by=LIU),),
    ),
    RiskSpec(
        "历史数据质量差，迁移后账实不符",
        "仓储管理系统数据迁移",
        ZHANG,
        "technical",
        4,
        4,
        ZHANG,
        "mitigate",
        -4,
        "旧系统运行了十年，存在重复库位、负库存和大量手工调账记录；迁移后如果逐仓核对对不上，"
        "新 WMS 就无法上线。",
        prevention="迁移前做数据剖析，与客户仓储部约定核对规则（库位、批次、数量）；先做两轮迁移演练",
        contingency="旧系统保留只读查询三个月；按差异清单逐仓盘点，人工调整",
        trigger="迁移演练中超过 1% 的库位数量核对不一致",
        journal=(
            noted("抽样发现 3 个仓库存在负库存，已请客户仓储部确认处理口径", by=ZHANG),
            noted("客户仍未答复负库存的处理口径，周五例会上再提一次", by=WANG),
        ),
    ),
    RiskSpec(
        "旧系统数据库只读账号迟迟未开通，迁移演练无法开始",
        "仓储管理系统数据迁移",
        ZHANG,
        "schedule",
        4,
        3,
        ZHANG,
        "escalate",
        3,
        "迁移脚本需要直连旧系统数据库核对数据，账号开通要走客户信息部的安全审批。",
        prevention="通过客户项目经理催办，并在项目周报中列为重点风险",
        contingency="先用客户导出的样本数据开发转换脚本，账号开通后再做完整验证",
        trigger="11 月 20 日前账号仍未开通",
        journal=(
            marked("occurred", by=ZHANG),
            noted("客户信息部答复账号最快下周开通；已先用导出的 Excel 样本开发转换脚本", by=ZHANG),
        ),
    ),
    RiskSpec(
        "检验系统厂商接口文档不全，联调延期",
        "医院信息系统（HIS）接口改造",
        LIU,
        "technical",
        3,
        4,
        LIU,
        "mitigate",
        -3,
        "检验系统（LIS）由第三方厂商维护，提供的接口文档缺少危急值回传和标本状态字段的说明。",
        prevention="通过医院信息科约厂商每周联调一次，问题清单共享跟踪",
        contingency="先按互联互通标准完成其他接口的验收，LIS 接口单独出具验收补充报告",
        trigger="联调问题清单连续两周没有减少",
        journal=(noted("本周联调关闭 6 个问题，新增 2 个；危急值回传仍待厂商答复", by=LIU),),
    ),
    RiskSpec(
        "师生不适应新的刷卡与线上缴费流程",
        "智慧校园一卡通平台建设与教务、财务、后勤系统集成及统一身份认证改造",
        WANG,
        "operational",
        3,
        3,
        WANG,
        "mitigate",
        3,
        "食堂和图书馆的工作人员习惯了旧卡机，部分学生对线上充值和缴费有顾虑，"
        "上线初期可能出现排队和投诉。",
        prevention="各食堂和图书馆安排现场引导员；上线前通过学校公众号发布操作指南和短视频",
        contingency="上线首月保留人工充值窗口",
        trigger="上线第一周投诉超过 20 起",
    ),
    RiskSpec(
        "合同中学生个人信息的处理条款未经法务审核",
        "智慧校园一卡通平台建设与教务、财务、后勤系统集成及统一身份认证改造",
        WANG,
        "legal",
        3,
        4,
        WANG,
        "avoid",
        -8,
        "一卡通平台汇集学生身份、消费和门禁记录，属于个人信息；原合同没有数据处理条款，"
        "不符合《个人信息保护法》的要求。",
        prevention="签订数据处理补充协议，明确处理目的、存储期限和访问权限",
        contingency="补充协议签署前，测试环境只使用脱敏数据",
        journal=(closed("校方法务已于 11 月 15 日确认数据处理协议，合同补充条款已签署", by=WANG),),
    ),
    RiskSpec(
        "明德大学希望将一卡通平台推广到新校区",
        "智慧校园一卡通平台建设与教务、财务、后勤系统集成及统一身份认证改造",
        LI,
        "budget",
        4,
        3,
        WANG,
        "exploit",
        9,
        "明德大学东湖新校区明年九月启用，约 8000 名师生。校方询问能否在本期验收后直接复制一卡通平台。",
        kind="opportunity",
        prevention="在验收报告中附上新校区推广方案和报价；邀请新校区筹建办参加验收演示",
        trigger="校方发布新校区信息化建设的采购意向",
    ),
    RiskSpec(
        "培训教室和设备无法按期到位",
        "CRM 系统用户培训",
        LI,
        "schedule",
        3,
        3,
        LI,
        "mitigate",
        -12,
        "32 家支行的集中培训需要总行培训中心和 40 台笔记本电脑，而培训中心年底被多个部门预订。",
        prevention="提前一个月向总行办公室预订培训中心，设备清单随预订一并确认",
        contingency="改为分批在区域支行培训，部分课程转为线上直播",
        journal=(
            closed(
                "总行已确认培训中心 11 月 10 日至 12 月 5 日可用，笔记本和投影设备均已到位",
                by=LI,
            ),
        ),
    ),
    RiskSpec(
        "数据库版本明年年底停止厂商支持",
        "网上银行系统运维服务（2026—2027 年度）",
        ZHANG,
        "technical",
        2,
        2,
        ZHANG,
        "mitigate",
        40,
        "网上银行使用的数据库版本将于 2027 年 12 月停止厂商支持，之后不再提供安全补丁。",
        prevention="在下季度升级计划中评估数据库升级方案和停机窗口",
        contingency="购买厂商的延长支持服务",
        journal=(marked("monitoring", by=ZHANG),),
    ),
    RiskSpec(
        "年底多个项目集中上线，核心实施人员不足",
        None,
        WANG,
        "schedule",
        4,
        4,
        WANG,
        "mitigate",
        -5,
        "一卡通、HIS 接口和 ERP 财务模块都集中在 12 月至 1 月上线，张敏和刘洋同时被两个项目占用。",
        prevention="错开上线时间；12 月 1 日前排定元旦和春节前后的值班表",
        contingency="从合作伙伴资源池临时借调两名实施顾问负责上线保障",
        trigger="同一周内安排了两个项目上线",
        journal=(noted("已与瑞康医院协商，HIS 接口上线由 12 月 28 日调整到 1 月 11 日", by=WANG),),
    ),
    RiskSpec(
        "春节前后客户方人员休假，验收签字周期拉长",
        None,
        LI,
        "schedule",
        3,
        2,
        LI,
        "accept",
        30,
        "往年春节前两周到节后一周，客户方签字审批基本停滞，涉及 1—2 月验收的项目可能顺延回款。",
        trigger="验收材料提交后两周内没有签字",
        journal=(marked("monitoring", by=LI),),
    ),
]


# “客户服务项目”看板的满意度调查：三份已回复，一份填写了一部分，一份逾期未回，一份尚未到期。
SURVEYS_ZH = [
    SurveySpec(
        "门店 POS 系统升级",
        LIU,
        "周晓梅",
        -15,
        -5,
        "standard-zh",
        responses=(
            answered(
                -9,
                LIU,
                (4, 4, 5, 4, 9, 6),
                "门店培训安排得很好。建议下次上线前给每家门店发一份切换当晚的值班联系表，"
                "出了问题知道该找谁。",
                followup=Followup(
                    WANG,
                    LIU,
                    21,
                    "改进：上线切换当晚的门店值班联系表模板",
                    ("process",),
                    started=True,
                ),
            ),
        ),
    ),
    SurveySpec("门店 POS 系统升级", LIU, "吴志强", -3, 11, "standard-zh"),
    SurveySpec(
        "网上银行系统运维服务（2026—2027 年度）",
        ZHANG,
        "孙立新",
        -45,
        -31,
        "standard-zh",
        responses=(answered(-38, ZHANG, (5, 5, 4, 5, 10, 7)),),
    ),
    SurveySpec(
        "《数据安全法》合规整改后的持续监控与季度安全巡检服务",
        LIU,
        "陈建国",
        -30,
        -16,
        "standard-zh",
        responses=(
            answered(
                -20,
                LIU,
                (3, 4, 2, 3, 5, 3),
                "巡检报告太长，希望第一页就列出需要我们处理的问题和期限。",
            ),
        ),
    ),
    SurveySpec(
        "CRM 系统用户培训",
        LI,
        "赵敏",
        -6,
        8,
        "standard-zh",
        responses=(answered(-2, LI, (5, 4, 5), partial=True),),
    ),
    SurveySpec("运维知识库建设与知识转移", ZHANG, "黄海涛", -20, -6, "standard-zh"),
]

RETROS_ZH = [
    RetroSpec(
        "门店 POS 系统升级",
        LIU,
        -5,
        "yes",
        "120 家门店全部按期上线，没有发生营业中断。",
        (-120, -15),
        (-118, -12),
        (860_000, 842_000),
        "分区域分批上线，每批之后复盘一次，问题越来越少。\n"
        "店长提前参加了培训，上线当晚能自己处理常见问题。",
        "部分门店网络条件差，支付终端频繁掉线，应在上线前做网络勘察。\n"
        "备件数量估计不足，两家门店等了三天。",
        actions=(
            (
                "将门店网络勘察加入上线前检查清单",
                Followup(LIU, ZHANG, 28, "改进：门店网络勘察纳入上线前检查清单", ("process",)),
            ),
            ("按门店数量的 5% 准备备件", None),
        ),
        lessons=(
            LessonSpec(
                "上线前先做门店网络勘察",
                LIU,
                "部分门店用 4G 路由器上网，新支付终端频繁掉线。上线前两周逐店检查网络，"
                "网络不达标的门店先改造再上线。",
                ("零售", "上线", "network"),
            ),
            LessonSpec(
                "分批上线，每批之后复盘",
                WANG,
                "第一批 10 家门店上线后开了复盘会，把问题清单变成下一批的检查项；"
                "最后一批几乎没有现场问题。",
                ("上线", "process"),
            ),
        ),
    ),
]

LESSONS_ZH = [
    LessonSpec(
        "周报从看板数据生成，不再手工汇总",
        WANG,
        "每个项目经理每周花半天整理周报，而且口径不一。从看板的卡片、检查项和风险登记册"
        "自动生成周报，项目经理只补充本周要点。",
        ("process", "报告"),
        card="改进：统一项目周报模板并自动生成",
    ),
    LessonSpec(
        "历史库存数据迁移的核对方法",
        ZHANG,
        "按库位、批次、数量三个维度逐仓核对；负库存和重复库位先在旧系统中处理，"
        "不要在迁移脚本里修正。",
        ("data", "迁移"),
        kind="know-how",
        card="仓储管理系统数据迁移",
    ),
    LessonSpec(
        "客户开通 VPN 账号需要哪些材料？",
        LI,
        "一般需要客户的第三方接入申请表、保密协议和人员名单，审批约两周。"
        "第一天就向客户项目经理索取申请表，并在卡片上建任务跟踪。",
        ("access", "入场"),
        kind="faq",
    ),
    LessonSpec(
        "验收时客户需要签署什么文件？",
        WANG,
        "移交清单：交付物、遗留问题及约定解决日期、运维联系人、质保期起始日。"
        "由客户项目负责人签字，验收阶段的 Go 决定中记录签字。",
        ("验收", "移交"),
        kind="faq",
    ),
    LessonSpec(
        "培训工作量估算",
        LI,
        "基础培训按每个角色每个模块 2 小时估算，另加每人 1 小时上机练习；高级培训再加一半。"
        "把日常操作录成短视频，上线第一个月的咨询量能减少一半。",
        ("培训", "估算"),
        kind="know-how",
    ),
]


# ----- building the stores ----------------------------------------------------------------------


def add_board_to_file(store: Path, board_name: str, template: str, who: str) -> str:
    """Add a board to a store that no repository has open; returns the board id.

    For a pstui whose Repository has no `add_board` yet: create a one-board store beside it
    with the code `pstui init` uses, and copy its board (and the event saying so) across.
    """
    with tempfile.TemporaryDirectory() as tmp:
        extra = Path(tmp) / "board.json"
        Repository.create(extra, board_name, load_template(template).workflow, who=who)
        other = loads_store(extra.read_text(encoding="utf-8"), extra)
    data = loads_store(store.read_text(encoding="utf-8"), store)
    data["boards"].update(other["boards"])
    data["events"].update(other["events"])
    store.write_text(dumps_store(data), encoding="utf-8")
    (board_id,) = other["boards"]
    return board_id


def build_services(path: Path) -> None:
    repo = Repository.create(path, "Client services", load_template("service").workflow, who=ALICE)
    main_id = repo.boards.all()[0].id
    team = Team(repo, ALICE, random.Random(42))
    if hasattr(repo, "add_board"):
        board = team.act(PRIYA).boards.add("Support desk", load_template("support").workflow)
        support_id = board.id
    else:
        _next_millisecond()
        support_id = add_board_to_file(path, "Support desk", "support", PRIYA)
        team.repo = Repository(path, who=ALICE)
    for spec in SERVICES:
        team.add(main_id, spec)
    for spec in SUPPORT_DESK:
        team.add(support_id, spec)
    for risk in RISKS:
        team.add_risk(main_id, risk)
    add_records(team, SURVEYS, RETROS, LESSONS)


def build_services_zh(path: Path) -> None:
    repo = Repository.create(path, "客户服务项目", load_template("service-zh").workflow, who=WANG)
    team = Team(repo, WANG, random.Random(42))
    board_id = team.repo.boards.all()[0].id
    for spec in SERVICES_ZH:
        team.add(board_id, spec)
    for risk in RISKS_ZH:
        team.add_risk(board_id, risk)
    add_records(team, SURVEYS_ZH, RETROS_ZH, LESSONS_ZH)


SAMPLES: dict[str, Callable[[Path], None]] = {
    "services.json": build_services,
    "services-zh.json": build_services_zh,
}


def check(path: Path) -> list[str]:
    """What is wrong with a built sample (empty when it is fine)."""
    text = path.read_text(encoding="utf-8")
    if dumps_store(loads_store(text, path)) != text:
        return ["not in canonical form"]
    repo = Repository(path, who="make_samples")
    return list(repo.problems)


def summary(path: Path) -> str:
    """Cards per stage of every board, e.g. `Initiation 5 (+1 archived)`, and its risks."""
    repo = Repository(path, who="make_samples")
    lines = [path.name]
    for board in repo.boards.all():
        counts = []
        for stage in board.workflow.stages:
            text = f"{stage.name} {len(repo.cards.column(board.id, stage.id))}"
            killed = len(repo.cards.column(board.id, stage.id, archived=True))
            counts.append(text + (f" (+{killed} archived)" if killed else ""))
        risks = repo.risks.listed(board=board.id)
        if risks:
            still_open = sum(r.is_open for r in risks)
            counts.append(f"risks {len(risks)} ({still_open} open)")
        lines.append(f"  {board.name}: " + ", ".join(counts))
    surveys = repo.surveys.listed()
    statuses = Counter(repo.surveys.status(s, BASE).value for s in surveys)
    lines.append(
        f"  surveys {len(surveys)} ("
        + ", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
        + f"), responses {len(repo.surveys.responses)}, retrospectives "
        f"{len(repo.retros.listed())}, lessons {len(repo.lessons.search())}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write the samples to")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in SAMPLES.items():
            built = Path(tmp) / name
            # A frozen clock and seeded ids: the same script makes the same bytes.
            with time_machine.travel(MADE_AT, tick=False) as clock, seeded_ids(SEED):
                _CLOCK.append(clock)
                build(built)
                _CLOCK.pop()
            problems = check(built)
            if problems:
                print(f"{name}: " + "; ".join(problems), file=sys.stderr)
                return 1
            shutil.copyfile(built, out / name)
            print(summary(built))
    return 0


if __name__ == "__main__":
    sys.exit(main())
