"""Standups: the point in time a team met, notes said about cards, and the digest since a point.

A standup is an event (`standup`, on the board), so the whole team shares "since the last
standup" through git; a note on a card is an event too, kept in the card's history. Both go
through the commit core like every other change. The digest is read from the cards, their
risks and the events since the point: the newest events, found without reading the others
(see `records_from`), and the walk's order from the cards' places and assignees, read
without parsing the cards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pstui.i18n import N_, _
from pstui.model.event import Event
from pstui.model.ids import CROCKFORD, ID_LENGTH
from pstui.model.record_text import said
from pstui.model.risk import Risk
from pstui.model.standup import (
    NOTE,
    STANDUP,
    CardDigest,
    Digest,
    InFlight,
    Since,
    SinceError,
    WalkGroup,
    board_changes,
    digest_card,
    events_since,
    instant,
    latest_standup,
    since_point,
    walk_order,
)
from pstui.model.text import clean_title
from pstui.store.boards import Boards
from pstui.store.cards import Cards
from pstui.store.core import Change, CommitCore
from pstui.store.engine import LazyTable, records_from
from pstui.store.risks import Risks
from pstui.store.storage import read_as_model

# Event ids start with the millisecond they were made, a moment before the event's time is
# stamped: the search for the events since a point starts this much earlier, then keeps
# those whose time is at or after it.
ID_MARGIN = timedelta(minutes=1)
TIME_CHARS = 10  # an id's head that holds its time (see `pstui.model.ids`)
NEWS_TABLES = ("cards", "risks")  # the tables whose events the standup tells


@dataclass
class Recent:
    """The events since a point, as the standup reads them: per card, and the board's own."""

    since: Since
    by_card: dict[str, list[Event]] = field(default_factory=dict)  # its own and its risks'
    board: list[Event] = field(default_factory=list)  # risks of the whole board
    risks: dict[str, Risk] = field(default_factory=dict)  # the risks those events name


