"""The risk register: technical, operational and legal risks (and opportunities) of a card or
a whole board, each with what prevents it, what to do if it happens, and when to look again.

A risk is scored probability x impact, each 1-5, so 1-25; the score gives its level. A risk
counts and shows until it is closed: "occurred" is still open, as its contingency is running.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

import pendulum

from pstui.i18n import N_, NP_, _, labelled
from pstui.model.records import RecordError, require_kinds, require_object, shown

CATEGORIES = ("technical", "operational", "legal", "schedule", "budget", "security", "other")
STATUSES = ("open", "monitoring", "occurred", "closed")
SCALE = range(1, 6)
SCORES = range(1, 26)  # probability x impact


class RiskError(ValueError):
    """A risk the rules do not allow (or a scale value that is not 1-5); the message says why."""


class RiskKind(StrEnum):
    """A threat hurts the engagement if it happens; an opportunity helps it."""

    THREAT = "threat"
    OPPORTUNITY = "opportunity"


# The usual response strategies: each kind has its own, as "exploit" makes no sense of a threat.
RESPONSES: dict[RiskKind, tuple[str, ...]] = {
    RiskKind.THREAT: ("avoid", "mitigate", "transfer", "accept", "escalate"),
    RiskKind.OPPORTUNITY: ("exploit", "enhance", "share", "accept", "escalate"),
}


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


# The one place the thresholds live: a score is at the first level whose bound it does not pass.
LEVELS: tuple[tuple[int, Level], ...] = (
    (4, Level.LOW),
    (9, Level.MEDIUM),
    (14, Level.HIGH),
    (25, Level.CRITICAL),
)


# ----- labels: the stored values as people read them, in the interface language -------------
# Each word has its own context: "open" or "share" mean other things elsewhere in pstui.


_LEVEL_WORDS = {
    "low": NP_("risk level", "low"),
    "medium": NP_("risk level", "medium"),
    "high": NP_("risk level", "high"),
    "critical": NP_("risk level", "critical"),
}


def level_label(level: Level | str) -> str:
    """A risk level as people read it: "high" / 高. A value pstui does not know shows as is."""
    return labelled(_LEVEL_WORDS, "risk level", level)


_CATEGORY_WORDS = {
    "technical": NP_("risk category", "technical"),
    "operational": NP_("risk category", "operational"),
    "legal": NP_("risk category", "legal"),
    "schedule": NP_("risk category", "schedule"),
    "budget": NP_("risk category", "budget"),
    "security": NP_("risk category", "security"),
    "other": NP_("risk category", "other"),
}


def category_label(category: str) -> str:
    """A risk category as people read it: "legal" / 法律."""
    return labelled(_CATEGORY_WORDS, "risk category", category)


_KIND_WORDS = {
    "threat": NP_("risk kind", "threat"),
    "opportunity": NP_("risk kind", "opportunity"),
}


def kind_label(kind: RiskKind | str) -> str:
    """A risk's kind as people read it: "threat" / 威胁, "opportunity" / 机会."""
    return labelled(_KIND_WORDS, "risk kind", kind)


_RESPONSE_WORDS = {
    "avoid": NP_("risk response", "avoid"),
    "mitigate": NP_("risk response", "mitigate"),
    "transfer": NP_("risk response", "transfer"),
    "accept": NP_("risk response", "accept"),
    "escalate": NP_("risk response", "escalate"),
    "exploit": NP_("risk response", "exploit"),
    "enhance": NP_("risk response", "enhance"),
    "share": NP_("risk response", "share"),
}


def response_label(response: str) -> str:
    """A response strategy as people read it: "mitigate" / 减轻; "" (none chosen) stays ""."""
    return labelled(_RESPONSE_WORDS, "risk response", response)


_STATUS_WORDS = {
    "open": NP_("risk status", "open"),
    "monitoring": NP_("risk status", "monitoring"),
    "occurred": NP_("risk status", "occurred"),
    "closed": NP_("risk status", "closed"),
}


def status_label(status: str) -> str:
    """A risk status as people read it: "open" / 未关闭, "monitoring" / 监控中..."""
    return labelled(_STATUS_WORDS, "risk status", status)


def responses_for(kind: RiskKind | str) -> tuple[str, ...]:
    """The responses a risk of `kind` may have; RiskError for a kind that is not one."""
    try:
        return RESPONSES[RiskKind(kind)]
    except ValueError:
        raise RiskError(
            _("kind is {value}, not one of {allowed}").format(
                value=shown(kind), allowed=", ".join(_KINDS)
            )
        ) from None


