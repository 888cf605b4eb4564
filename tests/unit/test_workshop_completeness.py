"""Answers a buyer can trust, in the workshop: only complete answers are sent and counted.

Rules (guidance/workshop/completeness.py and results.py): a group answers every required question
its case's fact sheet does not give, "don't know" being an answer; the facilitator's figures and the
agreement measure count complete answers only, older incomplete submissions included; the groups that
joined without complete answers are counted as missing; nothing is compared below the content's
minimum of complete answers (content/workshop/cases.yaml: discussion_min_groups). Times are shown in
Swedish time (Europe/Stockholm: CET, CEST from the last Sunday of March).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

import guidance.workshop.times as times
from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import answers_to_json
from guidance.assessment.assess import assess
from guidance.assessment.questionnaire import load_questionnaire
from guidance.core.i18n import t, tn
from guidance.stores.workshop import ENV_RETENTION, Submission, WorkshopClosed, WorkshopStore, make_engine
from guidance.workshop.cases import load_library
from guidance.workshop.completeness import check_answers, given, to_answer, with_case_facts
from guidance.workshop.results import comparison, counted, live_picture, own_result, record_answers, stored_answers

LIB = load_library()
QN = load_questionnaire()
CLEANING = LIB.case("cleaning")
WHEN = dt.datetime(2026, 3, 1, 9, 30, 15)
BLANK_GROUPS = 31


def pid(n: int) -> str:
    """A well-formed participant id (16 characters) for group ``n``."""
    return f"group_{n:010d}"


def sub(answers: Answers, n: int = 0, label: str = "") -> Submission:
    """A stored submission of ``answers`` by group ``n`` (stored as-is, as older versions did)."""
    return Submission(
        participant_id=pid(n),
        group_label=label,
        answers_json=answers_to_json(answers),
        verdict=assess(answers).verdict,
        created_at=WHEN,
        updated_at=WHEN,
    )


def blanks(count: int, start: int = 100) -> list[Submission]:
    """``count`` blank submissions, as the old form accepted them."""
    return [sub(Answers(), start + i) for i in range(count)]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WorkshopStore:
    """A fresh SQLite store with the content's retention period."""
    monkeypatch.delenv(ENV_RETENTION, raising=False)
    return WorkshopStore(make_engine(f"sqlite:///{tmp_path / 'ws.sqlite3'}"), LIB.settings.retention_days)


# --------------------------------------------------------------------------- what a group must answer
def test_every_cases_reference_answers_are_complete() -> None:
    """The reference a group is compared with answers everything a group must answer."""
    for case in LIB.cases:
        assert assess(case.answers).missing == (), case.id
        assert check_answers(case.answers, case).complete, case.id


def test_a_blank_form_misses_exactly_the_required_questions_the_case_does_not_give() -> None:
    """Cleaning gives contract type, FTE and labour share; G4 (advice) and the start date are not required."""
    group = check_answers(Answers(), CLEANING)
    assert not group.complete
    assert group.missing == to_answer(CLEANING)
    assert set(given(CLEANING)) == {"contract_type", "fte", "labour_share"}
    assert {"contract_type", "fte", "labour_share", "G4", "start_date"}.isdisjoint(group.missing)
    assert {"G1", "value_sek", "duration_months", "market", "risks"} <= set(group.missing)
    assert len(group.missing) == len(QN.required_ids) - 3


def test_a_case_that_gives_the_value_does_not_ask_for_it() -> None:
    """Road works gives value and term; cleaning makes the groups work the value out (SEK 60 m, not 15 m)."""
    road = LIB.case("road_works")
    assert "value_sek" not in check_answers(Answers(), road).missing
    assert "value_sek" in check_answers(Answers(), CLEANING).missing


def test_dont_know_is_an_answer_and_completes_the_question() -> None:
    """The reference minus the market answer misses the market; "don't know" on it completes the answers."""
    no_market = CLEANING.answers.model_copy(update={"market": None})
    assert check_answers(no_market, CLEANING).missing == ("market",)
    unsure = no_market.model_copy(update={"unknown": frozenset({"market"})})
    assert check_answers(unsure, CLEANING).complete


def test_one_deciding_answer_does_not_excuse_the_other_questions() -> None:
    """A gate answered no settles the verdict (the assessment is complete) but the group still answers the rest."""
    only_no = Answers(gates={"G1": False})
    assert assess(only_no).complete
    group = check_answers(only_no, CLEANING)
    assert not group.complete
    assert "G1" not in group.missing and "market" in group.missing


