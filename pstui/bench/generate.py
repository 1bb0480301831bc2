"""Deterministic stores of any size, in the exact on-disk format, for the benchmark.

`generate_store(n_cards, seed)` builds the store as plain dicts (the repository's one-write-per-
change path would take minutes at 10,000 cards), but every record comes from the model's own
`to_dict` or from `new_store_data`, so the shape is exactly what pstui writes. Ids keep the
ULID layout (10 chars of millisecond time, 16 random chars) with the randomness drawn from
`random.Random(seed)` and the time from a fixed base instant: one seed, one byte-identical file.

Proportions, per card: the current stage's gate checklist partly ticked and every past stage's
checklist passed; up to three recorded decisions (the most recent gates, a Hold now and then, a
Kill for some archived cards); about 6 events; 0.3 risks; 0.1 surveys (the standard template's
questions) with about 3 responses each, some saved part way, some surveys overdue; 0.1 lessons,
FAQ or know-how entries, two in three from the card; and a retrospective on one card in twelve
of those that reached Review, with a lesson from it one time in two. Stages are weighted towards execution and maintenance, where real
boards pile up.
"""

from __future__ import annotations

import base64
import copy
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from pstui.model.card import KINDS, Card, Decision, Outcome, items_from_gate
from pstui.model.event import Event
from pstui.model.gate import AUTO_GO_NOTE
from pstui.model.ids import CROCKFORD, ID_LENGTH, derived_id
from pstui.model.lesson import Lesson, LessonKind
from pstui.model.rank import rank_between, ranks_for
from pstui.model.retro import Action, Goals, Retro
from pstui.model.risk import Risk
from pstui.model.survey import RANGES, Answer, Response, Scale, Survey, Template
from pstui.model.workflow import Workflow
from pstui.store.engine import RecordTextCache, dumps_store
from pstui.store.repository import new_store_data
from pstui.store.templates import DEFAULT_SURVEY, load_template, survey_templates

Store = dict[str, dict[str, Any]]

BASE_DAY = date(2026, 11, 22)  # the benchmark app's "today": due dates are spread around it
BASE_MS = int(datetime(2026, 11, 22, 9, 0, tzinfo=UTC).timestamp() * 1000)
HISTORY_DAYS = 730  # cards were created over the two years before BASE_DAY
DAY_MS = 86_400_000
TEMPLATE = "service"

# Share of open cards per stage id: work piles up in execution and maintenance.
STAGE_WEIGHTS = {
    "initiation": 10,
    "execution": 30,
    "acceptance": 12,
    "enablement": 10,
    "review": 8,
    "maintenance": 30,
}
KILLED_SHARE = 0.03  # killed at a gate (archived with a Kill decision)
CLOSED_SHARE = 0.07  # of maintenance cards, archived when the engagement ended: ~5% in all
BLOCKED_SHARE = 0.07
HOLD_SHARE = 0.10
DUE_SHARE = 0.75
CHINESE_TITLE_SHARE = 0.10
RISKS_PER_CARD = 0.3
SURVEYS_PER_CARD = 0.1
# Responses per survey, 0 to 6 (a survey goes to a client team): about 3 on average.
RESPONSE_WEIGHTS = (10, 12, 16, 20, 18, 14, 10)
PARTIAL_SHARE = 0.08  # of responses: saved part way, to be resumed
PARTIAL_SURVEY_SHARE = 0.05  # sent in the last days and only begun: every response partial
SURVEY_DUE_DAYS = 14  # unanswered after this, a survey is overdue
LESSONS_PER_CARD = 0.09
LESSONS_PER_RETRO = 0.5  # a card with a retrospective: a lesson written from it, one in two
LESSON_FROM_CARD_SHARE = 0.65  # the rest are written on their own (FAQ, know-how...)
RETRO_SHARE = 0.08  # of the cards that reached Review: about 300 at 10,000 cards
MEAN_EVENTS_PER_CARD = 6

