"""ClaimReview that a fact-check page can publish: the fact-check page as ``url``, the
organisation as ``author``, the verdict's number on the project's rating scale, and a refusal (or a
draft, marked) when publishing details are missing.

Every exported review is checked against the properties Google's fact-check guidelines
require and recommend, listed below as they state them.
"""

from __future__ import annotations

import json
import os
import stat

import pytest

from annotator import cli
from annotator.core.errors import FileProblemError
from annotator.core.formats import claimreview, formats
from annotator.core.model import SCHEMA_VERSION, Project, Publisher, RatingLevel, Tag, default_rating_scale, level_named
from annotator.core.storage import dumps, load_project, parse_project, save_project

from .conftest import ROOT, SAMPLE
from .factories import annotation, project

# Google Search Central, "Fact check (ClaimReview) structured data", section "Structured data
# type definitions" (developers.google.com/search/docs/appearance/structured-data/factcheck),
# as tabulated by Full Fact's markup investigation
# (fullfact.github.io/markup-investigation/docs/notes/01-basic-usage/) and by schemastats
# (schemastats.com/en/terms/ClaimReview/, "Google Search requirements"). The types are
# schema.org's ClaimReview, Claim and Rating (schema.org/ClaimReview, /Claim, /Rating).
REQUIRED = {
    "ClaimReview": ("claimReviewed", "reviewRating", "url"),
    "Rating": ("alternateName",),
}
RECOMMENDED = {
    "ClaimReview": ("author", "author.name", "author.url", "datePublished", "itemReviewed"),
    "Claim": ("appearance", "author", "datePublished", "firstAppearance"),
    "Rating": ("bestRating", "name", "ratingValue", "worstRating"),
}
UNKNOWN_TO_ANNOTATOR = {
    # When the claim was made and where it first appeared: the article is one appearance, and
    # nothing in a project says more. Who made it is the claim's speaker, when one is named.
    "Claim": {"datePublished", "firstAppearance"},
}
PUBLISHER = Publisher(organization="Example Checks", organization_url="https://checks.example.org/",
                      page_url="https://checks.example.org/2016/russian-bombers")


def published_sample() -> Project:
    p = load_project(SAMPLE)
    p.metadata.publisher = PUBLISHER
    return p


def value_at(item: dict, dotted: str):
    for key in dotted.split("."):
        if not isinstance(item, dict) or key not in item:
            return None
        item = item[key]
    return item


def properties_lacking(review: dict) -> tuple[list[str], list[str]]:
    """(required, recommended) properties missing from one review, as "Type.property"."""
    parts = {"ClaimReview": review, "Claim": review.get("itemReviewed"), "Rating": review.get("reviewRating")}
    lacking = ([], [])
    for kind, table in enumerate((REQUIRED, RECOMMENDED)):
        for type_name, names in table.items():
            for name in names:
                value = value_at(parts[type_name] or {}, name)
                if value is None or value == "" or value == []:
                    lacking[kind].append(f"{type_name}.{name}")
    return lacking


def expected_lacking(ann, scale) -> list[str]:
    unknown = [f"{t}.{n}" for t, names in UNKNOWN_TO_ANNOTATOR.items() for n in sorted(names | ({"author"} if not ann.speaker.strip() else set()))]
    level = level_named(scale, ann.verdict)
    return unknown + ([] if level is not None and level.value is not None else ["Rating.ratingValue"])


def reviewed_claims(p: Project):
    return [a for doc in p.documents for a in doc.annotations if claimreview.reviewed(a)]


def with_every_verdict(p: Project) -> Project:
    """The sample with claims given each verdict of the project's scale and one off it (the
    unrated claims first, then rated ones given another verdict)."""
    doc = p.documents[0]
    names = [level.name for level in p.metadata.rating_scale] + ["Half right"]
    claims = sorted((a for a in doc.annotations if a.tag == Tag.CLAIM), key=lambda a: bool(a.verdict))[: len(names)]
    assert len(claims) == len(names)
    rated = {a.id: a.model_copy(update={"verdict": name}) for name, a in zip(names, claims)}
    doc.annotations = [rated.get(a.id, a) for a in doc.annotations]
    return p


