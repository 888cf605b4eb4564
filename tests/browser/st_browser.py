"""Drive the Streamlit app in Debian's Chromium: start a server, open pages, wait, interact, check.

Used by the browser tests (through ``tests/browser/conftest.py``) and by ``bench/``.

Readiness ("rendered"): an init script installed before any page script records every DOM mutation
and every change of stApp's ``data-test-script-state`` (``running`` -> ``notRunning``), and also counts
the server's ``script_finished`` messages on the websocket (a very fast rerun can flip the attribute
inside one React batch). A page counts as rendered when the script is not running, at least the
expected number of script runs has finished, no skeleton or running indicator is shown, and the DOM
has been quiet for ``quiet_ms``; lazy parts (charts, images, fonts) are then waited for a little longer.

Helpers for journeys (all take a Playwright ``Page`` from the ``page`` fixture)::

    open_page(page, spec_or_path, "en")       # navigate + wait until rendered
    set_number(page, "Antal platser", 12)     # type a number, commit, wait for the rerun
    path = download(page, "Ladda ner")        # click a download button, return the saved file
    with rerun(page):                         # any other interaction that triggers one rerun
        page.get_by_role("button", name="Beräkna").click()
    assert_clean(page)                        # no stException, page error or console error
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ui.registry import PAGES, PageSpec  # noqa: E402
from ui.state import LANG_KEY  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_CACHE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORT = {"width": 1280, "height": 900}
MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebar"]'
QUIET_MS = 300
#: Environment variable with the workshop database's URL (see guidance/workshop_store.py).
DB_URL_ENV = "SYSSELSATTNING_DB_URL"
#: The options of the language switch as shown in the sidebar.
LANG_NAMES = {"sv": "Svenska", "en": "English"}
TIMEOUT_S = 60.0


# --------------------------------------------------------------------------------------------------
# Browser-side scripts
# --------------------------------------------------------------------------------------------------

INIT_JS = r"""
(() => {
  if (window.__stH) return;
  const s = window.__stH = {lastMut: 0, muts: 0, runs: 0, finishes: 0, states: [], lastInput: null, inputs: 0,
                            wsFin: 0, wsFinT: 0};
  const FIN = ['notRunning', 'compilationError'];
  const note = (oldV, newV, t) => {
    if (oldV === newV) return;
    s.states.push([newV, Math.round(t)]);
    if (newV === 'running') s.runs++;
    if (FIN.includes(newV) && !FIN.includes(oldV)) s.finishes++;
  };
  const obs = new MutationObserver((records) => {
    const t = performance.now();
    s.lastMut = t; s.muts += records.length;
    const seq = records.filter(r => r.type === 'attributes' && r.attributeName === 'data-test-script-state');
    for (let i = 0; i < seq.length; i++) {
      const newV = (i + 1 < seq.length && seq[i + 1].target === seq[i].target)
        ? seq[i + 1].oldValue : seq[i].target.getAttribute('data-test-script-state');
      note(seq[i].oldValue, newV, t);
    }
  });
  obs.observe(document, {subtree: true, childList: true, attributes: true, characterData: true,
                         attributeOldValue: true});
  // ForwardMsg field 6 is script_finished: count it off the websocket as a second signal.
  const onMsg = (e) => {
    const d = e.data; if (!(d instanceof ArrayBuffer)) return;
    const b = new Uint8Array(d); let i = 0;
    const vi = () => { let r = 0, m = 1, x; do { x = b[i++]; r += (x & 127) * m; m *= 128; }
                       while ((x & 128) && i < b.length); return r; };
    while (i < b.length) {
      const tag = vi(), f = Math.floor(tag / 8), w = tag & 7;
      if (w === 0) { vi(); if (f === 6) { s.wsFin++; s.wsFinT = performance.now(); } }
      else if (w === 2) { const n = vi(); i += n; } else if (w === 1) { i += 8; } else if (w === 5) { i += 4; }
      else break;
    }
  };
  const NativeWS = window.WebSocket;
  window.WebSocket = class extends NativeWS {
    constructor(...args) { super(...args); this.addEventListener('message', onMsg); }
  };
  const mark = () => { s.lastInput = performance.now(); s.inputs++; };
  window.addEventListener('pointerdown', mark, true);
  window.addEventListener('keydown', mark, true);
})();
"""

READY_JS = r"""
(a) => {
  const s = window.__stH; if (!s) return false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-connection-state') === 'DISCONNECTED_FOREVER') return 'disconnected';
  const st = app.getAttribute('data-test-script-state');
  if (!(st === 'notRunning' || st === 'compilationError')) return false;
  if (Math.max(s.finishes, s.wsFin) < a.minFinishes) return false;
  if (document.querySelector('[data-testid="stAppSkeleton"], [data-testid="stStatusWidgetRunningIcon"], ' +
                             '[data-testid="stStatusWidgetRunningManIcon"]')) return false;
  const now = performance.now();
  if (now - Math.max(s.lastMut, s.wsFinT) < a.quietMs) return false;
  const pending = [];
  if (document.querySelector('[data-testid="stSkeleton"]')) pending.push('stSkeleton');
  // Only what is displayed: charts in a hidden tab or closed expander are drawn when they are opened.
  const shown = (el) => el.getClientRects().length > 0;
  for (const c of document.querySelectorAll('[data-testid="stVegaLiteChart"]'))
    if (shown(c) && !c.querySelector('canvas, svg')) { pending.push('vega-chart'); break; }
  for (const img of document.images) if (shown(img) && !img.complete) { pending.push('img'); break; }
  if (document.fonts && document.fonts.status !== 'loaded') pending.push('fonts');
  if (pending.length === 0) return 'ok';
  if (now >= a.softDeadline) return 'ok; still pending: ' + pending.join(',');
  return false;
}
"""

STATE_JS = r"""
() => { const s = window.__stH || {}; const app = document.querySelector('[data-testid="stApp"]');
        return {lastMut: s.lastMut, muts: s.muts, finishes: Math.max(s.finishes || 0, s.wsFin || 0),
                states: s.states, lastInput: s.lastInput, now: performance.now(),
                scriptState: app && app.getAttribute('data-test-script-state')}; }
