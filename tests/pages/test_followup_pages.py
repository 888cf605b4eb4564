"""The follow-up pages under Streamlit's AppTest, in Swedish and English: starting and opening a register,
adding contracts (by hand, from a waiting assessment, with the assessment's and the plan's buttons),
a supplier's report through its link, a correction as version 2 with both versions visible, the
decision-makers' portfolio with small counts hidden, links that do not work, and buyer text kept plain."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from guidance.core.formatting import fmt_input, fmt_num
from guidance.core.i18n import t
from guidance.core.models import LANGS
from guidance.followup.content import load_followup_content
from guidance.followup.register import Draft
from guidance.stores.followup import ENV_URL, FollowupStore
from tests.test_followup_fixtures import contract
from ui.followup_session import followup_store
from ui.state import LANG_KEY

ROOT = Path(__file__).resolve().parents[2]
FOLLOWUP, SUPPLIER = "followup", "supplier_report"
TODAY = dt.date.today()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FollowupStore]:
    """An empty follow-up database for this test, used by the pages too."""
    monkeypatch.setenv(ENV_URL, f"sqlite:///{tmp_path / 'followup.sqlite3'}")
    followup_store.clear()
    yield FollowupStore.open()
    followup_store.clear()


def running(**given: object):
    """A contract that started a year ago and runs two more years (so periods are open and due)."""
    start = dt.date(TODAY.year - 1, TODAY.month, 1)
    return contract(start=start, end=dt.date(start.year + 3, start.month, 1) - dt.timedelta(days=1), **given)


def texts(at: AppTest) -> list[str]:
    """Every text block of the run (Markdown, captions, alerts, plain text)."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "text"):
        out += [str(el.value) for el in getattr(at, kind)]
    return out


def type_into(at: AppTest, key: str, value: float | str) -> AppTest:
    """Type into the number field under ``key`` (ui/number_field.py): a number as the page's language writes it,
    or a text as it is."""
    text = value if isinstance(value, str) else fmt_input(value, at.session_state[LANG_KEY])
    at.text_input(key=f"{key}.numtext").input(text)
    return at


def shown(at: AppTest, key: str) -> str:
    """What the number field under ``key`` shows."""
    return str(at.text_input(key=f"{key}.numtext").value)


def table_cells(at: AppTest) -> list[str]:
    """Every cell of every table shown, as text."""
    return [str(v) for df in at.dataframe for v in df.value.astype(str).to_numpy().ravel()]


# --------------------------------------------------------------------------- the buyer's page
@pytest.mark.parametrize("lang", LANGS)
def test_a_buyer_creates_a_register_and_gets_its_links(
    app_test: Callable[..., AppTest], store: FollowupStore, lang: str
) -> None:
    """Start view -> create -> the register opens with its link in the URL and the decision-makers' link shown once."""
    at = app_test(FOLLOWUP, lang)
    assert t("fu.create_title", lang) in [h.value for h in at.header]
    at.text_input(key="fu.reg_name").set_value("Testkommun").run()
    at.button(key="fubtn_create").click().run()
    assert not at.exception
    assert t("fu.created", lang) in [s.value for s in at.success]
    token = at.query_params["reg"][0] if isinstance(at.query_params["reg"], list) else at.query_params["reg"]
    register = store.register_by_owner(token)
    assert register is not None and register.name == "Testkommun"
    codes = [c.value for c in at.code]
    assert any("reg=" in c for c in codes) and any("portfolio=" in c for c in codes)
    assert t("fu.list_empty", lang) in texts(at)


@pytest.mark.parametrize("lang", LANGS)
def test_a_contract_added_by_hand_gets_a_supplier_link(
    app_test: Callable[..., AppTest], store: FollowupStore, lang: str
) -> None:
    """The form's values become the stored contract; its supplier link is shown once on the contract tab."""
    new = store.create_register()
    at = app_test(FOLLOWUP, lang, reg=new.owner_token)
    at.text_input(key="fu.new.reference").set_value("KS 2026/77")
    at.text_input(key="fu.new.supplier").set_value("Städ AB")
    type_into(at, "fu.new.places", 2)
    type_into(at, "fu.new.employment", 24)
    at.run()
    at.button(key="fubtn_add").click().run()
    assert not at.exception and t("fu.added", lang) in [s.value for s in at.success]
    [c] = store.contracts(new.record.id)
    assert (c.reference, c.supplier, c.requirement.places, c.requirement.employment_months) == (
        "KS 2026/77",
        "Städ AB",
        2,
        24,
    )
    assert c.planned.origin == "manual"
    assert any("supplier_report?r=" in code.value for code in at.code)


