"""Recovery after each edit costs in proportion to the edit: a snapshot once, then a journal
of changes that replays to exactly the work that was open."""

from __future__ import annotations

import random

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.benchmarks import corpus
from annotator.core import recovery as rec
from annotator.core.model import Annotation, Tag
from annotator.core.recovery import PendingChanges, RecoveryWriter, find_recoveries, journal_file, read_recovery
from annotator.core.storage import dumps, save_project

from .conftest import on_next_dialog, show_window
from .gui_helpers import drag_select, open_sample_copy, process_dies, tag_add_interest


def _written(window) -> str:
    """The work as a restore would bring it back, in the file format."""
    (found,), broken = find_recoveries()
    assert broken == []
    return dumps(found.project)


def test_every_kind_of_edit_is_replayed_from_the_journal(window, qtbot, tmp_path, article):
    open_sample_copy(window, tmp_path)
    guard = window.file_guard
    tag_add_interest(qtbot, window)  # add
    guard.write_recovery()
    assert guard.writer.journal_bytes == 0 and not journal_file(guard.writer.path).exists()  # the first write: a snapshot
    first = window.session.annotations[0]
    window.panel.select_annotation(first.id)
    window.panel.tag_combo.setCurrentIndex(window.panel.tag_combo.findData(Tag.SOURCE))  # retag
    window.panel.note_edit.setFocus()
    qtbot.keyClicks(window.panel.note_edit, "checked")  # note
    guard.write_recovery()
    window.actions.delete.trigger()  # delete
    window.actions.undo.trigger()  # and back
    window.actions.undo.trigger()  # note undone
    second = window.session.annotations[1]
    window.panel.select_annotation(second.id)
    window.actions.delete.trigger()
    guard.write_recovery()
    assert 0 < guard.writer.journal_bytes < 10_000  # lines of changes, not the 40 KB project again
    assert _written(window) == dumps(window.session.project)

    updated = tmp_path / "updated.txt"
    updated.write_text(article.read_text(encoding="utf-8").replace("Russian", "Russia's", 1), encoding="utf-8")
    on_next_dialog(lambda dialog: dialog.accept())
    assert window.update_text_from(updated)  # the whole document replaced
    guard.write_recovery()
    assert _written(window) == dumps(window.session.project)
    window.actions.undo.trigger()
    guard.write_recovery()
    assert _written(window) == dumps(window.session.project)


def test_one_edit_writes_the_same_few_bytes_at_any_size(qtbot, tmp_path, author):
    """The journal line of one retag does not grow with the project; the snapshot is written once."""
    sizes = {}
    for count in (100, 5_000):
        path = tmp_path / f"p{count}.annotator.json"
        save_project(corpus.project(count * 30, count), path)
        win = show_window(qtbot)
        win.open_path(path, ask_to_save=False)
        guard = win.file_guard
        ann = win.session.annotations[count // 2]
        win.editor.change_tag(ann.id, Tag.QUOTE if ann.tag != Tag.QUOTE else Tag.CLAIM)
        guard.write_recovery()  # the snapshot
        ann = win.session.annotations[count // 3]
        win.editor.change_tag(ann.id, Tag.QUOTE if ann.tag != Tag.QUOTE else Tag.CLAIM)
        before = guard.writer.journal_bytes
        guard.write_recovery()
        sizes[count] = guard.writer.journal_bytes - before
        assert _written(win) == dumps(win.session.project)
        win.session.undo_stack.setClean()
        win.close()
    assert 0 < sizes[5_000] < 1.2 * sizes[100] < 2_000


def test_a_line_cut_off_by_a_crash_is_ignored_and_old_generations_are_not_replayed(tmp_path, monkeypatch):
    monkeypatch.setattr(rec, "COMPACT_FLOOR", 0)  # fold the journal into a snapshot as soon as it outgrows it
    project = corpus.project(3_000, 20)
    doc = project.documents[0]
    writer = RecoveryWriter(tmp_path / "x.recovery.json", None)
    pending = PendingChanges()
    writer.write(project, pending)
    first = doc.annotations[0]
    doc.annotations[0] = first.changed("Bob", tag=Tag.SOURCE)
    pending.put(0, doc.annotations[0])
    writer.write(project, pending)
    journal = journal_file(writer.path)
    old_line = journal.read_bytes()
    assert read_recovery(writer.path).project.documents[0].annotations[0].tag == Tag.SOURCE
    with open(journal, "ab") as handle:
        handle.write(b'{"generation": "' + writer.generation.encode() + b'", "changes": [{"doc": 0, "dr')  # killed mid-write
    assert dumps(read_recovery(writer.path).project) == dumps(project)

    writer.journal_bytes = writer.snapshot_bytes + 1  # grown past the snapshot: the next write is a new one
    doc.annotations[0] = first.changed("Carol", note="newer")
    pending.put(0, doc.annotations[0])
    writer.write(project, pending)
    assert not journal.exists()
    journal.write_bytes(old_line)  # a line of the old generation left behind by a crash
    assert read_recovery(writer.path).project.documents[0].annotations[0].note == "newer"


def _edit(project, rnd: random.Random, n: int, pending: PendingChanges) -> None:
    doc = project.documents[0]
    action = rnd.choice(["add", "retag", "delete", "details", "orphans"])
    if action == "add" or not doc.annotations:
        new = corpus.annotations(doc.text, 1, seed=n, id_prefix=10_000 + n)[0]
        doc.annotations.append(new)
        pending.put(0, new)
    elif action == "retag":
        i = rnd.randrange(len(doc.annotations))
        doc.annotations[i] = doc.annotations[i].changed("Someone", tag=rnd.choice(list(Tag)), note=f"edit {n}")
        pending.put(0, doc.annotations[i])
    elif action == "delete":
        gone: Annotation = doc.annotations.pop(rnd.randrange(len(doc.annotations)))
        pending.drop(0, gone.id)
    elif action == "details":
        doc.title = f"Title {n}"
        pending.details.add(0)
    else:  # orphaned, as an article update leaves it
        gone = doc.annotations.pop(rnd.randrange(len(doc.annotations)))
        doc.orphans = [*doc.orphans, gone]
        pending.drop(0, gone.id)
        pending.orphans.add(0)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6), st.lists(st.integers(0, 3), min_size=1, max_size=12))
