"""The policy explorer page under Streamlit's AppTest: sample plan, upload, mapping, scenarios, problems."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from guidance.assessment.plausibility import check_contract
from guidance.content.loader import CONTENT_DIR
from guidance.core.formatting import fmt_num, fmt_sek
from guidance.core.i18n import t
from guidance.screening.reading import load_plan, read_plan
from guidance.screening.screen import Assumptions, Policy, screen, totals
from tests.unit.test_plan_quirks import cp1252_csv, ods_plan, quirky_workbook
from ui.screening_check import category_widget_key as cat_key

SAMPLE = CONTENT_DIR / "screening" / "sample_plan.csv"
PAGE = "app_pages/screening.py"
BAD = """Upphandling;Kategori;Värde (kr);Avtalstid (mån)
Bra rad;Städ;30 000 000;36
<script>alert('x')</script>;Bygg;80 000 000;24
Inget tal;Städ;tio miljoner;36
"""


def sample_totals(policy: Policy):
    checked, _ = load_plan(SAMPLE.read_bytes(), SAMPLE.name)
    return totals(screen(checked.plan, policy, check=False))


def metric(at: AppTest, index: int) -> str:
    return str(at.metric[index].value).replace("\u00a0", " ")


def num(value: int, lang: str = "sv") -> str:
    return fmt_num(value, lang).replace("\u00a0", " ")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_sample_plan_shows_both_default_scenarios_with_their_totals(
    app_test: Callable[..., AppTest], lang: str
) -> None:
    """Trafikverket from SEK 5 m (A) and Göteborg on the whole plan (B), as screen() computes them."""
    at = app_test(PAGE, lang)
    a = sample_totals(Policy.from_scenario("trafikverket_5m"))
    b = sample_totals(Policy.from_scenario("goteborg_all"))
    # metric order: covered A/B, places A/B, employment months A/B, ...
    assert (metric(at, 2), metric(at, 3)) == (num(a.places, lang), num(b.places, lang))
    assert (metric(at, 4), metric(at, 5)) == (num(a.employment_months, lang), num(b.employment_months, lang))
    assert t("plan.synthetic_note", lang) in [i.value for i in at.info]
    headers = [h.value for h in at.header]
    assert headers == [
        t(k, lang) for k in ("plan.input_title", "plan.policy_title", "plan.results_title", "plan.export_title")
    ]
    assert len(at.get("download_button")) >= 5
    assert not at.error


def test_choosing_another_preset_for_b_changes_its_totals(app_test: Callable[..., AppTest]) -> None:
    at = app_test(PAGE)
    at.selectbox(key="plan.b.preset").set_value("malmo_all").run()
    assert not at.exception
    assert at.selectbox(key="plan.b.rule").value == "malmo"
    malmo = sample_totals(Policy.from_scenario("malmo_all"))
    assert metric(at, 5) == num(malmo.employment_months)


def test_assumptions_apply_to_both_scenarios(app_test: Callable[..., AppTest]) -> None:
    """Gates not assumed met cap every verdict at dialogue: no numerical requirement in A or B."""
    at = app_test(PAGE)
    at.checkbox(key="plan.assume.gates").uncheck().run()
    assert not at.exception
    assert (metric(at, 2), metric(at, 3)) == ("0", "0")
    unknown = Assumptions(gates_met=False)
    expected = sample_totals(Policy.from_scenario("trafikverket_5m", unknown))
    assert metric(at, 8) == num(expected.by_outcome["basic"])


def test_share_slider_limits_scenario_a(app_test: Callable[..., AppTest]) -> None:
    at = app_test(PAGE)
    at.slider(key="plan.a.share").set_value(10).run()
    assert not at.exception
    policy = Policy.from_scenario("trafikverket_5m").model_copy(update={"share": 0.1})
    assert metric(at, 0) == num(sample_totals(policy).in_policy)


def test_uploaded_plan_with_bad_rows_lists_them_and_screens_the_good_ones(app_test: Callable[..., AppTest]) -> None:
    at = app_test(PAGE)
    at.radio(key="plan.source").set_value("upload").run()
    at.file_uploader[0].upload("plan.csv", BAD.encode("cp1252"), "text/csv")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    summary = [w.value for w in at.warning]
    assert any("Rader som inte kan granskas: 1." in w for w in summary), summary
    frames = [df.value for df in at.dataframe]
    problems = next(f for f in frames if "Problem" in f.columns)
    assert 4 in set(problems["Rad"]) and "tio miljoner" in set(problems["Värde i filen"])
    assert metric(at, 0) == "2"  # two good rows covered by Göteborg ... in scenario B
    for md in at.markdown:
        assert "<script" not in str(md.value)
    assert not at.error


def test_missing_columns_ask_for_a_mapping_and_work_once_mapped(app_test: Callable[..., AppTest]) -> None:
    plan = "Objekt;Område;Belopp;Tid\nLokalvård;Städ;30 000 000;36\nNy skola;Bygg;90 000 000;24\n"
    at = app_test(PAGE, "en")
    at.radio(key="plan.source").set_value("upload").run()
    at.file_uploader[0].upload("plan.csv", plan.encode(), "text/csv")
    at.run()
    assert any("Term (months)" in w.value for w in at.warning)
    assert not at.metric
    at.selectbox(key="plan.map.duration_months").set_value("Tid").run()
    assert not at.exception
    assert at.metric, "results appear once every required column is mapped"


def test_a_file_of_the_wrong_type_gives_a_message_not_a_traceback(app_test: Callable[..., AppTest]) -> None:
    at = app_test(PAGE, "en")
    at.radio(key="plan.source").set_value("upload").run()
    at.file_uploader[0].upload("plan.csv", b"\x89PNG\r\n\x1a\n\x00\x00binary", "text/csv")
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("plan.err.binary", "en")]


def test_an_uploaded_plan_is_kept_when_the_user_visits_another_page(app_test: Callable[..., AppTest]) -> None:
    """Nothing the user entered is lost: leaving the page and coming back keeps the uploaded file."""
    at = app_test(PAGE)
    at.radio(key="plan.source").set_value("upload").run()
    at.file_uploader[0].upload("plan.csv", BAD.encode("cp1252"), "text/csv")
    at.run()
    at.switch_page("app_pages/process.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("plan.csv" in c.value for c in at.caption)
    assert any("Rader som inte kan granskas: 1." in w.value for w in at.warning)


MILLIONS = """Upphandling;Kategori;Värde (kr);Avtalstid (mån);Årsarbetskrafter
Lokalvård skolor;Städ;18;36;12
Ny förskola;Bygg;90 000 000;24;30
"""


def test_a_value_typed_in_millions_is_screened_and_listed_as_a_row_to_check(app_test: Callable[..., AppTest]) -> None:
    """plausibility.yaml: 18 kr for 36 months of cleaning -> 'did you mean 18 000 000 kr?' in the page."""
    at = app_test(PAGE)
    at.radio(key="plan.source").set_value("upload").run()
    at.file_uploader[0].upload("plan.csv", MILLIONS.encode(), "text/csv")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("plan.check_summary", "sv", rows="1") in [w.value for w in at.warning]
    expected = check_contract(18.0, 36, 12.0, None)[0]
    assert fmt_sek(18_000_000, "sv") in expected.text("sv")
    to_check = next(df.value for df in at.dataframe if t("plan.out.checks", "sv") in df.value.columns)
    assert list(to_check[t("plan.col.row", "sv")]) == [2]
    assert list(to_check[t("plan.out.checks", "sv")]) == [expected.text("sv")]
    assert list(to_check[t("plan.out.suggested_value_sek", "sv")]) == [18_000_000]
    at.selectbox(key="plan.detail").set_value(2).run()
    assert not at.exception
    assert any(w.value.replace("\\", "") == expected.text("sv") for w in at.warning)


def test_the_sample_plan_has_no_rows_to_check_on_the_page(app_test: Callable[..., AppTest]) -> None:
    at = app_test(PAGE, "en")
    assert t("plan.check_none", "en") in [i.value for i in at.info]
    assert t("plan.check_title", "en") in [s.value for s in at.subheader]


# --------------------------------------------------------------------------- plans as people write them
def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.radio(key="plan.source").set_value("upload").run()
    at.file_uploader[0].upload(name, data, "application/octet-stream")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(text: str) -> str:
    return text.replace("\\", "")


def test_a_quirky_workbook_is_read_right_first_time_and_the_page_shows_how(app_test: Callable[..., AppTest]) -> None:
    """Instructions sheet first, a merged title, notes, a hidden column, mnkr in the heading, a totals row."""
    at = upload(app_test(PAGE), "plan.xlsx", quirky_workbook())
    assert t("plan.reading_title", "sv") in [s.value for s in at.subheader]
    infos = [plain(i.value) for i in at.info]
    assert any(i.startswith("Kolumnrubrikerna står på rad 4 på bladet ”Plan 2027”") for i in infos), infos
    assert at.selectbox(key="plan.sheet").value == "Plan 2027"
    columns = next(df.value for df in at.dataframe if t("plan.check.col.read_as", "sv") in df.value.columns)
    unit = columns.set_index(t("plan.check.col.header", "sv"))[t("plan.check.col.unit", "sv")]
    assert unit["Uppskattat värde (mnkr)"] == "miljoner kronor (mnkr), enligt rubriken"
    hidden = columns.set_index(t("plan.check.col.header", "sv"))[t("plan.check.col.hidden", "sv")]
    assert hidden["Nr"] == "ja"
    counts = t("plan.counts", "sv", total="8", screened="5", to_fix="0", skipped="3", not_read="0")
    assert counts in [c.value for c in at.caption]
    reading = read_plan(quirky_workbook(), "plan.xlsx")
    expected = totals(screen(reading.checked.plan, Policy.from_scenario("goteborg_all"), check=False))
    assert metric(at, 3) == num(expected.places)
    assert not at.error


def test_mapping_a_category_word_rescreens_and_goes_into_the_link(app_test: Callable[..., AppTest]) -> None:
    at = upload(app_test(PAGE), "plan.csv", cp1252_csv())
    box = at.selectbox(key=cat_key("vägunderhåll"))
    assert box.value == ""
    box.set_value("construction").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["pcat"] == "vägunderhåll=construction"
    assert at.session_state["plan_state.category_map"] == {"vägunderhåll": "construction"}
    problems = next(df.value for df in at.dataframe if "Problem" in df.value.columns)
    assert "Vägunderhåll" not in set(problems["Värde i filen"])


def test_a_link_with_category_words_maps_them_when_the_plan_is_uploaded(app_test: Callable[..., AppTest]) -> None:
    at = app_test(PAGE, "en", pcat="vägunderhåll=construction,fastighet=property_care,x=space")
    assert any("left out: x" in plain(w.value) for w in at.warning), [w.value for w in at.warning]
    at = upload(at, "plan.csv", cp1252_csv())
    assert at.session_state["plan_state.category_map"] == {"vägunderhåll": "construction", "fastighet": "property_care"}
    assert at.query_params["pcat"] == "fastighet=property_care,vägunderhåll=construction"
    assert at.selectbox(key=cat_key("vägunderhåll")).value == "construction"
    problems = next(df.value for df in at.dataframe if "Problem" in df.value.columns)
    assert not ({"Vägunderhåll", "Fastighet"} & set(problems["Value in the file"]))


def test_an_implausible_unit_is_proposed_and_one_click_applies_it(app_test: Callable[..., AppTest]) -> None:
    """columns.yaml unit_check: a median value of SEK 3 500 is implausible; tkr brings it to SEK 3.5 m."""
    plan = "Upphandling;Kategori;Värde;Avtalstid (mån)\nA;Städ;3 500;24\nB;Bygg;24 000;36\nC;Städ;800;12\n"
    at = upload(app_test(PAGE, "en"), "plan.csv", plan.encode())
    warnings = [plain(w.value) for w in at.warning]
    assert any("Estimated value (SEK): in SEK the median comes to 3,500" in w for w in warnings), warnings
    at.button(key="plan_btn_unit_value_sek").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="plan.unit.value_sek").value == "tkr"
    assert not any("median" in plain(w.value) for w in at.warning)


def test_a_wrong_header_row_is_explained_and_the_table_can_be_found_again(app_test: Callable[..., AppTest]) -> None:
    at = upload(app_test(PAGE, "en"), "plan.csv", cp1252_csv())
    at.number_input(key="plan.header_row").set_value(3).run()
    assert [e.value for e in at.error] == [t("plan.err.header_row", "en", row=3)]
    at.button(key="plan_btn_find_table").click().run()
    assert not at.error and at.number_input(key="plan.header_row").value is None
    assert at.metric, "the plan is screened again"


def test_an_ods_plan_is_screened_on_the_page(app_test: Callable[..., AppTest]) -> None:
    at = upload(app_test(PAGE, "en"), "plan.ods", ods_plan())
    assert any(plain(i.value).startswith("The column headings are in row 2") for i in at.info)
    assert at.metric and not at.error
