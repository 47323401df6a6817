"""The parts of a benchmark that need a fresh process: start-up time and resident memory.

``python -m annotator.benchmarks.child KIND FILE`` prints one number (bytes resident, for the
memory kinds) and exits at once, so the parent times only the way to a painted window.
"""

from __future__ import annotations

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
    from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

    app = QApplication([sys.argv[0]])
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
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


def main() -> None:
    kind, path = sys.argv[1:3]
    (bare if kind.endswith("bare") else ours)(path)
    print(resident_bytes(), flush=True)
    os._exit(0)  # skip teardown: the parent measures the way up, not the way down


if __name__ == "__main__":
    main()