"""

EXCEPTIONS_JS = r"""
() => Array.from(document.querySelectorAll('[data-testid="stException"]'))
       .map(e => (e.innerText || '').trim().slice(0, 600))
"""

ELEMENTS_JS = r"""
() => ({elements: document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]').length,
        widgets: document.querySelectorAll('[data-testid="stMain"] input, [data-testid="stMain"] textarea, ' +
                                           '[data-testid="stMain"] [data-testid="stSelectbox"], ' +
                                           '[data-testid="stMain"] button').length})
"""

# axe on the whole document; a violation counts for the app when one of its nodes is inside stMain.
AXE_RUN_JS = r"""
async (disabled) => {
  const rules = {}; for (const id of disabled) rules[id] = {enabled: false};
  const r = await axe.run(document, {resultTypes: ['violations'], elementRef: true, rules});
  return {version: axe.version, violations: r.violations.map(v => {
    const inMain = v.nodes.filter(n => n.element && n.element.closest('[data-testid="stMain"]'));
    return {id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.length,
            nodes_in_main: inMain.length,
            targets: inMain.slice(0, 5).map(n => n.target.join(' ')),
            html: inMain.slice(0, 3).map(n => (n.html || '').slice(0, 200))};
  })};
}
"""


# --------------------------------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def health(url: str, timeout: float = 1.0) -> str | None:
    """The body of ``url``/_stcore/health, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/_stcore/health", timeout=timeout) as resp:
            return resp.read().decode().strip()
    except OSError:
        return None


@dataclass
class Server:
    """A running ``streamlit run`` process."""

    proc: subprocess.Popen[bytes]
    url: str
    log: Path
    startup_s: float
    owned_dir: Path | None = None

    @property
    def pid(self) -> int:
        """The server's process id (the Python process itself, not a wrapper shell)."""
        return self.proc.pid

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's output."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop the server, wait for it to exit and remove its log and temporary database."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.owned_dir is not None:
            shutil.rmtree(self.owned_dir, ignore_errors=True)
        self.log.unlink(missing_ok=True)


