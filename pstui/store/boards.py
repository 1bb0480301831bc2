"""The boards of a store: each a named workflow its cards move through."""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from pstui.i18n import _, ngettext, pgettext
from pstui.model.board import Board
from pstui.model.dates import now_utc
from pstui.model.ids import IdError, match_id, new_id
from pstui.model.record_text import said
from pstui.model.text import clean_title, printable
from pstui.model.workflow import Criterion, Stage, Workflow
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
            raise BadStoreFile(self.core.path, _("the store has no board"))

    def absorb(self, table: str, record_id: str, record: dict[str, Any] | None) -> None:
        if table != "boards":
            return
        if record is None:  # a board added here, and its adding undone
            self._boards.pop(record_id, None)
        else:
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
                raise NoBoardInUse(
                    _("every board of this store is archived ({names})").format(names=names)
                )
            return boards[0]
        for board in boards:
            if board.name.casefold() == typed.casefold():
                return board
        archived = self.find_archived(typed)
        if archived is not None:
            raise NoBoardInUse(
                _("board {board} is archived").format(board=repr(printable(archived.name)))
            )
        try:
            return self._boards[match_id(typed, [b.id for b in boards])]
        except IdError:
            names = ", ".join(printable(b.name) for b in boards)
            raise IdError(
                _("no board {typed}; the boards are {names}").format(typed=repr(typed), names=names)
            ) from None

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
            refusal = (
                _("board {board} is already archived")
                if archived
                else _("board {board} is already in use")
            )
            raise ValueError(refusal.format(board=repr(printable(board.name))))
        record = {**copy.deepcopy(self.core.table("boards")[board_id]), "archived": archived}
        language = board.language
        self.core.commit(
            Change(
                {("boards", board_id): stamped(record)},
                "archive" if archived else "restore",
                "boards",
                board_id,
                said(language, "archived board {board}", board=board.name)
                if archived
                else said(language, "restored board {board}", board=board.name),
                language=language,
            )
        )
        return self._boards[board_id]

    def set_workflow(
        self,
        board_id: str,
        workflow: Workflow,
        holding: Callable[[str], int],
        *,
        summary: str | None = None,
    ) -> Board:
        """Give a board a new workflow (stages renamed, added, reordered, gates changed).
        A stage that still holds cards (`holding(stage_id)`, archived ones too) cannot go:
        the change is refused naming each such stage and its count."""
        board = self._boards[board_id]
        kept = {stage.id for stage in workflow.stages}
        lost = {s.id: holding(s.id) for s in board.workflow.stages if s.id not in kept}
        held = [
            _("{stage} ({cards})").format(
                stage=stage, cards=ngettext("{n} card", "{n} cards", n).format(n=n)
            )
            for stage, n in lost.items()
            if n
        ]
        if held:
            raise ValueError(  # what matters first: a one-line message shows only its head
                _("cannot drop {stages}: move those cards first, or keep the stages").format(
                    stages=pgettext("list separator", ", ").join(held)
                )
            )
        return self._commit_workflow(
            board,
            workflow,
            summary
            or said(board.language, "changed the workflow of board {board}", board=board.name),
        )

    def _commit_workflow(
        self, board: Board, workflow: Workflow, summary: str, **data: Any
    ) -> Board:
        """`summary` is said in the board's language (as it is before the change)."""
        record = copy.deepcopy(self.core.table("boards")[board.id])
        record["stages"] = workflow.to_list()
        self.core.commit(
            Change(
                {("boards", board.id): stamped(record)},
                "edit",
                "boards",
                board.id,
                summary,
                data,
                language=board.language,
            )
        )
        return self._boards[board.id]

    def add(self, name: str, workflow: Workflow) -> Board:
        """A new board in this store, with its own workflow."""
        name = clean_title(name)
        if any(b.name.casefold() == name.casefold() for b in self.all()):
            raise ValueError(_("there is already a board called {name}").format(name=repr(name)))
        now = now_utc()
        board = Board(new_id(), name, workflow, created_at=now, updated_at=now)
        self.core.commit(
            Change(
                {("boards", board.id): board.to_dict()},
                "create",
                "boards",
                board.id,
                said(board.language, "created board {board}", board=name),
                language=board.language,
            )
        )
        return self._boards[board.id]

    def rename(self, board_id: str, name: str) -> Board:
        """Give a board a new name; its id, cards and records stay as they are."""
        board = self._boards[board_id]
        name = clean_title(name, _("a board's name"))
        if name == board.name:
            return board
        if any(b.id != board_id and b.name.casefold() == name.casefold() for b in self.all()):
            raise ValueError(_("there is already a board called {name}").format(name=repr(name)))
        record = {**copy.deepcopy(self.core.table("boards")[board_id]), "name": name}
        self.core.commit(
            Change(
                {("boards", board_id): stamped(record)},
                "edit",
                "boards",
                board_id,
                said(board.language, "renamed board {old} to {new}", old=board.name, new=name),
                {"fields": ["name"]},
                language=board.language,
            )
        )
        return self._boards[board_id]

    # ----- the workflow, one edit at a time (each an event and an undo step) -------------------

    def set_wip(self, board_id: str, stage_id: str, limit: int | None) -> Board:
        """Set a stage's WIP limit (a whole number of cards, 1 or more); None: no limit."""
        if limit is not None and (isinstance(limit, bool) or limit < 1):
            raise ValueError(_("a WIP limit is a whole number of cards, 1 or more (empty: none)"))
        board, stage = self._stage_of(board_id, stage_id)
        summary = (
            said(
                board.language,
                "set the WIP limit of {stage} to {limit} on board {board}",
                stage=stage.name,
                limit=limit,
                board=board.name,
            )
            if limit
            else said(
                board.language,
                "set the WIP limit of {stage} off on board {board}",
                stage=stage.name,
                board=board.name,
            )
        )
        return self._edit_stage(board, replace(stage, wip_limit=limit), summary)

    def rename_stage(self, board_id: str, stage_id: str, name: str) -> Board:
        """Give a stage a new name; its id (what cards name) stays."""
        board, stage = self._stage_of(board_id, stage_id)
        name = clean_title(name, _("a stage's name"))
        _refuse_taken(name, board.workflow.stages, stage_id)
        return self._edit_stage(
            board,
            replace(stage, name=name),
            said(
                board.language,
                "renamed stage {old} to {new} on board {board}",
                old=stage.name,
                new=name,
                board=board.name,
            ),
        )

    def add_stage(self, board_id: str, name: str, *, after: str | None = None) -> Stage:
        """A new stage, with no WIP limit and an empty gate, after stage `after` (else last).
        Its id is made from the name, once: renaming the stage later keeps it."""
        board = self._boards[board_id]
        name = clean_title(name, _("a stage's name"))
        stages = list(board.workflow.stages)
        _refuse_taken(name, stages, None)
        stage = Stage(_unique(_slug(name, "stage"), {s.id for s in stages}), name)
        at = board.workflow.position(after) + 1 if after else len(stages)
        stages.insert(at, stage)
        self._commit_workflow(
            board,
            Workflow(tuple(stages)),
            said(
                board.language, "added stage {stage} to board {board}", stage=name, board=board.name
            ),
            stage=stage.id,
        )
        return stage

    def remove_stage(self, board_id: str, stage_id: str, holding: Callable[[str], int]) -> Board:
        """Take a stage out of the workflow; refused (`set_workflow`) while it holds cards."""
        board, stage = self._stage_of(board_id, stage_id)
        stages = tuple(s for s in board.workflow.stages if s.id != stage_id)
        return self.set_workflow(
            board_id,
            Workflow(stages),
            holding,
            summary=said(
                board.language,
                "removed stage {stage} from board {board}",
                stage=stage.name,
                board=board.name,
            ),
        )

    def move_stage(self, board_id: str, stage_id: str, step: int) -> bool:
        """Move a stage one place earlier (-1) or later (+1); False when it is at that end."""
        board, stage = self._stage_of(board_id, stage_id)
        stages = list(board.workflow.stages)
        moved = _swapped(stages, board.workflow.position(stage_id), step)
        if moved is None:
            return False
        names = {"stage": stage.name, "other": moved[moved.index(stage) - step].name}
        summary = (
            said(
                board.language,
                "moved stage {stage} before {other} on board {board}",
                board=board.name,
                **names,
            )
            if step < 0
            else said(
                board.language,
                "moved stage {stage} after {other} on board {board}",
                board=board.name,
                **names,
            )
        )
        self._commit_workflow(board, Workflow(tuple(moved)), summary, stage=stage_id)
        return True

    def add_criterion(
        self, board_id: str, stage_id: str, text: str, *, must: bool = True
    ) -> Criterion:
        """A new gate criterion at the end of the stage's gate. Cards already in the stage
        keep their checklist; cards that enter it from now on get an item for it."""
        board, stage = self._stage_of(board_id, stage_id)
        text = clean_title(text, _("a criterion"))
        criterion = Criterion(
            _unique(_slug(text, "criterion"), {c.id for c in stage.gate}), text, must
        )
        self._edit_stage(
            board,
            replace(stage, gate=(*stage.gate, criterion)),
            said(
                board.language,
                "added criterion {text} to the {stage} gate on board {board}",
                text=repr(text),
                stage=stage.name,
                board=board.name,
            ),
            criterion=criterion.id,
        )
        return criterion

    def edit_criterion(
        self,
        board_id: str,
        stage_id: str,
        criterion_id: str,
        *,
        text: str | None = None,
        must: bool | None = None,
    ) -> Criterion:
        """Change a criterion's text or level (must, should); its id stays."""
        board, stage = self._stage_of(board_id, stage_id)
        old = _criterion_of(stage, criterion_id)
        new = replace(
            old,
            text=old.text if text is None else clean_title(text, _("a criterion")),
            must=old.must if must is None else must,
        )
        if new == old:
            return old
        where = {"stage": stage.name, "board": board.name}
        if new.text != old.text:
            summary = said(
                board.language,
                "reworded criterion {old} to {new} in the {stage} gate on board {board}",
                old=repr(old.text),
                new=repr(new.text),
                **where,
            )
        elif new.must:
            summary = said(
                board.language,
                "made criterion {text} must in the {stage} gate on board {board}",
                text=repr(old.text),
                **where,
            )
        else:
            summary = said(
                board.language,
                "made criterion {text} should in the {stage} gate on board {board}",
                text=repr(old.text),
                **where,
            )
        gate = tuple(new if c.id == criterion_id else c for c in stage.gate)
        self._edit_stage(board, replace(stage, gate=gate), summary, criterion=criterion_id)
        return new

    def remove_criterion(self, board_id: str, stage_id: str, criterion_id: str) -> Board:
        """Take a criterion out of the gate; cards keep the items it gave them."""
        board, stage = self._stage_of(board_id, stage_id)
        old = _criterion_of(stage, criterion_id)
        return self._edit_stage(
            board,
            replace(stage, gate=tuple(c for c in stage.gate if c.id != criterion_id)),
            said(
                board.language,
                "removed criterion {text} from the {stage} gate on board {board}",
                text=repr(old.text),
                stage=stage.name,
                board=board.name,
            ),
            criterion=criterion_id,
        )

    def move_criterion(self, board_id: str, stage_id: str, criterion_id: str, step: int) -> bool:
        """Move a criterion one place up (-1) or down (+1) its gate; False at that end."""
        board, stage = self._stage_of(board_id, stage_id)
        old = _criterion_of(stage, criterion_id)
        gate = list(stage.gate)
        moved = _swapped(gate, gate.index(old), step)
        if moved is None:
            return False
        where = {"text": repr(old.text), "stage": stage.name, "board": board.name}
        summary = (
            said(
                board.language,
                "moved criterion {text} up the {stage} gate on board {board}",
                **where,
            )
            if step < 0
            else said(
                board.language,
                "moved criterion {text} down the {stage} gate on board {board}",
                **where,
            )
        )
        self._edit_stage(board, replace(stage, gate=tuple(moved)), summary, criterion=criterion_id)
        return True

    def _stage_of(self, board_id: str, stage_id: str) -> tuple[Board, Stage]:
        board = self._boards[board_id]
        return board, board.workflow.stage(stage_id)

    def _edit_stage(self, board: Board, stage: Stage, summary: str, **data: Any) -> Board:
        """Commit the board's workflow with `stage` in place of the stage of its id."""
        stages = tuple(stage if s.id == stage.id else s for s in board.workflow.stages)
        return self._commit_workflow(board, Workflow(stages), summary, stage=stage.id, **data)


