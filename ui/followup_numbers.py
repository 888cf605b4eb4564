"""The number fields of the follow-up forms: numbers written the page's way, with their bounds and a message.

Every number of the buyer's contract form and the supplier's report is a :mod:`ui.number_field`
(``18 000`` and ``2,5`` in Swedish, ``18,000`` and ``2.5`` in English). Each field has its bounds:
the report's from the form's limits (``content/followup/report_form.yaml``), the contract's from the
stored contract's own rules (:mod:`guidance.followup.models`), so the form never accepts what the
store would refuse. A field that holds no number, a decimal where a whole number is needed, or a
number out of bounds shows its message right under it, and the form neither saves nor sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import annotated_types
import streamlit as st
from pydantic import BaseModel

from guidance.core.formatting import fmt_short
from ui.number_field import number_field
from ui.state import lang, tr


@dataclass(frozen=True)
class Bounds:
    """The smallest and largest number a field accepts, and whether it takes whole numbers only."""

    low: float
    high: float
    whole: bool = False
    decimals: int = 2

    def message(self) -> str:
        """What to type, in the page's language, with the bounds written the language's way."""
        key = "fu.num.whole_range" if self.whole else "fu.num.range"
        L = lang()
        return tr(key, low=fmt_short(self.low, L, self.decimals), high=fmt_short(self.high, L, self.decimals))


def _number(bound: object) -> float:
    """A bound of a stored model as a number (the follow-up's models bound numbers with numbers)."""
    if isinstance(bound, bool) or not isinstance(bound, (int, float)):
        raise TypeError(f"not a numeric bound: {bound!r}")
    return float(bound)


def model_bounds(model: type[BaseModel], field: str, *, decimals: int = 2) -> Bounds:
    """The bounds the stored ``model`` sets on ``field`` (``ge``/``gt`` and ``le``); whole for an ``int`` field."""
    info = model.model_fields[field]
    whole = info.annotation is int
    low, high = 0.0, float("inf")
    for rule in info.metadata:
        if isinstance(rule, annotated_types.Ge):
            low = _number(rule.ge)
        elif isinstance(rule, annotated_types.Gt):
            low = _number(rule.gt) + 1 if whole else _number(rule.gt)
        elif isinstance(rule, annotated_types.Le):
            high = _number(rule.le)
    return Bounds(low, high, whole, 0 if whole else decimals)


def valid_number(key: str, bounds: Bounds) -> int | float | None:
    """The number the field under ``key`` holds when it is within ``bounds``, else None."""
    held: Any = st.session_state.get(key)
    if isinstance(held, bool) or not isinstance(held, (int, float)):
        return None
    if bounds.whole and not float(held).is_integer():
        return None
    if not bounds.low <= held <= bounds.high:
        return None
    return int(held) if bounds.whole else float(held)


def bounded_field(label: str, key: str, bounds: Bounds, *, help: str | None = None, container: Any = None) -> None:
    """Draw the number field under ``key`` and, when it holds no usable number, the message under it."""
    place = container or st
    number_field(label, key, decimals=bounds.decimals, whole=bounds.whole, help=help, container=place)
    if valid_number(key, bounds) is None:
        place.error(bounds.message(), icon=":material/error:")
