"""A single self-contained HTML file people read and print: the article with coloured
highlights, a legend, and the list of annotations with their notes.

Every piece of text from the project is HTML-escaped, and a Content-Security-Policy that
allows no scripts at all backs that up: a hostile note or article cannot run code.

Each piece of text from the project sits in an element of its own direction (``dir="auto"``
or ``<bdi>``), so a right-to-left name cannot reorder what is around it, and bidirectional
controls (an invisible override can make a note read backwards) are shown as a marked
``⟨U+202E⟩``, in tooltips as the plain marker.
"""

from __future__ import annotations

import html
import io
from collections import Counter
from collections.abc import Iterator

from ...assets import palette
from ..model import Annotation, Comment, Document, Project, Status, Tag
from ..text_safety import has_controls, split_controls, visible_controls
from . import Format

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'"


def _e(value: object) -> str:
    """Text for an element's content: escaped, with bidirectional controls shown as a marker."""
    text = "" if value is None else str(value)
    if not has_controls(text):
        return html.escape(text, quote=True)
    return "".join(
        f'<span class="ctl" title="invisible control character {visible_controls(piece)}">{visible_controls(piece)}</span>' if control
        else html.escape(piece, quote=True)
        for piece, control in split_controls(text)
    )


def _a(value: object) -> str:
    """Text for an attribute (a tooltip): escaped, controls as the plain marker."""
    return html.escape(visible_controls("" if value is None else str(value)), quote=True)


def _i(value: object) -> str:
    """Text isolated from what is around it (a name or a date inside a sentence)."""
    return f"<bdi>{_e(value)}</bdi>"


def write(project: Project, agreement: dict | None = None) -> bytes:
    """The report; with ``agreement`` (``MultiAgreement.as_dict()``) an agreement section ends it."""
    colours = palette()
    title = project.metadata.title or project.documents[0].title or "Annotations"
    css = [
        "body{font:15px/1.55 'DejaVu Sans',system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1a1a1a;padding:0 1rem}",
        "article{white-space:pre-wrap;border:1px solid #ddd;padding:1rem 1.25rem;border-radius:6px}",
        "mark{color:inherit;border-radius:2px;padding:0 1px}",
        "mark.nested{text-decoration:underline 2px;text-underline-offset:3px}",
        "table{border-collapse:collapse;width:100%;margin-top:1rem}td,th{border-bottom:1px solid #ddd;padding:.35rem;text-align:left;vertical-align:top}",
        ".legend span{display:inline-block;margin-right:1rem}.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-1px;margin-right:.3em}",
        ".note{white-space:pre-wrap}.changed,.by{font-size:.9em;color:#555}.comment{margin:0 0 .4em;white-space:pre-wrap}.by{white-space:nowrap}",
        ".ctl{font-size:.75em;color:#9b1c1c;background:#fde8e8;border:1px solid #f5b5b5;border-radius:3px;padding:0 .15em;white-space:nowrap;unicode-bidi:isolate;direction:ltr}",
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
        f"<title>{_a(title)}</title><style>{''.join(css)}</style></head><body>",
        f'<header><h1 dir="auto">{_e(title)}</h1>',
    ]
    if project.metadata.description:
        parts.append(f'<p dir="auto">{_e(project.metadata.description)}</p>')
    counts = Counter(a.tag for doc in project.documents for a in doc.annotations)
    legend = "".join(
        f'<span><i class="swatch s-{t.value}"></i>{_e(t.label)} ({counts[t]}): {_e(colours[t.value]["description"])}</span>' for t in Tag
    )
    parts.append(f'<p class="legend">{legend}</p></header>')
    out = io.BytesIO()  # written piece by piece; getvalue() hands over its buffer, no second copy
    for part in parts:
        out.write(part.encode("utf-8") + b"\n")
    for doc in project.documents:
        for part in _document(doc, title if len(project.documents) == 1 else None):
            out.write(part.encode("utf-8"))
    if agreement is not None:
        out.write(agreement_section(agreement).encode("utf-8"))
    out.write(b"</body></html>\n")
    return out.getvalue()


def write_agreement(agreement: dict) -> bytes:
    """A page of the agreement section alone (for several people's folders of articles)."""
    css = (
        "body{font:15px/1.55 'DejaVu Sans',system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1a1a1a;padding:0 1rem}"
        "table{border-collapse:collapse;width:100%;margin-top:1rem}td,th{border-bottom:1px solid #ddd;padding:.35rem;text-align:left;vertical-align:top}"
        ".ctl{font-size:.75em;color:#9b1c1c;background:#fde8e8;border:1px solid #f5b5b5;border-radius:3px;padding:0 .15em;white-space:nowrap;unicode-bidi:isolate;direction:ltr}"
    )
    title = f"Agreement of {len(agreement['annotators'])} annotators"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_a(title)}</title><style>{css}</style></head><body>\n"
        + agreement_section(agreement)
        + "</body></html>\n"
    ).encode("utf-8")


