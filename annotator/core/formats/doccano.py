"""doccano JSONL: one line per document, ``{"text": ..., "label": [[start, end, "claim"], ...], ...}``.

Offsets are code points, end exclusive, as doccano counts them (its import takes them as
integers over the Python string). Everything else goes in top-level fields, as doccano
itself writes an example's metadata (``{"id", "text", **meta, "label", "Comments"}``) and
reads every field but ``text`` and ``label`` back into it: the document's ``document_id``,
``title``, ``source_url``, ``outlet``, ``byline``, ``published``, the project's
``project_description``, and ``annotator``: each annotation's note, author, who changed it
last (``modified_by``, empty when not recorded), times and id, so our own files round-trip.
Reading also accepts what doccano versions have written: ``labels`` and ``entities``
triples, ``entities`` objects, the old ``annotations`` list with ``label_name``, and
metadata nested in ``meta`` (our exports before this one, and doccano 1.x).

Links (schema version 10) are written in doccano's relation format beside the spans: each line
also has ``entities`` (``{"id", "start_offset", "end_offset", "label"}``, whole-number ids, one per
span in the order of ``label``) and ``relations`` (``{"id", "from_id", "to_id", "type"}``, the type
one of supports, disputes, attributes, context, plus who made it, ``by``, and when, ``time``).
doccano's "JSONL(Relation)" import, offered for a sequence-labelling project with relations,
reads those two (pydantic ignores the extra keys) and keeps ``label`` as metadata; its plain
JSONL import reads ``label`` and keeps ``entities`` and ``relations`` as metadata. Reading takes
spans from ``label`` where a line has it, each with the id of the entity of the same offsets and
label, else from ``entities`` (doccano's relation export has no ``label``); a relation naming an
entity the line lacks (or one skipped), or a type that is none of ours, is skipped and said. A claim's verdict, reasoning, speaker and outside evidence are in
its ``annotator`` entry; the article's verdict and summary in top-level ``verdict`` and ``summary``.

U+2028 and U+2029 are written as ``\\u2028`` and ``\\u2029``: readers that split lines with
``str.splitlines()`` would cut a line at them.
"""

from __future__ import annotations

import io
import json

from ..errors import Problem
from ..model import Annotation, Document, Link, Project, Relation, Tag, now
from . import Format, ImportResult, _canonical, checked, evidence_from, line_endings_fixed, make_annotation, new_document, parse_time, set_workflow, tag_of, unique_ids


def write(project: Project) -> bytes:
    """One line per document, written an annotation at a time (its memory is about the
    output's size, not a tree of every annotation at once)."""
    out = io.BytesIO()  # getvalue() hands over its buffer: no second copy of the output
    for doc in project.documents:
        fields = {
            "text": doc.text,
            "label": _LABELS,
            "entities": _ENTITIES,
            "relations": _RELATIONS,
            "document_id": doc.id,
            "title": doc.title,
            "source_url": doc.source_url,
            "outlet": doc.outlet,
            "byline": doc.byline,
            "published": doc.published,
            "status": doc.status.value,
            "assignee": doc.assignee,
            "project_description": project.metadata.description,
        }
        if doc.verdict or doc.summary:
            fields.update(verdict=doc.verdict, summary=doc.summary)
        fields["annotator"] = _ANNOTATOR
        line = _dumps(fields)
        index = {a.id: k for k, a in enumerate(doc.annotations)}
        lists = (
            (_LABELS, ([a.start, a.end, a.tag.value] for a in doc.annotations)),
            (_ENTITIES, ({"id": k, "start_offset": a.start, "end_offset": a.end, "label": a.tag.value} for k, a in enumerate(doc.annotations))),
            (_RELATIONS, (
                {"id": k, "from_id": index[a.id], "to_id": index[link.target], "type": link.relation.value, "by": link.by, "time": link.time.isoformat()}
                for k, (a, link) in enumerate((a, link) for a in doc.annotations for link in a.links if link.target in index)
            )),
            (_ANNOTATOR, (_annotator(a) for a in doc.annotations)),
        )
        rest = line
        for placeholder, items in lists:  # the placeholders hold NUL: no text can
            head, rest = rest.split(_dumps(placeholder), 1)
            out.write(head.encode("utf-8"))
            _write_list(out, items)
        out.write((rest + "\n").encode("utf-8"))
    return out.getvalue()


