"""Hostile plan files: bounded reading, clear refusals, nothing lost silently (issue 15, part 1 and 2).

Every file is generated here (``plan_files.py``) and read through :func:`read_plan`, the page's own
path. The assertions are on rows read, message keys and texts with their numbers, never on time.
"""

from __future__ import annotations

import io
import zipfile

import plan_files
import pytest

from guidance.core.i18n import t
from guidance.screening.content import load_plan_content
from guidance.screening.reading import PlanError, load_plan, problem_message, read_plan, read_table

LIMITS = load_plan_content().limits
#: Rows looked at below the header before reading stops.
SCAN = LIMITS.max_rows + LIMITS.scan_margin_rows


def _file_problems(problems, key: str) -> list[dict]:
    return [r for r in problems.to_dict("records") if r["problem"] == key]


# --------------------------------------------------------------------------- .xlsx
def test_forty_million_empty_rows_stop_at_the_scan_limit_with_a_message() -> None:
    """One header and 40 million ``<row/>`` (350 kB packed, 240 MB unpacked): refused after the scan limit."""
    data = plan_files.empty_rows_xlsx(40_000_000)
    assert len(data) < 400_000
    with pytest.raises(PlanError) as err:
        read_table(data, "tomma.xlsx")
    assert err.value.key == "plan.err.no_rows_scanned"
    assert err.value.values == {"seen": SCAN, "row": SCAN + 2}
    assert err.value.message("en") == (
        "The 100,000 rows below the header row are empty or not procurements, and reading stopped at row 100002. "
        "Remove the empty rows or save only the plan in a new file."
    )
    assert "De 100\u00a0000 raderna under rubrikraden" in err.value.message("sv")


def test_rows_followed_by_empty_rows_are_read_and_the_stop_is_reported() -> None:
    data = plan_files.xlsx(plan_files.HEADER, plan_files.ROW, 3, blank_rows=SCAN)
    raw = read_table(data, "plan.xlsx")
    assert len(raw.cells) == 3
    (note,) = _file_problems(raw.problems, "plan.err.scan_stopped")
    assert note["severity"] == "warning"
    assert problem_message(note, "en") == (
        "Reading stopped at row 100002 after 100,000 rows below the header row, most of them empty. "
        "Anything further down the file has not been read."
    )


@pytest.mark.slow
def test_a_million_rows_in_half_a_megabyte_stop_at_the_row_limit() -> None:
    """1 million real rows in a 570 kB .xlsx: the first 20 000 are read, counting stops at the scan limit."""
    data = plan_files.many_rows_xlsx(1_000_000)
    assert len(data) < 1_000_000
    raw = read_table(data, "miljon.xlsx")
    assert len(raw.cells) == LIMITS.max_rows
    assert raw.cells.index[-1] == LIMITS.max_rows + 1
    assert raw.not_read == SCAN - LIMITS.max_rows
    (note,) = _file_problems(raw.problems, "plan.err.too_many_rows_declared")
    assert problem_message(note, "en") == (
        "The file has more than 100,000 rows (the sheet says it has 1,000,001), but at most 20,000 are screened "
        "here. The first 20,000 rows were read. The rows from row 20002 of the file have not been read, and "
        "reading stopped at row 100002. Split the plan or use the command line."
    )
    assert "fler än 100\u00a0000 rader (bladet uppger 1\u00a0000\u00a0001 rader)" in problem_message(note, "sv")


def test_a_csv_just_over_the_limit_is_counted_to_its_end() -> None:
    """Below the scan limit the rows over the row limit are counted exactly, as before."""
    body = "".join(f"Upphandling {i};Städ;{1_000_000 + i};24\n" for i in range(LIMITS.max_rows + 5))
    raw = read_table(("Upphandling;Kategori;Värde;Avtalstid\n" + body).encode(), "p.csv")
    (note,) = _file_problems(raw.problems, "plan.err.too_many_rows")
    assert problem_message(note, "en").startswith("The file has 20,005 rows, but at most 20,000 are screened here.")
    assert raw.not_read == 5


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_more_than_two_hundred_columns_give_a_message_in_both_languages(kind: str) -> None:
    data = plan_files.wide_xlsx(250) if kind == "xlsx" else plan_files.wide_csv(250)
    with pytest.raises(PlanError) as err:
        read_table(data, f"bred.{kind}")
    assert err.value.key == "plan.err.too_many_columns"
    assert err.value.message("en") == (
        "The header row has 250 columns. At most 200 can be read. Remove the columns that are not part of the plan."
    )
    assert err.value.message("sv").startswith("Rubrikraden har 250 kolumner. Högst 200 går att läsa.")


