"""`pstui survey`, run in-process: surveys sent, responses entered, scores, from scripts."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pstui.cli import EXIT_USAGE, main
from pstui.model.dates import parse_due, today
from pstui.store.repository import Repository
from pstui.store.templates import load_template

USER = "survey-tester"
QUESTIONS = ["overall", "quality", "communication", "handover", "recommend", "effort"]
FULL = [
    "--answer",
    "overall=5",
    "--answer",
    "quality=4",
    "--answer",
    "communication=3",
    "--answer",
    "handover=4",
    "--answer",
    "recommend=9",
    "--answer",
    "effort=6",
]


@pytest.fixture
def store(work) -> Path:
    path = work / "pstui.json"
    Repository.create(path, "Client services", load_template("service").workflow, USER).close()
    return path


def stored(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def add_card(cli, title: str, *extra: str) -> str:
    return cli.ok("card", "add", title, *extra).strip()


def send(cli, card: str, *extra: str, contact: str = "Jane Roe") -> str:
    out = cli.ok("survey", "send", card, "--contact", contact, *extra)
    assert out.count("\n") == 1
    return out.strip()


def respond(cli, survey: str, *extra: str) -> tuple[str, str]:
    """The response's id (the first line) and the rest of what was printed."""
    out = cli.ok("survey", "respond", survey, *extra)
    first, _, rest = out.partition("\n")
    return first, rest


def answers(*pairs: str) -> list[str]:
    return [part for pair in pairs for part in ("--answer", pair)]


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


def listed(cli, *extra: str) -> list[dict]:
    return json.loads(cli.ok("survey", "list", "--format", "json", *extra))


def days(offset: int) -> str:
    return today().add(days=offset).isoformat()


def keys_sorted(value) -> bool:
    """Every object in the JSON has its keys in sorted order."""
    if isinstance(value, dict):
        return list(value) == sorted(value) and all(keys_sorted(v) for v in value.values())
    if isinstance(value, list):
        return all(keys_sorted(v) for v in value)
    return True


# ----- send -------------------------------------------------------------------------------------


def test_send_prints_the_id_and_stores_the_survey_with_its_questions(cli, store):
    card_id = add_card(cli, "ERP rollout", "--stage", "review")
    code, out, err = cli(
        "survey",
        "send",
        card_id[-5:],
        "--contact",
        "  Jane   Roe ",
        "--on",
        "2026-11-01",
        "--due",
        "2026-11-15",
    )
    assert code == 0 and err == ""
    survey_id = out.strip()
    assert out == survey_id + "\n" and len(survey_id) == 26
    raw = stored(store)["surveys"][survey_id]
    (board_id,) = stored(store)["boards"]
    assert (raw["card"], raw["board"], raw["contact"]) == (card_id, board_id, "Jane Roe")
    assert (raw["sent_on"], raw["due"], raw["template"]) == ("2026-11-01", "2026-11-15", "standard")
    assert raw["sent_by"] == USER
    assert raw["title"] == "Post-delivery satisfaction survey"
    assert [q["id"] for q in raw["questions"]] == [*QUESTIONS, "suggestions"]
    assert [q["scale"] for q in raw["questions"]] == ["csat"] * 4 + ["nps", "ces", "text"]
    events = [e for e in stored(store)["events"].values() if e["record"] == survey_id]
    assert [(e["by"], e["action"], e["table"]) for e in events] == [(USER, "create", "surveys")]
    assert item_done(store, card_id, "satisfaction-survey") is False  # sent is not answered


def test_send_defaults_and_relative_dates(cli, store):
    card_id = add_card(cli, "ERP")
    survey_id = send(cli, card_id, "--due", "+2w", "--title", "Pulse  check")
    raw = stored(store)["surveys"][survey_id]
    assert (raw["sent_on"], raw["due"], raw["title"]) == (
        today().isoformat(),
        parse_due("+2w"),
        "Pulse check",
    )
    survey_id = send(cli, card_id)
    assert stored(store)["surveys"][survey_id]["due"] is None


