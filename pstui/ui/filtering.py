"""The board filter: words match title, description, client and id; tokens narrow.

`@name` an assignee, `#tag` a tag, `client:x` a client; `is:overdue`, `is:blocked`,
`is:hold`, `is:stuck`, `is:mine` (the user's own cards); `due:<7d` (due within a week,
overdue ones too), `due:>2w`; `stage:NAME` (a stage's id or name, from its start); `-token`
leaves out the cards a token passes. A token pstui cannot read is left out of the filter
and said (`unread`), so a token half typed does not empty the board.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from pstui.i18n import N_, _, pgettext
from pstui.model.card import CardFacets
from pstui.model.standup import TriageFacets
from pstui.model.workflow import Stage
from pstui.store.repository import CardList

FLAGS = ("overdue", "blocked", "hold", "stuck", "mine")  # is:NAME; a NAME's start will do
TRIAGE_FLAGS = frozenset({"overdue", "blocked", "hold", "stuck"})  # read from TriageFacets
_DUE = re.compile(r"due:([<>])(\d{1,4})([dw]?)")
# The filter key's tooltip: the tokens are as typed, the same in every language.
FILTER_TOOLTIP = N_(
    "Filter: words, @assignee, #tag, client:name, is:overdue|blocked|hold|stuck|mine, "
    "due:<7d, due:>2w, stage:name, -token leaves out"
)


class Scope(NamedTuple):
    """Where a filter is tested: the day, who "mine" is, and the column's stage."""

    today: int  # a day number (date.toordinal)
    who: str  # casefolded
    stage: Stage | None = None  # None: stage tokens and is:stuck pass no card

    @classmethod
    def of(cls, today: date, who: str, stage: Stage | None = None) -> Scope:
        return cls(date(today.year, today.month, today.day).toordinal(), who.casefold(), stage)


NO_SCOPE = Scope(0, "")
TriageOf = Callable[[str], TriageFacets]


def _no_triage(card_id: str) -> TriageFacets:
    raise LookupError(f"the filter needs what the triage tokens read, of card {card_id}")


