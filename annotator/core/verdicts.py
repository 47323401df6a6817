"""Verdicts on a project's rating scale: how a level is named in lists, how many verdicts use
a level, and what a change of the scale does to the verdicts already given. Qt-free, so the
rules are the same for the GUI, the command line and the tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .model import Project, RatingLevel, string_problem

NAME_LIMIT = 80
"""As ``RatingLevel.name`` allows."""


def level_label(level: RatingLevel) -> str:
    """"Mostly true · 4", or just "Unverifiable" for a level without a number."""
    return level.name if level.value is None else f"{level.name} · {level.value}"


def fold(name: str) -> str:
    """A level's name as names are compared: trimmed, ignoring case."""
    return name.strip().casefold()


def verdict_uses(project: Project, name: str) -> tuple[int, int]:
    """(claims, articles) whose verdict is ``name`` (ignoring case), across the project. An
    annotation retagged from a claim keeps its verdict, and a change of the scale changes it
    too, so it counts here as a claim: no verdict is changed without being counted."""
    folded = fold(name)
    claims = sum(1 for doc in project.documents for a in (*doc.annotations, *doc.orphans) if a.verdict and fold(a.verdict) == folded)
    articles = sum(1 for doc in project.documents if doc.verdict and fold(doc.verdict) == folded)
    return claims, articles


def scale_problem(levels: Iterable[tuple[str, int | None]]) -> str | None:
    """Why (name, number) pairs can't be a rating scale, in words, else None."""
    levels = list(levels)
    if not levels:
        return "A scale needs at least one level."
    seen: dict[str, str] = {}
    for name, _value in levels:
        if not name.strip():
            return "Every level needs a name."
        if len(name.strip()) > NAME_LIMIT:
            return f"“{name.strip()[:30]}…” is too long: a level's name has at most {NAME_LIMIT} characters."
        problem = string_problem(name)
        if problem:
            return f"A level's name {problem}."
        folded = fold(name)
        if folded in seen:
            return f"“{name.strip()}” is on the scale twice (names must differ, ignoring case)."
        seen[folded] = name
    return None


def renamed(verdict: str, renames: Mapping[str, str], cleared: Iterable[str] = ()) -> str:
    """``verdict`` after a change of the scale: the new name of a renamed level, "" for a
    level removed with its verdicts cleared, else unchanged (an off-scale verdict stays).
    ``renames`` maps old names, folded (``fold``), to new names."""
    folded = fold(verdict)
    if not folded:
        return verdict
    if folded in renames:
        return renames[folded]
    if folded in {fold(name) for name in cleared}:
        return ""
    return verdict
