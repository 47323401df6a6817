"""What the app remembers between runs (QSettings): the author's name, recent files, layout."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


class AppSettings:
    def __init__(self) -> None:
        self._s = QSettings()

    @property
    def author(self) -> str:
        return str(self._s.value("author", "") or "")

    @author.setter
    def author(self, name: str) -> None:
        self._s.setValue("author", name.strip())

    def recent_files(self) -> list[Path]:
        value = self._s.value("recentFiles", [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list
            value = [value]
        return [Path(v) for v in value or [] if v]

    def add_recent_file(self, path: Path) -> None:
        path = path.resolve()
        paths = [path] + [p for p in self.recent_files() if p != path]
        self._s.setValue("recentFiles", [str(p) for p in paths[:MAX_RECENT]])

    def remove_recent_file(self, path: Path) -> None:
        self._s.setValue("recentFiles", [str(p) for p in self.recent_files() if p != path])

    def clear_recent_files(self) -> None:
        self._s.setValue("recentFiles", [])

    def last_folder(self) -> str:
        """Where the last file was opened, else the user's documents folder (platformdirs)."""
        return str(self._s.value("lastFolder", "") or "") or platformdirs.user_documents_dir()

    def set_last_folder(self, folder: Path) -> None:
        self._s.setValue("lastFolder", str(folder))

    def geometry(self) -> tuple[QByteArray | None, QByteArray | None]:
        return self._s.value("window/geometry"), self._s.value("window/state")

    def set_geometry(self, geometry: QByteArray, state: QByteArray) -> None:
        self._s.setValue("window/geometry", geometry)
        self._s.setValue("window/state", state)

    def splitter_state(self) -> QByteArray | None:
        return self._s.value("window/splitter")

    def set_splitter_state(self, state: QByteArray) -> None:
        self._s.setValue("window/splitter", state)

    def dock_height(self, name: str) -> int | None:
        """The height the user last gave the dock ``name`` (its object name), if any."""
        value = self._s.value(f"window/docks/{name}")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_dock_height(self, name: str, height: int) -> None:
        self._s.setValue(f"window/docks/{name}", int(height))

    def article_font(self) -> str:
        """The article's font as ``QFont.toString()``, or "" for the default."""
        return str(self._s.value("view/articleFont", "") or "")

    def set_article_font(self, font: str) -> None:
        self._s.setValue("view/articleFont", font)

    def theme(self) -> str:
        """"system", "light" or "dark" (see theme.py)."""
        value = str(self._s.value("view/theme", "system") or "system")
        return value if value in ("system", "light", "dark") else "system"

    def set_theme(self, choice: str) -> None:
        self._s.setValue("view/theme", choice)

    def header_state(self, key: str) -> QByteArray | None:
        """A list's columns (sizes, which are hidden) as QHeaderView.saveState gave them."""
        value = self._s.value(f"lists/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_header_state(self, key: str, state: QByteArray) -> None:
        self._s.setValue(f"lists/{key}", state)

    def show_suggestions(self) -> bool:
        """Whether suggestions are outlined in the article (View ▸ Show Suggestions). On until
        switched off: they are worked out on a worker thread once the screen stays put, so
        opening an article or jumping in it costs no more (articles over suggestions.LARGE
        still show none until asked)."""
        return str(self._s.value("view/suggestions", "true")).lower() == "true"

    def set_show_suggestions(self, on: bool) -> None:
        self._s.setValue("view/suggestions", "true" if on else "false")

    def annotation_cards(self) -> bool:
        """Whether the annotation list shows cards (full quote and note) instead of a table."""
        return str(self._s.value("view/annotationCards", "false")).lower() == "true"

    def set_annotation_cards(self, on: bool) -> None:
        self._s.setValue("view/annotationCards", "true" if on else "false")
