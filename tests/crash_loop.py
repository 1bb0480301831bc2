"""The crash loop of #21: the real app in a pseudo-terminal, killed at random moments.

Each round starts `pstui` on Alice's clone of a shared git repository, in a pty of 120x40,
and types edits as she would: a new card (`n`, a title, Enter), a checklist tick (Enter,
space, Escape), a move on through the gate (`L`, and `g` with a reason when a must item
is open) or back (`H`). Each key burst is followed by reading the screen until it is
quiet; an edit counts as shown once the screen draws it, and is noted. Then the app is
killed with SIGKILL at a random moment: while it opens, part way through a burst, the
instant the screen first draws an edit (its write to the store may not have begun: the
journal must bring it back), or idle. An edit the screen had drawn when the app died
counts as shown; one typed in full but not drawn may be kept or not.

Between rounds (and in some rounds while the app runs, as a pull in another pane), Bob,
in his own clone, adds and moves cards with the `pstui` CLI and syncs (commit, pull,
push); Alice's clone syncs with the merge driver in force. The killed app's journal is
replayed by opening the store as the app does, or by starting the app again (sometimes
killing that one too). Then `pstui check` passes on the store, every edit shown before
the kill is in it, and so is every change Bob made. At the end both clones sync and must
hold the same bytes.

By hand: `.venv/bin/python tests/crash_loop.py --rounds 100` (it stops at the first round
that finds something wrong, and keeps the clones). The seed of every choice (which edits,
when to kill) is printed; `--seed N` makes the same choices again, though the app's timing,
and so the exact race, is never quite the same. `--filler N` puts N cards on a second
board, so that writes take longer. tests/test_crash_loop.py runs a short form.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import fcntl
import json
import os
import random
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pstui.store.repository import Repository
from pstui.store.templates import load_template

WIDTH, HEIGHT = 120, 40  # the simple board's three columns side by side, 40 cells each
QUIET_SECONDS = 0.25  # no output for this long: the app has drawn what the keys did
SHOWN_WITHIN = 20.0  # seconds an edit may take to show, on a machine others share
STARTED_WITHIN = 30.0
GIT_SECONDS = 120.0
# The `simple` template: its stages in board order and each one's checklist item
# (criterion id, the text the card detail shows).
STAGES = ("todo", "doing", "done")
ITEMS = {"todo": ("ready", "Clear enough to start"), "doing": ("finished", "Work finished")}
ESCAPE = b"\x1b"
JOURNALS = "pstui-journal-*.jsonl"  # a killed app's journal, in the clone's .git


class LoopFailure(Exception):
    """The loop cannot go on: a command failed, or the app never drew what it should."""


# ----- the screen ---------------------------------------------------------------------------


class Terminal:
    """Just enough of a VT100 to read what Textual draws: cursor moves, text and erases
    (Textual positions every run of text it writes, and turns off line wrapping)."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.rows = [[" "] * width for _ in range(height)]
        self.x = self.y = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""  # an escape sequence cut off at the end of the last read

    def lines(self) -> list[str]:
        return ["".join(row) for row in self.rows]

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines())

    def feed(self, data: bytes) -> None:
        text = self._pending + self._decoder.decode(data)
        self._pending = ""
        i = 0
        while i < len(text):
            char = text[i]
            if char == "\x1b":
                end = _sequence_end(text, i)
                if end is None:
                    self._pending = text[i:]
                    return
                self._escape(text[i:end])
                i = end
                continue
            if char == "\r":
                self.x = 0
            elif char == "\n":
                self.y = min(self.y + 1, self.height - 1)
            elif char == "\b":
                self.x = max(self.x - 1, 0)
            elif char >= " ":
                self._put(char)
            i += 1

    def _put(self, char: str) -> None:
        if unicodedata.combining(char):
            return
        wide = unicodedata.east_asian_width(char) in "WF"
        x = min(self.x, self.width - 1)  # wrapping is off: the last cell is overwritten
        self.rows[self.y][x] = char
        if wide and x + 1 < self.width:
            self.rows[self.y][x + 1] = ""
        self.x = x + (2 if wide else 1)

    def _escape(self, sequence: str) -> None:
        if not sequence.startswith("\x1b[") or sequence[2:3] in ("?", ">", "<", "="):
            if sequence.startswith("\x1b[?1049"):  # the alternate screen: a blank one
                self._clear(0, self.height)
            return
        final, params = sequence[-1], sequence[2:-1]
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")]
        first = numbers[0] or 1
        if final in "Hf":
            column = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.y = min(max(first, 1), self.height) - 1
            self.x = min(max(column, 1), self.width) - 1
        elif final == "J":
            if numbers[0] == 0:
                self._erase_line(self.x, self.width)
                self._clear(self.y + 1, self.height)
            else:
                self._clear(0, self.height)
        elif final == "K":
            start, end = {0: (self.x, self.width), 1: (0, self.x + 1)}.get(
                numbers[0], (0, self.width)
            )
            self._erase_line(start, end)
        elif final in "ABCDGd":
            self._move(final, first)

    def _move(self, final: str, count: int) -> None:
        if final == "A":
            self.y = max(self.y - count, 0)
        elif final == "B":
            self.y = min(self.y + count, self.height - 1)
        elif final == "C":
            self.x = min(self.x + count, self.width - 1)
        elif final == "D":
            self.x = max(self.x - count, 0)
        elif final == "G":
            self.x = min(count, self.width) - 1
        else:
            self.y = min(count, self.height) - 1

    def _erase_line(self, start: int, end: int) -> None:
        self.rows[self.y][start:end] = [" "] * (end - start)

    def _clear(self, first: int, last: int) -> None:
        for y in range(first, last):
            self.rows[y] = [" "] * self.width


