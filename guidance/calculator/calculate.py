"""Socio-economic calculator: what a job, apprenticeship or internship is worth to each actor.

Every flow is a named :class:`Line` of one actor with a monthly and a one-off part. Transfers
(wage, taxes, contributions, benefits, subsidy, bonus) appear once as a gain and once as a loss,
so society - the sum over actors - equals the real resources: output minus supervision,
administration and procurement cost. All numbers come from a :class:`ParameterSet`.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Literal

from pydantic import Field

from guidance.calculator.parameters import (
    ACTORS,
    Actor,
    CalcInputs,
    Form,
    ParameterError,
    ParameterSet,
    input_limits,
    load_parameters,
    with_overrides,
)
from guidance.core.models import Frozen, by_id

__all__ = [
    "ACTORS",
    "ActorResult",
    "CalcInputs",
    "CalcResult",
    "Line",
    "ParameterError",
    "ParameterSet",
    "SensitivityItem",
    "TaxParts",
    "calculate",
    "contributions",
    "income_tax",
    "inputs_from_sizing",
    "load_parameters",
    "sensitivity",
    "society_value_per_month",
    "unemployment_insurance_monthly",
    "with_overrides",
]

Kind = Literal["transfer", "resource"]
#: What a line is caused by: the job itself, or the requirement (procurement cost and bonus, paid for every position).
Attribution = Literal["job", "requirement"]

#: Numeric inputs the sensitivity view also moves (besides every parameter).
SENSITIVE_INPUTS: tuple[str, ...] = (
    "wage",
    "productivity",
    "intern_output",
    "supervisor_wage",
    "supervision_share",
    "admin_cost",
    "procurement_cost",
    "bonus",
)


class Line(Frozen):
    """One named flow of one actor. Positive = gain for that actor.

    ``monthly`` and ``one_off`` cover all positions; ``total`` = monthly × months + one_off.
    ``label`` is a UI key (``calc.line.<id>``); ``kind`` tells transfers from real resources;
    ``attribution`` tells the job's flows from the requirement's own costs.
    """

    id: str
    actor: Actor
    label: str
    kind: Kind
    attribution: Attribution = "job"
    monthly: float
    one_off: float
    total: float


class ActorResult(Frozen):
    """An actor's lines and sums."""

    actor: Actor
    lines: tuple[Line, ...]
    monthly: float
    one_off: float
    total: float


class CalcResult(Frozen):
    """The result for all positions, with per-actor sums and the society total.

    ``per_person`` gives each actor's total (and ``society``) for one position over the whole period.
    ``details`` holds the intermediate monthly amounts per position that explain the arithmetic;
    ``rules_from`` is the first day of the period of parameter values the result was calculated with.
    """

    inputs: CalcInputs
    rules_from: dt.date
    actors: tuple[ActorResult, ...]
    society_monthly: float
    society_total: float
    real_resources_total: float
    per_person: dict[str, float]
    benefit_before: str
    benefit_rule: str
    warnings: tuple[str, ...]
    details: dict[str, float]

    def actor(self, actor: Actor) -> ActorResult:
        """The result of ``actor``."""
        return next(a for a in self.actors if a.actor == actor)

    def line(self, line_id: str) -> Line:
        """The line with ``line_id``."""
        return next(ln for a in self.actors for ln in a.lines if ln.id == line_id)

    def lines(self) -> list[Line]:
        """Every line of every actor."""
        return [ln for a in self.actors for ln in a.lines]


class TaxParts(Frozen):
    """Yearly tax on one income, split by who receives it."""

    taxable: float
    municipal: float
    regional: float
    state: float
    public_service: float
    credit: float
    reduction: float = 0.0

    @property
    def total(self) -> float:
        """What the taxpayer pays: all taxes minus the earned-income credit and the tax reduction for earned income."""
        return self.municipal + self.regional + self.state + self.public_service - self.credit - self.reduction


class SensitivityItem(Frozen):
    """How much a total (society's or one actor's) moves when one parameter or input moves by ±step."""

    id: str
    kind: Literal["parameter", "input"]
    base_value: float
    low_value: float
    high_value: float
    delta_low: float
    delta_high: float
    swing: float = Field(ge=0)


