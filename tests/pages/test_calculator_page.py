"""The calculator page under Streamlit's AppTest: result, bad input at the field, parameters, prefill."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from guidance.calculator.calculate import ACTORS, calculate
from guidance.calculator.dated import load_book
from guidance.calculator.parameters import load_parameters
from guidance.core.formatting import fmt_input, fmt_sek
from guidance.core.i18n import t
from ui.calculator.form import PARAMS_OPEN
from ui.state import LANG_KEY

PAGE = "calculator"
P = load_parameters()
UHM_SOCIETY = calculate(P.default_inputs(), P).society_total
#: The session of a visitor who opened the parameter fields.
PARAMS_SHOWN = {PARAMS_OPEN: True}


def _tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table on the page: the small result tables (``st.table``) and the data grids."""
    return [e.value for e in at.table] + [e.value for e in at.dataframe]


def _society(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == t("calc.society_metric", at.session_state["ui.lang"]))


def type_into(at: AppTest, key: str, value: float) -> AppTest:
    """Type ``value`` into the number field under ``key`` as a person writes it in the page's language."""
    at.text_input(key=f"{key}.numtext").input(fmt_input(value, at.session_state[LANG_KEY]))
    return at


def _errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_page_shows_the_worked_example_result_in_the_users_format(app_test: Callable[..., AppTest], lang: str) -> None:
    """The default inputs (UHM's example) give society's total, formatted for the language."""
    at = app_test(PAGE, lang)
    assert _society(at) == fmt_sek(UHM_SOCIETY, lang)
    assert t("calc.limits_caption", lang) in [i.value for i in at.info]
    assert len(_tables(at)) >= 5
    assert at.selectbox(key="calc.breakdown_actor").options == [t(f"calc.actor.{a}", lang) for a in ACTORS]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("calc.wage", -100.0, "calc.err.wage"),
        ("calc.months", -1, "calc.err.months"),
        ("calc.months", 0, "calc.err.months"),
        ("calc.work_share", 0.0, "calc.err.work_share"),
        ("calc.work_share", 120.0, "calc.err.work_share"),
        ("calc.productivity", 151.0, "calc.err.productivity"),
    ],
)
def test_bad_input_shows_a_message_at_the_field_and_keeps_the_last_result(
    app_test: Callable[..., AppTest], key: str, value: float, message: str
) -> None:
    """Issue: bad input -> clear message in the user's language, previous valid result kept, no traceback."""
    at = app_test(PAGE, "sv")
    before = _society(at)
    type_into(at, key, value).run()
    assert not at.exception
    assert t(message, "sv") in _errors(at)
    assert t("calc.err.kept", "sv") in [w.value for w in at.warning]
    assert _society(at) == before


def test_bad_input_message_is_in_english_for_english_users(app_test: Callable[..., AppTest]) -> None:
    """The field message follows the user's language."""
    at = app_test(PAGE, "en")
    type_into(at, "calc.wage", -1.0).run()
    assert t("calc.err.wage", "en") in _errors(at)


def test_negative_tax_rate_is_rejected_and_reset_restores_defaults(app_test: Callable[..., AppTest]) -> None:
    """A parameter edited to nonsense shows an error at the field; the reset button restores every value."""
    at = app_test(PAGE, "sv", state=PARAMS_SHOWN)
    before = _society(at)
    type_into(at, "calc.p.tax.municipal_rate", -3.0).run()
    assert not at.exception
    assert any(e.startswith("Värdet måste ligga mellan 0,00 och 40,00") for e in _errors(at))
    assert _society(at) == before
    next(b for b in at.button if b.label == t("calc.params_reset", "sv")).click().run()
    assert not _errors(at)
    assert at.session_state["calc.p.tax.municipal_rate"] == pytest.approx(20.68)


def test_edited_parameter_changes_the_actor_result(app_test: Callable[..., AppTest]) -> None:
    """A valid edit of the municipal tax rate raises the municipality's result but not society's."""
    at = app_test(PAGE, "sv", state=PARAMS_SHOWN)
    before = _society(at)
    type_into(at, "calc.p.tax.municipal_rate", 22.0).run()
    assert not _errors(at)
    assert _society(at) == before
    changed = at.session_state["calc.last_result"]
    assert changed.actor("municipality").total > calculate(P.default_inputs(), P).actor("municipality").total


def test_changing_wage_updates_the_result(app_test: Callable[..., AppTest]) -> None:
    """A new wage gives a new result: society = 0.8 × wage cost × 12 − supervision − admin − procurement."""
    at = app_test(PAGE, "sv")
    type_into(at, "calc.wage", 25000.0).run()
    expected = calculate(P.default_inputs().model_copy(update={"wage": 25000.0}), P).society_total
    assert _society(at) == fmt_sek(expected, "sv")


def test_prefill_from_the_assessment_is_applied_once(app_test: Callable[..., AppTest]) -> None:
    """Assessment link: places, months and form arrive through calc.prefill and are shown as such."""
    at = app_test(PAGE, "sv", state={"calc.prefill": {"positions": 4, "months": 6, "form": "internship"}})
    assert at.session_state["calc.positions"] == 4
    assert at.session_state["calc.months"] == 6
    assert at.selectbox(key="calc.form").value == "internship"
    assert t("calc.prefill_info", "sv") in [i.value for i in at.info]
    assert "calc.prefill" not in at.session_state
    result = at.session_state["calc.last_result"]
    assert (result.inputs.positions, result.inputs.months, result.inputs.form) == (4, 6, "internship")


def test_sensitivity_target_can_be_an_actor(app_test: Callable[..., AppTest]) -> None:
    """The sensitivity view can show a single actor; the page still renders."""
    at = app_test(PAGE, "en")
    at.selectbox(key="calc.sens_target").set_value("municipality").run()
    assert not at.exception


