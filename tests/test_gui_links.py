"""Linking annotations as a fact-checker does: by keyboard (L, step to the span, Enter, a
relation), by mouse (the link knob dragged onto a highlight, the context menu), seen in the
article and the details, undone, never left dangling by a deletion, kept through an article
update and the recovery journal, and saved by annotation id."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMenu

from annotator.core import links as core_links
from annotator.core.model import Relation, Tag
from annotator.core.recovery import find_recoveries
from annotator.core.storage import load_project, save_project
from annotator.ui.linking import RELATION_COLOURS

from .conftest import on_next_dialog
from .factories import project
from .gui_helpers import click_text, drag_select, point_at, qt_range

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier

TEXT = (
    "🚀 Bombers over Syria\n\n"
    "The ministry said the bombers flew from Hamadan on Tuesday. Reuters reported the flights first.\n\n"
    "A coalition spokesman confirmed the report on Wednesday.\n\n"
    "Officials in Tehran denied that any base was used by Russia."
)
SPANS = {
    "the bombers flew from Hamadan": Tag.CLAIM,
    "Reuters": Tag.SOURCE,
    "confirmed the report": Tag.QUOTE,
    "any base was used by Russia": Tag.CLAIM,
}


def open_article(window, tmp_path):
    """A small project of its own (the sample's links change as it grows), opened from a file."""
    spans = [(TEXT.index(words), TEXT.index(words) + len(words), tag) for words, tag in SPANS.items()]
    path = tmp_path / "links.annotator.json"
    save_project(project(TEXT, spans), path)
    assert window.open_path(path, ask_to_save=False)
    return path


def ann(window, words: str):
    return next(a for a in window.session.annotations if a.quote.exact == words)


def step_onto(qtbot, window, words: str):
    click_text(qtbot, window.view, words, offset=2)
    current = window.panel.current_annotation()
    assert current is not None and current.quote.exact == words
    return current


def on_next_popup(handler, tries: int = 200) -> list[QMenu]:
    """Run ``handler`` on the next popup menu once it is shown (menus block in exec())."""
    seen: list[QMenu] = []

    def poll(left: int = tries) -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu) and popup.isVisible():
            seen.append(popup)
            handler(popup)
        elif left > 0:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)
    return seen


def in_menu(qtbot, window, key: Qt.Key, opens) -> list[QMenu]:
    """Call ``opens``, which shows a menu, and press ``key`` in it."""
    seen = on_next_popup(lambda menu: qtbot.keyClick(menu, key))
    opens()
    _wait_active(window)
    return seen


def _wait_active(window) -> None:
    """Offscreen, a closed popup stays the active window until another is activated: the
    window's shortcuts wait for it (on a desktop a popup never takes the activation)."""
    for _ in range(200):
        if QApplication.activeWindow() is window:
            return
        window.activateWindow()
        QApplication.processEvents()


def saved_links(path, ann_id: str) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return next(a for a in data["documents"][0]["annotations"] if a["id"] == ann_id)["links"]


