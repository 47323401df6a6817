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
    learning = Lessons().learn(folder, progress, cancelled, also)
    assert learning is not None  # a first learning always trains
    return learning


@dataclass(frozen=True)
class _FileLesson:
    stamp: tuple[int, int]
    """The file's size and modification time when read."""
    phrases: list[tuple[str, str]]
    examples: list[Example]
    taught: int
    """A hash of what the file teaches (its texts' spans and rejections, not its notes)."""


class Lessons:
    """What each file of a workspace teaches, kept between learnings: after a save only the
    files whose size or time changed are read again, and the model is trained again only
    when what some file teaches changed (a note typed or a verdict set teaches nothing new).
    Used from one worker at a time."""

    def __init__(self) -> None:
        self._files: dict[Path, _FileLesson] = {}
        self._taught: frozenset[tuple[Path, int]] | None = None

    def learn(
        self, folder: Path | str, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
        also: tuple[Path, object] | None = None,
    ) -> Learning | None:
        """A new Learning, or None when nothing taught has changed since the last one."""
        from ..storage import load_project
        from ..workspace import project_files

        began = time.perf_counter()
        files = project_files(Path(folder))
        own = Path(also[0]).resolve() if also is not None else None
        lessons: dict[Path, _FileLesson] = {}
        skipped: list[Path] = []
        for n, path in enumerate(files, start=1):
            if cancelled is not None and cancelled():
                raise Cancelled()
            key = path.resolve()
            if key == own:
                continue
            try:
                info = path.stat()
                stamp = (info.st_size, info.st_mtime_ns)
                known = self._files.get(key)
                lessons[key] = known if known is not None and known.stamp == stamp else _lesson(load_project(path), stamp)
            except (FileProblemError, OSError, ValueError):
                skipped.append(path)
            if progress is not None:
                progress(n, len(files))
        if also is not None:
            lessons[own] = _lesson(also[1], (-1, -1))
        self._files = {key: lesson for key, lesson in lessons.items() if key != own}
        taught = frozenset((key, lesson.taught) for key, lesson in lessons.items())
        if taught == self._taught:
            return None
        self._taught = taught
        phrases = [p for lesson in lessons.values() for p in lesson.phrases]
        examples = [e for lesson in lessons.values() for e in lesson.examples]
        return _finish(phrases, examples, len(lessons), began, skipped)


def _lesson(project, stamp: tuple[int, int]) -> _FileLesson:
    phrases: list[tuple[str, str]] = []
    examples: list[Example] = []
    spans = _add(project, phrases, examples)
    return _FileLesson(stamp, phrases, examples, hash(spans))


def _add(project, phrases: list[tuple[str, str]], examples: list[Example]) -> tuple:
    """Add what ``project`` teaches; returns what it was taught from (texts' hashes, spans)."""
    taught: list[tuple] = []
    for doc in project.documents:
        text = doc.text
        phrases.extend((a.tag.value, a.quote.exact) for a in doc.annotations)
        accepted = [(a.tag.value, a.start, a.end) for a in doc.annotations]
        # A rejection whose text has since changed under it says nothing about that text.
        rejected = [(r.tag.value, r.start, r.end) for r in doc.rejected_suggestions if text[r.start:r.end] == r.exact]
        examples.extend(examples_from(text, accepted, rejected))
        taught.append((doc.sha256, tuple(accepted), tuple(rejected)))
    return tuple(taught)


def _finish(phrases, examples, projects: int, began: float, skipped: list[Path]) -> Learning:
    model = LearnedModel.train(examples) if examples else None
    return Learning(phrases, model, projects, len(examples), time.perf_counter() - began, skipped)
