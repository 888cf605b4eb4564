"""Decision basis export: Markdown and Word carry the same inputs, verdict, sizing, draft and plan.

The worked example is the brief's §5.7 works contract (SEK 120 m, 30 months, 25 FTE): under
Trafikverket's rule 2 places, 24 employment months or 12 internship months, first job by month 6.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from guidance.assessment.action_plan import action_plan
from guidance.assessment.answers import Answers
from guidance.assessment.assess import assess
from guidance.assessment.conditions import ConditionOptions, draft_condition
from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.sizing import contract_from_answers, load_sizing_rules, size_all
from guidance.documents.decision_basis import (
    DecisionBasis,
    decision_basis_docx,
    decision_basis_markdown,
    socio_rows,
)
from tests.examples import START, works_120m

CREATED = dt.date(2026, 11, 25)
GATES = {g: True for g in ("G1", "G2", "G3", "G4", "G5")}


def example(title: str = "Ombyggnad av skola", socio: object = None, lang: str = "sv") -> DecisionBasis:
    answers = works_120m(start_date=START)
    assessment = assess(answers)
    contract = contract_from_answers(answers)
    assert contract is not None
    sizings = size_all(contract)
    chosen = sizings[0]
    draft = draft_condition(assessment, chosen, ConditionOptions(target_groups=("young",)), lang)
    plan = action_plan(assessment, chosen, "analyse", answers.start_date, answers.duration_months)
    return DecisionBasis(
        answers=answers,
        assessment=assessment,
        sizings=sizings,
        chosen_rule=chosen.rule_id,
        draft=draft,
        plan=plan,
        created=CREATED,
        title=title,
        socio=socio,
    )


def docx_text(data: bytes) -> tuple[Document, str]:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return doc, "\n".join(parts)


def test_example_is_the_briefs_worked_example() -> None:
    basis = example()
    assert basis.assessment.verdict == "advanced"
    assert (basis.sizings[0].rule_id, basis.sizings[0].places, basis.sizings[0].employment_months) == (
        "trafikverket",
        2,
        24,
    )


def test_docx_opens_and_holds_verdict_months_and_date() -> None:
    basis = example()
    doc, text = docx_text(decision_basis_docx(basis, "sv"))
    verdict = load_questionnaire().verdict("advanced").title("sv")
    assert verdict in text
    assert "Anställningsmånader (heltid)" in text and "24" in text
    assert "minst 24 månaders heltidsarbete" in text
    assert "2026-07-01" in text  # the 6-month milestone
    assert "2026-11-25" in text
    assert doc.paragraphs[0].style.name == "Title" and "Ombyggnad av skola" in doc.paragraphs[0].text
    assert doc.core_properties.language == "sv-SE"


def test_docx_tables_have_repeating_bold_header_rows() -> None:
    doc, _ = docx_text(decision_basis_docx(example(), "en"))
    assert len(doc.tables) >= 5
    for table in doc.tables:
        first = table.rows[0]
        assert first._tr.trPr is not None and first._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for cell in first.cells for run in cell.paragraphs[0].runs)


def test_docx_headings_are_in_order() -> None:
    doc, _ = docx_text(decision_basis_docx(example(), "en"))
    levels = [
        0 if p.style.name == "Title" else int(p.style.name.split()[-1])
        for p in doc.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]
    assert levels[0] == 0
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_markdown_holds_the_same_facts() -> None:
    md = decision_basis_markdown(example(), "sv")
    assert md.startswith("# Beslutsunderlag – sysselsättningskrav: Ombyggnad av skola")
    assert load_questionnaire().verdict("advanced").title("sv") in md
    assert "| Anställningsmånader (heltid) | 24 |" in md
    assert "minst 24 månaders heltidsarbete" in md and "2026-07-01" in md and "2026-11-25" in md
    for rule in load_sizing_rules():
        assert rule.name("sv") in md  # every rule set side by side
    for step in ("I1", "I3", "I4"):
        assert f"| {step} " in md
    assert "](https://" in md  # sources are linked


def test_english_document_is_in_english() -> None:
    md = decision_basis_markdown(example(lang="en"), "en")
    assert md.startswith("# Decision basis – employment requirement")
    assert load_questionnaire().verdict("advanced").title("en") in md
    assert "at least 24 months of full-time work" in md


def test_markdown_escapes_user_text() -> None:
    md = decision_basis_markdown(example(title="Skola | <script>alert(1)</script> *fet*"), "sv")
    first = md.splitlines()[0]
    assert "<script>" not in md and "\\<script\\>" in first and "\\|" in first and "\\*fet\\*" in first


def test_unverified_templates_are_marked_in_both_formats() -> None:
    basis = example()
    md = decision_basis_markdown(basis, "sv")
    _, text = docx_text(decision_basis_docx(basis, "sv"))
    label = basis.draft.unverified_label if basis.draft else ""
    assert label and label in md and label in text


def test_not_yet_document_has_the_checklist_and_no_condition() -> None:
    answers = Answers(gates={"G1": False})
    assessment = assess(answers)
    plan = action_plan(assessment, None, "analyse")
    basis = DecisionBasis(
        answers=answers,
        assessment=assessment,
        draft=draft_condition(assessment, None, None, "sv"),
        plan=plan,
        created=CREATED,
    )
    md = decision_basis_markdown(basis, "sv")
    assert "Checklista för beslutsfattare" in md and "| S0.2 " in md
    assert "Resultatet ger inget villkor att fylla i." in md
    _, text = docx_text(decision_basis_docx(basis, "sv"))
    assert "Checklista för beslutsfattare" in text


def test_socio_economic_section_from_a_mapping() -> None:
    md = decision_basis_markdown(example(socio={"Kommunen": 250_000, "Staten": 1_200_000}), "sv")
    assert "## Samhällsekonomisk uppskattning" in md
    assert "| Staten | 1\u00a0200\u00a0000\u00a0kr |" in md
    assert "Samhällsekonomisk" not in decision_basis_markdown(example(), "sv")


def test_socio_economic_section_from_the_calculator() -> None:
    calc = pytest.importorskip("guidance.calculator.calculate")
    params = calc.load_parameters()
    result = calc.calculate(calc.inputs_from_sizing(2, 12, "employment", params.default_inputs("employment")), params)
    rows = socio_rows(result, "sv")
    assert len(rows) == len(result.actors) + 1
    assert rows[-1][1] == pytest.approx(result.society_total)
    _, text = docx_text(decision_basis_docx(example(socio=result), "sv"))
    assert "Samhällsekonomisk uppskattning" in text


def test_a_procurement_name_cannot_inject_markdown_links() -> None:
    """Text from the user is escaped in the Markdown decision basis; only source links stay links."""
    from guidance.documents.decision_basis import Bullets, Para, _md_cell, render_markdown

    evil = "[click](https://evil.example) <script>x</script>"
    out = render_markdown([Para(evil), Bullets((evil,))])
    assert "[click](https" not in out and "<script>" not in out
    assert _md_cell(evil).startswith("\\[click\\]")
