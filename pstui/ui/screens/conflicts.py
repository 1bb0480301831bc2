"""Merge conflicts: fields both clones changed differently. The later edit was kept; the other
value is here, and one key puts it in (again puts the kept one back)."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from pstui.i18n import N_, _
from pstui.model.text import fit, printable
from pstui.store.errors import StoreError
from pstui.store.repository import Repository
from pstui.ui.screens.base import PstuiScreen
from pstui.ui.widgets.key_footer import KeyFooter

# Widest a column gets, in cells; a narrow terminal shares what is left of its width among
# the record and the two values, so the other value is on screen at 80 columns too.
RECORD_WIDTH, FIELD_WIDTH, VALUE_WIDTH = 28, 20, 24
CELL_PADDING = 2  # DataTable's, each side of a column together
SCROLLBAR = 2


class Widths(NamedTuple):
    when: int
    record: int
    field: int
    value: int


def widths_for(total: int) -> Widths:
    """Each column's width at a screen `total` cells wide (the time loses its year first)."""
    when = 16 if total >= 120 else 11
    room = total - SCROLLBAR - 5 * CELL_PADDING - when
    field = min(FIELD_WIDTH, max(8, room // 6))
    record = min(RECORD_WIDTH, max(10, (room - field) // 3))
    value = min(VALUE_WIDTH, max(8, (room - field - record) // 2))
    return Widths(when, record, field, value)


def _shown(value: Any, width: int) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return fit(printable(text), width, pad=False)


class ConflictsScreen(PstuiScreen):
    CSS_PATH = "conflicts.tcss"
    CHANGES = frozenset({"swap"})
    BINDINGS = [
        Binding(
            "escape",
            "app.pop_screen",
            N_("Back"),
            id="conflicts-back",
            tooltip=N_("Back to the board"),
        ),
        Binding(
            "s",
            "swap",
            N_("Swap value"),
            id="conflict-swap",
            tooltip=N_("Put the other value into the record (again: put the kept one back)"),
        ),
        Binding("j", "cursor(1)", N_("Down"), show=False, id="conflicts-down"),
        Binding("k", "cursor(-1)", N_("Up"), show=False, id="conflicts-up"),
    ]

    _widths: Widths | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="conflicts-title")
        yield DataTable(id="conflicts-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_changes()

    def on_resize(self) -> None:
        if self._widths != widths_for(self.size.width):
            self.show_changes()

    def show_changes(self, keep: str | None = None) -> None:
        repo = self.app.repo
        self._widths = widths = widths_for(self.size.width)
        try:
            conflicts = repo.conflicts.all()
        except StoreError as err:  # a conflict event pstui cannot read: say so, show none
            self.query_one("#conflicts-title", Static).update(Text(f" {err.message}", style="bold"))
            self.query_one(DataTable).clear()
            return
        title = Text(" " + _("Merge conflicts: {n}").format(n=len(conflicts)), style="bold")
        title.append("   " + _("the later edit was kept; s puts the other value in"), style="dim")
        self.query_one("#conflicts-title", Static).update(title)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_columns(_("When"), _("Record"), _("Field"), _("In the record"), _("Other value"))
        for event, swapped in conflicts:
            kept, other = event.data.get("kept"), event.data.get("other")
            current, alternative = (other, kept) if swapped else (kept, other)
            record = _named(repo, event.table, event.record)
            when = event.at[:16].replace("T", " ")[-widths.when :]
            field = printable(str(event.data.get("field") or _("(record)")))
            table.add_row(
                Text(when),
                Text(fit(printable(record), widths.record, pad=False)),
                Text(fit(field, widths.field, pad=False)),
                Text(_shown(current, widths.value), style="bold"),
                Text(_shown(alternative, widths.value)),
                key=event.id,
            )
        if conflicts:
            table.move_cursor(row=min(row, len(conflicts) - 1))

    @on(DataTable.RowSelected)
    def swap_selected(self) -> None:
        self.action_swap()

    def action_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + step)

    def action_swap(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            self.app.notify(_("No conflicts."), severity="warning")
            return
        event_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        if self.attempt(lambda: self.app.repo.conflicts.swap(event_id)):
            self.app.notify(_("Swapped. u on the board undoes it."))


def _named(repo: Repository, table: str, record_id: str) -> str:
    """The record as its service names it (a card: short id and title), of any table."""
    try:
        return repo.label_of(table, record_id)
    except StoreError:
        return _("{id} (a record pstui cannot read)").format(id=record_id[-6:])
