"""Socio-economic calculator: inputs in three groups, result per actor, line items, sensitivity, parameters.

The page reads the inputs through ``ui.calculator``, calculates with ``guidance.calculator`` and hands
the result to the views. The assessment page can hand over its sizing through ``calc.prefill``.
"""

from __future__ import annotations

from guidance.calculator.inputs_check import current_outcome
from guidance.calculator.page_settings import load_page_settings
from guidance.calculator.parameters import load_parameters
from guidance.calculator.report import actor_summary, largest_swings, result_csv, scaled_society, summary_markdown
from ui.calculator import form, results, state
from ui.components import page_header
from ui.state import lang, tr

L = lang()
BASE = load_parameters()
SETTINGS = load_page_settings()

# -- inputs ----------------------------------------------------------------------------------------
state.start(BASE, SETTINGS)
page_header("page.calculator", "calc.intro")
form.prefill_notice()
inputs = form.input_form(BASE, SETTINGS)
overrides = state.read_overrides(BASE, SETTINGS)

# -- result ----------------------------------------------------------------------------------------
outcome = current_outcome(inputs.inputs, overrides, BASE, *state.last_result())
state.remember(outcome)
results.outcome_notice(outcome)
if outcome.result is not None:
    res, used = outcome.result, outcome.params
    results.key_figures(res)
    n = results.scale_input(SETTINGS.scale)
    results.scaled(n, scaled_society(res, n, SETTINGS.scale))
    results.actors(actor_summary(res))
    results.breakdown(res, SETTINGS)
    results.arithmetic(res, used)
    results.notes(used)
    target = results.sensitivity_target(SETTINGS.sensitivity)
    results.sensitivity(largest_swings(res.inputs, used, target, SETTINGS.sensitivity), used, SETTINGS.sensitivity)
    results.export(result_csv(res, tr, L), summary_markdown(res, used, L))

# -- parameters ------------------------------------------------------------------------------------
form.parameter_editor(BASE, SETTINGS, overrides)
