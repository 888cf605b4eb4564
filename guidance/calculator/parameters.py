"""Parameters and inputs of the socio-economic calculator.

Every tax rate, benefit level and subsidy rule is a :class:`Parameter` (or a piecewise-linear
:class:`Schedule`): the value in force on a date, with its unit, the date it took effect, its source,
a ``verified`` flag and the parameter's whole dated history. The dated values are read by
:mod:`guidance.calculator.dated` (in the style of OpenFisca's parameter files); :func:`parameters_at`
gives the :class:`ParameterSet` in force on a day and :func:`load_parameters` the one in force today.
:func:`with_overrides` returns a copy with user-edited values, rejecting nonsense with a
:class:`ParameterError` that names the parameter and a UI message key.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from guidance.content.loader import CONTENT_DIR, ContentError, cached_loader, content_dir, read_yaml, validate_items
from guidance.core.models import Frozen, Sourced, Text, by_id

Buyer = Literal["municipal", "regional", "state"]
Form = Literal["employment", "apprenticeship", "internship"]
Subsidy = Literal["none", "nystartsjobb", "introduktionsjobb", "lonebidrag"]
AgeBand = Literal["18_22", "23_25", "26_67"]
UnemployedBand = Literal["lt6", "6_11", "12_23", "24p"]
Actor = Literal["individual", "municipality", "region", "state", "employer"]
ParameterGroup = Literal["economy", "tax", "benefit", "subsidy"]
Unit = Literal["share", "multiple", "sek_day", "sek_month", "sek_year", "days"]
ACTORS: tuple[Actor, ...] = ("individual", "municipality", "region", "state", "employer")

#: Parameter ids the arithmetic reads; the loader fails if one is missing.
REQUIRED_PARAMETERS: frozenset[str] = frozenset(
    {
        "econ.pbb",
        "econ.indirect_tax_share",
        "econ.consumption_share",
        "tax.employer_contributions",
        "tax.employer_contributions_young",
        "tax.employer_contributions_young_cap",
        "tax.municipal_rate",
        "tax.regional_rate",
        "tax.state_threshold",
        "tax.state_rate",
        "tax.public_service_rate",
        "tax.public_service_cap",
        "tax.earned_income_reduction_rate",
        "tax.earned_income_reduction_floor",
        "tax.earned_income_reduction_cap",
        "benefit.days_per_month",
        "benefit.ui_level",
        "benefit.ui_step_first",
        "benefit.ui_step_second",
        "benefit.ui_first_step_day",
        "benefit.ui_second_step_day",
        "benefit.ui_income_ceiling",
        "benefit.ui_income_ceiling_late",
        "benefit.social_assistance_norm",
        "benefit.housing_cost",
        "benefit.housing_allowance",
        "benefit.housing_allowance_threshold",
        "benefit.housing_allowance_taper",
        "subsidy.nystartsjobb_wage_cap",
        "subsidy.introduction_job_share",
        "subsidy.introduction_job_wage_cap",
        "subsidy.wage_support_wage_cap",
    }
)
REQUIRED_SCHEDULES: frozenset[str] = frozenset({"tax.basic_deduction", "tax.earned_income_credit_base"})

_DIR = "calculator"


class ParameterError(ValueError):
    """A user-edited parameter value (or a chosen date) is not acceptable.

    Attributes:
        param_id: The parameter (or schedule, or ``"date"``) that was rejected.
        message_key: UI string key of the message to show at the field.
        values: Placeholders for the message (e.g. ``min`` and ``max``).
    """

    def __init__(self, param_id: str, message_key: str, **values: Any) -> None:
        self.param_id, self.message_key, self.values = param_id, message_key, values
        super().__init__(f"{param_id}: {message_key} {values}")


class DatedValue(Sourced):
    """One value of a parameter as content holds it: from when it applies, where it comes from, how sure it is."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    start: dt.date = Field(alias="from")
    value: float
    verified: bool
    note: Text


