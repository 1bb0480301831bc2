"""The store session the UI and the CLI hold: the commit core and one service per table.

`repo.cards`, `repo.boards`, `repo.risks`, `repo.surveys` (and responses), `repo.retros`,
`repo.lessons`, `repo.standups`, `repo.conflicts` are the services; undo, reload,
flush and close are the core's. A new record kind is one more service here (see
docs/adding-a-table.md); nothing else in this file knows a table.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pstui import __version__
from pstui.model.board import Board
from pstui.model.dates import now_utc
from pstui.model.event import Event
from pstui.model.ids import new_id
from pstui.model.record_text import ENGLISH, said
from pstui.model.workflow import Workflow
from pstui.store.boards import Boards
from pstui.store.cards import (
    CardList,
    Cards,
    Placement,
    arranged_cards,
    arranged_kept,
    arranged_read,
    places_of,
    refresh_open_index,
)
from pstui.store.conflicts import Conflicts
from pstui.store.core import Change, CommitCore, UndoRefused
from pstui.store.engine import read_ahead as read_ahead  # the CLI reads ahead of an open
from pstui.store.lessons import Lessons
from pstui.store.retros import Retros
from pstui.store.risks import Risks
from pstui.store.schema import SCHEMA_VERSION, TABLES, new_tables
from pstui.store.standups import Standups
from pstui.store.storage import DiskRead, PstuiStorage
from pstui.store.surveys import Surveys

__all__ = [
    "CardList",
    "Change",
    "Placement",
    "Repository",
    "UndoRefused",
    "new_store_data",
    "read_ahead",
    "refresh_open_index",
]


def new_store_data(board_name: str, workflow: Workflow, by: str) -> dict[str, dict[str, Any]]:
    now = now_utc()
    board_id = new_id()
    board = Board(board_id, board_name, workflow, created_at=now, updated_at=now)
    event_id = new_id()
    return new_tables() | {
        "meta": {
            "pstui": {
                "schema": SCHEMA_VERSION,
                "created_by": f"pstui {__version__}",
                "created_at": now,
                "updated_at": now,
            }
        },
        "boards": {board_id: board.to_dict()},
        "events": {
            event_id: Event(
                event_id,
                now,
                by,
                "create",
                "boards",
                board_id,
                said(board.language, "created board {board}", board=board_name),
            ).to_dict()
        },
    }


class Repository(CommitCore):
    """A store opened for reading and writing by one user (for reading alone if `view_only`)."""

    def __init__(
        self, path: Path, who: str, *, background: bool = False, view_only: bool = False
    ) -> None:
        super().__init__(
            path,
            who,
            background=background,
            arrange=arranged_kept,
            place=arranged_cards,
            view_only=view_only,
        )
        self.boards = Boards(self)
        self.cards = Cards(self, self.boards)
        self.risks = Risks(self, self.boards, self.cards)
        self.surveys = Surveys(self, self.boards, self.cards)
        self.retros = Retros(self, self.cards)
        self.lessons = Lessons(self, self.cards)
        self.standups = Standups(self, self.boards, self.cards, self.risks)
        self.conflicts = Conflicts(self, self.label_of, self.language_of)
        self.attach(
            self.boards,
            self.cards,
            self.risks,
            self.surveys,
            self.retros,
            self.lessons,
            self.standups,
        )

    @classmethod
    def create(cls, path: Path, board_name: str, workflow: Workflow, who: str) -> Repository:
        PstuiStorage.create(path, new_store_data(board_name, workflow, who))
        return cls(path, who)

    @property
    def storage(self) -> PstuiStorage:
        """The storage, for the services that keep the open index (cards)."""
        return self._storage

    @property
    def problems(self) -> list[str]:
        """What a user should be told about this store: recovered changes, cards out of place."""
        return self._notes + self.cards.problems

    def read_changed_file(self) -> DiskRead | None:
        read = super().read_changed_file()
        return None if read is None else arranged_read(read)

    def keep_open_index(self) -> None:
        """After `close`: keep what opening the file found (`open_index`), so that the next
        open skips the scan: from memory if nothing changed, else by reading the file again
        once every record is let go of. The repository is not used after this."""
        keep_from_memory = self.cards.index_saver()
        if keep_from_memory is not None:
            keep_from_memory()
        self.cards.forget()
        self.keep_index_of(places_of)

    def open_index_saver(self) -> Callable[[], bool] | None:
        return self.cards.index_saver()

    def label_of(self, table: str, record_id: str) -> str:
        """How a summary (or a screen listing records of any table) names a record: its
        service's label, else its id."""
        service = getattr(self, _SERVICE_OF.get(table, table), None)
        named = getattr(service, "label_of", None)
        return (named(record_id) if named else None) or record_id

    def language_of(self, table: str, record_id: str) -> str:
        """The language of the board a record is on (see `record_text.said`): a board's own, a
        card's board's, and for another table's record that of the card it names, else of
        the board (or survey...) it names. English for a record that is gone."""
        if table == "boards":
            return self.boards.get(record_id).language if self.boards.has(record_id) else ENGLISH
        if table == "cards":
            return self.cards.language_of(record_id)
        record = self.table(table).get(record_id)
        spec = TABLES.get(table)
        if not isinstance(record, dict) or spec is None:
            return ENGLISH
        for ref in sorted(spec.references, key=lambda ref: ref.table != "cards"):
            named = record.get(ref.field)
            if isinstance(named, str) and named and named in self.table(ref.table):
                return self.language_of(ref.table, named)
        return ENGLISH


_SERVICE_OF = {"responses": "surveys"}  # tables whose records another table's service labels
