"""Saving and loading project files: round trips, determinism, atomicity, precise errors."""

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import FileProblemError, SaveError
from annotator.core.model import SCHEMA_VERSION, Tag
from annotator.core.storage import dumps, load_project, parse_project, save_project

from .factories import project

TEXT = "Emoji 😀 first, then 中文 and שלום, e\u0301 combined.\nSecond line."


def spans_of(doc):
    return [(a.tag, a.start, a.end, a.quote.exact) for a in doc.annotations]


def test_round_trip_keeps_offsets_and_quotes(tmp_path):
    p = project(TEXT, [(6, 7, Tag.QUOTE), (0, 5, Tag.CLAIM), (22, 24, Tag.SOURCE)])
    path = tmp_path / "p.json"
    save_project(p, path)
    loaded = load_project(path)
    assert spans_of(loaded.documents[0]) == sorted(spans_of(p.documents[0]), key=lambda s: (s[1], -s[2]))
    assert loaded.documents[0].annotations[1].quote.exact == "😀"
    assert dumps(loaded) == path.read_text(encoding="utf-8")


def test_saves_are_byte_identical_and_sorted(tmp_path):
    p = project(TEXT, [(30, 34, Tag.CLAIM), (0, 5, Tag.CLAIM), (0, 12, Tag.SOURCE)])
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    save_project(p, a)
    save_project(load_project(a), b)
    assert a.read_bytes() == b.read_bytes()
    starts = [(x["start"], x["end"]) for x in json.loads(a.read_text())["documents"][0]["annotations"]]
    assert starts == [(0, 12), (0, 5), (30, 34)]
    assert "😀" in a.read_text(encoding="utf-8")  # UTF-8 as is, not \\u escapes


def test_failed_replace_keeps_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "p.json"
    save_project(project(TEXT), path)
    before = path.read_bytes()

    def broken(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(SaveError, match="No space left on device"):
        save_project(project(TEXT, [(0, 5, Tag.CLAIM)]), path)
    assert path.read_bytes() == before
    assert [f.name for f in tmp_path.iterdir()] == ["p.json"]


def test_save_into_missing_folder_says_why(tmp_path):
    with pytest.raises(SaveError, match="No such file or directory"):
        save_project(project(TEXT), tmp_path / "gone" / "p.json")


def test_save_keeps_file_permissions(tmp_path):
    path = tmp_path / "p.json"
    save_project(project(TEXT), path)
    path.chmod(0o640)
    save_project(project(TEXT), path)
    assert path.stat().st_mode & 0o777 == 0o640


def raw_project(**changes):
    data = json.loads(dumps(project(TEXT, [(0, 5, Tag.CLAIM), (6, 7, Tag.QUOTE)])))
    for dotted, value in changes.items():
        node = data
        keys = [int(k) if k.isdigit() else k for k in dotted.split("__")]
        for key in keys[:-1]:
            node = node[key]
        if value is KeyError:
            del node[keys[-1]]
        else:
            node[keys[-1]] = value
    return json.dumps(data).encode()


def problems_for(data: bytes) -> str:
    with pytest.raises(FileProblemError) as info:
        parse_project(data, "colleague.json")
    return str(info.value)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"documents__0__annotations__0__end": 999}, "documents[0].annotations[0] (id 00000000-0000-4000-8000-000000000000): end 999 is past the end"),
        ({"documents__0__annotations__1__quote__exact": "X"}, "documents[0].annotations[1] (id 00000000-0000-4000-8000-000000000001): quote.exact is 'X' but the text there is '😀'"),
        ({"documents__0__annotations__0__tag": "opinion"}, "documents[0].annotations[0] (id 00000000-0000-4000-8000-000000000000).tag: Input should be 'claim', 'quote', 'source' or 'unverified'"),
        ({"documents__0__annotations__0__start": -1}, "documents[0].annotations[0] (id 00000000-0000-4000-8000-000000000000).start: Input should be greater than or equal to 0"),
        ({"documents__0__annotations__0__end": 0}, ".end: Input should be greater than 0"),
        ({"documents__0__annotations__0__created": "2026-01-01T00:00:00"}, ".created: Input should have timezone info"),
        ({"documents__0__annotations__0__id": "not-a-uuid"}, ".id: is not a UUID"),
        ({"documents__0__text": TEXT + "!"}, "documents[0].sha256: does not match the text"),
        ({"documents__0__title": KeyError, "documents__0__sha256": KeyError}, "documents[0].sha256: is missing"),
        ({"documents__0__surprise": 1}, "documents[0].surprise: is not a field of the project format"),
        ({"documents__0__annotations__0__surprise": 1}, ".surprise: is not a field of the project format"),
        ({"documents__0__annotations__0__quote__exact": KeyError}, ".quote.exact: is missing"),
        ({"documents__0__annotations__0__tag": KeyError}, "(id 00000000-0000-4000-8000-000000000000).tag: is missing"),
        ({"documents": []}, "documents: List should have at least 1 item"),
    ],
)
def test_bad_projects_are_refused_precisely(changes, expected):
    assert expected in problems_for(raw_project(**changes))


def test_every_problem_is_reported_not_only_the_first():
    message = problems_for(raw_project(documents__0__annotations__0__end=999, documents__0__annotations__1__quote__exact="X"))
    assert "annotations[0]" in message and "annotations[1]" in message


def test_duplicate_ids_are_refused():
    data = json.loads(raw_project())
    data["documents"][0]["annotations"][1]["id"] = data["documents"][0]["annotations"][0]["id"]
    assert "duplicate annotation id" in problems_for(json.dumps(data).encode())


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"{not json", "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
        (b"[1, 2]", "holds a JSON list, not an object"),
        (b'{"documents": []}', "no schema_version"),
        (b'{"schema_version": "one"}', "schema_version: must be a whole number"),
        (b"\xff\xfe{}", "not UTF-8"),
        (json.dumps({"schema_version": SCHEMA_VERSION + 1}).encode(), f"saved by a newer annotator (schema version {SCHEMA_VERSION + 1})"),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(data, expected):
    message = problems_for(data)
    assert expected in message and "colleague.json" in message


