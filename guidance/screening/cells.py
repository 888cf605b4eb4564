"""Reading single cells of a plan: numbers with units, dates, yes/no, text; and whole columns of them.

Numbers are read the Swedish or the English way (``1 200 000 kr``, ``12,5 MSEK``, ``24,500,000``,
``2+1+1 år``). A unit written in a cell applies to that cell; a cell without one takes the
column's unit (from its heading or the user's choice), passed as ``default``. The words come from
``content/screening/columns.yaml``.

Numbers are read strictly (:func:`plain_number`): only the forms people write, with ASCII digits
and at most ``limits.max_number_digits`` of them. Anything ambiguous or malformed (``12,5,3``,
``1.2.3``, ``12 5``, ``١٢٣``) is not a number, so its row is listed to fix with the cell shown; it
is never guessed. One comma or dot before exactly three digits (``12,500``) is read with the
file's decimal mark (:func:`detect_decimal`: a semicolon CSV or cells like ``12,5`` make it the
comma, so 12.5; otherwise 12 500). Every number of a plan goes through :func:`parse_number` or the
vectorised fast path of :func:`parse_numbers`, which must agree.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from guidance.screening.content import ScreeningContent, load_plan_content
from guidance.screening.raw import CONTROL_CHARS, is_blank

#: Spaces people put between groups of thousands: space, non-breaking, narrow non-breaking, thin.
SPACE_CHARS = " \u00a0\u202f\u2009"
#: Characters that may separate groups of thousands (spaces, apostrophe, comma, dot).
GROUP_CHARS = SPACE_CHARS + "',."
_SPACES = re.compile(f"[{SPACE_CHARS}]+")
#: A number as written: ASCII digits in groups, one separator character between groups.
_WRITTEN = re.compile(f"([-+]?)([0-9]+(?:[{GROUP_CHARS}][0-9]+)*)")
_GROUP_SPLIT = re.compile(f"([{GROUP_CHARS}])")
_SUM = re.compile(r"[0-9][0-9.,]*(?:\+[0-9][0-9.,]*)+")
_CONTROL_TABLE = str.maketrans(dict.fromkeys(CONTROL_CHARS, " "))
_DASHES = str.maketrans({"\u2212": "-", "\u2013": "-"})
#: Cell types read as numbers as they are (bool is not among them).
_NUMBER_TYPES = (int, float, np.int64, np.float64, np.int32, np.float32)


def nan(value: Any) -> bool:
    """A float NaN."""
    return isinstance(value, float) and math.isnan(value)


def text_of(value: Any) -> str | None:
    """A cell as trimmed text without control characters; None for a blank cell."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        value = value.isoformat()[:10]
    text = str(value).translate(_CONTROL_TABLE).strip()
    return text or None


# --------------------------------------------------------------------------- numbers
def _strip_unit(text: str, units: Mapping[str, float]) -> tuple[str, float | None]:
    """``text`` without a unit word at its end or start, and that unit's size (None if there was none)."""
    for unit in sorted(units, key=len, reverse=True):
        u = unit.lower()
        if text.endswith(u) and len(text) > len(u):
            head = text[: -len(u)]
            if u[0].isalpha() and head[-1:].isalpha():
                continue
            return head.strip(), float(units[unit])
    for unit in sorted(units, key=len, reverse=True):
        u = unit.lower()
        if u[:1].isalpha() and text.startswith(u) and len(text) > len(u) and not text[len(u)].isalpha():
            return text[len(u) :].strip(), float(units[unit])
    return text, None


def fast_pattern(decimal: str, max_digits: int) -> str:
    """The numbers the vectorised path reads at once: digits, optionally ``decimal`` and more digits.

    No separators of thousands and no ambiguity: ``12,500`` is only read here when the comma is the
    column's decimal mark. Anything else goes through :func:`read_number`.
    """
    mark = re.escape(decimal)
    return rf"-?[0-9]{{1,{max_digits}}}(?:{mark}[0-9]{{1,{max_digits}}})?"


