"""Reading an article from a plain-text file into a Document."""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import FileProblemError, read_untrusted
from .model import Document

MAX_ARTICLE_BYTES = 64 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_article(data: bytes) -> str:
    """Decode by byte-order mark (UTF-8/16/32) or as UTF-8, and normalise line endings to LF.

    Raises UnicodeDecodeError for bytes that are not valid in the detected encoding.
    """
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), "utf-8")
    text = data.decode(encoding)
    return normalize_newlines(text)


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so offsets mean the same on every platform and in Qt."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def title_from_text(text: str, fallback: str) -> str:
    """The first non-empty line, as news articles start with their headline."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return fallback


def read_article(path: Path | str) -> Document:
    """A new Document holding the text of ``path``; FileProblemError says what was wrong."""
    path = Path(path)
    data = read_untrusted(path, MAX_ARTICLE_BYTES)
    try:
        text = decode_article(data)
    except UnicodeDecodeError as exc:
        raise FileProblemError(
            path,
            f"not a text file in UTF-8 or UTF-16: byte {exc.start} ({data[exc.start:exc.start + 1]!r}) "
            f"is not valid {exc.encoding}",
        ) from None
    if "\x00" in text:
        raise FileProblemError(path, "the file contains NUL characters; it looks binary, not like an article")
    if not text.strip():
        raise FileProblemError(path, "the file is empty: there is no text to annotate")
    return Document.from_text(text, title=title_from_text(text, path.stem))
