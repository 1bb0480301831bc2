"""The risk register: its table and heat map, the form, and every key, on a small store.

Changes are judged on the store as another process reads it back (`on_disk`); what the
screen shows is judged on the table's risks and on the text it draws.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import WHO, cells, fill, notices, on_disk, screen_text, type_text
from rich.cells import cell_len
from textual.color import Color
from textual.widgets import Input, Label, Static, TextArea

from pstui.model.risk import Level, Risk
from pstui.store.repository import Repository
from pstui.store.templates import load_template
from pstui.ui.contrast import contrast
from pstui.ui.screens.board import BoardScreen
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.screens.risk_form import Cycle, RiskForm
from pstui.ui.screens.risks import RiskFilter, RiskScreen
from pstui.ui.widgets.heat_map import HeatMap
from pstui.ui.widgets.risk_table import RiskTable

SIZE = (80, 24)
BIG = (120, 40)

CARD = "Rollout at Acme"
VENDOR = "Vendor delivers late"  # 5x5 = 25 critical, on CARD, review overdue
ENGINEER = "Key engineer leaves"  # 4x3 = 12 high, board-wide, monitoring, review today
BONUS = "Early sign-off bonus"  # 2x4 = 8 medium, an opportunity, occurred
DIRTY = "Client data arrives dirty"  # 3x2 = 6 medium, on CARD
AUDIT = "Licence audit"  # 1x2 = 2 low, on the other card
HARDWARE = "Old hardware fails"  # 4x4 = 16 high, closed
BY_SCORE = [VENDOR, ENGINEER, BONUS, DIRTY, AUDIT]

LINK = "[@click=app.quit]quit[/]"
BOLD = "[bold]loud[/bold]"
ANSI = "\x1b[31mred\x1b[0m"
ANSI_SHOWN = "^[[31mred^[[0m"


@pytest.fixture
def risky(tmp_path: Path) -> Path:
    """One board, two cards, six risks of every level and status (one closed)."""
    path = tmp_path / "pstui.json"
    repo = Repository.create(path, "Test board", load_template("service").workflow, who=WHO)
    board = repo.boards.all()[0].id
    card = repo.cards.add(board, CARD)
    other = repo.cards.add(board, "Other card")
    add = repo.risks.add
    add(
        board,
        VENDOR,
        card=card.id,
        probability=5,
        impact=5,
        owner="Alice Chen",
        review="2026-11-15",
    )
    add(
        board,
        ENGINEER,
        probability=4,
        impact=3,
        owner="Bob Stone",
        review="2026-11-22",
        status="monitoring",
    )
    add(
        board,
        BONUS,
        kind="opportunity",
        probability=2,
        impact=4,
        response="exploit",
        status="occurred",
    )
    add(
        board, DIRTY, card=card.id, probability=3, impact=2, owner="Alice Chen", review="2026-12-10"
    )
    add(board, AUDIT, card=other.id, probability=1, impact=2, category="legal")
    repo.risks.close(add(board, HARDWARE, probability=4, impact=4).id)
    repo.flush()
    return path


def near(drawn, colour: str) -> bool:
    """A drawn (Rich) colour is the theme's `colour`, give or take Textual's rounding."""
    a, b = Color.from_rich_color(drawn), Color.parse(colour)
    return max(abs(a.r - b.r), abs(a.g - b.g), abs(a.b - b.b)) <= 2


def named(repo: Repository, title: str) -> Risk:
    matches = [r for r in repo.risks.listed() if r.title == title]
    assert len(matches) == 1, f"{len(matches)} risks titled {title!r}"
    return matches[0]


async def open_register(pilot, card_title: str | None = None) -> RiskScreen:
    app = pilot.app
    board_id = app.repo.boards.all()[0].id
    card_id = None
    if card_title is not None:
        card_id = next(c.id for c in app.repo.cards.on_board(board_id) if c.title == card_title)
    app.push_screen(RiskScreen(board_id, card_id))
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RiskScreen)
    return screen


def shown(screen: RiskScreen) -> list[str]:
    return [r.title for r in screen.table.risks]


def title_line(screen: RiskScreen) -> str:
    return str(screen.query_one("#risks-title", Static).content)


async def cursor_to(pilot, screen: RiskScreen, title: str) -> None:
    """Walk the table's cursor (with j and k) to the risk titled `title`."""
    target = shown(screen).index(title)
    while screen.table.cursor != target:
        await pilot.press("j" if target > screen.table.cursor else "k")
    assert screen.table.current is not None and screen.table.current.title == title


