"""Label Studio tasks (JSON): ``data.text`` and ``annotations[].result[]`` regions of type
``labels`` with ``value.start/end/text/labels``.

Offsets count code points, as Label Studio has stored them since its frontend's "Store code
points instead of js length" (label-studio-frontend #308, 2022): its own test
``ner/emoji.cy.ts`` puts "test" at 21-25 in "🐱 Warning: This is a test text". Older files
counted UTF-16 units; the import tells them apart per task by ``value.text`` (code points
first). Each region's id is the annotation's UUID, whole: the same every export, never
shared. Notes go in each region's ``meta.text`` (where Label Studio keeps a region's
comment); ids, authors, times and who changed each last (``modified_by``, empty when not
recorded) in ``meta.annotator``; the document's id and the project's description in the
task's ``meta.annotator``, so our own files round-trip.
"""

from __future__ import annotations

import io
import json

from ..errors import Problem
from ..model import Annotation, Document, Project, Tag
from ..offsets import Utf16Map
from . import Format, ImportResult, _canonical, checked, line_endings_fixed, make_annotation, new_document, parse_time, set_workflow, tag_of, unique_ids


def write(project: Project) -> bytes:
    """The tasks' JSON (indented), written one region at a time: its memory is about the
    output's size, not a tree of every region at once."""
    tasks = []
    for n, doc in enumerate(project.documents, start=1):
        data = {"text": doc.text, "title": doc.title, "source_url": doc.source_url, "outlet": doc.outlet, "byline": doc.byline, "published": doc.published,
                "status": doc.status.value, "assignee": doc.assignee}
        meta = {"annotator": {"document_id": doc.id, "project_description": project.metadata.description}}
        tasks.append({"id": n, "data": data, "meta": meta, "annotations": [{"id": n, "result": [f"{_SLOT}{n}"] if doc.annotations else []}]})
    text = json.dumps(tasks, indent=2, ensure_ascii=False) + "\n"
    out = io.BytesIO()  # getvalue() hands over its buffer: no second copy of the output
    for n, doc in enumerate(project.documents, start=1):
        if not doc.annotations:
            continue
        slot = json.dumps(f"{_SLOT}{n}")
        head, text = text.split(slot, 1)
        indent = head[head.rfind("\n") + 1:]  # the slot's own indentation, which each region takes
        out.write(head.encode("utf-8"))
        for m, region in enumerate(_regions_of(doc)):
            lines = json.dumps(region, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)
            out.write(((",\n" + indent) if m else "").encode("utf-8") + lines.encode("utf-8"))
    out.write(text.encode("utf-8"))
    return out.getvalue()


_SLOT = "\x00result\x00"
"""Stands for a task's regions while the tasks around them are written."""


def _regions_of(doc: Document):
    """Each annotation of ``doc`` as a Label Studio region, offsets in code points. The
    region id is the annotation's id (a second copy of an id, which no valid project has,
    gets a suffix: ids within a task must differ)."""
    seen: set[str] = set()
    for a in doc.annotations:
        region_id, k = a.id, 1
        while region_id in seen:
            region_id, k = f"{a.id}-{k}", k + 1
        seen.add(region_id)
        yield {
            "id": region_id,
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": a.start, "end": a.end, "text": a.quote.exact, "labels": [a.tag.label]},
            "meta": {
                "text": [a.note] if a.note else [],
                "annotator": {"id": a.id, "author": a.author, "created": a.created.isoformat(), "modified": a.modified.isoformat(),
                              "modified_by": a.modified_by},
            },
        }


def read(data: bytes, article: Document | None = None, mapping: dict[str, Tag] | None = None) -> ImportResult:
    raw = json.loads(data.decode("utf-8-sig"))
    tasks = raw if isinstance(raw, list) else [raw]
    problems: list[Problem] = []
    documents = []
    description, doc_ids = "", set()  # a document id given twice is kept by the first only
    for n, task in enumerate(tasks, start=1):
        where = f"task {task.get('id', n) if isinstance(task, dict) else n}"
        text = task.get("data", {}).get("text") if isinstance(task, dict) and isinstance(task.get("data"), dict) else None
        if not isinstance(text, str) or not text:
            problems.append(Problem(where, "has no data.text: skipped"))
            continue
        fixed, moved = line_endings_fixed(text)
        data_ = task["data"]
        url = data_.get("source_url")
        doc = new_document(
            fixed, where, text_at="data.text", fields_at="data.", title=str(data_.get("title") or f"Task {n}"),
            source_url=url if isinstance(url, str) else None,
            **{key: data_[key] for key in ("outlet", "byline", "published") if isinstance(data_.get(key), str)},
        )
        set_workflow(doc, data_, where, lambda key: f"data.{key}")
        ours = task.get("meta", {}).get("annotator") if isinstance(task.get("meta"), dict) else None
        ours = ours if isinstance(ours, dict) else {}
        if _canonical(ours.get("document_id")) and ours["document_id"] not in doc_ids:
            doc.id = ours["document_id"]
        doc_ids.add(doc.id)
        if not description and isinstance(ours.get("project_description"), str):
            description = checked(ours["project_description"], f"{where}, meta.annotator.project_description")
        regions = _regions(task, where, problems)
        units = _utf16_units(text, regions, where, problems)  # offsets in the file refer to the text as it is there
        for region in regions:
            _add_region(doc, text, units, moved, region, where, problems, mapping)
        documents.append(doc)
    unique_ids(documents)  # in the file's order: of regions sharing an id, the first keeps it
    for doc in documents:
        doc.annotations.sort(key=Annotation.sort_key)
    return ImportResult(documents, problems, description)


