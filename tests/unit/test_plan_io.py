"""Reading procurement plans: Swedish CSV conventions, Excel, header recognition and every bad input.

The reader must accept what Swedish offices save (semicolon, decimal comma, spaces as thousands
separators, "kr"/"MSEK", UTF-8 with BOM or Windows-1252) and turn bad input into a clear list of
problems (row, column, why) in both languages, while the good rows are still screened.
"""

from __future__ import annotations

import datetime as dt
import io
import math

import pandas as pd
import pytest
from openpyxl import Workbook

from guidance.core.i18n import t
from guidance.screening.content import header_key, load_plan_content
from guidance.screening.reading import (
    PlanError,
    auto_mapping,
    check_plan,
    detect_decimal,
    load_plan,
    missing_columns,
    parse_bool,
    parse_date,
    parse_number,
    problem_message,
    problems_table,
    read_table,
    resolve_category,
    sniff_separator,
    typed_plan,
)
from guidance.screening.screen import Policy, screen

CONTENT = load_plan_content()
LIMITS = CONTENT.limits
MSEK = 1_000_000

#: The same three procurements; every variant below must parse to exactly these values.
EXPECTED = pd.DataFrame(
    {
        "name": ["Lokalvård skolor Söder", "Ombyggnad förskola Ängsvik", "Kontorsmaterial"],
        "category": ["cleaning", "construction", "office_supplies"],
        "value_sek": [24_500_000.0, 120_000_000.0, 2_250_000.0],
        "duration_months": [48.0, 30.0, 36.0],
        "fte": [12.5, 25.0, math.nan],
        "labour_share": [75.0, math.nan, 10.0],
        "framework": [False, False, True],
        "start_date": pd.to_datetime(["2027-09-01", "2027-07-01", None]),
    }
)


def _csv(rows: list[list[str]], sep: str) -> str:
    header = [
        "Upphandling",
        "Kategori",
        "Uppskattat värde (kr)",
        "Avtalstid (mån)",
        "Årsarbetskrafter",
        "Personalkostnadsandel (%)",
        "Ramavtal",
        "Planerad start",
    ]
    lines = [sep.join(header)] + [sep.join(r) for r in rows]
    return "\r\n".join(lines) + "\r\n"


SV_ROWS = [
    ["Lokalvård skolor Söder", "Städ", "24 500 000 kr", "48", "12,5", "75", "nej", "2027-09-01"],
    ["Ombyggnad förskola Ängsvik", "Bygg", "120 MSEK", "30", "25", "", "", "kv3 2027"],
    ["Kontorsmaterial", "Kontorsmaterial", "2 250 000", "36", "", "10 %", "Ja", ""],
]


def variants() -> dict[str, tuple[bytes, str]]:
    nbsp = [[c.replace(" ", "\u00a0") if c[:1].isdigit() else c for c in r] for r in SV_ROWS]
    msek = [list(r) for r in SV_ROWS]
    msek[0][2], msek[2][2] = "24,5 mnkr", "2 250 tkr"
    english = [
        ["Lokalvård skolor Söder", "Cleaning", '"24,500,000"', "48", "12.5", "75", "no", "2027-09-01"],
        ["Ombyggnad förskola Ängsvik", "Construction", "SEK 120000000", "30", "25", "", "", "Q3 2027"],
        ["Kontorsmaterial", "Office supplies", "2250000.00", "36", "", "10%", "yes", ""],
    ]
    en_header = (
        "Procurement,Category,Estimated value (SEK),Duration (months),FTE,Labour cost share (%),"
        "Framework agreement,Planned start\r\n"
    )
    english_text = en_header + "\r\n".join(",".join(r) for r in english) + "\r\n"
    return {
        "utf8-bom-semicolon": (_csv(SV_ROWS, ";").encode("utf-8-sig"), "plan.csv"),
        "utf8-semicolon-nbsp": (_csv(nbsp, ";").encode("utf-8"), "plan.csv"),
        "cp1252-semicolon-msek": (_csv(msek, ";").encode("cp1252"), "plan.csv"),
        "tab-separated": (_csv(SV_ROWS, "\t").encode("utf-8"), "plan.txt"),
        "utf16-excel-unicode-text": (_csv(SV_ROWS, "\t").encode("utf-16"), "plan.csv"),
        "english-comma": (english_text.encode("utf-8"), "plan.csv"),
        "comment-line": (("# En kommentar överst\n" + _csv(SV_ROWS, ";")).encode("utf-8-sig"), "plan.csv"),
        "xlsx": (_xlsx(), "plan.xlsx"),
    }


