"""The `pstui` command: parses arguments, calls the store, or starts the UI.

Errors a user can cause print one line to stderr and exit non-zero; nothing here imports
Textual until the board is opened, so scripted commands start fast.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pendulum

from pstui import __version__, i18n
from pstui.config import load_config
from pstui.i18n import N_, NP_, _, choose_language, labelled, ngettext, pgettext, set_language
from pstui.model.card import KINDS, Card, ChecklistItem, Outcome, field_label
from pstui.model.card import kind_label as card_kind_label
from pstui.model.conflict_text import conflict_summary
from pstui.model.dates import DATE_HELP, DateError, humanize_due, parse_due, today
from pstui.model.gate import GateBlocked, GateError, MoveResult, note_label
from pstui.model.ids import IdError
from pstui.model.lesson import Lesson, LessonKind
from pstui.model.record_text import fields_named
from pstui.model.records import RecordError
from pstui.model.retro import DATES, Goals, Retro
from pstui.model.risk import (
    CATEGORIES,
    RESPONSES,
    STATUSES,
    Risk,
    RiskKind,
    level_label,
    scale_value,
)
from pstui.model.risk import category_label as risk_category_label
from pstui.model.risk import kind_label as risk_kind_label
from pstui.model.risk import response_label as risk_response_label
from pstui.model.risk import status_label as risk_status_label
from pstui.model.standup import BY_ASSIGNEE, digest_markdown
from pstui.model.standup import GROUPINGS as STANDUP_GROUPINGS
from pstui.model.survey import (
    RANGES,
    Question,
    Response,
    Scale,
    Scores,
    Status,
    Survey,
    answer_value,
    missing_questions,
    scale_label,
    shown_percent,
)
from pstui.model.survey import status_label as survey_status_label
from pstui.model.text import cell_width, fit, printable
from pstui.model.workflow import WorkflowError
from pstui.resources import sample_names, samples_dir
from pstui.store.boards import NoBoardInUse
from pstui.store.cards import clean_tags
from pstui.store.errors import StoreError
from pstui.store.identity import current_user
from pstui.store.locate import STORE_NAME, find_store
from pstui.store.repository import Repository, read_ahead, refresh_open_index
from pstui.store.surveys import GROUPINGS, Group
from pstui.store.templates import (
    DEFAULT_TEMPLATE,
    SURVEY_FOLDER,
    load_template,
    template_from_toml,
    template_names,
    workflow_to_toml,
)

EXIT_USAGE = 2
EXIT_FAIL = 1
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE, as a shell reports a process its pipe stopped
FORMATS = ("table", "md", "json")  # what a listing command prints
LOOPBACK = "127.0.0.1"  # `pstui serve` listens here unless told otherwise
LOOPBACKS = (LOOPBACK, "localhost", "::1")
LESSON_KINDS = tuple(k.value for k in LessonKind)

T = TypeVar("T")


class CliError(Exception):
    """A user error: printed as one line, exit code 1."""


def build_parser() -> argparse.ArgumentParser:
    # Built after `main` has set the interface language: the help texts are translated here.
    # Argparse's own words (usage:, options:, its error messages) are the standard library's.
    parser = argparse.ArgumentParser(
        prog="pstui",
        description=_(
            "A keyboard-only kanban for client engagements, stored in one git-synced "
            "JSON file. With no command, opens the board of the store found from here."
        ),
    )
    parser.add_argument("--version", action="version", version=f"pstui {__version__}")
    parser.add_argument(
        "--store",
        type=Path,
        help=_(
            "the store file (default: {name} found by walking up from the current folder)"
        ).format(name=STORE_NAME),
    )
    # Not for users: the board opened for viewing, by the command `pstui serve --read-only`
    # has textual-serve run for each browser.
    parser.add_argument("--view-only", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser(
        "init", help=_("create {name} here from a template").format(name=STORE_NAME)
    )
    # A Chinese interface starts from the Chinese workflow and sample.
    chinese = i18n.language() == i18n.CHINESE
    template = "service-zh" if chinese else DEFAULT_TEMPLATE
    init.add_argument("--template", default=template, choices=template_names())
    init.add_argument("--board", help=_("the board's name (default: the template's)"))

    demo = commands.add_parser("demo", help=_("open a copy of a bundled sample store"))
    demo.add_argument(
        "sample",
        nargs="?",
        default="services-zh" if chinese else "services",
        help=_("one of: {samples}").format(samples=", ".join(sample_names())),
    )

    board = commands.add_parser("board", help=_("list boards or add one"))
    board_commands = board.add_subparsers(dest="board_command", metavar="ACTION", required=True)
    board_commands.add_parser("list", help=_("the boards of the store"))
    board_add = board_commands.add_parser("add", help=_("add a board from a template"))
    board_add.add_argument("name")
    board_add.add_argument("--template", default=template, choices=template_names())
    board_archive = board_commands.add_parser(
        "archive", help=_("archive a board: it and its cards are hidden until restored")
    )
    board_archive.add_argument("name", help=_("board name or id"))
    board_restore = board_commands.add_parser("restore", help=_("bring an archived board back"))
    board_restore.add_argument("name", help=_("board name or id"))

    workflow = commands.add_parser(
        "workflow", help=_("a board's stages and gates, to and from a TOML file")
    )
    workflow_commands = workflow.add_subparsers(
        dest="workflow_command", metavar="ACTION", required=True
    )
    export = workflow_commands.add_parser("export", help=_("print a board's workflow as TOML"))
    export.add_argument("--board", help=_("board name or id (default: the first board)"))
    imported = workflow_commands.add_parser(
        "import",
        help=_("give a board the workflow in a TOML file, or start a new board with it"),
    )
    imported.add_argument("file", type=Path, help=_("a workflow TOML file (as export writes it)"))
    target = imported.add_mutually_exclusive_group()
    target.add_argument("--board", help=_("the board to change (default: the first board)"))
    target.add_argument("--new", metavar="NAME", help=_("add a new board with it instead"))

    card = commands.add_parser(
        "card",
        help=_("list, add, show, edit, tick, block, move and archive cards (scriptable)"),
    )
    card_commands = card.add_subparsers(dest="card_command", metavar="ACTION", required=True)
    listing = card_commands.add_parser("list", help=_("the cards of a board"))
    listing.add_argument("--board", help=_("board name or id (default: the first board)"))
    listing.add_argument("--stage", help=_("only this stage (id or name)"))
    listing.add_argument("--archived", action="store_true", help=_("archived cards instead"))
    listing.add_argument("--format", choices=("table", "json"), default="table")
    add = card_commands.add_parser("add", help=_("add a card; prints its id"))
    add.add_argument("title")
    add.add_argument("--board")
    add.add_argument("--stage", help=_("stage id or name (default: the first stage)"))
    add.add_argument("--assignee", default="")
    add.add_argument("--client", default="")
    add.add_argument("--due", help=_("2026-12-01, tomorrow, fri, +3d, 2w..."))
    add_card_fields(add)
    edit = card_commands.add_parser("edit", help=_("change a card's fields; prints what changed"))
    edit.add_argument("id", help=_("card id, unique prefix or short id"))
    edit.add_argument("--title")
    edit.add_argument("--assignee", help=_("a name ('' leaves it unassigned)"))
    edit.add_argument("--client")
    edit.add_argument("--due", help=_("2026-12-01, tomorrow, fri, +3d, 2w... ('' clears it)"))
    add_card_fields(edit)
    tick = card_commands.add_parser(
        "tick", help=_("tick an item of the card's checklist in its current stage")
    )
    tick.add_argument("id", help=_("card id, unique prefix or short id"))
    tick.add_argument(
        "item",
        help=_("the item's number as `card show` lists it, its criterion id, or its text"),
    )
    tick.add_argument("--undo", action="store_true", help=_("untick it instead"))
    block = card_commands.add_parser("block", help=_("mark a card blocked, saying why"))
    block.add_argument("id")
    block.add_argument("--reason", required=True, help=_("what it waits for"))
    for verb, what in (
        ("unblock", _("clear a card's block")),
        ("archive", _("archive a card (`card restore` brings it back)")),
        ("restore", _("bring an archived card back")),
    ):
        card_commands.add_parser(verb, help=what).add_argument("id")
    show = card_commands.add_parser("show", help=_("one card in full"))
    show.add_argument("id", help=_("card id, unique prefix or short id"))
    show.add_argument("--format", choices=("text", "json"), default="text")
    move = card_commands.add_parser("move", help=_("move a card; forward moves pass the gate"))
    move.add_argument("id")
    move.add_argument(
        "--to",
        help=_(
            "target stage id (needed for a plain move and for recycle; a Go without it "
            "passes to the next stage, or closes the card at the last one)"
        ),
    )
    move.add_argument(
        "--decision",
        choices=[o.value for o in Outcome],
        help=_("decide an open gate: go (needs --reason), hold, recycle, kill"),
    )
    move.add_argument("--reason", default="", help=_("why (required for go past open items, kill)"))

    add_risk_commands(commands)
    add_survey_commands(commands)
    add_lesson_commands(commands)
    add_retro_commands(commands)
    add_serve_command(commands)
    add_standup_command(commands)

    sync = commands.add_parser(
        "sync", help=_("commit the store, pull (the pstui merge driver merges), push")
    )
    sync.add_argument(
        "-m", "--message", help=_("the commit's subject (default: made from the changes)")
    )
    sync.add_argument(
        "--retries",
        type=int,
        default=3,
        help=_("pull and push again this many times if the push is rejected"),
    )
    sync.add_argument(
        "--timeout", type=float, default=60, help=_("seconds allowed for each git command")
    )

    doctor = commands.add_parser(
        "doctor", help=_("check git, the merge driver's setup and the store; --fix repairs")
    )
    doctor.add_argument(
        "--fix", action="store_true", help=_("set up what is missing in this clone")
    )

    # No options: it works on the store found from here (or --store).
    commands.add_parser(
        "resolve",
        help=_("merge a {name} left with git conflict markers, and stage it").format(
            name=STORE_NAME
        ),
    )

    check = commands.add_parser(
        "check", help=_("check a store file: ids, references, stages (for hooks and CI)")
    )
    check.add_argument("path", nargs="?", type=Path, help=_("the store file (default: as --store)"))

    # The help texts here go through argparse's %-formatting: %%O prints as %O.
    driver = commands.add_parser(
        "merge-driver", help=_("the git merge driver (git runs it: %%O %%A %%B %%P)")
    )
    driver.add_argument("base", type=Path, help=_("the common ancestor (%%O)"))
    driver.add_argument("ours", type=Path, help=_("our version; the merge is written here (%%A)"))
    driver.add_argument("theirs", type=Path, help=_("their version (%%B)"))
    driver.add_argument(
        "path", nargs="?", default=None, help=_("the file's path in the repo (%%P)")
    )
    return parser


def add_risk_commands(commands: argparse._SubParsersAction) -> None:
    risk = commands.add_parser("risk", help=_("list, add, edit and close risks (scriptable)"))
    risk_commands = risk.add_subparsers(dest="risk_command", metavar="ACTION", required=True)
    listing = risk_commands.add_parser("list", help=_("the risks of a board, highest score first"))
    listing.add_argument("--board", help=_("board name or id (default: the first board)"))
    listing.add_argument("--card", help=_("only the risks of this card"))
    listing.add_argument("--open", action="store_true", help=_("leave out closed risks"))
    listing.add_argument("--format", choices=("table", "md", "json"), default="table")
    add = risk_commands.add_parser("add", help=_("log a risk; prints its id"))
    add.add_argument("title")
    add.add_argument("--board", help=_("board name or id (default: the card's, or the first)"))
    add.add_argument("--card", help=_("the card it belongs to (default: the whole board)"))
    risk_field_options(add)
    edit = risk_commands.add_parser("edit", help=_("change a risk's fields"))
    edit.add_argument("id", help=_("risk id, unique prefix or short id"))
    edit.add_argument("--title")
    edit.add_argument("--card", help=_("move it to this card of its board; none: the whole board"))
    edit.add_argument("--status", choices=STATUSES)
    risk_field_options(edit)
    for verb, what in (("close", _("close a risk")), ("reopen", _("open a closed risk again"))):
        status = risk_commands.add_parser(verb, help=what)
        status.add_argument("id")
        status.add_argument("--note", default="", help=_("why, kept in the risk's notes"))
    note = risk_commands.add_parser("note", help=_("add a dated note (a review, an action)"))
    note.add_argument("id")
    note.add_argument("text")
    delete = risk_commands.add_parser("delete", help=_("delete a risk (needs --yes)"))
    delete.add_argument("id")
    delete.add_argument("--yes", action="store_true", help=_("really delete it"))
    show = risk_commands.add_parser("show", help=_("one risk in full, with its notes"))
    show.add_argument("id", help=_("risk id, unique prefix or short id"))
    show.add_argument("--format", choices=("text", "json"), default="text")


def risk_field_options(parser: argparse.ArgumentParser) -> None:
    """The options `risk add` and `risk edit` share; each left out keeps its value."""
    threats, opportunities = (", ".join(RESPONSES[k]) for k in RiskKind)
    parser.add_argument("--category", choices=CATEGORIES)
    parser.add_argument("--kind", choices=[k.value for k in RiskKind])
    parser.add_argument("--probability", metavar="1-5")
    parser.add_argument("--impact", metavar="1-5")
    parser.add_argument("--owner")
    parser.add_argument(
        "--response",
        help=_("a threat's: {threats}; an opportunity's: {opportunities}; none: not chosen").format(
            threats=threats, opportunities=opportunities
        ),
    )
    parser.add_argument("--prevention", help=_("what keeps it from happening"))
    parser.add_argument("--contingency", help=_("what to do if it happens"))
    parser.add_argument("--trigger", help=_("the sign that it is happening"))
    parser.add_argument("--review", help=_("next review: 2026-12-01, fri, +2w...; none clears it"))
    parser.add_argument("--description")


def add_survey_commands(commands: argparse._SubParsersAction) -> None:
    survey = commands.add_parser(
        "survey", help=_("satisfaction surveys: send, enter responses, scores (scriptable)")
    )
    survey_commands = survey.add_subparsers(dest="survey_command", metavar="ACTION", required=True)
    listing = survey_commands.add_parser("list", help=_("surveys, newest first, with their status"))
    listing.add_argument("--board", help=_("board name or id (default: every board)"))
    listing.add_argument("--card", help=_("only the surveys of this card"))
    listing.add_argument("--status", choices=[s.value for s in Status])
    listing.add_argument("--format", choices=FORMATS, default="table")
    send = survey_commands.add_parser(
        "send", help=_("record a survey sent for a card to a client contact; prints its id")
    )
    send.add_argument("card", help=_("card id, unique prefix or short id"))
    send.add_argument("--contact", required=True, help=_("the client contact it was sent to"))
    send.add_argument(
        "--template",
        help=_(
            "see `pstui survey templates` (default: standard; standard-zh on a board whose "
            "stages are named in Chinese)"
        ),
    )
    send.add_argument(
        "--on",
        metavar="DATE",
        help=_("the day it was sent (default: today): {dates}").format(dates=_(DATE_HELP)),
    )
    send.add_argument(
        "--due", metavar="DATE", help=_("the day answers are expected by: 2026-12-01, +2w...")
    )
    send.add_argument("--title", help=_("the survey's title (default: the template's)"))
    respond = survey_commands.add_parser(
        "respond", help=_("enter a response's answers; --partial saves it to resume later")
    )
    respond.add_argument("survey", help=_("survey id, unique prefix or short id"))
    respond.add_argument(
        "--answer",
        action="append",
        default=[],
        metavar="QUESTION=VALUE",
        help=_(
            "one answer, e.g. overall=5, recommend=9, suggestions='faster replies' "
            "(repeat for each; `pstui survey show` lists the questions)"
        ),
    )
    respond.add_argument(
        "--respondent",
        help=_("who answered (default: the contact, or the resumed response's)"),
    )
    respond.add_argument(
        "--on",
        metavar="DATE",
        help=_("the day it was answered (default: today, or the resumed response's)"),
    )
    respond.add_argument(
        "--partial", action="store_true", help=_("save it part way: it does not count yet")
    )
    respond.add_argument(
        "--resume",
        metavar="RESPONSE",
        help=_("go on with a saved response: its answers are kept, these added over them"),
    )
    show = survey_commands.add_parser(
        "show", help=_("one survey: its questions, responses and scores")
    )
    show.add_argument("id", help=_("survey id, unique prefix or short id"))
    show.add_argument("--format", choices=("text", "json"), default="text")
    scores = survey_commands.add_parser(
        "scores", help=_("CSAT, NPS and CES with their answer counts, and the response rate")
    )
    scores.add_argument("--board", help=_("board name or id (default: every board)"))
    scores.add_argument(
        "--by", choices=GROUPINGS, help=_("one row per card, client, board or month sent")
    )
    scores.add_argument("--format", choices=FORMATS, default="table")
    templates = survey_commands.add_parser(
        "templates",
        help=_("the survey templates: shipped, and the store's own ({folder}/)").format(
            folder=SURVEY_FOLDER
        ),
    )
    templates.add_argument("--format", choices=FORMATS, default="table")


def add_lesson_commands(commands: argparse._SubParsersAction) -> None:
    lessons = commands.add_parser(
        "lessons", help=_("search the knowledge base: lessons learned, FAQ, know-how")
    )
    lessons.add_argument(
        "--search",
        default="",
        help=_(
            "words that must all appear in the title, text, tags or client "
            "(#tag and kind:faq work too, as in the app's search)"
        ),
    )
    lessons.add_argument(
        "--tag",
        action="append",
        default=[],
        help=_("only entries with this tag (repeatable)"),
    )
    lessons.add_argument("--kind", choices=LESSON_KINDS)
    lessons.add_argument("--format", choices=FORMATS, default="table")
    lesson = commands.add_parser("lesson", help=_("write a knowledge-base entry, or show one"))
    lesson_commands = lesson.add_subparsers(dest="lesson_command", metavar="ACTION", required=True)
    add = lesson_commands.add_parser(
        "add", help=_("write a lesson, FAQ or know-how; prints its id")
    )
    add.add_argument("title")
    add.add_argument("--text", default="", help=_("the entry itself"))
    add.add_argument("--kind", choices=LESSON_KINDS, default=LessonKind.LESSON.value)
    add.add_argument(
        "--tag", action="append", default=[], help=_("a tag (repeatable; a,b gives two)")
    )
    add.add_argument("--card", help=_("the card it came from (its board and client go with it)"))
    add.add_argument("--client", help=_("the client it is about (default: the card's)"))
    show = lesson_commands.add_parser("show", help=_("one entry in full"))
    show.add_argument("id", help=_("lesson id, unique prefix or short id"))
    show.add_argument("--format", choices=("text", "json"), default="text")


def add_card_fields(parser: argparse.ArgumentParser) -> None:
    """The fields `card add` and `card edit` share beyond the ones each names."""
    parser.add_argument("--kind", choices=KINDS, help=_("what the card is (default: engagement)"))
    parser.add_argument("--tags", help=_("tags separated by spaces: 'urgent erp' ('' clears them)"))
    parser.add_argument("--description", help=_("the card's description ('' clears it)"))


def add_retro_commands(commands: argparse._SubParsersAction) -> None:
    retro = commands.add_parser(
        "retro", help=_("a card's retrospective: show it, or write it from a script")
    )
    retro_commands = retro.add_subparsers(dest="retro_command", metavar="ACTION", required=True)
    show = retro_commands.add_parser("show", help=_("a card's retrospective"))
    show.add_argument("card", help=_("card id, unique prefix or short id"))
    show.add_argument("--format", choices=("text", "json"), default="text")
    save = retro_commands.add_parser(
        "save",
        help=_(
            "write a card's retrospective, or change the fields given (the app's form is "
            "the main way)"
        ),
    )
    save.add_argument("card", help=_("card id, unique prefix or short id"))
    save.add_argument("--held", metavar="DATE", help=_("the day it was held (default: today)"))
    save.add_argument("--goals", choices=[g.value for g in Goals], help=_("were the goals met"))
    save.add_argument("--goals-note", help=_("what was and was not achieved"))
    for name in DATES:
        save.add_argument("--" + name.replace("_", "-"), metavar="DATE", help=_("none clears it"))
    save.add_argument("--budget-planned", metavar="AMOUNT", help=_("none clears it"))
    save.add_argument("--budget-actual", metavar="AMOUNT", help=_("none clears it"))
    save.add_argument("--went-well")
    save.add_argument("--to-improve")
    save.add_argument(
        "--action",
        action="append",
        default=[],
        help=_("an action to follow up (repeatable)"),
    )


def add_serve_command(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve",
        help=_("show the board in web browsers (textual-serve); --read-only for viewing"),
    )
    serve.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help=_("the store file (default: as --store)"),
    )
    serve.add_argument(
        "--host",
        default=LOOPBACK,
        help=_("the address to listen on (default: {host})").format(host=LOOPBACK),
    )
    serve.add_argument("--port", type=int, default=8000, help=_("the port (default: 8000)"))
    serve.add_argument(
        "--read-only",
        action="store_true",
        help=_("viewers can look at the board, not change it"),
    )
    serve.add_argument(
        "--public-url",
        help=_(
            "the address browsers use, if not http://HOST:PORT (another forwarded port, a proxy)"
        ),
    )


def add_standup_command(commands: argparse._SubParsersAction) -> None:
    standup = commands.add_parser(
        "standup",
        help=_("the standup digest for a chat message: cards in flight, news since"),
    )
    standup.add_argument(
        "--since",
        metavar="DATE",
        help=_(
            "YYYY-MM-DD, yesterday or today (default: the board's last standup, else yesterday)"
        ),
    )
    standup.add_argument("--board", help=_("board name or id (default: the first)"))
    standup.add_argument(
        "--by",
        choices=STANDUP_GROUPINGS,
        default=BY_ASSIGNEE,
        help=_("group the cards by assignee (the default) or by column"),
    )
    standup.add_argument("--format", choices=("md", "json"), default="md")


def main(argv: Sequence[str] | None = None) -> int:
    set_language(choose_language(load_config().language, os.environ))
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run(args)
    except CliError as err:
        print(f"pstui: {err}", file=sys.stderr)
    except StoreError as err:
        print(f"pstui: {err}", file=sys.stderr)
    except NoBoardInUse as err:
        print(
            "pstui: " + _("{error}: `pstui board restore NAME` brings one back").format(error=err),
            file=sys.stderr,
        )
    except (GateError, IdError, DateError, WorkflowError, ValueError) as err:
        print(f"pstui: {err}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `pstui card list | head`: the reader has all it wanted
        return output_closed()
    return EXIT_FAIL


def print_note(text: str) -> None:
    """Something done differently from what was typed, said on stderr (stdout stays the
    command's output, for scripts)."""
    print("pstui: " + _("note: {text}").format(text=text), file=sys.stderr)


def output_closed() -> int:
    """Quit quietly when stdout's reader has gone: what is still buffered goes nowhere, not
    into a second BrokenPipeError at exit. The status a shell shows for a process stopped
    by SIGPIPE."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_PIPE_CLOSED


def run(args: argparse.Namespace) -> int:
    if args.command == "init":
        return cmd_init(args)
    if args.command == "demo":
        return cmd_demo(args)
    if args.command == "card":
        return cmd_card(args)
    if args.command == "board":
        return cmd_board(args)
    if args.command == "workflow":
        return cmd_workflow(args)
    if args.command == "risk":
        return cmd_risk(args)
    if args.command == "survey":
        return cmd_survey(args)
    if args.command == "lessons":
        return cmd_lessons(args)
    if args.command == "lesson":
        return cmd_lesson(args)
    if args.command == "retro":
        return cmd_retro(args)
    if args.command == "merge-driver":
        return cmd_merge_driver(args)
    if args.command == "sync":
        return cmd_sync(args)
    if args.command == "doctor":
        return cmd_doctor(args)
    if args.command == "resolve":
        return cmd_resolve(args)
    if args.command == "check":
        return cmd_check(args)
    if args.command == "serve":
        return cmd_serve(args)
    if args.command == "standup":
        return cmd_standup(args)
    return open_board(store_path(args), view_only=args.view_only)


def store_path(args: argparse.Namespace) -> Path:
    if args.store is not None:
        if not args.store.is_file():
            raise CliError(_("{path}: no such store file").format(path=args.store))
        return args.store
    found = find_store(Path.cwd())
    if found is None:
        raise CliError(
            _(
                "no {name} here or in any parent folder. Create one with "
                "`pstui init`, or try `pstui demo`."
            ).format(name=STORE_NAME)
        )
    return found


def open_repository(args: argparse.Namespace) -> Repository:
    """The store, opened; what the board would tell its user at open (a recovered crash, a
    card no column shows) goes to stderr, where a script's output does not catch it."""
    path = store_path(args)
    repo = Repository(path, who=current_user(path.parent))
    for problem in repo.problems:
        print(
            "pstui: " + _("warning: {problem}").format(problem=printable(problem)), file=sys.stderr
        )
    return repo


def open_board(path: Path, *, view_only: bool = False) -> int:
    read_ahead(path)  # while Textual is imported
    from pstui.ui.app import run_app  # Textual loads only when a board opens

    return run_app(path, who=current_user(path.parent), view_only=view_only)


def cmd_serve(args: argparse.Namespace) -> int:
    from pstui.serve import ServeError, serve_board  # aiohttp loads only when serving

    path = args.file if args.file is not None else store_path(args)
    if not path.is_file():
        raise CliError(_("{path}: no such store file").format(path=path))
    # A store that cannot be opened is said here, once, not as a blank page in each browser.
    Repository(path, who=current_user(path.parent), view_only=True).close()
    if args.host not in LOOPBACKS:
        print_note(
            _(
                "serving on {host}: anyone who can reach it can use the board, with no "
                "password; keep the default and use SSH port forwarding instead (see the README)"
            ).format(host=args.host)
        )
    try:
        return serve_board(
            path.resolve(),
            host=args.host,
            port=args.port,
            read_only=args.read_only,
            public_url=args.public_url,
        )
    except ServeError as err:
        raise CliError(str(err)) from None


def cmd_init(args: argparse.Namespace) -> int:
    from pstui.store import gitsync

    path = (args.store or Path.cwd() / STORE_NAME).resolve()
    if path.exists():
        if gitsync.locate(path):
            raise CliError(
                _(
                    "{path} already exists; pstui init never overwrites a store; to set up "
                    "git sync in this clone, run `pstui doctor --fix`"
                ).format(path=path)
            )
        raise CliError(
            _("{path} already exists; pstui init never overwrites a store").format(path=path)
        )
    template = load_template(args.template)
    Repository.create(
        path, args.board or template.name, template.workflow, who=current_user(path.parent)
    )
    print(
        _("created {path} with the {template} workflow ({n} stages). Open it with `pstui`.").format(
            path=path, template=repr(args.template), n=len(template.workflow.stages)
        )
    )
    if gitsync.locate(path) is not None:
        init_git(path)
    return 0


def init_git(path: Path) -> None:
    """In a git repository, register the merge driver so pulls merge the store per field."""
    from pstui.store import gitsync

    try:
        actions = gitsync.install_driver(path)
    except gitsync.GitSyncError as err:
        print(
            "pstui: "
            + _("the store is in git, but the merge driver is not set up: {error}").format(
                error=err
            ),
            file=sys.stderr,
        )
        return
    for action in actions:
        print(action)
    print(
        _(
            "commit pstui.json and .gitattributes (`pstui sync` does both) so every clone "
            "merges alike"
        )
    )


def cmd_demo(args: argparse.Namespace) -> int:
    source = samples_dir() / f"{args.sample}.json"
    if not source.is_file():
        raise CliError(
            _("no sample {sample}; choose one of: {samples}").format(
                sample=repr(args.sample), samples=", ".join(sample_names())
            )
        )
    # A copy in a folder of its own, removed when the board closes: the bundled sample
    # itself is never modified, and a demo leaves nothing behind.
    with tempfile.TemporaryDirectory(prefix="pstui-demo-") as folder:
        target = Path(folder) / STORE_NAME
        shutil.copyfile(source, target)
        print(
            "pstui demo: "
            + _("a copy of the {sample} sample, gone when you quit").format(
                sample=repr(args.sample)
            ),
            file=sys.stderr,
        )
        return open_board(target)


def cmd_board(args: argparse.Namespace) -> int:
    repo = open_repository(args)
    if args.board_command == "add":
        board = repo.boards.add(args.name, load_template(args.template).workflow)
        print(board.id)
        return 0
    if args.board_command == "archive":
        board = repo.boards.set_archived(repo.boards.resolve(args.name).id, True)
        print(
            _("archived board {name} (`pstui board restore` brings it back)").format(
                name=printable(board.name)
            )
        )
        return 0
    if args.board_command == "restore":
        archived = repo.boards.find_archived(args.name)
        if archived is None:
            board = repo.boards.resolve(args.name)  # unknown: says so; in use: below
            raise CliError(
                _("board {name} is not archived").format(name=repr(printable(board.name)))
            )
        board = repo.boards.set_archived(archived.id, False)
        print(_("restored board {name}").format(name=printable(board.name)))
        return 0
    for board in repo.boards.all() + repo.boards.archived():
        count = len(repo.cards.on_board(board.id))
        stages = " > ".join(s.id for s in board.workflow.stages)
        line = _("{id}  {name}  ({n} cards: {stages})").format(
            id=board.id, name=printable(board.name), n=count, stages=stages
        )
        print(line + (" " + _("(archived)") if board.archived else ""))
    return 0


def cmd_workflow(args: argparse.Namespace) -> int:
    repo = open_repository(args)
    if args.workflow_command == "export":
        board = repo.boards.resolve(args.board)
        print(workflow_to_toml(board.name, board.workflow), end="")
        return 0
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CliError(
            _("{path}: cannot read it ({error})").format(path=args.file, error=err)
        ) from None
    template = template_from_toml(text, args.file.stem)
    if args.new:
        board = repo.boards.add(args.new, template.workflow)
        print(
            _("added board {name} with {n} stages").format(
                name=printable(board.name), n=len(board.workflow.stages)
            )
        )
        print(board.id)
        return 0
    board = repo.boards.resolve(args.board)
    if board.workflow == template.workflow:
        print(
            _("board {name}: the workflow is the same; nothing changed").format(
                name=printable(board.name)
            )
        )
        return 0
    holding = partial(repo.cards.in_stage, board.id)
    board = repo.boards.set_workflow(board.id, template.workflow, holding)
    stages = " > ".join(s.id for s in board.workflow.stages)
    print(
        _("board {name}: workflow changed ({stages})").format(
            name=printable(board.name), stages=stages
        )
    )
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    repo = open_repository(args)
    action = args.card_command
    if action == "list":
        return card_list(repo, args)
    if action == "add":
        board = repo.boards.resolve(args.board)
        due = parse_due(args.due) if args.due else None
        card = repo.cards.add(
            board.id,
            args.title,
            stage=board.workflow.find(args.stage).id if args.stage else None,
            assignee=args.assignee,
            client=args.client,
            due=due,
            **card_fields(args),
        )
        print(card.id)
        if any(c.isspace() and c != " " for c in args.title):
            print_note(_("a title is one line: its tabs and line breaks became spaces"))
        return 0
    if action == "show":
        return card_show(repo, repo.cards.resolve(args.id), args.format)
    if action == "move":
        return card_move(repo, args)
    card = repo.cards.resolve(args.id)
    short = repo.cards.short_id(card.id)
    if action == "edit":
        return card_edit(repo, card, args)
    if action == "tick":
        return card_tick(repo, card, args.item, done=not args.undo)
    if action in ("block", "unblock"):
        if action == "unblock" and not card.blocked:
            print(_("{card}: not blocked").format(card=short))
            return 0
        repo.cards.set_blocked(card.id, action == "block", args.reason if action == "block" else "")
        done = _("{card}: blocked") if action == "block" else _("{card}: unblocked")
        print(done.format(card=short))
        return 0
    if action in ("archive", "restore"):
        if card.archived == (action == "archive"):
            if card.archived:
                print(_("{card}: already archived").format(card=short))
            else:
                print(_("{card}: already on the board").format(card=short))
            return 0
        repo.cards.set_archived(card.id, action == "archive")
        done = _("{card}: archived") if action == "archive" else _("{card}: restored")
        print(done.format(card=short))
        return 0
    raise CliError(f"unknown card action {action!r}")


def card_fields(args: argparse.Namespace) -> dict[str, Any]:
    """The shared fields given on the command line (`add_card_fields`), as the store takes them."""
    fields: dict[str, Any] = {}
    if args.kind is not None:
        fields["kind"] = args.kind
    if args.tags is not None:
        fields["tags"] = args.tags.split()
    if args.description is not None:
        fields["description"] = args.description
    return fields


def card_edit(repo: Repository, card: Card, args: argparse.Namespace) -> int:
    fields = card_fields(args)
    for name in ("title", "assignee", "client"):
        if getattr(args, name) is not None:
            fields[name] = getattr(args, name)
    if args.due is not None:
        fields["due"] = parse_due(args.due) if args.due.strip() else None
    if not fields:
        raise CliError(_("nothing to change: give the fields to write, e.g. --due fri"))
    short = repo.cards.short_id(card.id)
    changed = sorted(name for name, value in fields.items() if getattr(card, name) != value)
    if not changed:
        print(_("{card}: nothing changed").format(card=short))
        return 0
    repo.cards.edit(card.id, **fields)
    fields_said = pgettext("list separator", ", ").join(field_label(name) for name in changed)
    print(_("{card}: edited {fields}").format(card=short, fields=fields_said))
    return 0


def card_tick(repo: Repository, card: Card, typed: str, *, done: bool) -> int:
    item = checklist_item(card, typed)
    short = repo.cards.short_id(card.id)
    text = repr(printable(item.text))
    if item.done == done:
        already = (
            _("{card}: {item} is already ticked") if done else _("{card}: {item} is already open")
        )
        print(already.format(card=short, item=text))
        return 0
    repo.cards.toggle_item(card.id, item.id)
    ticked = _("{card}: ticked {item}") if done else _("{card}: unticked {item}")
    print(ticked.format(card=short, item=text))
    return 0


def checklist_item(card: Card, typed: str) -> ChecklistItem:
    """The item of the card's current checklist `typed` names: its number as `card show`
    lists it, its gate criterion, or the start of its text (any case) when only one has it."""
    items = card.checklist
    wanted = typed.strip().casefold()
    if wanted.isdigit() and 1 <= int(wanted) <= len(items):
        return items[int(wanted) - 1]
    for item in items:
        if item.criterion and item.criterion.casefold() == wanted:
            return item
    found = [item for item in items if item.text.casefold().startswith(wanted)]
    if len(found) == 1:
        return found[0]
    listed = "\n".join(f"  {n}. {printable(item.text)}" for n, item in enumerate(items, 1))
    if found:
        matches = _("more than one item of the {stage} checklist matches {typed}:")
    else:
        matches = _("no item of the {stage} checklist matches {typed}:")
    raise CliError(matches.format(stage=repr(card.stage), typed=repr(typed)) + "\n" + listed)


def card_list(repo: Repository, args: argparse.Namespace) -> int:
    board = repo.boards.resolve(args.board)
    if args.stage:  # one column: only its cards are read
        stage = board.workflow.find(args.stage).id
        cards = repo.cards.column(board.id, stage, archived=args.archived)
    else:
        cards = repo.cards.on_board(board.id, archived=args.archived)
    if args.format == "json":
        print_json([card_json(repo, c) for c in cards])
        return 0
    # Rows go out as their cards are read: at 10,000 cards the first shows at once, not
    # after seconds, and `| head` stops the reading.
    id_width = max(6, repo.cards.short_id_length)
    heads = [
        (_("ID"), id_width),
        (_("STAGE"), 12),
        (_("TITLE"), 36),
        (_("ASSIGNEE"), 10),
        (_("DUE"), 10),
    ]
    print(" ".join(fit(head, width) for head, width in heads) + " " + _("DONE"))
    blocked = " " + _("BLOCKED")
    for c in cards:
        done, total = c.progress
        flag = blocked if c.blocked else ""
        print(
            f"{fit(repo.cards.short_id(c.id), id_width)} {fit(c.stage, 12)} {fit(printable(c.title), 36)} "
            f"{fit(printable(c.assignee), 10)} {fit(c.due or '', 10)} {done}/{total}{flag}"
        )
    return 0


def card_json(repo: Repository, card: Card) -> dict:
    return {"id": card.id, "short_id": repo.cards.short_id(card.id), **card.to_dict()}


def card_show(repo: Repository, card: Card, fmt: str) -> int:
    if fmt == "json":
        print_json(card_json(repo, card))
        return 0
    workflow = repo.boards.get(card.board).workflow
    stage = workflow.stage(card.stage).name if workflow.has(card.stage) else card.stage
    fields = [
        (_("id"), card.id),
        (_("stage"), stage + ("  " + _("(archived)") if card.archived else "")),
        (_("kind"), card_kind_label(card.kind)),
        (_("assignee"), printable(card.assignee) or "-"),
        (_("client"), printable(card.client) or "-"),
        (_("due"), f"{card.due} ({humanize_due(card.due)})" if card.due else "-"),
        (_("tags"), ", ".join(printable(t) for t in card.tags) or "-"),
    ]
    if card.blocked:
        fields.append((_("BLOCKED"), printable(card.blocked_reason)))
    lines = [f"{repo.cards.short_id(card.id)}  {printable(card.title)}", *label_lines(fields, 10)]
    if card.description:
        lines += ["", printable(card.description, keep_newlines=True)]
    done, total = card.progress
    lines += ["", _("checklist ({done}/{total})").format(done=done, total=total)]
    must = _("must")
    for number, item in enumerate(card.checklist, 1):
        mark = "[x]" if item.done else "[ ]"
        level = must if item.must else " " * cell_width(must)
        lines.append(f"  {number:>2}. {mark} {level} {printable(item.text)}")
    if card.decisions:
        lines += ["", _("decisions")]
        for d in card.decisions:
            said = {
                "day": d.at[:10],
                "stage": d.stage,
                "decision": outcome_label(d.outcome),
                "who": printable(d.by),
            }
            if d.note:
                decided = _("{day} {stage}: {decision} by {who} ({note})").format(
                    note=printable(note_label(d.note)), **said
                )
            else:
                decided = _("{day} {stage}: {decision} by {who}").format(**said)
            lines.append(f"  {decided}")
    print("\n".join(lines))
    return 0


def card_move(repo: Repository, args: argparse.Namespace) -> int:
    card = repo.cards.resolve(args.id)
    workflow = repo.boards.get(card.board).workflow
    to = workflow.find(args.to).id if args.to else None
    if args.decision is None:
        if not to:
            raise CliError(_("say where: --to STAGE (or decide the gate with --decision)"))
        try:
            result = repo.cards.move(card.id, to, note=args.reason)
        except GateBlocked as blocked:
            raise CliError(gate_blocked_text(repo, card, to, blocked)) from None
    else:
        result = decide_from_cli(repo, card, Outcome(args.decision), to, args.reason)
    moved = result.card
    said = [
        _("{card}: {from_stage} -> {to_stage}").format(
            card=repo.cards.short_id(moved.id), from_stage=result.from_stage, to_stage=moved.stage
        )
    ]
    if result.decision:
        said.append(f"({outcome_label(result.decision.outcome)})")
    if moved.archived:
        said.append(_("archived"))
    print(" ".join(said))
    return 0


def gate_blocked_text(repo: Repository, card: Card, to: str, blocked: GateBlocked) -> str:
    """Why the move stopped at the gate, and the commands that decide it, each as it works."""
    missing = "\n".join(f"  [ ] {printable(i.text)}" for i in blocked.missing)
    short = repo.cards.short_id(card.id)
    earlier = repo.boards.get(card.board).workflow.previous_stage(card.stage)
    go, hold, kill = _("why it may go on"), _("what it waits for"), _("why it stops")
    lines = [
        _("the gate of {stage} is not passed; open must items:").format(stage=repr(card.stage)),
        missing,
        _("decide it with one of:"),
        f'  pstui card move {short} --to {to} --decision go --reason "{go}"',
        f'  pstui card move {short} --decision hold --reason "{hold}"',
        f'  pstui card move {short} --decision kill --reason "{kill}"',
    ]
    if earlier is not None:
        lines.append(f"  pstui card move {short} --decision recycle --to {earlier.id}")
    return "\n".join(lines)


def decide_from_cli(
    repo: Repository, card: Card, outcome: Outcome, to: str | None, reason: str
) -> MoveResult:
    """A gate decision from `card move`; `--to`, when given, must agree with the decision."""
    if outcome is Outcome.GO and to:
        return repo.cards.move(card.id, to, outcome=Outcome.GO, note=reason)  # one gate at a time
    if outcome is Outcome.RECYCLE:
        if not to:
            raise CliError(_("recycle needs --to an earlier stage"))
        return repo.cards.decide(card.id, outcome, note=reason, recycle_to=to)
    if to and to != card.stage and outcome is not Outcome.GO:
        raise CliError(
            _("{decision} keeps the card in {stage}; leave out --to").format(
                decision=outcome.value, stage=repr(card.stage)
            )
        )
    return repo.cards.decide(card.id, outcome, note=reason)


# ----- what the record commands share -----------------------------------------------------------


def print_json(data: Any) -> None:
    """JSON as scripts read it: sorted keys (the same data, the same text), UTF-8 text rather
    than \\u escapes, one-space indent as the store file has."""
    print(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))


