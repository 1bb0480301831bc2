"""The crash loop of #21 (tests/crash_loop.py) in its short form, and the checks it rests on.

The loop's seed is random on each run and printed with any failure; PSTUI_CRASH_SEED=N
makes the same choices again. By hand, the long form: `python tests/crash_loop.py --rounds 100`.
"""

from __future__ import annotations

import os
import random
import shutil
import sys

import pytest
from crash_loop import (
    Expected,
    Terminal,
    Unsure,
    board_shows,
    card_problems,
    detail_shows,
    run_crash_loop,
)

SHORT_ROUNDS = 5  # 30-45 s on 2 shared cores


@pytest.mark.slow
@pytest.mark.git
@pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_an_app_killed_at_random_moments_keeps_every_edit_it_showed(tmp_path):
    seed = int(os.environ.get("PSTUI_CRASH_SEED") or random.SystemRandom().randrange(2**32))
    said: list[str] = []
    tally = run_crash_loop(SHORT_ROUNDS, seed, tmp_path, say=said.append)
    report = "\n".join(said)
    assert not tally.problems, f"replay with PSTUI_CRASH_SEED={seed}\n{report}"
    assert tally.rounds == SHORT_ROUNDS, report
    assert tally.edits_shown > 0 and tally.teammate_changes >= SHORT_ROUNDS, report


# ----- the loop's own checks: a loss they could not see would pass for none ---------------------


def card(stage: str = "doing", *, done: bool = True, notes: tuple[str, ...] = ()) -> dict:
    return {
        "archived": False,
        "stage": stage,
        "checklists": {"doing": [{"criterion": "finished", "done": done}]},
        "decisions": [{"note": note} for note in notes],
    }


def test_a_card_as_it_was_shown_has_no_problem():
    shown = Expected("doing", ticks={"doing": True}, notes=["go A001-1"])
    assert card_problems(card(notes=("go A001-1",)), shown) == []


@pytest.mark.parametrize(
    ("stored", "lost"),
    [
        (card("todo"), "in todo, shown in doing"),
        (card(done=False), "doing item: [False], shown True"),
        (card() | {"archived": True}, "archived"),
        (card(notes=("another",)), "no decision 'go A001-1'"),
    ],
)
def test_an_edit_shown_but_not_stored_is_a_problem(stored, lost):
    shown = Expected("doing", ticks={"doing": True}, notes=["go A001-1"])
    assert lost in card_problems(stored, shown)


def test_an_edit_typed_as_the_app_died_but_not_drawn_may_be_kept_or_not():
    moving = Expected("todo", unsure=Unsure(stage="doing"))
    assert card_problems(card("todo"), moving) == card_problems(card("doing"), moving) == []
    assert card_problems(card("done"), moving) == ["in done, shown in todo"]
    ticking = Expected("doing", ticks={"doing": True}, unsure=Unsure(tick="doing"))
    assert card_problems(card(done=True), ticking) == card_problems(card(done=False), ticking)
    assert card_problems(card(done=False), ticking) == []


def drawn(*rows: tuple[int, int, str]) -> Terminal:
    """A terminal fed as Textual writes: each run of text at a cursor position, styled."""
    terminal = Terminal(120, 40)
    for y, x, text in rows:
        terminal.feed(f"\x1b[{y + 1};{x + 1}H\x1b[38;5;242;48;5;16m{text}\x1b[0m".encode())
    return terminal


BOARD_TOP = (1, 0, "╭" + "─" * 38 + "╮" + "╭" + "─" * 38 + "╮" + "╭" + "─" * 38 + "╮")


def test_a_card_is_shown_in_the_column_whose_frame_starts_its_line():
    terminal = drawn(BOARD_TOP, (4, 40, "│ TQVD A001-1                           │"))
    assert board_shows("A001-1", "doing")(terminal)
    assert not board_shows("A001-1", "todo")(terminal)
    assert not board_shows("A001-", "doing")(terminal)  # a title is matched whole


def test_a_title_typed_into_a_prompt_is_not_a_card_shown():
    terminal = drawn(BOARD_TOP, (20, 26, "│ ▊ A001-1                        ▎ │"))
    assert not board_shows("A001-1", "todo")(terminal)


def test_a_tick_is_shown_by_the_card_detail_of_that_card():
    terminal = drawn(
        (0, 0, "  TQVD  A001-1"), (14, 0, "  [x] should Clear enough to start: goal and owner")
    )
    assert detail_shows("A001-1", "todo", done=True)(terminal)
    assert not detail_shows("A001-1", "todo", done=False)(terminal)
    assert not detail_shows("A001-2", "todo", done=True)(terminal)


def test_escape_sequences_cut_between_two_reads_are_put_together():
    terminal = Terminal(20, 3)
    for part in (b"\x1b[2;", b"5Hab", "\u4e2d".encode()[:2], "\u4e2d".encode()[2:] + b"c"):
        terminal.feed(part)
    assert terminal.lines()[1] == "    ab中c" + " " * 11
