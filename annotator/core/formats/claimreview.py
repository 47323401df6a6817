"""schema.org ClaimReview (JSON-LD): one review per claim that has a verdict,
for the fact-check page that publishes them (search engines read this markup).

What goes where, and why (schema.org ClaimReview, Rating, Claim; Google's fact-check
structured-data guidelines):

- ``url`` is the fact-check page (``metadata.publisher.page_url``), as given: the page that
  hosts the markup, not the article. Google's guidelines no longer describe several fact
  checks on one page (a page with more than one ClaimReview is not eligible for its single
  fact-check result), and its Fact Check Tools API allows only the page's URL plus an optional
  anchor; so no anchor is invented here (the page's own anchors are unknown), and one given
  with the page URL is kept.
- ``author`` is the fact-checking organisation, an Organization with its name and URL: the
  guidelines mean the publisher of the fact check, not the person who marked the claim. The
  annotation's author and whoever changed it last (if someone else) are schema.org's
  ``contributor`` ("a secondary contributor"), as Persons, so who did the work is not lost.
- ``reviewRating.alternateName`` (required) is the verdict; ``name`` repeats it. Its
  ``ratingValue`` is the verdict's number on the project's rating scale
  (``metadata.rating_scale``), with ``bestRating`` and ``worstRating`` the scale's highest and
  lowest numbers; a verdict without a number (Unverifiable, or a name not on the scale) has
  no ``ratingValue``.
- ``reviewBody`` is the claim's reasoning (schema version 10), what the fact-check says under
  the claim. A claim without reasoning gives its note instead: before version 10 the note was
  the only place for it, and the migration left notes as they were. A claim with reasoning
  keeps its note out of the markup (a note is often the checker's own reminder).
- ``itemReviewed.author`` (Claim.author, recommended by Google) is the claim's speaker, as a
  Person, when one is named. An ``attributes`` link to a source span is not used for it: a
  span such as "the Russian Defense Ministry" may be an organisation or a person, and schema.org
  wants the type; the HTML report shows those links.
- ``citation`` (CreativeWork.citation, which ClaimReview inherits) lists the claim's outside
  evidence, each a CreativeWork with its ``url``, ``name`` (the title) and ``description``
  (the note): what the fact-check rests on.

Without the page URL or the organisation's name and URL the markup breaks the guidelines:
``missing`` lists what is absent, exports refuse it unless asked for a draft, and a draft marks
each review ``creativeWorkStatus: "Draft"`` and leaves out what it does not know.
"""

from __future__ import annotations

import io

from ..model import Annotation, Document, Evidence, Project, Publisher, RatingLevel, Tag, level_named
from ..text_safety import dumps_for_html
from . import Format

DRAFT = "Draft"

HOW_TO_SET = (
    "Set them with `annotator publishing {project} --page URL --organization NAME --organization-url URL`, "
    "or in the app (File ▸ Publishing Details…)."
)

_DETAILS = (
    ("page_url", "the fact-check page URL"),
    ("organization", "the organisation's name"),
    ("organization_url", "the organisation's URL"),
)


def missing(project: Project) -> list[str]:
    """What the project lacks for a ClaimReview a fact-check page can publish, in words
    ("the fact-check page URL", …); empty when nothing is."""
    publisher = project.metadata.publisher
    return [words for name, words in _DETAILS if not getattr(publisher, name).strip()]


def refusal(project: Project, path: str = "PROJECT") -> str | None:
    """The one message refusing a publishable export of the project at ``path``: everything
    missing, and how to set it. None when nothing is missing."""
    absent = missing(project)
    if not absent:
        return None
    return f"ClaimReview needs publishing details this project lacks: {in_words(absent)}. {HOW_TO_SET.format(project=path)}"


def in_words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def rating_name(ann: Annotation) -> str:
    """The finding in words: the verdict, else empty."""
    return ann.verdict.strip()


def reviewed(ann: Annotation) -> bool:
    """Whether a ClaimReview is made of ``ann``: a claim with a verdict."""
    return ann.tag == Tag.CLAIM and bool(rating_name(ann))


def count(project: Project) -> int:
    return sum(1 for doc in project.documents for a in doc.annotations if reviewed(a))


