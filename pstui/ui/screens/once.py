"""A modal question that is answered once."""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class AnsweredOnce(ModalScreen[ResultT]):
    """A modal whose first answer counts and whose later ones do nothing.

    Textual's `dismiss` pops whichever screen is on top, so a second Enter (queued behind
    the first before the first was handled), or an Escape racing it, popped the screen
    under the prompt and then raised ScreenStackError (#21). Here a second dismiss, or one
    of a modal no longer on top, is ignored.
    """

    _answered = False

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        if self._answered or not self.is_attached or self.app.screen is not self:
            return AwaitComplete.nothing()
        self._answered = True
        return super().dismiss(result)
