"""Recovery files: unsaved work written aside a few seconds after each change, so a crash
or a kill loses at most those seconds. Qt-free; the window decides when to write.

Each open project with unsaved work has two files in the user's data folder (platformdirs):

- ``HASH.recovery.json``, a snapshot: a small envelope around an ordinary project,
  ``{"recovery_of": path or null, "saved_at": "...", "generation": "...", "project": {...}}``;
- ``HASH.recovery.journal``, the changes since that snapshot, one JSON line per write.

Writing the whole project takes half a second at 100,000 annotations, so it is done once
(when the work first differs from the file) and again only when the journal has grown as
large as the snapshot; in between, each write appends only the annotations and details that
changed. Every write therefore costs time in proportion to the edits it records, and the
writes can come every few seconds at any size. A journal line names the snapshot generation
it continues, so lines left over from an older snapshot are never replayed onto a newer one.
Both files are removed when the work is saved or deliberately discarded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import TypeAdapter

from .errors import FileProblemError, read_untrusted
from .model import Annotation, Document, Project, RejectedSuggestion, now
from .storage import MAX_PROJECT_BYTES, dump_bytes, parse_project, write_atomic

log = logging.getLogger(__name__)

DETAILS = ("title", "source_url", "outlet", "byline", "published", "verdict", "summary")
"""The article details an edit can change (``SetArticleDetails``, and ``SetArticleVerdict``
for the article's verdict and summary). Journals written before the last two lack them."""

COMPACT_FLOOR = 1 << 20
"""A journal under this many bytes is never folded into a new snapshot, however small the project."""

_ANNOTATION = TypeAdapter(Annotation)


def recovery_folder() -> Path:
    """Where recovery files go: $ANNOTATOR_DATA_DIR (tests, portable setups) or the platform's."""
    base = os.environ.get("ANNOTATOR_DATA_DIR") or platformdirs.user_data_dir("Annotator", "annotator")
    return Path(base) / "recovery"


def recovery_file(key: str, folder: Path | None = None) -> Path:
    """One snapshot per open project: ``key`` is its path, or a session id while it has none."""
    return (folder or recovery_folder()) / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:24] + ".recovery.json")


def journal_file(snapshot: Path) -> Path:
    return snapshot.with_name(snapshot.name.removesuffix(".json") + ".journal")


@dataclass
class PendingChanges:
    """What changed since the last write, by document index: the annotations' latest
    versions (None: deleted), documents whose details or orphans changed, and documents
    replaced whole (an article update)."""

    annotations: dict[int, dict[str, Annotation | None]] = field(default_factory=dict)
    details: set[int] = field(default_factory=set)
    orphans: set[int] = field(default_factory=set)
    rejected: set[int] = field(default_factory=set)
    """Documents whose list of turned-down suggestions changed."""
    documents: set[int] = field(default_factory=set)

    def put(self, doc: int, ann: Annotation) -> None:
        self.annotations.setdefault(doc, {})[ann.id] = ann

    def drop(self, doc: int, ann_id: str) -> None:
        self.annotations.setdefault(doc, {})[ann_id] = None

    def __bool__(self) -> bool:
        return bool(self.annotations or self.details or self.orphans or self.rejected or self.documents)

    def clear(self) -> None:
        self.annotations.clear()
        self.details.clear()
        self.orphans.clear()
        self.rejected.clear()
        self.documents.clear()

    def records(self, project: Project) -> list[dict[str, Any]]:
        """The journal's records of these changes, read from ``project`` as it is now."""
        out: list[dict[str, Any]] = []
        for index in sorted(self.documents):
            out.append({"doc": index, "document": project.documents[index].model_dump(mode="json")})
        for index, changed in self.annotations.items():
            if index in self.documents:
                continue  # the whole document is written above
            for ann_id, ann in changed.items():
                out.append({"doc": index, "drop": ann_id} if ann is None else {"doc": index, "put": _ANNOTATION.dump_python(ann, mode="json")})
        for index in sorted(self.details - self.documents):
            doc = project.documents[index]
            out.append({"doc": index, "details": {key: getattr(doc, key) for key in DETAILS}})
        for index in sorted(self.orphans - self.documents):
            out.append({"doc": index, "orphans": [_ANNOTATION.dump_python(a, mode="json") for a in project.documents[index].orphans]})
        for index in sorted(self.rejected - self.documents):
            out.append({"doc": index, "rejected": [r.model_dump(mode="json") for r in project.documents[index].rejected_suggestions]})
        return out


