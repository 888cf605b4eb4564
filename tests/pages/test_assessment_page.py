"""The self-assessment page under Streamlit's AppTest, in Swedish and English.

The whole journey: answer the questions, read the verdict and numbers, look at reasons, sizing,
condition draft and action plan, get the downloads, share through the URL and carry the sizing
into the calculator. Bad input (zero, negative, absurd values, forged links) gives a message at
the field and keeps the other answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from guidance.assessment.questionnaire import load_questionnaire
from guidance.assessment.sizing import load_sizing_rules
from guidance.core.formatting import fmt_input, fmt_sek
from guidance.core.i18n import t
from ui.registry import PAGES
from ui.state import LANG_KEY

PAGE = "assessment"
QN = load_questionnaire()

#: Brief §5.7 worked example: works, SEK 120 m, 30 months, 25 FTE -> 2 places, 24 months (Trafikverket,
#: the rule suggested for a state agency).
WORKS: dict[str, Any] = {
    "organisation": "state_agency",
    "G1": "yes",
    "G2": "yes",
    "G3": "yes",
    "G4": "yes",
    "G5": "yes",
    "contract_type": "works",
    "framework": "no",
    "direct_award": "no",
    "value_sek": 120e6,
    "duration_months": 30,
    "fte": 25.0,
    "labour_share": 70.0,
    "entry_level": "yes",
    "market": "broad",
    "recurring_recruitment": "yes",
    "labour_law_needed": "no",
    "reserved_plausible": "no",
    "bonus_capacity": "no",
    "start_date": dt.date(2026, 1, 1),
}


def fill(at: AppTest, answers: dict[str, Any], risks_none: bool = True) -> AppTest:
    for field, value in answers.items():
        key = f"a.q.{field}"
        if isinstance(value, str):
            at.radio(key=key).set_value(value)
        elif isinstance(value, dt.date):
            at.date_input(key=key).set_value(value)
        else:
            type_number(at, key, value)
    if risks_none:
        at.checkbox(key="a.q.risks_none").check()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def type_number(at: AppTest, key: str, value: float) -> None:
    """Type ``value`` into the number field under ``key`` the way a person writes it in the page's language."""
    lang = at.session_state[LANG_KEY]
    at.text_input(key=f"{key}.numtext").input(fmt_input(value, lang))


