"""A corpus of hostile inputs: broken, malicious and oversized project files, imports and
articles, each with the command that reads it and what must come of it.

Every case is made fresh in a folder by ``make(folder)``, so nothing hostile is kept in the
repository. ``tests/test_hostile_corpus.py`` runs each one in a child process with a memory
limit and a time limit, and checks the exit status, that stderr names the file on every line
and that no traceback escapes.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.core.storage import dumps

from .factories import project

TEXT = "The minister said the budget grew by 5%. Critics disagree.\n"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], list[str]]
    """Writes the hostile files into the folder; returns the command's arguments."""
    exit_status: int = 1
    memory: bool = False
    """Risky for memory or for ever: run with a tight memory limit and timeout."""
    check: Callable[[Path, str], None] | None = None
    """For a case that must succeed: checks the folder and standard output afterwards."""


def _project(folder: Path) -> dict:
    return json.loads(dumps(project(TEXT, [(4, 12, __import__("annotator.core.model", fromlist=["Tag"]).Tag.CLAIM)])))


def _write_project(folder: Path, data: object, name: str = "p.json") -> Path:
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _with(change: Callable[[dict], object]) -> Callable[[Path], list[str]]:
    """A valid project changed by ``change`` (which edits it in place), then validated."""
    def build(folder: Path) -> list[str]:
        data = _project(folder)
        change(data)
        return ["validate", str(_write_project(folder, data))]
    return build


def _ann(data: dict) -> dict:
    return data["documents"][0]["annotations"][0]


def _raw(text: str | bytes, command: str = "validate") -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        path = folder / "p.json"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return [command, str(path)] if command != "export" else ["export", "-f", "w3c", str(path)]
    return build


def _special(kind: str, command: list[str]) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        path = folder / "p.json"
        if kind == "zero":
            path.symlink_to("/dev/zero")
        else:
            os.mkfifo(path)
        return [*command, str(path)]
    return build


def _import(fmt: str, content: str | bytes, name: str, article: str | None = None) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        if fmt == "brat":  # brat's text sits beside the .ann
            path.with_suffix(".txt").write_text(TEXT, encoding="utf-8")
        args = ["import", "-f", fmt, str(path), "-o", str(folder / "out.annotator.json")]
        if article is not None:
            text = folder / "article.txt"
            text.write_text(article, encoding="utf-8")
            args += ["--article", str(text)]
        return args
    return build


def _article_import(write_article: Callable[[Path], Path]) -> Callable[[Path], list[str]]:
    """A W3C import whose article is the hostile file (the command line reads articles there)."""
    def build(folder: Path) -> list[str]:
        article = write_article(folder)
        annotations = folder / "a.w3c.json"
        annotations.write_text(json.dumps({"type": "AnnotationCollection", "items": []}), encoding="utf-8")
        return ["import", "-f", "w3c", str(annotations), "--article", str(article), "-o", str(folder / "out.annotator.json")]
    return build


def _docx_bomb(folder: Path) -> Path:
    """A small .docx whose document.xml says it expands to 1.1 GB (declared sizes are checked first)."""
    path = folder / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/></Types>')
        with z.open("word/document.xml", "w", force_zip64=True) as member:  # 100 MB of text, written in pieces
            member.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                         b"<w:body><w:p><w:r><w:t>")
            chunk = b"A" * (1 << 20)
            for _ in range(100):
                member.write(chunk)
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return path


def _bad_utf8(folder: Path) -> Path:
    path = folder / "article.txt"
    # UTF-8 with typographic quotes, damaged in one place (all-ASCII text with those bytes would
    # be a fine Windows-1252 file, and opens as one)
    path.write_bytes(("“Plain” words. " * 200_000).encode("utf-8") + b"\xff\xfe\xfa" + b" more words" * 10)
    return path


def _big_html(folder: Path) -> Path:
    path = folder / "page.html"
    paragraph = "<p>" + "word " * 200 + "</p>\n"
    path.write_text("<html><body><article>" + paragraph * 40_000 + "</article></body></html>", encoding="utf-8")
    return path


