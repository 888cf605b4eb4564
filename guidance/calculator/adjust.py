"""Realistic value: an optional adjustment of the gross result for additionality and retention.

Only the additional share of the hires is caused by the requirement, so only that share of the job's
flows counts; the procurement cost and any bonus are paid for every position and count in full.
Retention (the share still in work afterwards) is reported next to the result and does not change it:
the calculation covers only the period of the requirement. Defaults by form of employment come from
``content/calculator/adjustment.yaml`` with their source; a user may enter other shares.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from guidance.calculator.calculate import CalcResult
from guidance.calculator.page_settings import SOCIETY
from guidance.calculator.parameters import Form, ParameterError
from guidance.content.loader import (
    CONTENT_DIR,
    ContentError,
    cached_loader,
    content_dir,
    load_sources,
    read_yaml,
    validate_one,
)
from guidance.core.models import Frozen, Sourced, Text

FILE = "content/calculator/adjustment.yaml"
#: The message key of a share outside the allowed range.
SHARE_RANGE_KEY = "calc.err.adjust_range"


class AdjustmentDefaults(Sourced):
    """The sourced default shares by form of employment, and the range a user may enter."""

    verified: bool
    min: float = Field(ge=0)
    max: float = Field(le=1)
    additionality: dict[Form, float]
    retention: dict[Form, float]
    note: Text

    @model_validator(mode="after")
    def _complete_and_in_range(self) -> AdjustmentDefaults:
        for name in ("additionality", "retention"):
            values: dict[str, float] = getattr(self, name)
            if set(values) != {"employment", "apprenticeship", "internship"}:
                raise ValueError(f"{name} must name every form of employment")
            if any(not self.min <= v <= self.max for v in values.values()):
                raise ValueError(f"{name} values must lie within {self.min}..{self.max}")
        return self


class AdjustedTotal(Frozen):
    """One actor's (or society's) total before and after the adjustment."""

    actor: str
    gross: float
    adjusted: float


class AdjustedResult(Frozen):
    """The gross and adjusted totals, and how many positions are additional and still in work afterwards."""

    additionality: float
    retention: float
    totals: tuple[AdjustedTotal, ...]
    positions: int
    additional_positions: float
    retained_positions: float

    def total(self, actor: str) -> AdjustedTotal:
        """The totals of ``actor`` (or ``"society"``)."""
        return next(t for t in self.totals if t.actor == actor)


def _share(name: str, value: Any, defaults: AdjustmentDefaults) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not defaults.min <= value <= defaults.max:
        raise ParameterError(name, SHARE_RANGE_KEY, min=defaults.min, max=defaults.max)
    return float(value)


def adjust(result: CalcResult, additionality: Any, retention: Any, defaults: AdjustmentDefaults) -> AdjustedResult:
    """The result with only the additional share of the job's flows counted.

    Args:
        result: A calculation result (gross: every hire counted as caused by the requirement).
        additionality: Share of the hires that would not have happened without the requirement (0-1).
        retention: Share of those placed who are still in work afterwards (0-1); reported, not applied.
        defaults: The allowed range of the shares.

    Raises:
        ParameterError: ``calc.err.adjust_range`` naming ``additionality`` or ``retention`` if a share
            is not a number within the allowed range.
    """
    a = _share("additionality", additionality, defaults)
    r = _share("retention", retention, defaults)
    totals: list[AdjustedTotal] = []
    for actor in result.actors:
        job = sum(ln.total for ln in actor.lines if ln.attribution == "job")
        requirement = sum(ln.total for ln in actor.lines if ln.attribution == "requirement")
        totals.append(AdjustedTotal(actor=actor.actor, gross=actor.total, adjusted=a * job + requirement))
    totals.append(AdjustedTotal(actor=SOCIETY, gross=result.society_total, adjusted=sum(t.adjusted for t in totals)))
    n = result.inputs.positions
    return AdjustedResult(
        additionality=a,
        retention=r,
        totals=tuple(totals),
        positions=n,
        additional_positions=a * n,
        retained_positions=r * n,
    )


def build_adjustment(root: Path = CONTENT_DIR) -> AdjustmentDefaults:
    """Read and check ``root/calculator/adjustment.yaml``; raise :class:`ContentError` on a problem."""
    raw = read_yaml(root / "calculator" / "adjustment.yaml", root)
    defaults = validate_one(FILE, "adjustment", raw, AdjustmentDefaults)
    if defaults.source not in {s.id for s in load_sources(root)}:
        raise ContentError(FILE, "adjustment", "source", f"unknown source id '{defaults.source}'")
    return defaults


@cached_loader
def load_adjustment() -> AdjustmentDefaults:
    """The adjustment defaults of the bundled ``content/``, parsed once per process."""
    return build_adjustment(content_dir())
