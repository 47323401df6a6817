"""A folder as a workspace: summaries, refresh after outside changes, the index and its damage,
search with exact spans, status and assignment."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic_core import from_json
from hypothesis import strategies as st

from annotator.core.errors import Cancelled, ReadOnlyError
from annotator.core.model import SCHEMA_VERSION, Annotation, Document, Metadata, Project, Status, Tag
from annotator.core.anchoring import quote_for
from annotator.core.storage import dump_bytes, dumps, load_project
from annotator.core.workspace import (
    PROJECT_SUFFIX, Workspace, progress_line, project_files, set_status, summary_of_json, summary_of_project,
)
from annotator.core.workspace_index import INDEX_VERSION, split_chunks

from .conftest import ROOT, SAMPLE

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=1)))


def make(text: str, notes: list[tuple[str, str, Tag]] = (), title: str = "T", status: Status = Status.NEW, assignee: str = "",
         author: str = "Ann", docs: int = 1) -> Project:
    """A project whose annotations sit on the first occurrence of each given phrase, with a note."""
    documents = []
    for d in range(docs):
        doc = Document.from_text(text, title=title)
        doc.status, doc.assignee = status, assignee
        anns = []
        for n, (phrase, note, tag) in enumerate(notes):
            start = text.index(phrase)
            anns.append(Annotation(id=f"00000000-0000-4000-8000-{d:04d}{n:08d}", tag=tag, start=start, end=start + len(phrase),
                                   quote=quote_for(text, start, start + len(phrase)), note=note, author=author,
                                   modified_by="Bob" if n % 2 else author, created=WHEN, modified=WHEN + timedelta(minutes=n)))
        doc.annotations = anns
        documents.append(doc)
    return Project(metadata=Metadata(title=title, created=WHEN), documents=documents)


def write(path: Path, project: Project) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(dump_bytes(project))
    return path


@pytest.fixture
def ws(tmp_path) -> Workspace:
    folder = tmp_path / "desk"
    folder.mkdir()
    return Workspace(folder, cache_dir=tmp_path / "cache")


# -- the schema ---------------------------------------------------------------------------


def test_status_labels_and_the_current_schema():
    assert [s.label for s in Status] == ["New", "In progress", "Done", "Reviewed"]
    assert SCHEMA_VERSION == 10


@pytest.mark.parametrize("version", range(1, 8))
def test_old_files_load_as_new_and_unassigned(version):
    project = load_project(ROOT / "tests" / "schema_versions" / f"v{version}.json")
    assert all(d.status is Status.NEW and d.assignee == "" for d in project.documents)


def test_status_and_assignee_round_trip_and_bad_values_are_refused(tmp_path):
    path = write(tmp_path / "a.annotator.json", make("Some text here.", status=Status.IN_PROGRESS, assignee="Zhu Wen"))
    doc = load_project(path).documents[0]
    assert (doc.status, doc.assignee) == (Status.IN_PROGRESS, "Zhu Wen")
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["documents"][0]["status"] = "finished"
    path.write_text(json.dumps(raw), encoding="utf-8")
    from annotator.core.errors import FileProblemError

    with pytest.raises(FileProblemError, match=r"documents\[0\]\.status"):
        load_project(path)


# -- listing and summaries ----------------------------------------------------------------


def test_project_files_recurse_sorted_and_skip_hidden_folders(tmp_path):
    for rel in ["b.annotator.json", "a/c.annotator.json", ".git/d.annotator.json", "x.json", ".e.annotator.json", "a/.hide/f.annotator.json"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("{}")
    assert project_files(tmp_path) == [tmp_path / "a" / "c.annotator.json", tmp_path / "b.annotator.json"]


def test_summary_of_the_sample(ws):
    path = ws.folder / ("sample" + PROJECT_SUFFIX)
    path.write_bytes(SAMPLE.read_bytes())
    [summary] = ws.refresh()
    project = load_project(SAMPLE)
    doc = project.documents[0]
    assert summary.path == path and summary.problem == "" and summary.documents == 1
    assert summary.title == doc.title and summary.outlet == "ABC News" and summary.published == "2016-08-16"
    assert summary.status is Status.NEW and summary.assignee == ""
    assert summary.counts == {t: sum(a.tag is t for a in doc.annotations) for t in Tag}
    assert summary.annotators == ("Sam Checker (sample)",)
    assert summary.last_change == max(a.modified for a in doc.annotations)
    assert summary.text_sha256 == doc.sha256
    assert summary.size == path.stat().st_size and summary.mtime_ns == path.stat().st_mtime_ns


def test_counts_and_annotators_span_every_document(ws):
    write(ws.folder / "m.annotator.json", make("Alpha beta gamma.", [("Alpha", "n", Tag.QUOTE), ("gamma", "", Tag.SOURCE)], docs=2))
    [s] = ws.refresh()
    assert s.documents == 2 and s.counts == {Tag.QUOTE: 2, Tag.SOURCE: 2} and s.annotators == ("Ann", "Bob")


def test_broken_files_are_listed_with_their_problem_and_the_rest_still_read(ws):
    write(ws.folder / "good.annotator.json", make("Good text."))
    (ws.folder / "conflict.annotator.json").write_text("<<<<<<< HEAD\n{}\n=======\n")
    (ws.folder / "newer.annotator.json").write_text(json.dumps({"schema_version": 99, "documents": []}))
    bad = json.loads(dumps(make("Quote test.", [("Quote", "", Tag.CLAIM)])))
    bad["documents"][0]["annotations"][0]["quote"]["exact"] = "Wrong"
    (ws.folder / "quote.annotator.json").write_text(json.dumps(bad))
    by_name = {s.path.name: s for s in ws.refresh()}
    assert by_name["good.annotator.json"].problem == ""
    assert "not valid JSON" in by_name["conflict.annotator.json"].problem
    assert "newer annotator" in by_name["newer.annotator.json"].problem
    # Found by the full check of the second step, as load_project finds it.
    assert "quote.exact is 'Wrong'" in by_name["quote.annotator.json"].problem
    assert all("\n" not in s.problem for s in by_name.values())
    assert {s.path.name: s.problem for s in ws.cached()} == {n: s.problem for n, s in by_name.items()}


def test_progress_line_counts_done_and_reviewed():
    from dataclasses import replace

    base = summary_of_project(make("x y"), Path("a"), 0, 0)
    items = [replace(base, status=s) for s in (Status.NEW, Status.IN_PROGRESS, Status.DONE, Status.REVIEWED)]
    assert progress_line(items) == "2 of 4 done"
    assert progress_line([]) == "0 of 0 done"


_texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), min_size=1, max_size=40).filter(str.strip)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_texts, names=st.lists(st.sampled_from(["", "Ann", "Bob", "Zhu Wen", "Łukasz"]), max_size=4),
       tags=st.lists(st.sampled_from(list(Tag)), max_size=4), status=st.sampled_from(list(Status)), assignee=_texts,
       docs=st.integers(1, 3))
def test_the_quick_summary_agrees_with_the_validated_one(text, names, tags, status, assignee, docs):
    """The list's summary (from the parsed JSON) is what a full load says, for any valid file."""
    project = make(text, status=status, assignee=assignee, docs=docs)
    for d, doc in enumerate(project.documents):
        doc.annotations = [
            Annotation(id=f"00000000-0000-4000-8000-{d:04d}{n:08d}", tag=tag, start=0, end=len(text), quote=quote_for(text, 0, len(text)),
                       author=names[n % len(names)] if names else "", modified_by=names[-1 - n % len(names)] if names else "",
                       created=WHEN, modified=WHEN + timedelta(hours=n) if n % 2 else WHEN.astimezone(timezone.utc))
            for n, tag in enumerate(tags)
        ]
    data = dump_bytes(project)
    quick = summary_of_json(from_json(data), Path("p"), 1, 2)  # as read_summary reads it
    assert quick == summary_of_project(load_project_bytes(data), Path("p"), 1, 2)


