"""Export and import: round trips on random Unicode, the W3C shape, real files from other tools, CSV."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.formats import formats, parse_mapping
from annotator.core.model import Annotation, Document, Metadata, Project, Tag
from annotator.core.storage import load_project

from .conftest import ROOT, SAMPLE, SHARED
from .factories import annotation

TEXTS = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\r\x00"), min_size=1, max_size=60)


def fields(anns):
    return [(a.id, a.tag, a.start, a.end, a.quote, a.note, a.author, a.created, a.modified, a.modified_by) for a in anns]


@st.composite
def projects(draw):
    text = draw(st.one_of(TEXTS, st.just("Emoji 😀 before 中文 and שלום, e\u0301.")))
    anns = []
    for n in range(draw(st.integers(0, 5))):
        a = draw(st.integers(0, len(text) - 1))
        b = draw(st.integers(a + 1, len(text)))
        when = datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=draw(st.integers(-12, 12))))) + timedelta(minutes=n)
        ann = annotation(text, a, b, draw(st.sampled_from(list(Tag))), n, note=draw(st.text(max_size=20).filter(lambda t: "\x00" not in t)))
        anns.append(ann.model_copy(update={
            "author": draw(st.sampled_from(["", "Ana", "Zoë 😀"])), "created": when, "modified": when,
            "modified_by": draw(st.sampled_from(["", "Ana", "Bob 😀"])),  # "" as in files from before schema 6
        }))
    doc = Document.from_text(text, title="T")
    doc.annotations = sorted(anns, key=Annotation.sort_key)
    return Project(metadata=Metadata(title="P"), documents=[doc])


@pytest.mark.parametrize("name", ["w3c", "doccano"])
@settings(max_examples=60, deadline=None)
@given(project=projects())
def test_export_then_import_gives_back_the_same_annotations(name, project):
    fmt = formats()[name]
    result = fmt.read(fmt.write(project), project.documents[0], None)
    assert result.skipped == []
    assert fields(result.documents[0].annotations) == fields(project.documents[0].annotations)
    assert result.documents[0].text == project.documents[0].text


def test_w3c_export_follows_the_data_model():
    project = load_project(SAMPLE)
    data = json.loads(formats()["w3c"].write(project))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    doc = project.documents[0]
    links = sum(len(a.links) for a in doc.annotations)
    assert data["type"] == "AnnotationCollection" and data["total"] == 42 + links + bool(doc.verdict or doc.summary)  # links and the verdict are items too
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0 and page["partOf"] == data["id"]
    spans = [i for i in page["items"] if i["motivation"] == "tagging"]
    assert len(spans) == 42 and len(page["items"]) == data["total"]
    item = spans[0]
    assert item["type"] == "Annotation" and item["id"].startswith("urn:uuid:") and item["motivation"] == "tagging"
    purposes = {b["purpose"]: b for b in item["body"]}
    assert purposes["tagging"] == {"type": "TextualBody", "purpose": "tagging", "value": "claim"}
    assert purposes["commenting"]["format"] == "text/plain"
    assert item["creator"] == {"type": "Person", "name": "Sam Checker (sample)"}
    assert item["dcterms:contributor"] == {"type": "Person", "name": "Sam Checker (sample)"}  # who changed it last
    quote, position = item["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector" and set(quote) == {"type", "exact", "suffix"}  # no prefix at the very start
    assert set(spans[1]["target"]["selector"][0]) == {"type", "exact", "prefix", "suffix"}
    assert item["created"] == "2016-08-16T22:00:00Z"  # the Data Model wants UTC with a Z
    assert position == {"type": "TextPositionSelector", "start": 0, "end": 67}
    source = item["target"]["source"]  # the article as a resource (no address: a URN of its id), with Dublin Core terms
    assert source == {"id": f"urn:uuid:{project.documents[0].id}", "type": "Text", "dc:title": project.documents[0].title,
                      "dc:publisher": "ABC News", "dcterms:issued": "2016-08-16"}
    assert item["target"]["type"] == "SpecificResource"
    assert item["schema:dateCreated"] == {"@value": "2016-08-16T18:00:00-04:00", "@type": "xsd:dateTime"}  # the offset as written
    assert data["dc:description"] == project.metadata.description


def test_csv_opens_cleanly_and_neutralises_formulas():
    project = load_project(SAMPLE)
    first = project.documents[0].annotations[0]
    project.documents[0].annotations[0] = first.model_copy(update={"note": '=HYPERLINK("http://evil","x")', "author": "@me"})
    rows = list(csv.reader(io.StringIO(formats()["csv"].write(project).decode("utf-8"))))
    header = rows[0]
    assert header == ["document", "outlet", "byline", "published", "source_url", "status", "assignee", "tag", "start", "end", "quote", "note", "verdict", "rating",
                      "reasoning", "speaker", "supports", "disputes", "attributes", "context", "evidence",
                      "author", "created", "modified", "modified_by", "review_status"]
    assert len(rows) == 43
    row = dict(zip(header, rows[1]))
    assert row["note"] == "'=HYPERLINK(\"http://evil\",\"x\")" and row["author"] == "'@me"
    assert row["quote"] == first.quote.exact and row["tag"] == "claim" and row["outlet"] == "ABC News"


def test_label_mapping():
    assert parse_mapping(["ORG=source", "Per = Claim"]) == {"org": Tag.SOURCE, "per": Tag.CLAIM}
    with pytest.raises(ValueError, match="not one of"):
        parse_mapping(["ORG=organisation"])
    with pytest.raises(ValueError, match="LABEL=TAG"):
        parse_mapping(["ORG"])


DOCCANO = SHARED / "formats" / "doccano"


@pytest.mark.parametrize(
    ("name", "documents", "spans"),
    [
        ("v1-export-sequence_labeling.jsonl", 3, 4),
        ("v1-import-test-sequence_labeling.jsonl", 2, 1),  # the record with no text is reported
        ("v1.0-test-labeling-labels-key.jsonl", 3, 4),
        ("v0-test-labeling-entities-key.jsonl", 3, 4),
        ("v0-download_sequence_labeling-annotations.jsonl", 3, 3),
        ("v1-export-relation_extraction.jsonl", None, None),
        ("kg-doccano_ext-zh-entities-relations.jsonl", 35, None),
    ],
)
def test_real_doccano_files(name, documents, spans):
    path = DOCCANO / name
    if not path.exists():
        pytest.skip("../shared/formats is not present")
    labels = {"org", "misc", "person", "per", "loc", "date", "商品名称", "颜色"}
    result = formats()["doccano"].read(path.read_bytes(), None, {label: Tag.SOURCE for label in labels})
    if documents is not None:
        assert len(result.documents) == documents
    if spans is not None:
        assert sum(len(d.annotations) for d in result.documents) == spans
    for doc in result.documents:
        for a in doc.annotations:
            assert doc.text[a.start:a.end] == a.quote.exact
    relations = [p for p in result.skipped if ", relation " in p.where]  # their types (foundedBy, 颜色) are none of ours: each said
    assert all("label" in p.message or "no text" in p.message for p in result.skipped if p not in relations)
    assert all("is none of supports, disputes, attributes, context: skipped" in p.message for p in relations)
    assert bool(relations) == ("relation" in name)


def test_recogito_w3c_file_is_read_and_what_does_not_fit_is_reported():
    path = SHARED / "formats" / "w3c" / "recogito-js-annotations.w3c.json"
    if not path.exists():
        pytest.skip("../shared/formats is not present")
    article = Document.from_text("An unrelated article about something else entirely.")
    result = formats()["w3c"].read(path.read_bytes(), article, {"a tag": Tag.CLAIM})
    assert result.documents[0].annotations == []
    messages = " ".join(p.message for p in result.skipped)
    assert "no tag (a comment only)" in messages and "not at 124-128 nor anywhere else" in messages


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, cwd=cwd)


def test_cli_export_import_stats(tmp_path):
    out = run("export", "--format", "w3c", str(SAMPLE))
    assert out.returncode == 0 and sum(i["motivation"] == "tagging" for i in json.loads(out.stdout)["first"]["items"]) == 42
    w3c = tmp_path / "a.w3c.json"
    w3c.write_text(out.stdout, encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(load_project(SAMPLE).documents[0].text, encoding="utf-8")
    target = tmp_path / "back.annotator.json"
    done = run("import", "--format", "w3c", str(w3c), "--article", str(article), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert fields(load_project(target).documents[0].annotations) == fields(load_project(SAMPLE).documents[0].annotations)
    again = run("import", "--format", "w3c", str(w3c), "--article", str(article), "-o", str(target))
    assert again.returncode == 1 and "never overwrites" in again.stderr

    csv_out = tmp_path / "a.csv"
    assert run("export", "-f", "csv", "--bom", str(SAMPLE), "-o", str(csv_out)).returncode == 0
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbfdocument,outlet,byline,published,source_url,status,assignee,tag")

    stats = run("stats", "--json", str(SAMPLE))
    assert json.loads(stats.stdout)["tags"] == {"claim": 19, "quote": 6, "source": 13, "unverified": 4}
    assert "by tag:    claim 19" in run("stats", str(SAMPLE)).stdout


def test_cli_import_refuses_unknown_labels_unless_told(tmp_path):
    jsonl = tmp_path / "other.jsonl"
    jsonl.write_text('{"text": "Ann said it.", "label": [[0, 3, "PER"], [4, 8, "claim"]]}\n', encoding="utf-8")
    target = tmp_path / "p.json"
    refused = run("import", "-f", "doccano", str(jsonl), "-o", str(target))
    assert refused.returncode == 1 and "'PER' is none of" in refused.stderr and not target.exists()
    mapped = run("import", "-f", "doccano", str(jsonl), "-o", str(target), "--map", "PER=source")
    assert mapped.returncode == 0 and [a.tag for a in load_project(target).documents[0].annotations] == [Tag.SOURCE, Tag.CLAIM]
    bad = run("import", "-f", "doccano", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "q.json"))
    assert bad.returncode == 1 and "cannot read the file" in bad.stderr
    broken = tmp_path / "broken.w3c.json"
    broken.write_text("{nope", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Some text.", encoding="utf-8")
    res = run("import", "-f", "w3c", str(broken), "--article", str(article), "-o", str(tmp_path / "r.json"))
    assert res.returncode == 1 and "not readable as W3C" in res.stderr


@pytest.mark.parametrize("name", ["labelstudio"])
@settings(max_examples=60, deadline=None)
@given(project=projects())
def test_label_studio_round_trip(name, project):
    fmt = formats()[name]
    result = fmt.read(fmt.write(project), None, None)
    assert result.skipped == []
    assert fields(result.documents[0].annotations) == fields(project.documents[0].annotations)


def test_label_studio_offsets_count_code_points_and_old_utf16_files_are_recognised():
    text = "Intro 😀 then the target."
    doc = Document.from_text(text)
    doc.annotations = [annotation(text, text.index("target"), text.index("target") + 6, Tag.CLAIM)]
    region = json.loads(formats()["labelstudio"].write(Project(documents=[doc])))[0]["annotations"][0]["result"][0]
    cp = text.index("target")
    assert (region["value"]["start"], region["value"]["end"]) == (cp, cp + 6)  # code points, as Label Studio since 2022
    # a file that counted UTF-16 units (Label Studio before 2022, our exports before) is recognised by its text
    region["value"].update(start=cp + 1, end=cp + 7)
    task = {"data": {"text": text}, "annotations": [{"result": [region]}]}
    back = formats()["labelstudio"].read(json.dumps(task).encode(), None, None).documents[0].annotations
    assert [(a.start, a.end) for a in back] == [(cp, cp + 6)]


@pytest.mark.parametrize(
    ("name", "labels", "spans"),
    [
        ("lsf-named_entity-annotations-1.json", {"date": Tag.CLAIM}, 1),
        ("ls0x-converter-fixture-completions-348.json", {"ingredient": Tag.SOURCE}, 38),
        ("lsf-named_entity-tasks-predictions.json", {"date": Tag.CLAIM}, 1),
    ],
)
def test_real_label_studio_files(name, labels, spans):
    path = SHARED / "formats" / "labelstudio" / name
    if not path.exists():
        pytest.skip("../shared/formats is not present")
    result = formats()["labelstudio"].read(path.read_bytes(), None, labels)
    assert result.skipped == [] and sum(len(d.annotations) for d in result.documents) == spans
    for doc in result.documents:
        assert all(doc.text[a.start:a.end] == a.quote.exact for a in doc.annotations)


def test_label_studio_html_regions_are_reported():
    path = SHARED / "formats" / "labelstudio" / "lsf-rich_text_html-hypertextlabels-annotations-1.json"
    if not path.exists():
        pytest.skip("../shared/formats is not present")
    result = formats()["labelstudio"].read(path.read_bytes(), None, None)
    assert result.skipped and all("not text spans" in p.message for p in result.skipped)


def test_brat_round_trip_splits_spans_at_line_breaks():
    text = "First line claim\nsecond line. Notes 😀 here."
    doc = Document.from_text(text)
    doc.annotations = [
        annotation(text, 6, 28, Tag.CLAIM, 0, note="spans\ntwo lines"),
        annotation(text, text.index("Notes"), text.index("Notes") + 7, Tag.SOURCE, 1),
    ]
    files = formats()["brat"].write(Project(documents=[doc]))
    ann = files["document.ann"].decode()
    assert "T1\tClaim 6 16;17 28\tline claim second line" in ann and "#1\tAnnotatorNotes T1\tspans two lines" in ann
    assert files["document.txt"].decode() == text
    back = formats()["brat"].read(files["document.ann"], doc, None).documents[0].annotations
    notes = text.index("Notes")
    assert [(a.start, a.end, a.tag, a.note) for a in back] == [(6, 28, Tag.CLAIM, "spans two lines"), (notes, notes + 7, Tag.SOURCE, "")]


@pytest.mark.parametrize(
    ("name", "spans"),
    [
        ("CoNLL2002-esp-doc-46", 104),
        ("pr1225-scienceie-S0167931713005042", 26),
        ("pr1225-craft-kevin-22_17069463", 44),
        ("news-110-note_annotation", 14),
        ("TDT-wn071", 74),
    ],
)
def test_real_brat_files(name, spans):
    from annotator.core.article import read_article

    folder = SHARED / "formats" / "brat"
    if not folder.exists():
        pytest.skip("../shared/formats is not present")
    article = read_article(folder / f"{name}.txt")
    data = (folder / f"{name}.ann").read_bytes()
    types = {line.split("\t")[1].split(" ")[0].casefold() for line in data.decode().splitlines() if line.startswith("T")}
    result = formats()["brat"].read(data, article, {t: Tag.SOURCE for t in types})
    doc = result.documents[0]
    assert len(doc.annotations) == spans
    assert all(doc.text[a.start:a.end] == a.quote.exact for a in doc.annotations)
    assert all("no counterpart" in p.message for p in result.skipped)
    if name == "news-110-note_annotation":
        assert any(a.note == "Should fictional places be annotated?" for a in doc.annotations)


from .browser import CHROMIUM, dump_dom  # noqa: E402


def test_html_report_in_a_real_browser(tmp_path):
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (the README's test command installs it)")
    project = load_project(SAMPLE)
    doc = project.documents[0]
    evil = "<script>document.body.setAttribute('data-pwned','note')</script><img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">"
    doc.annotations[0] = doc.annotations[0].model_copy(update={"note": evil, "author": "<b>bold</b>"})
    path = tmp_path / "report.html"
    path.write_bytes(formats()["html"].write(project))
    dom = dump_dom(path, tmp_path / "profile")
    assert "<article" in dom and dom.count("<mark") >= len(doc.annotations)
    assert 'class="t-claim"' in dom and 'class="t-quote nested u-claim"' in dom  # a quote inside a claim
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]  # no injected script ran
    assert "<script" not in dom and "<img" not in dom and "&lt;script&gt;" in dom and "&lt;b&gt;bold&lt;/b&gt;" in dom


def test_claimreview_for_each_claim_with_a_finding():
    project = load_project(SAMPLE)
    rated = [a for a in project.documents[0].annotations if a.tag == Tag.CLAIM and a.verdict]
    reviews = json.loads(formats()["claimreview"].write(project))
    assert len(reviews) == len(rated) >= 4 and all(r["@type"] == "ClaimReview" and r["@context"] == "https://schema.org" for r in reviews)
    true = next(r for r, a in zip(reviews, rated) if a.verdict == "True")
    assert true["reviewRating"] == {"@type": "Rating", "bestRating": 5, "worstRating": 1, "alternateName": "True", "name": "True", "ratingValue": 5}
    assert [r["claimReviewed"] for r in reviews] == [a.quote.exact for a in rated]
    first = reviews[0]
    assert first["itemReviewed"]["@type"] == "Claim" and first["contributor"] == [{"@type": "Person", "name": "Sam Checker (sample)"}]


def test_w3c_keeps_the_verdict_as_an_assessing_body():
    project = load_project(SAMPLE)
    data = formats()["w3c"].write(project)
    back = formats()["w3c"].read(data, project.documents[0], None).documents[0].annotations
    assert [(a.id, a.verdict) for a in back] == [(a.id, a.verdict) for a in project.documents[0].annotations]


@settings(max_examples=60, deadline=None)
@given(project=projects())
def test_brat_round_trip_keeps_offsets_tags_and_notes(project):
    files = formats()["brat"].write(project)
    back = formats()["brat"].read(files["document.ann"], project.documents[0], None).documents[0].annotations
    key = lambda a: (a.start, a.end, a.tag.value, " ".join(a.note.split()))  # noqa: E731 - notes lose line breaks
    assert sorted(map(key, back)) == sorted(map(key, project.documents[0].annotations))


def test_brat_lines_break_only_at_newlines():
    """brat's reader ends lines wherever str.splitlines does: the .ann holds no U+2028 or NEL."""
    text = "A\u2028B \x85 claim\ttab."
    doc = Document.from_text(text)
    doc.annotations = [annotation(text, 0, len(text) - 1, Tag.CLAIM, 0, note="a\ttab note\u2028two")]
    files = formats()["brat"].write(Project(documents=[doc]))
    assert files["document.ann"].decode().splitlines() == ["T1\tClaim 0 1;2 4;5 15\tA B   claim\ttab", "#1\tAnnotatorNotes T1\ta\ttab note two"]
    back = formats()["brat"].read(files["document.ann"], doc, None).documents[0].annotations
    assert [(a.start, a.end, a.note) for a in back] == [(0, len(text) - 1, "a\ttab note two")]