class DatedPoints(Sourced):
    """One version of a schedule's points, with the date it applies from."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    start: dt.date = Field(alias="from")
    points: tuple[tuple[float, float], ...] = Field(min_length=2)
    verified: bool
    note: Text

    @field_validator("points")
    @classmethod
    def _valid_points(cls, points: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
        return check_points(points)


def check_points(points: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
    """``points`` if they are finite, with strictly increasing x and no negative y; else ``ValueError``."""
    xs = [x for x, _ in points]
    if any(not math.isfinite(v) for pt in points for v in pt):
        raise ValueError("points must be finite numbers")
    if any(b <= a for a, b in zip(xs, xs[1:], strict=False)):
        raise ValueError("x values must be strictly increasing")
    if any(y < 0 for _, y in points):
        raise ValueError("y values must not be negative")
    return points


class Parameter(Sourced):
    """One number of the model as it stands on a date.

    ``value``, ``effective`` (the date that value took effect), ``verified``, ``source``, ``evidence``
    and ``note`` describe the value in force; ``history`` holds every dated value, oldest first.
    """

    id: str
    group: ParameterGroup
    name: Text
    description: Text
    value: float
    unit: Unit
    effective: dt.date
    verified: bool
    note: Text
    min: float
    max: float
    history: tuple[DatedValue, ...] = ()

    @model_validator(mode="after")
    def _in_bounds(self) -> Parameter:
        if not (math.isfinite(self.value) and self.min <= self.value <= self.max):
            raise ValueError(f"value {self.value} is outside {self.min}..{self.max}")
        return self


class Schedule(Sourced):
    """A piecewise-linear function of yearly income, both axes in price base amounts, as it stands on a date."""

    id: str
    group: Literal["tax"]
    name: Text
    description: Text
    effective: dt.date
    verified: bool
    note: Text
    points: tuple[tuple[float, float], ...] = Field(min_length=2)
    history: tuple[DatedPoints, ...] = ()

    @field_validator("points")
    @classmethod
    def _valid_points(cls, points: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
        return check_points(points)

    def at(self, x: float) -> float:
        """The schedule's value at ``x`` (flat outside the first and last point)."""
        pts = self.points
        if x <= pts[0][0]:
            return pts[0][1]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
            if x <= x1:
                return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
        return pts[-1][1]


class Option(Frozen):
    """One choice of a select input, with its label and (for buyers) the actor that pays."""

    id: str
    label: Text
    actor: Actor | None = None


class Options(Frozen):
    """The choices of every select input."""

    buyer: tuple[Option, ...]
    form: tuple[Option, ...]
    subsidy: tuple[Option, ...]
    age: tuple[Option, ...]
    unemployed: tuple[Option, ...]

    def label(self, field: str, option_id: str) -> Text:
        """The label of ``option_id`` among the options of ``field``."""
        options: tuple[Option, ...] = getattr(self, field)
        return by_id(options, option_id, field).label


class Condition(Frozen):
    """Answers a rule applies to; a field left as ``None`` matches every answer."""

    newly_arrived: bool | None = None
    unemployment_insurance: bool | None = None
    age: tuple[AgeBand, ...] | None = None
    unemployed: tuple[UnemployedBand, ...] | None = None

    def matches(self, inputs: CalcInputs) -> bool:
        """Whether every given condition holds for ``inputs``."""
        return (
            (self.newly_arrived is None or inputs.newly_arrived == self.newly_arrived)
            and (self.unemployment_insurance is None or inputs.unemployment_insurance == self.unemployment_insurance)
            and (self.age is None or inputs.age in self.age)
            and (self.unemployed is None or inputs.unemployed in self.unemployed)
        )


class Benefit(Frozen):
    """A state benefit a person may have had before the job.

    ``daily`` names the parameter of a flat daily amount; an ``income_related`` benefit (unemployment
    insurance) is computed from the earlier income instead; a benefit with neither pays nothing.
    """

    id: str
    name: Text
    daily: str | None = None
    income_related: bool = False
    taxable: bool

    @model_validator(mode="after")
    def _one_kind(self) -> Benefit:
        if self.daily is not None and self.income_related:
            raise ValueError("a benefit is either daily or income related, not both")
        return self


class BenefitRule(Sourced):
    """Target-group answers -> the benefit received before the job (first match wins)."""

    id: str
    when: Condition
    benefit: str
    note: Text


class MultipleRule(Frozen):
    """Answers -> the parameter that holds the nystartsjobb multiple (first match wins)."""

    when: Condition
    multiple: str


class NystartsjobbRules(Sourced):
    """Who qualifies for nystartsjobb, and how many employer contributions the support is worth."""

    eligible: tuple[Condition, ...]
    multiples: tuple[MultipleRule, ...] = Field(min_length=1)

    def multiple_for(self, inputs: CalcInputs) -> str:
        """The parameter id of the multiple for ``inputs``."""
        return next(r.multiple for r in self.multiples if r.when.matches(inputs))


class GroupRule(Sourced):
    """The group a rule applies to (e.g. who pays the reduced employer contributions)."""

    when: Condition


class EligibilityRules(Sourced):
    """Who can get a benefit: any of the conditions may hold."""

    eligible: tuple[Condition, ...] = Field(min_length=1)

    def allows(self, inputs: CalcInputs) -> bool:
        """Whether ``inputs`` describe someone who can get the benefit."""
        return any(c.matches(inputs) for c in self.eligible)


