"""`pstui serve` in a real headless Chromium, driven by Selenium: the page loads, the board
shows, keys move the cursor, and a board served read-only keeps its file's bytes whatever is
typed.

The page's terminal is xterm.js drawing on a canvas, so the test reads the terminal's own
buffer: a script run before the page's own catches the xterm `Terminal` as textual-serve's
page makes it, and `buffer.active` gives each row's text and each cell's colours.

Needs Debian's `chromium` and `chromium-driver` (apt-get install -y chromium
chromium-driver) and the `selenium` package; without them every test here is skipped, saying
which is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest

from pstui.store.core import VIEW_ONLY
from pstui.store.repository import Repository

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parents[1] / "sample_projects" / "services.json"
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
CHROMEDRIVER = shutil.which("chromedriver")
WAIT_SECONDS = 30.0

# Run in the page before its own scripts: textual-serve's page keeps its xterm Terminal in a
# `terminal` property it assigns; a setter on Object.prototype sees it go by, and keeps it.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    window.pstuiTerminal = value;
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true});
  },
});
"""
# Each row of the terminal as text: what the user sees.
ROWS = """
const term = window.pstuiTerminal;
if (!term) return null;
const buffer = term.buffer.active;
const rows = [];
for (let y = 0; y < term.rows; y++) {
  const line = buffer.getLine(buffer.viewportY + y);
  rows.push(line ? line.translateToString(true) : "");
}
return rows;
"""
# The background colour of the cell at row y, column x (the card under the cursor has its own).
BACKGROUND = """
const [y, x] = arguments;
const buffer = window.pstuiTerminal.buffer.active;
const cell = buffer.getLine(buffer.viewportY + y).getCell(x);
return [cell.getBgColorMode(), cell.getBgColor(), cell.isInverse()];
"""


def missing() -> str | None:
    """What this machine lacks for a browser test, said as the skip's reason."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    if CHROMIUM is None:
        return "no chromium on PATH (apt-get install -y chromium chromium-driver)"
    if CHROMEDRIVER is None:
        return "no chromedriver on PATH (apt-get install -y chromium-driver)"
    return None


if (reason := missing()) is not None:
    pytest.skip(reason, allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what: str, found: Callable[[], Any], seconds: float = WAIT_SECONDS) -> Any:
    """`found()` once it is truthy; fails saying `what` did not happen in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {seconds:.0f} s")


