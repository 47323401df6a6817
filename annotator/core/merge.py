"""A review of a colleague's project against mine: pairing documents, decisions, the merge.

Documents are paired by the sha256 of their text, then by id, then by title, then (when
each side has one document left) with each other. When the texts differ, the colleague's
annotations are re-found in my text from their quotes; those that cannot be found are
listed as lost, never dropped silently.

Links (schema version 10) go with the annotations the merge keeps, pointed at the merged ids
(``merge_links``); a link whose target is not kept is dropped and the records say so, as they
say what of a side's verdict, reasoning, speaker or evidence the merge does not hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .bulk import gc_paused
from .errors import Progress, no_progress
from .links import drop_dangling
from .merge_links import Kept, Locate, lost_words, resolve, side_locator
from .model import (
    Annotation,
    Comment,
    Decision,
    Document,
    Project,
    RatingLevel,
    ReviewInfo,
    ReviewRecord,
    Snapshot,
    new_id,
    now,
)
from .review import Group, ReviewItem, compare, notes_differ
from .review_facts import combined_facts


@dataclass
class DocumentReview:
    mine: Document
    theirs: Document | None
    theirs_annotations: list[Annotation]
    """Their annotations placed on my text (offsets and quotes refer to ``mine.text``)."""
    lost: list[Annotation]
    """Their annotations whose quote is nowhere in my text."""
    items: list[ReviewItem] = field(default_factory=list)

    @property
    def same_text(self) -> bool:
        return self.theirs is not None and self.theirs.sha256 == self.mine.sha256


@dataclass
class ItemDecision:
    decision: Decision
    edited: Annotation | None = None
    """The reviewer's own version, for Decision.EDITED."""
    kept: tuple[Annotation, ...] | None = None
    """What the item keeps when that is neither side as such: () where a majority of
    several colleagues marked nothing (``curation.majority_decision``)."""


def snapshot(project: Project) -> Project:
    """A copy whose lists can't change under a review (annotation objects are never changed
    in place, only replaced), made in O(documents + annotations) without copying the texts."""
    documents = [
        doc.model_copy(update={"annotations": list(doc.annotations), "review": list(doc.review)}) for doc in project.documents
    ]
    return project.model_copy(update={"documents": documents})


def review_projects(mine: Project, theirs: Project, progress: Progress = no_progress) -> tuple[list[DocumentReview], list[Document]]:
    """One DocumentReview per document of mine, and their documents that matched none of mine.

    ``progress`` hears how far re-finding their annotations in my text has come (see
    ``update.update_document``)."""
    pairs = _pair_documents(mine.documents, theirs.documents)
    reviews = []
    matched_theirs: set[int] = set()
    for doc in mine.documents:
        other = pairs.get(id(doc))
        if other is None:
            reviews.append(DocumentReview(doc, None, [], [], compare(doc.annotations, [])))
            continue
        matched_theirs.add(id(other))
        placed, lost = place_annotations(other, doc.text, progress)
        reviews.append(DocumentReview(doc, other, placed, lost, compare(doc.annotations, placed)))
    unmatched = [d for d in theirs.documents if id(d) not in matched_theirs]
    return reviews, unmatched


def place_annotations(source: Document, text: str, progress: Progress = no_progress) -> tuple[list[Annotation], list[Annotation]]:
    """``source``'s annotations re-found in ``text``: (placed, lost)."""
    if source.text == text:
        return list(source.annotations), []
    from .update import update_document  # here: its fuzzy matcher is not needed to start the app

    updated, report = update_document(source, text, progress)  # the same search as an article update
    return updated.annotations, report.orphans


def _pair_documents(mine: list[Document], theirs: list[Document]) -> dict[int, Document]:
    pairs: dict[int, Document] = {}
    free = list(theirs)
    for key in (lambda d: d.sha256, lambda d: d.id, lambda d: d.title.strip().casefold() or None):
        for doc in mine:
            if id(doc) in pairs:
                continue
            k = key(doc)
            match = next((t for t in free if k is not None and key(t) == k), None)
            if match is not None:
                pairs[id(doc)] = match
                free.remove(match)
    left = [d for d in mine if id(d) not in pairs]
    if len(left) == 1 and len(free) == 1:
        pairs[id(left[0])] = free[0]
    return pairs


