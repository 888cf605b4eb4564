"""The condition draft, the action plan and the downloads of the self-assessment page."""

from __future__ import annotations

import datetime as dt
import functools

import streamlit as st

from guidance.assessment.action_plan import ActionPlan, assessment_phase
from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import answers_to_json
from guidance.assessment.conditions import (
    RECOMMENDED,
    ConditionDraft,
    ConditionOptions,
    bonus_limit,
    load_conditions,
    options_from_inputs,
)
from guidance.core.formatting import fmt_num
from guidance.core.i18n import t, tn
from guidance.documents.decision_basis import DecisionBasis, decision_basis_docx, decision_basis_markdown, who_text
from ui.assessment_result import source_md
from ui.components import document_download, md_escape, model
from ui.number_field import number_field, problem
from ui.state import default, lang, tr

LEVELS = (RECOMMENDED, "basic", "advanced", "advanced_bonus")
_BONUS = (
    ("a.cond.bonus_int", "bonus_internship_sek_per_month", "a.cond.bonus_internship"),
    ("a.cond.bonus_emp", "bonus_employment_sek_per_month", "a.cond.bonus_employment"),
)


def set_document_defaults() -> None:
    """Starting values of the condition and plan choices (once per session)."""
    default("a.cond.level", RECOMMENDED)
    default("a.cond.groups", [])
    default("a.cond.custom", "")
    default("a.cond.alts", ["a"])
    reset_bonus(only_missing=True)
    default("a.plan.phase", assessment_phase(model()))
    default("a.plan.actor", "all")


def reset_bonus(only_missing: bool = False) -> None:
    """Put the bonus amounts back to the content's defaults."""
    for key, param, _ in _BONUS:
        if not only_missing or key not in st.session_state:
            st.session_state[key] = load_conditions().param(param)


def condition_options(answers: Answers) -> ConditionOptions:
    """The buyer's condition choices as the widgets hold them."""
    s = st.session_state
    return options_from_inputs(
        s.get("a.cond.level"),
        s.get("a.cond.groups"),
        s.get("a.cond.custom"),
        s.get("a.cond.alts"),
        answers.start_date,
        s.get("a.cond.bonus_int"),
        s.get("a.cond.bonus_emp"),
    )


def plan_phase() -> str:
    """The phase the action plan starts from (the self-assessment's phase until another is chosen)."""
    return assessment_phase(model(), st.session_state.get("a.plan.phase"))


def condition_view(draft: ConditionDraft) -> None:
    """The condition choices and the filled-in draft."""
    L = lang()
    cond = load_conditions()
    st.subheader(tr("a.cond.title"), anchor="villkor")  # linked from the result (assessment_result.ANCHORS)
    st.selectbox(tr("a.cond.level"), LEVELS, key="a.cond.level", persist_state="session",
                 format_func=lambda v: t("a.cond.level_recommended" if v == RECOMMENDED else f"a.cond.level.{v}", L))  # fmt: skip
    if not draft.parts:
        st.info(tr("a.cond.none"))
        return
    left, right = st.columns(2)
    groups = {g.id: g.name(L) for g in cond.target_groups}
    left.multiselect(tr("a.cond.groups"), list(groups), key="a.cond.groups", persist_state="session",
                     help=tr("a.cond.groups_help"), placeholder=tr("a.choose"), format_func=groups.__getitem__)  # fmt: skip
    left.text_input(tr("a.cond.custom"), key="a.cond.custom", persist_state="session", max_chars=300)
    if draft.level != "basic":
        alts = {a.id: a.name(L) for a in cond.alternatives}
        right.multiselect(tr("a.cond.alternatives"), list(alts), key="a.cond.alts", persist_state="session",
                          help=tr("a.cond.alternatives_help"), placeholder=tr("a.choose"),
                          format_func=alts.__getitem__)  # fmt: skip
    if draft.level == "advanced_bonus":
        for key, _, label in _BONUS:  # a number field shows "20 000" on a Swedish page (ui/number_field.py)
            number_field(tr(label), key, decimals=0, help=tr("a.cond.bonus_help"), container=right)
            value = st.session_state.get(key)
            if problem(key) or not (isinstance(value, (int, float)) and 0 <= value <= bonus_limit()):
                right.error(tr("a.cond.bonus_range", max=fmt_num(bonus_limit(), lang())), icon=":material/error:")
        right.button(tr("a.cond.reset_bonus"), on_click=reset_bonus, key="assess_btn_reset_bonus")
    _draft_text(draft)


