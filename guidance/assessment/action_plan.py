"""The action plan: the process steps from the buyer's current phase onwards, tailored to the outcome.

Which steps belong to which outcome, and the notes added to them, are content
(``content/assessment/action_plan.yaml``); the steps themselves and who does them come from the
validated model (``content/process.yaml``).
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from guidance.assessment.conditions import NUMERICAL_LEVELS as NUMERICAL_VERDICTS
from guidance.assessment.conditions import _value, default_milestone_months, has_flag, verdict_of
from guidance.assessment.sizing import DateOutOfRange, add_months
from guidance.content.loader import (
    ContentError,
    cached_loader,
    check_sources,
    content_dir,
    describe_error,
    load_model,
    read_yaml,
)
from guidance.content.model import Duty, Model
from guidance.core.formatting import fmt_short
from guidance.core.models import LANGS, Evidence, Frozen, Lang, Sourced, Text

if TYPE_CHECKING:  # pragma: no cover
    from guidance.assessment.assess import Assessment
    from guidance.assessment.sizing import Sizing

PLAN_FILE = "content/assessment/action_plan.yaml"

Verdict = Literal["not_yet", "not_suitable", "basic", "advanced", "advanced_bonus"]
VERDICTS: tuple[str, ...] = ("not_yet", "not_suitable", "basic", "advanced", "advanced_bonus")
FLAGS: tuple[str, ...] = ("reserved", "call_off", "labour_law", "residence_warning")
DueKind = Literal["start", "milestone", "reporting", "end"]
NOTE_PLACEHOLDERS = frozenset(
    {
        "start_date",
        "milestone_date",
        "milestone_months",
        "reporting_dates",
        "end_date",
        "employment_months",
        "internship_months",
        "places",
    }
)
#: How many reporting dates a note lists when the contract end is not known.
_MAX_DATES_SHOWN = 4


# -- content models -------------------------------------------------------------------------------
class IntervalParameter(Sourced):
    """The months between reporting dates."""

    value: int
    unit: str
    label: Text


class OutcomePlan(Sourced):
    """The steps for one outcome of the assessment."""

    from_start: bool
    checklist: bool
    intro: Text
    steps: tuple[str, ...]


class FlagSteps(Frozen):
    """Steps added when a flag is raised."""

    steps: tuple[str, ...]


class StepNote(Sourced):
    """A note on a step for this procurement, optionally limited to outcomes or a flag."""

    step: str
    outcomes: tuple[Verdict, ...] = ()
    flag: Literal["reserved", "call_off", "labour_law", "residence_warning"] | None = None
    due: DueKind | None = None
    text: Text


class ActionPlanContent(Frozen):
    """Everything in ``content/assessment/action_plan.yaml``."""

    assessment_step: str
    reporting_interval_months: IntervalParameter
    blank: Text
    more: Text
    outcomes: dict[Verdict, OutcomePlan]
    flags: dict[Literal["reserved", "call_off", "labour_law", "residence_warning"], FlagSteps]
    notes: tuple[StepNote, ...]


def parse_action_plan_content(data: Mapping[str, Any], model: Model, file: str = PLAN_FILE) -> ActionPlanContent:
    """Validate the raw action-plan content against the model; raise :class:`ContentError`."""
    try:
        content = ActionPlanContent.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field, problem = describe_error(err)
        loc = [str(p) for p in err.get("loc", ())]
        raise ContentError(file, ".".join(loc[:2]) or "-", field or "-", problem) from None
    missing = [v for v in VERDICTS if v not in content.outcomes]
    if missing:
        raise ContentError(file, f"outcomes.{missing[0]}", "steps", "outcome is missing")
    step_ids = {s.id for s in model.steps}
    if content.assessment_step not in step_ids:
        raise ContentError(file, "assessment_step", "assessment_step", f"unknown step id '{content.assessment_step}'")
    for verdict, plan in content.outcomes.items():
        for sid in plan.steps:
            if sid not in step_ids:
                raise ContentError(file, f"outcomes.{verdict}", "steps", f"unknown step id '{sid}'")
    for flag, extra in content.flags.items():
        for sid in extra.steps:
            if sid not in step_ids:
                raise ContentError(file, f"flags.{flag}", "steps", f"unknown step id '{sid}'")
    for index, note in enumerate(content.notes):
        label = f"notes #{index + 1} ({note.step})"
        if note.step not in step_ids:
            raise ContentError(file, label, "step", f"unknown step id '{note.step}'")
        for lang in LANGS:
            names = {n for _, n, _, _ in string.Formatter().parse(note.text(lang)) if n is not None}
            if names - NOTE_PLACEHOLDERS:
                raise ContentError(
                    file, label, f"text.{lang}", f"unknown placeholder {{{sorted(names - NOTE_PLACEHOLDERS)[0]}}}"
                )
    source_ids = {s.id for s in model.sources}
    check_sources(source_ids, [content.reporting_interval_months, *content.outcomes.values(), *content.notes], file)
    return content


@cached_loader
def load_action_plan_content() -> ActionPlanContent:
    """The validated action-plan content, parsed once per process."""
    return parse_action_plan_content(read_yaml(content_dir() / "assessment" / "action_plan.yaml"), load_model())


# -- output ---------------------------------------------------------------------------------------
class PlanItem(Frozen):
    """One step of the plan with who does it, a tailored note and a date where one follows."""

    step_id: str
    phase: str
    responsible: tuple[str, ...]
    involved: dict[str, Duty]
    note: Text | None = None
    note_source: str | None = None
    note_evidence: Evidence | None = None
    due: dt.date | None = None
    due_kind: DueKind | None = None
    dates: tuple[dt.date, ...] = ()


class ActionPlan(Frozen):
    """The steps that remain for this procurement, in process order."""

    outcome: Verdict | None
    current_phase: str
    start_date: dt.date | None
    end_date: dt.date | None
    intro: Text | None
    intro_source: str | None
    items: tuple[PlanItem, ...]
    checklist: tuple[str, ...]
    reporting_dates: tuple[dt.date, ...]

    @property
    def step_ids(self) -> tuple[str, ...]:
        """The step ids of the plan, in order."""
        return tuple(item.step_id for item in self.items)

    def for_actor(self, actor: str) -> tuple[PlanItem, ...]:
        """Items in which ``actor`` (a role or UO sub-role) has any duty."""
        return tuple(item for item in self.items if actor in item.involved)

    def responsible_for(self, actor: str) -> tuple[PlanItem, ...]:
        """Items ``actor`` is responsible for."""
        return tuple(item for item in self.items if actor in item.responsible)

    def phases(self) -> tuple[str, ...]:
        """The phases the plan covers, in order."""
        out: list[str] = []
        for item in self.items:
            if item.phase not in out:
                out.append(item.phase)
        return tuple(out)


# -- the plan -------------------------------------------------------------------------------------
def reporting_dates(start: dt.date, interval: int, end: dt.date | None) -> tuple[dt.date, ...]:
    """Dates every ``interval`` months after ``start`` up to ``end`` (the first few if ``end`` is unknown).

    Dates past 9999-12-31 are not listed (there is no such date; ``end`` itself is always before it).
    """
    out: list[dt.date] = []
    k = 1
    while True:
        try:
            day = add_months(start, interval * k)
        except DateOutOfRange:
            break
        if (end is not None and day > end) or (end is None and len(out) >= _MAX_DATES_SHOWN):
            break
        out.append(day)
        k += 1
        if k > 1000:  # pragma: no cover - guards a nonsense duration
            break
    if end is not None and (not out or out[-1] != end):
        out.append(end)
    return tuple(out)


def _fmt(value: Any, lang: Lang) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return fmt_short(value, lang)
    return str(value)


class _Fill(dict[str, str]):
    def __init__(self, values: Mapping[str, str], blank: str) -> None:
        super().__init__(values)
        self.blank = blank

    def __missing__(self, key: str) -> str:
        return self.blank


def _note_text(note: StepNote, values: Mapping[str, Any], blank: Text, more: Text) -> Text:
    out: dict[str, str] = {}
    for lang in LANGS:
        vals = {k: _fmt(v, lang) for k, v in values.items() if v is not None and k != "reporting_dates"}
        dates = values.get("reporting_dates")
        if dates:
            vals["reporting_dates"] = ", ".join(d.isoformat() for d in dates[:_MAX_DATES_SHOWN])
            if len(dates) > _MAX_DATES_SHOWN:
                vals["reporting_dates"] += f" {more(lang)}"
        out[lang] = note.text(lang).format_map(_Fill(vals, blank(lang)))
    return Text(**out)


def action_plan(
    assessment: Assessment | Any,
    sizing: Sizing | Any | None,
    current_phase: str,
    start_date: dt.date | None = None,
    duration_months: int | None = None,
) -> ActionPlan:
    """Build the action plan for an assessed procurement.

    Args:
        assessment: The assessment; its verdict and flags choose the steps and notes.
        sizing: The sizing of the chosen rule set (places, months, milestone), or ``None``.
        current_phase: The phase the buyer is in (a phase id such as ``"analyse"``); earlier
            steps are left out, except for outcomes that must start from the beginning.
        start_date: The contract start, if known; gives the milestone and reporting dates.
        duration_months: The contract term, if known; gives the end date and the last report.

    Returns:
        The plan, with items in process order.

    Raises:
        DateOutOfRange: the milestone or the contract's end would be after 9999-12-31 (a start date far
            in the future); the message names the date and the months.
    """
    model = load_model()
    content = load_action_plan_content()
    phase_order = {p.id: p.order for p in model.phases}
    if current_phase not in phase_order:
        raise ValueError(f"unknown phase '{current_phase}'")
    verdict = verdict_of(assessment)
    outcome = content.outcomes.get(verdict) if verdict in VERDICTS else None  # type: ignore[call-overload]  # a VerdictId once in VERDICTS
    flags = {f for f in FLAGS if has_flag(assessment, f)}

    wanted: set[str] = set(outcome.steps) if outcome else set()
    for flag in flags:
        extra = content.flags.get(flag)  # type: ignore[call-overload]  # flags from an assessment are flag ids (str)
        if extra and outcome is not None:
            wanted |= set(extra.steps)
    floor = -1 if (outcome is None or outcome.from_start) else phase_order[current_phase]

    milestone_months = int(_value(sizing, "milestone_months") or default_milestone_months())
    milestone: dt.date | None = None
    if verdict not in NUMERICAL_VERDICTS:
        pass  # a dialogue requirement has no hiring obligation, so no first-hire date
    elif start_date is not None:
        milestone = add_months(start_date, milestone_months)
    elif isinstance(_value(sizing, "milestone_date"), dt.date):
        milestone = _value(sizing, "milestone_date")
    end = add_months(start_date, duration_months) if start_date and duration_months else None
    interval = content.reporting_interval_months.value
    reports = reporting_dates(start_date, interval, end) if start_date is not None else ()

    values: dict[str, Any] = {
        "start_date": start_date,
        "milestone_date": milestone,
        "milestone_months": milestone_months,
        "reporting_dates": reports,
        "end_date": end,
        "employment_months": _value(sizing, "employment_months"),
        "internship_months": _value(sizing, "internship_months"),
        "places": _value(sizing, "places"),
    }
    due_of: dict[str, tuple[dt.date | None, tuple[dt.date, ...]]] = {
        "start": (start_date, ()),
        "milestone": (milestone, ()),
        "reporting": (reports[0] if reports else None, reports),
        "end": (end, ()),
    }

    items: list[PlanItem] = []
    for step in model.steps:
        if step.id not in wanted or phase_order[step.phase] < floor:
            continue
        note = next(
            (
                n
                for n in content.notes
                if n.step == step.id
                and (not n.outcomes or verdict in n.outcomes)
                and (n.flag is None or n.flag in flags)
            ),
            None,
        )
        due, dates = due_of[note.due] if note and note.due else (None, ())
        items.append(
            PlanItem(
                step_id=step.id,
                phase=step.phase,
                responsible=tuple(a for a, c in step.responsibilities.items() if c.duty == Duty.RESPONSIBLE),
                involved={a: c.duty for a, c in step.responsibilities.items()},
                note=_note_text(note, values, content.blank, content.more) if note else None,
                note_source=note.source if note else None,
                note_evidence=note.evidence if note else None,
                due=due,
                due_kind=note.due if note and due else None,
                dates=dates,
            )
        )

    checklist = tuple(c.id for c in model.checklist) if outcome and outcome.checklist else ()
    return ActionPlan(
        outcome=verdict if outcome else None,
        current_phase=current_phase,
        start_date=start_date,
        end_date=end,
        intro=outcome.intro if outcome else None,
        intro_source=outcome.source if outcome else None,
        items=tuple(items),
        checklist=checklist,
        reporting_dates=reports,
    )


def assessment_phase(model: Model, phase_id: str | None = None) -> str:
    """``phase_id`` if it is a phase of the model, else the phase of the self-assessment's step."""
    if phase_id in {p.id for p in model.phases}:
        return str(phase_id)
    return model.step(load_action_plan_content().assessment_step).phase