# -- tax --------------------------------------------------------------------------------------------


def income_tax(yearly: float, params: ParameterSet, earned: bool) -> TaxParts:
    """Tax on a yearly income under the parameter set.

    Args:
        yearly: Gross yearly income (wage or taxable benefit).
        params: Parameters (rates, thresholds, schedules).
        earned: True for work income, which gets the earned-income tax credit.
    """
    v = params.value
    pbb = v("econ.pbb")
    if yearly <= 0:
        return TaxParts(taxable=0, municipal=0, regional=0, state=0, public_service=0, credit=0, reduction=0)
    deduction = min(yearly, params.schedule("tax.basic_deduction").at(yearly / pbb) * pbb)
    taxable = max(0.0, yearly - deduction)
    mun_rate, reg_rate = v("tax.municipal_rate"), v("tax.regional_rate")
    municipal, regional = taxable * mun_rate, taxable * reg_rate
    state = max(0.0, taxable - v("tax.state_threshold")) * v("tax.state_rate")
    public_service = min(taxable * v("tax.public_service_rate"), v("tax.public_service_cap"))
    credit = 0.0
    if earned:
        base = params.schedule("tax.earned_income_credit_base").at(yearly / pbb) * pbb
        credit = min(municipal + regional, max(0.0, base - deduction) * (mun_rate + reg_rate))
    reduction = min(
        v("tax.earned_income_reduction_cap"),
        max(0.0, taxable - v("tax.earned_income_reduction_floor")) * v("tax.earned_income_reduction_rate"),
        max(0.0, municipal + regional + state - credit),
    )
    return TaxParts(
        taxable=taxable,
        municipal=municipal,
        regional=regional,
        state=state,
        public_service=public_service,
        credit=credit,
        reduction=reduction,
    )


def _monthly(parts: TaxParts) -> TaxParts:
    return TaxParts(**{k: val / 12 for k, val in parts.model_dump().items()})


# -- the pieces ---------------------------------------------------------------------------------------


def contributions(inputs: CalcInputs, params: ParameterSet, pay: float) -> float:
    """The employer contributions on a monthly ``pay`` for the person of ``inputs``.

    People in the group of ``young_contributions`` pay the young rate on pay up to its cap and the full
    rate on the rest; everyone else pays the full rate.
    """
    v = params.value
    full = v("tax.employer_contributions")
    if not params.young_contributions.when.matches(inputs):
        return full * pay
    cap = v("tax.employer_contributions_young_cap")
    return v("tax.employer_contributions_young") * min(pay, cap) + full * max(0.0, pay - cap)


def _subsidy(inputs: CalcInputs, params: ParameterSet, wage: float, wage_cost: float) -> tuple[float, list[str]]:
    """Monthly wage subsidy per position, and warning keys."""
    v = params.value
    if inputs.subsidy == "none":
        return 0.0, []
    if inputs.form == "internship":
        return 0.0, ["calc.warn.subsidy_internship"]
    if inputs.subsidy == "nystartsjobb":
        rules = params.nystartsjobb
        if not any(c.matches(inputs) for c in rules.eligible):
            return 0.0, ["calc.warn.nystartsjobb_not_eligible"]
        multiple = v(rules.multiple_for(inputs))
        base = min(wage, v("subsidy.nystartsjobb_wage_cap") * inputs.work_share)
        return min(wage_cost, multiple * contributions(inputs, params, base)), []
    if inputs.subsidy == "introduktionsjobb":
        base = min(wage, v("subsidy.introduction_job_wage_cap") * inputs.work_share)
        return v("subsidy.introduction_job_share") * (base + contributions(inputs, params, base)), []
    # lonebidrag: covers the reduced work capacity of the wage cost up to the cap
    base = min(wage, v("subsidy.wage_support_wage_cap") * inputs.work_share)
    return max(0.0, 1 - inputs.productivity) * (base + contributions(inputs, params, base)), []


