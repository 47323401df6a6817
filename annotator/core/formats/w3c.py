"""W3C Web Annotation (JSON-LD): an AnnotationCollection whose first AnnotationPage holds
every annotation. Each has a tagging body (the tag), a commenting body (the note), a
creator, times, and a target with a TextQuoteSelector and a TextPositionSelector in code
points. See https://www.w3.org/TR/annotation-model/ and annotation-vocab/.

Who changed an annotation last: the Data Model's lifecycle terms (section 3.3.1) are
``creator``, ``created``, ``modified``, ``generator`` and ``generated``; none names who
modified it (``generator`` is the software that serialized it). So the last changer goes in
``dcterms:contributor``, an Agent like ``creator``. The Vocabulary's Extensions section (4)
recommends such a CURIE when its prefix is already in the Web Annotation context (``dcterms``
is), so the JSON-LD stays valid with the one standard ``@context``. It is written whenever the
annotation records its last changer (usually the creator again: then it repeats ``creator``),
and left out when it does not (files from before schema 6), so nothing is invented and our
own files come back the same.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from datetime import datetime, timezone

from ..errors import Problem
from ..model import Annotation, Document, Project, Tag
from ..text_safety import dumps_for_html
from . import Format, ImportResult, make_annotation, parse_time, tag_of

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTRIBUTOR = "dcterms:contributor"
"""Who changed the annotation last (the Data Model has no term of its own for that)."""
CONTRIBUTOR_IRI = "http://purl.org/dc/terms/contributor"
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def source_of(doc: Document) -> str:
    """The document's URL, or a stable URN made from its id."""
    return doc.source_url or f"urn:uuid:{doc.id}"


