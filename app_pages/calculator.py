"""Socio-economic calculator: a date for the rules, inputs in three groups, result per actor, line items,
realistic value, UHM's worked example, sensitivity, parameters with their dates and sources.

The page reads the inputs through ``ui.calculator``, calculates with ``guidance.calculator`` and hands
the result to the views. The assessment page can hand over its sizing through ``calc.prefill``.
"""

from __future__ import annotations

from guidance.calculator.adjust import load_adjustment
from guidance.calculator.dated import load_book
from guidance.calculator.inputs_check import current_outcome
from guidance.calculator.page_settings import load_page_settings
from guidance.calculator.report import actor_summary, largest_swings, result_csv, scaled_society, summary_markdown
from guidance.calculator.uhm import by_date, explain, load_uhm_example
from ui.calculator import comparison, form, results, state
from ui.components import page_header
from ui.state import lang, tr

L = lang()
BOOK = load_book()
SETTINGS = load_page_settings()

# -- the date, and the parameters in force on it ---------------------------------------------------
state.start_date(BOOK)
BASE, date_error = state.parameters_for_date(BOOK)
state.start(BASE, SETTINGS)
state.follow(BOOK, BASE, SETTINGS)
state.start_adjustment(load_adjustment(), SETTINGS)

# -- inputs ----------------------------------------------------------------------------------------
page_header("page.calculator", "calc.intro")
form.prefill_notice()
form.date_input(BOOK, BASE, date_error)
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
    comparison.adjustment(res, load_adjustment(), SETTINGS)
    results.breakdown(res, SETTINGS)
    results.arithmetic(res, used)
    results.notes(used)
    example = load_uhm_example()
    comparison.uhm_example(example, by_date(example, BOOK), *explain(example, used))
    target = results.sensitivity_target(SETTINGS.sensitivity)
    results.sensitivity(largest_swings(res.inputs, used, target, SETTINGS.sensitivity), used, SETTINGS.sensitivity)
    results.export(result_csv(res, tr, L), summary_markdown(res, used, L))

# -- parameters ------------------------------------------------------------------------------------
form.parameter_editor(BASE, SETTINGS, overrides)
