"""A folder of articles in the main window, driven as a person would: open it, filter, move
through the articles by keyboard, set statuses, add a folder of mixed files, search and jump,
and files changed behind the app's back."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from annotator.core.model import Status, Tag
from annotator.core.storage import dump_bytes, load_project
from annotator.ui.bulk_import_dialog import ImportReport
from annotator.ui.workspace_model import CURRENT_MARK, STATUS, TITLE

from .conftest import ARTICLE, on_next_dialog
from .gui_helpers import click_row, drag_select
from .test_accessibility import unexplained
from .test_article_formats import PAGE
from .test_workspace import make

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def text(topic: str) -> str:
    return (f"{topic} was discussed at length on Monday. The harbour authority said the plan would be ready soon. "
            f"Critics of the {topic} plan said the costs were far too high for the town to bear.")


@pytest.fixture
def desk(tmp_path) -> Path:
    """Four articles and a broken file: alpha (new), beta (done, a note about the harbour),
    gamma (in progress, a quote), delta (new)."""
    folder = tmp_path / "desk"
    (folder / "sub").mkdir(parents=True)

    def put(name: str, project) -> None:
        (folder / name).write_bytes(dump_bytes(project))

    put("alpha.annotator.json", make(text("Alpha bridge"), [("Alpha bridge", "", Tag.CLAIM)], title="Alpha bridge"))
    put("beta.annotator.json", make("Beta tunnel opened. The mayor spoke.", [("The mayor spoke", "check the harbour minutes", Tag.CLAIM)],
                                   title="Beta tunnel", status=Status.DONE, assignee="Bo", author="Cy"))
    put("sub/gamma.annotator.json", make(text("Gamma road"), [("The harbour authority said", "", Tag.QUOTE)], title="Gamma road",
                                         status=Status.IN_PROGRESS))
    put("delta.annotator.json", make("Delta park was closed for the winter, officials said on Tuesday.", title="Delta park"))
    (folder / "broken.annotator.json").write_text("{ not json", encoding="utf-8")
    return folder


def open_desk(window, qtbot, monkeypatch, folder: Path) -> None:
    """File ▸ Open Folder (Ctrl+Shift+O), then wait for the list to be read."""
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL | SHIFT)
    controller = window.workspace
    qtbot.waitUntil(lambda: controller.refreshes >= 1 and not controller._refreshing)
    assert window.workspace.dock.isVisible()


def activate(qtbot, window) -> None:
    """After a dialog: the window active again, so that its shortcuts work."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def titles(window) -> list[str]:
    proxy = window.workspace.panel.proxy
    return [proxy.index(r, TITLE).data().removeprefix(CURRENT_MARK) for r in range(proxy.rowCount())]


def choose(qtbot, combo, label: str) -> None:
    """Pick a combo box entry with the arrow keys, as from the keyboard."""
    combo.setFocus()
    target = combo.findText(label)
    assert target >= 0, label
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def test_open_a_folder_lists_every_article_and_filters(window, qtbot, monkeypatch, desk):
    open_desk(window, qtbot, monkeypatch, desk)
    panel = window.workspace.panel
    shown = titles(window)
    assert [t for t in shown if not t.startswith("⚠")] == ["Alpha bridge", "Beta tunnel", "Delta park", "Gamma road"]  # by title
    [broken] = [t for t in shown if t.startswith("⚠")]
    assert broken.startswith("⚠ broken.annotator.json:") and "JSON" in broken  # shown with its problem, not hidden
    assert panel.progress.text() == "1 of 5 done"
    assert unexplained(window) == []

    choose(qtbot, panel.status_combo, "Not done")
    qtbot.waitUntil(lambda: titles(window) == ["Alpha bridge", "Delta park", "Gamma road"])
    assert panel.progress.text() == "1 of 5 done · 3 shown"
    choose(qtbot, panel.tag_combo, "Has quote")
    qtbot.waitUntil(lambda: titles(window) == ["Gamma road"])
    choose(qtbot, panel.status_combo, "Any status")
    choose(qtbot, panel.tag_combo, "Any tag")
    choose(qtbot, panel.person_combo, "Bo")  # assigned to Bo
    qtbot.waitUntil(lambda: titles(window) == ["Beta tunnel"])
    choose(qtbot, panel.person_combo, "Anyone")
    qtbot.keyClicks(panel.filter_edit, "park")
    qtbot.waitUntil(lambda: titles(window) == ["Delta park"])
    panel.filter_edit.clear()
    qtbot.waitUntil(lambda: len(titles(window)) == 5)

    header = panel.table.horizontalHeader()  # sort by status: the broken file, new, new, in progress, done
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(STATUS) + 10, 5))
    statuses = [panel.proxy.index(r, STATUS).data() for r in range(5)]
    assert statuses in (["Can't open", "New", "New", "In progress", "Done"], ["Done", "In progress", "New", "New", "Can't open"])


