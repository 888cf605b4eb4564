"""Socio-economic calculator: inputs in three groups, result per actor, line items, sensitivity, parameters.

All arithmetic is in ``guidance.calculator.calculate``; this page reads widgets, calls it and renders the result.
"""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from pydantic import ValidationError

from guidance.calculator.calculate import (
    CalcResult,
    calculate,
    load_parameters,
    result_csv,
    sensitivity,
    summary_markdown,
    waterfall_rows,
    with_overrides,
)
from guidance.calculator.parameters import ACTORS, CalcInputs, Parameter, ParameterError, ParameterSet
from guidance.core.formatting import fmt_num, fmt_pct, fmt_sek
from ui.charts import show_chart
from ui.components import md_escape, page_header, source_line
from ui.state import default, lang, tr

L = lang()
BASE: ParameterSet = load_parameters()
START = BASE.default_inputs("employment")
PCT_FIELDS = {"work_share", "productivity", "supervision_share"}
INT_FIELDS = {"months", "positions"}
STEP = 0.1
LAST_RESULT, LAST_OVERRIDES = "calc.last_result", "calc.last_overrides"


# -- state ----------------------------------------------------------------------------------------


def _shown(field: str, value: Any) -> Any:
    """An input value as the widget shows it (percent for shares)."""
    if field in PCT_FIELDS:
        return round(float(value) * 100, 6)
    if isinstance(value, float):
        return float(value)
    return value


def _param_shown(p: Parameter) -> float:
    return round(p.value * 100, 6) if p.unit == "share" else float(p.value)


def _apply_prefill() -> None:
    """Take over places, months and form from the assessment once."""
    prefill = st.session_state.pop("calc.prefill", None)
    if not isinstance(prefill, dict):
        return
    for field in ("positions", "months"):
        try:
            st.session_state[f"calc.{field}"] = int(prefill[field])
        except (KeyError, TypeError, ValueError):
            pass
    if prefill.get("form") in {o.id for o in BASE.options.form}:
        st.session_state["calc.form"] = prefill["form"]
    st.session_state["calc.prefilled"] = True


def _reset_inputs() -> None:
    for field in CalcInputs.model_fields:
        st.session_state.pop(f"calc.{field}", None)
    st.session_state.pop("calc.prefilled", None)


def _reset_params() -> None:
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(("calc.p.", "calc.s."))]:
        del st.session_state[key]


_apply_prefill()
for _field, _value in START.model_dump().items():
    default(f"calc.{_field}", _shown(_field, _value))
for _p in BASE.parameters:
    default(f"calc.p.{_p.id}", _param_shown(_p))
for _s in BASE.schedules:
    for _i, (_x, _y) in enumerate(_s.points):
        default(f"calc.s.{_s.id}.{_i}", float(_y))
default("calc.scale_n", 100)
default("calc.sens_target", "society")


# -- reading and validating -------------------------------------------------------------------------


def _read_inputs() -> tuple[CalcInputs | None, dict[str, str]]:
    raw: dict[str, Any] = {}
    for field in CalcInputs.model_fields:
        value = st.session_state.get(f"calc.{field}")
        if field in PCT_FIELDS and isinstance(value, (int, float)):
            value = value / 100
        raw[field] = value
    try:
        return CalcInputs.model_validate(raw), {}
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            field = str(err["loc"][0]) if err.get("loc") else "-"
            key = f"calc.err.{field}"
            errors.setdefault(field, tr(key) if tr(key) != key else tr("calc.err.generic"))
        return None, errors


def _range_message(err: ParameterError, p: Parameter | None) -> str:
    if err.message_key != "calc.err.param_range" or p is None:
        return tr(err.message_key)
    scale = 100 if p.unit == "share" else 1
    return tr(
        err.message_key,
        min=fmt_num(err.values["min"] * scale, L, 2 if scale == 100 else 0),
        max=fmt_num(err.values["max"] * scale, L, 2 if scale == 100 else 0),
    )