@pytest.mark.parametrize("lang", LANGS)
def test_a_personal_identity_number_typed_by_the_buyer_is_refused(
    app_test: Callable[..., AppTest], store: FollowupStore, lang: str
) -> None:
    """The form says why and nothing is stored."""
    new = store.create_register()
    at = app_test(FOLLOWUP, lang, reg=new.owner_token)
    at.text_input(key="fu.new.supplier").set_value("Anna 850101-1234").run()
    at.button(key="fubtn_add").click().run()
    assert t("fu.err.personal_number", lang) in [e.value for e in at.error]
    assert store.contracts(new.record.id) == []


def test_an_assessment_waiting_in_the_session_is_added_with_one_click(
    app_test: Callable[..., AppTest], store: FollowupStore
) -> None:
    """A draft left by the assessment's button: shown, then added with its origin and requirement."""
    new = store.create_register()
    draft = Draft(contract=running(origin="assessment", level="spearhead", places=2))
    at = app_test(FOLLOWUP, "sv", state={"fu.pending": draft.model_dump_json()}, reg=new.owner_token)
    assert t("fu.pending_title", "sv") in " ".join(texts(at))
    at.button(key="fubtn_pending_add").click().run()
    assert not at.exception
    [c] = store.contracts(new.record.id)
    assert c.planned.origin == "assessment" and c.requirement.level == "spearhead"
    assert "fu.pending" not in at.session_state


@pytest.mark.parametrize("lang", LANGS)
def test_the_register_shows_planned_against_delivered_and_the_portfolio_hides_small_counts(
    app_test: Callable[..., AppTest], store: FollowupStore, lang: str
) -> None:
    """Contract view: exact people and months; portfolio: 2 people read "fewer than 5"."""
    new = store.create_register()
    made = store.add_contract(new.record.id, running()).contract
    from guidance.followup.figures import Figures

    store.submit_report(
        made.id,
        made.start,
        Figures(started={"employment": {"young": 2}}, months={"employment": 6}, first_start=made.start),
    )
    at = app_test(FOLLOWUP, lang, reg=new.owner_token)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("fu.m.people", lang)] == "2"
    hidden = load_followup_content().suppression.marker(lang).format(threshold=5)
    assert metrics[t("fu.p.people", lang)] == hidden
    assert t("fu.milestone", lang) in " ".join(texts(at))


@pytest.mark.parametrize("lang", LANGS)
def test_the_decision_makers_link_opens_the_portfolio_only(
    app_test: Callable[..., AppTest], store: FollowupStore, lang: str
) -> None:
    """No contract list, no contract view, no supplier links: the portfolio with hidden small counts."""
    new = store.create_register("Kommunen")
    store.add_contract(new.record.id, running(supplier="Hemlig AB", reference="KS 9"))
    at = app_test(FOLLOWUP, lang, portfolio=new.viewer_token)
    assert not at.exception
    assert t("fu.p.title", lang) in [h.value for h in at.header]
    assert not at.tabs and not at.code
    assert t("fu.list_title", lang) not in [h.value for h in at.header]
    assert "KS 9" not in table_cells(at)


@pytest.mark.parametrize("lang", LANGS)
def test_a_register_link_that_does_not_work_says_so(
    app_test: Callable[..., AppTest], store: FollowupStore, lang: str
) -> None:
    """A well-formed but unknown token: a message and the start view, no register."""
    at = app_test(FOLLOWUP, lang, reg="A" * 32)
    assert t("fu.link_unknown", lang) in [e.value for e in at.error]
    assert t("fu.create_title", lang) in [h.value for h in at.header]


