"""One coherent recommendation: completeness, "don't know", the suggested rule and the zero-places reconciliation.

Expected values are worked out by hand from the content:
* school cleaning (services, SEK 18 m, 36 months, 12 FTE, 14 points, no risks): advanced;
  proportional rule (municipality): floor(18 / 25) = 0, minimum one -> 1 place, 12 months;
  Trafikverket (state agency): floor(18 / 25) = 0 below value -> minimum one by default, or dialogue;
* works, SEK 120 m, 30 months, 25 FTE: Trafikverket floor(120 / 50) = 2 places, 24 months.
"""

from __future__ import annotations

import pytest

from guidance.assessment.answers import Answers
from guidance.assessment.assess import assess
from guidance.assessment.recommend import recommend
from guidance.assessment.sizing import Adjustment, add_months
from tests.examples import START, cleaning_18m, works_120m


def test_the_suggested_rule_follows_the_organisation() -> None:
    assert recommend(cleaning_18m(), assess(cleaning_18m())).rule_id == "proportional"
    state = cleaning_18m(organisation="state_agency")
    assert recommend(state, assess(state)).rule_id == "trafikverket"


def test_municipal_cleaning_gets_one_place_without_adjustment() -> None:
    rec = recommend(cleaning_18m(), assess(cleaning_18m()))
    assert (rec.verdict, rec.places, rec.choices, rec.adjustment) == ("advanced", 1, (), None)
    assert rec.sizing is not None and rec.sizing.employment_months == 12


@pytest.mark.parametrize(
    ("choice", "verdict", "places"),
    [(None, "advanced", 1), ("minimum_one", "advanced", 1), ("dialogue", "basic", 0)],
)
def test_zero_places_below_value_is_reconciled(choice: Adjustment | None, verdict: str, places: int) -> None:
    answers = cleaning_18m(organisation="state_agency", start_date=START)
    rec = recommend(answers, assess(answers), choice=choice)
    assert rec.choices == ("minimum_one", "dialogue")
    assert (rec.verdict, rec.places) == (verdict, places)
    assert rec.zero_note is not None and "0" in rec.zero_note.text("sv")
    assert rec.assessed_verdict == "advanced"
    trafikverket = next(s for s in rec.sizings if s.rule_id == "trafikverket")
    assert trafikverket.places == 0 and trafikverket.below_value  # the side-by-side table stays honest


def test_a_rule_that_does_not_cover_the_contract_gives_dialogue_and_names_the_others() -> None:
    answers = cleaning_18m(fte=3)  # Trafikverket covers 5 FTE or more
    rec = recommend(answers, assess(answers), rule_id="trafikverket", choice="minimum_one")
    assert rec.choices == ("dialogue",) and rec.adjustment == "dialogue"
    assert (rec.verdict, rec.places) == ("basic", 0)
    assert rec.zero_note is not None and "minst en plats" in rec.zero_note.text("sv").lower()


def test_works_example_under_trafikverket() -> None:
    answers = works_120m(start_date=START)
    rec = recommend(answers, assess(answers))
    assert (rec.rule_id, rec.verdict, rec.places) == ("trafikverket", "advanced", 2)
    assert rec.sizing is not None and rec.sizing.milestone_date == add_months(START, 6)


def test_incomplete_answers_give_no_verdict() -> None:
    answers = Answers(gates={"G1": True})
    rec = recommend(answers, assess(answers))
    assert rec.verdict is None and not rec.complete
    assert rec.assessment.answered == 1 and rec.assessment.required == 18


def test_a_gate_answered_no_decides_early() -> None:
    answers = Answers(gates={"G1": False})
    result = assess(answers)
    assert result.complete and result.decided and result.verdict == "not_yet"


def test_a_direct_award_decides_early() -> None:
    answers = Answers(direct_award=True)
    result = assess(answers)
    assert result.complete and result.verdict == "not_suitable"


def test_dont_know_on_g4_changes_nothing_but_raises_advice() -> None:
    yes = assess(works_120m(bonus_capacity=True))
    unknown = assess(works_120m(bonus_capacity=True, gates={"G1": True, "G2": True, "G3": True, "G5": True},
                                unknown=frozenset({"G4"})))  # fmt: skip
    assert yes.verdict == unknown.verdict == "advanced_bonus"
    assert "regional_network" in unknown.flags and "regional_network" not in yes.flags
    assert unknown.open_points[0].could_be == ()


def test_dont_know_on_a_condition_gate_is_conditional_and_says_what_no_would_give() -> None:
    gates = {"G1": True, "G3": True, "G4": True, "G5": True}
    result = assess(works_120m(gates=gates, unknown=frozenset({"G2"})))
    assert result.complete and result.verdict == "advanced" and result.conditional
    (point,) = result.open_points
    assert point.question == "G2" and point.could_be == ("not_yet",)


def test_dont_know_on_a_scored_question_counts_as_its_content_option() -> None:
    known = assess(works_120m(market="thin"))
    unknown = assess(works_120m(market=None, unknown=frozenset({"market"})))
    assert unknown.score == known.score and unknown.complete and not unknown.missing
    assert set(unknown.open_points[0].could_be) <= {"advanced", "advanced_bonus", "basic"}
