"""The scale-out under load and faults: a workshop and supplier reports on the local cluster (scripts/cluster.sh).

usage: .venv/bin/python bench/cluster.py [--replicas 2] [--participants 50] [--suppliers 50] [--json out.json]
                                         [--keep]

Starts its own cluster (PostgreSQL, N replicas, nginx; a temporary CLUSTER_DIR and a free port) and stops it
at the end (``--keep`` leaves it running). Every visitor is a protocol-level client with its own cookies and
websocket through nginx (bench/cluster_client.py), as a phone or laptop in the room would be. Four parts:

1. **Across replicas.** A facilitator on each replica (pinned by its affinity cookie) and P participants
   spread by nginx; every group sends complete answers. Each facilitator's live view must count all P,
   whichever replica it is on, and the database must hold P answers.
2. **A replica killed mid-workshop.** P participants open the form, half of them send, then replica N is
   killed (SIGKILL). Its participants (and facilitator) reconnect through nginx with their cookies, as the
   browser does, and land on another replica: a group that had sent must find its answers again (the form
   offers "send again"), the others send now. Every facilitator left must count P, the database must hold
   P answers, each with its group's own label: no answer lost.
3. **50 clicks at the same moment, 1 replica against N** (the same cluster: for "1 replica" every visitor
   carries the same affinity cookie, so nginx sends them all to one replica). P groups with their answers
   filled change one answer at the same moment (a rerun of the form's fragment), then all press "send"
   (the fragment, then the whole page): p50, p95 and the slowest, and the CPU seconds each replica spent.
4. **Follow-up reports, 1 replica against N.** S suppliers open their contract's report link and press
   "send" at the same moment: p50/p95/max, every report stored.

Limits to keep in mind on this machine (2 cores): the replicas, PostgreSQL, nginx and this load generator
(which parses every message the server sends, in Python) share the cores, so N replicas can at best use
both cores where one replica uses one (a Streamlit process runs Python one thread at a time).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from cluster_client import Disconnected, RunResult, Visitor  # noqa: E402

from guidance.assessment.questionnaire import load_questionnaire  # noqa: E402
from guidance.core.i18n import t  # noqa: E402
from guidance.workshop.cases import load_library  # noqa: E402
from ui.questionnaire_form import UNKNOWN, _widget_value  # noqa: E402
from ui.workshop_form import STYLE  # noqa: E402

LANG = "sv"
CASE_ID = "cleaning"
CLK_TCK = os.sysconf("SC_CLK_TCK")
T = TypeVar("T")


# --------------------------------------------------------------------------- helpers
def percentile(values: list[float], p: float) -> float | None:
    """Percentile with linear interpolation (p in 0..100)."""
    v = sorted(values)
    if not v:
        return None
    k = (len(v) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def stats(ms: list[float]) -> dict[str, float | None]:
    """p50, p95 and max of a list of milliseconds."""
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "max": max(ms) if ms else None}


def cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return 0.0


def machine_busy() -> tuple[float, float]:
    """Busy and total CPU seconds of the whole machine so far (all cores, from /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields) - idle) / CLK_TCK, sum(fields) / CLK_TCK


