"""Agreement numbers: checked by hand on small cases and against scikit-learn's kappa."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import agreement, cohen_kappa
from annotator.core.model import Tag

from .factories import annotation

C, Q, S = Tag.CLAIM, Tag.QUOTE, Tag.SOURCE


def test_span_scores_by_hand():
    text = "aaaa bbbb cccc dddd"
    mine = [annotation(text, 0, 4, C, 0), annotation(text, 5, 9, Q, 1), annotation(text, 10, 14, S, 2)]
    theirs = [annotation(text, 0, 4, C, 10, note="notes never count"), annotation(text, 5, 8, Q, 11), annotation(text, 15, 19, S, 12)]
    result = agreement(text, mine, theirs)
    exact, overlap = result.exact[None], result.overlap[None]
    assert (exact.matched, exact.mine, exact.theirs) == (1, 3, 3)
    assert exact.precision == exact.recall == exact.f1 == pytest.approx(1 / 3)
    assert overlap.matched == 2 and overlap.f1 == pytest.approx(2 / 3)
    assert result.exact[Q].matched == 0 and result.overlap[Q].matched == 1
    assert result.exact[S].f1 == 0.0


def test_kappa_by_hand():
    # 8 non-space characters; mine tags "aaaa" claim, theirs tags "aa" claim.
    text = "aaaa bbbb"
    result = agreement(text, [annotation(text, 0, 4, C, 0)], [annotation(text, 0, 2, C, 1)])
    # contingency: (claim, claim)=2, (claim, untagged)=2, (untagged, untagged)=4
    po = 6 / 8
    pe = (4 / 8) * (2 / 8) + (4 / 8) * (6 / 8)
    assert result.characters == 8
    assert result.kappa[None] == pytest.approx((po - pe) / (1 - pe))
    assert result.kappa[C] == pytest.approx((po - pe) / (1 - pe))


def test_identical_and_empty_sides():
    text = "same text here"
    same = [annotation(text, 0, 4, C, 0)]
    result = agreement(text, same, [annotation(text, 0, 4, C, 9)])
    assert result.kappa[None] == 1.0 and result.exact[None].f1 == 1.0
    empty = agreement(text, [], [])
    assert empty.kappa[None] == 1.0 and empty.exact[None].f1 == 1.0
    assert cohen_kappa({}) == 1.0


TEXT = "Alpha beta, gamma delta. Epsilon zeta eta theta iota kappa lambda mu."
SPANS = st.lists(st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, 20), st.sampled_from([C, Q, S])), max_size=6)


def labels(anns):
    """Innermost tag per non-space character, computed naively: an independent implementation."""
    out = []
    for i, ch in enumerate(TEXT):
        if ch.isspace():
            continue
        cover = [a for a in anns if a.start <= i < a.end]
        out.append(min(cover, key=lambda a: (a.end - a.start, a.start, a.tag.value)).tag.value if cover else "untagged")
    return out


@settings(max_examples=80, deadline=None)
@given(SPANS, SPANS)
def test_kappa_matches_scikit_learn(left, right):
    sklearn = pytest.importorskip("sklearn.metrics")
    mine = [annotation(TEXT, s, min(len(TEXT), s + w), t, n) for n, (s, w, t) in enumerate(left)]
    theirs = [annotation(TEXT, s, min(len(TEXT), s + w), t, 50 + n) for n, (s, w, t) in enumerate(right)]
    a, b = labels(mine), labels(theirs)
    if len(set(a) | set(b)) == 1:
        return  # scikit-learn gives nan when chance agreement is total; we define 1.0
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = sklearn.cohen_kappa_score(a, b)
    result = agreement(TEXT, mine, theirs)
    assert result.kappa[None] == pytest.approx(expected, abs=1e-9)


def test_tags_nobody_used_are_reported_as_null():
    text = "aaaa bbbb"
    data = agreement(text, [annotation(text, 0, 4, C, 0)], [annotation(text, 0, 4, C, 1)]).as_dict()
    assert data["exact"]["claim"]["f1"] == 1.0 and data["kappa"]["claim"] == 1.0
    assert data["exact"]["quote"]["f1"] is None and data["kappa"]["quote"] is None
