"""File ▸ Rating Scale…: the verdicts this project's fact-checks give, truest first, each with
its number for ClaimReview (or none, like "Unverifiable"). Levels are added, removed, renamed
and reordered in a table; OK applies it all in one undo step (``SetRatingScale``), renaming
the verdicts that use a renamed level. Removing a level that verdicts use asks what to do
with them: they are never cleared without the user saying so."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Project, RatingLevel
from ..core.verdicts import fold, scale_problem, verdict_uses
from ..core.wording import plural
from .factcheck_commands import SetRatingScale

ORIGINAL = Qt.ItemDataRole.UserRole
"""A name cell's data: the level's name when the dialog opened (None for a new level)."""
_NUMBER = re.compile(r"[+-]?\d{1,9}")


class RatingScaleDialog(QDialog):
    def __init__(self, parent: QWidget, project: Project) -> None:
        super().__init__(parent)
        self.setObjectName("ratingScaleDialog")
        self.setWindowTitle("Rating scale")
        self.project = project
        self.cleared: set[str] = set()
        """Original names of removed levels whose verdicts the user chose to clear."""
        layout = QVBoxLayout(self)
        intro = QLabel("The verdicts this project gives, truest first. The number is the rating ClaimReview publishes "
                       "(higher is truer); leave it empty for a verdict off the numeric scale, such as Unverifiable. "
                       "Renaming a level renames the verdicts that use it.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("ratingScaleTable")
        self.table.setHorizontalHeaderLabels(["Name", "Number"])
        self.table.setAccessibleName("Levels of the rating scale")
        self.table.setToolTip("Double-click or press F2 to rename a level or change its number (empty: no number)")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setMinimumSize(360, 220)
        for level in project.metadata.rating_scale:
            self._append(level.name, level.value, level.name)
        self.table.itemChanged.connect(lambda _item: self._check())
        self.table.currentCellChanged.connect(lambda *_args: self._enable())
        row = QHBoxLayout()
        self.buttons_by_name: dict[str, QPushButton] = {}
        for name, text, tip, slot in (
            ("add", "&Add Level", "Add a level under the selected one", self.add_level),
            ("remove", "&Remove Level", "Remove the selected level (asks what to do with verdicts that use it)", self.remove_level),
            ("up", "Move &Up", "Move the selected level up: towards true", lambda: self.move_level(-1)),
            ("down", "Move Do&wn", "Move the selected level down: towards false", lambda: self.move_level(1)),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"scale_{name}")
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons_by_name[name] = button
        row.addStretch(1)
        layout.addLayout(row)
        self.problem = QLabel(self)
        self.problem.setObjectName("scaleProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if self.table.rowCount():
            self.table.setCurrentCell(0, 0)
        self._check()

    # -- the table
    def _append(self, name: str, value: int | None, original: str | None, row: int | None = None) -> int:
        row = self.table.rowCount() if row is None else row
        self.table.blockSignals(True)
        self.table.insertRow(row)
        name_item = QTableWidgetItem(name)
        name_item.setData(ORIGINAL, original)
        self.table.setItem(row, 0, name_item)
        self.table.setItem(row, 1, QTableWidgetItem("" if value is None else str(value)))
        self.table.blockSignals(False)
        return row

    def _row(self, row: int) -> tuple[str, str, str | None]:
        """(name, number text, original name) of a row, as typed."""
        name_item, number_item = self.table.item(row, 0), self.table.item(row, 1)
        return name_item.text(), number_item.text().strip(), name_item.data(ORIGINAL)

    def add_level(self) -> None:
        row = self._append("New level", None, None, self.table.currentRow() + 1)
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))
        self._check()

    def remove_level(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        name, _number, original = self._row(row)
        if original is not None and not self._may_remove(name, original):
            return
        self.table.removeRow(row)
        self.table.setCurrentCell(min(row, self.table.rowCount() - 1), 0)
        self._check()

    def _may_remove(self, name: str, original: str) -> bool:
        """Verdicts that use the level: keep them (shown as off the scale) or clear them, as
        the user says; False when they cancel."""
        claims, articles = verdict_uses(self.project, original)
        if not claims and not articles:
            return True
        used = " and ".join(part for part in (
            plural(claims, "claim") if claims else "",
            ("the article's verdict" if articles == 1 else f"{articles} articles' verdicts") if articles else "",
        ) if part)
        box = QMessageBox(self)
        box.setObjectName("removeLevelBox")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Remove a level in use")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"“{original}” is the verdict of {used}.")
        box.setInformativeText("Keep those verdicts (they are then shown as not on this project's scale), or clear them?")
        keep = box.addButton("Remove, Keep Verdicts", QMessageBox.ButtonRole.AcceptRole)
        keep.setObjectName("keepVerdictsButton")
        clear = box.addButton("Remove and Clear Verdicts", QMessageBox.ButtonRole.DestructiveRole)
        clear.setObjectName("clearVerdictsButton")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.exec()
        chosen = box.clickedButton()
        box.deleteLater()
        if chosen is clear:
            self.cleared.add(original)
        return chosen in (keep, clear)

    def move_level(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        name, number, original = self._row(row)
        self.table.blockSignals(True)
        self.table.removeRow(row)
        self.table.blockSignals(False)
        self._append(name, None, original, target)
        self.table.item(target, 1).setText(number)
        self.table.setCurrentCell(target, 0)
        self._check()

    # -- checking and the result
    def _levels(self) -> tuple[list[tuple[str, int | None]], str | None]:
        levels, problem = [], None
        for row in range(self.table.rowCount()):
            name, number, _original = self._row(row)
            if number and not _NUMBER.fullmatch(number) and problem is None:
                problem = f"The number of “{name.strip()}” must be a whole number, or empty for none."
            levels.append((name.strip(), int(number) if number and _NUMBER.fullmatch(number) else None))
        return levels, problem or scale_problem(levels)

    def _check(self) -> None:
        _levels, problem = self._levels()
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
        self._enable()

    def _enable(self) -> None:
        row, count = self.table.currentRow(), self.table.rowCount()
        self.buttons_by_name["remove"].setEnabled(row >= 0 and count > 1)
        self.buttons_by_name["up"].setEnabled(row > 0)
        self.buttons_by_name["down"].setEnabled(0 <= row < count - 1)

    def accept(self) -> None:
        if self._levels()[1] is None:
            super().accept()

    def scale(self) -> list[RatingLevel]:
        return [RatingLevel(name=name, value=value) for name, value in self._levels()[0]]

    def renames(self) -> dict[str, str]:
        """Folded original name → new name, for every level whose name changed (case too)."""
        renames = {}
        for row in range(self.table.rowCount()):
            name, _number, original = self._row(row)
            if original is not None and name.strip() != original:
                renames[fold(original)] = name.strip()
        return renames

    def cleared_names(self) -> set[str]:
        """Removed levels whose verdicts go, unless a level of that name was added again. A
        level renamed to that name takes its own verdicts there, not the removed level's."""
        added = {fold(self._row(row)[0]) for row in range(self.table.rowCount()) if self._row(row)[2] is None}
        return {name for name in self.cleared if fold(name) not in added}


def edit(window) -> bool:
    """Show the dialog for the window's project; one undoable step when anything changed."""
    session = window.session
    if session is None:
        return False
    dialog = RatingScaleDialog(window, session.project)
    try:
        if not dialog.exec():
            return False
        renames, cleared = dialog.renames(), dialog.cleared_names()
        by = window.ensure_author() if renames or cleared else ""  # changed verdicts are signed
        if by is None:
            return False
        command = SetRatingScale(session, dialog.scale(), renames, cleared, by)
        if command.new_scale != command.old_scale or command.changes:
            session.undo_stack.push(command)
            changed = command.verdicts_changed()
            if changed:
                window.statusBar().showMessage(f"Rating scale changed; {plural(changed, 'verdict')} renamed or cleared with it.", 8000)
        return True
    finally:
        dialog.deleteLater()
