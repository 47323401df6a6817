"""Recovery files: unsaved work written aside a few seconds after each change, so a crash
or a kill loses at most those seconds. Qt-free; the window decides when to write.

A recovery file is a small envelope around an ordinary project::

    {"recovery_of": "/path/to/project.json" or null, "saved_at": "...", "project": {...}}

It lives in the user's data folder (platformdirs), is written atomically, and is removed
when the work is saved or deliberately discarded.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs

from .errors import FileProblemError
from .model import Project, now
from .storage import dump_bytes, parse_project, write_atomic


def recovery_folder() -> Path:
    """Where recovery files go: $ANNOTATOR_DATA_DIR (tests, portable setups) or the platform's."""
    base = os.environ.get("ANNOTATOR_DATA_DIR") or platformdirs.user_data_dir("Annotator", "annotator")
    return Path(base) / "recovery"


def recovery_file(key: str) -> Path:
    """One file per open project: ``key`` is its path, or a session id while it has none."""
    return recovery_folder() / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:24] + ".recovery.json")


def write_recovery(path: Path, project: Project, recovery_of: Path | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = '{"recovery_of": ' + json.dumps(None if recovery_of is None else str(recovery_of)) + ', "saved_at": ' + json.dumps(now().isoformat())
    write_atomic(path, (head + ', "project": ').encode("utf-8") + dump_bytes(project) + b"}\n")


@dataclass
class Recovery:
    path: Path
    recovery_of: Path | None
    saved_at: datetime | None
    project: Project


def find_recoveries() -> tuple[list[Recovery], list[tuple[Path, str]]]:
    """Readable recovery files, newest first, and the unreadable ones with the reason."""
    found, broken = [], []
    folder = recovery_folder()
    for path in sorted(folder.glob("*.recovery.json")) if folder.is_dir() else []:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            project = parse_project(json.dumps(raw["project"]).encode("utf-8"), path)
            saved = datetime.fromisoformat(raw["saved_at"]) if isinstance(raw.get("saved_at"), str) else None
            original = Path(raw["recovery_of"]) if isinstance(raw.get("recovery_of"), str) else None
        except (OSError, ValueError, KeyError, TypeError, FileProblemError) as exc:
            broken.append((path, str(exc)))
            continue
        found.append(Recovery(path, original, saved, project))
    found.sort(key=lambda r: r.saved_at.timestamp() if r.saved_at else 0, reverse=True)
    return found, broken


def remove_recovery(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
