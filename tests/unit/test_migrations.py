"""Schema migrations (Alembic, migrations/): what the stores' tables say is what the migrations make, databases of
the code before Alembic are adopted with their rows, replicas starting together migrate once, and the command
line works. Each test runs on SQLite and on PostgreSQL (``store_url`` in tests/conftest.py).

The legacy schemas below are the DDL that the code before Alembic (``metadata.create_all`` in
guidance/stores/workshop.py and followup.py, workshop ``schema_version`` 2, follow-up 1) emitted on each
dialect, captured from that code and frozen here: they must never change.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import subprocess
import sys
import threading
from argparse import Namespace
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, insert, select, text

from guidance.followup.figures import Figures
from guidance.stores import followup as fu
from guidance.stores import migrate
from guidance.stores import workshop as ws
from guidance.stores.followup import FollowupStore
from guidance.stores.workshop import WorkshopStore, make_engine, new_participant_id, token_hash
from tests.test_followup_fixtures import contract

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 3, 1, 9, 0, 0)
FACILITATOR_TOKEN = "F" * 32
OWNER_TOKEN, VIEWER_TOKEN, REPORT_TOKEN = "O" * 32, "V" * 32, "R" * 32
SECRET = "s" * 64

# --------------------------------------------------------------------------- the code before Alembic, frozen
_SQLITE_WORKSHOP = """
CREATE TABLE workshops (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, join_code VARCHAR(6) NOT NULL,
  facilitator_token_hash VARCHAR(64) NOT NULL, case_id VARCHAR(64) NOT NULL, created_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL, revealed BOOLEAN NOT NULL, UNIQUE (join_code), UNIQUE (facilitator_token_hash));
CREATE INDEX ix_workshops_expires_at ON workshops (expires_at);
CREATE TABLE schema_version (id INTEGER NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (id));
CREATE TABLE submissions (id INTEGER NOT NULL, workshop_id INTEGER NOT NULL, participant_id VARCHAR(32) NOT NULL,
  group_label VARCHAR(40) NOT NULL, answers_json TEXT NOT NULL, verdict VARCHAR(32) NOT NULL,
  created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id),
  CONSTRAINT uq_submission_participant UNIQUE (workshop_id, participant_id),
  FOREIGN KEY(workshop_id) REFERENCES workshops (id) ON DELETE CASCADE);
CREATE TABLE participants (id INTEGER NOT NULL, workshop_id INTEGER NOT NULL, participant_id VARCHAR(32) NOT NULL,
  joined_at DATETIME NOT NULL, {secret} PRIMARY KEY (id),
  CONSTRAINT uq_participant_joined UNIQUE (workshop_id, participant_id),
  FOREIGN KEY(workshop_id) REFERENCES workshops (id) ON DELETE CASCADE);
CREATE TABLE sends (id INTEGER NOT NULL, workshop_id INTEGER NOT NULL, participant_id VARCHAR(32) NOT NULL,
  sent_at DATETIME NOT NULL, PRIMARY KEY (id), FOREIGN KEY(workshop_id) REFERENCES workshops (id) ON DELETE CASCADE);
CREATE INDEX ix_sends_workshop_time ON sends (workshop_id, sent_at);
"""
_PG_WORKSHOP = """
CREATE TABLE workshops (id SERIAL NOT NULL, join_code VARCHAR(6) NOT NULL, facilitator_token_hash VARCHAR(64) NOT NULL,
  case_id VARCHAR(64) NOT NULL, created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, revealed BOOLEAN NOT NULL, PRIMARY KEY (id), UNIQUE (join_code),
  UNIQUE (facilitator_token_hash));
CREATE INDEX ix_workshops_expires_at ON workshops (expires_at);
CREATE TABLE schema_version (id SERIAL NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (id));
CREATE TABLE submissions (id SERIAL NOT NULL, workshop_id INTEGER NOT NULL, participant_id VARCHAR(32) NOT NULL,
  group_label VARCHAR(40) NOT NULL, answers_json TEXT NOT NULL, verdict VARCHAR(32) NOT NULL,
  created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, PRIMARY KEY (id),
  CONSTRAINT uq_submission_participant UNIQUE (workshop_id, participant_id),
  FOREIGN KEY(workshop_id) REFERENCES workshops (id) ON DELETE CASCADE);
