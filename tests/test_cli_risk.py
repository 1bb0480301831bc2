"""`pstui risk`, run in-process: the risk register from scripts, with the card commands' rules."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pstui.cli import EXIT_USAGE, main
from pstui.model.dates import parse_due, today
from pstui.store.repository import Repository
from pstui.store.templates import load_template

USER = "risk-tester"
STORED_FIELDS = [
    "board",
    "title",
    "card",
    "description",
    "category",
    "kind",
    "probability",
    "impact",
    "owner",
    "response",
    "prevention",
    "contingency",
    "trigger",
    "status",
    "review",
    "notes",
    "created_at",
    "updated_at",
]


@pytest.fixture
def store(work) -> Path:
    path = work / "pstui.json"
    Repository.create(path, "Client services", load_template("service").workflow, USER).close()
    return path


def stored(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def add_risk(cli, title: str, *extra: str) -> str:
    out = cli.ok("risk", "add", title, *extra)
    assert out.count("\n") == 1
    return out.strip()


def add_card(cli, title: str, *extra: str) -> str:
    return cli.ok("card", "add", title, *extra).strip()


def short(store: Path, risk_id: str) -> str:
    return Repository(store, who=USER).risks.short_id(risk_id)


def rows(out: str) -> tuple[str, list[str]]:
    lines = out.rstrip("\n").split("\n")
    return lines[0], lines[1:]


def listed_ids(cli, *extra: str) -> list[str]:
    return [r["id"] for r in json.loads(cli.ok("risk", "list", "--format", "json", *extra))]


def identified(store: Path, card_id: str) -> bool:
    card = stored(store)["cards"][card_id]
    (item,) = [
        i
        for items in card["checklists"].values()
        for i in items
        if i["criterion"] == "risks-identified"
    ]
    return item["done"]


# ----- add and list -----------------------------------------------------------------------------


def test_add_prints_the_id_and_stores_the_fields(cli, store):
    code, out, err = cli(
        "risk",
        "add",
        "Key user leaves",
        "--category",
        "operational",
        "--probability",
        "4",
        "--impact",
        " 5 ",
        "--owner",
        "ana",
        "--response",
        "mitigate",
        "--prevention",
        "pair her",
        "--contingency",
        "hire",
        "--trigger",
        "notice given",
        "--review",
        "2026-12-01",
        "--description",
        "two lines\nof text",
    )
    assert code == 0 and err == ""
    risk_id = out.strip()
    assert out == risk_id + "\n" and len(risk_id) == 26
    raw = stored(store)["risks"][risk_id]
    assert raw["title"] == "Key user leaves"
    assert (raw["category"], raw["kind"], raw["probability"], raw["impact"]) == (
        "operational",
        "threat",
        4,
        5,
    )
    assert (raw["owner"], raw["response"], raw["review"]) == ("ana", "mitigate", "2026-12-01")
    assert (raw["prevention"], raw["contingency"], raw["trigger"]) == (
        "pair her",
        "hire",
        "notice given",
    )
    assert raw["description"] == "two lines\nof text"
    assert raw["card"] is None and raw["status"] == "open"
    (board_id,) = stored(store)["boards"]
    assert raw["board"] == board_id
    events = [e for e in stored(store)["events"].values() if e["record"] == risk_id]
    assert [(e["by"], e["action"]) for e in events] == [(USER, "create")]


def test_add_takes_relative_review_dates_and_defaults(cli, store):
    risk_id = add_risk(cli, "x", "--review", "+2w")
    raw = stored(store)["risks"][risk_id]
    assert raw["review"] == parse_due("+2w")
    assert (raw["probability"], raw["impact"], raw["category"], raw["response"]) == (
        3,
        3,
        "other",
        "",
    )


def test_list_table_is_sorted_by_score(cli, store):
    low = add_risk(cli, "low one", "--probability", "1", "--impact", "2")
    high = add_risk(cli, "high one", "--probability", "5", "--impact", "4", "--owner", "ana")
    mid = add_risk(cli, "mid one", "--probability", "3", "--impact", "3")
    header, lines = rows(cli.ok("risk", "list"))
    assert header.split() == [
        "ID",
        "SCORE",
        "LEVEL",
        "STATUS",
        "PxI",
        "TITLE",
        "CARD",
        "OWNER",
        "REVIEW",
    ]
    assert [line.split()[0] for line in lines] == [short(store, i) for i in (high, mid, low)]
    assert lines[0].split()[1:6] == ["20", "critical", "open", "5x4", "high"]
    assert "board" in lines[0].split() and "ana" in lines[0].split()
    assert lines[2].split()[1:5] == ["2", "low", "open", "1x2"]
    assert listed_ids(cli) == [high, mid, low]


def test_list_marks_overdue_reviews_only(cli, store):
    past = today().subtract(days=3).isoformat()
    ahead = today().add(days=3).isoformat()
    add_risk(cli, "late", "--review", past, "--probability", "5")
    add_risk(cli, "on time", "--review", ahead)
    _, lines = rows(cli.ok("risk", "list"))
    assert lines[0].endswith(f"{past} overdue")
    assert lines[1].endswith(ahead)


def test_list_markdown_escapes_pipes(cli, store):
    risk_id = add_risk(cli, "licence | cost", "--probability", "2", "--owner", "a|b")
    lines = cli.ok("risk", "list", "--format", "md").splitlines()
    assert lines[0] == "| ID | Score | Level | Status | P x I | Title | Card | Owner | Review |"
    assert set(lines[1]) <= set("|-: ")
    assert lines[2] == (
        f"| {short(store, risk_id)} | 6 | medium | open | 2 x 3 | licence \\| cost | board "
        "| a\\|b |  |"
    )
    assert len(lines) == 3


def test_list_json_has_the_stored_fields_and_score(cli, store):
    risk_id = add_risk(cli, "项目 风险", "--probability", "4", "--impact", "4")
    out = cli.ok("risk", "list", "--format", "json")
    (risk,) = json.loads(out)
    assert risk["id"] == risk_id
    for name in STORED_FIELDS:
        assert name in risk, name
    assert (risk["score"], risk["level"], risk["title"]) == (16, "critical", "项目 风险")
    assert "项目 风险" in out  # UTF-8, not \u escapes


def test_list_empty_prints_only_the_header(cli, store):
    header, lines = rows(cli.ok("risk", "list"))
    assert lines == [] and "REVIEW" in header
    assert json.loads(cli.ok("risk", "list", "--format", "json")) == []


def test_list_open_hides_closed_risks(cli, store):
    kept = add_risk(cli, "kept")
    gone = add_risk(cli, "gone", "--probability", "5")
    cli.ok("risk", "close", gone)
    assert listed_ids(cli) == [gone, kept]
    assert listed_ids(cli, "--open") == [kept]
    _, lines = rows(cli.ok("risk", "list", "--open"))
    assert [line.split()[0] for line in lines] == [short(store, kept)]


def test_list_by_card_and_by_board(cli, store):
    card_a = add_card(cli, "ERP")
    card_b = add_card(cli, "CRM")
    on_a = add_risk(cli, "on a", "--card", card_a)
    on_b = add_risk(cli, "on b", "--card", card_b, "--probability", "5")
    whole = add_risk(cli, "whole board", "--probability", "1")
    assert listed_ids(cli, "--card", card_a) == [on_a]
    assert listed_ids(cli, "--card", card_b[-6:]) == [on_b]
    assert listed_ids(cli) == [on_b, on_a, whole]
    card_short = Repository(store, who=USER).cards.short_id(card_a)
    _, lines = rows(cli.ok("risk", "list", "--card", card_a))
    assert len(lines) == 1 and lines[0].split()[-1] == card_short  # no owner, no review
    other = cli.ok("board", "add", "Ops", "--template", "simple").strip()
    assert listed_ids(cli, "--board", "ops") == []
    elsewhere = add_risk(cli, "ops risk", "--board", other)
    assert listed_ids(cli, "--board", "Ops") == [elsewhere]
    assert elsewhere not in listed_ids(cli)  # the first board, as `card list`
    err = cli.fails(store, "risk", "list", "--board", "Ops", "--card", card_a)
    assert "not on board" in err


def test_list_unknown_board_or_card_is_a_clear_error(cli, store):
    assert "nonexistent" in cli.fails(store, "risk", "list", "--board", "nonexistent")
    err = cli.fails(store, "risk", "list", "--card", "ZZZZZZ")
    assert "--card" in err and "ZZZZZZ" in err


def test_add_on_a_card_ticks_risks_identified_and_takes_its_board(cli, store):
    other = cli.ok("board", "add", "Ops", "--template", "service").strip()
    card_id = add_card(cli, "ERP", "--board", "Ops")
    assert identified(store, card_id) is False
    risk_id = add_risk(cli, "scope creep", "--card", card_id[-5:])
    raw = stored(store)["risks"][risk_id]
    assert (raw["card"], raw["board"]) == (card_id, other)
    assert identified(store, card_id) is True


def test_add_on_a_card_of_another_board_is_refused(cli, store):
    card_id = add_card(cli, "ERP")
    cli.ok("board", "add", "Ops")
    err = cli.fails(store, "risk", "add", "x", "--card", card_id, "--board", "Ops")
    assert "board" in err
    assert identified(store, card_id) is False


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--probability", "6"], ["probability", "'6'", "1 to 5"]),
        (["--impact", "0"], ["impact", "'0'"]),
        (["--probability", "two"], ["probability", "'two'"]),
        (["--response", "exploit"], ["'exploit'", "threat", "mitigate"]),
        (["--kind", "opportunity", "--response", "avoid"], ["'avoid'", "opportunity", "exploit"]),
        (["--review", "soon"], ["'soon'", "2026-12-01"]),
        (["--card", "ZZZZZZ"], ["--card", "ZZZZZZ"]),
        (["--board", "nowhere"], ["nowhere"]),
    ],
)
def test_add_bad_values_are_clear_errors_and_write_nothing(cli, store, argv, words):
    err = cli.fails(store, "risk", "add", "x", *argv)
    for word in words:
        assert word in err, err
    assert stored(store)["risks"] == {}


def test_add_empty_title_is_an_error(cli, store):
    assert "empty" in cli.fails(store, "risk", "add", "   ")


@pytest.mark.parametrize("argv", [["--kind", "maybe"], ["--category", "weather"]])
def test_add_unknown_choice_is_a_usage_error(cli, store, capsys, argv):
    before = store.read_bytes()
    with pytest.raises(SystemExit) as exit_:
        main(["risk", "add", "x", *argv])
    assert exit_.value.code == EXIT_USAGE
    assert "invalid choice" in capsys.readouterr().err
    assert store.read_bytes() == before


# ----- edit -------------------------------------------------------------------------------------


def test_edit_changes_only_the_given_fields(cli, store):
    risk_id = add_risk(cli, "x", "--owner", "ana", "--response", "accept", "--review", "2026-12-01")
    out = cli.ok(
        "risk",
        "edit",
        short(store, risk_id),
        "--title",
        "Data migration slips",
        "--probability",
        "5",
        "--status",
        "monitoring",
        "--category",
        "schedule",
        "--review",
        "none",
    )
    assert out == f"{short(store, risk_id)}: edited category, probability, review, status, title\n"
    raw = stored(store)["risks"][risk_id]
    assert (raw["title"], raw["probability"], raw["status"], raw["category"]) == (
        "Data migration slips",
        5,
        "monitoring",
        "schedule",
    )
    assert raw["review"] is None
    assert (raw["owner"], raw["response"], raw["impact"]) == ("ana", "accept", 3)
    assert cli.ok("risk", "edit", risk_id, "--probability", "5").endswith("nothing changed\n")


def test_edit_moves_to_a_card_and_back_to_the_board(cli, store):
    card_id = add_card(cli, "ERP")
    risk_id = add_risk(cli, "x", "--card", card_id)
    cli.ok("risk", "edit", risk_id, "--card", "none")
    assert stored(store)["risks"][risk_id]["card"] is None
    assert listed_ids(cli, "--card", card_id) == []
    cli.ok("risk", "edit", risk_id, "--card", card_id)
    assert stored(store)["risks"][risk_id]["card"] == card_id


def test_edit_kind_and_response_together(cli, store):
    risk_id = add_risk(cli, "x", "--response", "mitigate")
    err = cli.fails(store, "risk", "edit", risk_id, "--kind", "opportunity")
    assert "'mitigate'" in err and "opportunity" in err
    cli.ok("risk", "edit", risk_id, "--kind", "opportunity", "--response", "exploit")
    raw = stored(store)["risks"][risk_id]
    assert (raw["kind"], raw["response"]) == ("opportunity", "exploit")
    cli.ok("risk", "edit", risk_id, "--response", "none")
    assert stored(store)["risks"][risk_id]["response"] == ""


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["--impact", "9"], "impact"),
        (["--response", "ignore"], "'ignore'"),
        (["--review", "someday"], "'someday'"),
        (["--title", "  "], "empty"),
        (["--card", "ZZZZZZ"], "ZZZZZZ"),
        ([], "nothing to change"),
    ],
)
def test_edit_bad_values_are_clear_errors_and_write_nothing(cli, store, argv, word):
    risk_id = add_risk(cli, "x")
    err = cli.fails(store, "risk", "edit", risk_id, *argv)
    assert word in err
    assert stored(store)["risks"][risk_id]["title"] == "x"


def test_edit_to_a_card_of_another_board_is_refused(cli, store):
    risk_id = add_risk(cli, "x")
    cli.ok("board", "add", "Ops")
    card_id = add_card(cli, "on ops", "--board", "Ops")
    assert "another board" in cli.fails(store, "risk", "edit", risk_id, "--card", card_id)


# ----- close, reopen, note, show, delete --------------------------------------------------------


def test_close_and_reopen_with_notes(cli, store):
    risk_id = add_risk(cli, "x")
    tail = short(store, risk_id)
    assert cli.ok("risk", "close", tail, "--note", "went live") == f"{tail}: open -> closed\n"
    raw = stored(store)["risks"][risk_id]
    assert raw["status"] == "closed"
    assert [(n["by"], n["text"]) for n in raw["notes"]] == [(USER, "went live")]
    before = store.read_bytes()
    again = cli.ok("risk", "close", tail, "--note", "twice")
    assert "already closed" in again and "not added" in again
    assert store.read_bytes() == before
    assert cli.ok("risk", "reopen", tail) == f"{tail}: closed -> open\n"
    assert stored(store)["risks"][risk_id]["status"] == "open"
    assert "not closed" in cli.ok("risk", "reopen", tail)
    assert len(stored(store)["risks"][risk_id]["notes"]) == 1


def test_note_adds_a_dated_line_by_the_user(cli, store):
    risk_id = add_risk(cli, "x")
    out = cli.ok("risk", "note", risk_id, "reviewed  with\nthe client")
    assert out.startswith(f"{short(store, risk_id)}: noted ") and USER in out
    (note,) = stored(store)["risks"][risk_id]["notes"]
    assert (note["by"], note["text"]) == (USER, "reviewed with the client")
    assert "empty" in cli.fails(store, "risk", "note", risk_id, "  ")


def test_show_has_every_field_and_the_notes(cli, store):
    card_id = add_card(cli, "ERP rollout")
    risk_id = add_risk(
        cli,
        "Key user leaves",
        "--card",
        card_id,
        "--category",
        "operational",
        "--probability",
        "4",
        "--impact",
        "3",
        "--owner",
        "ana",
        "--response",
        "transfer",
        "--prevention",
        "pair her",
        "--contingency",
        "hire",
        "--trigger",
        "notice",
        "--review",
        "2026-12-01",
        "--description",
        "first\nsecond",
    )
    cli.ok("risk", "note", risk_id, "checked")
    tail = short(store, risk_id)
    out = cli.ok("risk", "show", tail)
    assert out.startswith(f"{tail}  Key user leaves\n")
    card_short = Repository(store, who=USER).cards.short_id(card_id)
    for line in (
        f"id           {risk_id}",
        "board        Client services",
        f"card         {card_short} ERP rollout",
        "kind         threat",
        "category     operational",
        "score        12 (high): probability 4 x impact 3",
        "status       open",
        "owner        ana",
        "response     transfer",
        "prevention   pair her",
        "contingency  hire",
        "trigger      notice",
        "first\nsecond",
        "notes (1)",
        f"{today().isoformat()} {USER}: checked",
    ):
        assert line in out, line
    assert "review       2026-12-01" in out
    data = json.loads(cli.ok("risk", "show", risk_id.lower(), "--format", "json"))
    assert (data["id"], data["score"], data["level"]) == (risk_id, 12, "high")
    assert [n["text"] for n in data["notes"]] == ["checked"]


def test_show_a_board_risk_without_values(cli, store):
    out = cli.ok("risk", "show", add_risk(cli, "bare"))
    assert "card         - (the whole board)" in out
    assert "owner        -" in out and "review       -" in out and "notes (0)" in out


def test_delete_needs_yes(cli, store):
    risk_id = add_risk(cli, "doomed")
    err = cli.fails(store, "risk", "delete", risk_id)
    assert "--yes" in err and "doomed" in err
    assert risk_id in stored(store)["risks"]
    out = cli.ok("risk", "delete", risk_id, "--yes")
    assert "deleted" in out and "doomed" in out
    assert risk_id not in stored(store)["risks"]
    assert listed_ids(cli) == []
    assert "no record" in cli.fails(store, "risk", "show", risk_id)


# ----- ids and text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "{}"],
        ["edit", "{}", "--probability", "2"],
        ["close", "{}"],
        ["reopen", "{}"],
        ["note", "{}", "text"],
        ["delete", "{}", "--yes"],
    ],
)
def test_unknown_and_ambiguous_risk_ids(cli, store, argv):
    a = add_risk(cli, "a")
    b = add_risk(cli, "b")

    def command(typed: str) -> list[str]:
        return ["risk", *(typed if part == "{}" else part for part in argv)]

    err = cli.fails(store, *command("ZZZZZZZZ"))
    assert "risk" in err and "no record" in err and "'ZZZZZZZZ'" in err
    shared = os.path.commonprefix([a, b])  # the time head both ids start with
    assert len(shared) >= 4 and not a.endswith(shared) and not b.endswith(shared)
    err = cli.fails(store, *command(shared))
    assert "ambiguous" in err and repr(shared) in err


def test_a_card_id_is_not_a_risk_id(cli, store):
    card_id = add_card(cli, "ERP")
    add_risk(cli, "x")
    assert "no record" in cli.fails(store, "risk", "show", card_id)


def test_user_text_prints_literally(cli, store):
    risk_id = add_risk(
        cli, "evil \x1b[2J title [bold]x[/bold]", "--owner", "o\x1b]0;", "--trigger", "t\x07"
    )
    cli.ok("risk", "note", risk_id, "note \x1b[31mred")
    outputs = [
        cli.ok("risk", "list"),
        cli.ok("risk", "list", "--format", "md"),
        cli.ok("risk", "show", risk_id),
    ]
    for out in outputs:
        assert "\x1b" not in out and "\x07" not in out
        assert "^[[2J" in out
        assert "[bold]x[/bold]" in out
    assert "o^[]0;" in outputs[2] and "t^G" in outputs[2] and "note ^[[31mred" in outputs[2]
    out = cli.ok("risk", "list", "--format", "json")
    assert "\x1b" not in out
    (risk,) = json.loads(out)
    assert risk["title"] == "evil \x1b[2J title [bold]x[/bold]"  # JSON escapes it: \u001b


def test_risk_help_exits_zero(cli, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["risk", "add", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("--probability", "--response", "--review", "--card"):
        assert option in out
