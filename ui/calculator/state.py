"""Session state of the calculator page: widget keys, starting values, resets and the last valid result.

Every key starts with ``calc.``. The assessment page hands over its sizing through ``calc.prefill``
(a mapping with ``positions``, ``months`` and ``form``); it is taken over once and then removed.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from guidance.calculator.inputs_check import (
    Outcome,
    OverridesCheck,
    check_overrides,
    prefill_values,
    shown_parameter,
    start_values,
)
from guidance.calculator.page_settings import PageSettings
from guidance.calculator.parameters import CalcInputs, ParameterSet
from ui.state import default

PREFIX = "calc."
PARAM_PREFIX = "calc.p."
SCHEDULE_PREFIX = "calc.s."
#: Set by the assessment page: the sizing to take over.
PREFILL = "calc.prefill"
PREFILLED = "calc.prefilled"
SCALE_N = "calc.scale_n"
SENS_TARGET = "calc.sens_target"
LAST_RESULT, LAST_OVERRIDES = "calc.last_result", "calc.last_overrides"


def input_key(field: str) -> str:
    """The widget key of an input."""
    return f"{PREFIX}{field}"


def parameter_key(param_id: str) -> str:
    """The widget key of a parameter."""
    return f"{PARAM_PREFIX}{param_id}"


def schedule_key(schedule_id: str, index: int) -> str:
    """The widget key of one point of a schedule."""
    return f"{SCHEDULE_PREFIX}{schedule_id}.{index}"


def _apply_prefill(base: ParameterSet) -> None:
    """Take over places, months and form from the assessment once."""
    values = prefill_values(st.session_state.pop(PREFILL, None), base.options)
    if values is None:
        return
    for field, value in values.items():
        st.session_state[input_key(field)] = value
    st.session_state[PREFILLED] = True


def start(base: ParameterSet, settings: PageSettings) -> None:
    """Take over a prefill, then give every widget its starting value (once per session)."""
    _apply_prefill(base)
    for field, value in start_values(base.default_inputs(), settings).items():
        default(input_key(field), value)
    for p in base.parameters:
        default(parameter_key(p.id), shown_parameter(p, settings))
    for s in base.schedules:
        for i, (_, y) in enumerate(s.points):
            default(schedule_key(s.id, i), float(y))
    default(SCALE_N, settings.scale.default)
    default(SENS_TARGET, settings.sensitivity.default_target)


def prefilled() -> bool:
    """Whether the inputs came from the assessment (until the user resets them)."""
    return bool(st.session_state.get(PREFILLED))


def reset_inputs() -> None:
    """Button callback: every input back to its starting value."""
    for field in CalcInputs.model_fields:
        st.session_state.pop(input_key(field), None)
    st.session_state.pop(PREFILLED, None)


def reset_params() -> None:
    """Button callback: every parameter and schedule point back to its content value."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith((PARAM_PREFIX, SCHEDULE_PREFIX))]:
        del st.session_state[key]


def input_values() -> dict[str, Any]:
    """What is in each input's widget (``field -> shown value``)."""
    return {field: st.session_state.get(input_key(field)) for field in CalcInputs.model_fields}


def read_overrides(base: ParameterSet, settings: PageSettings) -> OverridesCheck:
    """The edited parameters and schedule points, each checked on its own."""
    params = {p.id: st.session_state.get(parameter_key(p.id)) for p in base.parameters}
    schedules = {
        s.id: [st.session_state.get(schedule_key(s.id, i)) for i in range(len(s.points))] for s in base.schedules
    }
    return check_overrides(base, params, schedules, settings)


def last_result() -> tuple[Any, Any]:
    """The last valid result shown in this session and the parameter edits it was calculated with."""
    return st.session_state.get(LAST_RESULT), st.session_state.get(LAST_OVERRIDES)


def remember(outcome: Outcome) -> None:
    """Keep a new result, so it can still be shown while an input is invalid."""
    if outcome.status == "new":
        st.session_state[LAST_RESULT] = outcome.result
        st.session_state[LAST_OVERRIDES] = outcome.overrides
