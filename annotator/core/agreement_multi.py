"""How far N annotators agree: a pairwise matrix, Fleiss' kappa and Krippendorff's alpha.

The units are the non-whitespace characters of each article, as for the two-annotator kappa
(``agreement.py``): each annotator's label on a character is the tag of the innermost span
covering it (shortest, then earliest, then by tag name), or "untagged"; per tag, the label is
"covered by this tag" or not. An annotator who has no copy of an article has no label on its
characters (a missing value).

- Fleiss' kappa needs every annotator's label on a unit, so it counts only the characters of
  articles that every annotator has ("complete" units).
- Krippendorff's alpha (nominal) takes every character that at least two annotators labelled.

Labels stay the same between span edges, so nothing is done per character: the articles are
cut at every annotator's span edges, and each piece adds its number of non-space characters
as the weight of its tuple of labels (a "profile"). Both coefficients are worked out from
those weighted profiles; a 10 MB article costs one pass over its text.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .agreement import TAG_BITS, UNTAGGED, Agreement, SpanScores, VerdictAgreement, _Sweep, cohen_kappa, span_and_verdict_scores
from .errors import FileProblemError, Progress, no_progress
from .model import Annotation, Document, Tag
from .wording import plural

Label = str | None
"""A rater's label on a unit: a tag's value, "untagged", or None where the rater has no copy."""
Profile = tuple[tuple[Label, ...], tuple[int | None, ...]]
"""Every rater's innermost label and bit mask of covering tags, for a run of characters."""


# --- The coefficients, from weighted profiles ---------------------------------------------


def fleiss_kappa(weighted: Mapping[tuple, int]) -> float | None:
    """Fleiss' kappa over the units every rater labelled ({labels: weight}); None without any.

    When chance agreement is total (a single class in all those labels) it is 1.0, as for
    Cohen's kappa here."""
    total = 0
    agreement_sum = 0.0
    per_class: Counter = Counter()
    raters = 0
    for labels, weight in weighted.items():
        if not weight or None in labels:
            continue
        raters = len(labels)
        if raters < 2:
            return None
        counts = Counter(labels)
        agreement_sum += weight * (sum(n * n for n in counts.values()) - raters) / (raters * (raters - 1))
        for label, n in counts.items():
            per_class[label] += weight * n
        total += weight
    if not total:
        return None
    observed = agreement_sum / total
    expected = sum((n / (total * raters)) ** 2 for n in per_class.values())
    if expected >= 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha(weighted: Mapping[tuple, int]) -> float | None:
    """Krippendorff's alpha (nominal) from {labels: weight}; None stands for a missing value.

    Units with fewer than two values are not pairable and are left out; None when no unit is
    pairable. When a single class is in all pairable values (no disagreement is expected)
    it is 1.0."""
    coincidence: Counter = Counter()  # (c, k) -> o_ck
    for labels, weight in weighted.items():
        values = Counter(label for label in labels if label is not None)
        m = sum(values.values())
        if m < 2 or not weight:
            continue
        for c, n_c in values.items():
            for k, n_k in values.items():
                pairs = n_c * (n_c - 1) if c == k else n_c * n_k
                if pairs:
                    coincidence[(c, k)] += weight * pairs / (m - 1)
    if not coincidence:
        return None
    marginal: Counter = Counter()
    for (c, _k), o in coincidence.items():
        marginal[c] += o
    n = sum(marginal.values())
    observed = sum(o for (c, k), o in coincidence.items() if c != k)
    expected = (n * n - sum(v * v for v in marginal.values())) / (n - 1)
    if expected <= 0:
        return 1.0
    return 1.0 - observed / expected


# --- Labels of every rater, run by run -----------------------------------------------------


def _changes(text_length: int, anns: Sequence[Annotation]) -> list[tuple[int, str, int]]:
    """(position, innermost label, tag mask) wherever one rater's labels change."""
    cuts = sorted({0, text_length, *(a.start for a in anns), *(a.end for a in anns)})
    sweep = _Sweep(anns)
    out: list[tuple[int, str, int]] = []
    last = None
    for position in cuts[:-1]:
        state = sweep.advance(position)
        if state != last:
            out.append((position, *state))
            last = state
    return out


