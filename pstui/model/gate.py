"""Stage gates: a card leaves a stage forward only through its gate.

When every *must* item of the current stage is done, a forward move is a Go, recorded.
Otherwise the move is refused with the missing items and someone decides: Go (with a
reason), Hold (stay), Recycle (back to an earlier stage) or Kill (stop the card).
Moving back needs no gate. These rules serve the app and the CLI alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from pstui.i18n import N_, _, ngettext
from pstui.model.card import Card, ChecklistItem, Decision, Outcome, items_from_gate
from pstui.model.ids import new_id
from pstui.model.workflow import Stage, Workflow

# The note of a Go that needed no reason. It is written into the record in English, as it
# always was; `note_label` shows it in the interface language.
AUTO_GO_NOTE = N_("all must items done")


def note_label(note: str) -> str:
    """A decision's note as people read it: the automatic note of a Go (`AUTO_GO_NOTE`) in
    the interface language, any other note as it was written."""
    return _(AUTO_GO_NOTE) if note == AUTO_GO_NOTE else note


class GateError(ValueError):
    """A move or decision the rules do not allow; the message says why."""


class GateBlocked(GateError):
    """A forward move whose gate has open *must* items: a decision is needed."""

    def __init__(self, card: Card, missing: list[ChecklistItem]) -> None:
        self.card = card
        self.missing = missing
        names = "; ".join(i.text for i in missing)
        super().__init__(
            ngettext(
                "the gate of {stage} has {n} open must item(s): {names}",
                "the gate of {stage} has {n} open must item(s): {names}",
                len(missing),
            ).format(stage=repr(card.stage), n=len(missing), names=names)
        )


@dataclass(frozen=True)
class MoveResult:
    card: Card
    decision: Decision | None
    from_stage: str


def enter_stage(card: Card, stage: Stage, now: str) -> None:
    """Put `card` in `stage`, giving it the stage's gate criteria as checklist items.

    A card that comes back to a stage (after a Recycle) keeps the checklist it had there and
    only gains criteria added to the gate since.
    """
    existing = card.checklists.get(stage.id)
    if existing is None:
        card.checklists[stage.id] = items_from_gate(stage, card.id)
    else:
        have = {i.criterion for i in existing}
        existing.extend(i for i in items_from_gate(stage, card.id) if i.criterion not in have)
    card.stage = stage.id
    card.stage_since = now


def move_card(
    card: Card,
    workflow: Workflow,
    to_stage: str,
    *,
    by: str,
    now: str,
    outcome: Outcome | None = None,
    note: str = "",
) -> MoveResult:
    """Move a card to `to_stage`, through the gate when it is a forward move.

    Returns a changed copy; `card` itself is untouched. Raises GateBlocked when a forward
    move needs a decision, GateError for a move the rules forbid. A card in a stage the
    workflow does not have moves to any stage without a decision.
    """
    if card.archived:
        raise GateError(_("an archived card does not move; restore it first"))
    if to_stage == card.stage:
        raise GateError(_("the card is already in {stage}").format(stage=repr(to_stage)))
    target = workflow.stage(to_stage)
    # A stage the workflow does not have (removed from it, or a teammate's typo) has no gate
    # to pass: the card may go to any stage, so that it is never stuck out of sight.
    if not workflow.has(card.stage) or not workflow.is_forward(card.stage, to_stage):
        moved = card.copy()
        enter_stage(moved, target, now)
        return MoveResult(moved, None, card.stage)
    following = workflow.next_stage(card.stage)
    if following is None or following.id != to_stage:
        raise GateError(_("a card passes one gate at a time: move it to the next stage first"))
    if outcome is None:
        missing = card.missing_musts()
        if missing:
            raise GateBlocked(card, missing)
        outcome, note = Outcome.GO, note or AUTO_GO_NOTE
    if outcome is not Outcome.GO:
        raise GateError(_("a forward move is a Go; use decide_gate for Hold, Recycle or Kill"))
    return decide_gate(card, workflow, Outcome.GO, by=by, now=now, note=note)


def decide_gate(
    card: Card,
    workflow: Workflow,
    outcome: Outcome,
    *,
    by: str,
    now: str,
    note: str = "",
    recycle_to: str | None = None,
) -> MoveResult:
    """Record a decision at the gate of the card's current stage and apply it.

    A Go at the last stage closes the card (archived, with the Go on record).
    """
    if card.archived:
        raise GateError(_("an archived card has no open gate"))
    if not workflow.has(card.stage):
        raise GateError(
            _(
                "{stage} is not a stage of this workflow, so it has no gate: "
                "move the card to one of its stages"
            ).format(stage=repr(card.stage))
        )
    note = note.strip()
    moved = card.copy()
    to: str | None = None
    if outcome is Outcome.GO:
        if card.missing_musts() and not note:
            raise GateError(_("a Go past open must items needs a reason"))
        note = note or AUTO_GO_NOTE
        following = workflow.next_stage(card.stage)
        if following is None:
            # The last stage's gate is the engagement's exit: passing it closes the card.
            moved.archived = True
        else:
            enter_stage(moved, following, now)
            to = following.id
    elif outcome is Outcome.RECYCLE:
        earlier = {s.id for s in workflow.earlier_stages(card.stage)}
        if recycle_to not in earlier:
            raise GateError(_("Recycle needs an earlier stage to send the card back to"))
        enter_stage(moved, workflow.stage(recycle_to), now)
        to = recycle_to
    elif outcome is Outcome.KILL:
        if not note:
            raise GateError(_("Kill needs a reason"))
        moved.archived = True
    decision = Decision(
        id=new_id(), stage=card.stage, outcome=outcome, by=by, at=now, note=note, to=to
    )
    moved.decisions.append(decision)
    return MoveResult(moved, decision, card.stage)
