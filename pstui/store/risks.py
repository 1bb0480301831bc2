"""The risk register: risks (threats and opportunities) of a board or of one of its cards.

A few thousand records at most, so the table is parsed when first read and cached until the
store reloads. Every command builds one change, commits it through the core (an event, the
journal, undo) and returns the risk it made.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pendulum

from pstui.i18n import ENGLISH, N_, _
from pstui.model.dates import now_utc
from pstui.model.ids import new_id
from pstui.model.record_text import fields_named, said
from pstui.model.risk import (
    SCALE,
    Level,
    Risk,
    RiskKind,
    RiskNote,
    level_of,
    review_day,
    sort_key_by_score,
    validate_risk,
)
from pstui.model.text import clean_title
from pstui.store.boards import Boards
from pstui.store.cards import Cards
from pstui.store.core import Change, CommitCore
from pstui.store.edits import stamped
from pstui.store.engine import LazyTable
from pstui.store.record_table import RecordTable

# Fields a user edits; the rest (ids, stamps, notes) pstui keeps.
EDITABLE = (
    "title",
    "description",
    "category",
    "kind",
    "probability",
    "impact",
    "owner",
    "response",
    "prevention",
    "contingency",
    "trigger",
    "status",
    "review",
    "card",
)
# The gate criterion a card's checklist ticks when a risk is logged on it.
IDENTIFIED = "risks-identified"
SEVERE = (Level.HIGH, Level.CRITICAL)


class Risks:
    def __init__(self, core: CommitCore, boards: Boards, cards: Cards) -> None:
        self.core = core
        self.boards = boards
        self.cards = cards
        self.records = RecordTable(core, "risks", Risk.from_dict)
        self._severe: dict[str, int] | None = None  # card id -> open high or critical risks
        self._reviews: list[tuple[str, str]] = []  # (board, review day) of each open risk
        cards.provide_evidence({IDENTIFIED}, self._evidence)

    # ----- the cache ----------------------------------------------------------------------------

    @property
    def version(self) -> int:
        """Bumped whenever the risks may have changed: views redraw marks."""
        return self.records.version

    def reindex(self) -> None:
        self.records.reindex()
        self._severe = None

    def absorb(self, table: str, record_id: str, record: dict[str, Any] | None) -> None:
        if table == "risks":
            self.records.absorb(table, record_id, record)
            self._severe = None

    # ----- reading ------------------------------------------------------------------------------

    def get(self, risk_id: str) -> Risk:
        return self.records.get(risk_id)

    def resolve(self, typed: str) -> Risk:
        """The risk a user named by id, unique head prefix or unique short tail."""
        return self.records.resolve(typed)

    def short_id(self, risk_id: str) -> str:
        return self.records.short_id(risk_id)

    def listed(
        self,
        *,
        board: str | None = None,
        card: str | None = None,
        closed: bool = True,
    ) -> list[Risk]:
        """Risks by score, highest first: of a board, of one card, open ones only unless
        `closed`."""
        found: Iterable[Risk]
        if card is not None and not self.records.parsed:
            # One card's risks, as the card detail asks: found in the table's bytes, so that
            # opening a card does not parse the whole register.
            having = LazyTable.of(self.core.table("risks")).having("card", card)
            found = [self.records.read_one(rid) for rid in having]
        else:
            found = self.records
        if board is not None:
            found = (r for r in found if r.board == board)
        if card is not None:
            found = (r for r in found if r.card == card)
        if not closed:
            found = (r for r in found if r.is_open)
        return sorted(found, key=sort_key_by_score)

    def severe_on(self, card_id: str) -> int:
        """How many open high or critical risks a card has (the board marks it)."""
        return self._tally().get(card_id, 0)

    def reviews_overdue(self, board_id: str, today: pendulum.Date) -> int:
        """Open risks of a board whose review date has passed."""
        self._tally()
        day = today.isoformat()  # YYYY-MM-DD sorts as the days do
        return sum(1 for board, review in self._reviews if board == board_id and review < day)

    def _tally(self) -> dict[str, int]:
        """The board's marks and open reviews, read from the risk table's bytes in one pass
        (`_MARK_FIELDS`), not from risks read by the model or records parsed: the board
        counts them as it first paints. A record not as pstui writes it is parsed alone."""
        if self._severe is None:
            table = LazyTable.of(self.core.table("risks"))
            severe: dict[str, int] = {}
            reviews: list[tuple[str, str]] = []
            days: dict[str, bool] = {}  # each review date seen: whether it is a real day
            for risk_id, values in table.fields_in_one_pass(_MARK_FIELDS):
                if values is not None:
                    board, card, impact, probability, review, status = values
                    if status == b"closed":
                        continue
                    is_severe = (impact, probability) in _SEVERE_VALUES
                    board, card, review = board.decode(), card.decode(), review.decode()
                else:
                    marks = _marks_parsed(table[risk_id])
                    if marks is None:
                        continue  # closed
                    board, card, is_severe, review = marks
                if card and is_severe:
                    severe[card] = severe.get(card, 0) + 1
                if review:
                    real = days.get(review)
                    if real is None:
                        real = days[review] = review_day(review) is not None
                    if real:
                        reviews.append((board, review))
            self._severe, self._reviews = severe, reviews
        return self._severe

    def label(self, risk: Risk) -> str:
        return f"{self.short_id(risk.id)} {risk.title}"

    def label_of(self, risk_id: str) -> str | None:
        return self.label(self.get(risk_id)) if risk_id in self.records else None

    # ----- commands -----------------------------------------------------------------------------

    def add(
        self,
        board_id: str,
        title: str,
        *,
        card: str | None = None,
        tick_identified: bool = True,
        **fields: Any,
    ) -> Risk:
        """Log a risk on a board, or on one of its cards; with `tick_identified`, the card's
        `risks-identified` checklist item (if open) is ticked by the same change."""
        _refuse_unknown(fields)
        if card is not None and self.cards.get(card).board != board_id:
            raise ValueError(_("the card is on another board"))
        self.boards.get(board_id)  # KeyError for a board that is not there
        now = now_utc()
        risk = Risk(
            id=new_id(),
            board=board_id,
            title=clean_title(title),
            created_at=now,
            updated_at=now,
            card=card,
            **_cleaned(fields),
        )
        validate_risk(risk)
        records: dict[tuple[str, str], dict[str, Any] | None] = {("risks", risk.id): risk.to_dict()}
        if card and tick_identified:
            note = said(self.cards.language_of(card), "risk {title}", title=risk.title)
            ticked = self.cards.ticked_by(card, {IDENTIFIED: note})
            if ticked is not None:
                records[("cards", card)] = ticked
        language = self._language(risk)
        if card:
            summary = said(
                language,
                "logged risk {title} on {card}",
                title=repr(risk.title),
                card=self.cards.label(self.cards.get(card)),
            )
        else:
            summary = said(language, "logged risk {title}", title=repr(risk.title))
        self.core.commit(Change(records, "create", "risks", risk.id, summary, language=language))
        return self.get(risk.id)

    def _evidence(self, card_id: str) -> dict[str, str]:
        """A card with a risk logged has its risks identified."""
        having = LazyTable.of(self.core.table("risks")).having("card", card_id)
        if not having:
            return {}
        language = self.cards.language_of(card_id)
        return {IDENTIFIED: said(language, "{count} risk(s) logged", count=len(having))}

    def edit(self, risk_id: str, **fields: Any) -> Risk:
        _refuse_unknown(fields)
        risk = self.get(risk_id).copy()
        changed = {k: v for k, v in _cleaned(fields).items() if getattr(risk, k) != v}
        if not changed:
            return self.get(risk_id)  # nothing to record: no write, no event, no undo step
        for name, value in changed.items():
            setattr(risk, name, value)
        moved_to = changed.get("card")
        if moved_to is not None and self.cards.get(moved_to).board != risk.board:
            raise ValueError(_("the card is on another board"))
        validate_risk(risk)
        language = self._language(risk)
        summary = said(
            language,
            "edited {fields} of risk {risk}",
            fields=fields_named(language, sorted(changed)),
            risk=self.label(risk),
        )
        return self._commit(risk, "edit", summary, fields=sorted(changed))

    def close(self, risk_id: str, note: str = "") -> Risk:
        return self._set_status(risk_id, "closed", note)

    def reopen(self, risk_id: str, note: str = "") -> Risk:
        return self._set_status(risk_id, "open", note)

    def _set_status(self, risk_id: str, status: str, note: str) -> Risk:
        risk = self.get(risk_id).copy()
        if risk.status == status:
            return risk
        risk.status = status
        if note.strip():
            risk.notes.append(_note(self.core.who, note))
        language, label = self._language(risk), self.label(risk)
        if status == "closed":
            summary = said(language, "closed risk {risk}", risk=label)
        else:
            summary = said(language, "reopened risk {risk}", risk=label)
        return self._commit(risk, "status", summary, status=status)

    def add_note(self, risk_id: str, text: str) -> RiskNote:
        """A dated line in the risk's journal: what was seen at a review, what was done."""
        risk = self.get(risk_id).copy()
        note = _note(self.core.who, text)
        risk.notes.append(note)
        summary = said(
            self._language(risk),
            "noted on risk {risk}: {text}",
            risk=self.label(risk),
            text=note.text,
        )
        self._commit(risk, "note", summary)
        return note

    def delete(self, risk_id: str) -> None:
        risk = self.get(risk_id)
        language = self._language(risk)
        self.core.commit(
            Change(
                {("risks", risk_id): None},
                "delete",
                "risks",
                risk_id,
                said(language, "deleted risk {risk}", risk=self.label(risk)),
                language=language,
            )
        )

    def _language(self, risk: Risk) -> str:
        """The language of what is written about a risk: its card's board's, or its board's
        when it has no card (English for a board no longer there)."""
        if risk.card and self.cards.has(risk.card):
            return self.cards.language_of(risk.card)
        return self.boards.get(risk.board).language if self.boards.has(risk.board) else ENGLISH

    def _commit(self, risk: Risk, action: str, summary: str, **data: Any) -> Risk:
        self.core.commit(
            Change(
                {("risks", risk.id): stamped(risk.to_dict())},
                action,
                "risks",
                risk.id,
                summary,
                data,
                language=self._language(risk),
            )
        )
        return self.get(risk.id)


