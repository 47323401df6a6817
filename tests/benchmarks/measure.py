"""Timing helpers for the benchmarks: the bare-Qt baseline, timing a step, the printed report."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication, QPlainTextEdit

BASELINE = "bare QPlainTextEdit: set text and show"


def timed(label: str, fn, results: dict[str, float]):
    """Run ``fn``, record its wall time under ``label``, and return what it returned."""
    began = time.perf_counter()
    value = fn()
    results[label] = time.perf_counter() - began
    return value


def bare_qt(text: str, results: dict[str, float]) -> None:
    """The floor every ratio is taken against: Qt showing the same text with nothing of ours."""

    def show():
        view = QPlainTextEdit()
        view.setReadOnly(True)
        view.resize(1000, 800)
        view.setPlainText(text)
        view.show()
        QApplication.processEvents()
        return view

    timed(BASELINE, show, results).close()


def report(heading: str, results: dict[str, float]) -> None:
    floor = results[BASELINE]
    print(f"\n{heading}")
    for label, seconds in results.items():
        print(f"  {label:50} {seconds * 1000:8.0f} ms   {seconds / floor:6.1f} x bare Qt")
