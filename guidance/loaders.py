"""Every content loader, so the app (and a test) can check all content at start-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from guidance.content import load_model


def all_loaders() -> list[Callable[[], Any]]:
    """The cached loaders of every content area, in dependency order."""
    from guidance.assessment import load_questionnaire
    from guidance.action_plan import load_plan
    from guidance.calc_params import load_parameters
    from guidance.plan_content import load_plan_content
    from guidance.conditions import load_conditions
    from guidance.sizing import load_sizing_rules
    from guidance.workshop import load_library

    loaders: list[Callable[[], Any]] = [load_model]
    loaders += [load_parameters, load_questionnaire, load_sizing_rules, load_conditions, load_plan,
                load_library, load_plan_content]
    return loaders


def load_all() -> None:
    """Load and validate all content once; raises :class:`guidance.content.ContentError` on a problem."""
    for loader in all_loaders():
        loader()
