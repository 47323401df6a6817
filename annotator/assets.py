"""Where the files of ``resources/`` are: ``annotator/resources`` when installed (pyproject maps
the folder there), else the folder beside the package in a checkout.

The folders are found beside this file rather than through ``importlib.resources``: without an
``__init__.py`` they are namespace packages, whose ``files()`` is a MultiplexedPath that is
no file system path (its ``str`` is its repr), so an installed wheel found nothing.
"""

from __future__ import annotations

import json
import os
import shutil
from functools import cache
from pathlib import Path

import platformdirs


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


def documents_dir() -> Path:
    """Where the app puts files it makes for the user: $ANNOTATOR_DOCUMENTS_DIR (tests,
    portable setups), else an Annotator folder in the user's documents folder."""
    base = os.environ.get("ANNOTATOR_DOCUMENTS_DIR")
    return Path(base) if base else Path(platformdirs.user_documents_dir()) / "Annotator"


def sample_copy() -> Path | None:
    """The sample project to open: the user's own copy in ``documents_dir()``, made from the
    shipped one the first time. The shipped file is never opened, so no save writes into the
    installation (often read-only, and replaced by every upgrade). A copy that exists is the
    user's work on the sample and is opened as it is. Raises OSError when no copy can be made."""
    shipped = sample_project()
    if shipped is None:
        return None
    copy = documents_dir() / SAMPLE_NAME
    if not copy.exists():
        copy.parent.mkdir(parents=True, exist_ok=True)
        partial = copy.with_name(copy.name + ".part")
        shutil.copyfile(shipped, partial)
        os.replace(partial, copy)  # never a half-copied sample under the real name
    return copy
