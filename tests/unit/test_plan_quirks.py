"""Plans written the way people write them: title rows, unit headings, their own category words, CPV codes,
totals rows, hidden columns, merged cells, several sheets, OpenDocument, Windows-1252 with decimal commas.

Every plan here is generated at run time (small). Each must be read right the first time: the header
row found, the units converted (content/screening/columns.yaml), the categories resolved or listed
(categories.yaml, cpv.yaml), and every row either screened or listed with its reason.

The generators are imported by the page, command-line and browser tests as ``tests.unit.test_plan_quirks``.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from guidance.core.i18n import t
from guidance.screening.categories import cpv_from_cell, cpv_from_name, resolve_category
from guidance.screening.content import load_plan_content
from guidance.screening.plan_input import (
    ReadOptions,
    category_map_from_link,
    category_map_to_link,
    clean_category_map,
)
from guidance.screening.preview import plan_preview, reading_lines, row_counts
from guidance.screening.reading import PlanError, PlanReading, problem_message, read_plan, read_table
from guidance.screening.units import heading_unit, says_per_year
from tests.content_copy import edit_yaml

CONTENT = load_plan_content()
MSEK = 1_000_000
TITLE = "Upphandlingsplan 2027, Exempelby kommun"


# --------------------------------------------------------------------------- the plans
def cp1252_csv() -> bytes:
    """Windows-1252, semicolons, decimal commas; a title, a note and a blank row; units in the headings."""
    lines = [
        f"{TITLE};;;;;",
        "Beloppen i tusen kronor exkl. moms;;;;;",
        ";;;;;",
        "Upphandling;Kategori;Kontraktstyp;Beräknat värde (tkr);Avtalstid (år);Årsarbetskrafter",
        "Lokalvård skolor Söder;Städ;Tjänst;24 500;4;12,5",
        "Beläggning gator;Vägunderhåll;Byggentreprenad;12 000,5;2+1+1;",
        "Ombyggnad förskola Ängsvik;Skolrenovering;;120 000;2,5;25",
        "Fönsterputs;Fastighet;;950;1,5;",
        "Summa;;;157 450,5;;",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


CP1252_EXPECTED = {
    5: ("cleaning", "services", 24_500_000.0, 48.0),
    6: ("works_other", "works", 12_000_500.0, 48.0),
    7: ("construction", None, 120_000_000.0, 30.0),
    8: ("cleaning", None, 950_000.0, 18.0),
}


def english_csv() -> bytes:
    """Comma-separated with English headings, a quoted title with a comma, SEK thousand and years."""
    lines = [
        '"Procurement plan 2027, Example municipality",,,,',
        ",,,,",
        "Procurement,Category,Contract type,Estimated value (SEK thousand),Term (years)",
        'School cleaning,Cleaning,Services,"24,500",4',
        "Road maintenance,Road upkeep,Works,12000.5,3",
        "Care home,Elderly care,,80000,5",
        "Total,,,116500.5,",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def quirky_workbook() -> bytes:
    """A workbook as people keep it: instructions first, then the plan below a merged title.

    The plan sheet has notes and a blank row above the headings, a hidden column, a category merged
    over two rows, a section heading, the headings repeated, a totals row and CPV codes.
    """
    wb = Workbook()
    info = wb.active
    info.title = "Instruktioner"
    info.append(["Fyll i planen på nästa blad."])
    info.append(["Belopp i tusen kronor."])
    ws = wb.create_sheet("Plan 2027")
    ws.append([TITLE])
    ws.merge_cells("A1:G1")
    ws.append(["Senast ändrad 2026-11-30", None, "Ansvarig: upphandlingsenheten"])
    ws.append([])
    ws.append(
        ["Nr", "Upphandling", "Kategori", "Kontraktstyp", "Uppskattat värde (mnkr)", "Avtalstid (mån)", "CPV-kod"]
    )
    ws.column_dimensions["A"].hidden = True
    ws.append([1, "Städning skolor", "Städ", "Tjänst", 24.5, 48, None])  # row 5
    ws.append([2, "Städning förskolor", None, "Tjänst", 12, 36, None])  # row 6: Städ merged from row 5
    ws.merge_cells("C5:C6")
    ws.append(["Tekniska förvaltningen"])  # row 7: a section heading
    ws.append([3, "Avfallshämtning", "Miljö", None, 30, 60, "90511000-2"])  # row 8
    ws.append(
        ["Nr", "Upphandling", "Kategori", "Kontraktstyp", "Uppskattat värde (mnkr)", "Avtalstid (mån)", "CPV-kod"]
    )
    ws.append([4, "Nytt gruppboende 85311000-2", None, None, 60, 24, None])  # row 10: CPV in the name
    ws.append([5, "Vägunderhåll", "Gator och vägar", "Byggentreprenad", 18, 24, None])  # row 11
    ws.append([None, "Totalt", None, None, 144.5, None, None])  # row 12
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


WORKBOOK_EXPECTED = {
    5: ("cleaning", 24_500_000.0, 48.0),
    6: ("cleaning", 12_000_000.0, 36.0),
    8: ("waste", 30_000_000.0, 60.0),
    10: ("care_services", 60_000_000.0, 24.0),
    11: ("works_other", 18_000_000.0, 24.0),
}


def ods_plan() -> bytes:
    """An OpenDocument spreadsheet: a title, a hidden column, a merged category, a percentage, a totals row."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Upphandlingsplan")
    table.addElement(TableColumn(visibility="collapse"))
    table.addElement(TableColumn(numbercolumnsrepeated=6))

    def cell(value: object, **attrs: object) -> TableCell:
        if value is None:
            return TableCell(**attrs)
        if isinstance(value, float) and attrs.pop("percent", False):
            c = TableCell(valuetype="percentage", value=value, **attrs)
        elif isinstance(value, (int, float)):
            c = TableCell(valuetype="float", value=value, **attrs)
        else:
            c = TableCell(valuetype="string", **attrs)
        c.addElement(P(text=str(value)))
        return c

    def row(*cells: TableCell) -> None:
        r = TableRow()
        for c in cells:
            r.addElement(c)
        table.addElement(r)

    row(cell(None), cell("Plan för 2027"))
    row(
        cell("Id"),
        cell("Upphandling"),
        cell("Kategori"),
        cell("Värde (tkr)"),
        cell("Avtalstid (veckor)"),
        cell("Personalkostnadsandel"),
    )
    row(
        cell(7),
        cell("Hemtjänst Norr"),
        cell("Hemtjänst", numberrowsspanned=2),
        cell(96000),
        cell(208),
        cell(0.8, percent=True),
    )
    row(cell(8), cell("Hemtjänst Söder"), CoveredTableCell(), cell(48000), cell(104), cell(None))
    row(cell(9), cell("Skolskjuts"), cell("Transporter"), cell(10870), cell(130), cell(None))
    row(cell(None), cell("Summa"), cell(None), cell(154870), cell(None), cell(None))
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def read(data: bytes, name: str, **options: object) -> PlanReading:
    return read_plan(data, name, content=CONTENT, options=ReadOptions(**options))


