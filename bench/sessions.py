"""Concurrency benchmark: many people using one server at once (a workshop is 30-50 people).

usage: .venv/bin/python bench/sessions.py [--n 30 50] [--page calculator] [--client ws|browser] [--spread 0 30]
                                         [--json out.json]

Starts its own server and measures:
  * cold start: process start -> health endpoint answers -> first page rendered (one browser load);
  * for each N: N sessions open the page at once, then all change one input (a number input in the
    page, else a checkbox, else the language switch), all at the same moment or, with --spread S, each
    at a random moment within S seconds (people in a workshop): successes, load and rerun p50/p95/max;
  * the server's resident memory before the sessions and with all of them open, the growth per
    session ((after - before) / N), and the server's CPU time per rerun.
Clients:
  ws       (default) each session is a websocket speaking Streamlit's own protocol, as a browser does,
           without drawing anything: what the server sees from N people on N machines. Load = request
           to the end of the first script run; rerun = widget change sent to the end of the rerun.
  browser  each session is a Chromium context on this machine: end to end, but N browsers share the
           cores with the server, so at high N the times are mostly the browser's.
Targets printed next to the numbers: every session succeeds, rerun p95 < 1 s, < 5 MB per session.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser")]

from st_browser import (  # noqa: E402
    EXCEPTIONS_JS,
    INIT_JS,
    LANG_NAMES,
    MAIN,
    READY_JS,
    SIDEBAR,
    STATE_JS,
    VIEWPORT,
    Server,
    launch_kwargs,
    rss_kb,
    start_server,
    url_path,
)

from ui.registry import PAGES  # noqa: E402
from ui.state import LANG_KEY  # noqa: E402

TARGET_P95_MS = 1000
TARGET_MB_PER_SESSION = 5.0
QUIET_MS = 300
#: How often each browser page checks whether it has rendered (50 pages polling fast would load the browser).
POLL_MS = 200
CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return 0.0


def percentile(values: list[float], p: float) -> float | None:
    """Percentile with linear interpolation (p in 0..100)."""
    v = sorted(values)
    if not v:
        return None
    k = (len(v) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


# --------------------------------------------------------------------------------------------------
# Protocol-level client
# --------------------------------------------------------------------------------------------------


class WsSession:
    """One Streamlit session over its websocket, no rendering."""

    def __init__(self, index: int, server: Server, page: str) -> None:
        self.index, self.server, self.page = index, server, page
        self.ws: Any = None
        self.page_hash = ""
        self.widgets: list[tuple[str, Any, list[int]]] = []
        self.rec: dict[str, Any] = {"session": index, "errors": []}

    async def _run(self, msg: Any) -> float:
        """Send a rerun request; return ms until the run finished. Records widgets and exceptions."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        self.widgets = []
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await self.ws.recv())
            kind = fm.WhichOneof("type")
            if kind == "navigation":
                self.page_hash = fm.navigation.page_script_hash
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                etype = el.WhichOneof("type")
                if etype == "exception":
                    self.rec["errors"].append(f"exception: {el.exception.type}: {el.exception.message[:120]}")
                elif etype in ("number_input", "checkbox", "radio"):
                    self.widgets.append((etype, getattr(el, etype), list(fm.metadata.delta_path)))
            elif kind == "script_finished" and fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                if fm.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    self.rec["errors"].append("compile error")
                return (time.perf_counter() - t0) * 1000

    def _request(self) -> Any:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        msg.rerun_script.query_string = "lang=sv"
        if self.page_hash:
            msg.rerun_script.page_script_hash = self.page_hash
        else:
            msg.rerun_script.page_name = self.page
        return msg

    async def load(self, timeout: float) -> None:
        import websockets

        try:
            self.ws = await websockets.connect(
                self.server.url.replace("http://", "ws://") + "/_stcore/stream",
                subprotocols=["streamlit"],
                additional_headers={"Origin": self.server.url},
                max_size=None,
                open_timeout=timeout,
            )
            self.rec["load_ms"] = await asyncio.wait_for(self._run(self._request()), timeout)
        except Exception as exc:
            self.rec["load_ms"] = None
            self.rec["errors"].append(f"load: {exc!r}"[:160])

    def _change(self, msg: Any) -> str:
        """Add one changed widget value to ``msg``; return what was changed."""
        from streamlit.proto.NumberInput_pb2 import NumberInput

        state = msg.rerun_script.widget_states.widgets.add()
        for etype, w, path in self.widgets:
            if etype == "number_input" and path[0] == 0 and not w.disabled and not w.form_id:
                now = w.value if w.set_value else w.default
                step = w.step or 1
                new = now + step if not w.has_max or now + step <= w.max else now - step
                state.id = w.id
                if w.data_type == NumberInput.INT:
                    state.int_value = int(new)
                else:
                    state.double_value = float(new)
                return "number"
        for etype, w, path in self.widgets:
            if etype == "checkbox" and path[0] == 0 and not w.disabled and not w.form_id:
                state.id, state.bool_value = w.id, not (w.value if w.set_value else w.default)
                return "checkbox"
        lang = next(w for etype, w, _ in self.widgets if etype == "radio" and w.id.endswith("-" + LANG_KEY))
        state.id, state.string_value = lang.id, LANG_NAMES["en"]
        return "language"

    async def change_input(self, timeout: float) -> None:
        if self.rec.get("load_ms") is None:
            self.rec["rerun_ms"] = None
            return
        try:
            msg = self._request()
            self.rec["input"] = self._change(msg)
            self.rec["rerun_ms"] = await asyncio.wait_for(self._run(msg), timeout)
        except Exception as exc:
            self.rec["rerun_ms"] = None
            self.rec["errors"].append(f"rerun: {exc!r}"[:160])

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


