"""The annotation list: readable columns, hideable and remembered; cards; a panel that never
moves the splitter (issue 15, items 3 and 4)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.core.merge import merge_document, merge_projects, review_projects
from annotator.core.model import Comment, ReviewStatus, Tag
from annotator.core.storage import load_project, save_project
from annotator.ui.annotation_model import AUTHOR, MODIFIED, NOTE, TAG, TEXT

from .conftest import ROOT, SAMPLE, discard_changes, show_window
from .gui_helpers import click_row, open_sample_copy

COLLEAGUE = ROOT / "projects" / "russian-bombers-iran.colleague.annotator.json"


def big_window(qtbot, window=None):
    window = window or show_window(qtbot)
    window.resize(1400, 900)
    qtbot.waitUntil(lambda: window.width() == 1400)
    return window


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def on_next_popup(handler) -> list:
    """Run ``handler`` on the next popup menu once it is shown (menus block in exec())."""
    seen = []

    def poll(left=200):
        popup = QApplication.activePopupWidget()
        if popup is not None:
            seen.append(popup)
            handler(popup)
        elif left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)
    return seen


def click_menu_item(qtbot, text: str):
    def click(menu):
        action = next(a for a in menu.actions() if a.text() == text)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    return on_next_popup(click)


def header_menu_click(qtbot, table, text: str) -> None:
    """Right-click the list's header and click ``text`` in its menu."""
    seen = click_menu_item(qtbot, text)
    header = table.horizontalHeader()
    header.customContextMenuRequested.emit(QPoint(header.width() // 2, header.height() // 2))
    qtbot.waitUntil(lambda: bool(seen))


def test_text_column_shows_30_characters_without_sideways_scrolling(window, qtbot, tmp_path):
    big_window(qtbot, window)
    open_sample_copy(window, tmp_path)
    settle()
    table = window.panel.table
    header = table.horizontalHeader()
    assert header.sectionSize(TEXT) >= 30 * table.fontMetrics().averageCharWidth()
    assert header.sectionSize(TEXT) > header.sectionSize(NOTE) > header.sectionSize(TAG)
    assert table.horizontalScrollBar().maximum() == 0 and not table.horizontalScrollBar().isVisible()
    visible = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    assert sum(header.sectionSize(c) for c in visible) == table.viewport().width()


def test_every_cell_tells_in_full_what_it_cuts_short(window, qtbot, tmp_path):
    open_sample_copy(window, tmp_path)
    model = window.panel.model
    row = max(range(model.rowCount()), key=lambda r: len(model.annotation(r).note))
    ann = model.annotation(row)
    tips = {column: model.index(row, column).data(Qt.ItemDataRole.ToolTipRole) for column in (TAG, TEXT, NOTE, AUTHOR, MODIFIED)}
    assert all(tips.values()), tips
    assert ann.note[-20:].replace("<", "&lt;") in tips[NOTE]
    assert ann.tag.label in tips[TAG]
    assert ann.author.split()[0] in tips[AUTHOR]


def test_columns_hidden_from_the_header_stay_hidden_in_a_new_window(window, qtbot, tmp_path):
    big_window(qtbot, window)
    open_sample_copy(window, tmp_path)
    table = window.panel.table
    header = table.horizontalHeader()
    assert not header.isSectionHidden(NOTE) and header.isSectionHidden(AUTHOR)
    header_menu_click(qtbot, table, "Note")
    assert header.isSectionHidden(NOTE)
    header_menu_click(qtbot, table, "Author")
    assert not header.isSectionHidden(AUTHOR)
    settle()
    assert table.horizontalScrollBar().maximum() == 0
    discard_changes(window)
    window.close()

    again = big_window(qtbot)
    open_sample_copy(again, tmp_path, "again.annotator.json")
    header = again.panel.table.horizontalHeader()
    assert header.isSectionHidden(NOTE) and not header.isSectionHidden(AUTHOR) and header.isSectionHidden(MODIFIED)


def test_a_column_resized_by_dragging_keeps_the_list_within_its_width_and_is_remembered(window, qtbot, tmp_path):
    big_window(qtbot, window)
    open_sample_copy(window, tmp_path)
    settle()
    table = window.panel.table
    header = table.horizontalHeader()
    text_before, note_before = header.sectionSize(TEXT), header.sectionSize(NOTE)
    edge = header.sectionViewportPosition(TEXT) + header.sectionSize(TEXT) - 1
    y = header.height() // 2
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    for step in range(1, 9):
        qtbot.mouseMove(header.viewport(), pos=QPoint(edge + 5 * step, y))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge + 40, y))
    assert header.sectionSize(TEXT) == text_before + 40
    assert header.sectionSize(NOTE) == note_before - 40  # the neighbour gave the room
    assert table.horizontalScrollBar().maximum() == 0
    wide = header.sectionSize(TEXT)
    discard_changes(window)
    window.close()

    again = big_window(qtbot)
    open_sample_copy(again, tmp_path, "again.annotator.json")
    settle()
    assert abs(again.panel.table.horizontalHeader().sectionSize(TEXT) - wide) <= 2


