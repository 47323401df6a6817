"""Small builders of projects for tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from annotator.core.anchoring import quote_for
from annotator.core.model import Annotation, Document, Metadata, Project, Tag

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=1)))


def annotation(text: str, start: int, end: int, tag: Tag = Tag.CLAIM, n: int = 0, note: str = "") -> Annotation:
    return Annotation(
        id=f"00000000-0000-4000-8000-{n:012d}", tag=tag, start=start, end=end,
        quote=quote_for(text, start, end), note=note, author="Ann Author", created=WHEN, modified=WHEN,
    )


def project(text: str, spans: list[tuple[int, int, Tag]] = ()) -> Project:
    doc = Document.from_text(text, title="Title")
    doc.id = "11111111-1111-4111-8111-111111111111"
    doc.annotations = [annotation(text, s, e, t, n) for n, (s, e, t) in enumerate(spans)]
    return Project(metadata=Metadata(title="P", created=WHEN), documents=[doc])


def round_trip_project() -> Project:
    """One article with everything an exchange format may carry: an emoji before the spans, a
    note over two lines, its details, a project description, authors, who changed it last and
    times in two other offsets than UTC."""
    text = "The 😀 minister said the budget grew.\nCritics disagree."
    doc = Document.from_text(text, title="Budget", source_url="https://example.org/budget")
    doc.id = "5d2c4a1e-0b7f-4c3e-9a8d-2e6f1b0c9d47"
    doc.outlet, doc.byline, doc.published = "Example News", "Ann Reporter", "2026-01-02"
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    later = datetime(2026, 1, 3, 4, 5, 6, tzinfo=timezone(timedelta(hours=-7)))
    first = annotation(text, text.index("minister"), text.index("grew.") + 4, Tag.CLAIM, 0, note="two\nlines 😀")
    second = annotation(text, text.index("Critics"), text.index("Critics") + 7, Tag.SOURCE, 1)
    doc.annotations = [
        first.model_copy(update={"author": "Zoë", "created": when, "modified": later, "modified_by": "Bob"}),
        second.model_copy(update={"created": later, "modified": later}),
    ]
    project = Project(metadata=Metadata(title="Budget", description="Claims about the budget, checked."), documents=[doc])
    return project


def assert_round_trip(doc: Document, result) -> None:
    """An import (``ImportResult``) of ``round_trip_project`` gave everything back: the
    description, the article's id and details, and each annotation with its times' offsets."""
    from annotator.core.formats import imported_project

    assert result.skipped == []
    back = imported_project(result)
    assert back.metadata.description == "Claims about the budget, checked."
    (got,) = back.documents
    assert (got.id, got.title, got.source_url, got.outlet, got.byline, got.published, got.text) == (
        doc.id, doc.title, doc.source_url, doc.outlet, doc.byline, doc.published, doc.text)
    for a, b in zip(got.annotations, doc.annotations, strict=True):
        assert (a.id, a.tag, a.start, a.end, a.quote, a.note, a.author, a.modified_by) == (
            b.id, b.tag, b.start, b.end, b.quote, b.note, b.author, b.modified_by)
        assert (a.created.isoformat(), a.modified.isoformat()) == (b.created.isoformat(), b.modified.isoformat())  # offsets too


def first_annotations(project: Project, count: int, document: int = 0) -> Project:
    """``project`` keeping only the first ``count`` annotations of one article, without the
    links into those cut (as a colleague's or another program's smaller copy would be)."""
    from annotator.core.links import drop_dangling

    doc = project.documents[document]
    doc.annotations = doc.annotations[:count]
    drop_dangling(doc)
    return project
