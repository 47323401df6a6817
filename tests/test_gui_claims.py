"""The Claims view driven as a fact-checker would: open it with its key, filter it by keyboard
and mouse, jump to a claim with Enter, rate and link claims and see only their rows change,
delete and undo, save, review agreement, and switching articles in a workspace."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from annotator.core.model import Decision, Relation, ReviewRecord, Snapshot, Tag
from annotator.core.storage import dump_bytes, load_project
from annotator.ui.annotation_model import ID_ROLE
from annotator.ui.claims_model import AGREEMENT, CLAIM, DISPUTES, EVIDENCE, SUPPORTS, VERDICT

from .conftest import SAMPLE
from .gui_helpers import open_sample_copy
from .test_accessibility import unexplained
from .test_workspace import make

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def sample_claims(path=SAMPLE) -> list[dict]:
    """The claims of a project file as JSON, in the file's (reading) order."""
    doc = json.loads(path.read_text(encoding="utf-8"))["documents"][0]
    return [a for a in doc["annotations"] if a["tag"] == "claim"]


def backed(path=SAMPLE) -> dict[str, bool]:
    """Per claim id of the file: does anything support or dispute it (its own links, a
    "disputes" link into it, or outside evidence)? Worked out here from the JSON alone."""
    anns = json.loads(path.read_text(encoding="utf-8"))["documents"][0]["annotations"]
    disputed_by = {link["target"] for a in anns for link in a.get("links", []) if link["relation"] == "disputes"}
    return {
        a["id"]: bool(a.get("evidence") or a["id"] in disputed_by or any(l["relation"] in ("supports", "disputes") for l in a.get("links", [])))
        for a in anns if a["tag"] == "claim"
    }


def open_claims(window, qtbot):
    """View ▸ Claims by its shortcut; the list has the focus."""
    qtbot.keyClick(window, Qt.Key.Key_C, CTRL | SHIFT)
    view = window.claims.view
    qtbot.waitUntil(lambda: window.claims.dock.isVisible())
    return view


def shown_ids(view) -> list[str]:
    return [view.proxy.index(r, 0).data(ID_ROLE) for r in range(view.proxy.rowCount())]


def cell(view, ann_id: str, column: int) -> str:
    row = view.model.row_of(ann_id)
    assert row >= 0, f"{ann_id} is not listed"
    return view.model.index(row, column).data()


def choose(qtbot, combo, label: str) -> None:
    """Pick a combo entry with the arrow keys."""
    target = combo.findText(label)
    assert target >= 0, label
    combo.setFocus()
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def test_the_shortcut_opens_every_claim_of_the_article_with_its_counts(window, qtbot, tmp_path):
    open_sample_copy(window, tmp_path)
    assert not window.claims.dock.isVisible() and window.claims.view.model.rowCount() == 0  # built only when shown
    view = open_claims(window, qtbot)
    claims = sample_claims()
    assert view.table.hasFocus() and window.actions.claims_view.isChecked()
    assert shown_ids(view) == [c["id"] for c in claims]
    assert [view.proxy.index(r, CLAIM).data() for r in range(3)] == [" ".join(c["quote"]["exact"].split()) for c in claims[:3]]
    lacking = sum(not has for has in backed().values())
    unrated = sum(not c.get("verdict", "").strip() for c in claims)
    assert view.count_label.text().startswith(f"{len(claims)} claims · {lacking} without evidence · {unrated} without verdict · ")
    assert unexplained(window) == []

    qtbot.keyClick(window, Qt.Key.Key_C, CTRL | SHIFT)  # again: hidden, and the article has the keys
    assert not window.claims.dock.isVisible() and not window.actions.claims_view.isChecked()
    assert window.view.hasFocus()


