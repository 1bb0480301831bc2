"""A board's workflow, edited with the keys: its stages (name, WIP limit, cards held, gate) and
the gate criteria of the stage under the cursor; a board added or renamed.

Every edit is one store command: an event, an undo step (`u` takes it back). A stage that
still holds cards cannot be removed: the store refuses and the screen says why. A gate edit
applies to cards that enter the stage from then on, since a card's checklist is its own copy
of the gate, made when it entered.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar, NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from pstui.i18n import N_, _, ngettext
from pstui.model.board import Board
from pstui.model.text import cell_width, printable
from pstui.model.workflow import Criterion, Stage, Workflow
from pstui.store.templates import load_template, template_names
from pstui.ui.screens.base import PstuiScreen
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.widgets.key_footer import KeyFooter
from pstui.ui.widgets.line_table import Column, LineTable, fitted, table_bindings
from pstui.ui.widgets.styled import Styled

WIDE = 100  # from this width the criteria show their ids
MAX_ID_WIDTH = 16
COPY = "copy"  # the new board's workflow is a copy of this board's
GATE_NOTE = N_("Gate edits apply to cards that enter the stage from now on, not those in it.")


def _column(key: str, label: str, width: int, *, right: bool = False) -> Column:
    """A column of fixed width, widened to its label (a Chinese one takes two cells a
    character)."""
    return Column(key, label, max(width, cell_width(label)), right)


class StageRow(NamedTuple):
    number: int
    stage: Stage
    live: int  # cards in the stage
    archived: int  # archived cards of the stage: they hold it too

    @property
    def id(self) -> str:
        return self.stage.id


class CriterionRow(NamedTuple):
    number: int
    criterion: Criterion

    @property
    def id(self) -> str:
        return self.criterion.id


def check_wip(text: str) -> str | None:
    """What is wrong with a WIP limit as typed; None when it is a count of 1 or more, or empty."""
    if not text or (text.isdecimal() and int(text) >= 1):
        return None
    return _("a whole number of cards, 1 or more; empty for no limit")


def gate_words(stage: Stage) -> str:
    """A gate in a few words: `4 must, 1 should`, `none`."""
    musts = sum(c.must for c in stage.gate)
    shoulds = len(stage.gate) - musts
    if musts and shoulds:
        return _("{must} must, {should} should").format(must=musts, should=shoulds)
    if musts:
        return _("{n} must").format(n=musts)
    if shoulds:
        return _("{n} should").format(n=shoulds)
    return _("none")


class StageTable(LineTable[StageRow]):
    """The board's stages in order, one line each."""

    PART_PREFIX = "stage-table"
    COMPONENT_CLASSES: ClassVar = {"stage-table--over"}
    BINDINGS: ClassVar = [
        *table_bindings("stage", "stage"),
        Binding(
            "enter",
            "screen.open_gate",
            N_("Gate"),
            id="stage-gate",
            tooltip=N_("The stage's gate criteria, to edit (Escape comes back)"),
        ),
        Binding(
            "n",
            "screen.add_stage",
            N_("New"),
            id="stage-add",
            tooltip=N_("Add a stage after this one"),
        ),
        Binding(
            "e",
            "screen.rename_stage",
            N_("Rename"),
            id="stage-rename",
            tooltip=N_("Rename the stage (its id, which cards name, stays)"),
        ),
        Binding(
            "w",
            "screen.stage_wip",
            N_("WIP"),
            id="stage-wip",
            tooltip=N_("Set the stage's WIP limit"),
        ),
        Binding(
            "delete",
            "screen.remove_stage",
            N_("Remove"),
            id="stage-remove",
            tooltip=N_("Remove the stage (refused while it holds cards)"),
        ),
        Binding(
            "K,shift+up",
            "screen.move_stage(-1)",
            N_("Move up"),
            show=False,
            id="stage-earlier",
            tooltip=N_("Move the stage one place earlier (left on the board)"),
        ),
        Binding(
            "J,shift+down",
            "screen.move_stage(1)",
            N_("Move down"),
            show=False,
            id="stage-later",
            tooltip=N_("Move the stage one place later (right on the board)"),
        ),
    ]

    def __init__(self, *, moved: Callable[[], None], id: str) -> None:
        super().__init__(moved=moved, id=id)
        self.id_width = 2

    def table_columns(self, width: int) -> tuple[Column, ...]:
        return fitted(
            [
                Column("number", "#", 2, right=True),
                Column("name", _("Stage"), 0),
                _column("id", _("Id"), self.id_width),
                _column("wip", _("WIP"), 3, right=True),
                _column("cards", _("Cards"), 10, right=True),
                _column("gate", _("Gate"), 16),
            ],
            width,
        )

    def columns_key(self) -> tuple[object, ...]:
        return (self.id_width,)

    def cells(self, row: StageRow) -> list[tuple[str, str]]:
        stage, limit = row.stage, row.stage.wip_limit
        cards = str(row.live)
        if row.archived:
            cards += " " + _("+{n} arch").format(n=row.archived)
        over = bool(limit and row.live > limit)
        return [
            (str(row.number), "muted"),
            (printable(stage.name), ""),
            (stage.id, "muted"),
            (str(limit) if limit else "-", "" if limit else "muted"),
            (cards, "over" if over else ""),
            (gate_words(stage), "" if stage.gate else "muted"),
        ]


