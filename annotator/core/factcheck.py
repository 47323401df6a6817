"""The claims of one article as a fact-check desk works through them: per claim its verdict,
what in the article bears on it, its outside evidence, who said it and whether a reviewer
agreed; and the filters of the Claims view ("without evidence", "without verdict"...).

``ClaimTable`` is built once per article (one pass over its annotations and review records)
and then kept up to date one annotation at a time: an edit costs O(links of that annotation
+ links into it), never a pass over the article, so typing a verdict stays cheap in an
article of any size.

How links are counted (a link lives on the annotation it starts from, and its target bears
on that annotation, see ``model.Relation``):

- **outgoing** links of the claim count for every relation: a claim linking to a quote with
  "supports" is supported by it;
- **incoming** links count only for "disputes": a contradiction is mutual, so a span that
  links to the claim as disputing it is itself disputed by the claim, and the two dispute
  each other. An incoming "supports", "attributes" or "context" says what the *claim* does
  for the other span (it supports it, names its speaker, gives it context), which is no
  evidence about the claim, and is not counted.

Counts are of distinct spans: a span linked both ways as disputing counts once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from operator import attrgetter

from .model import Annotation, Decision, Document, Link, RatingLevel, Relation, ReviewInfo, ReviewRecord, Tag, level_named
from .wording import plural

_id, _links = attrgetter("id"), attrgetter("links")
NOT_REVIEWED = "not reviewed"
AGREED = "agreed"


@dataclass(frozen=True, slots=True)
class ClaimSummary:
    """One row of the Claims view."""

    claim: Annotation
    level: RatingLevel | None
    """The verdict's level on the project's scale; None without a verdict or off the scale."""
    supports: int = 0
    disputes: int = 0
    context: int = 0
    attributes: int = 0
    speaker: str = ""
    """The claim's own speaker, else the text of the span an "attributes" link points at."""
    speaker_linked: bool = False
    """The speaker was taken from an "attributes" link, not written on the claim."""
    agreement: str = NOT_REVIEWED
    """"agreed", "differed: kept mine", "not reviewed"... (see ``agreement``)."""
    records: tuple[ReviewRecord, ...] = ()
    """The latest review's records of the claim, for a fuller account than ``agreement``."""

    @property
    def verdict(self) -> str:
        return self.claim.verdict.strip()

    @property
    def evidence(self) -> int:
        """How many items of outside evidence the claim has."""
        return len(self.claim.evidence)

    @property
    def rating(self) -> str:
        """The verdict's number on the scale as text; "no number" for a level without one
        ("Unverifiable"), "not on the scale" for a verdict the scale lacks, "" without one."""
        if not self.verdict:
            return ""
        if self.level is None:
            return "not on the scale"
        return "no number" if self.level.value is None else str(self.level.value)

    @property
    def has_verdict(self) -> bool:
        return bool(self.verdict)

    @property
    def has_evidence(self) -> bool:
        """Something supports or disputes it, in the article or outside it."""
        return bool(self.supports or self.disputes or self.claim.evidence)

    @property
    def disputed(self) -> bool:
        """Some span of the article disputes it (see the module's note on incoming links)."""
        return self.disputes > 0


class FilterKind(str, Enum):
    ALL = "all"
    WITHOUT_EVIDENCE = "without evidence"
    WITHOUT_VERDICT = "without verdict"
    DISPUTED = "disputed"
    VERDICT = "verdict"
    """Claims with one verdict of the scale (``ClaimFilter.verdict`` names it)."""
    OFF_SCALE = "off the scale"
    """Claims whose verdict is not a level of the project's scale."""


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    kind: FilterKind = FilterKind.ALL
    verdict: str = ""

    @property
    def label(self) -> str:
        if self.kind == FilterKind.VERDICT:
            return f"Verdict: {self.verdict}"
        if self.kind == FilterKind.OFF_SCALE:
            return "Verdict not on the scale"
        return self.kind.value.capitalize()

    @property
    def description(self) -> str:
        """What the filter shows, for its tooltip."""
        return {
            FilterKind.ALL: "Every claim of the article",
            FilterKind.WITHOUT_EVIDENCE: "Claims that no span of the article supports or disputes and that have no outside evidence",
            FilterKind.WITHOUT_VERDICT: "Claims without a verdict yet",
            FilterKind.DISPUTED: "Claims that a span of the article disputes (a “disputes” link either way)",
            FilterKind.VERDICT: f"Claims with the verdict “{self.verdict}”",
            FilterKind.OFF_SCALE: "Claims whose verdict is not a level of the project's rating scale",
        }[self.kind]

    def accepts(self, row: ClaimSummary) -> bool:
        kind = self.kind
        if kind == FilterKind.ALL:
            return True
        if kind == FilterKind.WITHOUT_EVIDENCE:
            return not row.has_evidence
        if kind == FilterKind.WITHOUT_VERDICT:
            return not row.has_verdict
        if kind == FilterKind.DISPUTED:
            return row.disputed
        if kind == FilterKind.OFF_SCALE:
            return row.has_verdict and row.level is None
        return row.level is not None and row.level.name.casefold() == self.verdict.casefold()


