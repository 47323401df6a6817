"""A review window's life: closing it frees it, and the agreement worker can't hold it or hang."""

from __future__ import annotations

import logging
import weakref

from PySide6.QtCore import Qt

from annotator.core.model import Decision

from .conftest import SAMPLE
from .test_gui_review import COLLEAGUE, flush_deletes, start


def test_closed_review_windows_are_freed(window, qtbot):
    assert window.open_path(SAMPLE, ask_to_save=False)
    refs = []
    for n in range(3):
        review = start(qtbot, window)
        refs.append({
            "window": weakref.ref(review), "session": weakref.ref(review.session),
            "model": weakref.ref(review.model), "filter": weakref.ref(review.proxy),
        })
        if n == 1:  # one of them has its numbers worked out and shown before it is closed
            qtbot.waitUntil(lambda: "kappa" in review.agreement_label.text())
        qtbot.keyClick(review.table, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)  # Close Review, nothing to ask
        assert not review.isVisible()
        del review
    flush_deletes(qtbot)
    assert window.review_windows == []
    alive = [(n, name) for n, group in enumerate(refs) for name, ref in group.items() if ref() is not None]
    assert alive == []


def test_a_failed_agreement_says_why(window, qtbot, monkeypatch, caplog):
    import annotator.ui.review_session as review_session

    def broken(*_args):
        raise ZeroDivisionError("no characters to compare")

    monkeypatch.setattr(review_session, "agreement", broken)
    assert window.open_path(SAMPLE, ask_to_save=False)
    with caplog.at_level(logging.ERROR):
        review = window.start_review(COLLEAGUE)
        qtbot.waitUntil(lambda: review.agreement_label.text() != "Computing agreement…")
    assert review.agreement_label.text() == "Agreement could not be computed: no characters to compare"
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged and logged[0].exc_info and logged[0].exc_info[0] is ZeroDivisionError
    # the rest of the review still works
    review.table.setFocus()
    qtbot.keyClick(review.table, Qt.Key.Key_F8)
    qtbot.keyClick(review.table, Qt.Key.Key_M)
    assert any(d.decision == Decision.KEPT_MINE for d in review.session.decisions[0].values())
    review.session.undo_stack.setClean()
    review.close()
