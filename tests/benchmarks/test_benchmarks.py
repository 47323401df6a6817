"""The speed targets, on demand: ``QT_QPA_PLATFORM=offscreen pytest tests/benchmarks -s``.

The measuring lives in ``annotator.benchmarks`` (``python -m annotator.benchmarks``); this
runs its quick set under pytest and prints its lines. No time is asserted: a shared machine's
noise would make such a test fail at random. What is checked is that every target was
measured, with its baseline from the same run.
"""

from __future__ import annotations

from annotator.benchmarks.__main__ import run


def test_every_target_is_measured_against_its_baseline(qapp):
    lines: list[str] = []
    verdicts = run(quick=True, repeat=5, out=lines.append)
    print("\n" + "\n".join(lines))
    assert {v.target for v in verdicts} == {"1", "2", "3", "4", "5", "6", "7", "16", "17", "19"}
    assert all(v.ratio > 0 for v in verdicts)
