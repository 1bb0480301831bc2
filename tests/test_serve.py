"""`pstui serve`: its parser, the command it has textual-serve run, and the store opened for
viewing, which refuses every change in the commit core (whatever screen or command asks).

The app in a real browser is in tests/test_browser.py; the keys of each screen in
tests/ui/test_read_only.py.
"""

from __future__ import annotations

import json
import os
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pstui import cli, serve
from pstui.store.core import VIEW_ONLY
from pstui.store.errors import ReadOnlyStore
from pstui.store.journal import PREFIX
from pstui.store.repository import Repository
from pstui.store.templates import load_template

WHO = "tester"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PSTUI_USER", WHO)
    path = tmp_path / "pstui.json"
    repo = Repository.create(path, "Board", load_template("service").workflow, who=WHO)
    repo.cards.add(repo.boards.all()[0].id, "Portal")
    repo.close()
    return path


# ----- the command line ---------------------------------------------------------------------


def test_serve_listens_on_loopback_port_8000_for_changes_by_default():
    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.read_only, args.file, args.public_url) == (
        "127.0.0.1",
        8000,
        False,
        None,
        None,
    )


def test_serve_takes_host_port_read_only_and_a_file():
    args = cli.build_parser().parse_args(
        ["serve", "--host", "0.0.0.0", "--port", "9001", "--read-only", "team/pstui.json"]
    )
    assert (args.host, args.port, args.read_only, args.file) == (
        "0.0.0.0",
        9001,
        True,
        Path("team/pstui.json"),
    )


def test_a_port_that_is_not_a_number_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.build_parser().parse_args(["serve", "--port", "eighty"])
    assert exit_.value.code == cli.EXIT_USAGE
    assert "invalid int value" in capsys.readouterr().err


