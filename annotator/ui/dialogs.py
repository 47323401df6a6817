"""Small dialogs: file problems without tracebacks, the unsaved-changes question, the author's
name, the keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import FileProblemError
from ..core.wording import plural
from .actions import MAIN, TEXT_KEYS, shortcut_table

SHOWN_INLINE = 5


def _message_box(parent: QWidget, name: str, icon: QMessageBox.Icon, title: str) -> QMessageBox:
    """A message box whose texts are plain text: they quote file names and file contents."""
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_file_problem(parent: QWidget, title: str, error: FileProblemError) -> None:
    """Say which file, where in it and what was wrong; the full list goes in Show Details."""
    box = _message_box(parent, "fileProblemBox", QMessageBox.Icon.Warning, title)
    count = len(error.problems)
    box.setText(f"“{error.path.name}” could not be opened." if count else title)
    lines = [str(p) for p in error.problems[:SHOWN_INLINE]]
    if count > SHOWN_INLINE:
        lines.append(f"… and {count - SHOWN_INLINE} more (see Show Details)")
    box.setInformativeText("\n".join(lines) + "\n\nNothing was changed.")
    if count > SHOWN_INLINE or len(str(error.path)) > 60:
        box.setDetailedText(error.describe(limit=10_000))
    box.exec()


def show_error(parent: QWidget, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def ask_save_changes(parent: QWidget, name: str) -> QMessageBox.StandardButton:
    """Save, Discard or Cancel for a project with unsaved changes."""
    box = _message_box(parent, "saveChangesBox", QMessageBox.Icon.Warning, "Unsaved changes")
    box.setText(f"Save the changes to “{name}”?")
    box.setInformativeText("Your annotations will be lost if you don't save them.")
    box.setStandardButtons(
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    return QMessageBox.StandardButton(box.exec())


def ask_author(parent: QWidget, current: str = "") -> str | None:
    """The user's name for new annotations, or None when they cancel or leave it empty."""
    name, ok = QInputDialog.getText(
        parent,
        "Your name",
        "Your name is saved with every annotation you make,\nso colleagues reviewing your work know who wrote what.",
        QLineEdit.EchoMode.Normal,
        current,
    )
    name = name.strip()
    return name if ok and name else None


def confirm_partial_import(parent: QWidget, name: str, problems: list[str]) -> bool:
    """Some of a file's annotations don't fit: import the rest? Lists what would be left out."""
    box = _message_box(parent, "partialImportBox", QMessageBox.Icon.Question, "Import what fits?")
    box.setText(f"{plural(len(problems), 'item')} in “{name}” cannot be imported.")
    box.setInformativeText("\n".join(problems[:SHOWN_INLINE]) + ("\n…" if len(problems) > SHOWN_INLINE else ""))
    box.setDetailedText("\n".join(problems))
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText("Import the Rest")
    return box.exec() == QMessageBox.StandardButton.Yes