@dataclass(frozen=True)
class Column:
    """A column of a listing: its header in the terminal table, its width there in cells
    (negative: right-aligned; 0: as wide as its text, for the last column) and its header in
    Markdown, where a right-aligned column is right-aligned too."""

    head: str
    width: int
    md: str


def print_rows(fmt: str, columns: Sequence[Column], rows: Iterable[Sequence[str]]) -> None:
    """A listing as a terminal table or a Markdown table. Every cell goes through `printable`
    (user text never acts on the terminal); rows are printed as they come, so `| head`
    stops the work."""
    if fmt == "md":
        print("| " + " | ".join(c.md for c in columns) + " |")
        print("|" + "|".join("---:" if c.width < 0 else "---" for c in columns) + "|")
        for row in rows:
            cells = (printable(cell).replace("|", "\\|") for cell in row)
            print("| " + " | ".join(cells) + " |")
        return
    print(_table_line(columns, [c.head for c in columns]))
    for row in rows:
        print(_table_line(columns, row).rstrip())


def _table_line(columns: Sequence[Column], cells: Sequence[str]) -> str:
    out = []
    for column, cell in zip(columns, cells, strict=True):
        text = printable(cell)
        if column.width == 0:
            out.append(text)
        elif column.width > 0:
            out.append(fit(text, column.width))
        else:
            fitted = fit(text, -column.width, pad=False)
            out.append(" " * (-column.width - cell_width(fitted)) + fitted)
    return " ".join(out)


