"""Quotations: text between quotation marks of any common style, when it is someone's words.

Styles: “…” and "…" (with the mismatched "…” that real copy has), ‘…’ and '…', German „…“
and »…«, French « … », ‹…› / ›…‹, CJK 「…」 and 『…』. The outermost pair wins; quotes nested
inside it are part of it. A quotation carried over several paragraphs (the opening mark
repeated, the closing one only at its end) gives one span per paragraph. The span is the text
inside the marks, without them, as the sample project tags quotes.

What is not a quote: titles and names in marks (“The Irishman”, »Jaegers Grenze«) and scare
quotes of one to three words with no speech verb near them (“gig economy”).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._text import SPEECH_DE, SPEECH_EN

NAME = "quotes"

_CLOSERS = {"“": "”", "„": "“”", "»": "«", "«": "»", "‹": "›", "›": "‹", "「": "」", "『": "』",
            "‘": "’", '"': '"”', "'": "'"}
_OPENERS = re.compile(r"[“„»«‹›「『‘\"']")
_BEFORE_OPEN = set(" \t\n([{—–-/:;,.…")
_CUE = re.compile(r"(?<!\w)(?:" + "|".join(sorted(set(SPEECH_EN + SPEECH_DE), key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)
_CUE_AFTER = re.compile(r"[\s,.:;!?–—-]*(?:\w+\s+){0,4}?(?:" + "|".join(sorted(set(SPEECH_EN + SPEECH_DE) - {"so", "according", "laut", "zufolge"}, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
_SENTENCE_END = re.compile(r"[.!?]\s")
_LONGEST_SINGLE = 300
_LONGEST_ACROSS_LINES = 1200


def _opens(text: str, i: int) -> bool:
    """Whether the mark at ``i`` can open a quotation (straight marks: by what is around them)."""
    ch = text[i]
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace() and ch not in "«»":
        return False
    if ch in "\"'‘":
        before = text[i - 1] if i > 0 else " "
        if before not in _BEFORE_OPEN and not before.isspace():
            return False
        if ch == "'" and not after.isalnum():
            return False
    return True


def _closes(text: str, j: int, opener: str) -> bool:
    """Whether the mark at ``j`` closes: a ’ or ' followed by a letter is an apostrophe."""
    ch = text[j]
    after = text[j + 1] if j + 1 < len(text) else " "
    if ch in "’'" or (opener == '"' and ch == '"'):
        if after.isalnum():
            return False
        if text[j - 1].isspace():
            return False
    return True


def _find_close(text: str, start: int, stop: int, opener: str) -> int | None:
    closers = _CLOSERS[opener]
    j = start
    while j < stop:
        j = min((p for p in (text.find(c, j, stop) for c in closers) if p >= 0), default=-1)
        if j < 0:
            return None
        if _closes(text, j, opener):
            return j
        j += 1
    return None


def pairs(text: str, lo: int, hi: int) -> Iterator[tuple[int, int, str]]:
    """(inner start, inner end, how) of each outermost quotation in [lo, hi)."""
    pos = lo
    while True:
        m = _OPENERS.search(text, pos, hi)
        if m is None:
            return
        i = m.start()
        opener = text[i]
        if not _opens(text, i):
            pos = i + 1
            continue
        line_end = text.find("\n", i)
        line_end = hi if line_end < 0 or line_end > hi else line_end
        limit = min(line_end, i + _LONGEST_SINGLE) if opener in "'‘" else line_end
        j = _find_close(text, i + 1, limit, opener)
        if j is not None:
            yield i + 1, j, "marks"
            pos = j + 1
            continue
        if opener in "'‘":
            pos = i + 1
            continue
        # Unclosed on its line: a quotation carried on in the next paragraph, or one that the
        # page broke over lines and that ends with a speech verb after the closing mark.
        next_line = line_end + 1
        while next_line < hi and text[next_line] == "\n":
            next_line += 1
        if next_line < hi and text[next_line] == opener and line_end > i + 1:
            yield i + 1, line_end, "carried over"
            pos = line_end
            continue
        far = _find_close(text, line_end, min(hi, i + _LONGEST_ACROSS_LINES), opener)
        if far is not None and opener not in text[i + 1 : far] and _CUE_AFTER.match(text, far + 1, min(hi, far + 60)):
            yield i + 1, far, "over line breaks"
            pos = far + 1
            continue
        pos = i + 1


def _titlelike(inner: str) -> bool:
    """Capitalised words only (a title or a name), or mostly, for four words or more."""
    words = [w.strip(".,;:!?()\"'“”‘’-–") for w in inner.split()]
    words = [w for w in words if w]
    if not words:
        return True
    capital = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    if len(words) <= 3:
        return capital == len(words)
    return capital / len(words) >= 0.75 and not re.search(r"[.?!,;:]\s", inner)


def _cue_before(text: str, i: int, lo: int) -> str | None:
    window_start = max(lo, i - 50)
    window = text[window_start:i]
    cut = max((m.end() for m in _SENTENCE_END.finditer(window)), default=0)
    cut = max(cut, window.rfind("\n") + 1)
    found = list(_CUE.finditer(window, cut))
    return found[-1].group() if found else None


def _cue_after(text: str, j: int, hi: int) -> str | None:
    m = _CUE_AFTER.match(text, j + 1, min(hi, j + 60))
    return m.group().split()[-1] if m and "\n" not in m.group() else None


def suggest(text: str, lo: int, hi: int, lang: str) -> Iterator[tuple[str, int, int, str, float]]:
    """(tag, start, end, reason, score) of each quotation in [lo, hi)."""
    for start, end, how in pairs(text, lo, hi):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        inner = text[start:end]
        # Chinese and Japanese don't space words: two characters count as about one word.
        words = max(len(inner.split()), len(_UNSPACED.findall(inner)) // 2)
        mark = text[start - 1] if text[start - 1] in _CLOSERS else "quotation"
        cue = _cue_after(text, end if how != "carried over" else end - 1, hi) or _cue_before(text, start - 1, lo)
        if _titlelike(inner):
            continue
        if words <= 3 and cue is None:
            continue
        what = {"marks": f"in {mark}…{_CLOSERS[mark][0] if mark in _CLOSERS else ''} marks",
                "carried over": f"in {mark}… marks carried over to the next paragraph",
                "over line breaks": f"in {mark}… marks over line breaks"}[how]
        reason = f"{what}, with “{cue}” near it" if cue else f"{what}, {words} words"
        yield "quote", start, end, reason, 0.9 if cue else 0.8