def _annotator(a: Annotation) -> dict:
    ours = {"start": a.start, "end": a.end, "label": a.tag.value, "id": a.id, "note": a.note, "author": a.author,
            "created": a.created.isoformat(), "modified": a.modified.isoformat(), "modified_by": a.modified_by}
    ours.update({name: getattr(a, name) for name in ("verdict", "reasoning", "speaker") if getattr(a, name)})
    if a.evidence:
        ours["evidence"] = [{"url": e.url, "title": e.title, "note": e.note, "by": e.by, "time": e.time.isoformat()} for e in a.evidence]
    return ours


_LABELS, _ENTITIES, _RELATIONS, _ANNOTATOR = "\x00label\x00", "\x00entities\x00", "\x00relations\x00", "\x00annotator\x00"
"""Stand for the lists while the line around them is written."""


def _dumps(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False)`` with U+2028 and U+2029 escaped: JSON allows
    them raw, but ``str.splitlines()`` (and JavaScript before ES2019) ends a line at each."""
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _write_list(out: io.BytesIO, items) -> None:
    """``_dumps(list(items))``, byte for byte, ``_BATCH`` items at a time: one ``json.dumps``
    in C per batch is three times quicker than one per item (a workspace export writes
    thousands of lines), and memory stays bounded by the batch, not the list."""
    out.write(b"[")
    batch: list = []
    first = True
    for item in items:
        batch.append(item)
        if len(batch) == _BATCH:
            out.write((("" if first else ", ") + _dumps(batch)[1:-1]).encode("utf-8"))
            batch, first = [], False
    if batch:
        out.write((("" if first else ", ") + _dumps(batch)[1:-1]).encode("utf-8"))
    out.write(b"]")


_BATCH = 256


def read(data: bytes, article: Document | None = None, mapping: dict[str, Tag] | None = None) -> ImportResult:
    text = data.decode("utf-8-sig")
    records, problems = _records(text)
    documents = []
    description, doc_ids = "", set()  # a document id given twice is kept by the first only
    pending: list[tuple[str, dict[str, int], object]] = []  # per document: its relations, resolved once ids are final
    for n, record in records:
        where = f"line {n}"
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"]:
            problems.append(Problem(where, "has no text: skipped"))
            continue
        meta = _metadata(record)
        extra: dict[tuple, list[dict]] = {}  # our own notes etc., found by their span, not their place
        for info in meta.get("annotator") if isinstance(meta.get("annotator"), list) else []:
            key = _span_key(info.get("start"), info.get("end"), info.get("label")) if isinstance(info, dict) else None
            if key is not None:
                extra.setdefault(key, []).append(info)
        text, moved = line_endings_fixed(record["text"])
        url = meta.get("source_url") if isinstance(meta.get("source_url"), str) else None
        doc = new_document(
            text, where, fields_at=meta.place(""), title=str(meta.get("title") or f"Document {n}"), source_url=url,
            **{key: meta[key] for key in ("outlet", "byline", "published") if isinstance(meta.get(key), str)},
        )
        set_workflow(doc, meta, where, meta.place)
        doc_id = meta.get("document_id", record.get("id"))
        if _canonical(doc_id) and doc_id not in doc_ids:
            doc.id = doc_id
        doc_ids.add(doc.id)
        if not description and isinstance(meta.get("project_description"), str):
            description = checked(meta["project_description"], f"{where}, {meta.place('project_description')}")
        for key in ("verdict", "summary"):
            if isinstance(meta.get(key), str):
                setattr(doc, key, checked(meta[key], f"{where}, {meta.place(key)}"))
        made: dict[str, int] = {}  # entity id -> the index of its annotation
        for start, end, label, author, entity in _spans(record):
            tag = tag_of(label, mapping) if isinstance(label, (str, int, float)) and not isinstance(label, bool) else None
            if tag is None:
                problems.append(Problem(f"{where}, span {_short(start)}-{_short(end)}", f"label {_short(label)} is none of claim, quote, source, unverified: skipped"))
                continue
            key = _span_key(start, end, label)
            matching = extra.get(key) if key is not None else None
            info = matching.pop(0) if matching else {}
            if isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool) and not isinstance(end, bool):
                start, end = moved(start), moved(end)
            here = f"{where}, span {_short(start)}-{_short(end)}"
            ann = make_annotation(
                doc.text, start, end, tag, ann_id=info.get("id"), note=str(info.get("note") or ""),
                author=str(info.get("author") or author or ""), created=parse_time(info.get("created")),
                modified=parse_time(info.get("modified")), where=here, problems=problems,
            )
            if ann is not None:
                by = info.get("modified_by")
                by = checked(by, f"{here}, {meta.place('annotator')}.modified_by") if isinstance(by, str) else ""
                facts = {name: checked(info[name], f"{here}, {meta.place('annotator')}.{name}") for name in ("verdict", "reasoning", "speaker") if isinstance(info.get(name), str)}
                evidence = evidence_from(info.get("evidence"), f"{here}, {meta.place('annotator')}.evidence", problems)
                if _entity_key(entity) is not None:
                    made.setdefault(_entity_key(entity), len(doc.annotations))
                doc.annotations.append(ann.model_copy(update={"modified_by": by, **facts, "evidence": evidence}))
        documents.append(doc)
        pending.append((where, made, record.get("relations")))
    unique_ids(documents)  # ids are final before links name them
    for doc, (where, made, relations) in zip(documents, pending):
        _add_relations(doc, where, made, relations, problems)
        doc.annotations.sort(key=Annotation.sort_key)
    return ImportResult(documents, problems, description)


def _entity_key(value: object) -> str | None:
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _add_relations(doc: Document, where: str, made: dict[str, int], relations: object, problems: list[Problem]) -> None:
    """doccano's relations as links between the annotations made of their entities; each that
    can't be one is skipped with a line saying why."""
    if not isinstance(relations, list):
        return
    links: dict[int, list[Link]] = {}
    for k, relation in enumerate(relations):
        here = f"{where}, relation {k + 1}"
        if not isinstance(relation, dict):
            problems.append(Problem(here, "is not an object: skipped"))
            continue
        start, end, kind = relation.get("from_id"), relation.get("to_id"), relation.get("type")
        missing = [ref for ref in (start, end) if _entity_key(ref) not in made]
        if missing:
            problems.append(Problem(here, f"names entity {', '.join(map(_short, missing))}, which is not among the line's imported entities: skipped"))
            continue
        source, target = made[_entity_key(start)], made[_entity_key(end)]
        try:
            kind = Relation(str(kind).strip().casefold())
        except ValueError:
            problems.append(Problem(here, f"type {_short(kind)} is none of {', '.join(r.value for r in Relation)}: skipped"))
            continue
        target_id = doc.annotations[target].id
        have = links.setdefault(source, list(doc.annotations[source].links))
        if source == target or any(link.target == target_id and link.relation == kind for link in have):
            problems.append(Problem(here, "links an entity to itself: skipped" if source == target else f"repeats the link {kind.value}: skipped"))
            continue
        by = checked(relation["by"], f"{here}, by") if isinstance(relation.get("by"), str) else ""
        have.append(Link(target=target_id, relation=kind, by=by, time=parse_time(relation.get("time")) or now()))
    for n, have in links.items():
        doc.annotations[n] = doc.annotations[n].model_copy(update={"links": tuple(have)})


