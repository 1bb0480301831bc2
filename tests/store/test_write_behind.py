"""The app's write path: changes are journaled at once, written by a background thread, and a
change shown to the user survives the process being killed before that write."""

import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from pstui.store.engine.serialize import loads_store
from pstui.store.journal import PREFIX, Journal, orphaned_entries
from pstui.store.repository import Repository
from pstui.store.storage import PstuiStorage
from pstui.store.templates import load_template

DEAD_PID = 2**22 + 12345  # above Linux's pid_max: no process can have it


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "pstui.json"
    Repository.create(path, "Board", load_template("simple").workflow, who="tester")
    return path


def card_titles(path: Path) -> set[str]:
    data = loads_store(path.read_text(encoding="utf-8"))
    return {c["title"] for c in data["cards"].values()}


def journals(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{PREFIX}*.jsonl"))


def as_dead_process(journal: Path) -> Path:
    """Rename a journal so it looks left behind by a process that no longer exists."""
    dead = journal.with_name(f"{PREFIX}{DEAD_PID}-1.jsonl")
    os.replace(journal, dead)
    return dead


def test_background_writes_reach_the_file_and_settle_the_journal(store):
    repo = Repository(store, who="tester", background=True)
    board = repo.boards.all()[0].id
    for n in range(20):
        repo.cards.add(board, f"card {n}")
    repo.close()
    assert card_titles(store) == {f"card {n}" for n in range(20)}
    assert journals(store.parent) == []


def test_a_change_not_yet_written_survives_a_kill_and_is_replayed_on_open(store, monkeypatch):
    never_written = threading.Event()
    monkeypatch.setattr(PstuiStorage, "flush", lambda self: never_written.wait(0))
    repo = Repository(store, who="tester", background=True)
    repo.cards.add(repo.boards.all()[0].id, "seen, then killed")
    assert "seen, then killed" not in card_titles(store)  # only in memory and the journal
    [journal] = journals(store.parent)
    as_dead_process(journal)
    monkeypatch.undo()

    reopened = Repository(store, who="tester")
    assert "seen, then killed" in {
        c.title for c in reopened.cards.on_board(reopened.boards.all()[0].id)
    }
    assert "seen, then killed" in card_titles(store)
    assert any("recovered 1 change" in p for p in reopened.problems)
    assert journals(store.parent) == []


def test_the_journal_is_fsynced_by_the_writer_thread_not_by_the_change(store, monkeypatch):
    """A change on the UI thread only writes its line (enough for a kill -9); the writer
    thread fsyncs the journal, once for a burst, before it writes the store."""
    threads: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(store.parent / PREFIX)):
            threads.append(threading.current_thread().name)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    journal = Journal(store.parent, store)
    journal.append([("cards", "c1", {"title": "one"})])
    journal.append([("cards", "c2", {"title": "two"})])
    assert threads == []
    assert len(journal.path.read_text(encoding="utf-8").splitlines()) == 2
    journal.sync()
    journal.sync()  # nothing new since: no second fsync
    assert threads == ["MainThread"]
    journal.settle(journal.seq)

    threads.clear()
    repo = Repository(store, who="tester", background=True)
    repo.cards.add(repo.boards.all()[0].id, "journaled")
    deadline = time.monotonic() + 10
    while journals(store.parent) and time.monotonic() < deadline:  # written and settled
        time.sleep(0.01)
    repo.close()
    assert threads == ["pstui-writer"]


def test_a_journal_line_cut_by_a_crash_is_ignored(store):
    journal = Journal(store.parent, store)
    journal.append([("cards", "01ABC", {"title": "whole", "updated_at": "2026"})])
    with open(journal.path, "a", encoding="utf-8") as out:
        out.write('{"seq": 2, "store": "x", "records": [["cards", "01')  # torn mid-write
    as_dead_process(journal.path)
    entries, files = orphaned_entries(store.parent, store)
    assert len(files) == 1
    assert [[r[2]["title"] for r in e] for e in entries] == [["whole"]]


def test_a_live_process_journal_is_left_alone(store):
    journal = Journal(store.parent, store)  # this process: alive
    journal.append([("cards", "01ABC", {"title": "mine", "updated_at": "2026"})])
    entries, files = orphaned_entries(store.parent, store)
    assert (entries, files) == ([], [])
    assert journal.path.exists()


def test_a_replayed_change_never_overwrites_a_newer_record(store):
    repo = Repository(store, who="tester")
    card = repo.cards.add(repo.boards.all()[0].id, "newer on disk")
    old = dict(loads_store(store.read_text())["cards"][card.id], title="older journal")
    old["updated_at"] = "2000-01-01T00:00:00+00:00"
    journal = Journal(store.parent, store)
    journal.append([("cards", card.id, old)])
    as_dead_process(journal.path)
    reopened = Repository(store, who="tester")
    assert reopened.cards.get(card.id).title == "newer on disk"


def test_another_writer_between_our_change_and_its_write_is_merged_not_lost(store):
    ours = Repository(store, who="alice")
    theirs = Repository(store, who="bob")
    board = ours.boards.all()[0].id
    ours.cards.add(board, "alice's card")
    theirs.cards.add(board, "bob's card")  # its file is stale: it reloads and merges
    ours.cards.add(board, "alice again")
    assert card_titles(store) == {"alice's card", "bob's card", "alice again"}


def test_two_background_repositories_on_one_store_lose_nothing(store):
    # Like the app: the writer thread only reports a changed file; the thread that makes the
    # changes does the reload.
    a = Repository(store, who="alice", background=True)
    b = Repository(store, who="bob", background=True)
    board = a.boards.all()[0].id
    told = threading.Event()
    a.on_disk_changed = b.on_disk_changed = told.set
    for n in range(10):
        a.cards.add(board, f"a{n}")
        b.cards.add(board, f"b{n}")
        a.reload()
        b.reload()
    a.close()
    b.close()
    expected = {f"a{n}" for n in range(10)} | {f"b{n}" for n in range(10)}
    assert card_titles(store) == expected


def test_the_file_written_in_the_background_is_the_canonical_serialization(store, tmp_path):
    repo = Repository(store, who="tester", background=True)
    repo.cards.add(repo.boards.all()[0].id, "中文 title")
    repo.close()
    text = store.read_text(encoding="utf-8")
    again = tmp_path / "again.json"
    shutil.copy(store, again)
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert "中文 title" in text
