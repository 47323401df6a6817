"""The workspace index: one SQLite file (with FTS5) per workspace folder, in the user cache.

It is a cache, never the truth: the project files are. So anything odd about it (not a
database, truncated, another format version, another folder's index, a failed check, an
error while reading it) makes it deleted and rebuilt rather than trusted or repaired.

Article text is indexed in chunks of about ``CHUNK`` code points that start at line or
word breaks, each with its code-point start, and notes with their annotation's id and span:
FTS5 finds the chunks, Python then finds the exact places in them (``matches``). Scripts
written without spaces (Chinese, Japanese, Thai…) have each character indexed as a word of
its own, and a query in them becomes a phrase of characters, so 新华社 is found inside
新华社报道 though FTS5's tokenizer would see one long word there.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

INDEX_VERSION = 1
"""``PRAGMA user_version`` of the index's own format; any other value means rebuild."""

CHUNK = 2000
"""Code points per indexed piece of article text, about; fewer rows index faster, and a
chunk is what a search reads again in Python to find the exact places."""

ROWS_PER_FILE = 1 << 24
"""Chunk rowids are ``file id * ROWS_PER_FILE + n``: a file's chunks are one rowid range,
which FTS5 deletes without a scan."""

SPACELESS = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""Thai, Lao, Myanmar, Khmer, CJK ideographs, kana, bopomofo: scripts without spaces between words."""
_SPACELESS = re.compile(f"[{SPACELESS}]")
_SPACELESS_CHAR = re.compile(f"([{SPACELESS}])")
_TERM = re.compile(r"[^\W_]+")
"""A query word: letters and digits, as FTS5's unicode61 tokenizer splits them."""

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    summary TEXT NOT NULL,
    checked INTEGER NOT NULL DEFAULT 0
);
CREATE VIRTUAL TABLE chunks USING fts5(
    body, raw UNINDEXED, doc UNINDEXED, kind UNINDEXED, pos UNINDEXED, stop UNINDEXED, ann UNINDEXED,
    tokenize = "unicode61 remove_diacritics 0"
);
"""


class IndexDamaged(Exception):
    """The index file can't be trusted; it is rebuilt."""


def spaced(text: str) -> str:
    """``text`` as indexed: each character of a script without spaces made a word of its own."""
    if text.isascii() or not _SPACELESS.search(text):
        return text
    return _SPACELESS_CHAR.sub(r" \1 ", text)


