"""The seven targets of issue 6, each measured with its baseline in the same run.

Every function returns the verdict lines for its target. Sizes come from the caller, so the
quick run and the full run measure the same things on less or more data.
"""

from __future__ import annotations

import json
import os
import random
import sys
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from ..core.agreement import agreement
from ..core.bulk import gc_paused
from ..core.merge import review_projects
from ..core.anchoring import quote_for
from ..core.model import Annotation, Document, Project, Tag
from ..core.offsets import Utf16Map
from ..core.storage import load_project, save_project
from ..core.update import update_document
from . import corpus
from .timing import Timing, Verdict, compare, measure

VIEW_SIZE = (1000, 800)


def settle() -> None:
    """Let Qt handle everything pending, paint included, as the user would see it."""
    for _ in range(2):
        QApplication.processEvents()


def bare_view(text: str) -> QPlainTextEdit:
    """The floor for everything shown: a plain read-only QPlainTextEdit with the same text."""
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setUndoRedoEnabled(False)
    view.resize(*VIEW_SIZE)
    view.setPlainText(text)
    view.show()
    settle()
    return view


def main_window():
    from ..ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    settle()
    return window


def close(window) -> None:
    if window.session is not None:
        window.session.undo_stack.setClean()
    window.close()
    window.deleteLater()
    settle()


# -- 1. open
def open_project(path: Path, label: str, repeat: int, target: str = "1", limit: float = 2.5) -> Verdict:
    """From "open this file" to the highlighted text on screen with a usable panel."""
    text = corpus_text(path)
    views: list[QPlainTextEdit] = []

    def floor():
        with gc_paused():  # as our load does, so that neither pays for the collector
            json.loads(path.read_bytes())
        views.append(bare_view(text))

    baseline = measure(floor, repeat, before=lambda: [v.close() for v in views])
    for view in views:
        view.deleteLater()
    window = main_window()
    ours = measure(lambda: (window.open_path(path, ask_to_save=False), settle()), repeat)
    assert len(window.session.annotations) > 0
    close(window)
    return compare(target, f"open {label}", ours, baseline, limit)


def corpus_text(path: Path) -> str:
    return json.loads(path.read_bytes())["documents"][0]["text"]


# -- 2. one edit
def edits(small: Path, big: Path, label: str, repeat: int) -> list[Verdict]:
    """Add, retag, delete, undo, redo one annotation: at ``big`` against the same at ``small``."""
    small_times = _edit_times(small, repeat)
    big_times = _edit_times(big, repeat)
    return [compare("2", f"{name} one, {label}", big_times[name], small_times[name], 2.0) for name in big_times]


