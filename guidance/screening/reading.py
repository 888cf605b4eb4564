"""Reading a procurement plan the way people write them: CSV, Excel or OpenDocument, checked row by row.

Four steps, each usable on its own (:func:`read_plan` runs them all):

1. :func:`read_table` turns the bytes of an uploaded file into a table of raw cells: the file's
   sheets (:mod:`~guidance.screening.grid`), then the header row among title rows, notes and blank
   rows, and the rows below it, with headings repeated, single-cell rows (headings, notes) and
   rows over the limit set aside (:mod:`~guidance.screening.layout`). Problems with the whole file
   raise :class:`PlanError`.
2. :func:`~guidance.screening.mapping.auto_mapping` recognises Swedish and English header names
   (aliases in ``content/screening/columns.yaml``).
3. :func:`parse_plan` turns the mapped cells into a typed plan: numbers in the unit of their heading
   or cell, converted to kronor and months (:mod:`~guidance.screening.units`); categories the
   organisation's way, with fallbacks to the CPV code, the contract type and the name
   (:mod:`~guidance.screening.categories`); totals rows set aside.
4. :func:`~guidance.screening.checking.check_plan` checks a typed plan (also after edits on the
   page): required values, the bounds of the questionnaire, whole months, known categories,
   duplicate rows, markup in text.

:class:`~guidance.screening.plan_input.ReadOptions` carries the user's corrections (sheet, header
row, units, category words). Problems are a DataFrame (see :mod:`~guidance.screening.raw`); every
row of the file is either screened or listed there with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd

from guidance.core.formatting import fmt_num
from guidance.core.i18n import t
from guidance.core.models import Lang
from guidance.screening.categories import (
    UnknownCategory,
    categorise,
    resolve_category,
    resolve_contract_type,
)
from guidance.screening.cells import (
    blank_to_none,
    detect_decimal,
    map_unique,
    parse_bool,
    parse_date,
    parse_number,
    parse_numbers,
    text_of,
)
from guidance.screening.checking import PLAN_DTYPES, ROW_INDEX, CheckedPlan, check_plan, empty_plan, typed_plan
from guidance.screening.content import COLUMN_IDS, ColumnId, PlanColumn, ScreeningContent, load_plan_content
from guidance.screening.grid import decode, file_kind, open_grid, sniff_separator
from guidance.screening.layout import build_table, first_words, totals_rows
from guidance.screening.mapping import auto_mapping, missing_columns
from guidance.screening.plan_input import ReadOptions
from guidance.screening.raw import (
    COUNT_KEYS,
    PROBLEM_COLUMNS,
    PlanError,
    RawTable,
    concat_problems,
    empty_problems,
    file_problem,
    make_problems,
    megabytes,
)
from guidance.screening.units import ColumnUnit, UnitWarning, check_unit, column_unit, says_per_year

#: Kinds of column whose cells name the kind of procurement.
KIND_COLUMNS: tuple[ColumnId, ...] = ("category", "contract_type", "cpv")
#: Decimals kept of an amount converted from another unit (whole öre).
MONEY_DECIMALS = 2


@dataclass(frozen=True)
class ParsedPlan:
    """A typed plan (:data:`PLAN_DTYPES`) with what was found while interpreting the cells.

    Attributes:
        plan: the typed plan, indexed by the row number in the file (totals rows left out).
        problems: reading problems, notes on categories and units, and the rows that are not
            procurements.
        units: the unit each number column was read in.
        unit_warnings: columns whose unit looks wrong, or whose heading speaks of a value per year.
        unknown_categories: category words not recognised and not mapped by the user.
        category_sources: how many rows without a category got one from a CPV code (``cpv``), the
            contract type (``type``, ``type_name``) or the name (``name``).
    """

    plan: pd.DataFrame
    problems: pd.DataFrame
    units: dict[str, ColumnUnit] = field(default_factory=dict)
    unit_warnings: tuple[UnitWarning, ...] = ()
    unknown_categories: tuple[UnknownCategory, ...] = ()
    category_sources: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanReading:
    """Everything :func:`read_plan` found: the raw table, the column mapping, the parsed and the checked plan."""

    raw: RawTable
    mapping: dict[str, str]
    parsed: ParsedPlan
    checked: CheckedPlan


# --------------------------------------------------------------------------- messages
def problem_message(row: Mapping[str, Any], lang: Lang, content: ScreeningContent | None = None) -> str:
    """The message of one problem row in ``lang`` (plain text; never contains the cell value)."""
    content = content or load_plan_content()
    detail = str(row.get("detail") or "")
    values: dict[str, Any] = {"detail": detail}
    if "=" in detail:
        values.update(dict(part.split("=", 1) for part in detail.split(";") if "=" in part))
        for key in COUNT_KEYS:
            if str(values.get(key, "")).isdigit():
                values[key] = fmt_num(int(values[key]), lang)
        if values.get("got") in content.category_ids:
            values["got"] = content.category(str(values["got"])).label(lang)
        if "via" in values:
            values["via"] = t(f"plan.via.{values['via']}", lang)
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
def read_table(
    data: bytes,
    filename: str,
    max_rows: int | None = None,
    content: ScreeningContent | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> RawTable:
    """Read the cells of a CSV, .xlsx or .ods file below its header row.

    Args:
        data: the file's bytes.
        filename: its name (the extension decides CSV, Excel or OpenDocument).
        max_rows: data rows to read at most (default: the page limit in the content); the rest is
            reported as one problem and not read.
        content: the screening content (default: bundled).
        sheet: the sheet of a workbook to read (default: the first with a recognisable header).
        header_row: the row number of the header (default: found by its column names).

    Raises:
        PlanError: for an empty, too large, unreadable or wrongly typed file, an unknown sheet or a
            header row without headings.
    """
    content = content or load_plan_content()
    lim = content.limits
    kind = file_kind(filename)
    check_size(len(data), lim.max_bytes)
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise PlanError("plan.err.empty")
    grid = open_grid(data, kind, lim)
    return build_table(grid, content, max_rows or lim.max_rows, sheet=sheet, header_row=header_row)


def check_size(size: int, max_bytes: int) -> None:
    """Refuse a file of ``size`` bytes over ``max_bytes`` (the one upload limit, also the command line's).

    Raises:
        PlanError: ``plan.err.too_large`` with both sizes in megabytes.
    """
    if size > max_bytes:
        raise PlanError("plan.err.too_large", mb=megabytes(size, up=True), max=megabytes(max_bytes, up=False))


# --------------------------------------------------------------------------- parsing a table
def _numbers_column(
    col: PlanColumn, source: pd.Series, raw: RawTable, header: str | None, options: ReadOptions
) -> tuple[pd.Series, pd.Series, ColumnUnit | None, list[UnitWarning], pd.DataFrame]:
    """A number column in the column's own unit: (values, bad cells, unit, unit warnings, notes)."""
    unit = column_unit(col, header, options.units.get(col.id))
    scale = col.unit(unit.unit).scale if unit is not None else 1.0
    decimal = detect_decimal(source.dropna().head(500), raw.separator)
    read = parse_numbers(source, decimal, col.unit_words, scale, col.sum_parts)
    values = read.values
    notes = empty_problems()
    converted = values.notna() & (read.factor != 1)
    if converted.any():
        if col.kind == "integer":
            whole = values.round()
            rounded = converted & (whole != values)
            notes = make_problems(
                source.index[rounded.to_numpy()],
                col.id,
                "plan.err.rounded",
                source[rounded].tolist(),
                "note",
                [f"got={int(v)}" for v in whole[rounded]],
            )
            values = values.where(~converted, whole)
        else:
            values = values.where(~converted, values.round(MONEY_DECIMALS))
    warnings: list[UnitWarning] = []
    if unit is not None:
        found = check_unit(col, unit, values[~read.own_unit & values.notna()])
        if found is not None:
            warnings.append(found)
        if header and says_per_year(header, col):
            warnings.append(UnitWarning(column=col.id, kind="per_year", unit=unit.unit))
    return values, read.bad, unit, warnings, notes


def parse_plan(
    raw: RawTable,
    mapping: Mapping[str, str | None],
    content: ScreeningContent | None = None,
    options: ReadOptions | None = None,
) -> ParsedPlan:
    """Interpret the mapped columns of ``raw`` as a typed plan.

    Cells that cannot be read become empty; each gives a problem (an error in a required column,
    otherwise a warning). Numbers are converted from the unit of their cell, their heading or the
    user's choice; a term converted to months is rounded to whole months (with a note). Totals rows
    are set aside (listed, not screened). Categories that are missing or not recognised fall back
    as :func:`~guidance.screening.categories.categorise` describes; words that are still unknown
    are kept as written, so :func:`check_plan` lists them and the user can map them.

    Args:
        raw: the table from :func:`read_table`.
        mapping: plan column id -> header in ``raw`` (or None/absent when not in the file).
        content: the screening content (default: bundled).
        options: the user's corrections (units, category words); default none.

    Returns:
        The typed plan (columns :data:`PLAN_DTYPES`, indexed by the row number in the file) with
        the problems (reading problems included) and what was detected.
    """
    content = content or load_plan_content()
    options = options or ReadOptions()
    cells = raw.cells
    index = cells.index
    plan = pd.DataFrame(index=index.copy())
    problems: list[pd.DataFrame] = []
    texts: dict[str, pd.Series] = {}
    units: dict[str, ColumnUnit] = {}
    unit_warnings: list[UnitWarning] = []
    for col in content.columns:
        header = mapping.get(col.id)
        present = header in cells.columns
        source = cells[header] if present else pd.Series(None, index=index, dtype="object")
        severity = "error" if col.required else "warning"
        if col.kind in ("text", "category", "contract_type"):
            texts[col.id] = _texts(source)
            if col.kind == "text":
                plan[col.id] = texts[col.id].astype("string")
        elif col.kind == "cpv":
            texts[col.id] = blank_to_none(source)
        elif col.kind in ("number", "integer", "share"):
            values, bad, unit, warnings, notes = _numbers_column(col, source, raw, header if present else None, options)
            if unit is not None and present:
                units[col.id] = unit
                unit_warnings += warnings
            if col.kind == "share":
                values, note = _share_as_percent(values, source)
                if note:
                    problems.append(file_problem("plan.err.share_fraction", "note"))
            plan[col.id] = values
            problems += [
                notes,
                make_problems(index[bad.to_numpy()], col.id, "plan.err.not_a_number", source[bad], severity),
            ]
        elif col.kind == "bool":
            values, bad = map_unique(blank_to_none(source), lambda v: parse_bool(v, content))
            plan[col.id] = values.astype("boolean")
            problems.append(make_problems(index[bad.to_numpy()], col.id, "plan.err.not_yes_no", source[bad], severity))
        else:  # date
            values, bad = map_unique(blank_to_none(source), lambda v: parse_date(v, content))
            plan[col.id] = pd.to_datetime(values, errors="coerce").astype("datetime64[ns]")
            problems.append(make_problems(index[bad.to_numpy()], col.id, "plan.err.not_a_date", source[bad], severity))
    kind_headers = [str(mapping[c]) for c in KIND_COLUMNS if mapping.get(c) in cells.columns]
    totals = totals_rows(cells, kind_headers, mapping.get("name"), plan["value_sek"], content)
    found = concat_problems(*problems)
    if totals.any():
        rows = index[totals.to_numpy()]
        plan = plan.drop(index=rows)
        texts = {k: v.drop(index=rows) for k, v in texts.items()}
        found = found[~found["row"].isin(list(rows))]
        skipped = make_problems(
            rows, None, "plan.err.totals_row", first_words(cells.loc[rows].itertuples(index=False)), "skipped"
        )
        found = concat_problems(found, skipped)
    cats = categorise(
        plan.index,
        texts["name"],
        texts["category"] if mapping.get("category") in cells.columns else None,
        texts["contract_type"] if mapping.get("contract_type") in cells.columns else None,
        texts["cpv"] if mapping.get("cpv") in cells.columns else None,
        options.category_map,
        content,
    )
    plan["category"] = cats.category
    plan["contract_type"] = cats.contract_type
    return ParsedPlan(
        plan=plan[list(PLAN_DTYPES)].astype(PLAN_DTYPES),
        problems=concat_problems(raw.problems, found, cats.problems),
        units=units,
        unit_warnings=tuple(unit_warnings),
        unknown_categories=cats.unknown,
        category_sources=cats.via_counts,
    )


def _texts(source: pd.Series) -> pd.Series:
    """A text column: each distinct cell trimmed once (None for blank)."""
    return map_unique(source, text_of)[0].astype("object")


def _share_as_percent(values: pd.Series, source: pd.Series) -> tuple[pd.Series, bool]:
    """Shares written as fractions (all between 0 and 1, no ``%``) are read as percentages."""
    present = values.dropna()
    if present.empty or (present > 1).any() or not (present > 0).any():
        return values, False
    if source.dropna().astype("str").str.contains("%", regex=False).any():
        return values, False
    return values * 100, True


# --------------------------------------------------------------------------- convenience
def read_plan(
    data: bytes,
    filename: str,
    max_rows: int | None = None,
    mapping: Mapping[str, str | None] | None = None,
    content: ScreeningContent | None = None,
    options: ReadOptions | None = None,
    columns_chosen: Mapping[str, str] | None = None,
) -> PlanReading:
    """Read, map (automatically unless ``mapping`` is given), parse and check a plan file.

    Args:
        data: the file's bytes.
        filename: its name (the extension decides how it is read).
        max_rows: data rows to read at most (default: the page limit).
        mapping: the whole column mapping (plan column id -> header); default: recognised.
        content: the screening content (default: bundled).
        options: the user's corrections to sheet, header row, units and category words.
        columns_chosen: plan column id -> header, on top of the recognised mapping.

    Raises:
        PlanError: for file-level problems, including ``plan.err.missing_columns`` and
            ``plan.err.unknown_header`` (a chosen header that is not in the file).
    """
    content = content or load_plan_content()
    options = options or ReadOptions()
    raw = read_table(data, filename, max_rows, content, sheet=options.sheet, header_row=options.header_row)
    columns: dict[str, str] = (
        {c: h for c, h in mapping.items() if h}
        if mapping is not None
        else {str(c): h for c, h in auto_mapping(raw.headers, content, hidden=raw.hidden).items()}
    )
    for column, header in (columns_chosen or {}).items():
        if header not in raw.headers:
            raise PlanError("plan.err.unknown_header", header=header, headers=raw.headers)
        columns = {c: h for c, h in columns.items() if h != header} | {column: header}
    missing = missing_columns(columns, content)
    if missing:
        raise PlanError("plan.err.missing_columns", columns=missing, headers=raw.headers)
    parsed = parse_plan(raw, columns, content, options)
    return PlanReading(
        raw=raw, mapping=columns, parsed=parsed, checked=check_plan(parsed.plan, content, parsed.problems)
    )


def load_plan(
    data: bytes,
    filename: str,
    max_rows: int | None = None,
    mapping: Mapping[str, str | None] | None = None,
    content: ScreeningContent | None = None,
    options: ReadOptions | None = None,
) -> tuple[CheckedPlan, RawTable]:
    """:func:`read_plan`, returning only the checked plan and the raw table.

    Raises:
        PlanError: for file-level problems, including ``plan.err.missing_columns``.
    """
    reading = read_plan(data, filename, max_rows, mapping, content, options)
    return reading.checked, reading.raw


__all__ = [
    "KIND_COLUMNS",
    "PLAN_DTYPES",
    "PROBLEM_COLUMNS",
    "ROW_INDEX",
    "CheckedPlan",
    "ParsedPlan",
    "PlanError",
    "PlanReading",
    "RawTable",
    "ReadOptions",
    "auto_mapping",
    "check_plan",
    "check_size",
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
    "read_plan",
    "read_table",
    "resolve_category",
    "resolve_contract_type",
    "sniff_separator",
    "typed_plan",
]
