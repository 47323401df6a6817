"""Curating several colleagues' annotations of the same article against mine.

People are numbered: 0 is me, 1… the colleagues. Their annotations are grouped into
**units**, each holding at most one annotation per person, in the same three passes as the
two-way review (``review.compare``), so that with one colleague the units are exactly its
items, and every annotation of every person falls in exactly one unit:

1. identical span and tag (the k-th such annotation of each person together);
2. identical span, other tag, between units that share no person;
3. overlapping spans, best overlap first (same tag preferred), between units that share
   no person.

A unit's **variants** are its distinct (tag, start, end) with the people who marked each;
"3 of 4 agree" is the largest variant against the number of people. The **majority** is the
variant marked by strictly more than half of all people, or ``ABSENT`` when more than half
marked nothing there: a span one reviewer in four tagged is not kept by a majority.

Links are compared, and followed in a merge, by the unit their target is in: each person's
ids are their own (``Unit.places``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .merge import ItemDecision
from .merge_links import ORPHAN, Locate
from .model import Annotation, Decision
from .review import Group, ReviewItem, _group, nearby_pairs
from .review_facts import fact_differences

ABSENT = ("absent",)
"""The majority of a unit most people left unmarked."""


class Variant(NamedTuple):
    key: tuple  # (tag, start, end)
    people: tuple[int, ...]


@dataclass
class Unit:
    members: list[Annotation | None]
    """One entry per person (index 0: mine); None where that person marked nothing here."""
    places: dict[tuple[int, str], int] = field(default_factory=dict, repr=False, compare=False)
    """Shared by the units of a document: (person, annotation id) → the unit's index."""

    def _locator(self, person: int):
        places = self.places
        return lambda target: places.get((person, target), (person, target))

    def facts_differ(self, a: Annotation, b: Annotation) -> bool:
        """Whether two members' fact-checks differ, links compared by their targets' units."""
        people = {id(m): p for p, m in enumerate(self.members) if m is not None}
        return bool(fact_differences(a, b, self._locator(people[id(a)]), self._locator(people[id(b)])))

    @property
    def start(self) -> int:
        return min(a.start for a in self.members if a is not None)

    @property
    def end(self) -> int:
        return max(a.end for a in self.members if a is not None)

    def variants(self) -> list[Variant]:
        """The distinct versions, most people first (then the earliest person's)."""
        found: dict[tuple, list[int]] = defaultdict(list)
        for person, ann in enumerate(self.members):
            if ann is not None:
                found[_variant_key(ann)].append(person)
        return sorted((Variant(k, tuple(p)) for k, p in found.items()), key=lambda v: (-len(v.people), v.people[0]))

    def agree(self) -> int:
        """How many people marked the most common version (the "3" of "3 of 4 agree")."""
        return len(self.variants()[0].people)

    def majority(self) -> tuple | None:
        """The key of the version more than half the people marked, ``ABSENT`` when more
        than half marked nothing here, else None (a tie is no majority)."""
        people = len(self.members)
        absent = sum(a is None for a in self.members)
        if absent * 2 > people:
            return ABSENT
        top = self.variants()[0]
        return top.key if len(top.people) * 2 > people else None

    def item(self) -> ReviewItem:
        """The unit as a two-sided review item: mine against the colleagues' best-supported
        version that differs from mine (else one that has a note mine lacks, else any), so
        deciding mine, theirs or both works as with one colleague."""
        mine = self.members[0]
        others = [a for a in self.members[1:] if a is not None]
        theirs = None
        if others:
            mine_key = _variant_key(mine) if mine is not None else None
            for variant in self.variants():
                if variant.key != mine_key:
                    theirs = self.members[next(p for p in variant.people if p != 0)]
                    break
            else:
                same = [a for a in others if mine is None or _variant_key(a) == mine_key]
                theirs = next((a for a in same if mine is not None and self.facts_differ(mine, a)), None) or next(
                    (a for a in same if mine is not None and _group(mine, a) == Group.NOTES_DIFFER), same[0] if same else None)
        if mine is None:
            return ReviewItem(Group.ONLY_THEIRS, None, theirs)
        if theirs is None:
            return ReviewItem(Group.ONLY_MINE, mine, None)
        group = _group(mine, theirs)
        if group in (Group.AGREED, Group.NOTES_DIFFER) and self.facts_differ(mine, theirs):
            group = Group.FACTS_DIFFER
        return ReviewItem(group, mine, theirs)

    def others(self) -> list[Annotation]:
        """The colleagues' annotations the two-sided item does not show (recorded in a merge)."""
        shown = self.item().theirs
        return [a for a in self.members[1:] if a is not None and a is not shown]


