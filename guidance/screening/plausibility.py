"""Plausibility checks on every row of a plan: :func:`~guidance.assessment.plausibility.check_contract`, vectorised.

The thresholds and texts are the single assessment's (``content/assessment/plausibility.yaml``, read
with :func:`~guidance.assessment.plausibility.load_plausibility`); this module applies the same rules
to pandas columns, so a plan of many thousand rows is checked in a few array operations. A property
test compares :func:`check_columns` with ``check_contract`` row by row.

A warning never drops a row: it marks it. The columns :func:`check_columns` returns (and
:func:`~guidance.screening.screen.screen` adds to a screened plan):

* ``checks``: the ids of the row's warnings, comma-separated (``""`` when the row looks plausible);
* ``suggested_value_sek``: the likely value of a ``value_scale`` warning (NaN otherwise);
* ``value_per_fte_year_sek``: value x labour share / FTE-years where that check ran (NaN otherwise).

A plan row is checked with the values the plan itself gives: the FTE and the labour-cost share only
where the plan has them, not the screening's estimates (an FTE estimated from the value always comes
to the assumed cost per FTE and could only repeat the assumption). Texts are built only for the rows
with a warning, in the language asked for (:func:`row_warnings`, :func:`warning_texts`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, cast

import numpy as np
import pandas as pd

from guidance.assessment.plausibility import MONTHS_PER_YEAR, PlausibilityContent, Warning, load_plausibility
from guidance.core.formatting import fmt_sek
from guidance.core.models import LANGS, Lang, Text

#: The warning ids of ``check_contract``: a value far too small, a value per FTE-year under the cost of one.
VALUE_SCALE = "value_scale"
VALUE_PER_FTE = "value_per_fte"
#: The warnings of a plan row, in the order ``check_contract`` gives them.
CHECK_IDS: tuple[str, ...] = (VALUE_SCALE, VALUE_PER_FTE)
#: The question every plan-row warning is about (the contract value).
CHECKED_QUESTION = "value_sek"
#: Columns :func:`check_columns` returns.
CHECK_COLUMNS: tuple[str, ...] = ("checks", "suggested_value_sek", "value_per_fte_year_sek")

__all__ = [
    "CHECK_COLUMNS",
    "CHECK_IDS",
    "VALUE_PER_FTE",
    "VALUE_SCALE",
    "check_columns",
    "check_inputs",
    "row_warnings",
    "warning_texts",
]


def _floats(values: pd.Series | np.ndarray) -> np.ndarray:
    """``values`` as a float array, missing values (None, NA) as NaN."""
    return pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _suggestion(value: np.ndarray, c: PlausibilityContent) -> np.ndarray:
    """The value times the smallest factor that brings it to the minimum (else the largest factor)."""
    factors = sorted(c.factors)
    scaled = [value * f for f in factors]
    return np.select([s >= c.min_value_sek for s in scaled], scaled, default=value * max(factors))


def check_columns(
    value_sek: pd.Series | np.ndarray,
    duration_months: pd.Series | np.ndarray,
    fte: pd.Series | np.ndarray,
    labour_share_pct: pd.Series | np.ndarray,
    index: pd.Index | None = None,
    content: PlausibilityContent | None = None,
) -> pd.DataFrame:
    """``check_contract`` for whole columns at once; a missing value (NaN, None) is an unknown one.

    Args:
        value_sek: contract values for the whole term, SEK.
        duration_months: terms in months.
        fte: full-time equivalents (NaN where unknown).
        labour_share_pct: labour cost as a share of the costs, 0-100 (NaN where unknown).
        index: the index of the result (default: that of ``value_sek`` if it is a Series).
        content: the thresholds (default: the bundled plausibility content).

    Returns:
        The columns :data:`CHECK_COLUMNS`, one row per input row.
    """
    c = content or load_plausibility()
    if index is None:
        index = value_sek.index if isinstance(value_sek, pd.Series) else pd.RangeIndex(len(value_sek))
    value, months, staff, share_pct = (_floats(v) for v in (value_sek, duration_months, fte, labour_share_pct))
    known = np.isfinite(value) & (value > 0)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        scale = known & (value < c.min_value_sek)
        ran = known & ~scale & (months > 0) & (staff > 0)
        share = np.where(np.isnan(share_pct) | (share_pct == 0), 1.0, share_pct / 100)
        per_year = np.where(ran, value * share / (staff * months / MONTHS_PER_YEAR), np.nan)
        low = ran & (per_year < c.min_labour_cost_per_fte_year)
        suggestion = np.where(scale, _suggestion(value, c), np.nan)
    checks = np.where(scale, VALUE_SCALE, np.where(low, VALUE_PER_FTE, "")).astype(object)
    return pd.DataFrame(
        {"checks": checks, "suggested_value_sek": suggestion, "value_per_fte_year_sek": per_year}, index=index
    )


def check_inputs(inputs: pd.DataFrame, content: PlausibilityContent | None = None) -> pd.DataFrame:
    """:func:`check_columns` for the effective inputs of a screening, with the values the plan gives.

    The FTE counts only where it was not estimated and the labour-cost share only where it was not
    assumed from the category (see the module docstring).
    """
    fte = inputs["fte"].astype("float64").where(~inputs["fte_estimated"].astype(bool))
    share = inputs["labour_share"].astype("float64").where(~inputs["labour_share_assumed"].astype(bool))
    return check_columns(inputs["value_sek"], inputs["duration_months"], fte, share, inputs.index, content)


def _fill(template: Text, **values: float) -> Text:
    """``template`` in every language with the amounts in kronor (as the single check fills it)."""
    return Text(**{lang: template(lang).format(**{k: fmt_sek(v, lang) for k, v in values.items()}) for lang in LANGS})


def _number(value: Any) -> float | None:
    """A finite number, or None for a missing one."""
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def row_warnings(row: Mapping[str, Any], content: PlausibilityContent | None = None) -> tuple[Warning, ...]:
    """The :class:`~guidance.assessment.plausibility.Warning` items of one checked row, with their texts.

    Args:
        row: a row with ``value_sek`` and the :data:`CHECK_COLUMNS` (a screened plan row, or
            :func:`check_columns` joined with the values).
        content: the texts (default: the bundled plausibility content).

    Returns:
        The same warnings ``check_contract`` gives for the row's values.
    """
    c = content or load_plausibility()
    ids = [i for i in str(row.get("checks") or "").split(",") if i]
    value = _number(row.get("value_sek"))
    warnings: list[Warning] = []
    for check_id in ids:
        suggestion = _number(row.get("suggested_value_sek"))
        if check_id == VALUE_SCALE and value is not None and suggestion is not None:
            warnings.append(
                Warning(
                    id=check_id,
                    question=CHECKED_QUESTION,
                    text=_fill(c.texts[check_id], value=value, suggestion=suggestion),
                    suggestion=suggestion,
                    suggestion_label=_fill(c.texts["use_suggestion"], suggestion=suggestion),
                )
            )
        per_year = _number(row.get("value_per_fte_year_sek"))
        if check_id == VALUE_PER_FTE and per_year is not None:
            warnings.append(
                Warning(id=check_id, question=CHECKED_QUESTION, text=_fill(c.texts[check_id], per_year=per_year))
            )
    return tuple(warnings)


def warning_texts(screened: pd.DataFrame, lang: Lang, content: PlausibilityContent | None = None) -> pd.Series:
    """Each row's warning texts in ``lang`` (joined by a space), ``""`` for a plausible row.

    Texts are built only for the rows with a warning, so a large plausible plan costs one comparison.
    """
    c = content or load_plausibility()
    out = pd.Series("", index=screened.index, dtype=object)
    flagged = screened.loc[screened["checks"].astype(str) != "", ["value_sek", *CHECK_COLUMNS]]
    for number, rec in zip(flagged.index, flagged.to_dict("records"), strict=True):
        # The columns are strings; pandas-stubs types the records' keys as Hashable.
        out[number] = " ".join(w.text(lang) for w in row_warnings(cast(dict[str, Any], rec), c))
    return out