def load_project_bytes(data: bytes) -> Project:
    from annotator.core.storage import parse_project

    return parse_project(data)


# -- refresh after outside changes ---------------------------------------------------------


def test_refresh_reads_only_new_and_changed_files_and_drops_deleted(ws, monkeypatch):
    import annotator.core.workspace as workspace

    for n in range(5):
        write(ws.folder / f"a{n}.annotator.json", make(f"Text number {n}.", title=f"A{n}"))
    assert [s.title for s in ws.refresh()] == [f"A{n}" for n in range(5)]
    read: list[Path] = []
    original = workspace.read_summary
    monkeypatch.setattr(workspace, "read_summary", lambda path, *a: (read.append(path), original(path, *a))[1])
    assert len(ws.refresh()) == 5 and read == []

    write(ws.folder / "sub" / "new.annotator.json", make("A new article.", title="New"))
    (ws.folder / "a1.annotator.json").unlink()
    changed = ws.folder / "a2.annotator.json"
    before = changed.stat()
    write(changed, make("Text number 9.", title="A9"))  # the same size: only the time tells
    assert changed.stat().st_size == before.st_size
    os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    titles = [s.title for s in ws.refresh()]
    assert titles == ["A0", "A9", "A3", "A4", "New"]
    assert sorted(p.name for p in read) == ["a2.annotator.json", "new.annotator.json"]
    assert [s.title for s in ws.cached()] == titles
    assert ws.search("number 9")[0].path == changed and ws.search("number 1") == []


