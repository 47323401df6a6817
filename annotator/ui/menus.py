"""The main window's menu bar and toolbar, built from the action table (``actions.py``).

Kept apart from the window so that the window wires behaviour and this module only arranges
the actions; every action's text, key and tip still comes from the one table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QComboBox

from ..core.model import Status
from . import span_edit, tag_style, theme

if TYPE_CHECKING:
    from .main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    a = window.actions
    file_menu = window.menuBar().addMenu("&File")
    file_menu.addActions([a.open, a.open_folder, a.new_from_clipboard])
    file_menu.addAction(a.review)
    window.recent_menu = file_menu.addMenu("Open &Recent")
    window.recent_menu.setObjectName("recentMenu")
    window.recent_menu.aboutToShow.connect(lambda: fill_recent_menu(window))
    file_menu.addSeparator()
    file_menu.addActions([a.save, a.save_as])
    file_menu.addSeparator()
    file_menu.addActions([a.add_articles, a.add_article_folder])
    file_menu.addSeparator()
    file_menu.addActions([a["import"], a.export, a.publishing, a.rating_scale])
    file_menu.addSeparator()
    file_menu.addAction(a.quit)

    edit_menu = window.menuBar().addMenu("&Edit")
    edit_menu.addActions([a.undo, a.redo])
    edit_menu.addSeparator()
    edit_menu.addActions(a.tag_actions())
    second = edit_menu.addMenu("Add a Second &Tag")
    second.addActions([a[f"add_tag_{tag.value}"] for tag in tag_style.TAG_ORDER])
    span_edit.add_menu(edit_menu, a)
    edit_menu.addAction(a.sticky_tag)
    edit_menu.addActions([a.accept_suggestion, a.reject_suggestion])
    accept_all = edit_menu.addMenu("Accept A&ll Suggested")
    accept_all.addActions([a[f"accept_all_{tag.value}"] for tag in tag_style.TAG_ORDER])
    edit_menu.addSeparator()
    edit_menu.addActions([a.edit_note, a.link, a.delete])
    edit_menu.addSeparator()
    edit_menu.addActions([a.find, a.find_next, a.find_previous, a.filter, a.search_workspace])
    edit_menu.addSeparator()
    edit_menu.addActions([a.article_details, a.article_verdict, a.update_text, a.reattach])
    status_menu = edit_menu.addMenu("Article &Status")
    status_menu.setObjectName("statusMenu")
    statuses = QActionGroup(window)
    for status in Status:
        action = a[status_action(status)]
        statuses.addAction(action)
        status_menu.addAction(action)
    edit_menu.addActions([a.assign_to, a.set_author])

    go_menu = window.menuBar().addMenu("&Go")
    go_menu.addActions([a.next_annotation, a.previous_annotation, a.next_untagged, a.previous_untagged])
    go_menu.addActions([a.next_suggestion, a.previous_suggestion])
    go_menu.addSeparator()
    go_menu.addActions([a.extend_sentence, a.extend_sentence_back])
    go_menu.addSeparator()
    go_menu.addActions([a.next_article, a.previous_article, a.next_not_done])

    view_menu = window.menuBar().addMenu("&View")
    view_menu.addActions([a.zoom_in, a.zoom_out, a.zoom_reset, a.choose_font])
    view_menu.addSeparator()
    view_menu.addAction(a.show_suggestions)
    view_menu.addAction(a.annotation_cards)
    a.annotation_cards.setChecked(window.panel.cards_shown())
    view_menu.addAction(a.articles_panel)
    view_menu.addAction(a.claims_view)
    view_menu.addAction(a.agreement)
    theme_menu = view_menu.addMenu("&Theme")
    themes = QActionGroup(window)
    for choice in theme.CHOICES:
        themes.addAction(a[f"theme_{choice}"])
        theme_menu.addAction(a[f"theme_{choice}"])

    help_menu = window.menuBar().addMenu("&Help")
    help_menu.addActions([a.shortcuts, a.show_log_folder, a.about])


def status_action(status: Status) -> str:
    """The action name of a status: status_new, status_in_progress, …"""
    return "status_" + status.value.replace(" ", "_")


def build_toolbar(window: MainWindow) -> None:
    a = window.actions
    bar = window.addToolBar("Main")
    bar.setObjectName("mainToolbar")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    bar.addActions([a.open, a.save])
    bar.addSeparator()
    bar.addActions([a.undo, a.redo])
    bar.addSeparator()
    bar.addActions(a.tag_actions())
    window.document_combo = QComboBox(window)
    window.document_combo.setObjectName("documentCombo")
    window.document_combo.setToolTip("The project's documents: choose the one to show")
    window.document_combo.setAccessibleName("Document")
    window.document_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    window.document_combo.setMaximumWidth(360)
    window.document_combo.activated.connect(window._choose_document)
    separator = bar.addSeparator()
    window._document_tools = [separator, bar.addWidget(window.document_combo)]
    for tool in window._document_tools:
        tool.setVisible(False)  # shown for projects with more than one document


def fill_recent_menu(window: MainWindow) -> None:
    menu = window.recent_menu
    menu.clear()
    paths = window.settings.recent_files()
    for number, path in enumerate(paths, start=1):
        action = menu.addAction(f"&{number % 10} {path.name}")
        action.setToolTip(str(path))
        action.setStatusTip(str(path))
        action.triggered.connect(lambda _checked=False, p=path: window.open_path(p))
    if not paths:
        menu.addAction("No recent files").setEnabled(False)
    menu.addSeparator()
    menu.addAction(window.actions.clear_recent)
