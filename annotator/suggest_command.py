"""``annotator suggest PROJECT``: list the suggested annotations with their reasons, or with
``--apply -o OUT`` write them as annotations into a new project file (never overwriting).

What is learned (phrases tagged before, a model of what is kept and turned down) comes from
PROJECT itself, or with ``--workspace FOLDER`` from every project file in FOLDER as well: an
explicit choice, so a listing never depends on which folder a file happens to sit in."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .core.errors import AlreadyExistsError, FileProblemError, SaveError
from .core.wording import plural

DEFAULT_AUTHOR = "annotator suggestions"


def add_parser(sub) -> None:
    """The ``suggest`` subcommand's arguments (called by cli._parser)."""
    parser = sub.add_parser("suggest", help="suggest claims, quotes, sources and unverified reports, with reasons; --apply writes them")
    parser.add_argument("project", type=Path, metavar="PROJECT")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--tags", metavar="TAGS", help="only these tags, comma-separated (claim,quote,source,unverified)")
    parser.add_argument("--apply", action="store_true", help="write the suggestions as annotations into a new file (-o)")
    parser.add_argument("-o", "--output", type=Path, help="with --apply: the new project file (never overwritten)")
    parser.add_argument("--workspace", type=Path, metavar="FOLDER",
                        help="learn from every project in FOLDER too: phrases tagged there are suggested, and what was turned down there is not")
    parser.add_argument("--author", default=DEFAULT_AUTHOR, help=f"with --apply: who the annotations are by (default: {DEFAULT_AUTHOR!r})")


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def suggest_command(args: argparse.Namespace) -> int:
    from .core.storage import load_project
    from .core.suggest import TAGS, PhraseMatcher, suggest
    from .cli import problem_lines

    tags = None
    if args.tags:
        tags = [t.strip() for t in args.tags.split(",") if t.strip()]
        unknown = [t for t in tags if t not in TAGS]
        if unknown:
            return _fail(f"unknown tag {', '.join(unknown)}: the tags are {', '.join(TAGS)}")
    if args.apply and args.output is None:
        return _fail("--apply needs -o OUT: the new project file to write")
    if args.output is not None and not args.apply:
        return _fail("-o is for --apply")
    if args.apply and args.output.exists():
        return _fail(f"{args.output} exists; suggest --apply never overwrites a file. Choose another name.")
    if args.workspace is not None and not args.workspace.is_dir():
        return _fail(f"--workspace {args.workspace}: not a folder")
    try:
        project = load_project(args.project)
    except FileProblemError as error:
        return _fail(problem_lines(error))
    learning = learn(project, args.project, args.workspace)
    every = PhraseMatcher(learning.phrases)
    found = {
        doc.id: suggest(doc.text, tags=tags, learned_from=every, existing=doc.annotations, model=learning.model,
                        rejected=[r.key() for r in doc.rejected_suggestions])
        for doc in project.documents
    }
    if args.apply:
        return _apply(project, found, args.output, args.author)
    if args.json:
        rows = [{"document": doc.id, "tag": s.tag, "start": s.start, "end": s.end, "exact": s.exact,
                 "reason": s.reason, "suggester": s.suggester, "score": s.score}
                for doc in project.documents for s in found[doc.id]]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    many = len(project.documents) > 1
    for doc in project.documents:
        if many:
            print(f"# {doc.title or doc.id}")
        for s in found[doc.id]:
            shown = s.exact if len(s.exact) <= 100 else s.exact[:97] + "…"
            shown = shown.replace("\n", "⏎")
            print(f"{s.tag}\t{s.start}-{s.end}\t“{shown}”\t{s.reason}")
    total = sum(len(v) for v in found.values())
    print(f"{plural(total, 'suggestion')}", file=sys.stderr)
    return 0


def _apply(project, found, output: Path, author: str) -> int:
    from .core.anchoring import quote_for
    from .core.model import Annotation, Tag, new_id, now, sort_by_position
    from .core.storage import save_project

    documents = []
    added = 0
    for doc in project.documents:
        when = now()
        new = [Annotation(id=new_id(), tag=Tag(s.tag), start=s.start, end=s.end, quote=quote_for(doc.text, s.start, s.end),
                          note=f"Suggested: {s.reason}", author=author, created=when, modified=when, modified_by=author)
               for s in found[doc.id]]
        added += len(new)
        annotations = list(doc.annotations) + new
        sort_by_position(annotations)
        documents.append(doc.model_copy(update={"annotations": annotations}))
    result = project.model_copy(update={"documents": documents})
    try:
        save_project(result, output, exclusive=True)
    except AlreadyExistsError:
        return _fail(f"{output} exists; suggest --apply never overwrites a file. Choose another name.")
    except SaveError as error:
        return _fail(str(error))
    print(f"{output}: {plural(added, 'suggested annotation')} added")
    return 0


def learn(project, path: Path, workspace: Path | None):
    """What the suggestions learn from: ``project``'s annotations and rejections, and with a
    ``workspace`` those of every project file in it (``project`` counted once if it is one)."""
    from .core.suggest.from_workspace import learn_from_folder, learn_from_projects

    if workspace is None:
        return learn_from_projects([project])
    learning = learn_from_folder(workspace, also=(path, project))
    for skipped in learning.skipped:
        print(f"{skipped}: not readable, nothing learned from it", file=sys.stderr)
    return learning