def cpu_between(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """CPU seconds each part used between two :meth:`Cluster.snapshot` readings, the rest of the machine's busy
    time as ``others`` (other programs on this machine), and the seconds of wall time (``wall``, per core)."""
    used = {k: round(after[k] - before.get(k, 0.0), 1) for k in after if k not in ("machine busy", "machine total")}
    busy = after["machine busy"] - before["machine busy"]
    used["others"] = round(max(0.0, busy - sum(used.values())), 1)
    used["machine busy %"] = round(100 * busy / max(1e-9, after["machine total"] - before["machine total"]))
    return used


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def everyone(coros: list[Awaitable[T]]) -> list[T | BaseException]:
    """Run all at once; each result or its exception."""
    return list(await asyncio.gather(*coros, return_exceptions=True))


async def in_batches(items: list[Any], work: Callable[[Any], Awaitable[T]], at_once: int = 10) -> list[T]:
    """``work`` on every item, at most ``at_once`` at a time (set-up steps that are not measured)."""
    gate = asyncio.Semaphore(at_once)

    async def one(item: Any) -> T:
        async with gate:
            return await work(item)

    return list(await asyncio.gather(*(one(i) for i in items)))


# --------------------------------------------------------------------------- the cluster
class Cluster:
    """The local cluster of scripts/cluster.sh, started for this run (or one already running)."""

    def __init__(self, replicas: int, directory: Path, port: int) -> None:
        self.n, self.dir, self.port = replicas, directory, port
        self.base = f"http://127.0.0.1:{port}"
        self.env = {**os.environ, "CLUSTER_DIR": str(directory), "CLUSTER_PORT": str(port)}

    def sh(self, *args: str) -> None:
        subprocess.run([str(ROOT / "scripts" / "cluster.sh"), *args], env=self.env, check=True, cwd=ROOT)

    def start(self) -> None:
        self.sh("start", str(self.n))

    def stop(self) -> None:
        self.sh("stop")

    @property
    def db_url(self) -> str:
        return (self.dir / "db_url").read_text().strip()

    def replica_address(self, i: int) -> str:
        return f"127.0.0.1:{(self.dir / f'app{i}.port').read_text().strip()}"

    def replica_of(self, address: str) -> int:
        for i in range(1, self.n + 1):
            if self.replica_address(i) == address:
                return i
        raise ValueError(f"no replica at {address!r}")

    def pid(self, i: int) -> int | None:
        path = self.dir / f"app{i}.pid"
        return int(path.read_text()) if path.exists() else None

    def cpu(self) -> dict[int, float]:
        """CPU seconds used so far by each running replica."""
        return {i: cpu_s(pid) for i in range(1, self.n + 1) if (pid := self.pid(i)) is not None}

    def services_cpu(self) -> float:
        """CPU seconds used so far by PostgreSQL's and nginx's processes (the server and its children)."""
        roots = []
        for pidfile in (self.dir / "pg" / "postmaster.pid", self.dir / "nginx" / "nginx.pid"):
            if pidfile.exists():
                roots.append(int(pidfile.read_text().split()[0]))
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(stat.parent.name))
        total, todo = 0.0, list(roots)
        while todo:
            pid = todo.pop()
            total += cpu_s(pid)
            todo += children.get(pid, [])
        return total

    def snapshot(self) -> dict[str, float]:
        """CPU seconds so far: each replica, PostgreSQL + nginx, this load generator, and the whole machine."""
        busy, total = machine_busy()
        replicas = self.cpu()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            **{f"replica {i}": v for i, v in replicas.items()},
            "postgres+nginx": self.services_cpu(),
            "load generator": usage.ru_utime + usage.ru_stime,
            "machine busy": busy,
            "machine total": total,
        }

    def routes(self) -> dict[int, str]:
        """One affinity-cookie value per replica (found by asking nginx where each would go)."""
        found: dict[int, str] = {}
        for _ in range(500):
            route = secrets.token_hex(16)
            request = urllib.request.Request(self.base + "/_stcore/health", headers={"Cookie": f"st_route={route}"})
            with urllib.request.urlopen(request, timeout=10) as response:
                address = response.headers.get("X-Cluster-Replica", "").split(",")[-1].strip()
            found.setdefault(self.replica_of(address), route)
            if len(found) == self.n:
                return found
        raise RuntimeError(f"nginx sent 500 cookies to only {sorted(found)} of {self.n} replicas")


# --------------------------------------------------------------------------- the workshop
def group_answers(widgets: dict[str, Any]) -> dict[str, Any]:
    """The widget values of the case's reference answers, as the participant's browser sends them."""
    answers = load_library().case(CASE_ID).answers
    out: dict[str, Any] = {}
    for q in load_questionnaire().questions:
        key = STYLE.key(q.id)
        if key not in widgets:
            continue  # answered by the case itself
        value = _widget_value(q, answers.value(q.id), STYLE, answers.is_unknown(q.id))
        if value is None and q.unknown is not None:
            value = UNKNOWN
        if value is None and q.kind != "risk":
            continue  # the case leaves it open and the question has no "don't know"
        if q.kind in ("gate", "bool"):
            out[key] = t(f"a.{value}", LANG)
        elif q.kind == "choice":
            labels = {o.id: o.label(LANG) for o in q.options} | {UNKNOWN: t("a.unknown", LANG)}
            out[key] = labels[value]
        elif q.kind == "risk":
            labels = {o.id: o.label(LANG) for o in q.options}
            out[key] = [labels[v] for v in value or []]
            out[STYLE.risks_none] = not value
        elif q.kind == "date":
            out[key] = [value.isoformat()]
        elif value is not None:
            out[key] = value
    return out


