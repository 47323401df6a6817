"""The fact-check (schema version 10) in every export that has a place for it: links between
spans, outside evidence, reasoning, speaker, verdicts on the project's scale, the article's
verdict and summary. Round trips where a format reads back (W3C, Label Studio, doccano, brat),
what the HTML report shows and how it escapes it, the CSV's counts, ClaimReview's reviewBody,
author and citations; and imports that name a span the file lacks say so and go on.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest

from annotator.core.formats import formats, imported_project, read_import
from annotator.core.model import Evidence, Link, Relation, Tag

from .factories import project

TEXT = (
    "The minister said unemployment fell to 3 percent last year. "
    "“We created 200,000 jobs,” said Jane Doe, the labour minister. "
    "Figures from the statistics office show it rose. "
    "Some say the real figure is higher."
)
WHEN = datetime(2026, 2, 3, 4, 5, 6, tzinfo=timezone(timedelta(hours=2)))
CLAIM, QUOTE, SOURCE, UNVERIFIED, SECOND = (f"00000000-0000-4000-8000-{n:012d}" for n in range(5))


def span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def factcheck_project(reasoning: str = "The office's figures show a rise, not a fall.\nSee its table 2.",
                      speaker: str = "Jane Doe", evidence_title: str = "Labour market report") -> object:
    """One article: a claim rated False with reasoning, speaker and two pieces of evidence,
    linked to a quote (attributes), the statistics office (disputes) and an unverified report
    (context); a second claim with a verdict off the scale; the article's verdict and summary."""
    p = project(TEXT, [
        (*span(TEXT, "unemployment fell to 3 percent last year"), Tag.CLAIM),
        (*span(TEXT, "We created 200,000 jobs"), Tag.QUOTE),
        (*span(TEXT, "Figures from the statistics office"), Tag.SOURCE),
        (*span(TEXT, "Some say the real figure is higher"), Tag.UNVERIFIED),
        (*span(TEXT, "it rose"), Tag.CLAIM),
    ])
    doc = p.documents[0]
    claim, quote, source, unverified, second = doc.annotations
    doc.annotations = sorted([
        claim.model_copy(update={
            "verdict": "False", "reasoning": reasoning, "speaker": speaker,
            "links": (
                Link(target=SOURCE, relation=Relation.DISPUTES, by="Sam", time=WHEN),
                Link(target=QUOTE, relation=Relation.ATTRIBUTES, by="Sam", time=WHEN),
                Link(target=UNVERIFIED, relation=Relation.CONTEXT, by="Ana", time=WHEN + timedelta(hours=1)),
            ),
            "evidence": (
                Evidence(url="https://stats.example.org/labour/2025", title=evidence_title, note="Table 2: 3.4 % → 3.9 %", by="Sam", time=WHEN),
                Evidence(url="https://example.org/pressemitteilung/arbeitslosigkeit-ä", by="Ana", time=WHEN),
            ),
        }),
        quote.model_copy(update={"speaker": "Jane Doe", "links": (Link(target=SOURCE, relation=Relation.DISPUTES, by="Sam", time=WHEN),)}),
        source,
        unverified,
        second.model_copy(update={"verdict": "Half right", "links": (Link(target=SOURCE, relation=Relation.SUPPORTS, by="Sam", time=WHEN),)}),
    ], key=lambda a: a.sort_key())
    doc.verdict = "Misleading"
    doc.summary = "The minister's figure is the opposite of the office's.\nThe jobs number is unchecked."
    return p


def facts(doc) -> dict:
    """Everything of the fact-check per annotation, by id, times as instants."""
    return {
        a.id: (a.verdict, a.reasoning, a.speaker,
               sorted((link.target, link.relation.value, link.by, link.time.timestamp()) for link in a.links),
               [(e.url, e.title, e.note, e.by, e.time.timestamp()) for e in a.evidence])
        for a in doc.annotations
    }


# -- W3C


def test_w3c_round_trip_keeps_links_evidence_reasoning_speaker_verdicts_and_the_article_verdict():
    p = factcheck_project()
    doc = p.documents[0]
    data = formats()["w3c"].write(p)
    result = formats()["w3c"].read(data, doc, None)
    assert result.skipped == []
    (back,) = result.documents
    assert facts(back) == facts(doc)
    assert (back.verdict, back.summary) == (doc.verdict, doc.summary)
    assert [a.links[0].time.isoformat() for a in back.annotations if a.links] == [a.links[0].time.isoformat() for a in doc.annotations if a.links]


