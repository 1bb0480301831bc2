"""A small table's records, parsed when first read and kept until the store reloads.

Risks, surveys, responses, retrospectives and lessons are each a few thousand records at
most: unlike cards they need none of the byte engine's tricks. Each service keeps one of
these per table and lets the core keep it in line (`reindex` on reload, `absorb` on each
committed record), so no service repeats the caching, short ids or id matching.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from pstui.model.ids import match_id, short_ids
from pstui.store.core import CommitCore
from pstui.store.schema import spec_of

R = TypeVar("R")


class RecordTable(Generic[R]):
    def __init__(self, core: CommitCore, name: str, read: Callable[[str, Any], R]) -> None:
        self.core = core
        self.name = name
        self.what = spec_of(name).what
        self._read = read
        self._records: dict[str, R] | None = None
        self._short: dict[str, str] = {}
        self.version = 0  # bumped whenever the records may have changed: views redraw

    # ----- kept in line by the core -------------------------------------------------------------

    def reindex(self) -> None:
        self._records = None
        self.version += 1

    def absorb(self, table: str, record_id: str, record: dict[str, Any] | None) -> None:
        if table != self.name:
            return
        self.version += 1
        records = self._records
        if records is None:
            return  # not read yet: it will be, whole, when first asked for
        added_or_gone = (record_id in records) != (record is not None)
        if record is None:
            records.pop(record_id, None)
        else:  # one record changed: read it alone, not the whole table
            records[record_id] = self.read_one(record_id)
        if added_or_gone:
            self._short = short_ids(records)

    @property
    def parsed(self) -> bool:
        return self._records is not None

    # ----- reading ------------------------------------------------------------------------------

    def all(self) -> dict[str, R]:
        if self._records is None:
            self._records = {rid: self.read_one(rid) for rid in self.core.table(self.name)}
            self._short = short_ids(self._records)
        return self._records

    def read_one(self, record_id: str) -> R:
        """A record read from the store as it is now (a bad one: a clear StoreError)."""
        return self.core.read(self.name, self.what, self._read, record_id)

    def __iter__(self) -> Iterator[R]:
        return iter(self.all().values())

    def __len__(self) -> int:
        return len(self.all())

    def __contains__(self, record_id: object) -> bool:
        return record_id in self.all()

    def get(self, record_id: str) -> R:
        """The record; KeyError for one that is not there."""
        return self.all()[record_id]

    def resolve(self, typed: str) -> R:
        """The record a user named by id, unique head prefix or unique short tail."""
        return self.get(match_id(typed, self.all()))

    def short_id(self, record_id: str) -> str:
        self.all()
        return self._short.get(record_id, record_id[-6:])
