"""Triage rules the board shares with the standup: days in stage from what a card holds,
the facets the filter's tokens compare, and an edit's history said old -> new."""

from __future__ import annotations

from datetime import date

import pendulum

from pstui.model.card import Card
from pstui.model.event import Event
from pstui.model.standup import (
    TriageFacets,
    changes_of,
    days_in_stage,
    days_since,
    due_day,
    due_words,
    edit_words,
    stamp_day,
)
from pstui.model.workflow import Stage

TODAY = date(2026, 11, 22)
DAY = TODAY.toordinal()


def card(**fields) -> Card:
    base = {
        "id": "01CARD",
        "board": "B",
        "title": "Portal",
        "stage": "execution",
        "rank": "m",
        "created_at": "2026-11-01T09:00:00+00:00",
        "updated_at": "2026-11-01T09:00:00+00:00",
    }
    return Card(**(base | fields))


def edit(data: dict, n: int = 1) -> Event:
    return Event(f"E{n}", "2026-11-21T10:00:00+00:00", "ana", "edit", "cards", "01CARD",
                 "edited due of X Portal", data)  # fmt: skip


def test_days_in_stage_come_from_the_cards_stage_since_else_its_creation() -> None:
    moved = card(stage_since="2026-11-18T23:30:00-02:00")  # 2026-11-19 01:30 UTC
    assert days_in_stage(moved, (), TODAY) == 3
    assert days_in_stage(card(), (), TODAY) == 21  # created 11-01, never moved
    assert days_in_stage(card(stage_since="2026-11-22T08:00:00+00:00"), (), TODAY) == 0
    future = card(stage_since="2026-12-06T13:00:00+00:00")  # a clock ahead of the app's day
    assert days_in_stage(future, (), pendulum.Date(2026, 11, 22)) == 0
    assert days_in_stage(card(stage_since="not a time", created_at=""), (), TODAY) == 0


def test_day_numbers_of_stamps_and_due_dates() -> None:
    assert stamp_day("2026-11-21T23:59:59+00:00") == DAY - 1
    assert stamp_day("2026-11-22T01:00:00+05:00") == DAY - 1  # UTC's day
    assert stamp_day("") is None and stamp_day("soon") is None
    assert due_day("2026-11-25") == DAY + 3
    assert due_day(None) is None and due_day("someday") is None
    assert days_since(DAY - 4, TODAY) == 4 and days_since(None, TODAY) == 0


def test_due_words_say_what_a_date_is_without_colour() -> None:
    assert due_words("2026-11-25", TODAY) == "due in 3d"
    assert due_words("2026-11-22", TODAY) == "due today"
    assert due_words("2026-11-18", TODAY) == "overdue 4d"
    assert due_words("someday", TODAY) == "due someday"


def test_triage_facets_say_overdue_and_stuck_from_day_numbers() -> None:
    facets = TriageFacets(due=DAY - 1, blocked=False, held=False, entered=DAY - 11)
    assert facets.overdue(DAY) and not facets.overdue(DAY - 1)
    assert facets.stuck(DAY, Stage("x", "X", stuck_days=10))
    assert not facets.stuck(DAY, Stage("x", "X", stuck_days=11))
    assert not facets.stuck(DAY, None)  # a stage the workflow does not have: never stuck
    assert not TriageFacets(None, False, False, None).stuck(DAY, Stage("x", "X", stuck_days=1))


def test_an_edit_with_its_values_says_them_old_to_new() -> None:
    one = edit({"fields": ["due"], "old": {"due": "2026-12-01"}, "new": {"due": "2026-12-05"}})
    assert edit_words(one) == "edited due 2026-12-01 -> 2026-12-05"
    several = edit(
        {
            "fields": ["assignee", "description", "tags", "title"],
            "old": {"assignee": "", "tags": ["vip"], "title": "Portal"},
            "new": {"assignee": "Priya Raman", "tags": ["vip", "eu"], "title": "Portal -> v2"},
        }
    )
    assert edit_words(several) == (
        "edited assignee none -> Priya Raman; description; tags #vip -> #vip #eu; "
        "title 'Portal' -> 'Portal -> v2'"
    )
    assert edit_words(edit({"fields": ["due"]})) is None  # recorded by an older pstui
    note = Event("E9", "2026-11-21T10:00:00+00:00", "ana", "note", "cards", "01CARD", "note", {})
    assert edit_words(note) is None


def test_the_digest_says_an_edit_old_to_new_and_an_older_one_as_before() -> None:
    now = card(due="2026-12-05")
    events = [
        edit({"fields": ["due"], "old": {"due": None}, "new": {"due": "2026-12-01"}}, 1),
        edit({"fields": ["due"]}, 2),  # an older pstui's: the value the field holds now
    ]
    what = [h.what for h in changes_of(now, events, {}, "X")]
    assert what == ["edited due none -> 2026-12-01", "edited due (now 2026-12-05)"]