def test_send_on_a_chinese_board_takes_the_chinese_template(cli, store):
    cli.ok("board", "add", "客户服务项目", "--template", "service-zh")
    card_id = add_card(cli, "ERP 系统实施", "--board", "客户服务项目")
    survey_id = send(cli, card_id, contact="陈经理")
    raw = stored(store)["surveys"][survey_id]
    assert raw["template"] == "standard-zh" and raw["title"] == "项目交付客户满意度调查"
    survey_id = send(cli, card_id, "--template", "standard")
    assert stored(store)["surveys"][survey_id]["template"] == "standard"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["ZZZZZZ", "--contact", "x"], ["card", "no record", "'ZZZZZZ'"]),
        (["{card}", "--contact", "x", "--template", "nope"], ["'nope'", "standard"]),
        (["{card}", "--contact", "  "], ["contact", "empty"]),
        (["{card}", "--contact", "x", "--on", "someday"], ["'someday'", "2026-12-01"]),
        (["{card}", "--contact", "x", "--due", "soon"], ["'soon'"]),
        (["{card}", "--contact", "x", "--on", "none"], ["--on needs a date"]),
        (
            ["{card}", "--contact", "x", "--on", "2026-11-10", "--due", "2026-11-01"],
            ["due 2026-11-01", "before it is sent"],
        ),
    ],
)
def test_send_errors_are_clear_and_write_nothing(cli, store, argv, words):
    card_id = add_card(cli, "ERP")
    err = cli.fails(store, "survey", "send", *(card_id if a == "{card}" else a for a in argv))
    for word in words:
        assert word in err, err
    assert stored(store)["surveys"] == {}


def test_send_without_a_contact_is_a_usage_error(cli, store, capsys):
    card_id = add_card(cli, "ERP")
    before = store.read_bytes()
    with pytest.raises(SystemExit) as exit_:
        main(["survey", "send", card_id])
    assert exit_.value.code == EXIT_USAGE
    assert "--contact" in capsys.readouterr().err
    assert store.read_bytes() == before


# ----- templates --------------------------------------------------------------------------------

PULSE = """title = "Quick pulse"

[[questions]]
id = "happy"
scale = "csat"
text = "How happy are you?"

[[questions]]
id = "easy"
scale = "ces"
text = "We made it easy."
"""


def test_templates_lists_the_shipped_and_the_stores_own(cli, store):
    header, lines = rows(cli.ok("survey", "templates"))
    assert header.split() == ["NAME", "SOURCE", "QUESTIONS", "TITLE"]
    assert [line.split()[:2] for line in lines] == [
        ["standard", "shipped"],
        ["standard-zh", "shipped"],
    ]
    assert "7: 4 csat, 1 nps, 1 ces, 1 text" in lines[0]
    own = store.parent / "pstui-surveys"
    own.mkdir()
    (own / "pulse.toml").write_text(PULSE, encoding="utf-8")
    _, lines = rows(cli.ok("survey", "templates"))
    assert [line.split()[:2] for line in lines][-1] == ["pulse", "store"]
    assert lines[-1].endswith("Quick pulse") and "2: 1 csat, 1 ces" in lines[-1]
    data = json.loads(cli.ok("survey", "templates", "--format", "json"))
    assert [(t["name"], t["source"]) for t in data] == [
        ("standard", "shipped"),
        ("standard-zh", "shipped"),
        ("pulse", "store"),
    ]
    assert [q["id"] for q in data[-1]["questions"]] == ["happy", "easy"]
    md = cli.ok("survey", "templates", "--format", "md").splitlines()
    assert md[0] == "| Name | Source | Questions | Title |"
    assert md[-1] == "| pulse | store | 2: 1 csat, 1 ces | Quick pulse |"
    card_id = add_card(cli, "ERP")
    survey_id = send(cli, card_id, "--template", "pulse")
    raw = stored(store)["surveys"][survey_id]
    assert raw["title"] == "Quick pulse" and [q["id"] for q in raw["questions"]] == [
        "happy",
        "easy",
    ]