def test_w3c_links_are_annotations_of_their_own_that_name_both_ends():
    p = factcheck_project()
    items = json.loads(formats()["w3c"].write(p))["first"]["items"]
    linking = [i for i in items if i["motivation"] == "linking"]
    assert len(linking) == 5
    disputes = next(i for i in linking if i["target"] == f"urn:uuid:{CLAIM}" and {"type": "TextualBody", "purpose": "tagging", "value": "disputes"} in i["body"])
    assert {"type": "SpecificResource", "purpose": "linking", "source": f"urn:uuid:{SOURCE}"} in disputes["body"]
    assert disputes["creator"] == {"type": "Person", "name": "Sam"}
    claim = next(i for i in items if i["id"] == f"urn:uuid:{CLAIM}")
    assert claim["target"]["schema:author"] == {"type": "Person", "name": "Jane Doe"}
    assert {"type": "TextualBody", "purpose": "assessing", "value": "False"} in claim["body"]
    evidence = [b for b in claim["body"] if b.get("purpose") == "linking"]
    assert evidence[0]["source"] == {"id": "https://stats.example.org/labour/2025", "dc:title": "Labour market report"}
    assert evidence[1]["source"]["id"] == "https://example.org/pressemitteilung/arbeitslosigkeit-%C3%A4"  # a URI, the address as written beside it
    overall = [i for i in items if i["motivation"] == "assessing"]
    assert len(overall) == 1 and "selector" not in overall[0]["target"]
    assert json.loads(formats()["w3c"].write(p))["total"] == len(items) == 5 + 5 + 1


def test_w3c_reads_recogito_links_and_reports_what_it_cannot_link():
    doc = project(TEXT).documents[0]
    claim_at, quote_at = span(TEXT, "unemployment fell"), span(TEXT, "We created")

    def item(ident, where, tag):
        return {"id": f"#{ident}", "type": "Annotation", "body": [{"type": "TextualBody", "purpose": "tagging", "value": tag}],
                "target": {"selector": [{"type": "TextPositionSelector", "start": where[0], "end": where[1]}]}}
    items = [
        item(CLAIM, claim_at, "claim"), item(QUOTE, quote_at, "quote"),
        {"id": "#l1", "type": "Annotation", "motivation": "linking", "body": [{"type": "TextualBody", "purpose": "tagging", "value": "Supports"}],
         "target": [{"id": f"#{CLAIM}"}, {"id": f"#{QUOTE}"}]},
        {"id": "#l2", "type": "Annotation", "motivation": "linking", "body": [{"type": "TextualBody", "purpose": "tagging", "value": "isRelatedTo"}],
         "target": [{"id": f"#{CLAIM}"}, {"id": f"#{QUOTE}"}]},
        {"id": "#l3", "type": "Annotation", "motivation": "linking", "body": [{"type": "TextualBody", "purpose": "tagging", "value": "disputes"}],
         "target": [{"id": f"#{CLAIM}"}, {"id": "#nowhere"}]},
    ]
    result = formats()["w3c"].read(json.dumps(items).encode(), doc, None)
    claim = next(a for a in result.documents[0].annotations if a.tag == Tag.CLAIM)
    assert [(link.target, link.relation) for link in claim.links] == [(QUOTE, Relation.SUPPORTS)]
    said = [(p.where, p.message) for p in result.skipped]
    assert any(w.startswith("annotation 4") and "'isRelatedTo' is none of supports" in m for w, m in said)
    assert any(w.startswith("annotation 5") and "#nowhere is no annotation imported" in m for w, m in said)


def test_w3c_evidence_that_is_no_web_address_is_skipped_and_said():
    p = factcheck_project()
    data = json.loads(formats()["w3c"].write(p))
    claim = next(i for i in data["first"]["items"] if i["id"] == f"urn:uuid:{CLAIM}")
    next(b for b in claim["body"] if b.get("purpose") == "linking")["source"]["id"] = "javascript:alert(1)"
    result = formats()["w3c"].read(json.dumps(data).encode(), p.documents[0], None)
    back = next(a for a in result.documents[0].annotations if a.id == CLAIM)
    assert [e.url for e in back.evidence] == ["https://example.org/pressemitteilung/arbeitslosigkeit-ä"]
    assert any("http:// or https://" in problem.message for problem in result.skipped)


