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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pendulum

from pstui import __version__
from pstui.model.card import Card, Outcome
from pstui.model.dates import DateError, humanize_due, parse_due, today
from pstui.model.gate import GateBlocked, GateError, MoveResult
from pstui.model.ids import IdError
from pstui.model.risk import CATEGORIES, RESPONSES, STATUSES, Risk, RiskKind, scale_value
from pstui.model.text import fit, printable
from pstui.model.workflow import WorkflowError
from pstui.resources import sample_names, samples_dir
from pstui.store.errors import StoreError
from pstui.store.identity import current_user
from pstui.store.locate import STORE_NAME, find_store
from pstui.store.repository import Repository, read_ahead, refresh_open_index
from pstui.store.templates import DEFAULT_TEMPLATE, load_template, template_names

EXIT_USAGE = 2
EXIT_FAIL = 1
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE, as a shell reports a process its pipe stopped


class CliError(Exception):
    """A user error: printed as one line, exit code 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pstui",
        description="A keyboard-only kanban for client engagements, stored in one git-synced "
        "JSON file. With no command, opens the board of the store found from here.",
    )
    parser.add_argument("--version", action="version", version=f"pstui {__version__}")
    parser.add_argument(
        "--store",
        type=Path,
        help=f"the store file (default: {STORE_NAME} found by walking up from the current folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser("init", help=f"create {STORE_NAME} here from a template")
    init.add_argument("--template", default=DEFAULT_TEMPLATE, choices=template_names())
    init.add_argument("--board", help="the board's name (default: the template's)")

    demo = commands.add_parser("demo", help="open a copy of a bundled sample store")
    demo.add_argument(
        "sample", nargs="?", default="services", help="one of: " + ", ".join(sample_names())
    )

    board = commands.add_parser("board", help="list boards or add one")
    board_commands = board.add_subparsers(dest="board_command", metavar="ACTION", required=True)
    board_commands.add_parser("list", help="the boards of the store")
    board_add = board_commands.add_parser("add", help="add a board from a template")
    board_add.add_argument("name")
    board_add.add_argument("--template", default=DEFAULT_TEMPLATE, choices=template_names())

    card = commands.add_parser("card", help="list, add, show and move cards (scriptable)")
    card_commands = card.add_subparsers(dest="card_command", metavar="ACTION", required=True)
    listing = card_commands.add_parser("list", help="the cards of a board")
    listing.add_argument("--board", help="board name or id (default: the first board)")
    listing.add_argument("--stage", help="only this stage id")
    listing.add_argument("--archived", action="store_true", help="archived cards instead")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    add = card_commands.add_parser("add", help="add a card; prints its id")
    add.add_argument("title")
    add.add_argument("--board")
    add.add_argument("--stage", help="stage id (default: the first stage)")
    add.add_argument("--assignee", default="")
    add.add_argument("--client", default="")
    add.add_argument("--due", help="2026-12-01, tomorrow, fri, +3d, 2w...")
    show = card_commands.add_parser("show", help="one card in full")
    show.add_argument("id", help="card id, unique prefix or short id")
    show.add_argument("--format", choices=("text", "json"), default="text")
    move = card_commands.add_parser("move", help="move a card; forward moves pass the gate")
    move.add_argument("id")
    move.add_argument(
        "--to",
        help="target stage id (needed for a plain move and for recycle; a Go without it "
        "passes to the next stage, or closes the card at the last one)",
    )
    move.add_argument(
        "--decision",
        choices=[o.value for o in Outcome],
        help="decide an open gate: go (needs --reason), hold, recycle, kill",
    )
    move.add_argument("--reason", default="", help="why (required for go past open items, kill)")

    add_risk_commands(commands)

    sync = commands.add_parser(
        "sync", help="commit the store, pull (the pstui merge driver merges), push"
    )
    sync.add_argument(
        "-m", "--message", help="the commit's subject (default: made from the changes)"
    )
    sync.add_argument(
        "--retries",
        type=int,
        default=3,
        help="pull and push again this many times if the push is rejected",
    )
    sync.add_argument(
        "--timeout", type=float, default=60, help="seconds allowed for each git command"
    )

    doctor = commands.add_parser(
        "doctor", help="check git, the merge driver's setup and the store; --fix repairs"
    )
    doctor.add_argument("--fix", action="store_true", help="set up what is missing in this clone")

    # No options: it works on the store found from here (or --store).
    commands.add_parser(
        "resolve", help=f"merge a {STORE_NAME} left with git conflict markers, and stage it"
    )

    check = commands.add_parser(
        "check", help="check a store file: ids, references, stages (for hooks and CI)"
    )
    check.add_argument("path", nargs="?", type=Path, help="the store file (default: as --store)")

    driver = commands.add_parser(
        "merge-driver", help="the git merge driver (git runs it: %%O %%A %%B %%P)"
    )
    driver.add_argument("base", type=Path, help="the common ancestor (%%O)")
    driver.add_argument("ours", type=Path, help="our version; the merge is written here (%%A)")
    driver.add_argument("theirs", type=Path, help="their version (%%B)")
    driver.add_argument("path", nargs="?", default=None, help="the file's path in the repo (%%P)")
    return parser


def add_risk_commands(commands: argparse._SubParsersAction) -> None:
    risk = commands.add_parser("risk", help="list, add, edit and close risks (scriptable)")
    risk_commands = risk.add_subparsers(dest="risk_command", metavar="ACTION", required=True)
    listing = risk_commands.add_parser("list", help="the risks of a board, highest score first")
    listing.add_argument("--board", help="board name or id (default: the first board)")
    listing.add_argument("--card", help="only the risks of this card")
    listing.add_argument("--open", action="store_true", help="leave out closed risks")
    listing.add_argument("--format", choices=("table", "md", "json"), default="table")
    add = risk_commands.add_parser("add", help="log a risk; prints its id")
    add.add_argument("title")
    add.add_argument("--board", help="board name or id (default: the card's, or the first)")
    add.add_argument("--card", help="the card it belongs to (default: the whole board)")
    risk_field_options(add)
    edit = risk_commands.add_parser("edit", help="change a risk's fields")
    edit.add_argument("id", help="risk id, unique prefix or short id")
    edit.add_argument("--title")
    edit.add_argument("--card", help="move it to this card of its board; none: the whole board")
    edit.add_argument("--status", choices=STATUSES)
    risk_field_options(edit)
    for verb, what in (("close", "close a risk"), ("reopen", "open a closed risk again")):
        status = risk_commands.add_parser(verb, help=what)
        status.add_argument("id")
        status.add_argument("--note", default="", help="why, kept in the risk's notes")
    note = risk_commands.add_parser("note", help="add a dated note (a review, an action)")
    note.add_argument("id")
    note.add_argument("text")
    delete = risk_commands.add_parser("delete", help="delete a risk (needs --yes)")
    delete.add_argument("id")
    delete.add_argument("--yes", action="store_true", help="really delete it")
    show = risk_commands.add_parser("show", help="one risk in full, with its notes")
    show.add_argument("id", help="risk id, unique prefix or short id")
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
        help=f"a threat's: {threats}; an opportunity's: {opportunities}; none: not chosen",
    )
    parser.add_argument("--prevention", help="what keeps it from happening")
    parser.add_argument("--contingency", help="what to do if it happens")
    parser.add_argument("--trigger", help="the sign that it is happening")
    parser.add_argument("--review", help="next review: 2026-12-01, fri, +2w...; none clears it")
    parser.add_argument("--description")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run(args)
    except CliError as err:
        print(f"pstui: {err}", file=sys.stderr)
    except StoreError as err:
        print(f"pstui: {err}", file=sys.stderr)
    except (GateError, IdError, DateError, WorkflowError, ValueError) as err:
        print(f"pstui: {err}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `pstui card list | head`: the reader has all it wanted
        return output_closed()
    return EXIT_FAIL


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
    if args.command == "risk":
        return cmd_risk(args)
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
    return open_board(store_path(args))


def store_path(args: argparse.Namespace) -> Path:
    if args.store is not None:
        if not args.store.is_file():
            raise CliError(f"{args.store}: no such store file")
        return args.store
    found = find_store(Path.cwd())
    if found is None:
        raise CliError(
            f"no {STORE_NAME} here or in any parent folder. Create one with "
            "`pstui init`, or try `pstui demo`."
        )
    return found


def open_repository(args: argparse.Namespace) -> Repository:
    """The store, opened; what the board would tell its user at open (a recovered crash, a
    card no column shows) goes to stderr, where a script's output does not catch it."""
    path = store_path(args)
    repo = Repository(path, who=current_user(path.parent))
    for problem in repo.problems:
        print(f"pstui: warning: {printable(problem)}", file=sys.stderr)
    return repo


