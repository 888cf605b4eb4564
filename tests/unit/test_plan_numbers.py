"""Strict numbers in plan cells (issue 15, part 2) and the vectorised duplicate check.

Only the forms people write are read: Swedish (``12 500``, ``12 500,50``, ``12,5``) and English
(``12,500``, ``12,500.50``, ``12.5``), with unit words. Everything else is a row to fix with the cell
shown, never a guess. ``12,500`` alone is ambiguous: it is read with the file's decimal mark (a
semicolon CSV or cells like ``12,5`` make the comma the decimal mark: 12.5; otherwise 12 500).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from guidance.core.formatting import fmt_num
from guidance.screening.cells import parse_number, parse_numbers, plain_number, read_number
from guidance.screening.checking import duplicate_rows, typed_plan
from guidance.screening.content import load_plan_content
from guidance.screening.reading import load_plan, problem_message

CONTENT = load_plan_content()
MONEY = CONTENT.column("value_sek").unit_words
DIGITS = CONTENT.limits.max_number_digits


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("12 500", ",", 12_500),
        ("12\u00a0500", ",", 12_500),
        ("12\u202f500", ",", 12_500),
        ("12\u2009500", ",", 12_500),
        ("12 500,50", ",", 12_500.5),
        ("12,5", ",", 12.5),
        ("12,5", ".", 12.5),
        ("12,500", ".", 12_500),
        ("12,500", ",", 12.5),
        ("12,500.50", ".", 12_500.5),
        ("12,500.50", ",", 12_500.5),
        ("12.5", ".", 12.5),
        ("12.5", ",", 12.5),
        ("1.200", ",", 1_200),
        ("1.200.000", ",", 1_200_000),
        ("1'200'000", ",", 1_200_000),
        ("0,500", ".", 0.5),
        ("-5", ",", -5),
        ("007", ",", 7),
    ],
)
def test_the_forms_people_write_are_read(text: str, decimal: str, expected: float) -> None:
    assert plain_number(text, decimal) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12,5 mnkr", 12_500_000), ("250 tkr", 250_000), ("12,5 MSEK", 12_500_000), ("SEK 3 000 000", 3_000_000)],
)
def test_unit_words_still_apply(text: str, expected: float) -> None:
    assert parse_number(text, ",", MONEY) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        "12,5,3",
        "1.2.3",
        "12 5",
        "1 2345",
        "1,200.000,5",
        "1.200,000.5",
        "12,50.000",
        "١٢٣",
        "１２３",
        "12\u0663",
        "9" * 400,
        "9" * (DIGITS + 1),
        "12.",
        ".5",
        "1e5",
        "1  200",
        "- 5",
        "12 500 kr 3",
    ],
)
def test_ambiguous_or_malformed_numbers_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text, ",", MONEY)
    with pytest.raises(ValueError):
        parse_number(text, ".", MONEY)


def test_a_huge_integer_cell_is_refused_not_a_crash() -> None:
    with pytest.raises(ValueError):
        read_number(10**400)


BAD_CELLS = ["12,5,3", "1.2.3", "12 5", "١٢٣", "１２３", "9" * 400]


@pytest.mark.parametrize("separator", [";", ","])
def test_refused_numbers_are_rows_to_fix_with_the_cell_shown(separator: str) -> None:
    lines = ["Upphandling|Kategori|Värde (kr)|Avtalstid (mån)", "Bra|Städ|3000000|24"]
    lines += [f'Rad {i}|Städ|"{cell}"|24' for i, cell in enumerate(BAD_CELLS)]
    checked, _ = load_plan("\n".join(lines).replace("|", separator).encode(), "p.csv")
    assert list(checked.plan.index) == [2]
    assert checked.bad_rows == tuple(range(3, 3 + len(BAD_CELLS)))
    bad = checked.problems[checked.problems["problem"] == "plan.err.not_a_number"]
    assert list(bad["row"]) == list(range(3, 3 + len(BAD_CELLS)))
    assert list(bad["value"][:5]) == BAD_CELLS[:5]
    assert bad["value"].iloc[5].startswith("9999") and bad["value"].iloc[5].endswith("…")
    assert problem_message(bad.iloc[0], "en") == "Estimated value (SEK): is not a number."


def test_the_vectorised_path_agrees_with_the_single_cell_parser() -> None:
    cells = pd.Series(["12 500", "12,5", "12,5,3", "١٢٣", "3000000", "12 5", None, "9" * 30, "1.200"], dtype="object")
    got = parse_numbers(cells, ",", MONEY)
    for value, number, bad in zip(cells, got.values, got.bad, strict=True):
        if value is None:
            assert math.isnan(number) and not bad
            continue
        try:
            expected = parse_number(value, ",", MONEY)
        except ValueError:
            assert bad and math.isnan(number), value
        else:
            assert not bad and number == pytest.approx(expected), value


# --------------------------------------------------------------------------- properties
@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60), st.sampled_from([",", "."]), st.booleans())
@example("١٢٣", ",", False)
@example("9" * 400, ".", True)
@example("1" + "\u00a0000" * 30, ",", False)
def test_the_parser_never_raises_anything_but_value_error(text: str, decimal: str, sum_parts: bool) -> None:
    try:
        value = parse_number(text, decimal, MONEY, sum_parts=sum_parts)
    except ValueError:
        return
    assert math.isfinite(value)


amounts = st.one_of(
    st.integers(min_value=0, max_value=10**12),
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False).map(float),
)


@settings(max_examples=300, deadline=None)
@given(amounts, st.sampled_from(["sv", "en"]), st.sampled_from([0, 1, 2]))
def test_a_formatted_number_reads_back_in_its_convention(value: float, lang: str, decimals: int) -> None:
    """``fmt_num`` in sv (``12 500,5``) and en (``12,500.5``) reads back with that language's decimal mark."""
    text = fmt_num(value, lang, decimals)  # type: ignore[arg-type]  # lang is one of the two languages
    expected = round(value, decimals)
    assert plain_number(text, "," if lang == "sv" else ".") == pytest.approx(expected, abs=1e-9)
    assert plain_number(text.replace("\u00a0", " "), "," if lang == "sv" else ".") == pytest.approx(expected, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="0123456789 ,.'\u00a0-", min_size=1, max_size=12), min_size=1, max_size=8))
