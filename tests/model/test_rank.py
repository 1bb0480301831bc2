"""Fractional ranks: a string that sorts strictly between its neighbours."""

from __future__ import annotations

import pytest

from pstui.model.rank import DIGITS, rank_between, ranks_for


def _valid(rank: str) -> bool:
    return bool(rank) and set(rank) <= set(DIGITS) and not rank.endswith("0")


def test_rank_between_open_ends_is_the_middle_digit():
    assert rank_between(None, None) == "i"


def test_rank_between_neighbours():
    assert "a" < rank_between("a", "c") < "c"
    assert rank_between("a", "c") == "b"
    middle = rank_between("a", "b")
    assert "a" < middle < "b"
    assert _valid(middle)


def test_rank_between_neighbours_of_different_length():
    for low, high in [("a", "a1"), ("a1", "b"), ("i", "i0i"), ("az", "b"), ("0i", "1")]:
        middle = rank_between(low, high)
        assert low < middle < high, (low, high, middle)
        assert _valid(middle)


def test_rank_after_the_last():
    for low in ["i", "z", "zz", "a5"]:
        after = rank_between(low, None)
        assert after > low
        assert _valid(after)


def test_rank_before_the_first():
    for high in ["i", "1", "01", "001"]:
        before = rank_between(None, high)
        assert before < high
        assert _valid(before)


def test_rank_between_empty_string_before_is_an_open_end():
    assert rank_between("", "i") == rank_between(None, "i")


def test_many_inserts_just_after_the_first_keep_strict_order():
    first, last = "i", rank_between("i", None)
    column = [first, last]
    for _ in range(200):
        new = rank_between(column[0], column[1])
        assert column[0] < new < column[1]
        assert not new.endswith("0")
        column.insert(1, new)
    assert column == sorted(column)
    assert len(set(column)) == len(column)


def test_many_inserts_just_before_the_last_keep_strict_order():
    column = ["i", "j"]
    for _ in range(200):
        new = rank_between(column[-2], column[-1])
        assert column[-2] < new < column[-1]
        assert _valid(new)
        column.insert(len(column) - 1, new)
    assert column == sorted(column) and len(set(column)) == len(column)


def test_many_inserts_at_the_top_and_bottom():
    column = [rank_between(None, None)]
    for _ in range(200):
        column.insert(0, rank_between(None, column[0]))
        column.append(rank_between(column[-1], None))
    assert column == sorted(column) and len(set(column)) == len(column)
    assert all(_valid(r) for r in column)


@pytest.mark.parametrize("low,high", [("b", "b"), ("c", "b"), ("b0", "b"), ("zz", "a")])
def test_rank_between_rejects_before_not_below_after(low, high):
    with pytest.raises(ValueError):
        rank_between(low, high)


@pytest.mark.parametrize("n", [1, 5, 36, 1000])
def test_ranks_for_strictly_increasing(n):
    ranks = ranks_for(n)
    assert len(ranks) == n
    assert all(a < b for a, b in zip(ranks, ranks[1:], strict=False))
    assert all(_valid(r) for r in ranks)


@pytest.mark.parametrize("n", [1, 5, 36, 1000])
def test_ranks_for_leaves_room_at_both_ends(n):
    ranks = ranks_for(n)
    before = rank_between(None, ranks[0])
    after = rank_between(ranks[-1], None)
    assert before < ranks[0] and after > ranks[-1]
    between = rank_between(ranks[0], ranks[1]) if n > 1 else None
    if between is not None:
        assert ranks[0] < between < ranks[1]


def test_ranks_for_one_is_the_middle():
    assert ranks_for(1) == ["i"]
