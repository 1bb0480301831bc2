"""The standups service: the standup event and notes through the commit core, "since" from the
board's last standup, the news since a point found by bisecting the events' bytes, the walk."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from pstui.model.standup import BY_ASSIGNEE, BY_COLUMN, NOTE, STANDUP, UNASSIGNED
from pstui.store.engine import LazyTable, records_from
from pstui.store.repository import Repository
from pstui.store.templates import template_from_toml, workflow_to_toml

_STORY = Path(__file__).resolve().parents[1] / "standup_story.py"
_spec = importlib.util.spec_from_file_location("standup_story", _STORY)
assert _spec is not None and _spec.loader is not None
story = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(story)

TODAY = story.TODAY


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return story.build_story(tmp_path_factory.mktemp("story") / "pstui.json")


@pytest.fixture
def path(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "pstui.json"
    shutil.copy(built, copy)
    return copy


@pytest.fixture
def repo(path: Path) -> Repository:
    return Repository(path, "Dana Tester")


def board_id(repo: Repository) -> str:
    return repo.boards.resolve("Client services").id


def title_of(repo: Repository, card_id: str) -> str:
    return repo.cards.get(card_id).title


# ----- the newest records, from the file's bytes ------------------------------------------------


def test_the_newest_records_are_those_from_an_id_on_in_id_order(repo: Repository):
    events = LazyTable.of(repo.table("events"))
    everything = {rid: events[rid] for rid in sorted(events)}
    ids = list(everything)
    for first in ["", ids[0], ids[7], ids[7] + "0", ids[-1], ids[-1] + "0", "Z"]:
        wanted = {rid: record for rid, record in everything.items() if rid >= first}
        found = records_from(LazyTable.of(Repository(repo.path, "x").table("events")), first)
        assert found == wanted and list(found) == list(wanted), first


def test_the_newest_records_of_some_tables_only(repo: Repository):
    events = LazyTable.of(repo.table("events"))
    first = sorted(events)[3]
    wanted = {
        rid: events[rid]
        for rid in sorted(events)
        if rid >= first and events[rid]["table"] in ("risks", "boards")
    }
    assert records_from(events, first, "table", ("risks", "boards")) == wanted
    assert wanted and {r["table"] for r in wanted.values()} == {"risks", "boards"}


def test_the_newest_records_include_those_written_since_the_file_was_read(repo: Repository):
    before = set(repo.table("events"))
    repo.standups.add_note(repo.cards.on_board(board_id(repo)).ids[0], "written now")
    (new,) = set(repo.table("events")) - before
    found = records_from(LazyTable.of(repo.table("events")), new)
    assert list(found) == [new] and found[new]["action"] == NOTE


def test_the_newest_records_of_a_file_in_another_layout(repo: Repository, tmp_path: Path):
    data = json.loads(repo.path.read_text(encoding="utf-8"))
    other = tmp_path / "indented.json"
    other.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    ids = sorted(data["events"])
    found = records_from(LazyTable.of(Repository(other, "x").table("events")), ids[-3])
    assert found == {rid: data["events"][rid] for rid in ids[-3:]}


def test_the_newest_records_of_a_file_whose_record_lines_have_no_space(repo: Repository):
    """`"ID":{` is valid JSON that pstui does not write: read as every reader reads it."""
    data = json.loads(repo.path.read_text(encoding="utf-8"))
    ids = sorted(data["events"])
    text = repo.path.read_text(encoding="utf-8")
    for rid in (ids[-2], ids[-1]):
        text = text.replace(f'  "{rid}": {{', f'  "{rid}":{{', 1)
    repo.path.write_text(text, encoding="utf-8")
    found = records_from(LazyTable.of(Repository(repo.path, "x").table("events")), ids[-3])
    assert found == {rid: data["events"][rid] for rid in ids[-3:]}


# ----- since when -----------------------------------------------------------------------------


def test_since_starts_at_the_boards_last_standup(repo: Repository):
    since = repo.standups.since(board_id(repo), None, TODAY)
    assert since.at == story.STANDUP_AT.isoformat()
    assert since.label == "the standup of 2026-11-21 09:00 UTC (Alice Chen)"
    other = repo.boards.resolve("Support desk").id
    assert repo.standups.since(other, None, TODAY).label == "yesterday (2026-11-21)"
    assert repo.standups.since(other, "2026-11-01", TODAY).at == "2026-11-01T00:00:00+00:00"


def test_recording_a_standup_is_an_event_the_next_one_starts_from(repo: Repository):
    board = board_id(repo)
    repo.standups.since(board, None, TODAY)  # read once: what is kept must follow the record
    event = repo.standups.record(board, "2026-11-22T09:00:00+00:00", 4)
    assert (event.action, event.table, event.record, event.by) == (
        STANDUP,
        "boards",
        board,
        "Dana Tester",
    )
    assert event.data == {"started": "2026-11-22T09:00:00+00:00", "cards": 4}
    assert repo.standups.since(board, None, TODAY).standup == event
    assert not repo.can_undo()  # an event alone: undo would only add another
    reopened = Repository(repo.path, "checker")  # shared through the file, so through git
    assert reopened.standups.last(board) == event


def test_a_standup_recorded_by_another_process_is_seen_after_the_reload(repo: Repository):
    board = board_id(repo)
    assert repo.standups.last(board).by == "Alice Chen"
    elsewhere = Repository(repo.path, "Ben Okafor")
    elsewhere.standups.record(board, "2026-11-22T09:00:00+00:00", 3)
    elsewhere.close()
    assert repo.reload() is not None
    assert repo.standups.last(board).by == "Ben Okafor"


# ----- notes ------------------------------------------------------------------------------------


def test_a_note_is_an_event_in_the_cards_history(repo: Repository):
    card = repo.cards.on_board(board_id(repo)).ids[0]
    assert repo.standups.add_note(card, "  call   Li\ntomorrow ") == "call Li tomorrow"
    last = repo.events_for(card)[-1]
    assert (last.action, last.by, last.data) == (NOTE, "Dana Tester", {"text": "call Li tomorrow"})
    assert last.summary.endswith(": call Li tomorrow")
    with pytest.raises(ValueError, match="a note"):
        repo.standups.add_note(card, "   ")


# ----- the news and the walk ----------------------------------------------------------------------


def test_the_news_since_the_standup_per_card_and_the_boards_own(repo: Repository):
    board = board_id(repo)
    recent = repo.standups.recent(board, repo.standups.since(board, None, TODAY))
    news = {
        title_of(repo, cid): [e.action for e in events] for cid, events in recent.by_card.items()
    }
    assert news == {
        story.HARBOUR: ["checklist", "checklist", "checklist", "decision"],
        story.ACME: ["edit", "checklist", "checklist", "create"],  # the risk's creation
        story.GLOBEX: [NOTE],
        story.CONTOSO: ["decision"],  # killed: news, though no longer in flight
    }
    assert [e.summary for e in recent.board] == ["logged risk 'Two people on leave over Christmas'"]
    assert {r.title for r in recent.risks.values()} == {
        "Client sponsor leaving Acme",
        "Two people on leave over Christmas",
    }


def test_the_news_since_a_day_has_what_came_before_the_standup(repo: Repository):
    board = board_id(repo)
    since = repo.standups.since(board, "2026-11-12", TODAY)
    recent = repo.standups.recent(board, since)
    globex = [e.action for e in recent.by_card[card_titled(repo, story.GLOBEX)]]
    assert globex == ["block", NOTE]  # the standup itself is not news


def card_titled(repo: Repository, title: str) -> str:
    board = board_id(repo)
    return next(c.id for c in repo.cards.on_board(board) if c.title == title)


def test_the_walk_is_the_cards_in_flight_by_person_then_by_column(repo: Repository):
    board = board_id(repo)
    walk = [
        (g.name, [title_of(repo, c) for c in g.card_ids])
        for g in repo.standups.walk(board, BY_ASSIGNEE)
    ]
    assert walk == [
        ("Ben Okafor", [story.ACME]),  # Northwind is archived; the other board's is not here
        ("Priya Raman", [story.GLOBEX, story.HARBOUR]),  # the column's order
        (UNASSIGNED, [story.INITECH]),
    ]
    columns = [g.name for g in repo.standups.walk(board, BY_COLUMN)]
    assert columns == ["Enablement", "Acceptance & handover", "Initiation"]  # right to left


def test_a_reassigned_card_walks_with_its_new_person(repo: Repository):
    board = board_id(repo)
    repo.standups.walk(board, BY_ASSIGNEE)  # read once: what is kept must follow the edit
    repo.cards.edit(card_titled(repo, story.INITECH), assignee="Ben Okafor")
    names = {g.name: len(g.card_ids) for g in repo.standups.walk(board, BY_ASSIGNEE)}
    assert names == {"Ben Okafor": 2, "Priya Raman": 2}


def test_the_digest_of_the_board(repo: Repository):
    board = board_id(repo)
    since = repo.standups.since(board, None, TODAY)
    digest = repo.standups.digest(board, since, TODAY, BY_ASSIGNEE)
    cards = {c.card.title: c for _, group in digest.groups for c in group}
    acme, initech = cards[story.ACME], cards[story.INITECH]
    assert (acme.days_in_stage, acme.stuck) == (12, True)
    assert [r.title for r in acme.risks] == ["Client sponsor leaving Acme"]
    assert initech.hold is not None and "trainer list" in initech.hold.note
    assert cards[story.HARBOUR].days_in_stage == 0  # moved through its gate this morning
    assert [h.what for h in digest.board_changes] == [
        "new risk: Two people on leave over Christmas (low, 4)"
    ]
    assert story.CONTOSO not in cards  # not in flight: archived since, with its news
    (contoso,) = digest.archived
    assert contoso.card.title == story.CONTOSO
    assert [h.what for h in contoso.changes] == [
        "killed at the Initiation gate (The client chose another vendor)"
    ]


def test_stuck_days_go_through_the_workflows_toml(repo: Repository):
    workflow = repo.boards.resolve("Client services").workflow
    text = workflow_to_toml("Client services", workflow)
    assert text.count("stuck_days = ") == 1  # Initiation's alone: the others use the default
    assert template_from_toml(text).workflow == workflow
