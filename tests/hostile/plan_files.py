"""Hostile plan files, generated on demand (nothing large is committed).

Each function returns the bytes of one file an attacker could upload: small when packed, huge or
tricky when read. The tests in ``test_hostile_plans.py`` and the benchmark ``bench/hostile.py`` read
them through the same function the page uses.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

HEADER = ("Upphandling", "Kategori", "Värde (kr)", "Avtalstid (mån)")
ROW = ("Städning av skolor", "Städ", 3_000_000, 36)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
#: Bytes written to a zip member at a time.
_CHUNK_ROWS = 50_000


def _cell(value: object) -> str:
    if isinstance(value, (int, float)):
        return f"<c><v>{value}</v></c>"
    return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _row(values: tuple[object, ...]) -> str:
    return "<row>" + "".join(_cell(v) for v in values) + "</row>"


def xlsx(
    header: tuple[object, ...],
    row: tuple[object, ...] | None,
    rows: int,
    *,
    blank_rows: int = 0,
    dimension: str | None = None,
) -> bytes:
    """A one-sheet workbook: ``header``, then ``rows`` copies of ``row``, then ``blank_rows`` empty ``<row/>``.

    ``dimension`` is written as the sheet's declared size (``<dimension ref="A1:D1000001"/>``).
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            head = _SHEET_HEAD + (f'<dimension ref="{dimension}"/>' if dimension else "") + "<sheetData>"
            sheet.write((head + _row(header)).encode())
            if row is not None and rows:
                chunk = (_row(row) * min(rows, _CHUNK_ROWS)).encode()
                for start in range(0, rows, _CHUNK_ROWS):
                    n = min(_CHUNK_ROWS, rows - start)
                    sheet.write(chunk if n == _CHUNK_ROWS else (_row(row) * n).encode())
            if blank_rows:
                chunk = b"<row/>" * min(blank_rows, 1_000_000)
                for start in range(0, blank_rows, 1_000_000):
                    n = min(1_000_000, blank_rows - start)
                    sheet.write(chunk if n == 1_000_000 else b"<row/>" * n)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def empty_rows_xlsx(blank_rows: int = 40_000_000) -> bytes:
    """One header and ``blank_rows`` empty ``<row/>`` elements (40 million: about 350 kB packed, 240 MB unpacked)."""
    return xlsx(HEADER, None, 0, blank_rows=blank_rows, dimension=f"A1:D{blank_rows + 1}")


def many_rows_xlsx(rows: int = 1_000_000) -> bytes:
    """One header and ``rows`` real (identical) rows, a few hundred kB packed."""
    return xlsx(HEADER, ROW, rows, dimension=f"A1:D{rows + 1}")


def wide_xlsx(columns: int) -> bytes:
    """A header of ``columns`` headings and one row."""
    header = (*HEADER, *(f"Extra {i}" for i in range(columns - len(HEADER))))
    return xlsx(header, (*ROW, *range(columns - len(ROW))), 1)


def wide_csv(columns: int) -> bytes:
    """A CSV file with ``columns`` headings and one row."""
    header = (*HEADER, *(f"Extra {i}" for i in range(columns - len(HEADER))))
    row = (*ROW, *range(columns - len(ROW)))
    return (";".join(map(str, header)) + "\n" + ";".join(map(str, row)) + "\n").encode()


def identical_rows_csv(rows: int = 20_000) -> bytes:
    """``rows`` identical procurements (each after the first is a duplicate)."""
    line = ";".join(map(str, ROW)) + "\n"
    return (";".join(HEADER) + "\n" + line * rows).encode()


def quote_swallowing_csv(rows: int = 100, stray_at: int = 3) -> bytes:
    """``rows`` procurements where the name on line ``stray_at`` starts with an unmatched ``"``."""
    lines = [";".join(HEADER)]
    for number in range(2, rows + 2):
        name = f"Upphandling {number}"
        if number == stray_at:
            name = '"' + name
        lines.append(f"{name};Städ;{1_000_000 + number};24")
    return ("\n".join(lines) + "\n").encode()


_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
_ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    '<office:body><office:spreadsheet><table:table table:name="Plan">'
)


def _ods_row(values: tuple[object, ...]) -> str:
    cells = []
    for v in values:
        if isinstance(v, (int, float)):
            cells.append(f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p>')
        else:
            cells.append(f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p>')
        cells.append("</table:table-cell>")
    return "<table:table-row>" + "".join(cells) + "</table:table-row>"


def ods(rows: int) -> bytes:
    """An OpenDocument spreadsheet: the header and ``rows`` identical rows, each written out (no repeat)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        with zf.open("content.xml", "w", force_zip64=True) as content:
            content.write((_ODS_HEAD + _ods_row(HEADER)).encode())
            chunk = (_ods_row(ROW) * min(rows, _CHUNK_ROWS)).encode()
            for start in range(0, rows, _CHUNK_ROWS):
                n = min(_CHUNK_ROWS, rows - start)
                content.write(chunk if n == _CHUNK_ROWS else (_ods_row(ROW) * n).encode())
            content.write(b"</table:table></office:spreadsheet></office:body></office:document-content>")
    return out.getvalue()


def ods_rows_within(content_bytes: int) -> int:
    """How many rows :func:`ods` can write while its ``content.xml`` stays within ``content_bytes``."""
    fixed = len((_ODS_HEAD + _ods_row(HEADER)).encode()) + 100
    return max(0, (content_bytes - fixed) // len(_ods_row(ROW).encode()))
