"""The store faults a hostile test found (#21), each pinned by a test that failed before its fix.

- A value nested thousands of levels deep crashed every reader with a RecursionError.
- A record line written `"ID":{` (valid JSON) was refused by the fast reader, or its record
  silently left out, while `pstui check` said ok.
- A store in another JSON layout, replaced by an identical copy, read as a store with no
  tables: the running board said "no meta record" and stopped saving, and a sync reported
  every old conflict as new.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pendulum
import pytest

from pstui.config import Config
from pstui.store import gitsync
from pstui.store.check import check_store
from pstui.store.engine import PlainFields, open_index
from pstui.store.engine.lazy import DEEPEST
from pstui.store.engine.serialize import dumps_store, load_store_bytes, loads_store
from pstui.store.errors import BadStoreFile
from pstui.store.repository import Repository
from pstui.store.storage import PstuiStorage, validate_tables

SAMPLE = Path(__file__).resolve().parents[2] / "sample_projects" / "services.json"
WHO = "tester"
TODAY = pendulum.Date(2026, 11, 22)
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")


def sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def add_line(text: str, record_id: str, line: str) -> tuple[str, int]:
    """`text` with `line` as the first line inside the record `record_id`, and its number."""
    head = f'\n  "{record_id}": {{\n'
    at = text.index(head) + len(head)
    return text[:at] + line + "\n" + text[at:], text.count("\n", 0, at) + 1


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def deep_text(place: str, levels: int) -> tuple[str, int]:
    """The sample store with a value `levels` deep (inside its record) in `place`, and the
    line it is on."""
    data = sample()
    text = dumps_store(data)
    value = nested(levels - 1)  # inside a record, itself the first level
    if place == "top-level key":  # a table after the others, of one record
        at = len(text) - 3  # before the closing "\n}\n"
        return text[:at] + f',\n "zz-extra": {{\n  "x": {{"deep": {value}}}\n }}' + text[at:], (
            text.count("\n") + 1
        )
    table = {"card": "cards", "event": "events"}[place]
    return add_line(text, sorted(data[table])[-1], f'   "deep": {value},')


PLACES = ["card", "event", "top-level key"]


# ----- deep nesting ----------------------------------------------------------------------------


@pytest.mark.parametrize("place", PLACES)
def test_a_value_nested_thousands_deep_is_named_by_check_with_its_file_and_line(tmp_path, place):
    path = tmp_path / "pstui.json"
    text, line = deep_text(place, 3000)
    path.write_text(text, encoding="utf-8")
    problems = [str(p) for p in check_store(path)]
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: line {line}: a value nested more than {DEEPEST}")


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("command", [("card", "list"), ("card", "add", "One more"), ("check",)])
def test_a_value_nested_thousands_deep_fails_a_command_with_one_line_and_no_write(
    cli, tmp_path, place, command
):
    path = tmp_path / "pstui.json"
    text, line = deep_text(place, 3000)
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    code, out, err = cli("--store", str(path), *command)
    assert code == 1
    said = (out + err).strip().splitlines()
    assert f"{path}: line {line}: a value nested more than {DEEPEST} levels deep" in said[0]
    assert "Traceback" not in out + err and "RecursionError" not in out + err
    assert len(said) == (2 if command == ("check",) else 1)  # check adds its count of problems
    assert path.read_bytes() == before


@pytest.mark.parametrize("levels", [DEEPEST + 1, 500, 950, 3000, 100_000])
def test_every_depth_past_the_limit_is_refused_by_both_readers_alike(tmp_path, levels):
    """json.loads alone gives up near a thousand levels less the caller's stack: past the
    limit, the answer must not depend on where a reader is called from."""
    path = tmp_path / "pstui.json"
    text, line = deep_text("card", levels)
    path.write_text(text, encoding="utf-8")
    said = f"{path}: line {line}: a value nested more than {DEEPEST} levels deep"
    assert str(check_store(path)[0]).startswith(said)
    for depth in (0, 600):  # as called from the top, and from under a deep stack
        with pytest.raises(BadStoreFile) as refused:
            called_under(depth, lambda: PstuiStorage(path))
        assert str(refused.value).startswith(said)


def test_a_value_nested_to_the_limit_reads_everywhere(tmp_path):
    path = tmp_path / "pstui.json"
    text, _ = deep_text("card", DEEPEST)
    path.write_text(text, encoding="utf-8")
    assert check_store(path) == []
    card = sorted(sample()["cards"])[-1]
    for depth in (0, 600):
        storage = called_under(depth, lambda: PstuiStorage(path))
        assert storage.read()["cards"][card]["deep"] == json.loads(nested(DEEPEST - 1))


def called_under(frames: int, call):
    """`call()` made from `frames` Python frames deeper than here."""
    return call() if frames == 0 else called_under(frames - 1, call)


def test_a_field_read_alone_from_a_deep_record_is_refused_as_its_record_is(tmp_path):
    text, line = deep_text("card", 3000)
    blob = text.encode()
    cards = load_store_bytes(blob, "pstui.json", ("cards",))["cards"]
    card = sorted(sample()["cards"])[-1]
    with pytest.raises(BadStoreFile, match=f"line {line}: a value nested"):
        cards.field(card, "deep")


@needs_git
def test_a_value_nested_thousands_deep_stops_a_sync_before_anything_is_committed(
    tmp_path, monkeypatch
):
    use_private_git(tmp_path, monkeypatch)
    store = tmp_path / "clone" / "pstui.json"
    store.parent.mkdir()
    git(store.parent, "init", "--quiet")
    store.write_text(dumps_store(sample()), encoding="utf-8")
    assert gitsync.install_driver(store)
    git(store.parent, "add", "-A")
    git(store.parent, "commit", "--quiet", "-m", "the store")
    head = git(store.parent, "rev-parse", "HEAD")
    text, line = deep_text("card", 3000)
    store.write_text(text, encoding="utf-8")
    before = store.read_bytes()
    result = gitsync.sync(store)
    assert not result.ok
    assert result.error.startswith(f"{store}: line {line}: a value nested more than {DEEPEST}")
    assert git(store.parent, "rev-parse", "HEAD") == head
    assert store.read_bytes() == before


def test_the_board_opens_beside_deep_cards_and_says_what_is_wrong_with_them(
    tmp_path, private_app_home
):
    """Every card holds a value nested 3,000 deep: the board opens, the cards that cannot
    be read are named, nothing is written."""
    data = sample()
    text = dumps_store(data)
    for card in data["cards"]:
        text, _ = add_line(text, card, f'   "deep": {nested(3000)},')
    path = tmp_path / "pstui.json"
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()

    async def scenario() -> list[str]:
        app = make_app_for(path, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            return [n.message for n in app._notifications]

    said = asyncio.run(scenario())
    assert any(f"a value nested more than {DEEPEST} levels deep" in text for text in said)
    assert path.read_bytes() == before


# ----- a record line without the space: `"ID":{` --------------------------------------------


def unspaced(text: str, record_id: str) -> str:
    head = f'\n  "{record_id}": {{\n'
    assert head in text
    return text.replace(head, f'\n  "{record_id}":{{\n', 1)


def pick(ids: list[str], which: str) -> str:
    return {"first": ids[0], "middle": ids[len(ids) // 2], "last": ids[-1]}[which]


def tables_as_read(tables: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: dict(table) for name, table in tables.items()}


@pytest.fixture(params=["whole file", "scanned as read"])
def reading(request, tmp_path, monkeypatch) -> str:
    """Both ways an open finds the tables: in the whole file's bytes, or window by window as
    the file is read (what a large store gets)."""
    if request.param == "scanned as read":
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        monkeypatch.setattr(open_index, "INDEX_FROM_BYTES", 0)
        monkeypatch.setattr(open_index, "WINDOW_BYTES", 4096)
    return request.param


@pytest.mark.parametrize("table", ["cards", "events", "boards", "risks"])
@pytest.mark.parametrize("which", ["first", "middle", "last"])
def test_a_record_line_written_without_the_space_reads_as_json_reads_it(
    tmp_path, reading, table, which
):
    data = sample()
    path = tmp_path / "pstui.json"
    path.write_text(unspaced(dumps_store(data), pick(sorted(data[table]), which)), "utf-8")
    assert check_store(path) == []
    storage = PstuiStorage(path)
    assert tables_as_read(storage.read()) == data
    validate_tables(storage.read(), path)


@pytest.mark.parametrize("table", ["cards", "events"])
@pytest.mark.parametrize("which", ["first", "last"])
def test_a_change_to_a_store_with_such_a_line_keeps_every_record(cli, tmp_path, table, which):
    """The first record used to be left out when the table was cut into records, and the
    next write dropped it from the file."""
    data = sample()
    path = tmp_path / "pstui.json"
    path.write_text(dumps_store(data), "utf-8")
    listed = cli.ok("--store", str(path), "card", "list")
    path.write_text(unspaced(dumps_store(data), pick(sorted(data[table]), which)), "utf-8")
    assert cli.ok("--store", str(path), "card", "list") == listed
    cli.ok("--store", str(path), "card", "add", "One more")
    after = json.loads(path.read_text(encoding="utf-8"))
    for name, records in data.items():
        assert {rid: after[name][rid] for rid in records} == records, name
    assert path.read_text(encoding="utf-8") == dumps_store(after)  # written canonical again


def test_a_table_line_written_without_the_space_reads_as_json_reads_it(tmp_path, reading):
    data = sample()
    path = tmp_path / "pstui.json"
    path.write_text(dumps_store(data).replace('\n "cards": {', '\n "cards":{', 1), "utf-8")
    assert check_store(path) == []
    assert tables_as_read(PstuiStorage(path).read()) == data


def test_records_looked_up_in_the_bytes_include_one_on_such_a_line():
    """A table's records found by a field (a card's risks) or read in one pass (the board's
    risk marks) without cutting it apart, one of them on a line written `"ID":{`."""
    data = sample()
    risk_id = max(rid for rid, risk in data["risks"].items() if risk.get("card"))
    card = data["risks"][risk_id]["card"]
    blob = unspaced(dumps_store(data), risk_id).encode()
    risks = load_store_bytes(blob, "pstui.json")["risks"]
    expected = {rid: r for rid, r in data["risks"].items() if r.get("card") == card}
    assert risk_id in expected
    assert risks.having("card", card) == expected
    risks = load_store_bytes(blob, "pstui.json")["risks"]
    seen = dict(risks.fields_in_one_pass((("card", "string or null"),)))
    assert seen.keys() == data["risks"].keys()


def test_a_record_added_after_such_a_line_is_not_taken_for_a_new_one():
    """Adding to a table not cut apart looks for the added id in its bytes: a line written
    `"ID":{` holds the id too."""
    data = sample()
    last = sorted(data["events"])[-1]
    events = load_store_bytes(unspaced(dumps_store(data), last).encode(), "pstui.json")["events"]
    again = events.with_changes({last: {**data["events"][last], "summary": "edited"}})
    written = loads_store(dumps_store({"events": again}))["events"]  # strict: no id twice
    assert written[last]["summary"] == "edited" and len(written) == len(data["events"])


# ----- another layout, replaced by an identical copy -------------------------------------------

LAYOUTS = {
    "indent 2": {"indent": 2},
    "indent 4, ascii escapes": {"indent": 4, "ensure_ascii": True},
    "one line": {},
    "indent 1, no spaces": {"indent": 1, "separators": (",", ":")},
}


def write_in_layout(path: Path, data: dict[str, Any], layout: str) -> None:
    path.write_text(json.dumps(data, **{"ensure_ascii": False} | LAYOUTS[layout]), "utf-8")


def replace_with_copy(path: Path) -> None:
    """What a checkout or a sync tool does: the same bytes in a new file (a new inode)."""
    copy = path.with_name("copy.json")
    shutil.copyfile(path, copy)
    os.replace(copy, path)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_store_in_another_layout_replaced_by_a_copy_reloads_whole(tmp_path, layout):
    data = sample()
    path = tmp_path / "pstui.json"
    write_in_layout(path, data, layout)
    storage = PstuiStorage(path)
    replace_with_copy(path)
    merged = storage.absorb_disk()
    assert merged is not None and merged.conflicts == []
    assert tables_as_read(storage.read()) == data


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_change_waiting_to_be_written_survives_such_a_reload_and_is_saved(tmp_path, layout):
    data = sample()
    path = tmp_path / "pstui.json"
    write_in_layout(path, data, layout)
    repo = Repository(path, who=WHO, background=True)
    card = repo.cards.add(next(iter(data["boards"])), "Made before the copy")
    replace_with_copy(path)
    repo.reload()
    repo.flush()
    repo.close()
    after = json.loads(path.read_text(encoding="utf-8"))
    assert after["cards"][card.id]["title"] == "Made before the copy"
    assert {rid: after["cards"][rid] for rid in data["cards"]} == data["cards"]


def test_the_board_watching_such_a_store_reloads_it_and_goes_on_saving(tmp_path, private_app_home):
    data = sample()
    path = tmp_path / "pstui.json"
    write_in_layout(path, data, "indent 2")

    async def scenario() -> tuple[list[str], str]:
        app = make_app_for(path, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in range(2):  # the copy, then the board's own write: both read back
                replace_with_copy(path)
                app.check_store()
                await app.workers.wait_for_complete()
                await pilot.pause()
            card = app.repo.cards.add(next(iter(data["boards"])), "Saved after the reload")
            app.repo.flush()
            return [n.message for n in app._notifications], card.id

    said, card = asyncio.run(scenario())
    assert not [text for text in said if "no meta record" in text]
    assert json.loads(path.read_text(encoding="utf-8"))["cards"][card]["title"] == (
        "Saved after the reload"
    )


@needs_git
def test_a_sync_beside_a_board_holding_such_a_store_reports_no_old_conflict_as_new(
    tmp_path, monkeypatch
):
    use_private_git(tmp_path, monkeypatch)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    ours, theirs = tmp_path / "a" / "pstui.json", tmp_path / "b" / "pstui.json"
    git(tmp_path, "clone", "--quiet", str(remote), str(ours.parent))
    data = with_conflict_event(sample())
    write_in_layout(ours, data, "indent 2")
    assert gitsync.install_driver(ours)
    assert gitsync.sync(ours).ok
    git(tmp_path, "clone", "--quiet", str(remote), str(theirs.parent))
    gitsync.install_driver(theirs)
    other = Repository(theirs, who="Bob")
    other.cards.add(next(iter(data["boards"])), "From the other clone")
    other.close()
    assert gitsync.sync(theirs).ok

    board = Repository(ours, who=WHO)  # the app, holding the file as it read it
    replace_with_copy(ours)
    result = gitsync.sync(ours, held=board.file_as_read())
    board.close()
    assert result.ok, result.error
    assert result.pulled
    assert result.conflicts == []


def with_conflict_event(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with one conflict a merge recorded long ago."""
    card = sorted(data["cards"])[0]
    at = "2026-12-06T13:53:54.000000+00:00"
    event = {
        "action": "conflict",
        "at": at,
        "by": "pstui merge",
        "created_at": at,
        "data": {"field": "title", "kept": "B", "other": "A", "kept_at": at, "other_at": at},
        "record": card,
        "summary": "title: changed on both sides",
        "table": "cards",
        "updated_at": at,
    }
    return {**data, "events": {**data["events"], "01M95T3VZZZZZZZZZZZZZZZZZZ": event}}