def start_server(
    script: str | Path = "app.py",
    cwd: Path = ROOT,
    port: int | None = None,
    extra_args: tuple[str, ...] = (),
    timeout: float = 60.0,
    db_url: str | None = None,
) -> Server:
    """Start ``streamlit run script`` headless on 127.0.0.1 and wait until it is healthy.

    Args:
        script: The main script, relative to ``cwd``.
        cwd: Working directory of the server (the project root by default).
        port: Port to listen on; a free one when None.
        extra_args: More ``streamlit run`` options.
        timeout: Seconds to wait for ``/_stcore/health`` to answer ``ok``.
        db_url: The workshop database (``$SYSSELSATTNING_DB_URL``); None gives a new, empty SQLite
            file in a temporary directory, so a test run never touches ``data/``.

    Returns:
        The running server.
    """
    port = port or free_port()
    log = Path(tempfile.mkstemp(prefix=f"streamlit-{port}-", suffix=".log")[1])
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        *extra_args,
    ]
    owned = None
    if db_url is None:
        owned = Path(tempfile.mkdtemp(prefix="st-db-"))
        db_url = f"sqlite:///{owned / 'workshops.sqlite3'}"
    env = {**os.environ, DB_URL_ENV: db_url}
    t0 = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = t0 + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        if health(url, 0.5) == "ok":
            break
        if time.perf_counter() > deadline:
            proc.kill()
            raise RuntimeError(f"streamlit not healthy after {timeout}s:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.05)
    return Server(proc=proc, url=url, log=log, startup_s=time.perf_counter() - t0, owned_dir=owned)


def rss_kb(pid: int) -> int | None:
    """Resident memory of a process in kB (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


# --------------------------------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------------------------------


def launch_kwargs() -> dict[str, Any]:
    """Keyword arguments for ``playwright.chromium.launch`` with Debian's Chromium."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: run ./scripts/test.sh (it installs Debian's chromium)")
    return {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


def axe_source() -> str:
    """The text of axe.min.js from the project cache (``$AXE_JS`` overrides)."""
    path = Path(os.environ.get("AXE_JS") or AXE_CACHE)
    if not path.is_file():
        raise RuntimeError(f"{path} not found: run ./scripts/test.sh (it fetches axe-core from npm)")
    return path.read_text(encoding="utf-8")


def is_benign_console(text: str, url: str) -> bool:
    """Streamlit's own probes of ``<page>/_stcore/health`` and ``host-config`` on a deep link (404)."""
    return (
        "404" in text
        and "/_stcore/" in (url or "")
        and any(p in url for p in ("/_stcore/health", "/_stcore/host-config"))
    )


@dataclass
class ErrorLog:
    """Errors a page reported to the browser console or as uncaught exceptions."""

    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        """Start recording the errors of ``page``."""

        def on_console(msg: Any) -> None:
            if msg.type == "error":
                url = (msg.location or {}).get("url", "")
                if not is_benign_console(msg.text, url):
                    self.console.append(f"{msg.text[:400]} ({url})")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)[:400]))

    def clear(self) -> None:
        """Forget what was recorded so far."""
        self.console.clear()
        self.page_errors.clear()


def errors_of(page: Any) -> ErrorLog:
    """The :class:`ErrorLog` attached to ``page`` (attached on first use)."""
    log = getattr(page, "_st_errors", None)
    if log is None:
        log = ErrorLog()
        log.attach(page)
        page._st_errors = log
    return log


def new_app_page(context: Any) -> Any:
    """A new page in ``context`` that records readiness and errors."""
    context.add_init_script(INIT_JS)
    page = context.new_page()
    errors_of(page)
    return page


# --------------------------------------------------------------------------------------------------
# Navigation and waiting
# --------------------------------------------------------------------------------------------------


def url_path(spec: PageSpec) -> str:
    """The URL path of a registered page ("" for the default page, which Streamlit serves at /)."""
    return "" if spec == PAGES[0] else spec.url_path


def finishes(page: Any) -> int:
    """How many script runs have finished in this page so far."""
    return int(page.evaluate(STATE_JS)["finishes"])


def wait_rendered(
    page: Any, after: int | None = None, quiet_ms: int = QUIET_MS, timeout: float = TIMEOUT_S, soft_s: float = 10.0
) -> str:
    """Wait until the app has rendered.

    Args:
        page: The Playwright page.
        after: Wait for a script run that finished after this many runs (see :func:`finishes`);
            None waits for the first run of a page load, 0 only for a quiet, idle page.
        quiet_ms: How long the DOM must be unchanged.
        timeout: Seconds before giving up.
        soft_s: Seconds to wait for lazy parts (charts, images, fonts) once the script has finished.

    Returns:
        "ok", or "ok; still pending: ..." when lazy parts were still loading at the soft deadline.
    """
    min_finishes = 1 if after is None else (after + 1 if after > 0 else 0)
    now = page.evaluate("performance.now()")
    arg = {"quietMs": quiet_ms, "minFinishes": min_finishes, "softDeadline": now + soft_s * 1000}
    result = page.wait_for_function(READY_JS, arg=arg, polling=50, timeout=timeout * 1000).json_value()
    if result == "disconnected":
        raise AssertionError("the browser lost its connection to the Streamlit server")
    return str(result)


