"""Export and import formats, one module each, chosen by name.

Each module defines ``FORMAT``, a :class:`Format` with a writer, a reader, or both. Adding a
format is adding a module and naming it in ``_MODULES``.
"""

from __future__ import annotations

import importlib
from contextvars import ContextVar
import uuid
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pydantic import ValidationError

from ..anchoring import SearchBudget, quote_for, reanchor
from ..article import MAX_ARTICLE_BYTES, normalize_newlines, read_article
from ..errors import FileProblemError, Problem, SaveError, read_untrusted
from ..model import Annotation, Document, Evidence, Metadata, Project, Quote, Status, Tag, new_id, now, string_problem, time_problem, url_problem
from .. import storage
from ..storage import write_atomic
from ..wording import plural

_MODULES = ("w3c", "doccano", "labelstudio", "brat", "csv_table", "html_report", "claimreview")

TAG_ALIASES: dict[str, Tag] = {
    "claim": Tag.CLAIM,
    "quote": Tag.QUOTE,
    "quotation": Tag.QUOTE,
    "source": Tag.SOURCE,
    "citation": Tag.SOURCE,
    "unverified": Tag.UNVERIFIED,
    "unconfirmed": Tag.UNVERIFIED,
}
"""Labels from other tools that mean one of our tags (compared case-insensitively)."""


@dataclass
class ImportResult:
    documents: list[Document]
    skipped: list[Problem] = field(default_factory=list)
    """What was not imported and why (e.g. a label that is none of our tags)."""
    description: str = ""
    """The project's description, for formats that carry it (``imported_project`` keeps it)."""


@dataclass(frozen=True)
class Format:
    name: str
    title: str
    extension: str
    keeps: str
    loses: str
    write: Callable[[Project], bytes | dict[str, bytes]] | None = None
    """The file's bytes, or for formats of several files (brat) {file name: bytes}."""
    read: Callable[[bytes, Document | None, dict[str, Tag] | None], ImportResult] | None = None
    """Reads a file's bytes; ``article`` gives the text for formats that don't carry it, and
    the mapping says which of our tags other labels mean (on top of TAG_ALIASES)."""


def formats() -> dict[str, Format]:
    found = {}
    for module in _MODULES:
        fmt = importlib.import_module(f"{__name__}.{module}").FORMAT
        found[fmt.name] = fmt
    return found


def write_export(target: Path, payload: bytes | dict[str, bytes]) -> None:
    """Write what a format produced: one file at ``target``, or for formats of several files
    (brat) a folder named ``target`` holding them. Raises SaveError with the reason; a file
    marked read-only is not replaced (ReadOnlyError), nor anything else then written."""
    targets = [target / name for name in payload] if isinstance(payload, dict) else [target]
    for each in targets:
        storage.refuse_read_only(each)
    if not isinstance(payload, dict):
        write_atomic(target, payload)
        return
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(f"Could not make the folder {target}: {exc.strerror or exc}") from None
    for name, data in payload.items():
        write_atomic(target / name, data)


def read_import(fmt: Format, path: Path, article_path: Path | None, mapping: dict[str, Tag] | None) -> ImportResult:
    """Read another tool's file. Every way it can fail is a FileProblemError naming the file.

    ``article_path`` is the text for formats that don't carry it; brat's is the .txt beside
    the .ann when none is given.
    """
    if article_path is None and fmt.name == "brat":
        article_path = path.with_suffix(".txt")
    article = read_article(article_path) if article_path is not None else None
    data = read_untrusted(path, storage.MAX_PROJECT_BYTES)  # read now, like load_project and save_project
    extra = {}
    if fmt.name == "brat" and article is not None:
        extra["moved"] = _brat_offsets(article_path, article)
    budgets = _BUDGETS.set({})  # whole-text searches are bounded per article for this import
    try:
        result = fmt.read(data, article, mapping, **extra)
        for n, doc in enumerate(result.documents):
            problem = document_problem(doc)
            if problem:
                raise ValueError(problem if len(result.documents) == 1 else f"document {n + 1}, {problem}")
        return result
    except RecursionError:
        raise FileProblemError(path, f"not readable as {fmt.title}: nested too deeply") from None
    except ValidationError as exc:  # a value no check above caught: said without pydantic's links
        messages = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in exc.errors()[:3])
        raise FileProblemError(path, f"not readable as {fmt.title}: {messages}") from None
    except (ValueError, UnicodeDecodeError) as exc:  # includes JSON syntax errors
        raise FileProblemError(path, f"not readable as {fmt.title}: {exc}") from None
    finally:
        _BUDGETS.reset(budgets)