class Group:
    """One participant's browser in a workshop."""

    def __init__(self, index: int, base: str, route: str | None, code: str) -> None:
        self.index, self.code = index, code
        self.v = Visitor(base, route)
        self.label = f"Grupp {index}"
        self.sent = False

    async def open(self) -> RunResult:
        return await self.v.open("workshop", f"join={self.code}&lang={LANG}")

    async def fill(self) -> RunResult:
        """Type the group's name and every answer (one rerun of the form's fragment)."""
        return await self.v.act({"ws.label": self.label, **group_answers(self.v.widgets)})

    async def change_answer(self) -> RunResult:
        """Change one answer (the first gate question), as a click on a radio button does."""
        now = getattr(self.v.widgets[STYLE.key("G1")].proto, "options", [])
        choice = t("a.no", LANG) if self.index % 2 else t("a.yes", LANG)
        assert choice in now
        return await self.v.act({STYLE.key("G1"): choice})

    async def send(self) -> RunResult:
        """Press "send" (the answers already in the form); the page confirms it."""
        result = await self.v.act({}, click="wsbtn_send")
        texts = result.texts()
        if not any(t("ws.sent", LANG) in x or t("ws.sent_again", LANG) in x for x in texts):
            raise RuntimeError(f"group {self.index}: no confirmation after send: {texts[-3:]}")
        self.sent = True
        return result

    def offers_send_again(self) -> bool:
        """Whether the form shows "send again": the page knows this group's stored answers."""
        button = self.v.widgets.get("wsbtn_send")
        return button is not None and button.proto.label == t("ws.send_again", LANG)


class Facilitator:
    """The facilitator's browser: starts a workshop, then watches the live results."""

    def __init__(self, base: str, route: str | None) -> None:
        self.v = Visitor(base, route)
        self.code = ""

    async def start(self) -> str:
        await self.v.open("workshop", f"lang={LANG}")
        result = await self.v.act({}, click="wsbtn_start")
        self.code = result.metric(t("ws.join_code", LANG)) or ""
        assert self.code, "no join code after starting a workshop"
        return self.code

    async def watch(self, query: str) -> None:
        """Open the facilitator view of an existing workshop (the facilitator link)."""
        await self.v.open("workshop", query)

    async def count(self) -> int:
        """The number of answers the live view shows now (one timed rerun of its fragment)."""
        result = await self.v.tick()
        if result is None:
            raise RuntimeError("the facilitator view has no live part")
        value = result.metric(t("ws.responses", LANG))
        return int(value) if value is not None else -1

    async def wait_for(self, expected: int, limit_s: float = 120) -> tuple[int, float]:
        """Tick as the browser does until the live view counts ``expected``; the count and the seconds waited."""
        t0 = time.perf_counter()
        seen = -1
        while time.perf_counter() - t0 < limit_s:
            seen = await self.count()
            if seen == expected:
                break
            await asyncio.sleep(self.v.auto_reruns and next(iter(self.v.auto_reruns.values())) or 3)
        return seen, time.perf_counter() - t0


def stored_labels(db_url: str, code: str) -> Counter[str]:
    """The group labels the database holds for the workshop ``code`` (straight from PostgreSQL)."""
    from sqlalchemy import select

    from guidance.stores.workshop import make_engine, submissions, workshops

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(submissions.c.group_label).join(workshops).where(workshops.c.join_code == code)
            ).scalars()
            return Counter(rows)
    finally:
        engine.dispose()


