"""The assessment's result column, its sections (reasons, size) and the print view of the self-assessment page.

The result column stays in view beside the questions on wide screens (see :mod:`ui.page_frame`). It
shows a conclusion only when the assessment is complete; until then it shows the progress and the
questions still to answer. With the conclusion come the next steps: links to the draft condition, the
action plan and the size further down, the decision basis in Word and a print view that shows the
decision basis alone. Everything comes from one :class:`~guidance.assessment.recommend.Recommendation`,
as do the documents.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from guidance.assessment.assess import Assessment
from guidance.assessment.plausibility import Warning
from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.recommend import Recommendation
from guidance.assessment.sizing import (
    Sizing,
    SizingRule,
    custom_divisors_msek,
    custom_rule_from_inputs,
    load_sizing_content,
    load_sizing_rules,
)
from guidance.calculator.estimate import months_per_place
from guidance.core.formatting import fmt_num
from guidance.core.i18n import t, tn
from guidance.core.models import Evidence
from guidance.documents.decision_basis import (
    DecisionBasis,
    Table,
    decision_basis_docx,
    decision_basis_markdown,
    exchange_rates_line,
    open_point_line,
    sizing_table,
)
from ui.components import document_download, evidence_label, md_escape, model
from ui.number_field import number_field, problem
from ui.registry import PAGES
from ui.state import default, lang, tr

RULE_KEY = "a.rule"
COMPARE_KEY = "a.compare"
RULE_TOUCHED = "a.rule_touched"
ZERO_KEY = "a.zero"
CALC_PAGE = "app_pages/calculator.py"
#: The print view: in the page address as ``?print=1``, so it can be opened, reloaded and shared as such.
PRINT_PARAM = "print"
#: Anchors of the page's sections (the result links to them).
ANCHORS = {
    "condition": "villkor",
    "plan": "handlingsplan",
    "reasons": "skal",
    "sizing": "storlek",
    "download": "ladda-ner",
}
_BOXES = {
    "not_yet": st.warning,
    "not_suitable": st.info,
    "basic": st.info,
    "advanced": st.success,
    "advanced_bonus": st.success,
}


def source_md(source_id: str, evidence: Evidence | str | None) -> str:
    """A short Markdown source reference: linked title and evidence marker."""
    src = next((s for s in model().sources if s.id == source_id), None)
    if src is None:
        return md_escape(source_id)
    return tr(
        "a.cond.source",
        title=md_escape(src.title(lang())),
        url=src.url,
        evidence=evidence_label(evidence) if evidence else "",
    )


def _custom_key(kind: str) -> str:
    return f"a.custom.{kind}"


def set_rule_defaults() -> None:
    """The first rule set, and the custom rule's starting values from its template (once)."""
    rules = load_sizing_rules()
    default(RULE_KEY, rules[0].id)
    default(RULE_TOUCHED, False)
    default(COMPARE_KEY, False)
    default(ZERO_KEY, None)
    template = load_sizing_content().rule("custom")
    start = custom_divisors_msek(template)
    for option in load_questionnaire().question("contract_type").options:
        default(_custom_key(option.id), start.get(option.id))
    default("a.custom.rounding", template.rounding)
    default("a.custom.min1", template.minimum_one)


def chosen_rules() -> tuple[tuple[SizingRule, ...], bool]:
    """The rule sets to compare, with the custom one built from its inputs; False if it is invalid."""
    kinds = [o.id for o in load_questionnaire().question("contract_type").options]
    custom = custom_rule_from_inputs(
        {kind: st.session_state.get(_custom_key(kind)) for kind in kinds},
        st.session_state["a.custom.rounding"],
        bool(st.session_state["a.custom.min1"]),
    )
    swedish = [r for r in load_sizing_rules() if r.id != "custom" and not r.comparison]
    foreign = [r for r in load_sizing_rules() if r.comparison] if st.session_state.get(COMPARE_KEY) else []
    rules = [*swedish, *([custom] if custom is not None else []), *foreign]
    return tuple(rules), custom is not None


def follow_suggested_rule(suggested: str) -> str:
    """The rule set to size with: the one suggested for the organisation until the user picks one."""
    if not st.session_state.get(RULE_TOUCHED):
        st.session_state[RULE_KEY] = suggested
    return str(st.session_state[RULE_KEY])


def _rule_touched() -> None:
    st.session_state[RULE_TOUCHED] = True


