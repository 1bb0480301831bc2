"""Due dates as people type them, and as people read them.

Dates are stored as plain `YYYY-MM-DD`; timestamps as UTC ISO 8601 strings.
"""

from __future__ import annotations

import re

import pendulum

WEEKDAYS = {
    "mon": pendulum.MONDAY,
    "tue": pendulum.TUESDAY,
    "wed": pendulum.WEDNESDAY,
    "thu": pendulum.THURSDAY,
    "fri": pendulum.FRIDAY,
    "sat": pendulum.SATURDAY,
    "sun": pendulum.SUNDAY,
}
# Full weekday names and their three-letter forms, mapped to the three-letter key.
WEEKDAY_NAMES = {
    "monday": "mon",
    "tuesday": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
    **{k: k for k in WEEKDAYS},
}
_OFFSET = re.compile(r"^\+?(\d{1,4})\s*([dwm])$")
DATE_HELP = "a date like 2026-12-01, today, tomorrow, fri, +3d, 2w or 1m"


class DateError(ValueError):
    """Text that does not name a date."""


def now_utc() -> str:
    """The current time as the store writes it: UTC, ISO 8601, microseconds."""
    return pendulum.now("UTC").isoformat()


def today() -> pendulum.Date:
    return pendulum.today().date()


def parse_due(text: str, base: pendulum.Date | None = None) -> str | None:
    """`YYYY-MM-DD` for what the user typed; None for an empty answer (clears the date)."""
    typed = text.strip().lower()
    if not typed or typed in {"-", "none"}:
        return None
    day = base or today()
    if typed == "today":
        return day.isoformat()
    if typed == "tomorrow":
        return day.add(days=1).isoformat()
    if typed in WEEKDAY_NAMES:
        return day.next(WEEKDAYS[WEEKDAY_NAMES[typed]]).isoformat()
    offset = _OFFSET.match(typed)
    if offset:
        amount, unit = int(offset.group(1)), offset.group(2)
        moved = {"d": day.add(days=amount), "w": day.add(weeks=amount), "m": day.add(months=amount)}
        return moved[unit].isoformat()
    try:
        parsed = pendulum.parse(typed, exact=True, strict=True)
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        raise DateError(f"{text!r} is not {DATE_HELP}") from None
    if not isinstance(parsed, pendulum.Date) or isinstance(parsed, pendulum.DateTime):
        raise DateError(f"{text!r} is not {DATE_HELP}")
    return parsed.isoformat()


def is_overdue(due: str | None, base: pendulum.Date | None = None) -> bool:
    if not due:
        return False
    try:
        return pendulum.Date.fromisoformat(due) < (base or today())
    except ValueError:
        return False


def humanize_due(due: str | None, base: pendulum.Date | None = None) -> str:
    """A short reading of a due date relative to today: 'today', 'in 3 days', '2 weeks ago'."""
    if not due:
        return ""
    try:
        day = pendulum.Date.fromisoformat(due)
    except ValueError:
        return due
    ref = base or today()
    delta = (day - ref).in_days()
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    words = day.diff_for_humans(ref, absolute=True)
    return f"in {words}" if delta > 0 else f"{words} ago"
