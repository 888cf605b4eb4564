"""Policy explorer: screen a whole procurement plan and compare two policy options side by side.

The page reads a plan (the bundled synthetic sample or an uploaded CSV/.xlsx), lets the user map
columns and edit rows, and shows what two policies would yield. Reading and checking are in
``guidance.screening.reading``, screening in ``guidance.screening.screen``, the policy form in
``guidance.screening.policy_form`` and every report in ``guidance.screening.report``; the widgets and
views are in ``ui.screening_plan``, ``ui.screening_policy`` and ``ui.screening_results``.
"""

from __future__ import annotations

import streamlit as st

from guidance.screening.content import load_plan_content
from guidance.screening.reading import check_plan
from guidance.screening.report import Report, Scenario
from ui.components import page_header
from ui.screening_plan import (
    column_mapping,
    editor_key,
    parsed_plan,
    plan_editor,
    plan_file,
    problems_view,
    read_plan_file,
)
from ui.screening_policy import assumptions_form, init_policy_state, scenario_forms, scenario_name
from ui.screening_results import exports_view, results_view, screened
from ui.state import tr

page_header("page.screening", "plan.intro")
init_policy_state()

# 1. The plan: choose a file, read it, map its columns, edit rows, list the problems.
chosen = plan_file()
if chosen is None:
    st.stop()
raw = read_plan_file(chosen)
if raw is None:
    st.stop()
mapping = column_mapping(raw, chosen.id)
if mapping is None:
    st.stop()
parsed = parsed_plan(raw, mapping)
edited = plan_editor(parsed.plan, editor_key(chosen.id, mapping))
checked = check_plan(edited, load_plan_content(), parsed.problems)
problems_view(checked)
if checked.plan.empty:
    st.warning(tr("plan.nothing_to_screen"), icon=":material/warning:")
    st.stop()

# 2. The policy: shared assumptions and two scenarios.
st.header(tr("plan.policy_title"))
st.caption(tr("plan.policy_help"))
assumptions = assumptions_form()
policies = scenario_forms(assumptions)
if policies is None:
    st.stop()

# 3. The results of both scenarios, and the downloads.
scenarios = [Scenario(scenario_name(key, p), p, screened(checked.plan, p)) for key, p in policies.items()]
results_view(checked.plan, scenarios)
exports_view(Report(plan_label=chosen.label, scenarios=tuple(scenarios), problems=checked.problems))
