"""What every step of reading a plan shares: the file-level error, the raw table and the problems table.

A problem is one row of a DataFrame with the columns :data:`PROBLEM_COLUMNS`: ``row`` is the row
number in the file (None for the whole file), ``column`` a plan column id (or None), ``problem`` a
UI message key (``plan.err.*``), ``value`` the offending cell as plain text, ``severity`` and
``detail`` (``key=value`` pairs for the message, separated by ``;``). Severities:

* ``error``: the row is not screened (it is a row to fix);
* ``skipped``: the row is not a procurement (a totals row, a heading, a note, a repeated header)
  and is not screened;
* ``warning``: the row is screened; the value is not used and the assumption applies instead;
* ``note``: the row is screened as it is (e.g. a category taken from the contract type).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from guidance.core.formatting import fmt_num
from guidance.core.i18n import t
from guidance.core.models import Lang
from guidance.screening.content import COLUMN_IDS, ScreeningContent, load_plan_content

#: Columns of the problems table.
PROBLEM_COLUMNS: tuple[str, ...] = ("row", "column", "problem", "value", "severity", "detail")
#: Severities, most serious first; ``error`` and ``skipped`` rows are not screened.
SEVERITIES: tuple[str, ...] = ("error", "skipped", "warning", "note")
#: Control characters shown as spaces.
CONTROL_CHARS = "".join(chr(c) for c in (*range(0, 9), *range(11, 32), 127))
_CONTROL_TABLE = str.maketrans(dict.fromkeys(CONTROL_CHARS, " "))
#: Bytes in a megabyte as sizes are stated in messages (as the upload limit is counted).
BYTES_PER_MB = 1_000_000


def megabytes(size: int, up: bool) -> float:
    """``size`` in megabytes with one decimal, rounded up (a file's size) or down (a limit).

    So a file over a limit never shows the limit's number ("10,1 MB; at most 10,0 MB").
    """
    tenths = size * 10 / BYTES_PER_MB
    return (math.ceil(tenths) if up else math.floor(tenths)) / 10


class PlanError(Exception):
    """The file as a whole cannot be read; ``key`` is a UI message key (``plan.err.*``)."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key, self.values = key, values
        super().__init__(f"{key} {values}" if values else key)

    def message(self, lang: Lang, content: ScreeningContent | None = None) -> str:
        """The message in ``lang``: column ids shown by their labels, numbers in the language's format.

        Counts (:data:`COUNT_KEYS`) get thousands separators, sizes in megabytes (floats, see
        :func:`megabytes`) one decimal; row numbers are shown as they are.
        """
        values = {k: _number_value(k, v, lang) for k, v in self.values.items()}
        if isinstance(values.get("columns"), (list, tuple)):
            content = content or load_plan_content()
            values["columns"] = ", ".join(
                content.column(c).label(lang) if c in COLUMN_IDS else str(c) for c in values["columns"]
            )
        if "headers" in values:
            values["headers"] = ", ".join(f"“{show(h, 40)}”" for h in values["headers"])
        if "sheets" in values:
            values["sheets"] = ", ".join(f"“{show(h, 40)}”" for h in values["sheets"])
        return t(self.key, lang, **values)


#: Message values that are counts (shown with thousands separators); row numbers are not among them.
COUNT_KEYS = frozenset({"count", "max", "rows", "seen", "declared", "columns"})


def _number_value(key: str, value: Any, lang: Lang) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if isinstance(value, float):
        return fmt_num(value, lang, 1)
    return fmt_num(value, lang) if key in COUNT_KEYS else str(value)


@dataclass(frozen=True)
class RawTable:
    """The cells of a file's table before they are interpreted.

    Attributes:
        headers: the header cells, made unique and non-empty.
        cells: one row per data row (object dtype), indexed by the row number in the file.
        kind: ``csv``, ``xlsx`` or ``ods``.
        encoding: the text encoding found (CSV only).
        separator: the separator found (CSV only).
        comments: comment lines above the header (without ``#``).
        problems: problems found while reading (too many rows, extra cells, rows that are not
            procurements).
        sheet: the sheet read (workbooks only).
        sheets: the visible sheets of the workbook, in order.
        header_row: the row number of the header in the file or sheet (1 for the first row).
        header_found: whether the header row was recognised by its column names (else it is the
            first row that is not blank, or the row the user chose).
        preamble: the text of the rows above the header (titles, notes), one line per row.
        hidden: the headers of hidden columns.
        blank_rows: blank rows below the header that were passed over.
        not_read: rows below the row limit that were not read.
    """

    headers: tuple[str, ...]
    cells: pd.DataFrame
    kind: str
    encoding: str | None = None
    separator: str | None = None
    comments: tuple[str, ...] = ()
    problems: pd.DataFrame = field(default_factory=lambda: empty_problems())
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    header_row: int = 1
    header_found: bool = True
    preamble: tuple[str, ...] = ()
    hidden: frozenset[str] = frozenset()
    blank_rows: int = 0
    not_read: int = 0


def empty_problems() -> pd.DataFrame:
    """An empty problems table."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in PROBLEM_COLUMNS})


def make_problems(
    rows: Iterable[Any],
    column: str | None,
    key: str,
    values: Iterable[Any],
    severity: str,
    detail: Iterable[Any] | Any = "",
) -> pd.DataFrame:
    """A problems table: one problem ``key`` of ``severity`` for each of ``rows`` with its cell value.

    ``detail`` is one text for all rows or one per row.
    """
    rows = list(rows)
    if not rows:
        return empty_problems()
    details = list(detail) if isinstance(detail, (list, tuple, pd.Series, np.ndarray)) else [detail] * len(rows)
    return pd.DataFrame(
        {
            "row": rows,
            "column": column,
            "problem": key,
            "value": [show(v) for v in values],
            "severity": severity,
            "detail": [str(d) for d in details],
        }
    )


def file_problem(key: str, severity: str = "error", **detail: Any) -> pd.DataFrame:
    """A problem of the whole file (no row), with ``detail`` as its message values."""
    text = ";".join(f"{k}={v}" for k, v in detail.items())
    return pd.DataFrame(
        {"row": [None], "column": [None], "problem": [key], "value": [""], "severity": [severity], "detail": [text]}
    )


def concat_problems(*frames: pd.DataFrame) -> pd.DataFrame:
    """Concatenate problem tables, sorted by row (file-level problems first)."""
    frames = tuple(f for f in frames if f is not None and len(f))
    if not frames:
        return empty_problems()
    out = pd.concat(frames, ignore_index=True)
    order = out["row"].map(lambda r: -1 if r is None or (isinstance(r, float) and math.isnan(r)) else int(r))
    return out.assign(_o=order).sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)


def show(value: Any, limit: int = 80) -> str:
    """A cell as short plain text for the problems list."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    elif isinstance(value, pd.Timestamp):
        value = value.date().isoformat()
    text = str(value).translate(_CONTROL_TABLE).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_blank(cell: Any) -> bool:
    """An empty cell: None, NaN or only whitespace."""
    return cell is None or (isinstance(cell, str) and not cell.strip()) or (isinstance(cell, float) and cell != cell)


__all__ = [
    "BYTES_PER_MB",
    "COUNT_KEYS",
    "PROBLEM_COLUMNS",
    "SEVERITIES",
    "PlanError",
    "RawTable",
    "concat_problems",
    "empty_problems",
    "file_problem",
    "is_blank",
    "make_problems",
    "megabytes",
    "show",
]
