"""Code points <-> UTF-16: the conversion Qt positions go through."""

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.offsets import Utf16Map

MIXED = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60) | st.text(
    alphabet=st.sampled_from(list("ab \r\n\u00e9e\u0301中文字\u05e9\u05dc\u05d5\u05dd😀🎉𝄞\u200d\u2028\u2029")), max_size=60
)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_emoji_shifts_qt_positions():
    text = "Intro 😀 and 🎉 then the target word here."
    m = Utf16Map(text)
    cp = text.index("target")
    assert cp == 23
    assert m.to_utf16(cp) == 25
    assert m.to_code_point(25) == 23
    assert m.utf16_length == utf16_len(text)


def test_ascii_fast_path_is_identity():
    m = Utf16Map("plain text")
    assert [m.to_utf16(i) for i in range(11)] == list(range(11))
    assert [m.to_code_point(i) for i in range(11)] == list(range(11))


def test_position_inside_surrogate_pair_rounds_down():
    m = Utf16Map("a😀b")
    assert m.to_utf16(1) == 1 and m.to_utf16(2) == 3
    assert m.to_code_point(2) == 1  # between the two halves of the emoji
    assert m.to_code_point(3) == 2


@given(MIXED)
def test_matches_utf16_encoding_everywhere(text):
    m = Utf16Map(text)
    for cp in range(len(text) + 1):
        unit = utf16_len(text[:cp])
        assert m.to_utf16(cp) == unit
        assert m.to_code_point(unit) == cp
