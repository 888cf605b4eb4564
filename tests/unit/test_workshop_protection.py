"""The workshop store against hostile input and faults: participant secrets, scrubbing, retention, rate limits.

Rules (guidance/stores/workshop.py, the issue "Hostile input and faults"): only the hash of a
participant secret is stored and a claimed id refuses any other secret; a deleted workshop leaves no
trace of its group labels in SQLite's ``-wal`` file (nor in the database file); an expired workshop is
never readable, purged or not, and is purged on a schedule; joins and sends are rate-limited per
workshop (exactly, also with many writers at once on their own connections, as on several replicas); an
older database gains the secret column and keeps its rows.

The tests that take ``store``, ``open_store`` or ``db`` run on SQLite and on PostgreSQL (``store_url`` in
tests/conftest.py); the ones about SQLite's files (``-wal``, the database file's bytes) take
``sqlite_store``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, create_mock_engine, delete, func, insert, select, text, update

from guidance.assessment.answers_io import answers_to_json
from guidance.stores import migrate
from guidance.stores.workshop import (
    ENV_RETENTION,
    SCHEMA_VERSION,
    NotYours,
    RateLimited,
    RateLimits,
    StoreError,
    WorkshopClosed,
    WorkshopStore,
    make_engine,
    new_participant_id,
    participants,
    schema_version,
    sends,
    submissions,
    token_hash,
    workshops,
)
from guidance.workshop.cases import load_library
from tests.conftest import table_text
from tests.store_helpers import ALEMBIC, Clock

CASE = load_library().case("cleaning")
ANSWERS = answers_to_json(CASE.answers)
#: A group label no other text in the database contains.
LABEL = "Hemlig grupp 7391"
SECRET_A, SECRET_B = "a" * 64, "b" * 64
LIMITS = RateLimits(
    window_seconds=60, joins_per_window=3, max_groups=5, sends_per_window=4, sends_per_group_per_window=2
)
#: Writers at the same moment, each with its own engine (like replicas) in the concurrency tests.
AT_ONCE = 12


@pytest.fixture
def db(store_url: str) -> str:
    """The database: a SQLite file, or a PostgreSQL schema of its own."""
    return store_url


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the SQLite file of the SQLite-only tests goes."""
    return tmp_path / "ws.sqlite3"


@pytest.fixture
def clock() -> Clock:
    """The store's clock."""
    return Clock()


def _opener(url: str, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., WorkshopStore]]:
    """Yield ``make(limits=..., purge_every=...)`` opening stores on ``url``; close them all afterwards."""
    monkeypatch.delenv(ENV_RETENTION, raising=False)
    opened: list[WorkshopStore] = []

    def make(**kwargs: Any) -> WorkshopStore:
        store = WorkshopStore(make_engine(url), 30, clock=clock, **kwargs)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def open_store(db: str, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Open a store on the database: ``open_store(limits=..., purge_every=...)``; every store is closed at the end."""
    yield from _opener(db, clock, monkeypatch)


@pytest.fixture
def store(open_store: Any) -> WorkshopStore:
    """A store without rate limits."""
    return open_store()


@pytest.fixture
def open_sqlite_store(db_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Like ``open_store``, on the SQLite file ``db_path``."""
    yield from _opener(f"sqlite:///{db_path}", clock, monkeypatch)


@pytest.fixture
def sqlite_store(open_sqlite_store: Any) -> WorkshopStore:
    """A store without rate limits on the SQLite file ``db_path``."""
    return open_sqlite_store()


def count(store: WorkshopStore, table: Table, *where: Any) -> int:
    """Rows of ``table`` (matching ``where``), read past the store's own filters."""
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar() or 0)


