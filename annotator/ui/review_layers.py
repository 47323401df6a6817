"""Reviewing several colleagues at once: one layer per colleague, "k of n agree", Accept Majority.

The review window works on a ``CurationSession`` as on a two-way ``ReviewSession``: each
unit of ``core.curation`` is one item (mine against the colleagues' best-supported other
version), so deciding, commenting, undo and the merge are the same code. What differs lives
here: the layers shown in the article, the People column, and accepting the majorities.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap, QUndoCommand
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QToolBar

from ..core.annotation_set import AnnotationSet
from ..core.curation import CuratedDocument, curate_projects, majority_decision, people_label, recorded_others
from ..core.merge import ItemDecision, merge_document, merge_projects
from ..core.model import Document, Project, new_id, now
from ..core.review import name_list, people
from ..core.wording import plural
from .review_model import COLUMNS, ReviewTableModel
from .review_session import ReviewSession

PEOPLE = len(COLUMNS)

PERSON_COLOURS = ("#000000", "#E69F00", "#56B4E9", "#8C6D31", "#F0E442", "#999999")
"""Underline colours of the colleagues' layers, one per person: the Okabe-Ito colours the
tags don't use (black, orange, sky blue, yellow), then brown and grey; a seventh colleague
takes the first again."""


def person_colour(layer: int) -> QColor:
    return QColor(PERSON_COLOURS[layer % len(PERSON_COLOURS)])


class CurationSession(ReviewSession):
    """A review of mine against several colleagues' projects of the same articles."""

    layersChanged = Signal()

    def __init__(
        self, mine: Project, colleagues: list[Project], mine_name: str, colleague_names: list[str], reviewer: str,
        parent: QObject | None = None, curated: tuple[list[CuratedDocument], list[list[Document]]] | None = None,
    ) -> None:
        """``curated`` is ``curate_projects(mine, colleagues)`` when worked out already."""
        documents, unmatched = curated if curated is not None else curate_projects(mine, colleagues)
        self.curated = documents
        self.colleague_names = list(colleague_names)
        self.colleagues = list(colleagues)
        self.unmatched_by_colleague = unmatched
        self.shown_layers = set(range(len(colleagues)))
        reviews = [doc.as_review() for doc in documents]
        flat = [doc for per in unmatched for doc in per]
        super().__init__(mine, colleagues[0], mine_name, ", ".join(colleague_names), reviewer, parent, compared=(reviews, flat))

    def fact_differences(self, row: int) -> list[str]:
        from ..core.review_facts import fact_differences

        unit = self.units()[row]
        item = self.items[row]
        if item.mine is None or item.theirs is None:
            return []
        person = next(p for p, a in enumerate(unit.members) if a is item.theirs)
        return fact_differences(item.mine, item.theirs, unit._locator(0), unit._locator(person))

    def their_annotations(self) -> list:
        """Every colleague's annotations on the current document (for the targets of links)."""
        return [a for unit in self.units() for a in unit.members[1:] if a is not None]

    def person_names(self) -> list[str]:
        """Who each person of a unit is: "Mine", then each colleague's file name."""
        return ["Mine", *self.colleague_names]

    def units(self):
        return self.curated[self.document_index].units

    def _index_document(self, review) -> None:
        self.mine_set = AnnotationSet(review.mine.model_copy(update={"annotations": list(review.mine.annotations)}))
        self._mine_row = {u.members[0].id: row for row, u in enumerate(self.curated[self.document_index].units) if u.members[0]}
        self._layer_set()

    def _layer_set(self) -> None:
        """The shown colleagues' annotations as one set, each a copy with an id of its own
        (colleagues who started from one file share ids), mapped to its item's row."""
        overlay, self._overlay_row, self._layer_of = [], {}, {}
        for row, unit in enumerate(self.curated[self.document_index].units):
            for person, ann in enumerate(unit.members[1:]):
                if ann is not None and person in self.shown_layers:
                    copy = ann.model_copy(update={"id": new_id()})
                    overlay.append(copy)
                    self._overlay_row[copy.id] = row
                    self._layer_of.setdefault((ann.start, ann.end, ann.tag), person)  # the first shown person marks it
        mine = self.review.mine if self.document_index >= 0 else self.reviews[0].mine
        self.theirs_set = AnnotationSet(Document.model_construct(**{**dict(mine), "annotations": overlay}))

    def overlay_colour(self, span) -> QColor:
        """The underline colour of a colleague's span: its person's (the first shown
        colleague who marked exactly this span and tag)."""
        return person_colour(self._layer_of.get(span, 0))

    def set_layer_shown(self, layer: int, shown: bool) -> None:
        (self.shown_layers.add if shown else self.shown_layers.discard)(layer)
        self._layer_set()
        self.layersChanged.emit()

    def rows_at(self, position: int) -> list[int]:
        found = [(a, self._mine_row[a.id]) for a in self.mine_set.at(position)]
        found += [(a, self._overlay_row[a.id]) for a in self.theirs_set.at(position)]
        found.sort(key=lambda pair: (pair[0].end - pair[0].start, pair[1]))
        return list(dict.fromkeys(row for _ann, row in found))

    def side_titles(self) -> dict[str, str]:
        titles = super().side_titles()
        everyone = (a for doc in self.curated for r in doc.reviews for a in (*r.theirs_annotations, *r.lost))
        titles["theirs"] = f"Theirs — {name_list(people(everyone)) or 'no names recorded'}"
        return titles

    def merged_project(self) -> Project:
        """As for one colleague, and each colleague's version not shown as "theirs" gets a
        record of its own: the merge says who had what."""
        time = now()
        used_ids: set[str] = set()
        documents = [
            merge_document(review, self.decisions[i], self.comments[i], self.reviewer, time, used_ids,
                           others=[recorded_others(u) for u in self.curated[i].units], locate=self.curated[i].locate())
            for i, review in enumerate(self.reviews)
        ]
        return merge_projects(self.mine, documents, self.reviewer, time, self.mine_name, self.theirs_name, self.unmatched_theirs,
                              theirs=list(zip(self.colleague_names, self.colleagues)))