def people_label(unit: Unit) -> str:
    return f"{unit.agree()} of {len(unit.members)}"


def majority_decision(unit: Unit) -> ItemDecision | None:
    """What "accept majority" decides for a unit: None when it has no majority."""
    majority = unit.majority()
    if majority is None:
        return None
    item = unit.item()
    if majority == ABSENT:
        if item.mine is None:
            return ItemDecision(Decision.KEPT_MINE)  # mine is nothing: theirs left out
        return ItemDecision(Decision.ACCEPTED_THEIRS, kept=())
    if item.mine is not None and _variant_key(item.mine) == majority:
        if item.group == Group.AGREED:
            return ItemDecision(Decision.AGREED)
        return ItemDecision(Decision.KEPT_BOTH_NOTES if item.group == Group.NOTES_DIFFER else Decision.KEPT_MINE)
    return ItemDecision(Decision.ACCEPTED_THEIRS)  # item.theirs is the best-supported other version


def units(people: Sequence[Sequence[Annotation]]) -> list[Unit]:
    """Every annotation of every person in exactly one unit, in reading order."""
    count = len(people)
    clusters: list[dict[int, Annotation]] = []
    order: dict[int, tuple] = {}  # id(cluster) → (person, index) of its first member

    # 1: identical span and tag.
    buckets: dict[tuple, list[list[tuple[int, Annotation]]]] = defaultdict(lambda: [[] for _ in range(count)])
    for person, anns in enumerate(people):
        for index, ann in enumerate(anns):
            buckets[_variant_key(ann)][person].append((index, ann))
    for per_person in buckets.values():
        for k in range(max(len(p) for p in per_person)):
            cluster = {person: p[k][1] for person, p in enumerate(per_person) if k < len(p)}
            first = min(person for person in cluster)
            order[id(cluster)] = (first, per_person[first][k][0])
            clusters.append(cluster)

    # 2: identical span, other tag: each unit takes the next ones of that span it shares no person with.
    by_span: dict[tuple, list[dict]] = defaultdict(list)
    for cluster in clusters:
        if len(cluster) < count:
            ann = next(iter(cluster.values()))
            by_span[(ann.start, ann.end)].append(cluster)
    gone: set[int] = set()
    for same_span in by_span.values():
        same_span.sort(key=lambda c: (-len(c), order[id(c)]))
        for i, cluster in enumerate(same_span):
            if id(cluster) in gone:
                continue
            for other in same_span[i + 1:]:
                if id(other) not in gone and not cluster.keys() & other.keys():
                    cluster.update(other)
                    gone.add(id(other))
    clusters = [c for c in clusters if id(c) not in gone]

    # 3: overlapping spans, best first, between units that share no person.
    partial = sorted((c for c in clusters if len(c) < count), key=lambda c: order[id(c)])
    rep = {id(c): c[min(c)] for c in partial}
    owner = {id(a): c for c in partial for a in (rep[id(c)],)}
    candidates = []
    for person in range(count):
        left = [rep[id(c)] for c in partial if min(c) == person]
        right = [rep[id(c)] for c in partial if min(c) > person]
        for a, b in nearby_pairs(left, right):
            overlap = min(a.end, b.end) - max(a.start, b.start)
            union = max(a.end, b.end) - min(a.start, b.start)
            candidates.append((a.tag == b.tag, overlap / union, -abs(a.start - b.start), a.id, b.id, a, b))
    candidates.sort(key=lambda c: c[:5], reverse=True)
    merged_into: dict[int, dict] = {}

    def find(cluster: dict) -> dict:
        while id(cluster) in merged_into:
            cluster = merged_into[id(cluster)]
        return cluster

    for *_, a, b in candidates:
        x, y = find(owner[id(a)]), find(owner[id(b)])
        if x is y or x.keys() & y.keys():
            continue
        x.update(y)
        merged_into[id(y)] = x
    clusters = [c for c in clusters if id(c) not in merged_into]

    places: dict[tuple[int, str], int] = {}
    result = [Unit([c.get(person) for person in range(count)], places) for c in clusters]
    result.sort(key=lambda u: u.item().sort_key())  # fact-checks aside: the places are not known yet
    for index, unit in enumerate(result):
        for person, ann in enumerate(unit.members):
            if ann is not None:
                places[(person, ann.id)] = index
    return result


