"""Dated parameter values, read like OpenFisca's parameter files, and the parameter set in force on a day.

``content/calculator/parameters.yaml`` and ``schedules.yaml`` hold each value keyed by the date it takes
effect, with its own source, evidence marker, note and ``verified`` flag. :func:`build_book` reads and
cross-checks them with the date-independent rules of ``inputs.yaml`` and ``notes.yaml`` and builds one
:class:`~guidance.calculator.parameters.ParameterSet` per period of unchanged values; :meth:`ParameterBook.at`
picks the period a day falls in. :func:`load_book` does this once per process for the bundled content.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from pathlib import Path
from typing import Any, get_args

from pydantic import Field, model_validator

from guidance.calculator.parameters import (
    REQUIRED_PARAMETERS,
    REQUIRED_SCHEDULES,
    AgeBand,
    Benefit,
    BenefitRule,
    Buyer,
    CalcInputs,
    CalcNote,
    Condition,
    DatedPoints,
    DatedValue,
    EligibilityRules,
    Form,
    GroupRule,
    NystartsjobbRules,
    Options,
    Parameter,
    ParameterError,
    ParameterGroup,
    ParameterSet,
    Schedule,
    Subsidy,
    UnemployedBand,
    Unit,
    read_limits,
)
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
from guidance.core.models import Frozen, Text

_DIR = "calculator"
PARAMS_FILE, SCHED_FILE, INPUTS_FILE, NOTES_FILE = (
    f"content/{_DIR}/{n}" for n in ("parameters.yaml", "schedules.yaml", "inputs.yaml", "notes.yaml")
)
#: The message key of a day outside the dates the content covers.
DATE_RANGE_KEY = "calc.err.date_range"


def _increasing(starts: list[dt.date]) -> None:
    if any(b <= a for a, b in zip(starts, starts[1:], strict=False)):
        raise ValueError("the 'from' dates must be strictly increasing")


def _latest(starts: list[dt.date], day: dt.date) -> int | None:
    """The index of the last start on or before ``day`` (``None`` if all are later)."""
    index = bisect.bisect_right(starts, day) - 1
    return index if index >= 0 else None


class DatedParameter(Frozen):
    """A parameter as content holds it: name, unit, bounds, description and its values by date."""

    id: str
    group: ParameterGroup
    name: Text
    unit: Unit
    min: float
    max: float
    description: Text
    values: tuple[DatedValue, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _valid_values(self) -> DatedParameter:
        _increasing([v.start for v in self.values])
        for v in self.values:
            if not (math.isfinite(v.value) and self.min <= v.value <= self.max):
                raise ValueError(f"value {v.value} from {v.start} is outside {self.min}..{self.max}")
        return self

    def at(self, day: dt.date) -> Parameter | None:
        """The parameter as it stands on ``day``; ``None`` before its first value."""
        index = _latest([v.start for v in self.values], day)
        if index is None:
            return None
        v = self.values[index]
        return Parameter(
            id=self.id,
            group=self.group,
            name=self.name,
            description=self.description,
            unit=self.unit,
            min=self.min,
            max=self.max,
            value=v.value,
            effective=v.start,
            verified=v.verified,
            note=v.note,
            source=v.source,
            evidence=v.evidence,
            history=self.values,
        )


class DatedSchedule(Frozen):
    """A tax schedule as content holds it: its versions of points by date."""

    id: str
    group: ParameterGroup
    name: Text
    description: Text
    values: tuple[DatedPoints, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _valid_values(self) -> DatedSchedule:
        _increasing([v.start for v in self.values])
        if self.group != "tax":
            raise ValueError("a schedule belongs to the 'tax' group")
        return self

    def at(self, day: dt.date) -> Schedule | None:
        """The schedule as it stands on ``day``; ``None`` before its first version."""
        index = _latest([v.start for v in self.values], day)
        if index is None:
            return None
        v = self.values[index]
        return Schedule(
            id=self.id,
            group="tax",
            name=self.name,
            description=self.description,
            points=v.points,
            effective=v.start,
            verified=v.verified,
            note=v.note,
            source=v.source,
            evidence=v.evidence,
            history=self.values,
        )


class Coverage(Frozen):
    """The dates the content covers: every parameter has a value on ``start``; a user picks up to ``end``."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Coverage:
        if self.end <= self.start:
            raise ValueError(f"end {self.end} must be after start {self.start}")
        return self


class ParameterBook(Frozen):
    """Every dated parameter and schedule, and one parameter set per period of unchanged values."""

    coverage: Coverage
    parameters: tuple[DatedParameter, ...]
    schedules: tuple[DatedSchedule, ...]
    periods: tuple[ParameterSet, ...] = Field(min_length=1)

    def change_dates(self) -> tuple[dt.date, ...]:
        """The first day of each period of unchanged values, oldest first (the first is the coverage start)."""
        return tuple(p.valid_from for p in self.periods)

    def at(self, day: dt.date) -> ParameterSet:
        """The parameter set in force on ``day`` (the last known values go on after the last change).

        Raises:
            ParameterError: ``calc.err.date_range`` if ``day`` is not a date or lies before the coverage start.
        """
        if not isinstance(day, dt.date) or day < self.coverage.start:
            raise ParameterError("date", DATE_RANGE_KEY, start=self.coverage.start, end=self.coverage.end)
        index = _latest(list(self.change_dates()), day)
        assert index is not None  # the first period starts on the coverage start, which is not after ``day``
        return self.periods[index]


