"""Reading an article into a Document: plain text in any common encoding, and (through
``article_formats``) saved web pages, Markdown, Word documents and PDFs.

Line endings are normalised one way everywhere: CRLF and lone CR become LF. Nothing else
in the text is changed, so offsets stay meaningful against the source.
"""

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
    """Text from bytes: by byte-order mark, else UTF-8 if valid, else the encoding
    charset-normalizer finds most likely (cp1252, Latin-1, UTF-16 without a mark...).

    Raises UnicodeDecodeError when no text encoding fits (a binary file).
    """
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" not in data:  # NUL bytes: valid UTF-8, but likely UTF-16
        try:
            return normalize_newlines(data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    if encoding is None:
        encoding = _guess_encoding(data)
        if encoding is None:
            raise UnicodeDecodeError("unknown", data, 0, 1, "no text encoding fits these bytes")
    return normalize_newlines(data.decode(encoding))


def _guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's guess; cp1252 when it is among the plausible ones, as short
    Western texts fit several Latin code pages and Windows-1252 is by far the commonest."""
    from charset_normalizer import from_bytes

    candidates = [match.encoding for match in from_bytes(data)]
    if not candidates:
        return None
    return "cp1252" if "cp1252" in candidates else candidates[0]


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


def document_from_text(text: str, path: Path, **metadata: str | None) -> Document:
    """A Document from extracted text, refusing what is no article; metadata where known."""
    text = normalize_newlines(text)
    if "\x00" in text:
        raise FileProblemError(path, "the file contains NUL characters; it looks binary, not like an article")
    if not text.strip():
        raise FileProblemError(path, "the file is empty: there is no text to annotate")
    title = metadata.pop("title", None) or title_from_text(text, path.stem)
    source_url = metadata.pop("source_url", None) or None
    doc = Document.from_text(text, title=title, source_url=source_url)
    for key, value in metadata.items():
        if value:
            setattr(doc, key, str(value))
    return doc


def read_article(path: Path | str) -> Document:
    """A new Document from an article file; FileProblemError says what was wrong.

    ``.html``/``.htm``, ``.md``/``.markdown``, ``.docx`` and ``.pdf`` are read for their text
    (see ``article_formats``); anything else is read as plain text.
    """
    from .article_formats import READERS

    path = Path(path)
    data = read_untrusted(path, MAX_ARTICLE_BYTES)
    reader = READERS.get(path.suffix.lower())
    if reader is not None:
        return reader(data, path)
    try:
        text = decode_article(data)
    except UnicodeDecodeError:
        raise FileProblemError(path, "not a text file in a known encoding: it looks binary, not like an article") from None
    return document_from_text(text, path)
