"""Headless Chromium for tests that must see what a real browser makes of our output."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)), None)


def dump_dom(page: Path, profile: Path) -> str:
    """The page's DOM after Chromium has loaded it and run what it would run; skips the
    test where Debian's chromium is not installed (the README's test command installs it)."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (the README's test command installs it)")
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", f"--user-data-dir={profile}",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    ).stdout
