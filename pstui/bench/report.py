"""The benchmark's table: each figure per store size, the floor, the ratio, the budget, pass/fail.

Printed as Markdown so it can go into the README as it is.
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FRAME = 1 / 60  # Textual refreshes at 60 Hz: one frame is the most a change may hold the UI
KEY_BUDGET = 0.030
SCREEN_BUDGET = 0.100  # opening any screen other than the board: key to painted
STANDUP_BUDGET = 0.150  # starting the standup with the news since yesterday: key to painted
MEMORY_BUDGET_KB = 200 * 1024


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile: the value 95% of the samples are at or below."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


# ----- the rows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    key: str  # a series name (seconds), or a value name when `value` is set
    floor_key: str | None
    budget: str = ""
    # Given (figure at the largest size, floor), whether the budget is met; None: no budget.
    check: Callable[[Any, Any], bool] | None = None
    value: str | None = None  # "s" or "kb": a single value, not a series
    first_only: bool = False  # a series of which only the first sample is the figure


def _p95_under(limit: float) -> Callable[[Any, Any], bool]:
    return lambda samples, _floor: p95(samples) < limit


def _first_paint_ok(samples: list[float], floor: list[float] | None) -> bool:
    """The median under 1 s and under twice the floor's median."""
    figure = median(samples)
    return figure < 1.0 and (floor is None or figure < 2 * median(floor))


def _under_kb(limit: int) -> Callable[[Any, Any], bool]:
    return lambda kb, _floor: kb < limit


ROWS = (
    Row(
        "start to first painted board, cold (store never opened, fresh process)",
        "first_paint",
        "first_paint",
        "< 1 s and < 2x floor",
        _first_paint_ok,
    ),
    Row(
        "start to first painted board, reopened (open index kept at the last close)",
        "first_paint_reopened",
        "first_paint_reopened",
        "< 1 s and < 2x floor",
        _first_paint_ok,
    ),
    Row(
        "process start to first painted board, as `pstui` starts (cold; the store read "
        "while Textual is imported)",
        "process_to_paint",
        "process_to_paint",
    ),
    Row("cursor key (j/k/h/l) to repaint", "cursor", "key", "p95 < 30 ms", _p95_under(KEY_BUDGET)),
    Row(
        "card move (K/J reorder + H/L stage) to repaint",
        "card_move",
        "key",
        "p95 < 30 ms",
        _p95_under(KEY_BUDGET),
    ),
    Row("  of which reorder K/J", "reorder", "key", "p95 < 30 ms", _p95_under(KEY_BUDGET)),
    Row("  of which stage move H/L", "stage_move", "key", "p95 < 30 ms", _p95_under(KEY_BUDGET)),
    Row(
        "cursor key while the store file is being written",
        "cursor_during_save",
        "key",
        "no UI stall: p95 < 30 ms",
        _p95_under(KEY_BUDGET),
    ),
    Row("filter keystroke to repainted board", "filter", "filter"),
    Row("open card detail (enter to painted)", "detail_open", "detail_open"),
    Row("back to the board (escape to repainted)", "detail_close", "detail_close"),
    Row(
        "open the risk register (R to painted)",
        "risks_open",
        "detail_open",
        "p95 < 100 ms",
        _p95_under(SCREEN_BUDGET),
    ),
    Row(
        "key in the risk register (j/k) to repaint",
        "risks_key",
        "key",
        "p95 < 30 ms",
        _p95_under(KEY_BUDGET),
    ),
    Row(
        "open the surveys with figures and trend (V to painted)",
        "surveys_open",
        "detail_open",
        "p95 < 100 ms",
        _p95_under(SCREEN_BUDGET),
    ),
    Row(
        "key in the surveys (j/k) to repaint",
        "surveys_key",
        "key",
        "p95 < 30 ms",
        _p95_under(KEY_BUDGET),
    ),
    Row(
        "keystroke in the lessons search to repainted matches",
        "lessons_key",
        "filter",
        "p95 < 100 ms",
        _p95_under(SCREEN_BUDGET),
    ),
    Row(
        "start the standup, news since yesterday (s to painted)",
        "standup_open",
        "detail_open",
        "p95 < 150 ms",
        _p95_under(STANDUP_BUDGET),
    ),
    Row(
        "next card in the standup (l) to repaint",
        "standup_step",
        "key",
        "p95 < 30 ms",
        _p95_under(KEY_BUDGET),
    ),
    Row(
        "one change: UI thread held (stall), first after load",
        "write_first",
        "write",
        "no UI stall (< 1 frame)",
        lambda s, _f: s[0] < FRAME,
        first_only=True,
    ),
    Row(
        "one change: UI thread held (stall), later ones",
        "write",
        "write",
        "no UI stall (< 1 frame)",
        _p95_under(FRAME),
    ),
    Row("one change until the store file holds it, first", "saved_first", "write", first_only=True),
    Row("one change until the store file holds it, later", "saved", "write"),
    Row("store changed on disk (as by a pull) until the board shows it", "reload", None),
    Row("  longest the UI thread could not run meanwhile (1 ms timer)", "reload_ui_wait", None),
    Row("merge driver: merge_files on two stores", "merge", "merge", "< 1 s", _p95_under(1.0)),
    Row("merge driver as a process (start to exit)", "merge_process", "merge_process", value="s"),
    Row(
        "memory: RSS after first paint",
        "rss_after_paint_kb",
        "rss_after_paint_kb",
        "< 200 MB",
        _under_kb(MEMORY_BUDGET_KB),
        value="kb",
    ),
    Row(
        "memory: peak RSS, whole session up to the reloads",
        "peak_rss_before_reload_kb",
        "peak_rss_kb",
        "< 200 MB",
        _under_kb(MEMORY_BUDGET_KB),
        value="kb",
    ),
    Row(
        "memory: peak RSS, whole session (while a changed store is reloaded)",
        "peak_rss_kb",
        "peak_rss_kb",
        "< 200 MB",
        _under_kb(MEMORY_BUDGET_KB),
        value="kb",
    ),
    Row(
        "memory: merge driver's peak RSS",
        "merge_peak_rss_kb",
        None,
        "< 200 MB",
        _under_kb(MEMORY_BUDGET_KB),
        value="kb",
    ),
)


