"""A pane of text that scrolls a page at a time, drawn with the Line API.

A new text repaints the pane alone: a `Static` inside a scrolling container changes height
with its text, and that lays the whole screen out again (in standup mode, where every step
shows another card, that was most of the 30 ms a key may take). The text is wrapped to the
pane's width when first drawn after a change, and kept until the text or the width changes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.content import Content
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

THUMB = "▐"  # as the tables draw theirs


class TextPane(Widget, can_focus=False):
    COMPONENT_CLASSES: ClassVar = {"text-pane--thumb"}
    DEFAULT_CSS = """
    TextPane { height: 1fr; }
    TextPane > .text-pane--thumb { color: $scrollbar; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("")
        self._lines: list[Strip] = []
        self._wrapped_for = -1  # the width `_lines` were wrapped to; -1: not yet
        self.top = 0  # the first line in view

    def show(self, content: Content, *, from_top: bool = True) -> None:
        """Show `content`, from its first line or where the pane is scrolled to now."""
        self._content = content
        self._wrapped_for = -1
        if from_top:
            self.top = 0
        else:
            self._clamp_top()  # the new text may be shorter
        self.refresh()

    @property
    def lines(self) -> list[Strip]:
        """The text wrapped to the pane's width (the scroll bar's cell apart)."""
        width = max(1, self.size.width - 1)
        if width != self._wrapped_for:
            self._lines = Visual.to_strips(self, self._content, width, None, self.visual_style)
            self._wrapped_for = width
        return self._lines

    @property
    def text(self) -> str:
        """The text shown, as plain lines (what a test reads)."""
        return "\n".join(strip.text.rstrip() for strip in self.lines)

    def scroll_page(self, step: int) -> None:
        """A page down (1) or up (-1), keeping a line of the page before in view."""
        page = max(1, self.size.height - 1)
        last = max(0, len(self.lines) - self.size.height)
        top = max(0, min(self.top + step * page, last))
        if top != self.top:
            self.top = top
            self.refresh()

    def show_line(self, index: int) -> None:
        """Scroll the least that brings line `index` into view."""
        top = max(min(self.top, index), index - self.size.height + 1)
        top = max(0, min(top, len(self.lines) - self.size.height))
        if top != self.top:
            self.top = top
            self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.show_line(self.top + self.size.height + 2)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.show_line(max(0, self.top - 3))

    def on_resize(self) -> None:
        self._clamp_top()

    def _clamp_top(self) -> None:
        self.top = max(0, min(self.top, len(self.lines) - self.size.height))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        lines = self.lines
        index = self.top + y
        line = lines[index] if index < len(lines) else Strip.blank(0, base)
        line = line.extend_cell_length(width - 1, base).crop(0, width - 1)
        return Strip.join([line, Strip([self._scroll_cell(y, len(lines), base)])])

    def _scroll_cell(self, y: int, total: int, base: Style) -> Segment:
        page = self.size.height
        if total <= page:
            return Segment(" ", base)
        size = max(1, page * page // total)
        start = round(self.top * (page - size) / max(1, total - page))
        if start <= y < start + size:
            thumb = self.get_component_rich_style("text-pane--thumb", partial=True)
            return Segment(THUMB, base + thumb)
        return Segment(" ", base)
