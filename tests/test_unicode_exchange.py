"""A Unicode-hostile article through Label Studio and doccano and back: every span's text
intact in the export (read as each consumer reads it) and after the import."""

from __future__ import annotations

import json

import pytest

from annotator.core.formats import formats
from annotator.core.model import Document, Project, Tag

from .factories import annotation

PIECES = [
    "Skin tones 👍🏽 and 👩🏿‍🚀",  # modifiers, and a ZWJ sequence with one
    "a family 👨‍👩‍👧‍👦",  # ZWJ sequence of four people
    "flags 🇺🇦 🏳️‍🌈 🏴󠁧󠁢󠁳󠁣󠁴󠁿",  # regional indicators, a ZWJ flag, a tag sequence
    "中文字符 and 日本語のテキスト",  # CJK
    "مَرْحَبًا بِالْعَالَمِ",  # Arabic with harakat (combining marks)
    "cafe\u0301 and n\u0303",  # combining accents
    "one\u2028two\u2029three",  # line and paragraph separators
    "a span\nacross a line break",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math 𝟙𝟚𝟛",  # astral letters
]
TEXT = "Start 😀. " + " | ".join(PIECES) + " | end."


def hostile_project() -> Project:
    doc = Document.from_text(TEXT, title="Hostile 🇺🇦")
    spans = [(TEXT.index(p), TEXT.index(p) + len(p)) for p in PIECES]
    spans += [(TEXT.index("👨‍👩‍👧‍👦"), TEXT.index("👨‍👩‍👧‍👦") + len("👨‍👩‍👧‍👦")), (TEXT.index("e\u0301"), TEXT.index("e\u0301") + 2),
              (TEXT.index("two"), TEXT.index("three") + 5), (TEXT.index("end"), TEXT.index("end") + 3)]
    doc.annotations = sorted((annotation(TEXT, s, e, Tag.CLAIM, n, note=f"note {n} 😀\u2028") for n, (s, e) in enumerate(spans)),
                             key=lambda a: a.sort_key())
    return Project(documents=[doc])


def _consumer_spans(name: str, data: bytes) -> list[str]:
    """The text at each exported span, as Label Studio's converter and doccano read it (Python slices)."""
    if name == "labelstudio":
        task = json.loads(data)[0]
        return [task["data"]["text"][r["value"]["start"]:r["value"]["end"]] for r in task["annotations"][0]["result"]]
    (line,) = data.decode("utf-8").splitlines()
    record = json.loads(line)
    return [record["text"][start:end] for start, end, _ in record["label"]]


@pytest.mark.parametrize("name", ["labelstudio", "doccano"])
def test_every_span_of_a_hostile_text_survives_export_and_import(name):
    project = hostile_project()
    original = project.documents[0].annotations
    fmt = formats()[name]
    data = fmt.write(project)
    assert _consumer_spans(name, data) == [a.quote.exact for a in original]
    result = fmt.read(data, None, None)
    assert result.skipped == []
    back = result.documents[0]
    assert back.text == TEXT
    assert [(a.id, a.start, a.end, a.quote, a.note) for a in back.annotations] == [(a.id, a.start, a.end, a.quote, a.note) for a in original]
