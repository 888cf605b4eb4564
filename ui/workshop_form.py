"""Workshop widgets: a case's fact sheet, the shared store, and how the groups' questionnaire looks.

Groups answer exactly the self-assessment's questions through :mod:`ui.questionnaire_form` with
:data:`STYLE` (widget keys ``ws.q.*``); numbers are typed in their compact unit, so the contract
value is asked in millions of kronor (easier on a phone) and stored in kronor.
"""

from __future__ import annotations

import streamlit as st

from guidance.stores.workshop import WorkshopStore, make_engine
from guidance.workshop.cases import Case, case_facts, load_library
from guidance.workshop.limits import load_protection
from ui.components import md_escape
from ui.questionnaire_form import FormStyle
from ui.state import lang

#: The workshop's questionnaire form: keys ``ws.q.*``, numbers in their compact unit (phones) written the page's way
#: (``12,5`` in Swedish, ``12.5`` in English, :mod:`ui.number_field`), no boxes.
STYLE = FormStyle(prefix="ws.q.", compact=True, bordered=False, localized=True)


def _close_store(store: WorkshopStore) -> None:
    """Stop a released store's scheduled purge and close its connections."""
    store.close()


@st.cache_resource(show_spinner=False, on_release=_close_store)
def workshop_store() -> WorkshopStore:
    """One store (and database engine) per server process, shared by the workshop pages.

    It applies the content's rate limits and retention, and purges expired workshops on a schedule
    (a background thread, stopped when the cache releases the store). The store holds no user data
    itself; every workshop lives in the database.
    """
    protection = load_protection()
    store = WorkshopStore(
        make_engine(),
        load_library().settings.retention_days,
        limits=protection.rate_limits,
        purge_every=protection.purge_every,
    )
    store.start_purging()
    return store


def case_sheet(case: Case, heading: bool = True) -> None:
    """The case as a group reads it: title, situation and the fact sheet (no facilitator notes)."""
    L = lang()
    if heading:
        st.subheader(case.title(L))
    st.markdown(case.situation(L))
    lines = [f"- **{md_escape(f.label)}:** {md_escape(f.value)}" for f in case_facts(case, L)]
    st.markdown("\n".join(lines))