class CriteriaTable(LineTable[CriterionRow]):
    """The gate criteria of one stage, in order, one line each."""

    PART_PREFIX = "criteria-table"
    COMPONENT_CLASSES: ClassVar = {"criteria-table--must"}
    BINDINGS: ClassVar = [
        *table_bindings("criterion", "criterion"),
        Binding(
            "escape",
            "screen.focus_stages",
            N_("Stages"),
            id="criteria-back",
            tooltip=N_("Back to the stages"),
        ),
        Binding(
            "n",
            "screen.add_criterion",
            N_("New"),
            id="criterion-add",
            tooltip=N_("Add a criterion to the gate (a must one; m makes it should)"),
        ),
        Binding(
            "e",
            "screen.edit_criterion",
            N_("Edit"),
            id="criterion-edit",
            tooltip=N_("Reword the criterion"),
        ),
        Binding(
            "m",
            "screen.criterion_must",
            N_("Must/should"),
            id="criterion-must",
            tooltip=N_("Make the criterion must (blocks a plain Go) or should"),
        ),
        Binding(
            "delete",
            "screen.remove_criterion",
            N_("Remove"),
            id="criterion-remove",
            tooltip=N_("Remove the criterion from the gate"),
        ),
        Binding(
            "K,shift+up",
            "screen.move_criterion(-1)",
            N_("Move up"),
            show=False,
            id="criterion-earlier",
            tooltip=N_("Move the criterion up the gate"),
        ),
        Binding(
            "J,shift+down",
            "screen.move_criterion(1)",
            N_("Move down"),
            show=False,
            id="criterion-later",
            tooltip=N_("Move the criterion down the gate"),
        ),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.id_width = 2

    def table_columns(self, width: int) -> tuple[Column, ...]:
        columns = [
            Column("number", "#", 2, right=True),
            _column("level", _("Level"), 6),
            Column("text", _("Criterion"), 0),
        ]
        if width >= WIDE:
            columns.append(_column("id", _("Id"), self.id_width))
        return fitted(columns, width)

    def columns_key(self) -> tuple[object, ...]:
        return (self.id_width,)

    def cells(self, row: CriterionRow) -> list[tuple[str, str]]:
        criterion = row.criterion
        cells = [
            (str(row.number), "muted"),
            (_("must") if criterion.must else _("should"), "must" if criterion.must else "muted"),
            (printable(criterion.text), ""),
        ]
        if len(self.columns) > len(cells):
            cells.append((criterion.id, "muted"))
        return cells


class BoardAdminScreen(PstuiScreen):
    """The workflow of board `board_id`; dismissed with the board it shows last (a board added
    here is shown here, and then on the board)."""

    CSS_PATH = "board_admin.tcss"
    AUTO_FOCUS = "#admin-stages"
    CHANGES = frozenset(
        {
            "new_board", "rename_board", "undo",
            "add_stage", "rename_stage", "stage_wip", "remove_stage", "move_stage",
            "add_criterion", "edit_criterion", "criterion_must", "remove_criterion",
            "move_criterion",
        }
    )  # fmt: skip
    BINDINGS: ClassVar = [
        Binding("escape", "back", N_("Back"), id="admin-back", tooltip=N_("Back to the board")),
        Binding(
            "N",
            "new_board",
            N_("New board"),
            show=False,
            id="board-add",
            tooltip=N_("Add a board: its name, then the workflow it starts with"),
        ),
        Binding(
            "E",
            "rename_board",
            N_("Rename board"),
            show=False,
            id="board-rename",
            tooltip=N_("Rename this board"),
        ),
        Binding(
            "u,ctrl+z", "undo", N_("Undo"), id="admin-undo", tooltip=N_("Undo the last change")
        ),
    ]

    def __init__(self, board_id: str) -> None:
        super().__init__()
        self.board_id = board_id
        self.opened_on = board_id
        self.gate_shown: str | None = None  # the stage whose gate is shown

    def compose(self) -> ComposeResult:
        yield Static(id="admin-bar")
        yield StageTable(moved=self.show_gate, id="admin-stages")
        yield Static(id="gate-title")
        yield CriteriaTable(id="admin-criteria")
        yield Static(_(GATE_NOTE), id="gate-note", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_changes()

    # ----- data down --------------------------------------------------------------------------

    def show_changes(self, keep: str | None = None) -> None:
        """Show the board as it is; `keep` is the stage or criterion (whichever list has the
        focus) the cursor goes to."""
        repo = self.app.repo
        if not repo.boards.has(self.board_id) and repo.boards.has(self.opened_on):
            self.board_id = self.opened_on  # the board added here was taken back (undo)
        if not self.still_there(self.board_id):
            return
        board = repo.boards.get(self.board_id)
        stages = self.query_one(StageTable)
        rows = [
            StageRow(
                n,
                stage,
                len(repo.cards.column(board.id, stage.id)),
                len(repo.cards.column(board.id, stage.id, archived=True)),
            )
            for n, stage in enumerate(board.workflow.stages, start=1)
        ]
        stages.id_width = min(MAX_ID_WIDTH, max(len(s.id) for s in board.workflow.stages))
        stages.set_rows(rows, keep=keep if stages.has_focus else None)
        stages.styles.height = len(rows) + 1  # the header, then a line per stage
        self.show_bar(board)
        self.show_gate(keep if not stages.has_focus else None)

    def show_bar(self, board: Board) -> None:
        bar = Styled(f" {_('Workflow')} ", style="$accent bold reverse")
        bar.append(f" {printable(board.name)}", style="bold")
        stages = len(board.workflow.stages)
        bar.append("  " + ngettext("{n} stage", "{n} stages", stages).format(n=stages))
        bar.append("   " + _("N new board, E renames this one"), style="$text-muted")
        self.query_one("#admin-bar", Static).update(bar.content())

    def show_gate(self, keep: str | None = None) -> None:
        """The gate of the stage under the stages' cursor."""
        row = self.query_one(StageTable).current
        criteria = self.query_one(CriteriaTable)
        if row is None:
            return
        stage = row.stage
        if stage.id != self.gate_shown:  # another stage's gate: from its first criterion
            self.gate_shown = stage.id
            criteria.cursor = 0
        title = Styled(" " + _("Gate of {stage}").format(stage=printable(stage.name)), style="bold")
        title.append(f"  {gate_words(stage)}", style="$text-muted")
        title.append("   " + _("what a card needs to leave the stage"), style="$text-muted")
        self.query_one("#gate-title", Static).update(title.content())
        criteria.id_width = min(MAX_ID_WIDTH * 2, max((len(c.id) for c in stage.gate), default=2))
        criteria.set_rows(
            [CriterionRow(n, c) for n, c in enumerate(stage.gate, start=1)],
            keep=keep,
            empty=_("No criteria: a card leaves this stage with a plain Go."),
        )

    # ----- moving about -----------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(self.board_id)

    def action_open_gate(self) -> None:
        self.query_one(CriteriaTable).focus()

    def action_focus_stages(self) -> None:
        self.query_one(StageTable).focus()

    def _stage_or_say(self) -> Stage | None:
        row = self.query_one(StageTable).current
        if row is None:
            self.app.notify(_("No stage here."), severity="warning")
        return None if row is None else row.stage

    def _criterion_or_say(self) -> tuple[Stage, Criterion] | None:
        stage = self._stage_or_say()
        row = self.query_one(CriteriaTable).current
        if stage is not None and row is None:
            self.app.notify(_("No criterion here: n adds one."), severity="warning")
        return None if stage is None or row is None else (stage, row.criterion)

    # ----- stages -----------------------------------------------------------------------------

    def action_add_stage(self) -> None:
        after = self._stage_or_say()
        boards = self.app.repo.boards

        def named(name: str | None) -> None:
            if name:
                done = self.attempt(
                    lambda: boards.add_stage(self.board_id, name, after=after.id if after else None)
                )
                if done:
                    self.show_changes(done.made.id)

        if after:
            heading = _("New stage, after {stage}").format(stage=printable(after.name))
        else:
            heading = _("New stage, at the end")
        prompt = TextPrompt(heading, required=True, placeholder=_("name"))
        self.app.push_screen(prompt, named)

    def action_rename_stage(self) -> None:
        if stage := self._stage_or_say():
            self.ask(
                _("Stage name"),
                stage.name,
                lambda name: self.app.repo.boards.rename_stage(self.board_id, stage.id, name),
                required=True,
                hint=_("Its id stays {id}: cards and the CLI name it by either.").format(
                    id=stage.id
                ),
            )

    def action_stage_wip(self) -> None:
        if stage := self._stage_or_say():
            self.ask(
                _("WIP limit of {stage} (empty: no limit)").format(stage=printable(stage.name)),
                str(stage.wip_limit or ""),
                lambda text: self.app.repo.boards.set_wip(
                    self.board_id, stage.id, int(text) if text else None
                ),
                hint=_("The most cards the stage should hold at once; the board warns past it."),
                check=check_wip,
            )

    def action_remove_stage(self) -> None:
        if stage := self._stage_or_say():
            repo = self.app.repo
            holding = partial(repo.cards.in_stage, self.board_id)
            if self.attempt(lambda: repo.boards.remove_stage(self.board_id, stage.id, holding)):
                self.app.notify(
                    _("Removed stage {stage}. u undoes.").format(stage=printable(stage.name))
                )

    def action_move_stage(self, step: int) -> None:
        if stage := self._stage_or_say():
            self.attempt(lambda: self.app.repo.boards.move_stage(self.board_id, stage.id, step))

    # ----- gate criteria ----------------------------------------------------------------------

    def action_add_criterion(self) -> None:
        stage = self._stage_or_say()
        if stage is None:
            return

        def written(text: str | None) -> None:
            if text:
                boards = self.app.repo.boards
                done = self.attempt(lambda: boards.add_criterion(self.board_id, stage.id, text))
                if done:
                    self.show_changes(done.made.id)

        prompt = TextPrompt(
            _("New criterion of the {stage} gate").format(stage=printable(stage.name)),
            required=True,
            hint=_("A must criterion: m makes it should."),
        )
        self.app.push_screen(prompt, written)

    def action_edit_criterion(self) -> None:
        if found := self._criterion_or_say():
            stage, criterion = found
            self.ask(
                _("Criterion"),
                criterion.text,
                lambda text: self.app.repo.boards.edit_criterion(
                    self.board_id, stage.id, criterion.id, text=text
                ),
                required=True,
            )

    def action_criterion_must(self) -> None:
        if found := self._criterion_or_say():
            stage, criterion = found
            self.attempt(
                lambda: self.app.repo.boards.edit_criterion(
                    self.board_id, stage.id, criterion.id, must=not criterion.must
                )
            )

    def action_remove_criterion(self) -> None:
        if found := self._criterion_or_say():
            stage, criterion = found
            boards = self.app.repo.boards
            if self.attempt(lambda: boards.remove_criterion(self.board_id, stage.id, criterion.id)):
                self.app.notify(
                    _("Removed criterion {criterion}. u undoes.").format(
                        criterion=repr(printable(criterion.text))
                    )
                )

    def action_move_criterion(self, step: int) -> None:
        if found := self._criterion_or_say():
            stage, criterion = found
            boards = self.app.repo.boards
            self.attempt(lambda: boards.move_criterion(self.board_id, stage.id, criterion.id, step))

    # ----- boards -----------------------------------------------------------------------------

    def action_rename_board(self) -> None:
        board = self.app.repo.boards.get(self.board_id)
        self.ask(
            _("Board name"),
            board.name,
            lambda name: self.app.repo.boards.rename(self.board_id, name),
            required=True,
        )

    def action_new_board(self) -> None:
        repo = self.app.repo
        this = repo.boards.get(self.board_id)

        def taken(name: str) -> str | None:
            names = {b.name.casefold() for b in repo.boards.all()}
            if name.casefold() in names:
                return _("a board of this store has that name")
            return None

        def named(name: str | None) -> None:
            if name:
                copy = _("A copy of the workflow of {board}").format(board=printable(this.name))
                choices = [(COPY, copy)]
                choices += [
                    (key, _("Template: {name}").format(name=key)) for key in template_names()
                ]
                heading = _("Workflow of {board}").format(board=printable(name))
                prompt = ChoicePrompt(heading, choices, COPY)
                self.app.push_screen(prompt, partial(chosen, name))

        def chosen(name: str, key: str | None) -> None:
            if key is None:
                return

            def workflow() -> Workflow:
                return this.workflow if key == COPY else load_template(key).workflow

            done = self.attempt(lambda: repo.boards.add(name, workflow()))
            if done:
                self.board_id, self.gate_shown = done.made.id, None
                stages = self.query_one(StageTable)
                stages.cursor = 0
                stages.focus()
                self.show_changes()
                self.app.notify(
                    _("Board {board} added: Escape shows it.").format(board=printable(name))
                )

        prompt = TextPrompt(_("New board"), required=True, placeholder=_("name"), check=taken)
        self.app.push_screen(prompt, named)
