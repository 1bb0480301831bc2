"""The base of the screens that act on one card at a time (the board, the card detail):
edits, blocking, gates, undo.

A card screen provides `current_card()` and `show_changes()`; every action goes through the
app's one repository and turns a user error into a notification, never a crash.
"""

from __future__ import annotations

from functools import partial

import pendulum
from textual.binding import Binding

from pstui.model.card import KINDS, Card
from pstui.model.dates import DATE_HELP, DateError, parse_due
from pstui.model.gate import GateBlocked
from pstui.model.text import printable
from pstui.store.errors import StoreError
from pstui.ui.screens.base import PstuiScreen
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.editor import EditorPrompt
from pstui.ui.screens.gate_review import GateChoice, GateReview

CARD_BINDINGS = [
    Binding(
        "L,shift+right",
        "move_card(1)",
        "Move on",
        id="move-forward",
        tooltip="Move the card to the next stage, through its gate",
    ),
    Binding(
        "H,shift+left",
        "move_card(-1)",
        "Move back",
        show=False,
        id="move-back",
        tooltip="Move the card back a stage (no gate)",
    ),
    Binding(
        "e", "edit_title", "Title", show=False, id="edit-title", tooltip="Edit the card's title"
    ),
    Binding(
        "D",
        "edit_description",
        "Description",
        show=False,
        id="edit-description",
        tooltip="Edit the description (ctrl+s saves)",
    ),
    Binding(
        "a",
        "edit_assignee",
        "Assignee",
        show=False,
        id="edit-assignee",
        tooltip="Set who works on the card",
    ),
    Binding("c", "edit_client", "Client", show=False, id="edit-client", tooltip="Set the client"),
    Binding(
        "t",
        "edit_tags",
        "Tags",
        show=False,
        id="edit-tags",
        tooltip="Set tags (space or comma separated)",
    ),
    Binding(
        "d",
        "edit_due",
        "Due",
        show=False,
        id="edit-due",
        tooltip="Set the due date: 2026-12-01, fri, +3d, 2w",
    ),
    Binding(
        "y",
        "edit_kind",
        "Kind",
        show=False,
        id="edit-kind",
        tooltip="Engagement, change, defect, task, improvement or support",
    ),
    Binding(
        "b",
        "toggle_blocked",
        "Block",
        show=False,
        id="toggle-blocked",
        tooltip="Block with a reason, or unblock",
    ),
    Binding(
        "g",
        "review_gate",
        "Gate",
        id="review-gate",
        tooltip="Open the gate review: Go, Hold, Recycle, Kill",
    ),
    Binding(
        "x",
        "archive",
        "Archive",
        show=False,
        id="archive",
        tooltip="Archive the card (or restore an archived one)",
    ),
    Binding("u,ctrl+z", "undo", "Undo", id="undo", tooltip="Undo the last change"),
]


def check_due(text: str, today: pendulum.Date | None = None) -> str | None:
    try:
        parse_due(text, today)
    except DateError:
        return f"not a date: try {DATE_HELP}"
    return None