def test_a_broken_store_template_is_named(cli, store):
    own = store.parent / "pstui-surveys"
    own.mkdir()
    (own / "broken.toml").write_text("title = \n", encoding="utf-8")
    err = cli.fails(store, "survey", "templates")
    assert "'broken'" in err and "TOML" in err


# ----- respond ----------------------------------------------------------------------------------


def test_respond_stores_raw_answers_and_ticks_the_gate(cli, store):
    card_id = add_card(cli, "ERP", "--stage", "review")
    survey_id = send(cli, card_id, "--on", "2026-11-01")
    response_id, rest = respond(
        cli,
        survey_id[-4:],
        *FULL,
        "--answer",
        "suggestions=Weekly demos, please",
        "--on",
        "2026-11-03",
    )
    assert len(response_id) == 26
    short = repo(store).surveys.responses.short_id(response_id)
    assert rest == (
        f"recorded response {short} from Jane Roe to survey "
        f"{repo(store).surveys.short_id(survey_id)} (7 of 7 questions answered)\n"
    )
    raw = stored(store)["responses"][response_id]
    assert (raw["survey"], raw["card"], raw["respondent"]) == (survey_id, card_id, "Jane Roe")
    assert (raw["answered_on"], raw["complete"], raw["entered_by"]) == ("2026-11-03", True, USER)
    assert [(a["id"], a["scale"], a["value"]) for a in raw["answers"]] == [
        ("overall", "csat", 5),
        ("quality", "csat", 4),
        ("communication", "csat", 3),
        ("handover", "csat", 4),
        ("recommend", "nps", 9),
        ("effort", "ces", 6),
        ("suggestions", "text", "Weekly demos, please"),
    ]
    assert raw["answers"][0]["question"].startswith("Overall, how satisfied")
    assert item_done(store, card_id, "satisfaction-survey") is True
    assert item_done(store, card_id, "client-suggestions") is True
    assert [s["status"] for s in listed(cli)] == ["answered"]


def test_respond_without_a_suggestion_leaves_client_suggestions_open(cli, store):
    card_id = add_card(cli, "ERP", "--stage", "review")
    survey_id = send(cli, card_id)
    respond(cli, survey_id, *FULL, "--respondent", "Max Mustermann", "--answer", "suggestions=")
    (raw,) = stored(store)["responses"].values()
    assert raw["respondent"] == "Max Mustermann"
    assert "suggestions" not in [a["id"] for a in raw["answers"]]  # empty text is no answer
    assert item_done(store, card_id, "satisfaction-survey") is True
    assert item_done(store, card_id, "client-suggestions") is False


def test_a_partial_response_lists_what_is_unanswered_and_resumes(cli, store):
    card_id = add_card(cli, "ERP", "--stage", "review")
    survey_id = send(cli, card_id)
    survey_short = repo(store).surveys.short_id(survey_id)
    response_id, rest = respond(
        cli, survey_id, *answers("overall=4", "recommend=10"), "--partial", "--on", "today"
    )
    short = repo(store).surveys.responses.short_id(response_id)
    lines = rest.splitlines()
    assert lines[0] == (
        f"saved part of response {short} from Jane Roe to survey {survey_short} "
        "(2 of 7 questions answered)"
    )
    assert lines[1] == "still unanswered:"
    assert [line.split()[:2] for line in lines[2:6]] == [
        ["quality", "1-5"],
        ["communication", "1-5"],
        ["handover", "1-5"],
        ["effort", "1-7"],
    ]
    assert "made it easy" in lines[5]
    assert lines[6] == (
        f"go on with: pstui survey respond {survey_short} --resume {short} "
        "--answer QUESTION=VALUE ..."
    )
    assert stored(store)["responses"][response_id]["complete"] is False
    assert item_done(store, card_id, "satisfaction-survey") is False
    assert [s["status"] for s in listed(cli)] == ["partial"]
    # Resumed part way again: the answers so far are kept, a new one is added.
    again, rest = respond(cli, survey_id, "--resume", short, "--answer", "quality=2", "--partial")
    assert again == response_id and "3 of 7" in rest and "quality" not in rest.split("still")[1]
    # Finished: an earlier answer changed, the rest given; the same response, now complete.
    done, rest = respond(
        cli,
        survey_id,
        "--resume",
        response_id,
        *answers("overall=5", "communication=4", "handover=4", "effort=7"),
        "--respondent",
        "Jane R.",
    )
    assert done == response_id
    assert rest.startswith(f"recorded response {short} from Jane R.") and "6 of 7" in rest
    (raw,) = stored(store)["responses"].values()
    assert raw["complete"] is True and raw["respondent"] == "Jane R."
    values = {a["id"]: a["value"] for a in raw["answers"]}
    assert values == {
        "overall": 5,
        "quality": 2,
        "communication": 4,
        "handover": 4,
        "recommend": 10,
        "effort": 7,
    }
    assert item_done(store, card_id, "satisfaction-survey") is True
    assert [s["status"] for s in listed(cli)] == ["answered"]


