"""The main window's bottom docks ("Changes since review", "Orphaned annotations"): a sensible
height when they open, the user's own height once they have dragged it, and an annotation list
that a dock never squeezes below several rows.

Why this is needed: a dock opens at its size hint, and QMainWindow takes that height from the
central widget, whose annotation list is the only part that gives way (the details below it
have fixed heights): in the default 1200×780 window the list was left one row high.
``QMainWindow.restoreState`` does not help the first time, and a dock hidden when the state was
saved opens at its hint again; so each dock's height is kept in the settings.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QMainWindow

from .settings import AppSettings

LIST_ROWS = 6  # the annotation list always shows at least this many rows
SHARE = 5  # a dock's first height: a fifth of the window's (the list keeps the rest)


def keep_rows(view: QAbstractItemView, rows: int) -> None:
    """Give a table or list a minimum height of ``rows`` rows (and its header), so the layout
    squeezes something else first."""
    header = getattr(view, "horizontalHeader", None)
    row_height = view.verticalHeader().defaultSectionSize() if hasattr(view, "verticalHeader") else view.sizeHintForRow(0)
    header_height = header().sizeHint().height() if header is not None and not header().isHidden() else 0
    view.setMinimumHeight(header_height + rows * max(row_height, 1) + 2 * view.frameWidth())


class BottomDocks(QObject):
    """Sizes ``docks`` of ``window`` when each is first shown in it, and remembers what the
    user makes of them (a drag of the separator resizes the dock; that size is saved)."""

    def __init__(self, window: QMainWindow, docks: list[QDockWidget], annotation_list: QAbstractItemView) -> None:
        super().__init__(window)
        self.window = window
        self.settings = AppSettings()
        self._sized: set[str] = set()  # docks given their height in this window
        keep_rows(annotation_list, LIST_ROWS)
        for dock in docks:
            dock.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if isinstance(watched, QDockWidget) and not watched.isFloating():
            name = watched.objectName()
            if event.type() == QEvent.Type.Show and name not in self._sized:
                self._sized.add(name)
                self.size_dock(watched)
            elif event.type() == QEvent.Type.Resize and name in self._sized and watched.isVisible():
                self.settings.set_dock_height(name, watched.height())
        return False

    def size_dock(self, dock: QDockWidget) -> None:
        """The remembered height, else a fifth of the window; Qt keeps it within what the
        central widget's minimum (the annotation list's rows) leaves."""
        height = self.settings.dock_height(dock.objectName()) or self.window.height() // SHARE
        self.window.resizeDocks([dock], [height], Qt.Orientation.Vertical)
