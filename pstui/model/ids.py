"""Record ids: random, time-sortable, collision-free across clones (ULID layout).

The first 10 characters encode the creation time in milliseconds, the last 16 are random.
Because the head is a timestamp shared by records made the same day, users see a short
*tail* (see `short_ids`); `match_id` accepts a unique prefix of the full id or a unique
tail, so whatever the screen shows can be typed back.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator

from pstui.i18n import _, ngettext

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ID_LENGTH = 26
SHORT_MIN = 4


def new_id(now_ms: int | None = None) -> str:
    """A new 26-character id: 48-bit millisecond time, then 80 random bits.

    Ids made from the clock grow within a process, in one millisecond too (where random bits
    alone would sort them by chance) and when the clock steps back: the events one action
    records sort in the order they were made.
    """
    random_bits = int.from_bytes(_entropy(10), "big")
    if now_ms is not None:
        return _encode((now_ms << 80) | random_bits)
    global _last_made
    with _made_lock:
        value = max((int(time.time() * 1000) << 80) | random_bits, _last_made + 1)
        _last_made = value
    return _encode(value)


_last_made = 0  # the greatest id made from the clock, as a number
_made_lock = threading.Lock()  # ids may be made on more than one thread


_entropy: Callable[[int], bytes] = os.urandom  # where the random bits come from


@contextlib.contextmanager
def seeded_ids(seed: int) -> Iterator[None]:
    """Ids with random bits from a generator seeded with `seed` while inside: with a frozen
    clock, the bundled samples come out the same each time they are made."""
    global _entropy, _last_made
    kept = _entropy, _last_made
    _entropy, _last_made = random.Random(seed).randbytes, 0
    try:
        yield
    finally:
        _entropy, _last_made = kept


def _encode(value: int) -> str:
    chars = []
    for _digit in range(ID_LENGTH):
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
    return _encode(int.from_bytes(digest, "big") >> 6)  # 130 bits: 26 characters of 5 bits


class IdError(LookupError):
    """A user-typed id that matches no record, or more than one."""


def match_id(typed: str, ids: Iterable[str]) -> str:
    """The one id that `typed` names: exact, a unique tail, or a unique head prefix.

    Tails come first: they are what the screens show, and a shown tail that happens to be
    the head prefix of another id must still name the record it was shown for.
    """
    wanted = typed.strip().upper()
    if not wanted:
        raise IdError(_("an empty id matches nothing"))
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
            raise IdError(
                ngettext(
                    "{typed} is ambiguous: it matches {n} records",
                    "{typed} is ambiguous: it matches {n} records",
                    len(hits),
                ).format(typed=repr(typed), n=len(hits))
            )
    raise IdError(_("no record matches {typed}").format(typed=repr(typed)))
