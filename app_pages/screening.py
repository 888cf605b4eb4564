"""Policy explorer: screen a whole procurement plan and compare two policy options side by side.

The page reads a plan (the bundled synthetic sample or an uploaded CSV/.xlsx/.ods), shows how the
file was read and lets the user correct it (sheet, header row, columns, units, category words),
lets them edit rows, and shows what two policies would yield. Reading and checking are in
``guidance.screening.reading``, the check before screening in ``guidance.screening.preview``,
screening in ``guidance.screening.screen``, the policy form in ``guidance.screening.policy_form``
and every report in ``guidance.screening.report``; the widgets and views are in
``ui.screening_plan``, ``ui.screening_check``, ``ui.screening_policy`` and ``ui.screening_results``.
"""

from __future__ import annotations

import streamlit as st

from guidance.screening.content import load_plan_content
from guidance.screening.preview import plan_preview, row_counts, table_preview
from guidance.screening.report import ReadingSummary, Report, Scenario
from ui import policy_link
from ui.components import page_header
from ui.screening_check import (
    categories_view,
    columns_view,
    keep_link_in_step,
    layout_controls,
    read_options,
    reading_error_help,
    sources_view,
    units_view,
)
from ui.screening_plan import (
    checked_plan,
    column_mapping,
    editor_key,
    parsed_plan,
    plan_editor,
    plan_file,
    problems_view,
    read_plan_file,
    table_id,
)
from ui.screening_policy import assumptions_form, init_policy_state, scenario_forms, scenario_name
from ui.screening_results import exports_view, results_view, screened
from ui.state import tr

page_header("page.screening", "plan.intro")
init_policy_state()
policy_link.read_link()  # the scenarios and assumptions of a shared link, and the address kept in step
policy_link.keep_link_in_step()
policy_link.show_notice()

# 1. The plan: choose a file and read it with the user's corrections.
chosen = plan_file()
if chosen is None:
    st.stop()
options = read_options(chosen.id)
raw = read_plan_file(chosen, options)
if raw is None:
    reading_error_help()
    st.stop()

# The check before screening: sheet, header row, columns, units and category words.
st.subheader(tr("plan.reading_title"))
st.caption(tr("plan.reading_intro"))
content = load_plan_content()
layout_controls(table_preview(raw, content))
mapping = column_mapping(raw, table_id(chosen.id, raw))
if mapping is None:
    st.stop()
parsed = parsed_plan(raw, mapping, options)
preview = plan_preview(
    raw, mapping, parsed.units, parsed.unit_warnings, parsed.unknown_categories, parsed.category_sources, content
)
columns_view(preview)
units_view(preview)
categories_view(preview)
sources_view(preview)
keep_link_in_step()

# Rows as read, editable; the problems and where every row went.
edited = plan_editor(parsed.plan, editor_key(table_id(chosen.id, raw), mapping, options))
checked = checked_plan(edited, parsed.problems)
counts = row_counts(raw, checked)
problems_view(checked, counts)
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
reading = ReadingSummary(preview=preview, counts=counts)
exports_view(Report(plan_label=chosen.label, scenarios=tuple(scenarios), problems=checked.problems, reading=reading))
