"""Reading and writing project files: validated loads, deterministic and atomic saves."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .bulk import gc_paused, give_back_free_memory
from .errors import AlreadyExistsError, FileProblemError, Problem, ReadOnlyError, SaveError, read_untrusted
from .fast_load import parse_current
from .integrity import project_problems
from .model import NO_NUL, NO_SURROGATES, RATING_NAMES, SCHEMA_VERSION, Annotation, Project, default_rating_scale, in_position_order, sort_by_position, uuid_problem

MAX_PROJECT_BYTES = 512 * 1024 * 1024
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF]")
"""A JSON escape of a UTF-16 surrogate: the only way lone surrogates get into parsed JSON."""



def _v1_to_v2(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 2 added review data: comments on annotations, review records, review history.

    Only well-formed parts are touched; validation reports anything else afterwards.
    """
    if isinstance(raw.get("metadata"), dict):
        raw["metadata"].setdefault("reviews", [])
    for doc in _dicts(raw.get("documents")):
        doc.setdefault("review", [])
        for ann in _dicts(doc.get("annotations")):
            ann.setdefault("comments", [])
    return raw


def _dicts(value: Any) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _v2_to_v3(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 3 added a verdict and a rating to claims (for ClaimReview); none were given before."""
    for doc in _dicts(raw.get("documents")):
        for ann in _dicts(doc.get("annotations")):
            ann.setdefault("verdict", "")
            ann.setdefault("rating", None)
    return raw


def _v3_to_v4(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 4 added an article's outlet, byline and publication date."""
    for doc in _dicts(raw.get("documents")):
        for key in ("outlet", "byline", "published"):
            doc.setdefault(key, "")
    return raw


def _v4_to_v5(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 5 added the orphans of an article update."""
    for doc in _dicts(raw.get("documents")):
        doc.setdefault("orphans", [])
    return raw


def _v5_to_v6(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 6 records who changed an annotation last. Older files did not, so it is left
    empty ("not recorded") rather than guessed from the author."""
    for doc in _dicts(raw.get("documents")):
        for ann in _dicts(doc.get("annotations")) + _dicts(doc.get("orphans")):
            ann.setdefault("modified_by", "")
        for record in _dicts(doc.get("review")):
            for snap in [record.get("mine"), record.get("theirs"), *_dicts(record.get("result"))]:
                if isinstance(snap, dict):
                    snap.setdefault("modified_by", "")
    return raw


def _v6_to_v7(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 7 added the publishing details of ClaimReview exports (the organisation and the
    fact-check page). Older files had none: they load empty, and such an export says so."""
    if isinstance(raw.get("metadata"), dict):
        raw["metadata"].setdefault("publisher", {"organization": "", "organization_url": "", "page_url": ""})
    return raw


def _v7_to_v8(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 8 added each article's status and assignee (workspaces). Older files had
    neither: their articles load as new and assigned to nobody."""
    for doc in _dicts(raw.get("documents")):
        doc.setdefault("status", "new")
        doc.setdefault("assignee", "")
    return raw


def _v8_to_v9(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 9 keeps the suggestions each article's annotators rejected. Older files had
    none: everything is offered again."""
    for doc in _dicts(raw.get("documents")):
        doc.setdefault("rejected_suggestions", [])
    return raw


def _v9_to_v10(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 10 linked annotations to each other and to outside evidence, gave claims a
    reasoning and quotes a speaker, each article a verdict and summary, and replaced the
    fixed 1–5 rating by the project's own rating scale.

    Nothing is lost: a rating without a verdict becomes the verdict of its old name
    ("Mostly false"); a verdict with a rating keeps its word; and the scale gets a level of that
    name and number where it has none, placed by its number (truest first, above Unverifiable).
    Where a rating does not fit (its name is already a level with another number, or the name
    is too long for a level and stays an off-scale verdict), the claim's reasoning says what it was.
    """
    scale = [{"name": level.name, "value": level.value} for level in default_rating_scale()]
    by_name = {level["name"].casefold(): level for level in scale}
    for doc in _dicts(raw.get("documents")):
        doc.setdefault("verdict", "")
        doc.setdefault("summary", "")
        for ann in _dicts(doc.get("annotations")) + _dicts(doc.get("orphans")):
            rating = ann.pop("rating", None)
            ann.setdefault("reasoning", "")
            ann.setdefault("speaker", "")
            ann.setdefault("links", [])
            ann.setdefault("evidence", [])
            if not isinstance(rating, int) or isinstance(rating, bool) or rating not in RATING_NAMES:
                if rating is not None:  # not a rating the old schema allowed: validation names it
                    ann["rating"] = rating
                continue
            verdict = ann.get("verdict") if isinstance(ann.get("verdict"), str) else ""
            name = verdict.strip() or RATING_NAMES[rating]
            if not verdict.strip():
                ann["verdict"] = name
            level = by_name.get(name.casefold())
            if level is None and len(name) <= 80:  # a level's name has at most 80 characters
                level = by_name[name.casefold()] = {"name": name, "value": rating}
                below = next((i for i, other in enumerate(scale) if other["value"] is None or other["value"] < rating), len(scale))
                scale.insert(below, level)
            elif (level is None or level["value"] != rating) and isinstance(ann.get("reasoning"), str):
                # a name with another number, or too long for a level (kept as the verdict, off the scale)
                said = f"(Rated {rating} of 5, {RATING_NAMES[rating]}, before the project had its own rating scale.)"
                ann["reasoning"] = f"{ann['reasoning']}\n\n{said}".strip()
    if isinstance(raw.get("metadata"), dict):
        raw["metadata"].setdefault("rating_scale", scale)
    return raw


# Upgrades from schema version N to N + 1, applied in turn to the raw JSON before validation.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5, 5: _v5_to_v6, 6: _v6_to_v7, 7: _v7_to_v8, 8: _v8_to_v9, 9: _v9_to_v10,
}


def dumps(project: Project) -> str:
    """The file's text (see ``dump_bytes``)."""
    return dump_bytes(project).decode("utf-8")


def dump_bytes(project: Project) -> bytes:
    """The file's UTF-8 bytes: fields in model order, annotations by position, indented, UTF-8 as is.

    The same project always gives the same text, so repeated saves are byte-identical and
    git diffs show only what changed. pydantic writes it in one call in Rust: five times
    quicker than ``json.dumps`` with an indent, which falls back to pure Python.
    """
    if not all(in_position_order(doc.annotations) for doc in project.documents):
        ordered = [doc.model_copy(update={"annotations": sorted(doc.annotations, key=Annotation.sort_key)}) for doc in project.documents]
        project = project.model_copy(update={"documents": ordered})
    return project.__pydantic_serializer__.to_json(project, indent=2) + b"\n"


def save_project(project: Project, path: Path | str, *, exclusive: bool = False, replace_read_only: bool = False) -> None:
    """Write atomically: a temp file beside the file, flushed and fsynced, then os.replace.

    A crash at any moment leaves either the old file or the new one, never a truncated mix.
    The version replaced is kept as NAME.bak. A symbolic link is written through, as editors
    do: the link stays a link, its target gets the new bytes, and the backup is a real file
    beside the target (TARGET.bak). ``exclusive`` only makes a new file, never replacing one,
    even one that appears meanwhile (AlreadyExistsError). A read-only file is replaced only
    with ``replace_read_only`` (else ReadOnlyError) and stays read-only. A project larger
    than annotator opens is refused. Every SaveError names ``path``; nothing in ``project``
    changes either way.
    """
    path = Path(path)
    if not (exclusive or replace_read_only):
        refuse_read_only(path)
    payload = _checked_payload(project, path)
    with _named(path):
        target = path if exclusive else _through_links(path)
        remove_stale_temps(target)
        if not exclusive:
            _keep_backup_of(target, path)
        _write(target, payload, exclusive=exclusive)


def _checked_payload(project: Project, path: Path) -> bytes:
    """The file's bytes, refused when over the size annotator opens: whatever it writes, it opens."""
    try:
        payload = dump_bytes(project)
    except (ValueError, TypeError) as exc:  # pragma: no cover - models validate their strings
        raise SaveError(f"Could not save {path}: the project cannot be written as JSON: {exc}") from exc
    limit = MAX_PROJECT_BYTES  # read now, as load_project does, so both always agree
    if len(payload) > limit:
        raise SaveError(
            f"Could not save {path}: the project would be {len(payload):,} bytes, over the {limit:,}-byte limit "
            "that annotator can open. Nothing was written; split the project into smaller ones (fewer documents each)."
        )
    return payload


def _keep_backup_of(target: Path, path: Path) -> None:
    """keep_backup, its failure told as a failure to save ``path`` (the file the user chose)."""
    try:
        keep_backup(target)
    except OSError as exc:
        raise SaveError(
            f"Could not save {path}: keeping the version before as {backup_path(target)} failed: {_reason(exc)}. "
            "Nothing was saved; your work is still open."
        ) from exc


_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


def is_read_only(path: Path | str) -> bool:
    """Whether ``path`` is an existing file marked read-only (no write bit) or not writable by
    this user. A save would still replace it (the folder decides that), so the GUI asks first.
    The mode is checked as well because for root os.access always says writable."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not mode & _WRITE_BITS or not os.access(path, os.W_OK)


def refuse_read_only(path: Path | str) -> None:
    """Raise ReadOnlyError naming ``path`` when it is read-only (see is_read_only)."""
    if is_read_only(path):
        raise ReadOnlyError(f"{path} is read-only, so it was not replaced and nothing was saved. Make it writable, or save under another name.")


BACKUP_SUFFIX = ".bak"


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def keep_backup(path: Path) -> None:
    """Keep the file about to be replaced as NAME.bak (one generation), atomically.

    A hard link makes the old file also the backup without copying it; where links are not
    possible (some network or FAT drives) it is copied. Raises OSError.
    """
    if not path.exists():
        return
    if not stat.S_ISREG(os.stat(path).st_mode):  # a device or a pipe put where the project was
        raise OSError(errno.EINVAL, "it is not a regular file", str(path))
    backup = backup_path(path)
    tmp = backup.with_name(f".{backup.name}.{os.getpid()}.tmp")
    try:
        os.link(path, tmp)
    except OSError:
        _write(backup, path.read_bytes(), mode=_mode_of(path))
        return
    try:
        with _writing(tmp):
            os.replace(tmp, backup)
    finally:
        _remove_quietly(tmp)


def write_atomic(path: Path, payload: bytes, *, exclusive: bool = False) -> None:
    """Replace ``path`` with ``payload`` so that readers see the old or the new bytes only.

    A symbolic link is written through. ``exclusive`` only makes a new file (see
    save_project). Raises SaveError naming ``path``.
    """
    path = Path(path)
    with _named(path):
        target = path if exclusive else _through_links(path)
        remove_stale_temps(target)
        _write(target, payload, exclusive=exclusive)


@contextmanager
def _named(path: Path) -> Iterator[None]:
    """Turn an OSError into a SaveError naming the file the user asked to save."""
    try:
        yield
    except OSError as exc:
        raise SaveError(f"Could not save {path}: {_reason(exc)}. Your work is still open; try another folder.") from exc


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _through_links(path: Path) -> Path:
    """The file a symbolic link leads to, so that a save writes there and the link stays."""
    if not path.is_symlink():
        return path
    target = Path(os.path.realpath(path))
    if target.is_symlink():  # the links go round in a circle
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))
    return target


def _write(path: Path, payload: bytes, *, exclusive: bool = False, mode: int | None = None) -> None:
    """A temp file beside ``path``, fsynced, then renamed over ``path`` (``exclusive``: linked to
    it, so that it is never replaced), then the folder fsynced. Raises OSError."""
    folder = path.parent if str(path.parent) else Path(".")
    if mode is None:
        mode = _new_file_mode() if exclusive else _mode_of(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    handle = os.fdopen(fd, "wb")
    try:
        with _writing(tmp):
            with handle:  # closed before the rename, which Windows needs
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            # mkstemp makes the file private (0600): keep the mode of the file replaced, else
            # the mode any new file gets here, so colleagues on a shared folder can read it.
            os.chmod(tmp, mode)
            if exclusive:
                _publish_new(tmp, path, payload)
            else:
                os.replace(tmp, path)
    except BaseException:
        handle.close()
        _remove_quietly(tmp)
        raise
    _fsync_folder(folder)


def _publish_new(tmp: str, path: Path, payload: bytes) -> None:
    """Give the written temp file the name ``path`` only if no file has it.

    os.link refuses an existing name atomically: no gap between checking and writing in which
    another program's file could appear and be replaced. Where hard links are impossible, the
    file is made with O_EXCL and written in place.
    """
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise AlreadyExistsError(_exists_message(path)) from None
    except OSError:
        _write_new(path, payload)
    os.unlink(tmp)


def _write_new(path: Path, payload: bytes) -> None:
    """Make ``path`` (O_EXCL: only if no file has the name) and write ``payload`` into it."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o666)
    except FileExistsError:
        raise AlreadyExistsError(_exists_message(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        _remove_quietly(path)  # ours: O_EXCL made it just now
        raise


def _exists_message(path: Path) -> str:
    return f"{path} exists; this save only makes new files, so nothing was written and that file is untouched. Choose another name."


def _mode_of(path: Path) -> int:
    """The permissions of the file to be replaced, or those a new file gets here."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return _new_file_mode()


def _new_file_mode() -> int:
    return 0o666 & ~_umask()


def _remove_quietly(path: str | Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


STALE_AFTER = 10 * 60.0
"""Seconds after which a temp file is taken for one a killed save left behind."""

_IN_PROGRESS: set[tuple[int, int]] = set()
"""(device, inode) of the temp files this process is writing now: never stale."""


@contextmanager
def _writing(tmp: str | Path) -> Iterator[None]:
    """Mark a temp file as being written by this process while the block runs."""
    info = os.lstat(tmp)
    key = (info.st_dev, info.st_ino)
    _IN_PROGRESS.add(key)
    try:
        yield
    finally:
        _IN_PROGRESS.discard(key)


def remove_stale_temps(path: Path | str) -> list[Path]:
    """Delete the temp files that killed saves of ``path`` left beside it (or beside its target):
    each save does, and opening a project should, so they don't pile up in the folder or git.

    Only names our saves make (``.NAME.`` + 8 random characters + ``.tmp``, the same for
    NAME.bak, and ``.NAME.bak.PID.tmp``), only regular files, and only ones untouched for
    STALE_AFTER seconds or whose writing process is gone; never one this process is writing.
    Best effort: returns what was removed, never raises.
    """
    try:
        target = _through_links(Path(path))
        folder = target.parent if str(target.parent) else Path(".")
        entries = list(os.scandir(folder))
    except OSError:
        return []
    pattern = _temp_names(target.name)
    removed = []
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match and _is_stale(entry.path, match["pid"]):
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            removed.append(Path(entry.path))
    return removed


def _temp_names(name: str) -> re.Pattern[str]:
    """The temp files saves of ``name`` make: mkstemp's (project and backup copy), the backup link's."""
    quoted = re.escape(name)
    return re.compile(rf"\.{quoted}(?:\.bak)?\.[a-z0-9_]{{8}}\.tmp|\.{quoted}\.bak\.(?P<pid>[0-9]+)\.tmp")


def _is_stale(path: str, pid: str | None) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) in _IN_PROGRESS:
        return False
    if time.time() - info.st_mtime > STALE_AFTER:
        return True
    return pid is not None and int(pid) != os.getpid() and not _running(int(pid))


def _running(pid: int) -> bool:
    """Whether process ``pid`` runs (True when that cannot be told)."""
    if os.name == "nt" or pid <= 0:  # Windows' os.kill(pid, 0) would stop the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # e.g. another user's process
        return True
    return True


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows opening a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def load_project(path: Path | str) -> Project:
    """Read, migrate and validate a project; FileProblemError lists every problem found."""
    path = Path(path)
    return parse_project(read_untrusted(path, MAX_PROJECT_BYTES), path)


def parse_project(data: bytes, path: Path | str = "<project>") -> Project:
    """Validate the bytes of a project file; ``path`` only names it in error messages.

    A current, well-formed file takes the quick path (``fast_load``); everything else, and
    every file with a problem, the careful one, which reports each problem precisely.
    """
    project = parse_current(data)
    if project is None:
        project = _parse_carefully(data, path)
    problems = project_problems(project)
    if problems:
        raise FileProblemError(path, problems)
    for doc in project.documents:
        sort_by_position(doc.annotations)
    if len(data) > BIG_FILE:
        give_back_free_memory()
    return project


BIG_FILE = 32 << 20
"""Bytes from which a load hands its freed working memory back to the system: below that it
is little memory, and trimming a large heap costs tens of milliseconds."""


def _parse_carefully(data: bytes, path: Path | str) -> Project:
    """Decode, parse with a check for repeated keys, migrate, validate: names every problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblemError(path, f"not UTF-8: byte {exc.start} is invalid") from None
    # The collector is paused from parsing onwards: the hundreds of thousands of objects a
    # large project makes all stay alive, so each collector pass over them would be wasted.
    with gc_paused():
        try:
            raw = json.loads(text, object_pairs_hook=_no_duplicate_keys)
        except json.JSONDecodeError as exc:
            raise FileProblemError(path, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
        except _DuplicateKey as exc:
            raise FileProblemError(path, f"not a valid project: the key {exc.args[0]!r} appears twice in one object") from None
        except RecursionError:
            raise FileProblemError(path, "not a valid project: the JSON is nested too deeply") from None
        except ValueError as exc:  # e.g. an integer with thousands of digits
            raise FileProblemError(path, f"not a valid project: {exc}") from None
        if not isinstance(raw, dict):
            raise FileProblemError(path, "not an annotator project: the file holds a JSON " + type(raw).__name__ + ", not an object")
        raw = migrate(raw, path)
        try:
            project = Project.model_validate(raw, context={NO_SURROGATES: not _SURROGATE_ESCAPE.search(data), NO_NUL: b"\\u0000" not in data})
        except ValidationError as exc:
            raise FileProblemError(path, _validation_problems(exc, raw)) from None
        del raw
    return project


class _DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON objects as dicts, refusing a repeated key (json would silently keep the last)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def migrate(raw: dict[str, Any], path: Path | str) -> dict[str, Any]:
    """Bring an older file up to SCHEMA_VERSION; refuse a newer one with a clear message."""
    version = raw.get("schema_version")
    if version is None:
        raise FileProblemError(path, "not an annotator project: it has no schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FileProblemError(path, [Problem("schema_version", f"must be a whole number from 1, not {version!r}")])
    if version > SCHEMA_VERSION:
        raise FileProblemError(
            path,
            f"this project was saved by a newer annotator (schema version {version}); this version reads "
            f"schema versions up to {SCHEMA_VERSION}. Update annotator to open it.",
        )
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
        raw["schema_version"] = version
    return raw


def _validation_problems(exc: ValidationError, raw: Any) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        problems.append(Problem(_where(loc, raw), _message(error)))
    return problems


def _where(loc: tuple, raw: Any) -> str:
    """``documents[0].annotations[3] (id …).start``: the JSON path, with the annotation's id."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int):
            parts[-1] = f"{parts[-1]}[{key}]" if parts else f"[{key}]"
        else:
            parts.append(str(key))
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(key, int) and isinstance(node, dict) and isinstance(node.get("id"), str) and "annotations" in parts[-1]:
            parts[-1] += f" (id {node['id']})"
    return ".".join(parts)


def _message(error: dict) -> str:
    if error["type"] in ("missing", "missing_keyword_argument"):  # a model's / a record's wording
        return "is missing"
    if error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        return "is not a field of the project format"
    if error["type"] == "string_pattern_mismatch" and error["loc"][-1] == "id":
        return uuid_problem(error.get("input"))
    value = error.get("input")
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    if len(shown) > 60:
        shown = shown[:59] + "…"
    return f"{error['msg']} (got {shown})"
