"""Re-anchoring 10,000 annotations on a 1 MB article after a small edit, against bare Qt.

Run on demand: `QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/benchmarks -s`.
"""

from __future__ import annotations

import random

from annotator.core.model import Document
from annotator.core.update import update_document

from .measure import bare_qt, report, timed
from .test_review_speed import WORDS, spans


def test_update_a_1mb_article(qapp):
    rng = random.Random(11)
    words, size = [], 0
    while size < 1_000_000:
        word = rng.choice(WORDS) + ("\n" if rng.random() < 0.01 else " ")
        words.append(word)
        size += len(word)
    text = "".join(words)[:1_000_000]
    import tests.benchmarks.test_review_speed as base

    n, base.N = base.N, 10_000  # 10,000 spans, one per 100 code points
    try:
        anns = spans(text, rng, 3)
    finally:
        base.N = n
    doc = Document.from_text(text).model_copy(update={"annotations": anns})
    # a correction near the top, a sentence rewritten in the middle, a word cut near the end
    middle = len(text) // 2
    new = "Correction appended.\n\n" + text[:middle] + "REWRITTEN " + text[middle + 40:-5000] + text[-4990:]
    results: dict[str, float] = {}
    bare_qt(text, results)
    updated, outcome = timed("update_document: re-anchor 10,000 annotations", lambda: update_document(doc, new), results)
    report(
        f"1 MB article, 10,000 annotations: {outcome.unchanged} unchanged, {len(outcome.moved)} moved, "
        f"{len(outcome.fuzzy)} fuzzy, {len(outcome.orphans)} orphans",
        results,
    )
    assert len(updated.annotations) + len(outcome.orphans) == 10_000
