"""Cards as store records: to_dict/from_dict round trips and unknown fields kept."""

from __future__ import annotations

import copy
import json
import re

import pytest

from pstui.model.card import Card, ChecklistItem, Decision, Outcome
from pstui.model.records import RecordError

T0 = "2026-11-22T09:00:00+00:00"
T1 = "2026-11-23T10:00:00.123456+00:00"
# The card fields the store contract names (DESIGN.md, "The store file").
CONTRACT_FIELDS = [
    "board",
    "title",
    "description",
    "kind",
    "stage",
    "rank",
    "assignee",
    "client",
    "tags",
    "due",
    "blocked",
    "checklists",
    "decisions",
    "archived",
    "created_at",
    "updated_at",
]


def full_card() -> Card:
    return Card(
        id="01KAAAAAAAAAAAAAAAAAAAAAAA",
        board="01KBBBBBBBBBBBBBBBBBBBBBBB",
        title="ERP rollout 企业资源计划",
        stage="execution",
        rank="i5",
        created_at=T0,
        updated_at=T1,
        description="Line one\nline two",
        kind="change",
        assignee="张三",
        client="ACME",
        tags=["erp", "优先"],
        due="2026-12-01",
        blocked=True,
        blocked_reason="waiting for VPN",
        checklists={
            "initiation": [
                ChecklistItem(
                    id="I1",
                    text="Scope agreed",
                    must=True,
                    done=True,
                    owner="ana",
                    due="2026-11-30",
                    done_by="ana",
                    done_at=T0,
                    criterion="scope-defined",
                )
            ],
            "execution": [
                ChecklistItem(id="I2", text="Tested", must=True, criterion="quality-checked"),
                ChecklistItem(id="I3", text="Hand-made item"),
            ],
        },
        decisions=[
            Decision("D1", "initiation", Outcome.GO, "ana", T0, "all must items done", "execution"),
            Decision("D2", "execution", Outcome.HOLD, "bo", T1, "waiting", None),
        ],
        archived=False,
        stage_since=T0,
    )


def test_round_trip_keeps_every_field():
    card = full_card()
    again = Card.from_dict(card.id, card.to_dict())
    assert again == card
    assert again.decisions[0].outcome is Outcome.GO
    assert isinstance(again.checklists["execution"][1], ChecklistItem)


def test_round_trip_through_json_text():
    card = full_card()
    raw = json.loads(json.dumps(card.to_dict()))
    assert Card.from_dict(card.id, raw) == card


def test_to_dict_has_the_contract_fields_and_no_id():
    raw = full_card().to_dict()
    for name in CONTRACT_FIELDS:
        assert name in raw, name
    assert "id" not in raw
    assert "extra" not in raw
    assert raw["decisions"][1] == {
        "id": "D2",
        "stage": "execution",
        "outcome": "hold",
        "by": "bo",
        "at": T1,
        "note": "waiting",
        "to": None,
    }
    assert raw["checklists"]["initiation"][0]["criterion"] == "scope-defined"
    assert raw["checklists"]["initiation"][0]["done_by"] == "ana"
    json.dumps(raw)  # plain JSON data only


def test_to_dict_returns_copies_not_the_cards_own_lists():
    card = full_card()
    raw = card.to_dict()
    raw["tags"].append("x")
    raw["checklists"]["execution"].clear()
    assert card.tags == ["erp", "优先"]
    assert len(card.checklists["execution"]) == 2


def test_unknown_fields_are_kept_in_extra_and_written_back():
    raw = full_card().to_dict()
    raw["estimate_days"] = 12
    raw["future"] = {"nested": [1, "two", None]}
    card = Card.from_dict("C1", raw)
    assert card.extra == {"estimate_days": 12, "future": {"nested": [1, "two", None]}}
    card.title = "Renamed"
    out = card.to_dict()
    assert out["estimate_days"] == 12
    assert out["future"] == {"nested": [1, "two", None]}
    assert out["title"] == "Renamed"
    assert set(out) == set(raw)


def test_known_fields_win_over_a_stale_extra_copy():
    card = Card.from_dict("C1", {**full_card().to_dict(), "zz": 1})
    card.extra["title"] = "stale"
    assert card.to_dict()["title"] == "ERP rollout 企业资源计划"


