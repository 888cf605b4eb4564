"""The reverse proxy configuration shipped in ``docs/nginx.conf`` sends what Streamlit cannot.

Streamlit 1.67 has no option for response headers and always serves ``/_stcore/metrics``. The proxy
must: forbid framing (``X-Frame-Options`` and CSP ``frame-ancestors``), send a content security policy
without ``unsafe-eval`` or inline scripts, and refuse the metrics and agent paths. The browser test
``tests/hostile/test_proxy_headers_browser.py`` applies these headers to the served app.
"""

from __future__ import annotations

import base64
import hashlib
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = ROOT / "docs" / "nginx.conf"


def proxy_headers(text: str) -> dict[str, str]:
    """``add_header NAME "VALUE" always;`` lines of an nginx config, by lower-case name."""
    return {k.lower(): v for k, v in re.findall(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;', text, re.M)}


def csp_directives(policy: str) -> dict[str, list[str]]:
    """A content security policy as directive -> sources."""
    out: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def location_blocks(text: str) -> dict[str, str]:
    """``location MATCH { BODY }`` blocks (one level of braces) as match -> body."""
    return {m.group(1).strip(): m.group(2) for m in re.finditer(r"location\s+([^{]+)\{([^{}]*)\}", text)}


@pytest.fixture(scope="module")
def nginx() -> str:
    return NGINX.read_text(encoding="utf-8")


def test_framing_is_forbidden(nginx: str) -> None:
    """No other site may frame the app (clickjacking of the facilitator's delete button)."""
    headers = proxy_headers(nginx)
    assert headers["x-frame-options"] == "DENY"
    assert csp_directives(headers["content-security-policy"])["frame-ancestors"] == ["'none'"]


def test_the_content_security_policy_allows_only_the_apps_own_code(nginx: str) -> None:
    """Scripts from the app only (no eval, no inline script but the hashed one), no plugins, no base change."""
    csp = csp_directives(proxy_headers(nginx)["content-security-policy"])
    assert csp["default-src"] == ["'self'"]
    scripts = csp["script-src"]
    assert scripts[:2] == ["'self'", "'wasm-unsafe-eval'"], scripts  # WebAssembly only, never eval of JavaScript
    assert all(s.startswith("'sha256-") for s in scripts[2:]), scripts
    assert "'unsafe-eval'" not in scripts and "'unsafe-inline'" not in scripts
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]


def script_hash(text: str) -> str:
    """The CSP source that allows the inline script ``text``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_scripts() -> set[str]:
    """The inline scripts the app's pages run: Streamlit's index.html and the page frame in each language."""
    import streamlit

    from guidance.core.models import LANGS
    from ui.page_frame import frame_html

    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    sources = [index, *(frame_html(lang) for lang in LANGS)]
    return {s for html in sources for s in re.findall(r"<script>(.*?)</script>", html, re.S)}


def test_the_hashed_inline_scripts_are_the_apps(nginx: str) -> None:
    """The inline scripts allowed are exactly those the pages run (this fails after a Streamlit upgrade or an
    edit of ui/page_frame.py that changes one, and names the hashes to put into docs/nginx.conf)."""
    allowed = {
        s for s in csp_directives(proxy_headers(nginx)["content-security-policy"])["script-src"] if "sha256" in s
    }
    needed = {script_hash(s) for s in inline_scripts()}
    assert allowed == needed, (
        f"script-src hashes to add: {sorted(needed - allowed)}, to remove: {sorted(allowed - needed)}"
    )


def test_other_protective_headers_are_sent(nginx: str) -> None:
    headers = proxy_headers(nginx)
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["strict-transport-security"].startswith("max-age=")


def test_every_header_is_in_the_one_proxying_location(nginx: str) -> None:
    """nginx drops a server's add_header lines in a location that adds its own: they all sit in ``location /``."""
    blocks = location_blocks(nginx)
    assert set(proxy_headers(blocks["/"])) == set(proxy_headers(nginx))
    outside = re.sub(r"location\s+[^{]+\{[^{}]*\}", "", nginx)
    assert not proxy_headers(outside)


@pytest.mark.parametrize(
    ("path", "blocked"),
    [
        ("/_stcore/metrics", True),
        ("/app/_stcore/metrics", True),
        ("/_stcore/agent/interact", True),
        ("/_stcore/health", False),
        ("/_stcore/stream", False),
        ("/assessment", False),
    ],
)
def test_metrics_and_agent_paths_are_refused(nginx: str, path: str, blocked: bool) -> None:
    """``/_stcore/metrics`` (sessions, caches, memory) and the agent API answer 404 through the proxy."""
    refusing = [m for m, body in location_blocks(nginx).items() if re.search(r"return\s+404\s*;", body)]
    regexes = [re.compile(m.removeprefix("~").strip()) for m in refusing if m.startswith("~")]
    assert any(r.search(path) for r in regexes) == blocked


def test_the_proxy_body_limit_holds_the_upload_limit(nginx: str) -> None:
    """The proxy lets a file of the uploader's full size through (Streamlit answers the rest itself)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    found = re.search(r"client_max_body_size\s+(\d+)m;", nginx)
    assert found, "client_max_body_size is not set"
    body_mb = int(found.group(1))
    assert body_mb * 1024 * 1024 >= config["server"]["maxUploadSize"] * 1024 * 1024 + 1_000_000


def test_streamlit_extras_that_would_widen_the_surface_are_off() -> None:
    """The agent API and static file serving are off in the server settings."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableAgentApi"] is False
    assert config["server"]["enableStaticServing"] is False
