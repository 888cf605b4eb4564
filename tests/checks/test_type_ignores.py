"""A ``type: ignore`` always says why, on the same line, and names the error it silences."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", ".git", ".cache", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache"}
#: ``# type: ignore[code]`` followed by a comment giving the reason.
EXPLAINED = re.compile(r"#\s*type:\s*ignore\[[\w, -]+\]\s+#\s*\S.*$")


def _python_files() -> list[Path]:
    here = Path(__file__).resolve()
    return [p for p in ROOT.rglob("*.py") if not SKIP_DIRS & set(p.relative_to(ROOT).parts) and p != here]


def test_every_type_ignore_names_its_error_and_its_reason() -> None:
    bad = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _python_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "type: ignore" in line and not EXPLAINED.search(line)
    ]
    assert not bad, "type: ignore without an error code and a reason on the same line:\n" + "\n".join(bad)
