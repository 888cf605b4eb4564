"""Command line: ``python -m guidance screen PLAN [--rule NAME] [-o OUT.xlsx]`` for analysts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from guidance.cli import main
from guidance.content.loader import CONTENT_DIR
from guidance.core.i18n import t
from guidance.screening.plan_input import ReadOptions
from guidance.screening.reading import load_plan
from guidance.screening.screen import Policy, screen, totals
from tests.unit.test_plan_quirks import cp1252_csv, quirky_workbook

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = CONTENT_DIR / "screening" / "sample_plan.csv"
BAD = """Upphandling;Kategori;Värde (kr);Avtalstid (mån)
Bra rad;Städ;30 000 000;36
=HYPERLINK("http://example.invalid");Bygg;80 000 000;24
Inget tal;Städ;tio miljoner;36
"""


def test_cli_writes_a_readable_excel_file_with_the_screened_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "granskad.xlsx"
    assert main(["screen", str(SAMPLE), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    wb = load_workbook(out)
    assert wb.sheetnames == [
        "Sammanfattning",
        "Scenario A",
        "Att rätta",
        "Inläsning",
        "Antaganden",
        "Kategoriernas antaganden",
    ]
    sheet = wb["Scenario A"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["Rad", "Upphandling", "Kategori", "Kontraktstyp", "Värde (kr)"]
    checked, _ = load_plan(SAMPLE.read_bytes(), SAMPLE.name)
    expected = screen(checked.plan, Policy.from_scenario("trafikverket_5m"), check=False)
    assert sheet.max_row == len(expected) + 1
    places_col = header.index("Platser") + 1
    assert sum(row[places_col - 1].value for row in sheet.iter_rows(min_row=2)) == totals(expected).places
    assert isinstance(sheet.cell(2, header.index("Värde (kr)") + 1).value, (int, float))
    summary = {r[0].value: r[1].value for r in wb["Sammanfattning"].iter_rows(min_row=2)}
    assert summary["Platser"] == totals(expected).places
    assert f"{totals(expected).places} platser" in printed.replace("\u00a0", " ")


def test_cli_rule_option_screens_the_whole_plan_with_that_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.csv"
    assert main(["screen", str(SAMPLE), "--rule", "goteborg", "--lang", "en", "-o", str(out)]) == 0
    checked, _ = load_plan(SAMPLE.read_bytes(), SAMPLE.name)
    expected = totals(screen(checked.plan, Policy(rule="goteborg"), check=False))
    assert f"{expected.places} places" in capsys.readouterr().out
    text = out.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Row,Procurement,Category")
    assert len(text.splitlines()) == len(checked.plan) + 1


def test_cli_neutralises_formulas_and_lists_bad_rows_but_screens_the_good(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(BAD, encoding="cp1252")
    out = tmp_path / "ut.xlsx"
    assert main(["screen", str(plan), "--rule", "malmo", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "rad 4" in captured.err and "inte ett tal" in captured.err
    wb = load_workbook(out)
    names = [r[1].value for r in wb["Scenario A"].iter_rows(min_row=2)]
    assert names == ["Bra rad", '\'=HYPERLINK("http://example.invalid")']
    cell = wb["Scenario A"]["B3"]
    assert cell.data_type == "s"
    fix = [[c.value for c in r] for r in wb["Att rätta"].iter_rows(min_row=2)]
    assert any(r[0] == 4 and r[2] == "tio miljoner" for r in fix)


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["screen", "saknas.csv"], 1, "finns inte"),
        (["screen", str(SAMPLE), "--rule", "stockholm"], 2, "Okänd regel"),
        (["screen", str(SAMPLE), "-o", "ut.pdf"], 2, ".xlsx"),
        (["screen", str(SAMPLE), "--share", "0"], 2, "Policyvalet"),
    ],
)
def test_cli_errors_are_messages_with_exit_codes(
    args: list[str], code: int, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == code
    assert text in capsys.readouterr().err


def test_cli_reports_an_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "plan.xlsx"
    bad.write_bytes(b"not a workbook")
    assert main(["screen", str(bad), "--lang", "en"]) == 1
    assert "could not be read" in capsys.readouterr().err


def test_python_dash_m_guidance_runs_as_a_module(tmp_path: Path) -> None:
    out = tmp_path / "ut.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "guidance", "screen", str(SAMPLE), "--rule", "trafikverket", "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Trafikverket" in done.stdout
    assert load_workbook(out).sheetnames[0] == "Sammanfattning"


# --------------------------------------------------------------------------- plans as people write them
def test_cli_reads_a_quirky_plan_right_and_prints_how_it_read_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A cp1252 plan with a title, "(tkr)", "(år)", its own category words and a totals row."""
    plan = tmp_path / "plan.csv"
    plan.write_bytes(cp1252_csv())
    out = tmp_path / "ut.xlsx"
    assert main(["screen", str(plan), "--rule", "goteborg", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    err = captured.err
    assert "Kolumnrubrikerna står på rad 4" in err
    assert "“Beräknat värde (tkr)” → Uppskattat värde (kr), tusen kronor (tkr), enligt rubriken" in err
    assert "“Avtalstid (år)” → Avtalstid (mån.), år, enligt rubriken" in err
    assert "Kategorin ”Vägunderhåll” känns inte igen (rader: 1)" in err
    counts = t("plan.counts", "sv", total="5", screened="4", to_fix="0", skipped="1", not_read="0")
    assert counts in err and "--map-category" in err
    checked, _ = load_plan(cp1252_csv(), "plan.csv")
    expected = totals(screen(checked.plan, Policy(rule="goteborg"), check=False))
    assert f"{expected.places} platser" in captured.out.replace("\u00a0", " ")
    wb = load_workbook(out)
    reading = [r[0].value for r in wb["Inläsning"].iter_rows(min_row=2)]
    assert reading[0].startswith("Kolumnrubrikerna står på rad 4") and reading[-1] == counts
    fix = [[c.value for c in r] for r in wb["Att rätta"].iter_rows(min_row=2)]
    assert [9, None, "Summa", t("plan.severity.skipped", "sv")] == fix[-1][:4]


def test_cli_takes_the_same_corrections_as_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--sheet, --header-row, --unit, --map-category and --column give what ReadOptions gives."""
    book = tmp_path / "plan.xlsx"
    book.write_bytes(quirky_workbook())
    out = tmp_path / "ut.csv"
    args = [
        "screen",
        str(book),
        "--sheet",
        "Plan 2027",
        "--header-row",
        "4",
        "--unit",
        "value=tkr",
        "--map-category",
        "Gator och vägar=bygg",
        "--map-category",
        "Miljö=waste",
        "--column",
        "cpv=CPV-kod",
        "--rule",
        "malmo",
        "--lang",
        "en",
        "-o",
        str(out),
    ]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "thousand SEK (tkr), as you chose" in err and "not recognised" not in err
    options = ReadOptions(
        sheet="Plan 2027",
        header_row=4,
        units={"value_sek": "tkr"},
        category_map={"gator och vägar": "construction", "miljö": "waste"},
    )
    checked, _ = load_plan(quirky_workbook(), "plan.xlsx", options=options)
    assert checked.plan.at[11, "category"] == "construction" and checked.plan.at[5, "value_sek"] == 24_500
    rows = out.read_bytes().decode("utf-8-sig").splitlines()
    assert len(rows) == len(checked.plan) + 1


@pytest.mark.parametrize(
    ("extra", "code", "text"),
    [
        (["--unit", "value"], 2, "NAME=VALUE"),
        (["--unit", "price=tkr"], 2, "Unknown column price"),
        (["--unit", "value=years"], 2, "Unknown unit years"),
        (["--map-category", "Vägunderhåll=rymdfart"], 2, "Unknown category rymdfart"),
        (["--header-row", "0"], 2, "Row 0"),
        (["--header-row", "3"], 1, "Row 3 is empty"),
        (["--column", "cpv=Saknas"], 1, "no column “Saknas”"),
        (["--sheet", "Blad 9"], 1, "no sheet"),
    ],
)
def test_cli_wrong_corrections_are_messages_with_exit_codes(
    tmp_path: Path, extra: list[str], code: int, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / ("plan.xlsx" if "--sheet" in extra else "plan.csv")
    plan.write_bytes(quirky_workbook() if "--sheet" in extra else cp1252_csv())
    assert main(["screen", str(plan), "--lang", "en", *extra]) == code
    assert text in capsys.readouterr().err


def test_cli_refuses_a_file_over_the_upload_limit_before_reading_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line has the page's limit (limits.max_bytes); the size is checked from the file system."""
    big = tmp_path / "stor.csv"
    with big.open("wb") as f:
        f.truncate(10_000_001)  # a sparse file: nothing is written, nothing needs reading
    assert main(["screen", str(big), "--lang", "en"]) == 1
    assert capsys.readouterr().err.strip() == "The file is 10.1 MB. It may be at most 10.0 MB."
    assert main(["screen", str(big)]) == 1
    assert capsys.readouterr().err.strip() == "Filen är 10,1 MB. Den får vara högst 10,0 MB."


@pytest.mark.parametrize("where", ["missing-folder/ut.xlsx", "is-a-folder.xlsx"])
def test_cli_a_bad_output_path_is_a_message_and_an_exit_code(
    tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / where
    if where == "is-a-folder.xlsx":
        out.mkdir()
    assert main(["screen", str(SAMPLE), "--lang", "en", "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"Could not write {out} (")
    assert err.endswith("Choose a folder that exists and that you may write to.")
    assert not out.is_file()