def profiles(text: str, raters: Sequence[Sequence[Annotation] | None]) -> Counter:
    """{(labels, masks): non-space characters} for one article; None for a rater without it."""
    n = len(raters)
    events: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for r, anns in enumerate(raters):
        if anns is not None:
            for position, label, mask in _changes(len(text), anns):
                events[position].append((r, label, mask))
    state: list[Label | int] = [None] * (2 * n)  # labels, then masks
    points = sorted({0, len(text), *events})
    runs: Counter = Counter()
    get = events.get
    for a, b in zip(points, points[1:]):
        for r, label, mask in get(a, ()):
            state[r] = label
            state[n + r] = mask
        weight = sum(map(len, text[a:b].split()))
        if weight:
            runs[tuple(state)] += weight
    return Counter({(key[:n], key[n:]): weight for key, weight in runs.items()})


def _labels_for(profile_counts: Mapping[Profile, int], tag: Tag | None) -> Counter:
    """{labels: weight} overall (innermost tag) or for one tag (True: covered by it)."""
    out: Counter = Counter()
    if tag is None:
        for (labels, _masks), weight in profile_counts.items():
            out[labels] += weight
        return out
    bit = TAG_BITS[tag]
    for (_labels, masks), weight in profile_counts.items():
        out[tuple(None if m is None else bool(m & bit) for m in masks)] += weight
    return out


@dataclass(frozen=True)
class Chance:
    """Chance-corrected agreement of all raters at once, for one scope (overall or one tag)."""

    fleiss: float | None
    alpha: float | None
    characters: int
    """Characters at least two raters labelled: alpha's units."""
    complete: int
    """Characters every rater labelled: Fleiss' units."""
    used: bool
    """Whether any rater used this tag (or any tag, overall) here; if not, the numbers are None."""

    def as_dict(self) -> dict:
        return {"fleiss_kappa": self.fleiss, "alpha": self.alpha, "characters": self.characters, "complete_characters": self.complete}


def chance_agreement(profile_counts: Mapping[Profile, int]) -> dict[Tag | None, Chance]:
    """Fleiss' kappa and alpha overall (None) and per tag."""
    result: dict[Tag | None, Chance] = {}
    for tag in (None, *Tag):
        weighted = _labels_for(profile_counts, tag)
        untouched = UNTAGGED if tag is None else False
        used = any(label not in (None, untouched) for labels in weighted for label in labels)
        characters = sum(w for labels, w in weighted.items() if sum(x is not None for x in labels) >= 2)
        complete = sum(w for labels, w in weighted.items() if None not in labels)
        fleiss = fleiss_kappa(weighted) if used else None
        alpha = krippendorff_alpha(weighted) if used else None
        result[tag] = Chance(fleiss, alpha, characters, complete, used)
    return result


# --- Whose work, and which articles are the same ------------------------------------------


PROJECT_SUFFIX = ".annotator.json"


@dataclass
class RaterWork:
    """One annotator's input: a project file or a folder of them."""

    name: str
    source: Path
    documents: list[tuple[Document, Path]] = field(default_factory=list)


def read_work(path: Path) -> tuple[RaterWork, list[FileProblemError]]:
    """The documents of a project file, or of every project file under a folder, and the
    files that could not be read (the others are still used)."""
    from .storage import load_project
    from .workspace import project_files

    path = Path(path)
    problems: list[FileProblemError] = []
    if path.is_dir():
        files = project_files(path)
        if not files:
            problems.append(FileProblemError(path, f"no project files (*{PROJECT_SUFFIX}) in this folder"))
    else:
        files = [path]
    work = RaterWork("", path)
    for file in files:
        try:
            project = load_project(file)
        except FileProblemError as error:
            problems.append(error)
            continue
        work.documents += [(doc, file) for doc in project.documents]
    work.name = name_of(work)
    return work, problems


def name_of(work: RaterWork) -> str:
    """The annotation authors in the work (most annotations first), else the file or folder name."""
    authors = Counter(a.author.strip() for doc, _ in work.documents for a in doc.annotations if a.author.strip())
    if authors:
        return ", ".join(name for name, _ in authors.most_common())
    name = work.source.name
    return name[: -len(PROJECT_SUFFIX)] if name.endswith(PROJECT_SUFFIX) and len(name) > len(PROJECT_SUFFIX) else (name or str(work.source))


