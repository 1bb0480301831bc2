"""The open index: what opening a large store found, kept in the user's cache so that the next
open of the same file skips the scan, and never trusted for a file that changed."""

from __future__ import annotations

import json
import os
import random
import re
import time
from pathlib import Path

import pytest

import pstui.store.repository as repository_module
from pstui.model.card import Outcome
from pstui.store.cards import arranged_cards as arranged
from pstui.store.engine import open_index
from pstui.store.engine.lazy import (
    LazyTable,
    TableFound,
    TableScan,
    _find_tables,
    _plain_runs,
    layout_of,
    split_store,
    tables_from_layout,
)
from pstui.store.engine.serialize import dumps_store_bytes, loads_store
from pstui.store.errors import BadStoreFile
from pstui.store.journal import PREFIX
from pstui.store.repository import Repository, refresh_open_index
from pstui.store.storage import CARD_PLACE, CUT_AT_OPEN, PstuiStorage
from pstui.store.templates import load_template


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    """The user's cache folder, and every store large enough to be indexed."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.setattr(open_index, "INDEX_FROM_BYTES", 0)
    return folder / "pstui"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """Two boards; cards in several stages, one archived, one with history beyond its move."""
    path = tmp_path / "project" / "pstui.json"
    path.parent.mkdir()
    repo = Repository.create(path, "Board", load_template("service").workflow, who="tester")
    board = repo.boards.all()[0]
    stages = [s.id for s in board.workflow.stages]
    for n in range(12):
        repo.cards.add(board.id, f"card {n}", stage=stages[n % 3])
    other = repo.boards.add("Other", load_template("simple").workflow)
    repo.cards.add(other.id, "elsewhere")
    done = repo.cards.add(board.id, "closed")
    repo.cards.decide(done.id, Outcome.KILL, note="client left")
    moved = next(c for c in repo.cards.on_board(board.id) if c.stage != stages[0])
    repo.cards.move(moved.id, stages[0])  # back: no gate
    repo.flush()
    return path


def quit_app(repo: Repository) -> None:
    """What the pstui command does as the board closes."""
    repo.close()
    repo.keep_open_index()


def board_view(repo: Repository) -> dict:
    """Every column of every board, archived cards included, as (id, title) in order."""
    view = {}
    for board in repo.boards.all():
        for stage in board.workflow.stages:
            for archived in (False, True):
                cards = repo.cards.column(board.id, stage.id, archived=archived)
                view[board.id, stage.id, archived] = [(c.id, c.title) for c in cards]
    return view


def scanned_view(path: Path, monkeypatch) -> dict:
    """The board as a scan of the file shows it, with no index in play."""
    with monkeypatch.context() as patch:
        patch.setattr(open_index, "INDEX_FROM_BYTES", 10**12)
        repo = Repository(path, who="tester")
        assert not repo.opened_from_index
        return board_view(repo)


def test_a_closed_store_reopens_from_its_index_and_shows_what_a_scan_shows(
    cache, store, monkeypatch
):
    first = Repository(store, who="tester", background=True)
    assert not first.opened_from_index
    quit_app(first)
    (kept,) = cache.glob("open-*.json")
    reopened = Repository(store, who="tester", background=True)
    assert reopened.opened_from_index
    assert board_view(reopened) == scanned_view(store, monkeypatch)
    card = reopened.cards.on_board(reopened.boards.all()[0].id)[0]
    assert [e.action for e in reopened.events_for(card.id)][:1] == ["create"]
    quit_app(reopened)
    assert list(cache.glob("open-*.json")) == [kept]


def test_the_index_of_a_file_just_opened_is_kept_without_waiting_for_the_close(
    cache, store, monkeypatch
):
    """The board keeps it once shown: a session that never closes still leaves it."""
    repo = Repository(store, who="tester", background=True)
    keep = repo.open_index_saver()
    assert keep is not None and keep() is True
    assert repo.open_index_saver() is None  # kept already
    (kept,) = cache.glob("open-*.json")
    written = kept.stat().st_mtime_ns
    other = Repository(store, who="tester")  # as after a kill: this session never closed
    assert other.opened_from_index
    assert board_view(other) == scanned_view(store, monkeypatch)
    quit_app(repo)
    assert kept.stat().st_mtime_ns == written  # the close found nothing left to keep


def test_nothing_is_kept_early_once_the_store_changed(cache, store):
    repo = Repository(store, who="tester", background=True)
    card = repo.cards.on_board(repo.boards.all()[0].id)[0]
    repo.cards.edit(card.id, title="changed before the board was shown")
    assert repo.open_index_saver() is None
    repo.close()
    assert not cache.exists()


def test_the_index_is_kept_in_the_cache_folder_never_beside_the_store(cache, store):
    before = sorted(p.name for p in store.parent.iterdir())
    quit_app(Repository(store, who="tester", background=True))
    assert sorted(p.name for p in store.parent.iterdir()) == before
    assert len(list(cache.glob("open-*.json"))) == 1


def test_closing_after_changes_keeps_the_index_of_the_file_as_written(cache, store, monkeypatch):
    repo = Repository(store, who="tester", background=True)
    board = repo.boards.all()[0]
    first = board.workflow.stages[0].id
    card = next(c for c in repo.cards.on_board(board.id) if c.stage != first)
    repo.cards.edit(card.id, title="renamed")
    repo.cards.move(card.id, first)
    repo.cards.add(board.id, "added last")
    quit_app(repo)
    reopened = Repository(store, who="tester")
    assert reopened.opened_from_index
    assert reopened.cards.get(card.id).title == "renamed"
    assert board_view(reopened) == scanned_view(store, monkeypatch)


def test_cards_moved_after_a_reopen_from_the_index_are_where_a_scan_finds_them(
    cache, store, monkeypatch
):
    """The columns arranged from the index while the file was read are the repository's
    own from then on: moves and new cards change them as they change scanned ones."""
    quit_app(Repository(store, who="tester", background=True))
    repo = Repository(store, who="tester")
    assert repo.opened_from_index
    board = repo.boards.all()[0]
    first = board.workflow.stages[0].id
    card = next(c for c in repo.cards.on_board(board.id) if c.stage != first)
    repo.cards.move(card.id, first)
    repo.cards.add(board.id, "added after the reopen")
    repo.flush()
    assert board_view(repo) == scanned_view(store, monkeypatch)


def test_a_file_changed_since_is_scanned_not_read_from_the_stale_index(cache, store):
    quit_app(Repository(store, who="tester"))
    other = Repository(store, who="bo")  # another process: writes, never closes
    board = other.boards.all()[0]
    card = other.cards.on_board(board.id)[0]
    other.cards.edit(card.id, title="changed by bo")
    other.flush()
    reopened = Repository(store, who="tester")
    assert not reopened.opened_from_index
    assert reopened.cards.get(card.id).title == "changed by bo"


def test_a_file_rewritten_with_the_same_bytes_is_scanned_again(cache, store):
    quit_app(Repository(store, who="tester"))
    blob = store.read_bytes()
    time.sleep(0.01)
    store.write_bytes(blob)  # same size, same bytes, in place: only the times differ
    assert not Repository(store, who="tester").opened_from_index


@pytest.mark.parametrize(
    "damage",
    [
        lambda kept: "not json",
        lambda kept: json.dumps({**json.loads(kept), "format": 99}),
        lambda kept: json.dumps({**json.loads(kept), "cards": [["x", 1, 2]]}),
        # Every card's line moved by one byte: the spans no longer fit the file.
        lambda kept: json.dumps(
            {
                **json.loads(kept),
                "cards": [[c[0], c[1] + 1, *c[2:]] for c in json.loads(kept)["cards"]],
            }
        ),
        # A place of the wrong type: ranks that are numbers cannot be ordered among strings.
        lambda kept: json.dumps(
            {**json.loads(kept), "cards": [[*c[:6], 7, c[7]] for c in json.loads(kept)["cards"]]}
        ),
        # Positions that are not numbers.
        lambda kept: json.dumps(
            {
                **json.loads(kept),
                "cards": [[c[0], str(c[1]), *c[2:]] for c in json.loads(kept)["cards"]],
            }
        ),
        lambda kept: json.dumps(
            {
                **json.loads(kept),
                "tables": {
                    n: r and [str(r[0]), r[1]] for n, r in json.loads(kept)["tables"].items()
                },
            }
        ),
        # Each card's span and place given to its neighbour's id.
        lambda kept: json.dumps(
            {
                **json.loads(kept),
                "cards": [[c[0], *d[1:]] for c, d in _pairs(json.loads(kept)["cards"])],
            }
        ),
    ],
)
def test_an_index_that_does_not_fit_the_file_is_ignored(cache, store, monkeypatch, damage):
    quit_app(Repository(store, who="tester"))
    (kept,) = cache.glob("open-*.json")
    kept.write_text(damage(kept.read_text(encoding="utf-8")), encoding="utf-8")
    repo = Repository(store, who="tester")
    assert not repo.opened_from_index
    assert board_view(repo) == scanned_view(store, monkeypatch)


def _pairs(cards: list) -> list[tuple[list, list]]:
    """Each card's entry with its neighbour's: (neighbour, card)."""
    return [(cards[(n + 1) % len(cards)], card) for n, card in enumerate(cards)]


def test_small_stores_are_not_indexed(tmp_path, store, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    quit_app(Repository(store, who="tester"))
    assert not (tmp_path / "cache").exists()


def test_refresh_open_index_indexes_a_file_git_wrote(cache, store):
    quit_app(Repository(store, who="tester"))
    data = store.read_bytes()
    os.unlink(store)
    store.write_bytes(data)  # what a pull does: a new file in the old one's place
    assert refresh_open_index(store) is True
    assert refresh_open_index(store) is False  # kept already
    assert Repository(store, who="tester").opened_from_index


def test_a_store_with_unsaved_changes_replayed_places_cards_by_their_records(
    cache, store, monkeypatch
):
    """A killed session's changes are replayed over the file as read: the index describes
    the file, so the replayed cards must not be placed by it."""
    quit_app(Repository(store, who="tester"))
    monkeypatch.setattr(PstuiStorage, "flush", lambda self: None)  # killed before writing
    repo = Repository(store, who="tester", background=True)
    board = repo.boards.all()[0]
    target = board.workflow.stages[0].id
    card = next(c for c in repo.cards.on_board(board.id) if c.stage != target)
    repo.cards.move(card.id, target)
    (journal,) = store.parent.glob(f"{PREFIX}*.jsonl")
    journal.rename(journal.with_name(f"{PREFIX}{2**22 + 1}-1.jsonl"))  # a process now gone
    repo._flusher.stop()  # dead: its writer thread must not write once flush is restored
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache.parent))
    monkeypatch.setattr(open_index, "INDEX_FROM_BYTES", 0)
    reopened = Repository(store, who="tester")
    assert any("recovered 1 change" in p for p in reopened.problems)
    assert reopened.opened_from_index, "the index was not in play"
    assert reopened.cards.get(card.id).stage == target
    assert card.id in [c.id for c in reopened.cards.column(board.id, target)]


def test_a_reload_that_merges_unsaved_changes_places_cards_by_the_merge(cache, store, monkeypatch):
    quit_app(Repository(store, who="tester"))
    monkeypatch.setattr(PstuiStorage, "flush", lambda self: None)  # our move stays unsaved
    mine = Repository(store, who="tester", background=True)
    board = mine.boards.all()[0]
    first = board.workflow.stages[0].id
    card = next(c for c in mine.cards.on_board(board.id) if c.stage != first)
    mine.cards.move(card.id, first)
    mine._flusher.stop()
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache.parent))
    monkeypatch.setattr(open_index, "INDEX_FROM_BYTES", 0)
    other = Repository(store, who="bo")
    theirs = next(c for c in other.cards.on_board(board.id) if c.id != card.id)
    other.cards.edit(theirs.id, title="by bo")
    other.flush()
    assert refresh_open_index(store)  # so that the reload reads the new file by its index
    assert mine.reload() is not None
    assert card.id in [c.id for c in mine.cards.column(board.id, first)]
    assert mine.cards.get(theirs.id).title == "by bo"


def test_old_indexes_are_forgotten(cache, store):
    cache.mkdir(parents=True)
    stale = cache / "open-0000.json"
    stale.write_text("{}", encoding="utf-8")
    month_ago = time.time() - open_index.FORGET_AFTER_SECONDS - 60
    os.utime(stale, (month_ago, month_ago))
    quit_app(Repository(store, who="tester"))
    assert not stale.exists()
    assert len(list(cache.glob("open-*.json"))) == 1


def test_a_layout_is_only_taken_for_bytes_that_bear_it_out(store):
    blob = store.read_bytes()
    tables = split_store(blob, store, cut_now=("cards",))
    assert tables is not None
    layout, spans = layout_of(tables, blob)
    again = tables_from_layout(blob, store, layout, spans)
    assert again is not None
    assert {n: dict(t) for n, t in again.items()} == {n: dict(t) for n, t in tables.items()}
    longer = blob.replace(b'"title": "card 1"', b'"title": "card 1!"', 1)
    assert tables_from_layout(longer, store, layout, spans) is None
    changed = {**tables, "cards": tables["cards"].with_changes({next(iter(spans)): None})}
    assert layout_of(changed, blob) is None
    assert layout_of({**tables, "risks": LazyTable.of({"r": {}})}, blob) is None


# ----- the read ahead: the store's bytes read while `pstui` imports Textual ---------------------


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Every read of a store file's bytes, ahead or not."""
    done: list[Path] = []
    read_file = open_index._read_file

    def counted(path: Path):
        done.append(path)
        return read_file(path)

    monkeypatch.setattr(open_index, "_read_file", counted)
    return done


