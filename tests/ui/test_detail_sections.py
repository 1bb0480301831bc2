"""Every section of the card detail is reached with the keys its footer shows, at 80x24 (#20).

The detail is taller than the terminal; j, k and the arrows move the checklist's cursor, so
the footer shows the section keys (1-6), and PgDn, PgUp, Home and End scroll the page.
"""

from __future__ import annotations

from conftest import OPEN, card_named, put_cursor_on, screen_text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import OptionList

from pstui.ui.screens.card_detail import SECTIONS, CardDetail
from pstui.ui.widgets.key_footer import KeyFooter

SIZE = (80, 24)


async def open_detail(pilot, title: str = OPEN) -> CardDetail:
    await put_cursor_on(pilot, title)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CardDetail)
    return screen


def page(screen: CardDetail) -> VerticalScroll:
    return screen.query_one("#detail", VerticalScroll)


def in_view(screen: CardDetail, widget: Widget | str) -> bool:
    """Whether `widget` is drawn whole inside the page's visible part."""
    if isinstance(widget, str):
        widget = screen.query_one(widget)
    return page(screen).region.contains_region(widget.region)


def footer_line(screen: CardDetail) -> str:
    return screen.query_one(KeyFooter).render_line(0).text


async def test_the_footer_shows_the_section_keys_at_80_columns(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot)
        assert " 1-6 Sections " in footer_line(screen)
        for key, title in SECTIONS:  # and each section's rule shows its own key
            assert str(screen.query_one(f"#{title}").border_subtitle).strip() == key
        help_keys = dict(app.key_table(screen))
        assert "6 history" in help_keys["1-6"]  # help names every section's key
        assert "pgdn" in help_keys and "end" in help_keys


async def test_6_shows_the_history_and_1_the_checklist(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot)
        assert page(screen).max_scroll_y > 0  # the detail is taller than the terminal
        assert not in_view(screen, "#history-title")
        await pilot.press("6")
        await pilot.pause()
        assert in_view(screen, "#history-title") and in_view(screen, "#detail-history")
        assert "added 'Open musts here' to Initiation" in screen_text(app)
        assert screen.focused is screen.query_one("#checklist")  # the keys still tick items
        await pilot.press("1")
        await pilot.pause()
        title = screen.query_one("#checklist-title")
        assert in_view(screen, title) and title.region.y == page(screen).region.y


async def test_each_number_key_brings_its_section_to_the_top(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot)
        detail = page(screen)
        for key, title in SECTIONS:
            await pilot.press(key)
            await pilot.pause()
            widget = screen.query_one(f"#{title}")
            assert in_view(screen, widget), key
            # At the top, or as near as the end of the page allows.
            at_top = widget.region.y == detail.region.y
            assert at_top or detail.scroll_y == detail.max_scroll_y, key


async def test_page_down_and_end_scroll_the_page_with_the_checklist_focused(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot)
        checklist = screen.query_one("#checklist", OptionList)
        assert screen.focused is checklist
        detail = page(screen)
        for _ in range(10):
            if in_view(screen, "#history-title"):
                break
            await pilot.press("pagedown")
            await pilot.pause()
        assert in_view(screen, "#history-title")
        assert checklist.highlighted == 0  # the page moved, not the item cursor
        await pilot.press("home")
        await pilot.pause()
        assert detail.scroll_y == 0 and in_view(screen, "#detail-head")
        await pilot.press("end")
        await pilot.pause()
        assert detail.scroll_y == detail.max_scroll_y and in_view(screen, "#detail-history")
        await pilot.press("pageup")
        await pilot.pause()
        assert detail.scroll_y < detail.max_scroll_y
        assert checklist.highlighted == 0


async def test_an_item_key_brings_the_checklist_back_into_view(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot)
        checklist = screen.query_one("#checklist", OptionList)
        await pilot.press("6", "j")
        await pilot.pause()
        assert in_view(screen, checklist) and checklist.highlighted == 1
        await pilot.press("6", "space")
        await pilot.pause()
        assert in_view(screen, checklist)  # what was ticked is in sight
        assert [i.done for i in card_named(app.repo, OPEN).checklist][:2] == [False, True]


async def test_a_store_change_leaves_the_page_where_the_user_is(store, app_for) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        card = card_named(app.repo, OPEN)
        # A page long enough that the checklist and the history are never in view together.
        app.repo.cards.edit(card.id, description="\n".join(f"line {n}" for n in range(12)))
        screen = await open_detail(pilot)
        await pilot.press("j", "6")  # the cursor off the first item, the page at History
        await pilot.pause()
        assert in_view(screen, "#history-title") and not in_view(screen, "#checklist")
        app.repo.cards.edit(card.id, assignee="Dana Reyes")  # as a reload would bring it
        app.refresh_screens()
        await pilot.pause()
        assert "Dana Reyes" in str(screen.query_one("#detail-fields").render())
        assert in_view(screen, "#history-title")