def test_resume_with_no_new_answers_completes_the_response(cli, store):
    survey_id = send(cli, add_card(cli, "ERP"))
    response_id, _ = respond(cli, survey_id, *FULL, "--partial")
    _, rest = respond(cli, survey_id, "--resume", response_id)
    assert rest.startswith("recorded response")
    assert stored(store)["responses"][response_id]["complete"] is True


def test_a_complete_response_may_skip_questions_and_says_which(cli, store):
    survey_id = send(cli, add_card(cli, "ERP"))
    _, rest = respond(cli, survey_id, *answers("overall=3", "recommend=0"))
    assert rest.splitlines()[1] == "left unanswered: quality, communication, handover, effort"


@pytest.mark.parametrize(
    ("pair", "words"),
    [
        ("overall=6", ["'overall'", "6", "1 to 5"]),
        ("quality=0", ["'quality'", "1 to 5"]),
        ("recommend=11", ["'recommend'", "11", "0 to 10"]),
        ("recommend=-1", ["'recommend'", "'-1'", "0 to 10"]),
        ("effort=8", ["'effort'", "1 to 7"]),
        ("effort=five", ["'effort'", "'five'", "1 to 7"]),
        ("overall=4.5", ["'overall'", "'4.5'"]),
        ("overall=", ["'overall'", "''"]),
        ("speed=3", ["does not ask 'speed'", "overall (1-5)", "recommend (0-10)", "effort (1-7)"]),
        ("overall", ["'overall' is not QUESTION=VALUE"]),
        ("=5", ["'=5' is not QUESTION=VALUE"]),
    ],
)
def test_respond_refuses_answers_out_of_scale_naming_question_and_range(cli, store, pair, words):
    survey_id = send(cli, add_card(cli, "ERP"))
    err = cli.fails(
        store, "survey", "respond", survey_id, "--answer", "handover=4", "--answer", pair
    )
    for word in words:
        assert word in err, err
    assert stored(store)["responses"] == {}


def test_respond_errors_are_clear_and_write_nothing(cli, store):
    card_id = add_card(cli, "ERP")
    survey_id = send(cli, card_id, "--on", "2026-11-10")
    other = send(cli, card_id)
    other_response, _ = respond(cli, other, "--answer", "overall=3", "--partial")
    before = dict(stored(store)["responses"])
    err = cli.fails(store, "survey", "respond", survey_id)
    assert "no answers" in err and "--answer" in err
    err = cli.fails(store, "survey", "respond", survey_id, *answers("overall=3", "overall=4"))
    assert "overall" in err and "twice" in err
    err = cli.fails(store, "survey", "respond", survey_id, *FULL, "--on", "2026-11-01")
    assert "2026-11-01" in err and "before the survey was sent" in err
    err = cli.fails(store, "survey", "respond", survey_id, *FULL, "--on", "whenever")
    assert "'whenever'" in err
    err = cli.fails(store, "survey", "respond", survey_id, *FULL, "--resume", other_response)
    assert "answers survey" in err and repo(store).surveys.short_id(other) in err
    err = cli.fails(store, "survey", "respond", survey_id, *FULL, "--resume", "ZZZZZZ")
    assert "--resume" in err and "no record" in err
    err = cli.fails(store, "survey", "respond", "ZZZZZZ", *FULL)
    assert "survey" in err and "no record" in err and "'ZZZZZZ'" in err
    err = cli.fails(store, "survey", "respond", survey_id, *FULL, "--respondent", " ")
    assert "respondent" in err and "empty" in err
    assert stored(store)["responses"] == before


