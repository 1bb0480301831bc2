"""The measurements: pstui on a store, and the bare floor app, each gesture timed the same way.

Every app measurement runs in a fresh headless app (`App.run_test`, 120x40) and every app
session's first paint is a sample too: the first in a process is `first_paint` (cold), the
later ones `first_paint_reopened`. Times are seconds; `report` turns them into the table.
Cursor keys always get `presses` samples; series whose presses write the store or open
screens stop at `presses` or after `cap` seconds (with at least `MIN_SAMPLES`), so a slow
build still finishes in minutes: the report prints n for each.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import os
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pendulum
from textual.pilot import Pilot

from pstui.bench.floor import FloorApp, FloorDetail
from pstui.bench.generate import BASE_DAY
from pstui.bench.probe import RepaintProbe, emulate_terminal_output, on_push
from pstui.bench.results import Results, current_rss_kb, peak_rss_kb
from pstui.config import Config
from pstui.model.card import Card
from pstui.store.engine import dumps_store
from pstui.store.files import atomic_write_text
from pstui.store.repository import Repository, new_store_data
from pstui.store.templates import load_template
from pstui.ui.app import PstuiApp, make_app
from pstui.ui.screens.board import BoardScreen
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.lessons import LessonsScreen
from pstui.ui.screens.risks import RiskScreen
from pstui.ui.screens.standup import StandupScreen
from pstui.ui.screens.surveys import SurveysScreen

SIZE = (120, 40)
WHO = "bench"
MIN_SAMPLES = 5
FILTER_WORDS = ("portal", "@yuki", "#urgent", "client:kestrel")
MAX_PRESSES_PER_SAVE = 8


@dataclass
class Limits:
    """How many presses a series takes, and the seconds after which it stops early."""

    presses: int = 200
    cap: float = 30.0
    opens: int = 30  # detail screens opened (each is also closed)
    writes: int = 30
    reloads: int = 5  # the store file changed by another program, taken in by the board
    filter_words: tuple[str, ...] = FILTER_WORDS

    def expired(self, started: float, done: int) -> bool:
        return done >= MIN_SAMPLES and time.perf_counter() - started > self.cap


# ----- an app session ---------------------------------------------------------------------------


@dataclass
class Session:
    """A running headless app with its probe; `first_paint` is from before the app was made."""

    app: Any
    pilot: Pilot[Any]
    probe: RepaintProbe
    first_paint: float
    painted_at_wall: float  # time.time() at first paint, to compare with the process start
    samples: dict[str, list[float]] = field(default_factory=dict)  # what the probe cannot time

    @property
    def board(self) -> BoardScreen:
        screen = self.app.screen
        assert isinstance(screen, BoardScreen), f"expected the board, got {screen!r}"
        return screen

    async def press(self, key: str, *, timed: bool = True) -> None:
        """Press `key`; when timed, wait for its key-to-repaint sample to be taken."""
        self.probe.forget_pending()
        await self.pilot.press(key)
        if timed:
            await self.probe.next_sample()
        else:
            await self.pilot.pause()
            self.probe.forget_pending()

    async def put_cursor_on(self, card: Card) -> None:
        self.board.show_changes(keep=card.id)
        await self.pilot.pause()


@contextlib.asynccontextmanager
async def board_session(store: Path) -> AsyncIterator[Session]:
    """pstui on `store`, from before the store is loaded to its first painted board.

    First paint ends when the board's first `show_changes` (which fills the columns after the
    first refresh) has been drawn and the screen has settled.
    """
    probe = RepaintProbe(phase="first_paint")
    probe.started_at = time.perf_counter()
    app = make_app(store, WHO, config=Config(), today=_bench_today(), watch_seconds=0)
    emulate_terminal_output(app)

    def seen(screen: Any) -> None:
        if isinstance(screen, BoardScreen):
            probe.wrap(screen, "show_changes", once=True)

    on_push(app, seen)
    async with app.run_test(size=SIZE, message_hook=probe.message_hook) as pilot:
        await probe.next_sample()
        painted_wall = time.time()
        yield Session(app, pilot, probe, probe.totals("first_paint")[0], painted_wall)


@contextlib.asynccontextmanager
async def floor_session() -> AsyncIterator[Session]:
    probe = RepaintProbe(phase="first_paint")
    probe.started_at = time.perf_counter()
    app = FloorApp()
    emulate_terminal_output(app)
    probe.wrap(app, "show", once=True)

    def seen(screen: Any) -> None:
        if isinstance(screen, FloorDetail):
            probe.wrap(screen, "show", once=True)

    on_push(app, seen)
    async with app.run_test(size=SIZE, message_hook=probe.message_hook) as pilot:
        await probe.next_sample()
        yield Session(app, pilot, probe, probe.totals("first_paint")[0], time.time())


def _bench_today() -> pendulum.Date:
    return pendulum.Date(BASE_DAY.year, BASE_DAY.month, BASE_DAY.day)


# ----- pstui phases: each drives one fresh app; the probe keeps the samples -------------------


async def cursor_phase(session: Session, limits: Limits) -> None:
    """j/k down and up a column, with an l/h every fourth press, turning at the edges.

    Always the full `presses`: the time cap is for series whose presses write the store."""
    board, probe = session.board, session.probe
    probe.wrap(board, "action_row")
    probe.wrap(board, "action_column")
    probe.phase = "cursor"
    down, right = True, True
    for n in range(limits.presses):
        if n % 4 == 3:
            right = _direction(right, board.active, len(board.columns) - 1)
            key = "l" if right else "h"
        else:
            column = board.columns[board.active]
            down = _direction(down, column.cursor, len(column.cards) - 1)
            key = "j" if down else "k"
        await session.press(key)


def _direction(forward: bool, position: int, last: int) -> bool:
    """Keep going the same way unless at an edge, then turn round."""
    if position >= last:
        return False
    if position <= 0:
        return True
    return forward


async def reorder_phase(session: Session, limits: Limits) -> None:
    """K then J on one card in the middle of the longest column: each press writes one card."""
    board, repo = session.board, session.app.repo
    column = max((repo.cards.column(board.board_id, c.stage.id) for c in board.columns), key=len)
    if len(column) < 3:
        return
    await _card_moves(session, limits, "reorder", column[len(column) // 2], "KJ")


async def stage_move_phase(session: Session, limits: Limits) -> None:
    """H then L on one card: back a stage (no gate), then on through a gate whose musts are
    done, which records a Go without opening the gate review."""
    card = _card_with_passed_gate(session.app)
    if card is not None:
        await _card_moves(session, limits, "stage_move", card, "HL")


async def _card_moves(session: Session, limits: Limits, phase: str, card: Card, keys: str) -> None:
    """Press `keys` in turn on `card`; card moves share the press count half and half."""
    board, probe = session.board, session.probe
    await session.put_cursor_on(card)
    probe.wrap(board, "action_reorder" if phase == "reorder" else "action_move_card")
    probe.phase = phase
    started = time.perf_counter()
    for n in range(max(1, limits.presses // 2)):
        current = board.current_card()
        if current is None or current.id != card.id:
            await session.put_cursor_on(card)
        await session.press(keys[n % 2])
        if session.app.screen is not board:  # a gate review opened: the data was not as chosen
            await session.press("escape", timed=False)
            break
        if limits.expired(started, n + 1):
            break


async def cursor_during_save_phase(session: Session, limits: Limits) -> None:
    """Cursor keys pressed while the store file is still being written after a change.

    The store writes the file on a background thread; this is how much that thread slows the
    UI (Python runs one thread at a time). A round changes a card's description through the
    repository, as a key's handler would (the board does not show it, so there is nothing
    to redraw), then presses j/k for as long as the repository reports unsaved changes,
    checked before each press. The change is not a key press itself: waiting for a key's
    frame took as long as a 107 MB write on a fast machine, leaving no press during it.
    """
    board, probe, repo = session.board, session.probe, session.app.repo
    column = max((repo.cards.column(board.board_id, c.stage.id) for c in board.columns), key=len)
    if len(column) < 3:
        return
    card = column[len(column) // 2]
    probe.wrap(board, "action_row")
    await session.put_cursor_on(card)
    started = time.perf_counter()
    for n in range(max(1, limits.presses // 2)):
        repo.cards.edit(card.id, description=f"benchmark change {n}")
        for step in range(MAX_PRESSES_PER_SAVE):
            if not getattr(repo, "unsaved", False):
                break
            probe.phase = "cursor_during_save"
            await session.press("jk"[step % 2])
        while getattr(repo, "unsaved", False):  # each round starts with the file written
            await asyncio.sleep(0.005)
        if limits.expired(started, len(probe.totals("cursor_during_save"))):
            break


def _card_with_passed_gate(app: PstuiApp) -> Card | None:
    """An open card past the first stage whose previous stage has no open must item."""
    repo = app.repo
    board = repo.boards.all()[0]
    stages = board.workflow.stages
    for previous, stage in zip(stages, stages[1:], strict=False):
        for card in repo.cards.column(board.id, stage.id):
            items = card.checklists.get(previous.id, [])
            if items and not any(i.must and not i.done for i in items):
                return card
    return None


async def filter_phase(session: Session, limits: Limits) -> None:
    """Type filter words a key at a time (each keystroke refilters the board), then Escape."""
    board, probe = session.board, session.probe
    probe.wrap(board, "show_changes")
    probe.phase = "filter"
    await _type_filters(session, limits)


async def _type_filters(session: Session, limits: Limits) -> None:
    started = time.perf_counter()
    for word in limits.filter_words:
        await session.press("slash", timed=False)
        for char in word:
            await session.press(char)
        await session.press("escape")
        if limits.expired(started, len(session.probe.totals("filter"))):
            break


async def detail_phase(session: Session, limits: Limits) -> None:
    """Enter opens a card (painted when its first `show_changes` has been drawn); Escape goes
    back to the board (which refills its columns on resume)."""
    board, probe = session.board, session.probe

    def seen(screen: Any) -> None:
        if isinstance(screen, CardDetail):
            probe.wrap(screen, "show_changes", once=True)

    on_push(session.app, seen)
    probe.wrap(board, "show_changes")
    await _open_and_close(session, limits, step="j")


async def _open_and_close(session: Session, limits: Limits, step: str | None) -> None:
    started = time.perf_counter()
    for n in range(limits.opens):
        if step and n % 2:
            await session.press(step, timed=False)  # a different card every other time
        session.probe.phase = "detail_open"
        await session.press("enter")
        session.probe.phase = "detail_close"
        await session.press("escape")
        if limits.expired(started, n + 1):
            break


async def reload_phase(session: Session, limits: Limits) -> None:
    """Another program changes the store file, as a `git pull` does, and the board takes the
    change in: from the file replaced to the end of the frame that shows it (the app's
    watcher would notice it a moment later; here the check is called at once).

    Meanwhile a 1 ms timer on the UI thread's event loop notes how long it could not run at
    a time (the GIL held by the worker reading the file, and the UI thread's own part). The
    new file is written a piece at a time, so this process never holds its bytes: the peak
    RSS of a session with this phase is the app's own while it reloads.
    """
    board, probe, app = session.board, session.probe, session.app
    probe.wrap(board, "show_changes")
    longest = session.samples.setdefault("reload_ui_wait", [])
    for n in range(limits.reloads):
        _replace_with_changed_copy(app.repo.path, f"reload {n}")
        probe.forget_pending()
        probe.phase = "reload"
        probe.started_at = time.perf_counter()
        ticks = [time.perf_counter()]
        ticking = asyncio.create_task(_tick(ticks))
        app.check_store()
        await probe.next_sample()
        ticking.cancel()
        ticks.append(time.perf_counter())
        longest.append(max(later - earlier for earlier, later in itertools.pairwise(ticks)))
        if app.repo.changed_on_disk():
            raise RuntimeError("the board did not take in the changed store file")


def _replace_with_changed_copy(store: Path, mark: str) -> None:
    """Replace `store` as another program would, by a copy in which the first card's title
    starts with `mark`: read and written 1 MB at a time."""
    title = b'"title": "'
    temp = store.with_name(f".bench-{store.name}")
    with open(store, "rb") as source, open(temp, "wb") as target:
        head = source.read(1 << 20)
        at = head.index(title) + len(title)
        target.write(head[:at] + mark.encode() + b" " + head[at:])
        shutil.copyfileobj(source, target, 1 << 20)
    os.replace(temp, store)


async def _tick(ticks: list[float]) -> None:
    """Note the time every 1 ms: the gaps between are how long the event loop could not run."""
    while True:
        await asyncio.sleep(0.001)
        ticks.append(time.perf_counter())


async def risks_phase(session: Session, limits: Limits) -> None:
    """R opens the board's risk register (painted when its first `show_changes` has been
    drawn); j/k walk its table; Escape goes back."""
    probe = session.probe

    def seen(screen: Any) -> None:
        if isinstance(screen, RiskScreen):
            probe.wrap(screen, "show_changes", once=True)
            probe.wrap(screen, "show_current")  # runs on every move of the table's cursor

    on_push(session.app, seen)
    started = time.perf_counter()
    for n in range(limits.opens):
        probe.phase = "risks_open"
        await session.press("R")
        probe.phase = "risks_key"
        for key in "jjjk":  # the cursor opens on the first row: down first
            await session.press(key)
        await session.press("escape", timed=False)
        if limits.expired(started, n + 1):
            break


async def surveys_phase(session: Session, limits: Limits) -> None:
    """V opens the board's surveys (painted when its figures, trend and table are filled:
    the first `show_changes`); j/k walk the table; Escape goes back."""
    probe = session.probe

    def seen(screen: Any) -> None:
        if isinstance(screen, SurveysScreen):
            probe.wrap(screen, "show_changes", once=True)
            probe.wrap(screen, "show_current")  # runs on every move of the table's cursor

    on_push(session.app, seen)
    started = time.perf_counter()
    for n in range(limits.opens):
        probe.phase = "surveys_open"
        await session.press("V")
        probe.phase = "surveys_key"
        for key in "jjjk":
            await session.press(key)
        await session.press("escape", timed=False)
        if limits.expired(started, n + 1):
            break


async def lessons_phase(session: Session, limits: Limits) -> None:
    """W opens the knowledge base of every board; each key typed in its search repaints the
    matches (`show_matches`); Escape clears the search, Escape again goes back."""
    probe = session.probe

    def seen(screen: Any) -> None:
        if isinstance(screen, LessonsScreen):
            probe.wrap(screen, "show_matches")

    on_push(session.app, seen)
    started = time.perf_counter()
    for n in range(limits.opens):
        await session.press("W", timed=False)
        await session.press("slash", timed=False)
        probe.phase = "lessons_key"
        for key in ("m", "i", "g", "backspace", "r", "a", "t", "e"):
            await session.press(key)
        await session.press("escape", timed=False)
        await session.press("escape", timed=False)
        if limits.expired(started, n + 1):
            break


async def standup_phase(session: Session, limits: Limits) -> None:
    """s starts the standup on the board with the news since yesterday (the generated store
    has no standup yet), painted when its first card is shown (the first `show_card`); l
    steps to the next card; Escape, then "Leave without recording it", goes back."""
    probe = session.probe

    def seen(screen: Any) -> None:
        if isinstance(screen, StandupScreen):
            probe.wrap(screen, "show_card", once=True)
            probe.wrap(screen, "action_step")

    on_push(session.app, seen)
    started = time.perf_counter()
    for n in range(limits.opens):
        probe.phase = "standup_open"
        await session.press("s")
        probe.phase = "standup_step"
        for key in "llll":
            await session.press(key)
        for key in ("escape", "j", "j", "enter"):  # the third choice leaves
            await session.press(key, timed=False)
        if limits.expired(started, n + 1):
            break


BOARD_PHASES: tuple[Callable[[Session, Limits], Awaitable[None]], ...] = (
    cursor_phase,
    reorder_phase,
    stage_move_phase,
    cursor_during_save_phase,
    filter_phase,
    detail_phase,
    risks_phase,
    surveys_phase,
    lessons_phase,
    standup_phase,
    reload_phase,  # last: the session's peak RSS before it is kept apart
)


def measure_board(store: Path, limits: Limits) -> Results:
    """Every UI figure of pstui on `store`, each phase in a fresh app; memory after first paint,
    and the peak before a changed store was reloaded."""
    results = _run_phases(lambda: board_session(store), BOARD_PHASES, limits)
    results.add("card_move", results.series.get("reorder", []))
    results.add("card_move", results.series.get("stage_move", []))
    before_reload = BOARD_PHASES[BOARD_PHASES.index(reload_phase) - 1].__name__
    results.values["peak_rss_before_reload_kb"] = results.values[
        f"peak_rss_after_{before_reload}_kb"
    ]
    return results


def _run_phases(
    open_session: Callable[[], contextlib.AbstractAsyncContextManager[Session]],
    phases: tuple[Callable[[Session, Limits], Awaitable[None]], ...],
    limits: Limits,
) -> Results:
    """Each phase in a fresh app on its own event loop.

    Its own loop, because the app hands work to the loop's thread pool (a git check at start),
    whose threads keep the app alive until the loop closes: two apps in memory at once would
    make the peak RSS the sum of two.
    """
    results = Results()
    for phase in phases:
        asyncio.run(_run_phase(open_session, phase, limits, results))
        gc.collect()
        # ru_maxrss only grows: this says which phase set the peak.
        results.values[f"peak_rss_after_{phase.__name__}_kb"] = peak_rss_kb()
    results.values["peak_rss_kb"] = peak_rss_kb()
    return results


async def _run_phase(
    open_session: Callable[[], contextlib.AbstractAsyncContextManager[Session]],
    phase: Callable[[Session, Limits], Awaitable[None]],
    limits: Limits,
    results: Results,
) -> None:
    async with open_session() as session:
        _note_first_paint(results, session)
        await phase(session, limits)
        probe = session.probe
    for name, samples in session.samples.items():
        results.add(name, samples)
    repo = getattr(session.app, "repo", None)
    if repo is not None:
        repo.keep_open_index()  # as `pstui` does once the board has closed
    _collect(results, probe)


def _note_first_paint(results: Results, session: Session) -> None:
    if "rss_after_paint_kb" not in results.values:  # the first app of the process: cold
        results.add("first_paint", [session.first_paint])
        results.values["rss_after_paint_kb"] = current_rss_kb()
        results.values["peak_rss_after_paint_kb"] = peak_rss_kb()
        results.values["painted_at_wall"] = session.painted_at_wall
        return
    # A later app opens the file the one before closed: with the open index it kept then.
    results.add("first_paint_reopened", [session.first_paint])
    repo = getattr(session.app, "repo", None)
    if repo is not None:
        indexed = results.values.get("reopened_indexed", 0)
        results.values["reopened_indexed"] = indexed + int(repo.opened_from_index)


def _collect(results: Results, probe: RepaintProbe) -> None:
    """Key-to-repaint totals per phase, and the part spent in the handler as `phase:handler`."""
    for phase in probe.phases():
        if phase != "first_paint":
            results.add(phase, probe.totals(phase))
            results.add(f"{phase}:handler", probe.handlers(phase))
        for why in probe.unsettled(phase):
            results.notes.append(f"{phase}: a sample hit the settle time limit ({why})")


# ----- floor phases -------------------------------------------------------------------------------


async def floor_keys_phase(session: Session, limits: Limits) -> None:
    probe = session.probe
    probe.wrap(session.app, "action_bump")
    probe.phase = "key"
    for n in range(limits.presses):
        await session.press("jjjl"[n % 4])


async def floor_filter_phase(session: Session, limits: Limits) -> None:
    session.probe.wrap(session.app, "show_filter")
    session.probe.phase = "filter"
    await _type_filters(session, limits)


async def floor_detail_phase(session: Session, limits: Limits) -> None:
    session.probe.wrap(session.app, "action_close")
    await _open_and_close(session, limits, step=None)


FLOOR_PHASES: tuple[Callable[[Session, Limits], Awaitable[None]], ...] = (
    floor_keys_phase,
    floor_filter_phase,
    floor_detail_phase,
)


def measure_cold_start(store: Path | None) -> Results:
    """One cold first paint, the only app of this process: pstui on `store` (which it has
    not opened before), or the floor when `store` is None. One sample per process, so the
    benchmark starts a few such processes to give the cold start a median."""
    results = Results()

    async def first_paint() -> None:
        session = floor_session() if store is None else board_session(store)
        async with session as painted:
            _note_first_paint(results, painted)

    asyncio.run(first_paint())
    return results


def measure_floor(limits: Limits) -> Results:
    """The bare app, the same gestures, the same probe, a fresh app per phase."""
    return _run_phases(floor_session, FLOOR_PHASES, limits)


# ----- the store outside the UI -------------------------------------------------------------------


def measure_writes(store: Path, limits: Limits) -> Results:
    """One change reaching disk, with the repository opened as the app opens it.

    Two times per change: how long `repo.cards.edit` holds the calling thread (the app
    calls it on the UI thread: that is the UI stall), and how long until the store file holds
    the change (when writing is deferred to a background thread, until nothing is unsaved).
    The first change after loading is kept apart: nothing of the file's text is cached yet.
    """
    results = Results()
    repo = _open_like_the_app(store)
    failures: list[Exception] = []
    repo.on_write_error = failures.append  # called from the writer thread
    try:
        board = repo.boards.all()[0]
        cards = repo.cards.on_board(board.id)
        started = time.perf_counter()
        stalls, saved = [], []
        for n in range(limits.writes):
            card = cards[(n * 7919) % len(cards)]
            due = BASE_DAY.replace(day=1 + n % 28).isoformat()
            t0 = time.perf_counter()
            repo.cards.edit(card.id, due=due if card.due != due else None)
            stalls.append(time.perf_counter() - t0)
            _wait_until_saved(repo, failures)
            saved.append(time.perf_counter() - t0)
            if limits.expired(started, n + 1):
                break
    finally:
        repo.close()
    results.add("write_first", stalls[:1])
    results.add("write", stalls[1:])
    results.add("saved_first", saved[:1])
    results.add("saved", saved[1:])
    return results


def _open_like_the_app(store: Path) -> Repository:
    """`background=True` is how `make_app` opens the store (journal + writer thread); a store
    layer without it writes synchronously, and then the stall is the whole write."""
    try:
        return Repository(store, WHO, background=True)  # type: ignore[call-arg]
    except TypeError:
        return Repository(store, WHO)


def _wait_until_saved(repo: Repository, failures: list[Exception], timeout: float = 600.0) -> None:
    """Poll until the writer thread has written the file (sleeping, so it has the GIL)."""
    deadline = time.perf_counter() + timeout
    while getattr(repo, "unsaved", False) and not failures:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"the store was not written within {timeout:.0f} s")
        time.sleep(0.001)
    if failures:
        raise failures[0]


def measure_floor_write(limits: Limits) -> Results:
    """The least a crash-safe write costs here: a tiny store, temp file, fsync, rename."""
    results = Results()
    folder = Path(tempfile.mkdtemp(prefix="pstui-bench-floor-"))
    try:
        text = dumps_store(new_store_data("floor", load_template("simple").workflow, WHO))
        samples = []
        for _ in range(limits.writes):
            t0 = time.perf_counter()
            atomic_write_text(folder / "pstui.json", text)
            samples.append(time.perf_counter() - t0)
        results.add("write", samples)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results
