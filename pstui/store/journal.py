"""The write-ahead journal: an edit the user saw applied survives a kill -9.

The app applies a change in memory at once and writes the whole store later, off the UI
thread. Between the two, the change lives in this journal: one JSON line per change,
appended before the change is shown. The line is in the kernel when `append` returns, which
is all a kill -9 needs; the fsync, which only a power cut needs and which would stall the
UI thread while the store file is being written, is left to the writer thread (`sync`).
Each process has its own file (two pstui on one store must not truncate each other's
entries); a journal whose process is gone is replayed the next time the store is opened,
then removed.

Whether its process is gone is told by a lock, not by its pid: each journal holds an flock on
a lock file beside it for as long as it lives, and the kernel lets go of it when the process
dies however it dies. A pid says nothing once the process is a zombie or the pid is reused.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Record = dict[str, Any] | None
# (table, record id, record or None for a delete, the record before the change or None)
Entry = list[tuple[str, str, Record, Record]]

PREFIX = "pstui-journal-"
_numbers = itertools.count(1)  # two repositories in one process get two journals


def journal_folder(store: Path, git_dir: Path | None) -> Path:
    return git_dir if git_dir is not None else store.parent


def _store_key(store: Path) -> str:
    return str(store.resolve())


class Journal:
    """This process's journal for one store."""

    def __init__(self, folder: Path, store: Path) -> None:
        self.path = folder / f"{PREFIX}{os.getpid()}-{next(_numbers)}.jsonl"
        self._held = _hold(_lock_of(self.path))  # held until this journal closes or we die
        self._store = _store_key(store)
        self._lock = threading.Lock()
        self._seq = 0
        self._settled = 0
        self._unsynced = False

    def append(self, entry: Entry) -> int:
        """Record one change, safe from the process dying; returns its sequence number."""
        with self._lock:
            self._seq += 1
            line = json.dumps(
                {"seq": self._seq, "store": self._store, "records": entry},
                ensure_ascii=False,
                separators=(",", ":"),
            )
            with open(self.path, "a", encoding="utf-8") as out:
                out.write(line + "\n")
            self._unsynced = True
            return self._seq

    def sync(self) -> None:
        """Make the entries appended so far safe from a power cut too (fsync)."""
        with self._lock:
            if not self._unsynced:
                return
            self._unsynced = False
        # Outside the lock: an append meanwhile is not held up, and sets the flag again.
        with contextlib.suppress(FileNotFoundError), open(self.path, "rb") as journal:
            os.fsync(journal.fileno())

    @property
    def seq(self) -> int:
        return self._seq

    def settle(self, upto: int) -> None:
        """Changes up to `upto` are in the store file: drop them from the journal."""
        with self._lock:
            if upto <= self._settled:
                return
            self._settled = upto
            if upto >= self._seq:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.path)
                return
            kept = [line for line in _lines(self.path) if json.loads(line)["seq"] > upto]
            temp = self.path.with_suffix(".tmp")
            temp.write_text("".join(kept), encoding="utf-8")
            os.replace(temp, self.path)

    def close(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            if self._settled >= self._seq:
                os.unlink(self.path)
        if self._held is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(_lock_of(self.path))
            os.close(self._held)
            self._held = None


def _lock_of(journal: Path) -> Path:
    return journal.with_suffix(".lock")


def _hold(lock: Path) -> int | None:
    """An open lock file held with flock; None where locks cannot be had (the journal then
    counts as alive while its pid does, as before)."""
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _owner_alive(journal: Path) -> bool:
    """Whether the process that writes `journal` still lives: its lock is held. A journal
    with no lock file is an older pstui's, or one whose lock could not be made: its pid
    then tells, as well as it can."""
    lock = _lock_of(journal)
    if not lock.exists():
        pid = int(journal.name.removeprefix(PREFIX).split("-")[0])
        return pid == os.getpid() or _pid_alive(pid)
    held = _hold(lock)
    if held is None:
        return True
    os.close(held)  # free: the writer is gone (the lock file goes with its journal)
    return False


def _lines(path: Path) -> Iterator[str]:
    with contextlib.suppress(FileNotFoundError), open(path, encoding="utf-8") as source:
        for line in source:
            if line.endswith("\n"):  # a line cut by a crash mid-append was never shown
                yield line


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def orphaned_entries(folder: Path, store: Path) -> tuple[list[Entry], list[Path]]:
    """Entries for `store` left by processes that died before writing them to the store."""
    key = _store_key(store)
    entries: list[Entry] = []
    files: list[Path] = []
    for lock in folder.glob(f"{PREFIX}*.lock"):  # a killed process's, that never wrote
        if not lock.with_suffix(".jsonl").exists() and not _owner_alive(lock):
            lock.unlink(missing_ok=True)
    for path in sorted(folder.glob(f"{PREFIX}*.jsonl")):
        if _owner_alive(path):
            continue
        mine = []
        for line in _lines(path):
            try:
                raw = json.loads(line)
            except json.JSONDecodeError:
                continue
            if raw.get("store") == key:
                # Journals of an older pstui hold no record before the change.
                mine.append([(*r, None)[:4] for r in raw["records"]])
        if mine or not any(True for _ in _lines(path)):
            entries.extend(mine)
            files.append(path)
            if _lock_of(path).exists():
                files.append(_lock_of(path))
    return entries, files