# ----- list -------------------------------------------------------------------------------------


@pytest.fixture
def four(cli, store) -> dict[str, str]:
    """Four surveys on two cards, one in each status."""
    erp = add_card(cli, "ERP rollout", "--client", "Kestrel")
    crm = add_card(cli, "CRM | portal", "--client", "Bluefin")
    surveys = {
        "overdue": send(cli, erp, "--on", days(-30), "--due", days(-1), contact="Ana"),
        "answered": send(cli, erp, "--on", days(-20), "--due", days(-10), contact="Ben"),
        "partial": send(cli, crm, "--on", days(-10), "--due", days(5), contact="Cy"),
        "sent": send(cli, crm, "--on", days(-2), contact="Dee"),
    }
    respond(cli, surveys["answered"], *FULL, "--on", days(-15))
    respond(cli, surveys["partial"], "--answer", "overall=2", "--partial", "--on", days(-1))
    return surveys | {"erp": erp, "crm": crm}


def test_list_table_shows_status_newest_first(cli, store, four):
    r = repo(store)
    header, lines = rows(cli.ok("survey", "list"))
    assert header.split() == ["ID", "STATUS", "SENT", "DUE", "RESP", "CONTACT", "CARD", "TITLE"]
    expected = ["sent", "partial", "answered", "overdue"]
    assert [line.split()[0] for line in lines] == [r.surveys.short_id(four[s]) for s in expected]
    assert [line.split()[1] for line in lines] == expected
    assert lines[0].split()[2:5] == [days(-2), "0", "Dee"]  # no due date
    assert lines[1].split()[2:6] == [days(-10), days(5), "1", "Cy"]
    assert f"{r.cards.short_id(four['crm'])} CRM | portal" in lines[1]
    assert lines[1].endswith("Post-delivery satisfaction survey")
    assert [s["id"] for s in listed(cli)] == [four[s] for s in expected]


def test_list_filters_by_status_card_and_board(cli, store, four):
    for status in ("sent", "partial", "answered", "overdue"):
        assert [s["id"] for s in listed(cli, "--status", status)] == [four[status]]
    assert [s["id"] for s in listed(cli, "--card", four["erp"][-5:])] == [
        four["answered"],
        four["overdue"],
    ]
    assert len(listed(cli, "--board", "client services")) == 4
    cli.ok("board", "add", "Ops")
    assert listed(cli, "--board", "Ops") == []
    ops_card = add_card(cli, "Ops work", "--board", "Ops")
    on_ops = send(cli, ops_card)
    assert [s["id"] for s in listed(cli, "--board", "Ops")] == [on_ops]
    assert len(listed(cli)) == 5  # every board without --board
    err = cli.fails(store, "survey", "list", "--board", "Ops", "--card", four["erp"])
    assert "not on board" in err
    assert "nowhere" in cli.fails(store, "survey", "list", "--board", "nowhere")
    assert "--card" in cli.fails(store, "survey", "list", "--card", "ZZZZZZ")


def test_list_status_is_a_choice(cli, store, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["survey", "list", "--status", "closed"])
    assert exit_.value.code == EXIT_USAGE
    assert "invalid choice" in capsys.readouterr().err


