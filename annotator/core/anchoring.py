"""Where an annotation sits in the text: snapping a selection, and the quote that re-finds it."""

from __future__ import annotations

import re
import unicodedata
from itertools import repeat
from operator import attrgetter, sub

from .model import CONTEXT_LENGTH, Annotation, Quote


def snap_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim whitespace from both ends of ``text[start:end]`` and complete cut-off words.

    A selection that starts or ends inside a word grows to the whole word, as a hand on a
    mouse rarely lands exactly between letters. Words are only completed in scripts that
    separate words with spaces: in Chinese or Japanese a run of characters is a phrase, not
    a word, so it is left as selected. Returns the new (start, end), or None when nothing
    but whitespace was selected. Out-of-range or reversed offsets are clamped and ordered
    first, as a drag can give either.
    """
    start, end = sorted((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    while start > 0 and in_word(text[start - 1]) and in_word(text[start]):
        start -= 1
    while end < len(text) and in_word(text[end - 1]) and in_word(text[end]):
        end += 1
    return start, end


def in_word(ch: str) -> bool:
    """A letter, digit or combining mark of a script that puts spaces between words."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return False
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def quote_for(text: str, start: int, end: int) -> Quote:
    """The W3C TextQuoteSelector of a span: exact text plus up to CONTEXT_LENGTH either side."""
    return Quote(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_LENGTH) : start],
        suffix=text[end : end + CONTEXT_LENGTH],
    )


def quote_problems(text: str, start: int, end: int, quote: Quote) -> list[str]:
    """Ways in which ``quote`` disagrees with ``text`` at [start, end); empty when it fits."""
    if end > len(text):
        return [f"end {end} is past the end of the text ({len(text)} code points)"]
    problems = []
    found = text[start:end]
    if found != quote.exact:
        problems.append(f"quote.exact is {_short(quote.exact)} but the text there is {_short(found)}")
    if quote.prefix and not text.endswith(quote.prefix, 0, start):
        problems.append(f"quote.prefix {_short(quote.prefix)} does not precede the span")
    if quote.suffix and not text.startswith(quote.suffix, end):
        problems.append(f"quote.suffix {_short(quote.suffix)} does not follow the span")
    return problems


def quotes_fit(text: str, annotations: list[Annotation]) -> bool:
    """True when every annotation's quote fits ``text``: ``quote_problems`` empty for all.

    The same checks with ``map`` over C methods, about five times quicker than calling
    ``quote_problems`` 100,000 times; the detailed report is needed only when this fails.
    """
    if not annotations:
        return True
    starts = list(map(attrgetter("start"), annotations))
    ends = list(map(attrgetter("end"), annotations))
    quotes = list(map(attrgetter("quote"), annotations))
    exacts = list(map(attrgetter("exact"), quotes))
    return (
        max(ends) <= len(text)
        and list(map(len, exacts)) == list(map(sub, ends, starts))
        and all(map(text.startswith, exacts, starts))
        and all(map(text.endswith, map(attrgetter("prefix"), quotes), repeat(0), starts))
        and all(map(text.startswith, map(attrgetter("suffix"), quotes), ends))
    )


