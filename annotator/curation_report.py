"""`annotator review MINE THEIRS THEIRS2 … --stats`: how many people agree on each unit."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from .core.curation import curate_projects, people_label
from .core.errors import FileProblemError
from .core.review import Group
from .core.storage import load_project


def curation_report(mine_path: Path, theirs_paths: list[Path]) -> dict:
    """Per document of mine: how many units "k of n" agree, and how many have a majority."""
    mine = load_project(mine_path)
    colleagues = [load_project(path) for path in theirs_paths]
    documents, unmatched = curate_projects(mine, colleagues)
    return {
        "mine": str(mine_path),
        "theirs": [str(p) for p in theirs_paths],
        "people": 1 + len(colleagues),
        "documents": [
            {
                "title": doc.mine.title,
                "units": len(doc.units),
                "agree": dict(sorted(Counter(people_label(u) for u in doc.units).items(), key=lambda kv: -int(kv[0].split()[0]))),
                "majority": sum(u.majority() is not None for u in doc.units),
                "fact_checks_differ": sum(item.group == Group.FACTS_DIFFER for item in doc.as_review().items),
                "lost": sum(len(r.lost) for r in doc.reviews),
            }
            for doc in documents
        ],
        "unmatched_theirs": {str(p): [d.title or d.id for d in docs] for p, docs in zip(theirs_paths, unmatched) if docs},
    }


def curation_stats(mine_path: Path, theirs_paths: list[Path], as_json: bool) -> int:
    from .cli import problem_lines

    try:
        data = curation_report(mine_path, theirs_paths)
    except FileProblemError as error:
        print(problem_lines(error), file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    lines = [f"Curation of {', '.join(data['theirs'])} with {data['mine']}: {data['people']} people"]
    for doc in data["documents"]:
        lines.append("")
        lines.append(f"Document: {doc['title'] or '(untitled)'}")
        lines.append(f"  {doc['units']} items; {doc['majority']} with a majority")
        lines += [f"  {label} agree: {count}" for label, count in doc["agree"].items()]
        if doc["fact_checks_differ"]:
            lines.append(f"  {doc['fact_checks_differ']} items where the span and tag agree but the fact-checks differ "
                         "(verdict, reasoning, speaker, evidence or links)")
        if doc["lost"]:
            lines.append(f"  {doc['lost']} of the colleagues' annotations could not be found in this text")
    for path, titles in data["unmatched_theirs"].items():
        lines.append(f"{path}: documents with no counterpart: {', '.join(titles)}")
    print("\n".join(lines))
    return 0
