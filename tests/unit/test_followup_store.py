"""The follow-up store on SQLite and PostgreSQL: registers and tokens (hashes only), contracts, versioned reports
that are never overwritten, rate and size limits, restarts, the database's place next to the workshop's, and
concurrent writers (each on its own engine, as on several replicas).

Every test that takes ``db`` (or ``store``) runs on a SQLite file and on a PostgreSQL schema of its own
(``store_url`` in tests/conftest.py); the bytes of SQLite's files are checked on SQLite only."""

from __future__ import annotations

import datetime as dt
import hmac
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import event, inspect, select, update

from guidance.followup.content import load_followup_content
from guidance.followup.figures import Figures
from guidance.followup.models import Contract
from guidance.stores import followup as fs
from guidance.stores import migrate
from guidance.stores.followup import (
    SCHEMA_VERSION,
    FollowupStore,
    RateLimited,
    StoreError,
    database_url,
    fu_reports,
    fu_schema_version,
    token_hash,
)
from guidance.stores.workshop import make_engine
from tests.conftest import table_text
from tests.store_helpers import ALEMBIC, Clock
from tests.test_followup_fixtures import contract

LIMITS = load_followup_content().limits


@pytest.fixture
def db(store_url: str) -> str:
    """A fresh database URL: a SQLite file, or a PostgreSQL schema of its own."""
    return store_url


@pytest.fixture
def clock() -> Clock:
    """The store's clock."""
    return Clock()


@pytest.fixture
def store(db: str, clock: Clock) -> FollowupStore:
    """A store on an empty database."""
    return FollowupStore(make_engine(db), clock=clock)


def _data(**given: object) -> Contract:
    """Contract facts to register (a Contract is a ContractInput; the store takes its input fields)."""
    return contract(**given)