@pytest.mark.parametrize("fmt", ["w3c", "doccano", "labelstudio"])
def test_cli_import_of_hostile_json_says_why(tmp_path, fmt):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    article = tmp_path / "a.txt"
    article.write_text("Some text.", encoding="utf-8")
    res = run("import", "-f", fmt, str(bad), "--article", str(article), "-o", str(tmp_path / "out.json"))
    assert res.returncode == 1 and "Traceback" not in res.stderr and "bad.json" in res.stderr
    assert not (tmp_path / "out.json").exists()


def test_w3c_import_keeps_to_one_document_and_reports_the_rest():
    a = Document.from_text("The cat sat on the mat.", source_url="https://example.org/a")
    b = Document.from_text("A mat is here.", source_url="https://example.org/b")
    a.annotations = [annotation(a.text, 4, 7, Tag.CLAIM, 0)]
    b.annotations = [annotation(b.text, 2, 5, Tag.CLAIM, 1)]
    data = formats()["w3c"].write(Project(documents=[a, b]))
    article = Document.from_text(a.text)
    result = formats()["w3c"].read(data, article, None)
    assert [x.quote.exact for x in result.documents[0].annotations] == ["cat"]
    assert result.documents[0].source_url == "https://example.org/a"
    assert any("about another document (https://example.org/b)" in p.message for p in result.skipped)
    linked = json.dumps({"type": "AnnotationCollection", "first": "urn:page1", "total": 5}).encode()
    assert "first is a link" in formats()["w3c"].read(linked, article, None).skipped[0].message


