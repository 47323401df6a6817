"""Sentences of an article, for moving and selecting by sentence from the keyboard.

A sentence ends at ``.``, ``!``, ``?``, ``…`` or their CJK forms (with any closing quotes or
brackets after them) followed by a space, or at a line break. A full stop after a common
abbreviation ("Mr.", "U.S.") or an initial ("J. Smith") ends nothing. Only the paragraph
around a position is read, so moving by sentence costs the same in any length of article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_END = re.compile(r"[.!?…。！？]+[\"'”’»)\]]*(?=\s|$)|\n")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen sen rep gov lt col sgt capt maj prof jr sr inc ltd co corp vs etc "
    "e.g i.e u.s u.k u.n no jan feb mar apr jun jul aug sep sept oct nov dec".split()
)

Span = tuple[int, int]


def word_before(text: str, dot: int, openers: str = "\"'“‘(") -> str:
    """The word that ends at ``dot`` (back to the space before it), without the ``openers``
    it starts with, in lower case: what decides whether a full stop ends a sentence."""
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    return text[word_start:dot].lstrip(openers).lower()


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    word = word_before(text, dot)
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def sentences_from(text: str, pos: int) -> Iterator[Span]:
    """Sentences (start, end), trimmed of spaces, from the one holding ``pos`` onwards."""
    paragraph = text.rfind("\n", 0, pos) + 1
    start = paragraph
    for match in _END.finditer(text, paragraph):
        if match.group() != "\n" and _is_abbreviation(text, match.start()):
            continue
        end = match.start() if match.group() == "\n" else match.end()
        span = _trimmed(text, start, end)
        if span is not None and span[1] > pos:
            yield span
        start = match.end()
    span = _trimmed(text, start, len(text))
    if span is not None and span[1] > pos:
        yield span


def sentences_before(text: str, pos: int) -> Iterator[Span]:
    """Sentences ending at or before ``pos``, nearest first (paragraph by paragraph back)."""
    while pos > 0:
        paragraph = text.rfind("\n", 0, max(0, pos - 1)) + 1
        found = []
        for span in sentences_from(text, paragraph):
            if span[1] > pos:
                break
            found.append(span)
        yield from reversed(found)
        pos = paragraph - 1


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def next_sentence_end(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` ends; past a sentence's end, where the next one does."""
    return next((end for _start, end in sentences_from(text, pos)), len(text))


def next_untagged(text: str, pos: int, is_tagged: Callable[[int, int], bool], backwards: bool = False) -> Span | None:
    """The first sentence after (or before) ``pos`` that no annotation touches."""
    spans = sentences_before(text, pos) if backwards else sentences_from(text, pos)
    for start, end in spans:
        if (start < pos if backwards else start >= pos) and not is_tagged(start, end):
            return start, end
    return None
