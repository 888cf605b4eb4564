"""Self-assessment for buyers: the questionnaire, the verdict with its reasons, sizing, a condition draft,
the action plan and the decision basis to download. Answers live in the URL and can be saved as a file."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from guidance.assessment.action_plan import action_plan
from guidance.assessment.assess import assess
from guidance.assessment.conditions import draft_condition
from guidance.assessment.plausibility import check_answers
from guidance.assessment.recommend import recommend, suggested_rule
from guidance.calculator.estimate import estimate_for_sizing
from guidance.documents.decision_basis import basis_from_recommendation
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
warnings = check_answers(answers)

left, right = st.columns([3, 2], gap="large")
with left:
    st.header(tr("a.questions"))
    st.text_input(tr("a.name"), key="a.name", persist_state="session", help=tr("a.name_help"), max_chars=NAME_CHARS)
    questionnaire_form(STYLE, {**answers_exchange.notice_errors(), **form.errors}, warnings)
answers_exchange.keep_link_in_step(answers)

assessment = assess(answers)
rules, custom_ok = assessment_result.chosen_rules()
rule_id = assessment_result.follow_suggested_rule(suggested_rule(answers))
rec = recommend(answers, assessment, rules, rule_id, st.session_state.get(assessment_result.ZERO_KEY))

with right:
    if not assessment.complete:
        assessment_result.progress_view(assessment)
        assessment_documents.answers_download(answers)
        st.info(tr("a.incomplete_docs"), icon=":material/edit_note:")
        st.stop()
    assessment_result.verdict_summary(rec, warnings)
    assessment_result.open_points_view(rec.assessment)
    assessment_result.rule_choice(custom_ok, rec.suggested_rule)
    assessment_result.flags_view(rec.assessment)
    assessment_result.calculator_button(rec.sizing if rec.assessment.numerical else None)

draft = draft_condition(rec.assessment, rec.sizing, assessment_documents.condition_options(answers), lang())
plan = action_plan(rec.assessment, rec.sizing, assessment_documents.plan_phase(), answers.start_date,
                   answers.duration_months)  # fmt: skip
basis = basis_from_recommendation(
    rec,
    answers,
    draft,
    plan,
    dt.date.today(),
    str(st.session_state.get("a.name") or "")[:NAME_CHARS],
    estimate_for_sizing(rec.sizing if rec.assessment.numerical else None),
)
tabs = st.tabs([tr("a.tab.reasons"), tr("a.tab.sizing"), tr("a.tab.condition"), tr("a.tab.plan"), tr("a.tab.download")])
with tabs[0]:
    assessment_result.reasons_view(rec.assessment)
with tabs[1]:
    assessment_result.sizing_view(rec)
with tabs[2]:
    assessment_documents.condition_view(draft)
with tabs[3]:
    assessment_documents.plan_view(plan)
with tabs[4]:
    assessment_documents.downloads_view(basis, answers)