def _n(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def agreement_section(data: dict) -> str:
    """How far the annotators agree: who, all at once (Fleiss' kappa, alpha) overall and per
    tag, the pairwise matrices, and each article."""
    from ..agreement_multi import letters

    people = data["annotators"]
    names = [p["name"] for p in people]
    short = letters(len(people))
    scopes = ["overall", *(t.value for t in Tag)]
    label = {"overall": "Overall", **{t.value: t.label for t in Tag}}
    out = [f'<section id="agreement"><h2>Agreement of {len(people)} annotators</h2>\n']
    out.append("<p>Each non-space character is labelled, for each annotator, with the tag of the innermost span over it, "
               "or untagged; per tag, with that tag or not. Fleiss' kappa counts only the articles every annotator has; "
               "Krippendorff's alpha (nominal) every character that two or more labelled. — where nobody used the tag.</p>\n")
    out.append("<table><thead><tr><th></th><th>Annotator</th><th>Work</th></tr></thead><tbody>")
    out += [f'<tr><td>{s}</td><td dir="auto">{_e(p["name"])}</td><td dir="auto">{_e(p["source"])}</td></tr>' for s, p in zip(short, people)]
    out.append("</tbody></table>\n<h3>All at once</h3><table><thead><tr><th></th><th>Fleiss' kappa</th><th>Krippendorff's alpha</th>"
               "<th>Characters</th><th>All have</th></tr></thead><tbody>")
    for scope in scopes:
        c = data["overall"][scope]
        out.append(f"<tr><td>{_e(label[scope])}</td><td>{_n(c['fleiss_kappa'])}</td><td>{_n(c['alpha'])}</td>"
                   f"<td>{c['characters']:,}</td><td>{c['complete_characters']:,}</td></tr>")
    out.append("</tbody></table>\n")
    pairs = {(p["a"], p["b"]): p for p in data["pairs"]}
    for title, pick in (
        ("Span F1, exact matching", lambda p: p["exact"]["overall"]["f1"]),
        ("Span F1, overlap matching", lambda p: p["overlap"]["overall"]["f1"]),
        ("Cohen's kappa over characters", lambda p: p["kappa"]["overall"]),
    ):
        out.append(f"<h3>{_e(title)}</h3><table><thead><tr><th></th>" + "".join(f"<th>{s}</th>" for s in short) + "</tr></thead><tbody>")
        for i, a in enumerate(names):
            cells = []
            for j, b in enumerate(names):
                pair = pairs.get((a, b)) or pairs.get((b, a))
                cells.append("" if i == j or pair is None else _n(pick(pair)))
            out.append(f"<tr><th>{short[i]}</th>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        out.append("</tbody></table>\n")
    out.append("<h3>Per article</h3><table><thead><tr><th>Article</th><th>Annotators</th><th>Fleiss' kappa</th><th>Alpha</th>"
               + "".join(f"<th>Alpha, {_e(t.label.lower())}</th>" for t in Tag) + "</tr></thead><tbody>")
    for article in data["articles"]:
        who = "".join(short[names.index(n)] for n in article["annotators"] if n in names)
        notes = "".join(f'<br><span class="by">{_e(note)}</span>' for note in article["notes"])
        out.append(f'<tr><td dir="auto">{_e(article["title"])}{notes}</td><td>{who}</td><td>{_n(article["overall"]["fleiss_kappa"])}</td>'
                   f"<td>{_n(article['overall']['alpha'])}</td>" + "".join(f"<td>{_n(article[t.value]['alpha'])}</td>" for t in Tag) + "</tr>")
    out.append("</tbody></table>\n")
    if data["incomplete"]:
        out.append("<p>Not everyone has these articles (left out of Fleiss' kappa):</p><ul>")
        out += [f'<li dir="auto">{_e(item["title"])}: missing from {", ".join(_i(n) for n in item["missing"])}</li>' for item in data["incomplete"]]
        out.append("</ul>\n")
    out.append("</section>\n")
    return "".join(out)


def _document(doc: Document, page_title: str | None = None) -> Iterator[str]:
    """The document's lines (each ending in a newline), a stretch of text or a table row at a time."""
    heading = doc.title or "Article"
    if _shown_already(doc, page_title):  # the page's own heading, or the article's first line
        yield f'<section aria-label="{_a(heading)}">\n'
    else:
        yield f'<section><h2 dir="auto">{_e(heading)}</h2>\n'
    credits = " · ".join(_e(part) for part in (doc.outlet, doc.byline, doc.published) if part)
    if credits:
        yield f'<p class="credits" dir="auto">{credits}</p>\n'
    if doc.status is not Status.NEW or doc.assignee:  # a desk's progress (workspaces)
        assigned = f" · assigned to {_e(doc.assignee)}" if doc.assignee else ""
        yield f'<p class="status" dir="auto">Status: {_e(doc.status.label)}{assigned}</p>\n'
    if doc.source_url:
        yield f"<p>Source: {_i(doc.source_url)}</p>\n"
    yield f'<article dir="auto" data-annotations="{len(doc.annotations)}">'
    yield from _marked(doc)
    yield "</article>\n"
    yield "<h3>Annotations</h3><table><thead><tr><th>Tag</th><th>Text</th><th>Note</th><th>Verdict</th><th>Author</th><th>Modified</th><th>Review</th></tr></thead><tbody>\n"
    for a in doc.annotations:
        verdicts = "".join(_comment(c) for c in a.comments)
        yield (
            f'<tr id="row-{_a(a.id)}"><td><i class="swatch s-{a.tag.value}"></i>{_e(a.tag.label)}</td>'
            f'<td dir="auto"><a href="#a-{_a(a.id)}">{_e(a.quote.exact)}</a></td><td class="note" dir="auto">{_e(a.note)}</td>'
            f'<td dir="auto">{_verdict(a)}</td><td dir="auto">{_by(a)}</td><td>{_e(a.modified.strftime("%Y-%m-%d %H:%M %z"))}</td><td dir="auto">{verdicts}</td></tr>\n'
        )
    yield "</tbody></table></section>\n"


def _shown_already(doc: Document, page_title: str | None) -> bool:
    """Whether a heading with the document's title would only repeat it: the page's title is
    the same (a one-article project named after its article), or the article's text opens
    with its headline (as saved web pages and Word files do)."""
    if not doc.title:
        return False
    title = " ".join(doc.title.split())
    first_line = " ".join(doc.text.lstrip().split("\n", 1)[0].split())
    return title == " ".join((page_title or "").split()) or title == first_line


def _comment(c: Comment) -> str:
    """A review comment with its verdict, and who wrote it when, so a report with several
    reviewers' comments says whose each is."""
    status = f"<b>{_e(c.status.value)}</b>: " if c.status else ""
    when = c.time.strftime("%Y-%m-%d %H:%M %z")
    return f'<p class="comment">{status}{_i(c.text)} <span class="by">— {_i(c.author or "unknown")}, {_e(when)}</span></p>'


def _by(a: Annotation) -> str:
    """The author, and who changed the annotation last when that was someone else (not when
    it was not recorded: older projects leave it empty)."""
    if not a.modified_by or a.modified_by == a.author:
        return _e(a.author)
    changed = f'<span class="changed">changed by {_e(a.modified_by)}</span>'
    return f"{_e(a.author)}<br>{changed}" if a.author else changed


def _verdict(a: Annotation) -> str:
    return _e(a.verdict.strip())


def _marked(doc: Document) -> Iterator[str]:
    """The text with a <mark> per stretch between span edges: innermost tag's colour, and an
    underline in the enclosing span's colour where spans nest."""
    text, anns = doc.text, doc.annotations
    cuts = sorted({0, len(text), *(a.start for a in anns), *(a.end for a in anns)})
    anchors: dict[int, list[str]] = {}
    for a in anns:
        anchors.setdefault(a.start, []).append(f'<a id="a-{_a(a.id)}"></a>')  # where each table link lands
    open_: list[Annotation] = []
    pending = sorted(anns, key=Annotation.sort_key)
    i = 0
    for a, b in zip(cuts, cuts[1:]):
        while i < len(pending) and pending[i].start <= a:
            open_.append(pending[i])
            i += 1
        open_ = [x for x in open_ if x.end > a]
        piece = _e(text[a:b])
        yield from anchors.pop(a, [])
        if not open_:
            yield piece
            continue
        cover = sorted(open_, key=lambda x: (x.end - x.start, x.start))
        inner = cover[0]
        classes = [f"t-{inner.tag.value}"]
        if len(cover) > 1:
            classes += ["nested", f"u-{cover[1].tag.value}"]
        tip = " / ".join(f"{x.tag.label}: {x.note}" if x.note else x.tag.label for x in cover)
        yield f'<mark class="{" ".join(classes)}" title="{_a(tip)}">{piece}</mark>'


FORMAT = Format(
    name="html",
    title="HTML report (self-contained, printable)",
    extension=".html",
    keeps="the article with highlights (and its status and assignee, once work on it has begun), legend, every annotation with note, author (and who changed it, if someone else), time and review comments (each with its verdict, author and time)",
    loses="it is for reading: it cannot be imported back",
    write=write,
)
