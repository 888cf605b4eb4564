"""Builders shared by the follow-up tests (no tests here): contracts and reports from short dictionaries, in the shape of the case tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from guidance.followup.figures import Figures, Report
from guidance.followup.models import Bonus, Contract, Planned, Requirement

#: Every case's contract unless the case says otherwise (tests/cases/followup_*.yaml).
DEFAULTS: dict[str, Any] = {
    "level": "advanced",
    "places": 2,
    "employment_months": 24,
    "internship_months": 0,
    "milestone_months": 6,
    "interval": "half_yearly",
    "start": dt.date(2025, 1, 1),
    "end": dt.date(2026, 12, 31),
    "supplier": "Leverantör AB",
    "reference": "KS 2025/1",
    "category": "services",
}
CREATED = dt.datetime(2025, 1, 1, 8, 0)


def contract(contract_id: int = 1, **given: Any) -> Contract:
    """A registered contract from the defaults and ``given`` (requirement fields included)."""
    v = {**DEFAULTS, **given}
    bonus = Bonus.model_validate(v["bonus"]) if v.get("bonus") else None
    requirement = Requirement(
        level=v["level"],
        places=v["places"],
        employment_months=v["employment_months"],
        internship_months=v["internship_months"],
        milestone_months=v["milestone_months"],
        alternatives=("a", "b") if v["internship_months"] else ("a",),
        bonus=bonus,
    )
    planned = Planned(
        origin=v.get("origin", "manual"),
        places=v.get("planned_places", v["places"]),
        employment_months=v.get("planned_employment_months", v["employment_months"]),
        value_sek=v.get("planned_value_sek"),
    )
    return Contract(
        id=contract_id,
        register_id=1,
        reference=v["reference"],
        title=v.get("title", ""),
        supplier=v["supplier"],
        category=v["category"],
        start=v["start"],
        end=v["end"],
        interval=v["interval"],
        requirement=requirement,
        planned=planned,
        created_at=CREATED,
        updated_at=CREATED,
    )


def report(contract_id: int = 1, **given: Any) -> Report:
    """One stored version: ``period_start``, ``version`` (1) and the figures' fields."""
    fields = {k: given[k] for k in ("started", "months", "ended_early", "retention", "first_start") if k in given}
    return Report(
        contract_id=contract_id,
        period_start=given["period_start"],
        version=given.get("version", 1),
        figures=Figures.model_validate(fields),
        correction_reason="typing_error" if given.get("version", 1) > 1 else None,
        submitted_at=dt.datetime(2025, 1, 1) + dt.timedelta(days=given.get("version", 1)),
    )


def case_contract(data: Mapping[str, Any]) -> tuple[Contract, list[Report], dt.date]:
    """The contract, its reports and the day of a case table's input."""
    given = {k: v for k, v in data.items() if k not in ("reports", "today", "form_checked")}
    return contract(**given), [report(**r) for r in data.get("reports", [])], data["today"]
