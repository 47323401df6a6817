"""What a whole workspace teaches the suggesters: every project's tagged phrases (suggested
again where they recur) and a LearnedModel trained on every accepted span (annotation) and
every rejected suggestion, so a desk's decisions in one article shape what the next is offered.

Read from the project files on disk, off the GUI thread in the app; plain Python, offline.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Cancelled, FileProblemError, Progress
from .learned import Example, LearnedModel, examples_from


@dataclass(frozen=True)
class Learning:
    """The phrases and the model learned from some projects; what ``suggest`` takes as
    ``learned_from`` and ``model``."""

    phrases: list[tuple[str, str]] = field(default_factory=list)
    """(tag, exact) of every annotation read."""
    model: LearnedModel | None = None
    projects: int = 0
    examples: int = 0
    seconds: float = 0.0
    skipped: list[Path] = field(default_factory=list)
    """Files that could not be read (broken, too new): learned nothing from them."""


def learn_from_projects(projects: Iterable[object]) -> Learning:
    """A Learning from loaded Projects (the CLI's own project, tests)."""
    began = time.perf_counter()
    phrases: list[tuple[str, str]] = []
    examples: list[Example] = []
    count = 0
    for project in projects:
        count += 1
        _add(project, phrases, examples)
    return _finish(phrases, examples, count, began, [])


def learn_from_folder(
    folder: Path | str, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
    also: tuple[Path, object] | None = None,
) -> Learning:
    """A Learning from every project file under ``folder`` (as the workspace lists them).
    ``also``: (path, project) learned from as it is in memory, its file (if in the folder) not read."""
    from ..storage import load_project
    from ..workspace import project_files

    began = time.perf_counter()
    files = project_files(Path(folder))
    phrases: list[tuple[str, str]] = []
    examples: list[Example] = []
    skipped: list[Path] = []
    if also is not None:
        own = Path(also[0]).resolve()
        files = [path for path in files if path.resolve() != own]
        _add(also[1], phrases, examples)
    for n, path in enumerate(files, start=1):
        if cancelled is not None and cancelled():
            raise Cancelled()
        try:
            project = load_project(path)
        except (FileProblemError, OSError, ValueError):
            skipped.append(path)
            continue
        _add(project, phrases, examples)
        if progress is not None:
            progress(n, len(files))
    return _finish(phrases, examples, len(files) - len(skipped) + (also is not None), began, skipped)


def _add(project, phrases: list[tuple[str, str]], examples: list[Example]) -> None:
    for doc in project.documents:
        text = doc.text
        phrases.extend((a.tag.value, a.quote.exact) for a in doc.annotations)
        accepted = [(a.tag.value, a.start, a.end) for a in doc.annotations]
        # A rejection whose text has since changed under it says nothing about that text.
        rejected = [(r.tag.value, r.start, r.end) for r in doc.rejected_suggestions if text[r.start:r.end] == r.exact]
        examples.extend(examples_from(text, accepted, rejected))


def _finish(phrases, examples, projects: int, began: float, skipped: list[Path]) -> Learning:
    model = LearnedModel.train(examples) if examples else None
    return Learning(phrases, model, projects, len(examples), time.perf_counter() - began, skipped)
