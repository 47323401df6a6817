"""Three-way merge of project files by annotation id: what git's merge driver runs.

Base (O), ours (A: the branch being merged into, the one checked out) and theirs (B).
Documents are matched by id, else by the sha256 of their text; annotations (and orphans) by
id. What one side added, deleted or changed is taken. Where both changed an annotation, it is
merged field by field: tag; span (start, end and quote together, and whether it is an
orphan); note; verdict; reasoning; speaker; comments (by author, time and text); links (by
target and relation) and outside evidence (by URL) as sets: what either side added is
there, what either side removed is gone. An article's verdict and summary and the project's
rating scale are fields like its title: changed differently on both sides, ours is kept and
theirs recorded in words. A link whose target one side deleted while the other linked to it
is dropped, with a conflict record saying so: no link is ever left pointing at nothing.

A true conflict, both sides changing the same field differently, keeps ours and records
theirs as a review record in the group "conflict" (``merge.CONFLICT``), with a comment that
names each field and both values, so "Changes since review" and the annotation's details
show it. Two different notes are both kept in the note, each labelled with its author, as an
undecided review keeps them (``merge.combined_notes``). An annotation deleted on one side and
changed on the other is kept, with a record of the deletion. Nothing is dropped without a
deletion someone made or a record saying so. The article text changed differently on both
sides is refused (``TextConflict``): no guess is made. Changed on one side only, the other
side's annotations are found again in the new text as an article update finds them.

Cost: one pass over each side's annotations with dict look-ups and one equality test each.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, compress
from operator import attrgetter, eq, not_

from .links import drop_dangling
from .merge import CONFLICT, combined_notes
from .model import Annotation, Comment, Decision, Document, Project, RejectedSuggestion, ReviewRecord, Snapshot, sort_by_position

DOCUMENT_FIELDS = ("title", "source_url", "outlet", "byline", "published", "status", "assignee", "verdict", "summary")
METADATA_FIELDS = ("title", "description", "created", "publisher", "rating_scale")


class TextConflict(Exception):
    """Both sides changed an article's text, differently: the merge refuses to guess."""


@dataclass
class Merge3Result:
    project: Project
    conflicts: list[str] = field(default_factory=list)
    """One line per conflict recorded, for the terminal."""
    notes: list[str] = field(default_factory=list)
    """What else the user should know (articles updated, annotations made orphans)."""


_MISSING = object()


def _pick(o: object, a: object, b: object) -> tuple[object, bool]:
    """The three-way value of one field: (value, conflict). Ours wins a conflict."""
    if a == b:
        return a, False
    if a == o:
        return b, False
    if b == o:
        return a, False
    return a, True


def merge_list(base: list, ours: list, theirs: list, key: Callable[[object], Hashable]) -> list:
    """Three-way merge of a list of records by ``key``: ours' order, then theirs' additions.
    A record deleted on one side goes when the other side left it as it was; one changed on
    one side and deleted on the other stays; changed on both, ours."""
    if ours == theirs or theirs == base:
        return list(ours)
    if ours == base:
        return list(theirs)
    o = {key(x): x for x in base}
    b = {key(x): x for x in theirs}
    out = []
    seen = set()
    for x in ours:
        k = key(x)
        seen.add(k)
        if k in b:
            out.append(_pick(o.get(k, _MISSING), x, b[k])[0])
        elif not (k in o and o[k] == x):
            out.append(x)
    out += [y for k, y in b.items() if k not in seen and not (k in o and o[k] == y)]
    return out


def _comment_key(comment: Comment) -> tuple:
    return (comment.author, comment.time, comment.text)


def _record_key(record: ReviewRecord) -> str:
    return record.model_dump_json()


