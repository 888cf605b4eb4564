"""Properties of the suitability assessment over any answers to the questionnaire.

Rules from the domain brief §3.2 (gates) and §4.6 (scoring, mapping, risks), as held in
``content/assessment/questionnaire.yaml``.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from guidance.assessment.answers import Answers
from guidance.assessment.assess import assess
from guidance.assessment.questionnaire import FLAGS, LADDER, VERDICTS, load_questionnaire
from tests.strategies import answers

QN = load_questionnaire()


@given(answers())
def test_any_answers_give_exactly_one_verdict_with_reasons(answers: Answers) -> None:
    result = assess(answers)
    assert result.verdict in VERDICTS
    assert len(result.reasons) >= 1
    assert 0 <= result.score <= result.max_score == 14
    assert set(result.flags) <= set(FLAGS)
    assert (result.level is None) == (result.verdict in ("not_yet", "not_suitable"))


@given(answers(), st.sampled_from(QN.condition_gate_ids))
def test_failing_a_gate_never_gives_a_requirement_level(answers: Answers, gate: str) -> None:
    """Brief §3.2: any 'no' to the starting questions that are conditions -> not yet, decided at once."""
    failed = answers.model_copy(update={"gates": {**answers.gates, gate: False}})
    result = assess(failed)
    assert result.verdict == "not_yet" and result.level is None


@given(answers(), st.sampled_from(QN.risk_ids))
def test_adding_a_risk_never_raises_the_verdict(answers: Answers, risk: str) -> None:
    """Brief §4.6 block C: risks only ever lower the level."""
    base = answers.model_copy(update={"risks": answers.risks or frozenset()})
    more = base.model_copy(update={"risks": base.risks | {risk}})
    before, after = assess(base).verdict, assess(more).verdict
    if before != "not_yet":
        assert LADDER.index(after) <= LADDER.index(before)


@given(answers())
def test_advanced_needs_every_gate_answered_yes(answers: Answers) -> None:
    if assess(answers).verdict in ("advanced", "advanced_bonus"):
        assert all(answers.gates.get(g) is True for g in QN.gate_ids)
        assert answers.risks is not None


@given(answers(complete=True))
def test_a_complete_set_of_answers_leaves_nothing_missing(answers: Answers) -> None:
    """Only unanswered questions are listed as missing; an optional question never is."""
    assert assess(answers).missing == ()