def accounted(reading: PlanReading) -> None:
    """Every row below the header is screened, to fix or listed as not a procurement: nothing dropped."""
    counts = row_counts(reading.raw, reading.checked)
    assert counts.read == counts.screened + counts.to_fix + counts.not_procurements
    listed = set(pd.to_numeric(reading.checked.problems["row"]).dropna().astype(int))
    rows = set(reading.raw.cells.index) | listed
    for number in rows:
        assert number in reading.checked.plan.index or number in listed, number


# --------------------------------------------------------------------------- Windows-1252 with units
def test_a_cp1252_plan_with_a_title_and_unit_headings_is_read_in_kronor_and_months() -> None:
    """columns.yaml: "(tkr)" is 1 000 kr and "(år)" 12 months; "2+1+1" is the term with its options."""
    reading = read(cp1252_csv(), "plan.csv")
    raw, plan = reading.raw, reading.checked.plan
    assert (raw.header_row, raw.header_found, raw.separator, raw.encoding) == (4, True, ";", "cp1252")
    assert raw.preamble == (TITLE, "Beloppen i tusen kronor exkl. moms")
    assert reading.parsed.units["value_sek"].unit == "tkr" and reading.parsed.units["value_sek"].source == "heading"
    assert reading.parsed.units["duration_months"].unit == "years"
    for row, (category, kind, value, months) in CP1252_EXPECTED.items():
        assert plan.at[row, "category"] == category, row
        assert (None if pd.isna(plan.at[row, "contract_type"]) else plan.at[row, "contract_type"]) == kind, row
        assert plan.at[row, "value_sek"] == value, row
        assert plan.at[row, "duration_months"] == months, row
    assert plan.at[5, "fte"] == 12.5
    problems = reading.checked.problems
    totals = problems[problems["problem"] == "plan.err.totals_row"]
    assert list(totals["row"]) == [9] and list(totals["severity"]) == ["skipped"]
    assert not reading.parsed.unit_warnings
    accounted(reading)