def _refuse_taken(name: str, stages: Iterable[Stage], own: str | None) -> None:
    """A stage is found by id or name (`Workflow.find`): no two may answer to one word."""
    wanted = name.casefold()
    for stage in stages:
        if stage.id != own and wanted in (stage.name.casefold(), stage.id.casefold()):
            raise ValueError(
                _("this board already has a stage called {name}").format(name=repr(name))
            )


def _slug(text: str, fallback: str) -> str:
    """An id made from a name as typed: its ASCII words, lower case, joined by `-`, at most
    about 40 characters; `fallback` for a name with none (written in Chinese, say)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("'", "")  # "client's" is one word
    slug = ""
    for word in re.findall(r"[a-z0-9]+", ascii_text.lower()):
        if slug and len(slug) + 1 + len(word) > 40:
            break
        slug = f"{slug}-{word}" if slug else word[:40]
    return slug or fallback


def _unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not taken."""
    n, found = 1, base
    while found in taken:
        n += 1
        found = f"{base}-{n}"
    return found


def _swapped(items: list[Any], index: int, step: int) -> list[Any] | None:
    """`items` with the one at `index` swapped with its neighbour `step` away; None when
    there is none that way."""
    other = index + step
    if step == 0 or not 0 <= other < len(items):
        return None
    items = list(items)
    items[index], items[other] = items[other], items[index]
    return items


def _criterion_of(stage: Stage, criterion_id: str) -> Criterion:
    for criterion in stage.gate:
        if criterion.id == criterion_id:
            return criterion
    raise ValueError(
        _("no criterion {criterion} in the {stage} gate").format(
            criterion=repr(criterion_id), stage=stage.name
        )
    )
