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
    """The process's peak resident set so far (ru_maxrss is in KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def current_rss_kb() -> int:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return peak_rss_kb()
    return pages * resource.getpagesize() // 1024