def test_w3c_fact_check_meets_the_data_models_musts_and_expands_to_iris():
    from pyld import jsonld

    from .test_w3c_consumers import OA, SCHEMA_ORG, compact_keys, offline_loader, schema_errors
    from .test_w3c_consumers import CONTEXT as W3C_CONTEXT

    data = json.loads(formats()["w3c"].write(factcheck_project()))
    assert schema_errors(data) == []
    terms = W3C_CONTEXT["@context"]
    for key in compact_keys({k: v for k, v in data.items() if k != "@context"}, set()):
        prefix, colon, _ = key.partition(":")
        assert key.startswith("@") or key in terms or (colon and prefix in terms), key
    nquads = jsonld.to_rdf(data, {"format": "application/n-quads", "documentLoader": offline_loader})
    assert nquads.count(f"<{OA}motivatedBy> <{OA}linking>") == 5
    assert f"<{OA}hasTarget> <urn:uuid:{CLAIM}>" in nquads and f"<{OA}hasSource> <urn:uuid:{SOURCE}>" in nquads
    assert f"<{SCHEMA_ORG}author>" in nquads and "<https://stats.example.org/labour/2025>" in nquads


# -- Label Studio


def test_label_studio_round_trip_keeps_links_as_relations_and_the_fact_check_in_meta():
    p = factcheck_project()
    doc = p.documents[0]
    data = formats()["labelstudio"].write(p)
    result = formats()["labelstudio"].read(data, None, None)
    assert result.skipped == []
    (back,) = result.documents
    assert facts(back) == facts(doc)
    assert (back.verdict, back.summary) == (doc.verdict, doc.summary)


def test_label_studio_links_are_its_relation_results_between_region_ids():
    p = factcheck_project()
    (task,) = json.loads(formats()["labelstudio"].write(p))
    results = task["annotations"][0]["result"]
    regions = {r["id"] for r in results if r["type"] == "labels"}
    relations = [r for r in results if r["type"] == "relation"]
    assert len(relations) == 5 and all(r["from_id"] in regions and r["to_id"] in regions and r["direction"] == "right" for r in relations)
    assert {"from_id": CLAIM, "to_id": SOURCE, "labels": ["Disputes"]}.items() <= next(r for r in relations if r["to_id"] == SOURCE and r["from_id"] == CLAIM).items()


def ls_task(relations):
    text = "Officials said the base was used. Critics doubt it."
    return json.dumps([{"id": 7, "data": {"text": text}, "annotations": [{"result": [
        {"id": "r1", "type": "labels", "from_name": "ner", "to_name": "text", "value": {"start": 0, "end": 33, "text": text[:33], "labels": ["Claim"]}},
        {"id": "r2", "type": "labels", "from_name": "ner", "to_name": "text", "value": {"start": 34, "end": 41, "text": "Critics", "labels": ["Source"]}},
        {"id": "r3", "type": "labels", "from_name": "ner", "to_name": "text", "value": {"start": 42, "end": 47, "text": "doubt", "labels": ["Person"]}},
        *relations,
    ]}]}]).encode()


