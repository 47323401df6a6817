"""Suggestions learned from a whole workspace (issue 19): a phrase tagged in another article is
suggested here, one turned down there is not; in the core, in ``annotator suggest --workspace``,
and the phrase matcher that makes a workspace's thousands of phrases cheap."""

from __future__ import annotations

import json
import random
import re

from annotator.cli import main
from annotator.core.model import Annotation, Document, Project, RejectedSuggestion, Tag, new_id, now
from annotator.core.anchoring import quote_for
from annotator.core.storage import save_project
from annotator.core.suggest import PhraseMatcher, suggest
from annotator.core.suggest.from_workspace import learn_from_folder

OPEN = "Ships wait for the harbour authority to open the gate.\n\nThe weather service said the storm would pass by Monday.\n"
TAGGED = (OPEN.index("harbour authority"), OPEN.index("harbour authority") + len("harbour authority"))
REJECTED = (OPEN.index("The weather service"), OPEN.index("The weather service") + len("The weather service"))


def _annotated(text: str, tag: Tag, phrase: str) -> Document:
    start = text.index(phrase)
    when = now()
    doc = Document.from_text(text)
    doc.annotations = [Annotation(id=new_id(), tag=tag, start=start, end=start + len(phrase), quote=quote_for(text, start, start + len(phrase)),
                                  author="Ann", created=when, modified=when, modified_by="Ann")]
    return doc


def _rejected(text: str, tag: Tag, phrase: str) -> Document:
    start = text.index(phrase)
    doc = Document.from_text(text)
    doc.rejected_suggestions = [RejectedSuggestion(tag=tag, start=start, end=start + len(phrase), exact=phrase, by="Ben", time=now())]
    return doc


def workspace(folder):
    """Two colleagues' articles: one tagged "harbour authority" as a source, one turned "The
    weather service" down as a source; and the article now open, in the same folder."""
    (folder / "desk").mkdir(parents=True)
    save_project(Project(documents=[_annotated("The harbour authority expects more ships this year.\n", Tag.SOURCE, "harbour authority")]),
                 folder / "desk" / "port.annotator.json")
    save_project(Project(documents=[_rejected("The weather service said the storm would end soon.\n", Tag.SOURCE, "The weather service")]),
                 folder / "weather.annotator.json")
    path = folder / "open.annotator.json"
    save_project(Project(documents=[Document.from_text(OPEN)]), path)
    return path


def spans(found) -> set[tuple[str, int, int]]:
    return {(s.tag, s.start, s.end) for s in found}


def test_the_workspace_teaches_what_one_article_alone_does_not(tmp_path):
    workspace(tmp_path)
    alone = spans(suggest(OPEN))
    assert ("source", *REJECTED) in alone and ("source", *TAGGED) not in alone
    learning = learn_from_folder(tmp_path)
    assert learning.projects == 3 and learning.skipped == []
    taught = suggest(OPEN, learned_from=learning.phrases, model=learning.model)
    assert ("source", *TAGGED) in spans(taught)
    assert ("source", *REJECTED) not in spans(taught)
    assert "tagged source elsewhere" in next(s.reason for s in taught if (s.start, s.end) == TAGGED)


def test_a_broken_file_in_the_workspace_is_skipped_not_fatal(tmp_path):
    workspace(tmp_path)
    (tmp_path / "broken.annotator.json").write_text("{not json", encoding="utf-8")
    learning = learn_from_folder(tmp_path)
    assert [p.name for p in learning.skipped] == ["broken.annotator.json"] and learning.projects == 3


def test_cli_workspace_option(tmp_path, capsys):
    path = workspace(tmp_path / "ws")
    assert main(["suggest", str(path), "--json"]) == 0
    alone = {(r["tag"], r["start"], r["end"]) for r in json.loads(capsys.readouterr().out)}
    assert ("source", *REJECTED) in alone and ("source", *TAGGED) not in alone
    assert main(["suggest", str(path), "--json", "--workspace", str(tmp_path / "ws")]) == 0
    taught = {(r["tag"], r["start"], r["end"]) for r in json.loads(capsys.readouterr().out)}
    assert ("source", *TAGGED) in taught and ("source", *REJECTED) not in taught
    outside = tmp_path / "elsewhere.annotator.json"  # a project outside the folder learns from it too
    outside.write_bytes(path.read_bytes())
    assert main(["suggest", str(outside), "--json", "--workspace", str(tmp_path / "ws")]) == 0
    assert {(r["tag"], r["start"], r["end"]) for r in json.loads(capsys.readouterr().out)} == taught
    assert main(["suggest", str(path), "--workspace", str(tmp_path / "nowhere")]) == 1
    assert "not a folder" in capsys.readouterr().err


def test_the_phrase_matcher_finds_what_one_regular_expression_would():
    """The dictionary of first words gives the matches of the alternation it replaced."""
    rnd = random.Random(3)
    words = "the a harbour authority said “quoted” (AP) Reuters co-founder x_y 4 million euros Müller".split()
    text = " ".join(rnd.choice(words) + rnd.choice(["", ",", ".", ""]) for _ in range(3000))
    phrases = {" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 3))) for _ in range(60)}
    phrases = [p for p in phrases if len(p) >= 3]
    matcher = PhraseMatcher([("source", p) for p in phrases])
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(phrases, key=len, reverse=True))) + r")(?!\w)")
    for lo, hi in ((0, len(text)), (517, 4001), (1, 2)):
        ours = [(s, e) for _t, s, e, _r, _v in matcher.suggest(text, lo, hi, "en")]
        assert ours == [m.span() for m in pattern.finditer(text, lo, hi)]


def test_learning_again_reads_only_changed_files_and_retrains_only_when_spans_changed(tmp_path, monkeypatch):
    """After a save (the app learns again on every workspace refresh), an unchanged folder or a
    changed note costs no training; a new annotation does, reading only its own file."""
    from annotator.core import storage
    from annotator.core.model import Tag
    from annotator.core.suggest.from_workspace import Lessons

    from .factories import project

    paths = []
    for n in range(3):
        paths.append(tmp_path / f"a{n}.annotator.json")
        text = f"Article {n}: the minister said taxes fell."
        start = text.index("the minister")
        storage.save_project(project(text, [(start, start + len("the minister"), Tag.SOURCE)]), paths[-1])
    lessons = Lessons()
    assert lessons.learn(tmp_path).projects == 3
    reads: list = []
    real = storage.load_project
    monkeypatch.setattr(storage, "load_project", lambda path: reads.append(path) or real(path))
    assert lessons.learn(tmp_path) is None and reads == []
    changed = real(paths[1])
    changed.documents[0].annotations[0] = changed.documents[0].annotations[0].model_copy(update={"note": "checked"})
    storage.save_project(changed, paths[1])
    assert lessons.learn(tmp_path) is None and reads == [paths[1]]  # read again, nothing new taught
    doc = changed.documents[0]
    taxes = doc.text.index("taxes")
    doc.annotations.append(project(doc.text, [(taxes, taxes + 5, Tag.CLAIM)]).documents[0].annotations[0].model_copy(update={"id": "11111111-1111-4111-8111-111111111111"}))
    storage.save_project(changed, paths[1])
    again = lessons.learn(tmp_path)
    assert again is not None and ("claim", "taxes") in again.phrases and reads == [paths[1], paths[1]]
