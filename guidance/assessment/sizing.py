"""How large a numerical employment requirement could be: rule sets as data, sizing as arithmetic.

The rule sets (Trafikverket, Göteborg, Malmö and a custom template) with every parameter, the
6-month milestone, the feasibility cap and all texts live in ``content/assessment/sizing_rules.yaml``.
:func:`size` is plain arithmetic on a rule's parameters, so the same parameters can be applied to
pandas columns when a whole procurement plan is screened:

* ``places = fixed_places + round(value_sek / divisors_sek[type])`` (``floor`` or ``ceil``);
  ``minimum_one`` lifts 0 to 1; a contract outside the rule's scope is exempt with 0 places;
* ``employment_months = places * employment_months_per_place`` (per place capped at the contract
  duration when ``cap_months_at_duration``), ``internship_months`` likewise -- an *alternative*
  to employment months, not an addition;
* ``fte_months = fte * duration_months``; feasible when ``employment_months / fte_months`` is at
  most the content's cap;
* milestone: first employment started or offered ``milestone.months`` after the start date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator

from guidance.assessment.answers import Answers
from guidance.assessment.assess import Reason
from guidance.assessment.questionnaire import ContractType, Interval, placeholders
from guidance.content.loader import (
    CONTENT_DIR,
    ContentError,
    cached_loader,
    content_dir,
    load_model,
    read_sections,
    validate_items,
    validate_one,
)
from guidance.content.model import Model
from guidance.core.formatting import fmt_short
from guidance.core.models import LANGS, Evidence, Frozen, Sourced, Text, by_id

SIZING_FILE = "assessment/sizing_rules.yaml"

#: Unit conversion for texts: values are held in SEK and shown in millions (mnkr / SEK m).
SEK_PER_MSEK = 1_000_000

#: Text ids the code refers to; each must be in the content's ``texts``.
TEXT_IDS: tuple[str, ...] = (
    "exempt_type",
    "exempt_framework",
    "exempt_direct_award",
    "exempt_duration",
    "exempt_fte",
    "exempt_value",
    "not_feasible_note",
    "below_divisor",
    "places_value",
    "places_fixed",
    "minimum_one",
    "months",
    "months_capped",
    "internship",
    "internship_none",
    "fte_unknown",
    "feasible",
    "not_feasible",
    "milestone",
    "milestone_no_date",
    "rounding_floor",
    "rounding_ceil",
    "recommended_rule",
    "zero_below_value",
    "zero_out_of_scope",
    "no_other_rule",
    "adjusted_minimum_one",
    "adjusted_dialogue",
    "choice_minimum_one",
    "choice_dialogue",
)


#: The ``{placeholders}`` sizing texts may use.
SIZING_PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "months",
        "scope",
        "fte",
        "value_msek",
        "divisor_msek",
        "places",
        "rounding",
        "per_place",
        "fte_months",
        "share",
        "cap",
        "date",
        "rule",
        "others",
        "organisation",
        "min_msek",
    }
)


class Assumption(Frozen):
    """A choice made in a rule where the source says nothing, shown with its evidence marker."""

    text: Text
    evidence: Evidence


class SizingRule(Sourced):
    """One sizing rule set; every number is a parameter from the content (or a user input for custom).

    Attributes:
        divisors_sek: contract type -> SEK of contract value per place (types absent: no value ratio).
        fixed_places: places per contract regardless of value.
        rounding: how ``value / divisor`` becomes whole places.
        minimum_one: a contract in scope gets at least one place.
        employment_months_per_place: full-time employment months that make one place.
        internship_months_per_place: internship months that may replace one place (None: no alternative).
        cap_months_at_duration: months per place cannot exceed the contract duration.
        exempt_types: contract types the rule does not cover.
        exempt_framework / exempt_direct_award: whether those contracts are out of scope.
        duration_scope / fte_scope: the contract's duration and FTE must lie inside these ranges.
        min_value_sek: contract type -> the lowest contract value (SEK) the rule covers.
        comparison: a rule from another country, shown for comparison and never suggested.
        currency / divisors_in_currency / min_value_in_currency: how a foreign rule states its
            amounts; the content loader converts them to SEK with the content's exchange rates.
    """

    id: str = Field(min_length=1)
    name: Text
    description: Text
    scope: Text
    divisors_sek: dict[ContractType, float] = Field(default_factory=dict)
    fixed_places: int = Field(default=0, ge=0)
    rounding: Literal["floor", "ceil"] = "floor"
    minimum_one: bool = False
    employment_months_per_place: float = Field(gt=0)
    internship_months_per_place: float | None = Field(default=None, gt=0)
    cap_months_at_duration: bool = False
    exempt_types: tuple[ContractType, ...] = ()
    exempt_framework: bool = False
    exempt_direct_award: bool = True
    duration_scope: Interval = Interval()
    fte_scope: Interval = Interval()
    min_value_sek: dict[ContractType, float] = Field(default_factory=dict)
    comparison: bool = False
    currency: str = Field(default="SEK", pattern=r"^[A-Z]{3}$")
    divisors_in_currency: dict[ContractType, float] = Field(default_factory=dict)
    min_value_in_currency: dict[ContractType, float] = Field(default_factory=dict)
    assumptions: tuple[Assumption, ...] = ()

    @field_validator("divisors_sek")
    @classmethod
    def _divisors_positive(cls, value: dict[str, float]) -> dict[str, float]:
        for kind, divisor in value.items():
            if not (divisor > 0 and math.isfinite(divisor)):
                raise ValueError(f"divisor for {kind} must be a positive number")
        return value


class ExchangeRate(Sourced):
    """Kronor per unit of a foreign currency, as of ``date`` (a dated parameter)."""

    currency: str = Field(pattern=r"^[A-Z]{3}$")
    sek: float = Field(gt=0)
    date: dt.date
    verified: bool = False


class Milestone(Sourced):
    """First employment started or offered within ``months`` of contract start."""

    months: int = Field(gt=0)


class Feasibility(Sourced):
    """The most the requirement may take of the contract's FTE-months (a share, 0.2 = 20 %)."""

    max_share: float = Field(gt=0, le=1)