def open_board(path: Path) -> int:
    read_ahead(path)  # while Textual is imported
    from pstui.ui.app import run_app  # Textual loads only when a board opens

    return run_app(path, who=current_user(path.parent))


def cmd_init(args: argparse.Namespace) -> int:
    from pstui.store import gitsync

    path = (args.store or Path.cwd() / STORE_NAME).resolve()
    if path.exists():
        hint = "; to set up git sync in this clone, run `pstui doctor --fix`"
        raise CliError(
            f"{path} already exists; pstui init never overwrites a store"
            f"{hint if gitsync.locate(path) else ''}"
        )
    template = load_template(args.template)
    Repository.create(
        path, args.board or template.name, template.workflow, who=current_user(path.parent)
    )
    print(
        f"created {path} with the {args.template!r} workflow "
        f"({len(template.workflow.stages)} stages). Open it with `pstui`."
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
            f"pstui: the store is in git, but the merge driver is not set up: {err}",
            file=sys.stderr,
        )
        return
    for action in actions:
        print(action)
    print(
        "commit pstui.json and .gitattributes (`pstui sync` does both) so every clone merges alike"
    )


def cmd_demo(args: argparse.Namespace) -> int:
    source = samples_dir() / f"{args.sample}.json"
    if not source.is_file():
        raise CliError(f"no sample {args.sample!r}; choose one of: {', '.join(sample_names())}")
    folder = Path(tempfile.mkdtemp(prefix="pstui-demo-"))
    target = folder / STORE_NAME
    shutil.copyfile(source, target)  # the bundled sample itself is never modified
    print(f"pstui demo: a copy of the {args.sample!r} sample in {target}", file=sys.stderr)
    return open_board(target)


