"""The base of the screens that act on one card at a time (the board, the card detail):
edits, blocking, gates, undo.

A card screen provides `current_card()` and `show_changes()`; every action goes through the
app's one repository and turns a user error into a notification, never a crash.
"""

from __future__ import annotations

from functools import partial

import pendulum
from textual.binding import Binding

from pstui.i18n import N_, _
from pstui.model.card import KINDS, Card, kind_label, outcome_label
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
        N_("Move on"),
        id="move-forward",
        tooltip=N_("Move the card to the next stage, through its gate"),
    ),
    Binding(
        "H,shift+left",
        "move_card(-1)",
        N_("Move back"),
        show=False,
        id="move-back",
        tooltip=N_("Move the card back a stage (no gate)"),
    ),
    Binding(
        "e",
        "edit_title",
        N_("Title"),
        show=False,
        id="edit-title",
        tooltip=N_("Edit the card's title"),
    ),
    Binding(
        "D",
        "edit_description",
        N_("Description"),
        show=False,
        id="edit-description",
        tooltip=N_("Edit the description (ctrl+s saves)"),
    ),
    Binding(
        "a",
        "edit_assignee",
        N_("Assignee"),
        show=False,
        id="edit-assignee",
        tooltip=N_("Set who works on the card"),
    ),
    Binding(
        "c", "edit_client", N_("Client"), show=False, id="edit-client", tooltip=N_("Set the client")
    ),
    Binding(
        "t",
        "edit_tags",
        N_("Tags"),
        show=False,
        id="edit-tags",
        tooltip=N_("Set tags (space or comma separated)"),
    ),
    Binding(
        "d",
        "edit_due",
        N_("Due"),
        show=False,
        id="edit-due",
        tooltip=N_("Set the due date: 2026-12-01, fri, +3d, 2w"),
    ),
    Binding(
        "y",
        "edit_kind",
        N_("Kind"),
        show=False,
        id="edit-kind",
        tooltip=N_("Engagement, change, defect, task, improvement or support"),
    ),
    Binding(
        "b",
        "toggle_blocked",
        N_("Block"),
        show=False,
        id="toggle-blocked",
        tooltip=N_("Block with a reason, or unblock"),
    ),
    Binding(
        "g",
        "review_gate",
        N_("Gate"),
        id="review-gate",
        tooltip=N_("Open the gate review: Go, Hold, Recycle, Kill"),
    ),
    Binding(
        "x",
        "archive",
        N_("Archive"),
        show=False,
        id="archive",
        tooltip=N_("Archive the card (or restore an archived one)"),
    ),
    Binding("u,ctrl+z", "undo", N_("Undo"), id="undo", tooltip=N_("Undo the last change")),
]


def check_due(text: str, today: pendulum.Date | None = None) -> str | None:
    try:
        parse_due(text, today)
    except DateError:
        return _("not a date: try {dates}").format(dates=_(DATE_HELP))
    return None


class CardScreen(PstuiScreen):
    """A screen that acts on one card at a time."""

    CHANGES = frozenset(
        {
            "move_card", "edit_title", "edit_description", "edit_assignee", "edit_client",
            "edit_tags", "edit_due", "edit_kind", "toggle_blocked", "archive", "undo",
        }
    )  # fmt: skip

    def current_card(self) -> Card | None:
        raise NotImplementedError

    def show_changes(self, keep: str | None = None) -> None:
        raise NotImplementedError

    # ----- plumbing ---------------------------------------------------------------------------

    def _card_or_say(self) -> Card | None:
        try:
            card = self.current_card()
        except StoreError as err:  # a record pstui cannot read: say which and why
            self.app.notify(err.message, title=_("Cannot read this card"), severity="error")
            return None
        if card is None:
            self.app.notify(_("No card here."), severity="warning")
        return card

    # ----- field edits ------------------------------------------------------------------------

    def action_edit_title(self) -> None:
        if card := self._card_or_say():
            self.ask(
                _("Title"),
                card.title,
                lambda t: self.app.repo.cards.edit(card.id, title=t),
                required=True,
            )

    def action_edit_assignee(self) -> None:
        if card := self._card_or_say():
            self.ask(
                _("Assignee (empty clears)"),
                card.assignee,
                lambda t: self.app.repo.cards.edit(card.id, assignee=t),
                names=self.app.repo.cards.known_assignees(),  # completed, not made anew
            )

    def action_edit_client(self) -> None:
        if card := self._card_or_say():
            self.ask(
                _("Client (empty clears)"),
                card.client,
                lambda t: self.app.repo.cards.edit(card.id, client=t),
            )

    def action_edit_tags(self) -> None:
        if card := self._card_or_say():
            self.ask(
                _("Tags, separated by spaces or commas"),
                " ".join(card.tags),
                lambda t: self.app.repo.cards.edit(card.id, tags=t.replace(",", " ").split()),
            )

    def action_edit_due(self) -> None:
        if card := self._card_or_say():
            self.ask(
                _("Due date (empty clears)"),
                card.due or "",
                lambda t: self.app.repo.cards.edit(card.id, due=parse_due(t, self.app.today)),
                hint=_(DATE_HELP),
                check=partial(check_due, today=self.app.today),
            )

    def action_edit_description(self) -> None:
        if card := self._card_or_say():
            shown = printable(card.description, keep_newlines=True)

            def saved(text: str | None) -> None:
                if text is not None and not (text == shown.strip() and shown != card.description):
                    self.attempt(lambda: self.app.repo.cards.edit(card.id, description=text))

            self.app.push_screen(EditorPrompt(_("Description"), shown), saved)

    def action_edit_kind(self) -> None:
        if card := self._card_or_say():

            def chosen(kind: str | None) -> None:
                if kind is not None:
                    self.attempt(lambda: self.app.repo.cards.edit(card.id, kind=kind))

            choices = [(k, kind_label(k)) for k in KINDS]
            self.app.push_screen(ChoicePrompt(_("Kind"), choices, card.kind), chosen)

    def action_toggle_blocked(self) -> None:
        card = self._card_or_say()
        if card is None:
            return
        if card.blocked:
            if self.attempt(lambda: self.app.repo.cards.set_blocked(card.id, False)):
                self.app.notify(_("Unblocked."))
            return
        self.ask(
            _("Blocked: by what?"),
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
            said = _("Archived {card}. u undoes.") if archived else _("Restored {card}. u undoes.")
            self.app.notify(said.format(card=self.app.repo.cards.short_id(card.id)))

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
            self.app.notify(_("No stage that way."), severity="warning")
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
            self.app.notify(_("This card has no open gate."), severity="warning")
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
                    _("{decision} recorded for {card}.").format(
                        decision=outcome_label(choice.outcome), card=repo.cards.short_id(card.id)
                    )
                )

        self.app.push_screen(GateReview(card, workflow, repo.cards.short_id(card.id)), decided)
