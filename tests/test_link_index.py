"""The Qt-free help the linking UI takes from core/links.py: the index of links into each
annotation, kept up to date edit by edit; the links a deletion cuts; how a link reads."""

from annotator.core.links import LinkIndex, cut_links_into, linked, relation_words, unlinked
from annotator.core.model import Relation, Tag

from .factories import project

TEXT = "A claim here, a quote there, a source too, and a report."


def four():
    doc = project(TEXT, [(0, 7, Tag.CLAIM), (16, 21, Tag.QUOTE), (31, 37, Tag.SOURCE), (49, 55, Tag.UNVERIFIED)]).documents[0]
    return doc.annotations


def test_the_index_finds_links_into_an_annotation_and_follows_edits():
    claim, quote, source, report = four()
    claim = linked(linked(claim, quote.id, Relation.SUPPORTS, "Ann"), source.id, Relation.ATTRIBUTES, "Ann")
    quote = linked(quote, source.id, Relation.ATTRIBUTES, "Ann")
    index = LinkIndex([claim, quote, source, report])
    assert [(s, link.relation) for s, link in index.incoming(source.id)] == [(claim.id, Relation.ATTRIBUTES), (quote.id, Relation.ATTRIBUTES)]
    assert index.outgoing(claim.id) == claim.links
    assert index.has_links(source.id) and index.has_links(claim.id) and not index.has_links(report.id)

    claim = linked(unlinked(claim, source.id, Relation.ATTRIBUTES, "Bo"), source.id, Relation.CONTEXT, "Bo")
    index.update(claim)  # a changed annotation: its old links go, its new ones come
    assert [(s, link.relation) for s, link in index.incoming(source.id)] == [(quote.id, Relation.ATTRIBUTES), (claim.id, Relation.CONTEXT)]
    index.forget(quote.id)
    assert [s for s, _ in index.incoming(source.id)] == [claim.id]
    index.update(unlinked(claim, source.id, Relation.CONTEXT, "Bo"))
    assert index.incoming(source.id) == [] and not index.has_links(source.id)
    assert [s for s, _ in index.incoming(quote.id)] == [claim.id]


def test_two_relations_to_one_target_are_both_listed():
    claim, quote, _source, _report = four()
    claim = linked(linked(claim, quote.id, Relation.SUPPORTS, "Ann"), quote.id, Relation.CONTEXT, "Ann")
    index = LinkIndex([claim, quote])
    assert [link.relation for _s, link in index.incoming(quote.id)] == [Relation.SUPPORTS, Relation.CONTEXT]


def test_deleting_cuts_only_the_links_into_what_goes_and_signs_them():
    claim, quote, source, report = four()
    claim = linked(linked(claim, quote.id, Relation.SUPPORTS, "Ann"), source.id, Relation.ATTRIBUTES, "Ann")
    report = linked(report, claim.id, Relation.CONTEXT, "Ann")  # deleted itself: nothing to cut in it
    cut = cut_links_into([claim, quote, source, report], {source.id, report.id}, "Cy")
    assert [(before.id, [link.target for link in after.links], after.modified_by) for before, after in cut] == [
        (claim.id, [quote.id], "Cy"),
    ]
    assert cut_links_into([claim, quote, source, report], {report.id}, "Cy") == []


def test_a_link_reads_from_either_end():
    assert relation_words(Relation.SUPPORTS, True) == "supported by"
    assert relation_words(Relation.SUPPORTS, False) == "supports"
    assert relation_words(Relation.ATTRIBUTES, True) == "said by"
    assert relation_words(Relation.ATTRIBUTES, False) == "speaker of"
    assert {relation_words(r, out) for r in Relation for out in (True, False)}.__len__() == 8
