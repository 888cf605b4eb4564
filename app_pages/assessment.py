"""Self-assessment for buyers: the questionnaire, the verdict with its reasons, sizing, a condition draft,
the action plan and the decision basis to download. Answers live in the URL and can be saved as a file."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from guidance.assessment.action_plan import action_plan
from guidance.assessment.assess import any_answered, assess
from guidance.assessment.conditions import draft_condition
from guidance.assessment.sizing import contract_from_answers, size_all
from guidance.calculator.estimate import estimate_for_sizing
from guidance.documents.decision_basis import DecisionBasis
from ui import answers_exchange, assessment_documents, assessment_result
from ui.components import page_header
from ui.questionnaire_form import FormStyle, questionnaire_form, read_form
from ui.state import default, lang, tr

STYLE = FormStyle(prefix="a.q.")
NAME_CHARS = 120

page_header("page.assessment", "a.intro")
default("a.name", "")
assessment_result.set_rule_defaults()
assessment_documents.set_document_defaults()
answers_exchange.resume_controls(STYLE)
form = read_form(STYLE)
answers = form.answers
answers_exchange.show_notice(answers)

left, right = st.columns([3, 2], gap="large")
with left:
    st.header(tr("a.questions"))
    st.text_input(tr("a.name"), key="a.name", persist_state="session", help=tr("a.name_help"), max_chars=NAME_CHARS)
    questionnaire_form(STYLE, {**answers_exchange.notice_errors(), **form.errors})
answers_exchange.keep_link_in_step(answers)

assessment = assess(answers)
contract = contract_from_answers(answers)
rules, custom_ok = assessment_result.chosen_rules()
sizings = size_all(contract, rules) if contract is not None else ()
chosen = next((s for s in sizings if s.rule_id == st.session_state[assessment_result.RULE_KEY]), None)

with right:
    if not any_answered(assessment):
        st.header(tr("a.result"))
        st.info(tr("a.empty"), icon=":material/edit_note:")
        st.stop()
    assessment_result.verdict_summary(assessment, chosen)
    assessment_result.rule_choice(custom_ok)
    assessment_result.flags_view(assessment)
    assessment_result.calculator_button(chosen)

draft = draft_condition(assessment, chosen, assessment_documents.condition_options(answers), lang())
plan = action_plan(assessment, chosen, assessment_documents.plan_phase(), answers.start_date, answers.duration_months)
basis = DecisionBasis(
    answers=answers,
    assessment=assessment,
    sizings=sizings,
    chosen_rule=st.session_state[assessment_result.RULE_KEY],
    draft=draft,
    plan=plan,
    created=dt.date.today(),
    title=str(st.session_state.get("a.name") or "")[:NAME_CHARS],
    socio=estimate_for_sizing(chosen),
)
tabs = st.tabs([tr("a.tab.reasons"), tr("a.tab.sizing"), tr("a.tab.condition"), tr("a.tab.plan"), tr("a.tab.download")])
with tabs[0]:
    assessment_result.reasons_view(assessment)
with tabs[1]:
    assessment_result.sizing_view(assessment, sizings, chosen)
with tabs[2]:
    assessment_documents.condition_view(draft)
with tabs[3]:
    assessment_documents.plan_view(plan)
with tabs[4]:
    assessment_documents.downloads_view(basis, answers)