def test_a_workbook_too_large_when_unpacked_is_refused_with_both_sizes() -> None:
    data = plan_files.many_rows_xlsx(2_500_000)
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert len(data) < LIMITS.max_bytes < LIMITS.max_unpacked_bytes < unpacked
    with pytest.raises(PlanError) as err:
        read_table(data, "stor.xlsx")
    assert err.value.key == "plan.err.too_large_unpacked"
    mb = -(-unpacked * 10 // 1_000_000) / 10
    assert err.value.message("en").startswith(f"The file is {mb:.1f} MB when unpacked. It may be at most 300.0 MB")
    assert f"{mb:.1f}".replace(".", ",") in err.value.message("sv")


# --------------------------------------------------------------------------- .ods
def test_an_ods_whose_content_is_too_large_is_refused_before_it_is_parsed() -> None:
    data = plan_files.ods(150_000)
    content = zipfile.ZipFile(io.BytesIO(data)).getinfo("content.xml").file_size
    assert content > LIMITS.max_ods_content_bytes
    with pytest.raises(PlanError) as err:
        read_table(data, "plan.ods")
    assert err.value.key == "plan.err.ods_too_large"
    mb = -(-content * 10 // 1_000_000) / 10
    assert err.value.message("en") == (
        f"The table content of the OpenDocument file is {mb:.1f} MB unpacked. It may be at most 30.0 MB. "
        "Save the plan as .xlsx or CSV, or only the plan in a new file."
    )


def test_an_ods_within_the_limit_is_read() -> None:
    raw = read_table(plan_files.ods(2_000), "plan.ods")
    assert len(raw.cells) == 2_000


# --------------------------------------------------------------------------- CSV
def test_twenty_thousand_identical_rows_are_duplicates_of_the_first() -> None:
    checked, raw = load_plan(plan_files.identical_rows_csv(20_000), "lika.csv")
    assert len(raw.cells) == 20_000
    assert list(checked.plan.index) == [2]
    assert len(checked.bad_rows) == 19_999
    dups = checked.problems[checked.problems["problem"] == "plan.err.duplicate"]
    assert len(dups) == 19_999 and set(dups["detail"]) == {"first=2"}
    assert problem_message(dups.iloc[-1], "en") == "The row is identical to row 2 and is counted only once."


def test_a_stray_quote_that_swallows_97_rows_is_a_row_to_fix_naming_the_rows() -> None:
    """One ``"`` at the start of a name on line 3 swallows lines 3-101 into one cell."""
    reading = read_plan(plan_files.quote_swallowing_csv(100, 3), "citat.csv")
    checked = reading.checked
    assert list(reading.raw.cells.index) == [2, 3]
    assert 3 in checked.bad_rows and list(checked.plan.index) == [2]
    (merged,) = _file_problems(checked.problems, "plan.err.quote_merged")
    assert merged["row"] == 3 and merged["severity"] == "error"
    assert merged["value"].startswith("Upphandling 3;Städ;1000003;24")
    assert problem_message(merged, "en") == (
        "A quotation mark in row 3 is never closed, so rows 3–101 of the file may have been read as one cell. "
        "Correct the quotation marks on that row and read the file again."
    )
    assert "raderna 3–101" in problem_message(merged, "sv")


def test_a_quoted_cell_with_a_line_break_is_not_reported() -> None:
    text = 'Upphandling;Kategori;Värde;Avtalstid\n"Städ\nskolor";Städ;3000000;24\nB;Städ;4000000;24\n'
    reading = read_plan(text.encode(), "p.csv")
    assert not _file_problems(reading.checked.problems, "plan.err.quote_merged")
    assert list(reading.checked.plan.index) == [2, 4]


def test_quote_merge_messages_exist_in_both_languages() -> None:
    for key in (
        "plan.err.quote_merged",
        "plan.err.scan_stopped",
        "plan.err.no_rows_scanned",
        "plan.err.too_many_rows_more",
        "plan.err.too_many_rows_declared",
        "plan.err.ods_too_large",
        "plan.editor.bad_state",
        "plan.editor.too_many_rows",
        "plan.cli.not_written",
        "plan.cli.unreadable",
    ):
        assert t(key, "sv") != key and t(key, "en") != key and t(key, "sv") != t(key, "en")