def test_every_refused_cell_ends_up_in_the_rows_to_fix(cells: list[str]) -> None:
    cells = [c.replace(";", "") for c in cells]
    lines = ["Upphandling;Kategori;Värde (kr);Avtalstid (mån)"]
    lines += [f'Rad {i};Städ;"{c}";24' for i, c in enumerate(cells)]
    checked, raw = load_plan("\n".join(lines).encode(), "p.csv")
    refused = set()
    for row, cell in zip(raw.cells.index, cells, strict=True):
        try:
            parse_number(cell, ",", MONEY)
        except ValueError:
            if cell.strip():
                refused.add(int(row))
    bad = checked.problems[checked.problems["problem"] == "plan.err.not_a_number"]
    assert set(int(r) for r in bad["row"]) == refused
    assert refused <= set(checked.bad_rows)


# --------------------------------------------------------------------------- duplicates
def _duplicates_one_pair_at_a_time(plan: pd.DataFrame) -> tuple[list[int], list[int]]:
    """The duplicate check as it was: a hash per row, then each repeat compared with its first row."""
    hashes = pd.util.hash_pandas_object(plan, index=False)
    dup = hashes.duplicated(keep="first")
    if not dup.any():
        return [], []
    first_row = dict(zip(hashes[~dup].to_numpy(), plan.index[~dup.to_numpy()], strict=True))
    firsts = [first_row[h] for h in hashes[dup].to_numpy()]
    same = [
        plan.loc[[r, f]].astype("object").fillna("").nunique().max() == 1
        for r, f in zip(plan.index[dup.to_numpy()], firsts, strict=True)
    ]
    rows = [int(r) for r, keep in zip(plan.index[dup.to_numpy()], same, strict=True) if keep]
    return rows, [int(f) for f, keep in zip(firsts, same, strict=True) if keep]


rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(["A", "B", None]),
        st.sampled_from(["cleaning", "construction"]),
        st.sampled_from([1e6, 2e6, float("nan")]),
        st.sampled_from([12.0, 24.0]),
        st.sampled_from([True, False, None]),
    ),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(rows_strategy)
def test_the_vectorised_duplicate_check_equals_the_old_loop(rows: list[tuple]) -> None:
    frame = pd.DataFrame(rows, columns=["name", "category", "value_sek", "duration_months", "framework"])
    frame.index = pd.Index(np.arange(2, 2 + len(frame)), name="row")
    plan = typed_plan(frame)
    dup, firsts = duplicate_rows(plan)
    rows_new = [int(r) for r in plan.index[dup.to_numpy()]]
    firsts_new = [int(f) for f in firsts[dup.to_numpy()]]
    assert (rows_new, firsts_new) == _duplicates_one_pair_at_a_time(plan)
