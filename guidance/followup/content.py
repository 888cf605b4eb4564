"""The follow-up as data: the report form, the rules and the statuses in ``content/followup/``.

Three files, read and cross-checked once per process by :func:`load_followup_content`:

* ``report_form.yaml``: forms of placement, target-group categories (named from the conditions'
  target groups), reasons for early endings, the retention check-ups, correction reasons, why the form
  asks for figures only, and the limits of the form and the store;
* ``rules.yaml``: report intervals, days to report, when a milestone is due, when progress is behind,
  the bonus's fill order and the suppression of small counts;
* ``statuses.yaml``: the statuses of the milestone, a report period and the progress, and the texts of
  what is missing.

The code refers to some ids by name (the forms, every status and gap); a missing or unknown one is a
:class:`~guidance.content.loader.ContentError` naming file, item and field, like every other problem.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import Field, field_validator

from guidance.assessment.action_plan import load_action_plan_content
from guidance.assessment.conditions import load_conditions
from guidance.calculator.parameters import Form
from guidance.content.loader import (
    CONTENT_DIR,
    ContentError,
    cached_loader,
    content_dir,
    load_model,
    read_sections,
    validate_items,
    validate_one,
)
from guidance.content.model import Model
from guidance.core.models import Evidence, Frozen, Sourced, Text, by_id

FORM_FILE = "followup/report_form.yaml"
RULES_FILE = "followup/rules.yaml"
STATUS_FILE = "followup/statuses.yaml"

#: Forms of placement a supplier reports (the calculator's forms).
FormId = Literal["employment", "apprenticeship", "internship"]
FORMS: tuple[FormId, ...] = get_args(FormId)
#: Which of the requirement's months a form's months fill.
CountsAs = Literal["employment", "internship"]
MilestoneStatusId = Literal["met", "met_late", "on_track", "due", "late", "not_applicable"]
ReportStatusId = Literal["received", "not_due", "due", "overdue"]
ProgressStatusId = Literal["done", "on_track", "behind", "not_started", "no_target"]
GapId = Literal["months", "months_or_internship", "milestone", "reports", "behind", "no_supplier", "no_target"]

#: The ``{placeholders}`` each kind of text may use.
STATUS_PLACEHOLDERS = frozenset({"date", "first", "days"})
GAP_PLACEHOLDERS = frozenset({"months", "required", "internship", "date", "periods", "delivered", "expected"})


class Item(Frozen):
    """A listed choice of the form: id, name in both languages, an optional note and source."""

    id: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    name: Text
    note: Text | None = None
    source: str | None = None
    evidence: Evidence | None = None


class FormSpec(Item):
    """A form of placement: which months of the requirement it fills and its calculator form."""

    id: FormId
    counts_as: CountsAs
    calculator_form: Form


class Category(Frozen):
    """A target-group category; without a name of its own it takes the conditions' target group's."""

    id: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    name: Text | None = None
    note: Text | None = None
    source: str | None = None
    evidence: Evidence | None = None


class Retention(Sourced):
    """The check-ups after a placement ended: still employed this many months later."""

    values: tuple[int, ...] = Field(min_length=1)

    @field_validator("values")
    @classmethod
    def _increasing(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(v <= 0 for v in value) or list(value) != sorted(set(value)):
            raise ValueError("months must be positive and strictly increasing")
        return value


class PrivacyPoint(Sourced):
    """One reason why the form asks for figures only."""

    id: str
    text: Text


class Limits(Sourced):
    """The largest numbers and texts the form and the store accept, and the rate limits."""

    max_people: int = Field(gt=0)
    max_months: int = Field(gt=0)
    max_reports_per_hour: int = Field(gt=0)
    max_versions_per_period: int = Field(gt=0)
    max_link_attempts: int = Field(gt=0)
    max_reference: int = Field(gt=0, le=200)
    max_title: int = Field(gt=0, le=400)
    max_supplier: int = Field(gt=0, le=400)
    max_category: int = Field(gt=0, le=200)
    max_register_name: int = Field(gt=0, le=200)


class Interval(Frozen):
    """A report interval: its id, months and name."""

    id: str = Field(pattern=r"^[a-z0-9_]{1,20}$")
    months: int = Field(gt=0, le=24)
    name: Text


class Days(Sourced):
    """A number of days with its source."""

    value: int = Field(ge=0, le=365)


class Share(Sourced):
    """A share (0.75 = 75 %) with its source."""

    value: float = Field(gt=0, le=1)


class FillOrder(Sourced):
    """The order in which delivered months fill the requirement before any bonus is earned."""

    value: tuple[CountsAs, CountsAs]

    @field_validator("value")
    @classmethod
    def _both(cls, value: tuple[CountsAs, CountsAs]) -> tuple[CountsAs, CountsAs]:
        if set(value) != {"employment", "internship"}:
            raise ValueError("must name employment and internship once each")
        return value


class Suppression(Sourced):
    """Counts from 1 up to below ``threshold`` are hidden from others and shown as ``marker``."""

    threshold: int = Field(ge=2, le=100)
    show_zero: bool
    marker: Text


class Status(Frozen):
    """A status: name, icon and (for the milestone) a text with placeholders."""

    id: str
    name: Text
    icon: str = Field(pattern=r"^:material/[a-z_]+:$")
    text: Text | None = None
    source: str | None = None
    evidence: Evidence | None = None


class GapText(Sourced):
    """The text of one kind of gap (what is missing)."""

    id: GapId
    text: Text


class FollowupContent(Frozen):
    """Everything in ``content/followup/``, validated and cross-checked."""

    forms: tuple[FormSpec, ...]
    categories: tuple[Category, ...]
    early_end_reasons: tuple[Item, ...]
    retention: Retention
    correction_reasons: tuple[Item, ...]
    privacy: tuple[PrivacyPoint, ...]
    limits: Limits
    intervals: tuple[Interval, ...]
    default_interval: str
    report_due_days: Days
    milestone_due_days: Days
    behind_share: Share
    bonus_fill_order: FillOrder
    suppression: Suppression
    milestone_statuses: tuple[Status, ...]
    report_statuses: tuple[Status, ...]
    progress_statuses: tuple[Status, ...]
    gaps: tuple[GapText, ...]

    def form(self, form_id: str) -> FormSpec:
        """The form with ``form_id``."""
        return by_id(self.forms, form_id, "form")

    def category_name(self, category_id: str) -> Text:
        """The name of a target-group category (resolved when the content was loaded)."""
        name = by_id(self.categories, category_id, "category").name
        assert name is not None  # every category's name is resolved by build_followup_content
        return name

    def interval(self, interval_id: str) -> Interval:
        """The report interval with ``interval_id``."""
        return by_id(self.intervals, interval_id, "interval")

    def milestone_status(self, status_id: str) -> Status:
        """The milestone status with ``status_id``."""
        return by_id(self.milestone_statuses, status_id, "milestone status")

    def report_status(self, status_id: str) -> Status:
        """The report status with ``status_id``."""
        return by_id(self.report_statuses, status_id, "report status")

    def progress_status(self, status_id: str) -> Status:
        """The progress status with ``status_id``."""
        return by_id(self.progress_statuses, status_id, "progress status")

    def gap(self, gap_id: str) -> GapText:
        """The text of the gap ``gap_id``."""
        return by_id(self.gaps, gap_id, "gap")

    @property
    def category_ids(self) -> tuple[str, ...]:
        """The target-group category ids, in form order."""
        return tuple(c.id for c in self.categories)

    @property
    def reason_ids(self) -> tuple[str, ...]:
        """The early-end reason ids, in form order."""
        return tuple(r.id for r in self.early_end_reasons)


# --------------------------------------------------------------------------- loading
def _placeholders(text: Text) -> set[str]:
    return {name for part in (text.sv, text.en) for _, name, _, _ in string.Formatter().parse(part) if name}


def _require_ids(file: str, section: str, items: Iterable[Any], expected: Iterable[str]) -> None:
    have = [str(getattr(i, "id", "")) for i in items]
    for missing in [e for e in expected if e not in have]:
        raise ContentError(file, missing, section, "required item is missing")
    for extra in [h for h in have if h not in set(expected)]:
        raise ContentError(file, extra, section, "unknown id (the code does not use it)")


def _capital(text: str) -> str:
    """A conditions' group name (written to stand inside a sentence) as a label: first letter upper case."""
    return text[:1].upper() + text[1:]


