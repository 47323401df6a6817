"""`annotator export`, `import` and `stats`: headless, for scripts and shell pipelines.

Results go to standard output (or -o), problems to standard error; exit status 0 means
done, 1 a problem with the input, 2 a usage error (argparse).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from .core.article import read_article
from .core.errors import FileProblemError, SaveError, read_untrusted
from .core.formats import formats, parse_mapping
from .core.model import Metadata, Project
from .core.storage import MAX_PROJECT_BYTES, load_project, save_project, write_atomic


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def export_command(args) -> int:
    try:
        project = load_project(args.project)
    except FileProblemError as error:
        return _fail(error.describe(limit=10_000))
    if args.output is not None and args.output.exists() and args.output.resolve() == args.project.resolve():
        return _fail(f"{args.output} is the project being exported: choose another output name.")
    payload = formats()[args.format].write(project)
    if isinstance(payload, dict):  # several files (brat): into a folder
        return _write_folder(args.output, payload)
    if args.bom:
        payload = b"\xef\xbb\xbf" + payload
    if args.output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return 0
    try:
        write_atomic(args.output, payload)
    except SaveError as error:
        return _fail(str(error))
    return 0


def _write_folder(folder: Path | None, files: dict[str, bytes]) -> int:
    if folder is None:
        return _fail("this format writes several files: give a folder with -o")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, payload in files.items():
            write_atomic(folder / name, payload)
    except (OSError, SaveError) as error:
        return _fail(f"could not write into {folder}: {error}")
    return 0


def import_command(args) -> int:
    if args.output.exists():
        return _fail(f"{args.output} exists; importing never overwrites a file. Choose another name.")
    fmt = formats()[args.format]
    try:
        mapping = parse_mapping(args.map)
    except ValueError as error:
        return _fail(str(error))
    try:
        article_path = args.article
        if article_path is None and args.format == "brat":
            article_path = args.file.with_suffix(".txt")  # brat keeps the text beside the .ann
        article = read_article(article_path) if article_path else None
        data = read_untrusted(args.file, MAX_PROJECT_BYTES)
    except FileProblemError as error:
        return _fail(error.describe(limit=10_000))
    try:
        result = fmt.read(data, article, mapping)
    except (ValueError, UnicodeDecodeError) as error:  # includes JSON syntax errors
        return _fail(f"{args.file}: not readable as {fmt.title}: {error}")
    except RecursionError:
        return _fail(f"{args.file}: not readable as {fmt.title}: nested too deeply")
    for problem in result.skipped:
        print(f"{args.file}: {problem}", file=sys.stderr)
    if result.skipped and not args.skip_unknown:
        return _fail(f"{args.file}: nothing written: {len(result.skipped)} problem(s) above (--skip-unknown imports the rest)")
    if not result.documents:
        return _fail(f"{args.file}: no document with text found")
    project = Project(metadata=Metadata(title=result.documents[0].title), documents=result.documents)
    try:
        save_project(project, args.output)
    except SaveError as error:
        return _fail(str(error))
    count = sum(len(d.annotations) for d in project.documents)
    print(f"{args.output}: {len(project.documents)} document(s), {count} annotation(s)")
    return 0


def stats_command(args) -> int:
    try:
        project = load_project(args.project)
    except FileProblemError as error:
        return _fail(error.describe(limit=10_000))
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
    print(f"{args.project}: {data['annotations']} annotations")
    print("  by tag:    " + ", ".join(f"{k} {v}" for k, v in data["tags"].items()))
    print("  by author: " + ", ".join(f"{k} {v}" for k, v in data["authors"].items()))
    for doc in data["documents"]:
        print(f"  {doc['title'] or '(untitled)'}: {doc['annotations']} (" + ", ".join(f"{k} {v}" for k, v in doc["tags"].items()) + ")")
    return 0


