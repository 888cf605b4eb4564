"""Numbers typed into the number fields: read as people write them in Swedish and English, shown back alike.

Issue "a front end at the level of the best Swedish public e-services", item 2: Swedish formats in inputs
(``18 000 000``, ``12,5``), English formats in English.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidance.core.formatting import fmt_input, parse_number


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("18 000 000", "sv", 18_000_000),
        ("18\u00a0000\u00a0000 kr", "sv", 18_000_000),
        ("12,5", "sv", 12.5),
        ("12.5", "sv", 12.5),  # a decimal point typed on a Swedish page
        ("1.500.000", "sv", 1_500_000),
        ("−3,5 %", "sv", -3.5),
        ("1,500", "en", 1500),
        ("1,500,000.25", "en", 1_500_000.25),
        ("12,5", "en", 12.5),  # a decimal comma typed on an English page
        ("SEK 20,500", "en", None),  # a currency before the number is not read
        ("", "sv", None),
        ("   ", "en", None),
    ],
)
def test_typed_numbers_are_read_as_a_person_means_them(text: str, lang: str, expected: float | None) -> None:
    if text.startswith("SEK"):
        with pytest.raises(ValueError):
            parse_number(text, lang)
        return
    assert parse_number(text, lang) == expected


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1..2", ".", "1e5", "nan", "inf", "12 kr 5", "x" * 50])
def test_what_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text, "sv")


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [(18e6, "sv", "18\u00a0000\u00a0000"), (18e6, "en", "18,000,000"), (12.5, "sv", "12,5"), (80.0, "sv", "80"),
     (10.0, "en", "10"), (-3.0, "sv", "-3")],
)  # fmt: skip
def test_fields_show_numbers_in_the_pages_language_without_needless_decimals(
    value: float, lang: str, shown: str
) -> None:
    assert fmt_input(value, lang) == shown


@given(st.decimals(min_value=-10**9, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["sv", "en"]))  # fmt: skip
def test_a_shown_number_reads_back_as_the_same_number(value: object, lang: str) -> None:
    number = float(value)
    assert parse_number(fmt_input(number, lang), lang) == pytest.approx(number, abs=0.005)
