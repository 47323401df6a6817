"""`annotator agreement A B C… [--json] [--html OUT]`: how far N annotators agree.

Each input is one annotator's work: a project file or a folder of them. Unreadable files are
named on standard error and the rest are still used (exit status 1); with fewer than two
annotators' work left there is nothing to compare.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .core.agreement_multi import letters
from .core.model import Tag
from .core.wording import plural
from .review_report import verdict_words

SCOPES = ("overall", *(t.value for t in Tag))


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def agreement_command(args) -> int:
    from .cli import problem_lines
    from .core.agreement_multi import agreement_of_inputs

    inputs: list[Path] = args.inputs
    if len(inputs) < 2:
        _err("agreement needs at least two inputs: one project file or folder per annotator")
        return 2
    result, problems = agreement_of_inputs(inputs)
    for error in problems:
        _err(problem_lines(error))
    if result is None:
        _err("agreement needs the work of at least two annotators, and fewer than two inputs could be read")
        return 1
    data = result.as_dict()
    data["problems"] = [f"{e.path}: {p}" for e in problems for p in e.problems]
    if args.html is not None:
        status = _write_html(args.html, inputs[0], data)
        if status:
            return status
    print(json.dumps(data, indent=2, ensure_ascii=False) if args.json else as_text(data))
    return 1 if problems else 0


def _write_html(target: Path, first: Path, data: dict) -> int:
    """The first input's report with an agreement section when it is one project file; a page
    of the agreement alone when it is a folder."""
    from .core.errors import FileProblemError, SaveError
    from .core.formats import write_export
    from .core.formats.html_report import write, write_agreement
    from .core.storage import load_project

    try:
        payload = write(load_project(first), agreement=data) if first.is_file() else write_agreement(data)
    except FileProblemError:  # already reported; the page of the agreement alone then
        payload = write_agreement(data)
    try:
        write_export(target, payload)
    except SaveError as error:
        _err(str(error))
        return 1
    _err(f"wrote {target}")
    return 0


def num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def as_text(data: dict) -> str:
    """Tables for people: who, all at once (overall and per tag), the pairwise matrices, per article."""
    people = data["annotators"]
    short = letters(len(people))
    overall = data["overall"]["overall"]
    lines = [
        f"Agreement of {len(people)} annotators over {plural(len(data['articles']), 'article')}: "
        f"{overall['characters']:,} non-space characters labelled by at least two, "
        f"{overall['complete_characters']:,} by all",
        "",
    ]
    width = max(len(p["name"]) for p in people)
    lines += [f"  {s:>3}  {p['name']:<{width}}  {p['source']}" for s, p in zip(short, people)]
    lines += ["", "All at once (each character: the innermost tag or \"untagged\"; per tag: that tag or not)"]
    lines.append(f"  {'':12} {'Fleiss κ':>9} {'alpha':>7} {'characters':>11} {'all have':>9}")
    for scope in SCOPES:
        c = data["overall"][scope]
        lines.append(f"  {scope:12} {num(c['fleiss_kappa']):>9} {num(c['alpha']):>7} {c['characters']:>11,} {c['complete_characters']:>9,}")
    lines.append("  Fleiss' kappa counts only the articles every annotator has; alpha every character two or more labelled.")
    pairs = {(p["a"], p["b"]): p for p in data["pairs"]}
    names = [p["name"] for p in people]
    for title, pick in (
        ("Span F1, exact matching", lambda p: p["exact"]["overall"]["f1"]),
        ("Span F1, overlap matching", lambda p: p["overlap"]["overall"]["f1"]),
        ("Cohen's kappa over characters", lambda p: p["kappa"]["overall"]),
    ):
        lines += ["", title]
        lines.append("       " + "".join(f"{s:>7}" for s in short))
        for i, row_name in enumerate(names):
            cells = []
            for j, col_name in enumerate(names):
                pair = pairs.get((row_name, col_name)) or pairs.get((col_name, row_name))
                cells.append("" if i == j else num(pick(pair)) if pair else "")
            lines.append((f"  {short[i]:>3}  " + "".join(f"{c:>7}" for c in cells)).rstrip())
    lines += ["", "Verdicts: Cohen's kappa over the claims both rated (claims matched as for overlap F1)"]
    for pair in data["pairs"]:
        a, b = short[names.index(pair["a"])], short[names.index(pair["b"])]
        lines.append(f"  {a}–{b}  {verdict_words(pair['verdicts'])}")
    lines += ["", "Per article (alpha overall and per tag)"]
    tag_heads = "".join(f"{t.value[:10]:>11}" for t in Tag)
    lines.append(f"  {'article':36} {'who':>5} {'Fleiss κ':>9} {'alpha':>7}{tag_heads}")
    for article in data["articles"]:
        title = article["title"] if len(article["title"]) <= 36 else article["title"][:35] + "…"
        who = "".join(short[names.index(n)] for n in article["annotators"])
        per_tag = "".join(f"{num(article[t.value]['alpha']):>11}" for t in Tag)
        lines.append(f"  {title:36} {who:>5} {num(article['overall']['fleiss_kappa']):>9} {num(article['overall']['alpha']):>7}{per_tag}")
        lines += [f"      {note}" for note in article["notes"]]
    if data["incomplete"]:
        lines += ["", "Articles not everyone has (left out of Fleiss' kappa, counted in alpha where two or more have them):"]
        lines += [f"  {item['title']}: missing from {', '.join(item['missing'])}" for item in data["incomplete"]]
    lines += ["", "— where nobody used the tag, or no character had two labels."]
    return "\n".join(lines)
