"""Replacing an article's text: every annotation found again, fuzzily if edited, or kept as an orphan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import Document, Tag
from annotator.core.update import max_distance, update_document
from annotator.core.integrity import project_problems
from annotator.core.model import Project

from .factories import annotation

OLD = (
    "Russian warplanes are now taking off from an Iranian air base.\n\n"
    "The ministry said the strikes hit targets in Aleppo and Idlib.\n\n"
    "Officials said there was no agreement with the Russians."
)


def doc_with(text, needles):
    doc = Document.from_text(text)
    doc.annotations = [annotation(text, text.index(n), text.index(n) + len(n), Tag.CLAIM, i) for i, n in enumerate(needles)]
    return doc


def test_moved_fuzzy_and_orphaned():
    doc = doc_with(OLD, ["Russian warplanes are now taking off", "the strikes hit targets in Aleppo and Idlib", "no agreement with the Russians"])
    new = (
        "UPDATED: a correction was added.\n\n"
        "Russian warplanes are now taking off from an Iranian air base.\n\n"
        "The ministry said the strikes hit targets in Aleppo and in Idlib.\n\n"
        "Officials declined to comment."
    )
    updated, report = update_document(doc, new)
    assert [after.quote.exact for _before, after in report.moved] == ["Russian warplanes are now taking off"]
    assert [(b.quote.exact, a.quote.exact) for b, a in report.fuzzy] == [
        ("the strikes hit targets in Aleppo and Idlib", "the strikes hit targets in Aleppo and in Idlib")
    ]
    assert [o.quote.exact for o in report.orphans] == ["no agreement with the Russians"]
    assert [o.id for o in updated.orphans] == [doc.annotations[2].id]  # kept, not dropped
    assert all(updated.text[a.start:a.end] == a.quote.exact for a in updated.annotations)
    assert project_problems(Project(documents=[updated])) == []
    assert doc.text == OLD and len(doc.annotations) == 3  # the original is untouched


WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "😀", "中文", "שלום", "e\u0301", "x", "\n"])


@settings(max_examples=80, deadline=None)
@given(st.lists(WORDS, min_size=30, max_size=80), st.data())
def test_random_edits_never_attach_to_the_wrong_text(words, data):
    text = " ".join(words)
    spans = []
    for _ in range(data.draw(st.integers(1, 6))):
        a = data.draw(st.integers(0, len(text) - 2))
        b = data.draw(st.integers(a + 1, min(len(text), a + 25)))
        if text[a:b].strip():
            spans.append((a, b))
    doc = Document.from_text(text)
    doc.annotations = [annotation(text, a, b, Tag.CLAIM, i) for i, (a, b) in enumerate(spans)]
    # one random insertion and one deletion, outside or inside spans
    new = text
    pos = data.draw(st.integers(0, len(new)))
    inserted = data.draw(st.sampled_from(["", "NEW ", " 😀 ", "zzz"]))
    new = new[:pos] + inserted + new[pos:]
    cut = data.draw(st.integers(0, len(new)))
    width = data.draw(st.integers(0, 6))
    new = new[:cut] + new[cut + width:]
    updated, report = update_document(doc, new)
    assert len(updated.annotations) + len(report.orphans) == len(doc.annotations)
    for ann in updated.annotations:
        before = next(a for a in doc.annotations if a.id == ann.id)
        assert new[ann.start:ann.end] == ann.quote.exact
        if " ".join(ann.quote.exact.split()) != " ".join(before.quote.exact.split()):  # not just re-spaced: fuzzy
            from rapidfuzz.distance import Levenshtein

            assert Levenshtein.distance(before.quote.exact, ann.quote.exact) <= max_distance(before.quote.exact)


def test_untouched_spans_are_found_where_they_moved():
    text = "\n".join(f"Line {n}: the figure was {n * 7} per cent." for n in range(200))
    doc = doc_with(text, [f"the figure was {n * 7} per cent" for n in range(0, 200, 9)])
    new = "Editor's note: corrected.\n" + text.replace("Line 50:", "Line fifty:")
    updated, report = update_document(doc, new)
    assert not report.orphans and not report.fuzzy
    for before, after in zip(sorted(doc.annotations, key=lambda a: a.start), updated.annotations):
        shift = len("Editor's note: corrected.\n") + (len("fifty") - len("50") if before.start > text.index("Line 50:") else 0)
        assert after.start == before.start + shift


@settings(max_examples=80, deadline=None)
@given(st.integers(40, 120), st.data())
def test_spans_the_edits_do_not_touch_are_found_exactly_where_they_moved(n, data):
    text = " ".join(f"w{i}{data.draw(st.sampled_from(['', '😀', '中', 'é']))}" for i in range(n))
    spans = set()
    for _ in range(data.draw(st.integers(1, 8))):
        a = data.draw(st.integers(0, len(text) - 2))
        b = data.draw(st.integers(a + 1, min(len(text), a + 30)))
        if text[a:b].strip() and not text[a].isspace() and not text[b - 1].isspace():
            spans.add((a, b))
    doc = Document.from_text(text)
    doc.annotations = [annotation(text, a, b, Tag.CLAIM, i) for i, (a, b) in enumerate(sorted(spans))]
    pos = data.draw(st.integers(0, len(text)))
    inserted = data.draw(st.sampled_from(["NEW ", " 😀 added ", "x"]))
    step1 = text[:pos] + inserted + text[pos:]
    cut = data.draw(st.integers(0, len(step1)))
    width = data.draw(st.integers(0, 8))
    new = step1[:cut] + step1[cut + width:]

    def moved(a, b):
        """Where [a, b) is in ``new``, or None when an edit touched it or the stored context
        around it (a one-letter quote whose surroundings changed can match elsewhere as well)."""
        lo, hi = a - 32, b + 32
        if lo < pos < hi:
            return None
        if a >= pos:
            a, b, lo, hi = a + len(inserted), b + len(inserted), lo + len(inserted), hi + len(inserted)
        if hi <= cut:
            return a, b
        if lo >= cut + width:
            return a - width, b - width
        return None

    updated, report = update_document(doc, new)
    placed = {x.id: (x.start, x.end) for x in updated.annotations}
    for ann in doc.annotations:
        target = moved(ann.start, ann.end)
        if target is not None:
            assert placed.get(ann.id) == target, (ann.quote.exact, target, placed.get(ann.id))
