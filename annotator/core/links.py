"""Links between the annotations of one article: making them, finding them, and keeping none
of them dangling when an annotation goes away (schema version 10).

A link lives on the annotation it starts from (a claim links to the quote that supports it)
and names its target by id. Every way an annotation can leave an article (deleting it, a
review or merge that does not keep it, an import) goes through ``without_links_into`` or
``drop_dangling`` so that the file never holds a link to nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from operator import attrgetter

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
                    said.append(f"the link “{link.relation.value}” from {ann.tag.value} “{_short(ann.quote.exact)}” to "
                                f"{'itself' if link.target == ann.id else 'an annotation no longer in the article'} ({link.target})")
            if len(kept) != len(ann.links):
                anns[n] = ann.model_copy(update={"links": tuple(kept)})
    return said


def relation_counts(ann: Annotation) -> Counter[Relation]:
    """How many links of each relation ``ann`` has."""
    return Counter(link.relation for link in ann.links)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
