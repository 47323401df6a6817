"""A reader that stops early (`| head`, `| true`) ends a command quietly, as it ends Unix tools."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from .conftest import ROOT, SAMPLE

COLLEAGUE = ROOT / "projects" / "russian-bombers-iran.colleague.annotator.json"


@pytest.mark.parametrize("args", [
    ["export", "--format", "csv", str(SAMPLE)],
    ["export", "--format", "w3c", str(SAMPLE)],
    ["review", str(SAMPLE), str(COLLEAGUE), "--stats"],
    ["stats", str(SAMPLE), "--json"],
    ["validate", str(SAMPLE)],
])
def test_a_closed_pipe_ends_the_command_without_a_traceback(args):
    # The reading end is closed before the command starts, so its first write meets a
    # broken pipe every time, not only when the output outgrows the pipe's buffer.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "annotator", *args], stdout=write_end,
                              stderr=subprocess.PIPE, timeout=120, cwd=ROOT)
    finally:
        os.close(write_end)
    assert done.stderr.decode() == ""
    assert done.returncode == 128 + signal.SIGPIPE
