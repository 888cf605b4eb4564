"""Writing tables as CSV and Excel, safe against formula injection.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) can run as a formula
when a spreadsheet program opens the file. Every text cell that does is prefixed with an apostrophe
(``'``), so it is shown as the text it is. Numbers and dates are written as numbers and dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from guidance.core.models import Lang
from guidance.documents.plain import xml_text

#: Characters that make a spreadsheet program read a cell as a formula.
FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
_MAX_SHEET_NAME = 31


def neutralise(value: Any) -> Any:
    """Prefix a text that starts like a formula with ``'``; other values are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell neutralised (see :func:`neutralise`) and headers too."""
    out = frame.copy()
    for column in _text_columns(out):
        out[column] = out[column].map(lambda v: neutralise(xml_text(v)) if isinstance(v, str) else v)
    out.columns = [neutralise(xml_text(c)) for c in out.columns]
    return out


def _csv_cell(value: Any, lang: Lang) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value)).lower()
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return ""
        text = repr(round(float(value), 6)) if not float(value).is_integer() else str(int(value))
        return text.replace(".", ",") if lang == "sv" else text
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_csv(frame: pd.DataFrame, lang: Lang) -> bytes:
    """The table as CSV bytes: in Swedish ``;`` and a decimal comma, in English ``,`` and a point.

    UTF-8 with a BOM, so spreadsheet programs recognise the encoding. Text cells are neutralised.
    """
    safe = neutralise_frame(frame)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";" if lang == "sv" else ",", lineterminator="\r\n")
    writer.writerow([str(c) for c in safe.columns])
    for row in safe.itertuples(index=False, name=None):
        writer.writerow([_csv_cell(v, lang) for v in row])
    return buf.getvalue().encode("utf-8-sig")


def _excel_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _sheet_name(name: str, used: set[str]) -> str:
    base = "".join(" " if c in "[]:*?/\\" else c for c in xml_text(name))[:_MAX_SHEET_NAME].strip() or "Sheet"
    out, n = base, 2
    while out.lower() in used:
        suffix = f" ({n})"
        out, n = base[: _MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
    used.add(out.lower())
    return out


def to_xlsx(sheets: Mapping[str, pd.DataFrame], number_formats: Mapping[str, str] | None = None) -> bytes:
    """The tables as one Excel workbook, one sheet each (bold, frozen header row).

    Args:
        sheets: sheet name -> table (written without its index).
        number_formats: column header -> Excel number format (e.g. ``"# ##0"``), applied where the
            header occurs.

    Returns:
        The bytes of the .xlsx file. Text cells are neutralised against formula injection.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    used: set[str] = set()
    bold = Font(bold=True)
    formats = dict(number_formats or {})
    for name, frame in sheets.items():
        ws = wb.create_sheet(_sheet_name(name, used))
        safe = neutralise_frame(frame)
        headers = [str(c) for c in safe.columns]
        widths = [min(60, max(10, len(h) + 2)) for h in headers]
        for index, column in enumerate(safe.columns):
            sample = safe[column].head(200).map(lambda v: len(str(v)) if v is not None else 0)
            widths[index] = min(60, max(widths[index], int(sample.max() if len(sample) else 0) + 2))
        from openpyxl.utils import get_column_letter

        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        header_cells = []
        for h in headers:
            cell = WriteOnlyCell(ws, value=h)
            cell.font = bold
            header_cells.append(cell)
        ws.append(header_cells)
        fmt_by_col = [formats.get(h) for h in headers]
        dates = [pd.api.types.is_datetime64_any_dtype(safe[c]) for c in safe.columns]
        for row in safe.itertuples(index=False, name=None):
            cells: list[Any] = []
            for value, fmt, is_date in zip(row, fmt_by_col, dates, strict=True):
                value = _excel_value(value)
                if (fmt or is_date) and value is not None:
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = fmt or "yyyy-mm-dd"
                    cells.append(cell)
                else:
                    cells.append(value)
            ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = ["FORMULA_START", "neutralise", "neutralise_frame", "to_csv", "to_xlsx"]
