"""The group form under AppTest: a link's participant id grants nothing, and the rate limits speak up.

Rules (guidance/workshop/identity.py, sending.py, content/workshop/limits.yaml): a page opened with
another group's ``p`` shows an empty form for a new group, says why, and sending from it never
touches the other group's answers; a send or join refused by a limit says so in the user's language
with the seconds to wait, keeps what the group entered and stores nothing. AppTest sends no cookies,
so these sessions use the session seed (the browser tests cover the cookie).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from guidance.assessment.answers_io import answers_from_json, answers_to_json
from guidance.content.loader import ENV_CONTENT_DIR, clear_caches
from guidance.core.formatting import fmt_input
from guidance.core.i18n import t, tn
from guidance.core.models import LANGS
from guidance.stores.workshop import NewWorkshop, WorkshopStore, make_engine, new_participant_id, participants
from guidance.workshop.cases import load_library
from tests.content_copy import edit_yaml
from ui.state import LANG_KEY

PAGE = "workshop"
CLEANING = load_library().case("cleaning")
OTHER_SECRET = "o" * 64
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


def _open_store(url: str) -> WorkshopStore:
    return WorkshopStore(make_engine(url), load_library().settings.retention_days)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkshopStore]:
    """The app's workshop database in a temporary file, with the content's limits."""
    from ui.workshop_form import workshop_store

    url = f"sqlite:///{tmp_path / 'ws.sqlite3'}"
    monkeypatch.setenv("SYSSELSATTNING_DB_URL", url)
    workshop_store.clear()
    made = _open_store(url)
    yield made
    made.close()
    workshop_store.clear()


@pytest.fixture
def tight(store: WorkshopStore, content_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkshopStore]:
    """The app on a content copy allowing one new group and one send per group a minute, two groups in all."""
    from ui.workshop_form import workshop_store

    limits = {"joins_per_window": 1, "max_groups": 2, "sends_per_group_per_window": 1}
    edit_yaml(content_copy, "workshop/limits.yaml", lambda d: d["protection"]["rate_limits"].update(limits))
    monkeypatch.setenv(ENV_CONTENT_DIR, str(content_copy))
    clear_caches()
    workshop_store.clear()
    yield store
    monkeypatch.delenv(ENV_CONTENT_DIR)
    clear_caches()
    workshop_store.clear()


def fill(at: AppTest, widgets: dict[str, Any], label: str | None = None) -> AppTest:
    """Put answers into the group's widgets (by question id) and run."""
    if label is not None:
        at.text_input(key="ws.label").input(label)
    for qid, value in widgets.items():
        key = f"ws.q.{qid}"
        if qid in ("value_sek", "duration_months"):  # a Swedish/English number field (ui/number_field.py)
            at.text_input(key=f"{key}.numtext").input(fmt_input(value, at.session_state[LANG_KEY]))
        elif qid == "risks":
            at.multiselect(key=key).set_value(value)
        else:
            at.radio(key=key).set_value(value)
    return at.run()


def send(at: AppTest) -> AppTest:
    """Press the send button."""
    return at.button(key="wsbtn_send").click().run()


def other_group(store: WorkshopStore) -> tuple[NewWorkshop, str]:
    """A workshop where another browser's group has sent the reference answers as "Bord A"."""
    new = store.create(CLEANING.id)
    pid = new_participant_id()
    store.join(new.workshop.id, pid, OTHER_SECRET)
    store.submit(new.workshop.id, pid, "Bord A", answers_to_json(CLEANING.answers), "advanced", secret=OTHER_SECRET)
    return new, pid


def limit_texts(key: str, lang: str) -> set[str]:
    """The message ``key`` with every wait a one-minute window can give."""
    return {t(key, lang, wait=tn("ws.wait", n, lang)) for n in range(1, 61)}


