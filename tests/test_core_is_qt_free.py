"""annotator.core must work without Qt: nothing in it may import PySide6."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "annotator" / "core"


def test_no_core_module_imports_qt():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}]
            if isinstance(node, ast.ImportFrom) and node.level and node.module and node.module.startswith("ui"):
                offenders.append(f"{path.name}: relative import of ui")
    assert offenders == []
    assert sorted(p.name for p in CORE.glob("*.py"))  # the scan saw files


def test_importing_core_and_cli_validate_loads_no_qt(tmp_path):
    code = (
        "import sys, pkgutil, importlib, annotator.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__): importlib.import_module('annotator.core.' + m.name)\n"
        "from annotator import cli\n"
        "assert cli.main(['validate', sys.argv[1]]) == 0\n"
        "qt = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(qt); assert not qt, qt\n"
    )
    sample = Path(__file__).resolve().parent.parent / "projects" / "russian-bombers-iran.annotator.json"
    result = subprocess.run([sys.executable, "-c", code, str(sample)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