def test_a_file_edited_outside_is_searchable_in_its_new_words(ws):
    path = write(ws.folder / "x.annotator.json", make("The minister spoke."))
    ws.refresh()
    assert ws.search("minister") and not ws.search("president")
    write(path, make("The president spoke at length."))
    ws.refresh()
    assert ws.search("president") and not ws.search("minister")


def test_summary_rereads_one_file_at_once(ws):
    path = write(ws.folder / "x.annotator.json", make("Alpha words."))
    ws.refresh()
    set_status(path, Status.DONE, "Kemal")
    s = ws.summary(path)
    assert (s.status, s.assignee) == (Status.DONE, "Kemal")
    assert [(c.status, c.assignee) for c in ws.cached()] == [(Status.DONE, "Kemal")]


def test_a_warm_open_needs_no_project_file(ws, tmp_path):
    write(ws.folder / "x.annotator.json", make("Warm words.", title="Warm"))
    ws.refresh()
    ws.close()
    again = Workspace(ws.folder, cache_dir=tmp_path / "cache")
    os.chmod(ws.folder / "x.annotator.json", 0)  # unreadable: cached() must not need it
    try:
        assert [s.title for s in again.cached()] == ["Warm"]
        assert again.search("warm")[0].start == 0
    finally:
        os.chmod(ws.folder / "x.annotator.json", 0o644)


def test_listed_comes_before_the_text_is_indexed_and_cancel_keeps_the_work(ws):
    for n in range(4):
        write(ws.folder / f"a{n}.annotator.json", make(f"Words {n} here.", title=f"A{n}"))
    seen = []
    ws.refresh(listed=lambda items: seen.append((len(items), ws.search("here"))))
    assert seen == [(4, [])]
    calls = []
    write(ws.folder / "b.annotator.json", make("Bee text."))
    with pytest.raises(Cancelled):
        ws.refresh(progress=lambda d, t: calls.append((d, t)), cancelled=lambda: bool(calls))
    assert len(ws.cached()) == 4 or len(ws.cached()) == 5
    assert len(ws.refresh()) == 5 and ws.search("bee")


def test_the_index_lives_in_the_cache_never_in_the_workspace(tmp_path, monkeypatch):
    folder = tmp_path / "desk"
    folder.mkdir()
    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(tmp_path / "c"))
    ws = Workspace(folder)
    write(folder / "x.annotator.json", make("Text."))
    ws.refresh()
    assert ws.index_path.parent == tmp_path / "c" / "workspaces" and ws.index_path.exists()
    assert sorted(p.name for p in folder.iterdir()) == ["x.annotator.json"]
    inside = Workspace(folder, cache_dir=folder / ".cache")  # a home folder as a workspace holds the user cache
    assert not inside.index_path.is_relative_to(folder) and inside.index_path.parent.name == "annotator-workspaces"
    with pytest.raises(ValueError, match="inside the workspace"):
        Workspace(Path("/"), cache_dir=Path("/") / "cache")


