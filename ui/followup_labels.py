"""How follow-up values read in the session's language: statuses, levels, categories, numbers and dates."""

from __future__ import annotations

import datetime as dt

from guidance.assessment.questionnaire import load_questionnaire
from guidance.core.formatting import fmt_num, fmt_sek, fmt_short
from guidance.followup.content import Status, load_followup_content
from guidance.followup.schedule import Milestone
from guidance.followup.suppression import Shown
from guidance.screening.content import load_plan_content
from guidance.workshop.times import to_local, zone_label
from ui.state import lang, tr


def status_text(status: Status) -> str:
    """A status as its name (the icon goes beside it, so colour or icon never carry the meaning alone)."""
    return status.name(lang())


def milestone_text(mile: Milestone) -> str:
    """The milestone's explanation: dates as YYYY-MM-DD, days left."""
    status = load_followup_content().milestone_status(mile.status)
    text = status.text(lang()) if status.text else ""
    return text.format(date=mile.date.isoformat(), first=mile.first.isoformat() if mile.first else "", days=mile.days)


def level_name(level: str) -> str:
    """The requirement level's name."""
    return tr(f"fu.level.{level}")


def category_label(category: str) -> str:
    """A procurement category: a contract type's or a plan category's name when it is one, else the text as typed."""
    if not category:
        return tr("fu.none")
    option = load_questionnaire().question("contract_type").option(category)
    if option is not None:
        return option.label(lang())
    known = {c.id: c for c in load_plan_content().categories}
    return known[category].label(lang()) if category in known else category


def supplier_label(supplier: str) -> str:
    """The supplier's name, or that it is not yet known."""
    return supplier or tr("fu.no_supplier")


def num(value: float, decimals: int = 0) -> str:
    """A number in the session's language."""
    return fmt_num(value, lang(), decimals)


def short(value: float) -> str:
    """A number with at most one decimal."""
    return fmt_short(value, lang())


def sek(value: float) -> str:
    """An amount in kronor."""
    return fmt_sek(value, lang())


def shown(value: Shown) -> str:
    """A count as others may see it (a number or "fewer than 5")."""
    return value.text(lang())


def day(value: dt.date | None) -> str:
    """A date as YYYY-MM-DD (empty when unknown)."""
    return value.isoformat() if value else ""


def sent_at(when: dt.datetime) -> str:
    """A stored (UTC) time as the reader's local time with its zone: ``2026-12-01 13:05 (svensk tid)``."""
    local = to_local(when)
    return f"{local.time:%Y-%m-%d %H:%M} ({zone_label(local, lang())})"
