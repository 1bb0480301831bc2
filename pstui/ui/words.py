"""Counts in words as the screens write them: "1 response", "3 responses"."""

from __future__ import annotations


def counted(n: int, word: str, many: str | None = None) -> str:
    """`n` and `word`, made plural (`many`, else `word` + "s") for any count but one."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
