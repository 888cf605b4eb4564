"""Policy explorer: screen a whole procurement plan and compare two policy options side by side.

The page reads a plan (the bundled synthetic sample or an uploaded CSV/.xlsx), lets the user map
columns and edit rows, and shows what two policies would yield. Reading, checking, screening and
every report are in ``guidance.screening.reading``, ``guidance.screening.screen`` and ``guidance.screening.report``.
Text from files is only ever shown in tables or as escaped text.
"""

from __future__ import annotations

import hashlib
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from pydantic import ValidationError

from guidance.assessment.assess import assess
from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.sizing import load_sizing_content, size
from guidance.calculator.calculate import society_value_per_month
from guidance.calculator.parameters import load_parameters
from guidance.content.loader import CONTENT_DIR
from guidance.core.formatting import fmt_num, fmt_sek
from guidance.screening.content import COLUMN_IDS, load_plan_content
from guidance.screening.reading import (
    ParsedPlan,
    PlanError,
    RawTable,
    auto_mapping,
    check_plan,
    missing_columns,
    parse_plan,
    problems_table,
    read_table,
)
from guidance.screening.report import (
    Report,
    Scenario,
    category_label,
    category_table,
    comparison_table,
    export_frame,
    format_metric,
    metric_label,
    screened_csv,
    summary_docx,
    summary_markdown,
    type_label,
    workbook,
)
from guidance.screening.screen import (
    Assumptions,
    CustomRule,
    Policy,
    answers_from_inputs,
    best_candidates,
    breakdown,
    contract_from_inputs,
    effective_inputs,
    metric_values,
    screen,
    totals,
)
from ui.charts import show_chart
from ui.components import md_escape, page_header, source_caption
from ui.state import default, lang, tr

L = lang()
C = load_plan_content()
QN = load_questionnaire()
SIZING = load_sizing_content()
RULES = [r.id for r in SIZING.rules]
SAMPLE = CONTENT_DIR / "screening" / "sample_plan.csv"
SCENARIO_KEYS = ("a", "b")
MONEY = frozenset({"society_value_sek", "value_with_requirement_sek"})
CUSTOM_TYPES = ("works", "services", "consultancy")
MSEK = 1_000_000
SV_LOCALE = {
    "number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"], "minus": "\u2212"}
}


# --------------------------------------------------------------------------- cached pure steps
@st.cache_data(show_spinner=False, max_entries=8)
def _read(data: bytes, name: str, max_rows: int) -> tuple[RawTable | None, str | None, dict[str, Any]]:
    """Read a file; a file-level problem is returned as (None, key, values)."""
    try:
        return read_table(data, name, max_rows), None, {}
    except PlanError as exc:
        return None, exc.key, exc.values


@st.cache_data(show_spinner=False, max_entries=8)
def _parse(raw: RawTable, mapping: tuple[tuple[str, str], ...]) -> ParsedPlan:
    return parse_plan(raw, dict(mapping))


@st.cache_data(show_spinner=False, max_entries=16)
def _screen(plan: pd.DataFrame, policy_json: str) -> pd.DataFrame:
    return screen(plan, Policy.model_validate_json(policy_json), check=False)


# --------------------------------------------------------------------------- state helpers
def _preset_values(scenario_id: str) -> dict[str, Any]:
    sc = C.scenario(scenario_id)
    return {
        "rule": sc.rule,
        "min_value": sc.min_value_sek / MSEK,
        "categories": list(sc.categories or []),
        "min_duration": sc.min_duration_months,
        "share": round(sc.share * 100),
        "basis": sc.share_basis,
    }


def _apply_preset(key: str) -> None:
    """Fill a scenario's fields from its chosen ready-made scenario (on_change callback)."""
    for field, value in _preset_values(st.session_state[f"plan.{key}.preset"]).items():
        st.session_state[f"plan.{key}.{field}"] = value


def _assumption_defaults() -> dict[str, Any]:
    a = Assumptions.defaults(C)
    return {
        "gates": a.gates_met,
        "risks": a.risks,
        "bonus": a.bonus_capacity,
        "estimate_fte": a.estimate_fte,
        "sek_per_fte_year": int(a.sek_per_fte_year),
        "entry_level": "",
        "market": "",
    }