def test_linking_by_keyboard_steps_to_the_target_and_picks_the_relation(window, qtbot, tmp_path):
    path = open_article(window, tmp_path)
    view = window.view
    claim = step_onto(qtbot, window, "the bombers flew from Hamadan")
    qtbot.keyClick(view, Qt.Key.Key_L)
    assert "press Enter" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Qt.Key.Key_Down, ALT)  # the next annotation: Reuters
    assert window.panel.current_annotation().quote.exact == "Reuters"
    menus = in_menu(qtbot, window, Qt.Key.Key_S, lambda: qtbot.keyClick(view, Qt.Key.Key_Return))  # S: Supports, by its mnemonic
    assert len(menus) == 1 and menus[0].objectName() == "relationMenu"
    reuters = ann(window, "Reuters")
    linked = window.session.annotations.get(claim.id)
    assert [(link.target, link.relation, link.by) for link in linked.links] == [(reuters.id, Relation.SUPPORTS, "Test Checker")]
    assert window.panel.current_annotation().id == claim.id  # back on the claim, ready for its next link
    assert window.session.undo_stack.undoText() == "Link claim “the bombers flew from Hamadan” to source “Reuters” as supports"

    # Again, two steps on, taking the offered relation with Enter: the quote supports it too.
    qtbot.keyClick(view, Qt.Key.Key_L)
    qtbot.keyClick(view, Qt.Key.Key_Down, ALT)
    qtbot.keyClick(view, Qt.Key.Key_Down, ALT)
    in_menu(qtbot, window, Qt.Key.Key_Return, lambda: qtbot.keyClick(view, Qt.Key.Key_Return))
    quote = ann(window, "confirmed the report")
    assert [(link.target, link.relation) for link in window.session.annotations.get(claim.id).links] == [
        (reuters.id, Relation.SUPPORTS), (quote.id, Relation.SUPPORTS)]

    # The details list both; the quote's lists the claim it supports.
    rows = [jump.text() for jump, _remove in window.panel.link_list.rows]
    assert rows == ["Supported by source “Reuters”", "Supported by quote “confirmed the report”"]
    window.panel.select_annotation(quote.id)
    assert [jump.text() for jump, _remove in window.panel.link_list.rows] == ["Supports claim “the bombers flew from Hamadan”"]

    # Saved by id, with who made it and when.
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    links = saved_links(path, claim.id)
    assert [(link["target"], link["relation"], link["by"]) for link in links] == [
        (reuters.id, "supports", "Test Checker"), (quote.id, "supports", "Test Checker")]
    assert all(link["time"] for link in links)
    assert load_project(path).documents[0].annotations  # the file reads back (links checked on load)

    # One undo step per link; redo brings it back.
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert [link.target for link in window.session.annotations.get(claim.id).links] == [reuters.id]
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert window.session.annotations.get(claim.id).links == ()
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert [link.target for link in window.session.annotations.get(claim.id).links] == [reuters.id]


def test_esc_cancels_link_mode_and_enter_on_the_same_span_says_what_to_do(window, qtbot, tmp_path):
    open_article(window, tmp_path)
    view = window.view
    claim = step_onto(qtbot, window, "the bombers flew from Hamadan")
    qtbot.keyClick(view, Qt.Key.Key_L)
    qtbot.keyClick(view, Qt.Key.Key_Return)  # still on the claim itself: no menu, a hint
    assert "first step to another annotation" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Qt.Key.Key_Down, ALT)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert window.linking.source_id is None and "cancelled" in window.statusBar().currentMessage()
    assert window.panel.current_annotation().id == claim.id
    qtbot.keyClick(view, Qt.Key.Key_Down, ALT)
    qtbot.keyClick(view, Qt.Key.Key_Return)  # no longer in link mode: Enter links nothing
    assert all(not a.links for a in window.session.annotations)
    assert window.session.undo_stack.count() == 0
    window.panel.select_annotation(None)
    qtbot.keyClick(view, Qt.Key.Key_L)
    assert "Choose an annotation first" in window.statusBar().currentMessage()


def test_dragging_the_link_knob_onto_a_highlight_links_them(window, qtbot, tmp_path):
    path = open_article(window, tmp_path)
    view = window.view
    claim = step_onto(qtbot, window, "any base was used by Russia")
    QApplication.processEvents()
    knob = window.linking.knob()
    assert knob is not None and view.viewport().rect().contains(knob)
    start, end = qt_range(view, "confirmed the report")
    target = point_at(view, (start + end) // 2)
    view.setTextCursor(view.cursor_at(claim.start))  # point_at moved the caret: put it back
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=knob)
    qtbot.mouseMove(view.viewport(), pos=target)
    assert window.linking._drag is not None
    in_menu(qtbot, window, Qt.Key.Key_D, lambda: qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=target))  # D: Disputes
    quote = ann(window, "confirmed the report")
    assert [(link.target, link.relation) for link in window.session.annotations.get(claim.id).links] == [(quote.id, Relation.DISPUTES)]
    assert not view.textCursor().hasSelection()  # the drag linked, it selected nothing

    # A press on the text beside the knob still selects text.
    drag_select(qtbot, view, "Officials in")
    assert view.selected_span() == (TEXT.index("Officials in"), TEXT.index("Officials in") + len("Officials in"))

    window.actions.undo.trigger()
    assert window.session.annotations.get(claim.id).links == ()
    window.actions.redo.trigger()
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    assert [(link["target"], link["relation"]) for link in saved_links(path, claim.id)] == [(quote.id, "disputes")]


