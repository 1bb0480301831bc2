"""Every part of a card, the cursor and the column headers read on the board in every theme,
with colour and under NO_COLOR: measured from the colours the board draws at 80x24 (its
compositor's cells), not from the theme files.

Text needs 4.5:1 (7:1 in high-contrast), the columns' frames 3:1 (WCAG 1.4.11: lines, not
text). ANSI colours are measured as Rich's default palette draws them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import TODAY, WHO, board
from readable import DrawnScreen, drawn_colours
from textual.color import Color
from textual.theme import BUILTIN_THEMES

from pstui.model.card import Outcome
from pstui.model.standup import due_words
from pstui.resources import themes_dir
from pstui.store.repository import Repository
from pstui.store.templates import load_template
from pstui.ui.contrast import NON_TEXT, READABLE, needed_contrast
from pstui.ui.widgets.card_column import BLOCKED_MARK, HOLD_MARK, OVER_WIP_MARK

SIZE = (80, 24)
THEME_FILES = sorted(path.stem for path in themes_dir().glob("*.toml"))
# Textual's own themes, which the command palette offers too.
TEXTUAL_THEMES = sorted(BUILTIN_THEMES)

HELD = "Held and blocked"  # blocked, held at its gate, a critical risk, 1/5 ticked
DONE = "Gate ready"  # every item ticked (5/5), due in three days, assigned
LATE = "Running late"  # overdue, assigned, 0/5
PLAIN = "Plain card"
SOON, PAST = "2026-11-25", "2026-11-01"


@pytest.fixture
def parts(tmp_path: Path) -> Path:
    """Initiation holds every part of a card and is past its WIP limit (4/3), as Execution
    is (2/1); Acceptance is empty."""
    workflow = load_template("service").workflow
    limits = {"initiation": 3, "execution": 1}
    stages = tuple(replace(s, wip_limit=limits.get(s.id, s.wip_limit)) for s in workflow.stages)
    path = tmp_path / "pstui.json"
    repo = Repository.create(path, "Parts", replace(workflow, stages=stages), who=WHO)
    board_id = repo.boards.all()[0].id
    held = repo.cards.add(board_id, HELD)
    repo.risks.add(board_id, "Vendor late", card=held.id, probability=5, impact=5)
    repo.cards.decide(held.id, Outcome.HOLD, note="waiting for the client")
    repo.cards.set_blocked(held.id, True, "no access")
    done = repo.cards.add(board_id, DONE, assignee="Ann", due=SOON)
    for item in done.checklist:
        repo.cards.toggle_item(done.id, item.id)
    repo.cards.add(board_id, LATE, assignee="Bob", due=PAST)
    repo.cards.add(board_id, PLAIN)
    for title in ("Doing one", "Doing two"):
        repo.cards.add(board_id, title, stage="execution")
    repo.close()
    return path


def card_parts(title: str, short: str) -> dict[str, tuple[int, str]]:
    """The parts of card `title` by name: (line of the card, text drawn)."""
    found = {"id": (0, short), "title": (0, title)}
    if title == HELD:
        found |= {
            "blocked": (0, BLOCKED_MARK.strip()),
            "risk": (1, "R1"),
            "hold": (1, HOLD_MARK),
            "progress": (1, "1/5"),
        }
    elif title == DONE:
        found |= {
            "complete": (1, "5/5"),
            "due": (1, due_words(SOON, TODAY)),
            "assignee": (1, "@Ann"),
        }
    elif title == LATE:
        found |= {"overdue": (1, due_words(PAST, TODAY)), "assignee": (1, "@Bob")}
    return found


def measure_board(app) -> dict[str, float]:
    """Each part's lowest contrast as drawn now, by name ("cursor " before the parts of the
    card under the cursor), with the columns' frames and headers."""
    screen = board(app)
    drawn = DrawnScreen(screen)
    first, second, third = (c.region for c in screen.columns[:3])
    cursor = screen.columns[0].current_id
    ratios: dict[str, float] = {}

    def keep(name: str, ratio: float) -> None:
        ratios[name] = min(ratio, ratios.get(name, ratio))

    for card in screen.columns[0].cards:
        y = drawn.line_of(card.title, first)
        prefix = "cursor " if card.id == cursor else ""
        for name, (line, text) in card_parts(card.title, app.repo.cards.short_id(card.id)).items():
            keep(prefix + name, drawn.run(text, y + line, first).ratio)
    header = first.y + 1
    keep("active header", drawn.run("Initiation", header, first).ratio)
    keep("over WIP, active", drawn.run(f"4/3{OVER_WIP_MARK}", header, first).ratio)
    keep("header", drawn.run("Execution", header, second).ratio)
    keep("over WIP", drawn.run(f"2/1{OVER_WIP_MARK}", header, second).ratio)
    keep("no cards", drawn.run("no cards", drawn.line_of("no cards", third), third).ratio)
    keep("frame", drawn.run("│", header, first).ratio)
    return ratios


def cursor_told_apart(app) -> bool:
    """Whether the card under the cursor is drawn on another ground than the others."""
    screen = board(app)
    drawn = DrawnScreen(screen)
    column = screen.columns[0]
    grounds = set()
    for index in (column.cursor, column.cursor + 1):
        title = column.cards[index].title
        y = drawn.line_of(title, column.region)
        x = column.region.x + 2  # inside the frame and the padding: the card's ground
        grounds.add(drawn_colours(drawn.lines[y][x][1])[1])
    return len(grounds) == 2


async def check_every_part(app, theme: str) -> None:
    needed = needed_contrast(theme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == theme
        seen: dict[str, float] = {}
        for step in range(3):  # the cursor on each card with parts of its own
            if step:
                await pilot.press("j")
                await pilot.pause()
            for name, ratio in measure_board(app).items():
                seen[name] = min(ratio, seen.get(name, ratio))
            assert cursor_told_apart(app), theme
        assert {"cursor title", "cursor risk", "cursor overdue", "cursor hold"} <= set(seen)
        low = {
            name: round(ratio, 2)
            for name, ratio in seen.items()
            if ratio < (NON_TEXT if name == "frame" else needed)
        }
        assert low == {}, f"{theme}: below {needed}:1"


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
@pytest.mark.parametrize("theme", THEME_FILES)
async def test_every_part_of_a_card_reads_in_every_theme(
    parts, app_for, monkeypatch, theme, no_color
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    await check_every_part(app_for(parts, theme=theme), theme)


@pytest.mark.parametrize("theme", TEXTUAL_THEMES)
async def test_every_part_of_a_card_reads_in_textuals_themes(parts, app_for, theme) -> None:
    await check_every_part(app_for(parts, theme=theme), theme)


async def test_a_theme_chosen_while_running_redraws_the_board_in_its_colours(
    parts, app_for
) -> None:
    app = app_for(parts, theme="pstui-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "pstui-light"
        await pilot.pause()
        ratios = measure_board(app)
        assert min(ratios.values()) >= NON_TEXT
        assert {name for name, ratio in ratios.items() if ratio < READABLE} <= {"frame"}
        column = board(app).columns[1].region
        drawn = DrawnScreen(app.screen)
        title = drawn.run("Doing one", drawn.line_of("Doing one", column), column)
        assert title.ground == Color.parse(app.get_theme("pstui-light").surface)
