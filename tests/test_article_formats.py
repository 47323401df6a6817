"""Articles from web pages, Markdown, Word and PDF files the tests build themselves."""

from __future__ import annotations

import pytest

from annotator.core.article import read_article
from annotator.core.errors import FileProblemError

PAGE = """<!DOCTYPE html><html><head><title>Example News | World</title>
<meta name="author" content="Jane Reporter">
<link rel="canonical" href="https://news.example.org/2016/08/16/bombers">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2016-08-16T10:00:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="advertisement">Cheap flights to Tehran! Click here.</div>
<article><h1>Russian bombers fly from an Iranian base</h1>
<p>Russian warplanes are now taking off from an Iranian air base to target ISIS in Syria, the defence ministry said in a statement on Tuesday. 😀</p>
<p>“The Russians did notify the coalition as per the Memorandum of Understanding,” a US spokesman said, adding that the planes did not affect coalition operations.</p>
<p>If confirmed, it would be the first time since 1979 that Iran has let a foreign power use its territory for military operations, a news agency reported.</p></article>
<section id="comments" class="comments"><h3>Comments</h3><div class="comment"><p>troll42: this is all fake news!!!</p></div></section>
<footer><p>© 2016 Example News. All rights reserved.</p></footer></body></html>"""


def test_a_saved_web_page_gives_the_article_and_its_metadata(tmp_path):
    path = tmp_path / "bombers.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_article(path)
    assert doc.text.startswith("Russian bombers fly from an Iranian base") or "Russian warplanes are now taking off" in doc.text
    assert "“The Russians did notify the coalition" in doc.text and "😀" in doc.text
    for junk in ("Cheap flights", "troll42", "All rights reserved", "Sport"):
        assert junk not in doc.text
    assert "\n\n" in doc.text  # paragraphs stay apart
    assert doc.title == "Russian bombers fly from an Iranian base"
    assert doc.source_url == "https://news.example.org/2016/08/16/bombers"
    assert (doc.byline, doc.published) == ("Jane Reporter", "2016-08-16")
    assert doc.outlet in ("Example News", "example.org")


def test_a_page_with_no_article_is_refused(tmp_path):
    path = tmp_path / "index.htm"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    with pytest.raises(FileProblemError, match="no article text found"):
        read_article(path)


def test_markdown_loses_its_markup(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("# Headline here\n\nA **bold** claim with a [link](https://x.org) and `code`.\n\n- first point\n- second point\n", encoding="utf-8")
    doc = read_article(path)
    assert doc.text == "Headline here\n\nA bold claim with a link and code.\n\nfirst point\n\nsecond point"
    assert doc.title == "Headline here"


def test_a_word_document(tmp_path):
    import docx

    word = docx.Document()
    word.core_properties.title = "Minister's statement"
    word.core_properties.author = "Desk Editor"
    word.add_heading("Minister's statement", level=1)
    word.add_paragraph("Taxes will fall next year, the minister said. 中文 and שלום too.")
    word.add_paragraph("")
    word.add_paragraph("Critics said the figures do not add up.")
    path = tmp_path / "statement.docx"
    word.save(path)
    doc = read_article(path)
    assert doc.text == "Minister's statement\n\nTaxes will fall next year, the minister said. 中文 and שלום too.\n\nCritics said the figures do not add up."
    assert (doc.title, doc.byline) == ("Minister's statement", "Desk Editor")


def test_a_pdf_with_a_text_layer(tmp_path):
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    path = tmp_path / "report.pdf"
    c = canvas.Canvas(str(path))
    c.setTitle("Agency report")
    c.setAuthor("Wire Service")
    c.drawString(72, 720, "Airstrikes killed over 45 people last weekend, a monitor said.")
    c.showPage()
    c.drawString(72, 720, "The United Nations criticised the length of the pause.")
    c.save()
    doc = read_article(path)
    assert "Airstrikes killed over 45 people last weekend, a monitor said." in doc.text
    assert "\n\nThe United Nations criticised the length of the pause." in doc.text
    assert (doc.title, doc.byline) == ("Agency report", "Wire Service")


def test_a_pdf_without_text_and_bad_files_are_refused(tmp_path):
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan))
    c.rect(72, 72, 300, 300, fill=1)
    c.save()
    with pytest.raises(FileProblemError, match="no text layer"):
        read_article(scan)
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.4 garbage that is not a PDF")
    with pytest.raises(FileProblemError, match="PDF"):
        read_article(fake)
    not_word = tmp_path / "notes.docx"
    not_word.write_bytes(b"plain text pretending")
    with pytest.raises(FileProblemError, match="not a Word document"):
        read_article(not_word)
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    with pytest.raises(FileProblemError, match="empty"):
        read_article(empty)