@contextmanager
def rerun(page: Any, quiet_ms: int = QUIET_MS, timeout: float = TIMEOUT_S) -> Iterator[None]:
    """Wait, after the block, for the script run the block's interaction started."""
    before = finishes(page)
    yield
    wait_rendered(page, after=before, quiet_ms=quiet_ms, timeout=timeout)


def open_page(page: Any, path: PageSpec | str = "", lang: str = "sv", **query: str) -> str:
    """Navigate to a page of the app in ``lang`` and wait until it has rendered.

    Args:
        page: A page from the ``page`` fixture (its context knows the server's base URL).
        path: A :class:`PageSpec` from ``ui.registry.PAGES`` or a URL path such as ``"process"``.
        lang: "sv" or "en" (sent as ``?lang=``).
        **query: More query parameters.

    Returns:
        The readiness result of :func:`wait_rendered`.
    """
    rel = url_path(path) if isinstance(path, PageSpec) else str(path).strip("/")
    params = "&".join(f"{k}={v}" for k, v in {"lang": lang, **query}.items())
    page.goto(f"/{rel}?{params}", wait_until="domcontentloaded")
    return wait_rendered(page)


def exceptions(page: Any) -> list[str]:
    """Texts of the Streamlit exception boxes on the page."""
    return list(page.evaluate(EXCEPTIONS_JS))


def assert_clean(page: Any, server: Server | None = None) -> None:
    """Fail when the page shows a Streamlit exception or logged a page or console error."""
    log = errors_of(page)
    problems = (
        [f"exception box: {e.splitlines()[0] if e else ''}" for e in exceptions(page)]
        + [f"page error: {e}" for e in log.page_errors]
        + [f"console error: {e}" for e in log.console]
    )
    if problems:
        tail = f"\n--- server log ---\n{server.log_tail()}" if server else ""
        raise AssertionError(f"{page.url}:\n  " + "\n  ".join(problems) + tail)


def key_selector(key: str) -> str:
    """CSS selector of the element container of the widget with ``key`` (Streamlit's ``st-key-`` class)."""
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def switch_language(page: Any, lang: str) -> None:
    """Use the language switch in the sidebar (no-op when ``lang`` is already chosen)."""
    choose_radio(page, LANG_NAMES[lang], within=f"{SIDEBAR} {key_selector(LANG_KEY)}")


def nav_links(page: Any) -> list[tuple[str, str]]:
    """(href, text) of every visible navigation link."""
    links = page.locator('[data-testid="stSidebarNavLink"]')
    return [
        (links.nth(i).get_attribute("href") or "", _link_label(links.nth(i)))
        for i in range(links.count())
        if links.nth(i).is_visible()
    ]


def go_to(page: Any, spec: PageSpec) -> None:
    """Follow the navigation link of ``spec`` in the same session (keeps session state)."""
    links = page.locator('[data-testid="stSidebarNavLink"]')
    for i in range(links.count()):
        if urlparse(links.nth(i).get_attribute("href") or "").path.strip("/") == url_path(spec):
            with rerun(page):
                links.nth(i).click()
            return
    raise AssertionError(f"no navigation link for {spec.path}")


def active_nav_href(page: Any) -> str | None:
    """The href of the navigation link marked as the current page."""
    link = page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]')
    return link.first.get_attribute("href") if link.count() else None


def active_nav_text(page: Any) -> str | None:
    """The text of the navigation link marked as the current page."""
    link = page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]')
    return _link_label(link.first) if link.count() else None


def _link_label(link: Any) -> str:
    """The label of a navigation link without its icon's ligature text."""
    return str(link.locator('[data-testid="stMarkdownContainer"]').first.inner_text()).strip()


def query_param(page: Any, name: str) -> str | None:
    """A query parameter of the page's current URL."""
    values = parse_qs(urlparse(page.url).query).get(name)
    return values[0] if values else None