def cmd_board(args: argparse.Namespace) -> int:
    repo = open_repository(args)
    if args.board_command == "add":
        board = repo.boards.add(args.name, load_template(args.template).workflow)
        print(board.id)
        return 0
    for board in repo.boards.all():
        count = len(repo.cards.on_board(board.id))
        stages = " > ".join(s.id for s in board.workflow.stages)
        print(f"{board.id}  {printable(board.name)}  ({count} cards: {stages})")
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
            stage=args.stage,
            assignee=args.assignee,
            client=args.client,
            due=due,
        )
        print(card.id)
        return 0
    if action == "show":
        return card_show(repo, repo.cards.resolve(args.id), args.format)
    if action == "move":
        return card_move(repo, args)
    raise CliError(f"unknown card action {action!r}")


def card_list(repo: Repository, args: argparse.Namespace) -> int:
    board = repo.boards.resolve(args.board)
    if args.stage and not board.workflow.has(args.stage):
        ids = ", ".join(s.id for s in board.workflow.stages)
        raise CliError(f"board {board.name!r} has no stage {args.stage!r} (stages: {ids})")
    if args.stage:  # one column: only its cards are read
        cards = repo.cards.column(board.id, args.stage, archived=args.archived)
    else:
        cards = repo.cards.on_board(board.id, archived=args.archived)
    if args.format == "json":
        print(json.dumps([card_json(repo, c) for c in cards], ensure_ascii=False, indent=1))
        return 0
    # Rows go out as their cards are read: at 10,000 cards the first shows at once, not
    # after seconds, and `| head` stops the reading.
    id_width = max(6, repo.cards.short_id_length)
    print(
        f"{fit('ID', id_width)} {fit('STAGE', 12)} {fit('TITLE', 36)} {fit('ASSIGNEE', 10)} "
        f"{fit('DUE', 10)} DONE"
    )
    for c in cards:
        done, total = c.progress
        flag = " BLOCKED" if c.blocked else ""
        print(
            f"{fit(repo.cards.short_id(c.id), id_width)} {fit(c.stage, 12)} {fit(printable(c.title), 36)} "
            f"{fit(printable(c.assignee), 10)} {fit(c.due or '', 10)} {done}/{total}{flag}"
        )
    return 0


def card_json(repo: Repository, card: Card) -> dict:
    return {"id": card.id, "short_id": repo.cards.short_id(card.id), **card.to_dict()}


