"""Keys are handled one at a time, in the order they were typed (#21).

A terminal hands the app a burst of keys at once (a fast typist, a paste of keystrokes,
`tmux send-keys`), and Textual routes each key when it takes it from the app's queue: to
the focused widget of the screen on top, *now*. But what a key does to that routing comes
later: a pushed screen is composed and focused after the keys already queued are routed,
`widget.focus()` waits its turn in the app's queue, and an Input's Enter reaches its
binding by bubbling up through the screen and the app while the keys behind it are typed
into the Input directly. So `n`, a title, Enter, `n`... lost keys, merged titles into one
card and dismissed the prompt twice.

`KeysInOrder` takes every key the terminal sends into a line of its own and hands the
next one to Textual only when everything the last one set off has been handled: every
message pump of the app and its screens idle and mounted. A key then goes exactly where
it would have gone had the user typed slowly. A handler that never settles (it should not
happen) holds the line for `KEY_WAIT_LIMIT` seconds at most. Idle is read from three
private attributes of Textual's MessagePump (`_is_mounted`, `_message_queue`,
`_next_callbacks`, as in Textual 8): tests/ui/test_key_bursts.py fails if they change.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Iterator
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

KEY_WAIT_LIMIT = 1.0  # seconds a key waits for the last one's effects, at most
QUIET_TURNS = 2  # turns of the event loop with nothing to handle anywhere: settled
BUSY_TURNS = 50  # turns given at once before polling
POLL_SECONDS = 0.002


class KeysInOrder(App[Any]):
    """An app whose keys are handled one after the other, each after the last settled."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keys_typed: deque[events.Key] = deque()
        self._key_let_through: events.Key | None = None
        self._key_feeder: asyncio.Task[None] | None = None

    async def on_event(self, event: events.Event) -> None:
        # A key from the terminal (or Pilot) has not been forwarded yet; one bubbling back
        # up from a widget has, and goes on as usual.
        if isinstance(event, events.Key) and not event.is_forwarded:
            if event is self._key_let_through:
                self._key_let_through = None
                await super().on_event(event)
                return
            self._keys_typed.append(event)
            if self._key_feeder is None:
                self._key_feeder = asyncio.create_task(self._feed_keys())
            return
        await super().on_event(event)

    async def _feed_keys(self) -> None:
        try:
            while self._keys_typed:
                # A screen closing under the scan: the key goes on unordered, as Textual
                # alone would have sent it.
                with contextlib.suppress(Exception):
                    await self._until_settled()
                event = self._keys_typed.popleft()
                self._key_let_through = event
                if not self.post_message(event):  # the app is closing
                    self._keys_typed.clear()
        finally:
            self._key_feeder = None

    async def _until_settled(self) -> None:
        """Wait until no message pump of the app or of a screen on its stack has anything
        left to handle, every one is mounted (a screen just pushed is composed and focused),
        and this held for `QUIET_TURNS` turns of the event loop (a handler that awaited
        resumes in between and may send more)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + KEY_WAIT_LIMIT
        quiet = turns = 0
        while quiet < QUIET_TURNS:
            if any(_busy(pump) for pump in self._key_pumps()):
                quiet = 0
                if loop.time() > deadline:
                    return
            else:
                quiet += 1
            turns += 1
            # The first turns let other tasks run at once; a longer wait (a handler waiting
            # on a thread) is polled without spinning.
            await asyncio.sleep(0 if turns < BUSY_TURNS else POLL_SECONDS)

    def _key_pumps(self) -> Iterator[MessagePump]:
        yield self
        for screen in self.screen_stack:
            yield from screen.walk_children(with_self=True)

    def _on_unmount(self) -> None:
        if self._key_feeder is not None:
            self._key_feeder.cancel()
        self._keys_typed.clear()


def _busy(pump: MessagePump) -> bool:
    """Whether `pump` has messages or callbacks waiting, or is not mounted yet."""
    return not pump._is_mounted or bool(pump._message_queue.qsize()) or bool(pump._next_callbacks)
