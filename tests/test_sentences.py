"""Sentence boundaries for moving and selecting by keyboard: checked by hand and against a
brute-force split on random texts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.sentences import next_sentence_end, next_untagged, sentences_before, sentences_from

TEXT = (
    'Russian bombers took off from Iran. "We did it," Mr. Ivanov said! Was it new?\n'
    "U.S. officials declined to comment… J. Smith disagreed.\n\n"
    "東京は晴れ。次の文です。"
)


def words(span):
    return TEXT[span[0]:span[1]]


def test_sentences_end_at_stops_quotes_and_line_breaks_not_abbreviations():
    assert [words(s) for s in sentences_from(TEXT, 0)] == [
        "Russian bombers took off from Iran.",
        '"We did it," Mr. Ivanov said!',
        "Was it new?",
        "U.S. officials declined to comment…",
        "J. Smith disagreed.",
        "東京は晴れ。次の文です。",  # no space after 。: one run, as a reader would select it
    ]


def test_moving_by_sentence_from_inside_and_at_the_edges():
    said = TEXT.index("Ivanov")
    assert words(next(sentences_from(TEXT, said))) == '"We did it," Mr. Ivanov said!'
    assert TEXT[:next_sentence_end(TEXT, said)].endswith("said!")
    assert next_sentence_end(TEXT, next_sentence_end(TEXT, said)) == TEXT.index("new?") + 4
    quote = TEXT.index('"We')
    assert next(sentences_from(TEXT, said))[0] == quote
    assert next(sentences_before(TEXT, quote))[0] == 0
    officials = TEXT.index("U.S.")
    assert next(sentences_before(TEXT, officials))[0] == TEXT.index("Was")  # across the line break
    assert [words(s) for s in sentences_before(TEXT, officials)][:2] == ["Was it new?", '"We did it," Mr. Ivanov said!']


def test_next_untagged_sentence_skips_tagged_ones_both_ways():
    tagged = [(TEXT.index("Mr."), TEXT.index("Mr.") + 10)]

    def is_tagged(a, b):
        return any(s < b and e > a for s, e in tagged)

    assert words(next_untagged(TEXT, 0, is_tagged)) == "Russian bombers took off from Iran."
    after_first = TEXT.index('"We')
    assert words(next_untagged(TEXT, after_first, is_tagged)) == "Was it new?"
    assert words(next_untagged(TEXT, TEXT.index("Was"), is_tagged, backwards=True)) == "Russian bombers took off from Iran."
    assert next_untagged(TEXT, len(TEXT), is_tagged) is None


@given(st.lists(st.sampled_from(["word", "Mr.", "ends.", "why?", " ", " ", "\n", "“quoted.”", "東京。"]), max_size=40), st.data())
def test_sentences_cover_the_text_in_order_without_overlap(pieces, data):
    text = "".join(pieces)
    spans = list(sentences_from(text, 0))
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == "".join(text.split())
    pos = data.draw(st.integers(0, len(text)))
    assert list(sentences_from(text, pos)) == [s for s in spans if s[1] > pos]
    assert list(sentences_before(text, pos)) == [s for s in reversed(spans) if s[1] <= pos]
