"""`annotator merge MINE THEIRS -o OUT --prefer …`: the review's merge without the window."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.core.integrity import project_problems
from annotator.core.model import Decision, Tag
from annotator.core.storage import dump_bytes, load_project
from annotator.git_commands import merge_two

from .factories import annotation, project

TEXT = "The minister said taxes will fall on Monday, citing a report by the treasury, critics said."
AT = datetime(2026, 2, 1, 9, 0, tzinfo=timezone.utc)


def span(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def write_pair(tmp_path):
    mine = project(TEXT)
    mine.documents[0].annotations = [
        annotation(TEXT, *span("The minister"), Tag.SOURCE, 1, note="mine: the finance minister"),
        annotation(TEXT, *span("taxes will fall"), Tag.QUOTE, 2),
        annotation(TEXT, *span("on Monday"), Tag.CLAIM, 3, note="only mine"),
    ]
    theirs = project(TEXT)
    theirs.documents[0].annotations = [
        annotation(TEXT, *span("The minister"), Tag.CLAIM, 11, note="theirs: a claim"),
        annotation(TEXT, *span("taxes will fall"), Tag.QUOTE, 12, note="theirs: agreed span"),
        annotation(TEXT, *span("the treasury"), Tag.SOURCE, 13, note="only theirs"),
    ]
    paths = tmp_path / "mine.annotator.json", tmp_path / "theirs.annotator.json"
    for p, path in zip((mine, theirs), paths):
        path.write_bytes(dump_bytes(p))
    return paths


def run(tmp_path, prefer: str, capsys):
    mine, theirs = write_pair(tmp_path)
    out = tmp_path / f"merged-{prefer}.annotator.json"
    status = main(["merge", str(mine), str(theirs), "-o", str(out), "--prefer", prefer, "--reviewer", "Rita"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return load_project(out).documents[0], captured


def notes(doc) -> str:
    return "\n".join(a.note for a in doc.annotations)


def test_prefer_mine_keeps_mine_with_their_notes_and_records_every_difference(tmp_path, capsys):
    doc, captured = run(tmp_path, "mine", capsys)
    minister = next(a for a in doc.annotations if a.quote.exact == "The minister")
    assert minister.tag == Tag.SOURCE  # mine kept ...
    assert "theirs: a claim" in minister.note and "mine: the finance minister" in minister.note  # ... their note too
    assert minister.modified_by == "Rita"
    assert "theirs: agreed span" in notes(doc)  # notes differ: both kept, as an undecided review does
    assert "only mine" in notes(doc) and "only theirs" not in notes(doc)
    assert any(r.theirs is not None and r.theirs.note == "only theirs" for r in doc.review)  # left out, recorded
    assert "mine.annotator.json" in captured.out or "annotation" in captured.out


def test_prefer_theirs_takes_theirs_and_never_drops_my_note(tmp_path, capsys):
    doc, _ = run(tmp_path, "theirs", capsys)
    minister = next(a for a in doc.annotations if a.quote.exact == "The minister")
    assert minister.tag == Tag.CLAIM and "mine: the finance minister" in minister.note
    assert "only theirs" in notes(doc) and "only mine" not in notes(doc)
    assert any(r.decision == Decision.ACCEPTED_THEIRS and r.mine is not None and r.mine.note == "only mine" for r in doc.review)


def test_prefer_both_keeps_both_where_they_differ(tmp_path, capsys):
    doc, _ = run(tmp_path, "both", capsys)
    tags = sorted(a.tag.value for a in doc.annotations if a.quote.exact == "The minister")
    assert tags == ["claim", "source"]
    assert "only theirs" in notes(doc) and "only mine" in notes(doc)
    assert len({a.id for a in doc.annotations}) == len(doc.annotations)


def test_an_existing_output_is_never_overwritten(tmp_path, capsys):
    mine, theirs = write_pair(tmp_path)
    out = tmp_path / "out.annotator.json"
    out.write_text("keep me")
    assert main(["merge", str(mine), str(theirs), "-o", str(out)]) == 1
    assert "never overwrites" in capsys.readouterr().err and out.read_text() == "keep me"


def test_an_unreadable_input_is_named_without_a_traceback(tmp_path, capsys):
    mine, theirs = write_pair(tmp_path)
    theirs.write_text("{", encoding="utf-8")
    out = tmp_path / "out.annotator.json"
    assert main(["merge", str(mine), str(theirs), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert str(theirs) in err and "not valid JSON" in err and "Traceback" not in err and not out.exists()


WORDS = ["The minister", "taxes will fall", "on Monday", "a report", "the treasury", "critics said", "minister said", "citing"]
side = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(list(Tag)), st.sampled_from(["", "n1", "n2", "n3"])), max_size=6)


@settings(max_examples=100, deadline=None)
@given(side, side, st.sampled_from(["mine", "theirs", "both"]))
def test_no_note_is_ever_lost(mine_spans, their_spans, prefer):
    """Every note of either side is in a merged annotation's note, or in the record of an
    annotation left out; the merge is a valid project."""
    mine, theirs = project(TEXT), project(TEXT)
    mine.documents[0].annotations = [annotation(TEXT, *span(w), t, n, note=f"mine {note}" if note else "") for n, (w, t, note) in enumerate(mine_spans)]
    theirs.documents[0].annotations = [annotation(TEXT, *span(w), t, 100 + n, note=f"theirs {note}" if note else "")
                                       for n, (w, t, note) in enumerate(their_spans)]
    merged, _, _ = merge_two(mine, theirs, prefer, "Rita", AT, "mine", "theirs")
    assert not project_problems(merged)
    doc = merged.documents[0]
    kept = "\n".join(a.note for a in doc.annotations)
    recorded = {(s.id, s.note) for r in doc.review if r.mine is None or r.theirs is None for _, s in r.snapshots()}  # left out whole
    for ann in mine.documents[0].annotations + theirs.documents[0].annotations:
        if ann.note:
            assert ann.note in kept or (ann.id, ann.note) in recorded


@pytest.mark.parametrize("prefer", ["mine", "theirs", "both"])
def test_the_inputs_are_left_as_they_were(tmp_path, capsys, prefer):
    mine, theirs = write_pair(tmp_path)
    before = mine.read_bytes(), theirs.read_bytes()
    assert main(["merge", str(mine), str(theirs), "-o", str(tmp_path / "m.annotator.json"), "--prefer", prefer]) == 0
    assert (mine.read_bytes(), theirs.read_bytes()) == before