# --------------------------------------------------------------------------------------------------
# Interactions (each waits for the rerun it causes)
# --------------------------------------------------------------------------------------------------


def set_number(page: Any, label: str, value: float) -> None:
    """Type ``value`` into the number input labelled ``label`` and commit it with Enter.

    Works for Streamlit's number input and for the app's number fields (``ui/number_field.py``, text
    inputs that read numbers as people write them).
    """
    box = page.get_by_role("spinbutton", name=label, exact=True)
    if not box.count():
        box = page.get_by_role("textbox", name=label, exact=True)
    current = box.input_value()
    try:
        if current != "" and float(current) == float(value):
            return
    except ValueError:
        pass
    with rerun(page):
        box.fill(str(value))
        box.press("Enter")


def set_text(page: Any, label: str, value: str) -> None:
    """Type ``value`` into the text input or text area labelled ``label`` and commit it."""
    box = page.get_by_label(label, exact=True)
    if box.input_value() == value:
        return
    with rerun(page):
        box.fill(value)
        if box.evaluate("e => e.tagName") == "TEXTAREA":
            box.press("Control+Enter")
        else:
            box.press("Enter")


def select_option(page: Any, label: str, option: str) -> None:
    """Choose ``option`` in the select box labelled ``label``."""
    box = (
        page.locator('[data-testid="stSelectbox"]')
        .filter(has=page.locator('[data-testid="stWidgetLabel"]', has_text=label))
        .first
    )
    with rerun(page):
        box.locator('[role="combobox"], input').first.click()
        page.get_by_role("option", name=option, exact=True).click()


def choose_radio(page: Any, option: str, within: str = "body") -> None:
    """Pick the radio option with the visible text ``option`` (e.g. "English" in the sidebar)."""
    opt = page.locator(f'{within} [data-testid="stRadioOption"]').filter(has_text=option).first
    if opt.get_attribute("data-selected") == "true":
        return
    with rerun(page):
        opt.click()


def set_checkbox(page: Any, label: str, checked: bool = True) -> None:
    """Tick or untick the checkbox labelled ``label``."""
    box = page.get_by_role("checkbox", name=label, exact=True)
    if box.is_checked() == checked:
        return
    with rerun(page):
        box.locator("xpath=ancestor::label[1]").click()


def click_button(page: Any, text: str) -> None:
    """Click the button with the text ``text`` and wait for the rerun."""
    with rerun(page):
        page.get_by_role("button", name=text, exact=True).click()


def number_stepper(page: Any) -> tuple[int, Any] | None:
    """The first number input of the page content that a step button can change (not in a form).

    Returns:
        (index among the content's number inputs, the enabled step button), or None.
    """
    boxes = page.locator(f'{MAIN} [data-testid="stNumberInput"]')
    for i in range(boxes.count()):
        box = boxes.nth(i)
        if not box.is_visible() or box.locator("xpath=ancestor::*[@data-testid='stForm']").count():
            continue
        for test_id in ("stNumberInputStepUp", "stNumberInputStepDown"):
            button = box.get_by_test_id(test_id)
            if button.count() and button.is_enabled():
                return i, button
    return None


def download(page: Any, button_text: str, dest: Path | None = None) -> Path:
    """Click the download button ``button_text`` and return the path of the saved file.

    Args:
        page: The Playwright page.
        button_text: The visible text of the ``st.download_button``.
        dest: Directory to save into (a new temporary directory by default).
    """
    button = page.locator('[data-testid="stDownloadButton"]').get_by_role("button", name=button_text, exact=True)
    with page.expect_download(timeout=TIMEOUT_S * 1000) as info:
        button.click()
    item = info.value
    folder = dest or Path(tempfile.mkdtemp(prefix="st-download-"))
    target = folder / item.suggested_filename
    item.save_as(target)
    wait_rendered(page, after=0)
    return target


def run_axe(page: Any, disabled: tuple[str, ...] = ()) -> dict[str, Any]:
    """Run axe-core in the page (injected from the local cache) and return its violations.

    Every violation has ``nodes_in_main``: how many of its nodes are inside the app's own content
    (``stMain``) rather than Streamlit's frame (sidebar, header, toolbar).
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    return dict(page.evaluate(AXE_RUN_JS, list(disabled)))
