"""doccano JSONL: lines that survive ``str.splitlines()``, metadata where doccano keeps it, and
round trips through doccano's own import and export.

doccano is a Django server, not a library to install; ``through_doccano`` does to a record what
its code does (backend/data_import/pipeline/builders.py: every field but ``text`` and ``label``
becomes the example's meta; backend/data_export/models.py: ``{"id", "text", **meta}`` plus the
labels, written by pandas ``to_json(lines=True)``). Its span offsets are integers over the
Python string (data_import/pipeline/label.py, SpanLabel): code points.
"""

from __future__ import annotations

import json

from annotator.core.formats import formats
from annotator.core.model import Document, Project, Tag

from .factories import annotation, assert_round_trip, round_trip_project

DOCCANO = formats()["doccano"]


def through_doccano(data: bytes) -> bytes:
    """Our export imported into doccano and exported again, as its pipeline does it."""
    out = []
    for n, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        row = json.loads(line)
        text, labels = row.pop("text"), row.pop("label")
        exported = {"id": n, "text": text, **row, "label": sorted(tuple(span) for span in labels), "Comments": []}
        out.append(json.dumps(exported, ensure_ascii=False))
    return ("\n".join(out) + "\n").encode("utf-8")


def _project(text: str, note: str = "", title: str = "T") -> Project:
    doc = Document.from_text(text, title=title)
    doc.annotations = [annotation(text, 0, len(text), Tag.CLAIM, 0, note=note)]
    return Project(documents=[doc, Document.from_text("second document", title="Two")])


def test_lines_survive_str_splitlines_with_line_and_paragraph_separators():
    text = "One\u2028two\u2029three"
    data = DOCCANO.write(_project(text, note="a\u2028note\u2029", title="title\u2028"))
    assert b"\xe2\x80\xa8" not in data and b"\xe2\x80\xa9" not in data  # escaped, never raw
    lines = data.decode("utf-8").splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert records[0]["text"] == text and records[0]["title"] == "title\u2028"
    assert records[0]["annotator"][0]["note"] == "a\u2028note\u2029"
    back = DOCCANO.read(data, None, None).documents[0]
    assert back.text == text and back.annotations[0].note == "a\u2028note\u2029"


def test_metadata_is_in_top_level_fields_as_doccano_writes_it():
    record = json.loads(DOCCANO.write(_project("A claim.")).decode("utf-8").splitlines()[0])
    assert {"text", "label", "entities", "relations", "document_id", "title", "source_url", "outlet", "byline", "published", "status", "assignee",
            "project_description", "annotator"} == set(record)
    assert record["label"] == [[0, 8, "claim"]]
    assert record["entities"] == [{"id": 0, "start_offset": 0, "end_offset": 8, "label": "claim"}] and record["relations"] == []  # doccano's relation format


def test_a_round_trip_through_doccano_keeps_everything_the_format_carries():
    project = round_trip_project()
    doc = project.documents[0]
    for data in (DOCCANO.write(project), through_doccano(DOCCANO.write(project))):
        result = DOCCANO.read(data, None, None)
        assert_round_trip(doc, result)


def test_our_older_exports_with_nested_meta_still_read():
    record = {"id": "5d2c4a1e-0b7f-4c3e-9a8d-2e6f1b0c9d47", "text": "A claim here.", "label": [[2, 7, "claim"]],
              "meta": {"title": "Old", "outlet": "Paper", "annotator": [{"start": 2, "end": 7, "label": "claim", "note": "kept"}]}}
    doc = DOCCANO.read(json.dumps(record).encode(), None, None).documents[0]
    assert (doc.id, doc.title, doc.outlet) == ("5d2c4a1e-0b7f-4c3e-9a8d-2e6f1b0c9d47", "Old", "Paper")
    assert [(a.quote.exact, a.note) for a in doc.annotations] == [("claim", "kept")]


def test_document_ids_that_are_not_ours_or_repeat_get_new_ones():
    lines = [{"id": 7, "text": "First."}, {"document_id": "not-a-uuid", "text": "Second."},
             {"document_id": "5d2c4a1e-0b7f-4c3e-9a8d-2e6f1b0c9d47", "text": "Third."},
             {"document_id": "5d2c4a1e-0b7f-4c3e-9a8d-2e6f1b0c9d47", "text": "Fourth."}]
    docs = DOCCANO.read("\n".join(json.dumps(x) for x in lines).encode(), None, None).documents
    ids = [d.id for d in docs]
    assert len(set(ids)) == 4 and ids[2] == "5d2c4a1e-0b7f-4c3e-9a8d-2e6f1b0c9d47" and "not-a-uuid" not in ids