def test_list_markdown_and_json(cli, store, four):
    r = repo(store)
    lines = cli.ok("survey", "list", "--format", "md").splitlines()
    assert lines[0] == "| ID | Status | Sent | Due | Responses | Contact | Card | Title |"
    assert lines[1] == "|---|---|---|---|---:|---|---|---|"
    assert lines[3] == (
        f"| {r.surveys.short_id(four['partial'])} | partial | {days(-10)} | {days(5)} | 1 | Cy "
        f"| {r.cards.short_id(four['crm'])} CRM \\| portal | Post-delivery satisfaction survey |"
    )
    assert len(lines) == 6
    out = cli.ok("survey", "list", "--format", "json")
    data = json.loads(out)
    assert keys_sorted(data)
    partial = data[1]
    assert partial["id"] == four["partial"]
    assert (partial["status"], partial["response_count"], partial["complete_count"]) == (
        "partial",
        1,
        0,
    )
    assert partial["short_id"] == r.surveys.short_id(four["partial"])
    for name in ("board", "card", "contact", "sent_on", "due", "template", "questions", "title"):
        assert name in partial


def test_list_empty(cli, store):
    header, lines = rows(cli.ok("survey", "list"))
    assert lines == [] and header.startswith("ID")
    assert listed(cli) == []


# ----- show -------------------------------------------------------------------------------------


def test_show_has_questions_responses_answers_scores_and_status(cli, store, four):
    r = repo(store)
    survey_id = four["partial"]
    (partial_id,) = stored(store)["responses"].keys() - {
        rid for rid, raw in stored(store)["responses"].items() if raw["complete"]
    }
    short = r.surveys.short_id(survey_id)
    out = cli.ok("survey", "show", short)
    assert out.startswith(f"{short}  Post-delivery satisfaction survey\n")
    for line in (
        f"id         {survey_id}",
        "board      Client services",
        f"card       {r.cards.short_id(four['crm'])} CRM | portal",
        "contact    Cy",
        f"sent       {days(-10)} by {USER}",
        f"due        {days(5)}",
        "template   standard",
        "status     partial",
        "responses  1 (0 complete, 1 partial)",
        "scores (0 complete responses)",
        "  CSAT  – satisfied: 0 of 0 answers 4 or 5",
        "questions (7)",
        "  recommend      0-10   How likely is it that you would recommend us",
        f"response {r.surveys.responses.short_id(partial_id)}  {days(-1)}  Cy  partial",
        "  overall        2",
        "  unanswered: quality, communication, handover, recommend, effort",
    ):
        assert line in out, line
    answered = cli.ok("survey", "show", four["answered"])
    for line in (
        "status     answered",
        "scores (1 complete response)",
        "  CSAT  75% satisfied: 3 of 4 answers 4 or 5",
        "  NPS   +100: 1 promoter, 0 passives, 0 detractors",
        "  CES   6.0 mean, 100% easy: 1 of 1 answer 5 to 7",
        "  effort         6",
    ):
        assert line in answered, line
    assert "unanswered" not in answered


def test_show_json_has_the_responses_and_exact_scores(cli, store, four):
    data = json.loads(cli.ok("survey", "show", four["answered"], "--format", "json"))
    assert keys_sorted(data)
    assert (data["id"], data["status"], data["complete_count"]) == (four["answered"], "answered", 1)
    (response,) = data["responses"]
    assert response["complete"] is True and response["unanswered"] == []
    assert [a["value"] for a in response["answers"]] == [5, 4, 3, 4, 9, 6]
    assert data["scores"] == {
        "responses": 1,
        "csat": {"percent": 75.0, "satisfied": 3, "answers": 4},
        "nps": {"score": 100.0, "promoters": 1, "passives": 0, "detractors": 0, "answers": 1},
        "ces": {"mean": 6.0, "percent_easy": 100.0, "easy": 1, "total": 6, "answers": 1},
    }
    partial = json.loads(cli.ok("survey", "show", four["partial"], "--format", "json"))
    assert partial["responses"][0]["unanswered"] == [
        "quality",
        "communication",
        "handover",
        "recommend",
        "effort",
    ]
    assert partial["scores"]["csat"] == {"percent": None, "satisfied": 0, "answers": 0}


# ----- scores -----------------------------------------------------------------------------------