def texts(at: AppTest) -> str:
    out: list[str] = []
    for kind in ("markdown", "caption", "info", "warning", "success", "error", "subheader", "header"):
        out += [str(el.value) for el in getattr(at, kind)]
    return "\n".join(out)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def frame_text(at: AppTest) -> str:
    return "\n".join(d.value.to_csv() for d in at.dataframe)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_whole_journey(app_test: Callable[..., AppTest], lang: str) -> None:
    at = fill(app_test(PAGE, lang), WORKS)

    # verdict and numbers at a glance
    verdict = QN.verdict("advanced").title(lang)
    assert any(verdict in s.value for s in at.success)
    shown = metrics(at)
    assert shown[t("a.metric.places", lang)] == "2"
    assert shown[t("a.metric.employment", lang)] == "24"
    assert shown[t("a.metric.milestone", lang)] == "2026-07-01"

    # the answers are in the URL
    assert at.query_params["v"] == ["120000000"] or at.query_params["v"] == "120000000"
    assert "t" in at.query_params and "sd" in at.query_params

    # reasons with sources, and every rule set side by side
    body = texts(at)
    assert QN.question("duration_months").short(lang) in body
    assert "](https://" in body
    table = frame_text(at)
    for rule in load_sizing_rules():
        assert (rule.name(lang) in table) != rule.comparison  # other countries only when asked for
    at.checkbox(key="a.compare").check().run()
    table = frame_text(at)
    for rule in load_sizing_rules():
        assert rule.name(lang) in table
    assert "1 EUR = " in texts(at) or "1 EUR = " in texts(at).replace("\u00a0", " ")

    # condition draft with the months and the milestone
    at.multiselect(key="a.cond.groups").set_value(["young"])
    at.run()
    body = texts(at)
    assert ("minst 24 månaders heltidsarbete" if lang == "sv" else "at least 24 months of full-time work") in body
    assert "2026-07-01" in body

    # action plan: numerical -> I1 and I4; one role only; a later phase
    plan = texts(at)
    assert "**I1 " in plan and "**I4 " in plan and "**U9 " not in plan
    at.selectbox(key="a.plan.actor").set_value("L")
    at.selectbox(key="a.plan.phase").set_value("implement")
    at.run()
    plan = texts(at)
    assert "**I5 " in plan and "**A1 " not in plan and "**I1 " in plan and "**I8 " not in plan  # I8 is the buyer's

    # downloads
    labels = {b.proto.label for b in at.get("download_button")}
    assert {t("a.dl.docx", lang), t("a.dl.md", lang), t("a.dl.json", lang)} <= labels
    assert not at.exception


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_dialogue_outcome_plans_the_written_agreement(app_test: Callable[..., AppTest], lang: str) -> None:
    answers = {
        **WORKS,
        "value_sek": 18e6,
        "contract_type": "services",
        "duration_months": 10,
        "fte": 3.0,
        "labour_share": 40.0,
        "entry_level": "partly",
        "market": "thin",
        "recurring_recruitment": "no",
    }
    at = fill(app_test(PAGE, lang), answers)
    assert any(QN.verdict("basic").title(lang) in s.value for s in at.info)
    assert "**U9 " in texts(at)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_not_yet_shows_the_checklist(app_test: Callable[..., AppTest], lang: str) -> None:
    at = fill(app_test(PAGE, lang), {**WORKS, "G1": "no"})
    assert any(QN.verdict("not_yet").title(lang) in w.value for w in at.warning)
    body = texts(at)
    assert t("a.doc.checklist", lang) in body
    assert "**S0.2 " in texts(at)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("value_sek", 0.0, "a.err.value_range"),
        ("value_sek", -5_000_000.0, "a.err.value_range"),
        ("value_sek", 2e11, "a.err.value_range"),
        ("duration_months", 0, "a.err.duration_range"),
        ("duration_months", 241, "a.err.duration_range"),
        ("fte", 0.0, "a.err.fte_range"),
    ],
)
def test_bad_input_gets_a_message_and_keeps_the_rest(
    app_test: Callable[..., AppTest], lang: str, field: str, value: float, message: str
) -> None:
    at = fill(app_test(PAGE, lang), WORKS)
    type_number(at, f"a.q.{field}", value)
    at.run()
    assert not at.exception
    assert t(message, lang) in [e.value for e in at.error]
    assert at.radio(key="a.q.contract_type").value == "works"  # the other answers stay
    assert at.session_state["a.q.G1"] == "yes"
    key = {"value_sek": "v", "duration_months": "d", "fte": "f"}[field]
    assert key not in at.query_params  # the bad value is not shared
    assert "t" in at.query_params


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_forged_link_is_reported_and_good_answers_kept(app_test: Callable[..., AppTest], lang: str) -> None:
    params = {"v": "abc", "d": "0", "g": "yy", "t": "works", "f": "25", "sd": "2026-02-30", "el": "maybe"}
    at = app_test(PAGE, lang, **params)
    warning = "\n".join(w.value for w in at.warning)
    assert t("a.url_partly", lang) in warning
    for field in ("value_sek", "duration_months", "start_date", "entry_level"):
        assert QN.question(field).short(lang) in warning
    errors = [e.value for e in at.error]
    assert t("a.err.duration_range", lang) in errors  # also shown at the field
    assert at.radio(key="a.q.contract_type").value == "works"
    assert at.session_state["a.q.fte"] == 25.0
    assert at.text_input(key="a.q.fte.numtext").value == "25"
    assert at.session_state["a.q.value_sek"] is None


def test_link_reproduces_the_assessment(app_test: Callable[..., AppTest]) -> None:
    at = fill(app_test(PAGE, "sv"), WORKS)
    params = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items() if k != "lang"}
    again = app_test(PAGE, "en", **params)
    assert any(QN.verdict("advanced").title("en") in s.value for s in again.success)
    assert metrics(again)[t("a.metric.places", "en")] == "2"
    assert t("a.url_partly", "en") not in "\n".join(w.value for w in again.warning)


