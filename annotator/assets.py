"""Where the files of ``resources/`` are: ``annotator/resources`` when installed (pyproject maps
the folder there), else the folder beside the package in a checkout.

The folders are found beside this file rather than through ``importlib.resources``: without an
``__init__.py`` they are namespace packages, whose ``files()`` is a MultiplexedPath that is
no file system path (its ``str`` is its repr), so an installed wheel found nothing.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path


_PACKAGE = Path(__file__).resolve().parent


def _shipped(installed: str, checkout: str) -> Path:
    """``annotator/INSTALLED`` in an installed package, else the checkout's ``CHECKOUT`` folder."""
    folder = _PACKAGE / installed
    return folder if folder.is_dir() else _PACKAGE.parent / checkout


@cache
def resources_dir() -> Path:
    return _shipped("resources", "resources")


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
    path = _shipped("samples", "projects") / SAMPLE_NAME
    return path if path.is_file() else None
