"""``python -m annotator.ui.screenshots OUTDIR``: the README's pictures, made again.

Opens the sample project the way a user would (welcome page, the article with a quote and its
note chosen, the dark theme with the Find bar, the review of the colleague's project, the
Export dialog, the shortcuts list) and saves each window as a PNG. It keeps its settings in a
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
    shot(window, "main-window.png")

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
    window.close()
    QApplication.processEvents()
    return saved


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m annotator.ui.screenshots OUTDIR", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="annotator-shots-") as settings:
        os.environ["XDG_CONFIG_HOME"] = settings
        os.environ["ANNOTATOR_DATA_DIR"] = str(Path(settings) / "data")
        os.environ["ANNOTATOR_DOCUMENTS_DIR"] = str(Path(settings) / "documents")
        from PySide6.QtCore import QSettings

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings)
        for path in take(Path(args[0])):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
