"""Reviewing a colleague's links and verdicts in the real windows (issue 18, "Review"): the
items say both sides in words, are decided by key as a person does, undone and redone, and
the saved merge holds the links on merged ids, the records saying what was not kept, and no
link to nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.integrity import project_problems
from annotator.core.merge import NOT_KEPT
from annotator.core.model import Decision, Evidence, Link, Relation, Tag
from annotator.core.review import Group
from annotator.core.storage import load_project, save_project

from .factories import WHEN, annotation, project
from .test_gui_review import current_item, merge_to, reactivate

TEXT = ("The ministry said the jets flew from Hamadan on Tuesday. Reuters reported the flights. "
        "A coalition spokesman would not confirm it. Officials in Tehran denied everything.")


def at(needle, tag, n, author, **fields):
    start = TEXT.index(needle)
    ann = annotation(TEXT, start, start + len(needle), tag, n)
    return ann.model_copy(update={"author": author, **fields})


def link(target, relation=Relation.SUPPORTS):
    return Link(target=target.id, relation=relation, by=target.author, time=WHEN)


def write_sides(folder):
    """Mine (Sam): the claim "False", supported by the Reuters quote and disputed by the
    spokesman, whom only I tagged. Theirs (Alex, ids of their own): "Mostly true", supported by
    the quote and by Reuters as a source, context from Tehran's officials, whom only they
    tagged, with a report as evidence."""
    quote, reuters = at("Reuters reported the flights", Tag.QUOTE, 1, "Sam"), at("Reuters", Tag.SOURCE, 2, "Sam")
    spokesman = at("A coalition spokesman", Tag.SOURCE, 3, "Sam")
    claim = at("the jets flew from Hamadan", Tag.CLAIM, 0, "Sam", verdict="False",
               links=(link(quote), link(spokesman, Relation.DISPUTES)))
    mine = project(TEXT)
    mine.documents[0].annotations = sorted([claim, quote, reuters, spokesman], key=lambda a: a.sort_key())
    t_quote, t_reuters = at("Reuters reported the flights", Tag.QUOTE, 101, "Alex"), at("Reuters", Tag.SOURCE, 102, "Alex")
    tehran = at("Officials in Tehran", Tag.SOURCE, 104, "Alex")
    t_claim = at("the jets flew from Hamadan", Tag.CLAIM, 100, "Alex", verdict="Mostly true", reasoning="Reuters saw the jets.",
                 links=(link(t_quote), link(t_reuters), link(tehran, Relation.CONTEXT)),
                 evidence=(Evidence(url="https://example.org/flights", title="Flight data", time=WHEN),))
    theirs = project(TEXT)
    theirs.documents[0].annotations = sorted([t_claim, t_quote, t_reuters, tehran], key=lambda a: a.sort_key())
    paths = folder / "mine.annotator.json", folder / "theirs.annotator.json"
    save_project(mine, paths[0])
    save_project(theirs, paths[1])
    return paths


def step_to(qtbot, review, group, needle):
    for _ in range(len(review.session.items) + 1):
        qtbot.keyClick(review.table, Qt.Key.Key_F8)
        item = current_item(review)
        if item.group == group and TEXT[item.start:item.end] == needle:
            return item
    raise AssertionError(f"no {group.value} item for {needle!r}")


def test_review_a_colleagues_links_and_verdicts_decide_merge_and_check_the_file(window, qtbot, tmp_path, monkeypatch):
    mine_path, theirs_path = write_sides(tmp_path)
    assert window.open_path(mine_path, ask_to_save=False)
    review = window.start_review(theirs_path)
    assert review is not None
    qtbot.addWidget(review, before_close_func=lambda w: w.session.undo_stack.setClean())
    reactivate(qtbot, review)
    review.table.setFocus()
    assert review.group_buttons[Group.FACTS_DIFFER].text() == "Fact-check differs 1"
    assert review.group_buttons[Group.AGREED].text() == "Agreed 2"  # the quote and Reuters, ids aside

    # the claim: both fact-checks in words, side by side
    item = step_to(qtbot, review, Group.FACTS_DIFFER, "the jets flew from Hamadan")
    mine_words, theirs_words = review.side_labels["mine"].text(), review.side_labels["theirs"].text()
    assert "Verdict: False" in mine_words and "Link: disputes → source “A coalition spokesman”" in mine_words
    assert "Verdict: Mostly true" in theirs_words and "Reasoning: Reuters saw the jets." in theirs_words
    assert "Link: supports → source “Reuters”" in theirs_words and "Link: context → source “Officials in Tehran”" in theirs_words
    assert "Evidence: https://example.org/flights (Flight data)" in theirs_words
    row = review.current_row()
    assert review.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == \
        "The fact-checks differ in: verdict, reasoning, evidence, links"
    tip = review.model.index(row, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert "your verdict, links and evidence are kept" in tip  # what happens if nobody decides

    # T takes their fact-check; undo and redo it as a person would
    qtbot.keyClick(review.table, Qt.Key.Key_T)
    assert review.session.decision(row).decision == Decision.ACCEPTED_THEIRS
    qtbot.keyClick(review.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert review.session.decision(row) is None
    qtbot.keyClick(review.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert review.session.decision(row).decision == Decision.ACCEPTED_THEIRS
    assert item is current_item(review)  # the selection stayed on the claim

    # only I tagged the spokesman: T (their version: nothing) removes it, and with it my link
    step_to(qtbot, review, Group.ONLY_MINE, "A coalition spokesman")
    qtbot.keyClick(review.table, Qt.Key.Key_T)
    # only they tagged Tehran's officials: left undecided, so left out; their link to it goes
    step_to(qtbot, review, Group.ONLY_THEIRS, "Officials in Tehran")
    assert review.session.decision(review.current_row()) is None

    data = merge_to(qtbot, review, tmp_path / "merged.annotator.json", monkeypatch)

    # the saved file: loads (links are checked on load), sound, links on the merged ids
    merged = load_project(tmp_path / "merged.annotator.json")
    assert project_problems(merged) == []
    doc = merged.documents[0]
    assert doc.links_problem() is None
    anns = {TEXT[a.start:a.end]: a for a in doc.annotations}
    assert set(anns) == {"the jets flew from Hamadan", "Reuters reported the flights", "Reuters"}
    claim = anns["the jets flew from Hamadan"]
    assert (claim.verdict, claim.reasoning, claim.author) == ("Mostly true", "Reuters saw the jets.", "Alex")
    assert [(l.target, l.relation) for l in claim.links] == [
        (anns["Reuters reported the flights"].id, Relation.SUPPORTS), (anns["Reuters"].id, Relation.SUPPORTS)]
    assert anns["Reuters"].author == "Sam" and anns["Reuters"].id.endswith("000000000002")  # my annotation, my id
    assert [e.url for e in claim.evidence] == ["https://example.org/flights"]
    every_id = {a["id"] for d in data["documents"] for a in d["annotations"] + d.get("orphans", [])}
    saved_links = [link for d in data["documents"] for a in d["annotations"] for link in a.get("links", [])]
    assert len(saved_links) == 2 and all(link["target"] in every_id for link in saved_links)

    # the records say what was not kept, in words
    records = {r.group: r for r in doc.review if r.group != NOT_KEPT}
    facts = records[Group.FACTS_DIFFER.value]
    assert (facts.decision, facts.decided, facts.comment) == (Decision.ACCEPTED_THEIRS, True, None)
    assert records[Group.ONLY_MINE.value].decision == Decision.ACCEPTED_THEIRS
    said = {(r.mine or r.theirs).exact: r.comment.text for r in doc.review if r.group == NOT_KEPT}
    assert "My fact-check, not kept: verdict “False” (kept: “Mostly true”)" in said["the jets flew from Hamadan"]
    assert "link disputes → source “A coalition spokesman”" in said["the jets flew from Hamadan"]
    assert said["Officials in Tehran"].startswith(
        "Link dropped: the link “context” from claim “the jets flew from Hamadan” to source “Officials in Tehran”")
    assert "A coalition spokesman" not in said  # my link to it was on my claim, not kept: said with the claim

    # whoever opens the merge reads it in "Changes since review"
    assert window.open_path(tmp_path / "merged.annotator.json", ask_to_save=False)
    changes = window.changes_panel.model
    described = [changes.index(r, 0).data() for r in range(changes.rowCount())]
    assert described[:3] == ["fact-check replaced by the other version's",
                             "my fact-check, not kept: verdict “False” (kept: “Mostly true”); link disputes → source “A coalition…",
                             "removed (was source)"]
    assert described[4].startswith("link dropped: the link “context” from claim “the jets flew from Hamadan”")


def test_the_agreement_panel_says_too_few_claims_rated_by_both(window, qtbot, tmp_path):
    mine_path, theirs_path = write_sides(tmp_path)
    assert window.open_path(mine_path, ask_to_save=False)
    review = window.start_review(theirs_path)
    qtbot.addWidget(review, before_close_func=lambda w: w.session.undo_stack.setClean())
    qtbot.waitUntil(lambda: "kappa" in review.agreement_label.text())
    assert "too few claims rated by both of you (1 of 1 matched claims; a kappa needs 5)" in review.agreement_label.text()
    QApplication.processEvents()