def test_start_over_clears_the_answers(app_test: Callable[..., AppTest]) -> None:
    at = fill(app_test(PAGE, "sv"), WORKS)
    at.button(key="assess_btn_reset").click()
    at.run()
    assert at.radio(key="a.q.contract_type").value is None
    assert at.session_state["a.q.value_sek"] is None
    assert at.text_input(key="a.q.value_sek.numtext").value == ""
    assert "v" not in at.query_params


def test_sizing_button_carries_places_and_months_into_the_calculator(app_test: Callable[..., AppTest]) -> None:
    if not any(spec.path == "app_pages/calculator.py" for spec in PAGES):
        pytest.skip("the calculator page is not registered")
    at = fill(app_test(PAGE, "sv"), WORKS)
    at.button(key="assess_btn_calc").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["calc.positions"] == 2
    assert at.session_state["calc.months"] == 12


def test_empty_page_asks_for_answers_instead_of_a_verdict(app_test: Callable[..., AppTest]) -> None:
    at = app_test(PAGE, "sv")
    assert t("a.incomplete_docs", "sv") in [i.value for i in at.info]
    assert not at.success and not at.metric
    assert not at.query_params.get("v")
    assert "0 av 18 frågor besvarade" in texts(at) + "".join(str(p.proto.text) for p in at.get("progress"))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_one_answer_gives_progress_and_no_verdict(app_test: Callable[..., AppTest], lang: str) -> None:
    """Answering only the first question must never show a conclusion (it used to say "no requirement")."""
    at = app_test(PAGE, lang)
    at.radio(key="a.q.G1").set_value("yes")
    at.run()
    shown = texts(at) + "".join(str(p.proto.text) for p in at.get("progress"))
    assert ("1 av 18 frågor besvarad" if lang == "sv" else "1 of 18 questions answered") in shown
    for verdict in QN.verdicts:
        assert verdict.title(lang) not in shown
    assert not at.metric
    assert QN.question("market").short(lang) in shown  # still to answer, by its text
    assert "G2" not in shown and "G4" not in shown  # no internal ids


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_dont_know_on_the_regional_network_keeps_the_verdict(app_test: Callable[..., AppTest], lang: str) -> None:
    at = fill(app_test(PAGE, lang), {**WORKS, "G4": "unknown", "bonus_capacity": "yes"})
    assert any(QN.verdict("advanced_bonus").title(lang) in s.value for s in at.success)
    assert metrics(at)[t("a.metric.places", lang)] == "2"
    shown = texts(at)
    assert "G4" not in shown
    assert QN.flag("regional_network").title(lang) in shown


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_dont_know_that_matters_is_listed_with_who_can_answer(app_test: Callable[..., AppTest], lang: str) -> None:
    at = fill(app_test(PAGE, lang), {**WORKS, "G2": "unknown"})
    assert any(QN.verdict("advanced").title(lang) in s.value for s in at.success)
    shown = texts(at)
    g2 = QN.question("G2").unknown
    assert g2 is not None and g2.who(lang) in shown
    assert t("a.open.conditional", lang) in shown
    assert QN.verdict("not_yet").title(lang) in shown  # what a "no" would give


