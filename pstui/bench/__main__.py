"""`python -m pstui.bench`: generate stores, time pstui and a bare Textual app, print the table.

    python -m pstui.bench [--sizes 1000,10000] [--presses 200] [--seed 7] [--cap 30]

Each measurement runs in a child process of its own (`--child ...`), one after the other, so
memory figures are that process's own peak and two measurements never share the 2 cores.
The children write their results as JSON; this process only generates stores and reports.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_SIZES = "1000,10000"
MERGE_EDITS = 300
# Cold first paints, each the only app of a fresh process, for pstui at each size and for the
# floor: one sample of a 0.1-0.4 s start on a shared machine is too noisy to judge by, and
# with three, one start slowed by the machine (375 ms against 200) moved the median by 30 ms.
COLD_STARTS = 5


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m pstui.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="card counts, comma-separated")
    parser.add_argument("--presses", type=int, default=200, help="key presses per series")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--cap",
        type=float,
        default=30.0,
        help="seconds after which a series that writes or opens screens stops early",
    )
    parser.add_argument("--opens", type=int, default=30, help="card detail opens")
    parser.add_argument("--writes", type=int, default=30, help="single changes written")
    parser.add_argument("--workdir", type=Path, help="keep generated stores here")
    parser.add_argument("--json", type=Path, help="also write all results here")
    # Internal: one measurement in this process, results to --out.
    parser.add_argument(
        "--child", choices=("app", "floor", "merge", "cold", "launch"), help=argparse.SUPPRESS
    )
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--merge-files", type=Path, nargs=3, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return run_child(args)
    return run_benchmark(args)


# ----- children: one measurement each --------------------------------------------------------


def run_child(args: argparse.Namespace) -> int:
    if args.child == "merge":
        # Only the merge is imported: this process costs what a merge driver process costs.
        from pstui.bench.merge import measure_merge

        results = measure_merge(*args.merge_files)
    elif args.child == "cold":
        from pstui.bench.measure import measure_cold_start

        results = measure_cold_start(args.store)  # the floor when no store is given
    elif args.child == "launch":
        # As `pstui` starts: its CLI imported, the store read while Textual is imported.
        import pstui.cli  # noqa: F401
        from pstui.store.engine import read_ahead

        read_ahead(args.store)
        from pstui.bench.measure import measure_cold_start

        results = measure_cold_start(args.store)
    else:
        results = _measure_app_or_floor(args)
    args.out.write_text(json.dumps(results.to_json()), encoding="utf-8")
    return 0


def _measure_app_or_floor(args: argparse.Namespace) -> Any:
    from pstui.bench import measure

    limits = _limits(args)
    if args.child == "app":
        results = measure.measure_board(args.store, limits)
        writes = measure.measure_writes(args.store, limits)
    else:
        results = measure.measure_floor(limits)
        writes = measure.measure_floor_write(limits)
    for name, samples in writes.series.items():
        results.add(name, samples)
    results.values["peak_rss_kb"] = measure.peak_rss_kb()
    return results


def _limits(args: argparse.Namespace) -> Any:
    from pstui.bench.measure import Limits

    return Limits(presses=args.presses, cap=args.cap, opens=args.opens, writes=args.writes)


def _child_command(args: argparse.Namespace, kind: str, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "pstui.bench", "--child", kind, "--out", str(out),
        "--presses", str(args.presses), "--cap", str(args.cap),
        "--opens", str(args.opens), "--writes", str(args.writes), *extra,
    ]  # fmt: skip


def spawn(command: list[str], out: Path) -> tuple[dict[str, Any], float, float]:
    """Run a child; its results, when it was started (wall clock) and how long it ran."""
    started_wall, started = time.time(), time.perf_counter()
    # The open index goes beside the run's stores, not into the user's cache.
    cache = {"XDG_CACHE_HOME": str(out.parent / "cache")}
    subprocess.run(command, check=True, env=os.environ | cache)
    elapsed = time.perf_counter() - started
    return json.loads(out.read_text(encoding="utf-8")), started_wall, elapsed


def fresh_starts(
    args: argparse.Namespace, folder: Path, kind: str, store: Path | None, count: int
) -> list[tuple[float, float]]:
    """The first paint and the process start to first paint of `count` fresh `kind`
    processes, each with a cache of its own (so none finds an open index another kept):
    pstui on `store`, or the floor."""
    starts = []
    for n in range(count):
        out = folder / f"{kind}-{n}" / f"{kind}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        extra = () if store is None else ("--store", str(store))
        results, spawned_wall, _ = spawn(_child_command(args, kind, out, *extra), out)
        paint = results["series"]["first_paint"][0]
        starts.append((paint, results["values"]["painted_at_wall"] - spawned_wall))
    return starts


def cold_starts_beside_the_floor(
    args: argparse.Namespace, folder: Path, store: Path
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """`fresh_starts` of pstui on `store` and of the floor, taken in turn, so that the two
    medians come from the same minutes of a shared machine, whose speed drifts within a
    run: in one, pstui's cold starts at 10,000 cards ran a minute after the floor's, every
    figure of that minute was 10-20 percent slower, and the ratio read 2.24x where the
    runs around it read 1.77x to 1.86x."""
    ours: list[tuple[float, float]] = []
    floors: list[tuple[float, float]] = []
    for n in range(COLD_STARTS - 1):
        ours += fresh_starts(args, folder / f"ours-{n}", "cold", store, 1)
        floors += fresh_starts(args, folder / f"floor-{n}", "cold", None, 1)
    return ours, floors


# ----- the parent: stores, children, table ----------------------------------------------------


@dataclass
class Stores:
    app: Path  # the store the app opens (and changes)
    base: Path
    ours: Path
    theirs: Path
    stats: dict[str, Any]


def prepare_stores(size: int, seed: int, folder: Path) -> Stores:
    """The store for the app and the three inputs of the merge, from one seed."""
    from pstui.bench.generate import edit_copies, generate_store, write_store
    from pstui.store.engine import RecordTextCache

    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    data = generate_store(size, seed)
    generated = time.perf_counter() - started
    cache = RecordTextCache()  # ours and theirs share most records' text with base
    base = write_store(folder / "base.json", data, cache)
    ours, theirs = edit_copies(data, MERGE_EDITS, seed)
    write_store(folder / "ours.json", ours, cache)
    write_store(folder / "theirs.json", theirs, cache)
    app = folder / "pstui.json"
    shutil.copyfile(base, app)
    stats = {
        "bytes": base.stat().st_size,
        "records": {table: len(records) for table, records in data.items()},
        "generate_s": generated,
        "prepare_s": time.perf_counter() - started,
    }
    return Stores(app, base, folder / "ours.json", folder / "theirs.json", stats)


def measure_size(
    args: argparse.Namespace, size: int, folder: Path, floor: dict[str, Any] | None = None
) -> dict[str, Any]:
    """pstui at `size` cards; with `floor`, the floor's fresh cold starts are taken in turn
    with this size's (see `cold_starts_beside_the_floor`) and added to it."""
    say(f"{size:,} cards: generating stores")
    stores = prepare_stores(size, args.seed, folder)
    say(f"{size:,} cards: {stores.stats['bytes'] / 1e6:.1f} MB store; measuring the app")
    # Before the app's child, which changes the store: every cold start opens the same bytes.
    if floor is None:
        cold = fresh_starts(args, folder, "cold", stores.app, COLD_STARTS - 1)
    else:
        cold, floor_cold = cold_starts_beside_the_floor(args, folder, stores.app)
        floor["series"]["first_paint"] += [paint for paint, _ in floor_cold]
        floor["series"]["process_to_paint"] += [process for _, process in floor_cold]
    # Its own processes: the store read ahead would shorten the in-process cold first paint.
    launched = fresh_starts(args, folder, "launch", stores.app, COLD_STARTS)
    app, _, _ = spawn(
        _child_command(args, "app", folder / "app.json", "--store", str(stores.app)),
        folder / "app.json",
    )
    app["series"]["first_paint"] += [paint for paint, _ in cold]
    app["series"]["process_to_paint"] = [process for _, process in launched]
    say(f"{size:,} cards: merging")
    merge, _, merge_wall = spawn(
        _child_command(
            args, "merge", folder / "merge.json",
            "--merge-files", str(stores.base), str(stores.ours), str(stores.theirs),
        ),
        folder / "merge.json",
    )  # fmt: skip
    app["series"].update(merge["series"])
    app["values"].update({f"merge_{k}": v for k, v in merge["values"].items()})
    if merge["series"]:
        app["values"]["merge_process"] = merge_wall - merge["values"].get("inputs_written_s", 0)
    app["notes"] += merge["notes"]
    app["store"] = stores.stats
    return app


