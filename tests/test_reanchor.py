"""Re-finding annotations when the colleague's copy of the article differs."""

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.anchoring import quote_for, reanchor
from annotator.core.merge import place_annotations
from annotator.core.model import Document, Tag

from .factories import annotation

OLD = "Intro.\nThe minister said taxes will fall.\nLater the minister said taxes will rise."


def test_same_offsets_when_the_quote_is_still_there():
    q = quote_for(OLD, 11, 19)
    assert reanchor(OLD, 11, 19, q) == (11, 19)


def test_moved_text_is_found_by_quote_and_context():
    start = OLD.index("taxes will rise")
    q = quote_for(OLD, start, start + 15)
    new = "New first paragraph 😀.\n" + OLD
    s, e = reanchor(new, start, start + 15, q)
    assert new[s:e] == "taxes will rise"
    # of two places with the same words, the prefix and suffix pick the right one
    first = OLD.index("the minister said")
    q2 = quote_for(OLD, first, first + 17)
    s2, _ = reanchor(new, first, first + 17, q2)
    assert new[s2 - 6 : s2] == "Later "


def test_rewrapped_whitespace_still_matches():
    start = OLD.index("minister said taxes")
    q = quote_for(OLD, start, start + 19)
    new = OLD.replace("minister said", "minister\n  said")
    s, e = reanchor(new, start, start + 19, q)
    assert new[s:e] == "minister\n  said taxes"


def test_lost_when_the_words_are_gone():
    q = quote_for(OLD, 11, 19)
    assert reanchor("Completely different article.", 11, 19, q) is None


def test_place_annotations_lists_the_lost():
    source = Document.from_text(OLD)
    source.annotations = [annotation(OLD, 11, 19, Tag.SOURCE, 0), annotation(OLD, OLD.index("rise"), OLD.index("rise") + 4, Tag.CLAIM, 1)]
    new = OLD.replace("rise", "go up")
    placed, lost = place_annotations(source, "Preface.\n" + new)
    assert [a.quote.exact for a in placed] == ["minister"] and placed[0].start == 11 + 9
    assert [a.quote.exact for a in lost] == ["rise"]


@given(st.text(alphabet="ab ć😀\n", max_size=30), st.text(alphabet="ab ć😀\n", min_size=1, max_size=10), st.text(alphabet="xy😀", max_size=8))
def test_inserting_text_before_a_span_keeps_it_found(before, target, inserted):
    text = before + "[" + target + "]"
    start, end = len(before), len(text)
    q = quote_for(text, start, end)
    new = inserted + text
    found = reanchor(new, start, end, q)
    assert found is not None and new[found[0]:found[1]] == text[start:end]


def test_stored_offsets_are_not_trusted_when_the_context_disagrees():
    old = "X. Russia denies. Y. Russia agrees."
    q = quote_for(old, 3, 9)
    new = "Q. Russia says hi. X. Russia denies. Y. Russia agrees."
    s, e = reanchor(new, 3, 9, q)
    assert (s, e) == (22, 28) and new[s - 3 : s] == "X. "


def test_the_right_place_with_other_whitespace_beats_an_exact_match_elsewhere():
    old = "The air base is here. Later: the air base again."
    q = quote_for(old, 4, 12)
    new = old.replace("The air base", "The air\nbase")
    s, e = reanchor(new, 4, 12, q)
    assert (s, e) == (4, 12) and new[s:e] == "air\nbase"


def test_many_annotations_after_an_inserted_paragraph_are_found():
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa".split()
    old = " ".join(words[(i * 7) % 10] + str(i) for i in range(40_000))
    source = Document.from_text(old)
    anns = []
    for n in range(2000):
        start = old.index(words[(n * 70) % 10] + str(n * 10) + " ")
        anns.append(annotation(old, start, start + 12, Tag.CLAIM, n))
    source.annotations = anns
    new = "A new first paragraph.\n\n" + old
    placed, lost = place_annotations(source, new)  # each span searched the whole text before: minutes
    assert not lost and all(new[a.start:a.end] == a.quote.exact for a in placed)
    assert all(a.start == b.start + 24 for a, b in zip(placed, anns))