@dataclass(frozen=True)
class CardFilter:
    words: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()  # any of them
    tags: tuple[str, ...] = ()  # all of them
    clients: tuple[str, ...] = ()  # any of them
    flags: tuple[str, ...] = ()  # is:NAME, all of them
    due_within: int | None = None  # due:<Nd: due less than N days from today, overdue too
    due_beyond: int | None = None  # due:>Nd: due more than N days from today
    stages: tuple[str, ...] = ()  # stage:NAME, any of them
    excluded: tuple[CardFilter, ...] = ()  # -token: a card that any of them passes is left out
    unread: tuple[str, ...] = field(default=(), compare=False)  # tokens not understood
    text: str = field(default="", compare=False)

    @classmethod
    def parse(cls, text: str) -> CardFilter:
        parts: dict[str, list[str]] = {
            "words": [], "assignees": [], "tags": [], "clients": [], "flags": [], "stages": [],
        }  # fmt: skip
        within: list[int] = []
        beyond: list[int] = []
        excluded: list[CardFilter] = []
        unread: list[str] = []
        for token in text.casefold().split():
            if token.startswith("-") and len(token) > 1 and not token.startswith("--"):
                one = cls.parse(token[1:])
                if one.unread:
                    unread.append(token)
                elif one.active:
                    excluded.append(one)
                continue
            kind, value = _read_token(token)
            if kind == "unread":
                unread.append(token)
            elif kind == "due<":
                within.append(int(value))
            elif kind == "due>":
                beyond.append(int(value))
            else:
                parts[kind].append(value)
        return cls(
            **{name: tuple(values) for name, values in parts.items()},
            due_within=min(within) if within else None,
            due_beyond=max(beyond) if beyond else None,
            excluded=tuple(dict.fromkeys(excluded)),
            unread=tuple(unread),
            text=text.strip(),
        )

    @property
    def active(self) -> bool:
        return bool(
            self.words
            or self.assignees
            or self.tags
            or self.clients
            or self.flags
            or self.due_within is not None
            or self.due_beyond is not None
            or self.stages
            or self.excluded
        )

    @property
    def needs_triage(self) -> bool:
        """Whether it reads `TriageFacets` (the store reads them apart from `CardFacets`)."""
        return (
            bool(TRIAGE_FLAGS.intersection(self.flags))
            or self.due_within is not None
            or self.due_beyond is not None
            or any(e.needs_triage for e in self.excluded)
        )

    def test(
        self,
        facets_of: Callable[[str], CardFacets],
        triage_of: TriageOf = _no_triage,
        scope: Scope = NO_SCOPE,
    ) -> Callable[[str], bool]:
        """Whether a card, by id, passes in `scope` (a column): made once per column at each
        refill of the board, which at 10,000 cards runs them 10,000 times per key typed.
        Words alone, the usual filter, are looked for in the folded text without the
        general case's steps; a column whose stage the filter leaves out tests no card."""
        if not self.stage_passes(scope.stage):
            return _nothing
        if self.active and self != CardFilter(words=self.words, stages=self.stages):
            return lambda card_id: self._passes(card_id, facets_of, triage_of, scope)
        if len(self.words) == 1:
            (word,) = self.words
            return lambda card_id: word in facets_of(card_id).text
        words = self.words
        return lambda card_id: _all_in(words, facets_of(card_id).text)

    def _passes(
        self,
        card_id: str,
        facets_of: Callable[[str], CardFacets],
        triage_of: TriageOf,
        scope: Scope,
    ) -> bool:
        facets = facets_of(card_id)
        triage = triage_of(card_id) if self.needs_triage else None
        return self.matches(facets, triage, scope)

    def stage_passes(self, stage: Stage | None) -> bool:
        """Whether cards of `stage` may pass: it is one the stage tokens name (when there are
        any) and none of the left-out stage tokens names it."""
        if self.stages and not _names_stage(self.stages, stage):
            return False
        return not any(
            e.stages and _only_stages(e) and _names_stage(e.stages, stage) for e in self.excluded
        )

    def narrows(self, other: CardFilter) -> bool:
        """Whether every card this filter passes, `other` passes too: true of a filter typed
        on at its end, whose words hold the words before."""
        return (
            all(any(o in n for n in self.words) for o in other.words)
            and _narrows_any(self.assignees, other.assignees)
            and set(other.tags) <= set(self.tags)
            and _narrows_any(self.clients, other.clients)
            and set(other.flags) <= set(self.flags)
            and _at_most(self.due_within, other.due_within)
            and _at_most(_negated(self.due_beyond), _negated(other.due_beyond))
            and _narrows_stages(self.stages, other.stages)
            and set(other.excluded) <= set(self.excluded)
        )

    def matches(
        self, card: CardFacets, triage: TriageFacets | None = None, scope: Scope = NO_SCOPE
    ) -> bool:
        """Whether the card passes; `triage` is needed when `needs_triage`."""
        if self.assignees and not any(a in card.assignee for a in self.assignees):
            return False
        if self.tags and not all(t in card.tags for t in self.tags):
            return False
        if self.clients and not any(c in card.client for c in self.clients):
            return False
        if self.flags and not all(_flag(f, card, triage, scope) for f in self.flags):
            return False
        if not self._due_passes(triage, scope.today):
            return False
        if self.stages and not _names_stage(self.stages, scope.stage):
            return False
        if any(e.matches(card, triage, scope) for e in self.excluded):
            return False
        return _all_in(self.words, card.text)

    def _due_passes(self, triage: TriageFacets | None, today: int) -> bool:
        if self.due_within is None and self.due_beyond is None:
            return True
        if triage is None or triage.due is None:
            return False  # no due date: neither soon nor late
        days = triage.due - today
        within = self.due_within is None or days < self.due_within
        return within and (self.due_beyond is None or days > self.due_beyond)

    def counted(self, counts: list[tuple[str, int]]) -> str:
        """What the filter bar says: how many cards match and in which stages ("12 match:
        Execution 7, Review 5"), and the tokens it could not read."""
        total = sum(n for _name, n in counts)
        where = pgettext("list separator", ", ").join(f"{name} {n}" for name, n in counts if n)
        if total:
            said = _("{total} match: {where}").format(total=total, where=where)
        else:
            said = _("no card matches")
        if self.unread:
            said += "  " + _("(not read: {tokens})").format(tokens=" ".join(self.unread))
        return said


