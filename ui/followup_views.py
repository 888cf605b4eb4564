"""The follow-up page's frame: what waits to be added, the register's overviews, the portfolio-only view."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from guidance.followup.models import Register
from guidance.followup.overview import Overview, overview
from guidance.followup.portfolio import build_portfolio
from ui.followup_entry import add_draft, drop_pending, pending
from ui.followup_labels import category_label, day, level_name, short
from ui.followup_portfolio import portfolio_view
from ui.followup_session import STORE_FAILURES, flash, leave, store
from ui.state import tr


def overviews(register: Register, today: dt.date) -> list[Overview]:
    """Every contract of the register on ``today``, with all its reports."""
    reports = store().register_reports(register.id)
    return [overview(c, reports.get(c.id, []), today) for c in store().contracts(register.id)]


def pending_view(register: Register | None) -> None:
    """A contract waiting from the assessment or the plan: its summary, and (with a register open) add or drop it."""
    draft = pending()
    if draft is None:
        return
    c = draft.contract
    with st.container(border=True):
        st.markdown(f"**{tr('fu.pending_title')}**")
        rows = [
            (tr("fu.field.title"), c.title or "–"),
            (tr("fu.field.category"), category_label(c.category)),
            (tr("fu.field.level"), level_name(c.requirement.level)),
            (tr("fu.field.places"), str(c.requirement.places)),
            (tr("fu.field.employment_months"), short(c.requirement.employment_months)),
            (tr("fu.field.term"), f"{day(c.start)} – {day(c.end)}"),
            (tr("fu.col.origin"), tr(f"fu.origin.{c.planned.origin}")),
        ]
        st.dataframe(
            pd.DataFrame(rows, columns=[tr("fu.col.field"), tr("fu.col.value")]), hide_index=True, width="stretch"
        )
        if draft.start_assumed:
            st.caption(tr("fu.pending_start_assumed"))
        if register is None:
            st.info(tr("fu.pending_open_first"))
            return
        add, drop = st.columns(2)
        if add.button(tr("fu.pending_add"), key="fubtn_pending_add", type="primary"):
            try:
                add_draft(register, draft)
            except STORE_FAILURES:
                st.error(tr("fu.store_error"))
                return
            drop_pending()
            flash("fu.added")
            st.rerun()
        if drop.button(tr("fu.pending_drop"), key="fubtn_pending_drop"):
            drop_pending()
            st.rerun()


def portfolio_only(register: Register, today: dt.date) -> None:
    """The decision-makers' view: the portfolio and nothing else (small counts hidden)."""
    if register.name:
        st.text(tr("fu.register_name", name=register.name))
    st.caption(tr("fu.portfolio_only"))
    portfolio_view(build_portfolio(overviews(register, today)))


def leave_button() -> None:
    """Close the register in this session (on a shared computer)."""
    if st.button(tr("fu.leave"), key="fubtn_leave", icon=":material/logout:"):
        leave()
        st.rerun()
