"""A single self-contained HTML file people read and print: a fact-check. Per article: its
overall verdict and summary at the top, a list of the claims checked (on screen only), the
article with coloured highlights, then each claim's fact-check (its verdict with its number on
the project's rating scale, speaker, reasoning, the spans of the article that support, dispute,
attribute or give context to it, quoted, and the outside evidence as links), and last the table
of every annotation with its note, author and review comments. A print stylesheet leaves out the
list of claims (navigation), keeps each claim's fact-check on one page where it fits, and starts
the table and each further article on a new page.

Every piece of text from the project is HTML-escaped, and a Content-Security-Policy that
allows no scripts at all backs that up: a hostile note or article cannot run code.

Links are made only of evidence addresses that are http or https with a host and nothing
invisible in them (``model.url_problem``); they open without sending the report's address
(``rel="noreferrer"``, a no-referrer policy). Each address is also written out, so a printed
page keeps it.

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
from ..model import Annotation, Comment, Document, Evidence, Project, RatingLevel, Relation, Status, Tag, level_named, url_problem
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
        ".overall{border-left:4px solid #555;background:#f6f6f6;padding:.6rem 1rem;margin:1rem 0;border-radius:0 6px 6px 0}.overall p{margin:.3rem 0}.summary{white-space:pre-wrap;font-size:1.05em}",
        ".verdict{display:inline-block;padding:0 .45em;border-radius:4px;border:1px solid;font-weight:600}.v-true{background:#e3f4e6;border-color:#2f7d3b;color:#1d5a27}"
        ".v-mixed{background:#fff4d6;border-color:#a86b00;color:#6b4500}.v-false{background:#fde8e8;border-color:#b42318;color:#8a1c13}.v-none{background:#eef0f3;border-color:#6b7280;color:#374151}.scale{color:#555;font-size:.9em}",
        ".nav-title{font-weight:600;margin:1rem 0 .2rem}.claims-nav ol{margin:.3rem 0 1rem;padding-left:1.5rem}.claims-nav li{margin:.15rem 0}",
        ".check{border:1px solid #ddd;border-radius:6px;padding:.75rem 1rem;margin:1rem 0}.check h4{margin:.6rem 0 .2rem;font-size:1em}"
        ".claim-text{margin:0 0 .4rem;font-size:1.05em;border-left:3px solid #bbb;padding-left:.6rem}.claim-text a{color:inherit;text-decoration:none}"
        ".reasoning,.evidence-note{white-space:pre-wrap}.links,.evidence{margin:.2rem 0;padding-left:1.25rem}.links li,.evidence li{margin:.25rem 0}"
        ".rel{font-size:.85em;font-weight:600;text-transform:uppercase;letter-spacing:.02em;margin-right:.3em}.rel-supports{color:#1d5a27}.rel-disputes{color:#8a1c13}.rel-attributes,.rel-context{color:#374151}"
        ".url{font-size:.85em;color:#555;word-break:break-all}",
        "@media print{body{margin:0;max-width:none;font-size:11pt}nav,.claims-nav{display:none}article{border:none;padding:0}tr,.check,.overall,li{break-inside:avoid}"
        "h2,h3,h4,.claim-text{break-after:avoid}section.doc+section.doc,.table-heading{break-before:page}a{color:inherit;text-decoration:none}"
        "mark,.verdict,.swatch{-webkit-print-color-adjust:exact;print-color-adjust:exact}}",
    ]
    for tag in Tag:
        c = colours[tag.value]
        css.append(f"mark.t-{tag.value}{{background:{c['tint']}}}mark.u-{tag.value}{{text-decoration-color:{c['color']}}}.s-{tag.value}{{background:{c['color']}}}")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
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
        for part in _document(doc, title if len(project.documents) == 1 else None, project.metadata.rating_scale):
            out.write(part.encode("utf-8"))
    if agreement is not None:
        out.write(agreement_section(agreement).encode("utf-8"))
    out.write(b"</body></html>\n")
    return out.getvalue()


def _verdict_cell(v: dict) -> str:
    """A pair's verdict kappa and the number of claims both rated, or that number alone when
    it is too few for a kappa."""
    rated = v["claims_rated_by_both"]
    return f"{_n(v['kappa'])} ({rated})" if v["enough"] else f"— ({rated}, too few)"


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
    out.append("<h3>Cohen's kappa on verdicts</h3><p>Over the claims both rated (matched as for overlap F1); "
               "below five such claims a kappa says nothing, and the cell gives their number.</p>"
               "<table><thead><tr><th></th>" + "".join(f"<th>{s}</th>" for s in short) + "</tr></thead><tbody>")
    for i, a in enumerate(names):
        cells = []
        for j, b in enumerate(names):
            pair = pairs.get((a, b)) or pairs.get((b, a))
            cells.append("" if i == j or pair is None else _verdict_cell(pair["verdicts"]))
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


def _document(doc: Document, page_title: str | None = None, scale: list[RatingLevel] | None = None) -> Iterator[str]:
    """The document's lines (each ending in a newline), a stretch of text or a table row at a time:
    its heading, the fact-check's verdict and summary, a list of the claims (for the screen), the
    article with highlights, each claim's fact-check, and the table of every annotation."""
    scale = scale if scale is not None else []
    heading = doc.title or "Article"
    if _shown_already(doc, page_title):  # the page's own heading, or the article's first line
        yield f'<section class="doc" aria-label="{_a(heading)}">\n'
    else:
        yield f'<section class="doc"><h2 dir="auto">{_e(heading)}</h2>\n'
    credits = " · ".join(_e(part) for part in (doc.outlet, doc.byline, doc.published) if part)
    if credits:
        yield f'<p class="credits" dir="auto">{credits}</p>\n'
    if doc.status is not Status.NEW or doc.assignee:  # a desk's progress (workspaces)
        assigned = f" · assigned to {_e(doc.assignee)}" if doc.assignee else ""
        yield f'<p class="status" dir="auto">Status: {_e(doc.status.label)}{assigned}</p>\n'
    if doc.source_url:
        yield f"<p>Source: {_i(doc.source_url)}</p>\n"
    checked = [a for a in doc.annotations if _checked(a)]
    if doc.verdict.strip() or doc.summary.strip():
        yield '<div class="overall">'
        if doc.verdict.strip():
            yield f'<p class="overall-verdict">Overall verdict: {_badge(doc.verdict, scale)}</p>'
        if doc.summary.strip():
            yield f'<p class="summary" dir="auto">{_e(doc.summary)}</p>'
        yield "</div>\n"
    if checked:
        yield '<nav class="claims-nav" aria-label="Claims checked"><p class="nav-title">Claims checked</p><ol>'
        for a in checked:
            verdict = f" — {_badge(a.verdict, scale, short=True)}" if a.verdict.strip() else ""
            yield f'<li><a href="#check-{_a(a.id)}" dir="auto">{_e(_short(a.quote.exact))}</a>{verdict}</li>'
        yield "</ol></nav>\n"
    yield f'<article dir="auto" data-annotations="{len(doc.annotations)}">'
    yield from _marked(doc)
    yield "</article>\n"
    if checked:
        by_id = {a.id: a for a in doc.annotations}
        orphans = {a.id: a for a in doc.orphans}
        yield '<h3 class="checks-heading">The claims checked</h3>\n'
        for a in checked:
            yield _check(a, scale, by_id, orphans)
    yield '<h3 class="table-heading">Annotations</h3><table><thead><tr><th>Tag</th><th>Text</th><th>Note</th><th>Verdict</th><th>Author</th><th>Modified</th><th>Review</th></tr></thead><tbody>\n'
    for a in doc.annotations:
        verdicts = "".join(_comment(c) for c in a.comments)
        yield (
            f'<tr id="row-{_a(a.id)}"><td><i class="swatch s-{a.tag.value}"></i>{_e(a.tag.label)}</td>'
            f'<td dir="auto"><a href="#a-{_a(a.id)}">{_e(a.quote.exact)}</a></td><td class="note" dir="auto">{_e(a.note)}</td>'
            f'<td dir="auto">{_verdict(a)}</td><td dir="auto">{_by(a)}</td><td>{_e(a.modified.strftime("%Y-%m-%d %H:%M %z"))}</td><td dir="auto">{verdicts}</td></tr>\n'
        )
    yield "</tbody></table></section>\n"


