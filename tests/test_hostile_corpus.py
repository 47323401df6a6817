"""Every hostile input of the corpus (``hostile_corpus.py``) gets a clear refusal: exit status
1, every line of stderr naming the file, no traceback, within a time and a memory limit.

Each case runs the real command in a child process, so that a read that never ends or takes
all memory fails the case instead of the test run.
"""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest

from .conftest import ROOT
from .hostile_corpus import CASES, Case

MEMORY_LIMIT = 1 << 30
"""Address space for a risky case's child: reading /dev/zero or a bomb must stop well before."""
TIME_LIMIT = 30


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_refused_clearly(case: Case, tmp_path):
    args = case.build(tmp_path)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "annotator", *args], cwd=ROOT, capture_output=True, text=True, timeout=TIME_LIMIT,
            stdin=subprocess.DEVNULL, preexec_fn=_limit_memory if case.memory else None,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.name}: no answer within {TIME_LIMIT} s")
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == case.exit_status, (result.returncode, result.stderr[-2000:])
    if case.exit_status == 0:
        if case.check is not None:
            case.check(tmp_path, result.stdout)
        return
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "refused without saying why"
    assert all(line.startswith(str(tmp_path)) for line in lines), lines  # every line names the file
    assert not (tmp_path / "out.annotator.json").exists()  # nothing half-written
