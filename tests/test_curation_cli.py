"""`annotator review MINE THEIRS THEIRS2 --stats`: people counts per document, as text and JSON."""

import json
import subprocess
import sys

from .conftest import ROOT, SAMPLE
from .test_gui_curation import COLLEAGUE, write_third


def run(*args):
    return subprocess.run([sys.executable, "-m", "annotator", "review", *map(str, args)], capture_output=True, text=True, cwd=ROOT)


def test_stats_of_three_people(tmp_path):
    third = write_third(tmp_path / "third.annotator.json")
    result = run("--stats", "--json", SAMPLE, COLLEAGUE, third)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["people"] == 3
    (doc,) = data["documents"]
    assert sum(doc["agree"].values()) == doc["units"] and set(doc["agree"]) <= {"1 of 3", "2 of 3", "3 of 3"}
    assert 0 < doc["majority"] < doc["units"]
    assert 0 < doc["fact_checks_differ"] < doc["units"]  # the sample's colleagues differ in verdicts and links
    text = run("--stats", SAMPLE, COLLEAGUE, third).stdout
    assert "3 people" in text and f"3 of 3 agree: {doc['agree']['3 of 3']}" in text
    assert f"{doc['fact_checks_differ']} items where the span and tag agree but the fact-checks differ" in text


def test_stats_refuse_a_bad_colleague_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 2, "documents": [{"text": 5}]}')
    result = run("--stats", SAMPLE, COLLEAGUE, bad)
    assert result.returncode == 1 and "bad.json" in result.stderr
