"""A retrospective's actions, one line each: the action and the improvement card it became.

As tall as its actions (a few); the keys that add, remove and make a card of one are bound
here, so the footer offers them while the list has the focus, and run on the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.binding import Binding
from textual.geometry import Size

from pstui.i18n import N_
from pstui.model.retro import Action
from pstui.model.text import printable
from pstui.ui.widgets.line_table import Column, LineTable, fitted, table_bindings

NO_CARD = "-"


class ActionList(LineTable[Action]):
    PART_PREFIX = "action-list"
    BINDINGS: ClassVar = [
        *table_bindings("action", "action"),
        Binding("a", "screen.add_action", N_("Add"), id="action-add", tooltip=N_("Add an action")),
        Binding(
            "e", "screen.edit_action", N_("Edit"), id="action-edit", tooltip=N_("Edit the action")
        ),
        Binding(
            "c",
            "screen.action_card",
            N_("Make card"),
            id="action-card",
            tooltip=N_("Make the action an improvement card on the board, linked back"),
        ),
        Binding(
            "x,delete",
            "screen.remove_action",
            N_("Remove"),
            id="action-remove",
            tooltip=N_("Remove the action (asks)"),
        ),
        Binding(
            "u", "screen.undo", N_("Undo"), id="action-undo", tooltip=N_("Undo the last change")
        ),
    ]
    COMPONENT_CLASSES: ClassVar = {"action-list--card"}

    def __init__(
        self,
        card_short_id: Callable[[str], str],
        *,
        moved: Callable[[], None] = lambda: None,
        id: str | None = None,
    ) -> None:
        super().__init__(moved=moved, id=id)
        self._card_short_id = card_short_id
        self.card_width = 4
        self.empty = N_("No actions yet: a adds one.")

    @property
    def actions(self) -> list[Action]:
        return self.rows

    def set_rows(
        self, rows: list[Action], *, keep: str | None = None, empty: str = "", problem: bool = False
    ) -> None:
        grown = len(rows) != len(self.rows)
        super().set_rows(rows, keep=keep, empty=empty, problem=problem)
        if grown:
            self.refresh(layout=True)  # as tall as its actions

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1 + max(1, len(self.rows))

    def table_columns(self, width: int) -> tuple[Column, ...]:
        return fitted(
            [
                Column("action", N_("Action"), 0),
                Column("card", N_("Card"), max(self.card_width, 4)),
            ],
            width,
        )

    def columns_key(self) -> tuple[object, ...]:
        return (self.card_width,)

    def cells(self, row: Action) -> list[tuple[str, str]]:
        card = self._card_short_id(row.card) if row.card else NO_CARD
        return [(printable(row.text), ""), (card, "card" if row.card else "muted")]