# --------------------------------------------------------------------------------------------------
# Browser client
# --------------------------------------------------------------------------------------------------


async def wait_ready(page: Any, min_finishes: int, timeout_s: float) -> str:
    now = await page.evaluate("performance.now()")
    arg = {"quietMs": QUIET_MS, "minFinishes": min_finishes, "softDeadline": now + 10_000}
    handle = await page.wait_for_function(READY_JS, arg=arg, polling=POLL_MS, timeout=timeout_s * 1000)
    return str(await handle.json_value())


class BrowserSession:
    """One Chromium context = one Streamlit session, measured in the page's own clock."""

    def __init__(self, index: int, server: Server, page: str, browser: Any) -> None:
        self.index, self.server, self.path, self.browser = index, server, f"/{page}?lang=sv", browser
        self.ctx: Any = None
        self.page: Any = None
        self.rec: dict[str, Any] = {"session": index, "errors": []}

    async def load(self, timeout: float) -> None:
        self.ctx = await self.browser.new_context(base_url=self.server.url + "/", viewport=VIEWPORT)
        await self.ctx.add_init_script(INIT_JS)
        self.page = await self.ctx.new_page()
        self.page.on("pageerror", lambda e: self.rec["errors"].append(str(e)[:200]))
        try:
            await self.page.goto(self.path, wait_until="domcontentloaded", timeout=timeout * 1000)
            ready = await wait_ready(self.page, 1, timeout)
            self.rec["load_ms"] = (await self.page.evaluate(STATE_JS))["lastMut"] if ready.startswith("ok") else None
        except Exception as exc:
            self.rec["load_ms"] = None
            self.rec["errors"].append(f"load: {str(exc).splitlines()[0][:150]}")

    async def _target(self) -> tuple[str, Any]:
        boxes = self.page.locator(f'{MAIN} [data-testid="stNumberInput"]')
        for i in range(await boxes.count()):
            for test_id in ("stNumberInputStepUp", "stNumberInputStepDown"):
                button = boxes.nth(i).get_by_test_id(test_id)
                if await button.is_visible() and await button.is_enabled():
                    return "number", button
        check = self.page.locator(f'{MAIN} [data-testid="stCheckbox"] label')
        if await check.count() and await check.first.is_visible():
            return "checkbox", check.first
        return "language", self.page.locator(
            f'{SIDEBAR} [data-testid="stRadioOption"]:not([data-selected="true"])'
        ).first

    async def change_input(self, timeout: float) -> None:
        if self.rec.get("load_ms") is None:
            self.rec["rerun_ms"] = None
            return
        try:
            self.rec["input"], target = await self._target()
            before = (await self.page.evaluate(STATE_JS))["finishes"]
            await target.click(timeout=timeout * 1000)
            ready = await wait_ready(self.page, before + 1, timeout)
            st = await self.page.evaluate(STATE_JS)
            ok = ready.startswith("ok") and st["lastInput"] is not None
            self.rec["rerun_ms"] = st["lastMut"] - st["lastInput"] if ok else None
            self.rec["errors"] += [f"exception: {e[:120]}" for e in await self.page.evaluate(EXCEPTIONS_JS)]
        except Exception as exc:
            self.rec["rerun_ms"] = None
            self.rec["errors"].append(f"rerun: {str(exc).splitlines()[0][:150]}")

    async def close(self) -> None:
        if self.ctx is not None:
            await self.ctx.close()


