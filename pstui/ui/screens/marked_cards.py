"""One action on several cards: the board's marked cards moved, assigned, tagged, blocked or
archived together.

Each card is changed alone, with its own event, as if the action were done on it by hand: a
forward move passes each card through its own gate. A card the rules refuse (a gate not met,
an archived card that does not move) is listed with why, and left as it is. One `u` right
after takes back the whole action: its changes are undone one by one, each an undo event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pstui.i18n import _, ngettext, pgettext
from pstui.model.gate import GateBlocked, GateError
from pstui.model.text import printable
from pstui.store.cards import clean_tags
from pstui.store.core import UNDO_DEPTH
from pstui.store.repository import Repository
from pstui.ui.screens.base import USER_ERRORS
from pstui.ui.screens.card_screen import CardScreen
from pstui.ui.screens.prompt import TextPrompt

LISTED = 5  # refused cards a notice names; the rest are counted

# What an action on marked cards says, by its verb (the key the actions pass): how many of
# the cards it changed, one whole sentence per verb, and the cards it left as they were.
_DONE: dict[str, Callable[[int], str]] = {
    "moved on": lambda total: ngettext(
        "Moved on {done} of {total} card.", "Moved on {done} of {total} cards.", total
    ),
    "moved back": lambda total: ngettext(
        "Moved back {done} of {total} card.", "Moved back {done} of {total} cards.", total
    ),
    "assigned": lambda total: ngettext(
        "Assigned {done} of {total} card.", "Assigned {done} of {total} cards.", total
    ),
    "tagged": lambda total: ngettext(
        "Tagged {done} of {total} card.", "Tagged {done} of {total} cards.", total
    ),
    "blocked": lambda total: ngettext(
        "Blocked {done} of {total} card.", "Blocked {done} of {total} cards.", total
    ),
    "unblocked": lambda total: ngettext(
        "Unblocked {done} of {total} card.", "Unblocked {done} of {total} cards.", total
    ),
    "archived": lambda total: ngettext(
        "Archived {done} of {total} card.", "Archived {done} of {total} cards.", total
    ),
    "restored": lambda total: ngettext(
        "Restored {done} of {total} card.", "Restored {done} of {total} cards.", total
    ),
}
_REFUSED: dict[str, Callable[[], str]] = {
    "moved on": lambda: _("Not moved: {cards}."),
    "moved back": lambda: _("Not moved: {cards}."),
    "assigned": lambda: _("Not assigned: {cards}."),
    "tagged": lambda: _("Not tagged: {cards}."),
    "blocked": lambda: _("Not blocked: {cards}."),
    "unblocked": lambda: _("Not unblocked: {cards}."),
    "archived": lambda: _("Not archived: {cards}."),
    "restored": lambda: _("Not restored: {cards}."),
}


@dataclass
class Batch:
    """What one action on several cards did."""

    done: list[str] = field(default_factory=list)  # ids of the cards changed
    refused: list[tuple[str, str]] = field(default_factory=list)  # (card id, why not)
    changes: int = 0  # changes committed: the undo steps the action made

    def said(self, verb: str, label_of: Callable[[str], str]) -> str:
        """`Moved on 2 of 3 cards. Not moved: 4F2K Portal (gate not met: 2 must items
        open).` `verb` is one of `_DONE`'s keys."""
        total = len(self.done) + len(self.refused)
        words = _DONE[verb](total).format(done=len(self.done), total=total)
        if self.refused:
            named = [
                _("{card} ({why})").format(card=label_of(cid), why=why)
                for cid, why in self.refused[:LISTED]
            ]
            rest = len(self.refused) - LISTED
            if rest > 0:
                named.append(_("{n} more").format(n=rest))
            listed = pgettext("list separator", "; ").join(named)
            words += " " + _REFUSED[verb]().format(cards=listed)
        return words


def run_batch(repo: Repository, card_ids: Iterable[str], change: Callable[[str], Any]) -> Batch:
    """`change` each card in turn; what a card's rules refuse is kept with the card, and the
    others go on."""
    batch = Batch()
    before = repo.revision
    for card_id in card_ids:
        if not repo.cards.has(card_id):
            batch.refused.append((card_id, _("gone: removed on another clone")))
            continue
        try:
            change(card_id)
        except GateBlocked as blocked:
            n = len(blocked.missing)
            why = ngettext(
                "gate not met: {n} must item open", "gate not met: {n} must items open", n
            ).format(n=n)
            batch.refused.append((card_id, why))
        except USER_ERRORS as err:
            batch.refused.append((card_id, printable(str(err))))
        else:
            batch.done.append(card_id)
    batch.changes = repo.revision - before
    return batch


