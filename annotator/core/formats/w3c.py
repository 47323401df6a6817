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
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import uuid
from datetime import datetime, timezone

from ..errors import Problem
from ..model import Annotation, Comment, Document, Project, ReviewStatus, Tag, now
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
DESCRIPTION = "dc:description"
"""The project's description, on the collection."""
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
    for name, term in LOCAL_TIMES:
        moment = getattr(ann, name)
        if moment.utcoffset():  # UTC is said by created/modified themselves
            item[term] = {"@value": moment.isoformat(), "@type": "xsd:dateTime"}
    if ann.author:
        item["creator"] = {"type": "Person", "name": ann.author}
    if ann.modified_by:
        item[CONTRIBUTOR] = {"type": "Person", "name": ann.modified_by}
    return item


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
    total = sum(len(doc.annotations) for doc in project.documents)
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
        source = source_resource(doc)
        for ann in doc.annotations:
            if not first:
                out.write(b",\n" + b" " * 6)
            first = False
            out.write(dumps_for_html(annotation_json(doc, ann, source), level=3).encode("utf-8"))
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
    # One article per import: the annotations of the first source named (or of the article's URL).
    sources = [_source(item) for item in items]
    own = iri_to_uri(article.source_url) if article.source_url else None
    chosen = own if own in sources else next((s for s in sources if s), None)
    described = next((n for n, item in enumerate(items) if sources[n] == chosen and isinstance(_target(item).get("source"), dict)), None)
    if described is not None:
        _read_article(doc, _target(items[described])["source"], f"annotation {described + 1}, target.source")
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
    return ImportResult([doc], problems, description=checked(description, DESCRIPTION) if description else "")


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
    verdicts = [b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") == "assessing"]
    verdict = next((v for v in verdicts if isinstance(v, str)), "")
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
            out.append(ann.model_copy(update={"verdict": verdict, "modified_by": modified_by, "comments": list(comments)}))
    return out


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
        "the project's description"
    ),
    loses="ratings, review records, orphans; the article's status and assignee; the project's title (written as the collection's label, not read back), "
          "creation time and publishing details; the article text itself; an import takes one article, so a project's other documents stay out",
    write=write,
    read=read,
)
