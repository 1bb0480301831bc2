"""The footer of every screen: the keys it answers, drawn as one line.

Textual's `Footer` mounts a widget per key, styles each, and mounts them all again on every
bindings signal (a screen sends several for one gesture). With the board's ten keys that
was a large part of the first paint, and most of opening a card. pstui's footer is one
widget that draws its keys as a line of text, from the first frame on, and repaints it
(no layout) only when the keys it shows change. A click on a key still presses it.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from pstui.i18n import _

SEPARATOR = "▏"  # between the screen's keys and the command palette's, as Textual draws it
MORE = "…"  # where keys that do not fit were left out
# Bindings shown however narrow the terminal, the others left out first: help, the key to
# every other key, and the one that dismisses the notices (shown while one is).
KEPT = frozenset({"help", "notices-dismiss"})


class Key(NamedTuple):
    key: str  # what a click presses
    display: str  # how the key is shown (the keymap and the app's key display applied)
    description: str
    enabled: bool
    kept: bool = False  # left out only when nothing else is left to leave out


class Keys(NamedTuple):
    keys: tuple[Key, ...]  # the screen's, left to right
    palette: Key | None  # the command palette's, on the right


class KeyFooter(Widget, can_focus=False):
    COMPONENT_CLASSES = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--separator",
    }

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .key-footer--separator { color: $panel-lighten-2; }  /* as the columns' frames */
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: Keys | None = None  # what the last frame drew
        self._spots: list[tuple[int, int, Key]] = []  # (first cell, end cell, key) as drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen) -> None:
        if self.is_attached and self.current_keys() != self._shown:
            self.refresh()

    def current_keys(self) -> Keys:
        """The keys the screen answers now, as Textual's footer would show them: those with
        `show`, one per action (the first), dimmed when their action is disabled."""
        active = self.screen.active_bindings
        keys: dict[str, Key] = {}
        palette_key = self.app.COMMAND_PALETTE_BINDING  # drawn apart, on the right
        for key, (_node, binding, enabled, _tooltip) in active.items():
            if binding.show and binding.action not in keys and key != palette_key:
                display = self.app.get_key_display(binding)
                kept = binding.id in KEPT
                description = _(binding.description)
                keys[binding.action] = Key(binding.key, display, description, enabled, kept)
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and palette_key in active:
            _node, binding, enabled, _tooltip = active[palette_key]
            display = self.app.get_key_display(binding)
            palette = Key(binding.key, display, _(binding.description), enabled)
        return Keys(tuple(keys.values()), palette)

    def render_line(self, y: int) -> Strip:
        self._shown = shown = self.current_keys()
        base, width = self.rich_style, self.size.width
        styles = _Styles(
            base + self.get_component_rich_style("key-footer--key", partial=True),
            base + self.get_component_rich_style("key-footer--description", partial=True),
            base + self.get_component_rich_style("key-footer--separator", partial=True),
        )
        right = _palette_segments(shown.palette, styles)
        room = width - Segment.get_line_length(right)
        left, self._spots = _key_segments(shown.keys, styles, room)
        if shown.palette is not None:
            self._spots.append((room, width, shown.palette))
        gap = Segment(" " * max(0, room - Segment.get_line_length(left)), base)
        return Strip([*left, gap, *right]).crop(0, width)

    def on_click(self, event: events.Click) -> None:
        for first, end, key in self._spots:
            if first <= event.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
                return


class _Styles(NamedTuple):
    key: Style
    description: Style
    separator: Style


def _key_segments(
    keys: tuple[Key, ...], styles: _Styles, room: int
) -> tuple[list[Segment], list[tuple[int, int, Key]]]:
    """The keys that fit whole in `room` cells (see `_keys_that_fit`), in order, and where
    each was drawn; `MORE` where some were left out."""
    segments: list[Segment] = []
    spots: list[tuple[int, int, Key]] = []
    used = 0
    for key in _keys_that_fit(keys, room):
        if key is None:
            segments.append(Segment(MORE, styles.description))
            used += cell_len(MORE)
            continue
        label, text = f" {key.display} ", f"{key.description} "
        size = _size(key)
        if used + size > room:  # the last one, drawn without its trailing space
            text, size = text[:-1], size - 1
        dim = Style(dim=not key.enabled)
        segments += [Segment(label, styles.key + dim), Segment(text, styles.description + dim)]
        spots.append((used, used + size, key))
        used += size
    return segments, spots


def _keys_that_fit(keys: tuple[Key, ...], room: int) -> list[Key | None]:
    """The keys drawn in `room` cells, in their order, with None where some were left out
    (when `MORE` fits there: a key is never left out for it). The kept keys are placed
    first; then the others in order, up to the first that does not fit."""
    chosen: set[int] = set()
    for kept in (True, False):
        for n, key in enumerate(keys):
            if key.kept != kept:
                continue
            if _width([keys[i] for i in sorted(chosen | {n})]) <= room:
                chosen.add(n)
            elif not kept:
                break
    drawn: list[Key | None] = [key for n, key in enumerate(keys) if n in chosen]
    if len(chosen) < len(keys):
        gap = next(n for n in range(len(keys)) if n not in chosen)
        marked = drawn[:]
        marked.insert(sum(1 for n in chosen if n < gap), None)
        if _width(marked) <= room:
            drawn = marked
    return drawn


def _width(drawn: list[Key | None]) -> int:
    """The cells `drawn` takes: the last key without its trailing space."""
    width = sum(_size(key) if key is not None else cell_len(MORE) for key in drawn)
    return width - 1 if drawn and drawn[-1] is not None else width


def _size(key: Key) -> int:
    return cell_len(f" {key.display} ") + cell_len(f"{key.description} ")


def _palette_segments(palette: Key | None, styles: _Styles) -> list[Segment]:
    """The command palette's key, as Textual's footer draws it: after a thin bar."""
    if palette is None:
        return []
    dim = Style(dim=not palette.enabled)
    return [
        Segment(SEPARATOR, styles.separator),
        Segment(palette.display, styles.key + dim),
        Segment(f" {palette.description} ", styles.description + dim),
    ]
