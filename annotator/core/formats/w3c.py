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

The article is the target's ``source``, a resource (section 4: "The source resource MAY be
described in detail ... or be just the resource's IRI") of type Text: its ``id`` is the
article's address as a URI (``iri_to_uri``) or a ``urn:uuid`` of the document, with Dublin Core
terms for what the article says of itself (dc:title, dc:publisher, dc:creator,
dcterms:issued), our document id (dcterms:identifier) and, when the address had to be
encoded, the address as written (schema:url), so an import gives back the same document.

Times: ``created`` and ``modified`` "MUST be a xsd:dateTime with the UTC timezone expressed as
Z" (section 3.3.1), so they are written in UTC. The offset the time was written with (a
fact-checker's local time) would be lost, so a time with another offset is also written as
``schema:dateCreated`` / ``schema:dateModified`` with it; an import takes that one when it is
the same instant.

Review comments are bodies with the purpose ``replying``, each with its creator and time, and
its verdict (accepted, rejected, disputed) as the name of a ``schema:reviewRating``.

The fact-check (schema version 10):

- A claim's verdict is a body with the purpose ``assessing`` whose value is the verdict's name;
  its reasoning is a second ``assessing`` body, ``text/plain``, marked ``"dc:type": "reasoning"``
  (Dublin Core's "nature or genre of the resource": which of the two assessments it is).
- The speaker (who said the quoted words) is ``schema:author`` of the target, a Person: the
  target is the quoted segment, and its author is who said it (as Claim.author in ClaimReview).
- Outside evidence is a body with the purpose ``linking``: a SpecificResource whose ``source`` is
  the evidence's address as a URI (with ``dc:title``, and ``schema:url`` as written when it had to
  be encoded), with the note as ``dc:description`` and who added it when as its ``creator`` and
  ``created`` (section 3.3.5: a purpose for an external resource goes on a SpecificResource).
- Each link is an annotation of its own with the motivation ``linking`` (the Vocabulary's
  motivation for linking a target to a resource related to it): its ``target`` is the IRI of the
  annotation the link starts from (``urn:uuid:`` of its id), its bodies are a SpecificResource
  with the purpose ``linking`` whose ``source`` names the linked annotation, and a ``tagging``
  TextualBody whose value is the relation (supports, disputes, attributes, context), as RecogitoJS
  types its relations (a tagging body, ``isRelatedTo``); who made it when are its ``creator`` and
  ``created``. An import also reads RecogitoJS's own form (``target`` a list of the two
  annotations, the first linking to the second); a relation that is none of ours, or a link to
  an annotation the file does not hold, is skipped and said.
- The article's overall verdict and summary are an annotation of the whole article (its
  ``target`` a SpecificResource of the article with no selector) with the motivation ``assessing``: an
  ``assessing`` body with the verdict and one marked ``"dc:type": "summary"`` with the summary.

The project's rating scale has no place in the Web Annotation model and is not written; each
verdict is written by name.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import uuid
from datetime import datetime, timezone

from ..errors import Problem
from ..model import Annotation, Comment, Document, Evidence, Link, Project, Relation, ReviewStatus, Tag, now, url_problem
from ..text_safety import dumps_for_html
from . import Format, ImportResult, checked, make_annotation, parse_time, tag_of

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTRIBUTOR = "dcterms:contributor"
"""Who changed the annotation last (the Data Model has no term of its own for that)."""
CONTRIBUTOR_IRI = "http://purl.org/dc/terms/contributor"
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

