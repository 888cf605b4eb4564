"""The headers of ``docs/nginx.conf``, applied to the served app in Chromium: the app works, framing is refused.

nginx is not part of the test set-up, so Playwright adds the configuration's ``add_header`` values to
every response of the app, as the proxy would. Every page must render with no content-security-policy
violation, and a page of another site that frames the app must not show it. (The metrics path is refused
by the proxy's location rules, checked in ``tests/checks/test_proxy_config.py``; Streamlit itself always
serves it, which the last test records.)
"""

from __future__ import annotations

import re
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from st_browser import Server, errors_of, exceptions, go_to, new_app_page, open_page

from ui.registry import PAGES

ROOT = Path(__file__).resolve().parents[2]
#: Records every content-security-policy violation in the page.
CSP_JS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""
EVIL = "http://evil.test/"


def proxy_headers() -> dict[str, str]:
    """The response headers the proxy adds (not the routing cookie, which names an nginx variable)."""
    text = (ROOT / "docs" / "nginx.conf").read_text(encoding="utf-8")
    found = dict(re.findall(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;', text, re.M))
    return {k: v for k, v in found.items() if k.lower() != "set-cookie"}


def proxied_context(browser: Any, server: Server, headers: dict[str, str]) -> Any:
    """A browser context in which every page of the app arrives with ``headers``."""
    context = browser.new_context(base_url=server.url + "/")
    context.add_init_script(CSP_JS)

    def add_headers(route: Any) -> None:
        if route.request.resource_type != "document":
            route.continue_()  # the policies apply through the document; other responses pass untouched
            return
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, **headers})

    context.route(f"{server.url}/**", add_headers)
    return context


def close(context: Any) -> None:
    """Close a routed context without failing on responses still in flight."""
    context.unroute_all(behavior="ignoreErrors")
    context.close()


def test_every_page_works_under_the_content_security_policy(app_server: Server, hostile_browser: Any) -> None:
    """Scripts, styles, fonts, charts and the websocket all come from the app itself: nothing is refused."""
    context = proxied_context(hostile_browser, app_server, proxy_headers())
    try:
        page = new_app_page(context)
        open_page(page, PAGES[0], "sv")
        for spec in PAGES:
            try:
                go_to(page, spec)  # within the one document the policy came with
            except AssertionError:  # a page without a link in the sidebar: open it as a new document
                open_page(page, spec, "sv")
            assert page.evaluate("window.__csp") == [], spec.url_path
            assert not exceptions(page) and not errors_of(page).page_errors, spec.url_path
    finally:
        close(context)


def test_the_policy_check_sees_a_refused_script(app_server: Server, hostile_browser: Any) -> None:
    """An inline script the policy does not allow is reported (so the test above can fail)."""
    context = proxied_context(hostile_browser, app_server, proxy_headers())
    try:
        page = new_app_page(context)
        open_page(page, PAGES[0], "sv")
        page.evaluate("() => { const s = document.createElement('script'); s.text = '1'; document.body.append(s); }")
        page.wait_for_function("window.__csp.length > 0", timeout=5_000)
        assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))
    finally:
        close(context)


def frame_shows_the_app(browser: Any, server: Server, headers: dict[str, str]) -> bool:
    """Whether a page of another site that frames the app shows the app inside its frame."""
    context = proxied_context(browser, server, headers)
    context.route(EVIL, lambda route: route.fulfill(
        content_type="text/html", body=f'<iframe id="app" src="{server.url}/" width="800" height="600"></iframe>'))  # fmt: skip
    try:
        page = context.new_page()
        page.goto(EVIL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            frame = next((f for f in page.frames if f != page.main_frame), None)
            if frame is not None and frame.url.startswith("chrome-error:"):
                return False  # the browser refused to show the app in the frame
            if frame is not None and frame.locator("[data-testid='stApp']").count():
                return True
            page.wait_for_timeout(100)
        raise AssertionError("the frame neither showed the app nor was refused within 30 s")
    finally:
        close(context)


def test_another_site_cannot_frame_the_app(app_server: Server, hostile_browser: Any) -> None:
    """With the proxy's headers the frame stays empty; without them the same page shows the app."""
    assert frame_shows_the_app(hostile_browser, app_server, {}) is True
    assert frame_shows_the_app(hostile_browser, app_server, proxy_headers()) is False


def refused_by_proxy(path: str) -> bool:
    """Whether a ``location ~ REGEX { return 404; }`` block of docs/nginx.conf matches ``path``."""
    text = (ROOT / "docs" / "nginx.conf").read_text(encoding="utf-8")
    blocks = re.findall(r"location\s+~\s+([^{]+)\{([^{}]*)\}", text)
    return any(re.search(regex.strip(), path) for regex, body in blocks if re.search(r"return\s+404\s*;", body))


@pytest.mark.parametrize(("path", "private"), [("/_stcore/metrics", True), ("/_stcore/health", False)])
def test_the_metrics_streamlit_serves_are_refused_by_the_proxy(app_server: Server, path: str, private: bool) -> None:
    """Streamlit 1.67 always answers ``/_stcore/metrics`` (no option turns it off), so the proxy refuses
    exactly that path and the containers stay on an internal network (docs/deployment.md); the health
    check stays reachable."""
    with urllib.request.urlopen(app_server.url + path, timeout=5) as response:
        assert response.status == 200
    assert refused_by_proxy(path) is private