# ----- formatting -------------------------------------------------------------------------------


def _seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"


def _lookup(results: dict[str, Any] | None, row: Row, key: str | None) -> Any:
    if results is None or key is None:
        return None
    if row.value:
        return results["values"].get(key)
    samples = results["series"].get(key) or None
    return samples[:1] if samples and row.first_only else samples


def _cell(row: Row, figure: Any) -> str:
    if figure is None:
        return "n/a"
    if row.value == "kb":
        return f"{figure / 1024:.0f} MB"
    if row.value == "s":
        return _seconds(figure)
    if len(figure) == 1:
        return _seconds(figure[0])
    return f"{_seconds(median(figure))} / p95 {_seconds(p95(figure))} (n={len(figure)})"


def _headline(row: Row, figure: Any) -> float:
    if row.value:
        return float(figure)
    return p95(figure) if row.budget.startswith("p95") else median(figure)


def _ratio(row: Row, figure: Any, floor: Any) -> str:
    if figure is None or floor is None:
        return ""
    base = _headline(row, floor)
    return f"{_headline(row, figure) / base:.1f}x" if base > 0 else ""


def _verdict(row: Row, figure: Any, floor: Any) -> str:
    if row.check is None:
        return ""
    if figure is None:
        return "n/a"
    return "pass" if row.check(figure, floor) else "FAIL"


