"""Due dates as people type them, and as people read them.

Dates are stored as plain `YYYY-MM-DD`; timestamps as UTC ISO 8601 strings.
"""

from __future__ import annotations

import re

import pendulum

from pstui import i18n
from pstui.i18n import N_, _

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
# The same in Chinese: 周五 or 星期五 (周日, 星期日 and 星期天 for Sunday).
_CHINESE_WEEKDAYS = dict(zip("一二三四五六日", WEEKDAYS, strict=True))
_CHINESE_WEEKDAY_NAMES = {
    **{f"{prefix}{n}": key for prefix in ("周", "星期") for n, key in _CHINESE_WEEKDAYS.items()},
    "周天": "sun",
    "星期天": "sun",
}
# Days from today for the words that name one.
_DAY_WORDS = {"today": 0, "tomorrow": 1, "今天": 0, "明天": 1, "后天": 2}
_OFFSET = re.compile(r"^\+?(\d{1,4})\s*([dwm])$")
# 3天, +3天, 2周, 1个月 (a trailing 后, "later", as in 3天后, is allowed).
_CHINESE_OFFSET = re.compile(r"^\+?(\d{1,4})\s*(天|周|个月)后?$")
_CHINESE_UNITS = {"天": "d", "周": "w", "个月": "m"}
# What a date prompt says it takes: translate where it is shown, `_(DATE_HELP)`.
DATE_HELP = N_("a date like 2026-12-01, today, tomorrow, fri, +3d, 2w or 1m")


class DateError(ValueError):
    """Text that does not name a date."""


def now_utc() -> str:
    """The current time as the store writes it: UTC, ISO 8601, microseconds."""
    return pendulum.now("UTC").isoformat()


def today() -> pendulum.Date:
    return pendulum.today().date()


def parse_due(text: str, base: pendulum.Date | None = None) -> str | None:
    """`YYYY-MM-DD` for what the user typed; None for an empty answer (clears the date)."""
    typed = text.strip().lower().replace("＋", "+")
    if not typed or typed in {"-", "none"}:
        return None
    day = base or today()
    if typed in _DAY_WORDS:
        return day.add(days=_DAY_WORDS[typed]).isoformat()
    weekday = WEEKDAY_NAMES.get(typed) or _CHINESE_WEEKDAY_NAMES.get(typed)
    if weekday:
        return day.next(WEEKDAYS[weekday]).isoformat()
    offset = _OFFSET.match(typed)
    chinese = None if offset else _CHINESE_OFFSET.match(typed)
    if offset or chinese:
        amount = int((offset or chinese).group(1))
        unit = offset.group(2) if offset else _CHINESE_UNITS[chinese.group(2)]
        moved = {"d": day.add(days=amount), "w": day.add(weeks=amount), "m": day.add(months=amount)}
        return moved[unit].isoformat()
    try:
        parsed = pendulum.parse(typed, exact=True, strict=True)
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        raise DateError(_not_a_date(text)) from None
    if not isinstance(parsed, pendulum.Date) or isinstance(parsed, pendulum.DateTime):
        raise DateError(_not_a_date(text))
    return parsed.isoformat()


def _not_a_date(text: str) -> str:
    return _("{typed} is not {help}").format(typed=repr(text), help=_(DATE_HELP))


def is_overdue(due: str | None, base: pendulum.Date | None = None) -> bool:
    if not due:
        return False
    try:
        return pendulum.Date.fromisoformat(due) < (base or today())
    except ValueError:
        return False


def humanize_due(due: str | None, base: pendulum.Date | None = None) -> str:
    """A short reading of a due date relative to today, in the interface language: 'today',
    'in 3 days', '2 weeks ago' (今天, 3天后, 2周前)."""
    if not due:
        return ""
    try:
        day = pendulum.Date.fromisoformat(due)
    except ValueError:
        return due
    ref = base or today()
    delta = (day - ref).in_days()
    if delta == 0:
        return _("today")
    if delta == 1:
        return _("tomorrow")
    if delta == -1:
        return _("yesterday")
    # pendulum's own words for the span: "3 days", or in Chinese "3天".
    locale = "zh" if i18n.language() == i18n.CHINESE else "en"
    words = day.diff_for_humans(ref, absolute=True, locale=locale)
    return (_("in {when}") if delta > 0 else _("{when} ago")).format(when=words)
