"""The board filter: words match title, description, client and id; @name, #tag, client:x narrow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from pstui.model.card import CardFacets
from pstui.store.repository import CardList


@dataclass(frozen=True)
class CardFilter:
    words: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    clients: tuple[str, ...] = ()
    text: str = field(default="", compare=False)

    @classmethod
    def parse(cls, text: str) -> CardFilter:
        words, assignees, tags, clients = [], [], [], []
        for token in text.casefold().split():
            if token.startswith("@") and len(token) > 1:
                assignees.append(token[1:])
            elif token.startswith("#") and len(token) > 1:
                tags.append(token[1:])
            elif token.startswith("client:") and len(token) > 7:
                clients.append(token[7:])
            else:
                words.append(token)
        return cls(tuple(words), tuple(assignees), tuple(tags), tuple(clients), text.strip())

    @property
    def active(self) -> bool:
        return bool(self.words or self.assignees or self.tags or self.clients)

    def test(self, facets_of: Callable[[str], CardFacets]) -> Callable[[str], bool]:
        """Whether a card, by id, passes: made once per refill of the board, which at 10,000
        cards runs it 10,000 times per key typed. Words alone, the usual filter, are looked
        for in the folded text without the general case's steps."""
        if self.assignees or self.tags or self.clients:
            return lambda card_id: self.matches(facets_of(card_id))
        if len(self.words) == 1:
            (word,) = self.words
            return lambda card_id: word in facets_of(card_id).text
        words = self.words
        return lambda card_id: _all_in(words, facets_of(card_id).text)

    def narrows(self, other: CardFilter) -> bool:
        """Whether every card this filter passes, `other` passes too: true of a filter typed
        on at its end, whose words hold the words before."""
        return (
            all(any(o in n for n in self.words) for o in other.words)
            and _narrows_any(self.assignees, other.assignees)
            and set(other.tags) <= set(self.tags)
            and _narrows_any(self.clients, other.clients)
        )

    def matches(self, card: CardFacets) -> bool:
        if self.assignees and not any(a in card.assignee for a in self.assignees):
            return False
        if self.tags and not all(t in card.tags for t in self.tags):
            return False
        if self.clients and not any(c in card.client for c in self.clients):
            return False
        return _all_in(self.words, card.text)


def _all_in(words: tuple[str, ...], text: str) -> bool:
    return all(w in text for w in words)


def _narrows_any(new: tuple[str, ...], old: tuple[str, ...]) -> bool:
    """For a field that passes when any of the filter's words is in it."""
    return not old or (bool(new) and all(any(o in n for o in old) for n in new))


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
