"""Who created an annotation and who changed it last, through every export that has a place
for it, and back through the imports that can carry it.

Annotation 1 was created by Ann and changed later by Bob; annotation 2 is Ann's, unchanged;
annotation 3 comes from a file from before schema 6, which did not record who changed it
(``modified_by`` is ""): no export may put a name there.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

import pytest

from annotator.core.formats import formats
from annotator.core.model import Document, Project, Tag
from annotator.core.storage import load_project, parse_project

from .conftest import ROOT, SAMPLE
from .factories import WHEN, annotation, project

TEXT = "Officials said the base was used. Critics doubt it. The ministry confirmed nothing."
LATER = WHEN + timedelta(hours=2)


def authored() -> Project:
    p = project(TEXT)
    doc = p.documents[0]
    spans = [(0, 33, Tag.CLAIM), (34, 51, Tag.CLAIM), (52, len(TEXT), Tag.SOURCE)]
    changed, unchanged, old = (annotation(TEXT, s, e, t, n) for n, (s, e, t) in enumerate(spans))
    doc.annotations = [
        changed.model_copy(update={"author": "Ann", "modified": LATER, "modified_by": "Bob", "verdict": "Unproven"}),
        unchanged.model_copy(update={"author": "Ann", "modified_by": "Ann", "verdict": "Disputed"}),
        old.model_copy(update={"author": "Cy", "modified": LATER, "modified_by": ""}),
    ]
    return p


def by(anns) -> list[tuple[str, str]]:
    return [(a.author, a.modified_by) for a in anns]


EXPECTED = [("Ann", "Bob"), ("Ann", "Ann"), ("Cy", "")]


# W3C Web Annotation


def w3c_items(p: Project) -> list[dict]:
    data = json.loads(formats()["w3c"].write(p))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"  # still the one standard context
    return data["first"]["items"]


def test_w3c_creator_stays_the_author_and_the_last_changer_is_a_dcterms_contributor():
    changed, unchanged, old = w3c_items(authored())
    assert changed["creator"] == {"type": "Person", "name": "Ann"}
    assert changed["dcterms:contributor"] == {"type": "Person", "name": "Bob"}
    assert changed["modified"] == "2026-01-02T04:04:05Z" and changed["created"] == "2026-01-02T02:04:05Z"
    assert unchanged["creator"] == unchanged["dcterms:contributor"] == {"type": "Person", "name": "Ann"}
    assert old["creator"] == {"type": "Person", "name": "Cy"}
    assert "dcterms:contributor" not in old  # not recorded: nobody is named
    assert not any(key.startswith(("modifiedBy", "modified_by")) for item in (changed, unchanged, old) for key in item)


def test_w3c_round_trip_gives_back_who_changed_it():
    p = authored()
    back = formats()["w3c"].read(formats()["w3c"].write(p), p.documents[0], None)
    assert back.skipped == []
    assert by(back.documents[0].annotations) == EXPECTED


def test_w3c_import_reads_the_contributor_in_the_other_ways_json_ld_allows():
    doc = Document.from_text(TEXT)
    item = {
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": "urn:x:1",
        "body": {"type": "TextualBody", "purpose": "tagging", "value": "claim"},
        "target": {"source": "urn:x", "selector": {"type": "TextPositionSelector", "start": 0, "end": 9}},
        "creator": ["Ann"],
        "http://purl.org/dc/terms/contributor": [{"type": "Person", "name": ["Bob", "Robert"]}],
    }
    back = formats()["w3c"].read(json.dumps([item]).encode(), doc, None).documents[0].annotations
    assert by(back) == [("Ann", "Bob")]


def test_w3c_import_without_a_contributor_does_not_guess_one():
    """Other tools' annotations (and ours from before schema 6) don't say who changed them."""
    doc = Document.from_text(TEXT)
    item = {
        "type": "Annotation", "body": {"purpose": "tagging", "value": "claim"}, "modified": "2026-02-01T00:00:00Z",
        "target": {"selector": {"type": "TextPositionSelector", "start": 0, "end": 9}}, "creator": {"name": "Ann"},
    }
    back = formats()["w3c"].read(json.dumps(item).encode(), doc, None).documents[0].annotations
    assert by(back) == [("Ann", "")]


# CSV


def test_csv_has_a_modified_by_column_right_after_modified():
    p = authored()
    p.documents[0].annotations[1] = p.documents[0].annotations[1].model_copy(update={"modified_by": "=cmd()"})
    rows = list(csv.reader(io.StringIO(formats()["csv"].write(p).decode("utf-8"))))
    header = rows[0]
    assert header == ["document", "outlet", "byline", "published", "source_url", "status", "assignee", "tag", "start", "end", "quote", "note", "verdict", "rating",
                      "reasoning", "speaker", "supports", "disputes", "attributes", "context", "evidence",
                      "author", "created", "modified", "modified_by", "review_status"]
    table = [dict(zip(header, row)) for row in rows[1:]]
    assert [(r["author"], r["modified_by"]) for r in table] == [("Ann", "Bob"), ("Ann", "'=cmd()"), ("Cy", "")]
    assert all(len(row) == len(header) for row in rows)


# HTML report


def author_cells(page: str) -> list[str]:
    rows = re.findall(r'<tr id="row-[^"]*">(.*?)</tr>', page)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row)[4] for row in rows]  # Tag, Text, Note, Verdict, Author


def test_html_report_says_who_changed_it_when_someone_else_did():
    cells = author_cells(formats()["html"].write(authored()).decode("utf-8"))
    assert cells == ['Ann<br><span class="changed">changed by Bob</span>', "Ann", "Cy"]


def test_html_report_escapes_the_changer():
    p = authored()
    p.documents[0].annotations[0] = p.documents[0].annotations[0].model_copy(update={"modified_by": "<b>Eve</b>", "author": ""})
    page = formats()["html"].write(p).decode("utf-8")
    assert author_cells(page)[0] == '<span class="changed">changed by &lt;b&gt;Eve&lt;/b&gt;</span>'
    assert "<b>Eve" not in page


# Label Studio and doccano


def test_label_studio_meta_carries_modified_by_and_it_comes_back():
    p = authored()
    data = formats()["labelstudio"].write(p)
    regions = json.loads(data)[0]["annotations"][0]["result"]
    assert [(r["meta"]["annotator"]["author"], r["meta"]["annotator"]["modified_by"]) for r in regions] == EXPECTED
    back = formats()["labelstudio"].read(data, None, None)
    assert back.skipped == [] and by(back.documents[0].annotations) == EXPECTED


def test_label_studio_without_modified_by_reads_as_not_recorded():
    region = {"type": "labels", "value": {"start": 0, "end": 9, "text": TEXT[:9], "labels": ["Claim"]},
              "meta": {"annotator": {"author": "Ann", "modified_by": 7}}}
    plain = {"type": "labels", "value": {"start": 10, "end": 14, "text": TEXT[10:14], "labels": ["Claim"]}}
    task = {"data": {"text": TEXT}, "annotations": [{"result": [region, plain]}]}
    back = formats()["labelstudio"].read(json.dumps(task).encode(), None, None).documents[0].annotations
    assert by(back) == [("Ann", ""), ("", "")]


def test_doccano_meta_carries_modified_by_and_it_comes_back():
    p = authored()
    data = formats()["doccano"].write(p)
    meta = json.loads(data)["annotator"]
    assert [(m["author"], m["modified_by"]) for m in meta] == EXPECTED
    back = formats()["doccano"].read(data, None, None)
    assert back.skipped == [] and by(back.documents[0].annotations) == EXPECTED


def test_doccano_without_modified_by_reads_as_not_recorded():
    record = {"text": TEXT, "label": [[0, 9, "claim"], [10, 14, "claim"]],
              "meta": {"annotator": [{"start": 0, "end": 9, "label": "claim", "author": "Ann"}]}}
    back = formats()["doccano"].read(json.dumps(record).encode(), None, None).documents[0].annotations
    assert by(back) == [("Ann", ""), ("", "")]


# ClaimReview


def test_claimreview_names_the_annotator_and_someone_else_who_changed_the_claim_as_contributors():
    """The review's author is the publishing organisation (test_claimreview.py); the people stay as contributors."""
    changed, unchanged = json.loads(formats()["claimreview"].write(authored()))  # the source has no verdict
    assert changed["contributor"] == [{"@type": "Person", "name": "Ann"}, {"@type": "Person", "name": "Bob"}]
    assert unchanged["contributor"] == [{"@type": "Person", "name": "Ann"}]
    assert "author" not in changed  # no organisation set: a draft names none


