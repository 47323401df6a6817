"""Defects found reviewing issue 18 (links, verdicts, the rating scale), each pinned by a test."""

from __future__ import annotations

from annotator.core.storage import parse_project

from .test_schema_versions import _v9_with


def test_a_version_9_file_with_long_rated_verdicts_still_loads_and_keeps_them():
    """The migration cut a verdict's name to the 80 characters a level may have: two long verdicts
    alike in their first 80 (or one ending in a space there) made two levels of one name, and a
    file that opened before refused to open; the cut level matched no verdict either."""
    long_a, long_b, spaced = "A" * 85, "A" * 81, "x" * 79 + " y"
    project = parse_project(_v9_with([
        {"verdict": long_a, "rating": 2}, {"verdict": long_b, "rating": 3},
        {"verdict": spaced, "rating": 4}, {"verdict": "x" * 79, "rating": 5},
    ]), "old.json")
    anns = project.documents[0].annotations
    assert [a.verdict for a in anns] == [long_a, long_b, spaced, "x" * 79]  # every word kept
    names = [level.name for level in project.metadata.rating_scale]
    assert len({n.strip().casefold() for n in names}) == len(names)
    assert all(len(n) <= 80 for n in names)
    # the number of a verdict too long to be a level is not lost: the reasoning says it
    assert "Rated 2 of 5" in anns[0].reasoning and "Rated 3 of 5" in anns[1].reasoning and "Rated 4 of 5" in anns[2].reasoning
    assert {level.name: level.value for level in project.metadata.rating_scale}["x" * 79] == 5


def test_a_brat_relation_with_its_arguments_in_the_other_order_links_the_same_way():
    """brat names each argument by its role: ``Arg2:T2 Arg1:T1`` is the link from T1 to T2.
    The reader took the first written as the source, reversing such a link in silence (a claim
    "supported by" a quote read as the quote supported by the claim)."""
    from annotator.core.formats import formats
    from annotator.core.model import Document, Relation

    text = "The minister said taxes fell. Officials confirmed it."
    doc = Document.from_text(text)
    ann = "T1\tClaim 0 28\tThe minister said taxes fell\nT2\tQuote 30 52\tOfficials confirmed it\nR1\tSupports Arg2:T2 Arg1:T1\n"
    result = formats()["brat"].read(ann.encode("utf-8"), doc, None)
    claim, quote = sorted(result.documents[0].annotations, key=lambda a: a.start)
    assert [(link.target, link.relation) for link in claim.links] == [(quote.id, Relation.SUPPORTS)]
    assert quote.links == ()


def test_a_git_merge_keeps_two_pieces_of_evidence_with_one_address():
    """Evidence was merged keyed by its address alone: two pieces with one address (a report's
    page 3 and its page 7, each with its note) on one branch became one, the other gone in
    silence, when the other branch changed the claim's evidence too."""
    from datetime import datetime, timezone

    from annotator.core.merge3 import merge3
    from annotator.core.model import Evidence, Tag

    from .factories import project

    at = datetime(2026, 2, 1, 9, 0, tzinfo=timezone.utc)
    text = "The minister said taxes fell. Officials confirmed it."
    base = project(text, [(0, 28, Tag.CLAIM)])
    page3 = Evidence(url="https://example.org/report", title="Report", note="page 3 says so", time=at)
    page7 = Evidence(url="https://example.org/report", title="Report", note="page 7 says otherwise", time=at)
    other = Evidence(url="https://example.org/data", title="Data", time=at)
    base.documents[0].annotations[0] = base.documents[0].annotations[0].model_copy(update={"evidence": (page3,)})
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    theirs.documents[0].annotations[0] = theirs.documents[0].annotations[0].model_copy(update={"evidence": (page3, page7)})
    ours.documents[0].annotations[0] = ours.documents[0].annotations[0].model_copy(update={"evidence": (page3, other)})
    merged = merge3(base, ours, theirs, "Merger", at).project.documents[0].annotations[0]
    assert sorted(e.note for e in merged.evidence) == ["", "page 3 says so", "page 7 says otherwise"]


def test_a_review_does_not_drop_a_colleagues_note_on_evidence_with_the_same_address():
    """Evidence was compared by address only: a colleague's piece with my address but their
    own title and note ("page 7 says otherwise") made no difference, so the claim counted as
    agreed, my version was kept, and their note went without a record."""
    from annotator.core.merge import merge_document
    from annotator.core.model import Evidence

    from .factories import WHEN
    from .test_review_links import CLAIM, TEXT, review, side

    mine_piece = Evidence(url="https://example.org/report", title="Report", note="page 3 says so", time=WHEN)
    their_piece = Evidence(url="https://example.org/report", title="Report", note="page 7 says otherwise", time=WHEN)
    r = review(side(0, {"evidence": (mine_piece,)}), side(100, {"evidence": (their_piece,)}))
    groups = {TEXT[i.start:i.end]: i.group for i in r.items}
    assert groups[CLAIM].value != "agreed"
    merged = merge_document(r, {}, {}, "Rev", WHEN)
    claim = next(a for a in merged.annotations if TEXT[a.start:a.end] == CLAIM)
    said = "\n".join(rec.comment.text for rec in merged.review if rec.comment is not None)
    assert any(e.note == "page 7 says otherwise" for e in claim.evidence) or "page 7 says otherwise" in said
