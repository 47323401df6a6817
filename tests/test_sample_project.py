"""The sample project opens, matches the shared article, and tags every kind of span."""

from collections import Counter

from annotator.core.model import Tag, sha256_text
from annotator.core.storage import dumps, load_project

from .conftest import ROOT, SAMPLE


def test_sample_loads_with_all_four_tags_and_notes():
    project = load_project(SAMPLE)
    doc = project.documents[0]
    counts = Counter(a.tag for a in doc.annotations)
    assert set(counts) == set(Tag)
    assert counts[Tag.CLAIM] >= 15 and counts[Tag.SOURCE] >= 10 and counts[Tag.QUOTE] >= 5 and counts[Tag.UNVERIFIED] >= 3
    assert sum(1 for a in doc.annotations if a.note) >= 25
    quotes = {a.quote.exact for a in doc.annotations if a.tag == Tag.QUOTE}
    assert "We don’t see concentrations of ISIS in those areas" in quotes
    sources = {a.quote.exact for a in doc.annotations if a.tag == Tag.SOURCE}
    assert {"Reuters", "Interfax news service", "Tehran Times", "The New York Times"} <= sources


def test_sample_text_is_the_shared_article(shared_article):
    doc = load_project(SAMPLE).documents[0]
    assert doc.sha256 == sha256_text(shared_article.read_text(encoding="utf-8"))


def test_sample_file_is_what_the_spec_builds(article):
    from .sample_annotations import build

    assert dumps(build()) == SAMPLE.read_text(encoding="utf-8")


def test_the_projects_folder_holds_only_the_samples():
    """Nothing run from the checkout (benchmarks, the app) may leave its settings here."""
    names = sorted(p.name for p in (ROOT / "projects").iterdir())
    assert names == ["russian-bombers-iran.annotator.json", "russian-bombers-iran.colleague.annotator.json"]
