"""Workflows: ordered stages, each with an optional WIP limit and an exit gate."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pstui.i18n import _, pgettext
from pstui.model.records import shown

MUST = "must"
SHOULD = "should"
# Days a card may sit in a stage before the standup calls it stuck, for a stage that does
# not say (`stuck_days`): two weeks, one sprint's length.
DEFAULT_STUCK_DAYS = 14


def criterion_level_label(must: bool) -> str:
    """A gate criterion's level as people read it: "must" / 必须, "should" / 建议."""
    return pgettext("criterion", "must") if must else pgettext("criterion", "should")


class WorkflowError(ValueError):
    """A workflow that cannot be used: no stages, duplicate or unknown stage ids."""


@dataclass(frozen=True)
class Criterion:
    """One exit criterion of a gate. `must` ones block a plain Go."""

    id: str
    text: str
    must: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "level": MUST if self.must else SHOULD}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Criterion:
        if not isinstance(raw, dict) or "id" not in raw or "text" not in raw:
            raise WorkflowError(
                _("a gate criterion is {value}, not an object with id and text").format(
                    value=shown(raw)
                )
            )
        level = str(raw.get("level", MUST)).strip().lower()
        if level not in (MUST, SHOULD):
            # A typo must not silently turn a blocking criterion into an advisory one.
            raise WorkflowError(
                _("criterion {id} has level {level}: must or should").format(
                    id=repr(raw.get("id")), level=repr(level)
                )
            )
        return cls(id=str(raw["id"]), text=str(raw["text"]), must=level == MUST)


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    wip_limit: int | None = None
    gate: tuple[Criterion, ...] = ()
    stuck_days: int | None = None  # None: DEFAULT_STUCK_DAYS; 0: never stuck

    @property
    def stuck_after(self) -> int | None:
        """Days in this stage past which a card is stuck; None when it never is."""
        if self.stuck_days is None:
            return DEFAULT_STUCK_DAYS
        return self.stuck_days or None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "name": self.name,
            "wip": self.wip_limit,
            "gate": [c.to_dict() for c in self.gate],
        }
        if self.stuck_days is not None:  # written only when set: no new field on every board
            out["stuck_days"] = self.stuck_days
        return out

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Stage:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
            raise WorkflowError(
                _("a stage is {value}, not an object with an id").format(value=shown(raw))
            )
        wip, gate = raw.get("wip"), raw.get("gate") or []
        try:
            wip_limit = int(wip) if wip else None
        except (TypeError, ValueError):
            raise WorkflowError(
                _("stage {stage} has WIP limit {value}").format(
                    stage=repr(raw["id"]), value=shown(wip)
                )
            ) from None
        if not isinstance(gate, list):
            raise WorkflowError(
                _("the gate of stage {stage} is {value}, not a list").format(
                    stage=repr(raw["id"]), value=shown(gate)
                )
            )
        return cls(
            id=raw["id"],
            name=str(raw.get("name") or raw["id"]),
            wip_limit=wip_limit,
            gate=tuple(Criterion.from_dict(c) for c in gate),
            stuck_days=_stuck_days(raw["id"], raw.get("stuck_days")),
        )


def _stuck_days(stage_id: str, value: Any) -> int | None:
    """A stage's `stuck_days` as written: a whole number of days, 0 for never; None unset."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise WorkflowError(
            _("stage {stage} has stuck_days {value}: a whole number of days, 0 for never").format(
                stage=repr(stage_id), value=shown(value)
            )
        )
    return value


@dataclass(frozen=True)
class Workflow:
    stages: tuple[Stage, ...]
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.stages:
            raise WorkflowError(_("a workflow needs at least one stage"))
        index = {s.id: n for n, s in enumerate(self.stages)}
        if len(index) != len(self.stages):
            raise WorkflowError(_("stage ids must be unique"))
        object.__setattr__(self, "_index", index)

    @property
    def first(self) -> Stage:
        return self.stages[0]

    def has(self, stage_id: str) -> bool:
        return stage_id in self._index

    def stage(self, stage_id: str) -> Stage:
        try:
            return self.stages[self._index[stage_id]]
        except KeyError:
            raise WorkflowError(
                _("no stage {stage} in this workflow").format(stage=repr(stage_id))
            ) from None

    def find(self, typed: str) -> Stage:
        """The stage a user named: by id or by name, in any case and either language
        (`Execution`, `execution`, `项目执行`)."""
        wanted = typed.strip().casefold()
        for stage in self.stages:
            if wanted in (stage.id.casefold(), stage.name.casefold()):
                return stage
        raise WorkflowError(
            _("no stage {typed}; the stages are {stages}").format(
                typed=repr(typed), stages=self.listed()
            )
        )

    def listed(self) -> str:
        """The stages as a message lists them: `initiation (Initiation), execution (...)`."""
        return ", ".join(
            stage.id if stage.name == stage.id else f"{stage.id} ({stage.name})"
            for stage in self.stages
        )

    def position(self, stage_id: str) -> int:
        self.stage(stage_id)
        return self._index[stage_id]

    def next_stage(self, stage_id: str) -> Stage | None:
        n = self.position(stage_id) + 1
        return self.stages[n] if n < len(self.stages) else None

    def previous_stage(self, stage_id: str) -> Stage | None:
        n = self.position(stage_id) - 1
        return self.stages[n] if n >= 0 else None

    def earlier_stages(self, stage_id: str) -> tuple[Stage, ...]:
        return self.stages[: self.position(stage_id)]

    def is_forward(self, from_id: str, to_id: str) -> bool:
        return self.position(to_id) > self.position(from_id)

    def to_list(self) -> list[dict[str, Any]]:
        return [s.to_dict() for s in self.stages]

    @classmethod
    def from_list(cls, raw: list[dict[str, Any]]) -> Workflow:
        if not isinstance(raw, list):
            raise WorkflowError(_("the stages are {value}, not a list").format(value=shown(raw)))
        return cls(stages=tuple(Stage.from_dict(s) for s in raw))
