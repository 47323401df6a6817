"""The article's overall verdict (from the project's rating scale) and summary: a line above
the annotation details that always shows them, and Edit ▸ Article Verdict and Summary…, a
dialog that changes both in one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from ..core.model import Document, RatingLevel, level_named, string_problem
from ..core.text_safety import visible_controls
from ..core.verdicts import level_label
from .claim_details import OFF_SCALE, fill_verdict_combo
from .factcheck_commands import SetArticleVerdict
from .session import ProjectSession
from .text_edit import SharedUndoTextEdit

SUMMARY_SHOWN = 240
"""Characters of the summary shown in the panel's line (the dialog shows it whole)."""


def verdict_text(scale: list[RatingLevel], verdict: str) -> str:
    """A verdict as lists show it: "Mostly true · 4", or marked as off the scale."""
    level = level_named(scale, verdict)
    return level_label(level) if level is not None else f"{verdict} {OFF_SCALE}"


def describe(document: Document, scale: list[RatingLevel]) -> str:
    """The panel's line: the article's verdict and the start of its summary."""
    verdict = f"Article verdict: {verdict_text(scale, document.verdict)}" if document.verdict else "No verdict on the article yet"
    summary = " ".join(document.summary.split())
    if len(summary) > SUMMARY_SHOWN:
        summary = summary[: SUMMARY_SHOWN - 1] + "…"
    return visible_controls(f"{verdict}. {summary}" if summary else f"{verdict}.")


class _ElidedLabel(QLabel):
    """One line, cut with "…" to the width it has (the whole text is its tooltip): the line
    must not take the annotation list's rows, however long the summary."""

    def __init__(self) -> None:
        super().__init__()
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width())))


class ArticleVerdictBar(QWidget):
    """Always in view above the details, so the article's finding is never forgotten."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: ProjectSession | None = None
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        self.label = _ElidedLabel()
        self.label.setObjectName("articleVerdictLabel")
        line.addWidget(self.label, 1)
        self.button = QToolButton()
        self.button.setObjectName("articleVerdictButton")
        self.button.setText("Verdict…")
        self.button.setAccessibleName("Article verdict and summary")
        self.button.setToolTip("Set the article's overall verdict and summary (Edit ▸ Article Verdict and Summary…)")
        self.button.clicked.connect(lambda: edit(self.window()))
        line.addWidget(self.button)
        self.set_session(None)

    def set_session(self, session: ProjectSession | None) -> None:
        if self.session is not None:
            for signal in (self.session.detailsChanged, self.session.metadataChanged, self.session.documentChanged):
                signal.disconnect(self.refresh)
        self.session = session
        if session is not None:
            for signal in (session.detailsChanged, session.metadataChanged, session.documentChanged):
                signal.connect(self.refresh)
        self.setVisible(session is not None)
        self.refresh()

    def refresh(self) -> None:
        session = self.session
        text = "" if session is None else describe(session.document, session.project.metadata.rating_scale)
        self.label.set_full_text(text)
        self.label.setToolTip("" if session is None else visible_controls(session.document.summary[:2000]))


class ArticleVerdictDialog(QDialog):
    def __init__(self, parent: QWidget, scale: list[RatingLevel], verdict: str, summary: str) -> None:
        super().__init__(parent)
        self.setObjectName("articleVerdictDialog")
        self.setWindowTitle("Article verdict and summary")
        form = QFormLayout(self)
        self.verdict_combo = QComboBox(self)
        self.verdict_combo.setObjectName("articleVerdictCombo")
        self.verdict_combo.setToolTip("The article's overall verdict, from the project's rating scale")
        fill_verdict_combo(self.verdict_combo, scale, verdict)
        form.addRow("&Verdict", self.verdict_combo)
        self.summary_edit = SharedUndoTextEdit(self)
        self.summary_edit.setObjectName("articleSummaryEdit")
        self.summary_edit.setPlainText(summary)
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setMinimumWidth(420)
        self.summary_edit.setToolTip("What a reader should take away from the fact-check (Tab leaves)")
        self.summary_edit.setPlaceholderText("What a reader should take away: which claims hold, which don't, and why")
        form.addRow("&Summary", self.summary_edit)
        self.problem = QLabel(self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        form.addRow("", self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.summary_edit.textChanged.connect(self._check)

    def _check(self) -> None:
        problem = string_problem(self.summary_edit.toPlainText())
        self.problem.setText(f"The summary {problem}." if problem else "")
        self.problem.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def verdict(self) -> str:
        return self.verdict_combo.currentData() or ""

    def summary(self) -> str:
        return self.summary_edit.toPlainText().strip()


def edit(window) -> bool:
    """Show the dialog for the window's current article; one undoable step if anything changed."""
    session = getattr(window, "session", None)
    if session is None:
        return False
    doc = session.document
    dialog = ArticleVerdictDialog(window, session.project.metadata.rating_scale, doc.verdict, doc.summary)
    try:
        if not dialog.exec():
            return False
        verdict, summary = dialog.verdict(), dialog.summary()
        if (verdict, summary) != (doc.verdict, doc.summary):
            session.undo_stack.push(SetArticleVerdict(session, verdict, summary))
        return True
    finally:
        dialog.deleteLater()