class CardScreen(PstuiScreen):
    """A screen that acts on one card at a time."""

    def current_card(self) -> Card | None:
        raise NotImplementedError

    def show_changes(self, keep: str | None = None) -> None:
        raise NotImplementedError

    # ----- plumbing ---------------------------------------------------------------------------

    def _card_or_say(self) -> Card | None:
        try:
            card = self.current_card()
        except StoreError as err:  # a record pstui cannot read: say which and why
            self.app.notify(err.message, title="Cannot read this card", severity="error")
            return None
        if card is None:
            self.app.notify("No card here.", severity="warning")
        return card

    # ----- field edits ------------------------------------------------------------------------

    def action_edit_title(self) -> None:
        if card := self._card_or_say():
            self.ask(
                "Title",
                card.title,
                lambda t: self.app.repo.cards.edit(card.id, title=t),
                required=True,
            )

    def action_edit_assignee(self) -> None:
        if card := self._card_or_say():
            self.ask(
                "Assignee (empty clears)",
                card.assignee,
                lambda t: self.app.repo.cards.edit(card.id, assignee=t),
                names=self.app.repo.cards.known_assignees(),  # completed, not made anew
            )

    def action_edit_client(self) -> None:
        if card := self._card_or_say():
            self.ask(
                "Client (empty clears)",
                card.client,
                lambda t: self.app.repo.cards.edit(card.id, client=t),
            )

    def action_edit_tags(self) -> None:
        if card := self._card_or_say():
            self.ask(
                "Tags, separated by spaces or commas",
                " ".join(card.tags),
                lambda t: self.app.repo.cards.edit(card.id, tags=t.replace(",", " ").split()),
            )

    def action_edit_due(self) -> None:
        if card := self._card_or_say():
            self.ask(
                "Due date (empty clears)",
                card.due or "",
                lambda t: self.app.repo.cards.edit(card.id, due=parse_due(t, self.app.today)),
                hint=DATE_HELP,
                check=partial(check_due, today=self.app.today),
            )

    def action_edit_description(self) -> None:
        if card := self._card_or_say():
            shown = printable(card.description, keep_newlines=True)

            def saved(text: str | None) -> None:
                if text is not None and not (text == shown.strip() and shown != card.description):
                    self.attempt(lambda: self.app.repo.cards.edit(card.id, description=text))

            self.app.push_screen(EditorPrompt("Description", shown), saved)

    def action_edit_kind(self) -> None:
        if card := self._card_or_say():

            def chosen(kind: str | None) -> None:
                if kind is not None:
                    self.attempt(lambda: self.app.repo.cards.edit(card.id, kind=kind))

            self.app.push_screen(ChoicePrompt("Kind", [(k, k) for k in KINDS], card.kind), chosen)

    def action_toggle_blocked(self) -> None:
        card = self._card_or_say()
        if card is None:
            return
        if card.blocked:
            if self.attempt(lambda: self.app.repo.cards.set_blocked(card.id, False)):
                self.app.notify("Unblocked.")
            return
        self.ask(
            "Blocked: by what?",
            "",
            lambda why: self.app.repo.cards.set_blocked(card.id, True, why),
            required=True,
        )

    def action_archive(self) -> None:
        card = self._card_or_say()
        if card is None:
            return
        archived = not card.archived
        if self.attempt(lambda: self.app.repo.cards.set_archived(card.id, archived)):
            self.app.notify(
                f"{'Archived' if archived else 'Restored'} "
                f"{self.app.repo.cards.short_id(card.id)}. u undoes."
            )

    # ----- moves and gates --------------------------------------------------------------------

    def action_move_card(self, step: int) -> None:
        """Move the card one stage on (+1, through the gate) or back (-1)."""
        card = self._card_or_say()
        if card is None:
            return
        workflow = self.app.repo.boards.get(card.board).workflow
        target = (
            workflow.next_stage(card.stage) if step > 0 else workflow.previous_stage(card.stage)
        )
        if target is None:
            self.app.notify("No stage that way.", severity="warning")
            return
        self.move_card_to(card, target.id)

    def move_card_to(self, card: Card, stage_id: str) -> None:
        """Move; a forward move whose gate has open must items opens the gate review."""
        try:
            self.attempt(lambda: self.app.repo.cards.move(card.id, stage_id), keep=card.id)
        except GateBlocked:
            self.open_gate_review(card)

    def action_review_gate(self) -> None:
        if card := self._card_or_say():
            self.open_gate_review(card)

    def open_gate_review(self, card: Card) -> None:
        repo = self.app.repo
        workflow = repo.boards.get(card.board).workflow
        if card.archived or not workflow.has(card.stage):
            self.app.notify("This card has no open gate.", severity="warning")
            return

        def decided(choice: GateChoice | None) -> None:
            if choice is None:
                return
            if self.attempt(
                lambda: repo.cards.decide(
                    card.id, choice.outcome, note=choice.note, recycle_to=choice.recycle_to
                ),
                keep=card.id,
            ):
                self.app.notify(
                    f"{choice.outcome.value.capitalize()} recorded for {repo.cards.short_id(card.id)}."
                )

        self.app.push_screen(GateReview(card, workflow, repo.cards.short_id(card.id)), decided)
