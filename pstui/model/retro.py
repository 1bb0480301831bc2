"""A card's retrospective: the review held when an engagement closes.

Goals met or not, the schedule and the budget as planned and as they turned out, what went
well, what to improve, and the actions that follow (each can become an improvement card).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

import pendulum

from pstui.i18n import N_, NP_, _, labelled
from pstui.model.records import (
    RecordError,
    choice,
    optional_number,
    optional_text,
    read_items,
    require_kinds,
    require_object,
    text_of,
)


class Goals(StrEnum):
    UNASSESSED = "unassessed"  # a new review's, until someone says: never a guess of "yes"
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


_GOALS = tuple(g.value for g in Goals)


_GOALS_WORDS = {
    "unassessed": NP_("goals", "not assessed"),
    "yes": NP_("goals", "met"),
    "partly": NP_("goals", "partly met"),
    "no": NP_("goals", "not met"),
}


def goals_label(goals: Goals | str) -> str:
    """Whether the goals were met, as people read it: "not assessed" / 未评估, "met" / 已达成,
    "partly met" / 部分达成, "not met" / 未达成."""
    return labelled(_GOALS_WORDS, "goals", goals)


DATES = ("planned_start", "planned_end", "actual_start", "actual_end")


@dataclass
class Action:
    """Something to do after the review; `card` is the improvement card it became."""

    id: str
    text: str
    card: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**self.extra, "id": self.id, "text": self.text, "card": self.card}

    @classmethod
    def from_dict(cls, raw: Any) -> Action:
        require_object(raw, N_("an action"))
        require_kinds(raw, {"id": str, "card": str}, N_("an action's "))
        if not raw.get("id"):
            raise RecordError(_("an action has no id"))
        return cls(
            raw["id"],
            text_of(raw, "text"),
            raw.get("card") or None,
            {k: v for k, v in raw.items() if k not in ("id", "text", "card")},
        )


@dataclass
class Retro:
    id: str
    board: str
    card: str
    held_on: str  # YYYY-MM-DD
    created_at: str
    updated_at: str
    goals: Goals = Goals.UNASSESSED
    goals_note: str = ""
    planned_start: str | None = None
    planned_end: str | None = None
    actual_start: str | None = None
    actual_end: str | None = None
    budget_planned: float | None = None
    budget_actual: float | None = None
    went_well: str = ""
    to_improve: str = ""
    actions: list[Action] = field(default_factory=list)
    by: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def schedule_slip(self) -> int | None:
        """Days the end came after (or, negative, before) the planned end; None if unknown."""
        return _days_between(self.planned_end, self.actual_end)

    @property
    def budget_variance(self) -> float | None:
        """Actual spend over plan, in percent (negative: under budget); None if unknown."""
        if self.budget_planned in (None, 0) or self.budget_actual is None:
            return None
        return 100 * (self.budget_actual - self.budget_planned) / self.budget_planned

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.extra,
            "board": self.board,
            "card": self.card,
            "held_on": self.held_on,
            "goals": self.goals.value,
            "goals_note": self.goals_note,
            **{name: getattr(self, name) for name in DATES},
            "budget_planned": self.budget_planned,
            "budget_actual": self.budget_actual,
            "went_well": self.went_well,
            "to_improve": self.to_improve,
            "actions": [a.to_dict() for a in self.actions],
            "by": self.by,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_dict(cls, retro_id: str, raw: Any) -> Retro:
        require_object(raw, N_("the retrospective"))
        require_kinds(raw, {"board": str, "card": str, "held_on": str, **dict.fromkeys(DATES, str)})
        if not raw.get("card"):
            raise RecordError(_("the retrospective has no card"))
        return cls(
            id=retro_id,
            board=text_of(raw, "board"),
            card=raw["card"],
            held_on=text_of(raw, "held_on") or text_of(raw, "created_at")[:10],
            goals=Goals(choice(raw, "goals", _GOALS, Goals.UNASSESSED.value)),
            goals_note=text_of(raw, "goals_note"),
            **{name: optional_text(raw, name) for name in DATES},
            budget_planned=optional_number(raw, "budget_planned"),
            budget_actual=optional_number(raw, "budget_actual"),
            went_well=text_of(raw, "went_well"),
            to_improve=text_of(raw, "to_improve"),
            actions=read_items(raw, "actions", Action.from_dict),
            by=text_of(raw, "by"),
            created_at=text_of(raw, "created_at"),
            updated_at=text_of(raw, "updated_at"),
            extra={k: v for k, v in raw.items() if k not in _RETRO_KEYS},
        )

    def copy(self) -> Retro:
        return replace(
            self,
            actions=[replace(a, extra=dict(a.extra)) for a in self.actions],
            extra=dict(self.extra),
        )


_RETRO_KEYS = frozenset(Retro("", "", "", "", "", "").to_dict())


def _days_between(first: str | None, second: str | None) -> int | None:
    try:
        a, b = pendulum.Date.fromisoformat(first or ""), pendulum.Date.fromisoformat(second or "")
    except ValueError:
        return None
    return (b - a).in_days()
