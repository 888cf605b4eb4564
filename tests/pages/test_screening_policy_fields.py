"""The policy explorer's number fields: numbers as the page's language writes them, checked at the field.

Amounts, terms and the custom rule's divisors are text fields (ui/number_field.py) with the ranges of
content/screening/form.yaml. A field that holds no number or one out of range shows a message below it,
and the screening, its totals and the page address keep the field's last valid value.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from guidance.core.i18n import t
from guidance.screening.screen import Assumptions, Policy
from tests.pages.test_screening_page import PAGE, num, sample_totals
from ui.state import LANG_KEY

SEK_PER_FTE = "plan.assume.sek_per_fte_year"


def shown(at: AppTest, key: str) -> str:
    """What the number field under ``key`` shows (no-break spaces as plain spaces)."""
    return str(at.text_input(key=f"{key}.numtext").value).replace("\u00a0", " ")


def type_text(at: AppTest, key: str, text: str) -> AppTest:
    """Type ``text`` into the number field under ``key`` and run the page."""
    at.text_input(key=f"{key}.numtext").input(text)
    return at.run()


def metrics(at: AppTest) -> list[str]:
    return [str(m.value) for m in at.metric]


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


@pytest.mark.parametrize(
    ("lang", "per_fte", "min_value_a", "min_value_b"),
    [("sv", "500 000", "5,0", "0,0"), ("en", "500,000", "5.0", "0.0")],
)
def test_the_fields_show_numbers_as_the_language_writes_them(
    app_test: Callable[..., AppTest], lang: str, per_fte: str, min_value_a: str, min_value_b: str
) -> None:
    """policy.yaml: SEK 500 000 per FTE and year; Trafikverket from SEK 5 m (A), Göteborg on all (B)."""
    at = app_test(PAGE, lang)
    assert shown(at, SEK_PER_FTE) == per_fte
    assert (shown(at, "plan.a.min_value"), shown(at, "plan.b.min_value")) == (min_value_a, min_value_b)
    assert (shown(at, "plan.a.min_duration"), shown(at, "plan.b.min_duration")) == ("0", "0")
    assert at.number_input(key="plan.header_row").value is None  # the row number stays a number input
    assert not at.error


def test_numbers_typed_in_swedish_are_used_and_go_into_the_link(app_test: Callable[..., AppTest]) -> None:
    at = app_test(PAGE, "sv")
    type_text(at, "plan.a.min_value", "2,5")
    type_text(at, SEK_PER_FTE, "12 500 000")
    assert at.session_state["plan.a.min_value"] == 2.5
    assert at.session_state[SEK_PER_FTE] == 12_500_000  # read as a number, but above form.yaml's 5 000 000
    assert errors(at) == [t("plan.err.field_range", "sv", min="100\u00a0000", max="5\u00a0000\u00a0000")]
    type_text(at, SEK_PER_FTE, "1 250 000")
    assert not at.exception and not at.error
    assert at.session_state[SEK_PER_FTE] == 1_250_000
    assert shown(at, "plan.a.min_value") == "2,5" and shown(at, SEK_PER_FTE) == "1 250 000"
    assumptions = Assumptions.defaults().model_copy(update={"sek_per_fte_year": 1_250_000})
    policy = Policy.from_scenario("trafikverket_5m", assumptions).model_copy(update={"min_value_sek": 2_500_000})
    expected = sample_totals(policy)
    assert (metrics(at)[0], metrics(at)[2]) == (num(expected.in_policy), num(expected.places))
    assert at.query_params["a.min_value"] == "2.5"
    assert at.query_params["assume.sek_per_fte_year"] == "1250000"


def test_a_field_follows_the_language(app_test: Callable[..., AppTest]) -> None:
    at = app_test(PAGE, "sv")
    type_text(at, "plan.a.min_value", "2,5")
    at.session_state[LANG_KEY] = "en"
    at.run()
    assert shown(at, "plan.a.min_value") == "2.5" and shown(at, SEK_PER_FTE) == "500,000"
    assert at.session_state["plan.a.min_value"] == 2.5


@pytest.mark.parametrize(
    ("key", "text", "message", "kept_text"),
    [
        ("plan.a.min_value", "abc", t("num.err.number", "sv"), "abc"),
        ("plan.a.min_value", "", t("num.err.number", "sv"), ""),
        ("plan.a.min_value", "200000", t("plan.err.field_range", "sv", min="0,0", max="100\u00a0000,0"), "200 000,0"),
        ("plan.b.min_duration", "300", t("plan.err.field_range", "sv", min="0", max="240"), "300"),
        ("plan.b.min_duration", "2,5", t("num.err.whole", "sv"), "2,5"),
        (
            SEK_PER_FTE,
            "50 000",
            t("plan.err.field_range", "sv", min="100\u00a0000", max="5\u00a0000\u00a0000"),
            "50 000",
        ),
        (SEK_PER_FTE, "mycket", t("num.err.number", "sv"), "mycket"),
    ],
)
def test_a_wrong_value_is_reported_at_its_field_and_changes_nothing(
    app_test: Callable[..., AppTest], key: str, text: str, message: str, kept_text: str
) -> None:
    at = app_test(PAGE, "sv")
    type_text(at, "plan.b.min_value", "10")  # a valid change first: the link and results follow it
    before, link = metrics(at), dict(at.query_params)
    assert link["b.min_value"] == "10"
    type_text(at, key, text)
    assert not at.exception
    assert errors(at) == [message]
    assert t("plan.err.kept", "sv") in [w.value for w in at.warning]
    assert metrics(at) == before
    assert dict(at.query_params) == link
    assert shown(at, key) == kept_text  # what was typed stays in the field (a number in the page's format)


def test_correcting_the_field_applies_the_new_value(app_test: Callable[..., AppTest]) -> None:
    at = app_test(PAGE, "en")
    type_text(at, "plan.b.min_duration", "abc")
    assert errors(at) == [t("num.err.number", "en")]
    type_text(at, "plan.b.min_duration", "36")
    assert not at.error and t("plan.err.kept", "en") not in [w.value for w in at.warning]
    expected = sample_totals(Policy.from_scenario("goteborg_all").model_copy(update={"min_duration_months": 36}))
    assert metrics(at)[3] == num(expected.places, "en")
    assert at.query_params["b.min_duration"] == "36"


def test_the_custom_rules_divisor_is_a_number_field_with_its_range(app_test: Callable[..., AppTest]) -> None:
    """form.yaml divisor_msek: 0.1 to 10 000 mnkr per place."""
    at = app_test(PAGE, "sv")
    at.selectbox(key="plan.b.rule").set_value("custom").run()
    key = next(w.key for w in at.text_input if w.key.startswith("plan.b.div.")).removesuffix(".numtext")
    start = at.session_state[key]
    assert shown(at, key) == f"{start:.1f}".replace(".", ",")
    before = metrics(at)
    type_text(at, key, "0,05")
    assert errors(at) == [t("plan.err.field_range", "sv", min="0,1", max="10\u00a0000,0")]
    assert metrics(at) == before
    type_text(at, key, "2,25")
    assert not at.error and at.session_state[key] == 2.25 and shown(at, key) == "2,25"
    assert at.query_params[key.removeprefix("plan.")] == "2.25"


def test_a_link_with_numbers_fills_the_fields_in_the_users_language(app_test: Callable[..., AppTest]) -> None:
    at = app_test(PAGE, "sv", **{"a.min_value": "2.5", "assume.sek_per_fte_year": "650000"})
    assert shown(at, "plan.a.min_value") == "2,5" and shown(at, SEK_PER_FTE) == "650 000"
    assert at.session_state["plan.a.min_value"] == 2.5 and at.session_state[SEK_PER_FTE] == 650_000
    assert not at.error