@pytest.fixture
def store(tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    path = folder / "pstui.json"
    shutil.copy(SAMPLE, path)
    return path


@pytest.fixture
def first_cards(store: Path) -> tuple[str, str]:
    """The first two cards of the board's first column as a card's row starts: short id and
    the start of the title."""
    repo = Repository(store, "reader", view_only=True)
    board = repo.boards.all()[0]
    ids = repo.cards.column(board.id, board.workflow.stages[0].id).ids[:2]
    first, second = (f"{repo.cards.short_id(c)} {repo.cards.get(c).title[:12]}" for c in ids)
    repo.close()
    return first, second


class Served:
    """A `pstui serve` running: its address, and its process (a browser's session is a
    process it starts)."""

    def __init__(self, url: str, server: subprocess.Popen[bytes]) -> None:
        self.url = url
        self.server = server

    def sessions(self) -> list[str]:
        """The pids of the sessions running now (Linux: the server's child processes)."""
        pid = self.server.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
        return children.split()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """`serve(store, *options)`: `pstui serve` started on a free port. The sessions it starts
    get a home of their own: no real config, cache or name."""
    servers: list[subprocess.Popen[bytes]] = []
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PSTUI_CONFIG": str(tmp_path / "config.toml"),
        "PSTUI_USER": "viewer",
    }

    def start(path: Path, *options: str) -> Served:
        port = free_port()
        command = [sys.executable, "-m", "pstui", "serve", "--port", str(port), *options]
        server = subprocess.Popen(
            [*command, str(path)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers.append(server)
        url = f"http://127.0.0.1:{port}/"
        wait_for(f"pstui serve answering on {url}", lambda: answers(url))
        return Served(url, server)

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=30)


def answers(url: str) -> bool:
    try:
        with urlopen(url, timeout=5):
            return True
    except OSError:
        return False


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    options = Options()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",  # tests run as root in containers
        "--disable-dev-shm-usage",
        "--window-size=1280,800",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    # The page asks Google for a font: offline, or behind a firewall that drops packets, that
    # would hold the page's load (and the terminal's start) until it times out.
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*fonts.googleapis.com*"]})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
    yield driver
    driver.quit()


class Page:
    """The served board as the browser shows it."""

    def __init__(self, driver: webdriver.Chrome, url: str) -> None:
        self.driver = driver
        driver.get(url)

    def rows(self) -> list[str]:
        return self.driver.execute_script(ROWS) or []

    def text(self) -> str:
        return "\n".join(self.rows())

    def wait_for_text(self, text: str) -> None:
        wait_for(f"{text!r} in the page\n{self.text()}", lambda: text in self.text())

    def where(self, text: str) -> tuple[int, int]:
        """(row, column) of the first cell of `text` on the screen."""
        for y, row in enumerate(self.rows()):
            if text in row:
                return y, row.index(text)
        raise AssertionError(f"{text!r} not in the page\n{self.text()}")

    def background(self, text: str) -> list[int]:
        return self.driver.execute_script(BACKGROUND, *self.where(text))

    def refusals(self) -> int:
        """How many refusal toasts show (the notice at the start goes on after the reason)."""
        return len(re.findall(re.escape(VIEW_ONLY) + "(?!:)", self.text()))

    def type(self, *keys: str) -> None:
        """Keys as the user types them: into xterm's input box, which sends them on."""
        self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(*keys)


def test_the_board_shows_and_keys_move_the_cursor(store, first_cards, serve, browser):
    first, second = first_cards
    page = Page(browser, serve(store, "--read-only").url)
    page.wait_for_text(first)
    page.wait_for_text(second)
    cursor_on, other = page.background(first), page.background(second)
    assert cursor_on != other, "the card under the cursor is drawn like the others"
    page.type(Keys.ARROW_DOWN)
    wait_for(
        "the cursor on the second card",
        lambda: page.background(second) == cursor_on and page.background(first) == other,
    )
    page.type("k")  # vim keys too
    wait_for("the cursor back on the first card", lambda: page.background(first) == cursor_on)


def test_a_board_served_read_only_keeps_its_bytes_whatever_is_typed(
    store, first_cards, serve, browser
):
    """Served read-only, the board offers no key that edits, and typing one opens nothing,
    is refused by nothing (it is not a key there) and leaves the file as it was."""
    first, second = first_cards
    before = store.read_bytes()
    served = serve(store, "--read-only")
    page = Page(browser, served.url)
    page.wait_for_text(first)
    footer = page.rows()[-1]
    assert "Open" in footer and "New" not in footer and "Undo" not in footer, footer
    cursor_on = page.background(first)
    page.type("n", "x", "L", "J", "u")  # new, archive, move on, reorder, undo
    page.type(Keys.ARROW_DOWN)  # drawn once every key before it was handled
    wait_for("the cursor on the second card", lambda: page.background(second) == cursor_on)
    assert "New card in" not in page.text()
    assert page.refusals() == 0
    browser.get("about:blank")  # the session ends: the app closes the store, and quits
    wait_for("the session's process gone", lambda: not served.sessions())
    assert store.read_bytes() == before
    assert [p.name for p in store.parent.iterdir()] == [store.name]  # no journal, no temp


def test_a_board_served_for_changes_takes_a_card_typed_in_the_browser(
    store, first_cards, serve, browser
):
    """The other half: the same keys, served without --read-only, reach the store."""
    page = Page(browser, serve(store).url)
    page.wait_for_text(first_cards[0])
    page.type("n")
    page.wait_for_text("New card in")
    page.type("Typed in a browser", Keys.ENTER)
    page.wait_for_text("Typed in a browser")
    wait_for(
        "the new card written to the store",
        lambda: b"Typed in a browser" in store.read_bytes(),
    )
