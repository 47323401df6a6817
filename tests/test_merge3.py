"""The three-way merge (core.merge3): properties over random parallel edits, and each rule."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.anchoring import quote_for
from annotator.core.integrity import project_problems
from annotator.core.merge import CONFLICT, describe_change
from annotator.core.merge3 import TextConflict, merge3
from annotator.core.links import linked, unlinked, without_links_into
from annotator.core.model import Annotation, Comment, Decision, Evidence, Project, Relation, Tag, sha256_text
from annotator.core.storage import dump_bytes

from .factories import WHEN, annotation, project

TEXT = ("The minister said taxes will fall on Monday, citing a report by the treasury. Critics said the "
        "figures were old. A spokesman for the opposition called the plan a fantasy and asked for an audit.")
WORDS = [(m, m + len(w)) for m, w in ((TEXT.index(w), w) for w in
         ("The minister", "taxes will fall", "on Monday", "a report", "the treasury", "Critics", "the figures were old",
          "A spokesman", "the opposition", "a fantasy", "an audit", "said taxes"))]
UUID = re.compile(r"id ([0-9a-f-]{36})")
AT = datetime(2026, 2, 1, 9, 0, tzinfo=timezone.utc)


def base_project(count: int) -> Project:
    p = project(TEXT, [(*WORDS[n % len(WORDS)], list(Tag)[n % 4]) for n in range(count)])
    p.documents[0].annotations.sort(key=Annotation.sort_key)  # as every load leaves them
    return p


def ids(p: Project) -> set[str]:
    return {a.id for doc in p.documents for a in doc.annotations + doc.orphans}


# -- random edits of one side
edit = st.tuples(st.sampled_from(["delete", "retag", "note", "span", "verdict", "comment", "add", "orphan",
                                  "link", "unlink", "evidence", "reasoning", "speaker"]),
                 st.integers(0, 30), st.integers(0, 3), st.sampled_from(["a", "b", "c"]))


def apply(base: Project, edits, side: int) -> Project:
    """``base`` with ``edits`` made by one side (``side`` keeps added ids apart)."""
    p = base.model_copy(deep=True)
    doc = p.documents[0]
    who = f"Side {side}"
    later = AT + timedelta(minutes=side)
    for n, (kind, pick, value, word) in enumerate(edits):
        anns = doc.annotations
        if kind == "add" or not anns:
            start, end = WORDS[pick % len(WORDS)]
            doc.annotations.append(Annotation(
                id=f"{side:08d}-0000-4000-8000-{n:012d}", tag=list(Tag)[value], start=start, end=end,
                quote=quote_for(TEXT, start, end), note=word, author=who, created=later, modified=later, modified_by=who))
            continue
        target = anns[pick % len(anns)]
        if kind == "delete":  # as the app deletes: the links into it go in the same step
            doc.annotations = [without_links_into(a, {target.id}, who) for a in anns if a is not target]
            doc.orphans = [without_links_into(a, {target.id}, who) for a in doc.orphans]
            continue
        if kind == "link":
            other = anns[(pick + value + 1) % len(anns)]
            if other is not target:
                linked_one = linked(target, other.id, list(Relation)[value], who)
                doc.annotations = [linked_one if a is target else a for a in anns]
            continue
        if kind == "unlink" and target.links:
            first = target.links[0]
            doc.annotations = [unlinked(target, first.target, first.relation, who) if a is target else a for a in anns]
            continue
        if kind == "orphan":
            doc.annotations = [a for a in anns if a is not target]
            doc.orphans.append(target)
            continue
        start, end = WORDS[(pick + value) % len(WORDS)]
        changes = {
            "retag": {"tag": list(Tag)[value]},
            "note": {"note": f"{who} says {word}"},
            "span": {"start": start, "end": end, "quote": quote_for(TEXT, start, end)},
            "verdict": {"verdict": word},
            "comment": {"comments": [*target.comments, Comment(author=who, time=later, text=word)]},
            "unlink": {},
            "evidence": {"evidence": (*(e for e in target.evidence if e.url != f"https://example.org/{word}"),
                                      Evidence(url=f"https://example.org/{word}", title=who, time=later))},
            "reasoning": {"reasoning": f"{who} reasons {word}"},
            "speaker": {"speaker": f"{who} names {word}"},
        }[kind]
        changed = target.model_copy(update={**changes, "modified": later, "modified_by": who})
        doc.annotations = [changed if a is target else a for a in anns]
    doc.annotations.sort(key=Annotation.sort_key)
    return p


sides = st.lists(edit, max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 12), sides)
def test_no_change_on_one_side_gives_the_other_side_exactly(count, edits):
    base = base_project(count)
    changed = apply(base, edits, 1)
    for ours, theirs in ((base, changed), (changed, base)):
        result = merge3(base, ours, theirs, "Merger", AT)
        assert dump_bytes(result.project) == dump_bytes(changed)
        assert result.conflicts == []


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 12), sides)
def test_one_side_changed_an_article_field_too_still_gives_the_other_annotations_exactly(count, edits):
    """The document-level short cut aside: every annotation goes through the per-id merge."""
    base = base_project(count)
    changed = apply(base, edits, 1)
    retitled = base.model_copy(deep=True)
    retitled.documents[0].title = "Another title"
    result = merge3(base, retitled, changed, "Merger", AT).project.documents[0]
    theirs = changed.documents[0]
    assert result.title == "Another title"
    assert result.annotations == theirs.annotations and result.orphans == theirs.orphans and result.text == theirs.text


def conflict_ids(p: Project) -> set[str]:
    """The annotations conflict records are about (an orphan's record names it only in words)."""
    records = [r for doc in p.documents for r in doc.review if r.group == CONFLICT]
    return {s.id for r in records for _, s in r.snapshots()} | {m for r in records for m in UUID.findall(r.comment.text)}


def _content(ann: Annotation) -> tuple:
    return (ann.tag, ann.start, ann.end, ann.quote, ann.note, ann.verdict, ann.reasoning, ann.speaker,
            frozenset((c.author, c.time, c.text) for c in ann.comments),
            frozenset((link.target, link.relation) for link in ann.links), frozenset(e.url for e in ann.evidence))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 12), sides, sides)