def render(by_size: dict[int, dict[str, Any]], floor: dict[str, Any], args: Any) -> str:
    """The Markdown table, the store sizes, and what was measured how."""
    sizes = sorted(by_size)
    largest = sizes[-1]
    head = ["figure", *(f"{n:,} cards" for n in sizes), "floor", f"ratio ({largest:,})"]
    head += ["budget", "pass/fail"]
    lines = [_md_row(head), _md_row(["---"] * len(head))]
    for row in ROWS:
        figures = [_lookup(by_size[n], row, row.key) for n in sizes]
        floor_figure = _lookup(floor, row, row.floor_key)
        cells = [row.label, *(_cell(row, f) for f in figures), _cell(row, floor_figure)]
        cells += [_ratio(row, figures[-1], floor_figure), row.budget]
        cells.append(_verdict(row, figures[-1], floor_figure))
        lines.append(_md_row(cells))
    return "\n".join(["", *lines, "", *_store_lines(by_size), "", *_method_lines(by_size, args)])


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _store_lines(by_size: dict[int, dict[str, Any]]) -> list[str]:
    out = ["Stores (generated, deterministic from the seed):"]
    for size, results in sorted(by_size.items()):
        stats = results.get("store", {})
        records = ", ".join(f"{n:,} {table}" for table, n in stats.get("records", {}).items())
        out.append(
            f"- {size:,} cards: {stats.get('bytes', 0) / 1e6:.1f} MB; {records}; "
            f"generated in {stats.get('generate_s', 0):.1f} s"
        )
        reopened = len(results["series"].get("first_paint_reopened", []))
        if reopened:
            indexed = results["values"].get("reopened_indexed", 0)
            out.append(f"  reopened apps that found the open index: {indexed:.0f} of {reopened}")
        merged = results["values"].get("merge_merged_cards")
        if merged is not None:
            out.append(
                f"  merge: {merged:,.0f} cards in the result, "
                f"{results['values'].get('merge_merge_conflicts', 0):,.0f} conflict events"
            )
        out += [f"  note: {note}" for note in results.get("notes", [])]
    return out


def _method_lines(by_size: dict[int, dict[str, Any]], args: Any) -> list[str]:
    largest = by_size[max(by_size)]
    handler_share = []
    for phase in ("cursor", "reorder", "stage_move", "filter", "detail_close"):
        totals = largest["series"].get(phase)
        handlers = largest["series"].get(f"{phase}:handler")
        if totals and handlers:
            handler_share.append(
                f"{phase} {_seconds(median(handlers))} of {_seconds(median(totals))}"
            )
    return [
        "Key figures: median / p95 from the key event reaching the app to the end of the last "
        "frame it caused (Textual draws at most 60 frames a second: a second refresh within "
        "1/60 s waits for the next frame). Headless, 120x40, frames rendered to terminal bytes "
        "and dropped.",
        f"Cursor keys: {args.presses} presses. Card moves ({args.presses} presses, half K/J, half "
        f"H/L), filter, detail and writes stop after {args.cap:.0f} s if that comes first "
        "(n says how many).",
        "Time inside the key's handler at the largest size (median, of the total): "
        + ("; ".join(handler_share) or "n/a")
        + ".",
        "Writes: repo.cards.edit, the repository opened as the app opens it; 'held' is the time it keeps "
        "the calling thread (the UI thread, in the app), 'until the store file holds it' ends "
        "when nothing is left unsaved. Floor: one fsynced atomic write of a tiny store.",
        "Reloads: the last app of the session has the store file replaced by a copy with one "
        "title changed, written 1 MB at a time, and checks it at once; from the replace to the "
        "end of the board's frame. The session's peak RSS is then the reload's.",
    ]


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    for line in lines:
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def source_version() -> str:
    """The commit measured, and whether the working tree had changes on top of it."""
    import subprocess

    import pstui

    folder = Path(pstui.__file__).resolve().parent
    try:
        described = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        described = "not a git checkout"
    return f"pstui {pstui.__version__} ({described})"


def machine_info() -> str:
    import textual

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"Machine: {platform.platform()}, {cpu_model()}, "
        f"{os.cpu_count()} CPUs, load average {load}; Python {sys.version.split()[0]}, "
        f"Textual {textual.__version__}; {source_version()}"
    )