def utc(moment: datetime) -> str:
    """xsd:dateTime in UTC with a Z, as the Data Model requires for created and modified."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def annotation_json(doc: Document, ann: Annotation) -> dict:
    body = [{"type": "TextualBody", "purpose": "tagging", "value": ann.tag.value}]
    if ann.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": ann.note, "format": "text/plain"})
    if ann.verdict:
        body.append({"type": "TextualBody", "purpose": "assessing", "value": ann.verdict})
    item = {
        "id": f"urn:uuid:{ann.id}",
        "type": "Annotation",
        "motivation": "tagging",
        "body": body,
        "target": {
            "source": source_of(doc),
            "selector": [
                {"type": "TextQuoteSelector", "exact": ann.quote.exact,
                 **({"prefix": ann.quote.prefix} if ann.quote.prefix else {}),
                 **({"suffix": ann.quote.suffix} if ann.quote.suffix else {})},
                {"type": "TextPositionSelector", "start": ann.start, "end": ann.end},
            ],
        },
        "created": utc(ann.created),
        "modified": utc(ann.modified),
    }
    if ann.author:
        item["creator"] = {"type": "Person", "name": ann.author}
    if ann.modified_by:
        item[CONTRIBUTOR] = {"type": "Person", "name": ann.modified_by}
    return item


def write(project: Project) -> bytes:
    """The collection's JSON, written one annotation at a time: its memory is about the
    output's size, never a tree of every annotation at once. HTML-safe (``<``, ``>``, ``&`` and
    bidirectional controls are ``\\uXXXX`` escapes), so it can sit in a ``<script>`` block."""
    total = sum(len(doc.annotations) for doc in project.documents)
    collection = uuid.uuid5(uuid.NAMESPACE_URL, "annotator:" + ",".join(doc.id for doc in project.documents))
    data = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{collection}",
        "type": "AnnotationCollection",
        "label": project.metadata.title or project.documents[0].title,
        "total": total,
    }
    if not total:  # a page holds at least one annotation
        return (dumps_for_html(data) + "\n").encode("utf-8")
    data["first"] = {
        "id": f"urn:uuid:{uuid.uuid5(collection, 'page-1')}",
        "type": "AnnotationPage",
        "partOf": f"urn:uuid:{collection}",
        "startIndex": 0,
        "items": [_SLOT],
    }
    head, tail = dumps_for_html(data).rsplit(json.dumps(_SLOT), 1)  # the last: a label may hold the same
    out = io.BytesIO()  # getvalue() hands over its buffer: no second copy of the output
    out.write(head.encode("utf-8"))
    first = True
    for doc in project.documents:
        for ann in doc.annotations:
            if not first:
                out.write(b",\n" + b" " * 6)
            first = False
            out.write(dumps_for_html(annotation_json(doc, ann), level=3).encode("utf-8"))
    out.write((tail + "\n").encode("utf-8"))
    return out.getvalue()


_SLOT = "\x00items\x00"
"""Stands for the items while the collection around them is written."""


def read(data: bytes, article: Document | None, mapping: dict[str, Tag] | None = None) -> ImportResult:
    """Annotations of one article: a collection, a page, a list (as RecogitoJS writes) or one."""
    if article is None:
        raise ValueError("W3C annotations do not carry the article's text: give the article too")
    raw = json.loads(data.decode("utf-8-sig"))
    problems: list[Problem] = []
    items = _items(raw, problems)
    doc = article.model_copy(update={"annotations": []}, deep=True)
    # One article per import: the annotations of the first source named (or of the article's URL).
    sources = [_source(item) for item in items]
    chosen = article.source_url if article.source_url in sources else next((s for s in sources if s), None)
    if chosen and not chosen.startswith("urn:") and doc.source_url is None:
        doc.source_url = chosen
    used: set[str] = set()
    for n, item in enumerate(items):
        where = f"annotation {n + 1}" + (f" ({item.get('id')})" if isinstance(item, dict) and item.get("id") else "")
        if sources[n] and chosen and sources[n] != chosen:
            problems.append(Problem(where, f"is about another document ({sources[n]}): skipped; import that one with its own article"))
            continue
        for ann in _annotations(item, doc.text, where, problems, mapping):
            if ann.id in used:
                ann = ann.model_copy(update={"id": str(uuid.uuid4())})
            used.add(ann.id)
            doc.annotations.append(ann)
    doc.annotations.sort(key=Annotation.sort_key)
    return ImportResult([doc], problems)


def _is(node: object, kind: str) -> bool:
    """``type`` is the kind, or a list holding it (JSON-LD allows both)."""
    if not isinstance(node, dict):
        return False
    value = node.get("type")
    return value == kind or (isinstance(value, list) and kind in value)


def _items(raw: object, problems: list[Problem]) -> list:
    if isinstance(raw, list):
        return raw
    if _is(raw, "AnnotationCollection"):
        first = raw.get("first")
        if isinstance(first, dict):
            return first.get("items", []) if isinstance(first.get("items"), list) else []
        if first is not None:
            problems.append(Problem("first", f"the collection's pages are not in the file (first is a link: {first!r}); save them with the annotations embedded"))
        return []
    if _is(raw, "AnnotationPage"):
        return raw.get("items", []) if isinstance(raw.get("items"), list) else []
    if _is(raw, "Annotation"):
        return [raw]
    raise ValueError("not W3C Web Annotation JSON: expected an Annotation, AnnotationPage, AnnotationCollection or a list")


def _source(item: object) -> str | None:
    target = item.get("target") if isinstance(item, dict) else None
    target = target[0] if isinstance(target, list) and target else target
    if isinstance(target, str):
        return target
    source = target.get("source") if isinstance(target, dict) else None
    return source if isinstance(source, str) else None


def _annotations(item: object, text: str, where: str, problems: list[Problem], mapping: dict[str, Tag] | None) -> list[Annotation]:
    if not _is(item, "Annotation"):
        problems.append(Problem(where, "is not an Annotation"))
        return []
    bodies = item.get("body", [])
    bodies = bodies if isinstance(bodies, list) else [bodies]
    labels = [b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") in ("tagging", "classifying")]
    notes = [b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") in (None, "commenting", "describing")]
    notes = [n for n in notes if isinstance(n, str) and n]
    verdicts = [b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") == "assessing"]
    verdict = next((v for v in verdicts if isinstance(v, str)), "")
    tags = [tag_of(label, mapping) for label in labels]
    unknown = [label for label, tag in zip(labels, tags) if tag is None]
    if unknown:
        problems.append(Problem(where, f"its tags {unknown} are none of claim, quote, source, unverified: skipped"))
    if not any(tags):
        if not unknown:
            problems.append(Problem(where, "has no tag (a comment only): skipped"))
        return []
    target = item.get("target", {})
    target = target[0] if isinstance(target, list) and target else target
    selectors = target.get("selector", []) if isinstance(target, dict) else []
    selectors = selectors if isinstance(selectors, list) else [selectors]
    position = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), None)
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
    exact = quote.get("exact") if quote else None
    if position is not None:
        start, end = position.get("start"), position.get("end")
    elif isinstance(exact, str) and exact in text:
        start = text.index(exact)
        end = start + len(exact)
    else:
        problems.append(Problem(where, "has neither a TextPositionSelector nor a quote found in the text: skipped"))
        return []
    author = _agent_name(item.get("creator"))
    modified_by = _agent_name(item[CONTRIBUTOR] if CONTRIBUTOR in item else item.get(CONTRIBUTOR_IRI))
    match = UUID_RE.search(str(item.get("id", "")))
    created, modified = parse_time(item.get("created")), parse_time(item.get("modified"))
    out = []
    for n, tag in enumerate(t for t in tags if t is not None):
        ann = make_annotation(
            text, start, end, tag, ann_id=match.group().lower() if match and n == 0 else None,
            note="\n\n".join(notes), author=author, created=created, modified=modified or created,
            exact=exact if isinstance(exact, str) else None, where=where, problems=problems,
        )
        if ann is not None:
            out.append(ann.model_copy(update={"verdict": verdict, "modified_by": modified_by}))
    return out


def _agent_name(agent: object) -> str:
    """The name of an Agent (the first of a list), or the agent itself when given as a string."""
    agent = agent[0] if isinstance(agent, list) and agent else agent
    name = agent.get("name", "") if isinstance(agent, dict) else agent if isinstance(agent, str) else ""
    name = name[0] if isinstance(name, list) and name else name  # an Agent MAY have several names
    return "" if name is None or isinstance(name, (list, dict)) else str(name)


FORMAT = Format(
    name="w3c",
    title="W3C Web Annotation (JSON-LD)",
    extension=".w3c.json",
    keeps="tags, notes, verdicts (an assessing body), authors (creator) and who changed each last (dcterms:contributor), times, ids, code-point offsets and quotes with prefix/suffix",
    loses="ratings, review comments and records; the article text itself (targets point to the source URL or a urn:uuid)",
    write=write,
    read=read,
)
