"""Suggested annotations: spans the rules or the user's own work propose, each with its reason.

One module per suggester (quotes, sources, hedges for unverified reports, claims, learned).
``suggest`` runs them over a range of an article: the paragraphs on screen fast, or the whole
text in chunks with progress and cancel. Qt-free, offline, standard library only.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..errors import Cancelled, Progress
from . import _text, claims, hedges, quotes, sources
from .learned import Example, LearnedModel, PhraseMatcher, examples_from

__all__ = ["Suggestion", "suggest", "language_of", "TAGS", "LearnedModel", "Example", "examples_from", "Cancelled", "PhraseMatcher"]

TAGS = ("claim", "quote", "source", "unverified")
RULES = {"quote": quotes, "source": sources, "unverified": hedges, "claim": claims}
"""The rule-based suggester of each tag."""
CHUNK = 64_000
"""Characters suggested for between two progress reports (and chances to cancel)."""
DROP_BELOW = 0.35
"""A learned model drops a suggestion only when it is this sure the user would reject it."""
MARGIN = 1_500
"""Context read either side of a range, so quotations and sentences cut by its edges are whole."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed annotation. ``reason`` is what the hover shows; ``score`` is in (0, 1]."""

    tag: str
    start: int
    end: int
    exact: str
    reason: str
    suggester: str
    score: float

    def key(self) -> tuple[str, int, int, str]:
        """What a rejection is remembered by: (tag, start, end, exact)."""
        return (self.tag, self.start, self.end, self.exact)


def language_of(text: str) -> str:
    """"en", "de" or "other" for an article: English and German get every suggester; other
    languages the punctuation-based (quotes) and learned ones."""
    return _text.language(text)


def suggest(
    text: str,
    *,
    tags: Iterable[str] | None = None,
    start: int = 0,
    end: int | None = None,
    learned_from: Iterable[object] | PhraseMatcher = (),
    rejected: Iterable[tuple[str, int, int, str]] = (),
    existing: Iterable[object] = (),
    model: LearnedModel | None = None,
    language: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Suggestion]:
    """Suggestions overlapping [start, end) of ``text``, sorted by position, without duplicates.

    ``learned_from``: annotations (or (tag, exact) pairs) of this article or workspace whose
    phrases are suggested again where they recur, or a PhraseMatcher made of them once. ``rejected``: (tag, start, end, exact) never
    offered again. ``existing``: annotations (or (tag, start, end)) already on this text: a
    suggestion of the same tag and span is left out. ``model``: a LearnedModel trained on
    accepted and rejected spans, which drops what the user would reject and rescores the rest.
    ``language``: "en", "de" or "other"; when not given it is worked out from the range read,
    so a caller suggesting screen by screen should pass ``language_of(text)`` once for all.
    ``progress(done, total)`` is called after each chunk; ``cancelled()`` returning True (or
    progress raising Cancelled) stops the work with Cancelled.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    wanted = [t for t in TAGS if tags is None or t in set(tags)]
    unknown = set(tags or ()) - set(TAGS)
    if unknown:
        raise ValueError(f"unknown tags: {', '.join(sorted(unknown))}")
    if language is None:
        lo, hi = _text.line_edges(text, start, min(end, start + 20_000), MARGIN)
        language = _text.language(text, lo, hi)
    runners: list[tuple[str, Callable]] = [(RULES[t].NAME, RULES[t].suggest) for t in wanted]
    if isinstance(learned_from, PhraseMatcher):  # made once by a caller suggesting piece by piece
        matcher = learned_from
    else:
        matcher = PhraseMatcher(learned_from) if learned_from else None
    if matcher is not None and matcher.patterns:
        runners.append(("learned", matcher.suggest))
    refused = {tuple(r) for r in rejected}
    present = {_span_of(a) for a in existing}
    found: dict[tuple[str, int, int], Suggestion] = {}
    total = max(1, end - start)
    pos = start
    while True:
        if cancelled is not None and cancelled():
            raise Cancelled()
        chunk_end = min(end, pos + CHUNK)
        newline = text.find("\n", chunk_end, end)
        chunk_end = end if newline < 0 or chunk_end >= end else newline + 1
        lo, hi = _text.line_edges(text, pos, chunk_end, MARGIN)
        for name, run in runners:
            for tag, s, e, reason, score in run(text, lo, hi, language):
                if tag not in wanted or e <= pos and pos > start or e <= start or s >= chunk_end:
                    continue
                if pos > start and s < pos:  # an earlier chunk has it
                    continue
                exact = text[s:e]
                if (tag, s, e) in present or (tag, s, e, exact) in refused:
                    continue
                if model is not None:
                    p = model.probability(tag, exact, text[max(0, s - 40):s], text[e:e + 40])
                    if p is not None:
                        if p < DROP_BELOW:
                            continue
                        score = (score + p) / 2
                        reason = f"{reason}; like spans you kept ({p:.0%})"
                new = Suggestion(tag, s, e, exact, reason, name, round(score, 3))
                old = found.get((tag, s, e))
                if old is None or new.score > old.score:
                    found[(tag, s, e)] = new
        if progress is not None:
            progress(chunk_end - start, total)
        if chunk_end >= end:
            break
        pos = chunk_end
    kept = _without_learned_inside_rules(list(found.values()))
    return sorted(kept, key=lambda x: (x.start, x.end, TAGS.index(x.tag) if x.tag in TAGS else 9))


def _without_learned_inside_rules(found: list[Suggestion]) -> list[Suggestion]:
    """A learned phrase inside a rule's span of the same tag ("Stenger" in "Flixbus-Manager
    Stenger") says nothing new: it is left out."""
    rules: dict[str, list[tuple[int, int]]] = {}
    for s in found:
        if s.suggester != "learned":
            rules.setdefault(s.tag, []).append((s.start, s.end))
    reach: dict[str, tuple[list[int], list[int]]] = {}
    for tag, spans in rules.items():
        spans.sort()
        ends, furthest = [], -1
        for _start, end in spans:
            furthest = max(furthest, end)
            ends.append(furthest)
        reach[tag] = ([start for start, _end in spans], ends)
    kept = []
    for s in found:
        if s.suggester == "learned" and s.tag in reach:
            starts, ends = reach[s.tag]
            i = bisect_right(starts, s.start) - 1
            if i >= 0 and ends[i] >= s.end:
                continue
        kept.append(s)
    return kept


def _span_of(item: object) -> tuple[str, int, int]:
    if isinstance(item, tuple):
        return (str(item[0]), int(item[1]), int(item[2]))
    tag = getattr(item, "tag")
    return (str(getattr(tag, "value", tag)), int(getattr(item, "start")), int(getattr(item, "end")))