def test_filters_by_keyboard_and_by_mouse(window, qtbot, tmp_path):
    open_sample_copy(window, tmp_path)
    view = open_claims(window, qtbot)
    has = backed()
    qtbot.keyClick(window, Qt.Key.Key_W, ALT)  # Show: the filter
    assert view.filter_combo.hasFocus()
    qtbot.keyClick(view.filter_combo, Qt.Key.Key_Down)  # All → Without evidence
    assert view.filter_combo.currentText() == "Without evidence"
    assert shown_ids(view) == [i for i, backed_ in has.items() if not backed_]
    for row in range(view.proxy.rowCount()):
        assert [view.proxy.index(row, c).data() for c in (SUPPORTS, DISPUTES, EVIDENCE)] == ["0", "0", "0"]
    assert view.count_label.text().endswith(f"— showing {view.proxy.rowCount()}")

    rated = {c["id"]: c.get("verdict", "") for c in sample_claims()}
    level = next(v for v in rated.values() if v)
    combo = view.filter_combo  # the mouse: open the list and click the verdict
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: combo.view().isVisible())
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a combo ignores a click that could end the one that opened it
    item = combo.view().visualRect(combo.model().index(combo.findText(f"Verdict: {level}"), 0))
    qtbot.mouseClick(combo.view().viewport(), Qt.MouseButton.LeftButton, pos=item.center())
    qtbot.waitUntil(lambda: combo.currentText() == f"Verdict: {level}")
    assert shown_ids(view) == [i for i, v in rated.items() if v.casefold() == level.casefold()]

    choose(qtbot, combo, "All")
    assert view.proxy.rowCount() == len(rated) and not view.count_label.text().endswith(f"— showing {len(rated)}")


def test_enter_and_a_double_click_show_the_claim_in_the_article(window, qtbot, tmp_path):
    open_sample_copy(window, tmp_path)
    view = open_claims(window, qtbot)
    claims = sample_claims()
    view.table.setCurrentIndex(view.proxy.index(0, CLAIM))
    for _ in range(3):
        qtbot.keyClick(view.table, Qt.Key.Key_Down)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    chosen = claims[3]
    current = window.panel.current_annotation()
    assert current is not None and current.id == chosen["id"]
    assert window.view.selected_span() == (chosen["start"], chosen["end"]) and window.view.hasFocus()

    index = view.proxy.index(6, VERDICT)
    view.table.scrollTo(index)
    where = view.table.visualRect(index).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a double-click: a click, then the second
    assert window.panel.current_annotation().id == claims[3]["id"]  # a single click only chooses the row
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.panel.current_annotation().id == claims[6]["id"]
    assert window.view.selected_span() == (claims[6]["start"], claims[6]["end"])

    combo = window.panel.claim_details.verdict_combo  # the verdict chosen in the details: the row follows
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert window.panel.current_annotation().verdict == combo.currentData() != claims[6].get("verdict", "")
    assert cell(view, claims[6]["id"], VERDICT) == combo.currentText()

    window.panel.select_annotation(claims[9]["id"])  # and the list follows the article
    assert view.current_id() == claims[9]["id"]
    quote = next(a for a in window.session.annotations if a.tag == Tag.QUOTE)
    window.panel.select_annotation(quote.id)  # no claim current: no row current
    assert view.current_id() is None


def test_a_verdict_and_a_link_redraw_only_their_claims_rows(window, qtbot, tmp_path):
    path = open_sample_copy(window, tmp_path)
    view = open_claims(window, qtbot)
    claims = sample_claims()
    claim, other = claims[1], claims[2]
    redrawn: list[tuple[int, int]] = []
    view.model.dataChanged.connect(lambda a, b: redrawn.append((a.row(), b.row())))
    resets: list[int] = []
    view.model.modelReset.connect(lambda: resets.append(1))

    assert window.editor.set_verdict(claim["id"], "False")
    assert cell(view, claim["id"], VERDICT) == "False · 1"  # with its number on the scale
    row = view.model.row_of(claim["id"])
    assert redrawn == [(row, row)] and not resets

    redrawn.clear()
    assert window.editor.set_verdict(claim["id"], "Pants on fire")  # off the scale: kept, and said
    assert cell(view, claim["id"], VERDICT) == "Pants on fire · not on the scale"

    redrawn.clear()
    disputes = int(cell(view, claim["id"], DISPUTES))
    session = window.session
    source, target = session.annotations.get(other["id"]), session.annotations.get(claim["id"])
    assert window.linking.link(source, target, Relation.DISPUTES)  # the other claim links to it as disputing it
    assert int(cell(view, claim["id"], DISPUTES)) == disputes + 1  # a contradiction is mutual
    assert {r for r, _ in redrawn} <= {view.model.row_of(claim["id"]), view.model.row_of(other["id"])} and not resets
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert int(cell(view, claim["id"], DISPUTES)) == disputes

    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    saved = {a.id: a for a in load_project(path).documents[0].annotations}
    assert saved[claim["id"]].verdict == "Pants on fire"
    assert view.count_label.text().startswith(f"{len(claims)} claims")