ARTICLE_TERMS = (("title", "dc:title"), ("outlet", "dc:publisher"), ("byline", "dc:creator"), ("published", "dcterms:issued"))
"""Document fields and the Dublin Core terms the target's source carries them in (dc: terms
take plain literals, as these are: a byline is a name, not an Agent with an IRI)."""
DOCUMENT_ID = "dcterms:identifier"
WRITTEN_AS = "schema:url"
"""The article's address as the project has it, when the source's id had to encode it."""
LOCAL_TIMES = (("created", "schema:dateCreated"), ("modified", "schema:dateModified"))
STATUS = "schema:reviewRating"
"""A review comment's verdict (accepted, rejected, disputed), as the name of its rating: a
review comment is a schema.org Review of the annotation, as ClaimReview's are of claims."""
KIND = "dc:type"
"""Which of a claim's assessing bodies is the reasoning, and which of an article's its summary."""
SPEAKER = "schema:author"
"""On the target: who said the quoted words."""
TITLE = "dc:title"
DESCRIPTION = "dc:description"
"""The project's description, on the collection."""
SCHEMA_IRI = "http://schema.org/"
PREFIXES = {"dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/", "schema": "http://schema.org/"}
"""The Web Annotation context's prefixes used above, to read full IRIs too (JSON-LD allows both)."""

# RFC 3986 section 2 and 3: what each part of a URI may hold as it is; all else is %XX.
_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_SUB_DELIMS = "!$&'()*+,;="
_REG_NAME = frozenset(_UNRESERVED + _SUB_DELIMS)
_USERINFO = _REG_NAME | {":"}
_PATH = _USERINFO | {"@", "/"}
_QUERY = _PATH | {"?"}
_DNS_SCHEMES = {"http", "https", "ws", "wss", "ftp"}
_DOTS = re.compile("[.\u3002\uff0e\uff61]")  # the label separators IDNA (RFC 3490 3.1) knows
_HEX = frozenset("0123456789abcdefABCDEF")


def _escaped(part: str, allowed: frozenset[str]) -> str:
    """``part`` with every character ``allowed`` does not hold written as UTF-8 %XX, except a
    ``%`` that already starts a %XX: an address encoded before is never encoded twice."""
    out = []
    for i, ch in enumerate(part):
        if ch in allowed or (ch == "%" and len(part) >= i + 3 and part[i + 1] in _HEX and part[i + 2] in _HEX):
            out.append(ch)
        else:
            out.extend(f"%{byte:02X}" for byte in ch.encode("utf-8"))
    return "".join(out)


def _ascii_host(host: str) -> str:
    """A domain name's non-ASCII labels as IDNA A-labels (``xn--`` and punycode, RFC 3492), as
    RFC 3987 section 3.1 allows for schemes that use DNS, where %XX would not resolve. Labels
    are NFC and lower case first, as UTS 46 maps them (ß stays ß, as IDNA 2008 has it)."""
    labels = _DOTS.split(host)
    return ".".join(
        label if label.isascii() else "xn--" + unicodedata.normalize("NFC", label).lower().encode("punycode").decode("ascii")
        for label in labels
    )


def iri_to_uri(iri: str) -> str | None:
    """The URI an IRI maps to (RFC 3987 section 3.1: each character a URI cannot hold as UTF-8
    %XX; a host name of a web scheme in punycode), or None when ``iri`` is no absolute IRI
    (no scheme, a port that is not a number, a broken [IP literal])."""
    match = re.fullmatch(r"([A-Za-z][A-Za-z0-9+.\-]*):(.*)", iri, re.DOTALL)
    if match is None:
        return None
    scheme, rest = match.groups()
    rest, hashed, fragment = rest.partition("#")
    authority = None
    if rest.startswith("//"):
        cut = re.search(r"[/?]|$", rest[2:]).start() + 2
        authority, rest = rest[2:cut], rest[cut:]
    path, asked, query = rest.partition("?")
    out = [scheme, ":"]
    if authority is not None:
        userinfo, at, hostport = authority.rpartition("@")
        if hostport.startswith("["):
            close = hostport.find("]")
            host, port = hostport[: close + 1], hostport[close + 1 :]
            if close < 0 or not re.fullmatch(r"\[[0-9A-Za-z:.\-_~!$&'()*+,;=]+\]", host):
                return None
        else:
            host, colon, port = hostport.rpartition(":") if ":" in hostport else (hostport, "", "")
            port = colon + port
            if scheme.lower() in _DNS_SCHEMES and not host.isascii():
                host = _ascii_host(host)
            host = _escaped(host, _REG_NAME)
        if not re.fullmatch(r"(:[0-9]*)?", port):
            return None
        out += ["//", _escaped(userinfo, _USERINFO), at, host, port]
    out += [_escaped(path, _PATH), asked, _escaped(query, _QUERY), hashed, _escaped(fragment, _QUERY)]
    return "".join(out)


