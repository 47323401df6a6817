"""The fact-check fields, driven as a person would: a claim's verdict from the project's rating
scale, its reasoning, speaker and outside evidence, the article's verdict and summary, and the
rating scale's own dialog; each undone and redone, saved, and kept by the recovery file."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QToolButton

from annotator.core.model import Tag, url_problem
from annotator.core.recovery import PendingChanges, RecoveryWriter, find_recoveries, journal_file, read_recovery
from annotator.core.storage import load_project, save_project
from annotator.ui.article_verdict import ArticleVerdictDialog
from annotator.ui.evidence_dialog import EvidenceDialog
from annotator.ui.rating_scale_dialog import RatingScaleDialog

from .conftest import SAMPLE, on_next_dialog
from .gui_helpers import click_text, process_dies

CLAIM = "Russian warplanes are now"
"""A claim of the sample (the Iranian air base)."""
OTHER_CLAIM = "Tu-22M3 long-range bombers and Su-34"
QUOTE = "The Russians did notify the coalition"
SCALE = ["No verdict", "True · 5", "Mostly true · 4", "Mixed · 3", "Misleading · 2", "False · 1", "Unverifiable"]


@pytest.fixture
def project_path(tmp_path):
    """The sample without any fact-check yet (the sample's own verdicts, speakers and evidence
    removed), copied where saves may go."""
    project = load_project(SAMPLE)
    for doc in project.documents:
        doc.verdict = doc.summary = ""
        doc.annotations = [a.model_copy(update={"verdict": "", "reasoning": "", "speaker": "", "evidence": ()}) for a in doc.annotations]
    path = tmp_path / "work.annotator.json"
    save_project(project, path)
    return path


@pytest.fixture
def opened(window, project_path):
    assert window.open_path(project_path, ask_to_save=False)
    return window


def saved(window) -> dict:
    """Save through the window and read back the file as JSON."""
    window.actions.save.trigger()
    assert not window.isWindowModified()
    return json.loads(window.session.path.read_text(encoding="utf-8"))


def saved_annotation(data: dict, exact_start: str) -> dict:
    return next(a for a in data["documents"][0]["annotations"] if a["quote"]["exact"].startswith(exact_start))


_FAILED: list[BaseException] = []


def handle_dialog(handler, kind):
    """``on_next_dialog`` whose handler, if it fails, closes the dialog (so the test ends
    instead of hanging in its exec) and fails the test afterwards (``raise_failures``)."""

    def run(dialog) -> None:
        try:
            handler(dialog)
        except BaseException as exc:  # noqa: BLE001 - raised again by raise_failures
            _FAILED.append(exc)
            dialog.reject()

    return on_next_dialog(run, kind=kind)


@pytest.fixture(autouse=True)
def raise_failures():
    _FAILED.clear()
    yield
    if _FAILED:
        raise _FAILED[0]


def choose(qtbot, combo, text: str) -> None:
    """Pick an item of a combo box with the keyboard as one choice: F4 opens its list, Home,
    Down to the item, Enter."""
    row = combo.findText(text)
    assert row >= 0, f"{text!r} not offered: {items(combo)}"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_F4)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    for _ in range(row):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())
    assert combo.currentText() == text


def items(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_a_claims_verdict_is_chosen_from_the_scale_by_keyboard_one_step_per_choice(opened, qtbot):
    window = opened
    click_text(qtbot, window.view, CLAIM, offset=3)
    details = window.panel.claim_details
    combo = details.verdict_combo
    assert window.panel.current_annotation().tag == Tag.CLAIM and combo.isVisible()
    assert items(combo) == SCALE and combo.currentText() == "No verdict"
    qtbot.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # the label's mnemonic: Ver&dict
    assert QApplication.focusWidget() is combo
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert window.panel.current_annotation().verdict == "Mostly true"
    qtbot.keyClick(combo, Qt.Key.Key_End)
    assert window.panel.current_annotation().verdict == "Unverifiable" and combo.currentText() == "Unverifiable"
    stack = window.session.undo_stack
    assert stack.count() == 3  # one step per choice
    window.actions.undo.trigger()
    assert window.panel.current_annotation().verdict == "Mostly true" and combo.currentText() == "Mostly true · 4"
    window.actions.undo.trigger()
    window.actions.undo.trigger()
    assert window.panel.current_annotation().verdict == "" and combo.currentText() == "No verdict"
    for _ in range(3):
        window.actions.redo.trigger()
    assert combo.currentText() == "Unverifiable"
    ann = saved_annotation(saved(window), CLAIM)
    assert ann["verdict"] == "Unverifiable" and ann["modified_by"] == "Test Checker"


def test_a_verdict_off_the_scale_is_shown_as_such_and_kept_until_changed(window, qtbot, project_path):
    project = load_project(project_path)
    doc = project.documents[0]
    doc.annotations = [a.model_copy(update={"verdict": "Half true"}) if a.quote.exact.startswith(CLAIM) else a for a in doc.annotations]
    save_project(project, project_path)
    window.open_path(project_path, ask_to_save=False)
    click_text(qtbot, window.view, CLAIM, offset=3)
    combo = window.panel.claim_details.verdict_combo
    assert items(combo) == [*SCALE, "Half true (not on this project's scale)"]
    assert combo.currentText() == "Half true (not on this project's scale)"
    click_text(qtbot, window.view, OTHER_CLAIM, offset=3)  # another claim: no such item
    assert items(combo) == SCALE
    click_text(qtbot, window.view, CLAIM, offset=3)
    choose(qtbot, combo, "Mixed · 3")
    assert window.panel.current_annotation().verdict == "Mixed" and items(combo) == SCALE
    window.actions.undo.trigger()
    assert window.panel.current_annotation().verdict == "Half true" and combo.currentText().startswith("Half true (not on")
    assert saved_annotation(saved(window), CLAIM)["verdict"] == "Half true"


def test_reasoning_typed_is_one_undo_step_and_saved(opened, qtbot):
    window = opened
    click_text(qtbot, window.view, CLAIM, offset=3)
    reasoning = window.panel.claim_details.reasoning_edit
    assert reasoning.isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # &Reasoning
    assert QApplication.focusWidget() is reasoning
    qtbot.keyClicks(reasoning, "Rests on the ministry's statement alone.")
    assert window.panel.current_annotation().reasoning == "Rests on the ministry's statement alone."
    assert window.session.undo_stack.count() == 1
    window.actions.undo.trigger()
    assert window.panel.current_annotation().reasoning == "" and reasoning.toPlainText() == ""
    window.actions.redo.trigger()
    assert reasoning.toPlainText() == "Rests on the ministry's statement alone."
    click_text(qtbot, window.view, QUOTE, offset=3)
    assert not reasoning.isVisible()  # a quote has a speaker, not a verdict or reasoning
    assert saved_annotation(saved(window), CLAIM)["reasoning"] == "Rests on the ministry's statement alone."


def test_the_speaker_of_a_quote_is_typed_or_chosen_from_the_articles_sources(opened, qtbot):
    window = opened
    details = window.panel.claim_details
    click_text(qtbot, window.view, QUOTE, offset=3)
    speaker = details.speaker_edit
    assert speaker.isVisible() and not details.verdict_combo.isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # S&peaker
    assert QApplication.focusWidget() is speaker
    offered = details.speakers.stringList()
    assert "Garver" in offered and "the Russian Defense Ministry" in offered  # the article's sources
    qtbot.keyClicks(speaker, "Col. Christopher Garver")
    assert window.panel.current_annotation().speaker == "Col. Christopher Garver"
    assert window.session.undo_stack.count() == 1  # typing is one step

    click_text(qtbot, window.view, OTHER_CLAIM, offset=3)  # a claim has a speaker too
    speaker.setFocus()
    assert "Col. Christopher Garver" in details.speakers.stringList()  # named elsewhere in the project
    qtbot.keyClicks(speaker, "Christopher")
    popup = speaker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    offered = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert "Col. Christopher Garver" in offered and any(name.startswith("Army Col. Christopher Garver") for name in offered)
    for _ in range(offered.index("Col. Christopher Garver") + 1):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert window.panel.current_annotation().speaker == "Col. Christopher Garver"
    window.actions.undo.trigger()
    assert window.panel.current_annotation().speaker == ""
    window.actions.redo.trigger()
    data = saved(window)
    assert saved_annotation(data, QUOTE)["speaker"] == saved_annotation(data, OTHER_CLAIM)["speaker"] == "Col. Christopher Garver"


def _fill_evidence(qtbot, dialog: EvidenceDialog, url: str, title: str = "", note: str = "") -> None:
    for edit, text in ((dialog.url_edit, url), (dialog.title_edit, title)):
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(edit, text)
    if note:
        dialog.note_edit.setFocus()
        qtbot.keyClicks(dialog.note_edit, note)


REUTERS = "https://www.reuters.com/article/us-mideast-crisis-russia-iran-idUSKCN10R0ZP"


def test_evidence_is_added_in_a_dialog_that_refuses_a_bad_url_opened_edited_and_removed(opened, qtbot, monkeypatch):
    window = opened
    opened_urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened_urls.append(url.toString()) or True)
    click_text(qtbot, window.view, CLAIM, offset=3)
    details = window.panel.claim_details
    seen: dict = {}

    def add(dialog: EvidenceDialog) -> None:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        _fill_evidence(qtbot, dialog, "reuters.com/article", "Reuters, 16 August 2016")
        seen["problem"] = dialog.problem.text() if dialog.problem.isVisibleTo(dialog) else ""
        seen["ok"] = ok.isEnabled()
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)  # refused: the dialog stays
        seen["still open"] = dialog.isVisible()
        _fill_evidence(qtbot, dialog, REUTERS, "Reuters, 16 August 2016", "Confirms the flights from Hamadan.")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    handle_dialog(add, EvidenceDialog)
    qtbot.mouseClick(details.add_evidence_button, Qt.MouseButton.LeftButton)
    assert seen == {"problem": f"The URL {url_problem('reuters.com/article')}.", "ok": False, "still open": True}
    (item,) = window.panel.current_annotation().evidence
    assert (item.url, item.title, item.note, item.by) == (REUTERS, "Reuters, 16 August 2016", "Confirms the flights from Hamadan.", "Test Checker")

    label = details.findChild(QLabel, "evidenceLink_0")
    assert label.text().endswith(">Reuters, 16 August 2016</a>")
    assert details.findChild(QLabel, "evidenceNote_0").text() == "Confirms the flights from Hamadan."
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(8, label.height() // 2))
    assert opened_urls == [REUTERS]

    def edit(dialog: EvidenceDialog) -> None:
        assert dialog.url_edit.text() == REUTERS
        _fill_evidence(qtbot, dialog, REUTERS, "Reuters: Russian bombers use Iran base")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    handle_dialog(edit, EvidenceDialog)
    qtbot.mouseClick(details.findChild(QToolButton, "evidenceEdit_0"), Qt.MouseButton.LeftButton)
    assert window.panel.current_annotation().evidence[0].title == "Reuters: Russian bombers use Iran base"
    assert window.panel.current_annotation().evidence[0].note == "Confirms the flights from Hamadan."
    qtbot.mouseClick(details.findChild(QToolButton, "evidenceRemove_0"), Qt.MouseButton.LeftButton)
    assert window.panel.current_annotation().evidence == ()
    assert window.session.undo_stack.count() == 3  # added, edited, removed: a step each
    window.actions.undo.trigger()
    assert window.panel.current_annotation().evidence[0].title == "Reuters: Russian bombers use Iran base"
    window.actions.undo.trigger()
    assert window.panel.current_annotation().evidence[0].title == "Reuters, 16 August 2016"
    assert details.findChild(QLabel, "evidenceLink_0").text().endswith(">Reuters, 16 August 2016</a>")
    (evidence,) = saved_annotation(saved(window), CLAIM)["evidence"]
    assert evidence["url"] == REUTERS and evidence["title"] == "Reuters, 16 August 2016" and evidence["by"] == "Test Checker"


def set_article_verdict(qtbot, window, verdict: str, summary: str) -> None:
    """Edit ▸ Article Verdict and Summary… by its key: choose the verdict, type the summary, OK."""

    def fill(dialog: ArticleVerdictDialog) -> None:
        choose(qtbot, dialog.verdict_combo, verdict)
        dialog.summary_edit.setFocus()
        qtbot.keyClick(dialog.summary_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dialog.summary_edit, summary)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    seen = handle_dialog(fill, ArticleVerdictDialog)
    window.activateWindow()  # back from an earlier dialog or list, as a click on the window would
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert seen, "the dialog did not come"


SUMMARY = "The base is real; what the bombers hit rests on the ministry's word alone."


def test_the_articles_verdict_and_summary_are_set_shown_undone_and_saved(opened, qtbot):
    window = opened
    label = window.panel.article_verdict.label
    assert label.isVisible() and label.full_text() == "No verdict on the article yet."
    set_article_verdict(qtbot, window, "Misleading · 2", SUMMARY)
    assert (window.session.document.verdict, window.session.document.summary) == ("Misleading", SUMMARY)
    assert label.full_text() == f"Article verdict: Misleading · 2. {SUMMARY}"
    assert window.session.undo_stack.count() == 1
    window.actions.undo.trigger()
    assert (window.session.document.verdict, window.session.document.summary) == ("", "")
    assert label.full_text() == "No verdict on the article yet."
    window.actions.redo.trigger()
    document = saved(window)["documents"][0]
    assert (document["verdict"], document["summary"]) == ("Misleading", SUMMARY)


def _select_level(qtbot, dialog: RatingScaleDialog, name: str) -> int:
    table = dialog.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == name)
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.currentRow() == row
    return row


def _rename(qtbot, dialog: RatingScaleDialog, old: str, new: str) -> None:
    _select_level(qtbot, dialog, old)
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    editor = _cell_editor(dialog)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, new)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the table commits what was typed on its next turn


def _cell_editor(dialog: RatingScaleDialog) -> QLineEdit:
    """The line edit the table opened on a cell (F2, or a level just added)."""
    editors = [e for e in dialog.table.findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "no cell is being edited"
    return editors[0]


def _levels(dialog: RatingScaleDialog) -> list[tuple[str, str]]:
    return [(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text()) for r in range(dialog.table.rowCount())]


def _answer_removal(button_name: str, seen: dict):
    def answer(box: QMessageBox) -> None:
        seen["question"] = box.text()
        next(b for b in box.buttons() if b.objectName() == button_name).click()

    return answer


def test_the_rating_scale_is_edited_in_its_dialog_and_the_verdicts_follow_in_one_step(opened, qtbot):
    window = opened
    combo = window.panel.claim_details.verdict_combo
    for claim, verdict in ((CLAIM, "Mixed · 3"), (OTHER_CLAIM, "False · 1")):
        click_text(qtbot, window.view, claim, offset=3)
        choose(qtbot, combo, verdict)
    set_article_verdict(qtbot, window, "Mixed · 3", SUMMARY)
    before = window.session.undo_stack.count()
    seen: dict = {}

    def edit_scale(dialog: RatingScaleDialog) -> None:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        _rename(qtbot, dialog, "Mixed", "true")  # names must stay distinct
        seen["twice"] = (dialog.problem.text(), ok.isEnabled())
        _rename(qtbot, dialog, "true", "Half true")
        _select_level(qtbot, dialog, "Unverifiable")
        qtbot.mouseClick(dialog.buttons_by_name["up"], Qt.MouseButton.LeftButton)
        _select_level(qtbot, dialog, "False")
        handle_dialog(_answer_removal("keepVerdictsButton", seen), QMessageBox)
        qtbot.mouseClick(dialog.buttons_by_name["remove"], Qt.MouseButton.LeftButton)
        _select_level(qtbot, dialog, "Misleading")
        qtbot.mouseClick(dialog.buttons_by_name["add"], Qt.MouseButton.LeftButton)
        editor = _cell_editor(dialog)
        qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(editor, "Satire")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        QApplication.processEvents()
        seen["levels"] = _levels(dialog)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    handle_dialog(edit_scale, RatingScaleDialog)
    window.actions.rating_scale.trigger()
    assert seen["twice"] == ("“true” is on the scale twice (names must differ, ignoring case).", False)
    assert seen["question"] == "“False” is the verdict of 1 claim."
    assert seen["levels"] == [("True", "5"), ("Mostly true", "4"), ("Half true", "3"), ("Misleading", "2"), ("Satire", ""), ("Unverifiable", "")]
    assert window.session.undo_stack.count() == before + 1  # the scale and every verdict: one step

    def verdicts() -> tuple[str, str, str]:
        anns = {a.quote.exact[:20]: a.verdict for a in window.session.annotations}
        return anns[CLAIM[:20]], anns[OTHER_CLAIM[:20]], window.session.document.verdict

    assert verdicts() == ("Half true", "False", "Half true")
    assert window.panel.article_verdict.label.full_text().startswith("Article verdict: Half true · 3.")
    click_text(qtbot, window.view, OTHER_CLAIM, offset=3)
    assert combo.currentText() == "False (not on this project's scale)"  # kept, as the user chose
    window.actions.undo.trigger()
    assert verdicts() == ("Mixed", "False", "Mixed") and combo.currentText() == "False · 1"
    assert [level.name for level in window.session.project.metadata.rating_scale] == ["True", "Mostly true", "Mixed", "Misleading", "False", "Unverifiable"]
    window.actions.redo.trigger()
    data = saved(window)
    assert data["metadata"]["rating_scale"] == [
        {"name": "True", "value": 5}, {"name": "Mostly true", "value": 4}, {"name": "Half true", "value": 3},
        {"name": "Misleading", "value": 2}, {"name": "Satire", "value": None}, {"name": "Unverifiable", "value": None},
    ]
    assert saved_annotation(data, CLAIM)["verdict"] == "Half true" and saved_annotation(data, OTHER_CLAIM)["verdict"] == "False"
    assert data["documents"][0]["verdict"] == "Half true"


def test_removing_a_level_clears_its_verdicts_only_when_asked_to(opened, qtbot):
    window = opened
    click_text(qtbot, window.view, CLAIM, offset=3)
    choose(qtbot, window.panel.claim_details.verdict_combo, "Misleading · 2")
    seen: dict = {}

    def remove(dialog: RatingScaleDialog, button: str) -> None:
        _select_level(qtbot, dialog, "Misleading")
        handle_dialog(_answer_removal(button, seen), QMessageBox)
        qtbot.mouseClick(dialog.buttons_by_name["remove"], Qt.MouseButton.LeftButton)
        seen["levels"] = [name for name, _ in _levels(dialog)]
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    def cancel(dialog: RatingScaleDialog) -> None:
        _select_level(qtbot, dialog, "Misleading")
        handle_dialog(lambda box: box.button(QMessageBox.StandardButton.Cancel).click(), QMessageBox)
        qtbot.mouseClick(dialog.buttons_by_name["remove"], Qt.MouseButton.LeftButton)
        seen["after cancel"] = [name for name, _ in _levels(dialog)]
        dialog.reject()

    handle_dialog(cancel, RatingScaleDialog)
    window.actions.rating_scale.trigger()
    assert "Misleading" in seen["after cancel"]
    handle_dialog(lambda d: remove(d, "clearVerdictsButton"), RatingScaleDialog)
    window.actions.rating_scale.trigger()
    assert seen["question"] == "“Misleading” is the verdict of 1 claim." and "Misleading" not in seen["levels"]
    assert window.panel.current_annotation().verdict == ""  # cleared, as asked
    window.actions.undo.trigger()
    assert window.panel.current_annotation().verdict == "Misleading"


def test_the_articles_verdict_and_the_scale_survive_a_crash(opened, qtbot):
    window = opened
    guard = window.file_guard
    click_text(qtbot, window.view, CLAIM, offset=3)
    choose(qtbot, window.panel.claim_details.verdict_combo, "Mixed · 3")
    assert guard.write_recovery()  # the first write: a snapshot
    set_article_verdict(qtbot, window, "Mixed · 3", SUMMARY)
    assert guard.write_recovery() and guard.writer.journal_bytes > 0  # the article's verdict: a journal line
    (recovery,), _ = find_recoveries()
    assert (recovery.project.documents[0].verdict, recovery.project.documents[0].summary) == ("Mixed", SUMMARY)

    def rename(dialog: RatingScaleDialog) -> None:
        _rename(qtbot, dialog, "Mixed", "Half true")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    handle_dialog(rename, RatingScaleDialog)
    window.actions.rating_scale.trigger()
    assert guard.write_recovery()
    set_article_verdict(qtbot, window, "Half true · 3", "Updated summary.")
    assert guard.write_recovery()
    process_dies(window)
    (recovery,), broken = find_recoveries()
    assert broken == []
    project = recovery.project
    assert [level.name for level in project.metadata.rating_scale][2] == "Half true"
    assert (project.documents[0].verdict, project.documents[0].summary) == ("Half true", "Updated summary.")
    assert next(a for a in project.documents[0].annotations if a.quote.exact.startswith(CLAIM)).verdict == "Half true"


def test_a_journal_from_before_article_verdicts_still_replays(tmp_path):
    """Journal lines written before the article's verdict and summary were details lack them:
    they replay, and leave the verdict and summary as the snapshot has them."""
    project = load_project(SAMPLE)
    project.documents[0].verdict, project.documents[0].summary = "Mixed", "Kept."
    snapshot = tmp_path / "old.recovery.json"
    writer = RecoveryWriter(snapshot, None)
    writer.write(project, PendingChanges())
    doc = project.documents[0]
    old_details = {key: getattr(doc, key) for key in ("title", "source_url", "outlet", "byline", "published")}
    old_details["title"] = "Retitled"
    line = {"generation": writer.generation, "saved_at": "2026-01-02T03:04:05+00:00", "changes": [{"doc": 0, "details": old_details}]}
    journal_file(snapshot).write_text(json.dumps(line) + "\n", encoding="utf-8")
    replayed = read_recovery(snapshot).project.documents[0]
    assert (replayed.title, replayed.verdict, replayed.summary) == ("Retitled", "Mixed", "Kept.")


def test_a_renamed_level_renames_verdicts_in_every_document_of_the_project(qapp):
    """The scale is the project's: documents not shown (indexed already or not yet) follow too,
    and undo puts every one back."""
    from annotator.core.model import Document, Project, RatingLevel
    from annotator.ui.factcheck_commands import SetRatingScale
    from annotator.ui.session import ProjectSession

    from .factories import annotation

    text = "Taxes fell. Jobs rose."
    docs = []
    for n in range(3):
        doc = Document.from_text(text, title=f"Doc {n}")
        doc.annotations = [annotation(text, 0, 10, Tag.CLAIM, n).model_copy(update={"verdict": "mixed"})]
        doc.verdict = "Mixed"
        docs.append(doc)
    session = ProjectSession(Project(documents=docs))
    session.show_document(1)  # indexed, not shown
    session.show_document(0)
    scale = [RatingLevel(name="True", value=2), RatingLevel(name="Half true", value=1)]
    command = SetRatingScale(session, scale, {"mixed": "Half true"}, set(), "Test Checker")
    assert command.verdicts_changed() == 6
    session.undo_stack.push(command)
    assert [(d.annotations[0].verdict, d.verdict) for d in docs] == [("Half true", "Half true")] * 3
    session.show_document(1)
    assert session.annotations.get(docs[1].annotations[0].id).verdict == "Half true"  # its index follows
    session.undo_stack.undo()
    assert [(d.annotations[0].verdict, d.verdict) for d in session.project.documents] == [("mixed", "Mixed")] * 3
    assert [level.name for level in session.project.metadata.rating_scale][2] == "Mixed"