def _sequence_end(text: str, start: int) -> int | None:
    """Where the escape sequence at `start` ends; None when the text stops inside it."""
    if start + 1 >= len(text):
        return None
    kind = text[start + 1]
    if kind == "[":  # CSI: parameters, then one final byte in @..~
        for i in range(start + 2, len(text)):
            if "@" <= text[i] <= "~":
                return i + 1
        return None
    if kind == "]":  # OSC: ends at BEL or ESC \
        for i in range(start + 2, len(text)):
            if text[i] == "\x07":
                return i + 1
            if text[i] == "\x1b" and i + 1 < len(text):
                return i + 2
        return None
    if kind in "()":  # a character set: one more character
        return start + 3 if start + 2 < len(text) else None
    return start + 2


# What the board and the card detail draw (see pstui/ui/widgets/card_column.py and
# pstui/ui/screens/card_detail.py): a card's first line in a column is its frame, a space,
# its short id, a space and its title.


def board_columns(terminal: Terminal) -> list[int]:
    """Where each column of the board starts: its top-left corner on the second row."""
    return [m.start() for m in re.finditer("╭", terminal.lines()[1])]


def card_column(terminal: Terminal, title: str) -> int | None:
    """The index of the column the board draws the card titled `title` in, if it does."""
    starts = board_columns(terminal)
    pattern = re.compile(r"│ [0-9A-Z]{4,} " + re.escape(title) + " ")
    for line in terminal.lines()[2:-1]:
        for match in pattern.finditer(line):
            if match.start() in starts:
                return starts.index(match.start())
    return None


def board_shows(title: str, stage: str) -> Callable[[Terminal], bool]:
    return lambda terminal: card_column(terminal, title) == STAGES.index(stage)


def detail_shows(title: str, stage: str, done: bool) -> Callable[[Terminal], bool]:
    """The card detail of `title` is open and draws its `stage` item ticked (or not)."""
    heading = re.compile(r"^\s+[0-9A-Z]{4,}\s+" + re.escape(title) + r"\s*$")
    item = re.compile(r"\[" + ("x" if done else " ") + r"\]\s+\w+\s+" + ITEMS[stage][1])

    def shown(terminal: Terminal) -> bool:
        lines = terminal.lines()
        return bool(heading.match(lines[0])) and any(item.search(line) for line in lines)

    return shown


def board_is_up(terminal: Terminal) -> bool:
    """The board has drawn its bar and its three columns."""
    return " pstui " in terminal.lines()[0] and len(board_columns(terminal)) == len(STAGES)


# ----- the app in a pty ---------------------------------------------------------------------


