"""Hostile input to re-anchoring, imports and loading (issue 13): every case ends quickly, with
exit status 1 and a line naming the file and the place, or imports what is sound, never with a
traceback."""

import json
import subprocess
import sys
import textwrap

import pytest

from annotator import cli
from annotator.core.formats import formats, parse_time

from .conftest import ROOT, SAMPLE


def run_quickly(code: str, timeout: float = 10) -> str:
    """Run ``code`` in a fresh interpreter: a regression to quadratic time fails, not hangs."""
    try:
        result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"not done within {timeout} s")
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def fails_naming(capsys, argv: list[str], *places: str) -> str:
    """``annotator argv`` exits 1; one line of its errors names the file and every place."""
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "errors.pydantic.dev" not in err, err
    files = [arg for arg in argv if arg.endswith((".json", ".jsonl", ".ann"))]
    lines = [line for line in err.splitlines() if all(p in line for p in places)]
    assert lines, err
    assert any(name in err for name in files), err
    return err


# 4. Re-anchoring is bounded


def test_whitespace_led_quote_in_a_long_run_of_spaces_is_quick():
    out = run_quickly("""
        from annotator.core.anchoring import reanchor
        from annotator.core.model import Quote
        text = " " * 200_000
        for exact in (" a b", " a b ", "a b ", "  x  y"):
            print(reanchor(text, 5, 5 + len(exact), Quote(exact=exact, prefix="  ", suffix="  ")))
        print(reanchor(text + " a  b" + text, 5, 9, Quote(exact=" a b")))
    """)
    lines = out.split()
    assert lines[:4] == ["None"] * 4
    assert "None" not in out.splitlines()[-1]  # the loose place is still found


def _shifted_regions(count: int) -> bytes:
    """A Label Studio task of ``count`` regions on a much repeated phrase, each one place off."""
    phrase = "ab "
    regions = [{"id": str(k), "type": "labels", "value": {"start": k * 3 + 1, "end": k * 3 + 3, "text": "ab", "labels": ["Claim"]}}
               for k in range(count)]
    return json.dumps({"data": {"text": phrase * count}, "annotations": [{"result": regions}]}).encode()


def test_many_shifted_label_studio_regions_import_in_near_linear_time(monkeypatch):
    """Each region is re-found among the places close to it, not among the first thousand of
    8,000 code points (100,000 such regions took 292 s)."""
    from annotator.core import anchoring
    calls = []
    score = anchoring._context_score
    monkeypatch.setattr(anchoring, "_context_score", lambda *args: calls.append(1) or score(*args))
    counts = {}
    for count in (500, 5_000):
        calls.clear()
        result = formats()["labelstudio"].read(_shifted_regions(count), None, None)
        assert [(a.start, a.end) for a in result.documents[0].annotations] == [(k * 3, k * 3 + 2) for k in range(count)]
        counts[count] = len(calls)
    assert counts[5_000] <= 12 * counts[500], counts
    assert counts[5_000] <= 100 * 5_000, counts


# 7. Times that can't be shown in every time zone


def _project(tmp_path, change) -> str:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    change(data["documents"][0])
    path = tmp_path / "hostile.annotator.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("time", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_a_time_out_of_range_in_utc_is_refused_on_load(tmp_path, capsys, time):
    def change(doc):
        doc["annotations"][3]["created"] = doc["annotations"][3]["modified"] = time
    path = _project(tmp_path, change)
    fails_naming(capsys, ["validate", path], "documents[0].annotations[3]", ".created: is out of range")


def test_a_time_out_of_range_in_a_review_comment_is_refused(tmp_path, capsys):
    def change(doc):
        doc["annotations"][0]["comments"] = [{"author": "R", "time": "9999-12-31T23:00:00-14:00", "text": "x", "status": None}]
    fails_naming(capsys, ["validate", _project(tmp_path, change)], "documents[0].annotations[0]", "comments[0].time: is out of range")


def test_imported_times_out_of_range_are_not_taken():
    assert parse_time("9999-12-31T23:59:59-14:00") is None
    assert parse_time("0001-01-01T00:00:00+14:00") is None
    assert parse_time("2024-05-06T07:08:09+14:00") is not None
    line = {"text": "A claim here.", "label": [[0, 7, "claim"]],
            "meta": {"annotator": [{"start": 0, "end": 7, "label": "claim", "created": "9999-12-31T23:59:59-14:00"}]}}
    ann = formats()["doccano"].read(json.dumps(line).encode()).documents[0].annotations[0]
    assert ann.created.year < 9999
    ann.created.astimezone()