def default_decision(item: ReviewItem) -> Decision:
    """What the merge does with an item nobody decided: agreed stays; where only the notes
    differ, one annotation keeps both notes (see ``combined_notes``), and so where the
    fact-checks differ and the notes too (my fact-check kept, theirs in the record's words);
    otherwise mine is kept."""
    if item.group == Group.AGREED:
        return Decision.AGREED
    if item.group == Group.NOTES_DIFFER or (item.group == Group.FACTS_DIFFER and notes_differ(item.mine, item.theirs)):
        return Decision.KEPT_BOTH_NOTES
    return Decision.KEPT_MINE


def describe_default(item: ReviewItem) -> str:
    """What the merge does with the item if nobody decides, in words."""
    if item.group == Group.AGREED:
        return "it is agreed: your annotation stays"
    if item.group == Group.NOTES_DIFFER:
        return "one annotation keeps both notes, each with its author's name"
    if item.group == Group.FACTS_DIFFER:
        notes = ", with both notes," if notes_differ(item.mine, item.theirs) else ""
        return f"your verdict, links and evidence are kept{notes} and theirs are said in the merge's record"
    return "your version is kept" if item.mine is not None else "theirs is left out"


def preferred_decision(item: ReviewItem, prefer: str, reviewer: str, time: datetime) -> ItemDecision | None:
    """The decision ``annotator merge --prefer`` makes for an item; None leaves the review's
    default (agreed stays, differing notes both kept, else mine). "both" keeps both versions
    of every difference. Where one version of a pair is dropped and its note says something
    the kept one does not, the kept one gets both notes (an edit signed by ``reviewer``): a
    headless merge never loses a note. An annotation left out whole stays in its record."""
    if item.group in (Group.AGREED, Group.NOTES_DIFFER):
        return None
    if prefer == "both":
        return ItemDecision(Decision.KEPT_BOTH)
    keep, drop = (item.mine, item.theirs) if prefer == "mine" else (item.theirs, item.mine)
    if keep is not None and drop is not None and drop.note.strip() and drop.note.strip() not in keep.note:
        note = combined_notes(item.mine, item.theirs)
        return ItemDecision(Decision.EDITED, keep.model_copy(update={"note": note, "modified": time, "modified_by": reviewer}))
    return None if prefer == "mine" else ItemDecision(Decision.ACCEPTED_THEIRS)


def combined_notes(mine: Annotation, theirs: Annotation) -> str:
    """Both sides' notes in one, each labelled with whose it is, e.g.
    "Mine (Alice): …" and "Theirs (Bob): …" separated by a blank line. A side without a
    note is left out; so is their note when it is the same as mine."""
    parts = []
    for label, ann in (("Mine", mine), ("Theirs", theirs)):
        note = ann.note.strip()
        if note and not (label == "Theirs" and note == mine.note.strip()):
            parts.append(f"{label} ({ann.author or 'unnamed'}): {note}")
    return "\n\n".join(parts)


