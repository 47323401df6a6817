"""Decisions and the merged project: provenance, records, and inputs left untouched."""

import json
import subprocess
import sys

import pytest

from annotator.core.errors import FileProblemError
from annotator.core.merge import ItemDecision, merge_document, merge_projects, review_projects
from annotator.core.model import Comment, Decision, ReviewStatus, Tag, now, sha256_text
from annotator.core.review import Group
from annotator.core.storage import dumps, load_project, parse_project

from .conftest import ROOT, SAMPLE
from .factories import annotation, project

COLLEAGUE = ROOT / "projects" / "russian-bombers-iran.colleague.annotator.json"
TEXT = "The minister said taxes will fall on Monday, citing a report."


def span(needle):
    start = TEXT.index(needle)
    return start, start + len(needle)


def two_projects():
    mine = project(TEXT, [(*span("The minister"), Tag.SOURCE), (*span("taxes will fall"), Tag.QUOTE), (*span("on Monday"), Tag.CLAIM)])
    theirs = project(TEXT)
    theirs.documents[0].annotations = [
        annotation(TEXT, *span("The minister"), Tag.SOURCE, 10),
        annotation(TEXT, *span("taxes will fall"), Tag.CLAIM, 11),
        annotation(TEXT, *span("a report"), Tag.SOURCE, 12),
    ]
    return mine, theirs


def test_decisions_apply_and_are_recorded():
    mine, theirs = two_projects()
    before = (dumps(mine), dumps(theirs))
    (review,), unmatched = review_projects(mine, theirs)
    assert unmatched == [] and review.same_text
    groups = [item.group for item in review.items]
    assert groups == [Group.AGREED, Group.TAG_DIFFERS, Group.ONLY_MINE, Group.ONLY_THEIRS]
    comment = Comment(author="Rev", time=now(), text="Their tag is right: it is his claim, not a quote.", status=ReviewStatus.ACCEPTED)
    decisions = {1: ItemDecision(Decision.ACCEPTED_THEIRS), 3: ItemDecision(Decision.ACCEPTED_THEIRS)}
    merged = merge_document(review, decisions, {1: comment}, "Rev", now())
    assert [(a.quote.exact, a.tag, a.author) for a in merged.annotations] == [
        ("The minister", Tag.SOURCE, "Ann Author"),
        ("taxes will fall", Tag.CLAIM, "Ann Author"),
        ("on Monday", Tag.CLAIM, "Ann Author"),
        ("a report", Tag.SOURCE, "Ann Author"),
    ]
    assert merged.annotations[1].comments == [comment]
    records = merged.review
    assert [(r.group, r.decision, r.decided) for r in records] == [
        ("tag differs", Decision.ACCEPTED_THEIRS, True),
        ("only mine", Decision.KEPT_MINE, False),  # undecided differences are recorded too
        ("only theirs", Decision.ACCEPTED_THEIRS, True),
    ]
    assert records[0].mine.tag == Tag.QUOTE and records[0].theirs.tag == Tag.CLAIM and records[0].result[0].tag == Tag.CLAIM
    assert (dumps(mine), dumps(theirs)) == before  # inputs untouched

    result = merge_projects(mine, [merged], "Rev", now(), "mine.json", "theirs.json")
    again = parse_project(dumps(result).encode(), "merged.json")  # the merged file is valid
    assert again.metadata.reviews[0].theirs == "theirs.json"
    assert again.documents[0].review[0].comment.status == ReviewStatus.ACCEPTED


def test_keep_both_and_edit():
    mine, theirs = two_projects()
    theirs.documents[0].annotations[1] = theirs.documents[0].annotations[1].model_copy(update={"id": mine.documents[0].annotations[1].id})
    (review,), _ = review_projects(mine, theirs)
    edited = review.items[0].mine.model_copy(update={"tag": Tag.UNVERIFIED, "note": "edited"})
    merged = merge_document(review, {0: ItemDecision(Decision.EDITED, edited), 1: ItemDecision(Decision.KEPT_BOTH)}, {}, "Rev", now())
    tags = [(a.quote.exact, a.tag) for a in merged.annotations]
    assert ("The minister", Tag.UNVERIFIED) in tags
    assert ("taxes will fall", Tag.QUOTE) in tags and ("taxes will fall", Tag.CLAIM) in tags
    assert len({a.id for a in merged.annotations}) == len(merged.annotations)  # clashing ids renewed


def test_review_stats_command_prints_json(article):
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "review", "--stats", "--json", str(SAMPLE), str(COLLEAGUE)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    doc = data["documents"][0]
    assert doc["same_text"] and sum(doc["groups"].values()) > 40
    assert all(doc["groups"][g.value] > 0 for g in Group)  # the sample has every group
    assert doc["groups"][Group.NOTES_DIFFER.value] == 1  # Reuters: only the colleague wrote a note
    assert 0 < doc["agreement"]["kappa"]["overall"] < 1
    text = subprocess.run(
        [sys.executable, "-m", "annotator", "review", "--stats", str(SAMPLE), str(COLLEAGUE)], capture_output=True, text=True, cwd=ROOT
    ).stdout
    assert "Cohen's kappa" in text and "agreed" in text


