"""The annotation list as cards: each quote and note in full, for reading rather than scanning.

A QListView would ask its delegate for the size of every row whenever a row is added (its
layout places all items), which costs O(annotations) per tagging keystroke. This is a
one-column QTableView instead: rows start at an estimated height, and only the rows on
screen are measured and given their real height (O(visible rows) per scroll, resize or
edit). The view shares the table's model and selection model, so selection, the current
row, filters and keyboard navigation work the same in both layouts.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QWidget

from ..core.model import Annotation, authorship
from ..core.text_safety import visible_controls
from . import tag_style
from .annotation_model import ANNOTATION_ROLE

CARD_LIMIT = 5000
"""Characters of a quote or note a card shows (a card lays out all it holds)."""
PAD = 6
SWATCH = 14
GAP = 3
QUOTE_INDENT = 10
"""The quote stands off from the note behind a bar of the tag's colour, as in a reply quoting it."""


def _clip(text: str) -> str:
    text = text if len(text) <= CARD_LIMIT else text[: CARD_LIMIT - 1] + "…"
    return visible_controls(text)


def _layout(text: str, font: QFont, width: int) -> tuple[QTextLayout, int]:
    """``text`` wrapped at ``width`` (at word boundaries, or anywhere in a word too long for
    a line), and its height. Measuring and painting use the same layout, so they agree."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    height = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1, width))
        line.setPosition(QPointF(0, height))
        height += line.height()
    layout.endLayout()
    return layout, int(height + 0.999)


def _meta(ann: Annotation) -> str:
    who = authorship(ann.author, ann.created, ann.modified, ann.modified_by)
    return visible_controls(f"{who[0].upper()}{who[1:]} · {ann.modified.astimezone():%Y-%m-%d %H:%M}")


class CardDelegate(QStyledItemDelegate):
    """Paints a card: the tag's swatch and name, the quote, the note, and who and when."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._heights: dict[str, int] = {}  # annotation id -> height, at self._width
        self._width = -1

    def fonts(self, base: QFont) -> tuple[QFont, QFont, QFont]:
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(6.0, base.pointSizeF() * 0.85))
        return bold, base, small

    def _parts(self, ann: Annotation, base: QFont, width: int):
        bold, body, small = self.fonts(base)
        inner = width - 2 * PAD
        parts = [_layout(_clip(ann.quote.exact), body, inner - QUOTE_INDENT)]
        if ann.note:
            parts.append(_layout(_clip(ann.note), body, inner))
        parts.append(_layout(_meta(ann), small, inner))
        return bold, parts

    def card_height(self, ann: Annotation, base: QFont, width: int) -> int:
        """The height of ``ann``'s card at ``width``, cached until it or the width changes."""
        if width != self._width:
            self._heights = {}
            self._width = width
        height = self._heights.get(ann.id)
        if height is None:
            bold, parts = self._parts(ann, base, width)
            head = max(SWATCH, QFontMetrics(bold).height())
            height = 2 * PAD + head + sum(GAP + h for _layout, h in parts)
            self._heights[ann.id] = height
        return height

    def forget(self, ann_id: str) -> None:
        self._heights.pop(ann_id, None)

    def forget_all(self) -> None:
        self._heights = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex):  # noqa: N802
        size = super().sizeHint(option, index)
        ann = index.data(ANNOTATION_ROLE)
        if ann is not None:
            size.setHeight(self.card_height(ann, option.font, option.rect.width()))
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        ann = index.data(ANNOTATION_ROLE)
        if ann is None:
            return
        self.initStyleOption(option, index)
        option.text = ""
        option.icon = type(option.icon)()
        style = option.widget.style() if option.widget is not None else None
        if style is not None:  # the background: selection, hover and focus as the style draws them
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active if option.state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        text_color = option.palette.color(group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        rect: QRect = option.rect
        bold, parts = self._parts(ann, option.font, rect.width())
        painter.save()
        painter.setClipRect(rect)
        x, y = rect.left() + PAD, rect.top() + PAD
        head = max(SWATCH, QFontMetrics(bold).height())
        tag_style.swatch_icon(ann.tag).paint(painter, QRect(x, y + (head - SWATCH) // 2, SWATCH, SWATCH))
        painter.setPen(text_color)
        painter.setFont(bold)
        painter.drawText(QRect(x + SWATCH + PAD, y, rect.width() - SWATCH - 3 * PAD, head), Qt.AlignmentFlag.AlignVCenter, ann.tag.label)
        y += head
        for number, (layout, height) in enumerate(parts):
            y += GAP
            if number == 0:  # the quote
                painter.fillRect(QRect(x, y, 3, height), tag_style.color(ann.tag))
                layout.draw(painter, QPointF(x + QUOTE_INDENT, y))
            else:
                if number == len(parts) - 1:  # who and when: quieter
                    painter.setPen(option.palette.color(group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText))
                layout.draw(painter, QPointF(x, y))
            y += height
        painter.setPen(option.palette.color(group, QPalette.ColorRole.Mid))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()


class AnnotationCards(QTableView):
    """The cards view; give it the table's model, then the table's selection model."""

    ESTIMATE_LINES = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationCards")
        self.setAccessibleName("Annotations as cards")
        self.setAccessibleDescription("One card per annotation in reading order, with its full text and note; choose one to see and edit it below")
        self.delegate = CardDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setShowGrid(False)
        self.setWordWrap(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() * self.ESTIMATE_LINES + 2 * PAD)
        self.verticalScrollBar().valueChanged.connect(self.measure_visible)

    def setModel(self, model) -> None:  # noqa: N802 - Qt's name
        old = self.model()
        if old is not None:
            old.dataChanged.disconnect(self._on_data_changed)
            for signal in (old.rowsInserted, old.rowsRemoved, old.modelReset, old.layoutChanged):
                signal.disconnect(self.measure_visible)
        super().setModel(model)
        self.delegate.forget_all()
        if model is None:
            return
        for column in range(1, model.columnCount()):
            self.setColumnHidden(column, True)
        model.dataChanged.connect(self._on_data_changed)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged):
            signal.connect(self.measure_visible)
        self.measure_visible()

    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, _roles=()) -> None:
        for row in range(top_left.row(), bottom_right.row() + 1):
            ann = self.model().index(row, 0).data(ANNOTATION_ROLE)
            if ann is not None:
                self.delegate.forget(ann.id)
        self.measure_visible()

    def measure_visible(self, *_args) -> None:
        """Give the rows on screen their real heights (the others keep an estimate)."""
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        width = self.viewport().width()
        bottom = self.viewport().height()
        row = max(0, self.rowAt(0))
        y = self.rowViewportPosition(row)
        font = self.font()
        while row < model.rowCount() and y < bottom:
            ann = model.index(row, 0).data(ANNOTATION_ROLE)
            height = self.delegate.card_height(ann, font, width)
            if self.rowHeight(row) != height:
                self.setRowHeight(row, height)
            y += height
            row += 1

    def scrollTo(self, index: QModelIndex, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: N802
        """Scroll, measure what came into view, and scroll again: the estimates were off."""
        super().scrollTo(index, hint)
        self.measure_visible()
        super().scrollTo(index, hint)
        self.measure_visible()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self.measure_visible()
        return super().viewportEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.measure_visible()
