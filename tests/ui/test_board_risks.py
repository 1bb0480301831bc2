"""Risks where people already are: the board marks cards with open high or critical risks and
counts overdue reviews, R opens the register, the card detail lists the card's risks."""

from __future__ import annotations

from pathlib import Path

from conftest import OPEN, READY, board, card_named, put_cursor_on, reopen, screen_text
from textual.color import Color

from pstui.store.repository import Repository
from pstui.ui.contrast import contrast
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.risks import RiskScreen

SIZE = (80, 24)


def log_risks(path: Path) -> Repository:
    """On OPEN: one critical and one high open risk (one with a passed review), one closed."""
    repo = reopen(path)
    card = card_named(repo, OPEN)
    repo.risks.add(card.board, "Vendor late", card=card.id, probability=5, impact=4,
                   review="2026-11-20")  # fmt: skip
    repo.risks.add(card.board, "Key contact leaves", card=card.id, probability=3, impact=4)
    closed = repo.risks.add(card.board, "Old worry", card=card.id, probability=5, impact=5)
    repo.risks.close(closed.id)
    repo.flush()
    return repo


async def test_a_card_with_severe_open_risks_is_marked_and_the_bar_counts_overdue_reviews(
    store, app_for
) -> None:
    log_risks(store)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "R2 " in text  # two open high+ risks; the closed critical one does not count
        assert "1 risk review overdue (R)" in text


async def test_a_risk_logged_in_the_register_marks_the_card_when_back_on_the_board(
    store, app_for
) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert " R1 " not in screen_text(app)
        card = card_named(app.repo, READY)
        app.repo.risks.add(card.board, "Power cut", card=card.id, probability=4, impact=4)
        app.refresh_screens()
        await pilot.pause()
        assert "R1 " in screen_text(app)


async def test_R_opens_the_boards_register_and_escape_comes_back(store, app_for) -> None:
    log_risks(store)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        board_screen = app.screen
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, RiskScreen) and app.screen.card_id is None
        assert "Vendor late" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is board_screen


async def test_the_card_detail_lists_its_risks_and_R_opens_them_alone(store, app_for) -> None:
    log_risks(store)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(pilot, OPEN)
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, CardDetail)
        listed = str(detail.query_one("#detail-risks").content)
        assert "Vendor late" in listed and "Key contact leaves" in listed and "Old worry" in listed
        assert "2 open" in str(detail.query_one("#risks-title").content)
        await pilot.press("R")
        await pilot.pause()
        register = app.screen
        assert isinstance(register, RiskScreen)
        assert register.card_id == card_named(app.repo, OPEN).id
        assert [r.title for r in register.table.risks] == ["Vendor late", "Key contact leaves"]
        await pilot.press("escape")
        assert app.screen is detail


async def test_the_risk_mark_reads_in_every_theme(store, app_for) -> None:
    """The mark is a swatch of the theme's error colour; its text is the theme's ink that
    reads on it, measured from the colours the column draws."""
    log_risks(store)
    for theme in ("pstui-dark", "pstui-light", "high-contrast", "ansi-16"):
        app = app_for(store, theme=theme)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            column = board(app).columns[0]
            style = column._style("risk")
            # ANSI colours are measured as a terminal of the default palette draws them.
            ink, swatch = (Color(*c.get_truecolor()) for c in (style.color, style.bgcolor))
            assert contrast(ink, swatch) >= 4.5, (theme, ink, swatch)