def level_of(score: int) -> Level:
    """The level of a probability x impact score (1-25). A score outside it is a bug upstream,
    so it raises rather than draws a made-up level."""
    for bound, level in LEVELS:
        if SCORES.start <= score <= bound:
            return level
    raise RiskError(_("a risk score is from 1 to 25, not {value}").format(value=shown(score)))


_WHOLE = re.compile(r"\d+")


def scale_value(value: str | int, what: str) -> int:
    """A probability or impact as typed (" 3 ") or stored (3); RiskError naming `what` else.
    A bool is refused although Python counts it an int: True is not a 1 anyone meant."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        number = int(value.strip())
    if number is None or number not in SCALE:
        named = {"probability": _("probability"), "impact": _("impact")}.get(what, what)
        raise RiskError(
            _("{what} must be a whole number from 1 to 5, not {value}").format(
                what=named, value=shown(value)
            )
        )
    return number


@dataclass
class RiskNote:
    """A line of the risk's monitoring log: what was seen at a review, and by whom."""

    id: str
    at: str  # UTC ISO 8601
    by: str
    text: str
    extra: dict[str, Any] = field(default_factory=dict)  # a newer pstui's fields, kept

    def to_dict(self) -> dict[str, Any]:
        return {**self.extra, "id": self.id, "at": self.at, "by": self.by, "text": self.text}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> RiskNote:
        require_object(raw, N_("a risk note"))
        require_kinds(raw, {"id": str, "at": str}, N_("a risk note's "))
        if not raw.get("id"):
            raise RecordError(_("a risk note has no id"))
        return cls(
            id=raw["id"],
            at=raw.get("at") or "",
            by=str(raw.get("by") or ""),
            text=str(raw.get("text") or ""),
            extra={k: v for k, v in raw.items() if k not in _NOTE_KEYS},
        )


_NOTE_KEYS = frozenset(("id", "at", "by", "text"))


@dataclass
class Risk:
    id: str
    board: str  # always set, also for a card's risk: the board's register lists it
    title: str
    created_at: str
    updated_at: str
    card: str | None = None  # the card it belongs to; None: the whole board
    description: str = ""
    category: str = "other"
    kind: RiskKind = RiskKind.THREAT
    probability: int = 3
    impact: int = 3
    owner: str = ""
    response: str = ""  # empty: not chosen yet
    prevention: str = ""  # what keeps it from happening (or makes it hurt less)
    contingency: str = ""  # what to do when it happens anyway
    trigger: str = ""  # the sign that it is happening
    status: str = "open"
    review: str | None = None  # the next review, YYYY-MM-DD
    notes: list[RiskNote] = field(default_factory=list)
    # Fields written by a newer pstui (or another tool): kept untouched on every write.
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def score(self) -> int:
        return self.probability * self.impact

    @property
    def level(self) -> Level:
        return level_of(self.score)

    @property
    def is_open(self) -> bool:
        return self.status != "closed"

    def review_overdue(self, today: pendulum.Date) -> bool:
        """Open, and its review date has passed."""
        day = review_day(self.review)
        return self.is_open and day is not None and day < today

    def review_due(self, today: pendulum.Date) -> bool:
        """Open, and its review is today or has passed."""
        day = review_day(self.review)
        return self.is_open and day is not None and day <= today

    def check(self) -> None:
        validate_risk(self)

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.extra)
        for name in _RISK_FIELDS:
            out[name] = getattr(self, name)
        out["kind"] = self.kind.value
        out["notes"] = [n.to_dict() for n in self.notes]
        return out

    @classmethod
    def from_dict(cls, risk_id: str, raw: dict[str, Any]) -> Risk:
        """The risk of a record; RecordError, naming the field, for one pstui cannot read.

        Each value is checked on its own; whether the response suits the kind is a rule for
        writing (validate_risk), so a risk a teammate got wrong still reads and can be fixed.
        """
        require_object(raw, N_("the risk"))
        require_kinds(raw, _RISK_KINDS)
        values = {k: v for k, v in raw.items() if k in _RISK_FIELDS}
        if not values.get("board"):
            raise RecordError(_("the risk has no board"))
        for name in ("probability", "impact"):
            value = raw.get(name)
            if value is None:
                values[name] = 3
            elif type(value) is not int or value not in SCALE:
                raise RecordError(
                    _("{name} is {value}, not a whole number from 1 to 5").format(
                        name=name, value=shown(value)
                    )
                )
        for name, allowed, default in _CHOICES:
            values[name] = raw.get(name) or default
            if values[name] not in allowed:
                raise RecordError(
                    _("{name} is {value}, not one of {allowed}").format(
                        name=name, value=shown(raw.get(name)), allowed=", ".join(allowed)
                    )
                )
        values["kind"] = RiskKind(values["kind"])
        values["response"] = raw.get("response") or ""
        if values["response"] and values["response"] not in _ALL_RESPONSES:
            raise RecordError(
                _("response is {value}, not empty or one of {allowed}").format(
                    value=shown(raw.get("response")), allowed=", ".join(_ALL_RESPONSES)
                )
            )
        for text_field in _TEXTS:
            values[text_field] = str(values.get(text_field) or "")
        for name in ("created_at", "updated_at"):
            values[name] = values.get(name) or ""
        values["card"] = raw.get("card") or None  # "" is no card, as null is
        values["review"] = raw.get("review") or None
        values["notes"] = [RiskNote.from_dict(n) for n in raw.get("notes") or []]
        extra = {k: v for k, v in raw.items() if k not in _RISK_FIELDS}
        return cls(id=risk_id, extra=extra, **values)

    def copy(self) -> Risk:
        return replace(
            self,
            notes=[replace(n, extra=dict(n.extra)) for n in self.notes],
            extra=dict(self.extra),
        )


