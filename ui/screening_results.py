"""Plan screening views: two scenarios compared in metric cards, charts and tables, the rows to check,
one row explained, and the downloads. Text from files is only shown in tables or as escaped text."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt
import pandas as pd
import streamlit as st

from guidance.assessment.plausibility import load_plausibility
from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.sizing import load_sizing_content
from guidance.calculator.calculate import society_value_per_month
from guidance.calculator.parameters import load_parameters
from guidance.core.formatting import fmt_num, fmt_sek
from guidance.core.i18n import t
from guidance.core.models import Lang
from guidance.screening.comparison import CARD_ROWS, card_text, places_by
from guidance.screening.content import load_plan_content
from guidance.screening.report import (
    Report,
    Scenario,
    check_table,
    comparison_table,
    export_frame,
    metric_label,
    screened_csv,
    summary_docx,
    summary_markdown,
    workbook,
)
from guidance.screening.row_detail import RowDetail, default_row, explain_row
from guidance.screening.screen import Policy, best_candidates, metric_values, screen, totals
from ui.charts import DATA, label_limit, show_template, template
from ui.components import document_download, md_escape, source_caption
from ui.followup_entry import add_plan_row_button
from ui.screening_policy import SCENARIO_KEYS
from ui.state import lang, tr

#: Columns of the best-candidates table, in order (export column ids).
BEST_COLUMNS = (
    "row",
    "name",
    "category",
    "value_sek",
    "duration_months",
    "score",
    "outcome",
    "places",
    "employment_months",
    "society_value_sek",
    "why",
)
BEST_MONEY = ("value_sek", "society_value_sek")
#: Money columns of the table of rows to check.
CHECK_MONEY = ("value_sek", "suggested_value_sek")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: Height of the long tables in pixels, and of one bar in the charts.
TABLE_HEIGHT = 360
BAR_STEP = 11
AXIS_LABEL_LIMIT = 260


#: The page's caches of screened plans and what is shown of them: bounded in entries and time, like the
#: cache of read files, because the plans come from uploaded files.
_CACHE = load_plan_content().limits
_cached = st.cache_data(show_spinner=False, max_entries=2 * _CACHE.cache_entries, ttl=_CACHE.cache_ttl_seconds)
#: The two groupings of the charts.
CHART_GROUPS: tuple[Literal["category", "band"], ...] = ("category", "band")


@_cached
def _screen(plan: pd.DataFrame, policy_json: str) -> pd.DataFrame:
    return screen(plan, Policy.model_validate_json(policy_json), check=False)


def screened(plan: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """The checked ``plan`` screened under ``policy`` (cached per plan and policy)."""
    return _screen(plan, policy.model_dump_json())


# --------------------------------------------------------------------------- what the views show
@dataclass(frozen=True)
class Views:
    """Everything the results show that follows from the two screened plans and the language.

    Attributes:
        metrics: each scenario's metric values (A, B).
        comparison: the totals table of both scenarios.
        to_check: how many rows of scenario A look implausible; check_rows: their table (None if none).
        charts: places per scenario, by category and by value band (see :func:`places_by`).
        best: the best candidates under scenario A as shown (empty if none).
        all_rows: every row of scenario A as shown.
        row_names: each row's name, for the row picker; first_row: the row explained first.
    """

    metrics: tuple[dict[str, float], dict[str, float]]
    comparison: pd.DataFrame
    to_check: int
    check_rows: pd.DataFrame | None
    charts: dict[str, pd.DataFrame]
    best: pd.DataFrame
    all_rows: pd.DataFrame
    row_names: dict[Hashable, Any]
    first_row: Hashable | None


@_cached
def _views(
    screened_a: pd.DataFrame,
    screened_b: pd.DataFrame,
    policies: tuple[str, str],
    names: tuple[str, str],
    lg: Lang,
) -> Views:
    content = load_plan_content()
    a, b = (
        Scenario(name, Policy.model_validate_json(policy), frame)
        for name, policy, frame in zip(names, policies, (screened_a, screened_b), strict=True)
    )
    totals_a = totals(screened_a)
    labelled = {
        t(f"plan.scenario.{key}", lg): frame for key, frame in zip(SCENARIO_KEYS, (screened_a, screened_b), strict=True)
    }
    best = best_candidates(screened_a, content.limits.top_n)
    return Views(
        metrics=(metric_values(totals_a), metric_values(totals(screened_b))),
        comparison=comparison_table(a, b, lg),
        to_check=totals_a.to_check,
        check_rows=check_table(screened_a, lg, content) if totals_a.to_check else None,
        charts={by: places_by(labelled, by, lg, content) for by in CHART_GROUPS},
        best=best if best.empty else export_frame(best, lg, content, BEST_COLUMNS),
        all_rows=export_frame(screened_a, lg, content),
        row_names=screened_a["name"].astype("object").to_dict(),
        first_row=default_row(screened_a),
    )


def views(scenarios: list[Scenario]) -> Views:
    """What the results show of both ``scenarios`` in the user's language (cached per plans, policies and language)."""
    a, b = scenarios
    return _views(
        a.screened, b.screened, (a.policy.model_dump_json(), b.policy.model_dump_json()), (a.name, b.name), lang()
    )


