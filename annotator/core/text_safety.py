"""Text from files that must not fool a reader: bidirectional controls, and JSON that may be
pasted into an HTML page.

A bidirectional override or isolate (U+202A-U+202E, U+2066-U+2069) or mark (U+200E, U+200F,
U+061C) is invisible, yet it can make a note or an author's name read backwards. The data
keeps them (an Arabic or Hebrew text may need them); what people read shows them as a
visible marker such as ``⟨U+202E⟩``.

Qt-free: the window, the exports and the command line all use it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

BIDI_CONTROLS: frozenset[str] = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
    "\u200e\u200f\u061c"  # LRM, RLM, ALM
)
"""The characters that change the order text is shown in without being seen."""

_BIDI_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_HTML_UNSAFE_JSON_RE = re.compile("[<>&\u2028\u2029" + "".join(sorted(BIDI_CONTROLS)) + "]")


def marker(char: str) -> str:
    """The visible stand-in for one character: ``⟨U+202E⟩``."""
    return f"\u27e8U+{ord(char):04X}\u27e9"


def has_controls(text: str) -> bool:
    """Whether the text holds any bidirectional control."""
    return _BIDI_RE.search(text) is not None


def visible_controls(text: str) -> str:
    """The text with each bidirectional control replaced by its visible marker (``⟨U+202E⟩``);
    any other text is unchanged. For showing text to people: labels, tooltips, CSV cells."""
    if not text or _BIDI_RE.search(text) is None:
        return text
    return _BIDI_RE.sub(lambda m: marker(m.group()), text)


def split_controls(text: str) -> Iterator[tuple[str, bool]]:
    """The text in pieces, ``(piece, is_control)``, for showing the controls styled apart
    (as the HTML report does); plain pieces are never empty."""
    pos = 0
    for m in _BIDI_RE.finditer(text):
        if m.start() > pos:
            yield text[pos:m.start()], False
        yield m.group(), True
        pos = m.end()
    if pos < len(text):
        yield text[pos:], False


def html_safe_json(encoded: str) -> str:
    """JSON text (as json.dumps writes it) made safe to paste into an HTML ``<script>`` block:
    ``<``, ``>``, ``&``, U+2028/U+2029 and the bidirectional controls become ``\\uXXXX`` escapes.
    It is still JSON and parses back to the same values; these characters only ever occur
    inside strings, and a backslash before them is always already escaped."""
    if _HTML_UNSAFE_JSON_RE.search(encoded) is None:
        return encoded
    return _HTML_UNSAFE_JSON_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def dumps_for_html(value: object, indent: int | None = 2, level: int = 0) -> str:
    """``json.dumps(value, indent=indent, ensure_ascii=False)`` made HTML-safe (html_safe_json),
    with every line after the first indented by ``level`` more steps, so one item can be
    written where it would sit inside a larger document."""
    text = html_safe_json(json.dumps(value, indent=indent, ensure_ascii=False))
    if level and indent:
        text = text.replace("\n", "\n" + " " * (indent * level))
    return text
