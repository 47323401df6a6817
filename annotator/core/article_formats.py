"""Getting an article's text out of the files fact-checkers actually have.

- Saved web pages: trafilatura, made for news pages, keeps the article and drops menus,
  ads and comment sections, and finds the title, author, date, site and canonical URL.
- Markdown: markdown-it-py parses it; the text is kept without the markup.
- Word (.docx): python-docx reads the paragraphs and the document's title and author.
- PDF: pypdf reads the text layer; a scanned PDF without one is refused with the reason.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from .article import MAX_ARTICLE_BYTES, decode_article, document_from_text, undecodable
from .errors import FileProblemError
from .model import Document


MIN_ARTICLE_WORDS = 20
"""Fewer words than this left after dropping menus and ads means the page held no article."""

MAX_HTML_BYTES = 3 * 1024 * 1024
"""The largest saved web page read: trafilatura takes about 1.2 s per MB of dense markup
(3.6 s at 3 MB, 5.8 s at 4 MB; 50 MB kept it busy for minutes), and the command line has no
Cancel. A news article's page is rarely over 2 MB; larger pages are refused with a way out."""

MAX_MARKDOWN_BYTES = 2 * 1024 * 1024
"""The largest Markdown file read: markdown-it takes about 1 s per MB of plain prose but 3 s per
MB of hostile markup (runs of emphasis or brackets: 3 MB took 8.8 s), and the command line has
no Cancel. Larger files are refused with a way out (a .txt of the same text opens at any size)."""

MAX_UNPACKED_BYTES = MAX_ARTICLE_BYTES
"""What all the parts of a Word document may add up to once unpacked (a .docx is a zip)."""


def _text(data: bytes, path: Path) -> str:
    try:
        return decode_article(data)
    except UnicodeDecodeError as exc:
        raise undecodable(path, data, exc) from None


def read_html(data: bytes, path: Path) -> Document:
    import trafilatura

    if len(data) > MAX_HTML_BYTES:
        raise FileProblemError(
            path,
            f"this web page is {len(data):,} bytes; pages up to {MAX_HTML_BYTES:,} bytes are read (finding the article in "
            "a larger one takes minutes). Copy the article and use File ▸ New from Clipboard, or save it as text.",
        )
    try:
        found = trafilatura.bare_extraction(_text(data, path), with_metadata=True, include_comments=False, include_tables=True)
    except Exception as exc:  # a malformed page must give a message, not a traceback
        raise FileProblemError(path, f"this web page could not be read: {exc}") from None
    text = getattr(found, "text", None) if found is not None else None
    words = len((text or "").split())
    if words < MIN_ARTICLE_WORDS:
        raise FileProblemError(
            path,
            f"no article text found in this web page ({words} words outside menus and ads): it may be an index "
            "page, or need a browser to show its text. Copy the article and use File ▸ New from Clipboard.",
        )
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    return document_from_text(
        "\n\n".join(paragraphs), path,
        title=getattr(found, "title", None), source_url=getattr(found, "url", None),
        outlet=getattr(found, "sitename", None) or getattr(found, "hostname", None),
        byline=getattr(found, "author", None), published=getattr(found, "date", None),
    )


def read_markdown(data: bytes, path: Path) -> Document:
    from markdown_it import MarkdownIt

    if len(data) > MAX_MARKDOWN_BYTES:
        raise FileProblemError(
            path,
            f"this Markdown file is {len(data):,} bytes; Markdown up to {MAX_MARKDOWN_BYTES:,} bytes is read (its markup "
            "can take minutes to read). Rename it to .txt to open its text as it is.",
        )

    blocks: list[str] = []
    for token in MarkdownIt("commonmark").parse(_text(data, path)):
        if token.type == "inline":
            parts = []
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
                elif child.type == "image":
                    parts.append(child.content)
            blocks.append("".join(parts))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return document_from_text("\n\n".join(b for b in blocks if b.strip()), path)


def unpack_bounded(data: bytes, path: Path, what: str) -> io.BytesIO:
    """A zip (a .docx) with every part checked: refused when the parts declare more than
    MAX_UNPACKED_BYTES in all, before anything is unpacked; then each part is unpacked a
    megabyte at a time (zipfile stops at the declared size and checks the CRC, so a part that
    lies about its size gets no further) into a copy stored without compression, which is what
    the reader gets: it never unpacks anything itself."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [info for info in archive.infolist() if not info.is_dir()]
            total = sum(info.file_size for info in parts)
            if total > MAX_UNPACKED_BYTES:
                raise FileProblemError(
                    path, f"this {what} would unpack to {total:,} bytes; up to {MAX_UNPACKED_BYTES:,} bytes can be opened"
                )
            odd = [info.filename for info in parts if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)]
            if odd:
                raise FileProblemError(path, f"not a {what}: {odd[0]} is packed in a way Word never uses")
            clean = io.BytesIO()
            with zipfile.ZipFile(clean, "w", zipfile.ZIP_STORED) as copy:
                for info in parts:
                    with archive.open(info) as source, copy.open(info.filename, "w") as target:
                        while chunk := source.read(1 << 20):
                            target.write(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise FileProblemError(path, f"not a {what}: {exc}") from None
    clean.seek(0)
    return clean


def read_docx(data: bytes, path: Path) -> Document:
    import docx

    package = unpack_bounded(data, path, "Word document (.docx)")
    try:
        word = docx.Document(package)
    except Exception as exc:  # python-docx raises several kinds for a file that isn't .docx
        raise FileProblemError(path, f"not a Word document (.docx): {exc}") from None
    paragraphs = [p.text for p in word.paragraphs if p.text.strip()]
    props = word.core_properties
    created = props.created.date().isoformat() if props.created else None
    return document_from_text("\n\n".join(paragraphs), path, title=props.title or None, byline=props.author or None, published=created)


def read_pdf(data: bytes, path: Path) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        info = reader.metadata
    except (PdfReadError, ValueError, KeyError) as exc:
        raise FileProblemError(path, f"not a readable PDF: {exc}") from None
    except Exception as exc:  # pypdf raises many kinds on damaged files; say so instead of crashing
        raise FileProblemError(path, f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise FileProblemError(path, "this PDF has no text layer (a scan?): run it through OCR first, or paste the text")
    title = info.title if info is not None and info.title else None
    author = info.author if info is not None and info.author else None
    return document_from_text(text, path, title=title, byline=author)


READERS: dict[str, Callable[[bytes, Path], Document]] = {
    ".html": read_html,
    ".htm": read_html,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".docx": read_docx,
    ".pdf": read_pdf,
}