def filters(scale: Sequence[RatingLevel]) -> list[ClaimFilter]:
    """The filters the Claims view offers, in order: all, the three to-do lists, each level
    of the scale, then the verdicts off the scale."""
    fixed = [ClaimFilter(kind) for kind in (FilterKind.ALL, FilterKind.WITHOUT_EVIDENCE, FilterKind.WITHOUT_VERDICT, FilterKind.DISPUTED)]
    return fixed + [ClaimFilter(FilterKind.VERDICT, level.name) for level in scale] + [ClaimFilter(FilterKind.OFF_SCALE)]


def describe_record(record: ReviewRecord) -> str:
    """One review decision on a claim in a few words: "agreed", "differed: kept mine",
    "differed: undecided (kept mine)"."""
    if record.decision == Decision.AGREED:
        return AGREED
    if not record.decided:
        return f"differed: undecided ({record.decision.value})"
    return f"differed: {record.decision.value}"


def agreement(claim: Annotation, records: Sequence[ReviewRecord], reviewed: datetime | None) -> str:
    """Whether reviewers agreed on ``claim``, from the review records whose result it is
    (see ``agreement_and_records``)."""
    return agreement_and_records(claim, records, reviewed)[0]


def agreement_and_records(claim: Annotation, records: Sequence[ReviewRecord], reviewed: datetime | None) -> tuple[str, tuple[ReviewRecord, ...]]:
    """Whether reviewers agreed on ``claim``, and the records that say so (none when the
    claim was agreed without a record, or not reviewed).

    Only the latest review counts (several colleagues can make several records at once; their
    different outcomes are all named). A merge records only what differed, so a claim that
    existed when the article was last ``reviewed`` and has no record of that review was
    agreed; one made after it was "not reviewed". ", changed since" marks a claim edited
    after its review.
    """
    latest = max((record.time for record in records), default=None)
    said: tuple[ReviewRecord, ...] = ()
    if latest is not None and (reviewed is None or latest >= reviewed or claim.created > reviewed):
        said = tuple(r for r in records if r.time == latest)
        text = "; ".join(dict.fromkeys(map(describe_record, said)))
    elif reviewed is not None and claim.created <= reviewed:
        latest, text = reviewed, AGREED
    else:
        return NOT_REVIEWED, ()
    return (text + ", changed since" if claim.modified > latest else text), said


@dataclass(frozen=True, slots=True)
class Counts:
    """The Claims view's count line."""

    claims: int = 0
    without_evidence: int = 0
    without_verdict: int = 0
    disputed: int = 0

    def line(self) -> str:
        """"12 claims · 5 without evidence · 3 without verdict · 1 disputed"."""
        return " · ".join((plural(self.claims, "claim"), f"{self.without_evidence} without evidence",
                           f"{self.without_verdict} without verdict", f"{self.disputed} disputed"))