def rule_choice(custom_ok: bool, suggested: str) -> None:
    """The choice of rule set (the suggested one marked), with the custom rule's inputs when chosen."""
    L = lang()
    names = {r.id: r.name(L) for r in load_sizing_rules() if not r.comparison}
    labels = {rid: tr("a.rule_suggested", name=name) if rid == suggested else name for rid, name in names.items()}
    st.radio(tr("a.rule"), list(names), key=RULE_KEY, persist_state="session", help=tr("a.rule_help"),
             format_func=labels.__getitem__, on_change=_rule_touched)  # fmt: skip
    if st.session_state[RULE_KEY] != "custom":
        return
    with st.expander(tr("a.custom.title"), expanded=True):
        for option in load_questionnaire().question("contract_type").options:
            number_field(tr("a.custom.divisor", type=option.label(L)), _custom_key(option.id), decimals=1)
            if (message := problem(_custom_key(option.id))) is not None:
                st.error(tr(message), icon=":material/error:")
        st.radio(tr("a.custom.rounding"), ["floor", "ceil"], key="a.custom.rounding", persist_state="session",
                 format_func=lambda v: t(f"a.custom.{v}", L))  # fmt: skip
        st.checkbox(tr("a.custom.minimum_one"), key="a.custom.min1", persist_state="session")
        if not custom_ok:
            st.error(tr("a.custom.error"), icon=":material/error:")


def progress_view(assessment: Assessment) -> None:
    """Until the result is ready: how far the user has come and which questions are left."""
    L = lang()
    qn = load_questionnaire()
    st.header(tr("a.result"), anchor="resultat")
    done, total = assessment.answered, assessment.required
    st.progress(done / total if total else 0.0, text=tn("a.progress", done, L, total=total))
    left = len(assessment.missing)
    st.markdown(tn("a.missing_intro", left, L))
    st.markdown("\n".join(f"- {md_escape(qn.question(q).short(L))}" for q in assessment.missing))


def verdict_summary(rec: Recommendation, warnings: Sequence[Warning] = ()) -> None:
    """The verdict banner (with the zero-places choice and any plausibility warning), the next step and the numbers."""
    L = lang()
    assessment = rec.assessment
    st.header(tr("a.result"), anchor="resultat")
    verdict = load_questionnaire().verdict(assessment.verdict)
    _BOXES[assessment.verdict](f"**{md_escape(verdict.title(L))}**\n\n{md_escape(verdict.summary(L))}")
    zero_places_view(rec)
    if rec.feasibility_note is not None:
        st.warning(rec.feasibility_note.text(L), icon=":material/warning:")
    for warning in warnings:
        st.warning(warning.text(L), icon=":material/warning:")
    if assessment.missing:
        st.caption(tr("a.decided"))
    if assessment.conditional:
        st.markdown(f":material/help: {tr('a.open.conditional')}")
    st.markdown(tr("a.doc.next_step", text=md_escape(verdict.next_step(L))))
    chosen = rec.sizing
    score = (tr("a.metric.score"), f"{assessment.score} / {assessment.max_score}")
    if assessment.numerical and chosen is not None and chosen.places > 0:
        top = st.columns(2)
        top[0].metric(tr("a.metric.places"), fmt_num(chosen.places, L))
        top[1].metric(tr("a.metric.employment"), fmt_num(chosen.employment_months, L))
        milestone = (
            chosen.milestone_date.isoformat()
            if chosen.milestone_date
            else tr("a.metric.milestone_months", months=chosen.milestone_months)
        )
        st.metric(tr("a.metric.milestone"), milestone)
        bottom = st.columns(2)
        if chosen.internship_months:
            bottom[0].metric(tr("a.metric.internship"), fmt_num(chosen.internship_months, L))
        bottom[1].metric(*score)
        rule = next((r for r in load_sizing_rules() if r.id == rec.rule_id), None)
        if rule is not None:
            st.caption(tr("a.sized_by", rule=md_escape(rule.name(L)), anchor=ANCHORS["sizing"]))
    else:
        st.metric(*score)


