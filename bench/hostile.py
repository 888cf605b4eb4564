"""Memory and time for the worst plan files an attacker can upload.

Each file is generated (``tests/hostile/plan_files.py``) and read in a fresh child process through
the page's own path: :func:`guidance.screening.reading.read_plan` (read, map, parse, check), with
the page's row limit. The child reports its peak resident memory (``resource.getrusage``, minus
what the process held before reading) and the seconds it took; the parent prints one table. A file
that is refused shows the message key of the refusal. The targets are under 1 GB and 60 s each.

Usage: ``.venv/bin/python bench/hostile.py [--only NAME ...] [--timeout SECONDS]``
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "tests" / "hostile"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import plan_files  # noqa: E402

#: The files: name -> (file name, generator).
FILES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "40M empty rows": ("empty.xlsx", lambda: plan_files.empty_rows_xlsx(40_000_000)),
    "1M rows": ("million.xlsx", lambda: plan_files.many_rows_xlsx(1_000_000)),
    "20 000 identical rows": ("identical.csv", lambda: plan_files.identical_rows_csv(20_000)),
    "250 columns (xlsx)": ("wide.xlsx", lambda: plan_files.wide_xlsx(250)),
    "250 columns (csv)": ("wide.csv", lambda: plan_files.wide_csv(250)),
    "huge ods (1M rows)": ("huge.ods", lambda: plan_files.ods(1_000_000)),
    "ods (20 000 rows)": ("plan.ods", lambda: plan_files.ods(20_000)),
    "ods at its limit": ("limit.ods", lambda: plan_files.ods(plan_files.ods_rows_within(_ods_limit()))),
    "stray quote csv": ("quote.csv", lambda: plan_files.quote_swallowing_csv(100, 3)),
}
TARGET_MB, TARGET_S = 1024, 60


def _ods_limit() -> int:
    from guidance.screening.content import load_plan_content

    return load_plan_content().limits.max_ods_content_bytes


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def measure(name: str) -> dict[str, object]:
    """Generate one file, then read it as the page does; runs in the child process."""
    from guidance.screening.reading import PlanError, read_plan

    filename, make = FILES[name]
    data = make()
    before = _rss_mb()
    start = time.perf_counter()
    outcome: str
    try:
        reading = read_plan(data, filename)
        keys = sorted(set(reading.checked.problems["problem"]) & _FILE_KEYS)
        outcome = f"{len(reading.raw.cells)} rows read" + (f" ({', '.join(keys)})" if keys else "")
    except PlanError as exc:
        outcome = f"refused: {exc.key}"
    seconds = time.perf_counter() - start
    return {"kb": len(data) / 1000, "mb": _rss_mb() - before, "s": seconds, "outcome": outcome}


_FILE_KEYS = {
    "plan.err.too_many_rows",
    "plan.err.too_many_rows_more",
    "plan.err.too_many_rows_declared",
    "plan.err.scan_stopped",
    "plan.err.duplicate",
    "plan.err.quote_merged",
}


def main() -> None:
    """Print the table (or, as a child, one file's numbers as JSON)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", choices=list(FILES))
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    print(f"{'file':<24} {'size kB':>9} {'peak MB':>9} {'seconds':>8}  outcome")
    for name in args.only or FILES:
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--child", name],
                capture_output=True,
                text=True,
                timeout=args.timeout,
                check=True,
            )
            got = json.loads(done.stdout.strip().splitlines()[-1])
        except subprocess.TimeoutExpired:
            print(f"{name:<24} {'':>9} {'':>9} {'>' + str(int(args.timeout)):>8}  timed out")
            continue
        except subprocess.CalledProcessError as exc:
            print(f"{name:<24} failed: {exc.stderr.strip().splitlines()[-1:]}")
            continue
        flag = "" if got["mb"] < TARGET_MB and got["s"] < TARGET_S else "  OVER TARGET"
        print(f"{name:<24} {got['kb']:>9.0f} {got['mb']:>9.0f} {got['s']:>8.1f}  {got['outcome']}{flag}")


if __name__ == "__main__":
    main()
