"""The fact-check fields of the current annotation, under its note in the details panel: a
claim's verdict (from the project's rating scale), reasoning and outside evidence, and the
speaker of a quote or claim. Each edit is one step on the session's undo stack; typing in
the reasoning or the speaker merges into one step, like the note."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSignalBlocker, QStringListModel, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Annotation, Evidence, RatingLevel, Tag, level_named
from ..core.text_safety import visible_controls
from ..core.verdicts import level_label
from .editor import AnnotationEditor
from .factcheck_commands import ChangeEvidence, EditReasoning, EditSpeaker
from .session import ProjectSession
from .text_edit import SharedUndoTextEdit

OFF_SCALE = "(not on this project's scale)"
SHOWN_LIMIT = 300
"""Characters of an evidence title or note shown in the panel (the dialog shows them whole)."""


def fill_verdict_combo(combo: QComboBox, scale: list[RatingLevel], verdict: str) -> None:
    """"No verdict", each level of ``scale`` with its number, and ``verdict`` itself when it is
    not on the scale (kept, and said to be off it, until another is chosen); ``verdict`` is
    made current. Item data: the verdict each item sets ("" for none)."""
    level = level_named(scale, verdict)
    items = [("No verdict", ""), *((level_label(lv), lv.name) for lv in scale)]
    if verdict and level is None:
        items.append((f"{verdict} {OFF_SCALE}", verdict))
    with QSignalBlocker(combo):
        if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] != items:
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
        combo.setCurrentIndex(len(items) - 1 if verdict and level is None else 0 if level is None else scale.index(level) + 1)


def _short(text: str) -> str:
    text = visible_controls(text)
    return text if len(text) <= SHOWN_LIMIT else text[: SHOWN_LIMIT - 1] + "…"


class _NameEdit(QLineEdit):
    """A line edit that says when it gets focus: the speaker suggestions are gathered then,
    not on every change of the current annotation."""

    focused = Signal()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        self.focused.emit()
        super().focusInEvent(event)


class ClaimDetails(QWidget):
    """Rows shown by tag: verdict, reasoning and evidence for a claim; speaker for a claim or
    a quote. ``show_annotation`` fills them; they edit through undo commands."""

    def __init__(self, editor: AnnotationEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimDetails")
        self.editor = editor
        self.session: ProjectSession | None = None
        self._ann_id: str | None = None
        self._shown_evidence: tuple[Evidence, ...] | None = None
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)

        self.verdict_combo = QComboBox()
        self.verdict_combo.setObjectName("verdictCombo")
        self.verdict_combo.setAccessibleName("Verdict")
        self.verdict_combo.setToolTip("Your verdict on the claim, from the project's rating scale (File ▸ Rating Scale…)")
        self.verdict_combo.activated.connect(self._on_verdict_chosen)
        verdict_label = QLabel("Ver&dict")
        verdict_label.setBuddy(self.verdict_combo)
        form.addRow(verdict_label, self.verdict_combo)

        self.reasoning_edit = SharedUndoTextEdit()
        self.reasoning_edit.setObjectName("reasoningEdit")
        self.reasoning_edit.setAccessibleName("Reasoning")
        self.reasoning_edit.setToolTip("Why this verdict: what the published fact-check says under the claim (Tab leaves)")
        self.reasoning_edit.setPlaceholderText("Why this verdict: what the evidence shows…")
        self.reasoning_edit.setTabChangesFocus(True)
        self.reasoning_edit.setMaximumHeight(90)
        # two lines at least, not Qt's five: the panel must still fit a small screen with a claim shown
        self.reasoning_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 12)
        self.reasoning_edit.textChanged.connect(self._on_reasoning_typed)
        form.addRow("&Reasoning", self.reasoning_edit)

        self.speaker_edit = _NameEdit()
        self.speaker_edit.setObjectName("speakerEdit")
        self.speaker_edit.setAccessibleName("Speaker")
        self.speaker_edit.setToolTip("Who said it, by name; suggestions come from the article's sources and speakers named elsewhere")
        self.speaker_edit.setPlaceholderText("Who said it")
        self.speakers = QStringListModel(self)
        completer = QCompleter(self.speakers, self.speaker_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.speaker_edit.setCompleter(completer)
        self.speaker_edit.textEdited.connect(self._on_speaker_typed)
        completer.activated.connect(self._on_speaker_typed)
        self.speaker_edit.focused.connect(lambda: self.speakers.setStringList(self.speaker_names()))
        form.addRow("S&peaker", self.speaker_edit)

        evidence = QWidget()
        column = QVBoxLayout(evidence)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.evidence_rows = QVBoxLayout()
        self.evidence_rows.setSpacing(2)
        column.addLayout(self.evidence_rows)
        self.add_evidence_button = QPushButton("Add Evidence…")
        self.add_evidence_button.setObjectName("addEvidenceButton")
        self.add_evidence_button.setToolTip("Add a report, dataset or statement from outside the article, by its web address")
        self.add_evidence_button.clicked.connect(self.add_evidence)
        column.addWidget(self.add_evidence_button, 0, Qt.AlignmentFlag.AlignLeft)
        evidence_label = QLabel("Ev&idence")
        evidence_label.setBuddy(self.add_evidence_button)
        form.addRow(evidence_label, evidence)
        self.form = form
        self.rows = {"verdict": 0, "reasoning": 1, "speaker": 2, "evidence": 3}

    # -- showing
    def set_session(self, session: ProjectSession | None) -> None:
        if self.session is not None:
            self.session.metadataChanged.disconnect(self._on_scale_changed)
        self.session = session
        if session is not None:
            session.metadataChanged.connect(self._on_scale_changed)
        self._shown_evidence = None
        self.show_annotation(None)

    def shows(self, ann: Annotation | None) -> bool:
        """Whether ``ann`` has fields here: claims and quotes."""
        return ann is not None and ann.tag in (Tag.CLAIM, Tag.QUOTE)

    def show_annotation(self, ann: Annotation | None) -> None:
        self._ann_id = None if ann is None else ann.id
        claim = ann is not None and ann.tag == Tag.CLAIM
        for name in ("verdict", "reasoning", "evidence"):
            self.form.setRowVisible(self.rows[name], claim)
        self.form.setRowVisible(self.rows["speaker"], self.shows(ann))
        if ann is None or self.session is None:
            return
        fill_verdict_combo(self.verdict_combo, self.session.project.metadata.rating_scale, ann.verdict)
        if self.reasoning_edit.toPlainText() != ann.reasoning:
            with QSignalBlocker(self.reasoning_edit):
                self.reasoning_edit.setPlainText(ann.reasoning)
                self.reasoning_edit.moveCursor(self.reasoning_edit.textCursor().MoveOperation.End)
        if self.speaker_edit.text() != ann.speaker:
            self.speaker_edit.setText(ann.speaker)
        if ann.evidence is not self._shown_evidence:
            self._show_evidence(ann.evidence)

    def _on_scale_changed(self) -> None:
        self.show_annotation(self._current())

    def _show_evidence(self, evidence: tuple[Evidence, ...]) -> None:
        self._shown_evidence = evidence
        while self.evidence_rows.count():
            widget = self.evidence_rows.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()  # its button may be the one being clicked
        for number, item in enumerate(evidence):
            self.evidence_rows.addWidget(self._evidence_row(number, item))

    def _evidence_row(self, number: int, item: Evidence) -> QWidget:
        """The title (or the URL) as a link that opens in the browser, the note under it, and
        buttons to edit or remove the item."""
        row = QWidget()
        row.setObjectName(f"evidence_{number}")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        link = QLabel()
        link.setObjectName(f"evidenceLink_{number}")
        link.setTextFormat(Qt.TextFormat.RichText)  # only the link; everything in it is escaped
        link.setText(f'<a href="{escape(item.url, quote=True)}">{escape(_short(item.title or item.url))}</a>')
        link.setToolTip(item.url)
        link.setWordWrap(True)
        link.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        link.setOpenExternalLinks(False)
        link.linkActivated.connect(self.open_link)
        texts.addWidget(link)
        if item.note:
            note = QLabel()
            note.setObjectName(f"evidenceNote_{number}")
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setText(_short(item.note))
            note.setWordWrap(True)
            note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            texts.addWidget(note)
        line.addLayout(texts, 1)
        name = _short(item.title or item.url)[:60]
        for text, tip, slot in (("Edit…", f"Edit the evidence “{name}”", self.edit_evidence), ("Remove", f"Remove the evidence “{name}” (undoable)", self.remove_evidence)):
            button = QToolButton()
            button.setObjectName(f"evidence{text.rstrip('…')}_{number}")
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip.split(" (")[0])
            button.clicked.connect(lambda _checked=False, n=number, s=slot: s(n))
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def open_link(self, url: str) -> None:
        QDesktopServices.openUrl(QUrl(url))

    # -- editing
    def _current(self) -> Annotation | None:
        if self.session is None or self._ann_id is None:
            return None
        return self.session.annotations.get(self._ann_id)

    def _push(self, make, *args) -> bool:
        """Push ``make(session, ann, *args, by)`` for the current annotation, signed by the
        user; when there is no name to sign with, the fields go back to what is recorded."""
        ann = self._current()
        if ann is None:
            return False
        by = self.editor.who()
        if by is None:
            self.show_annotation(ann)
            return False
        self.session.undo_stack.push(make(self.session, ann, *args, by))
        return True

    def _on_verdict_chosen(self, index: int) -> None:
        ann = self._current()
        if ann is not None and not self.editor.set_verdict(ann.id, self.verdict_combo.itemData(index) or ""):
            self.show_annotation(self._current())

    def _on_reasoning_typed(self) -> None:
        ann = self._current()
        if ann is not None and ann.reasoning != self.reasoning_edit.toPlainText():
            self._push(EditReasoning, self.reasoning_edit.toPlainText())

    def _on_speaker_typed(self, *_args) -> None:
        ann = self._current()
        if ann is not None and ann.speaker != self.speaker_edit.text():
            self._push(EditSpeaker, self.speaker_edit.text())

    def speaker_names(self) -> list[str]:
        """What the speaker field offers: the texts of the article's source spans and every
        speaker named in the project, each once."""
        if self.session is None:
            return []
        names = {" ".join(a.quote.exact.split()) for a in self.session.annotations if a.tag == Tag.SOURCE and len(a.quote.exact) <= 200}
        names |= {a.speaker for doc in self.session.project.documents for a in doc.annotations if a.speaker}
        return sorted(names - {""}, key=str.casefold)

    def add_evidence(self) -> None:
        from .evidence_dialog import EvidenceDialog

        if self._current() is None:
            return
        dialog = EvidenceDialog(self.window())
        try:
            if dialog.exec() and (by := self.editor.who()) is not None:
                ann = self._current()
                self.session.undo_stack.push(ChangeEvidence(self.session, ann, (*ann.evidence, dialog.evidence(by)), by, "Add evidence to"))
        finally:
            dialog.deleteLater()

    def edit_evidence(self, number: int) -> None:
        from .evidence_dialog import EvidenceDialog

        ann = self._current()
        if ann is None or number >= len(ann.evidence):
            return
        old = ann.evidence[number]
        dialog = EvidenceDialog(self.window(), old)
        try:
            if dialog.exec() and (by := self.editor.who()) is not None:
                new = dialog.evidence(by)
                if (new.url, new.title, new.note) != (old.url, old.title, old.note):
                    ann = self._current()
                    items = (*ann.evidence[:number], new, *ann.evidence[number + 1 :])
                    self.session.undo_stack.push(ChangeEvidence(self.session, ann, items, by, "Edit evidence on"))
        finally:
            dialog.deleteLater()

    def remove_evidence(self, number: int) -> None:
        ann = self._current()
        if ann is not None and number < len(ann.evidence):
            self._push(lambda session, ann, by: ChangeEvidence(session, ann, (*ann.evidence[:number], *ann.evidence[number + 1 :]), by, "Remove evidence from"))