def _brat_offsets(article_path: Path, article: Document) -> Callable[[int], int] | None:
    """brat counts offsets in the .txt as it is on disk, carriage returns included; the
    article is read with LF line endings. The function moving brat's offsets into it, or
    None when the file has no CR (or is not plain UTF-8 text, which brat requires)."""
    try:
        raw = read_untrusted(article_path, MAX_ARTICLE_BYTES).decode("utf-8-sig")
    except (UnicodeDecodeError, FileProblemError):
        return None
    if "\r" not in raw:
        return None
    fixed, moved = line_endings_fixed(raw)
    return moved if fixed == article.text else None


DOCUMENT_FIELDS = ("title", "source_url", "outlet", "byline", "published", "text")


def document_problem(doc: Document) -> str | None:
    """What an imported document holds that no project may (a lone surrogate or NUL in any of
    its strings, a time out of range, a span ending before it starts), naming the field."""
    for name in DOCUMENT_FIELDS:
        problem = string_problem(getattr(doc, name))
        if problem:
            return f"{name}: {problem}"
    for n, ann in enumerate(doc.annotations):
        for name in ("created", "modified"):
            problem = time_problem(getattr(ann, name))
            if problem:
                return f"annotations[{n}].{name}: {problem}"
    return doc.records_problem()


def checked(value: str, where: str) -> str:
    """``value`` when a project can keep it; else ValueError naming ``where`` (e.g. "line 3,
    meta.title"), which read_import reports with the file's name."""
    problem = string_problem(value)
    if problem:
        raise ValueError(f"{where}: {problem}")
    return value


def new_document(text: str, where: str, *, text_at: str = "text", fields_at: str = "", **fields: str | None) -> Document:
    """A Document for an import, every string checked first: a bad one is a ValueError naming
    ``where`` and the field as the file has it (``text_at``, ``fields_at`` + name, e.g.
    "line 3, meta.outlet"). ``fields`` are title, source_url, outlet, byline, published."""
    checked(text, f"{where}, {text_at}")
    for name, value in fields.items():
        if value is not None:
            checked(value, f"{where}, {fields_at}{name}")
    doc = Document.from_text(text, title=fields.pop("title", None) or "", source_url=fields.pop("source_url", None))
    for name, value in fields.items():
        if value is not None:
            setattr(doc, name, value)
    return doc


def set_workflow(doc: Document, fields: dict, where: str, place: Callable[[str], str]) -> None:
    """An article's status and assignee from an import's metadata, when the file has them:
    a status that is none of ours is refused by name (``place`` says where it was)."""
    status = fields.get("status")
    if status is not None:
        try:
            doc.status = Status(status)
        except ValueError:
            raise ValueError(f"{where}, {place('status')}: {str(status)[:40]!r} is none of {', '.join(s.value for s in Status)}") from None
    assignee = fields.get("assignee")
    if isinstance(assignee, str):
        doc.assignee = checked(assignee, f"{where}, {place('assignee')}")


def imported_project(result: ImportResult) -> Project:
    return Project(metadata=Metadata(title=result.documents[0].title, description=result.description), documents=result.documents)


def line_endings_fixed(text: str) -> tuple[str, Callable[[int], int]]:
    """The text with CRLF and CR made LF (as articles are stored), and a function that moves
    an offset into the old text to the same place in the new one."""
    if "\r" not in text:
        return text, lambda offset: offset
    dropped = [i for i, ch in enumerate(text) if ch == "\r" and text.startswith("\n", i + 1)]
    return normalize_newlines(text), lambda offset: offset - bisect_left(dropped, offset)


def unique_ids(documents: list[Document]) -> None:
    """Give a fresh id to any annotation whose id an earlier one already has (in any document)."""
    seen: set[str] = set()
    for doc in documents:
        for n, ann in enumerate(doc.annotations):
            if ann.id in seen:
                doc.annotations[n] = ann = ann.model_copy(update={"id": new_id()})
            seen.add(ann.id)


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 time ("Z" allowed; one without a zone is taken as UTC, as JavaScript's
    toISOString and most tools write), or None for anything else, including a time outside
    years 1 to 9999 in UTC (``model.time_problem``)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    parsed = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)
    return None if time_problem(parsed) else parsed  # 9999-12-31T23:59-14:00 is past 9999 in UTC


def evidence_from(items: object, where: str, problems: list[Problem]) -> tuple[Evidence, ...]:
    """Outside evidence as our JSON exports write it (``[{"url", "title", "note", "by", "time"}]``);
    an entry without a web address (http or https) is skipped, and said, naming ``where``."""
    if not isinstance(items, list):
        return ()
    found = []
    for k, item in enumerate(items):
        here = f"{where}[{k}]"
        url = item.get("url") if isinstance(item, dict) else None
        if not isinstance(url, str) or not url:
            problems.append(Problem(here, "has no address (url): skipped"))
            continue
        problem = url_problem(url)
        if problem:
            problems.append(Problem(here, f"its address {problem}: skipped"))
            continue
        texts = {name: checked(item[name], f"{here}.{name}") if isinstance(item.get(name), str) else "" for name in ("title", "note", "by")}
        found.append(Evidence(url=url, time=parse_time(item.get("time")) or now(), **texts))
    return tuple(found)


