"""Reviews and merges of fact-checks: verdict, reasoning, speaker, evidence and link
differences as review items, links followed to the merged ids, none left dangling or dropped
unsaid (issue 18, "Review")."""

from __future__ import annotations

import pytest

from annotator.core.integrity import project_problems
from annotator.core.merge import NOT_KEPT, ItemDecision, describe_change, merge_document, merge_projects, preferred_decision, review_projects
from annotator.core.model import Decision, Evidence, Link, Relation, Tag
from annotator.core.review import Group
from annotator.core.storage import dumps, parse_project

from .factories import WHEN, annotation, project

TEXT = ("The ministry said the jets flew from Hamadan. Reuters reported the flights. "
        "A coalition spokesman would not confirm it. Officials in Tehran denied everything.")
CLAIM, QUOTE, REUTERS, SPOKESMAN, TEHRAN = "the jets flew from Hamadan", "Reuters reported the flights", "Reuters", \
    "A coalition spokesman", "Officials in Tehran"


def span(needle):
    start = TEXT.index(needle)
    return start, start + len(needle)


def ann(needle, tag, n, **fields):
    a = annotation(TEXT, *span(needle), tag, n)
    return a.model_copy(update=fields) if fields else a


def link(target, relation=Relation.SUPPORTS):
    return Link(target=target.id, relation=relation, by="x", time=WHEN)


def side(base, claim_fields, extra=(), author="Ann Author"):
    """A project with the claim, the quote and two sources; ids start at ``base`` so the two
    sides' ids differ. ``claim_fields`` may name the others through callables."""
    q = ann(QUOTE, Tag.QUOTE, base + 1)
    r = ann(REUTERS, Tag.SOURCE, base + 2)
    s = ann(SPOKESMAN, Tag.SOURCE, base + 3)
    others = {"quote": q, "reuters": r, "spokesman": s}
    added = [e(others) if callable(e) else e for e in extra]
    fields = {k: (v(others) if callable(v) else v) for k, v in claim_fields.items()}
    c = ann(CLAIM, Tag.CLAIM, base, **fields)
    anns = [c, q, r, s, *added]
    p = project(TEXT)
    p.documents[0].annotations = sorted((a.model_copy(update={"author": author}) for a in anns), key=lambda a: a.sort_key())
    return p


def review(mine, theirs):
    (r,), _ = review_projects(mine, theirs)
    return r


def by_text(doc):
    return {TEXT[a.start:a.end]: a for a in doc.annotations}


def item_of(r, needle):
    return next(n for n, item in enumerate(r.items) if TEXT[item.start:item.end] == needle)


def check_sound(doc, mine_project):
    merged = merge_projects(mine_project, [doc], "Rev", WHEN, "mine.json", "theirs.json")
    assert doc.links_problem() is None
    assert project_problems(merged) == []
    assert parse_project(dumps(merged).encode("utf-8")) is not None  # saves and loads back


def test_links_to_the_same_spans_agree_though_the_ids_differ():
    mine = side(0, {"links": lambda o: (link(o["quote"]),), "verdict": "False"})
    theirs = side(100, {"links": lambda o: (link(o["quote"]),), "verdict": "false"})
    assert {item.group for item in review(mine, theirs).items} == {Group.AGREED}


@pytest.mark.parametrize("field, mine_value, theirs_value", [
    ("verdict", "False", "Mostly true"),
    ("reasoning", "Only the ministry says so.", "Reuters confirms it."),
    ("speaker", "Russian Defense Ministry", "Igor Konashenkov"),
    ("evidence", (), (Evidence(url="https://example.org/report", title="Report", time=WHEN),)),
    ("links", lambda o: (link(o["quote"]),), lambda o: (link(o["quote"], Relation.DISPUTES),)),
])
def test_each_fact_check_field_that_differs_makes_an_item(field, mine_value, theirs_value):
    r = review(side(0, {field: mine_value}), side(100, {field: theirs_value}))
    groups = {TEXT[i.start:i.end]: i.group for i in r.items}
    assert groups[CLAIM] == Group.FACTS_DIFFER
    assert {g for t, g in groups.items() if t != CLAIM} == {Group.AGREED}


