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
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, digit)
    painter.end()
    return QIcon(pixmap)