def _read_overrides() -> tuple[dict[str, Any], dict[str, str]]:
    """Edited parameter values (each checked on its own) and the errors per parameter id."""
    overrides: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for p in BASE.parameters:
        value = st.session_state.get(f"calc.p.{p.id}")
        if isinstance(value, (int, float)) and p.unit == "share":
            value = value / 100
        if isinstance(value, (int, float)) and math.isclose(value, p.value, rel_tol=1e-9, abs_tol=1e-12):
            continue
        try:
            with_overrides(BASE, {p.id: value})
            overrides[p.id] = value
        except ParameterError as exc:
            errors[p.id] = _range_message(exc, p)
    for s in BASE.schedules:
        points = [(x, st.session_state.get(f"calc.s.{s.id}.{i}")) for i, (x, _) in enumerate(s.points)]
        if all(isinstance(y, (int, float)) and math.isclose(y, y0) for (_, y), (_, y0) in zip(points, s.points, strict=False)):
            continue
        try:
            with_overrides(BASE, {s.id: points})
            overrides[s.id] = points
        except ParameterError as exc:
            errors[s.id] = tr(exc.message_key)
    return overrides, errors


# -- inputs ----------------------------------------------------------------------------------------

page_header("page.calculator", "calc.intro")
if st.session_state.get("calc.prefilled"):
    st.info(tr("calc.prefill_info"), icon=":material/input:")

slots: dict[str, Any] = {}


def _select(field: str) -> None:
    labels = {o.id: o.label(L) for o in getattr(BASE.options, field)}
    st.selectbox(
        tr(f"calc.in.{field}"),
        list(labels),
        key=f"calc.{field}",
        persist_state="session",
        help=tr(f"calc.help.{field}"),
        format_func=labels.__getitem__,
    )
    slots[field] = st.empty()


def _number(field: str) -> None:
    is_int = field in INT_FIELDS
    st.number_input(
        tr(f"calc.in.{field}"),
        key=f"calc.{field}",
        persist_state="session",
        help=tr(f"calc.help.{field}"),
        step=1 if is_int else (1.0 if field in PCT_FIELDS else 500.0),
        format=None if is_int else ("%.1f" if field in PCT_FIELDS else "%.0f"),
    )
    slots[field] = st.empty()


def _flag(field: str) -> None:
    st.checkbox(tr(f"calc.in.{field}"), key=f"calc.{field}", persist_state="session", help=tr(f"calc.help.{field}"))


st.header(tr("calc.inputs_title"))
internship = st.session_state.get("calc.form") == "internship"
col_person, col_job, col_costs = st.columns(3)
with col_person.container(border=True):
    st.subheader(tr("calc.group.person"))
    _select("age")
    _select("unemployed")
    _flag("newly_arrived")
    _flag("unemployment_insurance")
    _flag("housing_allowance")
with col_job.container(border=True):
    st.subheader(tr("calc.group.job"))
    _select("buyer")
    _select("form")
    _number("months")
    _number("positions")
    _number("work_share")
    if internship:
        _number("intern_output")
    else:
        _number("wage")
        _select("subsidy")
        _number("productivity")
with col_costs.container(border=True):
    st.subheader(tr("calc.group.costs"))
    _number("supervisor_wage")
    _number("supervision_share")
    _number("admin_cost")
    _number("procurement_cost")
    _number("bonus")
    st.button(tr("calc.reset_inputs"), on_click=_reset_inputs, icon=":material/restart_alt:")

inputs, input_errors = _read_inputs()
overrides, param_errors = _read_overrides()
for field, message in input_errors.items():
    (slots[field] if field in slots else st).error(message, icon=":material/error:")

params = BASE
if inputs is not None and not param_errors:
    params = with_overrides(BASE, overrides)
    result: CalcResult | None = calculate(inputs, params)
    st.session_state[LAST_RESULT] = result
    st.session_state[LAST_OVERRIDES] = overrides
else:
    result = st.session_state.get(LAST_RESULT)
    if isinstance(result, CalcResult):
        params = with_overrides(BASE, st.session_state.get(LAST_OVERRIDES) or {})
        st.warning(tr("calc.err.kept"), icon=":material/history:")
    else:
        result = None
        st.warning(tr("calc.err.none_yet"), icon=":material/error:")


# -- results ---------------------------------------------------------------------------------------

#: Number format of chart axes in Swedish (space for thousands, decimal comma, real minus sign).
SV_LOCALE = {
    "number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"], "minus": "\u2212"}
}


def _chart(chart: Any, alt_text: str) -> None:
    """Show an altair chart with axes formatted for the user's language and a text alternative."""
    if L == "sv":
        chart = chart.configure(locale=SV_LOCALE)
    show_chart(chart, width="stretch", alt=alt_text)


def _actor_label(actor: str) -> str:
    return tr(f"calc.actor.{actor}")


