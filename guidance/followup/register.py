"""How a contract enters follow-up: from an assessment, from a screened plan row, or by hand.

Each function returns a :class:`Draft`: a complete :class:`~guidance.followup.models.ContractInput`
carrying over the level, places, months, milestone, condition and rule, plus what was assumed
(a start date that was not known). The store registers it as it is; the buyer adds the supplier and
the reference when they are known.

* :func:`register_from_recommendation`: the assessment's reconciled recommendation (level, sizing
  under the chosen rule, milestone months), the condition's target groups and alternatives, the
  bonus terms of the condition draft; the answers give the start, the term and the contract type;
* :func:`register_from_plan_row`: the fields of one screened plan row (its outcome, places, months
  and value under the policy's rule);
* :func:`manual_contract`: everything typed in.

A start that is not known becomes ``today`` (``start_assumed``). The report interval is the action
plan's (the content's default) unless given.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from pydantic import ValidationError

from guidance.assessment.answers import Answers
from guidance.assessment.conditions import ConditionDraft, ConditionOptions, load_conditions
from guidance.assessment.questionnaire import LEVEL_OF, LevelId
from guidance.assessment.recommend import Recommendation
from guidance.assessment.sizing import add_months, load_sizing_content
from guidance.core.models import Frozen
from guidance.followup.content import load_followup_content
from guidance.followup.models import MAX_TERM_MONTHS, Bonus, ContractInput, Planned, Requirement

#: A screened plan row's outcome -> the requirement level (``none`` enters no follow-up).
OUTCOME_LEVEL: dict[str, LevelId] = {"basic": "basic", "advanced": "advanced", "spearhead": "spearhead"}
#: The condition's alternatives under which internship months fill the requirement (b internships, c both).
INTERNSHIP_ALTERNATIVES: frozenset[str] = frozenset({"b", "c"})


class NotRegistrable(ValueError):
    """There is no requirement to follow up (an incomplete assessment, no level, a plan row without one).

    ``key`` is the message key saying why.
    """

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


class Draft(Frozen):
    """A contract ready to register, and whether its start date was assumed."""

    contract: ContractInput
    start_assumed: bool = False


def term_end(start: dt.date, months: int) -> dt.date:
    """The last day of a term of ``months`` starting on ``start``."""
    return add_months(start, months) - dt.timedelta(days=1)


def default_bonus(employment_months: float, internship_months: float) -> Bonus:
    """The conditions' default bonus: SEK per month and the bonus months as a share of the requirement."""
    cond = load_conditions()
    share = cond.param("bonus_cap_share_of_commitment")
    return Bonus(
        employment_sek_per_month=cond.param("bonus_employment_sek_per_month"),
        internship_sek_per_month=cond.param("bonus_internship_sek_per_month"),
        employment_months=round(employment_months * share, 2),
        internship_months=round(internship_months * share, 2),
    )


def _bonus_from_draft(draft: ConditionDraft | None, employment: float, internship: float) -> Bonus:
    terms = draft.bonus if draft is not None else None
    if terms is None:
        return default_bonus(employment, internship)
    return Bonus(
        employment_sek_per_month=terms.employment_sek_per_month,
        internship_sek_per_month=terms.internship_sek_per_month,
        employment_months=terms.employment_months or 0.0,
        internship_months=terms.internship_months or 0.0,
    )


def _term(start: dt.date | None, months: int | None, today: dt.date) -> tuple[dt.date, dt.date, bool]:
    begin = start or today
    span = months if months and 0 < months <= MAX_TERM_MONTHS else 12
    return begin, term_end(begin, span), start is None


def register_from_recommendation(
    rec: Recommendation,
    answers: Answers,
    *,
    today: dt.date,
    options: ConditionOptions | None = None,
    draft: ConditionDraft | None = None,
    title: str = "",
    reference: str = "",
    supplier: str = "",
    interval: str | None = None,
) -> Draft:
    """A contract from an assessment's recommendation (one click on the assessment page).

    Args:
        rec: the reconciled recommendation (its level, sizing under the chosen rule and rule id).
        answers: the answers it was made from (start date, term, contract type).
        today: the day used as start when the answers have no start date.
        options: the condition choices (target-group ids, permitted alternatives), if any.
        draft: the condition draft (months as the condition states them, the bonus terms), if any.
        title, reference, supplier: the buyer's names, when known.
        interval: the report interval id (default: the action plan's).

    Raises:
        NotRegistrable: ``fu.err.not_complete`` while answers are missing, ``fu.err.no_level`` when the
            verdict sets no requirement.
    """
    if not rec.complete:
        raise NotRegistrable("fu.err.not_complete")
    level = LEVEL_OF.get(rec.assessment.verdict)
    if level is None:
        raise NotRegistrable("fu.err.no_level")
    sizing = rec.sizing if rec.assessment.numerical else None
    places = rec.places
    employment = float((draft.employment_months if draft else None) or (sizing.employment_months if sizing else 0))
    internship = float((draft.internship_months if draft else None) or (sizing.internship_months if sizing else 0))
    alternatives = draft.alternatives if draft else (options.alternatives if options else ("a",))
    if not rec.assessment.numerical:
        employment = internship = 0.0
    planned_internship = internship
    if not INTERNSHIP_ALTERNATIVES & set(alternatives):
        internship = 0.0  # only alternatives b and c let internships fill the requirement
    milestone = draft.milestone_months if draft else (rec.sizing.milestone_months if rec.sizing else None)
    requirement = Requirement(
        level=level,
        places=places,
        employment_months=employment,
        internship_months=internship,
        milestone_months=milestone or load_sizing_content().milestone.months,
        target_groups=options.target_groups if options else (),
        alternatives=alternatives,
        bonus=_bonus_from_draft(draft, employment, internship) if level == "spearhead" else None,
        rule_id=rec.rule_id,
    )
    start, end, assumed = _term(answers.start_date, answers.duration_months, today)
    contract = ContractInput(
        reference=reference,
        title=title,
        supplier=supplier,
        category=answers.contract_type or "",
        start=start,
        end=end,
        interval=interval or load_followup_content().default_interval,
        requirement=requirement,
        planned=Planned(
            origin="assessment", places=places, employment_months=employment, internship_months=planned_internship
        ),
    )
    return Draft(contract=contract, start_assumed=assumed)


