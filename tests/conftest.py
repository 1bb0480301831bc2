"""Fixtures every test shares: the interface language, a working folder, and the `pstui` command."""

import os
from pathlib import Path

import pytest

from pstui import i18n
from pstui.cli import main

# The suite reads English whatever the locale of the machine running it; the Chinese tests ask
# for Chinese (the `chinese` fixture, or `language = "zh"` in a config). Commands the tests run
# in other processes inherit this.
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"


@pytest.fixture(autouse=True)
def english_interface():
    """Every test starts, and leaves the process, with the English interface."""
    i18n.set_language(i18n.ENGLISH)
    yield
    i18n.set_language(i18n.ENGLISH)


@pytest.fixture
def chinese() -> None:
    """The Chinese interface for this test."""
    i18n.set_language(i18n.CHINESE)


@pytest.fixture
def work(tmp_path, monkeypatch, request) -> Path:
    """A working folder outside any git repo, with git's own config out of the way."""
    home = tmp_path / "home"
    home.mkdir()
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("PSTUI_USER", getattr(request.module, "USER", "tester"))
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_CONFIG", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(folder)
    return folder


class Cli:
    def __init__(self, capsys) -> None:
        self.capsys = capsys

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(list(argv))
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *argv: str) -> str:
        code, out, err = self(*argv)
        assert code == 0, err
        return out

    def fails(self, store: Path, *argv: str) -> str:
        """Run a command that must fail with one line on stderr and leave the file alone."""
        before = store.read_bytes()
        code, out, err = self(*argv)
        assert code == 1, (code, out, err)
        assert out == ""
        assert err.startswith("pstui: ") and err.count("\n") == 1, err
        assert "Traceback" not in err
        assert store.read_bytes() == before
        return err


@pytest.fixture
def cli(work, capsys) -> Cli:
    return Cli(capsys)
