"""Linking annotations in the main window: by keyboard (L, step to the target, Enter, a
relation), by mouse (drag the current annotation's link knob onto a highlight, or the context
menu), and the current annotation's links drawn over the article and listed in its details.

Only the current (or hovered) annotation's links are drawn, and only those on screen: the
links into an annotation come from a ``LinkIndex`` kept up to date edit by edit, so neither a
repaint nor a change of the current annotation passes over the article's annotations.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from ..core.links import LinkIndex, relation_words
from ..core.model import Annotation, Relation, Tag
from ..core.wording import one_line
from . import tag_style
from .link_commands import AddLink, RemoveLink
from .link_list import LinkRow
from .suggestions import span_rects

if TYPE_CHECKING:
    from .main_window import MainWindow
    from .session import ProjectSession

RELATION_COLOURS = {
    Relation.SUPPORTS: "#2e7d32", Relation.DISPUTES: "#c62828", Relation.ATTRIBUTES: "#1565c0", Relation.CONTEXT: "#757575",
}
"""Mid tones that read on a light and on a dark page."""

CHOICES = (
    (Relation.SUPPORTS, "&Supports"),
    (Relation.DISPUTES, "&Disputes"),
    (Relation.ATTRIBUTES, "&Attributes (who said it)"),
    (Relation.CONTEXT, "&Context"),
)

KNOB_GAP = 10
"""How far right of the current annotation's end its link knob sits (above the line, like the
start handle: a press on the text itself always starts a selection)."""
KNOB = 5
GRAB = 7

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def label(ann: Annotation, limit: int = 30) -> str:
    return f"{ann.tag.label} “{one_line(ann.quote.exact, limit)}”"


def default_relation(target: Annotation) -> Relation:
    """A source span names who said it; anything else is first offered as support."""
    return Relation.ATTRIBUTES if target.tag == Tag.SOURCE else Relation.SUPPORTS


class LinkController(QObject):
    """The main window's linking: link mode, the knob, the context menu, drawing, the list."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.view
        self._session: ProjectSession | None = None
        self._index: LinkIndex | None = None
        self._orphans: dict[str, Annotation] | None = None  # the shown document's orphans by id, once needed
        self.source_id: str | None = None
        """The annotation being linked from while link mode (L) is on."""
        self._drag: tuple[str, QPoint] | None = None  # source id and pointer while the knob is dragged
        self._hover_id: str | None = None
        self._listed: tuple[str | None, list] | None = None  # what the details list shows
        self._viewport = self.view.viewport()  # compared in the event filter without asking Qt
        self.view.overlays.append(self.paint)
        self._viewport.installEventFilter(self)
        window.panel.currentChanged.connect(self._on_current)
        window.panel.link_list.jumpRequested.connect(self.jump)
        window.panel.link_list.removeRequested.connect(self.remove_link)

    def handlers(self) -> dict[str, Callable[[], object]]:
        return {"link": self.start}

    # -- the session and the index of links into annotations
    def _sync(self) -> ProjectSession | None:
        """Follow the window's session: its edits keep the index up to date from here on."""
        session = self.window.session
        if session is not self._session:
            self._cancel_quietly()
            if self._session is not None:
                try:
                    for signal, slot in self._connections(self._session):
                        signal.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass  # the old session is already gone, and its connections with it
            self._session, self._index, self._orphans = session, None, None
            if session is not None:
                for signal, slot in self._connections(session):
                    signal.connect(slot)
        return session

    def _connections(self, session: ProjectSession) -> list:
        return [
            (session.inserted, self._on_put), (session.changed, self._on_put), (session.removed, self._on_removed),
            (session.documentChanged, self._reset), (session.contentReplaced, self._reset), (session.orphansChanged, self._reset),
        ]

    def index(self) -> LinkIndex | None:
        session = self._sync()
        if session is None:
            return None
        if self._index is None:
            doc = session.document
            self._index = LinkIndex(chain(doc.annotations, doc.orphans))
        return self._index

    def _on_put(self, _row: int, ann: Annotation) -> None:
        if self._index is not None:
            self._index.update(ann)
        self._changed()

    def _on_removed(self, _row: int, ann: Annotation) -> None:
        if self._index is not None:
            self._index.forget(ann.id)
        if ann.id == self.source_id:
            self._cancel_quietly()
        self._changed()

    def _reset(self, *_args) -> None:
        self._index = self._orphans = None
        session = self._session
        if self.source_id is not None and (session is None or session.annotations.get(self.source_id) is None):
            self._cancel_quietly()  # gone, or an orphan now (an article update): links start in the text
        self._changed()

    def _changed(self) -> None:
        self.show_list()
        self.view.viewport().update()

    def find(self, ann_id: str) -> Annotation | None:
        """An annotation of the shown document by id, or an orphan of it (links may name one)."""
        session = self._session
        if session is None:
            return None
        ann = session.annotations.get(ann_id)
        if ann is not None:
            return ann
        if self._orphans is None:  # built once per change of the orphans (they change by signal), not per link
            self._orphans = {o.id: o for o in session.document.orphans}
        return self._orphans.get(ann_id)

    def links_of(self, ann: Annotation) -> list[tuple[Annotation, Relation, bool]]:
        """(the other annotation, relation, whether ``ann`` is where the link starts)."""
        index = self.index()
        if index is None:
            return []
        found = [(self.find(link.target), link.relation, True) for link in ann.links]
        found += [(self.find(source), link.relation, False) for source, link in index.incoming(ann.id)]
        return [(other, relation, out) for other, relation, out in found if other is not None]

    # -- the list in the details
    def _on_current(self, _ann) -> None:
        self.show_list()
        self.view.viewport().update()

    def show_list(self) -> None:
        current = self.window.panel.current_annotation()
        rows = []
        if current is not None and self._session is not None:
            held = self._session.annotations  # what ``find`` does not find here is an orphan: no pass over them all
            for other, relation, out in self.links_of(current):
                source, target = (current, other) if out else (other, current)
                rows.append(LinkRow(
                    words=relation_words(relation, out), other=other, orphan=held.get(other.id) is None,
                    source_id=source.id, target_id=target.id, relation=relation,
                ))
        shown = (None if current is None else current.id, rows)
        if shown != self._listed:  # typing a note changes the annotation, not its links: no rebuild
            self._listed = shown
            self.window.panel.link_list.show_links(current, rows)

    def jump(self, ann_id: str) -> None:
        session = self._sync()
        if session is not None and session.annotations.get(ann_id) is not None:
            self.window.panel.select_annotation(ann_id)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- making and removing links
    def link(self, source: Annotation, target: Annotation, relation: Relation) -> bool:
        session = self._sync()
        if session is None or source.id == target.id:
            return False
        if session.annotations.get(source.id) is None:  # an orphan: the session holds it in no set
            self.window.statusBar().showMessage("Not linked: that annotation is an orphan now; re-attach it first.", 5000)
            return False
        if source.link_to(target.id, relation) is not None:
            self.window.statusBar().showMessage(f"{label(target)} is already linked to {label(source)} as {relation.value}.", 5000)
            return False
        by = self.window.ensure_author()
        if by is None:
            self.window.statusBar().showMessage("Not linked: links need your name (Edit ▸ Set Author Name).", 5000)
            return False
        session.undo_stack.push(AddLink(session, source, target, relation, by))
        self.window.statusBar().showMessage(
            f"Linked: {label(target)} {relation_words(relation, False)} {label(source)}. Ctrl+Z undoes it; L links again.", 8000)
        return True

    def remove_link(self, source_id: str, target_id: str, relation: str) -> None:
        session = self._sync()
        source = None if session is None else self.find(source_id)
        if source is None or session.annotations.get(source_id) is None:
            self.window.statusBar().showMessage("That link starts from an orphan: re-attach it first to change it.", 5000)
            return
        target = self.find(target_id)
        by = self.window.ensure_author()
        if by is None:
            return
        session.undo_stack.push(RemoveLink(session, source, target_id, Relation(relation), by, "" if target is None else label(target).lower()))

    def choose_relation(self, source: Annotation, target: Annotation, where: QPoint) -> Relation | None:
        """The relation picked from a small menu at ``where`` (global): keys S, D, A, C or the
        arrows and Enter; Esc picks none. The likeliest one is under the pointer already."""
        menu = QMenu(self.window)
        menu.setObjectName("relationMenu")
        menu.setToolTipsVisible(True)
        question = menu.addAction(f"How does {label(target, 24)} bear on {label(source, 24)}?")
        question.setEnabled(False)
        actions = {}
        for relation, text in CHOICES:
            action = menu.addAction(text)
            action.setData(relation.value)
            action.setToolTip(f"{label(target)} {relation_words(relation, False)} {label(source)}")
            if source.link_to(target.id, relation) is not None:
                action.setCheckable(True)
                action.setChecked(True)
            actions[relation] = action
        default = actions[default_relation(target)]
        menu.setActiveAction(default)
        chosen = menu.exec(where, default)
        menu.deleteLater()
        self.view.setFocus(Qt.FocusReason.PopupFocusReason)
        return None if chosen is None or chosen.data() is None else Relation(chosen.data())

    # -- link mode, by keyboard
    def start(self) -> None:
        """L: link the current annotation to another one, chosen by stepping to it."""
        session = self._sync()
        current = None if session is None else self.window.panel.current_annotation()
        if current is None:
            self.window.statusBar().showMessage("Choose an annotation first (Alt+Down, or click its highlight), then press L to link it.", 5000)
            return
        if self.source_id is None:
            QApplication.instance().installEventFilter(self)
        self.source_id = current.id
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.window.statusBar().showMessage(
            f"Linking {label(current)}: step to the span that bears on it (Alt+Down / Alt+Up, or click its highlight),"
            " then press Enter. Esc cancels.")
        self.view.viewport().update()

    def finish(self) -> None:
        """Enter in link mode: the relation of the current annotation to the one linked from."""
        session = self._session
        source = None if self.source_id is None or session is None else session.annotations.get(self.source_id)
        target = self.window.panel.current_annotation()
        if source is None:
            self._cancel_quietly()
            return
        if target is None or target.id == source.id:
            self.window.statusBar().showMessage(
                f"Linking {label(source)}: first step to another annotation (Alt+Down / Alt+Up, or click it), then Enter. Esc cancels.")
            return
        rect = self.view.cursorRect(self.view.cursor_at(target.start))
        relation = self.choose_relation(source, target, self.view.viewport().mapToGlobal(rect.bottomLeft()))
        if relation is None:
            self.window.statusBar().showMessage(f"Linking {label(source)}: choose another span and press Enter, or Esc to stop.")
            return
        self._end_mode()
        if self.link(source, target, relation):
            self.window.panel.select_annotation(source.id)  # back on the claim, ready for its next link

    def cancel(self) -> None:
        if self.source_id is None:
            return
        source_id = self.source_id
        self._end_mode()
        self.window.statusBar().showMessage("Linking cancelled.", 3000)
        if self._session is not None and self._session.annotations.get(source_id) is not None:
            self.window.panel.select_annotation(source_id)

    def _cancel_quietly(self) -> None:
        if self.source_id is not None:
            self._end_mode()
            self.window.statusBar().clearMessage()

    def _end_mode(self) -> None:
        self.source_id = None
        QApplication.instance().removeEventFilter(self)
        self.view.viewport().update()

    def _mode_key(self, watched: QObject, event: QEvent) -> bool:
        """In link mode, Enter and Esc anywhere in the window (not in a menu or a dialog)
        finish or cancel it: the shortcut they may have elsewhere waits."""
        if not isinstance(event, QKeyEvent) or event.key() not in (*ENTER_KEYS, Qt.Key.Key_Escape):
            return False
        if QApplication.activePopupWidget() is not None or QApplication.activeModalWidget() is not None:
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        self.finish() if event.key() in ENTER_KEYS else self.cancel()
        return True

    # -- the link knob, by mouse
    def knob(self) -> QPoint | None:
        """The centre of the current annotation's link knob (viewport coordinates)."""
        current = self.view.current_annotation()
        if current is None or self._session is None or not self.view.handles.enabled:
            return None
        rect = self.view.cursorRect(self.view.cursor_at(current.end))
        return QPoint(rect.x() + KNOB_GAP, rect.top() - KNOB)

    def _on_knob(self, point: QPoint) -> bool:
        centre = self.knob()
        return centre is not None and abs(point.x() - centre.x()) <= GRAB and abs(point.y() - centre.y()) <= GRAB

    def target_at(self, point: QPoint, exclude: str | None = None) -> Annotation | None:
        """The innermost shown annotation under ``point``, other than ``exclude``."""
        if self._session is None or not self.view.text():
            return None
        hidden = self.view.highlighter.hidden
        at = self.view.code_point_at(point)
        return next((a for a in self._session.annotations.at(at) if a.tag not in hidden and a.id != exclude), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return self.source_id is not None and self._mode_key(watched, event)
        if watched is not self._viewport:
            return False
        if kind == QEvent.Type.Leave and self._hover_id is not None:
            self._hover_id = None
            self.view.viewport().update()
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
            return False
        assert isinstance(event, QMouseEvent)
        point = event.position().toPoint()
        viewport = self.view.viewport()
        if kind == QEvent.Type.MouseButtonPress:
            if event.button() == Qt.MouseButton.LeftButton and self._sync() is not None and self._on_knob(point):
                self._drag = (self.view.current_annotation().id, point)
                viewport.setCursor(Qt.CursorShape.DragLinkCursor)
                return True
            return False
        if kind == QEvent.Type.MouseMove:
            if self._drag is not None:
                self._drag = (self._drag[0], point)
                viewport.update()
                return True
            if self._on_knob(point):
                viewport.setCursor(Qt.CursorShape.PointingHandCursor)
                viewport.setToolTip("Drag onto a highlight to link this annotation to it (or press L)")
                return True
            viewport.setToolTip("")
            self._hover(point)
            return False
        if self._drag is None or event.button() != Qt.MouseButton.LeftButton:
            return False
        source_id, _ = self._drag
        self._drag = None
        viewport.setCursor(Qt.CursorShape.IBeamCursor)
        viewport.update()
        source = self.find(source_id)
        target = self.target_at(point, exclude=source_id)
        if source is None or target is None:
            self.window.statusBar().showMessage("Drop the link on another highlight to link the two.", 5000)
            return True
        relation = self.choose_relation(source, target, viewport.mapToGlobal(point))
        if relation is not None:
            self.link(source, target, relation)
        return True

    def _hover(self, point: QPoint) -> None:
        """Show the links of the highlight under the pointer while it is there."""
        index = self.index() if event_buttons_free() else None
        hovered = None
        if index is not None:
            under = self.target_at(point)
            if under is not None and index.has_links(under.id):
                hovered = under.id
        if hovered != self._hover_id:
            self._hover_id = hovered
            self.view.viewport().update()

    # -- the context menu of a highlight
    def add_menu_items(self, menu: QMenu, covering: list[Annotation]) -> None:
        """Link the current annotation to the highlight right-clicked, or remove a link between them."""
        current = self.window.panel.current_annotation()
        hidden = self.view.highlighter.hidden
        target = next((a for a in covering if a.tag not in hidden and (current is None or a.id != current.id)), None)
        if current is None or target is None:
            return
        menu.addSeparator()
        sub = menu.addMenu(f"Link {label(current)} to this")
        sub.setObjectName("linkToThisMenu")
        sub.setToolTipsVisible(True)
        for relation, text in CHOICES:
            action = sub.addAction(text)
            action.setToolTip(f"{label(target)} {relation_words(relation, False)} {label(current)}")
            action.triggered.connect(lambda _c=False, s=current, t=target, r=relation: self.link(s, t, r))
        for source, other in ((current, target), (target, current)):
            for link in source.links:
                if link.target == other.id:
                    action = menu.addAction(f"Remove Link: {label(other, 20)} {relation_words(link.relation, False)} {label(source, 20)}")
                    action.triggered.connect(lambda _c=False, s=source.id, t=other.id, r=link.relation.value: self.remove_link(s, t, r))

    # -- drawing
    def paint(self, painter: QPainter) -> None:
        """The current (and the hovered) annotation's links on screen, the knob, link mode."""
        session = self._sync()
        if session is None or not self.view.handles.enabled:
            return
        current = self.view.current_annotation()
        if current is None and self.source_id is None and self._hover_id is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shown = self.view.code_points_shown()
        font = QFont(self.view.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.62))
        painter.setFont(font)
        edge = [0, 0]  # labels stacked at the top and bottom for links off screen
        if self._hover_id is not None and (current is None or self._hover_id != current.id):
            hovered = session.annotations.get(self._hover_id)
            if hovered is not None:
                self._paint_links(painter, hovered, shown, edge, faint=True)
        if current is not None:
            self._paint_links(painter, current, shown, edge, faint=False)
            self._paint_knob(painter, current)
        source = None if self.source_id is None else session.annotations.get(self.source_id)
        if source is not None:
            self._outline(painter, source, QPen(QColor(tag_style.color(source.tag)).darker(160), 2, Qt.PenStyle.DashLine), shown)
        if self._drag is not None:
            self._paint_drag(painter, shown)
        painter.restore()

    def _paint_links(self, painter: QPainter, ann: Annotation, shown: tuple[int, int], edge: list[int], faint: bool) -> None:
        here = self._rects(ann, shown)
        anchor = here[-1].topRight() if here else None
        metrics = QFontMetricsF(painter.font())
        area = QRectF(self.view.viewport().rect())
        for other, relation, out in self.links_of(ann):
            colour = QColor(RELATION_COLOURS[relation])
            if faint:
                colour.setAlpha(150)
            words = relation_words(relation, not out)  # how the other one stands to ``ann``
            rects = self._rects(other, shown)
            if rects:
                painter.setPen(QPen(colour, 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for rect in rects:
                    painter.drawRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)
                # Centred on the span's top edge: it hides less of the line above than a chip over it.
                chip = self._chip(metrics, words, rects[0].topLeft() + QPointF(0, -metrics.height() / 2 - 1))
            else:
                below = other.start >= shown[1]
                text = f"{'↓' if below else '↑'} {words}: {label(other, 24)}"
                width = metrics.horizontalAdvance(text) + 8
                row = edge[below]
                edge[below] += 1
                y = area.bottom() - (row + 1) * (metrics.height() + 4) if below else area.top() + 2 + row * (metrics.height() + 4)
                chip = self._chip(metrics, text, QPointF(area.right() - width - 4, y))
                words = text
            if anchor is not None and rects and not faint:
                painter.setPen(QPen(colour, 1, Qt.PenStyle.DotLine))
                painter.drawLine(anchor, chip.center())
            painter.setPen(Qt.PenStyle.NoPen)
            fill = QColor(colour)
            fill.setAlpha(min(colour.alpha(), 215))  # the text under it still shows through a little
            painter.setBrush(fill)
            painter.drawRoundedRect(chip, 3, 3)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, words)

    @staticmethod
    def _chip(metrics: QFontMetricsF, text: str, top_left: QPointF) -> QRectF:
        return QRectF(top_left.x(), max(0.0, top_left.y()), metrics.horizontalAdvance(text) + 8, metrics.height())

    def _rects(self, ann: Annotation, shown: tuple[int, int]) -> list[QRectF]:
        """``ann``'s rectangles if it is (partly) on screen and not an orphan, else none."""
        if self._session is None or ann.end <= shown[0] or ann.start > shown[1] or self._session.annotations.get(ann.id) is not ann:
            return []
        return span_rects(self.view, max(ann.start, shown[0]), min(ann.end, shown[1] + 1))

    def _outline(self, painter: QPainter, ann: Annotation, pen: QPen, shown: tuple[int, int]) -> None:
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in self._rects(ann, shown):
            painter.drawRect(rect.adjusted(-3, -2, 3, 2))

    def _paint_knob(self, painter: QPainter, current: Annotation) -> None:
        centre = self.knob()
        if centre is None or not self.view.viewport().rect().adjusted(-GRAB, -GRAB, GRAB, GRAB).contains(centre):
            return
        colour = QColor(tag_style.color(current.tag)).darker(150)
        painter.setPen(QPen(colour, 1.5))
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(centre, KNOB, KNOB)
        # An arrow pointing out: this one is dragged away to another span, unlike the end handles.
        painter.drawLine(centre + QPoint(-2, 2), centre + QPoint(2, -2))
        painter.drawLine(centre + QPoint(2, -2), centre + QPoint(0, -2))
        painter.drawLine(centre + QPoint(2, -2), centre + QPoint(2, 0))

    def _paint_drag(self, painter: QPainter, shown: tuple[int, int]) -> None:
        source_id, point = self._drag
        centre = self.knob()
        target = self.target_at(point, exclude=source_id)
        pen = QPen(QColor("#555555"), 1.5, Qt.PenStyle.DashLine)
        if target is not None:
            self._outline(painter, target, QPen(QColor(tag_style.color(target.tag)).darker(160), 2), shown)
        if centre is not None:
            painter.setPen(pen)
            painter.drawLine(centre, point)


def event_buttons_free() -> bool:
    return QApplication.mouseButtons() == Qt.MouseButton.NoButton