def _reset_assumptions() -> None:
    for field, value in _assumption_defaults().items():
        st.session_state[f"plan.assume.{field}"] = value


def _init_state() -> None:
    default("plan.source", "sample")
    for key, scenario_id in zip(SCENARIO_KEYS, C.default_scenarios, strict=True):
        default(f"plan.{key}.preset", scenario_id)
        for field, value in _preset_values(scenario_id).items():
            default(f"plan.{key}.{field}", value)
        custom = SIZING.rule("custom")
        for kind in CUSTOM_TYPES:
            default(f"plan.{key}.div.{kind}", custom.divisors_sek.get(kind, 25 * MSEK) / MSEK)
        default(f"plan.{key}.minimum_one", custom.minimum_one)
    for field, value in _assumption_defaults().items():
        default(f"plan.assume.{field}", value)


# --------------------------------------------------------------------------- input
def _file() -> tuple[bytes, str, str] | None:
    """The chosen plan as (bytes, file name, label), or None while nothing is uploaded."""
    st.header(tr("plan.input_title"))
    source = st.radio(
        tr("plan.source_label"),
        ["sample", "upload"],
        key="plan.source",
        persist_state="session",
        horizontal=True,
        format_func={v: tr(f"plan.source.{v}") for v in ("sample", "upload")}.get,
    )
    if source == "sample":
        st.info(tr("plan.synthetic_note"), icon=":material/science:")
        data = SAMPLE.read_bytes()
        st.download_button(
            tr("plan.template"),
            data,
            file_name="exempelplan.csv",
            mime="text/csv",
            key="plan_dl_template",
            on_click="ignore",
            icon=":material/download:",
        )
        return data, SAMPLE.name, tr("plan.doc.sample")
    upload = st.file_uploader(
        tr("plan.upload"),
        type=["csv", "xlsx"],
        key="plan_upload",
        on_change=_remember_upload,
        help=tr("plan.upload_help", mb=fmt_num(C.limits.max_bytes / 1_048_576, L), rows=fmt_num(C.limits.max_rows, L)),
    )
    if upload is not None:
        return upload.getvalue(), upload.name, upload.name
    kept = st.session_state.get(UPLOAD_KEPT)
    if kept is not None:
        st.caption(tr("plan.upload_kept", name=md_escape(kept[1])))
        return kept[0], kept[1], kept[1]
    st.caption(tr("plan.upload_prompt"))
    return None


UPLOAD_KEPT = "plan_state.upload"


def _remember_upload() -> None:
    """Keep the uploaded file when the user leaves the page; forget it when the user removes it."""
    upload = st.session_state.get("plan_upload")
    if upload is None:
        st.session_state.pop(UPLOAD_KEPT, None)
    else:
        st.session_state[UPLOAD_KEPT] = (upload.getvalue(), upload.name)


def _mapping(raw: RawTable, fid: str) -> dict[str, str] | None:
    """The column mapping (auto-detected, changeable); None while required columns are missing."""
    auto = auto_mapping(raw.headers, C)
    if st.session_state.get("plan_state.fid") != fid:
        st.session_state["plan_state.fid"] = fid
        for col in COLUMN_IDS:
            st.session_state[f"plan.map.{col}"] = auto.get(col, "")
    current = {col: st.session_state.get(f"plan.map.{col}", "") for col in COLUMN_IDS}
    missing = missing_columns({k: v for k, v in current.items() if v in raw.headers}, C)
    with st.expander(tr("plan.map_title"), expanded=bool(missing), icon=":material/view_column:"):
        st.caption(tr("plan.map_help"))
        options = ["", *raw.headers]
        cols = st.columns(3)
        for index, col in enumerate(C.columns):
            if st.session_state.get(f"plan.map.{col.id}") not in options:
                st.session_state[f"plan.map.{col.id}"] = ""
            label = col.label(L) + (" *" if col.required else "")
            cols[index % 3].selectbox(
                label,
                options,
                key=f"plan.map.{col.id}",
                persist_state="session",
                help=col.help(L),
                format_func=lambda h, none=tr("plan.map_none"): none if h == "" else h,
            )
        st.caption(tr("plan.map_one_of"))
    mapping = {col: st.session_state.get(f"plan.map.{col}", "") for col in COLUMN_IDS}
    mapping = {k: v for k, v in mapping.items() if v}
    missing = missing_columns(mapping, C)
    if missing:
        names = ", ".join(C.column(c).label(L) for c in missing)
        st.warning(tr("plan.map_missing", columns=names), icon=":material/view_column:")
        return None
    return mapping


