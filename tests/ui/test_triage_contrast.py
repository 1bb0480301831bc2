"""The board's triage marks read in every theme, with colour and under NO_COLOR: a stuck card's
`stuck 21d` and a marked card's `*`, on the column and under the cursor, measured from the
colours the board draws (as test_theme_contrast measures the other parts of a card)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import WHO, board
from readable import DrawnScreen
from textual.theme import BUILTIN_THEMES

from pstui.resources import themes_dir
from pstui.store.core import Change
from pstui.store.edits import stamped
from pstui.store.repository import Repository
from pstui.store.templates import load_template
from pstui.ui.contrast import needed_contrast
from pstui.ui.widgets.card_column import MARKED_MARK, STUCK_MARK

SIZE = (80, 24)
THEMES = sorted(path.stem for path in themes_dir().glob("*.toml"))
STUCK, OTHER = "Stuck", "Marked too"


@pytest.fixture
def marks(tmp_path: Path) -> Path:
    """Two cards in Initiation, the first there since 2026-11-01 (21 days at the tests' day,
    past the default 14)."""
    path = tmp_path / "pstui.json"
    repo = Repository.create(path, "Marks", load_template("service").workflow, who=WHO)
    board_id = repo.boards.all()[0].id
    stuck = repo.cards.add(board_id, STUCK)
    repo.cards.add(board_id, OTHER)
    record = stamped({**stuck.to_dict(), "stage_since": "2026-11-01T09:00:00+00:00"})
    repo.commit(Change({("cards", stuck.id): record}, "edit", "cards", stuck.id, "backdated"))
    repo.close()
    return path


async def lowest_ratios(app) -> dict[str, float]:
    """Each mark's lowest contrast, on the column and under the cursor: both cards marked,
    the cursor on each in turn."""
    ratios: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "k")
        for step in range(2):
            if step:
                await pilot.press("j")
            await pilot.pause()
            column = board(app).columns[0]
            drawn, region = DrawnScreen(app.screen), column.region
            for title in (STUCK, OTHER):
                y = drawn.line_of(title, region)
                where = "cursor" if column.current.title == title else "column"
                found = {f"marked on {where}": drawn.run(MARKED_MARK, y, region).ratio}
                if title == STUCK:
                    found[f"stuck on {where}"] = drawn.run(f"{STUCK_MARK} 21d", y + 1, region).ratio
                for name, ratio in found.items():
                    ratios[name] = min(ratio, ratios.get(name, ratio))
    return ratios


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
@pytest.mark.parametrize("theme", THEMES)
async def test_the_triage_marks_read_in_every_theme(
    marks, app_for, monkeypatch, theme, no_color
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    ratios = await lowest_ratios(app_for(marks, theme=theme))
    assert set(ratios) == {f"{m} on {w}" for m in ("marked", "stuck") for w in ("column", "cursor")}
    needed = needed_contrast(theme)
    assert {n: round(r, 2) for n, r in ratios.items() if r < needed} == {}, theme


@pytest.mark.parametrize("theme", sorted(BUILTIN_THEMES))
async def test_the_triage_marks_read_in_textuals_themes(marks, app_for, theme) -> None:
    ratios = await lowest_ratios(app_for(marks, theme=theme))
    needed = needed_contrast(theme)
    assert {n: round(r, 2) for n, r in ratios.items() if r < needed} == {}, theme
