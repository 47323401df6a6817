"""Every control can be found by a screen reader and explained by a tooltip; Tab goes round the
window in reading order; the window fits a 200% screen."""

from __future__ import annotations

import json
import subprocess
import sys

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
)

from .conftest import ROOT, SAMPLE

COLLEAGUE = ROOT / "projects" / "russian-bombers-iran.colleague.annotator.json"

CONTROLS = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


def controls(window):
    """The window's own controls: not Qt's parts of other widgets (header, clear button, the
    list inside a combo box, the toolbar's overflow arrow)."""
    found = []
    for kind in CONTROLS:
        found += [w for w in window.findChildren(kind) if w not in found]
    return [
        w for w in found
        if w.window() is window
        and not w.objectName().startswith("qt_")
        and not isinstance(w, QHeaderView)
        and not isinstance(w.parent(), (QLineEdit, QComboBox))
    ]


def unexplained(window) -> list[str]:
    buddies = {id(label.buddy()) for label in window.findChildren(QLabel) if label.buddy() is not None}
    problems = []
    for w in controls(window):
        text = w.text().replace("&", "").strip() if isinstance(w, QAbstractButton) else ""
        if not (w.accessibleName() or id(w) in buddies or text):
            problems.append(f"{type(w).__name__} {w.objectName()!r}: no accessible name")
        if isinstance(w, (QAbstractItemView, QPlainTextEdit, QTextEdit)):
            # a tooltip over a whole text or list would hide what it covers: a description instead
            if not (w.accessibleDescription() or w.toolTip()):
                problems.append(f"{type(w).__name__} {w.objectName()!r}: no description or tooltip")
            continue
        action = w.defaultAction() if isinstance(w, QToolButton) else None
        if not (w.toolTip() or (action is not None and action.toolTip())):
            problems.append(f"{type(w).__name__} {w.objectName()!r} {w.accessibleName()!r}: no tooltip")
    return problems


def test_every_control_of_the_main_window_is_named_and_explained(window):
    assert unexplained(window) == []  # the welcome page
    window.open_path(SAMPLE, ask_to_save=False)
    window.actions.find.trigger()  # the Find bar too
    assert unexplained(window) == []


def test_every_control_of_the_review_window_is_named_and_explained(window):
    window.open_path(SAMPLE, ask_to_save=False)
    review = window.start_review(COLLEAGUE)
    assert unexplained(review) == []
    review.session.undo_stack.setClean()
    review.close()


def test_tab_goes_from_the_article_through_the_list_to_the_details(window, qtbot):
    from PySide6.QtCore import Qt

    window.open_path(SAMPLE, ask_to_save=False)
    window.panel.select_annotation(window.session.annotations[0].id)  # the details are enabled
    window.view.setFocus()
    seen = []
    for _ in range(40):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        seen.append(window.focusWidget().objectName())
    order = [name for name in ("filterEdit", "annotationTable", "tagCombo", "noteEdit", "verdictCombo", "reasoningEdit", "speakerEdit") if name in seen]
    assert order == ["filterEdit", "annotationTable", "tagCombo", "noteEdit", "verdictCombo", "reasoningEdit", "speakerEdit"]
    assert seen.index("filterEdit") < seen.index("annotationTable") < seen.index("tagCombo") < seen.index("noteEdit")
    assert "documentView" in seen  # and round again to the article


def test_the_window_fits_a_screen_at_200_percent(tmp_path):
    """At 200% a 2560x1600 laptop screen is 1280x800 logical pixels: the window must fit."""
    script = (
        "import json, os\n"
        "from annotator.ui.app import application\n"
        "from annotator.ui.main_window import MainWindow\n"
        "app = application()\n"
        "w = MainWindow(); w.show(); w.open_path(os.environ['SAMPLE'], ask_to_save=False); app.processEvents()\n"
        "hint = w.minimumSizeHint()\n"
        "print(json.dumps([app.devicePixelRatio(), hint.width(), hint.height()]))\n"
        "w.session.undo_stack.setClean()\n"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2", "SAMPLE": str(SAMPLE),
           "XDG_CONFIG_HOME": str(tmp_path), "ANNOTATOR_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, check=True).stdout
    ratio, width, height = json.loads(out.strip().splitlines()[-1])
    assert ratio == 2
    assert width <= 1280 and height <= 800, (width, height)
