"""A board: a named workflow that cards move through."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pstui.model.record_text import language_of
from pstui.model.workflow import Workflow


@dataclass
class Board:
    id: str
    name: str
    workflow: Workflow
    created_at: str
    updated_at: str
    archived: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def language(self) -> str:
        """The language pstui writes this board's records in (see `record_text.said`)."""
        return language_of(stage.name for stage in self.workflow.stages)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.extra,
            "name": self.name,
            "stages": self.workflow.to_list(),
            "archived": self.archived,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_dict(cls, board_id: str, raw: dict[str, Any]) -> Board:
        known = {"name", "stages", "archived", "created_at", "updated_at"}
        return cls(
            id=board_id,
            name=str(raw.get("name") or board_id),
            workflow=Workflow.from_list(raw.get("stages") or []),
            created_at=str(raw.get("created_at", "")),
            updated_at=str(raw.get("updated_at", "")),
            archived=bool(raw.get("archived", False)),
            extra={k: v for k, v in raw.items() if k not in known},
        )
