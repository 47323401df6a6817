"""Repeated timing, and the one-line verdict printed for each target."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Seconds taken by each repetition of one operation."""

    runs: tuple[float, ...]

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def __str__(self) -> str:
        return f"{_seconds(self.best)}/{_seconds(self.median)}"


def _seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def measure(operation: Callable[[], object], repeat: int, before: Callable[[], object] | None = None) -> Timing:
    """Time ``operation`` ``repeat`` times; ``before`` runs untimed ahead of each repetition.

    Garbage from earlier runs is collected first so that no run pays for another's.
    """
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        gc.collect()
        began = time.perf_counter()
        operation()
        runs.append(time.perf_counter() - began)
    return Timing(tuple(runs))


@dataclass(frozen=True)
class Verdict:
    """One target's outcome: our measurement against its baseline, and the limit on their ratio."""

    target: str
    what: str
    ours: str
    baseline: str
    ratio: float
    limit: float

    @property
    def met(self) -> bool:
        return self.ratio <= self.limit

    def line(self) -> str:
        verdict = "MET" if self.met else "MISSED"
        return f"{self.target} {self.what:<50} {self.ours:>20} vs {self.baseline:<27} {self.ratio:5.2f}x <= {self.limit:g}x {verdict}"


def compare(target: str, what: str, ours: Timing, baseline: Timing, limit: float) -> Verdict:
    """Ratio of the best runs: the least disturbed measurement of each on a noisy machine."""
    return Verdict(target, what, str(ours), str(baseline), ours.best / baseline.best, limit)
