"""`card add`'s fields, and `card edit`, `tick`, `block`, `unblock`, `archive`, `restore`: each
one change through the store (an event, undo in the app), each saying what it did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pstui.cli import main
from pstui.store.repository import Repository


@pytest.fixture
def store(cli, work) -> Path:
    cli.ok("init")
    return work / "pstui.json"


@pytest.fixture
def card(cli, store) -> str:
    return cli.ok("card", "add", "ERP rollout").strip()


def shown(cli, card: str) -> dict:
    return json.loads(cli.ok("card", "show", card, "--format", "json"))


def item_done(store: Path, card: str) -> list[bool]:
    return [i.done for i in Repository(store, who="x").cards.get(card).checklist]


def test_card_add_takes_kind_tags_and_description(cli, store):
    card = cli.ok(
        "card", "add", "Portal", "--kind", "improvement", "--tags", "#urgent erp erp",
        "--description", "Two sites\nthen the rest",
    ).strip()  # fmt: skip
    data = shown(cli, card)
    assert (data["kind"], data["tags"]) == ("improvement", ["urgent", "erp"])
    assert data["description"] == "Two sites\nthen the rest"


def usage_error(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    assert exit_.value.code == 2
    return capsys.readouterr().err


def test_card_add_refuses_an_unknown_kind_as_a_usage_error(cli, store, capsys):
    before = store.read_bytes()
    assert "invalid choice: 'epic'" in usage_error(capsys, "card", "add", "x", "--kind", "epic")
    assert store.read_bytes() == before


def test_card_edit_writes_only_the_given_fields_and_names_them(cli, card):
    short = cli.ok("card", "edit", card, "--due", "2026-12-01", "--assignee", "Priya")
    assert short.endswith(": edited assignee, due\n")
    data = shown(cli, card)
    assert (data["due"], data["assignee"], data["title"]) == ("2026-12-01", "Priya", "ERP rollout")
    assert cli.ok("card", "edit", card, "--due", "2026-12-01").endswith(": nothing changed\n")
    assert cli.ok("card", "edit", card, "--due", "").endswith(": edited due\n")
    assert shown(cli, card)["due"] is None


def test_card_edit_with_nothing_to_change_says_how(cli, card):
    code, _, err = cli("card", "edit", card)
    assert code == 1 and "--due" in err


def test_card_edit_refuses_an_empty_title_and_changes_nothing(cli, store, card):
    before = store.read_bytes()
    code, _, err = cli("card", "edit", card, "--title", "  ")
    assert code == 1 and "title" in err
    assert store.read_bytes() == before


def test_card_tick_by_number_criterion_or_text_and_undo(cli, store, card):
    assert "1. [ ] must Requirements" in cli.ok("card", "show", card)
    cli.ok("card", "tick", card, "1")
    cli.ok("card", "tick", card, "scope-defined")
    out = cli.ok("card", "tick", card, "team formed")
    assert out.endswith("ticked 'Team formed, roles and responsibilities assigned'\n")
    assert item_done(store, card) == [True, True, False, True, False]
    assert "already ticked" in cli.ok("card", "tick", card, "1")
    cli.ok("card", "tick", card, "1", "--undo")
    assert item_done(store, card) == [False, True, False, True, False]


def test_card_tick_of_no_item_lists_the_checklist(cli, store, card):
    before = store.read_bytes()
    code, _, err = cli("card", "tick", card, "nothing like it")
    assert code == 1
    assert "no item of the 'initiation' checklist" in err and "5. Risks identified" in err
    code, _, err = cli("card", "tick", card, "9")
    assert code == 1 and "no item" in err
    assert store.read_bytes() == before


def test_card_block_needs_a_reason_and_unblock_clears_it(cli, card, capsys):
    assert "--reason" in usage_error(capsys, "card", "block", card)
    assert cli.ok("card", "block", card, "--reason", "waits for VPN").endswith(": blocked\n")
    assert "BLOCKED   waits for VPN" in cli.ok("card", "show", card)
    assert cli.ok("card", "unblock", card).endswith(": unblocked\n")
    assert cli.ok("card", "unblock", card).endswith(": not blocked\n")
    assert not shown(cli, card)["blocked"]


def test_card_archive_and_restore(cli, card):
    assert cli.ok("card", "archive", card).endswith(": archived\n")
    assert json.loads(cli.ok("card", "list", "--format", "json")) == []
    assert cli.ok("card", "archive", card).endswith(": already archived\n")
    assert cli.ok("card", "restore", card).endswith(": restored\n")
    assert [c["id"] for c in json.loads(cli.ok("card", "list", "--format", "json"))] == [card]


def test_each_edit_is_one_event_by_who_ran_it(cli, store, card):
    cli.ok("card", "edit", card, "--client", "Acme")
    cli.ok("card", "tick", card, "1")
    cli.ok("card", "block", card, "--reason", "VPN")
    events = Repository(store, who="x").events_for(card)
    assert [e.action for e in events][-3:] == ["edit", "checklist", "block"]