def outcome(item: ReviewItem, decision: ItemDecision | None, reviewer: str = "", time: datetime | None = None) -> list[Kept]:
    """The annotations an item contributes to the merged document, each with the side's
    annotations it stands for (links to those come to it). An undecided "notes differ" item
    gives my annotation with both notes, changed by ``reviewer`` at ``time``; "keep both" of
    a fact-check difference gives one annotation with both fact-checks (``combined_facts``)."""
    choice = decision.decision if decision else default_decision(item)
    mine, theirs = item.mine, item.theirs
    both = tuple(a for a in (mine, theirs) if a is not None)
    if decision is not None and decision.kept is not None:
        return [Kept.of(a) for a in decision.kept]
    if choice in (Decision.AGREED, Decision.KEPT_MINE):
        return [Kept.of(mine, both)] if mine else []
    if choice == Decision.ACCEPTED_THEIRS:
        return [Kept.of(theirs, both)] if theirs else []
    if choice == Decision.KEPT_BOTH and item.group == Group.FACTS_DIFFER:
        note = combined_notes(mine, theirs) if notes_differ(mine, theirs) else mine.note
        ann = mine.model_copy(update={**combined_facts(mine, theirs), "note": note, "modified": time or now(), "modified_by": reviewer})
        return [Kept(ann, [*((mine, link) for link in mine.links), *((theirs, link) for link in theirs.links)], both)]
    if choice == Decision.KEPT_BOTH:
        return [Kept.of(a) for a in both]
    if choice == Decision.KEPT_BOTH_NOTES and mine is not None and theirs is not None:
        note = combined_notes(mine, theirs)
        return [Kept.of(mine.model_copy(update={"note": note, "modified": time or now(), "modified_by": reviewer}), both, mine)]
    if decision is not None and decision.edited is not None:
        edited = decision.edited
        owner = theirs if theirs is not None and (edited.links is theirs.links or mine is None or edited.id != mine.id) else mine
        return [Kept.of(edited, both, owner)]
    raise ValueError("an edited decision needs the edited annotation")


NOT_FOUND = "not found"
"""The group of a record for one of their annotations whose quote is not in my text. Its
``theirs`` snapshot keeps the offsets of the colleague's own text."""

NOT_KEPT = "not kept"
"""The group of a record saying in words what a merge did not keep of an item: a side's
verdict, reasoning, speaker, evidence or links, and links dropped because the merge does not
keep their target. Beside the item's own record, so the reviewer's comment stays theirs."""

CONFLICT = "conflict"
"""The group of a record a git merge (``core.merge3``) made where both branches changed the
same thing differently: ours was kept, theirs is the record's ``theirs`` snapshot, and its
comment names each field and both values. Undecided until someone looks at it."""


def merge_document(
    review: DocumentReview,
    decisions: dict[int, ItemDecision],
    comments: dict[int, Comment],
    reviewer: str,
    time: datetime,
    used_ids: set[str] | None = None,
    others: Sequence[Sequence[Annotation]] = (),
    locate: Locate | None = None,
) -> Document:
    """My document with every decision applied; neither input is changed.

    Every item that is not agreed gets a review record, decided or not, and so does each of
    their annotations that could not be found, so whoever opens the merge sees every
    difference between their version and the result. ``used_ids`` (shared across the
    documents of a project) keeps annotation ids unique when both versions are kept.
    ``others`` (a review of several colleagues) holds per item the colleagues' annotations
    its ``theirs`` is not: each gets a record of its own, so the merge keeps who had what.
    ``locate`` finds a link's target on its own side (``merge_links.Locate``; by default the
    two sides of ``review``). Links follow their targets into the merge; a dropped link and a
    side's fact-check the merge does not hold are said in a record of their own (``NOT_KEPT``).
    """
    with gc_paused():  # hundreds of thousands of objects that stay alive: no collector passes over them
        return _merge_document(review, decisions, comments, reviewer, time, used_ids, others, locate)