def test_cards_show_each_note_in_full_and_select_like_the_table(window, qtbot, tmp_path):
    big_window(qtbot, window)
    open_sample_copy(window, tmp_path)
    panel = window.panel
    action = window.actions.annotation_cards
    assert not action.isChecked() and panel.list_view() is panel.table
    action.trigger()
    assert action.isChecked() and panel.list_view() is panel.cards and panel.cards.isVisible()
    cards = panel.cards
    model = panel.model

    row = 3
    cards.scrollTo(model.index(row, 0))
    qtbot.mouseClick(cards.viewport(), Qt.MouseButton.LeftButton, pos=cards.visualRect(model.index(row, 0)).center())
    before = cards.rowHeight(row)
    panel.note_edit.setFocus()
    panel.note_edit.selectAll()
    qtbot.keyClicks(panel.note_edit, "The ministry's own footage, not independent confirmation; " * 6 + "THE END")
    note = model.annotation(row).note
    assert note.endswith("THE END")
    settle()
    width = cards.viewport().width()
    wrapped = cards.fontMetrics().boundingRect(QRect(0, 0, width - 20, 100000), Qt.TextFlag.TextWordWrap, note).height()
    assert wrapped > 4 * cards.fontMetrics().height()  # the note takes several lines: the test means something
    assert cards.rowHeight(row) >= wrapped + 2 * cards.fontMetrics().height() > before

    target = model.annotation(5)
    cards.scrollTo(model.index(5, 0))
    qtbot.mouseClick(cards.viewport(), Qt.MouseButton.LeftButton, pos=cards.visualRect(model.index(5, 0)).center())
    assert panel.current_annotation() is target
    assert window.view.selected_span() == (target.start, target.end)
    qtbot.keyClick(cards, Qt.Key.Key_Down)
    assert panel.current_annotation() is model.annotation(6)
    qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert panel.current_annotation() is model.annotation(7)
    assert cards.selectionModel().isRowSelected(7)
    discard_changes(window)
    window.close()

    again = show_window(qtbot)
    assert again.actions.annotation_cards.isChecked() and again.panel.list_view() is again.panel.cards


def test_cards_follow_the_filter_and_edits(window, qtbot, tmp_path):
    open_sample_copy(window, tmp_path)
    window.actions.annotation_cards.trigger()
    panel = window.panel
    qtbot.keyClicks(panel.filter_edit, "Hmeimeem")
    assert panel.cards.model() is panel.proxy and panel.cards.model().rowCount() == panel.proxy.rowCount() >= 1
    index = panel.cards.model().index(0, 0)
    qtbot.mouseClick(panel.cards.viewport(), Qt.MouseButton.LeftButton, pos=panel.cards.visualRect(index).center())
    ann = panel.current_annotation()
    assert ann is not None and "Hmeimeem" in ann.quote.exact + ann.note


def review_project(tmp_path):
    """The sample reviewed against the colleague's and merged, then edited by someone else:
    details lines that read "changed by …, edited …", review records, comments, long
    verdicts, notes with direction controls and unbreakable words."""
    mine, theirs = load_project(SAMPLE), load_project(COLLEAGUE)
    reviews, unmatched = review_projects(mine, theirs)
    when = mine.documents[0].annotations[0].created + timedelta(days=100)
    reviewer = "Reviewer With A Rather Long Name"
    docs = [merge_document(r, {}, {}, reviewer, when) for r in reviews]
    project = merge_projects(mine, docs, reviewer, when, "mine.json", "theirs.json", unmatched)
    for i, ann in enumerate(project.documents[0].annotations):
        ann.modified = ann.created + timedelta(days=3, minutes=17)
        ann.modified_by = "Someone Else Entirely With A Long Name"
        if i % 3 == 0:
            ann.comments.append(Comment(author="Colleague", time=when, text="The figure comes from a 2015 press release. " * 4, status=ReviewStatus.DISPUTED))
        if ann.tag == Tag.CLAIM:
            ann.verdict = "Misleading: the numbers quoted refer to another year entirely and omit the context"
        if i % 4 == 1:
            ann.note = "Check \u202eRTL\u202c here. " + "Averyveryverylongwordwithoutanyspaces" * 4
    path = tmp_path / "reviewed.annotator.json"
    save_project(project, path)
    return path


def test_selecting_annotations_never_moves_the_splitter(window, qtbot, tmp_path):
    path = review_project(tmp_path)
    for width, height in ((1400, 900), (1000, 700)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        window.open_path(path, ask_to_save=False)
        settle()
        panel = window.panel
        sizes = window.splitter.sizes()
        assert any(r for r in (window.session.review_records(a.id) for a in window.session.annotations))
        for cards in (False, True):
            if window.actions.annotation_cards.isChecked() != cards:
                window.actions.annotation_cards.trigger()
            view = panel.list_view()
            click_row(qtbot, view, 0, 0 if cards else 1)
            for row in range(view.model().rowCount()):
                assert panel.current_annotation() is panel.model.annotation(row)
                assert "edited" in panel.info_label.text()
                settle()
                assert window.splitter.sizes() == sizes, (width, cards, row, panel.info_label.text())
                qtbot.keyClick(view, Qt.Key.Key_Down)


def test_cards_measure_only_the_rows_on_screen(window, qtbot, tmp_path, monkeypatch):
    """Opening a large project in cards and tagging in it measure a screenful of cards, not
    every annotation (a QListView would ask for every row's size on each insertion)."""
    from annotator.benchmarks import corpus
    from annotator.ui.annotation_cards import CardDelegate

    path = tmp_path / "big.annotator.json"
    save_project(corpus.project(300_000, 3_000), path)
    window.actions.annotation_cards.trigger()
    measured = []
    original = CardDelegate.card_height
    monkeypatch.setattr(CardDelegate, "card_height", lambda self, ann, *a: measured.append(ann.id) or original(self, ann, *a))
    window.open_path(path, ask_to_save=False)
    settle()
    assert 0 < len(set(measured)) < 100
    measured.clear()
    text = window.session.document.text
    start = text.index(" ", 150_000) + 1
    window.view.select_span(start, text.index(" ", start + 5))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    settle()
    assert window.panel.current_annotation() is not None
    assert 0 < len(measured) < 200
