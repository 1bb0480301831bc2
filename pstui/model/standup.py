"""Standup: the cards in flight walked one at a time, and what changed since the last one.

Pure rules over cards, their events and their risks: when a card entered its stage and
whether it is stuck there, where "since" starts (the board's last `standup` event, a date,
or yesterday), which events are news, and the digest that the standup screen walks and
`pstui standup` prints. The board's triage shares the rules of a card's state (days in
stage, stuck, Hold, due in words, an edit said old -> new) and compares `TriageFacets` in its
filter. Nothing here reads the store; the store's `standups` service gathers what these rules
need.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from operator import attrgetter
from typing import Any, NamedTuple

from pstui import i18n
from pstui.i18n import CHINESE, ENGLISH, N_, _, ngettext, pgettext, translations
from pstui.model.card import Card, ChecklistItem, Decision, Outcome, field_label, kind_label
from pstui.model.conflict_text import conflict_summary
from pstui.model.event import Event
from pstui.model.record_text import language_of
from pstui.model.risk import Level, Risk, level_label
from pstui.model.text import printable
from pstui.model.workflow import Stage, Workflow

STANDUP = "standup"  # the action of the event that marks a standup: the point git shares
NOTE = "note"  # the action of a note said about a card (an event: the card's history)
BY_ASSIGNEE = "assignee"
BY_COLUMN = "column"
GROUPINGS = (BY_ASSIGNEE, BY_COLUMN)
UNASSIGNED = N_("Unassigned")  # the group of cards nobody has: shown as `group_label` says
SEVERE = (Level.HIGH, Level.CRITICAL)
# Actions left out of "what changed": a card's place inside its column is not news.
QUIET = frozenset({"rank", STANDUP})
# Fields whose values an edit's history says: an edit records them old and new ("due
# 2026-12-01 -> 2026-12-05"); for an edit recorded before it did, the digest says the value
# the field holds now. A description's is too long to repeat.
SHOWN_VALUES = ("title", "assignee", "client", "due", "tags", "kind")
OLD, NEW = "old", "new"  # an edit event's data: those fields' values before and after


class SinceError(ValueError):
    """A "since" that names no point in time."""


def group_label(name: str) -> str:
    """A walk group's name as people read it: the unassigned cards' group in the interface
    language (the digest's data keeps `UNASSIGNED`), anyone else's name as it is."""
    return _(UNASSIGNED) if name == UNASSIGNED else name


def _catalog(english: bool = False) -> gettext.NullTranslations:
    """The interface language's catalog; with `english`, English: for the digest as data."""
    return translations(ENGLISH if english else i18n.language())


# ----- since when ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Since:
    """Where "what changed" starts: events at or after `at` are news."""

    at: str  # UTC ISO 8601
    label: str  # how the screens and the digest say it, in the interface language
    standup: Event | None = None  # the standup it is the end of, if it is one
    english: str = field(default="", compare=False)  # the label in English, for the data


def instant(stamp: str) -> datetime | None:
    """A stored timestamp as an aware datetime (UTC when it names no zone); None for text
    that is not one."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _day_start(day: date) -> str:
    """The first instant of `day`: the store's days and stamps are UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat()


def since_point(typed: str | None, standups: Iterable[Event], today: date) -> Since:
    """Where "since" starts: the latest of `standups` (the board's standup events) when
    nothing is typed, else yesterday; or the day typed (`YYYY-MM-DD`, `yesterday`, `today`).
    Raises SinceError for anything else."""
    word = (typed or "").strip().lower()
    if not word:
        last = latest_standup(standups)
        if last is not None:
            said = N_("the standup of {minute} UTC ({by})")
            return _since(last.at, said, last, minute=minute_of(last.at), by=last.by)
        word = "yesterday"
    if word in ("yesterday", "昨天"):
        day = _plain(today) - timedelta(days=1)
        return _since(_day_start(day), N_("yesterday ({day})"), day=day.isoformat())
    if word in ("today", "今天"):
        day = _plain(today)
        return _since(_day_start(day), N_("today ({day})"), day=day.isoformat())
    try:
        day = date.fromisoformat(word)
    except ValueError:
        raise SinceError(
            _("{typed} is not a day: give YYYY-MM-DD, yesterday or today").format(typed=repr(typed))
        ) from None
    return Since(_day_start(day), day.isoformat())


def _since(at: str, said: str, standup: Event | None = None, **values: str) -> Since:
    """A Since labelled `said` (an N_ message) in the interface language, and in English."""
    return Since(at, _(said).format(**values), standup, said.format(**values))


def latest_standup(standups: Iterable[Event]) -> Event | None:
    timed = [(moment, e.id, e) for e in standups if (moment := instant(e.at)) is not None]
    return max(timed, key=lambda t: (t[0], t[1]))[2] if timed else None


def events_since(events: Iterable[Event], since: Since) -> list[Event]:
    """The events at or after `since`, oldest first; standup events themselves are not news,
    and an event whose time does not read is left out."""
    start = instant(since.at)
    if start is None:
        raise SinceError(_("{at} is not a point in time").format(at=repr(since.at)))
    timed = [
        (moment, e.id, e)
        for e in events
        if e.action != STANDUP and (moment := instant(e.at)) is not None and moment >= start
    ]
    timed.sort(key=lambda t: (t[0], t[1]))
    return [e for _moment, _id, e in timed]


def minute_of(stamp: str) -> str:
    """`2026-11-21 09:14`: a stamp as the screens show it, to the minute (UTC)."""
    moment = instant(stamp)
    if moment is None:
        return stamp
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


# ----- days in stage ------------------------------------------------------------------------


def stage_entered(card: Card, events: Iterable[Event]) -> str | None:
    """When `card` entered the stage it is in: the latest of `events` that moved it there
    (a move, a Go or a Recycle; a Hold stays), else its `stage_since`, which pstui stamps
    in the same change, else its creation."""
    moves = [
        (moment, e.id, e.at)
        for e in events
        if e.record == card.id and _entered(e, card.stage) and (moment := instant(e.at)) is not None
    ]
    if moves:
        return max(moves)[2]
    return card.stage_since or card.created_at or None


def _entered(event: Event, stage_id: str) -> bool:
    data = event.data
    return (
        event.action in ("move", "decision")
        and data.get("to") == stage_id
        and data.get("frm") != stage_id
    )


def days_in_stage(card: Card, events: Iterable[Event], today: date) -> int:
    """Whole days since the card entered its stage (0 on the day, and for a clock behind)."""
    return days_since(stamp_day(stage_entered(card, events)), today)


def days_since(day: int | None, today: date) -> int:
    """Whole days from day number `day` to `today`; 0 for none, and for a clock behind."""
    return 0 if day is None else max(0, _plain(today).toordinal() - day)


def stamp_day(stamp: str | None) -> int | None:
    """The UTC day of a stored timestamp as a day number (`date.toordinal`); None for none
    or text that is not one."""
    moment = instant(stamp) if stamp else None
    return None if moment is None else moment.astimezone(UTC).date().toordinal()


def due_day(due: str | None) -> int | None:
    """A `YYYY-MM-DD` date as a day number; None for none or text that is not a date."""
    try:
        return date.fromisoformat(due).toordinal() if due else None
    except ValueError:
        return None


def is_stuck(days: int, stage: Stage | None) -> bool:
    """Past the stage's threshold (`stuck_days` in the workflow); a stage the workflow does
    not have, or one that sets 0, never makes a card stuck."""
    limit = stage.stuck_after if stage is not None else None
    return limit is not None and days > limit


def hold_of(card: Card) -> Decision | None:
    """The Hold the card waits under: its latest decision, when that is a Hold at the gate
    of the stage it is still in."""
    if card.archived or not card.decisions:
        return None
    last = card.decisions[-1]
    return last if last.outcome is Outcome.HOLD and last.stage == card.stage else None


def due_words(due: str | None, today: date, *, english: bool = False) -> str:
    """A due date in words, not in colour alone: `due today`, `due in 3d`, `overdue 4d`; in
    the interface language (3天后到期), or with `english` in English (for the data)."""
    if not due:
        return ""
    tr = _catalog(english)
    day = due_day(due)
    if day is None:
        return tr.gettext("due {due}").format(due=due)
    delta = day - _plain(today).toordinal()
    if delta == 0:
        return tr.gettext("due today")
    if delta > 0:
        return tr.gettext("due in {n}d").format(n=delta)
    return tr.gettext("overdue {n}d").format(n=-delta)


def _plain(day: date) -> date:
    """A date as the standard library's (a pendulum Date subtracts into an Interval)."""
    return date(day.year, day.month, day.day)


class TriageFacets(NamedTuple):
    """What the board's triage filter (`is:overdue`, `is:stuck`, `due:<7d`...) looks at in a
    card: read by the store from the card's record without parsing it, as day numbers, so
    that a filter over 10,000 cards compares integers."""

    due: int | None  # the due day; None without one (or with one that is not a date)
    blocked: bool
    held: bool  # waits under a Hold at its stage's gate (see `hold_of`)
    entered: int | None  # the UTC day it entered its stage (`stage_since`, else created)

    def overdue(self, today: int) -> bool:
        return self.due is not None and self.due < today

    def stuck(self, today: int, stage: Stage | None) -> bool:
        """Past the stage's threshold, as `is_stuck` says of the days since it entered."""
        return self.entered is not None and is_stuck(max(0, today - self.entered), stage)


# ----- what changed -------------------------------------------------------------------------


@dataclass(frozen=True)
class Happened:
    """One thing that changed since: when, by whom, what (said without the card's label, in
    the interface language; `english` says it in English, for the data)."""

    at: str
    by: str
    what: str
    english: str = field(default="", compare=False)


def changes_of(
    card: Card,
    events: Sequence[Event],
    risks: Mapping[str, Risk],
    short_id: str,
) -> tuple[Happened, ...]:
    """What `events` (the card's own and its risks', since the point, oldest first) did, in
    words; `risks` holds the risks they name."""
    label = f"{short_id} {card.title}"
    last_edit = _last_edit_of_each_field(events)
    also_english = i18n.language() != ENGLISH
    out = []
    for event in events:
        if event.action in QUIET:
            continue
        what = _change_words(card, event, risks, label, last_edit, english=False)
        plain = (
            _change_words(card, event, risks, label, last_edit, english=True)
            if also_english
            else what
        )
        out.append(Happened(event.at, event.by, what, plain))
    return tuple(out)


def _change_words(
    card: Card,
    event: Event,
    risks: Mapping[str, Risk],
    label: str,
    last_edit: Mapping[str, str],
    *,
    english: bool,
) -> str:
    if event.table == "risks":
        return _risk_change(event, risks.get(event.record), english=english)
    summary = (
        event.summary if english else conflict_summary(event.action, event.summary, event.data)
    )
    what = _edit_words(event, english) or _without_label(summary, label, card.title)
    if event.action == "edit" and not has_values(event):
        what += _values_now(card, event, last_edit, english)
    return what


def board_changes(events: Sequence[Event], risks: Mapping[str, Risk]) -> tuple[Happened, ...]:
    """What `events` of the board's own risks (not a card's) did, in words."""
    return tuple(
        Happened(
            e.at,
            e.by,
            _risk_change(e, risks.get(e.record)),
            _risk_change(e, risks.get(e.record), english=True),
        )
        for e in events
        if e.action not in QUIET
    )


def _risk_change(event: Event, risk: Risk | None, *, english: bool = False) -> str:
    if event.action == "create" and risk is not None:
        level = risk.level.value if english else level_label(risk.level)
        said = _catalog(english).gettext("new risk: {title} ({level}, {score})")
        return said.format(title=risk.title, level=level, score=risk.score)
    return event.summary


_PREPOSITION = re.compile(r"\s+(?:to|of|on|from)$")


def _without_label(summary: str, label: str, title: str) -> str:
    """A summary without the card's label in it ("ticked 'Scope' on 4F2K Portal" ->
    "ticked 'Scope'"): the digest says it under the card. A summary written when the card
    had another title or a shorter id still names it; it is kept whole."""
    if _written_in_chinese(summary.replace(label, "")):
        return summary  # its words around the label are not English: cutting them mangles it
    head, found, tail = summary.partition(label)
    if not found:
        labelled = re.search(r"\b[0-9A-Z]{4,26} " + re.escape(title), summary) if title else None
        if labelled is None:
            return summary
        head, tail = summary[: labelled.start()], summary[labelled.end() :]
    head = _PREPOSITION.sub("", head.rstrip())
    tail = tail.strip()
    if not head:
        return tail.removeprefix(":").strip() or summary
    if not tail:
        return head
    return head + tail if tail.startswith((":", ",", "(")) else f"{head} {tail}"


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _written_in_chinese(summary: str) -> bool:
    """Whether pstui wrote `summary` in Chinese: its own words, outside the quoted texts."""
    return language_of([_QUOTED.sub("", summary)]) == CHINESE


def _last_edit_of_each_field(events: Sequence[Event]) -> dict[str, str]:
    """Field -> the id of the last edit event of it among `events`."""
    last: dict[str, str] = {}
    for event in events:
        if event.action == "edit" and event.table == "cards":
            for name in _edited(event):
                last[name] = event.id
    return last


def _edited(event: Event) -> list[str]:
    fields = event.data.get("fields")
    return [str(f) for f in fields] if isinstance(fields, list) else []


def has_values(event: Event) -> bool:
    """Whether an edit event recorded its fields' values, old and new (see `Cards.edit`)."""
    return isinstance(event.data.get(OLD), dict) and isinstance(event.data.get(NEW), dict)


def edit_words(event: Event) -> str | None:
    """An edit in words with its values old -> new, as the card's history and the digest say
    it: `edited due 2026-12-01 -> 2026-12-05; description`. None for another event, and for
    an edit recorded without its values (by an older pstui). In the interface language."""
    return _edit_words(event, english=False)


def _edit_words(event: Event, english: bool) -> str | None:
    if event.action != "edit" or not has_values(event):
        return None
    old, new = event.data[OLD], event.data[NEW]
    parts = [
        f"{_field(name, english)} {_value_words(old[name], name, english)}"
        f" -> {_value_words(new[name], name, english)}"
        if name in old and name in new
        else _field(name, english)
        for name in _edited(event)
    ]
    if not parts:
        return None
    return _catalog(english).gettext("edited {changes}").format(changes="; ".join(parts))


def _values_now(card: Card, event: Event, last_edit: Mapping[str, str], english: bool) -> str:
    """` (now due 2026-12-05)` for the fields this event was the last to edit: the value a
    field holds now is the one its last edit wrote (for an edit recorded without values)."""
    edited = _edited(event)
    shown = [name for name in edited if name in SHOWN_VALUES and last_edit.get(name) == event.id]
    now = _catalog(english).gettext(" (now {values})")
    if len(edited) == 1 and shown:  # "edited due (now 2026-12-05)"
        value = _value_words(getattr(card, shown[0]), shown[0], english, quoted=False)
        return now.format(values=value)
    words = [
        f"{_field(name, english)} {_value_words(getattr(card, name), name, english, quoted=False)}"
        for name in shown
    ]
    return now.format(values="; ".join(words)) if words else ""


def _field(name: str, english: bool) -> str:
    """A card field's name, as the interface language says it (English: as it is named)."""
    return name if english else field_label(name)


def _value_words(value: Any, name: str, english: bool, *, quoted: bool = True) -> str:
    if isinstance(value, list):
        return " ".join(f"#{v}" for v in value) or _catalog(english).gettext("none")
    if name == "title" and value and quoted:  # a title may hold "->" and spaces: quoted
        return repr(str(value))
    if not value:
        return _catalog(english).gettext("none")
    if name == "kind" and not english:
        return kind_label(str(value))
    return str(value)


# ----- the digest ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CardDigest:
    """One card as the standup shows it."""

    card: Card
    short_id: str
    stage_name: str
    days_in_stage: int
    stuck_after: int | None  # the stage's threshold; None: never stuck
    stuck: bool
    open_items: tuple[ChecklistItem, ...]
    hold: Decision | None
    risks: tuple[Risk, ...]  # open high and critical ones, highest first
    changes: tuple[Happened, ...]


def digest_card(
    card: Card,
    workflow: Workflow,
    short_id: str,
    events: Sequence[Event],
    risks: Iterable[Risk],
    risks_named: Mapping[str, Risk],
    today: date,
) -> CardDigest:
    """`card` for the standup: `events` are its own and its risks' since the point (oldest
    first), `risks` its risks, `risks_named` the risks the events name."""
    stage = workflow.stage(card.stage) if workflow.has(card.stage) else None
    days = days_in_stage(card, (e for e in events if e.table == "cards"), today)
    severe = [r for r in risks if r.is_open and r.level in SEVERE]
    severe.sort(key=lambda r: (-r.score, r.title))
    return CardDigest(
        card=card,
        short_id=short_id,
        stage_name=stage.name if stage is not None else card.stage,
        days_in_stage=days,
        stuck_after=stage.stuck_after if stage is not None else None,
        stuck=is_stuck(days, stage),
        open_items=tuple(i for i in card.checklist if not i.done),
        hold=hold_of(card),
        risks=tuple(severe),
        changes=changes_of(card, events, risks_named, short_id),
    )


class InFlight(NamedTuple):
    """Where a card in flight sits, all the walk's order needs: read without parsing it."""

    card_id: str
    assignee: str
    position: int  # its stage's place in the workflow
    row: int  # its place in its column


@dataclass(frozen=True)
class WalkGroup:
    """One person's cards (or one column's), in the order the standup walks them."""

    name: str
    card_ids: tuple[str, ...]


def walk_order(cards: Iterable[InFlight], by: str, stages: Sequence[Stage]) -> list[WalkGroup]:
    """The standup's walk: by assignee (names in order, the unassigned last) or by column;
    the board walked from right to left, nearest to done first, as kanban standups do."""
    if by not in GROUPINGS:
        raise ValueError(f"group by {by!r}: one of {', '.join(GROUPINGS)}")
    # Right to left, each column from its top: two sorts by one field each, as stable sorts
    # keep the order of the first (a key made per card costs more than both at 10,000).
    ordered = sorted(cards, key=attrgetter("row"))
    ordered.sort(key=attrgetter("position"), reverse=True)
    groups: dict[Any, list[str]] = {}
    for place in ordered:
        key = place.assignee.strip() if by == BY_ASSIGNEE else place.position
        groups.setdefault(key, []).append(place.card_id)
    if by == BY_COLUMN:
        return [WalkGroup(stages[position].name, tuple(ids)) for position, ids in groups.items()]
    names = sorted(groups, key=lambda name: (not name, name.casefold(), name))
    return [WalkGroup(name or UNASSIGNED, tuple(groups[name])) for name in names]


@dataclass(frozen=True)
class Digest:
    """Every card in flight on a board, grouped, with what changed since the point."""

    board: str  # the board's name
    since: Since
    today: date
    by: str
    groups: tuple[tuple[str, tuple[CardDigest, ...]], ...]
    board_changes: tuple[Happened, ...]  # the board's own risks, not a card's
    archived: tuple[CardDigest, ...] = ()  # cards closed or killed since: news, not in flight

    @property
    def card_count(self) -> int:
        return sum(len(cards) for _name, cards in self.groups)

    def to_dict(self) -> dict[str, Any]:
        return {
            "board": self.board,
            "since": self.since.at,
            "since_label": self.since.english or self.since.label,
            "today": self.today.isoformat(),
            "by": self.by,
            "groups": [
                {"name": name, "cards": [_card_dict(c, self.today) for c in cards]}
                for name, cards in self.groups
            ],
            "board_changes": [_happened_dict(h) for h in self.board_changes],
            "archived": [_card_dict(c, self.today) for c in self.archived],
        }


def _card_dict(digest: CardDigest, today: date) -> dict[str, Any]:
    card = digest.card
    return {
        "id": card.id,
        "short_id": digest.short_id,
        "title": card.title,
        "assignee": card.assignee,
        "stage": card.stage,
        "stage_name": digest.stage_name,
        "days_in_stage": digest.days_in_stage,
        "stuck_after": digest.stuck_after,
        "stuck": digest.stuck,
        "due": card.due,
        "due_words": due_words(card.due, today, english=True),
        "blocked": card.blocked_reason if card.blocked else None,
        "hold": None
        if digest.hold is None
        else {"at": digest.hold.at, "by": digest.hold.by, "note": digest.hold.note},
        "open_items": [
            {"id": i.id, "text": i.text, "must": i.must, "owner": i.owner, "due": i.due}
            for i in digest.open_items
        ],
        "risks": [
            {"id": r.id, "title": r.title, "level": r.level.value, "score": r.score}
            for r in digest.risks
        ],
        "changes": [_happened_dict(h) for h in digest.changes],
    }


def _happened_dict(happened: Happened) -> dict[str, str]:
    return {"at": happened.at, "by": happened.by, "what": happened.english or happened.what}


# ----- the digest as a chat message ------------------------------------------------------------


def digest_markdown(digest: Digest) -> str:
    """The digest as Markdown for a chat message, in the interface language. User text is
    shown as written, its control characters made visible."""
    comma = pgettext("list separator", ", ")
    counts = comma.join(
        f"{printable(group_label(name))} {len(cards)}" for name, cards in digest.groups
    )
    n = digest.card_count
    if counts:
        flight = ngettext(
            "{n} card in flight: {counts}.", "{n} cards in flight: {counts}.", n
        ).format(n=n, counts=counts)
    else:
        flight = ngettext("{n} card in flight.", "{n} cards in flight.", n).format(n=n)
    lines = [
        "# "
        + _("Standup: {board}, {day}").format(
            board=printable(digest.board), day=digest.today.isoformat()
        ),
        "",
        _("Since {since}.").format(since=printable(digest.since.label)),
        flight,
    ]
    for name, cards in digest.groups:
        lines += ["", f"## {printable(group_label(name))} ({len(cards)})"]
        for card in cards:
            lines += ["", *_card_markdown(card, digest.today, digest.by)]
    since = "- " + _("Since:")
    if digest.archived:
        lines += ["", "## " + _("Archived since ({n})").format(n=len(digest.archived))]
        for card in digest.archived:
            lines += ["", f"### {card.short_id} {printable(card.card.title)}", "", since]
            lines += [f"  - {_happened_line(h)}" for h in card.changes]
    if digest.board_changes:
        lines += ["", "## " + _("The board's risks"), ""]
        lines += [f"- {_happened_line(h)}" for h in digest.board_changes]
    return "\n".join(lines) + "\n"


def _card_markdown(digest: CardDigest, today: date, by: str) -> list[str]:
    card = digest.card
    comma = pgettext("clause separator", ", ")
    lines = [f"### {digest.short_id} {printable(card.title)}", ""]
    facts = [stage_words(digest)]
    if by == BY_COLUMN:
        facts.append(f"@{printable(card.assignee)}" if card.assignee else _(UNASSIGNED).lower())
    if card.due:
        facts.append(_dated(due_words(card.due, today), card.due))
    lines.append("- " + comma.join(facts))
    if card.blocked:
        blocked = _("Blocked:")
        lines.append(f"- **{blocked}** {printable(card.blocked_reason)}")
    if digest.hold is not None:
        held = _("Hold:")
        lines.append(f"- **{held}** {hold_words(digest.hold)}")
    if digest.open_items:
        lines.append("- " + _("Open items ({n}):").format(n=len(digest.open_items)))
        lines += [f"  - [ ] {_item_words(i, today)}" for i in digest.open_items]
    for risk in digest.risks:
        said = _("Risk {level} {score}: {title}").format(
            level=level_label(risk.level), score=risk.score, title=printable(risk.title)
        )
        lines.append("- " + said)
    if digest.changes:
        lines.append("- " + _("Since:"))
        lines += [f"  - {_happened_line(h)}" for h in digest.changes]
    return lines


def _dated(words: str, day: str) -> str:
    """`due in 3d (2026-11-25)`: due words with the date they mean."""
    return _("{due_words} ({due})").format(due_words=words, due=day)


def stage_words(digest: CardDigest) -> str:
    """`Execution, 12 days in stage (stuck: over 10)`, in the interface language."""
    days = digest.days_in_stage
    words = ngettext("{stage}, {n} day in stage", "{stage}, {n} days in stage", days).format(
        stage=printable(digest.stage_name), n=days
    )
    if digest.stuck:
        words = _("{words} (stuck: over {limit})").format(words=words, limit=digest.stuck_after)
    return words


def hold_words(hold: Decision) -> str:
    """`at the gate since 2026-11-18, by Alice: note`, in the interface language."""
    words = _("at the gate since {day}, by {who}").format(
        day=minute_of(hold.at)[:10], who=printable(hold.by)
    )
    if hold.note:
        words = _("{words}: {note}").format(words=words, note=printable(hold.note))
    return words


def _item_words(item: ChecklistItem, today: date) -> str:
    text = printable(item.text)
    words = _("must: {item}").format(item=text) if item.must else text
    if item.owner:
        words += f" @{printable(item.owner)}"
    if item.due:
        words += pgettext("clause separator", ", ") + _dated(due_words(item.due, today), item.due)
    return words


def _happened_line(happened: Happened) -> str:
    return f"{minute_of(happened.at)} {printable(happened.by)}: {printable(happened.what)}"
