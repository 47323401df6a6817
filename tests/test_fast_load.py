"""The quick load path: same result as the careful one, and a repeated key never slips through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import FileProblemError
from annotator.core.fast_load import members_in_json, members_parsed, parse_current
from annotator.core.model import Comment, ReviewStatus, Tag
from annotator.core.storage import _parse_carefully, dump_bytes, parse_project

from .factories import WHEN, project
from .test_storage import projects_with_spans

SAMPLES = sorted((Path(__file__).parent.parent / "projects").glob("*.annotator.json"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_saved_projects_take_the_quick_path_and_read_the_same(path):
    data = path.read_bytes()
    quick = parse_current(data)
    assert quick is not None
    assert members_in_json(data) == members_parsed(quick)
    assert quick == _parse_carefully(data, path)


class Obj(list):
    """A JSON object as its list of members, so that a key can appear twice."""


def encode(value, item_sep: str, key_sep: str) -> str:
    if isinstance(value, Obj):
        return "{" + item_sep.join(json.dumps(k, ensure_ascii=False) + key_sep + encode(v, item_sep, key_sep) for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + item_sep.join(encode(v, item_sep, key_sep) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def objects(value) -> list[Obj]:
    found = []
    if isinstance(value, Obj):
        found.append(value)
        value = [v for _, v in value]
    if isinstance(value, list):
        for item in value:
            found += objects(item)
    return found


SEPARATORS = st.sampled_from([(",", ":"), (", ", ": "), (",\n  ", " : "), (",", "\t:\n"), ("\n,", "\r\n:")])
# Notes full of quotes, colons and backslashes: the characters the key count must not misread.
NOTES = st.text(alphabet='"\\: :a\n', max_size=12)


@settings(max_examples=80, deadline=None)
@given(projects_with_spans(), NOTES, SEPARATORS, st.data())
def test_a_repeated_key_is_refused_however_the_file_is_spaced(p, note, separators, data):
    doc = p.documents[0]
    for ann in doc.annotations:
        ann.note = note
        ann.comments = [Comment(author=note or "R", time=WHEN, text=note, status=ReviewStatus.DISPUTED)]
    tree = json.loads(dump_bytes(p), object_pairs_hook=Obj)
    plain = encode(tree, *separators).encode("utf-8")
    assert parse_current(plain) is not None  # any spacing, any note: still the quick path
    assert parse_project(plain) == parse_project(dump_bytes(p))

    # The same member written twice: the file still validates as a model, so only the key
    # count can tell; the careful path must then name the key.
    target = data.draw(st.sampled_from(objects(tree)))
    member = data.draw(st.sampled_from(list(target)))
    target.insert(data.draw(st.integers(0, len(target))), member)
    doubled = encode(tree, *separators).encode("utf-8")
    assert parse_current(doubled) is None
    with pytest.raises(FileProblemError, match=f"the key '{member[0]}' appears twice"):
        parse_project(doubled)


def test_strings_that_start_with_a_colon_are_not_taken_for_keys():
    p = project('He said: "no": that was all.', [(9, 13, Tag.QUOTE)])  # its prefix ends in ': '
    p.documents[0].annotations[0].note = ': "note": '
    assert parse_current(dump_bytes(p)) == p


def test_a_file_without_optional_fields_loads_the_careful_way():
    p = project("Short text here.", [(0, 5, Tag.CLAIM)])
    data = json.loads(dump_bytes(p))
    del data["documents"][0]["annotations"][0]["verdict"]
    raw = json.dumps(data).encode()
    assert parse_current(raw) is None
    assert parse_project(raw) == p


def test_a_file_from_another_program_with_unusual_spacing_still_loads():
    p = project("Spacing test: a claim here.", [])
    text = json.dumps(json.loads(dump_bytes(p)), indent="\t", separators=(" ,", " : "))
    assert parse_project(text.encode()) == p