def test_the_keyboard_moves_through_articles_saving_without_a_question(window, qtbot, monkeypatch, desk):
    open_desk(window, qtbot, monkeypatch, desk)
    panel = window.workspace.panel
    click_row(qtbot, panel.table, 0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # Enter opens the article
    alpha = desk / "alpha.annotator.json"
    assert window.session.path == alpha.resolve()
    assert titles(window)[0] == CURRENT_MARK.strip() + " Alpha bridge" or panel.model.current == alpha.resolve()
    assert panel.proxy.index(0, TITLE).data().startswith(CURRENT_MARK)

    drag_select(qtbot, window.view, "harbour authority")
    qtbot.keyClick(window.view, "1")
    assert window.session.is_modified
    qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL)  # saved to its file, no question asked
    beta = (desk / "beta.annotator.json").resolve()
    assert window.session.path == beta and not window.session.is_modified
    assert [a.quote.exact for a in load_project(alpha).documents[0].annotations] == ["Alpha bridge", "harbour authority"]
    assert panel.model.current == beta
    qtbot.waitUntil(lambda: panel.model.summary(panel.model.row_of(alpha.resolve())).counts == {Tag.CLAIM: 2})

    qtbot.keyClick(window.view, Qt.Key.Key_PageUp, CTRL)  # from the article itself too
    assert window.session.path == alpha.resolve()
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_PageDown, CTRL)  # and from the list
    assert window.session.path == beta
    qtbot.keyClick(window, Qt.Key.Key_PageUp, CTRL)
    assert window.session.path == alpha.resolve()
    qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL | SHIFT)  # the next not done: beta is done, delta is next
    assert window.session.path == (desk / "delta.annotator.json").resolve()
    qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL | SHIFT)
    assert window.session.path == (desk / "sub" / "gamma.annotator.json").resolve()
    qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL)  # the broken file is passed over: nothing after gamma
    assert window.session.path == (desk / "sub" / "gamma.annotator.json").resolve()
    assert "No article after" in window.statusBar().currentMessage()


def test_a_failed_save_on_switching_is_the_only_question(window, qtbot, monkeypatch, desk):
    open_desk(window, qtbot, monkeypatch, desk)
    alpha = desk / "alpha.annotator.json"
    window.workspace.switch_to(alpha.resolve())
    drag_select(qtbot, window.view, "harbour authority")
    qtbot.keyClick(window.view, "2")
    before = alpha.read_bytes()
    alpha.chmod(stat.S_IRUSR)  # read-only: the save is refused
    seen = on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Cancel).click(), kind=QMessageBox)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL)
    assert seen and seen[0].objectName() == "switchSaveFailedBox" and "read-only" in seen[0].informativeText()
    assert window.session.path == alpha.resolve() and window.session.is_modified  # Cancel: stay, keep the work
    activate(qtbot, window)
    on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Discard).click(), kind=QMessageBox)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL)
    assert window.session.path == (desk / "beta.annotator.json").resolve()
    assert alpha.read_bytes() == before
    alpha.chmod(stat.S_IRUSR | stat.S_IWUSR)


def _answer_popup(action_text: str) -> list[str]:
    """Trigger the entry of the next popup menu whose text starts with ``action_text``."""
    seen: list[str] = []

    def poll(left: int = 200) -> None:
        menu = QApplication.activePopupWidget()
        if menu is None:
            if left:
                QTimer.singleShot(10, lambda: poll(left - 1))
            return
        menu.close()  # whatever happens, a popup left open would hold the test
        action = next((a for a in menu.actions() if a.text().startswith(action_text)), None)
        seen.append(action.text() if action is not None else f"not in the menu: {[a.text() for a in menu.actions()]}")
        if action is not None:
            action.trigger()

    QTimer.singleShot(0, poll)
    return seen