# 8. Offsets and types


def _write(tmp_path, name: str, value) -> str:
    path = tmp_path / name
    path.write_text(value if isinstance(value, str) else json.dumps(value), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("span", [[[0, 3], 7, "claim"], [0, {"a": 1}, "claim"], [0, 7, ["claim"]]])
def test_doccano_offsets_or_labels_that_are_lists_or_objects_are_skipped(tmp_path, capsys, span):
    path = _write(tmp_path, "in.jsonl", {"text": "A claim here.", "label": [span]})
    fails_naming(capsys, ["import", "-f", "doccano", path, "-o", str(tmp_path / "out.json")], "line 1, span")


def test_doccano_meta_with_lists_for_offsets_is_ignored(tmp_path):
    line = {"text": "A claim here.", "label": [[2, 7, "claim"]],
            "meta": {"annotator": [{"start": [2], "end": 7, "label": "claim", "note": "not ours"}, ["x"]]}}
    doc = formats()["doccano"].read(json.dumps(line).encode()).documents[0]
    assert [(a.start, a.end, a.note) for a in doc.annotations] == [(2, 7, "")]


def test_label_studio_true_is_no_offset(tmp_path, capsys):
    task = {"data": {"text": "A claim here."}, "annotations": [{"result": [
        {"id": "r1", "type": "labels", "value": {"start": True, "end": 7, "text": "claim", "labels": ["Claim"]}}]}]}
    path = _write(tmp_path, "in.json", task)
    fails_naming(capsys, ["import", "-f", "labelstudio", path, "-o", str(tmp_path / "out.json")], "task 1, region r1", "whole-number")


def test_a_review_snapshot_ending_before_it_starts_is_refused(tmp_path, capsys):
    def change(doc):
        ann = doc["annotations"][0]
        doc["review"] = [{"reviewer": "R", "time": "2026-01-01T00:00:00+00:00", "group": "g", "decision": "agreed",
                          "mine": {"id": ann["id"], "tag": "claim", "start": 50, "end": 10, "exact": "x"}}]
    fails_naming(capsys, ["validate", _project(tmp_path, change)], "review[0].mine", "end (10) must be greater than start (50)")


@pytest.mark.parametrize("field", ["note", "author", "verdict", "modified_by"])
def test_a_nul_in_an_annotation_string_is_refused(tmp_path, capsys, field):
    def change(doc):
        doc["annotations"][2][field] = "a\u0000b"
    fails_naming(capsys, ["validate", _project(tmp_path, change)], "annotations[2]", "NUL")


def test_a_nul_in_a_review_comment_is_refused(tmp_path, capsys):
    def change(doc):
        doc["annotations"][1]["comments"] = [{"author": "R", "time": "2026-01-01T00:00:00+00:00", "text": "a\u0000", "status": None}]
    fails_naming(capsys, ["validate", _project(tmp_path, change)], "annotations[1]", "NUL")


# 9. brat


def test_brat_offsets_of_a_crlf_text_count_its_carriage_returns(tmp_path):
    text = "Title line\r\n\r\nThe first claim\r\ngoes on here.\r\nA quote.\r\n"
    (tmp_path / "doc.txt").write_bytes(text.encode())
    s1, e1 = text.index("The first"), text.index("claim") + 5
    s2, e2 = text.index("goes"), text.index("here.") + 5
    s3 = text.index("A quote")
    ann = f"T1\tClaim {s1} {e1};{s2} {e2}\tThe first claim goes on here.\nT2\tQuote {s3} {s3 + 8}\tA quote.\n"
    (tmp_path / "doc.ann").write_text(ann, encoding="utf-8")
    from annotator.core.formats import read_import
    result = read_import(formats()["brat"], tmp_path / "doc.ann", None, None)
    assert not result.skipped
    doc = result.documents[0]
    assert [doc.text[a.start:a.end] for a in doc.annotations] == ["The first claim\ngoes on here.", "A quote."]


def test_brat_offsets_out_of_range_are_not_refound_on_a_short_match(tmp_path, capsys):
    (tmp_path / "doc.txt").write_text("Some text with an x in it, and more words after that.\n", encoding="utf-8")
    (tmp_path / "doc.ann").write_text("T1\tClaim 5 1000000\tx\n", encoding="utf-8")
    fails_naming(capsys, ["import", "-f", "brat", str(tmp_path / "doc.ann"), "-o", str(tmp_path / "out.json")], "line 1 (T1)", "not taken")


def test_brat_long_quote_is_still_refound_when_its_offsets_are_off(tmp_path):
    text = "Some words first. The claim that is made here is long enough. And more.\n"
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    s = text.index("The claim")
    (tmp_path / "doc.ann").write_text(f"T1\tClaim {s + 3} {s + 46}\tThe claim that is made here is long enough.\n", encoding="utf-8")
    from annotator.core.formats import read_import
    result = read_import(formats()["brat"], tmp_path / "doc.ann", None, None)
    assert [(a.start, a.end) for a in result.documents[0].annotations] == [(s, s + 43)]


# 10. Every string an import builds is checked, and named


@pytest.mark.parametrize("key", ["title", "outlet", "byline", "published"])
def test_a_lone_surrogate_in_doccano_meta_names_file_and_field(tmp_path, capsys, key):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "A claim here.", "label": [[2, 7, "claim"]], "meta": {"%s": "bad \\ud800 one"}}\n' % key, encoding="utf-8")
    fails_naming(capsys, ["import", "-f", "doccano", str(path), "-o", str(tmp_path / "out.json")], f"line 1, meta.{key}", "lone surrogate")