@pytest.mark.parametrize("lang", LANGS)
def test_another_groups_p_opens_an_empty_form_for_a_new_group(
    app_test: Callable[..., AppTest], store: WorkshopStore, lang: str
) -> None:
    """The link's group is not shown; the page says why, puts its own id in the URL; a send adds a group."""
    new, pid = other_group(store)
    at = app_test(PAGE, lang, join=new.workshop.join_code, p=pid)
    assert t("ws.link_not_yours", lang) in [i.value for i in at.info]
    assert at.text_input(key="ws.label").value == ""
    assert at.radio(key="ws.q.G1").value is None and at.text_input(key="ws.q.value_sek.numtext").value == ""
    assert at.button(key="wsbtn_send").label == t("ws.send", lang)
    assert at.query_params["p"] not in (pid, "", None)
    fill(at, {**REFERENCE_WIDGETS, "market": "thin"}, label="Bord B")
    send(at)
    assert not at.exception
    rows = {s.participant_id: s for s in store.submissions(new.workshop.id)}
    assert len(rows) == 2 and rows[pid].group_label == "Bord A"
    assert answers_from_json(rows[pid].answers_json)[0].market == "broad"
    assert at.query_params["p"] in rows and rows[at.query_params["p"]].group_label == "Bord B"


def test_without_the_browser_cookie_a_new_session_is_a_new_group(
    app_test: Callable[..., AppTest], store: WorkshopStore
) -> None:
    """The documented limit of the session seed: the group's own link in a new cookie-less session is refused."""
    new = store.create(CLEANING.id)
    first = app_test(PAGE, "sv", join=new.workshop.join_code)
    fill(first, REFERENCE_WIDGETS, label="Bord 1")
    send(first)
    own = first.query_params["p"]
    assert [s.participant_id for s in store.submissions(new.workshop.id)] == [own]
    second = app_test(PAGE, "sv", join=new.workshop.join_code, p=own)
    assert t("ws.link_not_yours", "sv") in [i.value for i in second.info]
    assert second.text_input(key="ws.label").value == ""


@pytest.mark.parametrize("lang", LANGS)
def test_a_send_over_the_groups_limit_is_refused_with_the_wait_and_keeps_the_form(
    app_test: Callable[..., AppTest], tight: WorkshopStore, lang: str
) -> None:
    """One send per group a minute: the resend says how long to wait; the form keeps the change, the store does not."""
    new = tight.create(CLEANING.id)
    at = app_test(PAGE, lang, join=new.workshop.join_code)
    fill(at, REFERENCE_WIDGETS, label="Bord 1")
    send(at)
    fill(at, {"market": "thin"})
    send(at)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert limit_texts("ws.limit.group_sends", lang) & set(errors), errors
    assert at.radio(key="ws.q.market").value == "thin"
    (row,) = tight.submissions(new.workshop.id)
    assert answers_from_json(row.answers_json)[0].market == "broad"


@pytest.mark.parametrize("lang", LANGS)
def test_joining_over_the_limits_shows_why_and_no_form(
    app_test: Callable[..., AppTest], tight: WorkshopStore, lang: str
) -> None:
    """A second new group within the minute waits (with the seconds); beyond two groups the workshop is full."""
    new = tight.create(CLEANING.id)
    code = new.workshop.join_code
    app_test(PAGE, lang, join=code)
    late = app_test(PAGE, lang, join=code)
    assert limit_texts("ws.limit.joins", lang) & {e.value for e in late.error}
    keys = [b.key for b in late.button]
    assert "wsbtn_retry" in keys and "wsbtn_send" not in keys
    assert len(tight.joined(new.workshop.id)) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_a_full_workshop_says_so(app_test: Callable[..., AppTest], tight: WorkshopStore, lang: str) -> None:
    """Two groups in all: a third is told the workshop is full and how many it takes, and gets no form."""
    full = tight.create(CLEANING.id)
    for secret in ("a" * 64, "b" * 64):
        tight.join(full.workshop.id, new_participant_id(), secret)
        with tight.engine.begin() as conn:  # the join was two minutes ago: only the total limit applies
            conn.execute(update(participants).values(joined_at=participants.c.joined_at - dt.timedelta(minutes=2)))
    refused = app_test(PAGE, lang, join=full.workshop.join_code)
    assert t("ws.limit.groups", lang, n=2) in [e.value for e in refused.error]
    assert "wsbtn_send" not in [b.key for b in refused.button]
    assert len(tight.joined(full.workshop.id)) == 2
