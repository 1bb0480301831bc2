"""The `pstui` command, run in-process: scriptable card commands and clear errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pstui import __version__
from pstui.cli import EXIT_PIPE_CLOSED, main
from pstui.model.dates import parse_due
from pstui.model.text import cell_width
from pstui.store.engine import open_index
from pstui.store.repository import Repository

USER = "cli-tester"
# The card fields the store contract names (DESIGN.md, "The store file").
CONTRACT_FIELDS = [
    "board",
    "title",
    "description",
    "kind",
    "stage",
    "rank",
    "assignee",
    "client",
    "tags",
    "due",
    "blocked",
    "checklists",
    "decisions",
    "archived",
    "created_at",
    "updated_at",
]
INIT_MUSTS = [
    "Requirements analysed, documented and confirmed with the client",
    "Scope defined: deliverables, services, responsibilities",
    "Project plan with milestones agreed with the client",
    "Team formed, roles and responsibilities assigned",
]


@pytest.fixture
def store(cli, work) -> Path:
    cli.ok("init")
    return work / "pstui.json"


def stored(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def add(cli, title: str, *extra: str) -> str:
    out = cli.ok("card", "add", title, *extra)
    return out.strip()


def tick_musts(path: Path, card_id: str) -> None:
    repo = Repository(path, who=USER)
    for item in repo.cards.get(card_id).checklist:
        if item.must and not item.done:
            repo.cards.toggle_item(card_id, item.id)


# ----- basics -----------------------------------------------------------------------------------


def test_version(cli, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"pstui {__version__}\n"


def test_help_exits_zero(cli, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: pstui")
    for command in ("init", "demo", "card", "--store"):
        assert command in out


def test_card_help_exits_zero(cli, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["card", "move", "--help"])
    assert exit_.value.code == 0
    assert "--decision" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(cli, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2


@pytest.mark.parametrize("argv", [["card", "list"], ["card", "add", "x"], []])
def test_no_store_found_says_how_to_make_one(cli, argv):
    code, out, err = cli(*argv)
    assert code != 0
    assert out == ""
    assert "pstui.json" in err
    assert "pstui init" in err and "pstui demo" in err
    assert err.count("\n") == 1


def test_store_is_found_in_a_parent_folder(cli, store, work, monkeypatch):
    sub = work / "a" / "b"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    card_id = add(cli, "from below")
    assert card_id in stored(store)["cards"]


# ----- init -------------------------------------------------------------------------------------


def test_init_creates_the_store(cli, work):
    out = cli.ok("init")
    path = work / "pstui.json"
    assert path.is_file()
    assert str(path) in out
    data = stored(path)
    (board,) = data["boards"].values()
    assert board["name"] == "Client services"
    assert [s["id"] for s in board["stages"]][:2] == ["initiation", "execution"]
    (event,) = data["events"].values()
    assert event["by"] == USER


def test_init_refuses_to_overwrite(cli, store):
    before = store.read_bytes()
    code, out, err = cli("init", "--template", "simple")
    assert code == 1
    assert "already exists" in err and str(store) in err
    assert store.read_bytes() == before


def test_init_service_zh(cli, work):
    cli.ok("init", "--template", "service-zh")
    (board,) = stored(work / "pstui.json")["boards"].values()
    assert board["name"] == "项目服务"
    assert [s["name"] for s in board["stages"]][:3] == ["项目启动", "项目执行", "验收与移交"]
    assert "项目启动" in (work / "pstui.json").read_text(encoding="utf-8")


def test_init_with_board_name_and_store_path(cli, work):
    target = work / "elsewhere" / "team.json"
    target.parent.mkdir()
    cli.ok("--store", str(target), "init", "--template", "simple", "--board", "Ops")
    (board,) = stored(target)["boards"].values()
    assert board["name"] == "Ops"
    assert not (work / "pstui.json").exists()


def test_init_unknown_template_is_a_usage_error(cli, capsys, work):
    with pytest.raises(SystemExit) as exit_:
        main(["init", "--template", "nope"])
    assert exit_.value.code == 2
    assert not (work / "pstui.json").exists()


# ----- card add / list / show -------------------------------------------------------------------


def test_card_add_prints_the_id_and_records_who(cli, store):
    code, out, err = cli("card", "add", "ERP rollout", "--assignee", "ana", "--client", "ACME")
    assert code == 0 and err == ""
    card_id = out.strip()
    assert out == card_id + "\n"
    assert len(card_id) == 26
    raw = stored(store)["cards"][card_id]
    assert (raw["title"], raw["assignee"], raw["client"], raw["stage"]) == (
        "ERP rollout",
        "ana",
        "ACME",
        "initiation",
    )
    events = [e for e in stored(store)["events"].values() if e["record"] == card_id]
    assert [(e["by"], e["action"]) for e in events] == [(USER, "create")]


def test_card_add_with_due_and_stage(cli, store):
    card_id = add(cli, "x", "--due", "tomorrow", "--stage", "execution")
    raw = stored(store)["cards"][card_id]
    assert raw["due"] == parse_due("tomorrow")
    assert raw["stage"] == "execution"


def test_card_add_bad_due_is_a_clear_error_and_adds_nothing(cli, store):
    before = store.read_bytes()
    code, out, err = cli("card", "add", "x", "--due", "soon")
    assert code == 1
    assert out == ""
    assert err.startswith("pstui: ")
    assert "'soon'" in err and "2026-12-01" in err
    assert "Traceback" not in err
    assert store.read_bytes() == before


def test_card_add_unknown_stage_is_a_clear_error(cli, store):
    before = store.read_bytes()
    code, _, err = cli("card", "add", "x", "--stage", "limbo")
    assert code == 1 and "limbo" in err
    assert store.read_bytes() == before


def test_card_add_empty_title_is_a_clear_error(cli, store):
    code, _, err = cli("card", "add", "   ")
    assert code == 1 and "empty" in err


def list_rows(out: str) -> tuple[str, list[str]]:
    lines = out.rstrip("\n").split("\n")
    return lines[0], lines[1:]


def test_card_list_table_shows_short_ids(cli, store):
    ids = [add(cli, t) for t in ("first", "second", "third")]
    out = cli.ok("card", "list")
    header, rows = list_rows(out)
    assert header.split() == ["ID", "STAGE", "TITLE", "ASSIGNEE", "DUE", "DONE"]
    assert len(rows) == 3
    repo = Repository(store, who=USER)
    for card_id, row, title in zip(ids, rows, ("first", "second", "third"), strict=True):
        short = repo.cards.short_id(card_id)
        assert row.split()[0] == short
        assert 4 <= len(short) < 26
        assert title in row and "initiation" in row
        assert row.rstrip().endswith("0/5")


def test_card_list_aligns_cjk_titles(cli, store):
    titles = [
        "ASCII title",
        "项目启动会议",
        "企业资源计划系统实施项目第一阶段需求调研与确认工作安排",
        "a" + "中" * 20,
        "混合 mixed 标题 with 中文 and English words that run long",
    ]
    for title in titles:
        add(cli, title, "--assignee", "张三丰", "--due", "2026-12-01")
    add(cli, "plain", "--assignee", "ana")
    out = cli.ok("card", "list")
    header, rows = list_rows(out)
    done_cell = cell_width(header[: header.index("DONE")])
    title_cell = cell_width(header[: header.index("TITLE")])
    assert len(rows) == len(titles) + 1
    for row in rows:
        match = re.search(r"\d+/\d+( BLOCKED)?$", row)
        assert match, row
        assert cell_width(row[: match.start()]) == done_cell, row
    long_row = next(r for r in rows if "企业资源计划" in r)
    assert "…" in long_row
    for row in rows:
        assert cell_width(row[:title_cell]) == title_cell  # no wide char split at the title's left
    assert all(cell_width(r) <= 80 + 8 for r in rows)


def test_card_list_shows_control_characters_literally(cli, store):
    add(cli, "evil \x1b[2J title [bold]x[/bold]")
    out = cli.ok("card", "list")
    assert "\x1b" not in out
    assert "^[[2J" in out
    assert "[bold]x[/bold]" in out


def test_card_list_shows_bidi_controls_as_code_points(cli, store):
    add(cli, "\u202efdp.exe \u2066x\u2069")
    out = cli.ok("card", "list")
    assert "<U+202E>fdp.exe <U+2066>x<U+2069>" in out
    assert "\u202e" not in out and "\u2066" not in out


def test_card_add_says_when_a_title_loses_its_tabs_and_line_breaks(cli, store):
    code, out, err = cli("card", "add", "two\nlines\tand a tab")
    assert code == 0
    assert stored(store)["cards"][out.strip()]["title"] == "two lines and a tab"
    assert err == "pstui: note: a title is one line: its tabs and line breaks became spaces\n"
    code, out, err = cli("card", "add", "  plain  title ")
    assert code == 0 and err == ""


def test_card_list_json_has_the_fields(cli, store):
    card_id = add(cli, "项目 A", "--assignee", "ana", "--due", "2026-12-01")
    add(cli, "B")
    out = cli.ok("card", "list", "--format", "json")
    cards = json.loads(out)
    assert [c["title"] for c in cards] == ["项目 A", "B"]
    first = cards[0]
    assert first["id"] == card_id
    assert card_id.endswith(first["short_id"]) and len(first["short_id"]) >= 4
    for name in CONTRACT_FIELDS:
        assert name in first, name
    assert (first["assignee"], first["due"], first["stage"]) == ("ana", "2026-12-01", "initiation")
    assert len(first["checklists"]["initiation"]) == 5
    assert "项目 A" in out  # UTF-8, not \u escapes


def test_card_list_by_stage_and_unknown_stage(cli, store):
    add(cli, "a")
    b = add(cli, "b", "--stage", "execution")
    cards = json.loads(cli.ok("card", "list", "--stage", "execution", "--format", "json"))
    assert [c["id"] for c in cards] == [b]
    code, _, err = cli("card", "list", "--stage", "limbo")
    assert code == 1 and "limbo" in err and "initiation" in err


def test_card_list_empty_board_prints_only_the_header(cli, store):
    header, rows = list_rows(cli.ok("card", "list"))
    assert rows == [] and "DONE" in header
    assert json.loads(cli.ok("card", "list", "--format", "json")) == []


def test_card_list_shows_long_short_ids_in_full(cli, store):
    a, b = add(cli, "a"), add(cli, "b")
    text = store.read_text(encoding="utf-8")
    new_a = a[:-7] + "1ABCDEF"
    new_b = b[:-7] + "2ABCDEF"
    store.write_text(text.replace(a, new_a).replace(b, new_b), encoding="utf-8")
    _, rows = list_rows(cli.ok("card", "list"))
    assert sorted(r.split()[0] for r in rows) == ["1ABCDEF", "2ABCDEF"]


def test_card_list_into_a_closed_pipe_quits_quietly(cli, store):
    """`pstui card list | head`: the reader goes before the rows are written."""
    for title in ("first", "second"):
        add(cli, title)
    command = [sys.executable, "-m", "pstui", "--store", str(store), "card", "list"]
    listing = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    listing.stdout.close()  # type: ignore[union-attr]
    _, err = listing.communicate(timeout=60)
    assert err == b""
    assert listing.returncode == EXIT_PIPE_CLOSED


def test_card_show_by_short_id_and_by_prefix(cli, store):
    card_id = add(cli, "ERP rollout", "--client", "ACME", "--due", "2026-12-01")
    add(cli, "other")
    short = Repository(store, who=USER).cards.short_id(card_id)
    by_short = cli.ok("card", "show", short)
    by_prefix = cli.ok("card", "show", card_id[:-1].lower())
    assert by_short == by_prefix
    assert by_short.startswith(f"{short}  ERP rollout\n")
    assert f"id        {card_id}" in by_short
    assert "stage     Initiation" in by_short
    assert "client    ACME" in by_short
    assert "due       2026-12-01" in by_short
    assert "checklist (0/5)" in by_short
    assert by_short.count("[ ] must") == 4
    data = json.loads(cli.ok("card", "show", short, "--format", "json"))
    assert data["id"] == card_id and data["title"] == "ERP rollout"


def test_card_show_unknown_and_ambiguous_ids(cli, store):
    a = add(cli, "a")
    b = add(cli, "b")
    code, _, err = cli("card", "show", "ZZZZZZZZ")
    assert code == 1 and "no record" in err
    shared = os.path.commonprefix([a, b])  # the time head both ids start with
    assert len(shared) >= 4 and not a.endswith(shared) and not b.endswith(shared)
    code, _, err = cli("card", "show", shared)
    assert code == 1 and "ambiguous" in err


# ----- card move through gates ------------------------------------------------------------------


def test_move_forward_through_an_incomplete_gate_fails_listing_the_missing_items(cli, store):
    card_id = add(cli, "ERP")
    before = store.read_bytes()
    code, out, err = cli("card", "move", card_id, "--to", "execution")
    assert code == 1
    assert out == ""
    for text in INIT_MUSTS:
        assert f"[ ] {text}" in err
    assert "Risks identified and logged" not in err  # a should item
    assert "--decision" in err
    assert store.read_bytes() == before


def test_move_forward_through_a_passed_gate(cli, store):
    card_id = add(cli, "ERP")
    tick_musts(store, card_id)
    out = cli.ok("card", "move", card_id, "--to", "execution")
    assert "initiation -> execution (go)" in out
    assert stored(store)["cards"][card_id]["stage"] == "execution"


def test_move_decision_go_with_reason_passes(cli, store):
    card_id = add(cli, "ERP")
    out = cli.ok(
        "card", "move", card_id, "--to", "execution", "--decision", "go", "--reason", "waived"
    )
    assert "initiation -> execution (go)" in out
    raw = stored(store)["cards"][card_id]
    assert raw["stage"] == "execution"
    assert [(d["outcome"], d["note"], d["by"]) for d in raw["decisions"]] == [
        ("go", "waived", USER)
    ]


def test_move_decision_go_without_reason_past_open_musts_fails(cli, store):
    card_id = add(cli, "ERP")
    before = store.read_bytes()
    code, _, err = cli("card", "move", card_id, "--to", "execution", "--decision", "go")
    assert code == 1 and "reason" in err
    assert store.read_bytes() == before


def test_move_decision_go_to_a_stage_past_the_next_is_refused(cli, store):
    card_id = add(cli, "ERP")
    before = store.read_bytes()
    code, _, err = cli(
        "card", "move", card_id, "--to", "maintenance", "--decision", "go", "--reason", "r"
    )
    assert code == 1
    assert store.read_bytes() == before


def test_move_decision_hold(cli, store):
    card_id = add(cli, "ERP")
    out = cli.ok(
        "card", "move", card_id, "--to", "initiation", "--decision", "hold", "--reason", "wait"
    )
    assert "initiation -> initiation (hold)" in out
    raw = stored(store)["cards"][card_id]
    assert raw["stage"] == "initiation"
    assert [(d["outcome"], d["note"]) for d in raw["decisions"]] == [("hold", "wait")]


def test_move_decision_recycle_to_an_earlier_stage(cli, store):
    card_id = add(cli, "ERP", "--stage", "acceptance")
    out = cli.ok("card", "move", card_id, "--to", "initiation", "--decision", "recycle")
    assert "acceptance -> initiation (recycle)" in out
    raw = stored(store)["cards"][card_id]
    assert raw["stage"] == "initiation"
    assert [(d["outcome"], d["stage"], d["to"]) for d in raw["decisions"]] == [
        ("recycle", "acceptance", "initiation")
    ]
    code, _, err = cli("card", "move", card_id, "--to", "review", "--decision", "recycle")
    assert code == 1 and "earlier stage" in err


def test_move_decision_kill_archives(cli, store):
    card_id = add(cli, "ERP")
    code, _, err = cli("card", "move", card_id, "--to", "initiation", "--decision", "kill")
    assert code == 1 and "reason" in err
    out = cli.ok(
        "card", "move", card_id, "--to", "initiation", "--decision", "kill", "--reason", "cancelled"
    )
    assert "(kill)" in out and "archived" in out
    raw = stored(store)["cards"][card_id]
    assert raw["archived"] is True
    assert json.loads(cli.ok("card", "list", "--format", "json")) == []
    archived = json.loads(cli.ok("card", "list", "--archived", "--format", "json"))
    assert [c["id"] for c in archived] == [card_id]
    for stage, expected in (("initiation", [card_id]), ("execution", [])):
        listed = cli.ok("card", "list", "--archived", "--stage", stage, "--format", "json")
        assert [c["id"] for c in json.loads(listed)] == expected


def test_move_back_needs_no_decision(cli, store):
    card_id = add(cli, "ERP", "--stage", "review")
    out = cli.ok("card", "move", card_id, "--to", "execution")
    assert "review -> execution" in out and "(" not in out
    assert stored(store)["cards"][card_id]["decisions"] == []


def test_move_skipping_a_stage_is_refused(cli, store):
    card_id = add(cli, "ERP")
    tick_musts(store, card_id)
    code, _, err = cli("card", "move", card_id, "--to", "acceptance")
    assert code == 1 and "one gate at a time" in err


def test_a_card_in_an_unknown_stage_is_named_on_stderr_and_moves_back(cli, store):
    card_id = add(cli, "ERP")
    data = stored(store)
    data["cards"][card_id]["stage"] = "limbo"  # a stage since removed from the workflow
    store.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    short = Repository(store, who=USER).cards.short_id(card_id)
    code, out, err = cli("card", "list")
    assert code == 0 and short not in out
    assert f"card {short} is in stage 'limbo'" in err and "--to STAGE` puts it back" in err
    out = cli.ok("card", "move", card_id, "--to", "execution")
    assert "limbo -> execution" in out
    code, out, err = cli("card", "list")
    assert short in out and err == ""


# ----- bad stores and --store -------------------------------------------------------------------


def test_conflicted_store_names_the_file_and_pstui_resolve(cli, store):
    lines = store.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3:3] = ["<<<<<<< HEAD\n", "=======\n", ">>>>>>> origin/main\n"]
    store.write_text("".join(lines), encoding="utf-8")
    before = store.read_bytes()
    for argv in (["card", "list"], ["card", "add", "x"]):
        code, out, err = cli(*argv)
        assert code == 1
        assert out == ""
        assert str(store) in err
        assert "pstui resolve" in err
        assert "line 4" in err
        assert "Traceback" not in err
    assert store.read_bytes() == before


def test_broken_json_store_names_line_and_column(cli, store):
    text = store.read_text(encoding="utf-8")
    store.write_text(text[: len(text) // 2], encoding="utf-8")
    before = store.read_bytes()
    code, _, err = cli("card", "list")
    assert code == 1
    assert re.search(r"line \d+, column \d+", err)
    assert str(store) in err
    assert store.read_bytes() == before


def test_store_option_picks_a_specific_store(cli, store, work):
    other_dir = work / "other"
    other_dir.mkdir()
    other = other_dir / "team.json"
    cli.ok("--store", str(other), "init", "--template", "simple")
    here_before = store.read_bytes()
    card_id = cli.ok("--store", str(other), "card", "add", "elsewhere").strip()
    assert card_id in stored(other)["cards"]
    assert stored(other)["cards"][card_id]["stage"] == "todo"
    assert store.read_bytes() == here_before
    listed = json.loads(cli.ok("--store", str(other), "card", "list", "--format", "json"))
    assert [c["id"] for c in listed] == [card_id]
    assert json.loads(cli.ok("card", "list", "--format", "json")) == []


def test_store_option_with_a_missing_file(cli, work):
    code, _, err = cli("--store", str(work / "nope.json"), "card", "list")
    assert code == 1 and "nope.json" in err


# ----- boards -----------------------------------------------------------------------------------


def test_board_add_and_list(cli, store):
    board_id = cli.ok("board", "add", "Ops desk", "--template", "simple").strip()
    assert len(board_id) == 26
    boards = stored(store)["boards"]
    assert boards[board_id]["name"] == "Ops desk"
    assert [s["id"] for s in boards[board_id]["stages"]] == ["todo", "doing", "done"]
    listed = cli.ok("board", "list").splitlines()
    assert len(listed) == 2
    assert listed[1].startswith(f"{board_id}  Ops desk  (0 cards: todo > doing > done)")
    card_id = add(cli, "on ops", "--board", "ops desk")
    assert stored(store)["cards"][card_id]["board"] == board_id
    assert stored(store)["cards"][card_id]["stage"] == "todo"


def test_board_add_refuses_a_duplicate_name(cli, store):
    cli.ok("board", "add", "Ops")
    before = store.read_bytes()
    code, _, err = cli("board", "add", "ops")
    assert code == 1 and "already" in err
    assert store.read_bytes() == before


def test_card_list_unknown_board_is_a_clear_error(cli, store):
    code, _, err = cli("card", "list", "--board", "nonexistent")
    assert code == 1 and "nonexistent" in err


def archive_every_board(path: Path) -> None:
    """Archive the boards by hand, as another tool (or a teammate's merge) may."""
    data = stored(path)
    for board in data["boards"].values():
        board["archived"] = True
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def test_every_board_archived_card_commands_say_so_and_change_nothing(cli, store):
    add(cli, "kept")
    archive_every_board(store)
    assert cli("check")[0] == 0  # a valid store
    for argv in (("card", "list"), ("card", "add", "new"), ("risk", "list")):
        err = cli.fails(store, *argv)
        assert "every board of this store is archived (Client services)" in err, err
        assert "pstui board restore" in err, err
    listed = cli.ok("board", "list").splitlines()
    assert len(listed) == 1 and listed[0].endswith("(archived)")


def test_board_restore_and_archive(cli, store):
    card_id = add(cli, "kept")
    archive_every_board(store)
    assert cli.ok("board", "restore", "client services").startswith("restored board")
    assert not any(b["archived"] for b in stored(store)["boards"].values())
    assert card_id[-4:] in cli.ok("card", "list")
    err = cli.fails(store, "board", "restore", "Client services")
    assert "is not archived" in err
    cli.ok("board", "add", "Ops")
    assert cli.ok("board", "archive", "client services").startswith("archived board")
    assert "Ops" in cli.ok("board", "list").splitlines()[0]  # the boards in use first
    # Named, an archived board is refused with the way back; unnamed, the first in use is used.
    err = cli.fails(store, "card", "list", "--board", "Client services")
    assert "board 'Client services' is archived" in err and "board restore" in err
    ops_id = add(cli, "on ops")
    assert stored(store)["boards"][stored(store)["cards"][ops_id]["board"]]["name"] == "Ops"


def test_opening_the_board_reads_the_store_while_textual_is_imported(cli, store, monkeypatch):
    import pstui.ui.app

    taken = []

    # The app's open reads the store through this.
    def run_app(path: Path, who: str, view_only: bool = False) -> int:
        taken.append(open_index.read_with_identity(path)[0])
        return 0

    read_file = open_index._read_file
    readers = []

    def reading(path: Path):
        readers.append(threading.current_thread().name)
        return read_file(path)

    monkeypatch.setattr(open_index, "_read_file", reading)
    monkeypatch.setattr(pstui.ui.app, "run_app", run_app)
    assert cli()[0] == 0
    assert taken == [store.read_bytes()]
    assert readers == ["pstui-read-ahead"]  # read once, ahead: the app's open took the bytes
