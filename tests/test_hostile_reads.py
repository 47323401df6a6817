"""Hostile inputs that attack the reading itself (issue 13): special files that never end or
never answer, recovery files that crash the parser, archives and pages that explode once
opened, and a UTF-8 article with one bad byte. Every risky read runs in a child process with
a memory ceiling and a timeout, so a regression fails the test instead of hanging it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from annotator.core.article import MAX_ARTICLE_BYTES, read_article
from annotator.core.errors import FileProblemError, read_untrusted

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "projects" / "russian-bombers-iran.annotator.json"
MEMORY_CEILING = 1536 * 1024 * 1024
TIMEOUT = 10

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs /dev/zero and named pipes")


def _ceiling() -> None:  # runs in the child, before it starts
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING, MEMORY_CEILING))


def child(args: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``python ARGS`` with at most 1.5 GB of memory; a hang fails after TIMEOUT seconds."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=TIMEOUT, preexec_fn=_ceiling)


def child_code(code: str) -> subprocess.CompletedProcess[str]:
    return child(["-c", textwrap.dedent(code)])


READ = """
    import sys
    from pathlib import Path
    from annotator.core.errors import FileProblemError
    from annotator.core.article import read_article
    from annotator.core.storage import load_project
    reader = {"article": read_article, "project": load_project}[sys.argv[1]]
    try:
        reader(Path(sys.argv[2]))
    except FileProblemError as exc:
        print("REFUSED", exc)
    else:
        print("READ")
"""


def read_in_child(kind: str, path: Path) -> str:
    result = child(["-c", textwrap.dedent(READ), kind, str(path)])
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


# -- 1. special files


@posix_only
@pytest.mark.parametrize("kind", ["article", "project"])
def test_a_link_to_dev_zero_is_refused_not_read_until_memory_runs_out(tmp_path, kind):
    link = tmp_path / ("zero.txt" if kind == "article" else "zero.annotator.json")
    link.symlink_to("/dev/zero")
    out = read_in_child(kind, link)
    assert out.startswith("REFUSED") and "not a regular file (a device)" in out and str(link) in out


@posix_only
@pytest.mark.parametrize("kind", ["article", "project"])
def test_a_named_pipe_is_refused_not_waited_on(tmp_path, kind):
    pipe = tmp_path / ("pipe.txt" if kind == "article" else "pipe.annotator.json")
    os.mkfifo(pipe)
    out = read_in_child(kind, pipe)
    assert out.startswith("REFUSED") and "not a regular file (a named pipe)" in out and str(pipe) in out


def test_a_folder_is_refused_by_name(tmp_path):
    with pytest.raises(FileProblemError, match=r"not a regular file \(a folder\)") as info:
        read_untrusted(tmp_path, 100)
    assert str(tmp_path) in str(info.value)


@posix_only
@pytest.mark.parametrize("command", [["validate"], ["stats"], ["export", "--format", "csv"]])
def test_the_command_line_refuses_special_files(tmp_path, command):
    link = tmp_path / "zero.annotator.json"
    link.symlink_to("/dev/zero")
    pipe = tmp_path / "pipe.annotator.json"
    os.mkfifo(pipe)
    for path, kind in ((link, "a device"), (pipe, "a named pipe")):
        result = child(["-m", "annotator", *command, str(path)])
        assert result.returncode == 1 and f"not a regular file ({kind})" in result.stderr, result.stderr[-2000:]


@posix_only
def test_a_brat_import_refuses_a_special_txt(tmp_path):
    ann = tmp_path / "a.ann"
    ann.write_text("T1\tclaim 0 3\tAnn\n", encoding="utf-8")
    (tmp_path / "a.txt").symlink_to("/dev/zero")
    result = child(["-m", "annotator", "import", "--format", "brat", str(ann), "-o", str(tmp_path / "p.json")])
    assert result.returncode == 1 and "not a regular file (a device)" in result.stderr, result.stderr[-2000:]
    assert not (tmp_path / "p.json").exists()


def test_a_file_is_read_whole_and_a_file_over_the_limit_refused(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 1000)
    assert read_untrusted(path, 1000) == b"x" * 1000
    with pytest.raises(FileProblemError, match="1,000 bytes; files up to 999 bytes"):
        read_untrusted(path, 999)


# -- 3. bombs

W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _blank_docx_but_the_text(z: zipfile.ZipFile) -> None:
    """Every part of python-docx's blank document except word/document.xml, into ``z``."""
    import io

    import docx

    blank = io.BytesIO()
    docx.Document().save(blank)
    with zipfile.ZipFile(blank) as template:
        for info in template.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info.filename, template.read(info))


