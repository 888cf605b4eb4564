"""Schema migrations of the stores: Alembic, run by the store itself when it opens.

One Alembic environment (``migrations/`` at the project root, ``alembic.ini`` for the command line)
holds one revision history per store, as two branches: ``workshop`` (revisions ``workshop_NNNN``) and
``followup`` (``followup_NNNN``). :func:`upgrade` brings a store's branch to its newest revision:

* fast path: the database already records the newest revision (every start but the first after an
  update): two small reads, nothing written;
* otherwise, in one write transaction that holds the migration lock (PostgreSQL: a transaction-level
  advisory lock, so replicas starting together migrate one after the other; SQLite: ``BEGIN
  IMMEDIATE``), Alembic runs the missing revisions; the DDL is transactional on both, so a failed
  upgrade leaves the database as it was. Inside one process a thread lock serialises migrations
  too (Alembic's ``context`` and ``op`` are process-wide proxies);
* a database that records a revision of this branch that this code does not know, or a legacy number
  (``schema_version`` / ``fu_schema_version``, kept for the code from before Alembic) above what this
  code understands, was written by a newer version of the app: :class:`SchemaNewer`, nothing touched.

A database from before Alembic (tables, no ``alembic_version``) goes through the baseline revision,
which creates only what is missing and so adopts the database with its rows.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import Connection

#: The Alembic environment (``env.py``, ``versions/``).
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
#: ``pg_advisory_xact_lock`` key of every migration of this app ("Syss" in ASCII).
LOCK_KEY = 0x53797373

Branch = Literal["workshop", "followup"]

_IN_PROCESS = threading.Lock()


class SchemaNewer(Exception):
    """The database was written by a newer version of the app (a revision or legacy number unknown here)."""


@dataclass(frozen=True)
class Legacy:
    """The one-row version table of the code from before Alembic, and the highest number this code accepts."""

    table: str
    highest: int


def config() -> Config:
    """An Alembic configuration for ``migrations/`` (a new one per run: Alembic keeps the connection in it)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@functools.cache
def scripts() -> ScriptDirectory:
    """The revision files (read once per process)."""
    return ScriptDirectory.from_config(config())


def head(branch: Branch) -> str:
    """The newest revision of a store's branch."""
    rev = scripts().get_revision(f"{branch}@head")
    assert rev is not None  # every branch has a baseline revision
    return rev.revision


def lock(conn: Connection) -> None:
    """Take the migration lock for the rest of ``conn``'s transaction (PostgreSQL; SQLite's BEGIN IMMEDIATE is one)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


def recorded(conn: Connection, branch: Branch) -> tuple[str, ...]:
    """The revisions of ``branch`` the database records (empty for a new or pre-Alembic database)."""
    heads = MigrationContext.configure(conn).get_current_heads()
    return tuple(sorted(h for h in heads if h.startswith(f"{branch}_")))


def _check(conn: Connection, branch: Branch, legacy: Legacy | None) -> tuple[str, ...]:
    """The branch's recorded revisions; raises :class:`SchemaNewer` for a database of a newer app."""
    found = recorded(conn, branch)
    known = {rev.revision for rev in scripts().walk_revisions()}
    unknown = [rev for rev in found if rev not in known]
    if unknown:
        raise SchemaNewer(f"database schema {unknown[0]} is newer than this app ({head(branch)})")
    if legacy is not None and inspect(conn).has_table(legacy.table):
        number = conn.execute(text(f"SELECT version FROM {legacy.table} WHERE id = 1")).scalar()
        if number is not None and int(number) > legacy.highest:
            raise SchemaNewer(f"database schema version {number} is newer than this app ({legacy.highest})")
    return found


def upgrade(engine: Engine, branch: Branch, legacy: Legacy | None = None) -> str:
    """Bring ``branch`` of the database to its newest revision; return that revision.

    Raises:
        SchemaNewer: a newer version of the app wrote the database (nothing is changed).
    """
    target = head(branch)
    with engine.connect() as conn, conn.begin():
        if _check(conn, branch, legacy) == (target,):
            return target
    with _IN_PROCESS, engine.connect() as conn:
        conn.execution_options(write=True)
        with conn.begin():
            lock(conn)
            if _check(conn, branch, legacy) != (target,):  # another replica may have finished meanwhile
                cfg = config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, f"{branch}@head")
    return target
