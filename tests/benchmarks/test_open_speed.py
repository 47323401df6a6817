"""Saving, loading and opening a 10 MB, 100,000-annotation project, against bare Qt.

Run on demand: `QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/benchmarks -s`.
"""

from __future__ import annotations

import random

from PySide6.QtWidgets import QApplication

from annotator.core.model import Document, Project
from annotator.core.storage import load_project, save_project

from .measure import bare_qt, report, timed
from .test_review_speed import N, article, spans


def test_open_a_large_project(qapp, tmp_path):
    rng = random.Random(7)
    text = article(rng)
    project = Project(documents=[Document.from_text(text).model_copy(update={"annotations": spans(text, rng, 1)})])
    path = tmp_path / "big.annotator.json"
    results: dict[str, float] = {}

    bare_qt(text, results)
    timed("save (atomic)", lambda: save_project(project, path), results)
    timed("load and validate", lambda: load_project(path), results)

    from annotator.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    QApplication.processEvents()
    def open_and_show():
        window.open_path(path, ask_to_save=False)
        QApplication.processEvents()

    def select_one():
        window.panel.select_annotation(window.session.annotations[N // 2].id)
        QApplication.processEvents()

    timed("main window: open, show, highlight", open_and_show, results)
    timed("main window: select an annotation", select_one, results)
    window.session.undo_stack.setClean()
    window.close()
    report(f"{N:,} annotations, {len(text) / 1e6:.1f} MB of text, {path.stat().st_size / 1e6:.1f} MB file", results)
