"""Views of a calculator result: key figures, result per actor, line items, arithmetic, sensitivity, export.

Each function draws one section from values the page has already calculated; amounts are shown in
the user's language (``1 200 000 kr`` in Swedish).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from guidance.calculator.calculate import ACTORS, CalcResult, SensitivityItem
from guidance.calculator.exports import calculator_docx, calculator_workbook, headline_text
from guidance.calculator.inputs_check import Outcome
from guidance.calculator.page_settings import (
    PageSettings,
    SensitivitySettings,
    sensitivity_targets,
)
from guidance.calculator.parameters import ParameterSet
from guidance.calculator.report import ActorSummary, sensitivity_item_name, shown_lines, waterfall_rows
from guidance.core.formatting import fmt_pct, fmt_sek
from ui.calculator.charts import actor_chart, actor_label, sensitivity_chart, show, waterfall_chart
from ui.calculator.state import SENS_TARGET
from ui.components import document_download, md_escape, source_line
from ui.state import default, lang, tr


def outcome_notice(outcome: Outcome) -> None:
    """Say when the result shown is an earlier one, or that there is none yet."""
    if outcome.status == "kept":
        st.warning(tr("calc.err.kept"), icon=":material/history:")
    elif outcome.status == "none":
        st.warning(tr("calc.err.none_yet"), icon=":material/error:")


def key_figures(res: CalcResult) -> None:
    """The heading, one headline figure (society's result for the whole period) with what it means, the limits, warnings."""
    L = lang()
    st.header(tr("calc.results_title"))
    with st.container(border=True):
        st.metric(tr("calc.society_metric"), fmt_sek(res.society_total, L), help=tr("calc.real_resources_help"))
        st.markdown(headline_text(res, L))
    st.info(tr("calc.limits_caption"), icon=":material/info:")
    for key in res.warnings:
        st.warning(tr(key), icon=":material/warning:")


def actors(rows: Sequence[ActorSummary]) -> None:
    """Chart of the result per actor and society, with the same numbers as a table."""
    L = lang()
    st.subheader(tr("calc.chart_title"))
    show(actor_chart(rows), tr("calc.chart_title"))
    with st.expander(tr("calc.table_alt")):
        st.table(
            pd.DataFrame(
                {
                    tr("calc.col.actor"): [actor_label(r.actor) for r in rows],
                    tr("calc.col.monthly"): [fmt_sek(r.monthly, L) for r in rows],
                    tr("calc.col.total"): [fmt_sek(r.total, L) for r in rows],
                    tr("calc.per_person_metric"): [fmt_sek(r.per_person, L) for r in rows],
                }
            ),
            hide_index=True,
        )


#: Session key of the actor whose lines are shown.
BREAKDOWN_ACTOR = "calc.breakdown_actor"


def breakdown(res: CalcResult, settings: PageSettings) -> None:
    """One actor at a time (a choice above): its lines as a waterfall and as a table.

    One actor is drawn at a time rather than all five in tabs: hidden tabs are still drawn, and on
    every change of an input their five charts and tables were most of what the browser redrew.
    """
    L = lang()
    st.subheader(tr("calc.breakdown_title"))
    st.caption(tr("calc.breakdown_intro"))
    default(BREAKDOWN_ACTOR, ACTORS[0])
    labels = {a: actor_label(a) for a in ACTORS}
    chosen = st.selectbox(
        tr("calc.breakdown_pick"),
        list(ACTORS),
        key=BREAKDOWN_ACTOR,
        persist_state="session",
        format_func=labels.__getitem__,
    )
    actor = next(a for a in res.actors if a.actor == chosen)
    show(waterfall_chart(waterfall_rows(actor, min_amount=settings.min_line_amount)), actor_label(actor.actor))
    lines = shown_lines(actor, settings.min_line_amount)
    table = {
        tr("calc.col.item"): [tr(ln.label) for ln in lines] + [tr("calc.sum")],
        tr("calc.col.kind"): [tr(f"calc.kind.{ln.kind}") for ln in lines] + [""],
        tr("calc.col.monthly"): [fmt_sek(ln.monthly, L) for ln in lines] + [fmt_sek(actor.monthly, L)],
        tr("calc.col.one_off"): [fmt_sek(ln.one_off, L) for ln in lines] + [fmt_sek(actor.one_off, L)],
        tr("calc.col.total"): [fmt_sek(ln.total, L) for ln in lines] + [fmt_sek(actor.total, L)],
    }
    st.table(pd.DataFrame(table), hide_index=True)


def arithmetic(res: CalcResult, used: ParameterSet) -> None:
    """The benefit rule that applied and the intermediate monthly amounts."""
    L = lang()
    with st.expander(tr("calc.arith_title")):
        rule = next(r for r in used.benefit_rules if r.id == res.benefit_rule)
        benefit = md_escape(used.benefit(res.benefit_before).name(L))
        st.markdown(tr("calc.benefit_rule", benefit=benefit, note=md_escape(rule.note(L))))
        st.table(
            pd.DataFrame(
                {
                    tr("calc.detail.item"): [tr(f"calc.detail.{k}") for k in res.details],
                    tr("calc.detail.amount"): [fmt_sek(v, L) for v in res.details.values()],
                }
            ),
            hide_index=True,
        )


def notes(used: ParameterSet) -> None:
    """The model's definitions, limits and assumptions, each with its source."""
    L = lang()
    with st.expander(tr("calc.notes_title")):
        for note in used.notes:
            st.markdown(f"**{md_escape(note.title(L))}**")
            st.markdown(note.body(L))
            st.caption(source_line(note.source, note.evidence))


def sensitivity_target(settings: SensitivitySettings) -> str:
    """The sensitivity heading and the choice of whose total to show; returns the chosen target."""
    targets = sensitivity_targets()
    labels = {a: actor_label(a) for a in targets}
    st.subheader(tr("calc.sensitivity_title"))
    st.caption(tr("calc.sensitivity_intro", pct=fmt_pct(settings.step, lang())))
    st.selectbox(
        tr("calc.sensitivity_target"),
        targets,
        key=SENS_TARGET,
        persist_state="session",
        format_func=labels.__getitem__,
    )
    return str(st.session_state.get(SENS_TARGET, settings.default_target))


def sensitivity(items: Sequence[SensitivityItem], used: ParameterSet, settings: SensitivitySettings) -> None:
    """The items that move the total most, as paired bars and a table."""
    L = lang()
    if not items:
        st.info(tr("calc.sensitivity_none"))
        return
    pct = fmt_pct(settings.step, L)
    names = [sensitivity_item_name(it, used, L) for it in items]
    low, high = tr("calc.sens.low", pct=pct), tr("calc.sens.high", pct=pct)
    show(sensitivity_chart(items, names, low, high), tr("calc.sensitivity_title"))
    st.table(
        pd.DataFrame(
            {
                tr("calc.sens.item"): names,
                tr("calc.sens.kind"): [tr(f"calc.sens.kind.{it.kind}") for it in items],
                low: [fmt_sek(it.delta_low, L) for it in items],
                high: [fmt_sek(it.delta_high, L) for it in items],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def export(res: CalcResult, used: ParameterSet, csv_text: str, markdown_text: str) -> None:
    """Download buttons: the Word summary and the Excel workbook for decision-makers, and CSV and Markdown."""
    L = lang()
    st.subheader(tr("calc.export_title"))
    stem, today = tr("calc.file_stem"), dt.date.today()
    c1, c2 = st.columns(2)
    with c1:
        document_download(tr("calc.download_docx"), functools.partial(calculator_docx, res, used, L, today),
                          key="calc_dl_docx", file_name=f"{stem}-{today.isoformat()}.docx", type="primary",
                          mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                          icon=":material/description:")  # fmt: skip
    with c2:
        document_download(tr("calc.download_xlsx"), functools.partial(calculator_workbook, res, used, L, today),
                          key="calc_dl_xlsx", file_name=f"{stem}-{today.isoformat()}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          icon=":material/table_view:")  # fmt: skip
    c3, c4 = st.columns(2)
    c3.download_button(
        tr("calc.download_csv"),
        csv_text,
        file_name=f"{stem}.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    c4.download_button(
        tr("calc.download_md"),
        markdown_text,
        file_name=f"{stem}.md",
        mime="text/markdown",
        icon=":material/article:",
    )
    st.caption(tr("calc.export_note"))
