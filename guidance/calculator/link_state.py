"""The calculator's state in the page address: the date, the inputs, edited parameters and the adjustment.

Every field of the calculator page has a link key (its session key without the ``calc.`` prefix):

============================  ==========================================  ======================
key                           value                                       example
============================  ==========================================  ======================
``date``                      the date whose rules are used (always)      ``date=2026-04-01``
an input's id                 as its field shows it (shares in percent),  ``positions=7``,
                              an option id, or ``1``/``0`` for a yes/no   ``form=internship``
``p.<parameter id>``          an edited parameter, as its field shows it  ``p.tax.municipal_rate=22``
``s.<schedule id>.<point>``   an edited point of a tax schedule           ``s.tax.basic_deduction.0=0.423``
``adjust_on``                 ``1``: the realistic-value adjustment is on ``adjust_on=1``
``adjust.<share>.<form>``     an edited share of the adjustment (percent) ``adjust.additionality.employment=50``
``sens_target``               whose total the sensitivity is about       ``sens_target=municipality``
============================  ==========================================  ======================

Only values that differ from the page's starting values are written (the date always, so a link
gives the same rules on another day). Reading never raises and trusts nothing: each value is parsed
for its kind, inputs and parameters are checked by the same rules as the fields
(:func:`~guidance.calculator.inputs_check.check_inputs`, :func:`~guidance.calculator.inputs_check.check_overrides`),
and every value that fails is dropped and named in the returned list.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from guidance.calculator.adjust import AdjustmentDefaults
from guidance.calculator.dated import ParameterBook
from guidance.calculator.inputs_check import check_inputs, check_overrides, shown_parameter, start_values
from guidance.calculator.page_settings import PageSettings, input_kind, sensitivity_targets
from guidance.calculator.parameters import CalcInputs, ParameterSet
from guidance.core.formatting import plain_number

__all__ = ["DATE_KEY", "MAX_VALUE_CHARS", "is_link_key", "read_date", "read_params", "start_state", "write_params"]

DATE_KEY = "date"
ADJUST_ON_KEY, ADJUST_PREFIX, SENS_KEY = "adjust_on", "adjust.", "sens_target"
PARAM_PREFIX, SCHEDULE_PREFIX = "p.", "s."
SHARES = ("additionality", "retention")
#: Longest value read from one parameter, and the largest number accepted anywhere (before the field's own check).
MAX_VALUE_CHARS, MAX_NUMBER = 40, 1e12
_FLAGS = {"1": True, "0": False}


def is_link_key(key: str) -> bool:
    """Whether ``key`` is one of the calculator's link keys (any page parameter it may read)."""
    return (
        key in (DATE_KEY, ADJUST_ON_KEY, SENS_KEY)
        or key in CalcInputs.model_fields
        or key.startswith((PARAM_PREFIX, SCHEDULE_PREFIX, ADJUST_PREFIX))
    )


def start_state(base: ParameterSet, settings: PageSettings, adjustment: AdjustmentDefaults) -> dict[str, Any]:
    """Every link key with the value its field starts with (the date excepted)."""
    state: dict[str, Any] = dict(start_values(base.default_inputs(), settings))
    state.update({f"{PARAM_PREFIX}{p.id}": shown_parameter(p, settings) for p in base.parameters})
    for s in base.schedules:
        state.update({f"{SCHEDULE_PREFIX}{s.id}.{i}": float(y) for i, (_, y) in enumerate(s.points)})
    scale = settings.adjustment().scale
    for share in SHARES:
        values: dict[str, float] = getattr(adjustment, share)
        state.update({f"{ADJUST_PREFIX}{share}.{form}": round(v * scale, 6) for form, v in values.items()})
    state[ADJUST_ON_KEY] = False
    state[SENS_KEY] = settings.sensitivity.default_target
    return state


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return bool(a == b)