def _editor(plan: pd.DataFrame, key: str) -> pd.DataFrame:
    """The plan in an editable table (read-only above the editor limit)."""
    st.subheader(tr("plan.edit_title"))
    labels = {c.id: c.label(L) for c in C.columns}
    cats = list(C.category_ids) + sorted({str(v) for v in plan["category"].dropna() if v not in C.category_ids})
    types = list(C.contract_types) + sorted(
        {str(v) for v in plan["contract_type"].dropna() if v not in C.contract_types}
    )
    config = {
        "_index": st.column_config.NumberColumn(tr("plan.col.row"), disabled=True, format="%d"),
        "name": st.column_config.TextColumn(labels["name"], max_chars=C.limits.max_cell_chars, width="medium"),
        "category": st.column_config.SelectboxColumn(
            labels["category"], options=cats, format_func=lambda v: category_label(v, L, C)
        ),
        "contract_type": st.column_config.SelectboxColumn(
            labels["contract_type"], options=types, format_func=lambda v: type_label(v, L)
        ),
        "value_sek": st.column_config.NumberColumn(labels["value_sek"], min_value=0, format="localized", step=1),
        "duration_months": st.column_config.NumberColumn(labels["duration_months"], min_value=0, step=1, format="%d"),
        "fte": st.column_config.NumberColumn(labels["fte"], min_value=0, step=0.1, format="localized"),
        "labour_share": st.column_config.NumberColumn(labels["labour_share"], min_value=0, max_value=100, step=1),
        "framework": st.column_config.CheckboxColumn(labels["framework"]),
        "start_date": st.column_config.DateColumn(labels["start_date"], format="YYYY-MM-DD"),
    }
    if len(plan) > C.limits.editor_max_rows:
        st.caption(tr("plan.readonly_note", max=fmt_num(C.limits.editor_max_rows, L)))
        st.dataframe(plan, width="stretch", height=360, column_config=config, placeholder="")
        return plan
    st.caption(tr("plan.edit_help"))
    base_key, out_key = f"plan_state.base.{key}", f"plan_state.out.{key}"
    if key not in st.session_state:
        # A new visit to the page: start from the table as the user last left it.
        st.session_state[base_key] = st.session_state.get(out_key, plan)
    edited = st.data_editor(
        st.session_state[base_key],
        key=key,
        num_rows="dynamic",
        column_config=config,
        width="stretch",
        height=360,
        hide_index=False,
        placeholder="",
    )
    st.session_state[out_key] = edited
    st.button(
        tr("plan.edit_reset"), key="plan_btn_reset_edits", on_click=_reset_edits, args=(key,), icon=":material/undo:"
    )
    return edited


def _reset_edits(key: str) -> None:
    st.session_state["plan_state.editor_version"] = st.session_state.get("plan_state.editor_version", 0) + 1
    for stale in (key, f"plan_state.base.{key}", f"plan_state.out.{key}"):
        st.session_state.pop(stale, None)


def _problems(problems: pd.DataFrame, bad: int, good: int) -> None:
    """A summary and a plain-text table of the problems (never rendered as HTML)."""
    if not len(problems):
        st.success(tr("plan.no_problems"), icon=":material/check_circle:")
        return
    st.subheader(tr("plan.problems_title"))
    warnings = int((problems["severity"] == "warning").sum())
    notes = int((problems["severity"] == "note").sum())
    st.warning(
        tr(
            "plan.problems_summary",
            bad=fmt_num(bad, L),
            warnings=fmt_num(warnings, L),
            notes=fmt_num(notes, L),
            good=fmt_num(good, L),
        ),
        icon=":material/rule:",
    )
    limit = C.limits.max_problems_shown
    if len(problems) > limit:
        st.caption(tr("plan.problems_more", shown=fmt_num(limit, L), total=fmt_num(len(problems), L)))
    st.dataframe(
        problems_table(problems, L, C, limit=limit),
        hide_index=True,
        width="stretch",
        placeholder="",
        column_config={tr("plan.col.problem"): st.column_config.TextColumn(width="large")},
    )