def _severe(record: dict[str, Any]) -> bool:
    p, i = record.get("probability", 3), record.get("impact", 3)
    if type(p) is not int or type(i) is not int or p not in SCALE or i not in SCALE:
        return False  # not a risk pstui reads: the register says why when opened
    return level_of(p * i) in SEVERE


# What the board's marks read of each risk, in the file's (sorted) order: see `_tally`.
_MARK_FIELDS = (
    ("board", "string"),
    ("card", "string or null"),
    ("impact", "digits"),
    ("probability", "digits"),
    ("review", "string or null"),
    ("status", "string"),
)
# (impact, probability) as written in the file, for every pair that makes a severe risk.
_SEVERE_VALUES = frozenset(
    (str(i).encode(), str(p).encode()) for i in SCALE for p in SCALE if level_of(p * i) in SEVERE
)


def _marks_parsed(record: Any) -> tuple[Any, str | None, bool, str | None] | None:
    """What `_tally` reads of a risk held otherwise than pstui writes it, parsed: its board,
    card, whether it is open and high or critical, and review date; None if closed."""
    if not isinstance(record, dict) or record.get("status") == "closed":
        return None
    card, review = record.get("card"), record.get("review")
    return (
        record.get("board"),
        card if isinstance(card, str) else None,
        _severe(record),
        review if isinstance(review, str) else None,
    )


def _note(who: str, text: str) -> RiskNote:
    return RiskNote(id=new_id(), at=now_utc(), by=who, text=clean_title(text, N_("a note")))


def _refuse_unknown(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(
            _("cannot edit {fields} of a risk").format(fields=", ".join(sorted(unknown)))
        )


def _cleaned(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if "title" in out:
        out["title"] = clean_title(out["title"])
    if "kind" in out:
        out["kind"] = RiskKind(out["kind"])
    if "owner" in out:
        out["owner"] = str(out["owner"]).strip()
    if "card" in out:
        out["card"] = out["card"] or None
    if "review" in out:
        out["review"] = out["review"] or None
    return out
