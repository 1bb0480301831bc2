"""A fuzz of the store's readers (#21): the fast reader against json.loads and `pstui check`.

Random valid stores, written in any JSON layout (indent none, 1, 2 or 4; separators with and
without spaces; \\u escapes or not; keys shuffled), must read as json.loads reads them by every
way pstui has: the fast reader (the file's bytes cut into records), the tables found as the
file is read window by window, a whole parse, a reload against the file held before, single
fields read from their lines, and `pstui check`. Mutations of valid stores (a field's type
swapped, a field missing, an id twice, a huge string, deep nesting, bytes that are not UTF-8,
a cut-off file, a key line written another way) must never give a traceback nor a write: the
file's bytes stay as they were, a refusal is a message naming the file and the place, and the
fast reader and the whole parse agree (the same records, or both refuse).

The run is fixed (derandomized, no example database) so that CI sees the same examples each
time, in a few seconds. `PSTUI_FUZZ=long` runs many more, random ones, for a search by hand:

    PSTUI_FUZZ=long .venv/bin/python -m pytest -p no:cacheprovider tests/store/test_fuzz_store.py
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pstui.cli import main
from pstui.model.card import Outcome
from pstui.store.check import check_store
from pstui.store.engine import open_index
from pstui.store.engine.lazy import DEEPEST, LazyTable
from pstui.store.engine.serialize import dumps_store, load_store_bytes, loads_store
from pstui.store.errors import StoreError
from pstui.store.repository import Repository
from pstui.store.storage import CARD_PLACE, PstuiStorage
from pstui.store.templates import load_template
from pstui.store.validate import validate_file

LONG = os.environ.get("PSTUI_FUZZ") == "long"
FUZZ = settings(
    max_examples=3000 if LONG else 100,
    derandomize=not LONG,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
WHO = "tester"


# ----- a small valid store, built once by pstui itself -----------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Iterator[Path]:
    """A folder for the examples' files, with a private home, cache and user."""
    path = tmp_path_factory.mktemp("fuzz")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {
            "HOME": path,
            "XDG_CONFIG_HOME": path / "config",
            "XDG_CACHE_HOME": path / "cache",
            "PSTUI_CONFIG": path / "config.toml",
            "PSTUI_USER": WHO,
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_NOSYSTEM": "1",
        }.items():
            patch.setenv(name, str(value))
        patch.chdir(path)
        yield path


@pytest.fixture(scope="module")
def base(folder: Path) -> dict[str, Any]:
    """Two boards, cards with checklists partly ticked, a decision, risks on a card and on a
    board: the tables the model reads, as pstui writes them."""
    path = folder / "base" / "pstui.json"
    path.parent.mkdir()
    repo = Repository.create(path, "Board", load_template("service").workflow, who=WHO)
    board = repo.boards.all()[0].id
    cards = [
        repo.cards.add(board, title, assignee=who, tags=tags, client="Acme", due="2026-12-01")
        for title, who, tags in [
            ("First", "Alice", ["urgent"]),
            ("Second 项目", "", []),
            ("Third [bold]", "Bob", ["a", "b"]),
        ]
    ]
    for item in cards[0].checklist[:2]:
        repo.cards.toggle_item(cards[0].id, item.id)
    repo.cards.decide(cards[2].id, Outcome.KILL, note="client left")
    repo.risks.add(board, "Data loss", card=cards[0].id, probability=3, impact=4)
    repo.risks.add(board, "Late sign-off", probability=2, impact=2)
    other = repo.boards.add("Support", load_template("support").workflow)
    repo.cards.add(other.id, "Ticket")
    repo.close()
    return loads_store(path.read_bytes(), path)


# ----- random valid stores ------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=10,
)
IDS = st.from_regex(r"\A01[0-9A-HJKMNP-TV-Z]{24}\Z")  # a pstui id: ULID letters


