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