# --------------------------------------------------------------------------- policy
def _scenario_inputs(key: str) -> Policy | None:
    """The widgets of one scenario; returns its policy (assumptions filled in later)."""
    st.subheader(tr(f"plan.scenario.{key}"))
    ids = [s.id for s in C.scenarios]
    st.selectbox(
        tr("plan.preset"),
        ids,
        key=f"plan.{key}.preset",
        persist_state="session",
        help=tr("plan.preset_help"),
        format_func=lambda i: C.scenario(i).name(L),
        on_change=_apply_preset,
        args=(key,),
    )
    rule = st.selectbox(
        tr("plan.rule"),
        RULES,
        key=f"plan.{key}.rule",
        persist_state="session",
        help=tr("plan.rule_help"),
        format_func=lambda r: SIZING.rule(r).name(L),
    )
    custom = None
    if rule == "custom":
        for kind in CUSTOM_TYPES:
            st.number_input(
                tr("plan.custom_divisor", type=type_label(kind, L).lower()),
                min_value=0.1,
                max_value=10_000.0,
                step=5.0,
                key=f"plan.{key}.div.{kind}",
                persist_state="session",
            )
        st.checkbox(tr("plan.custom_minimum_one"), key=f"plan.{key}.minimum_one", persist_state="session")
        template = SIZING.rule("custom")
        divisors = {k: st.session_state[f"plan.{key}.div.{k}"] * MSEK for k in CUSTOM_TYPES}
        minimum_one = st.session_state[f"plan.{key}.minimum_one"]
        if divisors != dict(template.divisors_sek) or minimum_one != template.minimum_one:
            custom = CustomRule(divisors_sek=divisors, minimum_one=minimum_one)
    st.number_input(
        tr("plan.min_value"),
        min_value=0.0,
        max_value=100_000.0,
        step=1.0,
        key=f"plan.{key}.min_value",
        persist_state="session",
        help=tr("plan.min_value_help"),
        format="%.1f",
    )
    st.multiselect(
        tr("plan.categories"),
        list(C.category_ids),
        key=f"plan.{key}.categories",
        persist_state="session",
        format_func=lambda c: category_label(c, L, C),
        help=tr("plan.categories_help"),
        placeholder=tr("plan.categories_all"),
    )
    st.number_input(
        tr("plan.min_duration"),
        min_value=0,
        max_value=240,
        step=1,
        key=f"plan.{key}.min_duration",
        persist_state="session",
        help=tr("plan.min_duration_help"),
    )
    st.slider(
        tr("plan.share"),
        min_value=1,
        max_value=100,
        key=f"plan.{key}.share",
        persist_state="session",
        help=tr("plan.share_help"),
    )
    st.radio(
        tr("plan.share_basis"),
        ["score", "value"],
        key=f"plan.{key}.basis",
        persist_state="session",
        horizontal=True,
        format_func={b: tr(f"plan.share_basis.{b}") for b in ("score", "value")}.get,
    )
    cats = st.session_state[f"plan.{key}.categories"]
    try:
        return Policy(
            rule=rule,
            custom=custom,
            min_value_sek=st.session_state[f"plan.{key}.min_value"] * MSEK,
            categories=tuple(cats) if cats else None,
            min_duration_months=int(st.session_state[f"plan.{key}.min_duration"]),
            share=st.session_state[f"plan.{key}.share"] / 100,
            share_basis=st.session_state[f"plan.{key}.basis"],
        )
    except ValidationError as exc:
        st.error(tr("plan.err.policy", detail=md_escape(str(exc.errors()[0]["msg"]))), icon=":material/error:")
        return None