@_cached
def _explained(plan: pd.DataFrame, row: Hashable, policy_json: str) -> RowDetail:
    return explain_row(
        plan,
        row,
        Policy.model_validate_json(policy_json),
        load_plan_content(),
        load_questionnaire(),
        load_sizing_content(),
    )


# --------------------------------------------------------------------------- metric cards
def _metrics(v: Views) -> None:
    """Each metric in a card: A, then B with its difference from A."""
    lg = lang()
    ta, tb = v.metrics
    for metric_row in CARD_ROWS:
        cols = st.columns(len(metric_row))
        for col, m in zip(cols, metric_row, strict=True):
            with col.container(border=True):
                st.markdown(f"**{metric_label(m, lg)}**")
                st.metric(tr("plan.scenario.a"), card_text(m, ta[m], lg))
                delta = tb[m] - ta[m]
                st.metric(
                    tr("plan.scenario.b"),
                    card_text(m, tb[m], lg),
                    delta=card_text(m, delta, lg, signed=True) if delta else None,
                )


# --------------------------------------------------------------------------- charts
@_cached
def _bars(lg: Lang, key_col: str, order: tuple[str, ...]) -> dict[str, Any]:
    """The template of grouped bars (places per scenario) by ``key_col`` in ``order``."""
    axis_title = t(f"plan.chart.{key_col}", lg)
    scenario, places = t("plan.chart.scenario", lg), t("plan.chart.places", lg)
    chart = (
        alt.Chart(alt.NamedData(name=DATA))
        .mark_bar()
        .encode(
            y=alt.Y(
                f"{key_col}:N",
                sort=list(order),
                title=axis_title,
                axis=alt.Axis(labelLimit=label_limit(AXIS_LABEL_LIMIT)),
            ),
            x=alt.X("places:Q", title=places, axis=alt.Axis(format="d", tickMinStep=1)),
            yOffset=alt.YOffset("scenario:N", title=scenario),
            color=alt.Color("scenario:N", title=scenario, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip(f"{key_col}:N", title=axis_title),
                alt.Tooltip("scenario:N", title=scenario),
                alt.Tooltip("places:Q", title=places),
                alt.Tooltip("with_requirement:Q", title=t("plan.chart.requirements", lg)),
            ],
        )
        .properties(height=alt.Step(BAR_STEP))
    )
    return template(chart, lg)


def _chart(frame: pd.DataFrame, key_col: str) -> None:
    """Grouped bars (places per scenario) with a table as text alternative."""
    title, axis_title = tr(f"plan.chart.by_{key_col}"), tr(f"plan.chart.{key_col}")
    st.subheader(title)
    if frame.empty:
        return
    spec = _bars(lang(), key_col, tuple(dict.fromkeys(frame[key_col])))
    show_template(spec, frame, width="stretch", alt=tr("plan.chart.alt", title=title))
    with st.expander(tr("plan.chart.table")):
        table = frame.rename(
            columns={
                key_col: axis_title,
                "scenario": tr("plan.chart.scenario"),
                "places": tr("plan.chart.places"),
                "with_requirement": tr("plan.chart.requirements"),
            }
        )
        st.table(table, hide_index=True)


def _charts(v: Views) -> None:
    """Places by category and by value band, one bar per scenario (labelled A and B)."""
    for by in CHART_GROUPS:
        _chart(v.charts[by], by)


# --------------------------------------------------------------------------- tables
def _best(v: Views) -> None:
    """The procurements with the strongest requirement under scenario A."""
    lg = lang()
    st.subheader(tr("plan.best_title"))
    if v.best.empty:
        st.info(tr("plan.best_none"))
        return
    st.caption(tr("plan.best_help"))
    shown = v.best
    money: dict[str, Callable[[float], str]] = {tr(f"plan.out.{c}"): (lambda v: fmt_num(v, lg)) for c in BEST_MONEY}
    st.dataframe(
        shown.style.format(money),
        hide_index=True,
        width="stretch",
        column_config={tr("plan.out.why"): st.column_config.TextColumn(width="large")},
    )