@st.composite
def valid_stores(draw, base: dict[str, Any]) -> dict[str, Any]:
    """`base` with free text rewritten, unknown fields and tables added, events copied: what
    another pstui, a newer one or a teammate may write, all of it valid."""
    data = json.loads(json.dumps(base))
    for card in data["cards"].values():
        if draw(st.booleans()):
            card["title"] = draw(TEXT.filter(str.strip))
            card["description"] = draw(TEXT)
            card["tags"] = draw(st.lists(TEXT.filter(str.strip), max_size=3, unique=True))
    for table in draw(st.lists(st.sampled_from(sorted(data)), max_size=3)):
        for record in data[table].values():
            if isinstance(record, dict) and draw(st.booleans()):
                record[draw(TEXT.filter(lambda k, r=record: k not in r))] = draw(VALUES)
    events = data["events"]
    for event_id in draw(st.lists(IDS.filter(lambda i: i not in events), max_size=3)):
        events[event_id] = {**events[min(events)], "summary": draw(TEXT)}
    for name in draw(st.lists(TEXT.filter(lambda n: n not in data), max_size=2, unique=True)):
        data[name] = draw(st.dictionaries(TEXT, VALUES, max_size=3))
    return data


@st.composite
def layouts(draw) -> Callable[[dict[str, Any]], bytes]:
    """A way to write a store: any layout json.dumps makes, keys sorted or shuffled."""
    indent = draw(st.sampled_from([None, 1, 2, 4]))
    separators = draw(st.sampled_from([None, (",", ":"), (", ", ": "), (",", ": ")]))
    ascii_only = draw(st.booleans())
    shuffle = draw(st.none() | st.randoms(use_true_random=False))
    newline = draw(st.sampled_from(["\n", ""]))

    def write(data: dict[str, Any]) -> bytes:
        text = json.dumps(
            shuffled(data, shuffle) if shuffle else data,
            indent=indent,
            separators=separators,
            ensure_ascii=ascii_only,
            sort_keys=shuffle is None,
        )
        return (text + newline).encode("utf-8")

    return write


@st.composite
def odd_records(draw) -> Callable[[dict[str, Any]], bytes]:
    """pstui's layout with some records written another way: on one line, keys unsorted or
    unspaced (a hand edit, another tool), inside a file the fast reader cuts into records."""
    rng = draw(st.randoms(use_true_random=False))

    def entry(record_id: str, record: Any) -> str:
        if rng.random() < 0.7:
            text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True)
            text = text.replace("\n", "\n  ")
        else:
            separators = rng.choice([(",", ":"), (", ", ": ")])
            text = json.dumps(record, ensure_ascii=False, separators=separators)
        return f"\n  {json.dumps(record_id, ensure_ascii=False)}: {text}"

    def write(data: dict[str, Any]) -> bytes:
        tables = []
        for name in sorted(data):
            entries = ",".join(entry(rid, data[name][rid]) for rid in sorted(data[name]))
            body = f"{{{entries}\n }}" if entries else "{}"
            tables.append(f"\n {json.dumps(name, ensure_ascii=False)}: {body}")
        return ("{" + ",".join(tables) + "\n}\n").encode()

    return write


def shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {key: shuffled(value[key], rng) for key in keys}
    if isinstance(value, list):
        return [shuffled(item, rng) for item in value]
    return value


# ----- what every reader makes of a file ----------------------------------------------------


def outcome(read: Callable[[], Any]) -> Any:
    """What `read()` returns, or the StoreError it raises; anything else fails the test."""
    try:
        return read()
    except StoreError as err:
        return err


def as_dicts(tables: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: dict(table) for name, table in tables.items()}


@contextlib.contextmanager
def scanned_as_read() -> Iterator[None]:
    """Opens find the tables window by window as the file is read, as for a large store."""
    with (
        mock.patch.object(open_index, "INDEX_FROM_BYTES", 0),
        mock.patch.object(open_index, "WINDOW_BYTES", 512),
    ):
        yield


def fast(path: Path) -> Any:
    return as_dicts(load_store_bytes(path.read_bytes(), path, ("cards",)))


def full(path: Path) -> Any:
    return loads_store(path.read_bytes(), path)