class SizingText(Frozen):
    """A reason text with ``{placeholders}``."""

    id: str
    text: Text
    source: str | None = None
    evidence: Evidence | None = None


Adjustment = Literal["minimum_one", "dialogue"]


class ZeroPlaces(Frozen):
    """The consistent alternatives offered when a numerical verdict meets a rule that gives 0 places.

    ``below_value``: the value does not reach one whole place; ``out_of_scope``: the rule does not
    cover the contract. The first alternative of each is the default.
    """

    below_value: tuple[Adjustment, ...] = Field(min_length=1)
    out_of_scope: tuple[Adjustment, ...] = Field(min_length=1)


class Recommend(Sourced):
    """Which rule set is suggested for each kind of organisation, and the zero-places alternatives."""

    by_organisation: dict[str, str]
    fallback: str
    zero_places: ZeroPlaces

    def rule_for(self, organisation: str | None) -> str:
        """The suggested rule id for an answer to the organisation question (None: the fallback)."""
        return self.by_organisation.get(organisation or "", self.fallback)


class SizingContent(Frozen):
    """Everything in ``sizing_rules.yaml``."""

    rules: tuple[SizingRule, ...]
    milestone: Milestone
    feasibility: Feasibility
    texts: tuple[SizingText, ...]
    recommend: Recommend
    exchange_rates: tuple[ExchangeRate, ...] = ()

    def text(self, text_id: str) -> SizingText:
        """The text with ``text_id``."""
        return by_id(self.texts, text_id, "sizing text")

    def rule(self, rule_id: str) -> SizingRule:
        """The rule with ``rule_id``; raises ``KeyError`` if unknown."""
        return by_id(self.rules, rule_id, "sizing rule")


class Contract(Frozen):
    """The facts about one contract that sizing needs."""

    contract_type: ContractType
    value_sek: float = Field(gt=0, allow_inf_nan=False)
    duration_months: int = Field(gt=0)
    fte: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    framework: bool = False
    direct_award: bool = False
    start_date: dt.date | None = None


class Sizing(Frozen):
    """The result of :func:`size`.

    ``employment_months`` and ``internship_months`` are alternatives (a place is either); both are 0
    when exempt. ``share_of_fte_months`` and ``feasible`` are None when FTE is unknown or exempt;
    ``milestone_date`` is None when exempt or without a start date (``milestone_months`` is always set).
    ``below_value`` says the contract is in scope but its value does not reach one whole place.
    """

    rule_id: str
    exempt: bool
    below_value: bool = False
    places: int
    employment_months: int
    internship_months: int
    fte_months: float | None
    share_of_fte_months: float | None
    feasible: bool | None
    milestone_date: dt.date | None
    milestone_months: int
    reasons: tuple[Reason, ...]


