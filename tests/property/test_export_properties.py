"""Properties of the decision basis export: any answers give a complete Markdown and Word document."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from guidance.assessment.action_plan import action_plan
from guidance.assessment.answers import Answers
from guidance.assessment.assess import assess
from guidance.assessment.conditions import draft_condition
from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.sizing import contract_from_answers, size_all
from guidance.core.models import LANGS, Lang
from guidance.documents.decision_basis import DecisionBasis, decision_basis_docx, decision_basis_markdown
from tests.strategies import answers

CREATED = dt.date(2026, 11, 25)


def docx_text(data: bytes) -> str:
    """The text of every paragraph and table cell of a Word document."""
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


@pytest.mark.slow
@settings(max_examples=25)
@given(answers=answers(), lang=st.sampled_from(LANGS))
def test_any_answers_give_a_complete_document(answers: Answers, lang: Lang) -> None:
    """Property: whatever was answered, both formats carry the verdict and the date, and never fail."""
    assessment = assess(answers)
    contract = contract_from_answers(answers)
    sizings = size_all(contract) if contract else ()
    chosen = sizings[0] if sizings else None
    basis = DecisionBasis(
        answers=answers,
        assessment=assessment,
        sizings=sizings,
        chosen_rule=chosen.rule_id if chosen else None,
        draft=draft_condition(assessment, chosen, None, lang),
        plan=action_plan(assessment, chosen, "plan", answers.start_date, answers.duration_months),
        created=CREATED,
    )
    title = load_questionnaire().verdict(assessment.verdict).title(lang)
    md = decision_basis_markdown(basis, lang)
    assert title in md and "2026-11-25" in md
    text = docx_text(decision_basis_docx(basis, lang))
    assert title in text and "2026-11-25" in text