def test_merge_is_symmetric_in_what_it_keeps(count, edits_a, edits_b):
    base = base_project(count)
    a, b = apply(base, edits_a, 1), apply(base, edits_b, 2)
    ab = merge3(base, a, b, "Merger", AT)
    ba = merge3(base, b, a, "Merger", AT)
    assert ids(ab.project) == ids(ba.project)
    assert not project_problems(ab.project) and not project_problems(ba.project)
    assert all(doc.links_problem() is None for p in (ab.project, ba.project) for doc in p.documents)
    assert len(ab.conflicts) == len(ba.conflicts)
    conflicted = conflict_ids(ab.project) | conflict_ids(ba.project)
    left = {x.id: x for doc in ab.project.documents for x in doc.annotations + doc.orphans}
    right = {x.id: x for doc in ba.project.documents for x in doc.annotations + doc.orphans}
    for key in left.keys() - conflicted:
        assert _content(left[key]) == _content(right[key])
    # every note written on either side is somewhere in the result: in a note, or in a record
    kept = " ".join(x.note for x in left.values()) + " ".join(
        s.note for doc in ab.project.documents for r in doc.review for _, s in r.snapshots())
    deleted = {x.id for x in base.documents[0].annotations} - ids(a) | ({x.id for x in base.documents[0].annotations} - ids(b))
    for side in (a, b):
        for x in side.documents[0].annotations:
            if x.id not in deleted:
                assert x.note in kept


# -- the rules one by one
def three(edit_a, edit_b, count=4):
    base = base_project(count)
    a, b = base.model_copy(deep=True), base.model_copy(deep=True)
    edit_a(a.documents[0])
    edit_b(b.documents[0])
    return base, a, b


def change(doc, n, who, when=AT, **changes):
    doc.annotations[n] = doc.annotations[n].model_copy(update={**changes, "modified": when, "modified_by": who})


