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
    """Tagged phrases found again on word edges, longest first, as one regular expression
    alternation per tag would find them, but by dictionary: at each word's start, the phrases
    that begin with the text's next PREFIX characters, then the shorter phrases by length. A
    workspace's ten thousand phrases cost a few lookups per word, not a try each."""

    PREFIX = 8

    def __init__(self, learned_from: Iterable[object]) -> None:
        self.counts = phrases_of(learned_from)
        self.long: dict[str, dict[str, list[str]]] = {}
        """tag → first PREFIX characters → the phrases starting so, longest first."""
        self.short: dict[str, tuple[set[str], list[int]]] = {}
        """tag → (the phrases shorter than PREFIX, their lengths longest first)."""
        for tag, counter in self.counts.items():
            chosen = sorted(counter, key=lambda p: (-counter[p], -len(p)))[:MAX_PHRASES]
            by_prefix: dict[str, list[str]] = defaultdict(list)
            short = set()
            for phrase in sorted(chosen, key=len, reverse=True):
                if len(phrase) >= self.PREFIX:
                    by_prefix[phrase[: self.PREFIX]].append(phrase)
                else:
                    short.add(phrase)
            self.long[tag] = dict(by_prefix)
            self.short[tag] = (short, sorted({len(p) for p in short}, reverse=True))

    @property
    def patterns(self) -> dict[str, dict[str, list[str]]]:
        """Truthy when there is a phrase to look for."""
        return self.long if any(self.long.values()) or any(s for s, _ in self.short.values()) else {}

    def suggest(self, text: str, lo: int, hi: int, lang: str) -> Iterator[tuple[str, int, int, str, float]]:
        # Where a phrase can start: a word's first character, or a mark (a phrase may start with “).
        starts = [m.start() for m in _FIRST.finditer(text, lo, hi) if m.start() == 0 or not _is_word(text[m.start() - 1])]
        width = self.PREFIX
        for tag, by_prefix in self.long.items():
            counter = self.counts[tag]
            short, lengths = self.short[tag]
            reach = lo  # matches do not overlap, as finditer's would not
            for pos in starts:
                if pos < reach:
                    continue
                found = None
                for phrase in by_prefix.get(text[pos:pos + width], ()):
                    end = pos + len(phrase)
                    if end <= hi and text.startswith(phrase, pos) and not (end < hi and _is_word(text[end])):
                        found = phrase
                        break
                if found is None:
                    for n in lengths:
                        end = pos + n
                        if end <= hi and text[pos:end] in short and not (end < hi and _is_word(text[end])):
                            found = text[pos:end]
                            break
                if found is not None:
                    times = counter[found]
                    yield tag, pos, pos + len(found), f"tagged {tag} elsewhere ({times}×)", min(0.95, 0.6 + 0.1 * times)
                    reach = pos + len(found)


_FIRST = re.compile(r"\w+|\S")


def _is_word(ch: str) -> bool:
    """What the (?<!\\w) and (?!\\w) of a phrase's edges test."""
    return ch.isalnum() or ch == "_"


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
        self.verdicts: dict[tuple[str, str], list[int]] = {}
        """(tag, phrase) → [times kept, times rejected]: a phrase turned down more often than
        kept is not offered again anywhere, whatever the n-grams say."""

    @classmethod
    def train(cls, examples: Iterable[Example], min_each: int = 3, seed: int = 0) -> LearnedModel:
        model = cls(min_each)
        rows: dict[str, list[tuple[list[str], float]]] = defaultdict(list)
        for ex in examples:
            rows[ex.tag].append((sorted(set(_features(ex.exact, ex.before, ex.after))), 1.0 if ex.accepted else 0.0))
            docs = model.docs.setdefault(ex.tag, {True: 0, False: 0})
            docs[ex.accepted] += 1
            model.verdicts.setdefault((ex.tag, ex.exact.strip()), [0, 0])[0 if ex.accepted else 1] += 1
        rng = random.Random(seed)
        for tag, data in rows.items():
            if not model.knows(tag):
                continue
            # Features as list positions, and w·(1 - L2) + g for w + g - L2·w: the same
            # descent, about twice as fast in plain Python (a workspace's 14,000 spans).
            index: dict[str, int] = {}
            data = [(tuple(index.setdefault(f, len(index)) for f in feats), y) for feats, y in data]
            weights = [0.0] * len(index)
            positives = sum(y for _f, y in data)
            # Each class weighs the same in total, so a user who rejects much is not read as "reject all".
            balance = {1.0: len(data) / (2 * positives), 0.0: len(data) / (2 * (len(data) - positives))}
            bias = 0.0
            keep = 1 - cls.L2
            exp = math.exp
            for epoch in range(cls.EPOCHS):
                rng.shuffle(data)
                rate = cls.RATE / (1 + epoch)
                for feats, y in data:
                    z = bias + sum([weights[i] for i in feats])
                    p = 1 / (1 + exp(-max(-30.0, min(30.0, z))))
                    g = (y - p) * balance[y] * rate
                    bias += g
                    for i in feats:
                        weights[i] = weights[i] * keep + g
            model.weights[tag] = {f: weights[i] for f, i in index.items()}
            model.bias[tag] = bias
        return model

    def knows(self, tag: str) -> bool:
        docs = self.docs.get(tag)
        return bool(docs) and docs[True] >= self.min_each and docs[False] >= self.min_each

    def probability(self, tag: str, exact: str, before: str = "", after: str = "") -> float | None:
        """P(accepted) of a span, or None when the tag has too few examples to say."""
        kept_rejected = self.verdicts.get((tag, exact.strip()))
        if kept_rejected is not None and kept_rejected[1] > kept_rejected[0]:
            return 0.0
        weights = self.weights.get(tag)
        if weights is None:
            return None
        z = self.bias[tag] + sum(weights.get(f, 0.0) for f in set(_features(exact, before, after)))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