CREATE TABLE participants (id SERIAL NOT NULL, workshop_id INTEGER NOT NULL, participant_id VARCHAR(32) NOT NULL,
  joined_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, {secret} PRIMARY KEY (id),
  CONSTRAINT uq_participant_joined UNIQUE (workshop_id, participant_id),
  FOREIGN KEY(workshop_id) REFERENCES workshops (id) ON DELETE CASCADE);
CREATE TABLE sends (id SERIAL NOT NULL, workshop_id INTEGER NOT NULL, participant_id VARCHAR(32) NOT NULL,
  sent_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, PRIMARY KEY (id),
  FOREIGN KEY(workshop_id) REFERENCES workshops (id) ON DELETE CASCADE);
CREATE INDEX ix_sends_workshop_time ON sends (workshop_id, sent_at);
"""
_SQLITE_FOLLOWUP = """
CREATE TABLE fu_registers (id INTEGER NOT NULL, owner_hash VARCHAR(64) NOT NULL, viewer_hash VARCHAR(64) NOT NULL,
  name VARCHAR(200) NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (id), UNIQUE (owner_hash), UNIQUE (viewer_hash));
CREATE TABLE fu_schema_version (id INTEGER NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (id));
CREATE TABLE fu_contracts (id INTEGER NOT NULL, register_id INTEGER NOT NULL, reference VARCHAR(200) NOT NULL,
  title VARCHAR(400) NOT NULL, supplier VARCHAR(400) NOT NULL, category VARCHAR(200) NOT NULL,
  start_date DATE NOT NULL, end_date DATE NOT NULL, interval VARCHAR(20) NOT NULL, level VARCHAR(20) NOT NULL,
  places INTEGER NOT NULL, employment_months FLOAT NOT NULL, internship_months FLOAT NOT NULL,
  milestone_months INTEGER NOT NULL, rule_id VARCHAR(40), terms_json TEXT NOT NULL, planned_json TEXT NOT NULL,
  report_hash VARCHAR(64), created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id),
  FOREIGN KEY(register_id) REFERENCES fu_registers (id) ON DELETE CASCADE, UNIQUE (report_hash));
CREATE INDEX ix_fu_contracts_register_id ON fu_contracts (register_id);
CREATE TABLE fu_reports (id INTEGER NOT NULL, contract_id INTEGER NOT NULL, period_start DATE NOT NULL,
  version INTEGER NOT NULL, figures_json TEXT NOT NULL, correction_reason VARCHAR(40), submitted_at DATETIME NOT NULL,
  PRIMARY KEY (id), CONSTRAINT uq_fu_report_version UNIQUE (contract_id, period_start, version),
  FOREIGN KEY(contract_id) REFERENCES fu_contracts (id) ON DELETE CASCADE);
CREATE INDEX ix_fu_reports_submitted_at ON fu_reports (submitted_at);
CREATE INDEX ix_fu_reports_contract_id ON fu_reports (contract_id);
"""
_PG_FOLLOWUP = """
CREATE TABLE fu_registers (id SERIAL NOT NULL, owner_hash VARCHAR(64) NOT NULL, viewer_hash VARCHAR(64) NOT NULL,
  name VARCHAR(200) NOT NULL, created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, PRIMARY KEY (id), UNIQUE (owner_hash),
  UNIQUE (viewer_hash));
CREATE TABLE fu_schema_version (id SERIAL NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (id));
CREATE TABLE fu_contracts (id SERIAL NOT NULL, register_id INTEGER NOT NULL, reference VARCHAR(200) NOT NULL,
  title VARCHAR(400) NOT NULL, supplier VARCHAR(400) NOT NULL, category VARCHAR(200) NOT NULL,
  start_date DATE NOT NULL, end_date DATE NOT NULL, interval VARCHAR(20) NOT NULL, level VARCHAR(20) NOT NULL,
  places INTEGER NOT NULL, employment_months FLOAT NOT NULL, internship_months FLOAT NOT NULL,
  milestone_months INTEGER NOT NULL, rule_id VARCHAR(40), terms_json TEXT NOT NULL, planned_json TEXT NOT NULL,
  report_hash VARCHAR(64), created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, PRIMARY KEY (id),
  FOREIGN KEY(register_id) REFERENCES fu_registers (id) ON DELETE CASCADE, UNIQUE (report_hash));
