"""The risk register's service: typed commands on the commit core, each an event and an undo
step, validated before anything is written."""

import json
from pathlib import Path

import pendulum
import pytest

from pstui.model.risk import Level, RiskError
from pstui.store.merge import merge_stores
from pstui.store.repository import Repository
from pstui.store.templates import load_template

TODAY = pendulum.Date(2026, 11, 22)


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return Repository.create(
        tmp_path / "pstui.json", "Board", load_template("service").workflow, who="tester"
    )


def board_of(repo: Repository) -> str:
    return repo.boards.all()[0].id


def test_add_returns_the_risk_and_leaves_an_event(repo):
    card = repo.cards.add(board_of(repo), "Portal")
    risk = repo.risks.add(
        board_of(repo), "Key contact leaves", card=card.id, probability=4, impact=5, owner=" Li "
    )
    assert (risk.score, risk.level, risk.owner, risk.card) == (20, Level.CRITICAL, "Li", card.id)
    [event] = [e for e in repo.events_for(risk.id) if e.action == "create"]
    assert event.table == "risks" and "Key contact leaves" in event.summary
    reopened = Repository(repo.path, who="other")
    assert reopened.risks.get(risk.id).title == "Key contact leaves"


def test_logging_a_risk_on_a_card_ticks_its_risks_identified_item_in_one_undo_step(repo):
    card = repo.cards.add(board_of(repo), "Portal")
    risk = repo.risks.add(board_of(repo), "Vendor late", card=card.id)
    ticked = [i for i in repo.cards.get(card.id).checklist if i.criterion == "risks-identified"]
    assert ticked and ticked[0].done
    repo.undo()
    assert not repo.table("risks").get(risk.id)
    item = next(i for i in repo.cards.get(card.id).checklist if i.criterion == "risks-identified")
    assert not item.done