def card_show(repo: Repository, card: Card, fmt: str) -> int:
    if fmt == "json":
        print(json.dumps(card_json(repo, card), ensure_ascii=False, indent=1))
        return 0
    workflow = repo.boards.get(card.board).workflow
    stage = workflow.stage(card.stage).name if workflow.has(card.stage) else card.stage
    lines = [
        f"{repo.cards.short_id(card.id)}  {printable(card.title)}",
        f"id        {card.id}",
        f"stage     {stage}{'  (archived)' if card.archived else ''}",
        f"kind      {card.kind}",
        f"assignee  {printable(card.assignee) or '-'}",
        f"client    {printable(card.client) or '-'}",
        f"due       {card.due or '-'}{f' ({humanize_due(card.due)})' if card.due else ''}",
        f"tags      {', '.join(printable(t) for t in card.tags) or '-'}",
    ]
    if card.blocked:
        lines.append(f"BLOCKED   {printable(card.blocked_reason)}")
    if card.description:
        lines += ["", printable(card.description, keep_newlines=True)]
    done, total = card.progress
    lines += ["", f"checklist ({done}/{total})"]
    for item in card.checklist:
        mark = "[x]" if item.done else "[ ]"
        level = "must" if item.must else "    "
        lines.append(f"  {mark} {level} {printable(item.text)}")
    if card.decisions:
        lines += ["", "decisions"]
        for d in card.decisions:
            lines.append(
                f"  {d.at[:10]} {d.stage}: {d.outcome.value} by {printable(d.by)}"
                f"{f' ({printable(d.note)})' if d.note else ''}"
            )
    print("\n".join(lines))
    return 0


def card_move(repo: Repository, args: argparse.Namespace) -> int:
    card = repo.cards.resolve(args.id)
    if args.decision is None:
        if not args.to:
            raise CliError("say where: --to STAGE (or decide the gate with --decision)")
        try:
            result = repo.cards.move(card.id, args.to, note=args.reason)
        except GateBlocked as blocked:
            missing = "\n".join(f"  [ ] {printable(i.text)}" for i in blocked.missing)
            raise CliError(
                f"the gate of {card.stage!r} is not passed; open must items:\n{missing}\n"
                "decide with --decision go --reason TEXT, hold, recycle (--to an earlier "
                "stage) or kill --reason TEXT"
            ) from None
    else:
        result = decide_from_cli(repo, card, Outcome(args.decision), args.to, args.reason)
    moved = result.card
    print(
        f"{repo.cards.short_id(moved.id)}: {result.from_stage} -> {moved.stage}"
        f"{f' ({result.decision.outcome.value})' if result.decision else ''}"
        f"{' archived' if moved.archived else ''}"
    )
    return 0


def decide_from_cli(
    repo: Repository, card: Card, outcome: Outcome, to: str | None, reason: str
) -> MoveResult:
    """A gate decision from `card move`; `--to`, when given, must agree with the decision."""
    if outcome is Outcome.GO and to:
        return repo.cards.move(card.id, to, outcome=Outcome.GO, note=reason)  # one gate at a time
    if outcome is Outcome.RECYCLE:
        if not to:
            raise CliError("recycle needs --to an earlier stage")
        return repo.cards.decide(card.id, outcome, note=reason, recycle_to=to)
    if to and to != card.stage and outcome is not Outcome.GO:
        raise CliError(f"{outcome.value} keeps the card in {card.stage!r}; leave out --to")
    return repo.cards.decide(card.id, outcome, note=reason)


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
        board_id = risk_board(repo, args.board, card)
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
            dropped = "; the note was not added (`pstui risk note` adds one)" if args.note else ""
            state = "already closed" if action == "close" else f"not closed ({risk.status})"
            print(f"{short}: {state}, nothing changed{dropped}")
            return 0
        changed = (repo.risks.close if action == "close" else repo.risks.reopen)(risk.id, args.note)
        repo.close()
        print(f"{short}: {risk.status} -> {changed.status}")
        return 0
    if action == "note":
        note = repo.risks.add_note(risk.id, args.text)
        repo.close()
        print(f"{short}: noted {note.at[:10]} by {printable(note.by)}")
        return 0
    if action == "delete":
        if not args.yes:
            raise CliError(
                f"not deleted: risk {short} {printable(risk.title)!r}; add --yes to delete it"
            )
        repo.risks.delete(risk.id)
        repo.close()
        print(f"deleted risk {short} {printable(risk.title)}")
        return 0
    raise CliError(f"unknown risk action {action!r}")


