"""Screening a whole procurement plan: the single assessment and sizing, applied to every row at once.

One source of truth: the vectorised code below reads the same content tables as
:func:`guidance.assessment.assess.assess` and :func:`guidance.assessment.sizing.size` -- the points of every option,
the bands of number questions, the thresholds, the risk rules, the eligibility floors and the
sizing rule's parameters -- and applies them to pandas columns. The property tests in
``tests/property/test_screening_properties.py`` check, row by row, that the result equals ``assess()``
and ``size()``.

A plan does not contain every answer the assessment asks for. :func:`effective_inputs` fills the
gaps with explicit, editable :class:`Assumptions` (readiness gates assumed met, the category's
entry-level tasks, supplier market, labour-cost share and risks, an FTE estimate from the value).
Which procurements get a requirement is then a :class:`Policy`: a sizing rule, a value threshold,
categories, a minimum term and a share of the best procurements.

Result columns of :func:`screen` (index: the row number in the file):

* plan and effective inputs: ``name``, ``category``, ``contract_type``, ``value_sek``,
  ``duration_months``, ``fte``, ``fte_estimated``, ``labour_share``, ``labour_share_assumed``,
  ``framework``, ``start_date``;
* assessment: ``score``, ``verdict``, ``level``, ``flags`` (comma-separated);
* sizing under the policy's rule: ``rule_exempt``, ``rule_below_value``, ``rule_places``,
  ``rule_employment_months``, ``rule_internship_months``, ``fte_months``, ``feasible``,
  ``milestone_date``;
* policy: ``in_policy``, ``outcome`` (``none``/``basic``/``advanced``/``spearhead``), ``places``,
  ``employment_months``, ``internship_months`` (the numerical requirement that results),
  ``society_value_sek`` (employment months x society's value per person and month from the
  calculator), ``why`` (reason codes, see :func:`explain`);
* plausibility of the plan's own values (:mod:`guidance.screening.plausibility`): ``checks``
  (warning ids), ``suggested_value_sek``, ``value_per_fte_year_sek``. A warning marks a row, it
  never drops it or changes its result.

The readiness gates follow the questionnaire: only the condition gates
(:attr:`~guidance.assessment.questionnaire.Questionnaire.condition_gate_ids`) are assumed met or left
open; a gate that is advice (``advice_flag``, G4's regional network) is no condition and stays
unanswered, so it neither caps a verdict nor raises its flag, exactly as in
:func:`~guidance.assessment.assess.assess`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import Field, ValidationInfo, field_validator, model_validator

from guidance.assessment.answers import Answers, field_error
from guidance.assessment.questionnaire import (
    FLAGS,
    LADDER,
    LEVEL_OF,
    Condition,
    ContractType,
    Questionnaire,
    load_questionnaire,
)
from guidance.assessment.sizing import Contract, SizingContent, SizingRule, custom_rule, load_sizing_content
from guidance.calculator.calculate import society_value_per_month
from guidance.calculator.parameters import ParameterSet, load_parameters
from guidance.core.i18n import t
from guidance.core.models import Frozen, Lang
from guidance.screening.content import RiskMode, ScreeningContent, ShareBasis, load_plan_content
from guidance.screening.plausibility import check_inputs
from guidance.screening.reading import check_plan, typed_plan

#: Outcomes of a policy for one procurement, lowest first.
OUTCOMES: tuple[str, ...] = ("none", "basic", "advanced", "spearhead")
NUMERICAL: frozenset[str] = frozenset({"advanced", "spearhead"})
#: The plan's columns (with what was estimated) that a screened plan starts with.
PLAN_COLUMNS: tuple[str, ...] = (
    "name",
    "category",
    "contract_type",
    "value_sek",
    "duration_months",
    "fte",
    "fte_estimated",
    "labour_share",
    "labour_share_assumed",
    "framework",
    "start_date",
)
#: Columns :func:`effective_inputs` adds besides the answers: the category and what was estimated.
EXTRA_INPUTS: tuple[str, ...] = ("fte_estimated", "labour_share_assumed")


def input_columns(qn: Questionnaire | None = None) -> tuple[str, ...]:
    """The columns of :func:`effective_inputs`: the category, one per answer, what was estimated."""
    qn = qn or load_questionnaire()
    answers = tuple(q.id for q in qn.questions if q.kind not in ("gate", "risk"))
    return ("category", *answers, *EXTRA_INPUTS)


# --------------------------------------------------------------------------- policy
class Assumptions(Frozen):
    """Answers assumed for every row, because a plan does not contain them.

    Attributes:
        gates_met: the readiness questions that are conditions are assumed answered yes; if False
            they are unanswered, which caps every verdict at dialogue level. A gate that is advice
            is never assumed (see the module docstring).
        risks: ``category`` (each category's risks), ``none`` (no risk applies) or ``unknown``
            (unanswered; caps every verdict at dialogue level).
        bonus_capacity: budget and follow-up capacity for a bonus exist.
        estimate_fte: estimate a missing FTE as value x labour share / years / ``sek_per_fte_year``.
        sek_per_fte_year: the supplier's labour cost of one FTE for a year.
        entry_level / market: override the category's default for every row (None: category's).
    """

    gates_met: bool = True
    risks: RiskMode = "category"
    bonus_capacity: bool = False
    estimate_fte: bool = True
    sek_per_fte_year: float = Field(default=500_000, gt=0, allow_inf_nan=False)
    entry_level: str | None = None
    market: str | None = None

    @field_validator("entry_level", "market")
    @classmethod
    def _an_option(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and field_error(str(info.field_name), value) is not None:
            raise ValueError(f"'{value}' is not an option of {info.field_name}")
        return value

    @classmethod
    def defaults(cls, content: ScreeningContent | None = None) -> Assumptions:
        """The starting assumptions from ``content/screening/policy.yaml``."""
        a = (content or load_plan_content()).assumptions
        return cls(
            gates_met=a.gates_met,
            risks=a.risks,
            bonus_capacity=a.bonus_capacity,
            estimate_fte=a.estimate_fte,
            sek_per_fte_year=a.sek_per_fte_year,
        )


class CustomRule(Frozen):
    """The user's parameters of the custom sizing rule (SEK per place, per contract type)."""

    divisors_sek: dict[ContractType, float]
    rounding: Literal["floor", "ceil"] = "floor"
    minimum_one: bool = True


