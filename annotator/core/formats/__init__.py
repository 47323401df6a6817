"""Export and import formats, one module each, chosen by name.

Each module defines ``FORMAT``, a :class:`Format` with a writer, a reader, or both. Adding a
format is adding a module and naming it in ``_MODULES``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..anchoring import quote_for, reanchor
from ..errors import Problem
from ..model import Annotation, Document, Project, Quote, Tag, new_id, now

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


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 time with a zone ("Z" allowed), or None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


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
) -> Annotation | None:
    """An annotation from another tool's span, checked against the text; None (with a
    problem) when the span is out of range or its quote is nowhere in the text."""
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        problems.append(Problem(where, f"offsets must be whole numbers, not {start!r} and {end!r}"))
        return None
    if exact is not None and text[start:end] != exact:
        found = reanchor(text, start, end, Quote(exact=exact)) if exact else None
        if found is None:
            problems.append(Problem(where, f"its text {exact[:40]!r} is not at {start}-{end} nor anywhere else in the article"))
            return None
        start, end = found
    if not 0 <= start < end <= len(text):
        problems.append(Problem(where, f"span {start}-{end} is outside the text ({len(text)} code points)"))
        return None
    stamp = now()
    return Annotation(
        id=ann_id or new_id(), tag=tag, start=start, end=end, quote=quote_for(text, start, end),
        note=note, author=author, created=created or stamp, modified=modified or created or stamp,
    )