def fact_pair():
    """Mine: "False", supported by the quote. Theirs: "Mostly true", supported by the quote
    and Reuters, disputed by the spokesman, with a report as evidence."""
    mine = side(0, {"verdict": "False", "links": lambda o: (link(o["quote"]),)})
    theirs = side(100, {
        "verdict": "Mostly true", "reasoning": "Reuters saw it.",
        "evidence": (Evidence(url="https://example.org/report", title="Report", time=WHEN),),
        "links": lambda o: (link(o["quote"]), link(o["reuters"]), link(o["spokesman"], Relation.DISPUTES)),
    }, author="Bob")
    return mine, theirs


def test_keep_mine_keeps_my_fact_check_and_says_theirs_in_the_record():
    mine, theirs = fact_pair()
    r = review(mine, theirs)
    n = item_of(r, CLAIM)
    merged = merge_document(r, {n: ItemDecision(Decision.KEPT_MINE)}, {}, "Rev", WHEN)
    claim = by_text(merged)[CLAIM]
    assert claim == mine.documents[0].annotations[[a.tag for a in mine.documents[0].annotations].index(Tag.CLAIM)]
    (record,) = [rec for rec in merged.review if rec.group == Group.FACTS_DIFFER.value]
    assert record.comment is None  # the reviewer's comment is the reviewer's alone
    (said,) = [rec for rec in merged.review if rec.group == NOT_KEPT]
    words = said.comment.text
    assert words.startswith("Their fact-check, not kept: ")
    assert describe_change(said).startswith("their fact-check, not kept: verdict “Mostly true”")
    assert "verdict “Mostly true” (kept: “False”)" in words
    assert "reasoning “Reuters saw it.”" in words and "evidence https://example.org/report" in words
    assert "link supports → source “Reuters”" in words and "link disputes → source “A coalition spokesman”" in words
    assert "link supports → quote" not in words  # mine has that one too
    assert describe_change(record, "mine").endswith("fact-check kept, the other version's recorded")
    assert describe_change(record, "theirs").endswith("fact-check replaced by the other version's")
    check_sound(merged, mine)


def test_accepting_theirs_brings_their_links_pointed_at_the_merged_ids():
    mine, theirs = fact_pair()
    r = review(mine, theirs)
    merged = merge_document(r, {item_of(r, CLAIM): ItemDecision(Decision.ACCEPTED_THEIRS)}, {}, "Rev", WHEN)
    anns = by_text(merged)
    claim = anns[CLAIM]
    assert claim.verdict == "Mostly true" and claim.author == "Bob"
    assert [(l.target, l.relation) for l in claim.links] == [
        (anns[QUOTE].id, Relation.SUPPORTS), (anns[REUTERS].id, Relation.SUPPORTS), (anns[SPOKESMAN].id, Relation.DISPUTES)]
    assert all(a.id.endswith(("00", "01", "02", "03")) and int(a.id[-3:]) < 100 for t, a in anns.items() if t != CLAIM)  # my ids
    (record,) = [rec for rec in merged.review if rec.group == NOT_KEPT]
    assert "My fact-check, not kept: verdict “False” (kept: “Mostly true”)" in record.comment.text
    check_sound(merged, mine)


def test_keep_both_makes_one_claim_with_both_fact_checks():
    mine, theirs = fact_pair()
    r = review(mine, theirs)
    merged = merge_document(r, {item_of(r, CLAIM): ItemDecision(Decision.KEPT_BOTH)}, {}, "Rev", WHEN)
    anns = by_text(merged)
    assert len(merged.annotations) == 4  # one claim, not two on the same span
    claim = anns[CLAIM]
    assert claim.verdict == "False" and claim.reasoning == "Reuters saw it." and claim.modified_by == "Rev"
    assert [e.url for e in claim.evidence] == ["https://example.org/report"]
    assert {(l.target, l.relation) for l in claim.links} == {
        (anns[QUOTE].id, Relation.SUPPORTS), (anns[REUTERS].id, Relation.SUPPORTS), (anns[SPOKESMAN].id, Relation.DISPUTES)}
    (record,) = [rec for rec in merged.review if rec.group == Group.FACTS_DIFFER.value]
    assert describe_change(record).endswith("fact-check combined with the other version's")
    (said,) = [rec for rec in merged.review if rec.group == NOT_KEPT]
    assert "verdict “Mostly true” (kept: “False”)" in said.comment.text and "link" not in said.comment.text
    check_sound(merged, mine)