def find_record(resolve: Callable[[str], T], typed: str, what: str) -> T:
    """The record an id names (full, unique prefix or short tail); an unknown or ambiguous
    one says what kind of id it was meant to be."""
    try:
        return resolve(typed)
    except IdError as err:
        raise IdError(_("{what}: {error}").format(what=what, error=err)) from None


def find_board(repo: Repository, typed: str | None) -> str | None:
    """The board `--board` names; None (every board) when it is not given."""
    return repo.boards.resolve(typed).id if typed else None


def cli_date(typed: str | None, option: str, *, clears: bool = False) -> str | None:
    """A date option as typed (2026-12-01, fri, +2w...); None when not given, or, where
    `clears`, given as `none`."""
    if typed is None:
        return None
    day = parse_due(typed)
    if day is None and not clears:
        raise CliError(_("{option} needs {dates}").format(option=option, dates=_(DATE_HELP)))
    return day


def not_in_store(record_id: str) -> str:
    """A reference to a record the store does not hold (any more)."""
    return _("{id} (not in the store)").format(id=record_id)


def record_day(stamp: str) -> str:
    """The day of a record's timestamp, or a dash."""
    return stamp[:10] or "-"


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal cells (a wide character takes two)."""
    return text + " " * (width - cell_width(text))


def label_lines(fields: Iterable[tuple[str, str]], width: int) -> list[str]:
    """`label  value` lines, the values lined up at `width` cells, or further when a label
    (a translated one) needs it."""
    fields = list(fields)
    width = max([width] + [cell_width(label) + 2 for label, _value in fields])
    return [pad(label, width) + value for label, value in fields]


# The words a record's values are shown as, in tables and text (JSON keeps the values). A value
# not listed (a newer version's) is shown as it is stored.


_OUTCOME_WORDS = {
    "go": NP_("decision", "go"),
    "hold": NP_("decision", "hold"),
    "recycle": NP_("decision", "recycle"),
    "kill": NP_("decision", "kill"),
}
_LESSON_KIND_WORDS = {
    "lesson": NP_("lesson kind", "lesson"),
    "faq": NP_("lesson kind", "faq"),
    "know-how": NP_("lesson kind", "know-how"),
}
_GOALS_WORDS = {
    "unassessed": NP_("retro goals", "not assessed"),
    "yes": NP_("retro goals", "yes"),
    "partly": NP_("retro goals", "partly"),
    "no": NP_("retro goals", "no"),
}


def outcome_label(outcome: Outcome) -> str:
    return labelled(_OUTCOME_WORDS, "decision", outcome)


def lesson_kind_label(kind: LessonKind) -> str:
    return labelled(_LESSON_KIND_WORDS, "lesson kind", kind)


def goals_label(goals: Goals) -> str:
    return labelled(_GOALS_WORDS, "retro goals", goals)


# ----- risks ------------------------------------------------------------------------------------

RISK_TEXTS = ("title", "description", "owner", "prevention", "contingency", "trigger")
NONE_WORDS = ("", "-", "none")


def cmd_risk(args: argparse.Namespace) -> int:
    repo = open_repository(args)
    action = args.risk_command
    if action == "list":
        return risk_list(repo, args)
    if action == "show":
        return risk_show(repo, find_risk(repo, args.id), args.format)
    if action == "add":
        card = find_card(repo, args.card)
        board_id = card_board(repo, args.board, card)
        fields = risk_fields(args)
        risk = repo.risks.add(board_id, args.title, card=card.id if card else None, **fields)
        repo.close()
        print(risk.id)
        return 0
    risk = find_risk(repo, args.id)
    short = repo.risks.short_id(risk.id)
    if action == "edit":
        return risk_edit(repo, risk, args)
    if action in ("close", "reopen"):
        if risk.is_open == (action == "reopen"):  # `reopen` is for closed risks only
            if action == "close" and args.note:
                said = _(
                    "{risk}: already closed, nothing changed; the note was not added "
                    "(`pstui risk note` adds one)"
                )
            elif action == "close":
                said = _("{risk}: already closed, nothing changed")
            elif args.note:
                said = _(
                    "{risk}: not closed ({status}), nothing changed; the note was not added "
                    "(`pstui risk note` adds one)"
                )
            else:
                said = _("{risk}: not closed ({status}), nothing changed")
            print(said.format(risk=short, status=risk_status_label(risk.status)))
            return 0
        changed = (repo.risks.close if action == "close" else repo.risks.reopen)(risk.id, args.note)
        repo.close()
        print(
            _("{risk}: {old} -> {new}").format(
                risk=short,
                old=risk_status_label(risk.status),
                new=risk_status_label(changed.status),
            )
        )
        return 0
    if action == "note":
        note = repo.risks.add_note(risk.id, args.text)
        repo.close()
        print(
            _("{risk}: noted {day} by {who}").format(
                risk=short, day=note.at[:10], who=printable(note.by)
            )
        )
        return 0
    if action == "delete":
        if not args.yes:
            raise CliError(
                _("not deleted: risk {risk} {title}; add --yes to delete it").format(
                    risk=short, title=repr(printable(risk.title))
                )
            )
        repo.risks.delete(risk.id)
        repo.close()
        print(_("deleted risk {risk} {title}").format(risk=short, title=printable(risk.title)))
        return 0
    raise CliError(f"unknown risk action {action!r}")


def find_risk(repo: Repository, typed: str) -> Risk:
    """The risk an id names; an unknown or ambiguous one says it is a risk id."""
    return find_record(repo.risks.resolve, typed, _("risk"))


def find_card(repo: Repository, typed: str | None) -> Card | None:
    """The card `--card` names; None when it is not given or is `none`."""
    if typed is None or typed.strip().lower() in NONE_WORDS:
        return None
    return find_record(repo.cards.resolve, typed, "--card")


def card_board(repo: Repository, typed: str | None, card: Card | None) -> str:
    """The board `--board` names; without it, the card's board, else the first board."""
    if card is None:
        return repo.boards.resolve(typed).id
    if typed:
        board = repo.boards.resolve(typed)
        if board.id != card.board:
            short = repo.cards.short_id(card.id)
            raise CliError(
                _("card {card} is not on board {board}").format(
                    card=short, board=repr(printable(board.name))
                )
            )
    return card.board