class CurationTableModel(ReviewTableModel):
    """The review's columns and People: "3 of 4" agree on the most common version."""

    COLUMNS = (*COLUMNS, "People")

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.column() != PEOPLE:
            return super().data(index, role)
        unit = self.session.units()[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return people_label(unit)
        if role == Qt.ItemDataRole.ToolTipRole:
            return variants_text(unit, self.session.person_names())
        return None

    def _item_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))


def variants_text(unit, names: list[str]) -> str:
    """Each version of a unit and who marked it; who marked nothing; the majority if any."""
    lines = []
    for variant in unit.variants():
        tag, start, end = variant.key
        lines.append(f"{tag.label} {start}–{end}: {', '.join(names[p] for p in variant.people)}")
    nobody = [names[p] for p, a in enumerate(unit.members) if a is None]
    if nobody:
        lines.append(f"Nothing here: {', '.join(nobody)}")
    decision = majority_decision(unit)
    lines.append("No majority" if decision is None else f"Majority: {decision.decision.value}")
    return "\n".join(lines)


def table_model(session: ReviewSession, parent: QObject) -> ReviewTableModel:
    return (CurationTableModel if isinstance(session, CurationSession) else ReviewTableModel)(session, parent)


class DecideEach(QUndoCommand):
    """Several items of the current document, each with its own decision, as one undo step."""

    def __init__(self, session: ReviewSession, decisions: dict[int, ItemDecision], text: str) -> None:
        super().__init__(text)
        self.session = session
        self.document = session.document_index
        self.new = dict(decisions)
        self.old = {row: session.decision(row) for row in decisions}

    def redo(self) -> None:
        for row, decision in self.new.items():
            self.session.set_decision(self.document, row, decision)

    def undo(self) -> None:
        for row, decision in self.old.items():
            self.session.set_decision(self.document, row, decision)
        self.session.revealRequested.emit(min(self.old))


def accept_majority(window) -> None:
    """Decide every undecided item of the document shown that has a majority (explicit
    choices stay); items without one (ties) stay undecided."""
    session = window.session
    if not isinstance(session, CurationSession):
        window.statusBar().showMessage("Accept Majority needs several colleagues: open the review with two or more.", 5000)
        return
    decisions = {}
    for row, unit in enumerate(session.units()):
        decision = majority_decision(unit)
        if decision is not None and session.decision(row) is None:
            decisions[row] = decision
    if decisions:
        session.undo_stack.push(DecideEach(session, decisions, f"Accept the majority ({plural(len(decisions), 'item')})"))
    ties = sum(majority_decision(u) is None for u in session.units())
    window.statusBar().showMessage(f"Accepted the majority of {plural(len(decisions), 'item')}; {plural(ties, 'item')} without one.", 5000)


def install_layers(window) -> None:
    """One checkbox per colleague (shown or hidden in the article's underlines); Accept
    Majority on the toolbar and Decide menu. A two-way review gets none of it."""
    session = window.session
    action = window.actions.accept_majority
    multi = isinstance(session, CurationSession)
    action.setVisible(multi)
    action.setEnabled(multi)
    if not multi:
        return
    row = QHBoxLayout()
    row.addWidget(QLabel("Layers:"))
    window.layer_boxes = []
    for layer, name in enumerate(session.colleague_names):
        box = QCheckBox(name)
        box.setObjectName(f"layer_{layer}")
        box.setIcon(_swatch(person_colour(layer)))
        box.setToolTip(f"Show {name}'s annotations as wavy underlines in this colour")
        box.setChecked(True)
        box.toggled.connect(lambda on, n=layer: session.set_layer_shown(n, on))
        row.addWidget(box)
        window.layer_boxes.append(box)
    row.addStretch(1)
    window.view.highlighter.overlay_colour = session.overlay_colour  # underlined by person, not by tag
    window.table.setColumnWidth(PEOPLE, 64)
    window.centralWidget().widget(1).layout().insertLayout(1, row)
    session.layersChanged.connect(window._refresh_highlights)
    window.findChild(QToolBar, "reviewToolbar").addAction(action)
    decide = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Decide")
    decide.addAction(action)


def _swatch(colour: QColor) -> QIcon:
    """A small square of a layer's colour beside its checkbox: who is drawn in which colour."""
    picture = QPixmap(12, 12)
    picture.fill(colour)
    return QIcon(picture)
