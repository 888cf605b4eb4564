"""Plan screening widgets for the policy: the shared assumptions and the form of each scenario.

Scenario widgets have keys ``plan.<a|b>.<field>``, the assumptions ``plan.assume.<field>``; the field
names are those of :mod:`guidance.screening.policy_form`, which turns the values into a policy.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from pydantic import ValidationError

from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.sizing import load_sizing_content
from guidance.screening.content import load_plan_content
from guidance.screening.policy_form import (
    CUSTOM_RULE_ID,
    PolicyForm,
    Range,
    assumption_values,
    assumptions_from_form,
    custom_types,
    custom_values,
    load_form_content,
    matches_preset,
    policy_from_form,
    preset_values,
)
from guidance.screening.report import category_label, category_table, type_label
from guidance.screening.screen import Assumptions, Policy
from ui.components import md_escape, source_caption
from ui.state import default, lang, tr

SCENARIO_KEYS = ("a", "b")
RISK_MODES = ("category", "none", "unknown")
SHARE_BASES = ("score", "value")
ASSUME = "plan.assume."


def _bounds(r: Range) -> dict[str, Any]:
    """The keyword arguments of a number widget for range ``r``."""
    return {"min_value": r.min, "max_value": r.max, "step": r.step}


# --------------------------------------------------------------------------- state
def init_policy_state() -> None:
    """Give every scenario and assumption widget its starting value (once per session)."""
    content, sizing = load_plan_content(), load_sizing_content()
    for key, scenario_id in zip(SCENARIO_KEYS, content.default_scenarios, strict=True):
        default(f"plan.{key}.preset", scenario_id)
        for field, value in (preset_values(scenario_id, content) | custom_values(sizing)).items():
            default(f"plan.{key}.{field}", value)
    for field, value in assumption_values(content).items():
        default(f"{ASSUME}{field}", value)


def _apply_preset(key: str) -> None:
    """Fill a scenario's fields from its chosen ready-made scenario (on_change callback)."""
    for field, value in preset_values(st.session_state[f"plan.{key}.preset"], load_plan_content()).items():
        st.session_state[f"plan.{key}.{field}"] = value


def _reset_assumptions() -> None:
    for field, value in assumption_values(load_plan_content()).items():
        st.session_state[f"{ASSUME}{field}"] = value


# --------------------------------------------------------------------------- assumptions
def assumptions_form() -> Assumptions:
    """The shared assumptions (an expander) with the categories' defaults as a table."""
    content, qn, lg = load_plan_content(), load_questionnaire(), lang()
    ranges = load_form_content().inputs
    with st.expander(tr("plan.assumptions_title"), icon=":material/tune:"):
        st.caption(tr("plan.assumptions_help"))
        st.checkbox(
            tr("plan.assume.gates"), key="plan.assume.gates", persist_state="session", help=tr("plan.assume.gates_help")
        )
        st.radio(
            tr("plan.assume.risks"),
            list(RISK_MODES),
            key="plan.assume.risks",
            persist_state="session",
            format_func={r: tr(f"plan.assume.risks.{r}") for r in RISK_MODES}.get,
            horizontal=True,
        )
        st.checkbox(tr("plan.assume.bonus"), key="plan.assume.bonus", persist_state="session")
        cols = st.columns(2)
        cols[0].checkbox(tr("plan.assume.estimate_fte"), key="plan.assume.estimate_fte", persist_state="session")
        cols[1].number_input(
            tr("plan.assume.sek_per_fte_year"),
            **_bounds(ranges.sek_per_fte_year),
            key="plan.assume.sek_per_fte_year",
            persist_state="session",
            help=content.assumptions.sek_per_fte_year_note(lg),
        )
        for attr, col in zip(("entry_level", "market"), st.columns(2), strict=True):
            q = qn.question(attr)
            col.selectbox(
                tr(f"plan.assume.{attr}"),
                ["", *(o.id for o in q.options)],
                key=f"plan.assume.{attr}",
                persist_state="session",
                format_func={"": tr("plan.assume.by_category"), **{o.id: o.label(lg) for o in q.options}}.get,
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
            category_table(lg, content),
            hide_index=True,
            width="stretch",
            column_config={tr("plan.cat.why"): st.column_config.TextColumn(width="large")},
        )
        source_caption(content.assumptions.source, content.assumptions.evidence)
    fields = assumption_values(content)
    return assumptions_from_form({field: st.session_state[f"{ASSUME}{field}"] for field in fields})


