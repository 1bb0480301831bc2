"""The base of every pstui screen that shows the store.

It keeps the screen in step with the store (the app's `store_changed` signal calls
`show_changes`, whichever screen is on top), and runs store commands so that a user error
becomes a notification, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual.screen import Screen

from pstui.i18n import _
from pstui.model.dates import DateError
from pstui.model.gate import GateBlocked, GateError
from pstui.model.ids import IdError
from pstui.model.text import printable
from pstui.store.core import UndoRefused
from pstui.store.errors import StoreError
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.prompt import TextPrompt

if TYPE_CHECKING:
    from pstui.ui.app import PstuiApp

T = TypeVar("T")


@dataclass(frozen=True)
class Done(Generic[T]):
    """A store command that was done, and what it returned (true even when that is None)."""

    made: T


# What a store command raises for something the user can fix: said, not raised.
USER_ERRORS = (GateError, DateError, IdError, ValueError, KeyError, StoreError)


class PstuiScreen(Screen):
    """A screen of the store: refreshed when the store changes, store commands made safe."""

    # The screen's actions that change the store: while it is read-only (a file that cannot
    # be written, a bad store, `serve --read-only`) their keys are neither shown nor bound.
    CHANGES: ClassVar[frozenset[str]] = frozenset()

    if TYPE_CHECKING:

        @property
        def app(self) -> PstuiApp: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.CHANGES and self.app.repo.read_only)

    def on_mount(self) -> None:
        self.app.store_changed.subscribe(self, self._store_changed, immediate=True)

    def on_unmount(self) -> None:
        # The signal holds its subscribers strongly: without this every card detail ever
        # opened stayed alive, with all it drew, until the app closed.
        self.app.store_changed.unsubscribe(self)

    def _store_changed(self, _signal: None) -> None:
        self.show_changes()

    def show_changes(self, keep: str | None = None) -> None:
        """Show the store as it is now, the cursor on `keep` if given."""

    def attempt(self, change: Callable[[], T], keep: str | None = None) -> Done[T] | None:
        """Run one store command; show what went wrong instead of raising. What the command
        returned when it was done (truthy, whatever it returned), None when not."""
        repo = self.app.repo
        if repo.read_only:
            self.app.notify(repo.read_only_reason, severity="error")
            return None
        try:
            made = change()
        except GateBlocked:
            raise  # the card screens open the gate review for it
        except UndoRefused as refused:
            self.app.notify(str(refused), title=_("Not undone"), severity="warning", timeout=10)
            return None
        except USER_ERRORS as err:
            self.app.notify(str(err), title=_("Not done"), severity="error")
            return None
        self.show_changes(keep)
        return Done(made)

    def action_undo(self) -> None:
        """Undo the last change made in this app, on whichever screen it was made."""
        repo = self.app.repo
        if not repo.can_undo():
            self.app.notify(_("Nothing to undo."), severity="warning")
            return
        done = self.attempt(repo.undo)
        if done and done.made:
            self.app.notify(done.made, title=_("Undone"))

    def ask(self, title: str, value: str, apply: Callable[[str], Any], **prompt: Any) -> None:
        """Ask for one line of text and `apply` it as a store command."""
        # The prompt shows control characters in caret form, never sends them to the
        # terminal; submitting that form unchanged must not rewrite the stored text with it.
        shown = printable(value)

        def answered(text: str | None) -> None:
            if text is not None and not (text == shown and shown != value):
                self.attempt(lambda: apply(text))

        self.app.push_screen(TextPrompt(title, shown, **prompt), answered)

    def confirm(self, question: str, yes: str, then: Callable[[], Any]) -> None:
        """Ask `question` with "No, keep it" highlighted; on `yes`, run `then`."""

        def chosen(answer: str | None) -> None:
            if answer == "yes":
                then()

        choices = [("no", _("No, keep it")), ("yes", yes)]
        self.app.push_screen(ChoicePrompt(question, choices, selected="no"), chosen)

    def still_there(self, board_id: str, card_id: str | None = None) -> bool:
        """Whether the board (and card) this screen shows are still in the store; if not
        (removed on another clone, then pulled), say so and leave."""
        repo = self.app.repo
        try:
            repo.boards.get(board_id)
        except (KeyError, StoreError):
            gone = _("This board is gone (removed on another clone).")
        else:
            card_gone = card_id is not None and not repo.cards.has(card_id)
            gone = _("This card is gone (removed on another clone).") if card_gone else None
        if gone is None:
            return True
        self.app.notify(gone, severity="warning")
        self.dismiss_all()
        return False

    def dismiss_all(self) -> None:
        """Back where the user came from; a prompt open over this screen goes with it."""
        while self.app.screen is not self and self in self.app.screen_stack:
            self.app.pop_screen()
        if self.app.screen is self:
            self.app.pop_screen()
