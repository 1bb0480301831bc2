"""Fractional indexing: a card's place in its column is a string that sorts between neighbours.

Moving one card rewrites one record, never the whole column, and two clones that insert
into the same column produce ranks that still sort (ties broken by id).
"""

from __future__ import annotations

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
BASE = len(DIGITS)
_MID = DIGITS[BASE // 2]


def rank_between(before: str | None, after: str | None) -> str:
    """A rank sorting strictly after `before` and before `after` (None means open end)."""
    low = before or ""
    high = after
    if high is not None and low >= high:
        raise ValueError(f"rank {before!r} is not below {after!r}")
    result = []
    i = 0
    while True:
        lo = DIGITS.index(low[i]) if i < len(low) else 0
        hi = DIGITS.index(high[i]) if high is not None and i < len(high) else BASE
        if hi - lo > 1:
            result.append(DIGITS[(lo + hi) // 2])
            return "".join(result)
        # No room at this digit: keep the lower digit and look one place further.
        result.append(DIGITS[lo])
        if hi - lo == 1:
            # Everything below `after` from here on: `after` no longer constrains us.
            high = None
        i += 1


def ranks_for(count: int) -> list[str]:
    """`count` evenly spread ranks, for building a column in one go."""
    width = 1
    while BASE**width <= count:
        width += 1
    step = BASE**width // (count + 1)
    out = []
    for n in range(1, count + 1):
        value, digits = n * step, []
        for _ in range(width):
            digits.append(DIGITS[value % BASE])
            value //= BASE
        out.append("".join(reversed(digits)).rstrip("0") or _MID)
    return out
