"""Command line: ``python -m guidance screen PLAN [--rule NAME] [-o OUT.xlsx]`` for analysts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from guidance.cli import main
from guidance.content.loader import CONTENT_DIR
from guidance.screening.reading import load_plan
from guidance.screening.screen import Policy, screen, totals

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
    assert wb.sheetnames == ["Sammanfattning", "Scenario A", "Att rätta", "Antaganden", "Kategoriernas antaganden"]
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
