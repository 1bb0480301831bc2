"""The storage behind pstui.json: atomic writes, never held open, refuses to clobber changes."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import threading
import time
from pathlib import Path

import pytest

from pstui.store import files as files_mod
from pstui.store.errors import (
    BadStoreFile,
    NewerSchema,
    ReadOnlyStore,
    StoreChanged,
    StoreWriteError,
)
from pstui.store.files import (
    STALE_TEMP_SECONDS,
    atomic_write_text,
    file_signature,
    lock_path_for,
    remove_stale_temp_files,
)
from pstui.store.repository import Repository, new_store_data
from pstui.store.schema import SCHEMA_VERSION
from pstui.store.storage import PstuiStorage
from pstui.store.templates import load_template


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "pstui.json"
    Repository.create(path, "Board", load_template("simple").workflow, who="tester")
    return path


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".pstui-*.tmp"))


def with_card(data: dict, title: str = "new") -> dict:
    board_id = next(iter(data["boards"]))
    cards = dict(data["cards"])
    cards["01KZZZZZZZZZZZZZZZZZZZZZZZ"] = {
        "board": board_id,
        "title": title,
        "stage": "todo",
        "rank": "i",
        "created_at": "2026-11-22T09:00:00+00:00",
        "updated_at": "2026-11-22T09:00:00+00:00",
    }
    return {**data, "cards": cards}


# ----- atomic writes ------------------------------------------------------------------------------


def test_atomic_write_text_writes_and_returns_the_new_signature(tmp_path):
    path = tmp_path / "f.json"
    signature = atomic_write_text(path, "hello 中文\n")
    assert path.read_bytes() == "hello 中文\n".encode()
    assert signature == file_signature(path)
    assert temp_files(tmp_path) == []


def test_atomic_write_text_replaces_the_inode_and_keeps_the_mode(tmp_path):
    path = tmp_path / "f.json"
    path.write_text("old\n")
    os.chmod(path, 0o640)
    inode = os.stat(path).st_ino
    atomic_write_text(path, "new\n")
    assert path.read_text() == "new\n"
    assert os.stat(path).st_ino != inode
    assert os.stat(path).st_mode & 0o777 == 0o640


def test_failure_before_replace_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "f.json"
    path.write_bytes(b'{"old": 1}\n')

    def boom(src, dst):
        assert Path(src).exists()  # the temp file was fully written before the replace
        raise OSError(errno.EIO, "injected")

    monkeypatch.setattr(files_mod.os, "replace", boom)
    with pytest.raises(OSError, match="injected"):
        atomic_write_text(path, '{"new": 2}\n')
    assert path.read_bytes() == b'{"old": 1}\n'
    assert temp_files(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.json"]


def test_interrupt_before_replace_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "f.json"
    path.write_bytes(b"old\n")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(files_mod.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(path, "new\n")
    assert path.read_bytes() == b"old\n"
    assert temp_files(tmp_path) == []


def test_storage_write_failure_before_replace_keeps_store_and_raises_store_write_error(
    store, monkeypatch
):
    before = store.read_bytes()
    storage = PstuiStorage(store)

    def boom(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(files_mod.os, "replace", boom)
    with pytest.raises(StoreWriteError) as err:
        storage.write(with_card(storage.read()))
    assert "unchanged" in str(err.value)
    assert store.read_bytes() == before
    assert temp_files(store.parent) == []


# ----- the file changed on disk -------------------------------------------------------------------


def test_write_after_the_file_was_replaced_raises_store_changed(store):
    storage = PstuiStorage(store)
    data = storage.read()
    other = store.with_name("incoming.json")
    other.write_bytes(store.read_bytes())  # same bytes, new inode: what a git pull does
    os.replace(other, store)
    replaced = store.read_bytes()
    inode = os.stat(store).st_ino
    assert storage.changed_on_disk()
    with pytest.raises(StoreChanged):
        storage.write(with_card(data))
    assert store.read_bytes() == replaced
    assert os.stat(store).st_ino == inode
    assert temp_files(store.parent) == []


def test_write_after_the_file_was_appended_to_raises_store_changed(store):
    storage = PstuiStorage(store)
    data = storage.read()
    with open(store, "a", encoding="utf-8") as handle:
        handle.write("\n")
    appended = store.read_bytes()
    with pytest.raises(StoreChanged):
        storage.write(with_card(data))
    assert store.read_bytes() == appended


def test_after_a_change_on_disk_a_repository_reloads_and_writes_on_top(store):
    repo = Repository(store, who="tester")
    other = PstuiStorage(store)
    other.write(with_card(other.read(), "from the other writer"))
    assert repo.changed_on_disk()
    assert repo.reload()  # truthy: the file had changed
    assert not repo.reload()  # nothing new since
    assert repo.cards.get("01KZZZZZZZZZZZZZZZZZZZZZZZ").title == "from the other writer"
    repo.cards.add(repo.boards.all()[0].id, "mine")
    titles = sorted(c["title"] for c in json.loads(store.read_text())["cards"].values())
    assert titles == ["from the other writer", "mine"]


def test_own_writes_do_not_count_as_changes_on_disk(store):
    storage = PstuiStorage(store)
    storage.write(with_card(storage.read()))
    assert not storage.changed_on_disk()
    storage.write(storage.read())  # a second write needs no reload


def test_deleted_store_is_reported(store):
    repo = Repository(store, who="tester")
    store.unlink()
    with pytest.raises(BadStoreFile, match="gone"):
        repo.reload()


# ----- never held open ----------------------------------------------------------------------------


def open_paths() -> list[str]:
    out = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            out.append(os.readlink(f"/proc/self/fd/{fd}"))
    return out


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_the_store_file_is_never_held_open(store):
    repo = Repository(store, who="tester")
    assert str(store) not in open_paths()
    repo.cards.add(repo.boards.all()[0].id, "one")
    assert str(store) not in open_paths()
    assert not any(p.endswith("pstui.json") for p in open_paths())


def test_a_replaced_file_is_read_fresh(store):
    """A pull replaces the file (new inode); the next reload sees the new content."""
    repo = Repository(store, who="tester")
    other = Repository(store, who="other")
    other.cards.add(other.boards.all()[0].id, "pulled card")
    assert repo.reload()
    assert [c.title for c in repo.cards.on_board(repo.boards.all()[0].id)] == ["pulled card"]


# ----- schema -------------------------------------------------------------------------------------


def rewrite_meta(path: Path, **fields) -> bytes:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["meta"]["pstui"].update(fields)
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def test_newer_schema_is_refused_and_the_file_untouched(store):
    before = rewrite_meta(store, schema=SCHEMA_VERSION + 1)
    with pytest.raises(NewerSchema) as err:
        Repository(store, who="tester")
    assert str(store) in str(err.value)
    assert f"schema {SCHEMA_VERSION + 1}" in str(err.value)
    assert "upgrade" in str(err.value).lower()
    assert store.read_bytes() == before


def test_current_schema_version_is_written_on_create(store):
    assert json.loads(store.read_text())["meta"]["pstui"]["schema"] == SCHEMA_VERSION


def test_non_numeric_schema_is_a_bad_store(store):
    before = rewrite_meta(store, schema="1")
    with pytest.raises(BadStoreFile, match="schema"):
        PstuiStorage(store)
    assert store.read_bytes() == before


def test_missing_meta_is_a_bad_store(tmp_path):
    path = tmp_path / "pstui.json"
    path.write_text('{"cards": {}}\n')
    with pytest.raises(BadStoreFile, match="not a pstui store"):
        PstuiStorage(path)
    assert path.read_text() == '{"cards": {}}\n'


def test_conflict_markers_refuse_to_open_and_the_file_untouched(store):
    lines = store.read_text().splitlines(keepends=True)
    lines[2:2] = ["<<<<<<< ours\n", "=======\n", ">>>>>>> theirs\n"]
    store.write_text("".join(lines))
    before = store.read_bytes()
    with pytest.raises(BadStoreFile, match=r"line 3: .*pstui resolve"):
        Repository(store, who="tester")
    assert store.read_bytes() == before


# ----- read-only, disk full -----------------------------------------------------------------------


def deny_write_access(monkeypatch, folder: Path) -> None:
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and str(path).startswith(str(folder)):
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(files_mod.os, "access", access)


def test_read_only_store_opens_read_only_and_refuses_writes(store, monkeypatch):
    deny_write_access(monkeypatch, store.parent)
    before = store.read_bytes()
    repo = Repository(store, who="tester")
    assert repo.read_only is True
    board = repo.boards.all()[0]
    with pytest.raises(ReadOnlyStore) as err:
        repo.cards.add(board.id, "cannot be saved")
    assert str(store) in str(err.value)
    assert store.read_bytes() == before
    assert repo.cards.count() == 0
    assert temp_files(store.parent) == []


def test_writable_store_is_not_read_only(store):
    assert Repository(store, who="tester").read_only is False


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_chmod_read_only_store(store):
    os.chmod(store, 0o444)
    os.chmod(store.parent, 0o555)
    try:
        repo = Repository(store, who="tester")
        assert repo.read_only
        with pytest.raises(ReadOnlyStore):
            repo.cards.add(repo.boards.all()[0].id, "x")
    finally:
        os.chmod(store.parent, 0o755)
        os.chmod(store, 0o644)


def test_permission_denied_while_writing_is_a_read_only_error(store, monkeypatch):
    repo = Repository(store, who="tester")
    before = store.read_bytes()

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files_mod.tempfile, "mkstemp", denied)
    with pytest.raises(ReadOnlyStore, match="Permission denied"):
        repo.cards.add(repo.boards.all()[0].id, "x")
    assert store.read_bytes() == before


def test_disk_full_raises_store_write_error_and_keeps_the_old_file(store, monkeypatch):
    repo = Repository(store, who="tester")
    board = repo.boards.all()[0]
    repo.cards.add(board.id, "saved before the disk filled")
    before = store.read_bytes()
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files_mod.os, "fsync", full)
    with pytest.raises(StoreWriteError) as err:
        repo.cards.add(board.id, "lost to a full disk")
    assert "No space left on device" in str(err.value)
    assert str(store) in str(err.value)
    assert store.read_bytes() == before
    assert temp_files(store.parent) == []
    # Space freed: the next write works.
    monkeypatch.setattr(files_mod.os, "fsync", real_fsync)
    repo.cards.add(board.id, "after")
    titles = {c["title"] for c in json.loads(store.read_text())["cards"].values()}
    assert {"after", "saved before the disk filled"} <= titles


# ----- temp files and the lock --------------------------------------------------------------------


def test_stale_temp_files_are_removed_when_a_repository_opens(store):
    hour_ago = time.time() - 3600
    stale = [store.parent / ".pstui-abc123.tmp", store.parent / ".pstui-zz.tmp"]
    for path in stale:
        path.write_text("{half a store")
        os.utime(path, (hour_ago, hour_ago))
    keep = [store.parent / "notes.tmp", store.parent / ".pstui-notes.txt", store.parent / "x.json"]
    for path in keep:
        path.write_text("keep me")
    Repository(store, who="tester")
    assert temp_files(store.parent) == []
    assert all(p.read_text() == "keep me" for p in keep)


def test_remove_stale_temp_files_reports_what_it_removed(tmp_path):
    old, young = tmp_path / ".pstui-1.tmp", tmp_path / ".pstui-2.tmp"
    old.write_text("x")
    young.write_text("y")
    long_ago = time.time() - STALE_TEMP_SECONDS - 1
    os.utime(old, (long_ago, long_ago))
    removed = remove_stale_temp_files(tmp_path)
    assert [p.name for p in removed] == [".pstui-1.tmp"]
    assert young.exists()  # may belong to a writer still at work
    assert remove_stale_temp_files(tmp_path) == []


def test_opening_a_store_does_not_break_a_write_in_flight(store, monkeypatch):
    writer = Repository(store, who="writer")
    board = writer.boards.all()[0]
    real_fsync = os.fsync
    threads: list[threading.Thread] = []

    def fsync_then_someone_opens(fd):
        # First fsync of the write: the temp file exists and is not yet renamed.
        if temp_files(store.parent) and not threads:
            thread = threading.Thread(target=Repository, args=(store, "newcomer"), daemon=True)
            threads.append(thread)
            thread.start()
            thread.join(timeout=0.5)  # behind a lock it waits for us; without one it runs now
        return real_fsync(fd)

    monkeypatch.setattr(files_mod.os, "fsync", fsync_then_someone_opens)
    writer.cards.add(board.id, "saved while a teammate starts pstui")
    monkeypatch.setattr(files_mod.os, "fsync", real_fsync)
    threads[0].join(timeout=5)
    titles = [c["title"] for c in json.loads(store.read_text())["cards"].values()]
    assert titles == ["saved while a teammate starts pstui"]


def test_lock_file_beside_the_store_outside_git(tmp_path):
    assert lock_path_for(tmp_path / "pstui.json") == tmp_path / ".pstui.json.lock"


def test_lock_file_in_the_git_directory(tmp_path):
    (tmp_path / ".git").mkdir()
    sub = tmp_path / "sub"
    sub.mkdir()
    assert lock_path_for(sub / "pstui.json") == tmp_path / ".git" / "pstui.lock"


def test_lock_file_in_a_worktree_git_directory(tmp_path):
    real = tmp_path / "main" / ".git" / "worktrees" / "wt"
    real.mkdir(parents=True)
    tree = tmp_path / "wt"
    tree.mkdir()
    (tree / ".git").write_text(f"gitdir: {real}\n")
    assert lock_path_for(tree / "pstui.json") == real / "pstui.lock"


def test_create_refuses_to_overwrite(store):
    before = store.read_bytes()
    with pytest.raises(FileExistsError):
        PstuiStorage.create(store, new_store_data("Other", load_template("simple").workflow, "x"))
    assert store.read_bytes() == before
