"""Entering follow-up from other pages: one click on an assessment or on a screened plan row.

:func:`add_to_followup_button` (assessment page) and :func:`add_plan_row_button` (screening page) carry
the requirement over with :mod:`guidance.followup.register`. When a register is open in this session
the contract is added at once and the follow-up page opens on it; otherwise the draft waits in the
session (``fu.pending``) and the follow-up page offers to add it once a register is opened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import streamlit as st
from pydantic import ValidationError

from guidance.assessment.answers import Answers
from guidance.assessment.conditions import draft_condition
from guidance.assessment.recommend import Recommendation
from guidance.followup.register import Draft, NotRegistrable, register_from_plan_row, register_from_recommendation
from guidance.stores.followup import Register
from ui.followup_session import (
    FOLLOWUP_PAGE,
    REG_KEY,
    STORE_FAILURES,
    flash,
    keep_once,
    registered,
    store,
)
from ui.state import lang, tr

PENDING_KEY = "fu.pending"
#: The contract the follow-up page shows first (set when one was just added).
SELECT_KEY = "fu.select"


def _open_register() -> Register | None:
    token = st.session_state.get(REG_KEY)
    if not token:
        return None
    try:
        return store().register_by_owner(token)
    except STORE_FAILURES:
        return None


def add_draft(register: Register, draft: Draft) -> int:
    """Register ``draft`` in ``register``; keep its supplier link to show once; return the contract id."""
    new = store().add_contract(register.id, draft.contract)
    keep_once(f"link.{new.contract.id}", new.report_token)
    st.session_state[SELECT_KEY] = new.contract.id
    return new.contract.id


def _stage(draft: Draft) -> None:
    """Add the draft to the open register (or keep it for later) and go to the follow-up page."""
    register = _open_register()
    if register is not None:
        try:
            add_draft(register, draft)
        except STORE_FAILURES:
            st.error(tr("fu.store_error"))
            return
        flash("fu.added")
    else:
        st.session_state[PENDING_KEY] = draft.model_dump_json()
    st.switch_page(FOLLOWUP_PAGE)


def pending() -> Draft | None:
    """The draft waiting to be added, if any."""
    raw = st.session_state.get(PENDING_KEY)
    if not raw:
        return None
    try:
        return Draft.model_validate_json(raw)
    except ValidationError:
        st.session_state.pop(PENDING_KEY, None)
        return None


def drop_pending() -> None:
    """Forget the waiting draft."""
    st.session_state.pop(PENDING_KEY, None)


def add_to_followup_button(rec: Recommendation, answers: Answers) -> None:
    """A button that puts the assessed procurement into follow-up (level, places, months, milestone,
    condition and rule carried over). Shown only for a complete assessment that sets a requirement."""
    if not registered(FOLLOWUP_PAGE) or not rec.complete or rec.assessment.level is None:
        return
    if not st.button(
        tr("fu.entry.button"), help=tr("fu.entry.help"), icon=":material/assignment_add:", key="fubtn_from_assessment"
    ):
        return
    from ui.assessment_documents import condition_options  # the condition form's choices, as the page holds them

    options = condition_options(answers)
    draft = draft_condition(rec.assessment, rec.sizing, options, lang())
    title = str(st.session_state.get("a.name") or "")
    try:
        entry = register_from_recommendation(
            rec, answers, today=dt.date.today(), options=options, draft=draft, title=title
        )
    except (NotRegistrable, ValidationError):
        st.error(tr("fu.entry.not_possible"))
        return
    _stage(entry)


def add_plan_row_button(row: Mapping[str, Any], rule_id: str | None = None, key: str = "fubtn_from_plan") -> None:
    """A button that puts one screened plan row into follow-up (the columns of ``screen()``'s result).

    Shown only when the row's outcome sets a requirement.
    """
    if not registered(FOLLOWUP_PAGE) or str(row.get("outcome")) not in ("basic", "advanced", "spearhead"):
        return
    if not st.button(tr("fu.entry.plan_button"), help=tr("fu.entry.help"), icon=":material/assignment_add:", key=key):
        return
    try:
        entry = register_from_plan_row(
            name=str(row.get("name") or ""),
            category=str(row.get("category") or ""),
            outcome=str(row.get("outcome")),
            places=row.get("places"),
            employment_months=row.get("employment_months"),
            internship_months=row.get("internship_months"),
            duration_months=row.get("duration_months"),
            start_date=row.get("start_date"),
            society_value_sek=row.get("society_value_sek"),
            rule_id=rule_id,
            today=dt.date.today(),
        )
    except (NotRegistrable, ValidationError):
        st.error(tr("fu.entry.not_possible"))
        return
    _stage(entry)