# --------------------------------------------------------------------------- loading
def build_sizing_content(root: Path = CONTENT_DIR, model: Model | None = None) -> SizingContent:
    """Read and validate ``sizing_rules.yaml`` under ``root``.

    Raises:
        ContentError: naming file, item and field of the first problem.
    """
    model = model or load_model()
    file = f"content/{SIZING_FILE}"
    raw = read_sections(root / SIZING_FILE, ("rules", "milestone", "feasibility", "texts", "recommend"), root)
    milestone = validate_one(file, "milestone", raw["milestone"], Milestone)
    feasibility = validate_one(file, "feasibility", raw["feasibility"], Feasibility)
    rates = tuple(
        validate_one(file, f"exchange_rates.{i}", r, ExchangeRate)
        for i, r in enumerate(raw.get("exchange_rates") or ())
    )
    content = SizingContent(
        rules=tuple(_in_sek(r, rates, file) for r in validate_items(file, "rules", raw["rules"], SizingRule)),
        exchange_rates=rates,
        milestone=milestone,
        feasibility=feasibility,
        texts=validate_items(file, "texts", raw["texts"], SizingText),
        recommend=validate_one(file, "recommend", raw["recommend"], Recommend),
    )
    source_ids = {s.id for s in model.sources}
    items: list[tuple[str, str | None]] = [(r.id, r.source) for r in content.rules]
    items += [(t.id, t.source) for t in content.texts]
    items += [("milestone", milestone.source), ("feasibility", feasibility.source)]
    items += [("recommend", content.recommend.source)]
    rule_ids = {r.id for r in content.rules if not r.comparison}
    for org, rule_id in (*content.recommend.by_organisation.items(), ("fallback", content.recommend.fallback)):
        if rule_id not in rule_ids or rule_id == "custom":
            raise ContentError(file, "recommend", org, f"'{rule_id}' is not a fixed Swedish rule set")
    for item_id, source in items:
        if source is not None and source not in source_ids:
            raise ContentError(file, item_id, "source", f"unknown source id '{source}'")
    have = {t.id for t in content.texts}
    for text_id in TEXT_IDS:
        if text_id not in have:
            raise ContentError(file, text_id, "texts", "required text is missing")
    for item in content.texts:
        unknown = placeholders(item.text) - SIZING_PLACEHOLDERS
        if unknown:
            raise ContentError(file, item.id, "text", f"unknown placeholder(s) {sorted(unknown)}")
    if "custom" not in {r.id for r in content.rules}:
        raise ContentError(file, "custom", "rules", "the custom rule template is missing")
    return content


def _in_sek(rule: SizingRule, rates: tuple[ExchangeRate, ...], file: str) -> SizingRule:
    """A rule whose amounts are stated in a foreign currency, with its divisors and minimum values in SEK."""
    if rule.currency == "SEK":
        return rule
    rate = next((r for r in rates if r.currency == rule.currency), None)
    if rate is None:
        raise ContentError(file, rule.id, "currency", f"no exchange rate for {rule.currency}")
    return rule.model_copy(
        update={
            "divisors_sek": {k: v * rate.sek for k, v in rule.divisors_in_currency.items()},
            "min_value_sek": {k: v * rate.sek for k, v in rule.min_value_in_currency.items()},
        }
    )


@cached_loader
def load_sizing_content() -> SizingContent:
    """The validated sizing content (rules, milestone, feasibility cap, texts), parsed once."""
    return build_sizing_content(content_dir(), load_model())


@cached_loader
def load_sizing_rules() -> tuple[SizingRule, ...]:
    """The rule sets in display order: trafikverket, goteborg, malmo, custom (with default inputs)."""
    return load_sizing_content().rules