def test_a_drop_beside_every_highlight_links_nothing(window, qtbot, tmp_path):
    open_article(window, tmp_path)
    view = window.view
    claim = step_onto(qtbot, window, "any base was used by Russia")
    QApplication.processEvents()
    knob = window.linking.knob()
    start, _ = qt_range(view, "Officials")
    nowhere = point_at(view, start + 2)
    view.setTextCursor(view.cursor_at(claim.start))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=knob)
    qtbot.mouseMove(view.viewport(), pos=nowhere)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=nowhere)
    assert "Drop the link on another highlight" in window.statusBar().currentMessage()
    assert window.session.undo_stack.count() == 0


def _context_menu_on(qtbot, window, words: str, choose) -> list[str]:
    """Right-click ``words`` and run ``choose`` on the menu that opens."""
    current = window.panel.current_annotation()
    start, end = qt_range(window.view, words)
    pos = point_at(window.view, (start + end) // 2)
    window.view.setTextCursor(window.view.cursor_at(current.start))  # point_at moved the caret: back on the current one
    assert window.panel.current_annotation().id == current.id
    texts: list[str] = []

    def handle(menu: QMenu) -> None:
        try:
            texts.extend(a.text() for a in menu.actions())
            choose(menu)
        finally:
            menu.close()  # whatever happened, exec() returns

    seen = on_next_popup(handle)
    window.view.customContextMenuRequested.emit(pos)
    _wait_active(window)
    assert seen, "no context menu"
    return texts


def _action(menu: QMenu, starts: str):
    found = [a for a in menu.actions() if a.text().replace("&", "").startswith(starts)]
    assert found, f"no {starts!r} in {[a.text() for a in menu.actions()]}"
    return found[0]


def test_the_context_menu_links_the_current_annotation_to_the_highlight_and_removes_it(window, qtbot, tmp_path):
    open_article(window, tmp_path)
    claim = step_onto(qtbot, window, "the bombers flew from Hamadan")
    _context_menu_on(qtbot, window, "Reuters", lambda menu: _action(_action(menu, "Link Claim").menu(), "Attributes").trigger())
    reuters = ann(window, "Reuters")
    assert [(link.target, link.relation) for link in window.session.annotations.get(claim.id).links] == [(reuters.id, Relation.ATTRIBUTES)]
    _context_menu_on(qtbot, window, "Reuters", lambda menu: _action(menu, "Remove Link").trigger())
    assert window.session.annotations.get(claim.id).links == ()
    window.actions.undo.trigger()
    assert len(window.session.annotations.get(claim.id).links) == 1


def _link(window, source: str, target: str, relation: Relation) -> None:
    window.linking.link(ann(window, source), ann(window, target), relation)


def test_the_details_list_jumps_to_a_link_and_removes_it_undoably(window, qtbot, tmp_path):
    open_article(window, tmp_path)
    _link(window, "the bombers flew from Hamadan", "Reuters", Relation.ATTRIBUTES)
    _link(window, "any base was used by Russia", "the bombers flew from Hamadan", Relation.DISPUTES)
    claim = step_onto(qtbot, window, "the bombers flew from Hamadan")
    rows = window.panel.link_list.rows
    assert [jump.text() for jump, _ in rows] == ["Said by source “Reuters”", "Disputes claim “any base was used by Russia”"]
    qtbot.mouseClick(rows[0][0], Qt.MouseButton.LeftButton)
    assert window.panel.current_annotation().quote.exact == "Reuters"
    assert window.view.selected_span() == (ann(window, "Reuters").start, ann(window, "Reuters").end)
    assert [jump.text() for jump, _ in window.panel.link_list.rows] == ["Speaker of claim “the bombers flew from Hamadan”"]

    window.panel.select_annotation(claim.id)
    jump, _ = window.panel.link_list.rows[1]
    jump.setFocus()
    qtbot.keyClick(jump, Qt.Key.Key_Return)  # Enter jumps too
    assert window.panel.current_annotation().quote.exact == "any base was used by Russia"

    window.panel.select_annotation(claim.id)
    qtbot.mouseClick(window.panel.link_list.rows[0][1], Qt.MouseButton.LeftButton)  # remove
    assert window.session.annotations.get(claim.id).links == ()
    assert [jump.text() for jump, _ in window.panel.link_list.rows] == ["Disputes claim “any base was used by Russia”"]
    window.actions.undo.trigger()
    assert len(window.session.annotations.get(claim.id).links) == 1
    assert len(window.panel.link_list.rows) == 2


def test_deleting_a_linked_annotation_removes_the_links_into_it_in_one_step(window, qtbot, tmp_path):
    path = open_article(window, tmp_path)
    _link(window, "the bombers flew from Hamadan", "Reuters", Relation.ATTRIBUTES)
    _link(window, "the bombers flew from Hamadan", "confirmed the report", Relation.SUPPORTS)
    _link(window, "any base was used by Russia", "Reuters", Relation.CONTEXT)
    claim, other = ann(window, "the bombers flew from Hamadan"), ann(window, "any base was used by Russia")
    reuters, quote = ann(window, "Reuters"), ann(window, "confirmed the report")
    steps = window.session.undo_stack.count()
    step_onto(qtbot, window, "Reuters")
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.session.annotations.get(reuters.id) is None
    assert [link.target for link in window.session.annotations.get(claim.id).links] == [quote.id]
    assert window.session.annotations.get(other.id).links == ()
    assert window.session.annotations.get(claim.id).modified_by == "Test Checker"
    assert window.session.undo_stack.count() == steps + 1
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    saved = load_project(path).documents[0]  # loading refuses a dangling link
    assert saved.links_problem() is None and reuters.id not in {link["target"] for link in saved_links(path, claim.id)}
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)  # one undo: the annotation and both links back
    assert window.session.annotations.get(reuters.id) is not None
    assert [link.target for link in window.session.annotations.get(claim.id).links] == [reuters.id, quote.id]
    assert [link.target for link in window.session.annotations.get(other.id).links] == [reuters.id]
    window.panel.select_annotation(reuters.id)
    assert len(window.panel.link_list.rows) == 2  # the list knows the links into it again