PEOPLE = (
    "Alice Chen", "Ben Okafor", "Carla Mendes", "Dmitri Volkov", "Priya Raman", "Tom Becker",
    "Yuki Tanaka", "Sara Lindqvist", "Omar Haddad", "Lena Novak", "Wang Fang", "Jonas Weber",
)  # fmt: skip
CLIENT_HEADS = (
    "Kestrel", "Bluefin", "Northwind", "Harbor", "Granite", "Juniper", "Summit", "Orchid",
    "Redwood", "Cobalt", "Meridian", "Alder", "Falcon", "Silverline",
)  # fmt: skip
CLIENT_TAILS = ("Manufacturing", "Retail Group", "Logistics", "Health", "Energy", "Bank")
WORKS = (
    "ERP rollout", "Customer portal redesign", "Data warehouse migration", "CRM integration",
    "Network upgrade", "Security audit", "Mobile app release", "Payroll system go-live",
    "Support desk onboarding", "Cloud cost review", "Reporting dashboards", "SSO rollout",
    "Inventory sync fix", "Backup and recovery drill", "API gateway hardening",
)  # fmt: skip
WORKS_ZH = ("系统上线", "数据迁移", "客户培训", "验收交付", "运维升级", "需求调研", "满意度回访")
SITES = ("phase one", "phase two", "all plants", "head office", "EU region", "pilot team")
TAGS = (
    "erp", "onsite", "remote", "ux", "portal", "data", "security", "urgent", "training",
    "sla", "upgrade", "handover", "integration", "compliance", "billing",
)  # fmt: skip
BLOCK_REASONS = (
    "waiting for client sign-off",
    "test environment down",
    "vendor licence not delivered",
    "client data export pending",
)
RISK_TITLES = (
    "Key client contact may leave",
    "Data quality worse than assumed",
    "Vendor delivery slips",
    "Scope creep from change requests",
    "Test environment not ready in time",
    "Users resist the new process",
)
RISK_STATUSES = ("open", "open", "monitoring", "closed")
RISK_CATEGORIES = ("technical", "operational", "schedule", "budget", "legal")
SUGGESTIONS = (
    "Great team, keep the weekly demos.",
    "Slow to respond at times; one named contact would help.",
    "The training was useful; more hands-on exercises next time.",
    "Send the test scripts with the change request, not after it.",
    "沟通及时，希望培训资料能提前发放。",
    "", "", "", "", "",
)  # fmt: skip
CONTACTS = ("A.", "B.", "C.", "D.", "E.", "M.", "S.", "T.")
# Scale answers as clients give them: mostly satisfied, a tail of unhappy ones.
SCALE_WEIGHTS = {
    Scale.CSAT: (1, 2, 5, 10, 8),
    Scale.NPS: (1, 1, 1, 1, 2, 3, 4, 6, 9, 8, 6),
    Scale.CES: (2, 3, 5, 8, 9, 6, 3),
}
LESSON_KINDS = (LessonKind.LESSON, LessonKind.FAQ, LessonKind.KNOW_HOW)
LESSON_KIND_WEIGHTS = (60, 20, 20)
LESSON_TITLES = {
    LessonKind.LESSON: (
        "Agree data retention in the kickoff",
        "Dry-run the migration at full volume",
        "Write acceptance tests during initiation",
        "Tell the users why before the pilot",
        "Book the client's test environment early",
        "Put every scope change through the change log",
    ),
    LessonKind.FAQ: (
        "How do we get VPN access at a client?",
        "What does the client sign at handover?",
        "Who approves a change request?",
        "客户开通 VPN 账号需要哪些材料？",
    ),
    LessonKind.KNOW_HOW: (
        "Bulk loader batch sizes and throughput",
        "Estimating training effort per role",
        "Reconciling migrated stock by location and batch",
        "历史数据迁移的核对方法",
    ),
}
LESSON_SENTENCES = (
    "It cost a week of rework at handover on the last project.",
    "Ask the client's project manager on day one; approval takes about two weeks.",
    "Batches of 5,000 records with checksums ran at 90,000 an hour.",
    "Two hours per role per module, plus an hour of practice per attendee.",
    "The two projects that skipped it failed acceptance the first time.",
    "按库位、批次、数量三个维度逐仓核对。",
)
WENT_WELL = (
    "Daily stand-up with the client's key users.",
    "Test environment ready on day one.",
    "Every batch checksummed: nothing lost.",
    "The client's sponsor came to every steering meeting.",
)
TO_IMPROVE = (
    "Data retention agreed too late.",
    "Full-volume dry run came too late.",
    "Users were not told why the change was coming.",
    "Spare parts underestimated.",
)
ACTIONS = (
    "Add the topic to the kickoff checklist",
    "Run a full-volume dry run a month before cutover",
    "Write a one-page note for end users",
    "Review the estimate template",
)
SENTENCES = (
    "The client wants the first deliverable before the end of the quarter.",
    "Scope was agreed in the kickoff; changes go through the change request log.",
    "Weekly status call on Tuesdays with the client's project manager.",
    "Legacy data needs cleansing before migration; see the data quality report.",
    "Handover includes admin training and the operations runbook.",
)