def test_label_studio_relation_to_a_missing_or_skipped_region_is_reported_and_the_rest_imported(tmp_path):
    data = ls_task([
        {"type": "relation", "from_id": "r1", "to_id": "r2", "direction": "right", "labels": ["disputes"]},
        {"type": "relation", "from_id": "r2", "to_id": "r1", "direction": "left", "labels": ["Context"]},
        {"type": "relation", "from_id": "r1", "to_id": "gone", "direction": "right", "labels": ["supports"]},
        {"type": "relation", "from_id": "r1", "to_id": "r3", "direction": "right", "labels": ["supports"]},
        {"type": "relation", "from_id": "r1", "to_id": "r2", "direction": "right", "labels": ["similar"]},
        {"type": "relation", "from_id": "r1", "to_id": "r2", "direction": "right"},
        {"type": "relation", "from_id": ["r1"], "to_id": {"x": 1}, "direction": "right", "labels": ["supports"]},
    ])
    path = tmp_path / "tasks.json"
    path.write_bytes(data)
    result = read_import(formats()["labelstudio"], path, None, None)  # what the app and the command line call
    (doc,) = result.documents
    claim = next(a for a in doc.annotations if a.tag == Tag.CLAIM)
    source = next(a for a in doc.annotations if a.tag == Tag.SOURCE)
    assert sorted((link.target, link.relation.value) for link in claim.links) == [(source.id, "context"), (source.id, "disputes")]
    said = [f"{p.where}: {p.message}" for p in result.skipped]
    assert any("'r1' → 'gone'" in line and "names region 'gone', which is not among the task's imported regions: skipped" in line for line in said)
    assert any("'r1' → 'r3'" in line and "region 'r3'" in line for line in said)  # its label is none of ours: the region was skipped
    assert any("label 'similar' is none of supports" in line for line in said)
    assert any("has no label saying which" in line for line in said)
    assert any("['r1']" in line and "skipped" in line for line in said)
    assert imported_project(result).documents[0].links_problem() is None


# -- doccano


def test_doccano_round_trip_keeps_links_as_relations_and_the_fact_check():
    p = factcheck_project()
    doc = p.documents[0]
    result = formats()["doccano"].read(formats()["doccano"].write(p), None, None)
    assert result.skipped == []
    (back,) = result.documents
    assert facts(back) == facts(doc)
    assert (back.verdict, back.summary) == (doc.verdict, doc.summary)


def test_doccano_line_has_its_relation_format_beside_the_sequence_labels():
    (line,) = formats()["doccano"].write(factcheck_project()).decode().splitlines()
    record = json.loads(line)
    assert [[e["start_offset"], e["end_offset"], e["label"]] for e in record["entities"]] == record["label"]
    assert all(set(e) == {"id", "start_offset", "end_offset", "label"} and isinstance(e["id"], int) for e in record["entities"])
    ids = [e["id"] for e in record["entities"]]
    assert len(record["relations"]) == 5
    for r in record["relations"]:
        assert {"id", "from_id", "to_id", "type"} <= set(r) and r["from_id"] in ids and r["to_id"] in ids
        assert r["type"] in {"supports", "disputes", "attributes", "context"}


def test_doccanos_own_relation_export_is_read_and_relations_it_cannot_take_are_said():
    from .conftest import SHARED

    path = SHARED / "formats" / "doccano" / "v1-import-test-relation_extraction.jsonl"
    if not path.exists():
        pytest.skip("../shared/formats is not present")
    record = json.loads(path.read_text(encoding="utf-8"))
    record["relations"].append({"from_id": 0, "to_id": 1, "type": "supports"})
    record["relations"].append({"from_id": 0, "to_id": 99, "type": "supports"})
    mapping = {"org": Tag.SOURCE, "person": Tag.SOURCE, "date": Tag.CLAIM}
    result = formats()["doccano"].read(json.dumps(record).encode(), None, mapping)
    (doc,) = result.documents
    assert len(doc.annotations) == 4
    google = next(a for a in doc.annotations if a.quote.exact == "Google")
    date = next(a for a in doc.annotations if a.tag == Tag.CLAIM)
    assert [(link.target, link.relation) for link in google.links] == [(date.id, Relation.SUPPORTS)]
    said = [f"{p.where}: {p.message}" for p in result.skipped]
    assert sum("type 'foundedAt' is none of supports" in s or "type 'foundedBy' is none of supports" in s for s in said) == 3
    assert any("relation 5" in s and "names entity 99, which is not among the line's imported entities: skipped" in s for s in said)


def test_doccano_relations_to_a_span_changed_in_doccano_are_reported_not_moved():
    from .test_doccano import through_doccano

    data = json.loads(through_doccano(formats()["doccano"].write(factcheck_project())))
    quote = list(span(TEXT, "We created 200,000 jobs"))
    data["label"] = [s for s in data["label"] if s[:2] != quote]  # the quote removed in doccano; entities and relations are its metadata
    result = formats()["doccano"].read(json.dumps(data).encode(), None, None)
    (doc,) = result.documents
    claim = next(a for a in doc.annotations if a.id == CLAIM)
    assert sorted(link.relation.value for link in claim.links) == ["context", "disputes"]  # the attributes link to the quote is gone, said
    assert any("names entity 1, which is not among the line's imported entities" in p.message for p in result.skipped)


