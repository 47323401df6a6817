"""The HTML report read as a reader sees it: whose each review comment is, and the article's
title printed once."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

from annotator.core.formats import formats
from annotator.core.model import Comment, Metadata, ReviewStatus, Tag
from annotator.core.storage import load_project

from .conftest import SAMPLE
from .factories import WHEN, project

TEXT = "Officials said the base was used. Critics doubt it."


class Page(HTMLParser):
    """The visible text of a page outside the annotation table and the fact-check's quotes of
    spans (the list of claims, each claim's quote and its linked spans' quotes; not <title>,
    <style> or attributes), its headings, and the text of the table's cells, by row."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.visible: list[str] = []
        self.headings: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "meta", "link", "img", "hr"):  # void elements: no end tag follows
            return
        self.stack.append(tag)
        if tag == "tr":
            self.rows.append([])
        if tag == "td":
            self._cell = []

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if "title" in self.stack or "style" in self.stack:
            return
        if not {"table", "nav", "blockquote", "q"} & set(self.stack):  # these quote spans: not the page's text
            self.visible.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self.stack and self.stack[-1] in ("h1", "h2", "h3"):
            self.headings.append(data)

    def text(self) -> str:
        return "".join(self.visible)


def report(p) -> Page:
    return Page(formats()["html"].write(p).decode("utf-8"))


def test_each_review_comment_names_its_author_and_time():
    p = project(TEXT, [(0, 33, Tag.CLAIM)])
    ann = p.documents[0].annotations[0]
    later = WHEN + timedelta(days=1, hours=2)
    p.documents[0].annotations[0] = ann.model_copy(update={"comments": [
        Comment(author="Rita Reviewer", time=WHEN, text="Their tag fits.", status=ReviewStatus.ACCEPTED),
        Comment(author="Sam Second", time=later, text="I still doubt it."),
    ]})
    page = report(p)
    review = [row for row in page.rows if row][0][-1]  # the Review column of the annotation's row
    first, second = review.split("I still doubt it.")
    assert "accepted" in first and "Their tag fits." in first
    assert "Rita Reviewer" in first and WHEN.strftime("%Y-%m-%d %H:%M") in first
    assert "Sam Second" in second and later.strftime("%Y-%m-%d %H:%M") in second
    assert "Rita Reviewer" not in second


def test_a_one_article_project_named_after_its_article_prints_the_title_once():
    p = project(TEXT, [(0, 33, Tag.CLAIM)])
    p.metadata = Metadata(title="Title", created=WHEN)  # the article's title too, as imports name it
    page = report(p)
    assert page.headings.count("Title") == 1
    assert page.text().count("Title") == 1


def test_an_article_opening_with_its_headline_shows_it_once():
    p = load_project(SAMPLE)
    headline = p.documents[0].title
    assert p.documents[0].text.startswith(headline)
    page = report(p)
    assert page.text().count(headline) == 1  # the article's own first line
    assert p.metadata.title in page.headings  # the project's own title stays the page's heading


def test_several_articles_keep_their_headings():
    p = project(TEXT, [(0, 33, Tag.CLAIM)])
    other = project("Another article. With text.", [])
    other.documents[0].title = "Another"
    p.documents.append(other.documents[0].model_copy(update={"id": "22222222-2222-4222-8222-222222222222"}))
    page = report(p)
    assert "Title" in page.headings and "Another" in page.headings