def test_an_open_takes_the_bytes_read_ahead(cache, store, reads):
    before = board_view(Repository(store, who="tester"))
    reads.clear()
    open_index.read_ahead(store)
    reopened = Repository(store, who="tester")
    assert reads == [store]  # the read ahead's, and no other
    assert board_view(reopened) == before


def test_bytes_read_ahead_are_taken_once(cache, store, reads):
    open_index.read_ahead(store)
    assert open_index.read_with_identity(store)[0] == store.read_bytes()
    assert open_index.read_with_identity(store)[0] == store.read_bytes()
    assert reads == [store, store]  # the second read is a read of its own


def test_a_file_changed_after_the_read_ahead_is_read_again(cache, store, reads):
    open_index.read_ahead(store)
    open_index._ahead.result()  # read before the file changes
    store.write_bytes(store.read_bytes().replace(b'"card 1"', b'"card one"'))
    titles = [
        title
        for column in board_view(Repository(store, who="tester")).values()
        for _, title in column
    ]
    assert "card one" in titles and "card 1" not in titles
    assert reads == [store, store]


def test_a_read_ahead_of_another_file_is_dropped_not_used(cache, store, tmp_path, reads):
    other = tmp_path / "other.json"
    other.write_bytes(store.read_bytes())
    open_index.read_ahead(other)
    assert open_index.read_with_identity(store)[0] == store.read_bytes()
    assert open_index._ahead is None  # nothing holds the other file's bytes any more
    assert reads == [other, store]


