"""CSV, one row per annotation, for spreadsheets.

``modified_by`` is who changed the annotation last; it is empty when that was not recorded
(projects from before schema version 6), never guessed.

The fact-check columns (schema version 10): ``reasoning`` and ``speaker`` as written; ``supports``,
``disputes``, ``attributes`` and ``context`` count the links of each relation that start from the
annotation (a claim's supporting spans...), and ``evidence`` its pieces of outside evidence. A
spreadsheet sorts and filters by counts; which spans and addresses they are is in the project
file and the other exports (W3C, the HTML report).

Cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) get
a leading apostrophe, so a note like ``=HYPERLINK(...)`` stays text. Bidirectional controls
(an invisible right-to-left override can make a note or a name read backwards) are shown as
a visible marker, ``⟨U+202E⟩``: CSV is for reading in spreadsheets.
"""

from __future__ import annotations

import csv
import io

from ..links import relation_counts
from ..model import Project, Relation, level_named
from ..text_safety import visible_controls
from . import Format

COLUMNS = (
    "document", "outlet", "byline", "published", "source_url", "status", "assignee", "tag", "start", "end", "quote", "note",
    "verdict", "rating", "reasoning", "speaker", "supports", "disputes", "attributes", "context", "evidence",
    "author", "created", "modified", "modified_by", "review_status",
)
RELATIONS = (Relation.SUPPORTS, Relation.DISPUTES, Relation.ATTRIBUTES, Relation.CONTEXT)
"""The link-count columns, in order: how many links of each relation start from the annotation."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = visible_controls("" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write(project: Project) -> bytes:
    """The table, encoded row by row into one buffer (memory about the output's size)."""
    buffer = io.BytesIO()  # getvalue() hands over its buffer: no second copy of the output
    out = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    scale = project.metadata.rating_scale
    for doc in project.documents:
        for a in doc.annotations:
            level = level_named(scale, a.verdict) if a.verdict else None
            rating = "" if level is None or level.value is None else level.value
            status = next((c.status.value for c in reversed(a.comments) if c.status is not None), "")
            counts = relation_counts(a) if a.links else {}
            writer.writerow([safe_cell(v) for v in (
                doc.title, doc.outlet, doc.byline, doc.published, doc.source_url, doc.status.value, doc.assignee, a.tag.value, a.start, a.end, a.quote.exact, a.note,
                a.verdict, rating, a.reasoning, a.speaker, *(counts.get(r, 0) for r in RELATIONS), len(a.evidence), a.author,
                a.created.isoformat(), a.modified.isoformat(), a.modified_by, status,
            )])
    out.flush()
    out.detach()
    return buffer.getvalue()


FORMAT = Format(
    name="csv",
    title="CSV table (one row per annotation)",
    extension=".csv",
    keeps=("the article (title, outlet, byline, date, URL, status, assignee), tag, offsets, quote, note, a claim's verdict and its number on the project's rating scale, "
           "reasoning, speaker, how many links of each relation (supports, disputes, attributes, context) and how many pieces of outside evidence start from it, "
           "author, times, who changed it last and the latest review verdict"),
    loses=("quote prefixes/suffixes, the article text, ids, which annotations the links point to, the evidence's addresses, titles and notes, "
           "the article's verdict and summary; it cannot be imported back"),
    write=write,
)