class AppInPty:
    """`pstui`, started on the store of `folder` in a pseudo-terminal: keys in, screen out."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pstui"],
            cwd=folder,
            env=env,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.terminal = Terminal(WIDTH, HEIGHT)

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def read(self, timeout: float) -> bool:
        """Take what the app wrote within `timeout` seconds; False when nothing came."""
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the app is gone and everything it wrote was read
            time.sleep(min(timeout, QUIET_SECONDS))
            return False
        self.terminal.feed(data)
        return bool(data)

    def pump(self, seconds: float) -> None:
        """Keep reading (a pty that fills up would stall the app) for `seconds`."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self.read(left)

    def wait_for(self, shown: Callable[[Terminal], bool], within: float = SHOWN_WITHIN) -> bool:
        """Read until the screen is quiet and draws what `shown` looks for."""
        deadline = time.monotonic() + within
        while (left := deadline - time.monotonic()) > 0:
            if not self.read(min(QUIET_SECONDS, left)):
                if shown(self.terminal):
                    return True
                if self.process.poll() is not None:
                    return False
        return False

    def read_until(self, shown: Callable[[Terminal], bool], within: float = SHOWN_WITHIN) -> bool:
        """Read until the screen draws what `shown` looks for, not a moment longer."""
        deadline = time.monotonic() + within
        while (left := deadline - time.monotonic()) > 0 and self.process.poll() is None:
            if self.read(min(QUIET_SECONDS, left)) and shown(self.terminal):
                return True
        return False

    def kill(self) -> None:
        """SIGKILL, then read what the app had written before it died."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        while self.read(0.05):
            pass
        os.close(self.master)

    def quit(self) -> int:
        """`q`, as a user leaves; the app's exit status."""
        self.send(b"q")
        deadline = time.monotonic() + SHOWN_WITHIN
        while self.process.poll() is None and time.monotonic() < deadline:
            self.read(0.1)
        if self.process.poll() is None:
            self.kill()
            raise LoopFailure("the app did not quit on q")
        while self.read(0.05):
            pass
        os.close(self.master)
        return self.process.returncode


# ----- the team -------------------------------------------------------------------------------


@dataclass
class Expected:
    """What a card must hold in the store: what the screen showed, or what Bob did.

    An edit typed as the app died but not drawn may be in the store or not: its card is
    then `unsure` until the round's check, which takes what the store holds."""

    stage: str
    ticks: dict[str, bool] = field(default_factory=dict)  # stage -> its item done, as shown
    notes: list[str] = field(default_factory=list)  # reasons of gate decisions, as shown
    unsure: Unsure | None = None


@dataclass
class Unsure:
    """The edit typed as the app died, not drawn: any of these may be in the store."""

    added: bool = False  # the card itself
    stage: str | None = None  # the stage it was moving to
    tick: str | None = None  # the stage whose item was being ticked or unticked