def _actor_chart(res: CalcResult) -> alt.Chart:
    rows = [{"actor": _actor_label(a.actor), "total": a.total} for a in res.actors]
    rows.append({"actor": _actor_label("society"), "total": res.society_total})
    df = pd.DataFrame(rows)
    df["sign"] = [tr("calc.gain") if v >= 0 else tr("calc.loss") for v in df["total"]]
    df["text"] = [fmt_sek(v, L) for v in df["total"]]
    order = list(df["actor"])
    base = alt.Chart(df).encode(
        y=alt.Y("actor:N", sort=order, title=tr("calc.chart_actor")),
        x=alt.X("total:Q", title=tr("calc.chart_value"), scale=alt.Scale(padding=80)),
        tooltip=[
            alt.Tooltip("actor:N", title=tr("calc.chart_actor")),
            alt.Tooltip("text:N", title=tr("calc.chart_value")),
        ],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "sign:N",
            title=tr("calc.chart_sign"),
            scale=alt.Scale(domain=[tr("calc.gain"), tr("calc.loss")], range=["#1b7837", "#b2182b"]),
        )
    )
    gains = base.transform_filter("datum.total >= 0").mark_text(align="left", dx=4, color="#1a1a1a")
    losses = base.transform_filter("datum.total < 0").mark_text(align="right", dx=-4, color="#1a1a1a")
    return (bars + gains.encode(text="text:N") + losses.encode(text="text:N")).properties(height=260)


def _waterfall(actor: Any) -> alt.Chart:
    rows = waterfall_rows(actor)
    df = pd.DataFrame(rows)
    df["item"] = [tr(label) for label in df["label"]]
    df["text"] = [fmt_sek(v, L) for v in df["amount"]]
    df["sign"] = [
        tr("calc.sum") if t else (tr("calc.gain") if v >= 0 else tr("calc.loss"))
        for v, t in zip(df["amount"], df["is_total"], strict=False)
    ]
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("item:N", sort=list(df["item"]), title=None, axis=alt.Axis(labelLimit=320, labelOverlap=False)),
            x=alt.X("start:Q", title=tr("calc.chart_value")),
            x2="end:Q",
            color=alt.Color(
                "sign:N",
                title=tr("calc.chart_sign"),
                scale=alt.Scale(
                    domain=[tr("calc.gain"), tr("calc.loss"), tr("calc.sum")], range=["#1b7837", "#b2182b", "#0b5394"]
                ),
            ),
            tooltip=[
                alt.Tooltip("item:N", title=tr("calc.col.item")),
                alt.Tooltip("text:N", title=tr("calc.col.total")),
            ],
        )
        .properties(height=max(120, 34 * len(df)))
    )


def _lines_table(actor: Any) -> pd.DataFrame:
    rows = [ln for ln in actor.lines if abs(ln.total) >= 0.5 or abs(ln.monthly) >= 0.5]
    return pd.DataFrame(
        {
            tr("calc.col.item"): [tr(ln.label) for ln in rows] + [tr("calc.sum")],
            tr("calc.col.kind"): [tr(f"calc.kind.{ln.kind}") for ln in rows] + [""],
            tr("calc.col.monthly"): [fmt_sek(ln.monthly, L) for ln in rows] + [fmt_sek(actor.monthly, L)],
            tr("calc.col.one_off"): [fmt_sek(ln.one_off, L) for ln in rows] + [fmt_sek(actor.one_off, L)],
            tr("calc.col.total"): [fmt_sek(ln.total, L) for ln in rows] + [fmt_sek(actor.total, L)],
        }
    )