# -- the required and recommended properties


def test_every_review_has_every_required_property_and_each_recommended_one_we_can_know():
    p = with_every_verdict(published_sample())
    reviews = json.loads(formats()["claimreview"].write(p))
    claims = reviewed_claims(p)
    rated_before = {a.id for a in published_sample().documents[0].annotations if a.verdict}
    assert len(reviews) == len(claims) == len(rated_before | {a.id for a in claims if a.verdict in {"Half right", *(level.name for level in p.metadata.rating_scale)}})
    assert {a.verdict for a in claims} >= {"Half right", *(level.name for level in p.metadata.rating_scale)}
    for review, ann in zip(reviews, claims):
        required, recommended = properties_lacking(review)
        assert required == [], ann.quote.exact
        assert recommended == expected_lacking(ann, p.metadata.rating_scale), ann.quote.exact
        assert "creativeWorkStatus" not in review


def test_the_list_check_catches_what_is_missing():
    """The checker itself: a review without its url or rating name fails it."""
    review = json.loads(formats()["claimreview"].write(published_sample()))[0]
    del review["url"]
    review["reviewRating"]["alternateName"] = ""
    del review["author"]["url"]
    required, recommended = properties_lacking(review)
    assert required == ["ClaimReview.url", "Rating.alternateName"]
    assert "ClaimReview.author.url" in recommended


def test_url_is_the_fact_check_page_and_author_the_organisation():
    reviews = json.loads(formats()["claimreview"].write(published_sample()))
    assert {r["url"] for r in reviews} == {PUBLISHER.page_url}  # Google: the page plus at most its own anchor; none invented
    assert all(r["author"] == {"@type": "Organization", "name": "Example Checks", "url": "https://checks.example.org/"} for r in reviews)
    assert all(r["contributor"] == [{"@type": "Person", "name": "Sam Checker (sample)"}] for r in reviews)
    assert reviews[0]["itemReviewed"]["appearance"]["headline"].startswith("Russian Bombers")


def test_a_page_url_with_its_own_anchor_is_kept_as_given():
    p = published_sample()
    p.metadata.publisher = PUBLISHER.model_copy(update={"page_url": "https://checks.example.org/roundup#bombers"})
    assert {r["url"] for r in json.loads(formats()["claimreview"].write(p))} == {"https://checks.example.org/roundup#bombers"}


@pytest.mark.parametrize("level", range(len(default_rating_scale())))
def test_a_verdict_carries_its_number_on_the_projects_scale(level):
    text = "Taxes fell by 10% last year."
    p = project(text, [(0, len(text) - 1, Tag.CLAIM)])
    p.metadata.publisher = PUBLISHER
    chosen = p.metadata.rating_scale[level]
    p.documents[0].annotations[0] = p.documents[0].annotations[0].model_copy(update={"verdict": chosen.name.upper()})
    (review,) = json.loads(formats()["claimreview"].write(p))
    assert review["reviewRating"]["alternateName"] == review["reviewRating"]["name"] == chosen.name.upper()
    assert review["reviewRating"].get("ratingValue") == chosen.value
    assert (review["reviewRating"]["bestRating"], review["reviewRating"]["worstRating"]) == (5, 1)
    assert properties_lacking(review)[0] == []


def test_a_projects_own_scale_sets_best_and_worst():
    text = "Taxes fell by 10% last year."
    p = project(text, [(0, len(text) - 1, Tag.CLAIM)])
    p.metadata.publisher = PUBLISHER
    p.metadata.rating_scale = [RatingLevel(name="Pants on fire", value=0), RatingLevel(name="Correct", value=10)]
    p.documents[0].annotations[0] = p.documents[0].annotations[0].model_copy(update={"verdict": "Pants on fire"})
    (review,) = json.loads(formats()["claimreview"].write(p))
    assert {k: review["reviewRating"][k] for k in ("bestRating", "worstRating", "ratingValue")} == {"bestRating": 10, "worstRating": 0, "ratingValue": 0}


