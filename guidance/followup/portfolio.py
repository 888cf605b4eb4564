"""The organisation's view for decision-makers: requirements set and people reached, planned against realised.

Built from every contract's :class:`~guidance.followup.overview.Overview`. Three breakdowns share one
line shape (:class:`Line`):

* ``year``: what was required by the contracts starting that year, and what was delivered in the
  report periods starting that year;
* ``category``: the procurement's category (a plan's category or the assessed contract type);
* ``supplier``: the supplier's name (empty while not awarded).

People are only ever shown through :mod:`~guidance.followup.suppression`: each breakdown's people
counts form one line with the total, so small counts are hidden everywhere the portfolio is seen
(the page, its downloads and the decision-makers' link). Months and kronor are not counts of people
and are shown as they are. ``stages`` follows the requirement from the plan to the delivered jobs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import Field

from guidance.core.models import Frozen
from guidance.followup.content import FORMS, FollowupContent, load_followup_content
from guidance.followup.figures import Report
from guidance.followup.overview import Overview
from guidance.followup.suppression import Shown, suppress_line
from guidance.followup.value import planned_value, required_value

Dimension = Literal["year", "category", "supplier"]
DIMENSIONS: tuple[Dimension, ...] = ("year", "category", "supplier")


class Line(Frozen):
    """One group of a breakdown (or the total): what was planned, required and delivered."""

    key: str
    contracts: int = 0
    numerical: int = 0
    planned_places: int = 0
    places: int = 0
    place_equivalents: float = 0.0
    planned_employment_months: float = 0.0
    employment_required: float = 0.0
    employment_delivered: float = 0.0
    internship_delivered: float = 0.0
    planned_value: float = 0.0
    required_value: float = 0.0
    realised_value: float = 0.0
    people: Shown = Shown(value=0)


class Counted(Frozen):
    """A breakdown of people (by target group, form, reason): each id's count and the total, as others see them."""

    ids: tuple[str, ...]
    counts: tuple[Shown, ...]
    total: Shown


class RetentionLine(Frozen):
    """One check-up: people followed up, still employed and not, as others see them."""

    months: int
    followed: Shown
    employed: Shown
    not_employed: Shown

    @property
    def share(self) -> float | None:
        """The share still employed, when both counts are shown."""
        if self.followed.value and self.employed.value is not None:
            return self.employed.value / self.followed.value
        return None


class Stage(Frozen):
    """Planned (at registration), required (the contract now) and delivered, for one measure."""

    measure: str
    planned: float
    required: float
    delivered: float


class Portfolio(Frozen):
    """The portfolio: the total, the breakdowns, people by group, form, reason and check-up, and the stages."""

    total: Line
    breakdowns: dict[Dimension, tuple[Line, ...]]
    by_group: Counted
    by_form: Counted
    ended_early: Counted
    retention: tuple[RetentionLine, ...]
    milestones: dict[str, int] = Field(default_factory=dict)
    progress: dict[str, int] = Field(default_factory=dict)
    overdue_reports: int = 0
    before_coverage: bool = False
    threshold: int

    @property
    def stages(self) -> tuple[Stage, ...]:
        """From the plan to the delivered jobs: places, employment months and value."""
        t = self.total
        return (
            Stage(measure="places", planned=t.planned_places, required=t.places, delivered=t.place_equivalents),
            Stage(
                measure="employment_months",
                planned=t.planned_employment_months,
                required=t.employment_required,
                delivered=t.employment_delivered,
            ),
            Stage(measure="value", planned=t.planned_value, required=t.required_value, delivered=t.realised_value),
        )


class _Acc:
    """Sums of one group before its people are suppressed."""

    def __init__(self) -> None:
        self.values: dict[str, float] = {}
        self.people = 0

    def add(self, field: str, value: float) -> None:
        self.values[field] = self.values.get(field, 0.0) + value

    def line(self, key: str, people: Shown) -> Line:
        ints = {"contracts", "numerical", "planned_places", "places"}
        data = {k: (round(v) if k in ints else round(v, 2)) for k, v in self.values.items()}
        return Line(key=key, people=people, **data)


def _requirement(acc: _Acc, o: Overview) -> None:
    c = o.contract
    acc.add("contracts", 1)
    acc.add("numerical", 1 if c.requirement.numerical else 0)
    acc.add("planned_places", c.planned.places)
    acc.add("places", c.requirement.places)
    acc.add("planned_employment_months", c.planned.employment_months)
    acc.add("employment_required", c.requirement.employment_months)
    acc.add("planned_value", planned_value(c))
    acc.add("required_value", required_value(c))