def test_a_board_wide_risk_ticks_nothing(repo):
    risk = repo.risks.add(board_of(repo), "Budget cut", tick_identified=True)
    assert risk.card is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"probability": 6}, "probability"),
        ({"impact": 0}, "impact"),
        ({"response": "exploit"}, "not a response to threat"),
        ({"kind": "opportunity", "response": "avoid"}, "not a response to opportunity"),
        ({"status": "gone"}, "status"),
        ({"review": "soon"}, "review"),
        ({"category": "weather"}, "category"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(repo, fields, message):
    before = repo.path.read_bytes()
    with pytest.raises((RiskError, ValueError), match=message):
        repo.risks.add(board_of(repo), "Bad", **fields)
    assert repo.path.read_bytes() == before
    assert not repo.can_undo()


def test_unknown_fields_and_cards_of_other_boards_are_refused(repo):
    other = repo.boards.add("Support", load_template("support").workflow)
    card = repo.cards.add(other.id, "Ticket")
    with pytest.raises(ValueError, match="another board"):
        repo.risks.add(board_of(repo), "Wrong board", card=card.id)
    with pytest.raises(ValueError, match="cannot edit"):
        repo.risks.add(board_of(repo), "Typo", colour="red")


def test_edit_close_reopen_note_and_delete(repo):
    risk = repo.risks.add(board_of(repo), "Scope creep", probability=2, impact=2)
    edited = repo.risks.edit(risk.id, probability=5, impact=3, response="mitigate")
    assert (edited.score, edited.level, edited.response) == (15, Level.CRITICAL, "mitigate")
    assert edited.updated_at > risk.updated_at
    assert repo.risks.edit(risk.id, probability=5) == edited  # no change: no event
    closed = repo.risks.close(risk.id, note="change board agreed")
    assert closed.status == "closed" and closed.notes[-1].text == "change board agreed"
    assert repo.risks.listed(board=board_of(repo), closed=False) == []
    assert repo.risks.reopen(risk.id).status == "open"
    note = repo.risks.add_note(risk.id, "  reviewed \n with the client ")
    assert note.text == "reviewed with the client" and note.by == "tester"
    repo.risks.delete(risk.id)
    assert repo.risks.listed() == []
    actions = [e.action for e in repo.events_for(risk.id)]
    assert actions == ["create", "edit", "status", "status", "note", "delete"]


def test_listed_is_by_score_then_review_and_filters(repo):
    card = repo.cards.add(board_of(repo), "Portal")
    low = repo.risks.add(board_of(repo), "low", probability=1, impact=2)
    late = repo.risks.add(board_of(repo), "late", probability=3, impact=3, review="2026-12-01")
    soon = repo.risks.add(
        board_of(repo), "soon", probability=3, impact=3, review="2026-11-25", card=card.id
    )
    assert [r.title for r in repo.risks.listed()] == ["soon", "late", "low"]
    assert [r.id for r in repo.risks.listed(card=card.id)] == [soon.id]
    repo.risks.close(low.id)
    assert late.id in {r.id for r in repo.risks.listed(closed=False)}
    assert low.id not in {r.id for r in repo.risks.listed(closed=False)}


def test_the_boards_marks_follow_changes_and_reloads(repo):
    card = repo.cards.add(board_of(repo), "Portal")
    assert repo.risks.severe_on(card.id) == 0
    version = repo.risks.version
    risk = repo.risks.add(board_of(repo), "big", card=card.id, probability=4, impact=4)
    assert repo.risks.severe_on(card.id) == 1 and repo.risks.version > version
    repo.risks.edit(risk.id, impact=1)
    assert repo.risks.severe_on(card.id) == 0
    repo.risks.edit(risk.id, impact=5, review="2026-11-20")
    assert repo.risks.reviews_overdue(board_of(repo), TODAY) == 1
    assert repo.risks.reviews_overdue(board_of(repo), pendulum.Date(2026, 11, 20)) == 0
    other = Repository(repo.path, who="other")
    other.risks.close(risk.id)
    assert repo.reload() is not None
    assert repo.risks.severe_on(card.id) == 0
    assert repo.risks.reviews_overdue(board_of(repo), TODAY) == 0


def test_undo_of_a_risk_edit_keeps_a_teammates_note(repo):
    risk = repo.risks.add(board_of(repo), "Vendor late", probability=2)
    repo.risks.edit(risk.id, probability=4)
    other = Repository(repo.path, who="other")
    other.risks.add_note(risk.id, "called the vendor")
    repo.reload()
    repo.undo()
    now = Repository(repo.path, who="check").risks.get(risk.id)
    assert now.probability == 2
    assert [n.text for n in now.notes] == ["called the vendor"]


def test_two_clones_notes_on_one_risk_both_survive_the_merge(repo):
    risk = repo.risks.add(board_of(repo), "Data quality")
    base = {name: dict(table) for name, table in repo._storage.current.items()}
    repo.risks.add_note(risk.id, "ours")
    ours = {name: dict(table) for name, table in repo._storage.current.items()}
    merged = merge_stores(base, ours, _with_note(base, risk.id))
    notes = [n["text"] for n in merged.data["risks"][risk.id]["notes"]]
    assert sorted(notes) == ["ours", "theirs"]
    assert merged.conflicts == []


def _with_note(base: dict, risk_id: str) -> dict:
    """`base` with a note by "b" on the risk, as another clone would have written it."""
    record = dict(base["risks"][risk_id])
    record["notes"] = [
        *record.get("notes", []),
        {"id": "01KB0000000000000000000000", "at": "2026-11-23T00:00:00+00:00", "by": "b",
         "text": "theirs"},
    ]  # fmt: skip
    record["updated_at"] = "2026-11-23T00:00:00+00:00"
    return {**base, "risks": {**base["risks"], risk_id: record}}


def test_one_cards_risks_are_the_same_found_in_the_bytes_or_in_the_parsed_register(repo):
    card = repo.cards.add(board_of(repo), "Portal")
    other = repo.cards.add(board_of(repo), "Other")
    for n in range(3):
        repo.risks.add(board_of(repo), f"on card {n}", card=card.id, probability=n + 1)
    repo.risks.add(board_of(repo), "elsewhere", card=other.id)
    reopened = Repository(repo.path, who="t")
    moved = reopened.risks.listed(card=card.id)[0]
    reopened.risks.edit(moved.id, card=other.id)  # changed since the file was read
    reopened.risks.reindex()  # nothing parsed: the card's risks come from the bytes
    from_bytes = [r.id for r in reopened.risks.listed(card=card.id)]
    assert not reopened.risks.records.parsed
    parsed = [r.id for r in reopened.risks.listed() if r.card == card.id]
    assert from_bytes == parsed and len(parsed) == 2


def test_the_marks_read_from_the_files_bytes_are_those_of_the_risks_read_whole(repo):
    board = board_of(repo)
    cards = [repo.cards.add(board, f"card {n}").id for n in range(3)]
    for n in range(12):
        risk = repo.risks.add(
            board,
            f"risk {n}",
            card=cards[n % 3] if n % 4 else None,
            probability=1 + n % 5,
            impact=1 + (n * 3) % 5,
            review=f"2026-11-{10 + n}" if n % 3 else None,
        )
        if n % 5 == 0:
            repo.risks.close(risk.id)
    repo.flush()
    # One risk written otherwise than pstui writes it (its fields on its record's line):
    # read by a parse, and counted all the same.
    text = repo.path.read_text(encoding="utf-8")
    odd = repo.risks.listed(closed=False)[0]
    entry = f'\n  "{odd.id}": {{'
    start = text.index(entry) + len(entry) - 1
    end = text.index("\n  }", start) + len("\n  }")
    record = json.dumps(json.loads(text[start:end]), ensure_ascii=False)
    repo.path.write_text(text[:start] + record + text[end:], encoding="utf-8")

    reopened = Repository(repo.path, who="other")
    risks = reopened.risks.listed(closed=False)
    for card in cards:
        severe = sum(r.card == card and r.level in (Level.HIGH, Level.CRITICAL) for r in risks)
        assert reopened.risks.severe_on(card) == severe
    overdue = sum(1 for r in risks if r.review_overdue(TODAY))
    assert reopened.risks.reviews_overdue(board, TODAY) == overdue > 0
