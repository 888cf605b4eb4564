"""Session state of the calculator page: widget keys, starting values, resets and the last valid result.

Every key starts with ``calc.``. The assessment page hands over its sizing through ``calc.prefill``
(a mapping with ``positions``, ``months`` and ``form``); it is taken over once and then removed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from guidance.calculator.adjust import AdjustmentDefaults
from guidance.calculator.dated import ParameterBook
from guidance.calculator.inputs_check import (
    Outcome,
    OverridesCheck,
    check_overrides,
    follow_date,
    prefill_values,
    shown_parameter,
    start_values,
)
from guidance.calculator.page_settings import PageSettings
from guidance.calculator.parameters import CalcInputs, Form, ParameterError, ParameterSet
from ui.state import default

PREFIX = "calc."
PARAM_PREFIX = "calc.p."
SCHEDULE_PREFIX = "calc.s."
#: Set by the assessment page: the sizing to take over.
PREFILL = "calc.prefill"
PREFILLED = "calc.prefilled"
SENS_TARGET = "calc.sens_target"
LAST_RESULT, LAST_OVERRIDES = "calc.last_result", "calc.last_overrides"
#: The date whose parameter values are used, and the first day of the period the parameter fields were filled from.
DATE, PARAMS_FROM = "calc.date", "calc.params_from"
#: The realistic-value adjustment: on or off, and the shares per form (``calc.adjust.<share>.<form>``).
ADJUST_ON, ADJUST_PREFIX = "calc.adjust_on", "calc.adjust."


def input_key(field: str) -> str:
    """The widget key of an input."""
    return f"{PREFIX}{field}"


def parameter_key(param_id: str) -> str:
    """The widget key of a parameter."""
    return f"{PARAM_PREFIX}{param_id}"


def schedule_key(schedule_id: str, index: int) -> str:
    """The widget key of one point of a schedule."""
    return f"{SCHEDULE_PREFIX}{schedule_id}.{index}"


def adjust_key(share: str, form: str) -> str:
    """The widget key of an adjustment share (``additionality`` or ``retention``) for a form of employment."""
    return f"{ADJUST_PREFIX}{share}.{form}"


def start_date(book: ParameterBook) -> None:
    """Give the date field its starting value once: today, kept within the dates the content covers."""
    today = dt.date.today()
    default(DATE, min(max(today, book.coverage.start), book.coverage.end))


def parameters_for_date(book: ParameterBook) -> tuple[ParameterSet, str | None]:
    """The parameters in force on the chosen date, and a message key if the date could not be used.

    A value that is not a usable date falls back to the starting date.
    """
    try:
        return book.at(st.session_state.get(DATE)), None
    except ParameterError as exc:
        today = dt.date.today()
        return book.at(min(max(today, book.coverage.start), book.coverage.end)), exc.message_key


def follow(book: ParameterBook, base: ParameterSet, settings: PageSettings) -> None:
    """When the chosen date has other parameter values, move every unedited parameter field to them."""
    before = st.session_state.get(PARAMS_FROM)
    st.session_state[PARAMS_FROM] = base.valid_from
    if not isinstance(before, dt.date) or before == base.valid_from:
        return
    old = book.at(before)
    params, schedules = follow_date(old, base, *_field_values(old), settings)
    for pid, value in params.items():
        st.session_state[parameter_key(pid)] = value
    for sid, ys in schedules.items():
        for i, y in enumerate(ys):
            st.session_state[schedule_key(sid, i)] = y


def start_adjustment(defaults: AdjustmentDefaults, settings: PageSettings) -> None:
    """Give the adjustment fields their sourced starting values (in percent), once per session."""
    default(ADJUST_ON, False)
    scale = settings.adjustment().scale
    for share in ("additionality", "retention"):
        values: dict[str, float] = getattr(defaults, share)
        for form, value in values.items():
            default(adjust_key(share, form), round(value * scale, 6))


def adjustment_values(form: Form, settings: PageSettings) -> tuple[bool, Any, Any]:
    """Whether the adjustment is on, and the two shares for ``form`` as fractions (as typed if not numbers)."""
    scale = settings.adjustment().scale
    shares = [st.session_state.get(adjust_key(share, form)) for share in ("additionality", "retention")]
    fractions = [v / scale if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in shares]
    return bool(st.session_state.get(ADJUST_ON)), fractions[0], fractions[1]


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


def _field_values(base: ParameterSet) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    params = {p.id: st.session_state.get(parameter_key(p.id)) for p in base.parameters}
    schedules = {
        s.id: [st.session_state.get(schedule_key(s.id, i)) for i in range(len(s.points))] for s in base.schedules
    }
    return params, schedules


def read_overrides(base: ParameterSet, settings: PageSettings) -> OverridesCheck:
    """The edited parameters and schedule points, each checked on its own."""
    return check_overrides(base, *_field_values(base), settings)


def last_result() -> tuple[Any, Any]:
    """The last valid result shown in this session and the parameter edits it was calculated with."""
    return st.session_state.get(LAST_RESULT), st.session_state.get(LAST_OVERRIDES)


def remember(outcome: Outcome) -> None:
    """Keep a new result, so it can still be shown while an input is invalid."""
    if outcome.status == "new":
        st.session_state[LAST_RESULT] = outcome.result
        st.session_state[LAST_OVERRIDES] = outcome.overrides
