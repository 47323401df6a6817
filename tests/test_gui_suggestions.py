"""Suggestions in the article: stepped through, accepted, retagged, rejected and undone by
keyboard, saved, and not offered again once rejected (issue 19)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import Document, Project
from annotator.core.storage import save_project
from annotator.core.suggest import suggest
from annotator.ui import suggestions
from annotator.ui.suggestions import SuggestionSet

from .conftest import show_window

TEXT = (
    "The mayor said: “We will build the bridge by 2030.”\n\n"
    "According to the city council, the bridge will cost 4 million euros.\n\n"
    "She added: “Nothing is decided yet.”\n"
)
MAYOR = (0, 9)  # source
BRIDGE = (17, 50)  # quote
COST = (53, 121)  # claim
DECIDED = (135, 158)  # quote


@pytest.fixture(autouse=True)
def suggestions_switched_on():
    """As a user who switched them on once (View ▸ Show Suggestions is remembered)."""
    from PySide6.QtCore import QSettings

    QSettings().setValue("view/suggestions", "true")


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "bridge.annotator.json"
    save_project(Project(documents=[Document.from_text(TEXT, title="Bridge")]), path)
    return path


def spans(window) -> list[tuple[str, int, int]]:
    return [(a.tag.value, a.start, a.end) for a in window.session.annotations]


def offered(window) -> list[tuple[str, int, int]]:
    return [(s.tag, s.start, s.end) for s in window.suggestions.on_screen()]


def key(qtbot, window, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.view, k, modifier)


def test_the_text_gives_the_suggestions_this_test_steps_through():
    assert [(s.tag, s.start, s.end) for s in suggest(TEXT)] == [
        ("source", *MAYOR), ("quote", *BRIDGE), ("claim", *COST), ("quote", *DECIDED),
    ]


def test_step_accept_retag_reject_undo_save_and_reopen(qtbot, window, project_path):
    window.open_path(project_path, ask_to_save=False)
    assert window.actions.show_suggestions.isChecked()
    assert offered(window) == [("source", *MAYOR), ("quote", *BRIDGE), ("claim", *COST), ("quote", *DECIDED)]
    window.view.setFocus()
    assert not window.actions.reject_suggestion.isEnabled()  # Backspace elsewhere is not taken

    key(qtbot, window, Qt.Key.Key_J)
    assert window.view.selected_span() == MAYOR
    assert "Suggested source" in window.statusBar().currentMessage()
    key(qtbot, window, Qt.Key.Key_Return)  # accepted as suggested
    assert spans(window) == [("source", *MAYOR)]
    assert window.session.annotations[0].author == "Test Checker"
    assert ("source", *MAYOR) not in offered(window)

    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the accept
    assert spans(window) == []
    assert ("source", *MAYOR) in offered(window)
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert spans(window) == [("source", *MAYOR)]

    key(qtbot, window, Qt.Key.Key_J)
    assert window.view.selected_span() == BRIDGE
    key(qtbot, window, Qt.Key.Key_1)  # accepted, as a claim instead of a quote
    assert spans(window) == [("source", *MAYOR), ("claim", *BRIDGE)]
    assert ("quote", *BRIDGE) not in offered(window)  # answered: not offered as a quote either

    key(qtbot, window, Qt.Key.Key_J)
    assert window.view.selected_span() == COST
    key(qtbot, window, Qt.Key.Key_Backspace)
    assert ("claim", *COST) not in offered(window)
    assert spans(window) == [("source", *MAYOR), ("claim", *BRIDGE)]  # rejecting tags nothing
    assert len(window.session.document.rejected_suggestions) == 1
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ("claim", *COST) in offered(window)
    assert window.session.document.rejected_suggestions == []
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ("claim", *COST) not in offered(window)

    key(qtbot, window, Qt.Key.Key_J)  # the rejected one is stepped over
    assert window.view.selected_span() == DECIDED
    key(qtbot, window, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)  # back: past it again, to nothing
    assert window.view.selected_span() == DECIDED
    assert "No more suggestions before" in window.statusBar().currentMessage()

    key(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.session.is_modified
    saved = json.loads(project_path.read_text(encoding="utf-8"))
    doc = saved["documents"][0]
    assert saved["schema_version"] == 10
    assert [(a["tag"], a["start"], a["end"], a["author"]) for a in doc["annotations"]] == [
        ("source", *MAYOR, "Test Checker"), ("claim", *BRIDGE, "Test Checker"),
    ]
    rejected = doc["rejected_suggestions"]
    assert [(r["tag"], r["start"], r["end"], r["exact"], r["by"]) for r in rejected] == [
        ("claim", *COST, TEXT[COST[0]:COST[1]], "Test Checker"),
    ]

    again = show_window(qtbot)
    again.open_path(project_path, ask_to_save=False)
    assert offered(again) == [("quote", *DECIDED)]
    again.view.setFocus()
    qtbot.keyClick(again.view, Qt.Key.Key_J)
    assert again.view.selected_span() == DECIDED
    qtbot.keyClick(again.view, Qt.Key.Key_J)
    assert again.view.selected_span() == DECIDED  # nothing after it: the rejected one stays away


def test_backspace_in_the_note_still_deletes(qtbot, window, project_path):
    window.open_path(project_path, ask_to_save=False)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_J)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    window.panel.focus_note()
    qtbot.keyClicks(window.panel.note_edit, "ab")
    qtbot.keyClick(window.panel.note_edit, Qt.Key.Key_Backspace)
    assert window.panel.note_edit.toPlainText() == "a"
    assert window.session.document.rejected_suggestions == []


def test_accept_all_suggested_quotes_is_one_undo_step(qtbot, window, project_path):
    window.open_path(project_path, ask_to_save=False)
    window.actions.accept_all_quote.trigger()
    assert spans(window) == [("quote", *BRIDGE), ("quote", *DECIDED)]
    assert all(a.author == "Test Checker" for a in window.session.annotations)
    window.session.undo_stack.undo()
    assert spans(window) == []


def test_large_articles_show_none_until_switched_on(qtbot, window, project_path, monkeypatch):
    monkeypatch.setattr(suggestions, "LARGE", len(TEXT) - 1)
    window.open_path(project_path, ask_to_save=False)
    assert not window.actions.show_suggestions.isChecked()
    assert offered(window) == []
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.actions.show_suggestions.isChecked()
    assert len(offered(window)) == 4
    qtbot.keyClick(window.view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)  # and off again
    assert offered(window) == []


def test_stretches_give_what_the_whole_text_gives(monkeypatch):
    """Suggested a stretch at a time (as the screen asks), nothing is lost or doubled at the
    stretches' edges."""
    text = TEXT * 40
    monkeypatch.setattr(suggestions, "STRETCH", 97)
    whole = suggest(text)
    pieces = SuggestionSet(text)
    assert pieces.between(0, len(text)) == whole
    middle = [s for s in whole if s.start < 3000 and s.end > 2000]
    assert SuggestionSet(text).between(2000, 3000) == middle