def unemployment_insurance_monthly(inputs: CalcInputs, params: ParameterSet) -> float:
    """Unemployment insurance per month the person of ``inputs`` would have had, had they stayed unemployed.

    The earlier income is taken to be the wage of the new job (at its work percentage). The benefit days
    already paid are the lower bound of the time-unemployed band times the benefit days per month; past
    each step day the rate falls by that step, and past the first step day the later income ceiling applies.
    """
    v = params.value
    days = params.months_unemployed(inputs.unemployed) * v("benefit.days_per_month")
    late = days >= v("benefit.ui_first_step_day")
    level = v("benefit.ui_level")
    level -= v("benefit.ui_step_first") if late else 0.0
    level -= v("benefit.ui_step_second") if days >= v("benefit.ui_second_step_day") else 0.0
    ceiling = v("benefit.ui_income_ceiling_late" if late else "benefit.ui_income_ceiling")
    return max(0.0, level) * min(inputs.wage * inputs.work_share, ceiling)


def _benefit_monthly(inputs: CalcInputs, params: ParameterSet) -> tuple[str, str, float, bool]:
    """(benefit id, rule id, gross monthly amount, taxable) before the job."""
    rule = params.rule_for(inputs)
    benefit = params.benefit(rule.benefit)
    if benefit.income_related:
        amount = unemployment_insurance_monthly(inputs, params)
    elif benefit.daily is not None:
        amount = params.value(benefit.daily) * params.value("benefit.days_per_month")
    else:
        amount = 0.0
    return benefit.id, rule.id, amount, benefit.taxable


def _line(
    actor: Actor, line_id: str, kind: Kind, monthly: float, one_off: float, inputs: CalcInputs, attribution: Attribution
) -> Line:
    n = inputs.positions
    return Line(
        id=line_id,
        actor=actor,
        label=f"calc.line.{line_id}",
        kind=kind,
        attribution=attribution,
        monthly=monthly * n,
        one_off=one_off * n,
        total=(monthly * inputs.months + one_off) * n,
    )