_RISK_FIELDS = tuple(f.name for f in fields(Risk) if f.name not in ("id", "extra"))
# Text fields are read as text whatever they hold; these are read as they are.
_RISK_KINDS = {
    "board": str,
    "card": str,
    "created_at": str,
    "updated_at": str,
    "category": str,
    "kind": str,
    "response": str,
    "status": str,
    "review": str,
    "notes": list,
}
_TEXTS = ("title", "description", "owner", "prevention", "contingency", "trigger")
_KINDS = tuple(k.value for k in RiskKind)
_CHOICES = (
    ("category", CATEGORIES, "other"),
    ("kind", _KINDS, RiskKind.THREAT.value),
    ("status", STATUSES, "open"),
)
# Any kind's responses, in order, each once: what a record may hold whatever its kind.
_ALL_RESPONSES = tuple(dict.fromkeys(r for rs in RESPONSES.values() for r in rs))
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def review_day(review: str | None) -> pendulum.Date | None:
    """The review date, or None when there is none or it is not a real YYYY-MM-DD date: a
    hand-edited date must never crash the drawing of the register, it is just not due."""
    if not isinstance(review, str) or not _DAY.fullmatch(review):
        return None
    try:
        return pendulum.Date.fromisoformat(review)
    except ValueError:
        return None


def validate_risk(risk: Risk) -> None:
    """Raise RiskError for a risk the store must not write; the message says what to fix."""
    if not risk.title.strip():
        raise RiskError(_("a risk needs a title"))
    if not risk.board:
        raise RiskError(_("a risk belongs to a board"))
    if risk.card is not None and not risk.card:
        raise RiskError(_("a risk's card is a card id, or none for the whole board"))
    for what in ("probability", "impact"):
        scale_value(getattr(risk, what), what)
    if risk.category not in CATEGORIES:
        raise RiskError(
            _("category is {value}, not one of {allowed}").format(
                value=shown(risk.category), allowed=", ".join(CATEGORIES)
            )
        )
    allowed = responses_for(risk.kind)
    if risk.response and risk.response not in allowed:
        raise RiskError(
            _("{value} is not a response to {kind}: {allowed}").format(
                value=shown(risk.response),
                kind=kind_label(RiskKind(risk.kind)),
                allowed=", ".join(allowed),
            )
        )
    if risk.status not in STATUSES:
        raise RiskError(
            _("status is {value}, not one of {allowed}").format(
                value=shown(risk.status), allowed=", ".join(STATUSES)
            )
        )
    if risk.review is not None and review_day(risk.review) is None:
        raise RiskError(
            _("review is {value}, not a date like 2026-12-01").format(value=shown(risk.review))
        )


def heat_counts(risks: Iterable[Risk]) -> dict[tuple[int, int], int]:
    """Open risks per (probability, impact) cell of the 5 x 5 heat map. Every cell is there,
    zero when empty, so the map draws without asking which cells exist."""
    counts = {(p, i): 0 for p in SCALE for i in SCALE}
    for risk in risks:
        if risk.is_open:
            cell = (risk.probability, risk.impact)
            counts[cell] = counts.get(cell, 0) + 1
    return counts


def sort_key_by_score(risk: Risk) -> tuple[int, bool, str, str, str]:
    """Highest score first, then the earliest review (none last), then title: what to look
    at first. The id last keeps the order the same on every machine."""
    day = review_day(risk.review)
    return (
        -risk.score,
        day is None,
        day.isoformat() if day else "",
        risk.title.casefold(),
        risk.id,
    )