class _Metadata(dict):
    """A record's metadata: its top-level fields, as doccano writes them; or, where the
    record has none of ours there, its ``meta`` object (our older exports, doccano 1.x).
    ``nested`` names that object, for messages; None for top-level fields."""

    nested: str | None = None

    def place(self, key: str) -> str:
        return key if self.nested is None else f"{self.nested}.{key}"


_OURS = ("document_id", "title", "source_url", "outlet", "byline", "published", "status", "assignee", "project_description", "annotator", "verdict", "summary")


def _metadata(record: dict) -> _Metadata:
    if any(key in record for key in _OURS) or not isinstance(record.get("meta"), dict):
        return _Metadata(record)
    meta = _Metadata(record["meta"])
    meta.nested = "meta"
    return meta


def _span_key(start: object, end: object, label: object) -> tuple | None:
    """A span's (start, end, label) to match our meta.annotator entries by; None when any
    part is a list, an object or a truth value (no offsets or label of ours)."""
    parts = (start, end, label)
    if all(isinstance(p, (int, str)) and not isinstance(p, bool) for p in parts):
        return parts
    return None


def _short(value: object, limit: int = 40) -> str:
    """A value from the file for a message: its repr, cut short."""
    text = repr(value) if not isinstance(value, int) or isinstance(value, bool) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _records(text: str) -> tuple[list[tuple[int, object]], list[Problem]]:
    """JSON Lines, or one pretty-printed JSON value per record (doccano writes both)."""
    decoder = json.JSONDecoder()
    records, problems = [], []
    pos, line = 0, 1
    while True:
        while pos < len(text) and text[pos].isspace():
            line += text[pos] == "\n"
            pos += 1
        if pos >= len(text):
            break
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            problems.append(Problem(f"line {line}", f"not valid JSON: {exc.msg}"))
            break
        records.append((line, value))
        line += text.count("\n", pos, end)
        pos = end
    return records, problems