class RecoveryWriter:
    """Keeps one project's unsaved work on disk: a snapshot, then a journal of its changes."""

    def __init__(self, path: Path, recovery_of: Path | None) -> None:
        self.path = path
        self.journal = journal_file(path)
        self.recovery_of = recovery_of
        self.generation: str | None = None  # no snapshot written yet
        self.snapshot_bytes = 0
        self.journal_bytes = 0

    def write(self, project: Project, changes: PendingChanges) -> int:
        """Record the work: a new snapshot when there is none yet or the journal has grown
        as large as the snapshot, else one journal line. Returns the bytes written; the
        changes are cleared once they are on disk. Raises OSError or SaveError."""
        if self.generation is None or self.journal_bytes > max(COMPACT_FLOOR, self.snapshot_bytes):
            written = self._snapshot(project)
        elif changes:
            line = json.dumps(
                {"generation": self.generation, "saved_at": now().isoformat(), "changes": changes.records(project)},
                ensure_ascii=False, separators=(",", ":"),
            ).encode("utf-8") + b"\n"
            self._append(line)
            written = len(line)
            self.journal_bytes += written
        else:
            written = 0
        changes.clear()
        return written

    def _append(self, line: bytes) -> None:
        """One line at the journal's end. If the write fails part-way (a full disk), the
        journal is cut back to where it was: a torn line in the middle would end the replay
        there and hide every later line. Where even that fails, the next write is a snapshot."""
        fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            size = os.fstat(fd).st_size
            try:
                rest = memoryview(line)
                while rest:
                    rest = rest[os.write(fd, rest):]
                os.fsync(fd)
            except OSError:
                try:
                    os.ftruncate(fd, size)
                except OSError:
                    self.generation = None
                raise
        finally:
            os.close(fd)

    def _snapshot(self, project: Project) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        generation = uuid.uuid4().hex
        head = {"recovery_of": None if self.recovery_of is None else str(self.recovery_of), "saved_at": now().isoformat(), "generation": generation}
        payload = (json.dumps(head)[:-1] + ', "project": ').encode("utf-8") + dump_bytes(project) + b"}\n"
        write_atomic(self.path, payload)
        # Lines of the old generation are now ignored; remove them so the journal starts empty.
        _unlink(self.journal)
        self.generation, self.snapshot_bytes, self.journal_bytes = generation, len(payload), 0
        return len(payload)

    def remove(self) -> None:
        remove_recovery(self.path)


def write_recovery(path: Path, project: Project, recovery_of: Path | None) -> None:
    """Write a whole snapshot of ``project`` at ``path`` (used where no journal is kept)."""
    RecoveryWriter(path, recovery_of).write(project, PendingChanges())


@dataclass
class Recovery:
    path: Path
    recovery_of: Path | None
    saved_at: datetime | None
    project: Project


def find_recoveries() -> tuple[list[Recovery], list[tuple[Path, str]]]:
    """Readable recoveries (snapshot plus journal), newest first, and the unreadable ones with
    the reason. Whatever goes wrong reading one (a damaged file, JSON nested too deep for the
    parser, one too large for memory, a special file) is caught: it is reported here once, and
    the file is set aside as ``NAME.broken`` beside it (never deleted), so it is neither offered
    nor reported again at the next start."""
    found, broken = [], []
    folder = recovery_folder()
    for path in sorted(folder.glob("*.recovery.json")) if folder.is_dir() else []:
        try:
            found.append(read_recovery(path))
        except Exception as exc:  # noqa: BLE001 - one bad file must never stop the app starting
            reason = _why_unreadable(exc)
            aside = set_aside(path)
            broken.append((path, f"{reason}; set aside as {aside.name}" if aside is not None else reason))
    found.sort(key=lambda r: r.saved_at.timestamp() if r.saved_at else 0, reverse=True)
    return found, broken


