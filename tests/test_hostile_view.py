"""Hostile input in the window (issue 13): huge unbroken text, dense paragraphs, slow imports,
direction-control characters. Nothing here is timed in-process: risky cases run in a
subprocess with a generous timeout (a regression fails instead of hanging), the rest count work."""

from __future__ import annotations

import dataclasses
import threading
import time

from PySide6.QtWidgets import QFileDialog, QProgressDialog, QPushButton

from annotator.ui import background

from .conftest import SAMPLE, on_next_dialog


# -- 4b: an import is read behind the progress dialog, and Cancel changes nothing
def test_an_import_is_read_behind_the_progress_dialog_and_cancel_changes_nothing(window, qtbot, tmp_path, monkeypatch):
    from annotator.core.formats import doccano

    monkeypatch.setattr(background, "SHOW_AFTER_MS", 0)
    window.open_path(SAMPLE, ask_to_save=False)
    before = (window.session, window.session.document.text, list(window.session.annotations), window.windowTitle())
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Ann said it.", "label": [[4, 8, "claim"]]}\n', encoding="utf-8")
    pressed = threading.Event()
    real_read = doccano.FORMAT.read

    def slow_read(*args):
        deadline = time.monotonic() + 15  # however slow the machine: until Cancel was pressed
        while not pressed.is_set() and time.monotonic() < deadline:
            time.sleep(0.01)
        return real_read(*args)

    monkeypatch.setattr(doccano, "FORMAT", dataclasses.replace(doccano.FORMAT, read=slow_read))
    title = f"{doccano.FORMAT.title} (*{doccano.FORMAT.extension})"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(source), title)))

    def cancel(dialog):
        dialog.findChild(QPushButton).click()
        pressed.set()

    seen = on_next_dialog(cancel, tries=1000)
    window.import_dialog()
    assert seen and isinstance(seen[0], QProgressDialog) and seen[0].labelText() == "Importing in.jsonl…"
    after = (window.session, window.session.document.text, list(window.session.annotations), window.windowTitle())
    assert after == before
    assert "stopped" in window.statusBar().currentMessage()

    # without Cancel the import goes through
    pressed.set()
    window.import_dialog()
    assert window.session is not before[0] and window.session.document.text == "Ann said it."