# ----- helpers: git and the app, private to the test -------------------------------------------


def use_private_git(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = folder / "gitconfig"
    config.write_text(
        "[user]\n\tname = Tester\n\temail = tester@example.com\n[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


@pytest.fixture
def private_app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """As the Pilot tests' conftest does: no real config, name or cache is read or written."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("PSTUI_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("PSTUI_USER", WHO)
    return home


def make_app_for(path: Path, tmp_path: Path):
    from pstui.ui.app import make_app  # Textual only for the tests that drive the app

    config = Config(path=tmp_path / "config.toml")
    return make_app(path, WHO, config=config, today=TODAY, watch_seconds=0)


# ----- found by the fuzz (test_fuzz_store.py) ----------------------------------------------------


def write_sample_with(tmp_path: Path, change) -> Path:
    """The sample store with `change(data)` made to it, written as pstui writes it."""
    data = sample()
    change(data)
    path = tmp_path / "pstui.json"
    path.write_text(dumps_store(data), encoding="utf-8")
    return path


def first(records: dict[str, Any]) -> dict[str, Any]:
    return records[min(records)]


@pytest.mark.parametrize("field", ["board", "stage"])
@pytest.mark.parametrize("value", [["a list"], {"an": "object"}])
def test_check_names_a_card_whose_board_or_stage_is_not_text(tmp_path, field, value):
    path = write_sample_with(tmp_path, lambda d: first(d["cards"]).update({field: value}))
    problems = [str(p) for p in check_store(path)]
    assert any(f"{field} {value!r}" in text for text in problems), problems


def test_check_names_a_decision_whose_stage_is_not_text(tmp_path):
    def change(data: dict[str, Any]) -> None:
        card = first(data["cards"])
        card["decisions"] = [{"id": "d1", "outcome": "go", "stage": ["x"]}]

    problems = [str(p) for p in check_store(write_sample_with(tmp_path, change))]
    assert any("decision d1: stage ['x']" in text for text in problems), problems


@pytest.mark.parametrize("meta", ["text", ["a list"], 7, True])
def test_a_meta_record_that_is_not_an_object_is_refused_with_a_message(tmp_path, meta):
    path = write_sample_with(tmp_path, lambda d: d["meta"].update({"pstui": meta}))
    with pytest.raises(BadStoreFile, match="the meta record is .*, not an object"):
        PstuiStorage(path)
    assert check_store(path)


def test_a_schema_of_true_is_no_version_number(tmp_path):
    path = write_sample_with(tmp_path, lambda d: d["meta"]["pstui"].update({"schema": True}))
    with pytest.raises(BadStoreFile, match="meta.schema is True, not a version number"):
        PstuiStorage(path)


@pytest.mark.parametrize("where", ["card", "top of the file"])
def test_a_number_too_long_for_python_is_refused_by_both_readers_naming_its_line(tmp_path, where):
    text = dumps_store(sample())
    number = "9" * 5000
    if where == "card":
        text, line = add_line(text, min(sample()["cards"]), f'   "count": {number},')
    else:
        text, line = text.replace("{\n", '{\n "a": {"b": ' + number + "},\n", 1), 2
    path = tmp_path / "pstui.json"
    path.write_text(text, encoding="utf-8")
    said = f"{path}: line {line}: a number of more than"
    assert str(check_store(path)[0]).startswith(said)
    with pytest.raises(BadStoreFile) as refused:
        PstuiStorage(path)
    assert str(refused.value).startswith(said)


def a_card_field_refused_by_both_readers(tmp_path: Path, value: str, what: str) -> None:
    """A card given the field `"x": value` is refused by `pstui check` and by the storage,
    both naming the field's line and saying `what` it is."""
    text, line = add_line(dumps_store(sample()), min(sample()["cards"]), f'   "x": {value},')
    path = tmp_path / "pstui.json"
    path.write_text(text, encoding="utf-8")
    said = f"{path}: line {line}: {what}"
    assert str(check_store(path)[0]).startswith(said)
    with pytest.raises(BadStoreFile) as refused:
        PstuiStorage(path)
    assert str(refused.value).startswith(said)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_which_are_not_json_are_refused_by_both_readers(tmp_path, constant):
    a_card_field_refused_by_both_readers(tmp_path, constant, f"{constant}, which is not JSON")


@pytest.mark.parametrize(
    ("value", "escape"),
    [
        ('"bad \\ud800 surrogate"', "\\ud800"),  # a high half alone
        ('"\\udc00 first"', "\\udc00"),  # a low half alone
        ('"\\ude00\\ud83d"', "\\ude00"),  # the halves the wrong way round
        ('"\\\\\\ud800"', "\\ud800"),  # an escaped backslash, then a half alone
    ],
)
def test_half_a_utf16_pair_alone_is_refused_by_both_readers(tmp_path, value, escape):
    """json.loads reads "\\ud800" as a lone surrogate, which is no character: printing or
    writing it back as UTF-8 crashed (`card list`, `card edit`). It is refused, named."""
    what = f"{escape}, half of a UTF-16 pair without its other half"
    a_card_field_refused_by_both_readers(tmp_path, value, what)


@pytest.mark.parametrize("value", ['"\\ud83d\\ude00"', '"\\\\ud800"', '"\\u00e9t\\u00e9"'])
def test_a_whole_pair_and_an_escaped_backslash_are_read(tmp_path, value):
    text, _line = add_line(dumps_store(sample()), min(sample()["cards"]), f'   "x": {value},')
    path = tmp_path / "pstui.json"
    path.write_text(text, encoding="utf-8")
    assert check_store(path) == []
    assert PstuiStorage(path).read()["cards"][min(sample()["cards"])]["x"] == json.loads(value)


@pytest.mark.parametrize("number", ["1e400", "-2.5E+999"])
def test_a_number_too_large_for_a_float_is_refused_by_both_readers(tmp_path, number):
    """Python reads 1e400 as infinity, and writing it back would put Infinity in the file."""
    what = f"the number {number}, too large for pstui to read"
    a_card_field_refused_by_both_readers(tmp_path, number, what)


def with_bytes_in_stage(data: dict[str, Any], card: str, inserted: bytes) -> bytes:
    """The store's bytes with `inserted` put into the card's stage, between its quotes."""
    blob = dumps_store(data).encode()
    at = blob.index(b'"stage": "', blob.index(f'\n  "{card}": {{'.encode())) + 10
    return blob[:at] + inserted + blob[at:]


@pytest.mark.parametrize("inserted", [b"\xff", b"\xed\xa0\x80", b"\t", b"\x01"])
def test_where_a_card_sits_is_not_read_past_bytes_json_refuses(tmp_path, inserted):
    """Bytes that are not UTF-8, or a raw control character, in a card's stage: the board
    read where the card sits from its line, and crashed or placed a card json.loads refuses."""
    data = sample()
    card = min(data["cards"])
    path = tmp_path / "pstui.json"
    path.write_bytes(with_bytes_in_stage(data, card, inserted))
    tables = load_store_bytes(path.read_bytes(), path, ("cards",))
    plain = dict(tables["cards"].plain_fields_of_each(PlainFields(("stage",))))
    assert plain[card] is None  # left to the record, parsed
    with pytest.raises(BadStoreFile, match=r"line \d+: not (UTF-8 text|valid JSON)"):
        tables["cards"].field(card, "stage")
    assert check_store(path)


def test_the_board_does_not_open_on_a_card_whose_stage_is_not_utf8(tmp_path, private_app_home):
    """It crashed with a UnicodeDecodeError as it placed the cards; now it says where."""
    data = sample()
    path = tmp_path / "pstui.json"
    path.write_bytes(with_bytes_in_stage(data, min(data["cards"]), b"\xff"))
    with pytest.raises(BadStoreFile, match=r"line \d+: not UTF-8 text"):
        make_app_for(path, tmp_path)


def test_a_whole_number_with_a_leading_zero_is_not_read_from_its_line():
    data = sample()
    risk = min(data["risks"])
    blob = dumps_store(data).encode()
    at = blob.index(b'"impact": ', blob.index(f'\n  "{risk}": {{'.encode())) + 10
    blob = blob[:at] + b"0" + blob[at:]  # 04: not JSON
    risks = load_store_bytes(blob, "pstui.json")["risks"]
    seen = dict(risks.fields_in_one_pass((("impact", "digits"),)))
    assert seen[risk] is None  # left to the record, parsed, and refused there


def test_a_field_whose_key_is_written_with_escapes_is_read_from_its_record():
    """A file in pstui's layout but with \\u escapes (json.dumps with ensure_ascii): a key
    with an escape is no line the field's key is found on, and read as missing."""
    data = sample()
    card = min(data["cards"])
    data["cards"][card]["été"] = "summer"
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=True) + "\n"
    text = text.replace('\n   "board": ', '\n   "\\u0062oard": ', 1)  # the first card's
    cards = load_store_bytes(text.encode(), "pstui.json", ("cards",))["cards"]
    assert cards.field(card, "été") == "summer"
    assert cards.field(card, "board") == data["cards"][card]["board"]


def test_a_record_written_on_one_line_is_read_and_found_as_json_reads_it():
    """A hand edit or another tool may write one record on one line in pstui's layout: its
    fields have no lines of their own, and a lookup by a field's line passed it by."""
    data = sample()
    risk_id = min(data["risks"])
    risk = data["risks"][risk_id]
    text = dumps_store(data)
    start = text.index(f'\n  "{risk_id}": {{\n') + len(f'\n  "{risk_id}": ')
    end = text.index("\n  }", start) + len("\n  }")
    one_line = json.dumps(risk, ensure_ascii=False, separators=(",", ":"))
    text = text[:start] + one_line + text[end:]
    assert json.loads(text) == data
    risks = load_store_bytes(text.encode(), "pstui.json")["risks"]
    assert risks.field(risk_id, "title") == risk["title"]
    assert risk_id in risks.having("card", risk["card"])