def test_text_fields_coerced_to_str_when_null():
    raw = full_card().to_dict()
    for name in ("title", "description", "assignee", "client", "blocked_reason"):
        raw[name] = None
    raw["tags"] = None
    raw["checklists"] = None
    raw["decisions"] = None
    card = Card.from_dict("C1", raw)
    assert (card.title, card.description, card.assignee, card.client, card.blocked_reason) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert card.tags == [] and card.checklists == {} and card.decisions == []


def test_text_fields_coerced_to_str_when_not_text():
    raw = {**full_card().to_dict(), "title": 42, "client": 3.5, "tags": [1, "b"]}
    card = Card.from_dict("C1", raw)
    assert card.title == "42" and card.client == "3.5" and card.tags == ["1", "b"]


def _with_item(**fields) -> dict:
    raw = full_card().to_dict()
    stage = raw["stage"]
    raw["checklists"][stage] = [{**raw["checklists"][stage][0], **fields}]
    return raw


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ({**full_card().to_dict(), "tags": 7}, "tags is 7, not a list"),
        ({**full_card().to_dict(), "due": 20261201}, "due is 20261201, not text"),
        ({**full_card().to_dict(), "stage": ["a"]}, "stage is ['a'], not text"),
        ({**full_card().to_dict(), "checklists": []}, "checklists is [], not an object"),
        ({**full_card().to_dict(), "checklists": {"s": 7}}, "checklist of stage 's' is 7"),
        ({**full_card().to_dict(), "decisions": [7]}, "a decision is 7, not an object"),
        ({**full_card().to_dict(), "decisions": [{"id": "D", "stage": "s"}]}, "outcome is None"),
        ({**full_card().to_dict(), "decisions": [{"outcome": "go"}]}, "has no id or no stage"),
        (_with_item(owner=["ana"]), "a checklist item's owner is ['ana'], not text"),
        (_with_item(due=5), "a checklist item's due is 5, not text"),
        ([], "the card is [], not an object"),
    ],
)
def test_a_field_pstui_cannot_use_is_named(raw, named):
    """Text is read as text whatever it holds; a field the card could only misuse (a list
    that is a number, a date that is not text) is refused with its name."""
    with pytest.raises(RecordError, match=re.escape(named)):
        Card.from_dict("C1", raw)


def test_missing_optional_fields_get_defaults():
    raw = {
        "board": "B",
        "title": "t",
        "stage": "s",
        "rank": "i",
        "created_at": T0,
        "updated_at": T0,
    }
    card = Card.from_dict("C1", raw)
    assert (card.kind, card.due, card.blocked, card.archived) == ("engagement", None, False, False)
    assert card.checklist == [] and card.progress == (0, 0)


def test_copy_is_independent():
    card = full_card()
    twin = card.copy()
    twin.tags.append("x")
    twin.checklists["execution"][0].done = True
    twin.checklists["execution"].append(ChecklistItem(id="I9", text="new"))
    twin.decisions.append(Decision("D3", "execution", Outcome.GO, "x", T1))
    twin.extra["k"] = 1
    assert card == full_card()


def test_checklist_item_round_trip():
    item = ChecklistItem("I1", "Text", True, True, "o", "2026-01-01", "by", T0, "crit")
    assert ChecklistItem.from_dict(copy.deepcopy(item.to_dict())) == item


def test_unknown_checklist_item_fields_are_written_back():
    raw = full_card().to_dict()
    raw["checklists"]["execution"][0]["estimate_hours"] = 3
    out = Card.from_dict("C1", raw).to_dict()
    assert out["checklists"]["execution"][0]["estimate_hours"] == 3


def test_unknown_decision_fields_are_written_back():
    raw = full_card().to_dict()
    raw["decisions"][0]["approvers"] = ["ana", "bo"]
    out = Card.from_dict("C1", raw).to_dict()
    assert out["decisions"][0]["approvers"] == ["ana", "bo"]


def test_a_checklist_item_field_named_extra_is_kept_as_a_field_not_taken_as_ours():
    item = ChecklistItem.from_dict({"id": "I1", "text": "t", "extra": {"a": 1}})
    assert item.extra == {"extra": {"a": 1}}
    assert item.to_dict()["extra"] == {"a": 1}
