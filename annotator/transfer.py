"""`annotator export`, `import` and `stats`: headless, for scripts and shell pipelines.

Results go to standard output (or -o), problems to standard error; exit status 0 means
done, 1 a problem with the input, 2 a usage error (argparse).
"""

from __future__ import annotations

import json
import shlex
import sys
from collections import Counter

from .cli import problem_lines
from .core.errors import AlreadyExistsError, FileProblemError, SaveError
from .core.formats import formats, imported_project, parse_mapping, read_import, write_export
from .core.storage import load_project, save_project
from .core.wording import plural


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def export_command(args) -> int:
    if args.project.is_dir():  # a workspace: every project file under it
        from .workspace_commands import export_folder_command

        return export_folder_command(args)
    try:
        project = load_project(args.project)
    except FileProblemError as error:
        return _fail(problem_lines(error))
    if args.output is not None and args.output.exists() and args.output.resolve() == args.project.resolve():
        return _fail(f"{args.output} is the project being exported: choose another output name.")
    if args.format == "claimreview":
        refused = _claimreview_refused(args, project)
        if refused is not None:
            return refused
    payload = formats()[args.format].write(project)
    if isinstance(payload, dict) and args.output is None:
        return _fail("this format writes several files: give a folder with -o")
    if args.bom and not isinstance(payload, dict):
        payload = b"\xef\xbb\xbf" + payload
    if args.output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return 0
    try:
        write_export(args.output, payload)  # a read-only file is refused: a command can't ask
    except SaveError as error:
        return _fail(str(error))
    return 0


def _claimreview_refused(args, project) -> int | None:
    """A ClaimReview missing publishing details breaks Google's guidelines: refused in one
    message naming all that is missing, unless ``--draft`` (then said on stderr, and each
    review is marked as a draft). None when the export may go on."""
    from .core.formats import claimreview

    message = claimreview.refusal(project, shlex.quote(str(args.project)))
    if message is None:
        if claimreview.count(project) > 1:
            print(f"{args.project}: note: {claimreview.count(project)} reviews for one page; Google shows its fact-check "
                  "result only for a page with one ClaimReview", file=sys.stderr)
        return None
    if not args.draft:
        return _fail(f"{args.project}: {message} Or export a draft with --draft.")
    print(f"{args.project}: writing a DRAFT ClaimReview, not ready to publish (each review is marked "
          f'"creativeWorkStatus": "Draft"): missing {claimreview.in_words(claimreview.missing(project))}', file=sys.stderr)
    return None


def publishing_command(args) -> int:
    """Print the project's publishing details, or set those given (an atomic save, refusing
    a read-only file as every save does). A URL that is not http(s) with a host is refused."""
    from .core.model import Publisher, string_problem, url_problem

    try:
        project = load_project(args.project)
    except FileProblemError as error:
        return _fail(problem_lines(error))
    current = project.metadata.publisher
    given = {"organization": args.organization, "organization_url": args.organization_url, "page_url": args.page}
    given = {name: value.strip() for name, value in given.items() if value is not None}
    if not given:
        for name, label in PUBLISHING_LABELS:
            print(f"{label}: {getattr(current, name) or '(not set)'}")
        return 0
    checks = (("organization", "--organization", string_problem), ("organization_url", "--organization-url", url_problem),
              ("page_url", "--page", url_problem))
    problems = [f"{option}: {check(given[name])}" for name, option, check in checks if name in given and check(given[name])]
    if problems:
        return _fail("\n".join(f"{args.project}: nothing saved: {problem}" for problem in problems))
    project.metadata.publisher = Publisher(**{**current.model_dump(), **given})
    if project.metadata.publisher == current:
        print(f"{args.project}: unchanged")
        return 0
    try:
        save_project(project, args.project)
    except SaveError as error:
        return _fail(str(error))
    print(f"{args.project}: publishing details saved")
    return 0


PUBLISHING_LABELS = (("organization", "Organisation"), ("organization_url", "Organisation URL"), ("page_url", "Fact-check page"))


def _exists(path) -> str:
    return f"{path} exists; importing never overwrites a file. Choose another name."


def import_command(args) -> int:
    if args.output.exists():  # early, to save a long import; the save itself checks again
        return _fail(_exists(args.output))
    fmt = formats()[args.format]
    try:
        mapping = parse_mapping(args.map)
    except ValueError as error:
        return _fail(str(error))
    try:
        result = read_import(fmt, args.file, args.article, mapping)
    except FileProblemError as error:
        return _fail(problem_lines(error))
    for problem in result.skipped:
        print(f"{args.file}: {problem}", file=sys.stderr)
    if result.skipped and not args.skip_unknown:
        return _fail(f"{args.file}: nothing written: {plural(len(result.skipped), 'problem')} above (--skip-unknown imports the rest)")
    if not result.documents:
        return _fail(f"{args.file}: no document with text found")
    project = imported_project(result)
    try:
        save_project(project, args.output, exclusive=True)  # even a file made meanwhile stays
    except AlreadyExistsError:
        return _fail(_exists(args.output))
    except SaveError as error:
        return _fail(str(error))
    count = sum(len(d.annotations) for d in project.documents)
    print(f"{args.output}: {plural(len(project.documents), 'document')}, {plural(count, 'annotation')}")
    return 0


def stats_command(args) -> int:
    if args.project.is_dir():  # a workspace: every project file under it
        from .workspace_commands import stats_folder_command

        return stats_folder_command(args)
    try:
        project = load_project(args.project)
    except FileProblemError as error:
        return _fail(problem_lines(error))
    anns = [a for doc in project.documents for a in doc.annotations]
    data = {
        "project": str(args.project),
        "annotations": len(anns),
        "tags": dict(sorted(Counter(a.tag.value for a in anns).items())),
        "authors": dict(sorted(Counter(a.author or "(unknown)" for a in anns).items())),
        "documents": [
            {"title": doc.title, "annotations": len(doc.annotations), "tags": dict(sorted(Counter(a.tag.value for a in doc.annotations).items()))}
            for doc in project.documents
        ],
    }
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"{args.project}: {plural(data['annotations'], 'annotation')}")
    print("  by tag:    " + ", ".join(f"{k} {v}" for k, v in data["tags"].items()))
    print("  by author: " + ", ".join(f"{k} {v}" for k, v in data["authors"].items()))
    for doc in data["documents"]:
        print(f"  {doc['title'] or '(untitled)'}: {doc['annotations']} (" + ", ".join(f"{k} {v}" for k, v in doc["tags"].items()) + ")")
    return 0


