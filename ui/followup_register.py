"""The buyer's register: starting or opening one, its links, the list of contracts and the contract form.

Everything the buyer types (reference, name, supplier, category) is plain text: it is shown in
tables, select boxes and code blocks only, never as Markdown.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from guidance.assessment.conditions import load_conditions
from guidance.assessment.questionnaire import LevelId
from guidance.followup.content import load_followup_content
from guidance.followup.models import Bonus, ContractInput, Planned, Register, Requirement
from guidance.followup.overview import Overview
from guidance.followup.register import default_bonus, error_keys, manual_contract, term_end
from guidance.followup.schedule import MAX_PERIODS
from ui.followup_labels import category_label, day, level_name, short, supplier_label
from ui.followup_numbers import Bounds, bounded_field, model_bounds, valid_number
from ui.followup_session import (
    FOLLOWUP_PAGE,
    PORTFOLIO,
    PORTFOLIO_KEY,
    REG,
    REG_KEY,
    STORE_FAILURES,
    flash,
    keep_once,
    page_link,
    remember,
    store,
    take_once,
    token_in,
)
from ui.state import default, lang, tr

LEVELS: tuple[LevelId, ...] = ("basic", "advanced", "spearhead")
#: The contract form's number fields (key suffix), bounded as the stored requirement and bonus are.
BOUNDS: dict[str, Bounds] = {
    "places": model_bounds(Requirement, "places"),
    "milestone": model_bounds(Requirement, "milestone_months"),
    "employment": model_bounds(Requirement, "employment_months"),
    "internship": model_bounds(Requirement, "internship_months"),
    "bonus_emp": model_bounds(Bonus, "employment_sek_per_month", decimals=0),
    "bonus_int": model_bounds(Bonus, "internship_sek_per_month", decimals=0),
    "bonus_emp_months": model_bounds(Bonus, "employment_months"),
    "bonus_int_months": model_bounds(Bonus, "internship_months"),
}
NUMBER_FIELDS = ("places", "milestone", "employment", "internship")
BONUS_FIELDS = ("bonus_emp", "bonus_int", "bonus_emp_months", "bonus_int_months")
OPEN_KEY = "fu.open_input"
NAME_KEY = "fu.reg_name"


# --------------------------------------------------------------------------- start, open, links
def start_view(error_key: str | None) -> None:
    """Open a register with its link, or start one."""
    if error_key:
        st.error(tr(error_key))
    st.header(tr("fu.open_title"))
    st.text_input(tr("fu.open_label"), key=OPEN_KEY, persist_state="session", help=tr("fu.open_help"), max_chars=400)
    if st.button(tr("fu.open_button"), key="fubtn_open"):
        token = token_in(st.session_state.get(OPEN_KEY), (REG, PORTFOLIO))
        if token and store().register_by_owner(token) is not None:
            remember(REG, REG_KEY, token)
            st.rerun()
        elif token and store().register_by_viewer(token) is not None:
            remember(PORTFOLIO, PORTFOLIO_KEY, token)
            st.rerun()
        else:
            st.error(tr("fu.link_unknown"))
    st.header(tr("fu.create_title"))
    st.markdown(tr("fu.create_intro"))
    limit = load_followup_content().limits.max_register_name
    st.text_input(tr("fu.reg_name"), key=NAME_KEY, persist_state="session", max_chars=limit)
    if st.button(tr("fu.create_button"), key="fubtn_create", type="primary"):
        try:
            new = store().create_register(str(st.session_state.get(NAME_KEY) or ""))
        except (ValidationError, *STORE_FAILURES):
            st.error(tr("fu.store_error"))
            return
        keep_once("viewer", new.viewer_token)
        remember(REG, REG_KEY, new.owner_token)
        flash("fu.created")
        st.rerun()


def links_view(register: Register, owner_token: str) -> None:
    """The register's name, the buyer's link and the decision-makers' link (made anew when asked)."""
    if register.name:
        st.text(tr("fu.register_name", name=register.name))
    with st.expander(tr("fu.links_title"), icon=":material/link:"):
        st.warning(tr("fu.owner_link_warning"))
        st.code(page_link(FOLLOWUP_PAGE, **{REG: owner_token}), language=None, wrap_lines=True)
        st.markdown(f"**{tr('fu.viewer_link_title')}**")
        st.caption(tr("fu.viewer_link_help"))
        viewer = take_once("viewer")
        if viewer:
            st.code(page_link(FOLLOWUP_PAGE, **{PORTFOLIO: viewer}), language=None, wrap_lines=True)
        if st.button(tr("fu.viewer_new"), key="fubtn_viewer"):
            keep_once("viewer", store().new_viewer_token(register.id))
            st.rerun()


