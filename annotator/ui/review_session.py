"""A review in progress: my project, a colleague's, the grouped items, decisions and comments.

Like ProjectSession, it is changed only by undo commands (``review_commands.py``) and
signals each change, so the review window's views stay in step and undo always works.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..core.agreement import Agreement, agreement
from ..core.annotation_set import AnnotationSet
from ..core.bulk import gc_paused
from ..core.merge import DocumentReview, ItemDecision, merge_document, merge_projects, review_projects
from ..core.model import Annotation, Comment, Document, Project, now
from ..core.review import Group, ReviewItem, counts, item_locators, name_list, people
from ..core.review_facts import fact_differences
from ..core.storage import save_project


class ReviewSession(QObject):
    itemChanged = Signal(int)  # row in the current document's items
    revealRequested = Signal(int)  # undo or redo changed this row: show it
    documentChanged = Signal()
    stateChanged = Signal()

    def __init__(
        self, mine: Project, theirs: Project, mine_name: str, theirs_name: str, reviewer: str,
        parent: QObject | None = None, compared: tuple[list[DocumentReview], list[Document]] | None = None,
    ) -> None:
        """``compared`` is ``review_projects(mine, theirs)`` when the caller has worked it out
        already (on a worker thread, behind a progress bar)."""
        super().__init__(parent)
        self.mine = mine
        self.theirs = theirs
        self.mine_name = mine_name
        self.theirs_name = theirs_name
        self.reviewer = reviewer
        with gc_paused():
            self.reviews, self.unmatched_theirs = compared if compared is not None else review_projects(mine, theirs)
        self.decisions: list[dict[int, ItemDecision]] = [{} for _ in self.reviews]
        # Kept up to date by set_decision, so no click has to count all items again.
        self.group_counts = [counts(review.items) for review in self.reviews]
        self._undecided = sum(total for per_doc in self.group_counts for group, total in per_doc.items() if group != Group.AGREED)
        self.comments: list[dict[int, Comment]] = [{} for _ in self.reviews]
        self._agreement: dict[int, Agreement] = {}
        self._targets: dict[tuple[int, str], object] = {}  # per document: link targets by id, the locators
        self.undo_stack = QUndoStack(self)
        self.undo_stack.indexChanged.connect(self.stateChanged)
        self.undo_stack.cleanChanged.connect(self.stateChanged)
        self.document_index = -1
        self.show_document(0)

    # -- the current document
    def show_document(self, index: int) -> None:
        if index == self.document_index:
            return
        self.document_index = index
        review = self.reviews[index]
        with gc_paused():
            self._index_document(review)
        self.documentChanged.emit()

    def _index_document(self, review: DocumentReview) -> None:
        self.mine_set = AnnotationSet(review.mine.model_copy(update={"annotations": list(review.mine.annotations)}))
        placed = Document.model_construct(**{**dict(review.mine), "annotations": list(review.theirs_annotations)})
        self.theirs_set = AnnotationSet(placed)
        self._row_of: dict[tuple[str, str], int] | None = None  # made on the first click

    def rows_at(self, position: int) -> list[int]:
        """Rows of the items with a span covering ``position``, innermost first (O(log n + k))."""
        if self._row_of is None:
            self._row_of = {}
            for row, item in enumerate(self.review.items):
                if item.mine is not None:
                    self._row_of[("mine", item.mine.id)] = row
                if item.theirs is not None:
                    self._row_of[("theirs", item.theirs.id)] = row
        found = [(a, self._row_of[("mine", a.id)]) for a in self.mine_set.at(position)]
        found += [(a, self._row_of[("theirs", a.id)]) for a in self.theirs_set.at(position)]
        found.sort(key=lambda pair: (pair[0].end - pair[0].start, pair[1]))
        return list(dict.fromkeys(row for _ann, row in found))

    @property
    def review(self) -> DocumentReview:
        return self.reviews[self.document_index]

    @property
    def items(self) -> list[ReviewItem]:
        return self.review.items

    def known_agreement(self) -> Agreement | None:
        """The current document's agreement if it has been worked out already."""
        return self._agreement.get(self.document_index)

    def agreement_job(self, index: int) -> Callable[[], Agreement]:
        """A function working out document ``index``'s agreement, for a worker thread. It holds
        that document's data only (no decision changes it), not the session, so a review closed
        meanwhile is freed at once; ``remember_agreement`` stores the result afterwards."""
        review = self.reviews[index]

        def job() -> Agreement:
            with gc_paused():
                return agreement(review.mine.text, review.mine.annotations, review.theirs_annotations)

        return job

    def remember_agreement(self, index: int, scores: Agreement) -> None:
        self._agreement[index] = scores

    def side_titles(self) -> dict[str, str]:
        """"Mine — Alice", "Theirs — Bob, Carol": whose work each side holds, from the
        annotations' authors and who changed them last (not from this app's settings)."""
        sides = {
            "mine": (a for review in self.reviews for a in review.mine.annotations),
            "theirs": (a for review in self.reviews for a in (*review.theirs_annotations, *review.lost)),
        }
        return {key: f"{key.capitalize()} — {name_list(people(anns)) or 'no names recorded'}" for key, anns in sides.items()}

    def link_target(self, side: str) -> Callable[[str], Annotation | None]:
        """Finds the annotation a link of ``side`` ("mine" or "theirs") names, in the current
        document: links name ids of their own file."""
        key = (self.document_index, side)
        found = self._targets.get(key)
        if found is None:  # once per document and side: a click must not pass over every annotation
            review = self.review
            if side == "mine":
                anns = [*review.mine.annotations, *review.mine.orphans]
            else:
                anns = [*self.their_annotations(), *review.lost]
            linking = any(a.links for a in anns)  # no links on this side: nothing is ever looked up
            found = self._targets[key] = {a.id: a for a in anns} if linking else {}
        return found.get

    def their_annotations(self) -> list[Annotation]:
        """The colleague's annotations placed on the current document."""
        return list(self.review.theirs_annotations)

    def fact_differences(self, row: int) -> list[str]:
        """What differs in the fact-checks of the item at ``row`` ("verdict", "links"…)."""
        item = self.items[row]
        if item.mine is None or item.theirs is None:
            return []
        key = (self.document_index, "locators")
        if key not in self._targets:
            self._targets[key] = item_locators(self.items)
        return fact_differences(item.mine, item.theirs, *self._targets[key])

    def decision(self, row: int) -> ItemDecision | None:
        return self.decisions[self.document_index].get(row)

    def comment(self, row: int) -> Comment | None:
        return self.comments[self.document_index].get(row)

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    # -- changes, called by undo commands only
    def set_decision(self, document: int, row: int, decision: ItemDecision | None) -> None:
        self.show_document(document)
        decided_before = row in self.decisions[document]
        if decision is None:
            self.decisions[document].pop(row, None)
        else:
            self.decisions[document][row] = decision
        if self.reviews[document].items[row].group != Group.AGREED:
            self._undecided += int(decided_before) - int(decision is not None)
        self.itemChanged.emit(row)

    def set_comment(self, document: int, row: int, comment: Comment | None) -> None:
        self.show_document(document)
        if comment is None:
            self.comments[document].pop(row, None)
        else:
            self.comments[document][row] = comment
        self.itemChanged.emit(row)

    # -- result
    def merged_project(self) -> Project:
        time = now()
        used_ids: set[str] = set()
        documents = [
            merge_document(review, self.decisions[i], self.comments[i], self.reviewer, time, used_ids)
            for i, review in enumerate(self.reviews)
        ]
        return merge_projects(self.mine, documents, self.reviewer, time, self.mine_name, self.theirs_name, self.unmatched_theirs,
                              theirs=[(self.theirs_name, self.theirs)])

    def save_merged(self, path: Path) -> None:
        """Write the merge to ``path`` (raises SaveError); the inputs are never written."""
        save_project(self.merged_project(), path)
        self.undo_stack.setClean()

    def undecided(self) -> int:
        """Differences nobody decided, in all documents: the merge keeps my version of them."""
        return self._undecided
