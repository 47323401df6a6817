"""Colours annotated spans without touching the text, one paragraph at a time.

A QSyntaxHighlighter is asked for one block at a time, so the work per repaint or per
edit is proportional to the paragraphs touched, not to the document (see
shared/notes/qt-text-measurements.md: extra selections would cost seconds at scale).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from ..core.annotation_set import AnnotationSet
from ..core.model import Annotation, Tag
from ..core.offsets import Utf16Map
from . import tag_style


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._annotations: AnnotationSet | None = None
        self._map: Utf16Map | None = None
        self._formats: dict[tuple[Tag, Tag | None], QTextCharFormat] = {}

    def set_source(self, annotations: AnnotationSet | None, offsets: Utf16Map | None) -> None:
        self._annotations = annotations
        self._map = offsets
        self.rehighlight()

    def rehighlight_span(self, start: int, end: int) -> None:
        """Redraw only the paragraphs that [start, end) (code points) touches."""
        if self._map is None:
            return
        doc = self.document()
        block = doc.findBlock(self._map.to_utf16(start))
        last = doc.findBlock(self._map.to_utf16(max(start, end - 1)))
        while block.isValid():
            self.rehighlightBlock(block)
            if block == last:
                break
            block = block.next()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        if self._annotations is None or self._map is None or not text:
            return
        block_start16 = self.currentBlock().position()
        start = self._map.to_code_point(block_start16)
        end = start + len(text)
        spans = self._annotations.overlapping(start, end)
        if not spans:
            return
        for seg_start, seg_end, cover in _segments(spans, start, end):
            fmt = self._format(cover)
            a16 = self._map.to_utf16(seg_start) - block_start16
            b16 = self._map.to_utf16(seg_end) - block_start16
            self.setFormat(a16, b16 - a16, fmt)

    def _format(self, cover: list[Annotation]) -> QTextCharFormat:
        """Innermost span's tint as background; an underline in the next span's colour shows nesting."""
        inner = cover[0].tag
        outer = cover[1].tag if len(cover) > 1 else None
        key = (inner, outer)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(tag_style.tint(inner))
            fmt.setForeground(QColor("#1a1a1a"))
            if outer is not None:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(tag_style.color(outer))
                fmt.setFontUnderline(True)
            self._formats[key] = fmt
        return fmt


def _segments(spans: list[Annotation], start: int, end: int):
    """Split [start, end) at every span boundary; yield (a, b, covering spans innermost first)."""
    cuts = {start, end}
    for ann in spans:
        cuts.add(min(max(ann.start, start), end))
        cuts.add(min(max(ann.end, start), end))
    points = sorted(cuts)
    for a, b in zip(points, points[1:]):
        cover = [ann for ann in spans if ann.start <= a and ann.end >= b]
        if cover:
            cover.sort(key=lambda ann: (ann.end - ann.start, ann.start))
            yield a, b, cover