def opened(path: Path) -> Any:
    """The store as the app and the CLI open it: read, its schema checked, every record read
    as the model reads it."""
    return as_dicts(PstuiStorage(path).read())


def opened_scanned(path: Path) -> Any:
    with scanned_as_read():
        return opened(path)


def reloaded(path: Path, blob: bytes, held: bytes) -> Any:
    """The file first holding `held`, then replaced by `blob` (a pull, a copy): what the open
    storage takes, read against the file it held. It writes nothing."""
    path.write_bytes(held)
    storage = PstuiStorage(path)
    replacement = path.with_name("replacement.json")
    replacement.write_bytes(blob)
    os.replace(replacement, path)
    try:
        storage.absorb_disk()
        return as_dicts(storage.read())
    finally:
        assert path.read_bytes() == blob


def fields_read_alone(path: Path) -> dict[str, dict[str, Any]]:
    """Every record as its top-level fields read one by one from their lines, as the board
    reads where cards sit (and the whole record where a field is not on a line of its own)."""
    tables = load_store_bytes(path.read_bytes(), path, ("cards",))
    read: dict[str, dict[str, Any]] = {}
    for name, table in tables.items():
        assert isinstance(table, LazyTable)
        read[name] = {}
        for record_id in table:
            record = table[record_id]
            if isinstance(record, dict):
                read[name][record_id] = {key: table.field(record_id, key) for key in record}
            else:
                read[name][record_id] = record
    return read


PLACED = CARD_PLACE.names  # where a card sits, as the board reads it
MARKED = (("card", "string or null"), ("impact", "digits"), ("status", "string"))


def plain_reads_disagree(path: Path, expected: dict[str, Any]) -> list[str]:
    """The records whose fields, read as plain bytes from their lines (where the board
    places the cards, and marks their risks), are not those json.loads reads."""
    tables = load_store_bytes(path.read_bytes(), path, ("cards",))
    wrong = []
    for card_id, raw in tables["cards"].plain_fields_of_each(CARD_PLACE):
        card = expected["cards"][card_id]
        if raw is not None and [raw[0] == b"true", *(v.decode() for v in raw[1:])] != [
            card.get(name) for name in PLACED
        ]:
            wrong.append(card_id)
    for risk_id, raw in tables["risks"].fields_in_one_pass(MARKED):
        risk = expected["risks"][risk_id]
        if raw is not None and [raw[0].decode(), int(raw[1]), raw[2].decode()] != [
            risk.get("card") or "",
            risk.get("impact"),
            risk.get("status"),
        ]:
            wrong.append(risk_id)
    return wrong


