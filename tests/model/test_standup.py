"""Standup rules on a known event log with a frozen clock: days in stage, stuck, where "since"
starts and which events it keeps, what changed in words, the walk's order, the digest."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest

from pstui.model.card import Card, ChecklistItem, Decision, Outcome
from pstui.model.event import Event
from pstui.model.risk import Risk
from pstui.model.standup import (
    BY_ASSIGNEE,
    BY_COLUMN,
    UNASSIGNED,
    Digest,
    InFlight,
    Since,
    SinceError,
    changes_of,
    days_in_stage,
    digest_card,
    digest_markdown,
    due_words,
    events_since,
    hold_of,
    is_stuck,
    since_point,
    stage_entered,
    walk_order,
)
from pstui.model.workflow import DEFAULT_STUCK_DAYS, Stage, Workflow, WorkflowError

TODAY = pendulum.Date(2026, 11, 22)
WORKFLOW = Workflow(
    (
        Stage("start", "Start", stuck_days=3),
        Stage("work", "Work"),
        Stage("care", "Care", stuck_days=0),
    )
)
CARD_ID = "01KCARD0000000000000000001"


def event(
    n: int,
    at: str,
    action: str,
    summary: str = "",
    *,
    by: str = "Alice Chen",
    table: str = "cards",
    record: str = CARD_ID,
    **data: object,
) -> Event:
    return Event(f"01KEV{n:021d}", at, by, action, table, record, summary, dict(data))


def card(**fields: object) -> Card:
    values: dict = {
        "id": CARD_ID,
        "board": "B",
        "title": "Portal",
        "stage": "work",
        "rank": "m",
        "created_at": "2026-11-01T09:00:00+00:00",
        "updated_at": "2026-11-01T09:00:00+00:00",
        "stage_since": "2026-11-05T09:00:00+00:00",
    }
    values.update(fields)
    return Card(**values)


# A card's log: created in Start on 11-01, on to Work on 11-05, back to Start on 11-10
# (recycled), on to Work again on 11-15; a Hold in Work on 11-20 leaves it where it is.
LOG = [
    event(1, "2026-11-01T09:00:00+00:00", "create", "added 'Portal' to Start"),
    event(2, "2026-11-05T09:00:00+00:00", "decision", outcome="go", frm="start", to="work"),
    event(3, "2026-11-10T09:00:00+00:00", "decision", outcome="recycle", frm="work", to="start"),
    event(4, "2026-11-15T10:00:00+00:00", "move", frm="start", to="work"),
    event(5, "2026-11-20T09:00:00+00:00", "decision", outcome="hold", frm="work", to="work"),
]


# ----- days in stage and stuck ----------------------------------------------------------------


def test_a_card_entered_its_stage_with_the_last_event_that_moved_it_there():
    assert stage_entered(card(), LOG) == "2026-11-15T10:00:00+00:00"  # not the Hold
    assert days_in_stage(card(), LOG, TODAY) == 7
    assert days_in_stage(card(), reversed(LOG), TODAY) == 7  # the events in any order


def test_without_its_move_among_the_events_the_card_says_when_it_entered():
    assert stage_entered(card(), LOG[:1]) == "2026-11-05T09:00:00+00:00"  # stage_since
    assert stage_entered(card(stage_since=None), []) == "2026-11-01T09:00:00+00:00"
    assert days_in_stage(card(stage_since=None, created_at=""), [], TODAY) == 0


def test_another_cards_moves_do_not_count():
    other = event(9, "2026-11-21T09:00:00+00:00", "move", record="01KOTHER", frm="a", to="work")
    assert stage_entered(card(), [*LOG, other]) == "2026-11-15T10:00:00+00:00"


def test_days_in_stage_are_whole_days_of_the_utc_calendar_never_negative():
    late = card(stage_since="2026-11-21T23:59:00+00:00")
    assert days_in_stage(late, [], TODAY) == 1
    assert days_in_stage(card(stage_since="2026-12-06T13:00:00+00:00"), [], TODAY) == 0
    assert days_in_stage(card(stage_since="not a time"), [], TODAY) == 0


def test_stuck_is_past_the_stages_threshold_the_default_or_never():
    start, work, care = WORKFLOW.stages
    assert not is_stuck(3, start) and is_stuck(4, start)
    assert work.stuck_after == DEFAULT_STUCK_DAYS
    assert not is_stuck(DEFAULT_STUCK_DAYS, work) and is_stuck(DEFAULT_STUCK_DAYS + 1, work)
    assert care.stuck_after is None and not is_stuck(1000, care)
    assert not is_stuck(1000, None)  # a stage the workflow does not have


def test_stuck_days_is_read_and_written_with_the_workflow_only_when_set():
    raw = WORKFLOW.to_list()
    assert raw[0]["stuck_days"] == 3 and raw[2]["stuck_days"] == 0
    assert "stuck_days" not in raw[1]  # no new field on every board of every store
    assert Workflow.from_list(raw) == WORKFLOW


@pytest.mark.parametrize("value", [-1, "5", 2.5, True])
def test_a_stuck_days_that_is_not_a_whole_number_of_days_is_refused(value):
    with pytest.raises(WorkflowError, match="stuck_days"):
        Stage.from_dict({"id": "a", "stuck_days": value})


def test_a_hold_is_the_cards_last_decision_at_the_gate_it_still_waits_at():
    hold = Decision("d2", "work", Outcome.HOLD, "Ben", "2026-11-20T09:00:00+00:00", "client")
    go = Decision("d1", "start", Outcome.GO, "Ben", "2026-11-05T09:00:00+00:00")
    assert hold_of(card(decisions=[go, hold])) == hold
    assert hold_of(card(decisions=[hold, go])) is None
    assert hold_of(card(decisions=[hold], stage="care")) is None  # recycled or moved on since
    assert hold_of(card(decisions=[hold], archived=True)) is None


def test_due_dates_in_words():
    assert due_words("2026-11-22", TODAY) == "due today"
    assert due_words("2026-11-25", TODAY) == "due in 3d"
    assert due_words("2026-11-18", TODAY) == "overdue 4d"
    assert due_words(None, TODAY) == ""
    assert due_words("someday", TODAY) == "due someday"


# ----- since when -----------------------------------------------------------------------------

STANDUPS = [
    event(20, "2026-11-20T09:05:00+00:00", "standup", by="Ben", table="boards", record="B"),
    event(21, "2026-11-21T09:10:00+00:00", "standup", by="Priya", table="boards", record="B"),
]


def test_since_is_the_last_standup_else_yesterday():
    since = since_point(None, reversed(STANDUPS), TODAY)
    assert since.at == "2026-11-21T09:10:00+00:00"
    assert since.standup == STANDUPS[1]
    assert since.label == "the standup of 2026-11-21 09:10 UTC (Priya)"
    assert since_point("", [], TODAY) == Since(
        "2026-11-21T00:00:00+00:00", "yesterday (2026-11-21)"
    )


def test_since_a_day_given():
    assert since_point("yesterday", STANDUPS, TODAY).at == "2026-11-21T00:00:00+00:00"
    assert since_point("Today", STANDUPS, TODAY).at == "2026-11-22T00:00:00+00:00"
    assert since_point("2026-11-01", STANDUPS, TODAY) == Since(
        "2026-11-01T00:00:00+00:00", "2026-11-01"
    )
    with pytest.raises(SinceError, match="'last week' is not a day"):
        since_point("last week", STANDUPS, TODAY)


def test_events_since_are_those_at_or_after_the_point_oldest_first_without_standups():
    since = Since("2026-11-15T10:00:00+00:00", "")
    later = event(6, "2026-11-16T08:00:00.5+01:00", "edit", fields=["due"])  # 07:00:00.5 UTC
    broken = event(7, "yesterday", "edit")
    events = [later, *reversed(LOG), *STANDUPS, broken]
    assert events_since(events, since) == [LOG[3], later, LOG[4]]
    assert events_since(events, Since("2026-11-30T00:00:00+00:00", "")) == []
    with pytest.raises(SinceError):
        events_since(events, Since("soon", ""))


# ----- what changed ---------------------------------------------------------------------------


def test_changes_are_said_without_the_cards_label():
    portal = card(title="Portal: phase 2", due="2026-12-05", tags=["vip", "eu"])
    label = "4F2K Portal: phase 2"
    events = [
        event(1, "2026-11-21T10:00:00+00:00", "checklist", f"ticked 'Scope' on {label}"),
        event(2, "2026-11-21T10:01:00+00:00", "block", f"blocked {label}: no VPN access"),
        event(3, "2026-11-21T10:02:00+00:00", "decision", f"{label}: held at the Work gate (x)"),
        event(4, "2026-11-21T10:03:00+00:00", "move", f"moved {label} back from Work to Start"),
        event(5, "2026-11-21T10:04:00+00:00", "rank", f"moved {label} up"),  # not news
        event(6, "2026-11-21T10:05:00+00:00", "note", f"note on {label}: call Li"),
        event(
            7, "2026-11-21T10:06:00+00:00", "edit", "edited title of 3F2K Portal", fields=["title"]
        ),
        event(8, "2026-11-21T10:07:00+00:00", "archive", f"archived {label}"),
    ]
    what = [h.what for h in changes_of(portal, events, {}, "4F2K")]
    assert what == [
        "ticked 'Scope'",
        "blocked: no VPN access",
        "held at the Work gate (x)",
        "moved back from Work to Start",
        "note: call Li",
        "edited title of 3F2K Portal (now Portal: phase 2)",  # written under its old title
        "archived",
    ]


def test_a_chinese_summary_is_said_whole_on_an_english_card_too():
    """Cutting the label out of a Chinese sentence would leave its words dangling ("向 添加
    检查项"); an English summary of a Chinese-named item is still cut."""
    portal = card(title="门户上线")
    label = "4F2K 门户上线"
    events = [
        event(1, "2026-11-21T10:00:00+00:00", "checklist", f"向 {label} 添加检查项 '范围'"),
        event(2, "2026-11-21T10:01:00+00:00", "checklist", f"ticked '范围' on {label}"),
    ]
    what = [h.what for h in changes_of(portal, events, {}, "4F2K")]
    assert what == [f"向 {label} 添加检查项 '范围'", "ticked '范围'"]


def test_a_conflict_is_said_in_the_readers_language_its_data_kept_english(chinese):
    written = 'title: kept "B" (by later edit), other value "A"'
    clash = event(1, "2026-11-21T10:00:00+00:00", "conflict", written, field="title",
                  kept="B", other="A", kept_at="2", other_at="1")  # fmt: skip
    [happened] = changes_of(card(), [clash], {}, "4F2K")
    assert happened.what == 'title：保留 "B"（较晚的编辑），另一个值 "A"'
    assert happened.english == written


def test_an_edit_says_the_value_its_field_holds_now_after_its_last_edit_only():
    # Edit events record which fields changed, not their old values: the digest says the
    # value the last edit of each field left.
    portal = card(due="2026-12-05", tags=["vip", "eu"], assignee="")
    events = [
        event(1, "2026-11-21T10:00:00+00:00", "edit", "edited due of X Portal", fields=["due"]),
        event(2, "2026-11-21T11:00:00+00:00", "edit", "edited due, tags of X Portal",
              fields=["due", "tags"]),
        event(3, "2026-11-21T12:00:00+00:00", "edit", "edited assignee, description of X Portal",
              fields=["assignee", "description"]),
    ]  # fmt: skip
    what = [h.what for h in changes_of(portal, events, {}, "X")]
    assert what == [
        "edited due",
        "edited due, tags (now due 2026-12-05; tags #vip #eu)",
        "edited assignee, description (now assignee none)",
    ]


def test_risk_events_say_a_new_risk_with_its_level():
    risk = Risk("R1", "B", "Sponsor leaving", "2026-11-21T10:00:00+00:00", "",
                card=CARD_ID, probability=3, impact=4)  # fmt: skip
    events = [
        event(1, "2026-11-21T10:00:00+00:00", "create", "logged risk", table="risks", record="R1"),
        event(2, "2026-11-21T11:00:00+00:00", "status", "closed risk R1", table="risks",
              record="R1"),
    ]  # fmt: skip
    what = [h.what for h in changes_of(card(), events, {"R1": risk}, "X")]
    assert what == ["new risk: Sponsor leaving (high, 12)", "closed risk R1"]


# ----- the walk and the digest ----------------------------------------------------------------


def test_the_walk_goes_person_by_person_right_to_left():
    cards = [
        InFlight("a", "Priya", 0, 0),
        InFlight("b", "", 1, 0),
        InFlight("c", "priya ", 2, 1),  # another spelling is another person
        InFlight("d", "Ben", 0, 1),
        InFlight("e", "Priya", 2, 0),
        InFlight("f", "Priya", 0, 1),
    ]
    groups = walk_order(reversed(cards), BY_ASSIGNEE, WORKFLOW.stages)
    assert [(g.name, g.card_ids) for g in groups] == [
        ("Ben", ("d",)),
        ("Priya", ("e", "a", "f")),
        ("priya", ("c",)),
        (UNASSIGNED, ("b",)),
    ]
    by_column = walk_order(cards, BY_COLUMN, WORKFLOW.stages)
    assert [(g.name, g.card_ids) for g in by_column] == [
        ("Care", ("e", "c")),
        ("Work", ("b",)),
        ("Start", ("a", "d", "f")),
    ]
    with pytest.raises(ValueError, match="group by"):
        walk_order(cards, "client", WORKFLOW.stages)


def digest_of_portal() -> Digest:
    items = [
        ChecklistItem("i1", "Scope signed", must=True, owner="Ben", due="2026-11-20"),
        ChecklistItem("i2", "Kickoff held", done=True),
        ChecklistItem("i3", "Risks logged"),
    ]
    hold = Decision("d1", "start", Outcome.HOLD, "Ben", "2026-11-20T09:00:00+00:00", "budget")
    portal = card(
        stage="start",
        stage_since="2026-11-10T09:00:00+00:00",
        checklists={"start": items},
        decisions=[hold],
        blocked=True,
        blocked_reason="no \x1b[31mVPN",
        due="2026-11-25",
        assignee="Priya",
    )
    severe = Risk("R1", "B", "Sponsor leaving", "", "", card=CARD_ID, probability=4, impact=5)
    mild = Risk("R2", "B", "Rain", "", "", card=CARD_ID, probability=1, impact=2)
    closed = Risk("R3", "B", "Old", "", "", card=CARD_ID, probability=5, impact=5, status="closed")
    news = [event(1, "2026-11-21T10:00:00+00:00", "note", "note on 4F2K Portal: call Li")]
    one = digest_card(portal, WORKFLOW, "4F2K", news, [mild, closed, severe], {}, TODAY)
    since = Since("2026-11-21T00:00:00+00:00", "yesterday (2026-11-21)")
    return Digest("Board", since, TODAY, BY_ASSIGNEE, (("Priya", (one,)),), ())


def test_a_cards_digest():
    ((_, (one,)),) = digest_of_portal().groups
    assert (one.stage_name, one.days_in_stage, one.stuck_after, one.stuck) == ("Start", 12, 3, True)
    assert [i.id for i in one.open_items] == ["i1", "i3"]
    assert one.hold is not None and one.hold.note == "budget"
    assert [r.id for r in one.risks] == ["R1"]  # open, and high or critical
    assert [h.what for h in one.changes] == ["note: call Li"]


def test_the_digest_as_markdown_shows_user_text_literally():
    assert digest_markdown(digest_of_portal()) == (
        "# Standup: Board, 2026-11-22\n"
        "\n"
        "Since yesterday (2026-11-21).\n"
        "1 card in flight: Priya 1.\n"
        "\n"
        "## Priya (1)\n"
        "\n"
        "### 4F2K Portal\n"
        "\n"
        "- Start, 12 days in stage (stuck: over 3), due in 3d (2026-11-25)\n"
        "- **Blocked:** no ^[[31mVPN\n"
        "- **Hold:** at the gate since 2026-11-20, by Ben: budget\n"
        "- Open items (2):\n"
        "  - [ ] must: Scope signed @Ben, overdue 2d (2026-11-20)\n"
        "  - [ ] Risks logged\n"
        "- Risk critical 20: Sponsor leaving\n"
        "- Since:\n"
        "  - 2026-11-21 10:00 Alice Chen: note: call Li\n"
    )


def test_the_digest_as_data():
    data = digest_of_portal().to_dict()
    assert data["since"] == "2026-11-21T00:00:00+00:00"
    (group,) = data["groups"]
    (one,) = group["cards"]
    assert one["short_id"] == "4F2K" and one["stuck"] is True
    assert one["due_words"] == "due in 3d"
    assert one["blocked"] == "no \x1b[31mVPN"  # data as stored: JSON escapes it
    assert one["hold"] == {"at": "2026-11-20T09:00:00+00:00", "by": "Ben", "note": "budget"}
    assert [r["level"] for r in one["risks"]] == ["critical"]
    assert one["changes"][0]["what"] == "note: call Li"


def test_dates_are_compared_as_days_whatever_date_type_today_is():
    assert days_in_stage(card(), [], date(2026, 11, 22)) == days_in_stage(card(), [], TODAY)
