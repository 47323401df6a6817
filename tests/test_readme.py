"""The README stays true: its shortcut table is the action table, its commands are the real ones."""

import re

from annotator.ui.actions import shortcut_table

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_shortcut_table_matches_actions(qapp):
    section = README.split("### Keyboard shortcuts", 1)[1].split("\n\n", 2)[1]
    rows = [tuple(cell.strip() for cell in line.strip("|").split("|")) for line in section.splitlines()[2:]]
    assert rows == shortcut_table()


def test_readme_names_the_sample_and_the_test_command():
    assert "projects/russian-bombers-iran.annotator.json" in README
    command = re.search(r"<!-- test-command -->\n```\n(.+)\n```\n<!-- /test-command -->", README).group(1)
    assert "pip install -e '.[test]'" in command and command.endswith("pytest")
    assert (ROOT / "resources" / "screenshots" / "main-window.png").stat().st_size > 10_000
