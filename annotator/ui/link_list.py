"""The current annotation's links in its details: one compact row per link, outgoing and
incoming, that jumps to the other span when clicked (or on Enter/Space), with a button that
removes the link (an undoable step, made by the linking controller)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from ..core.model import Annotation, Relation
from ..core.wording import one_line
from . import tag_style

MAX_ROWS = 40
"""Rows shown at most; a claim with more links says how many more there are."""


@dataclass(frozen=True)
class LinkRow:
    words: str
    """How the other span stands to the current one ("supported by", "speaker of")."""
    other: Annotation
    orphan: bool
    source_id: str
    target_id: str
    relation: Relation


class LinkList(QWidget):
    """Filled by ``LinkController.show_list``; says what it wants by signals."""

    jumpRequested = Signal(str)  # the other annotation's id
    removeRequested = Signal(str, str, str)  # source id, target id, relation value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkList")
        self.setAccessibleName("Links of the selected annotation")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.empty = QLabel()
        self.empty.setObjectName("noLinksLabel")
        self.empty.setWordWrap(True)
        self.empty.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.empty.setText("No links yet: press L, or drag the ↗ knob onto a highlight.")
        self.empty.setToolTip("Link this annotation to a span that supports, disputes, attributes or gives context to it")
        self._layout.addWidget(self.empty)
        self.rows: list[tuple[QToolButton, QToolButton]] = []
        """(jump, remove) buttons of each link shown."""
        self._shown: list[QWidget] = []

    def show_links(self, current: Annotation | None, rows: list[LinkRow]) -> None:
        for widget in self._shown:
            widget.hide()
            widget.deleteLater()
        self._shown, self.rows = [], []
        self.empty.setVisible(current is not None and not rows)
        for row in rows[:MAX_ROWS]:
            self._add(row)
        if len(rows) > MAX_ROWS:
            more = QLabel(f"and {len(rows) - MAX_ROWS} more", self)
            self._layout.addWidget(more)
            self._shown.append(more)

    def _add(self, row: LinkRow) -> None:
        holder = QWidget(self)
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(2)
        jump = _EnterButton(holder)
        jump.setObjectName("linkJump")
        jump.setAutoRaise(True)
        jump.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        jump.setIcon(tag_style.swatch_icon(row.other.tag))
        where = " (orphan: not in the text now)" if row.orphan else ""
        text = f"{row.words.capitalize()} {row.other.tag.value} “{one_line(row.other.quote.exact, 36)}”{where}"
        jump.setText(text.replace("&", "&&"))
        jump.setToolTip(f"{row.words.capitalize()} {row.other.tag.value} “{one_line(row.other.quote.exact, 300)}”. Click to go to it.")
        jump.setAccessibleName(text)
        jump.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        jump.setEnabled(not row.orphan)
        jump.clicked.connect(lambda _c=False, i=row.other.id: self.jumpRequested.emit(i))
        remove = QToolButton(holder)
        remove.setObjectName("linkRemove")
        remove.setAutoRaise(True)
        remove.setText("✕")
        remove.setToolTip("Remove this link (Ctrl+Z brings it back)")
        remove.setAccessibleName(f"Remove link: {text}")
        remove.clicked.connect(lambda _c=False, r=row: self.removeRequested.emit(r.source_id, r.target_id, r.relation.value))
        line.addWidget(jump, 1)
        line.addWidget(remove)
        self._layout.addWidget(holder)
        self._shown.append(holder)
        self.rows.append((jump, remove))


class _EnterButton(QToolButton):
    """A tool button that Enter presses too, as Space does, for a list read from the keyboard."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)
