"""How far two annotators agree: span F1 (exact and overlap matching) and Cohen's kappa.

"Mine" is taken as the reference: precision is the share of their spans that match one of
mine, recall the share of mine matched by theirs; F1 is the same whichever side is which.
Notes are ignored throughout.

Kappa is computed over the non-whitespace characters of the text. Overall, each character's
class is the tag of the innermost span covering it, or "untagged"; per tag, the classes are
"covered by this tag" or not. When chance agreement is total (both sides label every
character alike and with a single class) kappa is defined here as 1.0.

Verdicts: Cohen's kappa over the claims both rated. Claims are matched one to one as for
overlap F1 (same tag, largest overlap first); a matched pair where both gave a verdict is one
unit, its classes the two verdicts (level names, ignoring case). Below ``MIN_RATED`` such
claims the kappa says nothing and is not given ("too few claims rated by both").
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from .model import Annotation, Tag
from .review import nearby_pairs

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

    @property
    def unused(self) -> bool:
        """Neither side has a span here: the scores say nothing (reported as null)."""
        return self.mine == 0 and self.theirs == 0

    def as_dict(self) -> dict:
        if self.unused:
            return {**asdict(self), "precision": None, "recall": None, "f1": None}
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


MIN_RATED = 5
"""The fewest claims both rated for which a verdict kappa is given: with fewer, one claim
more or less swings it from "none" to "perfect", and a number would mislead."""


@dataclass(frozen=True)
class VerdictAgreement:
    """How far two people's verdicts on the same claims agree."""

    matched: int = 0
    """Claims of mine matched with one of theirs."""
    table: tuple[tuple[tuple[str, str], int], ...] = ()
    """((my verdict, their verdict), claims) for the matched claims both rated; names casefolded."""

    @property
    def rated(self) -> int:
        """Matched claims with a verdict on both sides: the kappa's units."""
        return sum(n for _pair, n in self.table)

    @property
    def same(self) -> int:
        return sum(n for (a, b), n in self.table if a == b)

    @property
    def enough(self) -> bool:
        return self.rated >= MIN_RATED

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa over the claims both rated; None with fewer than ``MIN_RATED``."""
        return cohen_kappa(Counter(dict(self.table))) if self.enough else None

    def __add__(self, other: VerdictAgreement) -> VerdictAgreement:
        """Pooled over two sets of claims (several articles)."""
        table = Counter(dict(self.table))
        table.update(dict(other.table))
        return VerdictAgreement(self.matched + other.matched, tuple(sorted(table.items())))

    def words(self) -> str:
        """"κ 0.615 over 12 claims both rated (9 the same verdict)", or why there is no number."""
        if not self.enough:
            return f"too few claims rated by both ({self.rated}; a kappa needs {MIN_RATED})"
        return f"κ {self.kappa:.3f} over {self.rated} claims both rated ({self.same} the same verdict)"

    def as_dict(self) -> dict:
        return {"kappa": self.kappa, "claims_rated_by_both": self.rated, "same_verdict": self.same,
                "matched_claims": self.matched, "minimum": MIN_RATED, "enough": self.enough}


def verdict_agreement(mine: Sequence[Annotation], theirs: Sequence[Annotation]) -> VerdictAgreement:
    """Kappa material for verdicts: claims matched by overlap, the pairs both rated counted by
    (my verdict, their verdict)."""
    return _verdicts_of(_overlap_pairs([a for a in mine if a.tag == Tag.CLAIM], [b for b in theirs if b.tag == Tag.CLAIM]))


def _verdicts_of(pairs: Sequence[tuple[Annotation, Annotation]]) -> VerdictAgreement:
    """From overlap-matched pairs (of every tag: matches never cross tags, so the claims' pairs
    are those a matching of claims alone finds)."""
    pairs = [(a, b) for a, b in pairs if a.tag == Tag.CLAIM]
    table = Counter(
        (_verdict(a.verdict), _verdict(b.verdict)) for a, b in pairs if a.verdict.strip() and b.verdict.strip())
    return VerdictAgreement(len(pairs), tuple(sorted(table.items())))


def _verdict(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Agreement:
    """Scores overall (key None) and per tag, and on verdicts."""

    exact: dict[Tag | None, SpanScores]
    overlap: dict[Tag | None, SpanScores]
    kappa: dict[Tag | None, float]
    characters: int
    verdicts: VerdictAgreement = field(default_factory=VerdictAgreement)

    def as_dict(self) -> dict:
        def name(tag: Tag | None) -> str:
            return "overall" if tag is None else tag.value

        return {
            "characters": self.characters,
            "exact": {name(t): s.as_dict() for t, s in self.exact.items()},
            "overlap": {name(t): s.as_dict() for t, s in self.overlap.items()},
            "kappa": {name(t): None if self.exact[t].unused else k for t, k in self.kappa.items()},
            "verdicts": self.verdicts.as_dict(),
        }


def agreement(text: str, mine: Sequence[Annotation], theirs: Sequence[Annotation]) -> Agreement:
    """All the numbers for one document. O(n log n) in annotations plus one pass over the text."""
    exact, overlap, verdicts = span_and_verdict_scores(mine, theirs)
    table, per_tag, characters = _character_tables(text, mine, theirs)
    kappa: dict[Tag | None, float] = {None: cohen_kappa(table)}
    for tag in Tag:
        kappa[tag] = cohen_kappa(per_tag[tag])
    return Agreement(exact, overlap, kappa, characters, verdicts)


def span_scores(
    mine: Sequence[Annotation], theirs: Sequence[Annotation]
) -> tuple[dict[Tag | None, SpanScores], dict[Tag | None, SpanScores]]:
    """Exact and overlap scores, overall (None) and per tag, without the character pass:
    what the agreement of N annotators needs for each pair."""
    return _per_tag(mine, theirs, _exact_matches(mine, theirs)), _per_tag(mine, theirs, _overlap_matches(mine, theirs))


def span_and_verdict_scores(mine: Sequence[Annotation], theirs: Sequence[Annotation]):
    """``span_scores`` and the verdicts' ``VerdictAgreement``, from one overlap matching."""
    pairs = _overlap_pairs(mine, theirs)
    overlap = _per_tag(mine, theirs, Counter(a.tag for a, _b in pairs))
    return _per_tag(mine, theirs, _exact_matches(mine, theirs)), overlap, _verdicts_of(pairs)


