"""Help: every key of the screen underneath, read from its live bindings (never a hand table)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from pstui.i18n import N_, _
from pstui.model.text import cell_width, fit
from pstui.ui.widgets.key_footer import KeyFooter
from pstui.ui.widgets.styled import Styled


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,q,question_mark", "app.pop_screen", N_("Close"), id="help-close"),
        Binding("j,down", "scroll(1)", N_("Down"), show=False, id="help-down"),
        Binding("k,up", "scroll(-1)", N_("Up"), show=False, id="help-up"),
    ]

    def __init__(self, keys: list[tuple[str, str]], notes: list[str]) -> None:
        super().__init__()
        self.keys = keys
        self.notes = notes

    def compose(self) -> ComposeResult:
        text = Styled(_("Keys on this screen") + "\n\n", style="bold")
        width = max((cell_width(k) for k, _unused in self.keys), default=4) + 2
        for keys, description in self.keys:
            text.append(fit(keys, width), style="bold")
            text.append(f"{description}\n")
        for note in self.notes:
            text.append(f"\n{note}", style="$text-muted")
        with VerticalScroll(id="help-box"):
            yield Static(text.content())
        yield KeyFooter()

    def action_scroll(self, step: int) -> None:
        box = self.query_one("#help-box")
        if step > 0:
            box.scroll_down(animate=False)
        else:
            box.scroll_up(animate=False)
