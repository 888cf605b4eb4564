"""What the workshop views show: stored answers read back, group and question rows, the reference
figures, which view a link opens, and moving through the presentation's deck.

Rules from the workshop page's design (guidance/workshop/results.py, access.py, slides.py); sizing
figures from the Trafikverket worked example in the brief (§5.7).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from guidance.assessment.answers import Answers
from guidance.assessment.answers_io import answers_to_json
from guidance.assessment.assess import assess
from guidance.assessment.questionnaire import load_questionnaire
from guidance.content.loader import load_model
from guidance.stores.workshop import (
    ENV_RETENTION,
    Submission,
    WorkshopStore,
    make_engine,
    valid_participant,
)
from guidance.workshop.access import (
    CODE_INVALID,
    CODE_UNKNOWN,
    TOKEN_UNKNOWN,
    Access,
    by_code,
    by_token,
    facilitated_code,
    route,
)
from guidance.workshop.cases import load_library, outcome, summarise
from guidance.workshop.identity import join_workshop, participant_secret
from guidance.workshop.results import (
    decode,
    group_rows,
    item_title,
    live_summary,
    most_common,
    own_result,
    question_rows,
    record_answers,
    reference_category,
    reference_figures,
    responses,
)
from guidance.workshop.slides import (
    BULLET,
    body_lines,
    is_exercise,
    level_instruments,
    moved,
    phase_columns,
    position,
    slide_from_query,
    slide_query,
)

LIB = load_library()
QN = load_questionnaire()
GATES_YES = {g: True for g in QN.gate_ids}
CLEANING = LIB.case("cleaning")
PID_A, PID_B = "participant_A_01", "participant_B_02"
WHEN = dt.datetime(2026, 3, 1, 9, 30, 15)


def answers(**fields: object) -> Answers:
    """Answers with every gate yes unless given."""
    fields.setdefault("gates", GATES_YES)
    return Answers.model_validate(fields)


def submission(a: Answers, label: str = "", pid: str = PID_A, when: dt.datetime = WHEN) -> Submission:
    """A stored submission of ``a``, as the store returns it."""
    return Submission(
        participant_id=pid,
        group_label=label,
        answers_json=answers_to_json(a),
        verdict=assess(a).verdict,
        created_at=when,
        updated_at=when,
    )


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WorkshopStore:
    """A fresh SQLite store with the content's retention period."""
    monkeypatch.delenv(ENV_RETENTION, raising=False)
    return WorkshopStore(make_engine(f"sqlite:///{tmp_path / 'ws.sqlite3'}"), LIB.settings.retention_days)


# --------------------------------------------------------------------------- stored answers
def test_stored_answers_read_back_as_they_were_sent() -> None:
    """A submission's JSON gives back exactly the answers that were sent."""
    assert decode(answers_to_json(CLEANING.answers)) == CLEANING.answers


def test_a_damaged_stored_answer_reads_as_no_answers_instead_of_failing() -> None:
    """Stored JSON that is not the answers format gives empty answers (the live view keeps working)."""
    assert decode("{not json") == Answers()
    assert decode('{"format": "something else"}') == Answers()


def test_responses_keep_the_stores_order_and_the_live_summary_counts_them() -> None:
    """One response per complete submission, in order; the summary is the one of those answers."""
    thin = CLEANING.answers.model_copy(update={"market": "thin"})
    subs = [submission(CLEANING.answers), submission(thin, pid=PID_B)]
    assert [r.market for r in responses(subs)] == ["broad", "thin"]
    summary = live_summary(subs, CLEANING)
    assert summary.n == 2
    assert summary == summarise(responses(subs), CLEANING)


def test_recording_answers_stores_them_with_their_verdict(store: WorkshopStore) -> None:
    """Sending stores the JSON and the verdict assess() gives; after deletion the workshop is closed."""
    ws = store.create(CLEANING.id).workshop
    assert record_answers(store, ws.id, PID_A, "Bord 1", CLEANING.answers, CLEANING) == "stored"
    stored = store.submission(ws.id, PID_A)
    assert stored is not None
    assert (stored.group_label, stored.verdict) == ("Bord 1", "advanced")
    assert decode(stored.answers_json) == CLEANING.answers
    store.delete(ws.id)
    assert record_answers(store, ws.id, PID_A, "Bord 1", CLEANING.answers, CLEANING) == "closed"


