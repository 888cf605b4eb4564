"""Benchmark of the plan screening: generated plans of 1 000, 10 000 and 100 000 rows.

Each plan is drawn (with a fixed seed) from the rows of the synthetic sample plan, with the values,
terms and FTE varied, so every category and rule path is exercised. For each size the script times
``check_plan`` + ``screen`` (best of three runs, without tracing) and measures the peak memory of one
run with ``tracemalloc``, then prints a table. The cost per 1 000 rows shows whether it grows linearly.

With ``--cli`` it times the whole command line instead (``python -m guidance screen PLAN.csv -o
OUT.xlsx``: reading, checking, screening and writing the workbook) on the same plans written as CSV
files, once as the sample generator writes them and once as people do (a title row, values in
"tkr", the category as the organisation's words with a contract type column, a totals row).

Usage: ``.venv/bin/python bench/screening.py [--sizes 1000 10000 100000] [--rule trafikverket] [--cli]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from guidance.content.loader import CONTENT_DIR  # noqa: E402
from guidance.screening.content import load_plan_content  # noqa: E402
from guidance.screening.reading import check_plan, load_plan  # noqa: E402
from guidance.screening.screen import Policy, screen  # noqa: E402

SEED = 20260901


def generated_plan(rows: int, seed: int = SEED) -> pd.DataFrame:
    """A typed plan of ``rows`` rows drawn from the sample plan, with varied values, terms and FTE."""
    path = CONTENT_DIR / "screening" / "sample_plan.csv"
    base = load_plan(path.read_bytes(), path.name)[0].plan.reset_index(drop=True)
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(base), rows)
    plan = base.iloc[pick].reset_index(drop=True)
    plan["name"] = pd.array([f"{n} {i}" for i, n in enumerate(plan["name"])], dtype="string")
    plan["value_sek"] = (plan["value_sek"] * rng.lognormal(0, 0.5, rows)).round(-3)
    plan["duration_months"] = rng.choice([3, 6, 12, 24, 36, 48, 60], rows).astype("float64")
    fte = plan["fte"] * rng.uniform(0.5, 1.5, rows)
    plan["fte"] = fte.where(rng.random(rows) < 0.6)
    plan.index = pd.Index(range(2, rows + 2), name="row")
    return plan


def run(plan: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """What the page does for one scenario: check the plan, then screen the good rows."""
    checked = check_plan(plan)
    return screen(checked.plan, policy, check=False)


def measure(rows: int, policy: Policy, repeat: int = 3) -> tuple[float, float, int]:
    """(best time in seconds, peak traced memory in MB, screened rows) for a plan of ``rows`` rows."""
    plan = generated_plan(rows)
    run(plan.head(50), policy)  # warm caches (content, calculator value per month)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = run(plan, policy)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    run(plan, policy)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(times), peak / 1_048_576, len(out)


def plan_csv(rows: int, quirky: bool) -> bytes:
    """The generated plan as a semicolon CSV: as the sample generator writes it, or as people do."""
    plan = generated_plan(rows)
    content = load_plan_content()
    labels = {c.id: c.label.sv for c in content.categories}
    kinds = {c.id: c.contract_type for c in content.categories}
    value = plan["value_sek"].round(0).astype("int64")
    frame = pd.DataFrame(
        {
            "Upphandling": plan["name"],
            "Kategori": plan["category"].map(labels) if quirky else plan["category"],
            "Kontraktstyp": plan["category"].map(kinds) if quirky else "",
            "Beräknat värde (tkr)" if quirky else "Uppskattat värde (kr)": (value / 1000) if quirky else value,
            "Avtalstid (mån)": plan["duration_months"].astype("int64"),
            "Årsarbetskrafter": plan["fte"].round(1),
            "Ramavtal": plan["framework"].map({True: "Ja", False: "Nej"}),
            "Planerad start": plan["start_date"].dt.strftime("%Y-%m-%d"),
        }
    )
    text = frame.to_csv(sep=";", index=False, decimal=",")
    if quirky:
        total = f"{value.sum() / 1000:.3f}".replace(".", ",")
        text = "Upphandlingsplan, Exempelby kommun;;;;;;;\n;;;;;;;\n" + text + f"Summa;;;{total};;;;\n"
    return text.encode("cp1252" if quirky else "utf-8")


def measure_cli(rows: int, quirky: bool, rule: str, repeat: int = 3) -> float:
    """Best time in seconds of ``python -m guidance screen`` on a generated plan, written to .xlsx."""
    with tempfile.TemporaryDirectory() as tmp:
        plan, out = Path(tmp) / "plan.csv", Path(tmp) / "out.xlsx"
        plan.write_bytes(plan_csv(rows, quirky))
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "guidance", "screen", str(plan), "--rule", rule, "-o", str(out)],
                cwd=ROOT,
                capture_output=True,
                check=False,
            )
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                raise SystemExit(done.stderr.decode(errors="replace")[-2000:])
    return min(times)


def main() -> None:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--rule", default="trafikverket")
    parser.add_argument("--cli", action="store_true", help="time the command line to .xlsx instead")
    args = parser.parse_args()
    if args.cli:
        print(f"command line to .xlsx (python -m guidance screen ... -o OUT.xlsx), rule {args.rule}, best of 3")
        print(f"{'rows':>8} | {'generated (s)':>13} | {'as people write (s)':>19}")
        print(f"{'-' * 8}-+-{'-' * 13}-+-{'-' * 19}")
        for rows in args.sizes:
            plain, quirky = measure_cli(rows, False, args.rule), measure_cli(rows, True, args.rule)
            print(f"{rows:>8,} | {plain:>13.2f} | {quirky:>19.2f}")
        return
    policy = Policy(rule=args.rule)
    print(f"plan screening (check_plan + screen), rule {args.rule}, best of 3")
    print(f"{'rows':>8} | {'time (s)':>8} | {'ms per 1 000 rows':>17} | {'peak memory (MB)':>16} | screened")
    print(f"{'-' * 8}-+-{'-' * 8}-+-{'-' * 17}-+-{'-' * 16}-+-{'-' * 8}")
    for rows in args.sizes:
        seconds, peak, screened = measure(rows, policy)
        print(f"{rows:>8,} | {seconds:>8.3f} | {seconds / rows * 1e6:>17.1f} | {peak:>16.1f} | {screened:,}")


if __name__ == "__main__":
    main()