def _xlsx(rows: list[list[object]] | None = None, header: list[str] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(
        header
        or [
            "Upphandling",
            "Kategori",
            "Uppskattat värde (kr)",
            "Avtalstid (mån)",
            "Årsarbetskrafter",
            "Personalkostnadsandel (%)",
            "Ramavtal",
            "Planerad start",
        ]
    )
    for r in (
        rows
        if rows is not None
        else [
            ["Lokalvård skolor Söder", "Städ", 24_500_000, 48, 12.5, 75, "Nej", dt.datetime(2027, 9, 1)],
            ["Ombyggnad förskola Ängsvik", "Bygg", "120 MSEK", 30, 25, None, None, "kv3 2027"],
            ["Kontorsmaterial", "Kontorsmaterial", 2_250_000, 36, None, 0.1, True, None],
        ]
    ):
        ws.append(r)
    if rows is None:
        ws["F4"].number_format = "0%"  # Excel stores 10 % as 0.1 in a percentage cell
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- the Swedish variants
@pytest.mark.parametrize("variant", list(variants()))
def test_swedish_csv_variants_and_excel_parse_to_the_same_numbers(variant: str) -> None:
    data, name = variants()[variant]
    checked, _raw = load_plan(data, name)
    got = checked.plan.reset_index(drop=True)
    for column in EXPECTED.columns:
        expected = EXPECTED[column]
        if column in ("name", "category"):
            assert got[column].astype("object").tolist() == expected.tolist(), column
        elif column == "framework":
            assert got[column].fillna(False).astype(bool).tolist() == expected.tolist(), column
        elif column == "start_date":
            assert got[column].tolist() == expected.tolist() or (
                got[column].isna().tolist() == expected.isna().tolist()
                and got[column].dropna().tolist() == expected.dropna().tolist()
            ), column
        else:
            pd.testing.assert_series_equal(got[column], expected, check_names=False, obj=column)
    assert not (checked.problems["severity"] == "error").any(), checked.problems


def test_labour_share_written_as_fractions_is_read_as_percent_with_a_note() -> None:
    """In the .xlsx variant the share 0.1 (Excel's 10 %) is the only share: it is read as 10 %."""
    data = _xlsx(
        [["A", "Städ", 10 * MSEK, 24, 5, 0.75, "nej", None], ["B", "Bygg", 10 * MSEK, 24, 5, 0.4, "nej", None]]
    )
    checked, _ = load_plan(data, "p.xlsx")
    assert checked.plan["labour_share"].tolist() == [75.0, 40.0]
    assert "plan.err.share_fraction" in set(checked.problems["problem"])


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("24 500 000 kr", ",", 24_500_000),
        ("24\u00a0500\u00a0000", ",", 24_500_000),
        ("12,5 MSEK", ",", 12_500_000),
        ("12,5 mnkr", ",", 12_500_000),
        ("250 tkr", ",", 250_000),
        ("1.200.000", ",", 1_200_000),
        ("1.200", ",", 1200),
        ("1 200,50", ",", 1200.5),
        ("24,500,000", ".", 24_500_000),
        ("12.5", ".", 12.5),
        ("1,200.50", ",", 1200.5),
        ("1.200,50", ".", 1200.5),
        ("SEK 3 000 000", ",", 3_000_000),
        ("3 000 000:-", ",", 3e6),
        ("−5", ",", -5),
        ("75 %", ",", 75),
        ("2 år", ",", 24),
    ],
)
def test_parse_number_reads_swedish_and_english_notation(text: str, decimal: str, expected: float) -> None:
    units = {
        **CONTENT.column("value_sek").unit_words,
        **CONTENT.column("labour_share").unit_words,
        **CONTENT.column("duration_months").unit_words,
    }
    assert parse_number(text, decimal, units) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["abc", "", "12 kr 5", "1,2,3,4x", "inf", "nan", "--5", "12e3x"])
