"""The README stays true: its shortcut table is the action table, its commands are the real ones."""

import re

from annotator.ui.actions import shortcut_table

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def table_after(marker: str) -> list[tuple[str, ...]]:
    section = README.split(marker, 1)[1].split("| Keys | Action |", 1)[1].split("\n\n", 1)[0]
    return [tuple(cell.strip() for cell in line.strip("|").split("|")) for line in section.splitlines()[2:]]


def test_shortcut_tables_match_actions(qapp):
    assert table_after("### Keyboard shortcuts") == shortcut_table("main")
    assert table_after("In the review window:") == shortcut_table("review")


def test_readme_names_the_sample_and_the_test_command():
    assert "projects/russian-bombers-iran.annotator.json" in README
    command = re.search(r"<!-- test-command -->\n```\n(.+)\n```\n<!-- /test-command -->", README).group(1)
    assert "pip install -e '.[test]'" in command and command.endswith("pytest")
    for shot in ("main-window.png", "review-window.png"):
        assert (ROOT / "resources" / "screenshots" / shot).stat().st_size > 10_000
    assert "annotator review projects/russian-bombers-iran.annotator.json projects/russian-bombers-iran.colleague.annotator.json" in README


def test_formats_table_lists_every_format():
    from annotator.core.formats import formats

    for fmt in formats().values():
        row = f"| {fmt.title} | `{fmt.name}` | {'yes' if fmt.write else '—'} | {'yes' if fmt.read else '—'} | {fmt.keeps} | {fmt.loses} |"
        assert row in README, row


def test_the_screenshots_script_makes_every_picture_the_readme_shows(qapp, tmp_path, author):
    from annotator.ui.screenshots import take

    made = {path.name for path in take(tmp_path)}
    shown = set(re.findall(r"resources/screenshots/([\w-]+\.png)", README))
    assert shown <= made and all((tmp_path / name).stat().st_size > 10_000 for name in made)
    assert not (tmp_path / "exports").exists()
