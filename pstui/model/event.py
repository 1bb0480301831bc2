"""The activity log: one append-only line per change, who did what to which record, when."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pstui.i18n import N_
from pstui.model.records import require_kinds, require_object


@dataclass(frozen=True)
class Event:
    id: str
    at: str
    by: str
    action: str  # create, edit, move, decision, checklist, archive, restore, conflict...
    table: str
    record: str
    summary: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "by": self.by,
            "action": self.action,
            "table": self.table,
            "record": self.record,
            "summary": self.summary,
            "data": self.data,
            "created_at": self.at,
            "updated_at": self.at,
        }

    @classmethod
    def from_dict(cls, event_id: str, raw: dict[str, Any]) -> Event:
        require_object(raw, N_("the event"))
        require_kinds(raw, {"data": dict})
        return cls(
            id=event_id,
            at=str(raw.get("at", "")),
            by=str(raw.get("by", "")),
            action=str(raw.get("action", "")),
            table=str(raw.get("table", "")),
            record=str(raw.get("record", "")),
            summary=str(raw.get("summary", "")),
            data=dict(raw.get("data") or {}),
        )