def _same_text(raw: str, start: int, end: int, exact: str) -> bool:
    """Whether ``exact`` is the text at start-end. Label Studio writes a region's line
    breaks as backslash-n (``ner/emoji.cy.ts``: "Warning:\\n🐱 This is a test")."""
    found = raw[start:end]
    return found == exact or ("\n" in found and found.replace("\n", "\\n") == exact)


def _utf16_units(raw: str, regions: list[dict], where: str, problems: list[Problem]) -> Utf16Map | None:
    """A map from UTF-16 units when this task's offsets count them (files from Label Studio
    before 2022, and our own exports before this one), else None: code points. Decided by
    which counting puts more of the regions' ``value.text`` where they say, code points
    winning a tie. A text with no character above U+FFFF counts the same either way; in one
    with such characters, regions without ``value.text`` (predictions often have none) leave
    nothing to tell by, so code points are assumed, and said."""
    units = Utf16Map(raw)
    if units.utf16_length == units.length:
        return None
    code_points = utf16 = 0
    untold = False
    for region in regions:
        value = region.get("value") if isinstance(region.get("value"), dict) else {}
        start, end, exact = value.get("start"), value.get("end"), value.get("text")
        if region.get("type") != "labels" or not _whole(start) or not _whole(end):
            continue
        if not isinstance(exact, str):
            untold = True
            continue
        code_points += 0 <= start <= end and _same_text(raw, start, end, exact)
        if 0 <= start <= end <= units.utf16_length:
            utf16 += _same_text(raw, units.to_code_point(start), units.to_code_point(end), exact)
    if untold and not code_points and not utf16:
        problems.append(Problem(where, (
            "its regions have no value.text to tell how their offsets count, and the text has characters above U+FFFF "
            "(emoji): the offsets were taken as code points, as Label Studio writes them since 2022; "
            "check the spans after any emoji")))
    return units if utf16 > code_points else None


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _regions(task: dict, where: str, problems: list[Problem]) -> list[dict]:
    """The regions of the task's annotations (``completions`` in Label Studio 0.x), else of its predictions."""
    for key in ("annotations", "completions", "predictions"):
        sets = task.get(key)
        if isinstance(sets, list) and sets:
            regions = []
            for entry in sets:
                result = entry.get("result") if isinstance(entry, dict) else None
                regions += [r for r in result if isinstance(r, dict)] if isinstance(result, list) else []
            return regions
    return []


def _add_region(doc: Document, raw: str, units: Utf16Map | None, moved, region: dict, where: str, problems: list[Problem], mapping) -> None:
    value = region.get("value") if isinstance(region.get("value"), dict) else {}
    here = f"{where}, region {region.get('id', '?')}"
    if region.get("type") != "labels":
        problems.append(Problem(here, f"regions of type {region.get('type')!r} are not text spans: skipped"))
        return
    start, end, exact = value.get("start"), value.get("end"), value.get("text")
    if not (_whole(start) and _whole(end)):
        problems.append(Problem(here, "has no whole-number start and end: skipped"))
        return
    if units is not None and 0 <= start <= end <= units.utf16_length:
        start, end = units.to_code_point(start), units.to_code_point(end)
    if isinstance(exact, str) and 0 <= start <= end and raw[start:end] != exact and _same_text(raw, start, end, exact):
        exact = raw[start:end]  # its line breaks written as backslash-n
    start, end = moved(start), moved(end)
    if isinstance(exact, str):
        exact = exact.replace("\r\n", "\n").replace("\r", "\n")
    meta = region.get("meta") if isinstance(region.get("meta"), dict) else {}
    notes = meta.get("text")
    notes = [notes] if isinstance(notes, str) else notes if isinstance(notes, list) else []
    info = meta.get("annotator") if isinstance(meta.get("annotator"), dict) else {}
    labels = value.get("labels")
    if not isinstance(labels, list):
        problems.append(Problem(here, f"value.labels should be a list of label names, not {labels!r}: skipped"))
        return
    for k, label in enumerate(labels):
        tag = tag_of(label, mapping)
        if tag is None:
            problems.append(Problem(here, f"label {label!r} is none of claim, quote, source, unverified: skipped"))
            continue
        ann = make_annotation(
            doc.text, start, end, tag, ann_id=(info.get("id") or region.get("id")) if k == 0 else None,
            note="\n\n".join(str(t) for t in notes if t), author=str(info.get("author") or ""),
            created=parse_time(info.get("created")), modified=parse_time(info.get("modified")),
            exact=exact if isinstance(exact, str) else None, where=here, problems=problems,
        )
        if ann is not None:
            by = info.get("modified_by")
            by = checked(by, f"{here}, meta.annotator.modified_by") if isinstance(by, str) else ""
            doc.annotations.append(ann.model_copy(update={"modified_by": by}))


FORMAT = Format(
    name="labelstudio",
    title="Label Studio tasks (JSON)",
    extension=".labelstudio.json",
    keeps="the text, tags, code-point offsets (as Label Studio counts since 2022; older files' UTF-16 units are recognised), quotes; the article's details, status, assignee and id in data and meta; the project's description; notes in region meta; ids (each region's id is its annotation's), authors, who changed each last, times with their UTC offset",
    loses="the project's title (the first article's is used), creation time and publishing details; verdicts and ratings, review comments and records, orphans",
    write=write,
    read=read,
)