def test_incomplete_answers_are_never_stored(store: WorkshopStore) -> None:
    """Blank answers, or answers missing one question the case needs, are refused and nothing is stored."""
    ws = store.create(CLEANING.id).workshop
    assert record_answers(store, ws.id, PID_A, "Tom", Answers(), CLEANING) == "incomplete"
    no_market = CLEANING.answers.model_copy(update={"market": None})
    assert record_answers(store, ws.id, PID_B, "", no_market, CLEANING) == "incomplete"
    assert store.submissions(ws.id) == []


def test_the_stored_answers_carry_the_cases_facts(store: WorkshopStore) -> None:
    """A group never answers what the fact sheet gives; the stored answers have the case's values."""
    ws = store.create(CLEANING.id).workshop
    typed = CLEANING.answers.model_copy(update={"contract_type": None, "fte": None, "labour_share": None})
    assert record_answers(store, ws.id, PID_A, "", typed, CLEANING) == "stored"
    stored = store.submission(ws.id, PID_A)
    assert stored is not None
    back = decode(stored.answers_json)
    assert (back.contract_type, back.fte, back.value("labour_share")) == ("services", 30, 80)


# --------------------------------------------------------------------------- groups
def test_group_rows_number_the_groups_and_carry_each_outcome() -> None:
    """Rows follow the submissions: 1-based number, label as typed, verdict and places under the case's rule."""
    wrong_value = CLEANING.answers.model_copy(update={"value_sek": 15_000_000.0})
    subs = [submission(CLEANING.answers, "<b>Bord 2</b>"), submission(wrong_value, "", pid=PID_B)]
    rows = group_rows(live_summary(subs, CLEANING), subs)
    assert [(r.number, r.label, r.verdict, r.places) for r in rows] == [
        (1, "<b>Bord 2</b>", "advanced", 2),
        (2, "", outcome(wrong_value, CLEANING.sizing_rule).verdict, 0),
    ]
    assert rows[0].updated_at == WHEN


def test_group_rows_refuse_a_summary_of_other_submissions() -> None:
    """A summary of a different number of responses cannot be paired with the submissions."""
    subs = [submission(CLEANING.answers)]
    with pytest.raises(ValueError):
        group_rows(summarise([], CLEANING), subs)


def test_own_result_is_the_outcome_of_the_stored_answers_and_shows_the_reveal(store: WorkshopStore) -> None:
    """Nothing stored: no result. Stored: its outcome; the reference shows once the facilitator reveals it."""
    ws = store.create(CLEANING.id).workshop
    assert own_result(store, ws.id, ws.join_code, PID_A, CLEANING) is None
    record_answers(store, ws.id, PID_A, "", CLEANING.answers, CLEANING)
    before = own_result(store, ws.id, ws.join_code, PID_A, CLEANING)
    assert before is not None
    assert (before.outcome.verdict, before.outcome.level, before.outcome.places) == ("advanced", "advanced", 2)
    assert before.revealed is False
    assert before.sent_at == store.submission(ws.id, PID_A).updated_at
    store.set_revealed(ws.id, True)
    after = own_result(store, ws.id, ws.join_code, PID_A, CLEANING)
    assert after is not None and after.revealed is True


# --------------------------------------------------------------------------- questions
def test_a_risk_item_is_titled_with_the_risk_question_and_other_items_with_their_short_text() -> None:
    """``Risker: <risk>`` for a risk, the question's short text otherwise, in the chosen language."""
    stats = summarise([answers(risks=frozenset({"sme_market"}))]).items
    risk = next(i for i in stats if i.id == "risks.sme_market")
    assert item_title(risk, "sv") == f"{QN.question('risks').short.sv}: {risk.label.sv}"
    market = next(i for i in stats if i.id == "market")
    assert item_title(market, "en") == QN.question("market").short.en


def test_most_common_answer_takes_the_first_on_a_tie_and_none_without_answers() -> None:
    """Two against one gives the two; a tie gives the first in display order; no responses give none."""
    items = summarise([answers(contract_type="works"), answers(contract_type="works"), answers()]).items
    ct = next(i for i in items if i.id == "contract_type")
    top = most_common(ct)
    assert top is not None and (top.id, top.count) == ("works", 2)
    tie = next(i for i in summarise([answers(market="thin"), answers(market="broad")]).items if i.id == "market")
    assert most_common(tie).id == "thin"
    empty = next(i for i in summarise([], CLEANING).items if i.id == "contract_type")
    assert most_common(empty) is None
    assert reference_category(empty).id == CLEANING.answers.contract_type


