"""Hostile text in exports (issue 13): markup that could end a JSON-LD <script> block,
bidirectional controls that make a note read backwards, and exports of huge projects."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.formats import formats
from annotator.core.model import Document, Project, Tag
from annotator.core.text_safety import BIDI_CONTROLS, dumps_for_html, html_safe_json, split_controls, visible_controls

from .conftest import ROOT
from .factories import annotation

from .browser import CHROMIUM, dump_dom
INJECTED = "</script><script>document.body.setAttribute('data-pwned','1')</script>"
RLO = "\u202e"
HOSTILE = f"{INJECTED} & <!-- {RLO}evil{chr(0x202c)} \u2066x\u2069 \u200f \u061c"
RAW_BIDI = [c.encode("utf-8") for c in BIDI_CONTROLS]


def hostile_project() -> Project:
    text = "The minister said taxes fell by 10% last year. Officials confirmed it."
    doc = Document.from_text(text, title=f"Title {HOSTILE}")
    doc.byline = f"Reporter {RLO}rab"
    doc.outlet = "Outlet <b>"
    doc.source_url = "https://news.example.org/a?x=1&y=<2>"
    claim = annotation(text, 0, 46, Tag.CLAIM, 0, note=f"Note {HOSTILE}")
    claim = claim.model_copy(update={
        "verdict": f"False {INJECTED}", "author": f"Ann {RLO}nnA", "modified_by": f"Bob {INJECTED}",
        "quote": claim.quote.model_copy(update={"exact": claim.quote.exact}),
    })
    doc.annotations = [claim, annotation(text, 47, 70, Tag.SOURCE, 1, note=f"{RLO}txet")]
    return Project(documents=[doc])


# 11. JSON-LD that can be pasted into a <script> block


@pytest.mark.parametrize("name", ["claimreview", "w3c"])
def test_json_ld_holds_no_raw_markup_nor_bidi_controls(name):
    data = formats()[name].write(hostile_project())
    assert b"<" not in data and b">" not in data and b"&" not in data
    assert not any(c in data for c in RAW_BIDI)
    assert b"\\u003c/script\\u003e" in data and b"\\u202e" in data
    text = data.decode("utf-8")
    assert f"Note {HOSTILE}" in json.dumps(json.loads(text), ensure_ascii=False)  # parses back to the same strings


def test_claimreview_parses_back_to_the_same_strings():
    project = hostile_project()
    (review,) = json.loads(formats()["claimreview"].write(project))
    claim = project.documents[0].annotations[0]
    assert review["claimReviewed"] == claim.quote.exact and review["reviewBody"] == claim.note
    assert review["reviewRating"]["alternateName"] == claim.verdict and review["contributor"][0]["name"] == claim.author
    assert review["itemReviewed"]["appearance"]["headline"] == project.documents[0].title


def test_w3c_comes_back_the_same_through_its_reader():
    project = hostile_project()
    doc = project.documents[0]
    back = formats()["w3c"].read(formats()["w3c"].write(project), doc, None).documents[0].annotations
    assert [(a.note, a.author, a.modified_by, a.verdict) for a in back] == [(a.note, a.author, a.modified_by, a.verdict) for a in doc.annotations]


def test_w3c_with_a_label_like_its_placeholder():
    project = hostile_project()
    project.metadata.title = "\x00items\x00"
    data = json.loads(formats()["w3c"].write(project))
    assert data["label"] == "\x00items\x00" and data["total"] == 2 == len(data["first"]["items"])


def run_page(tmp_path, body: str) -> str:
    path = tmp_path / "page.html"
    path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>", encoding="utf-8")
    return dump_dom(path, tmp_path / "profile")


@pytest.mark.parametrize("name", ["claimreview", "w3c"])
def test_json_ld_in_a_script_block_runs_no_injected_script(tmp_path, name):
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (the README's test command installs it)")
    project = hostile_project()
    data = formats()[name].write(project).decode("utf-8")
    note = project.documents[0].annotations[0].note
    detector = (
        "<script>var d = JSON.parse(document.getElementById('ld').textContent);"
        f"var note = {html_safe_json(json.dumps(note))};"  # the detector's own copy, made safe the same way
        "function has(x) { return x === note || (x !== null && typeof x === 'object' && Object.values(x).some(has)); }"
        "document.body.setAttribute('data-parsed', has(d) ? 'same' : 'differs');"
        "document.body.setAttribute('data-blocks', document.querySelectorAll('script').length);</script>"
    )
    dom = run_page(tmp_path, f'<script id="ld" type="application/ld+json">{data}</script>{detector}')
    body = dom.split("<body", 1)[1].split(">", 1)[0]
    assert 'data-parsed="same"' in body  # the detector ran, and the browser read the JSON-LD back as written
    assert "data-pwned" not in body and 'data-blocks="2"' in body  # the claim's </script> did not end the block


# 12. Bidirectional controls


def test_text_safety_api():
    assert BIDI_CONTROLS == frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
    assert visible_controls(f"a{RLO}b\u2067c") == "a⟨U+202E⟩b⟨U+2067⟩c"
    assert visible_controls("plain العربية") == "plain العربية"
    assert list(split_controls(f"{RLO}ab{RLO}")) == [(RLO, True), ("ab", False), (RLO, True)]
    assert html_safe_json('"\\\\<"') == '"\\\\\\u003c"' and json.loads(html_safe_json('"\\\\<"')) == "\\<"


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(alphabet=st.sampled_from(list("<>&\\\"/\u2028 a") + sorted(BIDI_CONTROLS)) | st.characters()),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=4), kids, max_size=3), max_leaves=10))
def test_html_safe_json_parses_back_the_same(value):
    text = dumps_for_html(value)
    assert json.loads(text) == value
    assert not re.search("[<>&\u2028\u2029" + "".join(BIDI_CONTROLS) + "]", text)


def test_csv_shows_bidi_controls_as_markers():
    data = formats()["csv"].write(hostile_project())
    assert not any(c in data for c in RAW_BIDI)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert rows[0]["author"] == "Ann ⟨U+202E⟩nnA" and rows[0]["byline"] == "Reporter ⟨U+202E⟩rab"
    assert rows[1]["note"] == "⟨U+202E⟩txet"  # a marker first: no formula, no apostrophe
    assert "⟨U+202C⟩ ⟨U+2066⟩x⟨U+2069⟩ ⟨U+200F⟩ ⟨U+061C⟩" in rows[0]["note"]


def test_html_report_shows_bidi_controls_and_isolates_user_text():
    page = formats()["html"].write(hostile_project()).decode("utf-8")
    assert not any(c in page for c in BIDI_CONTROLS)
    assert '<span class="ctl"' in page and "⟨U+202E⟩</span>nnA" in page  # visible and styled
    assert re.search(r'<mark [^>]*title="[^"]*⟨U\+202E⟩', page)  # tooltips hold the plain marker
    assert "<title>Title &lt;/script&gt;" in page
    row = re.search(r'<tr id="row-[^"]*">(.*?)</tr>', page).group(1)
    cells = re.findall(r"<td([^>]*)>", row)
    assert all('dir="auto"' in attrs for attrs in cells[1:5] + cells[6:])  # text, note, verdict, author, review
    headings = re.findall(r"<h[12][^>]*>", page)  # the article's h2 is left out when it repeats the h1
    assert headings and all('dir="auto"' in h for h in headings)
    assert '<article dir="auto"' in page and '<p class="credits" dir="auto">' in page
    assert "Source: <bdi>https://news.example.org/a?x=1&amp;y=&lt;2&gt;</bdi>" in page


def test_html_report_in_a_browser_shows_the_marker(tmp_path):
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (the README's test command installs it)")
    path = tmp_path / "report.html"
    path.write_bytes(formats()["html"].write(hostile_project()))
    dom = dump_dom(path, tmp_path / "profile")
    assert "⟨U+202E⟩" in dom and not any(c in dom for c in BIDI_CONTROLS)
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0] and "<script" not in dom


# 13. Exports of huge projects

MEMORY = textwrap.dedent("""
    import gc, json, sys, tracemalloc
    from annotator.benchmarks.corpus import project
    from annotator.core.formats import formats
    from annotator.core.model import Tag
    formats()  # every format module imported before tracing starts: the project alone is traced
    count = int(sys.argv[1])
    tracemalloc.start()
    p = project(count * 100, count)
    doc = p.documents[0]
    doc.annotations = [a.model_copy(update={"verdict": "False"}) if a.tag == Tag.CLAIM else a for a in doc.annotations]
    gc.collect()
    size = tracemalloc.get_traced_memory()[0]
    peaks = {}
    for name in sys.argv[2:]:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        out = formats()[name].write(p)
        peaks[name] = (tracemalloc.get_traced_memory()[1] - base, len(out))
        del out
    print(json.dumps({"project": size, "peaks": peaks}))
""")


def test_exports_of_a_large_project_need_less_than_twice_its_memory():
    names = ["w3c", "claimreview", "csv", "html", "doccano", "labelstudio", "brat"]
    done = subprocess.run([sys.executable, "-c", MEMORY, "4000", *names], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    project = result["project"]
    assert all(size > 0 for _, size in result["peaks"].values())
    over = {name: f"{peak / 1e6:.1f} MB" for name, (peak, _) in result["peaks"].items() if peak >= 2 * project}
    assert not over, f"exports needing 2x or more of the project's {project / 1e6:.1f} MB: {over}"
