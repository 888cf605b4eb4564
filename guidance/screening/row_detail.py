"""The full reasoning for one screened row: the single assessment and sizing on the row's inputs.

The vectorised screen gives each row a verdict and places; :func:`explain_row` reruns
:func:`~guidance.assessment.assess.assess` and :func:`~guidance.assessment.sizing.size` on the same
effective inputs, so the page can list every reason with its source, and
:func:`~guidance.assessment.plausibility.check_contract` on the values the plan gives, so the row's
plausibility warnings read as in the single assessment.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, cast

import pandas as pd

from guidance.assessment.assess import Assessment, assess
from guidance.assessment.plausibility import Warning, check_contract
from guidance.assessment.questionnaire import Questionnaire, load_questionnaire
from guidance.assessment.sizing import Sizing, SizingContent, SizingRule, load_sizing_content, size
from guidance.core.models import Frozen
from guidance.screening.content import ScreeningContent, load_plan_content
from guidance.screening.screen import (
    Policy,
    answers_from_inputs,
    best_candidates,
    contract_from_inputs,
    effective_inputs,
)


class RowDetail(Frozen):
    """The assessment and sizing of one plan row under a policy.

    Attributes:
        row: the row number in the plan.
        assessment: the single assessment of the row's effective inputs.
        sizing: the row sized with the policy's rule (the user's custom parameters included).
        rule: the policy's sizing rule as named in the content (its name, source and evidence).
        warnings: the plausibility warnings of the values the plan gives (empty when plausible).
    """

    row: Hashable
    assessment: Assessment
    sizing: Sizing
    rule: SizingRule
    warnings: tuple[Warning, ...] = ()


def default_row(screened: pd.DataFrame) -> Hashable | None:
    """The row to explain first: the strongest candidate, else the first row (None for an empty plan)."""
    if screened.empty:
        return None
    best = best_candidates(screened, 1)
    return int(best.index[0]) if len(best) else screened.index[0]


def _given(value: Any, assumed: Any) -> float | None:
    """A number the plan gives: None where it is missing or was estimated or assumed."""
    if bool(assumed) or value is None or pd.isna(value):
        return None
    return float(value)


def plan_warnings(inputs: dict[str, Any]) -> tuple[Warning, ...]:
    """:func:`~guidance.assessment.plausibility.check_contract` on one row of effective inputs.

    Only the values the plan gives count: an estimated FTE or a labour-cost share assumed from the
    category is left out, as in the vectorised check of :mod:`guidance.screening.plausibility`.
    """
    return check_contract(
        _given(inputs.get("value_sek"), False),
        _given(inputs.get("duration_months"), False),
        _given(inputs.get("fte"), inputs.get("fte_estimated")),
        _given(inputs.get("labour_share"), inputs.get("labour_share_assumed")),
    )


def explain_row(
    plan: pd.DataFrame,
    row: Hashable,
    policy: Policy,
    content: ScreeningContent | None = None,
    questionnaire: Questionnaire | None = None,
    sizing: SizingContent | None = None,
) -> RowDetail:
    """Assess and size plan row ``row`` under ``policy`` (with the policy's assumptions)."""
    content = content or load_plan_content()
    qn = questionnaire or load_questionnaire()
    sizing = sizing or load_sizing_content()
    # The inputs' columns are question ids (strings); pandas-stubs types Series.to_dict keys as Hashable.
    inputs = cast(dict[str, Any], effective_inputs(plan.loc[[row]], policy.assumptions, content, qn).iloc[0].to_dict())
    return RowDetail(
        row=row,
        assessment=assess(answers_from_inputs(inputs, policy.assumptions, qn)),
        sizing=size(contract_from_inputs(inputs), policy.sizing_rule(sizing)),
        rule=sizing.rule(policy.rule),
        warnings=plan_warnings(inputs),
    )
