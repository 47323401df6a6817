"""The claims of the current article as a Qt table model (the Claims view's rows), and its filter.

The rows come from a Qt-free ``ClaimTable`` built once per article. Each change the session
reports (an annotation added, removed or replaced) is passed to the table, which says which
claims it touched; only those rows are inserted, removed or redrawn, so typing a verdict
redraws one row and never rebuilds the list.
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal

from ..core.factcheck import ClaimFilter, ClaimSummary, ClaimTable, Counts
from ..core.merge import describe_decision
from ..core.model import Annotation
from ..core.verdicts import level_label
from ..core.text_safety import visible_controls
from ..core.wording import one_line
from .annotation_model import ID_ROLE, refilter_rows, tooltip_text
from .session import ProjectSession
from .tables import ColumnsModel

COLUMNS = ("Claim", "Verdict", "Supports", "Disputes", "Context", "Attributes", "Evidence", "Speaker", "Agreement")
CLAIM, VERDICT, SUPPORTS, DISPUTES, CONTEXT, ATTRIBUTES, EVIDENCE, SPEAKER, AGREEMENT = range(len(COLUMNS))
NUMBERS = (SUPPORTS, DISPUTES, CONTEXT, ATTRIBUTES, EVIDENCE)

_HEADER_TIPS = {
    CLAIM: "The claim's text, in reading order",
    VERDICT: "The verdict and its number on the project's rating scale (a verdict the scale lacks is kept, and said to be off it)",
    SPEAKER: "Who made the claim: the speaker written on it, else the span an “attributes” link points at",
    AGREEMENT: "Whether a reviewer agreed on the claim, from the latest review's records",
}
_COUNT_TIPS = {
    SUPPORTS: "Spans of the article that support the claim (its “supports” links)",
    DISPUTES: "Spans of the article that dispute the claim (its “disputes” links, and spans that link to it as disputing it: a contradiction is mutual)",
    CONTEXT: "Spans of the article that give the claim context",
    ATTRIBUTES: "Spans of the article that say who made the claim",
    EVIDENCE: "Evidence from outside the article: reports, data sets, statements",
}
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole, ID_ROLE})


class ClaimsModel(ColumnsModel):
    """Row i is the i-th claim of the current document in reading order."""

    COLUMNS = COLUMNS
    countsChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: ProjectSession | None = None
        self.table: ClaimTable | None = None
        self._ids: list[str] = []
        self._keys: list[tuple] = []  # the claims' sort keys, parallel to _ids
        self._key_of: dict[str, tuple] = {}

    def show_session(self, session: ProjectSession | None) -> None:
        """Show the session's current document (after opening, switching or replacing it)."""
        if session is not self.session:
            if self.session is not None:
                for signal, slot in self._connections():
                    signal.disconnect(slot)
            self.session = session
            if session is not None:
                for signal, slot in self._connections():
                    signal.connect(slot)
        self.rebuild()

    def _connections(self):
        s = self.session
        return ((s.inserted, self._put), (s.changed, self._put), (s.removed, self._removed), (s.metadataChanged, self._on_metadata))

    def rebuild(self) -> None:
        """Build the table afresh: O(annotations), once per document shown."""
        self.beginResetModel()
        session = self.session
        if session is None:
            self.table = None
        else:
            project = session.project
            self.table = ClaimTable(session.document, list(project.metadata.rating_scale), project.metadata.reviews,
                                    lambda ann_id: session.annotations.get(ann_id))  # the set is new after an update
        claims = [] if self.table is None else self.table.claims()
        self._ids = [claim.id for claim in claims]
        self._keys = [claim.sort_key() for claim in claims]
        self._key_of = dict(zip(self._ids, self._keys))
        self.endResetModel()
        self.countsChanged.emit()

    def _on_metadata(self) -> None:
        """The project's details changed: a new rating scale re-rates every claim."""
        if self.table is not None and list(self.table.scale) != list(self.session.project.metadata.rating_scale):
            self.rebuild()

    # -- reading
    def row_count(self) -> int:
        return len(self._ids)

    def summary(self, row: int) -> ClaimSummary:
        return self.table.summary(self._ids[row])

    def row_of(self, ann_id: str) -> int:
        """The claim's row, or -1 when it is not a claim of this document."""
        key = self._key_of.get(ann_id)
        return -1 if key is None else bisect_left(self._keys, key)

    def counts(self) -> Counts:
        return Counts() if self.table is None else self.table.counts()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES or not index.isValid():
            return None
        row = self.summary(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter if column in NUMBERS else None
        return row.claim.id  # ID_ROLE

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return _COUNT_TIPS.get(section) or _HEADER_TIPS.get(section)
        return super().headerData(section, orientation, role)

    # -- session signals
    def _put(self, _row: int, ann: Annotation) -> None:
        if self.table is not None:
            self._apply(self.table.put(ann))

    def _removed(self, _row: int, ann: Annotation) -> None:
        if self.table is not None:
            self._apply(self.table.drop(ann.id))

    def _apply(self, affected: set[str]) -> None:
        """Insert, remove or redraw the rows of the claims an edit touched."""
        for ann_id in affected:
            key = self._key_of.get(ann_id)
            present = ann_id in self.table
            if key is not None:
                row = bisect_left(self._keys, key)
                if present and self.table.summary(ann_id).claim.sort_key() == key:
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                    continue
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._ids[row], self._keys[row], self._key_of[ann_id]
                self.endRemoveRows()
            if present:
                key = self.table.summary(ann_id).claim.sort_key()
                row = bisect_left(self._keys, key)
                self.beginInsertRows(QModelIndex(), row, row)
                self._ids.insert(row, ann_id)
                self._keys.insert(row, key)
                self._key_of[ann_id] = key
                self.endInsertRows()
        if affected:
            self.countsChanged.emit()


def verdict_text(row: ClaimSummary) -> str:
    """The verdict with its number on the scale, short enough for a column: "Mostly true · 4",
    "Unverifiable" (a level without a number), "Pants on fire · not on the scale"."""
    if not row.verdict:
        return ""
    if row.level is not None:
        return visible_controls(level_label(row.level))
    return f"{visible_controls(one_line(row.verdict, 60))} · {row.rating}"


def _display(row: ClaimSummary, column: int) -> str:
    if column == CLAIM:
        return visible_controls(one_line(row.claim.quote.exact))
    if column == VERDICT:
        return verdict_text(row)
    if column in NUMBERS:
        return str((row.supports, row.disputes, row.context, row.attributes, row.evidence)[NUMBERS.index(column)])
    if column == SPEAKER:
        return visible_controls(one_line(row.speaker, 80))
    return row.agreement


def _tooltip(row: ClaimSummary, column: int) -> str | None:
    if column == CLAIM:
        return tooltip_text(visible_controls(row.claim.quote.exact))
    if column == VERDICT:
        if not row.verdict:
            return "No verdict yet"
        if row.level is None:
            return tooltip_text(f"“{visible_controls(row.verdict)}” is not a level of the project's rating scale")
        number = "no number on the scale" if row.level.value is None else f"{row.level.value} on the project's scale"
        reasoning = f"\n\n{visible_controls(row.claim.reasoning)}" if row.claim.reasoning.strip() else ""
        return tooltip_text(f"{row.level.name}: {number}{reasoning}")
    if column in NUMBERS:
        listed = "".join(f"\n• {visible_controls(one_line(e.title or e.url, 100))}" for e in row.claim.evidence) if column == EVIDENCE else ""
        return tooltip_text(f"{_COUNT_TIPS[column]}: {_display(row, column)}{listed}")
    if column == SPEAKER and row.speaker:
        how = "named by a linked span" if row.speaker_linked else "as written on the claim"
        return tooltip_text(f"{visible_controls(row.speaker)} ({how})")
    if column == AGREEMENT:
        lines = [f"Review: {row.agreement}"] + [
            f"{r.group}: {describe_decision(r)} by {r.reviewer}, {r.time.astimezone():%Y-%m-%d %H:%M}"
            + (f" — {one_line(r.comment.text, 120)}" if r.comment is not None and r.comment.text.strip() else "")
            for r in row.records]
        return tooltip_text(visible_controls("\n".join(lines)))
    return None


class ClaimsFilter(QSortFilterProxyModel):
    """Shows the claims one ``ClaimFilter`` accepts. Rows are re-filtered only when the user
    chooses a filter: a claim given its verdict under "Without verdict" stays in view, so
    that the row being typed into never vanishes under the user's hands."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choice = ClaimFilter()
        self.setDynamicSortFilter(False)

    def set_filter(self, choice: ClaimFilter) -> None:
        refilter_rows(self, lambda: setattr(self, "choice", choice))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        return self.choice.accepts(self.sourceModel().summary(source_row))