def private_env(folder: Path) -> dict[str, str]:
    """An environment that reads nothing of the machine's user: home, git and pstui config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PSTUI_"))}
    for name in ("NO_COLOR", "XDG_CONFIG_HOME", "TEXTUAL"):
        env.pop(name, None)
    home = folder / "home"
    home.mkdir(exist_ok=True)
    gitconfig = folder / "gitconfig"
    gitconfig.write_text(
        "[user]\n\temail = team@example.com\n[init]\n\tdefaultBranch = main\n", encoding="utf-8"
    )
    return env | {
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": str(gitconfig),
        "GIT_CONFIG_NOSYSTEM": "1",
        "PSTUI_CONFIG": str(folder / "config.toml"),
        "TERM": "xterm-256color",
        "LC_ALL": "C.UTF-8",
    }


class Team:
    """A bare origin, Alice's clone (where the app runs) and Bob's (where the CLI runs)."""

    def __init__(self, folder: Path, filler: int = 0) -> None:
        self.folder = folder
        self.env = private_env(folder)
        origin = folder / "origin.git"
        self.alice, self.bob = folder / "alice", folder / "bob"
        self.run(folder, "git", "init", "--quiet", "--bare", str(origin))
        self.run(folder, "git", "clone", "--quiet", str(origin), str(self.alice))
        self.run(self.alice, "git", "config", "user.name", "Alice")
        self.pstui(self.alice, "init", "--template", "simple")
        if filler:
            add_filler(self.store, filler)
        self.pstui(self.alice, "sync")
        self.run(folder, "git", "clone", "--quiet", str(origin), str(self.bob))
        self.run(self.bob, "git", "config", "user.name", "Bob")
        self.pstui(self.bob, "doctor", "--fix")  # git config is not cloned: the merge driver

    @property
    def store(self) -> Path:
        return self.alice / "pstui.json"

    def run(self, cwd: Path, *command: str) -> str:
        done = subprocess.run(
            command,
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=GIT_SECONDS,
        )
        if done.returncode != 0:
            said = (done.stdout + done.stderr).strip()
            raise LoopFailure(f"`{' '.join(command)}` in {cwd.name} failed:\n{said}")
        return done.stdout

    def pstui(self, cwd: Path, *args: str) -> str:
        return self.run(cwd, sys.executable, "-m", "pstui", *args)

    def pstui_beside(self, app: AppInPty, cwd: Path, *args: str) -> None:
        """A command run while the app is up, reading the app's screen meanwhile."""
        command = [sys.executable, "-m", "pstui", *args]
        with subprocess.Popen(
            command,
            cwd=cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ) as process:
            deadline = time.monotonic() + GIT_SECONDS
            while process.poll() is None and time.monotonic() < deadline:
                app.read(0.05)
            if process.poll() is None:
                process.kill()
            said = process.stdout.read() if process.stdout else ""
        if process.returncode != 0:
            raise LoopFailure(f"`pstui {' '.join(args)}` in {cwd.name} failed:\n{said}")

    def start_app(self) -> AppInPty:
        return AppInPty(self.alice, self.env)


def add_filler(store: Path, cards: int) -> None:
    """A second board of `cards` cards that nobody looks at: a bigger store takes longer to
    write, so a kill more often lands between an edit shown and its write."""
    repo = Repository(store, who="Alice", background=True)
    board = repo.boards.add("Filler", load_template("simple").workflow)
    for n in range(cards):
        repo.cards.add(board.id, f"filler {n}")
    repo.close()


# ----- one round ------------------------------------------------------------------------------


@dataclass
class Step:
    """One key burst: what it types, what the screen draws once it took effect, and the
    edit to note then (None for a key that changes nothing in the store)."""

    what: str
    keys: bytes
    shown: Callable[[Terminal], bool]
    note: Callable[[], None] | None = None
    unsure: Callable[[], None] | None = None  # typed as the app died, not drawn: note that


@dataclass
class Tally:
    """What the loop did, for the report."""

    rounds: int = 0
    edits_shown: int = 0
    drawn_as_killed: int = 0  # edits the screen drew in the moment the app died
    journaled: int = 0  # entries a killed app left in its journal, replayed
    undrawn: dict[str, int] = field(default_factory=dict)  # typed as it died: kept or not
    kills: dict[str, int] = field(default_factory=dict)  # when: at start, in a burst...
    teammate_changes: int = 0
    pulls_while_up: int = 0
    recoveries: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, table: dict[str, int], key: str) -> None:
        table[key] = table.get(key, 0) + 1