# -- reading --------------------------------------------------------------------------------------------


class _Rules(Frozen):
    """The date-independent part of the content: options, rules, notes and starting inputs."""

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


def _check_options(options: Options) -> None:
    expected: dict[str, Any] = {"buyer": Buyer, "form": Form, "subsidy": Subsidy, "age": AgeBand}
    expected["unemployed"] = UnemployedBand
    for field, literal in expected.items():
        ids = [o.id for o in getattr(options, field)]
        if sorted(ids) != sorted(get_args(literal)):
            raise ContentError(
                INPUTS_FILE,
                f"options.{field}",
                "id",
                f"options must be exactly {sorted(get_args(literal))}, found {sorted(ids)}",
            )
    for o in options.buyer:
        if o.actor is None:
            raise ContentError(INPUTS_FILE, f"options.buyer.{o.id}", "actor", "required field is missing")


def _defaults(raw: Any) -> tuple[tuple[CalcInputs, ...], str]:
    if not isinstance(raw, dict) or "employment" not in raw:
        raise ContentError(INPUTS_FILE, "defaults", "employment", "required section is missing")
    base = raw["employment"]
    out = [validate_one(INPUTS_FILE, "defaults.employment", base, CalcInputs)]
    for form in ("apprenticeship", "internship"):
        if form not in raw:
            raise ContentError(INPUTS_FILE, "defaults", form, "required section is missing")
        out.append(validate_one(INPUTS_FILE, f"defaults.{form}", {**base, **raw[form]}, CalcInputs))
    for form, inputs in zip(("employment", "apprenticeship", "internship"), out, strict=False):
        if inputs.form != form:
            raise ContentError(INPUTS_FILE, f"defaults.{form}", "form", f"must be '{form}'")
    return tuple(out), str(raw.get("source", ""))


def _unemployed_months(raw: Any) -> tuple[tuple[UnemployedBand, int], ...]:
    bands = set(get_args(UnemployedBand))
    if not isinstance(raw, dict) or set(raw) != bands:
        raise ContentError(INPUTS_FILE, "unemployed_months", "-", f"must name exactly the bands {sorted(bands)}")
    out: dict[UnemployedBand, int] = {}
    for band, months in raw.items():
        if isinstance(months, bool) or not isinstance(months, int) or months < 0:
            raise ContentError(INPUTS_FILE, f"unemployed_months.{band}", "months", "must be a whole number >= 0")
        out[band] = months
    return tuple(out.items())


def _read_rules(root: Path) -> _Rules:
    raw = read_yaml(root / _DIR / "inputs.yaml", root)
    read_limits(root)
    options = validate_one(INPUTS_FILE, "options", raw.get("options"), Options)
    _check_options(options)
    defaults, defaults_source = _defaults(raw.get("defaults"))
    notes_raw = read_yaml(root / _DIR / "notes.yaml", root).get("notes")
    return _Rules(
        options=options,
        benefits=validate_items(INPUTS_FILE, "benefits", raw.get("benefits"), Benefit),
        benefit_rules=validate_items(INPUTS_FILE, "benefit_rules", raw.get("benefit_rules"), BenefitRule),
        nystartsjobb=validate_one(INPUTS_FILE, "nystartsjobb", raw.get("nystartsjobb"), NystartsjobbRules),
        young_contributions=validate_one(INPUTS_FILE, "young_contributions", raw.get("young_contributions"), GroupRule),
        housing_allowance=validate_one(
            INPUTS_FILE, "housing_allowance", raw.get("housing_allowance"), EligibilityRules
        ),
        unemployed_months=_unemployed_months(raw.get("unemployed_months")),
        notes=validate_items(NOTES_FILE, "notes", notes_raw, CalcNote),
        defaults=defaults,
        defaults_source=defaults_source,
    )


def _check_rules(rules: _Rules, param_ids: set[str]) -> None:
    for b in rules.benefits:
        if b.daily is not None and b.daily not in param_ids:
            raise ContentError(INPUTS_FILE, b.id, "daily", f"unknown parameter id '{b.daily}'")
    benefit_ids = {b.id for b in rules.benefits}
    for r in rules.benefit_rules:
        if r.benefit not in benefit_ids:
            raise ContentError(INPUTS_FILE, r.id, "benefit", f"unknown benefit id '{r.benefit}'")
    if not rules.benefit_rules or rules.benefit_rules[-1].when != Condition():
        raise ContentError(INPUTS_FILE, "benefit_rules", "when", "the last rule must match every answer ({})")
    for m in rules.nystartsjobb.multiples:
        if m.multiple not in param_ids:
            raise ContentError(
                INPUTS_FILE, "nystartsjobb.multiples", "multiple", f"unknown parameter id '{m.multiple}'"
            )
    if rules.nystartsjobb.multiples[-1].when != Condition():
        raise ContentError(INPUTS_FILE, "nystartsjobb.multiples", "when", "the last rule must match every answer ({})")