def test_a_read_ahead_that_fails_leaves_the_error_to_the_open(cache, tmp_path):
    missing = tmp_path / "gone.json"
    open_index.read_ahead(missing)
    with pytest.raises(FileNotFoundError):
        open_index.read_with_identity(missing)


# ----- the tables found while the file is read ---------------------------------------------------

SAMPLES = Path(__file__).resolve().parents[2] / "sample_projects"
CARDS = CUT_AT_OPEN  # the cards cut at once, where each sits read as they are


def tables_agree(scanned: list[TableFound] | None, blob: bytes, path: Path) -> None:
    """The tables a scan found as the file was read are those a whole scan finds, and each
    card's place it read from a window is what the whole file's bytes say."""
    whole = _find_tables(blob, path, CARDS)
    assert scanned is not None and whole is not None

    def found(tables: list[TableFound]) -> list[tuple[object, ...]]:
        return [(*t[:3], t.cut and t.cut[:2]) for t in tables]

    assert found(scanned) == found(whole)
    for table in scanned:
        if table.cut is not None and table.cut.plain is not None:
            fields, values = table.cut.plain
            assert fields == CARD_PLACE
            read = _plain_runs(fields.names, fields.flags).groups
            for card_id, value in values.items():
                assert value == read(blob, table.cut.spans[card_id]), card_id