def split_chunks(text: str, size: int = CHUNK) -> Iterator[tuple[int, str]]:
    """(start, piece) covering ``text``: pieces of about ``size`` code points, cut after a
    line break or else a space where there is one, so no word is split."""
    pos, length = 0, len(text)
    while pos < length:
        end = min(length, pos + size)
        if end < length:
            cut = text.rfind("\n", pos + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", pos + size // 2, end)
            if cut >= 0:
                end = cut + 1
        yield pos, text[pos:end]
        pos = end


def query_terms(query: str) -> list[str]:
    """The words of a search, as FTS5 and ``matches`` take them; FTS syntax is just text."""
    return _TERM.findall(query)


def fts_query(terms: list[str]) -> str:
    """An FTS5 MATCH expression: every term, as a word prefix (a phrase of characters in
    spaceless scripts). Built from word characters only, so it can never be a syntax error."""
    parts = []
    for term in terms:
        if _SPACELESS.search(term):
            parts.append('"' + " ".join(spaced(term).split()) + '"')
        else:
            parts.append(f'"{term}"*')
    return " ".join(parts)


def _term_pattern(term: str) -> str:
    if _SPACELESS.search(term):
        return re.escape(term)
    return r"\b" + re.escape(term)  # at the start of a word, as FTS5's prefix query


_GAP = re.compile(r"[\W_]*")


def match_pattern(terms: list[str]) -> tuple[list[str], re.Pattern[str]]:
    """What ``matches`` looks for: the terms (case-folded) and one pattern for any of them."""
    words = sorted({_term_pattern(t) for t in terms}, key=len, reverse=True)
    return [t.casefold() for t in terms], re.compile("|".join(words), re.IGNORECASE)


def matches(text: str, patterns: tuple[list[str], re.Pattern[str]]) -> list[tuple[int, int]]:
    """Where the query is in ``text``, ignoring case: each place holding all its terms in
    order with only spaces or punctuation between; where there is none, each term. One
    regex pass (half the time of a second one for the phrase)."""
    terms, anyone = patterns
    found = [(m.start(), m.end(), m.group().casefold()) for m in anyone.finditer(text) if m.end() > m.start()]
    k = len(terms)
    if k > 1:
        phrases = []
        i = 0
        while i + k <= len(found):
            window = found[i:i + k]
            if all(w[2] == t for w, t in zip(window, terms)) and all(
                    _GAP.fullmatch(text, a[1], b[0]) for a, b in zip(window, window[1:])):
                phrases.append((window[0][0], window[-1][1]))
                i += k
            else:
                i += 1
        if phrases:
            return phrases
    return [(start, end) for start, end, _ in found]


class WorkspaceIndex:
    """The SQLite file of one workspace: per-thread connections, rebuilt when damaged."""

    def __init__(self, path: Path, folder: str) -> None:
        self.path = path
        self.folder = folder
        self._local = threading.local()
        self._lock = threading.Lock()
        self._generation = 0
        self._verified = False

    # -- connections -------------------------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened (and the file checked, once) when first needed."""
        local = self._local
        conn = getattr(local, "conn", None)
        if conn is not None and local.generation == self._generation:
            return conn
        if conn is not None:
            conn.close()
        with self._lock:
            if not self._verified:
                self._verify_or_rebuild()
                self._verified = True
            generation = self._generation
        conn = self._open()
        local.conn, local.generation = conn, generation
        return conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def _verify_or_rebuild(self) -> None:
        """Use the file only if it is our format, for this folder, and passes a quick check."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = self._open()
        except sqlite3.DatabaseError:
            self._delete_files()
            conn = None
        try:
            if conn is not None:
                self._check(conn)
        except (sqlite3.DatabaseError, IndexDamaged):
            conn.close()
            conn = None
            self._delete_files()
        if conn is None:
            conn = self._open()
            self._check(conn)
        conn.close()

    def _check(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            conn.execute("BEGIN IMMEDIATE")
            for statement in filter(str.strip, _SCHEMA.split(";")):
                conn.execute(statement)
            conn.execute("INSERT INTO meta VALUES ('folder', ?)", (self.folder,))
            conn.execute(f"PRAGMA user_version = {INDEX_VERSION}")
            conn.execute("COMMIT")
            return
        if version != INDEX_VERSION:
            raise IndexDamaged(f"index format {version}")
        row = conn.execute("SELECT value FROM meta WHERE key = 'folder'").fetchone()
        if row is None or row[0] != self.folder:
            raise IndexDamaged("the index of another folder")
        for table in ("files", "meta"):
            if conn.execute(f"PRAGMA quick_check({table})").fetchone()[0] != "ok":
                raise IndexDamaged("failed its check")
        conn.execute("SELECT rowid FROM chunks WHERE chunks MATCH 'a' LIMIT 1").fetchall()

    def _delete_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except FileNotFoundError:
                pass
            except OSError:
                # Something we can't remove stands where the index goes (a folder, a file
                # without write permission): the index moves to a fresh place in the temp
                # folder for this session rather than fail or trust what is there.
                self.path = Path(tempfile.mkdtemp(prefix="annotator-index-")) / self.path.name
                return

    def rebuild(self) -> None:
        """Throw the index away and start empty (every thread reopens)."""
        with self._lock:
            conn = getattr(self._local, "conn", None)
            if conn is not None:
                conn.close()
                self._local.conn = None
            self._generation += 1
            self._delete_files()
            self._verified = False

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- reading -----------------------------------------------------------------------

    def files(self) -> dict[str, tuple[int, int, int, str, bool]]:
        """path -> (id, size, mtime_ns, summary JSON, checked)."""
        rows = self.connection().execute("SELECT path, id, size, mtime_ns, summary, checked FROM files")
        return {path: (id_, size, mtime, summary, bool(checked)) for path, id_, size, mtime, summary, checked in rows}

    def paths_by_id(self) -> dict[int, str]:
        return dict(self.connection().execute("SELECT id, path FROM files WHERE checked = 1"))

    def search_rows(self, terms: list[str]) -> Iterator[tuple[int, str, str | None, int, str, int, int, str | None]]:
        """Chunks holding every term, in file order: (rowid, body, raw, doc, kind, pos, stop, ann)."""
        yield from self.connection().execute(
            "SELECT rowid, body, raw, doc, kind, pos, stop, ann FROM chunks WHERE chunks MATCH ? ORDER BY rowid", (fts_query(terms),)
        )

    # -- writing -----------------------------------------------------------------------

    def write(self) -> _Writer:
        """One transaction: ``with index.write() as w: w.put(...)``."""
        return _Writer(self.connection())


class _Writer:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> _Writer:
        self.conn.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None or not issubclass(kind, sqlite3.Error):
            self.conn.execute("COMMIT")  # work done before a Cancelled is kept: it is true
        else:
            self.conn.execute("ROLLBACK")

    def put(self, path: str, size: int, mtime_ns: int, summary: dict, checked: bool, new: bool = False) -> int:
        """Record a file's summary (its text chunks, if any, are dropped); returns its id.
        ``new``: the index has no row for it (saves a look-up)."""
        row = None if new else self.conn.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
        payload = json.dumps(summary, ensure_ascii=False)
        if row is None:
            return self.conn.execute(
                "INSERT INTO files(path, size, mtime_ns, summary, checked) VALUES (?, ?, ?, ?, ?)", (path, size, mtime_ns, payload, int(checked))
            ).lastrowid
        file_id = row[0]
        self._drop_chunks(file_id)
        self.conn.execute("UPDATE files SET size = ?, mtime_ns = ?, summary = ?, checked = ? WHERE id = ?", (size, mtime_ns, payload, int(checked), file_id))
        return file_id

    def checked(self, file_id: int, summary: dict | None) -> None:
        """Mark a file as fully read (its chunks follow), with its summary if that changed."""
        if summary is None:
            self.conn.execute("UPDATE files SET checked = 1 WHERE id = ?", (file_id,))
        else:
            self.conn.execute("UPDATE files SET checked = 1, summary = ? WHERE id = ?", (json.dumps(summary, ensure_ascii=False), file_id))

    def chunks(self, file_id: int, rows: Iterable[tuple[str, int, str, int, int, str | None]]) -> None:
        """A file's searchable pieces: (text, document, kind, start, end, annotation id)."""
        base = file_id * ROWS_PER_FILE
        self.conn.executemany(
            "INSERT INTO chunks(rowid, body, raw, doc, kind, pos, stop, ann) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((base + n, body, raw, doc, kind, pos, stop, ann) for n, (body, raw, doc, kind, pos, stop, ann) in enumerate(_spaced(rows))),
        )

    def remove(self, path: str) -> None:
        row = self.conn.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
        if row is not None:
            self._drop_chunks(row[0])
            self.conn.execute("DELETE FROM files WHERE id = ?", (row[0],))

    def _drop_chunks(self, file_id: int) -> None:
        base = file_id * ROWS_PER_FILE
        self.conn.execute("DELETE FROM chunks WHERE rowid >= ? AND rowid < ?", (base, base + ROWS_PER_FILE))


def _spaced(rows: Iterable[tuple[str, int, str, int, int, str | None]]) -> Iterator[tuple]:
    """Rows with the indexed body; the text as written kept beside it only where they differ."""
    for text, doc, kind, pos, stop, ann in rows:
        body = spaced(text)
        yield (body, None if body is text else text, doc, kind, pos, stop, ann)
