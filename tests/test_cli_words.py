"""What the command line says and takes, as a new user meets it: stages by id or by name,
errors that list what would work, gate refusals whose suggestions run as printed, one path
per problem line, a demo that leaves nothing behind and a store made with the umask's mode."""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import pytest

import pstui.cli as cli_module

ZH_EXECUTION = "项目执行"


@pytest.fixture
def store(cli, work) -> Path:
    cli.ok("init")
    return work / "pstui.json"


def add(cli, title: str, *extra: str) -> str:
    return cli.ok("card", "add", title, *extra).strip()


@pytest.mark.parametrize("typed", ["execution", "Execution", "EXECUTION", " execution "])
def test_a_stage_is_taken_by_id_or_name_in_any_case(cli, store, typed):
    card = add(cli, "ERP", "--stage", typed)
    listed = json.loads(cli.ok("card", "list", "--stage", typed, "--format", "json"))
    assert [c["id"] for c in listed] == [card]
    assert [c["stage"] for c in listed] == ["execution"]


def test_a_chinese_boards_stage_is_taken_by_its_chinese_name(cli, work):
    cli.ok("init", "--template", "service-zh")
    card = add(cli, "门户", "--stage", ZH_EXECUTION)
    moved = cli.ok("card", "move", card, "--to", "项目启动")  # back, by name
    assert moved.endswith("execution -> initiation\n")


def test_an_unknown_stage_lists_every_stage_with_its_name(cli, store):
    before = store.read_bytes()
    code, _, err = cli("card", "add", "x", "--stage", "limbo")
    assert code == 1
    assert "no stage 'limbo'" in err
    assert "execution (Execution)" in err and "acceptance (Acceptance & handover)" in err
    assert store.read_bytes() == before


def test_an_unknown_board_lists_the_boards(cli, store):
    code, _, err = cli("card", "list", "--board", "nope")
    assert code == 1
    assert err == "pstui: no board 'nope'; the boards are Client services\n"
    assert "no record matches" not in err


def test_each_decision_a_refused_move_suggests_works_as_printed(cli, store):
    suggestions = []
    for title in ("go", "hold", "kill"):
        card = add(cli, title)
        code, _, err = cli("card", "move", card, "--to", "Execution")
        assert code == 1
        lines = [line.strip() for line in err.splitlines() if line.strip().startswith("pstui ")]
        chosen = next(line for line in lines if f"--decision {title}" in line)
        suggestions.append(chosen)
    for suggestion in suggestions:
        code, out, err = cli(*shlex.split(suggestion)[1:])
        assert code == 0, f"{suggestion}: {err}"
    cards = json.loads(cli.ok("card", "list", "--format", "json"))
    assert sorted(c["title"] for c in cards if c["stage"] == "execution") == ["go"]


def test_a_refusal_in_the_second_stage_also_suggests_recycling_to_the_first(cli, store):
    card = add(cli, "ERP", "--stage", "execution")
    code, _, err = cli("card", "move", card, "--to", "acceptance")
    assert code == 1
    recycle = next(line.strip() for line in err.splitlines() if "recycle" in line)
    assert recycle.endswith("--decision recycle --to initiation")
    assert cli(*shlex.split(recycle)[1:])[0] == 0


def test_check_names_the_file_once_per_problem(cli, work):
    bad = work / "bad.json"
    bad.write_text("{bad", encoding="utf-8")
    code, out, err = cli("check", str(bad))
    assert code == 1
    [line] = out.splitlines()
    assert line.count("bad.json") == 2  # the path once, and the `git checkout -- bad.json` hint
    assert line.startswith(f"{bad}: line 1, column 2: ")


def test_check_counts_in_words(cli, store):
    assert cli.ok("check") == "ok: 0 cards, 1 event\n"
    add(cli, "ERP")
    assert cli.ok("check") == "ok: 1 card, 2 events\n"


def test_init_makes_the_store_with_the_mode_the_umask_gives(cli, work):
    cli.ok("init")
    assert os.stat(work / "pstui.json").st_mode & 0o777 == 0o666 & ~current_umask()


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_demo_removes_its_copy_when_the_board_closes(cli, monkeypatch):
    opened = []

    def open_board(path: Path) -> int:
        assert path.is_file()  # the copy is there while the board is open
        opened.append(path)
        return 0

    monkeypatch.setattr(cli_module, "open_board", open_board)
    cli.ok("demo")
    [copy] = opened
    assert not copy.exists() and not copy.parent.exists()
