"""Tag letters beside each paragraph of the article: a cue that needs no colour vision.

Highlights tell tags apart by colour (Okabe-Ito, safe for the common colour-vision
deficiencies); the margin says the same in letters: C, Q, S, U for the tags present in the
paragraph beside it. Built like the gutter of Qt's code editor example, it paints only the
paragraphs on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from . import tag_style

if TYPE_CHECKING:
    from .document_view import DocumentView


class TagMargin(QWidget):
    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self.setObjectName("tagMargin")
        self.setAccessibleName("Tags in each paragraph")
        self.setToolTip("Tags in each paragraph: C claim, Q quote, S source, U unverified")
        self.view = view
        self.follow_font()
        view.updateRequest.connect(self._follow)

    def follow_font(self) -> None:
        """The article's font, in bold: letters the size of the text they stand beside."""
        font = QFont(self.view.font())
        font.setBold(True)
        self.setFont(font)

    PAD = 5
    """Space left of the first letter and right of the last."""

    def slot_width(self) -> int:
        """Each tag's letter has a place of its own, as wide as the widest letter, so a
        paragraph's letters line up in columns down the margin."""
        metrics = self.fontMetrics()
        return max(metrics.horizontalAdvance(tag_style.letter(t)) for t in tag_style.TAG_ORDER)

    def margin_width(self) -> int:
        return 2 * self.PAD + len(tag_style.TAG_ORDER) * self.slot_width()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.margin_width(), 0)

    def _follow(self, rect: QRect, dy: int) -> None:
        if dy:
            self.scroll(0, dy)
        else:
            self.update(0, rect.y(), self.width(), rect.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        view = self.view
        block = view.firstVisibleBlock()
        offset = view.contentOffset()
        advance = self.slot_width()
        bottom = event.rect().bottom()
        while block.isValid():
            box = view.blockBoundingGeometry(block).translated(offset)
            if box.top() > bottom:
                break
            if box.bottom() >= event.rect().top():
                x = self.PAD
                present = view.tags_in_block(block)
                for tag in tag_style.TAG_ORDER:
                    if tag in present:
                        painter.setPen(tag_style.color(tag))
                        painter.drawText(x, round(box.top()) + self.fontMetrics().ascent(), tag_style.letter(tag))
                    x += advance
            block = block.next()
        painter.end()
