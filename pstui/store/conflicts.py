"""Merge conflicts: the values a merge did not keep, and swapping one back in.

A merge that met one field changed differently on both sides kept the later edit and wrote
the other value to a `conflict` event; a `swap` event puts the other value in (again: the kept
one back). Works on any table's records: the conflict names its table and field.
"""

from __future__ import annotations

from collections.abc import Callable

from pstui.i18n import _
from pstui.model.event import Event
from pstui.model.gate import GateError
from pstui.model.record_text import said
from pstui.store.core import Change, CommitCore
from pstui.store.edits import path_in, stamped, with_value


class Conflicts:
    def __init__(
        self,
        core: CommitCore,
        label: Callable[[str, str], str],
        language: Callable[[str, str], str],
    ) -> None:
        self.core = core
        self._label = label  # (table, record id) -> how a summary names the record
        self._language = language  # (table, record id) -> the language of its board

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
            raise GateError(_("a record deleted on one side cannot be swapped back; archive it"))
        swapped = self._swap_counts().get(event_id, 0) % 2 == 1
        value_key = "kept" if swapped else "other"
        record = self.core.table(conflict.table).get(conflict.record)
        if record is None:
            raise KeyError(
                _("the record of this conflict ({record}) is gone").format(record=conflict.record)
            )
        updated = with_value(record, path_in(record, dotted), conflict.data.get(value_key))
        label = self._label(conflict.table, conflict.record)
        language = self._language(conflict.table, conflict.record)
        summary = (
            said(
                language,
                "{record}: {field} set to the kept value of a merge conflict",
                record=label,
                field=dotted,
            )
            if swapped
            else said(
                language,
                "{record}: {field} set to the other value of a merge conflict",
                record=label,
                field=dotted,
            )
        )
        self.core.commit(
            Change(
                {(conflict.table, conflict.record): stamped(updated, record)},
                "swap",
                conflict.table,
                conflict.record,
                summary,
                {"conflict": event_id, "field": dotted},
                language=language,
            )
        )
