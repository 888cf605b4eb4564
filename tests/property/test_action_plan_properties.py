"""Properties of the action plan: process order, the current phase, and the reporting dates
(brief §2.3 process steps, §7.2 reporting)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from guidance.assessment.action_plan import action_plan, reporting_dates
from guidance.assessment.questionnaire import FLAGS, LADDER
from guidance.assessment.sizing import Contract, add_months, load_sizing_rules, size
from guidance.content.loader import load_model
from tests.strategies import answer, question

MODEL = load_model()
PHASES = [p.id for p in MODEL.phases]
ORDER = {p.id: p.order for p in MODEL.phases}
TRAFIKVERKET = next(r for r in load_sizing_rules() if r.id == "trafikverket")
START = dt.date(2026, 1, 1)
SIZING = size(
    Contract(contract_type="works", value_sek=120e6, duration_months=30, fte=25, start_date=START), TRAFIKVERKET
)


@given(
    verdict_id=st.sampled_from(LADDER),
    phase=st.sampled_from(PHASES),
    flags=st.sets(st.sampled_from(FLAGS)),
)
def test_plan_is_in_process_order_and_never_goes_back(verdict_id: str, phase: str, flags: set[str]) -> None:
    """Property: items follow the model's step order and none lies before the current phase."""
    plan = action_plan({"verdict": verdict_id, "flags": tuple(flags)}, SIZING, phase, START, 30)
    order = [s.id for s in MODEL.steps]
    assert list(plan.step_ids) == sorted(plan.step_ids, key=order.index)
    assert all(ORDER[i.phase] >= ORDER[phase] for i in plan.items)
    assert len(set(plan.step_ids)) == len(plan.step_ids)


@given(
    start=answer(question("start_date")),
    months=answer(question("duration_months")),
    interval=st.integers(min_value=1, max_value=24),
)
def test_reporting_dates_run_from_start_to_the_contract_end(start: dt.date, months: int, interval: int) -> None:
    """Property: dates are increasing, after the start, and the last one is the contract end."""
    end = add_months(start, months)
    dates = reporting_dates(start, interval, end)
    assert list(dates) == sorted(set(dates))
    assert dates[0] > start and dates[-1] == end