def _number(value: Any) -> float:
    """A plan cell as a number (a missing or non-numeric cell is 0)."""
    if isinstance(value, bool) or value is None:
        return 0.0
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _date(value: Any) -> dt.date | None:
    """A plan cell as a date (a pandas timestamp or a date; a missing cell, NaT included, is None)."""
    if value is None or value != value:  # NaT and NaN are not equal to themselves
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    to_date = getattr(value, "date", None)
    if callable(to_date):
        try:
            day = to_date()
        except (TypeError, ValueError):
            return None
        return day if isinstance(day, dt.date) else None
    return None


def register_from_plan_row(
    *,
    name: str,
    category: str,
    outcome: str,
    places: Any,
    employment_months: Any,
    internship_months: Any,
    duration_months: Any,
    start_date: Any,
    today: dt.date,
    society_value_sek: Any = None,
    rule_id: str | None = None,
    reference: str = "",
    interval: str | None = None,
) -> Draft:
    """A contract from one screened plan row (the columns of :func:`guidance.screening.screen.screen`).

    Raises:
        NotRegistrable: ``fu.err.no_level`` when the row's outcome is ``none``.
    """
    level = OUTCOME_LEVEL.get(str(outcome))
    if level is None:
        raise NotRegistrable("fu.err.no_level")
    n = int(_number(places))
    employment = _number(employment_months)
    internship = _number(internship_months)
    months = int(_number(duration_months)) or None
    start, end, assumed = _term(_date(start_date), months, today)
    value = _number(society_value_sek) if society_value_sek is not None else None
    requirement = Requirement(
        level=level,
        places=n,
        employment_months=employment,
        internship_months=0.0,  # a plan sets no condition: alternative a (employment) until the buyer chooses
        milestone_months=load_sizing_content().milestone.months,
        bonus=default_bonus(employment, 0.0) if level == "spearhead" else None,
        rule_id=rule_id,
    )
    contract = ContractInput(
        reference=reference,
        title=name,
        category=category,
        start=start,
        end=end,
        interval=interval or load_followup_content().default_interval,
        requirement=requirement,
        planned=Planned(
            origin="plan", places=n, employment_months=employment, internship_months=internship, value_sek=value
        ),
    )
    return Draft(contract=contract, start_assumed=assumed)


def manual_contract(
    *,
    reference: str,
    title: str,
    supplier: str,
    category: str,
    start: dt.date,
    end: dt.date,
    level: LevelId,
    places: int,
    employment_months: float,
    internship_months: float,
    interval: str | None = None,
    milestone_months: int | None = None,
    target_groups: tuple[str, ...] = (),
    bonus: Bonus | None = None,
) -> ContractInput:
    """A contract typed in by the buyer (raises pydantic's ``ValidationError`` with ``fu.err.*`` types)."""
    requirement = Requirement(
        level=level,
        places=places,
        employment_months=employment_months,
        internship_months=internship_months,
        milestone_months=milestone_months or load_sizing_content().milestone.months,
        target_groups=target_groups,
        alternatives=("a", "b") if internship_months > 0 else ("a",),
        bonus=bonus if level == "spearhead" else None,
    )
    return ContractInput(
        reference=reference,
        title=title,
        supplier=supplier,
        category=category,
        start=start,
        end=end,
        interval=interval or load_followup_content().default_interval,
        requirement=requirement,
        planned=Planned(
            origin="manual", places=places, employment_months=employment_months, internship_months=internship_months
        ),
    )


def error_keys(exc: ValidationError) -> tuple[str, ...]:
    """The message keys of a validation error (``fu.err.*`` types; anything else is ``fu.err.invalid``)."""
    keys = [str(e.get("type")) for e in exc.errors()]
    return tuple(dict.fromkeys(k if k.startswith("fu.err.") else "fu.err.invalid" for k in keys))
