"""Conflicts a merge leaves behind can be listed and swapped to the other value."""

import shutil
import time
from pathlib import Path

import pytest

from pstui.store.merge import merge_files
from pstui.store.repository import Repository
from pstui.store.templates import load_template


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, Path, Path, str]:
    base = tmp_path / "base.json"
    repo = Repository.create(base, "Board", load_template("simple").workflow, who="tester")
    card = repo.cards.add(repo.boards.all()[0].id, "original")
    ours, theirs = tmp_path / "ours.json", tmp_path / "theirs.json"
    shutil.copy(base, ours)
    shutil.copy(base, theirs)
    return base, ours, theirs, card.id


def diverge(path: Path, who: str, **fields: str) -> None:
    repo = Repository(path, who=who)
    card = repo.cards.on_board(repo.boards.all()[0].id)[0]
    repo.cards.edit(card.id, **fields)
    time.sleep(0.002)  # the later edit must have a later updated_at


def merged_repository(clones) -> tuple[Repository, str]:
    base, ours, theirs, card_id = clones
    merge_files(base, ours, theirs)
    return Repository(ours, who="me"), card_id


def test_a_conflict_lists_the_kept_and_the_other_value(clones):
    diverge(clones[2], "bob", title="bob's title")
    diverge(clones[1], "alice", title="alice's title")
    repo, card_id = merged_repository(clones)
    [(event, swapped)] = repo.conflicts.all()
    assert swapped is False
    assert event.record == card_id
    assert event.data["field"] == "title"
    assert (event.data["kept"], event.data["other"]) == ("alice's title", "bob's title")
    assert repo.cards.get(card_id).title == "alice's title"


def test_swapping_puts_the_other_value_in_and_swapping_again_puts_it_back(clones):
    diverge(clones[2], "bob", title="bob's title")
    diverge(clones[1], "alice", title="alice's title")
    repo, card_id = merged_repository(clones)
    [(event, _)] = repo.conflicts.all()
    repo.conflicts.swap(event.id)
    assert repo.cards.get(card_id).title == "bob's title"
    assert repo.conflicts.all()[0][1] is True
    reopened = Repository(repo.path, who="me")
    assert reopened.cards.get(card_id).title == "bob's title"
    reopened.conflicts.swap(event.id)
    assert reopened.cards.get(card_id).title == "alice's title"
    assert reopened.conflicts.all()[0][1] is False


def test_a_swap_can_be_undone(clones):
    diverge(clones[2], "bob", assignee="bob")
    diverge(clones[1], "alice", assignee="alice")
    repo, card_id = merged_repository(clones)
    repo.conflicts.swap(repo.conflicts.all()[0][0].id)
    assert repo.cards.get(card_id).assignee == "bob"
    repo.undo()
    assert repo.cards.get(card_id).assignee == "alice"


def test_a_checklist_item_conflict_swaps_inside_the_item(clones):
    base, ours, theirs, card_id = clones
    for path, who, text in ((theirs, "bob", "bob's wording"), (ours, "alice", "alice's wording")):
        repo = Repository(path, who=who)
        item = repo.cards.get(card_id).checklist[0]
        repo.cards.edit_item(card_id, item.id, text=text)
        time.sleep(0.002)
    repo, _ = merged_repository(clones)
    [(event, _)] = repo.conflicts.all()
    assert event.data["field"].endswith(".text")
    repo.conflicts.swap(event.id)
    assert repo.cards.get(card_id).checklist[0].text == "bob's wording"
