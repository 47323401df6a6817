"""The reviewer's own version of a review item: tag, span and note."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..core.anchoring import quote_for, snap_span
from ..core.merge import combined_notes
from ..core.model import Annotation, Tag
from ..core.review import ReviewItem
from ..core.wording import one_line, quoted
from . import tag_style


class EditItemDialog(QDialog):
    def __init__(self, parent: QWidget, item: ReviewItem, text: str, selection: tuple[int, int] | None, reviewer: str) -> None:
        super().__init__(parent)
        self.setObjectName("editItemDialog")
        self.setWindowTitle("Edit the merged annotation")
        self.item = item
        self.text = text
        self.reviewer = reviewer
        base = item.mine or item.theirs
        self.base = base

        form = QFormLayout()
        self.tag_combo = QComboBox()
        self.tag_combo.setObjectName("editTag")
        for number, tag in enumerate(tag_style.TAG_ORDER, start=1):
            self.tag_combo.addItem(tag_style.swatch_icon(tag, str(number)), tag.label, tag.value)
        self.tag_combo.setCurrentIndex(self.tag_combo.findData(base.tag.value))
        form.addRow("&Tag", self.tag_combo)

        self.spans: list[tuple[int, int]] = []
        self.span_group = QButtonGroup(self)
        span_box = QVBoxLayout()
        choices = [("Mine", item.mine), ("Theirs", item.theirs)]
        for label, ann in choices:
            if ann is not None:
                self._add_span(span_box, f"{label}: {quoted(one_line(ann.quote.exact, 60))}", (ann.start, ann.end))
        snapped = None if selection is None else snap_span(text, *selection)
        if snapped is not None and snapped not in self.spans:
            self._add_span(span_box, f"Selected text: {quoted(one_line(text[snapped[0]:snapped[1]], 60))}", snapped)
        self.span_group.buttons()[0].setChecked(True)
        form.addRow("Span", span_box)

        notes = [a.note for a in (item.mine, item.theirs) if a is not None and a.note.strip()]
        if len({n.strip() for n in notes}) > 1:
            note = combined_notes(item.mine, item.theirs)  # both, each with its author's name
        else:
            note = notes[0] if notes else ""
        self.note_edit = QPlainTextEdit(note)
        self.note_edit.setObjectName("editNote")
        self.note_edit.setMaximumHeight(100)
        form.addRow("&Note", self.note_edit)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _add_span(self, layout: QVBoxLayout, label: str, span: tuple[int, int]) -> None:
        button = QRadioButton(label)
        button.setObjectName(f"span{len(self.spans)}")
        self.span_group.addButton(button, len(self.spans))
        self.spans.append(span)
        layout.addWidget(button)

    def result_annotation(self) -> Annotation:
        start, end = self.spans[self.span_group.checkedId()]
        return self.base.changed(  # the reviewer's version: changed by them, now
            self.reviewer,
            tag=Tag(self.tag_combo.currentData()),
            start=start,
            end=end,
            quote=quote_for(self.text, start, end),
            note=self.note_edit.toPlainText(),
        )