def document_iri(doc: Document) -> str:
    """A URN naming the document: urn:uuid of its id (or of a UUID made from an id that is none)."""
    try:
        canonical = str(uuid.UUID(doc.id)) == doc.id
    except ValueError:
        canonical = False
    return f"urn:uuid:{doc.id if canonical else uuid.uuid5(uuid.NAMESPACE_URL, 'annotator:document:' + doc.id)}"


def source_of(doc: Document) -> str:
    """The id of the document's resource: its address as a URI, or a URN made from its id."""
    return (iri_to_uri(doc.source_url) if doc.source_url else None) or document_iri(doc)


def source_resource(doc: Document) -> dict:
    """The target's source: the article as a resource with what is known of it."""
    resource = {"id": source_of(doc), "type": "Text"}
    if doc.source_url and doc.source_url != resource["id"]:
        resource[WRITTEN_AS] = doc.source_url
    for name, term in ARTICLE_TERMS:
        if getattr(doc, name):
            resource[term] = getattr(doc, name)
    if resource["id"] != f"urn:uuid:{doc.id}":  # else the id says it
        resource[DOCUMENT_ID] = doc.id
    return resource


def utc(moment: datetime) -> str:
    """xsd:dateTime in UTC with a Z, as the Data Model requires for created and modified."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def annotation_json(doc: Document, ann: Annotation, source: dict | None = None) -> dict:
    body = [{"type": "TextualBody", "purpose": "tagging", "value": ann.tag.value}]
    if ann.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": ann.note, "format": "text/plain"})
    if ann.verdict:
        body.append({"type": "TextualBody", "purpose": "assessing", "value": ann.verdict})
    if ann.reasoning:
        body.append({"type": "TextualBody", "purpose": "assessing", "value": ann.reasoning, "format": "text/plain", KIND: "reasoning"})
    body.extend(map(_evidence_body, ann.evidence))
    body.extend(map(_reply, ann.comments))
    item = {
        "id": f"urn:uuid:{ann.id}",
        "type": "Annotation",
        "motivation": "tagging",
        "body": body,
        "target": {
            "type": "SpecificResource",
            "source": source or source_resource(doc),
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
    if ann.speaker:
        item["target"][SPEAKER] = {"type": "Person", "name": ann.speaker}
    for name, term in LOCAL_TIMES:
        moment = getattr(ann, name)
        if moment.utcoffset():  # UTC is said by created/modified themselves
            item[term] = {"@value": moment.isoformat(), "@type": "xsd:dateTime"}
    if ann.author:
        item["creator"] = {"type": "Person", "name": ann.author}
    if ann.modified_by:
        item[CONTRIBUTOR] = {"type": "Person", "name": ann.modified_by}
    return item


def _stamped(node: dict, by: str, moment: datetime) -> dict:
    """``node`` with who made it (a Person, when named) and when (UTC, and in its own offset)."""
    if by:
        node["creator"] = {"type": "Person", "name": by}
    node["created"] = utc(moment)
    if moment.utcoffset():
        node[LOCAL_TIMES[0][1]] = {"@value": moment.isoformat(), "@type": "xsd:dateTime"}
    return node


def _evidence_body(evidence: Evidence) -> dict:
    """Outside evidence as a linking body: the address as the source, with its title; the note."""
    address = iri_to_uri(evidence.url) or evidence.url
    source: dict = {"id": address}
    if address != evidence.url:
        source[WRITTEN_AS] = evidence.url
    if evidence.title:
        source[TITLE] = evidence.title
    body = {"type": "SpecificResource", "purpose": "linking", "source": source}
    if evidence.note:
        body[DESCRIPTION] = evidence.note
    return _stamped(body, evidence.by, evidence.time)


def link_json(ann: Annotation, link: Link) -> dict:
    """One link as an annotation of its own: motivation linking, the target the annotation it
    starts from, the bodies the linked annotation and the relation."""
    name = uuid.uuid5(uuid.NAMESPACE_URL, f"annotator:link:{ann.id}:{link.relation.value}:{link.target}")
    item = {
        "id": f"urn:uuid:{name}",
        "type": "Annotation",
        "motivation": "linking",
        "body": [
            {"type": "SpecificResource", "purpose": "linking", "source": f"urn:uuid:{link.target}"},
            {"type": "TextualBody", "purpose": "tagging", "value": link.relation.value},
        ],
        "target": f"urn:uuid:{ann.id}",
    }
    return _stamped(item, link.by, link.time)


def verdict_json(doc: Document, source: dict | None = None) -> dict | None:
    """The article's overall verdict and summary as an assessing annotation of the whole
    article; None when it has neither."""
    if not doc.verdict and not doc.summary:
        return None
    body = []
    if doc.verdict:
        body.append({"type": "TextualBody", "purpose": "assessing", "value": doc.verdict})
    if doc.summary:
        body.append({"type": "TextualBody", "purpose": "assessing", "value": doc.summary, "format": "text/plain", KIND: "summary"})
    return {
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'annotator:verdict:' + doc.id)}",
        "type": "Annotation",
        "motivation": "assessing",
        "body": body,
        "target": {"type": "SpecificResource", "source": source or source_resource(doc)},
    }


def items_of(doc: Document, source: dict | None = None):
    """Every item the article gives, in order: each annotation followed by its links, then the
    article's verdict."""
    source = source or source_resource(doc)
    ids = {ann.id for ann in doc.annotations} if any(ann.links for ann in doc.annotations) else set()
    for ann in doc.annotations:
        yield annotation_json(doc, ann, source)
        for link in ann.links:
            if link.target in ids:  # a link to an orphan (not written) would name nothing
                yield link_json(ann, link)
    overall = verdict_json(doc, source)
    if overall is not None:
        yield overall