# -- brat


def test_brat_round_trip_keeps_links_as_relations():
    p = factcheck_project()
    doc = p.documents[0]
    files = formats()["brat"].write(p)
    ann = files["document.ann"].decode()
    assert "R1\tDisputes Arg1:T1 Arg2:T3\n" in ann  # the claim (T1) disputed by the statistics office (T3)
    result = formats()["brat"].read(files["document.ann"], doc, None)
    assert result.skipped == []
    (back,) = result.documents
    by_span = {(a.start, a.end): a for a in back.annotations}
    span_of = {a.id: (a.start, a.end) for a in doc.annotations}
    got = sorted((span_of_back, (by_span_target.start, by_span_target.end), link.relation.value)
                 for span_of_back, a in by_span.items() for link in a.links
                 for by_span_target in [next(b for b in back.annotations if b.id == link.target)])
    want = sorted((span_of[a.id], span_of[link.target], link.relation.value) for a in doc.annotations for link in a.links)
    assert got == want and len(want) == 5


def test_brat_relation_to_a_missing_span_is_reported_and_other_types_counted():
    doc = project(TEXT).documents[0]
    ann = "T1\tClaim 4 12\tminister\nT2\tSource 0 3\tThe\nR1\tSupports Arg1:T1 Arg2:T9\nR2\tsupports Arg1:T1 Arg2:T2\t\nR3\tOrigin Arg1:T1 Arg2:T2\n"
    result = formats()["brat"].read(ann.encode(), doc, None)
    (back,) = result.documents
    claim = next(a for a in back.annotations if a.tag == Tag.CLAIM)
    assert [link.relation for link in claim.links] == [Relation.SUPPORTS]
    said = [f"{p.where}: {p.message}" for p in result.skipped]
    assert "line 3 (R1): names T9, which is no span imported from this file: skipped" in said
    assert any("1 relations have no counterpart" in s for s in said)  # Origin


# -- the HTML report


