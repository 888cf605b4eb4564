"""The assessment's choices besides the answers in the page address (see :mod:`guidance.assessment.choices_link`).

:func:`read_link` puts the choices of a link that was opened or edited into the widgets' session keys
(before they are drawn); :func:`keep_link_in_step` writes the current choices back at the end of the
run, so a reload or a shared link shows the same name, rule, draft condition, bonus and plan.
The answers themselves go through :mod:`ui.answers_exchange`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from guidance.assessment.choices_link import KEYS, Choices, choices_from_params, choices_to_params
from guidance.assessment.questionnaire import load_questionnaire
from ui.state import put_in_address, tr

#: Session keys: the choice parameters last written, and whether the last link had values that were dropped.
WRITTEN, DROPPED = "_a_choice_params", "_a_choice_dropped"
_BONUS_KEYS = ("a.cond.bonus_int", "a.cond.bonus_emp")


def _url_params() -> dict[str, str]:
    return {k: v for k, v in st.query_params.to_dict().items() if k in KEYS}


def _types() -> list[str]:
    return [o.id for o in load_questionnaire().question("contract_type").options]


def read_link() -> None:
    """Take over the choices of a link that was opened or edited (not the address this page wrote)."""
    incoming = _url_params()
    if not incoming or incoming == st.session_state.get(WRITTEN):
        return
    c, errors = choices_from_params(incoming)
    s = st.session_state
    s["a.name"] = c.name
    if c.rule is not None:
        s["a.rule"], s["a.rule_touched"] = c.rule, True
    s["a.compare"] = c.compare
    s["a.zero"] = c.zero
    if c.divisors_msek is not None:
        for kind, value in c.divisors_msek.items():
            s[f"a.custom.{kind}"] = value
    if c.rounding is not None:
        s["a.custom.rounding"] = c.rounding
    if c.minimum_one is not None:
        s["a.custom.min1"] = c.minimum_one
    s["a.cond.level"] = c.level
    s["a.cond.groups"] = list(c.target_groups)
    s["a.cond.custom"] = c.custom_group
    s["a.cond.alts"] = list(c.alternatives)
    for key, value in zip(_BONUS_KEYS, (c.bonus_internship, c.bonus_employment), strict=True):
        if value is not None:
            s[key] = value
    if c.plan_phase is not None:
        s["a.plan.phase"] = c.plan_phase
    s["a.plan.actor"] = c.plan_actor
    s[WRITTEN] = incoming
    s[DROPPED] = bool(errors)


def show_notice() -> None:
    """Say once that a link held choices that could not be used."""
    if st.session_state.pop(DROPPED, False):
        st.warning(tr("a.link.partly"), icon=":material/warning:")


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def current_choices() -> Choices:
    """The choices the widgets hold now (what could not be used is left at its starting value)."""
    s = st.session_state
    divisors = {kind: _number(s.get(f"a.custom.{kind}")) for kind in _types()}
    found: dict[str, Any] = {
        "name": str(s.get("a.name") or ""),
        "rule": s.get("a.rule") if s.get("a.rule_touched") else None,
        "compare": bool(s.get("a.compare")),
        "zero": s.get("a.zero") if s.get("a.zero") in ("minimum_one", "dialogue") else None,
        "divisors_msek": divisors,
        "rounding": s.get("a.custom.rounding") if s.get("a.custom.rounding") in ("floor", "ceil") else None,
        "minimum_one": bool(s.get("a.custom.min1")),
        "level": s.get("a.cond.level") or "recommended",
        "target_groups": tuple(s.get("a.cond.groups") or ()),
        "custom_group": str(s.get("a.cond.custom") or ""),
        "alternatives": tuple(s.get("a.cond.alts") or ("a",)),
        "bonus_internship": _number(s.get(_BONUS_KEYS[0])),
        "bonus_employment": _number(s.get(_BONUS_KEYS[1])),
        "plan_phase": s.get("a.plan.phase"),
        "plan_actor": str(s.get("a.plan.actor") or "all"),
    }
    # Round-trip through the link format, so only what a link could carry is written.
    params, _ = choices_from_params(choices_to_params(Choices.model_construct(**found)))
    return params


def keep_link_in_step() -> None:
    """Write the current choices into the page address (and forget the ones back at their starting value)."""
    params = choices_to_params(current_choices())
    put_in_address(params, _url_params(), WRITTEN)