def _delivery(acc: _Acc, o: Overview, reports: Sequence[Report]) -> None:
    for report in reports:
        f = report.figures
        acc.people += f.people
        acc.add("employment_delivered", f.months_counted_as("employment"))
        acc.add("internship_delivered", f.months_counted_as("internship"))
    days = {r.period_start for r in reports}
    acc.add("realised_value", sum(line.sek for line in o.value.lines if line.period_start in days))


_Groups = tuple[str, _Acc]


def _breakdown(overviews: Sequence[Overview], key_of: Callable[[Overview], str] | None) -> list[_Groups]:
    """Groups by ``key_of`` (whole contracts), or by year (``None``: requirements by the contract's start
    year, deliveries by the report period's start year)."""
    groups: dict[str, _Acc] = {}
    for o in overviews:
        if key_of is None:
            _requirement(groups.setdefault(str(o.contract.start.year), _Acc()), o)
            for report in o.counting:
                _delivery(groups.setdefault(str(report.period_start.year), _Acc()), o, [report])
        else:
            acc = groups.setdefault(key_of(o), _Acc())
            _requirement(acc, o)
            _delivery(acc, o, o.counting)
            acc.add("place_equivalents", o.progress.place_equivalents)
    return sorted(groups.items())


def _lines(groups: list[_Groups], content: FollowupContent) -> tuple[Line, ...]:
    shown, _ = suppress_line([acc.people for _, acc in groups], content.suppression)
    return tuple(acc.line(key, people) for (key, acc), people in zip(groups, shown, strict=True))


def _counted(ids: Sequence[str], counts: Sequence[int], content: FollowupContent) -> Counted:
    cells, total = suppress_line(list(counts), content.suppression)
    return Counted(ids=tuple(ids), counts=cells, total=total)


def build_portfolio(overviews: Sequence[Overview], content: FollowupContent | None = None) -> Portfolio:
    """The portfolio of ``overviews`` (the register's contracts on one day)."""
    content = content or load_followup_content()
    total = _Acc()
    for o in overviews:
        _requirement(total, o)
        _delivery(total, o, o.counting)
        total.add("place_equivalents", o.progress.place_equivalents)
    breakdowns: dict[Dimension, tuple[Line, ...]] = {
        "year": _lines(_breakdown(overviews, None), content),
        "category": _lines(_breakdown(overviews, lambda o: o.contract.category), content),
        "supplier": _lines(_breakdown(overviews, lambda o: o.contract.supplier), content),
    }
    _, people_total = suppress_line([total.people], content.suppression)

    groups = [sum(o.delivered.by_category.get(c, 0) for o in overviews) for c in content.category_ids]
    forms = [sum(o.delivered.by_form.get(f, 0) for o in overviews) for f in FORMS]
    reasons = [sum(o.delivered.ended_early.get(r, 0) for o in overviews) for r in content.reason_ids]
    retention: list[RetentionLine] = []
    for months in content.retention.values:
        followed = sum(o.delivered.retention[months].followed for o in overviews if months in o.delivered.retention)
        employed = sum(o.delivered.retention[months].employed for o in overviews if months in o.delivered.retention)
        (emp, not_emp), fol = suppress_line([employed, followed - employed], content.suppression)
        retention.append(RetentionLine(months=months, followed=fol, employed=emp, not_employed=not_emp))

    milestones: dict[str, int] = {}
    progress: dict[str, int] = {}
    for o in overviews:
        milestones[o.milestone.status] = milestones.get(o.milestone.status, 0) + 1
        progress[o.progress.status] = progress.get(o.progress.status, 0) + 1
    return Portfolio(
        total=total.line("total", people_total),
        breakdowns=breakdowns,
        by_group=_counted(content.category_ids, groups, content),
        by_form=_counted(FORMS, forms, content),
        ended_early=_counted(content.reason_ids, reasons, content),
        retention=tuple(retention),
        milestones=milestones,
        progress=progress,
        overdue_reports=sum(len(o.overdue) for o in overviews),
        before_coverage=any(o.value.before_coverage for o in overviews),
        threshold=content.suppression.threshold,
    )
