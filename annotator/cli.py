"""The ``annotator`` command: no arguments or a file opens the GUI; subcommands run headless."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from . import __version__
from .core.errors import FileProblemError
from .core.wording import plural


def problem_lines(error: FileProblemError) -> str:
    """One line per problem, each naming the file and the place, as compilers do (grep-able)."""
    return "\n".join(f"{error.path}: {problem}" for problem in error.problems)


COMMANDS = ("validate", "review", "export", "import", "stats", "publishing", "open", "merge", "merge-driver", "git-setup", "agreement", "suggest")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Fact-checking annotation of news articles. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = sub.add_parser("validate", help="check project files and report every problem found")
    validate.add_argument("files", nargs="+", type=Path, metavar="PROJECT", help="a project file, or a folder: every project file under it")
    review = sub.add_parser("review", help="review a colleague's project against mine (the app, or --stats)")
    review.add_argument("mine", type=Path, metavar="MINE")
    review.add_argument("theirs", type=Path, nargs="+", metavar="THEIRS", help="a colleague's project; several: curate them all at once")
    review.add_argument("--stats", action="store_true", help="print agreement and differences instead of opening the app")
    review.add_argument("--json", action="store_true", help="with --stats: print JSON")
    from .core.formats import formats

    readers = sorted(name for name, f in formats().items() if f.read)
    writers = sorted(name for name, f in formats().items() if f.write)
    export = sub.add_parser("export", help="write a project's annotations in another format")
    described = {name: f.title for name, f in formats().items()}
    export.add_argument("--format", "-f", required=True, choices=writers, metavar="FORMAT",
                        help="; ".join(f"{n}: {described[n]}" for n in writers))
    export.add_argument("project", type=Path, metavar="PROJECT", help="a project file, or a folder: every project file under it")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    export.add_argument("--bom", action="store_true", help="start the file with a UTF-8 byte-order mark (for Excel)")
    export.add_argument("--draft", action="store_true",
                        help="claimreview: write it even without publishing details, each review marked as a draft")
    import_ = sub.add_parser("import", help="make a project from another tool's annotation file")
    import_.add_argument("--format", "-f", required=True, choices=readers, metavar="FORMAT",
                         help="; ".join(f"{n}: {described[n]}" for n in readers))
    import_.add_argument("file", type=Path, metavar="FILE")
    import_.add_argument("--article", type=Path, help="the article's text, for formats that don't carry it (w3c)")
    import_.add_argument("-o", "--output", type=Path, required=True, help="the new project file (never overwritten)")
    import_.add_argument("--skip-unknown", action="store_true", help="import what fits and report the rest, instead of refusing")
    import_.add_argument("--map", action="append", default=[], metavar="LABEL=TAG", help="read another tool's label as one of our tags, e.g. --map ORG=source (repeatable)")
    stats = sub.add_parser("stats", help="count annotations per tag, author and document")
    stats.add_argument("project", type=Path, metavar="PROJECT", help="a project file, or a folder: counts per status, tag, annotator and outlet")
    stats.add_argument("--json", action="store_true", help="print JSON")
    publishing = sub.add_parser("publishing", help="show or set who publishes the fact-checks and on which page (for ClaimReview)")
    publishing.add_argument("project", type=Path, metavar="PROJECT")
    publishing.add_argument("--organization", metavar="NAME", help="the fact-checking organisation's name")
    publishing.add_argument("--organization-url", metavar="URL", help="the organisation's home page (http or https)")
    publishing.add_argument("--page", metavar="URL", help="the fact-check page that publishes the reviews (http or https)")
    merge = sub.add_parser("merge", help="merge a colleague's project into a new file without the review window")
    merge.add_argument("mine", type=Path, metavar="MINE")
    merge.add_argument("theirs", type=Path, metavar="THEIRS")
    merge.add_argument("-o", "--output", type=Path, required=True, help="the merged project (never overwritten)")
    merge.add_argument("--prefer", choices=("mine", "theirs", "both"), default="mine",
                       help="which version a difference keeps (default mine; both keeps both); notes are never lost")
    merge.add_argument("--reviewer", metavar="NAME", help="who signs the merge (default: git's user.name)")
    driver = sub.add_parser("merge-driver", help="git's merge driver for project files (see git-setup)")
    for name, what in (("base", "%%O, the common ancestor"), ("ours", "%%A, ours: the merge is written here"),
                       ("theirs", "%%B, theirs"), ("path", "%%P, the file's name in the repository")):
        driver.add_argument(name, type=Path if name != "path" else str, nargs=None if name != "path" else "?", help=what)
    git_setup = sub.add_parser("git-setup", help="make git merge project files with annotator's merge driver")
    git_setup.add_argument("repo", nargs="?", type=Path, metavar="REPO", help="the repository (default: here)")
    agreement = sub.add_parser("agreement", help="how far N annotators agree: pairwise F1 and kappa, Fleiss' kappa and Krippendorff's alpha")
    agreement.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="one annotator's work each: a project file, or a folder of them")
    agreement.add_argument("--json", action="store_true", help="print JSON")
    agreement.add_argument("--html", type=Path, metavar="OUT", help="also write an HTML report with the agreement section")
    from .suggest_command import add_parser as add_suggest

    add_suggest(sub)
    open_ = sub.add_parser("open", help="open the app on a project (.json), an article (.txt) or a folder of project files")
    open_.add_argument("file", nargs="?", type=Path, help="a folder opens as a workspace: its articles listed in the Articles panel")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command. A reader that stops early (``| head``) ends it quietly, as it ends
    Unix tools: no traceback, exit status 128 + SIGPIPE like a process the signal stopped."""
    try:
        status = _run(sys.argv[1:] if argv is None else argv)
        sys.stdout.flush()  # a closed pipe shows here, not at exit where it can't be caught
        return status
    except BrokenPipeError:
        # What is still buffered would fail again at exit: send it nowhere instead.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE


