"""`annotator merge-driver`, `git-setup` and `merge`: teams that share projects through git.

The driver is what git runs for a project file both branches changed (``core.merge3``):
it writes the merge over %A atomically and exits 0 when clean, 1 when conflicts were
recorded in the file (git then reports the file as conflicted; the merged file holds no
conflict markers and opens in the app), 2 when a version can't be read or the result can't
be written, 3 when an article's text changed differently on both branches; on 2 and 3
%A is left as it was (ours), and the reason goes to standard error naming the file.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from itertools import chain
from operator import attrgetter
from pathlib import Path

from .cli import problem_lines
from .core.errors import AlreadyExistsError, FileProblemError, SaveError, read_untrusted
from .core.wording import plural

ATTRIBUTE = "*.annotator.json merge=annotator"
DRIVER_NAME = "annotator project merge"

CLEAN, CONFLICTS, UNREADABLE, TEXT_CONFLICT = 0, 1, 2, 3
_id = attrgetter("id")


def git_user(cwd: Path | None = None) -> str:
    """Who is merging: git's committer or author name, else ``git config user.name``, else
    the login name; it signs the conflict records and the merge's edits."""
    for variable in ("GIT_COMMITTER_NAME", "GIT_AUTHOR_NAME"):
        if os.environ.get(variable, "").strip():
            return os.environ[variable].strip()
    try:
        found = subprocess.run(["git", "config", "user.name"], cwd=cwd, capture_output=True, text=True, timeout=10)
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        import getpass

        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "git merge"


def merge_driver_command(args) -> int:
    return drive(args.base, args.ours, args.theirs, args.path or str(args.ours))


def drive(base_path: Path, ours_path: Path, theirs_path: Path, name: str, reviewer: str | None = None) -> int:
    """What git's merge driver does: merge the three versions over ``ours_path``; the exit
    status (see the module's docstring). Messages go to standard error, each naming ``name``."""
    from .core.bulk import gc_paused
    from .core.integrity import project_problems
    from .core.merge3 import TextConflict, merge3
    from .core.model import now
    from .core.storage import MAX_PROJECT_BYTES, dump_bytes, write_atomic

    versions = []
    wheres = []
    for label, path in (("base", base_path), ("ours", ours_path), ("theirs", theirs_path)):
        wheres.append(f"{name} ({label}, {path})")
        try:
            data = read_untrusted(Path(path), MAX_PROJECT_BYTES)
            # git gives an empty base when both branches added the file
            versions.append(None if label == "base" and not data.strip() else _parse(data, wheres[-1], label == "base"))
        except FileProblemError as error:
            return _refuse(name, problem_lines(error))
    base, ours, theirs = versions
    texts = [{doc.sha256 for doc in project.documents} for project in versions if project is not None]
    if any(t != texts[-1] for t in texts):  # articles to re-anchor: only in sound versions
        for where, project in zip(wheres, versions):
            found = project_problems(project) if project is not None else []
            if found:
                return _refuse(name, problem_lines(FileProblemError(where, found)))
    try:
        with gc_paused():  # it makes no garbage cycles; a collector pass would walk every annotation
            merged = merge3(base, ours, theirs, reviewer or git_user(), now())
            problems = project_problems(merged.project)
    except TextConflict as error:
        print(f"{name}: {error}", file=sys.stderr)
        return TEXT_CONFLICT
    if problems:  # name the version at fault where there is one, else the merge's own problem
        for where, project in zip(wheres[1:], versions[1:]):
            found = project_problems(project)
            if found:
                return _refuse(name, problem_lines(FileProblemError(where, found)))
        return _refuse(name, "\n".join(f"{name}: the merge would not be a valid project: {problem}" for problem in problems))
    with gc_paused():
        payload = dump_bytes(merged.project)
    if len(payload) > MAX_PROJECT_BYTES:
        print(f"{name}: the merge would be {len(payload):,} bytes, over the {MAX_PROJECT_BYTES:,}-byte limit annotator opens; "
              "nothing was written.", file=sys.stderr)
        return UNREADABLE
    try:
        write_atomic(Path(ours_path), payload)
    except SaveError as error:
        print(f"{name}: {error}", file=sys.stderr)
        return UNREADABLE
    for line in merged.notes:
        print(f"{name}: {line}", file=sys.stderr)
    for line in merged.conflicts:
        print(f"{name}: conflict: {line}", file=sys.stderr)
    if merged.conflicts:
        print(f"{name}: {plural(len(merged.conflicts), 'conflict')} recorded in the file (no conflict markers): open it in "
              "annotator to see them under Changes since review, then `git add` it.", file=sys.stderr)
        return CONFLICTS
    return CLEAN


def _parse(data: bytes, where: str, base: bool = False):
    """A version of the file, validated. A current file takes the quick path without the
    checks against its text: what it contributes to the merge is checked there, in the
    result, before anything is written (and then the versions, to name the one at fault).
    Ids must be unique, though: a merge by id would silently fold two into one. The base
    contributes nothing to the result (only which side changed what), so its keys are not
    counted for repeats either."""
    from .core.bulk import gc_paused
    from .core.fast_load import parse_current
    from .core.integrity import project_problems
    from .core.model import NO_NUL, NO_SURROGATES, SCHEMA_VERSION, Project
    from .core.storage import parse_project

    project = None
    if base and not data.startswith(b"\xef\xbb\xbf"):
        with gc_paused():
            try:  # the JSON reader refuses lone surrogate escapes, as in fast_load
                project = Project.model_validate_json(data, context={NO_SURROGATES: True, NO_NUL: b"\\u0000" not in data})
            except ValueError:
                project = None
        if project is not None and project.schema_version != SCHEMA_VERSION:
            project = None
    elif not base:
        project = parse_current(data)
    if project is None:
        return parse_project(data, where)  # the careful way, naming every problem
    if not base:
        ids = list(map(_id, chain.from_iterable(chain(doc.annotations, doc.orphans) for doc in project.documents)))
        if len(set(ids)) != len(ids):
            raise FileProblemError(where, project_problems(project))
    return project