def test_an_unknown_category_falls_back_to_the_contract_type_with_a_note_per_row() -> None:
    """categories.yaml contract_types: "Vägunderhåll" + "Byggentreprenad" -> Other works, noted on the row."""
    reading = read(cp1252_csv(), "plan.csv")
    problems = reading.checked.problems
    note = problems[(problems["row"] == 6) & (problems["column"] == "category")].iloc[0]
    assert (note["problem"], note["severity"], note["value"]) == ("plan.err.category_fallback", "note", "Vägunderhåll")
    sv, en = problem_message(note, "sv"), problem_message(note, "en")
    assert "Övriga byggentreprenader" in sv and "kontraktstypen" in sv
    assert "Other works" in en and "contract type" in en and "Vägunderhåll" not in en
    unknown = {u.key: u for u in reading.parsed.unknown_categories}
    assert set(unknown) == {"vägunderhåll", "fastighet"}
    assert (unknown["vägunderhåll"].fallback, unknown["vägunderhåll"].via) == ("works_other", "type")
    assert (unknown["fastighet"].fallback, unknown["fastighet"].via) == ("cleaning", "name")


def test_the_users_mapping_of_a_category_word_wins_over_every_fallback() -> None:
    mapping, dropped = clean_category_map([("Vägunderhåll", "construction"), ("Fastighet", "property_care")])
    assert not dropped
    reading = read(cp1252_csv(), "plan.csv", category_map=mapping)
    plan = reading.checked.plan
    assert (plan.at[6, "category"], plan.at[8, "category"]) == ("construction", "property_care")
    assert not reading.parsed.unknown_categories
    assert not (reading.checked.problems["problem"] == "plan.err.category_fallback").any()


def test_a_word_without_any_fallback_is_a_row_to_fix_and_listed_for_mapping() -> None:
    text = "Upphandling;Kategori;Värde (kr);Avtalstid (mån)\nKvalitetsarbete;Övrigt internt;3 000 000;24\n"
    reading = read(text.encode(), "p.csv")
    assert reading.checked.bad_rows == (2,)
    assert "plan.err.unknown_category" in set(reading.checked.problems["problem"])
    (unknown,) = reading.parsed.unknown_categories
    assert (unknown.word, unknown.rows, unknown.fallback) == ("Övrigt internt", 1, None)
    fixed = read(text.encode(), "p.csv", category_map={"övrigt internt": "consultancy"})
    assert fixed.checked.plan.at[2, "category"] == "consultancy" and not fixed.checked.bad_rows