def test_question_rows_give_percent_disagreement_and_the_reference_only_once_revealed() -> None:
    """Two services and one works: 33 % disagree; the distribution lists each answer given with its count."""
    responses_ = [answers(contract_type="services")] * 2 + [answers(contract_type="works")]
    summary = summarise(responses_, CLEANING)
    ct = QN.question("contract_type")
    hidden = next(r for r in question_rows(summary, "en", revealed=False) if r.title == ct.short.en)
    assert hidden.disagreement_pct == 33
    assert hidden.most_common == ct.option("services").label.en
    services, works = (ct.option(o).label.en for o in ("services", "works"))
    assert hidden.distribution == f"{services}: 2 · {works}: 1"
    assert hidden.reference is None
    shown = next(r for r in question_rows(summary, "en", revealed=True) if r.title == ct.short.en)
    assert shown.reference == ct.option(CLEANING.answers.contract_type).label.en
    assert len(question_rows(summary, "sv", revealed=False)) == len(summary.items)


# --------------------------------------------------------------------------- the reference
def test_reference_figures_of_a_sized_case_are_its_places_and_rule() -> None:
    """Road works under the Trafikverket rule: 2 places (brief §5.7), sized, the case's own rule."""
    fig = reference_figures(LIB.case("road_works"))
    assert (fig.places, fig.sized, fig.rule.id) == (2, True, "trafikverket")
    assert fig.reference.sizing is not None and fig.reference.sizing.employment_months == 24


def test_reference_figures_of_an_exempt_case_show_no_place_and_no_months() -> None:
    """An exempt contract (school renovation) gives 0 places and is not shown as sized."""
    fig = reference_figures(LIB.case("school_renovation"))
    assert fig.reference.sizing is not None and fig.reference.sizing.exempt
    assert (fig.places, fig.sized) == (0, False)


def test_reference_figures_use_the_cases_own_sizing_rule() -> None:
    """Property care is sized under Gothenburg's rule: 1 place."""
    fig = reference_figures(LIB.case("property_care"))
    assert (fig.rule.id, fig.places) == ("goteborg", 1)


# --------------------------------------------------------------------------- which view a link opens
def test_a_join_code_opens_the_participant_view_in_any_case_and_spacing(store: WorkshopStore) -> None:
    """A code typed in lower case with spaces opens its workshop, keyed by the normalised code."""
    ws = store.create(CLEANING.id).workshop
    typed = f" {ws.join_code[:3].lower()} {ws.join_code[3:].lower()} "
    access = by_code(store, typed)
    assert (access.view, access.key, access.error) == ("participant", ws.join_code, None)
    assert access.workshop is not None and access.workshop.id == ws.id


def test_a_malformed_or_unknown_code_opens_the_start_view_with_the_reason(store: WorkshopStore) -> None:
    """Wrong shape: code_invalid, without asking the store; right shape but no workshop: code_unknown."""
    assert by_code(store, "<b>x</b>").model_dump(include={"view", "error"}) == {"view": "start", "error": CODE_INVALID}
    assert by_code(store, None).error == CODE_INVALID
    assert by_code(store, "ZZZZ22").model_dump(include={"view", "error"}) == {"view": "start", "error": CODE_UNKNOWN}


def test_only_the_facilitator_token_opens_the_facilitator_view(store: WorkshopStore) -> None:
    """The token opens the live view; the join code or a random token opens nothing."""
    new = store.create(CLEANING.id)
    access = by_token(store, new.facilitator_token)
    assert (access.view, access.key) == ("facilitator", new.facilitator_token)
    assert by_token(store, new.workshop.join_code).view == "token_unknown"
    assert by_token(store, "A" * 32).error == TOKEN_UNKNOWN
    assert by_token(store, None).view == "token_unknown"


def test_a_token_wins_over_a_code_and_nothing_opens_the_start_view(store: WorkshopStore) -> None:
    """With both in the URL the facilitator view opens; with neither, the start view without an error."""
    new = store.create(CLEANING.id)
    assert route(store, new.facilitator_token, new.workshop.join_code).view == "facilitator"
    assert route(store, "A" * 32, new.workshop.join_code).view == "token_unknown"
    assert route(store, None, new.workshop.join_code).view == "participant"
    assert route(store, None, None) == Access(view="start")


