"""File ▸ Publishing Details… and the Export dialog's question when a ClaimReview lacks them,
driven with key presses and clicks."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLineEdit

from annotator.core.formats import formats
from annotator.core.model import Publisher, Tag
from annotator.core.recovery import find_recoveries
from annotator.core.storage import load_project
from annotator.ui.publishing_dialog import PublishingDialog

from .conftest import on_next_dialog
from .gui_helpers import open_sample_copy, tag_add_interest

PAGE = "https://checks.example.org/2016/russian-bombers"
ORG_URL = "https://checks.example.org/"


def fill(qtbot, dialog: PublishingDialog, name: str, text: str) -> None:
    """Select what the field holds and type over it, as a person would."""
    edit = dialog.findChild(QLineEdit, f"publisher_{name}")
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


def fill_all(qtbot, dialog: PublishingDialog, seen: dict) -> None:
    """Type a bad page URL first: the dialog must say so and keep OK disabled; then fix it."""
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    fill(qtbot, dialog, "organization", "Example Checks")
    fill(qtbot, dialog, "organization_url", ORG_URL)
    fill(qtbot, dialog, "page_url", "checks.example.org/2016")
    seen["problem"] = dialog.problems["page_url"].text() if dialog.problems["page_url"].isVisibleTo(dialog) else ""
    seen["ok while invalid"] = ok.isEnabled()
    fill(qtbot, dialog, "page_url", PAGE)
    seen["ok when valid"] = ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def claimreview_filter() -> str:
    fmt = formats()["claimreview"]
    return f"{fmt.title} (*{fmt.extension})"


def test_publishing_details_are_set_in_the_dialog_undone_saved_and_exported(window, qtbot, tmp_path, monkeypatch):
    path = open_sample_copy(window, tmp_path)
    tag_add_interest(qtbot, window)
    assert window.file_guard.flush()  # the recovery snapshot: what follows goes to its journal
    seen: dict = {}
    on_next_dialog(lambda d: fill_all(qtbot, d, seen), kind=PublishingDialog)
    window.actions.publishing.trigger()
    assert seen["problem"].startswith("Fact-check page must be a web address") and "http" in seen["problem"]
    assert seen["ok while invalid"] is False and seen["ok when valid"] is True
    expected = Publisher(organization="Example Checks", organization_url=ORG_URL, page_url=PAGE)
    assert window.session.project.metadata.publisher == expected and window.isWindowModified()

    # the unsaved details reach the recovery file (its journal holds documents only)
    assert window.file_guard.flush()
    (recovery,), _ = find_recoveries()
    assert recovery.project.metadata.publisher == expected

    # one undoable step
    assert window.actions.undo.text() == "&Undo Edit publishing details"
    window.activateWindow()  # back from the dialog, as a click on the window would
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.project.metadata.publisher == Publisher()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.session.project.metadata.publisher == expected

    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert load_project(path).metadata.publisher == expected and not window.isWindowModified()

    target = tmp_path / "checks"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), claimreview_filter()))
    window.actions.export.trigger()  # complete: no question
    reviews = json.loads((tmp_path / "checks.claimreview.json").read_bytes())
    rated = [a for a in load_project(path).documents[0].annotations if a.tag == Tag.CLAIM and a.verdict]
    assert len(reviews) == len(rated) > 4 and {r["url"] for r in reviews} == {PAGE}
    assert all(r["author"] == {"@type": "Organization", "name": "Example Checks", "url": ORG_URL} for r in reviews)
    assert not any("creativeWorkStatus" in r for r in reviews)


def test_export_without_details_offers_the_dialog_then_exports(window, qtbot, tmp_path, monkeypatch):
    open_sample_copy(window, tmp_path)
    seen: dict = {}
    asked = []

    def set_details(box) -> None:
        asked.append(box.text())
        on_next_dialog(lambda d: fill_all(qtbot, d, seen), kind=PublishingDialog)
        qtbot.mouseClick(box.findChild(type(box.buttons()[0]), "setDetailsButton"), Qt.MouseButton.LeftButton)

    on_next_dialog(set_details)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "checks"), claimreview_filter()))
    window.actions.export.trigger()
    assert "the fact-check page URL, the organisation's name and the organisation's URL" in asked[0]
    reviews = json.loads((tmp_path / "checks.claimreview.json").read_bytes())
    assert {r["url"] for r in reviews} == {PAGE} and not any("creativeWorkStatus" in r for r in reviews)


def test_export_without_details_as_a_draft_or_not_at_all(window, qtbot, tmp_path, monkeypatch):
    open_sample_copy(window, tmp_path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "checks"), claimreview_filter()))
    on_next_dialog(lambda box: box.reject())  # Cancel (Escape): nothing written
    window.actions.export.trigger()
    assert not (tmp_path / "checks.claimreview.json").exists()

    on_next_dialog(lambda box: qtbot.mouseClick(box.findChild(type(box.buttons()[0]), "exportDraftButton"), Qt.MouseButton.LeftButton))
    window.actions.export.trigger()
    reviews = json.loads((tmp_path / "checks.claimreview.json").read_bytes())
    assert reviews and all(r["creativeWorkStatus"] == "Draft" and "url" not in r for r in reviews)
    assert not window.isWindowModified()  # exporting changed nothing in the project


def test_the_html_report_asks_nothing(window, qtbot, tmp_path, monkeypatch):
    open_sample_copy(window, tmp_path)
    html = formats()["html"]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "report"), f"{html.title} (*{html.extension})"))
    window.actions.export.trigger()  # a question here would block: on_next_dialog is not waiting for one
    assert (tmp_path / "report.html").exists()