def item_count(doc: Document) -> int:
    """How many items ``items_of`` gives."""
    ids = {ann.id for ann in doc.annotations} if any(ann.links for ann in doc.annotations) else set()
    links = sum(link.target in ids for ann in doc.annotations for link in ann.links)
    return len(doc.annotations) + links + bool(doc.verdict or doc.summary)


def _reply(comment: Comment) -> dict:
    """A review comment as a replying body, with its own creator and time (section 3.3.1
    gives bodies both) and its verdict."""
    body = {"type": "TextualBody", "purpose": "replying", "value": comment.text, "format": "text/plain",
            "creator": {"type": "Person", "name": comment.author}, "created": utc(comment.time)}
    if comment.time.utcoffset():
        body[LOCAL_TIMES[0][1]] = {"@value": comment.time.isoformat(), "@type": "xsd:dateTime"}
    if comment.status is not None:
        body[STATUS] = {"schema:alternateName": comment.status.value}
    return body


def write(project: Project) -> bytes:
    """The collection's JSON, written one annotation at a time: its memory is about the
    output's size, never a tree of every annotation at once. HTML-safe (``<``, ``>``, ``&`` and
    bidirectional controls are ``\\uXXXX`` escapes), so it can sit in a ``<script>`` block."""
    total = sum(map(item_count, project.documents))
    collection = uuid.uuid5(uuid.NAMESPACE_URL, "annotator:" + ",".join(doc.id for doc in project.documents))
    data = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{collection}",
        "type": "AnnotationCollection",
        "label": project.metadata.title or project.documents[0].title,
    }
    if project.metadata.description:
        data[DESCRIPTION] = project.metadata.description
    data["total"] = total
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
        for item in items_of(doc):
            if not first:
                out.write(b",\n" + b" " * 6)
            first = False
            out.write(dumps_for_html(item, level=3).encode("utf-8"))
    out.write((tail + "\n").encode("utf-8"))
    return out.getvalue()