def test_a_rejection_is_in_the_recovery_journal_and_comes_back_after_a_crash(qtbot, window, project_path):
    from annotator.core.recovery import find_recoveries, journal_file
    from annotator.core.storage import dumps

    window.open_path(project_path, ask_to_save=False)
    guard = window.file_guard
    window.view.setFocus()
    key(qtbot, window, Qt.Key.Key_J)
    key(qtbot, window, Qt.Key.Key_Return)  # accepted: unsaved work, a snapshot on the next write
    guard.write_recovery()
    key(qtbot, window, Qt.Key.Key_J)
    key(qtbot, window, Qt.Key.Key_Backspace)  # rejected: a line in the journal, not a new snapshot
    guard.write_recovery()
    assert journal_file(guard.writer.path).exists() and 0 < guard.writer.journal_bytes < 2_000
    (found,), broken = find_recoveries()
    assert broken == [] and len(found.project.documents[0].rejected_suggestions) == 1
    assert dumps(found.project) == dumps(window.session.project)


def test_a_screenful_of_the_whole_articles_suggestions_is_found_by_bisection():
    """After the whole article is suggested, a repaint asks for the screen only: the same
    answer as filtering every suggestion, without looking at every one."""
    import random

    from annotator.core.suggest import Suggestion

    rnd = random.Random(7)
    found = []
    for _ in range(2_000):
        start = rnd.randrange(0, 50_000)
        end = start + rnd.randrange(1, 400)
        found.append(Suggestion(tag=rnd.choice(["claim", "quote", "source", "unverified"]), start=start, end=end,
                                exact="x", reason="r", suggester="s", score=1.0))
    every = SuggestionSet("x" * 50_400)
    every.set_all(found)
    for _ in range(200):
        a = rnd.randrange(0, 50_000)
        b = a + rnd.randrange(1, 3_000)
        assert every.between(a, b) == [s for s in every.everything() if s.start < b and s.end > a]


def test_suggestions_are_on_by_default_for_articles_under_the_limit(qtbot, project_path, monkeypatch):
    from PySide6.QtCore import QSettings

    QSettings().remove("view/suggestions")  # a user who never touched the setting
    fresh = show_window(qtbot)
    fresh.open_path(project_path, ask_to_save=False)
    assert fresh.actions.show_suggestions.isChecked() and len(offered(fresh)) == 4
    fresh.view.setFocus()
    qtbot.keyClick(fresh.view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)  # off, and remembered
    assert offered(fresh) == [] and QSettings().value("view/suggestions") == "false"
    monkeypatch.setattr(suggestions, "LARGE", len(TEXT) - 1)
    QSettings().remove("view/suggestions")
    fresh.open_path(project_path, ask_to_save=False)
    assert not fresh.actions.show_suggestions.isChecked() and offered(fresh) == []  # a large one: not until asked
    fresh.close()


def test_the_screen_is_suggested_for_on_a_worker_once_it_stays_put(qtbot, window, project_path):
    """A repaint draws only what is computed; the rest follows SETTLE_MS later, from a worker,
    well within the 0.2 s the issue allows."""
    import time

    window.open_path(project_path, ask_to_save=False)
    began = time.perf_counter()
    controller = window.suggestions
    assert controller._set is None or not controller._set._stretches  # nothing computed while opening
    window.view.viewport().repaint()  # draws none, and asks for them
    assert controller._settle.isActive()
    qtbot.waitUntil(lambda: controller._set is not None and not controller._set.missing(*window.view.code_points_shown()), timeout=2_000)
    assert time.perf_counter() - began < 2.0  # 0.2 s unloaded; generous on a shared test machine
    assert [(s.tag, s.start, s.end) for s in controller._drawable()] == offered(window) and len(offered(window)) == 4
