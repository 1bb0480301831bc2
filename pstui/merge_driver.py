"""git's merge driver (`merge.pstui.driver = python -m pstui merge-driver %O %A %B %P`).

Kept apart from the CLI so `python -m pstui merge-driver` imports only what a merge needs:
git starts it once per merged store, and the CLI's imports (dates, TinyDB, templates) would
cost more than a small merge itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pstui.store.errors import StoreError
from pstui.store.merge import merge_files

EXIT_FAIL = 1


def run_merge_driver(base: Path, ours: Path, theirs: Path, path: str | None = None) -> int:
    """Merge BASE, OURS, THEIRS into OURS; non-zero leaves OURS and git's conflict as they are."""
    name = path or str(ours)
    labels = {Path(base): "the base (%O)", Path(ours): "ours (%A)", Path(theirs): "theirs (%B)"}
    try:
        result = merge_files(Path(base), Path(ours), Path(theirs))
    except StoreError as err:
        side = labels.get(err.path, str(err.path))
        print(
            f"pstui merge-driver: {name}: {side} is not a store git can merge: {err.message} "
            "Nothing was written; git leaves the file conflicted.",
            file=sys.stderr,
        )
        return EXIT_FAIL
    except Exception as err:  # any failure must leave OURS untouched and git's conflict in place
        print(
            f"pstui merge-driver: {name}: the merge failed ({type(err).__name__}: {err}). "
            "Nothing was written; git leaves the file conflicted.",
            file=sys.stderr,
        )
        return EXIT_FAIL
    if result.conflicts:
        count = len(result.conflicts)
        print(
            f"pstui: merged {name}; {count} field{'s' if count != 1 else ''} changed on both "
            "sides: the later edit was kept, the other value is in a conflict event",
            file=sys.stderr,
        )
    return 0


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print("usage: python -m pstui merge-driver BASE OURS THEIRS [PATH]", file=sys.stderr)
        return 2
    return run_merge_driver(Path(argv[0]), Path(argv[1]), Path(argv[2]), *argv[3:])
