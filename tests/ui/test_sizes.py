"""Every screen at 60x20, 80x24, 120x40 and 200x60, and resized live between them (#21).

One app per sample store (English and Chinese) and size walks every screen pstui has,
opening each with the key a user presses. Each screen is checked as it opens, then
resized live to another size and back (see PARTNERS), and checked at each:

- no exception (the app is still running; `run_test` raises what stopped it);
- every widget is inside the part of the screen its container shows, unless a container
  it is in scrolls that way (a part below the fold of a scrolled list is fine; a hint
  pushed out of a dialog is not);
- no two siblings overlap (docked, laid out or both), and a widget that cannot scroll has
  no more lines of text than rows;
- the footer is the last row, the screen's whole width;
- the focused widget is in view;
- every row drawn is the screen's width, and no crop cut a wide (CJK) character in two
  (see WideCuts).

Every fault found is listed, with the screen, the size and the way it got there.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SAMPLES
from rich.cells import cell_len
from rich.style import Style
from textual.content import Content
from textual.errors import NoWidget
from textual.geometry import Region, Size
from textual.pilot import Pilot
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from walk import Walk, walk_every_screen

from pstui.ui.app import PstuiApp
from pstui.ui.widgets.card_column import ColumnRow
from pstui.ui.widgets.key_footer import KeyFooter

SIZES = (Size(60, 20), Size(80, 24), Size(120, 40), Size(200, 60))
SMALL, USUAL, LARGE, HUGE = SIZES
# The size each screen is resized to, and back from, in the app opened at each size. Over
# the eight apps every screen goes from each size to each other one (see the test of it).
PARTNERS: dict[str, dict[Size, Size]] = {
    "services.json": {SMALL: HUGE, USUAL: LARGE, LARGE: SMALL, HUGE: USUAL},
    "services-zh.json": {SMALL: USUAL, USUAL: HUGE, LARGE: HUGE, HUGE: SMALL},
}
SAMPLE_FILES = tuple(PARTNERS)
# The Chinese sample is walked with the Chinese interface: its words are wider.
LANGUAGE = {"services.json": "en", "services-zh.json": "zh"}


# ----- what is checked ---------------------------------------------------------------------------


class WideCuts:
    """The wide characters cut in two at a right edge while a screen is drawn.

    Cutting a line in the middle of a two-cell character (a CJK title at a widget's or a
    container's right edge) makes Rich and Textual put a space in its place: the character
    is lost without a sign. Lines are cut there in three places, watched here: a crop to
    the part shown (`Strip.crop`), a line longer than its widget (`Strip.adjust_cell_length`)
    and a text cut without an ellipsis (`Content.truncate`). A cut with an ellipsis says
    that text was left out, and the compositor's cuts at the edges of a widget drawn over
    another hide the other half under it: those are not counted.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.found: list[str] = []
        crop, adjust, truncate = Strip.crop, Strip.adjust_cell_length, Content.truncate

        def spied_crop(strip: Strip, start: int, end: int | None = None) -> Strip:
            if end is not None and end < strip.cell_length:
                self.look(strip.text, end)
            return crop(strip, start, end)

        def spied_adjust(strip: Strip, cell_length: int, style: Style | None = None) -> Strip:
            if cell_length < strip.cell_length:
                self.look(strip.text, cell_length)
            return adjust(strip, cell_length, style)

        def spied_truncate(
            content: Content, max_width: int, *, ellipsis: bool = False, pad: bool = False
        ) -> Content:
            if not ellipsis and max_width < content.cell_length:
                self.look(content.plain, max_width)
            return truncate(content, max_width, ellipsis=ellipsis, pad=pad)

        monkeypatch.setattr(Strip, "crop", spied_crop)
        monkeypatch.setattr(Strip, "adjust_cell_length", spied_adjust)
        monkeypatch.setattr(Content, "truncate", spied_truncate)

    def look(self, text: str, cut: int) -> None:
        """Note `text` if cutting it at cell `cut` splits a wide character."""
        if text.isascii():
            return
        position = 0
        for character in text:
            width = cell_len(character)
            if position + width > cut:
                if position < cut:
                    self.found.append(f"{text!r} cut at cell {cut}")
                return
            position += width

    def take(self) -> list[str]:
        found, self.found = self.found, []
        return found


def placed(screen: Screen, widget: Widget) -> tuple[Region, Region] | None:
    """The widget's region and the part of the screen its containers show (its clip), or
    None when it is not laid out (not displayed)."""
    try:
        geometry = screen.find_widget(widget)
    except NoWidget:
        return None
    return geometry.region, geometry.clip


def scrolls(widget: Widget, *, vertical: bool) -> bool:
    """Whether a container of `widget` lets the user scroll to what it hides that way. The
    screen does not count: a screen that scrolls has more on it than fits."""
    for ancestor in widget.ancestors:
        if not isinstance(ancestor, Widget) or isinstance(ancestor, Screen):
            return False
        if ancestor.allow_vertical_scroll if vertical else ancestor.allow_horizontal_scroll:
            return True
    return False


def cut_off(widget: Widget, region: Region, clip: Region) -> str | None:
    """What hides part of `widget` for good, or None. The board scrolls its row of columns
    sideways by code, with no scroll bar: a column wholly out of that view is not drawn, by
    design; one half in view is a fault."""
    if clip.contains_region(region):
        return None
    sideways = any(isinstance(a, ColumnRow) for a in widget.ancestors)
    if sideways and not clip.overlaps(region):
        return None
    across = region.x < clip.x or region.right > clip.right
    down = region.y < clip.y or region.bottom > clip.bottom
    if (across and not scrolls(widget, vertical=False)) or (
        down and not scrolls(widget, vertical=True)
    ):
        shown = clip.intersection(region) or "nothing"
        return f"{widget!r} at {region} is cut to {shown} (its container shows {clip})"
    return None


def hidden_lines(widget: Widget) -> str | None:
    """What a widget that cannot scroll leaves out: its text wrapped to more lines than it
    has rows (a title bar of one row whose text wraps at 60 columns)."""
    if widget.children or isinstance(widget, ScrollView) or widget.allow_vertical_scroll:
        return None
    shown = widget.content_region
    if not shown.area:
        return None
    lines = widget.get_content_height(widget.screen.size, widget.app.size, shown.width)
    if lines > shown.height:
        return f"{widget!r} has {lines} lines of text and shows {shown.height}"
    return None


def layout_faults(app: PstuiApp) -> list[str]:
    """What is wrong with the screen on top as drawn now (see the module's docstring)."""
    if not app.is_running:
        return ["the app stopped"]
    screen = app.screen
    width, height = app.size
    faults: list[str] = []
    laid_out = [(w, where) for w in screen.walk_children(Widget) if (where := placed(screen, w))]
    for widget, (region, clip) in laid_out:
        if region.area and (fault := cut_off(widget, region, clip)):
            faults.append(fault)
        if fault := hidden_lines(widget):
            faults.append(fault)
    for parent in [screen, *(widget for widget, _ in laid_out)]:
        faults += overlapping_children(screen, parent)
    for footer in screen.query(KeyFooter):
        where = placed(screen, footer)
        if where is None or where[0] != Region(0, height - 1, width, 1):
            faults.append(f"the footer is at {where and where[0]}, not on the last row")
    focused = app.focused
    if focused is not None:
        where = placed(screen, focused)
        if where is None or not where[1].overlaps(where[0]):
            faults.append(f"the focused {focused!r} is out of view")
    # The screen on top drawn whole (as conftest's `screen_text` draws it), without the
    # screens under it: those are checked when they are on top, and a resize reaches them
    # a frame later.
    rows = [
        sum(s.cell_length for s in row) for row in screen._compositor.render_full_update().strips
    ]
    if rows != [width] * height:
        faults.append(
            f"drawn as {len(rows)} rows of {sorted(set(rows))} cells, not {height} of {width}"
        )
    return faults


def overlapping_children(screen: Screen, parent: Widget) -> list[str]:
    """Children of `parent` drawn over each other (on the same layer, not an overlay)."""
    children = [
        (child, where[0])
        for child in parent.children
        if isinstance(child, Widget)
        and child.styles.overlay != "screen"
        and (where := placed(screen, child)) is not None
        and where[0].area
    ]
    faults = []
    for n, (one, one_region) in enumerate(children):
        for other, other_region in children[n + 1 :]:
            same_layer = one.styles.layer == other.styles.layer
            if same_layer and one_region.overlaps(other_region):
                faults.append(f"{one!r} at {one_region} overlaps {other!r} at {other_region}")
    return faults


# ----- the walk ----------------------------------------------------------------------------------


class FitWalk(Walk):
    """The walk that checks every screen fits, and loses no wide character."""

    def __init__(self, pilot: Pilot, size: Size, partner: Size, wide_cuts: WideCuts) -> None:
        super().__init__(pilot, size, partner)
        self.wide_cuts = wide_cuts

    def check(self, where: str) -> None:
        # Every widget of the screen is drawn again from scratch in `layout_faults`: the
        # cuts are those of the screen as it is now, not of a frame drawn on the way here.
        for widget in self.app.screen.walk_children(Widget):
            widget.refresh()
        self.wide_cuts.take()
        faults = layout_faults(self.app)
        faults += [f"wide character lost: {cut}" for cut in self.wide_cuts.take()]
        self.faults += [f"{where}: {fault}" for fault in faults]


# ----- the tests ---------------------------------------------------------------------------------


def test_every_screen_is_resized_from_each_size_to_each_other() -> None:
    moves = {
        move
        for partners in PARTNERS.values()
        for size, partner in partners.items()
        for move in ((size, partner), (partner, size))
    }
    assert moves == {(one, other) for one in SIZES for other in SIZES if one != other}


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=["en", "zh"])
async def test_every_screen_fits_every_size(
    sample: str,
    size: Size,
    tmp_path: Path,
    app_for: Callable[..., PstuiApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / sample
    shutil.copy(SAMPLES / sample, path)
    app = app_for(path, language=LANGUAGE[sample])
    wide_cuts = WideCuts(monkeypatch)
    async with app.run_test(size=size) as pilot:
        walk = FitWalk(pilot, size, PARTNERS[sample][size], wide_cuts)
        await walk_every_screen(walk)
    assert not walk.faults, "\n".join(walk.faults)