def test_the_view_only_option_of_the_session_is_not_in_the_help(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "view-only" not in capsys.readouterr().out


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """What `serve_board` was asked to serve (the server itself is not started)."""
    calls: list[dict] = []

    def fake_serve(path: Path, **options: object) -> int:
        calls.append({"path": path, **options})
        return 0

    monkeypatch.setattr(serve, "serve_board", fake_serve)
    return calls


def test_serve_serves_the_store_found_from_here(store, served, monkeypatch):
    monkeypatch.chdir(store.parent)
    assert cli.main(["serve", "--read-only", "--port", "8123"]) == 0
    assert served == [
        {
            "path": store.resolve(),
            "host": "127.0.0.1",
            "port": 8123,
            "read_only": True,
            "public_url": None,
        }
    ]


def test_serve_takes_a_relative_file_as_an_absolute_path(store, served, monkeypatch):
    monkeypatch.chdir(store.parent.parent)
    assert cli.main(["serve", f"{store.parent.name}/{store.name}"]) == 0
    assert served[0]["path"] == store.resolve() and served[0]["read_only"] is False


def test_serve_hands_the_public_url_to_the_page(store, served):
    """A forwarded port other than the server's: the page's websocket must use it."""
    assert cli.main(["serve", "--public-url", "http://localhost:9000", str(store)]) == 0
    assert served[0]["public_url"] == "http://localhost:9000"


def test_serve_refuses_a_missing_file_before_serving(tmp_path, served, capsys):
    assert cli.main(["serve", str(tmp_path / "nowhere.json")]) == cli.EXIT_FAIL
    assert "no such store file" in capsys.readouterr().err
    assert served == []


def test_serve_says_what_is_wrong_with_a_bad_store_once_before_serving(store, served, capsys):
    store.write_text('{"meta": ', encoding="utf-8")
    assert cli.main(["serve", str(store)]) == cli.EXIT_FAIL
    assert str(store) in capsys.readouterr().err
    assert served == []


def test_serving_beyond_this_machine_says_there_is_no_password(store, served, capsys):
    assert cli.main(["serve", "--host", "0.0.0.0", str(store)]) == 0
    err = capsys.readouterr().err
    assert "no password" in err and "SSH port forwarding" in err


def test_serving_on_loopback_says_nothing(store, served, capsys):
    assert cli.main(["serve", str(store)]) == 0
    assert capsys.readouterr().err == ""


def test_the_session_command_opens_the_same_store_and_carries_read_only(tmp_path):
    path = tmp_path / "team [a] 'x'" / "pstui.json"  # the shell textual-serve uses sees it whole
    words = shlex.split(serve.session_command(path, read_only=True))
    assert words == [sys.executable, "-m", "pstui", "--store", str(path), "--view-only"]
    assert "--view-only" not in shlex.split(serve.session_command(path, read_only=False))


def test_the_session_command_opens_the_board_for_viewing(store, monkeypatch):
    opened: list[tuple[Path, bool]] = []
    monkeypatch.setattr(cli, "open_board", lambda path, view_only: opened.append((path, view_only)))
    words = shlex.split(serve.session_command(store, read_only=True))
    cli.main(words[3:])  # what `python -m pstui` is given
    assert opened == [(store, True)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_port_in_use_is_one_line_not_a_traceback(store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "pstui", "serve", "--port", str(port), str(store)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == cli.EXIT_FAIL
    assert f"pstui: cannot serve on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_answers_on_the_port_with_the_page(store):
    """The server itself starts and hands out the page; the browser test drives it."""
    from urllib.request import urlopen

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pstui", "serve", "--read-only", "--port", str(port), str(store)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        page = ""
        for _ in range(100):
            try:
                with urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    page = answer.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.1)
        assert f"ws://127.0.0.1:{port}/ws" in page
        assert "pstui: pstui.json (read-only)" in page
    finally:
        server.terminate()
        server.wait(timeout=30)


# ----- the store opened for viewing -----------------------------------------------------------


def every_change(repo: Repository) -> dict[str, object]:
    """One command of each service, as a screen or the CLI would call it."""
    board = repo.boards.all()[0].id
    card = repo.cards.on_board(board)[0]
    return {
        "add a card": lambda: repo.cards.add(board, "From a viewer"),
        "edit a card": lambda: repo.cards.edit(card.id, title="Renamed"),
        "tick an item": lambda: repo.cards.toggle_item(card.id, card.checklist[0].id),
        "archive a card": lambda: repo.cards.set_archived(card.id, True),
        "add a board": lambda: repo.boards.add("Another", load_template("simple").workflow),
        "log a risk": lambda: repo.risks.add(board, "A risk"),
        "write a lesson": lambda: repo.lessons.add("A lesson"),
    }


def test_a_store_opened_for_viewing_refuses_every_change_in_its_commit_core(store):
    before = store.read_bytes()
    repo = Repository(store, WHO, view_only=True)
    assert repo.read_only and repo.read_only_reason == VIEW_ONLY
    for name, change in every_change(repo).items():
        with pytest.raises(ReadOnlyStore) as refused:
            change()
        assert refused.value.message == VIEW_ONLY, name
    assert not repo.can_undo()
    repo.close()
    assert store.read_bytes() == before


def test_a_store_opened_for_viewing_stays_so_after_a_pull(store):
    """A reload rereads whether the file can be written; viewing is not the file's to say."""
    viewer = Repository(store, WHO, view_only=True)
    teammate = Repository(store, "teammate")
    teammate.cards.add(teammate.boards.all()[0].id, "Pulled")
    teammate.close()
    assert viewer.reload() is not None
    assert viewer.read_only
    with pytest.raises(ReadOnlyStore):
        viewer.cards.add(viewer.boards.all()[0].id, "After the pull")
    assert "After the pull" not in store.read_text(encoding="utf-8")


def test_a_viewer_leaves_a_stopped_pstuis_journal_for_its_owner(store):
    """Its changes are not replayed (that is a write) nor dropped: the next open that may
    write replays them."""
    repo = Repository(store, "setup")
    card = repo.cards.on_board(repo.boards.all()[0].id)[0]
    record = json.loads(json.dumps(repo.table("cards")[card.id]))
    repo.close()
    record.update(title="unsaved when it stopped", updated_at="2999-01-01T00:00:00+00:00")
    dead = store.parent / f"{PREFIX}{2**22 + 7}-1.jsonl"  # no process holds its lock
    line = {"seq": 1, "store": str(store.resolve()), "records": [["cards", card.id, record]]}
    dead.write_text(json.dumps(line) + "\n", encoding="utf-8")
    before = store.read_bytes()

    viewer = Repository(store, WHO, background=True, view_only=True)
    assert viewer.cards.get(card.id).title == "Portal"
    viewer.close()
    assert store.read_bytes() == before
    assert [p.name for p in store.parent.glob(f"{PREFIX}*")] == [dead.name]  # and no own one
    assert Repository(store, WHO).cards.get(card.id).title == "unsaved when it stopped"


def test_a_viewer_leaves_a_writers_temp_files_alone(store):
    stale = store.parent / ".pstui-stale.tmp"  # as a killed writer leaves it
    stale.write_text("{}", encoding="utf-8")
    old = time.time() - 7 * 24 * 3600
    os.utime(stale, (old, old))
    Repository(store, WHO, view_only=True).close()
    assert stale.exists()
