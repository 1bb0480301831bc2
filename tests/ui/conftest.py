"""Fixtures for the Pilot tests: small stores and apps that never touch the real user.

Every app is built by `make_app`, the factory the CLI uses, with its own config file in
`tmp_path`, the frozen date 2026-11-22 and no file watching. HOME and XDG_CONFIG_HOME point
into `tmp_path` and PSTUI_USER is `tester`, so nothing real is read or written.

`async def` tests run on a fresh event loop each (see `pytest_pyfunc_call` below), because
the project has no async plugin for pytest: Pilot only needs a loop.
"""

from __future__ import annotations

import asyncio
import inspect
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum
import pytest
from rich.cells import cell_len
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from pstui.config import Config
from pstui.model.card import Card
from pstui.store.repository import Repository
from pstui.store.templates import load_template
from pstui.ui.app import PstuiApp, make_app
from pstui.ui.screens.board import BoardScreen
from pstui.ui.widgets.card_column import FRAME, HEADER_HEIGHT, ROW_HEIGHT, CardColumn

TODAY = pendulum.Date(2026, 11, 22)
WHO = "tester"
SAMPLES = Path(__file__).resolve().parents[2] / "sample_projects"

# Titles of the cards in the `store` fixture, by column (initiation, then execution).
READY = "Ready for the gate"  # every must item of Initiation done
OPEN = "Open musts here"  # must items still open
THIRD = "Third card"  # assigned to Alice Chen, tagged urgent
EXEC = "Execution work"  # in Execution, one stage on
INITIATION_TITLES = [READY, OPEN, THIRD]


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests (Pilot) on their own event loop; no plugin needed."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No real config, name or colour setting leaks in from the machine running the tests."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("PSTUI_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("PSTUI_USER", WHO)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A one-board store (service template) with four cards of known titles."""
    path = tmp_path / "pstui.json"
    repo = Repository.create(path, "Test board", load_template("service").workflow, who=WHO)
    board = repo.boards.all()[0].id
    ready = repo.cards.add(board, READY, client="Acme", due="2026-12-01")
    for item in ready.checklist:
        if item.must:
            repo.cards.toggle_item(ready.id, item.id)
    repo.cards.add(board, OPEN, client="Globex", assignee="Bob Stone")
    repo.cards.add(board, THIRD, assignee="Alice Chen", tags=["urgent"], client="Initech")
    repo.cards.add(board, EXEC, stage="execution", assignee="Bob Stone")
    return path


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the English sample store (two boards); the bundled file is never opened."""
    path = tmp_path / "services.json"
    shutil.copy(SAMPLES / "services.json", path)
    return path


@pytest.fixture
def sample_zh(tmp_path: Path) -> Path:
    path = tmp_path / "services-zh.json"
    shutil.copy(SAMPLES / "services-zh.json", path)
    return path


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return tmp_path / "config.toml"


@pytest.fixture
def app_for(config_path: Path) -> Callable[..., PstuiApp]:
    """`app_for(path, **settings)`: the app as the CLI builds it, frozen and private.

    `settings` are Config fields (theme, keymap, name); `watch_seconds` and `today` can be
    changed for the tests about them.
    """

    def build(
        path: Path, *, watch_seconds: float = 0, today: pendulum.Date = TODAY, **settings: Any
    ) -> PstuiApp:
        config = Config(path=config_path, **settings)
        return make_app(path, WHO, config=config, today=today, watch_seconds=watch_seconds)

    return build


# ----- helpers the tests share ---------------------------------------------------------------


def reopen(path: Path) -> Repository:
    """The store as another process would read it now."""
    return Repository(path, "checker")


def on_disk(app: PstuiApp) -> Repository:
    """What the app has written, read back by a second repository (as another process would).

    The app writes from a background thread; flushing first makes the check deterministic.
    """
    app.repo.flush()
    return reopen(app.repo.path)


def card_named(repo: Repository, title: str) -> Card:
    matches = [c for b in repo.boards.all() for c in _all_cards(repo, b.id) if c.title == title]
    assert len(matches) == 1, f"{len(matches)} cards titled {title!r}"
    return matches[0]


def _all_cards(repo: Repository, board_id: str) -> list[Card]:
    return repo.cards.on_board(board_id) + repo.cards.on_board(board_id, archived=True)


def board(app: PstuiApp) -> BoardScreen:
    screen = app.screen
    assert isinstance(screen, BoardScreen), f"on {type(screen).__name__}, not the board"
    return screen


def active_column(app: PstuiApp) -> CardColumn:
    screen = board(app)
    return screen.columns[screen.active]


def titles(column: CardColumn) -> list[str]:
    return [c.title for c in column.cards]


async def put_cursor_on(pilot: Pilot, title: str) -> None:
    """Walk the cursor (with the real keys) to the card titled `title`."""
    screen = board(pilot.app)  # type: ignore[arg-type]
    for n, column in enumerate(screen.columns):
        if title in titles(column):
            step = "right" if n > screen.active else "left"
            for _ in range(abs(n - screen.active)):
                await pilot.press(step)
            row = titles(column).index(title)
            for _ in range(abs(row - column.cursor)):
                await pilot.press("down" if row > column.cursor else "up")
            await pilot.pause()
            current = screen.current_card()
            assert current is not None and current.title == title
            return
    raise AssertionError(f"no card titled {title!r} on the board")


async def type_text(pilot: Pilot, text: str) -> None:
    """Type into the focused widget, one key press per character (about 65 ms each)."""
    await pilot.press(*text)


async def fill(pilot: Pilot, text: str) -> None:
    """Replace the text of the focused Input or TextArea at once, as a paste would.

    Typing is tested with real key presses in a few tests; the rest fill the box, to keep
    the suite fast (a Pilot key press costs about 65 ms).
    """
    focused = pilot.app.focused
    if isinstance(focused, Input):
        focused.value = text
        focused.cursor_position = len(text)
    elif isinstance(focused, TextArea):
        focused.text = text
    else:
        raise AssertionError(f"nothing to type into: {focused!r} has the focus")
    await pilot.pause()


def notices(app: PstuiApp) -> list[str]:
    """The messages of the notices given so far, whole, oldest first (the app's log: a toast
    shows one line of each, and two at most)."""
    return [n.message for n in app.notice_log]


def screen_text(app: PstuiApp, *, styled: bool = False) -> str:
    """The whole screen as plain text (ANSI-styled text if `styled`), rendered the way
    App.export_screenshot renders it.

    Control codes that a widget lets through stay in the text (so a test can look for ESC);
    the compositor's own cursor moves do not (they are control segments).
    """
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    console.print(update)
    return console.export_text(styles=styled)


def strip_texts(column: CardColumn) -> list[str]:
    """The text of every row the column draws now, from its Line API."""
    height = column.content_size.height
    return ["".join(seg.text for seg in column.render_line(y)) for y in range(height)]


def card_line(column: CardColumn, index: int, line: int) -> str:
    """The text the column draws now for line `line` (0 title, 1 details) of card `index`,
    inside its frame and padding: the text and the scroll bar's cell."""
    y = FRAME + HEADER_HEIGHT + index * ROW_HEIGHT + line - column.top
    drawn = "".join(seg.text for seg in column.render_line(y))
    return drawn[FRAME + 1 : -FRAME]


def cells(text: str) -> int:
    return cell_len(text)