def test_english_headings_with_sek_thousand_and_years() -> None:
    reading = read(english_csv(), "plan.csv")
    plan = reading.checked.plan
    assert reading.raw.header_row == 3 and reading.raw.separator == ","
    assert list(plan["value_sek"]) == [24_500_000.0, 12_000_500.0, 80_000_000.0]
    assert list(plan["duration_months"]) == [48.0, 36.0, 60.0]
    assert list(plan["category"]) == ["cleaning", "works_other", "care_services"]
    assert (reading.checked.problems["problem"] == "plan.err.totals_row").sum() == 1
    accounted(reading)


# --------------------------------------------------------------------------- workbooks
def test_the_first_sheet_with_headings_is_read_below_its_title_notes_and_blank_row() -> None:
    reading = read(quirky_workbook(), "plan.xlsx")
    raw = reading.raw
    assert raw.sheets == ("Instruktioner", "Plan 2027") and raw.sheet == "Plan 2027"
    assert raw.header_row == 4 and raw.preamble[0] == TITLE
    assert raw.hidden == frozenset({"Nr"})
    plan = reading.checked.plan
    assert set(plan.index) == set(WORKBOOK_EXPECTED)
    for row, (category, value, months) in WORKBOOK_EXPECTED.items():
        assert (plan.at[row, "category"], plan.at[row, "value_sek"], plan.at[row, "duration_months"]) == (
            category,
            value,
            months,
        ), row
    assert plan.at[8, "contract_type"] == "services"  # from CPV 905 (refuse and waste services)
    reasons = {
        int(r): p for r, p, s in reading.checked.problems[["row", "problem", "severity"]].to_numpy() if s == "skipped"
    }
    assert reasons == {7: "plan.err.single_cell", 9: "plan.err.repeated_header", 12: "plan.err.totals_row"}
    assert not (reading.checked.problems["row"] == 6).any(), "row 6 has the category merged down from row 5"
    assert reading.parsed.category_sources == {"cpv": 1}  # row 10: no category, a CPV code in its name
    accounted(reading)


def test_a_cpv_code_in_the_name_or_the_cpv_column_gives_category_and_type() -> None:
    """cpv.yaml: group 905 -> waste; division 85 -> care services."""
    assert cpv_from_cell("90911200-8") == "90911200" and cpv_from_cell(3000000) == "03000000"
    assert cpv_from_name("Gruppboende 85311000-2", CONTENT) == "85311000"
    assert cpv_from_name("Städtjänster CPV 90911200", CONTENT) == "90911200"
    assert cpv_from_name("Avtal 2027-12345678", CONTENT) is None
    assert CONTENT.cpv.entry("90911200").category == "cleaning"
    assert CONTENT.cpv.entry("45233141").contract_type == "works"
    assert CONTENT.cpv.entry("99999999") is None
    reading = read(quirky_workbook(), "plan.xlsx")
    problems = reading.checked.problems
    guess = problems[(problems["row"] == 8) & (problems["column"] == "category")].iloc[0]
    assert "CPV" in problem_message(guess, "sv")


def test_a_sheet_can_be_chosen_and_an_unknown_sheet_is_named() -> None:
    with pytest.raises(PlanError) as err:
        read_table(quirky_workbook(), "plan.xlsx", sheet="Plan 2028")
    assert err.value.key == "plan.err.no_sheet"
    assert "Plan 2027" in err.value.message("sv") and "Plan 2028" in err.value.message("en")
    with pytest.raises(PlanError) as err:  # two notes, no table: nothing to read
        read_table(quirky_workbook(), "plan.xlsx", sheet="Instruktioner")
    assert err.value.key == "plan.err.no_rows"


def test_the_header_row_can_be_chosen_and_a_blank_one_is_refused() -> None:
    raw = read_table(cp1252_csv(), "plan.csv", header_row=4)
    assert raw.header_row == 4 and raw.headers[0] == "Upphandling"
    with pytest.raises(PlanError) as err:
        read_table(cp1252_csv(), "plan.csv", header_row=3)
    assert err.value.key == "plan.err.header_row" and "3" in err.value.message("sv")


