"""Unverified reports: sentences the article itself hedges ("reportedly", "could not be
independently verified", "angeblich", hearsay "soll … haben").

The span is the sentence that carries the hedge, as the sample tags "If confirmed, …". A plain
reporting verb ("claims", "behauptet") or an estimate is not a hedge.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._text import sentences

NAME = "hedges"

_EN = [
    r"reportedly", r"allegedly", r"alleged", r"purportedly", r"supposedly", r"apparently", r"unconfirmed",
    r"unverified", r"unsubstantiated", r"rumou?red", r"if confirmed", r"if true",
    r"(?:could|can|cannot|can't|has|have|had|was|were|is|are)(?: not|n't)(?: yet)?(?: be| been)? (?:independently )?(?:verified|confirmed)",
    r"not (?:been )?independently (?:verified|confirmed)",
    r"(?:would|could|did|does|do)(?: not|n't) (?:immediately )?(?:confirm|verify)",
    r"declined to (?:confirm|verify)", r"refused to confirm",
    r"(?:it )?(?:is|was|remains|remained)(?: not|n't) (?:immediately |yet |entirely )?clear",
    r"(?:it )?(?:is|was|remains|remained) unclear",
    r"(?:is|are|was|were) (?:said|believed|thought|understood|rumou?red) to",
    r"thought to be", r"believed to be",
    r"(?:unnamed |anonymous )?sources (?:say|said|told|claim|claimed)",
    r"without (?:providing|offering|giving) (?:any )?evidence",
    r"no evidence (?:was|has been) (?:provided|offered|given)",
]
_DE = [
    r"angeblich(?:e|en|er|es|em)?", r"mutma(?:ß|ss)lich(?:e|en|er|es|em)?", r"vermeintlich(?:e|en|er|es|em)?",
    r"vermutlich", r"womöglich", r"vielleicht", r"unbestätigt(?:e|en|er|es)?", r"unbelegt(?:e|en|er|es)?",
    r"nicht (?:unabhängig )?(?:überprüft|überprüfbar|bestätigt|verifiziert)",
    r"(?:ließ|lässt|lassen) sich (?:zunächst )?nicht (?:unabhängig )?(?:überprüfen|bestätigen|verifizieren)",
    r"berichten zufolge", r"gerüchten zufolge", r"nach unbestätigten (?:berichten|angaben|informationen)",
    r"(?:steht|stand) es zumindest", r"(?:war|ist) (?:zunächst )?(?:unklar|nicht klar)",
    r"\w+(?:t|en) (?:haben|sein|worden sein) soll(?:en|te|ten)?",  # "gedient haben soll"
    r"soll(?:en)? (?:\w+ ){0,6}\w+(?:t|en) (?:haben|sein)(?=\W)",  # "soll … gesagt haben"
]
_PATTERNS = {
    "en": re.compile(r"(?<!\w)(?:" + "|".join(_EN) + r")(?!\w)", re.IGNORECASE),
    "de": re.compile(r"(?<!\w)(?:" + "|".join(_DE) + r")(?!\w)", re.IGNORECASE),
}


def suggest(text: str, lo: int, hi: int, lang: str) -> Iterator[tuple[str, int, int, str, float]]:
    """(tag, start, end, reason, score) of each hedged sentence in [lo, hi)."""
    pattern = _PATTERNS.get(lang)
    if pattern is None:
        return
    hits = [(m.start(), m.group()) for m in pattern.finditer(text, lo, hi)]
    if not hits:
        return
    spans = sentences(text, lo, hi)
    k = 0
    for start, end in spans:
        while k < len(hits) and hits[k][0] < start:
            k += 1
        words = []
        while k < len(hits) and hits[k][0] < end:
            words.append(hits[k][1])
            k += 1
        if words:
            shown = ", ".join(f"“{w}”" for w in dict.fromkeys(w.lower() for w in words))
            yield "unverified", start, end, f"hedged: {shown}", 0.9