@st.composite
def lookups(draw, data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A few (table, field, text) that records of `data` hold at their top level."""
    held = [
        (table, field, value)
        for table, records in sorted(data.items())
        for record in records.values()
        if isinstance(record, dict)
        for field, value in sorted(record.items())
        if isinstance(value, str)
    ]
    return draw(st.lists(st.sampled_from(held), max_size=4)) if held else []


def found_by_value(path: Path, table: str, field: str, value: str) -> dict[str, Any]:
    """The records `having` finds in the file's bytes (a card's history, its risks)."""
    return load_store_bytes(path.read_bytes(), path, ("cards",))[table].having(field, value)


READERS = {"fast": fast, "full": full, "opened": opened, "opened, scanned": opened_scanned}


# ----- valid stores in any layout ---------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_a_valid_store_in_any_layout_reads_as_json_loads_reads_it_by_every_way(folder, base, data):
    store = data.draw(valid_stores(base))
    write = data.draw(layouts() | odd_records())
    blob = write(store)
    path = folder / "pstui.json"
    path.write_bytes(blob)
    expected = json.loads(blob)
    assert expected == store
    for name, read in READERS.items():
        assert read(path) == expected, name
    assert fields_read_alone(path) == expected
    assert plain_reads_disagree(path, expected) == []
    for table, field, value in data.draw(lookups(expected)):
        assert found_by_value(path, table, field, value) == {
            rid: record
            for rid, record in expected[table].items()
            if isinstance(record, dict) and record.get(field) == value
        }
    assert check_store(path) == []
    validate_file(path)
    canonical = dumps_store(store).encode()
    assert reloaded(path, blob, canonical) == expected  # from pstui's layout to this one
    assert reloaded(path, canonical, blob) == expected  # and back
    assert reloaded(path, blob, blob) == expected  # an identical copy
    path.write_bytes(blob)
    assert cli(path, "check")[0] == 0
    assert path.read_bytes() == blob


# ----- mutations of valid stores ----------------------------------------------------------------


def swap_type(value: Any, rng: random.Random) -> Any:
    others = [None, True, 0, -1, 2**80, 1.5, "", "text", [], [1, "x"], {}, {"a": None}]
    return rng.choice([v for v in others if type(v) is not type(value)])


def data_mutations(store: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """One to three changes to the data (see `data_mutation`)."""
    data = json.loads(json.dumps(store))
    for _ in range(rng.randint(1, 3)):
        data = data_mutation(data, rng)
    return data


def data_mutation(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A field's type swapped, a field removed, a record that is not an object, a huge string
    or a deep value put in, or a table replaced by another kind of value."""
    table = rng.choice(sorted(data))
    records = data[table]
    kind = rng.choice(["swap", "remove", "record", "huge", "deep", "table"])
    if kind == "table" or not isinstance(records, dict) or not records:
        data[table] = swap_type(records, rng)
        return data
    record_id = rng.choice(sorted(records))
    record = records[record_id]
    if kind == "record" or not isinstance(record, dict) or not record:
        records[record_id] = swap_type(record, rng)
        return data
    field = rng.choice(sorted(record))
    if kind == "swap":
        record[field] = swap_type(record[field], rng)
    elif kind == "remove":
        del record[field]
    elif kind == "huge":
        record[field] = rng.choice(["x", "项", "\\", '"', "\n"]) * rng.choice([10**5, 3 * 10**6])
    else:  # deeper still, json.dumps cannot write it: see `byte_mutations`
        record[field] = nested(rng.choice([DEEPEST - 2, DEEPEST - 1, DEEPEST, DEEPEST + 5, 500]))
    return data


def nested(levels: int) -> list[Any]:
    """A list `levels` deep inside its record (the record being the first level)."""
    value: list[Any] = []
    for _ in range(levels - 2):
        value = [value]
    return value


# Byte strings that are not UTF-8: a lone continuation byte, a cut sequence, an overlong form,
# a surrogate, a byte never used, and the start of a four-byte sequence past U+10FFFF.
NOT_UTF8 = [b"\x80", b"\xc3", b"\xe4\xb8", b"\xc0\xaf", b"\xed\xa0\x80", b"\xff", b"\xf5\x80\x80"]


def byte_mutations(blob: bytes, rng: random.Random) -> bytes:
    """One change to the bytes: cut short, bytes that are not UTF-8, a record's lines doubled
    (an id twice), a key line written another way, a value nested thousands deep put in
    as it is, a structural byte removed or doubled, a number too long to read."""
    kind = rng.choice(["cut", "utf8", "twice", "key line", "deep", "structure", "number"])
    lines = [m.start() for m in re.finditer(rb'\n {1,3}"', blob)] or [0]
    at = rng.choice(lines)
    if kind == "cut":
        return blob[: rng.randrange(len(blob))]
    if kind == "utf8":
        spot = rng.randrange(len(blob))
        return blob[:spot] + rng.choice(NOT_UTF8) + blob[spot:]
    if kind == "twice":
        end = blob.find(b"\n", at + 1)
        record_end = blob.find(b"\n  }", at + 1)
        end = record_end + 4 if record_end > 0 and blob[at + 3 : at + 4] != b" " else end
        piece = blob[at:end] if end > at else blob[at:]
        return blob[:at] + piece + (b"," if not piece.endswith(b",") else b"") + blob[at:]
    if kind == "key line":
        key_end = blob.find(b'": ', at)
        if key_end < 0:
            return blob
        spacing = rng.choice([b'":', b'" : ', b'":  ', b'":\t', b'"\n:'])
        return blob[:key_end] + spacing + blob[key_end + 3 :]
    if kind == "deep":
        levels = rng.choice([DEEPEST + 1, 3000, 20000])
        key_end = blob.find(b'": ', at)
        if key_end < 0:
            return blob
        value = b"[" * levels + b"]" * levels
        return blob[: key_end + 3] + value + b"," + blob[key_end + 3 :]
    if kind == "number":
        key_end = blob.find(b'": ', at)
        if key_end < 0:
            return blob
        return blob[: key_end + 3] + b"1" * 5000 + b"," + blob[key_end + 3 :]
    spots = [m.start() for m in re.finditer(rb"[{}\[\],:\"]", blob)]
    spot = rng.choice(spots)
    return blob[:spot] + (b"" if rng.random() < 0.5 else blob[spot : spot + 1]) + blob[spot:]