def test_an_article_update_keeps_links_even_to_orphans(window, qtbot, tmp_path):
    path = open_article(window, tmp_path)
    _link(window, "the bombers flew from Hamadan", "Reuters", Relation.ATTRIBUTES)
    _link(window, "any base was used by Russia", "confirmed the report", Relation.DISPUTES)
    claim, other = ann(window, "the bombers flew from Hamadan"), ann(window, "any base was used by Russia")
    reuters, quote = ann(window, "Reuters"), ann(window, "confirmed the report")
    updated = tmp_path / "updated.txt"
    # The first paragraph gains words (everything after moves); the quote's words are gone.
    new_text = TEXT.replace("The ministry said", "On Monday the defence ministry said").replace("confirmed the report", "would not comment")
    updated.write_text(new_text, encoding="utf-8")
    on_next_dialog(lambda dialog: dialog.accept())
    assert window.update_text_from(updated)
    _wait_active(window)
    doc = window.session.document
    assert [o.id for o in doc.orphans] == [quote.id]
    moved = window.session.annotations.get(claim.id)
    assert moved.start != claim.start and [(l.target, l.relation) for l in moved.links] == [(reuters.id, Relation.ATTRIBUTES)]
    assert [(l.target, l.relation) for l in window.session.annotations.get(other.id).links] == [(quote.id, Relation.DISPUTES)]
    window.panel.select_annotation(other.id)
    assert [jump.text() for jump, _ in window.panel.link_list.rows] == [
        "Disputed by quote “confirmed the report” (orphan: not in the text now)"]
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    reloaded = load_project(path).documents[0]
    assert reloaded.links_problem() is None and reloaded.text == new_text
    assert [link["target"] for link in saved_links(path, other.id)] == [quote.id]
    window.actions.undo.trigger()  # the update undone: links as they were
    assert window.session.annotations.get(claim.id).start == claim.start
    assert len(window.session.annotations.get(other.id).links) == 1