def distinct_names(works: Sequence[RaterWork]) -> list[str]:
    """The works' names, with the file or folder name added where two are the same."""
    names = [w.name for w in works]
    seen = Counter(names)
    names = [f"{n} ({w.source.name})" if seen[n] > 1 else n for n, w in zip(names, works)]
    seen = Counter(names)
    counter: Counter = Counter()
    out = []
    for n in names:
        counter[n] += 1
        out.append(f"{n} #{counter[n]}" if seen[n] > 1 else n)
    return out


@dataclass
class Article:
    """One article as every rater has it: the reference text and each rater's annotations on
    it (None: not in their work)."""

    title: str
    text: str
    annotations: list[list[Annotation] | None]
    lost: list[int]
    """Per rater: annotations whose quote is not in the reference text (their copy differs)."""
    notes: list[str] = field(default_factory=list)

    @property
    def present(self) -> list[int]:
        return [r for r, anns in enumerate(self.annotations) if anns is not None]


def match_articles(works: Sequence[RaterWork], names: Sequence[str] | None = None, progress: Progress = no_progress) -> list[Article]:
    """The articles of all works, matched by document id, else by the sha256 of the text.

    The text of the first rater who has an article is the reference; another rater's copy
    with a different text has its annotations found again in it from their quotes (as in a
    review), and those not found are counted as lost."""
    from .merge import place_annotations

    names = list(names or [w.name for w in works])
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_by_key: dict[tuple[str, str], tuple[int, int]] = {}
    order: list[tuple[int, int]] = []
    for r, work in enumerate(works):
        for d, (doc, _file) in enumerate(work.documents):
            node = (r, d)
            parent[node] = node
            order.append(node)
            for key in (("id", doc.id), ("sha", doc.sha256 or hashlib.sha256(doc.text.encode("utf-8")).hexdigest())):
                other = first_by_key.setdefault(key, node)
                if other != node:
                    parent[find(node)] = find(other)
    groups: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for node in order:
        groups[find(node)].append(node)
    articles = []
    for done, members in enumerate(groups.values()):
        progress(done, len(groups))
        chosen: dict[int, tuple[Document, Path]] = {}
        notes = []
        for r, d in members:
            if r in chosen:
                doc, file = works[r].documents[d]
                notes.append(f"{names[r]} has this article twice; {file} was left out")
                continue
            chosen[r] = works[r].documents[d]
        reference = chosen[min(chosen)][0]
        annotations: list[list[Annotation] | None] = [None] * len(works)
        lost = [0] * len(works)
        for r, (doc, _file) in chosen.items():
            if doc.text == reference.text:
                annotations[r] = list(doc.annotations)
            else:
                placed, missing = place_annotations(doc, reference.text)
                annotations[r], lost[r] = placed, len(missing)
                notes.append(f"{names[r]}'s copy of the text differs: their annotations were found again from their quotes"
                             + (f" ({plural(len(missing), 'annotation')} not found)" if missing else ""))
        articles.append(Article(reference.title or reference.id, reference.text, annotations, lost, notes))
    progress(len(groups), len(groups))
    return articles


# --- Everything together -------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleAgreement:
    title: str
    present: list[int]
    characters: int
    chance: dict[Tag | None, Chance]
    lost: list[int]
    notes: list[str]


@dataclass
class MultiAgreement:
    raters: list[str]
    sources: list[str]
    overall: dict[Tag | None, Chance]
    pairs: dict[tuple[int, int], Agreement]
    """Each pair (i < j), pooled over the articles both have; i's spans are the reference."""
    articles: list[ArticleAgreement]
    incomplete: list[tuple[str, list[str]]]
    """Articles someone lacks: title and who lacks it (Fleiss leaves them out; alpha does not)."""

    def as_dict(self) -> dict:
        def name(tag: Tag | None) -> str:
            return "overall" if tag is None else tag.value

        def chance(values: dict[Tag | None, Chance]) -> dict:
            return {name(t): c.as_dict() for t, c in values.items()}

        return {
            "annotators": [{"name": n, "source": s} for n, s in zip(self.raters, self.sources)],
            "overall": chance(self.overall),
            "pairs": [
                {"a": self.raters[i], "b": self.raters[j], "articles": _pair_articles(self, i, j), **scores.as_dict()}
                for (i, j), scores in self.pairs.items()
            ],
            "articles": [
                {
                    "title": a.title,
                    "annotators": [self.raters[r] for r in a.present],
                    "characters": a.characters,
                    "lost": {self.raters[r]: n for r, n in enumerate(a.lost) if n},
                    "notes": a.notes,
                    **chance(a.chance),
                }
                for a in self.articles
            ],
            "incomplete": [{"title": t, "missing": who} for t, who in self.incomplete],
        }


