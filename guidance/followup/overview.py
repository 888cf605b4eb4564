"""One contract's follow-up on one day: its periods and their reports, the milestone, progress, gaps and value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from guidance.core.models import Frozen
from guidance.followup.content import FollowupContent, ReportStatusId, load_followup_content
from guidance.followup.figures import Report, latest
from guidance.followup.models import Contract
from guidance.followup.progress import Delivered, Gap, Progress, delivered, gaps, progress
from guidance.followup.schedule import Milestone, Period, contract_periods, milestone, report_status
from guidance.followup.value import Realised, realised


class PeriodState(Frozen):
    """A report period with its status and the versions received for it (newest last)."""

    period: Period
    status: ReportStatusId
    versions: tuple[Report, ...] = ()

    @property
    def counting(self) -> Report | None:
        """The version that counts (the newest), or None."""
        return self.versions[-1] if self.versions else None


class Overview(Frozen):
    """Everything the per-contract view and the portfolio need about one contract."""

    contract: Contract
    today: dt.date
    periods: tuple[PeriodState, ...]
    delivered: Delivered
    progress: Progress
    milestone: Milestone
    gaps: tuple[Gap, ...]
    value: Realised

    @property
    def counting(self) -> tuple[Report, ...]:
        """The counting version of each period that has a report."""
        return tuple(r for p in self.periods if (r := p.counting) is not None)

    @property
    def overdue(self) -> tuple[Period, ...]:
        """The periods whose report is overdue."""
        return tuple(p.period for p in self.periods if p.status == "overdue")


def overview(
    contract: Contract, reports: Iterable[Report], today: dt.date, content: FollowupContent | None = None
) -> Overview:
    """The follow-up of ``contract`` on ``today`` from all the versions of its reports."""
    content = content or load_followup_content()
    every = sorted(reports, key=lambda r: (r.period_start, r.version))
    counting = latest(every)
    states = tuple(
        PeriodState(
            period=p,
            status=report_status(p, p.start in counting, today),
            versions=tuple(r for r in every if r.period_start == p.start),
        )
        for p in contract_periods(contract, content)
    )
    done = delivered(counting.values(), content)
    prog = progress(contract, done, today, content)
    mile = milestone(contract, counting, today, content)
    overdue = [s.period for s in states if s.status == "overdue"]
    return Overview(
        contract=contract,
        today=today,
        periods=states,
        delivered=done,
        progress=prog,
        milestone=mile,
        gaps=gaps(contract, prog, mile, overdue),
        value=realised(contract, counting.values(), content),
    )
