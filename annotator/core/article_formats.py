"""Getting an article's text out of the files fact-checkers actually have.

- Saved web pages: trafilatura, made for news pages, keeps the article and drops menus,
  ads and comment sections, and finds the title, author, date, site and canonical URL.
- Markdown: markdown-it-py parses it; the text is kept without the markup.
- Word (.docx): python-docx reads the paragraphs and the document's title and author.
- PDF: pypdf reads the text layer; a scanned PDF without one is refused with the reason.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from .article import MAX_ARTICLE_BYTES, decode_article, document_from_text, headline_key, undecodable, with_headline
from .errors import FileProblemError
from .model import Document
from .text_length import text_length


MIN_ARTICLE_WORDS = 20
"""Less text than this many words left after dropping menus and ads means the page held no
article. Measured by ``text_length``, which weighs Chinese, Japanese, Thai and other scripts
written without spaces in words (40 Chinese or Japanese characters, 80 Thai ones)."""

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
    """The article of a saved web page, headed by its headline (see ``with_headline``)."""
    import trafilatura
    from trafilatura.utils import load_html

    if len(data) > MAX_HTML_BYTES:
        raise FileProblemError(
            path,
            f"this web page is {len(data):,} bytes; pages up to {MAX_HTML_BYTES:,} bytes are read (finding the article in "
            "a larger one takes minutes). Copy the article and use File ▸ New from Clipboard, or save it as text.",
        )
    page = _text(data, path)
    try:
        tree = load_html(page)  # parsed once: read here for its headlines, then by trafilatura (on a copy)
        shown, browser_title = _page_headlines(tree)
        found = None if tree is None else trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_tables=True)
    except Exception as exc:  # a malformed page must give a message, not a traceback
        raise FileProblemError(path, f"this web page could not be read: {exc}") from None
    text = getattr(found, "text", None) if found is not None else None
    length = text_length(text or "")
    if length.in_words < MIN_ARTICLE_WORDS:
        raise FileProblemError(
            path,
            f"no article text found in this web page ({length.describe()} outside menus and ads, where an article has at "
            f"least {length.minimum(MIN_ARTICLE_WORDS)}): it may be an index page, or need a browser to show its text. "
            "Copy the article and use File ▸ New from Clipboard.",
        )
    sitename, hostname = getattr(found, "sitename", None), getattr(found, "hostname", None)
    headline = article_headline(getattr(found, "title", None), [sitename, hostname], shown, browser_title)
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    return document_from_text(
        with_headline("\n\n".join(paragraphs), headline, shown), path,
        title=headline, source_url=getattr(found, "url", None), outlet=sitename or hostname,
        byline=getattr(found, "author", None), published=getattr(found, "date", None),
    )


def _page_headlines(tree) -> tuple[list[str], str | None]:
    """The page's <h1> texts, as a reader sees them (ruby readings above the ideographs left
    out), and its <title>."""
    if tree is None:
        return [], None
    shown = []
    for h1 in tree.iter("h1"):
        words = " ".join("".join(h1.xpath(".//text()[not(ancestor::rt or ancestor::rp or ancestor::script or ancestor::style)]")).split())
        if words:
            shown.append(words)
    title = tree.find(".//head//title")
    return shown, None if title is None else " ".join(title.text_content().split())


_SEPARATOR = re.compile(r"\s+(?:[|¦•·»«~–—―\-－_/]|::)\s+|\s*[|｜]\s*")
"""What stands between a headline and the site's name in a page's title: "Headline | Outlet".
Dashes and the rest only with spaces around them ("CDU-Fraktion", "«Quote»" are one part);
colons never: "Brexit: what next" is one headline."""

_CJK_SITE_SUFFIX = re.compile(r"(?<=[\u3000-\u303f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])\s*[-－_|｜–—]\s*(\S{1,12})$")
"""A short name after a separator written without spaces, in a Chinese or Japanese title:
"武汉的声音：有英勇的你，才有英雄的城！-新华网"."""

_GENERIC_HOST_LABELS = {"news", "blog", "blogs", "home", "html", "info"}


def article_headline(title: str | None, site: list[str | None], shown: list[str], browser_title: str | None = None) -> str | None:
    """The article's headline from the page's title as trafilatura found it (its og:title, a
    lone <h1>, or the <title>), without the outlet's name that titles often carry.

    A part of the title around a separator is kept when it is one of the page's <h1>s (what the
    reader sees as the headline; the longest, as a section's name can be an <h1> too); else a
    part before the first or after the last separator is
    dropped when it names the site (``site``: trafilatura's site name and host name). A title
    that is the browser's <title> with a short name after an unspaced separator, as Chinese and
    Japanese sites write it, loses that name: trafilatura already splits spaced "A | B" titles."""
    title = " ".join((title or "").split())
    if not headline_key(title):
        return None
    cuts = list(_SEPARATOR.finditer(title))
    shown_keys = {headline_key(h) for h in shown} - {""}
    parts = [part for cut in cuts for part in (title[:cut.start()], title[cut.end():]) if headline_key(part) in shown_keys]
    if parts:  # the longest: "Fachmeldungen - Verkündung des …" may have the section's <h1> too
        return max(parts, key=lambda part: len(headline_key(part)))
    names = _site_names(site)
    for cut in cuts:  # the leftmost cut first: "Headline - Martina Berg - Lady 50plus"
        if _names_site(title[cut.end():], names) and headline_key(title[:cut.start()]):
            return title[:cut.start()]
    for cut in reversed(cuts):
        if _names_site(title[:cut.start()], names) and headline_key(title[cut.end():]):
            return title[cut.end():]
    if browser_title is not None and headline_key(title) == headline_key(browser_title):
        suffix = _CJK_SITE_SUFFIX.search(title)
        if suffix and 2 * len(suffix.group(1)) <= suffix.start():
            return title[:suffix.start()]
    return title


def _site_names(site: list[str | None]) -> set[str]:
    """Keys of the site's names: its name, its host, and the host's distinctive labels."""
    names = {headline_key(name) for name in site if name}
    for name in site:
        for label in (name or "").split(".") if name and " " not in name else []:
            if len(label) >= 4 and not label.startswith("www") and label.casefold() not in _GENERIC_HOST_LABELS:
                names.add(headline_key(label))
    return names - {""}


def _names_site(part: str, names: set[str]) -> bool:
    """Whether ``part`` of a title is the site's name: equal to one, a piece of one ("PSL" of
    psl.eu), or one with a few words around it ("The Japan Times" for japantimes.co.jp)."""
    key = headline_key(part)
    if not key:
        return False
    return any(key == name or (len(key) >= 3 and key in name) or (name in key and len(key) <= 2 * len(name)) for name in names)


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
    """A Word document's paragraphs, headed by its title (see ``with_headline``): the
    core-properties title, else the first Title-styled paragraph."""
    import docx

    package = unpack_bounded(data, path, "Word document (.docx)")
    try:
        word = docx.Document(package)
        paragraphs = [(p.text, _style_name(p)) for p in word.paragraphs if p.text.strip()]
        props = word.core_properties
        created = props.created.date().isoformat() if props.created else None
        core_title, author = props.title, props.author
    except Exception as exc:  # python-docx raises several kinds for a file that isn't .docx
        raise FileProblemError(path, f"not a Word document (.docx): {exc}") from None
    shown = [text for text, style in paragraphs if style in ("title", "heading 1")]
    styled = next((text.strip() for text, style in paragraphs if style == "title"), None)
    headline = " ".join((core_title or "").split()) or styled
    body = "\n\n".join(text for text, _ in paragraphs)
    return document_from_text(with_headline(body, headline, shown), path, title=headline, byline=author or None, published=created)


def _style_name(paragraph) -> str:
    """The paragraph's style name, case-folded ("title", "heading 1"); "" when unreadable."""
    try:
        return (paragraph.style.name or "").casefold()
    except Exception:  # a style table that python-docx cannot resolve: treat as plain text
        return ""


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
