"""Claims: check-worthy sentences, scored by what makes a statement checkable.

Figures, percentages, amounts, dates and years, superlatives and comparisons, causes, and
named actors doing something in the past count for a sentence; opinions (should, must, I/we),
questions and very short fragments count against. The threshold (``THRESHOLD``) was chosen on
the evaluation set in tests/suggest_eval/ by leave-one-article-out (see its README).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._text import sentences

NAME = "claims"

THRESHOLD = 2.0
"""A sentence scoring at least this is suggested (each feature below adds its weight)."""

# Sets, not lists: each word of each sentence is looked up in every one of them.
_NUMBER_WORDS = frozenset((
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand "
    "million millions billion billions trillion dozen half third quarter twice double triple percent "
    "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig hundert tausend million millionen "
    "milliarde milliarden prozent hälfte drittel viertel doppelt dreimal zweimal"
).split())
_MONTHS = frozenset((
    "january february march april may june july august september october november december jan feb mar apr jun "
    "jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday yesterday "
    "januar februar märz mai juni juli oktober dezember montag dienstag mittwoch donnerstag freitag samstag "
    "sonntag gestern vorgestern"
).split())
_COMPARE = frozenset((
    "largest biggest highest lowest first most least best worst fastest slowest longest shortest greatest "
    "smallest oldest newest only record more than less than fewer than bigger higher lower larger smaller "
    "faster slower better worse exceeds exceeded above below average compared double doubled rose fell increased "
    "decreased declined grew dropped surged "
    "größte größten größter höchste höchsten niedrigste erste ersten meisten wenigsten beste besten "
    "schnellste schnellsten längste längsten einzige rekord mehr als weniger als höher niedriger größer kleiner "
    "schneller langsamer stieg sank gestiegen gesunken verdoppelt"
).split())
_CAUSE = frozenset(("because due caused causing led result therefore thanks since weil wegen deshalb dadurch daher "
                    "führte verursacht aufgrund infolge").split())
_EVENT = frozenset(("won killed announced launched signed released declared took struck attacked arrested died elected "
                    "approved rejected passed opened closed founded invested pledged banned cut raised sold bought "
                    "hit detected recorded tracked accepted picked named beat emerged snubbed "
                    "gewann getötet kündigte unterzeichnete veröffentlichte eröffnete gründete strich abgeschafft "
                    "investierte verbot stimmte beschloss").split())
_OPINION = frozenset(("should must need needs ought hope hopes believe believes think thinks feel feels could would might "
                      "sollte sollten müssen muss müsste hoffe hoffen glaube glauben denke finde wünsche").split())
_FIRST_PERSON = frozenset("i we you our my your us me ich wir uns unser unsere mein meine du ihr".split())

_WORDS = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")
_DIGITS = re.compile(r"\d")
_PERCENT = re.compile(r"\d\s?(?:%|percent|per cent|prozent)", re.IGNORECASE)
_MONEY = re.compile(r"[$€£¥]\s?\d|\d\s?(?:€|\$|euro|dollars?|pounds?|yuan)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:1[89]\d\d|20\d\d)(?!\d)")


def features(sentence: str) -> dict[str, float]:
    """The weighted features of one sentence: the reason a claim is suggested, and its score."""
    words = _WORDS.findall(sentence)
    lower = [w.lower() for w in words]
    found: dict[str, float] = {}
    if _PERCENT.search(sentence):
        found["a percentage"] = 2.0
    if _MONEY.search(sentence):
        found["an amount of money"] = 2.0
    if _YEAR.search(sentence):
        found["a year"] = 1.5
    if _DIGITS.search(sentence) and not found:
        found["a figure"] = 1.5
    elif any(w in _NUMBER_WORDS for w in lower):
        found.setdefault("a number", 1.0)
    if any(w in _MONTHS for w in lower):
        found["a date"] = 1.0
    joined = " ".join(lower)
    if any(w in _COMPARE for w in lower) or re.search(r"\b(?:more|less|fewer|mehr|weniger) (?:than|als)\b", joined):
        found["a comparison or superlative"] = 1.0
    if any(w in _CAUSE for w in lower):
        found["a cause"] = 0.5
    if any(w in _EVENT for w in lower):
        found["an event"] = 1.0
    names = sum(1 for w in words[1:] if w[0].isupper())
    if names >= 2:
        found["named actors"] = 1.0
    elif names == 1:
        found["a name"] = 0.5
    past = sum(1 for w in lower if len(w) > 3 and w.endswith("ed")) + sum(1 for w in lower if w in ("was", "were", "has", "had", "have", "hat", "hatte", "wurde", "wurden", "ist", "sind", "is", "are"))
    if past:
        found["stated as fact"] = 0.5
    if len(words) >= 12:
        found["a full statement"] = 0.5
    if any(w in _OPINION for w in lower):
        found["opinion words"] = -1.0
    if sum(1 for w in lower if w in _FIRST_PERSON) >= 1:
        found["first person"] = -1.0
    if sentence.rstrip("”\"»«“’ ").endswith("?"):
        found["a question"] = -2.0
    if len(words) < 4:
        found["too short"] = -2.0
    return found


def score(sentence: str) -> tuple[float, str]:
    found = features(sentence)
    reasons = [k for k, v in sorted(found.items(), key=lambda kv: -kv[1]) if v > 0][:3]
    return sum(found.values()), ", ".join(reasons)


def suggest(text: str, lo: int, hi: int, lang: str, threshold: float = THRESHOLD) -> Iterator[tuple[str, int, int, str, float]]:
    """(tag, start, end, reason, score) of each check-worthy sentence in [lo, hi)."""
    if lang not in ("en", "de"):  # the word lists are English and German
        return
    for start, end in sentences(text, lo, hi):
        value, why = score(text[start:end])
        if value >= threshold:
            yield "claim", start, end, f"check-worthy: {why}", min(1.0, value / 6)
