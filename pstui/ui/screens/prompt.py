"""A one-line question in a modal: Enter answers, Escape backs out.

An optional `check` turns the typed text into an error message (or None when fine), so a
date that does not parse is said in place and the dialog stays open.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from pstui.ui.screens.once import AnsweredOnce


class TextPrompt(AnsweredOnce[str | None]):
    CSS_PATH = "prompt.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt-cancel")]

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        placeholder: str = "",
        hint: str = "",
        required: bool = False,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._placeholder = placeholder
        self._hint = hint
        self._required = required
        self._check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(Text(self._title), id="prompt-title")
            yield Input(self._value, placeholder=self._placeholder, id="prompt-input")
            yield Label(Text(self._hint), id="prompt-hint")
            yield Label("", id="prompt-error")

    @on(Input.Submitted)
    def answer(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        problem = None
        if self._required and not text:
            problem = "an answer is needed here (Escape to back out)"
        elif self._check is not None:
            problem = self._check(text)
        if problem:
            self.query_one("#prompt-error", Label).update(Text(problem))
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
