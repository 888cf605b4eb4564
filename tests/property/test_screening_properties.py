"""Plan screening gives, row by row, exactly what assess(), size() and check_contract() give (DESIGN.md).

``guidance.screening.screen`` applies the questionnaire's points, bands, thresholds, risk rules and
floors and the sizing rules' parameters to pandas columns; these properties compare it with the
single assessment and sizing on generated rows and policies, with any gate answers (a condition gate
and an advice gate behave differently), and its plausibility warnings with ``check_contract``.
"""

from __future__ import annotations

import math
from typing import Any, get_args

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidance.assessment.answers import Answers
from guidance.assessment.assess import assess
from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.sizing import Contract, custom_rule, load_sizing_rules, size
from guidance.calculator.calculate import society_value_per_month
from guidance.calculator.parameters import load_parameters
from guidance.screening.content import RiskMode
from guidance.screening.plausibility import row_warnings
from guidance.screening.reading import typed_plan
from guidance.screening.row_detail import plan_warnings
from guidance.screening.screen import (
    NUMERICAL,
    Assumptions,
    CustomRule,
    Policy,
    answers_from_inputs,
    assess_frame,
    contract_from_inputs,
    effective_inputs,
    gates_answer,
    screen,
    size_frame,
)
from tests.strategies import contract_rows, custom_rules, input_rows, maybe, plan_rows, policies

QN = load_questionnaire()
RULES = {r.id: r for r in load_sizing_rules()}
PER_MONTH = society_value_per_month(load_parameters(), "employment")
MANY_EXAMPLES = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
#: Any answers to the gates (None: unanswered), or None to take them from the assumptions.
GATE_ANSWERS = st.none() | st.fixed_dictionaries({g: st.sampled_from([True, False, None]) for g in QN.gate_ids})