@dataclass(eq=False)
class ClaimTable:
    """Every claim of one document with its summary, updated edit by edit.

    ``put`` (an annotation added or changed) and ``drop`` (one removed) return the ids of
    the claims whose summary may have changed, including claims that appeared or went away,
    so a view redraws those rows only. ``lookup`` finds any annotation of the document by
    id (for a speaker named by a linked span); by default a table of the document's own.
    """

    document: Document
    scale: Sequence[RatingLevel]
    reviews: Sequence[ReviewInfo] = ()
    lookup: Callable[[str], Annotation | None] | None = None
    _claims: dict[str, Annotation] = field(default_factory=dict, init=False, repr=False)
    _links: dict[str, tuple[Link, ...]] = field(default_factory=dict, init=False, repr=False)
    """Every annotation's links as last seen, by its id (only annotations that have links)."""
    _disputed_by: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False)
    """target id -> ids of the annotations that link to it as disputing it."""
    _attributed: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False)
    """target id -> ids of the claims whose speaker an "attributes" link to it names."""
    _records: dict[str, list[ReviewRecord]] = field(default_factory=dict, init=False, repr=False)
    _reviewed: datetime | None = field(default=None, init=False, repr=False)
    _summaries: dict[str, ClaimSummary] = field(default_factory=dict, init=False, repr=False)
    _counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0], init=False, repr=False)
    _own: dict[str, Annotation] | None = field(default=None, init=False, repr=False)
    """The document's annotations by id, kept here when no ``lookup`` was given."""

    def __post_init__(self) -> None:
        if self.lookup is None:
            self._own = {}
            self.lookup = self._own.get
        for record in self.document.review:
            for snap in record.result:
                self._records.setdefault(snap.id, []).append(record)
        times = [record.time for record in self.document.review] + [info.time for info in self.reviews]
        self._reviewed = max(times, default=None)
        anns = self.document.annotations
        if self._own is not None:
            self._own.update(zip(map(_id, anns), anns))
        self._claims = {ann.id: ann for ann in anns if ann.tag == Tag.CLAIM}
        for ann in filter(_links, anns):  # only annotations with links: a C-level filter
            self._take(ann)
        for claim_id in self._claims:
            self._refresh(claim_id)

    # -- reading
    def __len__(self) -> int:
        return len(self._claims)

    def __contains__(self, ann_id: object) -> bool:
        return ann_id in self._claims

    def claims(self) -> list[Annotation]:
        """The claims in reading order."""
        return sorted(self._claims.values(), key=Annotation.sort_key)

    def summary(self, claim_id: str) -> ClaimSummary:
        return self._summaries[claim_id]

    def summaries(self) -> list[ClaimSummary]:
        """Every claim's summary, in reading order."""
        return [self._summaries[claim.id] for claim in self.claims()]

    def counts(self) -> Counts:
        return Counts(len(self._claims), *self._counts[1:])

    # -- keeping up with edits
    def put(self, ann: Annotation) -> set[str]:
        """``ann`` was added, or changed (same id): the claims it affects."""
        affected = self._forget(ann.id)
        affected |= self._take(ann)
        return self._refreshed(affected)

    def drop(self, ann_id: str) -> set[str]:
        """The annotation ``ann_id`` was removed: the claims it affects."""
        return self._refreshed(self._forget(ann_id))

    def _affected_by(self, ann_id: str) -> set[str]:
        """Claims whose summary reads ``ann_id``: itself, the claims it is linked with as
        disputing, and those whose speaker it names."""
        near = {ann_id} | self._disputed_by.get(ann_id, set()) | self._attributed.get(ann_id, set())
        near |= {link.target for link in self._links.get(ann_id, ()) if link.relation == Relation.DISPUTES}
        return near

    def _take(self, ann: Annotation) -> set[str]:
        if self._own is not None:
            self._own[ann.id] = ann
        if ann.tag == Tag.CLAIM:
            self._claims[ann.id] = ann
        if ann.links:
            self._links[ann.id] = ann.links
            for link in ann.links:
                if link.relation == Relation.DISPUTES:
                    self._disputed_by.setdefault(link.target, set()).add(ann.id)
                elif link.relation == Relation.ATTRIBUTES and ann.tag == Tag.CLAIM:
                    self._attributed.setdefault(link.target, set()).add(ann.id)
        return self._affected_by(ann.id)

    def _forget(self, ann_id: str) -> set[str]:
        affected = self._affected_by(ann_id)
        self._claims.pop(ann_id, None)
        if self._own is not None:
            self._own.pop(ann_id, None)
        for link in self._links.pop(ann_id, ()):
            if link.relation not in (Relation.DISPUTES, Relation.ATTRIBUTES):
                continue
            table = self._disputed_by if link.relation == Relation.DISPUTES else self._attributed
            sources = table.get(link.target)
            if sources is not None:
                sources.discard(ann_id)
                if not sources:
                    del table[link.target]
        return affected

    def _refreshed(self, affected: set[str]) -> set[str]:
        """Recompute the summaries of ``affected`` that are (or were) claims; those ids."""
        changed = {ann_id for ann_id in affected if ann_id in self._claims or ann_id in self._summaries}
        for ann_id in changed:
            self._refresh(ann_id)
        return changed

    def _refresh(self, claim_id: str) -> None:
        old = self._summaries.pop(claim_id, None)
        if old is not None:
            self._count(old, -1)
        claim = self._claims.get(claim_id)
        if claim is not None:
            new = self._summarize(claim)
            self._summaries[claim_id] = new
            self._count(new, 1)

    def _count(self, row: ClaimSummary, sign: int) -> None:
        self._counts[1] += sign * (not row.has_evidence)
        self._counts[2] += sign * (not row.has_verdict)
        self._counts[3] += sign * row.disputed

    def _summarize(self, claim: Annotation) -> ClaimSummary:
        targets: dict[Relation, set[str]] = {relation: set() for relation in Relation}
        for link in claim.links:
            targets[link.relation].add(link.target)
        targets[Relation.DISPUTES] |= self._disputed_by.get(claim.id, set())
        speaker, linked = claim.speaker.strip(), False
        if not speaker:
            for link in claim.links:
                named = self.lookup(link.target) if link.relation == Relation.ATTRIBUTES else None
                if named is not None:
                    speaker, linked = " ".join(named.speaker.split()) or " ".join(named.quote.exact.split()), True
                    break
        said, records = agreement_and_records(claim, self._records.get(claim.id, ()), self._reviewed)
        return ClaimSummary(
            claim=claim, level=level_named(self.scale, claim.verdict),
            supports=len(targets[Relation.SUPPORTS]), disputes=len(targets[Relation.DISPUTES]),
            context=len(targets[Relation.CONTEXT]), attributes=len(targets[Relation.ATTRIBUTES]),
            speaker=speaker, speaker_linked=linked,
            agreement=said, records=records,
        )


def claim_table(document: Document, scale: Sequence[RatingLevel], reviews: Iterable[ReviewInfo] = (),
                lookup: Callable[[str], Annotation | None] | None = None) -> ClaimTable:
    """A ``ClaimTable`` of ``document`` (a convenience for callers with a project's parts)."""
    return ClaimTable(document, list(scale), list(reviews), lookup)
