"""git's merge driver (`merge.pstui.driver = python -m pstui merge-driver %O %A %B %P`).

Kept apart from the CLI so `python -m pstui merge-driver` imports only what a merge needs:
git starts it once per merged store, and the CLI's imports (dates, TinyDB, templates) would
cost more than a small merge itself. What it says on stderr (git shows it to the user) is in
the interface language, chosen as the CLI chooses it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pstui.i18n import N_, _, choose_language, ngettext, set_language
from pstui.store.errors import StoreError
from pstui.store.merge import merge_files

EXIT_FAIL = 1
_BASE, _OURS, _THEIRS = N_("the base (%O)"), N_("ours (%A)"), N_("theirs (%B)")


def run_merge_driver(base: Path, ours: Path, theirs: Path, path: str | None = None) -> int:
    """Merge BASE, OURS, THEIRS into OURS; non-zero leaves OURS and git's conflict as they are."""
    name = path or str(ours)
    labels = {Path(base): _BASE, Path(ours): _OURS, Path(theirs): _THEIRS}
    try:
        result = merge_files(Path(base), Path(ours), Path(theirs))
    except StoreError as err:
        side = labels.get(err.path)
        print(
            _(
                "pstui merge-driver: {name}: {side} is not a store git can merge: {error} "
                "Nothing was written; git leaves the file conflicted."
            ).format(name=name, side=_(side) if side else str(err.path), error=err.message),
            file=sys.stderr,
        )
        return EXIT_FAIL
    except Exception as err:  # any failure must leave OURS untouched and git's conflict in place
        print(
            _(
                "pstui merge-driver: {name}: the merge failed ({error}). "
                "Nothing was written; git leaves the file conflicted."
            ).format(name=name, error=f"{type(err).__name__}: {err}"),
            file=sys.stderr,
        )
        return EXIT_FAIL
    if result.conflicts:
        count = len(result.conflicts)
        print(
            ngettext(
                "pstui: merged {name}; {n} field changed on both sides: the later edit was "
                "kept, the other value is in a conflict event",
                "pstui: merged {name}; {n} fields changed on both sides: the later edit was "
                "kept, the other value is in a conflict event",
                count,
            ).format(name=name, n=count),
            file=sys.stderr,
        )
    return 0


def _choose_language() -> None:
    """The language the CLI would speak: the config's, else the locale's (git passes its
    environment on). A config that cannot be read leaves the locale's."""
    from pstui.config import load_config

    try:
        configured = load_config().language
    except Exception:  # the merge must not fail over a setting
        configured = ""
    set_language(choose_language(configured, os.environ))


def main(argv: list[str]) -> int:
    _choose_language()
    if len(argv) not in (3, 4):
        print(_("usage: python -m pstui merge-driver BASE OURS THEIRS [PATH]"), file=sys.stderr)
        return 2
    return run_merge_driver(Path(argv[0]), Path(argv[1]), Path(argv[2]), *argv[3:])