def _edit_times(path: Path, repeat: int) -> dict[str, Timing]:
    window = main_window()
    window.open_path(path, ask_to_save=False)
    window.file_guard.autosave.setInterval(10**9)  # recovery writes are timed below, not left to the timer
    settle()
    session = window.session
    session.undo_stack.resetClean()  # unsaved: the first recovery write is the whole snapshot,
    window.file_guard.write_recovery()  # which is done once; each edit after it is journalled
    text = session.document.text
    rng = random.Random(3)
    runs: dict[str, list[float]] = {name: [] for name in ("add", "retag", "recovery write", "delete", "undo", "redo")}

    def timed(name: str, action: Callable[[], object]) -> None:
        began = time.perf_counter()
        action()
        settle()
        runs[name].append(time.perf_counter() - began)

    for _ in range(repeat):
        start = text.find(" ", rng.randrange(len(text) // 3, 2 * len(text) // 3)) + 1
        end = text.find(" ", start + 10)
        window.view.select_span(start, end)
        settle()
        before = len(session.annotations)
        timed("add", window.actions["tag_claim"].trigger)
        assert len(session.annotations) == before + 1
        added = window.panel.current_annotation()
        combo = window.panel.tag_combo
        timed("retag", lambda: _choose(combo, combo.findData(Tag.SOURCE)))
        assert session.annotations.get(added.id).tag is Tag.SOURCE
        timed("recovery write", window.file_guard.write_recovery)
        timed("undo", window.actions["undo"].trigger)
        timed("redo", window.actions["redo"].trigger)
        window.panel.select_annotation(added.id)
        timed("delete", window.actions["delete"].trigger)
        assert len(session.annotations) == before
    window.file_guard.drop_recovery()
    close(window)
    return {name: Timing(tuple(values)) for name, values in runs.items()}


def _choose(combo, index: int) -> None:
    """What picking an entry with the mouse does: the index changes, then activated()."""
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


# -- 3. scrolling and jumping
def scrolling(path: Path, label: str, repeat: int) -> list[Verdict]:
    text = corpus_text(path)
    bare = bare_view(text)
    window = main_window()
    window.open_path(path, ask_to_save=False)
    settle()
    ours_view = window.view

    def scroll(view):
        bar = view.verticalScrollBar()
        bar.setValue(bar.maximum())
        settle()
        bar.setValue(0)
        settle()

    verdicts = [compare("3", f"scroll to end and back, {label}", measure(lambda: scroll(ours_view), repeat),
                        measure(lambda: scroll(bare), repeat), 2.0)]

    anns = list(window.session.annotations)
    picks = [anns[i] for i in random.Random(5).sample(range(len(anns)), repeat)]
    utf16 = Utf16Map(text)
    ours_iter, bare_iter = iter(picks), iter(picks)
    table = window.panel.table
    clicks: list[QPoint] = []

    def find_in_list():
        """Untimed: the user scrolls the list to the annotation's row (a scroll, measured above)."""
        index = table.model().index(window.session.annotations.row_of(next(ours_iter)), 0)
        table.scrollTo(index)
        settle()
        clicks.append(table.visualRect(index).center())

    def jump_ours():
        """Timed: a click on the row; the article jumps there and the details are shown."""
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, clicks[-1])
        settle()

    def jump_bare():
        ann = next(bare_iter)
        cursor = QTextCursor(bare.document())
        cursor.setPosition(utf16.to_utf16(ann.start))
        cursor.setPosition(utf16.to_utf16(ann.end), QTextCursor.MoveMode.KeepAnchor)
        bare.setTextCursor(cursor)
        bare.ensureCursorVisible()
        settle()

    verdicts.append(compare("3", f"jump to an annotation, {label}", measure(jump_ours, repeat, before=find_in_list),
                            measure(jump_bare, repeat), 2.0))
    assert window.panel.current_annotation().id == picks[-1].id and window.view.selected_span() == (picks[-1].start, picks[-1].end)
    close(window)
    bare.close()
    return verdicts


# -- 4. save and load
def save_and_load(project: Project, folder: Path, label: str, repeat: int) -> list[Verdict]:
    path = folder / "saved.annotator.json"
    save_project(project, path)
    data = json.loads(path.read_bytes())
    plain = folder / "plain.json"

    def dump_and_write():
        plain.write_bytes(json.dumps(data, ensure_ascii=False).encode("utf-8"))

    save = compare("4", f"save {label}", measure(lambda: save_project(project, path), repeat), measure(dump_and_write, repeat), 1.5)

    def plain_load():
        with gc_paused():  # as our load does, so that neither pays for the collector
            json.loads(path.read_bytes())

    load = compare("4", f"load, validated, {label}", measure(lambda: load_project(path), repeat), measure(plain_load, repeat), 3.0)
    return [save, load]


# -- 5. memory
def memory(path: Path, label: str) -> Verdict:
    """Resident memory, each side in a fresh process: our window with the project open
    against a bare QPlainTextEdit holding the same text, plus the file's size."""
    text_file = path.with_suffix(".txt")
    text_file.write_text(corpus_text(path), encoding="utf-8")
    bare = _child("memory-bare", text_file)
    ours = _child("memory-ours", path)
    floor = bare + path.stat().st_size
    return Verdict("5", f"memory, {label}", f"{ours / 2**20:.0f} MB", f"{bare / 2**20:.0f} MB + file {path.stat().st_size / 2**20:.0f} MB",
                   ours / floor, 2.0)


def _child(kind: str, path: Path, *more: Path) -> int:
    """Run ``child.py`` on ``path``; its settings, recovery files and workspace indexes go to
    the benchmark's temporary folder (the runner's ``XDG_CONFIG_HOME`` …), never beside ``path``."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "annotator.benchmarks.child", kind, str(path), *map(str, more)],
                            capture_output=True, text=True, env=env, check=True)
    return int(result.stdout.split()[-1])


# -- 6. review and re-anchoring: n log n
def review(size: int, counts: tuple[int, int], repeat: int) -> Verdict:
    """Pairing, grouping and agreement of two projects, as a multiple of sorting their
    annotations; O(n log n) means that multiple stays put when n grows tenfold."""
    ratios = []
    cells = []
    for count in counts:
        text = corpus.article(size * count // counts[-1], 11)
        mine = corpus.annotations(text, count, 12, 1)
        theirs = _colleague(text, mine)
        doc = Document.from_text(text)
        mine_p = Project(documents=[doc.model_copy(update={"annotations": mine})])
        theirs_p = Project(documents=[doc.model_copy(update={"annotations": theirs})])

        def run():
            reviews, _ = review_projects(mine_p, theirs_p)
            agreement(text, mine, reviews[0].theirs_annotations)

        ours = measure(run, repeat)
        both = mine + theirs
        sort = measure(lambda: sorted(both, key=Annotation.sort_key), repeat)
        ratios.append(ours.best / sort.best)
        cells.append(f"{count // 1000}k: {ours.best * 1000:.0f} ms={ratios[-1]:.0f}x sort")
    return _growth("6", f"review, growth {counts[0]:,} → {counts[1]:,}", cells, ratios)


def reanchor(size: int, counts: tuple[int, int], repeat: int) -> Verdict:
    """Re-finding every annotation after an article update, as a multiple of sorting them."""
    ratios = []
    cells = []
    for count in counts:
        text = corpus.article(size * count // counts[-1], 13)
        anns = corpus.annotations(text, count, 14, 3)
        doc = Document.from_text(text).model_copy(update={"annotations": anns})
        middle = len(text) // 2
        new = "Correction appended.\n\n" + text[:middle] + "REWRITTEN " + text[middle + 40 : -500] + text[-490:]
        ours = measure(lambda: update_document(doc, new), repeat)
        sort = measure(lambda: sorted(anns, key=Annotation.sort_key), repeat)
        ratios.append(ours.best / sort.best)
        cells.append(f"{count // 1000}k: {ours.best * 1000:.0f} ms={ratios[-1]:.0f}x sort")
    return _growth("6", f"re-anchor, growth {counts[0]:,} → {counts[1]:,}", cells, ratios)


def _growth(target: str, what: str, cells: list[str], ratios: list[float]) -> Verdict:
    """O(n log n) holds when the multiple of a sort at 10n is at most twice that at n."""
    return Verdict(target, what, cells[1], cells[0], ratios[1] / ratios[0], 2.0)


def _colleague(text: str, mine: list[Annotation]) -> list[Annotation]:
    """An independent pass: 80% the same, 8% another tag, 7% other boundaries, 5% missing."""
    rng = random.Random(17)
    tags = list(Tag)
    out = []
    for n, ann in enumerate(mine):
        r = rng.random()
        if r < 0.05:
            continue
        update: dict[str, object] = {"id": f"ffffffff-0000-4000-8000-{n:012x}"}
        if r < 0.13:
            update["tag"] = tags[(tags.index(ann.tag) + 1) % 4]
        elif r < 0.20 and ann.end - ann.start > 4:
            update["end"] = ann.end - 2
            update["quote"] = quote_for(text, ann.start, ann.end - 2)
        out.append(ann.model_copy(update=update))
    return out


# -- 7. start-up
def startup(projects: list[tuple[str, Path]], repeat: int) -> list[Verdict]:
    """``annotator FILE`` in a fresh process until its window is painted with the project
    open, against a fresh process that imports Qt, parses the same file with ``json.loads``
    and paints its text in a bare QMainWindow + QPlainTextEdit (issue 16's floor)."""
    verdicts = []
    for label, path in projects:
        bare = measure(lambda: _child("startup-bare", path), repeat)
        ours = measure(lambda: _child("startup-command", path), repeat)
        verdicts.append(compare("7", f"start-up, `annotator FILE`, {label}", ours, bare, 2.0))
    return verdicts


# -- 2b. a dense paragraph (issue 13): one edit among k spans costs O(k log k)
DENSE = (800, 8_000)
"""Spans in the one paragraph: the edit at the second count is compared with the first."""


def dense_paragraph(folder: Path, repeat: int, counts: tuple[int, int] = DENSE) -> Verdict:
    """Tag two words in a paragraph of 80,000 characters holding ``counts[1]`` spans, against
    the same edit where it holds ``counts[0]``: tenfold spans may cost about tenfold (k log k),
    not a hundredfold (every span checked at every edge)."""
    from ..core.model import now

    stamp = now()
    words = 16_000
    text = "word " * words + "\n\nA closing paragraph.\n"
    times = []
    for count in counts:
        stride = 5 * words // count  # a span every `stride` characters, 4 to 22 long
        doc = Document.from_text(text)
        doc.annotations = [
            Annotation(id=f"00000000-0000-4000-8000-{n:012d}", tag=list(Tag)[n % 4], start=stride * n,
                       end=stride * n + 4 + 3 * (n % 7), quote=quote_for(text, stride * n, stride * n + 4 + 3 * (n % 7)),
                       author="Benchmark", created=stamp, modified=stamp)
            for n in range(count)
        ]
        path = folder / f"dense-{count}.annotator.json"
        save_project(Project(documents=[doc]), path)
        window = main_window()
        window.open_path(path, ask_to_save=False)
        settle()
        rng = random.Random(19)

        def choose():
            window.actions["undo"].trigger() if window.session.undo_stack.canUndo() else None
            start = 10 * rng.randrange(words // 4, words // 2)  # two words on screen's paragraph
            window.view.select_span(start, start + 9)
            settle()

        def tag():
            before = len(window.session.annotations)
            window.actions["tag_claim"].trigger()
            settle()
            assert len(window.session.annotations) == before + 1

        times.append(measure(tag, repeat, before=choose))
        close(window)
    return compare("2", f"edit in a paragraph of {counts[1]:,} spans vs {counts[0]:,}", times[1], times[0], 15.0)
