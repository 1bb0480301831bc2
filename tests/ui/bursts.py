"""Keys typed in one burst, routed the way Textual routes keys: each as it arrives, to the
focused widget of the screen on top, all of them before the app handles anything they set
off (a focus moved by `focus()`, an Input's Enter bubbling up to a binding).

That is what a terminal's burst does to a form without the app's key line, or once that
line stops waiting for a slow handler (`pstui.ui.key_order`): a form stays right only if the
keys that move the focus act as they arrive (priority bindings). Posting the keys to the app
would test the key line instead, which hands them over one by one.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.keys import _character_to_key

NAMED = {"\t": ("tab", "\t"), "\n": ("enter", "\r"), "\x19": ("shift+tab", None)}
BACK_TAB = "\x19"  # shift+Tab in `burst` text


def key_events(text: str) -> list[events.Key]:
    """One key event per character of `text`: \\t is Tab, \\n Enter, BACK_TAB shift+Tab."""
    found = []
    for char in text:
        if char in NAMED:
            key, character = NAMED[char]
            found.append(events.Key(key, character))
        else:
            key = char if char.isalnum() else _character_to_key(char)
            found.append(events.Key(key, char))
    return found


def route_at_once(app: App, text: str) -> None:
    """Route the keys of `text` (see `key_events`) one after the other, in one go, as
    Textual's App routes a key it takes from its queue."""
    keys = key_events(text)

    async def route() -> None:
        for event in keys:
            await App.on_event(app, event)

    app.call_later(route)