class _Merger:
    def __init__(self, reviewer: str, time: datetime) -> None:
        self.reviewer = reviewer
        self.time = time
        self.conflicts: list[str] = []
        self.notes: list[str] = []

    # -- records
    def record(self, where: str, text: str, decision: Decision = Decision.KEPT_MINE, mine: Snapshot | None = None,
               theirs: Snapshot | None = None, result: Iterable[Snapshot] = ()) -> ReviewRecord:
        self.conflicts.append(f"{where}: {text}")
        return ReviewRecord(
            reviewer=self.reviewer, time=self.time, group=CONFLICT, decision=decision, mine=mine, theirs=theirs,
            result=list(result), comment=Comment(author=self.reviewer, time=self.time, text=f"git merge: {text}"), decided=False,
        )

    # -- the project
    def project(self, base: Project | None, ours: Project, theirs: Project) -> Project:
        free_theirs = list(theirs.documents)
        free_base = list(base.documents) if base is not None else []
        documents: list[Document] = []
        for a in ours.documents:
            b = _take(a, free_theirs)
            o = _take(a, free_base)
            if o is None and b is not None:
                o = _take(b, free_base)
            if b is None:
                if o is None:
                    documents.append(a)  # added by ours
                elif a != o:
                    documents.append(self._kept_document(a, "theirs deleted this article, ours changed it: ours is kept"))
            else:
                documents.append(self.document(o, a, b))
        for b in free_theirs:
            o = _take(b, free_base)
            if o is None:
                documents.append(b)  # added by theirs
            elif b != o:
                documents.append(self._kept_document(b, "ours deleted this article, theirs changed it: theirs is kept", Decision.ACCEPTED_THEIRS))
        if not documents:
            raise TextConflict("both branches deleted every article, and a project holds at least one: nothing to write")
        metadata, records = self.metadata(base, ours, theirs)
        if records:
            first = documents[0]
            documents[0] = first.model_copy(update={"review": [*first.review, *records]})
        return ours.model_copy(update={"metadata": metadata, "documents": documents})

    def _kept_document(self, doc: Document, text: str, decision: Decision = Decision.KEPT_MINE) -> Document:
        record = self.record(_name(doc), text + ". Delete the article again if the deletion was right.", decision)
        return doc.model_copy(update={"review": [*doc.review, record]})

    def metadata(self, base: Project | None, ours: Project, theirs: Project):
        o = base.metadata if base is not None else None
        a, b = ours.metadata, theirs.metadata
        update: dict[str, object] = {}
        records = []
        for name in METADATA_FIELDS:
            value, conflict = _pick(getattr(o, name, _MISSING), getattr(a, name), getattr(b, name))
            update[name] = value
            if conflict and name == "created":  # two projects begun apart: the earlier began it
                update[name] = min(a.created, b.created)
            elif conflict:
                records.append(self.record(
                    "the project's details",
                    f"both branches changed the project's {name}: ours is kept ({_shown(getattr(a, name))}); "
                    f"theirs was {_shown(getattr(b, name))}",
                ))
        update["reviews"] = merge_list(o.reviews if o else [], a.reviews, b.reviews, _record_key)
        return a.model_copy(update=update), records

    # -- one article
    def document(self, o: Document | None, a: Document, b: Document) -> Document:
        # One side left the article as it was: the other's, exactly. The lists differ early
        # where they differ at all, so this costs little when both sides changed something.
        if a == b or (o is not None and b == o):
            return a
        if o is not None and a == o:
            return b
        text = self._text(o, a, b)
        if o is not None and o.text != text:
            o = _reanchored(o, text)
        if a.text != text:
            a, lost = _reanchored(a, text), len(a.orphans)
            self.notes.append(f"{_name(b)}: the article was updated on theirs; ours' annotations were found again in it "
                              f"({len(a.orphans) - lost} not found, kept as orphans)")
        if b.text != text:
            b, lost = _reanchored(b, text), len(b.orphans)
            self.notes.append(f"{_name(a)}: the article was updated on ours; theirs' annotations were found again in it "
                              f"({len(b.orphans) - lost} not found, kept as orphans)")
        update: dict[str, object] = {"text": text, "sha256": a.sha256}  # a is on the merged text by now
        records = []
        for name in DOCUMENT_FIELDS:
            value, conflict = _pick(getattr(o, name, _MISSING), getattr(a, name), getattr(b, name))
            update[name] = value
            if conflict:
                records.append(self.record(
                    _name(a), f"both branches changed the article's {name}: ours is kept ({_shown(getattr(a, name))}); "
                    f"theirs was {_shown(getattr(b, name))}",
                ))
        annotations, orphans, conflicts = self.annotations(o, a, b)
        update["annotations"] = annotations
        update["orphans"] = orphans
        update["review"] = merge_list(o.review if o else [], a.review, b.review, _record_key) + records + conflicts
        # Suggestions turned down on either branch stay turned down (an undo on one side removes its own).
        update["rejected_suggestions"] = merge_list(
            o.rejected_suggestions if o else [], a.rejected_suggestions, b.rejected_suggestions, RejectedSuggestion.key)
        merged = a.model_copy(update=update)
        for line in drop_dangling(merged):  # one side linked to what the other deleted
            merged.review.append(self.record(
                _name(a), f"{line} was dropped: one branch deleted that annotation while the other linked to it. "
                "Link again to what still bears on it."))
        return merged

    def _text(self, o: Document | None, a: Document, b: Document) -> str:
        if a.text == b.text:
            return a.text
        if o is not None and a.text == o.text:
            return b.text
        if o is not None and b.text == o.text:
            return a.text
        raise TextConflict(
            f"the text of the article {_name(a)} was changed on both branches, differently; the merge does not guess "
            "which text is right. Nothing was merged in this file: choose one version of the article (for example "
            "`git checkout --ours FILE`), then bring the other side's annotations in with `annotator merge` or "
            "File ▸ Review Colleague's Project."
        )

    def annotations(self, o: Document | None, a: Document, b: Document) -> tuple[list[Annotation], list[Annotation], list[ReviewRecord]]:
        """Annotations and orphans merged by id, and the conflict records."""
        # Most annotations are alike on both sides: found by one equality test each, at C
        # speed (map), and kept in ours' order; only the others are looked at one by one,
        # and the base only for those.
        b_placed = dict(zip(map(_id, b.annotations), b.annotations))
        alike = list(map(eq, a.annotations, map(b_placed.get, map(_id, a.annotations))))
        annotations: list[Annotation] = list(compress(a.annotations, alike))
        ours_rest = list(chain(compress(a.annotations, map(not_, alike)), a.orphans))
        a_ids = set(map(_id, chain(a.annotations, a.orphans)))
        theirs_every = list(chain(b.annotations, b.orphans))
        theirs_only = list(compress(theirs_every, map(not_, map(a_ids.__contains__, map(_id, theirs_every)))))
        a_orphans = set(map(_id, a.orphans))
        b_orphans = set(map(_id, b.orphans))
        b_orphaned = {ann.id: ann for ann in b.orphans}
        needed = set(map(_id, chain(ours_rest, theirs_only)))
        o_every = list(chain(o.annotations, o.orphans)) if o is not None else []
        o_all = {ann.id: ann for ann in compress(o_every, map(needed.__contains__, map(_id, o_every)))}
        o_orphans = set(map(_id, o.orphans)) if o is not None else set()
        added: list[Annotation] = []
        orphans: list[Annotation] = []
        records: list[ReviewRecord] = []

        def keep(ann: Annotation, orphan: bool) -> None:
            (orphans if orphan else added).append(ann)

        def one_side(ann: Annotation, orphan: bool, ours: bool) -> None:
            """An annotation only one side still has: added there (kept), changed there and
            deleted on the other (kept, with a record), or deleted there unchanged (gone)."""
            base = o_all.get(ann.id)
            if base is None:
                keep(ann, orphan)
            elif ann != base or orphan != (ann.id in o_orphans):
                keep(ann, orphan)
                mine, theirs = ("ours", "theirs") if ours else ("theirs", "ours")
                snap = _snap(ann, orphan)
                records.append(self.record(
                    _name(a), f"{theirs} deleted this annotation ({_about(ann)}), {mine} changed it: {mine} is kept",
                    Decision.KEPT_MINE if ours else Decision.ACCEPTED_THEIRS,
                    **{"mine" if ours else "theirs": snap}, result=[s for s in [snap] if s],
                ))

        for x in ours_rest:
            aid = x.id
            y = b_placed.get(aid) or b_orphaned.get(aid)
            base = o_all.get(aid)
            x_orphan = aid in a_orphans
            if y is None:
                one_side(x, x_orphan, ours=True)
                continue
            y_orphan = aid in b_orphans
            if x == y and x_orphan == y_orphan:
                keep(x, x_orphan)
            elif base is not None and x == base and x_orphan == (aid in o_orphans):
                keep(y, y_orphan)  # changed by theirs only
            elif base is not None and y == base and y_orphan == (aid in o_orphans):
                keep(x, x_orphan)  # changed by ours only
            else:
                (merged, orphan), record = self.fields(_name(a), base, aid in o_orphans, x, x_orphan, y, y_orphan)
                keep(merged, orphan)
                if record is not None:
                    records.append(record)
        for y in theirs_only:
            one_side(y, y.id in b_orphans, ours=False)
        annotations = _merged_in_order(annotations, added)
        if orphans:  # in the order the sides list them (ours first): what a side had stays as it was
            rank: dict[str, int] = {}
            for ann in [*a.orphans, *b.orphans]:
                rank.setdefault(ann.id, len(rank))
            orphans.sort(key=lambda ann: rank.get(ann.id, len(rank)))
        return annotations, orphans, records

    def fields(self, where: str, o: Annotation | None, o_orphan: bool, a: Annotation, a_orphan: bool,
               b: Annotation, b_orphan: bool) -> tuple[tuple[Annotation, bool], ReviewRecord | None]:
        """An annotation both sides changed, merged field by field; a record when they clash."""
        update: dict[str, object] = {}
        clashes: list[str] = []
        for name, get in _FIELDS:
            value, conflict = _pick(get(o, o_orphan) if o is not None else _MISSING, get(a, a_orphan), get(b, b_orphan))
            if conflict:
                clashes.append(name)
            if name == "span":
                start, end, quote, orphan = value
                update.update(start=start, end=end, quote=quote)
            else:
                update[name] = value
        if "note" in clashes:
            update["note"] = combined_notes(a, b)
        update["comments"] = merge_list(o.comments if o is not None else [], a.comments, b.comments, _comment_key)
        update["links"] = tuple(merge_list(list(o.links) if o is not None else [], list(a.links), list(b.links), _link_key))
        update["evidence"] = tuple(item for _key, item in merge_list(
            _numbered(o.evidence) if o is not None else [], _numbered(a.evidence), _numbered(b.evidence), _first))
        later = b if b.modified > a.modified else a
        update["modified"], update["modified_by"] = later.modified, later.modified_by
        merged = a.model_copy(update=update)
        if not clashes:
            return (merged, orphan), None
        ours = "; ".join(f"{name} {_field_text(name, a, a_orphan)}" for name in clashes if name != "note")
        theirs = "; ".join(f"{name} {_field_text(name, b, b_orphan)}" for name in clashes if name != "note")
        text = f"both branches changed the {', '.join(clashes)} of this annotation ({_about(a)}): "
        if ours:
            text += f"ours is kept ({ours}); theirs (changed by {b.modified_by or b.author or 'someone'}) was {theirs}"
        if "note" in clashes:
            text += ("; " if ours else "") + "both notes are kept in the note, each with its author"
        decision = Decision.KEPT_BOTH_NOTES if clashes == ["note"] else Decision.KEPT_MINE
        result = _snap(merged, orphan)
        return (merged, orphan), self.record(where, text, decision, _snap(a, a_orphan), _snap(b, b_orphan), [result] if result else [])


