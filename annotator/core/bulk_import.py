"""Adding many articles to a workspace at once: one new project file each, named from the title.

An article whose text the workspace already holds (same sha256 as a file there, or as one
added earlier in the batch) is reported as a duplicate, never added twice; every file that
can't be read is listed with the reason. Files are only ever created, never replaced.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .article import read_article
from .errors import AlreadyExistsError, FileProblemError, SaveError
from .model import Metadata, Project
from .workspace import PROJECT_SUFFIX, ArticleSummary, Workspace, problem_text

ARTICLE_SUFFIXES = frozenset({".html", ".htm", ".md", ".markdown", ".docx", ".pdf", ".txt"})
"""What a folder given as a source is searched for (a file given by name is read whatever it is)."""

MAX_SLUG = 60
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
"""Names Windows refuses for a file, whatever its extension."""


@dataclass
class BulkResult:
    added: list[Path] = field(default_factory=list)
    duplicates: list[tuple[Path, Path]] = field(default_factory=list)
    """(source file, workspace file that already has its text)."""
    refused: list[tuple[Path, str]] = field(default_factory=list)
    """(source file, why it was not added)."""
    cancelled: bool = False


def article_files(sources: Iterable[Path]) -> list[Path]:
    """The files to import: files as given, and the articles under each folder (hidden ones skipped), in order."""
    found: list[Path] = []
    for source in map(Path, sources):
        if source.is_dir():
            inside = []
            for root, dirs, names in os.walk(source):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                inside += [Path(root) / n for n in names if not n.startswith(".") and Path(n).suffix.lower() in ARTICLE_SUFFIXES]
            found += sorted(inside)
        else:
            found.append(source)
    return found


def slug(title: str, fallback: str = "article") -> str:
    """A short, safe file name stem from a title: letters and digits of any script, lowercase, joined by hyphens."""
    text = unicodedata.normalize("NFKC", title).casefold()
    words = re.findall(r"[^\W_]+", text)
    stem = ""
    for word in words:
        candidate = f"{stem}-{word}" if stem else word
        if len(candidate) > MAX_SLUG:
            if not stem:
                stem = word[:MAX_SLUG]
            break
        stem = candidate
    if not stem:
        return fallback if fallback == "article" else slug(fallback)
    return f"{stem}-article" if stem in _RESERVED else stem


def _create(project: Project, workspace: Path, stem: str) -> Path:
    """Save ``project`` under the first free name stem, stem-2, stem-3…, never replacing a file."""
    n = 1
    while True:
        path = workspace / f"{stem if n == 1 else f'{stem}-{n}'}{PROJECT_SUFFIX}"
        try:
            from .storage import save_project

            save_project(project, path, exclusive=True)
            return path
        except AlreadyExistsError:
            n += 1


def import_articles(sources: list[Path], workspace: Path, author: str = "", progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None, summaries: Iterable[ArticleSummary] | None = None) -> BulkResult:
    """Read each article and add it to ``workspace`` as a new project file (see the module).

    ``summaries``: the workspace's, when the caller has them; else it is refreshed here.
    ``author`` is recorded in each new project's description, as who imported it. Cancelling
    stops between files and keeps what was added.
    """
    workspace = Path(workspace)
    workspace.mkdir(parents=True, exist_ok=True)
    if summaries is None:
        summaries = Workspace(workspace).refresh()
    known = {s.text_sha256: s.path for s in summaries if s.text_sha256 and not s.problem}
    files = article_files(sources)
    result = BulkResult()
    for done, source in enumerate(files):
        if cancelled is not None and cancelled():
            result.cancelled = True
            break
        try:
            doc = read_article(source)
        except FileProblemError as exc:
            result.refused.append((source, problem_text(exc)))
        except (OSError, ValueError, RuntimeError) as exc:  # a reader's library failing on a hostile file
            result.refused.append((source, f"could not be read: {exc}"))
        else:
            if doc.sha256 in known:
                result.duplicates.append((source, known[doc.sha256]))
            else:
                # A name that isn't valid UTF-8 (copied from an old archive, say) is kept with
                # its undecodable bytes shown as \xNN: a file name never refuses an article.
                name = source.name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                description = f"Imported from {name}" + (f" by {author}" if author else "")
                try:
                    project = Project(metadata=Metadata(title=doc.title, description=description), documents=[doc])
                    path = _create(project, workspace, slug(doc.title, name.rsplit(".", 1)[0]))
                except (SaveError, ValueError) as exc:  # ValueError: pydantic's, on a text no check above caught
                    result.refused.append((source, str(exc).splitlines()[0]))
                else:
                    known[doc.sha256] = path
                    result.added.append(path)
        if progress is not None:
            progress(done + 1, len(files))
    return result