def measure_floor_process(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    from pstui.bench.generate import write_store
    from pstui.store.repository import new_store_data
    from pstui.store.templates import load_template

    folder.mkdir(parents=True, exist_ok=True)
    say("floor: a bare Textual app")
    floor, spawned_wall, _ = spawn(
        _child_command(args, "floor", folder / "floor.json"), folder / "floor.json"
    )
    # Its fresh cold starts come with the largest size's (see `measure_size`).
    floor["series"]["process_to_paint"] = [floor["values"]["painted_at_wall"] - spawned_wall]
    tiny = new_store_data("floor", load_template("simple").workflow, "bench")
    paths = [
        write_store(folder / f"floor-{side}.json", tiny) for side in ("base", "ours", "theirs")
    ]
    merge, _, merge_wall = spawn(
        _child_command(
            args, "merge", folder / "floor-merge.json", "--merge-files", *map(str, paths)
        ),
        folder / "floor-merge.json",
    )
    floor["series"].update(merge["series"])
    if merge["series"]:
        floor["values"]["merge_process"] = merge_wall - merge["values"].get("inputs_written_s", 0)
    return floor


def run_benchmark(args: argparse.Namespace) -> int:
    from pstui.bench.report import machine_info, render

    started = time.perf_counter()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print(machine_info(), flush=True)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="pstui-bench-"))
    try:
        floor = measure_floor_process(args, workdir / "floor")
        largest = max(sizes)
        by_size = {
            size: measure_size(
                args, size, workdir / f"cards-{size}", floor if size == largest else None
            )
            for size in sizes
        }
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.perf_counter() - started
    print(render(by_size, floor, args), flush=True)
    print(f"\nThe benchmark took {elapsed:.0f} s.")
    if args.json:
        blob = {
            "sizes": {str(k): v for k, v in by_size.items()},
            "floor": floor,
            "seconds": elapsed,
        }
        args.json.write_text(json.dumps(blob, indent=1), encoding="utf-8")
    return 0


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
