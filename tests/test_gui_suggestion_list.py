"""Suggestions in the side panel's list (issue 19): the "Suggested" button lists them, drawn
unlike annotations; a row selects its suggestion in the article; Enter, a number and Backspace
answer it from the list, J steps; and the app learns from the whole workspace."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from annotator.core.model import Tag
from annotator.core.storage import load_project
from annotator.ui.suggestion_rows import TAG, TEXT

from .test_gui_suggestions import BRIDGE, COST, DECIDED, MAYOR, TEXT as ARTICLE, offered, project_path, spans  # noqa: F401
from .test_gui_suggestions import suggestions_switched_on  # noqa: F401 - the autouse fixture
from .test_suggest_workspace import REJECTED, TAGGED, workspace

CTRL = Qt.KeyboardModifier.ControlModifier


def listed(window) -> list[tuple[str, int, int]]:
    return [(s.tag, s.start, s.end) for s in window.suggestions.list.model.rows]


def open_list(qtbot, window):
    button = window.panel.findChild(type(window.suggestions.list.button), "filter_suggested")
    assert button is not None and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    table = window.suggestions.list.table
    assert window.panel.lists.currentWidget() is table and table.hasFocus()
    return table


def current_row(table) -> int:
    return table.selectionModel().currentIndex().row()


def test_the_list_shows_suggestions_unlike_annotations_and_answers_them_by_key(qtbot, window, project_path):
    window.open_path(project_path, ask_to_save=False)
    table = open_list(qtbot, window)
    assert listed(window) == [("source", *MAYOR), ("quote", *BRIDGE), ("claim", *COST), ("quote", *DECIDED)]
    model = table.model()
    assert model.index(1, TAG).data() == "Quote (suggested)"
    assert model.index(1, TEXT).data() == ARTICLE[BRIDGE[0]:BRIDGE[1]]
    assert model.index(1, TEXT).data(Qt.ItemDataRole.FontRole).italic()
    assert not model.index(1, TAG).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert window.suggestions.list.button.text() == "Suggested 4"

    qtbot.keyClick(table, Qt.Key.Key_Down)  # choosing a row selects it in the article; the list keeps the keys
    assert window.view.selected_span() == BRIDGE and window.suggestions.current.start == BRIDGE[0]
    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert window.view.selected_span() == MAYOR and table.hasFocus()

    qtbot.keyClick(table, Qt.Key.Key_Return)  # accepted as suggested; the next one is chosen
    assert spans(window) == [("source", *MAYOR)]
    qtbot.waitUntil(lambda: listed(window) == [("quote", *BRIDGE), ("claim", *COST), ("quote", *DECIDED)])
    qtbot.waitUntil(lambda: window.view.selected_span() == BRIDGE)
    assert current_row(table) == 0 and table.hasFocus()

    qtbot.keyClick(table, Qt.Key.Key_1)  # accepted as a claim instead
    assert spans(window) == [("source", *MAYOR), ("claim", *BRIDGE)]
    qtbot.waitUntil(lambda: window.view.selected_span() == COST)

    qtbot.keyClick(table, Qt.Key.Key_Backspace)  # rejected: tags nothing, gone from the list
    assert spans(window) == [("source", *MAYOR), ("claim", *BRIDGE)]
    qtbot.waitUntil(lambda: listed(window) == [("quote", *DECIDED)])
    qtbot.waitUntil(lambda: window.view.selected_span() == DECIDED)

    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)  # undone: back in the list
    qtbot.waitUntil(lambda: listed(window) == [("claim", *COST), ("quote", *DECIDED)])
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: listed(window) == [("quote", *DECIDED)])

    qtbot.keyClick(table, Qt.Key.Key_S, CTRL)
    doc = json.loads(project_path.read_text(encoding="utf-8"))["documents"][0]
    assert [(a["tag"], a["start"], a["end"]) for a in doc["annotations"]] == [("source", *MAYOR), ("claim", *BRIDGE)]
    assert [(r["tag"], r["start"], r["end"]) for r in doc["rejected_suggestions"]] == [("claim", *COST)]

    qtbot.mouseClick(window.suggestions.list.button, Qt.MouseButton.LeftButton)  # back to the annotations
    assert window.panel.lists.currentWidget() in (window.panel.table, window.panel.cards)


def test_j_steps_through_the_list_and_a_hidden_tag_leaves_it(qtbot, window, project_path):
    window.open_path(project_path, ask_to_save=False)
    table = open_list(qtbot, window)
    assert window.view.selected_span() == MAYOR
    qtbot.keyClick(table, Qt.Key.Key_J)
    assert window.view.selected_span() == BRIDGE and current_row(table) == 1 and table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.selected_span() == MAYOR and current_row(table) == 0
    window.panel.tag_buttons[Tag.QUOTE].click()  # quotes hidden in the legend: not listed either
    qtbot.waitUntil(lambda: listed(window) == [("source", *MAYOR), ("claim", *COST)])


def test_the_list_is_there_only_while_suggestions_are_shown(qtbot, window, project_path):
    window.open_path(project_path, ask_to_save=False)
    open_list(qtbot, window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_J, CTRL)  # View ▸ Show Suggestions off
    assert not window.suggestions.list.button.isVisible()
    assert window.panel.lists.currentWidget() is not window.suggestions.list.table


def test_the_app_learns_from_the_whole_workspace(qtbot, window, tmp_path, monkeypatch):
    """A phrase tagged in another article of the open folder is suggested; one a colleague
    turned down there is not."""
    from PySide6.QtWidgets import QFileDialog

    path = workspace(tmp_path)
    window.open_path(path, ask_to_save=False)
    assert ("source", *REJECTED) in offered(window) and ("source", *TAGGED) not in offered(window)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.suggestions.learning is not None, timeout=10_000)
    assert window.suggestions.learning.projects == 3
    assert ("source", *TAGGED) in offered(window)
    assert ("source", *REJECTED) not in offered(window)
    assert load_project(path).documents[0].annotations == []  # suggesting changes nothing
