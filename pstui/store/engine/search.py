"""Searches of a store file's bytes by the C library: `memchr` and `memmem`, called through
ctypes, which lets go of the GIL while they run.

Two searches of every open of a large store are worth it. The table that follows the events
is found by the needle that ends a table and starts the next, `\\n },\\n "`: `memmem` finds it
past 33 MB of events in about 12 ms where `bytes.find` takes 23 and a regex 20. And the
check for git's conflict markers looks for every `<` in 114 MB (12 ms at memchr speed, as
`bytes.find` does it too), but by `memchr` it needs no GIL: the thread that read the file
does it while the opening thread scans. Without ctypes or these functions (Windows has no
`memmem`) `bytes.find` does the same searches, with the same answers, slower. The bytes are
only read, never written: a `bytes` object is immutable, and it is held for the whole call.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

# Below this many bytes a search is left to `bytes.find`: a foreign call costs a microsecond.
_FOREIGN_FROM = 1 << 16


@functools.cache
def _c_library() -> tuple[Any, Any, Callable[[bytes], int]] | None:
    """memmem, memchr and the address of a bytes object's first byte; None without them."""
    try:
        import ctypes  # only where a large store is opened: not on every command's start

        library = ctypes.CDLL(None)
        memmem, memchr = library.memmem, library.memchr
    except (ImportError, OSError, AttributeError, TypeError):
        return None
    memmem.restype = ctypes.c_void_p
    memmem.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]
    memchr.restype = ctypes.c_void_p
    memchr.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]

    def address(blob: bytes) -> int:
        # A c_char_p made from bytes points at the object's own buffer: nothing is copied.
        return ctypes.cast(ctypes.c_char_p(blob), ctypes.c_void_p).value or 0

    return memmem, memchr, address


def find(blob: bytes, needle: bytes, start: int = 0, end: int | None = None) -> int:
    """`blob.find(needle, start, end)`, by the C library for a long stretch of a bytes
    object (see the module's docstring)."""
    end = len(blob) if end is None else min(end, len(blob))
    start = max(start, 0)
    library = _c_library() if end - start >= _FOREIGN_FROM and needle else None
    if library is None or type(blob) is not bytes:
        return blob.find(needle, start, end)
    memmem, memchr, address = library
    base = address(blob)
    if len(needle) == 1:
        at = memchr(base + start, needle[0], end - start)
    else:
        at = memmem(base + start, end - start, needle, len(needle))
    return -1 if at is None else at - base
