"""Helpers for tests that break a copy of ``content/`` on purpose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml


def edit_yaml(root: Path, file: str, change: Callable[[Any], Any]) -> None:
    """Load ``root/file``, let ``change`` mutate the data, and write it back."""
    path = root / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