def events(*ids: str) -> dict:
    return {rid: {"action": "edit", "record": f"C{n}", "by": "李雷"} for n, rid in enumerate(ids)}


LAYOUTS = {
    "cards in the middle": {"boards": {"01B": {}}, "cards": events("01A", "01C"), "events": {}},
    "cards last": {"boards": {"01B": {}}, "cards": events("01A", "01C", "01D")},
    "cards first, empty tables next": {"cards": events("01A"), "d": {}, "e": events("01Z")},
    "cards empty": {"a": events("01A"), "cards": {}, "events": events("01E")},
    "no cards": {"a": events("01A"), "events": events("01E")},
    "tables of records and empty ones after the cards": {
        "boards": {"01B": {}},
        "cards": events("01A", "01C"),
        "events": events("01E", "01F"),
        "f": {},
        "lessons": events("01L"),
        "z": {},
    },
}


def scan_as_read(path: Path, monkeypatch, window: int, whole_after: int | None = None):
    """What `read_with_index` makes of the windows of `window` bytes; with `whole_after`, the
    whole file's read is done after that many windows and the scan goes on in its bytes."""
    monkeypatch.setattr(open_index, "WINDOW_BYTES", window)
    asked = iter(range(10**9))
    scan = TableScan(CARDS)
    identity = open_index._scan_as_read(
        path, scan, until=lambda: whole_after is not None and next(asked) >= whole_after
    )
    blob = path.read_bytes()
    return scan.finish(blob) if identity == open_index.identity_of(os.stat(path)) else None


