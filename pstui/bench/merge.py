"""The merge driver on two divergent stores, timed. Imports no UI: a child process running
only this costs what the merge driver process costs when git starts it."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from pstui.bench.results import Results, peak_rss_kb


def merge_available() -> bool:
    """The merge module is written alongside the benchmark: measure it only once it exists."""
    try:
        import pstui.store.merge  # noqa: F401
    except ImportError:
        return False
    return True


def measure_merge(base: Path, ours: Path, theirs: Path) -> Results:
    """`merge_files(base, ours, theirs)` wall time: read three stores, merge, write the result.

    The driver writes over `ours` (git's %A), so it works on a copy beside it: the inputs stay
    as they were and the result is left in `<ours>-merged.json`.
    """
    results = Results()
    if not merge_available():
        results.notes.append("merge: n/a (merge module missing)")
        return results
    from pstui.store.merge import merge_files

    merged = Path(ours).with_name(f"{Path(ours).stem}-merged.json")
    shutil.copyfile(ours, merged)
    t0 = time.perf_counter()
    outcome = merge_files(Path(base), merged, Path(theirs))
    results.add("merge", [time.perf_counter() - t0])
    results.values["merged_cards"] = len(outcome.data.get("cards", {}))
    results.values["merge_conflicts"] = len(outcome.conflicts)
    results.values["peak_rss_kb"] = peak_rss_kb()
    return results
