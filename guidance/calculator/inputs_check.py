"""From what the user typed to calculator inputs: units, validation messages, edited parameters, prefill.

Values are shown in the units of ``page.yaml`` (shares in percent) and stored as the model wants them
(shares as fractions). Each input and each edited parameter is checked on its own, so a message can be
shown at the field that caused it; a message is a UI key with the numbers to fill in.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import ValidationError

from guidance.calculator.calculate import CalcResult, calculate
from guidance.calculator.page_settings import FORM_FIELD, PageSettings, Unit, input_kind
from guidance.calculator.parameters import (
    CalcInputs,
    Options,
    Parameter,
    ParameterError,
    ParameterSet,
    with_overrides,
)
from guidance.content.loader import load_model
from guidance.core.models import Frozen

#: Message key of an input with a problem; ``calc.err.<field>`` when the catalog has one.
INPUT_ERROR_PREFIX = "calc.err."
INPUT_ERROR_GENERIC = "calc.err.generic"
#: Inputs the assessment's sizing hands over through ``calc.prefill``: whole numbers, and the form.
PREFILL_COUNTS: tuple[str, ...] = ("positions", "months")
#: How close an edited value must be to the content value to count as unchanged.
_REL_TOL, _ABS_TOL = 1e-9, 1e-12


class FieldMessage(Frozen):
    """A message for one field: a UI key and the numbers to fill in, in the unit the field is shown in."""

    key: str
    numbers: dict[str, float] = {}
    decimals: int = 0


class InputsCheck(Frozen):
    """The checked inputs (``None`` if any is invalid) and a message key per invalid field."""

    inputs: CalcInputs | None = None
    errors: dict[str, str] = {}


class OverridesCheck(Frozen):
    """Edited parameters and schedules that are acceptable, and a message per rejected one."""

    overrides: dict[str, Any] = {}
    errors: dict[str, FieldMessage] = {}


class Outcome(Frozen):
    """What the page shows: a ``new`` result, the last valid one ``kept``, or ``none`` yet.

    ``params`` are the parameters the shown result was calculated with (the content values when none).
    """

    status: Literal["new", "kept", "none"]
    result: CalcResult | None = None
    params: ParameterSet
    overrides: dict[str, Any] = {}


# -- inputs ----------------------------------------------------------------------------------------


def _scale(field: str, settings: PageSettings) -> float:
    return settings.field(field).scale if input_kind(field) == "number" else 1


def shown_input(field: str, value: Any, settings: PageSettings) -> Any:
    """An input value as its field shows it (shares in percent, other numbers unchanged)."""
    scale = _scale(field, settings)
    if scale != 1:
        return round(float(value) * scale, 6)
    if isinstance(value, float):
        return float(value)
    return value


def stored_input(field: str, value: Any, settings: PageSettings) -> Any:
    """A value typed into the field of ``field`` in the unit the model stores (percent -> fraction)."""
    scale = _scale(field, settings)
    if scale != 1 and isinstance(value, (int, float)):
        return value / scale
    return value


def start_values(inputs: CalcInputs, settings: PageSettings) -> dict[str, Any]:
    """Every input of ``inputs`` as its field shows it."""
    return {field: shown_input(field, value, settings) for field, value in inputs.model_dump().items()}


def input_error_key(field: str) -> str:
    """The message key of an invalid ``field``: its own when the UI catalog has one, else the generic one."""
    key = f"{INPUT_ERROR_PREFIX}{field}"
    return key if key in load_model().ui else INPUT_ERROR_GENERIC


def check_inputs(shown: Mapping[str, Any], settings: PageSettings) -> InputsCheck:
    """Validate the values typed into the fields (``field -> shown value``) as calculator inputs.

    Returns:
        The inputs, or ``None`` with ``{field: message key}`` for each field that is not valid
        (``"-"`` for a problem that belongs to no single field).
    """
    raw = {field: stored_input(field, shown.get(field), settings) for field in CalcInputs.model_fields}
    try:
        return InputsCheck(inputs=CalcInputs.model_validate(raw))
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            field = str(err["loc"][0]) if err.get("loc") else "-"
            errors.setdefault(field, input_error_key(field))
        return InputsCheck(errors=errors)


# -- parameters ------------------------------------------------------------------------------------


def shown_parameter(p: Parameter, settings: PageSettings) -> float:
    """A parameter's value as its field shows it (shares in percent)."""
    scale = settings.parameter_unit(p.unit).scale
    return round(p.value * scale, 6) if scale != 1 else float(p.value)


def _message(exc: ParameterError, unit: Unit) -> FieldMessage:
    numbers = {name: value * unit.scale for name, value in exc.values.items()}
    return FieldMessage(key=exc.message_key, numbers=numbers, decimals=unit.decimals)