def custom_rule(
    divisors: Mapping[str, float] | Mapping[ContractType, float], rounding: Literal["floor", "ceil"], minimum_one: bool
) -> SizingRule:
    """The custom rule with the user's divisors (SEK per place, per contract type) and policies.

    Every other parameter (months per place, exemptions) comes from the ``custom`` template in
    the content. Types without a divisor are out of scope.

    Raises:
        pydantic.ValidationError: for an unknown type, a divisor <= 0 or an unknown rounding.
    """
    template = load_sizing_content().rule("custom")
    data = template.model_dump()
    data.update(divisors_sek=dict(divisors), rounding=rounding, minimum_one=minimum_one)
    return SizingRule.model_validate(data)


def custom_rule_from_inputs(
    divisors_msek: Mapping[str, float | None], rounding: Literal["floor", "ceil"], minimum_one: bool
) -> SizingRule | None:
    """The custom rule from what the user typed: millions of kronor per place, per contract type.

    Types left empty (or at zero) are out of scope. Returns None when no type has a divisor or a
    value is not valid, so the caller can say the custom rule cannot be used.
    """
    divisors = {
        kind: float(value) * SEK_PER_MSEK
        for kind, value in divisors_msek.items()
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
    }
    if not divisors:
        return None
    try:
        return custom_rule(divisors, rounding, minimum_one)
    except ValidationError:
        return None


def custom_divisors_msek(rule: SizingRule) -> dict[str, float | None]:
    """A rule's divisors in millions of kronor per contract type (the custom rule's starting values)."""
    return {kind: value / SEK_PER_MSEK for kind, value in rule.divisors_sek.items()}


def contract_from_answers(answers: Answers) -> Contract | None:
    """The contract described by the answers, or None if type, value or duration is unanswered."""
    if answers.contract_type is None or answers.value_sek is None or answers.duration_months is None:
        return None
    return Contract(
        contract_type=answers.contract_type,
        value_sek=answers.value_sek,
        duration_months=answers.duration_months,
        fte=answers.fte,
        framework=bool(answers.framework),
        direct_award=bool(answers.direct_award),
        start_date=answers.start_date,
    )


