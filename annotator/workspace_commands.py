"""The folder forms of ``annotator stats``, ``export`` and ``validate``: a whole workspace.

Broken project files are reported on standard error, one line per problem naming the file,
and the rest are still counted or exported; the exit status is then 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .cli import problem_lines
from .core.errors import FileProblemError, SaveError
from .core.wording import plural


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def validate_folder(folder: Path) -> int:
    """Every project file under ``folder``: each problem on a line of its own, then a count."""
    from .core.storage import load_project
    from .core.workspace import project_files

    files = project_files(folder)
    bad = 0
    for path in files:
        try:
            load_project(path)
        except FileProblemError as error:
            _err(problem_lines(error))
            bad += 1
    print(f"{folder}: {plural(len(files), 'project file')}, " + (f"{bad} with problems" if bad else "all OK"))
    return 1 if bad else 0


def stats_folder_command(args) -> int:
    """Counts per status, tag, annotator and outlet over the workspace (its index makes a
    second run quick)."""
    from .core.workspace import Workspace
    from .core.workspace_export import folder_stats

    summaries = Workspace(args.project).refresh()
    data = folder_stats(args.project, summaries)
    for path, problem in data["problems"].items():
        _err(f"{path}: {problem}")
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 1 if data["problems"] else 0

    def line(counts: dict) -> str:
        return ", ".join(f"{name} {count}" for name, count in counts.items()) or "none"

    print(f"{args.project}: {plural(data['articles'], 'article')}, {data['progress']}, {plural(data['annotations'], 'annotation')}")
    print("  by status:    " + line(data["status"]))
    print("  assigned to:  " + line(data["assignees"]))
    print("  by tag:       " + line(data["tags"]))
    print("  annotators (articles each): " + line(data["annotators"]))
    print("  by outlet:    " + line(data["outlets"]))
    if data["problems"]:
        print(f"  not counted:  {plural(len(data['problems']), 'file')} with problems (listed on standard error)")
    return 1 if data["problems"] else 0


def export_folder_command(args) -> int:
    """Every article of the workspace in one export (html and brat: a folder given with -o)."""
    from .core.formats import write_export
    from .core.workspace_export import export_folder

    if args.format in ("html", "brat") and args.output is None:
        _err(f"{args.format} of a folder writes several files: give a folder with -o")
        return 1
    result = export_folder(args.format, args.project, draft=args.draft)
    for error in result.problems:
        _err(problem_lines(error))
    for note in result.notes:
        _err(note)
    payload = result.payload
    if args.bom and not isinstance(payload, dict):
        payload = b"\xef\xbb\xbf" + payload
    if args.output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        try:
            write_export(args.output, payload)
        except SaveError as error:
            _err(str(error))
            return 1
    left_out = len(result.problems) + len(result.notes)
    _err(f"{args.project}: exported {plural(len(result.exported), 'project file')}" + (f", {left_out} left out (above)" if left_out else ""))
    return 1 if result.problems else 0