def test_both_changing_different_fields_merges_them_and_keeps_the_later_change_time():
    base, a, b = three(lambda d: change(d, 0, "Alice", AT, tag=Tag.SOURCE),
                       lambda d: change(d, 0, "Bob", AT + timedelta(hours=1), note="Bob's note"))
    result = merge3(base, a, b, "Merger", AT)
    merged = result.project.documents[0].annotations[0]
    assert (merged.tag, merged.note, merged.modified_by) == (Tag.SOURCE, "Bob's note", "Bob")
    assert merged.modified == AT + timedelta(hours=1) and result.conflicts == []


def test_a_true_conflict_keeps_ours_and_records_theirs():
    base, a, b = three(lambda d: change(d, 1, "Alice", verdict="False"),
                       lambda d: change(d, 1, "Bob", verdict="True", tag=Tag.QUOTE))
    result = merge3(base, a, b, "Merger", AT)
    doc = result.project.documents[0]
    merged = doc.annotations[1]
    assert (merged.verdict, merged.tag) == ("False", Tag.QUOTE)  # tag: only Bob changed it
    [record] = [r for r in doc.review if r.group == CONFLICT]
    assert record.decision == Decision.KEPT_MINE and not record.decided and record.reviewer == "Merger"
    assert "verdict" in record.comment.text and "“True”" in record.comment.text  # theirs, kept in words
    assert record.mine.id == record.theirs.id == merged.id
    assert describe_change(record).startswith("git merge conflict")
    assert len(result.conflicts) == 1 and not project_problems(result.project)


def test_two_different_notes_are_both_kept():
    base, a, b = three(lambda d: change(d, 2, "Alice", note="ours"), lambda d: change(d, 2, "Bob", note="theirs"))
    result = merge3(base, a, b, "Merger", AT)
    merged = result.project.documents[0].annotations[2]
    assert "ours" in merged.note and "theirs" in merged.note
    [record] = [r for r in result.project.documents[0].review if r.group == CONFLICT]
    assert record.decision == Decision.KEPT_BOTH_NOTES and record.theirs.note == "theirs"


@pytest.mark.parametrize("deleting", ["ours", "theirs"])
def test_deleted_on_one_side_and_changed_on_the_other_is_kept_with_a_record(deleting):
    def delete(d):
        del d.annotations[3]

    def retag(d):
        change(d, 3, "Changer", tag=Tag.UNVERIFIED)

    base, a, b = three(delete, retag) if deleting == "ours" else three(retag, delete)
    result = merge3(base, a, b, "Merger", AT)
    doc = result.project.documents[0]
    kept = [x for x in doc.annotations if x.id == base.documents[0].annotations[3].id]
    assert kept and kept[0].tag == Tag.UNVERIFIED
    [record] = [r for r in doc.review if r.group == CONFLICT]
    assert f"{deleting} deleted this annotation" in record.comment.text


def test_deleted_on_one_side_and_untouched_on_the_other_is_gone():
    base, a, b = three(lambda d: d.annotations.pop(0), lambda d: None)
    result = merge3(base, a, b, "Merger", AT)
    assert ids(result.project) == ids(a) and result.conflicts == []


def test_comments_are_merged_by_author_time_and_text():
    c1 = Comment(author="Alice", time=AT, text="checked")
    c2 = Comment(author="Bob", time=AT, text="disputed")
    base, a, b = three(lambda d: change(d, 0, "Alice", comments=[c1]), lambda d: change(d, 0, "Bob", comments=[c2]))
    merged = merge3(base, a, b, "Merger", AT).project.documents[0].annotations[0]
    assert merged.comments == [c1, c2]


def test_the_article_changed_differently_on_both_sides_is_refused():
    def new_text(words):
        def edit(doc):
            doc.text = TEXT + words
            doc.sha256 = sha256_text(doc.text)
        return edit

    base, a, b = three(new_text(" One."), new_text(" Two."))
    with pytest.raises(TextConflict, match="changed on both branches"):
        merge3(base, a, b, "Merger", AT)


