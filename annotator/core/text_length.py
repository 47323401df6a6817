"""How much text an extracted web page holds, in any script.

The length check behind "no article text found" exists to refuse index pages, menus and cookie
walls, whose text left after extraction is a few words. Counting words by spaces fails for the
scripts that write no spaces between words: a whole Chinese or Japanese paragraph is one "word",
so real articles from xinhuanet.com or nhk.or.jp counted 19 words and 4 words.

The measure: words are counted by spaces (a run of non-space characters holding at least one
letter or digit; a lone "|" or "»" between menu links is no word) except in the scripts below,
whose letters, marks and digits are counted one by one and weighed in words. A word-segmenting
dictionary would be exact, but is large, one per language, and exactness does not matter for
telling an article from a menu; a fixed weight per script does the job with nothing to install.

The weights, in characters per word of running news text (the segmentations behind them are in
tests/test_text_length.py):
- Chinese and Japanese (ideographs, hiragana, katakana): about 1.6 to 1.8; counted as 2, so 40
  characters, one or two sentences, make the 20 words an article needs.
- Thai, Lao, Khmer and Burmese (letters with their vowel and tone marks): about 4.5; counted as 4.
Korean spaces its words, so hangul is counted by spaces like Latin, Cyrillic or Arabic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HAN = re.compile("[\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
"""CJK ideographs (with the iteration marks 々 and 〇, which stand for ideographs)."""

_KANA = re.compile("[\u3041-\u3096\u3099-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
"""Hiragana and katakana, full and half width, without the ・ and ゠ punctuation."""

_SOUTHEAST_ASIAN = {  # label: letters, marks and digits, without punctuation and currency signs
    "Thai": re.compile("[\u0e01-\u0e3a\u0e40-\u0e4e\u0e50-\u0e59]"),
    "Lao": re.compile("[\u0e81-\u0eae\u0eb0-\u0ed9\u0edc-\u0edf]"),
    "Khmer": re.compile("[\u1780-\u17d3\u17d7\u17dc\u17dd\u17e0-\u17e9]"),
    "Burmese": re.compile("[\u1000-\u1049\u1050-\u109f]"),
}

CJK_CHARACTERS_PER_WORD = 2
SOUTHEAST_ASIAN_CHARACTERS_PER_WORD = 4

_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class TextLength:
    """Words of spaced scripts, and characters of each unspaced script (by label)."""

    words: int
    characters: dict[str, int] = field(default_factory=dict)

    @property
    def in_words(self) -> float:
        """The whole length in words, each unspaced script's characters weighed by its weight."""
        total = float(self.words)
        for label, count in self.characters.items():
            per_word = CJK_CHARACTERS_PER_WORD if label in ("Chinese", "Japanese") else SOUTHEAST_ASIAN_CHARACTERS_PER_WORD
            total += count / per_word
        return total

    def describe(self) -> str:
        """The count in each script's own unit: "12 words", "31 Chinese characters", or both."""
        parts = [f"{count:,} {label} character{'s' if count != 1 else ''}" for label, count in self.characters.items() if count]
        if self.words or not parts:
            parts.insert(0, f"{self.words:,} word{'s' if self.words != 1 else ''}")
        return " and ".join(parts)

    def minimum(self, words: int) -> str:
        """What makes ``words`` words in the script this text is mostly in, e.g. "40 Chinese characters"."""
        main = max(self.characters.items(), key=lambda item: item[1], default=None)
        if main is None or main[1] <= self.words:
            return f"{words:,} words"
        label, _ = main
        per_word = CJK_CHARACTERS_PER_WORD if label in ("Chinese", "Japanese") else SOUTHEAST_ASIAN_CHARACTERS_PER_WORD
        return f"{words * per_word:,} {label} characters"


def text_length(text: str) -> TextLength:
    """The length of ``text``: see the module's docstring for the measure and why."""
    characters: dict[str, int] = {}
    rest, han = _HAN.subn(" ", text)
    rest, kana = _KANA.subn(" ", rest)
    if han or kana:
        # Japanese prose is 40 to 60 % kana; ideographs with a few kana (a name) are Chinese
        characters["Japanese" if kana * 10 >= han else "Chinese"] = han + kana
    for label, pattern in _SOUTHEAST_ASIAN.items():
        rest, count = pattern.subn(" ", rest)
        if count:
            characters[label] = count
    words = sum(1 for token in rest.split() if _LETTER_OR_DIGIT.search(token))
    return TextLength(words, characters)