@pytest.fixture
def scored(cli, store) -> dict[str, str]:
    """A known set: on ERP (Kestrel) a promoter and a detractor; on CRM (Bluefin) a passive,
    plus a survey never answered and a partial response that does not count."""
    erp = add_card(cli, "ERP rollout", "--client", "Kestrel")
    crm = add_card(cli, "CRM portal", "--client", "Bluefin")
    a = send(cli, erp, "--on", "2026-09-05")
    b = send(cli, erp, "--on", "2026-10-01")
    c = send(cli, crm, "--on", "2026-10-20")
    send(cli, crm, "--on", "2026-10-25")
    partial = send(cli, crm, "--on", "2026-10-26")
    respond(
        cli, a, *answers("overall=5", "quality=4", "recommend=10", "effort=7"), "--on", "2026-09-10"
    )
    respond(
        cli, b, *answers("overall=2", "quality=3", "recommend=3", "effort=2"), "--on", "2026-10-02"
    )
    respond(
        cli, c, *answers("overall=4", "quality=5", "recommend=8", "effort=5"), "--on", "2026-10-21"
    )
    respond(cli, partial, *answers("overall=1", "recommend=0"), "--partial", "--on", "2026-10-27")
    return {"erp": erp, "crm": crm}


def scores(cli, *extra: str) -> list[dict]:
    return json.loads(cli.ok("survey", "scores", "--format", "json", *extra))


def test_scores_total_is_one_row_with_exact_figures(cli, store, scored):
    (total,) = scores(cli)
    assert (total["by"], total["key"], total["label"]) == ("all", "all", "all boards")
    assert total["responses"] == 3
    assert total["csat"] == {"percent": 100 * 4 / 6, "satisfied": 4, "answers": 6}
    assert total["nps"] == {
        "score": 100 * (1 - 1) / 3,
        "promoters": 1,
        "passives": 1,
        "detractors": 1,
        "answers": 3,
    }
    assert total["ces"] == {
        "mean": 14 / 3,
        "percent_easy": 100 * 2 / 3,
        "easy": 2,
        "total": 14,
        "answers": 3,
    }
    assert (total["answered"], total["sent"], total["rate"]) == (3, 5, 60.0)
    header, lines = rows(cli.ok("survey", "scores"))
    assert header.split() == ["SURVEYS", "RESPONSES", "CSAT", "NPS", "CES", "EASY", "RATE"]
    (line,) = lines
    assert line.startswith("all boards ")
    assert line.split()[2:] == ["3", "67%", "(6)", "0", "(3)", "4.7", "(3)", "67%", "3/5", "60%"]
    # The figures sit right-aligned under their headers.
    assert [header.index(h) + len(h) for h in ("RESPONSES", "CSAT", "RATE")] == [
        line.index(" 3 ") + 2,
        line.index("(6)") + 3,
        len(line),
    ]
    (board,) = scores(cli, "--board", "Client services")
    assert board["label"] == "Client services" and board["responses"] == 3


def test_scores_by_card_client_board_and_month(cli, store, scored):
    r = repo(store)
    by_card = scores(cli, "--by", "card")
    assert [g["key"] for g in by_card] == [scored["crm"], scored["erp"]]  # by title, not id
    assert by_card[1]["label"] == f"{r.cards.short_id(scored['erp'])} ERP rollout"
    assert by_card[1]["nps"]["score"] == 0.0 and by_card[1]["nps"]["answers"] == 2
    assert by_card[0]["nps"] == {
        "score": 0.0,
        "promoters": 0,
        "passives": 1,
        "detractors": 0,
        "answers": 1,
    }  # passives only
    assert (by_card[0]["answered"], by_card[0]["sent"]) == (1, 3)
    by_client = scores(cli, "--by", "client")
    assert [(g["label"], g["responses"]) for g in by_client] == [("Bluefin", 1), ("Kestrel", 2)]
    by_month = scores(cli, "--by", "month")
    assert [(g["key"], g["responses"], g["sent"]) for g in by_month] == [
        ("2026-09", 1, 1),
        ("2026-10", 2, 4),
    ]
    assert by_month[0]["csat"]["percent"] == 100.0 and by_month[0]["nps"]["score"] == 100.0
    (board,) = scores(cli, "--by", "board")
    assert board["label"] == "Client services" and board["sent"] == 5
    header, lines = rows(cli.ok("survey", "scores", "--by", "month"))
    assert header.split()[0] == "MONTH"
    assert lines[0].split() == [
        "2026-09",
        "1",
        "100%",
        "(2)",
        "+100",
        "(1)",
        "7.0",
        "(1)",
        "100%",
        "1/1",
        "100%",
    ]


