"""The TinyDB storage behind `pstui.json`: atomic, deterministic, and never holding the file open.

TinyDB's JSONStorage keeps one handle for a whole session; a `git pull` that replaces the
file then leaves it reading and writing a deleted inode and records are silently lost. This
storage reads the path fresh, remembers the (inode, mtime_ns, size) it loaded, and before
every write checks the file is still that one: if not it raises StoreChanged and writes
nothing. Writes go to a temp file in the same folder, are fsynced, then os.replace'd, under a
lock file that serialises writers across processes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from pstui.store.errors import (
    BadStoreFile,
    NewerSchema,
    ReadOnlyStore,
    StoreChanged,
    StoreWriteError,
)
from pstui.store.serialize import RecordTextCache, dumps_store, loads_store

SCHEMA_VERSION = 1
TEMP_PREFIX = ".pstui-"
TEMP_SUFFIX = ".tmp"

Signature = tuple[int, int, int]


def file_signature(path: Path) -> Signature | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def git_dir_for(path: Path) -> Path | None:
    """The `.git` directory of the repository holding `path`, if any (worktrees included)."""
    for folder in [path.parent, *path.parent.parents]:
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():
            text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                return (folder / text.removeprefix("gitdir:").strip()).resolve()
    return None


def lock_path_for(store: Path) -> Path:
    git_dir = git_dir_for(store)
    if git_dir is not None and os.access(git_dir, os.W_OK):
        return git_dir / "pstui.lock"
    return store.with_name(f".{store.name}.lock")


@contextlib.contextmanager
def writer_lock(store: Path) -> Iterator[None]:
    """Serialise writers of one store across processes (advisory flock)."""
    with open(lock_path_for(store), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def atomic_write_text(path: Path, text: str) -> Signature:
    """Write `text` so that a crash at any moment leaves the old file or the new, never a mix."""
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temp, os.stat(path).st_mode & 0o777)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _fsync_dir(path.parent)
    signature = file_signature(path)
    assert signature is not None
    return signature


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Temp files left by a killed writer: never a store, safe to drop."""
    removed = []
    for temp in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            temp.unlink()
            removed.append(temp)
    return removed


def check_schema(path: Path, data: dict[str, dict[str, Any]]) -> None:
    meta = data.get("meta", {}).get("pstui")
    if meta is None:
        raise BadStoreFile(path, "no meta record: this file is not a pstui store")
    schema = meta.get("schema")
    if not isinstance(schema, int):
        raise BadStoreFile(path, f"meta.schema is {schema!r}, not a version number")
    if schema > SCHEMA_VERSION:
        raise NewerSchema(
            path,
            f"written by a newer pstui (schema {schema}, this pstui reads up to "
            f"{SCHEMA_VERSION}). Upgrade pstui: `pip install --upgrade pstui`.",
        )


def is_read_only(path: Path) -> bool:
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


class PstuiStorage(Storage):
    """TinyDB storage over `pstui.json`. Reads are served from the last load; `reload` rereads."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._cache = RecordTextCache()
        self._data: dict[str, dict[str, Any]] = {}
        self._signature: Signature | None = None
        self.read_only = False
        self.reload()

    def reload(self) -> bool:
        """Parse the file afresh if it changed on disk; True when it did."""
        signature = file_signature(self.path)
        if signature is not None and signature == self._signature:
            return False
        if signature is None:
            raise BadStoreFile(self.path, "the store file is gone")
        text = self.path.read_text(encoding="utf-8")
        data = loads_store(text, self.path)
        check_schema(self.path, data)
        self._data = data
        self._signature = signature
        self._cache.clear()
        self.read_only = is_read_only(self.path)
        return True

    def changed_on_disk(self) -> bool:
        return file_signature(self.path) != self._signature

    def read(self) -> dict[str, dict[str, Any]]:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.read_only:
            raise ReadOnlyStore(self.path, "the store is read-only here; changes are not saved")
        with writer_lock(self.path):
            if self.changed_on_disk():
                raise StoreChanged(
                    self.path, "the file changed on disk since it was loaded (a pull?)"
                )
            text = dumps_store(data, self._cache)
            try:
                self._signature = atomic_write_text(self.path, text)
            except PermissionError as err:
                raise ReadOnlyStore(self.path, f"cannot write: {err.strerror}") from None
            except OSError as err:
                raise StoreWriteError(
                    self.path, f"cannot write ({err.strerror}); the file on disk is unchanged"
                ) from None
        self._data = data

    @staticmethod
    def create(path: Path, data: dict[str, dict[str, Any]]) -> None:
        """Write a brand-new store; refuses to overwrite an existing file."""
        with writer_lock(path):
            if path.exists():
                raise FileExistsError(path)
            atomic_write_text(path, dumps_store(data))
