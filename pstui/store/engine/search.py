"""Searches of a store file's bytes.

The open of a large store looks for a few short byte strings through the whole file: every
record's line (`\\n  "`), and the end of the table before each table after the cards.
Python's own searches (`re`, `bytes.find`) look at one byte at a time, and these needles
start with a byte that is on every line; StringZilla, a SIMD substring search, compares a
vector of bytes at once and is several times faster (docs/performance.md). Its answers are
`bytes.find`'s (tests/store/test_search.py).

StringZilla holds the GIL while it searches. The search for git's conflict markers runs on
the thread that read the file while the opening thread goes on, so it is the C library's
`memchr` instead, called through ctypes, which lets go of the GIL (`find_byte_beside`).

The bytes are only read: a `bytes` object is immutable, and a window's `bytearray` is not
written while it is searched.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

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


def find_byte_beside(blob: bytes, byte: bytes, start: int = 0) -> int:
    """`blob.find(byte, start)` for a one-byte `byte`, letting go of the GIL while it searches
    (where the C library's `memchr` can be called; else `bytes.find`, which holds it)."""
    start = max(start, 0)
    found = _memchr()
    if found is None or len(blob) - start < _FOREIGN_FROM:
        return blob.find(byte, start)
    memchr, address = found
    base = address(blob)
    at = memchr(base + start, byte[0], len(blob) - start)
    return -1 if at is None else at - base


# Below this many bytes a search is left to `bytes.find`: a foreign call costs a microsecond.
_FOREIGN_FROM = 1 << 16


@functools.cache
def _memchr() -> tuple[Any, Callable[[bytes], int]] | None:
    """memchr and the address of a bytes object's first byte; None without them."""
    try:
        import ctypes  # only where a large store is opened: not on every command's start

        memchr = ctypes.CDLL(None).memchr
    except (ImportError, OSError, AttributeError, TypeError):
        return None
    memchr.restype = ctypes.c_void_p
    memchr.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]

    def address(blob: bytes) -> int:
        # A c_char_p made from bytes points at the object's own buffer: nothing is copied.
        return ctypes.cast(ctypes.c_char_p(blob), ctypes.c_void_p).value or 0

    return memchr, address