def _assumptions() -> Assumptions:
    """The shared assumptions (expander) with the categories' defaults as a table."""
    with st.expander(tr("plan.assumptions_title"), icon=":material/tune:"):
        st.caption(tr("plan.assumptions_help"))
        st.checkbox(
            tr("plan.assume.gates"), key="plan.assume.gates", persist_state="session", help=tr("plan.assume.gates_help")
        )
        st.radio(
            tr("plan.assume.risks"),
            ["category", "none", "unknown"],
            key="plan.assume.risks",
            persist_state="session",
            format_func={r: tr(f"plan.assume.risks.{r}") for r in ("category", "none", "unknown")}.get,
            horizontal=True,
        )
        st.checkbox(tr("plan.assume.bonus"), key="plan.assume.bonus", persist_state="session")
        cols = st.columns(2)
        cols[0].checkbox(tr("plan.assume.estimate_fte"), key="plan.assume.estimate_fte", persist_state="session")
        cols[1].number_input(
            tr("plan.assume.sek_per_fte_year"),
            min_value=100_000,
            max_value=5_000_000,
            step=10_000,
            key="plan.assume.sek_per_fte_year",
            persist_state="session",
            help=C.assumptions.sek_per_fte_year_note(L),
        )
        for attr, col in zip(("entry_level", "market"), st.columns(2), strict=True):
            q = QN.question(attr)
            col.selectbox(
                tr(f"plan.assume.{attr}"),
                ["", *(o.id for o in q.options)],
                key=f"plan.assume.{attr}",
                persist_state="session",
                format_func={"": tr("plan.assume.by_category"), **{o.id: o.label(L) for o in q.options}}.get,
            )
        st.caption(tr("plan.assume.direct_award"))
        st.button(
            tr("plan.assume.reset"),
            key="plan_btn_reset_assumptions",
            on_click=_reset_assumptions,
            icon=":material/restart_alt:",
        )
        st.markdown(f"**{tr('plan.assume.table_title')}**")
        st.dataframe(
            category_table(L, C),
            hide_index=True,
            width="stretch",
            column_config={tr("plan.cat.why"): st.column_config.TextColumn(width="large")},
        )
        source_caption(C.assumptions.source, C.assumptions.evidence)
    s = st.session_state
    return Assumptions(
        gates_met=s["plan.assume.gates"],
        risks=s["plan.assume.risks"],
        bonus_capacity=s["plan.assume.bonus"],
        estimate_fte=s["plan.assume.estimate_fte"],
        sek_per_fte_year=s["plan.assume.sek_per_fte_year"],
        entry_level=s["plan.assume.entry_level"] or None,
        market=s["plan.assume.market"] or None,
    )


def _scenario_name(key: str, policy: Policy) -> str:
    base = tr(f"plan.scenario.{key}")
    preset = st.session_state.get(f"plan.{key}.preset")
    if preset and policy.model_copy(update={"assumptions": Assumptions()}) == Policy.from_scenario(
        preset, Assumptions(), C
    ):
        return f"{base}: {C.scenario(preset).name(L)}"
    return base


# --------------------------------------------------------------------------- results
def _chart(frame: pd.DataFrame, key_col: str, title: str, axis_title: str) -> None:
    """Grouped bars (places per scenario) with a table as text alternative."""
    st.subheader(title)
    if frame.empty:
        return
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(
                f"{key_col}:N",
                sort=list(dict.fromkeys(frame[key_col])),
                title=axis_title,
                axis=alt.Axis(labelLimit=260),
            ),
            x=alt.X("places:Q", title=tr("plan.chart.places"), axis=alt.Axis(format="d", tickMinStep=1)),
            yOffset=alt.YOffset("scenario:N", title=tr("plan.chart.scenario")),
            color=alt.Color("scenario:N", title=tr("plan.chart.scenario"), legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip(f"{key_col}:N", title=axis_title),
                alt.Tooltip("scenario:N", title=tr("plan.chart.scenario")),
                alt.Tooltip("places:Q", title=tr("plan.chart.places")),
                alt.Tooltip("with_requirement:Q", title=tr("plan.chart.requirements")),
            ],
        )
        .properties(height=alt.Step(11))
    )
    if L == "sv":
        chart = chart.configure(locale=SV_LOCALE)
    show_chart(chart, width="stretch", alt=tr("plan.chart.alt", title=title))
    with st.expander(tr("plan.chart.table")):
        table = frame.rename(
            columns={
                key_col: axis_title,
                "scenario": tr("plan.chart.scenario"),
                "places": tr("plan.chart.places"),
                "with_requirement": tr("plan.chart.requirements"),
            }
        )
        st.dataframe(table, hide_index=True, width="stretch")


