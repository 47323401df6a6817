"""brat standoff: the article as NAME.txt and its spans as NAME.ann.

Each annotation is a ``T`` line (``T1<TAB>Claim 0 67<TAB>text``) in code points. brat's own
reader (server/src/annotation.py) reads the .ann with ``readlines()``, which ends a line at
every character ``str.splitlines`` does (LF, CR, U+2028, U+2029, NEL, VT, FF, FS, GS, RS),
and wants the T line's text to be exactly the text of its fragments joined by one space. So a
span holding any of those is written as fragments that leave them out; a span that starts or
ends with one gets an empty fragment there, so its first fragment still starts at the span's
start and its last ends at its end (the reader takes the span from the first to the last).
Notes are one ``AnnotatorNotes`` line each (brat keeps one note per annotation and strips its
ends); line breaks in a note become spaces.

Links (schema version 10) are brat relations, ``R1<TAB>Supports Arg1:T1 Arg2:T2`` (brat's standoff
format: an id, the type and two arguments; the link runs from Arg1 to Arg2), typed Supports,
Disputes, Attributes or Context. brat shows them once its ``annotation.conf`` names those types
in ``[relations]`` (e.g. ``Supports Arg1:Claim|Quote|Source|Unverified, Arg2:Claim|Quote|Source|Unverified``);
without it, it draws them and warns. Reading takes a relation of one of those types (any case)
between two T ids as a link from the first argument to the second; one naming a T line that is
missing or was skipped is skipped and said. Relations of other types, events, attributes and
normalisations have no counterpart here and are reported.
"""

from __future__ import annotations

import re

from ..errors import Problem
from ..model import Annotation, Document, Link, Project, Relation, Tag, now
from . import Format, ImportResult, make_annotation, tag_of

T_LINE = re.compile(r"^(T\d+)\t(\S+) ((?:\d+ \d+;)*\d+ \d+)\t?(.*)$")
R_LINE = re.compile(r"^(R\d+)\t(\S+) ([^:\s]+):(\S+) ([^:\s]+):(\S+)\s*$")
"""A relation: its id, type, and its two arguments, each a role (Arg1, Arg2) and an id."""


def write(project: Project) -> dict[str, bytes]:
    files = {}
    for n, doc in enumerate(project.documents, start=1):
        name = f"document-{n}" if len(project.documents) > 1 else "document"
        lines = []
        notes = []
        t_of = {a.id: k for k, a in enumerate(doc.annotations, start=1)}
        for k, a in enumerate(doc.annotations, start=1):
            fragments = _fragments(doc.text, a.start, a.end)
            where = ";".join(f"{s} {e}" for s, e in fragments)
            shown = " ".join(doc.text[s:e] for s, e in fragments)
            lines.append(f"T{k}\t{a.tag.label} {where}\t{shown}")
            note = _one_line(a.note).strip()
            if note:
                notes.append(f"#{len(notes) + 1}\tAnnotatorNotes T{k}\t{note}")
        relations = [(t_of[a.id], t_of[link.target], link.relation) for a in doc.annotations for link in a.links if link.target in t_of]
        lines += [f"R{r}\t{relation.label} Arg1:T{source} Arg2:T{target}" for r, (source, target, relation) in enumerate(relations, start=1)]
        files[f"{name}.txt"] = doc.text.encode("utf-8")
        files[f"{name}.ann"] = "".join(line + "\n" for line in lines + notes).encode("utf-8")  # brat refuses an empty line
    return files


LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""What ``str.splitlines`` (so brat's reader) ends a line at."""


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) without its line-break characters, as brat's fragments. Breaks at the very
    start or end leave an empty fragment there, so the first fragment still starts at
    ``start`` and the last ends at ``end``."""
    out, s = [], start
    for match in LINE_BREAKS.finditer(text, start, end):
        i = match.start()
        if i > s or i == start:
            out.append((s, i))
        s = i + 1
    if s < end or s == end and (not out or out[-1][1] != end):
        out.append((s, end))
    return out


def _relation(label: str) -> Relation | None:
    try:
        return Relation(label.casefold())
    except ValueError:
        return None


def _one_line(text: str) -> str:
    """``text`` with its line breaks (which would end the .ann's line) as spaces."""
    return LINE_BREAKS.sub(" ", text)


def read(data: bytes, article: Document | None, mapping: dict[str, Tag] | None = None, moved=None) -> ImportResult:
    """``moved`` takes brat's offsets, which count the .txt's carriage returns, to the
    article's LF text (``read_import`` gives it when the .txt has CRLF line endings)."""
    if article is None:
        raise ValueError("a brat .ann file needs its .txt beside it (or give the article)")
    text = article.text
    doc = article.model_copy(update={"annotations": []}, deep=True)
    problems: list[Problem] = []
    by_t: dict[str, Annotation] = {}
    notes: dict[str, list[str]] = {}
    ignored: dict[str, int] = {}
    relations: list[tuple[int, str, Relation, str, str]] = []
    # Lines end at \n only: span text may hold U+2028, NEL and the like, which splitlines() would cut at.
    for n, line in enumerate(data.decode("utf-8-sig").split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        if line.startswith("T"):
            match = T_LINE.match(line)
            if match is None:
                problems.append(Problem(f"line {n}", "is not a valid T line: skipped"))
                continue
            t_id, label, where, shown = match.groups()
            tag = tag_of(label, mapping)
            if tag is None:
                problems.append(Problem(f"line {n} ({t_id})", f"type {label!r} is none of claim, quote, source, unverified: skipped"))
                continue
            numbers = [int(x) for x in re.split(r"[ ;]", where)]
            if moved is not None:
                numbers = [moved(x) for x in numbers]
            start, end = numbers[0], numbers[-1]
            # A single fragment's text must be there (line breaks shown as spaces); a discontinuous
            # span's shown text skips its gaps, so only its offsets can be checked.
            exact = None
            if len(numbers) == 2 and text[start:end] != shown and _one_line(text[start:end]) != shown:
                exact = shown
            ann = make_annotation(text, start, end, tag, exact=exact, where=f"line {n} ({t_id})", problems=problems)
            if ann is not None:
                by_t[t_id] = ann
        elif line.startswith("#"):
            parts = line.split("\t", 2)
            if len(parts) >= 3 and parts[1].startswith("AnnotatorNotes "):
                notes.setdefault(parts[1].split(" ", 1)[1], []).append(parts[2].strip())
            else:
                ignored["notes of other types"] = ignored.get("notes of other types", 0) + 1
        elif line.startswith("R") and (match := R_LINE.match(line)) is not None and _relation(match.group(2)) is not None:
            r_id, label, first_role, source, second_role, target = match.groups()
            if (first_role, second_role) == ("Arg2", "Arg1"):  # the link runs from Arg1, wherever it is written
                source, target = target, source
            relations.append((n, r_id, _relation(label), source, target))
        else:
            kind = {"R": "relations", "E": "events", "A": "attributes", "M": "attributes", "N": "normalisations", "*": "equivalences"}
            key = kind.get(line[0], "other lines")
            ignored[key] = ignored.get(key, 0) + 1
    links: dict[str, list[Link]] = {}
    stamp = now()
    for n, r_id, relation, source, target in relations:
        where = f"line {n} ({r_id})"
        missing = [t for t in (source, target) if t not in by_t]
        if missing:
            problems.append(Problem(where, f"names {' and '.join(missing)}, which is no span imported from this file: skipped"))
            continue
        have = links.setdefault(source, [])
        target_id = by_t[target].id
        if source == target or target_id == by_t[source].id or any(link.target == target_id and link.relation == relation for link in have):
            problems.append(Problem(where, "links a span to itself: skipped" if source == target else f"repeats the link {relation.value}: skipped"))
            continue
        have.append(Link(target=target_id, relation=relation, time=stamp))
    for t_id, ann in by_t.items():
        note = "\n".join(notes.pop(t_id, []))
        if note:
            ann = ann.model_copy(update={"note": note})
        doc.annotations.append(ann.model_copy(update={"links": tuple(links[t_id])}) if t_id in links else ann)
    if notes:
        ignored["notes on relations or events"] = sum(len(v) for v in notes.values())
    for what, count in ignored.items():
        problems.append(Problem("", f"{count} {what} have no counterpart in an annotator project: skipped"))
    doc.annotations.sort(key=Annotation.sort_key)
    return ImportResult([doc], problems)


FORMAT = Format(
    name="brat",
    title="brat standoff (.txt + .ann)",
    extension="",
    keeps=("the text, tags (as types Claim, Quote, Source, Unverified), code-point offsets (a span across line breaks as fragments between them), notes (on one line), "
           "links as relations (types Supports, Disputes, Attributes, Context)"),
    loses=("annotation and document ids, authors, who changed each last, times, who made each link and when, verdicts, reasoning, speakers and outside evidence, line breaks inside notes "
           "and spaces at their ends, review comments and records, orphans and links to them; the article's title, outlet, byline, date, address, status, assignee, verdict and summary, "
           "and the project's title, description, creation time and publishing details (a .ann has no place for them)"),
    write=write,
    read=read,
)