class Report(HTMLParser):
    """A report as a reader meets it: each check's text by claim id (and its verdict, reasoning,
    speaker, linked spans with their relation, evidence links), the overall verdict and summary,
    every link's address, and any element that could run code."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.checks: dict[str, dict[str, list[str]]] = {}
        self.overall: list[str] = []
        self.hrefs: list[str] = []
        self.dangerous: list[str] = []
        self._check: str | None = None
        self._part: str | None = None
        self._depth = 0
        self._overall = 0
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag in ("script", "img", "iframe", "object", "embed") or any(name.startswith("on") for name in attrs):
            self.dangerous.append(tag)
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag == "section" and "check" in classes:
            self._check = attrs["id"].removeprefix("check-")
            self.checks[self._check] = {"text": [], "verdict": [], "reasoning": [], "speaker": [], "links": [], "evidence": [], "rel": []}
            self._depth = 0
        if self._check is not None:
            if tag == "section":
                self._depth += 1
            for name in ("verdict", "reasoning", "speaker", "rel"):
                if name in classes:
                    self._part = name
            if tag == "li" and self._part != "rel":
                self._part = None
            if tag == "a" and attrs.get("href", "").startswith("http"):
                self.checks[self._check]["evidence"].append(attrs["href"])
        if tag == "div" and "overall" in classes:
            self._overall += 1

    def handle_endtag(self, tag):
        if self._check is not None and tag == "section":
            self._depth -= 1
            if self._depth == 0:
                self._check = None
        if tag in ("strong", "div", "p", "span"):
            self._part = None
        if tag == "div" and self._overall:
            self._overall -= 1

    def handle_data(self, data):
        if self._check is not None:
            self.checks[self._check]["text"].append(data)
            if self._part:
                self.checks[self._check][self._part].append(data)
        if self._overall:
            self.overall.append(data)

    def text(self, ident: str) -> str:
        return "".join(self.checks[ident]["text"])


def report(p) -> tuple[str, Report]:
    page = formats()["html"].write(p).decode("utf-8")
    return page, Report(page)


def test_html_report_is_a_fact_check_with_each_claims_verdict_reasoning_links_and_evidence():
    page, r = report(factcheck_project())
    assert "".join(r.overall).startswith("Overall verdict: Misleading (2 on a scale of 1 to 5)")
    assert "The minister's figure is the opposite of the office's.\nThe jobs number is unchecked." in "".join(r.overall)
    assert page.index('class="overall"') < page.index("<article")  # the summary and verdict open the article's section
    claim = r.checks[CLAIM]
    assert "".join(claim["verdict"]) == "False" and "(1 on a scale of 1 to 5)" in r.text(CLAIM)
    assert "".join(claim["reasoning"]) == "The office's figures show a rise, not a fall.\nSee its table 2."
    assert "".join(claim["speaker"]) == "Said by Jane Doe"
    assert claim["rel"] == ["Disputes it", "Says who said it", "Context"]
    text = r.text(CLAIM)
    assert "Disputes it Source: Figures from the statistics office" in text and "Says who said it Quote: We created 200,000 jobs" in text  # in <q>: the browser adds the marks
    assert claim["evidence"] == ["https://stats.example.org/labour/2025", "https://example.org/pressemitteilung/arbeitslosigkeit-ä"]
    assert "Labour market report" in text and "Table 2: 3.4 % → 3.9 %" in text and "https://stats.example.org/labour/2025" in text
    assert "".join(r.checks[SECOND]["verdict"]) == "Half right" and "(not on this project's rating scale)" in r.text(SECOND)
    assert set(r.checks) == {CLAIM, QUOTE, SECOND}  # every claim, and the quote with a speaker and a link; not the plain source
    assert "No verdict yet" not in r.text(QUOTE)
    assert all(h.startswith(("#", "https://")) for h in r.hrefs) and not r.dangerous
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert all(h[1:] in ids for h in r.hrefs if h.startswith("#"))


def test_html_report_escapes_and_isolates_the_fact_check_and_links_only_web_addresses():
    evil = "<script>alert(1)</script>\u202eevil"
    p = factcheck_project(reasoning=evil, speaker="<b>Jane</b>\u202e", evidence_title="<img src=x onerror=alert(1)>")
    doc = p.documents[0]
    claim = next(a for a in doc.annotations if a.id == CLAIM)
    bad = claim.evidence[1].model_copy(update={"url": "javascript:alert(1)"})  # no import can make one; the report still checks
    doc.annotations = [a.model_copy(update={"evidence": (claim.evidence[0], bad)}) if a.id == CLAIM else a for a in doc.annotations]
    doc.summary = "</div><script>x()</script>"
    page, r = report(p)
    assert not r.dangerous and "<script" not in page and "<img" not in page and "<b>Jane" not in page
    assert "".join(r.checks[CLAIM]["reasoning"]).startswith("<script>alert(1)</script>")  # shown as text
    assert "⟨U+202E⟩" in "".join(r.checks[CLAIM]["speaker"]) and "\u202e" not in "".join(r.checks[CLAIM]["speaker"]).replace("⟨U+202E⟩", "")
    assert '<p class="speaker">Said by <bdi>' in page  # a name is isolated from the sentence around it
    assert r.checks[CLAIM]["evidence"] == ["https://stats.example.org/labour/2025"] and "javascript:alert(1)" in r.text(CLAIM)
    assert 'href="javascript' not in page and "</div><script>" not in page
    assert 'rel="noopener noreferrer nofollow"' in page and '<meta name="referrer" content="no-referrer">' in page


def test_html_report_has_a_print_stylesheet_without_the_navigation():
    page, _ = report(factcheck_project())
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    printing = style.split("@media print{", 1)[1]
    assert ".claims-nav{display:none}" in printing.replace("nav,.claims-nav", ".claims-nav")
    assert ".check" in printing and "break-inside:avoid" in printing and ".table-heading{break-before:page}" in printing


def test_html_report_prints_in_chromium_without_the_list_of_claims(tmp_path):
    from .browser import CHROMIUM

    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (the README's test command installs it)")
    import subprocess

    from pypdf import PdfReader

    page = tmp_path / "report.html"
    page.write_bytes(formats()["html"].write(factcheck_project()))
    pdf = tmp_path / "report.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120)
    pages = PdfReader(pdf).pages
    printed = " ".join(" ".join(p.extract_text().split()) for p in pages)
    assert "Claims checked" not in printed  # the navigation is for the screen
    assert "Overall verdict: Misleading" in printed and "Verdict: False (1 on a scale of 1 to 5)" in printed
    assert "https://stats.example.org/labour/2025" in printed  # an address a printed page keeps
    assert len(pages) >= 2 and "Annotations" in " ".join(pages[-1].extract_text().split())  # the table starts a page of its own


def test_html_report_in_chromium_shows_the_checks_and_runs_nothing(tmp_path):
    from .browser import dump_dom

    p = factcheck_project(reasoning="<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">")
    path = tmp_path / "report.html"
    path.write_bytes(formats()["html"].write(p))
    dom = dump_dom(path, tmp_path / "profile")
    assert dom.count('class="check"') == 3 and "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert "<img" not in dom and "&lt;img src=x" in dom
    assert dom.count('href="https://stats.example.org/labour/2025"') == 1


# -- CSV


def test_csv_counts_each_relation_and_the_evidence_and_gives_speaker_and_reasoning():
    rows = list(csv.DictReader(io.StringIO(formats()["csv"].write(factcheck_project()).decode("utf-8"))))
    by_quote = {r["quote"]: r for r in rows}
    claim = by_quote["unemployment fell to 3 percent last year"]
    assert (claim["supports"], claim["disputes"], claim["attributes"], claim["context"], claim["evidence"]) == ("0", "1", "1", "1", "2")
    assert claim["speaker"] == "Jane Doe" and claim["reasoning"].startswith("The office's figures") and claim["verdict"] == "False" and claim["rating"] == "1"
    second = by_quote["it rose"]
    assert (second["supports"], second["disputes"], second["evidence"], second["rating"]) == ("1", "0", "0", "")
    source = by_quote["Figures from the statistics office"]
    assert (source["supports"], source["disputes"], source["attributes"], source["context"], source["evidence"]) == ("0",) * 5


def test_csv_fact_check_cells_are_made_safe():
    p = factcheck_project(reasoning="=HYPERLINK(\"http://evil\")", speaker="\u202e@me")
    rows = list(csv.DictReader(io.StringIO(formats()["csv"].write(p).decode("utf-8"))))
    claim = next(r for r in rows if r["quote"].startswith("unemployment"))
    assert claim["reasoning"].startswith("'=") and claim["speaker"] == "⟨U+202E⟩@me"


# -- ClaimReview


def test_claimreview_body_is_the_reasoning_author_the_speaker_and_citations_the_evidence():
    p = factcheck_project()
    reviews = json.loads(formats()["claimreview"].write(p))
    review = next(r for r in reviews if r["claimReviewed"] == "unemployment fell to 3 percent last year")
    assert review["reviewBody"] == "The office's figures show a rise, not a fall.\nSee its table 2."
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert review["citation"] == [
        {"@type": "CreativeWork", "url": "https://stats.example.org/labour/2025", "name": "Labour market report", "description": "Table 2: 3.4 % → 3.9 %"},
        {"@type": "CreativeWork", "url": "https://example.org/pressemitteilung/arbeitslosigkeit-ä"},
    ]
    assert review["reviewRating"]["ratingValue"] == 1
    second = next(r for r in reviews if r["claimReviewed"] == "it rose")
    assert "author" not in second["itemReviewed"] and "citation" not in second and "reviewBody" not in second
    assert "ratingValue" not in second["reviewRating"]  # Half right is not on the scale


def test_claimreview_body_falls_back_to_the_note_only_without_reasoning():
    p = factcheck_project(reasoning="", speaker="")
    doc = p.documents[0]
    doc.annotations = [a.model_copy(update={"note": "Checked against the office's table."}) if a.id == CLAIM else a for a in doc.annotations]
    (review, _) = json.loads(formats()["claimreview"].write(p))
    assert review["reviewBody"] == "Checked against the office's table." and "author" not in review["itemReviewed"]
    doc.annotations = [a.model_copy(update={"reasoning": "Why."}) if a.id == CLAIM else a for a in doc.annotations]
    (review, _) = json.loads(formats()["claimreview"].write(p))
    assert review["reviewBody"] == "Why."


# -- hostile fact-check data in imports: said, never a traceback or half a load

JUNK = [None, 1, True, "x", [], {}, ["a"], {"a": 1}, 1.5, "\ud800"[:0] + "\x00", [[]], [{}]]


@pytest.mark.parametrize("junk", JUNK, ids=repr)
def test_hostile_relations_links_and_evidence_never_crash_an_import(tmp_path, junk):
    from annotator.core.errors import FileProblemError

    text = "Officials said the base was used. Critics doubt it."
    region = {"id": "r1", "type": "labels", "value": {"start": 0, "end": 9, "text": "Officials", "labels": ["Claim"]},
              "meta": {"annotator": {"evidence": junk, "verdict": junk, "speaker": junk}}}
    tries = {
        "labelstudio": json.dumps([{"data": {"text": text}, "meta": {"annotator": {"verdict": junk, "summary": junk}}, "annotations": [{"result": [
            region, {"type": "relation", "from_id": junk, "to_id": "r1", "labels": junk, "direction": junk, "meta": junk},
            {"type": "relation", "from_id": "r1", "to_id": junk, "labels": [junk], "meta": {"annotator": junk}}]}]}]),
        "doccano": json.dumps({"text": text, "entities": [{"id": 0, "start_offset": 0, "end_offset": 9, "label": "claim"}, junk],
                               "relations": [junk, {"from_id": junk, "to_id": 0, "type": junk}, {"from_id": 0, "to_id": 0, "type": "supports", "by": junk}],
                               "verdict": junk, "annotator": [{"start": 0, "end": 9, "label": "claim", "evidence": junk, "reasoning": junk}]}),
        "w3c": json.dumps([
            {"id": "urn:uuid:00000000-0000-4000-8000-000000000001", "type": "Annotation", "target": {"source": "urn:x", "selector": [
                {"type": "TextPositionSelector", "start": 0, "end": 9}], "schema:author": junk},
             "body": [{"purpose": "tagging", "value": "claim"}, {"purpose": "linking", "source": junk}, {"purpose": "assessing", "value": junk, "dc:type": junk}]},
            {"type": "Annotation", "motivation": "linking", "target": junk, "body": [junk, {"source": junk}, {"purpose": "tagging", "value": junk}], "creator": junk},
            {"type": "Annotation", "motivation": ["linking", junk], "target": [junk, junk], "body": junk},
            {"type": "Annotation", "motivation": "assessing", "target": {"source": "urn:x"}, "body": [junk, {"purpose": "assessing", "value": junk}]},
        ]),
    }
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    for name, data in tries.items():
        path = tmp_path / f"{name}.json"
        path.write_text(data, encoding="utf-8")
        try:
            result = read_import(formats()[name], path, article if name == "w3c" else None, None)
        except FileProblemError as exc:
            assert str(path) in str(exc) and "Traceback" not in str(exc)
            continue
        for doc in result.documents:
            assert doc.links_problem() is None and doc.records_problem() is None


@pytest.mark.parametrize("name", ["w3c", "labelstudio", "doccano"])
def test_a_link_to_an_orphan_is_left_out_of_exports_that_leave_orphans_out(name):
    p = factcheck_project()
    doc = p.documents[0]
    unverified = next(a for a in doc.annotations if a.id == UNVERIFIED)
    doc.annotations = [a for a in doc.annotations if a.id != UNVERIFIED]
    doc.orphans = [unverified]  # the article was updated and its text was not found: the claim's context link waits with it
    result = formats()[name].read(formats()[name].write(p), doc if name == "w3c" else None, None)
    assert result.skipped == []
    back = next(a for a in result.documents[0].annotations if a.id == CLAIM)
    assert sorted(link.relation.value for link in back.links) == ["attributes", "disputes"]
    assert "orphans and links to them" in formats()[name].loses


@pytest.mark.parametrize("name", ["w3c", "labelstudio", "doccano"])
def test_the_sample_projects_fact_check_comes_back_whole(name):
    from annotator.core.storage import load_project

    from .conftest import SAMPLE

    p = load_project(SAMPLE)
    doc = p.documents[0]
    result = formats()[name].read(formats()[name].write(p), doc if name == "w3c" else None, None)
    assert result.skipped == []
    (back,) = result.documents
    assert facts(back) == facts(doc)
    assert (back.verdict, back.summary) == (doc.verdict, doc.summary)