# --------------------------------------------------------------------------------------------------
# Runs
# --------------------------------------------------------------------------------------------------


async def run_n(make: Any, server: Server, n: int, timeout: float, spread: float = 0.0) -> dict[str, Any]:
    """N sessions at once: load, then change one input each (all at once, or at random moments within
    ``spread`` seconds); memory and CPU before and after."""
    before, cpu0 = rss_kb(server.pid) or 0, cpu_s(server.pid)
    sessions = [make(i) for i in range(n)]
    t0 = time.perf_counter()
    await asyncio.gather(*(s.load(timeout) for s in sessions))
    load_wall, cpu1 = time.perf_counter() - t0, cpu_s(server.pid)
    t1 = time.perf_counter()
    rng = random.Random(n)

    async def change(s: Any) -> None:
        await asyncio.sleep(rng.uniform(0, spread))
        await s.change_input(timeout)

    await asyncio.gather(*(change(s) for s in sessions))
    rerun_wall, cpu2 = time.perf_counter() - t1, cpu_s(server.pid)
    after = rss_kb(server.pid) or 0
    await asyncio.gather(*(s.close() for s in sessions))
    recs = [s.rec for s in sessions]
    loads = [r["load_ms"] for r in recs if r.get("load_ms") is not None]
    reruns = [r["rerun_ms"] for r in recs if r.get("rerun_ms") is not None]
    ok = [r for r in recs if r.get("rerun_ms") is not None and not r["errors"]]
    await asyncio.sleep(3)
    return {
        "n": n,
        "spread_s": spread,
        "ok": len(ok),
        "inputs": sorted({r.get("input", "-") for r in recs}),
        "load_p50": percentile(loads, 50),
        "load_p95": percentile(loads, 95),
        "rerun_p50": percentile(reruns, 50),
        "rerun_p95": percentile(reruns, 95),
        "rerun_max": max(reruns) if reruns else None,
        "load_wall_s": load_wall,
        "rerun_wall_s": rerun_wall,
        "rss_before_mb": before / 1024,
        "rss_after_mb": after / 1024,
        "rss_closed_mb": (rss_kb(server.pid) or 0) / 1024,
        "mb_per_session": (after - before) / 1024 / n,
        "server_cpu_load_s": cpu1 - cpu0,
        "server_cpu_rerun_s": cpu2 - cpu1,
        "server_cpu_ms_per_rerun": (cpu2 - cpu1) * 1000 / n,
        "failures": [r for r in recs if r not in ok][:5],
    }