class InputLimit(Frozen):
    """Allowed range of one numeric input."""

    field: str
    min: float
    max: float
    min_exclusive: bool = False


class CalcNote(Sourced):
    """An explanation shown next to the result (definition, limit or assumption)."""

    id: str
    kind: Literal["definition", "limit", "assumption"]
    title: Text
    body: Text


class CalcInputs(Frozen):
    """What the user enters. Shares are fractions (1.0 = 100 %); amounts are SEK.

    ``wage`` is the full-time gross monthly wage (paid in proportion to ``work_share``);
    ``admin_cost`` and ``procurement_cost`` are one-off amounts per position; ``bonus`` is SEK per
    position and month paid by the buyer. Ranges come from ``content/calculator/inputs.yaml``.
    """

    buyer: Buyer = "municipal"
    form: Form = "employment"
    months: int
    positions: int = 1
    work_share: float
    wage: float
    subsidy: Subsidy = "none"
    productivity: float
    intern_output: float = 0.0
    age: AgeBand = "26_67"
    unemployed: UnemployedBand = "12_23"
    newly_arrived: bool = False
    unemployment_insurance: bool = False
    housing_allowance: bool = False
    supervisor_wage: float = 0.0
    supervision_share: float = 0.0
    admin_cost: float = 0.0
    procurement_cost: float = 0.0
    bonus: float = 0.0

    @field_validator("*", mode="after")
    @classmethod
    def _within_limits(cls, value: Any, info: ValidationInfo) -> Any:
        limit = next((lim for lim in input_limits() if lim.field == info.field_name), None)
        if limit is None:
            return value
        too_low = value <= limit.min if limit.min_exclusive else value < limit.min
        if not math.isfinite(value) or too_low or value > limit.max:
            raise PydanticCustomError(
                "calc_range",
                "{field} must be within {min}..{max}",
                {"field": limit.field, "min": limit.min, "max": limit.max},
            )
        return value


class ParameterSet(Frozen):
    """Everything the calculator reads from content for one period of unchanged values, validated and immutable.

    ``valid_from`` is the day the latest of these values took effect and ``valid_until`` the last day
    before the next change (``None`` when no later change is known); ``coverage_start`` and
    ``coverage_end`` are the dates the content covers.
    """

    valid_from: dt.date
    valid_until: dt.date | None
    coverage_start: dt.date
    coverage_end: dt.date
    parameters: tuple[Parameter, ...]
    schedules: tuple[Schedule, ...]
    options: Options
    benefits: tuple[Benefit, ...]
    benefit_rules: tuple[BenefitRule, ...]
    nystartsjobb: NystartsjobbRules
    young_contributions: GroupRule
    housing_allowance: EligibilityRules
    unemployed_months: tuple[tuple[UnemployedBand, int], ...]
    notes: tuple[CalcNote, ...]
    defaults: tuple[CalcInputs, ...]
    defaults_source: str

    def months_unemployed(self, band: UnemployedBand) -> int:
        """The lower bound, in months, of the time-unemployed ``band``."""
        return next(months for b, months in self.unemployed_months if b == band)

    def parameter(self, param_id: str) -> Parameter:
        """The parameter with ``param_id``."""
        return next(p for p in self.parameters if p.id == param_id)

    def value(self, param_id: str) -> float:
        """The value of the parameter with ``param_id``."""
        return self.parameter(param_id).value

    def schedule(self, schedule_id: str) -> Schedule:
        """The schedule with ``schedule_id``."""
        return next(s for s in self.schedules if s.id == schedule_id)

    def benefit(self, benefit_id: str) -> Benefit:
        """The benefit with ``benefit_id``."""
        return next(b for b in self.benefits if b.id == benefit_id)

    def rule_for(self, inputs: CalcInputs) -> BenefitRule:
        """The first benefit rule that matches ``inputs``."""
        return next(r for r in self.benefit_rules if r.when.matches(inputs))

    def default_inputs(self, form: Form = "employment") -> CalcInputs:
        """The starting inputs for ``form``."""
        return next(d for d in self.defaults if d.form == form)


# -- loading ---------------------------------------------------------------------------------------


def _path(root: Path, name: str) -> Path:
    return root / _DIR / name


def _name(name: str) -> str:
    return f"content/{_DIR}/{name}"


@cached_loader
def input_limits() -> tuple[InputLimit, ...]:
    """Allowed ranges of the numeric inputs (from the bundled ``inputs.yaml``)."""
    return read_limits(content_dir())


