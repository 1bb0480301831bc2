"""Satisfaction surveys: what was asked, what the client answered, and the scores.

A survey is sent for a card (the engagement) to a client contact; it keeps its own copy of the
questions, so a template changed later does not change what was asked. A response holds the
raw answers only. Scores (CSAT, NPS, CES) are always computed, never stored: two teammates
entering answers merge cleanly, and a fixed answer fixes every figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

import pendulum

from pstui.i18n import N_, NP_, _, labelled, pgettext
from pstui.model.records import (
    RecordError,
    choice,
    day_of,
    read_items,
    require_kinds,
    require_object,
    shown,
    text_of,
)


class Scale(StrEnum):
    """How a question is answered: a number on one of the standard scales, or free text."""

    CSAT = "csat"  # 1 very dissatisfied .. 5 very satisfied
    NPS = "nps"  # 0 not at all likely .. 10 extremely likely
    CES = "ces"  # 1 strongly disagree .. 7 strongly agree ("made it easy for me")
    TEXT = "text"


RANGES: Mapping[Scale, range] = {
    Scale.CSAT: range(1, 6),
    Scale.NPS: range(0, 11),
    Scale.CES: range(1, 8),
}
_SCALES = tuple(s.value for s in Scale)


class SurveyError(ValueError):
    """A survey, template or answer the rules refuse; the message says why."""


@dataclass(frozen=True)
class Question:
    id: str  # stable within a template ("overall", "nps"...): answers name it
    text: str
    scale: Scale

    @property
    def numeric(self) -> bool:
        return self.scale is not Scale.TEXT

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "scale": self.scale.value}

    @classmethod
    def from_dict(cls, raw: Any) -> Question:
        require_object(raw, N_("a question"))
        require_kinds(raw, {"id": str}, N_("a question's "))
        if not raw.get("id"):
            raise RecordError(_("a question has no id"))
        return cls(raw["id"], text_of(raw, "text"), Scale(choice(raw, "scale", _SCALES, "text")))


@dataclass(frozen=True)
class Template:
    """A survey as it is sent: a title and its questions (from `templates/surveys/*.toml`)."""

    name: str
    title: str
    questions: tuple[Question, ...]

    @classmethod
    def from_toml(cls, name: str, data: Mapping[str, Any]) -> Template:
        """A template as its TOML file reads; SurveyError naming what is wrong."""
        try:
            questions = tuple(Question.from_dict(q) for q in data.get("questions") or [])
        except (RecordError, ValueError) as exc:
            raise SurveyError(
                _("survey template {name}: {error}").format(name=repr(name), error=exc)
            ) from None
        ids = [q.id for q in questions]
        if not questions:
            raise SurveyError(_("survey template {name} has no questions").format(name=repr(name)))
        if len(set(ids)) != len(ids):
            raise SurveyError(
                _("survey template {name} has two questions with one id").format(name=repr(name))
            )
        if sum(q.scale is Scale.NPS for q in questions) > 1:
            raise SurveyError(
                _("survey template {name} asks more than one NPS question").format(name=repr(name))
            )
        return cls(name, str(data.get("title") or name), questions)


@dataclass
class Survey:
    id: str
    board: str
    card: str
    title: str
    contact: str  # the client contact it was sent to
    sent_on: str  # YYYY-MM-DD
    created_at: str
    updated_at: str
    due: str | None = None  # answers expected by; unanswered after it, the survey is overdue
    template: str = ""
    sent_by: str = ""
    questions: list[Question] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # a newer pstui's fields, kept

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.extra,
            "board": self.board,
            "card": self.card,
            "title": self.title,
            "contact": self.contact,
            "sent_on": self.sent_on,
            "due": self.due,
            "template": self.template,
            "sent_by": self.sent_by,
            "questions": [q.to_dict() for q in self.questions],
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_dict(cls, survey_id: str, raw: Any) -> Survey:
        require_object(raw, N_("the survey"))
        require_kinds(raw, {"board": str, "card": str, "sent_on": str, "due": str})
        if not raw.get("card"):
            raise RecordError(_("the survey has no card"))
        if not raw.get("questions"):
            raise RecordError(_("the survey has no questions"))
        return cls(
            id=survey_id,
            board=str(raw.get("board") or ""),
            card=raw["card"],
            title=text_of(raw, "title"),
            contact=text_of(raw, "contact"),
            sent_on=day_of(raw, "sent_on", required=True),
            due=day_of(raw, "due"),
            template=text_of(raw, "template"),
            sent_by=text_of(raw, "sent_by"),
            questions=read_items(raw, "questions", Question.from_dict),
            created_at=text_of(raw, "created_at"),
            updated_at=text_of(raw, "updated_at"),
            extra={k: v for k, v in raw.items() if k not in _SURVEY_KEYS},
        )


_SURVEY_KEYS = frozenset(Survey("", "", "", "", "", "", "", "").to_dict())


@dataclass
class Answer:
    """One question answered: the question as it was asked, its scale and the raw value."""

    id: str  # the question's id
    question: str
    scale: Scale
    value: int | str
    card: str | None = None  # the improvement card a suggestion became
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def number(self) -> int | None:
        return self.value if isinstance(self.value, int) else None

    def to_dict(self) -> dict[str, Any]:
        out = {
            **self.extra,
            "id": self.id,
            "question": self.question,
            "scale": self.scale.value,
            "value": self.value,
        }
        if self.card is not None:
            out["card"] = self.card
        return out

    @classmethod
    def from_dict(cls, raw: Any) -> Answer:
        require_object(raw, N_("an answer"))
        require_kinds(raw, {"id": str, "card": str}, N_("an answer's "))
        if not raw.get("id"):
            raise RecordError(_("an answer has no id"))
        scale = Scale(choice(raw, "scale", _SCALES, "text"))
        return cls(
            id=raw["id"],
            question=text_of(raw, "question"),
            scale=scale,
            value=answer_value(
                scale, raw.get("value"), where=_("answer {id}").format(id=repr(raw["id"]))
            ),
            card=raw.get("card") or None,
            extra={k: v for k, v in raw.items() if k not in _ANSWER_KEYS},
        )


_ANSWER_KEYS = frozenset(("id", "question", "scale", "value", "card"))


def answer_value(scale: Scale, value: Any, *, where: str = N_("the answer")) -> int | str:
    """A value as the scale takes it: a whole number in range, or text. RecordError else.
    A bool is refused although Python counts it an int: True is no score anyone gave."""
    if scale is Scale.TEXT:
        return "" if value is None else str(value)
    span = RANGES[scale]
    if type(value) is str and value.strip().isdigit():
        value = int(value.strip())
    if type(value) is not int or value not in span:
        raise RecordError(
            _("{where} is {value}, not a whole number from {low} to {high}").format(
                where=_(where), value=shown(value), low=span[0], high=span[-1]
            )
        )
    return value


@dataclass
class Response:
    id: str
    survey: str
    card: str
    respondent: str
    answered_on: str  # YYYY-MM-DD
    created_at: str
    updated_at: str
    complete: bool = True  # False: saved part way, to be resumed
    entered_by: str = ""
    answers: list[Answer] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def answer(self, question_id: str) -> Answer | None:
        return next((a for a in self.answers if a.id == question_id), None)

    def numbers(self, scale: Scale) -> list[int]:
        return [a.value for a in self.answers if a.scale is scale and isinstance(a.value, int)]

    @property
    def suggestions(self) -> list[Answer]:
        """The free-text answers someone wrote something in."""
        return [a for a in self.answers if a.scale is Scale.TEXT and str(a.value).strip()]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.extra,
            "survey": self.survey,
            "card": self.card,
            "respondent": self.respondent,
            "answered_on": self.answered_on,
            "complete": self.complete,
            "entered_by": self.entered_by,
            "answers": [a.to_dict() for a in self.answers],
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_dict(cls, response_id: str, raw: Any) -> Response:
        require_object(raw, N_("the response"))
        require_kinds(raw, {"survey": str, "card": str, "answered_on": str})
        if not raw.get("survey"):
            raise RecordError(_("the response has no survey"))
        return cls(
            id=response_id,
            survey=raw["survey"],
            card=str(raw.get("card") or ""),
            respondent=text_of(raw, "respondent"),
            answered_on=day_of(raw, "answered_on", required=True),
            complete=raw.get("complete", True) is not False,
            entered_by=text_of(raw, "entered_by"),
            answers=read_items(raw, "answers", Answer.from_dict),
            created_at=text_of(raw, "created_at"),
            updated_at=text_of(raw, "updated_at"),
            extra={k: v for k, v in raw.items() if k not in _RESPONSE_KEYS},
        )

    def copy(self) -> Response:
        return replace(
            self,
            answers=[replace(a, extra=dict(a.extra)) for a in self.answers],
            extra=dict(self.extra),
        )


_RESPONSE_KEYS = frozenset(Response("", "", "", "", "", "", "").to_dict())


def answered(survey: Survey, value_of: Mapping[str, int | str | None]) -> list[Answer]:
    """The survey's questions answered with `value_of` (question id -> value), in the
    survey's order; questions not answered, answered None (cleared) or with empty text are
    left out. SurveyError for a value out of its scale or a question the survey does not
    ask."""
    asked = {q.id for q in survey.questions}
    unknown = set(value_of) - asked
    if unknown:
        raise SurveyError(
            _("the survey does not ask {questions}").format(questions=", ".join(sorted(unknown)))
        )
    out = []
    for question in survey.questions:
        if value_of.get(question.id) is None:
            continue
        try:
            value = answer_value(question.scale, value_of[question.id], where=question.id)
        except RecordError as exc:
            raise SurveyError(str(exc)) from None
        if isinstance(value, str):
            value = value.strip()
            if not value:
                continue
        out.append(Answer(question.id, question.text, question.scale, value))
    return out


def missing_questions(survey: Survey, response: Response) -> list[Question]:
    """The survey's scale questions the response has no answer to (text may stay empty)."""
    have = {a.id for a in response.answers}
    return [q for q in survey.questions if q.numeric and q.id not in have]