CREATE INDEX ix_fu_contracts_register_id ON fu_contracts (register_id);
CREATE TABLE fu_reports (id SERIAL NOT NULL, contract_id INTEGER NOT NULL, period_start DATE NOT NULL,
  version INTEGER NOT NULL, figures_json TEXT NOT NULL, correction_reason VARCHAR(40),
  submitted_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, PRIMARY KEY (id),
  CONSTRAINT uq_fu_report_version UNIQUE (contract_id, period_start, version),
  FOREIGN KEY(contract_id) REFERENCES fu_contracts (id) ON DELETE CASCADE);
CREATE INDEX ix_fu_reports_submitted_at ON fu_reports (submitted_at);
CREATE INDEX ix_fu_reports_contract_id ON fu_reports (contract_id);
"""
LEGACY = {"sqlite": (_SQLITE_WORKSHOP, _SQLITE_FOLLOWUP), "postgresql": (_PG_WORKSHOP, _PG_FOLLOWUP)}


def _run_script(engine: Engine, script: str) -> None:
    with engine.begin() as conn:
        for statement in script.split(";"):
            if statement.strip():
                conn.exec_driver_sql(statement)


def make_legacy_workshop(engine: Engine, version: int) -> str:
    """A workshop database as the code before Alembic left it, with a workshop, a group, its answers and a send.

    ``version`` 2: the last such code; 1: before ``participants.secret_hash`` (and with no ``sends`` table
    yet, which that code added later without a new version). Returns the group's participant id.
    """
    ddl = LEGACY[engine.dialect.name][0].replace("{secret}", "secret_hash VARCHAR(64)," if version == 2 else "")
    if version == 1:
        ddl = ddl.split("CREATE TABLE sends")[0]
    _run_script(engine, ddl)
    pid = new_participant_id()
    with engine.begin() as conn:
        conn.execute(ws.schema_version.insert().values(id=1, version=version))
        wid = conn.execute(
            insert(ws.workshops).values(
                join_code="ABCDEF",
                facilitator_token_hash=token_hash(FACILITATOR_TOKEN),
                case_id="cleaning",
                created_at=NOW,
                expires_at=NOW + dt.timedelta(days=30),
                revealed=False,
            )
        ).inserted_primary_key[0]
        joined = {"workshop_id": wid, "participant_id": pid, "joined_at": NOW}
        if version == 2:
            joined["secret_hash"] = token_hash(SECRET)
        conn.execute(text(f"INSERT INTO participants ({', '.join(joined)}) VALUES (:{', :'.join(joined)})"), joined)
        conn.execute(
            insert(ws.submissions).values(
                workshop_id=wid,
                participant_id=pid,
                group_label="Bord 1",
                answers_json="{}",
                verdict="basic",
                created_at=NOW,
                updated_at=NOW,
            )
        )
        if version == 2:
            conn.execute(insert(ws.sends).values(workshop_id=wid, participant_id=pid, sent_at=NOW))
    return pid


def make_legacy_followup(engine: Engine) -> int:
    """A follow-up database as the code before Alembic left it: a register, a contract and a report; the contract id."""
    _run_script(engine, LEGACY[engine.dialect.name][1])
    with engine.begin() as conn:
        conn.execute(fu.fu_schema_version.insert().values(id=1, version=1))
        rid = conn.execute(
            insert(fu.fu_registers).values(
                owner_hash=token_hash(OWNER_TOKEN), viewer_hash=token_hash(VIEWER_TOKEN), name="Kommun", created_at=NOW
            )
        ).inserted_primary_key[0]
        values = FollowupStore._values(contract())
        cid = conn.execute(
            insert(fu.fu_contracts).values(
                register_id=rid, report_hash=token_hash(REPORT_TOKEN), created_at=NOW, updated_at=NOW, **values
            )
        ).inserted_primary_key[0]
        conn.execute(
            insert(fu.fu_reports).values(
                contract_id=cid,
                period_start=dt.date(2025, 1, 1),
                version=1,
                figures_json=Figures(months={"employment": 6}).model_dump_json(),
                submitted_at=NOW,
            )
        )
    return int(cid)


def schema_differences(engine: Engine, metadata: MetaData) -> list[Any]:
    """What Alembic's autogenerate finds between the database and ``metadata`` (its own tables only)."""
    names = set(metadata.tables)

    def mine(name: str | None, kind: str, _parent: Any) -> bool:
        return kind != "table" or name in names

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": mine})
        return list(compare_metadata(context, metadata))