def check_overrides(
    base: ParameterSet,
    parameter_values: Mapping[str, Any],
    schedule_values: Mapping[str, Sequence[Any]],
    settings: PageSettings,
) -> OverridesCheck:
    """The edited parameters and schedule points, each checked on its own.

    Args:
        base: The parameters from content.
        parameter_values: Parameter id -> the value in its field (shares in percent).
        schedule_values: Schedule id -> the y value in the field of each of its points, in order.
        settings: Units the fields are shown in.

    Returns:
        Values that differ from ``base`` and are acceptable, and a message per rejected id.
    """
    overrides: dict[str, Any] = {}
    errors: dict[str, FieldMessage] = {}
    for p in base.parameters:
        unit = settings.parameter_unit(p.unit)
        value = parameter_values.get(p.id)
        if isinstance(value, (int, float)) and unit.scale != 1:
            value = value / unit.scale
        if isinstance(value, (int, float)) and math.isclose(value, p.value, rel_tol=_REL_TOL, abs_tol=_ABS_TOL):
            continue
        try:
            with_overrides(base, {p.id: value})
            overrides[p.id] = value
        except ParameterError as exc:
            errors[p.id] = _message(exc, unit)
    for s in base.schedules:
        ys = tuple(schedule_values.get(s.id, ()))
        points = [(x, ys[i] if i < len(ys) else None) for i, (x, _) in enumerate(s.points)]
        if all(
            isinstance(y, (int, float)) and math.isclose(y, y0)
            for (_, y), (_, y0) in zip(points, s.points, strict=True)
        ):
            continue
        try:
            with_overrides(base, {s.id: points})
            overrides[s.id] = points
        except ParameterError as exc:
            errors[s.id] = _message(exc, settings.schedule_points)
    return OverridesCheck(overrides=overrides, errors=errors)


def follow_date(
    old: ParameterSet,
    new: ParameterSet,
    parameter_values: Mapping[str, Any],
    schedule_values: Mapping[str, Sequence[Any]],
    settings: PageSettings,
) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """The fields' values after the user picked a date with other parameter values in force.

    A field that still shows the value of the old date takes the value of the new date; a field the
    user edited keeps the edit, so overrides survive a change of date.

    Args:
        old: The parameters the fields were filled from.
        new: The parameters in force on the new date (same ids).
        parameter_values: Parameter id -> the value in its field (shares in percent).
        schedule_values: Schedule id -> the y value in the field of each of its points, in order.
        settings: Units the fields are shown in.

    Returns:
        The new field values of every parameter and every schedule.
    """
    params: dict[str, Any] = {}
    for p in new.parameters:
        shown = parameter_values.get(p.id)
        before = shown_parameter(old.parameter(p.id), settings)
        unchanged = isinstance(shown, (int, float)) and math.isclose(shown, before, rel_tol=_REL_TOL, abs_tol=_ABS_TOL)
        params[p.id] = shown_parameter(p, settings) if unchanged or shown is None else shown
    schedules: dict[str, list[Any]] = {}
    for s in new.schedules:
        ys = list(schedule_values.get(s.id, ()))
        old_ys = [y for _, y in old.schedule(s.id).points]
        edited = len(ys) == len(old_ys) == len(s.points) and any(
            not (isinstance(y, (int, float)) and math.isclose(y, y0)) for y, y0 in zip(ys, old_ys, strict=True)
        )
        schedules[s.id] = ys if edited else [float(y) for _, y in s.points]
    return params, schedules


# -- prefill and outcome ---------------------------------------------------------------------------


def prefill_values(prefill: Any, options: Options) -> dict[str, Any] | None:
    """The inputs the assessment hands over (``positions``, ``months``, ``form``), each taken if valid.

    Args:
        prefill: What the assessment put into the ``calc.prefill`` session key (untrusted).
        options: The calculator's options; a form is taken only if it is one of them.

    Returns:
        ``field -> value`` for the usable values, or ``None`` when ``prefill`` is not a mapping.
    """
    if not isinstance(prefill, Mapping):
        return None
    values: dict[str, Any] = {}
    for field in PREFILL_COUNTS:
        with contextlib.suppress(KeyError, TypeError, ValueError, OverflowError):
            values[field] = int(prefill[field])
    form = prefill.get(FORM_FIELD)
    if isinstance(form, str) and form in {o.id for o in options.form}:
        values[FORM_FIELD] = form
    return values


def current_outcome(
    inputs: CalcInputs | None,
    check: OverridesCheck,
    base: ParameterSet,
    last_result: Any = None,
    last_overrides: Mapping[str, Any] | None = None,
) -> Outcome:
    """Calculate when inputs and parameters are valid; otherwise keep the last valid result, if any.

    Args:
        inputs: The checked inputs, ``None`` if any is invalid.
        check: The checked parameter edits.
        base: The parameters from content.
        last_result: The last result shown to this user (anything else counts as none).
        last_overrides: The parameter edits that last result was calculated with.
    """
    if inputs is not None and not check.errors:
        params = with_overrides(base, check.overrides)
        return Outcome(status="new", result=calculate(inputs, params), params=params, overrides=check.overrides)
    if isinstance(last_result, CalcResult):
        kept = dict(last_overrides or {})
        return Outcome(status="kept", result=last_result, params=with_overrides(base, kept), overrides=kept)
    return Outcome(status="none", params=base)
