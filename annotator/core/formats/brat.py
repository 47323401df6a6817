"""brat standoff: the article as NAME.txt and its spans as NAME.ann.

Each annotation is a ``T`` line (``T1<TAB>Claim 0 67<TAB>text``) in code points; a span that
crosses a line break is written as fragments split at the breaks, as brat requires.
Notes are ``AnnotatorNotes`` lines (line breaks in a note become spaces). Reading merges a
discontinuous span into the span from its first fragment to its last; relations, events,
attributes and normalisations have no counterpart here and are reported.
"""

from __future__ import annotations

import re

from ..errors import Problem
from ..model import Annotation, Document, Project, Tag
from . import Format, ImportResult, make_annotation, tag_of

T_LINE = re.compile(r"^(T\d+)\t(\S+) ((?:\d+ \d+;)*\d+ \d+)\t?(.*)$")


def write(project: Project) -> dict[str, bytes]:
    files = {}
    for n, doc in enumerate(project.documents, start=1):
        name = f"document-{n}" if len(project.documents) > 1 else "document"
        lines = []
        notes = []
        for k, a in enumerate(doc.annotations, start=1):
            fragments = _fragments(doc.text, a.start, a.end)
            where = ";".join(f"{s} {e}" for s, e in fragments)
            shown = _one_line(" ".join(doc.text[s:e] for s, e in fragments))
            lines.append(f"T{k}\t{a.tag.label} {where}\t{shown}")
            if a.note:
                notes.append(f"#{len(notes) + 1}\tAnnotatorNotes T{k}\t{' '.join(a.note.split())}")
        files[f"{name}.txt"] = doc.text.encode("utf-8")
        files[f"{name}.ann"] = ("\n".join(lines + notes) + "\n").encode("utf-8")
    return files


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at the line breaks inside it. A break at the very start or end stays in
    its fragment, so the first fragment still starts at ``start`` and the last ends at ``end``."""
    out, s = [], start
    for i in range(start + 1, end - 1):
        if text[i] == "\n":
            if i > s:
                out.append((s, i))
            s = i + 1
    out.append((s, end))
    return out


def _one_line(text: str) -> str:
    """The T line's text field: line breaks (which would end the line) become spaces."""
    return text.replace("\r", " ").replace("\n", " ")


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
            if len(numbers) == 2 and _one_line(text[start:end]) != shown:
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
        else:
            kind = {"R": "relations", "E": "events", "A": "attributes", "M": "attributes", "N": "normalisations", "*": "equivalences"}
            key = kind.get(line[0], "other lines")
            ignored[key] = ignored.get(key, 0) + 1
    for t_id, ann in by_t.items():
        note = "\n".join(notes.pop(t_id, []))
        doc.annotations.append(ann.model_copy(update={"note": note}) if note else ann)
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
    keeps="the text, tags (as types Claim, Quote, Source, Unverified), code-point offsets, notes (on one line)",
    loses="authors, times, ids, verdicts and ratings, line breaks inside notes, review comments and records",
    write=write,
    read=read,
)
