"""The workshop's group form and live view under AppTest: only complete answers are sent and counted.

A group's form refuses to send until every question its case needs is answered (the message names the
questions by their short text, with the right plural, in the user's language); switching language
keeps what the group entered; the facilitator's figures count complete answers only and show how many
groups are missing. Rules: guidance/workshop/completeness.py and results.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import answers_to_json
from guidance.assessment.questionnaire import load_questionnaire
from guidance.core.formatting import fmt_input
from guidance.core.i18n import t, tn
from guidance.core.markdown import md_escape
from guidance.core.models import LANGS
from guidance.stores.workshop import NewWorkshop, WorkshopStore, make_engine
from guidance.workshop.cases import load_library
from guidance.workshop.completeness import to_answer
from ui.state import LANG_KEY

PAGE = "workshop"
LIB = load_library()
QN = load_questionnaire()
CLEANING = LIB.case("cleaning")
#: The cleaning case's reference answers as the group's widgets hold them (value in SEK million).
REFERENCE_WIDGETS: dict[str, Any] = {
    **{f"G{i}": "yes" for i in range(1, 6)},
    "organisation": "municipality",
    "framework": "no",
    "direct_award": "no",
    "value_sek": 60.0,
    "duration_months": 48,
    "entry_level": "yes",
    "market": "broad",
    "recurring_recruitment": "yes",
    "labour_law_needed": "yes",
    "reserved_plausible": "no",
    "bonus_capacity": "no",
    "risks": ["residence_target"],
}
INTERNAL_ID = re.compile(r"\bG\d\b")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkshopStore]:
    """The app's workshop database, in a temporary file (the app's store is reopened on it)."""
    from ui.workshop_form import workshop_store

    url = f"sqlite:///{tmp_path / 'ws.sqlite3'}"
    monkeypatch.setenv("SYSSELSATTNING_DB_URL", url)
    workshop_store.clear()
    yield WorkshopStore(make_engine(url), LIB.settings.retention_days)
    workshop_store.clear()


def join(app_test: Callable[..., AppTest], store: WorkshopStore, lang: str) -> tuple[AppTest, NewWorkshop]:
    """A new cleaning workshop, and a group's page on it."""
    new = store.create(CLEANING.id)
    return app_test(PAGE, lang, join=new.workshop.join_code), new


def fill(at: AppTest, widgets: dict[str, Any], label: str | None = None) -> AppTest:
    """Put answers into the group's widgets (by question id) and run."""
    if label is not None:
        at.text_input(key="ws.label").input(label)
    for qid, value in widgets.items():
        key = f"ws.q.{qid}"
        q = QN.question(qid)
        if q.kind == "number":  # a Swedish/English number field (ui/number_field.py)
            at.text_input(key=f"{key}.numtext").input(fmt_input(value, at.session_state[LANG_KEY]))
        elif q.kind == "risk":
            at.multiselect(key=key).set_value(value)
        else:
            at.radio(key=key).set_value(value)
    return at.run()


def send(at: AppTest) -> AppTest:
    """Press the send button."""
    return at.button(key="wsbtn_send").click().run()


def errors(at: AppTest) -> list[str]:
    """The texts of the error boxes on the page."""
    return [e.value for e in at.error]


def missing_message(at: AppTest) -> str:
    """The message next to the send button naming the questions still to answer."""
    found = [e for e in errors(at) if "\n\n- " in e]
    assert len(found) == 1, errors(at)
    return found[0]


