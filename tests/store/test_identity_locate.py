"""Who makes a change, and where the store is found."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from pstui.store.identity import current_user
from pstui.store.locate import STORE_NAME, find_store


@pytest.fixture
def clean_env(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_user_from_pstui_user_outside_git(clean_env, monkeypatch):
    monkeypatch.setenv("PSTUI_USER", "env-user")
    assert current_user(clean_env) == "env-user"


def test_user_falls_back_to_the_login_name(clean_env, monkeypatch):
    monkeypatch.delenv("PSTUI_USER", raising=False)
    monkeypatch.setattr("getpass.getuser", lambda: "login-name")
    assert current_user(clean_env) == "login-name"


@pytest.mark.git
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_user_name_wins(clean_env, monkeypatch):
    monkeypatch.setenv("PSTUI_USER", "env-user")
    repo = clean_env / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "config", "user.name", "Git Name"], check=True)
    assert current_user(repo) == "Git Name"


def test_find_store_walks_up(tmp_path):
    store = tmp_path / STORE_NAME
    store.write_text("{}")
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_store(deep) == store.resolve()
    assert find_store(tmp_path) == store.resolve()


def test_find_store_takes_the_nearest(tmp_path):
    (tmp_path / STORE_NAME).write_text("{}")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / STORE_NAME).write_text("{}")
    assert find_store(inner / ".") == (inner / STORE_NAME).resolve()


def test_find_store_ignores_a_folder_named_like_the_store(tmp_path):
    (tmp_path / "x" / STORE_NAME).mkdir(parents=True)
    assert find_store(tmp_path / "x") is None
