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

The fact-check (schema version 10): each link is a result of Label Studio's own ``relation``
type (``{"type": "relation", "from_id", "to_id", "direction": "right", "labels": ["Supports"]}``,
the ids the regions' ids; a labelling config shows them with ``<Relations><Relation
value="Supports"/>...``), with who made it when in its ``meta.annotator``. A claim's verdict,
reasoning, speaker and outside evidence go in its region's ``meta.annotator``, the article's
verdict and summary in the task's. An import reads relations from Label Studio too: one naming a
region the task lacks (or one skipped), with a label that is none of supports, disputes,
attributes, context, or none at all, is skipped and said; ``"direction": "left"`` runs from
``to_id`` to ``from_id``, and ``"bi"`` is taken as from ``from_id`` to ``to_id``, and said.
"""

from __future__ import annotations

import io
import json

from ..errors import Problem
from ..model import Annotation, Document, Link, Project, Relation, Tag, now
from ..offsets import Utf16Map
from . import Format, ImportResult, _canonical, checked, evidence_from, line_endings_fixed, make_annotation, new_document, parse_time, set_workflow, tag_of, unique_ids


def write(project: Project) -> bytes:
    """The tasks' JSON (indented), written one region at a time: its memory is about the
    output's size, not a tree of every region at once."""
    tasks = []
    for n, doc in enumerate(project.documents, start=1):
        data = {"text": doc.text, "title": doc.title, "source_url": doc.source_url, "outlet": doc.outlet, "byline": doc.byline, "published": doc.published,
                "status": doc.status.value, "assignee": doc.assignee}
        meta = {"annotator": {"document_id": doc.id, "project_description": project.metadata.description}}
        if doc.verdict or doc.summary:
            meta["annotator"].update(verdict=doc.verdict, summary=doc.summary)
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


def _region_ids(doc: Document) -> list[str]:
    """Each annotation's region id: its own id (a second copy of an id, which no valid project
    has, gets a suffix: ids within a task must differ)."""
    seen: set[str] = set()
    ids = []
    for a in doc.annotations:
        region_id, k = a.id, 1
        while region_id in seen:
            region_id, k = f"{a.id}-{k}", k + 1
        seen.add(region_id)
        ids.append(region_id)
    return ids


def _regions_of(doc: Document):
    """Each annotation of ``doc`` as a Label Studio region, offsets in code points, then each
    link as a relation between two regions."""
    ids = _region_ids(doc)
    for a, region_id in zip(doc.annotations, ids):
        ours = {"id": a.id, "author": a.author, "created": a.created.isoformat(), "modified": a.modified.isoformat(), "modified_by": a.modified_by}
        ours.update({name: getattr(a, name) for name in ("verdict", "reasoning", "speaker") if getattr(a, name)})
        if a.evidence:
            ours["evidence"] = [{"url": e.url, "title": e.title, "note": e.note, "by": e.by, "time": e.time.isoformat()} for e in a.evidence]
        yield {
            "id": region_id,
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": a.start, "end": a.end, "text": a.quote.exact, "labels": [a.tag.label]},
            "meta": {"text": [a.note] if a.note else [], "annotator": ours},
        }
    region_of = {a.id: region_id for a, region_id in zip(doc.annotations, ids)}
    for a, region_id in zip(doc.annotations, ids):
        for link in a.links:
            if link.target in region_of:  # a link to an orphan has no region (orphans are not exported)
                yield {
                    "from_id": region_id, "to_id": region_of[link.target], "type": "relation", "direction": "right", "labels": [link.relation.label],
                    "meta": {"annotator": {"by": link.by, "time": link.time.isoformat()}},
                }


def read(data: bytes, article: Document | None = None, mapping: dict[str, Tag] | None = None) -> ImportResult:
    raw = json.loads(data.decode("utf-8-sig"))
    tasks = raw if isinstance(raw, list) else [raw]
    problems: list[Problem] = []
    documents = []
    description, doc_ids = "", set()  # a document id given twice is kept by the first only
    pending: list[tuple[str, dict[str, int], list[dict]]] = []  # per document: its relations, resolved once ids are final
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
        for key, field in (("verdict", "verdict"), ("summary", "summary")):
            if isinstance(ours.get(key), str):
                setattr(doc, field, checked(ours[key], f"{where}, meta.annotator.{key}"))
        regions = _regions(task, where, problems)
        units = _utf16_units(text, regions, where, problems)  # offsets in the file refer to the text as it is there
        made: dict[str, int] = {}  # region id -> the index of the first annotation made of it
        relations = []
        for region in regions:
            if region.get("type") == "relation":
                relations.append(region)
                continue
            before = len(doc.annotations)
            _add_region(doc, text, units, moved, region, where, problems, mapping)
            key = _key(region.get("id"))
            if len(doc.annotations) > before and key is not None:
                made.setdefault(key, before)
        documents.append(doc)
        pending.append((where, made, relations))
    unique_ids(documents)  # in the file's order: of regions sharing an id, the first keeps it
    for doc, (where, made, relations) in zip(documents, pending):
        _add_relations(doc, where, made, relations, problems)
        doc.annotations.sort(key=Annotation.sort_key)
    return ImportResult(documents, problems, description)


