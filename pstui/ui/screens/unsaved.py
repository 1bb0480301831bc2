"""Backing out of a form with unsaved edits: ask first, the safe answer highlighted."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from pstui.i18n import _
from pstui.ui.screens.choice import ChoicePrompt

SAVE, DROP, STAY = "save", "drop", "stay"


def ask_to_drop(
    app: App,
    what: str,
    *,
    save: Callable[[], object],
    drop: Callable[[], object],
    save_words: str | None = None,
) -> None:
    """Ask whether to save, drop or keep editing `what`, and call `save` or `drop` as
    answered (keeping on editing, or Escape in the prompt, calls neither). `save_words`
    words the saving choice when it says more than "Save `what` and go back"."""
    choices = [
        (STAY, _("Keep editing")),
        (SAVE, save_words or _("Save {what} and go back").format(what=what)),
        (DROP, _("Drop the changes and go back")),
    ]

    def chosen(answer: str | None) -> None:
        if answer == SAVE:
            save()
        elif answer == DROP:
            drop()

    question = _("Unsaved changes to {what}").format(what=what)
    app.push_screen(ChoicePrompt(question, choices, selected=STAY), chosen)
