"""Properties of the sizing rules over any contract and any rule (the content's or a custom one).

Rules from the domain brief §4.3, §5.6 and §5.7 (steps 2-4: places from the value, months per
place, the 20 % feasibility cap), as held in ``content/assessment/sizing_rules.yaml``.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from guidance.assessment.sizing import Contract, size
from tests.strategies import contracts, sizing_rules


@given(contracts(), sizing_rules(), st.floats(min_value=1, max_value=10))
def test_larger_contract_never_gets_fewer_places(c: Contract, rule: Any, factor: float) -> None:
    bigger = c.model_copy(update={"value_sek": min(c.value_sek * factor, 100e9)})
    assert size(bigger, rule).places >= size(c, rule).places


@given(contracts(), sizing_rules())
def test_sizing_is_consistent(c: Contract, rule: Any) -> None:
    s = size(c, rule)
    assert s.places >= 0 and s.reasons
    if s.exempt:
        assert (s.places, s.employment_months, s.internship_months, s.feasible) == (0, 0, 0, None)
    else:
        assert s.places >= 1
        per_place = (
            min(rule.employment_months_per_place, c.duration_months)
            if rule.cap_months_at_duration
            else rule.employment_months_per_place
        )
        assert s.employment_months == round(s.places * per_place)
        if c.fte is not None:
            assert s.feasible == (s.employment_months / (c.fte * c.duration_months) <= 0.2)
    if c.direct_award:
        assert s.exempt
