"""Label Studio tasks (JSON): ``data.text`` and ``annotations[].result[]`` regions of type
``labels`` with ``value.start/end/text/labels``.

Label Studio runs in a browser, so its offsets count UTF-16 units, as JavaScript strings
do; ours count code points. They differ after any emoji or other character above U+FFFF,
which is where exports commonly break. Export converts; import reads ``value.text`` to
tell which counting a file used and converts too. Notes go in each region's
``meta.text`` (where Label Studio keeps a region's comment); ids, authors, times and who
changed each last (``modified_by``, empty when not recorded) in ``meta.annotator``, so our
own files round-trip.
"""

from __future__ import annotations

import io
import json

from ..errors import Problem
from ..model import Annotation, Document, Project, Tag
from ..offsets import Utf16Map
from . import Format, ImportResult, checked, line_endings_fixed, make_annotation, new_document, parse_time, tag_of, unique_ids


def write(project: Project) -> bytes:
    """The tasks' JSON (indented), written one region at a time: its memory is about the
    output's size, not a tree of every region at once."""
    tasks = []
    for n, doc in enumerate(project.documents, start=1):
        data = {"text": doc.text, "title": doc.title, "source_url": doc.source_url, "outlet": doc.outlet, "byline": doc.byline, "published": doc.published}
        tasks.append({"id": n, "data": data, "annotations": [{"id": n, "result": [f"{_SLOT}{n}"] if doc.annotations else []}]})
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
    """Each annotation of ``doc`` as a Label Studio region, offsets in UTF-16 units."""
    units = Utf16Map(doc.text)
    for a in doc.annotations:
        yield {
            "id": a.id[:10],
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": units.to_utf16(a.start), "end": units.to_utf16(a.end), "text": a.quote.exact, "labels": [a.tag.label]},
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
        units = Utf16Map(text)  # offsets in the file refer to the text as it is there
        for region in _regions(task, where, problems):
            _add_region(doc, text, units, moved, region, where, problems, mapping)
        doc.annotations.sort(key=Annotation.sort_key)
        documents.append(doc)
    unique_ids(documents)
    return ImportResult(documents, problems)


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


def _add_region(doc: Document, raw: str, units: Utf16Map, moved, region: dict, where: str, problems: list[Problem], mapping) -> None:
    value = region.get("value") if isinstance(region.get("value"), dict) else {}
    here = f"{where}, region {region.get('id', '?')}"
    if region.get("type") != "labels":
        problems.append(Problem(here, f"regions of type {region.get('type')!r} are not text spans: skipped"))
        return
    start, end, exact = value.get("start"), value.get("end"), value.get("text")
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        problems.append(Problem(here, "has no whole-number start and end: skipped"))
        return
    if 0 <= start <= end <= units.utf16_length:
        # Label Studio counts UTF-16 units; a file from a tool counting code points is
        # recognised by its text not being there in UTF-16 terms.
        cp = units.to_code_point(start), units.to_code_point(end)
        if not isinstance(exact, str) or raw[cp[0]:cp[1]] == exact:
            start, end = cp
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
            doc.text, start, end, tag, ann_id=info.get("id") if k == 0 else None,
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
    keeps="the text, tags, offsets (as UTF-16 units, like Label Studio), quotes; notes in region meta; ids, authors, who changed each last, times",
    loses="verdicts and ratings, review comments and records",
    write=write,
    read=read,
)