def _render_result(res: CalcResult, used: ParameterSet) -> None:
    inp = res.inputs
    st.header(tr("calc.results_title"))
    st.caption(tr("calc.period", months=fmt_num(inp.months, L), positions=fmt_num(inp.positions, L)))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(tr("calc.society_metric"), fmt_sek(res.society_total, L))
    m2.metric(tr("calc.society_monthly_metric"), fmt_sek(res.society_monthly, L))
    m3.metric(tr("calc.per_person_metric"), fmt_sek(res.per_person["society"], L))
    m4.metric(
        tr("calc.real_resources_metric"), fmt_sek(res.real_resources_total, L), help=tr("calc.real_resources_help")
    )
    st.info(tr("calc.limits_caption"), icon=":material/info:")
    for key in res.warnings:
        st.warning(tr(key), icon=":material/warning:")

    st.number_input(tr("calc.scale_label"), key="calc.scale_n", persist_state="session", step=10)
    n = st.session_state.get("calc.scale_n")
    if isinstance(n, int) and 1 <= n <= 1_000_000:
        st.markdown(tr("calc.scale_result", n=fmt_num(n, L), amount=fmt_sek(res.per_person["society"] * n, L)))
    else:
        st.error(tr("calc.err.scale"), icon=":material/error:")

    st.subheader(tr("calc.chart_title"))
    _chart(_actor_chart(res), tr("calc.chart_title"))
    with st.expander(tr("calc.table_alt")):
        st.dataframe(
            pd.DataFrame(
                {
                    tr("calc.col.actor"): [_actor_label(a.actor) for a in res.actors] + [_actor_label("society")],
                    tr("calc.col.monthly"): [fmt_sek(a.monthly, L) for a in res.actors]
                    + [fmt_sek(res.society_monthly, L)],
                    tr("calc.col.total"): [fmt_sek(a.total, L) for a in res.actors] + [fmt_sek(res.society_total, L)],
                    tr("calc.per_person_metric"): [fmt_sek(res.per_person[a.actor], L) for a in res.actors]
                    + [fmt_sek(res.per_person["society"], L)],
                }
            ),
            hide_index=True,
            width="stretch",
        )

    st.subheader(tr("calc.breakdown_title"))
    st.caption(tr("calc.breakdown_intro"))
    for tab, actor in zip(st.tabs([_actor_label(a) for a in ACTORS]), res.actors, strict=False):
        with tab:
            _chart(_waterfall(actor), _actor_label(actor.actor))
            st.dataframe(_lines_table(actor), hide_index=True, width="stretch")

    with st.expander(tr("calc.arith_title")):
        rule = next(r for r in used.benefit_rules if r.id == res.benefit_rule)
        st.markdown(
            tr(
                "calc.benefit_rule",
                benefit=md_escape(used.benefit(res.benefit_before).name(L)),
                note=md_escape(rule.note(L)),
            )
        )
        st.dataframe(
            pd.DataFrame(
                {
                    tr("calc.detail.item"): [tr(f"calc.detail.{k}") for k in res.details],
                    tr("calc.detail.amount"): [fmt_sek(v, L) for v in res.details.values()],
                }
            ),
            hide_index=True,
            width="stretch",
        )

    with st.expander(tr("calc.notes_title")):
        for note in used.notes:
            st.markdown(f"**{md_escape(note.title(L))}**")
            st.markdown(note.body(L))
            st.caption(source_line(note.source, note.evidence))

    _render_sensitivity(res, used)

    st.subheader(tr("calc.export_title"))
    c1, c2 = st.columns(2)
    c1.download_button(
        tr("calc.download_csv"),
        result_csv(res, tr, L),
        file_name="samhallsekonomisk-kalkyl.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    c2.download_button(
        tr("calc.download_md"),
        summary_markdown(res, used, L),
        file_name="samhallsekonomisk-kalkyl.md",
        mime="text/markdown",
        icon=":material/description:",
    )
    st.caption(tr("calc.export_note"))


def _item_name(item_id: str, kind: str, used: ParameterSet) -> str:
    if kind == "input":
        return tr(f"calc.in.{item_id}")
    return used.parameter(item_id).name(L)


