"""`pstui check` and check_store: a sound store passes, each kind of damage is named with its
record id and fails the command (for pre-commit hooks and CI)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from pstui.cli import main
from pstui.model.card import Outcome
from pstui.store.check import CheckSummary, Problem, check_data, check_store, is_record_id
from pstui.store.engine.serialize import dumps_store
from pstui.store.repository import Repository
from pstui.store.templates import load_template

OTHER_ID = "01ARZ3NDEKTSV4RRFFQ69G5FAV"


@pytest.fixture
def store(tmp_path) -> Path:
    """A sound store: two cards, a ticked item, a decision, a risk, a survey and a response."""
    path = tmp_path / "pstui.json"
    repo = Repository.create(path, "Board", load_template("service").workflow, who="tester")
    board = repo.boards.all()[0].id
    card = repo.cards.add(board, "First", assignee="A")
    repo.cards.toggle_item(card.id, card.checklist[0].id)
    second = repo.cards.add(board, "Second")
    repo.cards.decide(second.id, Outcome.HOLD, note="waiting")
    repo.close()
    data = load(path)
    now = "2026-01-01T00:00:00+00:00"
    stamps = {"created_at": now, "updated_at": now}
    data["risks"]["01ARZ3NDEKTSV4RRFFQ69G5FA1"] = {
        "board": board,
        "card": card.id,
        "title": "r",
        **stamps,
    }
    data["surveys"]["01ARZ3NDEKTSV4RRFFQ69G5FA2"] = {
        "board": board,
        "card": card.id,
        "sent_on": "2026-01-01",
        "questions": [{"id": "q", "text": "Q?", "scale": "csat"}],
        **stamps,
    }
    data["responses"]["01ARZ3NDEKTSV4RRFFQ69G5FA3"] = {
        "survey": "01ARZ3NDEKTSV4RRFFQ69G5FA2",
        "card": card.id,
        "answered_on": "2026-01-02",
        **stamps,
    }
    save(path, data)
    return path


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def save(path: Path, data: dict) -> None:
    path.write_text(dumps_store(data), encoding="utf-8")


def first_card(data: dict) -> tuple[str, dict]:
    card_id = min(data["cards"])
    return card_id, data["cards"][card_id]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_sound_store_passes(store, capsys):
    assert check_store(store) == []
    summary = CheckSummary()
    check_store(store, summary)
    assert (summary.cards, summary.events) == (2, len(load(store)["events"]))
    code, out, err = run(capsys, "check", str(store))
    assert code == 0 and err == ""
    assert out == f"ok: 2 cards, {summary.events} events\n"


def test_the_bundled_samples_pass():
    samples = Path(__file__).resolve().parents[2] / "sample_projects"
    for sample in samples.glob("*.json"):
        assert check_store(sample) == [], sample


def test_check_finds_the_store_like_every_command(store, capsys, monkeypatch):
    monkeypatch.chdir(store.parent)
    assert run(capsys, "check")[0] == 0
    assert run(capsys, "--store", str(store), "check")[0] == 0
    code, _, err = run(capsys, "check", str(store.parent / "nope.json"))
    assert code == 1 and "no such store file" in err


def damage_dangling_board(data: dict) -> str:
    card_id, card = first_card(data)
    card["board"] = OTHER_ID
    return card_id


def damage_unknown_stage(data: dict) -> str:
    card_id, card = first_card(data)
    card["stage"] = "limbo"
    return card_id


def damage_duplicate_items(data: dict) -> str:
    card_id, card = first_card(data)
    items = card["checklists"]["initiation"]
    items[1]["id"] = items[0]["id"]
    return card_id


def damage_item_id_across_stages(data: dict) -> str:
    card_id, card = first_card(data)
    card["checklists"]["execution"] = [dict(card["checklists"]["initiation"][0])]
    return card_id


def damage_bad_id(data: dict) -> str:
    card_id, card = first_card(data)
    del data["cards"][card_id]
    data["cards"]["card-1"] = card
    return "card-1"


def damage_id_in_two_tables(data: dict) -> str:
    card_id, card = first_card(data)
    data["risks"][card_id] = {"card": card_id, "created_at": "x", "updated_at": "x"}
    return card_id


def damage_decision_stage(data: dict) -> str:
    card_id = next(cid for cid, c in data["cards"].items() if c["decisions"])
    data["cards"][card_id]["decisions"][0]["stage"] = "limbo"
    return card_id


def damage_dangling_risk(data: dict) -> str:
    risk_id = next(iter(data["risks"]))
    data["risks"][risk_id]["card"] = OTHER_ID
    return risk_id


def damage_dangling_response(data: dict) -> str:
    response_id = next(iter(data["responses"]))
    data["responses"][response_id]["survey"] = OTHER_ID
    return response_id


def damage_no_updated_at(data: dict) -> str:
    card_id, card = first_card(data)
    del card["updated_at"]
    return card_id


def damage_newer_schema(data: dict) -> str:
    data["meta"]["pstui"]["schema"] = 99
    return "schema 99"


def damage_tags_a_number(data: dict) -> str:
    card_id, card = first_card(data)
    card["tags"] = 7
    return "tags is 7, not a list"


def damage_due_not_text(data: dict) -> str:
    card_id, card = first_card(data)
    card["due"] = 20261201
    return "due is 20261201, not text"


def damage_item_owner_a_list(data: dict) -> str:
    card_id, card = first_card(data)
    card["checklists"][card["stage"]][0]["owner"] = ["ana"]
    return "owner is ['ana'], not text"


def damage_wip_not_a_number(data: dict) -> str:
    board = next(iter(data["boards"].values()))
    board["stages"][0]["wip"] = "five"
    return "has WIP limit 'five'"


def damage_event_data_text(data: dict) -> str:
    event = next(iter(data["events"].values()))
    event["data"] = "moved"
    return "data is 'moved', not an object"


@pytest.mark.parametrize(
    "damage",
    [
        damage_tags_a_number,
        damage_due_not_text,
        damage_item_owner_a_list,
        damage_wip_not_a_number,
        damage_event_data_text,
        damage_dangling_board,
        damage_unknown_stage,
        damage_duplicate_items,
        damage_item_id_across_stages,
        damage_bad_id,
        damage_id_in_two_tables,
        damage_decision_stage,
        damage_dangling_risk,
        damage_dangling_response,
        damage_no_updated_at,
        damage_newer_schema,
    ],
)
def test_damage_is_named_with_the_record(store, capsys, damage: Callable[[dict], str]):
    data = load(store)
    named = damage(data)
    save(store, data)
    problems = check_store(store)
    assert problems, damage.__name__
    assert any(named in str(p) for p in problems)
    code, out, err = run(capsys, "check", str(store))
    assert code == 1
    assert named in out
    assert all(line.startswith(f"{store}: ") for line in out.splitlines())
    assert "problem" in err


def test_conflict_markers_name_the_line(store, capsys):
    lines = store.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, "<<<<<<< HEAD\n")
    store.write_text("".join(lines), encoding="utf-8")
    (problem,) = check_store(store)
    assert "line 4" in str(problem) and "pstui resolve" in str(problem)
    code, out, _ = run(capsys, "check", str(store))
    assert code == 1 and "conflict markers" in out


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"meta": {}, "meta": {}}', "appears twice"),
        ('{"cards": {', "not valid JSON"),
        ("[]", "not a pstui store"),
        ("{}", "no meta record"),
    ],
)
def test_files_that_are_not_stores(tmp_path, capsys, text, words):
    path = tmp_path / "pstui.json"
    path.write_text(text, encoding="utf-8")
    problems = check_store(path)
    assert problems and words in str(problems[0])
    assert run(capsys, "check", str(path))[0] == 1


def test_binary_garbage(tmp_path):
    path = tmp_path / "pstui.json"
    path.write_bytes(b"\xff\xfe{}")
    (problem,) = check_store(path)
    assert "not UTF-8" in str(problem)


def test_events_may_name_deleted_records(store):
    data = load(store)
    card_id = max(data["cards"])  # the second card: no risk or survey names it
    del data["cards"][card_id]
    assert any(e["record"] == card_id for e in data["events"].values())
    assert check_data(data) == []


def test_control_characters_in_ids_are_shown_literally(store, capsys):
    data = load(store)
    card_id, card = first_card(data)
    del data["cards"][card_id]
    data["cards"]["\x1b[31mred"] = card
    save(store, data)
    code, out, _ = run(capsys, "check", str(store))
    assert code == 1 and "\x1b" not in out and "^[[31mred" in out


def test_record_ids():
    assert is_record_id("01ARZ3NDEKTSV4RRFFQ69G5FAV")
    assert not is_record_id("01ARZ3NDEKTSV4RRFFQ69G5FA")  # 25
    assert not is_record_id("01ARZ3NDEKTSV4RRFFQ69G5FAI")  # I is not Crockford
    assert not is_record_id("01arz3ndektsv4rrffq69g5fav")
    assert not is_record_id(12)


def test_problem_text():
    assert str(Problem("cards", "X", "bad")) == "cards X: bad"
    assert str(Problem("", "", "file is bad")) == "file is bad"
