"""Which browser may see and change a group's answers, sending with the secret, and the limits' content.

Rules (guidance/workshop/identity.py, sending.py, limits.py): the participant id names a group and
grants nothing; the secret comes from the browser's key in Streamlit's XSRF cookie (stable across page
loads, whatever the mask) or from a seed kept in the session; a copied id gets a new group; sends
present the secret and meet the workshop's rate limits; the limits are content, checked when read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

from guidance.content.loader import ContentError
from guidance.stores.workshop import RateLimits, WorkshopStore, make_engine, new_participant_id, valid_participant
from guidance.workshop.cases import load_library
from guidance.workshop.identity import (
    MIN_SEED_BYTES,
    browser_key,
    join_workshop,
    new_seed,
    participant_secret,
)
from guidance.workshop.limits import LIMIT_MESSAGES, build_protection, load_protection
from guidance.workshop.sending import send_answers
from tests.content_copy import edit_yaml
from tests.store_helpers import Clock

CASE = load_library().case("cleaning")
TOKEN_A, TOKEN_B = bytes(range(16)), bytes(range(100, 116))
SEED_A, SEED_B = TOKEN_A, TOKEN_B


@pytest.fixture
def store(tmp_path: Path) -> Iterator[WorkshopStore]:
    """A fresh store without rate limits."""
    made = WorkshopStore(make_engine(f"sqlite:///{tmp_path / 'ws.sqlite3'}"), 30)
    yield made
    made.close()


# --------------------------------------------------------------------------- the browser key
def test_the_browser_key_is_the_xsrf_token_whatever_the_mask() -> None:
    """Streamlit re-masks its XSRF cookie on every page load; the key read from it stays the same."""
    loads = [generate_xsrf_token_string(TOKEN_A, 1_700_000_000) for _ in range(5)]
    assert len(set(loads)) > 1, "the masks should differ between page loads"
    assert {browser_key(cookie) for cookie in loads} == {TOKEN_A}
    assert browser_key(f'"{loads[0]}"') == TOKEN_A
    assert browser_key(generate_xsrf_token_string(TOKEN_B)) == TOKEN_B


@pytest.mark.parametrize(
    "cookie",
    [None, "", "garbage", "1|abcd", "2|zz|00|1", "2|0000|" + "00" * 16 + "|1", "2|00000000|00ff|1", "2|" + "0" * 300],
)
def test_an_absent_or_malformed_cookie_gives_no_key(cookie: str | None) -> None:
    """No cookie, another format, bad hex, a short mask or token: no key (the session seed is used)."""
    assert browser_key(cookie) is None


def test_secrets_differ_per_browser_workshop_and_participant() -> None:
    """HMAC of the seed: the same inputs give the same secret; changing any one changes it."""
    pid = "participant_A_01"
    secret = participant_secret(SEED_A, 1, pid)
    assert len(secret) == 64 and secret == participant_secret(SEED_A, 1, pid)
    others = {participant_secret(SEED_B, 1, pid), participant_secret(SEED_A, 2, pid)}
    others.add(participant_secret(SEED_A, 1, "participant_B_02"))
    assert secret not in others and len(others) == 3
    assert len(new_seed()) >= MIN_SEED_BYTES and new_seed() != new_seed()
    with pytest.raises(ValueError):
        participant_secret(b"short", 1, pid)


# --------------------------------------------------------------------------- joining as this browser
def test_a_copied_link_gets_a_new_group_and_never_the_linked_one(store: WorkshopStore) -> None:
    """Browser B opening A's id: a new id for B; A's answers are not B's to read or overwrite."""
    ws = store.create(CASE.id).workshop
    first = join_workshop(store, ws.id, SEED_A)
    assert first.outcome == "joined" and valid_participant(first.participant_id)
    pid_a = str(first.participant_id)
    assert (
        send_answers(store, ws.id, pid_a, participant_secret(SEED_A, ws.id, pid_a), "A", CASE.answers, CASE).outcome
        == "stored"
    )

    copied = join_workshop(store, ws.id, SEED_B, (pid_a,))
    assert copied.outcome == "replaced" and copied.participant_id not in (None, pid_a)
    assert store.submission(ws.id, str(copied.participant_id)) is None
    stolen = send_answers(store, ws.id, pid_a, participant_secret(SEED_B, ws.id, pid_a), "B", CASE.answers, CASE)
    assert stolen.outcome == "not_yours"
    assert store.submission(ws.id, pid_a).group_label == "A"


def test_a_reload_in_the_same_browser_keeps_the_group(store: WorkshopStore) -> None:
    """The same browser key and the URL's id: the same group, no new participant."""
    ws = store.create(CASE.id).workshop
    pid = str(join_workshop(store, ws.id, SEED_A).participant_id)
    again = join_workshop(store, ws.id, SEED_A, (pid, None))
    assert (again.outcome, again.participant_id) == ("joined", pid)
    assert store.joined(ws.id) == frozenset({pid})


