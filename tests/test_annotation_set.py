"""The sorted, indexed annotation list: compared against brute force on random spans."""

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.annotation_set import BUCKET, AnnotationSet
from annotator.core.model import Document, Tag

from .factories import annotation

TEXT = "x" * (BUCKET * 3 + 17)


def make(spans):
    doc = Document.from_text(TEXT)
    items = AnnotationSet(doc)
    for n, (a, b) in enumerate(spans):
        items.add(annotation(TEXT, a, b, Tag.CLAIM, n))
    return items


spans_strategy = st.lists(
    st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, BUCKET * 2)).map(lambda p: (p[0], min(len(TEXT), p[0] + p[1]))),
    max_size=25,
)


def check(items, q, end):
    anns = list(items)
    brute = sorted((a for a in anns if a.start < end and a.end > q), key=lambda a: a.sort_key())
    assert items.overlapping(q, end) == brute
    assert sorted(items.spans_touching(q, end)) == sorted((a.start, a.end, a.tag) for a in brute)


@given(spans_strategy, st.integers(0, len(TEXT) - 1), st.integers(1, 300), st.booleans(), st.data())
def test_lookups_agree_with_brute_force(spans, q, width, preloaded, data):
    """Buckets are built when first asked about, so questions come between the changes too."""
    point = st.integers(0, len(TEXT) - 1)
    if preloaded:  # a loaded document: the set starts with every annotation
        doc = Document.from_text(TEXT)
        doc.annotations = [annotation(TEXT, a, b, Tag.CLAIM, n) for n, (a, b) in enumerate(spans)]
        items = AnnotationSet(doc)
    else:
        items = AnnotationSet(Document.from_text(TEXT))
        for n, (a, b) in enumerate(spans):
            if data.draw(st.booleans()):
                x = data.draw(point)
                check(items, x, min(len(TEXT), x + data.draw(st.integers(1, BUCKET * 2))))
            items.add(annotation(TEXT, a, b, Tag.CLAIM, n))
    # remove a random subset, so the index is exercised after deletions too
    for ann in list(items):
        if data.draw(st.booleans()):
            x = data.draw(point)
            check(items, x, min(len(TEXT), x + 50))
            items.remove(ann.id)
    anns = list(items)
    assert anns == sorted(anns, key=lambda a: (a.start, -a.end, a.id))
    end = min(len(TEXT), q + width)
    brute = sorted((a for a in anns if a.start < end and a.end > q), key=lambda a: a.sort_key())
    assert items.overlapping(q, end) == brute
    assert {a.id for a in items.at(q)} == {a.id for a in anns if a.start <= q < a.end}
    for row, ann in enumerate(anns):
        assert items.row_of(ann) == row
    assert items.count(Tag.CLAIM) == len(anns)
    for ann in anns:
        assert items.find_same(Tag.CLAIM, ann.start, ann.end).id in {a.id for a in anns if (a.start, a.end) == (ann.start, ann.end)}
        assert items.find_same(Tag.QUOTE, ann.start, ann.end) is None


def test_innermost_first_and_in_place_replace():
    items = make([(0, 100), (10, 20), (12, 15)])
    assert [(a.start, a.end) for a in items.at(13)] == [(12, 15), (10, 20), (0, 100)]
    inner = items.at(13)[0]
    row = items.replace_in_place(inner.model_copy(update={"note": "checked", "tag": Tag.QUOTE}))
    assert items[row].note == "checked" and items.at(13)[0].tag == Tag.QUOTE
    assert (items.count(Tag.CLAIM), items.count(Tag.QUOTE)) == (2, 1)
