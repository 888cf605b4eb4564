"""Reading a procurement plan from CSV or Excel, and checking it row by row.

Three steps, each usable on its own:

1. :func:`read_table` turns the bytes of an uploaded file into a table of raw cells. It accepts
   CSV (UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252; separator ``;``, ``,`` or tab,
   found from the header line) and Excel ``.xlsx`` (first sheet). Lines starting with ``#`` before
   the header are comments. Problems with the whole file raise :class:`PlanError`.
2. :func:`auto_mapping` recognises Swedish and English header names (aliases in
   ``content/screening/columns.yaml``); :func:`parse_plan` turns the mapped cells into a typed plan
   (Swedish numbers such as ``1 200 000 kr``, ``12,5 MSEK``, dates such as ``2026-09``, ``kv3 2026``).
3. :func:`check_plan` checks a typed plan (also after edits on the page): required values, the
   bounds of the questionnaire, whole months, known categories, duplicate rows, markup in text.

Problems are a DataFrame (see :data:`PROBLEM_COLUMNS`): ``row`` is the row number in the file
(the header is row 1), ``column`` a plan column id, ``problem`` a UI message key (``plan.err.*``),
``value`` the offending cell as plain text, ``severity`` ``error`` (the row is not screened),
``warning`` (the row is screened; the value is not used and the assumption applies instead) or
``note`` (the row is screened as it is, e.g. markup shown as plain text).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import numpy as np
import pandas as pd

from guidance.assessment.questionnaire import Interval, load_questionnaire
from guidance.core.formatting import fmt_num
from guidance.core.i18n import t
from guidance.core.models import Lang
from guidance.screening.content import (
    COLUMN_IDS,
    ColumnId,
    ScreeningContent,
    bounded_columns,
    header_key,
    load_plan_content,
)

#: Columns of the problems table.
PROBLEM_COLUMNS: tuple[str, ...] = ("row", "column", "problem", "value", "severity", "detail")
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
_EXTENSIONS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx"}
_SEPARATORS = (";", "\t", ",")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|javascript:|on\w+\s*=", re.IGNORECASE)
_FORMULA = re.compile(r"^\s*(?:[=+@]|-[^\d\s.,])")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_PLAIN_INT = re.compile(r"-?\d+")
_PLAIN_DOT = re.compile(r"-?\d+(?:\.\d+)?")
#: Bytes of uncompressed data an .xlsx may hold per byte of file limit (guards against zip bombs).
_XLSX_EXPANSION = 30


class PlanError(Exception):
    """The file as a whole cannot be read; ``key`` is a UI message key (``plan.err.*``)."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key, self.values = key, values
        super().__init__(f"{key} {values}" if values else key)

    def message(self, lang: Lang, content: ScreeningContent | None = None) -> str:
        """The message in ``lang`` (column ids are shown by their labels)."""
        values = dict(self.values)
        if "columns" in values:
            content = content or load_plan_content()
            values["columns"] = ", ".join(
                content.column(c).label(lang) if c in COLUMN_IDS else str(c) for c in values["columns"]
            )
        if "headers" in values:
            values["headers"] = ", ".join(f"“{_show(h, 40)}”" for h in values["headers"])
        return t(self.key, lang, **values)


@dataclass(frozen=True)
class RawTable:
    """The cells of a file before they are interpreted.

    Attributes:
        headers: the header cells, made unique and non-empty.
        cells: one row per data row (object dtype), indexed by the row number in the file.
        kind: ``csv`` or ``xlsx``.
        encoding: the text encoding found (CSV only).
        separator: the separator found (CSV only).
        comments: comment lines above the header (without ``#``).
        problems: problems found while reading (too many rows, extra cells).
    """

    headers: tuple[str, ...]
    cells: pd.DataFrame
    kind: str
    encoding: str | None = None
    separator: str | None = None
    comments: tuple[str, ...] = ()
    problems: pd.DataFrame = field(default_factory=lambda: empty_problems())


@dataclass(frozen=True)
class ParsedPlan:
    """A typed plan (:data:`PLAN_DTYPES`) with the problems found while interpreting the cells."""

    plan: pd.DataFrame
    problems: pd.DataFrame


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