def risk_fields(args: argparse.Namespace) -> dict[str, Any]:
    """The fields the options give, checked as typed; one left out is not in the dict. (The
    title of `risk add` is its argument, not a field to change.)"""
    fields: dict[str, Any] = {}
    texts = RISK_TEXTS if args.risk_command == "edit" else RISK_TEXTS[1:]
    for name in (*texts, "category", "kind", "status"):
        value = getattr(args, name, None)
        if value is not None:
            fields[name] = value
    for name in ("probability", "impact"):
        if getattr(args, name) is not None:
            fields[name] = scale_value(getattr(args, name), name)
    if args.response is not None:
        fields["response"] = "" if args.response.strip().lower() in NONE_WORDS else args.response
    if args.review is not None:
        fields["review"] = parse_due(args.review)
    return fields


def risk_edit(repo: Repository, risk: Risk, args: argparse.Namespace) -> int:
    fields = risk_fields(args)
    if args.card is not None:
        card = find_card(repo, args.card)
        fields["card"] = card.id if card else None
    short = repo.risks.short_id(risk.id)
    if not fields:
        raise CliError(_("nothing to change: give the fields to edit, e.g. --probability 4"))
    edited = repo.risks.edit(risk.id, **fields)
    repo.close()
    before, after = risk.to_dict(), edited.to_dict()
    changed = sorted(name for name in fields if before.get(name) != after.get(name))
    if changed:
        said = fields_named(i18n.language(), changed)
        print(_("{risk}: edited {fields}").format(risk=short, fields=said))
    else:
        print(_("{risk}: nothing changed").format(risk=short))
    return 0


