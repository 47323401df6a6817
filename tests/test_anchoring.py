"""Snapping selections and the quote selector that re-finds a span."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.anchoring import quote_for, quote_problems, snap_span
from annotator.core.model import CONTEXT_LENGTH


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("  hello world  ", (0, 15), (2, 13)),
        ("a\n\tword\n", (1, 9), (3, 7)),
        ("word", (4, 0), (0, 4)),  # a backwards drag
        ("   ", (0, 3), None),
        ("abc", (-5, 99), (0, 3)),
        ("x\u00a0y\u3000", (0, 4), (0, 3)),  # no-break and ideographic spaces count as space
        ("Russian warplanes are", (2, 11), (0, 17)),  # cut-off words are completed
        ("Deir-ez Zor", (1, 3), (0, 4)),  # a hyphen ends a word
        ("cafe\u0301 noir", (1, 4), (0, 5)),  # combining marks belong to the word
        ("中文字符串", (1, 3), (1, 3)),  # no spaces between words: left as selected
        ("It's 45 people", (6, 7), (5, 7)),
    ],
)
def test_snap_trims_whitespace(text, span, expected):
    assert snap_span(text, *span) == expected


def test_quote_has_context_of_at_most_32_code_points():
    text = "p" * 40 + "TARGET" + "s" * 40
    quote = quote_for(text, 40, 46)
    assert quote.exact == "TARGET"
    assert quote.prefix == "p" * CONTEXT_LENGTH and quote.suffix == "s" * CONTEXT_LENGTH
    short = quote_for("ab", 0, 1)
    assert (short.prefix, short.exact, short.suffix) == ("", "a", "b")


def test_quote_problems_name_the_mismatch():
    text = "The minister said it."
    quote = quote_for(text, 4, 12)
    assert quote_problems(text, 4, 12, quote) == []
    problems = quote_problems("The ministry said it.", 4, 12, quote)
    assert problems and "minister" in problems[0] and "ministry" in problems[0]
    assert "past the end" in quote_problems("short", 4, 12, quote)[0]


@given(st.text(max_size=80), st.integers(0, 80), st.integers(0, 80))
def test_snapped_span_has_no_outer_whitespace_and_quote_fits(text, a, b):
    span = snap_span(text, a, b)
    if span is None:
        lo, hi = sorted((min(a, len(text)), min(b, len(text))))
        assert text[lo:hi].strip() == ""
        return
    start, end = span
    assert 0 <= start < end <= len(text)
    assert not text[start].isspace() and not text[end - 1].isspace()
    lo, hi = sorted((min(a, len(text)), min(b, len(text))))
    assert text[lo:hi].strip() in text[start:end]  # trimming and completing words never lose selected text
    assert quote_problems(text, start, end, quote_for(text, start, end)) == []
