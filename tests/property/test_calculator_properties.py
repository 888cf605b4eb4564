"""Properties of the socio-economic calculator (brief §6) over any inputs within the content's limits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance.calculator.calculate import CalcInputs, calculate, income_tax
from guidance.calculator.dated import load_book
from guidance.calculator.parameters import ParameterSet, load_parameters
from tests.strategies import calc_inputs

P = load_parameters()
PERIODS = load_book().periods


@given(calc_inputs())
def test_sum_over_actors_equals_society_and_transfers_cancel(inputs: CalcInputs) -> None:
    """Society is the sum over actors; transfers cancel, leaving the real resources."""
    result = calculate(inputs, P)
    scale = 1 + abs(result.society_total) + sum(abs(ln.total) for ln in result.lines())
    assert sum(a.total for a in result.actors) == pytest.approx(result.society_total, abs=1e-9 * scale)
    assert sum(ln.total for ln in result.lines() if ln.kind == "transfer") == pytest.approx(0, abs=1e-9 * scale)
    assert result.society_total == pytest.approx(result.real_resources_total, abs=1e-9 * scale)


@given(calc_inputs(), st.floats(0, 50_000))
def test_higher_wage_never_lowers_the_individuals_result(inputs: CalcInputs, raise_by: float) -> None:
    """A higher gross wage never makes the individual worse off (taxes and tapers stay below 100 %)."""
    low = calculate(inputs, P).actor("individual").total
    higher = inputs.model_copy(update={"wage": min(500_000.0, inputs.wage + raise_by)})
    assert calculate(higher, P).actor("individual").total >= low - 1e-6 * (1 + abs(low))


@given(calc_inputs(), st.integers(2, 50))
def test_every_line_is_linear_in_positions(inputs: CalcInputs, factor: int) -> None:
    """Each line for k × positions is k × the line for the original number of positions."""
    one = calculate(inputs, P)
    more = calculate(inputs.model_copy(update={"positions": inputs.positions * factor}), P)
    for a, b in zip(one.lines(), more.lines(), strict=False):
        assert b.total == pytest.approx(factor * a.total, rel=1e-9, abs=1e-6)


@given(calc_inputs(), st.integers(1, 120))
def test_monthly_flows_are_linear_in_months(inputs: CalcInputs, months: int) -> None:
    """total = monthly × months + one-off, and the monthly part does not depend on the number of months."""
    base = calculate(inputs, P)
    other = calculate(inputs.model_copy(update={"months": months}), P)
    for a, b in zip(base.lines(), other.lines(), strict=False):
        assert b.monthly == pytest.approx(a.monthly, rel=1e-12, abs=1e-9)
        assert b.total == pytest.approx(b.monthly * months + b.one_off, rel=1e-9, abs=1e-6)


@given(st.floats(0, 3_000_000), st.floats(0, 100_000))
def test_income_tax_never_takes_more_than_the_increase(yearly: float, extra: float) -> None:
    """Net income never falls when gross income rises (the marginal tax stays below 100 %)."""
    net_low = yearly - income_tax(yearly, P, earned=True).total
    net_high = yearly + extra - income_tax(yearly + extra, P, earned=True).total
    assert net_high >= net_low - 1e-6
    assert income_tax(yearly, P, earned=True).total >= -1e-9


@given(calc_inputs(), st.sampled_from(PERIODS))
def test_on_every_parameter_date_transfers_cancel_and_society_is_the_real_resources(
    inputs: CalcInputs, params: ParameterSet
) -> None:
    """Whatever the date, a rule change only moves money between actors: society stays the real resources."""
    result = calculate(inputs, params)
    scale = 1 + sum(abs(ln.total) for ln in result.lines())
    assert sum(ln.total for ln in result.lines() if ln.kind == "transfer") == pytest.approx(0, abs=1e-9 * scale)
    assert result.society_total == pytest.approx(result.real_resources_total, abs=1e-9 * scale)
    assert result.rules_from == params.valid_from