async def facilitators_on_every_replica(cluster: Cluster, routes: dict[int, str]) -> tuple[dict[int, Facilitator], str]:
    """A workshop started on replica 1 and its facilitator view opened on every replica; the join code."""
    first = Facilitator(cluster.base, routes[1])
    code = await first.start()
    facs = {1: first}
    for i in range(2, cluster.n + 1):
        fac = Facilitator(cluster.base, routes[i])
        await fac.watch(first.v.query)
        facs[i] = fac
    for i, fac in facs.items():
        assert cluster.replica_of(fac.v.replica) == i, (i, fac.v.replica)
    return facs, code


async def part_across(cluster: Cluster, n: int) -> dict[str, Any]:
    """Part 1: answers sent on every replica reach a facilitator on every replica."""
    routes = cluster.routes()
    facs, code = await facilitators_on_every_replica(cluster, routes)
    groups = [Group(i, cluster.base, None, code) for i in range(n)]
    await in_batches(groups, lambda g: g.open())
    await in_batches(groups, lambda g: g.fill())
    sends = await everyone([g.send() for g in groups])
    failed = [repr(r)[:200] for r in sends if isinstance(r, BaseException)]
    seen = {i: await fac.wait_for(n) for i, fac in facs.items()}
    labels = stored_labels(cluster.db_url, code)
    spread = Counter(cluster.replica_of(g.v.replica) for g in groups)
    for g in groups:
        await g.v.close()
    for fac in facs.values():
        await fac.v.close()
    return {
        "participants": n,
        "spread": dict(sorted(spread.items())),
        "send_failures": failed,
        "facilitator_counts": {i: s[0] for i, s in seen.items()},
        "facilitator_wait_s": {i: round(s[1], 1) for i, s in seen.items()},
        "stored": sum(labels.values()),
        "stored_ok": labels == Counter(g.label for g in groups),
    }


