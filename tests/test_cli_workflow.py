"""`pstui workflow export|import`: a board's stages and gates to a TOML file and back, onto the
board (a stage that still holds cards cannot go) or onto a new board."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pstui.store.repository import Repository
from pstui.store.templates import load_template, workflow_to_toml


@pytest.fixture
def store(cli, work) -> Path:
    cli.ok("init")
    return work / "pstui.json"


def without_stage(text: str, stage_id: str) -> str:
    parts = text.split("[[stages]]")
    return "[[stages]]".join(p for p in parts if f'id = "{stage_id}"\n' not in p)


def test_export_prints_the_boards_workflow_as_the_templates_are_written(cli, store):
    out = cli.ok("workflow", "export")
    assert out == workflow_to_toml("Client services", load_template("service").workflow)


def test_import_renames_a_stage_in_one_undoable_change(cli, store, work):
    toml = work / "wf.toml"
    toml.write_text(cli.ok("workflow", "export").replace('"Execution"', '"Delivery"'))
    out = cli.ok("workflow", "import", str(toml))
    assert out.startswith("board Client services: workflow changed (initiation > execution")
    repo = Repository(store, who="x")
    board = repo.boards.all()[0]
    assert board.workflow.stage("execution").name == "Delivery"
    assert repo.events_for(board.id)[-1].summary == "changed the workflow of board Client services"
    assert cli.ok("workflow", "import", str(toml)).endswith("nothing changed\n")


def test_import_refuses_to_drop_a_stage_that_holds_cards(cli, store, work):
    card = cli.ok("card", "add", "ERP", "--stage", "execution").strip()
    cli.ok("card", "archive", card)  # archived cards count too: they would come back there
    toml = work / "wf.toml"
    toml.write_text(without_stage(cli.ok("workflow", "export"), "execution"))
    before = store.read_bytes()
    code, _, err = cli("workflow", "import", str(toml))
    assert code == 1
    assert "execution (1 card)" in err and "move those cards first" in err
    assert store.read_bytes() == before


def test_import_drops_an_empty_stage(cli, store, work):
    toml = work / "wf.toml"
    toml.write_text(without_stage(cli.ok("workflow", "export"), "enablement"))
    cli.ok("workflow", "import", str(toml))
    board = Repository(store, who="x").boards.all()[0]
    assert [s.id for s in board.workflow.stages] == [
        "initiation", "execution", "acceptance", "review", "maintenance"
    ]  # fmt: skip


def test_import_new_starts_a_board_with_the_workflow(cli, store, work):
    toml = work / "wf.toml"
    toml.write_text(without_stage(cli.ok("workflow", "export"), "execution"))
    out = cli.ok("workflow", "import", str(toml), "--new", "Lean")
    board_id = out.splitlines()[-1]
    boards = {b.id: b for b in Repository(store, who="x").boards.all()}
    assert boards[board_id].name == "Lean" and len(boards[board_id].workflow.stages) == 5
    assert len(json.loads(cli.ok("card", "list", "--board", "Lean", "--format", "json"))) == 0


@pytest.mark.parametrize(
    ("text", "said"),
    [("stages = 3\n", "[[stages]] list"), ("[[stages\n", "not valid TOML"),
     ('[[stages]]\nid = "a"\nname = "A"\n[[stages]]\nid = "a"\nname = "B"\n', "unique")],
)  # fmt: skip
def test_import_of_a_bad_file_says_why_and_changes_nothing(cli, store, work, text, said):
    toml = work / "wf.toml"
    toml.write_text(text)
    before = store.read_bytes()
    code, _, err = cli("workflow", "import", str(toml))
    assert code == 1 and said in err and "Traceback" not in err
    assert store.read_bytes() == before
