"""Fixtures for browser tests: one Streamlit server and one Chromium for the whole run.

- ``st_server``: ``streamlit run app.py`` on a free port (session-wide).
- ``browser``: Debian's Chromium via Playwright (session-wide).
- ``page``: a fresh browser context (= a new Streamlit session) with one page; its base URL is the
  server, so ``open_page(page, spec, "en")`` or ``page.goto("/process?lang=en")`` work.
- ``new_page``: a factory for more independent sessions in one test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from st_browser import VIEWPORT, Server, launch_kwargs, new_app_page, start_server, wait_rendered


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test (deselect with ``-m 'not browser'``)."""
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    """Add the tail of the server log to a failing browser test's report."""
    outcome = yield
    report = outcome.get_result()
    server = item.funcargs.get("st_server") if hasattr(item, "funcargs") else None
    if report.failed and isinstance(server, Server):
        report.sections.append(("streamlit server log (tail)", server.log_tail(60)))


@pytest.fixture(scope="session")
def st_server() -> Iterator[Server]:
    """The app, served by Streamlit on a free local port."""
    server = start_server("app.py")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(playwright_session: Any) -> Iterator[Any]:
    """One headless Debian Chromium for the whole run."""
    chromium = playwright_session.chromium.launch(**launch_kwargs())
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def app_url(st_server: Server, browser: Any) -> str:
    """The server's URL, after one unmeasured visit of ``/`` (so the server knows every page)."""
    ctx = browser.new_context(base_url=st_server.url + "/")
    try:
        page = new_app_page(ctx)
        page.goto("/", wait_until="domcontentloaded")
        wait_rendered(page, timeout=120)
    finally:
        ctx.close()
    return st_server.url + "/"


@pytest.fixture
def new_page(browser: Any, app_url: str) -> Iterator[Callable[[], Any]]:
    """A factory of pages, each in its own browser context (its own Streamlit session)."""
    contexts: list[Any] = []

    def make() -> Any:
        ctx = browser.new_context(base_url=app_url, viewport=VIEWPORT, accept_downloads=True, locale="sv-SE")
        contexts.append(ctx)
        return new_app_page(ctx)

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page(new_page: Callable[[], Any]) -> Any:
    """A page in a fresh browser context: a new Streamlit session."""
    return new_page()
