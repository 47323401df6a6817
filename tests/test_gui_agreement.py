"""View ▸ Agreement: add a colleague's file, wait for the numbers, and check them against the core."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QPushButton

from annotator.agreement_command import as_text
from annotator.core.agreement_multi import agreement_of_inputs

from .conftest import ROOT, SAMPLE, on_next_dialog

COLLEAGUE = ROOT / "projects" / "russian-bombers-iran.colleague.annotator.json"


def open_agreement(window):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    action = next(a for a in view_menu.actions() if a.text() == "&Agreement…")
    action.trigger()
    return window.agreement_dialog


def choose(paths):
    def handler(dialog: QFileDialog) -> None:
        dialog.selectFile(" ".join(f'"{p}"' for p in paths) if len(paths) > 1 else str(paths[0]))
        dialog.accept()

    return handler


def cells(table, row):
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_agreement_with_a_colleague(qtbot, window):
    assert window.open_path(SAMPLE, ask_to_save=False)
    dialog = open_agreement(window)
    assert dialog.isVisible() and not dialog.copy.isEnabled()
    on_next_dialog(choose([COLLEAGUE]), kind=QFileDialog)
    qtbot.mouseClick(dialog.findChild(QPushButton, "addFiles"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=20_000)

    expected, problems = agreement_of_inputs([SAMPLE, COLLEAGUE])
    assert not problems
    overall = expected.overall[None]
    assert cells(dialog.overall, 0) == ["Overall", f"{overall.fleiss:.3f}", f"{overall.alpha:.3f}", f"{overall.characters:,}", f"{overall.complete:,}"]
    pair = expected.pairs[(0, 1)]
    dialog.measure.setCurrentIndex(2)  # Cohen's kappa
    assert cells(dialog.pairs, 0)[2] == f"{pair.kappa[None]:.3f}" and cells(dialog.pairs, 1)[1] == f"{pair.kappa[None]:.3f}"
    dialog.measure.setCurrentIndex(3)  # verdicts: the kappa and the claims both rated, or "too few"
    v = pair.verdicts
    said = f"{v.kappa:.3f} ({v.rated})" if v.enough else f"too few ({v.rated})"
    assert cells(dialog.pairs, 0)[2] == said and cells(dialog.pairs, 1)[1] == said
    dialog.measure.setCurrentIndex(1)  # overlap F1
    assert cells(dialog.pairs, 0)[2] == f"{pair.overlap[None].f1:.3f}"
    assert cells(dialog.articles, 0)[1:4] == ["AB", f"{expected.articles[0].chance[None].fleiss:.3f}", f"{expected.articles[0].chance[None].alpha:.3f}"]
    assert dialog.data["annotators"][1]["name"] == "Alex Reviewer (sample)"

    dialog.copy.click()
    copied = QGuiApplication.clipboard().text()
    assert copied == as_text(dialog.data) and f"{overall.alpha:.3f}" in copied
    assert "Verdicts: Cohen's kappa over the claims both rated" in copied


def test_unreadable_file_is_named(qtbot, window, tmp_path):
    broken = tmp_path / "broken.annotator.json"
    broken.write_text("{", encoding="utf-8")
    assert window.open_path(SAMPLE, ask_to_save=False)
    dialog = open_agreement(window)
    dialog.add_inputs([broken])
    qtbot.waitUntil(lambda: "Nothing to compare" in dialog.status.text(), timeout=20_000)
    assert "broken.annotator.json" in dialog.status.text() and dialog.data is None
    dialog.add_inputs([COLLEAGUE])  # the list changes: computed again, the broken file still named
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=20_000)
    assert "Not used: broken.annotator.json" in dialog.status.text()
    dialog.people.setCurrentRow(1)
    dialog.remove_selected()
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=20_000)
    assert "Not used" not in dialog.status.text() and len(dialog.data["annotators"]) == 2


def test_needs_an_open_project(window):
    open_agreement_action = next(a for m in window.menuBar().actions() if m.menu() for a in m.menu().actions() if a.text() == "&Agreement…")
    open_agreement_action.trigger()
    assert getattr(window, "agreement_dialog", None) is None
    assert "Open a project first" in window.statusBar().currentMessage()
