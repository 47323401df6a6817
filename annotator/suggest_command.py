"""``annotator suggest PROJECT``: list the suggested annotations with their reasons, or with
``--apply -o OUT`` write them as annotations into a new project file (never overwriting)."""

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
    parser.add_argument("--author", default=DEFAULT_AUTHOR, help=f"with --apply: who the annotations are by (default: {DEFAULT_AUTHOR!r})")


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def suggest_command(args: argparse.Namespace) -> int:
    from .core.storage import load_project
    from .core.suggest import TAGS, suggest
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
    try:
        project = load_project(args.project)
    except FileProblemError as error:
        return _fail(problem_lines(error))
    every = [a for doc in project.documents for a in doc.annotations]
    model = learned_model(project)
    found = {
        doc.id: suggest(doc.text, tags=tags, learned_from=every, existing=doc.annotations, model=model,
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


def learned_model(project):
    """A model of what this project's people keep and turn down: its annotations are the
    accepted spans, its rejected suggestions the others (None until a tag has at least three
    of each, when the rules' own scores stand)."""
    from .core.suggest.learned import LearnedModel, examples_from

    examples = []
    for doc in project.documents:
        accepted = [(a.tag.value, a.start, a.end) for a in doc.annotations]
        rejected = [(r.tag.value, r.start, r.end) for r in doc.rejected_suggestions if doc.text[r.start:r.end] == r.exact]
        examples += examples_from(doc.text, accepted, rejected)
    return LearnedModel.train(examples) if examples else None
