"""Edit a longer text (a card's description) in a modal: ctrl+s saves, Escape backs out
(asking first when the text was changed)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, TextArea

from pstui.i18n import N_, _
from pstui.ui.screens.once import AnsweredOnce
from pstui.ui.screens.unsaved import ask_to_drop
from pstui.ui.widgets.key_footer import KeyFooter


class EditorPrompt(AnsweredOnce[str | None]):
    CSS_PATH = "prompt.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="editor-save"),
        Binding("escape", "cancel", N_("Cancel"), id="editor-cancel"),
    ]

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        self._title = title
        self._value = value
        # "Unsaved changes to the description": `title` comes translated.
        self._what = _("the {what}").format(what=title.lower())

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(Text(self._title), id="prompt-title")
            yield TextArea(self._value, id="editor-text", soft_wrap=True)
            yield Label(Text(_("ctrl+s saves, Escape backs out")), id="prompt-hint")
        yield KeyFooter()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self._value:
            self.dismiss(None)
            return

        ask_to_drop(self.app, self._what, save=self.action_save, drop=lambda: self.dismiss(None))
