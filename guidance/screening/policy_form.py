"""The policy form of the plan screening: its input ranges, starting values and the policy it describes.

A form holds plain values (amounts in millions of kronor, the share in per cent, the custom rule's
divisors per contract type); :func:`policy_from_form` and :func:`assumptions_from_form` turn them into
the :class:`~guidance.screening.screen.Policy` and :class:`~guidance.screening.screen.Assumptions` that
:func:`~guidance.screening.screen.screen` takes. The ranges come from ``content/screening/form.yaml``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from guidance.assessment.questionnaire import ContractType
from guidance.assessment.sizing import SEK_PER_MSEK, SizingContent, load_sizing_content
from guidance.content.loader import (
    CONTENT_DIR,
    ContentError,
    cached_loader,
    content_dir,
    load_model,
    read_sections,
    validate_one,
)
from guidance.content.model import Model
from guidance.core.formatting import plain_number
from guidance.core.models import Frozen, Sourced
from guidance.screening.content import ScreeningContent, load_plan_content
from guidance.screening.screen import Assumptions, CustomRule, Policy

FORM_FILE = "screening/form.yaml"
#: The sizing rule whose parameters the user sets in the form.
CUSTOM_RULE_ID = "custom"


# --------------------------------------------------------------------------- content
class Range(Frozen):
    """The range of one number input; whole numbers make a whole-number input."""

    min: int | float
    max: int | float
    step: int | float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self

    @property
    def whole(self) -> bool:
        """Whether the input takes whole numbers only (its min, max and step are all whole numbers)."""
        return all(isinstance(v, int) for v in (self.min, self.max, self.step))

    @property
    def decimals(self) -> int:
        """The decimals the input always shows: none for whole numbers, else one (``5,0``)."""
        return 0 if self.whole else 1

    def shown_decimals(self, value: float) -> int:
        """The decimals to show ``value`` with: the input's own, more when the value has more (``2,25``)."""
        text = plain_number(value)
        extra = len(text.partition(".")[2]) if math.isfinite(value) and "e" not in text else 0
        return max(self.decimals, extra)

    def contains(self, value: object) -> bool:
        """Whether ``value`` is a number (not yes/no) within the range, and a whole one for a whole-number input."""
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return False
        if self.whole and not float(value).is_integer():
            return False
        return self.min <= value <= self.max


class InputRanges(Sourced):
    """The ranges of the form's number inputs (see ``form.yaml``)."""

    min_value_msek: Range
    divisor_msek: Range
    min_duration_months: Range
    share_pct: Range
    sek_per_fte_year: Range


class MoneyUnit(Frozen):
    """A unit for money on a metric card: ``id`` names the UI string ``plan.unit.<id>``."""

    id: str = Field(min_length=1)
    sek: float = Field(gt=0)


class CardFormat(Sourced):
    """How the metric cards show money: units largest first, decimals below ``whole_from`` units."""

    money_units: tuple[MoneyUnit, ...] = Field(min_length=1)
    whole_from: float = Field(gt=0)
    decimals: int = Field(ge=0)

    @model_validator(mode="after")
    def _largest_first(self) -> CardFormat:
        sizes = [u.sek for u in self.money_units]
        if sizes != sorted(sizes, reverse=True):
            raise ValueError("money units must be listed largest first")
        return self

    def unit(self, value_sek: float) -> MoneyUnit:
        """The first unit ``value_sek`` reaches (by absolute value), else the smallest."""
        return next((u for u in self.money_units if abs(value_sek) >= u.sek), self.money_units[-1])

    def decimals_for(self, amount: float) -> int:
        """Decimals for ``amount`` (already in the unit): some below ``whole_from``, none from there."""
        return self.decimals if abs(amount) < self.whole_from else 0


class FormContent(Frozen):
    """Everything in ``content/screening/form.yaml``."""

    inputs: InputRanges
    cards: CardFormat


def build_form_content(root: Path = CONTENT_DIR, model: Model | None = None) -> FormContent:
    """Read and validate ``form.yaml`` under ``root`` (sources checked against ``model``, default: bundled).

    Raises:
        ContentError: naming file, item and field of the first problem.
    """
    file = f"content/{FORM_FILE}"
    raw = read_sections(root / FORM_FILE, ("inputs", "cards"), root)
    content = FormContent(
        inputs=validate_one(file, "inputs", raw["inputs"], InputRanges),
        cards=validate_one(file, "cards", raw["cards"], CardFormat),
    )
    sources = {s.id for s in (model or load_model()).sources}
    for item, sourced in (("inputs", content.inputs), ("cards", content.cards)):
        if sourced.source not in sources:
            raise ContentError(file, item, "source", f"unknown source id '{sourced.source}'")
    return content


@cached_loader
def load_form_content() -> FormContent:
    """The validated form content from the bundled ``content/``, parsed once per process."""
    return build_form_content(content_dir())


# --------------------------------------------------------------------------- money units
def sek_to_msek(sek: float) -> float:
    """An amount in kronor as millions of kronor (the form's unit)."""
    return sek / SEK_PER_MSEK


