"""The cells of a plan file, sheet by sheet, before any header is known.

:func:`open_grid` turns the bytes of a CSV, Excel (``.xlsx``) or OpenDocument (``.ods``) file into a
:class:`Grid`: the names of its visible sheets and, for each, its rows as ``(row number, cells)``.
Row numbers are the ones the user sees: the line in a CSV file, the row in a sheet.

* CSV: UTF-8 (BOM optional), UTF-16 with BOM or Windows-1252; the separator (``;``, tab or ``,``)
  is the one that splits the first lines most consistently, so a title line with a comma above a
  semicolon table does not mislead it. A record that runs over several lines with the separator
  inside a quoted cell (a quotation mark that is never closed swallows the lines below it) is
  noted in :attr:`Sheet.merged_lines`, so the reader can report the lines it swallowed.
* ``.xlsx``: read with openpyxl in read-only mode (values, not formulas), streamed row by row.
  Cells merged over several rows (a category written once for a group of rows) are filled down;
  hidden columns are reported. A number shown as a percentage (0.1 as 10 %) becomes ``"10 %"``.
  The sheet's declared size (``<dimension ref="A1:D40000001"/>``) is kept for messages only.
* ``.ods``: read with odfpy, with the same filling of merged cells and hidden columns. odfpy builds
  the whole document in memory, so the unpacked ``content.xml`` is checked against its own limit
  first.

Before a workbook is opened, the unpacked size of all its parts is checked against the content's
limit (with both sizes in the message). Rows are produced lazily, one at a time, so a later step
can stop early: nothing is read past the rows the reader asks for. Problems with the whole file
raise :class:`~guidance.screening.raw.PlanError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from itertools import islice
from pathlib import Path
from typing import Any

from guidance.screening.content import Limits
from guidance.screening.raw import PlanError, megabytes

#: File extensions and the kind of file they are read as.
EXTENSIONS: dict[str, str] = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".ods": "ods"}
SEPARATORS: tuple[str, ...] = (";", "\t", ",")
#: Lines looked at to find a CSV file's separator.
SNIFF_LINES = 40
#: The part of an OpenDocument spreadsheet that holds its tables.
ODS_CONTENT = "content.xml"
#: Bytes read at a time when scanning a sheet's XML for merged cells and hidden columns.
_CHUNK = 1 << 20
_ZIP_MAGIC = b"PK\x03\x04"
#: Empty cells kept of one repeated run in an OpenDocument row (the rest of a row is one long run).
_EMPTY_RUN = 256
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')

Rows = Iterator[tuple[int, list[Any]]]


def _no_hidden() -> frozenset[int]:
    return frozenset()


def _no_size() -> int | None:
    return None


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, a way to read its rows, and a way to learn its hidden columns (0-based).

    Both are functions, so a workbook's sheets cost nothing until one of them is read.

    Attributes:
        declared_rows: the last row of the sheet's declared size (``.xlsx``; None when not given).
            Writers get it wrong, so it is only ever quoted in a message, never trusted.
        merged_lines: CSV only: first line -> last line of each record that ran over several lines
            with the separator inside a quoted cell; filled while :attr:`rows` is read.
    """

    name: str | None
    rows: Callable[[], Rows]
    hidden_columns: Callable[[], frozenset[int]] = _no_hidden
    declared_rows: Callable[[], int | None] = _no_size
    merged_lines: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Grid:
    """A file's sheets (one unnamed sheet for CSV) and how its text was decoded."""

    kind: str
    sheets: tuple[Sheet, ...]
    encoding: str | None = None
    separator: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The names of the sheets (empty for CSV)."""
        return tuple(s.name for s in self.sheets if s.name is not None)


def file_kind(filename: str) -> str:
    """``csv``, ``xlsx`` or ``ods`` from the file name.

    Raises:
        PlanError: ``plan.err.wrong_type`` for any other extension.
    """
    ext = Path(filename or "").suffix.lower()
    if ext not in EXTENSIONS:
        raise PlanError("plan.err.wrong_type", ext=ext or "–")
    return EXTENSIONS[ext]


def open_grid(data: bytes, kind: str, limits: Limits) -> Grid:
    """The sheets of a file of ``kind`` (see :func:`file_kind`), within ``limits``.

    Raises:
        PlanError: for a file that cannot be read as ``kind``, or a workbook that is too large when
            unpacked (``plan.err.too_large_unpacked``, ``plan.err.ods_too_large``).
    """
    if kind == "csv":
        return _csv_grid(data)
    _check_zip(data, kind, limits)
    if kind == "xlsx":
        return _xlsx_grid(data, limits.max_sheets)
    return _ods_grid(data, limits.max_sheets)


# --------------------------------------------------------------------------- CSV
def decode(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-16 with BOM, then UTF-8 (BOM optional), then Windows-1252.

    Raises:
        PlanError: ``plan.err.encoding`` when none fits.
    """
    if data[:2] in _UTF16_BOMS:
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


