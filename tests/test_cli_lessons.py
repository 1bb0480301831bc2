"""`pstui lessons`, `pstui lesson` and `pstui retro`, run in-process: the knowledge base and
a card's retrospective from scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pstui.cli import EXIT_USAGE, main
from pstui.model.dates import today
from pstui.store.repository import Repository
from pstui.store.templates import load_template

USER = "lesson-tester"


@pytest.fixture
def store(work) -> Path:
    path = work / "pstui.json"
    Repository.create(path, "Client services", load_template("service").workflow, USER).close()
    return path


def stored(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def add_card(cli, title: str, *extra: str) -> str:
    return cli.ok("card", "add", title, *extra).strip()


def add_lesson(cli, title: str, *extra: str) -> str:
    out = cli.ok("lesson", "add", title, *extra)
    assert out.count("\n") == 1
    return out.strip()


def repo(store: Path) -> Repository:
    return Repository(store, who=USER)


def item_done(store: Path, card_id: str, criterion: str) -> bool:
    card = stored(store)["cards"][card_id]
    (item,) = [
        i for items in card["checklists"].values() for i in items if i["criterion"] == criterion
    ]
    return item["done"]


def rows(out: str) -> tuple[str, list[str]]:
    lines = out.rstrip("\n").split("\n")
    return lines[0], lines[1:]


def found(cli, *extra: str) -> list[str]:
    return [x["id"] for x in json.loads(cli.ok("lessons", "--format", "json", *extra))]


# ----- lesson add -------------------------------------------------------------------------------


def test_add_prints_the_id_and_stores_the_lesson(cli, store):
    code, out, err = cli(
        "lesson",
        "add",
        "  Agree data  retention early ",
        "--text",
        "Ask in the kickoff.\nNot at handover.",
        "--tag",
        "data",
        "--tag",
        "gdpr, #kickoff",
        "--tag",
        "data",
    )
    assert code == 0 and err == ""
    lesson_id = out.strip()
    assert out == lesson_id + "\n" and len(lesson_id) == 26
    raw = stored(store)["lessons"][lesson_id]
    assert raw["title"] == "Agree data retention early"
    assert raw["text"] == "Ask in the kickoff.\nNot at handover."
    assert (raw["kind"], raw["tags"], raw["by"]) == ("lesson", ["data", "gdpr", "kickoff"], USER)
    assert (raw["card"], raw["board"], raw["client"], raw["retro"]) == (None, None, "", None)
    events = [e for e in stored(store)["events"].values() if e["record"] == lesson_id]
    assert [(e["by"], e["action"], e["table"]) for e in events] == [(USER, "create", "lessons")]


def test_add_from_a_card_takes_its_board_and_client_and_ticks_its_gate(cli, store):
    card_id = add_card(cli, "ERP", "--stage", "review", "--client", "Kestrel")
    assert item_done(store, card_id, "lessons-learned") is False
    lesson_id = add_lesson(cli, "Dry-run at volume", "--card", card_id[-5:])
    raw = stored(store)["lessons"][lesson_id]
    (board_id,) = stored(store)["boards"]
    assert (raw["card"], raw["board"], raw["client"]) == (card_id, board_id, "Kestrel")
    assert item_done(store, card_id, "lessons-learned") is True
    other = add_lesson(cli, "x", "--card", card_id, "--client", "Kestrel UK")
    assert stored(store)["lessons"][other]["client"] == "Kestrel UK"


def test_a_faq_or_know_how_entry_ticks_the_knowledge_base_item(cli, store):
    card_id = add_card(cli, "HR portal", "--stage", "enablement")
    add_lesson(cli, "How do I reset a password?", "--kind", "faq", "--card", card_id)
    assert item_done(store, card_id, "knowledge-base") is True
    raw = next(iter(stored(store)["lessons"].values()))
    assert raw["kind"] == "faq"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["  "], ["empty"]),
        (["x", "--card", "ZZZZZZ"], ["--card", "no record", "'ZZZZZZ'"]),
    ],
)
def test_add_errors_are_clear_and_write_nothing(cli, store, argv, words):
    err = cli.fails(store, "lesson", "add", *argv)
    for word in words:
        assert word in err, err
    assert stored(store)["lessons"] == {}


def test_add_unknown_kind_is_a_usage_error(cli, store, capsys):
    before = store.read_bytes()
    with pytest.raises(SystemExit) as exit_:
        main(["lesson", "add", "x", "--kind", "rumour"])
    assert exit_.value.code == EXIT_USAGE
    assert "invalid choice" in capsys.readouterr().err
    assert store.read_bytes() == before


# ----- lessons: the search ----------------------------------------------------------------------


@pytest.fixture
def base(cli, store) -> dict[str, str]:
    card_id = add_card(cli, "ERP rollout", "--client", "Kestrel")
    return {
        "card": card_id,
        "retention": add_lesson(
            cli,
            "Agree data retention early",
            "--text",
            "Ask in the kickoff | not at handover.",
            "--tag",
            "Data,gdpr",
            "--card",
            card_id,
        ),
        "vpn": add_lesson(
            cli, "How to get VPN access", "--kind", "faq", "--tag", "access", "--client", "Bluefin"
        ),
        "migration": add_lesson(
            cli,
            "数据迁移前先做两轮演练",
            "--kind",
            "know-how",
            "--text",
            "核对库位、批次和数量",
            "--tag",
            "data",
            "--tag",
            "迁移",
        ),
    }


def test_lessons_table_newest_first(cli, store, base):
    r = repo(store)
    header, lines = rows(cli.ok("lessons"))
    assert header.split() == ["ID", "KIND", "WRITTEN", "TAGS", "CARD", "CLIENT", "TITLE"]
    order = ["migration", "vpn", "retention"]
    assert [line.split()[0] for line in lines] == [r.lessons.short_id(base[k]) for k in order]
    assert lines[1].split()[1:4] == ["faq", today().isoformat(), "access"]
    assert lines[1].endswith("Bluefin            How to get VPN access")
    assert r.cards.short_id(base["card"]) in lines[2].split() and "Kestrel" in lines[2]
    assert lines[0].endswith("数据迁移前先做两轮演练")
    assert found(cli) == [base[k] for k in order]


def test_lessons_search_tag_and_kind(cli, store, base):
    assert found(cli, "--search", "retention KICKOFF") == [base["retention"]]
    assert found(cli, "--search", "retention vpn") == []  # every word must appear
    assert found(cli, "--search", "kestrel") == [base["retention"]]  # the client too
    assert found(cli, "--search", "迁移") == [base["migration"]]  # Chinese by substring
    assert found(cli, "--search", "库位") == [base["migration"]]
    assert found(cli, "--tag", "data") == [base["migration"], base["retention"]]  # any case
    assert found(cli, "--tag", "DATA", "--tag", "gdpr") == [base["retention"]]  # all of them
    assert found(cli, "--tag", "data,迁移") == [base["migration"]]
    assert found(cli, "--tag", "#data", "--tag", "GDPR") == [base["retention"]]  # as stored
    assert found(cli, "--tag", "nothing") == []
    assert found(cli, "--kind", "faq") == [base["vpn"]]
    assert found(cli, "--kind", "know-how", "--tag", "data") == [base["migration"]]
    assert found(cli, "--kind", "lesson", "--search", "vpn") == []
    assert found(cli, "--search", "#access") == [base["vpn"]]  # as the screen's search box


def test_lessons_markdown_has_the_text(cli, store, base):
    r = repo(store)
    lines = cli.ok("lessons", "--tag", "gdpr", "--format", "md").splitlines()
    assert lines[0] == "| ID | Kind | Written | Tags | Card | Client | Title | Text |"
    assert lines[1] == "|---|---|---|---|---|---|---|---|"
    assert lines[2] == (
        f"| {r.lessons.short_id(base['retention'])} | lesson | {today().isoformat()} | Data, gdpr "
        f"| {r.cards.short_id(base['card'])} | Kestrel | Agree data retention early "
        "| Ask in the kickoff \\| not at handover. |"
    )
    assert len(lines) == 3


def test_lessons_json_is_stable(cli, store, base):
    out = cli.ok("lessons", "--format", "json")
    data = json.loads(out)
    assert all(list(x) == sorted(x) for x in data)
    (faq,) = [x for x in data if x["kind"] == "faq"]
    assert faq["short_id"] == repo(store).lessons.short_id(base["vpn"])
    for name in ("title", "text", "kind", "tags", "board", "card", "client", "retro", "by"):
        assert name in faq
    assert "数据迁移前先做两轮演练" in out  # UTF-8, not \u escapes


def test_lessons_of_an_empty_knowledge_base(cli, store):
    header, lines = rows(cli.ok("lessons"))
    assert lines == [] and header.startswith("ID")
    assert found(cli) == []


# ----- lesson show ------------------------------------------------------------------------------


def test_lesson_show_text_and_json(cli, store, base):
    r = repo(store)
    short = r.lessons.short_id(base["retention"])
    out = cli.ok("lesson", "show", short)
    assert out.startswith(f"{short}  Agree data retention early\n")
    for line in (
        f"id       {base['retention']}",
        "kind     lesson",
        "tags     Data, gdpr",
        f"card     {r.cards.short_id(base['card'])} ERP rollout",
        "client   Kestrel",
        "from     -",
        f"written  {today().isoformat()} by {USER}",
        "\nAsk in the kickoff | not at handover.\n",
    ):
        assert line in out, line
    bare = cli.ok("lesson", "show", base["vpn"])
    assert "card     -" in bare and "tags     access" in bare
    data = json.loads(cli.ok("lesson", "show", base["migration"], "--format", "json"))
    assert (data["id"], data["kind"], data["tags"]) == (
        base["migration"],
        "know-how",
        ["data", "迁移"],
    )
    err = cli.fails(store, "lesson", "show", "ZZZZZZ")
    assert "lesson" in err and "no record" in err


def test_lesson_written_from_a_retrospective_says_so(cli, store):
    card_id = add_card(cli, "ERP", "--stage", "review")
    cli.ok("retro", "save", card_id)
    r = repo(store)
    retro = r.retros.of_card(card_id)
    lesson = r.lessons.add("From the review", card=card_id, retro=retro.id)
    r.close()
    out = cli.ok("lesson", "show", lesson.id)
    assert f"from     the retrospective of {r.cards.short_id(card_id)} ERP" in out


# ----- retro ------------------------------------------------------------------------------------


def test_retro_save_writes_it_ticks_review_meeting_and_shows_it(cli, store):
    card_id = add_card(cli, "Document migration", "--stage", "review")
    short = repo(store).cards.short_id(card_id)
    assert item_done(store, card_id, "review-meeting") is False
    out = cli.ok(
        "retro",
        "save",
        short,
        "--held",
        "2026-11-19",
        "--goals",
        "partly",
        "--goals-note",
        "search speed came later",
        "--planned-start",
        "2026-06-01",
        "--planned-end",
        "2026-10-31",
        "--actual-start",
        "2026-06-08",
        "--actual-end",
        "2026-11-14",
        "--budget-planned",
        "120,000",
        "--budget-actual",
        "131500.50",
        "--went-well",
        "Mapping workshop\nNightly loads",
        "--to-improve",
        "Load test earlier",
        "--action",
        "Dry run at volume",
        "--action",
        "Agree retention in the kickoff",
    )
    assert out == f"{short}: wrote the retrospective held 2026-11-19; added 2 actions\n"
    (raw,) = stored(store)["retros"].values()
    assert (raw["card"], raw["held_on"], raw["goals"], raw["by"]) == (
        card_id,
        "2026-11-19",
        "partly",
        USER,
    )
    assert (raw["budget_planned"], raw["budget_actual"]) == (120000.0, 131500.5)
    assert [a["text"] for a in raw["actions"]] == [
        "Dry run at volume",
        "Agree retention in the kickoff",
    ]
    assert item_done(store, card_id, "review-meeting") is True
    shown = cli.ok("retro", "show", card_id)
    assert shown.splitlines() == [
        f"retrospective of {short} Document migration",
        f"held       2026-11-19 by {USER}",
        "goals      partly: search speed came later",
        "schedule   planned 2026-06-01 to 2026-10-31; actual 2026-06-08 to 2026-11-14; "
        "14 days late",
        "budget     planned 120,000; actual 131,500.50; +9.6%",
        "",
        "went well",
        "  Mapping workshop",
        "  Nightly loads",
        "",
        "to improve",
        "  Load test earlier",
        "",
        "actions (2)",
        "  - Dry run at volume",
        "  - Agree retention in the kickoff",
    ]
    data = json.loads(cli.ok("retro", "show", short, "--format", "json"))
    assert list(data) == sorted(data)
    assert (data["schedule_slip"], data["budget_variance"]) == (14, 100 * 11500.5 / 120000)
    assert data["went_well"] == "Mapping workshop\nNightly loads"


def test_retro_save_edits_only_the_given_fields(cli, store):
    card_id = add_card(cli, "ERP", "--stage", "review")
    short = repo(store).cards.short_id(card_id)
    assert cli.ok("retro", "save", card_id).startswith(f"{short}: wrote the retrospective held ")
    (raw,) = stored(store)["retros"].values()
    assert (raw["held_on"], raw["goals"]) == (today().isoformat(), "unassessed")  # never a guess
    out = cli.ok(
        "retro", "save", card_id, "--goals", "no", "--to-improve", "Scope", "--held", "2026-11-01"
    )
    assert out == f"{short}: edited goals, held_on, to_improve\n"
    assert cli.ok("retro", "save", card_id, "--goals", "no") == f"{short}: nothing changed\n"
    cli.ok("retro", "save", card_id, "--planned-end", "2026-12-01", "--budget-planned", "5000")
    out = cli.ok("retro", "save", card_id, "--planned-end", "none", "--budget-planned", "none")
    assert out == f"{short}: edited budget_planned, planned_end\n"
    (raw,) = stored(store)["retros"].values()
    assert (raw["goals"], raw["to_improve"], raw["planned_end"], raw["budget_planned"]) == (
        "no",
        "Scope",
        None,
        None,
    )
    assert cli.ok("retro", "save", card_id, "--action", "x") == f"{short}: added 1 action\n"
    assert len(stored(store)["retros"]) == 1  # one per card
    bare = cli.ok("retro", "show", card_id)
    assert "schedule   -" in bare and "budget     -" in bare and "went well\n  -\n" in bare


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--budget-actual", "lots"], ["--budget-actual", "'lots'", "amount"]),
        (["--budget-planned", "nan"], ["--budget-planned", "'nan'"]),
        (["--budget-planned", "-5"], ["budget planned", "from 0"]),
        (["--budget-planned", "1e308"], ["budget planned", "from 0"]),
        (["--held", "+3d"], ["a day still to come"]),
        (["--held", "someday"], ["'someday'"]),
        (["--held", "none"], ["--held needs a date"]),
        (["--planned-start", "2026-10-01", "--planned-end", "2026-09-01"], ["planned end"]),
    ],
)
def test_retro_save_bad_values_write_nothing(cli, store, argv, words):
    card_id = add_card(cli, "ERP", "--stage", "review")
    err = cli.fails(store, "retro", "save", card_id, *argv)
    for word in words:
        assert word in err, err
    assert stored(store)["retros"] == {}
    assert item_done(store, card_id, "review-meeting") is False


def test_retro_errors(cli, store):
    card_id = add_card(cli, "ERP")
    short = repo(store).cards.short_id(card_id)
    err = cli.fails(store, "retro", "show", card_id)
    assert "no retrospective" in err and f"pstui retro save {short}" in err
    assert "card" in cli.fails(store, "retro", "show", "ZZZZZZ")
    assert "no record" in cli.fails(store, "retro", "save", "ZZZZZZ")
    cli.ok("retro", "save", card_id)
    err = cli.fails(store, "retro", "save", card_id)
    assert "nothing to change" in err


def test_retro_goals_is_a_choice(cli, store, capsys):
    card_id = add_card(cli, "ERP")
    with pytest.raises(SystemExit) as exit_:
        main(["retro", "save", card_id, "--goals", "mostly"])
    assert exit_.value.code == EXIT_USAGE
    assert "invalid choice" in capsys.readouterr().err


def test_an_action_made_a_card_shows_it(cli, store):
    card_id = add_card(cli, "ERP", "--stage", "review")
    cli.ok("retro", "save", card_id, "--action", "Standard UAT scripts")
    r = repo(store)
    retro = r.retros.of_card(card_id)
    made = r.retros.action_to_card(retro.id, retro.actions[0].id)
    r.close()
    out = cli.ok("retro", "show", card_id)
    assert f"  - Standard UAT scripts  -> card {r.cards.short_id(made.id)} Standard UAT" in out


# ----- text -------------------------------------------------------------------------------------


def test_user_text_prints_literally(cli, store):
    card_id = add_card(cli, "e\x1b[2J [b]x[/b]", "--stage", "review")
    lesson_id = add_lesson(
        cli,
        "t\x1b[31m",
        "--text",
        "a\x07b",
        "--tag",
        "g\x1b",
        "--client",
        "c\x1b]0;",
        "--card",
        card_id,
    )
    cli.ok("retro", "save", card_id, "--went-well", "w\x1b[1m", "--action", "act\x07")
    outputs = [
        cli.ok("lessons"),
        cli.ok("lessons", "--format", "md"),
        cli.ok("lesson", "show", lesson_id),
        cli.ok("retro", "show", card_id),
    ]
    for out in outputs:
        assert "\x1b" not in out and "\x07" not in out
    assert "t^[[31m" in outputs[0] and "c^[]0;" in outputs[0] and "g^[" in outputs[0]
    assert "a^Gb" in outputs[1] and "a^Gb" in outputs[2]
    assert "^[[2J [b]x[/b]" in outputs[3] and "w^[[1m" in outputs[3] and "act^G" in outputs[3]
    out = cli.ok("lessons", "--format", "json")
    assert "\x1b" not in out and json.loads(out)[0]["title"] == "t\x1b[31m"


def test_help_exits_zero(cli, capsys):
    for argv, options in (
        (["lessons", "--help"], ("--search", "--tag", "--kind", "--format")),
        (["lesson", "add", "--help"], ("--text", "--kind", "--tag", "--card", "--client")),
        (["retro", "save", "--help"], ("--goals", "--went-well", "--to-improve", "--held")),
    ):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 0
        out = capsys.readouterr().out
        for option in options:
            assert option in out