class AliceAtTheBoard:
    """Alice's edits in one round, chosen at random among those her card allows; each on
    the card the cursor is on, the last she added or moved (the teammate never touches a
    card of the running round, so what Alice saw is what must be kept)."""

    def __init__(self, ledger: dict[str, Expected], rng: random.Random, number: int) -> None:
        self.ledger = ledger
        self.rng = rng
        self.number = number
        self.added = 0
        self.current: str | None = None  # the card under the cursor
        self.column = "todo"  # the column with the cursor
        self.after: Step | None = None  # the key that must follow the last one (Escape)

    def next_step(self) -> Step:
        if self.after is not None:
            step, self.after = self.after, None
            return step
        if self.current is None:
            return self.add()
        card = self.ledger[self.current]
        choices: list[tuple[Callable[[], Step], float]] = [(self.add, 1.0)]
        if card.stage in ITEMS:
            choices.append((self.tick, 1.5))
        if card.stage != STAGES[-1]:
            choices.append((self.forward, 1.5))
        if card.stage != STAGES[0]:
            choices.append((self.back, 0.7))
        makers, weights = zip(*choices, strict=True)
        return self.rng.choices(makers, weights)[0]()

    def add(self) -> Step:
        self.added += 1
        title = f"A{self.number:03d}-{self.added}"
        stage = self.column

        def note() -> None:
            self.ledger[title] = Expected(stage)
            self.current = title

        def unsure() -> None:
            self.ledger[title] = Expected(stage, unsure=Unsure(added=True))

        keys = b"n" + title.encode() + b"\r"
        return Step(f"add {title}", keys, board_shows(title, stage), note, unsure)

    def tick(self) -> Step:
        title, card = self.current, self.ledger[self.current]
        stage = card.stage
        done = not card.ticks.get(stage, False)

        def note() -> None:
            card.ticks[stage] = done
            self.after = Step("back to the board", ESCAPE, board_shows(title, stage))

        def unsure() -> None:
            card.unsure = Unsure(tick=stage)

        what = f"{'tick' if done else 'untick'} {title} {stage}"
        return Step(what, b"\r ", detail_shows(title, stage, done), note, unsure)

    def forward(self) -> Step:
        title, card = self.current, self.ledger[self.current]
        to = STAGES[STAGES.index(card.stage) + 1]
        gated = card.stage == "doing" and not card.ticks.get("doing", False)
        reason = f"go {title}"
        keys = b"Lg" + reason.encode() + b"\r" if gated else b"L"

        def note() -> None:
            card.stage = self.column = to
            if gated:
                card.notes.append(reason)

        def unsure() -> None:
            card.unsure = Unsure(stage=to)

        what = f"move {title} on to {to}{' through the gate review' if gated else ''}"
        return Step(what, keys, board_shows(title, to), note, unsure)

    def back(self) -> Step:
        title, card = self.current, self.ledger[self.current]
        to = STAGES[STAGES.index(card.stage) - 1]

        def note() -> None:
            card.stage = self.column = to

        def unsure() -> None:
            card.unsure = Unsure(stage=to)

        return Step(f"move {title} back to {to}", b"H", board_shows(title, to), note, unsure)


