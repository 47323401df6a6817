"""The speed targets of issue 19: suggestions on a 10 MB article, each against its floor.

- one screenful (3,000 characters in the middle of the article): the issue's absolute limit
  of 0.2 s (≤ 1×), and splitting the same widened range into sentences, which every
  suggester needs first (≤ 60×, our own limit);
- the whole article in chunks (off the GUI thread in the app): against splitting the whole
  text into sentences (≤ 60×), and the longest wait between two progress reports, which is
  how late Cancel can be, against 0.2 s (≤ 1×);
- learning from a workspace (every project's annotations and rejected suggestions, read,
  phrases collected, the model trained; off the GUI thread in the app): against the issue's
  "in seconds", taken as 5 s (≤ 1×), and against loading the same files (≤ 6×, our own limit:
  twelve passes of gradient descent over every span cost about three loads).
"""

from __future__ import annotations

import time

from pathlib import Path

from ..core.suggest import MARGIN, suggest
from ..core.suggest._text import line_edges, sentences
from . import corpus
from .timing import Timing, Verdict, compare, measure
from .workspace import absolute

SCREEN = 3_000
SCREEN_LIMIT = 0.2
CANCEL_LIMIT = 0.2
LEARN_LIMIT = 5.0


def run(size: int, repeat: int) -> list[Verdict]:
    text = corpus.article(size, 19)
    label = f"{size / 1e6:g} MB"
    a = len(text) // 2
    screen = measure(lambda: suggest(text, start=a, end=a + SCREEN), repeat)
    lo, hi = line_edges(text, a, a + SCREEN, MARGIN)
    floor_screen = measure(lambda: sentences(text, lo, hi), repeat)
    gaps: list[float] = []

    def whole() -> None:
        last = [time.perf_counter()]

        def progress(_done: int, _total: int) -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        suggest(text, progress=progress)

    runs = max(1, min(repeat, 3))  # a whole 10 MB pass takes seconds: three runs are enough
    all_text = measure(whole, runs)
    floor_all = measure(lambda: sentences(text, 0, len(text)), runs)
    return [
        absolute("19", f"suggest one screenful, {label} article", screen, SCREEN_LIMIT),
        compare("19", f"suggest one screenful vs its sentences, {label}", screen, floor_screen, 60),
        compare("19", f"suggest the whole {label} article in chunks", all_text, floor_all, 60),
        absolute("19", f"longest wait for progress/Cancel, {label}", Timing((max(gaps),)), CANCEL_LIMIT),
    ]


def learning(folder: Path, articles: int, repeat: int) -> list[Verdict]:
    """Train on a workspace of ``articles`` × 50 annotations and 20 rejections each."""
    from ..core.storage import load_project
    from ..core.suggest.from_workspace import learn_from_folder

    desk = folder / "learning-workspace"
    files = corpus.workspace(desk, articles, rejected=20)
    runs = max(1, min(repeat, 3))
    ours = measure(lambda: learn_from_folder(desk), runs)
    floor = measure(lambda: [load_project(path) for path in files], runs)
    label = f"{articles:,} articles × 50 annotations, 20 rejections"
    return [
        absolute("19", f"learn from a workspace, {label}", ours, LEARN_LIMIT),
        compare("19", f"learn from a workspace vs loading its files, {label}", ours, floor, 6),
    ]