# ----- ids and time ------------------------------------------------------------------------


# Base32 in C, then Crockford's alphabet: ten times faster than a digit loop for 300k ids.
_CROCKFORD_FROM_RFC = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", CROCKFORD)


class SeededIds:
    """Record ids in the layout of `pstui.model.ids.new_id` (48-bit ms time, 80 random bits),
    the random bits drawn from a seeded Random."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def at(self, ms: int) -> str:
        value = (ms << 80) | self._rng.getrandbits(80)
        # 20 bytes are 32 base32 digits; the last 26 hold the 130 low bits, as new_id has them.
        digits = base64.b32encode(value.to_bytes(20, "big")).decode("ascii")[-ID_LENGTH:]
        return digits.translate(_CROCKFORD_FROM_RFC)


def stamp(ms: int) -> str:
    """A timestamp as the store writes them: UTC ISO 8601 with microseconds."""
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return moment.isoformat(timespec="microseconds")


def day(offset: int) -> str:
    return (BASE_DAY + timedelta(days=offset)).isoformat()


def day_of(ms: int) -> str:
    """The UTC day of a millisecond instant, as a store's dates are written."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC).date().isoformat()


# ----- the whole store ---------------------------------------------------------------------


def generate_store(n_cards: int, seed: int) -> Store:
    """A store with one `service` board and `n_cards` cards, the same for the same seed."""
    builder = _Builder(random.Random(seed), load_template(TEMPLATE).workflow)
    stages = builder.pick_stages(n_cards)
    ranks = _ranks_per_stage(stages)
    for stage_index in stages:
        builder.add_card(stage_index, ranks[stage_index].pop())
    return builder.data


def _ranks_per_stage(stages: list[int]) -> dict[int, list[str]]:
    """Evenly spread ranks for each column, reversed so `pop()` hands them out in order."""
    counts = {s: stages.count(s) for s in set(stages)}
    return {s: list(reversed(ranks_for(n))) for s, n in counts.items()}


def write_store(path: Path, data: Store, cache: RecordTextCache | None = None) -> Path:
    """Write `data` with the store's own serialization (the bytes pstui itself would write).

    A `cache` shared between writes of stores that share records (a base and its edited
    copies) serializes each unchanged record once."""
    path = Path(path)
    path.write_text(dumps_store(data, cache), encoding="utf-8")
    return path


