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

    Git writes the three versions into files of its own (%O, %A, %B) just before it starts
    the driver, which finds them in the page cache; so the merge runs on copies made here,
    untimed. The stores it is given were written minutes earlier, before the app's child ran:
    by then this machine had given much of their page cache back (see docs/performance.md,
    2026-12-06, later run), and merging them directly timed reading 300 MB from the disk,
    which no merge git starts has to do. The driver writes over %A: the result is left in
    `<ours>-merged.json`, and the inputs stay as they were.
    """
    results = Results()
    if not merge_available():
        results.notes.append("merge: n/a (merge module missing)")
        return results
    from pstui.store.merge import merge_files

    merged = Path(ours).with_name(f"{Path(ours).stem}-merged.json")
    as_git_wrote = [Path(ours).with_name(f".merge_file_{side}") for side in ("base", "theirs")]
    started = time.perf_counter()
    for source, copy in zip((base, theirs), as_git_wrote, strict=True):
        shutil.copyfile(source, copy)
    shutil.copyfile(ours, merged)
    # Git's part, not the driver's: the process figure leaves it out (see `__main__`).
    results.values["inputs_written_s"] = time.perf_counter() - started
    try:
        t0 = time.perf_counter()
        outcome = merge_files(as_git_wrote[0], merged, as_git_wrote[1])
        results.add("merge", [time.perf_counter() - t0])
    finally:
        for copy in as_git_wrote:
            copy.unlink(missing_ok=True)
    results.values["merged_cards"] = len(outcome.data.get("cards", {}))
    results.values["merge_conflicts"] = len(outcome.conflicts)
    results.values["peak_rss_kb"] = peak_rss_kb()
    return results