def _key(value: object) -> str | None:
    """A region id as a key: a string, or a whole number as one; None for anything else."""
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _add_relations(doc: Document, where: str, made: dict[str, int], relations: list[dict], problems: list[Problem]) -> None:
    """Label Studio's relation results as links between the annotations made of their regions;
    each that can't be one is skipped with a line saying why."""
    links: dict[int, list[Link]] = {}
    for relation in relations:
        start, end = relation.get("from_id"), relation.get("to_id")
        here = f"{where}, relation {_shown(start)} → {_shown(end)}"
        direction = relation.get("direction", "right")
        if direction == "left":
            start, end = end, start
        elif direction == "bi":
            problems.append(Problem(here, "runs both ways; taken as a link from its from_id to its to_id, the other way not imported"))
        elif direction != "right":
            problems.append(Problem(here, f"direction {_shown(direction)} is none of right, left, bi: taken as right"))
        missing = [ref for ref in (start, end) if _key(ref) not in made]
        if missing:
            problems.append(Problem(here, f"names region {', '.join(map(_shown, missing))}, which is not among the task's imported regions: skipped"))
            continue
        source, target = made[_key(start)], made[_key(end)]
        if source == target:
            problems.append(Problem(here, "links a region to itself: skipped"))
            continue
        labels = relation.get("labels")
        labels = labels if isinstance(labels, list) else []
        if not labels:
            problems.append(Problem(here, f"has no label saying which of {', '.join(r.value for r in Relation)} it is: skipped"))
        info = relation.get("meta", {}).get("annotator") if isinstance(relation.get("meta"), dict) else None
        info = info if isinstance(info, dict) else {}
        by = checked(info["by"], f"{here}, meta.annotator.by") if isinstance(info.get("by"), str) else ""
        moment = parse_time(info.get("time")) or now()
        target_id = doc.annotations[target].id
        for label in labels:
            try:
                kind = Relation(str(label).strip().casefold())
            except ValueError:
                problems.append(Problem(here, f"label {_shown(label)} is none of {', '.join(r.value for r in Relation)}: skipped"))
                continue
            have = links.setdefault(source, list(doc.annotations[source].links))
            if any(link.target == target_id and link.relation == kind for link in have):
                problems.append(Problem(here, f"repeats the link {kind.value}: skipped"))
                continue
            have.append(Link(target=target_id, relation=kind, by=by, time=moment))
    for n, have in links.items():
        doc.annotations[n] = doc.annotations[n].model_copy(update={"links": tuple(have)})


def _shown(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
            facts = {name: checked(info[name], f"{here}, meta.annotator.{name}") for name in ("verdict", "reasoning", "speaker") if isinstance(info.get(name), str)}
            doc.annotations.append(ann.model_copy(update={"modified_by": by, **facts, "evidence": evidence_from(info.get("evidence"), f"{here}, meta.annotator.evidence", problems)}))


FORMAT = Format(
    name="labelstudio",
    title="Label Studio tasks (JSON)",
    extension=".labelstudio.json",
    keeps=("the text, tags, code-point offsets (as Label Studio counts since 2022; older files' UTF-16 units are recognised), quotes; the article's details, status, assignee and id in data and meta; "
           "the project's description; notes in region meta; ids (each region's id is its annotation's), authors, who changed each last, times with their UTC offset; "
           "links as Label Studio relations (labelled Supports, Disputes, Attributes, Context) with who made them when; verdicts, reasoning, speakers and outside evidence in region meta, "
           "the article's verdict and summary in the task's meta"),
    loses="the project's title (the first article's is used), creation time, publishing details and rating scale (verdicts are kept by name); review comments and records, orphans and links to them",
    write=write,
    read=read,
)
