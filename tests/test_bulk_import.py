"""Adding many articles to a workspace: added, duplicates and refused files, names, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.bulk_import import MAX_SLUG, import_articles, slug
from annotator.core.storage import load_project
from annotator.core.workspace import PROJECT_SUFFIX, Workspace, project_files

from .conftest import ARTICLE
from .test_article_formats import PAGE


@pytest.fixture
def sources(tmp_path) -> Path:
    folder = tmp_path / "incoming"
    (folder / "more").mkdir(parents=True)
    (folder / "bombers.html").write_text(PAGE, encoding="utf-8")
    (folder / "notes.md").write_text("# Straße closed\n\nThe *Straße* in Berlin was closed on Monday, the police said.\n", encoding="utf-8")
    (folder / "more" / "plain.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "more" / "again.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")  # a duplicate in the batch
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 this is no zip")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "ignored.json").write_text("{}", encoding="utf-8")  # not an article kind: not looked at
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "secret.txt").write_text("not imported", encoding="utf-8")
    return folder


def test_a_folder_of_mixed_files(sources, tmp_path):
    desk = tmp_path / "desk"
    result = import_articles([sources], desk, author="Dana")
    names = sorted(p.name for p in result.added)
    assert names == sorted([
        "russian-bombers-fly-from-an-iranian-base" + PROJECT_SUFFIX,
        "strasse-closed" + PROJECT_SUFFIX,
        "russian-bombers-are-flying-anti-isis-missions-from-iranian" + PROJECT_SUFFIX,
    ])
    assert project_files(desk) == sorted(result.added)
    [(dup_source, dup_of)] = result.duplicates
    assert dup_source == sources / "more" / "plain.txt" or dup_source == sources / "more" / "again.txt"
    assert dup_of in result.added
    refused = {p.name: reason for p, reason in result.refused}
    assert set(refused) == {"broken.docx", "empty.txt"}
    assert "Word document" in refused["broken.docx"] and "empty" in refused["empty.txt"]
    assert not result.cancelled
    for path in result.added:
        project = load_project(path)
        assert project.metadata.description.endswith("by Dana") and project.metadata.title == project.documents[0].title


def test_articles_already_in_the_workspace_are_reported_not_added(sources, tmp_path):
    desk = tmp_path / "desk"
    first = import_articles([sources / "notes.md"], desk)
    renamed = desk / "sub" / "mine.annotator.json"
    renamed.parent.mkdir()
    first.added[0].rename(renamed)  # found anywhere in the workspace, whatever its name
    again = import_articles([sources / "notes.md", sources / "bombers.html"], desk)
    assert again.duplicates == [(sources / "notes.md", renamed)]
    assert [p.name for p in again.added] == ["russian-bombers-fly-from-an-iranian-base" + PROJECT_SUFFIX]


def test_names_are_unique_and_nothing_is_overwritten(tmp_path):
    desk = tmp_path / "desk"
    desk.mkdir()
    taken = desk / ("same-title" + PROJECT_SUFFIX)
    taken.write_text("not even a project", encoding="utf-8")
    files = []
    for n in range(3):
        f = tmp_path / f"s{n}.txt"
        f.write_text(f"Same title\n\nBut a different body, number {n}.", encoding="utf-8")
        files.append(f)
    result = import_articles(files, desk)
    assert [p.name for p in result.added] == [f"same-title-{n}{PROJECT_SUFFIX}" for n in (2, 3, 4)]
    assert taken.read_text(encoding="utf-8") == "not even a project"


def test_cancel_stops_between_files_and_keeps_what_was_added(tmp_path):
    files = []
    for n in range(5):
        f = tmp_path / f"a{n}.txt"
        f.write_text(f"Article {n}\n\nBody {n}.", encoding="utf-8")
        files.append(f)
    steps = []
    result = import_articles(files, tmp_path / "desk", progress=lambda d, t: steps.append((d, t)), cancelled=lambda: len(steps) >= 2)
    assert result.cancelled and len(result.added) == 2 and steps == [(1, 5), (2, 5)]
    assert project_files(tmp_path / "desk") == sorted(result.added)


def test_known_summaries_save_a_refresh(sources, tmp_path):
    desk = tmp_path / "desk"
    ws = Workspace(desk) if desk.exists() else None
    assert ws is None
    result = import_articles([sources / "notes.md"], desk, summaries=[])
    assert len(result.added) == 1
    summaries = Workspace(desk).refresh()
    again = import_articles([sources / "notes.md"], desk, summaries=summaries)
    assert again.duplicates == [(sources / "notes.md", result.added[0])]


@given(st.text(max_size=300))
def test_slugs_are_short_safe_names(title):
    name = slug(title, "fallback file")
    assert 0 < len(name) <= MAX_SLUG + len("-article")
    assert all(ch.isalnum() or ch == "-" for ch in name) and not name.startswith("-") and not name.endswith("-")
    assert name.lower() not in {"con", "nul", "aux", "prn"}


def test_slug_examples():
    assert slug("Russian Bombers: Are Flying?!") == "russian-bombers-are-flying"
    assert slug("新华社报道") == "新华社报道"
    assert slug("???", "my file") == "my-file"
    assert slug("", "") == "article"
    assert slug("CON") == "con-article"


def test_a_file_name_that_is_not_utf8_neither_stops_the_batch_nor_loses_the_report(tmp_path):
    import os

    from annotator.core.bulk_import import import_articles
    from annotator.core.storage import load_project

    sources = tmp_path / "src"
    sources.mkdir()
    odd = os.fsdecode(b"\xff\xfe-report.txt")
    (sources / odd).write_bytes(b"A headline\n\n" + b"Some words in an article about a bridge. " * 20)
    (sources / "plain.txt").write_bytes(b"Another headline\n\n" + b"Other words in another article here. " * 20)
    result = import_articles([sources], tmp_path / "ws", author="me")
    assert len(result.added) == 2 and result.refused == []
    descriptions = sorted(load_project(path).metadata.description for path in result.added)
    assert any("\\xff\\xfe-report.txt" in d for d in descriptions)