@pytest.fixture
def engine(store_url: str) -> Any:
    """An engine on an empty database (SQLite file or PostgreSQL schema), disposed afterwards."""
    made = make_engine(store_url)
    yield made
    made.dispose()


# --------------------------------------------------------------------------- the migrations make the tables the code uses
def test_the_migrations_make_exactly_the_tables_the_stores_describe(engine: Engine) -> None:
    """Rule: every schema change is a migration. After the migrations of both branches, Alembic's comparison
    with the stores' Table definitions finds no difference (no missing or extra table, column, type, index or
    constraint), and each branch is at its head."""
    WorkshopStore(engine, 30, clock=lambda: NOW)
    FollowupStore(engine, clock=lambda: NOW)
    assert schema_differences(engine, ws.metadata) == []
    assert schema_differences(engine, fu.metadata) == []
    with engine.connect() as conn:
        assert migrate.recorded(conn, "workshop") == (migrate.head("workshop"),) == ("workshop_0001",)
        assert migrate.recorded(conn, "followup") == (migrate.head("followup"),) == ("followup_0001",)


def test_the_comparison_sees_a_missing_column(engine: Engine) -> None:
    """The control of the test above: a column the migrations do not make is reported."""
    WorkshopStore(engine, 30, clock=lambda: NOW)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE sends DROP COLUMN participant_id"))
    diffs = schema_differences(engine, ws.metadata)
    assert [(d[0], d[2], d[3].name) for d in diffs] == [("add_column", "sends", "participant_id")]


# --------------------------------------------------------------------------- databases of the code before Alembic
@pytest.mark.parametrize("version", [2, 1])
def test_a_workshop_database_from_before_alembic_is_adopted_with_its_rows(engine: Engine, version: int) -> None:
    """A database made by the code before Alembic (schema_version 2, or 1 without the secret column and the send
    log) upgrades when the store opens: the revision is recorded, the legacy number is 2, the schema equals the
    store's tables, and the workshop, its group, its answers and the group's claim work as before."""
    pid = make_legacy_workshop(engine, version)
    store = WorkshopStore(engine, 30, clock=lambda: NOW + dt.timedelta(minutes=5))
    with engine.connect() as conn:
        assert migrate.recorded(conn, "workshop") == (migrate.head("workshop"),)
        assert conn.execute(select(ws.schema_version.c.version)).scalar() == ws.SCHEMA_VERSION
    assert schema_differences(engine, ws.metadata) == []
    found = store.by_token(FACILITATOR_TOKEN)
    assert found is not None and found.join_code == "ABCDEF" and store.by_code("abc def") == found
    [answer] = store.submissions(found.id)
    assert (answer.participant_id, answer.group_label, answer.verdict) == (pid, "Bord 1", "basic")
    store.submit(found.id, pid, "Bord 1b", "{}", "advanced", secret=SECRET)  # version 1: the first secret claims it
    with pytest.raises(ws.NotYours):
        store.submit(found.id, pid, "Kapad", "{}", "basic", secret="t" * 64)
    assert [s.group_label for s in store.submissions(found.id)] == ["Bord 1b"]
    assert store.create("road_works").workshop.id != found.id  # the id sequence goes on after the old rows
    assert WorkshopStore(engine, 30, clock=lambda: NOW).upgrade() == migrate.head("workshop")


def test_a_followup_database_from_before_alembic_is_adopted_with_its_rows(engine: Engine) -> None:
    """A follow-up database of the code before Alembic upgrades when the store opens and keeps its register,
    contract, links and report; the next correction is version 2."""
    cid = make_legacy_followup(engine)
    store = FollowupStore(engine, clock=lambda: NOW)
    with engine.connect() as conn:
        assert migrate.recorded(conn, "followup") == (migrate.head("followup"),)
    assert schema_differences(engine, fu.metadata) == []
    register = store.register_by_owner(OWNER_TOKEN)
    assert register is not None and register.name == "Kommun" and store.register_by_viewer(VIEWER_TOKEN) == register
    linked = store.contract_by_report_token(REPORT_TOKEN)
    assert linked is not None and linked.id == cid and linked.requirement.places == 2
    corrected = store.submit_report(cid, dt.date(2025, 1, 1), Figures(months={"employment": 5}), "typing_error")
    assert corrected.version == 2
    assert [(r.version, r.figures.months["employment"]) for r in store.reports(cid)] == [(1, 6.0), (2, 5.0)]
    assert store.add_contract(register.id, contract()).contract.id != cid