def test_the_participant_id_in_the_url_wins_then_the_sessions_then_a_new_one(store: WorkshopStore) -> None:
    """A reconnect with the same link keeps the id (in the browser that owns it); a malformed one is replaced."""
    ws = store.create(CLEANING.id).workshop
    seed = bytes(range(16))
    for pid in (PID_A, PID_B):
        store.join(ws.id, pid, participant_secret(seed, ws.id, pid))
    assert join_workshop(store, ws.id, seed, (PID_A, PID_B)).participant_id == PID_A
    assert join_workshop(store, ws.id, seed, ("<script>", PID_B)).participant_id == PID_B
    new = join_workshop(store, ws.id, seed, (None, "bad")).participant_id
    assert valid_participant(new) and new not in (PID_A, PID_B)


def test_the_presentation_shows_the_code_only_of_a_workshop_the_token_opens(store: WorkshopStore) -> None:
    """The exercise slide shows the facilitated workshop's code; nothing for a wrong or missing token."""
    new = store.create(CLEANING.id)
    assert facilitated_code(store, new.facilitator_token) == new.workshop.join_code
    assert facilitated_code(store, "A" * 32) is None
    assert facilitated_code(store, None) is None


# --------------------------------------------------------------------------- the presentation's deck
@pytest.mark.parametrize(
    ("raw", "expected"), [("1", 0), ("3", 2), ("9", 8), ("10", 0), ("0", 0), ("-1", 0), ("abc", 0), ("", 0), (None, 0)]
)
def test_slide_in_the_url_is_1_based_and_anything_else_opens_the_first(raw: object, expected: int) -> None:
    """``?slide=3`` opens the third of nine slides; out of range or not a number: the first."""
    assert slide_from_query(raw, 9) == expected


def test_slide_number_in_the_url_round_trips() -> None:
    """Every slide's URL value opens that slide again."""
    count = len(LIB.slides)
    assert [slide_from_query(slide_query(i), count) for i in range(count)] == list(range(count))
    assert slide_query(0) == "1"


def test_moving_stays_within_the_deck() -> None:
    """Forward and back move one slide; they stop at the first and the last."""
    assert moved(3, 1, 9) == 4
    assert moved(3, -1, 9) == 2
    assert moved(0, -1, 9) == 0
    assert moved(8, 1, 9) == 8
    assert moved(2, 20, 9) == 8


def test_position_knows_the_first_and_the_last_slide() -> None:
    """The back button is off on the first slide, the next button on the last."""
    assert position(0, 9).model_dump() == {"index": 0, "number": 1, "total": 9, "first": True, "last": False}
    assert (position(8, 9).first, position(8, 9).last, position(8, 9).number) == (False, True, 9)
    assert (position(0, 1).first, position(0, 1).last) == (True, True)


def test_a_text_slide_shows_each_list_item_with_a_bullet_and_drops_blank_lines() -> None:
    """``- a`` and ``* b`` become bullet lines; plain lines stay; blank lines go."""
    text = "- first **point**\n\n  * second\nplain line\n   \n"
    assert body_lines(text) == (f"{BULLET}first **point**", f"{BULLET}second", "plain line")
    assert body_lines("") == ()


def test_the_levels_slide_shows_the_three_requirement_levels_in_order() -> None:
    """Basic, advanced and spearhead instruments; other instruments (reserved, award) are left out."""
    assert [i.level for i in level_instruments(load_model())] == ["basic", "advanced", "spearhead"]


def test_the_phases_slide_groups_every_phase_under_its_part_in_order() -> None:
    """Strategy, prepare, procure, realise; every phase exactly once, under its own group."""
    columns = phase_columns(load_model())
    assert [g.id for g, _ in columns] == ["strategy", "prepare", "procure", "realise"]
    assert [p.id for _, phases in columns for p in phases] == [p.id for p in load_model().phases]
    assert all(p.group == g.id for g, phases in columns for p in phases)


def test_only_the_exercise_slide_sends_groups_to_the_workshop() -> None:
    """Exactly one slide of the deck is the exercise slide."""
    assert [s.id for s in LIB.slides if is_exercise(s)] == ["exercise"]