# --------------------------------------------------------------------------- problems
def empty_problems() -> pd.DataFrame:
    """An empty problems table."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in PROBLEM_COLUMNS})


def _problems(
    rows: Iterable[Any],
    column: str | None,
    key: str,
    values: Iterable[Any],
    severity: str,
    detail: Iterable[Any] | Any = "",
) -> pd.DataFrame:
    rows = list(rows)
    if not rows:
        return empty_problems()
    details = list(detail) if isinstance(detail, (list, tuple, pd.Series, np.ndarray)) else [detail] * len(rows)
    return pd.DataFrame(
        {
            "row": rows,
            "column": column,
            "problem": key,
            "value": [_show(v) for v in values],
            "severity": severity,
            "detail": [str(d) for d in details],
        }
    )


def _file_problem(key: str, severity: str = "error", **detail: Any) -> pd.DataFrame:
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


def _show(value: Any, limit: int = 80) -> str:
    """A cell as short plain text for the problems list."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    elif isinstance(value, pd.Timestamp):
        value = value.date().isoformat()
    text = _CONTROL.sub(" ", str(value)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def problem_message(row: Mapping[str, Any], lang: Lang, content: ScreeningContent | None = None) -> str:
    """The message of one problem row in ``lang`` (plain text; never contains the cell value)."""
    content = content or load_plan_content()
    detail = str(row.get("detail") or "")
    values: dict[str, Any] = {"detail": detail}
    if "=" in detail:
        values.update(dict(part.split("=", 1) for part in detail.split(";") if "=" in part))
        for key in ("rows", "max", "columns"):
            if str(values.get(key, "")).isdigit():
                values[key] = fmt_num(int(values[key]), lang)
    column = row.get("column")
    if column in COLUMN_IDS:
        values["column"] = content.column(str(column)).label(lang)
    elif column:
        values["column"] = str(column)
    try:
        return t(str(row["problem"]), lang, **values)
    except (KeyError, IndexError, ValueError):
        return t(str(row["problem"]), lang)


def problems_table(
    problems: pd.DataFrame, lang: Lang, content: ScreeningContent | None = None, limit: int | None = None
) -> pd.DataFrame:
    """The problems as a table for display or export, with translated headers and messages."""
    content = content or load_plan_content()
    shown = problems if limit is None else problems.head(limit)
    labels: dict[str, str] = {c.id: c.label(lang) for c in content.columns}
    # The problems table's column labels are the strings of PROBLEM_COLUMNS; pandas-stubs types
    # record keys as Hashable.
    records = cast(list[dict[str, Any]], shown.to_dict("records"))
    return pd.DataFrame(
        {
            t("plan.col.row", lang): [None if r is None or pd.isna(r) else int(r) for r in shown["row"]],
            t("plan.col.column", lang): [labels.get(c, c or "") if isinstance(c, str) else "" for c in shown["column"]],
            t("plan.col.value", lang): shown["value"].tolist(),
            t("plan.col.consequence", lang): [t(f"plan.severity.{s}", lang) for s in shown["severity"]],
            t("plan.col.problem", lang): [problem_message(r, lang, content) for r in records],
        }
    )


# --------------------------------------------------------------------------- reading files
def file_kind(filename: str) -> str:
    """``csv`` or ``xlsx`` from the file name.

    Raises:
        PlanError: ``plan.err.wrong_type`` for any other extension.
    """
    ext = Path(filename or "").suffix.lower()
    if ext not in _EXTENSIONS:
        raise PlanError("plan.err.wrong_type", ext=ext or "–")
    return _EXTENSIONS[ext]


def decode(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-16 with BOM, then UTF-8 (BOM optional), then Windows-1252.

    Raises:
        PlanError: ``plan.err.encoding`` when none fits.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise PlanError("plan.err.encoding") from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise PlanError("plan.err.encoding")


def sniff_separator(line: str) -> str:
    """The separator of a CSV header line: the most frequent of ``;``, tab and ``,`` outside quotes.

    Ties go to ``;`` (the Swedish convention), then tab.
    """
    outside, quoted = [], False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(ch)
    text = "".join(outside)
    counts = {sep: text.count(sep) for sep in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] else ";"


def _unique_headers(cells: list[Any]) -> tuple[str, ...]:
    out: list[str] = []
    for index, cell in enumerate(cells):
        name = _show(cell, 200) or f"#{index + 1}"
        base, n = name, 2
        while name in out:
            name, n = f"{base} ({n})", n + 1
        out.append(name)
    return tuple(out)


def _is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _table(rows: Iterator[tuple[int, list[Any]]], kind: str, max_rows: int, limits_cols: int, **info: Any) -> RawTable:
    """Build a :class:`RawTable` from numbered rows (comments and blank rows at the top skipped)."""
    comments: list[str] = []
    header: list[Any] | None = None
    for _number, cells in rows:
        if all(_is_blank(c) for c in cells):
            continue
        first = cells[0] if cells else None
        if isinstance(first, str) and first.lstrip().startswith("#"):
            text = " ".join(_show(c, 1000) for c in cells if not _is_blank(c)).lstrip()[1:].strip()
            comments.append(text)
            continue
        header = list(cells)
        break
    if header is None:
        raise PlanError("plan.err.empty")
    while header and _is_blank(header[-1]):
        header.pop()
    if len(header) > limits_cols:
        raise PlanError("plan.err.too_many_columns", columns=len(header), max=limits_cols)
    headers = _unique_headers(header)
    width = len(headers)
    data: list[list[Any]] = []
    index: list[int] = []
    extra_rows: list[int] = []
    extra_values: list[Any] = []
    skipped, first_skipped = 0, None
    for number, cells in rows:
        if all(_is_blank(c) for c in cells):
            continue
        if len(data) >= max_rows:
            skipped += 1
            first_skipped = first_skipped or number
            continue
        if len(cells) > width:
            extra = [c for c in cells[width:] if not _is_blank(c)]
            if extra:
                extra_rows.append(number)
                extra_values.append(extra[0])
        data.append((list(cells) + [None] * width)[:width])
        index.append(number)
    if not data:
        raise PlanError("plan.err.no_rows")
    frame = pd.DataFrame(data, columns=list(headers), index=pd.Index(index, name=ROW_INDEX), dtype="object")
    problems = [_problems(extra_rows, None, "plan.err.extra_cells", extra_values, "warning")]
    if skipped:
        problems.append(
            _file_problem("plan.err.too_many_rows", rows=skipped + len(data), max=max_rows, first=first_skipped)
        )
    return RawTable(
        headers=headers, cells=frame, kind=kind, comments=tuple(comments), problems=concat_problems(*problems), **info
    )


def _read_csv(data: bytes, max_rows: int, max_cols: int) -> RawTable:
    if b"\x00" in data[:4096] and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        raise PlanError("plan.err.binary")
    if data[:4] == b"PK\x03\x04":
        raise PlanError("plan.err.binary")
    text, encoding = decode(data)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise PlanError("plan.err.empty")
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), "")
    sep = sniff_separator(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)

    def numbered() -> Iterator[tuple[int, list[Any]]]:
        try:
            for row in reader:
                yield reader.line_num, row
        except csv.Error:
            raise PlanError("plan.err.csv_format") from None

    return _table(numbered(), "csv", max_rows, max_cols, encoding=encoding, separator=sep)