async def part_kill(cluster: Cluster, n: int) -> dict[str, Any]:
    """Part 2: kill the last replica mid-workshop; its browsers reconnect through nginx; nothing is lost."""
    routes = cluster.routes()
    facs, code = await facilitators_on_every_replica(cluster, routes)
    groups = [Group(i, cluster.base, None, code) for i in range(n)]
    await in_batches(groups, lambda g: g.open())
    await in_batches(groups, lambda g: g.fill())
    early = groups[: n // 2]
    await everyone([g.send() for g in early])
    victim = cluster.n
    on_victim = [g for g in groups if cluster.replica_of(g.v.replica) == victim]
    cluster.sh("kill", str(victim))
    t_kill = time.perf_counter()

    async def reconnect(v: Visitor) -> float:
        t0 = time.perf_counter()
        try:  # the browser notices the closed socket
            await v.act({})
        except Disconnected:
            pass
        else:
            raise RuntimeError("the connection to the killed replica still answers")
        await v.reconnect()
        return (time.perf_counter() - t0) * 1000

    victims = [g.v for g in on_victim] + [facs[victim].v]
    reconnect_ms = await everyone([reconnect(v) for v in victims])
    errors = [repr(r)[:200] for r in reconnect_ms if isinstance(r, BaseException)]
    moved_to = Counter(cluster.replica_of(v.replica) for v in victims)
    kept = [g.offers_send_again() for g in on_victim if g.sent]
    fresh_ok = [not g.offers_send_again() for g in on_victim if not g.sent]
    later = [g for g in groups if not g.sent]
    for g in later:
        if g in on_victim:
            await g.fill()  # a new session: the form starts empty, the group types its answers again
    sends = await everyone([g.send() for g in later])
    failed = [repr(r)[:200] for r in sends if isinstance(r, BaseException)]
    seen = {i: await fac.wait_for(n) for i, fac in facs.items()}
    labels = stored_labels(cluster.db_url, code)
    all_stored_s = time.perf_counter() - t_kill
    for g in groups:
        await g.v.close()
    for fac in facs.values():
        await fac.v.close()
    cluster.sh("revive", str(victim))
    await asyncio.sleep(11)  # nginx tries a failed replica again after fail_timeout (10 s)
    return {
        "participants": n,
        "killed_replica": victim,
        "on_killed_replica": len(on_victim),
        "of_them_sent_before": sum(g.sent and g in early for g in on_victim),
        "reconnected_to": dict(sorted(moved_to.items())),
        "reconnect_errors": errors,
        "reconnect_ms": stats([r for r in reconnect_ms if isinstance(r, float)]),
        "answers_found_again": f"{sum(kept)}/{len(kept)}",
        "new_groups_start_empty": f"{sum(fresh_ok)}/{len(fresh_ok)}",
        "send_failures": failed,
        "facilitator_counts": {i: s[0] for i, s in seen.items()},
        "stored": sum(labels.values()),
        "lost": sorted(set(g.label for g in groups) - set(labels)),
        "stored_ok": labels == Counter(g.label for g in groups),
        "seconds_from_kill_to_all_stored": round(all_stored_s, 1),
    }


async def part_clicks(cluster: Cluster, n: int, config: str) -> dict[str, Any]:
    """Part 3: ``n`` groups change an answer at the same moment, then all press send; on 1 replica or all."""
    routes = cluster.routes()
    pinned = routes[1] if config == "1" else None
    fac = Facilitator(cluster.base, routes[1])
    code = await fac.start()
    groups = [Group(i, cluster.base, pinned, code) for i in range(n)]
    t0 = time.perf_counter()
    loads = await in_batches(groups, lambda g: g.open(), at_once=n)
    load_s = time.perf_counter() - t0
    await in_batches(groups, lambda g: g.fill())
    spread = Counter(cluster.replica_of(g.v.replica) for g in groups)
    await asyncio.sleep(1)
    s0 = cluster.snapshot()
    changes = await everyone([g.change_answer() for g in groups])
    s1 = cluster.snapshot()
    await asyncio.sleep(1)
    s1b = cluster.snapshot()
    sends = await everyone([g.send() for g in groups])
    s2 = cluster.snapshot()
    labels = stored_labels(cluster.db_url, code)
    for g in groups:
        await g.v.close()
    await fac.v.close()
    ok = [r.ms for r in changes if isinstance(r, RunResult)]
    sent = [r.ms for r in sends if isinstance(r, RunResult)]
    return {
        "config": "1 replica" if config == "1" else f"{cluster.n} replicas",
        "spread": dict(sorted(spread.items())),
        "load": stats([r.ms for r in loads]) | {"wall_s": round(load_s, 1)},
        "change": stats(ok) | {"ok": len(ok)},
        "send": stats(sent) | {"ok": len(sent)},
        "errors": [repr(r)[:200] for r in [*changes, *sends] if isinstance(r, BaseException)][:5],
        "stored": sum(labels.values()),
        "cpu_change": cpu_between(s0, s1),
        "cpu_send": cpu_between(s1b, s2),
    }


# --------------------------------------------------------------------------- follow-up reports
def make_contracts(db_url: str, n: int) -> list[tuple[int, str]]:
    """A register with ``n`` contracts whose first period has begun; (contract id, supplier token) each."""
    from guidance.stores.followup import FollowupStore
    from guidance.stores.workshop import make_engine
    from tests.test_followup_fixtures import contract

    store = FollowupStore(make_engine(db_url))
    today = dt.date.today()
    register = store.create_register("Bench").record
    out = []
    for i in range(n):
        data = contract(reference=f"B {i}", start=today - dt.timedelta(days=200), end=today + dt.timedelta(days=500))
        made = store.add_contract(register.id, data)
        out.append((made.contract.id, made.report_token))
    store.engine.dispose()
    return out


def stored_reports(db_url: str, ids: list[int]) -> int:
    from sqlalchemy import func, select

    from guidance.stores.followup import fu_reports
    from guidance.stores.workshop import make_engine

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(fu_reports).where(fu_reports.c.contract_id.in_(ids))
                ).scalar()
                or 0
            )
    finally:
        engine.dispose()