def _why_unreadable(exc: Exception) -> str:
    if isinstance(exc, FileProblemError):
        return "; ".join(str(problem) for problem in exc.problems)
    if isinstance(exc, RecursionError):
        return "its data is nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "it is too large to read in the memory there is"
    if isinstance(exc, (OSError, ValueError, KeyError, TypeError, IndexError)):
        return f"it is damaged ({type(exc).__name__}: {exc})"
    return f"it could not be read ({type(exc).__name__}: {exc})"


def set_aside(path: Path) -> Path | None:
    """Rename an unreadable recovery (and its journal) to ``NAME.broken`` (``NAME.broken.2``...
    when taken), keeping it for a look by hand. None when even that fails (logged)."""
    aside = None
    for source in (path, journal_file(path)):
        if not os.path.lexists(source):
            continue
        target = source.with_name(source.name + ".broken")
        number = 1
        while os.path.lexists(target):
            number += 1
            target = source.with_name(f"{source.name}.broken.{number}")
        try:
            os.rename(source, target)
        except OSError as exc:
            log.warning("could not set the unreadable recovery file %s aside: %s", source, exc)
            continue
        if source == path:
            aside = target
    return aside


def read_recovery(path: Path) -> Recovery:
    """The work kept at ``path``: its snapshot with the journal's changes replayed, checked
    as strictly as a project file."""
    raw = json.loads(read_untrusted(path, MAX_PROJECT_BYTES + (1 << 20)))  # the project and a small envelope
    if not isinstance(raw, dict):
        raise ValueError("the snapshot is not a JSON object")
    project = parse_project(json.dumps(raw["project"]).encode("utf-8"), path)
    saved = raw.get("saved_at")
    generation = raw.get("generation")
    replay = _Replay(project)
    for entry in _journal_entries(journal_file(path)):
        if generation is not None and entry.get("generation") == generation:
            for change in entry["changes"]:
                replay.apply(change)
            saved = entry.get("saved_at", saved)
    if replay.changed:  # the replayed whole must still be a sound project
        project = parse_project(dump_bytes(replay.finish()), path)
    original = raw.get("recovery_of")
    return Recovery(
        path,
        Path(original) if isinstance(original, str) else None,
        datetime.fromisoformat(saved) if isinstance(saved, str) else None,
        project,
    )


def _journal_entries(journal: Path) -> list[dict[str, Any]]:
    """The journal's complete lines; a line cut off by a crash mid-write ends it."""
    if not os.path.lexists(journal):
        return []
    data = read_untrusted(journal, 2 * MAX_PROJECT_BYTES)  # compacted once as large as its snapshot
    entries = []
    for line in data.splitlines():
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            break
        if not isinstance(entry, dict):  # no line the app writes; taken as the end, like a torn one
            break
        entries.append(entry)
    return entries


class _Replay:
    """Applies journal changes to a project, each annotation by id (no pass over the list)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.by_id: dict[int, dict[str, Annotation]] = {}
        self.changed = False

    def apply(self, change: dict[str, Any]) -> None:
        index = change["doc"]
        doc = self.project.documents[index]
        self.changed = True
        if "document" in change:
            self.project.documents[index] = Document.model_validate(change["document"])
            self.by_id.pop(index, None)
        elif "put" in change or "drop" in change:
            anns = self.by_id.get(index)
            if anns is None:  # built once per document, not once per change
                anns = self.by_id[index] = {a.id: a for a in doc.annotations}
            if "put" in change:
                ann = _ANNOTATION.validate_python(change["put"])
                anns[ann.id] = ann
            else:
                anns.pop(change["drop"], None)
        elif "details" in change:
            for key in DETAILS:
                if key in change["details"]:  # an older journal has fewer keys
                    setattr(doc, key, change["details"][key])
        elif "orphans" in change:
            doc.orphans = [_ANNOTATION.validate_python(a) for a in change["orphans"]]
        elif "rejected" in change:
            doc.rejected_suggestions = [RejectedSuggestion.model_validate(r) for r in change["rejected"]]
        else:
            raise ValueError(f"unknown change in the journal: {sorted(change)}")

    def finish(self) -> Project:
        for index, anns in self.by_id.items():
            self.project.documents[index].annotations = list(anns.values())
        return self.project


def remove_recovery(path: Path) -> None:
    _unlink(path)
    _unlink(journal_file(path))


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
