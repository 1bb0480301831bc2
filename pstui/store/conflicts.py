"""Merge conflicts: the values a merge did not keep, and swapping one back in.

A merge that met one field changed differently on both sides kept the later edit and wrote
the other value to a `conflict` event; a `swap` event puts the other value in (again: the kept
one back). Works on any table's records: the conflict names its table and field.
"""

from __future__ import annotations

from collections.abc import Callable

from pstui.model.event import Event
from pstui.model.gate import GateError
from pstui.store.core import Change, CommitCore
from pstui.store.edits import path_in, stamped, with_value


class Conflicts:
    def __init__(self, core: CommitCore, label: Callable[[str, str], str]) -> None:
        self.core = core
        self._label = label  # (table, record id) -> how a summary names the record

    def all(self) -> list[tuple[Event, bool]]:
        """Conflict events left by merges, newest first, each with whether it is swapped now."""
        found = [
            self.core.read("events", "event", Event.from_dict, eid)
            for eid in self.core.events_doing("conflict")
        ]
        found.sort(key=lambda e: (e.at, e.id), reverse=True)
        swaps = self._swap_counts()
        return [(e, swaps.get(e.id, 0) % 2 == 1) for e in found]

    def _swap_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for swap in self.core.events_doing("swap").values():
            ref = str((swap.get("data") or {}).get("conflict", ""))
            counts[ref] = counts.get(ref, 0) + 1
        return counts

    def swap(self, event_id: str) -> None:
        """Put the other value of a merge conflict into its record (again: put the kept back)."""
        conflict = self.core.read("events", "event", Event.from_dict, event_id)
        dotted = str(conflict.data.get("field") or "")
        if not dotted:
            raise GateError("a record deleted on one side cannot be swapped back; archive it")
        swapped = self._swap_counts().get(event_id, 0) % 2 == 1
        value_key = "kept" if swapped else "other"
        record = self.core.table(conflict.table).get(conflict.record)
        if record is None:
            raise KeyError(f"the record of this conflict ({conflict.record}) is gone")
        updated = with_value(record, path_in(record, dotted), conflict.data.get(value_key))
        label = self._label(conflict.table, conflict.record)
        self.core.commit(
            Change(
                {(conflict.table, conflict.record): stamped(updated, record)},
                "swap",
                conflict.table,
                conflict.record,
                f"{label}: {dotted} set to the {value_key} value of a merge conflict",
                {"conflict": event_id, "field": dotted},
            )
        )
