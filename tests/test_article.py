"""Opening articles: encodings, byte-order marks, line endings, and clear refusals."""

import codecs

import pytest

from annotator.core.article import read_article
from annotator.core.errors import FileProblemError
from annotator.core.model import sha256_text

TEXT = "Headline 😀\nLine two, 中文, שלום, e\u0301\n"


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.replace("\n", "\r\n").encode("utf-16-le"),
        TEXT.replace("\n", "\r").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "crlf", "utf16-crlf", "cr"],
)
def test_encodings_and_line_endings_give_the_same_text(tmp_path, encoded):
    path = tmp_path / "a.txt"
    path.write_bytes(encoded)
    doc = read_article(path)
    assert doc.text == TEXT
    assert doc.sha256 == sha256_text(TEXT)
    assert doc.title == "Headline 😀"
    assert doc.annotations == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (bytes(range(256)) * 4, "looks binary"),
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"PK\x03\x04\x00\x00binary", "NUL"),
    ],
)
def test_bad_articles_are_refused_with_the_reason(tmp_path, data, expected):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(FileProblemError) as info:
        read_article(path)
    assert expected in str(info.value)
    assert "bad.txt" in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(FileProblemError, match="cannot read the file"):
        read_article(tmp_path / "nope.txt")


def test_the_example_article_opens(article):
    doc = read_article(article)
    assert doc.title == "Russian Bombers Are Flying Anti-ISIS Missions From Iranian Air Base"
    assert "Christopher Garver" in doc.text


def test_oversized_files_are_refused_before_reading(tmp_path, monkeypatch):
    import annotator.core.article as article_module

    path = tmp_path / "big.txt"
    path.write_text("x" * 100, encoding="utf-8")
    monkeypatch.setattr(article_module, "MAX_ARTICLE_BYTES", 99)
    with pytest.raises(FileProblemError, match="100 bytes; files up to 99 bytes"):
        read_article(path)


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        ("“Smart quotes” — and café, naïve, 50€ in Windows-1252.".encode("cp1252"), "“Smart quotes” — and café, naïve, 50€ in Windows-1252."),
        ("Über die Brücke gehen wir, sagte der Minister. Es ist ein schöner Tag.".encode("latin-1"), "Über die Brücke gehen wir, sagte der Minister. Es ist ein schöner Tag."),
        ("A statement\r\nwithout a byte-order mark, in UTF-16.".encode("utf-16-le"), "A statement\nwithout a byte-order mark, in UTF-16."),
    ],
    ids=["cp1252", "latin-1", "utf16-no-bom"],
)
def test_encodings_are_detected(tmp_path, encoded, expected):
    path = tmp_path / "article.txt"
    path.write_bytes(encoded)
    assert read_article(path).text == expected