def msek_to_sek(msek: float) -> float:
    """An amount in millions of kronor (the form's unit) as kronor."""
    return msek * SEK_PER_MSEK


# --------------------------------------------------------------------------- starting values
def preset_values(scenario_id: str, content: ScreeningContent | None = None) -> dict[str, Any]:
    """The form values of a ready-made scenario, by field name (``rule``, ``min_value``, ``categories``,
    ``min_duration``, ``share``, ``basis``)."""
    sc = (content or load_plan_content()).scenario(scenario_id)
    return {
        "rule": sc.rule,
        "min_value": sek_to_msek(sc.min_value_sek),
        "categories": list(sc.categories or []),
        "min_duration": sc.min_duration_months,
        "share": round(sc.share * 100),
        "basis": sc.share_basis,
    }


def custom_types(sizing: SizingContent | None = None) -> tuple[ContractType, ...]:
    """The contract types the custom rule has a divisor for, in the content's order."""
    return tuple((sizing or load_sizing_content()).rule(CUSTOM_RULE_ID).divisors_sek)


def custom_values(sizing: SizingContent | None = None) -> dict[str, Any]:
    """The form values of the custom rule's template: ``div.<type>`` in mnkr and ``minimum_one``."""
    template = (sizing or load_sizing_content()).rule(CUSTOM_RULE_ID)
    values: dict[str, Any] = {f"div.{kind}": sek_to_msek(sek) for kind, sek in template.divisors_sek.items()}
    values["minimum_one"] = template.minimum_one
    return values


def assumption_values(content: ScreeningContent | None = None) -> dict[str, Any]:
    """The starting values of the shared assumptions, by field name (see :func:`assumptions_from_form`)."""
    a = Assumptions.defaults(content or load_plan_content())
    return {
        "gates": a.gates_met,
        "risks": a.risks,
        "bonus": a.bonus_capacity,
        "estimate_fte": a.estimate_fte,
        "sek_per_fte_year": int(a.sek_per_fte_year),
        "entry_level": "",
        "market": "",
    }


# --------------------------------------------------------------------------- form -> model
@dataclass(frozen=True)
class PolicyForm:
    """The values of one scenario's form, as entered.

    Attributes:
        rule: a sizing rule id.
        min_value_msek: lowest contract value in millions of kronor.
        categories: chosen category ids (empty: all).
        min_duration_months: shortest term in months.
        share_pct: share of the selected procurements, in per cent.
        share_basis: ``score`` or ``value``.
        divisors_msek: custom rule: millions of kronor per place, by contract type (read only when
            ``rule`` is the custom rule).
        minimum_one: custom rule: at least one place per contract (likewise).
    """

    rule: str
    min_value_msek: float
    categories: Sequence[str]
    min_duration_months: int
    share_pct: float
    share_basis: str
    divisors_msek: Mapping[str, float] = field(default_factory=dict)
    minimum_one: bool = False


def custom_rule_from_form(
    divisors_msek: Mapping[str, float], minimum_one: bool, sizing: SizingContent | None = None
) -> CustomRule | None:
    """The user's custom rule, or None while it equals the content's template."""
    template = (sizing or load_sizing_content()).rule(CUSTOM_RULE_ID)
    divisors = {kind: msek_to_sek(v) for kind, v in divisors_msek.items()}
    if divisors == dict(template.divisors_sek) and minimum_one == template.minimum_one:
        return None
    return CustomRule(divisors_sek=divisors, minimum_one=minimum_one)


def policy_from_form(form: PolicyForm, sizing: SizingContent | None = None) -> Policy:
    """The policy a scenario's form describes (with default assumptions; the page adds the shared ones).

    Raises:
        pydantic.ValidationError: when the values do not make a valid policy.
    """
    custom = (
        custom_rule_from_form(form.divisors_msek, form.minimum_one, sizing) if form.rule == CUSTOM_RULE_ID else None
    )
    return Policy(
        rule=form.rule,
        custom=custom,
        min_value_sek=msek_to_sek(form.min_value_msek),
        categories=tuple(form.categories) if form.categories else None,
        min_duration_months=int(form.min_duration_months),
        share=form.share_pct / 100,
        share_basis=form.share_basis,
    )


def assumptions_from_form(values: Mapping[str, Any]) -> Assumptions:
    """The shared assumptions from their form values (field names as in :func:`assumption_values`);
    an empty ``entry_level`` or ``market`` means each category's own."""
    return Assumptions(
        gates_met=values["gates"],
        risks=values["risks"],
        bonus_capacity=values["bonus"],
        estimate_fte=values["estimate_fte"],
        sek_per_fte_year=values["sek_per_fte_year"],
        entry_level=values["entry_level"] or None,
        market=values["market"] or None,
    )


def matches_preset(policy: Policy, scenario_id: str | None, content: ScreeningContent | None = None) -> bool:
    """Whether ``policy`` (whatever its assumptions) is exactly the ready-made scenario ``scenario_id``."""
    if not scenario_id:
        return False
    neutral = Assumptions()
    return policy.model_copy(update={"assumptions": neutral}) == Policy.from_scenario(
        scenario_id, neutral, content or load_plan_content()
    )