def test_buyer_text_is_never_rendered_as_markdown(app_test: Callable[..., AppTest], store: FollowupStore) -> None:
    """A supplier named with Markdown and HTML shows only in tables, as typed, never in a Markdown block."""
    new = store.create_register()
    store.add_contract(new.record.id, running(supplier="**Fet** <b>AB</b> [x](javascript:alert(1))"))
    at = app_test(FOLLOWUP, "sv", reg=new.owner_token)
    assert not at.exception
    assert "**Fet** <b>AB</b> [x](javascript:alert(1))" in table_cells(at)
    assert not [x for x in texts(at) if "Fet" in x or "javascript" in x]


def test_an_unusable_database_gives_a_message_not_a_crash(
    app_test: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both pages say the database cannot be opened; the rest of the app keeps working."""
    monkeypatch.setenv(ENV_URL, "sqlite:////proc/no-such-dir/fu.sqlite3")
    followup_store.clear()
    try:
        for page in (FOLLOWUP, SUPPLIER):
            at = app_test(page, "sv")
            assert t("fu.store_unavailable", "sv") in [e.value for e in at.error]
    finally:
        followup_store.clear()


# --------------------------------------------------------------------------- the supplier's page
def _period_end(start_iso: str) -> str:
    """The last day of the six-month period starting on ``start_iso``."""
    from guidance.assessment.sizing import add_months

    return (add_months(dt.date.fromisoformat(start_iso), 6) - dt.timedelta(days=1)).isoformat()


def _fill(at: AppTest, people: int, months: float, first: dt.date | None) -> None:
    type_into(at, "sr.started.employment.long_term_unemployed", people)
    type_into(at, "sr.months.employment", months)
    at.run()
    if first is not None:
        at.date_input(key="sr.first_start").set_value(first).run()


@pytest.mark.parametrize("lang", LANGS)
def test_a_supplier_reports_through_the_link_and_a_correction_becomes_version_two(
    app_test: Callable[..., AppTest], store: FollowupStore, lang: str
) -> None:
    """Version 1 from the link; the form reopens with it; a correction needs a reason and stores version 2; both
    versions are listed, the newer one counting, and the buyer's view counts only version 2."""
    new = store.create_register()
    made = store.add_contract(new.record.id, running())
    at = app_test(SUPPLIER, lang, r=made.report_token)
    assert not at.exception
    assert t("sr.privacy_title", lang) in " ".join(texts(at))
    assert not at.text_area and all(ti.key.endswith(".numtext") for ti in at.text_input)  # numbers only, no free text
    _fill(at, 3, 9.0, made.contract.start + dt.timedelta(days=20))
    at.button(key="srbtn_send").click().run()
    first_period = at.selectbox(key="sr.period").value
    assert not at.exception and [s.value for s in at.success] == [
        t("sr.sent", lang, version=1, period=f"{first_period} – {_period_end(first_period)}")
    ]
    assert at.session_state["sr.months.employment"] == 9.0 and shown(at, "sr.months.employment") == "9"

    type_into(at, "sr.months.employment", 7.5).run()
    at.button(key="srbtn_send").click().run()
    assert t("sr.err.reason", lang) in [e.value for e in at.error]
    at.selectbox(key="sr.reason").set_value("typing_error").run()
    at.button(key="srbtn_send").click().run()
    assert not at.exception and not at.error

    history = at.dataframe[-1].value
    versions = list(history[t("fu.col.version", lang)])
    assert versions == [1, 2]
    counts = list(history[t("fu.col.counts", lang)])
    assert counts == [t("fu.no", lang), t("fu.yes", lang)]
    assert list(
        history[
            t(
                "fu.col.months_of",
                lang,
                form=t("page.followup", lang)[:0] + ("Anställning" if lang == "sv" else "Employment"),
            )
        ]
    ) == [9.0, 7.5]
    assert [r.version for r in store.reports(made.contract.id)] == [1, 2]

    buyer = app_test(FOLLOWUP, lang, reg=new.owner_token)
    metrics = {m.label: m.value for m in buyer.metric}
    assert metrics[t("fu.m.employment", lang)].startswith("7,5" if lang == "sv" else "7.5")


@pytest.mark.parametrize("lang", LANGS)
def test_the_form_refuses_more_months_than_the_people_can_work(
    app_test: Callable[..., AppTest], store: FollowupStore, lang: str
) -> None:
    """1 person cannot deliver 20 months in a six-month period: the message names it and nothing is stored."""
    new = store.create_register()
    made = store.add_contract(new.record.id, running())
    at = app_test(SUPPLIER, lang, r=made.report_token)
    _fill(at, 1, 20.0, made.contract.start)
    at.button(key="srbtn_send").click().run()
    assert t("fu.err.months_exceed", lang) in [e.value for e in at.error]
    assert store.reports(made.contract.id) == []


@pytest.mark.parametrize("lang", LANGS)
def test_without_a_working_link_the_supplier_page_opens_nothing(
    app_test: Callable[..., AppTest], store: FollowupStore, lang: str
) -> None:
    """No link: how to get one; a wrong link: it does not work; after too many wrong links: stop trying."""
    at = app_test(SUPPLIER, lang)
    assert t("sr.no_link", lang) in [i.value for i in at.info]
    at = app_test(SUPPLIER, lang, r="B" * 32)
    assert t("sr.link_unknown", lang) in [e.value for e in at.error]
    limit = load_followup_content().limits.max_link_attempts
    at = app_test(SUPPLIER, lang, state={"sr.tries": limit}, r="C" * 32)
    assert t("sr.too_many_tries", lang) in [e.value for e in at.error]
    assert not at.text_input


# --------------------------------------------------------------------------- the buttons other pages place
ENTRY_PAGE = """
import datetime as dt
import streamlit as st
from guidance.assessment.answers import Answers
from guidance.assessment.assess import assess
from guidance.assessment.recommend import recommend
from ui.followup_entry import add_plan_row_button, add_to_followup_button

answers = Answers(
    gates={"G1": True, "G2": True, "G3": True, "G4": True, "G5": True}, contract_type="works", framework=False,
    direct_award=False, value_sek=120_000_000, duration_months=30, fte=25, labour_share=45, entry_level="partly",
    market="adequate", recurring_recruitment=True, labour_law_needed=True, bonus_capacity=True,
    reserved_plausible=False, risks=frozenset(), start_date=dt.date(2027, 1, 1),
)
st.session_state.setdefault("a.name", "Ny skola")
add_to_followup_button(recommend(answers, assess(answers)), answers)
add_plan_row_button({"name": "Lokalvård", "category": "Städ", "outcome": "advanced", "places": 1,
                     "employment_months": 12, "internship_months": 6, "duration_months": 36,
                     "start_date": None, "society_value_sek": 160000.0}, "trafikverket")
"""
ENTRY_APP = """
import streamlit as st
st.navigation([st.Page("entry_page.py", title="Entry"), st.Page("app_pages/followup.py", title="Follow-up")]).run()
"""


@pytest.fixture
def entry_app(tmp_path: Path) -> Path:
    """A small app with a page that places both buttons, and the real follow-up page."""
    (tmp_path / "app_pages").mkdir()
    os.symlink(ROOT / "app_pages" / "followup.py", tmp_path / "app_pages" / "followup.py")
    (tmp_path / "entry_page.py").write_text(ENTRY_PAGE, encoding="utf-8")
    (tmp_path / "entry_app.py").write_text(ENTRY_APP, encoding="utf-8")
    return tmp_path / "entry_app.py"


@pytest.mark.parametrize("button", ["fubtn_from_assessment", "fubtn_from_plan"])
def test_the_assessment_and_plan_buttons_add_with_one_click_when_a_register_is_open(
    entry_app: Path, store: FollowupStore, button: str
) -> None:
    """With a register open in the session, one click registers the contract and opens the follow-up page on it."""
    new = store.create_register()
    at = AppTest.from_file(str(entry_app), default_timeout=60)
    at.session_state[LANG_KEY] = "sv"
    at.session_state["fu.reg"] = new.owner_token
    at.run()
    at.button(key=button).click().run()
    assert not at.exception, [e.value for e in at.exception]
    [c] = store.contracts(new.record.id)
    if button == "fubtn_from_assessment":
        assert (c.title, c.requirement.level, c.requirement.places, c.planned.origin) == (
            "Ny skola",
            "spearhead",
            2,
            "assessment",
        )
        assert c.start == dt.date(2027, 1, 1) and c.requirement.milestone_months == 6
    else:
        assert (c.title, c.requirement.places, c.planned.origin, c.planned.value_sek) == (
            "Lokalvård",
            1,
            "plan",
            160000.0,
        )
    assert t("fu.added", "sv") in [s.value for s in at.success]


def test_without_an_open_register_the_draft_waits_on_the_follow_up_page(entry_app: Path, store: FollowupStore) -> None:
    """No register in the session: the draft is kept and the follow-up page asks for a register first."""
    at = AppTest.from_file(str(entry_app), default_timeout=60)
    at.session_state[LANG_KEY] = "en"
    at.run()
    at.button(key="fubtn_from_assessment").click().run()
    assert not at.exception
    assert "fu.pending" in at.session_state
    assert t("fu.pending_open_first", "en") in [i.value for i in at.info]


@pytest.mark.parametrize("lang", LANGS)
def test_a_contract_is_changed_and_removed_from_its_own_view(
    app_test: Callable[..., AppTest], store: FollowupStore, lang: str
) -> None:
    """After the dialogue the buyer enters the agreed places; a contract added by mistake is removed after a tick."""
    new = store.create_register()
    made = store.add_contract(new.record.id, running(level="basic", places=0, employment_months=0)).contract
    at = app_test(FOLLOWUP, lang, reg=new.owner_token)
    prefix = f"fu.edit.{made.id}."
    assert at.selectbox(key=f"{prefix}level").value == "basic"
    type_into(at, f"{prefix}places", 1)
    type_into(at, f"{prefix}employment", 12).run()
    at.button(key=f"fubtn_edit_{made.id}").click().run()
    assert not at.exception and t("fu.saved", lang) in [s.value for s in at.success]
    changed = store.contract(new.record.id, made.id)
    assert changed is not None and (changed.requirement.places, changed.requirement.employment_months) == (1, 12)
    assert changed.planned == made.planned  # what was planned stays as it was

    assert at.button(key=f"fubtn_delete_{made.id}").disabled
    at.checkbox(key=f"fu.delete_ok.{made.id}").check().run()
    at.button(key=f"fubtn_delete_{made.id}").click().run()
    assert t("fu.deleted", lang) in [s.value for s in at.success]
    assert store.contracts(new.record.id) == []


# --------------------------------------------------------------------------- numbers written the page's way
#: The numbers as each language writes them (Swedish groups digits with a no-break space).
WRITTEN = {
    "sv": {"bonus": "25\u00a0000", "months": "2,5", "places_max": "10\u00a0000", "months_max": "100\u00a0000"},
    "en": {"bonus": "25,000", "months": "2.5", "places_max": "10,000", "months_max": "100,000"},
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_contract_form_writes_numbers_the_pages_way(
    app_test: Callable[..., AppTest], store: FollowupStore, lang: str
) -> None:
    """A new contract starts at 1 place, 12 months and a milestone after 6 months; a stored bonus of 25000 SEK a
    month for up to 2.5 months reads "25 000" and "2,5" on the Swedish page, "25,000" and "2.5" on the English one."""
    new = store.create_register()
    bonus = {"employment_sek_per_month": 25000, "internship_sek_per_month": 0, "employment_months": 2.5,
             "internship_months": 0}  # fmt: skip
    made = store.add_contract(new.record.id, running(level="spearhead", bonus=bonus)).contract
    at = app_test(FOLLOWUP, lang, reg=new.owner_token)
    assert [shown(at, f"fu.new.{name}") for name in ("places", "employment", "internship", "milestone")] == [
        "1",
        "12",
        "0",
        "6",
    ]
    prefix = f"fu.edit.{made.id}."
    assert shown(at, f"{prefix}bonus_emp") == WRITTEN[lang]["bonus"]
    assert shown(at, f"{prefix}bonus_emp_months") == WRITTEN[lang]["months"]
    assert at.session_state[f"{prefix}bonus_emp"] == 25000 and at.session_state[f"{prefix}bonus_emp_months"] == 2.5

    type_into(at, f"{prefix}bonus_int", "12 500" if lang == "sv" else "12,500")
    type_into(at, f"{prefix}bonus_int_months", "1,5" if lang == "sv" else "1.5").run()
    at.button(key=f"fubtn_edit_{made.id}").click().run()
    assert not at.exception and t("fu.saved", lang) in [s.value for s in at.success]
    changed = store.contract(new.record.id, made.id)
    assert changed is not None and changed.requirement.bonus is not None
    assert (changed.requirement.bonus.internship_sek_per_month, changed.requirement.bonus.internship_months) == (
        12500,
        1.5,
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_contract_field_that_is_not_a_number_or_too_large_stops_the_form(
    app_test: Callable[..., AppTest], store: FollowupStore, lang: str
) -> None:
    """ "abc" as places and 200 000 employment months: each field says what to type, with its bounds written the
    page's way; the form says why it cannot save and nothing is stored (never a 0 in place of the text)."""
    new = store.create_register()
    at = app_test(FOLLOWUP, lang, reg=new.owner_token)
    type_into(at, "fu.new.places", "abc")
    type_into(at, "fu.new.employment", 200_000).run()
    errors = [e.value for e in at.error]
    assert t("fu.num.whole_range", lang, low="0", high=WRITTEN[lang]["places_max"]) in errors
    assert t("fu.num.range", lang, low="0", high=WRITTEN[lang]["months_max"]) in errors
    assert shown(at, "fu.new.places") == "abc" and at.session_state["fu.new.places"] == "abc"
    at.button(key="fubtn_add").click().run()
    assert not at.exception and t("fu.err.fields", lang) in [e.value for e in at.error]
    assert t("fu.added", lang) not in [s.value for s in at.success]
    assert store.contracts(new.record.id) == []

    type_into(at, "fu.new.places", "2,5" if lang == "sv" else "2.5").run()  # places are whole
    assert t("fu.num.whole_range", lang, low="0", high=WRITTEN[lang]["places_max"]) in [e.value for e in at.error]
    type_into(at, "fu.new.places", 2)
    type_into(at, "fu.new.employment", 24).run()
    assert not at.error
    at.button(key="fubtn_add").click().run()
    [c] = store.contracts(new.record.id)
    assert (c.requirement.places, c.requirement.employment_months) == (2, 24)


@pytest.mark.parametrize("lang", LANGS)
def test_a_report_field_that_is_not_a_number_or_too_large_stops_sending(
    app_test: Callable[..., AppTest], store: FollowupStore, lang: str
) -> None:
    """ "abc" people and more months than the form's limit: messages at the fields, the report is not sent; with
    the fields corrected (2,5 months typed the Swedish way on the Swedish page) it is."""
    new = store.create_register()
    made = store.add_contract(new.record.id, running())
    limits = load_followup_content().limits
    at = app_test(SUPPLIER, lang, r=made.report_token)
    cell, months = "sr.started.employment.long_term_unemployed", "sr.months.employment"
    type_into(at, cell, "abc")
    type_into(at, months, limits.max_months + 1).run()
    errors = [e.value for e in at.error]
    assert t("fu.num.whole_range", lang, low="0", high=fmt_num(limits.max_people, lang)) in errors
    assert t("fu.num.range", lang, low="0", high=fmt_num(limits.max_months, lang)) in errors
    assert fmt_num(limits.max_months, lang) == {"sv": "6\u00a0000", "en": "6,000"}[lang]
    at.button(key="srbtn_send").click().run()
    assert not at.exception and t("sr.err.fields", lang) in [e.value for e in at.error]
    assert store.reports(made.contract.id) == []

    type_into(at, cell, 1)
    type_into(at, months, "2,5" if lang == "sv" else "2.5").run()
    at.date_input(key="sr.first_start").set_value(made.contract.start).run()
    assert not at.error
    at.button(key="srbtn_send").click().run()
    assert not at.exception and not at.error
    [sent] = store.reports(made.contract.id)
    assert sent.figures.months == {"employment": 2.5} and sent.figures.started == {
        "employment": {"long_term_unemployed": 1}
    }
    assert shown(at, months) == WRITTEN[lang]["months"]