# --------------------------------------------------------------------------- sizing
class DateOutOfRange(ValueError):
    """A date calculation would leave the calendar Python can represent (years 1 to 9999)."""


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months (the 31st becomes the month's last day when needed).

    Raises:
        DateOutOfRange: the result would be before 0001-01-01 or after 9999-12-31 (a start date far in
            the future, or a nonsense number of months); the message names the date and the months.
    """
    index = day.month - 1 + int(months)
    year, month = day.year + index // 12, index % 12 + 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise DateOutOfRange(
            f"{day.isoformat()} plus {months} months is outside the dates that can be calculated "
            f"({dt.date.min.isoformat()} to {dt.date.max.isoformat()}); check the start date"
        )
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class _Reasons:
    def __init__(self, content: SizingContent, rule: SizingRule) -> None:
        self.content, self.rule = content, rule
        self.items: list[Reason] = []

    def add(self, text_id: str, source: str | None = None, evidence: Evidence | None = None, **values: Any) -> None:
        item = self.content.text(text_id)
        texts: dict[str, str] = {}
        for lang in LANGS:
            filled = {
                k: (
                    fmt_short(v, lang)
                    if isinstance(v, (int, float)) and not isinstance(v, bool)
                    else v(lang)
                    if isinstance(v, Text)
                    else v
                )
                for k, v in values.items()
            }
            texts[lang] = item.text(lang).format(**filled)
        self.items.append(
            Reason(
                rule=f"sizing.{text_id}",
                question=None,
                points=None,
                text=Text(**texts),
                source=source or item.source or self.rule.source,
                evidence=evidence or item.evidence or self.rule.evidence,
            )
        )


def _exemptions(contract: Contract, rule: SizingRule, r: _Reasons) -> bool:
    exempt = False
    if contract.contract_type in rule.exempt_types or (
        contract.contract_type not in rule.divisors_sek and rule.fixed_places == 0
    ):
        r.add("exempt_type")
        exempt = True
    if contract.framework and rule.exempt_framework:
        r.add("exempt_framework")
        exempt = True
    if contract.direct_award and rule.exempt_direct_award:
        r.add("exempt_direct_award")
        exempt = True
    if not rule.duration_scope.contains(contract.duration_months):
        r.add("exempt_duration", months=contract.duration_months, scope=rule.scope)
        exempt = True
    if contract.fte is not None and not rule.fte_scope.contains(contract.fte):
        r.add("exempt_fte", fte=contract.fte, scope=rule.scope)
        exempt = True
    minimum = rule.min_value_sek.get(contract.contract_type)
    if minimum is not None and contract.value_sek < minimum:
        r.add("exempt_value", value_msek=contract.value_sek / SEK_PER_MSEK, min_msek=minimum / SEK_PER_MSEK)
        exempt = True
    return exempt


def _places(contract: Contract, rule: SizingRule, r: _Reasons) -> int:
    places = rule.fixed_places
    if rule.fixed_places:
        r.add("places_fixed", places=rule.fixed_places)
    divisor = rule.divisors_sek.get(contract.contract_type)
    if divisor is not None:
        ratio = contract.value_sek / divisor
        by_value = math.floor(ratio) if rule.rounding == "floor" else math.ceil(ratio)
        places += by_value
        r.add(
            "places_value",
            value_msek=contract.value_sek / SEK_PER_MSEK,
            divisor_msek=divisor / SEK_PER_MSEK,
            places=by_value,
            rounding=r.content.text(f"rounding_{rule.rounding}").text,
        )
    if places == 0 and rule.minimum_one:
        places = 1
        r.add("minimum_one")
    return places


def size(contract: Contract, rule: SizingRule) -> Sizing:
    """Size a numerical requirement for ``contract`` under ``rule``.

    Args:
        contract: type, value (SEK, whole term), duration, FTE and start date.
        rule: a rule from :func:`load_sizing_rules` or :func:`custom_rule`.

    Returns:
        A :class:`Sizing` with places, employment and internship months, feasibility,
        the milestone date (if a start date is given) and the reasons.
    """
    content = load_sizing_content()
    r = _Reasons(content, rule)
    milestone_months = content.milestone.months
    exempt = _exemptions(contract, rule, r)
    places = 0 if exempt else _places(contract, rule, r)
    below_value = not exempt and places == 0
    if below_value:
        r.add("below_divisor")
        exempt = True

    employment = internship = 0
    fte_months = contract.fte * contract.duration_months if contract.fte is not None else None
    share: float | None = None
    feasible: bool | None = None
    milestone_date: dt.date | None = None
    if not exempt:
        per_place = rule.employment_months_per_place
        if rule.cap_months_at_duration and per_place > contract.duration_months:
            per_place = contract.duration_months
            r.add("months_capped", months=per_place)
        employment = round(places * per_place)
        r.add("months", places=places, per_place=per_place, months=employment)
        if rule.internship_months_per_place is not None:
            per_intern = rule.internship_months_per_place
            if rule.cap_months_at_duration:
                per_intern = min(per_intern, contract.duration_months)
            internship = round(places * per_intern)
            r.add("internship", places=places, per_place=per_intern, months=internship)
        else:
            r.add("internship_none")
        if fte_months is None:
            r.add("fte_unknown")
        else:
            share = employment / fte_months
            cap = content.feasibility.max_share
            feasible = share <= cap
            r.add(
                "feasible" if feasible else "not_feasible",
                content.feasibility.source,
                content.feasibility.evidence,
                months=employment,
                fte_months=fte_months,
                share=round(share * 100, 1),
                cap=round(cap * 100, 1),
            )
        if contract.start_date is not None:
            milestone_date = add_months(contract.start_date, milestone_months)
            r.add(
                "milestone",
                content.milestone.source,
                content.milestone.evidence,
                months=milestone_months,
                date=milestone_date.isoformat(),
            )
        else:
            r.add("milestone_no_date", content.milestone.source, content.milestone.evidence, months=milestone_months)

    return Sizing(
        rule_id=rule.id,
        exempt=exempt,
        below_value=below_value,
        places=places if not exempt else 0,
        employment_months=employment,
        internship_months=internship,
        fte_months=fte_months,
        share_of_fte_months=share,
        feasible=feasible,
        milestone_date=milestone_date,
        milestone_months=milestone_months,
        reasons=tuple(r.items),
    )


def size_all(contract: Contract, rules: tuple[SizingRule, ...] | None = None) -> tuple[Sizing, ...]:
    """Size ``contract`` under several rules (default: every rule set), for a side-by-side view."""
    return tuple(size(contract, rule) for rule in (rules or load_sizing_rules()))
