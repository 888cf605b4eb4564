"""The page, the Word file and the Markdown file say the same thing as the recommendation.

For any complete answers, any rule set and any zero-places choice: the documents carry the
recommendation's verdict and its number of places, a numerical level has at least one place, and a
dialogue level (or no requirement) carries no first-hire date anywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidance.assessment.action_plan import action_plan
from guidance.assessment.answers import Answers
from guidance.assessment.assess import assess
from guidance.assessment.conditions import ConditionOptions, draft_condition
from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.recommend import Recommendation, recommend
from guidance.assessment.sizing import load_sizing_rules
from guidance.core.formatting import fmt_num
from guidance.core.i18n import t
from guidance.core.models import LANGS, Lang
from guidance.documents.decision_basis import basis_from_recommendation, decision_basis_docx, decision_basis_markdown
from tests.examples import CLEANING_18M
from tests.property.test_export_properties import docx_text
from tests.strategies import answers

CREATED = dt.date(2026, 11, 25)
START = dt.date(2027, 3, 1)
RULES = [r.id for r in load_sizing_rules() if r.id != "custom"]


def documents(rec: Recommendation, a: Answers, lang: Lang) -> tuple[str, str, Any, Any]:
    draft = draft_condition(rec.assessment, rec.sizing, ConditionOptions(contract_start=a.start_date), lang)
    plan = action_plan(rec.assessment, rec.sizing, "analyse", a.start_date, a.duration_months)
    basis = basis_from_recommendation(rec, a, draft, plan, CREATED)
    return decision_basis_markdown(basis, lang), docx_text(decision_basis_docx(basis, lang)), draft, plan


def strong_answers() -> st.SearchStrategy[Answers]:
    """Answers that mostly reach a numerical level, with the contract facts varied widely."""
    qn = load_questionnaire()
    return st.builds(
        lambda base, facts: Answers(**{**base, **facts}),
        st.just(CLEANING_18M),
        st.fixed_dictionaries(
            {
                "organisation": st.sampled_from([o.id for o in qn.question("organisation").options]),
                "contract_type": st.sampled_from([o.id for o in qn.question("contract_type").options]),
                "value_sek": st.floats(1e5, 5e8),
                "duration_months": st.integers(5, 120),
                "fte": st.floats(1.5, 80),
                "bonus_capacity": st.booleans(),
                "framework": st.booleans(),
            }
        ),
    )


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(
    a=st.one_of(answers(complete=True), strong_answers(), strong_answers()),
    rule=st.sampled_from(RULES),
    choice=st.sampled_from([None, "minimum_one", "dialogue"]),
    lang=st.sampled_from(LANGS),
)
def test_documents_agree_with_the_recommendation(a: Answers, rule: str, choice: Any, lang: Lang) -> None:
    a = a.model_copy(update={"start_date": START})
    rec = recommend(a, assess(a), rule_id=rule, choice=choice)
    assert rec.complete
    markdown, word, draft, plan = documents(rec, a, lang)
    title = load_questionnaire().verdict(rec.assessment.verdict).title(lang)
    assert title in markdown and title in word
    places_row = f"| {t('a.doc.places', lang)} | {fmt_num(rec.places, lang)} |"
    first_hire = t("a.doc.milestone", lang)
    if rec.assessment.numerical:
        assert rec.places >= 1 and rec.sizing is not None
        assert places_row in markdown
        assert draft.milestone_date is not None
    else:
        assert rec.places == 0
        assert f"| {first_hire} |" not in markdown.split("\n## ")[1]  # not in the summary
        assert draft.milestone_date is None
        assert all(item.due_kind != "milestone" for item in plan.items)
