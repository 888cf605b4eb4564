"""Socio-economic calculator: a date for the rules, inputs in three groups, one headline result with its
meaning, result per actor, line items, realistic value, UHM's worked example, sensitivity, the Word and
Excel documents, and the parameters with their dates and sources.

The page reads the inputs through ``ui.calculator``, calculates with ``guidance.calculator`` and hands
the result to the views. The assessment page can hand over its sizing through ``calc.prefill``; the
whole state lives in the page address (``ui.calculator.link``), so a reload or a shared link shows the same.
"""

from __future__ import annotations

from guidance.calculator.adjust import load_adjustment
from guidance.calculator.dated import load_book
from guidance.calculator.inputs_check import current_outcome
from guidance.calculator.page_settings import load_page_settings
from guidance.calculator.report import actor_summary, largest_swings, result_csv, summary_markdown
from guidance.calculator.uhm import by_date, explain, load_uhm_example
from ui.calculator import comparison, form, link, results, state
from ui.components import page_header
from ui.state import lang, tr

L = lang()
BOOK = load_book()
SETTINGS = load_page_settings()
ADJUSTMENT = load_adjustment()

# -- the date, and the parameters in force on it (a link that was opened sets both) -----------------
state.start_date(BOOK)
link.read_link(BOOK, SETTINGS, ADJUSTMENT)
BASE, date_error = state.parameters_for_date(BOOK)
state.start(BASE, SETTINGS)
state.follow(BOOK, BASE, SETTINGS)
state.start_adjustment(ADJUSTMENT, SETTINGS)

# -- inputs ----------------------------------------------------------------------------------------
page_header("page.calculator", "calc.intro")
link.show_notice()
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
    results.actors(actor_summary(res))
    results.export(res, used, result_csv(res, tr, L), summary_markdown(res, used, L))
    comparison.adjustment(res, ADJUSTMENT, SETTINGS)
    results.breakdown(res, SETTINGS)
    results.arithmetic(res, used)
    results.notes(used)
    example = load_uhm_example()
    comparison.uhm_example(example, by_date(example, BOOK), *explain(example, used))
    target = results.sensitivity_target(SETTINGS.sensitivity)
    results.sensitivity(largest_swings(res.inputs, used, target, SETTINGS.sensitivity), used, SETTINGS.sensitivity)

# -- parameters ------------------------------------------------------------------------------------
form.parameter_editor(BASE, SETTINGS, overrides)
link.keep_link_in_step(BASE, SETTINGS, ADJUSTMENT)
