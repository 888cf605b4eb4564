"""Shared test set-up: the project root on ``sys.path`` and a project-root fixture."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from streamlit import config as st_config

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The browser tests share the machine's cores with the server; a per-example deadline would make
# property tests flaky under that load without saying anything about the code.
settings.register_profile("project", deadline=None)
settings.load_profile("project")


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root (where ``app.py`` lives)."""
    return ROOT


@pytest.fixture()
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the real ``content/`` directory, for tests that break it on purpose."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


@pytest.fixture(autouse=True, scope="session")
def full_error_details() -> Iterator[None]:
    """Show the real exception text in AppTest failures (the app itself hides it from users)."""
    before = st_config.get_option("client.showErrorDetails")
    st_config.set_option("client.showErrorDetails", "full")
    yield
    st_config.set_option("client.showErrorDetails", before)


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Any]:
    """One Playwright driver for the whole run: two sync drivers cannot run in one thread at once."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p
