"""A document's annotations kept sorted by position, with fast lookups by id and by place.

Every change to a document's annotations goes through here, so ``Document.annotations``
stays sorted (the order of the side panel and of the saved file), and highlighting can ask
"which spans touch this paragraph?" without walking the whole list.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterator
from operator import attrgetter

from .model import Annotation, Document, Tag, sort_by_position

BUCKET = 2048
"""Code points per bucket of the place index; a span is listed in each bucket it touches."""

_start = attrgetter("start")


class AnnotationSet:
    """The place index is built a bucket at a time, when a bucket is first asked about:
    opening 100,000 annotations indexes only the screenful shown (and what is clicked on)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        anns = document.annotations
        sort_by_position(anns)
        self._by_id: dict[str, Annotation] = dict(zip(map(attrgetter("id"), anns), anns))
        self._counts: Counter[Tag] = Counter(map(attrgetter("tag"), anns))
        # Bucket entries are (start, end, tag, annotation): drawing reads plain tuples, not models.
        self._buckets: dict[int, list[Entry]] = {}
        # Spans longer than a bucket can reach a bucket from far away; they are few, and
        # kept apart so that building a bucket needs to look only one bucket back otherwise.
        self._long: dict[str, Annotation] = {a.id: a for a in anns if a.end - a.start > BUCKET}

    # -- reading
    def __len__(self) -> int:
        return len(self.document.annotations)

    def __iter__(self) -> Iterator[Annotation]:
        return iter(self.document.annotations)

    def __getitem__(self, row: int) -> Annotation:
        return self.document.annotations[row]

    def get(self, ann_id: str) -> Annotation | None:
        return self._by_id.get(ann_id)

    def row_of(self, ann: Annotation) -> int:
        """Position of ``ann`` in the sorted list (O(log n))."""
        items = self.document.annotations
        row = bisect_left(items, ann.sort_key(), key=Annotation.sort_key)
        if row < len(items) and items[row].id == ann.id:
            return row
        raise KeyError(ann.id)

    def count(self, tag: Tag) -> int:
        return self._counts[tag]

    def overlapping(self, start: int, end: int) -> list[Annotation]:
        """Annotations that share at least one code point with [start, end), by position."""
        found = self._touching_many(start, end, start // BUCKET, (max(end, start + 1) - 1) // BUCKET)
        return sorted(found.values(), key=Annotation.sort_key)

    def spans_touching(self, start: int, end: int) -> list[tuple[int, int, Tag]]:
        """(start, end, tag) of the annotations sharing a code point with [start, end), unordered."""
        first, last = start // BUCKET, (max(end, start + 1) - 1) // BUCKET
        if first == last:
            return [e[:3] for e in self._bucket(first) if e[0] < end and e[1] > start]
        return [(a.start, a.end, a.tag) for a in self._touching_many(start, end, first, last).values()]

    def touching(self, start: int, end: int) -> list[Annotation]:
        """Like ``overlapping`` but in no particular order: the fast path for drawing."""
        first, last = start // BUCKET, (max(end, start + 1) - 1) // BUCKET
        if first == last:
            return [e[3] for e in self._bucket(first) if e[0] < end and e[1] > start]
        return list(self._touching_many(start, end, first, last).values())

    def _touching_many(self, start: int, end: int, first: int, last: int) -> dict[str, Annotation]:
        found: dict[str, Annotation] = {}
        for b in range(first, last + 1):
            for e in self._bucket(b):
                if e[0] < end and e[1] > start:
                    found[e[3].id] = e[3]
        return found

    def at(self, position: int) -> list[Annotation]:
        """Annotations covering the code point at ``position``, innermost (shortest) first."""
        return sorted(self.overlapping(position, position + 1), key=lambda a: (a.end - a.start, a.start))

    def find_same(self, tag: Tag, start: int, end: int) -> Annotation | None:
        """An annotation with exactly this tag and span, if one exists (found by bisection,
        so a selection of the whole text costs no more than a word)."""
        items = self.document.annotations
        for row in range(bisect_left(items, start, key=_start), len(items)):
            ann = items[row]
            if ann.start != start:
                break
            if ann.end == end and ann.tag == tag:
                return ann
        return None

    # -- changing
    def add(self, ann: Annotation) -> int:
        """Insert ``ann`` in order and return its row."""
        if ann.id in self._by_id:
            raise ValueError(f"annotation {ann.id} is already in the document")
        if not (0 <= ann.start < ann.end <= len(self.document.text)):
            raise ValueError(f"span {ann.start}-{ann.end} is outside the text")
        insort(self.document.annotations, ann, key=Annotation.sort_key)
        self._by_id[ann.id] = ann
        self._counts[ann.tag] += 1
        if ann.end - ann.start > BUCKET:
            self._long[ann.id] = ann
        entry = _entry(ann)
        for b in self._built_buckets(ann):
            self._buckets[b].append(entry)
        return self.row_of(ann)

    def insert_row(self, ann: Annotation) -> int:
        """The row ``ann`` would take if added now."""
        return bisect_left(self.document.annotations, ann.sort_key(), key=Annotation.sort_key)

    def replace_in_place(self, new: Annotation) -> int:
        """Swap in ``new`` for the annotation with its id and the same sort key; returns the row."""
        old = self._by_id[new.id]
        if old.sort_key() != new.sort_key():
            raise ValueError("replace_in_place needs the same span and id")
        row = self.row_of(old)
        self.document.annotations[row] = new
        self._by_id[new.id] = new
        if new.id in self._long:
            self._long[new.id] = new
        self._counts[old.tag] -= 1
        self._counts[new.tag] += 1
        for b in self._built_buckets(old):
            bucket = self._buckets[b]
            bucket[_position(bucket, old)] = _entry(new)
        return row

    def remove(self, ann_id: str) -> tuple[int, Annotation]:
        """Take out the annotation with ``ann_id``; returns its former row and itself."""
        ann = self._by_id[ann_id]
        row = self.row_of(ann)
        del self.document.annotations[row]
        del self._by_id[ann_id]
        self._long.pop(ann_id, None)
        self._counts[ann.tag] -= 1
        for b in self._built_buckets(ann):
            bucket = self._buckets[b]
            del bucket[_position(bucket, ann)]
        return row, ann

    def _bucket(self, b: int) -> list[Entry]:
        """The entries of every span touching bucket ``b``, built the first time it is needed.

        A span of at most BUCKET code points touching it starts less than one bucket before
        it, so only that stretch of the sorted list is read; longer spans come from ``_long``.
        """
        bucket = self._buckets.get(b)
        if bucket is None:
            low, high = b * BUCKET, (b + 1) * BUCKET
            items = self.document.annotations
            first = bisect_left(items, low - BUCKET, key=_start)
            last = bisect_left(items, high, key=_start, lo=first)
            bucket = [(a.start, a.end, a.tag, a) for a in items[first:last] if a.end > low and a.end - a.start <= BUCKET]
            bucket += [(a.start, a.end, a.tag, a) for a in self._long.values() if a.start < high and a.end > low]
            self._buckets[b] = bucket
        return bucket

    def _built_buckets(self, ann: Annotation) -> list[int]:
        """The buckets ``ann`` touches that are built already (the others will find it when built)."""
        return [b for b in self._bucket_range(ann) if b in self._buckets]

    @staticmethod
    def _bucket_range(ann: Annotation) -> range:
        return range(ann.start // BUCKET, (ann.end - 1) // BUCKET + 1)


Entry = tuple[int, int, Tag, Annotation]


def _entry(ann: Annotation) -> Entry:
    return (ann.start, ann.end, ann.tag, ann)


def _position(bucket: list[Entry], ann: Annotation) -> int:
    """Index of this very object (identity, not pydantic's field-by-field equality)."""
    for i, item in enumerate(bucket):
        if item[3] is ann:
            return i
    raise ValueError(f"annotation {ann.id} is not in its bucket")
