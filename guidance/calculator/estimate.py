"""The socio-economic estimate that goes with a recommended sizing (for the decision basis)."""

from __future__ import annotations

from pydantic import ValidationError

from guidance.assessment.sizing import Sizing
from guidance.calculator.calculate import CalcResult, calculate, inputs_from_sizing
from guidance.calculator.parameters import ParameterSet, load_parameters


def months_per_place(sizing: Sizing) -> int:
    """The employment months of one place (at least one), as the calculator takes them."""
    return max(1, round(sizing.employment_months / sizing.places)) if sizing.places else 0


def estimate_for_sizing(sizing: Sizing | None, params: ParameterSet | None = None) -> CalcResult | None:
    """The calculator's result for the sizing's places and months with its default inputs.

    Returns None when there is nothing to estimate (no sizing, exempt, no places) or when the
    sizing lies outside what the calculator accepts (then the decision basis has no estimate).
    """
    if sizing is None or sizing.exempt or not sizing.places:
        return None
    params = params or load_parameters()
    try:
        inputs = inputs_from_sizing(
            sizing.places, months_per_place(sizing), "employment", params.default_inputs("employment")
        )
    except ValidationError:
        return None
    return calculate(inputs, params)
