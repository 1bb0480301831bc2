"""Risks: levels at every threshold, responses per kind, reviews against a fixed day, records
read and written with unknown fields kept, bad records named, the heat map and the order."""

from __future__ import annotations

import json
import re

import pendulum
import pytest

from pstui.model.records import RecordError
from pstui.model.risk import (
    CATEGORIES,
    LEVELS,
    RESPONSES,
    STATUSES,
    Level,
    Risk,
    RiskError,
    RiskKind,
    RiskNote,
    heat_counts,
    level_of,
    responses_for,
    scale_value,
    sort_key_by_score,
    validate_risk,
)

T0 = "2026-11-22T09:00:00+00:00"
T1 = "2026-11-23T10:00:00.123456+00:00"
TODAY = pendulum.Date(2026, 11, 24)
BOARD = "01KBBBBBBBBBBBBBBBBBBBBBBB"


def risk(**changes) -> Risk:
    values = {
        "id": "01KRRRRRRRRRRRRRRRRRRRRRRR",
        "board": BOARD,
        "title": "Client VPN not ready",
        "created_at": T0,
        "updated_at": T1,
    }
    return Risk(**{**values, **changes})


def full_risk() -> Risk:
    return risk(
        card="01KCCCCCCCCCCCCCCCCCCCCCCC",
        description="Access for the team depends on 客户 IT",
        category="operational",
        kind=RiskKind.THREAT,
        probability=4,
        impact=5,
        owner="张三",
        response="mitigate",
        prevention="Ask for accounts two weeks ahead",
        contingency="Work on site",
        trigger="No accounts a week before kick-off",
        status="monitoring",
        review="2026-12-01",
        notes=[
            RiskNote("N1", T0, "ana", "Asked IT"),
            RiskNote("N2", T1, "bo", "Still waiting", extra={"mood": "grim"}),
        ],
    )


# ----- score and level ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (1, Level.LOW),
        (4, Level.LOW),
        (5, Level.MEDIUM),
        (9, Level.MEDIUM),
        (10, Level.HIGH),
        (14, Level.HIGH),
        (15, Level.CRITICAL),
        (25, Level.CRITICAL),
    ],
)
def test_level_at_every_boundary(score, level):
    assert level_of(score) is level


@pytest.mark.parametrize("score", [0, 26, -3])
def test_a_score_outside_1_to_25_has_no_level(score):
    with pytest.raises(RiskError, match="from 1 to 25"):
        level_of(score)


def test_levels_are_ordered_and_end_at_the_highest_score():
    bounds = [bound for bound, _ in LEVELS]
    assert bounds == sorted(bounds)
    assert bounds[-1] == 25
    assert [level for _, level in LEVELS] == list(Level)


@pytest.mark.parametrize(
    ("probability", "impact", "score", "level"),
    [
        (1, 1, 1, Level.LOW),
        (2, 2, 4, Level.LOW),
        (1, 5, 5, Level.MEDIUM),
        (3, 3, 9, Level.MEDIUM),
        (2, 5, 10, Level.HIGH),
        (3, 5, 15, Level.CRITICAL),
        (5, 5, 25, Level.CRITICAL),
    ],
)
def test_score_is_probability_times_impact(probability, impact, score, level):
    r = risk(probability=probability, impact=impact)
    assert r.score == score
    assert r.level is level


def test_defaults_are_a_middling_open_threat_of_the_whole_board():
    r = risk()
    assert (r.probability, r.impact, r.score, r.level) == (3, 3, 9, Level.MEDIUM)
    assert r.kind is RiskKind.THREAT and r.category == "other" and r.status == "open"
    assert r.card is None and r.response == "" and r.review is None and r.notes == []


# ----- responses ----------------------------------------------------------------------------

THREAT_RESPONSES = ["avoid", "mitigate", "transfer", "accept", "escalate"]
OPPORTUNITY_RESPONSES = ["exploit", "enhance", "share", "accept", "escalate"]


@pytest.mark.parametrize(
    ("kind", "response"),
    [(RiskKind.THREAT, r) for r in THREAT_RESPONSES]
    + [(RiskKind.OPPORTUNITY, r) for r in OPPORTUNITY_RESPONSES],
)
def test_a_response_of_its_kind_is_valid(kind, response):
    assert response in responses_for(kind)
    validate_risk(risk(kind=kind, response=response))  # no error


