"""How each tag looks: colours from resources/palette.json, swatch icons, text formats."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from ..core.model import Tag
from ..assets import palette

TAG_ORDER = (Tag.CLAIM, Tag.QUOTE, Tag.SOURCE, Tag.UNVERIFIED)


def color(tag: Tag) -> QColor:
    return QColor(palette()[tag.value]["color"])


def tint(tag: Tag) -> QColor:
    return QColor(palette()[tag.value]["tint"])


def description(tag: Tag) -> str:
    return palette()[tag.value]["description"]


def letter(tag: Tag) -> str:
    """The tag's initial, the cue that doesn't depend on seeing colour (margin, swatches)."""
    return tag.label[0]


TEXT_ON_TINT = QColor("#1a1a1a")
"""Text over a highlight: dark on every (light) tint, in light and dark themes alike."""


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21; 4.5 is the minimum for body text)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background``."""
    black, white = QColor("black"), QColor("white")
    return black if contrast(black, background) >= contrast(white, background) else white


@cache
def swatch_icon(tag: Tag, digit: str = "") -> QIcon:
    """A rounded square in the tag's colour, with the tag's shortcut digit when given."""
    size = 32
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color(tag))
    painter.drawRoundedRect(QRectF(2, 2, size - 4, size - 4), 6, 6)
    if digit:
        font = QFont()
        font.setBold(True)
        font.setPixelSize(19)
        painter.setFont(font)
        painter.setPen(text_on(color(tag)))
        painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, digit)
    painter.end()
    return QIcon(pixmap)