# -- a damaged index is rebuilt -----------------------------------------------------------


def _damage_cases():
    def garbage(p: Path) -> None:
        p.write_bytes(b"this is not a database at all" * 100)

    def truncated(p: Path) -> None:
        data = p.read_bytes()
        p.write_bytes(data[: len(data) // 3])

    def wrong_version(p: Path) -> None:
        with sqlite3.connect(p) as conn:
            conn.execute(f"PRAGMA user_version = {INDEX_VERSION + 5}")

    def other_folder(p: Path) -> None:
        with sqlite3.connect(p) as conn:
            conn.execute("UPDATE meta SET value = '/elsewhere'")

    def lying_rows(p: Path) -> None:  # a summary that is not JSON
        with sqlite3.connect(p) as conn:
            conn.execute("UPDATE files SET summary = 'x{'")

    def deleted(p: Path) -> None:
        p.unlink()

    def a_folder_in_its_place(p: Path) -> None:
        p.unlink()
        p.mkdir()
        (p / "something").write_text("not ours")

    return [garbage, truncated, wrong_version, other_folder, lying_rows, deleted, a_folder_in_its_place]


@pytest.mark.parametrize("damage", _damage_cases(), ids=lambda f: f.__name__)
def test_a_damaged_or_missing_index_is_rebuilt_never_trusted(tmp_path, damage):
    folder = tmp_path / "desk"
    for n in range(30):
        write(folder / f"a{n:02}.annotator.json", make(f"Paragraph {n} about ministers.\n\n" * 40, [("ministers", f"note {n} Reuters", Tag.SOURCE)], title=f"A{n}"))
    ws = Workspace(folder, cache_dir=tmp_path / "cache")
    expected = ws.refresh()
    ws.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{ws.index_path}{suffix}").unlink(missing_ok=True)
    damage(ws.index_path)
    again = Workspace(folder, cache_dir=tmp_path / "cache")
    cached = again.cached()
    assert cached in ([], expected)
    assert again.refresh() == expected
    assert len(again.search("reuters")) == 30 and again.cached() == expected
    with sqlite3.connect(again.index_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == INDEX_VERSION


def test_ten_thousand_tiny_files(tmp_path):
    """Tiny projects written directly as JSON: listing, a warm refresh that reads none, search."""
    folder = tmp_path / "many"
    template = json.loads(dumps(make("Tiny article number N.", [("Tiny", "note N", Tag.CLAIM)])))
    doc = template["documents"][0]
    for n in range(10_000):
        sub = folder / f"d{n // 1000}"
        if n % 1000 == 0:
            sub.mkdir(parents=True)
        text = f"Tiny article number {n}."
        doc["text"] = text
        doc["sha256"] = __import__("hashlib").sha256(text.encode()).hexdigest()
        doc["title"] = f"T{n}"
        doc["annotations"][0]["note"] = f"note {n}"
        doc["annotations"][0]["quote"]["suffix"] = text[4:]
        (sub / f"t{n:05}.annotator.json").write_text(json.dumps(template), encoding="utf-8")
    ws = Workspace(folder, cache_dir=tmp_path / "cache")
    summaries = ws.refresh()
    assert len(summaries) == 10_000 and all(s.problem == "" for s in summaries)
    assert summaries[1234].title == "T1234" and summaries[1234].counts == {Tag.CLAIM: 1}
    [hit] = ws.search("number 9876")
    assert (hit.path.name, hit.start, hit.end) == ("t09876.annotator.json", 13, 24)
    [note] = ws.search("note 4321")
    assert (note.kind, note.start, note.end) == ("note", 0, 4)
    assert len(ws.search("tiny", limit=50)) == 50
    assert len(Workspace(folder, cache_dir=tmp_path / "cache").cached()) == 10_000


# -- search --------------------------------------------------------------------------------


TEXT = ("Die Straße in Berlin war gesperrt, sagte der Polizist.\n\n"
        "新华社报道说，部长周二在东京发表讲话。\n\n"
        "An emoji 😀 before the Minister's statement: the MINISTER denied it.")


def test_search_finds_text_with_exact_code_point_spans_ignoring_case(ws):
    path = write(ws.folder / "a.annotator.json", make(TEXT, [("Polizist", "Laut Agentur STRASSE gesperrt", Tag.SOURCE)]))
    ws.refresh()
    for query, word in [("straße", "Straße"), ("STRASSE", None), ("新华社", "新华社"), ("部长", "部长"), ("东京", "东京"),
                        ("minister", "Minister"), ("denied", "denied"), ("Berlin war", "Berlin war")]:
        hits = [h for h in ws.search(query) if h.kind == "text"]
        if word is None:
            assert hits == []
            continue
        assert hits, query
        assert all(h.path == path and h.document == 0 for h in hits)
        assert all(TEXT[h.start:h.end].casefold() == query.casefold() for h in hits), query
        assert TEXT[hits[0].start:hits[0].end] == word
        assert "\n" not in hits[0].snippet and query.casefold() in hits[0].snippet.casefold()
    assert [TEXT[h.start:h.end] for h in ws.search("minister")] == ["Minister", "MINISTER"]


def test_search_finds_notes_at_their_annotation(ws):
    project = make(TEXT, [("Polizist", "Laut Agentur Straße gesperrt", Tag.SOURCE), ("东京", "东京 是 首都", Tag.CLAIM)])
    write(ws.folder / "a.annotator.json", project)
    ws.refresh()
    [note] = [h for h in ws.search("agentur") if h.kind == "note"]
    ann = project.documents[0].annotations[0]
    assert (note.start, note.end, note.annotation_id) == (ann.start, ann.end, ann.id)
    assert "Agentur" in note.snippet
    kinds = sorted(h.kind for h in ws.search("东京"))
    assert kinds == ["note", "text"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=30) | st.sampled_from(['"', '"unterminated', "a*", "*", "AND", "a AND (b", "NEAR(a b)", "OR OR", "(", "^x", "col:x", "-x", "a + b"]))
def test_any_query_is_safe(ws, query):
    if not (ws.folder / "a.annotator.json").exists():
        write(ws.folder / "a.annotator.json", make(TEXT))
        ws.refresh()
    for hit in ws.search(query):
        assert 0 <= hit.start < hit.end <= len(TEXT)


@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=7000), size=st.integers(10, 3000))
def test_chunks_cover_the_text_in_order(text, size):
    pieces = list(split_chunks(text, size))
    assert "".join(p for _, p in pieces) == text
    assert [s for s, _ in pieces] == [sum(len(p) for _, p in pieces[:n]) for n in range(len(pieces))]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.text(st.characters(whitelist_categories=("Ll", "Lu", "Lo", "Nd")), min_size=1, max_size=8), min_size=1, max_size=40),
       pick=st.integers(0, 39))