def find_risk(repo: Repository, typed: str) -> Risk:
    """The risk an id names; an unknown or ambiguous one says it is a risk id."""
    try:
        return repo.risks.resolve(typed)
    except IdError as err:
        raise IdError(f"risk: {err}") from None


def find_card(repo: Repository, typed: str | None) -> Card | None:
    """The card `--card` names; None when it is not given or is `none`."""
    if typed is None or typed.strip().lower() in NONE_WORDS:
        return None
    try:
        return repo.cards.resolve(typed)
    except IdError as err:
        raise IdError(f"--card: {err}") from None


def risk_board(repo: Repository, typed: str | None, card: Card | None) -> str:
    """The board `--board` names; without it, the card's board, else the first board."""
    if card is None:
        return repo.boards.resolve(typed).id
    if typed:
        board = repo.boards.resolve(typed)
        if board.id != card.board:
            short = repo.cards.short_id(card.id)
            raise CliError(f"card {short} is not on board {printable(board.name)!r}")
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
        raise CliError("nothing to change: give the fields to edit, e.g. --probability 4")
    edited = repo.risks.edit(risk.id, **fields)
    repo.close()
    before, after = risk.to_dict(), edited.to_dict()
    changed = sorted(name for name in fields if before.get(name) != after.get(name))
    print(f"{short}: {'edited ' + ', '.join(changed) if changed else 'nothing changed'}")
    return 0


