"""Messages: every notice of this session, newest first, whole (a toast shows one line).

The text is shown as it was given (git's words, a card's title), never read as markup, and
drawn without frames, so what a mouse selects from it copies clean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from pstui.i18n import N_, _, ngettext
from pstui.model.text import fit, printable
from pstui.ui.widgets.key_footer import KeyFooter
from pstui.ui.widgets.styled import Styled

if TYPE_CHECKING:
    from pstui.ui.notices import Notice, NoticesApp

SEVERITY_WORDS = {"information": N_("info"), "warning": N_("warning"), "error": N_("error")}
SEVERITY_STYLES = {
    "information": "$text-muted",
    "warning": "$text-warning bold",
    "error": "$text-error bold",
}


class MessagesScreen(Screen[None]):
    CSS_PATH = "messages.tcss"
    AUTO_FOCUS = "#messages-box"
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", N_("Back"), id="messages-back", tooltip=N_("Back")),
        Binding("j", "scroll(1)", N_("Down"), show=False, id="messages-down"),
        Binding("k", "scroll(-1)", N_("Up"), show=False, id="messages-up"),
    ]

    if TYPE_CHECKING:

        @property
        def app(self) -> NoticesApp: ...

    def compose(self) -> ComposeResult:
        yield Static(id="messages-title")
        with VerticalScroll(id="messages-box"):
            yield Static(id="messages-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.app.notice_logged.subscribe(self, self._logged)
        self.show_notices()

    def on_unmount(self) -> None:
        self.app.notice_logged.unsubscribe(self)

    def _logged(self, _notice: Notice) -> None:
        self.show_notices()

    def show_notices(self) -> None:
        log = self.app.notice_log
        count = len(log)
        title = Styled(
            ngettext(
                "Messages: {n} notice this session", "Messages: {n} notices this session", count
            ).format(n=count),
            style="bold",
        )
        title.append(_(", newest first"), style="$text-muted")
        self.query_one("#messages-title", Static).update(title.content())
        self.query_one("#messages-text", Static).update(notices_text(log))

    def action_scroll(self, step: int) -> None:
        box = self.query_one("#messages-box", VerticalScroll)
        if step > 0:
            box.scroll_down(animate=False)
        else:
            box.scroll_up(animate=False)


def notices_text(log: list[Notice]) -> Content:
    """Each notice, newest first: when, how grave and its title on one line, then its whole
    message, a blank line between notices."""
    if not log:
        return Styled(_("Nothing said yet."), style="$text-muted").content()
    text = Styled()
    for notice in reversed(log):
        text.append(f"{notice.at}  ", style="$text-muted")
        severity = fit(_(SEVERITY_WORDS[notice.severity]), 8)
        text.append(severity, style=SEVERITY_STYLES[notice.severity])
        if notice.title:
            text.append(printable(notice.title), style="bold")
            text.append("\n")
        text.append(printable(notice.message, keep_newlines=True).expandtabs(4).rstrip() + "\n\n")
    return text.content()
