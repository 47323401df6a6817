"""The merge driver in real git repositories: two branches change one project in parallel,
`git merge` runs `annotator merge-driver`, and the result loads with both sides' work."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from annotator.core.anchoring import quote_for
from annotator.core.links import without_links_into
from annotator.core.merge import CONFLICT
from annotator.core.model import Annotation, Tag, sha256_text
from annotator.core.storage import dump_bytes, load_project

from .conftest import SAMPLE

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (the README's test command installs it)")

NAME = "sample.annotator.json"
LATER = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def git_env(tmp_path: Path, who: str = "Alice") -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return dict(
        os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME=who, GIT_AUTHOR_EMAIL=f"{who.lower()}@example.org",
        GIT_COMMITTER_NAME=who, GIT_COMMITTER_EMAIL=f"{who.lower()}@example.org",
    )


def git(repo: Path, *args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=check)


def annotator(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotator", *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture
def repo(tmp_path: Path):
    """A repository with the sample project committed on main and the driver set up."""
    env = git_env(tmp_path)
    path = tmp_path / "desk"
    path.mkdir()
    git(path, "init", "-q", "-b", "main", env=env)
    shutil.copy(SAMPLE, path / NAME)
    setup = annotator("git-setup", str(path), env=env, cwd=tmp_path)
    assert setup.returncode == 0, setup.stderr
    git(path, "add", ".", env=env)
    git(path, "commit", "-q", "-m", "the sample", env=env)
    return path, env


def change(path: Path, edit) -> None:
    """Load the project, let ``edit`` change its first document, write it as the app saves it."""
    project = load_project(path)
    edit(project.documents[0])
    path.write_bytes(dump_bytes(project))


def commit_on(repo: Path, env, branch: str, edit, create: bool = False, who: str = "Alice") -> None:
    git(repo, "checkout", "-q", *(["-b"] if create else []), branch, env=env)
    change(repo / NAME, edit)
    git(repo, "commit", "-q", "-am", f"{who}'s work", env=dict(env, GIT_AUTHOR_NAME=who, GIT_COMMITTER_NAME=who))


def new_annotation(doc, needle: str, n: int, tag: Tag, author: str) -> Annotation:
    start = doc.text.index(needle)
    end = start + len(needle)
    return Annotation(id=f"99999999-0000-4000-8000-{n:012d}", tag=tag, start=start, end=end, quote=quote_for(doc.text, start, end),
                      note=f"added by {author}", author=author, created=LATER, modified=LATER, modified_by=author)


def edited(ann: Annotation, who: str, **changes) -> Annotation:
    return ann.model_copy(update={**changes, "modified": LATER, "modified_by": who})


def replace(doc, ann: Annotation) -> None:
    doc.annotations = [ann if a.id == ann.id else a for a in doc.annotations]


def delete(doc, ann_id: str, who: str) -> None:
    """Delete as the app does: the links into it go in the same step (the sample has links)."""
    doc.annotations = [without_links_into(x, {ann_id}, who) for x in doc.annotations if x.id != ann_id]


def other_tag(tag: Tag, *avoid: Tag) -> Tag:
    return next(t for t in Tag if t != tag and t not in avoid)


def test_parallel_work_merges_and_the_true_conflicts_are_recorded(repo):
    merge_parallel_work(repo)


def merge_parallel_work(repo):
    """Alice (main) and Bob change the sample in parallel; merge; check; commit. The merged
    file and the annotation both retagged differently."""
    repo, env = repo
    base = load_project(repo / NAME).documents[0]
    a = base.annotations
    words = [w for w in ("Russia", "Iran", "bombers") if w in base.text]
    conflict_tag_alice = other_tag(a[5].tag)
    conflict_tag_bob = other_tag(a[5].tag, conflict_tag_alice)

    def alice(doc):
        replace(doc, edited(a[0], "Alice", tag=other_tag(a[0].tag)))  # retag
        replace(doc, edited(a[1], "Alice", note="Alice checked this."))  # note edit (Bob retags it)
        delete(doc, a[2].id, "Alice")
        replace(doc, edited(a[5], "Alice", tag=conflict_tag_alice))  # the true conflict
        replace(doc, edited(a[7], "Alice", note="Alice: the figure is from 2019."))  # notes both changed
        doc.annotations.append(new_annotation(doc, words[0], 1, Tag.SOURCE, "Alice"))  # add

    def bob(doc):
        replace(doc, edited(a[1], "Bob", tag=other_tag(a[1].tag)))
        replace(doc, edited(a[3], "Bob", tag=other_tag(a[3].tag)))
        replace(doc, edited(a[4], "Bob", note="Bob: second source found."))
        delete(doc, a[6].id, "Bob")
        replace(doc, edited(a[5], "Bob", tag=conflict_tag_bob))
        replace(doc, edited(a[7], "Bob", note="Bob: the ministry disputes it."))
        doc.annotations.append(new_annotation(doc, words[1], 2, Tag.CLAIM, "Bob"))

    commit_on(repo, env, "bob", bob, create=True, who="Bob")
    commit_on(repo, env, "main", alice, who="Alice")

    merged = git(repo, "merge", "bob", "-m", "merge Bob", env=env, check=False)
    assert merged.returncode != 0  # git reports the conflict ...
    assert "CONFLICT" in merged.stdout + merged.stderr
    assert "conflict" in merged.stderr and NAME in merged.stderr  # ... and the driver said what it is
    assert git(repo, "status", "--porcelain", env=env).stdout.startswith(f"UU {NAME}")
    raw = (repo / NAME).read_text(encoding="utf-8")
    assert "<<<<<<<" not in raw and ">>>>>>>" not in raw

    result = load_project(repo / NAME).documents[0]  # loads: valid JSON, a valid project
    by_id = {x.id: x for x in result.annotations}
    assert by_id[a[0].id].tag == other_tag(a[0].tag)  # Alice's retag
    assert by_id[a[1].id].note == "Alice checked this." and by_id[a[1].id].tag == other_tag(a[1].tag)  # both, field by field
    assert a[2].id not in by_id and a[6].id not in by_id  # both deletions
    assert by_id[a[3].id].tag == other_tag(a[3].tag)  # Bob's retag
    assert by_id[a[4].id].note == "Bob: second source found."
    assert "99999999-0000-4000-8000-000000000001" in by_id and "99999999-0000-4000-8000-000000000002" in by_id
    assert by_id[a[5].id].tag == conflict_tag_alice  # ours kept ...
    record = next(r for r in result.review if r.group == CONFLICT and r.mine is not None and r.mine.id == a[5].id)
    assert record.theirs.tag == conflict_tag_bob and not record.decided  # ... theirs recorded
    assert record.reviewer == "Alice" and "ours is kept" in record.comment.text
    note = by_id[a[7].id].note  # two different notes: both kept
    assert "Alice: the figure is from 2019." in note and "Bob: the ministry disputes it." in note
    assert len(result.annotations) == len(base.annotations) - 2 + 2

    git(repo, "add", NAME, env=env)  # the user has looked: the merge completes
    git(repo, "commit", "-q", "--no-edit", env=env)
    assert git(repo, "status", "--porcelain", env=env).stdout == ""
    return repo / NAME, a[5]


def test_the_app_shows_the_conflicts_under_changes_since_review(repo, qtbot):
    from annotator.ui.main_window import MainWindow

    from .conftest import discard_changes

    path, conflicted = merge_parallel_work(repo)
    window = MainWindow()
    qtbot.addWidget(window, before_close_func=discard_changes)
    window.show()
    assert window.open_path(path, ask_to_save=False)
    qtbot.waitUntil(window.changes_dock.isVisible)
    model = window.changes_panel.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    conflicts = [row for row in rows if "(conflict)" in row[2]]
    assert len(conflicts) == 2  # the tag and the notes
    assert all(row[0].startswith("git merge conflict") and "git merge:" in row[4] for row in conflicts)
    assert any(conflicted.quote.exact[:40] in row[1] for row in conflicts)


def test_a_clean_merge_completes_by_itself(repo):
    repo, env = repo
    a = load_project(repo / NAME).documents[0].annotations
    commit_on(repo, env, "bob", lambda doc: replace(doc, edited(a[3], "Bob", note="Bob's note")), create=True, who="Bob")
    commit_on(repo, env, "main", lambda doc: replace(doc, edited(a[0], "Alice", tag=other_tag(a[0].tag))))
    merged = git(repo, "merge", "bob", "-m", "merge Bob", env=env, check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    result = {x.id: x for x in load_project(repo / NAME).documents[0].annotations}
    assert result[a[3].id].note == "Bob's note" and result[a[0].id].tag == other_tag(a[0].tag)
    assert git(repo, "log", "--format=%s", "-1", env=env).stdout.strip() == "merge Bob"


def _new_text(doc, words: str) -> None:
    doc.text = doc.text + "\n\n" + words
    doc.sha256 = sha256_text(doc.text)


def test_the_article_changed_on_both_sides_is_refused_and_ours_stays(repo):
    repo, env = repo
    commit_on(repo, env, "bob", lambda doc: _new_text(doc, "Bob's correction."), create=True, who="Bob")
    commit_on(repo, env, "main", lambda doc: _new_text(doc, "Alice's update."))
    ours = (repo / NAME).read_bytes()
    merged = git(repo, "merge", "bob", "-m", "merge Bob", env=env, check=False)
    assert merged.returncode != 0
    assert "changed on both branches" in merged.stderr and "does not guess" in merged.stderr
    assert (repo / NAME).read_bytes() == ours  # %A untouched: the file holds our version
    assert "UU" in git(repo, "status", "--porcelain", env=env).stdout


def test_the_article_changed_on_one_side_reanchors_the_other(repo):
    repo, env = repo
    a = load_project(repo / NAME).documents[0].annotations

    def bob(doc):
        doc.text = "Editor's note: updated.\n\n" + doc.text
        doc.sha256 = sha256_text(doc.text)
        shift = len("Editor's note: updated.\n\n")
        doc.annotations = [x.model_copy(update={"start": x.start + shift, "end": x.end + shift, "quote": quote_for(doc.text, x.start + shift, x.end + shift)})
                           for x in doc.annotations]

    commit_on(repo, env, "bob", bob, create=True, who="Bob")
    commit_on(repo, env, "main", lambda doc: replace(doc, edited(a[0], "Alice", note="Alice's note")))
    merged = git(repo, "merge", "bob", "-m", "merge Bob", env=env, check=False)
    assert merged.returncode == 0, merged.stderr
    result = load_project(repo / NAME).documents[0]
    assert result.text.startswith("Editor's note")
    first = next(x for x in result.annotations if x.id == a[0].id)
    assert first.note == "Alice's note" and result.text[first.start:first.end] == a[0].quote.exact


def test_an_unreadable_version_is_refused_with_a_message(tmp_path):
    env = git_env(tmp_path)
    base, ours, theirs = (tmp_path / n for n in ("o.json", "a.json", "b.json"))
    base.write_bytes(SAMPLE.read_bytes())
    ours.write_bytes(SAMPLE.read_bytes())
    theirs.write_text('{"schema_version": 8, "documents": [', encoding="utf-8")
    done = annotator("merge-driver", str(base), str(ours), str(theirs), "desk/p.annotator.json", env=env, cwd=tmp_path)
    assert done.returncode == 2
    assert "desk/p.annotator.json (theirs" in done.stderr and "not valid JSON" in done.stderr
    assert "Traceback" not in done.stderr
    assert ours.read_bytes() == SAMPLE.read_bytes()


def test_git_setup_is_idempotent_and_refuses_a_folder_outside_git(tmp_path, repo):
    path, env = repo
    again = annotator("git-setup", str(path), env=env, cwd=tmp_path)
    assert again.returncode == 0 and "already has the line" in again.stdout and "--remove-section" in again.stdout
    assert (path / ".gitattributes").read_text().count("merge=annotator") == 1
    driver = git(path, "config", "merge.annotator.driver", env=env).stdout.strip()
    assert driver.endswith("-m annotator merge-driver %O %A %B %P")
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    refused = annotator("git-setup", str(outside), env=dict(env, GIT_CEILING_DIRECTORIES=str(tmp_path)), cwd=tmp_path)
    assert refused.returncode == 1 and "not a git repository" in refused.stderr
