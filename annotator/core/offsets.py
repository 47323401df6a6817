"""Code points <-> UTF-16 code units, the one conversion between our offsets and Qt's.

Project offsets count Unicode code points (Python ``str`` indices). Qt counts UTF-16 units,
so every character outside the Basic Multilingual Plane (emoji, some CJK) is two units in Qt
and one in Python. The map keeps the sorted code-point positions of those characters; each
conversion is then a bisect, so it costs O(log n) however long the document is.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Map:
    """Converts offsets for one fixed text."""

    __slots__ = ("_astral", "_astral_units", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        # The regex finds them in C (10 MB: 20-30 ms, where a Python loop over the
        # characters takes 1.5 s).
        if text.isascii():
            astral: list[int] = []
        else:
            astral = [match.start() for match in _ASTRAL.finditer(text)]
        self._astral = astral
        # UTF-16 position of each astral character: its code-point index plus the
        # surrogates of every astral character before it.
        self._astral_units = [cp + n for n, cp in enumerate(astral)]
        self.length = len(text)
        self.utf16_length = len(text) + len(astral)

    def to_utf16(self, cp: int) -> int:
        """UTF-16 position of code-point offset ``cp`` (0 <= cp <= len(text))."""
        if not self._astral:
            return cp
        return cp + bisect_left(self._astral, cp)

    def to_code_point(self, unit: int) -> int:
        """Code-point offset of UTF-16 position ``unit``.

        A position inside a surrogate pair (which Qt can report, e.g. for a click on the
        right half of an emoji) rounds down to the start of that character.
        """
        if not self._astral:
            return unit
        n = bisect_right(self._astral_units, unit - 1)
        # n astral characters start before `unit`; if the last one starts exactly one unit
        # before, `unit` points at its low surrogate.
        if n and self._astral_units[n - 1] == unit - 1:
            return self._astral[n - 1]
        return unit - n
