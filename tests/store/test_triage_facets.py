"""What the cards service gives the board's triage: an edit's values old and new in its event,
and the triage facets read from the records' bytes agreeing with the model's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from pstui.model.card import Outcome
from pstui.model.standup import due_day, hold_of, stamp_day
from pstui.store.repository import Repository
from pstui.store.templates import load_template

WHO = "tester"


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    path = tmp_path / "pstui.json"
    Repository.create(path, "Triage", load_template("service").workflow, who=WHO).close()
    return Repository(path, WHO)


def board_of(repo: Repository) -> str:
    return repo.boards.all()[0].id


def test_an_edit_records_each_shown_fields_old_and_new_value(repo: Repository) -> None:
    card = repo.cards.add(board_of(repo), "Portal", due="2026-12-01", tags=["vip"])
    repo.cards.edit(card.id, due="2026-12-05", tags=["vip", "eu"], description="long text")
    event = repo.events_for(card.id)[-1]
    assert event.action == "edit"
    assert event.data["fields"] == ["description", "due", "tags"]
    # A description's text is not repeated in the log: its name says it changed.
    assert event.data["old"] == {"due": "2026-12-01", "tags": ["vip"]}
    assert event.data["new"] == {"due": "2026-12-05", "tags": ["vip", "eu"]}
    assert event.summary == f"edited description, due, tags of {repo.cards.label(card)}"


def test_the_old_values_survive_a_reopen_and_the_undo_of_the_edit(repo: Repository) -> None:
    card = repo.cards.add(board_of(repo), "Portal", assignee="Bob Stone")
    repo.cards.edit(card.id, assignee="Priya Raman")
    repo.undo()
    again = Repository(repo.path, WHO)
    (edited,) = [e for e in again.events_for(card.id) if e.action == "edit"]
    assert edited.data["old"] == {"assignee": "Bob Stone"}
    assert edited.data["new"] == {"assignee": "Priya Raman"}
    assert again.cards.get(card.id).assignee == "Bob Stone"


def held_at_gate(repo: Repository, title: str) -> str:
    card = repo.cards.add(board_of(repo), title)
    repo.cards.decide(card.id, Outcome.HOLD, note="waiting for the client")
    return card.id


def test_triage_facets_agree_with_the_cards_as_the_model_reads_them(
    repo: Repository, tmp_path: Path
) -> None:
    board = board_of(repo)
    late = repo.cards.add(board, "Late", due="2026-11-01").id
    blocked = repo.cards.add(board, "Blocked").id
    repo.cards.set_blocked(blocked, True, "no access")
    held = held_at_gate(repo, "Held")
    words = repo.cards.add(board, "hold", description="the word hold, not a Hold").id
    moved_on = held_at_gate(repo, "Held, then let through")
    repo.cards.decide(moved_on, Outcome.GO, note="the client answered")
    archived = held_at_gate(repo, "Held, then archived")
    repo.cards.set_archived(archived, True)
    ids = [late, blocked, held, words, moved_on, archived]
    repo.flush()
    for reader in (repo, Repository(repo.path, WHO)):  # as changed here, and read from bytes
        for card_id in ids:
            card = reader.cards.get(card_id)
            facets = reader.cards.triage_facets(card_id)
            assert facets.due == due_day(card.due), card.title
            assert facets.blocked == card.blocked, card.title
            assert facets.held == (hold_of(card) is not None), card.title
            assert facets.entered == stamp_day(card.stage_since), card.title


def test_triage_facets_follow_a_change_to_the_card(repo: Repository) -> None:
    card = repo.cards.add(repo.boards.all()[0].id, "Portal")
    assert not repo.cards.triage_facets(card.id).blocked
    repo.cards.set_blocked(card.id, True, "waiting")
    assert repo.cards.triage_facets(card.id).blocked
    repo.cards.edit(card.id, due="2026-11-20")
    assert repo.cards.triage_facets(card.id).due == due_day("2026-11-20")
