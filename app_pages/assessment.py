"""Self-assessment for buyers: the questionnaire beside a result that stays in view, then the draft condition,
the action plan, the reasons, the size and the downloads as sections the result links to.

Answers and choices live in the URL (a link reproduces the page) and can be saved as a file; a print
view shows the decision basis alone. Everything shown comes from one ``Recommendation``.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from guidance.assessment.action_plan import action_plan
from guidance.assessment.assess import assess
from guidance.assessment.choices_link import MAX_NAME_CHARS
from guidance.assessment.conditions import draft_condition
from guidance.assessment.plausibility import check_answers
from guidance.assessment.recommend import recommend, suggested_rule
from guidance.calculator.estimate import estimate_for_sizing
from guidance.documents.decision_basis import basis_from_recommendation
from ui import answers_exchange, assessment_documents, assessment_link, assessment_result
from ui.components import page_header
from ui.followup_entry import add_to_followup_button
from ui.questionnaire_form import FormStyle, questionnaire_form, read_form
from ui.state import default, lang, tr

STYLE = FormStyle(prefix="a.q.", localized=True)

default("a.name", "")
assessment_result.set_rule_defaults()
assessment_documents.set_document_defaults()
assessment_link.read_link()
printing = assessment_result.print_mode()
if not printing:
    page_header("page.assessment", "a.intro")
    answers_exchange.resume_controls(STYLE)
form = read_form(STYLE)
answers = form.answers
warnings = check_answers(answers)
assessment = assess(answers)
rules, custom_ok = assessment_result.chosen_rules()
rule_id = assessment_result.follow_suggested_rule(suggested_rule(answers))
rec = recommend(answers, assessment, rules, rule_id, st.session_state.get(assessment_result.ZERO_KEY))

if not printing:
    answers_exchange.show_notice(answers)
    assessment_link.show_notice()
    assessment_result.jump_to_result(rec)
    layout = st.container(key="assess-layout")  # the frame keeps the result column in view (ui/page_frame.py)
    left, right = layout.columns([3, 2], gap="large")
    with left:
        st.header(tr("a.questions"))
        st.text_input(tr("a.name"), key="a.name", persist_state="session", help=tr("a.name_help"),
                      max_chars=MAX_NAME_CHARS)  # fmt: skip
        questionnaire_form(STYLE, {**answers_exchange.notice_errors(), **form.errors}, warnings)
answers_exchange.keep_link_in_step(answers)

if not assessment.complete:
    assessment_link.keep_link_in_step()
    if printing:
        assessment_result.leave_print_view()
        st.info(tr("a.incomplete_docs"), icon=":material/edit_note:")
        st.stop()
    with right, st.container(key="result-panel"):
        assessment_result.progress_view(assessment)
        assessment_documents.answers_download(answers)
        st.info(tr("a.incomplete_docs"), icon=":material/edit_note:")
    st.stop()

draft = draft_condition(rec.assessment, rec.sizing, assessment_documents.condition_options(answers), lang())
plan = action_plan(rec.assessment, rec.sizing, assessment_documents.plan_phase(), answers.start_date,
                   answers.duration_months)  # fmt: skip
basis = basis_from_recommendation(
    rec,
    answers,
    draft,
    plan,
    dt.date.today(),
    str(st.session_state.get("a.name") or "")[:MAX_NAME_CHARS],
    estimate_for_sizing(rec.sizing if rec.assessment.numerical else None),
)
if printing:
    assessment_link.keep_link_in_step()
    assessment_result.print_view(basis)
    st.stop()

with right, st.container(key="result-panel"):
    assessment_result.verdict_summary(rec, warnings)
    assessment_result.next_steps(rec, basis)
    add_to_followup_button(rec, answers)

st.header(tr("a.sections_title"), anchor="underlag")
st.caption(tr("a.sections_intro"))
assessment_documents.condition_view(draft)
assessment_documents.plan_view(plan)
assessment_result.reasons_view(rec.assessment)
assessment_result.open_points_view(rec.assessment)
assessment_result.flags_view(rec.assessment)
assessment_result.sizing_view(rec, custom_ok)
assessment_documents.downloads_view(basis, answers)
assessment_link.keep_link_in_step()