class Round:
    """One round: Alice's session and its kill, Bob's turn, the sync, the replay, the checks."""

    def __init__(
        self, team: Team, ledger: dict[str, Expected], rng: random.Random, number: int, tally: Tally
    ) -> None:
        self.team, self.ledger, self.rng, self.number, self.tally = team, ledger, rng, number, tally
        self.said: list[str] = []

    def play(self) -> list[str]:
        """Play the round; what it found wrong (nothing, when all is kept)."""
        self.alice_until_killed()
        self.bob_turn("")
        self.settle_alice()
        problems = check_clone(self.team, self.team.alice, self.ledger)
        if not problems:
            self.take_unsure_edits()
        return problems

    def take_unsure_edits(self) -> None:
        """An edit typed as the app died but not drawn is kept or not; from now on the card
        must hold what the store holds (Bob may move it in a later round)."""
        store = read_cards(self.team.store)
        for title, want in list(self.ledger.items()):
            if want.unsure is None:
                continue
            found = store.get(title)
            kept = bool(found) and undrawn_kept(found[0], want)
            self.said.append(f"the undrawn edit of {title} was {'kept' if kept else 'not kept'}")
            self.tally.count(self.tally.undrawn, "kept" if kept else "not kept")
            if not found:
                del self.ledger[title]
                continue
            card, unsure = found[0], want.unsure
            want.unsure = None
            want.stage = card["stage"]
            if unsure.tick is not None:
                want.ticks[unsure.tick] = item_done(card, unsure.tick)[0]

    # Alice ---------------------------------------------------------------------------------

    def alice_until_killed(self) -> None:
        rng = self.rng
        alice = AliceAtTheBoard(self.ledger, rng, self.number)
        app = self.team.start_app()
        if rng.random() < 0.1:  # killed while it opens (and replays a journal, if any)
            app.pump(rng.uniform(0, 2.0))
            self.kill(app, "at start")
            return
        if not app.wait_for(board_is_up, STARTED_WITHIN):
            app.kill()
            raise LoopFailure(f"the board never showed; the screen:\n{app.terminal.text()}")
        steps = rng.randint(2, 9)
        kill_in = rng.randint(0, steps)  # `steps`: after the last, idle
        pull_before = rng.randint(1, steps) if rng.random() < 0.25 else None
        for n in range(steps):
            if n == pull_before and n <= kill_in:
                self.pull_while_up(app)
            step = alice.next_step()
            if n == kill_in:
                self.kill_in_burst(app, step)
                return
            app.send(step.keys)
            if not app.wait_for(step.shown):
                app.kill()
                raise LoopFailure(
                    f"{step.what}: not shown within {SHOWN_WITHIN:.0f} s; "
                    f"the screen:\n{app.terminal.text()}"
                )
            self.noted(step)
        app.pump(rng.choice([0.0, rng.uniform(0, 0.05), rng.uniform(0, 1.0)]))
        self.kill(app, "idle")

    def kill_in_burst(self, app: AppInPty, step: Step) -> None:
        """Kill the app in the middle of `step`: the moment the screen first draws its edit
        (its write to the store may not have begun), or after typing part of its keys (maybe
        none, maybe all) and waiting a moment."""
        rng = self.rng
        if step.note is not None and rng.random() < 0.4:
            app.send(step.keys)
            if not app.read_until(step.shown):
                app.kill()
                raise LoopFailure(f"{step.what}: never drawn; the screen:\n{app.terminal.text()}")
            self.kill(app, f"the moment it drew: {step.what}", step, typed_all=True)
            return
        cut = len(step.keys) if rng.random() < 0.5 else rng.randint(0, len(step.keys))
        app.send(step.keys[:cut])
        app.pump(rng.choice([0.0, rng.uniform(0, 0.02), rng.uniform(0, 0.1), rng.uniform(0, 0.4)]))
        what = f"in a burst: {step.what}, {cut} of {len(step.keys)} keys typed"
        self.kill(app, what, step, typed_all=cut == len(step.keys))

    def kill(
        self, app: AppInPty, when: str, pending: Step | None = None, *, typed_all: bool = False
    ) -> None:
        app.kill()
        self.tally.count(self.tally.kills, when.split(":")[0])
        self.said.append(f"killed {when}")
        if pending is None or pending.note is None:
            return
        # What the screen held when the app died was shown: it must be kept like the rest.
        if pending.shown(app.terminal):
            self.noted(pending)
            self.tally.drawn_as_killed += 1
            self.said[-1] += " (its edit was drawn)"
        elif pending.unsure is not None and typed_all:  # part of a burst edits nothing
            pending.unsure()

    def noted(self, step: Step) -> None:
        if step.note is not None:
            step.note()
            self.tally.edits_shown += 1

    def pull_while_up(self, app: AppInPty) -> None:
        """Bob pushes, and Alice syncs in another pane while her board is open."""
        self.bob_turn("m")
        self.team.pstui_beside(app, self.team.alice, "sync")
        self.tally.pulls_while_up += 1
        self.said.append("pulled while up")

    # Bob -----------------------------------------------------------------------------------

    def bob_turn(self, tag: str) -> None:
        """Bob pulls, adds a card, sometimes moves a card of an earlier round, and pushes."""
        team, rng = self.team, self.rng
        team.pstui(team.bob, "sync")
        title = f"B{self.number:03d}{tag}"
        stage = rng.choice(STAGES[:2])
        team.pstui(team.bob, "card", "add", title, "--stage", stage)
        self.ledger[title] = Expected(stage)
        changes = 1
        if rng.random() < 0.6 and self.bob_moves_one():
            changes += 1
        team.pstui(team.bob, "sync")
        self.tally.teammate_changes += changes

    def bob_moves_one(self) -> bool:
        """Move a card of an earlier round, Alice's or his own, one stage on or back."""
        team, rng = self.team, self.rng
        cards = json.loads(team.pstui(team.bob, "card", "list", "--format", "json"))
        seen = {c["title"]: c for c in cards}
        # Cards of this round are left alone: what Alice saw of hers is what must be kept.
        titles = sorted(t for t in seen if t in self.ledger and t[1:4] != f"{self.number:03d}")
        if not titles:
            return False
        title = rng.choice(titles)
        card = self.ledger[title]
        if seen[title]["stage"] != card.stage:
            raise LoopFailure(
                f"Bob's clone has {title} in {seen[title]['stage']}, not {card.stage}"
            )
        at = STAGES.index(card.stage)
        step = rng.choice([s for s in (-1, 1) if 0 <= at + s < len(STAGES)])
        to = STAGES[at + step]
        move = ["card", "move", seen[title]["id"], "--to", to]
        if step > 0:
            move += ["--decision", "go", "--reason", f"Bob moves {title}"]
        team.pstui(team.bob, *move)
        card.stage = to
        self.said.append(f"Bob moved {title} to {to}")
        return True

    # after the kill ------------------------------------------------------------------------

    def settle_alice(self) -> None:
        """Replay the killed app's journal and sync, in either order; a sync that came first
        is followed by another, so Bob's next turn sees everything Alice kept."""
        if self.rng.random() < 0.5:
            self.recover()
            self.team.pstui(self.team.alice, "sync")
        else:
            self.team.pstui(self.team.alice, "sync")
            self.recover()
            self.team.pstui(self.team.alice, "sync")

    def recover(self) -> None:
        """Replay the journal: by opening the store as the app does, or by starting the app
        (quitting it, or killing it again while it opens and replaying after that)."""
        how = self.rng.choice(["open", "app", "app killed"])
        self.tally.count(self.tally.recoveries, how)
        waiting = journal_entries(self.team.alice)
        self.tally.journaled += waiting
        if how != "open":
            app = self.team.start_app()
            if how == "app killed":
                app.pump(self.rng.uniform(0, 1.5))
                app.kill()
            elif not app.wait_for(board_is_up, STARTED_WITHIN):
                app.kill()
                raise LoopFailure(f"the board never showed; the screen:\n{app.terminal.text()}")
            elif (status := app.quit()) != 0:
                raise LoopFailure(f"the app quit with status {status}:\n{app.terminal.text()}")
        if how != "app":
            Repository(self.team.store, who="Alice").close()
        self.said.append(f"{waiting} journal entries replayed by {how}")