def _raw(db: str) -> bytes:
    """Every byte the database has written: on SQLite the file and its write-ahead log; elsewhere every row as text."""
    if not db.startswith("sqlite"):
        engine = make_engine(db)
        try:
            return table_text(engine).encode()
        finally:
            engine.dispose()
    path = Path(db.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


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


FIGS = Figures(started={"employment": {"young": 2}}, months={"employment": 6}, first_start=dt.date(2025, 3, 1))


# --------------------------------------------------------------------------- tokens
def test_tokens_open_their_register_and_only_their_hashes_reach_the_database(store: FollowupStore, db: str) -> None:
    """Owner and viewer tokens open the register; neither is in the file in clear; each opens only its own view."""
    new = store.create_register("Testkommun")
    assert store.register_by_owner(new.owner_token) == new.record
    assert store.register_by_viewer(new.viewer_token) == new.record
    assert store.register_by_owner(new.viewer_token) is None and store.register_by_viewer(new.owner_token) is None
    assert store.register_by_owner("x" * 32) is None and store.register_by_owner("<script>") is None
    raw = _raw(db)
    assert new.owner_token.encode() not in raw and new.viewer_token.encode() not in raw
    assert token_hash(new.owner_token).encode() in raw


def test_a_supplier_token_opens_its_contract_only_and_a_new_one_replaces_it(store: FollowupStore, db: str) -> None:
    """The report token is stored as a hash; a new link makes the old one stop working."""
    reg = store.create_register().record
    first = store.add_contract(reg.id, _data())
    other = store.add_contract(reg.id, _data(reference="KS 2"))
    assert store.contract_by_report_token(first.report_token).id == first.contract.id
    assert store.contract_by_report_token(other.report_token).id == other.contract.id
    assert first.report_token.encode() not in _raw(db) and token_hash(first.report_token).encode() in _raw(db)
    renewed = store.new_report_token(reg.id, first.contract.id)
    assert renewed and store.contract_by_report_token(first.report_token) is None
    assert store.contract_by_report_token(renewed).id == first.contract.id
    assert store.new_report_token(reg.id + 1, first.contract.id) is None


def test_lookups_compare_hashes_in_constant_time(store: FollowupStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every successful token lookup goes through hmac.compare_digest."""
    calls: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(fs.hmac, "compare_digest", spy)
    new = store.create_register()
    made = store.add_contract(new.record.id, _data())
    store.register_by_owner(new.owner_token)
    store.register_by_viewer(new.viewer_token)
    store.contract_by_report_token(made.report_token)
    assert len(calls) == 3 and all(a == b for a, b in calls)


# --------------------------------------------------------------------------- contracts
def test_contracts_round_trip_with_requirement_bonus_and_plan(store: FollowupStore) -> None:
    """What goes in comes out: facts, requirement (bonus, groups, alternatives), the plan; other registers see nothing."""
    reg = store.create_register().record
    bonus = {
        "employment_sek_per_month": 20000,
        "internship_sek_per_month": 10000,
        "employment_months": 12,
        "internship_months": 6,
    }
    data = _data(level="spearhead", bonus=bonus, internship_months=12, origin="plan", planned_value_sek=300000.0)
    made = store.add_contract(reg.id, data).contract
    assert made.requirement == data.requirement and made.planned == data.planned
    assert (made.start, made.end, made.supplier) == (data.start, data.end, data.supplier)
    assert made.has_link and store.contracts(reg.id) == [made]
    assert store.contract(reg.id + 1, made.id) is None and store.contracts(reg.id + 1) == []


def test_changing_a_contract_keeps_its_reports_and_removing_it_removes_them(store: FollowupStore) -> None:
    """An update changes the facts; delete removes the contract with its reports, only within its register."""
    reg = store.create_register().record
    made = store.add_contract(reg.id, _data()).contract
    store.submit_report(made.id, made.start, FIGS)
    changed = store.update_contract(reg.id, made.id, _data(supplier="Ny Leverantör AB", places=3))
    assert changed is not None and changed.supplier == "Ny Leverantör AB" and changed.requirement.places == 3
    assert len(store.reports(made.id)) == 1
    assert store.update_contract(reg.id + 1, made.id, _data()) is None
    assert not store.delete_contract(reg.id + 1, made.id)
    assert store.delete_contract(reg.id, made.id) and store.reports(made.id) == [] and store.contracts(reg.id) == []


# --------------------------------------------------------------------------- versions
def test_a_correction_is_version_two_and_version_one_stays_unchanged(store: FollowupStore, clock: Clock) -> None:
    """Nothing is overwritten: both versions are stored and read back in order; the reason is kept on version 2."""
    reg = store.create_register().record
    c = store.add_contract(reg.id, _data()).contract
    v1 = store.submit_report(c.id, c.start, FIGS)
    clock.now += dt.timedelta(minutes=5)
    corrected = FIGS.model_copy(update={"months": {"employment": 5.5}})
    v2 = store.submit_report(c.id, c.start, corrected, "typing_error")
    assert (v1.version, v2.version) == (1, 2)
    stored = store.reports(c.id)
    assert [(r.version, r.figures.months["employment"], r.correction_reason) for r in stored] == [
        (1, 6.0, None),
        (2, 5.5, "typing_error"),
    ]
    assert stored[0].submitted_at < stored[1].submitted_at
    other = store.submit_report(c.id, dt.date(2025, 7, 1), Figures())
    assert other.version == 1 and store.register_reports(reg.id) == {c.id: store.reports(c.id)}


def test_reports_are_only_inserted_never_updated(store: FollowupStore) -> None:
    """The store issues no UPDATE or DELETE on fu_reports while reports are sent (insert-only history)."""
    statements: list[str] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _log(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement.split()[0].upper() + " " + statement)

    reg = store.create_register().record
    c = store.add_contract(reg.id, _data()).contract
    statements.clear()
    store.submit_report(c.id, c.start, FIGS)
    store.submit_report(c.id, c.start, FIGS, "other")
    writes = [s for s in statements if "fu_reports" in s and not s.startswith("SELECT")]
    assert writes and all(s.startswith("INSERT") for s in writes)


def test_an_unknown_correction_reason_and_an_oversized_report_are_refused(store: FollowupStore) -> None:
    """The reason is a listed id, never free text."""
    reg = store.create_register().record
    c = store.add_contract(reg.id, _data()).contract
    with pytest.raises(StoreError) as err:
        store.submit_report(c.id, c.start, FIGS, "the supplier says Anna quit")
    assert err.value.key == "fu.err.correction_reason"
    assert store.reports(c.id) == []


def test_a_link_may_send_only_so_many_reports_an_hour(store: FollowupStore, clock: Clock) -> None:
    """The content's max_reports_per_hour per contract; an hour later the link works again."""
    reg = store.create_register().record
    c = store.add_contract(reg.id, _data()).contract
    day = c.start
    for i in range(LIMITS.max_reports_per_hour):
        store.submit_report(c.id, day, Figures(), None if i == 0 else "other")
        clock.now += dt.timedelta(seconds=30)
    with pytest.raises(RateLimited) as err:
        store.submit_report(c.id, day, Figures(), "other")
    assert err.value.key == "fu.err.rate_limited"
    clock.now += dt.timedelta(hours=1)
    assert store.submit_report(c.id, day, Figures(), "other").version == LIMITS.max_reports_per_hour + 1


def test_a_period_takes_at_most_the_content_number_of_versions(store: FollowupStore, clock: Clock) -> None:
    """max_versions_per_period versions, then fu.err.too_many_versions."""
    reg = store.create_register().record
    c = store.add_contract(reg.id, _data()).contract
    for i in range(LIMITS.max_versions_per_period):
        store.submit_report(c.id, c.start, Figures(), None if i == 0 else "other")
        clock.now += dt.timedelta(hours=1)
    with pytest.raises(RateLimited) as err:
        store.submit_report(c.id, c.start, Figures(), "other")
    assert err.value.key == "fu.err.too_many_versions"


def test_figures_are_validated_again_when_read(store: FollowupStore, db: str) -> None:
    """A row changed behind the store's back (a name slipped into the JSON) cannot be read as a report."""
    reg = store.create_register().record
    c = store.add_contract(reg.id, _data()).contract
    store.submit_report(c.id, c.start, FIGS)
    with store.engine.begin() as conn:
        conn.execute(update(fu_reports).values(figures_json='{"months": {"employment": 1}, "name": "Anna"}'))
    with pytest.raises(ValueError):
        store.reports(c.id)


def test_the_report_table_has_no_column_for_a_person() -> None:
    """Schema check: report rows hold a contract, a period, a version, figures, a reason id and a time."""
    assert {c.name for c in fu_reports.columns} == {
        "id",
        "contract_id",
        "period_start",
        "version",
        "figures_json",
        "correction_reason",
        "submitted_at",
    }


# --------------------------------------------------------------------------- the database
def test_everything_survives_a_restart(db: str, clock: Clock) -> None:
    """A second store on the same file sees the registers, contracts and every version."""
    first = FollowupStore(make_engine(db), clock=clock)
    new = first.create_register("Kommun")
    c = first.add_contract(new.record.id, _data()).contract
    first.submit_report(c.id, c.start, FIGS)
    first.submit_report(c.id, c.start, FIGS, "other")
    second = FollowupStore(make_engine(db), clock=clock)
    assert second.register_by_owner(new.owner_token) == new.record
    assert [r.version for r in second.reports(c.id)] == [1, 2]


def test_a_database_from_a_newer_app_is_refused(db: str) -> None:
    """schema_version above this code's, or an Alembic revision this code does not know: fu.err.schema_newer,
    nothing touched."""
    store = FollowupStore(make_engine(db))
    with store.engine.begin() as conn:
        assert migrate.recorded(conn, "followup") == (migrate.head("followup"),)
        conn.execute(update(fu_schema_version).values(version=SCHEMA_VERSION + 1))
    with pytest.raises(StoreError) as err:
        FollowupStore(make_engine(db))
    assert err.value.key == "fu.err.schema_newer"
    with store.engine.begin() as conn:
        conn.execute(update(fu_schema_version).values(version=SCHEMA_VERSION))
        conn.execute(
            update(ALEMBIC).where(ALEMBIC.c.version_num.like("followup_%")).values(version_num="followup_9999")
        )
    with pytest.raises(StoreError) as newer:
        FollowupStore(make_engine(db))
    assert newer.value.key == "fu.err.schema_newer"
    with store.engine.connect() as conn:
        assert migrate.recorded(conn, "followup") == ("followup_9999",)


def test_the_database_sits_next_to_the_workshops_or_inside_a_shared_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Own URL first; else followup.sqlite3 in the workshop file's folder; a non-SQLite workshop URL is shared."""
    for name in ("SYSSELSATTNING_FOLLOWUP_DB_URL", "SYSSELSATTNING_DB_URL", "SYSSELSATTNING_DB_PATH"):
        monkeypatch.delenv(name, raising=False)
    assert database_url().endswith("/data/followup.sqlite3")
    monkeypatch.setenv("SYSSELSATTNING_DB_PATH", str(tmp_path / "ws" / "workshops.sqlite3"))
    assert database_url() == f"sqlite:///{tmp_path / 'ws' / 'followup.sqlite3'}"
    monkeypatch.setenv("SYSSELSATTNING_DB_URL", f"sqlite:///{tmp_path / 'x' / 'w.sqlite3'}")
    assert database_url() == f"sqlite:///{tmp_path / 'x' / 'followup.sqlite3'}"
    monkeypatch.setenv("SYSSELSATTNING_DB_URL", "postgresql+psycopg://u@h/db")
    assert database_url() == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("SYSSELSATTNING_FOLLOWUP_DB_URL", "sqlite:////srv/fu.sqlite3")
    assert database_url() == "sqlite:////srv/fu.sqlite3"


def test_the_tables_share_a_database_with_the_workshop_without_clashing(db: str) -> None:
    """Both stores on one database: the follow-up's tables all start with fu_, the workshop store still opens,
    and Alembic records one revision per store."""
    from guidance.stores.workshop import WorkshopStore

    WorkshopStore(make_engine(db), 7)
    FollowupStore(make_engine(db))
    engine = make_engine(db)
    WorkshopStore(engine, 7)
    names = set(inspect(engine).get_table_names())
    assert {"fu_registers", "fu_contracts", "fu_reports", "fu_schema_version", "workshops", "schema_version"} <= names
    with engine.connect() as conn:
        assert migrate.recorded(conn, "workshop") + migrate.recorded(conn, "followup") == (
            migrate.head("workshop"),
            migrate.head("followup"),
        )
    if db.startswith("sqlite"):
        path = db.removeprefix("sqlite:///")
        tables = {r[0] for r in sqlite3.connect(path).execute("select name from sqlite_master where type='table'")}
        assert names <= tables


def test_concurrent_corrections_get_distinct_versions(db: str) -> None:
    """Twelve writers correcting one period at once: versions 1..12, none lost, none repeated."""
    store = FollowupStore(make_engine(db))
    reg = store.create_register().record
    c = store.add_contract(reg.id, _data()).contract
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            FollowupStore(make_engine(db)).submit_report(c.id, c.start, Figures(months={"employment": i}), "other")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    versions = sorted(r.version for r in store.reports(c.id))
    assert versions == list(range(1, 13))
    with store.engine.connect() as conn:
        assert len(conn.execute(select(fu_reports.c.id)).all()) == 12


def test_reports_sent_at_once_never_overshoot_the_hourly_limit(db: str) -> None:
    """25 reports of one contract at the same moment, each through its own engine (as on several replicas):
    exactly max_reports_per_hour (20) are stored, the others are refused with fu.err.rate_limited; exact on
    PostgreSQL too, because each writer locks the contract's row before it counts."""
    store = FollowupStore(make_engine(db))
    c = store.add_contract(store.create_register().record.id, _data()).contract
    writers = [FollowupStore(make_engine(db)) for _ in range(LIMITS.max_reports_per_hour + 5)]
    periods = [c.start + dt.timedelta(days=i) for i in range(len(writers))]
    results = at_once(len(writers), lambda i: writers[i].submit_report(c.id, periods[i], Figures()))
    refused = [r for r in results if isinstance(r, RateLimited)]
    assert len(refused) == 5 and {r.key for r in refused} == {"fu.err.rate_limited"}
    assert sorted((r.period_start, r.version) for r in store.reports(c.id)) == sorted(
        (r.period_start, r.version) for r in results if not isinstance(r, Exception)
    )
    assert len(store.reports(c.id)) == LIMITS.max_reports_per_hour
    for w in writers:
        w.engine.dispose()