def test_statuses_from_the_menu_and_from_the_list(window, qtbot, monkeypatch, desk):
    open_desk(window, qtbot, monkeypatch, desk)
    panel = window.workspace.panel
    delta = (desk / "delta.annotator.json").resolve()
    window.workspace.switch_to(delta)
    assert window.workspace.status_button.text() == "New"
    window.actions.status_in_progress.trigger()  # Edit ▸ Article Status ▸ In Progress
    assert window.workspace.status_button.text() == "In progress" and window.session.is_modified
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)  # one undoable step
    assert window.session.project.documents[0].status == Status.NEW and window.workspace.status_button.text() == "New"
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)
    on_next_dialog(lambda d: (d.setTextValue("Dee"), d.accept()), kind=QInputDialog)
    window.actions.assign_to.trigger()
    assert window.workspace.status_button.text() == "In progress · assigned to Dee"
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    saved = load_project(delta).documents[0]
    assert (saved.status, saved.assignee) == (Status.IN_PROGRESS, "Dee")
    qtbot.waitUntil(lambda: panel.model.summary(panel.model.row_of(delta)).status == Status.IN_PROGRESS)

    # From the list: alpha and beta (not open) reviewed at once, and delta (open) done.
    table = panel.table
    click_row(qtbot, table, 0)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, CTRL, table.visualRect(panel.proxy.index(1, 1)).center())
    delta_row = titles(window).index("Delta park")
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, CTRL, table.visualRect(panel.proxy.index(delta_row, 1)).center())
    assert len(panel.selected_paths()) == 3
    chosen = _answer_popup("Mark 3 articles reviewed")
    table.customContextMenuRequested.emit(table.visualRect(panel.proxy.index(0, 1)).center())
    assert chosen == ["Mark 3 articles reviewed"]
    alpha, beta = (desk / "alpha.annotator.json").resolve(), (desk / "beta.annotator.json").resolve()
    qtbot.waitUntil(lambda: all(load_project(p).documents[0].status == Status.REVIEWED for p in (alpha, beta)))
    assert window.session.project.documents[0].status == Status.REVIEWED and window.session.is_modified  # undoable, unsaved
    assert load_project(delta).documents[0].status == Status.IN_PROGRESS
    qtbot.waitUntil(lambda: panel.progress.text() == "2 of 5 done")  # the list follows (delta not saved yet)


def test_switching_to_an_article_whose_status_is_being_written_opens_the_new_version(window, qtbot, monkeypatch, desk):
    import threading

    from annotator.core import workspace as core_workspace

    open_desk(window, qtbot, monkeypatch, desk)
    alpha = (desk / "alpha.annotator.json").resolve()
    release = threading.Event()
    real = core_workspace.set_status

    def slow_disk(path, status=None, assignee=None):
        release.wait(10)  # the write lands only after the switch was asked for
        return real(path, status, assignee)

    monkeypatch.setattr(core_workspace, "set_status", slow_disk)
    questions = []  # any question (Reload / Keep Mine) is recorded and answered, never shown
    monkeypatch.setattr(QMessageBox, "exec", lambda box: (questions.append(box.text()), QMessageBox.StandardButton.Cancel)[1])
    window.workspace.set_statuses([alpha], Status.DONE)
    window.workspace.switch_to(alpha)  # while the worker still has it
    release.set()
    qtbot.waitUntil(lambda: window.session is not None and window.session.path == alpha)
    assert window.session.project.documents[0].status == Status.DONE
    assert load_project(alpha).documents[0].status == Status.DONE
    qtbot.wait(300)  # a Reload / Keep Mine question would come about now
    assert questions == [] and not window.session.is_modified


def test_add_a_folder_of_mixed_files(window, qtbot, monkeypatch, desk, tmp_path):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "bombers.html").write_text(PAGE, encoding="utf-8")
    (incoming / "notes.md").write_text("# Straße closed\n\nThe *Straße* in Berlin was closed on Monday, the police said.\n", encoding="utf-8")
    (incoming / "plain.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    (incoming / "plain-copy.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    (incoming / "broken.docx").write_bytes(b"PK\x03\x04 this is no zip")
    open_desk(window, qtbot, monkeypatch, desk)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(incoming))
    reports = on_next_dialog(lambda d: d.close(), kind=ImportReport, tries=1000)
    window.actions.add_article_folder.trigger()
    report = reports[0]
    assert sorted(name for name, _ in report.rows("Added")) == sorted([
        "russian-bombers-fly-from-an-iranian-base.annotator.json", "strasse-closed.annotator.json",
        "russian-bombers-are-flying-anti-isis-missions-from-iranian.annotator.json"])
    [(duplicate, where)] = report.rows("Already in the workspace")
    assert duplicate in ("plain.txt", "plain-copy.txt") and "russian-bombers-are-flying" in where
    [(refused, reason)] = report.rows("Refused")
    assert refused == "broken.docx" and "Word document" in reason
    qtbot.waitUntil(lambda: len(titles(window)) == 8)
    assert "Straße closed" in titles(window)


