"""Undo and journal replay re-apply a change on top of a store others may have changed since:
they touch only the change's own fields, and never erase a teammate's edit."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pstui.model.card import Outcome
from pstui.store.journal import PREFIX, Journal, orphaned_entries
from pstui.store.repository import Repository, UndoRefused
from pstui.store.storage import PstuiStorage
from pstui.store.templates import load_template


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "pstui.json"
    Repository.create(path, "Board", load_template("service").workflow, who="tester")
    return path


def first_board(repo: Repository) -> str:
    return repo.boards.all()[0].id


def pstui(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The pstui command in another process, as a teammate's shell runs it."""
    return subprocess.run(
        [sys.executable, "-m", "pstui", "--store", str(store), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PSTUI_USER": "teammate"},
    )


# ----- undo ---------------------------------------------------------------------------------------


def test_undo_keeps_a_kill_made_in_another_process_since(store):
    app = Repository(store, who="alice")
    card = app.cards.add(first_board(app), "Portal")
    app.cards.edit(card.id, client="ACME")
    pstui(store, "card", "move", card.id, "--decision", "kill", "--reason", "cancelled")
    assert app.reload() is not None
    assert app.undo() == f"edited client of {app.cards.short_id(card.id)} Portal"
    undone = app.cards.get(card.id)
    assert undone.client == ""
    assert undone.archived and undone.decisions[-1].outcome is Outcome.KILL
    reopened = Repository(store, who="check").cards.get(card.id)
    assert reopened.client == "" and reopened.decisions[-1].outcome is Outcome.KILL


def test_undo_refuses_when_a_teammate_changed_the_same_field_since(store):
    a = Repository(store, who="a")
    card = a.cards.add(first_board(a), "Shared")
    other = a.cards.add(first_board(a), "Other")
    b = Repository(store, who="b")
    a.cards.edit(card.id, assignee="Alice")
    b.reload()
    b.cards.edit(card.id, assignee="Bob")
    a.reload()
    with pytest.raises(UndoRefused) as refused:
        a.undo()
    assert "assignee was changed since (now 'Bob')" in str(refused.value)
    assert "nothing was undone" in str(refused.value)
    assert Repository(store, who="check").cards.get(card.id).assignee == "Bob"
    # The refused step is dropped: the next undo reaches the change before it.
    assert a.undo() == "added 'Other' to Initiation"
    assert not Repository(store, who="check").cards.has(other.id)


def test_undo_of_a_tick_leaves_a_teammates_tick_of_another_item(store):
    a = Repository(store, who="a")
    card = a.cards.add(first_board(a), "Ticks")
    first, second = card.checklist[0].id, card.checklist[1].id
    b = Repository(store, who="b")
    a.cards.toggle_item(card.id, first)
    b.reload()
    b.cards.toggle_item(card.id, second)
    a.reload()
    a.undo()
    items = {i.id: i.done for i in Repository(store, who="c").cards.get(card.id).checklist}
    assert (items[first], items[second]) == (False, True)


def test_undo_of_an_add_is_refused_once_a_teammate_edited_the_card(store):
    a = Repository(store, who="a")
    card = a.cards.add(first_board(a), "New")
    b = Repository(store, who="b")
    b.cards.edit(card.id, title="Renamed by b")
    a.reload()
    with pytest.raises(UndoRefused, match="changed since"):
        a.undo()
    assert a.cards.has(card.id)


def test_undo_after_the_writer_merged_a_pull_under_a_pending_change(store):
    """The app's own path: a change not yet written, a teammate's write, then undo."""
    app = Repository(store, who="alice")
    card = app.cards.add(first_board(app), "Portal")
    app.cards.edit(card.id, description="mine")
    pstui(store, "card", "move", card.id, "--decision", "go", "--reason", "go ahead")
    app.reload()
    app.undo()
    now = Repository(store, who="check").cards.get(card.id)
    assert (now.description, now.stage) == ("", "execution")


# ----- journal replay -----------------------------------------------------------------------------


def killed_after(store: Path, change, monkeypatch) -> None:
    """Run `change` on a background repository whose writes never happen, then leave its
    journal as a killed process leaves it (its lock let go)."""
    never = threading.Event()
    monkeypatch.setattr(PstuiStorage, "flush", lambda self: never.wait(0))
    repo = Repository(store, who="alice", background=True)
    change(repo)
    repo._flusher.stop()  # the writer thread dies with the process, never having written
    os.close(repo._storage._journal._held)  # the kernel lets go of the lock
    monkeypatch.undo()


def pulled(store: Path, change) -> None:
    """A teammate's `change`, made in their clone and brought in as a pull brings it: the
    file replaced, with no pstui opening this store in between."""
    theirs = store.with_name("bobs-clone.json")
    theirs.write_bytes(store.read_bytes())
    bob = Repository(theirs, who="bob")
    change(bob)
    bob.close()
    os.replace(theirs, store)


def test_a_replayed_edit_keeps_a_move_pulled_since(store, monkeypatch):
    repo = Repository(store, who="setup")
    card = repo.cards.add(first_board(repo), "Before")
    killed_after(store, lambda r: r.cards.edit(card.id, title="Alice's title"), monkeypatch)
    pulled(store, lambda bob: bob.cards.decide(card.id, Outcome.GO, note="bob says go"))
    reopened = Repository(store, who="alice")
    now = reopened.cards.get(card.id)
    assert now.title == "Alice's title"
    assert now.stage == "execution"
    assert now.decisions[-1].outcome is Outcome.GO
    assert any("recovered 1 change" in p for p in reopened.problems)
    assert reopened.conflicts.all() == []


def test_a_replayed_edit_of_a_field_changed_since_keeps_the_later_and_records_the_other(
    store, monkeypatch
):
    repo = Repository(store, who="setup")
    card = repo.cards.add(first_board(repo), "Before")
    killed_after(store, lambda r: r.cards.edit(card.id, title="Alice's title"), monkeypatch)
    pulled(store, lambda bob: bob.cards.edit(card.id, title="Bob's later title"))
    reopened = Repository(store, who="alice")
    assert reopened.cards.get(card.id).title == "Bob's later title"
    [(conflict, _)] = reopened.conflicts.all()
    assert conflict.data["field"] == "title"
    assert conflict.data["other"] == "Alice's title"
    assert "had changed since" in " ".join(reopened.problems)


def test_a_journal_of_a_living_pid_whose_lock_is_free_is_replayed(store, monkeypatch):
    """A zombie or a reused pid: the pid exists, the writer does not. The lock tells."""
    repo = Repository(store, who="setup")
    card = repo.cards.add(first_board(repo), "Before")
    killed_after(store, lambda r: r.cards.edit(card.id, title="after"), monkeypatch)
    [journal] = store.parent.glob(f"{PREFIX}*.jsonl")
    assert journal.name.startswith(f"{PREFIX}{os.getpid()}-")  # our own pid: alive
    assert Repository(store, who="alice").cards.get(card.id).title == "after"
    assert list(store.parent.glob(f"{PREFIX}*")) == []


def test_a_journal_whose_lock_is_held_is_left_alone(store):
    journal = Journal(store.parent, store)
    journal.append([("cards", "01ABC", {"title": "mine"}, None)])
    assert orphaned_entries(store.parent, store) == ([], [])
    journal.settle(journal.seq)
    journal.close()
    assert list(store.parent.glob(f"{PREFIX}*")) == []


def test_an_older_pstuis_journal_without_before_records_still_replays(store):
    repo = Repository(store, who="setup")
    card = repo.cards.add(first_board(repo), "Before")
    record = json.loads(json.dumps(repo.table("cards")[card.id]))
    record.update(title="from an old journal", updated_at="2999-01-01T00:00:00+00:00")
    dead = store.parent / f"{PREFIX}{2**22 + 7}-1.jsonl"
    line = {"seq": 1, "store": str(store.resolve()), "records": [["cards", card.id, record]]}
    dead.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert Repository(store, who="x").cards.get(card.id).title == "from an old journal"


def test_a_store_that_cannot_be_written_keeps_a_stopped_pstuis_changes_for_later(
    store, monkeypatch
):
    repo = Repository(store, who="setup")
    card = repo.cards.add(first_board(repo), "Before")
    killed_after(store, lambda r: r.cards.edit(card.id, title="Alice's title"), monkeypatch)
    # Opened where the file cannot be written (root ignores file modes, so it is said here).
    monkeypatch.setattr("pstui.store.storage.is_read_only", lambda path: True)
    looking = Repository(store, who="alice")
    assert looking.cards.get(card.id).title == "Before"
    assert any("wait until this store can be written" in p for p in looking.problems)
    looking.close()
    monkeypatch.undo()
    writable = Repository(store, who="alice")
    assert writable.cards.get(card.id).title == "Alice's title"  # not lost on the way