def _spans(record: dict) -> list[tuple[object, object, object, str, object]]:
    """(start, end, label, author, entity id) from any of doccano's span layouts. A line with
    ``label`` (doccano's sequence labelling, and ours) takes its spans from there, and gives each
    the id of the entity at the same offsets with the same label, if the line has ``entities``
    objects: doccano keeps those as metadata, so after spans were changed in doccano a relation
    to an entity that no longer is one is reported, never attached to another span."""
    for key in ("label", "labels", "entities"):
        value = record.get(key)
        if isinstance(value, list):
            out = []
            for span in value:
                if isinstance(span, list) and len(span) >= 2:
                    out.append((span[0], span[1], span[2] if len(span) > 2 else None, "", None))
                elif isinstance(span, dict):
                    out.append((span.get("start_offset"), span.get("end_offset"), span.get("label"), "", span.get("id")))
            entities = record.get("entities")
            if key != "entities" and isinstance(entities, list) and isinstance(record.get("relations"), list):
                ids: dict[tuple, list] = {}
                for entity in entities:
                    found = _span_key(entity.get("start_offset"), entity.get("end_offset"), entity.get("label")) if isinstance(entity, dict) else None
                    if found is not None:
                        ids.setdefault(found, []).append(entity.get("id"))
                out = [(a, b, label, who, (ids.get(_span_key(a, b, label)) or [None]).pop(0)) for a, b, label, who, _ in out]
            return out
    old = record.get("annotations")
    if isinstance(old, list):
        return [
            (a.get("start_offset"), a.get("end_offset"), a.get("label_name", a.get("label")), str(a.get("user_name") or ""), None)
            for a in old if isinstance(a, dict)
        ]
    return []


FORMAT = Format(
    name="doccano",
    title="doccano JSONL (sequence labeling)",
    extension=".jsonl",
    keeps=("the text, tags and code-point offsets; the article's id, title, URL, outlet, byline, date, status and assignee, its verdict and summary, and the project's description as metadata fields; "
           "notes, authors, who changed each last, times with their UTC offset, ids, verdicts, reasoning, speakers and outside evidence in the annotator field; "
           "links in doccano's relation format (entities and relations, typed supports, disputes, attributes or context) with who made them when"),
    loses=("the project's title (the first article's is used), creation time, publishing details and rating scale (verdicts are kept by name); review comments and records, orphans and links to them; "
           "doccano's own browser view counts UTF-16 units, so after an emoji it shows spans one unit early"),
    write=write,
    read=read,
)