def test_undecided_fact_check_keeps_mine_and_both_notes():
    mine, theirs = fact_pair()
    theirs.documents[0].annotations = [a.model_copy(update={"note": "Check the flight logs."}) if a.tag == Tag.CLAIM else a
                                       for a in theirs.documents[0].annotations]
    r = review(mine, theirs)
    merged = merge_document(r, {}, {}, "Rev", WHEN)
    claim = by_text(merged)[CLAIM]
    assert claim.verdict == "False" and "Check the flight logs." in claim.note
    (record,) = [rec for rec in merged.review if rec.group == Group.FACTS_DIFFER.value]
    assert (record.decision, record.decided) == (Decision.KEPT_BOTH_NOTES, False)
    (said,) = [rec for rec in merged.review if rec.group == NOT_KEPT]
    assert "verdict “Mostly true”" in said.comment.text and (said.decision, said.decided) == (Decision.KEPT_BOTH_NOTES, False)
    check_sound(merged, mine)


def test_a_link_to_an_annotation_the_merge_drops_is_dropped_with_a_record():
    # Their claim links to a source only they tagged; the reviewer accepts their claim but
    # leaves their source out (undecided).
    mine = side(0, {"verdict": "False"})
    theirs = side(100, {"verdict": "Mixed", "links": lambda o: (link(o["tehran"], Relation.DISPUTES), link(o["quote"]))},
                  extra=[lambda o: o.setdefault("tehran", ann(TEHRAN, Tag.SOURCE, 104))])
    r = review(mine, theirs)
    merged = merge_document(r, {item_of(r, CLAIM): ItemDecision(Decision.ACCEPTED_THEIRS)}, {}, "Rev", WHEN)
    anns = by_text(merged)
    assert TEHRAN not in anns
    assert [(l.target, l.relation) for l in anns[CLAIM].links] == [(anns[QUOTE].id, Relation.SUPPORTS)]
    (record,) = [rec for rec in merged.review if rec.group == NOT_KEPT and rec.theirs.exact == TEHRAN]
    assert record.result == []  # beside the record of the item it names
    assert "Link dropped: the link “disputes” from claim “the jets flew from Hamadan” to source “Officials in Tehran”" in record.comment.text
    assert describe_change(record).startswith("link dropped: the link “disputes”")
    check_sound(merged, mine)


def test_removing_my_annotation_drops_my_links_to_it_with_a_record():
    mine = side(0, {"links": lambda o: (link(o["tehran"], Relation.DISPUTES),)},
                extra=[lambda o: o.setdefault("tehran", ann(TEHRAN, Tag.SOURCE, 4))])
    theirs = side(100, {})
    r = review(mine, theirs)
    assert r.items[item_of(r, CLAIM)].group == Group.FACTS_DIFFER
    n = item_of(r, TEHRAN)
    merged = merge_document(r, {n: ItemDecision(Decision.ACCEPTED_THEIRS), item_of(r, CLAIM): ItemDecision(Decision.KEPT_MINE)},
                            {}, "Rev", WHEN)
    assert TEHRAN not in by_text(merged) and by_text(merged)[CLAIM].links == ()
    (record,) = [rec for rec in merged.review if rec.group == NOT_KEPT]
    assert record.mine.exact == TEHRAN
    assert "Link dropped" in record.comment.text and "is not in the merge" in record.comment.text
    check_sound(merged, mine)


def test_a_link_follows_its_target_to_the_version_kept_in_its_place():
    # The quote's tag differs; accepting their tag replaces my annotation: my claim's link
    # goes to theirs.
    mine = side(0, {"links": lambda o: (link(o["quote"]),)})
    theirs = side(100, {"links": lambda o: (link(o["quote"]),)})
    theirs.documents[0].annotations = [a.model_copy(update={"tag": Tag.CLAIM}) if a.tag == Tag.QUOTE else a
                                       for a in theirs.documents[0].annotations]
    r = review(mine, theirs)
    n = item_of(r, QUOTE)
    assert r.items[n].group == Group.TAG_DIFFERS
    assert r.items[item_of(r, CLAIM)].group == Group.AGREED  # the link's target is the same item
    merged = merge_document(r, {n: ItemDecision(Decision.ACCEPTED_THEIRS)}, {}, "Rev", WHEN)
    anns = by_text(merged)
    assert anns[QUOTE].id == r.items[n].theirs.id and anns[CLAIM].links[0].target == anns[QUOTE].id
    check_sound(merged, mine)


