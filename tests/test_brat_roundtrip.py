"""Our brat export read by brat's own rules, independently of our reader, and back through ours.

brat's reader (nlplab/brat, server/src/annotation.py) opens the .ann and the .txt as UTF-8
with ``codecs.open`` (so no newline translation: offsets are code points of the .txt as it is
on disk) and reads the .ann with ``readlines()``, which ends lines wherever ``str.splitlines``
does. A line is ``ID<TAB>DATA<TAB>TAIL``. For a ``T`` line DATA is ``TYPE START END[;START END]...``;
each fragment needs 0 <= start <= end <= len(text), fragments may not overlap, and the TAIL must
begin with the fragments' texts joined by one space (``DISCONT_SEP``), else brat refuses the
line. A ``#`` line's DATA is ``TYPE TARGET`` (two words); brat shows its TAIL stripped.
"""

from __future__ import annotations

import pytest

from annotator.core.formats import formats
from annotator.core.model import Document, Project, Tag

from .conftest import SHARED
from .factories import annotation
from .unicode_hostile import TEXT, hostile_project


class BratRefuses(Exception):
    """A line brat's reader would report as an error and not load."""


def brat_read(ann: str, text: str) -> tuple[dict[str, tuple[str, list[tuple[int, int]], str]], dict[str, list[str]]]:
    """The T lines ({id: (type, fragments, text)}) and notes ({target: [text]}) of a .ann, by brat's rules."""
    spans, notes = {}, {}
    for number, line in enumerate(ann.splitlines(keepends=True), start=1):
        ident, sep, rest = line.partition("\t")
        if not sep:  # an empty line too: brat lists it as a line it could not read
            raise BratRefuses(f"line {number}: no tab after the id: {line!r}")
        data, tab, tail = rest.partition("\t")
        tail = tab + tail
        if ident.startswith("T"):
            kind, _, where = data.partition(" ")
            fragments = []
            for piece in where.split(";"):
                start, end = piece.split(" ", 1)
                if any(ch.isspace() for ch in end.rstrip()):
                    raise BratRefuses(f"line {number}: {piece!r} is not START END")
                start, end = int(start), int(end.rstrip())
                if start > end or start < 0 or end > len(text):
                    raise BratRefuses(f"line {number}: fragment {start} {end} outside the text ({len(text)})")
                if any(end >= s and start < e for s, e in fragments):
                    raise BratRefuses(f"line {number}: fragments overlap")
                fragments.append((start, end))
            expected = " ".join(text[s:e] for s, e in fragments)
            if not tail.startswith("\t") or tail[1 : len(expected) + 1] != expected:
                raise BratRefuses(f"line {number}: text {tail[1:]!r} is not the spans' text {expected!r}")
            after = tail[len(expected) + 1 :]
            if after and not after[0].isspace():
                raise BratRefuses(f"line {number}: text not followed by a space or the line's end")
            spans[ident] = (kind, fragments, expected)
        elif ident.startswith("#"):
            words = data.split()
            if len(words) != 2:
                raise BratRefuses(f"line {number}: a note's DATA is TYPE TARGET")
            if words[0] == "AnnotatorNotes":
                notes.setdefault(words[1], []).append(tail.strip())
        else:
            raise BratRefuses(f"line {number}: our export writes only T and # lines")
    missing = set(notes) - set(spans)
    if missing:
        raise BratRefuses(f"notes on ids that are not there: {missing}")
    return spans, notes


def export(project: Project) -> tuple[str, str]:
    files = formats()["brat"].write(project)
    return files["document.ann"].decode("utf-8"), files["document.txt"].decode("utf-8")


def test_brats_rules_read_every_span_of_a_unicode_hostile_text():
    project = hostile_project()
    doc = project.documents[0]
    ann, text = export(project)
    assert text == TEXT
    spans, notes = brat_read(ann, text)
    assert len(spans) == len(doc.annotations)
    for n, a in enumerate(doc.annotations, start=1):
        kind, fragments, shown = spans[f"T{n}"]
        assert kind == a.tag.label
        assert (fragments[0][0], fragments[-1][1]) == (a.start, a.end)  # the span, from its first fragment to its last
        assert "".join(text[s:e] for s, e in fragments) == "".join(ch for ch in a.quote.exact if ch not in "\n\u2028")
        assert notes.get(f"T{n}", [""]) == [" ".join(a.note.replace("\u2028", "\n").split("\n")).strip()]


def test_a_document_without_annotations_is_an_empty_ann():
    spans, notes = brat_read(export(Project(documents=[Document.from_text("No tags here.")]))[0], "No tags here.")
    assert spans == notes == {}


def test_unicode_hostile_spans_come_back_through_our_reader():
    project = hostile_project()
    doc = project.documents[0]
    files = formats()["brat"].write(project)
    article = Document.from_text(files["document.txt"].decode("utf-8"))
    result = formats()["brat"].read(files["document.ann"], article, None)
    assert result.skipped == []
    back = result.documents[0].annotations
    assert [(a.tag, a.start, a.end, a.quote) for a in back] == [(a.tag, a.start, a.end, a.quote) for a in doc.annotations]
    assert all(article.text[a.start : a.end] == a.quote.exact for a in back)


@pytest.mark.parametrize("exact", ["\nsecond", "first\n", "\n", "\u2028B", "first\n\nsecond", "A\u2028"])
def test_spans_starting_or_ending_at_a_line_break_keep_their_ends(exact):
    text = "first\n\nsecond A\u2028B"
    start = text.index(exact)
    doc = Document.from_text(text)
    doc.annotations = [annotation(text, start, start + len(exact), Tag.CLAIM, 0, note="two\nlines")]
    ann, txt = export(Project(documents=[doc]))
    (kind, fragments, _), = brat_read(ann, txt)[0].values()
    assert (fragments[0][0], fragments[-1][1]) == (start, start + len(exact))
    (back,) = formats()["brat"].read(ann.encode(), doc, None).documents[0].annotations
    assert (back.start, back.end, back.note) == (start, start + len(exact), "two lines")


@pytest.mark.parametrize("name", ["CoNLL2002-esp-doc-46", "news-110-note_annotation", "TDT-wn071"])
def test_the_rules_read_real_brat_files(name):
    """The reader above is brat's: it takes files brat's own users made."""
    folder = SHARED / "formats" / "brat"
    if not folder.exists():
        pytest.skip("../shared/formats is not present")
    text = (folder / f"{name}.txt").read_bytes().decode("utf-8")
    ann = (folder / f"{name}.ann").read_bytes().decode("utf-8")
    lines = [line for line in ann.splitlines(keepends=True) if line[:1] == "T" or line[:1] == "#" and "\tAnnotatorNotes T" in line]
    spans, _ = brat_read("".join(lines), text)
    assert spans and len(spans) == sum(line.startswith("T") for line in lines)
