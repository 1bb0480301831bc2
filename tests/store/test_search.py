"""Searches of a store's bytes by StringZilla: the same answers as Python's own."""

from __future__ import annotations

import ctypes
import random
import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pstui.store.engine import search


@pytest.fixture(scope="module")
def blob() -> bytes:
    rng = random.Random(7)
    lines = [
        rng.choice([b'\n "t": {', b'\n  "01A": {', b'\n   "x": "<y>",', b"\n },", b"\n  }"])
        for _ in range(40_000)
    ]
    return b"{" + b"".join(lines) + b"\n}\n"  # long enough for every vector width


NEEDLES = [b"<", b"\n }", b'\n },\n "', b'\n  "', b"{", b"not there", b"\n"]


@pytest.mark.parametrize("needle", NEEDLES)
def test_find_is_bytes_find(blob, needle):
    rng = random.Random(len(needle))
    spans = [(0, None), (0, len(blob)), (len(blob) - 5, None), (-3, 10**9), (50, 10)]
    spans += [(s, s + rng.randrange(0, 1 << 18)) for s in rng.sample(range(len(blob)), 40)]
    for start, end in spans:
        expected = blob.find(needle, max(start, 0), len(blob) if end is None else end)
        assert search.find(blob, needle, start, end) == expected, (start, end)
        assert search.find(bytearray(blob), needle, start, end) == expected, (start, end)


@pytest.mark.parametrize("needle", NEEDLES)
def test_starts_are_where_a_regex_of_the_needle_matches(blob, needle):
    for start, end in [(0, len(blob)), (1000, 90_000), (7, 8)]:
        assert list(search.starts(blob, needle, start, end)) == _regex_starts(
            blob, needle, start, end
        )


@given(
    st.binary(max_size=300),
    st.sampled_from([b"a", b"ab", b"aab", b'\n  "', b"\x00\xff"]),
    st.integers(-5, 310),
    st.integers(-5, 310),
)
def test_any_bytes_any_range(data, needle, start, end):
    data = data.replace(b"\x01", needle)  # make the needle likely, overlapping too
    assert search.find(data, needle, start, end) == data.find(needle, max(start, 0), end)
    if start >= 0 and end >= 0:
        assert list(search.starts(data, needle, start, end)) == _regex_starts(
            data, needle, start, end
        )


def _regex_starts(data: bytes, needle: bytes, start: int, end: int) -> list[int]:
    return [m.start() for m in re.compile(re.escape(needle)).finditer(data, start, end)]


@pytest.mark.parametrize("byte", [b"<", b"{", b"\x00"])
def test_find_byte_beside_is_bytes_find(blob, byte, monkeypatch):
    for start in [0, 1, 5000, len(blob) - 3, len(blob), -2]:
        expected = blob.find(byte, max(start, 0))
        assert search.find_byte_beside(blob, byte, start) == expected, start
    monkeypatch.setattr(search, "_memchr", lambda: None)  # no C library: bytes.find
    assert search.find_byte_beside(blob, byte, 7) == blob.find(byte, 7)


@pytest.mark.skipif(sys.platform == "win32", reason="no C library to call by name")
def test_find_byte_beside_calls_memchr_in_a_way_that_lets_go_of_the_gil():
    """The search for conflict markers runs beside the opening thread: ctypes lets go of the
    GIL for a function of a `CDLL` (not of a `PyDLL`), so that thread is not held."""
    found = search._memchr()
    assert found is not None
    memchr, _address = found
    assert memchr.__name__ == "memchr"
    assert not memchr._flags_ & ctypes._FUNCFLAG_PYTHONAPI
