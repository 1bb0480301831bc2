"""Searches of a store file's bytes by StringZilla, a SIMD substring search.

The open of a large store looks for a few short byte strings through the whole file: every
record's line (`\\n  "`), the end of the table before each table after the cards, and git's
conflict markers. Python's own searches (`re`, `bytes.find`) look at one byte at a time, and
these needles start with a byte that is on every line; StringZilla compares a vector of
bytes at once, several times faster (docs/performance.md), and lets go of the GIL while it
searches, so the thread that read the file looks for conflict markers while the opening
thread works. Its answers are `bytes.find`'s (tests/store/test_search.py). The bytes are
only read: a `bytes` object is immutable, and a window's `bytearray` is not written while
it is searched.
"""

from __future__ import annotations

from collections.abc import Iterator

import stringzilla

Buffer = bytes | bytearray


def find(blob: Buffer, needle: bytes, start: int = 0, end: int | None = None) -> int:
    """`blob.find(needle, start, end)`, a start before the first byte taken as 0."""
    return stringzilla.find(blob, needle, max(start, 0), len(blob) if end is None else end)


def starts(blob: Buffer, needle: bytes, start: int, end: int) -> Iterator[int]:
    """Where `needle` occurs in `blob[start:end]`, in order, none overlapping: each place a
    regex of the needle alone would match. `needle` is not empty."""
    assert needle
    at = stringzilla.find(blob, needle, start, end)
    while at >= 0:
        yield at
        at = stringzilla.find(blob, needle, at + len(needle), end)
