"""Checks that need the document text: offsets in range, quotes that match, ids unique."""

from __future__ import annotations

from itertools import compress
from operator import attrgetter, ge

from .anchoring import quote_problems, quotes_fit
from .errors import Problem
from .model import EARLIEST, LATEST, Document, Project, sha256_text, time_problem


def project_problems(project: Project) -> list[Problem]:
    """Every inconsistency in ``project``, each located precisely. Empty when it is sound."""
    problems: list[Problem] = []
    _time_problems(project, problems)
    doc_ids: set[str] = set()
    ann_ids: set[str] = set()  # unique across the project: undo and review refer to them
    for d, doc in enumerate(project.documents):
        where = f"documents[{d}]"
        if doc.id in doc_ids:
            problems.append(Problem(f"{where}.id", f"duplicate document id {doc.id!r}"))
        doc_ids.add(doc.id)
        if "\r" in doc.text:
            problems.append(Problem(f"{where}.text", "contains carriage returns; line endings must be LF (\\n)"))
        if sha256_text(doc.text) != doc.sha256:
            problems.append(Problem(f"{where}.sha256", "does not match the text: the text was changed or the hash is wrong"))
        sound_ids = _sound_annotation_ids(doc, ann_ids)
        if sound_ids is not None:
            ann_ids |= sound_ids
        else:
            _annotation_problems(doc, where, ann_ids, problems)
        for o, orphan in enumerate(doc.orphans):  # old offsets: only the ids are checked
            if orphan.id in ann_ids:
                problems.append(Problem(f"{where}.orphans[{o}] (id {orphan.id}).id", "duplicate annotation id (ids must be unique in the project)"))
            ann_ids.add(orphan.id)
        for r, record in enumerate(doc.review):
            if record.group == "not found":  # their offsets, in their text
                continue
            for name in ("mine", "theirs"):
                snap = getattr(record, name)
                if snap is not None and snap.end > len(doc.text):
                    problems.append(Problem(f"{where}.review[{r}].{name}", f"end {snap.end} is past the end of the text"))
            for s, snap in enumerate(record.result):
                if snap.end > len(doc.text):
                    problems.append(Problem(f"{where}.review[{r}].result[{s}]", f"end {snap.end} is past the end of the text"))
    return problems


def _sound_annotation_ids(doc: Document, ids_so_far: set[str]) -> set[str] | None:
    """The quick check of a document's annotations: their ids when ``_annotation_problems``
    would find nothing (the usual case, for a file this program saved), else None."""
    anns = doc.annotations
    ids = set(map(attrgetter("id"), anns))
    sound = (
        len(ids) == len(anns)
        and ids.isdisjoint(ids_so_far)
        and quotes_fit(doc.text, anns)
        and all(map(ge, map(attrgetter("modified"), anns), map(attrgetter("created"), anns)))
    )
    return ids if sound else None


def _annotation_problems(doc: Document, where: str, ann_ids: set[str], problems: list[Problem]) -> None:
    for a, ann in enumerate(doc.annotations):
        at = f"{where}.annotations[{a}] (id {ann.id})"
        if ann.id in ann_ids:
            problems.append(Problem(f"{at}.id", "duplicate annotation id (ids must be unique in the project)"))
        ann_ids.add(ann.id)
        for message in quote_problems(doc.text, ann.start, ann.end, ann.quote):
            problems.append(Problem(at, message))
        if ann.modified < ann.created:
            problems.append(Problem(f"{at}.modified", "is earlier than created"))


def _time_problems(project: Project, problems: list[Problem]) -> None:
    """Every time within EARLIEST..LATEST in UTC, so that it converts to any zone (the details
    panel, W3C export). Annotation times are checked with min and max over C maps; each one
    is looked at only when some time is out of range."""
    def check(where: str, value) -> None:
        problem = time_problem(value)
        if problem:
            problems.append(Problem(where, problem))

    check("metadata.created", project.metadata.created)
    for r, info in enumerate(project.metadata.reviews):
        check(f"metadata.reviews[{r}].time", info.time)
    for d, doc in enumerate(project.documents):
        for name in ("annotations", "orphans"):
            anns = getattr(doc, name)
            if not anns:
                continue
            # modified >= created is checked too (a file where it isn't is refused anyway)
            if not EARLIEST <= min(map(attrgetter("created"), anns)) or not max(map(attrgetter("modified"), anns)) <= LATEST:
                for a, ann in enumerate(anns):
                    for field in ("created", "modified"):
                        check(f"documents[{d}].{name}[{a}] (id {ann.id}).{field}", getattr(ann, field))
            for a in compress(range(len(anns)), map(attrgetter("comments"), anns)):
                for c, comment in enumerate(anns[a].comments):
                    check(f"documents[{d}].{name}[{a}] (id {anns[a].id}).comments[{c}].time", comment.time)
        for r, record in enumerate(doc.review):
            check(f"documents[{d}].review[{r}].time", record.time)
            if record.comment is not None:
                check(f"documents[{d}].review[{r}].comment.time", record.comment.time)
