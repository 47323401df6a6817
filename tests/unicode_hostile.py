"""A project on a text that breaks code that counts UTF-16 units, bytes or lines the wrong way.

Emoji with skin tones and ZWJ sequences, flags, CJK, Arabic with combining marks, combining
accents, U+2028 and spans across line breaks, each tagged; an article with a non-ASCII
address, outlet, byline and date; times with other offsets than UTC; ids, authors, notes and review comments.
Shared by the tests that put it through exports and their consumers.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from annotator.core.anchoring import quote_for
from annotator.core.model import Annotation, Comment, Document, Metadata, Project, ReviewStatus, Tag

TEXT = (
    "Astronaut 👩🏽‍🚀 and family 👨‍👩‍👧‍👦 landed.\n"
    "Flags 🇩🇪🇺🇦 were raised; 中文报道说 “成功”.\n"
    "قال مُحَمَّدٌ إِنَّ الخبر صحيح.\n"
    "Cafe\u0301 owner Zoe\u0308 said\u2028it was fine.\n"
    "Last line."
)

SPANS = [
    # (exact text, tag, note); each is found in TEXT, the first occurrence
    ("👩🏽‍🚀", Tag.SOURCE, "skin tone + ZWJ"),
    ("family 👨‍👩‍👧‍👦 landed", Tag.CLAIM, "a ZWJ family\nover two lines"),
    ("🇩🇪🇺🇦", Tag.QUOTE, "two flags"),
    ("中文报道说 “成功”", Tag.UNVERIFIED, "CJK"),
    ("مُحَمَّدٌ إِنَّ الخبر صحيح", Tag.QUOTE, "Arabic with harakat"),
    ("Cafe\u0301 owner Zoe\u0308", Tag.SOURCE, ""),
    ("said\u2028it was", Tag.CLAIM, "across U+2028"),
    ("landed.\nFlags", Tag.CLAIM, "across a line break"),
    ("fine.\nLast", Tag.UNVERIFIED, "\ttabbed note\u2028with a separator "),
]

ADDRESS = "https://de.wikipedia.org/wiki/Straße"
ADDRESS_AS_URI = "https://de.wikipedia.org/wiki/Stra%C3%9Fe"


def hostile_project(source_url: str | None = ADDRESS) -> Project:
    doc = Document.from_text(TEXT, title="Straße 👩🏽‍🚀 تقرير", source_url=source_url)
    doc.id = "5a1d6c1e-6b0e-4d5e-9c3f-0a1b2c3d4e5f"
    doc.outlet = "Süddeutsche Zeitung"
    doc.byline = "Zoë Müller, محمد"
    doc.published = "2026-03-04"
    anns = []
    for n, (exact, tag, note) in enumerate(SPANS):
        start = TEXT.index(exact)
        created = datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone(timedelta(hours=5, minutes=30)))
        modified = datetime(2026, 3, 5, 1, 2, 3, tzinfo=timezone(timedelta(hours=-3)))
        anns.append(Annotation(
            id=f"0000000{n}-1111-4222-8333-444455556666", tag=tag, start=start, end=start + len(exact),
            quote=quote_for(TEXT, start, start + len(exact)), note=note, author="Zoë 👩🏽‍🚀",
            created=created, modified=modified if n % 2 else created, modified_by="Bob" if n % 2 else "Zoë 👩🏽‍🚀",
            verdict="False" if tag is Tag.CLAIM else "",
            comments=[] if n else [
                Comment(author="Bob 😀", time=datetime(2026, 3, 6, 7, 8, 9, tzinfo=timezone(timedelta(hours=2))),
                        text="Agreed,\nfully 👍", status=ReviewStatus.ACCEPTED),
                Comment(author="Ann", time=datetime(2026, 3, 7, tzinfo=timezone.utc), text="Second thoughts"),
            ],
        ))
    doc.annotations = sorted(anns, key=Annotation.sort_key)
    metadata = Metadata(title="Hostile ✓", description="Spans that count wrong\nin every way 👩🏽‍🚀.")
    return Project(metadata=metadata, documents=[doc])
