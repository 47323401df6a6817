"""Mutated and broken project files: a clean FileProblemError or a valid project, never another exception."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import FileProblemError
from annotator.core.model import Project
from annotator.core.storage import load_project, parse_project

from .conftest import ROOT, SAMPLE

VALID = json.loads(SAMPLE.read_text(encoding="utf-8"))
JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**12), st.floats(allow_nan=True), st.text(max_size=40),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.just("\u202e\u0000\ud800"), st.just("x" * 100_000),
)


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node[:3]):
            yield from paths(value, prefix + (i,))


ALL_PATHS = [p for p in paths(VALID) if p]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["set", "delete"]), JUNK), min_size=1, max_size=4))
def test_mutated_projects_load_or_fail_cleanly(mutations):
    data = json.loads(json.dumps(VALID))
    for path, action, value in mutations:
        node = data
        try:
            for key in path[:-1]:
                node = node[key]
            if action == "delete":
                del node[path[-1]]
            else:
                node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    raw = json.dumps(data, ensure_ascii=True).encode()
    try:
        result = parse_project(raw, "mutated.json")
    except FileProblemError as error:
        assert "mutated.json" in str(error)
    else:
        assert isinstance(result, Project)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, len(SAMPLE.read_bytes())), st.binary(max_size=20))
def test_truncated_and_spliced_bytes_fail_cleanly(cut, junk):
    data = SAMPLE.read_bytes()
    with pytest.raises(FileProblemError):
        parse_project(data[:cut] + junk + b"\xff", "broken.json")


def test_a_directory_and_an_unreadable_file(tmp_path):
    with pytest.raises(FileProblemError, match="cannot read the file"):
        load_project(tmp_path)


SAVER = """
import sys, itertools
from annotator.core.links import drop_dangling
from annotator.core.storage import load_project, save_project
a = load_project(sys.argv[1]); b = a.model_copy(deep=True); b.documents[0].annotations = b.documents[0].annotations[:5]
drop_dangling(b.documents[0])
print("ready", flush=True)
for project in itertools.cycle([a, b]):
    save_project(project, sys.argv[2])
"""


def test_killing_a_save_loop_never_leaves_a_broken_file(tmp_path):
    target = tmp_path / "p.json"
    counts = set()
    for attempt in range(12):
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(SAMPLE), str(target)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.05 + 0.037 * attempt)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        if target.exists():
            counts.add(len(load_project(target).documents[0].annotations))  # always a whole project
    assert counts <= {42, 5} and counts
