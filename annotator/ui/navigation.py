"""Working without the mouse: moving between annotations and untagged sentences, extending a
selection by sentence, and sticky tagging. The main window's actions call these.

Each step reads only the neighbourhood of the caret (a bisection in the sorted annotations,
the paragraph around it), so it costs the same in any size of article.
"""

from __future__ import annotations

from bisect import bisect_left
from operator import attrgetter
from typing import TYPE_CHECKING

from ..core.sentences import next_sentence_end, next_untagged, sentences_before

if TYPE_CHECKING:
    from .main_window import MainWindow

_start = attrgetter("start")


def step_annotation(window: MainWindow, forward: bool) -> None:
    """Select the annotation after (or before) the current one, or the caret."""
    session = window.session
    if session is None or not len(session.annotations):
        return
    anns = session.annotations
    current = window.panel.current_annotation()
    if current is not None:
        row = anns.row_of(current) + (1 if forward else -1)
    else:
        row = bisect_left(anns.document.annotations, window.view.caret(), key=_start) - (0 if forward else 1)
    if not 0 <= row < len(anns):
        window.statusBar().showMessage("No more annotations this way.", 3000)
        return
    window.panel.select_annotation(anns[row].id)
    window.view.setFocus()


def step_untagged(window: MainWindow, forward: bool) -> None:
    """Select the next (or previous) sentence no annotation touches, ready to tag."""
    session = window.session
    if session is None:
        return
    text = session.document.text
    span = window.view.selected_span()
    caret = window.view.caret()
    pos = (span[1] if forward else span[0]) if span else caret
    anns = session.annotations
    found = next_untagged(text, pos, lambda a, b: bool(anns.spans_touching(a, b)), backwards=not forward)
    if found is None:
        window.statusBar().showMessage("No untagged sentence this way.", 3000)
        return
    window.view.select_span(*found)
    window.view.setFocus()


def extend_by_sentence(window: MainWindow, forward: bool) -> None:
    """Grow the selection to the end of the sentence its end is in (then the next one), or
    shrink it back by a sentence; its start stays where it is."""
    if window.session is None:
        return
    text = window.session.document.text
    span = window.view.selected_span() or (window.view.caret(), window.view.caret())
    start, end = span
    if forward:
        new_end = next_sentence_end(text, end)
    else:
        new_end = next((e for _s, e in sentences_before(text, end - 1)), start) if end > start else start
    window.view.select_from(start, max(start, new_end))
