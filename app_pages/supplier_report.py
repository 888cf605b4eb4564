"""The supplier's report, reached by the link the buyer hands over (``?r=<token>``): no account, figures only.

The link is the supplier's credential: it opens one contract's form and history and nothing else.
A link that does not work says so; after the content's number of such attempts this session stops
trying. Sending stores the period's next version; the history shows every version.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from guidance.followup.content import load_followup_content
from guidance.followup.overview import overview
from ui.components import page_header
from ui.followup_report_form import (
    contract_facts,
    figures_inputs,
    history_view,
    period_picker,
    privacy_note,
    seed,
    send,
)
from ui.followup_session import open_report_link, show_flash, store, store_available
from ui.state import tr

page_header("page.supplier_report", "sr.intro")
if not store_available():
    st.error(tr("fu.store_unavailable"))
    st.stop()
contract = open_report_link(load_followup_content().limits.max_link_attempts)
if contract is None:
    st.stop()
today = dt.date.today()
view = overview(contract, store().reports(contract.id), today)

show_flash()
contract_facts(contract, view)
st.header(tr("sr.form_title"))
privacy_note()
state = period_picker(view, today)
if state is None:
    st.info(tr("sr.not_started", start=contract.start.isoformat()))
    st.stop()
seed(contract, state)
figures_inputs(contract, view, state)
send(contract, view, state)
history_view(view)