def test_parse_number_rejects_text(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text, ",", CONTENT.column("value_sek").unit_words)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-09-01", dt.date(2027, 9, 1)),
        ("2027-09", dt.date(2027, 9, 1)),
        ("1/9/2027", dt.date(2027, 9, 1)),
        ("01.09.2027", dt.date(2027, 9, 1)),
        ("kv3 2027", dt.date(2027, 7, 1)),
        ("Q1 2028", dt.date(2028, 1, 1)),
        ("2028-Q2", dt.date(2028, 4, 1)),
        ("sep 2027", dt.date(2027, 9, 1)),
        ("mars 2028", dt.date(2028, 3, 1)),
        ("2027", dt.date(2027, 1, 1)),
        ("2027-09-01 00:00:00", dt.date(2027, 9, 1)),
    ],
)
def test_parse_date_reads_the_forms_plans_use(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["snart", "2027-13-01", "31/2/2027", "kv5 2027", "3000-01-01", "12"])
def test_parse_date_rejects_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_yes_no_words_come_from_the_content() -> None:
    assert [parse_bool(v) for v in ("Ja", "x", "1", "yes", "Nej", "0", "no")] == [True] * 4 + [False] * 3
    with pytest.raises(ValueError):
        parse_bool("kanske")


def test_separator_is_sniffed_outside_quotes() -> None:
    assert sniff_separator('"a;b",c,d') == ","
    assert sniff_separator("a;b;c") == ";"
    assert sniff_separator("a\tb\tc") == "\t"
    assert detect_decimal(["12,5", "3"], None) == ","
    assert detect_decimal(["12.5", "3"], None) == "."


# --------------------------------------------------------------------------- headers and categories
@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Uppskattat värde (kr)", "value_sek"),
        ("Estimated value (SEK)", "value_sek"),
        ("Avtalsvärde", "value_sek"),
        ("Avtalstid (mån)", "duration_months"),
        ("Contract term", "duration_months"),
        ("Årsarbetskrafter", "fte"),
        ("FTE", "fte"),
        ("Personalkostnadsandel (%)", "labour_share"),
        ("Labour cost share", "labour_share"),
        ("Ramavtal (ja/nej)", "framework"),
        ("Planned start", "start_date"),
        ("Upphandlingens namn", "name"),
        ("Kategori", "category"),
        ("Typ av upphandling", "contract_type"),
    ],
)
def test_swedish_and_english_headers_are_recognised(header: str, column: str) -> None:
    assert auto_mapping([header, "Något annat"])[column] == header


def test_missing_required_columns_are_named() -> None:
    mapping = auto_mapping(["Namn", "Värde"])
    assert set(missing_columns(mapping)) == {"duration_months", "category"}
    with pytest.raises(PlanError) as err:
        load_plan("Namn;Värde\nA;1\n".encode(), "p.csv")
    assert err.value.key == "plan.err.missing_columns"
    assert "Avtalstid" in err.value.message("sv") and "Term" in err.value.message("en")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Lokalvård förskolor Norr", "cleaning"),
        ("IT-drift", "it"),
        ("Vinterväghållning", "property_care"),
        ("Skolskjuts", "transport"),
        ("Hemtjänst", "care_services"),
        ("Tjänst", "services_other"),
        ("Byggentreprenad", "construction"),
        ("Varor", "goods_other"),
        ("Städ och lokalvård", "cleaning"),
        ("Cleaning", "cleaning"),
        ("Kvalitetsledning", None),
        ("Drift och underhåll", "property_care"),
    ],
)
def test_category_words_are_recognised_longest_match_first(text: str, category: str | None) -> None:
    assert resolve_category(text) == category


def test_category_aliases_are_normalised_the_same_way_as_cells() -> None:
    assert header_key("  IT-drift (moln) ") == "it drift"


# --------------------------------------------------------------------------- bad input
def _messages(problems: pd.DataFrame) -> list[str]:
    return [problem_message(r, lang) for r in problems.to_dict("records") for lang in ("sv", "en")]


