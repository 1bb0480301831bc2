"""Due dates as people type them (parse_due) and read them (humanize_due, is_overdue)."""

from __future__ import annotations

import pendulum
import pytest

from pstui.model.dates import DateError, humanize_due, is_overdue, now_utc, parse_due

BASE = pendulum.Date(2026, 11, 22)  # a Sunday


def test_base_is_a_sunday():
    assert BASE.day_of_week == pendulum.SUNDAY


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("2026-12-01", "2026-12-01"),
        ("today", "2026-11-22"),
        ("tomorrow", "2026-11-23"),
        ("fri", "2026-11-27"),
        ("friday", "2026-11-27"),
        ("FRI", "2026-11-27"),
        ("mon", "2026-11-23"),
        ("sun", "2026-11-29"),  # the next Sunday, never today
        ("+3d", "2026-11-25"),
        ("3d", "2026-11-25"),
        ("2w", "2026-12-06"),
        ("1m", "2026-12-22"),
        ("+0d", "2026-11-22"),
        ("  tomorrow  ", "2026-11-23"),
        ("2027-02-28", "2027-02-28"),
        ("2028-02-29", "2028-02-29"),
    ],
)
def test_parse_due(typed, expected):
    assert parse_due(typed, BASE) == expected


def test_parse_due_month_offset_from_month_end_clamps():
    assert parse_due("1m", pendulum.Date(2027, 1, 31)) == "2027-02-28"


@pytest.mark.parametrize("typed", ["", "   ", "-", "none"])
def test_parse_due_empty_clears_the_date(typed):
    assert parse_due(typed, BASE) is None


@pytest.mark.parametrize(
    "typed",
    [
        "frx",
        "2026-13-01",
        "soon",
        "2026-02-30",
        "2027-02-29",
        "2026-12-01T10:00",
        "12:00",
        "3x",
        "d",
    ],
)
def test_parse_due_rejects_what_is_not_a_date(typed):
    with pytest.raises(DateError) as err:
        parse_due(typed, BASE)
    # The message quotes what was typed and says what would work.
    assert repr(typed) in str(err.value)
    assert "2026-12-01" in str(err.value) and "tomorrow" in str(err.value)


def test_date_error_is_a_value_error():
    assert issubclass(DateError, ValueError)


def test_parse_due_without_base_uses_today():
    assert parse_due("today") == pendulum.today().date().isoformat()


@pytest.mark.parametrize(
    "due,expected",
    [
        ("2026-11-22", "today"),
        ("2026-11-23", "tomorrow"),
        ("2026-11-21", "yesterday"),
        ("2026-11-25", "in 3 days"),
        ("2026-11-20", "2 days ago"),
        ("", ""),
        (None, ""),
    ],
)
def test_humanize_due(due, expected):
    assert humanize_due(due, BASE) == expected


def test_humanize_due_shows_unparseable_text_as_is():
    assert humanize_due("someday", BASE) == "someday"


@pytest.mark.parametrize(
    "due,expected",
    [
        ("2026-11-21", True),
        ("2025-01-01", True),
        ("2026-11-22", False),
        ("2026-11-23", False),
        (None, False),
        ("", False),
        ("garbage", False),
    ],
)
def test_is_overdue(due, expected):
    assert is_overdue(due, BASE) is expected


def test_now_utc_is_an_iso_utc_timestamp():
    stamp = now_utc()
    parsed = pendulum.parse(stamp)
    assert stamp.endswith("+00:00")
    assert parsed.utcoffset().total_seconds() == 0
    assert abs((pendulum.now("UTC") - parsed).total_seconds()) < 5