def _checked(a: Annotation) -> bool:
    """Whether the annotation gets a fact-check of its own in the report: every claim, and any
    other span given a verdict, reasoning, speaker, links or evidence."""
    return a.tag == Tag.CLAIM or bool(a.verdict.strip() or a.reasoning.strip() or a.speaker.strip() or a.links or a.evidence)


RELATION_WORDS = {
    Relation.SUPPORTS: "Supports it",
    Relation.DISPUTES: "Disputes it",
    Relation.ATTRIBUTES: "Says who said it",
    Relation.CONTEXT: "Context",
}
"""How each link reads under a claim: what the linked span does for it."""


def _check(a: Annotation, scale: list[RatingLevel], by_id: dict[str, Annotation], orphans: dict[str, Annotation]) -> str:
    """One claim's fact-check: its text, verdict (and number on the scale), who said it, the
    reasoning, the spans of the article that bear on it, and the evidence from outside."""
    out = [f'<section class="check" id="check-{_a(a.id)}" aria-label="{_a(a.tag.label)}: {_a(_short(a.quote.exact))}">']
    out.append(f'<blockquote class="claim-text" dir="auto"><i class="swatch s-{a.tag.value}"></i>'
               f'<a href="#a-{_a(a.id)}">{_e(a.quote.exact)}</a></blockquote>')
    if a.verdict.strip():
        out.append(f'<p class="verdict-line">{_e(a.tag.label)} · Verdict: {_badge(a.verdict, scale)}</p>')
    elif a.tag == Tag.CLAIM:
        out.append(f'<p class="verdict-line">{_e(a.tag.label)} · Verdict: <span class="verdict v-none">No verdict yet</span></p>')
    else:
        out.append(f'<p class="verdict-line">{_e(a.tag.label)}</p>')
    if a.speaker.strip():
        out.append(f'<p class="speaker">Said by {_i(a.speaker.strip())}</p>')
    if a.reasoning.strip():
        out.append(f'<div class="reasoning" dir="auto">{_e(a.reasoning)}</div>')
    if a.links:
        out.append('<h4>In the article</h4><ul class="links">')
        for link in a.links:
            target = by_id.get(link.target)
            gone = target is None
            target = target or orphans.get(link.target)
            rel = f'<span class="rel rel-{link.relation.value}">{_e(RELATION_WORDS[link.relation])}</span>'
            if target is None:  # a sound project has none (links_problem); said, never left out
                out.append(f"<li>{rel} an annotation that is not in this article ({_e(link.target)})</li>")
                continue
            kind = f'<i class="swatch s-{target.tag.value}"></i>{_e(target.tag.label)}'
            quoted = _e(target.quote.exact) if gone else f'<a href="#a-{_a(target.id)}">{_e(target.quote.exact)}</a>'
            lost = ' <span class="by">(no longer found in the article\'s text)</span>' if gone else ""
            out.append(f'<li>{rel} {kind}: <q dir="auto">{quoted}</q>{lost}</li>')
        out.append("</ul>")
    if a.evidence:
        out.append('<h4>Evidence</h4><ul class="evidence">')
        for e in a.evidence:
            out.append(f"<li>{_evidence(e)}</li>")
        out.append("</ul>")
    out.append("</section>\n")
    return "".join(out)


