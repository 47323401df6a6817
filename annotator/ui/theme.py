"""Light and dark: follow the system, or the user's choice (View ▸ Theme), remembered.

Dark uses Qt's Fusion style with a dark palette, the same on every platform. Highlights keep
their light tints with dark text in both themes, so a tagged span reads the same way and
stands out more, not less, on a dark page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

SYSTEM, LIGHT, DARK = "system", "light", "dark"
CHOICES = (SYSTEM, LIGHT, DARK)

_DARK_COLORS = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e8e8e8",
    QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.Text: "#e8e8e8",
    QPalette.ColorRole.Button: "#333333",
    QPalette.ColorRole.ButtonText: "#e8e8e8",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#3d6fb4",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#333333",
    QPalette.ColorRole.ToolTipText: "#e8e8e8",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    QPalette.ColorRole.Link: "#7cb7ff",
    QPalette.ColorRole.Light: "#454545",
    QPalette.ColorRole.Midlight: "#3a3a3a",
    QPalette.ColorRole.Mid: "#2f2f2f",
    QPalette.ColorRole.Dark: "#1a1a1a",
    QPalette.ColorRole.Shadow: "#000000",
}
_DISABLED = {QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText}

_original: dict[str, object] = {}
"""The style and palette before the first change, and whether dark is on now."""


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in _DARK_COLORS.items():
        palette.setColor(role, QColor(color))
    for role in _DISABLED:
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply(choice: str) -> bool:
    """Use ``choice``'s colours for the whole application; returns True when they are dark."""
    app = QApplication.instance()
    if not _original:
        _original["style"] = app.style().name()
        _original["palette"] = QPalette(app.palette())
    dark = choice == DARK or (choice == SYSTEM and system_is_dark())
    if _original.get("dark") is dark:
        return dark  # already so: restyling every widget again would only cost time
    _original["dark"] = dark
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    else:
        app.setStyle(str(_original["style"]))
        app.setPalette(QPalette(_original["palette"]))
    return dark


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128