def risk_list(repo: Repository, args: argparse.Namespace) -> int:
    card = find_card(repo, args.card)
    board_id = card_board(repo, args.board, card)
    risks = repo.risks.listed(board=board_id, card=card.id if card else None, closed=not args.open)
    if args.format == "json":
        print_json([risk_json(repo, r) for r in risks])
        return 0
    day = today()
    id_width = max([4] + [len(repo.risks.short_id(r.id)) for r in risks])
    columns = [
        Column(_("ID"), id_width, _("ID")),
        Column(_("SCORE"), -5, _("Score")),
        Column(_("LEVEL"), 8, _("Level")),
        Column(_("STATUS"), 10, _("Status")),
        Column("PxI", 3, "P x I"),
        Column(_("TITLE"), 32, _("Title")),
        Column(_("CARD"), max(6, repo.cards.short_id_length), _("Card")),
        Column(_("OWNER"), 10, _("Owner")),
        Column(_("REVIEW"), 0, _("Review")),
    ]
    pxi = " x " if args.format == "md" else "x"
    print_rows(
        args.format,
        columns,
        (
            [
                repo.risks.short_id(r.id),
                str(r.score),
                level_label(r.level),
                risk_status_label(r.status),
                f"{r.probability}{pxi}{r.impact}",
                r.title,
                risk_card(repo, r),
                r.owner,
                risk_review(r, day),
            ]
            for r in risks
        ),
    )
    return 0


def risk_card(repo: Repository, risk: Risk) -> str:
    """The short id of the risk's card, or "board" for a risk of the whole board."""
    return repo.cards.short_id(risk.card) if risk.card else _("board")


def risk_review(risk: Risk, day: pendulum.Date) -> str:
    """The next review date, marked when it has passed on an open risk."""
    if not risk.review:
        return ""
    overdue = " " + _("overdue") if risk.review_overdue(day) else ""
    return printable(risk.review) + overdue


def risk_json(repo: Repository, risk: Risk) -> dict:
    return {
        "id": risk.id,
        "short_id": repo.risks.short_id(risk.id),
        **risk.to_dict(),
        "score": risk.score,
        "level": risk.level.value,
    }


def risk_show(repo: Repository, risk: Risk, fmt: str) -> int:
    if fmt == "json":
        print_json(risk_json(repo, risk))
        return 0
    board = repo.boards.get(risk.board) if repo.boards.has(risk.board) else None
    if risk.card is None:
        card = _("- (the whole board)")
    elif repo.cards.has(risk.card):
        card = printable(repo.cards.label(repo.cards.get(risk.card)))
    else:
        card = not_in_store(risk.card)
    review = risk_review(risk, today())
    score = _("{score} ({level}): probability {probability} x impact {impact}").format(
        score=risk.score,
        level=level_label(risk.level),
        probability=risk.probability,
        impact=risk.impact,
    )
    fields = [
        (_("id"), risk.id),
        (_("board"), printable(board.name) if board else risk.board),
        (_("card"), card),
        (_("kind"), risk_kind_label(risk.kind)),
        (_("category"), risk_category_label(risk.category)),
        (_("score"), score),
        (_("status"), risk_status_label(risk.status)),
        (_("owner"), printable(risk.owner) or "-"),
        (_("response"), risk_response_label(risk.response) if risk.response else "-"),
        (_("prevention"), printable(risk.prevention) or "-"),
        (_("contingency"), printable(risk.contingency) or "-"),
        (_("trigger"), printable(risk.trigger) or "-"),
        (_("review"), review or "-"),
        (_("created"), risk.created_at[:10] or "-"),
        (_("updated"), risk.updated_at[:10] or "-"),
    ]
    lines = [f"{repo.risks.short_id(risk.id)}  {printable(risk.title)}", *label_lines(fields, 13)]
    if risk.description:
        lines += ["", printable(risk.description, keep_newlines=True)]
    lines += ["", _("notes ({n})").format(n=len(risk.notes))]
    for n in risk.notes:
        lines.append(f"  {n.at[:10]} {printable(n.by) or '-'}: {printable(n.text)}")
    print("\n".join(lines))
    return 0