# --------------------------------------------------------------------------- replicas starting together
def test_replicas_starting_together_on_an_empty_database_migrate_once(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight stores (four of each kind, own engines) open at the same moment on an empty database, as replicas
    starting together: none fails, because the database's migration lock (PostgreSQL's advisory lock, SQLite's
    BEGIN IMMEDIATE) makes them migrate one after the other; one revision row per branch, one legacy-number row
    per store. The process's own lock is switched off here, so only the database's lock stands between them,
    as between replicas."""
    monkeypatch.setattr(migrate, "_IN_PROCESS", contextlib.nullcontext())
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []
    engines = [make_engine(store_url) for _ in range(8)]

    def start(i: int) -> None:
        barrier.wait()
        try:
            if i % 2:
                FollowupStore(engines[i], clock=lambda: NOW)
            else:
                WorkshopStore(engines[i], 30, clock=lambda: NOW)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    with engines[0].connect() as conn:
        rows = sorted(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
        assert rows == ["followup_0001", "workshop_0001"]
        assert conn.execute(text("SELECT count(*) FROM schema_version")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM fu_schema_version")).scalar() == 1
    for e in engines:
        e.dispose()


# --------------------------------------------------------------------------- the command line and SQL scripts
def test_offline_mode_writes_the_sql_for_a_dba(store_dialect: str) -> None:
    """``alembic upgrade workshop@head --sql``: the DDL as a script, for databases where the app may not change
    the schema itself; it creates every table of the store and records the revision."""
    cfg = migrate.config()
    out = io.StringIO()
    cfg.output_buffer = out
    url = "sqlite://" if store_dialect == "sqlite" else "postgresql+psycopg://"
    cfg.cmd_opts = Namespace(x=[f"url={url}"])
    command.upgrade(cfg, "workshop@head", sql=True)
    sql = out.getvalue()
    for table in ws.metadata.tables:
        assert f"CREATE TABLE {table} (" in sql
    assert "INSERT INTO alembic_version (version_num) VALUES ('workshop_0001')" in sql
    assert ("SERIAL" in sql) == (store_dialect == "postgresql")


def test_the_alembic_command_line_shows_both_branches(tmp_path: Path, store_dialect: str, store_url: str) -> None:
    """``alembic heads`` and ``alembic -x url=... current`` with the project's alembic.ini, for operators."""
    if store_dialect == "postgresql":
        FollowupStore(make_engine(store_url), clock=lambda: NOW)
    else:
        store_url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
        FollowupStore(make_engine(store_url), clock=lambda: NOW)
    alembic = [sys.executable, "-m", "alembic", "-c", str(ROOT / "alembic.ini")]
    heads = subprocess.run([*alembic, "heads"], capture_output=True, text=True, cwd=ROOT, timeout=60, check=True)
    assert "workshop_0001 (workshop) (head)" in heads.stdout and "followup_0001 (followup) (head)" in heads.stdout
    current = subprocess.run(
        [*alembic, "-x", f"url={store_url}", "current"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    assert "followup_0001 (head)" in current.stdout and "workshop_0001" not in current.stdout


def test_the_migrations_folder_holds_one_branch_per_store() -> None:
    """Revision ids start with their store's branch name (the stores rely on it to find their own revisions)."""
    revisions = list(migrate.scripts().walk_revisions())
    assert revisions
    for rev in revisions:
        branch = rev.revision.split("_", 1)[0]
        assert branch in ("workshop", "followup"), rev.revision
        assert migrate.scripts().get_revision(f"{branch}@head") is not None
        labels = set(rev.branch_labels) | {
            b for r in migrate.scripts().iterate_revisions(rev.revision, "base") for b in r.branch_labels
        }
        assert labels == {branch}, (rev.revision, labels)
    assert sorted(r.revision for r in revisions) == ["followup_0001", "workshop_0001"]