# ----- status ---------------------------------------------------------------------------------


class Status(StrEnum):
    SENT = "sent"  # waiting for answers
    PARTIAL = "partial"  # answers entered part way
    ANSWERED = "answered"
    OVERDUE = "overdue"  # not answered, and its due date has passed


_STATUS_WORDS = {
    "sent": NP_("survey status", "sent"),
    "partial": NP_("survey status", "partial"),
    "answered": NP_("survey status", "answered"),
    "overdue": NP_("survey status", "overdue"),
}


def status_label(status: Status | str) -> str:
    """A survey's status as people read it: "sent" / 已发送, "partial" / 部分作答,
    "answered" / 已答复, "overdue" / 逾期."""
    return labelled(_STATUS_WORDS, "survey status", status)


def scale_label(scale: Scale | str) -> str:
    """A question's scale as people read it: CSAT, NPS and CES keep their names; "text" / 文本."""
    labels = {
        "csat": "CSAT",
        "nps": "NPS",
        "ces": "CES",
        "text": pgettext("survey scale", "text"),
    }
    return labels.get(str(scale), str(scale))


def status_of(survey: Survey, responses: Sequence[Response], today: pendulum.Date) -> Status:
    """Answered; else partial (someone started: it is to be resumed, late or not); else
    overdue past its due date; else sent."""
    if any(r.complete for r in responses):
        return Status.ANSWERED
    if responses:
        return Status.PARTIAL
    if survey.due and survey.due < today.isoformat():
        return Status.OVERDUE
    return Status.SENT


