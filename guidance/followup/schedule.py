"""When the supplier reports and where the first-hire milestone stands.

Report periods run from the contract's start in steps of the contract's interval; the last ends on
the contract's end. A period's report is due ``report_due_days`` after it ends. Statuses:

* a period: ``received`` (a report is in), ``not_due`` (the period has not ended), ``due`` (ended,
  within the days to report), ``overdue`` (past them without a report);
* the milestone (at least one hire started or offered within the condition's months of the start):
  ``not_applicable`` (no places), ``met`` / ``met_late`` (the first start or offer on or before / after
  the date), else ``on_track``, ``due`` (``milestone_due_days`` or fewer before the date) or ``late``.

The first start is the earliest ``first_start`` of the counting reports; a report with people
started but no date counts from its period's last day (the latest the start can have been).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pydantic import Field

from guidance.assessment.sizing import add_months
from guidance.core.models import Frozen
from guidance.followup.content import FollowupContent, MilestoneStatusId, ReportStatusId, load_followup_content
from guidance.followup.figures import Report
from guidance.followup.models import ContractInput

#: The most periods a schedule can have (a 20-year contract reporting every month).
MAX_PERIODS = 240


class Period(Frozen):
    """One report period: its number (from 1), first and last day, and the day its report is due."""

    number: int = Field(ge=1)
    start: dt.date
    end: dt.date
    due: dt.date

    @property
    def label(self) -> str:
        """``2027-01-01 – 2027-06-30``."""
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    @property
    def days(self) -> int:
        """Days in the period, both ends included."""
        return (self.end - self.start).days + 1


def periods(start: dt.date, end: dt.date, interval_months: int, due_days: int) -> tuple[Period, ...]:
    """The report periods from ``start`` to ``end`` (both included) every ``interval_months``."""
    out: list[Period] = []
    first = start
    while first <= end and len(out) < MAX_PERIODS:
        following = add_months(start, interval_months * (len(out) + 1))
        last = min(following - dt.timedelta(days=1), end)
        out.append(Period(number=len(out) + 1, start=first, end=last, due=last + dt.timedelta(days=due_days)))
        first = following
    return tuple(out)


def contract_periods(contract: ContractInput, content: FollowupContent | None = None) -> tuple[Period, ...]:
    """The report periods of ``contract`` under its interval and the content's days to report."""
    content = content or load_followup_content()
    months = content.interval(contract.interval).months
    return periods(contract.start, contract.end, months, content.report_due_days.value)


def period_starting(schedule: Sequence[Period], day: dt.date) -> Period | None:
    """The period that starts on ``day`` (how a stored report names its period), or None."""
    return next((p for p in schedule if p.start == day), None)


def open_periods(schedule: Sequence[Period], today: dt.date) -> tuple[Period, ...]:
    """The periods a supplier can report on: those that have begun."""
    return tuple(p for p in schedule if p.start <= today)


def report_status(period: Period, received: bool, today: dt.date) -> ReportStatusId:
    """The status of one period's report on ``today``."""
    if received:
        return "received"
    if today <= period.end:
        return "not_due"
    return "due" if today <= period.due else "overdue"


class Milestone(Frozen):
    """Where the first-hire milestone stands: status, its date, the first start (if any), days left."""

    status: MilestoneStatusId
    date: dt.date
    first: dt.date | None = None
    days: int | None = None


def first_start(schedule: Sequence[Period], counting: Mapping[dt.date, Report]) -> dt.date | None:
    """The earliest known start or offer among the counting reports (see the module docstring)."""
    days: list[dt.date] = []
    for period_start, report in counting.items():
        if report.figures.first_start is not None:
            days.append(report.figures.first_start)
        elif report.figures.people:
            period = period_starting(schedule, period_start)
            days.append(period.end if period is not None else period_start)
    return min(days) if days else None


def milestone(
    contract: ContractInput,
    counting: Mapping[dt.date, Report],
    today: dt.date,
    content: FollowupContent | None = None,
) -> Milestone:
    """The milestone's status on ``today`` from the counting version of each period's report."""
    content = content or load_followup_content()
    date = contract.milestone_date
    if not contract.requirement.numerical or contract.requirement.places == 0:
        return Milestone(status="not_applicable", date=date)
    first = first_start(contract_periods(contract, content), counting)
    if first is not None:
        return Milestone(status="met" if first <= date else "met_late", date=date, first=first)
    left = (date - today).days
    if left < 0:
        return Milestone(status="late", date=date, days=left)
    status: MilestoneStatusId = "due" if left <= content.milestone_due_days.value else "on_track"
    return Milestone(status=status, date=date, days=left)


def needs_first_start(
    contract: ContractInput, counting: Mapping[dt.date, Report], period: Period, content: FollowupContent | None = None
) -> bool:
    """Whether the form asks for the first start's date for ``period``: no earlier period has one yet."""
    if not contract.requirement.numerical or contract.requirement.places == 0:
        return False
    earlier = {day: r for day, r in counting.items() if day < period.start}
    return first_start(contract_periods(contract, content), earlier) is None