# --------------------------------------------------------------------------- OpenDocument
def test_an_ods_plan_is_read_with_its_merged_cells_hidden_column_and_weeks() -> None:
    """columns.yaml: "(veckor)" is 12/52 months, rounded to whole months with a note; 80 % as a percentage."""
    reading = read(ods_plan(), "plan.ods")
    raw, plan = reading.raw, reading.checked.plan
    assert raw.kind == "ods" and raw.sheet == "Upphandlingsplan" and raw.header_row == 2
    assert raw.hidden == frozenset({"Id"})
    assert list(plan.index) == [3, 4, 5]
    assert list(plan["category"]) == ["care_services", "care_services", "transport"]
    assert list(plan["value_sek"]) == [96_000_000.0, 48_000_000.0, 10_870_000.0]
    assert list(plan["duration_months"]) == [48.0, 24.0, 30.0]
    assert plan.at[3, "labour_share"] == 80.0
    problems = reading.checked.problems
    assert list(problems.loc[problems["problem"] == "plan.err.totals_row", "row"]) == [6]
    assert not (problems["problem"] == "plan.err.rounded").any()  # 208, 104 and 130 weeks are whole months
    assert not (problems["row"] == 4).any(), "row 4 has the category merged down from row 3"
    accounted(reading)


def test_a_term_in_weeks_that_is_not_whole_months_is_rounded_with_a_note() -> None:
    text = "Upphandling;Kategori;Värde (kr);Avtalstid (veckor)\nStäd A;Städ;5 000 000;10\nStäd B;Städ;6 000 000;26\n"
    reading = read(text.encode(), "p.csv")
    assert list(reading.checked.plan["duration_months"]) == [2.0, 6.0]
    note = reading.checked.problems.iloc[0]
    assert (note["row"], note["problem"], note["severity"]) == (2, "plan.err.rounded", "note")
    assert "2" in problem_message(note, "sv")


# --------------------------------------------------------------------------- implausible units
@pytest.mark.parametrize(
    ("header", "cells", "column", "proposed"),
    [
        ("Värde", ["3 500", "24 000", "800", "12 000"], "value_sek", "tkr"),
        ("Värde", ["3,5", "24", "0,8", "12"], "value_sek", "mnkr"),
        ("Avtalstid", ["0,5", "2", "3", "4"], "duration_months", "years"),
    ],
)
def test_a_column_implausible_in_its_unit_warns_and_proposes_the_likely_unit(
    header: str, cells: list[str], column: str, proposed: str
) -> None:
    """columns.yaml unit_check: a median contract under SEK 10 000 or a term of 0.5 "months" is implausible."""
    other = "Avtalstid (mån)" if column == "value_sek" else "Värde (kr)"
    fill = "24" if column == "value_sek" else "5 000 000"
    lines = [f"Upphandling;Kategori;{header};{other}"] + [f"Rad {i};Städ;{c};{fill}" for i, c in enumerate(cells)]
    reading = read("\n".join(lines).encode(), "p.csv")
    (warning,) = reading.parsed.unit_warnings
    assert (warning.column, warning.kind, warning.proposed) == (column, "implausible", proposed)
    fixed = read("\n".join(lines).encode(), "p.csv", units={column: proposed})
    assert not fixed.parsed.unit_warnings
    assert fixed.parsed.units[column].source == "chosen"


def test_a_plausible_plan_gives_no_unit_warning_and_a_cells_own_unit_wins() -> None:
    text = "Upphandling;Kategori;Värde (tkr);Avtalstid\nA;Städ;2 mnkr;2 år\nB;Städ;500;36\nC;Städ;750 000 kr;12 mån\n"
    reading = read(text.encode(), "p.csv")
    assert list(reading.checked.plan["value_sek"]) == [2_000_000.0, 500_000.0, 750_000.0]
    assert list(reading.checked.plan["duration_months"]) == [24.0, 36.0, 12.0]
    assert not reading.parsed.unit_warnings