class MarkedCardsScreen(CardScreen):
    """A card screen whose card keys (L H a t b x) act on the marked cards when there are
    any, and on the card under the cursor otherwise. The screen keeps `marks` and says
    whether it `shows_archived` cards (where x restores them)."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: dict[str, None] = {}  # the cards marked, in the order they were
        # The changes the last action on marked cards made, and the store's revision after
        # them: `u` undoes them all while nothing else was changed since.
        self.batch_undo: tuple[int, int] | None = None

    @property
    def shows_archived(self) -> bool:
        return False

    def act_on_marked(self, verb: str, change: Callable[[str], object]) -> None:
        """`change` every marked card, each its own change; those refused are listed. The
        marks stay for the next action (assign, then tag...), but on cards that left the
        view (archived, restored, removed)."""
        repo = self.app.repo
        if repo.read_only:
            self.app.notify(repo.read_only_reason, severity="error")
            return
        batch = run_batch(repo, list(self.marks), change)
        for card_id in list(self.marks):
            gone = not repo.cards.has(card_id)
            if gone or repo.cards.get(card_id).archived != self.shows_archived:
                del self.marks[card_id]
        self.batch_undo = (batch.changes, repo.revision) if batch.changes > 1 else None
        self.show_changes()
        self.say_batch(verb, batch)

    def say_batch(self, verb: str, batch: Batch) -> None:
        said = batch.said(verb, lambda cid: self.app.repo.cards.label_of(cid) or cid)
        if batch.changes > UNDO_DEPTH:
            said += " " + _("u undoes the last {depth} of its {n} changes.").format(
                depth=UNDO_DEPTH, n=batch.changes
            )
        elif batch.changes > 1:
            said += " " + _("u undoes all {n} changes.").format(n=batch.changes)
        severity = "warning" if batch.refused else "information"
        self.app.notify(said, severity=severity, timeout=12 if batch.refused else 4)

    # ----- the card keys, on the marked cards ------------------------------------------------

    def action_move_card(self, step: int) -> None:
        if not self.marks:
            super().action_move_card(step)
            return
        repo = self.app.repo

        def move(card_id: str) -> None:
            card = repo.cards.get(card_id)
            workflow = repo.boards.get(card.board).workflow
            ahead = step > 0
            target = (
                workflow.next_stage(card.stage) if ahead else workflow.previous_stage(card.stage)
            )
            if target is None:
                raise GateError(
                    _("no stage after this one") if ahead else _("no stage before this one")
                )
            repo.cards.move(card_id, target.id)  # forward: through the card's own gate

        self.act_on_marked("moved on" if step > 0 else "moved back", move)

    def action_edit_assignee(self) -> None:
        if not self.marks:
            super().action_edit_assignee()
            return
        repo = self.app.repo

        def answered(name: str | None) -> None:
            if name is not None:
                self.act_on_marked("assigned", lambda cid: repo.cards.edit(cid, assignee=name))

        title = _("Assignee of {n} marked cards (empty clears)").format(n=len(self.marks))
        self.app.push_screen(TextPrompt(title, names=repo.cards.known_assignees()), answered)

    def action_edit_tags(self) -> None:
        if not self.marks:
            super().action_edit_tags()
            return

        def answered(typed: str | None) -> None:
            if typed:
                words = typed.replace(",", " ").split()
                added = clean_tags(w for w in words if not w.startswith("-"))
                removed = clean_tags(w[1:] for w in words if w.startswith("-"))
                self.act_on_marked("tagged", partial(self.retag, added=added, removed=removed))

        title = _("Tags for {n} marked cards: added; -tag removes").format(n=len(self.marks))
        self.app.push_screen(TextPrompt(title, placeholder=_("urgent -later")), answered)

    def retag(self, card_id: str, added: list[str], removed: list[str]) -> None:
        """A marked card's tags with `added` and without `removed`; the others kept."""
        kept = [t for t in self.app.repo.cards.get(card_id).tags if t not in removed]
        self.app.repo.cards.edit(card_id, tags=kept + [t for t in added if t not in kept])

    def action_toggle_blocked(self) -> None:
        """Marked cards: block those not blocked, with one reason; all blocked, unblock them."""
        if not self.marks:
            super().action_toggle_blocked()
            return
        repo = self.app.repo
        ids = [cid for cid in self.marks if repo.cards.has(cid)]
        if all(repo.cards.get(cid).blocked for cid in ids):
            self.act_on_marked("unblocked", lambda cid: repo.cards.set_blocked(cid, False))
            return

        def answered(reason: str | None) -> None:
            if reason:
                self.act_on_marked("blocked", partial(self.block_one, reason=reason))

        title = _("Block {n} marked cards: by what?").format(n=len(self.marks))
        self.app.push_screen(TextPrompt(title, required=True), answered)

    def block_one(self, card_id: str, reason: str) -> None:
        """Block a marked card; one blocked already keeps its own reason."""
        if not self.app.repo.cards.get(card_id).blocked:
            self.app.repo.cards.set_blocked(card_id, True, reason)

    def action_archive(self) -> None:
        if not self.marks:
            super().action_archive()
            return
        repo = self.app.repo
        archived = not self.shows_archived  # where archived cards show, x restores them
        self.act_on_marked(
            "archived" if archived else "restored",
            lambda cid: repo.cards.set_archived(cid, archived),
        )

    def action_undo(self) -> None:
        """Undo the last change; right after an action on marked cards, all its changes."""
        repo = self.app.repo
        batch, self.batch_undo = self.batch_undo, None
        if batch is None or batch[1] != repo.revision:
            super().action_undo()
            return
        undone: list[str] = []

        def undo_all() -> None:
            for _step in range(batch[0]):
                step = repo.undo()
                if step is None:
                    return  # past the undo depth
                undone.append(step)

        self.attempt(undo_all)  # a step someone changed since stops it, said
        if undone:
            self.app.notify(
                _("Undid {n} changes: the action on the marked cards.").format(n=len(undone))
            )