def _merge_document(review, decisions, comments, reviewer, time, used_ids, others, locate) -> Document:
    used_ids = set() if used_ids is None else used_ids
    if locate is None:
        locate = side_locator(review.items, {ann.id for ann in review.mine.orphans})
    kept_per_item: list[list[Kept]] = []
    for index, item in enumerate(review.items):
        comment = comments.get(index)
        result = outcome(item, decisions.get(index), reviewer, time)
        for kept in result:
            ann = kept.ann
            if ann.id in used_ids:  # the same id on both sides (or in another document), both kept
                ann = ann.model_copy(update={"id": new_id()})
            if comment is not None:
                ann = ann.model_copy(update={"comments": [*ann.comments, comment]})
            used_ids.add(ann.id)
            kept.ann = ann
        kept_per_item.append(result)
    resolved = resolve(kept_per_item, locate)
    stand = {id(a): kept for result in kept_per_item for kept in result for a in kept.stands_for}
    annotations: list[Annotation] = []
    records = list(review.mine.review)
    for index, item in enumerate(review.items):
        decision = decisions.get(index)
        comment = comments.get(index)
        result = [kept.ann for kept in kept_per_item[index]]
        annotations += result
        extra = others[index] if index < len(others) else ()
        words = list(resolved.dropped.get(index, ()))
        for label, side in (("My", item.mine), ("Their", item.theirs)):
            if side is not None:
                words += lost_words(label, side, stand.get(id(side)), locate, resolved)
        if decision is not None or comment is not None or item.group != Group.AGREED or extra or words:
            for theirs in ([item.theirs] if item.theirs or not extra else []) + list(extra):
                said = words if theirs is item.theirs or theirs is None else lost_words(
                    f"{theirs.author or 'Unnamed'}'s", theirs, stand.get(id(theirs)), locate, resolved)
                record = ReviewRecord(
                    reviewer=reviewer,
                    time=time,
                    group=item.group.value,
                    decision=decision.decision if decision else default_decision(item),
                    mine=Snapshot.of(item.mine) if item.mine else None,
                    theirs=Snapshot.of(theirs) if theirs else None,
                    result=[Snapshot.of(a) for a in result],
                    comment=comment,
                    decided=decision is not None,
                )
                records.append(record)
                if said:
                    records.append(record.model_copy(update={
                        "group": NOT_KEPT, "comment": Comment(author=reviewer, time=time, text="\n".join(said))}))
    article = _article_words(review)
    if article:  # the article's own verdict and summary are mine; theirs said, not lost
        records.append(ReviewRecord(reviewer=reviewer, time=time, group=NOT_KEPT, decision=Decision.KEPT_MINE, decided=False,
                                    comment=Comment(author=reviewer, time=time, text="\n".join(article))))
    for ann in review.lost:
        records.append(ReviewRecord(
            reviewer=reviewer, time=time, group=NOT_FOUND, decision=Decision.KEPT_MINE,
            theirs=Snapshot.of(ann), decided=False,
        ))
    annotations.sort(key=Annotation.sort_key)
    # Suggestions either of us turned down stay turned down (the same text, so the same offsets).
    rejected = list(review.mine.rejected_suggestions)
    seen = {r.key() for r in rejected}
    rejected += [r for r in review.theirs.rejected_suggestions if r.key() not in seen and review.same_text]
    merged = review.mine.model_copy(update={"annotations": annotations, "review": records, "rejected_suggestions": rejected}, deep=True)
    dangling = drop_dangling(merged)  # my orphans' links to what the merge did not keep; a last check
    if dangling:
        merged.review.append(ReviewRecord(
            reviewer=reviewer, time=time, group=NOT_KEPT, decision=Decision.KEPT_MINE, decided=False,
            comment=Comment(author=reviewer, time=time, text="\n".join(f"Link dropped: {line}" for line in dangling)),
        ))
    return merged


def _article_words(review: DocumentReview) -> list[str]:
    """Their verdict and summary of the whole article where they differ from mine, in words."""
    theirs, mine = review.theirs, review.mine
    if theirs is None:
        return []
    words = []
    if theirs.verdict.strip() and theirs.verdict.strip().casefold() != mine.verdict.strip().casefold():
        words.append(f"Their verdict on the article, not kept: “{theirs.verdict}” (kept: “{mine.verdict or 'none'}”)")
    if theirs.summary.strip() and theirs.summary.strip() != mine.summary.strip():
        words.append(f"Their summary of the article, not kept: “{theirs.summary.strip()}”")
    return words


def merge_projects(
    mine: Project,
    merged_documents: list[Document],
    reviewer: str,
    time: datetime,
    mine_name: str,
    theirs_name: str,
    unmatched: list[Document] = (),
    theirs: Sequence[tuple[str, Project]] = (),
) -> Project:
    """The merged project: my metadata (with this review's info) over ``merged_documents``.
    ``theirs`` names the colleagues' projects: a rating scale of theirs that differs from mine
    is not kept (the merge's verdicts are on my scale) but said in a record on the first article."""
    info = ReviewInfo(
        reviewer=reviewer, time=time, mine=mine_name, theirs=theirs_name,
        unmatched_documents=[doc.title or doc.id for doc in unmatched],
    )
    metadata = mine.metadata.model_copy(update={"reviews": [*mine.metadata.reviews, info]}, deep=True)
    words = [scale_words(name, project.metadata.rating_scale, mine.metadata.rating_scale)
             for name, project in theirs if project.metadata.rating_scale != mine.metadata.rating_scale]
    if words and merged_documents:
        merged_documents[0].review.append(ReviewRecord(
            reviewer=reviewer, time=time, group=NOT_KEPT, decision=Decision.KEPT_MINE, decided=False,
            comment=Comment(author=reviewer, time=time, text="\n".join(words))))
    return Project(metadata=metadata, documents=merged_documents)