def _outside_quotes(line: str) -> str:
    outside, quoted = [], False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(ch)
    return "".join(outside)


def sniff_separator(line: str) -> str:
    """The separator of one CSV line: the most frequent of ``;``, tab and ``,`` outside quotes.

    Ties go to ``;`` (the Swedish convention), then tab.
    """
    text = _outside_quotes(line)
    counts = {sep: text.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] else ";"


def sniff_lines(lines: list[str]) -> str:
    """The separator of a CSV file from its first lines (comments and blank lines left out).

    The separator that gives the same number of cells (two or more) on most lines wins, then the
    one giving more cells; a single line falls back to :func:`sniff_separator`.
    """
    texts = [_outside_quotes(ln) for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if len(texts) < 2:
        return sniff_separator(texts[0] if texts else "")
    best, best_score = ";", (0, 0)
    for sep in SEPARATORS:
        counts = [t.count(sep) for t in texts]
        modal = max(set(counts), key=lambda c: (counts.count(c), c))
        score = (counts.count(modal), modal) if modal else (0, 0)
        if score > best_score:
            best, best_score = sep, score
    return best


def _csv_grid(data: bytes) -> Grid:
    if data[:4] == _ZIP_MAGIC or (b"\x00" in data[:4096] and data[:2] not in _UTF16_BOMS):
        raise PlanError("plan.err.binary")
    text, encoding = decode(data)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise PlanError("plan.err.empty")
    head = list(islice(io.StringIO(text, newline=""), SNIFF_LINES))
    sep = sniff_lines(head)
    merged: dict[int, int] = {}

    def rows() -> Rows:
        merged.clear()
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        end = 0
        try:
            for row in reader:
                start, end = end + 1, reader.line_num
                if end > start and swallows_lines(row, sep):
                    merged[start] = end
                yield start, row
        except csv.Error:
            raise PlanError("plan.err.csv_format") from None

    return Grid("csv", (Sheet(None, rows, merged_lines=merged),), encoding=encoding, separator=sep)


def swallows_lines(cells: list[str], separator: str) -> bool:
    """Whether a record read over several lines looks like lines swallowed by an unmatched quote.

    A cell may hold a line break (Excel quotes it); a cell holding a line break and the separator
    as well is most likely the rest of the file after a quotation mark that is never closed.
    """
    return any(("\n" in c or "\r" in c) and separator in c for c in cells)


# --------------------------------------------------------------------------- workbooks
def _check_zip(data: bytes, kind: str, limits: Limits) -> None:
    """Check a workbook's unpacked sizes before anything is unpacked.

    The sizes are the ones the archive declares; Python's zip reader never unpacks more than that.
    """
    bad = "plan.err.bad_xlsx" if kind == "xlsx" else "plan.err.bad_ods"
    if data[:4] != _ZIP_MAGIC:
        raise PlanError(bad)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PlanError(bad) from None
    total = sum(i.file_size for i in infos)
    if total > limits.max_unpacked_bytes:
        raise PlanError(
            "plan.err.too_large_unpacked",
            mb=megabytes(total, up=True),
            max=megabytes(limits.max_unpacked_bytes, up=False),
        )
    content = sum(i.file_size for i in infos if i.filename == ODS_CONTENT)
    if kind == "ods" and content > limits.max_ods_content_bytes:
        raise PlanError(
            "plan.err.ods_too_large",
            mb=megabytes(content, up=True),
            max=megabytes(limits.max_ods_content_bytes, up=False),
        )


def column_number(letters: bytes | str) -> int:
    """The 1-based number of a column from its letters (``A`` = 1, ``AA`` = 27)."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    number = 0
    for ch in text.upper():
        number = number * 26 + ord(ch) - 64
    return number


@dataclass(frozen=True)
class _Merge:
    """A range merged over several rows: the value of its top-left cell fills the rows below."""

    column: int  # 0-based
    first: int
    last: int


def fill_merged(rows: Rows, merges: list[_Merge]) -> Rows:
    """Fill the cells of ranges merged over several rows with the value of their first row."""
    if not merges:
        yield from rows
        return
    starts: dict[int, list[_Merge]] = {}
    for m in merges:
        starts.setdefault(m.first, []).append(m)
    active: dict[int, tuple[Any, int]] = {}
    for number, cells in rows:
        for m in starts.get(number, ()):
            if m.column < len(cells):
                active[m.column] = (cells[m.column], m.last)
        for col, (value, last) in list(active.items()):
            if number > last:
                del active[col]
                continue
            while len(cells) <= col:
                cells.append(None)
            if cells[col] is None or cells[col] == "":
                cells[col] = value
        yield number, cells


def _sheet_xml_facts(archive: zipfile.ZipFile, path: str) -> tuple[list[_Merge], frozenset[int]]:
    """The ranges merged over several rows and the hidden columns of one sheet's XML, read in chunks."""
    merges: list[_Merge] = []
    hidden: set[int] = set()
    tail = b""
    first = True
    with archive.open(path) as src:
        while chunk := src.read(_CHUNK):
            text = tail + chunk
            if first:
                end = text.find(b"sheetData")
                for attrs in _COL.findall(text[: end if end >= 0 else len(text)]):
                    found = dict(_ATTR.findall(attrs))
                    if found.get(b"hidden") in (b"1", b"true"):
                        lo, hi = int(found.get(b"min", b"0")), int(found.get(b"max", b"0"))
                        hidden.update(range(lo - 1, min(hi, lo + 1000)))
                first = False
            cut = max(text.rfind(b"<"), len(text) - 200, 0)
            for c1, r1, _c2, r2 in _MERGE.findall(text[:cut]):
                if int(r2) > int(r1):
                    merges.append(_Merge(column_number(c1) - 1, int(r1), int(r2)))
            tail = text[cut:]
        for c1, r1, _c2, r2 in _MERGE.findall(tail):
            if int(r2) > int(r1):
                merges.append(_Merge(column_number(c1) - 1, int(r1), int(r2)))
    return merges, frozenset(hidden)


def _xlsx_value(cell: Any) -> Any:
    """A cell's value; a number shown as a percentage in Excel (0.1 as 10 %) becomes ``"10 %"``."""
    value = getattr(cell, "value", None)
    fmt = str(getattr(cell, "number_format", "") or "")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in fmt:
        return f"{value * 100:.10g} %"
    return value


def _xlsx_grid(data: bytes, max_sheets: int) -> Grid:
    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise PlanError("plan.err.bad_xlsx") from None
    visible = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"][:max_sheets]
    archive: zipfile.ZipFile = getattr(wb, "_archive")  # noqa: B009 - the read-only workbook's open zip (not public API)

    def sheet(ws: Any) -> Sheet:
        path = str(getattr(ws, "_worksheet_path", ""))

        @cache
        def facts() -> tuple[list[_Merge], frozenset[int]]:
            try:
                return _sheet_xml_facts(archive, path) if path else ([], frozenset())
            except (KeyError, zipfile.BadZipFile, OSError):
                return [], frozenset()

        @cache
        def declared() -> int | None:
            try:
                size = ws.max_row
            except Exception:  # a broken dimension is no reason to refuse the sheet
                return None
            return int(size) if isinstance(size, int) else None

        def rows() -> Rows:
            merges = facts()[0]
            declared()
            try:
                ws.reset_dimensions()  # some writers store a wrong size; read every row and cell there is
                numbered = (
                    (number, [_xlsx_value(c) for c in row]) for number, row in enumerate(ws.iter_rows(), start=1)
                )
                yield from fill_merged(numbered, merges)
            except PlanError:
                raise
            except Exception:
                raise PlanError("plan.err.bad_xlsx") from None

        return Sheet(str(ws.title), rows, lambda: facts()[1], declared)

    try:
        sheets = tuple(sheet(ws) for ws in visible)
    except Exception:
        raise PlanError("plan.err.bad_xlsx") from None
    if not sheets:
        raise PlanError("plan.err.empty")
    return Grid("xlsx", sheets)


# --------------------------------------------------------------------------- OpenDocument
def _ods_grid(data: bytes, max_sheets: int) -> Grid:
    try:
        from odf.opendocument import load  # type: ignore[import-untyped]  # odfpy ships no type hints
        from odf.table import Table  # type: ignore[import-untyped]  # odfpy ships no type hints

        doc = load(io.BytesIO(data))
        tables = list(doc.spreadsheet.getElementsByType(Table))
    except Exception:  # odfpy raises many kinds for a broken file
        raise PlanError("plan.err.bad_ods") from None
    sheets = []
    for table in tables:
        if _attr(table, "display") == "false":
            continue
        sheets.append(Sheet(str(_attr(table, "name") or ""), _ods_reader(table), partial(_ods_hidden_columns, table)))
        if len(sheets) >= max_sheets:
            break
    if not sheets:
        raise PlanError("plan.err.empty")
    return Grid("ods", tuple(sheets))


def _attr(node: Any, name: str) -> str | None:
    """An attribute of an OpenDocument element by its local name (any namespace)."""
    for (_ns, local), value in getattr(node, "attributes", {}).items():
        if local == name:
            return str(value)
    return None


def _repeat(node: Any, name: str, limit: int) -> int:
    try:
        return max(1, min(int(_attr(node, name) or 1), limit))
    except ValueError:
        return 1


def _ods_hidden_columns(table: Any) -> frozenset[int]:
    hidden: set[int] = set()
    index = 0
    for node in _children(table, {"table-column", "table-columns", "table-header-columns", "table-column-group"}):
        columns = [node] if node.qname[1] == "table-column" else list(_children(node, {"table-column"}))
        for col in columns:
            n = _repeat(col, "number-columns-repeated", 1024)
            if _attr(col, "visibility") in ("collapse", "filter"):
                hidden.update(range(index, index + n))
            index += n
    return frozenset(hidden)


def _children(node: Any, names: set[str]) -> Iterator[Any]:
    for child in getattr(node, "childNodes", ()):
        if getattr(child, "qname", (None, None))[1] in names:
            yield child


def _ods_value(cell: Any) -> Any:
    """A cell's value: numbers as numbers, dates as dates, percentages as ``"10 %"``, the rest as text."""
    kind = _attr(cell, "value-type")
    if kind in ("float", "currency"):
        text = _attr(cell, "value") or ""
        try:
            number = float(text)
        except ValueError:
            return _ods_text(cell)
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if kind == "percentage":
        return f"{float(_attr(cell, 'value') or 0) * 100:.10g} %"
    if kind == "boolean":
        return (_attr(cell, "boolean-value") or "").lower() == "true"
    if kind == "date":
        text = _attr(cell, "date-value") or ""
        try:
            return dt.datetime.fromisoformat(text[:19])
        except ValueError:
            return _ods_text(cell)
    return _ods_text(cell) or None


def _ods_text(cell: Any) -> str:
    lines = []
    for p in _children(cell, {"p"}):
        lines.append("".join(_text_of(p)))
    return "\n".join(lines)


def _text_of(node: Any) -> Iterator[str]:
    for child in getattr(node, "childNodes", ()):
        if child.nodeType == child.TEXT_NODE:
            yield str(child.data)
        elif getattr(child, "qname", (None, None))[1] == "s":
            yield " " * _repeat(child, "c", 1000)
        elif getattr(child, "qname", (None, None))[1] == "tab":
            yield "\t"
        else:
            yield from _text_of(child)


def _row_nodes(table: Any) -> Iterator[Any]:
    for node in getattr(table, "childNodes", ()):
        name = getattr(node, "qname", (None, None))[1]
        if name == "table-row":
            yield node
        elif name in ("table-rows", "table-header-rows", "table-row-group"):
            yield from _row_nodes(node)


def _ods_reader(table: Any) -> Callable[[], Rows]:
    """A function giving the rows of an OpenDocument table (see :func:`_ods_filled`)."""
    return lambda: _ods_filled(table)


def _ods_filled(table: Any) -> Rows:
    """The rows of an OpenDocument table, repeated rows and cells expanded, merged cells filled down.

    Runs of repeated empty rows or cells (OpenDocument writes the rest of a sheet that way) are
    collapsed instead of expanded.
    """
    number = 0
    active: dict[int, tuple[Any, int]] = {}
    for group in _row_nodes(table):
        repeat = _repeat(group, "number-rows-repeated", 1 << 20)
        cells: list[Any] = []
        spans: list[tuple[int, Any, int]] = []
        for cell in _children(group, {"table-cell", "covered-table-cell"}):
            n = _repeat(cell, "number-columns-repeated", 1 << 14)
            value = None if cell.qname[1] == "covered-table-cell" else _ods_value(cell)
            if value is None and n > 1:
                cells.extend([None] * min(n, _EMPTY_RUN))  # the rest of a row is written as one long run
                continue
            span = _repeat(cell, "number-rows-spanned", 1 << 20)
            if span > 1 and value is not None:
                spans.append((len(cells), value, span))
            cells.extend([value] * n)
        if repeat > 1 and all(c is None for c in cells) and not active:
            number += repeat
            continue
        for _ in range(repeat):
            number += 1
            out = list(cells)
            while out and out[-1] is None:
                out.pop()
            for col, (value, last) in list(active.items()):
                if number > last:
                    del active[col]
                    continue
                while len(out) <= col:
                    out.append(None)
                if out[col] is None:
                    out[col] = value
            for col, value, span in spans:
                active[col] = (value, number + span - 1)
            spans = []
            yield number, out


__all__ = [
    "EXTENSIONS",
    "Grid",
    "Sheet",
    "column_number",
    "decode",
    "file_kind",
    "fill_merged",
    "open_grid",
    "sniff_lines",
    "sniff_separator",
    "swallows_lines",
]
