"""File ▸ Publishing Details…: who publishes the project's fact-checks and on which page, which
a ClaimReview export needs (its ``author`` and ``url``). Also the Export dialog's question when
they are missing, and the undoable command that sets them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from ..core.formats import claimreview
from ..core.model import Publisher, string_problem, url_problem
from .session import ProjectSession

FIELDS = (
    ("organization", "&Organisation", "e.g. Example Fact Check", "The fact-checking organisation: the author of every review"),
    ("organization_url", "Organisation &URL", "https://…", "The organisation's home page"),
    ("page_url", "Fact-check &page", "https://…/your-fact-check", "The page that publishes these fact-checks: every review's url"),
)


class SetPublisher(QUndoCommand):
    """The publishing details, changed together in one step (project-wide, so no document is
    brought into view)."""

    def __init__(self, session: ProjectSession, publisher: Publisher) -> None:
        super().__init__("Edit publishing details")
        self.session = session
        self.old = session.project.metadata.publisher
        self.new = publisher

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)

    def _set(self, publisher: Publisher) -> None:
        self.session.project.metadata.publisher = publisher
        self.session.metadataChanged.emit()


class PublishingDialog(QDialog):
    """Three fields; a URL that is not http(s) with a host is said under its field, in words,
    and OK stays disabled until it is fixed (or emptied)."""

    def __init__(self, parent: QWidget, publisher: Publisher) -> None:
        super().__init__(parent)
        self.setObjectName("publishingDialog")
        self.setWindowTitle("Publishing details")
        form = QFormLayout(self)
        intro = QLabel("Where your fact-checks are published. ClaimReview exports (for search engines) need all three.")
        intro.setWordWrap(True)
        form.addRow(intro)
        self.edits: dict[str, QLineEdit] = {}
        self.problems: dict[str, QLabel] = {}
        for name, label, placeholder, tip in FIELDS:
            edit = QLineEdit(getattr(publisher, name), self)
            edit.setObjectName(f"publisher_{name}")
            edit.setPlaceholderText(placeholder)
            edit.setToolTip(tip)
            edit.setAccessibleName(label.replace("&", ""))
            edit.setMinimumWidth(380)
            edit.textChanged.connect(self._check)
            self.edits[name] = edit
            form.addRow(label, edit)
            problem = QLabel(self)
            problem.setObjectName(f"problem_{name}")
            problem.setTextFormat(Qt.TextFormat.PlainText)  # it quotes what was typed
            problem.setWordWrap(True)
            problem.setStyleSheet("color: #b00020")
            problem.hide()
            self.problems[name] = problem
            form.addRow("", problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._check()

    def _check(self) -> None:
        ok = True
        for name, edit in self.edits.items():
            value = edit.text().strip()
            problem = string_problem(value) if name == "organization" else url_problem(value)
            label = self.problems[name]
            label.setText(f"{edit.accessibleName()} {problem}" if problem else "")
            label.setVisible(bool(problem))
            ok = ok and not problem
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def publisher(self) -> Publisher:
        return Publisher(**{name: edit.text().strip() for name, edit in self.edits.items()})


def edit(window) -> bool:
    """Show the dialog for the window's project; push one undoable step if anything changed.
    True when the dialog was accepted."""
    session = window.session
    if session is None:
        return False
    dialog = PublishingDialog(window, session.project.metadata.publisher)
    try:
        if not dialog.exec():
            return False
        publisher = dialog.publisher()
        if publisher != session.project.metadata.publisher:
            session.undo_stack.push(SetPublisher(session, publisher))
        return True
    finally:
        dialog.deleteLater()


def ready_to_export(window) -> bool:
    """Before a ClaimReview export: True when the details are complete, or once they are set
    here, or when the user chooses a draft (each review then says so); False to cancel."""
    while True:
        absent = claimreview.missing(window.session.project)
        if not absent:
            return True
        box = QMessageBox(window)
        box.setObjectName("publishingMissingBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Publishing details missing")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"This ClaimReview can't be published yet: it needs {claimreview.in_words(absent)}.")
        box.setInformativeText(
            "Search engines need the fact-check page and the organisation behind it. Set them now, "
            "or export a draft (each review marked as a draft) to finish later."
        )
        details = box.addButton("Set Publishing Details…", QMessageBox.ButtonRole.AcceptRole)
        details.setObjectName("setDetailsButton")
        draft = box.addButton("Export as Draft", QMessageBox.ButtonRole.DestructiveRole)
        draft.setObjectName("exportDraftButton")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(details)
        box.exec()
        chosen = box.clickedButton()
        box.deleteLater()
        if chosen is draft:
            return True
        if chosen is not details or not edit(window):
            return False