CLEANING: dict[str, Any] = {
    **WORKS,
    "organisation": "municipality",
    "contract_type": "services",
    "value_sek": 18e6,
    "duration_months": 36,
    "fte": 12.0,
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_municipal_cleaning_gets_one_place_under_the_suggested_rule(
    app_test: Callable[..., AppTest], lang: str
) -> None:
    at = fill(app_test(PAGE, lang), CLEANING)
    assert at.radio(key="a.rule").value == "proportional"
    assert any(QN.verdict("advanced").title(lang) in s.value for s in at.success)
    assert metrics(at)[t("a.metric.places", lang)] == "1"
    assert metrics(at)[t("a.metric.employment", lang)] == "12"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_zero_places_under_the_chosen_rule_is_reconciled(app_test: Callable[..., AppTest], lang: str) -> None:
    at = fill(app_test(PAGE, lang), CLEANING)
    at.radio(key="a.rule").set_value("trafikverket").run()
    assert t("a.zero.title", lang) in texts(at)
    assert metrics(at)[t("a.metric.places", lang)] == "1"  # default: a minimum of one place
    at.radio(key="a.zero").set_value("dialogue").run()
    assert not at.exception
    assert any(QN.verdict("basic").title(lang) in i.value for i in at.info)
    assert t("a.metric.places", lang) not in metrics(at)
    assert t("a.metric.milestone", lang) not in metrics(at)
    assert at.radio(key="a.rule").value == "trafikverket"  # the user's choice stays


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_implausible_value_gets_a_warning_and_a_fix(app_test: Callable[..., AppTest], lang: str) -> None:
    at = fill(app_test(PAGE, lang), {**CLEANING, "value_sek": 18.0})
    warning = "\n".join(w.value for w in at.warning)
    assert fmt_sek(18e6, lang) in warning  # "did you mean SEK 18 million?"
    at.button(key="a.q.value_sek.fix").click().run()
    assert at.session_state["a.q.value_sek"] == 18e6
    assert at.text_input(key="a.q.value_sek.numtext").value == fmt_input(18e6, lang)  # "18 000 000" in Swedish
    assert fmt_sek(18e6, lang) not in "".join(w.value for w in at.warning)
    assert metrics(at)[t("a.metric.places", lang)] == "1"


def saved_json(app_test: Callable[..., AppTest], **overrides: Any) -> bytes:
    """A saved-answers file made the way the page's download makes it."""
    from guidance.assessment.answers_io import answers_from_params, answers_to_json

    at = fill(app_test(PAGE, "sv"), WORKS)
    params = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items() if k != "lang"}
    answers, errors = answers_from_params(params)
    assert not errors
    text = answers_to_json(answers)
    for key, value in overrides.items():
        text = text.replace(f'"{key}": {value[0]}', f'"{key}": {value[1]}')
    return text.encode("utf-8")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_saved_file_resumes_the_assessment(app_test: Callable[..., AppTest], lang: str) -> None:
    at = app_test(PAGE, lang)
    at.file_uploader(key="assess_upload").upload("svar.json", saved_json(app_test), "application/json")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("a.upload_ok", lang) in [s.value for s in at.success]
    assert at.radio(key="a.q.contract_type").value == "works"
    assert metrics(at)[t("a.metric.places", lang)] == "2"


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "a.err.json_malformed"),
        (b'{"format": "something-else", "version": 1, "answers": {}}', "a.err.json_foreign"),
        (b"\xff\xfe\x00garbage", "a.err.json_malformed"),
    ],
)
def test_malformed_or_foreign_file_changes_nothing(
    app_test: Callable[..., AppTest], lang: str, content: bytes, message: str
) -> None:
    at = fill(app_test(PAGE, lang), WORKS)
    at.file_uploader(key="assess_upload").upload("svar.json", content, "application/json")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = "\n".join(e.value for e in at.error)
    assert t("a.upload_bad", lang) in shown and t(message, lang) in shown
    assert at.radio(key="a.q.contract_type").value == "works"
    assert metrics(at)[t("a.metric.places", lang)] == "2"


def test_too_large_file_is_refused(app_test: Callable[..., AppTest]) -> None:
    from guidance.assessment.answers_io import MAX_JSON_BYTES

    at = fill(app_test(PAGE, "en"), WORKS)
    at.file_uploader(key="assess_upload").upload("big.json", b" " * (MAX_JSON_BYTES + 10), "application/json")
    at.run()
    assert any(e.value.startswith("The file is too large") for e in at.error)
    assert at.radio(key="a.q.contract_type").value == "works"


def test_file_with_a_bad_value_keeps_the_good_ones(app_test: Callable[..., AppTest]) -> None:
    data = saved_json(app_test, value_sek=("120000000", "-1"))
    assert b'"value_sek": -1' in data
    at = app_test(PAGE, "sv")
    at.file_uploader(key="assess_upload").upload("svar.json", data, "application/json")
    at.run()
    warning = "\n".join(w.value for w in at.warning)
    assert t("a.upload_partly", "sv") in warning and QN.question("value_sek").short("sv") in warning
    assert t("a.err.value_range", "sv") in [e.value for e in at.error]  # also at the field
    assert at.radio(key="a.q.contract_type").value == "works"
    assert at.session_state["a.q.value_sek"] is None
