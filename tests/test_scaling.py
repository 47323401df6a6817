"""Costs that must not grow with the project: checked by counting work, never by timing.

The timed comparisons are in ``python -m annotator.benchmarks``; these tests make sure, in
every run, that one edit touches one row of the list, that opening asks Python about no row
of the list and indexes only the places on screen, and that the quick load path is taken.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.benchmarks import corpus
from annotator.core import fast_load
from annotator.core.annotation_set import BUCKET
from annotator.core.model import Tag
from annotator.core.storage import save_project
from annotator.ui.annotation_model import AnnotationFilter

COUNT = 3_000
SIZE = 300_000


@pytest.fixture(scope="module")
def big_project(tmp_path_factory):
    path = tmp_path_factory.mktemp("scaling") / "big.annotator.json"
    save_project(corpus.project(SIZE, COUNT), path)
    return path


class ModelSignals:
    """Every change a Qt model announces, as (signal, first row, last row)."""

    def __init__(self, model) -> None:
        self.seen: list[tuple[str, int, int]] = []
        model.rowsInserted.connect(lambda _p, a, b: self.seen.append(("inserted", a, b)))
        model.rowsRemoved.connect(lambda _p, a, b: self.seen.append(("removed", a, b)))
        model.dataChanged.connect(lambda tl, br, _roles=(): self.seen.append(("changed", tl.row(), br.row())))
        model.modelReset.connect(lambda: self.seen.append(("reset", 0, -1)))
        model.layoutChanged.connect(lambda *_: self.seen.append(("layout", 0, -1)))


def test_opening_asks_python_about_no_row_and_indexes_only_the_screen(window, qtbot, big_project, monkeypatch):
    calls = []
    original = AnnotationFilter.filterAcceptsRow
    monkeypatch.setattr(AnnotationFilter, "filterAcceptsRow", lambda self, *a: calls.append(1) or original(self, *a))
    window.resize(1200, 800)
    assert window.open_path(big_project, ask_to_save=False)
    qtbot.waitUntil(lambda: len(window.session.annotations._buckets) > 0)  # highlighted
    qtbot.wait(50)
    assert window.panel.table.model().rowCount() == COUNT
    assert calls == []
    assert len(window.session.annotations._buckets) < 0.1 * SIZE / BUCKET  # the screen's, not all
    # a filter, once on, does ask about every row: that is its job
    window.panel.tag_buttons[Tag.CLAIM].click()
    assert len(calls) >= COUNT and 0 < window.panel.table.model().rowCount() < COUNT


def test_one_edit_touches_one_row_of_the_list(window, qtbot, big_project):
    window.open_path(big_project, ask_to_save=False)
    model = window.panel.model
    text = window.session.document.text
    start = text.index(" ", SIZE // 2) + 1
    end = text.index(" ", start + 5)
    window.view.select_span(start, end)
    signals = ModelSignals(model)
    buckets_before = len(window.session.annotations._buckets)

    qtbot.keyClick(window.view, Qt.Key.Key_1)  # tag as claim
    added = window.panel.current_annotation()
    assert added is not None and (added.start, added.end) == (start, end)
    row = window.session.annotations.row_of(added)
    assert signals.seen == [("inserted", row, row)]

    signals.seen.clear()
    combo = window.panel.tag_combo
    combo.setCurrentIndex(combo.findData(Tag.SOURCE))
    combo.activated.emit(combo.currentIndex())
    assert signals.seen == [("changed", row, row)]

    signals.seen.clear()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert signals.seen == [("changed", row, row), ("removed", row, row)]
    assert len(window.session.annotations) == COUNT
    assert len(window.session.annotations._buckets) - buckets_before < 5  # no index rebuilt


def test_a_saved_large_project_takes_the_quick_load_path(big_project, monkeypatch):
    from annotator.core import storage

    careful = []
    monkeypatch.setattr(storage, "_parse_carefully", lambda *a: careful.append(1))
    project = storage.load_project(big_project)
    assert careful == [] and len(project.documents[0].annotations) == COUNT
    assert fast_load.parse_current(big_project.read_bytes()) == project
