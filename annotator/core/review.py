"""Comparing two people's annotations of the same text: which agree, which differ and how.

Pairs are found in three passes, each one-to-one, so an annotation belongs to exactly one
item of the comparison and nothing is dropped:

1. identical span and tag: **agreed**, or **notes differ** when their note says something
   mine does not (see ``notes_differ``), or **fact-check differs** when the verdict,
   reasoning, speaker, evidence or links differ (``review_facts.fact_differences``; links
   are compared by the item their target is in, since the two files' ids differ);
2. identical span, other tag: **tag differs**;
3. overlapping spans, best overlap first (same tag preferred): **span differs** when the
   tags match, **tag differs** when they do not.

What is left is **only mine** or **only theirs**. Notes never affect which annotations are
paired (nor the agreement numbers): they only tell an agreed pair from one whose notes differ,
so that a merge cannot drop a colleague's note unseen.
Cost: O(n log n + n * NEARBY): each span is compared with at most NEARBY overlapping spans
of the other side (see ``nearby_pairs``), so deep nesting cannot make it quadratic.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import NamedTuple

from .model import Annotation
from .review_facts import fact_differences


class Group(str, Enum):
    AGREED = "agreed"
    NOTES_DIFFER = "notes differ"
    FACTS_DIFFER = "fact-check differs"
    TAG_DIFFERS = "tag differs"
    SPAN_DIFFERS = "span differs"
    ONLY_MINE = "only mine"
    ONLY_THEIRS = "only theirs"


class ReviewItem(NamedTuple):
    """One line of a review: an annotation of mine, of theirs, or a pair of both."""

    group: Group
    mine: Annotation | None
    theirs: Annotation | None

    @property
    def start(self) -> int:
        return min(a.start for a in (self.mine, self.theirs) if a is not None)

    @property
    def end(self) -> int:
        return max(a.end for a in (self.mine, self.theirs) if a is not None)

    def sort_key(self) -> tuple:
        a, b = self.mine, self.theirs
        if a is None or b is None:
            only = a or b
            return (only.start, -only.end, only.id)
        return (min(a.start, b.start), -max(a.end, b.end), a.id)


def compare(mine: Sequence[Annotation], theirs: Sequence[Annotation]) -> list[ReviewItem]:
    """Every annotation of both sides, grouped, in reading order."""
    items: list[ReviewItem] = []
    left = list(mine)
    right = list(theirs)

    # 1 and 2: identical spans, by exact key, same tag first.
    for same_tag in (True, False):
        index: dict[tuple, list[Annotation]] = defaultdict(list)
        for ann in right:
            index[_key(ann, same_tag)].append(ann)
        for bucket in index.values():
            bucket.reverse()  # pop() then takes them in their original order
        unmatched = []
        taken: set[int] = set()
        for ann in left:
            bucket = index.get(_key(ann, same_tag))
            if bucket:
                other = bucket.pop()
                taken.add(id(other))
                items.append(ReviewItem(_group(ann, other), ann, other))
            else:
                unmatched.append(ann)
        left = unmatched
        right = [ann for ann in right if id(ann) not in taken]

    # 3: overlapping spans, best first.
    candidates = []
    for a, b in nearby_pairs(left, right):
        overlap = min(a.end, b.end) - max(a.start, b.start)
        union = max(a.end, b.end) - min(a.start, b.start)
        candidates.append((a.tag == b.tag, overlap / union, -abs(a.start - b.start), a.id, b.id, a, b))
    candidates.sort(key=lambda c: c[:5], reverse=True)
    used_left: set[int] = set()
    used_right: set[int] = set()
    for *_, a, b in candidates:
        if id(a) in used_left or id(b) in used_right:
            continue
        used_left.add(id(a))
        used_right.add(id(b))
        items.append(ReviewItem(_group(a, b), a, b))

    items += [ReviewItem(Group.ONLY_MINE, a, None) for a in left if id(a) not in used_left]
    items += [ReviewItem(Group.ONLY_THEIRS, None, b) for b in right if id(b) not in used_right]
    items.sort(key=ReviewItem.sort_key)
    return with_fact_checks(items)


def item_locators(items: Sequence[ReviewItem]):
    """For each side, where (the item index) the annotation a link names is: link targets of
    both sides compare equal when they are in the same item. A target the items don't hold
    (an orphan) stays its side's own ("mine", id)."""
    mine_at = {item.mine.id: n for n, item in enumerate(items) if item.mine is not None}
    theirs_at = {item.theirs.id: n for n, item in enumerate(items) if item.theirs is not None}
    return (lambda target: mine_at.get(target, ("mine", target))), (lambda target: theirs_at.get(target, ("theirs", target)))