# A refusal names the file, then the place: a line, a record (its id), a table or the meta
# record, or the file as a whole when it is not a store at all.
PLACE = re.compile(r"line \d+|\b[0-9A-Z]{26}\b|table|meta|not a pstui store|not UTF-8")


@FUZZ
@given(data=st.data())
def test_a_mutated_store_is_read_alike_or_refused_alike_never_crashes_nor_is_written(
    folder, base, data
):
    store = data.draw(valid_stores(base))
    write = data.draw(layouts() | st.just(lambda d: dumps_store(d).encode()))
    rng = data.draw(st.randoms(use_true_random=False))
    if data.draw(st.booleans()):
        blob = write(data_mutations(store, rng))
    else:
        blob = byte_mutations(write(store), rng)
    path = folder / "pstui.json"
    path.write_bytes(blob)
    found = {name: outcome(lambda read=read: read(path)) for name, read in READERS.items()}
    for name, result in found.items():
        if isinstance(result, StoreError):
            assert str(result).startswith(f"{path}: "), (name, str(result))
            assert PLACE.search(result.message), (name, result.message)
    # The fast reader and the whole parse: the same records, or both refuse.
    if isinstance(found["full"], StoreError):
        assert isinstance(found["fast"], StoreError), found["fast"]
    else:
        assert found["fast"] == found["full"]
    # Opened as the app opens it, whichever way the tables are found: the same.
    assert type(found["opened"]) is type(found["opened, scanned"])
    if not isinstance(found["opened"], StoreError):
        assert found["opened"] == found["opened, scanned"] == found["full"]
    # Never says ok to a file that pstui refuses to open.
    problems = check_store(path)
    if isinstance(found["opened"], StoreError):
        assert problems, found["opened"]
    if not problems:
        assert found["opened"] == found["full"]
    for problem in problems:
        assert str(problem).startswith(f"{path}: ") or problem.table, str(problem)
    # Read against the valid file held before (a teammate's file pulled under the board).
    again = outcome(lambda: reloaded(path, blob, dumps_store(store).encode()))
    assert isinstance(again, StoreError) == isinstance(found["opened"], StoreError), again
    if not isinstance(again, StoreError):
        assert again == found["full"]
    path.write_bytes(blob)
    for command in (("check",), ("card", "list"), ("card", "add", "One more")):
        code, said = cli(path, *command)
        assert "Traceback" not in said
        if isinstance(found["opened"], StoreError):
            assert code != 0, (command, said)
            assert path.read_bytes() == blob, command
            if command != ("check",):  # which prints each problem, then how many
                assert said.startswith(f"pstui: {path}: ") and said.count("\n") == 1, said
        elif command == ("check",):
            assert (code != 0) == bool(problems), said
    path.unlink()


def cli(path: Path, *argv: str) -> tuple[int, str]:
    """`pstui --store PATH ARGV...` in this process: its exit code and all it printed."""
    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        code = main(["--store", str(path), *argv])
    return code, said.getvalue()