def test_any_sequence_of_edits_and_writes_replays_to_the_work(tmp_path_factory, seed, writes):
    """Snapshots, journal lines and compactions in any order give back the work as it is."""
    folder = tmp_path_factory.mktemp("journal")
    rnd = random.Random(seed)
    project = corpus.project(2_000, 15, seed=seed % 50)
    writer = RecoveryWriter(folder / "p.recovery.json", None)
    pending = PendingChanges()
    n = 0
    for edits in writes:
        for _ in range(edits):
            n += 1
            _edit(project, rnd, n, pending)
        if rnd.random() < 0.2:
            writer.journal_bytes = writer.snapshot_bytes + 1  # force a compaction now and then
        writer.write(project, pending)
        assert dumps(read_recovery(writer.path).project) == dumps(project)


def _tagged_and_written(window, qtbot, tmp_path):
    """The sample opened from a copy, one sentence tagged, and the recovery written: its path."""
    path = open_sample_copy(window, tmp_path)
    tag_add_interest(qtbot, window)
    window.file_guard.write_recovery()
    return path


def test_restored_work_keeps_its_recovery_until_written_again(window, qtbot, tmp_path):
    _tagged_and_written(window, qtbot, tmp_path)
    process_dies(window)
    fresh = show_window(qtbot)
    on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    assert fresh.file_guard.offer_recoveries()
    assert len(find_recoveries()[0]) == 1  # not yet written by the new window: the old one stays
    fresh.file_guard.write_recovery()
    (kept,), _ = find_recoveries()
    assert kept.path == fresh.file_guard.writer.path and len(kept.project.documents[0].annotations) == 43


def test_replaying_many_changes_reads_the_annotation_list_once():
    """Restoring costs what the journal holds: the list is indexed once per document, not per change."""
    project = corpus.project(3_000, 200)
    reads = []

    class Counted(list):
        def __iter__(self):
            reads.append(1)
            return super().__iter__()

    project.documents[0].annotations = Counted(project.documents[0].annotations)
    replay = rec._Replay(project)
    for ann in list(list.__iter__(project.documents[0].annotations))[:100]:
        replay.apply({"doc": 0, "put": rec._ANNOTATION.dump_python(ann.changed("Bob", note="x"), mode="json")})
    assert len(reads) == 1
    assert all(a.note == "x" for a in list(replay.finish().documents[0].annotations)[:100])


def test_a_failed_append_is_cut_back_so_later_lines_still_count(tmp_path, monkeypatch):
    project = corpus.project(3_000, 20)
    doc = project.documents[0]
    writer = RecoveryWriter(tmp_path / "x.recovery.json", None)
    pending = PendingChanges()
    writer.write(project, pending)  # the snapshot
    doc.annotations[0] = doc.annotations[0].changed("Bob", note="first")
    pending.put(0, doc.annotations[0])
    real_write = rec.os.write

    def disk_full(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))  # half the line, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rec.os, "write", disk_full)
    with pytest.raises(OSError):
        writer.write(project, pending)
    monkeypatch.setattr(rec.os, "write", real_write)
    assert pending  # still to be written
    doc.annotations[1] = doc.annotations[1].changed("Bob", note="second")
    pending.put(0, doc.annotations[1])
    writer.write(project, pending)
    assert dumps(read_recovery(writer.path).project) == dumps(project)


def test_a_recovery_whose_project_moved_names_no_old_path(window, qtbot, tmp_path):
    """A merge replaced the file shown: the recovery must not offer to restore over it."""
    path = _tagged_and_written(window, qtbot, tmp_path)
    assert find_recoveries()[0][0].recovery_of == path
    on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.No).click())
    window._offer_merged(path)  # the merge was saved over this very file
    window.file_guard.write_recovery()
    (found,), _ = find_recoveries()
    assert found.recovery_of is None and len(found.project.documents[0].annotations) == 43


def test_a_put_off_recovery_is_not_overwritten_by_new_work_on_the_same_project(window, qtbot, tmp_path):
    path = _tagged_and_written(window, qtbot, tmp_path)
    process_dies(window)
    (crashed,), _ = find_recoveries()
    fresh = show_window(qtbot)
    on_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Ignore).click())  # Decide Later
    assert not fresh.file_guard.offer_recoveries()
    fresh.open_path(path, ask_to_save=False)
    fresh.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is fresh)
    drag_select(qtbot, fresh.view, "Russian")
    qtbot.keyClick(fresh.view, "3")
    assert fresh.isWindowModified()
    fresh.file_guard.write_recovery()
    assert len(find_recoveries()[0]) == 2
    fresh.actions.save.trigger()
    (left,), _ = find_recoveries()
    assert left.path == crashed.path and len(left.project.documents[0].annotations) == 43  # still offered next time