def _check_sources(
    root: Path, parameters: tuple[DatedParameter, ...], schedules: tuple[DatedSchedule, ...], rules: _Rules
) -> None:
    known = {s.id for s in load_sources(root)}
    items: list[tuple[str, str, str]] = [(PARAMS_FILE, p.id, v.source) for p in parameters for v in p.values]
    items += [(SCHED_FILE, s.id, v.source) for s in schedules for v in s.values]
    items += [(INPUTS_FILE, r.id, r.source) for r in rules.benefit_rules]
    items += [(NOTES_FILE, n.id, n.source) for n in rules.notes]
    items += [
        (INPUTS_FILE, "nystartsjobb", rules.nystartsjobb.source),
        (INPUTS_FILE, "young_contributions", rules.young_contributions.source),
        (INPUTS_FILE, "housing_allowance", rules.housing_allowance.source),
        (INPUTS_FILE, "defaults", rules.defaults_source),
    ]
    for file, item, source in items:
        if source not in known:
            raise ContentError(file, item, "source", f"unknown source id '{source}'")


def _check_dated(
    coverage: Coverage, parameters: tuple[DatedParameter, ...], schedules: tuple[DatedSchedule, ...]
) -> None:
    param_ids = {p.id for p in parameters}
    sched_ids = {s.id for s in schedules}
    if param_ids & sched_ids:
        raise ContentError(SCHED_FILE, sorted(param_ids & sched_ids)[0], "id", "a schedule id repeats a parameter id")
    for missing in sorted(REQUIRED_PARAMETERS - param_ids):
        raise ContentError(PARAMS_FILE, missing, "id", "required parameter is missing")
    for missing in sorted(REQUIRED_SCHEDULES - sched_ids):
        raise ContentError(SCHED_FILE, missing, "id", "required schedule is missing")
    for file, items in ((PARAMS_FILE, parameters), (SCHED_FILE, schedules)):
        for item in items:
            if item.values[0].start > coverage.start:
                raise ContentError(file, item.id, "values", f"no value in force on the coverage start {coverage.start}")


def _periods(
    coverage: Coverage, parameters: tuple[DatedParameter, ...], schedules: tuple[DatedSchedule, ...], rules: _Rules
) -> tuple[ParameterSet, ...]:
    starts = {v.start for p in parameters for v in p.values} | {v.start for s in schedules for v in s.values}
    changes = sorted({max(coverage.start, d) for d in starts})
    periods: list[ParameterSet] = []
    for i, day in enumerate(changes):
        until = changes[i + 1] - dt.timedelta(days=1) if i + 1 < len(changes) else None
        resolved = [p.at(day) for p in parameters]
        curves = [s.at(day) for s in schedules]
        periods.append(
            ParameterSet(
                valid_from=day,
                valid_until=until,
                coverage_start=coverage.start,
                coverage_end=coverage.end,
                parameters=tuple(p for p in resolved if p is not None),
                schedules=tuple(s for s in curves if s is not None),
                options=rules.options,
                benefits=rules.benefits,
                benefit_rules=rules.benefit_rules,
                nystartsjobb=rules.nystartsjobb,
                young_contributions=rules.young_contributions,
                housing_allowance=rules.housing_allowance,
                unemployed_months=rules.unemployed_months,
                notes=rules.notes,
                defaults=rules.defaults,
                defaults_source=rules.defaults_source,
            )
        )
    return tuple(periods)


def build_book(root: Path = CONTENT_DIR) -> ParameterBook:
    """Read and cross-check ``root/calculator``; raise :class:`ContentError` on the first problem."""
    raw_params = read_yaml(root / _DIR / "parameters.yaml", root)
    coverage = validate_one(PARAMS_FILE, "coverage", raw_params.get("coverage"), Coverage)
    parameters = validate_items(PARAMS_FILE, "parameters", raw_params.get("parameters"), DatedParameter)
    raw_scheds = read_yaml(root / _DIR / "schedules.yaml", root).get("schedules")
    schedules = validate_items(SCHED_FILE, "schedules", raw_scheds, DatedSchedule)
    rules = _read_rules(root)
    _check_dated(coverage, parameters, schedules)
    _check_rules(rules, {p.id for p in parameters})
    _check_sources(root, parameters, schedules, rules)
    return ParameterBook(
        coverage=coverage,
        parameters=parameters,
        schedules=schedules,
        periods=_periods(coverage, parameters, schedules, rules),
    )


@cached_loader
def load_book() -> ParameterBook:
    """The validated dated parameters of the bundled ``content/``, parsed once per process."""
    return build_book(content_dir())