def _refuse(name: str, message: str) -> int:
    print(message, file=sys.stderr)
    print(f"{name}: annotator did not merge this file; it holds your version (ours), unchanged.", file=sys.stderr)
    return UNREADABLE


def driver_command() -> str:
    """The command git runs: this Python and this annotator, whatever PATH holds then."""
    return f"{shlex.quote(sys.executable)} -m annotator merge-driver %O %A %B %P"


def git_setup_command(args) -> int:
    repo = Path(args.repo or ".")
    try:
        found = subprocess.run(["git", "-C", str(repo), "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"{repo}: cannot run git ({exc}); install git first.", file=sys.stderr)
        return 1
    if found.returncode != 0 or not found.stdout.strip():
        print(f"{repo}: not a git repository (or git could not read it): {found.stderr.strip()}", file=sys.stderr)
        return 1
    top = Path(found.stdout.strip())
    attributes = top / ".gitattributes"
    try:
        existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{attributes}: cannot read it ({exc}); nothing was changed.", file=sys.stderr)
        return 1
    if ATTRIBUTE in (line.strip() for line in existing.splitlines()):
        print(f"{attributes}: already has the line `{ATTRIBUTE}`")
    else:
        from .core.storage import write_atomic

        text = existing + ("\n" if existing and not existing.endswith("\n") else "") + ATTRIBUTE + "\n"
        try:
            write_atomic(attributes, text.encode("utf-8"))
        except SaveError as error:
            print(str(error), file=sys.stderr)
            return 1
        print(f"{attributes}: added the line `{ATTRIBUTE}` (commit it so everyone's git uses the driver)")
    for key, value in (("merge.annotator.name", DRIVER_NAME), ("merge.annotator.driver", driver_command())):
        done = subprocess.run(["git", "-C", str(top), "config", key, value], capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            print(f"{top}: git config {key} failed: {done.stderr.strip()}", file=sys.stderr)
            return 1
        print(f"git config of {top} (this clone only): {key} = {value}")
    print("Each person sets the driver up once in their own clone (git config is not shared); the .gitattributes line is.")
    print(f"To undo: remove the line `{ATTRIBUTE}` from {attributes}, then run "
          f"`git -C {shlex.quote(str(top))} config --remove-section merge.annotator`.")
    return 0


def merge_command(args) -> int:
    """The review's merge without the window: every item decided by ``--prefer``."""
    from .core.model import now
    from .core.review import Group, counts
    from .core.storage import load_project, save_project

    if args.output.exists():  # early; the exclusive save checks again
        print(_exists(args.output), file=sys.stderr)
        return 1
    try:
        mine, theirs = load_project(args.mine), load_project(args.theirs)
    except FileProblemError as error:
        print(problem_lines(error), file=sys.stderr)
        return 1
    project, reviews, unmatched = merge_two(mine, theirs, args.prefer, args.reviewer or git_user(), now(), args.mine.name, args.theirs.name)
    try:
        save_project(project, args.output, exclusive=True)
    except AlreadyExistsError:
        print(_exists(args.output), file=sys.stderr)
        return 1
    except SaveError as error:
        print(str(error), file=sys.stderr)
        return 1
    tally = {group: 0 for group in Group}
    for review in reviews:
        for group, count in counts(review.items).items():
            tally[group] += count
    kept = sum(len(doc.annotations) for doc in project.documents)
    print(f"{args.output}: {plural(kept, 'annotation')} ({args.prefer} preferred); "
          + ", ".join(f"{group.value} {count}" for group, count in tally.items() if count))
    lost = sum(len(review.lost) for review in reviews)
    if lost:
        print(f"{args.theirs}: {plural(lost, 'annotation')} not found in {args.mine.name}'s text: kept in the records, not merged", file=sys.stderr)
    for doc in unmatched:
        print(f"{args.theirs}: the article {doc.title or doc.id!r} matched none of {args.mine.name}'s: not merged (recorded)", file=sys.stderr)
    return 0


def merge_two(mine, theirs, prefer: str, reviewer: str, time, mine_name: str, theirs_name: str):
    """The review of ``theirs`` against ``mine`` merged with every item decided by ``prefer``:
    (the merged project, the document reviews, their documents that matched none of mine)."""
    from .core.merge import merge_document, merge_projects, preferred_decision, review_projects

    reviews, unmatched = review_projects(mine, theirs)
    used_ids: set[str] = set()
    documents = []
    for review in reviews:
        decisions = {}
        for index, item in enumerate(review.items):
            decision = preferred_decision(item, prefer, reviewer, time)
            if decision is not None:
                decisions[index] = decision
        documents.append(merge_document(review, decisions, {}, reviewer, time, used_ids))
    merged = merge_projects(mine, documents, reviewer, time, mine_name, theirs_name, unmatched, theirs=[(theirs_name, theirs)])
    return merged, reviews, unmatched


def _exists(path: Path) -> str:
    return f"{path} exists; merging never overwrites a file. Choose another name."
