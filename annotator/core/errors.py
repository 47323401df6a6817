"""Errors about files from outside (each names the file, where in it, and what was wrong), and
the progress and cancelling of long work."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .wording import plural


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
            lines.append(f"  … and {plural(len(self.problems) - limit, 'more problem')}")
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
    """The bytes of a file from outside, refusing one over ``limit`` bytes before reading it.

    Only regular files are read (after following links): a device such as /dev/zero would be
    read until memory ran out, and a named pipe would block forever. The open does not wait
    (O_NONBLOCK, where there is one), the opened file is checked again (it may have been swapped
    since), and at most ``limit + 1`` bytes are read whatever its size claims.
    """
    path = Path(path)
    try:
        kind = _not_regular(os.stat(path).st_mode)
        if kind:
            raise FileProblemError(path, f"cannot read the file: it is not a regular file ({kind})")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
        try:
            info = os.fstat(fd)
            kind = _not_regular(info.st_mode)
            if kind:
                raise FileProblemError(path, f"cannot read the file: it is not a regular file ({kind})")
            if info.st_size > limit:
                raise FileProblemError(path, f"the file is {info.st_size:,} bytes; files up to {limit:,} bytes can be opened")
            data = _read_at_most(fd, limit + 1, info.st_size)
        finally:
            os.close(fd)
    except OSError as exc:
        raise FileProblemError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limit:  # it grew while being read, or its size was wrong
        raise FileProblemError(path, f"the file is over {limit:,} bytes; files up to {limit:,} bytes can be opened")
    return data


def _not_regular(mode: int) -> str | None:
    """What a file that is not a regular one is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _read_at_most(fd: int, count: int, size: int) -> bytes:
    """Up to ``count`` bytes: one read of the ``size`` the file claims (and a byte more, to see
    its end), then more only if it really holds more; a single read is returned without a copy."""
    chunks = [os.read(fd, max(1, min(count, size + 1)))]
    left = count - len(chunks[0])
    while left > 0 and chunks[-1]:
        chunks.append(os.read(fd, min(left, 1 << 24)))
        left -= len(chunks[-1])
    chunks = [chunk for chunk in chunks if chunk]
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
