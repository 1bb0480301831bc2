"""What the app tells the user: one-line toasts, and the log of every notice in full.

Textual's toasts stack without a limit, stay as long as the caller asked, carry a title line
and every line of the message, and no key dismisses them: three covered half of an 80x24
board, and a failed sync put twenty lines of git's words over it. Here a toast is one line
(the title, then the message's first line, cut to the width), at most `MAX_TOASTS` show at
once (newest wins; the same words again replace the old toast), each for a time set by its
severity, and a key dismisses them. Every notice goes into the session's log, whole: the
messages screen (one key) shows it, newest first.

`NoticesApp` is a base of the pstui app, as `GitApp` is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pendulum
from textual.app import App, ScreenStackError
from textual.binding import Binding
from textual.content import Content
from textual.notifications import Notification, Notify, SeverityLevel
from textual.signal import Signal

from pstui.i18n import N_, _
from pstui.model.text import cell_width, fit, printable
from pstui.ui.screens.messages import MessagesScreen

MAX_TOASTS = 2
# Seconds a toast stays, by severity; a caller may ask for less, never for more (the whole
# text stays in the log).
TOAST_SECONDS: dict[SeverityLevel, float] = {"information": 4, "warning": 8, "error": 12}
TOAST_CHROME = 4  # cells a toast takes besides its text: its coloured edge, padding, a gap
MESSAGES_KEY = "ctrl+n"

NOTICE_BINDINGS = [
    # Priority: the keys work over prompts and forms too, and no widget uses them.
    Binding(
        "ctrl+g",
        "dismiss_notices",
        N_("Dismiss"),
        id="notices-dismiss",
        priority=True,
        tooltip=N_("Dismiss the notices shown (the messages keep them)"),
    ),
    Binding(
        MESSAGES_KEY,
        "messages",
        N_("Messages"),
        show=False,
        id="messages",
        priority=True,
        tooltip=N_("Every notice of this session, in full, newest first"),
    ),
]


def time_of_day() -> str:
    """The local time, HH:MM:SS: when a notice was given, as the messages show it."""
    return pendulum.now().format("HH:mm:ss")


@dataclass(frozen=True)
class Notice:
    """One notice as it was given, for the log: the toast shows one line of it."""

    at: str  # the local time it was given, HH:MM:SS
    severity: SeverityLevel
    title: str
    message: str


@dataclass
class NoticeToast(Notification):
    """A Textual notification showing one line of `notice`."""

    notice: Notice | None = field(default=None, compare=False)


class NoticesApp(App[None]):
    """An app whose notices are one-line toasts, two at most, and a log."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.notice_log: list[Notice] = []  # oldest first
        self.notice_logged: Signal[Notice] = Signal(self, "notice-logged")
        self._toasts: list[NoticeToast] = []  # the toasts shown, oldest first

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notices show their text literally: they carry card titles, file names and error
        text, none of which may act as markup (a caller's markup is shown as plain text).
        Safe from any thread, as Textual's."""
        if markup:
            message = Content.from_markup(message).plain
        notice = Notice(time_of_day(), severity, title, message)
        seconds = TOAST_SECONDS[severity]
        timeout = min(timeout, seconds) if timeout else seconds
        # The line is made on the UI thread (`on_notify`), at the width of that moment.
        self.post_message(
            Notify(NoticeToast("", severity=severity, timeout=timeout, notice=notice))
        )

    def toast_line(self, notice: Notice) -> str:
        """The one line a toast shows for `notice`: the title, then the message's first line,
        cut to the terminal's width; when anything was left out, the key to the rest."""
        shown = printable(notice.message, keep_newlines=True).splitlines()
        lines = [line.strip() for line in shown if line.strip()] or [""]
        title = printable(notice.title)
        line = f"{title}: {lines[0]}" if title else lines[0]
        room = self.size.width - TOAST_CHROME
        if len(lines) == 1 and cell_width(line) <= room:
            return line
        more = " " + _("({key}: full text)").format(key=self._messages_key())
        return fit(line, max(1, room - cell_width(more)), pad=False) + more

    def _messages_key(self) -> str:
        """How the messages key is shown, the user's keymap applied (on a screen that
        lists the app's keys; the default elsewhere)."""
        try:
            active_bindings = self.screen.active_bindings
        except ScreenStackError:  # no screen: the app is closing
            active_bindings = {}
        for key, active in active_bindings.items():
            if active.binding.action == "messages":
                return self.get_key_display(Binding(key, "messages"))
        return self.get_key_display(Binding(MESSAGES_KEY, "messages"))

    def on_notify(self, event: Notify) -> None:
        """Log the notice, give its toast its line and make room for it (this runs before
        Textual shows the toast)."""
        toast = event.notification
        if not isinstance(toast, NoticeToast) or toast.notice is None:
            return
        toast.message = self.toast_line(toast.notice)
        self.notice_log.append(toast.notice)
        self.notice_logged.publish(toast.notice)
        alive = [t for t in self._toasts if not t.has_expired and t.message != toast.message]
        kept = alive[max(0, len(alive) - MAX_TOASTS + 1) :]
        for old in self._toasts:
            if all(old.identity != k.identity for k in kept):
                # Textual's own way out for a toast (Toast._expire); test_messages.py fails
                # if it changes.
                self._unnotify(old, refresh=False)
        self._toasts = [*kept, toast]
        self.refresh_bindings()
        self.set_timer(toast.timeout, self._toast_gone)

    def _toast_gone(self) -> None:
        """The Dismiss key goes with the toast; unless the last screen has gone meanwhile
        (the app closing), when there are no keys to show."""
        if self.screen_stack:
            self.refresh_bindings()

    def clear_notifications(self) -> None:
        super().clear_notifications()
        self._toasts.clear()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The Dismiss key shows (and works) while a toast does.
        if action == "dismiss_notices":
            return any(not t.has_expired for t in self._toasts)
        return super().check_action(action, parameters)

    def action_dismiss_notices(self) -> None:
        self.clear_notifications()

    def action_messages(self) -> None:
        """Open the messages (the toasts shown are in there), or close them."""
        if isinstance(self.screen, MessagesScreen):
            self.pop_screen()
            return
        self.clear_notifications()
        self.push_screen(MessagesScreen())
