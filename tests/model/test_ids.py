"""Record ids: 26-char Crockford strings, time-sortable, unique; short ids and id matching."""

from __future__ import annotations

import pytest

from pstui.model import ids
from pstui.model.ids import CROCKFORD, ID_LENGTH, IdError, match_id, new_id, short_ids


def _id(head: str, tail: str) -> str:
    """A hand-made 26-char id: `head` + filler + `tail` (all Crockford characters)."""
    filler = "0" * (ID_LENGTH - len(head) - len(tail))
    made = head + filler + tail
    assert len(made) == ID_LENGTH and set(made) <= set(CROCKFORD)
    return made


def test_crockford_alphabet_has_32_symbols_without_ambiguous_letters():
    assert len(CROCKFORD) == 32
    assert not set("ILOU") & set(CROCKFORD)


def test_new_id_is_26_chars_of_the_crockford_alphabet():
    for _ in range(200):
        made = new_id()
        assert isinstance(made, str)
        assert len(made) == 26
        assert set(made) <= set(CROCKFORD)


def test_new_id_sorts_by_creation_time():
    stamps = [0, 1, 2, 1_000, 1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000, 2**48 - 1]
    ids = [new_id(now_ms=ms) for ms in stamps]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_new_id_head_encodes_the_millisecond_time():
    # Same millisecond: same 10-char head, different random tails.
    a, b = new_id(now_ms=1_764_000_000_000), new_id(now_ms=1_764_000_000_000)
    assert a[:10] == b[:10]
    assert a != b
    assert new_id(now_ms=0)[:10] == "0" * 10


def test_ten_thousand_ids_are_unique():
    ids = [new_id() for _ in range(10_000)]
    assert len(set(ids)) == 10_000


def test_ids_made_in_the_same_millisecond_are_unique():
    ids = [new_id(now_ms=1_764_000_000_000) for _ in range(10_000)]
    assert len(set(ids)) == 10_000


@pytest.fixture
def clock(monkeypatch):
    """Sets the clock `new_id` reads; the ids made before are forgotten until the test ends."""
    monkeypatch.setattr(ids, "_last_made", 0)
    return lambda seconds: monkeypatch.setattr(ids.time, "time", lambda: seconds)


def test_ids_made_from_the_clock_grow_within_one_millisecond(clock):
    clock(1_764_000_000.0)
    made = [new_id() for _ in range(1_000)]
    assert made == sorted(made) and len(set(made)) == len(made)
    assert {i[:10] for i in made} == {new_id(now_ms=1_764_000_000_000)[:10]}


def test_ids_made_from_the_clock_grow_when_the_clock_steps_back(clock):
    clock(1_764_000_000.0)
    before = new_id()
    clock(1_763_999_999.0)  # NTP stepped the clock back a second
    assert new_id() > before


def test_short_ids_are_unique_tails_of_at_least_four_chars():
    ids = [new_id() for _ in range(500)]
    short = short_ids(ids)
    assert set(short) == set(ids)
    assert len(set(short.values())) == len(ids)
    for full, tail in short.items():
        assert len(tail) >= 4
        assert full.endswith(tail)


def test_short_ids_are_exactly_four_chars_when_tails_differ():
    a, b = _id("01", "ABCD"), _id("01", "WXYZ")
    assert short_ids([a, b]) == {a: "ABCD", b: "WXYZ"}


def test_short_ids_grow_when_tails_collide():
    a, b, c = _id("01", "QABCD"), _id("01", "RABCD"), _id("01", "SZZZZ")
    assert short_ids([a, b, c]) == {a: "QABCD", b: "RABCD", c: "SZZZZ"}


def test_short_ids_grow_until_every_tail_differs():
    a, b = _id("01", "1ABCDEF"), _id("01", "2ABCDEF")
    assert short_ids([a, b]) == {a: "1ABCDEF", b: "2ABCDEF"}


def test_short_ids_respect_a_larger_minimum():
    a = _id("01", "ABCDEF")
    assert short_ids([a], minimum=6) == {a: "ABCDEF"}


def test_short_ids_of_nothing_is_empty():
    assert short_ids([]) == {}


def test_short_id_tails_can_be_typed_back():
    ids = [new_id() for _ in range(300)]
    for full, tail in short_ids(ids).items():
        assert match_id(tail, ids) == full
        assert match_id(tail.lower(), ids) == full


def test_a_short_id_that_is_also_a_head_prefix_can_be_typed_back():
    # All ids made within ~12 days share their first 4 chars; a random tail equal to it
    # (1 in 2**20 per id) makes the shown short id match two records.
    a = _id("01KA", "B01KA")
    b = _id("01KA", "CZZZZ")
    short = short_ids([a, b])
    assert match_id(short[a], [a, b]) == a
    assert match_id(short[b], [a, b]) == b


IDS = [_id("01KAA", "11111"), _id("01KAB", "22222"), _id("01KBC", "33333")]


def test_match_id_exact():
    assert match_id(IDS[1], IDS) == IDS[1]


def test_match_id_unique_head_prefix():
    assert match_id("01KAB", IDS) == IDS[1]
    assert match_id("01KB", IDS) == IDS[2]


def test_match_id_unique_tail():
    assert match_id("33333", IDS) == IDS[2]
    assert match_id("1111", IDS) == IDS[0]


def test_match_id_is_case_insensitive_and_ignores_surrounding_spaces():
    assert match_id("01kab", IDS) == IDS[1]
    assert match_id(" 2222 ", IDS) == IDS[1]
    assert match_id(IDS[0].lower(), IDS) == IDS[0]


def test_match_id_ambiguous_prefix():
    with pytest.raises(IdError, match="ambiguous"):
        match_id("01KA", IDS)


def test_match_id_ambiguous_tail():
    ids = [_id("01", "X1234"), _id("01", "Y1234")]
    with pytest.raises(IdError, match="ambiguous"):
        match_id("1234", ids)


def test_match_id_no_match():
    with pytest.raises(IdError, match="no record"):
        match_id("ZZZZZ", IDS)


def test_match_id_empty_is_an_error():
    with pytest.raises(IdError):
        match_id("  ", IDS)


def test_match_id_is_a_lookup_error():
    assert issubclass(IdError, LookupError)