def _draft_text(draft: ConditionDraft) -> None:
    st.info(draft.notice, icon=":material/info:")
    if draft.blanks:
        st.caption(tr("a.cond.blanks"))
    for part in draft.parts:
        with st.container(border=True):
            st.markdown(f"#### {md_escape(part.title)}")
            if part.criterion_id:
                st.caption(tr("a.cond.criterion", id=part.criterion_id))
            for sec in part.sections:
                st.markdown(f"##### {md_escape(sec.heading)}")
                if not sec.verified:
                    st.warning(draft.unverified_label, icon=":material/help:")
                st.markdown(md_escape(sec.body))
                st.markdown(f":small[{source_md(sec.source, sec.evidence)}]")


def plan_view(plan: ActionPlan) -> None:
    """The steps from the chosen phase on, for everyone or one role."""
    L, m = lang(), model()
    st.subheader(tr("a.plan.title"), anchor="handlingsplan")  # linked from the result
    left, right = st.columns(2)
    left.selectbox(tr("a.plan.phase"), [p.id for p in m.phases], key="a.plan.phase", persist_state="session",
                   format_func=lambda pid: m.phase(pid).name(L))  # fmt: skip
    right.selectbox(tr("a.plan.actor"), ["all", *m.actors()], key="a.plan.actor", persist_state="session",
                    format_func=lambda a: t("a.plan.everyone", L) if a == "all" else m.actor_name(a, L))  # fmt: skip
    if plan.intro is not None:
        st.markdown(plan.intro(L))
    actor = st.session_state["a.plan.actor"]
    items = plan.items if actor == "all" else plan.for_actor(actor)
    if not items:
        st.info(tr("a.plan.empty"))
    else:
        st.caption(tn("a.plan.count", len(items), lang()))
    for phase_id in dict.fromkeys(i.phase for i in items):
        st.markdown(f"#### {md_escape(m.phase(phase_id).name(L))}")
        lines = []
        for item in (i for i in items if i.phase == phase_id):
            step = m.step(item.step_id)
            if actor == "all":
                role = f"{tr('a.doc.responsible')}: {who_text(item, L)}" if item.responsible else who_text(item, L)
            else:
                role = f"{tr('a.plan.duty')}: {tr(f'duty.{item.involved[actor].value}')}"
            line = f"- **{md_escape(step.id)} {md_escape(step.title(L))}** · {md_escape(role)}"
            if item.due:
                line += f" · **{tr('a.doc.due')}: {item.due.isoformat()}**"
            if item.note:
                line += f"  \n  {md_escape(item.note(L))}"
            lines.append(line)
        st.markdown("\n".join(lines))
    if plan.checklist:
        st.markdown(f"#### {md_escape(tr('a.doc.checklist'))}")
        st.caption(tr("a.doc.checklist_note"))
        checklist = {c.id: c for c in m.checklist}
        st.markdown("\n".join(f"- {md_escape(checklist[c].text(L))}" for c in plan.checklist if c in checklist))


def downloads_view(basis: DecisionBasis, answers: Answers) -> None:
    """The decision basis in Word and Markdown, and the answers as a file.

    The two documents are made when their button is clicked; if one cannot be made, a message in
    the user's language says so under its button (:func:`ui.components.document_download`).
    """
    L = lang()
    st.subheader(tr("a.dl.title"), anchor="ladda-ner")  # linked from the result
    st.markdown(tr("a.dl.note"))
    stamp = basis.created.isoformat()
    cols = st.columns(3)
    with cols[0]:
        document_download(tr("a.dl.docx"), functools.partial(decision_basis_docx, basis, L),
                          file_name=f"{tr('a.dl.filename')}-{stamp}.docx", icon=":material/description:",
                          key="assess_dl_docx",
                          mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")  # fmt: skip
    with cols[1]:
        document_download(tr("a.dl.md"), functools.partial(decision_basis_markdown, basis, L),
                          file_name=f"{tr('a.dl.filename')}-{stamp}.md", mime="text/markdown",
                          icon=":material/article:", key="assess_dl_md")  # fmt: skip
    with cols[2]:
        answers_download(answers, stamp)


def answers_download(answers: Answers, stamp: str | None = None) -> None:
    """The answers as a file to resume later (available before the result is ready too)."""
    stamp = stamp or dt.date.today().isoformat()
    st.download_button(tr("a.dl.json"), data=answers_to_json(answers),
                       file_name=f"{tr('a.dl.answers_filename')}-{stamp}.json", mime="application/json",
                       icon=":material/save:", key="assess_dl_json")  # fmt: skip
    st.caption(tr("a.share_note"))
