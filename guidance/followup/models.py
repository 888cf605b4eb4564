"""A contract in follow-up: the buyer's facts, the requirement, the report schedule and what was planned.

Everything the buyer types is plain text, cleaned (control characters removed, spaces collapsed),
limited in length by the content's ``limits`` and never allowed to carry a Swedish personal identity
number. Validation errors carry a message key as their ``type`` (``fu.err.*``), like the answers do.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from guidance.assessment.conditions import AltId, load_conditions
from guidance.assessment.questionnaire import LevelId
from guidance.assessment.sizing import add_months
from guidance.core.models import Frozen
from guidance.followup.content import load_followup_content

#: Where a contract entered follow-up.
Origin = Literal["assessment", "plan", "manual"]
ORIGINS: tuple[Origin, ...] = ("assessment", "plan", "manual")
#: The levels that oblige the supplier to hire.
NUMERICAL: frozenset[str] = frozenset({"advanced", "spearhead"})
#: The longest contract term the register takes (months), as the questionnaire's duration question.
MAX_TERM_MONTHS = 240
#: A Swedish personal identity number or coordination number: (YY)YYMMDD, an optional - or +, four digits.
PERSONAL_NUMBER = re.compile(r"(?<!\d)(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:[0-8]\d|9[01])[-+]?\d{4}(?!\d)")


def clean_text(value: Any, max_chars: int) -> str:
    """Plain text as stored: control characters removed, spaces collapsed, at most ``max_chars``.

    Raises:
        PydanticCustomError: ``fu.err.personal_number`` when the text holds a personal identity number.
    """
    if value is None:
        return ""
    text = "".join(ch for ch in str(value)[: max_chars * 4] if ch.isprintable())
    text = " ".join(text.split())[:max_chars]
    if PERSONAL_NUMBER.search(text):
        raise PydanticCustomError("fu.err.personal_number", "text holds a personal identity number")
    return text


class Bonus(Frozen):
    """The bonus (spearhead level): SEK per month beyond the requirement, up to the bonus's months."""

    employment_sek_per_month: float = Field(ge=0, le=1_000_000, allow_inf_nan=False)
    internship_sek_per_month: float = Field(ge=0, le=1_000_000, allow_inf_nan=False)
    employment_months: float = Field(ge=0, le=100_000, allow_inf_nan=False)
    internship_months: float = Field(ge=0, le=100_000, allow_inf_nan=False)

    @property
    def cap_sek(self) -> float:
        """The most the bonus can pay."""
        return (
            self.employment_sek_per_month * self.employment_months
            + self.internship_sek_per_month * self.internship_months
        )


class Requirement(Frozen):
    """What the condition asks of the supplier.

    ``employment_months`` and ``internship_months`` are alternatives (a place is either, as in the
    sizing); ``internship_months`` 0 means internships do not fill the requirement. A requirement at the
    basic (dialogue) level may have 0 places until the dialogue has set them.
    """

    level: LevelId
    places: int = Field(ge=0, le=10_000)
    employment_months: float = Field(ge=0, le=100_000, allow_inf_nan=False)
    internship_months: float = Field(default=0, ge=0, le=100_000, allow_inf_nan=False)
    milestone_months: int = Field(gt=0, le=MAX_TERM_MONTHS)
    target_groups: tuple[str, ...] = ()
    alternatives: tuple[AltId, ...] = ("a",)
    bonus: Bonus | None = None
    rule_id: str | None = Field(default=None, max_length=40)

    @field_validator("target_groups")
    @classmethod
    def _known_groups(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        known = {g.id for g in load_conditions().target_groups}
        if any(g not in known for g in value):
            raise PydanticCustomError("fu.err.target_group", "unknown target group")
        return tuple(dict.fromkeys(value))

    @model_validator(mode="after")
    def _bonus_only_at_spearhead(self) -> Requirement:
        if self.bonus is not None and self.level != "spearhead":
            raise PydanticCustomError("fu.err.bonus_level", "a bonus belongs to the spearhead level")
        return self

    @property
    def numerical(self) -> bool:
        """Whether the supplier must hire (advanced or spearhead level)."""
        return self.level in NUMERICAL

    @property
    def has_target(self) -> bool:
        """Whether there are places and months to follow."""
        return self.places > 0 and (self.employment_months > 0 or self.internship_months > 0)


class Planned(Frozen):
    """What was planned when the contract entered follow-up (kept as it was, for planned against realised).

    ``value_sek`` is the socio-economic value the plan showed (a screened plan row); None means it is
    worked out from the employment months with the parameters in force at contract start.
    """

    origin: Origin
    places: int = Field(ge=0, le=10_000)
    employment_months: float = Field(ge=0, le=100_000, allow_inf_nan=False)
    internship_months: float = Field(default=0, ge=0, le=100_000, allow_inf_nan=False)
    value_sek: float | None = Field(default=None, allow_inf_nan=False)


class ContractInput(Frozen):
    """A contract as the buyer registers it (the store adds id, register and times)."""

    reference: str = ""
    title: str = ""
    supplier: str = ""
    category: str = ""
    start: dt.date
    end: dt.date
    interval: str
    requirement: Requirement
    planned: Planned

    @field_validator("reference", "title", "supplier", "category", mode="before")
    @classmethod
    def _plain(cls, value: Any, info: ValidationInfo) -> str:
        limits = load_followup_content().limits
        size = {
            "reference": limits.max_reference,
            "title": limits.max_title,
            "supplier": limits.max_supplier,
            "category": limits.max_category,
        }
        return clean_text(value, size[str(info.field_name)])

    @field_validator("interval")
    @classmethod
    def _known_interval(cls, value: str) -> str:
        if value not in {i.id for i in load_followup_content().intervals}:
            raise PydanticCustomError("fu.err.interval", "unknown report interval")
        return value

    @model_validator(mode="after")
    def _term(self) -> ContractInput:
        if self.end <= self.start:
            raise PydanticCustomError("fu.err.end_before_start", "the contract must end after it starts")
        if self.end > add_months(self.start, MAX_TERM_MONTHS):
            raise PydanticCustomError("fu.err.term_too_long", "the contract term is too long")
        return self

    @property
    def milestone_date(self) -> dt.date:
        """The day by which the first hire must have started or been offered."""
        return add_months(self.start, self.requirement.milestone_months)

    @property
    def label(self) -> str:
        """How the contract is named in lists: reference and title (or the one that is given)."""
        return " – ".join(part for part in (self.reference, self.title) if part) or "–"


class Contract(ContractInput):
    """A registered contract."""

    id: int
    register_id: int
    created_at: dt.datetime
    updated_at: dt.datetime
    has_link: bool = False


class Register(Frozen):
    """An organisation's follow-up register (it never holds its tokens, only their hashes are stored)."""

    id: int
    name: str
    created_at: dt.datetime