# --------------------------------------------------------------------------- scenarios
def scenario_form(key: str) -> Policy | None:
    """The widgets of scenario ``key``; its policy (default assumptions), or None with a message if invalid."""
    content, sizing, lg = load_plan_content(), load_sizing_content(), lang()
    ranges = load_form_content().inputs
    st.subheader(tr(f"plan.scenario.{key}"))
    st.selectbox(
        tr("plan.preset"),
        [s.id for s in content.scenarios],
        key=f"plan.{key}.preset",
        persist_state="session",
        help=tr("plan.preset_help"),
        format_func=lambda i: content.scenario(i).name(lg),
        on_change=_apply_preset,
        args=(key,),
    )
    rule = st.selectbox(
        tr("plan.rule"),
        [r.id for r in sizing.rules],
        key=f"plan.{key}.rule",
        persist_state="session",
        help=tr("plan.rule_help"),
        format_func=lambda r: sizing.rule(r).name(lg),
    )
    kinds = custom_types(sizing)
    if rule == CUSTOM_RULE_ID:
        for kind in kinds:
            st.number_input(
                tr("plan.custom_divisor", type=type_label(kind, lg).lower()),
                **_bounds(ranges.divisor_msek),
                key=f"plan.{key}.div.{kind}",
                persist_state="session",
            )
        st.checkbox(tr("plan.custom_minimum_one"), key=f"plan.{key}.minimum_one", persist_state="session")
    st.number_input(
        tr("plan.min_value"),
        **_bounds(ranges.min_value_msek),
        key=f"plan.{key}.min_value",
        persist_state="session",
        help=tr("plan.min_value_help"),
        format="%.1f",
    )
    st.multiselect(
        tr("plan.categories"),
        list(content.category_ids),
        key=f"plan.{key}.categories",
        persist_state="session",
        format_func=lambda c: category_label(c, lg, content),
        help=tr("plan.categories_help"),
        placeholder=tr("plan.categories_all"),
    )
    st.number_input(
        tr("plan.min_duration"),
        **_bounds(ranges.min_duration_months),
        key=f"plan.{key}.min_duration",
        persist_state="session",
        help=tr("plan.min_duration_help"),
    )
    st.slider(
        tr("plan.share"),
        **_bounds(ranges.share_pct),
        key=f"plan.{key}.share",
        persist_state="session",
        help=tr("plan.share_help"),
    )
    st.radio(
        tr("plan.share_basis"),
        list(SHARE_BASES),
        key=f"plan.{key}.basis",
        persist_state="session",
        horizontal=True,
        format_func={b: tr(f"plan.share_basis.{b}") for b in SHARE_BASES}.get,
    )
    s = st.session_state
    custom: dict[str, Any] = {}
    if rule == CUSTOM_RULE_ID:
        custom = {
            "divisors_msek": {kind: s[f"plan.{key}.div.{kind}"] for kind in kinds},
            "minimum_one": s[f"plan.{key}.minimum_one"],
        }
    form = PolicyForm(
        rule=rule,
        min_value_msek=s[f"plan.{key}.min_value"],
        categories=s[f"plan.{key}.categories"],
        min_duration_months=s[f"plan.{key}.min_duration"],
        share_pct=s[f"plan.{key}.share"],
        share_basis=s[f"plan.{key}.basis"],
        **custom,
    )
    try:
        return policy_from_form(form, sizing)
    except ValidationError as exc:
        st.error(tr("plan.err.policy", detail=md_escape(str(exc.errors()[0]["msg"]))), icon=":material/error:")
        return None


def scenario_forms(assumptions: Assumptions) -> dict[str, Policy] | None:
    """Both scenarios side by side; their policies with the shared ``assumptions``, or None if one is invalid."""
    policies: dict[str, Policy | None] = {}
    for col, key in zip(st.columns(len(SCENARIO_KEYS), border=True), SCENARIO_KEYS, strict=True):
        with col:
            policies[key] = scenario_form(key)
    if any(p is None for p in policies.values()):
        return None
    return {key: p.model_copy(update={"assumptions": assumptions}) for key, p in policies.items() if p is not None}


def scenario_name(key: str, policy: Policy) -> str:
    """The scenario's heading, with the ready-made scenario's name while the policy still equals it."""
    base = tr(f"plan.scenario.{key}")
    preset = st.session_state.get(f"plan.{key}.preset")
    content = load_plan_content()
    if matches_preset(policy, preset, content):
        return f"{base}: {content.scenario(preset).name(lang())}"
    return base
