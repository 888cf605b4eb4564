"""Checking a typed plan row by row, vectorised: also after the user edited it on the page.

A typed plan has the columns :data:`PLAN_DTYPES` and is indexed by the row number in the file.
:func:`check_plan` finds the rows that cannot be screened (errors), the values that are not used
(warnings) and what is screened as it is (notes); see :mod:`guidance.screening.raw` for the
problems table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from guidance.assessment.questionnaire import Interval, load_questionnaire
from guidance.screening.cells import nan as _nan
from guidance.screening.cells import text_of as _text
from guidance.screening.content import ScreeningContent, bounded_columns, load_plan_content
from guidance.screening.raw import concat_problems, empty_problems
from guidance.screening.raw import make_problems as _problems

#: The dtypes a typed plan's columns have.
PlanDtype = Literal["string", "float64", "boolean", "datetime64[ns]"]
#: Columns of a typed plan and their dtypes; the index is the row number in the file.
PLAN_DTYPES: dict[str, PlanDtype] = {
    "name": "string",
    "category": "string",
    "contract_type": "string",
    "value_sek": "float64",
    "duration_months": "float64",
    "fte": "float64",
    "labour_share": "float64",
    "framework": "boolean",
    "start_date": "datetime64[ns]",
}
ROW_INDEX = "row"
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|javascript:|on\w+\s*=", re.IGNORECASE)
_FORMULA = re.compile(r"^\s*(?:[=+@]|-[^\d\s.,])")


@dataclass(frozen=True)
class CheckedPlan:
    """The result of :func:`check_plan`.

    Attributes:
        plan: the rows that can be screened; optional values that failed a check are blanked.
        problems: every problem, sorted by row.
        bad_rows: the row numbers that cannot be screened.
    """

    plan: pd.DataFrame
    problems: pd.DataFrame
    bad_rows: tuple[int, ...]


def empty_plan() -> pd.DataFrame:
    """A typed plan without rows."""
    frame = pd.DataFrame({c: pd.Series(dtype=d) for c, d in PLAN_DTYPES.items()})
    frame.index = pd.Index([], dtype="int64", name=ROW_INDEX)
    return frame


def typed_plan(frame: pd.DataFrame) -> pd.DataFrame:
    """Coerce a frame with the plan's columns (e.g. edited on the page) to :data:`PLAN_DTYPES`.

    Missing columns are added empty; unknown columns are dropped; rows without a row number get
    new numbers after the largest one.
    """
    out = pd.DataFrame(index=frame.index)
    for column, dtype in PLAN_DTYPES.items():
        if column not in frame:
            out[column] = pd.Series(pd.NA if dtype in ("string", "boolean") else np.nan, index=frame.index).astype(
                dtype
            )
            continue
        col = frame[column]
        if str(col.dtype) == dtype:
            out[column] = col
        elif dtype == "float64":
            out[column] = pd.to_numeric(col, errors="coerce").astype("float64")
        elif dtype == "datetime64[ns]":
            out[column] = pd.to_datetime(col, errors="coerce").astype("datetime64[ns]")
        elif dtype == "boolean":
            out[column] = col.map(lambda v: None if v is None or v is pd.NA or _nan(v) else bool(v)).astype("boolean")
        else:
            out[column] = col.map(lambda v: None if v is None or v is pd.NA or _nan(v) else (_text(v))).astype("string")
    if out.index.name == ROW_INDEX and out.index.dtype == "int64":
        return out
    numbers = pd.to_numeric(pd.Series(out.index, dtype="object"), errors="coerce")
    if numbers.isna().any():
        start = int(numbers.max()) + 1 if numbers.notna().any() else 2
        numbers[numbers.isna()] = range(start, start + int(numbers.isna().sum()))
    out.index = pd.Index(numbers.astype("int64").to_numpy(), name=ROW_INDEX)
    return out


# --------------------------------------------------------------------------- checking


def _matches(text: pd.Series, prefilter: str, pattern: re.Pattern[str]) -> pd.Series:
    """Where ``pattern`` matches: a fast native ``prefilter`` first, the exact pattern on candidates only."""
    candidates = text.str.contains(prefilter, regex=True).fillna(False).astype(bool)
    out = pd.Series(False, index=text.index)
    if candidates.any():
        out[candidates] = np.array([bool(pattern.search(v)) for v in text[candidates].astype(str)], dtype=bool)
    return out


def _bounds_text(interval: Interval) -> str:
    """The bounds as language-neutral text, e.g. ``> 0, ≤ 100 000 000 000``."""

    def num(v: float) -> str:
        return f"{v:,.0f}".replace(",", "\u00a0") if float(v).is_integer() else f"{v:g}"

    low = (
        f"> {num(interval.gt)}"
        if interval.gt is not None
        else f"≥ {num(interval.ge)}"
        if interval.ge is not None
        else ""
    )
    high = (
        f"< {num(interval.lt)}"
        if interval.lt is not None
        else f"≤ {num(interval.le)}"
        if interval.le is not None
        else ""
    )
    return ", ".join(p for p in (low, high) if p)


def _still_true(earlier: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """The earlier problems that still hold for ``plan`` (see :func:`check_plan`), vectorised."""
    if not len(earlier):
        return earlier
    rows = pd.to_numeric(earlier["row"], errors="coerce")
    cols = earlier["column"]
    file_level = (rows.isna() | ~cols.isin(list(plan.columns))).to_numpy()
    in_plan = ~file_level & rows.isin(plan.index).to_numpy()
    keep = file_level.copy()
    got = earlier["detail"].astype(str).str.extract(r"(?:^|;)got=([^;]*)")[0]
    for col in set(cols[in_plan]):
        sel = in_plan & (cols == col).to_numpy()
        current = plan[col].reindex(rows[sel].astype("int64").to_numpy())
        empty = current.isna().to_numpy()
        wanted = got[sel]
        if plan[col].dtype == "float64":
            same = pd.to_numeric(wanted, errors="coerce").to_numpy() == current.to_numpy(dtype="float64")
        else:
            same = wanted.to_numpy() == current.astype("object").to_numpy()
        keep[sel] = np.where(wanted.notna().to_numpy(), same & ~empty, empty)
    return earlier[keep]


def duplicate_rows(plan: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """The rows equal in every column to an earlier row, and for every row the first row equal to it.

    Vectorised: rows are grouped on all columns at once (missing values equal to each other), so
    20 000 identical rows cost one grouping, not 20 000 comparisons.

    Returns:
        A boolean Series on ``plan.index`` (True for a repeat) and an array of the row number of
        the first equal row, for every row.
    """
    if plan.empty:
        return pd.Series(False, index=plan.index), np.array([], dtype="int64")
    groups = plan.groupby(list(plan.columns), dropna=False, sort=False).ngroup().to_numpy()
    rows = pd.Series(plan.index.to_numpy())
    firsts = rows.groupby(groups).transform("first").to_numpy()
    dup = pd.Series(firsts != plan.index.to_numpy(), index=plan.index)
    return dup, firsts


def check_plan(
    plan: pd.DataFrame, content: ScreeningContent | None = None, problems: pd.DataFrame | None = None
) -> CheckedPlan:
    """Check a typed plan row by row, vectorised.

    Errors (the row is not screened): a required value missing, a number outside the bounds of the
    questionnaire's question, a term that is not whole months, an unknown category or contract
    type, a row identical to an earlier one. Warnings (the row is screened, the value is not used):
    an optional number outside its bounds. Notes (the row is screened as it is): markup or a
    formula-like start in the name, a name cut to the length limit.

    Args:
        plan: a typed plan (see :func:`typed_plan`).
        content: the screening content (default: bundled).
        problems: earlier problems (e.g. from :func:`~guidance.screening.reading.parse_plan`): those
            of the whole file and of rows that are not in the plan (not procurements) are kept; a
            reading problem for a cell that is still empty is kept, so its message is not replaced
            by "missing"; a note saying which value a cell got is kept while the cell holds it.

    Returns:
        A :class:`CheckedPlan`.
    """
    content = content or load_plan_content()
    qn = load_questionnaire()
    plan = typed_plan(plan)
    found: list[pd.DataFrame] = []
    earlier = _still_true(problems if problems is not None else empty_problems(), plan)
    noted = {
        (int(r), c) for r, c in zip(earlier["row"], earlier["column"], strict=True) if r is not None and not _nan(r)
    }
    bad = pd.Series(False, index=plan.index)
    clean = plan.copy()

    def add(
        mask: pd.Series, column: str, key: str, severity: str, detail: Any = "", values: pd.Series | None = None
    ) -> None:
        rows: pd.Index | list[Any] = plan.index[mask.to_numpy(dtype=bool)]
        if not len(rows):
            return
        if key == "plan.err.missing_value":
            rows = [r for r in rows if (int(r), column) not in noted]
        vals = (values if values is not None else plan[column]).reindex(rows)
        found.append(_problems(rows, column, key, vals.tolist(), severity, detail))

    # names: length, markup, formula-like start
    name = plan["name"]
    limit = content.limits.max_cell_chars
    long = name.str.len().fillna(0) > limit
    add(long, "name", "plan.err.too_long", "note", f"max={limit}")
    clean.loc[long, "name"] = name[long].str.slice(0, limit)
    add(_matches(name, "[<>:=]", _MARKUP), "name", "plan.err.markup", "note")
    add(_matches(name, r"^\s*[-=+@]", _FORMULA), "name", "plan.err.formula", "note")

    # required values
    for col in content.columns:
        if col.required:
            missing = plan[col.id].isna()
            add(missing, col.id, "plan.err.missing_value", "error")
            bad |= missing
    has_kind = plan["category"].notna() | plan["contract_type"].notna()
    add(~has_kind, "category", "plan.err.missing_value", "error")
    bad |= ~has_kind

    # categories and types
    cats = set(content.category_ids)
    unknown_cat = plan["category"].notna() & ~plan["category"].isin(cats)
    add(unknown_cat, "category", "plan.err.unknown_category", "error")
    types = set(content.contract_types)
    unknown_type = plan["contract_type"].notna() & ~plan["contract_type"].isin(types)
    add(unknown_type, "contract_type", "plan.err.unknown_type", "error")
    bad |= unknown_cat | unknown_type

    # numbers against the questionnaire's bounds
    for column in bounded_columns(qn):
        col = content.column(column)
        interval = qn.question(column).bounds
        assert interval is not None
        values = plan[column]
        present = values.notna()
        outside = present & ~interval.mask(values)
        negative = outside & (values < 0)
        severity = "error" if col.required else "warning"
        add(negative, column, "plan.err.negative", severity)
        add(outside & ~negative, column, "plan.err.range", severity, f"bounds={_bounds_text(interval)}")
        if col.kind == "integer":
            fraction = present & ~outside & (values.round() != values)
            add(fraction, column, "plan.err.not_whole", severity)
            outside |= fraction
        if col.required:
            bad |= outside
        else:
            clean.loc[outside, column] = np.nan

    # duplicates (every column equal to an earlier row, blanks equal to blanks)
    dup, firsts = duplicate_rows(plan)
    if dup.any():
        add(dup, "name", "plan.err.duplicate", "error", [f"first={f}" for f in firsts[dup.to_numpy()]])
        bad |= dup

    all_problems = concat_problems(earlier, *found)
    return CheckedPlan(
        plan=clean[~bad], problems=all_problems, bad_rows=tuple(int(r) for r in plan.index[bad.to_numpy(dtype=bool)])
    )


__all__ = [
    "PLAN_DTYPES",
    "ROW_INDEX",
    "CheckedPlan",
    "PlanDtype",
    "check_plan",
    "duplicate_rows",
    "empty_plan",
    "typed_plan",
]