def _short(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


MAX_CANDIDATES = 1000
NEAR = 4096
"""Code points either side of the expected place searched first, before the whole text."""
CLOSE = 64
"""Code points either side of the expected place looked at before NEAR: a span moved by a
few places (another tool's offsets a little off) is found without searching 8,000."""
MAX_RUN = 256
"""The most whitespace a loose candidate takes in for a quote that starts or ends with some:
the search never walks a long run of spaces once per place in it."""


class SearchBudget:
    """How many code points whole-text searches may still read, shared by the spans of one
    import: each span not found near its offsets reads the whole article, so a file of
    100,000 such spans would read it 100,000 times. Once spent, the rest are refused by name."""

    def __init__(self, text: str) -> None:
        self.left = max(BUDGET_FLOOR, BUDGET_TIMES * len(text))
        self.spent = False

    def take(self, code_points: int) -> bool:
        if code_points > self.left:
            self.spent = True
            return False
        self.left -= code_points
        return True


BUDGET_TIMES = 32
BUDGET_FLOOR = 64 << 20
"""An import's whole-text searches read at most 32 articles' worth (64 M code points at least):
about 2 s for a 10 MB article, where an unbounded file could take hours."""


def reanchor(
    text: str, start: int, end: int, quote: Quote, expected: int | None = None, budget: SearchBudget | None = None
) -> tuple[int, int] | None:
    """Find a span again in ``text`` (which may differ from the text it was made on).

    Candidates are the places where the quote occurs exactly, and where it occurs with other
    whitespace (an article re-copied with other line breaks): first within NEAR code points
    of ``expected`` (where the span should be now, e.g. its old start shifted like the spans
    before it), then, if none is there, anywhere. The winner is the candidate whose
    surroundings best match the stored prefix and suffix, then an exact one, then the
    nearest. A candidate with its whole prefix and suffix matching ends the search early.
    Returns None when the quote is nowhere in the text, or when it is not near its place and
    ``budget`` allows no more searches of the whole text (``budget.spent`` then says so).

    Every search is bounded: ``str.find`` for exact places, a regular expression without a
    leading or trailing ``\\s+`` for loose ones (whitespace at the ends is taken in
    afterwards, at most MAX_RUN), at most MAX_CANDIDATES of each, and context compared over
    CONTEXT_LENGTH code points. A run of 200,000 spaces costs one pass, not one per space.
    """
    expected = start if expected is None else expected
    full = len(quote.prefix) + len(quote.suffix)
    for guess in dict.fromkeys((start, expected)):  # unmoved, or moved like the spans before it
        place = (guess, guess + end - start)
        if guess >= 0 and text.startswith(quote.exact, guess) and _context_score(text, place, quote) == full:
            return place
    # Exact places close by first: the nearest with all its context wins over anything
    # further away (as it would in the NEAR window), and costs a search of 128 code points.
    lo, hi = max(0, expected - CLOSE), min(len(text), expected + len(quote.exact) + CLOSE)
    best = None
    for place in _exact_places(text, quote.exact, lo, hi):
        key = (_context_score(text, place, quote), -abs(place[0] - expected))
        if key[0] == full and (best is None or key > best[0]):
            best = (key, place)
    if best is not None:
        return best[1]
    lo, hi = max(0, expected - NEAR), min(len(text), expected + len(quote.exact) + NEAR)
    for window in ((lo, hi), (0, len(text))):
        if window[0] == 0 and window[1] == len(text) and budget is not None and not budget.take(len(text)):
            return None
        best = None
        for exact, places in ((True, _exact_places(text, quote.exact, *window)), (False, _loose_places(text, quote.exact, *window))):
            for place in places:
                key = (_context_score(text, place, quote), exact, -abs(place[0] - expected))
                if best is None or key > best[0]:
                    best = (key, place)
            if best is not None and best[0][0] == full:
                return best[1]
        if best is not None:
            return best[1]
    return None


def _exact_places(text: str, exact: str, lo: int, hi: int) -> list[tuple[int, int]]:
    places = []
    at = text.find(exact, lo, hi)
    while at != -1 and len(places) < MAX_CANDIDATES:
        places.append((at, at + len(exact)))
        at = text.find(exact, at + 1, hi)
    return places


def _loose_places(text: str, exact: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Places where the quote's words occur separated by any whitespace (but not exactly).

    The words are matched with ``\\s+`` between them only; a quote that starts (ends) with
    whitespace needs whitespace before (after) them, taken in up to MAX_RUN code points.
    A pattern starting with ``\\s+`` would be tried at every place of a run of spaces, each
    try walking the rest of the run: quadratic (40,000 spaces took 5 s).
    """
    words = exact.split()
    if len(words) < 2:
        return []
    lead, trail = exact[:1].isspace(), exact[-1:].isspace()
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    places = []
    for match in pattern.finditer(text, lo, hi):
        s, e = match.span()
        if lead:
            if s <= lo or not text[s - 1].isspace():
                continue
            stop = max(lo, s - MAX_RUN)
            while s > stop and text[s - 1].isspace():
                s -= 1
        if trail:
            if e >= hi or not text[e].isspace():
                continue
            stop = min(hi, e + MAX_RUN)
            while e < stop and text[e].isspace():
                e += 1
        if text[s:e] != exact:
            places.append((s, e))
            if len(places) >= MAX_CANDIDATES:
                break
    return places


def _context_score(text: str, place: tuple[int, int], quote: Quote) -> int:
    """How many code points of the stored prefix and suffix agree with the text around ``place``."""
    before = text[max(0, place[0] - len(quote.prefix)) : place[0]]
    after = text[place[1] : place[1] + len(quote.suffix)]
    return _common_suffix(before, quote.prefix) + _common_prefix(after, quote.suffix)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
