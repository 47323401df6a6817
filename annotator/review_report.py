"""`annotator review --stats`: agreement and differences of two projects as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from .core.agreement import agreement
from .core.merge import DocumentReview, review_projects
from .core.model import Project, Tag
from .core.review import Group, counts


def report(mine: Project, theirs: Project, mine_path: Path, theirs_path: Path) -> dict:
    """Everything the text and JSON outputs show, as plain data."""
    reviews, unmatched = review_projects(mine, theirs)
    return {
        "mine": str(mine_path),
        "theirs": str(theirs_path),
        "documents": [_document(review) for review in reviews],
        "unmatched_theirs": [doc.title or doc.id for doc in unmatched],
    }


def _document(review: DocumentReview) -> dict:
    scores = agreement(review.mine.text, review.mine.annotations, review.theirs_annotations)
    return {
        "title": review.mine.title,
        "matched": review.theirs is not None,
        "same_text": review.same_text,
        "groups": {group.value: n for group, n in counts(review.items).items()},
        "lost": [{"id": a.id, "tag": a.tag.value, "exact": a.quote.exact} for a in review.lost],
        "agreement": scores.as_dict(),
    }


def as_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def as_text(data: dict) -> str:
    lines = [f"Review of {data['theirs']} against {data['mine']}"]
    for doc in data["documents"]:
        lines.append("")
        lines.append(f"Document: {doc['title'] or '(untitled)'}")
        if not doc["matched"]:
            lines.append("  no matching document in the colleague's project")
            continue
        if not doc["same_text"]:
            lines.append("  texts differ: the colleague's annotations were re-found from their quotes")
        groups = doc["groups"]
        lines.append("  " + ", ".join(f"{groups[g.value]} {g.value}" for g in Group))
        if doc["lost"]:
            lines.append(f"  {len(doc['lost'])} of their annotations could not be found in this text:")
            lines += [f"    {a['tag']}: {a['exact'][:70]!r}" for a in doc["lost"]]
        a = doc["agreement"]
        lines.append(f"  Cohen's kappa over {a['characters']} non-space characters: {_num(a['kappa']['overall'])}")
        lines.append(f"  {'':12} {'exact P':>8} {'R':>6} {'F1':>6}   {'overlap P':>9} {'R':>6} {'F1':>6}   {'kappa':>6}   {'mine':>5} {'theirs':>6}")
        for key in ("overall", *(t.value for t in Tag)):
            e, o = a["exact"][key], a["overlap"][key]
            lines.append(
                f"  {key:12} {_num(e['precision']):>8} {_num(e['recall']):>6} {_num(e['f1']):>6}   {_num(o['precision']):>9} "
                f"{_num(o['recall']):>6} {_num(o['f1']):>6}   {_num(a['kappa'][key]):>6}   {e['mine']:5d} {e['theirs']:6d}"
            )
        lines.append(f"  Verdicts: {verdict_words(a['verdicts'])}")
    if data["unmatched_theirs"]:
        lines.append("")
        lines.append("Colleague's documents with no counterpart: " + ", ".join(data["unmatched_theirs"]))
    return "\n".join(lines)


def verdict_words(v: dict) -> str:
    """A pair's verdict agreement (``VerdictAgreement.as_dict``) in words, or why it has no number."""
    if not v["enough"]:
        return f"too few claims rated by both ({v['claims_rated_by_both']}; a kappa needs {v['minimum']})"
    return (f"Cohen's kappa {v['kappa']:.3f} over {v['claims_rated_by_both']} claims both rated "
            f"({v['same_verdict']} the same verdict)")


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"
