"""Shown instead of the board when every board of the store is archived (#21).

Such a store is valid (`pstui check` passes it): a board can be archived, and a teammate
may archive the last one. There is then no board to draw, so this screen says so, lists
the archived boards, and restores the one chosen (an undoable change); the board screen
then shows it. A reload that brings a board back leaves this screen by itself.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pstui.i18n import N_, _
from pstui.model.text import printable
from pstui.ui.screens.base import PstuiScreen
from pstui.ui.screens.board import BoardScreen
from pstui.ui.widgets.key_footer import KeyFooter


class ArchivedBoardsScreen(PstuiScreen):
    CSS_PATH = "archived_boards.tcss"
    CHANGES = frozenset({"restore"})
    AUTO_FOCUS = "#archived-boards"
    BINDINGS = [
        Binding(
            "enter",
            "restore",
            N_("Restore"),
            id="restore-board",
            tooltip=N_("Restore the highlighted board and show it"),
        ),
        Binding("j", "cursor(1)", N_("Down"), show=False, id="archived-down"),
        Binding("k", "cursor(-1)", N_("Up"), show=False, id="archived-up"),
        Binding("q", "app.quit", N_("Quit"), id="quit", tooltip=N_("Quit pstui")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._left = False

    def compose(self) -> ComposeResult:
        yield Static(
            Text(_("Every board of this store is archived"), style="bold"), id="archived-title"
        )
        yield Static(
            Text(_("Choose one to restore (Enter); its cards come back with it. q quits.")),
            id="archived-hint",
        )
        yield OptionList(id="archived-boards")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_changes()

    def show_changes(self, keep: str | None = None) -> None:
        repo = self.app.repo
        if repo.boards.all():  # restored, here or by a reload
            self.leave()
            return
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            Option(Text(printable(b.name)), id=b.id) for b in repo.boards.archived()
        )
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)

    def leave(self) -> None:
        """To the board: the one under this screen, or a new one when the app opened here."""
        if self._left:
            return
        self._left = True
        if any(isinstance(s, BoardScreen) for s in self.app.screen_stack):
            if self.app.screen is self:
                self.app.pop_screen()
        else:
            self.app.switch_screen(BoardScreen())

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.restore(event.option.id)

    def action_restore(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.restore(options.get_option_at_index(options.highlighted).id)

    def restore(self, board_id: str | None) -> None:
        if board_id is not None and not self._left:
            self.attempt(lambda: self.app.repo.boards.set_archived(board_id, False))

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()