def _thousands(groups: list[str]) -> bool:
    """Groups of thousands: a first group of one to three digits (not starting with 0), then groups of three."""
    first, rest = groups[0], groups[1:]
    return 1 <= len(first) <= 3 and (first[0] != "0" or first == "0" and not rest) and all(len(g) == 3 for g in rest)


def plain_number(text: str, decimal: str = ",", max_digits: int = 20) -> float:
    """A number without unit, accepted only in the forms people write; anything else is refused.

    Accepted, with ASCII digits only and at most ``max_digits`` digits:

    * ``12500``, ``12,5``, ``12.5``, ``-5``, ``+5``;
    * groups of thousands separated by a space (also non-breaking, narrow or thin), an apostrophe,
      a comma or a dot, with an optional decimal part after the other mark: ``12 500``,
      ``12 500,50``, ``12 500.50``, ``12,500``, ``12,500.50``, ``1.200.000``, ``1.200,50``;
    * one comma or dot before exactly three digits (``12,500``, ``1.200``) is ambiguous: it is the
      decimal mark when it is the column's ``decimal`` mark (``12,500`` is 12.5 in a column read
      the Swedish way) and a separator of thousands otherwise (12 500 in a column read the English
      way). The column's mark comes from the file (see :func:`detect_decimal`).

    Refused (``ValueError``): ``12,5,3`` and ``1.2.3`` (groups that are not thousands), ``12 5``
    (a space before fewer than three digits), a comma after a dot as thousands (``1.200.000,5`` is
    fine, ``1,200.000,5`` is not), Unicode digits (``١٢٣``, ``１２３``), ``1e5``, more than
    ``max_digits`` digits, and anything else.

    Raises:
        ValueError: when ``text`` is not a number in one of these forms.
    """
    found = _WRITTEN.fullmatch(text.strip())
    if found is None:
        raise ValueError("not a number")
    sign, body = found.groups()
    parts = _GROUP_SPLIT.split(body)
    groups, seps = parts[0::2], ["'" if c == "'" else " " if c in SPACE_CHARS else c for c in parts[1::2]]
    if sum(len(g) for g in groups) > max_digits:
        raise ValueError("too many digits")
    whole, fraction = groups, ""
    if seps:
        last, others = seps[-1], set(seps[:-1])
        if len(seps) == 1 and last in ",.":
            # one comma or dot: the decimal mark, unless it is not the column's and groups thousands
            if last == decimal or len(groups[1]) != 3 or not _thousands(groups):
                whole, fraction = groups[:1], groups[1]
        elif last in ",." and len(others) == 1 and last not in others:
            whole, fraction = groups[:-1], groups[-1]  # thousands, then the other mark as decimal
        elif len(others | {last}) != 1:
            raise ValueError("not a number")
        if len(whole) > 1 and not _thousands(whole):
            raise ValueError("not a number")
    number = float("".join(whole) + ("." + fraction if fraction else ""))
    if not math.isfinite(number):
        raise ValueError("not a number")
    return -number if sign == "-" else number


def read_number(
    value: Any,
    decimal: str = ",",
    units: Mapping[str, float] | None = None,
    sum_parts: bool = False,
    max_digits: int | None = None,
) -> tuple[float, float | None]:
    """One cell as (number as written, size of the unit written in the cell or None).

    The number itself is read by :func:`plain_number`; ``max_digits`` defaults to the content's
    ``limits.max_number_digits``.

    Raises:
        ValueError: when the cell is not a number.
    """
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, (int, float, np.integer, np.floating)):
        try:
            out = float(value)
        except OverflowError:
            raise ValueError("not a number") from None
        if not math.isfinite(out):
            raise ValueError("not a number")
        return out, None
    digits = max_digits or load_plan_content().limits.max_number_digits
    text = str(value).strip().lower().translate(_DASHES)
    if len(text) > 4 * digits + 40:  # far longer than any number with a unit word
        raise ValueError("not a number")
    factor = None
    if units:
        text, factor = _strip_unit(text, units)
    if sum_parts:
        compact = _SPACES.sub("", text)
        if _SUM.fullmatch(compact):
            return sum(plain_number(part, decimal, digits) for part in compact.split("+")), factor
    return plain_number(text, decimal, digits), factor


