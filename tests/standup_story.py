"""A board's week before a standup, written the same on every run: for the standup tests.

Every change goes through the repository, as the app makes it, on a clock frozen at the
moment each step happens (pendulum's clock, and the time in record ids), with ids whose
random part is seeded: the events, their times and the short ids never change.

The story, on the board "Client services" (Initiation says a card is stuck after 10 days):

- 2026-11-10: six cards are added; one in Execution, one in Acceptance, one in Enablement,
  three in Initiation (one of which is archived the same day); a second board gets a card.
- 2026-11-12: Globex is blocked; 11-18: Initech is held at the Enablement gate.
- 2026-11-21 09:00: the team's standup (the point "since the last standup" starts at).
- Since: Priya ticks an item of Harbour, Ben edits Acme's due date and ticks and unticks
  its item, a high risk is logged on Acme, Ben notes Globex, a risk is logged on the whole board,
  Contoso is killed at its gate, and Harbour passes the Execution gate (2026-11-22 08:30).

The tests' day is 2026-11-22 (as the other UI tests'), at 09:00.
"""

from __future__ import annotations

import contextlib
import types
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from unittest import mock

import pendulum

import pstui.model.ids
from pstui.model.card import Outcome
from pstui.model.ids import seeded_ids
from pstui.model.workflow import Workflow
from pstui.store.repository import Repository
from pstui.store.templates import load_template

TODAY = pendulum.Date(2026, 11, 22)
NOW = pendulum.datetime(2026, 11, 22, 9, 0, tz="UTC")
STANDUP_AT = pendulum.datetime(2026, 11, 21, 9, 0, tz="UTC")
HARBOUR = "Harbour logistics portal"  # Priya: Execution, then through its gate since
ACME = "Acme CRM rollout"  # Ben: Initiation since 11-10 (stuck), due edited since
GLOBEX = "Globex data migration"  # Priya: Acceptance, blocked
INITECH = "Initech training"  # nobody's: Enablement, on Hold
NORTHWIND = "Northwind archive"  # archived: not in flight
CONTOSO = "Contoso pilot"  # killed at the Initiation gate since the standup
OTHER_BOARD_CARD = "Support ticket on the other board"
STUCK_DAYS = 10  # Initiation's threshold in this story
SEED = 19  # the ids' random part


@contextlib.contextmanager
def frozen_clock(start: pendulum.DateTime) -> Iterator[None]:
    """Pendulum's clock frozen at `start` (`travel` moves it), the time part of new ids
    from it, and their random part from a seeded generator."""
    fake_time = types.SimpleNamespace(time=lambda: pendulum.now("UTC").timestamp())
    pendulum.travel_to(start, freeze=True)
    try:
        with mock.patch.object(pstui.model.ids, "time", fake_time), seeded_ids(SEED):
            yield
    finally:
        pendulum.travel_back()


def travel(moment: pendulum.DateTime) -> None:
    pendulum.travel_to(moment, freeze=True)


def workflow() -> Workflow:
    """The service workflow, with Initiation's card stuck after STUCK_DAYS days."""
    stages = load_template("service").workflow.stages
    return Workflow(
        tuple(replace(s, stuck_days=STUCK_DAYS) if s.id == "initiation" else s for s in stages)
    )


def day(month_day: str, time: str = "09:00") -> pendulum.DateTime:
    return pendulum.parse(f"2026-{month_day}T{time}:00+00:00")  # type: ignore[return-value]


def build_story(path: Path) -> Path:
    """The store of the story at `path`; the clock is given back as it was."""
    with frozen_clock(day("11-10")):
        repo = Repository.create(path, "Client services", workflow(), who="Alice Chen")
        board = repo.boards.all()[0].id
        cards = repo.cards
        harbour = cards.add(
            board, HARBOUR, stage="execution", assignee="Priya Raman", due="2026-11-20"
        )
        acme = cards.add(board, ACME, assignee="Ben Okafor", client="Acme", due="2026-11-25")
        item = cards.add_item(acme.id, "Kickoff deck sent", owner="Ben Okafor", due="2026-11-19")
        globex = cards.add(board, GLOBEX, stage="acceptance", assignee="Priya Raman")
        initech = cards.add(board, INITECH, stage="enablement")
        northwind = cards.add(board, NORTHWIND, assignee="Ben Okafor")
        contoso = cards.add(board, CONTOSO, assignee="Alice Chen")
        cards.set_archived(northwind.id, True)
        other = repo.boards.add("Support desk", load_template("support").workflow)
        cards.add(other.id, OTHER_BOARD_CARD, assignee="Ben Okafor")

        travel(day("11-12"))
        repo.who = "Priya Raman"
        cards.set_blocked(globex.id, True, "Client UAT lead away until 30 Nov")
        travel(day("11-18", "16:00"))
        repo.who = "Alice Chen"
        cards.decide(initech.id, Outcome.HOLD, note="Waiting for the client's trainer list")

        travel(STANDUP_AT)
        repo.standups.record(board, STANDUP_AT.isoformat(), 4)

        travel(day("11-21", "14:00"))
        repo.who = "Priya Raman"
        cards.toggle_item(harbour.id, harbour.checklist[0].id)
        travel(day("11-21", "15:00"))
        repo.who = "Ben Okafor"
        cards.edit(acme.id, due="2026-12-02")
        cards.toggle_item(acme.id, item.id)
        cards.toggle_item(acme.id, item.id)  # ticked by mistake, unticked at once
        travel(day("11-21", "16:00"))
        repo.risks.add(board, "Client sponsor leaving Acme", card=acme.id, probability=3, impact=4)
        repo.standups.add_note(globex.id, "Asked the client for a stand-in UAT lead")
        travel(day("11-21", "17:00"))
        repo.who = "Alice Chen"
        repo.risks.add(board, "Two people on leave over Christmas", probability=2, impact=2)
        cards.decide(contoso.id, Outcome.KILL, note="The client chose another vendor")
        travel(day("11-22", "08:30"))
        repo.who = "Priya Raman"
        for open_item in cards.get(harbour.id).missing_musts():
            cards.toggle_item(harbour.id, open_item.id)
        cards.move(harbour.id, "acceptance")
        repo.close()
    return path
