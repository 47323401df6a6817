"""A review of two colleagues at once: layers, "k of 3", Accept Majority (Ctrl+Shift+M), merge."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from annotator.core.curation import ABSENT, majority_decision
from annotator.core.links import drop_dangling
from annotator.core.model import Tag
from annotator.core.storage import load_project, save_project
from annotator.ui.review_layers import PEOPLE

from .conftest import ROOT, SAMPLE, on_next_dialog

COLLEAGUE = ROOT / "projects" / "russian-bombers-iran.colleague.annotator.json"


def write_third(path):
    """A third person: the colleague's sample with every third annotation left out and every
    fourth retagged, signed Carol."""
    theirs = load_project(COLLEAGUE)
    doc = theirs.documents[0]
    changed = []
    for n, ann in enumerate(doc.annotations):
        if n % 3 == 0:
            continue
        if n % 4 == 1:
            ann = ann.model_copy(update={"tag": Tag.UNVERIFIED if ann.tag != Tag.UNVERIFIED else Tag.CLAIM})
        changed.append(ann.model_copy(update={"author": "Carol", "modified_by": ""}))
    doc.annotations = changed
    drop_dangling(doc)  # the sample's links to what Carol left out
    save_project(theirs, path)
    return path


def test_two_colleagues_accept_majority_and_merge(window, qtbot, tmp_path, monkeypatch):
    third = write_third(tmp_path / "third.annotator.json")
    assert window.open_path(SAMPLE, ask_to_save=False)
    review = window.start_review(COLLEAGUE, [third])
    assert review is not None
    qtbot.addWidget(review, before_close_func=lambda w: w.session.undo_stack.setClean())
    review.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is review)
    review.table.setFocus()
    session = review.session
    units = session.units()
    assert review.model.headerData(PEOPLE, Qt.Orientation.Horizontal) == "People"
    assert {review.model.index(r, PEOPLE).data() for r in range(len(units))} <= {"1 of 3", "2 of 3", "3 of 3"}
    expected = {row: majority_decision(u) for row, u in enumerate(units) if majority_decision(u) is not None}
    assert expected and len(expected) < len(units)  # some units are ties: no majority, left undecided

    # Hiding a layer takes its underlines out of the article; showing it brings them back.
    shown = len(list(session.theirs_set))
    review.layer_boxes[1].setChecked(False)
    assert 0 < len(list(session.theirs_set)) < shown and review.view.overlay is session.theirs_set
    review.layer_boxes[1].setChecked(True)
    assert len(list(session.theirs_set)) == shown

    qtbot.keyClick(review.table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert {row: session.decision(row) for row in expected} == expected
    assert all(session.decision(row) is None for row in range(len(units)) if row not in expected)
    assert session.undo_stack.count() == 1  # one step
    session.undo_stack.undo()
    assert all(session.decision(row) is None for row in expected)
    session.undo_stack.redo()

    path = tmp_path / "merged.annotator.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.No).click())  # "Open the merge?"
    qtbot.keyClick(review.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert path.exists()
    merged = json.loads(path.read_text(encoding="utf-8"))["documents"][0]
    kept = {(a["tag"], a["start"], a["end"]) for a in merged["annotations"]}
    for unit in units:
        majority = unit.majority()
        if majority == ABSENT:
            assert not any((a.tag.value, a.start, a.end) in kept for a in unit.members if a is not None)
        elif majority is not None:
            tag, start, end = majority
            assert (tag.value, start, end) in kept
    records = merged["review"]
    authors = {r["theirs"]["author"] for r in records if r.get("theirs")}
    assert "Carol" in authors and len(authors) >= 2  # each colleague's version has its record
    decided = [r for r in records if r["decided"]]
    assert decided and all(r["reviewer"] == session.reviewer for r in decided)


def _underline_at(view, code_point: int):
    """The underline colour Qt draws at ``code_point`` (None: no underline there)."""
    from PySide6.QtGui import QTextCharFormat

    qt_pos = view.to_utf16(code_point)
    block = view.document().findBlock(qt_pos)
    offset = qt_pos - block.position()
    for fmt in block.layout().formats():
        if fmt.start <= offset < fmt.start + fmt.length and fmt.format.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline:
            return fmt.format.underlineColor().name()
    return None


def test_each_colleague_is_underlined_in_a_colour_of_their_own(window, qtbot, tmp_path):
    from annotator.ui.review_layers import person_colour

    from annotator.core.anchoring import quote_for
    from annotator.core.model import Annotation, new_id, now

    third = write_third(tmp_path / "third.annotator.json")
    carol = load_project(third)  # and a span only Carol marked
    doc = carol.documents[0]
    start = doc.text.index("Interested in ISIS?")
    doc.annotations.append(Annotation(id=new_id(), tag=Tag.CLAIM, start=start, end=start + 19, quote=quote_for(doc.text, start, start + 19),
                                      author="Carol", created=now(), modified=now()))
    doc.annotations.sort(key=Annotation.sort_key)
    save_project(carol, third)
    assert window.open_path(SAMPLE, ask_to_save=False)
    review = window.start_review(COLLEAGUE, [third])
    qtbot.addWidget(review, before_close_func=lambda w: w.session.undo_stack.setClean())
    review.show()
    session = review.session
    view = review.view
    units = session.units()
    # a span only the colleague (layer 0) marked, and one only the third person (layer 1) marked
    only = {}
    for unit in units:
        mine, first, second = unit.members
        if mine is None and (first is None) != (second is None):
            layer, ann = (0, first) if first is not None else (1, second)
            only.setdefault(layer, ann)
    assert set(only) == {0, 1}
    assert person_colour(0).name() != person_colour(1).name()
    for layer, ann in only.items():
        review.view.select_span(ann.start, ann.end)  # brings it on screen, where it is drawn
        qtbot.waitUntil(lambda: _underline_at(view, ann.start) is not None)
        assert _underline_at(view, ann.start) == person_colour(layer).name()
    assert review.layer_boxes[1].icon().pixmap(12, 12).toImage().pixelColor(6, 6).name() == person_colour(1).name()
