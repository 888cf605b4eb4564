"""Page benchmark: each page of the app against a bare Streamlit page with the same elements.

usage: .venv/bin/python bench/pages.py [--repeat 3] [--heaviest 3] [--pages a,b] [--json out.json]

For every page in ``ui.registry.PAGES`` (Swedish):
  * load time = navigation start to the last DOM change of the first full render, in a fresh browser
    session, median of ``--repeat`` loads after one unmeasured load;
  * the same for ``bench/bare_app.py`` drawing the same number of each kind of element (counted on
    the app's page), served by a second server in the same run; loads alternate page / bare;
  * ratio = page / bare (target: <= 1.5).
For the ``--heaviest`` slowest pages (or every page named in ``--pages``) it also measures the rerun
after changing one input (a number input's step button, else a number typed into the first number
field, else a checkbox or radio in the page, else the language switch) from the pointer press or
the Enter key to the last DOM change, against the same change on the bare page, and the server's CPU
time per rerun (user + system, from /proc, both servers alike). Last it reports the app server's
resident memory per session: RSS growth over ``--sessions`` fresh sessions on those pages, divided by
their number.
Both servers and the browser share this machine's cores; compare ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser")]

from st_browser import (  # noqa: E402
    MAIN,
    SIDEBAR,
    STATE_JS,
    VIEWPORT,
    finishes,
    launch_kwargs,
    new_app_page,
    number_stepper,
    start_server,
    url_path,
    wait_rendered,
)

from ui.registry import PAGES  # noqa: E402

TARGET_RATIO = 1.5

COMPOSITION_JS = r"""
() => {
  const map = {stMarkdown: 'md', stHeading: 'md', stCaptionContainer: 'md', stText: 'md', stAlert: 'md',
    stMetric: 'md', stCode: 'md', stJson: 'md', stNumberInput: 'num', stTextInput: 'text', stTextArea: 'text',
    stSelectbox: 'select', stMultiSelect: 'select', stRadio: 'radio', stCheckbox: 'check', stSlider: 'slider',
    stSelectSlider: 'slider', stButton: 'button', stDownloadButton: 'button', stPageLink: 'button',
    stLinkButton: 'button', stFormSubmitButton: 'button', stVegaLiteChart: 'chart', stDataFrame: 'df',
    stTable: 'table'};
  const counts = {}, other = {};
  for (const c of document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]')) {
    let kind = null, first = null;
    for (const el of c.querySelectorAll('[data-testid]')) {
      const id = el.getAttribute('data-testid');
      if (first === null) first = id;
      if (map[id]) { kind = map[id]; break; }
    }
    if (kind === null) { kind = 'md'; other[first] = (other[first] || 0) + 1; }
    counts[kind] = (counts[kind] || 0) + 1;
  }
  return {counts, other};
}
"""


def rendered_ms(page: Any) -> float:
    """Milliseconds from navigation start to the last DOM change of the render."""
    return float(page.evaluate(STATE_JS)["lastMut"])


def load(browser: Any, base: str, path: str) -> tuple[float, dict[str, Any]]:
    """One fresh-session load; returns (rendered ms, element composition)."""
    ctx = browser.new_context(base_url=base, viewport=VIEWPORT)
    try:
        page = new_app_page(ctx)
        page.goto(path, wait_until="domcontentloaded")
        wait_rendered(page)
        return rendered_ms(page), page.evaluate(COMPOSITION_JS)
    finally:
        ctx.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds the process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of the process (MB, Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class TypeNumber:
    """Typing a different number into a text field and pressing Enter (Streamlit commits on Enter)."""

    def __init__(self, field: Any) -> None:
        self.field = field

    def click(self) -> None:
        current = self.field.input_value()
        self.field.fill("8" if current.strip() != "8" else "9")
        self.field.press("Enter")


def first_text_field(page: Any) -> Any | None:
    """The first visible text field of the page content that is not in a form."""
    loc = page.locator(f'{MAIN} [data-testid="stTextInput"] input')
    for i in range(min(loc.count(), 20)):
        field = loc.nth(i)
        if field.is_visible() and field.locator("xpath=ancestor::*[@data-testid='stForm']").count() == 0:
            return field
    return None


def find_action(page: Any) -> tuple[str, Any] | tuple[None, None]:
    """The input to change: (kind, object with ``click()``)."""
    stepper = number_stepper(page)
    if stepper is not None:
        return "num", stepper[1]
    field = first_text_field(page)
    if field is not None:
        return "text", TypeNumber(field)
    for kind, sel in (
        ("check", f'{MAIN} [data-testid="stCheckbox"] label'),
        ("radio", f'{MAIN} [data-testid="stRadioOption"]:not([data-selected="true"])'),
    ):
        loc = page.locator(sel)
        for i in range(loc.count()):
            if loc.nth(i).is_visible() and loc.nth(i).locator("xpath=ancestor::*[@data-testid='stForm']").count() == 0:
                return kind, loc.nth(i)
    return "lang", page.locator(f'{SIDEBAR} [data-testid="stRadioOption"]:not([data-selected="true"])').first


def bare_action(page: Any, kind: str) -> Any:
    """The bare page's input of the same kind."""
    if kind == "num":
        return page.locator(f'{MAIN} [data-testid="stNumberInputStepUp"]').first
    if kind == "text":
        return TypeNumber(page.locator(f'{MAIN} [data-testid="stTextInput"] input').first)
    if kind == "check":
        return page.locator(f'{MAIN} [data-testid="stCheckbox"] label').first
    if kind == "radio":
        return page.locator(f'{MAIN} [data-testid="stRadioOption"]:not([data-selected="true"])').first
    return page.locator(f'{SIDEBAR} [data-testid="stRadioOption"]:not([data-selected="true"])').first