def journal_entries(clone: Path) -> int:
    """The entries of the journals a killed app left: changes it had shown, whether or not
    it had written them to the store yet (the entry goes once the write is done)."""
    journals = (clone / ".git").glob(JOURNALS)
    return sum(path.read_bytes().count(b"\n") for path in journals)


def check_clone(team: Team, clone: Path, ledger: dict[str, Expected]) -> list[str]:
    """Everything wrong with the store of `clone`: `pstui check`, a leftover journal, and
    every card of the ledger as it must be."""
    problems: list[str] = []
    try:
        team.pstui(clone, "check")
    except LoopFailure as failed:
        problems.append(str(failed))
    left = list((clone / ".git").glob(JOURNALS))
    if left:
        problems.append(f"journals left after the replay: {[p.name for p in left]}")
    by_title = read_cards(clone / "pstui.json")
    for title, want in ledger.items():
        found = by_title.get(title, [])
        if not found and want.unsure is not None and want.unsure.added:
            continue
        if len(found) != 1:
            problems.append(f"{clone.name}: {len(found)} cards titled {title}, not 1")
            continue
        problems += [f"{clone.name}: {title}: {p}" for p in card_problems(found[0], want)]
    return problems


def read_cards(store: Path) -> dict[str, list[dict]]:
    """The cards of a store file, by title."""
    by_title: dict[str, list[dict]] = {}
    for card in json.loads(store.read_text(encoding="utf-8"))["cards"].values():
        by_title.setdefault(card["title"], []).append(card)
    return by_title


def item_done(card: dict, stage: str) -> list[bool]:
    """Whether the item of `stage`'s gate criterion is done, for each such item (one)."""
    criterion = ITEMS[stage][0]
    items = card["checklists"].get(stage, [])
    return [item["done"] for item in items if item.get("criterion") == criterion]