@pytest.mark.parametrize("key", ["note", "author", "modified_by"])
def test_a_lone_surrogate_in_a_doccano_annotation_names_file_and_field(tmp_path, capsys, key):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "A claim here.", "label": [[2, 7, "claim"]], '
                    '"meta": {"annotator": [{"start": 2, "end": 7, "label": "claim", "%s": "x\\ud800"}]}}\n' % key, encoding="utf-8")
    fails_naming(capsys, ["import", "-f", "doccano", str(path), "-o", str(tmp_path / "out.json")], "line 1, span 2-7", key, "lone surrogate")


@pytest.mark.parametrize("key", ["title", "outlet", "text"])
def test_a_nul_or_surrogate_in_label_studio_data_names_file_and_field(tmp_path, capsys, key):
    path = tmp_path / "in.json"
    data = {"text": "A claim here.", key: "bad \\u0000 one" if key == "text" else "bad \\udc00 one"}
    raw = json.dumps({"data": data, "annotations": []}).replace("\\\\u", "\\u")
    path.write_text(raw, encoding="utf-8")
    fails_naming(capsys, ["import", "-f", "labelstudio", str(path), "-o", str(tmp_path / "out.json")], f"task 1, data.{key}")


def test_spans_far_from_their_offsets_search_the_article_a_bounded_number_of_times(tmp_path, monkeypatch):
    """Each span not found near its offsets reads the whole article; an import's budget stops a
    file of thousands of them from reading it thousands of times, and says so by name."""
    import json as _json

    from annotator import cli
    from annotator.core import anchoring

    monkeypatch.setattr(anchoring, "BUDGET_FLOOR", 0)  # 32 articles' worth, whatever the size
    text = "The minister resigned. " * 2_000
    regions = [{"type": "labels", "value": {"start": 5, "end": 17, "text": f"absent quote {n:05d}", "labels": ["claim"]}}
               for n in range(200)]
    path = tmp_path / "far.json"
    path.write_text(_json.dumps([{"data": {"text": text}, "annotations": [{"result": regions}]}]), encoding="utf-8")
    searched = []
    real = anchoring.SearchBudget.take
    monkeypatch.setattr(anchoring.SearchBudget, "take", lambda self, n: searched.append((n, real(self, n))) or searched[-1][1])
    assert cli.main(["import", "-f", "labelstudio", str(path), "-o", str(tmp_path / "out.annotator.json")]) == 1
    granted = [n for n, ok in searched if ok]
    assert len(granted) == 32 and sum(granted) <= 32 * len(text)  # 32 articles' worth, then no more