def test_lone_surrogates_are_refused():
    data = raw_project(documents__0__annotations__0__note="bad \ud800 note")
    assert "lone surrogate" in problems_for(data)


# Any character a text file can hold: astral, combining, RTL, U+2028/U+2029, controls; not
# lone surrogates (not encodable), CR (normalised to LF on import) or NUL (not text).
TEXTS = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\r\x00"), min_size=1, max_size=80)


@st.composite
def projects_with_spans(draw):
    text = draw(TEXTS)
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        a = draw(st.integers(0, len(text) - 1))
        b = draw(st.integers(a + 1, len(text)))
        spans.append((a, b, draw(st.sampled_from(list(Tag)))))
    return project(text, spans)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(projects_with_spans())
def test_any_project_round_trips(tmp_path, p):
    path = tmp_path / "p.json"
    save_project(p, path)
    loaded = load_project(path)
    assert loaded.documents[0].text == p.documents[0].text
    key = lambda a: (a.start, -a.end, a.id)  # noqa: E731
    assert loaded.documents[0].annotations == sorted(p.documents[0].annotations, key=key)
    assert dumps(loaded) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"schema_version": 1, "x": 1' + b"1" * 5000 + b"}", "not a valid project"),
        (b'{"schema_version": 1, "documents": 5}', "documents: Input should be a valid list"),
        (b'{"schema_version": 1, "documents": [{"annotations": 7}]}', "documents[0].annotations: Input should be a valid list"),
        (b'{"schema_version": 2, "schema_version": 2}', "the key 'schema_version' appears twice"),
    ],
)
def test_hostile_json_gives_a_message_not_a_crash(data, expected):
    assert expected in problems_for(data)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"documents__0__source_url": "x\ud800"}, "documents[0].source_url: Value error, contains an invalid character"),
        ({"metadata__title": "\udfff"}, "metadata.title: Value error, contains an invalid character"),
        ({"documents__0__annotations__0__start": "0"}, ".start: Input should be a valid integer"),
        ({"documents__0__annotations__0__end": 5.0}, ".end: Input should be a valid integer"),
        ({"documents__0__annotations__0__created": 0}, ".created: Value error, must be an ISO 8601 date"),
        ({"documents__0__annotations__0__id": "00000000-0000-4000-8000-00000000000A"}, "is not a UUID in canonical form"),
        ({"schema_version": True}, "schema_version: must be a whole number"),
    ],
)
def test_loose_values_are_refused_not_rewritten(changes, expected):
    assert expected in problems_for(raw_project(**changes))


def test_nul_in_text_is_refused():
    data = json.loads(raw_project())
    data["documents"][0]["text"] = "a\x00b"
    assert "contains NUL characters" in problems_for(json.dumps(data).encode())


def test_annotation_ids_are_unique_across_documents():
    data = json.loads(raw_project())
    doc = json.loads(json.dumps(data["documents"][0]))
    doc["id"] = "22222222-2222-4222-8222-222222222222"
    data["documents"].append(doc)
    assert "ids must be unique in the project" in problems_for(json.dumps(data).encode())


def test_new_files_get_the_usual_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        save_project(project(TEXT), tmp_path / "new.json")
    finally:
        os.umask(old)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o644


def test_each_save_keeps_the_previous_version_as_bak(tmp_path):
    path = tmp_path / "p.json"
    first = project(TEXT, [(0, 5, Tag.CLAIM)])
    save_project(first, path)
    assert not (tmp_path / "p.json.bak").exists()
    second = project(TEXT, [(0, 5, Tag.CLAIM), (6, 7, Tag.QUOTE)])
    save_project(second, path)
    assert len(load_project(tmp_path / "p.json.bak").documents[0].annotations) == 1  # the version replaced
    assert len(load_project(path).documents[0].annotations) == 2
    assert sorted(f.name for f in tmp_path.iterdir()) == ["p.json", "p.json.bak"]


def test_a_full_disk_fails_the_save_and_keeps_the_old_file(tmp_path):
    """On a real 64 KB tmpfs (needs root to mount, as CI runs; skipped elsewhere)."""
    import subprocess

    folder = tmp_path / "tiny"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (not root)")
    try:
        path = folder / "p.json"
        small = project(TEXT, [(0, 5, Tag.CLAIM)])
        save_project(small, path)
        before = path.read_bytes()
        big = project(TEXT * 2000, [(0, 5, Tag.CLAIM)])  # about 100 KB: more than the disk holds
        with pytest.raises(SaveError, match="No space left on device"):
            save_project(big, path)
        assert path.read_bytes() == before
        assert sorted(f.name for f in folder.iterdir()) == ["p.json", "p.json.bak"]  # no temp file left behind
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def test_loading_a_large_file_hands_freed_memory_back(tmp_path, monkeypatch):
    import annotator.core.storage as storage

    calls = []
    monkeypatch.setattr(storage, "give_back_free_memory", lambda: calls.append(1))
    monkeypatch.setattr(storage, "BIG_FILE", 20_000)
    path = tmp_path / "big.json"
    save_project(project(TEXT * (storage.BIG_FILE // len(TEXT) + 1)), path)
    load_project(path)
    save_project(project(TEXT), path)
    load_project(path)
    assert calls == [1]  # the large file only


def test_giving_back_memory_is_harmless_anywhere():
    from annotator.core.bulk import give_back_free_memory

    give_back_free_memory()