def _export(fmt: str, note: str, author: str = "Ann") -> Callable[[Path], list[str]]:
    """A valid project whose note (and author) carry something hostile, exported to a file."""
    def build(folder: Path) -> list[str]:
        data = _project(folder)
        _ann(data).update(note=note, author=author, verdict="False")
        if fmt == "claimreview":  # publishable, the organisation's name hostile too
            data["metadata"]["publisher"] = {"organization": note, "organization_url": "https://checks.example.org/", "page_url": "https://checks.example.org/a"}
        path = _write_project(folder, data)
        return ["export", "-f", fmt, str(path), "-o", str(folder / f"out.{fmt}")]
    return build


def _no_raw(fmt: str, *forbidden: str) -> Callable[[Path, str], None]:
    def check(folder: Path, _stdout: str) -> None:
        written = (folder / f"out.{fmt}").read_text(encoding="utf-8")
        for text in forbidden:
            assert text not in written, f"{text!r} is written raw into the {fmt} export"
    return check


def _spaces_import(folder: Path) -> list[str]:
    """A Label Studio region whose quote starts with spaces, one place off, in 200,000 spaces."""
    text = "Claim:" + " " * 200_000 + "the minister resigned."
    quote = "  the minister"
    start = text.index(quote) + 1
    task = [{"data": {"text": text}, "annotations": [{"result": [
        {"type": "labels", "value": {"start": start, "end": start + len(quote), "text": quote, "labels": ["claim"]}}]}]}]
    (folder / "ls.json").write_text(json.dumps(task), encoding="utf-8")
    return ["import", "-f", "labelstudio", str(folder / "ls.json"), "-o", str(folder / "out.annotator.json")]


def _crlf_brat(folder: Path) -> list[str]:
    """brat counts the carriage returns of a CRLF .txt: a span after three line breaks."""
    text = "One.\r\nTwo.\r\nThree.\r\nThe minister resigned.\r\n"
    (folder / "a.txt").write_bytes(text.encode("utf-8"))
    start = text.index("minister")
    (folder / "a.ann").write_text(f"T1\tClaim {start} {start + 8}\tminister\n", encoding="utf-8")
    return ["import", "-f", "brat", str(folder / "a.ann"), "-o", str(folder / "out.annotator.json")]


def _quote_is(exact: str) -> Callable[[Path, str], None]:
    def check(folder: Path, _stdout: str) -> None:
        from annotator.core.storage import load_project

        (ann,) = load_project(folder / "out.annotator.json").documents[0].annotations
        assert ann.quote.exact == exact, ann.quote.exact
    return check


def _hostile_markdown(folder: Path) -> Path:
    """3 MB of emphasis markers: markdown-it reads such markup at about 3 s per MB."""
    path = folder / "article.md"
    path.write_text("*a " * 1_000_000, encoding="utf-8")
    return path


def _deep(depth: int) -> str:
    return '{"schema_version": 6, "documents": ' + "[" * depth + "]" * depth + "}"