# ----- surveys ----------------------------------------------------------------------------------


def cmd_survey(args: argparse.Namespace) -> int:
    repo = open_repository(args)
    action = args.survey_command
    if action == "list":
        return survey_list(repo, args)
    if action == "send":
        return survey_send(repo, args)
    if action == "respond":
        return survey_respond(repo, args)
    if action == "show":
        return survey_show(repo, find_survey(repo, args.id), args.format)
    if action == "scores":
        return survey_scores(repo, args)
    if action == "templates":
        return survey_templates_list(repo, args.format)
    raise CliError(f"unknown survey action {action!r}")


def find_survey(repo: Repository, typed: str) -> Survey:
    return find_record(repo.surveys.resolve, typed, _("survey"))


def find_response(repo: Repository, typed: str) -> Response:
    return find_record(repo.surveys.responses.resolve, typed, "--resume")


def response_short(repo: Repository, response: Response) -> str:
    return repo.surveys.responses.short_id(response.id)


def survey_list(repo: Repository, args: argparse.Namespace) -> int:
    card = find_card(repo, args.card)
    board_id = card_board(repo, args.board, card) if args.board or card else None
    status = Status(args.status) if args.status else None
    day = today()
    repo.surveys.responses.all()  # every survey's status is asked: the table read once
    surveys = repo.surveys.listed(
        board=board_id, card=card.id if card else None, status=status, on=day
    )
    if args.format == "json":
        print_json([survey_json(repo, s, day) for s in surveys])
        return 0
    columns = [
        Column(_("ID"), max([4] + [len(repo.surveys.short_id(s.id)) for s in surveys]), _("ID")),
        Column(_("STATUS"), 8, _("Status")),
        Column(_("SENT"), 10, _("Sent")),
        Column(_("DUE"), 10, _("Due")),
        Column(_("RESP"), -4, _("Responses")),
        Column(_("CONTACT"), 16, _("Contact")),
        Column(_("CARD"), 32, _("Card")),
        Column(_("TITLE"), 0, _("Title")),
    ]
    print_rows(
        args.format,
        columns,
        (
            [
                repo.surveys.short_id(s.id),
                survey_status_label(repo.surveys.status(s, day)),
                s.sent_on,
                s.due or "",
                str(len(repo.surveys.responses_of(s.id))),
                s.contact,
                repo.cards.label_of(s.card) or s.card,
                s.title,
            ]
            for s in surveys
        ),
    )
    return 0


def survey_json(repo: Repository, survey: Survey, day: pendulum.Date) -> dict[str, Any]:
    responses = repo.surveys.responses_of(survey.id)
    return {
        "id": survey.id,
        "short_id": repo.surveys.short_id(survey.id),
        **survey.to_dict(),
        "status": repo.surveys.status(survey, day).value,
        "response_count": len(responses),
        "complete_count": sum(r.complete for r in responses),
    }


def survey_send(repo: Repository, args: argparse.Namespace) -> int:
    card = find_record(repo.cards.resolve, args.card, _("card"))
    survey = repo.surveys.send(
        card.id,
        args.contact,
        template=args.template,
        sent_on=cli_date(args.on, "--on"),
        due=cli_date(args.due, "--due", clears=True),
        title=args.title,
    )
    repo.close()
    print(survey.id)
    return 0


def scale_range(question: Question) -> str:
    """A question's scale as a user types it: `1-5`, or `text`."""
    if not question.numeric:
        return scale_label(Scale.TEXT)
    span = RANGES[question.scale]
    return f"{span[0]}-{span[-1]}"


def answer_values(repo: Repository, survey: Survey, typed: Sequence[str]) -> dict[str, int | str]:
    """`--answer QUESTION=VALUE` options as the survey's questions take them; a question the
    survey does not ask, or a value out of its scale, is a message naming both."""
    values: dict[str, int | str] = {}
    for pair in typed:
        question_id, equals, value = pair.partition("=")
        question_id = question_id.strip()
        if not equals or not question_id:
            raise CliError(
                _("--answer {pair} is not QUESTION=VALUE (e.g. overall=5)").format(pair=repr(pair))
            )
        question = survey.question(question_id)
        if question is None:
            asked = ", ".join(f"{q.id} ({scale_range(q)})" for q in survey.questions)
            raise CliError(
                _("survey {survey} does not ask {question}; its questions: {asked}").format(
                    survey=repo.surveys.short_id(survey.id),
                    question=repr(question_id),
                    asked=asked,
                )
            )
        if question_id in values:
            raise CliError(_("--answer {question} is given twice").format(question=question_id))
        try:
            values[question_id] = answer_value(
                question.scale,
                value,
                where=_("the answer to {question}").format(question=repr(question_id)),
            )
        except RecordError as err:
            raise CliError(str(err)) from None
    return values


def survey_respond(repo: Repository, args: argparse.Namespace) -> int:
    survey = find_survey(repo, args.survey)
    short = repo.surveys.short_id(survey.id)
    values = answer_values(repo, survey, args.answer)
    resume = find_response(repo, args.resume) if args.resume else None
    if resume is not None and resume.survey != survey.id:
        raise CliError(
            _("response {response} answers survey {other}, not {survey}").format(
                response=response_short(repo, resume),
                other=repo.surveys.short_id(resume.survey),
                survey=short,
            )
        )
    if resume is None and not values:
        raise CliError(_("no answers: give --answer QUESTION=VALUE for each question answered"))
    response = repo.surveys.respond(
        survey.id,
        values,
        respondent=args.respondent,
        answered_on=cli_date(args.on, "--on"),
        complete=not args.partial,
        resume=resume.id if resume else None,
    )
    repo.close()
    tail = response_short(repo, response)
    missing = missing_questions(survey, response)
    answered = _("{n} of {total} questions answered").format(
        n=len(response.answers), total=len(survey.questions)
    )
    said = dict(response=tail, who=printable(response.respondent), survey=short, answered=answered)
    print(response.id)
    if response.complete:
        print(
            _("recorded response {response} from {who} to survey {survey} ({answered})").format(
                **said
            )
        )
        if missing:
            print(
                _("left unanswered: {questions}").format(questions=", ".join(q.id for q in missing))
            )
        return 0
    print(
        _("saved part of response {response} from {who} to survey {survey} ({answered})").format(
            **said
        )
    )
    if missing:
        print(_("still unanswered:"))
        width = max(cell_width(q.id) for q in missing)
        for q in missing:
            print(f"  {pad(q.id, width)}  {pad(scale_range(q), 5)}  {printable(q.text)}")
    go_on = f"pstui survey respond {short} --resume {tail} --answer QUESTION=VALUE ..."
    print(_("go on with: {command}").format(command=go_on))
    return 0


def survey_show(repo: Repository, survey: Survey, fmt: str) -> int:
    day = today()
    responses = repo.surveys.responses_of(survey.id)
    scores = repo.surveys.scores([survey])
    if fmt == "json":
        print_json(
            {
                **survey_json(repo, survey, day),
                "responses": [response_json(repo, survey, r) for r in responses],
                "scores": scores_json(scores),
            }
        )
        return 0
    board = repo.boards.get(survey.board) if repo.boards.has(survey.board) else None
    card = repo.cards.label_of(survey.card) or not_in_store(survey.card)
    status = repo.surveys.status(survey, day)
    complete = sum(r.complete for r in responses)
    sent = survey.sent_on
    if survey.sent_by:
        sent = _("{day} by {who}").format(day=sent, who=printable(survey.sent_by))
    fields = [
        (_("id"), survey.id),
        (_("board"), printable(board.name) if board else survey.board),
        (_("card"), printable(card)),
        (_("contact"), printable(survey.contact) or "-"),
        (pgettext("survey field", "sent"), sent),
        (_("due"), printable(survey.due or "-")),
        (_("template"), printable(survey.template) or "-"),
        (_("status"), survey_status_label(status)),
        (
            _("responses"),
            _("{n} ({complete} complete, {partial} partial)").format(
                n=len(responses), complete=complete, partial=len(responses) - complete
            ),
        ),
    ]
    lines = [
        f"{repo.surveys.short_id(survey.id)}  {printable(survey.title)}",
        *label_lines(fields, 11),
        "",
        ngettext(
            "scores ({n} complete response)", "scores ({n} complete responses)", scores.responses
        ).format(n=scores.responses),
        *(f"  {line}" for line in score_lines(scores)),
        "",
        _("questions ({n})").format(n=len(survey.questions)),
    ]
    width = max([8] + [cell_width(printable(q.id)) for q in survey.questions])
    for q in survey.questions:
        lines.append(
            f"  {pad(printable(q.id), width)}  {pad(scale_range(q), 5)}  {printable(q.text)}"
        )
    for response in responses:
        state = _("complete") if response.complete else _("partial")
        entered = ""
        if response.entered_by:
            entered = "  " + _("(entered by {who})").format(who=printable(response.entered_by))
        heading = _("response {response}  {day}  {who}  {state}").format(
            response=response_short(repo, response),
            day=response.answered_on,
            who=printable(response.respondent) or "-",
            state=state,
        )
        lines += ["", heading + entered]
        for answer in response.answers:
            made = ""
            if answer.card is not None:
                made = "  " + _("-> card {card}").format(
                    card=printable(repo.cards.label_of(answer.card) or answer.card)
                )
            lines.append(
                f"  {pad(printable(answer.id), width)}  {printable(str(answer.value))}{made}"
            )
        missing = missing_questions(survey, response)
        if missing:
            lines.append(
                "  "
                + _("unanswered: {questions}").format(
                    questions=", ".join(printable(q.id) for q in missing)
                )
            )
    print("\n".join(lines))
    return 0


def response_json(repo: Repository, survey: Survey, response: Response) -> dict[str, Any]:
    return {
        "id": response.id,
        "short_id": response_short(repo, response),
        **response.to_dict(),
        "unanswered": [q.id for q in missing_questions(survey, response)],
    }


