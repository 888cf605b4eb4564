"""Properties of the reconciled recommendation (``recommend``) and of the ``assess`` command over any answers.

Rules from ``content/assessment/sizing_rules.yaml`` (``recommend``: the suggested rule set, and a
numerical verdict never shown with 0 places) and ``content/assessment/questionnaire.yaml`` (G4 is
advice, not a condition; a verdict is shown only when the assessment is complete).

The answers come from :func:`tests.strategies.answers` and from the worked examples with a few answers
changed, with "don't know" in place of some answers that offer it (:func:`answers_with_unknowns`).
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import answers_to_json
from guidance.assessment.assess import assess
from guidance.assessment.questionnaire import GATE_ID, load_questionnaire
from guidance.assessment.recommend import recommend
from guidance.assessment.sizing import Adjustment, load_sizing_rules
from guidance.cli import main
from tests.examples import CLEANING_18M, GATES_YES, WORKS_120M
from tests.strategies import answer, answers, maybe, question

QN = load_questionnaire()
OFFERS_UNKNOWN = [q.id for q in QN.questions if q.unknown is not None]
RULE_IDS = [r.id for r in load_sizing_rules()]
CHOICES = list(get_args(Adjustment))
NUMERICAL = ("advanced", "advanced_bonus")


def with_unknowns(base: Answers, unknown: set[str]) -> Answers:
    """``base`` with the questions in ``unknown`` answered "don't know" instead."""
    gates = {g: v for g, v in base.gates.items() if g not in unknown}
    cleared = {qid: None for qid in unknown if not GATE_ID.fullmatch(qid)}
    return base.model_copy(update={"gates": gates, **cleared, "unknown": frozenset(unknown)})


@st.composite
def near_examples(draw: st.DrawFn) -> Answers:
    """One of the worked examples (advanced as they stand) with up to three answers changed or taken away."""
    example = draw(st.sampled_from([CLEANING_18M, WORKS_120M]))
    changed = draw(st.sets(st.sampled_from([q.id for q in QN.questions]), max_size=3))
    gates = dict(GATES_YES)
    changes: dict[str, Any] = {}
    for qid in sorted(changed):
        value = draw(maybe(answer(QN.question(qid))))
        if GATE_ID.fullmatch(qid):
            gates[qid] = value
        else:
            changes[qid] = value
    return Answers(**{**example, **changes, "gates": gates})


@st.composite
def answers_with_unknowns(draw: st.DrawFn) -> Answers:
    """Any answers, or a worked example changed here and there; some questions answered "don't know".

    Half of the draws are :func:`near_examples`, so numerical verdicts (and the rules' zero-place
    adjustments) are common rather than one draw in a hundred.
    """
    base: Answers = draw(answers() | answers(complete=True) | near_examples() | near_examples())
    return with_unknowns(base, draw(st.sets(st.sampled_from(OFFERS_UNKNOWN), max_size=3)))


rule_ids = st.none() | st.sampled_from(RULE_IDS)
choices = st.none() | st.sampled_from(CHOICES)


@given(answers_with_unknowns(), rule_ids, choices)
def test_a_numerical_recommendation_always_has_at_least_one_place(
    answers: Answers, rule_id: str | None, choice: Any
) -> None:
    """sizing_rules.yaml ``recommend.zero_places``: a numerical verdict is never shown with 0 places."""
    rec = recommend(answers, assess(answers), rule_id=rule_id, choice=choice)
    if rec.verdict in NUMERICAL:
        assert rec.sizing is not None
        assert rec.sizing.places >= 1
        assert rec.places == rec.sizing.places
        assert rec.sizing.employment_months >= 1
    if not rec.complete:  # nothing is reconciled or shown while incomplete
        assert rec.places == 0 and rec.adjustment is None


@given(answers_with_unknowns(), rule_ids, choices)
def test_an_incomplete_assessment_never_yields_a_verdict(answers: Answers, rule_id: str | None, choice: Any) -> None:
    """questionnaire.yaml step 6: a verdict is shown only when every required question is settled or one decides it."""
    assessment = assess(answers)
    rec = recommend(answers, assessment, rule_id=rule_id, choice=choice)
    if not rec.complete:
        assert rec.verdict is None
        assert rec.assessment.missing
        assert all(not answers.settled(qid) for qid in rec.assessment.missing)
    else:
        assert rec.verdict is not None


@given(
    answers_with_unknowns(),
    answer(question("value_sek")),
    answer(question("value_sek")),
    rule_ids,
    choices,
)
def test_a_larger_contract_never_gets_fewer_places_under_the_same_rule(
    answers: Answers, value_a: float, value_b: float, rule_id: str | None, choice: Any
) -> None:
    """sizing_rules.yaml: places = floor(value / divisor) (at least one where the rule says so): monotonic in value."""
    small, large = sorted((value_a, value_b))
    recs = [
        recommend(a, assess(a), rule_id=rule_id, choice=choice)
        for a in (answers.model_copy(update={"value_sek": v}) for v in (small, large))
    ]
    assert recs[0].rule_id == recs[1].rule_id
    assert recs[0].places <= recs[1].places
    if recs[0].sizing is not None and recs[1].sizing is not None:
        assert recs[0].sizing.places <= recs[1].sizing.places
        assert recs[0].sizing.employment_months <= recs[1].sizing.employment_months


@given(answers_with_unknowns(), rule_ids, choices)
def test_dont_know_on_the_advice_gate_g4_never_changes_the_verdict(
    answers: Answers, rule_id: str | None, choice: Any
) -> None:
    """questionnaire.yaml: G4 (regional network) is advice (``advice_flag``); any answer but yes only raises a flag."""
    gates = {g: v for g, v in answers.gates.items() if g != "G4"}
    unsure = answers.model_copy(update={"gates": gates, "unknown": answers.unknown | {"G4"}})
    rest = answers.unknown - {"G4"}
    results = {}
    for name, a in {
        "unknown": unsure,
        "yes": answers.model_copy(update={"gates": {**gates, "G4": True}, "unknown": rest}),
        "no": answers.model_copy(update={"gates": {**gates, "G4": False}, "unknown": rest}),
    }.items():
        assessment = assess(a)
        rec = recommend(a, assessment, rule_id=rule_id, choice=choice)
        results[name] = (assessment.verdict, rec.verdict, rec.complete, rec.places, assessment.missing)
    assert results["unknown"] == results["yes"] == results["no"]
    assert "regional_network" in assess(unsure).flags


@pytest.mark.slow
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(answers_with_unknowns(), rule_ids, choices)
def test_the_cli_json_equals_the_in_process_recommendation(answers: Answers, rule_id: str | None, choice: Any) -> None:
    """The ``assess`` command shows ``recommend()`` of the answers it read from the file the page saves."""
    argv = ["--json"]
    argv += ["--rule", rule_id] if rule_id is not None else []
    argv += ["--choice", choice] if choice is not None else []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "svar.json"
        path.write_text(answers_to_json(answers), encoding="utf-8")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["assess", str(path), *argv])
    assert code == 0
    got = json.loads(out.getvalue())
    rec = recommend(answers, assess(answers), rule_id=rule_id, choice=choice)
    assert got["complete"] is rec.complete
    assert got["verdict"] == rec.verdict
    assert got["level"] == (rec.assessment.level if rec.complete else None)
    assert got["places"] == (rec.places if rec.complete else None)
    assert got["recommended_rule"] == rec.rule_id
    assert got["score"] == rec.assessment.score
    assert got["missing"] == list(rec.assessment.missing)
    assert got["adjustment"] == (rec.adjustment if rec.complete else None)
    used = [s for s in got["sizing"] if s["used"]]
    if rec.sizing is None:
        assert used == [] and got["sizing"] == []
    else:
        # once complete the recommendation's (adjusted) sizing; before, the rule's own (nothing follows
        # from a provisional verdict)
        shown = rec.sizing if rec.complete else next(s for s in rec.sizings if s.rule_id == rec.rule_id)
        assert [(s["rule"], s["places"], s["employment_months"]) for s in used] == [
            (rec.rule_id, shown.places, shown.employment_months)
        ]
    assert [(s["rule"], s["places"]) for s in got["sizing"] if not s["used"]] == [
        (s.rule_id, s.places) for s in rec.sizings if s.rule_id != rec.rule_id
    ]
    assert got["file_errors"] == []
    assert [p["question"] for p in got["open_points"]] == [p.question for p in rec.assessment.open_points]
