"""A single self-contained HTML file people read and print: the article with coloured
highlights, a legend, and the list of annotations with their notes.

Every piece of text from the project is HTML-escaped, and a Content-Security-Policy that
allows no scripts at all backs that up: a hostile note or article cannot run code.
"""

from __future__ import annotations

import html
from collections import Counter

from ...assets import palette
from ..model import Annotation, Document, Project, Tag
from . import Format

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'"


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def write(project: Project) -> bytes:
    colours = palette()
    title = project.metadata.title or project.documents[0].title or "Annotations"
    css = [
        "body{font:15px/1.55 'DejaVu Sans',system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1a1a1a;padding:0 1rem}",
        "article{white-space:pre-wrap;border:1px solid #ddd;padding:1rem 1.25rem;border-radius:6px}",
        "mark{color:inherit;border-radius:2px;padding:0 1px}",
        "mark.nested{text-decoration:underline 2px;text-underline-offset:3px}",
        "table{border-collapse:collapse;width:100%;margin-top:1rem}td,th{border-bottom:1px solid #ddd;padding:.35rem;text-align:left;vertical-align:top}",
        ".legend span{display:inline-block;margin-right:1rem}.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-1px;margin-right:.3em}",
        ".note{white-space:pre-wrap}.changed{font-size:.9em;color:#555}",
        "@media print{body{margin:0;max-width:none}article{border:none;padding:0}tr{break-inside:avoid}mark{-webkit-print-color-adjust:exact;print-color-adjust:exact}}",
    ]
    for tag in Tag:
        c = colours[tag.value]
        css.append(f"mark.t-{tag.value}{{background:{c['tint']}}}mark.u-{tag.value}{{text-decoration-color:{c['color']}}}.s-{tag.value}{{background:{c['color']}}}")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{''.join(css)}</style></head><body>",
        f"<header><h1>{_e(title)}</h1>",
    ]
    if project.metadata.description:
        parts.append(f"<p>{_e(project.metadata.description)}</p>")
    counts = Counter(a.tag for doc in project.documents for a in doc.annotations)
    legend = "".join(
        f'<span><i class="swatch s-{t.value}"></i>{_e(t.label)} ({counts[t]}): {_e(colours[t.value]["description"])}</span>' for t in Tag
    )
    parts.append(f'<p class="legend">{legend}</p></header>')
    for doc in project.documents:
        parts += _document(doc)
    parts.append("</body></html>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def _document(doc: Document) -> list[str]:
    out = [f"<section><h2>{_e(doc.title or 'Article')}</h2>"]
    credits = " · ".join(_e(part) for part in (doc.outlet, doc.byline, doc.published) if part)
    if credits:
        out.append(f'<p class="credits">{credits}</p>')
    if doc.source_url:
        out.append(f"<p>Source: {_e(doc.source_url)}</p>")
    out.append(f'<article data-annotations="{len(doc.annotations)}">{_marked(doc)}</article>')
    out.append("<h3>Annotations</h3><table><thead><tr><th>Tag</th><th>Text</th><th>Note</th><th>Verdict</th><th>Author</th><th>Modified</th><th>Review</th></tr></thead><tbody>")
    for a in doc.annotations:
        verdicts = "; ".join(f"{c.status.value}: {c.text}" if c.status else c.text for c in a.comments)
        out.append(
            f'<tr id="row-{_e(a.id)}"><td><i class="swatch s-{a.tag.value}"></i>{_e(a.tag.label)}</td>'
            f'<td><a href="#a-{_e(a.id)}">{_e(a.quote.exact)}</a></td><td class="note">{_e(a.note)}</td>'
            f"<td>{_e(_verdict(a))}</td><td>{_by(a)}</td><td>{_e(a.modified.strftime('%Y-%m-%d %H:%M %z'))}</td><td>{_e(verdicts)}</td></tr>"
        )
    out.append("</tbody></table></section>")
    return out


def _by(a: Annotation) -> str:
    """The author, and who changed the annotation last when that was someone else (not when
    it was not recorded: older projects leave it empty)."""
    if not a.modified_by or a.modified_by == a.author:
        return _e(a.author)
    changed = f'<span class="changed">changed by {_e(a.modified_by)}</span>'
    return f"{_e(a.author)}<br>{changed}" if a.author else changed


def _verdict(a: Annotation) -> str:
    rating = f" ({a.rating}/5)" if a.rating is not None else ""
    return f"{a.verdict}{rating}".strip()


def _marked(doc: Document) -> str:
    """The text with a <mark> per stretch between span edges: innermost tag's colour, and an
    underline in the enclosing span's colour where spans nest."""
    text, anns = doc.text, doc.annotations
    cuts = sorted({0, len(text), *(a.start for a in anns), *(a.end for a in anns)})
    anchors: dict[int, list[str]] = {}
    for a in anns:
        anchors.setdefault(a.start, []).append(f'<a id="a-{_e(a.id)}"></a>')  # where each table link lands
    open_: list[Annotation] = []
    pending = sorted(anns, key=Annotation.sort_key)
    i = 0
    out = []
    for a, b in zip(cuts, cuts[1:]):
        while i < len(pending) and pending[i].start <= a:
            open_.append(pending[i])
            i += 1
        open_ = [x for x in open_ if x.end > a]
        piece = _e(text[a:b])
        out.extend(anchors.pop(a, []))
        if not open_:
            out.append(piece)
            continue
        cover = sorted(open_, key=lambda x: (x.end - x.start, x.start))
        inner = cover[0]
        classes = [f"t-{inner.tag.value}"]
        if len(cover) > 1:
            classes += ["nested", f"u-{cover[1].tag.value}"]
        tip = " / ".join(f"{x.tag.label}: {x.note}" if x.note else x.tag.label for x in cover)
        out.append(f'<mark class="{" ".join(classes)}" title="{_e(tip)}">{piece}</mark>')
    return "".join(out)


FORMAT = Format(
    name="html",
    title="HTML report (self-contained, printable)",
    extension=".html",
    keeps="the article with highlights, legend, every annotation with note, author (and who changed it, if someone else), time and review comments",
    loses="it is for reading: it cannot be imported back",
    write=write,
)