def calculate(inputs: CalcInputs, params: ParameterSet) -> CalcResult:
    """The socio-economic result of ``inputs`` for every actor and for society.

    Args:
        inputs: Validated inputs (one position's terms, times ``positions``).
        params: Tax, benefit and subsidy parameters.

    Returns:
        Per-actor lines with monthly, one-off and total amounts; society = sum over actors.
    """
    v = params.value
    working = inputs.form != "internship"
    wage = inputs.wage * inputs.work_share if working else 0.0
    employer_contributions = contributions(inputs, params, wage)
    wage_cost = wage + employer_contributions

    # Before the job: state benefit, its tax, housing allowance, social assistance (monthly, one person).
    benefit_id, rule_id, benefit, taxable = _benefit_monthly(inputs, params)
    btax = (
        _monthly(income_tax(benefit * 12, params, earned=False)) if taxable else _monthly(income_tax(0, params, False))
    )
    warnings: list[str] = []
    allowance_before = 0.0
    if inputs.housing_allowance and params.housing_allowance.allows(inputs):
        allowance_before = v("benefit.housing_allowance")
    elif inputs.housing_allowance:
        warnings.append("calc.warn.housing_allowance_not_eligible")
    need = v("benefit.social_assistance_norm") + v("benefit.housing_cost")
    assistance_before = max(0.0, need - (benefit - btax.total + allowance_before))

    # During the job (for an internship nothing changes for the person or the public sector).
    if working:
        wtax = _monthly(income_tax(wage * 12, params, earned=True))
        excess = max(0.0, wage * 12 - v("benefit.housing_allowance_threshold")) / 12
        allowance_after = max(0.0, allowance_before - v("benefit.housing_allowance_taper") * excess)
        assistance_after = max(0.0, need - (wage - wtax.total + allowance_after))
        benefit_lost, btax_lost = benefit, btax
    else:
        wtax = _monthly(income_tax(0, params, earned=True))
        allowance_after, assistance_after = allowance_before, assistance_before
        benefit_lost, btax_lost = 0.0, _monthly(income_tax(0, params, False))
    allowance_saved = allowance_before - allowance_after
    assistance_saved = assistance_before - assistance_after
    disposable_change = (wage - wtax.total) - (benefit_lost - btax_lost.total) - allowance_saved - assistance_saved
    indirect = disposable_change * v("econ.consumption_share") * v("econ.indirect_tax_share")

    subsidy, subsidy_warnings = _subsidy(inputs, params, wage, wage_cost)
    warnings += subsidy_warnings
    output = inputs.productivity * wage_cost if working else inputs.intern_output
    supervision = inputs.supervisor_wage * (1 + v("tax.employer_contributions")) * inputs.supervision_share
    buyer = by_id(params.options.buyer, inputs.buyer, "buyer").actor
    assert buyer is not None  # the parameter check requires an actor for every buyer option

    rows: list[tuple[Actor, str, Kind, float, float]] = [
        ("individual", "ind.wage", "transfer", wage, 0),
        ("individual", "ind.tax_wage", "transfer", -wtax.total, 0),
        ("individual", "ind.benefit", "transfer", -benefit_lost, 0),
        ("individual", "ind.tax_benefit", "transfer", btax_lost.total, 0),
        ("individual", "ind.housing_allowance", "transfer", -allowance_saved, 0),
        ("individual", "ind.social_assistance", "transfer", -assistance_saved, 0),
        ("individual", "ind.indirect_tax", "transfer", -indirect, 0),
        ("municipality", "mun.tax_wage", "transfer", wtax.municipal, 0),
        ("municipality", "mun.tax_benefit", "transfer", -btax_lost.municipal, 0),
        ("municipality", "mun.social_assistance", "transfer", assistance_saved, 0),
        ("region", "reg.tax_wage", "transfer", wtax.regional, 0),
        ("region", "reg.tax_benefit", "transfer", -btax_lost.regional, 0),
        ("state", "st.contributions", "transfer", employer_contributions, 0),
        ("state", "st.tax_wage", "transfer", wtax.state + wtax.public_service, 0),
        ("state", "st.credit", "transfer", -wtax.credit, 0),
        ("state", "st.income_reduction", "transfer", -wtax.reduction, 0),
        ("state", "st.tax_benefit", "transfer", -(btax_lost.state + btax_lost.public_service - btax_lost.reduction), 0),
        ("state", "st.benefit", "transfer", benefit_lost, 0),
        ("state", "st.housing_allowance", "transfer", allowance_saved, 0),
        ("state", "st.subsidy", "transfer", -subsidy, 0),
        ("state", "st.indirect_tax", "transfer", indirect, 0),
        ("employer", "emp.output", "resource", output, 0),
        ("employer", "emp.wage", "transfer", -wage, 0),
        ("employer", "emp.contributions", "transfer", -employer_contributions, 0),
        ("employer", "emp.subsidy", "transfer", subsidy, 0),
        ("employer", "emp.supervision", "resource", -supervision, 0),
        ("employer", "emp.admin", "resource", 0, -inputs.admin_cost),
    ]
    requirement: list[tuple[Actor, str, Kind, float, float]] = [
        ("employer", "emp.bonus", "transfer", inputs.bonus, 0),
        (buyer, f"{_prefix(buyer)}.procurement", "resource", 0, -inputs.procurement_cost),
        (buyer, f"{_prefix(buyer)}.bonus", "transfer", -inputs.bonus, 0),
    ]
    lines = [_line(actor, lid, kind, m, o, inputs, "job") for actor, lid, kind, m, o in rows]
    lines += [_line(actor, lid, kind, m, o, inputs, "requirement") for actor, lid, kind, m, o in requirement]
    lines.sort(key=lambda ln: ACTORS.index(ln.actor))
    actors = tuple(_actor(a, [ln for ln in lines if ln.actor == a]) for a in ACTORS)
    society_monthly = sum(a.monthly for a in actors)
    society_total = sum(a.total for a in actors)
    resources = sum(ln.total for ln in lines if ln.kind == "resource")
    n = inputs.positions
    per_person = {a.actor: a.total / n for a in actors} | {"society": society_total / n}
    details = {
        "wage": wage,
        "employer_contributions": employer_contributions,
        "wage_cost": wage_cost,
        "benefit": benefit,
        "benefit_tax": btax.total,
        "housing_allowance_before": allowance_before,
        "housing_allowance_after": allowance_after,
        "need": need,
        "social_assistance_before": assistance_before,
        "social_assistance_after": assistance_after,
        "taxable_income": wtax.taxable,
        "tax_on_wage": wtax.total,
        "earned_income_credit": wtax.credit,
        "disposable_change": disposable_change,
        "subsidy": subsidy,
        "output": output,
        "supervision": supervision,
    }
    return CalcResult(
        inputs=inputs,
        rules_from=params.valid_from,
        actors=actors,
        society_monthly=society_monthly,
        society_total=society_total,
        real_resources_total=resources,
        per_person=per_person,
        benefit_before=benefit_id,
        benefit_rule=rule_id,
        warnings=tuple(warnings),
        details=details,
    )


