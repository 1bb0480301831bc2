"""Merge conflicts: fields both clones changed differently. The later edit was kept; the other
value is here, and one key puts it in (again puts the kept one back)."""

from __future__ import annotations

import json
from typing import Any

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

VALUE_WIDTH = 24


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return fit(printable(text), VALUE_WIDTH, pad=False)


class ConflictsScreen(PstuiScreen):
    CSS_PATH = "conflicts.tcss"
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

    def compose(self) -> ComposeResult:
        yield Static(id="conflicts-title")
        yield DataTable(id="conflicts-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("When"), _("Record"), _("Field"), _("In the record"), _("Other value"))
        self.show_changes()

    def show_changes(self, keep: str | None = None) -> None:
        repo = self.app.repo
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
        table.clear()
        for event, swapped in conflicts:
            kept, other = event.data.get("kept"), event.data.get("other")
            current, alternative = (other, kept) if swapped else (kept, other)
            record = _named(repo, event.table, event.record)
            table.add_row(
                Text(event.at[:16].replace("T", " ")),
                Text(fit(printable(record), 28, pad=False)),
                Text(printable(str(event.data.get("field") or _("(record)")))),
                Text(_shown(current), style="bold"),
                Text(_shown(alternative)),
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
