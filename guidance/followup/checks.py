"""Checks of one period's figures against the contract and the earlier periods (beyond each field's own limits).

Each problem is a message key (``fu.err.*`` in ``content/ui/followup.yaml``); an empty tuple means the
report can be stored. The checks catch typing errors without asking for anything about a person:

* the first start's date lies between the contract's start and the period's end, and is given when
  people started while the milestone is still open;
* a form's months are at most its people so far times the calendar months the period spans;
* early endings and people followed up are at most the people started so far.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from guidance.followup.content import FORMS, FollowupContent, load_followup_content
from guidance.followup.figures import Figures, Report
from guidance.followup.models import ContractInput
from guidance.followup.schedule import Period, needs_first_start


def spanned_months(period: Period) -> int:
    """The calendar months a period touches (an upper bound of a full-time person's months in it)."""
    return (period.end.year * 12 + period.end.month) - (period.start.year * 12 + period.start.month) + 1


def people_so_far(counting: Mapping[dt.date, Report], period: Period, figures: Figures) -> dict[str, int]:
    """People started by form in the periods before ``period`` (counting versions) and in ``figures``."""
    out: dict[str, int] = {form: 0 for form in FORMS}
    for day, report in counting.items():
        if day < period.start:
            for form, n in report.figures.people_by_form().items():
                out[form] += n
    for form, n in figures.people_by_form().items():
        out[form] += n
    return out


def report_problems(
    contract: ContractInput,
    period: Period,
    figures: Figures,
    counting: Mapping[dt.date, Report],
    content: FollowupContent | None = None,
) -> tuple[str, ...]:
    """The message keys of what is wrong with ``figures`` for ``period`` (empty when nothing is)."""
    content = content or load_followup_content()
    problems: list[str] = []
    first = figures.first_start
    if first is not None and not contract.start <= first <= period.end:
        problems.append("fu.err.first_start_range")
    if first is None and figures.people and needs_first_start(contract, counting, period, content):
        problems.append("fu.err.first_start_missing")
    people = people_so_far(counting, period, figures)
    span = spanned_months(period)
    if any(months > people[form] * span for form, months in figures.months.items()):
        problems.append("fu.err.months_exceed")
    total = sum(people.values())
    if figures.ended > total:
        problems.append("fu.err.ended_exceeds")
    if any(count.followed > total for count in figures.retention.values()):
        problems.append("fu.err.retention_exceeds")
    return tuple(problems)