class Standups:
    def __init__(self, core: CommitCore, boards: Boards, cards: Cards, risks: Risks) -> None:
        self.core = core
        self.boards = boards
        self.cards = cards
        self.risks = risks
        # Kept from the first standup of a session to the next reload: finding them means a
        # search of every event and a read of every card's line.
        self._standups: list[Event] | None = None  # every standup event
        self._assignees: dict[str, str] | None = None  # card id -> assignee
        # (board, grouping) -> the walk, and the cards and boards it was made from: every
        # change makes new tables, so the same tables mean the same walk.
        self._walks: dict[tuple[str, str], tuple[object, object, list[WalkGroup]]] = {}

    # ----- kept in line by the core -------------------------------------------------------------

    def reindex(self) -> None:
        self._standups = self._assignees = None
        self._walks = {}

    def absorb(self, table: str, record_id: str, record: dict[str, Any] | None) -> None:
        if table == "events" and self._standups is not None and record is not None:
            if record.get("action") == STANDUP:
                self._standups.append(self._event(record_id, record))
        elif table == "cards" and self._assignees is not None:
            if record is None:
                self._assignees.pop(record_id, None)
            else:
                self._assignees[record_id] = str(record.get("assignee") or "")

    # ----- since when -------------------------------------------------------------------------

    def last(self, board_id: str) -> Event | None:
        """The board's latest standup, or None."""
        return latest_standup(self._standups_of(board_id))

    def _standups_of(self, board_id: str) -> list[Event]:
        if self._standups is None:
            found = self.core.events_doing(STANDUP)
            self._standups = [self._event(rid, raw) for rid, raw in found.items()]
        return [e for e in self._standups if e.table == "boards" and e.record == board_id]

    def since(self, board_id: str, typed: str | None, today: date) -> Since:
        """Since the board's last standup (yesterday when it had none), or since the day
        `typed` names; SinceError for one that names none."""
        return since_point(typed, [] if typed else self._standups_of(board_id), today)

    def recent(self, board_id: str, since: Since) -> Recent:
        """The board's events since the point: its cards' and its risks'."""
        recent = Recent(since)
        cards = LazyTable.of(self.core.table("cards"))
        risks: dict[str, Risk | None] = {}
        for event in events_since(self._newest(since), since):
            if event.table == "cards":
                # The card's board read from its line: its events may name hundreds of cards.
                if event.record in cards and cards.field(event.record, "board") == board_id:
                    recent.by_card.setdefault(event.record, []).append(event)
            elif event.table == "risks":
                if event.record not in risks:
                    risks[event.record] = self._risk(event.record)
                risk = risks[event.record]
                if risk is None or risk.board != board_id:
                    continue
                recent.risks[risk.id] = risk
                if risk.card:
                    recent.by_card.setdefault(risk.card, []).append(event)
                else:
                    recent.board.append(event)
        return recent

    def _newest(self, since: Since) -> list[Event]:
        """The cards' and risks' events whose ids were made from a minute before the point
        on."""
        start = instant(since.at)
        if start is None:
            raise SinceError(_("{since} is not a point in time").format(since=repr(since.at)))
        first = _first_id_at(int((start - ID_MARGIN).timestamp() * 1000))
        # Only the cards' and the risks' events are news here: the others are not parsed.
        events = LazyTable.of(self.core.table("events"))
        found = records_from(events, first, "table", NEWS_TABLES)
        return [self._event(rid, raw) for rid, raw in found.items()]

    def _event(self, event_id: str, raw: object) -> Event:
        return read_as_model(self.core.path, "event", Event.from_dict, event_id, raw)

    def _risk(self, risk_id: str) -> Risk | None:
        """One risk, read alone (the register is not parsed for it); None when deleted."""
        if risk_id not in self.core.table("risks"):
            return None
        return self.risks.records.read_one(risk_id)

    # ----- the walk and the digest ------------------------------------------------------------

    def walk(self, board_id: str, by: str) -> list[WalkGroup]:
        """The cards in flight on the board (not archived), in the standup's order."""
        cards, boards = self.core.table("cards"), self.core.table("boards")
        kept = self._walks.get((board_id, by))
        if kept is not None and kept[0] is cards and kept[1] is boards:
            return list(kept[2])
        groups = self._walk(board_id, by)
        self._walks[(board_id, by)] = (cards, boards, groups)
        return list(groups)

    def _walk(self, board_id: str, by: str) -> list[WalkGroup]:
        stages = self.boards.get(board_id).workflow.stages
        columns = [self.cards.column(board_id, stage.id).ids for stage in stages]
        assignees = self._assignees_of_cards() if any(columns) else {}
        places = [
            InFlight(card_id, assignees.get(card_id, ""), position, row)
            for position, ids in enumerate(columns)
            for row, card_id in enumerate(ids)
        ]
        return walk_order(places, by, stages)

    def _assignees_of_cards(self) -> dict[str, str]:
        """Every card's assignee, read from the cards' lines, not from parsed cards."""
        if self._assignees is None:
            self._assignees = self.cards.assignees()
        return self._assignees

    def card_digest(self, card_id: str, recent: Recent, today: date) -> CardDigest:
        """One card as the standup shows it."""
        card = self.cards.get(card_id)
        workflow = self.boards.get(card.board).workflow
        # The register is read only for a card the board marks: most cards have no open
        # high risk, and reading a card's risks searches the whole register.
        risks = (
            self.risks.listed(card=card_id, closed=False) if self.risks.severe_on(card_id) else []
        )
        events = recent.by_card.get(card_id, [])
        return digest_card(
            card, workflow, self.cards.short_id(card_id), events, risks, recent.risks, today
        )

    def digest(self, board_id: str, since: Since, today: date, by: str) -> Digest:
        """Every card in flight on the board, grouped, with what changed since the point;
        the cards archived since (closed or killed), in the order their news began."""
        recent = self.recent(board_id, since)
        groups = tuple(
            (group.name, tuple(self.card_digest(cid, recent, today) for cid in group.card_ids))
            for group in self.walk(board_id, by)
        )
        in_flight = {c.card.id for _name, cards in groups for c in cards}
        archived = tuple(
            self.card_digest(cid, recent, today)
            for cid in recent.by_card
            if cid not in in_flight and self.cards.has(cid) and self.cards.get(cid).archived
        )
        board = self.boards.get(board_id)
        changes = board_changes(recent.board, recent.risks)
        return Digest(board.name, since, today, by, groups, changes, archived)

    # ----- commands (each an event, through the commit core) ----------------------------------

    def record(self, board_id: str, started: str, cards: int) -> Event:
        """Record that the team met: the point the next standup's news starts from. An event
        and nothing else, so undo does not take it back (it would only add another)."""
        board = self.boards.get(board_id)
        self.core.commit(
            Change(
                {},
                STANDUP,
                "boards",
                board_id,
                said(
                    board.language,
                    "standup on {board}: {cards} card(s) walked",
                    board=board.name,
                    cards=cards,
                ),
                {"started": started, "cards": cards},
                language=board.language,
            ),
            undoable=False,
        )
        last = self.last(board_id)
        assert last is not None, "the standup just recorded is the board's last"
        return last

    def add_note(self, card_id: str, text: str) -> str:
        """A note on a card (what was said about it): an event in its history. Returns the
        note as kept (one line). Not undoable, like every event that changes no record."""
        text = clean_title(text, N_("a note"))
        card = self.cards.get(card_id)
        language = self.cards.language_of(card_id)
        summary = said(language, "note on {card}: {text}", card=self.cards.label(card), text=text)
        self.core.commit(
            Change({}, NOTE, "cards", card_id, summary, {"text": text}, language=language),
            undoable=False,
        )
        return text


def _first_id_at(ms: int) -> str:
    """The least id made in millisecond `ms`: its time in the head, nothing random after."""
    head = ""
    for _digit in range(TIME_CHARS):
        head = CROCKFORD[ms & 31] + head
        ms >>= 5
    return head + "0" * (ID_LENGTH - TIME_CHARS)