def write(project: Project) -> bytes:
    """The list of reviews, written one at a time (memory about the output's size). Safe to
    paste into a ``<script type="application/ld+json">`` block: ``<``, ``>``, ``&`` and
    bidirectional controls are written as ``\\uXXXX`` escapes, so no ``</script>`` in a claim
    ends the block; the parsed strings are the claim's own. With details missing it is a
    draft (see the module's docstring); exports ask ``missing`` first."""
    publisher = project.metadata.publisher
    draft = bool(missing(project))
    organization = _organization(publisher)
    out = io.BytesIO()  # getvalue() hands over its buffer: no second copy of the output
    out.write(b"[")
    written = 0
    for doc in project.documents:
        appearance = _appearance(doc)
        for a in doc.annotations:
            if not reviewed(a):
                continue
            review = _review(a, project.metadata.rating_scale, publisher, organization, appearance, draft)
            out.write((",\n  " if written else "\n  ").encode("utf-8"))
            out.write(dumps_for_html(review, level=1).encode("utf-8"))
            written += 1
    out.write(b"\n]\n" if written else b"]\n")
    return out.getvalue()


def _organization(publisher: Publisher) -> dict | None:
    organization: dict = {"@type": "Organization"}
    if publisher.organization.strip():
        organization["name"] = publisher.organization.strip()
    if publisher.organization_url:
        organization["url"] = publisher.organization_url
    return organization if len(organization) > 1 else None


def _appearance(doc: Document) -> dict:
    """The article the claim appears in (Claim.appearance)."""
    appearance: dict = {"@type": "CreativeWork", "headline": doc.title}
    if doc.source_url:
        appearance["url"] = doc.source_url
    if doc.byline:
        appearance["author"] = {"@type": "Person", "name": doc.byline}
    if doc.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": doc.outlet}
    if doc.published:
        appearance["datePublished"] = doc.published
    return appearance


def _review(a: Annotation, scale: list[RatingLevel], publisher: Publisher, organization: dict | None, appearance: dict, draft: bool) -> dict:
    name = rating_name(a)
    rating: dict = {"@type": "Rating"}
    values = [level.value for level in scale if level.value is not None]
    if values:
        rating["bestRating"], rating["worstRating"] = max(values), min(values)
    rating["alternateName"] = rating["name"] = name
    level = level_named(scale, name)
    if level is not None and level.value is not None:
        rating["ratingValue"] = level.value
    review: dict = {"@context": "https://schema.org", "@type": "ClaimReview"}
    if draft:  # first, where a reader sees it
        review["creativeWorkStatus"] = DRAFT
    if publisher.page_url:
        review["url"] = publisher.page_url
    review["claimReviewed"] = a.quote.exact
    review["datePublished"] = a.modified.date().isoformat()
    if organization is not None:
        review["author"] = organization
    people = [who for who in (a.author, a.modified_by if a.modified_by != a.author else "") if who]
    if people:
        review["contributor"] = [{"@type": "Person", "name": who} for who in people]
    review["reviewRating"] = rating
    claim: dict = {"@type": "Claim"}
    if a.speaker.strip():
        claim["author"] = {"@type": "Person", "name": a.speaker.strip()}
    claim["appearance"] = appearance
    review["itemReviewed"] = claim
    body = a.reasoning if a.reasoning.strip() else a.note
    if body:
        review["reviewBody"] = body
    if a.evidence:
        review["citation"] = [_citation(e) for e in a.evidence]
    return review


def _citation(evidence: Evidence) -> dict:
    work: dict = {"@type": "CreativeWork", "url": evidence.url}
    if evidence.title:
        work["name"] = evidence.title
    if evidence.note:
        work["description"] = evidence.note
    return work


FORMAT = Format(
    name="claimreview",
    title="schema.org ClaimReview (JSON-LD)",
    extension=".claimreview.json",
    keeps=(
        "each claim with a verdict: the claim's text, verdict and its number on the project's rating scale, reasoning (its note when it has none) as reviewBody, "
        "speaker as the claim's author, outside evidence as citations (address, title, note), the article; "
        "the fact-check page and organisation (Publishing Details), who annotated it as contributor"
    ),
    loses=("everything that is not a reviewed claim; a claim's note when it has reasoning; links between spans (the HTML report shows them); "
           "the article's verdict and summary; it cannot be imported back"),
    write=write,
)
