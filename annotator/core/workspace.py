"""A folder of project files as one workspace: what each article is, its status, and search.

The project files stay the truth (one per article, as they travel by email and git); the
index in the user cache (``workspace_index``) only remembers what reading them found, keyed
by each file's size and modification time, so a later open reads only what changed.

A refresh works in two steps. First the list: each new or changed file is read once and
json-parsed, and its summary taken from the parsed JSON (the costly full validation would
double the time before anything shows). Then the search: each of those files is validated
as ``load_project`` does (a problem found then replaces the summary's) and its text and
notes indexed. ``listed`` tells a caller as soon as the first step is done.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic_core import from_json

from .errors import Cancelled, FileProblemError, read_untrusted
from .model import SCHEMA_VERSION, Project, Status, Tag, string_problem
from .storage import MAX_PROJECT_BYTES, load_project, parse_project, save_project
from .workspace_index import WorkspaceIndex, match_pattern, matches, query_terms, split_chunks

PROJECT_SUFFIX = ".annotator.json"
_SURROGATE = re.compile("[\ud800-\udfff]")

Progress = Callable[[int, int], None]


def project_files(folder: Path) -> list[Path]:
    """Every project file under ``folder``, sorted; hidden folders (.git) and files skipped."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / name for name in names if name.endswith(PROJECT_SUFFIX) and not name.startswith("."))
    return sorted(found)


@dataclass(frozen=True)
class ArticleSummary:
    """What the workspace list shows of one project file."""

    path: Path
    size: int
    mtime_ns: int
    title: str
    outlet: str
    published: str
    status: Status
    assignee: str
    counts: dict[Tag, int]
    annotators: tuple[str, ...]
    last_change: datetime | None
    text_sha256: str
    documents: int
    problem: str

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_json(self) -> dict[str, Any]:
        """The summary as the index keeps it (path, size and time are the row's)."""
        return {
            "title": self.title, "outlet": self.outlet, "published": self.published, "status": self.status.value,
            "assignee": self.assignee, "counts": {tag.value: n for tag, n in self.counts.items()},
            "annotators": list(self.annotators), "last_change": self.last_change.isoformat() if self.last_change else None,
            "text_sha256": self.text_sha256, "documents": self.documents, "problem": self.problem,
        }

    @classmethod
    def from_json(cls, path: Path, size: int, mtime_ns: int, data: dict[str, Any]) -> ArticleSummary:
        last = data["last_change"]
        return cls(
            path=path, size=size, mtime_ns=mtime_ns, title=data["title"], outlet=data["outlet"], published=data["published"],
            status=Status(data["status"]), assignee=data["assignee"], counts={Tag(t): n for t, n in data["counts"].items()},
            annotators=tuple(data["annotators"]), last_change=datetime.fromisoformat(last) if last else None,
            text_sha256=data["text_sha256"], documents=data["documents"], problem=data["problem"],
        )


@dataclass(frozen=True)
class SearchHit:
    """One place a search found: in a document's text, or in a note (its annotation's span)."""

    path: Path
    document: int
    kind: str
    start: int
    end: int
    annotation_id: str | None
    snippet: str


def _ordered_counts(counter: Counter) -> dict[Tag, int]:
    return {tag: counter[tag] for tag in Tag if counter[tag]}


def summary_of_project(project: Project, path: Path, size: int, mtime_ns: int) -> ArticleSummary:
    """The summary of a loaded (valid) project."""
    first = project.documents[0]
    counts: Counter = Counter()
    names: set[str] = set()
    last: datetime | None = None
    for doc in project.documents:
        counts.update(ann.tag for ann in doc.annotations)
        for ann in doc.annotations:
            names.add(ann.author)
            names.add(ann.modified_by)
            if last is None or ann.modified > last:
                last = ann.modified
    names.discard("")
    return ArticleSummary(
        path=path, size=size, mtime_ns=mtime_ns, title=first.title, outlet=first.outlet, published=first.published,
        status=first.status, assignee=first.assignee, counts=_ordered_counts(counts), annotators=tuple(sorted(names)),
        last_change=last, text_sha256=first.sha256, documents=len(project.documents), problem="",
    )


class _Unusual(Exception):
    """The quick look found something unexpected: the careful reader decides and names it."""


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise _Unusual
    return value


_TAGS = {tag.value: tag for tag in Tag}


def _latest(times: list[object]) -> datetime | None:
    """The latest of ISO 8601 times. When all are written alike (same length, same offset, as a
    file annotator wrote in one time zone has them) the latest string is the latest time, and
    only that one is parsed; otherwise each is."""
    if not times:
        return None
    if not all(isinstance(t, str) for t in times):
        raise _Unusual
    first = times[0]
    if all(len(t) == len(first) and t[-6:] == first[-6:] for t in times):
        moments = [datetime.fromisoformat(max(times))]
    else:
        moments = [datetime.fromisoformat(t) for t in times]
    if any(m.tzinfo is None for m in moments):
        raise _Unusual
    return max(moments)