def exact_scores(mine: Sequence[Annotation], theirs: Sequence[Annotation]) -> SpanScores:
    """Matches are identical (start, end, tag), each span used once."""
    return SpanScores(sum(_exact_matches(mine, theirs).values()), len(mine), len(theirs))


def overlap_scores(mine: Sequence[Annotation], theirs: Sequence[Annotation]) -> SpanScores:
    """Matches share a tag and at least one code point; one-to-one, largest overlap first."""
    return SpanScores(sum(_overlap_matches(mine, theirs).values()), len(mine), len(theirs))


def _per_tag(mine: Sequence[Annotation], theirs: Sequence[Annotation], matched: Counter) -> dict[Tag | None, SpanScores]:
    """Scores overall (None) and per tag from matches counted per tag (matches never cross tags)."""
    mine_counts = Counter(a.tag for a in mine)
    theirs_counts = Counter(a.tag for a in theirs)
    scores: dict[Tag | None, SpanScores] = {None: SpanScores(sum(matched.values()), len(mine), len(theirs))}
    for tag in Tag:
        scores[tag] = SpanScores(matched[tag], mine_counts[tag], theirs_counts[tag])
    return scores


def _exact_matches(mine: Sequence[Annotation], theirs: Sequence[Annotation]) -> Counter:
    a = Counter((x.start, x.end, x.tag) for x in mine)
    b = Counter((x.start, x.end, x.tag) for x in theirs)
    matched: Counter = Counter()
    for (_start, _end, tag), n in (a & b).items():
        matched[tag] += n
    return matched


