"""Saving, loading and opening a 10 MB, 100,000-annotation project, against bare Qt.

Run on demand: `QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/benchmarks -s`.
"""

from __future__ import annotations

import random
import time

from PySide6.QtWidgets import QApplication, QPlainTextEdit

from annotator.core.model import Document, Project
from annotator.core.storage import load_project, save_project

from .test_review_speed import N, article, spans


def test_open_a_large_project(qapp, tmp_path):
    rng = random.Random(7)
    text = article(rng)
    project = Project(documents=[Document.from_text(text).model_copy(update={"annotations": spans(text, rng, 1)})])
    path = tmp_path / "big.annotator.json"
    results: dict[str, float] = {}

    began = time.perf_counter()
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.resize(1000, 800)
    view.setPlainText(text)
    view.show()
    QApplication.processEvents()
    results["bare QPlainTextEdit: set text and show"] = time.perf_counter() - began
    view.close()

    began = time.perf_counter()
    save_project(project, path)
    results["save (atomic)"] = time.perf_counter() - began
    began = time.perf_counter()
    load_project(path)
    results["load and validate"] = time.perf_counter() - began

    from annotator.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    QApplication.processEvents()
    began = time.perf_counter()
    window.open_path(path, ask_to_save=False)
    QApplication.processEvents()
    results["main window: open, show, highlight"] = time.perf_counter() - began
    began = time.perf_counter()
    window.panel.select_annotation(window.session.annotations[N // 2].id)
    QApplication.processEvents()
    results["main window: select an annotation"] = time.perf_counter() - began
    window.session.undo_stack.setClean()
    window.close()

    floor = results["bare QPlainTextEdit: set text and show"]
    print(f"\n{N:,} annotations, {len(text) / 1e6:.1f} MB of text, {path.stat().st_size / 1e6:.1f} MB file")
    for label, seconds in results.items():
        print(f"  {label:45} {seconds * 1000:8.0f} ms   {seconds / floor:6.1f} x bare Qt")
