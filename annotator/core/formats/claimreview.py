"""schema.org ClaimReview (JSON-LD): one review per claim that has a verdict or a rating,
ready for a fact-check page (search engines read this markup).

See https://schema.org/ClaimReview. The rating runs from 1 (false) to 5 (true), and the
verdict is its ``alternateName``, the short finding readers see. The annotation's author is
the review's ``author``; someone else who changed it last is its ``contributor``.
"""

from __future__ import annotations

import io

from ..model import Project, Tag
from ..text_safety import dumps_for_html
from . import Format

BEST, WORST = 5, 1


def write(project: Project) -> bytes:
    """The list of reviews, written one at a time (memory about the output's size). Safe to
    paste into a ``<script type="application/ld+json">`` block: ``<``, ``>``, ``&`` and
    bidirectional controls are written as ``\\uXXXX`` escapes, so no ``</script>`` in a claim
    ends the block; the parsed strings are the claim's own."""
    out = io.BytesIO()  # getvalue() hands over its buffer: no second copy of the output
    out.write(b"[")
    count = 0
    for doc in project.documents:
        for a in doc.annotations:
            if a.tag != Tag.CLAIM or not (a.verdict or a.rating is not None):
                continue
            rating = {"@type": "Rating", "bestRating": BEST, "worstRating": WORST}
            if a.verdict:
                rating["alternateName"] = a.verdict
            if a.rating is not None:
                rating["ratingValue"] = a.rating
            appearance = {"@type": "CreativeWork", "headline": doc.title}
            if doc.source_url:
                appearance["url"] = doc.source_url
            if doc.byline:
                appearance["author"] = {"@type": "Person", "name": doc.byline}
            if doc.outlet:
                appearance["publisher"] = {"@type": "Organization", "name": doc.outlet}
            if doc.published:
                appearance["datePublished"] = doc.published
            review = {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                # Publishers replace this with their fact-check page's address; until then it
                # points at the claim in the article (or at the annotation itself).
                "url": f"{doc.source_url}#annotation-{a.id}" if doc.source_url else f"urn:uuid:{a.id}",
                "claimReviewed": a.quote.exact,
                "datePublished": a.modified.date().isoformat(),
                "reviewRating": rating,
                "itemReviewed": {"@type": "Claim", "appearance": appearance},
            }
            if a.author:
                review["author"] = {"@type": "Person", "name": a.author}
            if a.modified_by and a.modified_by != a.author:
                # Someone else changed it last (perhaps set the verdict): schema.org's
                # CreativeWork.contributor, "a secondary contributor".
                review["contributor"] = {"@type": "Person", "name": a.modified_by}
            if a.note:
                review["reviewBody"] = a.note
            out.write((",\n  " if count else "\n  ").encode("utf-8"))
            out.write(dumps_for_html(review, level=1).encode("utf-8"))
            count += 1
    out.write(b"\n]\n" if count else b"]\n")
    return out.getvalue()


FORMAT = Format(
    name="claimreview",
    title="schema.org ClaimReview (JSON-LD)",
    extension=".claimreview.json",
    keeps="each claim with a verdict or rating: the claim's text, verdict, rating, note, author, date, the article",
    loses="everything that is not a reviewed claim; it cannot be imported back",
    write=write,
)
