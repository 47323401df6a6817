"""`annotator agreement A B C…`: tables, JSON, the HTML section, and inputs that can't be read."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.agreement import agreement
from annotator.core.agreement_multi import agreement_of_inputs
from annotator.core.links import drop_dangling
from annotator.core.model import Tag
from annotator.core.storage import load_project, save_project

from .conftest import ROOT, SAMPLE

COLLEAGUE = ROOT / "projects" / "russian-bombers-iran.colleague.annotator.json"


@pytest.fixture
def third(tmp_path) -> Path:
    """A third person's work on the sample article, in a folder: the sample less every third
    annotation, with every fifth retagged as unverified."""
    project = load_project(SAMPLE)
    doc = project.documents[0]
    kept = [a for n, a in enumerate(doc.annotations) if n % 3]
    for n, a in enumerate(kept):
        a.author = "Third <b>Person</b>"
        if n % 5 == 0:
            a.tag = Tag.UNVERIFIED
    doc.annotations = kept
    drop_dangling(doc)  # the sample's links to what the third person left out
    folder = tmp_path / "third"
    folder.mkdir()
    save_project(project, folder / "work.annotator.json")
    return folder


def run(capsys, *args) -> tuple[int, str, str]:
    status = main(["agreement", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def test_three_annotators_as_text(capsys, third):
    status, out, err = run(capsys, SAMPLE, COLLEAGUE, third)
    assert status == 0, err
    assert "Agreement of 3 annotators over 1 article" in out
    assert "Sam Checker (sample)" in out and "Alex Reviewer (sample)" in out and "Third <b>Person</b>" in out
    for heading in ("Span F1, exact matching", "Span F1, overlap matching", "Cohen's kappa over characters", "Per article"):
        assert heading in out
    # the A-B cell of the kappa matrix is the review's kappa
    two = agreement(load_project(SAMPLE).documents[0].text, load_project(SAMPLE).documents[0].annotations,
                    load_project(COLLEAGUE).documents[0].annotations)
    kappa_rows = out.split("Cohen's kappa over characters")[1].splitlines()
    assert kappa_rows[2].split()[:2] == ["A", f"{two.kappa[None]:.3f}"]


def test_json_matches_the_core(capsys, third):
    status, out, _err = run(capsys, SAMPLE, COLLEAGUE, third, "--json")
    assert status == 0
    data = json.loads(out)
    result, problems = agreement_of_inputs([SAMPLE, COLLEAGUE, third])
    assert not problems
    assert data["overall"]["overall"]["alpha"] == pytest.approx(result.overall[None].alpha, abs=1e-12)
    assert data["overall"]["claim"]["fleiss_kappa"] == pytest.approx(result.overall[Tag.CLAIM].fleiss, abs=1e-12)
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [
        ("Sam Checker (sample)", "Alex Reviewer (sample)"), ("Sam Checker (sample)", "Third <b>Person</b>"),
        ("Alex Reviewer (sample)", "Third <b>Person</b>"),
    ]
    assert data["pairs"][0]["articles"] == 1 and data["problems"] == [] and data["incomplete"] == []
    assert 0 < data["overall"]["overall"]["alpha"] < 1


def test_unreadable_input_is_named_and_the_rest_used(capsys, tmp_path):
    broken = tmp_path / "broken.annotator.json"
    broken.write_text('{"schema_version": 8, "documents": [', encoding="utf-8")
    status, out, err = run(capsys, SAMPLE, COLLEAGUE, broken)
    assert status == 1
    assert str(broken) in err and "Traceback" not in err
    assert "Agreement of 2 annotators" in out


def test_too_few_readable_inputs(capsys, tmp_path):
    missing = tmp_path / "nowhere.annotator.json"
    status, out, err = run(capsys, SAMPLE, missing)
    assert status == 1 and out == ""
    assert str(missing) in err and "at least two annotators" in err
    status, _out, err = run(capsys, SAMPLE)
    assert status == 2 and "at least two inputs" in err


def test_articles_not_everyone_has(capsys, third):
    from annotator.core.model import Document

    other = load_project(SAMPLE)
    other.documents = [Document.from_text("Another story entirely, about something else.", title="Another story")]
    save_project(other, third / "another.annotator.json")
    status, out, _err = run(capsys, SAMPLE, COLLEAGUE, third, "--json")
    assert status == 0
    data = json.loads(out)
    assert data["incomplete"] == [{"title": "Another story", "missing": ["Sam Checker (sample)", "Alex Reviewer (sample)"]}]
    status, out, _err = run(capsys, SAMPLE, COLLEAGUE, third)
    assert "Another story: missing from Sam Checker (sample), Alex Reviewer (sample)" in out


class Cells(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.text: list[str] = []
        self.scripts = 0
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"

    def handle_data(self, data):
        self.text.append(data)


def test_html_report_with_agreement(capsys, tmp_path, third):
    out_file = tmp_path / "report.html"
    status, _out, err = run(capsys, SAMPLE, COLLEAGUE, third, "--html", out_file)
    assert status == 0, err
    page = out_file.read_text(encoding="utf-8")
    assert page.count('<section id="agreement">') == 1
    assert "<mark" in page  # the first input's own report comes first
    parsed = Cells(page)
    assert parsed.scripts == 0 and "Third <b>Person</b>" in "".join(parsed.text)  # escaped, shown as typed
    result, _ = agreement_of_inputs([SAMPLE, COLLEAGUE, third])
    assert f"{result.overall[None].alpha:.3f}" in page
    assert "Cohen's kappa on verdicts" in page
    verdicts = [p["verdicts"] for p in json.loads(run(capsys, SAMPLE, COLLEAGUE, third, "--json")[1])["pairs"]]
    for v in verdicts:  # each pair's kappa with its number of claims, or that number as too few
        assert (f"{v['kappa']:.3f} ({v['claims_rated_by_both']})" if v["enough"] else f"— ({v['claims_rated_by_both']}, too few)") in page
    # a folder first: the agreement alone
    alone = tmp_path / "alone.html"
    status, _out, _err = run(capsys, third, SAMPLE, "--html", alone)
    page = alone.read_text(encoding="utf-8")
    assert status == 0 and "<mark" not in page and '<section id="agreement">' in page and "Content-Security-Policy" in page


def test_report_without_agreement_is_unchanged():
    from annotator.core.formats.html_report import write

    project = load_project(SAMPLE)
    assert 'id="agreement"' not in write(project).decode("utf-8")