def test_a_claim_with_neither_verdict_nor_rating_is_left_out():
    text = "Taxes fell by 10% last year."
    p = project(text, [(0, 5, Tag.CLAIM), (6, 10, Tag.CLAIM), (11, 13, Tag.QUOTE)])
    anns = p.documents[0].annotations
    anns[1] = anns[1].model_copy(update={"verdict": "False"})
    anns[2] = anns[2].model_copy(update={"verdict": "False"})  # not a claim
    assert [r["claimReviewed"] for r in json.loads(formats()["claimreview"].write(p))] == [text[6:10]]


# -- missing details: refused, or a draft


def test_missing_details_are_all_named_in_one_message():
    p = load_project(SAMPLE)
    assert claimreview.missing(p) == ["the fact-check page URL", "the organisation's name", "the organisation's URL"]
    message = claimreview.refusal(p, "p.json")
    assert "\n" not in message
    assert "the fact-check page URL, the organisation's name and the organisation's URL" in message
    assert "annotator publishing p.json --page URL" in message and "File ▸ Publishing Details" in message
    p.metadata.publisher = PUBLISHER.model_copy(update={"organization": " "})
    assert claimreview.missing(p) == ["the organisation's name"]
    p.metadata.publisher = PUBLISHER
    assert claimreview.missing(p) == [] and claimreview.refusal(p) is None


def test_a_draft_marks_every_review_and_leaves_out_what_it_does_not_know():
    p = load_project(SAMPLE)
    p.metadata.publisher = Publisher(organization="Example Checks")
    reviews = json.loads(formats()["claimreview"].write(p))
    assert reviews and all(r["creativeWorkStatus"] == "Draft" for r in reviews)
    assert all("url" not in r and r["author"] == {"@type": "Organization", "name": "Example Checks"} for r in reviews)


