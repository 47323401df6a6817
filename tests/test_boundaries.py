"""Moving an annotation's ends by word and by character (annotator.core.boundaries)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.boundaries import after_cluster, before_cluster, moved

TEXT = "The minister said “prices fell by half”, according to Reuters."


def span(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def test_word_moves_land_on_word_ends():
    start, end = span("prices fell")
    assert moved(TEXT, start, end, "end", "word", True) == span("prices fell by")
    assert moved(TEXT, start, end, "end", "word", False) == span("prices")
    assert moved(TEXT, start, end, "start", "word", False) == span("said “prices fell")
    assert moved(TEXT, start, end, "start", "word", True) == span("fell")
    # Past punctuation: the closing quotation mark and comma come along with the next word.
    assert moved(TEXT, *span("by half"), "end", "word", True) == span("by half”, according")


def test_character_moves_are_exact_but_skip_whitespace():
    start, end = span("prices fell by half")
    assert moved(TEXT, start, end, "end", "char", True) == span("prices fell by half”")
    assert moved(TEXT, start, end, "start", "char", False) == span("“prices fell by half")
    assert moved(TEXT, *span("said"), "end", "char", True) == span("said “")  # the space is passed over
    assert moved(TEXT, *span("fell"), "start", "char", False) == span("s fell")
    assert moved(TEXT, *span("fell"), "end", "char", False) == span("fel")


def test_a_move_that_would_empty_the_span_or_leave_the_text_does_nothing():
    assert moved(TEXT, *span("said"), "end", "word", False) is None
    assert moved(TEXT, *span("said"), "start", "word", True) is None
    assert moved(TEXT, *span("The"), "start", "word", False) is None
    assert moved(TEXT, *span("Reuters."), "end", "word", True) is None
    assert moved(TEXT, *span("Reuters."), "end", "char", True) is None
    assert moved(TEXT, 0, 1, "end", "char", False) is None


def test_characters_are_what_a_reader_sees():
    text = "Flag 🇺🇦🇩🇪 family 👨‍👩‍👧 thumb 👍🏽 café e\u0301t\u00e9"
    flags = text.index("🇺🇦")
    assert after_cluster(text, flags) == flags + 2  # one flag, not half of one
    family = text.index("👨")
    assert after_cluster(text, family) == family + len("👨‍👩‍👧")
    thumb = text.index("👍")
    assert after_cluster(text, thumb) == thumb + 2
    accent = text.index("e\u0301")
    assert after_cluster(text, accent) == accent + 2 and before_cluster(text, accent + 2) == accent


def test_chinese_moves_a_character_at_a_time():
    text = "新华社报道，经济增长了百分之五。"
    start = text.index("经济")
    assert moved(text, start, start + 2, "end", "word", True) == (start, start + 3)
    assert moved(text, start, start + 2, "start", "word", False) == (start - 2, start + 2)  # with the comma


PIECES = st.sampled_from(["word", "Straße", " ", "  ", "\n", ",", "“", "”", "e\u0301", "👍🏽", "🇺🇦", "👨‍👩‍👧", "新", "华", "٣", "ا\u064e"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=25), st.data())
def test_every_move_keeps_a_sound_span(pieces, data):
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    edge = data.draw(st.sampled_from(["start", "end"]))
    unit = data.draw(st.sampled_from(["word", "char"]))
    forward = data.draw(st.booleans())
    result = moved(text, start, end, edge, unit, forward)
    if result is None:
        return
    new_start, new_end = result
    assert 0 <= new_start < new_end <= len(text)
    assert (new_start, new_end) != (start, end)
    if edge == "end":  # only the chosen end moves, in the chosen direction
        assert new_start == start and (new_end > end) == forward
        assert not text[new_end - 1].isspace()
        split = new_end < len(text) and (unicodedata.category(text[new_end]).startswith("M") or text[new_end] == "\u200d")
    else:
        assert new_end == end and (new_start > start) == forward
        assert not text[new_start].isspace()
        split = new_start > 0 and (unicodedata.category(text[new_start]).startswith("M") or text[new_start - 1] == "\u200d")
    assert not split, (text, result)