_FIELDS: tuple[tuple[str, Callable[[Annotation, bool], object]], ...] = (
    ("tag", lambda ann, _orphan: ann.tag),
    ("span", lambda ann, orphan: (ann.start, ann.end, ann.quote, orphan)),
    ("note", lambda ann, _orphan: ann.note),
    ("verdict", lambda ann, _orphan: ann.verdict),
    ("reasoning", lambda ann, _orphan: ann.reasoning),
    ("speaker", lambda ann, _orphan: ann.speaker),
)
"""The fields merged one by one; comments, links and evidence are merged as sets (keyed by
``_comment_key``, ``_link_key``, and evidence by address and its number among those of that address, ``_numbered``),
the rest follow ours."""


def _link_key(link) -> tuple:
    return (link.target, link.relation)


def _numbered(evidence) -> list[tuple[tuple[str, int], object]]:
    """Each piece of evidence keyed by its address and how many before it have that address:
    two pieces with one address (a report's page 3 and page 7) are two records, not one."""
    seen: dict[str, int] = {}
    keyed = []
    for item in evidence:
        n = seen[item.url] = seen.get(item.url, -1) + 1
        keyed.append(((item.url, n), item))
    return keyed


def _first(pair) -> object:
    return pair[0]


def _field_text(name: str, ann: Annotation, orphan: bool) -> str:
    if name == "tag":
        return ann.tag.value
    if name == "span":
        return f"{ann.start}–{ann.end} {_shown(ann.quote.exact)}" + (" (an orphan)" if orphan else "")
    return _shown(getattr(ann, name))


