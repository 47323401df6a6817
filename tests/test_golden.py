"""Golden files: the sample project exported in every format, byte for byte.

A change to an exporter shows up here as a diff to review. After a deliberate change,
``python -m tests.test_golden`` rewrites the files in tests/golden/.
"""

from __future__ import annotations

import pytest

from annotator.core.formats import formats
from annotator.core.storage import load_project

from .conftest import ROOT, SAMPLE

GOLDEN = ROOT / "tests" / "golden"


def exported() -> dict[str, bytes]:
    project = load_project(SAMPLE)
    files = {}
    for fmt in formats().values():
        payload = fmt.write(project) if fmt.write else None
        if isinstance(payload, dict):
            files.update({f"sample.{fmt.name}/{name}": data for name, data in payload.items()})
        elif payload is not None:
            files[f"sample{fmt.extension}"] = payload
    return files


@pytest.mark.parametrize("name", sorted(exported()))
def test_export_matches_golden_file(name):
    assert (GOLDEN / name).read_bytes() == exported()[name]


def test_every_golden_file_is_still_produced():
    on_disk = {str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*") if p.is_file()}
    assert on_disk == set(exported())


if __name__ == "__main__":
    for name, data in exported().items():
        path = GOLDEN / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path}")
