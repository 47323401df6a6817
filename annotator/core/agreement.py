"""How far two annotators agree: span F1 (exact and overlap matching) and Cohen's kappa.

"Mine" is taken as the reference: precision is the share of their spans that match one of
mine, recall the share of mine matched by theirs; F1 is the same whichever side is which.
Notes are ignored throughout.

Kappa is computed over the non-whitespace characters of the text. Overall, each character's
class is the tag of the innermost span covering it, or "untagged"; per tag, the classes are
"covered by this tag" or not. When chance agreement is total (both sides label every
character alike and with a single class) kappa is defined here as 1.0.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from .model import Annotation, Tag
from .review import overlapping_pairs

UNTAGGED = "untagged"


@dataclass(frozen=True)
class SpanScores:
    matched: int
    mine: int
    theirs: int

    @property
    def precision(self) -> float:
        return self.matched / self.theirs if self.theirs else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.mine if self.mine else 1.0

    @property
    def f1(self) -> float:
        total = self.mine + self.theirs
        return 2 * self.matched / total if total else 1.0

    def as_dict(self) -> dict:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class Agreement:
    """Scores overall (key None) and per tag."""

    exact: dict[Tag | None, SpanScores]
    overlap: dict[Tag | None, SpanScores]
    kappa: dict[Tag | None, float]
    characters: int

    def as_dict(self) -> dict:
        def name(tag: Tag | None) -> str:
            return "overall" if tag is None else tag.value

        return {
            "characters": self.characters,
            "exact": {name(t): s.as_dict() for t, s in self.exact.items()},
            "overlap": {name(t): s.as_dict() for t, s in self.overlap.items()},
            "kappa": {name(t): k for t, k in self.kappa.items()},
        }


def agreement(text: str, mine: Sequence[Annotation], theirs: Sequence[Annotation]) -> Agreement:
    keys: list[Tag | None] = [None, *Tag]
    exact = {t: exact_scores(_only(mine, t), _only(theirs, t)) for t in keys}
    overlap = {t: overlap_scores(_only(mine, t), _only(theirs, t)) for t in keys}
    table, per_tag, characters = _character_tables(text, mine, theirs)
    kappa: dict[Tag | None, float] = {None: cohen_kappa(table)}
    for tag in Tag:
        kappa[tag] = cohen_kappa(per_tag[tag])
    return Agreement(exact, overlap, kappa, characters)


def exact_scores(mine: Sequence[Annotation], theirs: Sequence[Annotation]) -> SpanScores:
    """Matches are identical (start, end, tag), each span used once."""
    a = Counter((x.start, x.end, x.tag) for x in mine)
    b = Counter((x.start, x.end, x.tag) for x in theirs)
    return SpanScores(sum((a & b).values()), len(mine), len(theirs))


def overlap_scores(mine: Sequence[Annotation], theirs: Sequence[Annotation]) -> SpanScores:
    """Matches share a tag and at least one code point; one-to-one, largest overlap first."""
    candidates = []
    for a, b in overlapping_pairs(mine, theirs):
        if a.tag == b.tag:
            overlap = min(a.end, b.end) - max(a.start, b.start)
            candidates.append((overlap / (max(a.end, b.end) - min(a.start, b.start)), a.id, b.id, a, b))
    candidates.sort(key=lambda c: c[:3], reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    for *_, a, b in candidates:
        if id(a) not in used_a and id(b) not in used_b:
            used_a.add(id(a))
            used_b.add(id(b))
    return SpanScores(len(used_a), len(mine), len(theirs))


def cohen_kappa(table: Counter) -> float:
    """Kappa from a contingency Counter {(class_mine, class_theirs): weight}."""
    total = sum(table.values())
    if not total:
        return 1.0
    observed = sum(w for (a, b), w in table.items() if a == b) / total
    rows: Counter = Counter()
    cols: Counter = Counter()
    for (a, b), w in table.items():
        rows[a] += w
        cols[b] += w
    expected = sum(rows[k] * cols[k] for k in rows) / (total * total)
    if expected >= 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


def _only(anns: Sequence[Annotation], tag: Tag | None) -> list[Annotation]:
    return list(anns) if tag is None else [a for a in anns if a.tag == tag]


def _character_tables(text: str, mine: Sequence[Annotation], theirs: Sequence[Annotation]):
    """Contingency tables over non-whitespace characters, built per segment between span edges."""
    cuts = {0, len(text)}
    for ann in (*mine, *theirs):
        cuts.add(ann.start)
        cuts.add(ann.end)
    points = sorted(cuts)
    sides = (_Sweep(mine), _Sweep(theirs))
    overall: Counter = Counter()
    per_tag: dict[Tag, Counter] = {tag: Counter() for tag in Tag}
    characters = 0
    for a, b in zip(points, points[1:]):
        weight = sum(map(len, text[a:b].split()))
        if not weight:
            continue
        covering = [side.advance(a) for side in sides]
        inner = tuple(min(c, key=_innermost).tag.value if c else UNTAGGED for c in covering)
        overall[inner] += weight
        tags = [{x.tag for x in c} for c in covering]
        for tag in Tag:
            per_tag[tag][(tag in tags[0], tag in tags[1])] += weight
        characters += weight
    return overall, per_tag, characters


class _Sweep:
    """The spans covering a position, for positions visited in increasing order."""

    def __init__(self, anns: Sequence[Annotation]) -> None:
        self._pending = sorted(anns, key=lambda a: a.start, reverse=True)
        self._open: list[tuple[int, int, Annotation]] = []
        self._n = 0

    def advance(self, position: int) -> list[Annotation]:
        while self._pending and self._pending[-1].start <= position:
            ann = self._pending.pop()
            self._n += 1
            heapq.heappush(self._open, (ann.end, self._n, ann))
        while self._open and self._open[0][0] <= position:
            heapq.heappop(self._open)
        return [entry[2] for entry in self._open]


def _innermost(ann: Annotation) -> tuple[int, int, str]:
    """Shortest span first; equal spans with different tags are ordered by tag name."""
    return (ann.end - ann.start, ann.start, ann.tag.value)