def summary_of_json(raw: object, path: Path, size: int, mtime_ns: int) -> ArticleSummary:
    """The summary from a file's parsed JSON, without validating all of it (raises _Unusual
    where the file is not as annotator writes it). Agrees with ``summary_of_project`` on
    every valid file (a test checks)."""
    if not isinstance(raw, dict):
        raise _Unusual
    version = raw.get("schema_version")
    docs = raw.get("documents")
    if type(version) is not int or not 1 <= version <= SCHEMA_VERSION or not isinstance(docs, list) or not docs:
        raise _Unusual
    counts: Counter = Counter()
    names: set[object] = set()
    last: datetime | None = None
    try:
        for doc in docs:
            anns = doc["annotations"]
            counts.update([ann["tag"] for ann in anns])
            names.update([ann.get("author", "") for ann in anns])
            names.update([ann.get("modified_by", "") for ann in anns])
            latest = _latest([ann["modified"] for ann in anns])
            if latest is not None and (last is None or latest > last):
                last = latest
        if not all(isinstance(n, str) for n in names) or not all(isinstance(t, str) and t in _TAGS for t in counts):
            raise _Unusual
        first = docs[0]
        sha = _str(first["sha256"])
        if len(sha) != 64:
            raise _Unusual
        names.discard("")
        return ArticleSummary(
            path=path, size=size, mtime_ns=mtime_ns, title=_str(first.get("title", "")), outlet=_str(first.get("outlet", "")),
            published=_str(first.get("published", "")), status=Status(first.get("status", "new")),
            assignee=_str(first.get("assignee", "")), counts={tag: counts[tag.value] for tag in Tag if counts[tag.value]},
            annotators=tuple(sorted(names)), last_change=last, text_sha256=sha, documents=len(docs), problem="",
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _Unusual from exc


def problem_text(exc: FileProblemError) -> str:
    """A file's problems on one line, as the list shows them."""
    shown = "; ".join(str(p) for p in exc.problems[:3])
    if len(exc.problems) > 3:
        shown += f"; and {len(exc.problems) - 3} more"
    return shown


def broken_summary(path: Path, size: int, mtime_ns: int, problem: str) -> ArticleSummary:
    return ArticleSummary(
        path=path, size=size, mtime_ns=mtime_ns, title=path.name.removesuffix(PROJECT_SUFFIX), outlet="", published="",
        status=Status.NEW, assignee="", counts={}, annotators=(), last_change=None, text_sha256="", documents=0, problem=problem,
    )


def read_summary(path: Path, size: int, mtime_ns: int) -> ArticleSummary:
    """The summary of one file by the quick look, or by the careful reader when it is odd."""
    try:
        data = read_untrusted(path, MAX_PROJECT_BYTES)
    except FileProblemError as exc:
        return broken_summary(path, size, mtime_ns, problem_text(exc))
    try:
        # pydantic-core's JSON reader: a third quicker than json.loads, and it refuses lone
        # surrogate escapes (which the index could not store), so such files go the careful way.
        return summary_of_json(from_json(data), path, size, mtime_ns)
    except (_Unusual, ValueError, RecursionError):
        pass
    try:
        return summary_of_project(parse_project(data, path), path, size, mtime_ns)
    except FileProblemError as exc:
        return broken_summary(path, size, mtime_ns, problem_text(exc))


def search_rows(project: Project) -> Iterable[tuple[str, int, str, int, int, str | None]]:
    """What the index holds of a project: text chunks and notes (text, document, kind, start, end, id)."""
    for d, doc in enumerate(project.documents):
        for start, piece in split_chunks(doc.text):
            yield piece, d, "text", start, start + len(piece), None
        for ann in doc.annotations:
            if ann.note:
                yield ann.note, d, "note", ann.start, ann.end, ann.id


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while files are parsed: the JSON of thousands of files
    makes millions of short-lived objects, and each collector pass would walk every object the
    app holds. Unlike ``bulk.gc_paused`` nothing is frozen: what was parsed is garbage afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def default_cache_dir() -> Path:
    """$ANNOTATOR_CACHE_DIR (tests, portable setups) or the platform's user cache folder."""
    env = os.environ.get("ANNOTATOR_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("Annotator", "annotator"))


def snippet(text: str, start: int, end: int, width: int = 60) -> str:
    """One line around text[start:end]."""
    left, right = max(0, start - width), min(len(text), end + width)
    line = " ".join(text[left:right].split())
    return ("…" if left else "") + line + ("…" if right < len(text) else "")


class Workspace:
    """A folder of project files and its index. Methods may run on any thread."""

    def __init__(self, folder: Path, cache_dir: Path | None = None) -> None:
        import threading

        self.folder = Path(folder)
        resolved = self.folder.resolve()
        root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        key = hashlib.sha256(str(resolved).encode("utf-8", "surrogatepass")).hexdigest()[:32]
        index_path = root.resolve() / "workspaces" / f"{key}.sqlite"
        if index_path.is_relative_to(resolved):  # e.g. a home folder opened as a workspace
            import tempfile

            index_path = Path(tempfile.gettempdir()).resolve() / "annotator-workspaces" / f"{key}.sqlite"
        if index_path.is_relative_to(resolved):
            raise ValueError(f"the cache folder {root} is inside the workspace {self.folder}: the index never lives in the workspace")
        self._index = WorkspaceIndex(index_path, str(resolved))
        self._refreshing = threading.Lock()

    @property
    def index_path(self) -> Path:
        """Where the index is now: it moves to the temp folder if its place is taken by
        something that can't be removed (see ``WorkspaceIndex._delete_files``)."""
        return self._index.path

    def _rel(self, path: Path) -> str:
        return Path(path).relative_to(self.folder).as_posix()

    def _summaries(self, rows: dict[str, tuple[int, int, int, str, bool]]) -> list[ArticleSummary]:
        out = [ArticleSummary.from_json(self.folder / rel, size, mtime, json.loads(summary)) for rel, (_i, size, mtime, summary, _c) in rows.items()]
        out.sort(key=lambda s: s.path)
        return out

    def cached(self) -> list[ArticleSummary]:
        """What the index holds now, reading no project file (a warm open paints at once)."""
        try:
            return self._summaries(self._index.files())
        except Exception:  # a damaged index: rebuilt, and nothing known until a refresh
            self._index.rebuild()
            return []

    def refresh(self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
                listed: Callable[[list[ArticleSummary]], None] | None = None) -> list[ArticleSummary]:
        """Bring the index up to date with the folder and return every summary, in
        ``project_files`` order. Only new or changed files (size or mtime_ns) are read;
        deleted ones are dropped. ``listed`` gets the list once it is known, before the
        text is indexed. Raises Cancelled when ``cancelled()`` says so (what was done is kept)."""
        with self._refreshing, _collector_paused():
            try:
                return self._refresh(progress, cancelled, listed)
            except Cancelled:
                raise
            except Exception as exc:
                import sqlite3

                if not isinstance(exc, (sqlite3.DatabaseError, KeyError, ValueError, TypeError)):
                    raise
                self._index.rebuild()  # damaged while in use: never trusted, built again
                return self._refresh(progress, cancelled, listed)

    def _refresh(self, progress: Progress | None, cancelled: Callable[[], bool] | None, listed) -> list[ArticleSummary]:
        stop = cancelled or (lambda: False)
        tell = progress or (lambda _d, _t: None)
        base = len(str(self.folder)) + 1
        current: dict[str, tuple[Path, int, int]] = {}
        unnamed: dict[str, ArticleSummary] = {}
        for path in project_files(self.folder):
            rel = str(path)[base:].replace(os.sep, "/")
            try:
                info = os.stat(path)
            except OSError as exc:  # a dangling link, a file gone or unreadable: listed, with why
                unnamed[rel] = broken_summary(path, 0, 0, f"cannot read the file: {exc.strerror or exc}")
                current[rel] = (path, 0, 0)
                continue
            if _SURROGATE.search(rel):  # a name that is not valid UTF-8: listed, not indexed
                unnamed[rel] = broken_summary(path, info.st_size, info.st_mtime_ns, "its file name is not valid UTF-8; rename it to open it here")
            current[rel] = (path, info.st_size, info.st_mtime_ns)
        for rel in unnamed:
            del current[rel]
        known = self._index.files()
        changed = [rel for rel, (_p, size, mtime) in current.items() if rel not in known or known[rel][1:3] != (size, mtime)]
        unchecked = [rel for rel, row in known.items() if rel in current and not row[4] and rel not in changed]
        total = len(changed) * 2 + len(unchecked)
        done = 0
        summaries: dict[str, ArticleSummary] = {}
        ids = {rel: row[0] for rel, row in known.items()}
        with self._index.write() as w:
            for rel in known.keys() - current.keys():
                w.remove(rel)
            for rel in changed:
                if stop():
                    raise Cancelled()
                path, size, mtime = current[rel]
                summary = read_summary(path, size, mtime)
                summaries[rel] = summary
                ids[rel] = w.put(rel, size, mtime, summary.to_json(), checked=bool(summary.problem), new=rel not in known)
                done += 1
                tell(done, total)
        for rel, (path, size, mtime) in current.items():
            if rel not in summaries:
                summaries[rel] = ArticleSummary.from_json(path, size, mtime, json.loads(known[rel][3]))
        summaries.update(unnamed)
        order = sorted(summaries, key=lambda rel: summaries[rel].path) if unnamed else list(current)
        result = [summaries[rel] for rel in order]  # project_files order
        if listed is not None:
            listed(result)
        to_check = [rel for rel in changed if not summaries[rel].problem] + unchecked
        if not to_check:
            return result
        with self._index.write() as w:
            for rel in to_check:
                if stop():
                    raise Cancelled()
                path, size, mtime = current[rel]
                summaries[rel] = self._check(w, ids[rel], path, size, mtime, summaries[rel])
                done += 1
                tell(done, total)
        return [summaries[rel] for rel in order]

    def _check(self, w, file_id: int, path: Path, size: int, mtime: int, quick: ArticleSummary) -> ArticleSummary:
        """Validate one file fully and index its text and notes; the summary it really has."""
        try:
            info = path.stat()
            if (info.st_size, info.st_mtime_ns) != (size, mtime):
                return quick  # changed again meanwhile: the next refresh reads it
            project = load_project(path)
        except OSError:
            return quick
        except FileProblemError as exc:
            summary = replace(quick, problem=problem_text(exc))
            w.checked(file_id, summary.to_json())
            return summary
        summary = summary_of_project(project, path, size, mtime)
        w.checked(file_id, summary.to_json() if summary != quick else None)
        w.chunks(file_id, search_rows(project))
        return summary

    def summary(self, path: Path) -> ArticleSummary:
        """Read one file again now (after the app saved it), update the index, return its summary."""
        path = Path(path)
        rel = self._rel(path)
        with self._refreshing:
            info = path.stat()
            quick = read_summary(path, info.st_size, info.st_mtime_ns)
            with self._index.write() as w:
                file_id = w.put(rel, info.st_size, info.st_mtime_ns, quick.to_json(), checked=bool(quick.problem))
                if not quick.problem:
                    return self._check(w, file_id, path, info.st_size, info.st_mtime_ns, quick)
            return quick

    def search(self, query: str, limit: int = 500) -> list[SearchHit]:
        """Every place the query's words are, in article texts and notes, ignoring case: by
        file and position, at most ``limit``. Any text is a query: FTS syntax is just words."""
        terms = query_terms(query)
        if not terms or limit <= 0:
            return []
        import sqlite3

        try:
            return self._search(terms, limit)
        except sqlite3.DatabaseError:
            self._index.rebuild()
            return []

    def _search(self, terms: list[str], limit: int) -> list[SearchHit]:
        from .workspace_index import ROWS_PER_FILE

        patterns = match_pattern(terms)
        paths = self._index.paths_by_id()
        hits: list[SearchHit] = []
        for rowid, body, raw, doc, kind, pos, stop, ann in self._index.search_rows(terms):
            rel = paths.get(rowid // ROWS_PER_FILE)
            if rel is None:
                continue
            text = raw if raw is not None else body
            found = matches(text, patterns)
            if not found:
                continue
            path = self.folder / rel
            if kind == "note":
                start, end = found[0]
                hits.append(SearchHit(path, doc, "note", pos, stop, ann, snippet(text, start, end)))
            else:
                for start, end in found:
                    hits.append(SearchHit(path, doc, "text", pos + start, pos + end, None, snippet(text, start, end)))
                    if len(hits) >= limit:
                        break
            if len(hits) >= limit:
                break
        return hits[:limit]

    def close(self) -> None:
        """Close this thread's connection to the index."""
        self._index.close()


def progress_line(summaries: Iterable[ArticleSummary]) -> str:
    """"38 of 120 done": done and reviewed articles count as done."""
    items = list(summaries)
    done = sum(1 for s in items if s.status.finished)
    return f"{done} of {len(items)} done"


def set_status(path: Path, status: Status | None = None, assignee: str | None = None) -> ArticleSummary:
    """Set the status and/or assignee of every document of a file not open in the app, and
    save it atomically (a read-only file is refused, as save_project does)."""
    path = Path(path)
    problem = string_problem(assignee)
    if problem:
        raise ValueError(f"The assignee's name {problem}")
    project = load_project(path)
    for doc in project.documents:
        if status is not None:
            doc.status = Status(status)
        if assignee is not None:
            doc.assignee = assignee
    save_project(project, path)
    info = path.stat()
    return summary_of_project(project, path, info.st_size, info.st_mtime_ns)