def test_doccano_import_fixes_line_endings_and_matches_notes_by_span():
    record = {"text": "ab\r\ncd ex", "label": [[4, 6, "claim"], [0, 2, "source"]],
              "meta": {"annotator": [{"start": 0, "end": 2, "label": "source", "note": "for ab"}]}}
    doc = formats()["doccano"].read(json.dumps(record).encode(), None, None).documents[0]
    assert doc.text == "ab\ncd ex"
    assert [(a.quote.exact, a.note) for a in doc.annotations] == [("ab", "for ab"), ("cd", "")]


def test_imported_ids_are_unique_and_valid():
    region = {"type": "labels", "value": {"start": 0, "end": 2, "text": "ab", "labels": ["Claim"]},
              "meta": {"annotator": {"id": "not-a-uuid"}}}
    task = {"data": {"text": "ab cd"}, "annotations": [{"result": [region, region]}]}
    doc = formats()["labelstudio"].read(json.dumps(task).encode(), None, None).documents[0]
    assert len({a.id for a in doc.annotations}) == 2
    from annotator.core.integrity import project_problems

    assert project_problems(Project(documents=[doc])) == []


def test_every_html_table_link_has_a_target():
    project = load_project(SAMPLE)
    page = formats()["html"].write(project).decode("utf-8")
    ids = re.findall(r'id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert all(target in ids for target in re.findall(r'href="#([^"]+)"', page))  # the table's, the claims list's and each check's
    for a in project.documents[0].annotations:
        assert f'<a href="#a-{a.id}">' in page and page.count(f'id="a-{a.id}"') == 1
    assert ">True<" in page  # verdicts are shown


def test_an_import_with_a_lone_surrogate_in_a_note_is_refused(tmp_path):
    """Such a note could never be saved; the import says so at once, naming the file."""
    from annotator.core.errors import FileProblemError
    from annotator.core.formats import read_import

    article = tmp_path / "a.txt"
    article.write_text("Hello world, a claim here.\n", encoding="utf-8")
    source = tmp_path / "w3c.json"
    source.write_text(json.dumps({
        "type": "Annotation", "motivation": "tagging",
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": "claim"},
                 {"type": "TextualBody", "purpose": "commenting", "value": "bad \ud800 note"}],
        "target": {"source": "urn:x", "selector": [{"type": "TextPositionSelector", "start": 0, "end": 5}]},
    }), encoding="utf-8")
    with pytest.raises(FileProblemError, match="lone surrogate") as info:
        read_import(formats()["w3c"], source, article, None)
    assert "w3c.json" in str(info.value)