def with_fact_checks(items: list[ReviewItem]) -> list[ReviewItem]:
    """``items`` with each agreed or notes-differ pair whose fact-checks differ put in the
    group "fact-check differs". Only pairs where a side has links or fact-check data are looked at."""
    if not any(a is not None and (a.links or a.verdict or a.evidence or a.reasoning or a.speaker)
               for item in items for a in (item.mine, item.theirs)):
        return items
    locate_mine, locate_theirs = item_locators(items)
    for n, item in enumerate(items):
        if item.group in (Group.AGREED, Group.NOTES_DIFFER) and fact_differences(item.mine, item.theirs, locate_mine, locate_theirs):
            items[n] = item._replace(group=Group.FACTS_DIFFER)
    return items


NEARBY = 24
"""How many overlapping spans of the other side each span is compared with, at most."""


def nearby_pairs(left: Sequence[Annotation], right: Sequence[Annotation], limit: int = NEARBY):
    """Overlapping (l, r) pairs, at most ``limit`` per span of ``left``: the spans of ``right``
    whose starts are nearest its start. Every pair where spans do not pile up (the usual
    case); with deep nesting it bounds the work to O(n log n + n * limit), not every pair."""
    ordered = sorted(right, key=lambda b: b.start)
    starts = [b.start for b in ordered]
    ends = [b.end for b in ordered]
    reach = list(itertools.accumulate(ends, max))  # reach[j]: the furthest end among ordered[:j + 1]
    count = len(ordered)
    for a in left:
        a_start, a_end = a.start, a.end
        up = bisect_left(starts, a_start)
        down = up - 1
        found = steps = 0
        while found < limit and steps < limit * 8:
            up_ok = up < count and starts[up] < a_end
            if down >= 0 and reach[down] <= a_start:
                down = -1  # nothing that starts this early reaches this span
            if not up_ok and down < 0:
                break
            if up_ok and (down < 0 or starts[up] - a_start <= a_start - starts[down]):
                j = up
                up += 1
            else:
                j = down
                down -= 1
            steps += 1
            if ends[j] > a_start:
                found += 1
                yield a, ordered[j]


def counts(items: Iterable[ReviewItem]) -> dict[Group, int]:
    result = {group: 0 for group in Group}
    for item in items:
        result[item.group] += 1
    return result


def people(annotations: Iterable[Annotation]) -> list[str]:
    """Whose work these annotations hold: their authors and who changed them last, those with
    the most annotations first (then by name). Names not recorded are left out."""
    tally: Counter[str] = Counter()
    for ann in annotations:
        tally.update({name for name in (ann.author, ann.modified_by) if name})
    return sorted(tally, key=lambda name: (-tally[name], name.casefold(), name))


def name_list(names: Sequence[str], most: int = 3) -> str:
    """"Alice", "Alice, Bob", …; more than ``most`` names end "and N others"."""
    if len(names) <= most:
        return ", ".join(names)
    shown = names[: most - 1]
    return f"{', '.join(shown)} and {len(names) - len(shown)} others"


def _key(ann: Annotation, with_tag: bool) -> tuple:
    return (ann.start, ann.end, ann.tag) if with_tag else (ann.start, ann.end)


def notes_differ(mine: Annotation, theirs: Annotation) -> bool:
    """True when ``theirs`` has a note that ``mine`` does not hold (spaces at the ends aside):
    keeping mine alone would lose it. Their empty note next to mine loses nothing, and nor does
    a note mine already holds (a merge that kept both notes, reviewed against them again)."""
    their_note = theirs.note.strip()
    return bool(their_note) and their_note not in mine.note


def _group(a: Annotation, b: Annotation) -> Group:
    if a.tag != b.tag:
        return Group.TAG_DIFFERS
    if (a.start, a.end) != (b.start, b.end):
        return Group.SPAN_DIFFERS
    return Group.NOTES_DIFFER if notes_differ(a, b) else Group.AGREED