def test_the_recovery_journal_holds_a_link(window, qtbot, tmp_path):
    open_article(window, tmp_path)
    guard = window.file_guard
    window.panel.note_edit.setFocus()
    step_onto(qtbot, window, "confirmed the report")
    _link(window, "the bombers flew from Hamadan", "Reuters", Relation.SUPPORTS)  # the first write: a snapshot
    guard.write_recovery()
    _link(window, "the bombers flew from Hamadan", "confirmed the report", Relation.CONTEXT)  # then the journal
    guard.write_recovery()
    assert guard.writer.journal_bytes > 0
    (found,), broken = find_recoveries()
    assert broken == []
    claim = next(a for a in found.project.documents[0].annotations if a.quote.exact == "the bombers flew from Hamadan")
    assert [link.relation for link in claim.links] == [Relation.SUPPORTS, Relation.CONTEXT]


def _colour_pixels(window, colour: str) -> int:
    """Pixels of the article near ``colour`` (outlines are antialiased, labels a little see-through)."""
    QApplication.processEvents()
    image = window.view.viewport().grab().toImage()
    wanted = QColor(colour)
    near = 0
    for y in range(image.height()):
        for x in range(image.width()):
            got = image.pixelColor(x, y)
            near += abs(got.red() - wanted.red()) + abs(got.green() - wanted.green()) + abs(got.blue() - wanted.blue()) < 40
    return near


def test_only_the_current_annotations_links_are_drawn_and_the_index_is_built_once(window, qtbot, tmp_path, monkeypatch):
    open_article(window, tmp_path)
    built = []
    original = core_links.LinkIndex.__init__
    monkeypatch.setattr(core_links.LinkIndex, "__init__", lambda self, anns=(): (built.append(1), original(self, anns))[1])
    window.linking._index = None
    _link(window, "the bombers flew from Hamadan", "confirmed the report", Relation.DISPUTES)
    disputes = RELATION_COLOURS[Relation.DISPUTES]
    window.panel.select_annotation(None)
    quiet = _colour_pixels(window, disputes)  # (a few antialiased pixels of a highlight may come near)
    window.panel.select_annotation(ann(window, "any base was used by Russia").id)  # no links: nothing drawn
    assert _colour_pixels(window, disputes) < quiet + 20
    step_onto(qtbot, window, "the bombers flew from Hamadan")
    assert _colour_pixels(window, disputes) > quiet + 60  # the quote outlined, its label
    step_onto(qtbot, window, "confirmed the report")  # the link drawn from the other end too
    assert _colour_pixels(window, disputes) > quiet + 60
    # Hovering a linked highlight shows its links (fainter) while the pointer is there.
    start, end = qt_range(window.view, "confirmed the report")
    pos = point_at(window.view, (start + end) // 2)
    window.view.setTextCursor(window.view.cursor_at(0))  # point_at moved the caret: nothing current again
    assert window.panel.current_annotation() is None
    assert _colour_pixels(window, disputes) < quiet + 20
    QApplication.processEvents()
    plain = window.view.viewport().grab().toImage()
    qtbot.mouseMove(window.view.viewport(), pos=pos)
    assert window.linking._hover_id == ann(window, "confirmed the report").id
    QApplication.processEvents()
    assert window.view.viewport().grab().toImage() != plain
    assert len(built) == 1  # repaints and changes of the current annotation kept the one index
