"""Planned against delivered for one contract: months, place equivalents, the bonus and what is missing.

Only the counting version of each period's report is summed (:func:`~guidance.followup.figures.latest`),
so a correction replaces its period's figures and never adds to them.

Fulfilment: employment months and internship months are alternatives (as in the sizing), so the
share of the requirement met is ``employment delivered / employment required`` plus, when internships
may fill it, ``internship delivered / internship required``. Place equivalents are that share times
the places. Months of an apprenticeship count as employment months (``counts_as`` in the content).

Status: ``no_target`` (no places or months), ``done`` (share >= 1), ``not_started`` (nothing delivered
and the first-hire date not yet passed), else ``behind`` when the share is below the content's
``behind_share`` of an even pace from the first-hire date to the contract's end, else ``on_track``.

Bonus (spearhead level with bonus terms): delivered months fill the requirement in the content's
order (employment first); what is left earns the bonus per month, up to the bonus's months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from pydantic import Field

from guidance.core.formatting import fmt_short
from guidance.core.models import Frozen, Lang, Text
from guidance.followup.content import FollowupContent, GapId, ProgressStatusId, load_followup_content
from guidance.followup.figures import Report, RetentionCount
from guidance.followup.models import ContractInput, Requirement
from guidance.followup.schedule import Milestone, Period


class Delivered(Frozen):
    """What the counting reports add up to (exact figures: for the contract's own follow-up only)."""

    people: int = 0
    by_form: dict[str, int] = Field(default_factory=dict)
    by_category: dict[str, int] = Field(default_factory=dict)
    months: dict[str, float] = Field(default_factory=dict)
    employment_months: float = 0.0
    internship_months: float = 0.0
    ended_early: dict[str, int] = Field(default_factory=dict)
    retention: dict[int, RetentionCount] = Field(default_factory=dict)
    reports: int = 0


def _add(into: dict[str, int], more: Mapping[str, int]) -> None:
    for key, n in more.items():
        into[key] = into.get(key, 0) + n


def delivered(counting: Iterable[Report], content: FollowupContent | None = None) -> Delivered:
    """The sums of the counting reports (pass one report per period: :func:`~guidance.followup.figures.latest`)."""
    content = content or load_followup_content()
    by_form: dict[str, int] = {}
    by_category: dict[str, int] = {}
    ended: dict[str, int] = {}
    months: dict[str, float] = {}
    retention: dict[int, RetentionCount] = {}
    employment = internship = 0.0
    n = 0
    for report in counting:
        f = report.figures
        n += 1
        _add(by_form, f.people_by_form())
        _add(by_category, f.people_by_category())
        _add(ended, f.ended_early)
        for form, m in f.months.items():
            months[form] = round(months.get(form, 0.0) + m, 2)
        employment += f.months_counted_as("employment", content)
        internship += f.months_counted_as("internship", content)
        for after, count in f.retention.items():
            kept = retention.get(after, RetentionCount(followed=0, employed=0))
            retention[after] = RetentionCount(
                followed=kept.followed + count.followed, employed=kept.employed + count.employed
            )
    return Delivered(
        people=sum(by_form.values()),
        by_form=by_form,
        by_category=by_category,
        months=months,
        employment_months=round(employment, 2),
        internship_months=round(internship, 2),
        ended_early=ended,
        retention=dict(sorted(retention.items())),
        reports=n,
    )


class BonusEarned(Frozen):
    """The months beyond the requirement that earn the bonus, and the bonus in SEK."""

    employment_months: float
    internship_months: float
    sek: float
    cap_sek: float


class Progress(Frozen):
    """Planned against delivered for one contract on one day.

    Attributes:
        share: the share of the requirement met (may exceed 1); None without a target.
        place_equivalents: ``share x places`` (0 without a target).
        remaining_employment_months / remaining_internship_months: what is left, in either kind.
        expected_share: an even pace's share by today (from the first-hire date to the end).
    """

    status: ProgressStatusId
    places: int
    employment_required: float
    internship_required: float
    employment_delivered: float
    internship_delivered: float
    share: float | None
    place_equivalents: float
    remaining_employment_months: float
    remaining_internship_months: float
    expected_share: float
    bonus: BonusEarned | None = None


def fulfilment(requirement: Requirement, employment: float, internship: float) -> float | None:
    """The share of the requirement met by these months (None when it has no target)."""
    if not requirement.has_target:
        return None
    share = 0.0
    if requirement.employment_months > 0:
        share += employment / requirement.employment_months
    if requirement.internship_months > 0:
        share += internship / requirement.internship_months
    return share


def expected_share(contract: ContractInput, today: dt.date) -> float:
    """An even pace's share of the requirement by ``today``: 0 until the first-hire date, 1 at the end."""
    begin, end = contract.milestone_date, contract.end
    if today <= begin:
        return 0.0
    if today >= end or end <= begin:
        return 1.0
    return (today - begin).days / (end - begin).days


def bonus_earned(
    requirement: Requirement, employment: float, internship: float, content: FollowupContent
) -> BonusEarned | None:
    """The bonus for the months beyond the requirement (None without bonus terms)."""
    bonus = requirement.bonus
    if bonus is None or requirement.level != "spearhead":
        return None
    required = {"employment": requirement.employment_months, "internship": requirement.internship_months}
    delivered_ = {"employment": employment, "internship": internship}
    extra = dict(delivered_)
    left = 1.0  # the share of the requirement still to fill
    for kind in content.bonus_fill_order.value:
        if required[kind] <= 0 or left <= 0:
            continue
        used = min(delivered_[kind] / required[kind], left)
        left -= used
        extra[kind] = delivered_[kind] - used * required[kind]
    paid_emp = max(0.0, min(extra["employment"], bonus.employment_months))
    paid_int = max(0.0, min(extra["internship"], bonus.internship_months))
    sek = paid_emp * bonus.employment_sek_per_month + paid_int * bonus.internship_sek_per_month
    return BonusEarned(
        employment_months=round(paid_emp, 2),
        internship_months=round(paid_int, 2),
        sek=round(sek, 2),
        cap_sek=bonus.cap_sek,
    )


def progress(
    contract: ContractInput, done: Delivered, today: dt.date, content: FollowupContent | None = None
) -> Progress:
    """Planned against delivered for ``contract`` on ``today``."""
    content = content or load_followup_content()
    req = contract.requirement
    share = fulfilment(req, done.employment_months, done.internship_months)
    pace = expected_share(contract, today)
    status: ProgressStatusId
    if share is None:
        status = "no_target"
    elif share >= 1:
        status = "done"
    elif share == 0 and today <= contract.milestone_date:
        status = "not_started"
    elif share < content.behind_share.value * pace:
        status = "behind"
    else:
        status = "on_track"
    remaining = max(0.0, 1.0 - (share or 0.0)) if share is not None else 0.0
    return Progress(
        status=status,
        places=req.places,
        employment_required=req.employment_months,
        internship_required=req.internship_months,
        employment_delivered=done.employment_months,
        internship_delivered=done.internship_months,
        share=share,
        place_equivalents=round((share or 0.0) * req.places, 2),
        remaining_employment_months=round(remaining * req.employment_months, 2),
        remaining_internship_months=round(remaining * req.internship_months, 2),
        expected_share=pace,
        bonus=bonus_earned(req, done.employment_months, done.internship_months, content),
    )


# --------------------------------------------------------------------------- what is missing
def _pace(prog: Progress) -> dict[str, str | float]:
    """Delivered and even-pace months, in employment months (internship months converted by the requirement's
    ratio), or in internship months when the requirement has only those."""
    if prog.employment_required > 0:
        delivered_ = prog.employment_delivered
        if prog.internship_required > 0:
            delivered_ += prog.internship_delivered * prog.employment_required / prog.internship_required
        required = prog.employment_required
    else:
        delivered_, required = prog.internship_delivered, prog.internship_required
    return {"delivered": round(delivered_, 1), "expected": round(prog.expected_share * required, 1)}


class Gap(Frozen):
    """One thing that is missing, with the values its content text needs."""

    id: GapId
    values: dict[str, str | float] = Field(default_factory=dict)

    def text(self, lang: Lang, content: FollowupContent | None = None) -> str:
        """The gap's text in ``lang`` (numbers in the language's format)."""
        content = content or load_followup_content()
        filled = {k: fmt_short(v, lang) if isinstance(v, float) else v for k, v in self.values.items()}
        return content.gap(self.id).text(lang).format(**filled)

    def texts(self, content: FollowupContent | None = None) -> Text:
        """The gap's text in both languages."""
        return Text(sv=self.text("sv", content), en=self.text("en", content))


def gaps(
    contract: ContractInput,
    prog: Progress,
    mile: Milestone,
    overdue: Iterable[Period],
) -> tuple[Gap, ...]:
    """What is missing: the supplier, the first hire, overdue reports, the remaining months, the pace."""
    out: list[Gap] = []
    if not contract.supplier:
        out.append(Gap(id="no_supplier"))
    if prog.status == "no_target":
        out.append(Gap(id="no_target"))
    if mile.status == "late":
        out.append(Gap(id="milestone", values={"date": mile.date.isoformat()}))
    late = [p.label for p in overdue]
    if late:
        out.append(Gap(id="reports", values={"periods": ", ".join(late)}))
    if prog.share is not None and prog.share < 1:
        values: dict[str, str | float] = {
            "months": prog.remaining_employment_months,
            "required": prog.employment_required,
            "internship": prog.remaining_internship_months,
        }
        out.append(Gap(id="months_or_internship" if prog.internship_required > 0 else "months", values=values))
        if prog.status == "behind":
            out.append(Gap(id="behind", values=_pace(prog)))
    return tuple(out)