def measure_reruns(
    browser: Any, base: str, path: str, pick: Any, times: int, pid: int
) -> tuple[str, list[float], float]:
    """Rerun times (ms) after ``times`` changes of the input ``pick(page)`` returns, in one session,
    and the server's CPU milliseconds per rerun."""
    ctx = browser.new_context(base_url=base, viewport=VIEWPORT)
    out: list[float] = []
    kind = "-"
    cpu = 0.0
    try:
        page = new_app_page(ctx)
        page.goto(path, wait_until="domcontentloaded")
        wait_rendered(page)
        for _ in range(times):
            kind, target = pick(page)
            before = finishes(page)
            cpu0 = cpu_seconds(pid)
            target.click()
            wait_rendered(page, after=before)
            cpu += cpu_seconds(pid) - cpu0
            st = page.evaluate(STATE_JS)
            out.append(float(st["lastMut"] - st["lastInput"]))
    finally:
        ctx.close()
    return kind, out, 1000 * cpu / max(times, 1)


def memory_per_session(browser: Any, base: str, paths: list[str], sessions: int, pid: int) -> float:
    """MB of server RSS each fresh session adds, over ``sessions`` sessions kept open on ``paths``."""
    before = rss_mb(pid)
    contexts = []
    try:
        for i in range(sessions):
            ctx = browser.new_context(base_url=base, viewport=VIEWPORT)
            contexts.append(ctx)
            page = new_app_page(ctx)
            page.goto(paths[i % len(paths)], wait_until="domcontentloaded")
            wait_rendered(page)
        return (rss_mb(pid) - before) / max(sessions, 1)
    finally:
        for ctx in contexts:
            ctx.close()


def bare_path_for(counts: dict[str, int], kind: str) -> str:
    """The bare page mirroring ``counts``, with at least one input of ``kind``."""
    counts = dict(counts)
    if kind in ("num", "check", "radio"):
        counts[kind] = max(1, counts.get(kind, 0))
    return "/?" + query(counts)


def query(counts: dict[str, int]) -> str:
    """The bare page's URL query for an element composition."""
    return "&".join(f"{k}={v}" for k, v in sorted(counts.items()))


def fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:.0f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="measured loads per page (default 3)")
    ap.add_argument("--heaviest", type=int, default=3, help="pages to measure reruns on (default 3)")
    ap.add_argument("--reruns", type=int, default=4, help="input changes per page (default 4)")
    ap.add_argument("--pages", help="only these pages (url paths, comma-separated); reruns on all of them")
    ap.add_argument("--sessions", type=int, default=6, help="sessions for the memory figure (default 6)")
    ap.add_argument("--json", help="write all numbers here")
    a = ap.parse_args()

    from playwright.sync_api import Error as PWError
    from playwright.sync_api import sync_playwright

    app = start_server("app.py")
    bare = start_server("bench/bare_app.py")
    rows: list[dict[str, Any]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(**launch_kwargs())
            app_base, bare_base = app.url + "/", bare.url + "/"
            load(browser, app_base, "/")  # first imports and page registration, not measured
            load(browser, bare_base, "/")
            chosen = [p.strip() for p in a.pages.split(",")] if a.pages else None
            for spec in PAGES:
                if chosen is not None and spec.url_path not in chosen:
                    continue
                path = f"/{url_path(spec)}?lang=sv"
                _, comp = load(browser, app_base, path)
                bare_path = "/?" + query(comp["counts"])
                page_ms, bare_ms = [], []
                for _ in range(a.repeat):
                    page_ms.append(load(browser, app_base, path)[0])
                    bare_ms.append(load(browser, bare_base, bare_path)[0])
                pm, bm = statistics.median(page_ms), statistics.median(bare_ms)
                rows.append(
                    {
                        "page": spec.url_path,
                        "path": path,
                        "bare_path": bare_path,
                        "elements": sum(comp["counts"].values()),
                        "composition": comp["counts"],
                        "unmapped": comp["other"],
                        "page_ms": pm,
                        "bare_ms": bm,
                        "ratio": pm / bm,
                        "page_ms_all": page_ms,
                        "bare_ms_all": bare_ms,
                    }
                )
            heavy = rows if chosen else sorted(rows, key=lambda r: r["page_ms"], reverse=True)[: a.heaviest]
            for r in heavy:
                try:
                    kind, times, cpu = measure_reruns(browser, app_base, r["path"], find_action, a.reruns, app.pid)
                    _, btimes, bcpu = measure_reruns(
                        browser,
                        bare_base,
                        bare_path_for(r["composition"], kind),
                        lambda page, k=kind: (k, bare_action(page, k)),
                        a.reruns,
                        bare.pid,
                    )
                except PWError as exc:
                    r["rerun_kind"] = f"error: {str(exc).splitlines()[0][:80]}"
                    continue
                r["rerun_kind"] = kind
                r["rerun_ms"] = statistics.median(times)
                r["bare_rerun_ms"] = statistics.median(btimes)
                r["rerun_ratio"] = r["rerun_ms"] / r["bare_rerun_ms"] if r["bare_rerun_ms"] else None
                r["cpu_ms"], r["bare_cpu_ms"] = cpu, bcpu
            mem = (
                memory_per_session(browser, app_base, [r["path"] for r in heavy], a.sessions, app.pid) if heavy else 0.0
            )
            browser.close()
    finally:
        app.stop()
        bare.stop()

    print(
        f"\nPage load vs bare Streamlit page with the same elements (median of {a.repeat}; target ratio <= "
        f"{TARGET_RATIO})"
    )
    print(
        f"{'page':<28}{'elems':>6}{'page_ms':>9}{'bare_ms':>9}{'ratio':>7}  {'ok':<4}"
        f"{'rerun':>7}{'bare':>7}{'ratio':>7}{'cpu':>6}{'bare':>6}  input"
    )
    for r in rows:
        ok = "yes" if r["ratio"] <= TARGET_RATIO else "NO"
        rr = f"{r['rerun_ratio']:.2f}" if r.get("rerun_ratio") else "-"
        print(
            f"{r['page']:<28}{r['elements']:>6}{fmt(r['page_ms']):>9}{fmt(r['bare_ms']):>9}{r['ratio']:>7.2f}  "
            f"{ok:<4}{fmt(r.get('rerun_ms')):>7}{fmt(r.get('bare_rerun_ms')):>7}{rr:>7}"
            f"{fmt(r.get('cpu_ms')):>6}{fmt(r.get('bare_cpu_ms')):>6}  {r.get('rerun_kind', '')}"
        )
    print("(rerun, bare: ms from the change to the last DOM change; cpu: server CPU ms per rerun)")
    print(f"server memory per session ({a.sessions} sessions on the rerun pages): {mem:.1f} MB")
    worst = max(rows, key=lambda r: r["ratio"]) if rows else None
    if worst:
        print(
            f"worst ratio: {worst['page']} {worst['ratio']:.2f} (target <= {TARGET_RATIO}: "
            f"{'met' if worst['ratio'] <= TARGET_RATIO else 'NOT met'})"
        )
    if a.json:
        Path(a.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
