"""Finding text in an article, ignoring case, as the Find bar does."""

from __future__ import annotations

import re
from itertools import islice

MAX_MATCHES = 10_000
"""Matches listed at most: enough to step through, and a bounded cost for "e" in 10 MB."""


def find_all(text: str, needle: str, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """(start, end) in code points of each occurrence of ``needle``, ignoring case, in order;
    at most ``limit`` of them. Matches do not overlap."""
    if not needle:
        return []
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    return [match.span() for match in islice(pattern.finditer(text), limit)]
