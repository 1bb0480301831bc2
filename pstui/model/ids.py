"""Record ids: random, time-sortable, collision-free across clones (ULID layout).

The first 10 characters encode the creation time in milliseconds, the last 16 are random.
Because the head is a timestamp shared by records made the same day, users see a short
*tail* (see `short_ids`); `match_id` accepts a unique prefix of the full id or a unique
tail, so whatever the screen shows can be typed back.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ID_LENGTH = 26
SHORT_MIN = 4


def new_id(now_ms: int | None = None) -> str:
    """A new 26-character id: 48-bit millisecond time, then 80 random bits."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    value = (ms << 80) | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(ID_LENGTH):
        chars.append(CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def short_ids(ids: Iterable[str], minimum: int = SHORT_MIN) -> dict[str, str]:
    """The shortest unique tail (at least `minimum` chars) for every id, like git's short hashes."""
    all_ids = list(ids)
    length = minimum
    while True:
        tails = [i[-length:] for i in all_ids]
        if len(set(tails)) == len(tails) or length >= ID_LENGTH:
            return dict(zip(all_ids, tails, strict=True))
        length += 1


def derived_id(*parts: str) -> str:
    """A 26-character id that is the same wherever the same `parts` make it: two clones that
    create the same thing independently (a gate's checklist item for a card) agree on its id,
    so the merge sees one thing, not two."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=17).digest()
    value = int.from_bytes(digest, "big") >> 6  # 130 bits: 26 characters of 5 bits
    chars = []
    for _ in range(ID_LENGTH):
        chars.append(CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


class IdError(LookupError):
    """A user-typed id that matches no record, or more than one."""


def match_id(typed: str, ids: Iterable[str]) -> str:
    """The one id that `typed` names: exact, a unique tail, or a unique head prefix.

    Tails come first: they are what the screens show, and a shown tail that happens to be
    the head prefix of another id must still name the record it was shown for.
    """
    wanted = typed.strip().upper()
    if not wanted:
        raise IdError("an empty id matches nothing")
    candidates = list(ids)
    if wanted in candidates:
        return wanted
    for hits in (
        [i for i in candidates if i.endswith(wanted)],
        [i for i in candidates if i.startswith(wanted)],
    ):
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise IdError(f"{typed!r} is ambiguous: it matches {len(hits)} records")
    raise IdError(f"no record matches {typed!r}")