def test_both_kept_with_the_same_ids_keeps_each_link_on_its_own_copy():
    """A colleague who started from my file has my ids: keeping both versions of a tag
    difference gives theirs a new id, and their links still reach the right annotations."""
    mine = side(0, {"links": lambda o: (link(o["quote"]),)})
    theirs = side(0, {"links": lambda o: (link(o["quote"]), link(o["reuters"]))})
    theirs.documents[0].annotations = [a.model_copy(update={"tag": Tag.UNVERIFIED}) if a.tag == Tag.CLAIM else a
                                       for a in theirs.documents[0].annotations]
    r = review(mine, theirs)
    n = item_of(r, CLAIM)
    assert r.items[n].group == Group.TAG_DIFFERS
    merged = merge_document(r, {n: ItemDecision(Decision.KEPT_BOTH)}, {}, "Rev", WHEN)
    anns = {(TEXT[a.start:a.end], a.tag): a for a in merged.annotations}
    mine_claim, their_claim = anns[(CLAIM, Tag.CLAIM)], anns[(CLAIM, Tag.UNVERIFIED)]
    assert mine_claim.id != their_claim.id
    q, rt = anns[(QUOTE, Tag.QUOTE)].id, anns[(REUTERS, Tag.SOURCE)].id
    assert [l.target for l in mine_claim.links] == [q] and [l.target for l in their_claim.links] == [q, rt]
    check_sound(merged, mine)


def test_merge_prefer_both_and_theirs_keep_links_sound():
    mine, theirs = fact_pair()
    r = review(mine, theirs)
    for prefer in ("mine", "theirs", "both"):
        decisions = {n: d for n, item in enumerate(r.items) if (d := preferred_decision(item, prefer, "Rev", WHEN))}
        merged = merge_document(r, decisions, {}, "Rev", WHEN)
        check_sound(merged, mine)
        claim = by_text(merged)[CLAIM]
        assert claim.verdict == {"mine": "False", "theirs": "Mostly true", "both": "False"}[prefer]
        assert len(claim.links) == {"mine": 1, "theirs": 3, "both": 3}[prefer]


def test_my_orphans_links_to_what_the_merge_drops_are_dropped_with_a_record():
    mine = side(0, {}, extra=[lambda o: o.setdefault("tehran", ann(TEHRAN, Tag.SOURCE, 4))])
    doc = mine.documents[0]
    tehran = next(a for a in doc.annotations if a.quote.exact == TEHRAN)
    orphan = ann("Officials", Tag.CLAIM, 9, links=(link(tehran),))
    doc.orphans = [orphan]
    r = review(mine, side(100, {}))
    merged = merge_document(r, {item_of(r, TEHRAN): ItemDecision(Decision.ACCEPTED_THEIRS)}, {}, "Rev", WHEN)
    assert merged.orphans[0].links == ()
    (record,) = [rec for rec in merged.review if rec.group == NOT_KEPT]
    assert not record.snapshots() and describe_change(record).startswith("link dropped: ")
    check_sound(merged, mine)


def test_curation_compares_and_merges_links_by_unit():
    """Three people, each with ids of their own: links to the same spans agree, and the merge
    follows each colleague's links through their own ids."""
    from annotator.core.curation import curate_projects

    mine = side(0, {"verdict": "False", "links": lambda o: (link(o["quote"]),)})
    bob = side(100, {"verdict": "False", "links": lambda o: (link(o["quote"]),)}, author="Bob")
    carol = side(200, {"verdict": "Mixed", "links": lambda o: (link(o["quote"]), link(o["spokesman"], Relation.DISPUTES))},
                 author="Carol")
    (doc,), _ = curate_projects(mine, [bob, carol])
    r = doc.as_review()
    n = item_of(r, CLAIM)
    assert r.items[n].group == Group.FACTS_DIFFER and r.items[n].theirs.author == "Carol"
    assert {item.group for i, item in enumerate(r.items) if i != n} == {Group.AGREED}
    (bob_only,), _ = curate_projects(mine, [bob])
    assert {item.group for item in bob_only.as_review().items} == {Group.AGREED}
    merged = merge_document(r, {n: ItemDecision(Decision.ACCEPTED_THEIRS)}, {}, "Rev", WHEN, locate=doc.locate())
    anns = by_text(merged)
    assert {(l.target, l.relation) for l in anns[CLAIM].links} == {(anns[QUOTE].id, Relation.SUPPORTS), (anns[SPOKESMAN].id, Relation.DISPUTES)}
    check_sound(merged, mine)


# -- any decisions on any links: the merge is sound and says what it left out
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

WORDS = ["The ministry", "the jets", "Hamadan", "Reuters", "the flights", "A coalition spokesman", "Officials in Tehran",
         "denied everything", "would not confirm it"]