def _checks(v: Views) -> None:
    """The rows whose values look implausible: how many, and each with its warning and likely value."""
    lg = lang()
    plausibility = load_plausibility()
    st.subheader(tr("plan.check_title"))
    st.caption(
        tr(
            "plan.check_help",
            min_value=fmt_sek(plausibility.min_value_sek, lg),
            per_fte=fmt_sek(plausibility.min_labour_cost_per_fte_year, lg),
        )
    )
    count, table = v.to_check, v.check_rows
    if not count or table is None:
        st.info(tr("plan.check_none"), icon=":material/check_circle:")
        return
    st.warning(tr("plan.check_summary", rows=fmt_num(count, lg)), icon=":material/rule:")
    money = {tr(f"plan.out.{c}"): (lambda v: fmt_num(v, lg)) for c in CHECK_MONEY}
    st.dataframe(
        table.style.format(money, na_rep=""),
        hide_index=True,
        width="stretch",
        column_config={tr("plan.out.checks"): st.column_config.TextColumn(width="large")},
    )


def _detail(plan: pd.DataFrame, a: Scenario, v: Views) -> None:
    """The full reasoning for one row: the single assessment and sizing on the same inputs."""
    st.subheader(tr("plan.detail_title"))
    st.caption(tr("plan.detail_help"))
    rows = list(a.screened.index)
    if not rows:
        return
    lg, qn = lang(), load_questionnaire()
    names = v.row_names
    if st.session_state.get("plan.detail") not in rows:
        st.session_state["plan.detail"] = v.first_row
    word = tr("plan.col.row")
    row = st.selectbox(
        tr("plan.detail_pick"),
        rows,
        key="plan.detail",
        persist_state="session",
        format_func=lambda r: f"{word} {r}: {names.get(r) or ''}",
    )
    detail = _explained(plan, row, a.policy.model_dump_json())
    for warning in detail.warnings:
        st.warning(md_escape(warning.text(lg)), icon=":material/rule:")
    cols = st.columns(2)
    with cols[0]:
        verdict = qn.verdict(detail.assessment.verdict).title(lg)
        st.markdown(f"**{tr('plan.detail_assessment')}: {md_escape(verdict)}**")
        st.markdown("\n".join(f"- {md_escape(r.text(lg))}" for r in detail.assessment.reasons))
    with cols[1]:
        st.markdown(f"**{tr('plan.detail_sizing', rule=md_escape(detail.rule.name(lg)))}**")
        st.markdown("\n".join(f"- {md_escape(r.text(lg))}" for r in detail.sizing.reasons))
        source_caption(detail.rule.source, detail.rule.evidence)
    add_plan_row_button(a.screened.loc[row].to_dict(), a.policy.rule)


def results_view(plan: pd.DataFrame, scenarios: list[Scenario]) -> None:
    """Both scenarios compared: cards, totals, charts, the best candidates, all rows and one row explained."""
    a = scenarios[0]
    lg, v = lang(), views(scenarios)
    st.header(tr("plan.results_title"))
    st.markdown("\n".join(f"- {md_escape(s.name)}" for s in scenarios))
    _metrics(v)
    per_month = society_value_per_month(load_parameters(), "employment")
    st.caption(tr("plan.results_caption", per_month=fmt_sek(per_month, lg)))
    with st.expander(tr("plan.totals_table")):
        st.table(v.comparison, hide_index=True)
    _checks(v)
    _charts(v)
    _best(v)
    with st.expander(tr("plan.all_title")):
        st.dataframe(v.all_rows, hide_index=True, width="stretch", height=TABLE_HEIGHT)
    _detail(plan, a, v)


# --------------------------------------------------------------------------- downloads
def exports_view(report: Report) -> None:
    """The report as Excel, CSV, Markdown and Word (each built only when downloaded)."""
    lg = lang()
    st.header(tr("plan.export_title"))
    stem = tr("plan.file_stem")
    downloads = (
        ("xlsx", lambda: workbook(report, lg), XLSX_MIME, ":material/table:"),
        ("csv", lambda: screened_csv(report.scenarios[0].screened, lg), "text/csv", ":material/csv:"),
        ("md", lambda: summary_markdown(report, lg), "text/markdown", ":material/description:"),
        ("docx", lambda: summary_docx(report, lg), DOCX_MIME, ":material/article:"),
    )
    cols = st.columns(2) + st.columns(2)
    for col, (ext, data, mime, icon) in zip(cols, downloads, strict=True):
        with col:
            document_download(
                tr(f"plan.export_{ext}"),
                data,
                key=f"plan_dl_{ext}",
                file_name=f"{stem}.{ext}",
                mime=mime,
                icon=icon,
                width="stretch",
            )
    st.caption(tr("plan.export_note"))
