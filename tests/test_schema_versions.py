"""A file of every released schema version loads, into the same project; a newer one is refused."""

import json

import pytest

from annotator.core.errors import FileProblemError
from annotator.core.model import SCHEMA_VERSION
from annotator.core.storage import dumps, load_project

from .conftest import ROOT
from .test_format_contract import EXPECTED

FOLDER = ROOT / "tests" / "schema_versions"


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_every_released_version_loads(version):
    path = FOLDER / f"v{version}.json"
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == version
    assert dumps(load_project(path)) == EXPECTED


def test_a_file_for_the_current_version_is_kept():
    assert (FOLDER / f"v{SCHEMA_VERSION}.json").exists(), "add a fixture for the new schema version"


def test_a_newer_version_is_refused_by_name(tmp_path):
    path = tmp_path / "future.json"
    data = json.loads((FOLDER / f"v{SCHEMA_VERSION}.json").read_text(encoding="utf-8"))
    data["schema_version"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FileProblemError, match=f"schema version {SCHEMA_VERSION + 1}"):
        load_project(path)


def _v9_with(annotation_fields: list[dict]) -> bytes:
    data = json.loads((FOLDER / "v9.json").read_text(encoding="utf-8"))
    template = data["documents"][0]["annotations"][0]
    data["documents"][0]["annotations"] = [
        {**template, "id": f"00000000-0000-4000-8000-00000000000{n}", **fields} for n, fields in enumerate(annotation_fields)
    ]
    return json.dumps(data).encode("utf-8")


def test_ratings_of_version_9_become_verdicts_on_the_scale_and_nothing_is_lost():
    from annotator.core.storage import parse_project

    project = parse_project(_v9_with([
        {"verdict": "", "rating": 2},  # a rating alone: its old name, added to the scale
        {"verdict": "Accurate", "rating": 5},  # a word of one's own: kept, and on the scale with its number
        {"verdict": "False", "rating": 1},  # already on the scale with that number
        {"verdict": "True", "rating": 3},  # a name with another number: the reasoning says so
        {"verdict": "Spin", "rating": None},  # a word without a number stays off the scale
    ]), "old.json")
    anns = project.documents[0].annotations
    assert [a.verdict for a in anns] == ["Mostly false", "Accurate", "False", "True", "Spin"]
    scale = {level.name: level.value for level in project.metadata.rating_scale}
    assert scale["Mostly false"] == 2 and scale["Accurate"] == 5 and scale["False"] == 1 and scale["True"] == 5
    assert "Spin" not in scale
    assert [level.name for level in project.metadata.rating_scale] == [  # truest first, by number, above Unverifiable
        "True", "Accurate", "Mostly true", "Mixed", "Misleading", "Mostly false", "False", "Unverifiable"]
    assert "Rated 3 of 5, Mixed" in anns[3].reasoning
    assert all(a.links == () and a.evidence == () for a in anns)