def next_steps(rec: Recommendation, basis: DecisionBasis) -> None:
    """Where the result leads: the draft condition, the action plan, the decision basis and the calculator."""
    L = lang()
    st.subheader(tr("a.next.title"))
    links = [
        tr("a.next.condition", anchor=ANCHORS["condition"]),
        tr("a.next.plan", anchor=ANCHORS["plan"]),
        tr("a.next.reasons", anchor=ANCHORS["reasons"]),
    ]
    st.markdown("\n".join(f"- {link}" for link in links))
    stamp = basis.created.isoformat()
    document_download(tr("a.dl.docx"), functools.partial(decision_basis_docx, basis, L),
                      file_name=f"{tr('a.dl.filename')}-{stamp}.docx", icon=":material/description:",
                      key="assess_dl_docx_top", type="primary",
                      mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")  # fmt: skip
    st.button(tr("a.print.open"), icon=":material/print:", key="assess_btn_print", on_click=_set_print, args=(True,),
              help=tr("a.print.help"))  # fmt: skip
    calculator_button(rec.sizing if rec.assessment.numerical else None)


def jump_to_result(rec: Recommendation) -> None:
    """On a phone the result comes after the questions: say what it is so far and link to it."""
    with st.container(key="phone-only"):
        if rec.complete and rec.verdict is not None:
            st.markdown(tr("a.jump.ready"))
        else:
            st.markdown(tr("a.jump.waiting"))


# -- print view ------------------------------------------------------------------------------------


def print_mode() -> bool:
    """Whether the page shows the print view (``?print=1`` in the address)."""
    return st.query_params.get(PRINT_PARAM) == "1"


def _set_print(on: bool) -> None:
    if on:
        st.query_params[PRINT_PARAM] = "1"
    elif PRINT_PARAM in st.query_params:
        del st.query_params[PRINT_PARAM]


def leave_print_view() -> None:
    """The way back from the print view to the questions (not printed)."""
    with st.container(key="noprint-back"):
        st.button(tr("a.print.back"), icon=":material/arrow_back:", key="assess_btn_print_back",
                  on_click=_set_print, args=(False,))  # fmt: skip


def print_view(basis: DecisionBasis) -> None:
    """The decision basis alone, as it is printed: no sidebar, no questions, no buttons."""
    leave_print_view()
    with st.container(key="noprint-help"):
        st.info(tr("a.print.how"), icon=":material/print:")
    st.markdown(decision_basis_markdown(basis, lang()))


def zero_places_view(rec: Recommendation) -> None:
    """When the chosen rule gives 0 places: say so and offer the consistent alternatives."""
    if not rec.choices:
        return
    L = lang()
    content = load_sizing_content()
    with st.container(border=True):
        st.markdown(f"**{tr('a.zero.title')}**")
        if rec.zero_note is not None:
            st.markdown(md_escape(rec.zero_note.text(L)))
        if len(rec.choices) > 1:
            labels = {c: content.text(f"choice_{c}").text(L) for c in rec.choices}
            if st.session_state.get(ZERO_KEY) not in labels:
                st.session_state[ZERO_KEY] = rec.adjustment
            st.radio(tr("a.zero.choice"), list(labels), key=ZERO_KEY, persist_state="session",
                     format_func=labels.__getitem__)  # fmt: skip


def open_points_view(assessment: Assessment) -> None:
    """The "don't know" answers: what to find out, who can answer, and whether it matters."""
    if not assessment.open_points:
        return
    L = lang()
    st.subheader(tr("a.open.title"))
    st.markdown("\n".join(f"- {md_escape(open_point_line(p, L))}" for p in assessment.open_points))


def flags_view(assessment: Assessment) -> None:
    """What the flags raised by the answers mean."""
    if not assessment.flags:
        return
    L = lang()
    qn = load_questionnaire()
    st.subheader(tr("a.flags"))
    st.markdown(
        "\n".join(f"- **{md_escape(qn.flag(f).title(L))}**: {md_escape(qn.flag(f).text(L))}" for f in assessment.flags)
    )


def calculator_button(chosen: Sizing | None) -> None:
    """Carry the chosen sizing into the calculator (when the calculator page is registered)."""
    if not any(spec.path == CALC_PAGE for spec in PAGES) or chosen is None or chosen.exempt or not chosen.places:
        return
    if st.button(tr("a.calc.button"), help=tr("a.calc.help"), icon=":material/calculate:", key="assess_btn_calc"):
        st.session_state["calc.prefill"] = {
            "positions": chosen.places,
            "months": months_per_place(chosen),
            "form": "employment",
        }
        st.switch_page(CALC_PAGE)


def reasons_view(assessment: Assessment) -> None:
    """Every rule behind the verdict with points and a linked source."""
    L = lang()
    st.subheader(tr("a.reasons_title"), anchor=ANCHORS["reasons"])
    st.markdown(tr("a.reasons_intro"))
    st.markdown(
        "\n".join(
            f"- {md_escape(r.text(L))}  \n  :small[{source_md(r.source, r.evidence)}]" for r in assessment.reasons
        )
    )


def table_frame(table: Table) -> pd.DataFrame:
    """A neutral table as a DataFrame for ``st.dataframe``."""
    return pd.DataFrame(list(table.rows), columns=list(table.header))


def sizing_view(rec: Recommendation, custom_ok: bool = True) -> None:
    """The choice of rule, all rule sets side by side, and how the chosen one worked it out (with any adjustment)."""
    L = lang()
    st.subheader(tr("a.sizing_title"), anchor=ANCHORS["sizing"])
    sizings, chosen = rec.sizings, rec.sizing
    if not sizings:
        st.info(tr("a.no_contract"))
        return
    if not rec.assessment.numerical:
        st.caption(tr("a.not_numerical"))
    st.markdown(tr("a.doc.sizing_intro"))
    rule_choice(custom_ok, rec.suggested_rule)
    st.dataframe(table_frame(sizing_table(sizings, rec.rule_id, L)), hide_index=True)
    st.checkbox(tr("a.compare"), key=COMPARE_KEY, persist_state="session", help=tr("a.compare_help"))
    if st.session_state.get(COMPARE_KEY):
        st.markdown(f":small[{md_escape(exchange_rates_line(L))}]")
    if chosen is not None:
        with st.expander(tr("a.sizing_reasons")):
            st.markdown(
                "\n".join(
                    f"- {md_escape(r.text(L))}  \n  :small[{source_md(r.source, r.evidence)}]" for r in chosen.reasons
                )
            )
