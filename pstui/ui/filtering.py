"""The board filter: words match title, description, client and id; @name, #tag, client:x narrow."""

from __future__ import annotations

from dataclasses import dataclass, field

from pstui.model.card import Card, CardFacets


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

    def matches(self, card: Card | CardFacets) -> bool:
        if self.assignees and not any(a in card.assignee.casefold() for a in self.assignees):
            return False
        if self.tags:
            card_tags = {t.casefold() for t in card.tags}
            if not all(t in card_tags for t in self.tags):
                return False
        if self.clients and not any(c in card.client.casefold() for c in self.clients):
            return False
        if self.words:
            haystack = " ".join(
                (card.id, card.title, card.description, card.client, card.assignee, *card.tags)
            ).casefold()
            return all(w in haystack for w in self.words)
        return True
