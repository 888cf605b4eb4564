"""The suitability assessment: gates, scored fit, risk flags, floors and unanswered questions.

Rules and numbers come from the domain brief §3.2 (gates), §4.6 (questionnaire and mapping) and
§5.7 step 1 (eligibility floors), as held in ``content/assessment/questionnaire.yaml``.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from guidance.assessment.answers import Answers
from guidance.assessment.assess import Assessment, assess
from guidance.assessment.questionnaire import CODE_QUESTIONS, build_questionnaire, load_questionnaire
from guidance.content.loader import ContentError, load_model
from tests.case_tables import Case, case_params, load_cases
from tests.content_copy import edit_yaml
from tests.examples import cleaning_18m

QN = load_questionnaire()
GATES_YES = {g: True for g in QN.gate_ids}


def strong(**changes: Any) -> Answers:
    """A labour-intensive cleaning contract that scores the maximum (14 points), no risks, all gates yes."""
    return cleaning_18m(**changes)


def rules(result: Assessment) -> list[str]:
    return [r.rule for r in result.reasons]


# --------------------------------------------------------------------------- content
def test_questionnaire_holds_gates_fit_and_risks_with_texts_from_governance() -> None:
    """Brief §4.6: block A gates G1-G5 (texts from governance.yaml), block B scored fit, block C risks."""
    model = load_model()
    assert QN.gate_ids == ("G1", "G2", "G3", "G4", "G5")
    for gate in model.gates:
        assert QN.question(gate.id).text == gate.text
    assert set(QN.risk_ids) == {
        "sme_market",
        "low_unemployment",
        "high_competence",
        "recent_layoffs",
        "residence_target",
    }
    assert QN.max_score == 14
    assert (QN.thresholds.basic_min, QN.thresholds.advanced_min) == (4, 8)


def test_every_answer_field_has_a_question() -> None:
    """The answers the code reads by name are exactly the typed attributes, each a question of its kind."""
    assert set(CODE_QUESTIONS) == set(Answers.model_fields) - {"gates", "unknown"}
    for field, kind in CODE_QUESTIONS.items():
        assert QN.question(field).id == field
        assert QN.question(field).kind == kind


def test_points_follow_the_brief_defaults() -> None:
    """Brief §4.6 block B: services/works 2, concession 1, goods 0; entry-level 0/1/2; market 0/1/2."""
    assert QN.points_table("contract_type") == {
        "services": 2,
        "works": 2,
        "consultancy": 1,
        "concession": 1,
        "goods": 0,
    }
    assert QN.points_table("entry_level") == {"no": 0, "partly": 1, "yes": 2}
    assert QN.points_table("market") == {"thin": 0, "adequate": 1, "broad": 2}
    duration = QN.question("duration_months")
    assert [duration.band(m).points for m in (3, 4, 5, 6, 12, 13, 24, 25, 240)] == [0, 0, 0, 1, 1, 2, 2, 3, 3]
    fte = QN.question("fte")
    assert [fte.band(v).points for v in (0.5, 1, 1.5, 4.9, 5, 50)] == [0, 0, 1, 1, 2, 2]
    share = QN.question("labour_share")
    assert [share.band(v).points for v in (0, 29.9, 30, 60, 60.1, 100)] == [0, 0, 1, 1, 2, 2]


def test_major_risks_and_lowering_steps_are_declared_in_content() -> None:
    risks = {o.id: o for o in QN.question("risks").options}
    assert {k for k, o in risks.items() if o.major} == {"low_unemployment", "recent_layoffs"}
    assert risks["sme_market"].lowers == 1 and risks["high_competence"].lowers == 1
    assert risks["residence_target"].flag == "residence_warning" and risks["residence_target"].lowers == 0


# --------------------------------------------------------------------------- verdicts
def test_any_gate_no_gives_not_yet_and_points_to_the_checklist() -> None:
    """Brief §3.2: any 'no' to the starting questions -> everything starts with a management decision."""
    result = assess(strong(gates={**GATES_YES, "G3": False}))
    assert result.verdict == "not_yet" and result.level is None
    no = [r for r in result.reasons if r.rule == "gate_no"]
    assert [r.question for r in no] == ["G3"]
    assert "checklistan för beslutsfattare" in no[0].text.sv and "checklist" in no[0].text.en
    assert result.score == 14  # the score is still shown


def answers_of(case: Case) -> Answers:
    """The answers of an assessment case: gate ids go into ``gates``, every other question by its id."""
    gates = {k: v for k, v in case.input.items() if k in QN.gate_ids}
    return Answers(gates=gates, **{k: v for k, v in case.input.items() if k not in QN.gate_ids})


@pytest.mark.parametrize("case", case_params("assessment"))
def test_worked_example(case: Case) -> None:
    """Each case of ``tests/cases/assessment.yaml`` (brief §4.6 scoring and mapping, §5.7 step 1 floors,
    flags of §4.5/§9): the answers give the stated verdict, level, flags and score, and the named
    reasons and floors are among the reasons given."""
    result = assess(answers_of(case))
    case.check(
        {"verdict": result.verdict, "level": result.level, "flags": list(result.flags), "score": result.score},
        includes={
            "reasons": {r.rule for r in result.reasons},
            "floors": {r.question for r in result.reasons if r.rule == "floor"},
        },
    )


# --------------------------------------------------------------------------- unanswered
def test_unanswered_gates_cap_the_verdict_at_basic_and_say_so() -> None:
    result = assess(strong(gates={"G1": True, "G2": True}))
    assert result.verdict == "basic"
    assert result.missing[:2] == ("G3", "G5")  # G4 is advice, not required
    assert not result.complete
    cap = [r for r in result.reasons if r.rule == "gate_unanswered" and r.question is None]
    assert cap and QN.question("G3").short("sv") in cap[0].text.sv and "G3" not in cap[0].text.sv


def test_unanswered_risk_question_caps_at_basic() -> None:
    result = assess(strong(risks=None))
    assert result.verdict == "basic" and "risks_unanswered" in rules(result)
    assert "risks" in result.missing


def test_unanswered_scored_questions_count_zero_and_are_listed() -> None:
    result = assess(strong(market=None, entry_level=None))
    assert result.score == 10
    assert ("entry_level" in result.missing) and ("market" in result.missing)
    zero = [r for r in result.reasons if r.rule == "score_unanswered"]
    assert {r.question for r in zero} == {"entry_level", "market"} and all(r.points == 0 for r in zero)


def test_empty_answers_give_one_verdict_with_reasons_and_everything_missing() -> None:
    result = assess(Answers())
    assert result.verdict == "not_suitable" and result.score == 0
    assert "start_date" not in result.missing
    assert set(result.missing) == {q.id for q in QN.questions if not q.optional} - {"G4", "organisation"}
    assert not result.complete and result.answered == 0 and result.required == 18


# --------------------------------------------------------------------------- reasons
def test_every_reason_names_a_known_source_and_has_filled_texts() -> None:
    source_ids = {s.id for s in load_model().sources}
    for case in load_cases("assessment"):
        for reason in assess(answers_of(case)).reasons:
            assert reason.source in source_ids
            for text in (reason.text.sv, reason.text.en):
                assert "{" not in text and "}" not in text


def test_score_reasons_add_up_to_the_score() -> None:
    for case in load_cases("assessment"):
        result = assess(answers_of(case))
        assert sum(r.points or 0 for r in result.reasons if r.rule == "score_item") == result.score


# --------------------------------------------------------------------------- bad inputs
@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("value_sek", 0, "a.err.value_range"),
        ("value_sek", -1, "a.err.value_range"),
        ("value_sek", float("nan"), "a.err.not_a_number"),
        ("value_sek", 100e9 + 1, "a.err.value_range"),
        ("duration_months", 0, "a.err.duration_range"),
        ("duration_months", 241, "a.err.duration_range"),
        ("fte", 0, "a.err.fte_range"),
        ("labour_share", 100.5, "a.err.share_range"),
        ("gates", {"G9": True}, "a.err.gates"),
        ("risks", frozenset({"made_up"}), "a.err.unknown_risk"),
    ],
)
def test_out_of_range_answers_raise_with_field_loc_and_message_key(field: str, value: Any, key: str) -> None:
    with pytest.raises(ValidationError) as info:
        Answers(**{field: value})
    err = info.value.errors()[0]
    assert err["loc"][0] == field and err["type"] == key
    assert key in load_model().ui


def test_limits_are_accepted() -> None:
    a = Answers(value_sek=100e9, duration_months=240, fte=0.1, labour_share=0)
    assert a.value_sek == 100e9


# --------------------------------------------------------------------------- broken content
def _edit(root: Path, change: Any) -> None:
    edit_yaml(root, "assessment/questionnaire.yaml", change)


def _question(data: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for q in data["questions"] if q["id"] == qid)


@pytest.mark.parametrize(
    ("change", "item", "field", "problem"),
    [
        (lambda d: _question(d, "market").update(source="no-such-source"), "market", "source", "unknown source"),
        (lambda d: d["rules"].pop(0), "gate_yes", "rules", "missing"),
        (lambda d: _question(d, "contract_type")["options"].pop(), "contract_type", "options", "exactly"),
        (lambda d: d["questions"].append({"id": "G9", "kind": "gate", "block": "gates"}), "G9", "id", "gate"),
        (lambda d: _question(d, "fte")["text"].pop("en"), "fte", "text.en", "English"),
        (lambda d: _question(d, "fte").pop("bounds"), "fte", "bounds", "bounds"),
        (lambda d: d["floors"][0].update(question="nope"), "floor_direct_award", "question", "unknown question"),
    ],
)
def test_broken_questionnaire_is_named(content_copy: Path, change: Any, item: str, field: str, problem: str) -> None:
    _edit(content_copy, change)
    with pytest.raises(ContentError) as info:
        build_questionnaire(content_copy, load_model())
    err = info.value
    assert err.file.endswith("questionnaire.yaml")
    assert (err.item, err.field) == (item, field)
    assert problem in err.problem


def test_ui_message_keys_exist_in_both_languages() -> None:
    keys = [q.error_key for q in QN.questions if q.error_key]
    ui = load_model().ui
    for key in keys:
        assert key in ui and ui[key].sv and ui[key].en
    assert all(c in string.printable for c in "".join(keys))


def test_unknown_placeholder_in_a_reason_text_is_named(content_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        next(r for r in d["rules"] if r["id"] == "score_item")["text"]["sv"] = "{question} ger {poang} p."

    _edit(content_copy, change)
    with pytest.raises(ContentError) as info:
        build_questionnaire(content_copy, load_model())
    assert (info.value.item, info.value.field) == ("score_item", "text")
    assert "poang" in info.value.problem


def test_unanswered_policy_is_explained_to_the_user() -> None:
    assert (
        '"Vet inte" är ett svar' in QN.unanswered_policy.sv and '"Don\'t know" is an answer' in QN.unanswered_policy.en
    )