def test_a_value_heading_per_year_is_flagged() -> None:
    column = CONTENT.column("value_sek")
    assert says_per_year("Årligt värde (tkr)", column) and says_per_year("Värde (tkr/år)", column)
    assert not says_per_year("Uppskattat värde för hela avtalstiden (tkr)", column)
    text = "Upphandling;Kategori;Värde per år (tkr);Avtalstid (år)\nA;Städ;5 000;4\n"
    reading = read(text.encode(), "p.csv")
    assert [w.kind for w in reading.parsed.unit_warnings] == ["per_year"]


@pytest.mark.parametrize(
    ("header", "column", "unit"),
    [
        ("Beräknat värde (tkr)", "value_sek", "tkr"),
        ("Värde, tkr", "value_sek", "tkr"),
        ("Kontraktsvärde i MSEK", "value_sek", "mnkr"),
        ("Belopp (Mkr)", "value_sek", "mnkr"),
        ("Estimated value (SEK '000)", "value_sek", "tkr"),
        ("Value (SEK m)", "value_sek", "mnkr"),
        ("Uppskattat värde (kr)", "value_sek", "kr"),
        ("Avtalstid (år)", "duration_months", "years"),
        ("Avtalstid i månader", "duration_months", "months"),
        ("Löptid, veckor", "duration_months", "weeks"),
        ("Term (years)", "duration_months", "years"),
    ],
)
def test_units_in_headings_are_recognised(header: str, column: str, unit: str) -> None:
    found = heading_unit(header, CONTENT.column(column))
    assert found is not None and found[0].id == unit


def test_a_heading_without_a_unit_word_names_none() -> None:
    assert heading_unit("Uppskattat värde", CONTENT.column("value_sek")) is None
    assert heading_unit("Avtalstid", CONTENT.column("duration_months")) is None
    assert heading_unit("Värde inkl. moms", CONTENT.column("value_sek")) is None


# --------------------------------------------------------------------------- the check before screening
def test_the_preview_lists_header_row_columns_units_samples_and_unknown_words_in_both_languages() -> None:
    reading = read(cp1252_csv(), "plan.csv")
    parsed = reading.parsed
    preview = plan_preview(
        reading.raw,
        reading.mapping,
        parsed.units,
        parsed.unit_warnings,
        parsed.unknown_categories,
        parsed.category_sources,
    )
    by_header = {c.header: c for c in preview.columns}
    assert by_header["Beräknat värde (tkr)"].column == "value_sek"
    assert by_header["Beräknat värde (tkr)"].samples == ("24 500", "12 000,5", "120 000")
    counts = row_counts(reading.raw, reading.checked)
    sv = reading_lines(preview, counts, "sv")
    en = reading_lines(preview, counts, "en")
    assert sv[0].startswith("Kolumnrubrikerna står på rad 4") and "row 4" in en[0]
    assert any("tusen kronor (tkr), enligt rubriken" in line for line in sv)
    assert any("“Vägunderhåll”" in line and "Other works" in line for line in en)
    assert sv[-1] == t("plan.counts", "sv", total="5", screened="4", to_fix="0", skipped="1", not_read="0")


def test_the_category_mapping_survives_a_link_and_drops_what_it_cannot_use() -> None:
    mapping, dropped = clean_category_map([("Vägunderhåll", "construction"), ("Rymdfart", "space")])
    assert mapping == {"vägunderhåll": "construction"} and dropped == ["Rymdfart"]
    link = category_map_to_link(mapping | {"skolbygge": "construction"})
    assert link == "skolbygge=construction,vägunderhåll=construction"
    assert category_map_from_link(link) == ({"skolbygge": "construction", "vägunderhåll": "construction"}, [])
    back, lost = category_map_from_link("a=cleaning,=x,b=nope,,c")
    assert back == {"a": "cleaning"} and len(lost) == 3
    many = ",".join(f"w{i}=cleaning" for i in range(CONTENT.limits.max_category_map + 10))
    assert len(category_map_from_link(many)[0]) == CONTENT.limits.max_category_map