class _Builder:
    """Accumulates one store: the board from the template, then cards and what hangs off them."""

    def __init__(self, rng: random.Random, workflow: Workflow) -> None:
        self.rng = rng
        self.ids = SeededIds(rng)
        self.workflow = workflow
        self.clients = [f"{h} {t}" for h in CLIENT_HEADS for t in CLIENT_TAILS]
        # Gate checklists as dicts, made once per stage by the model; each card's items then get
        # the ids the model derives from (card, stage, criterion).
        self.gate_items = {
            s.id: [i.to_dict() for i in items_from_gate(s, "template")] for s in workflow.stages
        }
        self.data = self._empty_store()
        self.board_id = next(iter(self.data["boards"]))
        templates = survey_templates()
        self.surveys = (templates[DEFAULT_SURVEY], templates[f"{DEFAULT_SURVEY}-zh"])
        self.review = next(n for n, s in enumerate(workflow.stages) if s.id == "review")

    def _empty_store(self) -> Store:
        start = BASE_MS - (HISTORY_DAYS + 1) * DAY_MS
        data = new_store_data("Client services", self.workflow, PEOPLE[0])
        board = next(iter(data["boards"].values()))
        board["created_at"] = board["updated_at"] = stamp(start)
        meta = data["meta"]["pstui"]
        meta["created_at"] = meta["updated_at"] = stamp(start)
        first_event = next(iter(data["events"].values()))
        board_id = self.ids.at(start)
        first_event.update(record=board_id, at=stamp(start))
        first_event["created_at"] = first_event["updated_at"] = stamp(start)
        data["boards"] = {board_id: board}
        data["events"] = {self.ids.at(start): first_event}
        return data

    def pick_stages(self, n_cards: int) -> list[int]:
        weights = [STAGE_WEIGHTS.get(s.id, 10) for s in self.workflow.stages]
        return self.rng.choices(range(len(weights)), weights=weights, k=n_cards)

    # ----- one card and its history ---------------------------------------------------------

    def add_card(self, stage_index: int, rank: str) -> str:
        rng = self.rng
        created = BASE_MS - rng.randint(DAY_MS // 24, HISTORY_DAYS * DAY_MS)
        entered = _stage_entries(rng, created, stage_index)
        card_id = self.ids.at(created)
        stage = self.workflow.stages[stage_index]
        card = Card(
            id=card_id,
            board=self.board_id,
            title=self._title(),
            stage=stage.id,
            rank=rank,
            created_at=stamp(created),
            updated_at=stamp(entered[-1] + rng.randint(0, DAY_MS)),
            description=" ".join(rng.sample(SENTENCES, rng.randint(1, 3))),
            kind=rng.choices(KINDS, weights=(50, 15, 10, 10, 5, 10))[0],
            assignee=rng.choice(PEOPLE) if rng.random() < 0.95 else "",
            client=rng.choice(self.clients),
            tags=rng.sample(TAGS, rng.randint(0, 3)),
            due=day(rng.randint(-45, 120)) if rng.random() < DUE_SHARE else None,
            stage_since=stamp(entered[-1]),
        )
        if rng.random() < BLOCKED_SHARE:
            card.blocked, card.blocked_reason = True, rng.choice(BLOCK_REASONS)
        killed = rng.random() < KILLED_SHARE
        last_stage = stage_index == len(self.workflow.stages) - 1
        card.archived = killed or (last_stage and rng.random() < CLOSED_SHARE)
        record = card.to_dict()
        record["checklists"] = self._checklists(card, entered)
        record["decisions"] = self._decisions(card, entered, killed)
        self.data["cards"][card_id] = record
        self._card_events(card, record, entered)
        self._maybe_risks(card, entered)
        self._maybe_survey(card, entered)
        retro = self._maybe_retro(card, entered)
        self._maybe_lesson(card, entered, retro)
        return card_id

    def _title(self) -> str:
        rng = self.rng
        if rng.random() < CHINESE_TITLE_SHARE:
            return f"{rng.choice(CLIENT_HEADS)} {rng.choice(WORKS_ZH)}"
        return f"{rng.choice(WORKS)}, {rng.choice(SITES)}"

    def _checklists(self, card: Card, entered: list[int]) -> dict[str, list[dict[str, Any]]]:
        """Every stage the card passed through: past gates passed, the current one partly done."""
        out = {}
        for n, since in enumerate(entered):
            stage = self.workflow.stages[n]
            current = n == len(entered) - 1
            out[stage.id] = [
                self._item(template, derived_id(card.id, stage.id, template["criterion"]), since,
                           card.assignee, current)
                for template in self.gate_items[stage.id]
            ]  # fmt: skip
        return out

    def _item(
        self, template: dict[str, Any], item_id: str, since: int, who: str, current: bool
    ) -> dict[str, Any]:
        rng = self.rng
        item = dict(template)
        item["id"] = item_id
        done = rng.random() < 0.45 if current else (template["must"] or rng.random() < 0.7)
        if done:
            item["done"] = True
            item["done_by"] = who or rng.choice(PEOPLE)
            item["done_at"] = stamp(since + rng.randint(0, DAY_MS))
        return item

    def _decisions(self, card: Card, entered: list[int], killed: bool) -> list[dict[str, Any]]:
        """The Go of the most recent (up to three) gates, then a Hold or a Kill now and then."""
        rng = self.rng
        stages = self.workflow.stages
        out = []
        for n in range(max(1, len(entered) - 3), len(entered)):
            out.append(
                Decision(
                    id=self.ids.at(entered[n]),
                    stage=stages[n - 1].id,
                    outcome=Outcome.GO,
                    by=rng.choice(PEOPLE),
                    at=stamp(entered[n]),
                    note=AUTO_GO_NOTE,
                    to=stages[n].id,
                ).to_dict()
            )
        if killed or rng.random() < HOLD_SHARE:
            at = entered[-1] + rng.randint(DAY_MS // 24, DAY_MS)
            outcome = Outcome.KILL if killed else Outcome.HOLD
            note = "client cancelled the engagement" if killed else "waiting for the client"
            out.append(
                Decision(
                    id=self.ids.at(at),
                    stage=card.stage,
                    outcome=outcome,
                    by=rng.choice(PEOPLE),
                    at=stamp(at),
                    note=note,
                ).to_dict()
            )
        return out[-3:]

    def _card_events(self, card: Card, record: dict[str, Any], entered: list[int]) -> None:
        """Create, one decision per gate passed, then ticks and edits up to about six in all."""
        rng = self.rng
        label = f"{card.id[-6:]} {card.title}"
        stages = self.workflow.stages
        self._event(
            entered[0], "create", "cards", card.id, f"added {card.title!r} to {stages[0].name}"
        )
        for n in range(1, len(entered)):
            self._event(
                entered[n],
                "decision",
                "cards",
                card.id,
                f"{label}: passed the {stages[n - 1].name} gate to {stages[n].name}",
                outcome="go",
                frm=stages[n - 1].id,
                to=stages[n].id,
            )
        wanted = max(len(entered), round(rng.gauss(MEAN_EVENTS_PER_CARD, 2)))
        ticked = [i for items in record["checklists"].values() for i in items if i["done"]]
        for _ in range(wanted - len(entered)):
            at = rng.randint(entered[0], BASE_MS)
            if ticked and rng.random() < 0.7:
                item = rng.choice(ticked)
                self._event(
                    at, "checklist", "cards", card.id,
                    f"ticked {item['text']!r} on {label}", item=item["id"], done=True,
                )  # fmt: skip
            else:
                field = rng.choice(("due", "assignee", "tags", "description"))
                self._event(
                    at, "edit", "cards", card.id, f"edited {field} of {label}", fields=[field]
                )

    def _event(
        self, at: int, action: str, table: str, record: str, summary: str, **data: Any
    ) -> None:
        event_id = self.ids.at(at)
        who = self.rng.choice(PEOPLE)
        event = Event(event_id, stamp(at), who, action, table, record, summary, data)
        self.data["events"][event_id] = event.to_dict()

    # ----- risks, surveys and responses -----------------------------------------------------

    def _maybe_risks(self, card: Card, entered: list[int]) -> None:
        rng = self.rng
        # 0.25 + 0.05: one risk on a quarter of the cards, a second on one card in twenty.
        count = (rng.random() < RISKS_PER_CARD - 0.05) + (rng.random() < 0.05)
        for _ in range(count):
            created = rng.randint(entered[0], BASE_MS)
            risk_id = self.ids.at(created)
            updated = min(BASE_MS, created + rng.randint(0, 30 * DAY_MS))
            title = rng.choice(RISK_TITLES)
            self.data["risks"][risk_id] = Risk(
                id=risk_id,
                board=card.board,
                card=card.id,
                title=title,
                category=rng.choice(RISK_CATEGORIES),
                probability=rng.randint(1, 5),
                impact=rng.randint(1, 5),
                owner=rng.choice(PEOPLE),
                response=rng.choice(("", "mitigate", "accept", "transfer")),
                status=rng.choice(RISK_STATUSES),
                prevention=rng.choice(("", "Weekly check with the client", "Plan B agreed")),
                review=day(rng.randint(-20, 60)),
                created_at=stamp(created),
                updated_at=stamp(updated),
            ).to_dict()
            self._event(created, "create", "risks", risk_id, f"logged risk {title!r}")

    def _maybe_survey(self, card: Card, entered: list[int]) -> None:
        """A survey sent after the card entered its stage, with the template's questions, and
        0 to 6 responses, a few saved part way: unanswered past its due date, it is overdue."""
        rng = self.rng
        if rng.random() >= SURVEYS_PER_CARD:
            return
        template = self.surveys[not card.title.isascii()]
        begun = rng.random() < PARTIAL_SURVEY_SHARE
        recent = max(entered[-1], BASE_MS - (SURVEY_DUE_DAYS - 4) * DAY_MS)
        sent = rng.randint(recent if begun else entered[-1], BASE_MS)
        survey = Survey(
            id=self.ids.at(sent),
            board=card.board,
            card=card.id,
            title=template.title,
            contact=f"{rng.choice(CONTACTS)} {rng.choice(CLIENT_HEADS)}",
            sent_on=day_of(sent),
            due=(date.fromisoformat(day_of(sent)) + timedelta(SURVEY_DUE_DAYS)).isoformat(),
            template=template.name,
            sent_by=rng.choice(PEOPLE),
            questions=list(template.questions),
            created_at=stamp(sent),
            updated_at=stamp(sent),
        )
        self.data["surveys"][survey.id] = survey.to_dict()
        self._event(
            sent, "create", "surveys", survey.id,
            f"sent survey {survey.title!r} on {card.id[-6:]} {card.title} to {survey.contact}",
        )  # fmt: skip
        for _ in range(rng.choices(range(len(RESPONSE_WEIGHTS)), weights=RESPONSE_WEIGHTS)[0]):
            self._response(survey, template, sent, begun)

    def _response(self, survey: Survey, template: Template, sent: int, begun: bool) -> None:
        rng = self.rng
        answered = min(BASE_MS, sent + rng.randint(DAY_MS // 24, SURVEY_DUE_DAYS * DAY_MS))
        complete = not begun and rng.random() >= PARTIAL_SHARE
        questions = template.questions
        if not complete:  # stopped part way through the scale questions
            questions = questions[: rng.randint(1, len(questions) - 2)]
        answers = []
        for question in questions:
            if question.numeric:
                span = RANGES[question.scale]
                value: int | str = rng.choices(span, weights=SCALE_WEIGHTS[question.scale])[0]
            else:
                value = rng.choice(SUGGESTIONS)
                if not value:
                    continue  # an empty suggestion is no answer
            answers.append(Answer(question.id, question.text, question.scale, value))
        response = Response(
            id=self.ids.at(answered),
            survey=survey.id,
            card=survey.card,
            respondent=f"{rng.choice(CONTACTS)} {rng.choice(CLIENT_HEADS)}",
            answered_on=day_of(answered),
            created_at=stamp(answered),
            updated_at=stamp(answered),
            complete=complete,
            entered_by=rng.choice(PEOPLE),
            answers=answers,
        )
        self.data["responses"][response.id] = response.to_dict()
        how = "recorded a response" if complete else "saved part of a response"
        self._event(
            answered, "respond", "responses", response.id,
            f"{how} from {response.respondent} to survey {survey.id[-6:]} {survey.title}",
            complete=complete,
        )  # fmt: skip

    def _maybe_retro(self, card: Card, entered: list[int]) -> tuple[str, int] | None:
        """The review of a card that reached Review: planned and actual dates, a budget now
        and then, what went well and what to improve, up to three actions. Its id and when
        it was held."""
        rng = self.rng
        if len(entered) <= self.review or rng.random() >= RETRO_SHARE:
            return None
        reached = entered[self.review]
        held = min(BASE_MS, reached + rng.randint(DAY_MS, 14 * DAY_MS))
        created = date.fromisoformat(day_of(entered[0]))
        ended = date.fromisoformat(day_of(reached))
        planned_end = max(created, ended + timedelta(rng.randint(-30, 10)))
        actual_start = min(ended, created + timedelta(rng.randint(0, 10)))
        budget = None
        if rng.random() < 0.5:
            planned = float(rng.randint(20, 400) * 1000)
            budget = (planned, float(round(planned * rng.uniform(0.85, 1.25), -2)))
        retro = Retro(
            id=self.ids.at(held),
            board=card.board,
            card=card.id,
            held_on=day_of(held),
            created_at=stamp(held),
            updated_at=stamp(held),
            goals=rng.choices((Goals.YES, Goals.PARTLY, Goals.NO), weights=(60, 30, 10))[0],
            goals_note=rng.choice(
                ("", "Phase two agreed for the rest.", "All deliverables accepted.")
            ),
            planned_start=created.isoformat(),
            planned_end=planned_end.isoformat(),
            actual_start=actual_start.isoformat(),
            actual_end=ended.isoformat(),
            budget_planned=budget[0] if budget else None,
            budget_actual=budget[1] if budget else None,
            went_well="\n".join(rng.sample(WENT_WELL, rng.randint(1, 2))),
            to_improve="\n".join(rng.sample(TO_IMPROVE, rng.randint(1, 2))),
            actions=[
                Action(self.ids.at(held), text) for text in rng.sample(ACTIONS, rng.randint(0, 3))
            ],
            by=rng.choice(PEOPLE),
        )
        self.data["retros"][retro.id] = retro.to_dict()
        self._event(
            held, "create", "retros", retro.id,
            f"held the retrospective of {card.id[-6:]} {card.title}",
        )  # fmt: skip
        return retro.id, held

    def _maybe_lesson(self, card: Card, entered: list[int], retro: tuple[str, int] | None) -> None:
        """A knowledge-base entry: written from the card's retrospective when it had one,
        else from the card two times in three, else on its own."""
        rng = self.rng
        if rng.random() >= (LESSONS_PER_RETRO if retro else LESSONS_PER_CARD):
            return
        kind = rng.choices(LESSON_KINDS, weights=LESSON_KIND_WEIGHTS)[0]
        from_card = retro is not None or rng.random() < LESSON_FROM_CARD_SHARE
        since = retro[1] if retro else entered[-1] if from_card else entered[0]
        written = rng.randint(since, BASE_MS)
        lesson = Lesson(
            id=self.ids.at(written),
            title=rng.choice(LESSON_TITLES[kind]),
            created_at=stamp(written),
            updated_at=stamp(written),
            text=" ".join(rng.sample(LESSON_SENTENCES, rng.randint(1, 3))),
            kind=kind,
            tags=rng.sample(TAGS, rng.randint(1, 3)),
            board=card.board if from_card else None,
            card=card.id if from_card else None,
            client=card.client if from_card else "",
            retro=retro[0] if retro else None,
            by=rng.choice(PEOPLE),
        )
        self.data["lessons"][lesson.id] = lesson.to_dict()
        self._event(written, "create", "lessons", lesson.id, f"wrote lesson {lesson.title!r}")


def _stage_entries(rng: random.Random, created: int, stage_index: int) -> list[int]:
    """When the card entered each stage up to its current one (the first at creation)."""
    span = BASE_MS - created
    cuts = sorted(rng.randint(0, span * 9 // 10) for _ in range(stage_index))
    return [created, *(created + c for c in cuts)]


# ----- two divergent copies for the merge ------------------------------------------------------


def edit_copies(data: Store, n_changes: int, seed: int) -> tuple[Store, Store]:
    """Two clones of `data` (ours, theirs), each with `n_changes` field edits and their events.

    About a quarter of the cards edited on one side are edited on the other too, half of those
    in the same field (a real conflict, settled by `updated_at`); each side also adds a few
    cards, ticks checklist items, reranks cards and edits risks. Unchanged records are shared
    with `data` (no deep copy of 10,000 cards): treat all three as read-only afterwards.
    """
    rng = random.Random(seed)
    card_ids = sorted(data["cards"])
    ours_picks = rng.sample(card_ids, min(n_changes, len(card_ids)))
    overlap = ours_picks[: len(ours_picks) // 4]
    rest = sorted(set(card_ids) - set(ours_picks))
    theirs_picks = overlap + rng.sample(rest, min(len(rest), n_changes - len(overlap)))
    fields = [rng.choice(_CARD_EDITS) for _ in ours_picks]
    # Half of the overlapping cards get the same field edited on both sides.
    their_fields = [
        fields[n] if n < len(overlap) and n % 2 == 0 else rng.choice(_CARD_EDITS)
        for n in range(len(theirs_picks))
    ]
    ours = _Side(data, "ours", random.Random(seed + 1), BASE_MS + DAY_MS)
    theirs = _Side(data, "theirs", random.Random(seed + 2), BASE_MS + DAY_MS + 7)
    for side, picks, kinds in ((ours, ours_picks, fields), (theirs, theirs_picks, their_fields)):
        for card_id, kind in zip(picks, kinds, strict=False):
            side.edit_card(card_id, kind)
        side.add_cards(max(1, n_changes // 20))
        side.edit_risks(max(1, n_changes // 10))
    return ours.data, theirs.data


def _edit_title(rng: random.Random, card: dict[str, Any]) -> None:
    card["title"] = f"{card['title']} ({rng.choice(('rev', 'phase 2', 'urgent', 'v2'))})"


def _edit_assignee(rng: random.Random, card: dict[str, Any]) -> None:
    card["assignee"] = rng.choice(PEOPLE)


def _edit_due(rng: random.Random, card: dict[str, Any]) -> None:
    card["due"] = day(rng.randint(-10, 150))


def _edit_tags(rng: random.Random, card: dict[str, Any]) -> None:
    card["tags"] = sorted({*card["tags"], rng.choice(TAGS)})


def _edit_blocked(rng: random.Random, card: dict[str, Any]) -> None:
    card["blocked"] = not card["blocked"]
    card["blocked_reason"] = rng.choice(BLOCK_REASONS) if card["blocked"] else ""


def _edit_checklist(rng: random.Random, card: dict[str, Any]) -> None:
    items = card["checklists"].get(card["stage"]) or []
    if items:
        item = rng.choice(items)
        item["done"] = not item["done"]


def _edit_rank(rng: random.Random, card: dict[str, Any]) -> None:
    card["rank"] = rank_between(card["rank"], None)


_CARD_EDITS: tuple[Callable[[random.Random, dict[str, Any]], None], ...] = (
    _edit_title,
    _edit_assignee,
    _edit_due,
    _edit_tags,
    _edit_blocked,
    _edit_checklist,
    _edit_checklist,
    _edit_rank,
)


class _Side:
    """One clone being edited: tables copied shallowly, a record deep-copied when first touched."""

    def __init__(self, base: Store, who: str, rng: random.Random, start_ms: int) -> None:
        self.data: Store = {table: dict(records) for table, records in base.items()}
        self.who = who
        self.rng = rng
        self.ids = SeededIds(rng)
        self.clock = start_ms
        self._touched: set[tuple[str, str]] = set()

    def tick(self) -> int:
        self.clock += 13  # both sides advance in steps that never land on the same instant
        return self.clock

    def _own(self, table: str, record_id: str) -> dict[str, Any]:
        if (table, record_id) not in self._touched:
            self.data[table][record_id] = copy.deepcopy(self.data[table][record_id])
            self._touched.add((table, record_id))
        return self.data[table][record_id]

    def _log(self, at: int, action: str, table: str, record: str, summary: str) -> None:
        event_id = self.ids.at(at)
        event = Event(event_id, stamp(at), self.who, action, table, record, summary)
        self.data["events"][event_id] = event.to_dict()

    def edit_card(
        self, card_id: str, edit: Callable[[random.Random, dict[str, Any]], None]
    ) -> None:
        card = self._own("cards", card_id)
        edit(self.rng, card)
        at = self.tick()
        card["updated_at"] = stamp(at)
        name = edit.__name__.removeprefix("_edit_")
        self._log(at, "edit", "cards", card_id, f"edited {name} of {card_id[-6:]}")

    def add_cards(self, count: int) -> None:
        template = next(iter(self.data["cards"].values()))
        for n in range(count):
            at = self.tick()
            card_id = self.ids.at(at)
            card = copy.deepcopy(template)
            card.update(
                title=f"New work from {self.who} #{n}",
                rank=rank_between(card["rank"], None),
                created_at=stamp(at),
                updated_at=stamp(at),
            )
            self.data["cards"][card_id] = card
            self._log(at, "create", "cards", card_id, f"added {card['title']!r}")

    def edit_risks(self, count: int) -> None:
        risk_ids = sorted(self.data["risks"])
        for risk_id in self.rng.sample(risk_ids, min(count, len(risk_ids))):
            risk = self._own("risks", risk_id)
            risk["status"] = self.rng.choice(RISK_STATUSES)
            risk["probability"] = self.rng.randint(1, 5)
            at = self.tick()
            risk["updated_at"] = stamp(at)
            self._log(at, "edit", "risks", risk_id, f"reviewed risk {risk['title']!r}")