def scores_json(scores: Scores) -> dict[str, Any]:
    """Every figure exact (not rounded), with the counts it is made of."""
    csat, nps, ces = scores.csat, scores.nps, scores.ces
    return {
        "responses": scores.responses,
        "csat": {"percent": csat.percent, "satisfied": csat.satisfied, "answers": csat.answers},
        "nps": {
            "score": nps.score,
            "promoters": nps.promoters,
            "passives": nps.passives,
            "detractors": nps.detractors,
            "answers": nps.answers,
        },
        "ces": {
            "mean": ces.mean,
            "percent_easy": ces.percent_easy,
            "easy": ces.easy,
            "total": ces.total,
            "answers": ces.answers,
        },
    }


def score_lines(scores: Scores) -> list[str]:
    csat, nps, ces = scores.csat, scores.nps, scores.ces
    nps_counts = pgettext("list separator", ", ").join(
        [
            ngettext("{n} promoter", "{n} promoters", nps.promoters).format(n=nps.promoters),
            ngettext("{n} passive", "{n} passives", nps.passives).format(n=nps.passives),
            ngettext("{n} detractor", "{n} detractors", nps.detractors).format(n=nps.detractors),
        ]
    )
    return [
        "CSAT  "
        + ngettext(
            "{percent} satisfied: {satisfied} of {n} answer 4 or 5",
            "{percent} satisfied: {satisfied} of {n} answers 4 or 5",
            csat.answers,
        ).format(percent=percent_cell(csat.percent), satisfied=csat.satisfied, n=csat.answers),
        f"NPS   {nps_cell(nps.score)}: {nps_counts}",
        "CES   "
        + ngettext(
            "{mean} mean, {percent} easy: {easy} of {n} answer 5 to 7",
            "{mean} mean, {percent} easy: {easy} of {n} answers 5 to 7",
            ces.answers,
        ).format(
            mean=mean_cell(ces.mean),
            percent=percent_cell(ces.percent_easy),
            easy=ces.easy,
            n=ces.answers,
        ),
    ]


def percent_cell(value: float | None) -> str:
    return shown_percent(value) + ("%" if value is not None else "")


def nps_cell(value: float | None) -> str:
    return "–" if value is None else f"{value:+.0f}" if round(value) else "0"


def mean_cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


# The label of the scores of every board, as JSON keeps it; `group_label` shows it translated.
ALL_BOARDS = N_("all boards")


def survey_scores(repo: Repository, args: argparse.Namespace) -> int:
    board_id = find_board(repo, args.board)
    surveys = repo.surveys.listed(board=board_id)
    if args.by:
        groups = repo.surveys.grouped(args.by, surveys)
    else:
        label = repo.boards.get(board_id).name if board_id else ALL_BOARDS
        scores = repo.surveys.scores(surveys)
        groups = [Group(board_id or "all", label, scores, *repo.surveys.rate(surveys))]
    if args.format == "json":
        print_json([group_json(g, args.by) for g in groups])
        return 0
    rows = [group_cells(g) for g in groups]
    first = {
        None: (_("SURVEYS"), _("Surveys")),
        "card": (_("CARD"), _("Card")),
        "client": (_("CLIENT"), _("Client")),
        "board": (_("BOARD"), _("Board")),
        "month": (_("MONTH"), _("Month")),
    }.get(args.by) or (args.by.upper(), args.by.capitalize())
    heads = [
        (_("RESPONSES"), _("Responses")),
        ("CSAT", _("CSAT % (answers)")),
        ("NPS", _("NPS (answers)")),
        ("CES", _("CES mean (answers)")),
        (_("EASY"), _("CES easy %")),
        (_("RATE"), _("Answered/sent")),
    ]
    columns = [Column(first[0], 32, first[1])] + [
        Column(head, -max([cell_width(head) + 2] + [cell_width(row[n]) for row in rows]), md)
        for n, (head, md) in enumerate(heads, start=1)
    ]
    print_rows(args.format, columns, rows)
    return 0


def group_cells(group: Group) -> list[str]:
    csat, nps, ces = group.scores.csat, group.scores.nps, group.scores.ces
    return [
        group_label(group),
        str(group.scores.responses),
        f"{percent_cell(csat.percent)} ({csat.answers})",
        f"{nps_cell(nps.score)} ({nps.answers})",
        f"{mean_cell(ces.mean)} ({ces.answers})",
        percent_cell(ces.percent_easy),
        f"{group.answered}/{group.sent} {percent_cell(group.rate)}",
    ]


def group_label(group: Group) -> str:
    """A group's label as a table shows it, in the interface language; `group_json` keeps the
    stored (English) one, so JSON does not depend on the locale."""
    if group.key == "all" and group.label == ALL_BOARDS:
        return _(ALL_BOARDS)
    return group.shown_label


def group_json(group: Group, by: str | None) -> dict[str, Any]:
    return {
        "by": by or "all",
        "key": group.key,
        "label": group.label,
        **scores_json(group.scores),
        "answered": group.answered,
        "sent": group.sent,
        "rate": group.rate,
    }


def survey_templates_list(repo: Repository, fmt: str) -> int:
    own = Path(repo.path).parent / SURVEY_FOLDER
    templates = repo.surveys.templates()

    def source(name: str) -> str:
        return "store" if (own / f"{name}.toml").is_file() else "shipped"

    sources = {
        "store": pgettext("template source", "store"),
        "shipped": pgettext("template source", "shipped"),
    }
    if fmt == "json":
        print_json(
            [
                {
                    "name": t.name,
                    "source": source(t.name),
                    "title": t.title,
                    "questions": [q.to_dict() for q in t.questions],
                }
                for t in templates.values()
            ]
        )
        return 0
    columns = [
        Column(_("NAME"), max([12] + [cell_width(n) for n in templates]), _("Name")),
        Column(_("SOURCE"), max([7] + [cell_width(s) for s in sources.values()]), _("Source")),
        Column(_("QUESTIONS"), 32, _("Questions")),
        Column(_("TITLE"), 0, _("Title")),
    ]
    print_rows(
        fmt,
        columns,
        (
            [t.name, sources[source(t.name)], question_summary(t.questions), t.title]
            for t in templates.values()
        ),
    )
    return 0


def question_summary(questions: Sequence[Question]) -> str:
    """`7: 4 csat, 1 nps, 1 ces, 1 text`."""
    counts = {scale: sum(q.scale is scale for q in questions) for scale in Scale}
    # The scales keep their names (csat, nps, ces: as a template's TOML writes them); "text" is a word.
    names = {scale: scale_label(scale) if scale is Scale.TEXT else scale.value for scale in Scale}
    kinds = ", ".join(f"{n} {names[scale]}" for scale, n in counts.items() if n)
    return f"{len(questions)}: {kinds}"


# ----- lessons ----------------------------------------------------------------------------------


def cmd_lessons(args: argparse.Namespace) -> int:
    repo = open_repository(args)
    tags = {t.casefold() for t in split_tags(args.tag)}
    found = [
        lesson
        for lesson in repo.lessons.search(args.search)
        if (args.kind is None or lesson.kind.value == args.kind)
        and tags <= {t.casefold() for t in lesson.tags}
    ]
    if args.format == "json":
        print_json([lesson_json(repo, lesson) for lesson in found])
        return 0
    columns = [
        Column(_("ID"), max([4] + [len(repo.lessons.short_id(x.id)) for x in found]), _("ID")),
        Column(_("KIND"), 8, _("Kind")),
        Column(_("WRITTEN"), 10, _("Written")),
        Column(_("TAGS"), 20, _("Tags")),
        Column(_("CARD"), max(6, repo.cards.short_id_length), _("Card")),
        Column(_("CLIENT"), 18, _("Client")),
        Column(_("TITLE"), 0, _("Title")),
    ]
    if args.format == "md":  # a knowledge base read as a document: the text too
        columns.append(Column("", 0, _("Text")))
    print_rows(
        args.format,
        columns,
        (
            [
                repo.lessons.short_id(lesson.id),
                lesson_kind_label(lesson.kind),
                record_day(lesson.created_at),
                ", ".join(lesson.tags),
                lesson_card(repo, lesson),
                lesson.client,
                lesson.title,
                *([lesson.text] if args.format == "md" else []),
            ]
            for lesson in found
        ),
    )
    return 0


def split_tags(typed: Iterable[str]) -> list[str]:
    """`--tag a --tag b,c --tag '#d e'` as the tags a, b, c, d, e: as `clean_tags` stores
    them, so a tag looked for is written as it was stored."""
    return clean_tags(t for arg in typed for t in arg.split(","))


def lesson_card(repo: Repository, lesson: Lesson) -> str:
    if lesson.card is None:
        return ""
    return repo.cards.short_id(lesson.card) if repo.cards.has(lesson.card) else lesson.card[-6:]


def lesson_json(repo: Repository, lesson: Lesson) -> dict[str, Any]:
    return {"id": lesson.id, "short_id": repo.lessons.short_id(lesson.id), **lesson.to_dict()}


def cmd_lesson(args: argparse.Namespace) -> int:
    repo = open_repository(args)
    if args.lesson_command == "add":
        card = find_card(repo, args.card)
        lesson = repo.lessons.add(
            args.title,
            text=args.text,
            kind=args.kind,
            tags=split_tags(args.tag),
            card=card.id if card else None,
            client=args.client,
        )
        repo.close()
        print(lesson.id)
        return 0
    if args.lesson_command == "show":
        return lesson_show(
            repo, find_record(repo.lessons.resolve, args.id, _("lesson")), args.format
        )
    raise CliError(f"unknown lesson action {args.lesson_command!r}")


def lesson_show(repo: Repository, lesson: Lesson, fmt: str) -> int:
    if fmt == "json":
        print_json(lesson_json(repo, lesson))
        return 0
    card = "-"
    if lesson.card is not None:
        card = repo.cards.label_of(lesson.card) or not_in_store(lesson.card)
    retro = repo.retros.label_of(lesson.retro) if lesson.retro else None
    written = record_day(lesson.created_at)
    if lesson.by:
        written = _("{day} by {who}").format(day=written, who=printable(lesson.by))
    fields = [
        (_("id"), lesson.id),
        (_("kind"), lesson_kind_label(lesson.kind)),
        (_("tags"), ", ".join(printable(t) for t in lesson.tags) or "-"),
        (_("card"), printable(card)),
        (_("client"), printable(lesson.client) or "-"),
        (_("from"), printable(retro) if retro else "-"),
        (_("written"), written),
    ]
    lines = [
        f"{repo.lessons.short_id(lesson.id)}  {printable(lesson.title)}",
        *label_lines(fields, 9),
    ]
    if lesson.text:
        lines += ["", printable(lesson.text, keep_newlines=True)]
    print("\n".join(lines))
    return 0


# ----- retrospectives ---------------------------------------------------------------------------

RETRO_TEXTS = ("goals_note", "went_well", "to_improve")


