"""``python -m annotator.benchmarks [--quick] [--repeat N]``: one line per target, MET or MISSED."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from . import corpus, merge_driver, suggest, targets, workspace
from .timing import Verdict

FULL = {"big": (10_000_000, 100_000), "medium": (1_000_000, 10_000), "review": (10_000, 100_000), "reanchor": (1_000, 10_000), "workspace": 2_000}
QUICK = {"big": (1_000_000, 10_000), "medium": (100_000, 1_000), "review": (1_000, 10_000), "reanchor": (1_000, 10_000), "workspace": 200}
TYPICAL = (100_000, 1_000)
"""A typical single article (issue 16): where an open's fixed costs show, paid at every switch."""
SMALL = (10_000, 100)
"""The small case one edit is compared with: 100 annotations on a 10 KB article."""


def label(size: int, count: int) -> str:
    return f"{size / 1e6:g} MB/{count // 1000}k" if count >= 1000 else f"{size / 1e6:g} MB/{count}"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    from PySide6 import __version__ as pyside

    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, PySide6 {pyside}, {platform.system()}"


def run(quick: bool, repeat: int, out=print, only: set[str] | None = None) -> list[Verdict]:
    sizes = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as name:
        folder = Path(name)
        _isolate(folder)
        from ..ui.app import application
        from PySide6.QtCore import QSettings, qInstallMessageHandler

        application()
        qInstallMessageHandler(_quiet_offscreen)
        QSettings().setValue("author", "Benchmark")
        out(f"annotator benchmarks ({'quick' if quick else 'full'}, {repeat} runs each; times are best/median)")
        out(f"machine: {machine()}")
        files = {}
        projects = {}
        for key in ("small", "typical", "medium", "big"):
            size, count = SMALL if key == "small" else TYPICAL if key == "typical" else sizes[key]
            projects[key] = corpus.project(size, count)
            files[key] = folder / f"{key}.annotator.json"
            from ..core.storage import save_project

            save_project(projects[key], files[key])
        big, medium = label(*sizes["big"]), label(*sizes["medium"])
        steps = [
            lambda: [targets.open_project(files["big"], big, repeat)],
            lambda: [targets.open_project(files["medium"], medium, repeat)],
            lambda: targets.edits(files["small"], files["big"], f"{big} vs {label(*SMALL)}", repeat),
            lambda: targets.scrolling(files["big"], big, repeat),
            lambda: targets.save_and_load(projects["big"], folder, big, repeat),
            lambda: [targets.memory(files["big"], big)],
            lambda: [targets.review(sizes["review"][1] * 100, sizes["review"], repeat)],
            lambda: [targets.reanchor(sizes["reanchor"][1] * 100, sizes["reanchor"], repeat)],
            lambda: targets.startup([("sample", corpus.SAMPLE), (medium, files["medium"]), (big, files["big"])], repeat),
            lambda: [targets.dense_paragraph(folder, repeat)],
            lambda: workspace.run(folder, sizes["workspace"], repeat),
            lambda: [targets.open_project(files["typical"], f"{label(*TYPICAL)} (a typical article)", repeat, "16", 2.0)],
            lambda: merge_driver.run(folder, *sizes["big"], sizes["big"][1] // 100, repeat),  # issue 17
            lambda: suggest.run(sizes["big"][0], repeat),  # issue 19
            lambda: suggest.learning(folder, sizes["workspace"], repeat),  # issue 19
        ]
        if only:  # the steps' targets are in _STEP_TARGETS, in the same order
            steps = [step for n, step in enumerate(steps) if _STEP_TARGETS[n] & only]
        verdicts = []
        began = time.perf_counter()
        for step in steps:
            for verdict in step():
                out(verdict.line())
                verdicts.append(verdict)
        missed = sum(not v.met for v in verdicts)
        out(f"{len(verdicts) - missed} of {len(verdicts)} met in {time.perf_counter() - began:.0f} s")
        return verdicts


_STEP_TARGETS = [{"1"}, {"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6"}, {"6"}, {"7", "16"}, {"2"}, {"16"}, {"16"}, {"17"}, {"19"}, {"19"}]
"""The targets each step of ``run`` measures, for ``--only``."""


def _quiet_offscreen(_kind, _context, message: str) -> None:
    """Drop the offscreen platform's notes about window hints it cannot honour; keep the rest."""
    if "propagateSizeHints" not in message:
        sys.stderr.write(message + "\n")


def _isolate(folder: Path) -> None:
    """Run offscreen, with settings and recovery files in ``folder``: never the user's own."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    os.environ["ANNOTATOR_DATA_DIR"] = str(folder / "data")
    os.environ["ANNOTATOR_DOCUMENTS_DIR"] = str(folder / "documents")
    os.environ["ANNOTATOR_CACHE_DIR"] = str(folder / "cache")  # workspace indexes
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "config"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotator.benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller data (1 MB / 10,000 annotations), under two minutes")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (at least 5 for reported numbers)")
    parser.add_argument("--only", action="append", metavar="TARGET", help="measure only this target (repeatable), e.g. --only 16")
    args = parser.parse_args(argv)
    verdicts = run(args.quick, args.repeat, only=set(args.only or ()) or None)
    return 0 if all(v.met for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
