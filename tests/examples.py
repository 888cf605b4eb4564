"""Complete answers used as worked examples by several tests (each with where it comes from)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from guidance.assessment.answers import Answers
from guidance.assessment.questionnaire import load_questionnaire

GATES_YES: dict[str, bool | None] = {g: True for g in load_questionnaire().gate_ids}

#: Brief §5.7: works, SEK 120 m over 30 months with 25 FTE, every gate met, no risks.
WORKS_120M: dict[str, Any] = dict(
    gates=GATES_YES,
    organisation="state_agency",
    contract_type="works",
    framework=False,
    direct_award=False,
    value_sek=120e6,
    duration_months=30,
    fte=25,
    labour_share=70,
    entry_level="yes",
    market="broad",
    recurring_recruitment=True,
    labour_law_needed=False,
    bonus_capacity=False,
    reserved_plausible=False,
    risks=frozenset(),
)

#: A labour-intensive cleaning contract that scores the maximum (14 points), no risks, all gates yes.
CLEANING_18M: dict[str, Any] = {
    **WORKS_120M,
    "organisation": "municipality",
    "contract_type": "services",
    "value_sek": 18_000_000,
    "duration_months": 36,
    "fte": 12,
    "labour_share": 75,
}


def works_120m(**changes: Any) -> Answers:
    """The brief's works example, with ``changes``."""
    return Answers(**{**WORKS_120M, **changes})


def cleaning_18m(**changes: Any) -> Answers:
    """The maximum-score cleaning example, with ``changes``."""
    return Answers(**{**CLEANING_18M, **changes})


START = dt.date(2026, 1, 1)
