"""Parameters and inputs of the socio-economic calculator, loaded from ``content/calculator/``.

Every tax rate, benefit level and subsidy rule is a :class:`Parameter` (or a piecewise-linear
:class:`Schedule`) with unit, year, source and a ``verified`` flag. :func:`load_parameters` reads
and validates them once; :func:`with_overrides` returns a copy with user-edited values, rejecting
nonsense with a :class:`ParameterError` that names the parameter and a UI message key.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from guidance.content.loader import (
    CONTENT_DIR,
    ContentError,
    cached_loader,
    content_dir,
    load_sources,
    read_yaml,
    validate_items,
    validate_one,
)
from guidance.core.models import Frozen, Sourced, Text, by_id

Buyer = Literal["municipal", "regional", "state"]
Form = Literal["employment", "apprenticeship", "internship"]
Subsidy = Literal["none", "nystartsjobb", "introduktionsjobb", "lonebidrag"]
AgeBand = Literal["18_25", "26_67"]
UnemployedBand = Literal["lt6", "6_11", "12_23", "24p"]
Actor = Literal["individual", "municipality", "region", "state", "employer"]
ACTORS: tuple[Actor, ...] = ("individual", "municipality", "region", "state", "employer")

#: Parameter ids the arithmetic reads; the loader fails if one is missing.
REQUIRED_PARAMETERS: frozenset[str] = frozenset(
    {
        "econ.pbb",
        "econ.indirect_tax_share",
        "econ.consumption_share",
        "tax.employer_contributions",
        "tax.municipal_rate",
        "tax.regional_rate",
        "tax.state_threshold",
        "tax.state_rate",
        "tax.public_service_rate",
        "tax.public_service_cap",
        "benefit.days_per_month",
        "benefit.social_assistance_norm",
        "benefit.housing_cost",
        "benefit.housing_allowance",
        "benefit.housing_allowance_threshold",
        "benefit.housing_allowance_taper",
        "subsidy.nystartsjobb_multiple",
        "subsidy.nystartsjobb_multiple_long",
        "subsidy.nystartsjobb_wage_cap",
        "subsidy.introduction_job_share",
        "subsidy.introduction_job_wage_cap",
        "subsidy.wage_support_wage_cap",
    }
)
REQUIRED_SCHEDULES: frozenset[str] = frozenset({"tax.basic_deduction", "tax.earned_income_credit_base"})

_DIR = "calculator"


class ParameterError(ValueError):
    """A user-edited parameter value is not acceptable.

    Attributes:
        param_id: The parameter (or schedule) that was rejected.
        message_key: UI string key of the message to show at the field.
        values: Placeholders for the message (e.g. ``min`` and ``max``).
    """

    def __init__(self, param_id: str, message_key: str, **values: Any) -> None:
        self.param_id, self.message_key, self.values = param_id, message_key, values
        super().__init__(f"{param_id}: {message_key} {values}")


class Parameter(Sourced):
    """One number of the model with its unit, year, bounds and how well it is verified."""

    id: str
    group: Literal["economy", "tax", "benefit", "subsidy"]
    name: Text
    value: float
    unit: Literal["share", "multiple", "sek_day", "sek_month", "sek_year", "days"]
    year: int = Field(ge=2000, le=2100)
    verified: bool
    note: Text
    min: float
    max: float

    @model_validator(mode="after")
    def _in_bounds(self) -> Parameter:
        if not (math.isfinite(self.value) and self.min <= self.value <= self.max):
            raise ValueError(f"value {self.value} is outside {self.min}..{self.max}")
        return self


class Schedule(Sourced):
    """A piecewise-linear function of yearly income, both axes in price base amounts."""

    id: str
    group: Literal["tax"]
    name: Text
    year: int = Field(ge=2000, le=2100)
    verified: bool
    note: Text
    points: tuple[tuple[float, float], ...] = Field(min_length=2)

    @field_validator("points")
    @classmethod
    def _valid_points(cls, points: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
        xs = [x for x, _ in points]
        if any(not math.isfinite(v) for pt in points for v in pt):
            raise ValueError("points must be finite numbers")
        if any(b <= a for a, b in zip(xs, xs[1:], strict=False)):
            raise ValueError("x values must be strictly increasing")
        if any(y < 0 for _, y in points):
            raise ValueError("y values must not be negative")
        return points

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
    """A state benefit a person may have had before the job."""

    id: str
    name: Text
    daily: str | None
    taxable: bool


class BenefitRule(Sourced):
    """Target-group answers -> the benefit received before the job (first match wins)."""

    id: str
    when: Condition
    benefit: str
    note: Text


class NystartsjobbRules(Sourced):
    """Who qualifies for nystartsjobb and who gets the higher multiple."""

    eligible: tuple[Condition, ...]
    higher_multiple: tuple[Condition, ...]


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
    """Everything the calculator reads from content, validated and immutable."""

    parameters: tuple[Parameter, ...]
    schedules: tuple[Schedule, ...]
    options: Options
    benefits: tuple[Benefit, ...]
    benefit_rules: tuple[BenefitRule, ...]
    nystartsjobb: NystartsjobbRules
    notes: tuple[CalcNote, ...]
    defaults: tuple[CalcInputs, ...]
    defaults_source: str

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


# -- loading -------------------------------------------------------------------------------------


def _path(root: Path, name: str) -> Path:
    return root / _DIR / name


def _name(name: str) -> str:
    return f"content/{_DIR}/{name}"


@cached_loader
def input_limits() -> tuple[InputLimit, ...]:
    """Allowed ranges of the numeric inputs (from the bundled ``inputs.yaml``)."""
    return _read_limits(content_dir())


def _read_limits(root: Path) -> tuple[InputLimit, ...]:
    raw = read_yaml(_path(root, "inputs.yaml"), root).get("limits")
    limits = validate_items(_name("inputs.yaml"), "limits", raw, InputLimit)
    numeric = {name for name, f in CalcInputs.model_fields.items() if f.annotation in (int, float, "int", "float")}
    for limit in limits:
        if limit.field not in numeric:
            raise ContentError(_name("inputs.yaml"), limit.field, "field", "not a numeric input")
    return limits


def _check_options(options: Options) -> None:
    expected = {"buyer": Buyer, "form": Form, "subsidy": Subsidy, "age": AgeBand, "unemployed": UnemployedBand}
    for field, literal in expected.items():
        ids = [o.id for o in getattr(options, field)]
        if sorted(ids) != sorted(get_args(literal)):
            raise ContentError(
                _name("inputs.yaml"),
                f"options.{field}",
                "id",
                f"options must be exactly {sorted(get_args(literal))}, found {sorted(ids)}",
            )
    for o in options.buyer:
        if o.actor is None:
            raise ContentError(_name("inputs.yaml"), f"options.buyer.{o.id}", "actor", "required field is missing")


def _defaults(raw: Any) -> tuple[tuple[CalcInputs, ...], str]:
    file = _name("inputs.yaml")
    if not isinstance(raw, dict) or "employment" not in raw:
        raise ContentError(file, "defaults", "employment", "required section is missing")
    base = raw["employment"]
    out = [validate_one(file, "defaults.employment", base, CalcInputs)]
    for form in ("apprenticeship", "internship"):
        if form not in raw:
            raise ContentError(file, "defaults", form, "required section is missing")
        out.append(validate_one(file, f"defaults.{form}", {**base, **raw[form]}, CalcInputs))
    for form, inputs in zip(("employment", "apprenticeship", "internship"), out, strict=False):
        if inputs.form != form:
            raise ContentError(file, f"defaults.{form}", "form", f"must be '{form}'")
    return tuple(out), str(raw.get("source", ""))


def build_parameters(root: Path = CONTENT_DIR) -> ParameterSet:
    """Read and cross-check ``root/calculator``; raise :class:`ContentError` on the first problem."""
    params_file, sched_file, inputs_file, notes_file = (
        _name(n) for n in ("parameters.yaml", "schedules.yaml", "inputs.yaml", "notes.yaml")
    )
    parameters = validate_items(
        params_file, "parameters", read_yaml(_path(root, "parameters.yaml"), root).get("parameters"), Parameter
    )
    schedules = validate_items(
        sched_file, "schedules", read_yaml(_path(root, "schedules.yaml"), root).get("schedules"), Schedule
    )
    raw_inputs = read_yaml(_path(root, "inputs.yaml"), root)
    _read_limits(root)
    options = validate_one(inputs_file, "options", raw_inputs.get("options"), Options)
    _check_options(options)
    benefits = validate_items(inputs_file, "benefits", raw_inputs.get("benefits"), Benefit)
    rules = validate_items(inputs_file, "benefit_rules", raw_inputs.get("benefit_rules"), BenefitRule)
    nsj = validate_one(inputs_file, "nystartsjobb", raw_inputs.get("nystartsjobb"), NystartsjobbRules)
    defaults, defaults_source = _defaults(raw_inputs.get("defaults"))
    notes = validate_items(notes_file, "notes", read_yaml(_path(root, "notes.yaml"), root).get("notes"), CalcNote)

    ids = {p.id for p in parameters} | {s.id for s in schedules}
    if len(ids) != len(parameters) + len(schedules):
        raise ContentError(sched_file, "-", "id", "a schedule id repeats a parameter id")
    for missing in sorted(REQUIRED_PARAMETERS - {p.id for p in parameters}):
        raise ContentError(params_file, missing, "id", "required parameter is missing")
    for missing in sorted(REQUIRED_SCHEDULES - {s.id for s in schedules}):
        raise ContentError(sched_file, missing, "id", "required schedule is missing")
    param_ids = {p.id for p in parameters}
    for b in benefits:
        if b.daily is not None and b.daily not in param_ids:
            raise ContentError(inputs_file, b.id, "daily", f"unknown parameter id '{b.daily}'")
    benefit_ids = {b.id for b in benefits}
    for r in rules:
        if r.benefit not in benefit_ids:
            raise ContentError(inputs_file, r.id, "benefit", f"unknown benefit id '{r.benefit}'")
    if not rules or rules[-1].when != Condition():
        raise ContentError(inputs_file, "benefit_rules", "when", "the last rule must match every answer ({})")

    source_ids = {s.id for s in load_sources(root)}
    for file, items in ((params_file, parameters), (sched_file, schedules), (inputs_file, rules), (notes_file, notes)):
        for item in items:
            if item.source not in source_ids:
                raise ContentError(file, item.id, "source", f"unknown source id '{item.source}'")
    for item_id, src in (("nystartsjobb", nsj.source), ("defaults", defaults_source)):
        if src not in source_ids:
            raise ContentError(inputs_file, item_id, "source", f"unknown source id '{src}'")
    return ParameterSet(
        parameters=parameters,
        schedules=schedules,
        options=options,
        benefits=benefits,
        benefit_rules=rules,
        nystartsjobb=nsj,
        notes=notes,
        defaults=defaults,
        defaults_source=defaults_source,
    )


@cached_loader
def load_parameters() -> ParameterSet:
    """The validated parameter set from the bundled ``content/``, parsed once per process."""
    return build_parameters(content_dir())


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
                new_scheds[key] = Schedule.model_validate({**by_sched[key].model_dump(), "points": points})
            except ValidationError:
                raise ParameterError(key, "calc.err.schedule_points") from None
        else:
            raise ParameterError(key, "calc.err.param_unknown")
    return params.model_copy(
        update={
            "parameters": tuple(new_params[p.id] for p in params.parameters),
            "schedules": tuple(new_scheds[s.id] for s in params.schedules),
        }
    )
