"""Realised socio-economic value: the calculator's value per month, with the parameters in force in each period.

For each form the calculator gives society's (and each actor's) result per person and month with its
default inputs for that form (one-off costs spread over the placement, as
:func:`guidance.calculator.calculate.society_value_per_month` does). A report period's months are
valued at the parameters in force during that period: where the parameters change inside a period,
each part of it is weighted by its days (:func:`rate`). Days before the first date the calculator's
content covers use the first parameters it has, and the result says so (``before_coverage``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from pydantic import Field

from guidance.calculator.calculate import calculate
from guidance.calculator.dated import load_book
from guidance.calculator.parameters import Form, ParameterSet, parameters_at
from guidance.core.models import Frozen
from guidance.followup.content import FollowupContent, load_followup_content
from guidance.followup.figures import Report
from guidance.followup.models import ContractInput
from guidance.followup.schedule import contract_periods, period_starting

SOCIETY = "society"


@lru_cache(maxsize=64)
def _per_month(params: ParameterSet, form: Form) -> tuple[tuple[str, float], ...]:
    """Each actor's and society's result per person and month for the default inputs of ``form``."""
    inputs = params.default_inputs(form)
    result = calculate(inputs, params)
    return tuple((actor, total / inputs.months) for actor, total in result.per_person.items())


class Rate(Frozen):
    """The value of one month of ``form`` between two days (both included)."""

    form: Form
    start: dt.date
    end: dt.date
    per_month: dict[str, float]
    rules_from: tuple[dt.date, ...]
    before_coverage: bool

    @property
    def society(self) -> float:
        """Society's result per person and month."""
        return self.per_month[SOCIETY]


def rate(form: Form, start: dt.date, end: dt.date) -> Rate:
    """The value per month of ``form`` from ``start`` to ``end``, weighting each set of parameters by its days."""
    book = load_book()
    end = max(end, start)
    cuts = [start, *(d for d in book.change_dates() if start < d <= end)]
    total_days = (end - start).days + 1
    sums: dict[str, float] = {}
    used: list[dt.date] = []
    for i, begin in enumerate(cuts):
        stop = cuts[i + 1] if i + 1 < len(cuts) else end + dt.timedelta(days=1)
        weight = (stop - begin).days / total_days
        params = parameters_at(max(begin, book.coverage.start))
        used.append(params.valid_from)
        for actor, value in _per_month(params, form):
            sums[actor] = sums.get(actor, 0.0) + weight * value
    return Rate(
        form=form,
        start=start,
        end=end,
        per_month=sums,
        rules_from=tuple(dict.fromkeys(used)),
        before_coverage=start < book.coverage.start,
    )


class ValueLine(Frozen):
    """The value of one form's months in one report period."""

    period_start: dt.date
    period_end: dt.date
    form: str
    months: float
    per_month: float
    sek: float
    by_actor: dict[str, float]
    rules_from: tuple[dt.date, ...]
    before_coverage: bool


class Realised(Frozen):
    """The realised value of a contract's counting reports (society and each actor)."""

    lines: tuple[ValueLine, ...] = ()
    society: float = 0.0
    by_actor: dict[str, float] = Field(default_factory=dict)
    before_coverage: bool = False


def realised(contract: ContractInput, counting: Iterable[Report], content: FollowupContent | None = None) -> Realised:
    """The value of the months in the counting reports, period by period."""
    content = content or load_followup_content()
    schedule = contract_periods(contract, content)
    lines: list[ValueLine] = []
    for report in counting:
        period = period_starting(schedule, report.period_start)
        end = period.end if period is not None else report.period_start
        for form, months in report.figures.months.items():
            r = rate(content.form(form).calculator_form, report.period_start, end)
            by_actor = {actor: months * v for actor, v in r.per_month.items() if actor != SOCIETY}
            lines.append(
                ValueLine(
                    period_start=report.period_start,
                    period_end=end,
                    form=form,
                    months=months,
                    per_month=r.society,
                    sek=months * r.society,
                    by_actor=by_actor,
                    rules_from=r.rules_from,
                    before_coverage=r.before_coverage,
                )
            )
    actors: dict[str, float] = {}
    for line in lines:
        for actor, v in line.by_actor.items():
            actors[actor] = actors.get(actor, 0.0) + v
    return Realised(
        lines=tuple(lines),
        society=sum(line.sek for line in lines),
        by_actor=actors,
        before_coverage=any(line.before_coverage for line in lines),
    )


def planned_value(contract: ContractInput) -> float:
    """The value that was planned: the plan's own figure, else the planned employment months at contract start."""
    if contract.planned.value_sek is not None:
        return contract.planned.value_sek
    return contract.planned.employment_months * rate("employment", contract.start, contract.start).society


def required_value(contract: ContractInput) -> float:
    """The value of the requirement's employment months, with the parameters in force at contract start."""
    return contract.requirement.employment_months * rate("employment", contract.start, contract.start).society