def parse_number(
    value: Any,
    decimal: str = ",",
    units: Mapping[str, float] | None = None,
    default: float = 1.0,
    sum_parts: bool = False,
) -> float:
    """Read one number written the Swedish or English way, in the column's own unit.

    The forms accepted and refused are those of :func:`plain_number`. A unit word from ``units``
    (e.g. ``kr``, ``MSEK``, ``%``, ``år``) after or before the number multiplies it by its size; a
    number without a unit is multiplied by ``default`` (the column's unit). With ``sum_parts``,
    ``2+1+1`` is 4.

    Raises:
        ValueError: when the cell is not a number.
    """
    number, factor = read_number(value, decimal, units, sum_parts)
    out = number * (default if factor is None else factor)
    if not math.isfinite(out):
        raise ValueError("not a number")
    return out


def detect_decimal(values: Iterable[Any], separator: str | None) -> str:
    """The decimal mark of a column: from the CSV separator, else from values like ``12,5``.

    A semicolon CSV is written the Swedish way (decimal comma), a comma CSV the English way; in a
    workbook, one cell with a comma before one, two or four or more digits (``12,5``) makes the
    comma the decimal mark. This decides how the ambiguous ``12,500`` is read (see
    :func:`plain_number`).
    """
    if separator == ";":
        return ","
    if separator == ",":
        return "."
    for value in values:
        if isinstance(value, str) and re.search(r"\d,(\d{1,2}|\d{4,})(\D|$)", value) and "." not in value:
            return ","
    return "."


def map_unique(series: pd.Series, fn: Callable[[Any], Any]) -> tuple[pd.Series, pd.Series]:
    """Apply ``fn`` to each distinct non-blank cell; return (values, failed mask) (``ValueError`` = failed)."""
    out: dict[Any, Any] = {}
    failed: dict[Any, bool] = {}
    for value in series.dropna().unique():
        try:
            out[value], failed[value] = fn(value), False
        except ValueError:
            out[value], failed[value] = None, True
    values = series.map(out).astype("object")
    values = values.where(values.notna(), None)
    bad = series.isin([v for v, f in failed.items() if f])
    return values, bad


def blank_to_none(series: pd.Series) -> pd.Series:
    """The column with blank cells as None (object dtype)."""
    cells = series.astype("object")
    present = cells.notna()
    blanks = [v for v in cells[present].unique() if is_blank(v)]
    keep = present & ~cells.isin(blanks) if blanks else present
    return cells.where(keep, None)


@dataclass(frozen=True)
class Numbers:
    """A column read as numbers.

    Attributes:
        values: the numbers in the column's own unit (NaN where blank or unreadable).
        bad: cells that are not numbers.
        own_unit: cells that named their own unit ("250 tkr").
        factor: the size of the unit each number was converted from (1 where not converted).
    """

    values: pd.Series
    bad: pd.Series
    own_unit: pd.Series
    factor: pd.Series


def parse_numbers(
    series: pd.Series,
    decimal: str,
    units: Mapping[str, float],
    default: float = 1.0,
    sum_parts: bool = False,
) -> Numbers:
    """Parse a column of numbers quickly: plain numbers vectorised, the rest one distinct cell at a time.

    Args:
        series: the raw cells.
        decimal: the column's decimal mark (see :func:`detect_decimal`).
        units: unit words and their sizes (cells may name their own unit).
        default: the size of the column's unit, for cells without one.
        sum_parts: read ``2+1+1`` as 4.
    """
    cells = blank_to_none(series)
    out = pd.Series(np.nan, index=cells.index, dtype="float64")
    bad = pd.Series(False, index=cells.index)
    own_unit = pd.Series(False, index=cells.index)
    factor = pd.Series(default, index=cells.index, dtype="float64")
    present = cells.notna()
    digits = load_plan_content().limits.max_number_digits
    numeric = cells.map(type).isin(_NUMBER_TYPES)
    out[numeric] = cells[numeric].astype("float64") * default
    text = cells[present & ~numeric].astype("str").str.strip()
    plain = text.str.fullmatch(fast_pattern(decimal, digits)).fillna(False).astype(bool)
    numbers = text[plain].str.replace(",", ".", regex=False) if decimal == "," else text[plain]
    out[plain[plain].index] = pd.to_numeric(numbers).astype("float64") * default
    rest = text[~plain]
    if len(rest):
        read: dict[str, tuple[float, float | None] | None] = {}
        for value in rest.unique():
            try:
                read[value] = read_number(value, decimal, units, sum_parts, digits)
            except ValueError:
                read[value] = None
        parsed = rest.map(read)
        failed = parsed.isna()
        good = parsed[~failed]
        sizes = np.array([default if p[1] is None else p[1] for p in good], dtype="float64")
        out[good.index] = np.array([p[0] for p in good], dtype="float64") * sizes
        own_unit[good.index] = np.array([p[1] is not None for p in good], dtype=bool)
        factor[good.index] = sizes
        bad[failed[failed].index] = True
    non_finite = present & ~bad & ~np.isfinite(out.fillna(0))
    bad |= non_finite
    out[non_finite] = np.nan
    return Numbers(values=out, bad=bad, own_unit=own_unit, factor=factor)


