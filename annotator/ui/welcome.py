"""What the window shows with nothing open: the sample, opening an article or a project, and
the recent files, each one click or key press away."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from . import tag_style


class WelcomePage(QWidget):
    sampleRequested = Signal()
    articleRequested = Signal()
    projectRequested = Signal()
    clipboardRequested = Signal()
    recentRequested = Signal(object)  # a Path

    def __init__(self, has_sample: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        outer = QHBoxLayout(self)
        column = QWidget()
        column.setMaximumWidth(720)
        outer.addStretch(1)
        outer.addWidget(column, 4)
        outer.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(24, 48, 24, 36)
        layout.setSpacing(10)
        title = QLabel("Annotator")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        legend = ", ".join(f"{n} {t.label.lower()}" for n, t in enumerate(tag_style.TAG_ORDER, start=1))
        intro = QLabel(
            "Open a news article, select text and press a number to tag it: " + legend + ". "
            "Write notes, save the project, and review a colleague's work on the same article. "
            "F1 lists every keyboard shortcut."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, tip, signal, shown in (
            ("sample", "Open the &Sample Project", "An ABC News article on Russian bombers in Iran, with 42 annotations to explore", self.sampleRequested, has_sample),
            ("article", "Open an &Article…", "A saved web page, Word, PDF, Markdown or text file (Ctrl+O)", self.articleRequested, True),
            ("project", "Open a &Project…", "An annotator project (.json) (Ctrl+O)", self.projectRequested, True),
            ("clipboard", "New from &Clipboard", "Start on the text copied to the clipboard (Ctrl+Shift+V)", self.clipboardRequested, True),
        ):
            if not shown:
                continue
            button = QPushButton(text)
            button.setObjectName(f"welcome_{name}")
            button.setToolTip(tip)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
            button.clicked.connect(signal)
            button.setMinimumWidth(260)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.buttons[name] = button
        recent_label = QLabel("&Recent files")
        layout.addSpacing(12)
        layout.addWidget(recent_label)
        self.recent = QListWidget()
        self.recent.setObjectName("recentList")
        self.recent.setAccessibleName("Recent files")
        self.recent.setToolTip("Double-click or press Enter to open")
        self.recent.setAccessibleDescription("Files opened before, newest first; Enter opens the chosen one")
        self.recent.itemActivated.connect(lambda item: self.recentRequested.emit(Path(item.data(Qt.ItemDataRole.UserRole))))
        recent_label.setBuddy(self.recent)
        self.recent.setMaximumHeight(220)
        layout.addWidget(self.recent)
        layout.addStretch(1)

    def show_recent(self, paths: list[Path]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.name}    {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.recent.addItem(item)
        if not paths:
            item = QListWidgetItem("No recent files yet")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)
