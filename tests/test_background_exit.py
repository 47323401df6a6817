"""Leaving the app while background work still runs is a normal exit, not Qt's abort for a
thread destroyed while running (which once ended the test run with status 134)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import time
from PySide6.QtCore import QTimer
from annotator.ui.app import application
from annotator.ui import background
app = application([])
background.start_in_background(lambda: time.sleep(0.5) or "late", lambda result: None)
QTimer.singleShot(50, app.quit)
app.exec()
"""


def test_exiting_with_background_work_running_exits_cleanly():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Destroyed while thread" not in done.stderr
