"""Where the files of ``resources/`` are: the ``annotator.resources`` package when installed
(pyproject maps the folder there), else the folder beside the package in a checkout."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path


@cache
def resources_dir() -> Path:
    try:
        return Path(str(resources.files("annotator.resources")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


@cache
def palette() -> dict[str, dict[str, str]]:
    """Tag name -> {"color", "tint", "description"} from resources/palette.json."""
    data = json.loads(resource_path("palette.json").read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


SAMPLE_NAME = "russian-bombers-iran.annotator.json"


@cache
def sample_project() -> Path | None:
    """The sample project: shipped as ``annotator.samples`` when installed (pyproject maps
    projects/ there), else in the checkout's projects/ folder; None if neither has it."""
    try:
        path = Path(str(resources.files("annotator.samples"))) / SAMPLE_NAME
    except ModuleNotFoundError:
        path = Path(__file__).resolve().parent.parent / "projects" / SAMPLE_NAME
    return path if path.is_file() else None
