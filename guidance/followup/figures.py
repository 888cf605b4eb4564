"""One period's report: aggregated figures only, checked against the content's lists and limits.

A report holds counts and months, never a person: people started by form and target-group
category, months delivered by form, placements ended early by reason, people still employed at each
check-up after their placement ended, and the date of the first start or offer (for the milestone).
Unknown fields are refused (``extra="forbid"``), so a name, a personal identity number or a comment
cannot be stored; every key must be an id of ``content/followup/report_form.yaml``. Zeros are
dropped, so equal figures always have one form.

A report is never changed: a correction is a new :class:`Report` with the next version number, and
:func:`latest` picks the version that counts for each period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from guidance.core.models import Frozen
from guidance.followup.content import FORMS, FollowupContent, FormId, load_followup_content

#: Months are reported to this many decimals (half and quarter months are common).
MONTH_DECIMALS = 2


def _count(value: Any, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise PydanticCustomError("fu.err.whole_number", "a count is a whole number")
    if not 0 <= value <= limit:
        raise PydanticCustomError("fu.err.count_range", "a count must be between 0 and the limit")
    return int(value)


class RetentionCount(Frozen):
    """People whose placement ended the check-up's months ago: how many were followed up, how many work."""

    followed: int = Field(ge=0)
    employed: int = Field(ge=0)

    @model_validator(mode="after")
    def _employed_among_followed(self) -> RetentionCount:
        if self.employed > self.followed:
            raise PydanticCustomError("fu.err.retention", "more employed than followed up")
        return self


class Figures(Frozen):
    """The figures of one report (one period).

    Attributes:
        started: form -> target-group category -> people who started in the period.
        months: form -> full-time months delivered in the period.
        ended_early: reason -> placements that ended before the agreed time in the period.
        retention: months after the placement ended -> people followed up and still employed.
        first_start: the day of the first start or offer, while the milestone is open.
    """

    started: dict[str, dict[str, int]] = Field(default_factory=dict)
    months: dict[str, float] = Field(default_factory=dict)
    ended_early: dict[str, int] = Field(default_factory=dict)
    retention: dict[int, RetentionCount] = Field(default_factory=dict)
    first_start: dt.date | None = None

    @field_validator("started", mode="before")
    @classmethod
    def _started(cls, value: Any) -> dict[str, dict[str, int]]:
        content = load_followup_content()
        if not isinstance(value, Mapping):
            raise PydanticCustomError("fu.err.shape", "expected a mapping")
        out: dict[str, dict[str, int]] = {}
        for form, cells in value.items():
            if form not in FORMS:
                raise PydanticCustomError("fu.err.unknown_form", "unknown form")
            if not isinstance(cells, Mapping):
                raise PydanticCustomError("fu.err.shape", "expected a mapping")
            row: dict[str, int] = {}
            for category, count in cells.items():
                if category not in content.category_ids:
                    raise PydanticCustomError("fu.err.unknown_category", "unknown target-group category")
                if n := _count(count, content.limits.max_people):
                    row[str(category)] = n
            if row:
                out[str(form)] = row
        return out

    @field_validator("months", mode="before")
    @classmethod
    def _months(cls, value: Any) -> dict[str, float]:
        limit = load_followup_content().limits.max_months
        if not isinstance(value, Mapping):
            raise PydanticCustomError("fu.err.shape", "expected a mapping")
        out: dict[str, float] = {}
        for form, months in value.items():
            if form not in FORMS:
                raise PydanticCustomError("fu.err.unknown_form", "unknown form")
            if isinstance(months, bool) or not isinstance(months, (int, float)) or not 0 <= months <= limit:
                raise PydanticCustomError("fu.err.months_range", "months must be between 0 and the limit")
            if rounded := round(float(months), MONTH_DECIMALS):
                out[str(form)] = rounded
        return out

    @field_validator("ended_early", mode="before")
    @classmethod
    def _ended(cls, value: Any) -> dict[str, int]:
        content = load_followup_content()
        if not isinstance(value, Mapping):
            raise PydanticCustomError("fu.err.shape", "expected a mapping")
        out: dict[str, int] = {}
        for reason, count in value.items():
            if reason not in content.reason_ids:
                raise PydanticCustomError("fu.err.unknown_reason", "unknown reason")
            if n := _count(count, content.limits.max_people):
                out[str(reason)] = n
        return out

    @field_validator("retention", mode="after")
    @classmethod
    def _retention(cls, value: dict[int, RetentionCount]) -> dict[int, RetentionCount]:
        content = load_followup_content()
        for months, count in value.items():
            if months not in content.retention.values:
                raise PydanticCustomError("fu.err.unknown_checkup", "unknown check-up")
            if count.followed > content.limits.max_people:
                raise PydanticCustomError("fu.err.count_range", "a count must be between 0 and the limit")
        return {m: c for m, c in sorted(value.items()) if c.followed}

    # -- sums ------------------------------------------------------------------------------------
    @property
    def people(self) -> int:
        """Everyone who started in the period."""
        return sum(sum(cells.values()) for cells in self.started.values())

    def people_by_form(self) -> dict[str, int]:
        """People who started, by form."""
        return {form: sum(cells.values()) for form, cells in self.started.items()}

    def people_by_category(self) -> dict[str, int]:
        """People who started, by target-group category."""
        out: dict[str, int] = {}
        for cells in self.started.values():
            for category, n in cells.items():
                out[category] = out.get(category, 0) + n
        return out

    def months_counted_as(self, counts_as: str, content: FollowupContent | None = None) -> float:
        """Months of the forms that fill the requirement's employment (or internship) months."""
        content = content or load_followup_content()
        return sum(m for form, m in self.months.items() if content.form(form).counts_as == counts_as)

    @property
    def ended(self) -> int:
        """Placements that ended early in the period."""
        return sum(self.ended_early.values())

    @property
    def empty(self) -> bool:
        """Whether the report has no figure at all."""
        return not (self.started or self.months or self.ended_early or self.retention or self.first_start)


class Report(Frozen):
    """One stored version of one period's report (never changed once stored)."""

    contract_id: int
    period_start: dt.date
    version: int = Field(ge=1)
    figures: Figures
    correction_reason: str | None = None
    submitted_at: dt.datetime


def latest(reports: Iterable[Report]) -> dict[dt.date, Report]:
    """The version that counts for each period: the highest version number, by period start."""
    out: dict[dt.date, Report] = {}
    for report in reports:
        kept = out.get(report.period_start)
        if kept is None or report.version > kept.version:
            out[report.period_start] = report
    return dict(sorted(out.items()))


def form_months(figures: Figures) -> dict[FormId, float]:
    """Months by form (every form, 0 where none was reported)."""
    return {form: figures.months.get(form, 0.0) for form in FORMS}
