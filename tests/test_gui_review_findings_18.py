"""GUI defects found reviewing issue 18 (links, verdicts, the rating scale), each pinned by a test."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.storage import load_project

from .conftest import on_next_dialog
from .test_gui_links import TEXT, _wait_active, ann, open_article, step_onto

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_link_mode_ends_when_its_source_becomes_an_orphan(window, qtbot, tmp_path):
    """L on a quote, then an article update (here its redo) leaves the quote without its text:
    link mode went on from the orphan, and Enter pushed a link on an annotation the session
    no longer holds (a KeyError in the undo command's redo)."""
    path = open_article(window, tmp_path)
    updated = tmp_path / "updated.txt"
    updated.write_text(TEXT.replace("confirmed the report", "would not comment"), encoding="utf-8")
    on_next_dialog(lambda dialog: dialog.accept())
    assert window.update_text_from(updated)
    _wait_active(window)
    window.actions.undo.trigger()  # the quote has its text again
    quote = step_onto(qtbot, window, "confirmed the report")
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert window.linking.source_id == quote.id
    window.actions.redo.trigger()  # the update again: the quote is an orphan
    assert [o.id for o in window.session.document.orphans] == [quote.id]
    assert window.linking.source_id is None  # link mode ended with its source's place in the text
    claim = ann(window, "any base was used by Russia")
    window.panel.select_annotation(claim.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)  # links nothing now
    _wait_active(window)
    assert all(not o.links for o in window.session.document.orphans)
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    assert load_project(path).documents[0].links_problem() is None


class _Counted(list):
    """A document's orphans that count the passes over them."""

    passes = 0

    def __iter__(self):
        type(self).passes += 1
        return super().__iter__()


def test_typing_a_note_on_a_linked_claim_does_not_pass_over_every_orphan(window, qtbot, tmp_path):
    """Each change of the current annotation (each keystroke in its note) rebuilt its links'
    list, and with it a set of every orphan's id: after an update that lost most of the text's
    spans, a pass over up to every annotation per keystroke."""
    from .factories import annotation
    from .test_gui_links import _link
    from annotator.core.model import Relation, Tag

    open_article(window, tmp_path)
    _link(window, "the bombers flew from Hamadan", "Reuters", Relation.SUPPORTS)
    session = window.session
    doc = session.document
    many = _Counted(annotation(TEXT, 0, 5, Tag.QUOTE, 1000 + n) for n in range(2000))
    doc.__dict__["orphans"] = many  # as an article update leaves them, without a check per item
    session.orphansChanged.emit()
    claim = step_onto(qtbot, window, "the bombers flew from Hamadan")
    assert [jump.text() for jump, _ in window.panel.link_list.rows] == ["Supported by source “Reuters”"]
    window.panel.note_edit.setFocus()
    _Counted.passes = 0
    for key in (Qt.Key.Key_A, Qt.Key.Key_B, Qt.Key.Key_C):
        qtbot.keyClick(window.panel.note_edit, key)
    assert session.annotations.get(claim.id).note.endswith("abc")
    assert _Counted.passes == 0


def test_verdicts_the_user_chose_to_clear_are_cleared_when_another_level_is_renamed_to_their_name(window, qtbot, tmp_path):
    """Remove "False" with "Remove and Clear Verdicts", rename "Misleading" to "False": the
    False verdicts were kept (a level of that name was on the scale again), against the user's
    answer, and mixed in with the renamed level's so that nothing told them apart."""
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from annotator.core.storage import save_project
    from annotator.ui.rating_scale_dialog import RatingScaleDialog

    from .conftest import SAMPLE
    from .test_gui_factcheck import CLAIM, OTHER_CLAIM, _answer_removal, _rename, _select_level, choose, click_text, handle_dialog

    project = load_project(SAMPLE)  # the sample without verdicts, as test_gui_factcheck's fixture has it
    for doc in project.documents:
        doc.verdict = doc.summary = ""
        doc.annotations = [a.model_copy(update={"verdict": "", "reasoning": "", "speaker": "", "evidence": ()}) for a in doc.annotations]
    path = tmp_path / "work.annotator.json"
    save_project(project, path)
    assert window.open_path(path, ask_to_save=False)
    combo = window.panel.claim_details.verdict_combo
    for claim, verdict in ((CLAIM, "Misleading · 2"), (OTHER_CLAIM, "False · 1")):
        click_text(qtbot, window.view, claim, offset=3)
        choose(qtbot, combo, verdict)
    seen: dict = {}

    def edit_scale(dialog: RatingScaleDialog) -> None:
        _select_level(qtbot, dialog, "False")
        handle_dialog(_answer_removal("clearVerdictsButton", seen), QMessageBox)
        qtbot.mouseClick(dialog.buttons_by_name["remove"], Qt.MouseButton.LeftButton)
        _rename(qtbot, dialog, "Misleading", "False")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    handle_dialog(edit_scale, RatingScaleDialog)
    window.actions.rating_scale.trigger()
    assert seen["question"] == "“False” is the verdict of 1 claim."
    verdicts = {a.quote.exact[:20]: a.verdict for a in window.session.annotations}
    assert verdicts[CLAIM[:20]] == "False"  # the renamed level's verdict
    assert verdicts[OTHER_CLAIM[:20]] == ""  # cleared, as the user answered
    window.actions.undo.trigger()
    verdicts = {a.quote.exact[:20]: a.verdict for a in window.session.annotations}
    assert (verdicts[CLAIM[:20]], verdicts[OTHER_CLAIM[:20]]) == ("Misleading", "False")
