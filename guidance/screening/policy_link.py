"""The plan screening's policy choices in the page address: both scenarios and the shared assumptions.

Each field of the policy form has a link key, its session key without ``plan.``: ``a.rule``, ``a.preset``,
``a.min_value`` (millions of kronor), ``a.categories`` (ids joined by ``,``), ``a.min_duration``,
``a.share`` (per cent), ``a.basis``, the custom rule's ``a.div.<type>`` and ``a.minimum_one``, the same
for ``b.``, and ``assume.gates``, ``assume.risks``, ``assume.bonus``, ``assume.estimate_fte``,
``assume.sek_per_fte_year``, ``assume.entry_level``, ``assume.market``. Yes/no is ``1``/``0``.

Only values that differ from the page's starting values are written. Reading trusts nothing: every
value is parsed for its field (an id among the content's ids, a number within the form's range from
``content/screening/form.yaml``), a scenario whose values do not make a valid policy is dropped as a
whole, and every dropped key is returned.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.sizing import load_sizing_content
from guidance.core.formatting import plain_number
from guidance.screening.content import load_plan_content
from guidance.screening.policy_form import (
    PolicyForm,
    Range,
    assumption_values,
    custom_types,
    custom_values,
    load_form_content,
    policy_from_form,
    preset_values,
)

__all__ = ["SCENARIOS", "is_link_key", "number_range", "read_params", "start_state", "write_params"]

SCENARIOS = ("a", "b")
ASSUME = "assume."
#: Longest value read from one parameter (a list of every category id fits).
MAX_VALUE_CHARS = 600
_FLAGS = {"1": True, "0": False}
_RISK_MODES = ("category", "none", "unknown")
_BASES = ("score", "value")


def start_state() -> dict[str, Any]:
    """Every link key with the value its field starts with."""
    content, sizing = load_plan_content(), load_sizing_content()
    state: dict[str, Any] = {}
    for key, scenario_id in zip(SCENARIOS, content.default_scenarios, strict=True):
        state[f"{key}.preset"] = scenario_id
        state.update(
            {f"{key}.{f}": v for f, v in (preset_values(scenario_id, content) | custom_values(sizing)).items()}
        )
    state.update({f"{ASSUME}{f}": v for f, v in assumption_values(content).items()})
    return state


def is_link_key(key: str) -> bool:
    """Whether ``key`` is one of the screening policy's link keys."""
    return key in start_state()


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return list(a) == list(b)
    return bool(a == b)


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return plain_number(value) if math.isfinite(value) else None
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    return value if isinstance(value, str) else None


def write_params(state: Mapping[str, Any]) -> dict[str, str]:
    """The link parameters of the fields in ``state`` that differ from their starting values.

    A value a link could not carry back (text typed into a number field, a number out of its range)
    is left out.
    """
    start = start_state()
    out: dict[str, str] = {}
    for key, value in state.items():
        if key not in start or _same(value, start[key]) or (text := _text(value)) is None:
            continue
        if _read(key, text, start[key]) is not None:
            out[key] = text
    return out


def _ranges() -> dict[str, Range]:
    r = load_form_content().inputs
    return {
        "min_value": r.min_value_msek,
        "div": r.divisor_msek,
        "min_duration": r.min_duration_months,
        "share": r.share_pct,
        "sek_per_fte_year": r.sek_per_fte_year,
    }


def number_range(key: str) -> Range | None:
    """The range of the number field with link key ``key`` (``a.min_value``, ``b.div.works``), else None."""
    field = key.split(".", 1)[1] if "." in key else key
    return _ranges().get("div" if field.startswith("div.") else field)


def _number(text: str, r: Range) -> int | float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    if not r.contains(value):
        return None
    return int(value) if r.whole else value


def _choices(field: str) -> tuple[str, ...] | None:
    """The allowed ids of a choice field, or None for a field that is not a choice."""
    content, sizing, qn = load_plan_content(), load_sizing_content(), load_questionnaire()
    return {
        "preset": tuple(s.id for s in content.scenarios),
        "rule": tuple(r.id for r in sizing.rules),
        "basis": _BASES,
        "risks": _RISK_MODES,
        "entry_level": ("", *(o.id for o in qn.question("entry_level").options)),
        "market": ("", *(o.id for o in qn.question("market").options)),
    }.get(field)


def _read(key: str, text: str, start: Any) -> Any:
    """One value of a link, parsed for its field; None if it cannot be used."""
    field = key.split(".", 1)[1]
    if isinstance(start, bool):
        return _FLAGS.get(text)
    if isinstance(start, list):
        ids = [i for i in text.split(",") if i]
        allowed = set(load_plan_content().category_ids)
        return ids if all(i in allowed for i in ids) and len(set(ids)) == len(ids) else None
    if (choices := _choices(field)) is not None:
        return text if text in choices else None
    r = number_range(key)
    return _number(text, r) if r is not None else None


def _scenario_ok(key: str, values: Mapping[str, Any], start: Mapping[str, Any]) -> bool:
    """Whether scenario ``key``'s fields (the link's over the starting values) make a valid policy."""
    v = {**{k: val for k, val in start.items() if k.startswith(f"{key}.")}, **values}
    try:
        policy_from_form(
            PolicyForm(
                rule=v[f"{key}.rule"],
                min_value_msek=v[f"{key}.min_value"],
                categories=v[f"{key}.categories"],
                min_duration_months=v[f"{key}.min_duration"],
                share_pct=v[f"{key}.share"],
                share_basis=v[f"{key}.basis"],
                divisors_msek={kind: v[f"{key}.div.{kind}"] for kind in custom_types()},
                minimum_one=v[f"{key}.minimum_one"],
            )
        )
    except (ValidationError, ValueError, TypeError):
        return False
    return True


def read_params(params: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The field values a link sets (link key -> value) and the link keys that were dropped."""
    start = start_state()
    values: dict[str, Any] = {}
    dropped: list[str] = []
    for key, text in params.items():
        if key not in start:
            continue
        value = _read(key, text, start[key]) if isinstance(text, str) and len(text) <= MAX_VALUE_CHARS else None
        if value is None:
            dropped.append(key)
        else:
            values[key] = value
    for scenario in SCENARIOS:
        mine = {k: v for k, v in values.items() if k.startswith(f"{scenario}.")}
        if mine and not _scenario_ok(scenario, mine, start):
            for k in mine:
                del values[k]
                dropped.append(k)
    return values, dropped