def _chart_frame(scenarios: list[Scenario], by: str) -> pd.DataFrame:
    rows = []
    bands = {band.id: band.label(L) for band in C.value_bands}
    for scenario_key, s in zip(SCENARIO_KEYS, scenarios, strict=True):
        b = breakdown(s.screened, by, C)  # type: ignore[arg-type]
        for r in b.itertuples():
            group = getattr(r, by)
            label = category_label(group, L, C) if by == "category" else bands[group]
            rows.append(
                {
                    by: label,
                    "scenario": tr(f"plan.scenario.{scenario_key}"),
                    "places": int(r.places),
                    "with_requirement": int(r.with_requirement),
                }
            )
    return pd.DataFrame(rows)


def _short(metric: str, value: float, signed: bool = False) -> str:
    """A metric for a metric card: money in millions, a plain hyphen for negatives (arrow direction)."""
    if metric in MONEY:
        amount = abs(value) if signed else value
        unit, scale = ("plan.unit.bsek", 1000 * MSEK) if abs(value) >= 1000 * MSEK else ("plan.unit.msek", MSEK)
        text = tr(unit, value=fmt_num(amount / scale, L, 1 if abs(amount / scale) < 100 else 0))
        return (("+" if value > 0 else "-") + text) if signed and value else text
    return format_metric(metric, value, L, signed=signed).replace("\u2212", "-")


def _metrics(a: Scenario, b: Scenario) -> None:
    ta, tb = metric_values(totals(a.screened)), metric_values(totals(b.screened))
    for metric_row in (
        ("in_policy", "places", "employment_months", "society_value_sek"),
        ("basic", "advanced", "spearhead", "internship_months"),
    ):
        cols = st.columns(len(metric_row))
        for col, m in zip(cols, metric_row, strict=True):
            with col.container(border=True):
                st.markdown(f"**{metric_label(m, L)}**")
                st.metric(tr("plan.scenario.a"), _short(m, ta[m]))
                delta = tb[m] - ta[m]
                st.metric(
                    tr("plan.scenario.b"), _short(m, tb[m]), delta=_short(m, delta, signed=True) if delta else None
                )


def _detail(plan: pd.DataFrame, screened: pd.DataFrame, policy: Policy) -> None:
    """The full reasoning for one row: the single assessment and sizing on the same inputs."""
    st.subheader(tr("plan.detail_title"))
    st.caption(tr("plan.detail_help"))
    rows = list(screened.index)
    if not rows:
        return
    names = screened["name"].astype("object").to_dict()
    if st.session_state.get("plan.detail") not in rows:
        st.session_state["plan.detail"] = (
            int(best_candidates(screened, 1).index[0]) if len(best_candidates(screened, 1)) else rows[0]
        )
    row = st.selectbox(
        tr("plan.detail_pick"),
        rows,
        key="plan.detail",
        persist_state="session",
        format_func=lambda r, word=tr("plan.col.row"): f"{word} {r}: {names.get(r) or ''}",
    )
    inputs = effective_inputs(plan.loc[[row]], policy.assumptions, C, QN).iloc[0].to_dict()
    result = assess(answers_from_inputs(inputs, policy.assumptions, QN))
    sizing = size(contract_from_inputs(inputs), policy.sizing_rule(SIZING))
    cols = st.columns(2)
    with cols[0]:
        st.markdown(f"**{tr('plan.detail_assessment')}: {md_escape(QN.verdict(result.verdict).title(L))}**")
        st.markdown("\n".join(f"- {md_escape(r.text(L))}" for r in result.reasons))
    with cols[1]:
        st.markdown(f"**{tr('plan.detail_sizing', rule=md_escape(SIZING.rule(policy.rule).name(L)))}**")
        st.markdown("\n".join(f"- {md_escape(r.text(L))}" for r in sizing.reasons))
        source_caption(SIZING.rule(policy.rule).source, SIZING.rule(policy.rule).evidence)


