"""Colours annotated spans without touching the text, one paragraph at a time.

A QSyntaxHighlighter is asked for one block at a time, so the work per repaint or per
edit is proportional to the paragraphs touched, not to the document (see
shared/notes/qt-text-measurements.md: extra selections would cost seconds at scale).

Only the paragraphs on screen (and a margin) are coloured: the rest are noted as pending and
coloured when they scroll into view (``flush``), so opening a 10 MB article or changing a
span that covers all of it costs the same as a screenful.

Normally one set of spans is drawn: the innermost span's tint fills the text and the
enclosing span's colour underlines it. In a review a second set (the colleague's) is drawn
as a wavy underline in its tag's colour, below my fills, so both stay readable.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappop, heappush

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from ..core.annotation_set import AnnotationSet
from ..core.model import Tag
from ..core.offsets import Utf16Map
from . import tag_style


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._annotations: AnnotationSet | None = None
        self._overlay: AnnotationSet | None = None
        self._map: Utf16Map | None = None
        self._formats: dict[tuple, QTextCharFormat] = {}
        self._pending: set[int] = set()  # block numbers not coloured yet
        self._all_stale = False  # every block is pending but those in _fresh (see set_hidden)
        self._fresh: set[int] = set()
        self.hidden: frozenset[Tag] = frozenset()
        self.overlay_colour: Callable[[Span], QColor] | None = None
        """With several colleagues in a review: the underline colour of each of their spans
        (the person's), instead of the tag's."""
        """Tags the user has hidden: their spans are drawn as if they were not there."""
        self.visible_blocks: Callable[[], tuple[int, int]] | None = None
        """First and last block number worth colouring now; None colours every block."""
        self._window: tuple[int, int] | None = None  # visible_blocks() until the view moves

    def set_source(
        self,
        annotations: AnnotationSet | None,
        offsets: Utf16Map | None,
        overlay: AnnotationSet | None = None,
        document: QTextDocument | None = None,
    ) -> None:
        """Draw these spans; attaching to ``document`` (when given) highlights it in the same pass."""
        self._annotations = annotations
        self._overlay = overlay
        self._map = offsets
        self._pending.clear()
        self._all_stale = False
        self._fresh.clear()
        self._window = None
        if document is not None and self.document() is not document:
            self.setDocument(document)
        else:
            self.rehighlight()

    def rehighlight_span(self, start: int, end: int) -> None:
        """Redraw the paragraphs that [start, end) (code points) touches: those on screen now,
        the others when they come into view."""
        if self._map is None:
            return
        doc = self.document()
        first = doc.findBlock(self._map.to_utf16(start)).blockNumber()
        last = doc.findBlock(self._map.to_utf16(max(start, end - 1))).blockNumber()
        self._pending.update(range(first, last + 1))
        self.flush()

    def set_hidden(self, tags: frozenset[Tag]) -> None:
        """Hide the spans of ``tags`` (or show them again). Only the paragraphs on screen are
        redrawn now; every other one is redrawn when it comes into view, so a click on a
        legend button costs a screenful, not the whole article."""
        if tags == self.hidden:
            return
        self.hidden = frozenset(tags)
        if self.visible_blocks is None:
            self.rehighlight()
            return
        self._all_stale = True
        self._fresh.clear()
        self.flush()

    def screen_moved(self, _rect: object = None, dy: int = 1) -> None:
        """Connected to QPlainTextEdit.updateRequest (and called on resize): when the view
        scrolled (dy != 0) the paragraphs on screen are found again; then what is pending
        there is coloured. Repaints that don't scroll, like the blinking caret, reuse them."""
        if dy:
            self._window = None
        self.flush()

    def _on_screen(self) -> tuple[int, int]:
        """visible_blocks(), asked once per paragraph in a full pass, so remembered until the view moves."""
        if self._window is None:
            self._window = self.visible_blocks()
        return self._window

    def flush(self) -> None:
        """Colour the pending paragraphs that are now on screen."""
        if not self._pending and not self._all_stale:
            return
        if self.visible_blocks is None:
            lo, hi = min(self._pending), max(self._pending)
        else:
            lo, hi = self._on_screen()
        doc = self.document()
        for number in range(max(lo, 0), hi + 1):
            if number in self._pending or (self._all_stale and number not in self._fresh):
                block = doc.findBlockByNumber(number)
                if block.isValid():
                    self.rehighlightBlock(block)  # calls highlightBlock, which drops it from pending
                else:
                    self._pending.discard(number)
                    self._fresh.add(number)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        if self._map is None or not text:
            return
        block = self.currentBlock()
        if self.visible_blocks is not None:
            number = block.blockNumber()
            lo, hi = self._on_screen()
            if not lo <= number <= hi:
                self._pending.add(number)
                return
            self._pending.discard(number)
            if self._all_stale:
                self._fresh.add(number)
        block_start16 = block.position()
        start = self._map.to_code_point(block_start16)
        end = start + len(text)
        mine = _spans(self._annotations, start, end, self.hidden)
        theirs = _spans(self._overlay, start, end, self.hidden)
        if not mine and not theirs:
            return
        if theirs and self.overlay_colour is not None:
            colour = self.overlay_colour
            theirs = [(s, e, _Person(tag, colour((s, e, tag)))) for s, e, tag in theirs]
        review = self._overlay is not None
        to_utf16 = self._map.to_utf16
        for seg_start, seg_end, inner, second, theirs_top in _segments(mine, theirs, start, end):
            under = theirs_top if review else second
            a16 = to_utf16(seg_start) - block_start16
            b16 = to_utf16(seg_end) - block_start16
            self.setFormat(a16, b16 - a16, self._format(review, inner, under))

    def _format(self, review: bool, inner: Tag | None, under: Tag | None) -> QTextCharFormat:
        """``inner``'s tint as background; ``under``'s colour as an underline (wavy in a review)."""
        key = (review, inner, under)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            if inner is not None:
                fmt.setBackground(tag_style.tint(inner))
                fmt.setForeground(tag_style.TEXT_ON_TINT)
            if under is not None:
                style = QTextCharFormat.UnderlineStyle.WaveUnderline if review else QTextCharFormat.UnderlineStyle.SingleUnderline
                fmt.setUnderlineStyle(style)
                fmt.setUnderlineColor(under.colour if isinstance(under, _Person) else tag_style.color(under))
            self._formats[key] = fmt
        return fmt


Span = tuple[int, int, Tag]  # start, end, tag


def _spans(annotations: AnnotationSet | None, start: int, end: int, hidden: frozenset[Tag] = frozenset()) -> list[Span]:
    if annotations is None:
        return []
    spans = annotations.spans_touching(start, end)
    return [span for span in spans if span[2] not in hidden] if hidden else spans


class _Person(str):
    """A colleague's span's tag, carrying the underline colour of the person who made it;
    a str (the tag's value) so that spans still order by tag name where they tie."""

    colour: QColor

    def __new__(cls, tag: Tag, colour: QColor) -> _Person:
        made = super().__new__(cls, tag.value)
        made.colour = colour
        return made

    @property
    def value(self) -> str:
        return str(self)

    def __hash__(self) -> int:  # formats are cached by it: the colour tells them apart
        return hash((str(self), self.colour.rgba()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Person) and str(self) == str(other) and self.colour == other.colour


def _innermost(span: Span) -> tuple[int, int, str]:
    return (span[1] - span[0], span[0], span[2].value)


class _Cover:
    """The spans covering the sweep's position, innermost first (a heap; spans that have
    ended are dropped when they come to the top)."""

    def __init__(self) -> None:
        self._heap: list[tuple[tuple[int, int, str], int, Tag]] = []
        self._ended: set[int] = set()

    def add(self, key: tuple[int, int, str], number: int, tag: Tag) -> None:
        heappush(self._heap, (key, number, tag))

    def end(self, number: int) -> None:
        self._ended.add(number)

    def _clean(self) -> None:
        heap, ended = self._heap, self._ended
        while heap and heap[0][1] in ended:
            ended.discard(heappop(heap)[1])

    def first(self) -> Tag | None:
        self._clean()
        return self._heap[0][2] if self._heap else None

    def first_two(self) -> tuple[Tag | None, Tag | None]:
        """The innermost span's tag and the next one's (None where there is none)."""
        self._clean()
        if not self._heap:
            return None, None
        top = heappop(self._heap)
        self._clean()
        second = self._heap[0][2] if self._heap else None
        heappush(self._heap, top)
        return top[2], second


def _segments(mine: list[Span], theirs: list[Span], start: int, end: int):
    """Split [start, end) at every span edge; yield (a, b, my innermost tag, my next one,
    their innermost tag) for the pieces that some span covers.

    A sweep over the sorted edges with the covering spans in a heap: O(k log k) for k spans
    (checking every span at every edge had cost k² per paragraph: 6.4 s for 8,000 spans).
    "Innermost" is the shortest span, then the one starting first, then by tag name.
    """
    if not theirs and len(mine) == 1:  # the common case: one span in the paragraph
        span = mine[0]
        yield max(span[0], start), min(span[1], end), span[2], None, None
        return
    events: list[tuple[int, int, int]] = []  # (position, 0 for an end / 1 for a start, span number)
    spans = (*mine, *theirs)
    for number, span in enumerate(spans):
        a, b = min(max(span[0], start), end), min(max(span[1], start), end)
        if a < b:
            events.append((a, 1, number))
            events.append((b, 0, number))
    events.sort()
    covers = (_Cover(), _Cover())
    n_mine = len(mine)
    i, count = 0, len(events)
    while i < count:
        a = events[i][0]
        while i < count and events[i][0] == a:
            _a, starts, number = events[i]
            cover = covers[number >= n_mine]
            if starts:
                span = spans[number]
                cover.add(_innermost(span), number, span[2])
            else:
                cover.end(number)
            i += 1
        if i == count:
            break
        inner, second = covers[0].first_two()
        theirs_top = covers[1].first() if theirs else None
        if inner is not None or theirs_top is not None:
            yield a, events[i][0], inner, second, theirs_top
