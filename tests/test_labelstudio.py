"""Label Studio: code-point offsets as Label Studio counts them, region ids that are unique and
stable, and the task's data and meta carrying what a project can lose on the way.

label-studio-sdk's converter (the consumer) installs at about 480 MB with pandas, OpenCV and
NumPy, too large for the test extra: ``consumer_spans`` reads an export the way its
``Converter.annotation_result_from_task`` and ``create_tokens_and_tags`` do, taking
``task["data"]["text"][start:end]`` in Python, so code points.
"""

from __future__ import annotations

import json

from annotator.core.formats import formats
from annotator.core.model import Document, Project, Tag

from .factories import annotation, assert_round_trip, round_trip_project

LS = formats()["labelstudio"]


def consumer_spans(data: bytes) -> list[tuple[str, str]]:
    """(the text at each region's offsets, the region's own text), for every labels region
    of every task's annotations, read as label-studio-sdk's converter reads them."""
    pairs = []
    for task in json.loads(data):
        text = task["data"]["text"]
        for entry in task.get("annotations", []):
            for region in entry["result"]:
                if region["type"] == "labels":
                    value = region["value"]
                    pairs.append((text[value["start"]:value["end"]], value["text"]))
    return pairs


def test_the_case_of_label_studios_own_emoji_test_is_21_to_25():
    """web/libs/editor/tests/integration/e2e/ner/emoji.cy.ts: "test" at 21-25 in this text."""
    text = "🐱 Warning: This is a test text"
    doc = Document.from_text(text)
    doc.annotations = [annotation(text, 21, 25, Tag.CLAIM)]
    region = json.loads(LS.write(Project(documents=[doc])))[0]["annotations"][0]["result"][0]
    assert {k: region["value"][k] for k in ("start", "end", "text")} == {"start": 21, "end": 25, "text": "test"}
    # and what Label Studio serialises there comes in at the same place
    task = {"data": {"text": text}, "annotations": [{"result": [
        {"id": "wx8Df_NbLw", "from_name": "tag", "to_name": "text", "type": "labels",
         "value": {"start": 21, "end": 25, "text": "test", "labels": ["Claim"]}}]}]}
    result = LS.read(json.dumps(task).encode(), None, None)
    assert result.skipped == []
    assert [(a.start, a.end, a.quote.exact) for a in result.documents[0].annotations] == [(21, 25, "test")]


def test_label_studios_multiline_region_with_its_line_break_written_as_backslash_n():
    """The same test's multiline case: 2-27, text "Warning:\\n🐱 This is a test" (a backslash and an n)."""
    text = "🐱 Warning:\n🐱 This is a test text"
    task = {"data": {"text": text}, "annotations": [{"result": [
        {"id": "r1", "from_name": "tag", "to_name": "text", "type": "labels",
         "value": {"start": 2, "end": 27, "text": "Warning:\\n🐱 This is a test", "labels": ["Claim"]}}]}]}
    result = LS.read(json.dumps(task).encode(), None, None)
    assert result.skipped == []
    assert [(a.start, a.end, a.quote.exact) for a in result.documents[0].annotations] == [(2, 27, "Warning:\n🐱 This is a test")]


def test_every_span_after_emoji_is_where_the_consumer_looks():
    words = "🐱 Warning: the minister 👍🏽 said the budget grew 🇺🇦 by five percent, and critics 👨‍👩‍👧 disagreed".split(" ")
    text = " ".join(words)
    doc = Document.from_text(text)
    pos, spans = 0, []
    for w in words:
        start = text.index(w, pos)
        pos = start + len(w)
        spans.append((start, pos))
    doc.annotations = [annotation(text, s, e, Tag.CLAIM, n) for n, (s, e) in enumerate(spans)]
    pairs = consumer_spans(LS.write(Project(documents=[doc])))
    assert len(pairs) == len(words) and all(found == own for found, own in pairs), pairs


