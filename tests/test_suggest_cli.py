"""``annotator suggest``: the listing, JSON, tag filter, and --apply writing a new file only."""

from __future__ import annotations

import json

from annotator.cli import main
from annotator.core.storage import load_project

from .conftest import SAMPLE


def test_lists_suggestions_with_reasons(capsys):
    assert main(["suggest", str(SAMPLE)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out and all(line.split("\t")[0] in ("claim", "quote", "source", "unverified") for line in out)
    assert any(line.startswith("unverified\t") and "would not confirm" in line for line in out)


def test_json_and_tags(capsys):
    assert main(["suggest", str(SAMPLE), "--json", "--tags", "quote,source"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {r["tag"] for r in rows} <= {"quote", "source"}
    text = load_project(SAMPLE).documents[0].text
    assert all(text[r["start"]:r["end"]] == r["exact"] and r["reason"] for r in rows)
    assert main(["suggest", str(SAMPLE), "--tags", "opinion"]) == 1


def test_apply_writes_a_new_project_and_never_overwrites(tmp_path, capsys):
    out = tmp_path / "suggested.annotator.json"
    assert main(["suggest", str(SAMPLE), "--apply", "-o", str(out), "--author", "Bot"]) == 0
    before, after = load_project(SAMPLE), load_project(out)
    old, new = before.documents[0].annotations, after.documents[0].annotations
    added = [a for a in new if a.author == "Bot"]
    assert added and len(new) == len(old) + len(added)
    text = after.documents[0].text
    for ann in added:
        assert text[ann.start:ann.end] == ann.quote.exact and ann.modified_by == "Bot" and ann.note.startswith("Suggested: ")
    assert not {(a.tag, a.start, a.end) for a in added} & {(a.tag, a.start, a.end) for a in old}
    size = out.stat().st_size
    assert main(["suggest", str(SAMPLE), "--apply", "-o", str(out)]) == 1
    assert out.stat().st_size == size
    assert "never overwrites" in capsys.readouterr().err
    assert main(["suggest", str(SAMPLE), "--apply"]) == 1
