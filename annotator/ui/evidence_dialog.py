"""One item of a claim's outside evidence: its web address, a title and a note. A URL that is
not http(s) with a host is refused with the model's own words, under the field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ..core.model import Evidence, now, string_problem, url_problem
from .text_edit import SharedUndoTextEdit


class EvidenceDialog(QDialog):
    """OK stays disabled while the URL is empty or not a web address (the reason is shown)."""

    def __init__(self, parent: QWidget, evidence: Evidence | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceDialog")
        self.setWindowTitle("Edit evidence" if evidence else "Add evidence")
        form = QFormLayout(self)
        self.url_edit = QLineEdit(evidence.url if evidence else "", self)
        self.url_edit.setObjectName("evidenceUrl")
        self.url_edit.setPlaceholderText("https://…")
        self.url_edit.setToolTip("The web address of the report, dataset or statement (http or https)")
        self.url_edit.setMinimumWidth(380)
        form.addRow("&URL", self.url_edit)
        self.problem = QLabel(self)
        self.problem.setObjectName("evidenceProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)  # it quotes what was typed
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        form.addRow("", self.problem)
        self.title_edit = QLineEdit(evidence.title if evidence else "", self)
        self.title_edit.setObjectName("evidenceTitle")
        self.title_edit.setPlaceholderText("e.g. Ministry statement, 16 August 2016")
        self.title_edit.setToolTip("What a reader sees as the link (the URL when empty)")
        form.addRow("&Title", self.title_edit)
        self.note_edit = SharedUndoTextEdit(self)
        self.note_edit.setObjectName("evidenceNote")
        self.note_edit.setPlainText(evidence.note if evidence else "")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(90)
        self.note_edit.setToolTip("What this shows about the claim (Tab leaves)")
        form.addRow("&Note", self.note_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for edit in (self.url_edit, self.title_edit):
            edit.textChanged.connect(self._check)
        self.note_edit.textChanged.connect(self._check)
        self._check()

    def _problem(self) -> str | None:
        url = self.url_edit.text().strip()
        problem = url_problem(url)
        if problem:
            return f"The URL {problem}."
        for name, text in (("title", self.title_edit.text()), ("note", self.note_edit.toPlainText())):
            problem = string_problem(text)
            if problem:
                return f"The {name} {problem}."
        return None

    def _check(self) -> None:
        problem = self._problem()
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem))
        ok = problem is None and bool(self.url_edit.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def accept(self) -> None:
        """Enter in a field presses OK even when it is disabled: refuse then, too."""
        if self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            super().accept()

    def evidence(self, by: str) -> Evidence:
        """What the dialog holds, signed by ``by`` now."""
        return Evidence(url=self.url_edit.text().strip(), title=self.title_edit.text().strip(), note=self.note_edit.toPlainText().strip(), by=by, time=now())
