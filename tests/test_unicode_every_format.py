"""Both Unicode-hostile projects through every format: each export read the way its reader
would, and each importable one read back, with every span's text intact."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest

from annotator.core.formats import formats, imported_project, read_import, write_export

from . import test_unicode_exchange, unicode_hostile

PROJECTS = {"emoji-and-scripts": test_unicode_exchange.hostile_project, "article-with-details": unicode_hostile.hostile_project}


def _exact(project) -> list[tuple[int, int, str]]:
    return [(a.start, a.end, a.quote.exact) for a in project.documents[0].annotations]


@pytest.mark.parametrize("project_name", PROJECTS)
@pytest.mark.parametrize("name", [n for n, f in formats().items() if f.read])
def test_export_then_import_keeps_every_span(tmp_path, project_name, name):
    project = PROJECTS[project_name]()
    fmt = formats()[name]
    target = tmp_path / f"out{fmt.extension}"
    write_export(target, fmt.write(project))
    article = None
    if name == "w3c":  # the one format that carries no text: the user gives the article
        article = tmp_path / "article.txt"
        article.write_bytes(project.documents[0].text.encode("utf-8"))
    source = next(target.glob("*.ann")) if target.is_dir() else target
    back = imported_project(read_import(fmt, source, article, None))
    assert back.documents[0].text == project.documents[0].text
    assert _exact(back) == _exact(project)


class _Cells(HTMLParser):
    """The text of every link in the report's table: each annotation's quote (the claims'
    fact-checks above the table link to their spans too)."""

    def __init__(self) -> None:
        super().__init__()
        self.quotes: list[str] = []
        self._in: list[str] | None = None
        self._table = False

    def handle_starttag(self, tag, attrs):
        self._table = self._table or tag == "table"
        if self._table and tag == "a" and dict(attrs).get("href", "").startswith("#a-"):
            self._in = []

    def handle_endtag(self, tag):
        if tag == "a" and self._in is not None:
            self.quotes.append("".join(self._in))
            self._in = None
        self._table = self._table and tag != "table"

    def handle_data(self, data):
        if self._in is not None:
            self._in.append(data)


@pytest.mark.parametrize("project_name", PROJECTS)
def test_export_only_formats_carry_every_span_text(project_name):
    project = PROJECTS[project_name]()
    quotes = sorted(a.quote.exact for a in project.documents[0].annotations)
    rows = list(csv.DictReader(io.StringIO(formats()["csv"].write(project).decode("utf-8-sig"))))
    assert sorted(row["quote"] for row in rows) == quotes
    cells = _Cells()
    cells.feed(formats()["html"].write(project).decode("utf-8"))
    assert sorted(cells.quotes) == quotes
    claims = sorted(a.quote.exact for a in project.documents[0].annotations if a.verdict)
    reviews = json.loads(formats()["claimreview"].write(project))
    assert sorted(r["claimReviewed"] for r in reviews) == claims


def test_a_w3c_import_without_the_article_says_how_to_give_it(tmp_path):
    import subprocess
    import sys

    from .conftest import ROOT, SAMPLE

    out = tmp_path / "sample.w3c.json"
    subprocess.run([sys.executable, "-m", "annotator", "export", "-f", "w3c", str(SAMPLE), "-o", str(out)], check=True, cwd=ROOT)
    done = subprocess.run([sys.executable, "-m", "annotator", "import", "-f", "w3c", str(out), "-o", str(tmp_path / "back.annotator.json")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1 and "--article" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("name", ["doccano", "labelstudio"])
def test_status_and_assignee_come_back(name):
    from annotator.core.model import Status

    project = unicode_hostile.hostile_project()
    project.documents[0].status = Status.IN_PROGRESS
    project.documents[0].assignee = "Zoë 👩🏽‍🚀"
    fmt = formats()[name]
    back = fmt.read(fmt.write(project), None, None).documents[0]
    assert (back.status, back.assignee) == (Status.IN_PROGRESS, "Zoë 👩🏽‍🚀")


def test_a_status_that_is_none_of_ours_is_refused_by_name(tmp_path):
    from annotator.core.errors import FileProblemError

    record = {"text": "Some text here.", "label": [], "status": "archived"}
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(FileProblemError) as error:
        read_import(formats()["doccano"], path, None, None)
    assert "line 1, status" in str(error.value) and "archived" in str(error.value)