@pytest.mark.parametrize(
    ("kind", "response"),
    [(RiskKind.THREAT, r) for r in ("exploit", "enhance", "share")]
    + [(RiskKind.OPPORTUNITY, r) for r in ("avoid", "mitigate", "transfer")]
    + [(RiskKind.THREAT, "pray"), (RiskKind.OPPORTUNITY, "Accept")],
)
def test_a_response_of_the_other_kind_is_refused(kind, response):
    assert response not in responses_for(kind)
    with pytest.raises(RiskError, match=re.escape(f"{response!r} is not a response to {kind}")):
        validate_risk(risk(kind=kind, response=response))


def test_responses_for_takes_the_kind_as_text_too():
    assert responses_for("opportunity") == tuple(OPPORTUNITY_RESPONSES)
    assert RESPONSES[RiskKind.THREAT] == tuple(THREAT_RESPONSES)
    with pytest.raises(RiskError, match="kind is 'hazard'"):
        responses_for("hazard")


def test_no_response_yet_is_valid_for_either_kind():
    for kind in RiskKind:
        validate_risk(risk(kind=kind, response=""))


# ----- status and review ----------------------------------------------------------------------


@pytest.mark.parametrize(("status", "is_open"), [(s, s != "closed") for s in STATUSES])
def test_only_a_closed_risk_is_not_open(status, is_open):
    assert risk(status=status).is_open is is_open


@pytest.mark.parametrize(
    ("review", "overdue", "due"),
    [
        ("2026-11-23", True, True),  # yesterday
        ("2026-11-24", False, True),  # today
        ("2026-11-25", False, False),  # tomorrow
        ("2025-01-01", True, True),
        (None, False, False),
        ("", False, False),
        ("next week", False, False),  # hand-typed: not a date, not due, no crash
        ("2026-02-30", False, False),  # looks like a date, is not one
        ("20261101", False, False),  # ISO basic form: not how pstui stores dates
    ],
)
def test_review_overdue_and_due_against_a_fixed_day(review, overdue, due):
    r = risk(review=review)
    assert r.review_overdue(TODAY) is overdue
    assert r.review_due(TODAY) is due


def test_a_closed_risk_is_never_due_for_review():
    r = risk(review="2026-01-01", status="closed")
    assert not r.review_overdue(TODAY)
    assert not r.review_due(TODAY)
    r.status = "occurred"
    assert r.review_overdue(TODAY) and r.review_due(TODAY)


# ----- records ------------------------------------------------------------------------------


def test_round_trip_keeps_every_field():
    r = full_risk()
    again = Risk.from_dict(r.id, r.to_dict())
    assert again == r
    assert again.kind is RiskKind.THREAT
    assert isinstance(again.notes[1], RiskNote)


def test_round_trip_through_json_text():
    r = full_risk()
    raw = json.loads(json.dumps(r.to_dict()))
    assert Risk.from_dict(r.id, raw) == r


def test_to_dict_writes_every_field_and_no_id():
    raw = full_risk().to_dict()
    assert set(raw) == {
        "board", "title", "created_at", "updated_at", "card", "description", "category",
        "kind", "probability", "impact", "owner", "response", "prevention", "contingency",
        "trigger", "status", "review", "notes",
    }  # fmt: skip
    assert type(raw["kind"]) is str and raw["kind"] == "threat"
    assert raw["notes"][0] == {"id": "N1", "at": T0, "by": "ana", "text": "Asked IT"}
    assert raw["notes"][1]["mood"] == "grim"


def test_to_dict_returns_copies_not_the_risks_own_lists():
    r = full_risk()
    raw = r.to_dict()
    raw["notes"].clear()
    assert len(r.notes) == 2


