"""Check every record of a store strictly, in a process of its own.

The app opens a big store lazily and has it checked beside itself: in a thread the check
would hold the GIL for seconds and stall the UI, in a process it uses the other core.
Run as `python -m pstui.store.validate PATH [LANGUAGE]`; exit 1 with the problem on stderr,
in LANGUAGE (the app's interface language: "en" or "zh"; English when not given).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from pstui.i18n import LANGUAGES, set_language
from pstui.store.engine import load_store_bytes
from pstui.store.errors import StoreError
from pstui.store.storage import check_schema, validate_tables


def validate_file(path: Path) -> None:
    """Raise StoreError (naming the file and line) for the first record that is not right."""
    tables = load_store_bytes(path.read_bytes(), path)
    check_schema(path, tables)
    validate_tables(tables, path)


def main(argv: list[str]) -> int:
    # Below the app in the scheduler: on a 2-core machine the user's keys come first.
    with contextlib.suppress(OSError):
        os.nice(10)
    if len(argv) > 1 and argv[1] in LANGUAGES:
        set_language(argv[1])
    try:
        validate_file(Path(argv[0]))
    except StoreError as err:
        print(err.message, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