def test_every_word_of_a_text_is_found_where_it_is(tmp_path_factory, words, pick):
    folder = tmp_path_factory.mktemp("w")
    text = " ".join(words)
    write(folder / "a.annotator.json", make(text))
    ws = Workspace(folder, cache_dir=folder.parent / (folder.name + "-cache"))
    ws.refresh()
    word = words[pick % len(words)]
    hits = ws.search(word, limit=10_000)
    assert hits
    # "Ignoring case" is Python's: each hit is the word under re.IGNORECASE, which also finds
    # "İstanbul" for "istanbul" (U+0130 folds to i there, while str.casefold gives "i̇").
    assert all(re.fullmatch(re.escape(word), text[h.start:h.end], re.IGNORECASE) for h in hits)
    starts = {h.start for h in hits}
    position = sum(len(w) + 1 for w in words[: pick % len(words)])
    assert position in starts or any(s < position < s + len(word) for s in starts) or word.casefold() != word.lower()
    ws.close()


# -- status and assignment -----------------------------------------------------------------


def test_set_status_changes_only_those_fields_atomically(tmp_path):
    path = write(tmp_path / "a.annotator.json", make(TEXT, [("Polizist", "n", Tag.SOURCE)], docs=2))
    before = path.read_text(encoding="utf-8")
    summary = set_status(path, Status.IN_PROGRESS, "Zhu Wen")
    after = path.read_text(encoding="utf-8")
    expected = before.replace('"status": "new",\n      "assignee": ""', '"status": "in progress",\n      "assignee": "Zhu Wen"')
    assert expected.count("Zhu Wen") == 2 and after == expected
    assert (summary.status, summary.assignee) == (Status.IN_PROGRESS, "Zhu Wen")
    assert (tmp_path / "a.annotator.json.bak").read_text(encoding="utf-8") == before  # save_project's way: atomic, with a backup
    set_status(path, status=Status.REVIEWED)
    doc = load_project(path).documents[1]
    assert (doc.status, doc.assignee) == (Status.REVIEWED, "Zhu Wen")
    set_status(path, assignee="")
    assert load_project(path).documents[0].assignee == ""


