"""`annotator stats/export/validate FOLDER`: the whole workspace, broken files named, the rest kept."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import Status, Tag
from annotator.core.storage import load_project
from annotator.core.workspace import set_status

from .conftest import ROOT, SAMPLE

COLLEAGUE = ROOT / "projects" / "russian-bombers-iran.colleague.annotator.json"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


@pytest.fixture
def desk(tmp_path) -> Path:
    folder = tmp_path / "desk"
    (folder / "team").mkdir(parents=True)
    (folder / "mine.annotator.json").write_bytes(SAMPLE.read_bytes())
    (folder / "team" / "theirs.annotator.json").write_bytes(COLLEAGUE.read_bytes())
    (folder / "broken.annotator.json").write_text('{"schema_version": 8, "documents": [', encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "old.annotator.json").write_text("ignored", encoding="utf-8")
    set_status(folder / "mine.annotator.json", Status.DONE, "Sam")
    return folder


def test_validate_folder_lists_every_problem_by_file(desk):
    result = run("validate", str(desk))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"{desk / 'broken.annotator.json'}: not valid JSON: Expecting value at line 1, column 37"]
    assert result.stdout.strip() == f"{desk}: 3 project files, 1 with problems"
    (desk / "broken.annotator.json").unlink()
    ok = run("validate", str(desk))
    assert ok.returncode == 0 and ok.stdout.strip() == f"{desk}: 2 project files, all OK" and ok.stderr == ""


def test_stats_folder(desk):
    result = run("stats", "--json", str(desk))
    assert result.returncode == 1  # a broken file: named, the rest counted
    data = json.loads(result.stdout)
    mine, theirs = load_project(desk / "mine.annotator.json"), load_project(desk / "team" / "theirs.annotator.json")
    anns = mine.documents[0].annotations + theirs.documents[0].annotations
    assert data["articles"] == 2 and data["progress"] == "1 of 2 done"
    assert data["status"] == {"new": 1, "in progress": 0, "done": 1, "reviewed": 0}
    assert data["assignees"] == {"(nobody)": 1, "Sam": 1}
    assert data["tags"] == {t.value: sum(a.tag is t for a in anns) for t in Tag}
    assert data["annotations"] == len(anns)
    assert data["annotators"] == {"Alex Reviewer (sample)": 1, "Sam Checker (sample)": 1}
    assert data["outlets"] == {"ABC News": 2}
    assert list(data["problems"]) == [str(desk / "broken.annotator.json")]
    assert "broken.annotator.json: not valid JSON" in result.stderr
    text = run("stats", str(desk))
    assert "2 articles, 1 of 2 done" in text.stdout and "done 1" in text.stdout and "ABC News 2" in text.stdout


def test_export_doccano_and_labelstudio_one_per_article(desk, tmp_path):
    result = run("export", "-f", "doccano", str(desk), "-o", str(tmp_path / "all.jsonl"))
    assert result.returncode == 1 and "broken.annotator.json" in result.stderr and "exported 2 project files" in result.stderr
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and {json.loads(line)["title"] for line in lines} == {load_project(SAMPLE).documents[0].title}
    run("export", "-f", "labelstudio", str(desk), "-o", str(tmp_path / "ls.json"))
    tasks = json.loads((tmp_path / "ls.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in tasks] == [1, 2] and all(t["data"]["text"] for t in tasks)


def test_export_w3c_is_one_collection(desk, tmp_path):
    run("export", "-f", "w3c", str(desk), "-o", str(tmp_path / "all.json"))
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    from annotator.core.formats.w3c import item_count  # each annotation, each of its links, the article's verdict

    total = sum(item_count(load_project(p).documents[0]) for p in (desk / "mine.annotator.json", desk / "team" / "theirs.annotator.json"))
    assert data["type"] == "AnnotationCollection" and data["total"] == total == len(data["first"]["items"])


def test_export_csv_has_file_status_and_assignee_columns(desk, tmp_path):
    result = run("export", "-f", "csv", str(desk))
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[0][:8] == ["file", "document", "outlet", "byline", "published", "source_url", "status", "assignee"]
    files = {(r[0], r[6], r[7]) for r in rows[1:]}
    assert files == {("mine.annotator.json", "done", "Sam"), ("team/theirs.annotator.json", "new", "")}


def test_export_html_index_and_one_report_each(desk, tmp_path):
    out = tmp_path / "site"
    result = run("export", "-f", "html", str(desk), "-o", str(out))
    assert result.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "mine.html", "team--theirs.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="mine.html"' in index and 'href="team--theirs.html"' in index and "1 of 2 done" in index
    assert "<td>Done</td><td>Sam</td>" in index and "<script" not in index
    assert run("export", "-f", "html", str(desk)).returncode == 1  # several files need -o


def test_export_claimreview_leaves_out_projects_without_publishing_details(desk, tmp_path):
    result = run("export", "-f", "claimreview", str(desk), "-o", str(tmp_path / "cr.json"))
    assert "left out: ClaimReview needs publishing details" in result.stderr
    drafts = run("export", "-f", "claimreview", "--draft", str(desk), "-o", str(tmp_path / "drafts.json"))
    reviews = json.loads((tmp_path / "drafts.json").read_text(encoding="utf-8"))
    assert drafts.returncode == 1 and reviews and all(r["@type"] == "ClaimReview" for r in reviews)


def test_a_project_file_still_exports_as_before(tmp_path):
    result = run("export", "-f", "doccano", str(SAMPLE))
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 1
