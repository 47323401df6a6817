"""``python -m annotator.ui.screenshots OUTDIR``: the README's pictures, made again.

Opens the sample project the way a user would (welcome page, the article with a quote and its
note chosen, suggestions beside the annotations, the dark theme with the Find bar, the review of the colleague's project, the
Export dialog, the shortcuts list, a folder of articles in the Articles panel) and saves each window as a PNG; the HTML
fact-check is the sample's HTML export drawn by headless Chromium. It keeps its settings in a
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

    claims_view_shot(window, shot)

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
    saved.append(factcheck_report_shot(sample, out / "factcheck-report.png"))
    return saved


def claims_view_shot(window, shot) -> None:
    """The Claims dock under the sample article, tall enough for a dozen claims, with a
    disputed claim chosen in it and shown in the article; closed again afterwards."""
    from PySide6.QtCore import Qt

    from ..core.factcheck import ClaimFilter

    claims = window.claims
    size = window.size()
    window.resize(SIZE[0], SIZE[1] + 380)  # the panel's details keep their height: the list gets the rest
    claims.toggle()
    window.resizeDocks([claims.dock], [380], Qt.Orientation.Vertical)
    claims.view.choose_filter(ClaimFilter())
    model = claims.view.model
    rows = [model.summary(row) for row in range(model.rowCount())]
    chosen = max(rows, key=lambda r: (r.supports + r.disputes, r.has_verdict), default=None)  # the first best-backed claim
    if chosen is not None:
        claims.jump(chosen.claim.id)
        claims.view.table.setFocus()
    shot(window, "claims-view.png")
    claims.toggle()
    window.resize(size)


REPORT_SIZE = (1200, 1500)
_HIDE_AFTER_SUMMARY = ".claims-nav,article,.checks-heading,.check,.table-heading,table{display:none}"
_HIDE_AFTER_ARTICLE = ".checks-heading,.check,.table-heading,table{display:none}"


def factcheck_report_shot(sample: Path, path: Path) -> Path:
    """The sample's HTML report (File ▸ Export ▸ HTML) as a reader's browser shows it: the top
    of the page (title, overall verdict, summary), then, after a dotted line, the first claims'
    fact-checks (verdict, reasoning, linked spans, evidence); the list of claims and the article
    between them are left out of the picture. Drawn by headless Chromium; where none is
    installed, Qt draws the page (plainer: the README's copy is Chromium's)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPen, QTextDocument

    from ..core.formats import formats
    from ..core.storage import load_project

    page = formats()["html"].write(load_project(sample))
    width, height = REPORT_SIZE
    browser = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    picture = QImage(width, height, QImage.Format.Format_RGB32)
    picture.fill(QColor("white"))
    painter = QPainter(picture)
    if browser is None:
        text = QTextDocument()
        text.setHtml(page.decode("utf-8"))
        text.setTextWidth(width)
        text.drawContents(painter)
    else:
        with tempfile.TemporaryDirectory(prefix="annotator-report-") as folder:
            top = _inked_height(_chromium_shot(browser, page, Path(folder), "top", _HIDE_AFTER_SUMMARY, 16000)) + 16
            cards = _inked_height(_chromium_shot(browser, page, Path(folder), "article", _HIDE_AFTER_ARTICLE, 16000)) + 8
            full = _chromium_shot(browser, page, Path(folder), "full", "", cards + height)
        top = min(top, height // 2)
        painter.drawImage(0, 0, full.copy(0, 0, width, top))
        painter.setPen(QPen(QColor("#9ca3af"), 2, Qt.PenStyle.DotLine))
        painter.drawLine(40, top + 12, width - 40, top + 12)
        painter.drawImage(0, top + 24, full.copy(0, cards, width, height - top - 24))
    painter.end()
    picture.save(str(path))
    return path


def _chromium_shot(browser: str, page: bytes, folder: Path, name: str, hide: str, tall: int):
    """The page drawn by headless Chromium, ``REPORT_SIZE[0]`` wide and ``tall`` high, with the
    elements ``hide`` names not drawn (a stylesheet added to the page's copy: its policy allows
    inline styles and nothing else)."""
    import subprocess

    from PySide6.QtGui import QImage

    html = folder / f"{name}.html"
    html.write_bytes(page.replace(b"</head>", f"<style>{hide}</style></head>".encode(), 1) if hide else page)
    png = folder / f"{name}.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-sync",
         "--disable-background-networking", "--disable-component-update", f"--user-data-dir={folder / 'profile'}",
         f"--window-size={REPORT_SIZE[0]},{tall}", f"--screenshot={png}", html.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    return QImage(str(png)).convertToFormat(QImage.Format.Format_RGB32)


def _inked_height(image) -> int:
    """How far down the image anything but white is drawn (rows, from the top)."""
    from PySide6.QtGui import QImage

    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(grey.constBits())[: grey.bytesPerLine() * grey.height()]
    inked = len(data.rstrip(b"\xff"))
    return inked // grey.bytesPerLine() + 1 if inked else 0


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
