"""Small pieces of wording shared by the app, the command line and the exports."""

from __future__ import annotations

# Marks that open or close a quotation in the languages the articles come in (English, German,
# French, Russian, Chinese, Japanese…). A quote that already starts or ends with one is shown
# as it is: wrapping it again reads as ““doubled””.
QUOTATION_MARKS = frozenset("\"'“”„‟«»‹›‘’‚‛「」『』〝〞〟＂＇")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """"1 annotation", "2 annotations", "0 annotations": a count with its noun in the right
    number (``plural_form`` for nouns that don't just add an s)."""
    noun = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {noun}"


def quoted(text: str, opening: str = "“", closing: str = "”") -> str:
    """``text`` in quotation marks, unless its own first or last character is one already
    (a quoted statement tagged with its marks), so the marks are never doubled."""
    stripped = text.strip()
    if stripped and (stripped[0] in QUOTATION_MARKS or stripped[-1] in QUOTATION_MARKS):
        return text
    return f"{opening}{text}{closing}"


def one_line(text: str, limit: int = 200) -> str:
    """``text`` on one line, at most ``limit`` characters, ending in … when cut (only the start
    of a long text is read): how quotes and notes are named in lists, messages and undo steps."""
    text = " ".join(text[: limit * 4].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