def _evidence(e: Evidence) -> str:
    """A piece of outside evidence: its title as a link (only an http or https address with
    nothing invisible in it is made one), the address written out (a printed page keeps it),
    and the note."""
    linkable = not url_problem(e.url) and bool(e.url) and not has_controls(e.url)
    title = _i(e.title.strip()) if e.title.strip() else _e(e.url)
    shown = f'<a href="{_a(e.url)}" rel="noopener noreferrer nofollow" target="_blank">{title}</a>' if linkable else title
    address = f' <span class="url" dir="ltr">{_e(e.url)}</span>' if e.title.strip() or not linkable else ""
    note = f'<div class="evidence-note" dir="auto">{_e(e.note)}</div>' if e.note.strip() else ""
    return f"{shown}{address}{note}"


def _badge(verdict: str, scale: list[RatingLevel], short: bool = False) -> str:
    """A verdict as a coloured badge (truer greener), with its number on the project's scale
    ("1 on a scale of 1 to 5") unless ``short``; a verdict not on the scale says so."""
    name = verdict.strip()
    level = level_named(scale, name)
    values = [lv.value for lv in scale if lv.value is not None]
    kind = "v-none"
    if level is not None and level.value is not None and values:
        low, high = min(values), max(values)
        share = 1.0 if high == low else (level.value - low) / (high - low)
        kind = "v-true" if share >= 0.75 else "v-mixed" if share > 0.25 else "v-false"
    badge = f'<strong class="verdict {kind}" dir="auto">{_e(name)}</strong>'
    if short:
        return badge
    if level is None:
        return f'{badge} <span class="scale">(not on this project\'s rating scale)</span>'
    if level.value is not None and values:
        return f'{badge} <span class="scale">({level.value} on a scale of {min(values)} to {max(values)})</span>'
    return badge


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    keeps=("the article with highlights (and its status and assignee, once work on it has begun), legend, the article's overall verdict and summary, "
           "each claim's fact-check (verdict and its number on the project's rating scale, speaker, reasoning, the linked spans quoted with their relation, "
           "outside evidence as links with title, address and note), every annotation with note, author (and who changed it, if someone else), time "
           "and review comments (each with its verdict, author and time)"),
    loses="who made each link and added each piece of evidence, and when; ids; it is for reading: it cannot be imported back",
    write=write,
)
