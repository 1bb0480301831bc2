"""The footer of every screen: Textual's, rebuilt only when the keys it shows change.

Textual's `Footer` removes and mounts all its keys again on every bindings signal, and a
screen sends several for one gesture (it is pushed, it mounts, focus moves, the stack
changes): opening a card sent six, so its keys were built six times, some 85 ms of a 260 ms
open at 10,000 cards. Most signals change nothing the footer shows, and those are skipped.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer


class KeyFooter(Footer):
    def __init__(self, *, keys_at_mount: bool = False) -> None:
        """`keys_at_mount`: build the keys with the screen's first frame. Textual's footer
        waits for the first bindings signal, which comes after that frame, because focus may
        still change the keys. On a screen whose keys do not depend on focus (the board),
        waiting only costs a second layout and frame: 30 ms of a 10,000-card first paint.
        Elsewhere it would build the keys twice (30 ms more to open a card)."""
        super().__init__()
        self._shown: Hashable = None  # what the keys now mounted were built from
        if keys_at_mount:
            self._bindings_ready = True  # Footer's own flag: no keys until it is set

    def compose(self) -> ComposeResult:
        self._shown = self._what_it_shows()
        yield from super().compose()

    async def recompose(self) -> None:
        if not self.is_attached or self._pruning:  # as `Widget.recompose`: gone meanwhile
            return
        if self._what_it_shows() != self._shown:
            await super().recompose()

    def _what_it_shows(self) -> Hashable:
        """Everything `Footer.compose` builds the keys from."""
        if not self._bindings_ready:
            return None
        keys = tuple(
            (binding, enabled, tooltip, self.app.get_key_display(binding))
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
        return keys, self.compact, self.show_command_palette
