"""Saves that must not lose or hide anything: symlinks, files appearing meanwhile, files the
tool could not open again, stale temporary files, read-only files."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time

import pytest

import annotator.core.storage as storage
from annotator import cli, transfer
from annotator.core.errors import ReadOnlyError, SaveError
from annotator.core.model import Tag
from annotator.core.storage import dump_bytes, is_read_only, load_project, remove_stale_temps, save_project

from .factories import project

TEXT = "Emoji 😀 first, then 中文 and שלום.\nSecond line."
OLD = project(TEXT, [(0, 5, Tag.CLAIM)])
NEW = project(TEXT, [(0, 5, Tag.CLAIM), (6, 7, Tag.QUOTE)])


def names(folder):
    return sorted(os.listdir(folder))


# 1. Symlinks


def test_saving_through_a_symlink_writes_to_its_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "work" / "p.json"
    real.parent.mkdir()
    save_project(OLD, real)
    old = real.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(os.path.join("work", "p.json"))  # relative, as git checks links out

    save_project(NEW, link)

    assert link.is_symlink() and os.readlink(link) == os.path.join("work", "p.json")
    assert real.read_bytes() == dump_bytes(NEW)
    backup = real.parent / "p.json.bak"
    assert backup.read_bytes() == old and not backup.is_symlink()
    assert names(real.parent) == ["p.json", "p.json.bak"]
    assert names(tmp_path) == ["link.json", "work"]  # no backup or temp beside the link


# 2. Importing never replaces a file that appeared meanwhile


def doccano_source(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Ann said it.", "label": [[4, 8, "claim"]]}\n', encoding="utf-8")
    return source


def test_import_does_not_replace_a_file_created_during_the_import(tmp_path, monkeypatch, capsys):
    source, out = doccano_source(tmp_path), tmp_path / "out.json"
    theirs = b"someone else's work\n"
    real_read = transfer.read_import

    def slow_read(*args):
        out.write_bytes(theirs)  # another program saves there while the import works
        return real_read(*args)

    monkeypatch.setattr(transfer, "read_import", slow_read)
    assert cli.main(["import", "-f", "doccano", str(source), "-o", str(out)]) == 1
    assert out.read_bytes() == theirs
    assert names(tmp_path) == ["in.jsonl", "out.json"]  # no .bak, no temp file
    err = capsys.readouterr().err
    assert f"{out} exists; importing never overwrites a file" in err


@pytest.mark.parametrize("links", [True, False])
def test_an_exclusive_save_writes_new_files_only(tmp_path, monkeypatch, links):
    if not links:  # a drive without hard links: the O_EXCL way
        def no_links(*_args, **_kwargs):
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "new.json"
    save_project(OLD, path, exclusive=True)
    assert path.read_bytes() == dump_bytes(OLD)
    with pytest.raises(SaveError, match="new.json exists"):
        save_project(NEW, path, exclusive=True)
    assert path.read_bytes() == dump_bytes(OLD)
    assert names(tmp_path) == ["new.json"]


# 3. Nothing is written that the tool would refuse to open


def test_a_project_over_the_open_limit_is_not_written(tmp_path, monkeypatch):
    path = tmp_path / "p.json"
    save_project(OLD, path)
    save_project(OLD, path)
    before, backup = path.read_bytes(), (tmp_path / "p.json.bak").read_bytes()
    size = len(dump_bytes(NEW))
    monkeypatch.setattr(storage, "MAX_PROJECT_BYTES", size - 1)

    with pytest.raises(SaveError) as info:
        save_project(NEW, path)

    message = str(info.value)
    assert str(path) in message and f"would be {size:,} bytes, over the {size - 1:,}-byte limit" in message
    assert "nothing was written" in message.lower() and "split" in message
    assert path.read_bytes() == before and (tmp_path / "p.json.bak").read_bytes() == backup
    assert names(tmp_path) == ["p.json", "p.json.bak"]


def test_a_project_at_the_limit_saves_and_opens_again(tmp_path, monkeypatch):
    path = tmp_path / "p.json"
    monkeypatch.setattr(storage, "MAX_PROJECT_BYTES", len(dump_bytes(NEW)))
    save_project(NEW, path)
    assert dump_bytes(load_project(path)) == dump_bytes(NEW)


def test_an_import_too_big_to_open_writes_nothing(tmp_path, monkeypatch, capsys):
    source, out = doccano_source(tmp_path), tmp_path / "out.json"
    monkeypatch.setattr(storage, "MAX_PROJECT_BYTES", 200)
    assert cli.main(["import", "-f", "doccano", str(source), "-o", str(out)]) == 1
    assert "over the 200-byte limit" in capsys.readouterr().err
    assert names(tmp_path) == ["in.jsonl"]


# 4. Stale temporary files


def dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_save_removes_its_own_stale_temps_and_nothing_else(tmp_path):
    path = tmp_path / "p.json"
    save_project(OLD, path)
    hour_ago = time.time() - 3600
    stale = [".p.json.abcd_123.tmp", ".p.json.bak.4242.tmp", ".p.json.bak.x1y2z3w4.tmp"]
    fresh_but_dead = [f".p.json.bak.{dead_pid()}.tmp"]
    kept_old = [
        ".q.json.abcd_123.tmp",  # another project's
        ".p.json.abcd_1234.tmp", ".p.json.abc.tmp", ".p.json.ABCD_123.tmp", "p.json.abcd_123.tmp",
        ".p.json.abcd_123.tmp.keep", ".p.jsonXabcd_123.tmp", ".hidden", "notes.txt",
    ]
    kept_fresh = [".p.json.fresh123.tmp", f".p.json.bak.{os.getpid()}.tmp", f".p.json.bak.{os.getppid()}.tmp"]
    for name in stale + kept_old:
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (hour_ago, hour_ago))
    for name in fresh_but_dead + kept_fresh:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / ".p.json.zzzz_999.tmp").mkdir()  # not a file: not ours
    os.utime(tmp_path / ".p.json.zzzz_999.tmp", (hour_ago, hour_ago))

    save_project(NEW, path)

    assert names(tmp_path) == sorted(["p.json", "p.json.bak", ".p.json.zzzz_999.tmp", *kept_old, *kept_fresh])


def test_remove_stale_temps_follows_a_link_and_spares_a_save_in_progress(tmp_path, monkeypatch):
    real = tmp_path / "p.json"
    save_project(OLD, real)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    stale = tmp_path / ".p.json.abcd_123.tmp"
    stale.write_bytes(b"x")
    os.utime(stale, (0, 0))
    remove_stale_temps(link)
    assert not stale.exists()

    monkeypatch.setattr(storage, "STALE_AFTER", -1.0)  # every temp counts as stale
    seen = []
    real_fsync = os.fsync

    def fsync_and_clean(fd):  # another save (or an opening) cleans up while this one writes
        real_fsync(fd)
        temps = [name for name in os.listdir(tmp_path) if name.startswith(".p.json.") and name.endswith(".tmp")]
        remove_stale_temps(real)
        seen.append([name for name in temps if (tmp_path / name).exists()] == temps and temps)

    monkeypatch.setattr(os, "fsync", fsync_and_clean)
    save_project(NEW, real)
    assert seen and seen[0]
    assert real.read_bytes() == dump_bytes(NEW)


# 5. Read-only files and which file an error names


def test_a_read_only_project_is_replaced_only_when_asked(tmp_path):
    path = tmp_path / "p.json"
    assert not is_read_only(path)
    save_project(OLD, path)
    assert not is_read_only(path)
    path.chmod(0o444)
    assert is_read_only(path)

    with pytest.raises(ReadOnlyError, match="read-only") as info:
        save_project(NEW, path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == dump_bytes(OLD) and names(tmp_path) == ["p.json"]

    save_project(NEW, path, replace_read_only=True)
    assert path.read_bytes() == dump_bytes(NEW)
    assert path.stat().st_mode & 0o777 == 0o444
    assert (tmp_path / "p.json.bak").read_bytes() == dump_bytes(OLD)


def test_export_refuses_a_read_only_target(tmp_path, capsys):
    source, out = tmp_path / "p.json", tmp_path / "out.csv"
    save_project(OLD, source)
    out.write_bytes(b"kept\n")
    out.chmod(0o444)
    assert cli.main(["export", "-f", "csv", str(source), "-o", str(out)]) == 1
    assert f"{out} is read-only" in capsys.readouterr().err
    assert out.read_bytes() == b"kept\n"


def test_a_failed_backup_names_the_project_not_the_backup(tmp_path, monkeypatch):
    path = tmp_path / "p.json"
    save_project(OLD, path)
    (tmp_path / "p.json.bak").mkdir()  # the backup cannot be replaced

    def no_links(*_args, **_kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)  # so the backup is copied
    with pytest.raises(SaveError) as info:
        save_project(NEW, path)
    assert str(info.value).startswith(f"Could not save {path}: ")
    assert path.read_bytes() == dump_bytes(OLD)
    assert names(tmp_path) == ["p.json", "p.json.bak"]
