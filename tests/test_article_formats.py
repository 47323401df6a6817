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


# -- the headline as the text's first line, so it can be tagged (issue 14, item 8)

def _news_page(title_tag: str, head: str = "", h1: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in (
        "The minister resigned on Tuesday after an audit found that his office had claimed travel it never made, the cabinet office said.",
        "“I have let down the people who trusted me,” he told reporters outside his home, adding that he would repay every pound.",
        "Opposition leaders called for an independent inquiry into how the claims were approved over three years without any checks."))
    return (f"<!DOCTYPE html><html><head><title>{title_tag}</title>{head}</head><body>"
            "<nav><ul><li><a href='/'>Home</a></li><li><a href='/politics'>Politics</a></li></ul></nav>"
            f"<header class='article-header'>{h1}</header><article>{paragraphs}</article>"
            "<footer><p>© The Daily Example</p></footer></body></html>")


def test_a_web_page_headline_comes_first_without_the_outlets_name(tmp_path):
    path = tmp_path / "minister.html"
    path.write_text(_news_page("Minister resigns over expenses | The Daily Example",
                               "<meta property='og:site_name' content='The Daily Example'>",
                               "<h1>Minister resigns over expenses</h1>"), encoding="utf-8")
    doc = read_article(path)
    assert doc.text.startswith("Minister resigns over expenses\n\nThe minister resigned on Tuesday")
    assert doc.text.count("Minister resigns over expenses") == 1 and "Daily Example" not in doc.text
    assert doc.title == "Minister resigns over expenses"


def test_an_og_title_with_the_site_name_loses_it(tmp_path):
    path = tmp_path / "og.html"
    path.write_text(_news_page("Daily Example", "<meta property='og:title' content='Minister resigns over expenses - Daily Example'>"
                                                "<meta property='og:site_name' content='Daily Example'>"), encoding="utf-8")
    doc = read_article(path)
    assert doc.text.startswith("Minister resigns over expenses\n\nThe minister resigned")
    assert (doc.title, doc.outlet) == ("Minister resigns over expenses", "Daily Example")


def test_a_headline_already_in_the_text_is_not_repeated(tmp_path):
    path = tmp_path / "bombers.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_article(path)
    assert doc.text.startswith("Russian bombers fly from an Iranian base\n\nRussian warplanes are now taking off")
    assert doc.text.count("Russian bombers fly from an Iranian base") == 1


def _word(path, title=None, paragraphs=()):
    import docx

    word = docx.Document()
    if title:
        word.core_properties.title = title
    for style, text in paragraphs:
        word.add_paragraph(text, style=style)
    word.save(path)
    return path


BODY = [(None, "Taxes will fall next year, the minister said on Monday."), (None, "Critics said the figures do not add up.")]


def test_a_word_documents_title_comes_first(tmp_path):
    doc = read_article(_word(tmp_path / "a.docx", "Taxes to fall, says minister", BODY))
    assert doc.text == "Taxes to fall, says minister\n\nTaxes will fall next year, the minister said on Monday.\n\nCritics said the figures do not add up."
    assert doc.title == "Taxes to fall, says minister"


def test_a_word_title_paragraph_is_not_repeated(tmp_path):
    styled = read_article(_word(tmp_path / "b.docx", None, [("Title", "Taxes to fall, says minister"), *BODY]))
    assert styled.text.count("Taxes to fall, says minister") == 1 and styled.title == "Taxes to fall, says minister"
    kicker = read_article(_word(tmp_path / "c.docx", "Taxes to fall, says minister",
                                [(None, "ANALYSIS"), ("Title", "Taxes to fall, says minister"), *BODY]))
    assert kicker.text.startswith("ANALYSIS\n\nTaxes to fall, says minister\n\n")
    assert kicker.text.count("Taxes to fall, says minister") == 1
    curly = read_article(_word(tmp_path / "d.docx", "Minister's statement", [(None, "Minister’s  statement"), *BODY]))
    assert curly.text.startswith("Minister’s  statement\n\nTaxes will fall") and curly.title == "Minister's statement"


def test_a_stale_word_title_does_not_come_before_the_documents_own_headline(tmp_path):
    doc = read_article(_word(tmp_path / "e.docx", "Press release template", [("Heading 1", "Taxes to fall, says minister"), *BODY]))
    assert doc.text.startswith("Taxes to fall, says minister\n\n") and "Press release template" not in doc.text


def test_markdown_and_plain_text_keep_their_headline_once(tmp_path):
    markdown = tmp_path / "story.md"
    markdown.write_text("# Taxes to fall, says minister\n\nTaxes will fall next year.\n", encoding="utf-8")
    plain = tmp_path / "story.txt"
    plain.write_text("Taxes to fall, says minister\n\nTaxes will fall next year.\n", encoding="utf-8")
    assert read_article(markdown).text == "Taxes to fall, says minister\n\nTaxes will fall next year."
    assert read_article(plain).text == "Taxes to fall, says minister\n\nTaxes will fall next year.\n"


@pytest.mark.parametrize(
    ("title", "site", "shown", "browser", "expected"),
    [
        ("Minister resigns | The Daily Example", ["The Daily Example", "dailyexample.com"], [], None, "Minister resigns"),
        ("Minister resigns - dailyexample.com", [None, "www.dailyexample.com"], [], None, "Minister resigns"),
        ("Daily Example | Minister resigns", ["Daily Example"], [], None, "Minister resigns"),
        ("Losing face: masks stolen | The Japan Times", [None, "japantimes.co.jp"], [], None, "Losing face: masks stolen"),
        ("Brexit: what happens next", ["Brexit"], [], None, "Brexit: what happens next"),  # a colon is no separator
        ("CDU-Fraktion im Stadtrat", ["CDU"], [], None, "CDU-Fraktion im Stadtrat"),  # nor a hyphen inside a word
        ("«Wir waren in Quarantäne» - Stiftung", ["Stiftung"], [], None, "«Wir waren in Quarantäne»"),
        ("News - Minister resigns over expenses", [None], ["News", "Minister resigns over expenses"], None, "Minister resigns over expenses"),
        ("武汉的声音：有英勇的你，才有英雄的城！-新华网", [None], [], "武汉的声音：有英勇的你，才有英雄的城！-新华网", "武汉的声音：有英勇的你，才有英雄的城！"),
        ("北京-上海高铁提速", [None], [], "北京-上海高铁提速", "北京-上海高铁提速"),
        ("NEWS WEB EASY|子どもへの体罰を禁止する法律ができる", ["NEWS WEB EASY"], [], None, "子どもへの体罰を禁止する法律ができる"),
        ("  ", ["x"], [], None, None),
    ],
)
def test_the_headline_is_the_title_without_the_sites_name(title, site, shown, browser, expected):
    from annotator.core.article_formats import article_headline

    assert article_headline(title, site, shown, browser) == expected