_SLOT = "\x00items\x00"
"""Stands for the items while the collection around them is written."""


def read(data: bytes, article: Document | None, mapping: dict[str, Tag] | None = None) -> ImportResult:
    """Annotations of one article: a collection, a page, a list (as RecogitoJS writes) or one."""
    if article is None:
        raise ValueError("W3C annotations do not carry the article's text: give the article's file too (on the command line: --article FILE)")
    raw = json.loads(data.decode("utf-8-sig"))
    problems: list[Problem] = []
    items = _items(raw, problems)
    description = _term(raw, DESCRIPTION) if _is(raw, "AnnotationCollection") else None
    doc = article.model_copy(update={"annotations": []}, deep=True)
    links = [n for n, item in enumerate(items) if _motivated(item, "linking")]
    # One article per import: the annotations of the first source named (or of the article's URL).
    sources = [None if n in links else _source(item) for n, item in enumerate(items)]
    own = iri_to_uri(article.source_url) if article.source_url else None
    chosen = own if own in sources else next((s for s in sources if s), None)
    described = next((n for n, item in enumerate(items) if sources[n] == chosen and isinstance(_target(item).get("source"), dict)), None)
    if described is not None:
        _read_article(doc, _target(items[described])["source"], f"annotation {described + 1}, target.source")
    if chosen and not chosen.startswith("urn:") and doc.source_url is None:
        doc.source_url = chosen
    used: set[str] = set()
    ids: dict[str, str] = {}  # each item's id as the file has it (and its UUID) -> the annotation made of it
    for n, item in enumerate(items):
        where = _where(item, n)
        if n in links:
            continue
        if sources[n] and chosen and sources[n] != chosen:
            problems.append(Problem(where, f"is about another document ({sources[n]}): skipped; import that one with its own article"))
            continue
        if _overall(item):
            _read_overall(doc, item, where)
            continue
        for k, ann in enumerate(_annotations(item, doc.text, where, problems, mapping)):
            if ann.id in used:
                ann = ann.model_copy(update={"id": str(uuid.uuid4())})
            used.add(ann.id)
            doc.annotations.append(ann)
            if k == 0:
                for key in _keys(item):
                    ids.setdefault(key, ann.id)
    _add_links(doc, [(_where(items[n], n), items[n]) for n in links], ids, problems)
    doc.annotations.sort(key=Annotation.sort_key)
    return ImportResult([doc], problems, description=checked(description, DESCRIPTION) if description else "")


def _where(item: object, n: int) -> str:
    return f"annotation {n + 1}" + (f" ({item.get('id')})" if isinstance(item, dict) and item.get("id") else "")


def _motivated(item: object, motivation: str) -> bool:
    """The item's motivation is ``motivation``, or a list holding it."""
    value = item.get("motivation") if isinstance(item, dict) else None
    return value == motivation or (isinstance(value, list) and motivation in value)


def _bodies(item: dict) -> list:
    bodies = item.get("body", [])
    return bodies if isinstance(bodies, list) else [bodies]


def _overall(item: object) -> bool:
    """An assessment of the whole article (its verdict and summary): motivation assessing, no
    tag, and a target without a selector."""
    if not _motivated(item, "assessing") or "selector" in _target(item):
        return False
    return not any(isinstance(b, dict) and b.get("purpose") in ("tagging", "classifying") for b in _bodies(item))