def plan_of(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A typed plan from row dicts, numbered like a file (header on row 1)."""
    frame = pd.DataFrame(rows, index=pd.Index(range(2, len(rows) + 2), name="row"))
    return typed_plan(frame)


def inputs_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The screening inputs of the rows: one ``risk.<id>`` column per risk, numbers as floats."""
    records = []
    for r in rows:
        rec = {k: v for k, v in r.items() if k != "risks"}
        for risk in QN.risk_ids:
            rec[f"risk.{risk}"] = risk in r["risks"]
        records.append(rec)
    frame = pd.DataFrame(records, index=pd.RangeIndex(len(rows)))
    for q in QN.questions:
        if q.kind == "number":
            frame[q.id] = pd.to_numeric(frame[q.id], errors="coerce").astype("float64")
    return frame


def _none(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


@pytest.mark.slow
@MANY_EXAMPLES
@given(
    rows=st.lists(input_rows(), min_size=1, max_size=25),
    gates_met=st.booleans(),
    risks=st.sampled_from(get_args(RiskMode)),
    gate_answers=GATE_ANSWERS,
)
def test_vectorised_assessment_equals_assess_row_by_row(
    rows: list[dict[str, Any]], gates_met: bool, risks: RiskMode, gate_answers: dict[str, bool | None] | None
) -> None:
    """Every answer combination: same score, verdict, level and flags as assess() (questionnaire.yaml).

    Any gate answers: a "no" to a condition gate gives not_yet and an open one caps at dialogue, while
    the advice gate (G4, ``advice_flag``) only raises its flag when answered "no".
    """
    assumptions = Assumptions(gates_met=gates_met, risks=risks)
    frame = inputs_frame(rows)
    got = assess_frame(frame, assumptions, gates=gate_answers)
    gates = gates_answer(assumptions) if gate_answers is None else gate_answers
    for i, r in enumerate(rows):
        answered = {k: v for k, v in r.items() if k != "risks"}
        answers = Answers(gates=gates, **answered, risks=None if risks == "unknown" else r["risks"])
        expected = assess(answers)
        assert got.at[i, "score"] == expected.score, (r, expected.reasons)
        assert got.at[i, "verdict"] == expected.verdict, (r, [x.text.en for x in expected.reasons])
        assert _none(got.at[i, "level"]) == expected.level
        assert tuple(filter(None, got.at[i, "flags"].split(","))) == expected.flags


@pytest.mark.slow
@MANY_EXAMPLES
@given(
    rows=st.lists(contract_rows(), min_size=1, max_size=25),
    rule_id=st.sampled_from(list(RULES)),
    custom=maybe(custom_rules()),
)
def test_vectorised_sizing_equals_size_row_by_row(
    rows: list[dict[str, Any]], rule_id: str, custom: CustomRule | None
) -> None:
    """Every rule (and any custom divisors): same exemption, places, months, feasibility and milestone as size()."""
    rule = (
        custom_rule(custom.divisors_sek, custom.rounding, custom.minimum_one) if custom is not None else RULES[rule_id]
    )
    frame = pd.DataFrame(rows)
    frame["fte"] = pd.to_numeric(frame["fte"], errors="coerce").astype("float64")
    frame["start_date"] = pd.to_datetime(frame["start_date"])
    got = size_frame(frame, rule)
    for i, r in enumerate(rows):
        s = size(Contract(**r), rule)
        assert bool(got.at[i, "rule_exempt"]) == s.exempt, r
        assert bool(got.at[i, "rule_below_value"]) == s.below_value, r
        assert got.at[i, "rule_places"] == s.places, r
        assert got.at[i, "rule_employment_months"] == s.employment_months, r
        assert got.at[i, "rule_internship_months"] == s.internship_months, r
        feasible = got.at[i, "feasible"]
        assert (None if feasible is pd.NA else bool(feasible)) == s.feasible, r
        milestone = got.at[i, "milestone_date"]
        assert (None if pd.isna(milestone) else milestone.date()) == s.milestone_date, r
        if s.fte_months is None:
            assert math.isnan(got.at[i, "fte_months"])
        else:
            assert got.at[i, "fte_months"] == pytest.approx(s.fte_months)


@pytest.mark.slow
@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(plan_rows(), min_size=1, max_size=30), policy=policies())
def test_screen_gives_per_row_what_assess_and_size_give(rows: list[dict[str, Any]], policy: Policy) -> None:
    """screen() == assess() + size() + check_contract() per row, and places only where the policy asks for them."""
    plan = plan_of([{"name": f"P{i}", **r} for i, r in enumerate(rows)])
    out = screen(plan, policy)
    assert list(out.index) == list(plan.index)
    inputs = effective_inputs(plan, policy.assumptions)
    rule = policy.sizing_rule()
    for number in plan.index:
        rec = inputs.loc[number].to_dict()
        a = assess(answers_from_inputs(rec, policy.assumptions))
        s = size(contract_from_inputs(rec), rule)
        got = out.loc[number]
        assert (got["score"], got["verdict"], _none(got["level"])) == (a.score, a.verdict, a.level)
        assert tuple(filter(None, got["flags"].split(","))) == a.flags
        assert row_warnings(got.to_dict()) == plan_warnings(rec)
        assert bool(got["rule_below_value"]) == s.below_value
        assert (
            bool(got["rule_exempt"]),
            got["rule_places"],
            got["rule_employment_months"],
            got["rule_internship_months"],
        ) == (s.exempt, s.places, s.employment_months, s.internship_months)
        numerical = a.level in NUMERICAL and not s.exempt and bool(got["in_policy"])
        assert got["places"] == (s.places if numerical else 0)
        assert got["employment_months"] == (s.employment_months if numerical else 0)
        assert got["internship_months"] == (s.internship_months if numerical else 0)
        assert got["society_value_sek"] == pytest.approx(got["employment_months"] * PER_MONTH)
        if not got["in_policy"] or a.level is None:
            assert got["outcome"] == "none"
        elif a.level in NUMERICAL:
            assert got["outcome"] == ("basic" if s.exempt else a.level)
        else:
            assert got["outcome"] == "basic"
    # the selection: filters, then the best share by the chosen basis
    passes = (
        (out["value_sek"] >= policy.min_value_sek)
        & (out["duration_months"] >= policy.min_duration_months)
        & (out["category"].isin(policy.categories) if policy.categories else True)
    )
    assert not (out["in_policy"] & ~passes).any()
    n = int(passes.sum())
    assert int(out["in_policy"].sum()) == (math.ceil(policy.share * n - 1e-9) if n else 0)
