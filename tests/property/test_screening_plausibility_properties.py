"""The vectorised plausibility check of a plan equals ``check_contract`` row by row (one source of truth).

``guidance.screening.plausibility.check_columns`` applies the thresholds of
``content/assessment/plausibility.yaml`` to whole columns; ``check_contract`` checks one contract.
Generated rows mix values anywhere with the values where the content draws a line: the minimum value,
the value at which each scale factor takes over, and the value per FTE-year at the threshold, each
with its floating-point neighbours; any fact may be unknown (None, NaN in a column).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidance.assessment.plausibility import MONTHS_PER_YEAR, check_contract, load_plausibility
from guidance.screening.plausibility import check_columns, row_warnings

C = load_plausibility()


def _near(points: list[float]) -> list[float]:
    """Each point with its floating-point neighbours, positive ones only."""
    out = {q for p in points for q in (math.nextafter(p, -math.inf), p, math.nextafter(p, math.inf))}
    return sorted(q for q in out if q > 0)


#: Values where the content draws a line: the minimum and where each factor reaches it.
VALUE_EDGES = _near([C.min_value_sek, *(C.min_value_sek / f for f in C.factors)])


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``strategy`` or None (an unknown fact)."""
    return st.none() | strategy


@st.composite
def contract_facts(draw: st.DrawFn) -> dict[str, Any]:
    """Value, term, FTE and labour share of one plan row, often at a threshold of the content."""
    months = draw(maybe(st.integers(1, 240)))
    fte = draw(maybe(st.sampled_from([0.5, 1.0, 4.0, 12.0, 250.0]) | st.floats(0.01, 100_000)))
    share = draw(maybe(st.sampled_from([0.0, 40.0, 75.0, 100.0]) | st.floats(0, 100)))
    at_threshold: list[float] = []
    per_share = share / 100 if share else 1.0
    if months is not None and fte is not None and per_share > 0:  # the value giving the minimum per FTE-year
        at_threshold = _near([C.min_labour_cost_per_fte_year * fte * months / MONTHS_PER_YEAR / per_share])
    anywhere = st.floats(1e-3, 1e11, allow_nan=False)
    value = draw(maybe(st.sampled_from(VALUE_EDGES + at_threshold) | anywhere) | st.just(math.nan))
    return {"value_sek": value, "duration_months": months, "fte": fte, "labour_share": share}


def _column(rows: list[dict[str, Any]], key: str) -> pd.Series:
    return pd.Series([r[key] for r in rows], dtype="float64")


@pytest.mark.slow
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(contract_facts(), min_size=1, max_size=40))
def test_vectorised_plausibility_equals_check_contract_row_by_row(rows: list[dict[str, Any]]) -> None:
    """plausibility.yaml: same warnings (ids, texts, likely value and its label) as check_contract()."""
    got = check_columns(*(_column(rows, k) for k in ("value_sek", "duration_months", "fte", "labour_share")))
    assert list(got.index) == list(range(len(rows)))
    for i, r in enumerate(rows):
        value = None if r["value_sek"] is None or math.isnan(r["value_sek"]) else r["value_sek"]
        expected = check_contract(value, r["duration_months"], r["fte"], r["labour_share"])
        assert row_warnings({"value_sek": r["value_sek"], **got.loc[i].to_dict()}) == expected, r
        assert got.at[i, "checks"] == ",".join(w.id for w in expected), r