def scale_words(name: str, theirs: Sequence[RatingLevel], mine: Sequence[RatingLevel]) -> str:
    """A colleague's rating scale that the merge does not keep, in words."""
    def listed(scale: Sequence[RatingLevel]) -> str:
        return ", ".join(level.name if level.value is None else f"{level.name} {level.value}" for level in scale)

    return f"{name}'s rating scale, not kept: {listed(theirs)} (kept: {listed(mine)})"


def reader_side(records: list[ReviewRecord], reader: str) -> str:
    """"theirs" when ``reader`` wrote the colleague's side of these records, else "mine"."""
    if reader and any(r.theirs is not None and r.theirs.author == reader for r in records):
        if not any(r.mine is not None and r.mine.author == reader for r in records):
            return "theirs"
    return "mine"


def describe_decision(record: ReviewRecord) -> str:
    """How a record's item was decided, e.g. "accepted theirs", "undecided: kept mine"."""
    return record.decision.value if record.decided else f"undecided: {record.decision.value}"


def describe_change(record: ReviewRecord, side: str = "mine") -> str:
    """What a review decision changed, seen from one side's version ("mine" or "theirs").
    E.g. "quote → claim", "added claim", "removed (was source)"."""
    if record.group == NOT_FOUND:
        return "not found in the reviewed text: not merged"
    if record.group == NOT_KEPT:
        lines = record.comment.text.splitlines() if record.comment else []
        first = lines[0] if lines else "see the record"
        first = first[:1].lower() + first[1:]
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        return (first if len(first) <= 100 else first[:99] + "…") + more
    if record.group == CONFLICT:
        if not record.snapshots():  # a document or the project's details: the comment says what
            return "git merge conflict: " + (record.comment.text.splitlines()[0] if record.comment else "see the record")
        change = describe_change(record.model_copy(update={"group": ""}), side)
        return "git merge conflict: " + ("this version kept, the other recorded" if change == "unchanged" else change)
    base = record.mine if side == "mine" else record.theirs
    results = record.result
    if base is None:
        return "added " + ", ".join(r.tag.value for r in results) if results else "not added"
    if not results:
        return f"removed (was {base.tag.value})"
    same = [r for r in results if (r.start, r.end, r.tag) == (base.start, base.end, base.tag)]
    result = same[0] if same else next((r for r in results if r.id == base.id), results[0])
    parts = []
    if result.tag != base.tag:
        parts.append(f"{base.tag.value} → {result.tag.value}")
    if (result.start, result.end) != (base.start, base.end):
        parts.append(f"span {base.start}–{base.end} → {result.start}–{result.end}")
    if result.note != base.note:
        parts.append("note changed")
    if len(results) > 1:
        parts.append("another version kept too")
    if record.group == Group.FACTS_DIFFER.value:
        parts.append(_fact_change(record.decision, side))
    return "; ".join(parts) or "unchanged"


def _fact_change(decision: Decision, side: str) -> str:
    """What a decision on a fact-check difference did, seen from ``side``: the comment says
    each verdict, link and piece of evidence."""
    if decision == Decision.KEPT_BOTH:
        return "fact-check combined with the other version's"
    ours = Decision.KEPT_MINE if side == "mine" else Decision.ACCEPTED_THEIRS
    if decision in (ours, Decision.KEPT_BOTH_NOTES if side == "mine" else None):
        return "fact-check kept, the other version's recorded"
    return "fact-check replaced by the other version's"