# --------------------------------------------------------------------------- the list
def contracts_frame(overviews: list[Overview]) -> pd.DataFrame:
    """One row per contract: names, term, requirement, delivery and statuses (plain text)."""
    content = load_followup_content()
    L = lang()
    rows = []
    for o in overviews:
        c, p = o.contract, o.progress
        rows.append(
            {
                tr("fu.field.reference"): c.reference,
                tr("fu.field.title"): c.title,
                tr("fu.field.supplier"): supplier_label(c.supplier),
                tr("fu.field.category"): category_label(c.category),
                tr("fu.field.start"): day(c.start),
                tr("fu.field.end"): day(c.end),
                tr("fu.field.level"): level_name(c.requirement.level),
                tr("fu.field.places"): c.requirement.places,
                tr("fu.col.months_progress"): f"{short(p.employment_delivered)} / {short(p.employment_required)}",
                tr("fu.col.milestone"): content.milestone_status(o.milestone.status).name(L),
                tr("fu.col.progress"): content.progress_status(p.status).name(L),
                tr("fu.col.overdue"): len(o.overdue),
                tr("fu.col.origin"): tr(f"fu.origin.{c.planned.origin}"),
            }
        )
    return pd.DataFrame(rows)


def contracts_view(overviews: list[Overview]) -> None:
    """The register's contracts as a table."""
    st.header(tr("fu.list_title"))
    if not overviews:
        st.info(tr("fu.list_empty"))
        return
    st.dataframe(contracts_frame(overviews), hide_index=True, width="stretch")


# --------------------------------------------------------------------------- the contract form
def _seed(prefix: str, base: ContractInput | None) -> None:
    """Give the form's widgets their starting values (from ``base`` when editing), once."""
    today = dt.date.today()
    req = base.requirement if base else None
    bonus = req.bonus if req and req.bonus else default_bonus(0.0, 0.0)
    values = {
        "reference": base.reference if base else "",
        "title": base.title if base else "",
        "supplier": base.supplier if base else "",
        "category": base.category if base else "",
        "start": base.start if base else today,
        "end": base.end if base else term_end(today, 24),
        "level": req.level if req else "advanced",
        "places": req.places if req else 1,
        "employment": float(req.employment_months) if req else 12.0,
        "internship": float(req.internship_months) if req else 0.0,
        "milestone": req.milestone_months if req else 6,
        "interval": base.interval if base else load_followup_content().default_interval,
        "groups": list(req.target_groups) if req else [],
        "bonus_emp": bonus.employment_sek_per_month,
        "bonus_int": bonus.internship_sek_per_month,
        "bonus_emp_months": bonus.employment_months,
        "bonus_int_months": bonus.internship_months,
    }
    for name, value in values.items():
        default(f"{prefix}{name}", value)


def contract_inputs(prefix: str, base: ContractInput | None = None) -> None:
    """The widgets of the contract form (keys ``<prefix>reference`` ...)."""
    _seed(prefix, base)
    content = load_followup_content()
    limits = content.limits
    L = lang()
    c1, c2 = st.columns(2)
    c1.text_input(
        tr("fu.field.reference"),
        key=f"{prefix}reference",
        persist_state="session",
        max_chars=limits.max_reference,
        help=tr("fu.field.reference_help"),
    )
    c2.text_input(tr("fu.field.title"), key=f"{prefix}title", persist_state="session", max_chars=limits.max_title)
    c1.text_input(
        tr("fu.field.supplier"),
        key=f"{prefix}supplier",
        persist_state="session",
        max_chars=limits.max_supplier,
        help=tr("fu.field.supplier_help"),
    )
    c2.text_input(
        tr("fu.field.category"), key=f"{prefix}category", persist_state="session", max_chars=limits.max_category
    )
    c1.date_input(tr("fu.field.start"), key=f"{prefix}start", persist_state="session", format="YYYY-MM-DD")
    c2.date_input(tr("fu.field.end"), key=f"{prefix}end", persist_state="session", format="YYYY-MM-DD")
    levels = {level: level_name(level) for level in LEVELS}  # labels made now, in this run's language
    c1.selectbox(
        tr("fu.field.level"), LEVELS, key=f"{prefix}level", persist_state="session", format_func=levels.__getitem__
    )
    c2.selectbox(
        tr("fu.field.interval"),
        [i.id for i in content.intervals],
        key=f"{prefix}interval",
        persist_state="session",
        format_func=lambda i: content.interval(i).name(L),
    )
    bounded_field(tr("fu.field.places"), f"{prefix}places", BOUNDS["places"], container=c1)
    bounded_field(tr("fu.field.milestone_months"), f"{prefix}milestone", BOUNDS["milestone"], container=c2)
    bounded_field(tr("fu.field.employment_months"), f"{prefix}employment", BOUNDS["employment"], container=c1)
    bounded_field(
        tr("fu.field.internship_months"),
        f"{prefix}internship",
        BOUNDS["internship"],
        help=tr("fu.field.internship_help"),
        container=c2,
    )
    groups = {g.id: g.name(L) for g in load_conditions().target_groups}
    st.multiselect(
        tr("fu.field.target_groups"),
        list(groups),
        key=f"{prefix}groups",
        persist_state="session",
        format_func=lambda g: groups[g],
    )
    if st.session_state.get(f"{prefix}level") == "spearhead":
        st.markdown(f"**{tr('fu.bonus_title')}**")
        b1, b2 = st.columns(2)
        for name, column in zip(BONUS_FIELDS, (b1, b2, b1, b2), strict=True):
            bounded_field(tr(f"fu.field.{name}"), f"{prefix}{name}", BOUNDS[name], container=column)


