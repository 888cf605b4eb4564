"""The workshop store: create, join, submit, expire, delete, restart, and 50 concurrent writers.

Every test that takes ``db`` (or ``store``) runs twice: on the default store (a SQLite file in WAL mode
in a temporary directory) and on PostgreSQL (a schema of its own on the throw-away server of
scripts/test.sh; see ``store_url`` in tests/conftest.py). The SQLite-only ones (the file, WAL mode)
take ``sqlite_db``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select, update

from guidance.assessment.answers_io import answers_from_json, answers_to_json
from guidance.assessment.assess import assess
from guidance.stores import migrate
from guidance.stores.workshop import (
    CODE_ALPHABET,
    ENV_PATH,
    ENV_RETENTION,
    ENV_URL,
    MAX_LABEL,
    SCHEMA_VERSION,
    StoreError,
    WorkshopClosed,
    WorkshopStore,
    clean_label,
    database_url,
    make_engine,
    new_participant_id,
    normalise_code,
    schema_version,
    submissions,
    token_hash,
    workshops,
)
from guidance.workshop.cases import load_library
from tests.conftest import table_text
from tests.store_helpers import ALEMBIC, Clock

CASE = load_library().case("cleaning")
REFERENCE_JSON = answers_to_json(CASE.answers)
WRITERS = 50


@pytest.fixture
def db(store_url: str) -> str:
    """A fresh database URL: a SQLite file, or a PostgreSQL schema of its own."""
    return store_url


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    """A fresh SQLite file URL (for the tests of SQLite's own settings)."""
    return f"sqlite:///{tmp_path / 'ws.sqlite3'}"


@pytest.fixture
def clock() -> Clock:
    """The store's clock."""
    return Clock()


@pytest.fixture
def store(db: str, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> WorkshopStore:
    """A store with the content's retention period (no environment override)."""
    monkeypatch.delenv(ENV_RETENTION, raising=False)
    return WorkshopStore(make_engine(db), load_library().settings.retention_days, clock=clock)


# --------------------------------------------------------------------------- create and join
def test_create_gives_a_six_character_code_and_a_token_stored_only_as_its_hash(store: WorkshopStore, db: str) -> None:
    """The code uses the unambiguous alphabet; the token never reaches the database in clear."""
    new = store.create("cleaning")
    assert len(new.workshop.join_code) == 6 and set(new.workshop.join_code) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)
    assert len(new.facilitator_token) == 32
    rows = table_text(store.engine)
    assert new.facilitator_token not in rows
    assert token_hash(new.facilitator_token) in rows
    if db.startswith("sqlite"):  # the file itself, WAL included
        raw = Path(db.split("///", 1)[1])
        store.engine.dispose()
        with sqlite3.connect(raw) as con:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            dump = "\n".join(con.iterdump())
        assert new.facilitator_token not in dump
        assert token_hash(new.facilitator_token) in dump


def test_join_code_is_read_case_insensitively_and_gives_no_facilitator_access(store: WorkshopStore) -> None:
    """Participants may type the code in lower case with spaces; the code is not a facilitator token."""
    new = store.create("cleaning")
    code = new.workshop.join_code
    typed = f" {code[:3].lower()} {code[3:].lower()} "
    assert store.by_code(typed) == new.workshop
    assert store.by_token(code) is None
    assert store.by_token(new.facilitator_token) == new.workshop
    assert store.by_token(new.facilitator_token[:-1] + ("A" if new.facilitator_token[-1] != "A" else "B")) is None


@pytest.mark.parametrize("text", ["", "ABC", "ABCDEFG", "ABC10O", "<script>", None, "A" * 500])
def test_malformed_codes_are_rejected_before_any_lookup(text: str | None) -> None:
    """Length and alphabet are checked (0, 1, O, I and L are not in the alphabet)."""
    assert normalise_code(text) is None


def test_unknown_codes_and_tokens_find_nothing(store: WorkshopStore) -> None:
    """A well-formed but unused code, or a random token, opens nothing."""
    taken = store.create("cleaning").workshop.join_code
    assert store.by_code("ZZZZ22" if taken != "ZZZZ22" else "ZZZZ23") is None
    assert store.by_token("x" * 32) is None
    assert store.by_token("too-short") is None


# --------------------------------------------------------------------------- submit
def test_resubmitting_replaces_the_answer_instead_of_adding_one(store: WorkshopStore, clock: Clock) -> None:
    """Idempotent per participant: a rerun or reconnect keeps one row, with the latest answers."""
    ws = store.create("cleaning").workshop
    pid = new_participant_id()
    store.submit(ws.id, pid, "Bord 1", REFERENCE_JSON, "advanced")
    first = store.submission(ws.id, pid)
    clock.now += dt.timedelta(minutes=2)
    changed = CASE.answers.model_copy(update={"value_sek": 15e6})
    store.submit(ws.id, pid, "Bord 1b", answers_to_json(changed), assess(changed).verdict)
    assert store.count(ws.id) == 1
    latest = store.submission(ws.id, pid)
    assert latest is not None and first is not None
    assert latest.group_label == "Bord 1b"
    assert answers_from_json(latest.answers_json)[0].value_sek == 15e6
    assert latest.created_at == first.created_at and latest.updated_at == clock.now
    other = new_participant_id()
    store.submit(ws.id, other, "", REFERENCE_JSON, "advanced")
    assert store.count(ws.id) == 2
    assert [s.participant_id for s in store.submissions(ws.id)] == [pid, other]


def test_group_labels_are_plain_short_and_without_control_characters(store: WorkshopStore) -> None:
    """At most 40 characters; control characters go; markup is kept as text (it is never rendered)."""
    assert clean_label("  <b>Bord\x00 3</b>\n\t ") == "<b>Bord 3</b>"
    assert len(clean_label("x" * 500)) == MAX_LABEL
    ws = store.create("cleaning").workshop
    pid = new_participant_id()
    store.submit(ws.id, pid, "é" * 100, REFERENCE_JSON, "advanced")
    assert store.submission(ws.id, pid).group_label == "é" * MAX_LABEL


def test_invalid_participant_ids_and_oversized_answers_are_refused(store: WorkshopStore) -> None:
    """The participant id comes from the URL: anything but the expected shape is refused."""
    ws = store.create("cleaning").workshop
    with pytest.raises(StoreError):
        store.submit(ws.id, "../../etc", "", REFERENCE_JSON, "advanced")
    with pytest.raises(StoreError):
        store.submit(ws.id, new_participant_id(), "", "x" * 100_000, "advanced")


# --------------------------------------------------------------------------- expire, delete, restart
def test_workshops_expire_after_the_retention_period_and_are_purged(store: WorkshopStore, clock: Clock) -> None:
    """Default 30 days: afterwards the code is unknown, submitting fails and the rows are deleted.

    The first read after the expiry purges (more than ``purge_every`` has passed since the last purge),
    so nothing is left for an explicit purge.
    """
    new = store.create("cleaning")
    ws = new.workshop
    assert ws.expires_at - ws.created_at == dt.timedelta(days=30)
    store.submit(ws.id, new_participant_id(), "", REFERENCE_JSON, "advanced")
    clock.now += dt.timedelta(days=29, hours=23)
    assert store.by_code(ws.join_code) is not None
    clock.now += dt.timedelta(hours=2)
    assert store.by_code(ws.join_code) is None
    with store.engine.connect() as conn:
        assert conn.execute(select(workshops.c.id).where(workshops.c.id == ws.id)).first() is None
        assert conn.execute(select(submissions.c.id).where(submissions.c.workshop_id == ws.id)).first() is None
    assert store.by_token(new.facilitator_token) is None
    with pytest.raises(WorkshopClosed):
        store.submit(ws.id, new_participant_id(), "", REFERENCE_JSON, "advanced")
    assert store.purge_expired() == 0
    assert store.count(ws.id) == 0


def test_retention_can_be_set_through_the_environment(db: str, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """SYSSELSATTNING_RETENTION_DAYS overrides the content's 30 days."""
    monkeypatch.setenv(ENV_RETENTION, "2")
    store = WorkshopStore(make_engine(db), 30, clock=clock)
    ws = store.create("cleaning").workshop
    assert ws.expires_at - ws.created_at == dt.timedelta(days=2)


def test_purge_runs_when_a_store_opens_and_when_a_workshop_is_created(
    db: str, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Expired rows go at start-up and on create, without anyone asking."""
    monkeypatch.delenv(ENV_RETENTION, raising=False)
    store = WorkshopStore(make_engine(db), 1, clock=clock)
    old = store.create("cleaning").workshop
    store.submit(old.id, new_participant_id(), "", REFERENCE_JSON, "advanced")
    clock.now += dt.timedelta(days=2)
    store.create("road_works")
    assert store.count(old.id) == 0
    old2 = store.create("cleaning").workshop
    clock.now += dt.timedelta(days=2)
    WorkshopStore(make_engine(db), 1, clock=clock)  # a restart
    with store.engine.connect() as conn:
        ids = {r.id for r in conn.execute(select(workshops.c.id))}
    assert old2.id not in ids


def test_a_facilitator_can_delete_a_workshop_at_once(store: WorkshopStore) -> None:
    """Delete removes the workshop and every answer; the code and token stop working."""
    new = store.create("cleaning")
    ws = new.workshop
    for _ in range(3):
        store.submit(ws.id, new_participant_id(), "", REFERENCE_JSON, "advanced")
    store.delete(ws.id)
    assert store.count(ws.id) == 0
    assert store.by_code(ws.join_code) is None and store.by_token(new.facilitator_token) is None
    with pytest.raises(WorkshopClosed):
        store.submit(ws.id, new_participant_id(), "", REFERENCE_JSON, "advanced")


def test_a_restart_loses_no_stored_answer(db: str, clock: Clock) -> None:
    """Answers are committed to the file: a new engine and store (a restarted server) sees them all."""
    first = WorkshopStore(make_engine(db), 30, clock=clock)
    new = first.create("cleaning")
    pids = [new_participant_id() for _ in range(5)]
    for pid in pids:
        first.submit(new.workshop.id, pid, pid[:4], REFERENCE_JSON, "advanced")
    first.engine.dispose()
    second = WorkshopStore(make_engine(db), 30, clock=clock)
    assert second.by_token(new.facilitator_token) == new.workshop
    assert sorted(s.participant_id for s in second.submissions(new.workshop.id)) == sorted(pids)


# --------------------------------------------------------------------------- schema and engine
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_db: str) -> None:
    """Concurrent readers and a writer: WAL journal and a busy timeout on every connection."""
    store = WorkshopStore(make_engine(sqlite_db), 30)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_schema_version_is_recorded_and_a_newer_database_is_refused(store: WorkshopStore, db: str) -> None:
    """The legacy version row and Alembic's revision are written at creation; a database from a newer app
    (a higher legacy number, or a revision this code does not know) stops with a clear error."""
    with store.engine.begin() as conn:
        assert conn.execute(select(schema_version.c.version)).scalar() == SCHEMA_VERSION
        assert migrate.recorded(conn, "workshop") == (migrate.head("workshop"),)
        conn.execute(update(schema_version).values(version=SCHEMA_VERSION + 1))
    with pytest.raises(StoreError, match="newer"):
        WorkshopStore(make_engine(db), 30)
    with store.engine.begin() as conn:
        conn.execute(update(schema_version).values(version=SCHEMA_VERSION))
        conn.execute(
            update(ALEMBIC).where(ALEMBIC.c.version_num.like("workshop_%")).values(version_num="workshop_9999")
        )
    with pytest.raises(StoreError, match="newer"):
        WorkshopStore(make_engine(db), 30)


def test_an_old_database_is_upgraded(store: WorkshopStore, db: str) -> None:
    """A database without Alembic's record (as the code before Alembic left it) runs the migrations up to the
    newest revision, which is then recorded; the rows stay."""
    ws = store.create("cleaning").workshop
    pid = new_participant_id()
    store.submit(ws.id, pid, "Bord 1", REFERENCE_JSON, "advanced")
    with store.engine.begin() as conn:
        conn.execute(delete(ALEMBIC).where(ALEMBIC.c.version_num.like("workshop_%")))
        assert migrate.recorded(conn, "workshop") == ()
    upgraded = WorkshopStore(make_engine(db), 30, clock=store.clock)
    with upgraded.engine.connect() as conn:
        assert migrate.recorded(conn, "workshop") == (migrate.head("workshop"),)
        assert conn.execute(select(schema_version.c.version)).scalar() == SCHEMA_VERSION
    assert upgraded.submission(ws.id, pid).group_label == "Bord 1"


def test_database_location_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SYSSELSATTNING_DB_URL wins; else SYSSELSATTNING_DB_PATH; else data/ next to the project."""
    monkeypatch.delenv(ENV_URL, raising=False)
    monkeypatch.delenv(ENV_PATH, raising=False)
    assert database_url().endswith("/data/workshops.sqlite3")
    monkeypatch.setenv(ENV_PATH, str(tmp_path / "x.db"))
    assert database_url() == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv(ENV_URL, "postgresql+psycopg://u@db/ws")
    assert database_url() == "postgresql+psycopg://u@db/ws"


def test_a_duplicate_row_is_impossible_even_without_the_upsert(store: WorkshopStore) -> None:
    """UNIQUE(workshop_id, participant_id) backs the idempotency in the schema itself."""
    from sqlalchemy.exc import IntegrityError

    ws = store.create("cleaning").workshop
    pid = new_participant_id()
    store.submit(ws.id, pid, "", REFERENCE_JSON, "advanced")
    now = dt.datetime(2026, 3, 1)
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(
            insert(submissions).values(
                workshop_id=ws.id,
                participant_id=pid,
                group_label="",
                answers_json="{}",
                verdict="basic",
                created_at=now,
                updated_at=now,
            )
        )


# --------------------------------------------------------------------------- concurrency
def _run_writers(n: int, work: Callable[[int], None]) -> tuple[float, list[BaseException]]:
    """Start ``n`` threads that all call ``work(i)`` at the same moment; return seconds and errors."""
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return time.perf_counter() - t0, errors


def test_fifty_participants_submitting_at_once_are_each_stored_exactly_once(
    store: WorkshopStore, capsys: pytest.CaptureFixture[str]
) -> None:
    """50 threads submit at the same moment, then all resend (a rerun): 50 rows, none lost or doubled."""
    ws = store.create("cleaning").workshop
    pids = [new_participant_id() for _ in range(WRITERS)]

    def submit(i: int) -> None:
        store.submit(ws.id, pids[i], f"Grupp {i}", REFERENCE_JSON, "advanced")

    first_s, errors = _run_writers(WRITERS, submit)
    assert errors == []
    again_s, errors = _run_writers(WRITERS, submit)
    assert errors == []
    rows = store.submissions(ws.id)
    stored = [r.participant_id for r in rows]
    duplicates = len(stored) - len(set(stored))
    assert store.count(ws.id) == WRITERS and sorted(stored) == sorted(pids) and duplicates == 0
    assert {r.group_label for r in rows} == {f"Grupp {i}" for i in range(WRITERS)}
    with capsys.disabled():
        print(
            f"\n[concurrency, shared engine] writers={WRITERS} stored={len(stored)} duplicates={duplicates} "
            f"first_wave={first_s:.3f}s resend_wave={again_s:.3f}s"
        )


def test_fifty_writers_with_their_own_connections_lose_nothing(
    store: WorkshopStore, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Like 50 server processes: one engine each, all writing to the same file at once."""
    ws = store.create("cleaning").workshop
    pids = [new_participant_id() for _ in range(WRITERS)]
    stores = [WorkshopStore(make_engine(db), 30, clock=store.clock) for _ in range(WRITERS)]

    def submit(i: int) -> None:
        stores[i].submit(ws.id, pids[i], "", REFERENCE_JSON, "advanced")
        stores[i].submit(ws.id, pids[i], "", REFERENCE_JSON, "advanced")  # a double click

    seconds, errors = _run_writers(WRITERS, submit)
    assert errors == []
    stored = [r.participant_id for r in store.submissions(ws.id)]
    assert sorted(stored) == sorted(pids)
    with capsys.disabled():
        print(
            f"\n[concurrency, 50 engines] writers={WRITERS} submissions={2 * WRITERS} stored={len(stored)} "
            f"duplicates={len(stored) - len(set(stored))} time={seconds:.3f}s"
        )
    for s in stores:
        s.engine.dispose()