@pytest.mark.parametrize("window", [8, 64, 1000, 1 << 20])
@pytest.mark.parametrize("whole_after", [None, 0, 3])
def test_the_tables_found_as_the_file_is_read_are_those_a_whole_scan_finds(
    tmp_path, monkeypatch, window, whole_after
):
    stores = {name: dumps_store_bytes(data) for name, data in LAYOUTS.items()}
    stores |= {path.name: path.read_bytes() for path in SAMPLES.glob("*.json")}
    for name, blob in stores.items():
        path = tmp_path / f"{len(name)}.json"
        path.write_bytes(blob)
        found = scan_as_read(path, monkeypatch, window, whole_after)
        assert found is not None, name
        tables_agree(found, blob, path)
        tables = split_store(blob, path, CARDS, found)
        assert {n: dict(t) for n, t in tables.items()} == loads_store(blob.decode()), name


def test_a_damaged_file_scanned_as_it_is_read_gives_up_or_finds_what_a_whole_scan_finds(
    tmp_path, monkeypatch
):
    """Bytes cut out of, doubled in or put into the lines that a scan looks for."""
    blob = dumps_store_bytes(LAYOUTS["cards in the middle"] | {"z": events("01Q", "01R")})
    spots = [m.start() for m in re.finditer(rb'\n {1,3}"|[{},]', blob)]
    rng = random.Random(7)
    path, agreed = tmp_path / "pstui.json", 0
    for _ in range(300):
        at = rng.choice(spots)
        cut = rng.choice([b"", b",", b"\n", b" ", b'\n "x": {}', b'\n  "01B": {}', b"{"])
        damaged = blob[:at] + cut + blob[at + rng.choice([0, 1, 2]) :]
        path.write_bytes(damaged)
        found = scan_as_read(path, monkeypatch, rng.choice([16, 50, 4096]))
        if found is not None:
            tables_agree(found, damaged, path)
            agreed += 1
    assert agreed > 30  # most damage leaves the layout the scan looks for


def test_a_store_never_opened_is_scanned_as_it_is_read(cache, store, monkeypatch):
    read = open_index.read_with_index(store, cut_now=CARDS)
    assert read.index is None
    tables_agree(read.found, read.blob, store)
    assert read.found is not None and read.found[1].cut is not None
    plain = read.found[1].cut.plain
    assert plain is not None and len(plain[1]) == len(read.found[1].cut.spans) - 1  # the last
    # card is closed by the whole file's bytes: its place is read from them
    cards = split_store(read.blob, store, CARDS, read.found)["cards"]
    first = dict(cards.plain_fields_of_each(CARD_PLACE))  # the scan's, handed over
    assert cards._records.take_plain(CARD_PLACE) == {}  # not kept after: a few MB
    assert dict(cards.plain_fields_of_each(CARD_PLACE)) == first  # read from the bytes
    assert board_view(Repository(store, who="tester")) == scanned_view(store, monkeypatch)


def test_bytes_read_ahead_are_not_read_again_to_scan_them(cache, store, reads):
    open_index.read_ahead(store)
    scans = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(open_index, "_scan_as_read", lambda *args, **kw: scans.append(args))
        read = open_index.read_with_index(store, cut_now=CARDS)
    assert read.found is None and not scans
    assert reads == [store]