def cmd_retro(args: argparse.Namespace) -> int:
    repo = open_repository(args)
    card = find_record(repo.cards.resolve, args.card, _("card"))
    if args.retro_command == "show":
        retro = repo.retros.of_card(card.id)
        if retro is None:
            short = repo.cards.short_id(card.id)
            raise CliError(
                _(
                    "card {card} has no retrospective yet; write one with `pstui retro save {card}`"
                ).format(card=short)
            )
        return retro_show(repo, retro, args.format)
    if args.retro_command == "save":
        return retro_save(repo, card, args)
    raise CliError(f"unknown retro action {args.retro_command!r}")


def retro_fields(args: argparse.Namespace) -> dict[str, Any]:
    """The fields the options give; one left out is not in the dict."""
    fields: dict[str, Any] = {}
    if args.held is not None:
        fields["held_on"] = cli_date(args.held, "--held")
    if args.goals is not None:
        fields["goals"] = Goals(args.goals)
    for name in RETRO_TEXTS:
        value = getattr(args, name)
        if value is not None:
            fields[name] = value.strip()
    for name in DATES:
        typed = getattr(args, name)
        if typed is not None:
            fields[name] = cli_date(typed, "--" + name.replace("_", "-"), clears=True)
    for name in ("budget_planned", "budget_actual"):
        typed = getattr(args, name)
        if typed is not None:
            fields[name] = amount(typed, "--" + name.replace("_", "-"))
    return fields


def amount(typed: str, option: str) -> float | None:
    """A sum of money as typed (`120000`, `120,000.50`); None for `none`."""
    if typed.strip().lower() in NONE_WORDS:
        return None
    try:
        value = float(typed.replace(",", "").replace("_", "").strip())
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise CliError(
            _("{option} {typed} is not an amount (e.g. 120000 or 98500.50)").format(
                option=option, typed=repr(typed)
            )
        )
    return value


def retro_save(repo: Repository, card: Card, args: argparse.Namespace) -> int:
    fields = retro_fields(args)
    actions = [a for a in args.action if a.strip()]
    short = repo.cards.short_id(card.id)
    before = repo.retros.of_card(card.id)
    if before is not None and not fields and not actions:
        raise CliError(_("nothing to change: give the fields to write, e.g. --goals partly"))
    retro = repo.retros.save(card.id, **fields)
    for text in actions:
        repo.retros.add_action(retro.id, text)
    repo.close()
    done = []
    if before is None:
        done.append(_("wrote the retrospective held {day}").format(day=retro.held_on))
    else:
        old, new = before.to_dict(), retro.to_dict()
        changed = sorted(name for name in fields if old.get(name) != new.get(name))
        if changed:
            said = fields_named(i18n.language(), changed)
            done.append(_("edited {fields}").format(fields=said))
    if actions:
        n = len(actions)
        done.append(ngettext("added {n} action", "added {n} actions", n).format(n=n))
    if done:
        said = pgettext("list separator", "; ").join(done)
        print(_("{card}: {done}").format(card=short, done=said))
    else:
        print(_("{card}: nothing changed").format(card=short))
    return 0


def retro_show(repo: Repository, retro: Retro, fmt: str) -> int:
    if fmt == "json":
        print_json(
            {
                "id": retro.id,
                **retro.to_dict(),
                "schedule_slip": retro.schedule_slip,
                "budget_variance": retro.budget_variance,
            }
        )
        return 0
    card = repo.cards.label_of(retro.card) or not_in_store(retro.card)
    goals = goals_label(retro.goals)
    goals += f": {printable(retro.goals_note)}" if retro.goals_note else ""
    held = retro.held_on
    if retro.by:
        held = _("{day} by {who}").format(day=held, who=printable(retro.by))
    fields = [
        (_("held"), held),
        (_("goals"), goals),
        (_("schedule"), retro_schedule(retro)),
        (_("budget"), retro_budget(retro)),
    ]
    lines = [
        _("retrospective of {card}").format(card=printable(card)),
        *label_lines(fields, 11),
    ]
    for title, text in ((_("went well"), retro.went_well), (_("to improve"), retro.to_improve)):
        lines += ["", title]
        body = printable(text, keep_newlines=True) if text else "-"
        lines += [f"  {line}" for line in body.splitlines()]
    lines += ["", _("actions ({n})").format(n=len(retro.actions))]
    for action in retro.actions:
        made = ""
        if action.card is not None:
            made = "  " + _("-> card {card}").format(
                card=printable(repo.cards.label_of(action.card) or action.card)
            )
        lines.append(f"  - {printable(action.text)}{made}")
    print("\n".join(lines))
    return 0


def retro_schedule(retro: Retro) -> str:
    def span(start: str | None, end: str | None) -> str:
        return _("{start} to {end}").format(
            start=printable(start or "?"), end=printable(end or "?")
        )

    parts = []
    if retro.planned_start or retro.planned_end:
        parts.append(_("planned {span}").format(span=span(retro.planned_start, retro.planned_end)))
    if retro.actual_start or retro.actual_end:
        parts.append(_("actual {span}").format(span=span(retro.actual_start, retro.actual_end)))
    slip = retro.schedule_slip
    if slip == 0:
        parts.append(_("on time"))
    elif slip is not None:
        late = _("{n} days late") if slip > 0 else _("{n} days early")
        parts.append(late.format(n=abs(slip)))
    return pgettext("list separator", "; ").join(parts) or "-"


def retro_budget(retro: Retro) -> str:
    def money(value: float) -> str:
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"

    parts = []
    if retro.budget_planned is not None:
        parts.append(_("planned {amount}").format(amount=money(retro.budget_planned)))
    if retro.budget_actual is not None:
        parts.append(_("actual {amount}").format(amount=money(retro.budget_actual)))
    variance = retro.budget_variance
    if variance is not None:
        parts.append(f"{variance:+.1f}%")
    return pgettext("list separator", "; ").join(parts) or "-"


# ----- git ------------------------------------------------------------------------------------


def cmd_standup(args: argparse.Namespace) -> int:
    """The same digest the standup screen walks, printed for a chat message."""
    repo = open_repository(args)
    board = repo.boards.resolve(args.board)
    day = today()
    since = repo.standups.since(board.id, args.since, day)
    digest = repo.standups.digest(board.id, since, day, args.by)
    if args.format == "json":
        print_json(digest.to_dict())
    else:
        sys.stdout.write(digest_markdown(digest))
    return 0


def cmd_merge_driver(args: argparse.Namespace) -> int:
    """git's merge driver: merge BASE, OURS, THEIRS into OURS; non-zero leaves git's conflict."""
    from pstui.merge_driver import run_merge_driver

    return run_merge_driver(args.base, args.ours, args.theirs, args.path)


def cmd_sync(args: argparse.Namespace) -> int:
    from pstui.store import gitsync

    path = store_path(args)
    if args.retries < 0 or args.timeout <= 0:
        raise CliError(_("--retries must be 0 or more and --timeout more than 0"))
    result = gitsync.sync(
        path,
        args.message,
        retries=args.retries,
        timeout=args.timeout,
        progress=lambda step: print(step, flush=True),
    )
    if not result.ok:
        # One line when the reason is (what pstui found); git's own words follow it as git wrote them.
        print(_("pstui: sync failed: {error}").format(error=result.error), file=sys.stderr)
        return EXIT_FAIL
    if result.no_remote:  # committed, nothing to sync with: not a failure (docs/decisions.md)
        print(_("not synced: {reason}").format(reason=result.no_remote))
        return 0
    for event in result.conflicts[:10]:
        print("  " + conflict_line(event))
    if len(result.conflicts) > 10:
        print("  " + _("and {n} more conflicts").format(n=len(result.conflicts) - 10))
    count = len(result.conflicts)
    print(
        ngettext(
            "synced; {n} conflict recorded by the merge",
            "synced; {n} conflicts recorded by the merge",
            count,
        ).format(n=count)
    )
    refresh_open_index(path)  # the pull wrote a new file: the next open need not scan it
    return 0


def conflict_line(event: dict[str, Any]) -> str:
    """A conflict the merge recorded: its table and record as stored, and its summary in the
    interface language."""
    summary = conflict_summary("conflict", str(event.get("summary") or ""), event.get("data"))
    return _("conflict: {table} {record}: {summary}").format(
        table=event.get("table"), record=event.get("record"), summary=printable(summary)
    )


def cmd_doctor(args: argparse.Namespace) -> int:
    from pstui.store import gitsync

    path = store_path(args)
    checks = gitsync.doctor_checks(path)
    if args.fix and any(not c.ok and c.fixable for c in checks):
        try:
            actions = gitsync.install_driver(path)
        except gitsync.GitSyncError as err:
            raise CliError(_("cannot fix: {error}").format(error=err)) from None
        for action in actions:
            print(_("fixed: {action}").format(action=action))
        checks = gitsync.doctor_checks(path)
    ok, problem = pgettext("doctor check", "ok"), _("PROBLEM")
    width = max(9, cell_width(ok) + 2, cell_width(problem) + 2)  # the checks' names lined up
    for check in checks:
        said = _("{check}: {detail}").format(check=check.name, detail=check.detail)
        print(pad(ok if check.ok else problem, width) + said)
        if not check.ok and check.fix:
            print(" " * width + _("fix: {fix}").format(fix=check.fix))
    problems = [c for c in checks if not c.ok]
    if not problems:
        return 0
    if not args.fix and any(c.fixable for c in problems):
        print(_("run `pstui doctor --fix` to repair what it can"), file=sys.stderr)
    return EXIT_FAIL


def cmd_resolve(args: argparse.Namespace) -> int:
    from pstui.store import gitsync

    path = store_path(args)
    result = gitsync.resolve(path)
    for step in result.steps:
        print(step)
    if not result.ok:
        raise CliError(result.error or _("resolve failed"))
    for event in result.conflicts:
        print("  " + conflict_line(event))
    if result.next_step:
        print(_("next: {step}").format(step=result.next_step))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from pstui.store.check import CheckSummary, check_store

    path = args.path if args.path is not None else store_path(args)
    if not path.is_file():
        raise CliError(_("{path}: no such store file").format(path=path))
    summary = CheckSummary()
    problems = check_store(path, summary)
    for problem in problems:
        text = printable(str(problem))
        # A problem of the file as a whole (it cannot be read or parsed) names the file in its
        # message already; one in the data names its record only.
        whole_file = not problem.table and not problem.record
        print(text if whole_file else _("{path}: {problem}").format(path=path, problem=text))
    if problems:
        count = len(problems)
        print(
            ngettext("{n} problem in {path}", "{n} problems in {path}", count).format(
                n=count, path=path
            ),
            file=sys.stderr,
        )
        return EXIT_FAIL
    cards = ngettext("{n} card", "{n} cards", summary.cards).format(n=summary.cards)
    events = ngettext("{n} event", "{n} events", summary.events).format(n=summary.events)
    print(_("ok: {cards}, {events}").format(cards=cards, events=events))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