@pytest.mark.parametrize(
    ("data", "name", "key"),
    [
        (b"", "p.csv", "plan.err.empty"),
        (b"\xef\xbb\xbf\r\n  \r\n", "p.csv", "plan.err.empty"),
        (b"a;b\n", "p.csv", "plan.err.no_rows"),
        (b"%PDF-1.7 ...", "plan.pdf", "plan.err.wrong_type"),
        (b"\xd0\xcf\x11\xe0", "plan.xls", "plan.err.wrong_type"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "plan.csv", "plan.err.binary"),
        (b"PK\x03\x04 not really a zip", "plan.xlsx", "plan.err.bad_xlsx"),
        (b"Upphandling;V\xe4rde\nA;1\n\x81\x8d", "plan.csv", "plan.err.encoding"),
        (b'a;b\n"open quote;1\n' + b"x" * 200_000, "p.csv", None),
    ],
)
def test_file_level_problems_raise_a_translated_message(data: bytes, name: str, key: str | None) -> None:
    if key is None:  # a very long unterminated quoted field: csv reads it as text, no crash
        try:
            read_table(data, name)
        except PlanError as exc:
            assert exc.key in {"plan.err.csv_format", "plan.err.no_rows"}
        return
    with pytest.raises(PlanError) as err:
        read_table(data, name)
    assert err.value.key == key
    for lang in ("sv", "en"):
        message = err.value.message(lang)
        assert message and not message.startswith("plan.err")
        assert "{" not in message