def test_the_article_changed_on_one_side_places_the_others_new_work_in_it():
    def update(doc):
        shift = 7
        doc.text = "Update. " [:shift] + TEXT
        doc.sha256 = sha256_text(doc.text)
        doc.annotations = [x.model_copy(update={"start": x.start + shift, "end": x.end + shift, "quote": quote_for(doc.text, x.start + shift, x.end + shift)})
                           for x in doc.annotations]

    def add(doc):
        doc.annotations.append(annotation(TEXT, *WORDS[9], Tag.CLAIM, 77, note="new"))

    base, a, b = three(add, update)
    result = merge3(base, a, b, "Merger", AT).project
    assert not project_problems(result)
    doc = result.documents[0]
    new = next(x for x in doc.annotations if x.id.endswith("77"))
    assert doc.text[new.start:new.end] == "a fantasy" and new.note == "new"


def test_both_adding_the_file_merges_without_a_base():
    a = base_project(3)
    b = base_project(3)
    b.documents[0].annotations[0] = b.documents[0].annotations[0].model_copy(update={"tag": Tag.SOURCE, "modified": AT})
    result = merge3(None, a, b, "Merger", AT)
    assert ids(result.project) == ids(a) and len(result.conflicts) == 1


def test_documents_added_on_each_side_are_both_kept():
    base = base_project(2)
    a, b = base.model_copy(deep=True), base.model_copy(deep=True)
    other = project("A second article about the budget.")
    other.documents[0].id = "22222222-2222-4222-8222-222222222222"
    a.documents.append(other.documents[0])
    third = project("A third article, about the weather.")
    third.documents[0].id = "33333333-3333-4333-8333-333333333333"
    b.documents.append(third.documents[0])
    result = merge3(base, a, b, "Merger", AT).project
    assert [d.id for d in result.documents] == [base.documents[0].id, other.documents[0].id, third.documents[0].id]


def test_the_project_title_changed_on_both_sides_keeps_ours_and_says_so():
    base = base_project(1)
    a, b = base.model_copy(deep=True), base.model_copy(deep=True)
    a.metadata.title, b.metadata.title = "Ours", "Theirs"
    result = merge3(base, a, b, "Merger", AT)
    assert result.project.metadata.title == "Ours"
    assert any("“Theirs”" in r.comment.text for r in result.project.documents[0].review if r.group == CONFLICT)
    assert WHEN  # the factories' time: base and both sides keep it


# -- fact-checks (schema version 10)
def lnk(doc, n, relation=Relation.SUPPORTS, by="x"):
    from annotator.core.model import Link

    return Link(target=doc.annotations[n].id, relation=relation, by=by, time=AT)


def test_links_and_evidence_merge_as_sets():
    def ours(d):
        change(d, 0, "Alice", links=(lnk(d, 1), lnk(d, 2, Relation.DISPUTES)),
               evidence=(Evidence(url="https://example.org/a", time=AT),))

    def theirs(d):
        change(d, 0, "Bob", AT + timedelta(hours=1), links=(lnk(d, 3, Relation.CONTEXT),),
               evidence=(Evidence(url="https://example.org/b", time=AT), Evidence(url="https://example.org/a", time=AT)))

    base, a, b = three(ours, theirs)
    # the base already had the link to 2 and evidence a: Bob removed the link, kept the evidence
    base.documents[0].annotations[0] = base.documents[0].annotations[0].model_copy(
        update={"links": (lnk(base.documents[0], 2, Relation.DISPUTES),), "evidence": (Evidence(url="https://example.org/a", time=AT),)})
    result = merge3(base, a, b, "Merger", AT)
    merged = result.project.documents[0].annotations[0]
    targets = base.documents[0].annotations
    assert [(l.target, l.relation) for l in merged.links] == [(targets[1].id, Relation.SUPPORTS), (targets[3].id, Relation.CONTEXT)]
    assert sorted(e.url for e in merged.evidence) == ["https://example.org/a", "https://example.org/b"]
    assert result.conflicts == [] and not project_problems(result.project)


