"""Reading an article into a Document: plain text in any common encoding, and (through
``article_formats``) saved web pages, Markdown, Word documents and PDFs.

Line endings are normalised one way everywhere: CRLF and lone CR become LF. Nothing else
in the text is changed, so offsets stay meaningful against the source.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .errors import FileProblemError, read_untrusted
from .model import Document

MAX_ARTICLE_BYTES = 64 * 1024 * 1024
MAX_ARTICLE_CHARS = 64 * 1024 * 1024
"""The longest article text, in code points, whatever it was extracted from (a small .docx or
PDF can hold far more text than its size suggests)."""

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

    Raises UnicodeDecodeError when no text encoding fits (a binary file), and, with the
    encoding "utf-8" and the place of the first bad byte, for UTF-8 text damaged in places: its
    valid multi-byte characters outnumber its bad bytes, so it is no other encoding, and
    guessing one would turn every accented letter and curly quote into nonsense.
    """
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" not in data:  # NUL bytes: valid UTF-8, but likely UTF-16
        try:
            return normalize_newlines(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            if _damaged_utf8(data):
                raise exc from None
    if encoding is None:
        encoding = _guess_encoding(data)
        if encoding is None:
            raise UnicodeDecodeError("unknown", data, 0, 1, "no text encoding fits these bytes")
    return normalize_newlines(data.decode(encoding))


def _damaged_utf8(data: bytes) -> bool:
    """More valid multi-byte UTF-8 characters than bad bytes: UTF-8 with a few bad bytes, not a
    text in a one-byte code page (whose accented letters are almost never valid UTF-8)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii - bad > bad


def undecodable(path: Path, data: bytes, exc: UnicodeDecodeError) -> FileProblemError:
    """The refusal of bytes that ``decode_article`` could not read, saying where UTF-8 fails."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as utf8:
        start = utf8.start
    else:  # valid UTF-8 with NUL bytes that no other encoding fits
        start = max(0, data.find(b"\x00"))
    line = data.count(b"\n", 0, start) + 1
    place = f"at byte {start:,} (line {line:,})"
    if exc.encoding == "utf-8":
        return FileProblemError(path, f"not valid UTF-8 {place}, though the rest is UTF-8 text: the file is damaged there; "
                                      "nothing was opened. Mend or delete those bytes and open it again")
    return FileProblemError(path, f"not a text file in a known encoding (not valid UTF-8 {place}, and no other text "
                                  "encoding fits): it looks binary, not like an article; nothing was opened")


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


def headline_key(text: str) -> str:
    """``text`` reduced to what tells two headlines apart: letters and digits, compatibility-
    normalised and case-folded, so that spacing, dashes, curly or straight quotes and capitals
    styled differently still compare equal."""
    return "".join(char for char in unicodedata.normalize("NFKC", text).casefold() if char.isalnum())


_TOP = 20_000
"""How many characters at the start of a text are looked at for a headline it already has."""


def with_headline(text: str, headline: str | None, shown: Iterable[str] = ()) -> str:
    """The text with the headline as its first line and a blank line after it, as the sample
    article has it, so a misleading headline can be tagged like any claim.

    Unchanged when there is no headline, or when the text already starts with it (its first line
    holds it near its start, or is most of it: "Headline" for "Headline - Test"), or with a
    headline of its own that the reader sees (``shown``: a web page's <h1>, a Word Title or
    Heading 1 paragraph), or holds the headline as one of those in its first five lines (after
    a kicker): the same headline twice, or two headlines, would misrepresent the article.
    Compared by ``headline_key``."""
    line = " ".join((headline or "").split())
    key = headline_key(line)
    if not key:
        return text
    top = text[:_TOP].split("\n")  # the top is enough: keys of a whole long text would cost seconds
    if len(text) > _TOP and len(top) > 1:
        top.pop()  # cut short
    lines = [headline_key(part) for part in top if part.strip()][:5] or [""]
    first = lines[0]
    shown_keys = {headline_key(other) for other in shown} - {""}
    if (key in first[:len(key) + 40]  # "BMAS - Headline", "Home Issues Headline …"
            or (len(first) * 2 >= len(key) and (key.startswith(first) or key.endswith(first)))  # "Headline" of "Headline - Test"
            or first in shown_keys or (key in shown_keys and key in lines)):
        return text
    return f"{line}\n\n{text}"


def document_from_text(text: str, path: Path, **metadata: str | None) -> Document:
    """A Document from extracted text, refusing what is no article; metadata where known."""
    if len(text) > MAX_ARTICLE_CHARS:
        raise FileProblemError(path, f"the article's text is {len(text):,} characters; articles up to {MAX_ARTICLE_CHARS:,} characters can be opened")
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
    except UnicodeDecodeError as exc:
        raise undecodable(path, data, exc) from None
    return document_from_text(text, path)
