"""Pick one of a few things (a stage, a board) in a modal list."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from pstui.i18n import N_
from pstui.ui.screens.once import AnsweredOnce
from pstui.ui.widgets.key_footer import KeyFooter


class ChoicePrompt(AnsweredOnce[str | None]):
    """Dismisses with the chosen option's id, or None."""

    CSS_PATH = "prompt.tcss"
    BINDINGS = [
        # Before the list's own Enter, which the footer does not show.
        Binding("enter", "choose", N_("Choose"), id="choice-choose", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="choice-cancel"),
        Binding("j", "cursor_down", N_("Down"), show=False, id="choice-down"),
        Binding("k", "cursor_up", N_("Up"), show=False, id="choice-up"),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]], selected: str | None = None):
        super().__init__()
        self._title = title
        self._choices = choices
        self._selected = selected

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(Text(self._title), id="prompt-title")
            options = [Option(Text(label), id=key) for key, label in self._choices]
            yield OptionList(*options, id="choice-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        keys = [key for key, _label in self._choices]
        if self._selected in keys:
            self.query_one(OptionList).highlighted = keys.index(self._selected)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self) -> None:
        self.query_one(OptionList).action_select()

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
