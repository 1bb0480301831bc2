"""What a measurement hands back: samples per figure, single values, notes; and process memory."""

from __future__ import annotations

import resource
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Results:
    """Seconds per figure (lists of samples), plus single values (memory in KB, counts)."""

    series: dict[str, list[float]] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, samples: list[float]) -> None:
        self.series.setdefault(name, []).extend(samples)

    def to_json(self) -> dict[str, Any]:
        return {"series": self.series, "values": self.values, "notes": self.notes}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Results:
        return cls(dict(raw["series"]), dict(raw["values"]), list(raw["notes"]))


def peak_rss_kb() -> int:
    """This process's peak resident set so far, in KB.

    VmHWM, not ru_maxrss: on Linux a child started with fork+exec inherits the parent's RSS at
    the fork as its ru_maxrss, so a child of a process holding a generated 10,000-card store
    would report that store's memory as its own.
    """
    hwm = _proc_status_kb("VmHWM")
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def current_rss_kb() -> int:
    rss = _proc_status_kb("VmRSS")
    return rss if rss is not None else peak_rss_kb()


def _proc_status_kb(field: str) -> int | None:
    try:
        lines = Path("/proc/self/status").read_text(encoding="ascii").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return None
