"""Where the table is in a sheet: the header row, what is above it, and the rows that are not procurements.

People put a title, a date and notes above the column headings, leave blank rows, repeat the
headings further down, write section headings ("Tekniska förvaltningen") and notes between rows,
and add a totals row at the bottom. This module finds the header row among the first rows (the one
naming the most plan columns, see :func:`find_header`), keeps what is above it as the preamble,
and sorts the rows below into data rows and rows that are read but not screened, each listed with
its reason (severity ``skipped``):

* ``plan.err.repeated_header``: the column headings again;
* ``plan.err.single_cell``: only one cell filled in (a heading, a note or a bare sum);
* ``plan.err.totals_row``: a totals row (:func:`totals_rows`, once the columns are known).

The work is bounded whatever the file holds: at most ``max_rows`` data rows are kept, and reading
stops after ``max_rows + scan_margin_rows`` rows below the header (blank rows included), so a sheet
of 40 million empty rows, or a million real ones, costs no more than the limits. Rows over the
limit are only counted up to that point; past it the message says "more than".

A CSV record that swallowed the lines below it (an unmatched quotation mark, see
:func:`~guidance.screening.grid.swallows_lines`) is kept as a data row and reported as an error
naming the lines it swallowed (``plan.err.quote_merged``), so it becomes a row to fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from guidance.screening.cells import text_of
from guidance.screening.content import ScreeningContent, header_key
from guidance.screening.grid import Grid, Rows, Sheet
from guidance.screening.mapping import recognised_columns
from guidance.screening.raw import (
    PlanError,
    RawTable,
    concat_problems,
    file_problem,
    is_blank,
    make_problems,
    show,
)

#: Characters of a preamble line kept.
PREAMBLE_CHARS = 200
_COMMENT = "#"


def _filled(cells: list[Any]) -> int:
    """How many cells of a row are not blank (fast for rows of text, as CSV gives them)."""
    count = 0
    for cell in cells:
        if cell.__class__ is str:
            if cell and not cell.isspace():
                count += 1
        elif not is_blank(cell):
            count += 1
    return count


def _is_comment(cells: list[Any]) -> bool:
    first = next((c for c in cells if not is_blank(c)), None)
    return isinstance(first, str) and first.lstrip().startswith(_COMMENT)


def find_header(rows: list[tuple[int, list[Any]]], content: ScreeningContent) -> int | None:
    """The index in ``rows`` of the header: the row naming the most plan columns (at least the minimum).

    Comment rows (starting with ``#``) are never the header. On a tie the first row wins. None when
    no row names enough plan columns.
    """
    best, best_score = None, content.layout.header_min_columns - 1
    for index, (_number, cells) in enumerate(rows):
        if _is_comment(cells):
            continue
        score = recognised_columns(cells, content)
        if score > best_score:
            best, best_score = index, score
    return best


def sheet_has_header(sheet: Sheet, content: ScreeningContent) -> bool:
    """Whether one of the first rows of ``sheet`` is a recognisable header."""
    head = _head(sheet.rows(), content.layout.header_scan_rows, limit=_scan_limit(content))[0]
    return find_header(head, content) is not None


def _scan_limit(content: ScreeningContent, max_rows: int | None = None) -> int:
    """Rows looked at below (or, while searching for it, above) the header before reading stops."""
    limits = content.limits
    return (max_rows or limits.max_rows) + limits.scan_margin_rows


def choose_sheet(grid: Grid, wanted: str | None, content: ScreeningContent) -> Sheet:
    """The sheet to read: ``wanted`` if given, else the first with a recognisable header, else the first.

    Raises:
        PlanError: ``plan.err.no_sheet`` when ``wanted`` is not a visible sheet of the workbook.
    """
    if wanted is not None and grid.names:
        for sheet in grid.sheets:
            if sheet.name == wanted:
                return sheet
        raise PlanError("plan.err.no_sheet", sheet=show(wanted, 40), sheets=grid.names)
    if len(grid.sheets) > 1:
        for sheet in grid.sheets:
            if sheet_has_header(sheet, content):
                return sheet
    return grid.sheets[0]


def _head(
    rows: Rows, count: int, until: int | None = None, limit: int | None = None
) -> tuple[list[tuple[int, list[Any]]], Rows]:
    """The first rows until ``count`` non-blank rows (or row number ``until``) have been read, and the rest.

    At most ``limit`` rows are looked at, so a sheet of empty rows is not read to its end.
    """
    head: list[tuple[int, list[Any]]] = []
    filled = 0
    for number, cells in rows:
        head.append((number, cells))
        if _filled(cells):
            filled += 1
        if (until is None and filled >= count) or (until is not None and number >= until):
            break
        if limit is not None and len(head) >= limit:
            break
    return head, rows


def _unique_headers(cells: list[Any]) -> tuple[str, ...]:
    out: list[str] = []
    for index, cell in enumerate(cells):
        name = show(cell, 200) or f"#{index + 1}"
        base, n = name, 2
        while name in out:
            name, n = f"{base} ({n})", n + 1
        out.append(name)
    return tuple(out)


def _preamble(rows: Iterable[tuple[int, list[Any]]]) -> tuple[list[str], list[str]]:
    """Comment lines (without ``#``) and other text lines of the rows above the header."""
    comments, lines = [], []
    for _number, cells in rows:
        texts = [show(c, 1000) for c in cells if not is_blank(c)]
        if not texts:
            continue
        line = " ".join(texts)
        if _is_comment(cells):
            comments.append(line.lstrip()[1:].strip())
        else:
            lines.append(line[:PREAMBLE_CHARS])
    return comments, lines


def build_table(
    grid: Grid,
    content: ScreeningContent,
    max_rows: int,
    sheet: str | None = None,
    header_row: int | None = None,
) -> RawTable:
    """Find the header in the chosen sheet and read the rows below it into a :class:`RawTable`.

    Args:
        grid: the file's sheets (:func:`~guidance.screening.grid.open_grid`).
        content: the screening content.
        max_rows: data rows to read at most; the rest are counted and reported as one problem.
        sheet: the sheet to read (default: the first with a recognisable header).
        header_row: the row number of the header (default: found by its column names).

    Raises:
        PlanError: an empty sheet, a header row that is blank or beyond the end, too many columns,
            no data rows, or an unknown sheet.
    """
    chosen = choose_sheet(grid, sheet, content)
    rows = chosen.rows()
    scan = _scan_limit(content, max_rows)
    head, rest = _head(rows, content.layout.header_scan_rows, header_row, limit=scan)
    found = True
    if header_row is not None:
        index = next((i for i, (n, c) in enumerate(head) if n == header_row and _filled(c)), None)
        if index is None:
            raise PlanError("plan.err.header_row", row=header_row)
    else:
        index = find_header(head, content)
        if index is None:
            found = False
            index = next((i for i, (_n, c) in enumerate(head) if _filled(c) and not _is_comment(c)), None)
    if index is None:
        raise PlanError("plan.err.empty")
    header_number, header = head[index]
    comments, preamble = _preamble(head[:index])
    header = list(header)
    while header and is_blank(header[-1]):
        header.pop()
    limits = content.limits
    if len(header) > limits.max_columns:
        raise PlanError("plan.err.too_many_columns", count=len(header), max=limits.max_columns)
    headers = _unique_headers(header)
    hidden_columns = chosen.hidden_columns()
    hidden = frozenset(h for i, h in enumerate(headers) if i in hidden_columns)
    body = _Body(headers, max_rows, chosen.merged_lines)
    stopped: int | None = None
    for number, cells in chain(head[index + 1 :], rest):
        if body.seen >= scan:
            stopped = number
            break
        body.add(number, cells)
    declared = chosen.declared_rows()
    if not body.data:
        if stopped is not None:
            raise PlanError("plan.err.no_rows_scanned", seen=body.seen, row=stopped)
        raise PlanError("plan.err.no_rows")
    frame = pd.DataFrame(body.data, columns=list(headers), index=pd.Index(body.index, name="row"), dtype="object")
    problems = [
        make_problems(body.extra_rows, None, "plan.err.extra_cells", body.extra_values, "warning"),
        make_problems(body.repeated, None, "plan.err.repeated_header", [""] * len(body.repeated), "skipped"),
        make_problems(body.single_rows, None, "plan.err.single_cell", body.single_values, "skipped"),
        make_problems(
            list(body.merged),
            None,
            "plan.err.quote_merged",
            [body.merged_values[r] for r in body.merged],
            "error",
            [f"first={first};last={last}" for first, last in body.merged.items()],
        ),
    ]
    counted = body.not_read + len(body.data)
    if body.not_read and stopped is None:
        problems.append(file_problem("plan.err.too_many_rows", rows=counted, max=max_rows, first=body.first_not_read))
    elif body.not_read and stopped is not None:
        values: dict[str, Any] = {"rows": counted, "max": max_rows, "first": body.first_not_read, "stopped": stopped}
        if declared is not None and declared > stopped:
            problems.append(file_problem("plan.err.too_many_rows_declared", declared=declared, **values))
        else:
            problems.append(file_problem("plan.err.too_many_rows_more", **values))
    elif stopped is not None:
        problems.append(file_problem("plan.err.scan_stopped", "warning", rows=body.seen, stopped=stopped))
    return RawTable(
        headers=headers,
        cells=frame,
        kind=grid.kind,
        encoding=grid.encoding,
        separator=grid.separator,
        comments=tuple(comments),
        problems=concat_problems(*problems),
        sheet=chosen.name,
        sheets=grid.names,
        header_row=header_number,
        header_found=found,
        preamble=tuple(preamble),
        hidden=hidden,
        blank_rows=body.blank,
        not_read=body.not_read,
    )


class _Body:
    """The rows below the header, sorted into data rows and rows that are not procurements.

    ``merged`` maps the first line of a CSV record that swallowed lines to its last line (filled by
    the reader while rows are read); such a record is kept as a data row and listed in
    :attr:`merged_values` with its first cell.
    """

    def __init__(self, headers: tuple[str, ...], max_rows: int, swallowed: dict[int, int] | None = None) -> None:
        self.width, self.max_rows = len(headers), max_rows
        self.swallowed = swallowed if swallowed is not None else {}
        self.merged: dict[int, int] = {}
        self.merged_values: dict[int, Any] = {}
        self.seen = 0
        self.header_keys = [header_key(h) for h in headers]
        self.first_key = next((k for k in self.header_keys if k), "")
        self.first_text = next((h.strip().lower() for h, k in zip(headers, self.header_keys, strict=True) if k), "")
        self.data: list[list[Any]] = []
        self.index: list[int] = []
        self.extra_rows: list[int] = []
        self.extra_values: list[Any] = []
        self.repeated: list[int] = []
        self.single_rows: list[int] = []
        self.single_values: list[Any] = []
        self.blank = 0
        self.not_read = 0
        self.first_not_read: int | None = None

    def _repeats_header(self, cells: list[Any]) -> bool:
        keys = [header_key(c) if isinstance(c, str) else "" for c in cells[: self.width]]
        if self.first_key not in keys:
            return False
        same = sum(1 for a, b in zip(keys, self.header_keys, strict=False) if a and a == b)
        return same >= 2 and same == sum(1 for k in keys if k)

    def add(self, number: int, cells: list[Any]) -> None:
        self.seen += 1
        filled, first = 0, None
        for cell in cells:
            if cell.__class__ is str:
                if not cell or cell.isspace():
                    continue
            elif is_blank(cell):
                continue
            filled += 1
            if first is None:
                first = cell
        if not filled:
            self.blank += 1
            return
        if number in self.swallowed and len(self.data) < self.max_rows:
            self.merged[number] = self.swallowed[number]
            self.merged_values[number] = first
        elif filled == 1:
            self.single_rows.append(number)
            self.single_values.append(first)
            return
        if isinstance(first, str) and first.strip().lower() == self.first_text and self._repeats_header(cells):
            self.repeated.append(number)
            return
        if len(self.data) >= self.max_rows:
            self.not_read += 1
            self.first_not_read = self.first_not_read or number
            return
        if len(cells) > self.width:
            extra = [c for c in cells[self.width :] if not is_blank(c)]
            if extra:
                self.extra_rows.append(number)
                self.extra_values.append(extra[0])
        self.data.append((list(cells) + [None] * self.width)[: self.width])
        self.index.append(number)


# --------------------------------------------------------------------------- totals rows
def _starts_with_totals_word(text: str | None, words: tuple[str, ...]) -> bool:
    if not text:
        return False
    key = header_key(text)
    return any(key == w or key.startswith(w + " ") for w in words)


def totals_rows(
    cells: pd.DataFrame, kind_columns: Iterable[str], name: str | None, value: pd.Series, content: ScreeningContent
) -> pd.Series:
    """Rows of ``cells`` that are totals (or subtotals), not procurements.

    A row whose category, contract type and CPV cells (``kind_columns``, headers in ``cells``) are
    all blank is a totals row when one of its text cells starts with a totals word ("Summa",
    "Totalt", "Total"), or when it is the last row, has no name and its ``value`` equals the sum of
    the values above it (within the content's tolerance).

    Returns:
        A boolean Series on ``cells.index``.
    """
    out = pd.Series(False, index=cells.index)
    kinds = [c for c in kind_columns if c in cells.columns]
    if not kinds or cells.empty:
        return out
    kindless = cells[kinds].map(is_blank).all(axis=1)
    if not kindless.any():
        return out
    words = tuple(header_key(w) for w in content.layout.totals_words)
    candidates = cells[kindless]
    for number, row in zip(candidates.index, candidates.itertuples(index=False), strict=True):
        if any(isinstance(c, str) and _starts_with_totals_word(text_of(c), words) for c in row):
            out[number] = True
    last = cells.index[-1]
    if kindless[last] and not out[last] and (name is None or is_blank(cells.at[last, name])):
        above = value.drop(index=last)
        total, here = float(np.nansum(above.to_numpy(dtype="float64"))), value.get(last)
        if here is not None and not pd.isna(here) and total > 0:
            out[last] = abs(float(here) - total) <= content.layout.totals_tolerance * total
    return out


def first_words(values: Iterator[Any]) -> list[str]:
    """The first text of each row, for the problems list."""
    return [next((show(c) for c in row if isinstance(c, str) and c.strip()), "") for row in values]


__all__ = [
    "build_table",
    "choose_sheet",
    "find_header",
    "first_words",
    "sheet_has_header",
    "totals_rows",
]