class ArticleDetailsDialog(QDialog):
    """The article's metadata: what exports and reports say about where the text came from."""

    LABELS = (("title", "&Title"), ("outlet", "&Outlet"), ("byline", "&Author(s)"), ("published", "&Published"), ("source_url", "&Address (URL)"))

    def __init__(self, parent: QWidget, details: dict[str, str | None]) -> None:
        super().__init__(parent)
        self.setObjectName("articleDetailsDialog")
        self.setWindowTitle("Article details")
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, label in self.LABELS:
            edit = QLineEdit(details.get(key) or "")
            edit.setObjectName(f"detail_{key}")
            edit.setMinimumWidth(380)
            self.edits[key] = edit
            form.addRow(label, edit)
        self.edits["published"].setPlaceholderText("e.g. 2016-08-16")
        self.edits["source_url"].setPlaceholderText("https://…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def details(self) -> dict[str, str | None]:
        values: dict[str, str | None] = {key: edit.text().strip() for key, edit in self.edits.items()}
        values["source_url"] = values["source_url"] or None
        return values


class UpdateReportDialog(QDialog):
    """What an article update would do to the annotations, shown before it is applied."""

    def __init__(self, parent: QWidget, report) -> None:
        super().__init__(parent)
        self.setObjectName("updateReportDialog")
        self.setWindowTitle("Update the article text?")
        layout = QVBoxLayout(self)
        found = report.unchanged + len(report.moved)
        summary = QLabel(
            f"<b>{found}</b> {'annotation' if found == 1 else 'annotations'} found as they were ({len(report.moved)} of them moved), "
            f"<b>{len(report.fuzzy)}</b> found with edited wording, "
            f"<b>{len(report.orphans)}</b> not found: those are kept as orphans to re-attach."
        )
        summary.setObjectName("updateSummary")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        rows = [("Edited", b.quote.exact, a.quote.exact) for b, a in report.fuzzy]
        rows += [("Orphaned", o.quote.exact, "—") for o in report.orphans]
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("updateTable")
        self.table.setHorizontalHeaderLabels(["", "Before", "Now"])
        self.table.verticalHeader().hide()
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(r, c, item)
        self.table.resizeColumnToContents(0)
        for column in (1, 2):
            self.table.horizontalHeader().setSectionResizeMode(column, self.table.horizontalHeader().ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(rows))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Update")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420)


def ask_restore(parent: QWidget, recovery) -> QMessageBox.StandardButton:
    """Restore (Yes), Discard, or decide later (Ignore) about work a crash left unsaved."""
    anns = sum(len(d.annotations) for d in recovery.project.documents)
    name = recovery.recovery_of.name if recovery.recovery_of else "an untitled project"
    when = recovery.saved_at.astimezone().strftime("%Y-%m-%d %H:%M") if recovery.saved_at else "an unknown time"
    box = _message_box(parent, "restoreBox", QMessageBox.Icon.Question, "Restore unsaved work?")
    box.setText(f"Annotator closed without saving your work on {name} (last change {when}).")
    saved = ""
    if recovery.recovery_of is not None and recovery.recovery_of.exists():
        saved = " The saved file is not changed unless you save."
    box.setInformativeText(f"The unsaved version has {plural(anns, 'annotation')}. Restore it?{saved}")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Ignore)
    box.button(QMessageBox.StandardButton.Yes).setText("Restore")
    box.button(QMessageBox.StandardButton.Ignore).setText("Decide Later")
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return QMessageBox.StandardButton(box.exec())


def confirm_replace_read_only(parent: QWidget, name: str) -> bool:
    """The project file is marked read-only: replace it anyway (it stays read-only)?"""
    box = _message_box(parent, "readOnlyBox", QMessageBox.Icon.Warning, "Replace a read-only file?")
    box.setText(f"“{name}” is marked read-only.")
    box.setInformativeText("Replace it with your version anyway? It stays read-only. Or choose Cancel and use Save As.")
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Save).setText("Replace")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return QMessageBox.StandardButton(box.exec()) == QMessageBox.StandardButton.Save


def ask_external_change(parent: QWidget, name: str, unsaved: bool) -> QMessageBox.StandardButton:
    """Another program changed the open file: reload it (Yes) or keep what is shown (No)."""
    box = _message_box(parent, "externalChangeBox", QMessageBox.Icon.Warning, "File changed on disk")
    box.setText(f"“{name}” was changed by another program (a git pull, a colleague, a sync).")
    lost = " Your unsaved changes here would be lost." if unsaved else ""
    box.setInformativeText(f"Reload it to see the other version?{lost} Or keep yours: saving will then replace the other version.")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText("Reload")
    box.button(QMessageBox.StandardButton.No).setText("Keep Mine")
    # Enter keeps unsaved work; with nothing unsaved here, the other version is what to see.
    box.setDefaultButton(QMessageBox.StandardButton.No if unsaved else QMessageBox.StandardButton.Yes)
    return QMessageBox.StandardButton(box.exec())


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard Shortcuts: the action table's shortcuts, then the article's own keys."""

    def __init__(self, parent: QWidget | None = None, window: str = MAIN) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_table(window) + list(TEXT_KEYS)
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "Action"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 640)