async def part_reports(cluster: Cluster, n: int, config: str) -> dict[str, Any]:
    """Part 4: ``n`` suppliers press "send" at the same moment; on 1 replica or all."""
    routes = cluster.routes()
    pinned = routes[1] if config == "1" else None
    contracts = make_contracts(cluster.db_url, n)
    suppliers = [Visitor(cluster.base, pinned) for _ in contracts]
    first = (dt.date.today() - dt.timedelta(days=150)).isoformat()
    t0 = time.perf_counter()
    loads = await in_batches(
        list(zip(suppliers, contracts, strict=True)),
        lambda sc: sc[0].open("supplier_report", f"r={sc[1][1]}&lang={LANG}"),
        at_once=n,
    )
    load_s = time.perf_counter() - t0
    figures = {"sr.started.employment.young": 2, "sr.months.employment": 3.0, "sr.first_start": [first]}
    await in_batches(suppliers, lambda s: s.act(figures))
    spread = Counter(cluster.replica_of(s.replica) for s in suppliers)
    await asyncio.sleep(1)
    s0 = cluster.snapshot()
    sends = await everyone([s.act({}, click="srbtn_send") for s in suppliers])
    s1 = cluster.snapshot()
    received = t("sr.sent", LANG).split("{")[0].strip()
    confirmed = [r for r in sends if isinstance(r, RunResult) and any(received in x for x in r.texts())]
    stored = stored_reports(cluster.db_url, [c for c, _ in contracts])
    for s in suppliers:
        await s.close()
    return {
        "config": "1 replica" if config == "1" else f"{cluster.n} replicas",
        "spread": dict(sorted(spread.items())),
        "load": stats([r.ms for r in loads]) | {"wall_s": round(load_s, 1)},
        "send": stats([r.ms for r in sends if isinstance(r, RunResult)]) | {"ok": len(confirmed)},
        "errors": [repr(r)[:200] for r in sends if isinstance(r, BaseException)][:5],
        "stored": stored,
        "cpu_send": cpu_between(s0, s1),
    }


# --------------------------------------------------------------------------- the run
async def warm_up(cluster: Cluster, routes: dict[int, str]) -> None:
    """Each replica imports and draws the pages once (the first run of a page costs seconds)."""
    for route in routes.values():
        fac = Facilitator(cluster.base, route)
        code = await fac.start()
        g = Group(-1, cluster.base, route, code)
        await g.open()
        await g.fill()
        await g.send()
        await g.v.close()
        await fac.v.close()
        (contract_id, token), *_ = make_contracts(cluster.db_url, 1)
        s = Visitor(cluster.base, route)
        await s.open("supplier_report", f"r={token}&lang={LANG}")
        await s.close()


async def run(a: argparse.Namespace, cluster: Cluster) -> dict[str, Any]:
    out: dict[str, Any] = {"replicas": cluster.n, "participants": a.participants, "suppliers": a.suppliers}
    await warm_up(cluster, cluster.routes())
    if "across" in a.parts:
        print("[bench] 1. across replicas", flush=True)
        out["across"] = await part_across(cluster, a.participants)
    if "kill" in a.parts:
        print("[bench] 2. a replica killed mid-workshop", flush=True)
        out["kill"] = await part_kill(cluster, a.participants)
    out["clicks"], out["reports"] = [], []
    for config in ("1", "n"):
        if "clicks" in a.parts:
            print(f"[bench] 3. clicks on {config} replica(s)", flush=True)
            out["clicks"].append(await part_clicks(cluster, a.participants, config))
        if "reports" in a.parts:
            print(f"[bench] 4. supplier reports on {config} replica(s)", flush=True)
            out["reports"].append(await part_reports(cluster, a.suppliers, config))
    return out


def fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:.0f}"


def trio(s: dict[str, Any]) -> str:
    """``p50/p95/max`` in whole milliseconds."""
    return f"{fmt(s['p50'])}/{fmt(s['p95'])}/{fmt(s['max'])}"


def report(out: dict[str, Any]) -> None:
    """Print the tables."""
    if "across" in out:
        report_across(out)
    if "kill" in out:
        report_kill(out)
    report_load(out)


def report_across(out: dict[str, Any]) -> None:
    a = out["across"]
    print(f"\n== 1. {a['participants']} participants across {out['replicas']} replicas (spread {a['spread']})")
    print(
        f"   stored answers: {a['stored']} (labels all correct: {a['stored_ok']}); send failures: {a['send_failures']}"
    )
    print(f"   the live count of the facilitator on each replica: {a['facilitator_counts']}")


