"""Moving one end of an annotation by a word or by a character, as the keyboard does it.

A word move lands on word ends, as tagging snaps a selection to whole words; a character
move is exact (to take in or leave out a full stop or a quotation mark) but never stops on
whitespace, which tagging would trim away, nor inside a user-perceived character: an accent
stays with its letter, a flag's two halves and an emoji's skin tone or ZWJ parts together.
In scripts without spaces between words (Chinese, Japanese) each character counts as a word.
All offsets are code points; None means the move would leave nothing or go nowhere.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from .anchoring import in_word

Edge = Literal["start", "end"]
Unit = Literal["word", "char"]

_ZWJ = "\u200d"


def moved(text: str, start: int, end: int, edge: Edge, unit: Unit, forward: bool) -> tuple[int, int] | None:
    """[start, end) with ``edge`` moved one ``unit`` forward (to the right in reading order)
    or back; None when the span would be empty or nothing moves."""
    if not 0 <= start < end <= len(text):
        return None
    if edge == "end":
        new = (_word_end_after if forward else _word_end_before)(text, end, start) if unit == "word" else _char_end(text, end, start, forward)
        return None if new is None or new == end or new <= start else (start, new)
    new = (_word_start_after if forward else _word_start_before)(text, start, end) if unit == "word" else _char_start(text, start, end, forward)
    return None if new is None or new == start or new >= end else (new, end)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") and ch.isalnum()


def _wordy(ch: str) -> bool:
    return in_word(ch) or _wide(ch)


def _word_end_after(text: str, end: int, _start: int) -> int | None:
    """The end of the next word after ``end`` (what lies between comes too)."""
    i = end
    while i < len(text) and not _wordy(text[i]):
        i += 1
    if i == len(text):
        return None
    if _wide(text[i]):
        return after_cluster(text, i)
    while i < len(text) and in_word(text[i]):
        i += 1
    return i


def _word_end_before(text: str, end: int, start: int) -> int | None:
    """``end`` with the last word (and what follows it) left out, trailing spaces trimmed."""
    i = end
    while i > start and not _wordy(text[i - 1]):
        i -= 1
    if i > start and _wide(text[i - 1]):
        i -= 1
    else:
        while i > start and in_word(text[i - 1]):
            i -= 1
    while i > start and text[i - 1].isspace():
        i -= 1
    return i if i > start else None


def _word_start_after(text: str, start: int, end: int) -> int | None:
    """``start`` with the first word (and what precedes it) left out, leading spaces trimmed."""
    i = start
    while i < end and not _wordy(text[i]):
        i += 1
    if i < end and _wide(text[i]):
        i = after_cluster(text, i)
    else:
        while i < end and in_word(text[i]):
            i += 1
    while i < end and text[i].isspace():
        i += 1
    return i if i < end else None


def _word_start_before(text: str, start: int, _end: int) -> int | None:
    """The start of the word before ``start`` (what lies between comes too)."""
    i = start
    while i > 0 and not _wordy(text[i - 1]):
        i -= 1
    if i == 0:
        return None
    if _wide(text[i - 1]):
        return before_cluster(text, i)
    while i > 0 and in_word(text[i - 1]):
        i -= 1
    return i


def _char_end(text: str, end: int, start: int, forward: bool) -> int | None:
    i = end
    if forward:
        i = after_cluster(text, i)
        while i < len(text) and text[i - 1].isspace():
            i = after_cluster(text, i)
        return None if text[i - 1].isspace() else i
    i = before_cluster(text, i)
    while i > start and text[i - 1].isspace():
        i = before_cluster(text, i)
    return i


def _char_start(text: str, start: int, end: int, forward: bool) -> int | None:
    i = start
    if forward:
        i = after_cluster(text, i)
        while i < end and text[i].isspace():
            i = after_cluster(text, i)
        return i
    i = before_cluster(text, i)
    while i > 0 and text[i].isspace():
        i = before_cluster(text, i)
    return None if text[i].isspace() else i


def _joins(text: str, i: int) -> bool:
    """Whether a boundary at ``i`` would split a user-perceived character."""
    if i <= 0 or i >= len(text):
        return False
    ch, before = text[i], text[i - 1]
    if before == _ZWJ or ch == _ZWJ:
        return True
    if unicodedata.category(ch) in ("Mn", "Me", "Mc") or "\ufe00" <= ch <= "\ufe0f" or "\U0001f3fb" <= ch <= "\U0001f3ff":
        return True
    if "\U000e0020" <= ch <= "\U000e007f":  # tag characters of subdivision flags
        return True
    if _regional(ch) and _regional(before):
        run = 0
        j = i - 1
        while j >= 0 and _regional(text[j]):
            run += 1
            j -= 1
        return run % 2 == 1  # a flag is a pair: split only between pairs
    return False


def _regional(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def after_cluster(text: str, i: int) -> int:
    """The boundary after the user-perceived character that starts at ``i``."""
    i = min(i + 1, len(text))
    while i < len(text) and _joins(text, i):
        i += 1
    return i


def before_cluster(text: str, i: int) -> int:
    """The boundary before the user-perceived character that ends at ``i``."""
    i = max(i - 1, 0)
    while i > 0 and _joins(text, i):
        i -= 1
    return i
