"""The assessment's choices besides the answers, in the page address: name, rule, condition and plan choices.

:mod:`guidance.assessment.answers_io` carries the answers; this module carries what the buyer chose
on top of them, so a shared link shows the same result, draft and plan:

=====  =================================================================  ====================
key    value                                                              example
=====  =================================================================  ====================
n      the procurement's name (at most :data:`MAX_NAME_CHARS` characters)  ``Städ skolor 2026``
rg     the sizing rule the buyer picked (absent: the suggested one)        ``trafikverket``
cmp    ``1``: the other countries' rules are shown for comparison          ``1``
z      what to do when the rule gives 0 places                              ``minimum_one``
crd    the custom rule's millions of kronor per place, per contract type    ``works:20,services:10``
crr    the custom rule's rounding                                           ``ceil``
crm    ``1``/``0``: the custom rule gives at least one place                ``0``
cl     the level of the draft condition (absent: the recommended one)       ``advanced_bonus``
cg     target groups of the draft                                           ``young,newly_arrived``
cgx    another target group, as typed (at most the draft's limit)           ``Personer med …``
ca     permitted ways to meet the requirement                               ``a,b``
bi/be  bonus per extra internship / employment month (kronor)               ``5000``
pp/pa  the phase the action plan starts from / whose steps it shows         ``P3`` / ``UO_BUY``
=====  =================================================================  ====================

Only choices that differ from the page's starting values are written. Reading never raises: a value
that is unknown, out of range or too long is dropped and reported as ``{key: message key}``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Literal

from guidance.assessment.action_plan import assessment_phase
from guidance.assessment.conditions import RECOMMENDED, ConditionOptions, bonus_limit, load_conditions
from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.sizing import custom_divisors_msek, load_sizing_content, load_sizing_rules
from guidance.content.loader import load_model
from guidance.core.formatting import plain_number
from guidance.core.models import Frozen

#: Longest procurement name kept (the page's field allows the same).
MAX_NAME_CHARS = 120
#: Longest value read from one parameter (anything longer is not from this page).
MAX_VALUE_CHARS = 400
#: Largest divisor of the custom rule in millions of kronor per place.
MAX_DIVISOR_MSEK = 100_000.0
#: Message keys for a value that could not be used, and the parameter keys this module owns.
ERR_VALUE = "a.link.err.value"
KEYS: tuple[str, ...] = ("n", "rg", "cmp", "z", "crd", "crr", "crm", "cl", "cg", "cgx", "ca", "bi", "be", "pp", "pa")
_ZERO_CHOICES = ("minimum_one", "dialogue")
_ROUNDINGS = ("floor", "ceil")
_LEVELS = (RECOMMENDED, "basic", "advanced", "advanced_bonus")
EVERYONE = "all"


class Choices(Frozen):
    """What the buyer chose besides the answers; ``None`` means the page's starting value."""

    name: str = ""
    rule: str | None = None
    compare: bool = False
    zero: Literal["minimum_one", "dialogue"] | None = None
    divisors_msek: dict[str, float | None] | None = None
    rounding: Literal["floor", "ceil"] | None = None
    minimum_one: bool | None = None
    level: str = RECOMMENDED
    target_groups: tuple[str, ...] = ()
    custom_group: str = ""
    alternatives: tuple[str, ...] = ("a",)
    bonus_internship: float | None = None
    bonus_employment: float | None = None
    plan_phase: str | None = None
    plan_actor: str = EVERYONE


def _rule_ids() -> list[str]:
    return [r.id for r in load_sizing_rules() if not r.comparison]


def _contract_types() -> list[str]:
    return [o.id for o in load_questionnaire().question("contract_type").options]


def start_divisors() -> dict[str, float | None]:
    """The custom rule's starting divisors (millions of kronor per place), from its template."""
    start = custom_divisors_msek(load_sizing_content().rule("custom"))
    return {kind: start.get(kind) for kind in _contract_types()}


def _start_bonus() -> tuple[float, float]:
    cond = load_conditions()
    return float(cond.param("bonus_internship_sek_per_month")), float(cond.param("bonus_employment_sek_per_month"))


def _number(text: str, low: float, high: float) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and low <= value <= high else None


def _ids(text: str, allowed: list[str]) -> tuple[str, ...] | None:
    """A comma-separated list of known ids, each once; None if any is unknown."""
    items = [item for item in text.split(",") if item]
    if any(item not in allowed for item in items) or len(set(items)) != len(items):
        return None
    return tuple(items)


