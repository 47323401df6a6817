"""The review window's agreement numbers: worked out on a worker thread, shown as a table.

The worker holds only the document's data, and hands its result to the window through a weak
reference: a window closed meanwhile is freed at once, and its numbers are dropped when they
come. A failure is logged and said in place of the numbers, never left as "Computing…".
"""

from __future__ import annotations

import logging
import weakref
from typing import TYPE_CHECKING

from shiboken6 import isValid

from ..core.agreement import MIN_RATED, Agreement
from . import tag_style
from .background import start_in_background

if TYPE_CHECKING:
    from .review_window import ReviewWindow

log = logging.getLogger(__name__)

COMPUTING = "Computing agreement…"


def compute_in_background(window: ReviewWindow, index: int) -> None:
    """Work out document ``index``'s agreement off the GUI thread, then call the window's
    ``agreement_ready(index, scores)`` or ``agreement_failed(index, error)``, if it is still there."""
    job = window.session.agreement_job(index)
    target = weakref.ref(window)

    def work() -> tuple[Agreement | None, Exception | None]:
        try:
            return job(), None
        except Exception as error:  # noqa: BLE001 - reported in the window and logged
            return None, error

    def deliver(outcome: tuple[Agreement | None, Exception | None]) -> None:
        scores, error = outcome
        if error is not None:
            log.exception("The review's agreement could not be computed", exc_info=error)
        window = target()
        if window is None or not isValid(window):  # closed meanwhile: drop the result
            return
        if error is not None:
            window.agreement_failed(index, error)
        else:
            window.agreement_ready(index, scores)

    start_in_background(work, deliver)


def failure_text(error: Exception) -> str:
    return f"Agreement could not be computed: {error or type(error).__name__}"


def agreement_html(scores: Agreement) -> str:
    """The numbers as a small table: exact and overlap P, R, F1, kappa, counts; overall and per tag."""
    head = "".join(f"<th align=right>{h}</th>" for h in ("P", "R", "F1", "P", "R", "F1", "kappa", "mine", "theirs"))
    rows = [
        "<tr><th></th><th colspan=3>exact spans</th><th colspan=3>overlapping spans</th><th colspan=3></th></tr>",
        f"<tr><th></th>{head}</tr>",
    ]
    for key, label in [(None, "Overall"), *((t, t.label) for t in tag_style.TAG_ORDER)]:
        exact, overlap = scores.exact[key], scores.overlap[key]
        cells = ["—"] * 7 if exact.unused else [
            f"{v:.2f}" for v in (exact.precision, exact.recall, exact.f1, overlap.precision, overlap.recall, overlap.f1, scores.kappa[key])
        ]
        cells += [str(exact.mine), str(exact.theirs)]
        rows.append(f"<tr><td>{label}</td>" + "".join(f"<td align=right>{c}</td>" for c in cells) + "</tr>")
    return (
        "<table cellspacing=0 cellpadding=2>" + "".join(rows) + "</table>"
        "<small>Precision and recall take your spans as the reference; matches need the same tag. "
        f"Kappa compares the {scores.characters:,} non-space characters, untagged included. "
        "Notes are ignored; — where neither of you used the tag.</small>"
        f"<p><b>Verdicts</b>: {verdicts_text(scores)}</p>"
    )


def verdicts_text(scores: Agreement) -> str:
    """Cohen's kappa over the claims you both rated, or why there is none (too few)."""
    v = scores.verdicts
    if not v.enough:
        return (f"too few claims rated by both of you ({v.rated} of {v.matched} matched claims; "
                f"a kappa needs {MIN_RATED})")
    return f"Cohen's kappa {v.kappa:.2f} over the {v.rated} claims you both rated ({v.same} with the same verdict)"