def _prefix(actor: Actor) -> str:
    return {"municipality": "mun", "region": "reg", "state": "st"}.get(actor, actor[:3])


def _actor(actor: Actor, lines: list[Line]) -> ActorResult:
    return ActorResult(
        actor=actor,
        lines=tuple(lines),
        monthly=sum(ln.monthly for ln in lines),
        one_off=sum(ln.one_off for ln in lines),
        total=sum(ln.total for ln in lines),
    )


# -- sensitivity, sizing, plan screening ---------------------------------------------------------------


def _target_total(result: CalcResult, target: str) -> float:
    return result.society_total if target == "society" else result.actor(target).total  # type: ignore[arg-type]  # any target but 'society' is an actor id (page settings check it)


def sensitivity(
    inputs: CalcInputs, params: ParameterSet, step: float = 0.1, target: str = "society"
) -> list[SensitivityItem]:
    """The change in society's total (or one actor's) when each parameter or numeric input moves by ±``step``.

    Args:
        inputs: The inputs to start from.
        params: The parameters to start from.
        step: Relative move, 0.1 = ±10 %. Values are kept inside their allowed ranges.
        target: ``"society"`` or an actor id.

    Returns:
        One item per parameter and per input in :data:`SENSITIVE_INPUTS`, largest swing first.
    """
    if target != "society" and target not in ACTORS:
        raise ValueError(f"unknown target '{target}'")
    base = _target_total(calculate(inputs, params), target)
    items: list[SensitivityItem] = []
    for p in params.parameters:
        lo, hi = max(p.min, p.value * (1 - step)), min(p.max, p.value * (1 + step))
        d_lo = _target_total(calculate(inputs, with_overrides(params, {p.id: lo})), target) - base
        d_hi = _target_total(calculate(inputs, with_overrides(params, {p.id: hi})), target) - base
        items.append(_item(p.id, "parameter", p.value, lo, hi, d_lo, d_hi))
    limits = {lim.field: lim for lim in input_limits()}
    for field in SENSITIVE_INPUTS:
        value = float(getattr(inputs, field))
        lim = limits[field]
        lo, hi = max(lim.min, value * (1 - step)), min(lim.max, value * (1 + step))
        d_lo = _target_total(calculate(inputs.model_copy(update={field: lo}), params), target) - base
        d_hi = _target_total(calculate(inputs.model_copy(update={field: hi}), params), target) - base
        items.append(_item(field, "input", value, lo, hi, d_lo, d_hi))
    return sorted(items, key=lambda it: (-it.swing, it.id))


def _item(
    item_id: str, kind: Literal["parameter", "input"], value: float, lo: float, hi: float, d_lo: float, d_hi: float
) -> SensitivityItem:
    return SensitivityItem(
        id=item_id,
        kind=kind,
        base_value=value,
        low_value=lo,
        high_value=hi,
        delta_low=d_lo,
        delta_high=d_hi,
        swing=max(abs(d_lo), abs(d_hi)),
    )


def inputs_from_sizing(places: int, months: int, form: str, base: CalcInputs) -> CalcInputs:
    """Carry a recommended sizing (places, months, form) into calculator inputs.

    Raises:
        pydantic.ValidationError: If the values are outside the inputs' allowed ranges.
    """
    return CalcInputs.model_validate({**base.model_dump(), "positions": places, "months": months, "form": form})


@lru_cache(maxsize=32)
def society_value_per_month(params: ParameterSet, form: Form) -> float:
    """Society's result per person and month for the default inputs of ``form`` (one-off costs spread)."""
    inputs = params.default_inputs(form)
    result = calculate(inputs, params)
    return result.society_total / (inputs.positions * inputs.months)