def at_once(n: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work(i)`` for i in 0..n-1 in n threads released at the same moment; each result or exception."""
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def file_bytes(path: Path) -> bytes:
    """The bytes of a file ('' when it does not exist)."""
    return path.read_bytes() if path.exists() else b""


def wal(db_path: Path) -> Path:
    """SQLite's write-ahead log of ``db_path``."""
    return db_path.with_name(db_path.name + "-wal")


# --------------------------------------------------------------------------- participant secrets
def test_only_the_hash_of_a_participant_secret_is_stored(store: WorkshopStore, db: str, db_path: Path) -> None:
    """The secret itself is in no table (nor, on SQLite, in a WAL frame or a page of the file); its SHA-256 is."""
    ws = store.create(CASE.id).workshop
    pid = new_participant_id()
    store.join(ws.id, pid, SECRET_A)
    store.submit(ws.id, pid, LABEL, ANSWERS, "advanced", secret=SECRET_A)
    rows = table_text(store.engine)
    assert SECRET_A not in rows and token_hash(SECRET_A) in rows
    with store.engine.connect() as conn:
        stored = conn.execute(select(participants.c.secret_hash).where(participants.c.participant_id == pid)).one()
    assert tuple(stored) == (token_hash(SECRET_A),)
    if not db.startswith("sqlite"):
        return
    path = Path(db.removeprefix("sqlite:///"))
    raw = file_bytes(path) + file_bytes(wal(path))
    assert SECRET_A.encode() not in raw
    with sqlite3.connect(path) as con:
        dump = "\n".join(con.iterdump())
        stored = con.execute("SELECT secret_hash FROM participants WHERE participant_id = ?", (pid,)).fetchone()
    assert SECRET_A not in dump
    assert stored == (token_hash(SECRET_A),)


def test_a_claimed_participant_id_refuses_any_other_secret(store: WorkshopStore) -> None:
    """A copied id with another secret (or none) can neither join as the group nor send over its answers."""
    ws = store.create(CASE.id).workshop
    pid = new_participant_id()
    store.join(ws.id, pid, SECRET_A)
    store.submit(ws.id, pid, "Bord 1", ANSWERS, "advanced", secret=SECRET_A)
    with pytest.raises(NotYours):
        store.join(ws.id, pid, SECRET_B)
    for other in (SECRET_B, None):
        with pytest.raises(NotYours):
            store.submit(ws.id, pid, "Kapad", "{}", "basic", secret=other)
    kept = store.submission(ws.id, pid)
    assert kept is not None and (kept.group_label, kept.answers_json, kept.verdict) == ("Bord 1", ANSWERS, "advanced")
    store.join(ws.id, pid, SECRET_A)  # the owner rejoins (a reload)
    store.submit(ws.id, pid, "Bord 1b", ANSWERS, "advanced", secret=SECRET_A)
    assert store.submission(ws.id, pid).group_label == "Bord 1b"
    assert store.count(ws.id) == 1


def test_an_id_stored_without_a_hash_is_claimed_by_the_first_secret(store: WorkshopStore) -> None:
    """Rows from before secrets existed (or from a tool) are claimed once; from then on the secret holds."""
    ws = store.create(CASE.id).workshop
    pid = new_participant_id()
    store.submit(ws.id, pid, "Gammal", ANSWERS, "advanced")
    store.join(ws.id, pid, SECRET_A)
    with pytest.raises(NotYours):
        store.join(ws.id, pid, SECRET_B)
    with pytest.raises(StoreError):
        store.join(ws.id, pid, "x" * 1000)


# --------------------------------------------------------------------------- deleting leaves no trace
def test_a_plain_delete_leaves_the_label_in_the_wal(sqlite_store: WorkshopStore, db_path: Path) -> None:
    """The failure this guards against: a DELETE alone keeps the inserted page version in ``-wal``."""
    store = sqlite_store
    ws = store.create(CASE.id).workshop
    store.submit(ws.id, new_participant_id(), LABEL, ANSWERS, "advanced")
    assert LABEL.encode() in file_bytes(wal(db_path))
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM submissions"))
    assert LABEL.encode() in file_bytes(wal(db_path))


def test_deleting_a_workshop_leaves_no_trace_of_its_labels_in_the_wal_or_the_file(
    sqlite_store: WorkshopStore, db_path: Path
) -> None:
    """After "delete workshop" the -wal file is empty and no page of the database holds the label."""
    store = sqlite_store
    ws = store.create(CASE.id).workshop
    keep = store.create(CASE.id).workshop
    for n in range(3):
        store.submit(ws.id, new_participant_id(), f"{LABEL} {n}", ANSWERS, "advanced")
    store.submit(keep.id, new_participant_id(), "Bord kvar", ANSWERS, "advanced")
    assert LABEL.encode() in file_bytes(wal(db_path))  # the control: the label is there before
    reader = store.submissions(keep.id)  # another workshop's reads go on
    assert store.delete(ws.id) is True
    after_wal, after_db = file_bytes(wal(db_path)), file_bytes(db_path)
    assert LABEL.encode() not in after_wal and LABEL.encode() not in after_db
    assert len(after_wal) == 0
    assert [s.group_label for s in store.submissions(keep.id)] == [r.group_label for r in reader] == ["Bord kvar"]
    assert b"Bord kvar" in after_db


def test_a_reader_holding_the_wal_delays_the_scrub_to_the_next_purge(
    sqlite_store: WorkshopStore, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long read keeps the WAL: the delete reports it, returns quickly, and the next purge finishes the job."""
    import guidance.stores.workshop as ws_mod

    store = sqlite_store
    monkeypatch.setattr(ws_mod, "SCRUB_ATTEMPTS", 2)
    monkeypatch.setattr(ws_mod, "SCRUB_BUSY_MS", 50)
    ws = store.create(CASE.id).workshop
    store.submit(ws.id, new_participant_id(), LABEL, ANSWERS, "advanced")
    reader = sqlite3.connect(db_path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM submissions").fetchone() == (1,)
        t0 = time.monotonic()
        assert store.delete(ws.id) is False
        assert time.monotonic() - t0 < 5
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert store.purge_expired() == 0
    assert LABEL.encode() not in file_bytes(wal(db_path)) + file_bytes(db_path)


def test_purging_an_expired_workshop_scrubs_the_files_too(store: WorkshopStore, db: str, clock: Clock) -> None:
    """Retention removes the label from every table, and on SQLite from -wal and the database file, like a delete."""
    ws = store.create(CASE.id).workshop
    store.submit(ws.id, new_participant_id(), LABEL, ANSWERS, "advanced")
    clock.now += dt.timedelta(days=31)
    assert store.purge_expired() == 1
    assert LABEL not in table_text(store.engine)
    if db.startswith("sqlite"):
        path = Path(db.removeprefix("sqlite:///"))
        assert LABEL.encode() not in file_bytes(wal(path)) + file_bytes(path)


def test_scrubbing_is_skipped_on_other_databases(store: WorkshopStore, db: str) -> None:
    """PostgreSQL: the same delete path runs no SQLite statement and reports done (on a real server too)."""
    if not db.startswith("sqlite"):
        assert store.scrub() is True
        assert store.delete(store.create(CASE.id).workshop.id) is True
    calls: list[Any] = []
    sqlite_engine = store.engine
    store.engine = create_mock_engine("postgresql://", lambda sql, *a, **k: calls.append(sql))  # records statements
    try:
        assert store.scrub() is True
    finally:
        store.engine = sqlite_engine
    assert calls == []


# --------------------------------------------------------------------------- retention on every read
def test_an_expired_workshop_is_never_readable_even_before_it_is_purged(open_store: Any, clock: Clock) -> None:
    """Reads filter on expiry: with the purge far off, every read already returns nothing, yet the rows exist."""
    store = open_store(purge_every=dt.timedelta(days=365))
    new = store.create(CASE.id)
    ws = new.workshop
    pid = new_participant_id()
    store.join(ws.id, pid, SECRET_A)
    store.submit(ws.id, pid, LABEL, ANSWERS, "advanced", secret=SECRET_A)
    clock.now = ws.expires_at
    assert store.by_code(ws.join_code) is None and store.by_token(new.facilitator_token) is None
    assert store.by_id(ws.id) is None
    assert store.submissions(ws.id) == [] and store.submission(ws.id, pid) is None
    assert store.count(ws.id) == 0 and store.joined(ws.id) == frozenset()
    store.set_revealed(ws.id, True)
    with store.engine.connect() as conn:  # not purged yet: the filter alone hid it
        assert tuple(conn.execute(select(workshops.c.revealed).where(workshops.c.id == ws.id)).one()) == (False,)
    assert count(store, submissions) == 1


def test_a_read_purges_once_the_interval_has_passed(open_store: Any, clock: Clock) -> None:
    """Any call purges when ``purge_every`` has passed since the last purge: the rows are gone, not only hidden."""
    store = open_store(purge_every=dt.timedelta(minutes=5))
    ws = store.create(CASE.id).workshop
    store.submit(ws.id, new_participant_id(), LABEL, ANSWERS, "advanced")
    clock.now = ws.expires_at + dt.timedelta(minutes=1)
    other = store.create(CASE.id).workshop  # create purges too: the expired one goes now
    clock.now += dt.timedelta(minutes=4)
    assert store.count(other.id) == 0
    assert count(store, workshops, workshops.c.join_code == ws.join_code) == 0


def test_the_schedule_purges_without_any_request(open_store: Any, db: str, clock: Clock) -> None:
    """A background thread purges every ``purge_every``; nobody reads the store meanwhile; close() stops it."""
    store = open_store(purge_every=dt.timedelta(milliseconds=50))
    ws = store.create(CASE.id).workshop
    store.submit(ws.id, new_participant_id(), LABEL, ANSWERS, "advanced")
    clock.now = ws.expires_at
    store.start_purging()
    deadline = time.monotonic() + 10
    left = 1
    watcher = make_engine(db)  # a connection of its own, not the store's
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        with watcher.connect() as conn:
            left = int(conn.execute(select(func.count()).select_from(workshops)).scalar() or 0)
    watcher.dispose()
    assert left == 0
    thread = store._thread
    store.close()
    assert thread is not None and not thread.is_alive()


# --------------------------------------------------------------------------- rate limits
def test_new_groups_per_window_and_in_all_are_limited(open_store: Any, clock: Clock) -> None:
    """3 new groups a minute, 5 in all; a group that rejoins is not new; the wait is counted from the oldest join."""
    store = open_store(limits=LIMITS)
    ws = store.create(CASE.id).workshop
    pids = [new_participant_id() for _ in range(6)]
    for n, pid in enumerate(pids[:3]):
        store.join(ws.id, pid, SECRET_A)
        clock.now += dt.timedelta(seconds=10 if n < 2 else 0)
    store.join(ws.id, pids[0], SECRET_A)  # a reload of the first group
    with pytest.raises(RateLimited) as refused:
        store.join(ws.id, pids[3], SECRET_A)
    assert (refused.value.kind, refused.value.retry_after) == ("joins", 40)
    with pytest.raises(RateLimited):
        store.submit(ws.id, pids[3], "", ANSWERS, "advanced", secret=SECRET_A)  # sending is joining too
    clock.now += dt.timedelta(seconds=41)  # the first join has left the window: one place is free
    store.join(ws.id, pids[3], SECRET_A)
    clock.now += dt.timedelta(seconds=60)
    store.join(ws.id, pids[4], SECRET_A)
    with pytest.raises(RateLimited) as full:
        store.join(ws.id, pids[5], SECRET_A)
    assert (full.value.kind, full.value.retry_after) == ("groups", None)
    assert len(store.joined(ws.id)) == 5


def test_sends_per_group_and_per_workshop_are_limited(open_store: Any, clock: Clock) -> None:
    """2 sends a minute per group, 4 per workshop; a refused send changes nothing and is not counted."""
    store = open_store(limits=LIMITS)
    ws = store.create(CASE.id).workshop
    a, b, c = (new_participant_id() for _ in range(3))
    store.submit(ws.id, a, "A1", ANSWERS, "advanced", secret=SECRET_A)
    clock.now += dt.timedelta(seconds=15)
    store.submit(ws.id, a, "A2", ANSWERS, "advanced", secret=SECRET_A)
    with pytest.raises(RateLimited) as group:
        store.submit(ws.id, a, "A3", ANSWERS, "advanced", secret=SECRET_A)
    assert (group.value.kind, group.value.retry_after) == ("group_sends", 45)
    assert store.submission(ws.id, a).group_label == "A2"
    store.submit(ws.id, b, "B1", ANSWERS, "advanced", secret=SECRET_B)
    store.submit(ws.id, b, "B2", ANSWERS, "advanced", secret=SECRET_B)
    with pytest.raises(RateLimited) as room:
        store.submit(ws.id, c, "C1", ANSWERS, "advanced", secret=SECRET_A)
    assert (room.value.kind, room.value.retry_after) == ("sends", 45)
    assert store.submission(ws.id, c) is None
    clock.now += dt.timedelta(seconds=46)
    store.submit(ws.id, c, "C1", ANSWERS, "advanced", secret=SECRET_A)
    assert sorted(s.group_label for s in store.submissions(ws.id)) == ["A2", "B2", "C1"]


def test_thirty_rapid_extra_sends_are_refused(open_store: Any) -> None:
    """The adversarial run: 30 sends in a burst from one group; only the per-group allowance is stored."""
    store = open_store(limits=LIMITS)
    ws = store.create(CASE.id).workshop
    pid = new_participant_id()
    outcomes = []
    for n in range(30):
        try:
            store.submit(ws.id, pid, f"Skick {n}", ANSWERS, "advanced", secret=SECRET_A)
            outcomes.append("stored")
        except RateLimited as exc:
            outcomes.append(exc.kind)
    assert outcomes == ["stored"] * 2 + ["group_sends"] * 28
    assert store.submission(ws.id, pid).group_label == "Skick 1"


def test_send_records_older_than_the_window_are_pruned(open_store: Any, db_path: Path, clock: Clock) -> None:
    """The rate-limit log keeps only the window: a purge removes older records."""
    store = open_store(limits=LIMITS)
    ws = store.create(CASE.id).workshop
    store.submit(ws.id, new_participant_id(), "", ANSWERS, "advanced", secret=SECRET_A)
    with store.engine.connect() as conn:
        assert len(conn.execute(select(sends.c.id)).all()) == 1
    clock.now += dt.timedelta(seconds=61)
    store.purge_expired()
    with store.engine.connect() as conn:
        assert conn.execute(select(sends.c.id)).all() == []


# --------------------------------------------------------------------------- schema
def test_a_version_1_database_gains_the_secret_column_and_keeps_its_rows(
    store: WorkshopStore, db: str, clock: Clock
) -> None:
    """Existing databases keep working: the migration adds ``participants.secret_hash`` and nothing is lost.

    A version-1 database of the code before Alembic: no ``secret_hash``, ``schema_version`` 1, no Alembic record.
    """
    ws = store.create(CASE.id).workshop
    pid = new_participant_id()
    with store.engine.begin() as conn:
        conn.execute(insert(participants).values(workshop_id=ws.id, participant_id=pid, joined_at=clock.now))
        conn.execute(text("ALTER TABLE participants DROP COLUMN secret_hash"))
        conn.execute(update(schema_version).values(version=1))
        conn.execute(delete(ALEMBIC).where(ALEMBIC.c.version_num.like("workshop_%")))
    store.close()
    upgraded = WorkshopStore(make_engine(db), 30, clock=clock)
    try:
        with upgraded.engine.connect() as conn:
            assert conn.execute(select(schema_version.c.version)).scalar() == SCHEMA_VERSION == 2
            row = conn.execute(select(participants).where(participants.c.participant_id == pid)).one()
            assert row.secret_hash is None
            assert conn.execute(select(workshops.c.id)).scalars().all() == [ws.id]
        upgraded.join(ws.id, pid, SECRET_A)
        with pytest.raises(NotYours):
            upgraded.submit(ws.id, pid, "", ANSWERS, "advanced", secret=SECRET_B)
        assert upgraded.joined(ws.id) == frozenset({pid})
        with upgraded.engine.connect() as conn:
            assert migrate.recorded(conn, "workshop") == (migrate.head("workshop"),)
        assert upgraded.upgrade() == migrate.head("workshop")  # running the migration again changes nothing
        assert upgraded.joined(ws.id) == frozenset({pid})
    finally:
        upgraded.close()


def test_a_deleted_workshop_leaves_no_row_in_any_table(open_store: Any) -> None:
    """Participants, submissions and the rate-limit log go with the workshop."""
    store = open_store(limits=LIMITS)
    ws = store.create(CASE.id).workshop
    pid = new_participant_id()
    store.join(ws.id, pid, SECRET_A)
    store.submit(ws.id, pid, LABEL, ANSWERS, "advanced", secret=SECRET_A)
    store.delete(ws.id)
    with store.engine.connect() as conn:
        for table in (workshops, participants, submissions, sends):
            assert conn.execute(select(table)).all() == [], table.name


# --------------------------------------------------------------------------- many writers at once (replicas)
def test_new_groups_joining_at_once_never_overshoot_the_limits(open_store: Any) -> None:
    """12 groups join at the same moment, each through its own engine (as on several replicas): exactly
    ``joins_per_window`` (3) get in, the others are refused with the wait; the count stays exact on PostgreSQL too,
    because each join locks the workshop's row before it counts."""
    ws = open_store(limits=LIMITS).create(CASE.id).workshop
    stores = [open_store(limits=LIMITS) for _ in range(AT_ONCE)]
    pids = [new_participant_id() for _ in range(AT_ONCE)]
    results = at_once(AT_ONCE, lambda i: stores[i].join(ws.id, pids[i], SECRET_A))
    joined = [r for r in results if r is None]
    refused = [r for r in results if isinstance(r, RateLimited)]
    assert (len(joined), len(refused)) == (LIMITS.joins_per_window, AT_ONCE - LIMITS.joins_per_window)
    assert {(r.kind, r.retry_after) for r in refused} == {("joins", LIMITS.window_seconds)}
    assert len(stores[0].joined(ws.id)) == LIMITS.joins_per_window


def test_sends_at_once_never_overshoot_the_workshop_limit(open_store: Any) -> None:
    """12 groups send at the same moment through their own engines: exactly ``sends_per_window`` (4) answers are
    stored and counted; the others are refused and leave no answer and no send record."""
    roomy = LIMITS.model_copy(update={"joins_per_window": 50, "max_groups": 50})
    ws = open_store(limits=roomy).create(CASE.id).workshop
    stores = [open_store(limits=roomy) for _ in range(AT_ONCE)]
    pids = [new_participant_id() for _ in range(AT_ONCE)]
    results = at_once(
        AT_ONCE, lambda i: stores[i].submit(ws.id, pids[i], f"G{i}", ANSWERS, "advanced", secret=SECRET_A)
    )
    stored = [i for i, r in enumerate(results) if r is None]
    assert len(stored) == roomy.sends_per_window
    assert {r.kind for r in results if isinstance(r, RateLimited)} == {"sends"}
    assert all(r is None or isinstance(r, RateLimited) for r in results)
    assert sorted(s.group_label for s in stores[0].submissions(ws.id)) == sorted(f"G{i}" for i in stored)
    assert count(stores[0], sends) == roomy.sends_per_window


def test_one_group_id_claimed_at_once_with_two_secrets_has_one_owner(open_store: Any) -> None:
    """12 joins of one id at the same moment, half with secret A and half with B (a copied link): one secret
    claims the id, every join with it succeeds and every join with the other is refused; one row."""
    ws = open_store().create(CASE.id).workshop
    stores = [open_store() for _ in range(AT_ONCE)]
    pid = new_participant_id()
    secrets = [SECRET_A if i % 2 else SECRET_B for i in range(AT_ONCE)]
    results = at_once(AT_ONCE, lambda i: stores[i].join(ws.id, pid, secrets[i]))
    winners = {secrets[i] for i, r in enumerate(results) if r is None}
    assert len(winners) == 1
    assert all(isinstance(r, NotYours) for i, r in enumerate(results) if secrets[i] not in winners)
    assert count(stores[0], participants, participants.c.participant_id == pid) == 1
    with stores[0].engine.connect() as conn:
        stored = conn.execute(select(participants.c.secret_hash).where(participants.c.participant_id == pid)).scalar()
    assert stored == token_hash(winners.pop())


def test_resends_and_a_delete_at_once_leave_no_orphan_and_no_error(open_store: Any) -> None:
    """Resends racing a "delete workshop": each is either stored before the delete (and deleted with it) or
    refused as closed; no deadlock, no other error, and nothing of the workshop is left."""
    store = open_store()
    ws = store.create(CASE.id).workshop
    stores = [open_store() for _ in range(AT_ONCE)]
    pids = [new_participant_id() for _ in range(AT_ONCE)]
    for i in range(1, AT_ONCE):  # the groups' rows exist: the resends update them while the delete removes them
        store.submit(ws.id, pids[i], LABEL, ANSWERS, "advanced", secret=SECRET_A)

    def work(i: int) -> object:
        if i == 0:
            return stores[0].delete(ws.id)
        return stores[i].submit(ws.id, pids[i], LABEL, ANSWERS, "advanced", secret=SECRET_A)

    results = at_once(AT_ONCE, work)
    assert isinstance(results[0], bool), results[0]  # deleted (scrubbed or not: SQLite readers may hold the WAL)
    assert all(r is None or isinstance(r, WorkshopClosed) for r in results[1:]), results
    for table in (workshops, participants, submissions, sends):
        assert count(store, table) == 0, table.name