def test_cli_refuses_with_one_message_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "out.json"
    assert cli.main(["export", "-f", "claimreview", str(path), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "the fact-check page URL, the organisation's name and the organisation's URL" in err[0] and "--draft" in err[0]
    assert not out.exists()


def test_cli_draft_is_written_and_said_to_be_one(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "out.json"
    assert cli.main(["export", "-f", "claimreview", "--draft", str(path), "-o", str(out)]) == 0
    assert "DRAFT" in capsys.readouterr().err
    assert all(r["creativeWorkStatus"] == "Draft" for r in json.loads(out.read_bytes()))


def test_other_formats_need_no_publishing_details(tmp_path):
    for name in ("html", "csv", "w3c"):
        assert cli.main(["export", "-f", name, str(SAMPLE), "-o", str(tmp_path / f"out.{name}")]) == 0


# -- the publishing command


def test_publishing_prints_sets_and_then_export_is_publishable(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_bytes(SAMPLE.read_bytes())
    assert cli.main(["publishing", str(path)]) == 0
    assert "Fact-check page: (not set)" in capsys.readouterr().out
    assert cli.main(["publishing", str(path), "--page", PUBLISHER.page_url, "--organization", "Example Checks",
                     "--organization-url", PUBLISHER.organization_url]) == 0
    assert load_project(path).metadata.publisher == PUBLISHER
    assert (tmp_path / "p.json.bak").exists()  # saved the way every save is
    capsys.readouterr()
    assert cli.main(["publishing", str(path)]) == 0
    assert f"Fact-check page: {PUBLISHER.page_url}" in capsys.readouterr().out
    assert cli.main(["publishing", str(path), "--organization", "Other"]) == 0  # the others are kept
    assert load_project(path).metadata.publisher == PUBLISHER.model_copy(update={"organization": "Other"})
    out = tmp_path / "out.json"
    capsys.readouterr()
    assert cli.main(["export", "-f", "claimreview", str(path), "-o", str(out)]) == 0
    assert all("creativeWorkStatus" not in r for r in json.loads(out.read_bytes()))
    assert f"{claimreview.count(load_project(path))} reviews for one page" in capsys.readouterr().err  # Google's result needs one per page


@pytest.mark.parametrize("option, value", [
    ("--page", "ftp://checks.example.org/x"), ("--page", "checks.example.org/x"), ("--organization-url", "https://"),
    ("--organization-url", "javascript:alert(1)"), ("--page", "https://exa mple.org/"),
])
def test_publishing_refuses_a_url_that_is_not_http_with_a_host(tmp_path, capsys, option, value):
    path = tmp_path / "p.json"
    path.write_bytes(SAMPLE.read_bytes())
    before = path.read_bytes()
    assert cli.main(["publishing", str(path), option, value]) == 1
    err = capsys.readouterr().err
    assert option in err and "web address" in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_publishing_refuses_a_read_only_file(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_bytes(SAMPLE.read_bytes())
    os.chmod(path, stat.S_IRUSR)
    try:
        assert cli.main(["publishing", str(path), "--organization", "Example Checks"]) == 1
        assert "read-only" in capsys.readouterr().err
        assert load_project(path).metadata.publisher == Publisher()
    finally:
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


# -- the project file


def test_a_file_with_a_bad_url_is_refused_by_name():
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["metadata"]["publisher"]["page_url"] = "javascript:alert(1)"
    with pytest.raises(FileProblemError) as caught:
        parse_project(json.dumps(data).encode(), "p.json")
    (problem,) = caught.value.problems
    assert problem.where == "metadata.publisher.page_url" and "http:// or https://" in problem.message


def test_a_version_6_file_loads_with_empty_details_and_saves_as_the_current_version():
    p = load_project(ROOT / "tests" / "schema_versions" / "v6.json")
    assert p.metadata.publisher == Publisher()
    assert json.loads(dumps(p))["schema_version"] == SCHEMA_VERSION


def test_details_survive_a_save_and_load(tmp_path):
    p = published_sample()
    save_project(p, tmp_path / "p.json")
    assert load_project(tmp_path / "p.json").metadata.publisher == PUBLISHER


# -- a consumer: extruct reads JSON-LD from a page as search-engine tooling does


def test_extruct_reads_every_review_back_from_a_page(tmp_path):
    import extruct  # in the test extra: a missing consumer fails here rather than skipping
    from datetime import datetime, timezone

    from annotator.core.model import Evidence

    claim_time = datetime(2026, 1, 2, tzinfo=timezone.utc)
    p = published_sample()
    hostile = "Taxes fell</script><script>alert(1)</script> by \u202e01% \u2066last\u2069 year & <b>more</b>"
    text = f"{hostile}. Other text."
    doc = p.documents[0].model_copy(update={"text": text, "sha256": "0" * 64, "annotations": []})
    claim = annotation(text, 0, len(hostile), Tag.CLAIM, 7).model_copy(update={
        "verdict": "False </script>", "reasoning": "Why: </script><b>x</b>", "speaker": "\u202eMinister </script>",
        "evidence": (Evidence(url="https://stats.example.org/a?b=<c>&d", title="Table </script>", note="n", time=claim_time),)})
    doc.annotations = [claim]
    p.documents.append(doc)
    data = formats()["claimreview"].write(p).decode("utf-8")
    page = f'<!DOCTYPE html><html><head><script type="application/ld+json">{data}</script></head><body><p>Fact check</p></body></html>'
    found = extruct.extract(page, base_url=PUBLISHER.page_url, syntaxes=["json-ld"], uniform=False)["json-ld"]
    reviews = found  # extruct lists the items of a block holding a list; a block cut short by a </script> would not parse
    claims = reviewed_claims(p)
    assert [r["claimReviewed"] for r in reviews] == [a.quote.exact for a in claims]
    assert reviews[-1]["claimReviewed"] == hostile and reviews[-1]["reviewRating"]["alternateName"] == "False </script>"
    assert reviews[-1]["reviewBody"] == "Why: </script><b>x</b>" and reviews[-1]["itemReviewed"]["author"]["name"] == "\u202eMinister </script>"
    assert reviews[-1]["citation"] == [{"@type": "CreativeWork", "url": "https://stats.example.org/a?b=<c>&d", "name": "Table </script>", "description": "n"}]
    assert all(properties_lacking(r)[0] == [] for r in reviews)
