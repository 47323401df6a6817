"""``python -m annotator.ui.screenshots OUTDIR``: the README's pictures, made again.

Opens the sample project the way a user would (welcome page, the article with a quote and its
note chosen, suggestions beside the annotations, the dark theme with the Find bar, the review of the colleague's project, the
Export dialog, the shortcuts list, a folder of articles in the Articles panel) and saves each window as a PNG. It keeps its settings in a
temporary folder. Under a real display (e.g. Xvfb) the pictures use that display's fonts;
with ``QT_QPA_PLATFORM=offscreen`` they are drawn without one.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

SIZE = (1400, 880)


def take(out: Path) -> list[Path]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QFileDialog

    from ..assets import sample_project
    from ..core.formats import write_export
    from .app import application
    from .dialogs import ShortcutsDialog
    from .main_window import MainWindow
    from .project_files import export_writers
    from .review_agreement import COMPUTING

    app = application()
    QSettings().setValue("author", "Sam Checker")
    sample = sample_project()
    colleague = sample.with_name("russian-bombers-iran.colleague.annotator.json")
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def settle() -> None:
        for _ in range(3):
            app.processEvents()

    def shot(widget, name: str) -> None:
        settle()
        path = out / name
        widget.grab().save(str(path))
        saved.append(path)

    window = MainWindow()
    window.resize(*SIZE)
    window.settings.add_recent_file(sample)
    window.settings.add_recent_file(colleague)
    window.welcome.show_recent(window.settings.recent_files())
    window.show()
    shot(window, "welcome.png")

    window.open_path(sample, ask_to_save=False)
    quote = next(a for a in window.session.annotations if a.tag.value == "quote" and a.note)
    window.panel.select_annotation(quote.id)
    if window.actions.show_suggestions.isChecked():
        window.actions.show_suggestions.trigger()  # the plain picture first
    shot(window, "main-window.png")

    window.actions.show_suggestions.trigger()  # on again: dashed outlines beside the annotations
    window.view.setFocus()
    window.suggestions.step(True)
    shot(window, "suggestions.png")
    window.actions.show_suggestions.trigger()

    window.actions.theme_dark.trigger()
    window.find_bar.open_bar()
    window.find_bar.edit.setText("ISIS")
    window.find_bar.step(True)
    shot(window, "main-window-dark.png")
    window.find_bar.close_bar()
    window.actions.theme_system.trigger()

    review = window.start_review(colleague)
    review.resize(*SIZE)
    review.show()
    settle()
    review.select_row(next(i for i, item in enumerate(review.session.items) if item.group.value != "agreed"))
    deadline = time.monotonic() + 30  # the agreement numbers arrive from a worker thread
    while review.agreement_label.text() == COMPUTING and time.monotonic() < deadline:
        settle()
        time.sleep(0.02)
    shot(review, "review-window.png")
    review.session.undo_stack.setClean()
    review.close()

    writers = export_writers()
    html = next(name for name in writers if name.startswith("HTML"))
    exports = out / "exports"  # a folder with an earlier report in it, as a real one would have
    exports.mkdir(exist_ok=True)
    write_export(exports / "russian-bombers-iran-draft.html", writers[html].write(window.session.project))
    dialog = QFileDialog(window, "Export annotations", str(exports / "russian-bombers-iran"), ";;".join(writers))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.selectNameFilter(html)
    dialog.resize(900, 480)
    dialog.show()
    shot(dialog, "export-dialog.png")
    dialog.close()
    shutil.rmtree(exports)

    shortcuts = ShortcutsDialog(window)
    shortcuts.show()
    shot(shortcuts, "shortcuts.png")
    shortcuts.close()

    window.session.undo_stack.setClean()
    scratch = Path(tempfile.mkdtemp(prefix="annotator-shots-"))
    desk = scratch / "fact-check desk"
    desk.mkdir()
    try:
        opened = demo_workspace(desk, sample)
        window.open_path(desk, ask_to_save=False)
        deadline = time.monotonic() + 30  # the list is read on a worker thread
        while window.workspace.refreshes < 1 and time.monotonic() < deadline:
            settle()
            time.sleep(0.02)
        window.workspace.switch_to(opened)
        shot(window, "workspace.png")
    finally:
        window.session.undo_stack.setClean()
        window.workspace.close()
        shutil.rmtree(scratch, ignore_errors=True)

    window.session.undo_stack.setClean()
    window.close()
    QApplication.processEvents()
    return saved


DEMO_ARTICLES = (
    # title, outlet, date, status, assignee, annotator, text
    ("City council approves a second tram line", "Riverside Gazette", "2026-03-02", "done", "Sam Checker", "Sam Checker",
     "The city council approved a second tram line on Monday by 31 votes to 12. The mayor said the line would carry "
     "40,000 passengers a day by 2030. Opponents said the cost had doubled since the plan was first proposed."),
    ("Hospital waiting times fall for the third month", "Northern Post", "2026-03-04", "reviewed", "Ana Ruiz", "Ana Ruiz",
     "Waiting times at the regional hospital fell for the third month in a row, according to figures published on "
     "Thursday. A spokesperson said new staff had cut the average wait to 41 minutes. Unions said the figures hid longer waits at night."),
    ("Bridge closure to last until May, engineers say", "Riverside Gazette", "2026-03-05", "in progress", "Ana Ruiz", "Ana Ruiz",
     "The old river bridge will stay closed until May, engineers told residents on Wednesday. Cracks were found in two "
     "of its piers in January. The council said a temporary ferry would run every twenty minutes."),
    ("Minister denies school funding cuts", "Daily Ledger", "2026-03-06", "new", "", "",
     "The education minister denied on Friday that school budgets had been cut. Figures from the national audit office "
     "show spending per pupil fell by 3 percent in real terms last year. Head teachers said they had cut staff."),
    ("Record number of cyclists counted on the ring road", "Northern Post", "2026-03-07", "done", "Sam Checker", "Sam Checker",
     "A record 12,400 cyclists were counted on the ring road on a single day last week, the transport office said. "
     "The count rose by a fifth after the new cycle lane opened. Drivers' groups said the lane had slowed traffic."),
    ("Factory fire: residents told to keep windows shut", "Daily Ledger", "2026-03-08", "new", "Lee Park", "",
     "Residents near the industrial estate were told to keep their windows shut after a fire at a paint factory on "
     "Saturday. The fire service said nobody was hurt. An air quality report is expected on Monday."),
)


def demo_workspace(folder: Path, sample: Path) -> Path:
    """A desk's folder for the Articles picture: the sample project and a few short articles
    in every status; returns the sample's copy, the article shown open."""
    from ..core.anchoring import quote_for
    from ..core.model import Annotation, Document, Project, Status, Tag, new_id, now
    from ..core.storage import dump_bytes, load_project

    opened = folder / "russian-bombers-iran.annotator.json"
    project = load_project(sample)
    for doc in project.documents:
        doc.status, doc.assignee = Status.IN_PROGRESS, "Sam Checker"
    opened.write_bytes(dump_bytes(project))
    tags = (Tag.CLAIM, Tag.QUOTE, Tag.SOURCE, Tag.UNVERIFIED)
    for title, outlet, date, status, assignee, who, text in DEMO_ARTICLES:
        doc = Document.from_text(text, title=title)
        doc.outlet, doc.published, doc.status, doc.assignee = outlet, date, Status(status), assignee
        if who:
            sentences = [s for s in text.split(". ") if s]
            start = 0
            for n, sentence in enumerate(sentences):
                start = text.index(sentence, start)
                end = start + len(sentence)
                doc.annotations.append(Annotation(id=new_id(), tag=tags[n % 4], start=start, end=end, quote=quote_for(text, start, end),
                                                  author=who, modified_by=who, created=now(), modified=now()))
                start = end
        stem = "-".join(title.lower().replace(",", "").replace(":", "").replace("'", "").split()[:5])
        (folder / f"{stem}.annotator.json").write_bytes(dump_bytes(Project(documents=[doc])))
    return opened


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m annotator.ui.screenshots OUTDIR", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="annotator-shots-") as settings:
        os.environ["XDG_CONFIG_HOME"] = settings
        os.environ["ANNOTATOR_DATA_DIR"] = str(Path(settings) / "data")
        os.environ["ANNOTATOR_DOCUMENTS_DIR"] = str(Path(settings) / "documents")
        os.environ["ANNOTATOR_CACHE_DIR"] = str(Path(settings) / "cache")
        from PySide6.QtCore import QSettings

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings)
        for path in take(Path(args[0])):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
