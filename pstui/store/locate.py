"""Finding the store: walk up from the working directory, as git finds `.git`."""

from __future__ import annotations

from pathlib import Path

STORE_NAME = "pstui.json"


def find_store(start: Path) -> Path | None:
    here = start.resolve()
    for folder in [here, *here.parents]:
        candidate = folder / STORE_NAME
        if candidate.is_file():
            return candidate
    return None
