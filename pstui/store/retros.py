"""Retrospectives: one per card, the review held as the engagement closes.

Saving a card's first one ticks its `review-meeting` gate item in the same change; an action
can become an improvement card, linked back.
"""

from __future__ import annotations

from typing import Any

from pstui.i18n import ENGLISH, N_, _
from pstui.model.card import Card
from pstui.model.dates import now_utc, today
from pstui.model.ids import new_id
from pstui.model.record_text import said
from pstui.model.retro import DATES, Action, Goals, Retro
from pstui.model.text import clean_title
from pstui.store.cards import Cards
from pstui.store.core import Change, CommitCore
from pstui.store.edits import stamped
from pstui.store.record_table import RecordTable

REVIEW = "review-meeting"  # the gate criterion a retrospective satisfies
MAX_BUDGET = 1e12  # more than any engagement's: a typo (or 1e308), not a budget
EDITABLE = (
    "held_on",
    "goals",
    "goals_note",
    *DATES,
    "budget_planned",
    "budget_actual",
    "went_well",
    "to_improve",
)


class Retros:
    def __init__(self, core: CommitCore, cards: Cards) -> None:
        self.core = core
        self.cards = cards
        self.records = RecordTable(core, "retros", Retro.from_dict)
        self.reindex, self.absorb = self.records.reindex, self.records.absorb
        cards.provide_evidence({REVIEW}, self._evidence)

    @property
    def version(self) -> int:
        return self.records.version

    # ----- reading ------------------------------------------------------------------------------

    def get(self, retro_id: str) -> Retro:
        return self.records.get(retro_id)

    def resolve(self, typed: str) -> Retro:
        return self.records.resolve(typed)

    def of_card(self, card_id: str) -> Retro | None:
        """The card's retrospective (the earliest, should a merge have brought two)."""
        found = [r for r in self.records if r.card == card_id]
        return min(found, key=lambda r: r.created_at) if found else None

    def listed(self, board: str | None = None) -> list[Retro]:
        found = (r for r in self.records if board is None or r.board == board)
        return sorted(found, key=lambda r: (r.held_on, r.id), reverse=True)

    def label(self, retro: Retro) -> str:
        """How a screen or a command names a retrospective, in the reader's language."""
        return _("the retrospective of {card}").format(card=self._card_of(retro))

    def label_of(self, retro_id: str) -> str | None:
        return self.label(self.get(retro_id)) if retro_id in self.records else None

    def _evidence(self, card_id: str) -> dict[str, str]:
        retro = self.of_card(card_id)
        return {REVIEW: self._held_note(retro)} if retro else {}

    def _held_note(self, retro: Retro) -> str:
        return said(self._language(retro), "retrospective held on {day}", day=retro.held_on)

    def _language(self, retro: Retro) -> str:
        """The language of what is written about a retrospective: its card's board's, or its
        board's when the card is gone (English for a board no longer there)."""
        if self.cards.has(retro.card):
            return self.cards.language_of(retro.card)
        boards = self.cards.boards
        return boards.get(retro.board).language if boards.has(retro.board) else ENGLISH

    def _card_of(self, retro: Retro) -> str:
        """The card a retrospective is of, as a summary names it."""
        return self.cards.label_of(retro.card) or retro.card

    # ----- commands -----------------------------------------------------------------------------

    def save(self, card_id: str, **fields: Any) -> Retro:
        """Write the card's retrospective: the first save creates it (and ticks the card's
        `review-meeting` item), later ones change the fields given."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise ValueError(
                _("cannot edit {fields} of a retrospective").format(
                    fields=", ".join(sorted(unknown))
                )
            )
        if "goals" in fields:
            fields["goals"] = Goals(fields["goals"])
        existing = self.of_card(card_id)
        if existing is not None:
            retro = existing.copy()
            changed = {k: v for k, v in fields.items() if getattr(retro, k) != v}
            if not changed:
                return existing
            for name, value in changed.items():
                setattr(retro, name, value)
            _check(retro)
            summary = said(
                self._language(retro),
                "edited the retrospective of {card}",
                card=self._card_of(retro),
            )
            return self._commit(retro, "edit", summary, fields=sorted(changed))
        card = self.cards.get(card_id)
        now = now_utc()
        retro = Retro(
            id=new_id(),
            board=card.board,
            card=card.id,
            held_on=fields.pop("held_on", None) or today().isoformat(),
            created_at=now,
            updated_at=now,
            by=self.core.who,
            **fields,
        )
        _check(retro)
        records: dict[tuple[str, str], dict[str, Any] | None] = {
            ("retros", retro.id): retro.to_dict()
        }
        ticked = self.cards.ticked_by(card.id, {REVIEW: self._held_note(retro)})
        if ticked is not None:
            records[("cards", card.id)] = ticked
        language = self._language(retro)
        summary = said(language, "held the retrospective of {card}", card=self._card_of(retro))
        self.core.commit(Change(records, "create", "retros", retro.id, summary, language=language))
        return self.get(retro.id)

    def add_action(self, retro_id: str, text: str) -> Action:
        retro = self.get(retro_id).copy()
        action = Action(new_id(), clean_title(text, N_("an action")))
        retro.actions.append(action)
        summary = said(
            self._language(retro),
            "added action {text} to the retrospective of {card}",
            text=repr(action.text),
            card=self._card_of(retro),
        )
        self._commit(retro, "edit", summary)
        return action

    def edit_action(self, retro_id: str, action_id: str, text: str) -> Action:
        retro = self.get(retro_id).copy()
        action = _action_in(retro, action_id)
        action.text = clean_title(text, N_("an action"))
        summary = said(
            self._language(retro),
            "edited action {text} of the retrospective of {card}",
            text=repr(action.text),
            card=self._card_of(retro),
        )
        self._commit(retro, "edit", summary)
        return action

    def remove_action(self, retro_id: str, action_id: str) -> None:
        retro = self.get(retro_id).copy()
        action = _action_in(retro, action_id)
        retro.actions.remove(action)
        summary = said(
            self._language(retro),
            "removed action {text} from the retrospective of {card}",
            text=repr(action.text),
            card=self._card_of(retro),
        )
        self._commit(retro, "edit", summary)

    def action_to_card(self, retro_id: str, action_id: str, *, board: str | None = None) -> Card:
        """Make an action an improvement card, linked back from the action."""
        retro = self.get(retro_id).copy()
        action = _action_in(retro, action_id)
        if action.card is not None and self.cards.has(action.card):
            raise ValueError(
                _("that action is already card {card}").format(
                    card=self.cards.label_of(action.card)
                )
            )
        source = self.cards.get(retro.card) if self.cards.has(retro.card) else None
        language = self.cards.boards.get(board or retro.board).language
        card = self.cards.new(
            board or retro.board,
            action.text,
            kind="improvement",
            client=source.client if source else "",
            description=said(
                language,
                "An action from the retrospective of {card} ({day}).",
                card=self._card_of(retro),
                day=retro.held_on,
            ),
        )
        action.card = card.id
        self.core.commit(
            Change(
                {
                    ("cards", card.id): card.to_dict(),
                    ("retros", retro.id): stamped(retro.to_dict()),
                },
                "create",
                "cards",
                card.id,
                said(
                    language,
                    "made the action {text} card {title}",
                    text=repr(action.text),
                    title=repr(card.title),
                ),
                language=language,
            )
        )
        return self.cards.get(card.id)

    def _commit(self, retro: Retro, action: str, summary: str, **data: Any) -> Retro:
        self.core.commit(
            Change(
                {("retros", retro.id): stamped(retro.to_dict())},
                action,
                "retros",
                retro.id,
                summary,
                data,
                language=self._language(retro),
            )
        )
        return self.get(retro.id)


def _action_in(retro: Retro, action_id: str) -> Action:
    for action in retro.actions:
        if action.id == action_id:
            return action
    raise KeyError(_("no action {id} in the retrospective").format(id=action_id))


def _check(retro: Retro) -> None:
    """Held already; starts before ends; amounts of money a budget can be."""
    if retro.held_on > today().isoformat():
        raise ValueError(_("held on {day}, a day still to come").format(day=retro.held_on))
    for first, second, refusal in _SPANS:
        a, b = getattr(retro, first), getattr(retro, second)
        if a and b and b < a:
            raise ValueError(_(refusal).format(end=b, start=a))
    for name, refusal in _BUDGETS:
        value = getattr(retro, name)
        if value is not None and not 0 <= value <= MAX_BUDGET:
            raise ValueError(_(refusal).format(most=f"{MAX_BUDGET:,.0f}"))


# The dates that must come in order, and the refusal when they do not; the budgets' bounds.
_SPANS = (
    ("planned_start", "planned_end", N_("planned end {end} is before planned start {start}")),
    ("actual_start", "actual_end", N_("actual end {end} is before actual start {start}")),
)
_BUDGETS = (
    ("budget_planned", N_("budget planned must be from 0 to {most}")),
    ("budget_actual", N_("budget actual must be from 0 to {most}")),
)
