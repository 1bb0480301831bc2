"""The footer of every screen: Textual's, rebuilt only when the keys it shows change.

Textual's `Footer` removes and mounts all its keys again on every bindings signal, and a
screen sends several for one gesture (it is pushed, it mounts, focus moves, the stack
changes): opening a card sent six, so its nine keys were built 54 times, some 85 ms of a
260 ms open. Most signals change nothing the footer shows, and those are skipped.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.widgets import Footer


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: Hashable = None  # what the keys now mounted were built from

    async def recompose(self) -> None:
        if not self.is_attached or self._pruning:  # as `Widget.recompose`: gone meanwhile
            return
        shown = self._what_it_shows()
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()

    def _what_it_shows(self) -> Hashable:
        """Everything `Footer.compose` builds the keys from."""
        if not self._bindings_ready:  # Footer's own flag: it composes nothing until then
            return None
        keys = tuple(
            (binding, enabled, tooltip, self.app.get_key_display(binding))
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
        return keys, self.compact, self.show_command_palette
