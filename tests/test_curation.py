"""Curating several colleagues: units across people, "k of n agree", majorities, the merge."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.curation import ABSENT, curate_projects, majority_decision, people_label, recorded_others, units
from annotator.core.merge import merge_document
from annotator.core.model import Decision, Tag
from annotator.core.review import Group, compare

from .factories import WHEN, annotation, project

TEXT = "The minister said “taxes will fall next year” on Monday, citing the treasury report."
C, Q, S, U = Tag.CLAIM, Tag.QUOTE, Tag.SOURCE, Tag.UNVERIFIED


def span(needle):
    start = TEXT.index(needle)
    return start, start + len(needle)


def person(number, specs, author=""):
    """One person's annotations; ids differ between people (base ``number * 100``)."""
    result = []
    for n, (needle, tag) in enumerate(specs):
        ann = annotation(TEXT, *span(needle), tag, n=number * 100 + n)
        result.append(ann.model_copy(update={"author": author or f"P{number}"}))
    return result


def shape(unit):
    return [None if a is None else (TEXT[a.start:a.end], a.tag) for a in unit.members]


def test_four_people_group_by_span_and_tag():
    people = [
        person(0, [("taxes will fall next year", Q), ("on Monday", C)]),
        person(1, [("taxes will fall next year", Q), ("the treasury report", S)]),
        person(2, [("taxes will fall next year", C), ("treasury report", S)]),
        person(3, [("taxes will fall", Q), ("the treasury report", S)]),
    ]
    result = units(people)
    assert [shape(u) for u in result] == [
        [("taxes will fall next year", Q), ("taxes will fall next year", Q), ("taxes will fall next year", C), ("taxes will fall", Q)],
        [("on Monday", C), None, None, None],
        [None, ("the treasury report", S), ("treasury report", S), ("the treasury report", S)],
    ]
    assert [people_label(u) for u in result] == ["2 of 4", "1 of 4", "2 of 4"]
    assert [u.majority() for u in result] == [None, ABSENT, None]  # 2 of 4 is a tie, not a majority
    assert [v.people for v in result[2].variants()] == [(1, 3), (2,)]


def test_majority_of_three_and_what_accepting_it_keeps():
    people = [
        person(0, [("taxes will fall next year", Q), ("on Monday", C), ("citing", U)]),
        person(1, [("taxes will fall next year", C), ("on Monday", C), ("The minister", S)]),
        person(2, [("taxes will fall next year", C), ("The minister", S)]),
    ]
    by_text = {TEXT[u.start:u.end]: u for u in units(people)}
    claim = by_text["taxes will fall next year"]
    assert claim.majority() == (C, *span("taxes will fall next year"))
    assert majority_decision(claim).decision == Decision.ACCEPTED_THEIRS and claim.item().theirs.tag == C
    monday = by_text["on Monday"]  # 2 of 3 is a majority; the third person marked nothing
    assert people_label(monday) == "2 of 3" and majority_decision(monday).decision == Decision.AGREED
    citing = by_text["citing"]  # only mine: the two others marked nothing
    assert citing.majority() == ABSENT and majority_decision(citing).kept == ()
    minister = by_text["The minister"]
    assert minister.item().group == Group.ONLY_THEIRS and majority_decision(minister).decision == Decision.ACCEPTED_THEIRS


def test_no_majority_when_everyone_differs():
    people = [person(0, [("taxes will fall next year", Q)]), person(1, [("taxes will fall next year", C)]),
              person(2, [("taxes will fall next year", S)]), person(3, [("taxes will fall next year", U)])]
    (unit,) = units(people)
    assert unit.majority() is None and majority_decision(unit) is None and people_label(unit) == "1 of 4"


def test_merge_records_every_colleague_version():
    mine = project(TEXT)
    colleagues = []
    for number, tag in ((1, C), (2, C), (3, S)):
        p = project(TEXT)
        p.documents[0].annotations = person(number, [("taxes will fall next year", tag)])
        colleagues.append(p)
    mine.documents[0].annotations = person(0, [("taxes will fall next year", Q)])
    documents, unmatched = curate_projects(mine, colleagues)
    assert unmatched == [[], [], []]
    (doc,) = documents
    (unit,) = doc.units
    assert people_label(unit) == "2 of 4" and unit.majority() is None
    review = doc.as_review()
    decisions = {0: majority_decision(unit)} if majority_decision(unit) else {}
    merged = merge_document(review, decisions, {}, "Rev", WHEN, others=[recorded_others(u) for u in doc.units])
    assert [a.tag for a in merged.annotations] == [Q]  # no majority, undecided: mine kept
    assert sorted(r.theirs.author for r in merged.review) == ["P1", "P2", "P3"]
    assert all(not r.decided and r.mine.tag == Q for r in merged.review)


def test_unanimous_unit_writes_no_record():
    mine = project(TEXT)
    mine.documents[0].annotations = person(0, [("on Monday", C)])
    colleagues = []
    for number in (1, 2):
        p = project(TEXT)
        p.documents[0].annotations = person(number, [("on Monday", C)])
        colleagues.append(p)
    (doc,), _ = curate_projects(mine, colleagues)
    merged = merge_document(doc.as_review(), {}, {}, "Rev", WHEN, others=[recorded_others(u) for u in doc.units])
    assert len(merged.annotations) == 1 and merged.review == []


SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 25), st.sampled_from(list(Tag))), max_size=10)


def build(number, specs):
    return [annotation(TEXT, s, min(len(TEXT), s + w), t, number * 100 + n) for n, (s, w, t) in enumerate(specs)]


@settings(max_examples=200)
@given(st.lists(SPANS, min_size=2, max_size=5))
def test_every_annotation_is_in_exactly_one_unit(specs):
    people = [build(number, s) for number, s in enumerate(specs)]
    result = units(people)
    for number, anns in enumerate(people):
        assert sorted(id(u.members[number]) for u in result if u.members[number] is not None) == sorted(map(id, anns))
    for unit in result:
        assert any(a is not None for a in unit.members)


@settings(max_examples=200)
@given(SPANS, SPANS)
def test_with_one_colleague_units_are_the_two_way_review(left, right):
    mine, theirs = build(0, left), build(1, right)
    expected = [(item.group, id(item.mine), id(item.theirs)) for item in compare(mine, theirs)]
    got = [(u.item().group, id(u.item().mine), id(u.item().theirs)) for u in units([mine, theirs])]
    assert sorted(got) == sorted(expected)
    assert [u.item().sort_key() for u in units([mine, theirs])] == [i.sort_key() for i in compare(mine, theirs)]