def report_kill(out: dict[str, Any]) -> None:
    k = out["kill"]
    print(
        f"\n== 2. replica {k['killed_replica']} killed with {k['on_killed_replica']} participants and a facilitator on "
        f"it ({k['of_them_sent_before']} of the participants had sent)"
    )
    print(
        f"   reconnected through nginx to replicas {k['reconnected_to']}; errors: {k['reconnect_errors']}; "
        f"reconnect p50/p95/max {trio(k['reconnect_ms'])} ms"
    )
    print(
        f"   groups that had sent found their answers again: {k['answers_found_again']}; "
        f"the others started empty: {k['new_groups_start_empty']}; send failures: {k['send_failures']}"
    )
    print(
        f"   stored: {k['stored']}/{k['participants']}, lost: {k['lost'] or 'none'}, labels all correct: "
        f"{k['stored_ok']}; facilitators' counts (by the replica they started on) {k['facilitator_counts']}; "
        f"{k['seconds_from_kill_to_all_stored']} s from the kill to every answer stored"
    )


def cpu_line(used: dict[str, float]) -> str:
    """CPU seconds by part, e.g. ``replica 1 5.6, replica 2 0.0, postgres+nginx 0.3, ... (machine 91 % busy)``."""
    parts = ", ".join(f"{k} {v}" for k, v in used.items() if k != "machine busy %")
    return f"{parts} (machine {used['machine busy %']} % busy)"


def report_load(out: dict[str, Any]) -> None:
    print("\n== 3. clicks at the same moment (ms from the click to the end of its rerun)")
    print(
        f"   {'config':<12}{'spread':<16}{'open p50/p95/max':>20}{'change p50/p95/max':>21}{'send p50/p95/max':>20}{'stored':>8}"
    )
    for c in out["clicks"]:
        print(
            f"   {c['config']:<12}{str(c['spread']):<16}{trio(c['load']):>20}{trio(c['change']):>21}"
            f"{trio(c['send']):>20}{c['stored']:>8}"
        )
        print(f"      CPU s while changing: {cpu_line(c['cpu_change'])}")
        print(f"      CPU s while sending:  {cpu_line(c['cpu_send'])}")
        if c["errors"]:
            print(f"      errors: {c['errors']}")
    print("\n== 4. supplier reports sent at the same moment (ms from the click to the end of its rerun)")
    print(
        f"   {'config':<12}{'spread':<16}{'open p50/p95/max':>20}{'send p50/p95/max':>20}{'confirmed':>11}{'stored':>8}"
    )
    for r in out["reports"]:
        print(
            f"   {r['config']:<12}{str(r['spread']):<16}{trio(r['load']):>20}{trio(r['send']):>20}"
            f"{r['send']['ok']:>11}{r['stored']:>8}"
        )
        print(f"      CPU s while sending: {cpu_line(r['cpu_send'])}")
        if r["errors"]:
            print(f"      errors: {r['errors']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicas", type=int, default=2, help="replicas in the cluster (default 2)")
    ap.add_argument("--participants", type=int, default=50, help="workshop participants (default 50)")
    ap.add_argument("--suppliers", type=int, default=50, help="suppliers sending reports (default 50)")
    ap.add_argument("--json", help="write all numbers here")
    ap.add_argument("--keep", action="store_true", help="leave the cluster running (its directory is printed)")
    ap.add_argument(
        "--parts",
        default="across,kill,clicks,reports",
        help="which parts to run, comma-separated (default all: across,kill,clicks,reports)",
    )
    a = ap.parse_args()
    if a.replicas < 2:
        raise SystemExit("--replicas must be at least 2 (one is killed, and 1 is compared with N)")
    directory = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    cluster = Cluster(a.replicas, directory, free_port())
    cluster.start()
    try:
        out = asyncio.run(run(a, cluster))
    finally:
        if a.keep:
            print(f"[bench] the cluster keeps running: CLUSTER_DIR={directory} CLUSTER_PORT={cluster.port}")
        else:
            cluster.stop()
            shutil.rmtree(directory, ignore_errors=True)
    report(out)
    if a.json:
        Path(a.json).write_text(json.dumps(out, indent=2, default=str))


if __name__ == "__main__":
    main()
