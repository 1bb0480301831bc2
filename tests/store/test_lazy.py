"""The store read lazily: per-record spans of the canonical file, parsed on demand, written back
as the bytes they were read from. Every shortcut must give exactly what a full parse gives."""

import json
import shutil
from pathlib import Path

import pytest

from pstui.store import cards as cards_store
from pstui.store.engine import lazy
from pstui.store.engine.lazy import LazyTable, same_bytes, split_store, union_past_shared_head
from pstui.store.engine.serialize import (
    dumps_store,
    dumps_store_bytes,
    load_store_bytes,
    loads_store,
    record_entry,
)
from pstui.store.errors import BadStoreFile
from pstui.store.repository import Placement

SAMPLES = Path(__file__).resolve().parents[2] / "sample_projects"


def plain(data) -> dict:
    return {table: dict(records) for table, records in data.items()}


def canonical(data) -> str:
    return json.dumps(plain(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@pytest.fixture(params=["services.json", "services-zh.json"])
def sample(request) -> bytes:
    return (SAMPLES / request.param).read_bytes()


def test_a_canonical_store_splits_into_tables_that_equal_a_full_parse(sample):
    tables = split_store(sample, "s.json")
    assert tables is not None
    assert all(isinstance(t, LazyTable) for t in tables.values())
    assert plain(tables) == loads_store(sample.decode())


def test_top_level_fields_read_without_parsing_equal_the_parsed_fields(sample):
    tables = split_store(sample, "s.json")
    for table in tables.values():
        for record_id in table:
            record = table[record_id]
            for name, value in record.items():
                assert table.field(record_id, name) == value, (record_id, name)
            assert table.field(record_id, "no-such-field", "dflt") == "dflt"


def test_fields_with_escapes_and_wide_text_read_exactly():
    data = {
        "cards": {
            "01A": {
                "title": 'say "hi" \\ 中文',
                "tags": ["a", "中"],
                "due": None,
                "n": 5,
                "x": {"k": [1, {"z": True}]},
                "updated_at": "t",
            }
        }
    }
    table = split_store(dumps_store_bytes(data), "s")["cards"]
    for name, value in data["cards"]["01A"].items():
        assert table.field("01A", name) == value


PLACES = ("archived", "board", "rank", "stage")


def test_plain_fields_of_each_record_are_the_parsed_values_or_none(sample):
    tables = split_store(sample, "s.json")
    for table in tables.values():
        for names in (PLACES, ("title",), ("created_at", "updated_at")):
            found = dict(
                table.plain_fields_of_each(lazy.PlainFields(names, frozenset({"archived"})))
            )
            assert found.keys() == set(table)
            for record_id, raw in found.items():
                if raw is not None:
                    values = [table[record_id][n] for n in names]
                    assert raw == tuple(
                        json.dumps(v, ensure_ascii=False).strip('"').encode() for v in values
                    )


ODD_CARDS = [
    {"archived": True, "board": "B", "rank": "m", "stage": "s"},  # nothing between
    {
        "archived": False,
        "assignee": 'a "q" [x] {y},',
        "board": "中文",
        "blocked": None,
        "checklists": {"s": [1]},
        "rank": "a\\b",
        "stage": "s,",
        "title": "t",
    },
    {
        "archived": False,
        "aa": [1, 2],
        "board": "B",
        "rank": "r",
        "stage": "s",
    },  # a list between
    {"board": "B", "rank": "r", "stage": "s"},  # a field missing
    {"archived": 0, "board": 7, "rank": ["x"], "stage": {}},  # not strings
    {"archived": False, "board": "B", "rank": "r", "rest": [], "stage": "s"},
    {"archived": False, "as": {"board": "X"}, "board": "B", "rank": "r", "stage": "s"},
    {"archived": False, "board": "B", "rank": "r", "s": '\n   "stage": "x"', "stage": "s"},
]


def test_the_cards_places_are_read_as_plain_values_in_one_match_each(sample, monkeypatch):
    cards = split_store(sample, "s.json")["cards"]
    expected = {
        rid: Placement(c["board"], c["stage"], c["rank"], c["archived"])
        for rid, c in ((rid, cards[rid]) for rid in cards)
    }
    monkeypatch.setattr(LazyTable, "field", None)  # the way for odd records: not taken
    assert cards_store.places_of(cards) == expected


@pytest.mark.parametrize("card", ODD_CARDS)
def test_plain_fields_are_the_bytes_of_plain_values_or_none(card):
    """None sends the record the slow way: for a value that is not plain, and also for
    plain ones with a value spanning lines between them."""
    data = {"cards": {"01A": card, "01B": {"archived": False, "board": "B", "rank": "0"}}}
    table = split_store(dumps_store_bytes(data), "s")["cards"]
    changed = table.with_changes({"01C": {"stage": "new"}, "01B": None})
    found = dict(changed.plain_fields_of_each(lazy.PlainFields(PLACES, frozenset({"archived"}))))
    assert found.keys() == {"01A", "01C"}
    assert found["01C"] is None  # changed since read
    plain = all(
        isinstance(card.get(n), bool if n == "archived" else str)
        and "\\" not in str(card[n])
        and '"' not in str(card[n])
        for n in PLACES
    )
    if found["01A"] is not None:
        assert plain
        assert found["01A"] == tuple(
            json.dumps(card[n], ensure_ascii=False).strip('"').encode() for n in PLACES
        )
    if card == ODD_CARDS[0]:  # nothing between
        assert found["01A"] == (b"true", b"B", b"m", b"s")
    # Either way the board places every card as a parse of it says.
    assert cards_store.places_of(changed) == {
        rid: cards_store._placement(*[record.get(n, lazy.MISSING) for n in PLACES])
        for rid, record in {"01A": card, "01C": {"stage": "new"}}.items()
    }


def test_unchanged_stores_write_back_byte_for_byte(sample):
    assert dumps_store_bytes(split_store(sample, "s")) == sample


@pytest.mark.parametrize(
    "changes",
    [
        {"00000000000000000000000000": {"title": "before every record", "updated_at": "t"}},
        {"ZZZZZZZZZZZZZZZZZZZZZZZZZZ": {"title": "after every record", "updated_at": "t"}},
        "first",
        "middle",
        "last",
        "delete-middle",
        "delete-all",
    ],
)
def test_a_changed_table_writes_what_a_full_serialization_writes(sample, changes):
    tables = split_store(sample, "s")
    cards = tables["cards"]
    ids = list(cards)
    if changes == "first":
        changes = {ids[0]: {**cards[ids[0]], "title": "changed first"}}
    elif changes == "middle":
        changes = {ids[len(ids) // 2]: {**cards[ids[len(ids) // 2]], "title": "中 changed"}}
    elif changes == "last":
        changes = {ids[-1]: {**cards[ids[-1]], "title": "changed last"}}
    elif changes == "delete-middle":
        changes = {ids[3]: None, ids[4]: None}
    elif changes == "delete-all":
        changes = dict.fromkeys(ids)
    tables["cards"] = cards.with_changes(changes)
    assert dumps_store_bytes(tables).decode() == canonical(tables)


def test_a_hand_formatted_store_is_parsed_whole_with_the_same_result(tmp_path):
    data = loads_store((SAMPLES / "services.json").read_text())
    minified = json.dumps(data, ensure_ascii=False).encode()
    assert split_store(minified, "m") is None
    assert plain(load_store_bytes(minified, "m")) == data


def test_a_table_with_records_out_of_id_order_is_parsed_whole_when_first_used(tmp_path):
    text = dumps_store({"cards": {"01A": {"t": 1}, "01B": {"t": 2}}, "events": {"01E": {}}})
    swapped = text.replace('"01A"', '"01C"').encode()  # still canonical shape, wrong order
    tables = split_store(swapped, "s")
    assert plain(tables) == {"cards": {"01C": {"t": 1}, "01B": {"t": 2}}, "events": {"01E": {}}}
    # Written back canonical: in id order.
    assert dumps_store_bytes(tables).decode() == dumps_store(plain(tables))
    assert tables["events"].raw("01E") == b"{}"  # the other table is still read as bytes


def test_a_record_id_twice_in_a_table_is_refused_with_its_line():
    text = dumps_store({"cards": {"01A": {"t": 1}, "01B": {"t": 2}}})
    doubled = text.replace('"01B"', '"01A"').encode()
    tables = load_store_bytes(doubled, "s")  # a table is cut apart when it is first used
    with pytest.raises(BadStoreFile, match=r"line 6: the record id '01A' appears twice"):
        len(tables["cards"])


def test_a_name_with_a_bad_escape_is_refused_as_not_json_not_a_crash():
    with pytest.raises(BadStoreFile, match="not valid JSON"):
        load_store_bytes(b'{\n "a\\x": {}\n}\n', "s")
    tables = load_store_bytes(b'{\n "cards": {\n  "a\\q": {}\n }\n}\n', "s", cut_now=("cards",))
    with pytest.raises(BadStoreFile, match="not valid JSON"):
        len(tables["cards"])  # a record's id: said when the table is first used


def test_a_duplicate_key_inside_a_record_is_refused_when_read_or_validated():
    text = dumps_store({"cards": {"01A": {"a": 1, "b": 2}}})
    doubled = text.replace('"b": 2', '"a": 2').encode()
    table = split_store(doubled, "s")["cards"]
    with pytest.raises(BadStoreFile, match="'a' twice"):
        table["01A"]
    with pytest.raises(BadStoreFile, match="'a' twice"):
        table.validate()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("<<<<<<< HEAD\n{}\n", 1),
        ('{\n "a": {\n<<<<<<< ours\n', 3),
        ('{\n "a": "<<<<<<< <b>",\n<<<<<<<\n', 3),  # `<` in values first
    ],
)
def test_conflict_markers_at_a_line_start_are_refused(text, line):
    with pytest.raises(BadStoreFile, match=f"line {line}: git conflict markers"):
        load_store_bytes(text.encode(), "s")


def test_marker_text_inside_a_value_is_just_text():
    data = {"cards": {"01A": {"title": "<<<<<<< not a marker", "updated_at": "t"}}}
    assert plain(load_store_bytes(dumps_store_bytes(data), "s")) == data


def test_the_repository_opens_lazily_and_reads_what_the_file_holds(tmp_path):
    from pstui.store.repository import Repository

    path = tmp_path / "pstui.json"
    shutil.copy(SAMPLES / "services.json", path)
    repo = Repository(path, who="t")
    data = loads_store(path.read_text())
    for card_id, raw in data["cards"].items():
        card = repo.cards.get(card_id)
        assert (card.title, card.stage, card.rank) == (raw["title"], raw["stage"], raw["rank"])
        facets = repo.cards.facets(card_id)
        assert raw["title"].casefold() in facets.text
        assert (facets.assignee_as_written, list(facets.tags)) == (
            raw["assignee"],
            [t.casefold() for t in raw["tags"]],
        )


def test_a_bad_record_found_by_the_background_check_makes_the_store_read_only(tmp_path):
    import threading

    from pstui.store.repository import Repository

    path = tmp_path / "pstui.json"
    shutil.copy(SAMPLES / "services.json", path)
    text = path.read_text()
    # Break one card's record in a way only a full parse sees: a key twice.
    path.write_text(text.replace('"blocked": false,', '"blocked": false,\n   "blocked": true,', 1))
    repo = Repository(path, who="t", background=True)  # opens: records are read lazily
    found: list[Exception] = []
    done = threading.Event()
    repo.validate_in_background(lambda err: (found.append(err), done.set()), after=0)
    assert done.wait(60)
    assert "twice" in str(found[0])
    assert repo.read_only
    repo.close()


def test_the_background_check_begins_after_the_board_is_shown_and_never_once_closed(tmp_path):
    from pstui.store.repository import Repository

    path = tmp_path / "pstui.json"
    shutil.copy(SAMPLES / "services.json", path)
    repo = Repository(path, who="t", background=True)
    repo.validate_in_background(lambda err: None, after=30)
    assert repo._validator is None  # not yet: the board's first paint is not slowed by it
    repo.close()  # at once: the wait ends with the repository
    assert repo._validating is not None and not repo._validating.is_alive()
    assert repo._validator is None  # and no check was started for a closed store


def test_having_finds_records_by_a_field_in_the_bytes_and_in_changes():
    events = {
        "01A": {"action": "create", "record": "C1"},
        "01B": {"action": "edit", "record": "C2"},
        "01C": {"action": "edit", "record": "C1", "note": 'a "quoted" C1'},
        "01D": {"action": "edit", "record": "C10"},  # a longer id starting with C1
        "01E": {"action": "edit", "record": "C1"},
    }
    table = split_store(dumps_store_bytes({"events": events}), "s")["events"]
    assert table.having("record", "C1") == {k: events[k] for k in ("01A", "01C", "01E")}
    assert table.having("record", "中文") == {}
    changed = table.with_changes(
        {
            "01A": None,  # deleted
            "01B": {"action": "edit", "record": "C1"},  # now about C1
            "01E": {"action": "edit", "record": "C2"},  # no longer about C1
            "01F": {"action": "create", "record": "C1"},  # new
        }
    )
    assert sorted(changed.having("record", "C1")) == ["01B", "01C", "01F"]
    assert sorted(table.having("record", "C1")) == ["01A", "01C", "01E"]  # the old version
    assert LazyTable.of(events).having("record", "C2") == {"01B": events["01B"]}


def _events(*ids: str) -> dict:
    return {rid: {"action": "edit", "record": f"C{n}", "by": "李雷"} for n, rid in enumerate(ids)}


def _table(records: dict, name: str = "events") -> LazyTable:
    return split_store(dumps_store_bytes({name: records}), "s")[name]


def test_two_grown_event_tables_unite_past_their_shared_head_as_a_full_union_would():
    base = _events("01A", "01B", "01C", "01D")
    ours = base | _events("01F", "01H")
    theirs = base | {"01E": {"action": "create"}, "01G": {"x": 1}, "01H": {"theirs": True}}
    conflict = {"action": "conflict", "summary": "kept 甲"}
    extra = {rid: record_entry(rid, conflict) for rid in ("01J", "01F")}

    united = union_past_shared_head(_table(ours), _table(theirs), extra, "events")

    # Ours wins a same id (01H, 01F), theirs' new ids join, an extra id only where none is.
    expected = theirs | ours | {"01J": conflict}
    assert dict(united) == expected
    assert dumps_store_bytes({"events": united}) == dumps_store_bytes({"events": expected})


def test_tables_that_share_no_leading_record_are_left_to_a_record_by_record_union():
    ours, theirs = _table(_events("01A", "01B")), _table(_events("01B", "01C"))
    assert union_past_shared_head(ours, theirs, {}, "events") is None
    # An id that would sort into the shared records: not an append-only table.
    grown = _table(_events("01A", "01B", "01C", "01D"))
    early = {"01AA": record_entry("01AA", {})}
    assert union_past_shared_head(grown, _table(_events("01A", "01B", "01C")), early, "e") is None


def test_same_bytes_compares_unchanged_tables_without_parsing_them():
    a, b = _table(_events("01A", "01B")), _table(_events("01A", "01B"))
    assert same_bytes(a, b)
    assert not same_bytes(a, _table(_events("01A", "01C")))
    assert not same_bytes(a, a.with_changes({"01A": None}))  # changed: not its file's bytes
    assert not same_bytes(a, _events("01A", "01B"))  # parsed records: no bytes to compare


@pytest.mark.parametrize("new_ids", [("01X", "01Y"), ("01Y", "01BB")])  # 01BB: not at the end
def test_records_added_to_an_unread_table_write_what_a_full_serialization_writes(new_ids):
    events = _events("01A", "01B", "01C")
    table = _table(events)
    added = {rid: {"action": "create", "by": "韩梅梅"} for rid in new_ids}

    written = dumps_store_bytes({"events": table.with_changes(added)})

    assert written == dumps_store_bytes({"events": events | added})
    appended_at_the_end = min(new_ids) > max(events)
    assert (table._records._spans is None) == appended_at_the_end  # left uncut when it can be


@pytest.mark.parametrize("small_run", [0, lazy._SMALL_RUN])
def test_a_side_with_records_out_of_id_order_merges_as_the_parsed_stores_do(monkeypatch, small_run):
    from pstui.store.merge import merge_stores

    monkeypatch.setattr(lazy, "_SMALL_RUN", small_run)  # 0: split runs down to one record

    base = _events("01A", "01B", "01C", "01D", "01E")
    theirs = base | {"01D": {"moved": "and changed"}}
    ours = base | {"01B": {"edited": "by ours"}}
    moved = [record_entry(rid, theirs[rid]).decode() for rid in ("01A", "01D", "01C", "01B", "01E")]
    theirs_text = '{\n "cards": {' + ",".join(moved) + "\n }\n}\n"  # 01B and 01D swapped
    files = [
        load_store_bytes(text.encode(), "s")
        for text in (dumps_store({"cards": base}), dumps_store({"cards": ours}), theirs_text)
    ]
    runs = lazy.differing_records(files[0]["cards"], files[2]["cards"])
    # Runs out of id order are left to cutting the whole table apart; any found hold both.
    assert runs is None or set(runs[0]) & set(runs[1]) >= {"01B", "01D"}
    merged = merge_stores(*files).data["cards"]
    assert dict(merged) == base | {"01B": ours["01B"], "01D": theirs["01D"]}


CUT_CASES = {
    "cards in the middle": {"boards": {"01B": {}}, "cards": _events("01A", "01C"), "events": {}},
    "cards last": {"boards": {"01B": {}}, "cards": _events("01A", "01C", "01D")},
    "cards first, empty next": {"cards": _events("01A"), "d": {}, "e": _events("01Z")},
    "cards empty": {"a": _events("01A"), "cards": {}, "events": _events("01E")},
    "tables of records and empty ones after the cards": {
        "boards": {"01B": {}},
        "cards": _events("01A"),
        "events": _events("01E", "01F"),
        "f": {},
        "lessons": _events("01L"),
        "z": _events("01Z"),
    },
}


@pytest.mark.parametrize("case", CUT_CASES)
def test_a_table_cut_while_the_tables_are_found_equals_a_full_parse(case):
    data = CUT_CASES[case]
    tables = split_store(dumps_store_bytes(data), "s", cut_now=("cards",))
    assert tables["cards"]._records._spans is not None  # cut at once
    assert plain(tables) == data
    assert dumps_store_bytes(tables) == dumps_store_bytes(data)


def test_a_table_to_cut_at_once_out_of_id_order_is_cut_and_parsed_when_first_used():
    text = dumps_store({"cards": _events("01A", "01B"), "events": _events("01E")})
    swapped = text.replace('"01A"', '"01C"').encode()  # canonical shape, wrong order
    tables = split_store(swapped, "s", cut_now=("cards",))
    assert sorted(tables["cards"]) == ["01B", "01C"]
    assert dict(tables["events"]) == _events("01E")


def test_the_sample_stores_open_with_their_cards_cut_as_a_full_parse_reads_them(sample):
    tables = split_store(sample, "s.json", cut_now=("cards",))
    assert tables["cards"]._records._spans is not None
    assert plain(tables) == loads_store(sample.decode())


def test_a_change_to_a_record_of_a_table_out_of_id_order_is_not_taken_for_an_addition():
    """Written by hand out of order, the file's last record is not its greatest id: changing
    a greater one must replace it, not add it again after the last."""
    text = dumps_store({"cards": _events("01A", "01B", "01C")})
    moved = text.replace('"01A"', '"01X"').replace('"01C"', '"01A"').replace('"01X"', '"01C"')
    table = split_store(moved.encode(), "s", cut_now=("cards",))["cards"]
    changed = table.with_changes({"01B": {"edited": True}})
    written = dumps_store_bytes({"cards": changed})
    assert written.count(b'"01B"') == 1
    assert loads_store(written.decode())["cards"]["01B"] == {"edited": True}


def _broken_title(blob: bytes, record_id: str) -> int:
    """Where the value of a record's title starts."""
    at = blob.index(f'\n  "{record_id}": '.encode())
    return blob.index(b'\n   "title": ', at) + len(b'\n   "title": ')


def _break_record(blob: bytes, record_id: str) -> bytes:
    """`blob` with one record's title no longer JSON, its lines and layout unchanged."""
    title = _broken_title(blob, record_id)
    return blob[:title] + b"oops" + blob[title + 1 :]


def test_validate_changed_parses_what_differs_from_before_and_names_its_line(sample):
    before = load_store_bytes(sample, "before.json")
    card_id = sorted(before["cards"])[1]
    broken = _break_record(sample, card_id)
    after = load_store_bytes(broken, "after.json")
    lazy.validate_changed(before, load_store_bytes(sample, "same.json"))  # nothing differs

    with pytest.raises(BadStoreFile, match="after.json.*not valid JSON") as err:
        lazy.validate_changed(before, after)
    title_line = broken[: _broken_title(broken, card_id)].count(b"\n") + 1
    assert f"line {title_line}:" in str(err.value)
    with pytest.raises(BadStoreFile):
        lazy.validate_changed({}, after)  # nothing to compare with: every record is parsed


def test_validate_changed_trusts_records_as_before_held_them(sample):
    card_id = sorted(load_store_bytes(sample)["cards"])[1]
    broken = _break_record(sample, card_id)
    before, after = load_store_bytes(broken), load_store_bytes(broken)
    lazy.validate_changed(before, after)  # checked as before's: not parsed again
    with pytest.raises(BadStoreFile):
        after["cards"].validate()


MARKS = (
    ("board", "string"),
    ("card", "string or null"),
    ("impact", "digits"),
    ("probability", "digits"),
    ("review", "string or null"),
    ("status", "string"),
)


def _as_written(value) -> bytes:
    """A plain value's bytes as `fields_in_one_pass` gives them (null as b"")."""
    return b"" if value is None else json.dumps(value, ensure_ascii=False).strip('"').encode()


def test_fields_in_one_pass_are_the_parsed_values_or_none(sample):
    tables = split_store(sample, "s.json")
    for name, table in tables.items():
        for fields in (MARKS, (("title", "string"),), (("created_at", "string"),)):
            found = dict(table.fields_in_one_pass(fields))
            assert found.keys() == set(table), name
            for record_id, raw in found.items():
                if raw is not None:
                    record = table[record_id]
                    assert raw == tuple(_as_written(record[n]) for n, _ in fields), record_id
    risks = dict(tables["risks"].fields_in_one_pass(MARKS))
    assert risks and None not in risks.values()  # as pstui writes them: none parsed


RISK = {
    "board": "B",
    "card": "C",
    "impact": 4,
    "notes": [],
    "probability": 5,
    "review": "2026-12-01",
    "status": "open",
    "title": "t",
}
ODD_RISKS = {
    "as written": (RISK, (b"B", b"C", b"4", b"5", b"2026-12-01", b"open")),
    "nulls": (RISK | {"card": None, "review": None}, (b"B", b"", b"4", b"5", b"", b"open")),
    "notes on lines of their own": (
        RISK | {"notes": [{"at": "t", "text": 'x\n   "status": "closed"'}]},
        (b"B", b"C", b"4", b"5", b"2026-12-01", b"open"),
    ),
    "a list before": (RISK | {"aa": [1, 2]}, (b"B", b"C", b"4", b"5", b"2026-12-01", b"open")),
    "a number as a string": (RISK | {"impact": "4"}, None),
    "a field missing": ({k: v for k, v in RISK.items() if k != "status"}, None),
    "an escape": (RISK | {"card": 'say "C"'}, None),
    "a fraction": (RISK | {"probability": 4.5}, None),
    "not an object": ([1, 2], None),
}


@pytest.mark.parametrize("case", ODD_RISKS)
def test_fields_in_one_pass_take_plain_values_and_leave_the_rest_to_a_parse(case):
    record, expected = ODD_RISKS[case]
    neighbours = {"01A": RISK, "01B": record, "01C": RISK | {"status": "closed"}}
    table = split_store(dumps_store_bytes({"risks": neighbours}), "s")["risks"]
    found = dict(table.fields_in_one_pass(MARKS))
    assert found["01B"] == expected
    assert found["01A"][-1] == b"open" and found["01C"][-1] == b"closed"  # each its own


def test_fields_in_one_pass_leave_changed_records_to_a_parse_and_drop_deleted_ones():
    records = {rid: RISK for rid in ("01A", "01B", "01C")}
    table = split_store(dumps_store_bytes({"risks": records}), "s")["risks"]
    changed = table.with_changes({"01A": RISK | {"status": "closed"}, "01B": None, "01D": RISK})
    found = dict(changed.fields_in_one_pass(MARKS))
    assert found.keys() == {"01A", "01C", "01D"}
    assert found["01A"] is None and found["01D"] is None and found["01C"] is not None
    unread = LazyTable.of(records)  # no file behind it: every record is parsed
    assert dict(unread.fields_in_one_pass(MARKS)) == dict.fromkeys(records)