def _read_xlsx(data: bytes, max_rows: int, max_cols: int, max_bytes: int) -> RawTable:
    if data[:4] != b"PK\x03\x04":
        raise PlanError("plan.err.bad_xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > _XLSX_EXPANSION * max_bytes:
                raise PlanError("plan.err.too_large_unpacked")
    except zipfile.BadZipFile:
        raise PlanError("plan.err.bad_xlsx") from None
    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except PlanError:
        raise
    except Exception:  # openpyxl raises many kinds for a broken file
        raise PlanError("plan.err.bad_xlsx") from None
    try:
        sheet = next((ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"), None)
        if sheet is None:
            raise PlanError("plan.err.empty")

        def numbered() -> Iterator[tuple[int, list[Any]]]:
            for number, row in enumerate(sheet.iter_rows(), start=1):
                yield number, [_xlsx_value(cell) for cell in row]

        return _table(numbered(), "xlsx", max_rows, max_cols)
    except PlanError:
        raise
    except Exception:
        raise PlanError("plan.err.bad_xlsx") from None
    finally:
        wb.close()


def _xlsx_value(cell: Any) -> Any:
    """A cell's value; a number shown as a percentage in Excel (0.1 as 10 %) becomes ``"10 %"``."""
    value = getattr(cell, "value", None)
    fmt = str(getattr(cell, "number_format", "") or "")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in fmt:
        return f"{value * 100:.10g} %"
    return value


def read_table(
    data: bytes, filename: str, max_rows: int | None = None, content: ScreeningContent | None = None
) -> RawTable:
    """Read the cells of a CSV or .xlsx file.

    Args:
        data: the file's bytes.
        filename: its name (the extension decides CSV or Excel).
        max_rows: data rows to read at most (default: the page limit in the content); the rest is
            reported as one problem and not read.
        content: the screening content (default: bundled).

    Raises:
        PlanError: for an empty, too large, unreadable or wrongly typed file.
    """
    content = content or load_plan_content()
    lim = content.limits
    kind = file_kind(filename)
    if len(data) > lim.max_bytes:
        raise PlanError("plan.err.too_large", mb=_mb(len(data)), max=_mb(lim.max_bytes))
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise PlanError("plan.err.empty")
    rows = max_rows or lim.max_rows
    if kind == "xlsx":
        return _read_xlsx(data, rows, lim.max_columns, lim.max_bytes)
    return _read_csv(data, rows, lim.max_columns)


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------- mapping
def auto_mapping(headers: Iterable[str], content: ScreeningContent | None = None) -> dict[ColumnId, str]:
    """Map plan columns to the file's headers by their Swedish and English aliases.

    An exact match (after :func:`~guidance.screening.content.header_key`) wins over a header that starts
    with an alias; longer aliases win over shorter; each header is used once.
    """
    content = content or load_plan_content()
    norm = {h: header_key(h) for h in headers}
    candidates: list[tuple[int, int, ColumnId, str]] = []
    for col in content.columns:
        aliases = {header_key(a) for a in col.aliases} | {
            header_key(col.label.sv),
            header_key(col.label.en),
            header_key(col.id),
        }
        for header, n in norm.items():
            for alias in aliases:
                if not alias:
                    continue
                if n == alias:
                    candidates.append((2, len(alias), col.id, header))
                elif n.startswith(alias + " "):
                    candidates.append((1, len(alias), col.id, header))
    mapping: dict[ColumnId, str] = {}
    used: set[str] = set()
    for _exact, _length, col_id, header in sorted(candidates, key=lambda c: (-c[0], -c[1])):
        if col_id in mapping or header in used:
            continue
        mapping[col_id] = header
        used.add(header)
    return {c: mapping[c] for c in COLUMN_IDS if c in mapping}


def missing_columns(mapping: Mapping[str, str | None], content: ScreeningContent | None = None) -> list[str]:
    """Required plan columns (and one-of groups) the mapping does not cover, as column ids."""
    content = content or load_plan_content()
    missing: list[str] = [c.id for c in content.columns if c.required and not mapping.get(c.id)]
    for group in content.one_of:
        if not any(mapping.get(c) for c in group):
            missing.append(group[0])
    return missing


# --------------------------------------------------------------------------- cell parsers
def _text(value: Any) -> str | None:
    if _is_blank(value) or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        value = value.isoformat()[:10]
    text = _CONTROL.sub(" ", str(value)).strip()
    return text or None


def parse_number(value: Any, decimal: str = ",", units: Mapping[str, float] | None = None) -> float:
    """Read one number written the Swedish or English way.

    Spaces, non-breaking spaces and apostrophes are thousands separators; a unit suffix from
    ``units`` (e.g. ``kr``, ``MSEK``, ``%``) multiplies the number. With both ``,`` and ``.`` the
    later one is the decimal mark; several of the same are thousands separators; a single one is
    the column's ``decimal`` mark, except that ``1.200`` (a dot before exactly three digits) in a
    decimal-comma column is read as 1200.

    Raises:
        ValueError: when the cell is not a number.
    """
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, (int, float, np.integer, np.floating)):
        out = float(value)
        if not math.isfinite(out):
            raise ValueError("not a number")
        return out
    text = str(value).strip().lower().replace("\u2212", "-").replace("\u2013", "-")
    factor = 1.0
    if units:
        for unit in sorted(units, key=len, reverse=True):
            u = unit.lower()
            if text.endswith(u) and len(text) > len(u):
                head = text[: -len(u)]
                if u[0].isalpha() and head[-1:].isalpha():
                    continue
                text, factor = head.strip(), float(units[unit])
                break
        for prefix in ("sek", "kr"):
            if text.startswith(prefix):
                text = text[len(prefix) :].strip()
    text = _SPACES.sub("", text)
    if not text or not re.fullmatch(r"[-+]?[\d.,]*\d[\d.,]*", text):
        raise ValueError("not a number")
    if "," in text and "." in text:
        dec = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if dec == "," else ",", "").replace(",", ".")
    elif text.count(",") > 1 or text.count(".") > 1:
        text = text.replace(",", "").replace(".", "") if text.count(",") > 1 else text.replace(".", "")
        if "," in text:
            text = text.replace(",", ".")
    elif "," in text:
        head, tail = text.split(",")
        text = f"{head}.{tail}" if decimal == "," or len(tail) != 3 else head + tail
    elif "." in text and decimal == ",":
        head, tail = text.split(".")
        text = head + tail if len(tail) == 3 and head.lstrip("-+") else text
    try:
        out = float(text) * factor
    except ValueError:
        raise ValueError("not a number") from None
    if not math.isfinite(out):
        raise ValueError("not a number")
    return out


def detect_decimal(values: Iterable[Any], separator: str | None) -> str:
    """The decimal mark of a column: from the CSV separator, else from values like ``12,5``."""
    if separator == ";":
        return ","
    if separator == ",":
        return "."
    for value in values:
        if isinstance(value, str) and re.search(r"\d,(\d{1,2}|\d{4,})(\D|$)", value) and "." not in value:
            return ","
    return "."


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


# --------------------------------------------------------------------------- categories
@dataclass(frozen=True)
class _Vocabulary:
    exact: dict[str, str]
    words: tuple[tuple[str, str], ...]
    types: dict[str, str]


def _vocabulary(content: ScreeningContent) -> _Vocabulary:
    exact: dict[str, str] = {}
    for cat in content.categories:
        for word in (*cat.aliases, cat.id, cat.label.sv, cat.label.en):
            exact.setdefault(header_key(word), cat.id)
    types: dict[str, str] = {}
    qn = load_questionnaire()
    for kind, words in content.contract_types.items():
        opt = qn.question("contract_type").option(kind)
        labels = (opt.label.sv, opt.label.en) if opt else ()
        for word in (*words.aliases, kind, *labels):
            types.setdefault(header_key(word), kind)
    words_sorted = tuple(
        sorted(((header_key(a), c.id) for c in content.categories for a in c.aliases), key=lambda p: -len(p[0]))
    )
    return _Vocabulary(exact=exact, words=words_sorted, types=types)


_VOCAB: dict[int, tuple[ScreeningContent, _Vocabulary]] = {}


def _vocab(content: ScreeningContent) -> _Vocabulary:
    """The vocabulary of ``content``, built once per content object."""
    cached = _VOCAB.get(id(content))
    if cached is None or cached[0] is not content:
        cached = (content, _vocabulary(content))
        _VOCAB[id(content)] = cached
    return cached[1]


def resolve_category(text: str | None, content: ScreeningContent | None = None) -> str | None:
    """The category id a plan's category cell names, or None if it is not recognised.

    Exact words (an alias, the id or a label) first; then the longest alias contained in the cell
    (aliases of three letters or fewer only as whole words); then a contract-type word, which gives
    that type's general category.
    """
    if text is None:
        return None
    content = content or load_plan_content()
    vocab = _vocab(content)
    n = header_key(text)
    if not n:
        return None
    if n in vocab.exact:
        return vocab.exact[n]
    padded = f" {n} "
    for alias, cat_id in vocab.words:
        if (len(alias) <= 3 and f" {alias} " in padded) or (len(alias) > 3 and alias in n):
            return cat_id
    kind = vocab.types.get(n)
    return content.contract_types[kind].category if kind else None  # type: ignore[index]  # vocabulary types are contract-type ids from the same content


def resolve_contract_type(text: str | None, content: ScreeningContent | None = None) -> str | None:
    """The contract type id a cell names (``tjänst`` -> ``services``), or None if not recognised."""
    if text is None:
        return None
    content = content or load_plan_content()
    return _vocab(content).types.get(header_key(text))


# --------------------------------------------------------------------------- parsing a table
def _map_unique(series: pd.Series, fn: Any) -> tuple[pd.Series, pd.Series]:
    """Apply ``fn`` to each distinct non-blank cell; return (values, failed mask)."""
    out: dict[Any, Any] = {}
    failed: dict[Any, bool] = {}
    for value in series.dropna().unique():
        try:
            out[value], failed[value] = fn(value), False
        except ValueError:
            out[value], failed[value] = None, True
    values = series.map(lambda v: out.get(v) if v is not None and not _nan(v) else None)
    bad = series.map(lambda v: failed.get(v, False) if v is not None and not _nan(v) else False).astype(bool)
    return values, bad


def _nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _blank_to_none(series: pd.Series) -> pd.Series:
    return series.map(lambda v: None if _is_blank(v) or _nan(v) else v).astype("object")


def _numbers(series: pd.Series, decimal: str, units: Mapping[str, float]) -> tuple[pd.Series, pd.Series]:
    """Parse a column of numbers quickly: plain numbers vectorised, the rest one by one."""
    cells = _blank_to_none(series)
    out = pd.Series(np.nan, index=cells.index, dtype="float64")
    bad = pd.Series(False, index=cells.index)
    present = cells.notna()
    numeric = cells.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
    out[numeric] = cells[numeric].astype("float64")
    text = cells[present & ~numeric].astype("str").str.strip()
    plain = text.str.fullmatch(_PLAIN_INT.pattern if decimal == "," else _PLAIN_DOT.pattern)
    out[plain[plain].index] = pd.to_numeric(text[plain]).astype("float64")
    rest = text[~plain]
    if len(rest):
        values, failed = _map_unique(rest, lambda v: parse_number(v, decimal, units))
        out[rest.index] = pd.to_numeric(values, errors="coerce").astype("float64")
        bad[rest.index] = failed
    non_finite = present & ~bad & ~np.isfinite(out.fillna(0))
    bad |= non_finite
    out[non_finite] = np.nan
    return out, bad


def parse_plan(raw: RawTable, mapping: Mapping[str, str | None], content: ScreeningContent | None = None) -> ParsedPlan:
    """Interpret the mapped columns of ``raw`` as a typed plan.

    Cells that cannot be read become empty; each gives a problem (an error in a required column,
    otherwise a warning). Unrecognised categories are kept as written, so :func:`check_plan`
    lists them and the user can pick a category.

    Args:
        raw: the table from :func:`read_table`.
        mapping: plan column id -> header in ``raw`` (or None/absent when not in the file).
        content: the screening content (default: bundled).

    Returns:
        The typed plan (columns :data:`PLAN_DTYPES`, indexed by the row number in the file) and
        the problems (reading problems included).
    """
    content = content or load_plan_content()
    cells = raw.cells
    index = cells.index
    plan = pd.DataFrame(index=index.copy())
    problems: list[pd.DataFrame] = [raw.problems]
    for col in content.columns:
        header = mapping.get(col.id)
        source = cells[header] if header in cells.columns else pd.Series(None, index=index, dtype="object")
        severity = "error" if col.required else "warning"
        if col.kind in ("text", "category", "contract_type"):
            text = source.map(_text).astype("object")
            if col.kind == "category":
                resolved = text.map(lambda v: resolve_category(v, content) if v is not None else None)
                text = resolved.where(resolved.notna(), text)
            elif col.kind == "contract_type":
                resolved = text.map(lambda v: resolve_contract_type(v, content) if v is not None else None)
                text = resolved.where(resolved.notna(), text)
            plan[col.id] = text.astype("string")
        elif col.kind in ("number", "integer", "share"):
            decimal = detect_decimal(source.dropna().head(500), raw.separator)
            values, bad = _numbers(source, decimal, col.units)
            if col.kind == "share":
                values, note = _share_as_percent(values, source)
                if note:
                    problems.append(_file_problem("plan.err.share_fraction", "note"))
            plan[col.id] = values
            problems.append(_problems(index[bad], col.id, "plan.err.not_a_number", source[bad], severity))
        elif col.kind == "bool":
            values, bad = _map_unique(_blank_to_none(source), lambda v: parse_bool(v, content))
            plan[col.id] = values.astype("boolean")
            problems.append(_problems(index[bad], col.id, "plan.err.not_yes_no", source[bad], severity))
        else:  # date
            values, bad = _map_unique(_blank_to_none(source), lambda v: parse_date(v, content))
            plan[col.id] = pd.to_datetime(values, errors="coerce").astype("datetime64[ns]")
            problems.append(_problems(index[bad], col.id, "plan.err.not_a_date", source[bad], severity))
    if "category" in plan and "contract_type" in plan:
        generic = plan["contract_type"].map(
            lambda v: content.contract_types[v].category if v in content.contract_types else None
        )
        plan["category"] = plan["category"].where(plan["category"].notna(), generic.astype("string"))
    return ParsedPlan(plan=plan.astype(PLAN_DTYPES), problems=concat_problems(*problems))


def _share_as_percent(values: pd.Series, source: pd.Series) -> tuple[pd.Series, bool]:
    """Shares written as fractions (all between 0 and 1, no ``%``) are read as percentages."""
    present = values.dropna()
    if present.empty or (present > 1).any() or not (present > 0).any():
        return values, False
    if source.dropna().astype("str").str.contains("%", regex=False).any():
        return values, False
    return values * 100, True


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
        problems: earlier problems (e.g. from :func:`parse_plan`); a reading problem for a cell
            that is still empty is kept, so its message is not replaced by "missing".

    Returns:
        A :class:`CheckedPlan`.
    """
    content = content or load_plan_content()
    qn = load_questionnaire()
    plan = typed_plan(plan)
    found: list[pd.DataFrame] = []
    earlier = problems if problems is not None else empty_problems()
    if len(earlier):
        empty_cells = plan.isna()
        keep = []
        for rec in earlier.to_dict("records"):
            row, col = rec["row"], rec["column"]
            if row is None or _nan(row) or col not in plan.columns or int(row) not in plan.index:
                keep.append(rec["row"] is None or _nan(rec["row"]) or col not in plan.columns)
                continue
            keep.append(bool(empty_cells.at[int(row), col]))
        earlier = earlier[keep]
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

    # duplicates (every column equal to an earlier row; compared by a hash of the row, then exactly)
    hashes = pd.util.hash_pandas_object(plan, index=False)
    dup = hashes.duplicated(keep="first")
    if dup.any():
        first_row = dict(zip(hashes[~dup].to_numpy(), plan.index[~dup.to_numpy()], strict=True))
        firsts = [first_row[h] for h in hashes[dup].to_numpy()]
        same = [
            plan.loc[[r, f]].astype("object").fillna("").nunique().max() == 1
            for r, f in zip(plan.index[dup.to_numpy()], firsts, strict=True)
        ]
        dup.loc[dup] = np.array(same, dtype=bool)
        firsts = [f for f, keep in zip(firsts, same, strict=True) if keep]
        add(dup, "name", "plan.err.duplicate", "error", [f"first={f}" for f in firsts])
        bad |= dup

    all_problems = concat_problems(earlier, *found)
    return CheckedPlan(
        plan=clean[~bad], problems=all_problems, bad_rows=tuple(int(r) for r in plan.index[bad.to_numpy(dtype=bool)])
    )


# --------------------------------------------------------------------------- convenience
def load_plan(
    data: bytes,
    filename: str,
    max_rows: int | None = None,
    mapping: Mapping[str, str | None] | None = None,
    content: ScreeningContent | None = None,
) -> tuple[CheckedPlan, RawTable]:
    """Read, map (automatically unless ``mapping`` is given), parse and check a plan file.

    Raises:
        PlanError: for file-level problems, including ``plan.err.missing_columns``.
    """
    content = content or load_plan_content()
    raw = read_table(data, filename, max_rows, content)
    columns: dict[str, str | None] = (
        dict(mapping) if mapping is not None else {c: h for c, h in auto_mapping(raw.headers, content).items()}
    )
    missing = missing_columns(columns, content)
    if missing:
        raise PlanError("plan.err.missing_columns", columns=missing, headers=raw.headers)
    parsed = parse_plan(raw, columns, content)
    return check_plan(parsed.plan, content, parsed.problems), raw


__all__ = [
    "PLAN_DTYPES",
    "PROBLEM_COLUMNS",
    "ROW_INDEX",
    "CheckedPlan",
    "ParsedPlan",
    "PlanError",
    "RawTable",
    "auto_mapping",
    "check_plan",
    "concat_problems",
    "decode",
    "detect_decimal",
    "empty_plan",
    "empty_problems",
    "file_kind",
    "load_plan",
    "missing_columns",
    "parse_bool",
    "parse_date",
    "parse_number",
    "parse_plan",
    "problem_message",
    "problems_table",
    "read_table",
    "resolve_category",
    "resolve_contract_type",
    "sniff_separator",
    "typed_plan",
]
