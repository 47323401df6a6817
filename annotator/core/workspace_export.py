"""Whole-workspace exports, statistics and validation (``annotator export/stats/validate FOLDER``).

Every project file under the folder is read on its own: a broken one is reported with its
problems and left out, and the rest are still exported or counted.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FileProblemError
from .model import Metadata, Project, Status, Tag
from .storage import load_project
from .text_safety import dumps_for_html
from .workspace import PROJECT_SUFFIX, ArticleSummary, progress_line, project_files


@dataclass
class FolderExport:
    payload: bytes | dict[str, bytes]
    exported: list[Path] = field(default_factory=list)
    problems: list[FileProblemError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the caller should say about files left out on purpose (e.g. ClaimReview without details)."""


def projects_in(folder: Path, problems: list[FileProblemError]) -> Iterator[tuple[Path, Project]]:
    """Each readable project under ``folder`` in order; each unreadable one added to ``problems``."""
    for path in project_files(folder):
        try:
            yield path, load_project(path)
        except FileProblemError as exc:
            problems.append(exc)


def relative_name(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix()


def flat_name(folder: Path, path: Path) -> str:
    """A file name for one project's part of a several-file export: its path, folders joined by "--"."""
    return relative_name(folder, path).removesuffix(PROJECT_SUFFIX).replace("/", "--")


def export_folder(fmt: str, folder: Path, draft: bool = False) -> FolderExport:
    """The whole workspace in format ``fmt`` (see the README: one line, task or report per article)."""
    return _EXPORTERS[fmt](Path(folder), draft)


def _doccano(folder: Path, _draft: bool) -> FolderExport:
    from .formats import doccano

    result = FolderExport(b"")
    out = io.BytesIO()  # getvalue() hands over its buffer: no second copy of the output
    for path, project in projects_in(folder, result.problems):
        out.write(doccano.write(project))
        result.exported.append(path)
    result.payload = out.getvalue()
    return result


def _labelstudio(folder: Path, _draft: bool) -> FolderExport:
    """One task per article, numbered through the whole workspace."""
    from .formats import labelstudio

    result = FolderExport(b"")
    tasks = []
    for path, project in projects_in(folder, result.problems):
        for task in json.loads(labelstudio.write(project)):
            number = len(tasks) + 1
            task["id"] = number
            for ann in task.get("annotations", []):
                ann["id"] = number
            tasks.append(task)
        result.exported.append(path)
    result.payload = (json.dumps(tasks, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return result


def _w3c(folder: Path, _draft: bool) -> FolderExport:
    """One AnnotationCollection of every article's annotations (each target names its article)."""
    from .formats import w3c

    result = FolderExport(b"")
    documents = []
    for path, project in projects_in(folder, result.problems):
        documents.extend(project.documents)
        result.exported.append(path)
    if not documents:
        result.payload = (dumps_for_html({"@context": w3c.CONTEXT, "type": "AnnotationCollection", "label": folder.name, "total": 0}) + "\n").encode("utf-8")
        return result
    combined = Project.model_construct(schema_version=0, metadata=Metadata(title=folder.name or str(folder)), documents=documents)
    result.payload = w3c.write(combined)
    return result


def _claimreview(folder: Path, draft: bool) -> FolderExport:
    """Every reviewed claim of every article; a project without publishing details is left out
    (and named) unless ``draft``."""
    from .formats import claimreview

    result = FolderExport(b"")
    reviews = []
    for path, project in projects_in(folder, result.problems):
        if claimreview.count(project) == 0:
            continue
        absent = claimreview.missing(project)
        if absent and not draft:
            result.notes.append(f"{path}: left out: ClaimReview needs publishing details it lacks: {claimreview.in_words(absent)} (--draft writes it as a draft)")
            continue
        reviews.extend(json.loads(claimreview.write(project)))
        result.exported.append(path)
    result.payload = ((dumps_for_html(reviews, level=0) if reviews else "[]") + "\n").encode("utf-8")
    return result


def _csv(folder: Path, _draft: bool) -> FolderExport:
    """One table: each project's rows (status and assignee among them), after a file column."""
    from .formats import csv_table

    result = FolderExport(b"")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("file", *csv_table.COLUMNS))
    for path, project in projects_in(folder, result.problems):
        rows = csv.reader(io.StringIO(csv_table.write(project).decode("utf-8"), newline=""))
        next(rows)  # its header
        name = csv_table.safe_cell(relative_name(folder, path))
        for row in rows:
            writer.writerow((name, *row))
        result.exported.append(path)
    result.payload = buffer.getvalue().encode("utf-8")
    return result


def _html(folder: Path, _draft: bool) -> FolderExport:
    """An index page listing every article (status, assignee, counts) linking to its report."""
    from .formats import html_report

    result = FolderExport({})
    files: dict[str, bytes] = {}
    rows = []
    for path, project in projects_in(folder, result.problems):
        name = flat_name(folder, path) + ".html"
        while name in files or name == "index.html":
            name = "_" + name
        files[name] = html_report.write(project)
        doc = project.documents[0]
        counts = Counter(a.tag for d in project.documents for a in d.annotations)
        rows.append((name, doc.title or path.name, doc.outlet, doc.published, doc.status, doc.assignee, counts))
        result.exported.append(path)
    e = lambda value: html.escape(str(value), quote=True)  # noqa: E731
    head = "".join(f"<th>{e(t.label)}</th>" for t in Tag)
    body = "".join(
        f'<tr><td><a href="{e(name)}">{e(title)}</a></td><td>{e(outlet)}</td><td>{e(published)}</td><td>{e(status.label)}</td>'
        f"<td>{e(assignee)}</td>" + "".join(f"<td>{counts[t]}</td>" for t in Tag) + "</tr>"
        for name, title, outlet, published, status, assignee, counts in rows
    )
    done = progress_line(_Status(row[4]) for row in rows)
    index = (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{e(folder.name)}</title><style>body{{font:15px/1.5 system-ui,sans-serif;margin:2rem}}"
        "table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left}</style></head><body>"
        f"<h1>{e(folder.name)}</h1><p>{e(done)}</p><table><thead><tr><th>Article</th><th>Outlet</th><th>Published</th>"
        f"<th>Status</th><th>Assigned to</th>{head}</tr></thead><tbody>{body}</tbody></table></body></html>\n"
    )
    files["index.html"] = index.encode("utf-8")
    result.payload = files
    return result


@dataclass(frozen=True)
class _Status:
    status: Status


def _brat(folder: Path, _draft: bool) -> FolderExport:
    """Each article's .txt and .ann, named after its project file."""
    from .formats import brat

    result = FolderExport({})
    files: dict[str, bytes] = {}
    for path, project in projects_in(folder, result.problems):
        stem = flat_name(folder, path)
        files.update({f"{stem}.{name}": data for name, data in brat.write(project).items()})
        result.exported.append(path)
    result.payload = files
    return result


_EXPORTERS: dict[str, Callable[[Path, bool], FolderExport]] = {
    "doccano": _doccano, "labelstudio": _labelstudio, "w3c": _w3c, "claimreview": _claimreview, "csv": _csv, "html": _html, "brat": _brat,
}


def folder_stats(folder: Path, summaries: list[ArticleSummary]) -> dict:
    """Counts per status, tag, annotator and outlet, the progress line, and the broken files."""
    good = [s for s in summaries if not s.problem]
    by_annotator: Counter = Counter()
    for s in good:
        by_annotator.update(s.annotators)
    return {
        "folder": str(folder),
        "articles": len(good),
        "progress": progress_line(good),
        "status": {status.value: sum(1 for s in good if s.status is status) for status in Status},
        "assignees": dict(sorted(Counter(s.assignee or "(nobody)" for s in good).items())),
        "annotations": sum(s.total for s in good),
        "tags": {tag.value: sum(s.counts.get(tag, 0) for s in good) for tag in Tag},
        "annotators": dict(sorted(by_annotator.items())),
        "outlets": dict(sorted(Counter(s.outlet or "(unknown)" for s in good).items())),
        "problems": {str(s.path): s.problem for s in summaries if s.problem},
    }
