"""The boards of a store: each a named workflow its cards move through."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from pstui.model.board import Board
from pstui.model.dates import now_utc
from pstui.model.ids import IdError, match_id, new_id
from pstui.model.text import clean_title, printable
from pstui.model.workflow import Workflow
from pstui.store.core import Change, CommitCore
from pstui.store.edits import stamped
from pstui.store.errors import BadStoreFile


class NoBoardInUse(ValueError):
    """Every board of the store is archived (a valid store, in which no card can be shown
    or added until a board is restored)."""


class Boards:
    """Typed boards, read once per load: every card drawn needs its board's workflow."""

    def __init__(self, core: CommitCore) -> None:
        self.core = core
        self._boards: dict[str, Board] = {}

    def reindex(self) -> None:
        self._boards = {
            bid: self.core.read("boards", "board", Board.from_dict, bid)
            for bid in self.core.table("boards")
        }
        if not self._boards:
            raise BadStoreFile(self.core.path, "the store has no board")

    def absorb(self, table: str, record_id: str, record: dict[str, Any] | None) -> None:
        if table == "boards" and record is not None:
            self._boards[record_id] = Board.from_dict(record_id, record)

    def all(self) -> list[Board]:
        """The boards in use, oldest first."""
        return sorted(
            (b for b in self._boards.values() if not b.archived), key=lambda b: b.created_at
        )

    def archived(self) -> list[Board]:
        """The archived boards, oldest first."""
        return sorted((b for b in self._boards.values() if b.archived), key=lambda b: b.created_at)

    def get(self, board_id: str) -> Board:
        return self._boards[board_id]

    def has(self, board_id: str) -> bool:
        return board_id in self._boards

    def shows(self, board_id: str, stage: str) -> bool:
        """Whether a column of this board shows cards in `stage`."""
        board = self._boards.get(board_id)
        return board is not None and board.workflow.has(stage)

    def resolve(self, typed: str | None) -> Board:
        """The board a user named by name (any case) or id; the first board for none.

        An archived board is not used: named, or when every board is archived, the error
        says so (NoBoardInUse) rather than that there is no such board."""
        boards = self.all()
        if not typed:
            if not boards:
                names = ", ".join(printable(b.name) for b in self.archived())
                raise NoBoardInUse(f"every board of this store is archived ({names})")
            return boards[0]
        for board in boards:
            if board.name.casefold() == typed.casefold():
                return board
        archived = self.find_archived(typed)
        if archived is not None:
            raise NoBoardInUse(f"board {printable(archived.name)!r} is archived")
        try:
            return self._boards[match_id(typed, [b.id for b in boards])]
        except IdError:
            names = ", ".join(printable(b.name) for b in boards)
            raise IdError(f"no board {typed!r}; the boards are {names}") from None

    def find_archived(self, typed: str) -> Board | None:
        """The archived board `typed` names (name in any case, or id), if any."""
        for board in self.archived():
            if typed.casefold() in (board.name.casefold(), board.id.casefold()):
                return board
        return None

    def set_archived(self, board_id: str, archived: bool) -> Board:
        """Archive a board (its cards stay, hidden with it) or restore it."""
        board = self._boards[board_id]
        if board.archived == archived:
            state = "archived" if archived else "in use"
            raise ValueError(f"board {printable(board.name)!r} is already {state}")
        record = {**copy.deepcopy(self.core.table("boards")[board_id]), "archived": archived}
        verb = "archived" if archived else "restored"
        self.core.commit(
            Change(
                {("boards", board_id): stamped(record)},
                "archive" if archived else "restore",
                "boards",
                board_id,
                f"{verb} board {board.name}",
            )
        )
        return self._boards[board_id]

    def set_workflow(
        self, board_id: str, workflow: Workflow, holding: Callable[[str], int]
    ) -> Board:
        """Give a board a new workflow (stages renamed, added, reordered, gates changed).
        A stage that still holds cards (`holding(stage_id)`, archived ones too) cannot go:
        the change is refused naming each such stage and its count."""
        board = self._boards[board_id]
        kept = {stage.id for stage in workflow.stages}
        lost = {s.id: holding(s.id) for s in board.workflow.stages if s.id not in kept}
        held = [f"{stage} ({n} card{'s' if n != 1 else ''})" for stage, n in lost.items() if n]
        if held:
            raise ValueError(
                f"the new workflow drops stages that still hold cards: {', '.join(held)}; "
                "move those cards first, or keep the stages"
            )
        record = copy.deepcopy(self.core.table("boards")[board_id])
        record["stages"] = workflow.to_list()
        self.core.commit(
            Change(
                {("boards", board_id): stamped(record)},
                "edit",
                "boards",
                board_id,
                f"changed the workflow of board {board.name}",
            )
        )
        return self._boards[board_id]

    def add(self, name: str, workflow: Workflow) -> Board:
        """A new board in this store, with its own workflow."""
        name = clean_title(name)
        if any(b.name.casefold() == name.casefold() for b in self.all()):
            raise ValueError(f"there is already a board called {name!r}")
        now = now_utc()
        board = Board(new_id(), name, workflow, created_at=now, updated_at=now)
        self.core.commit(
            Change(
                {("boards", board.id): board.to_dict()},
                "create",
                "boards",
                board.id,
                f"created board {name}",
            )
        )
        return self._boards[board.id]
