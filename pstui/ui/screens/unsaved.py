"""Backing out of a form with unsaved edits: ask first, the safe answer highlighted."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from pstui.ui.screens.choice import ChoicePrompt

SAVE, DROP, STAY = "save", "drop", "stay"


def ask_to_drop(
    app: App, what: str, answered: Callable[[str], None], *, save: str | None = None
) -> None:
    """Ask whether to save, drop or keep editing `what`; `answered` gets SAVE, DROP or STAY
    (Escape in the prompt is STAY). `save` words the saving choice when it says more than
    "Save `what` and go back" (how it is saved)."""
    choices = [
        (STAY, "Keep editing"),
        (SAVE, save or f"Save {what} and go back"),
        (DROP, "Drop the changes and go back"),
    ]

    def chosen(answer: str | None) -> None:
        answered(answer or STAY)

    app.push_screen(ChoicePrompt(f"Unsaved changes to {what}", choices, selected=STAY), chosen)