async def main_async(a: argparse.Namespace) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    spec = next((s for s in PAGES if s.url_path == a.page or (not a.page and s == PAGES[0])), None)
    if spec is None:
        raise SystemExit(f"unknown page {a.page!r}; choose one of {[s.url_path for s in PAGES]}")
    page = url_path(spec)
    out: dict[str, Any] = {"page": spec.url_path, "client": a.client}
    async with async_playwright() as p:
        browser = await p.chromium.launch(**launch_kwargs())

        def make_for(server: Server) -> Any:
            def make(i: int) -> Any:
                return WsSession(i, server, page) if a.client == "ws" else BrowserSession(i, server, page, browser)

            return make

        out["runs"] = []
        for spread in a.spread:
            for n in a.n:  # a fresh server per run, so memory growth is not inherited from the last run
                t0 = time.perf_counter()
                server = start_server("app.py")
                try:
                    # The first visit goes to '/': on a fresh server a deep link would show "Page not found"
                    # (Streamlit learns the st.navigation pages only when the main script has run once).
                    first = BrowserSession(-1, server, "", browser)
                    await first.load(a.timeout)
                    if "cold_health_s" not in out:
                        out["cold_health_s"] = server.startup_s
                        out["cold_first_render_s"] = time.perf_counter() - t0
                        out["cold_first_load_ms"] = first.rec.get("load_ms")
                    await first.close()
                    warm = make_for(server)(-2)
                    await warm.load(a.timeout)
                    await warm.change_input(a.timeout)  # first imports of the page and the interaction
                    await warm.close()
                    out["runs"].append(await run_n(make_for(server), server, n, a.timeout, spread))
                finally:
                    server.stop()
        await browser.close()
    return out


def fmt(v: float | None, digits: int = 0) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[30, 50], help="session counts (default 30 50)")
    ap.add_argument("--page", default="", help="url_path of the page (default: the start page)")
    ap.add_argument("--client", choices=("ws", "browser"), default="ws", help="see the module doc (default ws)")
    ap.add_argument(
        "--spread",
        type=float,
        nargs="+",
        default=[0.0],
        help="seconds over which the sessions' input changes are spread at random; 0 = all at once "
        "(default 0); several values give several runs",
    )
    ap.add_argument("--timeout", type=float, default=180, help="seconds per load and per rerun")
    ap.add_argument("--json", help="write all numbers here")
    a = ap.parse_args()
    out = asyncio.run(main_async(a))

    print(
        f"\nCold start: health endpoint after {out['cold_health_s']:.2f} s; first page rendered in a browser "
        f"{out['cold_first_render_s']:.2f} s after process start (that load: {fmt(out['cold_first_load_ms'])} ms)"
    )
    print(
        f"\nConcurrent sessions on /{out['page']}, client={out['client']} (targets: all succeed, "
        f"rerun p95 < {TARGET_P95_MS} ms, < {TARGET_MB_PER_SESSION} MB per session)"
    )
    print(
        f"{'N':>4}{'spread':>7}{'ok':>5}{'load p50':>10}{'load p95':>10}{'rerun p50':>11}{'rerun p95':>11}{'max':>7}"
        f"{'RSS MB':>14}{'MB/sess':>9}{'cpu/rerun':>11}  targets  input"
    )
    for r in out["runs"]:
        met = [r["ok"] == r["n"], (r["rerun_p95"] or 1e9) < TARGET_P95_MS, r["mb_per_session"] < TARGET_MB_PER_SESSION]
        rss = f"{r['rss_before_mb']:.0f}->{r['rss_after_mb']:.0f}"
        print(
            f"{r['n']:>4}{r['spread_s']:>6.0f}s{r['ok']:>5}{fmt(r['load_p50']):>10}{fmt(r['load_p95']):>10}{fmt(r['rerun_p50']):>11}"
            f"{fmt(r['rerun_p95']):>11}{fmt(r['rerun_max']):>7}{rss:>14}{fmt(r['mb_per_session'], 2):>9}"
            f"{fmt(r['server_cpu_ms_per_rerun']) + ' ms':>11}  {''.join('y' if m else 'N' for m in met):<7}  "
            f"{','.join(r['inputs'])}"
        )
        for f in r["failures"]:
            print(f"      failed session {f['session']}: {f['errors'][:2]}")
    print(
        "targets: all succeeded / rerun p95 / memory per session (y = met, N = not met); "
        "cpu/rerun = server CPU time of the rerun phase / N"
    )
    if a.json:
        Path(a.json).write_text(json.dumps(out, indent=2, default=str))


if __name__ == "__main__":
    main()