def _docx(path: Path, paragraphs_mb: int) -> Path:
    """A real .docx whose document.xml holds ``paragraphs_mb`` MB of ordinary paragraphs,
    packed into a few hundred KB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        _blank_docx_but_the_text(z)
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document ' + W + b"><w:body>")
            paragraph = b"<w:p><w:r><w:t>" + b"The minister said the bombers had landed. " * 20 + b"</w:t></w:r></w:p>"
            chunk = paragraph * ((1 << 20) // len(paragraph) + 1)
            for _ in range(paragraphs_mb):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return path


def test_a_docx_that_unpacks_past_the_limit_is_refused_from_its_declared_sizes(tmp_path):
    bomb = _docx(tmp_path / "bomb.docx", MAX_ARTICLE_BYTES // (1 << 20) + 4)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    result = child(["-c", textwrap.dedent(READ), "article", str(bomb)])
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("REFUSED") and "would unpack to" in result.stdout and "bomb.docx" in result.stdout


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="measures memory through /proc")
def test_a_docx_part_that_lies_about_its_size_is_never_unpacked_whole(tmp_path):
    """The central directory says 1,000 bytes; the part really unpacks to 400 MB of zeros."""
    path = tmp_path / "liar.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        _blank_docx_but_the_text(z)
        with z.open("word/document.xml", "w") as member:
            chunk = bytes(1 << 20)
            for _ in range(400):
                member.write(chunk)
    data = bytearray(path.read_bytes())
    entry = data.rindex(b"PK\x01\x02")  # the central directory's entry of the last part
    assert data[entry + 46:entry + 46 + 17] == b"word/document.xml"
    data[entry + 24:entry + 28] = (1000).to_bytes(4, "little")  # uncompressed size
    path.write_bytes(bytes(data))
    # VmHWM: this process's peak resident memory (ru_maxrss would count pytest's, from before exec)
    peak = "[line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:')][0]"
    code = READ.replace('print("REFUSED", exc)', f'print("REFUSED", exc, {peak})')
    result = child(["-c", textwrap.dedent(code), "article", str(path)])
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("REFUSED") and "liar.docx" in result.stdout and "CRC" in result.stdout
    peak_kb = int(result.stdout.split()[-1])
    assert peak_kb < 300 * 1024, f"{peak_kb // 1024} MB used to refuse it"


def test_a_docx_under_the_limits_still_opens(tmp_path):
    doc = read_article(_docx(tmp_path / "fine.docx", 1))
    assert doc.text.startswith("The minister said")


def test_an_article_whose_text_is_over_the_limit_is_refused(tmp_path, monkeypatch):
    import annotator.core.article as article_module

    monkeypatch.setattr(article_module, "MAX_ARTICLE_CHARS", 1000)
    path = _docx(tmp_path / "long.docx", 1)
    with pytest.raises(FileProblemError, match=r"the article's text is [\d,]+ characters; articles up to 1,000 characters") as info:
        read_article(path)
    assert "long.docx" in str(info.value)


def test_a_huge_web_page_is_refused_before_extraction(tmp_path):
    from annotator.core.article_formats import MAX_HTML_BYTES

    path = tmp_path / "page.html"
    paragraph = "<p>" + "word " * 200 + "</p>\n"
    path.write_text("<html><body><article>" + paragraph * (MAX_HTML_BYTES // len(paragraph) + 10) + "</article></body></html>",
                    encoding="utf-8")
    result = child(["-c", textwrap.dedent(READ), "article", str(path)])
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("REFUSED") and "page.html" in result.stdout and f"up to {MAX_HTML_BYTES:,} bytes" in result.stdout


# -- 4. messages

UTF8_ARTICLE = "“The bombers landed,” the minister said — a café in Hamadan, naïve reports, 50 €.\n" * 20_000


def test_one_bad_byte_in_a_large_utf8_article_is_refused_with_its_place(tmp_path):
    data = UTF8_ARTICLE.encode("utf-8")
    line_start = data.index(b"\n", len(data) // 2) + 1  # the start of some line in the middle
    bad = line_start + 5
    path = tmp_path / "damaged.txt"
    path.write_bytes(data[:bad] + b"\xff" + data[bad:])
    line = data.count(b"\n", 0, bad) + 1
    with pytest.raises(FileProblemError) as info:
        read_article(path)
    message = str(info.value)
    assert f"not valid UTF-8 at byte {bad:,} (line {line:,})" in message and "nothing was opened" in message
    assert "damaged.txt" in message and "binary" not in message


def test_a_binary_file_is_refused_with_where_utf8_fails(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"GIF89a" + bytes(range(256)) * 4)
    with pytest.raises(FileProblemError, match=r"looks binary") as info:
        read_article(path)
    assert "not valid UTF-8 at byte" in str(info.value)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_long_single_byte_article_still_opens(tmp_path, encoding):
    text = "Über die Brücke gehen wir, sagte der Minister. Es ist ein schöner Tag für alle.\n" * 5000
    path = tmp_path / "western.txt"
    path.write_bytes(text.encode(encoding))
    assert read_article(path).text == text


# -- 2. recovery files at start


def _deep_recovery() -> Path:
    from annotator.core.recovery import recovery_folder

    folder = recovery_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "0123456789abcdef01234567.recovery.json"
    path.write_text('{"recovery_of": null, "saved_at": null, "project": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    return path


def test_a_recovery_nested_too_deep_is_reported_once_and_set_aside():
    from annotator.core.recovery import find_recoveries

    path = _deep_recovery()
    found, broken = find_recoveries()
    assert found == [] and [p for p, _ in broken] == [path]
    assert "nested too deeply" in broken[0][1] and path.name + ".broken" in broken[0][1]
    assert not path.exists() and path.with_name(path.name + ".broken").read_bytes().startswith(b'{"recovery_of"')  # kept, not deleted
    assert find_recoveries() == ([], [])  # not offered nor reported again


def test_a_broken_recovery_of_every_kind_is_caught_and_kept(monkeypatch):
    import annotator.core.recovery as recovery

    from annotator.core.recovery import find_recoveries, recovery_folder

    folder = recovery_folder()
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in [("a", b"\xff\xfe not json"), ("b", b"[1, 2]"), ("c", b'{"project": {"schema_version": 6}}')]:
        (folder / f"{name}.recovery.json").write_bytes(content)
    (folder / "c.recovery.json.broken").write_bytes(b"an older one")  # never overwritten
    _, broken = find_recoveries()
    assert len(broken) == 3
    assert (folder / "c.recovery.json.broken").read_bytes() == b"an older one"
    assert (folder / "c.recovery.json.broken.2").exists()

    (folder / "d.recovery.json").write_bytes(b"{}")
    monkeypatch.setattr(recovery, "read_recovery", lambda path: (_ for _ in ()).throw(MemoryError()))
    (found, ((path, reason),)) = find_recoveries()
    assert path.name == "d.recovery.json" and "too large" in reason and (folder / "d.recovery.json.broken").exists()


@posix_only
def test_a_named_pipe_among_the_recoveries_does_not_block_the_start():
    from annotator.core.recovery import recovery_folder

    folder = recovery_folder()
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "feed.recovery.json")
    result = child_code("""
        from annotator.core.recovery import find_recoveries
        found, broken = find_recoveries()
        print(len(found), [reason for _, reason in broken])
    """)
    assert result.returncode == 0 and "not a regular file (a named pipe)" in result.stdout, result.stderr[-2000:]


def test_the_window_starts_past_a_recovery_nested_too_deep(window, caplog):
    path = _deep_recovery()
    assert window.file_guard.offer_recoveries() is False
    assert path.name in caplog.text and "nested too deeply" in caplog.text
    assert window.file_guard.offer_recoveries() is False  # and says nothing the next time
    assert caplog.text.count("nested too deeply") == 1