def _categories(file: str, raw: Any) -> tuple[Category, ...]:
    items = validate_items(file, "categories", raw, Category)
    groups = {g.id: g for g in load_conditions().target_groups}
    out: list[Category] = []
    for item in items:
        if item.name is not None:
            out.append(item)
            continue
        group = groups.get(item.id)
        if group is None:
            raise ContentError(file, item.id, "name", "not a target group of the conditions: give it a name")
        name = Text(sv=_capital(group.name.sv), en=_capital(group.name.en))
        out.append(item.model_copy(update={"name": name, "source": group.source, "evidence": group.evidence}))
    return tuple(out)


def _statuses(file: str, raw: Mapping[str, Any], key: str, expected: tuple[str, ...]) -> tuple[Status, ...]:
    items = validate_items(file, key, raw[key], Status)
    _require_ids(file, key, items, expected)
    for item in items:
        if item.text is not None and (unknown := _placeholders(item.text) - STATUS_PLACEHOLDERS):
            raise ContentError(file, item.id, "text", f"unknown placeholder(s) {sorted(unknown)}")
    return items


def _check_sources(model: Model, content: FollowupContent) -> None:
    known = {s.id for s in model.sources}
    items: list[tuple[str, str, str | None]] = []
    items += [(FORM_FILE, i.id, i.source) for i in (*content.forms, *content.early_end_reasons)]
    items += [(FORM_FILE, c.id, c.source) for c in content.categories]
    items += [(FORM_FILE, i.id, i.source) for i in content.correction_reasons]
    items += [(FORM_FILE, p.id, p.source) for p in content.privacy]
    items += [(FORM_FILE, "retention_months", content.retention.source), (FORM_FILE, "limits", content.limits.source)]
    items += [(RULES_FILE, name, getattr(content, name).source) for name in _RULE_ITEMS]
    items += [(STATUS_FILE, s.id, s.source) for s in content.milestone_statuses]
    items += [(STATUS_FILE, g.id, g.source) for g in content.gaps]
    for file, item, source in items:
        if source is not None and source not in known:
            raise ContentError(file, item, "source", f"unknown source id '{source}'")