def _read_overall(doc: Document, item: dict, where: str) -> None:
    for k, body in enumerate(_bodies(item)):
        if not isinstance(body, dict) or body.get("purpose") != "assessing" or not isinstance(body.get("value"), str):
            continue
        field = "summary" if _term(body, KIND) == "summary" else "verdict"
        if not getattr(doc, field):
            setattr(doc, field, checked(body["value"], f"{where}, body {k + 1}"))


def _keys(item: object) -> list[str]:
    """What a link may name an item by: its id as written, and the UUID in it (``urn:uuid:X``,
    RecogitoJS's ``#X``)."""
    value = _id(item)
    if value is None:
        return []
    match = UUID_RE.search(value)
    return [value, match.group().lower()] if match else [value]


def _named(ids: dict[str, str], ref: str | None) -> str | None:
    if ref is None:
        return None
    if ref in ids:
        return ids[ref]
    match = UUID_RE.search(ref)
    return ids.get(match.group().lower()) if match else None


def _add_links(doc: Document, items: list[tuple[str, dict]], ids: dict[str, str], problems: list[Problem]) -> None:
    """The linking annotations as links between the annotations imported; each that can't be one
    (an annotation not imported, a relation none of ours, a repeat) is skipped and said."""
    made: dict[str, list[Link]] = {}
    for where, item in items:
        bodies = _bodies(item)
        labels = [b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") in ("tagging", "classifying") and isinstance(b.get("value"), str)]
        ends = [_id(b.get("source")) if isinstance(b, dict) and "source" in b else _id(b) for b in bodies
                if isinstance(b, str) or (isinstance(b, dict) and "value" not in b and not _is(b, "TextualBody"))]
        targets = item.get("target")
        targets = [_id(t) for t in (targets if isinstance(targets, list) else [targets])]
        if len(targets) == 1 and ends:
            pairs = [(targets[0], end) for end in ends]
        elif len(targets) == 2 and not ends:  # RecogitoJS: the first target links to the second
            pairs = [(targets[0], targets[1])]
        else:
            problems.append(Problem(where, "is a link without one target and the annotations it links to (or two targets): skipped"))
            continue
        relations = []
        for label in labels or [""]:
            try:
                relations.append(Relation(label.strip().casefold()))
            except ValueError:
                ours = ", ".join(r.value for r in Relation)
                problems.append(Problem(where, f"its relation {label[:40]!r} is none of {ours}: skipped" if label else f"it names no relation ({ours}): skipped"))
        by = checked(_agent_name(item.get("creator")), f"{where}, creator")
        moment = _time(item, "created", LOCAL_TIMES[0][1]) or now()
        for start, end in pairs:
            source, target = _named(ids, start), _named(ids, end)
            start, end = (ref if ref is None or len(ref) <= 80 else ref[:79] + "…" for ref in (start, end))  # for messages
            if source is None or target is None:
                missing = " and ".join(str(ref) for ref, found in ((start, source), (end, target)) if found is None)
                problems.append(Problem(where, f"links {start} to {end}, but {missing} is no annotation imported from this file: skipped"))
                continue
            if source == target:
                problems.append(Problem(where, f"links {start} to itself: skipped"))
                continue
            for relation in relations:
                have = made.setdefault(source, [])
                if any(link.target == target and link.relation == relation for link in have):
                    problems.append(Problem(where, f"repeats the link {relation.value} from {start} to {end}: skipped"))
                    continue
                have.append(Link(target=target, relation=relation, by=by, time=moment))
    if made:
        doc.annotations[:] = [ann.model_copy(update={"links": tuple(made[ann.id])}) if ann.id in made else ann for ann in doc.annotations]


def _read_article(doc: Document, resource: dict, where: str) -> None:
    """What the target's source says of the article, into ``doc``: the exporter's details
    replace what was guessed from the article file (a title from its first line)."""
    for name, term in ARTICLE_TERMS:
        value = _term(resource, term)
        if value:
            setattr(doc, name, checked(value, f"{where}.{term}"))
    uri = _id(resource)
    identifier = _term(resource, DOCUMENT_ID)
    if identifier:
        doc.id = checked(identifier, f"{where}.{DOCUMENT_ID}")
    elif uri and uri.startswith("urn:uuid:") and UUID_RE.fullmatch(uri[9:]):
        doc.id = uri[9:].lower()
    written = _term(resource, WRITTEN_AS)
    if doc.source_url is None and written and iri_to_uri(written) == uri:
        doc.source_url = checked(written, f"{where}.{WRITTEN_AS}")


def _term(node: object, term: str) -> str | None:
    """A literal of ``node`` under a CURIE or its full IRI: a string, a value object, or the
    first of a list of them (JSON-LD allows each)."""
    if not isinstance(node, dict):
        return None
    prefix, _, name = term.partition(":")
    value = node.get(term, node.get(PREFIXES.get(prefix, "") + name))
    value = value[0] if isinstance(value, list) and value else value
    value = value.get("@value") if isinstance(value, dict) else value
    return value if isinstance(value, str) else None


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


def _target(item: object) -> dict:
    """The first target as an object ({} when there is none or it is only an IRI)."""
    target = item.get("target") if isinstance(item, dict) else None
    target = target[0] if isinstance(target, list) and target else target
    return target if isinstance(target, dict) else {}


def _id(node: object) -> str | None:
    value = node.get("id", node.get("@id")) if isinstance(node, dict) else node
    value = value[0] if isinstance(value, list) and value else value
    return value if isinstance(value, str) else None


def _source(item: object) -> str | None:
    """The IRI of the resource the item is about: the target's source (an IRI or a resource
    with an id) or the target itself when it is an IRI."""
    target = item.get("target") if isinstance(item, dict) else None
    target = target[0] if isinstance(target, list) and target else target
    if isinstance(target, str):
        return target
    return _id(target.get("source")) if isinstance(target, dict) else None


def _annotations(item: object, text: str, where: str, problems: list[Problem], mapping: dict[str, Tag] | None) -> list[Annotation]:
    if not _is(item, "Annotation"):
        problems.append(Problem(where, "is not an Annotation"))
        return []
    bodies = item.get("body", [])
    bodies = bodies if isinstance(bodies, list) else [bodies]
    labels = [b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") in ("tagging", "classifying")]
    notes = [b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") in (None, "commenting", "describing")]
    notes = [n for n in notes if isinstance(n, str) and n]
    assessing = [b for b in bodies if isinstance(b, dict) and b.get("purpose") == "assessing" and isinstance(b.get("value"), str)]
    verdict = next((b["value"] for b in assessing if _term(b, KIND) != "reasoning"), "")
    reasoning = next((b["value"] for b in assessing if _term(b, KIND) == "reasoning"), "")
    evidence = [_evidence(b, f"{where}, body {n + 1}", problems) for n, b in enumerate(bodies) if isinstance(b, dict) and b.get("purpose") == "linking"]
    comments = [_comment(b, f"{where}, body {n + 1}", problems) for n, b in enumerate(bodies) if isinstance(b, dict) and b.get("purpose") == "replying"]
    tags = [tag_of(label, mapping) for label in labels]
    unknown = [label for label, tag in zip(labels, tags) if tag is None]
    if unknown:
        problems.append(Problem(where, f"its tags {unknown} are none of claim, quote, source, unverified: skipped"))
    if not any(tags):
        if not unknown:
            problems.append(Problem(where, "has no tag (a comment only): skipped"))
        return []
    target = _target(item)
    selectors = target.get("selector", [])
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
    speaker = checked(_agent_name(target[SPEAKER] if SPEAKER in target else target.get(SCHEMA_IRI + "author")), f"{where}, target.{SPEAKER}")
    modified_by = _agent_name(item[CONTRIBUTOR] if CONTRIBUTOR in item else item.get(CONTRIBUTOR_IRI))
    match = UUID_RE.search(str(item.get("id", "")))
    created, modified = (_time(item, name, term) for name, term in LOCAL_TIMES)
    out = []
    for n, tag in enumerate(t for t in tags if t is not None):
        ann = make_annotation(
            text, start, end, tag, ann_id=match.group().lower() if match and n == 0 else None,
            note="\n\n".join(notes), author=author, created=created, modified=modified or created,
            exact=exact if isinstance(exact, str) else None, where=where, problems=problems,
        )
        if ann is not None:
            out.append(ann.model_copy(update={
                "verdict": checked(verdict, f"{where}, verdict"), "reasoning": checked(reasoning, f"{where}, reasoning"), "speaker": speaker,
                "evidence": tuple(e for e in evidence if e is not None), "modified_by": modified_by, "comments": list(comments),
            }))
    return out


def _evidence(body: dict, where: str, problems: list[Problem]) -> Evidence | None:
    """A linking body as outside evidence; None (said) when its address is no web address."""
    source = body.get("source")
    uri = _id(source)
    written = _term(source, WRITTEN_AS)
    url = written if written and iri_to_uri(written) == uri else uri
    if not url:
        problems.append(Problem(where, "the evidence (a linking body) names no address: skipped"))
        return None
    problem = url_problem(url)
    if problem:
        problems.append(Problem(where, f"the evidence's address {problem}: skipped"))
        return None
    return Evidence(
        url=url, title=checked(_term(source, TITLE) or "", f"{where}, source.{TITLE}"), note=checked(_term(body, DESCRIPTION) or "", f"{where}, {DESCRIPTION}"),
        by=checked(_agent_name(body.get("creator")), f"{where}, creator"), time=_time(body, "created", LOCAL_TIMES[0][1]) or now(),
    )


def _time(item: dict, name: str, local_term: str) -> datetime | None:
    """``created`` or ``modified`` (UTC) with the offset it was written with, when the item
    gives the same instant in ``schema:dateCreated`` / ``schema:dateModified``."""
    moment = parse_time(item.get(name))
    local = parse_time(_term(item, local_term))
    return local if local is not None and (moment is None or local == moment) else moment


def _comment(body: dict, where: str, problems: list[Problem]) -> Comment:
    """A replying body as a review comment (a time it lacks is the import's, as for annotations)."""
    status = _term(body.get(STATUS), "schema:alternateName")
    if status is not None and status not in {s.value for s in ReviewStatus}:
        problems.append(Problem(where, f"its verdict {status[:40]!r} is none of accepted, rejected, disputed: the comment is kept without it"))
        status = None
    text = body.get("value")
    return Comment(
        author=checked(_agent_name(body.get("creator")), f"{where}, creator"), time=_time(body, "created", LOCAL_TIMES[0][1]) or now(),
        text=checked(text, f"{where}, value") if isinstance(text, str) else "", status=status and ReviewStatus(status),
    )


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
    keeps=(
        "tags, notes, verdicts (an assessing body), authors (creator) and who changed each last (dcterms:contributor), "
        "times (in UTC, and with their own offset in schema:dateCreated/dateModified), annotation and document ids, "
        "code-point offsets and quotes with prefix/suffix; the article's address (as a URI), title, outlet, byline and date "
        "(Dublin Core terms on the target's source); review comments (replying bodies with their author, time and verdict); "
        "reasoning (an assessing body, dc:type reasoning), speakers (schema:author of the target), outside evidence (linking bodies naming its address, "
        "with title, note, who and when), links (annotations of their own, motivation linking, naming both annotations and the relation, with who and when); "
        "the article's verdict and summary (an assessing annotation of the whole article); the project's description"
    ),
    loses="the rating scale (verdicts are kept by name), review records, orphans and links to them; the article's status and assignee; "
          "the project's title (written as the collection's label, not read back), "
          "creation time and publishing details; the article text itself; an import takes one article, so a project's other documents stay out",
    write=write,
    read=read,
)