def test_scores_markdown(cli, store, scored):
    lines = cli.ok("survey", "scores", "--by", "client", "--format", "md").splitlines()
    assert lines[0] == (
        "| Client | Responses | CSAT % (answers) | NPS (answers) | CES mean (answers) "
        "| CES easy % | Answered/sent |"
    )
    assert lines[1] == "|---|---:|---:|---:|---:|---:|---:|"
    assert lines[2] == "| Bluefin | 1 | 100% (2) | 0 (1) | 5.0 (1) | 100% | 1/3 33% |"
    assert lines[3] == "| Kestrel | 2 | 50% (4) | 0 (2) | 4.5 (2) | 50% | 2/2 100% |"


def test_scores_of_no_surveys(cli, store):
    (total,) = scores(cli)
    assert total["responses"] == 0 and total["rate"] is None
    assert total["csat"]["percent"] is None and total["nps"]["score"] is None
    _, lines = rows(cli.ok("survey", "scores"))
    assert lines[0].split() == [
        "all",
        "boards",
        "0",
        "–",
        "(0)",
        "–",
        "(0)",
        "–",
        "(0)",
        "–",
        "0/0",
        "–",
    ]
    assert scores(cli, "--by", "card") == []
    assert "nowhere" in cli.fails(store, "survey", "scores", "--board", "nowhere")


# ----- ids and text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["show", "{}"], ["respond", "{}", "--answer", "overall=3"]],
)
def test_unknown_and_ambiguous_survey_ids(cli, store, argv):
    card_id = add_card(cli, "ERP")
    a = send(cli, card_id)
    b = send(cli, card_id)

    def command(typed: str) -> list[str]:
        return ["survey", *(typed if part == "{}" else part for part in argv)]

    err = cli.fails(store, *command("ZZZZZZZZ"))
    assert "survey" in err and "no record" in err and "'ZZZZZZZZ'" in err
    shared = os.path.commonprefix([a, b])
    assert len(shared) >= 4
    err = cli.fails(store, *command(shared))
    assert "ambiguous" in err
    assert "no record" in cli.fails(store, "survey", "show", card_id)  # a card id is no survey id


def test_user_text_prints_literally(cli, store):
    card_id = add_card(cli, "e\x1b[2J [b]x[/b]")
    survey_id = send(cli, card_id, "--title", "t\x07itle", contact="c\x1b]0;")
    respond(cli, survey_id, "--answer", "suggestions=sugg \x1b[31mred", "--respondent", "r\x1b")
    outputs = [
        cli.ok("survey", "list"),
        cli.ok("survey", "list", "--format", "md"),
        cli.ok("survey", "show", survey_id),
        cli.ok("survey", "scores", "--by", "card"),
    ]
    for out in outputs:
        assert "\x1b" not in out and "\x07" not in out
        assert "^[[2J" in out and "[b]x[/b]" in out
    assert "c^[]0;" in outputs[2] and "t^Gitle" in outputs[2]
    assert "sugg ^[[31mred" in outputs[2] and "r^[" in outputs[2]
    out = cli.ok("survey", "list", "--format", "json")
    assert "\x1b" not in out
    assert json.loads(out)[0]["contact"] == "c\x1b]0;"


def test_survey_help_exits_zero(cli, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["survey", "respond", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("--answer", "--partial", "--resume", "--respondent", "--on"):
        assert option in out