def test_review_stats_refuses_a_bad_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 2, "documents": [{"text": 5}]}')
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "review", "--stats", str(SAMPLE), str(bad)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 1 and "bad.json" in result.stderr and "documents[0].text" in result.stderr
    assert load_project(SAMPLE)  # still fine


def test_colleague_sample_is_a_real_independent_pass(article):
    from .sample_annotations import build_colleague

    assert dumps(build_colleague()) == COLLEAGUE.read_text(encoding="utf-8")
    mine, theirs = load_project(SAMPLE), load_project(COLLEAGUE)
    (review,), _ = review_projects(mine, theirs)
    assert {item.group for item in review.items} == set(Group)


def test_changes_are_described_from_the_readers_side():
    mine, theirs = two_projects()
    for ann in theirs.documents[0].annotations:
        ann.author = "Colleague"
    (review,), _ = review_projects(mine, theirs)
    merged = merge_document(review, {1: ItemDecision(Decision.ACCEPTED_THEIRS), 2: ItemDecision(Decision.ACCEPTED_THEIRS),
                                     3: ItemDecision(Decision.ACCEPTED_THEIRS)}, {}, "Rev", now())
    from annotator.core.merge import describe_change, reader_side

    tag_change, removed, added = merged.review
    assert reader_side(merged.review, "Ann Author") == "mine" and reader_side(merged.review, "Colleague") == "theirs"
    assert describe_change(tag_change, "mine") == "quote → claim"
    assert describe_change(tag_change, "theirs") == "unchanged"
    assert describe_change(removed, "mine") == "removed (was claim)"
    assert describe_change(added, "mine") == "added source"
    assert describe_change(added, "theirs") == "unchanged"


def test_the_colleague_sees_what_was_added_removed_or_not_found():
    from annotator.core.merge import NOT_FOUND, describe_change

    mine, theirs = two_projects()
    theirs_doc = theirs.documents[0]
    changed = TEXT.replace("a report", "a study") + " And more."
    theirs.documents[0] = theirs_doc.model_copy(update={"text": changed, "sha256": sha256_text(changed)})
    lost_ann = annotation(changed, changed.index("a study"), changed.index("a study") + 7, Tag.SOURCE, 13)
    theirs.documents[0].annotations = [*theirs_doc.annotations[:2], lost_ann]
    (review,), _ = review_projects(mine, theirs)
    assert [a.quote.exact for a in review.lost] == ["a study"]
    merged = merge_document(review, {}, {}, "Rev", now())  # nothing decided
    by_group = {r.group: r for r in merged.review}
    assert describe_change(by_group["only mine"], "theirs") == "added claim"
    assert describe_change(by_group["tag differs"], "theirs") == "claim → quote"
    assert describe_change(by_group[NOT_FOUND], "theirs").startswith("not found")
    assert not any(r.decided for r in merged.review)
    parse_project(dumps(project(TEXT).model_copy(update={"documents": [merged]})).encode(), "merged.json")


def test_undecided_count_follows_decisions(qapp):
    from annotator.ui.review_commands import Decide
    from annotator.ui.review_session import ReviewSession

    mine, theirs = two_projects()
    session = ReviewSession(mine, theirs, "mine.json", "theirs.json", "Rev")
    assert session.undecided() == 3  # tag differs, only mine, only theirs
    session.undo_stack.push(Decide(session, [1, 2], ItemDecision(Decision.KEPT_MINE), "keep"))
    assert session.undecided() == 1
    session.undo_stack.push(Decide(session, [0, 2], ItemDecision(Decision.KEPT_BOTH), "both"))  # agreed rows don't count
    assert session.undecided() == 1
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.undecided() == 3


def test_a_huge_colleague_file_is_refused_before_reading(tmp_path, monkeypatch):
    import annotator.core.storage as storage

    big = tmp_path / "huge.json"
    big.write_bytes(b" " * 2048)
    monkeypatch.setattr(storage, "MAX_PROJECT_BYTES", 1024)
    with pytest.raises(FileProblemError, match="2,048 bytes; files up to 1,024 bytes"):
        load_project(big)


def test_a_colleagues_other_rating_scale_is_recorded_not_dropped():
    from annotator.core.merge import NOT_KEPT
    from annotator.core.model import RatingLevel
    from annotator.git_commands import merge_two

    text = "Taxes fell by 10% last year."
    mine = project(text, [(0, 5, Tag.CLAIM)])
    theirs = project(text, [(0, 5, Tag.CLAIM)])
    theirs.metadata.rating_scale = [RatingLevel(name="Pants on fire", value=0), RatingLevel(name="Correct", value=10)]
    merged, _, _ = merge_two(mine, theirs, "mine", "Rev", now(), "mine.json", "theirs.json")
    assert merged.metadata.rating_scale == mine.metadata.rating_scale
    (record,) = [r for r in merged.documents[0].review if r.group == NOT_KEPT]
    assert "theirs.json's rating scale, not kept: Pants on fire 0, Correct 10 (kept: True 5, Mostly true 4" in record.comment.text
    same, _, _ = merge_two(mine, project(text, [(0, 5, Tag.CLAIM)]), "mine", "Rev", now(), "mine.json", "theirs.json")
    assert not [r for r in same.documents[0].review if r.group == NOT_KEPT]
