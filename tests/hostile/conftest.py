"""Fixtures of the hostile-input tests: AppTest pages, and for ``*_browser.py`` a served app and Chromium.

Every hostile input is generated at run time (nothing large is committed). The browser tests here are
marked ``browser`` (deselect them with ``-m "not browser"``) and use the helpers of ``tests/browser``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
BROWSER_HELPERS = ROOT / "tests" / "browser"
if str(BROWSER_HELPERS) not in sys.path:
    sys.path.insert(0, str(BROWSER_HELPERS))

from st_browser import Server, launch_kwargs, start_server  # noqa: E402

from ui.registry import PAGES, PageSpec  # noqa: E402
from ui.state import LANG_KEY  # noqa: E402

APP = ROOT / "app.py"
#: Chromium refuses a page served through Playwright's request routing (an unknown, "public" address)
#: to open a websocket to 127.0.0.1; the proxy-header test routes every response, so it turns that off.
NO_LOCAL_NETWORK_CHECKS = "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessChecks"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the Chromium tests of this folder as browser tests."""
    for item in items:
        path = str(item.fspath).replace("\\", "/")
        if "tests/hostile/" in path and path.endswith("_browser.py"):
            item.add_marker(pytest.mark.browser)


def page_spec(page: str) -> PageSpec:
    """The registered page with this url_path or file path."""
    return next(spec for spec in PAGES if page in (spec.url_path, spec.path))


@pytest.fixture()
def app_test() -> Callable[..., AppTest]:
    """``app_test(page, lang="sv", *, state=None, **query)``: the page opened as in ``tests/pages``, without
    asserting that it ran cleanly (hostile tests check that themselves)."""

    def open_page(page: str, lang: str = "sv", *, state: Mapping[str, Any] | None = None, **query: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.session_state[LANG_KEY] = lang
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        for key, value in (state or {}).items():
            at.session_state[key] = value
        at.switch_page(page_spec(page).path)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        return at

    return open_page


@pytest.fixture(scope="session")
def hostile_browser(playwright_session: Any) -> Iterator[Any]:
    """Debian's Chromium, with the local-network checks off (see :data:`NO_LOCAL_NETWORK_CHECKS`)."""
    kwargs = launch_kwargs()
    kwargs["args"] = [*kwargs["args"], NO_LOCAL_NETWORK_CHECKS]
    chromium = playwright_session.chromium.launch(**kwargs)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def app_server() -> Iterator[Server]:
    """The app itself, served by Streamlit (with an empty temporary workshop database)."""
    server = start_server("app.py")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def harness_server() -> Iterator[Server]:
    """``tests/hostile/harness_app.py``: hostile strings rendered through the escaper, and two downloads."""
    server = start_server("tests/hostile/harness_app.py")
    yield server
    server.stop()