# Files from before schema 6


def test_a_project_from_before_schema_6_exports_without_inventing_who_changed_it():
    p = parse_project((ROOT / "tests" / "schema_versions" / "v5.json").read_bytes())
    ann = p.documents[0].annotations[0]
    assert (ann.author, ann.modified_by) == ("Ann Author", "")
    p.documents[0].annotations[0] = ann.model_copy(update={"modified": ann.modified + timedelta(days=1), "verdict": "False"})
    out = {name: fmt.write(p) for name, fmt in formats().items() if fmt.write}
    (item,) = json.loads(out["w3c"])["first"]["items"]
    assert "dcterms:contributor" not in item and item["creator"]["name"] == "Ann Author"
    row = dict(zip(*csv.reader(io.StringIO(out["csv"].decode("utf-8")))))
    assert row["modified_by"] == "" and row["author"] == "Ann Author"
    assert json.loads(out["labelstudio"])[0]["annotations"][0]["result"][0]["meta"]["annotator"]["modified_by"] == ""
    assert json.loads(out["doccano"])["annotator"][0]["modified_by"] == ""
    assert "changed by" not in out["html"].decode("utf-8")
    assert json.loads(out["claimreview"])[0]["contributor"] == [{"@type": "Person", "name": "Ann Author"}]
    # and the imports keep it unrecorded
    for name in ("w3c", "labelstudio", "doccano"):
        back = formats()[name].read(out[name], p.documents[0], None).documents[0].annotations
        assert by(back) == [("Ann Author", "")], name


@pytest.mark.parametrize("name", ["w3c", "labelstudio", "doccano"])
def test_our_own_exports_of_the_sample_keep_who_changed_each(name):
    p = load_project(SAMPLE)
    back = formats()[name].read(formats()[name].write(p), p.documents[0], None).documents[0].annotations
    assert by(back) == by(p.documents[0].annotations)
    assert all(a.modified_by for a in back)