def tag_of(label: object, mapping: dict[str, Tag] | None = None) -> Tag | None:
    key = str(label).strip().casefold()
    if mapping and key in mapping:
        return mapping[key]
    return TAG_ALIASES.get(key)


def parse_mapping(pairs: list[str]) -> dict[str, Tag]:
    """``["ORG=source", "PER=source"]`` -> {"org": Tag.SOURCE, ...}; ValueError says what's wrong."""
    mapping = {}
    for pair in pairs:
        label, sep, tag = pair.partition("=")
        if not sep or not label.strip():
            raise ValueError(f"--map {pair!r}: write LABEL=TAG, e.g. ORG=source")
        try:
            mapping[label.strip().casefold()] = Tag(tag.strip().casefold())
        except ValueError:
            raise ValueError(f"--map {pair!r}: {tag!r} is not one of claim, quote, source, unverified") from None
    return mapping


def make_annotation(
    text: str,
    start: int,
    end: int,
    tag: Tag,
    *,
    ann_id: str | None = None,
    note: str = "",
    author: str = "",
    created=None,
    modified=None,
    exact: str | None = None,
    where: str,
    problems: list[Problem],
    budget: SearchBudget | None = None,
) -> Annotation | None:
    """An annotation from another tool's span, checked against the text; None (with a
    problem) when the span is out of range or its quote is nowhere in the text."""
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        problems.append(Problem(where, f"offsets must be whole numbers, not {start!r} and {end!r}"))
        return None
    checked(note, f"{where}, note")
    checked(author, f"{where}, author")
    if exact is not None and text[start:end] != exact:
        budget = budget or _budget_for(text)
        found = reanchor(text, start, end, Quote(exact=exact), budget=budget) if exact else None
        if found is None and budget is not None and budget.spent:
            problems.append(Problem(where, (
                f"its text {exact[:40]!r} is not at {start}-{end} nor near it, and the rest of the article was not searched: "
                "too many spans of this file are far from their offsets")))
            return None
        if found is None:
            problems.append(Problem(where, f"its text {exact[:40]!r} is not at {start}-{end} nor anywhere else in the article"))
            return None
        if not _same_span(start, end, exact, found):
            problems.append(Problem(where, (
                f"its text {exact[:40]!r} is not at {start}-{end}; it occurs at {found[0]}-{found[1]}, but a text of "
                f"{plural(len(exact), 'code point')} found there is not taken to be this span: skipped")))
            return None
        start, end = found
    if not 0 <= start < end <= len(text):
        problems.append(Problem(where, f"span {start}-{end} is outside the text ({len(text)} code points)"))
        return None
    if ann_id is not None and not _canonical(ann_id):
        ann_id = None  # another tool's id: ours must be a UUID
    stamp = now()
    return Annotation(
        id=ann_id or new_id(), tag=tag, start=start, end=end, quote=quote_for(text, start, end),
        note=note, author=author, created=created or stamp, modified=modified or created or stamp,
    )


_BUDGETS: ContextVar[dict[int, tuple[str, SearchBudget]] | None] = ContextVar("search budgets", default=None)
"""Per import (``read_import``), each article's budget of whole-text searches, by the text's id
(the text is kept with it, so an id is never taken for another text's)."""


def _budget_for(text: str) -> SearchBudget | None:
    budgets = _BUDGETS.get()
    if budgets is None:
        return None
    entry = budgets.get(id(text))
    if entry is None or entry[0] is not text:
        entry = budgets[id(text)] = (text, SearchBudget(text))
    return entry[1]


SHORT_QUOTE = 16
"""A quote shorter than this (code points) found elsewhere is taken as the span only when
the offsets were nearly right (REFIND_NEAR) and span as many code points as the quote:
"x" occurs in almost any article, and other tools' quotes carry no context to tell."""
REFIND_NEAR = 256


def _same_span(start: int, end: int, exact: str, found: tuple[int, int]) -> bool:
    """Whether a quote re-found at ``found`` may be the span another tool put at start-end."""
    if len(exact) >= SHORT_QUOTE:
        return True
    units = len(exact.encode("utf-16-le")) // 2  # a browser tool's span counts UTF-16 units
    return len(exact) <= end - start <= units and abs(found[0] - start) <= REFIND_NEAR


def _canonical(value: object) -> bool:
    try:
        return str(uuid.UUID(str(value))) == value
    except ValueError:
        return False
