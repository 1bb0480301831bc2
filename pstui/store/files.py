"""The store file on disk: its identity, atomic writes, the writers' lock, the git folder.

Shared by the storage, the merge driver and the sync, so none of them imports another for a
file helper.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

TEMP_PREFIX = ".pstui-"
TEMP_SUFFIX = ".tmp"

Signature = tuple[int, int, int]  # (inode, mtime_ns, size): which file, as last seen


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


def _new_file_mode() -> int:
    mask = os.umask(0)  # the only way to read it; put back at once (at import: one thread)
    os.umask(mask)
    return 0o666 & ~mask


NEW_FILE_MODE = _new_file_mode()


def atomic_write_text(path: Path, text: str) -> Signature:
    """Write `text` so that a crash at any moment leaves the old file or the new, never a mix."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(
    path: Path, data: bytes | list[bytes | memoryview], *, durable: bool = True
) -> Signature:
    """Write `data` (or its pieces, in order) so that a crash at any moment leaves the old
    file or the new, never a mix; `durable` also waits until the disk holds it (fsync)."""
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in [data] if isinstance(data, bytes) else data:
                out.write(part)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        # mkstemp makes the file 0600: a new store gets the mode the umask gives any new file.
        os.chmod(temp, os.stat(path).st_mode & 0o777 if path.exists() else NEW_FILE_MODE)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    if durable:
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


STALE_TEMP_SECONDS = 120  # no write takes this long; a younger temp file may be in flight


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Temp files left by a killed writer: never a store, safe to drop once they are old
    enough that no living writer can still be about to rename them into place."""
    removed = []
    now = time.time()
    for temp in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if now - temp.stat().st_mtime >= STALE_TEMP_SECONDS:
                temp.unlink()
                removed.append(temp)
    return removed
