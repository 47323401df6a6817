"""Notes that differ: their own group, reached and filtered like the others, counted by
`review --stats`, and never lost by a merge nobody decided; the agreement numbers ignore them."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from annotator import cli
from annotator.core.agreement import agreement
from annotator.core.merge import ItemDecision, combined_notes, merge_document, review_projects
from annotator.core.model import Decision, Tag, now
from annotator.core.review import Group, compare, counts
from annotator.core.storage import load_project

from .conftest import SAMPLE
from .factories import annotation
from .test_gui_review import COLLEAGUE, current_item, merge_to, start_on, write_colleague

TEXT = "The minister said taxes will fall on Monday, citing a report."
MINE_NAME, THEIRS_NAME = "Sam Checker (sample)", "Alex Reviewer (sample)"
NOTES = {
    "Reuters": "Wire service; it names no source of its own.",  # mine has no note here
    "Tehran Times": "Owned by the Iranian state.",  # mine: "State-aligned Iranian daily."
    "Interfax news service": "Kremlin-friendly agency.",  # mine: "Russian news agency; …"
}


def pair(mine_note: str, their_note: str):
    start, end = TEXT.index("taxes will fall"), TEXT.index("taxes will fall") + len("taxes will fall")
    mine = annotation(TEXT, start, end, Tag.CLAIM, 1, mine_note)
    theirs = annotation(TEXT, start, end, Tag.CLAIM, 2, their_note).model_copy(update={"author": "Bob"})
    return [mine.model_copy(update={"author": "Alice"})], [theirs]


def test_notes_differ_is_a_group_and_agreement_ignores_it():
    mine, theirs = pair("His words, on TV.", "Check the budget.")
    (item,) = compare(mine, theirs)
    assert item.group == Group.NOTES_DIFFER
    same_notes = agreement(TEXT, mine, [theirs[0].model_copy(update={"note": mine[0].note})])
    assert agreement(TEXT, mine, theirs).as_dict() == same_notes.as_dict()
    assert agreement(TEXT, mine, theirs).exact[None].f1 == 1.0
    assert [i.group for i in compare(*pair("His words, on TV.", ""))] == [Group.AGREED]  # their empty note loses nothing
    assert [i.group for i in compare(*pair("", "Check the budget."))] == [Group.NOTES_DIFFER]
    assert combined_notes(*[a[0] for a in pair("His words, on TV.", "Check the budget.")]) == (
        "Mine (Alice): His words, on TV.\n\nTheirs (Bob): Check the budget."
    )
    assert combined_notes(*[a[0] for a in pair("", "Check the budget.")]) == "Theirs (Bob): Check the budget."


def test_an_undecided_notes_difference_keeps_both_notes_and_says_so():
    from .factories import project

    mine, theirs = project(TEXT), project(TEXT)
    mine.documents[0].annotations, theirs.documents[0].annotations = pair("His words, on TV.", "Check the budget.")
    (review,), _ = review_projects(mine, theirs)
    time = now()
    merged = merge_document(review, {}, {}, "Rev", time)
    (ann,) = merged.annotations
    assert ann.note == "Mine (Alice): His words, on TV.\n\nTheirs (Bob): Check the budget."
    assert (ann.id, ann.author, ann.modified_by, ann.modified) == (review.items[0].mine.id, "Alice", "Rev", time)
    (record,) = merged.review
    assert (record.group, record.decision, record.decided, record.reviewer) == ("notes differ", Decision.KEPT_BOTH_NOTES, False, "Rev")
    assert record.mine.note == "His words, on TV." and record.theirs.note == "Check the budget." and record.result[0].note == ann.note
    for decision, note in ((Decision.KEPT_MINE, "His words, on TV."), (Decision.ACCEPTED_THEIRS, "Check the budget.")):
        (kept,) = merge_document(review, {0: ItemDecision(decision)}, {}, "Rev", time).annotations
        assert kept.note == note


def test_notes_differ_in_the_review_window_and_the_merge(window, qtbot, tmp_path, monkeypatch):
    theirs_path = write_colleague(tmp_path / "colleague.annotator.json", NOTES)
    review = start_on(qtbot, window, theirs_path)
    table = review.table
    button = review.group_buttons[Group.NOTES_DIFFER]
    assert button.text() == "Notes differ 3"
    before = baseline_groups()  # Reuters' notes differ in the sample already; the other two were agreed
    assert before[Group.NOTES_DIFFER] == 1
    undecided = sum(n for g, n in before.items() if g != Group.AGREED) + 2
    assert f"{undecided} differences undecided" in review.summary.text()

    # F8 stops at each of them, and Shift+F8 goes back to them
    seen = []
    for _ in range(len(review.session.items)):
        qtbot.keyClick(table, Qt.Key.Key_F8)
        if current_item(review).group == Group.NOTES_DIFFER:
            seen.append(review.current_row())
    assert {review.session.items[row].mine.quote.exact for row in seen} == set(NOTES)
    review.select_row(seen[0])
    qtbot.keyClick(table, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(table, Qt.Key.Key_F8)
    assert review.current_row() == seen[0]

    # filtered like the other groups: only them, or all but them
    for group, other in review.group_buttons.items():
        if group != Group.NOTES_DIFFER:
            qtbot.mouseClick(other, Qt.MouseButton.LeftButton)
    shown = [review.session.items[review.proxy.mapToSource(review.proxy.index(r, 0)).row()] for r in range(review.proxy.rowCount())]
    assert [item.group for item in shown] == [Group.NOTES_DIFFER] * 3
    for group, other in review.group_buttons.items():
        qtbot.mouseClick(other, Qt.MouseButton.LeftButton)
    assert review.proxy.rowCount() == len(review.session.items) - 3

    # the item side by side shows both notes
    rows = {review.session.items[row].mine.quote.exact: row for row in seen}
    review.select_row(rows["Tehran Times"])
    assert "State-aligned Iranian daily." in review.side_labels["mine"].text()
    assert NOTES["Tehran Times"] in review.side_labels["theirs"].text()

    # decide two of them, leave the third
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_T)
    review.select_row(rows["Interfax news service"])
    qtbot.keyClick(table, Qt.Key.Key_M)
    data = merge_to(qtbot, review, tmp_path / "merged.annotator.json", monkeypatch)

    merged = load_project(tmp_path / "merged.annotator.json").documents[0]  # a valid project
    by_quote = {a.quote.exact: a for a in merged.annotations}
    assert by_quote["Tehran Times"].note == NOTES["Tehran Times"]
    assert by_quote["Interfax news service"].note == "Russian news agency; single source for this report."
    assert by_quote["Reuters"].note == f"Theirs ({THEIRS_NAME}): {NOTES['Reuters']}"
    assert by_quote["Reuters"].author == MINE_NAME and by_quote["Reuters"].modified_by == "Test Checker"
    records = {r["mine"]["exact"]: r for r in data["documents"][0]["review"] if r["group"] == "notes differ"}
    assert {q: (r["decision"], r["decided"]) for q, r in records.items()} == {
        "Tehran Times": ("accepted theirs", True),
        "Interfax news service": ("kept mine", True),
        "Reuters": ("kept both notes", False),
    }
    assert records["Reuters"]["result"][0]["note"] == by_quote["Reuters"].note

    # whoever opens the merge sees that both notes were kept, undecided
    assert window.open_path(tmp_path / "merged.annotator.json", ask_to_save=False)
    changes = window.changes_panel.model
    rows = {changes.index(r, 1).data(): r for r in range(changes.rowCount())}
    assert changes.index(rows["Reuters"], 2).data() == "undecided: kept both notes (notes differ)"
    assert changes.index(rows["Reuters"], 0).data() == "note changed"
    assert changes.index(rows["Tehran Times"], 2).data() == "accepted theirs (notes differ)"


def test_notes_differ_in_an_edit_start_from_both_notes(window, qtbot, tmp_path):
    from .conftest import on_next_dialog

    review = start_on(qtbot, window, write_colleague(tmp_path / "colleague.annotator.json", NOTES))
    row = next(r for r, i in enumerate(review.session.items) if i.group == Group.NOTES_DIFFER and i.mine.quote.exact == "Tehran Times")
    review.select_row(row)
    seen = []
    on_next_dialog(lambda dialog: (seen.append(dialog.note_edit.toPlainText()), dialog.accept()))
    qtbot.keyClick(review.table, Qt.Key.Key_E)
    assert seen == [f"Mine ({MINE_NAME}): State-aligned Iranian daily.\n\nTheirs ({THEIRS_NAME}): {NOTES['Tehran Times']}"]
    assert review.session.decision(row).edited.note == seen[0]


def test_review_stats_counts_notes_that_differ(tmp_path, capsys, qapp):
    theirs_path = write_colleague(tmp_path / "colleague.annotator.json", NOTES)
    assert cli.main(["review", "--stats", str(SAMPLE), str(theirs_path)]) == 0
    before = baseline_groups()
    after = {**before, Group.AGREED: before[Group.AGREED] - 2, Group.NOTES_DIFFER: 3}
    assert ", ".join(f"{after[g]} {g.value}" for g in Group) in capsys.readouterr().out
    outputs = []
    for colleague in (theirs_path, COLLEAGUE):
        assert cli.main(["review", "--stats", "--json", str(SAMPLE), str(colleague)]) == 0
        outputs.append(json.loads(capsys.readouterr().out)["documents"][0])
    with_notes, without = outputs
    assert with_notes["groups"]["notes differ"] == 3 and with_notes["groups"]["agreed"] == before[Group.AGREED] - 2
    assert without["groups"]["notes differ"] == 1 and without["groups"]["agreed"] == before[Group.AGREED]  # the sample's Reuters
    assert with_notes["agreement"] == without["agreement"]  # the notes change no number


def baseline_groups():
    """The sample's review groups without the notes these tests add (the sample's fact-checks
    differ in places of their own, and may change as it grows)."""
    (review,), _ = review_projects(load_project(SAMPLE), load_project(COLLEAGUE))
    return counts(review.items)


def test_a_merge_reviewed_again_does_not_nest_the_notes():
    """Reviewing the merge against the same colleague finds their note already in mine."""
    (mine, theirs) = [a[0] for a in pair("His words, on TV.", "Check the budget.")]
    merged = mine.changed("Rev", note=combined_notes(mine, theirs))
    assert compare([merged], [theirs])[0].group == Group.AGREED
    assert compare([mine], [theirs])[0].group == Group.NOTES_DIFFER
