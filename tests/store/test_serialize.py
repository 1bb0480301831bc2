"""The store file's bytes: deterministic JSON, and a strict parser that names the line."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pstui.store.engine.serialize import RecordTextCache, dumps_store, loads_store
from pstui.store.errors import BadStoreFile


def reference(data) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


CHARS = 'abcXYZ09 _-"\\\n\t\x1b\u2028é中文项目'
keys = st.text(alphabet=CHARS, max_size=6)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=CHARS, max_size=10)
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=8,
)
records = st.dictionaries(keys, values, max_size=4)
tables = st.dictionaries(keys, records | st.just({}) | st.lists(scalars, max_size=2), max_size=3)
stores = st.dictionaries(keys, tables, max_size=4)


@settings(max_examples=100, deadline=None)
@given(stores)
def test_dumps_store_equals_plain_json_dumps(data):
    assert dumps_store(data) == reference(data)


@settings(max_examples=100, deadline=None)
@given(stores)
def test_dumps_store_with_a_cache_equals_plain_json_dumps(data):
    cache = RecordTextCache()
    assert dumps_store(data, cache) == reference(data)
    assert dumps_store(data, cache) == reference(data)


def sample_store() -> dict:
    return {
        "meta": {
            "pstui": {
                "schema": 1,
                "created_at": "2026-11-22T09:00:00+00:00",
                "updated_at": "2026-11-22T09:00:00+00:00",
            }
        },
        "cards": {
            "01KA0000000000000000000001": {
                "title": "项目启动",
                "tags": ["a", "b"],
                "checklists": {"s": [{"id": "x", "done": False}]},
                "updated_at": "2026-11-22T09:00:00+00:00",
            },
            "01KA0000000000000000000002": {
                "title": "Second",
                "nested": {"z": 1, "a": [None, True, 1.5]},
                "updated_at": "2026-11-22T09:00:00+00:00",
            },
        },
        "events": {},
        "zeta": {"r": {"no_stamp": 1}},
    }


def test_empty_store():
    assert dumps_store({}) == "{}\n"


def test_same_data_gives_the_same_bytes():
    data = sample_store()
    first = dumps_store(data).encode("utf-8")
    second = dumps_store(copy.deepcopy(data)).encode("utf-8")
    assert first == second
    # Insertion order does not matter: keys are sorted.
    shuffled = {t: dict(reversed(list(r.items()))) for t, r in reversed(list(data.items()))}
    assert dumps_store(shuffled).encode("utf-8") == first


def test_cache_reused_after_a_record_change_equals_a_fresh_dump():
    data = sample_store()
    cache = RecordTextCache()
    first = dumps_store(data, cache)
    assert first == reference(data)
    changed = copy.deepcopy(data)
    card = changed["cards"]["01KA0000000000000000000001"]
    card["title"] = "Renamed 改名"
    card["updated_at"] = "2026-11-22T09:00:01+00:00"
    again = dumps_store(changed, cache)
    assert again == dumps_store(changed) == reference(changed)
    assert "Renamed 改名" in again and "项目启动" not in again


def test_cache_never_serves_text_for_a_record_without_a_stamp():
    data = sample_store()
    cache = RecordTextCache()
    dumps_store(data, cache)
    changed = copy.deepcopy(data)
    changed["zeta"]["r"]["no_stamp"] = 2
    assert dumps_store(changed, cache) == reference(changed)


def test_cache_after_clear_and_after_record_removal():
    data = sample_store()
    cache = RecordTextCache()
    dumps_store(data, cache)
    smaller = copy.deepcopy(data)
    del smaller["cards"]["01KA0000000000000000000002"]
    assert dumps_store(smaller, cache) == reference(smaller)
    cache.clear()
    assert (
        cache.text(
            "cards", "01KA0000000000000000000001", data["cards"]["01KA0000000000000000000001"]
        )
        is None
    )


def test_chinese_is_written_as_utf8_not_escapes():
    text = dumps_store(sample_store())
    assert "项目启动" in text
    assert "\\u" not in text
    assert "项目启动".encode() in text.encode("utf-8")


def test_layout_sorted_keys_one_space_indent_trailing_newline():
    text = dumps_store({"b": {"r": {"y": 1, "x": 2}}, "a": {}})
    assert text == '{\n "a": {},\n "b": {\n  "r": {\n   "x": 2,\n   "y": 1\n  }\n }\n}\n'
    assert text.endswith("}\n") and not text.endswith("\n\n")


def test_round_trip_through_loads_store():
    data = sample_store()
    assert loads_store(dumps_store(data)) == data


# ----- loads_store errors ------------------------------------------------------------------------

CONFLICTED = """{
 "cards": {
<<<<<<< ours
  "A": {"title": "mine"}
=======
  "A": {"title": "theirs"}
>>>>>>> theirs
 }
}
"""


def test_conflict_markers_name_pstui_resolve_and_the_line(tmp_path):
    path = tmp_path / "pstui.json"
    with pytest.raises(BadStoreFile) as err:
        loads_store(CONFLICTED, path)
    message = str(err.value)
    assert "pstui resolve" in message
    assert "line 3:" in message
    assert str(path) in message
    assert err.value.path == path


def test_conflict_marker_line_number_counts_from_one():
    with pytest.raises(BadStoreFile, match="line 1:"):
        loads_store("<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> other\n")


def test_conflict_marker_of_a_diff3_base_section():
    text = '{\n "a": {},\n||||||| base\n "b": {}\n}\n'
    with pytest.raises(BadStoreFile, match=r"line 3:.*pstui resolve"):
        loads_store(text)


def test_seven_equals_inside_a_string_is_not_a_marker():
    text = '{\n "t": {\n  "r": {\n   "x": "======= not a marker"\n  }\n }\n}\n'
    assert loads_store(text) == {"t": {"r": {"x": "======= not a marker"}}}


def test_invalid_json_names_line_and_column():
    text = '{\n "cards": {\n  "A": {"title": "x",}\n }\n}\n'
    with pytest.raises(BadStoreFile) as err:
        loads_store(text)
    message = str(err.value)
    assert "line 3, column 22" in message
    assert "not valid JSON" in message


def test_truncated_json_names_the_line():
    text = dumps_store(sample_store())
    cut = text[: len(text) // 2]
    with pytest.raises(BadStoreFile, match=r"line \d+, column \d+"):
        loads_store(cut)


def test_duplicate_keys_are_an_error():
    text = '{\n "cards": {\n  "A": {\n   "title": "x",\n   "title": "y"\n  }\n }\n}\n'
    with pytest.raises(BadStoreFile) as err:
        loads_store(text)
    assert "'title'" in str(err.value) and "twice" in str(err.value)


def test_duplicate_record_ids_are_an_error():
    text = '{"cards": {"A": {"t": 1}, "A": {"t": 2}}}'
    with pytest.raises(BadStoreFile, match="twice"):
        loads_store(text)


DUP_LATE = """{
 "cards": {
  "A": {
   "title": "first card"
  },
  "B": {
   "title": "second card",
   "title": "duplicated"
  }
 }
}
"""


def test_duplicate_key_message_names_the_line_of_the_duplicate():
    with pytest.raises(BadStoreFile, match="line 8:"):
        loads_store(DUP_LATE)


def test_duplicate_non_ascii_key_message_names_its_line():
    text = '{\n "cards": {\n  "A": {\n   "标题": "x",\n   "标题": "y"\n  }\n }\n}\n'
    with pytest.raises(BadStoreFile, match="line 5:"):
        loads_store(text)


@pytest.mark.parametrize("text", ["[]", "42", '"text"', "null", '{"cards": []}', '{"cards": 1}'])
def test_non_object_is_not_a_store(text):
    with pytest.raises(BadStoreFile, match="not a pstui store"):
        loads_store(text)


def test_blank_text_is_an_empty_store():
    assert loads_store("") == {}
    assert loads_store("  \n") == {}