def _pair_articles(result: MultiAgreement, i: int, j: int) -> int:
    return sum(1 for a in result.articles if i in a.present and j in a.present)


def _add(a: SpanScores, b: SpanScores) -> SpanScores:
    return SpanScores(a.matched + b.matched, a.mine + b.mine, a.theirs + b.theirs)


def multi_agreement(articles: Sequence[Article], raters: Sequence[str], sources: Sequence[str] = (), progress: Progress = no_progress) -> MultiAgreement:
    """All the numbers: per article, pooled over the articles, and for each pair of raters."""
    n = len(raters)
    pooled: Counter = Counter()
    pair_tables: dict[tuple[int, int], dict[Tag | None, Counter]] = {}
    pair_spans: dict[tuple[int, int], tuple[dict, dict]] = {}
    pair_verdicts: dict[tuple[int, int], VerdictAgreement] = {}
    empty = {t: SpanScores(0, 0, 0) for t in (None, *Tag)}
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    for i, j in pairs:
        pair_tables[(i, j)] = {t: Counter() for t in (None, *Tag)}
        pair_spans[(i, j)] = (dict(empty), dict(empty))
        pair_verdicts[(i, j)] = VerdictAgreement()
    results = []
    for done, article in enumerate(articles):
        progress(done, len(articles))
        counts = profiles(article.text, article.annotations)
        pooled.update(counts)
        present = article.present
        for i, j in pairs:
            if i not in present or j not in present:
                continue
            exact, overlap, verdicts = span_and_verdict_scores(article.annotations[i], article.annotations[j])
            old_exact, old_overlap = pair_spans[(i, j)]
            pair_spans[(i, j)] = ({t: _add(old_exact[t], exact[t]) for t in old_exact}, {t: _add(old_overlap[t], overlap[t]) for t in old_overlap})
            pair_verdicts[(i, j)] += verdicts
            tables = pair_tables[(i, j)]
            for (labels, masks), weight in counts.items():
                tables[None][(labels[i], labels[j])] += weight
                for tag, bit in TAG_BITS.items():
                    tables[tag][(bool(masks[i] & bit), bool(masks[j] & bit))] += weight
        characters = sum(counts.values())
        results.append(ArticleAgreement(article.title, present, characters, chance_agreement(counts), list(article.lost), list(article.notes)))
    progress(len(articles), len(articles))
    pair_results = {}
    for i, j in pairs:
        exact, overlap = pair_spans[(i, j)]
        tables = pair_tables[(i, j)]
        kappa = {t: cohen_kappa(tables[t]) for t in (None, *Tag)}
        pair_results[(i, j)] = Agreement(exact, overlap, kappa, sum(tables[None].values()), pair_verdicts[(i, j)])
    incomplete = [(a.title, [raters[r] for r in range(n) if r not in a.present]) for a in articles if len(a.present) < n]
    return MultiAgreement(list(raters), list(sources) or [""] * n, chance_agreement(pooled), pair_results, results, incomplete)


def agreement_of_inputs(paths: Sequence[Path], progress: Progress = no_progress) -> tuple[MultiAgreement | None, list[FileProblemError]]:
    """Read each input (one annotator's file or folder) and compute; None when fewer than two
    annotators have any readable work. The problems name the files that could not be read."""
    works, problems = [], []
    for path in paths:
        work, found = read_work(Path(path))
        problems += found
        if work.documents:
            works.append(work)
    if len(works) < 2:
        return None, problems
    return agreement_of_works(works, progress), problems


def agreement_of_works(works: Sequence[RaterWork], progress: Progress = no_progress) -> MultiAgreement:
    names = distinct_names(works)
    articles = match_articles(works, names)
    return multi_agreement(articles, names, [str(w.source) for w in works], progress)


def letters(count: int) -> list[str]:
    """Short names for the pairwise matrix's columns: A, B, … Z, AA, AB, …"""
    out = []
    for n in range(1, count + 1):
        name = ""
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(ord("A") + rest) + name
        out.append(name)
    return out


def work_of_documents(name: str, source: Path, documents: Iterable[Document]) -> RaterWork:
    """The open project as one annotator's work (the app's own side)."""
    return RaterWork(name, Path(source), [(doc, Path(source)) for doc in documents])
