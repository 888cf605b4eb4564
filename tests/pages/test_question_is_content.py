"""Adding a question is a content edit: one more question in a copy of ``content/`` is asked on the
assessment page, carried in the link and in the saved file, scored by ``assess`` and screened over a
whole plan, with no code change."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import answers_from_json, answers_from_params, answers_to_json, answers_to_params
from guidance.assessment.assess import assess
from guidance.assessment.questionnaire import load_questionnaire
from guidance.content.loader import ENV_CONTENT_DIR, clear_caches
from guidance.screening.reading import load_plan
from guidance.screening.screen import Assumptions, Policy, answers_from_inputs, effective_inputs, screen
from tests.content_copy import edit_yaml

ROOT = Path(__file__).resolve().parents[2]
NEW = "union_dialogue"
QUESTION: dict[str, Any] = {
    "id": NEW,
    "kind": "bool",
    "param": "ud",
    "block": "capacity",
    "text": {
        "sv": "Har branschens parter redan en överenskommelse om introduktionsjobb?",
        "en": "Do the sector's social partners already have an agreement on introductory jobs?",
    },  # fmt: skip
    "short": {"sv": "Partsöverenskommelse", "en": "Social partners' agreement"},
    "help": {"sv": "En överenskommelse gör det lättare att ta emot nya.", "en": "An agreement makes it easier."},
    "options": [
        {"id": "yes", "label": {"sv": "Ja", "en": "Yes"}, "points": 1},
        {"id": "no", "label": {"sv": "Nej", "en": "No"}, "points": 0},
    ],
    "source": "uhm-analysera",
    "evidence": "guide",
}


@pytest.fixture()
def extended_content(content_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A content copy with one more scored yes/no question, assumed "yes" for cleaning, in use."""
    edit_yaml(content_copy, "assessment/questionnaire.yaml", lambda d: d["questions"].append(QUESTION))

    def assume_yes_for_cleaning(data: Any) -> None:
        next(c for c in data["categories"] if c["id"] == "cleaning")["defaults"][NEW] = True

    edit_yaml(content_copy, "screening/categories.yaml", assume_yes_for_cleaning)
    monkeypatch.setenv(ENV_CONTENT_DIR, str(content_copy))
    clear_caches()
    yield content_copy
    monkeypatch.delenv(ENV_CONTENT_DIR)
    clear_caches()


def test_the_new_question_is_validated_linked_and_saved(extended_content: Path) -> None:
    answers = Answers(**{NEW: True})
    assert answers.value(NEW) is True
    assert answers_to_params(answers) == {"ud": "1"}
    assert answers_from_params({"ud": "0"}) == (Answers(**{NEW: False}), {})
    assert answers_from_params({"ud": "maybe"})[1] == {NEW: "a.err.not_bool"}
    assert json.loads(answers_to_json(answers))["answers"] == {NEW: True}
    assert answers_from_json(answers_to_json(answers)) == (answers, {})


def test_the_new_question_scores_like_any_other(extended_content: Path) -> None:
    qn = load_questionnaire()
    assert qn.max_score == 15
    without, with_yes = assess(Answers()), assess(Answers(**{NEW: True}))
    assert with_yes.score == without.score + 1
    assert NEW in without.missing and NEW not in with_yes.missing
    assert any(r.question == NEW and r.points == 1 for r in with_yes.reasons)


def test_the_new_question_is_asked_on_the_page_and_kept_in_the_link(
    extended_content: Path, app_test: Callable[..., AppTest]
) -> None:
    at = app_test("assessment", "en")
    radio = at.radio(key=f"a.q.{NEW}")
    assert radio.label == QUESTION["text"]["en"]
    radio.set_value("yes")
    at.run()
    assert not at.exception
    assert at.query_params["ud"] == "1"


def test_the_new_question_is_screened_from_the_category_assumption(extended_content: Path) -> None:
    checked, _ = load_plan((ROOT / "content/screening/sample_plan.csv").read_bytes(), "sample_plan.csv")
    inputs = effective_inputs(checked.plan, Assumptions())
    cleaning = inputs["category"].eq("cleaning")
    assert cleaning.any() and (~cleaning).any()
    assert inputs.loc[cleaning, NEW].eq(True).all()
    assert inputs.loc[~cleaning, NEW].isna().all()
    screened = screen(checked.plan, Policy(rule="trafikverket"))
    for index in [inputs.index[cleaning][0], inputs.index[~cleaning][0]]:
        one = assess(answers_from_inputs(inputs.loc[index].to_dict(), Assumptions()))
        assert screened.loc[index, "score"] == one.score
