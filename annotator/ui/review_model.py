"""The review's items as a Qt table model, and its filter by group and tag."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont

from ..core.merge import describe_default
from ..core.model import Annotation, Tag, authorship
from ..core.review import Group, ReviewItem
from ..core.review_facts import link_words
from ..core.wording import one_line, quoted
from . import tag_style
from .annotation_model import refilter_rows, tooltip_text
from .review_session import ReviewSession
from .tables import ColumnsModel

COLUMNS = ("Group", "Mine", "Theirs", "Text", "Decision", "Comment")
GROUP, MINE, THEIRS, TEXT, DECISION, COMMENT = range(len(COLUMNS))
GROUP_COLORS = {
    Group.AGREED: "#4d7c50",
    Group.NOTES_DIFFER: "#2f6f6a",
    Group.FACTS_DIFFER: "#6b4fa0",
    Group.TAG_DIFFERS: "#b35300",
    Group.SPAN_DIFFERS: "#8a6d00",
    Group.ONLY_MINE: "#005f99",
    Group.ONLY_THEIRS: "#7a3b74",
}


def group_label(group: Group) -> str:
    return group.value.capitalize()


class ReviewTableModel(ColumnsModel):
    COLUMNS = COLUMNS

    def __init__(self, session: ReviewSession, parent: QObject) -> None:
        """``parent`` owns the model (the review window): it goes when the window goes."""
        super().__init__(parent)
        self.session = session
        session.itemChanged.connect(self._item_changed)
        session.documentChanged.connect(self._reset)

    def item(self, row: int) -> ReviewItem:
        return self.session.items[row]

    def row_count(self) -> int:
        return len(self.session.items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        item = self.session.items[row]
        side = {MINE: item.mine, THEIRS: item.theirs}.get(column)
        decision = self.session.decision(row)
        comment = self.session.comment(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == GROUP:
                return group_label(item.group)
            if column in (MINE, THEIRS):
                return side.tag.label if side else "—"
            if column == TEXT:
                return one_line((item.mine or item.theirs).quote.exact)
            if column == DECISION:
                if decision is not None:
                    return decision.decision.value.capitalize()
                return "Agreed" if item.group == Group.AGREED else "Undecided"
            if column == COMMENT and comment is not None:
                status = f"[{comment.status.value}] " if comment.status else ""
                return status + one_line(comment.text, 80)
        elif role == Qt.ItemDataRole.DecorationRole and column in (MINE, THEIRS) and side is not None:
            return tag_style.swatch_icon(side.tag)
        elif role == Qt.ItemDataRole.ForegroundRole:
            if column == GROUP:
                return QColor(GROUP_COLORS[item.group])
            if column == DECISION and decision is None:
                return QColor("#777777")
        elif role == Qt.ItemDataRole.FontRole and column == DECISION and decision is None and item.group != Group.AGREED:
            font = QFont()
            font.setItalic(True)
            return font
        elif role == Qt.ItemDataRole.ToolTipRole:
            if column == GROUP and item.group == Group.FACTS_DIFFER:
                return "The fact-checks differ in: " + ", ".join(self.session.fact_differences(row))
            if column in (MINE, THEIRS) and side is not None:
                return tooltip_text(_describe(side))
            if column == TEXT:
                return tooltip_text("\n\n".join(_describe(a) for a in (item.mine, item.theirs) if a))
            if column == COMMENT and comment is not None:
                return tooltip_text(f"{comment.author}, {comment.time:%Y-%m-%d %H:%M}:\n{comment.text}")
            if column == DECISION and decision is None and item.group != Group.AGREED:
                return f"Undecided: if nobody decides, {describe_default(item)}"
        return None

    def _item_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()


def side_html(ann: Annotation | None, target: Callable[[str], Annotation | None] = lambda _id: None) -> str:
    """One side of the selected item for the window's rich-text label: tag, who, the quote
    (its own quotation marks not doubled), the note and the fact-check (verdict, speaker,
    reasoning, links with their targets in words, evidence), every piece of file text escaped.
    ``target`` finds a link's target on this side, by id."""
    if ann is None:
        return "<i>not tagged</i>"
    note = f"<br><i>{html_text(ann.note)}</i>" if ann.note else ""
    who = authorship(ann.author, ann.created, ann.modified, ann.modified_by)
    facts = "".join(f"<br>{html_text(line)}" for line in fact_lines(ann, target))
    return (
        f"<span style='color:{tag_style.color(ann.tag).name()}'>■</span> <b>{ann.tag.label}</b> "
        f"· {html_text(who)}<br>{html_text(quoted(one_line(ann.quote.exact, 160)))}{note}{facts}"
    )


def fact_lines(ann: Annotation, target: Callable[[str], Annotation | None]) -> list[str]:
    """The fact-check of one side in words, a line each: "Verdict: False", "Supports → quote “…”"."""
    lines = []
    if ann.verdict:
        lines.append(f"Verdict: {ann.verdict}")
    if ann.speaker:
        lines.append(f"Speaker: {ann.speaker}")
    if ann.reasoning:
        lines.append(f"Reasoning: {one_line(ann.reasoning, 200)}")
    lines += [f"Link: {text}" for text in link_words(ann, target)]
    lines += [f"Evidence: {e.url}" + (f" ({one_line(e.title, 80)})" if e.title else "") for e in ann.evidence]
    return lines


def html_text(text: str) -> str:
    """Text from a file for a rich-text label: escaped, line breaks kept."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


def _describe(ann: Annotation) -> str:
    note = f"\nNote: {ann.note}" if ann.note else ""
    if ann.verdict:
        note += f"\nVerdict: {ann.verdict}"
    if ann.links or ann.evidence:
        note += f"\n{len(ann.links)} link(s), {len(ann.evidence)} piece(s) of evidence"
    who = authorship(ann.author, ann.created, ann.modified, ann.modified_by)
    return f"{ann.tag.label}, {who} ({ann.start}–{ann.end}):\n{ann.quote.exact}{note}"


class ReviewFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.groups: set[Group] = set(Group)
        self.tag: Tag | None = None

    def set_group_visible(self, group: Group, visible: bool) -> None:
        refilter_rows(self, lambda: (self.groups.add if visible else self.groups.discard)(group))

    def set_tag(self, tag: Tag | None) -> None:
        refilter_rows(self, lambda: setattr(self, "tag", tag))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        item = self.sourceModel().item(source_row)
        if item.group not in self.groups:
            return False
        return self.tag is None or any(a is not None and a.tag == self.tag for a in (item.mine, item.theirs))