_RULE_ITEMS = ("report_due_days", "milestone_due_days", "behind_share", "bonus_fill_order", "suppression")


def build_followup_content(root: Path = CONTENT_DIR, model: Model | None = None) -> FollowupContent:
    """Read and check ``root/followup``; raise :class:`ContentError` on the first problem."""
    model = model or load_model()
    ff, rf, sf = (f"content/{name}" for name in (FORM_FILE, RULES_FILE, STATUS_FILE))
    form = read_sections(
        root / FORM_FILE,
        ("forms", "categories", "early_end_reasons", "retention_months", "correction_reasons", "privacy", "limits"),
        root,
    )
    rules = read_sections(root / RULES_FILE, ("intervals", *_RULE_ITEMS), root)
    status = read_sections(root / STATUS_FILE, ("milestone", "report", "progress", "gaps"), root)

    forms = validate_items(ff, "forms", form["forms"], FormSpec)
    _require_ids(ff, "forms", forms, FORMS)
    intervals = validate_items(rf, "intervals", rules["intervals"], Interval)
    months = load_action_plan_content().reporting_interval_months.value
    default = next((i.id for i in intervals if i.months == months), None)
    if default is None:
        raise ContentError(rf, "intervals", "months", f"no interval of {months} months (the action plan's interval)")
    gaps = validate_items(sf, "gaps", status["gaps"], GapText)
    _require_ids(sf, "gaps", gaps, get_args(GapId))
    for gap in gaps:
        if unknown := _placeholders(gap.text) - GAP_PLACEHOLDERS:
            raise ContentError(sf, gap.id, "text", f"unknown placeholder(s) {sorted(unknown)}")
    suppression = validate_one(rf, "suppression", rules["suppression"], Suppression)
    if _placeholders(suppression.marker) - {"threshold"}:
        raise ContentError(rf, "suppression", "marker", "the only placeholder is {threshold}")
    content = FollowupContent(
        forms=forms,
        categories=_categories(ff, form["categories"]),
        early_end_reasons=validate_items(ff, "early_end_reasons", form["early_end_reasons"], Item),
        retention=validate_one(ff, "retention_months", form["retention_months"], Retention),
        correction_reasons=validate_items(ff, "correction_reasons", form["correction_reasons"], Item),
        privacy=validate_items(ff, "privacy", form["privacy"], PrivacyPoint),
        limits=validate_one(ff, "limits", form["limits"], Limits),
        intervals=intervals,
        default_interval=default,
        report_due_days=validate_one(rf, "report_due_days", rules["report_due_days"], Days),
        milestone_due_days=validate_one(rf, "milestone_due_days", rules["milestone_due_days"], Days),
        behind_share=validate_one(rf, "behind_share", rules["behind_share"], Share),
        bonus_fill_order=validate_one(rf, "bonus_fill_order", rules["bonus_fill_order"], FillOrder),
        suppression=suppression,
        milestone_statuses=_statuses(sf, status, "milestone", get_args(MilestoneStatusId)),
        report_statuses=_statuses(sf, status, "report", get_args(ReportStatusId)),
        progress_statuses=_statuses(sf, status, "progress", get_args(ProgressStatusId)),
        gaps=gaps,
    )
    _check_sources(model, content)
    return content


@cached_loader
def load_followup_content() -> FollowupContent:
    """The validated follow-up content, parsed once per process."""
    return build_followup_content(content_dir(), load_model())
