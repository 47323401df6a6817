"""Errors about files from outside (each names the file, where in it, and what was wrong), and
the progress and cancelling of long work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: ``where`` is a path inside it such as ``documents[0].title``."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class FileProblemError(Exception):
    """A file could not be used. Carries every problem found, not only the first."""

    MAX_SHOWN = 20

    def __init__(self, path: Path | str, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        self.path = Path(path)
        self.problems = problems
        super().__init__(self.describe())

    def describe(self, limit: int = MAX_SHOWN) -> str:
        lines = [f"{self.path}:"]
        lines += [f"  {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  … and {len(self.problems) - limit} more problems")
        return "\n".join(lines)


class SaveError(Exception):
    """Saving failed; the message says why. The project in memory is untouched."""


class ReadOnlyError(SaveError):
    """The file to replace is read-only: replacing it needs the user's yes (``replace_read_only``)."""


class AlreadyExistsError(SaveError):
    """A save that only makes new files (``exclusive``) found a file at the name; it is untouched."""


class Cancelled(Exception):
    """The user stopped a long piece of work; nothing it would have changed was changed."""


Progress = Callable[[int, int], None]
"""Called now and then by long work with (done, total); it may raise Cancelled to stop it."""


def no_progress(_done: int, _total: int) -> None:
    """The Progress of work nobody watches."""


def read_untrusted(path: Path, limit: int) -> bytes:
    """The bytes of a file from outside, refusing one over ``limit`` bytes before reading it."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise FileProblemError(path, f"the file is {size:,} bytes; files up to {limit:,} bytes can be opened")
        return path.read_bytes()
    except OSError as exc:
        raise FileProblemError(path, f"cannot read the file: {exc.strerror or exc}") from None