def test_set_status_refuses_read_only_files_and_bad_names(tmp_path):
    path = write(tmp_path / "a.annotator.json", make("Text."))
    os.chmod(path, stat.S_IRUSR)
    before = path.read_bytes()
    try:
        with pytest.raises(ReadOnlyError):
            set_status(path, Status.DONE)
    finally:
        os.chmod(path, 0o644)
    assert path.read_bytes() == before
    with pytest.raises(ValueError, match="NUL"):
        set_status(path, assignee="a\x00b")
    assert path.read_bytes() == before


# -- hostile names and contents, threads ----------------------------------------------------


def test_hostile_contents_and_names_are_listed_not_fatal(ws):
    good = write(ws.folder / "good.annotator.json", make("Good words."))
    data = json.loads(good.read_text(encoding="utf-8"))
    data["documents"][0]["title"] = "\ud800"
    (ws.folder / "surrogate.annotator.json").write_text(json.dumps(data), encoding="ascii")  # a "\ud800" escape
    nameless = os.fsdecode(b"bad-\xff.annotator.json")
    (ws.folder / nameless).write_bytes(good.read_bytes())
    (ws.folder / "deep.annotator.json").write_text('{"schema_version": 8, "documents": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (ws.folder / "folder.annotator.json").mkdir()
    by_name = {s.path.name: s for s in ws.refresh()}
    assert by_name["good.annotator.json"].problem == ""
    assert "lone surrogate" in by_name["surrogate.annotator.json"].problem
    assert "not valid UTF-8" in by_name[nameless].problem
    assert by_name["deep.annotator.json"].problem
    assert "folder.annotator.json" not in by_name  # a folder is no project file
    assert {s.path.name for s in ws.cached()} == set(by_name) - {nameless}
    assert [h.path.name for h in ws.search("good")] == ["good.annotator.json"]


def test_refresh_on_a_worker_thread_while_the_list_and_search_are_used(ws):
    import threading

    for n in range(60):
        write(ws.folder / f"a{n:02}.annotator.json", make(f"Thread words {n}.\n\n" * 30, [("Thread", f"note {n}", Tag.CLAIM)], title=f"A{n}"))
    ws.refresh()
    for n in range(0, 60, 2):
        write(ws.folder / f"a{n:02}.annotator.json", make(f"Changed words {n}.\n\n" * 30, title=f"C{n}"))
    errors: list[BaseException] = []

    def work():
        try:
            ws.refresh()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    while worker.is_alive():
        assert len(ws.cached()) == 60
        ws.search("words")
    worker.join()
    assert errors == []
    assert sorted(s.title for s in ws.cached()) == sorted([f"C{n}" for n in range(0, 60, 2)] + [f"A{n}" for n in range(1, 60, 2)])
    assert len({h.path for h in ws.search("changed", limit=10_000)}) == 30


def test_a_file_that_cannot_be_read_is_listed_with_why_not_left_out(ws):
    write(ws.folder / "good.annotator.json", make("A readable article about ministers.", title="Good"))
    (ws.folder / "dangling.annotator.json").symlink_to(ws.folder / "nowhere.annotator.json")
    summaries = {s.path.name: s for s in ws.refresh()}
    assert set(summaries) == {"good.annotator.json", "dangling.annotator.json"}
    assert summaries["good.annotator.json"].problem == ""
    assert "cannot read the file" in summaries["dangling.annotator.json"].problem
