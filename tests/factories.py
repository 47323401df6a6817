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
