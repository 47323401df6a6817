"""Where an annotation sits in the text: snapping a selection, and the quote that re-finds it."""

from __future__ import annotations

from .model import CONTEXT_LENGTH, Quote


def snap_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim whitespace from both ends of ``text[start:end]``.

    Returns the trimmed (start, end), or None when nothing but whitespace was selected.
    Out-of-range or reversed offsets are clamped and ordered first, as a drag can give either.
    """
    start, end = sorted((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    return start, end


def quote_for(text: str, start: int, end: int) -> Quote:
    """The W3C TextQuoteSelector of a span: exact text plus up to CONTEXT_LENGTH either side."""
    return Quote(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_LENGTH) : start],
        suffix=text[end : end + CONTEXT_LENGTH],
    )


def quote_problems(text: str, start: int, end: int, quote: Quote) -> list[str]:
    """Ways in which ``quote`` disagrees with ``text`` at [start, end); empty when it fits."""
    if end > len(text):
        return [f"end {end} is past the end of the text ({len(text)} code points)"]
    problems = []
    found = text[start:end]
    if found != quote.exact:
        problems.append(f"quote.exact is {_short(quote.exact)} but the text there is {_short(found)}")
    if quote.prefix and not text[:start].endswith(quote.prefix):
        problems.append(f"quote.prefix {_short(quote.prefix)} does not precede the span")
    if quote.suffix and not text.startswith(quote.suffix, end):
        problems.append(f"quote.suffix {_short(quote.suffix)} does not follow the span")
    return problems


def _short(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")
