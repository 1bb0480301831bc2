"""`pstui standup`: the standup digest printed for a chat message, as Markdown or JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from standup_story import ACME, NOW, build_story, frozen_clock

from pstui.cli import EXIT_USAGE, main

EXPECTED = Path(__file__).resolve().parent / "data" / "standup_digest.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_story(tmp_path_factory.mktemp("story") / "pstui.json")


@pytest.fixture
def store(built: Path, work: Path) -> Path:
    path = work / "pstui.json"
    shutil.copy(built, path)
    return path


@pytest.fixture
def at_standup():
    """The day of the standup: 2026-11-22, 09:00."""
    with frozen_clock(NOW):
        yield


def test_the_markdown_digest_is_the_expected_one(cli, store, at_standup):
    out = cli.ok("standup")
    assert out == EXPECTED.read_text(encoding="utf-8")


def test_the_digest_writes_nothing(cli, store, at_standup):
    before = store.read_bytes()
    cli.ok("standup", "--format", "json")
    assert store.read_bytes() == before


def test_the_json_digest_holds_the_same_cards(cli, store, at_standup):
    data = json.loads(cli.ok("standup", "--format", "json", "--by", "column"))
    assert data["by"] == "column"
    assert data["since_label"] == "the standup of 2026-11-21 09:00 UTC (Alice Chen)"
    assert [g["name"] for g in data["groups"]] == [
        "Enablement",
        "Acceptance & handover",
        "Initiation",
    ]
    (acme,) = data["groups"][2]["cards"]
    assert acme["title"] == ACME and acme["stuck"] and acme["days_in_stage"] == 12
    assert acme["changes"][0]["what"] == "edited due 2026-11-25 -> 2026-12-02"


def test_since_a_day_and_on_another_board(cli, store, at_standup):
    out = cli.ok("standup", "--since", "yesterday", "--board", "support desk")
    assert out.startswith("# Standup: Support desk, 2026-11-22\n\nSince yesterday (2026-11-21).")
    assert "1 card in flight: Ben Okafor 1." in out
    older = cli.ok("standup", "--since", "2026-11-01")
    assert "blocked: Client UAT lead away until 30 Nov" in older  # before the last standup


def test_a_since_that_is_no_day_is_one_line_and_no_write(cli, store, at_standup):
    err = cli.fails(store, "standup", "--since", "last week")
    assert "'last week' is not a day: give YYYY-MM-DD, yesterday or today" in err
    with pytest.raises(SystemExit) as usage:
        main(["standup", "--format", "html"])
    assert usage.value.code == EXIT_USAGE
