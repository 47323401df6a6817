"""Grouping two people's annotations: one case per group, nesting, duplicates, notes."""

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.model import Tag
from annotator.core.review import Group, compare, counts

from .factories import annotation

TEXT = "The minister said “taxes will fall next year” on Monday, citing the treasury report."
C, Q, S, U = Tag.CLAIM, Tag.QUOTE, Tag.SOURCE, Tag.UNVERIFIED


def span(needle):
    start = TEXT.index(needle)
    return start, start + len(needle)


def anns(specs, base=0):
    return [annotation(TEXT, *span(needle), tag, n=base + n, note=note) for n, (needle, tag, note) in enumerate(specs)]


def summary(items):
    def side(a):
        return None if a is None else (TEXT[a.start:a.end], a.tag)

    return [(item.group, side(item.mine), side(item.theirs)) for item in items]


def test_each_group():
    mine = anns([
        ("The minister", S, "named"),
        ("taxes will fall next year", Q, ""),
        ("the treasury report", S, ""),
        ("on Monday", C, ""),
    ])
    theirs = anns([
        ("The minister", S, "a different note: the notes differ"),
        ("taxes will fall next year", C, ""),
        ("treasury report", S, ""),
        ("citing", U, ""),
    ], base=100)
    assert summary(compare(mine, theirs)) == [
        (Group.NOTES_DIFFER, ("The minister", S), ("The minister", S)),
        (Group.TAG_DIFFERS, ("taxes will fall next year", Q), ("taxes will fall next year", C)),
        (Group.ONLY_MINE, ("on Monday", C), None),
        (Group.ONLY_THEIRS, None, ("citing", U)),
        (Group.SPAN_DIFFERS, ("the treasury report", S), ("treasury report", S)),
    ]


def test_nested_spans_pair_with_their_best_match():
    mine = anns([("The minister said “taxes will fall next year”", C, ""), ("taxes will fall", Q, "")])
    theirs = anns([("The minister said “taxes will fall next year” on Monday", C, ""), ("taxes will fall next year", Q, "")], base=10)
    assert summary(compare(mine, theirs)) == [
        (Group.SPAN_DIFFERS, ("The minister said “taxes will fall next year”", C), ("The minister said “taxes will fall next year” on Monday", C)),
        (Group.SPAN_DIFFERS, ("taxes will fall", Q), ("taxes will fall next year", Q)),
    ]


def test_overlapping_span_with_other_tag_is_a_tag_difference():
    mine = anns([("taxes will fall", Q, "")])
    theirs = anns([("will fall next year", U, "")], base=10)
    assert summary(compare(mine, theirs)) == [(Group.TAG_DIFFERS, ("taxes will fall", Q), ("will fall next year", U))]


def test_same_span_tagged_twice_pairs_one_to_one():
    mine = anns([("Monday", C, ""), ("Monday", C, "again")])
    theirs = anns([("Monday", C, "")], base=10)
    assert [item.group for item in compare(mine, theirs)] == [Group.AGREED, Group.ONLY_MINE]
    both = anns([("Monday", C, ""), ("Monday", U, "")])
    theirs = anns([("Monday", U, ""), ("Monday", Q, "")], base=10)
    assert sorted(item.group for item in compare(both, theirs)) == sorted([Group.AGREED, Group.TAG_DIFFERS])


def test_identical_sides_agree_completely_and_counts_add_up():
    mine = anns([("The minister", S, "mine"), ("taxes", C, ""), ("Monday", U, " z ")])
    theirs = anns([("The minister", S, ""), ("taxes", C, ""), ("Monday", U, "z")], base=10)
    result = counts(compare(mine, theirs))  # their empty note loses nothing; spaces at the ends don't count
    assert result[Group.AGREED] == 3 and sum(result.values()) == 3
    theirs = anns([("The minister", S, "x"), ("taxes", C, "y"), ("Monday", U, "z")], base=10)
    result = counts(compare(mine, theirs))  # same spans and tags, and notes of theirs that mine lacks
    assert result[Group.NOTES_DIFFER] == 2 and result[Group.AGREED] == 1 and sum(result.values()) == 3


SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 25), st.sampled_from(list(Tag))), max_size=12)


@given(SPANS, SPANS)
def test_nothing_is_dropped_or_used_twice(left, right):
    mine = [annotation(TEXT, s, min(len(TEXT), s + w), t, n) for n, (s, w, t) in enumerate(left)]
    theirs = [annotation(TEXT, s, min(len(TEXT), s + w), t, 100 + n) for n, (s, w, t) in enumerate(right)]
    items = compare(mine, theirs)
    assert sorted(a.id for a in (i.mine for i in items) if a) == sorted(a.id for a in mine)
    assert sorted(a.id for a in (i.theirs for i in items) if a) == sorted(a.id for a in theirs)
    for item in items:
        if item.mine and item.theirs:
            assert item.mine.start < item.theirs.end and item.theirs.start < item.mine.end


@given(SPANS, SPANS)
def test_nearby_pairs_are_every_pair_when_spans_do_not_pile_up(left, right):
    from annotator.core.review import nearby_pairs

    mine = [annotation(TEXT, s, min(len(TEXT), s + w), t, n) for n, (s, w, t) in enumerate(left)]
    theirs = [annotation(TEXT, s, min(len(TEXT), s + w), t, 100 + n) for n, (s, w, t) in enumerate(right)]
    brute = {(a.id, b.id) for a in mine for b in theirs if a.start < b.end and b.start < a.end}
    assert {(a.id, b.id) for a, b in nearby_pairs(mine, theirs)} == brute


def test_deep_nesting_stays_bounded():
    from annotator.core.agreement import agreement

    text = "x" * 5000
    mine = [annotation(text, i, 5000 - i, C, i) for i in range(0, 2000)]
    theirs = [annotation(text, i, 5000 - i - 1, C, 10_000 + i) for i in range(0, 2000)]
    items = compare(mine, theirs)  # was every one of the 4,000,000 pairs
    assert len(items) == 2000 and all(item.group == Group.SPAN_DIFFERS for item in items)
    assert agreement(text, mine, theirs).overlap[None].matched == 2000
