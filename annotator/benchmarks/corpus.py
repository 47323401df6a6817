"""Deterministic, realistic test data: news-like articles and annotations of any size.

The words come from the sample article the app ships, so sentence lengths, punctuation and
typographic quotes look like real news; a few emoji and accented names keep code points and
UTF-16 units apart, as in real articles, so the Qt boundary does its real work.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone

from pathlib import Path

from ..core.anchoring import quote_for
from ..core.model import Annotation, Document, Project, RejectedSuggestion, Tag

SAMPLE = Path(__file__).resolve().parents[2] / "projects" / "russian-bombers-iran.annotator.json"
"""The benchmarks run from a checkout: they use its sample project."""
WHEN = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc)
AUTHORS = ("Dana Whitfield", "Kemal Aydın", "Zhu Wen")
NOTES = (
    "Check against the ministry's statement.",
    "Second source needed; the agency report is unconfirmed.",
    "Quoted accurately — matches the video at 02:14.",
    "Figures differ from last year's report 📊.",
)
EXTRAS = ("“as officials put it”", "Łukasz Nowak", "Téhéran", "😀", "— reportedly —", "東京")


def sample_text() -> str:
    """The text of the sample project's article."""
    return json.loads(SAMPLE.read_text(encoding="utf-8"))["documents"][0]["text"]


def article(size: int, seed: int) -> str:
    """About ``size`` code points of paragraphs built from the sample's sentences and words."""
    rng = random.Random(seed)
    words = sample_text().split()
    paragraphs: list[str] = []
    length = 0
    while length < size:
        sentences = []
        for _ in range(rng.randint(1, 5)):
            sentence = rng.choices(words, k=rng.randint(6, 30))
            if rng.random() < 0.1:
                sentence.insert(rng.randrange(len(sentence)), rng.choice(EXTRAS))
            sentences.append(" ".join(sentence).rstrip(".,;:") + ".")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:size]


def annotations(text: str, count: int, seed: int, id_prefix: int = 1) -> list[Annotation]:
    """``count`` annotations spread over ``text``: one per equal slot, starting and ending at
    word boundaries, a few nested in the one before, about a third with notes."""
    rng = random.Random(seed)
    tags = list(Tag)
    slot = len(text) // count
    out = []
    for n in range(count):
        base = n * slot
        start = text.find(" ", base + rng.randrange(max(1, slot // 4))) + 1
        if start <= 0 or start >= len(text) - 2:
            start = base
        end = text.find(" ", start + rng.randrange(15, 75))
        end = min(end if end > start else start + 1, base + slot if slot > 2 else start + 1, len(text))
        if end <= start or not text[start:end].strip():
            start, end = base, base + 1
        when = WHEN + timedelta(minutes=n)
        out.append(Annotation(
            id=f"{id_prefix:08x}-0000-4000-8000-{n:012x}", tag=tags[rng.randrange(4)], start=start, end=end,
            quote=quote_for(text, start, end), note=rng.choice(NOTES) if rng.random() < 0.33 else "",
            author=AUTHORS[n % len(AUTHORS)], created=when, modified=when, modified_by=AUTHORS[n % len(AUTHORS)],
        ))
    return out


def rejections(text: str, count: int, seed: int) -> list[RejectedSuggestion]:
    """``count`` spans of ``text`` turned down as suggestions (placed as annotations are)."""
    if count <= 0:
        return []
    return [RejectedSuggestion(tag=a.tag, start=a.start, end=a.end, exact=a.quote.exact, by=a.author, time=a.created)
            for a in annotations(text, count, seed)]


def project(size: int, count: int, seed: int = 7) -> Project:
    """A one-article project of ``size`` code points with ``count`` annotations."""
    text = article(size, seed)
    doc = Document.from_text(text, title=f"Benchmark article ({size:,} code points)")
    return Project(documents=[doc.model_copy(update={"annotations": annotations(text, count, seed + 1)})])


def workspace(folder: Path, articles: int, size: int = 31_000, count: int = 50, rejected: int = 0) -> list[Path]:
    """A workspace of ``articles`` project files (one article of ``size`` code points, about
    5,000 words, with ``count`` annotations each), in ten subfolders as a desk would sort them;
    ``rejected`` suggestions turned down in each, for what learns from them (issue 19)."""
    from ..core.storage import dump_bytes

    paths = []
    for n in range(articles):
        sub = folder / f"desk-{n % 10}"
        sub.mkdir(parents=True, exist_ok=True)
        text = article(size, 1000 + n)
        doc = Document.from_text(text, title=f"Benchmark article {n}")
        doc = doc.model_copy(update={"annotations": annotations(text, count, 5000 + n, id_prefix=n + 1), "outlet": f"Outlet {n % 7}",
                                     "rejected_suggestions": rejections(text, rejected, 9000 + n)})
        path = sub / f"article-{n:05}.annotator.json"
        path.write_bytes(dump_bytes(Project(documents=[doc])))
        paths.append(path)
    return paths