def test_read_options_have_a_stable_digest() -> None:
    a = ReadOptions(units={"value_sek": "tkr"}, category_map={"x": "cleaning"})
    assert a.digest() == ReadOptions(units={"value_sek": "tkr"}, category_map={"x": "cleaning"}).digest()
    assert a.digest() != ReadOptions().digest()


def test_resolve_category_keeps_its_words() -> None:
    assert resolve_category("Skolrenovering") == "construction" and resolve_category("Vägunderhåll") is None


# --------------------------------------------------------------------------- broken content
@pytest.mark.parametrize(
    ("file", "change", "item", "field"),
    [
        ("cpv.yaml", lambda d: d["divisions"][0].update(category="space"), "03", "category"),
        ("cpv.yaml", lambda d: d["groups"].append(dict(d["groups"][0])), "divisions", "code"),
        ("columns.yaml", lambda d: d["columns"][4]["units"].reverse(), "value_sek", "units"),
    ],
)
def test_broken_unit_and_cpv_content_is_named(
    content_copy: Path, file: str, change: object, item: str, field: str
) -> None:
    from guidance.content.loader import ContentError
    from guidance.screening.content import build_plan_content

    edit_yaml(content_copy, f"screening/{file}", change)
    with pytest.raises(ContentError) as err:
        build_plan_content(content_copy)
    assert (err.value.item, err.value.field) == (item, field)
    assert file in err.value.file


def test_every_new_message_exists_in_both_languages() -> None:
    keys = [
        "plan.err.totals_row",
        "plan.err.single_cell",
        "plan.err.repeated_header",
        "plan.err.category_fallback",
        "plan.err.category_guess",
        "plan.err.rounded",
        "plan.err.header_row",
        "plan.err.no_sheet",
        "plan.err.bad_ods",
        "plan.err.unknown_header",
        "plan.severity.skipped",
        "plan.check.unit_implausible",
        "plan.check.per_year",
        "plan.counts",
    ]
    for key in keys:
        sv, en = t(key, "sv"), t(key, "en")
        assert sv != key and en != key and sv != en, key


def test_nan_is_never_a_category() -> None:
    text = "Upphandling;Kategori;Kontraktstyp;Värde (kr);Avtalstid (mån)\nNamnlös;;Tjänst;3 000 000;24\n"
    plan = read(text.encode(), "p.csv").checked.plan
    assert plan.at[2, "category"] == "services_other" and not math.isnan(plan.at[2, "value_sek"])


def test_a_plan_with_very_many_unknown_words_lists_the_first_and_counts_the_rest() -> None:
    """policy.yaml limits.max_category_map words are listed for mapping; the rest are counted."""
    extra = CONTENT.limits.max_category_map + 5
    lines = ["Upphandling;Kategori;Kontraktstyp;Värde (kr);Avtalstid (mån)"]
    lines += [f"Upphandling {i};Eget ord {i};Tjänst;{1_000_000 + i};24" for i in range(extra)]
    reading = read("\n".join(lines).encode(), "p.csv")
    parsed = reading.parsed
    assert len(parsed.unknown_categories) == extra
    assert len(reading.checked.plan) == extra and set(reading.checked.plan["category"]) == {"services_other"}
    preview = plan_preview(reading.raw, reading.mapping, parsed.units, (), parsed.unknown_categories, {})
    shown = reading_lines(preview, None, "en")
    assert sum(line.startswith("The category") for line in shown) == CONTENT.limits.max_category_map
    assert shown[-1] == t("plan.check.unknown_more", "en", words="5")


def test_the_screening_texts_define_each_key_once() -> None:
    """A key written twice in one YAML file silently keeps the last text (how "How the file was read" was lost)."""
    text = (Path(__file__).resolve().parents[2] / "content" / "ui" / "screening.yaml").read_text(encoding="utf-8")
    keys = [line.split(":", 1)[0] for line in text.splitlines() if line.startswith("plan.")]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
    assert t("plan.reading_title", "sv") == "Så lästes filen" and t("plan.check_title", "sv") == "Rader att kontrollera"