def _render_sensitivity(res: CalcResult, used: ParameterSet) -> None:
    pct = fmt_pct(STEP, L)
    st.subheader(tr("calc.sensitivity_title"))
    st.caption(tr("calc.sensitivity_intro", pct=pct))
    targets = ["society", *ACTORS]
    labels = {a: _actor_label(a) for a in targets}
    st.selectbox(
        tr("calc.sensitivity_target"),
        targets,
        key="calc.sens_target",
        persist_state="session",
        format_func=labels.__getitem__,
    )
    target = st.session_state.get("calc.sens_target", "society")
    items = [
        it for it in sensitivity(res.inputs, used, STEP, target if target in targets else "society") if it.swing >= 1
    ][:12]
    if not items:
        st.info(tr("calc.sensitivity_none"))
        return
    names = [_item_name(it.id, it.kind, used) for it in items]
    low, high = tr("calc.sens.low", pct=pct), tr("calc.sens.high", pct=pct)
    df = pd.DataFrame(
        [
            {"item": name, "direction": label, "change": delta, "text": fmt_sek(delta, L)}
            for name, it in zip(names, items, strict=False)
            for label, delta in ((low, it.delta_low), (high, it.delta_high))
        ]
    )
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("item:N", sort=names, title=None, axis=alt.Axis(labelLimit=320, labelOverlap=False)),
            x=alt.X("change:Q", title=tr("calc.sens.change")),
            color=alt.Color(
                "direction:N",
                title=tr("calc.sens.direction"),
                scale=alt.Scale(domain=[low, high], range=["#d6604d", "#4393c3"]),
            ),
            tooltip=[
                alt.Tooltip("item:N", title=tr("calc.sens.item")),
                alt.Tooltip("direction:N", title=tr("calc.sens.direction")),
                alt.Tooltip("text:N", title=tr("calc.sens.change")),
            ],
        )
        .properties(height=max(120, 34 * len(items)))
    )
    _chart(chart, tr("calc.sensitivity_title"))
    st.dataframe(
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


if result is not None:
    _render_result(result, params)


# -- parameters ----------------------------------------------------------------------------------------


def _param_widget(p: Parameter) -> None:
    unit = tr(f"calc.unit.{p.unit}")
    st.number_input(
        f"{p.name(L)} ({unit})",
        key=f"calc.p.{p.id}",
        persist_state="session",
        help=p.note(L),
        step=0.01 if p.unit in ("share", "multiple", "days") else 100.0,
        format="%.2f" if p.unit in ("share", "multiple", "days") else "%.0f",
    )
    if p.id in param_errors:
        st.error(param_errors[p.id], icon=":material/error:")
    verified = tr("calc.param.verified") if p.verified else tr("calc.param.unverified")
    st.caption(f"{tr('calc.param.meta', year=p.year, verified=verified)} · {source_line(p.source, p.evidence)}")


def _condition_text(rule: Any) -> str:
    parts: list[str] = []
    cond = rule.when
    for field in ("newly_arrived", "unemployment_insurance"):
        value = getattr(cond, field)
        if value is not None:
            parts.append(f"{tr('calc.in.' + field)}: {tr('calc.yes') if value else tr('calc.no')}")
    for field in ("age", "unemployed"):
        values = getattr(cond, field)
        if values is not None:
            parts.append(f"{tr('calc.in.' + field)}: " + ", ".join(BASE.options.label(field, v)(L) for v in values))
    return "; ".join(parts) or tr("calc.rules.any")


st.header(tr("calc.params_title"))
st.caption(tr("calc.params_intro"))
if overrides:
    st.info(tr("calc.params_changed", n=len(overrides)), icon=":material/tune:")
st.button(tr("calc.params_reset"), on_click=_reset_params, icon=":material/restart_alt:")
groups = ["economy", "tax", "benefit", "subsidy", "rules"]
for tab, group in zip(st.tabs([tr(f"calc.pgroup.{g}") for g in groups]), groups, strict=False):
    with tab:
        if group == "rules":
            st.caption(tr("calc.rules_intro"))
            st.dataframe(
                pd.DataFrame(
                    {
                        tr("calc.rules.rule"): [r.id for r in BASE.benefit_rules],
                        tr("calc.rules.when"): [_condition_text(r) for r in BASE.benefit_rules],
                        tr("calc.rules.benefit"): [BASE.benefit(r.benefit).name(L) for r in BASE.benefit_rules],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
            for r in BASE.benefit_rules:
                st.caption(f"{r.id}: {md_escape(r.note(L))} · {source_line(r.source, r.evidence)}")
            continue
        for p in (p for p in BASE.parameters if p.group == group):
            _param_widget(p)
        if group == "tax":
            for s in BASE.schedules:
                st.markdown(f"**{md_escape(s.name(L))}** ({tr('calc.schedule.unit')})")
                cols = st.columns(len(s.points))
                for i, ((x, _), col) in enumerate(zip(s.points, cols, strict=False)):
                    col.number_input(
                        tr("calc.schedule.point", x=fmt_num(x, L, 2)),
                        key=f"calc.s.{s.id}.{i}",
                        persist_state="session",
                        step=0.01,
                        format="%.3f",
                    )
                if s.id in param_errors:
                    st.error(param_errors[s.id], icon=":material/error:")
                verified = tr("calc.param.verified") if s.verified else tr("calc.param.unverified")
                st.caption(
                    f"{md_escape(s.note(L))} {tr('calc.param.meta', year=s.year, verified=verified)} · "
                    f"{source_line(s.source, s.evidence)}"
                )