# -- dated parameters, UHM's example, realistic value ------------------------------------------------------


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_the_date_starts_today_and_says_which_period_is_in_force(app_test: Callable[..., AppTest]) -> None:
    """Issue: the calculator computes for a chosen date (default today) and shows which values were in force."""
    at = app_test(PAGE, "sv")
    book = load_book()
    today = min(max(dt.date.today(), book.coverage.start), book.coverage.end)
    assert at.date_input(key="calc.date").value == today
    period = book.at(today)
    assert t("calc.date_period_open", "sv", start=period.valid_from.isoformat()) in _markdown(at) or (
        t("calc.date_period", "sv", start=period.valid_from.isoformat(), end=str(period.valid_until)) in _markdown(at)
    )


def test_an_earlier_date_uses_the_values_then_in_force(app_test: Callable[..., AppTest]) -> None:
    """Activity support 223 before 1 Oct 2025; each parameter's caption says when its value took effect."""
    at = app_test(PAGE, "en", state=PARAMS_SHOWN)
    assert at.session_state["calc.p.benefit.activity_support_daily"] == 365
    at.date_input(key="calc.date").set_value(dt.date(2025, 3, 1)).run()
    assert not at.exception
    assert at.session_state["calc.p.benefit.activity_support_daily"] == 223
    assert at.session_state["calc.p.econ.pbb"] == 58800
    assert at.session_state["calc.last_result"].rules_from == dt.date(2025, 1, 1)
    assert "In force since at least 2025-01-01" in _markdown(at)
    at.date_input(key="calc.date").set_value(dt.date(2026, 5, 1)).run()
    assert "In force from 2026-04-01" in _markdown(at)  # the young people's reduced contributions


def test_an_edited_parameter_survives_a_change_of_date(app_test: Callable[..., AppTest]) -> None:
    """User overrides keep working across dates: the edit stays, the other fields follow the date."""
    at = app_test(PAGE, "sv", state=PARAMS_SHOWN)
    type_into(at, "calc.p.tax.municipal_rate", 22.0).run()
    at.date_input(key="calc.date").set_value(dt.date(2025, 3, 1)).run()
    assert at.session_state["calc.p.tax.municipal_rate"] == pytest.approx(22.0)
    assert at.session_state["calc.p.econ.pbb"] == 58800
    assert t("calc.params_changed", "sv", n=1) in [i.value for i in at.info]


def test_uhms_example_is_shown_next_to_the_apps_result(app_test: Callable[..., AppTest]) -> None:
    """Issue: UHM's published result side by side with the app's on each parameter date, never claimed as UHM's."""
    at = app_test(PAGE, "sv")
    tables = _tables(at)
    table = next(df for df in tables if t("calc.uhm.col.published", "sv") in df.columns)
    assert len(table.columns) == 2 + len(load_book().change_dates())
    assert "över 200\u00a0000\u00a0kr" in table[t("calc.uhm.col.published", "sv")].tolist()
    text = _markdown(at)
    assert "alla aktörer går plus: Nej (Arbetsgivaren)" in text
    assert any(t("calc.uhm.as_calculated", "sv") in df.iloc[:, 0].tolist() for df in tables if len(df.columns))


def test_the_realistic_value_is_off_until_switched_on(app_test: Callable[..., AppTest]) -> None:
    """Issue: an optional adjustment (off by default) shows the gross and the adjusted value, with its source."""
    at = app_test(PAGE, "en")
    heading = t("calc.adjust.col.adjusted", "en")
    assert not any(heading in df.columns for df in _tables(at))
    at.toggle(key="calc.adjust_on").set_value(True).run()
    table = next(df for df in _tables(at) if heading in df.columns)
    assert table[heading].tolist()[-1] == "SEK\u00a036,503"
    assert at.session_state["calc.adjust.additionality.employment"] == pytest.approx(38.0)
    type_into(at, "calc.adjust.additionality.employment", 140.0).run()
    assert not at.exception
    assert t("calc.err.adjust_range", "en", min="0", max="100") in _errors(at)


def test_the_parameter_fields_show_on_request_and_changes_apply_while_hidden(app_test: Callable[..., AppTest]) -> None:
    """The ~40 parameter fields are drawn only when asked for; a changed value keeps working when they are hidden."""
    at = app_test(PAGE, "sv")
    keys = {ti.key for ti in at.text_input}
    assert "calc.p.tax.municipal_rate.numtext" not in keys and "calc.positions.numtext" in keys
    at.toggle(key=PARAMS_OPEN).set_value(True).run()
    assert "calc.p.tax.municipal_rate.numtext" in {ti.key for ti in at.text_input}
    type_into(at, "calc.p.tax.municipal_rate", 22.0).run()
    changed = at.session_state["calc.last_result"].actor("municipality").total
    at.toggle(key=PARAMS_OPEN).set_value(False).run()
    assert "calc.p.tax.municipal_rate.numtext" not in {ti.key for ti in at.text_input}
    assert at.session_state["calc.last_result"].actor("municipality").total == changed
    assert t("calc.params_changed", "sv", n=1) in [i.value for i in at.info]


def test_the_lines_of_the_chosen_actor_are_shown(app_test: Callable[..., AppTest]) -> None:
    """One actor's lines at a time: choosing the employer shows the employer's sum in the lines table."""
    at = app_test(PAGE, "sv")
    total = t("calc.col.total", "sv")
    employer = at.session_state["calc.last_result"].actor("employer")
    at.selectbox(key="calc.breakdown_actor").set_value("employer").run()
    lines = next(df for df in _tables(at) if t("calc.col.kind", "sv") in df.columns)
    assert lines[total].tolist()[-1] == fmt_sek(employer.total, "sv")