def _divisors(text: str) -> dict[str, float | None] | None:
    """``type:msek`` pairs; a type not listed is out of the custom rule (empty)."""
    types = _contract_types()
    out: dict[str, float | None] = dict.fromkeys(types)
    for pair in (p for p in text.split(",") if p):
        kind, _, value = pair.partition(":")
        number = _number(value, 0.0, MAX_DIVISOR_MSEK)
        if kind not in types or number is None:
            return None
        out[kind] = number
    return out


def _plain(text: str, limit: int) -> str | None:
    """Text without control characters, at most ``limit`` characters; None otherwise."""
    if len(text) > limit or any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text):
        return None
    return text


def choices_from_params(params: Mapping[str, str]) -> tuple[Choices, dict[str, str]]:
    """The choices in a link's parameters, and ``{key: message key}`` for each value that was dropped."""
    model, cond = load_model(), load_conditions()
    found: dict[str, object] = {}
    errors: dict[str, str] = {}
    limit = bonus_limit()
    group_chars = ConditionOptions.model_fields["custom_target_group"].metadata[-1].max_length
    readers: dict[str, tuple[str, Callable[[str], object]]] = {
        "n": ("name", lambda v: _plain(v.strip(), MAX_NAME_CHARS)),
        "rg": ("rule", lambda v: v if v in _rule_ids() else None),
        "cmp": ("compare", lambda v: {"1": True, "0": False}.get(v)),
        "z": ("zero", lambda v: v if v in _ZERO_CHOICES else None),
        "crd": ("divisors_msek", _divisors),
        "crr": ("rounding", lambda v: v if v in _ROUNDINGS else None),
        "crm": ("minimum_one", lambda v: {"1": True, "0": False}.get(v)),
        "cl": ("level", lambda v: v if v in _LEVELS else None),
        "cg": ("target_groups", lambda v: _ids(v, [g.id for g in cond.target_groups])),
        "cgx": ("custom_group", lambda v: _plain(v, group_chars)),
        "ca": ("alternatives", lambda v: _ids(v, [a.id for a in cond.alternatives]) or None),
        "bi": ("bonus_internship", lambda v: _number(v, 0.0, limit)),
        "be": ("bonus_employment", lambda v: _number(v, 0.0, limit)),
        "pp": ("plan_phase", lambda v: v if v in {p.id for p in model.phases} else None),
        "pa": ("plan_actor", lambda v: v if v == EVERYONE or v in model.actors() else None),
    }
    for key, (field, read) in readers.items():
        raw = params.get(key)
        if raw is None:
            continue
        value = read(str(raw)) if isinstance(raw, str) and len(raw) <= MAX_VALUE_CHARS else None
        if value is None:
            errors[key] = ERR_VALUE
        else:
            found[field] = value
    return Choices.model_validate(found), errors


def choices_to_params(c: Choices) -> dict[str, str]:
    """The link parameters of the choices that differ from the page's starting values."""
    out: dict[str, str] = {}
    if c.name.strip():
        out["n"] = c.name.strip()[:MAX_NAME_CHARS]
    if c.rule is not None:
        out["rg"] = c.rule
    if c.compare:
        out["cmp"] = "1"
    if c.zero is not None:
        out["z"] = c.zero
    if c.divisors_msek is not None and c.divisors_msek != start_divisors():
        out["crd"] = ",".join(f"{k}:{plain_number(v)}" for k, v in c.divisors_msek.items() if v)
    template = load_sizing_content().rule("custom")
    if c.rounding is not None and c.rounding != template.rounding:
        out["crr"] = c.rounding
    if c.minimum_one is not None and c.minimum_one != template.minimum_one:
        out["crm"] = "1" if c.minimum_one else "0"
    if c.level != RECOMMENDED:
        out["cl"] = c.level
    if c.target_groups:
        out["cg"] = ",".join(c.target_groups)
    if c.custom_group:
        out["cgx"] = c.custom_group
    if c.alternatives != ("a",):
        out["ca"] = ",".join(c.alternatives)
    start_int, start_emp = _start_bonus()
    if c.bonus_internship is not None and c.bonus_internship != start_int:
        out["bi"] = plain_number(c.bonus_internship)
    if c.bonus_employment is not None and c.bonus_employment != start_emp:
        out["be"] = plain_number(c.bonus_employment)
    if c.plan_phase is not None and c.plan_phase != assessment_phase(load_model()):
        out["pp"] = c.plan_phase
    if c.plan_actor != EVERYONE:
        out["pa"] = c.plan_actor
    return out