# --------------------------------------------------------------------------- dates and yes/no
def parse_date(value: Any, content: ScreeningContent | None = None) -> dt.date:
    """Read a start date: ISO dates, ``2026-09``, ``1/9/2026`` (day first), ``kv3 2026``, ``sep 2026``, ``2026``.

    Raises:
        ValueError: when the cell is not a date between 1900 and 2100.
    """
    if isinstance(value, dt.datetime):
        return _in_range(value.date())
    if isinstance(value, dt.date):
        return _in_range(value)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("not a date")
    if isinstance(value, (int, float)):
        if float(value).is_integer() and 1900 <= int(value) <= 2100:
            return dt.date(int(value), 1, 1)
        raise ValueError("not a date")
    content = content or load_plan_content()
    text = value.strip().lower()
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", text)
    if m:
        return _in_range(_date(int(m[1]), int(m[2]), int(m[3])))
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    if m:
        return _in_range(_date(int(m[3]), int(m[2]), int(m[1])))
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})", text)
    if m:
        return _in_range(_date(int(m[1]), int(m[2]), 1))
    m = re.fullmatch(r"(\d{4})", text)
    if m:
        return _in_range(dt.date(int(m[1]), 1, 1))
    words = "|".join(re.escape(w) for w in sorted(content.quarter_words, key=len, reverse=True))
    m = re.fullmatch(rf"(?:{words})\s*\.?\s*([1-4])[\s,/-]*(\d{{4}})", text) or re.fullmatch(
        rf"(\d{{4}})[\s,/-]*(?:{words})\s*\.?\s*([1-4])", text
    )
    if m:
        quarter, year = (int(m[1]), int(m[2])) if len(m[1]) == 1 else (int(m[2]), int(m[1]))
        return _in_range(dt.date(year, 3 * quarter - 2, 1))
    m = re.fullmatch(r"([a-zåäö]+)\.?\s+(\d{4})", text)
    if m and m[1] in content.month_names:
        return _in_range(dt.date(int(m[2]), content.month_names[m[1]], 1))
    raise ValueError("not a date")


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError("not a date") from None


def _in_range(day: dt.date) -> dt.date:
    if not 1900 <= day.year <= 2100:
        raise ValueError("not a date")
    return day


def parse_bool(value: Any, content: ScreeningContent | None = None) -> bool:
    """Read a yes/no cell (``ja``, ``x``, ``1``, ``nej`` ...; words in the content).

    Raises:
        ValueError: for any other text.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    content = content or load_plan_content()
    text = str(value).strip().lower()
    for result, words in content.booleans.items():
        if text in words:
            return result
    raise ValueError("not yes/no")


__all__ = [
    "GROUP_CHARS",
    "SPACE_CHARS",
    "blank_to_none",
    "fast_pattern",
    "detect_decimal",
    "map_unique",
    "nan",
    "Numbers",
    "parse_bool",
    "parse_date",
    "parse_number",
    "parse_numbers",
    "plain_number",
    "read_number",
    "text_of",
]