def test_unknown_fields_are_kept_in_extra_and_written_back():
    raw = full_risk().to_dict()
    raw["residual_score"] = 6
    raw["future"] = {"nested": [1, "two", None]}
    raw["notes"][0]["link"] = "https://example.com"
    r = Risk.from_dict("R1", raw)
    assert r.extra == {"residual_score": 6, "future": {"nested": [1, "two", None]}}
    assert r.notes[0].extra == {"link": "https://example.com"}
    r.title = "Renamed"
    out = r.to_dict()
    assert out["residual_score"] == 6
    assert out["future"] == {"nested": [1, "two", None]}
    assert out["notes"][0]["link"] == "https://example.com"
    assert out["title"] == "Renamed"
    assert set(out) == set(raw)


def test_known_fields_win_over_a_stale_extra_copy():
    r = Risk.from_dict("R1", {**full_risk().to_dict(), "zz": 1})
    r.extra["status"] = "stale"
    assert r.to_dict()["status"] == "monitoring"


def test_missing_optional_fields_get_defaults():
    r = Risk.from_dict("R1", {"board": BOARD, "title": "t"})
    assert r == Risk("R1", BOARD, "t", "", "")


def test_nulls_and_empty_text_read_as_the_defaults():
    raw = {name: None for name in full_risk().to_dict()}
    raw.update({"board": BOARD, "card": "", "review": "", "category": "", "status": ""})
    r = Risk.from_dict("R1", raw)
    assert r == Risk("R1", BOARD, "", "", "")


def test_text_fields_are_read_as_text_whatever_they_hold():
    r = Risk.from_dict("R1", {"board": BOARD, "title": 42, "owner": 3.5, "trigger": ["x"]})
    assert (r.title, r.owner, r.trigger) == ("42", "3.5", "['x']")


def test_a_mismatched_response_still_reads_so_it_can_be_fixed():
    raw = {**full_risk().to_dict(), "response": "exploit"}
    r = Risk.from_dict("R1", raw)
    assert r.response == "exploit"
    with pytest.raises(RiskError, match="not a response to threat"):
        r.check()


def _raw(**changes) -> dict:
    return {**full_risk().to_dict(), **changes}


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        (_raw(probability="3"), "probability is '3', not a whole number from 1 to 5"),
        (_raw(probability=6), "probability is 6, not a whole number from 1 to 5"),
        (_raw(probability=0), "probability is 0, not a whole number from 1 to 5"),
        (_raw(probability=True), "probability is True, not a whole number from 1 to 5"),
        (_raw(probability=3.0), "probability is 3.0, not a whole number from 1 to 5"),
        (_raw(impact=False), "impact is False, not a whole number from 1 to 5"),
        (_raw(impact=[5]), "impact is [5], not a whole number from 1 to 5"),
        (_raw(status="gone"), "status is 'gone', not one of open, monitoring, occurred, closed"),
        (_raw(category="weather"), "category is 'weather', not one of technical"),
        (_raw(kind="hazard"), "kind is 'hazard', not one of threat, opportunity"),
        (_raw(response="pray"), "response is 'pray', not empty or one of avoid"),
        (_raw(notes={"N1": {}}), "notes is {'N1': {}}, not a list"),
        (_raw(notes=7), "notes is 7, not a list"),
        (_raw(notes=["seen"]), "a risk note is 'seen', not an object"),
        (_raw(notes=[{"text": "no id"}]), "a risk note has no id"),
        (_raw(notes=[{"id": 1}]), "a risk note's id is 1, not text"),
        (_raw(review=20261201), "review is 20261201, not text"),
        (_raw(card=["C"]), "card is ['C'], not text"),
        (_raw(status=1), "status is 1, not text"),
        (_raw(board=None), "the risk has no board"),
        ({"title": "no board"}, "the risk has no board"),
        ([], "the risk is [], not an object"),
    ],
)
def test_a_field_pstui_cannot_use_is_named(raw, named):
    with pytest.raises(RecordError, match=re.escape(named)):
        Risk.from_dict("R1", raw)


def test_copy_is_independent():
    r = full_risk()
    twin = r.copy()
    twin.notes.append(RiskNote("N3", T1, "cy", "new"))
    twin.notes[1].extra["mood"] = "happy"
    twin.notes[0].text = "changed"
    twin.extra["k"] = 1
    twin.probability = 1
    assert r == full_risk()