def test_region_ids_are_unique_stable_and_the_annotations_own():
    text = "word " * 42
    doc = Document.from_text(text)
    # ids that share their first 24 characters, as the factory's do
    doc.annotations = [annotation(text, 5 * n, 5 * n + 4, Tag.CLAIM, n) for n in range(42)]
    project = Project(documents=[doc])

    def ids(data):
        return [r["id"] for r in json.loads(data)[0]["annotations"][0]["result"]]

    first = ids(LS.write(project))
    assert len(set(first)) == 42
    assert first == [a.id for a in doc.annotations] == ids(LS.write(project))


def _task(text, regions, **extra):
    return json.dumps({"data": {"text": text}, "annotations": [{"result": regions}], **extra}).encode()


def _region(rid, start, end, text, label="Claim", **extra):
    value = {"start": start, "end": end, "labels": [label]}
    if text is not None:
        value["text"] = text
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value, **extra}


def test_foreign_and_shared_region_ids_import_as_separate_annotations_with_valid_ids():
    text = "Alpha beta gamma delta."
    ours = "3f0c1f0e-8a44-4d67-9c2b-5b1d7a0e2c11"
    regions = [
        _region("wx8Df_NbLw", 0, 5, "Alpha"),
        _region("same", 6, 10, "beta"),
        _region("same", 11, 16, "gamma"),  # the same id again: still its own annotation
        _region(ours, 17, 22, "delta"),
        _region(ours, 0, 5, "Alpha", "Source"),
    ]
    doc = LS.read(_task(text, regions), None, None).documents[0]
    assert sorted((a.start, a.quote.exact, a.tag.value) for a in doc.annotations) == [
        (0, "Alpha", "claim"), (0, "Alpha", "source"), (6, "beta", "claim"), (11, "gamma", "claim"), (17, "delta", "claim")]
    ids = [a.id for a in doc.annotations]
    assert len(set(ids)) == 5 and ours in ids and "wx8Df_NbLw" not in ids and "same" not in ids
    assert next(a for a in doc.annotations if a.quote.exact == "delta").id == ours  # our id, taken from the region
    from annotator.core.integrity import project_problems

    assert project_problems(Project(documents=[doc])) == []


def test_counting_is_decided_per_task_by_the_regions_text():
    text = "😀 one 😀 two"
    old = {"data": {"text": text}, "annotations": [{"result": [_region("a", 3, 6, "one"), _region("b", 10, 13, "two")]}]}  # UTF-16
    new = {"data": {"text": text}, "annotations": [{"result": [_region("c", 2, 5, "one"), _region("d", 8, 11, "two")]}]}  # code points
    result = LS.read(json.dumps([old, new]).encode(), None, None)
    assert result.skipped == []
    for doc in result.documents:
        assert [(a.start, a.end, a.quote.exact) for a in doc.annotations] == [(2, 5, "one"), (8, 11, "two")]


def test_predictions_without_text_are_taken_as_code_points_and_said():
    text = "😀 one two"
    task = {"data": {"text": text}, "predictions": [{"result": [_region("p", 2, 5, None)]}]}
    result = LS.read(json.dumps(task).encode(), None, None)
    assert [(a.start, a.end, a.quote.exact) for a in result.documents[0].annotations] == [(2, 5, "one")]
    assert len(result.skipped) == 1 and "taken as code points" in result.skipped[0].message
    # without characters above U+FFFF both countings agree: nothing to say
    plain = {"data": {"text": "one two"}, "predictions": [{"result": [_region("p", 0, 3, None)]}]}
    result = LS.read(json.dumps(plain).encode(), None, None)
    assert result.skipped == [] and result.documents[0].annotations[0].quote.exact == "one"


def test_a_round_trip_keeps_the_document_the_project_description_and_every_field():
    project = round_trip_project()
    doc = project.documents[0]
    result = LS.read(LS.write(project), None, None)
    assert_round_trip(doc, result)