def test_the_cases_facts_are_the_answers_to_the_questions_it_gives() -> None:
    """A fact the group left blank, typed differently or marked "don't know" takes the case's value."""
    typed = CLEANING.answers.model_copy(update={"fte": 3.0, "labour_share": None, "unknown": frozenset({"fte"})})
    filled = with_case_facts(typed, CLEANING)
    assert (filled.fte, filled.value("labour_share"), filled.contract_type) == (30, 80, "services")
    assert filled.unknown == frozenset()
    assert filled.market == CLEANING.answers.market  # a question the group answers is left as it is


# --------------------------------------------------------------------------- what the facilitator sees
def test_thirty_one_blank_groups_and_no_complete_answer_give_no_figures_and_no_agreement() -> None:
    """The live workshop's bug: 31 blank forms made "100 % no requirement" and "the groups broadly agree"."""
    picture = live_picture(blanks(BLANK_GROUPS), set(), CLEANING)
    assert picture.summary.n == 0
    assert (picture.progress.joined, picture.progress.complete, picture.progress.missing) == (31, 0, 31)
    assert picture.comparison == "wait"
    assert picture.summary.discussion == ()
    assert picture.groups == ()
    assert all(c.count == 0 and c.share == 0 for c in picture.summary.verdicts)
    assert all(c.count == 0 and c.share == 0 for c in picture.summary.levels)
    assert all(item.n == 0 for item in picture.summary.items)


def test_one_complete_group_among_blank_ones_is_still_too_few_to_compare() -> None:
    """One complete answer counts (100 % of the complete answers) but nothing is said about agreement."""
    picture = live_picture([*blanks(BLANK_GROUPS), sub(CLEANING.answers, 1)], set(), CLEANING)
    assert (picture.summary.n, picture.progress.missing) == (1, 31)
    assert picture.comparison == "wait"
    advanced = next(c for c in picture.summary.verdicts if c.id == "advanced")
    assert (advanced.count, advanced.share) == (1, 1.0)


def test_shares_and_agreement_are_over_complete_answers_only() -> None:
    """Three identical complete answers and five blank ones: 100 % advanced, the groups agree, five missing."""
    subs = [*(sub(CLEANING.answers, i) for i in range(3)), *blanks(5)]
    picture = live_picture(subs, set(), CLEANING)
    assert (picture.summary.n, picture.progress.missing, picture.comparison) == (3, 5, "agree")
    advanced = next(c for c in picture.summary.verdicts if c.id == "advanced")
    assert (advanced.count, advanced.share) == (3, 1.0)
    market = next(i for i in picture.summary.items if i.id == "market")
    assert (market.n, market.disagreement) == (3, 0.0)


def test_disagreement_ignores_the_blank_forms() -> None:
    """Broad against thin market among two complete groups is 50 % disagreement, whatever the blank ones say."""
    thin = CLEANING.answers.model_copy(update={"market": "thin"})
    picture = live_picture([sub(CLEANING.answers, 1), sub(thin, 2), *blanks(10)], set(), CLEANING)
    market = next(i for i in picture.summary.items if i.id == "market")
    assert (market.n, market.disagreement) == (2, 0.5)
    assert picture.comparison == "disagree"
    assert "market" in {i.id for i in picture.summary.discussion}


def test_an_older_incomplete_submission_does_not_count() -> None:
    """Stored before the rule: the reference minus its risk answer is left out of every figure."""
    old = CLEANING.answers.model_copy(update={"risks": None})
    kept = counted([sub(old, 1, "Gammal"), sub(CLEANING.answers, 2, "Ny")], CLEANING)
    assert [c.submission.group_label for c in kept] == ["Ny"]


def test_groups_that_joined_without_sending_are_missing_and_senders_count_as_joined() -> None:
    """Joined: everyone who opened the form or sent anything; missing: those without complete answers."""
    picture = live_picture([sub(CLEANING.answers, 1), *blanks(2)], {pid(1), pid(7), pid(8)}, CLEANING)
    assert (picture.progress.joined, picture.progress.complete, picture.progress.missing) == (5, 1, 4)


