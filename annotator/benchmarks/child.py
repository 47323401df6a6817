"""The parts of a benchmark that need a fresh process: start-up time and resident memory.

``python -m annotator.benchmarks.child KIND FILE [ARTICLE]`` prints one number (bytes
resident, for the memory kinds) and exits at once, so the parent times only the way to a
painted window.
"""

from __future__ import annotations

import json
import os
import sys


def resident_bytes() -> int:
    """Resident set size now (Linux /proc), else the peak the OS reports."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # pragma: no cover - not Linux
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def bare(path: str) -> None:
    """The floor: import Qt, read the file (a project is parsed as JSON: the article is its
    first document's text), and paint that text in a QMainWindow."""
    from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

    app = QApplication([sys.argv[0]])
    with open(path, "rb") as handle:
        data = handle.read()
    text = json.loads(data)["documents"][0]["text"] if path.endswith(".json") else data.decode("utf-8")
    window = QMainWindow()
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setPlainText(text)
    window.setCentralWidget(view)
    window.resize(1400, 900)
    window.show()
    for _ in range(2):
        app.processEvents()


def ours(path: str) -> None:
    from PySide6.QtWidgets import QApplication

    from ..ui.app import application
    from ..ui.main_window import MainWindow

    app = application()
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    window.open_path(path, ask_to_save=False)
    for _ in range(2):
        QApplication.processEvents()
    assert window.session is not None
    global _keep
    _keep = (app, window)


def command(path: str) -> None:
    """``annotator FILE`` as the user runs it (``cli.main``): once its event loop has painted
    the window, the number is printed and the process ends."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .. import cli
    from ..ui import app as app_module

    class Window(app_module.MainWindow):
        def open_path(self, *args, **kwargs):
            opened = super().open_path(*args, **kwargs)
            QTimer.singleShot(0, _painted)  # runs inside app.exec(), once the file is open
            return opened

    def _painted():
        for _ in range(2):
            QApplication.processEvents()
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, Window))
        assert window.session is not None and window.isVisible()
        print(resident_bytes(), flush=True)
        os._exit(0)

    app_module.MainWindow = Window
    cli.main([path])
    raise SystemExit("the window never painted")


def workspace(folder: str, article: str) -> None:
    """A window with the folder open as a workspace (its list read and indexed), then on
    ``article``, reached as the Articles list opens it."""
    import time
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from ..ui.app import application
    from ..ui.main_window import MainWindow

    app = application()
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    assert window.open_path(folder)
    deadline = time.monotonic() + 600
    while window.workspace.refreshes < 1 and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    assert window.workspace.refreshes >= 1, "the workspace was never indexed"
    assert window.workspace.switch_to(Path(article))
    for _ in range(2):
        QApplication.processEvents()
    assert window.session is not None and window.session.path == Path(article)
    global _keep
    _keep = (app, window)


def main() -> None:
    kind, path = sys.argv[1:3]
    if kind == "startup-command":
        command(path)
    elif kind == "memory-workspace":
        workspace(path, sys.argv[3])
    else:
        (bare if kind.endswith("bare") else ours)(path)
    print(resident_bytes(), flush=True)
    os._exit(0)  # skip teardown: the parent measures the way up, not the way down


if __name__ == "__main__":
    main()