def _read_token(token: str) -> tuple[str, str]:
    """(what the token is, its value): a word, an assignee, a tag..."""
    if token.startswith("@") and len(token) > 1:
        return "assignees", token[1:]
    if token.startswith("#") and len(token) > 1:
        return "tags", token[1:]
    if token.startswith("client:") and len(token) > 7:
        return "clients", token[7:]
    if token.startswith("stage:") and len(token) > 6:
        return "stages", token[6:]
    if token.startswith("is:") and len(token) > 3:
        named = [f for f in FLAGS if f.startswith(token[3:])]
        return ("flags", named[0]) if len(named) == 1 else ("unread", token)
    if token.startswith("due:") and len(token) > 4:
        due = _DUE.fullmatch(token)
        if due is None:
            return "unread", token
        sign, number, unit = due.groups()
        days = int(number) * (7 if unit == "w" else 1)
        return f"due{sign}", str(days)
    return "words", token


def _flag(name: str, card: CardFacets, triage: TriageFacets | None, scope: Scope) -> bool:
    if name == "mine":
        return bool(scope.who) and card.assignee == scope.who
    assert triage is not None, "a triage flag is tested with the card's TriageFacets"
    if name == "overdue":
        return triage.overdue(scope.today)
    if name == "blocked":
        return triage.blocked
    if name == "hold":
        return triage.held
    return triage.stuck(scope.today, scope.stage)


def _names_stage(typed: tuple[str, ...], stage: Stage | None) -> bool:
    """Whether any of `typed` starts the stage's id or name (folded)."""
    if stage is None:
        return False
    names = (stage.id.casefold(), stage.name.casefold())
    return any(name.startswith(t) for t in typed for name in names)


def _only_stages(one: CardFilter) -> bool:
    """Whether a left-out token names stages alone: it leaves out whole columns."""
    return one == CardFilter(stages=one.stages)


def _nothing(card_id: str) -> bool:
    return False


def _all_in(words: tuple[str, ...], text: str) -> bool:
    return all(w in text for w in words)


def _narrows_any(new: tuple[str, ...], old: tuple[str, ...]) -> bool:
    """For a field that passes when any of the filter's words is in it."""
    return not old or (bool(new) and all(any(o in n for o in old) for n in new))


def _narrows_stages(new: tuple[str, ...], old: tuple[str, ...]) -> bool:
    """For stages, named by the start of their id or name, any of them."""
    return not old or (bool(new) and all(any(n.startswith(o) for o in old) for n in new))


def _at_most(new: int | None, old: int | None) -> bool:
    """For a bound that passes fewer cards the lower it is (None: no bound)."""
    return old is None or (new is not None and new <= old)


def _negated(bound: int | None) -> int | None:
    return None if bound is None else -bound


class _Kept(NamedTuple):
    card_filter: CardFilter
    tested: list[str]  # the column's ids: the repository's own list, a new one after a change
    kept: list[str]


class FilterMemo:
    """The filter applied column by column, remembering what each column kept. At 10,000
    cards a key typed tests every card again; typed on at the end of the filter (which
    only narrows it), it tests only those the column kept at the key before."""

    def __init__(self) -> None:
        self._kept: dict[str, _Kept] = {}

    def apply(
        self, column: str, cards: CardList, card_filter: CardFilter, passes: Callable[[str], bool]
    ) -> CardList:
        last = self._kept.get(column)
        narrowed = (
            last is not None and last.tested is cards.ids and card_filter.narrows(last.card_filter)
        )
        shown = cards.where(passes, among=last.kept if narrowed else None)
        self._kept[column] = _Kept(card_filter, cards.ids, shown.ids)
        return shown

    def forget(self) -> None:
        self._kept.clear()