def link_locator(units_: Sequence[Unit], mine_orphans: set[str] = frozenset()) -> Locate:
    """The merge's ``Locate`` for a curation: a link names an annotation of its own person."""
    person_of = {id(ann): person for unit in units_ for person, ann in enumerate(unit.members) if ann is not None}
    places = units_[0].places if units_ else {}

    def locate(owner: Annotation, target: str):
        person = person_of.get(id(owner), 0)
        index = places.get((person, target))
        if index is None:
            return ORPHAN if person == 0 and target in mine_orphans else None
        return index, units_[index].members[person]

    return locate


def _variant_key(ann: Annotation) -> tuple:
    return (ann.tag, ann.start, ann.end)


def recorded_others(unit: Unit) -> list[Annotation]:
    """The colleagues' annotations a merge records beside the item's own record: none for a
    unit everyone marked alike (nothing to tell), else each one the item does not show."""
    mine = unit.members[0]
    if mine is not None and all(
        a is not None and _variant_key(a) == _variant_key(mine) and _group(mine, a) == Group.AGREED and not unit.facts_differ(mine, a)
        for a in unit.members[1:]
    ):
        return []
    return unit.others()


@dataclass
class CuratedDocument:
    """One document of mine against every colleague's copy of it."""

    reviews: list  # one merge.DocumentReview per colleague: their placed and lost annotations
    units: list[Unit]

    @property
    def mine(self):
        return self.reviews[0].mine

    def as_review(self):
        """A DocumentReview whose items are the units' items (the window and the merge work
        on it as on a two-way review); ``theirs_annotations`` is the first colleague's,
        ``lost`` everyone's."""
        first = self.reviews[0]
        lost = [a for review in self.reviews for a in review.lost]
        return type(first)(first.mine, first.theirs, first.theirs_annotations, lost, [u.item() for u in self.units])

    def locate(self) -> Locate:
        """Where the merge finds a link's target: in its own person's annotations."""
        return link_locator(self.units, {ann.id for ann in self.mine.orphans})


def curate_projects(mine, colleagues: Sequence, progress=None):
    """One CuratedDocument per document of mine, and per colleague their documents that
    matched none of mine."""
    from .errors import no_progress
    from .merge import review_projects

    per_colleague = [review_projects(mine, theirs, progress or no_progress) for theirs in colleagues]
    documents = []
    for index, _doc in enumerate(mine.documents):
        reviews = [reviews[index] for reviews, _unmatched in per_colleague]
        people = [reviews[0].mine.annotations, *(r.theirs_annotations for r in reviews)]
        documents.append(CuratedDocument(reviews, units(people)))
    return documents, [unmatched for _reviews, unmatched in per_colleague]
