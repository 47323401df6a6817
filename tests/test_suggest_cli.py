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


def test_what_the_project_turned_down_is_not_listed_again(tmp_path, capsys):
    from annotator.core.model import Document, Project, RejectedSuggestion, Tag, now
    from annotator.core.storage import save_project
    from annotator.core.suggest import suggest

    text = "The mayor said: “We will build the bridge by 2030.”\n\nAccording to the city council, it will cost 4 million euros.\n"
    first = suggest(text)[0]
    doc = Document.from_text(text, title="Bridge")
    doc.rejected_suggestions = [RejectedSuggestion(tag=Tag(first.tag), start=first.start, end=first.end, exact=first.exact, by="Ann", time=now())]
    path = tmp_path / "bridge.annotator.json"
    save_project(Project(documents=[doc]), path)
    assert main(["suggest", str(path), "--json"]) == 0
    listed = {(s["tag"], s["start"], s["end"]) for s in json.loads(capsys.readouterr().out)}
    assert (first.tag, first.start, first.end) not in listed and listed


def test_a_phrase_tagged_once_is_suggested_where_it_recurs_in_the_app(qtbot, window, tmp_path):
    from annotator.core.anchoring import quote_for
    from annotator.core.model import Annotation, Document, Project, Tag, new_id, now
    from annotator.core.storage import save_project

    text = "Vexlor Dynamics reported a loss.\n\nLater in the year Vexlor Dynamics reported a gain.\n"
    doc = Document.from_text(text, title="Vexlor")
    doc.annotations = [Annotation(id=new_id(), tag=Tag.SOURCE, start=0, end=15, quote=quote_for(text, 0, 15), author="Ann",
                                  created=now(), modified=now())]
    path = tmp_path / "vexlor.annotator.json"
    save_project(Project(documents=[doc]), path)
    from PySide6.QtCore import QSettings

    QSettings().setValue("view/suggestions", "true")
    window.open_path(path, ask_to_save=False)
    second = text.index("Vexlor Dynamics", 1)
    offered = [(s.tag, s.start, s.end, s.suggester) for s in window.suggestions.on_screen()]
    assert ("source", second, second + 15, "learned") in offered