def _run(argv: list[str]) -> int:
    if not argv or (len(argv) == 1 and not argv[0].startswith("-") and argv[0] not in COMMANDS):
        from .ui.app import run  # `annotator [FILE]`: the window at once, not the commands' parser and formats

        return run(Path(argv[0]) if argv else None)
    parser = _parser()
    # `annotator FILE` opens FILE: anything that is not a subcommand or an option is a file.
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        argv = ["open", *argv]
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.files)
    if args.command == "suggest":
        from .suggest_command import suggest_command

        return suggest_command(args)
    if args.command == "agreement":
        from .agreement_command import agreement_command

        return agreement_command(args)
    if args.command in ("merge", "merge-driver", "git-setup"):
        from . import git_commands

        return getattr(git_commands, f"{args.command.replace('-', '_')}_command")(args)
    if args.command in ("export", "import", "stats", "publishing"):
        from . import transfer

        return getattr(transfer, f"{args.command}_command")(args)
    if args.command == "review" and (args.stats or args.json):
        if len(args.theirs) > 1:
            from .curation_report import curation_stats

            return curation_stats(args.mine, args.theirs, args.json)
        return review_stats(args.mine, args.theirs[0], args.json)
    if args.command == "review":
        from .ui.app import run_review

        return run_review(args.mine, *args.theirs)
    from .ui.app import run  # the GUI (and Qt) only when it is needed

    return run(getattr(args, "file", None))


def review_stats(mine: Path, theirs: Path, as_json: bool) -> int:
    from .core.storage import load_project
    from .review_report import as_json as to_json
    from .review_report import as_text, report

    try:
        projects = [load_project(mine), load_project(theirs)]
    except FileProblemError as error:
        print(problem_lines(error), file=sys.stderr)
        return 1
    data = report(*projects, mine, theirs)
    print(to_json(data) if as_json else as_text(data))
    return 0


def validate(files: list[Path]) -> int:
    """Print OK or every problem of each file; exit status 1 when any file has problems."""
    from .core.storage import load_project

    status = 0
    for path in files:
        if path.is_dir():  # a workspace: every project file under it
            from .workspace_commands import validate_folder

            status = max(status, validate_folder(path))
            continue
        try:
            project = load_project(path)
        except FileProblemError as error:
            print(problem_lines(error), file=sys.stderr)
            status = 1
            continue
        count = sum(len(doc.annotations) for doc in project.documents)
        print(f"{path}: OK ({plural(len(project.documents), 'document')}, {plural(count, 'annotation')})")
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