def test_a_file_over_the_upload_limit_is_refused_with_its_size() -> None:
    data = b"a;b\n" + b"1;2\n" * (LIMITS.max_bytes // 4 + 1)
    with pytest.raises(PlanError) as err:
        read_table(data, "big.csv")
    assert err.value.key == "plan.err.too_large"
    assert "10" in err.value.message("sv") and "MB" in err.value.message("en")


BAD_PLAN = """Upphandling;Kategori;Värde (kr);Avtalstid (mån);Årsarbetskrafter;Planerad start
Bra rad;Städ;10 000 000;36;5;2027-01-01
Inget tal;Städ;tio miljoner;36;5;2027-01-01
Negativt;Bygg;-5 000 000;24;5;2027-01-01
Konstigt datum;Bygg;5 000 000;24;5;snart
Bra rad;Städ;10 000 000;36;5;2027-01-01
<script>alert('x')</script>;Städ;3 000 000;36;5;
=HYPERLINK("http://x");Städ;3 000 000;36;5;
Okänd kategori;Rymdfart;3 000 000;36;5;
Halv månad;Städ;3 000 000;12,5;5;
Negativ personal;Städ;3 000 000;12;-2;
Saknar värde;Städ;;12;5;
"""


def test_each_bad_row_gets_its_own_message_and_the_good_rows_are_still_screened() -> None:
    checked, _ = load_plan(BAD_PLAN.encode("utf-8"), "plan.csv")
    p = checked.problems
    by_row = {(int(r), k) for r, k in zip(p["row"], p["problem"], strict=True) if r is not None}
    assert (3, "plan.err.not_a_number") in by_row
    assert (4, "plan.err.negative") in by_row
    assert (5, "plan.err.not_a_date") in by_row
    assert (6, "plan.err.duplicate") in by_row
    assert (7, "plan.err.markup") in by_row
    assert (8, "plan.err.formula") in by_row
    assert (9, "plan.err.unknown_category") in by_row
    assert (10, "plan.err.not_whole") in by_row
    assert (11, "plan.err.negative") in by_row
    assert (12, "plan.err.missing_value") in by_row
    assert (3, "plan.err.missing_value") not in by_row, "a reading problem is not repeated as 'missing'"
    # errors exclude the row; warnings keep it with the value blanked
    assert set(checked.bad_rows) == {3, 4, 6, 9, 10, 12}
    assert {2, 5, 7, 8, 11} <= set(checked.plan.index)
    assert pd.isna(checked.plan.at[5, "start_date"]) and pd.isna(checked.plan.at[11, "fte"])
    dup = p[p["problem"] == "plan.err.duplicate"].iloc[0]
    assert "rad 2" in problem_message(dup, "sv") and "row 2" in problem_message(dup, "en")
    out = screen(checked.plan, Policy(rule="goteborg"), check=False)
    assert list(out.index) == sorted(checked.plan.index)
    # messages: translated, naming the column, never echoing the cell (the value has its own column)
    for message in _messages(p):
        assert not message.startswith("plan.err") and "{" not in message
        assert "<script" not in message and "HYPERLINK" not in message
    table = problems_table(p, "en")
    assert list(table.columns) == ["Row", "Column", "Value in the file", "Consequence", "Problem"]
    assert "Estimated value (SEK): is not a number." in set(table["Problem"])
    assert any("<script>" in v for v in table["Value in the file"])  # shown only as plain table text


def test_100_000_rows_read_the_first_part_and_report_the_rest() -> None:
    header = "Upphandling;Kategori;Värde;Avtalstid\n"
    body = "".join(f"Upphandling {i};Städ;{1_000_000 + i};24\n" for i in range(100_000))
    checked, raw = load_plan((header + body).encode(), "stor.csv")
    assert len(checked.plan) == LIMITS.max_rows
    note = checked.problems[checked.problems["problem"] == "plan.err.too_many_rows"].iloc[0]
    sv, en = problem_message(note, "sv"), problem_message(note, "en")
    assert "100000" in sv.replace("\u00a0", "").replace(" ", "") or "100 000" in sv
    assert f"rad {LIMITS.max_rows + 2}" in sv and "row" in en
    assert len(raw.cells) == LIMITS.max_rows


def test_the_command_line_limit_reads_all_100_000_rows() -> None:
    header = "Upphandling;Kategori;Värde;Avtalstid\n"
    body = "".join(f"Upphandling {i};Städ;{1_000_000 + i};24\n" for i in range(100_000))
    checked, _ = load_plan((header + body).encode(), "stor.csv", max_rows=LIMITS.cli_max_rows)
    assert len(checked.plan) == 100_000 and not len(checked.problems)


def test_extra_cells_and_short_rows_are_handled() -> None:
    text = "Upphandling;Kategori;Värde;Avtalstid\nA;Städ;3 000 000;24;oväntad\nB;Städ\n"
    checked, _ = load_plan(text.encode(), "p.csv")
    keys = set(checked.problems["problem"])
    assert "plan.err.extra_cells" in keys and "plan.err.missing_value" in keys
    assert list(checked.plan.index) == [2]


def test_too_many_columns_is_a_file_problem() -> None:
    header = ";".join(f"k{i}" for i in range(LIMITS.max_columns + 1))
    with pytest.raises(PlanError) as err:
        read_table((header + "\n" + "1;" * LIMITS.max_columns + "1\n").encode(), "p.csv")
    assert err.value.key == "plan.err.too_many_columns"


# --------------------------------------------------------------------------- after edits on the page
def test_edited_rows_are_checked_again_and_new_rows_get_numbers() -> None:
    checked, _ = load_plan(BAD_PLAN.encode("utf-8"), "plan.csv")
    edited = checked.plan.copy()
    edited.loc[4] = edited.loc[2]  # the user fixes the negative row by copying a good one ...
    edited.loc[4, "name"] = "Rättad rad"
    extra = pd.DataFrame(
        [{"name": "Ny rad", "category": "construction", "value_sek": 30 * MSEK, "duration_months": 18.0}], index=[None]
    )
    again = check_plan(pd.concat([edited, extra]))
    assert 4 in again.plan.index
    assert again.plan.index.max() == max(edited.index) + 1
    assert typed_plan(again.plan).dtypes.to_dict() == again.plan.dtypes.to_dict()


def test_messages_exist_in_both_languages_for_every_problem_key() -> None:
    keys = [
        "plan.err.empty",
        "plan.err.no_rows",
        "plan.err.wrong_type",
        "plan.err.binary",
        "plan.err.too_large",
        "plan.err.encoding",
        "plan.err.bad_xlsx",
        "plan.err.too_many_rows",
        "plan.err.missing_columns",
        "plan.err.not_a_number",
        "plan.err.negative",
        "plan.err.range",
        "plan.err.not_whole",
        "plan.err.missing_value",
        "plan.err.unknown_category",
        "plan.err.not_a_date",
        "plan.err.duplicate",
        "plan.err.markup",
        "plan.err.formula",
        "plan.err.too_long",
        "plan.err.extra_cells",
        "plan.err.share_fraction",
        "plan.err.csv_format",
        "plan.err.too_many_columns",
        "plan.err.unknown_type",
        "plan.err.not_yes_no",
        "plan.err.too_large_unpacked",
    ]
    for key in keys:
        sv, en = t(key, "sv"), t(key, "en")
        assert sv != key and en != key and sv != en, key
