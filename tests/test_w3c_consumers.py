"""Our W3C Web Annotation export read the way its consumers read it.

- pyld, a JSON-LD processor, expands it and makes RDF of it with the W3C context
  (tests/data/w3c-anno-context.jsonld, the text of http://www.w3.org/ns/anno.jsonld from the
  w3c/web-annotation repository, served offline): every target source, selector, body and
  Dublin Core term must come out as the IRIs they stand for.
- jsonschema checks it against the Data Model's MUST rules (tests/data/w3c-web-annotation.schema.json),
  with identifiers checked as ``format: uri`` as the W3C test suite does.
- Selectors are matched as Apache Annotator matches them: a TextQuoteSelector by searching
  prefix + exact + suffix in the text as JavaScript holds it (UTF-16), a TextPositionSelector
  by counting code points; both must find the same text.
- The import gives back what was exported: ids, description, article details, times with
  their offsets.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
from pyld import jsonld
from rfc3986_validator import validate_rfc3986

from annotator.core.formats import formats, imported_project
from annotator.core.formats.w3c import iri_to_uri
from annotator.core.model import Document

from .unicode_hostile import ADDRESS, ADDRESS_AS_URI, TEXT, hostile_project

DATA = Path(__file__).parent / "data"
CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"
CONTEXT = json.loads((DATA / "w3c-anno-context.jsonld").read_text(encoding="utf-8"))
SCHEMA = json.loads((DATA / "w3c-web-annotation.schema.json").read_text(encoding="utf-8"))

OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA_ORG = "http://schema.org/"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"


def exported(project=None) -> dict:
    return json.loads(formats()["w3c"].write(project or hostile_project()))


def offline_loader(url, options=None):
    """pyld's document loader: the one context we use, from the test's copy; nothing else."""
    if url != CONTEXT_URL:
        raise jsonld.JsonLdError(f"no network in tests: {url}", "jsonld.LoadDocumentError", code="loading document failed")
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": CONTEXT}


def expanded_items(data: dict) -> tuple[dict, list[dict]]:
    (collection,) = jsonld.expand(data, {"documentLoader": offline_loader})
    (page,) = collection[AS + "first"]
    (items,) = page[AS + "items"]
    return collection, items["@list"]


def one(node: dict, iri: str):
    (value,) = node[iri]
    return value


# pyld: JSON-LD expansion and RDF


def test_expansion_keeps_every_source_selector_body_and_dublin_core_term_as_iris():
    project = hostile_project()
    doc = project.documents[0]
    collection, items = expanded_items(exported(project))
    assert one(collection, DC + "description")["@value"] == project.metadata.description
    assert len(items) == len(doc.annotations)
    for item, ann in zip(items, doc.annotations):
        assert item["@id"] == f"urn:uuid:{ann.id}" and item["@type"] == [OA + "Annotation"]
        target = one(item, OA + "hasTarget")
        assert target["@type"] == [OA + "SpecificResource"]
        source = one(target, OA + "hasSource")
        assert source["@id"] == ADDRESS_AS_URI and source["@type"] == ["http://purl.org/dc/dcmitype/Text"]
        assert one(source, DC + "title")["@value"] == doc.title
        assert one(source, DC + "publisher")["@value"] == doc.outlet
        assert one(source, DC + "creator")["@value"] == doc.byline
        assert one(source, DCTERMS + "issued")["@value"] == doc.published
        assert one(source, DCTERMS + "identifier")["@value"] == doc.id
        assert one(source, SCHEMA_ORG + "url")["@value"] == ADDRESS
        quote, position = target[OA + "hasSelector"]
        assert quote["@type"] == [OA + "TextQuoteSelector"] and one(quote, OA + "exact")["@value"] == ann.quote.exact
        assert one(quote, OA + "prefix")["@value"] == ann.quote.prefix and one(quote, OA + "suffix")["@value"] == ann.quote.suffix
        assert position["@type"] == [OA + "TextPositionSelector"]
        assert int(one(position, OA + "start")["@value"]) == ann.start and int(one(position, OA + "end")["@value"]) == ann.end
        bodies = {one(b, OA + "hasPurpose")["@id"]: one(b, RDF_VALUE)["@value"] for b in item[OA + "hasBody"]}
        replies = [b for b in item[OA + "hasBody"] if one(b, OA + "hasPurpose")["@id"] == OA + "replying"]
        assert [(one(r, RDF_VALUE)["@value"], one(one(r, DCTERMS + "creator"), "http://xmlns.com/foaf/0.1/name")["@value"],
                 one(r, DCTERMS + "created")["@type"]) for r in replies] == [(c.text, c.author, XSD_DATETIME) for c in ann.comments]
        assert bodies[OA + "tagging"] == ann.tag.value
        assert bodies.get(OA + "commenting", "") == ann.note
        assert one(one(item, DCTERMS + "creator"), "http://xmlns.com/foaf/0.1/name")["@value"] == ann.author
        assert one(one(item, DCTERMS + "contributor"), "http://xmlns.com/foaf/0.1/name")["@value"] == ann.modified_by
        created = one(item, DCTERMS + "created")
        assert created["@type"] == XSD_DATETIME and created["@value"].endswith("Z")
        local = one(item, SCHEMA_ORG + "dateCreated")
        assert local == {"@type": XSD_DATETIME, "@value": ann.created.isoformat()}


def compact_keys(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            compact_keys(value, found)
    elif isinstance(node, list):
        for value in node:
            compact_keys(value, found)
    return found


def test_every_key_written_is_a_term_or_curie_of_the_context():
    """JSON-LD drops a key it cannot map to an IRI without a word: none of ours may be one."""
    terms = CONTEXT["@context"]
    data = exported()
    for key in compact_keys({k: v for k, v in data.items() if k != "@context"}, set()):
        prefix, colon, _ = key.partition(":")
        assert key.startswith("@") or key in terms or (colon and prefix in terms), key


def test_rdf_names_every_source_with_a_valid_uri():
    project = hostile_project()
    nquads = jsonld.to_rdf(exported(project), {"format": "application/n-quads", "documentLoader": offline_loader})
    iris = set(re.findall(r"<([^>]*)>", nquads))
    assert iris and all(iri.isascii() and validate_rfc3986(iri, rule="URI") for iri in iris), [i for i in iris if not i.isascii()]
    has_source = re.findall(rf"<{re.escape(OA)}hasSource> (<[^>]+>|_:\S+)", nquads)
    assert len(has_source) == len(project.documents[0].annotations)
    assert set(has_source) == {f"<{ADDRESS_AS_URI}>"}
    assert nquads.count(f"<{OA}exact>") == len(project.documents[0].annotations)


# jsonschema: the Data Model's MUSTs, identifiers as format: uri


def checker() -> jsonschema.FormatChecker:
    formats_checked = jsonschema.FormatChecker()
    assert "uri" in formats_checked.checkers, "install rfc3986-validator: without it jsonschema does not check format: uri"
    return formats_checked


def schema_errors(data: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=checker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("source_url", [ADDRESS, ADDRESS_AS_URI, "http://straße.example/ä b?q=ü#x#y", "not an address", None])
def test_every_exported_annotation_meets_the_data_models_musts(source_url):
    data = exported(hostile_project(source_url))
    assert schema_errors(data) == []
    validator = jsonschema.Draft202012Validator(SCHEMA["$defs"]["annotation"] | {"$defs": SCHEMA["$defs"]}, format_checker=checker())
    for item in data["first"]["items"]:
        assert list(validator.iter_errors(item)) == []


def test_the_schema_refuses_a_raw_iri_and_a_time_with_an_offset():
    """The check can fail: what the export wrote before (the address raw, as an IRI) is refused."""
    data = exported()
    item = data["first"]["items"][0]
    item["target"]["source"] = ADDRESS
    item["created"] = "2026-03-04T05:06:07+05:30"
    errors = schema_errors(data)
    assert any("target" in e for e in errors) and any("created" in e for e in errors), errors


# IRIs to URIs (RFC 3987 section 3.1)


@pytest.mark.parametrize(("iri", "uri"), [
    (ADDRESS, ADDRESS_AS_URI),
    (ADDRESS_AS_URI, ADDRESS_AS_URI),  # never encoded twice
    ("https://a.example/100%", "https://a.example/100%25"),  # a % that starts no %XX is one
    ("http://Bücher.example:8080/ä?q=ü&r=%20#frag#more", "http://xn--bcher-kva.example:8080/%C3%A4?q=%C3%BC&r=%20#frag%23more"),
    ("https://例え.テスト/パス", "https://xn--r8jz45g.xn--zckzah/%E3%83%91%E3%82%B9"),
    ("https://straße.de/", "https://xn--strae-oqa.de/"),  # IDNA 2008: ß is kept, not made ss
    ("http://[::1]:80/a b", "http://[::1]:80/a%20b"),
    ("mailto:zoë@example.org", "mailto:zo%C3%AB@example.org"),
    ("urn:uuid:5a1d6c1e-6b0e-4d5e-9c3f-0a1b2c3d4e5f", "urn:uuid:5a1d6c1e-6b0e-4d5e-9c3f-0a1b2c3d4e5f"),
    ("example.org/page", None),  # no scheme: no absolute IRI
    ("http://host:port/", None),
])
def test_iri_to_uri(iri, uri):
    assert iri_to_uri(iri) == uri
    if uri is not None:
        assert validate_rfc3986(uri, rule="URI")


# Selectors as Apache Annotator matches them


def units(text: str) -> list[int]:
    data = text.encode("utf-16-le")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


def quote_matches(text: str, selector: dict) -> list[tuple[int, int]]:
    """Every place of prefix + exact + suffix in the text as JavaScript holds it (UTF-16 code
    units, as Apache Annotator's text quote matcher searches), as code-point ranges of exact."""
    hay, needle = units(text), units(selector.get("prefix", "") + selector["exact"] + selector.get("suffix", ""))
    before, length = len(units(selector.get("prefix", ""))), len(units(selector["exact"]))
    to_code_points = {}
    n = 0
    for cp, ch in enumerate(text):
        to_code_points[n] = cp
        n += len(units(ch))
    to_code_points[n] = len(text)
    return [(to_code_points[i + before], to_code_points[i + before + length])
            for i in range(len(hay) - len(needle) + 1) if hay[i : i + len(needle)] == needle]


def test_quote_and_position_selectors_find_the_same_text_in_a_unicode_hostile_article():
    project = hostile_project()
    for item, ann in zip(exported(project)["first"]["items"], project.documents[0].annotations):
        quote, position = item["target"]["selector"]
        assert quote_matches(TEXT, quote) == [(ann.start, ann.end)]  # found once, where the position says
        assert TEXT[position["start"] : position["end"]] == quote["exact"] == ann.quote.exact  # code points


# Round trip through our own reader


def test_export_then_import_gives_back_the_project_with_times_in_their_own_offsets():
    project = hostile_project()
    doc = project.documents[0]
    article = Document.from_text(TEXT, title="first line as a guess")  # as read from a .txt: new id, no details
    result = formats()["w3c"].read(formats()["w3c"].write(project), article, None)
    assert result.skipped == []
    back = imported_project(result)
    got = back.documents[0]
    assert back.metadata.description == project.metadata.description
    assert (got.id, got.title, got.outlet, got.byline, got.published, got.source_url) == (
        doc.id, doc.title, doc.outlet, doc.byline, doc.published, ADDRESS)
    assert len(got.annotations) == len(doc.annotations)
    for a, b in zip(got.annotations, doc.annotations):
        assert (a.id, a.tag, a.start, a.end, a.quote, a.note, a.author, a.modified_by, a.verdict) == (
            b.id, b.tag, b.start, b.end, b.quote, b.note, b.author, b.modified_by, b.verdict)
        assert got.text[a.start : a.end] == b.quote.exact
        for name in ("created", "modified"):
            assert getattr(a, name) == getattr(b, name) and getattr(a, name).utcoffset() == getattr(b, name).utcoffset(), name
        assert a.comments == b.comments and [c.time.utcoffset() for c in a.comments] == [c.time.utcoffset() for c in b.comments]
    assert sum(len(a.comments) for a in got.annotations) == 2
    assert {a.created.utcoffset() for a in got.annotations} == {timedelta(hours=5, minutes=30)}


@pytest.mark.parametrize("source_url", [ADDRESS, ADDRESS_AS_URI, None])
def test_the_address_comes_back_as_it_was_written(source_url):
    project = hostile_project(source_url)
    back = formats()["w3c"].read(formats()["w3c"].write(project), Document.from_text(TEXT), None).documents[0]
    assert back.source_url == source_url and back.id == project.documents[0].id


def test_the_article_given_with_its_address_picks_its_annotations():
    """An article whose address is an IRI finds its annotations, which name it as a URI."""
    project = hostile_project()
    article = Document.from_text(TEXT, source_url=ADDRESS)
    result = formats()["w3c"].read(formats()["w3c"].write(project), article, None)
    assert len(result.documents[0].annotations) == len(project.documents[0].annotations) and result.skipped == []


def test_a_comment_with_a_verdict_we_do_not_know_is_kept_without_it_and_said():
    project = hostile_project()
    data = exported(project)
    reply = next(b for item in data["first"]["items"] for b in item["body"] if b["purpose"] == "replying")
    reply["schema:reviewRating"]["schema:alternateName"] = "maybe"
    result = formats()["w3c"].read(json.dumps(data).encode(), project.documents[0], None)
    (first, second) = next(a.comments for a in result.documents[0].annotations if a.comments)
    assert first.status is None and first.text == "Agreed,\nfully 👍" and second.text == "Second thoughts"
    assert [p.message for p in result.skipped] == ["its verdict 'maybe' is none of accepted, rejected, disputed: the comment is kept without it"]


def test_a_local_time_that_is_another_instant_does_not_override_created():
    project = hostile_project()
    data = exported(project)
    item = data["first"]["items"][0]
    item["schema:dateCreated"]["@value"] = "2020-01-01T00:00:00+05:30"
    back = formats()["w3c"].read(json.dumps(data).encode(), project.documents[0], None).documents[0].annotations[0]
    assert back.created.isoformat() == item["created"].replace("Z", "+00:00")
