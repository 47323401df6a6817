"""Links through a review's merge: each kept annotation's links pointed at the merged ids, and
what is not kept said in words for the review records (schema version 10).

The two sides' files give the same span different ids, so a link is followed to the
annotation it names *on its own side* (``Locate``), then to what stands for that annotation
in the merge: itself, or the version the reviewer kept in its place (accepting their tag for
a span my claim links to keeps the link, now to their annotation). A link whose target the
merge does not keep is dropped, and the record of the target's item says so; so does a
side's verdict, reasoning, speaker, evidence or link that the kept version does not hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .model import Annotation, Link
from .review import ReviewItem
from .review_facts import about, evidence_key, evidence_words, fact_words, folded, short

ORPHAN = (-1, None)
"""What ``Locate`` gives for a link to one of my orphans: they stay in the merge as they are."""

Locate = Callable[[Annotation, str], "tuple[int, Annotation | None] | None"]
"""The item index and annotation that ``target`` names on the side of ``owner`` (the
annotation the link starts from); ``ORPHAN`` for one of my orphans; None when the review
holds no such annotation (their orphan, or one not found in my text)."""


@dataclass
class Kept:
    """One annotation a review item contributes to the merge, before its links are resolved."""

    ann: Annotation
    links: list[tuple[Annotation, Link]]
    """Each link with the side's annotation it came from (whose ids it names)."""
    stands_for: tuple[Annotation, ...]
    """The sides' annotations this one takes the place of: links to them come here."""

    @classmethod
    def of(cls, ann: Annotation, stands_for: tuple[Annotation, ...] = (), owner: Annotation | None = None) -> Kept:
        return cls(ann, [(owner or ann, link) for link in ann.links] if ann.links else [], stands_for or (ann,))


def side_locator(items: Sequence[ReviewItem], mine_orphans: set[str]) -> Locate:
    """The locator of a two-sided review: ids looked up on the side the link starts from."""
    mine = {item.mine.id: (n, item.mine) for n, item in enumerate(items) if item.mine is not None}
    theirs = {item.theirs.id: (n, item.theirs) for n, item in enumerate(items) if item.theirs is not None}
    theirs_objects = {id(item.theirs) for item in items if item.theirs is not None}
    mine_objects = {id(item.mine) for item in items if item.mine is not None}

    def locate(owner: Annotation, target: str):
        if id(owner) in theirs_objects and id(owner) not in mine_objects:
            return theirs.get(target)
        found = mine.get(target)
        if found is None and target in mine_orphans:
            return ORPHAN
        return found

    return locate


@dataclass
class Resolved:
    dropped: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Per item index: the links dropped because that item's annotation is not kept, in words."""
    target_id: Callable[[Annotation, str], str | None] = lambda _owner, _target: None


def resolve(kept_per_item: list[list[Kept]], locate: Locate) -> Resolved:
    """Point every kept link at the merged id of what stands for its target; drop (and say)
    those whose target is not kept, would link an annotation to itself, or are there twice.
    Ids must be final (as the merge assigns them) before this runs. Changes ``Kept.ann``."""
    stand: dict[int, Kept] = {}
    for kept_list in kept_per_item:
        for kept in kept_list:
            for ann in kept.stands_for:
                stand.setdefault(id(ann), kept)
    result = Resolved()

    def stand_in(owner: Annotation, target: str) -> tuple[Kept | None, str | None, Annotation | None, int | None]:
        found = locate(owner, target)
        if found is ORPHAN:
            return None, target, None, None
        if found is None:
            return None, None, None, None
        n, obj = found
        kept = stand.get(id(obj)) or (kept_per_item[n][0] if kept_per_item[n] else None)
        return kept, (kept.ann.id if kept else None), obj, n

    def target_id(owner: Annotation, target: str) -> str | None:
        return stand_in(owner, target)[1]

    result.target_id = target_id
    for n, kept_list in enumerate(kept_per_item):
        for kept in kept_list:
            if not kept.links:
                continue
            links: list[Link] = []
            seen: set[tuple[str, object]] = set()
            for owner, link in kept.links:
                target_kept, new_target, obj, place = stand_in(owner, link.target)
                what = f"the link “{link.relation.value}” from {about(kept.ann)}"
                if new_target is None:
                    where = n if place is None else place
                    result.dropped[where].append(
                        f"Link dropped: {what} to {about(obj)}: {'that annotation' if obj else 'its target'} is not in the merge")
                    continue
                if target_kept is kept:
                    result.dropped[n].append(f"Link dropped: {what} to {about(obj)}: both are one annotation in the merge")
                    continue
                if (new_target, link.relation) in seen:
                    continue
                seen.add((new_target, link.relation))
                links.append(link if link.target == new_target else link.model_copy(update={"target": new_target}))
            if tuple(links) != kept.ann.links:
                kept.ann = kept.ann.model_copy(update={"links": tuple(links)})
    return result


def locate_target(locate: Locate, owner: Annotation, target: str) -> Annotation | None:
    """The annotation a link of ``owner`` names, for words; None when the review has none."""
    found = locate(owner, target)
    return None if found is None or found is ORPHAN else found[1]


def lost_words(label: str, ann: Annotation, stand: Kept | None, locate: Locate, resolved: Resolved) -> list[str]:
    """What of ``ann``'s fact-check the merge does not hold, in words ("Their fact-check, not
    kept: verdict “False” (kept: “Mixed”); link supports → quote “…”"); nothing when all of it
    is there. ``label`` is whose ("My", "Their", "Carol's"); ``stand`` is what stands for
    ``ann`` in the merge (None: nothing does)."""
    if not (ann.verdict or ann.reasoning or ann.speaker or ann.evidence or ann.links):
        return []
    if stand is None:
        facts = fact_words(ann, lambda target: locate_target(locate, ann, target))
        return [f"{label} fact-check, not kept (the annotation is not in the merge): " + "; ".join(facts)]
    got = stand.ann
    parts = []
    for name in ("verdict", "speaker"):
        value, kept_value = getattr(ann, name), getattr(got, name)
        if value.strip() and folded(value) != folded(kept_value):
            parts.append(f"{name} {short(value)} (kept: {short(kept_value) if kept_value.strip() else 'none'})")
    if ann.reasoning.strip() and ann.reasoning.strip() not in got.reasoning:
        parts.append(f"reasoning {short(ann.reasoning, 120)}")
    keys = set(map(evidence_key, got.evidence))
    parts += [evidence_words(e) for e in ann.evidence if evidence_key(e) not in keys]
    carried = {(id(owner), link.target, link.relation) for owner, link in stand.links}
    final = {(link.target, link.relation) for link in got.links}
    for link in ann.links:
        if (id(ann), link.target, link.relation) in carried:
            continue  # carried into the merge: kept, or its drop is said with the target's item
        if (resolved.target_id(ann, link.target), link.relation) not in final:
            parts.append(f"link {link.relation.value} → {about(locate_target(locate, ann, link.target))}")
    return [f"{label} fact-check, not kept: " + "; ".join(parts)] if parts else []