def read_limits(root: Path) -> tuple[InputLimit, ...]:
    """The input limits of ``root/calculator/inputs.yaml``; a limit on a non-numeric input is a content error."""
    raw = read_yaml(_path(root, "inputs.yaml"), root).get("limits")
    limits = validate_items(_name("inputs.yaml"), "limits", raw, InputLimit)
    numeric = {name for name, f in CalcInputs.model_fields.items() if f.annotation in (int, float, "int", "float")}
    for limit in limits:
        if limit.field not in numeric:
            raise ContentError(_name("inputs.yaml"), limit.field, "field", "not a numeric input")
    return limits


def build_parameters(root: Path = CONTENT_DIR, day: dt.date | None = None) -> ParameterSet:
    """The parameters of ``root/calculator`` in force on ``day`` (today when not given).

    Raises:
        ContentError: On the first problem in the content, naming file, item and field.
        ParameterError: If ``day`` lies before the dates the content covers.
    """
    from guidance.calculator.dated import build_book

    return build_book(root).at(day or dt.date.today())


def parameters_at(day: dt.date) -> ParameterSet:
    """The validated parameters in force on ``day`` (from the bundled content, parsed once per process).

    The same object is returned for every day of one period of unchanged values.

    Raises:
        ParameterError: ``calc.err.date_range`` if ``day`` lies before the dates the content covers.
    """
    from guidance.calculator.dated import load_book

    return load_book().at(day)


def load_parameters() -> ParameterSet:
    """The validated parameters in force today, from the bundled ``content/``."""
    return parameters_at(dt.date.today())


# -- user edits -----------------------------------------------------------------------------------


def _as_number(param_id: str, raw: Any) -> float:
    if isinstance(raw, bool):
        raise ParameterError(param_id, "calc.err.param_number")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ParameterError(param_id, "calc.err.param_number") from None
    if not math.isfinite(value):
        raise ParameterError(param_id, "calc.err.param_number")
    return value


def _as_points(schedule_id: str, raw: Any) -> tuple[tuple[float, float], ...]:
    if not isinstance(raw, Sequence) or isinstance(raw, str) or len(raw) < 2:
        raise ParameterError(schedule_id, "calc.err.schedule_points")
    points: list[tuple[float, float]] = []
    for pt in raw:
        if not isinstance(pt, Sequence) or isinstance(pt, str) or len(pt) != 2:
            raise ParameterError(schedule_id, "calc.err.schedule_points")
        points.append((_as_number(schedule_id, pt[0]), _as_number(schedule_id, pt[1])))
    return tuple(points)


def with_overrides(params: ParameterSet, overrides: Mapping[str, Any]) -> ParameterSet:
    """A copy of ``params`` with edited values, each checked against its allowed range.

    Args:
        params: The parameter set to start from.
        overrides: Parameter id -> number, or schedule id -> list of ``(x, y)`` points.

    Raises:
        ParameterError: For an unknown id, a value that is not a finite number, or one outside
            the parameter's ``min``/``max`` (e.g. a negative tax rate).
    """
    if not overrides:
        return params
    by_param = {p.id: p for p in params.parameters}
    by_sched = {s.id: s for s in params.schedules}
    new_params = dict(by_param)
    new_scheds = dict(by_sched)
    for key, raw in overrides.items():
        if key in by_param:
            p = by_param[key]
            value = _as_number(key, raw)
            if not p.min <= value <= p.max:
                raise ParameterError(key, "calc.err.param_range", min=p.min, max=p.max)
            new_params[key] = p.model_copy(update={"value": value})
        elif key in by_sched:
            points = _as_points(key, raw)
            try:
                new_scheds[key] = by_sched[key].model_copy(update={"points": check_points(points)})
            except ValueError:
                raise ParameterError(key, "calc.err.schedule_points") from None
        else:
            raise ParameterError(key, "calc.err.param_unknown")
    return params.model_copy(
        update={
            "parameters": tuple(new_params[p.id] for p in params.parameters),
            "schedules": tuple(new_scheds[s.id] for s in params.schedules),
        }
    )


__all__ = [
    "ACTORS",
    "REQUIRED_PARAMETERS",
    "REQUIRED_SCHEDULES",
    "Actor",
    "AgeBand",
    "Benefit",
    "BenefitRule",
    "CalcInputs",
    "CalcNote",
    "Condition",
    "DatedPoints",
    "DatedValue",
    "EligibilityRules",
    "Form",
    "GroupRule",
    "InputLimit",
    "MultipleRule",
    "NystartsjobbRules",
    "Option",
    "Options",
    "Parameter",
    "ParameterError",
    "ParameterSet",
    "Schedule",
    "build_parameters",
    "input_limits",
    "load_parameters",
    "parameters_at",
    "read_limits",
    "with_overrides",
]
