"""The Claims view's core: a summary per claim (verdict, links, evidence, speaker, review
agreement), its filters and counts, kept up to date edit by edit exactly as a fresh build."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.factcheck import (
    AGREED,
    NOT_REVIEWED,
    ClaimFilter,
    ClaimTable,
    Counts,
    FilterKind,
    agreement,
    claim_table,
    filters,
)
from annotator.core.model import (
    Decision,
    Document,
    Evidence,
    Link,
    Relation,
    ReviewInfo,
    ReviewRecord,
    Snapshot,
    Tag,
    default_rating_scale,
)

from .factories import WHEN, annotation

TEXT = "The minister said the budget grew. Critics doubt it. Officials said so. A report says not."
SCALE = default_rating_scale()


def ann(n: int, tag: Tag = Tag.CLAIM, **changes):
    start = 4 * n
    made = annotation(TEXT, start, start + 3, tag, n)
    return made.model_copy(update=changes) if changes else made


def link(target: int, relation: Relation) -> Link:
    return Link(target=ann(target).id, relation=relation, time=WHEN)


def evidence(url: str = "https://example.org/report") -> Evidence:
    return Evidence(url=url, title="Report", time=WHEN)


def document(*anns, review=()) -> Document:
    doc = Document.from_text(TEXT)
    doc.annotations = sorted(anns, key=lambda a: a.sort_key())
    doc.review = list(review)
    return doc


def test_outgoing_links_count_per_relation_and_incoming_only_disputes():
    claim = ann(0, links=(link(1, Relation.SUPPORTS), link(2, Relation.SUPPORTS), link(3, Relation.CONTEXT), link(4, Relation.ATTRIBUTES)))
    quote = ann(5, Tag.QUOTE, links=(link(0, Relation.DISPUTES), link(6, Relation.SUPPORTS)))
    other = ann(6, links=(link(0, Relation.SUPPORTS), link(0, Relation.CONTEXT)))  # the claim supports it and gives it context
    table = claim_table(document(claim, ann(1, Tag.QUOTE), ann(2, Tag.SOURCE), ann(3), ann(4, Tag.SOURCE), quote, other), SCALE)
    row = table.summary(claim.id)
    assert (row.supports, row.disputes, row.context, row.attributes) == (2, 1, 1, 1)
    assert row.disputed and row.has_evidence  # the quote's "disputes" link into it counts: a contradiction is mutual
    assert (table.summary(other.id).supports, table.summary(other.id).context) == (1, 1)  # its own links only
    assert table.summary(other.id).disputes == 0


def test_a_span_linked_both_ways_as_disputing_counts_once():
    claim = ann(0, links=(link(1, Relation.DISPUTES),))
    quote = ann(1, Tag.QUOTE, links=(link(0, Relation.DISPUTES),))
    assert claim_table(document(claim, quote), SCALE).summary(claim.id).disputes == 1


def test_the_verdict_its_number_and_verdicts_off_the_scale():
    rows = claim_table(document(ann(0, verdict="mostly TRUE"), ann(1, verdict="Unverifiable"), ann(2, verdict="Pants on fire"), ann(3)), SCALE)
    by_n = [rows.summary(ann(n).id) for n in range(4)]
    assert [r.rating for r in by_n] == ["4", "no number", "not on the scale", ""]
    assert by_n[0].level.name == "Mostly true"
    assert [r.has_verdict for r in by_n] == [True, True, True, False]


def test_speaker_is_the_claims_own_else_the_span_an_attributes_link_names():
    source = ann(1, Tag.SOURCE)
    named = claim_table(document(ann(0, links=(link(1, Relation.ATTRIBUTES),)), source), SCALE).summary(ann(0).id)
    assert (named.speaker, named.speaker_linked) == (source.quote.exact, True)
    own = claim_table(document(ann(0, speaker=" Col. Garver ", links=(link(1, Relation.ATTRIBUTES),)), source), SCALE).summary(ann(0).id)
    assert (own.speaker, own.speaker_linked) == ("Col. Garver", False)


def test_without_evidence_means_no_supporting_or_disputing_span_and_no_outside_evidence():
    table = claim_table(document(
        ann(0), ann(1, links=(link(0, Relation.CONTEXT), link(4, Relation.ATTRIBUTES))), ann(2, evidence=(evidence(),)),
        ann(3, links=(link(4, Relation.SUPPORTS),)), ann(4, Tag.SOURCE),
    ), SCALE)
    lacking = [row.claim.id for row in table.summaries() if ClaimFilter(FilterKind.WITHOUT_EVIDENCE).accepts(row)]
    assert lacking == [ann(0).id, ann(1).id]
    assert table.summary(ann(2).id).evidence == 1


def test_filters_offer_each_level_and_split_the_claims_as_the_counts_say():
    claims = [ann(0, verdict="False"), ann(1, verdict="false"), ann(2, verdict="Odd"), ann(3), ann(4, links=(link(0, Relation.DISPUTES),))]
    table = claim_table(document(*claims), SCALE)
    offered = filters(SCALE)
    assert [f.label for f in offered[:4]] == ["All", "Without evidence", "Without verdict", "Disputed"]
    assert [f.label for f in offered[4:]] == [f"Verdict: {level.name}" for level in SCALE] + ["Verdict not on the scale"]
    assert len({f.description for f in offered}) == len(offered)  # each says what it shows
    shown = {f.label: [r.claim.id for r in table.summaries() if f.accepts(r)] for f in offered}
    assert shown["Verdict: False"] == [claims[0].id, claims[1].id]
    assert shown["Verdict not on the scale"] == [claims[2].id]
    assert shown["Disputed"] == [claims[0].id, claims[4].id]  # claim 4 disputes claim 0: both are disputed
    assert table.counts() == Counts(5, 3, 2, 2)
    assert table.counts().line() == "5 claims · 3 without evidence · 2 without verdict · 2 disputed"
    assert Counts(1, 0, 1, 0).line() == "1 claim · 0 without evidence · 1 without verdict · 0 disputed"


def record(result_id: str, decision: Decision, when=WHEN, decided=True) -> ReviewRecord:
    snap = Snapshot(id=result_id, tag=Tag.CLAIM, start=0, end=3, exact="The")
    return ReviewRecord(reviewer="Rita", time=when, group="tag differs", decision=decision, mine=snap, result=[snap], decided=decided)


def test_agreement_from_the_latest_reviews_records():
    claim = ann(0).model_copy(update={"created": WHEN - timedelta(days=1), "modified": WHEN - timedelta(days=1)})
    assert agreement(claim, [], None) == NOT_REVIEWED
    assert agreement(claim, [], WHEN) == AGREED  # a merge records only what differed
    assert agreement(ann(0, created=WHEN + timedelta(hours=1), modified=WHEN + timedelta(hours=1)), [], WHEN) == NOT_REVIEWED
    assert agreement(claim, [record(claim.id, Decision.KEPT_MINE)], None) == "differed: kept mine"
    assert agreement(claim, [record(claim.id, Decision.KEPT_MINE, decided=False)], None) == "differed: undecided (kept mine)"
    older, newer = record(claim.id, Decision.ACCEPTED_THEIRS, WHEN - timedelta(days=2)), record(claim.id, Decision.AGREED)
    assert agreement(claim, [older, newer], None) == AGREED
    assert agreement(claim, [record(claim.id, Decision.KEPT_MINE), record(claim.id, Decision.ACCEPTED_THEIRS)], None) == (
        "differed: kept mine; differed: accepted theirs")
    assert agreement(claim, [older], WHEN) == AGREED  # a later review recorded nothing on it: agreed then
    edited = claim.model_copy(update={"modified": WHEN + timedelta(minutes=5)})
    assert agreement(edited, [record(claim.id, Decision.AGREED)], None) == "agreed, changed since"


def test_the_table_reads_agreement_from_the_documents_records_and_the_projects_reviews():
    reviewed_claim = ann(0, created=WHEN - timedelta(days=1), modified=WHEN - timedelta(days=1))
    later_claim = ann(1, created=WHEN + timedelta(days=1), modified=WHEN + timedelta(days=1))
    differed = ann(2, created=WHEN - timedelta(days=1), modified=WHEN - timedelta(days=1))
    doc = document(reviewed_claim, later_claim, differed, review=[record(differed.id, Decision.EDITED)])
    table = claim_table(doc, SCALE)
    assert [r.agreement for r in table.summaries()] == [AGREED, NOT_REVIEWED, "differed: edited"]
    assert [len(r.records) for r in table.summaries()] == [0, 0, 1]  # the record that says so, for a fuller account
    info = ReviewInfo(reviewer="Rita", time=WHEN + timedelta(days=2), mine="a.json", theirs="b.json")
    assert claim_table(document(later_claim), SCALE, [info]).summary(later_claim.id).agreement == AGREED
    assert claim_table(document(later_claim), SCALE).summary(later_claim.id).agreement == NOT_REVIEWED


def test_an_edit_reports_only_the_claims_it_touches():
    claims = [ann(n) for n in range(5)]
    quote = ann(5, Tag.QUOTE)
    table = claim_table(document(*claims, quote), SCALE)
    assert table.put(claims[2].model_copy(update={"verdict": "False"})) == {claims[2].id}
    assert table.summary(claims[2].id).level.name == "False"
    assert table.put(quote.model_copy(update={"links": (link(3, Relation.DISPUTES),)})) == {claims[3].id}
    assert table.summary(claims[3].id).disputes == 1
    assert table.drop(quote.id) == {claims[3].id}
    assert table.summary(claims[3].id).disputes == 0
    assert table.put(claims[1].model_copy(update={"tag": Tag.QUOTE})) == {claims[1].id}
    assert claims[1].id not in table and len(table) == 4
    assert table.put(ann(7)) == {ann(7).id} and ann(7).id in table


def test_renaming_the_linked_speaker_updates_the_claim_it_names():
    source = ann(1, Tag.SOURCE)
    claim = ann(0, links=(link(1, Relation.ATTRIBUTES),))
    table = claim_table(document(claim, source), SCALE)
    assert table.put(source.model_copy(update={"speaker": "Col. Christopher Garver"})) == {claim.id}
    assert table.summary(claim.id).speaker == "Col. Christopher Garver"


# -- edit by edit equals built afresh

N = 8
RELATIONS = list(Relation)
LEVELS = ["", "True", "false", "Mixed", "Unverifiable", "Made up"]


@st.composite
def versions(draw, n: int):
    tag = draw(st.sampled_from([Tag.CLAIM, Tag.CLAIM, Tag.QUOTE, Tag.SOURCE]))
    targets = draw(st.lists(st.tuples(st.integers(0, N - 1).filter(lambda t: t != n), st.sampled_from(RELATIONS)), max_size=3, unique=True))
    return ann(
        n, tag, verdict=draw(st.sampled_from(LEVELS)), speaker=draw(st.sampled_from(["", "Garver"])),
        links=tuple(link(t, r) for t, r in targets), evidence=(evidence(),) * draw(st.integers(0, 2)),
    )


edits = st.lists(st.tuples(st.integers(0, N - 1), st.booleans(), st.data()), max_size=25)


@settings(max_examples=150, deadline=None)
@given(edits)
def test_a_table_kept_up_edit_by_edit_equals_one_built_afresh(steps):
    present: dict[int, object] = {}
    table = ClaimTable(document(), SCALE)
    for n, remove, data in steps:
        was = {row.claim.id: row for row in table.summaries()}
        if remove and n in present:
            del present[n]
            affected = table.drop(ann(n).id)
        else:
            present[n] = data.draw(versions(n))
            affected = table.put(present[n])
        fresh = ClaimTable(document(*present.values()), SCALE)
        assert table.summaries() == fresh.summaries()
        assert table.counts() == fresh.counts()
        now = {row.claim.id: row for row in table.summaries()}
        # every claim whose row changed, appeared or went away was reported
        changed = {i for i in was.keys() | now.keys() if was.get(i) != now.get(i)}
        assert changed <= affected


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, N - 1), unique=True).flatmap(lambda ns: st.tuples(*(versions(n) for n in ns))))
def test_counts_are_what_the_filters_show(anns):
    table = ClaimTable(document(*anns), SCALE)
    rows = table.summaries()
    shown = {f.kind: sum(f.accepts(r) for r in rows) for f in filters(SCALE) if f.kind != FilterKind.VERDICT}
    counts = table.counts()
    assert (counts.claims, counts.without_evidence, counts.without_verdict, counts.disputed) == (
        shown[FilterKind.ALL], shown[FilterKind.WITHOUT_EVIDENCE], shown[FilterKind.WITHOUT_VERDICT], shown[FilterKind.DISPUTED])
    by_level = sum(f.accepts(r) for f in filters(SCALE) if f.kind in (FilterKind.VERDICT, FilterKind.OFF_SCALE) for r in rows)
    assert by_level == counts.claims - counts.without_verdict  # each rated claim under exactly one verdict