def test_a_note_round_trip():
    note = RiskNote("N1", T0, "ana", "text", extra={"x": [1]})
    assert RiskNote.from_dict(note.to_dict()) == note


# ----- validation before writing --------------------------------------------------------------


def test_a_full_risk_is_valid():
    full_risk().check()
    validate_risk(full_risk())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "a risk needs a title"),
        ({"board": ""}, "a risk belongs to a board"),
        ({"card": ""}, "a risk's card is a card id"),
        ({"probability": 0}, "probability must be a whole number from 1 to 5, not 0"),
        ({"impact": 6}, "impact must be a whole number from 1 to 5, not 6"),
        ({"impact": True}, "impact must be a whole number from 1 to 5, not True"),
        ({"category": "weather"}, "category is 'weather'"),
        ({"kind": "hazard"}, "kind is 'hazard'"),
        ({"status": "mitigating"}, "status is 'mitigating'"),
        ({"review": "next week"}, "review is 'next week', not a date like 2026-12-01"),
        ({"review": "2026-02-30"}, "review is '2026-02-30'"),
    ],
)
def test_a_risk_the_store_must_not_write_is_refused(changes, message):
    r = risk(**changes)
    with pytest.raises(RiskError, match=re.escape(message)):
        validate_risk(r)
    with pytest.raises(RiskError, match=re.escape(message)):
        r.check()


def test_every_category_is_valid():
    for category in CATEGORIES:
        validate_risk(risk(category=category))


# ----- scale values -------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "number"), [(" 3 ", 3), (3, 3), ("1", 1), ("5\n", 5), (5, 5)])
def test_scale_value_accepts_1_to_5_typed_or_stored(value, number):
    assert scale_value(value, "probability") == number


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (6, "6"),
        ("0", "'0'"),
        ("6", "'6'"),
        ("x", "'x'"),
        ("", "''"),
        ("  ", "'  '"),
        ("3.0", "'3.0'"),
        ("-1", "'-1'"),
        (True, "True"),
        (3.0, "3.0"),
        (None, "None"),
    ],
)
def test_scale_value_refuses_anything_else_naming_what(value, shown):
    with pytest.raises(RiskError) as caught:
        scale_value(value, "impact")
    assert str(caught.value) == f"impact must be a whole number from 1 to 5, not {shown}"


def test_scale_error_is_a_value_error():
    with pytest.raises(ValueError, match="probability must be a whole number from 1 to 5, not 'x'"):
        scale_value("x", "probability")


# ----- heat map and order -------------------------------------------------------------------


def test_heat_counts_counts_open_risks_per_cell_and_ignores_closed_ones():
    risks = [
        risk(id="A", probability=4, impact=5),
        risk(id="B", probability=4, impact=5, status="monitoring"),
        risk(id="C", probability=4, impact=5, status="closed"),
        risk(id="D", probability=1, impact=2, status="occurred"),
        risk(id="E", probability=5, impact=5, status="closed"),
    ]
    counts = heat_counts(risks)
    assert counts[(4, 5)] == 2
    assert counts[(1, 2)] == 1
    assert counts[(5, 5)] == 0
    assert sum(counts.values()) == 3


def test_heat_counts_has_every_cell_of_the_map():
    counts = heat_counts(iter([]))
    assert set(counts) == {(p, i) for p in range(1, 6) for i in range(1, 6)}
    assert set(counts.values()) == {0}


def test_sort_by_score_then_earliest_review_then_title():
    risks = [
        risk(id="1", title="b low", probability=1, impact=1),
        risk(id="2", title="no review", probability=5, impact=5),
        risk(id="3", title="late", probability=5, impact=5, review="2026-12-31"),
        risk(id="4", title="early", probability=5, impact=5, review="2026-12-01"),
        risk(id="5", title="Alpha", probability=2, impact=3, review="2026-12-01"),
        risk(id="6", title="beta", probability=3, impact=2, review="2026-12-01"),
        risk(id="7", title="a low", probability=1, impact=1),
    ]
    ordered = [r.title for r in sorted(risks, key=sort_key_by_score)]
    assert ordered == ["early", "late", "no review", "Alpha", "beta", "a low", "b low"]
