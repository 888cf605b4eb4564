"""Units in headings are conversions, nothing more: a plan in kronor and the same plan in "tkr" screen alike.

columns.yaml: "(tkr)" is 1 000 kr and "(år)" 12 months. Dividing every value of a plan by 1 000
and labelling its column "tkr" (written the Swedish way, with a decimal comma, or as Excel numbers)
must give the very same plan and the same screening; so must terms in whole years labelled "(år)".
"""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from guidance.screening.content import load_plan_content
from guidance.screening.reading import load_plan
from guidance.screening.screen import Policy, screen

CONTENT = load_plan_content()
LABELS = [c.label.sv for c in CONTENT.categories]
POLICIES = (Policy.from_scenario("trafikverket_5m"), Policy(rule="goteborg"))
EXAMPLES = settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
pytestmark = pytest.mark.slow

rows = st.lists(
    st.tuples(
        st.sampled_from(LABELS),
        st.integers(min_value=1_000, max_value=20_000_000_000),  # kronor, whole
        st.integers(min_value=1, max_value=20),  # years
        st.one_of(st.none(), st.integers(min_value=1, max_value=400)),  # tenths of FTE
    ),
    min_size=1,
    max_size=12,
)


def swedish(value: Decimal) -> str:
    """A number the Swedish way: spaces between thousands, a decimal comma, no trailing zeros."""
    whole, _, fraction = f"{value.normalize():f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    return f"{grouped},{fraction}" if fraction else grouped


def csv_plan(plan: list[tuple[str, int, int, int | None]], value_unit: str, term_unit: str) -> bytes:
    """The plan as a semicolon CSV with the value in kr or tkr and the term in months or years."""
    lines = [f"Upphandling;Kategori;Uppskattat värde ({value_unit});Avtalstid ({term_unit});Årsarbetskrafter"]
    for i, (label, kronor, years, fte) in enumerate(plan):
        value = Decimal(kronor) / (1000 if value_unit == "tkr" else 1)
        term = years if term_unit == "år" else years * 12
        staff = "" if fte is None else swedish(Decimal(fte) / 10)
        lines.append(f"Upphandling {i};{label};{swedish(value)};{term};{staff}")
    return "\n".join(lines).encode("cp1252")


def xlsx_plan(plan: list[tuple[str, int, int, int | None]]) -> bytes:
    """The plan as an Excel workbook with the value as a number in tkr under a title row."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Upphandlingsplan"])
    ws.append(["Upphandling", "Kategori", "Värde (tkr)", "Avtalstid (mån)", "Årsarbetskrafter"])
    for i, (label, kronor, years, fte) in enumerate(plan):
        ws.append([f"Upphandling {i}", label, kronor / 1000, years * 12, None if fte is None else fte / 10])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def screened(data: bytes, name: str) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    checked, _ = load_plan(data, name, content=CONTENT)
    plan = checked.plan.reset_index(drop=True)
    return plan, [screen(checked.plan, p, check=False).reset_index(drop=True) for p in POLICIES]


@EXAMPLES
@given(plan=rows)
def test_values_divided_by_1000_under_a_tkr_heading_screen_the_same(
    plan: list[tuple[str, int, int, int | None]],
) -> None:
    base_plan, base = screened(csv_plan(plan, "kr", "mån"), "plan.csv")
    tkr_plan, tkr = screened(csv_plan(plan, "tkr", "mån"), "plan.csv")
    pd.testing.assert_frame_equal(tkr_plan, base_plan)
    assert list(base_plan["value_sek"]) == [float(kronor) for _label, kronor, _y, _f in plan]
    for a, b in zip(base, tkr, strict=True):
        pd.testing.assert_frame_equal(b, a)


@EXAMPLES
@given(plan=rows)
def test_terms_in_years_under_an_ar_heading_screen_the_same(plan: list[tuple[str, int, int, int | None]]) -> None:
    base_plan, base = screened(csv_plan(plan, "kr", "mån"), "plan.csv")
    year_plan, years = screened(csv_plan(plan, "tkr", "år"), "plan.csv")
    pd.testing.assert_frame_equal(year_plan, base_plan)
    for a, b in zip(base, years, strict=True):
        pd.testing.assert_frame_equal(b, a)


@EXAMPLES
@given(plan=rows)
def test_excel_numbers_in_tkr_below_a_title_screen_the_same(plan: list[tuple[str, int, int, int | None]]) -> None:
    base_plan, base = screened(csv_plan(plan, "kr", "mån"), "plan.csv")
    book_plan, book = screened(xlsx_plan(plan), "plan.xlsx")
    pd.testing.assert_frame_equal(book_plan, base_plan)
    for a, b in zip(base, book, strict=True):
        pd.testing.assert_frame_equal(b, a)