# ----- scores ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Csat:
    """Customer satisfaction: the share of CSAT answers that are 4 or 5."""

    satisfied: int
    answers: int
    responses: int = 0  # responses with at least one CSAT answer: the figure's "(n)"

    @property
    def percent(self) -> float | None:
        return 100 * self.satisfied / self.answers if self.answers else None


@dataclass(frozen=True)
class Nps:
    """Net promoter score: percent promoters (9-10) minus percent detractors (0-6), passives
    (7-8) counted in the total; from -100 to 100."""

    promoters: int
    passives: int
    detractors: int

    @property
    def answers(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def score(self) -> float | None:
        n = self.answers
        return 100 * (self.promoters - self.detractors) / n if n else None


@dataclass(frozen=True)
class Ces:
    """Customer effort (CES 2.0, 1-7 agreement that we made it easy): the mean, and the
    share of answers 5 to 7."""

    total: int
    easy: int
    answers: int

    @property
    def mean(self) -> float | None:
        return self.total / self.answers if self.answers else None

    @property
    def percent_easy(self) -> float | None:
        return 100 * self.easy / self.answers if self.answers else None


@dataclass(frozen=True)
class Scores:
    responses: int  # complete responses counted
    csat: Csat
    nps: Nps
    ces: Ces


def scores_of(responses: Iterable[Response]) -> Scores:
    """The scores of the complete responses among `responses`; a partial one counts once it
    is finished, so a figure never moves back when the rest is entered."""
    counted = satisfied = csat_n = csat_responses = 0
    promoters = passives = detractors = 0
    ces_total = ces_easy = ces_n = 0
    for response in responses:
        if not response.complete:
            continue
        counted += 1
        csat_responses += any(a.scale is Scale.CSAT for a in response.answers)
        for answer in response.answers:
            value = answer.value
            if not isinstance(value, int):
                continue
            if answer.scale is Scale.CSAT:
                csat_n += 1
                satisfied += value >= 4
            elif answer.scale is Scale.NPS:
                if value >= 9:
                    promoters += 1
                elif value >= 7:
                    passives += 1
                else:
                    detractors += 1
            elif answer.scale is Scale.CES:
                ces_n += 1
                ces_total += value
                ces_easy += value >= 5
    return Scores(
        counted,
        Csat(satisfied, csat_n, csat_responses),
        Nps(promoters, passives, detractors),
        Ces(ces_total, ces_easy, ces_n),
    )


def response_rate(surveys: Iterable[Survey], responses: Iterable[Response]) -> tuple[int, int]:
    """(answered, sent): how many of the surveys have a complete response."""
    ids = {s.id for s in surveys}
    answered_ids = {r.survey for r in responses if r.complete and r.survey in ids}
    return len(answered_ids), len(ids)


def by_month(responses: Iterable[Response]) -> dict[str, Scores]:
    """Scores per month of answer (`YYYY-MM`), in time order: the trend."""
    months: dict[str, list[Response]] = {}
    for response in responses:
        if response.complete and len(response.answered_on) >= 7:
            months.setdefault(response.answered_on[:7], []).append(response)
    return {month: scores_of(months[month]) for month in sorted(months)}


def shown_percent(value: float | None) -> str:
    """A share or score as a report shows it: whole numbers, a dash for none."""
    return "–" if value is None else f"{value:.0f}"