@pytest.mark.parametrize("lang", LANGS)
def test_a_blank_form_is_refused_and_names_every_question_still_to_answer(
    app_test: Callable[..., AppTest], store: WorkshopStore, lang: str
) -> None:
    """Nothing is stored; the message lists the questions by short text (never an id such as G4)."""
    at, new = join(app_test, store, lang)
    assert not errors(at), "the form should not start with error messages"
    send(at)
    assert not at.exception
    needed = to_answer(CLEANING)
    message = missing_message(at)
    assert message.startswith(tn("ws.missing", len(needed), lang))
    listed = message.split("\n\n", 1)[1].splitlines()
    assert listed == [f"- {md_escape(QN.question(q).short(lang))}" for q in needed]
    assert not INTERNAL_ID.search(message)
    assert errors(at).count(t("ws.err.missing_unknown", lang)) == sum(
        1 for q in needed if QN.question(q).unknown is not None and QN.question(q).kind != "risk"
    )
    assert t("ws.err.missing_risks", lang) in errors(at)
    assert store.submissions(new.workshop.id) == []
    assert t("ws.sent", lang) not in [s.value for s in at.success]


@pytest.mark.parametrize("lang", LANGS)
def test_one_missing_answer_is_named_in_the_singular_and_the_send_stays_refused(
    app_test: Callable[..., AppTest], store: WorkshopStore, lang: str
) -> None:
    """Everything but the supplier market: "1 fråga" / "1 question", the market's short text, nothing stored."""
    at, new = join(app_test, store, lang)
    fill(at, {k: v for k, v in REFERENCE_WIDGETS.items() if k != "market"})
    send(at)
    message = missing_message(at)
    assert message == f"{tn('ws.missing', 1, lang)}\n\n- {md_escape(QN.question('market').short(lang))}"
    assert ("1 fråga " if lang == "sv" else "1 more question ") in message
    assert store.submissions(new.workshop.id) == []


def test_the_message_follows_the_answers_and_a_complete_form_is_sent(
    app_test: Callable[..., AppTest], store: WorkshopStore
) -> None:
    """After a refused send the list shrinks as the group answers; complete answers are stored and counted."""
    at, new = join(app_test, store, "sv")
    send(at)
    fill(at, {k: v for k, v in REFERENCE_WIDGETS.items() if k not in ("market", "bonus_capacity")})
    assert missing_message(at).startswith(tn("ws.missing", 2, "sv"))
    fill(at, {"market": "broad", "bonus_capacity": "no"}, label="Bord 7")
    assert not [e for e in errors(at) if "\n\n- " in e]
    send(at)
    assert not at.exception
    assert t("ws.sent", "sv") in [s.value for s in at.success]
    subs = store.submissions(new.workshop.id)
    assert [(s.group_label, s.verdict) for s in subs] == [("Bord 7", "advanced")]
    assert t("ws.ref_waiting", "sv") in [c.value for c in at.caption]


def test_dont_know_counts_as_an_answer(app_test: Callable[..., AppTest], store: WorkshopStore) -> None:
    """ "Vet inte" on the market is an answer: the form is sent."""
    at, new = join(app_test, store, "sv")
    fill(at, {**REFERENCE_WIDGETS, "market": "unknown"})
    send(at)
    assert not [e for e in errors(at) if "\n\n- " in e]
    assert len(store.submissions(new.workshop.id)) == 1


def test_the_reference_shows_once_revealed_and_the_waiting_stops(
    app_test: Callable[..., AppTest], store: WorkshopStore
) -> None:
    """A group that has sent waits with a note; after the reveal the page shows the reference instead."""
    at, new = join(app_test, store, "en")
    fill(at, REFERENCE_WIDGETS)
    send(at)
    assert t("ws.ref_waiting", "en") in [c.value for c in at.caption]
    assert t("ws.ref_title", "en") not in [h.value for h in at.header]
    store.set_revealed(new.workshop.id, True)
    at.run()
    assert t("ws.ref_title", "en") in [h.value for h in at.header]
    assert t("ws.ref_waiting", "en") not in [c.value for c in at.caption]