def test_deleting_a_claim_removes_its_row_and_undo_brings_it_back(window, qtbot, tmp_path):
    path = open_sample_copy(window, tmp_path)
    view = open_claims(window, qtbot)
    claims = sample_claims()
    gone = claims[4]
    view.table.setCurrentIndex(view.proxy.index(4, CLAIM))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # to the claim in the article
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.session.annotations.get(gone["id"]) is None
    assert shown_ids(view) == [c["id"] for c in claims if c is not gone]
    assert view.count_label.text().startswith(f"{len(claims) - 1} claims")

    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)  # the file has one claim less, and no link to it
    doc = load_project(path).documents[0]
    assert gone["id"] not in {a.id for a in doc.annotations}
    assert all(link.target != gone["id"] for a in doc.annotations for link in a.links)

    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert shown_ids(view) == [c["id"] for c in claims]
    assert cell(view, gone["id"], VERDICT).startswith(gone.get("verdict", ""))
    assert view.count_label.text().startswith(f"{len(claims)} claims")

    window.panel.select_annotation(gone["id"])  # retagged: no longer a claim, no longer listed
    window.editor.change_tag(gone["id"], Tag.QUOTE)
    assert gone["id"] not in shown_ids(view)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert gone["id"] in shown_ids(view)


def test_a_claim_given_its_verdict_stays_in_view_until_the_filter_is_chosen_again(window, qtbot, tmp_path):
    open_sample_copy(window, tmp_path)
    view = open_claims(window, qtbot)
    claim = sample_claims()[0]
    window.editor.set_verdict(claim["id"], "")
    choose(qtbot, view.filter_combo, "Without verdict")
    assert claim["id"] in shown_ids(view)
    window.editor.set_verdict(claim["id"], "True")
    assert claim["id"] in shown_ids(view)  # the row being worked on does not vanish
    assert cell(view, claim["id"], VERDICT) == "True · 5"
    choose(qtbot, view.filter_combo, "All")
    choose(qtbot, view.filter_combo, "Without verdict")
    assert claim["id"] not in shown_ids(view)


def test_edits_made_while_it_is_hidden_show_when_it_opens(window, qtbot, tmp_path):
    open_sample_copy(window, tmp_path)
    view = open_claims(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_C, CTRL | SHIFT)
    claim = sample_claims()[5]
    window.editor.set_verdict(claim["id"], "Mixed")
    assert view.model.rowCount() == 0  # hidden: no list kept up
    open_claims(window, qtbot)
    assert cell(view, claim["id"], VERDICT) == "Mixed · 3"


