"""Retrospectives and lessons through the commit core: the gate items they satisfy, actions
that become cards, and a search that follows every change."""

from pathlib import Path

import pytest

from pstui.model.card import Outcome
from pstui.model.lesson import LessonKind
from pstui.model.retro import Goals
from pstui.store.lessons import KNOWLEDGE, LEARNED
from pstui.store.repository import Repository
from pstui.store.retros import REVIEW
from pstui.store.templates import load_template


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return Repository.create(
        tmp_path / "pstui.json", "Board", load_template("service").workflow, who="tester"
    )


def card_in(repo: Repository, stage: str, title: str = "Portal") -> str:
    return repo.cards.add(repo.boards.all()[0].id, title, client="Acme", stage=stage).id


def item(repo: Repository, card_id: str, criterion: str):
    card = repo.cards.get(card_id)
    return next(i for items in card.checklists.values() for i in items if i.criterion == criterion)


def test_the_first_save_creates_the_retro_and_ticks_review_meeting_in_one_step(repo):
    card = card_in(repo, "review")
    retro = repo.retros.save(card, goals="partly", goals_note="2 of 3", held_on="2026-11-20")
    assert retro.goals is Goals.PARTLY and retro.by == "tester"
    ticked = item(repo, card, REVIEW)
    assert ticked.done and ticked.source == "retrospective held on 2026-11-20"
    repo.undo()
    assert repo.retros.of_card(card) is None and not item(repo, card, REVIEW).done


def test_later_saves_edit_only_the_fields_given_and_an_unchanged_save_writes_nothing(repo):
    card = card_in(repo, "review")
    first = repo.retros.save(card, went_well="Team", to_improve="Specs")
    again = repo.retros.save(card, to_improve="Interface specs", budget_planned=100.0)
    assert again.id == first.id and again.went_well == "Team"
    assert again.to_improve == "Interface specs" and again.budget_planned == 100
    events = len(repo.events_for(first.id))
    assert repo.retros.save(card, went_well="Team") == again
    assert len(repo.events_for(first.id)) == events


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"planned_start": "2026-11-10", "planned_end": "2026-11-01"}, "planned end"),
        ({"budget_actual": -1}, "from 0 to"),
        ({"budget_planned": 1e308}, "from 0 to"),
        ({"held_on": "2999-01-01"}, "still to come"),
        ({"mood": "good"}, "cannot edit mood"),
    ],
)
def test_save_refuses(repo, fields, message):
    card = card_in(repo, "review")
    with pytest.raises(ValueError, match=message):
        repo.retros.save(card, **fields)
    assert repo.retros.of_card(card) is None


def test_an_action_becomes_an_improvement_card_linked_back(repo):
    card = card_in(repo, "review")
    retro = repo.retros.save(card)
    action = repo.retros.add_action(retro.id, "  Write a spec template ")
    made = repo.retros.action_to_card(retro.id, action.id)
    assert (made.title, made.kind, made.client) == ("Write a spec template", "improvement", "Acme")
    assert repo.retros.get(retro.id).actions[0].card == made.id
    with pytest.raises(ValueError, match="already card"):
        repo.retros.action_to_card(retro.id, action.id)
    repo.undo()
    assert not repo.cards.has(made.id) and repo.retros.get(retro.id).actions[0].card is None
    repo.retros.edit_action(retro.id, action.id, "Write a spec  template\n")
    assert repo.retros.get(retro.id).actions[0].text == "Write a spec template"
    repo.retros.remove_action(retro.id, action.id)
    assert repo.retros.get(retro.id).actions == []


def test_a_retro_held_before_review_ticks_the_item_when_the_card_arrives(repo):
    card = card_in(repo, "enablement")
    repo.retros.save(card, held_on="2026-11-20")
    repo.cards.decide(card, Outcome.GO, note="test")
    assert item(repo, card, REVIEW).done


def test_a_lesson_on_a_card_takes_its_board_and_client_and_ticks_by_kind(repo):
    card = card_in(repo, "review")
    lesson = repo.lessons.add("Freeze specs early", text="LIS", tags=["#specs", "specs"], card=card)
    spaced = repo.lessons.add("Two tags", tags=["data gdpr", "#data"])
    assert spaced.tags == ["data", "gdpr"]  # one word each, as `#data` searches
    assert (lesson.board, lesson.client, lesson.tags) == (
        repo.boards.all()[0].id,
        "Acme",
        ["specs"],
    )
    assert (
        item(repo, card, LEARNED).done and "Freeze specs early" in item(repo, card, LEARNED).source
    )
    faq_card = card_in(repo, "enablement", "Training")
    repo.lessons.add("How to reset", kind=LessonKind.FAQ, card=faq_card)
    assert item(repo, faq_card, KNOWLEDGE).done


def test_search_follows_adds_edits_and_deletes(repo):
    first = repo.lessons.add("Freeze specs early", tags=["specs"])
    repo.lessons.add("培训前准备环境", kind="know-how", tags=["培训"])
    assert [x.id for x in repo.lessons.search("spec")] == [first.id]
    repo.lessons.edit(first.id, title="Agree interfaces early")
    assert repo.lessons.search("spec #specs")[0].id == first.id  # the tag still matches
    assert repo.lessons.search("freeze") == []
    assert [x.title for x in repo.lessons.search("环境")] == ["培训前准备环境"]
    repo.lessons.delete(first.id)
    assert repo.lessons.search("#specs") == []
    repo.undo()
    assert [x.id for x in repo.lessons.search("#specs")] == [first.id]
    assert repo.lessons.tags() == ["specs", "培训"]


def test_a_lesson_edit_that_changes_nothing_writes_nothing(repo):
    lesson = repo.lessons.add("One")
    events = len(repo.events_for(lesson.id))
    repo.lessons.edit(lesson.id, title=" One ")
    assert len(repo.events_for(lesson.id)) == events
    with pytest.raises(ValueError, match="cannot edit card"):
        repo.lessons.edit(lesson.id, card="x")


def test_everything_reads_back_in_another_session(repo):
    card = card_in(repo, "review")
    retro = repo.retros.save(card, went_well="多谢")
    lesson = repo.lessons.add("L", card=card, retro=retro.id)
    repo.close()
    again = Repository(repo.path, who="x")
    assert again.retros.of_card(card).went_well == "多谢"
    assert again.lessons.get(lesson.id).retro == retro.id
    assert again.retros.label_of(retro.id).startswith("the retrospective of")