def _results(plan: pd.DataFrame, scenarios: list[Scenario]) -> None:
    a, b = scenarios
    st.header(tr("plan.results_title"))
    per_month = society_value_per_month(load_parameters(), "employment")
    st.markdown("\n".join(f"- {md_escape(s.name)}" for s in scenarios))
    _metrics(a, b)
    st.caption(tr("plan.results_caption", per_month=fmt_sek(per_month, L)))
    with st.expander(tr("plan.totals_table")):
        st.dataframe(comparison_table(a, b, L), hide_index=True, width="stretch")
    _chart(_chart_frame(scenarios, "category"), "category", tr("plan.chart.by_category"), tr("plan.chart.category"))
    _chart(_chart_frame(scenarios, "band"), "band", tr("plan.chart.by_band"), tr("plan.chart.band"))

    st.subheader(tr("plan.best_title"))
    best = best_candidates(a.screened, C.limits.top_n)
    if best.empty:
        st.info(tr("plan.best_none"))
    else:
        st.caption(tr("plan.best_help"))
        shown = export_frame(best, L, C)
        keep = [
            tr(f"plan.out.{c}")
            for c in (
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
        ]
        money = {tr("plan.out.value_sek"), tr("plan.out.society_value_sek")}
        styled = shown[keep].style.format({c: (lambda v: fmt_num(v, L)) for c in money})
        st.dataframe(
            styled,
            hide_index=True,
            width="stretch",
            column_config={tr("plan.out.why"): st.column_config.TextColumn(width="large")},
        )
    with st.expander(tr("plan.all_title")):
        st.dataframe(export_frame(a.screened, L, C), hide_index=True, width="stretch", height=360)
    _detail(plan, a.screened, a.policy)


def _exports(report: Report) -> None:
    st.header(tr("plan.export_title"))
    stem = tr("plan.file_stem")
    cols = st.columns(2) + st.columns(2)
    cols[0].download_button(
        tr("plan.export_xlsx"),
        lambda: workbook(report, L),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="plan_dl_xlsx",
        on_click="ignore",
        icon=":material/table:",
        width="stretch",
    )
    cols[1].download_button(
        tr("plan.export_csv"),
        lambda: screened_csv(report.scenarios[0].screened, L),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="plan_dl_csv",
        on_click="ignore",
        icon=":material/csv:",
        width="stretch",
    )
    cols[2].download_button(
        tr("plan.export_md"),
        lambda: summary_markdown(report, L),
        file_name=f"{stem}.md",
        mime="text/markdown",
        key="plan_dl_md",
        on_click="ignore",
        icon=":material/description:",
        width="stretch",
    )
    cols[3].download_button(
        tr("plan.export_docx"),
        lambda: summary_docx(report, L),
        file_name=f"{stem}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="plan_dl_docx",
        on_click="ignore",
        icon=":material/article:",
        width="stretch",
    )
    st.caption(tr("plan.export_note"))


# --------------------------------------------------------------------------- page
page_header("page.screening", "plan.intro")
_init_state()
chosen = _file()
if chosen is not None:
    data, name, label = chosen
    raw, error, values = _read(data, name, C.limits.max_rows)
    if raw is None:
        st.error(PlanError(error or "plan.err.empty", **values).message(L), icon=":material/error:")
        st.stop()
    fid = hashlib.sha256(data).hexdigest()[:16] + name
    st.caption(tr("plan.file_info", rows=fmt_num(len(raw.cells), L), name=md_escape(label)))
    mapping = _mapping(raw, fid)
    if mapping is None:
        st.stop()
    parsed = _parse(raw, tuple(sorted(mapping.items())))
    version = st.session_state.get("plan_state.editor_version", 0)
    map_id = hashlib.sha256(repr(sorted(mapping.items())).encode()).hexdigest()[:8]
    edited = _editor(parsed.plan, f"plan_editor_{fid[:16]}_{map_id}_{version}")
    checked = check_plan(edited, C, parsed.problems)
    _problems(checked.problems, len(checked.bad_rows), len(checked.plan))
    if checked.plan.empty:
        st.warning(tr("plan.nothing_to_screen"), icon=":material/warning:")
        st.stop()

    st.header(tr("plan.policy_title"))
    st.caption(tr("plan.policy_help"))
    assumptions = _assumptions()
    policies: list[Policy | None] = []
    for col, key in zip(st.columns(2, border=True), SCENARIO_KEYS, strict=True):
        with col:
            policies.append(_scenario_inputs(key))
    if any(p is None for p in policies):
        st.stop()
    scenarios = []
    for key, policy in zip(SCENARIO_KEYS, policies, strict=True):
        assert policy is not None
        full = policy.model_copy(update={"assumptions": assumptions})
        scenarios.append(Scenario(_scenario_name(key, full), full, _screen(checked.plan, full.model_dump_json())))
    _results(checked.plan, scenarios)
    _exports(Report(plan_label=label, scenarios=tuple(scenarios), problems=checked.problems))
