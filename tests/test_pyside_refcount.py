"""PySide6 6.12.0 on Python 3.11 drops None's refcount on every void Qt call and then aborts.

pyproject.toml excludes that release; this test catches any other release that does it.
"""

import sys

from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextCursor, QTextDocument


def test_void_qt_calls_do_not_leak_none_references():
    doc = QTextDocument("x" * 100)
    cursor = QTextCursor(doc)
    fmt = QTextCharFormat()
    before = sys.getrefcount(None)
    for i in range(5000):
        cursor.setPosition(i % 100)
        cursor.mergeCharFormat(fmt)
    after = sys.getrefcount(None)
    assert after >= before - 10, f"refcount of None fell from {before} to {after}"


def test_highlighter_set_format_keeps_none_alive():
    class Marker(QSyntaxHighlighter):
        def highlightBlock(self, text):  # noqa: N802
            for i in range(len(text)):
                self.setFormat(i, 1, QTextCharFormat())

    doc = QTextDocument("\n".join("y" * 50 for _ in range(100)))
    before = sys.getrefcount(None)
    Marker(doc).rehighlight()
    assert sys.getrefcount(None) >= before - 10
