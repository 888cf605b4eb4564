"""Plan screening widgets for the policy: the shared assumptions and the form of each scenario.

Scenario widgets have keys ``plan.<a|b>.<field>``, the assumptions ``plan.assume.<field>``; the field
names are those of :mod:`guidance.screening.policy_form`, which turns the values into a policy.

Amounts, months and divisors are number fields (:mod:`ui.number_field`) that show numbers the way the
page's language writes them (``500 000``, ``5,0``). A field that holds no number, or one outside its
range from ``content/screening/form.yaml``, gets a message below it, and the policy keeps the field's last
valid value until it is corrected (the page address keeps that value too).
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from pydantic import ValidationError

from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.sizing import load_sizing_content
from guidance.core.formatting import fmt_num
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
from guidance.screening.policy_link import number_range, start_state
from guidance.screening.report import category_label, category_table, type_label
from guidance.screening.screen import Assumptions, Policy
from ui.components import md_escape, source_caption
from ui.number_field import NOT_A_NUMBER, number_field, problem, text_key
from ui.state import default, lang, tr

SCENARIO_KEYS = ("a", "b")
RISK_MODES = ("category", "none", "unknown")
SHARE_BASES = ("score", "value")
ASSUME = "plan.assume."
#: Prefix of the session keys and link keys of the policy fields, and of the last valid value of a number field.
PREFIX, KEPT = "plan.", "plan_state.kept."


def _bounds(r: Range) -> dict[str, Any]:
    """The keyword arguments of a number widget for range ``r``."""
    return {"min_value": r.min, "max_value": r.max, "step": r.step}


# --------------------------------------------------------------------------- number fields
def _range(key: str) -> Range:
    r = number_range(key.removeprefix(PREFIX))
    if r is None:
        raise KeyError(key)
    return r


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def field_problem(key: str) -> str | None:
    """The message for number field ``key`` in the user's language, or None when it holds a number in range."""
    r, value = _range(key), st.session_state.get(key)
    if (typed := problem(key, r.whole)) is not None:
        return tr(typed)
    if not _is_number(value):
        return tr(NOT_A_NUMBER)
    if not r.contains(value):
        lg = lang()
        return tr("plan.err.field_range", min=fmt_num(r.min, lg, r.decimals), max=fmt_num(r.max, lg, r.decimals))
    return None


def value_in_use(key: str) -> Any:
    """The value of policy field ``key`` that the screening uses: a number field's last valid number while it
    holds text or a number out of range (its starting value if it never held a valid one), else the field's value."""
    value = st.session_state.get(key)
    if number_range(key.removeprefix(PREFIX)) is None or field_problem(key) is None:
        return value
    return st.session_state.get(f"{KEPT}{key}", start_state().get(key.removeprefix(PREFIX)))


def _number_field(label: str, key: str, *, help: str | None = None) -> None:
    """A number field for policy field ``key`` with its message below it; remembers the field's last valid value."""
    s, r = st.session_state, _range(key)
    value = s.get(key)
    if _is_number(value):
        # A number from a preset, a link or a reset, or one just typed, is shown with the field's decimals.
        decimals = r.shown_decimals(value)
        text = fmt_num(value, lang(), decimals).replace("\u2212", "-")
        if s.get(text_key(key)) != text:
            s[text_key(key)] = text
    else:
        decimals = r.decimals
    number_field(label, key, decimals=decimals, whole=r.whole, help=help)
    if (message := field_problem(key)) is not None:
        st.error(message, icon=":material/error:")
    else:
        s[f"{KEPT}{key}"] = value


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
        with cols[1]:
            _number_field(
                tr("plan.assume.sek_per_fte_year"),
                f"{ASSUME}sek_per_fte_year",
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
    return assumptions_from_form({field: value_in_use(f"{ASSUME}{field}") for field in fields})


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
            _number_field(tr("plan.custom_divisor", type=type_label(kind, lg).lower()), f"plan.{key}.div.{kind}")
        st.checkbox(tr("plan.custom_minimum_one"), key=f"plan.{key}.minimum_one", persist_state="session")
    _number_field(tr("plan.min_value"), f"plan.{key}.min_value", help=tr("plan.min_value_help"))
    st.multiselect(
        tr("plan.categories"),
        list(content.category_ids),
        key=f"plan.{key}.categories",
        persist_state="session",
        format_func=lambda c: category_label(c, lg, content),
        help=tr("plan.categories_help"),
        placeholder=tr("plan.categories_all"),
    )
    _number_field(tr("plan.min_duration"), f"plan.{key}.min_duration", help=tr("plan.min_duration_help"))
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
            "divisors_msek": {kind: value_in_use(f"plan.{key}.div.{kind}") for kind in kinds},
            "minimum_one": s[f"plan.{key}.minimum_one"],
        }
    form = PolicyForm(
        rule=rule,
        min_value_msek=value_in_use(f"plan.{key}.min_value"),
        categories=s[f"plan.{key}.categories"],
        min_duration_months=value_in_use(f"plan.{key}.min_duration"),
        share_pct=s[f"plan.{key}.share"],
        share_basis=s[f"plan.{key}.basis"],
        **custom,
    )
    try:
        return policy_from_form(form, sizing)
    except ValidationError as exc:
        st.error(tr("plan.err.policy", detail=md_escape(str(exc.errors()[0]["msg"]))), icon=":material/error:")
        return None


def _number_keys() -> list[str]:
    """The number fields the policy uses now (the custom rule's divisors only while a scenario uses that rule)."""
    keys = [f"{ASSUME}sek_per_fte_year"]
    for key in SCENARIO_KEYS:
        keys += [f"plan.{key}.min_value", f"plan.{key}.min_duration"]
        if st.session_state.get(f"plan.{key}.rule") == CUSTOM_RULE_ID:
            keys += [f"plan.{key}.div.{kind}" for kind in custom_types()]
    return keys


def scenario_forms(assumptions: Assumptions) -> dict[str, Policy] | None:
    """Both scenarios side by side; their policies with the shared ``assumptions``, or None if one is invalid."""
    policies: dict[str, Policy | None] = {}
    for col, key in zip(st.columns(len(SCENARIO_KEYS), border=True), SCENARIO_KEYS, strict=True):
        with col:
            policies[key] = scenario_form(key)
    if any(p is None for p in policies.values()):
        return None
    if any(field_problem(k) for k in _number_keys()):
        st.warning(tr("plan.err.kept"), icon=":material/history:")
    return {key: p.model_copy(update={"assumptions": assumptions}) for key, p in policies.items() if p is not None}


def scenario_name(key: str, policy: Policy) -> str:
    """The scenario's heading, with the ready-made scenario's name while the policy still equals it."""
    base = tr(f"plan.scenario.{key}")
    preset = st.session_state.get(f"plan.{key}.preset")
    content = load_plan_content()
    if matches_preset(policy, preset, content):
        return f"{base}: {content.scenario(preset).name(lang())}"
    return base