def read_contract(prefix: str, base: ContractInput | None = None) -> tuple[ContractInput | None, tuple[str, ...]]:
    """The contract the form holds (keeping an edited contract's plan and rule), or the message keys of its errors."""
    s = st.session_state
    level = s.get(f"{prefix}level") or "advanced"
    names = [*NUMBER_FIELDS, *(BONUS_FIELDS if level == "spearhead" else ())]
    n = {name: float(v) for name in names if (v := valid_number(f"{prefix}{name}", BOUNDS[name])) is not None}
    if len(n) < len(names):  # a field holds no number, or one out of bounds: its message is under it
        return None, ("fu.err.fields",)
    try:
        bonus = (
            Bonus(
                employment_sek_per_month=n["bonus_emp"],
                internship_sek_per_month=n["bonus_int"],
                employment_months=n["bonus_emp_months"],
                internship_months=n["bonus_int_months"],
            )
            if level == "spearhead"
            else None
        )
        typed = manual_contract(
            reference=s.get(f"{prefix}reference") or "",
            title=s.get(f"{prefix}title") or "",
            supplier=s.get(f"{prefix}supplier") or "",
            category=s.get(f"{prefix}category") or "",
            start=s.get(f"{prefix}start") or dt.date.today(),
            end=s.get(f"{prefix}end") or dt.date.today(),
            level=level,
            places=int(n["places"]),
            employment_months=n["employment"],
            internship_months=n["internship"],
            interval=s.get(f"{prefix}interval"),
            milestone_months=int(n["milestone"]),
            target_groups=tuple(s.get(f"{prefix}groups") or ()),
            bonus=bonus,
        )
    except ValidationError as exc:
        return None, error_keys(exc)
    if base is None:
        return typed, ()
    requirement = typed.requirement.model_copy(update={"rule_id": base.requirement.rule_id})
    if typed.requirement.internship_months > 0 and set(base.requirement.alternatives) & {"b", "c"}:
        requirement = requirement.model_copy(update={"alternatives": base.requirement.alternatives})
    planned: Planned = base.planned
    try:
        return ContractInput.model_validate(
            {
                **typed.model_dump(),
                "requirement": Requirement.model_validate(requirement.model_dump()),
                "planned": planned,
            }
        ), ()
    except ValidationError as exc:
        return None, error_keys(exc)


def add_contract_view(register: Register) -> None:
    """Register a contract by hand."""
    with st.expander(tr("fu.add_title"), icon=":material/add:"):
        st.caption(tr("fu.add_help", periods=MAX_PERIODS))
        contract_inputs("fu.new.")
        if st.button(tr("fu.add_button"), key="fubtn_add", type="primary"):
            data, errors = read_contract("fu.new.")
            for key in errors:
                st.error(tr(key))
            if data is not None:
                new = store().add_contract(register.id, data)
                keep_once(f"link.{new.contract.id}", new.report_token)
                st.session_state["fu.select"] = new.contract.id
                for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("fu.new.")]:
                    del st.session_state[key]
                flash("fu.added")
                st.rerun()