def test_reasoning_and_speaker_changed_differently_keep_ours_and_record_theirs():
    base, a, b = three(lambda d: change(d, 1, "Alice", reasoning="Only the ministry says so.", speaker="Konashenkov"),
                       lambda d: change(d, 1, "Bob", reasoning="Reuters confirms it.", speaker="Konashenkov"))
    result = merge3(base, a, b, "Merger", AT)
    merged = result.project.documents[0].annotations[1]
    assert (merged.reasoning, merged.speaker) == ("Only the ministry says so.", "Konashenkov")
    [record] = [r for r in result.project.documents[0].review if r.group == CONFLICT]
    assert "reasoning" in record.comment.text and "“Reuters confirms it.”" in record.comment.text
    assert "speaker" not in record.comment.text  # the same on both sides: no conflict


@pytest.mark.parametrize("linking", ["ours", "theirs"])
def test_a_link_to_what_the_other_side_deleted_is_dropped_with_a_record(linking):
    def link_it(d):
        change(d, 0, "Linker", links=(lnk(d, 3),))

    def delete(d):
        del d.annotations[3]

    base, a, b = three(link_it, delete) if linking == "ours" else three(delete, link_it)
    result = merge3(base, a, b, "Merger", AT)
    doc = result.project.documents[0]
    assert doc.annotations[0].links == () and doc.links_problem() is None
    [record] = [r for r in doc.review if r.group == CONFLICT]
    assert "the link “supports”" in record.comment.text and "deleted that annotation" in record.comment.text
    assert len(result.conflicts) == 1 and not project_problems(result.project)


def test_the_article_verdict_and_summary_and_the_rating_scale_keep_ours_and_record_theirs():
    from annotator.core.model import RatingLevel

    base = base_project(1)
    a, b = base.model_copy(deep=True), base.model_copy(deep=True)
    a.documents[0].verdict, b.documents[0].verdict = "Misleading", "False"
    a.documents[0].summary, b.documents[0].summary = "Ours in short.", "Ours in short."
    b.documents[0].summary = "Theirs in short."
    a.metadata.rating_scale = [RatingLevel(name="Right", value=1), RatingLevel(name="Wrong", value=0)]
    b.metadata.rating_scale = [RatingLevel(name="Correct", value=2), RatingLevel(name="Unproven")]
    result = merge3(base, a, b, "Merger", AT)
    doc = result.project.documents[0]
    assert (doc.verdict, doc.summary) == ("Misleading", "Ours in short.")
    assert [level.name for level in result.project.metadata.rating_scale] == ["Right", "Wrong"]
    texts = [r.comment.text for r in doc.review if r.group == CONFLICT]
    assert any("verdict" in t and "“False”" in t for t in texts)
    assert any("summary" in t and "“Theirs in short.”" in t for t in texts)
    assert any("rating_scale" in t and "Correct (2), Unproven (no number)" in t for t in texts)
    # changed on one side only: taken
    c = base.model_copy(deep=True)
    c.documents[0].verdict = "Mixed"
    assert merge3(base, base, c, "Merger", AT).project.documents[0].verdict == "Mixed"


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 12), sides, sides)
def test_links_and_evidence_are_sets_whose_additions_and_removals_both_count(count, edits_a, edits_b):
    """For an annotation all three versions have: what either side added is there, what either
    removed is gone (links: less those whose target is no longer in the article)."""
    base = base_project(count)
    a, b = apply(base, edits_a, 1), apply(base, edits_b, 2)
    result = merge3(base, a, b, "Merger", AT).project.documents[0]
    present = {x.id for x in result.annotations + result.orphans}

    def every(p):
        doc = p.documents[0]
        return {x.id: x for x in doc.annotations + doc.orphans}

    o, x, y = every(base), every(a), every(b)
    got = {v.id: v for v in result.annotations + result.orphans}
    for key in o.keys() & x.keys() & y.keys():
        for name, item_key in (("links", lambda link: (link.target, link.relation)), ("evidence", lambda e: e.url)):
            o_set, x_set, y_set = ({item_key(i) for i in getattr(v[key], name)} for v in (o, x, y))
            expected = (o_set | x_set | y_set) - (o_set - x_set) - (o_set - y_set)
            if name == "links":
                expected = {k for k in expected if k[0] in present}
            assert {item_key(i) for i in getattr(got[key], name)} == expected, name