def test_a_file_changed_while_it_is_scanned_is_not_taken_for_the_bytes_read(
    cache, store, monkeypatch
):
    class Changing(TableScan):
        def window(self, buf, base, end):
            store.write_bytes(store.read_bytes().replace(b'"card 1"', b'"card one"'))
            super().window(buf, base, end)

    monkeypatch.setattr(open_index, "WINDOW_BYTES", 64)
    assert open_index._scan_as_read(store, Changing(CARDS), until=lambda: False) is None


def test_a_file_read_beside_the_ui_is_not_scanned_as_it_is_read(cache, store, monkeypatch):
    """Each window's read lets go of the GIL and takes it back at once: the UI would wait."""
    repo = Repository(store, who="tester")
    store.write_bytes(store.read_bytes().replace(b'"card 1"', b'"card one"'))
    scans = []
    monkeypatch.setattr(open_index, "_scan_as_read", lambda *args, **kw: scans.append(args))
    read = repo.read_changed_file()
    assert read is not None and not scans
    repo.reload(read=read)
    assert "card one" in [title for column in board_view(repo).values() for _, title in column]


class Windows(TableScan):
    """A scan that notes the size of every buffer it is handed."""

    def __init__(self, cut_now) -> None:
        super().__init__(cut_now)
        self.sizes: list[int] = []

    def window(self, buf, base, end):
        self.sizes.append(len(buf))
        super().window(buf, base, end)


def test_a_file_not_in_layout_is_given_up_on_at_its_first_window(tmp_path, monkeypatch):
    minified = tmp_path / "pstui.json"
    minified.write_text(json.dumps(LAYOUTS["cards in the middle"]) * 50)  # no line breaks
    monkeypatch.setattr(open_index, "WINDOW_BYTES", 64)
    scan = Windows(CARDS)
    assert open_index._scan_as_read(minified, scan, until=lambda: False) is None
    assert scan.failed and scan.sizes == [64]  # one window, not grown to hold the "line"


def test_a_window_grows_to_hold_a_long_line_up_to_a_limit_then_the_scan_gives_up(
    tmp_path, monkeypatch
):
    # Before the cards: once a table cut at once has ended, the windows read no further.
    data = {"a": {"01A": {"text": "长" * 300}}} | LAYOUTS["cards in the middle"]
    path = tmp_path / "pstui.json"
    path.write_bytes(dumps_store_bytes(data))
    monkeypatch.setattr(open_index, "WINDOW_BYTES", 64)
    monkeypatch.setattr(open_index, "LONGEST_LINE_BYTES", 4096)
    scan = Windows(CARDS)
    assert open_index._scan_as_read(path, scan, until=lambda: False) is not None
    assert max(scan.sizes) == 1024  # grown to hold the 900-byte line, and no more
    monkeypatch.setattr(open_index, "LONGEST_LINE_BYTES", 512)
    assert open_index._scan_as_read(path, TableScan(CARDS), until=lambda: False) is None


def test_conflict_markers_are_looked_for_by_the_thread_that_read_the_file(cache, store):
    text = store.read_text(encoding="utf-8")
    at = text.index('\n  "', text.index('"cards"')) + 1
    store.write_text(text[:at] + "<<<<<<< HEAD\n" + text[at:], encoding="utf-8")
    line = text[:at].count("\n") + 1
    read = open_index.read_with_index(store, cut_now=CARDS)
    assert read.markers() == line
    with pytest.raises(BadStoreFile, match=f"line {line}: git conflict markers"):
        Repository(store, who="tester")


def test_a_store_without_markers_is_said_so_by_the_reading_thread(cache, store):
    read = open_index.read_with_index(store, cut_now=CARDS)
    assert read.markers() == 0 and read.found is not None
    assert open_index.read_with_index(store, cut_now=CARDS, scan_as_read=False).markers() == 0


def test_the_cards_are_arranged_while_the_reading_thread_looks_for_markers(
    cache, store, monkeypatch
):
    """The board's columns are worked out from the bytes before the marker search is
    waited for, so that the two overlap; the markers still win over anything else."""
    order = []
    reading_markers = open_index._Reading.markers
    monkeypatch.setattr(
        open_index._Reading,
        "markers",
        lambda self: order.append("markers") or reading_markers(self),
    )
    monkeypatch.setattr(
        repository_module,
        "arranged_cards",
        lambda cards: order.append("arranged") or arranged(cards),
    )
    repo = Repository(store, who="tester")
    assert order == ["arranged", "markers"]
    assert repo.cards.count() > 0
