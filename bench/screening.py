"""Benchmark of the plan screening: generated plans of 1 000, 10 000 and 100 000 rows.

Each plan is drawn (with a fixed seed) from the rows of the synthetic sample plan, with the values,
terms and FTE varied, so every category and rule path is exercised. For each size the script times
``check_plan`` + ``screen`` (best of three runs, without tracing) and measures the peak memory of one
run with ``tracemalloc``, then prints a table. The cost per 1 000 rows shows whether it grows linearly.

Usage: ``.venv/bin/python bench/screening.py [--sizes 1000 10000 100000] [--rule trafikverket]``
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from guidance.content.loader import CONTENT_DIR  # noqa: E402
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


def main() -> None:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--rule", default="trafikverket")
    args = parser.parse_args()
    policy = Policy(rule=args.rule)
    print(f"plan screening (check_plan + screen), rule {args.rule}, best of 3")
    print(f"{'rows':>8} | {'time (s)':>8} | {'ms per 1 000 rows':>17} | {'peak memory (MB)':>16} | screened")
    print(f"{'-' * 8}-+-{'-' * 8}-+-{'-' * 17}-+-{'-' * 16}-+-{'-' * 8}")
    for rows in args.sizes:
        seconds, peak, screened = measure(rows, policy)
        print(f"{rows:>8,} | {seconds:>8.3f} | {seconds / rows * 1e6:>17.1f} | {peak:>16.1f} | {screened:,}")


if __name__ == "__main__":
    main()
