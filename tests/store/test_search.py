"""Searches of a store's bytes by the C library: the same answers as bytes.find."""

from __future__ import annotations

import random

import pytest

from pstui.store.engine import search


@pytest.fixture(scope="module")
def blob() -> bytes:
    rng = random.Random(7)
    lines = [
        rng.choice([b'\n "t": {', b'\n  "01A": {', b'\n   "x": "<y>",', b"\n },", b"\n  }"])
        for _ in range(40_000)
    ]
    return b"{" + b"".join(lines) + b"\n}\n"  # well past the size searched by the C library


NEEDLES = [b"<", b"\n }", b'\n },\n "', b"{", b"not there", b"\n"]


@pytest.mark.parametrize("needle", NEEDLES)
def test_find_is_bytes_find(blob, needle):
    rng = random.Random(len(needle))
    spans = [(0, None), (0, len(blob)), (len(blob) - 5, None), (-3, 10**9)]
    spans += [(s, s + rng.randrange(0, 1 << 18)) for s in rng.sample(range(len(blob)), 40)]
    for start, end in spans:
        expected = blob.find(needle, max(start, 0), len(blob) if end is None else end)
        assert search.find(blob, needle, start, end) == expected, (start, end)


def test_find_in_other_buffers_and_without_the_c_library(blob, monkeypatch):
    assert search.find(bytearray(blob), b'\n },\n "', 100) == blob.find(b'\n },\n "', 100)
    monkeypatch.setattr(search, "_c_library", lambda: None)
    assert search.find(blob, b"<", 5) == blob.find(b"<", 5)