class Policy(Frozen):
    """Which procurements get a requirement, and how it is sized.

    Attributes:
        rule: a sizing rule id in ``content/assessment/sizing_rules.yaml`` (``trafikverket``,
            ``proportional``, ``goteborg``, ``malmo``, ``custom``).
        custom: parameters of the custom rule (None: the content's template).
        min_value_sek: only procurements worth at least this much (SEK, whole term).
        categories: only these category ids (None: all).
        min_duration_months: only procurements with at least this term.
        share: only the best share (0-1] of the selected procurements.
        share_basis: rank by ``score`` (verdict, then score, then value) or by ``value``.
        assumptions: answers assumed for every row.
    """

    rule: str
    custom: CustomRule | None = None
    min_value_sek: float = Field(default=0, ge=0, allow_inf_nan=False)
    categories: tuple[str, ...] | None = None
    min_duration_months: int = Field(default=0, ge=0)
    share: float = Field(default=1.0, gt=0, le=1)
    share_basis: ShareBasis = "score"
    assumptions: Assumptions = Field(default_factory=Assumptions)

    @field_validator("rule")
    @classmethod
    def _known_rule(cls, value: str) -> str:
        if value not in {r.id for r in load_sizing_content().rules}:
            raise ValueError(f"unknown sizing rule '{value}'")
        return value

    @field_validator("categories")
    @classmethod
    def _known_categories(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        known = load_plan_content().category_ids
        unknown = [c for c in value if c not in known]
        if unknown:
            raise ValueError(f"unknown category ids {unknown}")
        return tuple(c for c in known if c in value)

    @model_validator(mode="after")
    def _custom_only_for_custom(self) -> Policy:
        if self.custom is not None and self.rule != "custom":
            raise ValueError("custom parameters need rule 'custom'")
        return self

    @classmethod
    def from_scenario(
        cls, scenario_id: str, assumptions: Assumptions | None = None, content: ScreeningContent | None = None
    ) -> Policy:
        """The policy of a ready-made scenario in the content."""
        content = content or load_plan_content()
        sc = content.scenario(scenario_id)
        return cls(
            rule=sc.rule,
            min_value_sek=sc.min_value_sek,
            categories=sc.categories,
            min_duration_months=sc.min_duration_months,
            share=sc.share,
            share_basis=sc.share_basis,
            assumptions=assumptions or Assumptions.defaults(content),
        )

    def sizing_rule(self, sizing: SizingContent | None = None) -> SizingRule:
        """The sizing rule this policy applies."""
        if self.custom is not None:
            return custom_rule(self.custom.divisors_sek, self.custom.rounding, self.custom.minimum_one)
        return (sizing or load_sizing_content()).rule(self.rule)


# --------------------------------------------------------------------------- inputs
def effective_inputs(
    plan: pd.DataFrame,
    assumptions: Assumptions,
    content: ScreeningContent | None = None,
    questionnaire: Questionnaire | None = None,
) -> pd.DataFrame:
    """The answers each row is assessed with: the plan's values, gaps filled by the assumptions.

    Args:
        plan: a checked, typed plan (see :func:`guidance.screening.reading.check_plan`).
        assumptions: what to assume where the plan has nothing.
        content: the screening content (default: bundled).
        questionnaire: its bounds cap an FTE estimate (default: bundled).

    Returns:
        One row per plan row with the columns :data:`INPUT_COLUMNS` plus ``name`` and one boolean
        column ``risk.<id>`` per risk option.
    """
    content = content or load_plan_content()
    qn = questionnaire or load_questionnaire()
    category = plan["category"].astype("object")

    def default(question_id: str) -> pd.Series:
        """The category's assumed answer to ``question_id`` for every row (missing where none)."""
        return category.map({c.id: c.defaults.answer(question_id) for c in content.categories})

    out = pd.DataFrame(index=plan.index)
    out["name"] = plan["name"]
    out["category"] = category
    ctype = plan["contract_type"].astype("object")
    out["contract_type"] = ctype.where(ctype.notna(), category.map({c.id: c.contract_type for c in content.categories}))
    out["framework"] = plan["framework"].fillna(False).astype(bool)
    out["direct_award"] = bool(content.assumptions.direct_award)
    out["value_sek"] = plan["value_sek"].astype("float64")
    out["duration_months"] = plan["duration_months"].astype("int64")
    share = plan["labour_share"].astype("float64")
    out["labour_share_assumed"] = share.isna()
    out["labour_share"] = share.where(share.notna(), default("labour_share").astype("float64"))
    fte = plan["fte"].astype("float64")
    out["fte_estimated"] = False
    if assumptions.estimate_fte:
        years = out["duration_months"] / 12
        estimate = out["value_sek"] * out["labour_share"] / 100 / years / assumptions.sek_per_fte_year
        bounds = qn.question("fte").bounds
        if bounds is not None and bounds.le is not None:
            estimate = estimate.clip(upper=bounds.le)
        estimate = estimate.where(estimate > 0)
        use = fte.isna() & estimate.notna()
        out["fte_estimated"] = use
        fte = fte.where(~use, estimate)
    out["fte"] = fte
    out["bonus_capacity"] = assumptions.bonus_capacity
    out["start_date"] = plan["start_date"]
    for q in qn.questions:  # every other answer: the user's override, else the category's assumption
        if q.kind in ("gate", "risk") or q.id in out:
            continue
        override = getattr(assumptions, q.id, None) if q.id in Assumptions.model_fields else None
        assumed = default(q.id).astype("object")
        out[q.id] = override if override is not None else assumed.where(assumed.notna(), None)
    out = out[["name", *input_columns(qn)]]
    for risk in qn.risk_ids:
        if assumptions.risks == "category":
            having = [c.id for c in content.categories if risk in c.defaults.risks]
            out[f"risk.{risk}"] = category.isin(having).to_numpy(dtype=bool)
        else:
            out[f"risk.{risk}"] = False
    return out


def gates_answer(assumptions: Assumptions, questionnaire: Questionnaire | None = None) -> dict[str, bool | None]:
    """The gate answers the assumptions stand for: every condition gate yes, or every one unanswered.

    Advice gates (``advice_flag``) are left out: a plan says nothing about them and they are no
    condition for a requirement, so they stay unanswered (no cap, no flag) whatever is assumed.
    """
    qn = questionnaire or load_questionnaire()
    return {g: (True if assumptions.gates_met else None) for g in qn.condition_gate_ids}


def answers_from_inputs(
    row: Mapping[str, Any], assumptions: Assumptions, questionnaire: Questionnaire | None = None
) -> Answers:
    """The :class:`~guidance.assessment.assess.Answers` of one row of :func:`effective_inputs`."""
    qn = questionnaire or load_questionnaire()

    def value(key: str) -> Any:
        v = row.get(key)
        return None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT else v

    risks: frozenset[str] | None = None
    if assumptions.risks != "unknown":
        risks = frozenset(r for r in qn.risk_ids if bool(row.get(f"risk.{r}")))
    answers: dict[str, Any] = {}
    for q in qn.questions:
        v = value(q.id) if q.kind not in ("gate", "risk") else None
        if v is None:
            continue
        if q.kind == "number":
            v = int(v) if q.whole else float(v)
        elif q.kind == "bool":
            v = bool(v)
        elif q.kind == "date":
            v = pd.Timestamp(v).date()
        answers[q.id] = v
    return Answers(gates=gates_answer(assumptions, qn), risks=risks, **answers)


def contract_from_inputs(row: Mapping[str, Any]) -> Contract:
    """The sizing :class:`~guidance.assessment.sizing.Contract` of one row of :func:`effective_inputs`."""
    fte = row.get("fte")
    start = row.get("start_date")
    return Contract(
        contract_type=row["contract_type"],
        value_sek=float(row["value_sek"]),
        duration_months=int(row["duration_months"]),
        fte=None if fte is None or pd.isna(fte) else float(fte),
        framework=bool(row.get("framework")),
        direct_award=bool(row.get("direct_award")),
        start_date=None if start is None or pd.isna(start) else pd.Timestamp(start).date(),
    )


# --------------------------------------------------------------------------- vectorised rules
def _points(inputs: pd.DataFrame, qn: Questionnaire) -> pd.Series:
    """Points per row: every scored question's option (or band) mapped through its points table."""
    total = np.zeros(len(inputs), dtype="int64")
    for q in qn.questions:
        if not q.scored:
            continue
        column = inputs[q.id]
        if q.kind == "number":
            conditions = [o.mask(column).to_numpy() for o in q.options]
            total += np.select(conditions, [o.points for o in q.options], default=0) if conditions else 0
        elif q.kind == "bool":
            points = qn.points_table(q.id)
            values = column.astype("object")
            yes = values.eq(True).to_numpy(dtype=bool)
            no = values.eq(False).to_numpy(dtype=bool)
            total += np.where(yes, points.get("yes", 0), np.where(no, points.get("no", 0), 0))
        else:
            table = qn.points_table(q.id)
            total += column.map(table).fillna(0).to_numpy(dtype="int64")
    return pd.Series(total, index=inputs.index)


def _condition(inputs: pd.DataFrame, question: str, when: Condition) -> pd.Series:
    """Where an eligibility floor's condition holds (never for a missing answer)."""
    column = inputs[question]
    present = column.notna()
    if when.equals is not None:
        holds = column == when.equals
    elif when.any_of is not None:
        holds = column.isin(list(when.any_of))
    elif when.range is not None and pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        holds = when.range.mask(column)
    else:
        holds = pd.Series(False, index=inputs.index)
    return (present & holds.fillna(False)).astype(bool)


class _Why:
    """Reason codes per row: one bit per distinct code, turned into ``;``-separated text at the end."""

    def __init__(self, index: pd.Index) -> None:
        self.bits = np.zeros(len(index), dtype="int64")
        self.codes: list[str] = []

    def add(self, mask: pd.Series | np.ndarray, code: str) -> None:
        m = np.asarray(mask, dtype=bool)
        if not m.any():
            return
        if code not in self.codes:
            if len(self.codes) >= 63:
                raise ValueError("too many distinct reason codes")
            self.codes.append(code)
        self.bits |= np.where(m, np.int64(1) << self.codes.index(code), 0)

    def result(self) -> np.ndarray:
        text = {
            int(b): "".join(f"{c};" for i, c in enumerate(self.codes) if int(b) >> i & 1) for b in np.unique(self.bits)
        }
        return pd.Series(self.bits).map(text).to_numpy(dtype=object)


def assess_frame(
    inputs: pd.DataFrame,
    assumptions: Assumptions,
    questionnaire: Questionnaire | None = None,
    why: _Why | None = None,
    gates: Mapping[str, bool | None] | None = None,
) -> pd.DataFrame:
    """:func:`guidance.assessment.assess.assess` for every row of :func:`effective_inputs` at once.

    Args:
        inputs: the rows' answers (:func:`effective_inputs`).
        assumptions: what is assumed for every row (risks, gates).
        questionnaire: the rules (default: bundled).
        why: collects reason codes (default: discarded).
        gates: the gate answers of every row (default: :func:`gates_answer` of ``assumptions``). A "no"
            to a condition gate gives ``not_yet``, an open one caps at dialogue level; an advice gate
            only raises its flag when answered "no".

    Returns:
        Columns ``score``, ``verdict``, ``level`` and ``flags`` (comma-separated flag ids).
    """
    qn = questionnaire or load_questionnaire()
    th = qn.thresholds
    why = why or _Why(inputs.index)
    gates = gates_answer(assumptions, qn) if gates is None else gates
    conditions = qn.condition_gate_ids
    failed = any(gates.get(g) is False for g in conditions)
    open_gates = any(gates.get(g) is None for g in conditions)

    score = _points(inputs, qn)
    rank = np.where(score < th.basic_min, 0, np.where(score < th.advanced_min, 1, 2))
    # 3. bonus
    rank = np.where((rank == 2) & inputs["bonus_capacity"].to_numpy(dtype=bool), 3, rank)
    # 4. risks, in the order of the options (as assess() applies them)
    basic = LADDER.index("basic")
    floor_index = LADDER.index(th.risk_floor)
    if assumptions.risks == "unknown":
        why.add(rank > basic, "risks_unknown")
        rank = np.minimum(rank, basic)
    else:
        for opt in qn.question("risks").options:
            selected = inputs[f"risk.{opt.id}"].to_numpy(dtype=bool)
            if opt.major:
                why.add(selected & (rank > basic), f"risk:{opt.id}")
                rank = np.where(selected, np.minimum(rank, basic), rank)
            elif opt.lowers:
                lowered = np.where(rank > floor_index, np.maximum(floor_index, rank - opt.lowers), rank)
                why.add(selected & (lowered != rank), f"risk:{opt.id}")
                rank = np.where(selected, lowered, rank)
    # 5. eligibility floors
    for floor in qn.floors:
        holds = _condition(inputs, floor.question, floor.when).to_numpy()
        new = np.where(holds, 0 if floor.effect == "not_suitable" else np.minimum(rank, basic), rank)
        why.add(holds & (new != rank), f"floor:{floor.id}")
        rank = new
    # 6. unanswered gates
    if open_gates:
        why.add(rank > basic, "gates_unknown")
        rank = np.minimum(rank, basic)

    ladder = np.array(LADDER, dtype=object)
    verdict = np.full(len(inputs), "not_yet", dtype=object) if failed else ladder[rank]
    level = pd.Series(verdict, index=inputs.index).map(LEVEL_OF).astype("object")
    flags = _flags(inputs, qn, risks_known=assumptions.risks != "unknown", gates=gates)
    return pd.DataFrame(
        {"score": score.astype("int64"), "verdict": verdict, "level": level, "flags": flags}, index=inputs.index
    )


def _flags(
    inputs: pd.DataFrame, qn: Questionnaire, risks_known: bool = True, gates: Mapping[str, bool | None] | None = None
) -> np.ndarray:
    """The comma-separated flags of every row, in content order, raised as :func:`assess` raises them.

    A "yes" to a flagging question, a selected risk with a flag, and an advice gate answered "no"
    (the gate answers are the same for every row).
    """
    triggers: dict[str, np.ndarray] = {}
    for q in qn.questions:  # a "yes" to a flagging question
        if q.flag is not None:
            yes = inputs[q.id].eq(True).to_numpy(dtype=bool)
            triggers[q.flag] = triggers.get(q.flag, np.zeros(len(inputs), dtype=bool)) | yes
        if q.advice_flag is not None and (gates or {}).get(q.id) is False:  # advice not followed
            triggers[q.advice_flag] = np.ones(len(inputs), dtype=bool)
    for opt in qn.question("risks").options if risks_known else ():
        if opt.flag:
            mask = inputs[f"risk.{opt.id}"].to_numpy(dtype=bool)
            triggers[opt.flag] = triggers.get(opt.flag, np.zeros(len(inputs), dtype=bool)) | mask
    out = np.full(len(inputs), "", dtype=object)
    for flag in FLAGS:
        if flag in triggers and triggers[flag].any():
            out = out + np.where(triggers[flag], flag + ",", "").astype(object)
    return np.array([s[:-1] if s else "" for s in out], dtype=object) if len(out) else out


def size_frame(
    inputs: pd.DataFrame,
    rule: SizingRule,
    sizing: SizingContent | None = None,
    why: _Why | None = None,
    explain_rows: np.ndarray | None = None,
) -> pd.DataFrame:
    """:func:`guidance.assessment.sizing.size` for every row of :func:`effective_inputs` at once.

    Reason codes (exemptions, below one place, not feasible) are added to ``why`` only for the
    rows in ``explain_rows`` (default: all), e.g. those whose verdict asks for a numerical level.

    Returns:
        Columns ``rule_exempt``, ``rule_below_value`` (in scope, but the value does not reach one
        whole place), ``rule_places``, ``rule_employment_months``, ``rule_internship_months``,
        ``fte_months``, ``share_of_fte_months``, ``feasible`` (boolean with NA) and ``milestone_date``.
    """
    sizing = sizing or load_sizing_content()
    why = why or _Why(inputs.index)
    only = np.ones(len(inputs), dtype=bool) if explain_rows is None else np.asarray(explain_rows, dtype=bool)
    ctype = inputs["contract_type"]
    duration = inputs["duration_months"].astype("int64")
    fte = inputs["fte"].astype("float64")
    covered = ctype.isin(list(rule.divisors_sek)) | (rule.fixed_places > 0)
    exempt_type = ctype.isin(list(rule.exempt_types)) | ~covered
    exempt_fw = inputs["framework"].astype(bool) & rule.exempt_framework
    exempt_da = inputs["direct_award"].astype(bool) & rule.exempt_direct_award
    exempt_dur = ~rule.duration_scope.mask(duration)
    exempt_fte = fte.notna() & ~rule.fte_scope.mask(fte)
    minimum = ctype.map(rule.min_value_sek).astype("float64")
    exempt_value = minimum.notna() & (inputs["value_sek"].astype("float64") < minimum)
    exempt = (exempt_type | exempt_fw | exempt_da | exempt_dur | exempt_fte | exempt_value).to_numpy(dtype=bool)
    for mask, code in (
        (exempt_type, "exempt_type"),
        (exempt_fw, "exempt_framework"),
        (exempt_da, "exempt_direct_award"),
        (exempt_dur, "exempt_duration"),
        (exempt_fte, "exempt_fte"),
        (exempt_value, "exempt_value"),
    ):
        why.add(mask.to_numpy(dtype=bool) & only, f"rule:{code}")

    divisor = ctype.map(rule.divisors_sek).astype("float64").to_numpy()
    ratio = inputs["value_sek"].to_numpy(dtype="float64") / divisor
    by_value = np.floor(ratio) if rule.rounding == "floor" else np.ceil(ratio)
    by_value = np.where(np.isnan(by_value), 0, by_value).astype("int64")
    places = rule.fixed_places + by_value
    if rule.minimum_one:
        places = np.where(places == 0, 1, places)
    below = ~exempt & (places == 0)
    why.add(below & only, "rule:below_divisor")
    exempt = exempt | below
    places = np.where(exempt, 0, places)

    dur = duration.to_numpy(dtype="float64")
    per_place = np.full(len(inputs), float(rule.employment_months_per_place))
    if rule.cap_months_at_duration:
        per_place = np.where(per_place > dur, dur, per_place)
    employment = np.where(exempt, 0, np.round(places * per_place)).astype("int64")
    if rule.internship_months_per_place is not None:
        per_intern = np.full(len(inputs), float(rule.internship_months_per_place))
        if rule.cap_months_at_duration:
            per_intern = np.minimum(per_intern, dur)
        internship = np.where(exempt, 0, np.round(places * per_intern)).astype("int64")
    else:
        internship = np.zeros(len(inputs), dtype="int64")

    fte_months = fte.to_numpy() * dur
    sized = ~exempt & ~np.isnan(fte_months)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        share = np.where(sized, employment / np.where(sized, fte_months, 1.0), np.nan)
    feasible = pd.array(np.where(sized, share <= sizing.feasibility.max_share, False), dtype="boolean")
    feasible[~sized] = pd.NA
    why.add(sized & ~(share <= sizing.feasibility.max_share) & only, "not_feasible")
    start = pd.to_datetime(inputs["start_date"])
    milestone = (start + pd.DateOffset(months=sizing.milestone.months)).where(~pd.Series(exempt, index=inputs.index))
    return pd.DataFrame(
        {
            "rule_exempt": exempt,
            "rule_below_value": below,
            "rule_places": places.astype("int64"),
            "rule_employment_months": employment,
            "rule_internship_months": internship,
            "fte_months": fte_months,
            "share_of_fte_months": share,
            "feasible": feasible,
            "milestone_date": milestone.astype("datetime64[ns]"),
        },
        index=inputs.index,
    )


def _select(inputs: pd.DataFrame, assessed: pd.DataFrame, policy: Policy, why: _Why) -> np.ndarray:
    """Which rows the policy covers: threshold, categories, minimum term, then the best share."""
    value = inputs["value_sek"].to_numpy(dtype="float64")
    low_value = value < policy.min_value_sek
    short = inputs["duration_months"].to_numpy() < policy.min_duration_months
    other_cat = (
        ~inputs["category"].isin(list(policy.categories)).to_numpy()
        if policy.categories is not None
        else np.zeros(len(inputs), dtype=bool)
    )
    why.add(low_value, "policy:value")
    why.add(other_cat, "policy:category")
    why.add(short, "policy:duration")
    selected = ~(low_value | short | other_cat)
    if policy.share < 1 and selected.any():
        rows = np.flatnonzero(selected)
        keep = math.ceil(policy.share * len(rows) - 1e-9)
        keys: tuple[np.ndarray, ...]
        if policy.share_basis == "score":
            order_rank = np.array([-1 if v == "not_yet" else LADDER.index(v) for v in assessed["verdict"]])
            keys = (np.arange(len(rows)), -value[rows], -assessed["score"].to_numpy()[rows], -order_rank[rows])
        else:
            keys = (np.arange(len(rows)), -value[rows])
        ranked = rows[np.lexsort(keys)]
        outside = np.zeros(len(inputs), dtype=bool)
        outside[ranked[keep:]] = True
        why.add(outside, "policy:share")
        selected &= ~outside
    return selected


# --------------------------------------------------------------------------- screening
def screen(
    plan: pd.DataFrame,
    policy: Policy,
    *,
    check: bool = True,
    questionnaire: Questionnaire | None = None,
    sizing: SizingContent | None = None,
    content: ScreeningContent | None = None,
    params: ParameterSet | None = None,
) -> pd.DataFrame:
    """Screen every procurement of a plan under ``policy``.

    Args:
        plan: a typed plan (:data:`guidance.screening.reading.PLAN_DTYPES`), e.g. from
            :func:`guidance.screening.reading.load_plan` or edited on the page.
        policy: rule set, selection and assumptions.
        check: run :func:`guidance.screening.reading.check_plan` first and screen only the rows that pass
            (set False when the plan is already checked).
        questionnaire, sizing, content, params: the content to apply (default: bundled).

    Returns:
        One row per screened procurement with the columns listed in the module docstring,
        indexed by the row number in the file.
    """
    content = content or load_plan_content()
    qn = questionnaire or load_questionnaire()
    sizing = sizing or load_sizing_content()
    plan = check_plan(plan, content).plan if check else typed_plan(plan)
    inputs = effective_inputs(plan, policy.assumptions, content, qn)
    why = _Why(inputs.index)
    why.add(inputs["fte_estimated"], "fte_estimated")
    why.add(inputs["labour_share_assumed"], "labour_share_assumed")
    assessed = assess_frame(inputs, policy.assumptions, qn, why)
    level = assessed["level"].to_numpy(dtype=object)
    numerical = np.isin(level, list(NUMERICAL))
    sized = size_frame(inputs, policy.sizing_rule(sizing), sizing, why, explain_rows=numerical)
    selected = _select(inputs, assessed, policy, why)

    exempt = sized["rule_exempt"].to_numpy(dtype=bool)
    why.add(selected & numerical & exempt, "dialogue_instead")
    outcome = np.where(
        ~selected | pd.isna(level),
        "none",
        np.where(numerical & exempt, "basic", np.where(pd.isna(level), "none", level)),
    )
    outcome = outcome.astype(object)
    counted = selected & numerical & ~exempt
    places = np.where(counted, sized["rule_places"], 0).astype("int64")
    employment = np.where(counted, sized["rule_employment_months"], 0).astype("int64")
    internship = np.where(counted, sized["rule_internship_months"], 0).astype("int64")
    per_month = society_value_per_month(params or load_parameters(), "employment")

    out = inputs[list(PLAN_COLUMNS)].copy()
    out = pd.concat([out, assessed, sized], axis=1)
    out["in_policy"] = selected
    out["outcome"] = outcome
    out["places"] = places
    out["employment_months"] = employment
    out["internship_months"] = internship
    out["society_value_sek"] = employment * per_month
    out["why"] = why.result()
    return pd.concat([out, check_inputs(inputs)], axis=1)


# --------------------------------------------------------------------------- summaries
class Totals(Frozen):
    """The totals of one screened plan under one policy."""

    procurements: int
    in_policy: int
    by_outcome: dict[str, int]
    places: int
    employment_months: int
    internship_months: int
    society_value_sek: float
    value_with_requirement_sek: float
    to_check: int = 0

    @property
    def with_requirement(self) -> int:
        """Procurements with any requirement (dialogue or numerical)."""
        return sum(v for k, v in self.by_outcome.items() if k != "none")


def totals(screened: pd.DataFrame) -> Totals:
    """Sum a screened plan: procurements per outcome, places, months, society value and rows to check.

    ``to_check`` counts the rows with a plausibility warning (the same in every scenario of a plan,
    since it depends only on the plan's values).
    """
    counts = screened["outcome"].value_counts()
    has = screened["outcome"] != "none"
    return Totals(
        procurements=len(screened),
        in_policy=int(screened["in_policy"].sum()),
        by_outcome={o: int(counts.get(o, 0)) for o in OUTCOMES},
        places=int(screened["places"].sum()),
        employment_months=int(screened["employment_months"].sum()),
        internship_months=int(screened["internship_months"].sum()),
        society_value_sek=float(screened["society_value_sek"].sum()),
        value_with_requirement_sek=float(screened.loc[has, "value_sek"].sum()),
        to_check=int(screened["checks"].astype(str).ne("").sum()),
    )


#: The metrics of :func:`compare`, in display order (UI keys ``plan.metric.<id>``).
METRICS: tuple[str, ...] = (
    "in_policy",
    "basic",
    "advanced",
    "spearhead",
    "places",
    "employment_months",
    "internship_months",
    "society_value_sek",
    "value_with_requirement_sek",
    "to_check",
)


def metric_values(tot: Totals) -> dict[str, float]:
    """The totals as a flat mapping metric id -> number (see :data:`METRICS`)."""
    return {
        "in_policy": tot.in_policy,
        "basic": tot.by_outcome["basic"],
        "advanced": tot.by_outcome["advanced"],
        "spearhead": tot.by_outcome["spearhead"],
        "places": tot.places,
        "employment_months": tot.employment_months,
        "internship_months": tot.internship_months,
        "society_value_sek": tot.society_value_sek,
        "value_with_requirement_sek": tot.value_with_requirement_sek,
        "to_check": tot.to_check,
    }


def compare(a: Totals, b: Totals) -> pd.DataFrame:
    """Two scenarios' totals side by side with their difference (B minus A), one row per metric."""
    va, vb = metric_values(a), metric_values(b)
    return pd.DataFrame(
        {
            "metric": list(METRICS),
            "a": [va[m] for m in METRICS],
            "b": [vb[m] for m in METRICS],
            "difference": [vb[m] - va[m] for m in METRICS],
        }
    )


def value_band(values: pd.Series, content: ScreeningContent | None = None) -> pd.Series:
    """The value band id of each contract value (bands in ``policy.yaml``)."""
    content = content or load_plan_content()
    bands = content.value_bands
    conditions = [values < b.lt for b in bands if b.lt is not None]
    return pd.Series(
        np.select(conditions, [b.id for b in bands[: len(conditions)]], default=bands[-1].id), index=values.index
    )


def breakdown(
    screened: pd.DataFrame, by: Literal["category", "band"], content: ScreeningContent | None = None
) -> pd.DataFrame:
    """Procurements, requirements, places, months and society value per category or value band."""
    content = content or load_plan_content()
    key = screened["category"] if by == "category" else value_band(screened["value_sek"], content)
    frame = screened.assign(
        _key=key.to_numpy(), _req=(screened["outcome"] != "none"), _num=screened["outcome"].isin(list(NUMERICAL))
    )
    grouped = frame.groupby("_key", sort=False).agg(
        procurements=("outcome", "size"),
        with_requirement=("_req", "sum"),
        numerical=("_num", "sum"),
        places=("places", "sum"),
        employment_months=("employment_months", "sum"),
        society_value_sek=("society_value_sek", "sum"),
        value_sek=("value_sek", "sum"),
    )
    order = list(content.category_ids) if by == "category" else [b.id for b in content.value_bands]
    present = [k for k in order if k in grouped.index]
    return grouped.reindex(present).rename_axis(by).reset_index()


def best_candidates(screened: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """The rows with the strongest requirement first: outcome, places, score, value (descending)."""
    n = n or load_plan_content().limits.top_n
    rank = screened["outcome"].map({o: i for i, o in enumerate(OUTCOMES)})
    ordered = screened.assign(_rank=rank, _row=screened.index).sort_values(
        ["_rank", "places", "score", "value_sek", "_row"], ascending=[False, False, False, False, True]
    )
    ordered = ordered[ordered["_rank"] > 0]
    return ordered.drop(columns=["_rank", "_row"]).head(n)


# --------------------------------------------------------------------------- reasons as text
def explain(
    codes: str, lang: Lang, questionnaire: Questionnaire | None = None, content: ScreeningContent | None = None
) -> str:
    """Reason codes of one row (the ``why`` column) as a short text in ``lang``."""
    qn = questionnaire or load_questionnaire()
    parts: list[str] = []
    for code in filter(None, str(codes).split(";")):
        kind, _, arg = code.partition(":")
        if kind == "risk":
            opt = qn.question("risks").option(arg)
            parts.append(t("plan.why.risk", lang, risk=opt.label(lang) if opt else arg))
        elif kind == "floor":
            floor = next((f for f in qn.floors if f.id == arg), None)
            question = qn.question(floor.question).short(lang) if floor else arg
            parts.append(t("plan.why.floor", lang, question=question))
        elif kind in ("rule", "policy"):
            parts.append(t(f"plan.why.{kind}.{arg}", lang))
        else:
            parts.append(t(f"plan.why.{kind}", lang))
    return "; ".join(parts)


def explain_column(why: pd.Series, lang: Lang) -> pd.Series:
    """:func:`explain` for a column, each distinct code string translated once."""
    cache = {codes: explain(codes, lang) for codes in why.unique()}
    return why.map(cache)


__all__ = [
    "input_columns",
    "METRICS",
    "NUMERICAL",
    "OUTCOMES",
    "Assumptions",
    "CustomRule",
    "Policy",
    "Totals",
    "answers_from_inputs",
    "assess_frame",
    "best_candidates",
    "breakdown",
    "compare",
    "contract_from_inputs",
    "effective_inputs",
    "explain",
    "explain_column",
    "gates_answer",
    "metric_values",
    "screen",
    "size_frame",
    "totals",
    "value_band",
]