def _text(value: Any) -> str | None:
    """A value as a link holds it; None for what a link cannot hold (empty or unreadable fields)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return plain_number(value) if math.isfinite(value) else None
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def write_params(state: Mapping[str, Any], start: Mapping[str, Any], day: Any) -> dict[str, str]:
    """The link parameters of ``state`` (link key -> field value): the date, then what differs from ``start``.

    Option ids (texts) are written only for the select inputs; a number field holding text that is not a
    number is left out, so a link never carries what could not be calculated.
    """
    out: dict[str, str] = {}
    if isinstance(day, dt.date):
        out[DATE_KEY] = day.isoformat()
    for key, value in state.items():
        if key not in start or _same(value, start[key]):
            continue
        is_option = key in CalcInputs.model_fields and input_kind(key) == "select" or key == SENS_KEY
        text = value if is_option and isinstance(value, str) else _text(value)
        if text is not None:
            out[key] = text
    return out


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and abs(value) <= MAX_NUMBER else None


def read_date(params: Mapping[str, str], book: ParameterBook) -> tuple[dt.date | None, bool]:
    """The link's date if it is one the content covers; and whether a date was given but dropped."""
    raw = params.get(DATE_KEY)
    if raw is None:
        return None, False
    try:
        day = dt.date.fromisoformat(raw) if len(raw) <= MAX_VALUE_CHARS else None
    except ValueError:
        day = None
    if day is None or not book.coverage.start <= day <= book.coverage.end:
        return None, True
    return day, False


def _input(key: str, text: str, base: ParameterSet, settings: PageSettings) -> Any:
    kind = input_kind(key)
    if kind == "select":
        return text if text in {o.id for o in getattr(base.options, key)} else None
    if kind == "flag":
        return _FLAGS.get(text)
    number = _number(text)
    if number is None:
        return None
    if settings.field(key).whole:
        return int(number) if number.is_integer() else None
    return number


def read_params(
    params: Mapping[str, str], base: ParameterSet, settings: PageSettings, adjustment: AdjustmentDefaults
) -> tuple[dict[str, Any], list[str]]:
    """The field values a link sets (link key -> value as the field shows it) and the keys that were dropped.

    ``base`` are the parameters in force on the link's date. The date itself is read by :func:`read_date`.
    """
    start = start_state(base, settings, adjustment)
    values: dict[str, Any] = {}
    dropped: list[str] = []
    low, high = (bound * settings.adjustment().scale for bound in (adjustment.min, adjustment.max))
    for key, text in params.items():
        if key == DATE_KEY or not is_link_key(key):
            continue
        value: Any = None
        if isinstance(text, str) and len(text) <= MAX_VALUE_CHARS:
            if key in CalcInputs.model_fields:
                value = _input(key, text, base, settings)
            elif key == ADJUST_ON_KEY:
                value = _FLAGS.get(text)
            elif key == SENS_KEY:
                value = text if text in sensitivity_targets() else None
            elif key in start:  # a parameter, a schedule point or an adjustment share the page knows
                value = _number(text)
                if key.startswith(ADJUST_PREFIX) and value is not None and not low <= value <= high:
                    value = None
        if value is None:
            dropped.append(key)
        else:
            values[key] = value
    _drop_invalid(values, dropped, start, base, settings)
    return values, dropped


def _drop_invalid(
    values: dict[str, Any], dropped: list[str], start: Mapping[str, Any], base: ParameterSet, settings: PageSettings
) -> None:
    """Drop the inputs, parameters and schedule points the fields' own checks reject."""
    inputs = {f: values.get(f, start[f]) for f in CalcInputs.model_fields}
    for field in check_inputs(inputs, settings).errors:
        if field in values:
            del values[field]
            dropped.append(field)
    shown = {**start, **values}
    parameter_values = {p.id: shown[f"{PARAM_PREFIX}{p.id}"] for p in base.parameters}
    schedule_values = {
        s.id: [shown[f"{SCHEDULE_PREFIX}{s.id}.{i}"] for i in range(len(s.points))] for s in base.schedules
    }
    for item in check_overrides(base, parameter_values, schedule_values, settings).errors:
        keys = [k for k in values if k == f"{PARAM_PREFIX}{item}" or k.startswith(f"{SCHEDULE_PREFIX}{item}.")]
        for key in keys:
            del values[key]
            dropped.append(key)
