"""Precision and recall of the suggesters against hand-annotated articles.

``python -m annotator.core.suggest.evaluate tests/suggest_eval`` prints the table the README
shows. A suggestion matches a gold span of the same tag when they overlap by at least half of
the longer one; each is matched at most once (greedily, largest overlap first). Exact matching
(same start and end) is counted beside it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import TAGS, Suggestion, suggest

Gold = tuple[str, int, int]


@dataclass
class Score:
    suggested: int = 0
    gold: int = 0
    matched: int = 0
    exact: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.suggested if self.suggested else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def exact_precision(self) -> float:
        return self.exact / self.suggested if self.suggested else 1.0

    @property
    def exact_recall(self) -> float:
        return self.exact / self.gold if self.gold else 1.0


def overlap_match(a: tuple[int, int], b: tuple[int, int]) -> int:
    """The overlap of two spans when it is at least half of the longer one, else 0."""
    common = min(a[1], b[1]) - max(a[0], b[0])
    return common if common > 0 and 2 * common >= max(a[1] - a[0], b[1] - b[0]) else 0


def score_article(name: str, text: str, gold: Iterable[Gold], found: Iterable[Suggestion], into: dict[str, Score]) -> None:
    gold = list(gold)
    found = list(found)
    for tag in TAGS:
        g = [(s, e) for t, s, e in gold if t == tag]
        f = [(x.start, x.end) for x in found if x.tag == tag]
        score = into.setdefault(tag, Score())
        score.gold += len(g)
        score.suggested += len(f)
        score.exact += len(set(g) & set(f))
        pairs = sorted(((overlap_match(a, b), i, j) for i, a in enumerate(f) for j, b in enumerate(g) if overlap_match(a, b)), reverse=True)
        used_f, used_g = set(), set()
        for _common, i, j in pairs:
            if i not in used_f and j not in used_g:
                used_f.add(i)
                used_g.add(j)
        score.matched += len(used_f)
        score.misses += [(name, text[s:e]) for j, (s, e) in enumerate(g) if j not in used_g]
        score.wrong += [(name, text[s:e]) for i, (s, e) in enumerate(f) if i not in used_f]


def load_set(folder: Path | str) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.json"))]


def evaluate(articles: list[dict], run: Callable[[dict], list[Suggestion]] | None = None) -> dict[str, Score]:
    """Scores per tag over ``articles`` (dicts with text and annotations), pooled."""
    run = run or (lambda article: suggest(article["text"]))
    scores: dict[str, Score] = {}
    for article in articles:
        gold = [(a["tag"], a["start"], a["end"]) for a in article["annotations"]]
        score_article(article["name"], article["text"], gold, run(article), scores)
    return scores


def table(scores: dict[str, Score]) -> str:
    lines = ["| Tag | Gold | Suggested | Precision | Recall | Exact precision | Exact recall |", "|---|---|---|---|---|---|---|"]
    for tag in TAGS:
        s = scores[tag]
        lines.append(f"| {tag} | {s.gold} | {s.suggested} | {s.precision:.2f} | {s.recall:.2f} | {s.exact_precision:.2f} | {s.exact_recall:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    result = evaluate(load_set(sys.argv[1] if len(sys.argv) > 1 else "tests/suggest_eval"))
    print(table(result))
    if "-v" in sys.argv:
        for tag, s in result.items():
            for name, t in s.misses:
                print(f"MISS {tag} {name}: {t[:150]!r}")
            for name, t in s.wrong:
                print(f"WRONG {tag} {name}: {t[:150]!r}")


def claims_at(articles: list[dict], threshold: float) -> Score:
    """Claims alone, suggested at ``threshold``."""
    from . import claims

    def run(article: dict) -> list[Suggestion]:
        text = article["text"]
        return [Suggestion(t, s, e, text[s:e], r, "claims", v) for t, s, e, r, v in claims.suggest(text, 0, len(text), _lang(article), threshold)]

    return evaluate(articles, run)["claim"]


def _lang(article: dict) -> str:
    from ._text import language

    return language(article["text"])


GRID = tuple(x / 2 for x in range(0, 11))


def best_threshold(articles: list[dict]) -> float:
    """The claim threshold with the best F1 on ``articles`` (precision at least 0.5)."""
    def f1(s: Score) -> float:
        return 0.0 if s.precision < 0.5 or not s.matched else 2 * s.precision * s.recall / (s.precision + s.recall)

    return max(GRID, key=lambda t: (f1(claims_at(articles, t)), t))


def leave_one_out(articles: list[dict]) -> tuple[Score, list[float]]:
    """Claims scored on each article at the threshold chosen on the others, pooled."""
    pooled: dict[str, Score] = {}
    chosen = []
    for k, held in enumerate(articles):
        threshold = best_threshold(articles[:k] + articles[k + 1:])
        chosen.append(threshold)
        score = claims_at([held], threshold)
        total = pooled.setdefault("claim", Score())
        for name in ("suggested", "gold", "matched", "exact"):
            setattr(total, name, getattr(total, name) + getattr(score, name))
    return pooled["claim"], chosen