async def open_form(pilot, key: str) -> RiskForm:
    await pilot.press(key)
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, RiskForm)
    return form


async def focus(pilot, form: RiskForm, selector: str) -> None:
    """Put the focus on a field of the form (as Tab would, without counting Tabs)."""
    form.query_one(selector).focus()
    await pilot.pause()
    assert form.focused is form.query_one(selector)


def problem(form: RiskForm, selector: str) -> str:
    label = form.query_one(selector, Label)
    return str(label.content) if label.display else ""


# ----- the table -------------------------------------------------------------------------------


async def test_the_register_lists_open_risks_by_score(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        assert shown(screen) == BY_SCORE  # the closed one is hidden
        assert screen.table.cursor == 0 and screen.focused is screen.table
        title = title_line(screen)
        assert "Test board" in title
        assert "5 open · 2 high+ · 1 overdue" in title
        assert "sort: score" in title
        text = screen_text(app)
        vendor = next(line for line in text.splitlines() if VENDOR in line)
        assert "25 crit 5×5 open" in vendor and "!11-15" in vendor  # overdue is marked
        engineer = next(line for line in text.splitlines() if ENGINEER in line)
        assert "monitor" in engineer and "board" in engineer and "today" in engineer
        assert HARDWARE not in text


async def test_the_overdue_review_is_drawn_in_the_error_colour(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("j")  # the cursor's own colours would hide the row's
        table = screen.table
        theme = app.current_theme
        vendor = table.render_line(1)
        overdue = next(s for s in vendor if s.text.startswith("!11-15"))
        assert near(overdue.style.color, theme.error) and overdue.style.bold
        title = next(s for s in vendor if s.text.startswith(VENDOR))
        assert not near(title.style.color, theme.error)
        await pilot.press("k")
        engineer = table.render_line(2)
        today = next(s for s in engineer if s.text.startswith("today"))
        assert near(today.style.color, theme.warning)


async def test_o_cycles_the_sort_and_keeps_the_cursor_on_its_risk(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await cursor_to(pilot, screen, DIRTY)
        await pilot.press("o")
        assert "sort: review" in title_line(screen)
        # Earliest review first; the ones without a review last, by score.
        assert shown(screen) == [VENDOR, ENGINEER, DIRTY, BONUS, AUDIT]
        assert screen.table.current.title == DIRTY
        await pilot.press("o")
        assert shown(screen) == [VENDOR, DIRTY, AUDIT, ENGINEER, BONUS]  # open, monitoring...
        await pilot.press("o")
        assert shown(screen) == sorted(BY_SCORE, key=str.casefold)
        await pilot.press("o")
        assert shown(screen) == [AUDIT, DIRTY, BONUS, ENGINEER, VENDOR]  # last changed first
        await pilot.press("o")
        assert shown(screen) == BY_SCORE and "sort: score" in title_line(screen)
        assert screen.table.current.title == DIRTY


async def test_slash_filters_by_text_owner_card_and_status(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("slash")
        box = screen.query_one("#risk-filter", Input)
        assert screen.focused is box and box.display
        await type_text(pilot, "dirty")
        assert shown(screen) == [DIRTY]
        assert "1 shown: dirty" in title_line(screen)
        await fill(pilot, "@alice")
        assert shown(screen) == [VENDOR, DIRTY]
        card = next(c for c in app.repo.cards.on_board(screen.board_id) if c.title == CARD)
        await fill(pilot, f"#{app.repo.cards.short_id(card.id).lower()}")
        assert shown(screen) == [VENDOR, DIRTY]
        await fill(pilot, "#board")
        assert shown(screen) == [ENGINEER, BONUS]
        await fill(pilot, "status:mon")
        assert shown(screen) == [ENGINEER]
        await fill(pilot, "nothing like this")
        assert shown(screen) == []
        assert "No risk matches the filter" in screen_text(app)
        await pilot.press("escape")  # in the box: clears it and leaves it
        assert shown(screen) == BY_SCORE
        assert screen.focused is screen.table and not box.display
        await pilot.press("escape")  # nothing left to clear: back
        assert not isinstance(app.screen, RiskScreen)


def test_a_filter_typed_on_narrows_the_one_before() -> None:
    parse = RiskFilter.parse
    assert parse("vend").narrows(parse("ven"))
    assert parse("ven late").narrows(parse("ven"))
    assert parse("@alice").narrows(parse("@ali"))
    assert parse("#ab12 x").narrows(parse("#ab"))
    assert parse("status:mon").narrows(parse("status:m"))
    assert not parse("ven").narrows(parse("vend"))  # a key deleted widens it
    assert not parse("@ali @bob").narrows(parse("@ali"))  # either owner: wider
    assert not parse("vend").narrows(parse("@alice"))


async def test_deleting_a_key_of_the_filter_widens_it_again(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("slash")
        await type_text(pilot, "ive")  # an i: no short id (Crockford base32) holds one
        assert shown(screen) == [VENDOR, DIRTY]  # "delivers", "arrives"
        await type_text(pilot, "r")
        assert shown(screen) == [VENDOR]
        await pilot.press("backspace")
        assert shown(screen) == [VENDOR, DIRTY]


async def test_enter_keeps_the_filter_and_escape_then_clears_it(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("slash")
        await fill(pilot, "alice")
        await pilot.press("enter")
        assert screen.focused is screen.table
        assert shown(screen) == [VENDOR, DIRTY]
        await pilot.press("j", "escape")  # the keys work on the filtered table
        assert shown(screen) == BY_SCORE
        assert app.screen is screen  # the first Escape only cleared the filter
        assert screen.table.current.title == DIRTY  # and the cursor stayed on its risk


async def test_c_shows_the_closed_risks(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("c")
        assert shown(screen) == [VENDOR, HARDWARE, ENGINEER, BONUS, DIRTY, AUDIT]
        assert "+closed" in title_line(screen)
        assert "closed" in screen.table.line_text(2)
        await pilot.press("c")
        assert shown(screen) == BY_SCORE


# ----- the heat map ----------------------------------------------------------------------------


async def test_at_80x24_the_map_is_one_line_and_the_table_keeps_its_rows(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        heat_map = screen.heat_map
        assert heat_map.compact and heat_map.size.height == 1
        line = heat_map.lines()[0]
        assert "critical 1" in line and "high 1" in line
        assert "medium 2" in line and "low 1" in line
        assert screen.table.page_rows >= 19  # title, map, header and footer take 4 lines
        assert not screen.query_one("#risk-detail").display


async def test_at_120x40_the_map_is_the_5x5_grid(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=BIG) as pilot:
        screen = await open_register(pilot)
        heat_map = screen.heat_map
        assert not heat_map.compact and heat_map.size.height == 6
        lines = heat_map.lines()
        assert lines[0].split()[:6] == ["P\\I", "1", "2", "3", "4", "5"]
        assert [line.split()[0] for line in lines[1:]] == ["5", "4", "3", "2", "1"]
        # Probability 5 (first row of cells): the vendor risk at impact 5, nothing else.
        assert lines[1].split()[1:6] == ["·", "·", "·", "·", "1"]
        assert heat_map.counts[(2, 4)] == 1 and heat_map.counts[(4, 4)] == 0  # closed: not
        assert "critical" in lines[1] and "low" in lines[4]  # the legend
        detail = str(screen.query_one("#risk-detail", Static).content)
        assert VENDOR in detail and "Alice Chen" in detail
        await pilot.resize_terminal(*SIZE)  # a smaller terminal folds the map to a line
        await pilot.pause()
        assert heat_map.compact and heat_map.size.height == 1


async def test_enter_on_a_map_cell_filters_the_table_and_again_clears(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=BIG) as pilot:
        screen = await open_register(pilot)
        heat_map = screen.heat_map
        await pilot.press("tab")
        assert screen.focused is heat_map
        assert heat_map.cursor == (3, 3)
        await pilot.press("up", "k", "right", "l")  # arrows and hjkl: to P5 x I5
        assert heat_map.cursor == (5, 5)
        assert heat_map.cell_text((5, 5)) == "[  1  ]"
        await pilot.press("enter")
        assert shown(screen) == [VENDOR]
        assert heat_map.picked == (5, 5) and heat_map.cell_text((5, 5)) == "[> 1 <]"
        assert "P5×I5" in title_line(screen)
        await pilot.press("down", "down", "h", "h", "space")  # P3 x I3 holds nothing
        assert shown(screen) == []
        await pilot.press("space")  # the same cell again: every risk
        assert shown(screen) == BY_SCORE and heat_map.picked is None
        await pilot.press("up", "right", "enter", "escape")  # Escape clears a map filter too
        assert shown(screen) == BY_SCORE and app.screen is screen


async def test_number_keys_and_the_one_line_map_filter_by_level(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("1")
        assert shown(screen) == [VENDOR]
        assert ">critical 1<" in screen.heat_map.lines()[0]
        await pilot.press("3")
        assert shown(screen) == [BONUS, DIRTY]
        await pilot.press("3")
        assert shown(screen) == BY_SCORE
        await pilot.press("tab", "right", "enter")  # on the line: right walks the levels
        assert screen.heat_map.picked is Level.HIGH
        assert shown(screen) == [ENGINEER]


async def test_the_level_colours_read_in_every_theme(risky, app_for) -> None:
    for theme in ("pstui-dark", "pstui-light", "high-contrast", "ansi-16"):
        app = app_for(risky, theme=theme)
        async with app.run_test(size=BIG) as pilot:
            screen = await open_register(pilot)
            assert app.theme == theme
            for level in Level:
                ink, background = screen.heat_map.level_colours(level)
                assert contrast(ink, background) >= 4.5, (theme, level)
            # Four levels, four looks (ANSI has one red for high and critical: bold tells).
            looks = {screen.heat_map.level_style(level) for level in Level}
            assert len(looks) == 4, theme


# ----- the form --------------------------------------------------------------------------------


async def test_n_logs_a_risk_through_the_form(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        form = await open_form(pilot, "n")
        assert form.focused is form.query_one("#risk-title", Input)
        await type_text(pilot, "Power cut")
        await pilot.press("tab", "right")  # kind: threat -> opportunity
        assert form.query_one("#risk-kind", Cycle).value == "opportunity"
        await pilot.press("left", "tab", "s")  # back to threat; category: s jumps to schedule
        assert form.query_one("#risk-category", Cycle).value == "schedule"
        await pilot.press("tab", "4", "tab", "5")  # a digit replaces the one there
        score = str(form.query_one("#risk-score", Static).content)
        assert "20" in score and "critical" in score
        await pilot.press("tab", "right", "right")  # response: avoid, mitigate
        assert form.query_one("#risk-response", Cycle).value == "mitigate"
        await pilot.press("tab", "tab")  # status stays open; to the owner
        await fill(pilot, "Dana Park")
        await pilot.press("tab", "tab")  # the card stays empty: the whole board
        await fill(pilot, "+1w")
        assert "2026-11-29" in str(form.query_one("#risk-review-note", Label).content)
        await pilot.press("tab")
        await fill(pilot, "the UPS alarm")
        await pilot.press("tab")
        await fill(pilot, "a second feed")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        risk = named(on_disk(app), "Power cut")
        assert (risk.probability, risk.impact, risk.score) == (5 - 1, 5, 20)
        assert (risk.kind.value, risk.category, risk.response) == ("threat", "schedule", "mitigate")
        assert (risk.owner, risk.review, risk.trigger) == (
            "Dana Park",
            "2026-11-29",
            "the UPS alarm",
        )
        assert risk.prevention == "a second feed" and risk.card is None and risk.status == "open"
        assert shown(screen)[:2] == [VENDOR, "Power cut"]
        assert screen.table.current.title == "Power cut"  # the cursor goes to the new risk


async def test_the_form_refuses_a_probability_of_7_and_saves_once_fixed(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        form = await open_form(pilot, "n")
        await fill(pilot, "Flood")
        await focus(pilot, form, "#risk-probability")
        await pilot.press("7")
        assert "from 1 to 5" in problem(form, "#risk-scale-error")
        assert "score ?" in str(form.query_one("#risk-score", Static).content)
        await focus(pilot, form, "#risk-title")
        await pilot.press("ctrl+s")
        assert app.screen is form  # refused, and the wrong field gets the focus
        assert form.focused is form.query_one("#risk-probability", Input)
        await pilot.press("enter")  # Enter saves too, and is refused too
        assert app.screen is form
        assert len(on_disk(app).risks.listed()) == 6
        await pilot.press("2")
        assert problem(form, "#risk-scale-error") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert named(on_disk(app), "Flood").probability == 2


async def test_the_form_checks_title_and_review_as_typed(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        form = await open_form(pilot, "n")
        await pilot.press("ctrl+s")
        assert app.screen is form and "needs a title" in problem(form, "#risk-title-error")
        await fill(pilot, "Late permits")
        assert problem(form, "#risk-title-error") == ""
        await focus(pilot, form, "#risk-review")
        await fill(pilot, "someday")
        note = form.query_one("#risk-review-note", Label)
        assert "not a date" in str(note.content) and note.has_class("-problem")
        await pilot.press("ctrl+s")
        assert app.screen is form
        await fill(pilot, "fri")
        assert "2026-11-27" in str(note.content) and "Friday" in str(note.content)
        await pilot.press("escape")  # Escape backs out: nothing is logged
        await pilot.pause()
        assert isinstance(app.screen, RiskScreen)
        assert len(on_disk(app).risks.listed()) == 6


async def test_the_response_choices_follow_the_kind(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await cursor_to(pilot, screen, BONUS)
        form = await open_form(pilot, "e")
        response = form.query_one("#risk-response", Cycle)
        assert response.value == "exploit"
        assert [key for key, _ in response.choices][1:] == [
            "exploit",
            "enhance",
            "share",
            "accept",
            "escalate",
        ]
        await focus(pilot, form, "#risk-kind")
        await pilot.press("right")  # opportunity -> threat: "exploit" is no threat response
        assert response.value == ""
        assert "avoid" in [key for key, _ in response.choices]


async def test_e_and_enter_edit_the_risk_under_the_cursor(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        form = await open_form(pilot, "e")
        assert form.query_one("#risk-title", Input).value == VENDOR
        assert form.query_one("#risk-probability", Input).value == "5"
        assert form.query_one("#risk-review", Input).value == "2026-11-15"
        await focus(pilot, form, "#risk-owner")
        await fill(pilot, "Carla Mendes")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        vendor = named(on_disk(app), VENDOR)
        assert vendor.owner == "Carla Mendes" and vendor.probability == 5
        assert screen.table.current.id == vendor.id
        assert "Carla M" in screen.table.line_text(1)
        await pilot.press("j")
        form = await open_form(pilot, "enter")
        assert form.query_one("#risk-title", Input).value == ENGINEER
        await focus(pilot, form, "#risk-impact")
        await pilot.press("1", "ctrl+s")
        await pilot.pause()
        assert named(on_disk(app), ENGINEER).impact == 1
        assert shown(screen) == [VENDOR, BONUS, DIRTY, ENGINEER, AUDIT]  # 4x1 = 4: re-sorted
        assert screen.table.current.title == ENGINEER


async def test_enter_in_a_long_text_is_a_new_line_not_a_save(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        form = await open_form(pilot, "e")
        area = form.query_one("#risk-description", TextArea)
        area.focus()
        await pilot.press("a", "enter", "b")
        assert app.screen is form and area.text == "a\nb"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert named(on_disk(app), VENDOR).description == "a\nb"


# ----- close, reopen, note, delete, undo -------------------------------------------------------


async def test_x_closes_with_a_note_and_reopens(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await cursor_to(pilot, screen, ENGINEER)
        assert screen.check_action("close_risk", ()) and not screen.check_action("reopen_risk", ())
        await pilot.press("x")
        assert isinstance(app.screen, TextPrompt)
        await fill(pilot, "He signed for two more years")
        await pilot.press("enter")
        await pilot.pause()
        engineer = named(on_disk(app), ENGINEER)
        assert engineer.status == "closed"
        assert engineer.notes[-1].text == "He signed for two more years"
        assert engineer.notes[-1].by == WHO
        assert ENGINEER not in shown(screen)  # closed: hidden
        assert screen.table.current.title == BONUS  # the cursor went on to the next
        assert "x Close" in screen_text(app).splitlines()[-1]
        await pilot.press("c")
        await cursor_to(pilot, screen, ENGINEER)
        assert screen.check_action("reopen_risk", ()) and not screen.check_action("close_risk", ())
        await pilot.pause()
        assert "x Reopen" in screen_text(app).splitlines()[-1]  # the footer follows the cursor
        await pilot.press("x")  # reopens at once: u undoes it
        await pilot.pause()
        assert named(on_disk(app), ENGINEER).status == "open"
        assert any("Reopened" in n for n in notices(app))


async def test_escape_in_the_closing_prompt_closes_nothing(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("x", "escape")
        await pilot.pause()
        assert app.screen is screen
        assert named(on_disk(app), VENDOR).status == "open"
        await pilot.press("x", "enter")  # the note is optional
        await pilot.pause()
        vendor = named(on_disk(app), VENDOR)
        assert vendor.status == "closed" and vendor.notes == []


async def test_N_adds_a_note_to_the_journal(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=BIG) as pilot:
        screen = await open_register(pilot)
        await pilot.press("N")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")  # a note needs text
        assert isinstance(app.screen, TextPrompt)
        await fill(pilot, "Vendor confirmed the new date")
        await pilot.press("enter")
        await pilot.pause()
        note = named(on_disk(app), VENDOR).notes[-1]
        assert note.text == "Vendor confirmed the new date" and note.by == WHO
        assert "Vendor confirmed the new date" in str(
            screen.query_one("#risk-detail", Static).content
        )


async def test_d_deletes_only_after_yes(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await cursor_to(pilot, screen, DIRTY)
        await pilot.press("d")
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("enter")  # "No, keep it" is the one highlighted
        await pilot.pause()
        assert app.screen is screen and DIRTY in shown(screen)
        await pilot.press("d", "j", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert DIRTY not in [r.title for r in on_disk(app).risks.listed()]
        assert shown(screen) == [VENDOR, ENGINEER, BONUS, AUDIT]
        assert screen.table.current.title == AUDIT
        await pilot.press("u")
        assert DIRTY in [r.title for r in on_disk(app).risks.listed()]


async def test_u_undoes_an_edit(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await open_form(pilot, "e")
        await fill(pilot, "Vendor delivers very late")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shown(screen)[0] == "Vendor delivers very late"
        await pilot.press("u")
        await pilot.pause()
        assert named(on_disk(app), VENDOR).owner == "Alice Chen"
        assert shown(screen)[0] == VENDOR and screen.table.current.title == VENDOR
        await pilot.press("ctrl+z")  # nothing left that the register did: said, not raised
        await pilot.pause()
        assert app.is_running


# ----- one card's register ---------------------------------------------------------------------


async def test_a_card_register_lists_and_adds_only_that_cards_risks(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        board_screen = app.screen
        assert isinstance(board_screen, BoardScreen)
        screen = await open_register(pilot, CARD)
        assert shown(screen) == [VENDOR, DIRTY]
        card_id = screen.card_id
        assert f"of {app.repo.cards.short_id(card_id)} {CARD}" in title_line(screen)
        assert "2 open · 1 high+ · 1 overdue" in title_line(screen)
        await open_form(pilot, "n")
        await fill(pilot, "Site not ready")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert named(on_disk(app), "Site not ready").card == card_id
        assert shown(screen) == [VENDOR, "Site not ready", DIRTY]
        await pilot.press("escape")
        assert app.screen is board_screen


async def test_the_forms_card_field_takes_a_short_id_and_refuses_what_is_no_card(
    risky, app_for
) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        board = app.repo.boards.all()[0].id
        other = next(c for c in app.repo.cards.on_board(board) if c.title == "Other card")
        form = await open_form(pilot, "n")
        await fill(pilot, "Site access")
        assert "the whole board" in str(form.query_one("#risk-card-note", Label).content)
        await focus(pilot, form, "#risk-card")
        await fill(pilot, "ZZZZ")
        assert "no record matches" in str(form.query_one("#risk-card-note", Label).content)
        await pilot.press("ctrl+s")
        assert app.screen is form and form.focused is form.query_one("#risk-card", Input)
        await fill(pilot, app.repo.cards.short_id(other.id))
        assert "Other card" in str(form.query_one("#risk-card-note", Label).content)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert named(on_disk(app), "Site access").card == other.id


# ----- user text -------------------------------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "pstui.json"
    repo = Repository.create(path, "Test board", load_template("service").workflow, who=WHO)
    board = repo.boards.all()[0].id
    card = repo.cards.add(board, f"Card {BOLD}")
    for n, title in enumerate((LINK, BOLD, ANSI)):
        repo.risks.add(
            board,
            title,
            card=card.id,
            probability=5 - n,
            impact=5,
            owner=LINK,
            trigger=ANSI,
            description=f"{BOLD}\n{ANSI}",
        )
    repo.flush()
    return path


async def test_risk_text_shows_literally_everywhere(hostile, app_for) -> None:
    app = app_for(hostile)
    async with app.run_test(size=BIG) as pilot:
        screen = await open_register(pilot, f"Card {BOLD}")
        text = screen_text(app)
        assert app.is_running and "\x1b" not in text and "\x1b" not in app.export_screenshot()
        for literal in (LINK, BOLD, ANSI_SHOWN, f"Card {BOLD}"):
            assert literal in text, literal
        assert "trigger ^[[31mred^[[0m" in text  # the detail panel
        # Editing leaves the stored text alone: the caret form is only how it is shown.
        await cursor_to(pilot, screen, ANSI)
        form = await open_form(pilot, "e")
        assert form.query_one("#risk-title", Input).value == ANSI_SHOWN
        assert "\x1b" not in screen_text(app)
        await focus(pilot, form, "#risk-probability")
        await pilot.press("1", "ctrl+s")
        await pilot.pause()
        risk = named(on_disk(app), ANSI)
        assert risk.probability == 1 and risk.trigger == ANSI and risk.description.endswith(ANSI)


async def test_chinese_titles_keep_the_columns_in_line(tmp_path, app_for) -> None:
    path = tmp_path / "pstui.json"
    repo = Repository.create(path, "测试看板", load_template("service-zh").workflow, who=WHO)
    board = repo.boards.all()[0].id
    titles = [
        "数据迁移失败",
        "华东电网信息中心调度自动化系统二期升级改造项目延期风险",
        "Plain English title",
        "客户验收延迟 mixed 文字",
    ]
    for n, title in enumerate(titles):
        repo.risks.add(board, title, probability=5 - n, impact=4, owner="王芳")
    repo.flush()
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        table = screen.table
        rows = [table.line_text(y) for y in range(1, len(titles) + 1)]
        assert [r.title for r in table.risks] == titles
        width = table.size.width
        assert all(cells(row) == width for row in rows)
        # The owner column starts at the same cell on every row, however wide the title.
        starts = {cell_len(row[: row.index("王芳")]) for row in rows}
        assert len(starts) == 1
        assert "…" in rows[1]  # the long one is cut, whole characters only
        assert "测试看板" in title_line(screen)


# ----- what the footer offers ------------------------------------------------------------------


async def test_the_footer_fits_the_main_keys_at_80_columns(risky, app_for) -> None:
    app = app_for(risky)
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        footer = screen_text(app).splitlines()[-1]
        for key in ("n New", "e Edit", "x Close", "u Undo", "/ Filter", "o Sort", "esc Back"):
            assert key in footer, key
        assert isinstance(app.screen.query_one(RiskTable), RiskTable)
        assert isinstance(app.screen.query_one(HeatMap), HeatMap)
