"""Key press to repaint, measured inside the app: from the key event to the end of its refresh.

`pilot.press()` + `pause()` costs 60-85 ms on a bare app (it polls for CPU idle), so it cannot
time anything. Instead:

- t0 is taken when the App starts handling the key event (`run_test(message_hook=...)` sees
  every message; the first, not-yet-forwarded `Key` is the press);
- the handlers that do the work (an action, `show_changes`) are wrapped on the instance, and
  on return ask `call_after_refresh` for a callback;
- that callback takes t1 once the screen has nothing left to do: no pending layout, scroll,
  repaint or dirty widget, and no queued message in the app, the screen or its widgets (a
  refresh often schedules a follow-up, e.g. a column scrolling to its cursor). Otherwise it
  asks again after the next refresh (or in 1 ms while only widget work is in flight, for at
  most 2 s), so t1 is the end of the last frame the key caused.
- A key that runs several wrapped handlers (Escape in the filter box refills the board twice)
  is still one sample, ending when the last of them has been drawn.

Textual draws at most 60 frames a second: the first refresh after an idle moment is drawn at
once, a second one within 1/60 s of it waits for the next frame. The floor pays the same.

Headless apps skip turning the frame into terminal bytes; `emulate_terminal_output` puts that
step back (the bytes are made, then dropped) so figures include what an SSH session pays.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.screen import Screen

SETTLE_TIMEOUT = 30.0  # seconds to wait for a pending frame before taking t1 anyway
# Seconds to wait on widget work that does not become a frame. Twice at 10,000 cards a widget
# (a footer key being replaced, the board's bar) kept a refresh flag or a queued message for
# 30 s with nothing for the screen to draw.
IN_FLIGHT_PATIENCE = 2.0
SAMPLE_TIMEOUT = 300.0  # seconds; a 10,000-card write can take many seconds


@dataclass
class Press:
    """One measured key press (or one first paint): when it started, when its last frame ended,
    the time spent inside the wrapped handlers, and how many of their refreshes are pending."""

    phase: str
    start: float
    end: float | None = None
    handler: float = 0.0
    pending: int = 0
    unsettled: str = ""  # why the screen was still busy when SETTLE_TIMEOUT ran out, if it did

    @property
    def total(self) -> float:
        assert self.end is not None
        return self.end - self.start


@dataclass
class RepaintProbe:
    """Collects key-to-repaint samples for an app; `phase` names the figure being measured."""

    phase: str = "unnamed"
    presses: list[Press] = field(default_factory=list)
    started_at: float | None = None  # t0 of the next press; the key hook or the caller sets it
    _current: Press | None = None
    _recorded: asyncio.Event = field(default_factory=asyncio.Event)

    # ----- t0: the key event ------------------------------------------------------------------

    def message_hook(self, message: Message) -> None:
        """Pass to `App.run_test(message_hook=...)`: a key event starts a measurement."""
        if isinstance(message, events.Key) and not message.is_forwarded:
            self.started_at = time.perf_counter()
            self._current = None

    # ----- t1: the end of the refresh -----------------------------------------------------------

    def wrap(self, owner: Any, name: str, *, once: bool = False) -> None:
        """Replace `owner.name` (on the instance only) by a version that arms the probe on return.

        `functools.wraps` keeps the signature, which Textual reads to pass action parameters;
        a plain method stays plain, because callers like `x = self.f()` rely on that.
        """
        original = getattr(owner, name)
        armed = [True]

        def done(entered: float) -> None:
            if armed[0]:
                armed[0] = not once
                self.arm(owner, entered)

        if inspect.iscoroutinefunction(original):

            @functools.wraps(original)
            async def stamped_async(*args: Any, **kwargs: Any) -> Any:
                entered = time.perf_counter()
                result = await original(*args, **kwargs)
                done(entered)
                return result

            setattr(owner, name, stamped_async)
            return

        @functools.wraps(original)
        def stamped(*args: Any, **kwargs: Any) -> Any:
            entered = time.perf_counter()
            result = original(*args, **kwargs)
            done(entered)
            return result

        setattr(owner, name, stamped)

    def arm(self, node: Any, entered: float) -> None:
        """Count a handler that just returned towards the current press; its end is taken after
        the refresh that follows (see the module docstring)."""
        press = self._current_press(entered)
        press.handler += time.perf_counter() - entered
        press.pending += 1
        app: App[Any] = node.app
        armed_at = time.perf_counter()
        in_flight_since = [armed_at]  # when the screen last had a frame to draw

        def settled() -> None:
            now = time.perf_counter()
            frame = _frame_pending(app)
            maybe = "" if frame else _work_in_flight(app)
            if frame:
                in_flight_since[0] = now
            stuck = maybe and now - in_flight_since[0] >= IN_FLIGHT_PATIENCE
            if (frame and now - armed_at >= SETTLE_TIMEOUT) or stuck:
                press.unsettled = frame or maybe
            elif frame and not (app._batch_count or not app.screen.is_current):
                app.screen.call_after_refresh(settled)
                return
            elif frame or maybe:
                # No refresh to wait for yet (a batch update, a screen being installed, or
                # only widget work in flight) and callbacks would run at once: look again soon.
                app.set_timer(0.001, settled)
                return
            press.pending -= 1
            if press.pending == 0:
                press.end = time.perf_counter()
                self._recorded.set()

        node.call_after_refresh(settled)

    def _current_press(self, entered: float) -> Press:
        if self._current is None or self._current.phase != self.phase:
            start = self.started_at if self.started_at is not None else entered
            self._current = Press(self.phase, start)
            self.presses.append(self._current)
            self.started_at = None
        return self._current

    async def next_sample(self, timeout: float = SAMPLE_TIMEOUT) -> None:
        """Wait until the current press has been drawn."""
        await asyncio.wait_for(self._recorded.wait(), timeout)
        self._recorded.clear()

    def forget_pending(self) -> None:
        self._recorded.clear()
        self.started_at = None
        self._current = None

    def _done(self, phase: str) -> list[Press]:
        return [p for p in self.presses if p.phase == phase and p.end is not None]

    def phases(self) -> list[str]:
        return list(dict.fromkeys(p.phase for p in self.presses))

    def totals(self, phase: str) -> list[float]:
        return [p.total for p in self._done(phase)]

    def handlers(self, phase: str) -> list[float]:
        return [p.handler for p in self._done(phase)]

    def unsettled(self, phase: str) -> list[str]:
        return [p.unsettled for p in self._done(phase) if p.unsettled]


def _frame_pending(app: App[Any]) -> str:
    """Why the screen will draw another frame ("" when it will not)."""
    screen = app.screen
    flags = ("_layout_required", "_scroll_required", "_repaint_required", "_recompose_required")
    for flag in flags:
        if getattr(screen, flag):
            return f"screen {flag}"
    return "dirty widgets" if screen._dirty_widgets else ""


def _work_in_flight(app: App[Any]) -> str:
    """Widget work that usually turns into a frame within milliseconds: a widget asking for a
    refresh (it tells the screen when idle), or messages not yet handled (a Resize after a
    layout, say)."""
    screen = app.screen
    widgets = _live_widgets(screen)
    for widget in widgets:
        if widget._repaint_required or widget._layout_required or widget._scroll_required:
            return f"{widget!r} needs a refresh"
    for pump in (app, screen, *widgets):
        if not pump._message_queue.empty():
            return f"{pump!r} has queued messages"
    return ""


def _live_widgets(screen: Screen[Any]) -> list[Any]:
    # A widget whose message loop is not running (closing, or not started) never refreshes.
    return [w for w in screen.walk_children() if w._running and not w._closing and w.display]


def on_push(app: App[Any], seen: Callable[[Screen[Any]], None]) -> None:
    """Call `seen(screen)` for every screen the app pushes, before it mounts (instance patch)."""
    original = app.push_screen

    @functools.wraps(original)
    def push_screen(screen: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(screen, Screen):
            seen(screen)
        return original(screen, *args, **kwargs)

    app.push_screen = push_screen  # type: ignore[method-assign]


def emulate_terminal_output(app: App[Any]) -> None:
    """Make headless frames into terminal bytes as a real driver would, then drop them."""
    original = app._display

    def display(screen: Screen[Any], renderable: Any) -> None:
        original(screen, renderable)
        render = getattr(renderable, "render_segments", None)
        if render is not None and not app._batch_count:
            render(app.console)

    app._display = display  # type: ignore[method-assign]
