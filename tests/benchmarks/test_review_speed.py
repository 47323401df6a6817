"""How fast a review of two 100,000-annotation projects opens, against bare Qt.

Run on demand: `QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/benchmarks -s`.
The baseline is a bare QPlainTextEdit showing the same text, measured in the same run, so
the printed ratios mean something on a shared, noisy machine. Nothing here asserts a time.
"""

from __future__ import annotations

import random
from datetime import datetime, timezone

from PySide6.QtWidgets import QApplication

from annotator.core.agreement import agreement
from annotator.core.anchoring import quote_for
from annotator.core.merge import review_projects
from annotator.core.model import Annotation, Decision, Document, Project, Tag

from .measure import bare_qt, report, timed

N = 100_000
SLOT = 100
WORDS = "the minister said that taxes will fall next year according to a report from officials".split()
WHEN = datetime(2026, 1, 1, tzinfo=timezone.utc)


def article(rng: random.Random) -> str:
    words = []
    length = 0
    while length < N * SLOT:
        word = rng.choice(WORDS)
        words.append(word + ("\n" if rng.random() < 0.01 else " "))
        length += len(word) + 1
    return "".join(words)[: N * SLOT]


def spans(text: str, rng: random.Random, prefix: int) -> list[Annotation]:
    tags = list(Tag)
    out = []
    for n in range(N):
        start = n * SLOT + rng.randrange(0, 20)
        end = start + rng.randrange(20, 80)
        out.append(Annotation(
            id=f"{prefix:08x}-0000-4000-8000-{n:012x}", tag=tags[n % 4], start=start, end=end,
            quote=quote_for(text, start, end), created=WHEN, modified=WHEN,
        ))
    return out


def colleague(text: str, mine: list[Annotation], rng: random.Random) -> list[Annotation]:
    """80% the same, 8% another tag, 7% other boundaries, 5% missing."""
    out = []
    for n, ann in enumerate(mine):
        r = rng.random()
        if r < 0.05:
            continue
        update = {"id": f"ffffffff-0000-4000-8000-{n:012x}"}
        if r < 0.13:
            update["tag"] = list(Tag)[(n + 1) % 4]
        elif r < 0.20:
            update["end"] = ann.end - 3
            update["quote"] = quote_for(text, ann.start, ann.end - 3)
        out.append(ann.model_copy(update=update))
    return out


def test_review_of_100k_annotations(qapp):
    rng = random.Random(7)
    text = article(rng)
    mine_anns = spans(text, rng, 1)
    theirs_anns = colleague(text, mine_anns, rng)
    doc = Document.from_text(text)
    mine = Project(documents=[doc.model_copy(update={"annotations": mine_anns})])
    theirs = Project(documents=[doc.model_copy(update={"annotations": theirs_anns})])
    results: dict[str, float] = {}

    bare_qt(text, results)

    reviews, _ = timed("core: pair and group (review_projects)", lambda: review_projects(mine, theirs), results)

    # The colleague's copy has one more paragraph at the top: every span must be re-found.
    shifted_text = "An editor's note added later.\n\n" + text
    shifted = Document.from_text(shifted_text)
    moved = [a.model_copy(update={"start": a.start + 31, "end": a.end + 31, "quote": quote_for(shifted_text, a.start + 31, a.end + 31)})
             for a in theirs_anns]
    other_copy = Project(documents=[shifted.model_copy(update={"annotations": moved})])
    moved_reviews, _ = timed("core: the same, their text one paragraph longer", lambda: review_projects(mine, other_copy), results)
    assert not moved_reviews[0].lost
    timed("core: agreement (F1, kappa)", lambda: agreement(text, mine_anns, reviews[0].theirs_annotations), results)

    from annotator.ui.review_session import ReviewSession
    from annotator.ui.review_window import ReviewWindow

    # The window fills in the agreement numbers from a timer once it is up; hold that back
    # here so the two steps are timed apart.
    fill_in = ReviewWindow._show_agreement
    ReviewWindow._show_agreement = lambda self: None

    def open_window():
        session = ReviewSession(mine, theirs, "mine.json", "theirs.json", "Bench")
        window = ReviewWindow(session, None, None)
        window.show()
        QApplication.processEvents()
        return window

    try:
        window = timed("review window: open, show, highlight", open_window, results)
    finally:
        ReviewWindow._show_agreement = fill_in
    timed("review window: then the agreement numbers", lambda: fill_in(window), results)

    def click_and_decide():
        window.select_row(len(window.session.items) // 2)
        window.decide(Decision.KEPT_BOTH)
        QApplication.processEvents()

    timed("review window: select an item and decide", click_and_decide, results)
    window.session.undo_stack.setClean()
    window.close()

    report(f"{N:,} annotations each, {len(text) / 1e6:.1f} MB of text, {len(reviews[0].items):,} review items", results)