person_strategy = st.lists(st.tuples(st.integers(0, len(WORDS) - 1), st.sampled_from(list(Tag)),
                                     st.sampled_from(["", "False", "True"]), st.lists(st.tuples(st.integers(0, 8), st.sampled_from(list(Relation))), max_size=3)),
                           max_size=7)


def person_project(specs, base, author):
    anns = []
    for n, (word, tag, verdict, _links) in enumerate(specs):
        anns.append(ann(WORDS[word], tag, base + n, verdict=verdict, author=author))
    for n, (_word, _tag, _verdict, links) in enumerate(specs):
        made, seen = [], set()
        for target, relation in links:
            other = anns[target % len(anns)]
            if other is not anns[n] and (other.id, relation) not in seen:
                seen.add((other.id, relation))
                made.append(Link(target=other.id, relation=relation, by=author, time=WHEN))
        anns[n] = anns[n].model_copy(update={"links": tuple(made)})
    p = project(TEXT)
    p.documents[0].annotations = sorted(anns, key=lambda a: a.sort_key())
    return p


CHOICES = [None, Decision.KEPT_MINE, Decision.ACCEPTED_THEIRS, Decision.KEPT_BOTH, Decision.EDITED]


@settings(max_examples=150, deadline=None)
@given(person_strategy, person_strategy, st.lists(st.sampled_from(CHOICES), min_size=14, max_size=14), st.booleans())
def test_any_decisions_give_a_sound_merge_that_says_what_it_left_out(mine_specs, theirs_specs, choices, same_ids):
    mine = person_project(mine_specs, 0, "Sam")
    theirs = person_project(theirs_specs, 0 if same_ids else 500, "Alex")
    r = review(mine, theirs)
    decisions = {}
    for n, item in enumerate(r.items):
        choice = choices[n % len(choices)]
        if choice == Decision.EDITED:
            base = item.theirs or item.mine
            decisions[n] = ItemDecision(Decision.EDITED, base.changed("Rev", note="edited"))
        elif choice is not None:
            decisions[n] = ItemDecision(choice)
    merged = merge_document(r, decisions, {}, "Rev", WHEN)
    check_sound(merged, mine)
    links_in = sum(len(a.links) for item in r.items for a in (item.mine, item.theirs) if a is not None)
    links_out = sum(len(a.links) for a in merged.annotations)
    said = [rec for rec in merged.review if rec.group == NOT_KEPT]
    if links_out < links_in:
        assert said or any(
            item.mine is not None and item.theirs is not None and item.mine.links and item.theirs.links for item in r.items
        )  # fewer links: said in words, or the two sides had the same links (merged into one)


@settings(max_examples=60, deadline=None)
@given(person_strategy, person_strategy, person_strategy, st.lists(st.sampled_from(CHOICES[:4]), min_size=14, max_size=14))
def test_curation_merges_are_sound_whatever_the_decisions(a, b, c, choices):
    from annotator.core.curation import curate_projects, recorded_others

    mine = person_project(a, 0, "Sam")
    (doc,), _ = curate_projects(mine, [person_project(b, 300, "Bob"), person_project(c, 600, "Carol")])
    r = doc.as_review()
    decisions = {n: ItemDecision(choices[n % len(choices)]) for n in range(len(r.items)) if choices[n % len(choices)]}
    merged = merge_document(r, decisions, {}, "Rev", WHEN, others=[recorded_others(u) for u in doc.units], locate=doc.locate())
    check_sound(merged, mine)


def test_their_article_verdict_and_summary_are_said_when_they_differ():
    mine, theirs = side(0, {}), side(100, {})
    mine.documents[0].verdict, theirs.documents[0].verdict = "Misleading", "False"
    theirs.documents[0].summary = "The flights are confirmed by Reuters only."
    merged = merge_document(review(mine, theirs), {}, {}, "Rev", WHEN)
    assert (merged.verdict, merged.summary) == ("Misleading", "")
    (record,) = [rec for rec in merged.review if rec.group == NOT_KEPT]
    assert record.comment.text == ("Their verdict on the article, not kept: “False” (kept: “Misleading”)\n"
                                   "Their summary of the article, not kept: “The flights are confirmed by Reuters only.”")
    assert describe_change(record).startswith("their verdict on the article, not kept")
    theirs.documents[0].verdict, theirs.documents[0].summary = "misleading", ""
    assert not [rec for rec in merge_document(review(mine, theirs), {}, {}, "Rev", WHEN).review if rec.group == NOT_KEPT]
