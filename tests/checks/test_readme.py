"""The README's public-function examples run as written and give the results their comments state."""

from __future__ import annotations

import os
import re
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Public functions") : text.index("## Command line")]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def _run(code: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    cwd = Path.cwd()
    os.chdir(ROOT)  # the examples read files relative to the project root
    try:
        with redirect_stdout(StringIO()):
            exec(compile(code, "README.md", "exec"), namespace)  # our own documentation, run as a user would
    finally:
        os.chdir(cwd)
    return namespace


def test_the_readme_has_the_four_examples() -> None:
    assert len(_examples()) == 4


def test_content_example_reads_a_step() -> None:
    ns = _run(_examples()[0])
    assert ns["step"].id == "I1"


def test_assessment_example_gives_the_commented_verdict_and_sizing() -> None:
    ns = _run(_examples()[1])
    result = ns["result"]
    assert (result.verdict, result.level, result.flags) == ("advanced_bonus", "spearhead", ("labour_law",))
    assert (result.score, result.max_score) == (11, 14)
    from guidance.assessment.sizing import load_sizing_rules, size

    s = size(ns["contract"], load_sizing_rules()[0])
    assert (s.places, s.employment_months, s.internship_months, s.milestone_date.isoformat()) == (
        2,
        24,
        12,
        "2027-07-01",
    )


def test_calculator_example_gives_one_total_per_actor() -> None:
    ns = _run(_examples()[2])
    calc = ns["calc"]
    assert {a.actor for a in calc.actors} == {"individual", "municipality", "region", "state", "employer"}
    assert calc.society_total == pytest.approx(sum(a.total for a in calc.actors))


def test_screening_example_gives_the_commented_totals() -> None:
    ns = _run(_examples()[3])
    tot = ns["totals"](ns["screened"])
    assert (tot.procurements, tot.places, tot.employment_months) == (209, 144, 1728)