def _overlap_matches(mine: Sequence[Annotation], theirs: Sequence[Annotation]) -> Counter:
    """Greedy one-to-one matching of same-tag overlapping spans; matches counted per tag."""
    return Counter(a.tag for a, _b in _overlap_pairs(mine, theirs))


def _overlap_pairs(mine: Sequence[Annotation], theirs: Sequence[Annotation]) -> list[tuple[Annotation, Annotation]]:
    """Greedy one-to-one matching of same-tag overlapping spans, largest overlap first."""
    candidates = []
    for a, b in nearby_pairs(mine, theirs):
        if a.tag == b.tag:
            overlap = min(a.end, b.end) - max(a.start, b.start)
            candidates.append((overlap / (max(a.end, b.end) - min(a.start, b.start)), a.id, b.id, a, b))
    candidates.sort(key=lambda c: c[:3], reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for *_, a, b in candidates:
        if id(a) not in used_a and id(b) not in used_b:
            used_a.add(id(a))
            used_b.add(id(b))
            pairs.append((a, b))
    return pairs


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


TAG_BITS = {tag: 1 << n for n, tag in enumerate(Tag)}


def _character_tables(text: str, mine: Sequence[Annotation], theirs: Sequence[Annotation]):
    """Contingency tables over non-whitespace characters, built per segment between span edges.

    Each segment adds its weight under (my innermost tag, their innermost tag) for the overall
    table and under (my tags as a bit mask, theirs) for the per-tag tables, which are split
    out at the end; so the loop does the same small work whatever the number of tags.
    """
    cuts = {0, len(text)}
    for ann in (*mine, *theirs):
        cuts.add(ann.start)
        cuts.add(ann.end)
    points = sorted(cuts)
    left, right = _Sweep(mine), _Sweep(theirs)
    overall: Counter = Counter()
    masks: Counter = Counter()
    characters = 0
    for a, b in zip(points, points[1:]):
        weight = sum(map(len, text[a:b].split()))
        if not weight:
            continue
        inner_a, mask_a = left.advance(a)
        inner_b, mask_b = right.advance(a)
        overall[(inner_a, inner_b)] += weight
        masks[(mask_a, mask_b)] += weight
        characters += weight
    per_tag: dict[Tag, Counter] = {tag: Counter() for tag in Tag}
    for (mask_a, mask_b), weight in masks.items():
        for tag, bit in TAG_BITS.items():
            per_tag[tag][(bool(mask_a & bit), bool(mask_b & bit))] += weight
    return overall, per_tag, characters


class _Sweep:
    """For positions visited in increasing order: the innermost covering tag and all covering
    tags as a bit mask, in O(log n) per step however deeply spans nest."""

    def __init__(self, anns: Sequence[Annotation]) -> None:
        self._pending = sorted(((a.start, a.end, a.tag) for a in anns), reverse=True)
        self._by_end: list[tuple[int, int]] = []  # (end, bit) of open spans, soonest end first
        self._by_size: list[tuple[int, int, str, int]] = []  # (length, start, tag, end); ended ones dropped lazily
        self._open = [0] * len(TAG_BITS)  # open spans per tag bit position
        self._mask = 0

    def advance(self, position: int) -> tuple[str, int]:
        pending, by_end, by_size, open_ = self._pending, self._by_end, self._by_size, self._open
        while pending and pending[-1][0] <= position:
            start, end, tag = pending.pop()
            bit = TAG_BITS[tag]
            heapq.heappush(by_end, (end, bit))
            heapq.heappush(by_size, (end - start, start, tag.value, end))
            open_[bit.bit_length() - 1] += 1
            self._mask |= bit
        while by_end and by_end[0][0] <= position:
            _end, bit = heapq.heappop(by_end)
            index = bit.bit_length() - 1
            open_[index] -= 1
            if not open_[index]:
                self._mask &= ~bit
        while by_size and by_size[0][3] <= position:
            heapq.heappop(by_size)
        return (by_size[0][2], self._mask) if by_size else (UNTAGGED, 0)
