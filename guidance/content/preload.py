"""Every content loader, so the app (and a test) can check all content at start-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from guidance.content.loader import load_model


def all_loaders() -> list[Callable[[], Any]]:
    """The cached loaders of every content area, in dependency order."""
    from guidance.assessment.action_plan import load_action_plan_content
    from guidance.assessment.conditions import load_conditions
    from guidance.assessment.plausibility import load_plausibility
    from guidance.assessment.questionnaire import load_questionnaire
    from guidance.assessment.sizing import load_sizing_rules
    from guidance.calculator.adjust import load_adjustment
    from guidance.calculator.dated import load_book
    from guidance.calculator.page_settings import load_page_settings
    from guidance.calculator.parameters import load_parameters
    from guidance.calculator.uhm import load_uhm_example
    from guidance.content.evidence import load_evidence
    from guidance.screening.content import load_plan_content
    from guidance.screening.policy_form import load_form_content
    from guidance.workshop.cases import load_library
    from guidance.workshop.limits import load_protection

    loaders: list[Callable[[], Any]] = [load_model]
    loaders += [
        load_parameters,
        load_questionnaire,
        load_sizing_rules,
        load_plausibility,
        load_evidence,
        load_book,
        load_adjustment,
        load_uhm_example,
        load_conditions,
        load_action_plan_content,
        load_library,
        load_protection,
        load_plan_content,
        load_page_settings,
        load_form_content,
    ]
    return loaders


def load_all() -> None:
    """Load and validate all content once; raises :class:`guidance.content.loader.ContentError` on a problem."""
    for loader in all_loaders():
        loader()