def test_a_malformed_id_is_skipped_and_the_sessions_own_id_is_used(store: WorkshopStore) -> None:
    """URL ids of the wrong shape never reach the store; the session's proven id comes next."""
    ws = store.create(CASE.id).workshop
    mine = str(join_workshop(store, ws.id, SEED_A).participant_id)
    back = join_workshop(store, ws.id, SEED_A, ("../../etc", mine))
    assert (back.outcome, back.participant_id) == ("joined", mine)
    other = str(join_workshop(store, ws.id, SEED_B).participant_id)
    swapped = join_workshop(store, ws.id, SEED_A, (other, mine))
    assert (swapped.outcome, swapped.participant_id) == ("replaced", mine)


def test_a_join_refused_by_a_limit_or_a_closed_workshop_gives_no_group(tmp_path: Path) -> None:
    """One new group per minute: the second browser waits (with the seconds); a deleted workshop is closed."""
    clock = Clock()
    limits = RateLimits(
        window_seconds=60, joins_per_window=1, max_groups=10, sends_per_window=10, sends_per_group_per_window=10
    )
    store = WorkshopStore(make_engine(f"sqlite:///{tmp_path / 'l.sqlite3'}"), 30, clock=clock, limits=limits)
    try:
        ws = store.create(CASE.id).workshop
        assert join_workshop(store, ws.id, SEED_A).outcome == "joined"
        clock.now += dt.timedelta(seconds=20)
        refused = join_workshop(store, ws.id, SEED_B)
        assert refused.model_dump() == {
            "outcome": "limited",
            "participant_id": None,
            "limit": "joins",
            "retry_after": 40,
        }
        store.delete(ws.id)
        assert join_workshop(store, ws.id, SEED_A).outcome == "closed"
    finally:
        store.close()


# --------------------------------------------------------------------------- sending
def test_sending_refuses_incomplete_answers_limits_and_closed_workshops(tmp_path: Path) -> None:
    """Incomplete: nothing stored; over the group's limit: ``limited`` with the wait; deleted: ``closed``."""
    from guidance.assessment.answers import Answers

    clock = Clock()
    limits = RateLimits(
        window_seconds=60, joins_per_window=10, max_groups=10, sends_per_window=10, sends_per_group_per_window=1
    )
    store = WorkshopStore(make_engine(f"sqlite:///{tmp_path / 's.sqlite3'}"), 30, clock=clock, limits=limits)
    try:
        ws = store.create(CASE.id).workshop
        pid = new_participant_id()
        secret = participant_secret(SEED_A, ws.id, pid)
        assert send_answers(store, ws.id, pid, secret, "", Answers(), CASE).outcome == "incomplete"
        assert store.submissions(ws.id) == []
        assert send_answers(store, ws.id, pid, secret, "", CASE.answers, CASE).outcome == "stored"
        clock.now += dt.timedelta(seconds=10)
        again = send_answers(store, ws.id, pid, secret, "", CASE.answers, CASE)
        assert again.model_dump() == {"outcome": "limited", "limit": "group_sends", "retry_after": 50}
        store.delete(ws.id)
        assert send_answers(store, ws.id, pid, secret, "", CASE.answers, CASE).outcome == "closed"
    finally:
        store.close()


# --------------------------------------------------------------------------- the limits are content
def test_the_limits_come_from_the_content() -> None:
    """content/workshop/limits.yaml: a room of 50 can join and send within a minute; one group cannot flood."""
    protection = load_protection()
    limits = protection.rate_limits
    assert limits.window_seconds == 60 and protection.purge_every == dt.timedelta(seconds=60)
    assert limits.joins_per_window >= 50 and limits.sends_per_window >= 50 and limits.max_groups >= 50
    assert 1 < limits.sends_per_group_per_window < 30
    assert set(LIMIT_MESSAGES) == {"joins", "groups", "sends", "group_sends"}


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (
            lambda d: d["protection"]["rate_limits"].update(joins_per_window=0),
            "rate_limits.joins_per_window",
            "greater than 0",
        ),
        (lambda d: d["protection"]["rate_limits"].update(per_ip=5), "rate_limits.per_ip", "unknown field"),
        (lambda d: d["protection"].pop("purge_every_seconds"), "purge_every_seconds", "required field is missing"),
        (lambda d: d["protection"].update(source="nowhere"), "source", "unknown source id 'nowhere'"),
    ],
)
def test_broken_limits_content_names_file_item_and_field(
    content_copy: Path, change: Callable[[Any], Any], field: str, problem: str
) -> None:
    """A bad limit stops with a message naming content/workshop/limits.yaml, the item and the field."""
    edit_yaml(content_copy, "workshop/limits.yaml", change)
    with pytest.raises(ContentError) as err:
        build_protection(content_copy)
    message = str(err.value)
    assert "content/workshop/limits.yaml" in message and "protection" in message
    assert field in message and problem in message
