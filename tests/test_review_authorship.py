"""Who did what, in a review: whose work each side holds, who made and changed each annotation,
and who the merge names as the reviewer and as the last to change what they edited."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from annotator.core.model import Tag
from annotator.core.review import Group, name_list, people
from annotator.core.storage import load_project

from .conftest import on_next_dialog
from .factories import annotation
from .test_gui_review import COLLEAGUE, merge_to, reactivate, start_on, write_colleague

MINE_NAME, THEIRS_NAME = "Sam Checker (sample)", "Alex Reviewer (sample)"


def titles(review) -> list[str]:
    headings = [review.findChild(QLabel, f"{key}Heading").text() for key in ("mine", "theirs")]
    return [review.show_mine.text(), review.show_theirs.text(), *headings]


def test_people_and_long_lists_of_names():
    text = "one two three"
    anns = [annotation(text, 0, 3, n=n).model_copy(update={"author": a, "modified_by": b}) for n, (a, b) in enumerate(
        [("Bob", "Bob"), ("Bob", "Carol"), ("Alice", ""), ("", ""), ("Bob", "Dan")]
    )]
    assert people(anns) == ["Bob", "Alice", "Carol", "Dan"]
    assert name_list(["Alice"]) == "Alice" and name_list(["Bob", "Carol"]) == "Bob, Carol"
    assert name_list(["A", "B", "C"]) == "A, B, C"
    assert name_list(["Alice", "Bob", "C", "D", "E"]) == "Alice, Bob and 3 others"


def test_the_headers_name_whose_work_each_side_holds(window, qtbot, tmp_path):
    changed = {"Reuters": "Carol Editor", "Tehran Times": "Carol Editor"}
    review = start_on(qtbot, window, write_colleague(tmp_path / "colleague.annotator.json", changed_by=changed))
    assert titles(review) == [
        f"Mine — {MINE_NAME}: filled", f"Theirs — {THEIRS_NAME}, Carol Editor: wavy underline",
        f"Mine — {MINE_NAME}", f"Theirs — {THEIRS_NAME}, Carol Editor",
    ]
    assert not any("Test Checker" in title for title in titles(review))  # the reviewer's setting names no side


def test_many_people_are_capped(window, qtbot, tmp_path):
    changed = {"Reuters": "Bea", "Tehran Times": "Cy", "Interfax news service": "Di", "the United Nations": "Ed"}
    review = start_on(qtbot, window, write_colleague(tmp_path / "colleague.annotator.json", changed_by=changed))
    assert review.show_theirs.text() == f"Theirs — {THEIRS_NAME}, Bea and 3 others: wavy underline"


def test_the_selected_item_says_who_made_and_changed_each_side(window, qtbot, tmp_path):
    changed = {"Reuters": "Carol Editor", "Tehran Times": ""}  # "": changed by someone not recorded (an old file)
    review = start_on(qtbot, window, write_colleague(tmp_path / "colleague.annotator.json", changed_by=changed))
    rows = {i.mine.quote.exact: r for r, i in enumerate(review.session.items) if i.mine is not None}
    review.select_row(rows["Reuters"])
    assert f"created by {MINE_NAME}<br>" in review.side_labels["mine"].text()
    assert f"created by {THEIRS_NAME}, changed by Carol Editor<br>" in review.side_labels["theirs"].text()
    review.select_row(rows["Tehran Times"])
    assert f"created by {THEIRS_NAME}, changed later (by whom was not recorded)" in review.side_labels["theirs"].text()


def test_the_merge_names_the_reviewer_and_who_changed_what(window, qtbot, tmp_path, monkeypatch):
    """The reviewer is the app's user (Test Checker), never the colleague or a file; what they
    edit in the review is changed by them, now; what they accept of theirs stays the colleague's."""
    review = start_on(qtbot, window, COLLEAGUE)
    items = review.session.items
    table = review.table
    tag_row = next(r for r, i in enumerate(items) if i.group == Group.TAG_DIFFERS)
    review.select_row(tag_row)
    qtbot.keyClick(table, Qt.Key.Key_T)
    edit_row = next(r for r, i in enumerate(items) if i.group == Group.SPAN_DIFFERS)
    review.select_row(edit_row)

    def edit(dialog):
        dialog.tag_combo.setCurrentIndex(dialog.tag_combo.findData("unverified"))
        dialog.accept()

    on_next_dialog(edit)
    before = datetime.now().astimezone().replace(microsecond=0)
    qtbot.keyClick(table, Qt.Key.Key_E)
    reactivate(qtbot, review)
    data = merge_to(qtbot, review, tmp_path / "merged.annotator.json", monkeypatch)

    assert data["metadata"]["reviews"][0]["reviewer"] == "Test Checker"
    assert data["metadata"]["reviews"][0]["theirs"] == COLLEAGUE.name
    records = data["documents"][0]["review"]
    assert records and {r["reviewer"] for r in records} == {"Test Checker"}
    merged = {a.id: a for a in load_project(tmp_path / "merged.annotator.json").documents[0].annotations}

    accepted = items[tag_row].theirs
    kept = merged[accepted.id]
    assert (kept.tag, kept.author, kept.modified_by, kept.modified) == (accepted.tag, THEIRS_NAME, accepted.modified_by, accepted.modified)

    base = items[edit_row].mine
    edited = merged[base.id]
    assert edited.tag == Tag.UNVERIFIED and edited.author == MINE_NAME
    assert edited.modified_by == "Test Checker" and edited.modified >= before > base.modified
    assert edited.created == base.created
