"""Follow-up: a register of requirements, each contract's planned against delivered, and the portfolio.

Views, chosen from the URL (validated) or this session:
* ``?reg=<token>``: the buyer's register (contracts, one contract, portfolio);
* ``?portfolio=<token>``: the decision-makers' portfolio only, small counts hidden;
* neither: open a register with its link, or start one.
A contract from the assessment or the plan waits here until a register is open.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from guidance.followup.content import load_followup_content
from guidance.followup.portfolio import build_portfolio
from ui.components import page_header
from ui.followup_contract import contract_picker, contract_view
from ui.followup_portfolio import portfolio_view
from ui.followup_register import add_contract_view, contracts_view, links_view, start_view
from ui.followup_session import open_access, show_flash, store_available
from ui.followup_views import leave_button, overviews, pending_view, portfolio_only
from ui.state import tr

page_header("page.followup", "fu.intro")
if not store_available():
    st.error(tr("fu.store_unavailable"))
    st.stop()
access = open_access(load_followup_content().limits.max_link_attempts)
today = dt.date.today()
show_flash()

if access.view == "portfolio" and access.register is not None:
    portfolio_only(access.register, today)
    leave_button()
    st.stop()
if access.view != "register" or access.register is None or access.token is None:
    pending_view(None)
    start_view(access.error)
    st.stop()

register = access.register
links_view(register, access.token)
pending_view(register)
views = overviews(register, today)
tabs = st.tabs([tr("fu.tab.register"), tr("fu.tab.contract"), tr("fu.tab.portfolio")])
with tabs[0]:
    contracts_view(views)
    add_contract_view(register)
with tabs[1]:
    picked = contract_picker([o.contract for o in views])
    if picked is not None:
        contract_view(next(o for o in views if o.contract.id == picked.id))
with tabs[2]:
    portfolio_view(build_portfolio(views))
leave_button()