CASES: tuple[Case, ...] = (
    # structure and syntax (already refused before issue 13; kept so they stay refused)
    Case("truncated JSON", _raw('{"schema_version": 6, "documents": [')),
    Case("binary bytes", _raw(bytes(range(256)) * 4)),
    Case("git conflict markers", _raw('<<<<<<< HEAD\n{"schema_version": 6}\n=======\n{}\n>>>>>>> theirs\n')),
    Case("a key twice", _raw('{"schema_version": 6, "schema_version": 6, "documents": []}')),
    Case("nested 100,000 deep", _raw(_deep(100_000))),
    Case("an integer of 100,000 digits", _raw('{"schema_version": ' + "9" * 100_000 + "}")),
    Case("a newer schema", _with(lambda d: d.update(schema_version=99))),
    Case("sha256 of other text", _with(lambda d: d["documents"][0].update(sha256="0" * 64))),
    Case("offsets past the end", _with(lambda d: _ann(d).update(end=10_000))),
    Case("quote that is not the text", _with(lambda d: _ann(d)["quote"].update(exact="nonsense"))),
    Case("end before start", _with(lambda d: _ann(d).update(start=10, end=4))),
    Case("an id that is no UUID", _with(lambda d: _ann(d).update(id="1; DROP TABLE"))),
    Case("a boolean offset", _with(lambda d: _ann(d).update(start=True))),
    Case("a lone surrogate in the title", _raw(dumps(project(TEXT)).replace('"title": "Title"', '"title": "\\ud800"'))),
    Case("NUL in the article", _with(lambda d: d["documents"][0].update(text="a\u0000b"))),
    # issue 13: reads that never end or take all memory
    Case("a link to /dev/zero as a project", _special("zero", ["validate"]), memory=True),
    Case("a link to /dev/zero exported", _special("zero", ["export", "-f", "w3c"]), memory=True),
    Case("a named pipe as a project", _special("fifo", ["stats"]), memory=True),
    Case("a docx bomb as the article", _article_import(_docx_bomb), memory=True),
    Case("50 MB of web page as the article", _article_import(_big_html), memory=True),
    # values that pass validation and break later
    Case("a time past year 9999 in UTC", _with(lambda d: _ann(d).update(created="9999-12-31T23:59:59-14:00", modified="9999-12-31T23:59:59-14:00"))),
    Case("a time before year 1 in UTC", _with(lambda d: _ann(d).update(created="0001-01-01T00:00:00+14:00"))),
    Case("NUL in a note", _with(lambda d: _ann(d).update(note="a\u0000b"))),
    Case("a review record ending before it starts", _with(lambda d: d["documents"][0]["review"].append({
        "reviewer": "R", "time": "2026-01-02T03:04:05+01:00", "group": "only mine", "decision": "kept mine",
        "mine": {"id": "x", "tag": "claim", "start": 50, "end": 10, "exact": "y", "note": "", "author": "", "modified_by": ""},
        "theirs": None, "result": [], "comment": None, "decided": True}))),
    Case("doccano offsets as a list", _import("doccano", json.dumps({"text": TEXT, "label": [[[0], 3, "claim"]]}) + "\n", "d.jsonl")),
    Case("doccano offsets as an object", _import("doccano", json.dumps({"text": TEXT, "label": [[{"a": 1}, 3, "claim"]]}) + "\n", "d.jsonl")),
    Case("doccano meta as a list", _import("doccano", json.dumps({"text": TEXT, "label": [[0, 3, "claim"]], "meta": [1, 2]}) + "\n", "d.jsonl"),
         exit_status=0),  # free-form data of the user's: imported without it, never a traceback
    Case("doccano title with a lone surrogate", _import("doccano", '{"text": "' + TEXT.strip() + '", "label": [[0, 3, "claim"]], "meta": {"title": "\\ud800"}}\n', "d.jsonl")),
    Case("Label Studio start as true", _import("labelstudio", json.dumps([{"data": {"text": TEXT}, "annotations": [{"result": [
        {"type": "labels", "value": {"start": True, "end": 12, "text": TEXT[1:12], "labels": ["claim"]}}]}]}]), "ls.json")),
    Case("brat offsets far past the text", _import("brat", "T1\tClaim 5 1000000\tx\n", "a.ann", article=None)),
    Case("one bad byte in a large UTF-8 article", _article_import(_bad_utf8)),
    Case("3 MB of hostile Markdown as the article", _article_import(_hostile_markdown), memory=True),
    # work that grew quadratically, and spans that shifted silently
    Case("a quote led by spaces in 200,000 spaces", _spaces_import, exit_status=0, check=_quote_is("  the minister")),
    Case("brat offsets in a CRLF text", _crlf_brat, exit_status=0, check=_quote_is("minister")),
    # output that could run code or mislead
    Case("</script> in a ClaimReview", _export("claimreview", "</script><script>alert(1)</script>"), exit_status=0,
         check=_no_raw("claimreview", "</script>", "<script>")),
    Case("</script> in a W3C export", _export("w3c", "</script><script>alert(1)</script>"), exit_status=0,
         check=_no_raw("w3c", "</script>", "<script>")),
    Case("a right-to-left override in a CSV cell", _export("csv", "paid \u202e0001$", author="Eve\u202e"), exit_status=0,
         check=_no_raw("csv", "\u202e")),
    Case("a right-to-left override in the HTML report", _export("html", "paid \u202e0001$"), exit_status=0,
         check=_no_raw("html", "\u202e")),
)
"""Each case's command must fail with exit status 1 (or as the case says), fast and bounded."""