def undrawn_kept(card: dict, want: Expected) -> bool:
    """Whether the store holds the edit typed as the app died, not drawn."""
    unsure = want.unsure
    assert unsure is not None
    if unsure.added:
        return True
    if unsure.stage is not None:
        return card["stage"] == unsure.stage
    assert unsure.tick is not None
    return item_done(card, unsure.tick) != [want.ticks.get(unsure.tick, False)]


def card_problems(card: dict, want: Expected) -> list[str]:
    """How the stored `card` differs from what was shown of it (or done by Bob)."""
    problems = []
    unsure = want.unsure or Unsure()
    if card["archived"]:
        problems.append("archived")
    if card["stage"] not in (want.stage, unsure.stage):
        problems.append(f"in {card['stage']}, shown in {want.stage}")
    for stage, done in want.ticks.items():
        either = [[done], [not done]] if unsure.tick == stage else [[done]]
        if item_done(card, stage) not in either:
            problems.append(f"{stage} item: {item_done(card, stage)}, shown {done}")
    notes = {d.get("note") for d in card["decisions"]}
    problems += [f"no decision {note!r}" for note in want.notes if note not in notes]
    return problems


# ----- the loop -------------------------------------------------------------------------------


def run_crash_loop(
    rounds: int, seed: int, folder: Path, say: Callable[[str], None] = print, filler: int = 0
) -> Tally:
    """Play `rounds` rounds in `folder`, on a store with `filler` cards more on a board of
    their own; stops at the first round that finds a problem."""
    started = time.monotonic()
    tally = Tally()
    rng = random.Random(seed)
    ledger: dict[str, Expected] = {}
    say(f"crash loop: {rounds} rounds, seed {seed}, {filler} filler cards, in {folder}")
    try:
        team = Team(folder, filler)
        for number in range(1, rounds + 1):
            play = Round(team, ledger, rng, number, tally)
            try:
                problems = play.play()
            except LoopFailure as failed:
                problems = [f"round {number}: {failed}"]
            tally.rounds = number
            say(f"round {number}: {'; '.join(play.said)}; {'LOST: ' if problems else 'ok'}")
            if problems:
                tally.problems += problems
                break
        else:
            tally.problems += both_clones_agree(team, ledger)
    except LoopFailure as failed:
        tally.problems.append(str(failed))
    tally.seconds = time.monotonic() - started
    for problem in tally.problems:
        say(f"PROBLEM: {problem}")
    say(summary(tally))
    return tally


def both_clones_agree(team: Team, ledger: dict[str, Expected]) -> list[str]:
    """Bob pulls what Alice pushed last: both clones hold the same bytes, and Bob's store
    keeps everything too."""
    team.pstui(team.bob, "sync")
    problems = check_clone(team, team.bob, ledger)
    if (team.bob / "pstui.json").read_bytes() != team.store.read_bytes():
        problems.append("the two clones hold different stores after syncing")
    return problems


def summary(tally: Tally) -> str:
    kills = ", ".join(f"{n} {when}" for when, n in sorted(tally.kills.items()))
    recoveries = ", ".join(f"{n} {how}" for how, n in sorted(tally.recoveries.items()))
    undrawn = ", ".join(f"{n} {what}" for what, n in sorted(tally.undrawn.items())) or "none"
    verdict = f"{len(tally.problems)} problem(s)" if tally.problems else "nothing lost"
    return (
        f"{tally.rounds} rounds in {tally.seconds:.0f} s: {tally.edits_shown} edits shown "
        f"({tally.drawn_as_killed} drawn as the app died), {tally.journaled} journal entries "
        f"replayed; kills: {kills}; edits typed as it died but not drawn: {undrawn}; "
        f"{tally.teammate_changes} teammate changes, {tally.pulls_while_up} pulls while up; "
        f"replays: {recoveries}; {verdict}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, help="replay the choices of an earlier run")
    parser.add_argument("--keep", type=Path, help="play in this folder, and keep it")
    parser.add_argument(
        "--filler", type=int, default=0, help="cards on a second board, to make writes slower"
    )
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pstui-crash-"))
    folder.mkdir(parents=True, exist_ok=True)
    tally = run_crash_loop(args.rounds, seed, folder, filler=args.filler)
    if tally.problems:
        print(f"the clones are kept in {folder}; replay with --seed {seed}")
        return 1
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