def _shown(value: object, most: int = 80) -> str:
    if isinstance(value, list) and value and all(hasattr(v, "value") and hasattr(v, "name") for v in value):
        # a rating scale: its levels by name and number, as a person reads them
        value = ", ".join(f"{v.name} ({'no number' if v.value is None else v.value})" for v in value)
        most = max(most, 240)
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json")
    text = value if isinstance(value, str) else str(value)
    text = " ".join(text.split())
    return "“" + (text if len(text) <= most else text[: most - 1] + "…") + "”"


def _about(ann: Annotation) -> str:
    return f"{ann.tag.value} {_shown(ann.quote.exact, 60)}, id {ann.id}"


def _snap(ann: Annotation, orphan: bool) -> Snapshot | None:
    """A record's snapshot, or None for an orphan: its offsets are those of an older text."""
    return None if orphan else Snapshot.of(ann)


def _name(doc: Document) -> str:
    return f"“{doc.title}”" if doc.title else f"article {doc.id}"


_id = attrgetter("id")


def _merged_in_order(ordered: list[Annotation], added: list[Annotation]) -> list[Annotation]:
    """``added`` put in their places in ``ordered`` (in reading order, as saved files are):
    a binary search each, then one pass joining the pieces, not a sort of them all. A file
    that was not in order gets its order from ``storage.dump_bytes`` as any project does."""
    if len(added) > len(ordered) // 8:
        everything = ordered + added
        sort_by_position(everything)
        return everything
    added = sorted(added, key=Annotation.sort_key)
    key = Annotation.sort_key
    out: list[Annotation] = []
    at = 0
    for ann in added:
        place = bisect_right(ordered, key(ann), at, key=key)
        out += ordered[at:place]
        out.append(ann)
        at = place
    out += ordered[at:]
    return out


def _take(doc: Document, pool: list[Document]) -> Document | None:
    """The document of ``pool`` with ``doc``'s id, else with its text, removed from ``pool``."""
    for key in ("id", "sha256"):
        for n, other in enumerate(pool):
            if getattr(other, key) == getattr(doc, key):
                return pool.pop(n)
    return None


def _reanchored(doc: Document, text: str) -> Document:
    from .update import update_document  # its fuzzy matcher only when an article changed

    return update_document(doc, text)[0]


def merge3(base: Project | None, ours: Project, theirs: Project, reviewer: str, time: datetime) -> Merge3Result:
    """The three-way merge of ``ours`` and ``theirs`` from ``base`` (None: both added the file).

    Conflict records are made by ``reviewer`` at ``time``. Raises TextConflict when an
    article's text changed differently on both sides. No input is changed. Annotations are
    expected in reading order, as every load leaves them; the result's are too (a file
    whose annotations were not gets its order when saved: ``storage.dump_bytes``)."""
    merger = _Merger(reviewer, time)
    project = merger.project(base, ours, theirs)
    return Merge3Result(project, merger.conflicts, merger.notes)