def test_review_agreement_is_read_from_the_review_records(window, qtbot, tmp_path):
    project = load_project(SAMPLE)
    doc = project.documents[0]
    claims = [a for a in doc.annotations if a.tag == Tag.CLAIM]
    late = max(a.modified for a in doc.annotations) + timedelta(days=1)
    snap = Snapshot.of(claims[0])
    doc.review = [ReviewRecord(reviewer="Rita", time=late, group="span differs", decision=Decision.KEPT_MINE, mine=snap, result=[snap])]
    path = tmp_path / "reviewed.annotator.json"
    path.write_bytes(dump_bytes(project))
    window.open_path(path, ask_to_save=False)
    view = open_claims(window, qtbot)
    assert cell(view, claims[0].id, AGREEMENT) == "differed: kept mine"
    tip = view.model.index(view.model.row_of(claims[0].id), AGREEMENT).data(Qt.ItemDataRole.ToolTipRole)
    assert "span differs: kept mine by Rita" in tip
    assert cell(view, claims[1].id, AGREEMENT) == "agreed"  # a review records only what differed
    window.editor.set_verdict(claims[1].id, "False")
    assert cell(view, claims[1].id, AGREEMENT) == "agreed, changed since"


@pytest.fixture
def desk(tmp_path):
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "a.annotator.json").write_bytes(SAMPLE.read_bytes())
    text = "The mayor said the bridge will open in May. Critics doubt it. The council disagrees."
    other = make(text, [("the bridge will open in May", "", Tag.CLAIM), ("The council disagrees", "", Tag.CLAIM),
                        ("Critics doubt it", "", Tag.QUOTE)], title="Bridge")
    (folder / "b.annotator.json").write_bytes(dump_bytes(other))
    return folder


def test_it_follows_switching_articles_in_a_workspace(window, qtbot, monkeypatch, desk):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(desk))
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.workspace.refreshes >= 1 and not window.workspace._refreshing)
    window.workspace.switch_to(desk / "a.annotator.json")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view = open_claims(window, qtbot)
    assert view.model.rowCount() == len(sample_claims())
    qtbot.keyClick(window, Qt.Key.Key_PageUp, CTRL)  # the article before it in the list ("Bridge", by title)
    qtbot.waitUntil(lambda: window.session is not None and window.session.document.title == "Bridge")
    assert [view.proxy.index(r, CLAIM).data() for r in range(view.proxy.rowCount())] == ["the bridge will open in May", "The council disagrees"]
    assert view.count_label.text() == "2 claims · 2 without evidence · 2 without verdict · 0 disputed"
    bridge = view.proxy.index(0, CLAIM).data(ID_ROLE)
    window.editor.set_verdict(bridge, "False")  # the new article's edits reach the list
    assert cell(view, bridge, VERDICT) == "False · 1"
    assert view.count_label.text() == "2 claims · 2 without evidence · 1 without verdict · 0 disputed"
    qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL)  # back, saving the bridge's verdict
    qtbot.waitUntil(lambda: window.session.document.title != "Bridge")
    assert shown_ids(view) == [c["id"] for c in sample_claims()]
    assert [a.verdict for a in load_project(desk / "b.annotator.json").documents[0].annotations if a.tag == Tag.CLAIM] == ["False", ""]


def test_a_new_rating_scale_re_rates_the_claims_and_offers_its_verdicts(window, qtbot, tmp_path):
    from annotator.core.model import RatingLevel
    from annotator.ui.factcheck_commands import SetRatingScale

    open_sample_copy(window, tmp_path)
    view = open_claims(window, qtbot)
    true = [c["id"] for c in sample_claims() if c.get("verdict") == "True"]
    assert true and cell(view, true[0], VERDICT) == "True · 5"
    choose(qtbot, view.filter_combo, "Verdict: True")
    session = window.session
    scale = [RatingLevel(name="Accurate" if level.name == "True" else level.name, value=level.value) for level in session.project.metadata.rating_scale]
    session.undo_stack.push(SetRatingScale(session, scale, {"true": "Accurate"}, set(), "Test Checker"))
    assert [cell(view, i, VERDICT) for i in true] == ["Accurate · 5"] * len(true)
    assert view.filter_combo.findText("Verdict: Accurate") >= 0 and view.filter_combo.findText("Verdict: True") < 0
    choose(qtbot, view.filter_combo, "Verdict: Accurate")
    assert shown_ids(view) == true
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert cell(view, true[0], VERDICT) == "True · 5" and view.filter_combo.findText("Verdict: True") >= 0
