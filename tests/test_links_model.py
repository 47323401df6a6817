"""Schema 10's links, evidence and rating scale: what a file may hold, and the core helpers
that keep links from dangling."""

import json

import pytest

from annotator.core.errors import FileProblemError
from annotator.core.fast_load import parse_current
from annotator.core.links import drop_dangling, incoming, linked, pointing_into, unlinked, without_links_into
from annotator.core.model import Evidence, Relation, Tag, now
from annotator.core.storage import dump_bytes, parse_project

from .conftest import ROOT
from .factories import project

V10 = ROOT / "tests" / "schema_versions" / "v10.json"
TIME = "2026-01-02T03:04:05+01:00"


def three():
    text = "A claim here, a quote there, a source too."
    p = project(text, [(0, 7, Tag.CLAIM), (16, 21, Tag.QUOTE), (31, 37, Tag.SOURCE)])
    return p, p.documents[0]


def with_links(links: list[dict] | None = None, evidence: list[dict] | None = None) -> bytes:
    raw = json.loads(V10.read_text(encoding="utf-8"))
    ann = raw["documents"][0]["annotations"][0]
    ann["links"], ann["evidence"] = links or [], evidence or []
    return json.dumps(raw).encode("utf-8")


@pytest.mark.parametrize(("link", "said"), [
    ({"target": "11111111-2222-4333-8444-555555555555", "relation": "supports"}, "is not an annotation of this article"),
    ({"target": "00000000-0000-4000-8000-000000000000", "relation": "supports"}, "links the annotation to itself"),
    ({"target": "not-an-id", "relation": "supports"}, "links[0].target"),
    ({"target": "11111111-2222-4333-8444-555555555555", "relation": "refutes"}, "links[0].relation"),
])
def test_a_file_with_a_bad_link_is_refused_by_place(link, said):
    with pytest.raises(FileProblemError, match="annotations\\[0\\]") as caught:
        parse_project(with_links([{**link, "by": "", "time": TIME}]), "f.json")
    assert said in str(caught.value)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "", "https://", "file:///etc/passwd", "https://example.org/a b"])
def test_evidence_must_be_a_web_address(url):
    with pytest.raises(FileProblemError, match="evidence\\[0\\].url"):
        parse_project(with_links(evidence=[{"url": url, "title": "", "note": "", "by": "", "time": TIME}]), "f.json")


def test_a_scale_naming_a_level_twice_is_refused():
    raw = json.loads(V10.read_text(encoding="utf-8"))
    raw["metadata"]["rating_scale"] = [{"name": "True", "value": 1}, {"name": "TRUE", "value": 2}]
    with pytest.raises(FileProblemError, match="names the level 'True' twice"):
        parse_project(json.dumps(raw).encode(), "f.json")


def test_links_and_evidence_round_trip_through_the_quick_loader():
    p, doc = three()
    claim, quote, source = doc.annotations
    claim = linked(linked(claim, quote.id, Relation.SUPPORTS, "Ann"), source.id, Relation.ATTRIBUTES, "Ann")
    claim = claim.changed("Ann", evidence=(Evidence(url="https://example.org/report", title="Report", by="Ann", time=now()),))
    doc.annotations = [claim, quote, source]
    data = dump_bytes(p)
    loaded = parse_current(data)
    assert loaded is not None  # the quick path counts the new members right
    assert loaded.documents[0].annotations[0].links == claim.links
    assert loaded.documents[0].annotations[0].evidence == claim.evidence
    assert parse_project(data).documents[0].annotations[0].links == claim.links


def test_linking_twice_is_one_link_and_unlinking_signs_the_change():
    _, doc = three()
    claim, quote, _ = doc.annotations
    once = linked(claim, quote.id, Relation.DISPUTES, "Ann")
    assert linked(once, quote.id, Relation.DISPUTES, "Bob") is once
    assert len(linked(once, quote.id, Relation.CONTEXT, "Bob").links) == 2
    gone = unlinked(once, quote.id, Relation.DISPUTES, "Bob")
    assert gone.links == () and gone.modified_by == "Bob"


def test_removing_an_annotation_removes_the_links_into_it():
    _, doc = three()
    claim, quote, source = doc.annotations
    claim = linked(linked(claim, quote.id, Relation.SUPPORTS, "Ann"), source.id, Relation.ATTRIBUTES, "Ann")
    quote = linked(quote, source.id, Relation.ATTRIBUTES, "Ann")
    doc.annotations = [claim, quote, source]
    assert [a.id for a, _ in incoming(doc.annotations, source.id)] == [claim.id, quote.id]
    assert {a.id for a in pointing_into(doc.annotations, {source.id})} == {claim.id, quote.id}
    cleaned = without_links_into(claim, {source.id}, by="Cy")
    assert [link.target for link in cleaned.links] == [quote.id] and cleaned.modified_by == "Cy"


def test_drop_dangling_says_what_it_dropped_and_leaves_a_sound_document():
    _, doc = three()
    claim, quote, source = doc.annotations
    doc.annotations = [linked(linked(claim, quote.id, Relation.SUPPORTS, "Ann"), source.id, Relation.CONTEXT, "Ann"), quote]
    said = drop_dangling(doc)
    assert len(said) == 1 and "context" in said[0] and source.id in said[0]
    assert doc.links_problem() is None and [link.target for link in doc.annotations[0].links] == [quote.id]
    assert drop_dangling(doc) == []


def test_links_to_orphans_stay_valid():
    _, doc = three()
    claim, quote, source = doc.annotations
    doc.annotations = [linked(claim, quote.id, Relation.SUPPORTS, "Ann"), source]
    doc.orphans = [quote]
    assert doc.links_problem() is None and drop_dangling(doc) == []


@pytest.mark.parametrize("hidden", ["\u202e", "\u200f", "\u2066", "\u200b", "\ufeff"])
def test_evidence_addresses_hold_no_invisible_characters(hidden):
    """RFC 3987 §4.1: an IRI holds no bidirectional formatting characters; a link that shows
    one address and leads to another has no place in a fact-check."""
    url = f"https://example.org/{hidden}gro.elpmaxe"
    with pytest.raises(FileProblemError, match="invisible characters"):
        parse_project(with_links(evidence=[{"url": url, "title": "", "note": "", "by": "", "time": TIME}]), "f.json")