@pytest.mark.parametrize(("first", "second"), [("sv", "en"), ("en", "sv")])
def test_switching_language_keeps_what_the_group_entered(
    app_test: Callable[..., AppTest], store: WorkshopStore, first: str, second: str
) -> None:
    """Choices, numbers, risks and the group name survive a switch there and back, under translated labels.

    AppTest hands widget values over as option ids; how the browser holds a choice (as its label) is
    tested in tests/browser/test_workshop_browser.py.
    """
    at, _ = join(app_test, store, first)
    entered = {k: REFERENCE_WIDGETS[k] for k in ("G1", "G3", "organisation", "value_sek", "market", "risks")}
    fill(at, entered, label="Bord 7")
    for lang in (second, first):
        at.radio(key=LANG_KEY).set_value(lang).run()
        assert not at.exception
        assert at.text_input(key="ws.label").value == "Bord 7"
        assert at.radio(key="ws.q.G1").value == "yes"
        assert at.radio(key="ws.q.G1").options[0] == t("a.yes", lang)
        assert at.radio(key="ws.q.G3").value == "yes"
        assert at.radio(key="ws.q.organisation").value == "municipality"
        assert at.radio(key="ws.q.market").value == "broad"
        assert at.radio(key="ws.q.market").label == QN.question("market").text(lang)
        assert at.session_state["ws.q.value_sek"] == 60.0
        assert at.text_input(key="ws.q.value_sek.numtext").value == "60"
        assert at.multiselect(key="ws.q.risks").value == ["residence_target"]
        assert at.radio(key="ws.q.G2").value is None


def test_a_refused_send_speaks_the_new_language_after_a_switch(
    app_test: Callable[..., AppTest], store: WorkshopStore
) -> None:
    """The list of missing questions is redrawn in English after switching from Swedish."""
    at, _ = join(app_test, store, "sv")
    send(at)
    at.radio(key=LANG_KEY).set_value("en").run()
    needed = to_answer(CLEANING)
    assert missing_message(at).startswith(tn("ws.missing", len(needed), "en"))


# --------------------------------------------------------------------------- the facilitator's view
def metric(at: AppTest, key: str, lang: str) -> str:
    """The value of the metric labelled with the UI string ``key``."""
    return next(str(m.value) for m in at.metric if m.label == t(key, lang))


def pid(n: int) -> str:
    """A well-formed participant id."""
    return f"group_{n:010d}"


@pytest.mark.parametrize("lang", LANGS)
def test_thirty_one_blank_groups_show_no_result_and_no_agreement(
    app_test: Callable[..., AppTest], store: WorkshopStore, lang: str
) -> None:
    """Blank stored answers (older data): 0 complete, 31 missing, no chart, no "the groups broadly agree"."""
    new = store.create(CLEANING.id)
    for n in range(31):
        store.submit(new.workshop.id, pid(n), "", answers_to_json(Answers()), "basic")
    at = app_test(PAGE, lang, fac=new.facilitator_token)
    assert (metric(at, "ws.responses", lang), metric(at, "ws.missing_groups", lang)) == ("0", "31")
    assert t("ws.waiting", lang) in [i.value for i in at.info]
    assert t("ws.discussion_none", lang) not in [s.value for s in at.success]
    assert not at.get("arrow_vega_lite_chart") and not at.get("vega_lite_chart")


def test_complete_groups_are_compared_and_the_rest_counted_as_missing(
    app_test: Callable[..., AppTest], store: WorkshopStore
) -> None:
    """Two identical complete answers agree; two joined groups without complete answers are missing."""
    new = store.create(CLEANING.id)
    ws = new.workshop
    for n in range(2):
        store.submit(ws.id, pid(n), f"Bord {n}", answers_to_json(CLEANING.answers), "advanced")
    store.submit(ws.id, pid(5), "", answers_to_json(Answers(market="thin")), "basic")
    store.join(ws.id, pid(6))
    at = app_test(PAGE, "sv", fac=new.facilitator_token)
    assert (metric(at, "ws.responses", "sv"), metric(at, "ws.missing_groups", "sv")) == ("2", "2")
    assert t("ws.discussion_none", "sv") in [s.value for s in at.success]
    assert any("svensk tid" in c.value for c in at.caption), [c.value for c in at.caption]