def test_search_the_workspace_and_jump_to_a_note(window, qtbot, monkeypatch, desk):
    open_desk(window, qtbot, monkeypatch, desk)
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL | SHIFT)
    dialog = window.workspace.search_dialog
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.query, "harbour")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.results.topLevelItemCount() == 3)
    rows = [(dialog.results.topLevelItem(i).text(0), dialog.results.topLevelItem(i).text(1)) for i in range(3)]
    assert rows == [("Alpha bridge", "text"), ("Beta tunnel", "note"), ("Gamma road", "text")]
    qtbot.keyClick(dialog.results, Qt.Key.Key_Down)  # the second result: the note in beta
    qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    assert window.session.path == (desk / "beta.annotator.json").resolve()
    ann = window.session.annotations[0]
    assert window.view.selected_span() == (ann.start, ann.end) and ann.note == "check the harbour minutes"
    assert window.panel.current_annotation().id == ann.id
    qtbot.keyClick(dialog.results, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    gamma_text = window.session.document.text
    assert window.session.path == (desk / "sub" / "gamma.annotator.json").resolve()
    start, end = window.view.selected_span()
    assert gamma_text[start:end] == "harbour"
    dialog.close()


def test_files_changed_behind_the_apps_back(window, qtbot, monkeypatch, desk):
    open_desk(window, qtbot, monkeypatch, desk)
    panel = window.workspace.panel
    delta = (desk / "delta.annotator.json").resolve()
    window.workspace.switch_to(delta)
    # A git pull: a new article in a new folder, another one rewritten in place, the open one changed.
    (desk / "pulled").mkdir()
    (desk / "pulled" / "epsilon.annotator.json").write_bytes(dump_bytes(make(text("Epsilon dam"), title="Epsilon dam")))
    beta = desk / "beta.annotator.json"
    data = json.loads(beta.read_text(encoding="utf-8"))
    data["documents"][0]["status"] = "reviewed"
    with open(beta, "r+", encoding="utf-8") as handle:  # in place, as an editor saves
        handle.write(json.dumps(data, ensure_ascii=False, indent=2))
        handle.truncate()
    asked = on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click(), kind=QMessageBox, tries=1000)
    changed = make("Delta park was closed for the winter, officials said on Tuesday.", [("Delta park", "", Tag.SOURCE)], title="Delta park")
    delta.write_bytes(dump_bytes(changed))
    qtbot.waitUntil(lambda: "Epsilon dam" in titles(window))
    qtbot.waitUntil(lambda: panel.model.summary(panel.model.row_of(beta.resolve())).status == Status.REVIEWED)
    qtbot.waitUntil(lambda: bool(asked))
    assert "delta.annotator.json" in asked[0].text()  # Reload / Keep Mine, as for one project
    qtbot.waitUntil(lambda: len(window.session.annotations) == 1)  # reloaded
    (desk / "pulled" / "epsilon.annotator.json").unlink()
    qtbot.waitUntil(lambda: "Epsilon dam" not in titles(window))
    assert panel.model.current == delta and panel.proxy.index(titles(window).index("Delta park"), TITLE).data().startswith(CURRENT_MARK)


def test_a_folder_dropped_on_the_window_opens_as_a_workspace(window, qtbot, desk):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(desk))])
    target = window.childAt(QPoint(200, 200))  # the welcome page: the drop reaches the window through it
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert QApplication.sendEvent(target, enter) and enter.isAccepted()
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    assert window.workspace.dock.isVisible() and window.workspace.workspace.folder == desk.resolve()
    qtbot.waitUntil(lambda: len(titles(window)) == 5)
    assert window.session is None  # nothing else was opened or closed
    window.actions.articles_panel.trigger()  # View ▸ Articles Panel hides and shows it
    assert not window.workspace.dock.isVisible() and not window.actions.articles_panel.isChecked()
    window.actions.articles_panel.trigger()
    assert window.workspace.dock.isVisible() and window.actions.articles_panel.isChecked()


def test_annotator_folder_opens_the_app_on_it(monkeypatch, desk):
    from annotator import cli
    from annotator.ui import app

    opened = []
    monkeypatch.setattr(app, "run", lambda path=None: opened.append(path) or 0)
    assert cli.main([str(desk)]) == 0 and cli.main(["open", str(desk)]) == 0
    assert opened == [desk, desk] and all(p.is_dir() for p in opened)
    assert os.path.isdir(opened[0])
