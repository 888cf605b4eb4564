"""The unit of each number column: from the user's choice, the column heading, or the column's own unit.

A heading such as "Beräknat värde (tkr)" or "Avtalstid, år" names the unit of every cell in the
column (:func:`heading_unit`); a unit written in a cell ("250 tkr", "2 år") applies to that cell
only. Values are converted to the column's own unit (kronor, months) when they are read.

Then the column is checked as a whole (:func:`check_unit`): when the median of the cells that took
the column's unit lies outside the plausible range of ``unit_check`` in ``columns.yaml`` (a median
contract below SEK 10 000, a term of half a month), the unit is probably wrong; the unit whose
median would be typical is proposed. A heading that speaks of a value per year is flagged too.
The words, ranges and units are all content.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Literal

import numpy as np
import pandas as pd

from guidance.core.models import Frozen
from guidance.screening.content import ColumnId, PlanColumn, Unit

#: Where a column's unit came from.
UnitSource = Literal["chosen", "heading", "assumed"]
#: Kinds of warning about a column's unit.
UnitWarningKind = Literal["implausible", "per_year"]
_BRACKETS = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")


class ColumnUnit(Frozen):
    """The unit a number column is read in, and where that unit came from."""

    column: ColumnId
    unit: str
    source: UnitSource
    word: str | None = None


class UnitWarning(Frozen):
    """A column whose unit looks wrong (with the proposed unit, if one fits) or whose heading says "per year".

    ``median`` is the column's median in its own unit (kronor, months) as read; ``proposed_median``
    what it would be in the proposed unit.
    """

    column: ColumnId
    kind: UnitWarningKind
    unit: str
    median: float | None = None
    proposed: str | None = None
    proposed_median: float | None = None


def unit_text(text: str) -> str:
    """Lower-case ``text`` with punctuation (except ``%``, ``:`` and ``-``) as spaces, for matching unit words."""
    out = unicodedata.normalize("NFC", str(text)).lower()
    out = re.sub(r"[^\w%:\-']+", " ", out).replace("'", " ")
    return " ".join(out.split())


def _find(words: dict[str, Unit], text: str, min_length: int) -> tuple[Unit, str] | None:
    """The unit of the longest unit word in ``text`` (as whole words), or None."""
    padded = f" {text} "
    best: tuple[Unit, str] | None = None
    for word, unit in words.items():
        if len(word) < min_length or f" {word} " not in padded:
            continue
        if best is None or len(word) > len(best[1]):
            best = (unit, word)
    return best


def _unit_words(column: PlanColumn) -> dict[str, Unit]:
    return {key: unit for unit in column.units for key in (unit_text(w) for w in unit.words) if key}


def heading_unit(header: str, column: PlanColumn) -> tuple[Unit, str] | None:
    """The unit a column heading names, with the word found; None when it names none.

    Text in brackets is looked at first ("Värde (tkr)"), with every unit word; then the rest of the
    heading ("Avtalstid, år", "Värde i tkr"), with words of two or more letters only.
    """
    words = _unit_words(column)
    if not words:
        return None
    for match in _BRACKETS.finditer(header):
        inside = unit_text(match.group(1) or match.group(2) or "")
        found = _find(words, inside, 1)
        if found:
            return found
    outside = unit_text(_BRACKETS.sub(" ", header))
    return _find(words, outside, 2)


def says_per_year(header: str, column: PlanColumn) -> bool:
    """Whether a heading says its values are per year ("Värde per år", "Annual value", "tkr/år")."""
    text = f" {unit_text(header)} "
    return any(f" {unit_text(w)} " in text for w in column.per_year_words)


def column_unit(column: PlanColumn, header: str | None, chosen: str | None = None) -> ColumnUnit | None:
    """The unit ``column`` is read in: the user's choice, else the heading's, else the column's own.

    None for a column without units. A chosen unit the column does not have is ignored.
    """
    base = column.base_unit
    if base is None:
        return None
    if chosen and chosen in {u.id for u in column.units}:
        return ColumnUnit(column=column.id, unit=chosen, source="chosen")
    found = heading_unit(header, column) if header else None
    if found is not None:
        return ColumnUnit(column=column.id, unit=found[0].id, source="heading", word=found[1])
    return ColumnUnit(column=column.id, unit=base.id, source="assumed")


def _log_distance(value: float, low: float, high: float) -> float:
    centre = math.sqrt(max(low, 1e-12) * max(high, 1e-12))
    return abs(math.log(max(value, 1e-12)) - math.log(centre))


def check_unit(column: PlanColumn, unit: ColumnUnit, values: pd.Series) -> UnitWarning | None:
    """A warning when the values read in ``unit`` are implausible for the column, with a better unit.

    Args:
        column: the plan column (with ``unit_check`` in the content).
        unit: the unit the values were read in.
        values: the column's values in its own unit, only the cells that took the column's unit
            (cells with their own unit are left out).

    Returns:
        None when the median is plausible (or the column has no check or no positive values). A
        value below ``any_below`` (a term of half a month) warns too, when another unit fits.
    """
    check = column.unit_check
    present = values[np.isfinite(values.to_numpy(dtype="float64")) & (values > 0)]
    if check is None or present.empty:
        return None
    median = float(present.median())
    plausible = check.median.min <= median <= check.median.max
    below = check.any_below is not None and bool((present < check.any_below).any())
    if plausible and not below:
        return None
    current = column.unit(unit.unit)
    best: tuple[float, Unit, float] | None = None
    for other in column.units:
        if other.id == current.id:
            continue
        moved = median / current.scale * other.scale
        if check.typical.min <= moved <= check.typical.max:
            distance = _log_distance(moved, check.typical.min, check.typical.max)
            if best is None or distance < best[0]:
                best = (distance, other, moved)
    if plausible and best is None:
        return None  # a single small value in a plausible column: the rows themselves are checked
    return UnitWarning(
        column=column.id,
        kind="implausible",
        unit=current.id,
        median=median,
        proposed=best[1].id if best else None,
        proposed_median=best[2] if best else None,
    )


__all__ = [
    "ColumnUnit",
    "UnitSource",
    "UnitWarning",
    "UnitWarningKind",
    "check_unit",
    "column_unit",
    "heading_unit",
    "says_per_year",
    "unit_text",
]
