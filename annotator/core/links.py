"""Links between the annotations of one article: making them, finding them, and keeping none
of them dangling when an annotation goes away (schema version 10).

A link lives on the annotation it starts from (a claim links to the quote that supports it)
and names its target by id. Deleting annotations in the app cuts the links into them
(``cut_links_into``) and every merge ends with ``drop_dangling``, which records what it
removed, so a saved file never holds a link to nothing; imports check each relation they
read and report the ones they skip.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from operator import attrgetter

from .wording import one_line
from .model import Annotation, Document, Link, Relation, now

_links = attrgetter("links")


def linked(ann: Annotation, target: str, relation: Relation, by: str) -> Annotation:
    """``ann`` with a new link to ``target`` made now by ``by`` (unchanged if it has that link)."""
    if ann.link_to(target, relation) is not None:
        return ann
    return ann.changed(by, links=(*ann.links, Link(target=target, relation=relation, by=by, time=now())))


def unlinked(ann: Annotation, target: str, relation: Relation, by: str) -> Annotation:
    """``ann`` without its link of ``relation`` to ``target``."""
    kept = tuple(link for link in ann.links if (link.target, link.relation) != (target, relation))
    return ann if len(kept) == len(ann.links) else ann.changed(by, links=kept)


def incoming(annotations: Iterable[Annotation], target: str) -> list[tuple[Annotation, Link]]:
    """Every (annotation, link) pointing at ``target``; only annotations with links are looked at."""
    return [(ann, link) for ann in filter(_links, annotations) for link in ann.links if link.target == target]


def pointing_into(annotations: Iterable[Annotation], ids: set[str]) -> list[Annotation]:
    """The annotations (outside ``ids``) that have a link to one of ``ids``."""
    return [ann for ann in filter(_links, annotations) if ann.id not in ids and any(link.target in ids for link in ann.links)]


def without_links_into(ann: Annotation, ids: set[str], by: str | None = None) -> Annotation:
    """``ann`` without its links to ``ids``; signed by ``by`` when given (a user's deletion),
    else with its authorship as it was (a merge's bookkeeping, recorded elsewhere)."""
    kept = tuple(link for link in ann.links if link.target not in ids)
    if len(kept) == len(ann.links):
        return ann
    return ann.changed(by, links=kept) if by is not None else ann.model_copy(update={"links": kept})


def drop_dangling(doc: Document) -> list[str]:
    """Remove every link whose target this article no longer holds (in annotations or
    orphans) and every link to itself or repeated; one line per removal, in words, for the
    record a merge or import keeps."""
    if not any(map(_links, doc.annotations)) and not any(map(_links, doc.orphans)):
        return []
    ids = {ann.id for ann in doc.annotations} | {ann.id for ann in doc.orphans}
    said: list[str] = []
    for name in ("annotations", "orphans"):
        anns = getattr(doc, name)
        for n, ann in enumerate(anns):
            if not ann.links:
                continue
            kept: list[Link] = []
            seen: set[tuple[str, Relation]] = set()
            for link in ann.links:
                key = (link.target, link.relation)
                if link.target in ids and link.target != ann.id and key not in seen:
                    kept.append(link)
                    seen.add(key)
                elif key not in seen:
                    said.append(f"the link “{link.relation.value}” from {ann.tag.value} “{one_line(ann.quote.exact, 40)}” to "
                                f"{'itself' if link.target == ann.id else 'an annotation no longer in the article'} ({link.target})")
            if len(kept) != len(ann.links):
                anns[n] = ann.model_copy(update={"links": tuple(kept)})
    return said


def relation_counts(ann: Annotation) -> Counter[Relation]:
    """How many links of each relation ``ann`` has."""
    return Counter(link.relation for link in ann.links)


def cut_links_into(annotations: Iterable[Annotation], ids: set[str], by: str | None) -> list[tuple[Annotation, Annotation]]:
    """(before, after) for each annotation outside ``ids`` that links into them, ``after``
    without those links: what deleting ``ids`` must change besides, in the same undo step."""
    return [(ann, without_links_into(ann, ids, by)) for ann in pointing_into(annotations, ids)]


_OUTGOING = {Relation.SUPPORTS: "supported by", Relation.DISPUTES: "disputed by", Relation.ATTRIBUTES: "said by", Relation.CONTEXT: "context from"}
_INCOMING = {Relation.SUPPORTS: "supports", Relation.DISPUTES: "disputes", Relation.ATTRIBUTES: "speaker of", Relation.CONTEXT: "context for"}


def relation_words(relation: Relation, outgoing: bool) -> str:
    """How the other span stands to this one, read from this one's side: a claim's link
    ``supports`` to a quote reads "supported by" on the claim and "supports" on the quote."""
    return (_OUTGOING if outgoing else _INCOMING)[relation]


class LinkIndex:
    """Who links to whom in one article, kept up to date edit by edit, so that the links into
    an annotation are found without a pass over every annotation (the current annotation's
    links are drawn on every repaint and listed on every change of it).

    Built once (a C-level filter picks the annotations with links); ``update`` and ``forget``
    then cost as much as the links of the annotation changed.
    """

    def __init__(self, annotations: Iterable[Annotation] = ()) -> None:
        self._out: dict[str, tuple[Link, ...]] = {}
        self._into: dict[str, dict[str, None]] = {}  # target -> its sources, in the order linked
        for ann in filter(_links, annotations):
            self._add(ann.id, ann.links)

    def update(self, ann: Annotation) -> None:
        """``ann`` was added or changed (its old links, if any, are forgotten first)."""
        self.forget(ann.id)
        if ann.links:
            self._add(ann.id, ann.links)

    def forget(self, ann_id: str) -> None:
        """``ann_id`` is gone (or about to be replaced): its own links with it. Links into it
        stay until their annotations change: a deletion cuts them in the same step."""
        for link in self._out.pop(ann_id, ()):
            sources = self._into.get(link.target)
            if sources is not None:
                sources.pop(ann_id, None)
                if not sources:
                    del self._into[link.target]

    def outgoing(self, ann_id: str) -> tuple[Link, ...]:
        return self._out.get(ann_id, ())

    def incoming(self, ann_id: str) -> list[tuple[str, Link]]:
        """(source id, link) for every link into ``ann_id``, in the order they were made."""
        return [(source, link) for source in self._into.get(ann_id, ()) for link in self._out[source] if link.target == ann_id]

    def has_links(self, ann_id: str) -> bool:
        return ann_id in self._out or ann_id in self._into

    def _add(self, ann_id: str, links: tuple[Link, ...]) -> None:
        self._out[ann_id] = links
        for link in links:
            self._into.setdefault(link.target, {})[ann_id] = None
