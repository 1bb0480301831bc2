"""The Chinese interface: every screen, walked with the keys a user presses on the Chinese
sample at 80x24 and live-resized to 120x40, shows no English word of pstui's own.

This is the test that fails when a string shown to users is not in the catalog: a text
left out of `_()` (or marked but without Chinese) shows its English here. What may be Latin
on a Chinese screen: the store's own content (titles, names, ids), key names, and the words a
user types (filter tokens, date words, the config's keys), each listed below.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import SAMPLES, screen_text
from textual.command import CommandPalette
from textual.geometry import Size
from walk import Walk, walk_every_screen

from pstui.ui.app import PstuiApp

SAMPLE = "services-zh.json"
# A word of English: two letters or more with a lower-case one (ids and acronyms such as
# CSAT, NPS and WIP are all capitals; a single letter is a key).
WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*[A-Za-z]|[A-Za-z][a-z]")
# What a user types, shown as such in the help: filter tokens (is:overdue, due:<7d, @name,
# #tag) and the markers of Rich's own output.
TYPED = re.compile(r"(?<![A-Za-z])-?[a-z]+:[^\s，、；。）]*|[@#][A-Za-z]+")
KEY_NAMES = {
    "esc", "escape", "enter", "tab", "space", "ctrl", "shift", "backspace", "delete", "del",
    "home", "end", "pgup", "pgdn", "pageup", "pagedown", "up", "down", "left", "right", "insert",
    "super", "alt", "meta",
}  # fmt: skip
TYPED_WORDS = {
    # Dates as typed (the Chinese help shows both forms), and the config file's keys.
    "today", "tomorrow", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    "auto_sync", "language", "zh", "en",
}  # fmt: skip
NAMES = {"pstui", "git", "ctrl"}


def data_words(path: Path) -> set[str]:
    """Every Latin word of the store's content: shown as it is, in any interface. Event
    summaries are pstui's words, written in the board's language: not content."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("events", None)
    return set(WORD.findall(json.dumps(data, ensure_ascii=False)))


def sample_copy(tmp_path: Path) -> tuple[Path, set[str]]:
    """A copy of the Chinese sample, and the English words a screen of it may show."""
    path = tmp_path / SAMPLE
    shutil.copy(SAMPLES / SAMPLE, path)
    return path, data_words(path) | KEY_NAMES | TYPED_WORDS | NAMES


def english_words(text: str, allowed: set[str]) -> list[str]:
    text = TYPED.sub(" ", text)
    return [w for w in WORD.findall(text) if w.lower() not in allowed and w not in allowed]


class LanguageWalk(Walk):
    """Notes every English word each screen shows."""

    def __init__(self, pilot, size: Size, partner: Size, allowed: set[str]) -> None:
        super().__init__(pilot, size, partner)
        self.allowed = allowed

    def check(self, where: str) -> None:
        shown = screen_text(self.app)
        for line in shown.splitlines():
            words = english_words(line, self.allowed)
            if words:
                self.faults.append(f"{where}: {' '.join(words)!r} in {line.strip()!r}")


async def test_every_screen_speaks_chinese(
    tmp_path: Path, app_for: Callable[..., PstuiApp]
) -> None:
    path, allowed = sample_copy(tmp_path)
    app = app_for(path, language="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        walk = LanguageWalk(pilot, Size(80, 24), Size(120, 40), allowed)
        await walk_every_screen(walk)
    assert not walk.faults, "\n".join(walk.faults)


async def test_the_command_palette_speaks_chinese(
    tmp_path: Path, app_for: Callable[..., PstuiApp]
) -> None:
    path, allowed = sample_copy(tmp_path)
    app = app_for(path, language="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.pause(0.3)  # the commands are searched for in a worker
        shown = screen_text(app)
    assert "搜索命令" in shown
    assert english_words(shown, allowed) == []


async def test_the_help_over_a_focused_list_speaks_chinese(
    tmp_path: Path, app_for: Callable[..., PstuiApp]
) -> None:
    """The help lists the focused widget's keys too: Textual's own (the card's checklist is
    an OptionList), translated from `pstui/ui/textual_words.py`."""
    path, allowed = sample_copy(tmp_path)
    app = app_for(path, language="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        help_box = app.screen.query_one("#help-box")
        faults = []
        while True:  # every page of it
            faults += english_words(screen_text(app), allowed)
            if help_box.scroll_y >= help_box.max_scroll_y:
                break
            help_box.scroll_page_down(animate=False)
            await pilot.pause()
    assert faults == []
