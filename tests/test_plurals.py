"""Messages built with a count say "1 annotation", not "1 annotations" or "1 annotation(s)"."""

from __future__ import annotations

import re
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.cli import main
from annotator.core.errors import FileProblemError, Problem
from annotator.core.model import Tag
from annotator.core.storage import save_project
from annotator.core.wording import plural, quoted
from annotator.ui import dialogs
from annotator.ui.orphans import OrphansPanel

from .conftest import on_next_dialog
from .factories import annotation, project

TEXT = "Officials said the base was used. Critics doubt it."
WRONG = re.compile(r"\b1 \w+s\b|\(s\)")  # "1 annotations", "annotation(s)"


def one_annotation():
    return project(TEXT, [(0, 33, Tag.CLAIM)])


def test_plural_and_quoted():
    assert [plural(n, "annotation") for n in (0, 1, 2)] == ["0 annotations", "1 annotation", "2 annotations"]
    assert plural(1, "more problem") == "1 more problem"
    assert plural(3, "child", "children") == "3 children"
    assert quoted("base") == "“base”"
    for already in ("“I am standing,”", "\"Yes\"", "«Non»", "„Ja“", "the minister said “no”"):
        assert quoted(already) == already


def test_validate_and_stats_say_1_annotation(tmp_path, capsys):
    path = tmp_path / "one.annotator.json"
    save_project(one_annotation(), path)
    assert main(["validate", str(path)]) == 0
    assert main(["stats", str(path)]) == 0
    out = capsys.readouterr().out
    assert "(1 document, 1 annotation)" in out
    assert f"{path}: 1 annotation\n" in out
    assert not WRONG.search(out), out


def test_one_more_problem():
    error = FileProblemError("x.json", [Problem(f"line {n}", "wrong") for n in range(4)])
    assert error.describe(limit=3).endswith("… and 1 more problem")


def test_the_restore_question_says_1_annotation(qtbot):
    recovery = SimpleNamespace(project=one_annotation(), recovery_of=None, saved_at=None)
    seen = []

    def answer(box):
        seen.append(box.informativeText())
        box.button(QMessageBox.StandardButton.Ignore).click()

    on_next_dialog(answer)
    dialogs.ask_restore(None, recovery)
    assert seen and "has 1 annotation." in seen[0]


def test_orphans_panel_says_1_annotation(qtbot):
    panel = OrphansPanel()
    qtbot.addWidget(panel)
    doc = one_annotation().documents[0]
    doc.orphans = [annotation(TEXT, 34, 51, Tag.CLAIM, 7)]
    panel.show_document(doc)
    assert panel.summary.text().startswith("1 annotation lost its text when the article was updated. It is kept here")
    assert not WRONG.search(panel.summary.text())


def test_review_summary_says_1_item(window, qtbot, tmp_path):
    mine = one_annotation()
    theirs = project(TEXT, [])
    save_project(mine, tmp_path / "mine.annotator.json")
    save_project(theirs, tmp_path / "theirs.annotator.json")
    assert window.open_path(tmp_path / "mine.annotator.json", ask_to_save=False)
    review = window.start_review(tmp_path / "theirs.annotator.json")
    qtbot.addWidget(review, before_close_func=lambda w: w.session.undo_stack.setClean())
    assert review.summary.text().startswith("1 item · 1 difference undecided")
    review.activateWindow()
    qtbot.waitUntil(lambda: review.isActiveWindow())
    review.table.setFocus()
    qtbot.keyClick(review.table, Qt.Key.Key_F8)
    qtbot.keyClick(review.table, Qt.Key.Key_M)
    assert review.summary.text().startswith("1 item · 0 differences undecided")
    assert not WRONG.search(review.summary.text())
