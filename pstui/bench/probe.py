"""Key press to repaint, measured inside the app: from the key event to the end of its refresh.

`pilot.press()` + `pause()` costs 60-85 ms on a bare app (it polls for CPU idle), so it cannot
time anything. Instead:

- t0 is taken when the App starts handling the key event (`run_test(message_hook=...)` sees
  every message; the first, not-yet-forwarded `Key` is the press);
- the handler that does the work (an action, or `show_changes`) is wrapped on the instance, and
  on its return asks `call_after_refresh` for a callback;
- that callback takes t1 once the screen has nothing left to do: no pending layout, scroll,
  repaint or dirty widget, and no queued message in the app, the screen or its widgets (a
  refresh often schedules a follow-up, e.g. a column scrolling to its cursor). Otherwise it
  asks again after the next refresh, so t1 is the end of the last frame the key caused.

Textual refreshes on a 60 Hz timer, so every figure includes up to ~17 ms of waiting for the
next frame: the floor app pays the same.

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

SETTLE_TIMEOUT = 60.0  # seconds to wait for the screen to settle before taking t1 anyway
SAMPLE_TIMEOUT = 300.0  # seconds; a 10,000-card write can take many seconds


@dataclass
class Sample:
    """One key press: total key-to-repaint time and the part spent inside the handler."""

    total: float
    handler: float


@dataclass
class RepaintProbe:
    """Collects key-to-repaint samples for an app; `phase` names the figure being measured."""

    phase: str = "unnamed"
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    started_at: float | None = None
    _recorded: asyncio.Event = field(default_factory=asyncio.Event)

    # ----- t0: the key event ------------------------------------------------------------------

    def message_hook(self, message: Message) -> None:
        """Pass to `App.run_test(message_hook=...)`: a key event starts a measurement."""
        if isinstance(message, events.Key) and not message.is_forwarded:
            self.started_at = time.perf_counter()

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
        """Take t1 after the refresh that follows; t0 is `started_at` (the last key event, or
        what the caller set, e.g. the moment before the app was made), else `entered`."""
        start = self.started_at if self.started_at is not None else entered
        handler = time.perf_counter() - entered
        phase = self.phase
        self.started_at = None
        app: App[Any] = node.app
        deadline = time.perf_counter() + SETTLE_TIMEOUT

        def settled() -> None:
            if _busy(app) and time.perf_counter() < deadline:
                if app._batch_count or not app.screen.is_current:
                    # No refresh can happen yet (a batch update, a screen still being
                    # installed) and callbacks would run at once: look again shortly.
                    app.set_timer(0.001, settled)
                else:
                    app.screen.call_after_refresh(settled)
                return
            self.record(phase, Sample(time.perf_counter() - start, handler))

        node.call_after_refresh(settled)

    def record(self, phase: str, sample: Sample) -> None:
        self.samples.setdefault(phase, []).append(sample)
        self._recorded.set()

    async def next_sample(self, timeout: float = SAMPLE_TIMEOUT) -> None:
        """Wait until a sample is recorded since the last call (the press's refresh is done)."""
        await asyncio.wait_for(self._recorded.wait(), timeout)
        self._recorded.clear()

    def forget_pending(self) -> None:
        self._recorded.clear()
        self.started_at = None

    def totals(self, phase: str) -> list[float]:
        return [s.total for s in self.samples.get(phase, [])]

    def handlers(self, phase: str) -> list[float]:
        return [s.handler for s in self.samples.get(phase, [])]


def _busy(app: App[Any]) -> bool:
    """True while the screen has work queued that will change what is on it."""
    screen = app.screen
    if (
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
    ):
        return True
    pumps = [app, screen, *screen.walk_children()]
    return any(not pump._message_queue.empty() for pump in pumps)


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