def risk_list(repo: Repository, args: argparse.Namespace) -> int:
    card = find_card(repo, args.card)
    board_id = risk_board(repo, args.board, card)
    risks = repo.risks.listed(board=board_id, card=card.id if card else None, closed=not args.open)
    if args.format == "json":
        print(json.dumps([risk_json(repo, r) for r in risks], ensure_ascii=False, indent=1))
        return 0
    day = today()
    if args.format == "md":
        print("| ID | Score | Level | Status | P x I | Title | Card | Owner | Review |")
        print("|---|---:|---|---|---|---|---|---|---|")
        for r in risks:
            cells = [
                repo.risks.short_id(r.id),
                str(r.score),
                r.level.value,
                r.status,
                f"{r.probability} x {r.impact}",
                printable(r.title),
                risk_card(repo, r),
                printable(r.owner),
                risk_review(r, day),
            ]
            print("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return 0
    id_width = max([4] + [len(repo.risks.short_id(r.id)) for r in risks])
    card_width = max(6, repo.cards.short_id_length)
    print(
        f"{fit('ID', id_width)} {fit('SCORE', 5)} {fit('LEVEL', 8)} {fit('STATUS', 10)} "
        f"{fit('PxI', 3)} {fit('TITLE', 32)} {fit('CARD', card_width)} {fit('OWNER', 10)} REVIEW"
    )
    for r in risks:  # printed as they go: `| head` stops the writing
        print(
            f"{fit(repo.risks.short_id(r.id), id_width)} {r.score:>5} {fit(r.level.value, 8)} "
            f"{fit(r.status, 10)} {r.probability}x{r.impact} {fit(printable(r.title), 32)} "
            f"{fit(risk_card(repo, r), card_width)} {fit(printable(r.owner), 10)} "
            f"{risk_review(r, day)}".rstrip()
        )
    return 0


def risk_card(repo: Repository, risk: Risk) -> str:
    """The short id of the risk's card, or "board" for a risk of the whole board."""
    return repo.cards.short_id(risk.card) if risk.card else "board"


def risk_review(risk: Risk, day: pendulum.Date) -> str:
    """The next review date, marked when it has passed on an open risk."""
    if not risk.review:
        return ""
    return f"{printable(risk.review)}{' overdue' if risk.review_overdue(day) else ''}"


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
        print(json.dumps(risk_json(repo, risk), ensure_ascii=False, indent=1))
        return 0
    board = repo.boards.get(risk.board) if repo.boards.has(risk.board) else None
    if risk.card is None:
        card = "- (the whole board)"
    elif repo.cards.has(risk.card):
        card = printable(repo.cards.label(repo.cards.get(risk.card)))
    else:
        card = f"{risk.card} (not in the store)"
    review = risk_review(risk, today())
    lines = [
        f"{repo.risks.short_id(risk.id)}  {printable(risk.title)}",
        f"id           {risk.id}",
        f"board        {printable(board.name) if board else risk.board}",
        f"card         {card}",
        f"kind         {risk.kind.value}",
        f"category     {risk.category}",
        f"score        {risk.score} ({risk.level.value}): "
        f"probability {risk.probability} x impact {risk.impact}",
        f"status       {risk.status}",
        f"owner        {printable(risk.owner) or '-'}",
        f"response     {risk.response or '-'}",
        f"prevention   {printable(risk.prevention) or '-'}",
        f"contingency  {printable(risk.contingency) or '-'}",
        f"trigger      {printable(risk.trigger) or '-'}",
        f"review       {review or '-'}",
        f"created      {risk.created_at[:10] or '-'}",
        f"updated      {risk.updated_at[:10] or '-'}",
    ]
    if risk.description:
        lines += ["", printable(risk.description, keep_newlines=True)]
    lines += ["", f"notes ({len(risk.notes)})"]
    for n in risk.notes:
        lines.append(f"  {n.at[:10]} {printable(n.by) or '-'}: {printable(n.text)}")
    print("\n".join(lines))
    return 0


# ----- git ------------------------------------------------------------------------------------


def cmd_merge_driver(args: argparse.Namespace) -> int:
    """git's merge driver: merge BASE, OURS, THEIRS into OURS; non-zero leaves git's conflict."""
    from pstui.merge_driver import run_merge_driver

    return run_merge_driver(args.base, args.ours, args.theirs, args.path)


def cmd_sync(args: argparse.Namespace) -> int:
    from pstui.store import gitsync

    path = store_path(args)
    if args.retries < 0 or args.timeout <= 0:
        raise CliError("--retries must be 0 or more and --timeout more than 0")
    result = gitsync.sync(
        path,
        args.message,
        retries=args.retries,
        timeout=args.timeout,
        progress=lambda step: print(step, flush=True),
    )
    if not result.ok:
        print(f"pstui: sync failed; git said:\n{result.error}", file=sys.stderr)
        return EXIT_FAIL
    for event in result.conflicts[:10]:
        print(
            f"  conflict: {event.get('table')} {event.get('record')}: {printable(event.get('summary', ''))}"
        )
    if len(result.conflicts) > 10:
        print(f"  and {len(result.conflicts) - 10} more conflicts")
    count = len(result.conflicts)
    print(f"synced; {count} conflict{'s' if count != 1 else ''} recorded by the merge")
    refresh_open_index(path)  # the pull wrote a new file: the next open need not scan it
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from pstui.store import gitsync

    path = store_path(args)
    checks = gitsync.doctor_checks(path)
    if args.fix and any(not c.ok and c.fixable for c in checks):
        try:
            actions = gitsync.install_driver(path)
        except gitsync.GitSyncError as err:
            raise CliError(f"cannot fix: {err}") from None
        for action in actions:
            print(f"fixed: {action}")
        checks = gitsync.doctor_checks(path)
    for check in checks:
        if check.ok:
            print(f"ok       {check.name}: {check.detail}")
        else:
            print(f"PROBLEM  {check.name}: {check.detail}")
            if check.fix:
                print(f"         fix: {check.fix}")
    problems = [c for c in checks if not c.ok]
    if not problems:
        return 0
    if not args.fix and any(c.fixable for c in problems):
        print("run `pstui doctor --fix` to repair what it can", file=sys.stderr)
    return EXIT_FAIL


def cmd_resolve(args: argparse.Namespace) -> int:
    from pstui.store import gitsync

    path = store_path(args)
    result = gitsync.resolve(path)
    for step in result.steps:
        print(step)
    if not result.ok:
        raise CliError(result.error or "resolve failed")
    for event in result.conflicts:
        print(
            f"  conflict: {event.get('table')} {event.get('record')}: {printable(event.get('summary', ''))}"
        )
    if result.next_step:
        print(f"next: {result.next_step}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from pstui.store.check import CheckSummary, check_store

    path = args.path if args.path is not None else store_path(args)
    if not path.is_file():
        raise CliError(f"{path}: no such store file")
    summary = CheckSummary()
    problems = check_store(path, summary)
    for problem in problems:
        print(f"{path}: {printable(str(problem))}")
    if problems:
        count = len(problems)
        print(f"{count} problem{'s' if count != 1 else ''} in {path}", file=sys.stderr)
        return EXIT_FAIL
    print(f"ok: {summary.cards} cards, {summary.events} events")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
