"""Learned from the user: (a) phrases already tagged in this article or workspace, suggested
where they occur again with the same tag (as INCEpTION's string-matching recommender), and
(b) a small logistic regression over word n-grams of the span and its surroundings, trained on
the workspace's accepted and rejected spans, that rescores the rule-based suggestions.

Plain Python, offline, no download: training on ten thousand examples takes well under a
second, so it can be redone whenever the user accepts or rejects something.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

NAME = "learned"

MIN_PHRASE = 3
"""Shorter tagged phrases (initials, "he") are not looked for again: they would match anywhere."""
MAX_PHRASES = 20_000
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def phrases_of(learned_from: Iterable[object]) -> dict[str, Counter[str]]:
    """Tagged phrases per tag, counted: from Annotations (tag, quote.exact) or (tag, exact) pairs."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for item in learned_from:
        if isinstance(item, tuple):
            tag, exact = str(item[0]), str(item[1])
        else:
            tag = getattr(getattr(item, "tag"), "value", getattr(item, "tag"))
            exact = item.quote.exact  # type: ignore[attr-defined]
        exact = exact.strip()
        if len(exact) >= MIN_PHRASE and "\n" not in exact and any(ch.isalnum() for ch in exact):
            found[str(tag)][exact] += 1
    return found


class PhraseMatcher:
    """One compiled alternation per tag, longest phrase first, matched on word edges."""

    def __init__(self, learned_from: Iterable[object]) -> None:
        self.counts = phrases_of(learned_from)
        self.patterns: dict[str, re.Pattern[str]] = {}
        for tag, counter in self.counts.items():
            chosen = sorted(counter, key=lambda p: (-counter[p], -len(p)))[:MAX_PHRASES]
            chosen.sort(key=len, reverse=True)
            self.patterns[tag] = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, chosen)) + r")(?!\w)")

    def suggest(self, text: str, lo: int, hi: int, lang: str) -> Iterator[tuple[str, int, int, str, float]]:
        for tag, pattern in self.patterns.items():
            counter = self.counts[tag]
            for m in pattern.finditer(text, lo, hi):
                times = counter[m.group()]
                yield tag, m.start(), m.end(), f"tagged {tag} elsewhere ({times}×)", min(0.95, 0.6 + 0.1 * times)


@dataclass(frozen=True, slots=True)
class Example:
    """One span the user decided on: accepted (kept as an annotation) or rejected."""

    tag: str
    exact: str
    before: str = ""
    after: str = ""
    accepted: bool = True


def examples_from(text: str, accepted: Iterable[tuple[str, int, int]], rejected: Iterable[tuple[str, int, int]] = ()) -> list[Example]:
    """Examples from one article's spans: (tag, start, end) kept, and those rejected."""
    out = []
    for spans, verdict in ((accepted, True), (rejected, False)):
        for tag, start, end in spans:
            out.append(Example(str(tag), text[start:end], text[max(0, start - 40):start], text[end:end + 40], verdict))
    return out


def _features(exact: str, before: str, after: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(exact)]
    feats = [f"w:{w}" for w in words[:60]]
    feats += [f"b:{a} {b}" for a, b in zip(words, words[1:60])]
    feats += [f"<:{w.lower()}" for w in _WORD.findall(before)[-3:]]
    feats += [f">:{w.lower()}" for w in _WORD.findall(after)[:3]]
    n = len(words)
    feats.append("len:" + ("1" if n <= 1 else "2-3" if n <= 3 else "4-9" if n <= 9 else "10-29" if n <= 29 else "30+"))
    feats.append("digit" if any(ch.isdigit() for ch in exact) else "nodigit")
    feats.append("cap" if exact[:1].isupper() else "lower")
    return feats


class LearnedModel:
    """Logistic regression per tag over binary n-gram features: accepted vs rejected.

    Trained by a few passes of stochastic gradient descent with L2 shrinkage, in plain Python
    (no NumPy or scikit-learn at run time). A tag with fewer than ``min_each`` examples of
    either kind has no model: its suggestions are left as the rules scored them."""

    EPOCHS = 12
    RATE = 0.2
    L2 = 1e-3

    def __init__(self, min_each: int = 3) -> None:
        self.min_each = min_each
        self.weights: dict[str, dict[str, float]] = {}
        self.bias: dict[str, float] = {}
        self.docs: dict[str, dict[bool, int]] = {}

    @classmethod
    def train(cls, examples: Iterable[Example], min_each: int = 3, seed: int = 0) -> LearnedModel:
        model = cls(min_each)
        rows: dict[str, list[tuple[list[str], float]]] = defaultdict(list)
        for ex in examples:
            rows[ex.tag].append((sorted(set(_features(ex.exact, ex.before, ex.after))), 1.0 if ex.accepted else 0.0))
            docs = model.docs.setdefault(ex.tag, {True: 0, False: 0})
            docs[ex.accepted] += 1
        rng = random.Random(seed)
        for tag, data in rows.items():
            if not model.knows(tag):
                continue
            weights: dict[str, float] = defaultdict(float)
            positives = sum(y for _f, y in data)
            # Each class weighs the same in total, so a user who rejects much is not read as "reject all".
            balance = {1.0: len(data) / (2 * positives), 0.0: len(data) / (2 * (len(data) - positives))}
            bias = 0.0
            for epoch in range(cls.EPOCHS):
                rng.shuffle(data)
                rate = cls.RATE / (1 + epoch)
                for feats, y in data:
                    z = bias + sum(weights[f] for f in feats)
                    p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
                    g = (y - p) * balance[y] * rate
                    bias += g
                    for f in feats:
                        weights[f] += g - cls.L2 * weights[f]
            model.weights[tag] = dict(weights)
            model.bias[tag] = bias
        return model

    def knows(self, tag: str) -> bool:
        docs = self.docs.get(tag)
        return bool(docs) and docs[True] >= self.min_each and docs[False] >= self.min_each

    def probability(self, tag: str, exact: str, before: str = "", after: str = "") -> float | None:
        """P(accepted) of a span, or None when the tag has too few examples to say."""
        weights = self.weights.get(tag)
        if weights is None:
            return None
        z = self.bias[tag] + sum(weights.get(f, 0.0) for f in set(_features(exact, before, after)))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