def test_nothing_is_compared_below_the_contents_minimum_of_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a minimum of three complete groups, two identical complete answers make no agreement claim."""
    import guidance.workshop.results as results

    settings = LIB.settings.model_copy(update={"discussion_min_groups": 3})
    monkeypatch.setattr(results, "load_library", lambda: LIB.model_copy(update={"settings": settings}))
    two = live_picture([sub(CLEANING.answers, 1), sub(CLEANING.answers, 2)], set(), CLEANING)
    assert comparison(two.summary) == "wait"


# --------------------------------------------------------------------------- the store
def test_joining_is_recorded_once_and_ends_with_the_workshop(store: WorkshopStore) -> None:
    """Joining twice is one participant; a sender without a join row counts; deleting forgets everyone."""
    ws = store.create(CLEANING.id).workshop
    store.join(ws.id, pid(1))
    store.join(ws.id, pid(1))
    assert record_answers(store, ws.id, pid(2), "", CLEANING.answers, CLEANING) == "stored"
    assert store.joined(ws.id) == frozenset({pid(1), pid(2)})
    store.delete(ws.id)
    assert store.joined(ws.id) == frozenset()
    with pytest.raises(WorkshopClosed):
        store.join(ws.id, pid(3))


def test_an_existing_database_gets_the_participants_table(tmp_path: Path) -> None:
    """A database written before joins were recorded opens, and joins are recorded from then on."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    first = WorkshopStore(make_engine(url), 30)
    ws = first.create(CLEANING.id).workshop
    with first.engine.begin() as conn:
        conn.execute(text("DROP TABLE participants"))
        conn.execute(text("DROP TABLE alembic_version"))  # such a database predates the migrations' record too
    again = WorkshopStore(make_engine(url), 30)
    again.join(ws.id, pid(1))
    assert again.joined(ws.id) == frozenset({pid(1)})


def test_an_older_incomplete_stored_answer_gives_no_own_result(store: WorkshopStore) -> None:
    """The group sees no verdict from incomplete answers; its form is filled with what it had (facts added)."""
    ws = store.create(CLEANING.id).workshop
    store.submit(ws.id, pid(1), "Bord 1", answers_to_json(Answers(market="thin")), "basic")
    assert own_result(store, ws.id, ws.join_code, pid(1), CLEANING) is None
    back = stored_answers(store, ws.id, pid(1), CLEANING)
    assert back is not None and back.label == "Bord 1"
    assert (back.group.answers.market, back.group.answers.contract_type, back.group.complete) == (
        "thin",
        "services",
        False,
    )


# --------------------------------------------------------------------------- messages and times
@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("sv", 1, "Svara på 1 fråga till först"),
        ("sv", 2, "Svara på 2 frågor till först"),
        ("en", 1, "Answer 1 more question first"),
        ("en", 2, "Answer 2 more questions first"),
    ],
)
def test_the_missing_message_has_the_right_plural(lang: str, n: int, expected: str) -> None:
    """1 fråga / 2 frågor, 1 question / 2 questions."""
    assert expected in tn("ws.missing", n, lang)


@pytest.mark.parametrize(
    ("utc", "lang", "expected"),
    [
        (dt.datetime(2026, 3, 1, 9, 30, 15), "sv", "1 mars 2026 kl. 10:30 (svensk tid)"),
        (dt.datetime(2026, 3, 1, 9, 30, 15), "en", "1 March 2026 at 10:30 (Swedish time)"),
        (dt.datetime(2026, 7, 1, 22, 15), "sv", "2 juli 2026 kl. 00:15 (svensk tid)"),
        (dt.datetime(2026, 3, 29, 1, 0), "en", "29 March 2026 at 03:00 (Swedish time)"),
    ],
)
def test_times_are_shown_in_swedish_time_per_language(utc: dt.datetime, lang: str, expected: str) -> None:
    """UTC + 1 h in winter, + 2 h in summer (the day changes at midnight), the switch at 01:00 UTC in March."""
    assert times.fmt_datetime(utc, lang) == expected


def test_the_clock_of_a_groups_answer_is_swedish_time() -> None:
    """09:30:15 UTC on 1 March is 10:30:15 in Stockholm; the table's header names the zone."""
    assert times.fmt_clock(WHEN) == "10:30:15"
    assert times.fmt_clock(WHEN, seconds=False) == "10:30"
    assert times.zone_name("sv") == "svensk tid"


def test_without_the_time_zone_database_times_say_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing zone never fails and never passes UTC off as Swedish time."""
    monkeypatch.setattr(times, "zone", lambda name=None: None)
    assert times.fmt_datetime(WHEN, "sv") == "1 mars 2026 kl. 09:30 (UTC)"
    assert times.fmt_clock(WHEN) == "09:30:15"
    assert times.zone_name("en") == t("ws.time.utc", "en") == "UTC"
    assert times.to_local(WHEN).local is False


def test_an_unknown_zone_name_is_reported_as_unavailable() -> None:
    """A zone name the database does not know gives no zone (and UTC with its name), never an exception."""
    assert times.zone("No/Such_Zone") is None
    assert times.zone("../etc/passwd") is None
    assert times.to_local(WHEN, "No/Such_Zone").local is False
